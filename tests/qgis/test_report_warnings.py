"""The report says what its reader should know about its inputs: a layer without CRS read as WGS84,
imagery without an acquisition date, regions without a name (Processing's log, the dock's message bar)."""

from __future__ import annotations

import numpy as np
import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from support.export_layers import REGIONS, coverage_layer, station_layer, stats_layer, stats_rows
from support.processing_feedback import Feedback

NO_CRS = ("The layer 'provinces' has no coordinate reference system: its coordinates are longitudes and latitudes "
          "and are read as WGS84.")
UNNAMED = "1 region of the layer 'provinces' has no name in the field 'name': the map leaves it unlabelled."
UNNAMED_ROWS = ("1 row of the statistics table has no region name: the table shows it as '–' or "
                "'(unnamed, feature …)'.")


def _regions_without_prj(folder):
    """The test regions as a shapefile without .prj (no CRS); the last one has no name."""
    folder.mkdir(exist_ok=True)
    path = folder / "provinces.shp"
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    lyr = ds.CreateLayer("provinces", None, ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    for i, (name, x0, y0, x1, y1) in enumerate(REGIONS):
        feat = ogr.Feature(lyr.GetLayerDefn())
        if i < len(REGIONS) - 1:
            feat.SetField("name", name)
        feat.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"))
        lyr.CreateFeature(feat)
        feat = None
    ds = None
    layer = QgsVectorLayer(str(path), "provinces", "ogr")
    assert layer.isValid() and not layer.crs().isValid()
    return layer


def _undated_image(path):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 20, 20, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((125.5, 0.1, 0, 40.2, 0, -0.1))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(np.random.default_rng(5).integers(0, 255, (20, 20)).astype(np.uint8))
    ds = None
    return QgsRasterLayer(str(path), "Scene without date")


def _stats_with_an_unnamed_row():
    rows = stats_rows()
    rows[-1]["region"] = None
    return stats_layer(rows)


def test_processing_report_pushes_its_warnings(plugin, qgis_new_project, tmp_path):
    import processing

    stations = station_layer()
    regions = _regions_without_prj(tmp_path / "shp")
    image = _undated_image(tmp_path / "scene.tif")
    stats = _stats_with_an_unnamed_row()
    QgsProject.instance().addMapLayers([stations, regions, image, stats])
    feedback = Feedback()
    out = processing.run("basestationmapper:report", {
        "STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "COVERAGE": coverage_layer(stations),
        "STATISTICS": stats, "IMAGERY": [image], "OUTPUT_PDF": str(tmp_path / "report.pdf")}, feedback=feedback)
    assert out["PAGES"] == 2
    assert NO_CRS in feedback.warnings and UNNAMED in feedback.warnings and UNNAMED_ROWS in feedback.warnings
    assert ("Imagery without an acquisition date: 'Scene without date'. The methods say 'date unknown'; set the "
            "date in the Imagery section (or the layer property basestation_mapper/acquisition_date).") \
        in feedback.warnings


def test_report_without_anything_to_say_pushes_no_warning(plugin, qgis_new_project, tmp_path):
    import processing
    from support.export_layers import regions_layer

    stations = station_layer()
    regions = regions_layer()
    stats = stats_layer()
    QgsProject.instance().addMapLayers([stations, regions, stats])
    feedback = Feedback()
    processing.run("basestationmapper:report", {
        "STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "COVERAGE": coverage_layer(stations),
        "STATISTICS": stats, "OUTPUT_PDF": str(tmp_path / "report.pdf")}, feedback=feedback)
    assert feedback.warnings == []


PENETRATION_UNUSED = ("PENETRATION 0.4 is not used: the statistics count no people (no POPULATION, "
                      "POPULATION_POINTS nor POPULATION_AREAS), so no subscribers are estimated.")


def test_penetration_without_any_population_is_said_unused(plugin, qgis_new_project, tmp_path):
    """PENETRATION given with neither POPULATION nor POPULATION_POINTS: the report counts the area covered and
    left the penetration out of its methods without a word; the log says it is not used. With people counted it
    is used and nothing is said."""
    import processing
    from support.export_layers import regions_layer

    stations = station_layer()
    regions = regions_layer()
    stats = stats_layer()
    QgsProject.instance().addMapLayers([stations, regions, stats])
    common = {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "COVERAGE": coverage_layer(stations),
              "RADIUS": 4000, "PENETRATION": 0.4}
    feedback = Feedback()
    processing.run("basestationmapper:report", {**common, "OUTPUT_PDF": str(tmp_path / "area.pdf")},
                   feedback=feedback)
    assert feedback.warnings.count(PENETRATION_UNUSED) == 1  # said by the report, not again by coveragestats
    feedback = Feedback()
    processing.run("basestationmapper:report", {**common, "STATISTICS": stats,
                                                "OUTPUT_PDF": str(tmp_path / "people.pdf")}, feedback=feedback)
    assert not any("PENETRATION" in w for w in feedback.warnings)


def _missing_field_errors(tmp_path):
    """The report's errors for a REGION_FIELD and a POPULATION_FIELD the layers do not have."""
    import processing
    from qgis.core import QgsProcessingException
    from support.export_layers import places_layer, regions_layer

    stations, regions, places = station_layer(), regions_layer(), places_layer()
    QgsProject.instance().addMapLayers([stations, regions, places])
    base = {"STATIONS": stations, "REGIONS": regions, "OUTPUT_PDF": str(tmp_path / "report.pdf")}
    errors = []
    for wrong in ({"REGION_FIELD": "nope"},
                  {"REGION_FIELD": "name", "POPULATION_POINTS": places, "POPULATION_FIELD": "people"}):
        with pytest.raises(QgsProcessingException) as caught:
            processing.run("basestationmapper:report", {**base, **wrong}, feedback=Feedback())
        errors.append(str(caught.value))
    assert not (tmp_path / "report.pdf").exists()
    return errors


def test_missing_field_errors_name_the_layer_in_english(plugin, qgis_new_project, tmp_path):
    region, people = _missing_field_errors(tmp_path)
    assert region.startswith("REGION_FIELD: region layer 'Regions' has no field 'nope' (fields: ")
    assert people == "POPULATION_FIELD: population layer 'Places' has no field 'people' (fields: name, population)"


def test_missing_field_errors_name_the_layer_in_korean(korean_plugin, tmp_path):
    """The report's field errors read 'REGION_FIELD: region layer ...' in a Korean QGIS: the layer's description
    is translated, the parameter names kept."""
    region, people = _missing_field_errors(tmp_path)
    assert region.startswith("REGION_FIELD: 지역 레이어 'Regions'에 필드 'nope'이(가) 없습니다(필드: ")
    assert people == "POPULATION_FIELD: 인구 레이어 'Places'에 필드 'people'이(가) 없습니다(필드: name, population)"


def _nameless_region_rows(label: str):
    """What the report says of a statistics table whose region without a name is called ``label`` (as
    coveragestats names it in the QGIS language), and the order its table lists the regions in."""
    import pandas as pd
    from support.export_layers import regions_layer

    from basestation_mapper.plugin.core.tables import report_table
    from basestation_mapper.plugin.qgis_io.report import ReportInputs, input_warnings, unnamed_region

    stats = pd.DataFrame({"region": [label, "Pyongan", "Hwanghae", "TOTAL"], "population": [0.0, 6.0, 4.0, 10.0]})
    warnings = input_warnings(ReportInputs(regions=regions_layer(), region_field="name", statistics=stats))
    return warnings, [row[0] for row in report_table(stats, "region", unnamed=unnamed_region)[1:-1]]


def test_region_without_a_name_is_listed_last(plugin):
    """coveragestats calls a region without a name '(unnamed, feature 0)': the report's table (and the demo's)
    listed it first ('(' sorts before letters); it comes after the named regions, and is counted as nameless."""
    warnings, listed = _nameless_region_rows("(unnamed, feature 0)")
    assert listed == ["Hwanghae", "Pyongan", "(unnamed, feature 0)"]
    assert warnings == [UNNAMED_ROWS]


def test_region_without_a_name_is_recognised_in_korean(korean_plugin):
    """In a Korean QGIS the statistics call it '(이름 없음, 피처 0)': the report counted only the English label as
    nameless (no warning, listed first); its warning names the label as the table shows it."""
    label = "(이름 없음, 피처 0)"
    warnings, listed = _nameless_region_rows(label)
    assert listed == ["Hwanghae", "Pyongan", label]
    assert warnings == ["통계 표의 1개 행에 지역 이름이 없습니다: 표에는 '–' 또는 '(이름 없음, 피처 …)'(으)로 "
                        "표시됩니다."]


def test_dock_report_shows_its_warnings_in_the_message_bar(plugin, qgis_new_project, tmp_path):
    from support.message_bar import bar_messages

    stations = station_layer()
    regions = _regions_without_prj(tmp_path / "shp")
    stats = _stats_with_an_unnamed_row()
    QgsProject.instance().addMapLayers([stations, regions, stats])
    section = plugin.dock.sections["export"]
    section.stations_combo.setLayer(stations)
    section.stats_combo.setLayer(stats)
    section.regions_combo.setLayer(regions)
    section.region_field.setField("name")
    section.pdf_path.setFilePath(str(tmp_path / "report.pdf"))
    plugin.iface.messageBar().clearWidgets()
    QTest.mouseClick(section.report_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "report.pdf").exists()
    said = bar_messages(plugin.iface)
    assert len(said) == 1, said
    text, details = said[0]
    assert text.startswith("Report written: ") and details
    assert NO_CRS in text and UNNAMED in text and UNNAMED_ROWS in text
    assert plugin.iface.messageBar().items()[0].level() == 1  # Qgis.MessageLevel.Warning
    assert NO_CRS in section.status.text()


@pytest.fixture(autouse=True)
def _forget_export_settings():
    yield
    from qgis.core import QgsSettings

    from basestation_mapper.plugin.settings import ExportSettings

    ExportSettings.reset()
    QgsSettings().sync()


def test_a_layer_without_crs_is_said_once_when_the_report_computes_coverage(plugin, qgis_new_project, tmp_path):
    """The stations without CRS were said by the coverage the report runs and again by the report."""
    import processing
    from support.export_layers import places_layer, regions_layer

    folder = tmp_path / "shp"
    folder.mkdir()
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(folder / "towers.shp"))
    lyr = ds.CreateLayer("towers", None, ogr.wkbPoint)
    lyr.CreateField(ogr.FieldDefn("technology", ogr.OFTString))
    for _name, x0, y0, x1, y1 in REGIONS:
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetField("technology", "3G")
        feat.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({(x0 + x1) / 2} {(y0 + y1) / 2})"))
        lyr.CreateFeature(feat)
        feat = None
    ds = None
    towers = QgsVectorLayer(str(folder / "towers.shp"), "towers", "ogr")
    regions, places = regions_layer(), places_layer()
    QgsProject.instance().addMapLayers([towers, regions, places])
    feedback = Feedback()
    processing.run("basestationmapper:report", {
        "STATIONS": towers, "REGIONS": regions, "REGION_FIELD": "name", "POPULATION_POINTS": places,
        "POPULATION_FIELD": "population", "RADIUS": 4000, "OUTPUT_PDF": str(tmp_path / "r.pdf")}, feedback=feedback)
    said = [w for w in feedback.warnings if "'towers' has no coordinate reference system" in w]
    assert len(said) == 1, feedback.warnings


def test_regions_without_crs_are_read_as_wgs84_when_the_report_computes_statistics(plugin, qgis_new_project,
                                                                                    tmp_path):
    """The report read degree regions without CRS as WGS84 when given STATISTICS, while the statistics run
    it makes without them refused the same layer: one rule, said once."""
    import processing
    from support.export_layers import places_layer

    stations = station_layer()
    regions = _regions_without_prj(tmp_path / "shp")
    places = places_layer()
    QgsProject.instance().addMapLayers([stations, regions, places])
    feedback = Feedback()
    out = processing.run("basestationmapper:report", {
        "STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "POPULATION_POINTS": places,
        "POPULATION_FIELD": "population", "RADIUS": 4000, "OUTPUT_PDF": str(tmp_path / "r.pdf")}, feedback=feedback)
    assert out["PAGES"] >= 2
    assert [w for w in feedback.warnings if "'provinces' has no coordinate reference system" in w] == [NO_CRS]
