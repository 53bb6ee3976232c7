"""Vector exports the other importer tests never saw (files written here, small and fixed)."""

from __future__ import annotations

import pytest

from basestation_mapper.plugin.core import importers as im

# as GDAL (QGIS's 'Save Features As' GPX, GPX_USE_EXTENSIONS=YES, or ogr2ogr -dsco GPX_USE_EXTENSIONS=YES) writes it
_GDAL_GPX = """<?xml version="1.0"?>
<gpx version="1.1" creator="GDAL 3.6.2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 xmlns:ogr="http://osgeo.org/gdal" xmlns="http://www.topografix.com/GPX/1/1"
 xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">
<metadata><bounds minlat="37.5" minlon="126.9" maxlat="37.6" maxlon="127.0"/></metadata>
<wpt lat="37.5" lon="126.9">
  <name>Seoul 1</name>
  <extensions>
    <ogr:technology>LTE</ogr:technology>
    <ogr:operator>SKT</ogr:operator>
    <ogr:antenna_height_m>42.5</ogr:antenna_height_m>
  </extensions>
</wpt>
<wpt lat="37.6" lon="127.0">
  <name>Seoul 2</name>
  <extensions>
    <ogr:technology>NR</ogr:technology>
    <ogr:operator>KT</ogr:operator>
    <ogr:antenna_height_m>25</ogr:antenna_height_m>
  </extensions>
</wpt>
</gpx>
"""


def test_gpx_written_by_gdal_reads_its_extensions_as_the_station_fields(tmp_path):
    path = tmp_path / "stations.gpx"
    path.write_text(_GDAL_GPX, encoding="utf-8")
    result = im.import_file(path)
    stations = result.stations.sort_values("name")
    assert list(stations["name"]) == ["Seoul 1", "Seoul 2"]
    assert list(stations["technology"]) == ["4G", "5G"]
    assert list(stations["operator"]) == ["SKT", "KT"]
    assert list(stations["antenna_height_m"]) == [42.5, 25.0]
    assert result.details["field_columns"]["technology"] == "ogr_technology"


def _shapefile(folder, encoding: str, fields: dict[str, str], cpg: str):
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(folder / "sites.shp"))
    lyr = ds.CreateLayer("sites", srs, ogr.wkbPoint, options=[f"ENCODING={encoding}"])
    for field in fields:
        lyr.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    feat = ogr.Feature(lyr.GetLayerDefn())
    for field, value in fields.items():
        feat.SetField(field, value)
    feat.SetGeometry(ogr.CreateGeometryFromWkt("POINT (126.97 37.55)"))
    lyr.CreateFeature(feat)
    feat = ds = None
    (folder / "sites.cpg").write_text(cpg, encoding="ascii")
    return folder / "sites.shp"


@pytest.mark.parametrize("cpg", ["UTF-8", "65001", "ANSI 949"])
def test_korean_shapefile_whose_cpg_says_utf8_or_an_ansi_code_page(tmp_path, cpg):
    """A CP949 DBF with a .cpg of UTF-8 (copied from another shapefile) or 'ANSI 949' (ArcGIS's name of the code
    page, which GDAL does not read): its Korean field names and values were lost (GDAL gave '\\ufffd')."""
    path = _shapefile(tmp_path, "CP949", {"이름": "서울역 기지국", "통신사": "SK텔레콤"}, cpg)
    stations = im.import_file(path).stations
    assert (stations["name"].iloc[0], stations["operator"].iloc[0]) == ("서울역 기지국", "SK텔레콤")


@pytest.mark.parametrize(("encoding", "cpg"), [("UTF-8", "UTF-8"), ("CP949", "CP949"), ("CP1252", "1252")])
def test_shapefile_whose_cpg_is_right_is_read_by_it(tmp_path, encoding, cpg):
    name = "Café" if encoding == "CP1252" else "서울역 기지국"
    path = _shapefile(tmp_path, encoding, {"name": name, "operator": "KT"}, cpg)
    stations = im.import_file(path).stations
    assert (stations["name"].iloc[0], stations["operator"].iloc[0]) == (name, "KT")
