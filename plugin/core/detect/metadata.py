"""Acquisition dates from image metadata (TIFF tags, sensor metadata, sidecars, file names)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

#: Metadata keys that hold an acquisition date, most specific first (NITF_IDATIM: a NITF image's
#: date and time; NITF_FDT is the file's).
DATE_KEYS = (
    "ACQUISITIONDATETIME", "ACQUISITION_DATETIME", "ACQUISITIONDATE", "ACQUISITION_DATE", "DATE_ACQUIRED",
    "FIRSTLINETIME", "EARLIESTACQTIME", "SENSING_TIME", "SENSING_START", "PRODUCT_START_TIME",
    "DATATAKE_SENSING_START", "IMAGING_DATE", "NITF_IDATIM", "ACQUIRED", "IMAGE_DATE", "DATE",
)

#: Keys holding when the file was written (a TIFF's DateTime: for a drone orthomosaic or an
#: exported product, when it was processed): taken only when neither the sensor metadata nor the
#: file name give a date.
FILE_TIME_KEYS = ("TIFFTAG_DATETIME",)

#: Keys naming when a product was made, not when the image was taken (never an acquisition date).
_NOT_ACQUISITION = re.compile(r"GENERATION|PRODUCTION|PROCESSING|CREATION|PUBLISHED|UPDATED|DOWNLOAD|EXPIR|ARCHIV")

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTH = (r"(january|february|march|april|may|june|july|august|september|october|november|december"
          r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?![a-z])\.?")

_PATTERNS = (
    (re.compile(r"(?<!\d)(\d{4})[:\-/.](\d{1,2})[:\-/.](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?:T?\d{6})?(?!\d)"), "ymd"),
    # a Maxar (DigitalGlobe) product name: 18APR01082815-M1BS-... (YYMONDD then the time)
    (re.compile(r"(?<![0-9A-Za-z])(\d{2})(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)(\d{2})\d{6}(?!\d)"), "yMd"),
    (re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?[ \-]" + _MONTH + r",?[ \-](\d{4})(?!\d)", re.I), "dMy"),
    (re.compile(r"(?<![a-z])" + _MONTH + r" (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})(?!\d)", re.I), "Mdy"),
)


def _ymd(groups, kind: str) -> tuple[int, int, int]:
    if kind == "ymd":
        return int(groups[0]), int(groups[1]), int(groups[2])
    if kind == "yMd":
        return 2000 + int(groups[0]), _MONTHS.index(groups[1].upper()) + 1, int(groups[2])
    if kind == "dMy":
        return int(groups[2]), _MONTHS.index(groups[1][:3].upper()) + 1, int(groups[0])
    return int(groups[2]), _MONTHS.index(groups[0][:3].upper()) + 1, int(groups[1])


def parse_date(text) -> str | None:
    """ISO date (YYYY-MM-DD) found in ``text`` ("2019:05:14 10:22:01", "2019-05-14T..", "2019:4:12",
    "20190514", Maxar's "18APR01082815", "1 June 2017", "June 1, 2017"). Day-month orders that
    cannot be told apart (04/05/2019) are not read."""
    if text is None:
        return None
    if isinstance(text, (date, datetime)):
        return (text.date() if isinstance(text, datetime) else text).isoformat()
    s = str(text).strip()
    for pattern, kind in _PATTERNS:
        for m in pattern.finditer(s):
            y, mo, d = _ymd(m.groups(), kind)
            try:
                value = date(y, mo, d)
            except ValueError:
                continue
            if value.year >= 1960 and value <= date.today() + timedelta(days=1):  # never in the future
                return value.isoformat()
    return None


def acquisition_date(tags: dict, filename: str | None = None) -> str | None:
    """The acquisition date from metadata ``tags`` (any domain, merged; a key matches by its last
    dotted part, e.g. ``IMAGE_1.firstLineTime``), else from the file name, else from the file's
    own time (``TIFFTAG_DATETIME``). Product generation or processing times are never taken."""
    upper: dict = {}
    for k, v in (tags or {}).items():
        name = str(k).upper()
        upper.setdefault(name, v)
        upper.setdefault(name.rsplit(".", 1)[-1], v)
    for key in DATE_KEYS:
        if key in upper:
            found = parse_date(upper[key])
            if found:
                return found
    for key, value in upper.items():
        if ("DATE" in key or "TIME" in key) and not _NOT_ACQUISITION.search(key) and key not in FILE_TIME_KEYS:
            found = parse_date(value)
            if found:
                return found
    found = parse_date(re.sub(r".*[\\/]", "", filename)) if filename else None
    for key in FILE_TIME_KEYS:
        if found is None and key in upper:
            found = parse_date(upper[key])
    return found


def sidecar_tags(path: str) -> dict:
    """The ``properties`` of a Planet-style JSON sidecar (``<name>_metadata.json``, ``<name>.json``
    or ``<item id>_metadata.json`` for a ``<item id>_3B_AnalyticMS.tif``), e.g. ``acquired``; else the
    elements of a PlanetScope XML sidecar (:func:`planet_xml_tags`)."""
    p = Path(path)
    names = [f"{p.stem}_metadata.json", f"{p.stem}.json"]
    names += sorted(f.name for f in p.parent.glob("*_metadata.json")
                    if p.stem.startswith(f.name[: -len("_metadata.json")] + "_"))
    for name in names:
        try:
            doc = json.loads((p.parent / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        props = doc.get("properties", doc) if isinstance(doc, dict) else None
        if isinstance(props, dict):
            return {str(k): v for k, v in props.items() if isinstance(v, (str, int, float))}
    return planet_xml_tags(path)


#: A metadata XML larger than this is not read (a PlanetScope one is a few kB).
SIDECAR_XML_BYTES = 1 << 20


def planet_xml_tags(path: str) -> dict:
    """The leaf elements of a PlanetScope / RapidEye XML sidecar (``<name>_metadata.xml``, or
    ``<item>_metadata_clip.xml`` beside a clipped ``<item>_clip.tif``) by their local name, e.g.
    ``acquisitionDateTime``, ``illuminationAzimuthAngle`` (first of each kept). A file with a DOCTYPE
    (entity declarations), too large, not XML or not in a Planet / RapidEye schema gives nothing."""
    import xml.etree.ElementTree as ET

    p = Path(path)
    names = [f"{p.stem}_metadata.xml"]
    names += sorted(f.name for f in p.parent.glob("*_metadata*.xml")
                    if p.stem.startswith(f.name[: f.name.index("_metadata")] + "_") and f.name not in names)
    for name in names:
        try:
            with open(p.parent / name, "rb") as fh:
                raw = fh.read(SIDECAR_XML_BYTES + 1)
        except OSError:
            continue
        if len(raw) > SIDECAR_XML_BYTES or b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
            continue
        try:
            root = ET.fromstring(raw)
        except ET.ParseError:
            continue
        if not isinstance(root.tag, str) or not re.search(r"planet\.com|rapideye", root.tag, re.IGNORECASE):
            continue  # another metadata document (ISO 19115's dateStamp is no acquisition date)
        tags: dict = {}
        for element in root.iter():
            text = (element.text or "").strip()
            if text and len(element) == 0 and isinstance(element.tag, str) and len(text) < 200:
                tags.setdefault(element.tag.rsplit("}", 1)[-1], text)
        if tags:
            return tags
    return {}


def gdal_tags(path: str) -> dict:
    """All metadata items of a raster (default and common domains, bands included) via GDAL."""
    from osgeo import gdal

    ds = gdal.Open(str(path))
    if ds is None:
        return {}
    tags: dict = {}
    # IMAGERY (GDAL's sensor metadata readers: .IMD, DIMAP, ...) is not always listed
    listed = [d for d in (ds.GetMetadataDomainList() or []) if d not in ("", "DERIVED_SUBDATASETS", "IMAGERY")]
    domains = ["", "IMAGERY", *listed]
    for domain in domains:
        md = ds.GetMetadata(domain)
        if isinstance(md, dict):
            for k, v in md.items():
                tags.setdefault(k, v)
    if ds.RasterCount:
        for k, v in (ds.GetRasterBand(1).GetMetadata() or {}).items():
            tags.setdefault(k, v)
    for k, v in sidecar_tags(path).items():
        tags.setdefault(k, v)
    return tags
