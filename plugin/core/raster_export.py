"""Coverage rasters to GeoTIFF: compressed, tiled, with nodata and a colour table (GDAL only).

Coverage rasters hold small integers (covered 0/1, overlap counts, best-server ids); they are
often stored as floats by the tool that made them. Integer-valued data is written as Byte or
UInt16 so that a colour table can be attached (GeoTIFF allows one only for those types); truly
continuous data (e.g. received signal) keeps its type, without a colour table.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from osgeo import gdal

from .messages import tr
from .palette import COUNT_COLORS, hex_to_rgba
from .safe_write import ExportError, staged

CREATION_OPTIONS = ("COMPRESS=DEFLATE", "PREDICTOR=2", "TILED=YES", "BIGTIFF=IF_SAFER")
_ROWS = 512
#: Cells read at once (a block of whole rows): bounds memory however wide the raster is.
BLOCK_CELLS = 1 << 20


def block_rows(width: int) -> int:
    """Rows per block for a raster ``width`` cells wide: at most 512, at most ~1 M cells, at least 1."""
    return max(1, min(_ROWS, BLOCK_CELLS // max(width, 1)))


@dataclass
class RasterExportResult:
    path: Path
    data_type: str
    nodata: float | None
    color_table: bool
    minimum: float | None
    maximum: float | None
    warnings: list[str] = field(default_factory=list)


def count_colors(maximum: int, zero_transparent: bool = True) -> dict[int, tuple[int, int, int, int]]:
    """Colour of each value 0..maximum: 0 white (not covered), then the overlap ramp.

    The alpha of 0 is kept for formats that store it; GeoTIFF palettes are RGB only.
    """
    out = {0: (255, 255, 255, 0) if zero_transparent else hex_to_rgba(COUNT_COLORS[0])}
    for value in range(1, maximum + 1):
        out[value] = hex_to_rgba(COUNT_COLORS[min(value, len(COUNT_COLORS)) - 1])
    return out


def _open(src: str):
    try:
        ds = gdal.OpenEx(str(src), gdal.OF_RASTER | gdal.OF_READONLY)
    except RuntimeError as exc:  # the process runs GDAL with exceptions on
        raise ExportError(tr("Cannot open the raster {src}: {error}.", src=str(src), error=str(exc))) from exc
    if ds is None:
        raise ExportError(tr("Cannot open the raster {src}: {error}.", src=str(src),
                             error=gdal.GetLastErrorMsg() or tr("unknown format")))
    return ds


def band_scaling(band) -> tuple[float, float]:
    """(scale, offset) of a band: value = stored × scale + offset, as GDAL and QGIS read it."""
    scale, offset = band.GetScale(), band.GetOffset()
    return (1.0 if scale is None else float(scale)), (0.0 if offset is None else float(offset))


def scan(ds, nodata: float | None, check: Callable[[], None] | None = None):
    """(has data, all values integral, minimum, maximum) of band 1 ignoring nodata and NaN.

    ``nodata`` is a stored value; the figures are of the values (the band's scale and offset applied).
    """
    band = ds.GetRasterBand(1)
    scale, offset = band_scaling(band)
    integral, lo, hi, any_data = True, np.inf, -np.inf, False
    step = block_rows(ds.RasterXSize)
    for y0 in range(0, ds.RasterYSize, step):
        if check:
            check()
        block = band.ReadAsArray(0, y0, ds.RasterXSize, min(step, ds.RasterYSize - y0)).astype("float64")
        valid = np.isfinite(block)
        if nodata is not None:
            valid &= block != nodata
        if not valid.any():
            continue
        values = block[valid] * scale + offset
        any_data = True
        lo, hi = min(lo, float(values.min())), max(hi, float(values.max()))
        if integral and not np.all(np.equal(np.floor(values), values)):
            integral = False
    return any_data, integral, (lo if any_data else None), (hi if any_data else None)


def write_geotiff(src: str | Path, path: str | Path, overwrite: bool = False, nodata: float | None = None,
                  colors: dict[int, tuple[int, int, int, int]] | None = None,
                  progress: Callable[[float], None] | None = None,
                  check: Callable[[], None] | None = None, crs_wkt: str | None = None) -> RasterExportResult:
    """Copy the raster ``src`` (any GDAL format) to a compressed GeoTIFF at ``path``.

    ``nodata`` overrides the source's nodata value. ``colors`` maps values to RGBA; by default
    integer data keeps its own colour table, or gets the overlap ramp (0 white) without one.
    ``crs_wkt``: the CRS the raster has where it was chosen (a QGIS layer whose file has none, or
    another one); written instead of the file's when they differ. A band's scale and offset are
    kept (data copied as stored) or applied (data converted to Byte / UInt16). Raises
    :class:`ExportError` when the raster holds no data at all (an empty coverage).
    """
    ds = _open(str(src))
    try:
        return _copy(ds, src, path, overwrite, nodata, colors, progress, check, crs_wkt)
    except BaseException as exc:
        # GDAL objects must not outlive this call through the traceback's frames: a dataset
        # destroyed at interpreter exit, after GDAL's own clean-up, crashes the process
        traceback.clear_frames(exc.__traceback__)
        del ds
        raise


def _own_colors(band) -> dict[int, tuple[int, int, int, int]] | None:
    """The band's own colour table (a classified raster's palette) as value -> RGBA, when its values
    are written unchanged (no scale or offset); None otherwise."""
    table = band.GetColorTable()
    if table is None or band_scaling(band) != (1.0, 0.0):
        return None
    return {i: tuple(table.GetColorEntry(i)) for i in range(table.GetCount())}


def _output_crs(ds, crs_wkt: str | None) -> str:
    """The file's CRS, or ``crs_wkt`` when the file has none or another one."""
    own = ds.GetProjection() or ""
    if not crs_wkt or crs_wkt == own:
        return own
    from .population import same_crs

    return own if own and same_crs(own, crs_wkt) else crs_wkt


def _copy(ds, src, path, overwrite, nodata, colors, progress, check, crs_wkt=None) -> RasterExportResult:
    band = ds.GetRasterBand(1)
    src_nodata = band.GetNoDataValue()
    nodata_in = nodata if nodata is not None else src_nodata
    any_data, integral, lo, hi = scan(ds, nodata_in, check)
    if not any_data:
        raise ExportError(tr("The raster {name} holds no data (every cell is nodata): nothing to export.",
                             name=Path(str(src)).name))
    warnings: list[str] = []
    single = ds.RasterCount == 1
    if single and integral and lo >= 0 and hi <= 65534:
        gdt = gdal.GDT_Byte if hi <= 254 else gdal.GDT_UInt16
        out_nodata = float(255 if gdt == gdal.GDT_Byte else 65535)
        top = 255 if gdt == gdal.GDT_Byte else 65535
        if nodata is not None and float(nodata).is_integer() and 0 <= nodata <= top:
            out_nodata = float(nodata)
        dtype = "uint8" if gdt == gdal.GDT_Byte else "uint16"
        table = colors if colors is not None else (_own_colors(band) or count_colors(int(hi)))
    else:
        gdt = band.DataType
        for b in range(2, ds.RasterCount + 1):  # one type for every band: one that holds each band's values
            gdt = gdal.DataTypeUnion(gdt, ds.GetRasterBand(b).DataType)
        dtype = None
        out_nodata = nodata_in if nodata_in is not None else (-9999.0 if gdt in (gdal.GDT_Float32, gdal.GDT_Float64)
                                                             else None)
        table = None
        if single:
            warnings.append(tr("values are not small non-negative integers: written without a colour table"))
    interps = [ds.GetRasterBand(b).GetColorInterpretation() for b in range(1, ds.RasterCount + 1)]
    # GDAL takes 3 or 4 Byte bands for RGB(A) unless told: blue-green-red-NIR imagery or a stack of
    # counts would be labelled red, green, blue and its fourth band made transparency
    rgb = table is None and interps[:3] == [gdal.GCI_RedBand, gdal.GCI_GreenBand, gdal.GCI_BlueBand]
    options = [*CREATION_OPTIONS, f"PHOTOMETRIC={'RGB' if rgb else 'MINISBLACK'}"]
    with staged(path, overwrite) as tmp:
        driver = gdal.GetDriverByName("GTiff")
        out = driver.Create(str(tmp), ds.RasterXSize, ds.RasterYSize, ds.RasterCount, gdt, options=options)
        if out is None:
            raise ExportError(tr("Cannot create {name}: {error}", name=Path(path).name, error=gdal.GetLastErrorMsg()))
        out.SetGeoTransform(ds.GetGeoTransform())
        out.SetProjection(_output_crs(ds, crs_wkt))
        total = ds.RasterCount * ds.RasterYSize
        done = 0
        for b in range(1, ds.RasterCount + 1):
            src_band, dst_band = ds.GetRasterBand(b), out.GetRasterBand(b)
            in_nodata = nodata_in if b == 1 else src_band.GetNoDataValue()
            scale, offset = band_scaling(src_band)
            if out_nodata is not None:
                dst_band.SetNoDataValue(out_nodata)
            if dtype is None and (scale, offset) != (1.0, 0.0):  # copied as stored: values read the same
                dst_band.SetScale(scale)
                dst_band.SetOffset(offset)
            step = block_rows(ds.RasterXSize)
            for y0 in range(0, ds.RasterYSize, step):
                if check:
                    check()
                rows = min(step, ds.RasterYSize - y0)
                block = src_band.ReadAsArray(0, y0, ds.RasterXSize, rows)
                if dtype is not None:
                    fblock = block.astype("float64")
                    invalid = ~np.isfinite(fblock)
                    if in_nodata is not None:
                        invalid |= fblock == in_nodata
                    block = np.where(invalid, out_nodata, fblock * scale + offset).astype(dtype)
                elif in_nodata is not None and out_nodata is not None and in_nodata != out_nodata:
                    block = np.where(block == in_nodata, out_nodata, block)
                if dst_band.WriteArray(block, 0, y0) != 0:
                    raise ExportError(tr("Writing {name} failed: {error}", name=Path(path).name,
                                         error=gdal.GetLastErrorMsg()))
                done += rows
                if progress:
                    progress(done / total)
            if b == 1 and table is not None:
                ct = gdal.ColorTable()
                for value, rgba in table.items():
                    ct.SetColorEntry(int(value), tuple(int(c) for c in rgba))
                if out_nodata is not None and int(out_nodata) not in table:
                    ct.SetColorEntry(int(out_nodata), (0, 0, 0, 0))
                dst_band.SetRasterColorTable(ct)
                dst_band.SetRasterColorInterpretation(gdal.GCI_PaletteIndex)
            elif interps[b - 1] == gdal.GCI_AlphaBand:
                dst_band.SetColorInterpretation(gdal.GCI_AlphaBand)
            dst_band.SetDescription(src_band.GetDescription())
        out.FlushCache()
        out = None  # closes the file before it is moved
        if check:
            check()  # canceled at the last progress: the file is not moved into place
    return RasterExportResult(Path(path), gdal.GetDataTypeName(gdt), out_nodata, table is not None, lo, hi, warnings)
