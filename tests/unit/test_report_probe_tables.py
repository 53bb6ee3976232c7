"""The report's statistics table on small regions: areas under 10 km² keep two significant digits."""

from __future__ import annotations

import pandas as pd

from basestation_mapper.plugin.core.tables import area_decimals, report_table


def test_small_areas_keep_two_significant_digits():
    """A 0.4 km² region (a city ward, an islet) had its area written '0' and its covered area '0 (0–0)' beside
    '45.0 %' covered; the areas of 10 km² and more keep whole numbers, and a range is written as its figure."""
    df = pd.DataFrame([
        {"region": "Islet", "area_km2": 0.42, "covered_km2": 0.19, "covered_km2_min": 0.12, "covered_km2_max": 0.25,
         "covered_area_pct": 45.0},
        {"region": "Ward", "area_km2": 3.6, "covered_km2": 2.04, "covered_km2_min": 1.5, "covered_km2_max": 2.6,
         "covered_area_pct": 56.7},
        {"region": "Province", "area_km2": 12355.4, "covered_km2": 1778.2, "covered_km2_min": 1193.0,
         "covered_km2_max": 2293.0, "covered_area_pct": 14.4},
    ])
    table = {row[0]: row for row in report_table(df)[1:]}
    assert table["Islet"][1:4] == ["0.42", "0.19 (0.12–0.25)", "45.0"]
    assert table["Ward"][1:3] == ["3.6", "2.0 (1.5–2.6)"]
    assert table["Province"][1:3] == ["12,355", "1,778 (1,193–2,293)"]
    assert table["Total"][1:3] == ["12,359", "1,780 (1,195–2,296)"]
    assert area_decimals(0.0004) == 4 and area_decimals(0, None, float("nan")) == 0
