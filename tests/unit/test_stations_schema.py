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


def _calls_from(name: str) -> bool:
    """Whether the caller's caller runs in a function called ``name`` (a check's caller, seen from the check)."""
    import sys

    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == name:
            return True
        frame = frame.f_back
    return False


def _rows(n: int, seed: int = 5) -> pd.DataFrame:
    import numpy as np

    rng = np.random.default_rng(seed)
    return pd.DataFrame({"lon": rng.uniform(124, 130, n), "lat": rng.uniform(37, 42, n),
                         "name": [f"S{k}" for k in range(n)],
                         "technology": [f"LTE-{1000 + k}" if k % 2 else "GSM" for k in range(n)]})


def test_normalize_frame_checks_for_cancel_along_the_rows(monkeypatch):
    """normalize_frame had no cancel check: a 200,000-row import could not be canceled during it; it calls its
    check between fields and every CHECK_ROWS rows of ids and technologies, and stops when the check raises."""
    from basestation_mapper.plugin.core.cancel import Canceled

    monkeypatch.setattr(st, "CHECK_ROWS", 100)
    df = _rows(2000)
    calls = []
    out = st.normalize_frame(df, lambda: calls.append(1))
    # every schema field, 20 chunks of ids, 11 chunks of the 1001 distinct technologies
    assert len(calls) >= len(st.FIELDS) + 20 + 11
    assert out["station_id"].nunique() == 2000 and set(out["technology"]) == {"4G", "2G"}
    for stop in (1, len(st.FIELDS) + 5, len(calls) - 1):
        seen = []

        def check(stop=stop, seen=seen):
            seen.append(1)
            if len(seen) == stop:
                raise Canceled()

        with pytest.raises(Canceled):
            st.normalize_frame(df, check)
        assert len(seen) == stop
    assert "station_id" not in df.columns  # the input is left as it was


def test_import_and_merge_pass_their_cancel_check_to_normalize_frame(tmp_path, monkeypatch):
    from basestation_mapper.plugin.core import importers as im
    from basestation_mapper.plugin.core.cancel import Canceled
    from basestation_mapper.plugin.core.merge import merge_stations

    monkeypatch.setattr(st, "CHECK_ROWS", 100)
    path = tmp_path / "many.csv"
    _rows(1500).to_csv(path, index=False)
    counted = []
    im.import_file(path, check=lambda: counted.append(_calls_from("normalize_frame")))
    assert sum(counted) >= len(st.FIELDS) + 15

    def cancel_in_normalize():
        if _calls_from("normalize_frame"):
            raise Canceled()

    with pytest.raises(Canceled):
        im.import_file(path, check=cancel_in_normalize)
    with pytest.raises(Canceled):
        merge_stations([_rows(300)], 150.0, check=cancel_in_normalize)


def test_normalize_frame_reads_technologies_that_cannot_be_hashed():
    """A technology given as a list (a JSON property ['LTE', 'NR']) is read as its text, as it was before the
    technologies were read once per distinct value."""
    df = pd.DataFrame({"lon": [1.0, 2.0, 3.0], "lat": [1.0, 2.0, 3.0], "technology": [["LTE", "NR"], "GSM", None]})
    assert st.normalize_frame(df)["technology"].tolist() == ["unknown", "2G", "unknown"]
