"""Acquisition dates from image metadata (TIFF tags, sensor metadata, file names)."""

from __future__ import annotations

import re
from datetime import date, datetime

#: Metadata keys that hold an acquisition date, most specific first.
DATE_KEYS = (
    "ACQUISITIONDATETIME", "ACQUISITION_DATETIME", "ACQUISITIONDATE", "ACQUISITION_DATE", "DATE_ACQUIRED",
    "FIRSTLINETIME", "SENSING_TIME", "SENSING_START", "PRODUCT_START_TIME", "DATATAKE_SENSING_START",
    "IMAGE_DATE", "DATE", "TIFFTAG_DATETIME",
)

_PATTERNS = (
    (re.compile(r"(\d{4})[:\-/](\d{2})[:\-/](\d{2})"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?:T?\d{6})?(?!\d)"), "ymd"),
)


def parse_date(text) -> str | None:
    """ISO date (YYYY-MM-DD) found in ``text`` ("2019:05:14 10:22:01", "2019-05-14T..", "20190514")."""
    if text is None:
        return None
    if isinstance(text, (date, datetime)):
        return (text.date() if isinstance(text, datetime) else text).isoformat()
    s = str(text).strip()
    for pattern, _kind in _PATTERNS:
        for m in pattern.finditer(s):
            y, mo, d = (int(g) for g in m.groups()[:3])
            try:
                value = date(y, mo, d)
            except ValueError:
                continue
            if 1960 <= value.year <= 2100:
                return value.isoformat()
    return None


def acquisition_date(tags: dict, filename: str | None = None) -> str | None:
    """The acquisition date from metadata ``tags`` (any domain, merged), else from the file name."""
    upper = {str(k).upper(): v for k, v in (tags or {}).items()}
    for key in DATE_KEYS:
        if key in upper:
            found = parse_date(upper[key])
            if found:
                return found
    for key, value in upper.items():
        if "DATE" in key or "TIME" in key:
            found = parse_date(value)
            if found:
                return found
    if filename:
        return parse_date(re.sub(r".*[\\/]", "", filename))
    return None


def gdal_tags(path: str) -> dict:
    """All metadata items of a raster (default and common domains, bands included) via GDAL."""
    from osgeo import gdal

    ds = gdal.Open(str(path))
    if ds is None:
        return {}
    tags: dict = {}
    domains = [""] + [d for d in (ds.GetMetadataDomainList() or []) if d not in ("", "DERIVED_SUBDATASETS")]
    for domain in domains:
        md = ds.GetMetadata(domain)
        if isinstance(md, dict):
            for k, v in md.items():
                tags.setdefault(k, v)
    if ds.RasterCount:
        for k, v in (ds.GetRasterBand(1).GetMetadata() or {}).items():
            tags.setdefault(k, v)
    return tags
