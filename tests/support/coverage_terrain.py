"""A hand-built terrain scene for the coverage tests: a plain, a wall, a village and a town (UTM 52N).

The plain is at 100 m; a 300 m wall runs north-south 1.5 km east of the station (``STATION``).
A village (10 people per 100 m cell) lies west of the station, a town (20 per cell) 2.9-3.9 km
east of it, behind the wall: with a 30 m mast the wall hides the whole town.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

EPSG = "EPSG:32652"
X0, Y0 = 400000.0, 4420000.0  # top-left corner of the scene
STATION = (X0 + 1500.0, Y0 - 3000.0)
WALL = (X0 + 3000.0, X0 + 3100.0)
VILLAGE = (slice(25, 35), slice(5, 10))  # 100 m population cells: x 500-1000 m, y 2.5-3.5 km south
TOWN = (slice(25, 35), slice(44, 54))  # x 4400-5400 m


def write_geotiff(path, array, x0, y0, cell, crs=EPSG, nodata=None) -> str:
    """A one-band Float32 GeoTIFF with square cells whose top-left corner is (x0, y0)."""
    from .coverage import write_raster

    return write_raster(path, array, (x0, cell, 0.0, y0, 0.0, -cell), crs, nodata)


def wall_dem(folder: Path, crs=EPSG) -> str:
    """6 x 6 km DEM of 25 m cells: the plain at 100 m and the 300 m wall."""
    dem = np.full((240, 240), 100.0)
    cols = (np.arange(240) + 0.5) * 25.0 + X0
    dem[:, (cols >= WALL[0]) & (cols < WALL[1])] = 300.0
    return write_geotiff(Path(folder) / "dem.tif", dem, X0, Y0, 25.0, crs)


def population(folder: Path) -> tuple[str, np.ndarray]:
    """6 x 6 km population raster of 100 m cells: the village and the town."""
    pop = np.zeros((60, 60))
    pop[VILLAGE] = 10.0
    pop[TOWN] = 20.0
    return write_geotiff(Path(folder) / "population.tif", pop, X0, Y0, 100.0), pop


def village_and_town(pop: np.ndarray) -> tuple[float, float]:
    return float(pop[VILLAGE].sum()), float(pop[TOWN].sum())


def region_wkt() -> str:
    return f"POLYGON(({X0} {Y0},{X0 + 6000} {Y0},{X0 + 6000} {Y0 - 6000},{X0} {Y0 - 6000},{X0} {Y0}))"
