"""Exports against files as other programs leave them: GeoPackages in write-ahead-log mode, layers
without a coordinate reference system. Outputs are read back with SQLite / OGR / the CSV reader."""

from __future__ import annotations

import csv
import json
import sqlite3

import numpy as np
import pytest
from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant
from support.export_files import leftovers, ogr_records, read_kmz

from basestation_mapper.plugin.core.safe_write import ExportError
from basestation_mapper.plugin.qgis_io import export as ex


def _points(name: str, xy, crs: str = "EPSG:4326") -> QgsVectorLayer:
    layer = QgsVectorLayer(f"Point?crs={crs}" if crs else "Point", name, "memory")
    layer.dataProvider().addAttributes([QgsField("name", QVariant.Type.String)])
    layer.updateFields()
    feats = []
    for i, (x, y) in enumerate(xy):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([f"{name} {i}"])
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    layer.updateExtents()
    return layer


def _tables(path) -> list[str]:
    con = sqlite3.connect(str(path))
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return sorted(r[0] for r in con.execute("SELECT table_name FROM gpkg_contents"))
    finally:
        con.close()


def test_geopackage_open_in_wal_mode_in_this_session_is_left_alone(qgis_app, tmp_path):
    """A connection of this same process (another plugin, the Python console) holds the GeoPackage in
    write-ahead-log mode: replacing the file under it left its log beside the new file, where the next
    reader applied it and corrupted the file ("malformed database schema")."""
    path = tmp_path / "shared.gpkg"
    ex.export_vector([ex.snapshot(_points("regions", [(125.5, 39.0)]))], path)
    con = sqlite3.connect(str(path))
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA wal_autocheckpoint=0")
        con.execute("CREATE TABLE field_notes (id INTEGER PRIMARY KEY, text TEXT)")
        con.execute("INSERT INTO field_notes(text) VALUES ('tower seen 2019-04-12')")
        con.execute("INSERT INTO gpkg_contents(table_name, data_type, identifier) "
                    "VALUES ('field_notes', 'attributes', 'field_notes')")
        con.commit()
        with pytest.raises(ExportError, match=r"shared\.gpkg: it is open in another program or in a layer being "
                                              r"edited here \(its write-ahead log shared\.gpkg-wal is in use\)"):
            ex.export_vector([ex.snapshot(_points("stations", [(125.7, 39.1)]))], path, overwrite=True)
    finally:
        con.close()
    assert _tables(path) == ["field_notes", "regions"]  # the other connection's work is intact
    assert leftovers(tmp_path) == []
    ex.export_vector([ex.snapshot(_points("stations", [(125.7, 39.1)]))], path, overwrite=True)
    assert _tables(path) == ["field_notes", "regions", "stations"]
    assert ogr_records(path, "field_notes")[0] == [{"text": "tower seen 2019-04-12"}]


# -- layers without a coordinate reference system (a shapefile without its .prj) ---------------------------
def _shapefile_without_prj(tmp_path, name, named_wkt, geom_type=None):
    """A shapefile with no .prj of the features {name: WKT} (points unless ``geom_type``), loaded as
    QGIS loads it: its CRS is unknown (invalid)."""
    from osgeo import ogr

    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(tmp_path / f"{name}.shp"))
    lyr = ds.CreateLayer(name, None, ogr.wkbPoint if geom_type is None else geom_type)
    lyr.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    for feature_name, wkt in named_wkt.items():
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetField("name", feature_name)
        feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(feat)
        feat = None
    ds = None
    layer = QgsVectorLayer(str(tmp_path / f"{name}.shp"), name, "ogr")
    assert layer.isValid() and not layer.crs().isValid()
    return layer


def _towers_without_prj(tmp_path, name, xy):
    """A point shapefile with no .prj."""
    return _shapefile_without_prj(tmp_path, name, {f"T{i}": f"POINT ({x} {y})" for i, (x, y) in enumerate(xy)})

def test_metres_without_a_crs_are_not_written_as_longitude_latitude(qgis_app, tmp_path):
    utm = _towers_without_prj(tmp_path, "towers_utm", [(350000.0, 4320000.0), (351000.0, 4320500.0)])
    out = tmp_path / "out"
    for name in ("towers.kmz", "towers.kml", "towers.geojson"):
        with pytest.raises(ExportError, match=r"'towers_utm' has no coordinate reference system.*longitude"):
            ex.export_vector([ex.snapshot(utm)], out / name)
    with pytest.raises(ExportError, match=r"'towers_utm' has no coordinate reference system"):
        ex.export_stations_csv(ex.snapshot(utm), out / "towers.csv")
    assert not out.exists() or list(out.iterdir()) == []
    ex.export_vector([ex.snapshot(utm)], out / "towers.gpkg")  # formats that keep the coordinates as they are
    assert len(ogr_records(out / "towers.gpkg")[0]) == 2


def test_degrees_without_a_crs_are_written_as_wgs84_with_a_warning(qgis_app, tmp_path):
    lonlat = _towers_without_prj(tmp_path, "towers_deg", [(125.75, 39.02), (125.8, 39.05)])
    result = ex.export_vector([ex.snapshot(lonlat)], tmp_path / "towers.kmz")
    assert "no coordinate reference system" in result.warnings[0] and "WGS84" in result.warnings[0]
    coords = [f["coords"][0][0] for f in read_kmz(tmp_path / "towers.kmz")["towers_deg"]]
    assert coords == [pytest.approx((125.75, 39.02)), pytest.approx((125.8, 39.05))]
    result = ex.export_stations_csv(ex.snapshot(lonlat), tmp_path / "towers.csv")
    assert "WGS84" in result.warnings[0]
    with open(tmp_path / "towers.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(float(r["lon"]), float(r["lat"])) for r in rows] == [(125.75, 39.02), (125.8, 39.05)]
    ex.export_vector([ex.snapshot(lonlat)], tmp_path / "towers.geojson")
    doc = json.loads((tmp_path / "towers.geojson").read_text(encoding="utf-8"))
    assert [f["geometry"]["coordinates"] for f in doc["features"]] == [[125.75, 39.02], [125.8, 39.05]]


# -- object and list properties (GeoJSON from OpenStreetMap / Overpass) ---------------------------------------
OSM_GEOJSON = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [125.75, 39.02]},
     "properties": {"name": "탑 1", "tags": {"man_made": "mast", "operator": "Koryolink, \"KPTC\""},
                    "freqs": ["900", "2100"], "height": 30.5}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [125.8, 39.05]},
     "properties": {"name": "탑 2", "tags": None, "freqs": ["1800"], "height": None}},
]}


@pytest.fixture
def osm_layer(qgis_app, tmp_path):
    path = tmp_path / "overpass.geojson"
    path.write_text(json.dumps(OSM_GEOJSON, ensure_ascii=False), encoding="utf-8")
    layer = QgsVectorLayer(str(path), "overpass", "ogr")
    assert layer.isValid() and layer.fields().field("tags").typeName() == "JSON"  # a map field in QGIS
    return layer


TAGS = OSM_GEOJSON["features"][0]["properties"]["tags"]


@pytest.mark.parametrize("name", ["osm.gpkg", "osm.geojson", "osm.shp"])
def test_object_properties_are_written_as_json_text(osm_layer, tmp_path, name):
    path = tmp_path / "out" / name
    ex.export_vector([ex.snapshot(osm_layer)], path)  # was: "Unsupported type for field tags", nothing written
    records, _geoms = ogr_records(path)
    assert json.loads(records[0]["tags"]) == TAGS and records[1]["tags"] is None
    assert [r["name"] for r in records] == ["탑 1", "탑 2"]


def test_object_and_list_properties_in_tables_stations_csv_and_kmz(osm_layer, tmp_path):
    for name in ("t.csv", "t.xlsx"):
        ex.export_table(ex.snapshot(osm_layer), tmp_path / name)
        assert json.loads(ogr_records(tmp_path / name)[0][0]["tags"]) == TAGS
    ex.export_stations_csv(ex.snapshot(osm_layer), tmp_path / "stations.csv")
    with open(tmp_path / "stations.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # JSON, not Python's repr ("{'man_made': 'mast', ...}", "['900', '2100']")
    assert json.loads(rows[0]["tags"]) == TAGS and json.loads(rows[0]["freqs"]) == ["900", "2100"]
    ex.export_vector([ex.snapshot(osm_layer)], tmp_path / "osm.kmz")
    (first, _second) = read_kmz(tmp_path / "osm.kmz")["overpass"]
    assert json.loads(first["data"]["tags"]) == TAGS and json.loads(first["data"]["freqs"]) == ["900", "2100"]


# -- binary (BLOB) fields: a photo or a raw record kept in a GeoPackage ---------------------------------------
@pytest.fixture
def blob_layer(qgis_app, tmp_path):
    from osgeo import ogr, osr

    rng = np.random.default_rng(11)
    blobs = [rng.integers(0, 256, 40, dtype=np.uint8).tobytes(), b"\x89PNG\r\n\x1a\n\x00'\"", None]
    path = tmp_path / "blobs.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    lyr = ds.CreateLayer("towers", srs, ogr.wkbPoint)
    lyr.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    lyr.CreateField(ogr.FieldDefn("photo", ogr.OFTBinary))
    for i, blob in enumerate(blobs):
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetField("name", f"탑 {i + 1}")
        if blob is not None:
            feat.SetFieldBinaryFromHexString("photo", blob.hex())
        feat.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({125.7 + i / 10} 39.0)"))
        lyr.CreateFeature(feat)
    ds = None
    layer = QgsVectorLayer(f"{path}|layername=towers", "towers", "ogr")
    assert layer.isValid()
    return layer, blobs


def test_binary_fields_in_stations_csv_and_kmz(blob_layer, tmp_path):
    import base64

    layer, blobs = blob_layer
    result = ex.export_stations_csv(ex.snapshot(layer), tmp_path / "stations.csv")
    with open(tmp_path / "stations.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # base64 text (was Python's repr "b'\\x89PNG...'")
    assert [base64.b64decode(r["photo"]) if r["photo"] else None for r in rows] == blobs
    assert any("photo" in w and "base64" in w for w in result.warnings)
    result = ex.export_vector([ex.snapshot(layer)], tmp_path / "towers.kmz")
    placemarks = read_kmz(tmp_path / "towers.kmz")["towers"]
    assert [p["data"] for p in placemarks] == [{"fid": str(i), "name": f"탑 {i}"} for i in (1, 2, 3)]
    assert any("photo" in w and "left out" in w for w in result.warnings)


# -- the report's map credit ----------------------------------------------------------------------------
def _credits(imagery) -> str:
    import pandas as pd
    from qgis.core import QgsLayoutItemLabel, QgsRectangle

    from basestation_mapper.plugin.qgis_io.report import ReportInputs, build_report

    regions = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "provinces", "memory")
    feat = QgsFeature(regions.fields())
    feat.setAttributes(["평안남도"])
    feat.setGeometry(QgsGeometry.fromRect(QgsRectangle(125.5, 38.9, 126.0, 39.3)))
    regions.dataProvider().addFeatures([feat])
    regions.updateExtents()
    stats = pd.DataFrame({"region": ["평안남도"], "area_km2": [1200.0]})
    report = build_report(ReportInputs(regions=regions, region_field="name", statistics=stats, imagery=imagery))
    try:
        return " ".join(item.text() for item in report.layout.items() if isinstance(item, QgsLayoutItemLabel))
    finally:
        report.close()


def test_map_credit_does_not_claim_no_web_tiles_under_web_imagery(qgis_app):
    from basestation_mapper.plugin.qgis_io.imagery import web_layer

    assert "offline basemap (no web tiles)" in _credits([])
    # an XYZ layer (file:// tiles here, so that nothing is fetched while the layout is built)
    tiles = web_layer({"kind": "xyz", "url": "file:///nonexistent/tiles/{z}/{x}/{y}.png", "name": "World imagery"})
    text = _credits([tiles])
    assert "no web tiles" not in text and "Map: EPSG:32651." in text


# -- text a shapefile cannot hold ----------------------------------------------------------------------------
def test_shapefile_says_which_texts_it_cut(qgis_app, tmp_path):
    layer = QgsVectorLayer("Point?crs=EPSG:4326", "field survey", "memory")
    layer.dataProvider().addAttributes([QgsField("notes", QVariant.Type.String),
                                        QgsField("name", QVariant.Type.String)])
    layer.updateFields()
    notes = ["안테나 세 개, 태양광 패널 " * 12, "short", "x" * 254, "y" * 255]  # 254 bytes fit in a DBF
    feats = []
    for i, text in enumerate(notes):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([text, f"T{i}"])
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(125.7 + i / 100, 39.0)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    result = ex.export_vector([ex.snapshot(layer)], tmp_path / "survey.shp")
    records, _geoms = ogr_records(tmp_path / "survey.shp")
    # cut at a character boundary (the driver cut bytes: half a Korean character, invalid UTF-8)
    kept = notes[0].encode("utf-8")[:254].decode("utf-8", "ignore").rstrip()  # a DBF drops trailing blanks
    assert records[0]["notes"] == kept
    assert records[3]["notes"] == "y" * 254
    assert records[1]["notes"] == "short" and records[2]["notes"] == "x" * 254
    cut = [w for w in result.warnings if "254 bytes" in w]
    assert len(cut) == 1 and "'notes'" in cut[0] and "2 values" in cut[0] and "GeoPackage" in cut[0]


def test_processing_names_the_station_layer_it_refuses(provider, tmp_path):
    import processing
    from qgis.core import QgsProcessingException, QgsProject

    utm = _towers_without_prj(tmp_path, "towers_utm", [(350000.0, 4320000.0)])
    QgsProject.instance().addMapLayer(utm)
    try:
        with pytest.raises(QgsProcessingException, match="'towers_utm' has no coordinate reference system"):
            processing.run("basestationmapper:exportstationscsv", {"STATIONS": utm, "OUTPUT": str(tmp_path / "s.csv")})
    finally:
        QgsProject.instance().removeMapLayer(utm.id())
    assert not (tmp_path / "s.csv").exists()


def _regions_without_prj(tmp_path, name, rects):
    """A polygon shapefile with no .prj (QGIS loads it with an unknown CRS)."""
    from osgeo import ogr

    return _shapefile_without_prj(tmp_path, name, {
        region: f"POLYGON (({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"
        for region, (x0, y0, x1, y1) in rects.items()}, ogr.wkbPolygon)

def test_report_on_provinces_without_a_crs(qgis_app, tmp_path):
    """Provinces in degrees from a shapefile without its .prj: the map showed a few thousandths of a
    kilometre of empty sea (the degrees taken as metres of the UTM map)."""
    import pandas as pd
    from qgis.core import QgsLayoutItemMap

    from basestation_mapper.plugin.qgis_io.report import ReportInputs, build_report

    rects = {"평안남도": (125.5, 38.9, 126.5, 39.6), "함경남도": (126.8, 39.6, 128.5, 40.8)}
    regions = _regions_without_prj(tmp_path, "provinces", rects)
    stats = pd.DataFrame({"region": list(rects), "area_km2": [12355.0, 18531.0]})
    report = build_report(ReportInputs(regions=regions, region_field="name", statistics=stats))
    try:
        (item,) = [i for i in report.layout.items() if isinstance(i, QgsLayoutItemMap)]
        assert item.crs().authid() == "EPSG:32652"
        assert 250_000 < item.extent().width() < 400_000  # the provinces, about 260 km across, with a margin
    finally:
        report.close()
    utm = _regions_without_prj(tmp_path, "provinces_utm", {"a": (350000, 4300000, 400000, 4350000)})
    stats = pd.DataFrame({"region": ["a"], "area_km2": [2500.0]})
    with pytest.raises(ExportError, match="'provinces_utm' has no coordinate reference system"):
        build_report(ReportInputs(regions=utm, region_field="name", statistics=stats))
