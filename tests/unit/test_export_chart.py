"""The bar chart SVG of the report."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from basestation_mapper.plugin.core.chart import bar_chart_svg

NS = "{http://www.w3.org/2000/svg}"


def _bars(svg):
    root = ET.fromstring(svg)
    rects = [r for r in root.iter(f"{NS}rect") if r.get("fill") != "white"]
    texts = [t.text for t in root.iter(f"{NS}text")]
    return root, rects, texts


def test_bars_sorted_and_proportional():
    svg = bar_chart_svg(["small", "big 평양", "mid"], [100.0, 400.0, 200.0], title="Covered")
    _root, rects, texts = _bars(svg)
    widths = [float(r.get("width")) for r in rects]
    assert widths == sorted(widths, reverse=True)
    assert widths[0] / widths[1] == pytest.approx(2.0, rel=1e-3)
    assert widths[1] / widths[2] == pytest.approx(2.0, rel=1e-3)
    labels = [t for t in texts if t in ("small", "big 평양", "mid")]
    assert labels == ["big 평양", "mid", "small"]
    assert "Covered" in texts


def test_whiskers_span_low_high():
    svg = bar_chart_svg(["a"], [50.0], [40.0], [60.0])
    root = ET.fromstring(svg)
    lines = [ln for ln in root.iter(f"{NS}line") if ln.get("stroke") == "#222222"]
    span = lines[0]
    bar = next(r for r in root.iter(f"{NS}rect") if r.get("fill") != "white")
    x0 = float(bar.get("x"))
    w = float(bar.get("width"))
    assert (float(span.get("x1")) - x0) / w == pytest.approx(0.8, rel=1e-2)
    assert (float(span.get("x2")) - x0) / w == pytest.approx(1.2, rel=1e-2)


def test_missing_values_and_bad_lengths():
    svg = bar_chart_svg(["a", "b"], [float("nan"), 3.0])
    assert ET.fromstring(svg) is not None
    with pytest.raises(ValueError):
        bar_chart_svg(["a"], [1.0, 2.0])


def test_many_bars_end_with_one_for_the_rest():
    labels = [f"region {i}" for i in range(40)]
    values = [1000.0 * (i + 1) for i in range(40)]  # region 39 is the largest
    lows = [v * 0.9 for v in values]
    highs = [v * 1.1 for v in values]
    svg = bar_chart_svg(labels, values, lows, highs, max_bars=10, other_label="{n} other regions")
    _root, rects, texts = _bars(svg)
    assert len(rects) == 10
    shown = [t for t in texts if t.startswith("region ")]
    assert shown == [f"region {i}" for i in range(39, 30, -1)]  # the nine largest, largest first
    assert "31 other regions" in texts
    rest = sum(values[:31])
    widths = [float(r.get("width")) for r in rects]
    assert widths[-1] / widths[0] == pytest.approx(rest / values[39], rel=1e-2)  # widths to 0.1 px
    assert "496 k" in texts  # the summed bar's label: 1+2+...+31 thousand


def test_few_bars_are_all_shown():
    svg = bar_chart_svg(["a", "b", "c"], [3.0, 2.0, 1.0], max_bars=10)
    _root, rects, texts = _bars(svg)
    assert len(rects) == 3 and not any("other" in (t or "") for t in texts)


def test_control_characters_in_labels_do_not_break_the_svg():
    # a region name with a vertical tab or form feed (pasted from a spreadsheet) made the SVG not
    # well-formed: the report's chart was blank
    svg = bar_chart_svg(["평안\x0b남도", "Kangwon\x0c <&>", "a\x00b"], [3.0, 2.0, 1.0], title="Cover\x1bed",
                        unit="km\x01²")
    _root, rects, texts = _bars(svg)
    assert len(rects) == 3
    assert {"평안남도", "Kangwon <&>", "ab", "Covered", "km²"} <= set(texts)
