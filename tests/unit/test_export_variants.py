"""Exports of inputs the writers had not seen (no QGIS): wide and float rasters, awkward KML text and geometry."""

from __future__ import annotations

import tracemalloc
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
import pytest
from osgeo import gdal, osr
from shapely.geometry import GeometryCollection, LineString, MultiPoint, Point, Polygon
from support.export_files import leftovers, read_kmz

from basestation_mapper.plugin.core import kml
from basestation_mapper.plugin.core.raster_export import block_rows, write_geotiff
from basestation_mapper.plugin.core.safe_write import DestinationExists


def _raster(path, width, height, epsg=5179, gdt=gdal.GDT_Float32, nodata=None, fill=None, array=None):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), width, height, 1, gdt,
                                              options=["COMPRESS=DEFLATE", "TILED=YES"])
    ds.SetGeoTransform((950000.0, 30.0, 0.0, 1960000.0, 0.0, -30.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    if fill is not None:
        band.Fill(fill)
    if array is not None:
        band.WriteArray(array)
    ds = None
    return path


def test_block_rows_bound_the_cells_read_at_once():
    assert block_rows(1000) == 512
    assert block_rows(50_000) == 20
    assert block_rows(10**8) == 1


def test_very_wide_raster_is_copied_in_bounded_memory(tmp_path):
    src = _raster(tmp_path / "wide.tif", 50_000, 200, epsg=3857, nodata=-1, fill=2)
    tracemalloc.start()
    try:
        result = write_geotiff(src, tmp_path / "out.tif")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64e6, f"{peak / 1e6:.0f} MB held at once"  # 200 whole rows as float64 alone are 80 MB
    assert result.data_type == "Byte" and (result.minimum, result.maximum) == (2.0, 2.0)
    ds = gdal.Open(str(tmp_path / "out.tif"))
    assert ds.RasterXSize == 50_000 and ds.GetSpatialRef().GetAuthorityCode(None) == "3857"
    assert int(ds.GetRasterBand(1).ReadAsArray(49_990, 190, 10, 10).max()) == 2


def test_rows_across_several_blocks_are_all_written(tmp_path, monkeypatch):
    monkeypatch.setattr("basestation_mapper.plugin.core.raster_export.BLOCK_CELLS", 1000)
    counts = np.random.default_rng(5).integers(0, 5, size=(97, 61)).astype("float32")
    counts[::7, ::5] = -9
    src = _raster(tmp_path / "counts.tif", 61, 97, nodata=-9, array=counts)
    write_geotiff(src, tmp_path / "out.tif")
    ds = gdal.Open(str(tmp_path / "out.tif"))  # kept alive while its band is read
    out = ds.GetRasterBand(1).ReadAsArray()
    assert np.array_equal(out, np.where(counts == -9, 255, counts).astype("uint8"))


def test_float_raster_keeps_type_nodata_and_crs(tmp_path):
    values = np.linspace(-110.5, -60.25, 40 * 30, dtype="float32").reshape(40, 30)
    values[0, :] = np.nan
    values[1, :] = -9999
    src = _raster(tmp_path / "signal 신호.tif", 30, 40, epsg=32652, nodata=-9999, array=values)
    result = write_geotiff(src, tmp_path / "결과 out" / "signal.tif")
    assert result.data_type == "Float32" and not result.color_table and result.warnings
    ds = gdal.Open(str(tmp_path / "결과 out" / "signal.tif"))
    band = ds.GetRasterBand(1)
    assert band.GetNoDataValue() == -9999 and band.GetColorTable() is None
    assert ds.GetSpatialRef().GetAuthorityCode(None) == "32652"
    assert ds.GetGeoTransform() == (950000.0, 30.0, 0.0, 1960000.0, 0.0, -30.0)
    out = band.ReadAsArray()
    assert np.array_equal(out[2:], values[2:]) and np.isnan(out[0]).all() and (out[1] == -9999).all()


def test_existing_raster_kept_without_consent(tmp_path):
    src = _raster(tmp_path / "c.tif", 10, 10, fill=1)
    dest = tmp_path / "out.tif"
    dest.write_bytes(b"old")
    with pytest.raises(DestinationExists, match=r"out\.tif already exists"):
        write_geotiff(src, dest)
    assert dest.read_bytes() == b"old" and leftovers(tmp_path) == []


# -- KML -------------------------------------------------------------------------------------------------
def test_balloon_text_survives_markup_quotes_newlines_and_controls(tmp_path):
    attrs = {"name": "Tower <1> & \"A\"", "주소": "평양시\n중구", "note": "]]> <![CDATA[ x", "ctl": "a\x00b\x1fc\x7fd",
             "html": "<b>bold</b>", "big": 2**62 + 1, "nan": float("nan"), "none": None, "flag": True}
    path = tmp_path / "balloon.kmz"
    kml.write_kmz(path, "Doc & <title>", [kml.KmlFolder("Folder \"1\" <x>", [kml.KmlFeature(Point(125.7, 39.0),
                                                                                           attrs)])])
    folders = read_kmz(path)
    (pm,) = folders["Folder \"1\" <x>"]
    assert pm["name"] == "Tower <1> & \"A\""
    data = pm["data"]
    assert data["주소"] == "평양시\n중구" and data["note"] == "]]> <![CDATA[ x" and data["html"] == "<b>bold</b>"
    assert data["ctl"] == "abc\x7fd"  # characters XML 1.0 cannot hold are dropped, the rest kept
    assert data["big"] == str(2**62 + 1) and data["nan"] == "" and data["none"] == "" and data["flag"] == "true"
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("doc.kml"))
    assert root.findtext(".//{http://www.opengis.net/kml/2.2}Document/{http://www.opengis.net/kml/2.2}name") == \
        "Doc & <title>"


def test_field_names_with_controls_and_quotes_stay_well_formed(tmp_path):
    attrs = {"a\"b": 1, "c<d>&e": 2, "tab\tname\x01": 3}
    path = tmp_path / "names.kml"
    kml.write_kmz(path, "n", [kml.KmlFolder("f", [kml.KmlFeature(Point(0, 0), attrs)])])
    (pm,) = read_kmz(path)["f"]
    assert pm["data"] == {"a\"b": "1", "c<d>&e": "2", "tab\tname": "3"}


def test_mixed_and_empty_geometries(tmp_path):
    features = [
        kml.KmlFeature(GeometryCollection([Point(125, 39), LineString([(125, 39), (126, 40)])]), {"id": 1}),
        kml.KmlFeature(MultiPoint([(125, 39), (125.5, 39.5)]), {"id": 2}),
        kml.KmlFeature(Polygon(), {"id": 3}),  # empty: left out
        kml.KmlFeature(GeometryCollection(), {"id": 4}),
    ]
    path = tmp_path / "mixed.kmz"
    kml.write_kmz(path, "m", [kml.KmlFolder("f", features)])
    placemarks = read_kmz(path)["f"]
    assert [pm["data"]["id"] for pm in placemarks] == ["1", "2"]
    assert [pm["geometry"] for pm in placemarks] == ["MultiGeometry", "MultiGeometry"]
    assert placemarks[0]["coords"] == [[(125.0, 39.0)], [(125.0, 39.0), (126.0, 40.0)]]
    lib = gdal.OpenEx(f"/vsizip/{path}/doc.kml", gdal.OF_VECTOR)  # GDAL's KML reader agrees
    assert lib.GetLayer(0).GetFeatureCount() == 2
