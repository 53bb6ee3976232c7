"""basestationmapper:evaluatedetections writes its table as the other algorithms write their layers: an output
folder that does not exist is named with the parameter (GDAL's 'sqlite3_open(...) failed: unable to open database
file' was all it said), and a '|layername=' destination is warned of as the other sinks warn of it."""

from __future__ import annotations

import pytest
from qgis.core import QgsProcessingException
from support.processing_feedback import Feedback

pytestmark = pytest.mark.usefixtures("provider")



def _points(folder):
    path = folder / "towers.csv"
    path.write_text("name,lon,lat\n" + "".join(f"t{i},{127 + i * 0.01},{37 + i * 0.01}\n" for i in range(4)),
                    encoding="utf-8")
    return str(path)


def test_evaluatedetections_names_an_output_folder_that_does_not_exist(tmp_path):
    import processing

    points = _points(tmp_path)
    missing = tmp_path / "no such folder" / "scores.gpkg"
    with pytest.raises(QgsProcessingException, match=r"OUTPUT: the folder .*no such folder does not exist"):
        processing.run("basestationmapper:evaluatedetections", {"DETECTIONS": points, "REFERENCE": points,
                                                                 "OUTPUT": str(missing)})


def test_evaluatedetections_warns_of_a_layer_name_in_a_file_destination(tmp_path):
    import processing

    points = _points(tmp_path)
    feedback = Feedback()
    out = processing.run("basestationmapper:evaluatedetections", {
        "DETECTIONS": points, "REFERENCE": points, "OUTPUT": str(tmp_path / "scores.gpkg|layername=run1")},
        feedback=feedback)
    assert out["F1"] == 1.0
    assert any("ogr:dbname=" in w for w in feedback.warnings), feedback.warnings
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.gpkg|layername=run1.gpkg", "towers.csv"]
