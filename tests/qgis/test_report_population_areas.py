"""basestationmapper:report with population given as areas (POPULATION_AREAS, POPULATION_AREAS_FIELD): its table is
coveragestats' on the same layers, its methods name the areas and their field; a second population source is
refused as coveragestats refuses it. Read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from qgis.core import QgsProcessingException, QgsProject
from support.coverage import polygon_layer, station_layer
from support.population_areas import SIDE, X0, Y0, area_layer, square
from support.processing_feedback import Feedback

PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")


def _text(path) -> str:
    return " ".join(subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.replace("\ufb01", "fi").split())  # the fi ligature


def _scene():
    """West (100,000 people) and East (50,000) 10 km apart, as regions too, 2 stations; all in the project."""
    west, east = square(X0, Y0), square(X0 + 2 * SIDE, Y0)
    layers = (area_layer([west, east], [100000, 50000], name="census districts"),
              polygon_layer([west, east], crs="EPSG:32652", names=["West", "East"]),
              station_layer([(X0 + SIDE / 2, Y0 - SIDE / 2), (X0 + 3 * SIDE, Y0 - SIDE / 2)], crs="EPSG:32652",
                            radius_m=[8000.0, 3000.0]))
    QgsProject.instance().addMapLayers(layers)
    return [layer.id() for layer in layers]


@pytest.mark.parametrize("field", ["pop", None])
def test_report_counts_population_areas_as_coveragestats(plugin, qgis_new_project, tmp_path, field):
    """The report took no population areas (only POPULATION or POPULATION_POINTS): POPULATION_AREAS gives the
    table coveragestats gives on the same layers, the methods naming the areas and the field (guessed when not
    given, as coveragestats guesses it)."""
    import processing

    from basestation_mapper.plugin.core.tables import report_table
    from basestation_mapper.plugin.qgis_io.export import snapshot, snapshot_frame

    areas, regions, stations = _scene()
    common = {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "POPULATION_AREAS": areas}
    if field:
        common["POPULATION_AREAS_FIELD"] = field
    stats = processing.run("basestationmapper:coveragestats", {**common, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    expected = report_table(snapshot_frame(snapshot(stats)))
    feedback = Feedback()
    out = processing.run("basestationmapper:report", {**common, "OUTPUT_PDF": str(tmp_path / "report.pdf")},
                         feedback=feedback)
    flat = _text(out["OUTPUT_PDF"])
    for row in expected[1:]:
        assert " ".join(row) in flat, row
    assert "Population: areas of census districts (field pop), each one's people spread evenly over its area." \
        in flat
    assert not any("PENETRATION" in w for w in feedback.warnings), feedback.warnings
    if not field:
        assert "POPULATION_AREAS_FIELD not given: the people of pop are counted" in feedback.infos


def test_report_refuses_population_areas_with_another_source(plugin, qgis_new_project, tmp_path):
    """POPULATION_AREAS with POPULATION_POINTS: the report dropped neither and coveragestats stopped it; it is
    refused before any work with coveragestats' message, nothing written; a field that is not the areas' is
    refused naming it."""
    import processing

    areas, regions, stations = _scene()
    common = {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "POPULATION_AREAS": areas,
              "OUTPUT_PDF": str(tmp_path / "report.pdf")}
    with pytest.raises(QgsProcessingException, match="POPULATION_AREAS is given with POPULATION_POINTS: give one "
                                                     "population source, the raster, the points or the areas"):
        processing.run("basestationmapper:report", {**common, "POPULATION_POINTS": stations,
                                                     "POPULATION_FIELD": "radius_m"})
    with pytest.raises(QgsProcessingException, match="POPULATION_AREAS_FIELD"):
        processing.run("basestationmapper:report", {**common, "POPULATION_AREAS_FIELD": "people"})
    assert not (tmp_path / "report.pdf").exists()
