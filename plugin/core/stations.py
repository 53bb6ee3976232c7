"""The station schema: one definition used by the layer creator, importers, detector and Processing.

A station table in the core is a :class:`pandas.DataFrame` with one row per station, the
columns of :data:`FIELD_NAMES` plus ``lon`` / ``lat`` (WGS84 degrees).
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np
import pandas as pd

from .messages import num, tr

TECHNOLOGIES = ("2G", "3G", "4G", "5G", "unknown")
STATUSES = ("candidate", "confirmed", "rejected")
ORIGINS = ("manual", "detected", "imported")

#: Columns holding the WGS84 position in core tables (the layer stores it as geometry).
LON, LAT = "lon", "lat"


@dataclass(frozen=True)
class FieldSpec:
    """One attribute of the station schema."""

    name: str
    kind: str  # "str" | "float" | "int" | "date" | "datetime"
    default: object = None
    choices: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    required: bool = False
    description: str = ""


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("station_id", "str", required=True, description="Stable identifier (UUID)"),
    FieldSpec("name", "str", "", description="Station name or label"),
    FieldSpec("technology", "str", "unknown", choices=TECHNOLOGIES, required=True,
              description="Radio technology"),
    FieldSpec("operator", "str", "", description="Operator or network name"),
    FieldSpec("status", "str", "confirmed", choices=STATUSES, required=True,
              description="Review status"),
    FieldSpec("confidence", "float", 1.0, minimum=0.0, maximum=1.0,
              description="Confidence that this is a base station (0-1)"),
    FieldSpec("origin", "str", "manual", choices=ORIGINS, required=True,
              description="How the station entered the layer"),
    FieldSpec("source", "str", "", description="Image, layer or file(s) it came from ('; '-separated)"),
    FieldSpec("image_date", "date", None, description="Acquisition date of the source image"),
    FieldSpec("first_seen", "date", None, description="Earliest image date it was seen on"),
    FieldSpec("last_seen", "date", None, description="Latest image date it was seen on"),
    FieldSpec("antenna_height_m", "float", 30.0, minimum=0.0, maximum=500.0,
              description="Antenna height above ground (m)"),
    FieldSpec("azimuths", "str", "", description="Sector bearings in degrees, ';'-separated"),
    FieldSpec("radius_m", "float", None, minimum=0.0, maximum=100000.0,
              description="Coverage radius override (m)"),
    FieldSpec("detector", "str", "", description="Detector name and version (detected stations)"),
    FieldSpec("notes", "str", "", description="Free notes"),
    FieldSpec("created_at", "datetime", None, description="Creation time (UTC)"),
    FieldSpec("updated_at", "datetime", None, description="Last update time (UTC)"),
    FieldSpec("reviewed_at", "datetime", None, description="Review time (UTC)"),
    FieldSpec("reviewer", "str", "", description="Who reviewed it"),
    FieldSpec("features", "str", "", description="Detector feature vector (JSON), for re-ranking"),
)

FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
FIELDS_BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}


def new_station_id() -> str:
    return str(uuid.uuid4())


def utc_now_iso() -> str:
    """Current UTC time as ISO 8601 with seconds (the format of datetime fields)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def missing_fields(names) -> list[str]:
    """Schema fields absent from ``names`` (e.g. the fields of an existing layer)."""
    present = {n.lower() for n in names}
    return [f for f in FIELD_NAMES if f.lower() not in present]


#: Compass points accepted as azimuths (16 winds, clockwise from north).
COMPASS_POINTS = {name: 22.5 * k for k, name in enumerate(
    ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"))}


def parse_azimuths(text) -> list[float]:
    """Parse ``"0;120;240"`` (also ``,``, ``/``, ``|`` or space separated; ``120°``; compass points
    such as ``N;SE``) into bearings in [0, 360)."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return []
    parts = str(text)
    for sep in (",", " ", "/", "|", "\t"):
        parts = parts.replace(sep, ";")
    out = []
    for part in parts.split(";"):
        part = part.strip().rstrip("°º").strip()
        if not part:
            continue
        if part.upper() in COMPASS_POINTS:
            out.append(COMPASS_POINTS[part.upper()])
            continue
        try:
            value = float(part)
        except ValueError:
            raise ValueError(tr("azimuth {value} is neither a bearing in degrees nor a compass point (N, NE, E, SE, "
                                "S, SW, W, NW...)", value=repr(part))) from None
        if not math.isfinite(value):
            raise ValueError(tr("azimuth {value} is not a finite number", value=repr(part)))
        out.append(value % 360.0)
    return out


def default_record(**overrides) -> dict:
    """A complete station record with schema defaults, a new id and timestamps."""
    now = utc_now_iso()
    record = {f.name: f.default for f in FIELDS}
    record["station_id"] = new_station_id()
    record["created_at"] = now
    record["updated_at"] = now
    record.update(overrides)
    return record


def empty_frame() -> pd.DataFrame:
    """An empty station table with every schema column and lon/lat."""
    return pd.DataFrame({name: pd.Series(dtype=_dtype(FIELDS_BY_NAME[name])) for name in FIELD_NAMES}
                        | {LON: pd.Series(dtype="float64"), LAT: pd.Series(dtype="float64")})


def _dtype(spec: FieldSpec) -> str:
    return "float64" if spec.kind in ("float", "int") else "object"


#: normalize_frame calls its ``check`` between steps and every this many rows of its row-by-row work.
CHECK_ROWS = 20_000


def normalize_frame(df: pd.DataFrame, check=None) -> pd.DataFrame:
    """Return a copy of ``df`` with every schema column present, defaults filled, ids assigned.

    Numeric columns are converted to floats (invalid text becomes NaN: validate first
    with :func:`validate_frame` to report it). Extra columns are kept. ``check()`` is called between
    fields and every :data:`CHECK_ROWS` rows of ids and technologies; it stops the work by raising
    (:class:`.cancel.Canceled`), as in the importers and merges.
    """
    check = check or _no_check
    check()
    out = df.copy()
    now = utc_now_iso()
    for spec in FIELDS:
        check()
        if spec.name not in out.columns:
            out[spec.name] = spec.default
        col = out[spec.name]
        if spec.kind in ("float", "int"):
            out[spec.name] = pd.to_numeric(col, errors="coerce")
            if spec.default is not None:
                out[spec.name] = out[spec.name].fillna(spec.default)
        elif spec.default is not None:
            out[spec.name] = col.where(col.notna() & (col.astype(str) != ""), spec.default)
    check()
    ids = out["station_id"]
    blank = ids.isna() | (ids.astype(str).str.strip() == "")
    if blank.any():
        new_ids = []
        for start in range(0, int(blank.sum()), CHECK_ROWS):
            check()
            new_ids.extend(new_station_id() for _ in range(min(CHECK_ROWS, int(blank.sum()) - start)))
        out.loc[blank, "station_id"] = new_ids
    for stamp in ("created_at", "updated_at"):
        check()
        col = out[stamp]
        out[stamp] = col.where(col.notna() & (col.astype(str) != ""), now)
    if "technology" in out.columns:
        # each distinct value once (a network has a handful): missing values are 'unknown'
        try:
            codes, uniques = pd.factorize(out["technology"])
        except TypeError:  # a value that cannot be hashed (a list from a JSON property): each one as text
            codes, uniques = pd.factorize(out["technology"].map(str))
        names = []
        for start in range(0, len(uniques), CHECK_ROWS):
            check()
            names.extend(normalize_technology(v) for v in uniques[start:start + CHECK_ROWS])
        out["technology"] = np.append(np.asarray(names, dtype=object), "unknown")[codes] if len(out) else \
            out["technology"].astype(object)
    check()
    return out


def _no_check() -> None:
    pass


_TECHNOLOGY_ALIASES = {
    "2G": "2G", "GSM": "2G", "CDMA": "2G", "GPRS": "2G", "EDGE": "2G", "1XRTT": "2G", "CDMAONE": "2G",
    "IS-95": "2G", "DCS": "2G", "2.5G": "2G", "2.75G": "2G", "GERAN": "2G", "GSM-R": "2G", "IDEN": "2G",
    "3G": "3G", "UMTS": "3G", "WCDMA": "3G", "W-CDMA": "3G", "HSPA": "3G", "HSPA+": "3G", "HSDPA": "3G",
    "HSUPA": "3G", "DC-HSPA": "3G", "DC-HSPA+": "3G", "TD-SCDMA": "3G", "CDMA2000": "3G", "EVDO": "3G",
    "EV-DO": "3G", "3G+": "3G", "3.5G": "3G", "3.75G": "3G", "UTRA": "3G", "UTRAN": "3G",
    "4G": "4G", "LTE": "4G", "LTE-A": "4G", "LTE-ADVANCED": "4G", "LTE ADVANCED": "4G", "LTE-A PRO": "4G",
    "LTE+": "4G", "4G+": "4G", "4.5G": "4G", "TD-LTE": "4G", "FDD-LTE": "4G", "NBIOT": "4G", "NB-IOT": "4G",
    "LTE-M": "4G", "LTE-M1": "4G", "CAT-M1": "4G", "CAT-M": "4G", "EMTC": "4G", "CAT-NB1": "4G", "3.9G": "4G",
    "E-UTRA": "4G", "EUTRA": "4G", "E-UTRAN": "4G", "EUTRAN": "4G",
    "5G": "5G", "NR": "5G", "5G NR": "5G", "5G-NR": "5G", "5GNR": "5G", "NR5G": "5G", "5G NSA": "5G", "5G SA": "5G",
    "NSA": "5G", "SA": "5G", "NR-SA": "5G", "NR-NSA": "5G", "EN-DC": "5G", "5G-A": "5G", "5.5G": "5G",
    "5G ADVANCED": "5G", "5G-ADVANCED": "5G",
    "1X": "2G", "2세대": "2G", "3세대": "3G", "4세대": "4G", "5세대": "5G",  # (Korean lists: 'CDMA 1x', '4세대')
    "IMT-2000": "3G", "IMT2000": "3G", "IMT-ADVANCED": "4G", "IMT-2020": "5G", "IMT2020": "5G",
}

#: Words of Korean lists that qualify a technology and say no other one: '광대역 LTE' (wideband LTE, 4G),
#: 'LTE-A 프로', '3밴드 LTE-A' (three bands aggregated). Read with a technology only, as a band is.
_TECHNOLOGY_QUALIFIERS = frozenset({"광대역", "프로", "PRO", "3밴드", "2밴드", "3BAND", "2BAND", "TRI-BAND", "밴드"})
#: A qualifier written onto the technology: '광대역LTE', '광대역LTE-A'.
_QUALIFIED = re.compile(r"^(?:광대역)(.+)$")
#: Mobile WiMAX (IEEE 802.16e; WiBro in Korea): none of the generations of mobile phone networks the presets and
#: the palette know, so it is said rather than read as 4G.
WIMAX_NAMES = frozenset({"WIBRO", "와이브로", "WIMAX", "MOBILE WIMAX", "모바일 와이맥스", "와이맥스"})


def normalize_technology(value) -> str:
    """Map free text ('UMTS', 'lte', '3g', 'NR', 'GSM', ...) to one of :data:`TECHNOLOGIES`.

    A list of technologies ('GSM/UMTS', '4G LTE', '2G, 3G', '3G/4G', '3G(WCDMA)', Korean '4세대') gives the newest
    one; a Korean list's qualifier ('광대역 LTE', '광대역LTE', 'LTE-A 프로', '3밴드 LTE-A') is read with its
    technology; text with any other word ('Koryolink 3G') is ``unknown``, WiBro/WiMAX too (:data:`WIMAX_NAMES`).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "unknown"
    text = " ".join(str(value).strip().upper().split())
    if text in _TECHNOLOGY_ALIASES:
        return _TECHNOLOGY_ALIASES[text]
    tokens = [t for t in re.split(r"[/,;&|()\[\]]|\s", text) if t]  # also '3G(WCDMA)', '2G [CDMA]'
    found = []
    for token in tokens:
        band = _BAND.match(token)  # 'GSM900', 'LTE-1800', 'UMTS2100MHz'
        if band and band.group(1) in _TECHNOLOGY_ALIASES:
            token = band.group(1)
        qualified = _QUALIFIED.match(token)  # '광대역LTE'
        if qualified and qualified.group(1) in _TECHNOLOGY_ALIASES:
            token = qualified.group(1)
        found.append(_TECHNOLOGY_ALIASES.get(token)
                     or ("band" if _BAND_ONLY.match(token) or token in _TECHNOLOGY_QUALIFIERS else None))
    techs = [f for f in found if f != "band"]
    if not techs or None in techs:
        return "unknown"
    return max(techs)


#: A technology name with its band in MHz, or a band alone ('900', '1800MHz', 'MHz') next to a technology.
_BAND = re.compile(r"^([A-Z][A-Z-]*?)[-_]?\d{3,4}(?:MHZ)?$")
_BAND_ONLY = re.compile(r"^(?:\d{3,4}(?:MHZ)?|MHZ)$")


#: The reason given for a row at lon 0, lat 0.
NO_POSITION = tr("lon and lat are both 0: no position (a place or cell exported without its location)")


def validate_frame(df: pd.DataFrame) -> list[tuple[int, str, str]]:
    """Check a station table; return ``(row_index, field, reason)`` for every problem found."""
    problems: list[tuple[int, str, str]] = []
    for coord, lo, hi in ((LON, -180.0, 180.0), (LAT, -90.0, 90.0)):
        if coord not in df.columns:
            problems.append((-1, coord, tr("column is missing")))
            continue
        values = pd.to_numeric(df[coord], errors="coerce")
        for idx in df.index[values.isna()]:
            value = df.at[idx, coord]
            blank = value is None or (isinstance(value, float) and math.isnan(value)) or not str(value).strip()
            problems.append((idx, coord, tr("missing coordinate") if blank else tr("not a number: {value}",
                                                                                   value=repr(value))))
        bad = values.notna() & ((values < lo) | (values > hi))
        for idx in df.index[bad]:
            problems.append((idx, coord, tr("{value} is outside [{lo}, {hi}]{hint}", value=num(values[idx]),
                                            lo=num(lo, "g"), hi=num(hi, "g"), hint="")))
    if LON in df.columns and LAT in df.columns:
        # 0, 0 ('Null Island', in the Gulf of Guinea) is what exporters write for a place without a position
        null_island = (pd.to_numeric(df[LON], errors="coerce") == 0) & (pd.to_numeric(df[LAT], errors="coerce") == 0)
        for idx in df.index[null_island]:
            problems.append((idx, LAT, NO_POSITION))
    for spec in FIELDS:
        if spec.name not in df.columns:
            continue
        col = df[spec.name]
        if spec.kind in ("float", "int"):
            present = col.notna() & (col.astype(str).str.strip() != "")
            values = pd.to_numeric(col, errors="coerce")
            for idx in df.index[present & values.isna()]:
                problems.append((idx, spec.name, tr("not a number: {value}", value=repr(col[idx]))))
            if spec.minimum is not None:
                for idx in df.index[values < spec.minimum]:
                    problems.append((idx, spec.name, tr("{value} is below {limit}", value=values[idx],
                                                        limit=num(spec.minimum, "g"))))
            if spec.maximum is not None:
                for idx in df.index[values > spec.maximum]:
                    problems.append((idx, spec.name, tr("{value} is above {limit}", value=values[idx],
                                                        limit=num(spec.maximum, "g"))))
        elif spec.choices and spec.name != "technology":
            present = col.notna() & (col.astype(str) != "")
            bad = present & ~col.astype(str).isin(spec.choices)
            for idx in df.index[bad]:
                problems.append((idx, spec.name, tr("{value} is not one of {choices}", value=repr(col[idx]),
                                                    choices=", ".join(spec.choices))))
    if "station_id" in df.columns:
        ids = df["station_id"].dropna().astype(str)
        ids = ids[ids.str.strip() != ""]
        for idx in ids.index[ids.duplicated(keep="first")]:
            problems.append((idx, "station_id", tr("duplicate id {value}", value=repr(ids[idx]))))
    return problems
