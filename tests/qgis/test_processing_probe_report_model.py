"""basestationmapper:report's MODEL as coverage's MODEL takes it: by its number (MODEL=1 is hata, as
`qgis_process help basestationmapper:coverage` lists it) or its name in any case. The report ran Hata coverage for
MODEL=1 but its methods said 'Coverage model: 1' with the preset radii per technology."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from qgis.core import QgsProcessingException, QgsProject
from support.export_layers import regions_layer, station_layer

PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture
def layers(qgis_new_project, provider):
    stations, regions = station_layer(), regions_layer()
    QgsProject.instance().addMapLayers([stations, regions])
    return {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name"}


def _methods(path) -> str:
    text = subprocess.run([PDFTOTEXT, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("given", ["1", 1, "HATA"])
def test_report_model_by_number_or_any_case_is_named_as_the_model_run(layers, tmp_path, given):
    import processing

    out = processing.run("basestationmapper:report", {**layers, "MODEL": given,
                                                       "OUTPUT_PDF": str(tmp_path / "r.pdf")})
    flat = _methods(out["OUTPUT_PDF"])
    assert "Coverage model: hata." in flat, flat
    assert "Link budget" in flat and "radius per technology" not in flat, flat


def test_report_refuses_a_model_it_does_not_know_before_any_work(layers, tmp_path):
    import processing

    with pytest.raises(QgsProcessingException, match=r"MODEL: 'okumura' is not one of: preset, hata, cost231"):
        processing.run("basestationmapper:report", {**layers, "MODEL": "okumura",
                                                     "OUTPUT_PDF": str(tmp_path / "r.pdf")})
    assert list(tmp_path.iterdir()) == []
