"""Folders and files named as analysts name them (Hangul, spaces, '#', '&', ';', ',', '[', quotes, '|', '%') and
very long paths, read and written by the core and the command line (no QGIS)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from osgeo import gdal, ogr, osr
from support.paths import POSIX_ONLY, analyst_folder, path_of_bytes

from basestation_mapper.plugin.core.importers import ImportFailed, import_file, split_source
from basestation_mapper.plugin.core.paths import GDAL_PATH_BYTES, SQLITE_PATH_BYTES
from basestation_mapper.plugin.core.safe_write import ExportError, check_destination, staged

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample"
PLACES = [("평양 1", 125.7543, 39.0392), ("평양 2", 125.7800, 39.0190), ("함흥", 127.5364, 39.9183)]

pytestmark = POSIX_ONLY


@pytest.fixture
def folder(tmp_path) -> Path:
    return analyst_folder(tmp_path)


def _geopackage(path: Path, layers: dict[str, list[tuple[str, float, float]]]) -> Path:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    for name, rows in layers.items():
        lyr = ds.CreateLayer(name, srs, ogr.wkbPoint)
        lyr.CreateField(ogr.FieldDefn("name", ogr.OFTString))
        for label, lon, lat in rows:
            feat = ogr.Feature(lyr.GetLayerDefn())
            feat.SetField("name", label)
            feat.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({lon} {lat})"))
            lyr.CreateFeature(feat)
    ds = None
    return path


def test_a_layer_of_a_geopackage_in_a_folder_holding_a_bar_is_read_by_its_name_and_number(folder):
    """'stations.gpkg|layername=...' of a GeoPackage in a folder 'a|b': the source was cut at the folder's '|' and
    refused ("'b/....gpkg|layername=...' after the file name is not understood")."""
    gpkg = _geopackage(folder / "기지국 #3 50%.gpkg", {"기지국 레이어 1": PLACES[:2], "other layer": PLACES[2:]})
    assert split_source(f"{gpkg}|layername=기지국 레이어 1") == (str(gpkg), "기지국 레이어 1")
    assert split_source(f"{gpkg}|layerid=1") == (str(gpkg), "other layer")
    assert split_source(str(gpkg)) == (str(gpkg), None)
    file, layer = split_source(f"{gpkg}|layername=기지국 레이어 1")
    assert sorted(import_file(file, layer=layer).stations["name"]) == ["평양 1", "평양 2"]
    with pytest.raises(ImportFailed, match="'colour=red' after the file name is not understood"):
        split_source(f"{gpkg}|colour=red")


def test_a_missing_file_in_a_folder_holding_a_bar_is_said_missing(folder):
    missing = folder / "없는 파일.gpkg"
    assert split_source(f"{missing}|layername=towers") == (str(missing), "towers")
    with pytest.raises(ImportFailed, match="file not found"):
        import_file(split_source(f"{missing}|layername=towers")[0], layer="towers")


OSM = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="39.0392" lon="125.7543" version="1">
    <tag k="man_made" v="mast"/><tag k="tower:type" v="communication"/>
    <tag k="communication:mobile_phone" v="yes"/><tag k="name" v="평양 탑"/>
  </node>
  <node id="2" lat="39.0190" lon="125.7800" version="1"><tag k="amenity" v="cafe"/></node>
</osm>
"""


def test_the_points_of_an_openstreetmap_file_in_a_folder_holding_a_bar(folder):
    path = folder / "헬싱키, #5 [1].osm"
    path.write_text(OSM, encoding="utf-8")
    file, layer = split_source(f"{path}|layername=points")
    assert (file, layer) == (str(path), "points")
    assert list(import_file(file, layer=layer).stations["name"]) == ["평양 탑"]


def test_command_line_reads_a_layer_of_a_geopackage_in_a_folder_holding_a_bar(folder):
    """`cli coveragestats --regions 'regions.gpkg|layername=...'` as QGIS names a layer, the files in such a
    folder: the regions were refused as a source not understood."""
    gdal.UseExceptions()
    regions = folder / "도 경계 #2 (2024).gpkg"
    gdal.VectorTranslate(str(regions), str(SAMPLE / "provinces_naturalearth.geojson"), layerName="도 경계 layer")
    gdal.VectorTranslate(str(regions), str(SAMPLE / "provinces_naturalearth.geojson"), layerName="second",
                         accessMode="append")
    stations = folder / "기지국 목록 #1.csv"
    shutil.copy(SAMPLE / "stations_illustrative.csv", stations)
    out = folder / "통계 & 결과, #3.csv"
    done = subprocess.run([sys.executable, "-m", "basestation_mapper.plugin.cli", "coveragestats",
                           "--stations", str(stations), "--regions", f"{regions}|layername=도 경계 layer",
                           "--region-field", "name", "--output", str(out), "--quiet"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert "P'yŏngyang" in text and "TOTAL" in text


# -- paths too long for SQLite (GeoPackage) and GDAL (shapefile) ----------------------------------------------------
def test_a_geopackage_destination_too_long_for_sqlite_is_refused_before_anything_is_written(tmp_path):
    """SQLite opens no database whose path is longer than 504 bytes: a GeoPackage export there failed after the
    work, with "sqlite3_open(...) failed: unable to open database file". The longest path whose temporary file
    (whose name is up to 16 bytes longer) fits is written."""
    longest = SQLITE_PATH_BYTES - len(".~x.12345678.part.gpkg") + len("x.gpkg")
    fits = path_of_bytes(tmp_path / "fits", longest, "x.gpkg")
    with staged(fits) as tmp:
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp))
        ds.CreateLayer("기지국")
        ds = None
    assert gdal.OpenEx(str(fits), gdal.OF_VECTOR).GetLayer(0).GetName() == "기지국"
    too_long = path_of_bytes(tmp_path / "long", longest + 1, "x.gpkg")
    with pytest.raises(ExportError, match=f"too long for a GeoPackage: SQLite reads and writes such files at "
                                          f"paths of at most {longest} bytes, and this one takes {longest + 1}"):
        check_destination(too_long)
    assert list(too_long.parent.iterdir()) == []


def test_a_geopackage_too_long_for_sqlite_is_said_so_when_imported(tmp_path):
    gpkg = _geopackage(tmp_path / "s.gpkg", {"기지국": PLACES})
    deep = path_of_bytes(tmp_path / "deep", 600, "기지국 목록.gpkg")
    shutil.move(gpkg, deep)
    with pytest.raises(ImportFailed, match=r"too long for a GeoPackage: .* at most 504 bytes, and this one "
                                           r"takes 600"):
        import_file(deep)


def test_a_shapefile_destination_too_long_for_gdal_is_refused(tmp_path):
    """GDAL names a shapefile's .dbf/.shx/.prj in buffers of 2048 bytes: a longer path wrote no .dbf ("Destination
    buffer too small") and the export failed with "Nothing was written"."""
    longest = GDAL_PATH_BYTES - len(".~stations.12345678.part.shp") + len("stations.shp")
    fits = path_of_bytes(tmp_path / "fits", longest, "stations.shp")
    with staged(fits) as tmp:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4326)
        ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(tmp))
        ds.CreateLayer(tmp.stem, srs, ogr.wkbPoint).CreateField(ogr.FieldDefn("name", ogr.OFTString))
        ds = None
    assert fits.with_suffix(".dbf").exists() and gdal.OpenEx(str(fits), gdal.OF_VECTOR).GetLayerCount() == 1
    path = path_of_bytes(tmp_path / "long", longest + 1, "stations.shp")
    with pytest.raises(ExportError, match=f"too long for a Shapefile: GDAL .* at most {longest:,} bytes, and this "
                                          f"one takes {longest + 1:,}"):
        check_destination(path)
    check_destination(path.with_suffix(".csv"))  # a CSV is written by Python at any length the system takes


def test_a_missing_file_under_a_folder_holding_a_bar_is_said_not_found(tmp_path):
    """No option after the '|': the whole text is the file's path (Processing and the command line then say it is
    not found), not a file 'a' followed by an option 'b/missing.csv' not understood."""
    missing = str(tmp_path / "a|b" / "missing.csv")
    assert split_source(missing) == (missing, None)
    with pytest.raises(ImportFailed, match=r"missing\.csv: file not found"):
        import_file(missing)
