"""A horizontal bar chart as SVG (drawn by hand: no plotting dependency), for the report."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from .kml import xml_text
from .palette import TECHNOLOGY_COLORS


def _nice_step(maximum: float, ticks: int = 5) -> float:
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10):
        if raw <= mult * power:
            return mult * power
    return 10 * power


def _short(value: float, number: Callable[[float, str], str] = format) -> str:
    """``1250000 -> '1.25 M'``, ``48200 -> '48.2 k'``; ``number(value, spec)`` writes the number."""
    a = abs(value)
    if a >= 1e6:
        return f"{number(value / 1e6, '.3g')} M"
    if a >= 1e3:
        return f"{number(value / 1e3, '.3g')} k"
    return number(value, ".3g")


def _finite(value) -> float | None:
    """``value`` as a finite float; None for a missing one (None, NaN, pandas' NA of a whole-number column with
    empty cells, numpy's NaN of any width) or an infinite one."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def bar_chart_svg(labels: Sequence[str], values: Sequence[float], lows: Sequence[float | None] | None = None,
                  highs: Sequence[float | None] | None = None, title: str = "", unit: str = "",
                  color: str = TECHNOLOGY_COLORS["3G"], width: int = 720, bar_height: int = 22,
                  sort: bool = True, font_family: str = "DejaVu Sans, Arial, sans-serif",
                  max_bars: int | None = None, other_label: str = "{n} others",
                  number: Callable[[float, str], str] = format) -> str:
    """SVG text of horizontal bars (largest first) with low–high whiskers where given.

    ``number(value, spec)`` writes the numbers drawn (axis, bars, the count of ``other_label``) from a Python format
    spec: ``format``, English, by default; the QGIS side gives its own (``plugin.i18n.number_spec``, the QGIS
    locale's separators).

    With ``max_bars``, rows past the first ``max_bars - 1`` are summed into one last bar labelled
    ``other_label.format(n=...)`` (for additive values such as people; its whisker is the sum of
    the lows and highs when every one of them has both).
    """
    n = len(labels)
    lows = list(lows) if lows is not None else [None] * n
    highs = list(highs) if highs is not None else [None] * n
    if not (len(values) == len(lows) == len(highs) == n):
        raise ValueError("labels, values, lows and highs must have the same length")
    rows = []
    for label, v, lo, hi in zip(labels, values, lows, highs):
        v = _finite(v)
        rows.append((str(label), 0.0 if v is None else v, _finite(lo), _finite(hi)))
    if sort:
        rows.sort(key=lambda r: -r[1])
    if max_bars is not None and len(rows) > max(max_bars, 2):
        rest = rows[max_bars - 1:]
        whiskers = all(r[2] is not None and r[3] is not None for r in rest)
        other = (other_label.format(n=number(len(rest), "")), sum(r[1] for r in rest),
                 sum(r[2] for r in rest) if whiskers else None, sum(r[3] for r in rest) if whiskers else None)
        rows = [*rows[:max_bars - 1], other]
        n = len(rows)
    label_w = min(260, 30 + 7 * max((len(r[0]) for r in rows), default=4))
    top = 40 if title else 12
    plot_w = width - label_w - 70
    axis_y = top + n * bar_height + 6
    height = axis_y + 34
    maximum = max([r[1] for r in rows] + [r[3] for r in rows if r[3] is not None] + [0.0])
    step = _nice_step(maximum)
    scale_max = step * max(1, math.ceil(maximum / step)) if maximum > 0 else 1.0

    def x(value: float) -> float:
        return label_w + plot_w * max(0.0, value) / scale_max

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="{escape(font_family)}" font-size="12">',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>']
    if title:
        out.append(f'<text x="{label_w}" y="22" font-size="15" font-weight="bold">{xml_text(title)}</text>')
    tick = 0.0
    while tick <= scale_max + 1e-9:
        tx = x(tick)
        out.append(f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{axis_y}" stroke="#dddddd"/>')
        out.append(f'<text x="{tx:.1f}" y="{axis_y + 16}" text-anchor="middle" fill="#444444">'
                   f'{xml_text(_short(tick, number))}</text>')
        tick += step
    if unit:
        out.append(f'<text x="{label_w + plot_w / 2:.1f}" y="{axis_y + 31}" text-anchor="middle" '
                   f'fill="#444444">{xml_text(unit)}</text>')
    for i, (label, v, lo, hi) in enumerate(rows):
        y = top + i * bar_height
        out.append(f'<text x="{label_w - 8}" y="{y + bar_height * 0.68:.1f}" text-anchor="end">'
                   f'{xml_text(label)}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{x(v) - label_w:.1f}" height="{bar_height - 6}" '
                   f'fill="{color}"/>')
        if lo is not None and hi is not None:
            cy = y + bar_height / 2
            out.append(f'<line x1="{x(lo):.1f}" y1="{cy:.1f}" x2="{x(hi):.1f}" y2="{cy:.1f}" stroke="#222222" '
                       f'stroke-width="1.5"/>')
            for end in (lo, hi):
                out.append(f'<line x1="{x(end):.1f}" y1="{cy - 5:.1f}" x2="{x(end):.1f}" y2="{cy + 5:.1f}" '
                           f'stroke="#222222" stroke-width="1.5"/>')
        end_x = max(x(v), x(hi) if hi is not None else 0.0)
        out.append(f'<text x="{end_x + 5:.1f}" y="{y + bar_height * 0.68:.1f}" fill="#222222">'
                   f'{xml_text(_short(v, number))}</text>')
    out.append(f'<line x1="{label_w}" y1="{top - 4}" x2="{label_w}" y2="{axis_y}" stroke="#444444"/>')
    out.append("</svg>")
    return "".join(out)
