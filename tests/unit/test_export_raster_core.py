"""GeoTIFF export of coverage rasters (GDAL only): type, compression, nodata, colour table, empty rasters."""

from __future__ import annotations

import numpy as np
import pytest
from osgeo import gdal, osr
from support.export_files import leftovers

from basestation_mapper.plugin.core.palette import COUNT_COLORS, hex_to_rgba
from basestation_mapper.plugin.core.raster_export import write_geotiff
from basestation_mapper.plugin.core.safe_write import ExportError


def _source(path, array, nodata=None, gdt=gdal.GDT_Float32):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[1], array.shape[0], 1, gdt)
    ds.SetGeoTransform((500000.0, 100.0, 0.0, 4300000.0, 0.0, -100.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    band.WriteArray(array)
    ds = None
    return path


def test_float_counts_become_byte_with_colour_table(tmp_path):
    rng = np.random.default_rng(1)
    counts = rng.integers(0, 6, size=(700, 90)).astype("float32")
    counts[0, :5] = -9999
    src = _source(tmp_path / "src.tif", counts, nodata=-9999)
    res = write_geotiff(src, tmp_path / "커버리지 out.tif")
    assert res.data_type == "Byte" and res.color_table and res.nodata == 255
    ds = gdal.Open(str(tmp_path / "커버리지 out.tif"))
    band = ds.GetRasterBand(1)
    assert ds.GetMetadata("IMAGE_STRUCTURE")["COMPRESSION"] == "DEFLATE"
    assert band.GetNoDataValue() == 255
    out = band.ReadAsArray()
    expected = np.where(counts == -9999, 255, counts).astype("uint8")
    assert np.array_equal(out, expected)
    ct = band.GetColorTable()
    assert ct.GetColorEntry(0)[:3] == (255, 255, 255)  # not covered: white (TIFF palettes carry no alpha)
    assert ct.GetColorEntry(1) == hex_to_rgba(COUNT_COLORS[0])
    assert ct.GetColorEntry(5) == hex_to_rgba(COUNT_COLORS[-1])
    assert ds.GetGeoTransform() == (500000.0, 100.0, 0.0, 4300000.0, 0.0, -100.0)
    assert "32652" in ds.GetProjection() or "UTM zone 52N" in ds.GetProjection()


def test_continuous_values_keep_type_without_table(tmp_path):
    values = np.linspace(-110.5, -60.25, 400, dtype="float32").reshape(20, 20)
    src = _source(tmp_path / "rssi.tif", values)
    res = write_geotiff(src, tmp_path / "rssi_out.tif")
    assert res.data_type == "Float32" and not res.color_table and res.warnings
    ds = gdal.Open(str(tmp_path / "rssi_out.tif"))  # keep the dataset alive while its band is read
    out = ds.GetRasterBand(1).ReadAsArray()
    assert np.array_equal(out, values)


def test_empty_coverage_refused(tmp_path):
    src = _source(tmp_path / "empty.tif", np.full((10, 10), -1.0, dtype="float32"), nodata=-1.0)
    with pytest.raises(ExportError, match="no data"):
        write_geotiff(src, tmp_path / "out.tif")
    assert not (tmp_path / "out.tif").exists() and leftovers(tmp_path) == []


def test_nodata_override_and_uint16(tmp_path):
    values = np.array([[0, 300], [7, 65000]], dtype="float64")
    src = _source(tmp_path / "ids.tif", values, gdt=gdal.GDT_Float64)
    res = write_geotiff(src, tmp_path / "ids_out.tif", nodata=0)
    assert res.data_type == "UInt16" and res.nodata == 0.0
    ds = gdal.Open(str(tmp_path / "ids_out.tif"))
    out = ds.GetRasterBand(1).ReadAsArray()
    assert out.tolist() == [[0, 300], [7, 65000]]


def test_unreadable_source(tmp_path):
    bad = tmp_path / "bad.tif"
    bad.write_text("not a raster")
    with pytest.raises(ExportError, match="Cannot open"):
        write_geotiff(bad, tmp_path / "out.tif")
