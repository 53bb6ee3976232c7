"""Metric merge and de-duplication (plugin/core/merge.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from basestation_mapper.plugin.core import merge as mg
from basestation_mapper.plugin.core import stations as st


def _offset(lon, lat, east_m, north_m):
    return lon + east_m / (111320.0 * np.cos(np.radians(lat))), lat + north_m / 110574.0


def test_distance_matches_pyproj_geodesic():
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    lon2, lat2 = _offset(125.75, 39.03, 120.0, 50.0)
    d = mg.distance_m(125.75, 39.03, lon2, lat2)
    _, _, ref = geod.inv(125.75, 39.03, lon2, lat2)
    assert d == pytest.approx(ref, rel=5e-3)


def test_merge_keeps_provenance_and_best_station():
    a = pd.DataFrame({"lon": [125.75, 126.0], "lat": [39.03, 39.5], "name": ["A", ""], "status": ["confirmed"] * 2,
                      "source": ["imagery_2019.tif", "imagery_2019.tif"], "first_seen": ["2019-04-01", None],
                      "last_seen": ["2019-04-01", None], "technology": ["3G", "2G"]})
    lon, lat = _offset(125.75, 39.03, 100.0, 0.0)  # 100 m away: same station
    lon_far, lat_far = _offset(125.75, 39.03, 400.0, 0.0)  # 400 m: another
    b = pd.DataFrame({"lon": [lon, lon_far], "lat": [lat, lat_far], "name": ["B", "far"],
                      "status": ["candidate", "candidate"], "source": ["opencellid.csv", "opencellid.csv"],
                      "first_seen": ["2015-02-01", None], "last_seen": ["2021-06-30", None],
                      "technology": ["unknown", "3G"], "confidence": [0.4, 0.9]})
    out = mg.merge_stations([a, b], distance=150)
    assert len(out) == 3
    merged = out[out["name"] == "A"].iloc[0]
    assert merged["source"] == "imagery_2019.tif; opencellid.csv"
    assert merged["first_seen"] == "2015-02-01" and merged["last_seen"] == "2021-06-30"
    assert merged["status"] == "confirmed" and merged["technology"] == "3G"
    assert "merged 1 duplicate" in merged["notes"]
    assert merged["lon"] == pytest.approx(125.75)
    assert not st.validate_frame(out)


def test_merge_respects_technology_and_does_not_chain():
    lons, lats = [], []
    for east in (0.0, 140.0, 280.0):  # a chain: neighbours 140 m apart, ends 280 m apart
        lon, lat = _offset(125.0, 39.0, east, 0.0)
        lons.append(lon)
        lats.append(lat)
    df = pd.DataFrame({"lon": lons, "lat": lats, "technology": ["3G"] * 3, "confidence": [0.5, 0.9, 0.5]})
    out = mg.merge_stations(df, 150)
    assert len(out) == 1  # the middle one leads: both ends are within 150 m of it
    # the first leads: it takes the middle one; the far end (280 m) stays a station
    assert len(mg.merge_stations(df.assign(confidence=[0.9, 0.5, 0.5]), 150)) == 2
    mixed = df.iloc[:2].assign(technology=["2G", "3G"])
    assert len(mg.merge_stations(mixed, 150)) == 2
    assert len(mg.merge_stations(mixed, 150, match_technology=False)) == 1


def test_leader_clusters_radius_is_metric_at_high_latitude():
    lon, lat = 24.94, 60.17
    lon2, lat2 = _offset(lon, lat, 149.0, 0.0)
    lon3, lat3 = _offset(lon, lat, 0.0, 151.0)
    labels = mg.leader_clusters([lon, lon2, lon3], [lat, lat2, lat3], 150.0)
    assert labels[1] == labels[0] and labels[2] != labels[0]


def test_nearest_station_and_seen_dates():
    df = pd.DataFrame({"lon": [125.0, 125.01], "lat": [39.0, 39.0]}, index=[10, 11])
    idx, d = mg.nearest_station(df, 125.0099, 39.0)
    assert idx == 11 and d < 10
    assert mg.nearest_station(df.iloc[:0], 125, 39) is None
    assert mg.seen_dates(["2020-01-02", None, "", "2018-05-06T10:00:00"]) == ("2018-05-06", "2020-01-02")


def test_absorb_updates_existing_and_adds_the_rest():
    existing = pd.DataFrame({"lon": [125.0], "lat": [39.0], "source": ["a.tif"], "first_seen": ["2019-01-01"],
                             "last_seen": ["2019-01-01"], "technology": ["3G"]}, index=[7])
    lon, lat = _offset(125.0, 39.0, 60.0, 0.0)
    new = pd.DataFrame({"lon": [lon, 125.5], "lat": [lat, 39.0], "source": ["ocid.csv", "ocid.csv"],
                        "first_seen": ["2016-03-01", None], "last_seen": ["2022-01-01", None],
                        "technology": ["3G", "3G"]})
    to_add, updates = mg.absorb(existing, new, 150)
    assert len(to_add) == 1 and to_add[st.LON].iloc[0] == 125.5
    assert updates[7]["source"] == "a.tif; ocid.csv"
    assert (updates[7]["first_seen"], updates[7]["last_seen"]) == ("2016-03-01", "2022-01-01")


def test_absorb_finds_the_station_of_its_technology_behind_a_nearer_other():
    """A 2G station 10 m from a new 3G cell and the 3G station of the same mast 40 m away: only the nearest was
    looked at, its technology differed, and the 3G cell was added as a second 3G station of that mast."""
    near = _offset(125.0, 39.0, 10.0, 0.0)
    same = _offset(125.0, 39.0, 0.0, 40.0)
    existing = pd.DataFrame({"lon": [near[0], same[0]], "lat": [near[1], same[1]], "source": ["2g.csv", "3g.csv"],
                             "first_seen": [None, None], "last_seen": [None, None], "technology": ["2G", "3G"]},
                            index=[3, 4])
    new = pd.DataFrame({"lon": [125.0], "lat": [39.0], "source": ["ocid.csv"], "first_seen": [None],
                        "last_seen": [None], "technology": ["3G"]})
    to_add, updates = mg.absorb(existing, new, 150)
    assert to_add.empty and list(updates) == [4] and updates[4]["source"] == "3g.csv; ocid.csv"
    to_add, updates = mg.absorb(existing, new.assign(technology="4G"), 150)  # no 4G there: added
    assert len(to_add) == 1 and updates == {}
    to_add, updates = mg.absorb(existing, new, 150, match_technology=False)  # the nearest, whatever it is
    assert to_add.empty and list(updates) == [3]


def test_review_rules():
    from basestation_mapper.plugin.core import review as rv

    df = pd.DataFrame({"status": ["candidate", "confirmed", "candidate", "candidate"],
                       "confidence": [0.4, 0.99, 0.9, None], "source": ["a.tif", "a.tif", "b.tif; a.tif", "b.tif"],
                       "image_date": ["2020-01-01", None, "2021-02-02", "2021-02-02"],
                       "first_seen": [None, "2012-05-01", "2022-01-01", None], "last_seen": [None, None, None, None]},
                      index=[5, 6, 7, 8])
    assert rv.queue_order(df) == [7, 5, 8]
    assert rv.queue_order(df, source="a.tif") == [7, 5]
    assert rv.queue_order(df, image_date="2021-02-02") == [7, 8]
    values = rv.decision_values(df.loc[7].to_dict(), "accept", "kim", "2024-01-01T00:00:00+00:00")
    assert values["status"] == "confirmed" and values["reviewer"] == "kim"
    assert (values["first_seen"], values["last_seen"]) == ("2021-02-02", "2022-01-01")
    assert rv.decision_values({}, "reject", "kim")["status"] == "rejected"
    assert rv.growth_by_year(df) == {2012: 1}


def _many_stations(n=200_000, seed=7):
    """``n`` reports of ``n / 2`` sites over North Korea, each site reported twice a few tens of metres apart."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(124.0, 130.0, n // 2)
    lat = rng.uniform(37.5, 43.0, n // 2)
    return pd.DataFrame({"lon": np.concatenate([lon, lon + rng.normal(0, 0.0002, n // 2)]),
                         "lat": np.concatenate([lat, lat + rng.normal(0, 0.0002, n // 2)]),
                         "technology": rng.choice(["2G", "3G", "4G"], n), "source": "survey"})


def test_merge_stops_promptly_when_canceled():
    """Cancel is asked for all along the merge (dozens of checks, not one at the end), and the first check
    after the request stops it."""
    from basestation_mapper.plugin.core.cancel import Canceled

    frame = _many_stations()
    at_check, seen, asked = [], [], []

    def progress(fraction):
        seen.append(fraction)
        if fraction > 0.5 and not asked:
            asked.append(len(at_check))  # the user cancels half-way through combining the groups

    def check():
        at_check.append(seen[-1] if seen else 0.0)
        if asked:
            raise Canceled()

    with pytest.raises(Canceled):
        mg.merge_stations([frame], 150.0, check=check, progress=progress)
    assert asked and len(at_check) == asked[0] + 1  # the first check after the request stops the merge
    assert all(0.0 <= f < 1.0 for f in seen)
    assert len(at_check) > 20 and sum(f > 0.2 for f in at_check) > 5  # in the combining of groups too


def test_merge_of_200000_stations():
    # 100,000 sites reported twice: 100,000 groups to combine (its speed: bench/bench_merge.py)
    frame = _many_stations()
    out = mg.merge_stations([frame], 150.0, match_technology=False)
    assert 98_000 < len(out) < 100_000  # a few sites fall within 150 m of another
    assert out["notes"].str.startswith("merged ").sum() > 97_000


def test_merge_reports_progress_to_the_end():
    frame = _many_stations(2000, seed=3)
    seen = []
    calls = []
    out = mg.merge_stations([frame], 150.0, match_technology=False, check=lambda: calls.append(1),
                            progress=seen.append)
    assert len(out) == 1000  # every site once
    assert seen == sorted(seen) and seen[-1] == 1.0
    assert len(calls) > 10


def test_import_with_merge_distance_stops_in_the_merge_when_canceled(tmp_path):
    from basestation_mapper.plugin.core.cancel import Canceled
    from basestation_mapper.plugin.core.importers import import_file

    path = tmp_path / "survey.csv"
    _many_stations().to_csv(path, index=False, float_format="%.6f")
    read_at = []

    def progress(fraction):
        if fraction >= 1.0 and not read_at:
            read_at.append(fraction)  # the file is read: the merge comes next

    def check():
        if read_at:  # the user cancels as the merge starts
            raise Canceled()

    with pytest.raises(Canceled):
        import_file(path, merge_distance=150.0, check=check, progress=progress)
    assert read_at  # canceled in the merge, after the file was read
