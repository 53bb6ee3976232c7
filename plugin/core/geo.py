"""Coordinate helpers: choosing a local metric CRS (never buffer in degrees or Web Mercator)."""

from __future__ import annotations

import math

from .coverage import CoverageInputError
from .messages import tr


def utm_epsg(lon: float, lat: float) -> int:
    """EPSG code of the WGS84 / UTM zone containing ``(lon, lat)`` (32601-32660 / 32701-32760)."""
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise CoverageInputError(tr("longitude/latitude must be finite numbers"))
    if not -90.0 <= lat <= 90.0:
        raise CoverageInputError(tr("latitude {value} is outside [-90, 90]", value=lat))
    lon = ((lon + 180.0) % 360.0) - 180.0
    zone = int((lon + 180.0) // 6.0) + 1
    zone = min(max(zone, 1), 60)
    # Norway / Svalbard exceptions
    if 56.0 <= lat < 64.0 and 3.0 <= lon < 12.0:
        zone = 32
    elif 72.0 <= lat < 84.0:
        if 0.0 <= lon < 9.0:
            zone = 31
        elif 9.0 <= lon < 21.0:
            zone = 33
        elif 21.0 <= lon < 33.0:
            zone = 35
        elif 33.0 <= lon < 42.0:
            zone = 37
    return (32600 if lat >= 0 else 32700) + zone


def mean_lonlat(lon, lat) -> tuple[float, float]:
    """Centre of WGS84 positions: the mean latitude and the circular mean of the longitudes.

    Stations on both sides of the antimeridian (179.9° and -179.9°) have their centre at 180°,
    not at 0° on the other side of the earth (whose UTM zone would be useless to them).
    """
    import numpy as np

    lon = np.radians(np.asarray(lon, dtype=float))
    lat = np.asarray(lat, dtype=float)
    if lon.size == 0:
        return float("nan"), float("nan")
    centre = math.degrees(math.atan2(float(np.mean(np.sin(lon))), float(np.mean(np.cos(lon)))))
    return ((centre + 180.0) % 360.0) - 180.0, float(np.mean(lat))
