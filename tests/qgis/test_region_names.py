"""Regions whose name field is not chosen, as GeoPackages exported by statistics offices and GIS tools have
them: a known name field (CTP_KOR_NM, 시도명, NAME_1...), else the first text field, else the first field; the
run says which, the analyst can still choose (coveragestats, the dock's Coverage section, the report)."""

from __future__ import annotations

import pytest
from osgeo import ogr, osr
from qgis.core import QgsProject, QgsVectorLayer
from support.coverage import SCENE_X0, SCENE_Y0, rows_by_region, west_east_scene
from support.processing_feedback import Feedback

X0, Y0 = SCENE_X0, SCENE_Y0


def _regions_gpkg(path, fields, rows):
    """West / East halves of the test scene (UTM 52N) in a GeoPackage with ``fields`` [(name, ogr type)] and one
    row of values per region."""
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    lyr = ds.CreateLayer("regions", srs, ogr.wkbPolygon)
    for name, kind in fields:
        lyr.CreateField(ogr.FieldDefn(name, kind))
    for i, values in enumerate(rows):
        feat = ogr.Feature(lyr.GetLayerDefn())
        for (name, _kind), value in zip(fields, values):
            feat.SetField(name, value)
        a = X0 + 10000.0 * i
        feat.SetGeometry(ogr.CreateGeometryFromWkt(
            f"POLYGON(({a} {Y0},{a + 10000} {Y0},{a + 10000} {Y0 - 20000},{a} {Y0 - 20000},{a} {Y0}))"))
        lyr.CreateFeature(feat)
    ds = None
    layer = QgsVectorLayer(str(path), path.stem, "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


KOREAN = ([("OBJECTID", ogr.OFTInteger), ("CTP_CD", ogr.OFTString), ("CTP_ENG_NM", ogr.OFTString),
           ("CTP_KOR_NM", ogr.OFTString)], [(1, "11", "Seoul", "서울특별시"), (2, "26", "Busan", "부산광역시")])
UNKNOWN_TEXT = ([("OBJECTID", ogr.OFTInteger), ("P_CODE", ogr.OFTString), ("prov_label", ogr.OFTString)],
                [(7, "KP01", "Pyongyang"), (8, "KP02", "South Pyongan")])
NO_TEXT = ([("OBJECTID", ogr.OFTInteger), ("pop", ogr.OFTInteger)], [(101, 5), (102, 6)])


@pytest.mark.parametrize(("spec", "names", "said"), [
    (KOREAN, ["서울특별시", "부산광역시"], "region names read from field 'CTP_KOR_NM'"),
    (UNKNOWN_TEXT, ["Pyongyang", "South Pyongan"], "first text field 'prov_label'"),
    (NO_TEXT, ["101", "102"], "first field 'OBJECTID'"),
])
def test_coveragestats_names_regions_by_the_field_found(plugin, tmp_path, spec, names, said):
    import processing

    pop, _regions, stations = west_east_scene(tmp_path)
    regions = _regions_gpkg(tmp_path / "regions.gpkg", *spec)
    feedback = Feedback()
    out = processing.run("basestationmapper:coveragestats", {
        "STATIONS": stations, "REGIONS": regions, "POPULATION": pop, "OUTPUT": "memory:"}, feedback=feedback)
    assert list(rows_by_region(out["OUTPUT"])) == [*names, "TOTAL"]
    assert any(said in w and "regions" in w for w in feedback.warnings), feedback.warnings


def test_dock_takes_the_first_text_field_says_so_and_keeps_the_analysts_choice(plugin, tmp_path):
    from support.coverage import wait_for_coverage

    pop, _regions, stations = west_east_scene(tmp_path)
    regions = _regions_gpkg(tmp_path / "provinces.gpkg", *UNKNOWN_TEXT)
    section = plugin.dock.sections["coverage"]
    section.live_check.setChecked(False)
    section.station_combo.setLayer(stations)
    section.raster_combo.setLayer(pop)
    section.points_combo.setLayer(None)
    section.region_combo.setLayer(regions)
    assert section.region_field.currentField() == "prov_label"  # not OBJECTID, the list's first field

    def run():
        section.run()
        wait_for_coverage(section)
        return [section.table.item(r, 0).text() for r in range(section.table.rowCount())]

    assert run() == ["Pyongyang", "South Pyongan", "TOTAL"]
    assert "first text field 'prov_label'" in section.status_label.text()
    section.region_field.setField("P_CODE")  # the analyst chooses
    assert run() == ["KP01", "KP02", "TOTAL"]
    assert "first text field" not in section.status_label.text()
    state = section.state()
    section.region_combo.setLayer(None)
    section.restore_state(state)
    assert section.region_field.currentField() == "P_CODE" and run() == ["KP01", "KP02", "TOTAL"]
    section.runner.shutdown()


def test_report_labels_regions_by_the_field_found(plugin, tmp_path):
    """Export's region list for the report takes the same field (the map's labels), and the report's message
    says it when it is the first text field; Processing's report too."""
    import processing
    from support.export_layers import coverage_layer, station_layer, stats_layer

    regions = _regions_gpkg(tmp_path / "provinces.gpkg", *UNKNOWN_TEXT)
    korean = _regions_gpkg(tmp_path / "sido.gpkg", *KOREAN)
    export = plugin.dock.sections["export"]
    export.regions_combo.setLayer(korean)
    assert export.region_field.currentField() == "CTP_KOR_NM"
    export.regions_combo.setLayer(regions)
    assert export.region_field.currentField() == "prov_label"
    stations, stats = station_layer(), stats_layer()
    QgsProject.instance().addMapLayers([stations, stats])
    export.stats_combo.setLayer(stats)
    export.pdf_path.setFilePath(str(tmp_path / "report.pdf"))
    result = export.make_report()
    assert result is not None and "first text field 'prov_label'" in result["warnings"][0]
    assert "first text field 'prov_label'" in export.status.text()
    feedback = Feedback()
    processing.run("basestationmapper:report", {
        "STATIONS": stations, "REGIONS": regions, "COVERAGE": coverage_layer(stations), "STATISTICS": stats,
        "OUTPUT_PDF": str(tmp_path / "processing.pdf")}, feedback=feedback)
    assert any(w.startswith("REGION_FIELD: ") and "first text field 'prov_label'" in w for w in feedback.warnings)
