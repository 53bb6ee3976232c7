"""Statistics and station tables for exports and the report (pandas only).

The coverage statistics table (``basestationmapper:coveragestats``) has one row per region
with ``region, area_km2, covered_km2, covered_area_pct, population, covered_pop,
covered_pop_pct, stations, estimated_subscribers`` and low/high variants of the uncertain
figures. Their exact names are read generically: ``<base>_min``/``<base>_max``,
``<base>_low``/``<base>_high``, ``<base>_lo``/``<base>_hi`` or ``min_<base>``/``max_<base>``.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .messages import tr
from .safe_write import ExportError, staged
from .stations import FIELD_NAMES, LAT, LON

REGION = "region"
#: Columns summed over regions for the total row.
ADDITIVE = ("area_km2", "covered_km2", "population", "covered_pop", "stations", "estimated_subscribers")
#: Percentages and the (numerator, denominator) they are computed from.
RATIOS = {"covered_area_pct": ("covered_km2", "area_km2"), "covered_pop_pct": ("covered_pop", "population")}
TOTAL_LABELS = {"total", "all", "sum", "all regions", "합계", "전체"}
_PAIRS = (("_min", "_max"), ("_low", "_high"), ("_lo", "_hi"))


@dataclass(frozen=True)
class RangeColumns:
    low: str
    high: str


def range_columns(columns: Sequence[str]) -> dict[str, RangeColumns]:
    """``{base: RangeColumns(low, high)}`` for every low/high pair among ``columns``."""
    cols = list(columns)
    lowered = {c.lower(): c for c in cols}
    out: dict[str, RangeColumns] = {}
    for col in cols:
        low = col.lower()
        for lo_suffix, hi_suffix in _PAIRS:
            if low.endswith(lo_suffix):
                base = low[: -len(lo_suffix)]
                high = lowered.get(base + hi_suffix)
                if base and high:
                    out[lowered.get(base, base)] = RangeColumns(col, high)
        if low.startswith("min_") and lowered.get("max_" + low[4:]):
            base = low[4:]
            out[lowered.get(base, base)] = RangeColumns(col, lowered["max_" + base])
    return out


def is_total_label(value) -> bool:
    return value is not None and str(value).strip().lower() in TOTAL_LABELS


def region_column(df: pd.DataFrame, preferred: str | None = None) -> str:
    """The column holding region names: ``region``, else ``preferred``, else the first text column."""
    for name in (REGION, preferred):
        if name and name in df.columns:
            return name
    for col in df.columns:
        if df[col].dtype == object:
            return col
    raise ExportError(tr("The statistics table has no region column (expected a field named 'region')."))


def _pct_scale(df: pd.DataFrame, pct: str, num: str, den: str) -> float:
    """100 when ``pct`` holds percentages, 1 when it holds fractions (judged from the rows)."""
    if pct not in df.columns or num not in df.columns or den not in df.columns:
        return 100.0
    ratio = pd.to_numeric(df[num], errors="coerce") / pd.to_numeric(df[den], errors="coerce")
    value = pd.to_numeric(df[pct], errors="coerce")
    ok = (ratio > 0) & value.notna() & np.isfinite(ratio)
    if not ok.any():
        return 100.0
    return 1.0 if float(np.median(value[ok] / ratio[ok])) < 10.0 else 100.0


def split_total(df: pd.DataFrame, region_col: str | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """Region rows and the total row: the table's own total row when it has one, else computed.

    Computed totals sum the additive columns (and their low/high variants, so the total range
    is the sum of the regional ranges) and recompute the percentages from the sums.
    """
    region_col = region_column(df, region_col)
    mask = df[region_col].map(is_total_label)
    rows = df[~mask].reset_index(drop=True)
    if mask.any():
        return rows, df[mask].iloc[0]
    numeric = rows.apply(pd.to_numeric, errors="coerce")
    ranges = range_columns(list(rows.columns))
    total: dict[str, object] = dict.fromkeys(rows.columns)
    total[region_col] = "Total"
    additive = set(ADDITIVE)
    for base, rc in ranges.items():
        if base in ADDITIVE:
            additive.update((rc.low, rc.high))
    for col in rows.columns:
        if col in additive:
            total[col] = float(numeric[col].sum(min_count=1)) if numeric[col].notna().any() else None
    for pct, (num, den) in RATIOS.items():
        if pct not in rows.columns:
            continue
        scale = _pct_scale(rows, pct, num, den)
        denominator = total.get(den)
        variants = [(pct, num)]
        if pct in ranges and num in ranges:
            variants += [(ranges[pct].low, ranges[num].low), (ranges[pct].high, ranges[num].high)]
        for pct_col, num_col in variants:
            value = total.get(num_col)
            if value is not None and denominator:
                total[pct_col] = scale * float(value) / float(denominator)
    return rows, pd.Series(total)


# -- formatting ---------------------------------------------------------------------------------
def _num(value) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def format_number(value, decimals: int = 0, number: Callable[[float, str], str] = format) -> str:
    """``1234567.8 -> '1,234,568'``; '–' for missing values. ``number(value, spec)`` writes the number from a
    Python format spec (``format``, English, by default; the QGIS side gives ``plugin.i18n.number_spec``)."""
    v = _num(value)
    if v is None:
        return "–"
    return number(v, f",.{decimals}f")


def format_range(value, low=None, high=None, decimals: int = 0,
                 number: Callable[[float, str], str] = format) -> str:
    """``'71.2 (64.0–78.4)'`` when a range is known, else the value alone."""
    out = format_number(value, decimals, number)
    lo, hi = _num(low), _num(high)
    if lo is not None and hi is not None:
        out += f" ({format_number(lo, decimals, number)}–{format_number(hi, decimals, number)})"
    return out


def area_decimals(*values) -> int:
    """Decimals that show an area in km² to at least two significant digits: none from 10 km² up, one from 1 km²,
    more below (at most 4); the largest of ``values`` (a figure and its low and high) decides, so a range is written
    as its figure. A region of 0.4 km² had its area written '0', beside the share of it covered."""
    finite = [abs(v) for v in map(_num, values) if v is not None and math.isfinite(v) and v != 0]
    if not finite or max(finite) >= 10:
        return 0
    return min(4, 1 - math.floor(math.log10(max(finite))))


#: Report columns: (column, header, decimals; None: an area's, by its size, :func:`area_decimals`).
REPORT_COLUMNS = (
    ("area_km2", "Area (km²)", None),
    ("covered_km2", "Covered (km²)", None),
    ("covered_area_pct", "Area covered (%)", 1),
    ("population", "Population", 0),
    ("covered_pop", "Population covered", 0),
    ("covered_pop_pct", "Population covered (%)", 1),
    ("stations", "Stations", 0),
    ("estimated_subscribers", "Est. subscribers", 0),
)


def nameless(value) -> bool:
    """A region name that is none: None, NaN or blank."""
    if value is None or (not isinstance(value, str) and bool(np.all(pd.isna(value)))):
        return True
    return not str(value).strip()


def named_first(rows: pd.DataFrame, region_col: str, unnamed: Callable[[object], bool] | None = None) -> pd.DataFrame:
    """``rows`` sorted by region name (case aside), the regions without one after them in their own order:
    :func:`nameless` ones and those ``unnamed`` tells (a label standing for no name, as coveragestats'
    '(unnamed, feature 3)')."""
    names = rows[region_col].tolist()
    last = [nameless(v) or bool(unnamed is not None and unnamed(v)) for v in names]
    order = sorted(range(len(names)), key=lambda i: (last[i], "" if last[i] else str(names[i]).lower()))
    return rows.iloc[order]


def report_table(df: pd.DataFrame, region_col: str | None = None,
                 headers: dict[str, str] | None = None,
                 unnamed: Callable[[object], bool] | None = None,
                 number: Callable[[float, str], str] = format) -> list[list[str]]:
    """Header row, one row per region (sorted by name, the nameless ones last: :func:`named_first`), and the
    total row, as display text.

    Uncertain figures show their range, e.g. ``'1,204,311 (1,010,222–1,390,008)'``. Columns
    missing from ``df`` are left out. ``headers`` overrides (translates) the header texts; ``number`` writes the
    figures (:func:`format_number`: English by default, the QGIS locale's in the report).
    """
    region_col = region_column(df, region_col)
    rows, total = split_total(df, region_col)
    rows = named_first(rows, region_col, unnamed)
    ranges = range_columns(list(df.columns))
    columns = [(c, h, d) for c, h, d in REPORT_COLUMNS if c in df.columns]
    headers = headers or {}
    table = [[headers.get(REGION, "Region")] + [headers.get(c, h) for c, h, _ in columns]]

    def line(record) -> list[str]:
        out = ["–" if nameless(record[region_col]) else str(record[region_col])]
        for col, _h, dec in columns:
            rc = ranges.get(col)
            low, high = (record[rc.low], record[rc.high]) if rc else (None, None)
            out.append(format_range(record[col], low, high, area_decimals(record[col], low, high) if dec is None
                                    else dec, number))
        return out

    table.extend(line(r) for _, r in rows.iterrows())
    table.append(line(total))
    return table


# -- files ----------------------------------------------------------------------------------------
def station_column_order(names: Sequence[str]) -> list[str]:
    """``lon, lat`` (WGS84) first, then the schema fields present, then any other attribute."""
    if LON not in names or LAT not in names:
        raise ExportError(tr("The station table has no lon/lat positions."))
    schema = [c for c in FIELD_NAMES if c in names]
    extra = [c for c in dict.fromkeys(names) if c not in schema and c not in (LON, LAT)]
    return [LON, LAT, *schema, *extra]


def csv_cell(value) -> str:
    """A value as CSV text: empty for missing (None, NaN, pandas' NA), the shortest round-trip repr
    for floats, ``str`` otherwise."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):  # numpy's float64 too
        return "" if math.isnan(value) else repr(float(value))
    return str(value)


#: First characters that make a spreadsheet take a CSV cell for a formula (Excel, LibreOffice: OWASP's "CSV
#: injection"): = + - @, and tab and carriage return, which some of them skip before one.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")


def formula_safe(text: str) -> str:
    """``text`` for a CSV cell a spreadsheet opens: one starting like a formula (``=HYPERLINK(...)``, ``+cmd``,
    ``@SUM(...)``, ``-1+2``) gets a single quote in front, as OWASP recommends, so it is shown as text and never
    run; a plain number written as text (``-12.5``) is left as it is (it is no formula)."""
    if text and text[0] in FORMULA_START and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def formula_safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with the text cells and column names of :func:`formula_safe` (numbers untouched: a negative
    number stays a number); the same frame when nothing needs it."""
    text_columns = [c for c in df.columns if df[c].dtype == object]
    changed = {c: df[c].map(lambda v: formula_safe(v) if isinstance(v, str) else v) for c in text_columns
               if df[c].map(lambda v: isinstance(v, str) and v[:1] in FORMULA_START).any()}
    names = {c: formula_safe(c) for c in df.columns if isinstance(c, str) and formula_safe(c) != c}
    if not changed and not names:
        return df
    out = df.copy()
    for col, values in changed.items():
        out[col] = values
    return out.rename(columns=names)


def _coordinate(value) -> str:
    """Longitude / latitude with 9 decimals (~0.1 mm); empty without a position."""
    if value is None or value is pd.NA:
        return ""
    value = float(value)
    return "" if math.isnan(value) else f"{value:.9f}"


def write_station_columns(columns: dict[str, Sequence], path: Path | str, overwrite: bool = False) -> Path:
    """Stations given as columns (name -> values, ``lon``/``lat`` among them) to CSV, in
    :func:`station_column_order`: WGS84 lon/lat (9 decimals, ~0.1 mm; empty without a position) and
    every attribute, UTF-8 with a byte-order mark.

    The byte-order mark makes Excel read Korean and other non-ASCII text correctly; GDAL,
    QGIS and pandas (``encoding='utf-8-sig'``) skip it.
    """
    order = station_column_order(list(columns))  # no station: the header alone
    cells = [[_coordinate(v) for v in columns[LON]], [_coordinate(v) for v in columns[LAT]]]
    # text that a spreadsheet would run as a formula (a name '=HYPERLINK(...)' from an imported file) is
    # written as text (formula_safe); numbers are written as numbers
    cells += [[(formula_safe(v) if v[:1] in FORMULA_START else v) if v.__class__ is str else csv_cell(v)
               for v in columns[name]] for name in order[2:]]
    with staged(path, overwrite) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([formula_safe(name) for name in order])
        writer.writerows(zip(*cells))
    return Path(path)
