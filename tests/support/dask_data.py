"""Inputs of the Dask tests: a population raster, stations and regions built in the test (fixed seeds)."""

from __future__ import annotations

import numpy as np

#: UTM 52N, near Pyongyang; 100 m cells.
UTM = "EPSG:32652"
X0, Y0, RES = 300_000.0, 4_350_000.0, 100.0


def write_population(path, width: int = 300, height: int = 260, crs: str = UTM, seed: int = 7,
                     geotransform=None, nodata: float = -1.0, tiled: bool = True) -> str:
    """A Float32 GeoTIFF of whole people per cell (integers, so sums are exact in any order), with
    some nodata cells and empty (sea) areas."""
    from osgeo import gdal, osr

    rng = np.random.default_rng(seed)
    pop = np.floor(rng.gamma(0.7, 25.0, (height, width))).astype(np.float32)
    pop[:, : width // 10] = 0.0  # an empty strip
    pop[rng.random((height, width)) < 0.02] = nodata
    options = ["TILED=YES", "BLOCKXSIZE=64", "BLOCKYSIZE=64", "COMPRESS=DEFLATE"] if tiled else []
    ds = gdal.GetDriverByName("GTiff").Create(str(path), width, height, 1, gdal.GDT_Float32, options)
    ds.SetGeoTransform(geotransform or (X0, RES, 0.0, Y0, 0.0, -RES))
    srs = osr.SpatialReference()
    srs.SetFromUserInput(crs)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(nodata)
    band.WriteArray(pop)
    ds.FlushCache()
    ds = None
    return str(path)


def utm_to_lonlat(x, y):
    from pyproj import Transformer

    t = Transformer.from_crs(UTM, "EPSG:4326", always_xy=True)
    lon, lat = t.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(lon), np.asarray(lat)


def stations(n: int = 70, seed: int = 3, width: int = 300, height: int = 260, sectors: bool = False):
    """A StationTable spread over the raster (plus a few outside it), radii 1.2-4.5 km."""
    from basestation_mapper.plugin.core.pipeline import StationTable

    rng = np.random.default_rng(seed)
    x = X0 + rng.uniform(-20, width + 20, n) * RES
    y = Y0 - rng.uniform(-20, height + 20, n) * RES
    lon, lat = utm_to_lonlat(x, y)
    radius = rng.choice([1200.0, 2500.0, 4500.0], n) * rng.uniform(0.98, 1.02, n)
    azimuths = [np.empty(0)] * n
    if sectors:
        azimuths = [np.array([0.0, 120.0]) if i % 3 == 0 else np.empty(0) for i in range(n)]
    return StationTable(lon, lat, radius, azimuths, np.full(n, 90.0),
                        technology=["3G"] * n, names=[f"s{i}" for i in range(n)])


def regions(width: int = 300, height: int = 260):
    """Four regions (WGS84) whose borders cross the raster at odd offsets (never on cell centres)."""
    from shapely.geometry import Polygon

    from basestation_mapper.plugin.core.pipeline import RegionTable

    mx, my = X0 + width * RES * 0.437 + 13.0, Y0 - height * RES * 0.561 - 17.0
    x1, y1 = X0 + width * RES * 1.2, Y0 - height * RES * 1.2
    x0, y0 = X0 - 0.2 * width * RES, Y0 + 0.2 * height * RES
    boxes = [
        [(x0, y0), (mx, y0), (mx + 900.0, my), (x0, my)],
        [(mx, y0), (x1, y0), (x1, my - 400.0), (mx + 900.0, my)],
        [(x0, my), (mx + 900.0, my), (mx - 300.0, y1), (x0, y1)],
        [(mx + 900.0, my), (x1, my - 400.0), (x1, y1), (mx - 300.0, y1)],
    ]
    geoms = []
    for ring in boxes:
        lon, lat = utm_to_lonlat([p[0] for p in ring], [p[1] for p in ring])
        geoms.append(Polygon(list(zip(lon, lat))))
    from pyproj import CRS

    return RegionTable(["north-west", "north-east", "south-west", "south-east"], geoms, CRS.from_epsg(4326).to_wkt())
