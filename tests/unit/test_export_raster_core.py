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


def _scaled(path, stored, scale, offset, nodata):
    src = _source(path, stored, nodata=nodata, gdt=gdal.GDT_Int16)
    ds = gdal.Open(str(src), gdal.GA_Update)
    ds.GetRasterBand(1).SetScale(scale)
    ds.GetRasterBand(1).SetOffset(offset)
    ds = None
    return src


def _values(path):
    """Values of band 1 as GDAL and QGIS read them (stored × scale + offset), nodata as NaN."""
    ds = gdal.Open(str(path))
    band = ds.GetRasterBand(1)
    stored = band.ReadAsArray().astype("float64")
    values = stored * (band.GetScale() or 1.0) + (band.GetOffset() or 0.0)
    return np.where(stored == band.GetNoDataValue(), np.nan, values)


def test_counts_stored_with_a_scale_are_written_as_the_counts(tmp_path):
    """Overlap counts stored as Int16 halves (count = stored × 0.5): the stored numbers 0-6 were
    written as the counts 0-6 (twice too many stations), their colours those of 0-6."""
    counts = np.random.default_rng(2).integers(0, 4, size=(30, 40))
    stored = (counts * 2).astype("int16")
    stored[0, :3] = -1
    src = _scaled(tmp_path / "halves.tif", stored, 0.5, 0.0, -1)
    res = write_geotiff(src, tmp_path / "counts.tif")
    assert res.data_type == "Byte" and res.color_table and (res.minimum, res.maximum) == (0.0, 3.0)
    expected = np.where(stored == -1, np.nan, counts)
    np.testing.assert_array_equal(_values(tmp_path / "counts.tif"), expected)


def test_signal_stored_with_scale_and_offset_reads_the_same_after_export(tmp_path):
    """Received signal stored as Int16 tenths of a dB above -150 dBm: copied as stored, its scale
    and offset were dropped and -120.5 dBm read as 295."""
    dbm = np.round(np.random.default_rng(3).uniform(-125.0, -60.0, size=(20, 25)), 1)
    stored = np.round((dbm + 150.0) * 10.0).astype("int16")
    stored[5, 5] = -32768
    src = _scaled(tmp_path / "rssi_tenths.tif", stored, 0.1, -150.0, -32768)
    res = write_geotiff(src, tmp_path / "rssi.tif")
    assert res.data_type == "Int16" and not res.color_table
    assert res.minimum == pytest.approx(np.delete(dbm.ravel(), 5 * 25 + 5).min())
    np.testing.assert_allclose(_values(tmp_path / "rssi.tif"), _values(src))
    assert np.isnan(_values(tmp_path / "rssi.tif")[5, 5])


def test_crs_given_for_a_file_without_one_is_written(tmp_path):
    """An ESRI ASCII grid without its .prj, its CRS set on the layer in QGIS: the GeoTIFF had none."""
    counts = np.random.default_rng(4).integers(0, 3, size=(10, 12)).astype("float32")
    asc = tmp_path / "coverage.asc"
    gdal.Translate(str(asc), str(_source(tmp_path / "c.tif", counts)), format="AAIGrid")
    (tmp_path / "coverage.prj").unlink()
    assert gdal.Open(str(asc)).GetProjection() == ""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    write_geotiff(asc, tmp_path / "out.tif", crs_wkt=srs.ExportToWkt())
    out = osr.SpatialReference(wkt=gdal.Open(str(tmp_path / "out.tif")).GetProjection())
    assert out.IsSame(srs)
    # a file with its own CRS keeps it when the same CRS is given in another form
    own = gdal.Open(str(tmp_path / "c.tif")).GetProjection()
    write_geotiff(tmp_path / "c.tif", tmp_path / "same.tif", crs_wkt=srs.ExportToProj4())
    assert gdal.Open(str(tmp_path / "same.tif")).GetProjection() == own
