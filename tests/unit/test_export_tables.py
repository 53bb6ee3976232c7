"""Statistics tables (ranges, totals, formatting) and the stations CSV."""

from __future__ import annotations

import pandas as pd
import pytest

from basestation_mapper.plugin.core.stations import FIELD_NAMES, default_record
from basestation_mapper.plugin.core.tables import (
    format_range,
    range_columns,
    report_table,
    split_total,
    write_station_columns,
)


def _stats(pct_scale=100.0):
    return pd.DataFrame([
        {"region": "B-do", "area_km2": 100.0, "covered_km2": 40.0, "covered_km2_min": 30.0, "covered_km2_max": 50.0,
         "covered_area_pct": pct_scale * 0.4, "population": 1000.0, "covered_pop": 800.0, "covered_pop_min": 700.0,
         "covered_pop_max": 900.0, "covered_pop_pct": pct_scale * 0.8, "stations": 3},
        {"region": "A-do", "area_km2": 300.0, "covered_km2": 60.0, "covered_km2_min": 45.0, "covered_km2_max": 75.0,
         "covered_area_pct": pct_scale * 0.2, "population": 3000.0, "covered_pop": 1200.0, "covered_pop_min": 900.0,
         "covered_pop_max": 1500.0, "covered_pop_pct": pct_scale * 0.4, "stations": 5},
    ])


def test_range_columns_spellings():
    cols = ["covered_pop", "covered_pop_min", "covered_pop_max", "area_km2", "subs_low", "subs_high",
            "min_covered_km2", "max_covered_km2", "x_lo", "x_hi", "lonely_min"]
    ranges = range_columns(cols)
    assert ranges["covered_pop"].low == "covered_pop_min" and ranges["covered_pop"].high == "covered_pop_max"
    assert (ranges["subs"].low, ranges["subs"].high) == ("subs_low", "subs_high")
    assert ranges["covered_km2"].low == "min_covered_km2"
    assert "x" in ranges and "lonely" not in ranges and "area_km2" not in ranges


def test_total_computed_from_rows():
    rows, total = split_total(_stats())
    assert list(rows["region"]) == ["B-do", "A-do"]
    assert total["region"] == "Total"
    assert total["population"] == 4000 and total["covered_pop"] == 2000
    assert total["covered_pop_min"] == 1600 and total["covered_pop_max"] == 2400
    assert total["covered_pop_pct"] == pytest.approx(50.0)
    assert total["covered_area_pct"] == pytest.approx(25.0)
    assert total["stations"] == 8


def test_total_keeps_fraction_scale():
    _rows, total = split_total(_stats(pct_scale=1.0))
    assert total["covered_pop_pct"] == pytest.approx(0.5)


def test_existing_total_row_is_used():
    df = pd.concat([_stats(), pd.DataFrame([{"region": "TOTAL", "population": 9999.0, "covered_pop": 1.0}])])
    rows, total = split_total(df)
    assert len(rows) == 2 and total["population"] == 9999.0


def test_report_table_text():
    table = report_table(_stats())
    assert table[0][:3] == ["Region", "Area (km²)", "Covered (km²)"]
    assert [r[0] for r in table[1:]] == ["A-do", "B-do", "Total"]
    total = table[-1]
    assert total[table[0].index("Population covered")] == "2,000 (1,600–2,400)"
    assert total[table[0].index("Population")] == "4,000"
    assert format_range(71.234, 64, 78.44, 1) == "71.2 (64.0–78.4)"
    assert format_range(None) == "–"


def test_report_table_lists_regions_without_a_name_last():
    """Regions are listed by name whatever its case; those without one (None, NaN, blank, or a label standing for
    none, as coveragestats' '(unnamed, feature 0)', which sorted first) come after them, in the table's order."""
    import math

    names = ["(unnamed, feature 7)", "b-do", None, "A-do", "  ", math.nan, "(unnamed, feature 0)", "C-do"]
    df = pd.DataFrame({"region": names, "population": [float(i) for i in range(len(names))]})
    listed = [r[0] for r in report_table(df, unnamed=lambda v: str(v).startswith("(unnamed"))[1:-1]]
    assert listed == ["A-do", "b-do", "C-do", "(unnamed, feature 7)", "–", "–", "–", "(unnamed, feature 0)"]
    # the populations follow their rows
    table = report_table(df)
    population = table[0].index("Population")
    assert [(r[0], r[population]) for r in table[1:4]] == [("(unnamed, feature 0)", "6"), ("(unnamed, feature 7)", "0"),
                                                           ("A-do", "3")]
    assert [r[0] for r in table[-4:-1]] == ["–", "–", "–"]


def test_stations_csv(tmp_path):
    rows = []
    for i in range(3):
        rec = default_record(name=f"평양 {i}", technology="3G", confidence=0.5 + i / 10,
                             image_date=f"2021-01-0{i + 1}")
        rec.update(lon=125.123456789 + i, lat=39.5, extra_field=i)
        rows.append(rec)
    path = tmp_path / "역 stations.csv"
    write_station_columns({name: [r[name] for r in rows] for name in rows[0]}, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == ["lon", "lat", *FIELD_NAMES, "extra_field"]
    assert back["lon"].tolist() == pytest.approx([125.123456789, 126.123456789, 127.123456789], abs=1e-9)
    assert back["name"].tolist() == ["평양 0", "평양 1", "평양 2"]
    assert back["confidence"].tolist() == [0.5, 0.6, 0.7]
    assert back["image_date"].tolist() == ["2021-01-01", "2021-01-02", "2021-01-03"]
