"""Synthetic DEMs and a gdal_viewshed reference for the terrain tests (and the benchmark)."""

from __future__ import annotations

import numpy as np


def fractal_dem(height: int, width: int, seed: int = 0, relief_m: float = 600.0, dtype=np.float32) -> np.ndarray:
    """A mountainous fractal DEM (sum of bilinear-upsampled noise octaves), fixed seed, metres.

    Built row block by row block, so even 10,000 x 10,000 needs little more than the array.
    """
    rng = np.random.default_rng(seed)
    out = np.zeros((height, width), dtype=dtype)
    size = max(height, width)
    octaves = []
    cells = 4
    amplitude = 1.0
    while cells < size * 2:
        grid = rng.standard_normal((cells + 2, cells + 2)).astype(np.float32) * amplitude
        octaves.append((cells, grid))
        cells *= 2
        amplitude *= 0.55
    rows = np.arange(height, dtype=np.float64)
    cols = np.arange(width, dtype=np.float64)
    block = 512
    for r0 in range(0, height, block):
        r1 = min(r0 + block, height)
        acc = np.zeros((r1 - r0, width), dtype=np.float32)
        for cells, grid in octaves:
            fy = rows[r0:r1] * cells / size
            fx = cols * cells / size
            iy = fy.astype(np.int64)
            ix = fx.astype(np.int64)
            ty = (fy - iy).astype(np.float32)[:, None]
            tx = (fx - ix).astype(np.float32)[None, :]
            g00 = grid[iy][:, ix]
            g01 = grid[iy][:, ix + 1]
            g10 = grid[iy + 1][:, ix]
            g11 = grid[iy + 1][:, ix + 1]
            acc += (g00 * (1 - tx) + g01 * tx) * (1 - ty) + (g10 * (1 - tx) + g11 * tx) * ty
        out[r0:r1] = acc
    lo, hi = float(out.min()), float(out.max())
    out -= lo
    out *= relief_m / max(hi - lo, 1e-6)
    return out


def mem_dataset(array: np.ndarray, geotransform, epsg: int = 32652):
    """An in-memory GDAL dataset holding ``array`` (float32) in a metric CRS."""
    from osgeo import gdal, osr

    # (no gdal.UseExceptions(): it is process-wide and would change other code under test)
    height, width = array.shape
    ds = gdal.GetDriverByName("MEM").Create("", width, height, 1, gdal.GDT_Float32)
    ds.SetGeoTransform(tuple(geotransform))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(array.astype(np.float32))
    return ds


def gdal_viewshed_mask(ds, x: float, y: float, observer_height: float, target_height: float, radius: float,
                       curvature_coefficient: float) -> np.ndarray:
    """gdal_viewshed (osgeo.gdal.ViewshedGenerate, edge mode) as a boolean array on ``ds``'s grid."""
    from osgeo import gdal

    band = ds.GetRasterBand(1)
    out = gdal.ViewshedGenerate(band, "MEM", "", [], x, y, observer_height, target_height, 1, 0, 0, -1,
                                curvature_coefficient, gdal.GVM_Edge, radius)
    gt = ds.GetGeoTransform()
    ogt = out.GetGeoTransform()
    col0 = round((ogt[0] - gt[0]) / gt[1])
    row0 = round((ogt[3] - gt[3]) / gt[5])
    vis = out.GetRasterBand(1).ReadAsArray() == 1
    full = np.zeros((ds.RasterYSize, ds.RasterXSize), dtype=bool)
    full[row0:row0 + vis.shape[0], col0:col0 + vis.shape[1]] = vis
    return full


def in_range(shape, row: int, col: int, cell: float, radius: float) -> np.ndarray:
    rows, cols = np.indices(shape)
    return ((rows - row) * cell) ** 2 + ((cols - col) * cell) ** 2 <= radius**2
