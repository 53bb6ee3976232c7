"""Layers the exports had not seen: awkward field names and values, odd geometries and CRSs, existing files.

Every output is read back with OGR/GDAL (or the KML parsed) rather than through the writer.
"""

from __future__ import annotations

import csv
import math
import sqlite3

import pytest
from osgeo import gdal, ogr, osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QVariant
from support.export_files import leftovers, ogr_records, read_kmz

from basestation_mapper.plugin.core.safe_write import DestinationExists, ExportError
from basestation_mapper.plugin.qgis_io import export as ex

LONG_TEXT = "긴 설명 " * 5000
#: (field name, QVariant type) of the awkward layer; 'Name'/'name' differ only in case.
FIELDS = (
    ("site name", QVariant.Type.String), ("주소", QVariant.Type.String), ("élévation", QVariant.Type.Double),
    ("select", QVariant.Type.Int), ("antenna_height_above_ground", QVariant.Type.Double),
    ("Name", QVariant.Type.String), ("name", QVariant.Type.String), ("seen", QVariant.Type.Date),
    ("updated", QVariant.Type.DateTime), ("active", QVariant.Type.Bool), ("cells", QVariant.Type.LongLong),
    ("notes", QVariant.Type.String),
)
ROWS = (
    ["Tower, \"north\"\nroof", "평양시 중구", 12.5, 7, 31.0, "A & <B>", "a", QDate(2021, 5, 4),
     QDateTime(2021, 5, 4, 3, 2, 1), True, 2**53 + 1, LONG_TEXT],
    [None, "", float("nan"), None, None, "ctl\x01\x0bchars", "b", None, None, False, -(2**62) - 3, ""],
    ["Café Ŏ", "Kangwŏn", -3.25, -1, 18.5, "quote ' and \"", "c", QDate(1999, 12, 31),
     QDateTime(2000, 1, 1, 0, 0, 0), None, None, "line1\r\nline2"],
)


def _memory_layer(geometry: str, name: str, fields=FIELDS) -> QgsVectorLayer:
    layer = QgsVectorLayer(geometry, name, "memory")
    assert layer.dataProvider().addAttributes([QgsField(n, t) for n, t in fields])
    layer.updateFields()
    assert [f.name() for f in layer.fields()] == [n for n, _t in fields]
    return layer


def _add(layer: QgsVectorLayer, rows, geometries) -> QgsVectorLayer:
    feats = []
    for values, geom in zip(rows, geometries):
        feat = QgsFeature(layer.fields())
        feat.setAttributes(list(values))
        if geom is not None:
            feat.setGeometry(geom)
        feats.append(feat)
    ok, _ = layer.dataProvider().addFeatures(feats)
    assert ok
    layer.updateExtents()
    return layer


@pytest.fixture
def awkward(qgis_app):
    points = [QgsGeometry.fromPointXY(QgsPointXY(125.75 + i / 10, 39.0 + i / 20)) for i in range(len(ROWS))]
    return _add(_memory_layer("Point?crs=EPSG:4326", "기지국 stations (raw)"), ROWS, points)


def _columns(path, layer=0) -> list[str]:
    ds = ogr.Open(str(path))
    defn = (ds.GetLayerByName(layer) if isinstance(layer, str) else ds.GetLayer(layer)).GetLayerDefn()
    return [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]


# -- field names and values ------------------------------------------------------------------------------
def test_geopackage_keeps_awkward_names_and_values(awkward, tmp_path):
    path = tmp_path / "변형 variants.gpkg"
    result = ex.export_vector([ex.snapshot(awkward)], path)
    layer = "기지국 stations (raw)"
    assert result.renamed == {layer: {"name": "name_2"}}
    assert "name → name_2" in result.warnings[0] and layer in result.warnings[0]
    assert _columns(path, layer) == ["site name", "주소", "élévation", "select", "antenna_height_above_ground",
                                     "Name", "name_2", "seen", "updated", "active", "cells", "notes"]
    records, _geoms = ogr_records(path, layer)
    first, second, third = records
    assert first["site name"] == ROWS[0][0] and first["notes"] == LONG_TEXT
    assert first["cells"] == 2**53 + 1 and second["cells"] == -(2**62) - 3  # 64-bit, every digit
    assert second["élévation"] is None  # NaN is stored as NULL
    assert [r["name_2"] for r in records] == ["a", "b", "c"]
    assert first["seen"] == "2021/05/04" and first["updated"].startswith("2021/05/04 03:02:01")
    assert (first["active"], second["active"], third["active"]) == (1, 0, None)
    assert third["notes"] == "line1\r\nline2"
    assert leftovers(tmp_path) == []


def test_table_csv_quotes_and_renames(awkward, tmp_path):
    path = tmp_path / "table.csv"
    result = ex.export_table(ex.snapshot(awkward), path)
    assert result.renamed[awkward.name()] == {"name": "name_2"}
    csv.field_size_limit(10**7)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [n if n != "name" else "name_2" for n, _t in FIELDS]
    assert rows[1][0] == "Tower, \"north\"\nroof" and rows[1][-1] == LONG_TEXT
    assert rows[2][2] == "" and rows[3][5] == "quote ' and \""
    assert rows[3][-1] == "line1\r\nline2"
    assert rows[1][10] == str(2**53 + 1)


def test_xlsx_missing_number_is_an_empty_cell(awkward, tmp_path):
    path = tmp_path / "table.xlsx"
    ex.export_table(ex.snapshot(awkward), path)
    ds = ogr.Open(str(path))
    defn = ds.GetLayer(0).GetLayerDefn()
    kinds = {defn.GetFieldDefn(i).GetName(): defn.GetFieldDefn(i).GetTypeName() for i in range(defn.GetFieldCount())}
    assert kinds["élévation"] == "Real"  # a NaN written as text 'nan' would make the column text
    records, _ = ogr_records(path)
    assert [r["élévation"] for r in records] == [12.5, None, -3.25]


def test_shapefile_renames_are_reported_and_values_follow(awkward, tmp_path):
    path = tmp_path / "stations 기지국.shp"
    result = ex.export_vector([ex.snapshot(awkward)], path)
    renamed = result.renamed[awkward.name()]
    assert renamed["antenna_height_above_ground"] == "antenna_he" and renamed["name"] == "name_1"
    assert renamed["élévation"] == "élévatio"  # 10 bytes of UTF-8, not 10 characters
    assert "10 characters" in result.warnings[0]
    records, _ = ogr_records(path)
    assert [r["antenna_he"] for r in records] == [31.0, None, 18.5]
    assert [r["name_1"] for r in records] == ["a", "b", "c"]
    assert records[0]["Name"] == "A & <B>"
    assert records[1]["élévatio"] is None  # NaN: an empty DBF number, not 'nan'


def test_geojson_keeps_names_and_values(awkward, tmp_path):
    path = tmp_path / "variants.geojson"
    ex.export_vector([ex.snapshot(awkward)], path)
    records, geoms = ogr_records(path)
    assert _columns(path) == [n for n, _t in FIELDS]
    assert records[1]["élévation"] is None and records[0]["cells"] == 2**53 + 1
    assert records[0]["Name"] == "A & <B>" and records[0]["name"] == "a"
    assert geoms[0] == "POINT (125.75 39.0)"


def test_kmz_balloons_escape_markup_and_drop_control_characters(awkward, tmp_path):
    path = tmp_path / "variants.kmz"
    ex.export_vector([ex.snapshot(awkward)], path)
    placemarks = read_kmz(path)[awkward.name()]  # the XML parses
    first, second, third = (pm["data"] for pm in placemarks)
    assert first["Name"] == "A & <B>" and first["name"] == "a"
    assert second["Name"] == "ctlchars"
    assert second["élévation"] == "" and second["cells"] == str(-(2**62) - 3)
    assert first["active"] == "true" and second["active"] == "false" and third["active"] == ""
    assert first["seen"] == "2021-05-04" and first["updated"] == "2021-05-04T03:02:01"
    assert first["site name"] == "Tower, \"north\"\nroof" and first["notes"] == LONG_TEXT
    assert [pm["name"] for pm in placemarks] == ["a", "b", "c"]  # the 'name' field labels the placemark
    lib = gdal.OpenEx(f"/vsizip/{path}/doc.kml", gdal.OF_VECTOR)  # GDAL's own KML reader agrees
    assert lib.GetLayer(0).GetFeatureCount() == 3


def test_stations_csv_whole_numbers_stay_whole(awkward, tmp_path):
    path = tmp_path / "stations.csv"
    ex.export_stations_csv(ex.snapshot(awkward), path)
    csv.field_size_limit(10**7)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["select"] for r in rows] == ["7", "", "-1"]  # not '7.0' because one is missing
    assert [r["cells"] for r in rows] == [str(2**53 + 1), str(-(2**62) - 3), ""]
    assert [r["élévation"] for r in rows] == ["12.5", "", "-3.25"]
    assert rows[0]["site name"] == "Tower, \"north\"\nroof"
    assert [r["seen"] for r in rows] == ["2021-05-04", "", "1999-12-31"]
    assert [r["updated"] for r in rows] == ["2021-05-04T03:02:01", "", "2000-01-01T00:00:00"]
    assert [r["active"] for r in rows] == ["True", "False", ""]
    assert [(r["lon"], r["lat"]) for r in rows] == [
        ("125.750000000", "39.000000000"), ("125.850000000", "39.050000000"), ("125.950000000", "39.100000000")]
    assert list(rows[0])[:2] == ["lon", "lat"]


def test_stations_csv_station_without_position(qgis_app, tmp_path):
    """A station without a geometry keeps its row, lon/lat empty, and the export says so."""
    layer = _add(_memory_layer("Point?crs=EPSG:4326", "stations", (("name", QVariant.Type.String),)),
                 [["placed"], ["not placed"]], [QgsGeometry.fromPointXY(QgsPointXY(126.5, 38.25)), None])
    path = tmp_path / "stations.csv"
    result = ex.export_stations_csv(ex.snapshot(layer), path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["name"], r["lon"], r["lat"]) for r in rows] == [("placed", "126.500000000", "38.250000000"),
                                                               ("not placed", "", "")]
    assert result.warnings == ["1 station without a position: lon/lat left empty"]


# -- geometries and CRSs ---------------------------------------------------------------------------------
def _utm_square(x, y, size=1000.0):
    return QgsGeometry.fromWkt(f"POLYGON(({x} {y},{x + size} {y},{x + size} {y + size},{x} {y + size},{x} {y}))")


@pytest.mark.parametrize("epsg", [5179, 32652, 3857])
def test_projected_layers_become_wgs84_in_geojson_and_kmz(qgis_app, tmp_path, epsg):
    crs = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
    to_crs = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), crs, QgsProject.instance())
    centre = to_crs.transform(QgsPointXY(125.75, 39.03))
    layer = _add(_memory_layer(f"Polygon?crs=EPSG:{epsg}", f"coverage {epsg}", (("id", QVariant.Type.Int),)),
                 [[1]], [_utm_square(centre.x(), centre.y())])
    ex.export_vector([ex.snapshot(layer)], tmp_path / "c.geojson")
    ds = ogr.Open(str(tmp_path / "c.geojson"))
    lyr = ds.GetLayer(0)
    assert lyr.GetSpatialRef().GetAuthorityCode(None) == "4326"
    minx, maxx, miny, maxy = lyr.GetExtent()
    assert 125.7 < minx < maxx < 125.8 and 39.0 < miny < maxy < 39.1
    ex.export_vector([ex.snapshot(layer)], tmp_path / "c.kmz")
    ring = read_kmz(tmp_path / "c.kmz")[f"coverage {epsg}"][0]["coords"][0]
    assert ring[0] == pytest.approx((125.75, 39.03), abs=1e-7)  # the corner placed at that lon/lat
    assert all(minx - 1e-7 <= lon <= maxx + 1e-7 and miny - 1e-7 <= lat <= maxy + 1e-7 for lon, lat in ring)


def _gpkg_with_odd_geometries(path):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(5179)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    curves = ds.CreateLayer("curves", srs, ogr.wkbCurvePolygon)
    curves.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    wkts = ("CURVEPOLYGON(CIRCULARSTRING(960000 1950000,961000 1951000,962000 1950000,961000 1949000,"
            "960000 1950000))", None, "CURVEPOLYGON EMPTY")
    for i, wkt in enumerate(wkts):
        feat = ogr.Feature(curves.GetLayerDefn())
        feat.SetField("name", f"c{i}")
        if wkt:
            feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        curves.CreateFeature(feat)
    zm = ds.CreateLayer("zm", srs, ogr.wkbMultiPolygonZM)
    zm.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    for i, wkt in enumerate((
            "MULTIPOLYGON ZM (((960000 1950000 10 1,961000 1950000 10 2,961000 1951000 10 3,960000 1950000 10 4)),"
            "((963000 1950000 5 1,964000 1950000 5 1,964000 1951000 5 1,963000 1950000 5 1)))",
            "MULTIPOLYGON ZM (((960000 1950000 0 0,962000 1952000 0 0,962000 1950000 0 0,960000 1952000 0 0,"
            "960000 1950000 0 0)))")):  # the second is a self-crossing (invalid) bow tie
        feat = ogr.Feature(zm.GetLayerDefn())
        feat.SetField("name", f"z{i}")
        feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        zm.CreateFeature(feat)
    ds = None


def test_curved_null_empty_and_zm_geometries(qgis_app, tmp_path):
    src = tmp_path / "odd.gpkg"
    _gpkg_with_odd_geometries(src)
    curves = QgsVectorLayer(f"{src}|layername=curves", "curves", "ogr")
    zm = QgsVectorLayer(f"{src}|layername=zm", "zm", "ogr")
    assert curves.isValid() and zm.isValid()
    result = ex.export_vector([ex.snapshot(curves), ex.snapshot(zm)], tmp_path / "odd.kmz")
    assert result.layers == {"curves": 1, "zm": 2}
    assert "'curves': 2 features without geometry" in result.warnings[0]
    folders = read_kmz(tmp_path / "odd.kmz")
    ring = folders["curves"][0]["coords"][0]
    assert len(ring) > 20 and ring[0] == ring[-1]  # the arc segmentised, closed
    assert all(126.9 < lon < 127.2 and 37.4 < lat < 37.7 for lon, lat in ring)
    assert [pm["geometry"] for pm in folders["zm"]] == ["MultiGeometry", "MultiGeometry"]
    assert len(folders["zm"][0]["coords"]) == 2
    ex.export_vector([ex.snapshot(curves)], tmp_path / "curves.geojson")
    _records, geoms = ogr_records(tmp_path / "curves.geojson")
    assert geoms[0].startswith("POLYGON ((127.") and geoms[1:] == [None, None]
    ex.export_vector([ex.snapshot(zm)], tmp_path / "zm.gpkg")
    ds = ogr.Open(str(tmp_path / "zm.gpkg"))
    geoms = [f.GetGeometryRef().ExportToIsoWkt() for f in ds.GetLayer(0)]
    assert geoms[0].startswith("MULTIPOLYGON ZM (((960000 1950000 10 1,961000 1950000 10 2")
    assert geoms[1].startswith("MULTIPOLYGON ZM (((960000 1950000 0 0,962000 1952000 0 0")  # invalid, kept as is


def test_only_the_filtered_features_are_written(qgis_app, tmp_path):
    src = tmp_path / "src.gpkg"
    base = _add(_memory_layer("Point?crs=EPSG:4326", "points", (("kind", QVariant.Type.String),)),
                [["a" if i % 2 else "b"] for i in range(10)],
                [QgsGeometry.fromPointXY(QgsPointXY(125 + i / 10, 39)) for i in range(10)])
    ex.export_vector([ex.snapshot(base)], src)
    layer = QgsVectorLayer(f"{src}|layername=points", "filtered", "ogr")
    layer.setSubsetString("\"kind\" = 'a'")
    assert layer.featureCount() == 5
    for name in ("f.gpkg", "f.geojson", "f.kmz", "f.shp"):
        result = ex.export_vector([ex.snapshot(layer)], tmp_path / name)
        assert sum(result.layers.values()) == 5, name
    assert {r["kind"] for r in ogr_records(tmp_path / "f.geojson")[0]} == {"a"}
    assert len(ogr_records(tmp_path / "f.shp")[0]) == 5
    assert [pm["data"]["kind"] for pm in read_kmz(tmp_path / "f.kmz")["filtered"]] == ["a"] * 5


def test_geopackage_columns_named_fid_and_geom(qgis_app, tmp_path):
    fields = (("fid", QVariant.Type.String), ("geom", QVariant.Type.String), ("value", QVariant.Type.Int))
    layer = _add(_memory_layer("Point?crs=EPSG:4326", "clash", fields), [["a-1", "g", 1], ["a-1", "h", 2]],
                 [QgsGeometry.fromPointXY(QgsPointXY(125, 39))] * 2)
    ex.export_vector([ex.snapshot(layer)], tmp_path / "clash.gpkg")
    records, geoms = ogr_records(tmp_path / "clash.gpkg")
    assert [(r["fid"], r["geom"], r["value"]) for r in records] == [("a-1", "g", 1), ("a-1", "h", 2)]
    assert geoms == ["POINT (125 39)"] * 2
    dup = _add(_memory_layer("Point?crs=EPSG:4326", "dup ids", (("fid", QVariant.Type.LongLong),)), [[7], [7], [None]],
               [QgsGeometry.fromPointXY(QgsPointXY(125, 39))] * 3)
    ex.export_vector([ex.snapshot(dup)], tmp_path / "dup.gpkg")
    assert [r["fid"] for r in ogr_records(tmp_path / "dup.gpkg")[0]] == [7, 7, None]
    unique = _add(_memory_layer("Point?crs=EPSG:4326", "ids", (("fid", QVariant.Type.LongLong),)), [[5], [9]],
                  [QgsGeometry.fromPointXY(QgsPointXY(125, 39))] * 2)
    ex.export_vector([ex.snapshot(unique)], tmp_path / "ids.gpkg")
    ds = ogr.Open(str(tmp_path / "ids.gpkg"))  # kept alive while its layer is read
    lyr = ds.GetLayer(0)
    assert lyr.GetFIDColumn() == "fid" and [f.GetFID() for f in lyr] == [5, 9]  # still the key


# -- destinations ----------------------------------------------------------------------------------------
def test_overwriting_a_layer_keeps_the_others_of_the_geopackage(awkward, tmp_path):
    path = tmp_path / "project data.gpkg"
    regions = _add(_memory_layer("Polygon?crs=EPSG:5179", "Regions", (("name", QVariant.Type.String),)),
                   [["평안남도"]], [_utm_square(960000, 1950000)])
    old = _add(_memory_layer("Point?crs=EPSG:4326", "stations", (("v", QVariant.Type.Int),)), [[1]],
               [QgsGeometry.fromPointXY(QgsPointXY(125, 39))])
    ex.export_vector([ex.snapshot(regions), ex.snapshot(old)], path)
    con = sqlite3.connect(path)  # a plain attribute table written by another program
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    con.execute("INSERT INTO notes(text) VALUES ('keep me')")
    con.execute("INSERT INTO gpkg_contents(table_name, data_type, identifier) VALUES ('notes', 'attributes', 'notes')")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DestinationExists, match="already exists"):
        ex.export_vector([ex.snapshot(awkward)], path)
    assert path.read_bytes() == before
    new = _add(_memory_layer("Point?crs=EPSG:4326", "STATIONS", (("v", QVariant.Type.Int),)), [[2], [3]],
               [QgsGeometry.fromPointXY(QgsPointXY(125, 39))] * 2)
    result = ex.export_vector([ex.snapshot(new)], path, overwrite=True)
    assert "Regions" in result.warnings[-1] and "notes" in result.warnings[-1]
    ds = ogr.Open(str(path))
    assert sorted(ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())) == ["Regions", "STATIONS", "notes"]
    assert [r["v"] for r in ogr_records(path, "STATIONS")[0]] == [2, 3]
    assert ogr_records(path, "Regions")[0] == [{"name": "평안남도"}]
    assert ogr_records(path, "notes")[0] == [{"text": "keep me"}]
    assert leftovers(tmp_path) == []


def test_cancel_while_adding_to_a_geopackage_leaves_it_as_it_was(qgis_app, tmp_path):
    path = tmp_path / "keep.gpkg"
    first = _add(_memory_layer("Point?crs=EPSG:4326", "first", (("v", QVariant.Type.Int),)), [[1]],
                 [QgsGeometry.fromPointXY(QgsPointXY(125, 39))])
    ex.export_vector([ex.snapshot(first)], path)
    before = path.read_bytes()
    big = _add(_memory_layer("Point?crs=EPSG:4326", "big", (("v", QVariant.Type.Int),)), [[i] for i in range(3000)],
               [QgsGeometry.fromPointXY(QgsPointXY(125 + i / 1e4, 39)) for i in range(3000)])

    class Stop(Exception):
        pass

    calls = []

    def check():
        calls.append(1)
        if len(calls) == 15:
            raise Stop()

    with pytest.raises(Stop):
        ex.export_vector([ex.snapshot(big)], path, overwrite=True, check=check)
    assert path.read_bytes() == before and leftovers(tmp_path) == []


def test_a_file_that_is_not_a_geopackage_is_replaced_whole(awkward, tmp_path):
    path = tmp_path / "broken.gpkg"
    path.write_bytes(b"not a database")
    ex.export_vector([ex.snapshot(awkward)], path, overwrite=True)
    assert len(ogr_records(path, awkward.name())[0]) == 3


def test_new_folder_with_spaces_and_korean_is_created(awkward, tmp_path):
    path = tmp_path / "새 폴더" / "sub dir" / "out file.geojson"
    ex.export_vector([ex.snapshot(awkward)], path)
    assert len(ogr_records(path)[0]) == 3


def test_zero_features_written_empty_naming_layer_and_file(qgis_app, tmp_path):
    """As QGIS's own Save Features As: an empty layer is an empty, valid file (it was refused)."""
    empty = _memory_layer("Point?crs=EPSG:4326", "빈 layer")
    for name in ("e.gpkg", "e.kmz", "e.geojson", "e.shp"):
        result = ex.export_vector([ex.snapshot(empty)], tmp_path / name)
        assert result.warnings[0] == f"The layer '빈 layer' has no features: {name} holds it empty."
        assert sum(result.layers.values()) == 0
    for name in ("e.gpkg", "e.shp"):
        records, _ = ogr_records(tmp_path / name)
        assert records == [] and _columns(tmp_path / name)[:2] == ["site name", "주소"], name
    import json

    doc = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and doc["features"] == []  # GeoJSON has no fields without features
    assert ogr.Open(str(tmp_path / "e.gpkg")).GetLayer(0).GetGeomType() == ogr.wkbPoint
    assert read_kmz(tmp_path / "e.kmz") == {"빈 layer": []}
    result = ex.export_table(ex.snapshot(empty), tmp_path / "t.csv")
    assert result.warnings[0] == "The layer '빈 layer' has no features: t.csv holds it empty."
    header = (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert header.startswith('"site name",주소,élévation') or header.startswith("site name,주소,élévation")
    assert (tmp_path / "t.csv").read_bytes().count(b"\r\n") == 1 and header.count("\n") == 1
    ex.export_table(ex.snapshot(empty), tmp_path / "t.xlsx")
    assert (tmp_path / "t.xlsx").stat().st_size > 0
    ex.export_stations_csv(ex.snapshot(empty), tmp_path / "s.csv")
    assert (tmp_path / "s.csv").read_text(encoding="utf-8-sig").startswith("lon,lat,")
    assert leftovers(tmp_path) == []


def test_table_of_a_layer_without_fields_is_refused(qgis_app, tmp_path):
    points = _memory_layer("Point?crs=EPSG:4326", "bare points", fields=[])
    feats = []
    for x in (125.5, 125.6):
        feat = QgsFeature(points.fields())
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, 39.0)))
        feats.append(feat)
    points.dataProvider().addFeatures(feats)
    for name in ("t.csv", "t.xlsx"):  # the CSV held a BOM and empty lines, the sheet nothing
        with pytest.raises(ExportError, match=r"'bare points' has no attribute fields.*" + name.replace(".", r"\.")):
            ex.export_table(ex.snapshot(points), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_snapshot_frame_numbers(awkward):
    frame = ex.snapshot_frame(ex.snapshot(awkward))
    assert str(frame["select"].dtype) == "Int64" and frame["select"].tolist()[0] == 7
    assert frame["cells"].tolist()[0] == 2**53 + 1
    assert frame["élévation"].dtype == "float64" and math.isnan(frame["élévation"][1])
    assert frame["site name"].dtype == object


def test_rename_helpers():
    assert ex.unique_field_names(["a", "A", "a_2", "b"]) == {"a": "a", "A": "A_2", "a_2": "a_2_2", "b": "b"}
    names = ["covered_population_min", "covered_population_max", "Name", "NAME", "이름_매우_긴_필드"]
    short = ex.shapefile_names(names)
    assert len({v.lower() for v in short.values()}) == len(names)
    assert all(len(v.encode("utf-8")) <= 10 for v in short.values())
