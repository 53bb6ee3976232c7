"""Messages with a count read right for one and for several, in English and in Korean (Qt's plural forms)."""

from __future__ import annotations

from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

from basestation_mapper.plugin.i18n import tr


def _report_warnings(unnamed: int):
    """The report's warnings for a region layer with ``unnamed`` regions without a name (and one named)."""
    import pandas as pd

    from basestation_mapper.plugin.qgis_io.report import ReportInputs, input_warnings

    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", "provinces", "memory")
    layer.dataProvider().addAttributes([QgsField("name", QVariant.Type.String)])
    layer.updateFields()
    feats = []
    for i in range(unnamed + 1):
        feat = QgsFeature(layer.fields())
        feat.setAttributes(["North" if i == 0 else None])
        feat.setGeometry(QgsGeometry.fromRect(QgsRectangle(125 + i, 38, 125.5 + i, 38.5)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    stats = pd.DataFrame({"region": ["North", "TOTAL"], "population": [10.0, 10.0]})
    return input_warnings(ReportInputs(regions=layer, region_field="name", statistics=stats))


def test_english_one_and_several(plugin):
    assert tr("{n} file written to {folder}", "{n} files written to {folder}", 1).format(n=1, folder="out") \
        == "1 file written to out"
    assert tr("{n} file written to {folder}", "{n} files written to {folder}", 0).format(n=0, folder="out") \
        == "0 files written to out"
    assert tr("{n} station can be imported.", "{n} stations can be imported.", 2).format(n=2) \
        == "2 stations can be imported."
    assert _report_warnings(1) == [
        "1 region of the layer 'provinces' has no name in the field 'name': the map leaves it unlabelled."]
    assert _report_warnings(3) == [
        "3 regions of the layer 'provinces' have no name in the field 'name': the map leaves them unlabelled."]


def test_korean_one_and_several(korean_plugin):
    for n in (1, 5):
        assert tr("{n} station can be imported.", "{n} stations can be imported.", n).format(n=n) \
            == f"기지국 {n}개를 가져올 수 있습니다."
        assert _report_warnings(n) == [
            f"레이어 'provinces'의 지역 {n}개는 필드 'name'에 이름이 없습니다: 지도에 레이블이 표시되지 않습니다."]


def test_import_notes_read_right_for_one_row(plugin, tmp_path):
    """importstations' log said '(1 rows)' of a generation column read as technologies and 'Antenna heights of 1
    placemarks were taken from their altitude'; one row and one placemark are said in the singular."""
    import processing
    from support.processing_feedback import Feedback

    csv = tmp_path / "one.csv"
    csv.write_text("name,lon,lat,generation\nA,125.7,39.0,4\n", encoding="utf-8")
    kml = tmp_path / "one.kml"
    kml.write_text('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
                   "<Placemark><name>A</name><Point><altitudeMode>relativeToGround</altitudeMode>"
                   "<coordinates>125.7,39.0,35</coordinates></Point></Placemark></Document></kml>", encoding="utf-8")
    said = []
    for path in (csv, kml):
        fb = Feedback()
        processing.run("basestationmapper:importstations", {"INPUT": str(path), "OUTPUT": "memory:"}, feedback=fb)
        said += fb.infos
    assert "The column 'generation' holds generation numbers, read as technologies: 4 → 4G (1 row)" in said, said
    assert ("The antenna height of 1 placemark was taken from its altitude above the ground (placed 'relative to "
            "ground', at the top of the mast); the file gives no height field") in said, said


def test_importstations_counts_read_right_for_one(plugin, tmp_path):
    """importstations' log said '1 stations read (csv), 1 bad rows skipped'; one station and one bad row are said
    in the singular."""
    import processing
    from support.processing_feedback import Feedback

    csv = tmp_path / "one.csv"
    csv.write_text("name,lon,lat\nA,125.7,39.0\nB,125.8,200\n", encoding="utf-8")
    fb = Feedback()
    processing.run("basestationmapper:importstations", {"INPUT": str(csv), "SKIP_INVALID": True,
                                                         "OUTPUT": "memory:"}, feedback=fb)
    assert "1 station read (csv), 1 bad row skipped" in fb.infos, fb.infos
    csv.write_text("name,lon,lat\nA,125.7,39.0\nB,125.8,39.1\n", encoding="utf-8")
    fb = Feedback()
    processing.run("basestationmapper:importstations", {"INPUT": str(csv), "OUTPUT": "memory:"}, feedback=fb)
    assert "2 stations read (csv), 0 bad rows skipped" in fb.infos, fb.infos


def _areas_and_a_line_kml(path):
    square = "125.7,39.0 125.8,39.0 125.8,39.1 125.7,39.1 125.7,39.0"
    area = f"<Placemark><name>District {{}}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>{square}" \
           "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
                    + area.format(1) + area.format(2) + "<Placemark><name>Road</name><LineString><coordinates>"
                    "125.7,39.0 125.8,39.1</coordinates></LineString></Placemark></Document></kml>", encoding="utf-8")
    return path


def test_shapes_only_are_counted_in_words(plugin, tmp_path):
    """A KML of areas and a line was refused as holding 'only lines or areas (2 Polygon, 1 LineString)', OGR's
    type names; they are counted in words, '2 polygons, 1 line'."""
    from basestation_mapper.plugin.core import importers as im
    from basestation_mapper.plugin.i18n import translated

    try:
        im.import_file(_areas_and_a_line_kml(tmp_path / "areas.kml"))
    except im.ImportFailed as exc:
        assert "the KML holds only lines or areas (2 polygons, 1 line), not a point" in translated(exc), str(exc)
    else:
        raise AssertionError("a KML of areas and a line was imported")


def test_shapes_only_are_counted_in_korean(korean_plugin, tmp_path):
    from basestation_mapper.plugin.core import importers as im
    from basestation_mapper.plugin.i18n import translated

    try:
        im.import_file(_areas_and_a_line_kml(tmp_path / "areas.kml"))
    except im.ImportFailed as exc:
        assert "(폴리곤 2개, 선 1개)" in translated(exc), translated(exc)
    else:
        raise AssertionError("a KML of areas and a line was imported")


def test_import_layer_list_counts_features_in_one_count_form(korean_plugin, tmp_path):
    """Import…'s layer list said '1 feature' and '{n} features' as two separate strings, which a language of
    more forms than two cannot translate; one count form (Qt's plural forms) gives each count its own."""
    import xml.etree.ElementTree as ET
    from pathlib import Path

    from osgeo import ogr, osr

    from basestation_mapper.plugin.ui.import_dialog import ImportDialog

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    path = tmp_path / "survey.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    for name, points in (("towers_2019", [(125.7, 39.0)]), ("towers_2021", [(125.8, 39.1), (125.9, 39.2)])):
        lyr = ds.CreateLayer(name, srs, ogr.wkbPoint)
        for x, y in points:
            feat = ogr.Feature(lyr.GetLayerDefn())
            feat.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} {y})"))
            lyr.CreateFeature(feat)
            feat = None
    ds = None
    dialog = ImportDialog(None, 150.0)
    dialog.file_widget.setFilePath(str(path))
    combo = dialog.layer_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "towers_2019 (Point, 피처 1개)", "towers_2021 (Point, 피처 2개)"]
    dialog.deleteLater()
    ts = Path(__file__).resolve().parents[2] / "i18n" / "basestation_mapper_ko.ts"
    messages = {m.findtext("source"): m for m in ET.parse(ts).getroot().iter("message")}
    assert "{layer} ({geometry}, 1 feature)" not in messages
    counted = messages["{layer} ({geometry}, {n} feature)"]
    assert counted.get("numerus") == "yes" and counted.findtext("comment") == "{layer} ({geometry}, {n} features)"
