"""The station schema in plugin/core."""

from __future__ import annotations

import pandas as pd
import pytest

from basestation_mapper.plugin.core import stations as st
from basestation_mapper.plugin.core.geo import utm_epsg


def test_schema_has_the_fields_every_part_relies_on():
    for name in ("station_id", "name", "technology", "operator", "status", "confidence", "origin", "source",
                 "image_date", "first_seen", "last_seen", "antenna_height_m", "azimuths", "radius_m", "notes",
                 "created_at", "updated_at", "reviewed_at", "reviewer"):
        assert name in st.FIELD_NAMES
    assert len(set(st.FIELD_NAMES)) == len(st.FIELD_NAMES)


def test_normalize_fills_defaults_and_ids():
    df = pd.DataFrame({"lon": [125.7, 125.8], "lat": [39.0, 39.1], "technology": ["UMTS", "lte"]})
    out = st.normalize_frame(df)
    assert list(out["technology"]) == ["3G", "4G"]
    assert out["station_id"].nunique() == 2
    assert (out["status"] == "confirmed").all()
    assert (out["antenna_height_m"] == 30.0).all()
    assert out["created_at"].notna().all()


def test_validate_reports_row_field_and_reason():
    df = pd.DataFrame({
        "lon": [125.7, 200.0, "abc"],
        "lat": [39.0, 39.1, 39.2],
        "confidence": [0.5, 1.5, None],
        "status": ["confirmed", "maybe", "candidate"],
        "station_id": ["a", "b", "a"],
    })
    problems = st.validate_frame(df)
    found = {(row, field) for row, field, _ in problems}
    assert (1, "lon") in found
    assert (2, "lon") in found
    assert (1, "confidence") in found
    assert (1, "status") in found
    assert (2, "station_id") in found
    assert (0, "lon") not in found


def test_missing_fields_is_case_insensitive():
    assert st.missing_fields([f.upper() for f in st.FIELD_NAMES]) == []
    assert st.missing_fields(["station_id", "name"])[0] == "technology"


@pytest.mark.parametrize(("text", "expected"), [("0;120;240", [0, 120, 240]), ("90, 450", [90, 90]), ("", []),
                                                (None, [])])
def test_parse_azimuths(text, expected):
    assert st.parse_azimuths(text) == expected


def test_parse_azimuths_rejects_text():
    with pytest.raises(ValueError):
        st.parse_azimuths("north")


@pytest.mark.parametrize(("lon", "lat", "epsg"), [(125.75, 39.03, 32651), (-71.0, -33.4, 32719), (5.0, 60.0, 32632),
                                                  (-180.0, 10.0, 32601), (179.99, 10.0, 32660)])
def test_utm_epsg(lon, lat, epsg):
    assert utm_epsg(lon, lat) == epsg
