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


def _network_in_dock(plugin, statuses: dict[str, int], technologies: dict[str, int]):
    """A station layer of ``statuses`` (status → count) and ``technologies`` chosen in the Stations section."""
    import numpy as np
    import pandas as pd
    from qgis.core import QgsProject

    from basestation_mapper.plugin.core.stations import normalize_frame
    from basestation_mapper.plugin.qgis_io.station_layer import frame_to_memory_layer

    n = sum(statuses.values())
    rng = np.random.default_rng(11)
    frame = normalize_frame(pd.DataFrame({
        "lon": 125.5 + rng.uniform(0, 0.5, n), "lat": 38.8 + rng.uniform(0, 0.5, n),
        "status": [s for s, k in statuses.items() for _ in range(k)],
        "technology": [t for t, k in technologies.items() for _ in range(k)]}))
    layer = frame_to_memory_layer(frame, "network")
    QgsProject.instance().addMapLayer(layer)
    section = plugin.dock.sections["stations"]
    section.set_layer(layer)
    section.update_counts()
    return section


def test_station_counts_are_one_message_with_count_forms(plugin):
    """The Stations section's counts and summary chose between '1 station…' and '{n} stations…', and the statuses
    were a number and a word put together ('1200 confirmed', '4G 1201'): each is one message with its count forms,
    numbers with thousands separators as the station count has."""
    section = _network_in_dock(plugin, {"candidate": 1, "confirmed": 1200, "rejected": 2}, {"4G": 1201, "5G": 2})
    assert section.counts_label.text() == "1,203 stations: 1 candidate, 1,200 confirmed, 2 rejected\n4G 1,201, 5G 2"
    assert section.summary() == "1,203 stations (1,200 confirmed)"

    section = _network_in_dock(plugin, {"candidate": 2, "confirmed": 0, "rejected": 0}, {"3G": 2})
    assert section.counts_label.text() == "2 stations: 2 candidates, 0 confirmed, 0 rejected\n3G 2"


def test_station_counts_in_korean(korean_plugin):
    """In Korean the statuses were '0 후보, 2 확인됨' (the English order of number and word): each status is counted
    as Korean counts ('후보 0개')."""
    section = _network_in_dock(korean_plugin, {"candidate": 1, "confirmed": 1200, "rejected": 2},
                               {"4G": 1201, "5G": 2})
    assert section.counts_label.text() == "기지국 1,203개: 후보 1개, 확인됨 1,200개, 거부됨 2개\n4G 1,201, 5G 2"
    assert section.summary() == "기지국 1,203개(확인됨 1,200개)"
    section = _network_in_dock(korean_plugin, {"confirmed": 1}, {"LTE": 1})
    assert section.summary() == "기지국 1개(확인됨 1개)"


def test_imagery_summary_is_one_message_with_count_forms(korean_plugin, tmp_path):
    """The Imagery section's summary chose among four messages by the count; two layers of one date said
    '(2021-05-03 – 2021-05-03)'. One message with count forms; one date is said once."""
    from osgeo import gdal, osr
    from qgis.core import QgsProject, QgsRasterLayer

    from basestation_mapper.plugin.qgis_io.imagery import set_acquisition_date

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    layers = []
    for i in range(3):
        path = str(tmp_path / f"scene_{i}.tif")
        ds = gdal.GetDriverByName("GTiff").Create(path, 8, 8, 3, gdal.GDT_Byte)
        ds.SetGeoTransform((400000 + 100 * i, 1, 0, 4400000, 0, -1))
        ds.SetProjection(srs.ExportToWkt())
        ds = None
        layers.append(QgsRasterLayer(path, f"scene {i}"))
    section = korean_plugin.dock.sections["imagery"]
    QgsProject.instance().addMapLayer(layers[0])
    assert section.summary() == "영상 레이어 1개"
    set_acquisition_date(layers[0], "2021-05-03")
    assert section.summary() == "영상 레이어 1개 (2021-05-03)"
    QgsProject.instance().addMapLayer(layers[1])
    set_acquisition_date(layers[1], "2021-05-03")
    assert section.summary() == "영상 레이어 2개 (2021-05-03)"
    QgsProject.instance().addMapLayer(layers[2])
    set_acquisition_date(layers[2], "2023-09-30")
    assert section.summary() == "영상 레이어 3개 (2021-05-03 – 2023-09-30)"


def _import_message(plugin, tmp_path) -> str:
    """The message bar's text after importing into a station layer one new station, one station it has (merged)
    and one bad row."""
    from support.message_bar import bar_messages, clear_bar
    from support.stations_data import station_csv, write

    from basestation_mapper.plugin.core.importers import import_file

    section = plugin.dock.sections["stations"]
    layer = section.new_layer(str(tmp_path / "network.gpkg"))
    section.apply_import(import_file(station_csv(tmp_path / "survey.csv")), layer.id(), 150.0)
    clear_bar(plugin.iface)
    again = write(tmp_path / "second.csv", "name,lon,lat,technology\nA',125.7544,39.0392,3G\nNew,126.5,39.5,3G\n"
                                           "Lost,,39.2,3G\n")
    section.apply_import(import_file(again, skip_bad=True), layer.id(), 150.0)
    return bar_messages(plugin.iface)[-1][0]


def test_import_into_a_layer_says_each_count_in_its_own_sentence(plugin, tmp_path):
    """Import into a station layer said '1 station added to network, 1 existing ones updated. 1 bad rows skipped.':
    two translated halves joined by a comma (one sentence a translator could not order) and a count without its
    singular; each count is a sentence with its forms."""
    text = _import_message(plugin, tmp_path)
    assert text.startswith("1 station added to network. 1 existing station updated. 1 bad row skipped."), text


def test_import_into_a_layer_in_korean(korean_plugin, tmp_path):
    text = _import_message(korean_plugin, tmp_path)
    assert text.startswith("network에 기지국 1개를 추가했습니다. 기존 기지국 1개를 갱신했습니다. 잘못된 행 1개를 "
                           "건너뛰었습니다."), text
