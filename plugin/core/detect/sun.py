"""The sun of an image from its metadata: the sun angles a provider wrote, or the acquisition
time (UTC) and the image's location through the solar position equations.

A mast's shadow points away from the sun: a known sun azimuth spares the detector its search
over every direction (see :class:`.mast.DetectorParams`), which is both faster and surer.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

#: Metadata keys (or the last dotted part of a key, e.g. ``IMAGE_1.meanSunAz``) holding the sun
#: azimuth in degrees clockwise from north, as written by image providers.
AZIMUTH_KEYS = (
    "MEANSUNAZ", "SUN_AZIMUTH", "SUNAZIMUTH", "MEAN_SUN_AZIMUTH", "MEAN_SUN_AZIMUTH_ANGLE", "SOLAR_AZIMUTH",
    "SOLARAZIMUTH", "SUN_AZ", "SUNAZ", "SUN_AZIMUTH_ANGLE", "ILLUMINATIONAZIMUTHANGLE",
)
#: The same for the sun elevation (degrees above the horizon).
ELEVATION_KEYS = (
    "MEANSUNEL", "SUN_ELEVATION", "SUNELEVATION", "MEAN_SUN_ELEVATION", "SOLAR_ELEVATION", "SOLARELEVATION",
    "SUN_EL", "SUNEL", "SUN_ELEVATION_ANGLE", "ILLUMINATIONELEVATIONANGLE",
)
#: Keys holding the acquisition time. GDAL's IMAGERY domain defines ACQUISITIONDATETIME as UTC;
#: for the others the time must say its zone (``Z`` or ``+hh:mm``).
UTC_TIME_KEYS = ("ACQUISITIONDATETIME",)
TIME_KEYS = ("ACQUISITION_DATETIME", "FIRSTLINETIME", "SENSING_TIME", "SENSING_START", "DATATAKE_SENSING_START",
             "PRODUCT_START_TIME", "EARLIESTACQTIME", "ACQUISITION_TIME")

_TIME = re.compile(r"(\d{4})[-:/](\d{2})[-:/](\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?",
                   re.IGNORECASE)


@dataclass(frozen=True)
class Sun:
    """A sun position and where it came from."""

    azimuth: float
    elevation: float | None
    source: str  # e.g. "MEANSUNAZ" or "ACQUISITIONDATETIME 2019-03-04 02:31 UTC"


#: Sun elevations (degrees) between which a mast's height is told from its shadow: lower, the shadow runs
#: out of sight over any unevenness; higher, a metre of shadow is many metres of height.
HEIGHT_ELEVATION_RANGE = (10.0, 80.0)


def mast_height_m(shadow_length_m: float, sun_elevation_deg: float | None) -> float | None:
    """The height of a mast's top from the length of its shadow on level ground, under a sun at
    ``sun_elevation_deg`` above the horizon: length × tan(elevation). None when the elevation is unknown or
    outside :data:`HEIGHT_ELEVATION_RANGE`, or the length is not a positive number."""
    if sun_elevation_deg is None or shadow_length_m is None:
        return None
    try:
        length, elevation = float(shadow_length_m), float(sun_elevation_deg)
    except (TypeError, ValueError):
        return None
    low, high = HEIGHT_ELEVATION_RANGE
    if not (math.isfinite(length) and length > 0 and low <= elevation <= high):
        return None
    return length * math.tan(math.radians(elevation))


def solar_position(when: datetime, lat: float, lon: float) -> tuple[float, float]:
    """Sun (azimuth clockwise from north, elevation above the horizon) in degrees, no refraction.

    ``when`` is timezone-aware (a naive time is taken as UTC). NOAA's solar equations (Meeus),
    within about 0.1° of the sun's true position for dates 1900-2100.
    """
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    day = (when - datetime(2000, 1, 1, 12)).total_seconds() / 86400.0  # from J2000.0
    jc = day / 36525.0
    mean_long = (280.46646 + jc * (36000.76983 + jc * 0.0003032)) % 360.0
    anom = math.radians(357.52911 + jc * (35999.05029 - 0.0001537 * jc))
    ecc = 0.016708634 - jc * (0.000042037 + 0.0000001267 * jc)
    centre = (math.sin(anom) * (1.914602 - jc * (0.004817 + 0.000014 * jc))
              + math.sin(2 * anom) * (0.019993 - 0.000101 * jc) + math.sin(3 * anom) * 0.000289)
    omega = math.radians(125.04 - 1934.136 * jc)
    app_long = math.radians(mean_long + centre - 0.00569 - 0.00478 * math.sin(omega))
    obliq = 23 + (26 + (21.448 - jc * (46.815 + jc * (0.00059 - jc * 0.001813))) / 60) / 60
    obliq = math.radians(obliq + 0.00256 * math.cos(omega))
    decl = math.asin(math.sin(obliq) * math.sin(app_long))
    y = math.tan(obliq / 2) ** 2
    lm = math.radians(mean_long)
    eq_time = 4 * math.degrees(y * math.sin(2 * lm) - 2 * ecc * math.sin(anom)
                               + 4 * ecc * y * math.sin(anom) * math.cos(2 * lm)
                               - 0.5 * y * y * math.sin(4 * lm) - 1.25 * ecc * ecc * math.sin(2 * anom))  # minutes
    minutes = when.hour * 60 + when.minute + when.second / 60 + when.microsecond / 6e7
    hour_angle = math.radians(((minutes + eq_time + 4 * lon) % 1440) / 4 - 180)
    phi = math.radians(lat)
    sin_el = math.sin(phi) * math.sin(decl) + math.cos(phi) * math.cos(decl) * math.cos(hour_angle)
    elevation = math.degrees(math.asin(max(-1.0, min(1.0, sin_el))))
    azimuth = (math.degrees(math.atan2(math.sin(hour_angle), math.cos(hour_angle) * math.sin(phi)
                                       - math.tan(decl) * math.cos(phi))) + 180.0) % 360.0
    return azimuth, elevation


#: Two times of one day whose sun has the azimuth asked for give elevations this close (degrees) or the
#: elevation is not told (near the tropics the sun can pass one azimuth twice).
DAY_ELEVATION_AGREEMENT = 2.0


def _local_midnight(day, lon: float) -> datetime | None:
    """The start of ``day`` (a date or ISO ``YYYY-MM-DD``, the day as on site) in UTC by the longitude ``lon``; None
    when it is not a full date."""
    if not isinstance(day, date):
        m = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})\s*", str(day or ""))
        if m is None:
            return None
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return datetime(day.year, day.month, day.day) - timedelta(hours=lon / 15.0)


def elevation_at_azimuth(day: str | date | None, lat: float, lon: float, azimuth: float) -> float | None:
    """The sun's elevation (degrees) on ``day`` (an ISO date, the day as on site) at the place (``lat``,
    ``lon``) when its azimuth is ``azimuth``: the sun's course that day passes each azimuth once in the
    daytime outside the tropics, so an image's date and the sun azimuth of its shadows tell its sun
    elevation without the time of day. None when the day is not a full date, the sun never stands at that
    azimuth above the horizon that day, or stands there twice at elevations more than
    :data:`DAY_ELEVATION_AGREEMENT` apart."""
    if day is None or lat is None or lon is None or azimuth is None:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and math.isfinite(azimuth)) or abs(lat) > 90:
        return None
    # the local day, in UTC: from local midnight (by the longitude) for 24 hours, every 4 minutes, each crossing
    # of the azimuth then narrowed down by bisection
    start = _local_midnight(day, lon)
    if start is None:
        return None

    def gap(when: datetime) -> tuple[float, float]:
        az, el = solar_position(when, lat, lon)
        return (az - azimuth + 180.0) % 360.0 - 180.0, el

    found = []
    previous = None
    for minute in range(0, 24 * 60 + 1, 4):
        when = start + timedelta(minutes=minute)
        now = gap(when)
        if previous is not None:
            (d0, el0), t0 = previous
            d1, el1 = now
            # a crossing of the azimuth (not of the opposite one, where the difference jumps by 360°)
            if (d0 <= 0 < d1 or d1 <= 0 < d0) and abs(d1 - d0) < 90.0 and max(el0, el1) > 0:
                lo, hi = t0, when
                for _ in range(20):  # bisection to well under a second
                    mid = lo + (hi - lo) / 2
                    if (gap(mid)[0] <= 0) == (d0 <= 0):
                        lo = mid
                    else:
                        hi = mid
                el = solar_position(lo + (hi - lo) / 2, lat, lon)[1]
                if el > 0:
                    found.append(el)
        previous = (now, when)
    if not found or max(found) - min(found) > DAY_ELEVATION_AGREEMENT:
        return None
    return sum(found) / len(found)


#: With the image's day known, the sun searched is only looked for where it stands at least this high that day.
DAY_SKY_MIN_ELEVATION = 10.0


@lru_cache(maxsize=32)
def day_sky(lat: float, lon: float, day: str) -> tuple[bool, ...] | None:
    """The sun azimuths (one per degree, 0-359) the sun takes on ``day`` (ISO, as on site) at (``lat``, ``lon``)
    while it stands :data:`DAY_SKY_MIN_ELEVATION` or more above the horizon; None when the day is not a full
    date or the sun never stands that high (no restriction can be told)."""
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90:
        return None
    start = _local_midnight(day, lon)
    if start is None:
        return None
    allowed = [False] * 360
    previous = None
    for minute in range(0, 24 * 60 + 1, 2):
        az, el = solar_position(start + timedelta(minutes=minute), lat, lon)
        if el >= DAY_SKY_MIN_ELEVATION:
            if previous is None:
                allowed[int(az) % 360] = True
            else:  # every degree between this sample and the last (the shorter way round)
                step = (az - previous + 180.0) % 360.0 - 180.0
                for k in range(int(abs(step)) + 2):
                    allowed[int(previous + math.copysign(k, step)) % 360] = True
            previous = az
        else:
            previous = None
    return tuple(allowed) if any(allowed) else None


def sun_allowed(sky: tuple[bool, ...] | None, azimuth: float, margin_deg: float = 3.0) -> bool:
    """Whether a sun at ``azimuth`` is in the day's ``sky`` (:func:`day_sky`) within ``margin_deg``; any sun
    without one."""
    if sky is None:
        return True
    centre = math.floor(float(azimuth) + 0.5)
    span = math.ceil(margin_deg)
    return any(sky[(centre + d) % 360] for d in range(-span, span + 1))


def elevation_over_candidates(candidates, crs, image_date: str | None, azimuth: float | None) -> float | None:
    """The sun elevation of an image taken on ``image_date`` whose shadows point away from a sun at ``azimuth``,
    at the candidates' mean place (``crs``: what pyproj reads, their coordinates' CRS), by
    :func:`elevation_at_azimuth`; None without a date, a sun or candidates, or outside
    :data:`HEIGHT_ELEVATION_RANGE` (no height is told under it)."""
    if not candidates or not image_date or azimuth is None or not crs:
        return None
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError, ProjError

    try:
        to_wgs84 = Transformer.from_crs(CRS.from_user_input(crs), CRS.from_epsg(4326), always_xy=True)
        lon, lat = to_wgs84.transform(sum(c.x for c in candidates) / len(candidates),
                                      sum(c.y for c in candidates) / len(candidates))
    except (CRSError, ProjError):
        return None
    elevation = elevation_at_azimuth(image_date, lat, lon, azimuth)
    low, high = HEIGHT_ELEVATION_RANGE
    return elevation if elevation is not None and low <= elevation <= high else None


def parse_utc_time(text, zone_required: bool = True) -> datetime | None:
    """The UTC time in ``text`` ("2019-03-04T02:31:10.5Z", "2019-03-04 11:31:10+09:00", ...).

    Without a zone in the text, None unless ``zone_required`` is False (then it is taken as UTC).
    """
    m = _TIME.search(str(text or ""))
    if m is None:
        return None
    y, mo, d, h, mi = (int(g) for g in m.groups()[:5])
    sec = int(m.group(6) or 0)
    zone = m.group(7)
    if zone is None and zone_required:
        return None
    try:
        when = datetime(y, mo, d, h, mi, sec)
        if zone and zone.upper() != "Z":
            digits = zone[1:].replace(":", "")
            offset = int(digits[:2]) * 60 + int(digits[2:4])
            when -= timedelta(minutes=offset if zone[0] == "+" else -offset)
    except (ValueError, OverflowError):  # no such time (a month 13, second 61), or before year 1 / after 9999 in UTC
        return None
    return when


def _number(value) -> float | None:
    m = re.search(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", str(value))  # also 1.29e+02 (PlanetScope XML)
    return float(m.group()) if m else None


def _lookup(tags: dict, keys: tuple[str, ...]):
    """(key, value) of the first of ``keys`` among ``tags`` (whole key or its last dotted part)."""
    by_name: dict[str, tuple[str, object]] = {}
    for k, v in (tags or {}).items():
        name = str(k).upper()
        by_name.setdefault(name, (str(k), v))
        by_name.setdefault(name.rsplit(".", 1)[-1], (str(k), v))
    for key in keys:
        if key in by_name:
            return by_name[key]
    return None


def sun_from_metadata(tags: dict, lat: float | None = None, lon: float | None = None) -> Sun | None:
    """The sun of an image from its metadata ``tags`` (all domains merged; see ``gdal_tags``).

    The provider's own sun azimuth when there is one; else the acquisition time in UTC and the
    image centre (``lat``, ``lon``) through :func:`solar_position`. None when neither is known
    (a file's creation time, TIFFTAG_DATETIME, says nothing about the sun).
    """
    found = _lookup(tags, AZIMUTH_KEYS)
    if found is not None:
        az = _number(found[1])
        if az is not None and -360.0 <= az <= 720.0:
            el_item = _lookup(tags, ELEVATION_KEYS)
            el = _number(el_item[1]) if el_item is not None else None
            return Sun(az % 360.0, el if el is not None and 0 < el <= 90 else None, found[0])
    if lat is None or lon is None:
        return None
    for keys, zone_required in ((UTC_TIME_KEYS, False), (TIME_KEYS, True)):
        item = _lookup(tags, keys)
        if item is None:
            continue
        when = parse_utc_time(item[1], zone_required)
        if when is None:
            continue
        az, el = solar_position(when, lat, lon)
        if el <= 0:
            continue  # the sun below the horizon: not the time the image was taken
        return Sun(az, el, f"{item[0]} {when:%Y-%m-%d %H:%M} UTC")
    return None


def sun_of_raster(path: str) -> Sun | None:
    """:func:`sun_from_metadata` of a raster file: its metadata, its centre in WGS84 (rasterio)."""
    import warnings

    import rasterio
    from rasterio.warp import transform as warp

    from .metadata import gdal_tags

    lat = lon = None
    try:
        with warnings.catch_warnings():  # a raster without georeferencing: no place, no warning
            warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
            src = rasterio.open(path)
        with src:
            if src.crs:
                cx, cy = src.transform * (src.width / 2, src.height / 2)
                xs, ys = warp(src.crs, "EPSG:4326", [cx], [cy])
                lon, lat = float(xs[0]), float(ys[0])
    except (rasterio.errors.RasterioError, ValueError):
        return None  # not a raster rasterio reads: no metadata either
    return sun_from_metadata(gdal_tags(path), lat, lon)
