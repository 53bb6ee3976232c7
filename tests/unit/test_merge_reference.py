"""merge_stations and absorb against a plain per-group / per-row reference written here.

The reference is the rule of the README and of ``merge_stations``' docstring, one group (or one
new station) at a time with plain Python lists, setting the leader's fields with ``DataFrame.at``
as the first implementation did, so the values, the row order and the column dtypes that
result are pinned too. Inputs are generated with fixed seeds: several sources, duplicates within
and across them, blank names and operators, 'unknown' technologies, dates with and without a
time, azimuths, radius_m, created_at and station ids.
"""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pytest

from basestation_mapper.plugin.core import merge as mg
from basestation_mapper.plugin.core import stations as st

_FILLED = ("name", "operator", "azimuths", "radius_m", "image_date", "reviewer", "reviewed_at", "detector")


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or not str(v).strip()


def _parts(value, split: bool) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    pieces = str(value).split(";") if split else [value]
    return [str(p).strip() for p in pieces if str(p).strip()]


def _join(values, split: bool, separator: str) -> str:
    seen: list[str] = []
    for value in values:
        for part in _parts(value, split):
            if part not in seen:
                seen.append(part)
    return separator.join(seen)


def _dates(values):
    clean = sorted(str(d)[:10] for d in values if not _blank(d))
    return (clean[0], clean[-1]) if clean else (None, None)


def reference_merge(frames, distance, match_technology=True) -> pd.DataFrame:
    """One group at a time: the leader (best station) takes from its members, in table order."""
    frames = [st.normalize_frame(f) for f in frames if f is not None and len(f)]
    df = pd.concat(frames, ignore_index=True)
    df = df[np.isfinite(pd.to_numeric(df["lon"], errors="coerce"))
            & np.isfinite(pd.to_numeric(df["lat"], errors="coerce"))].reset_index(drop=True)
    tech = df["technology"].astype(str).to_numpy()

    def compatible(p, nb):
        if tech[p] != "unknown":
            return (tech[nb] == tech[p]) | (tech[nb] == "unknown")
        # an unknown head takes the unknown stations and one known technology: the most frequent around it
        known = [tech[q] for q in sorted(nb) if tech[q] != "unknown"]
        best = max(dict.fromkeys(known), key=known.count) if known else None
        return np.array([tech[q] in ("unknown", best) for q in nb], dtype=bool)

    labels = mg.leader_clusters(df["lon"].to_numpy(float), df["lat"].to_numpy(float), distance,
                                mg.priority_order(df), compatible if match_technology else None)
    records = df.to_dict("records")
    groups: dict[int, list[int]] = {}
    for position, label in enumerate(labels):
        groups.setdefault(int(label), []).append(position)
    out = df[labels == np.arange(len(df))].copy()
    for leader in sorted(groups):
        members = [leader] + [p for p in groups[leader] if p != leader]
        if len(members) < 2:
            continue
        rows = [records[p] for p in members]
        out.at[leader, "source"] = _join([r["source"] for r in rows], True, "; ")
        first, last = _dates([r[k] for k in ("first_seen", "last_seen", "image_date") for r in rows])
        out.at[leader, "first_seen"] = first
        out.at[leader, "last_seen"] = last
        out.at[leader, "confidence"] = float(pd.to_numeric(pd.Series([r["confidence"] for r in rows]),
                                                           errors="coerce").max())
        for name in _FILLED:
            if _blank(out.at[leader, name]):
                out.at[leader, name] = next((r[name] for r in rows if not _blank(r[name])), None)
        if out.at[leader, "technology"] == "unknown":
            known = [r["technology"] for r in rows if r["technology"] != "unknown"]
            if known:  # the most frequent; a tie goes to the first in table order
                out.at[leader, "technology"] = max(known, key=known.count)
        notes = _join([r["notes"] for r in rows], False, " | ")
        others = [str(r["station_id"]) for r in rows[1:]]
        extra = (f"merged {len(others)} duplicate{'' if len(others) == 1 else 's'}: {', '.join(others[:5])}"
                 f"{' ...' if len(others) > 5 else ''}")
        out.at[leader, "notes"] = f"{notes} | {extra}" if notes else extra
        created = [str(r["created_at"]) for r in rows if not _blank(r["created_at"])]
        if created:
            out.at[leader, "created_at"] = min(created)
        out.at[leader, "updated_at"] = "NOW"
    return out.reset_index(drop=True)


def reference_absorb(existing, new, distance, match_technology=True):
    """One new station at a time, against the nearest existing one of a compatible technology."""
    new = st.normalize_frame(new)
    if existing is None or existing.empty or new.empty or not distance or distance <= 0:
        return new, {}
    from scipy.spatial import cKDTree

    ex_xyz = mg.to_xyz(existing["lon"].to_numpy(float), existing["lat"].to_numpy(float))
    new_xyz = mg.to_xyz(new["lon"].to_numpy(float), new["lat"].to_numpy(float))
    within = cKDTree(ex_xyz).query_ball_point(new_xyz, mg.chord(distance))
    ex_records = existing.to_dict("records")
    new_records = new.to_dict("records")
    keep = []
    updates: dict = {}
    for i, row in enumerate(new_records):
        # every existing station within the distance, nearest first
        near = sorted((float(np.linalg.norm(ex_xyz[j] - new_xyz[i])), j) for j in within[i])
        if match_technology and "technology" in existing:
            b = str(row["technology"])
            near = [(d, j) for d, j in near if str(ex_records[j]["technology"]) in (b, "unknown", "None", "nan")
                    or b == "unknown"]
        if not near:
            keep.append(True)
            continue
        j = near[0][1]
        old = ex_records[j]
        keep.append(False)
        current = updates.setdefault(existing.index[j], {"source": old.get("source"),
                                                         "first_seen": old.get("first_seen"),
                                                         "last_seen": old.get("last_seen")})
        current["source"] = _join([current["source"], row["source"]], True, "; ")
        current["first_seen"], current["last_seen"] = _dates(
            [current["first_seen"], current["last_seen"], row["first_seen"], row["last_seen"], row["image_date"]])
    for values in updates.values():
        values["updated_at"] = "NOW"
    return new[np.array(keep, dtype=bool)].reset_index(drop=True), updates


_DATES = ["2015-02-01", "2016-07-15", "2018-11-30T08:15:00", "2019-04-01", "2020-01-02 10:00:00", "2021-06-30",
          "2023-03-03", None, None, "", " "]


def _frame(rng, sites, n, source_choices, tag, numeric_blank_names=False):
    """``n`` reports of random ``sites`` (lon, lat), a few metres to ~100 m off."""
    k = rng.integers(0, len(sites), n)
    lon, lat = sites[k, 0], sites[k, 1]
    east, north = rng.normal(0, 40, n), rng.normal(0, 40, n)
    lon = lon + east / (111320.0 * np.cos(np.radians(lat)))
    lat = lat + north / 110574.0
    pick = lambda values, p=None: [values[i] for i in rng.choice(len(values), n, p=p)]  # noqa: E731
    ids = [f"{tag}-{i}" for i in range(n)]
    for i in rng.choice(n, n // 20, replace=False):
        ids[i] = ["", None][int(i) % 2]
    frame = pd.DataFrame({
        "lon": lon, "lat": lat, "station_id": ids,
        "name": pick(["", None, np.nan, "  ", "Tower A", "탑 3", "Hill site", "B-12"]),
        "technology": pick(["2G", "3G", "4G", "5G", "unknown", "LTE", "gsm", None, ""],
                           p=[0.15, 0.15, 0.15, 0.05, 0.3, 0.05, 0.05, 0.05, 0.05]),
        "operator": pick(["", None, "Koryolink", "Kang Song", "  "]),
        "status": pick(["confirmed", "candidate", "rejected", None]),
        "confidence": rng.choice([0.2, 0.5, 0.5, 0.9, 1.0, np.nan], n),
        "source": pick(source_choices),
        "first_seen": pick(_DATES), "last_seen": pick(_DATES), "image_date": pick(_DATES),
        "azimuths": pick(["", None, "0;120;240", "90", "N;SE"]),
        "radius_m": rng.choice([np.nan, np.nan, 500.0, 1500.0, 3000.0], n),
        "notes": pick(["", None, "roof", "check again", " roof "]),
        "created_at": pick([None, "", "2020-05-05T10:00:00+00:00", "2019-01-01T00:00:00+00:00",
                            "2024-02-02T02:02:02+00:00"]),
        "mcc": rng.choice([467, 460], n),
    })
    if numeric_blank_names:  # an all-empty CSV column read by pandas: float NaN
        frame["name"] = np.nan
        frame["detector"] = np.nan
    frame.loc[rng.choice(n, 3, replace=False), "lon"] = np.nan  # rows without a position are left out
    return st.normalize_frame(frame)  # ids and stamps filled once, the same for both implementations


def _inputs(seed):
    rng = np.random.default_rng(seed)
    n_sites = 1500
    # sites spread so that some lie within the merge distance of others (leaders must choose)
    sites = np.column_stack((rng.uniform(125.0, 125.12, n_sites), rng.uniform(39.0, 39.09, n_sites)))
    sizes = {11: (1800, 1400), 12: (2500, 1200, 900), 13: (1200, 1800, 1600)}[seed]
    sources = [["ocid_kp.csv", "ocid_kp.csv; survey.csv", "", None, " ocid_kp.csv ;; extra.kml"],
               ["survey.csv", "survey.csv;drive.csv", "imagery_2019.tif"],
               ["drive.csv", "", "mast.kml; survey.csv"]]
    return [_frame(rng, sites, n, sources[k], f"s{seed}{k}", numeric_blank_names=(seed == 13 and k == 0))
            for k, n in enumerate(sizes)]


def _assert_same(got: pd.DataFrame, want: pd.DataFrame, skip=()):
    assert list(got.columns) == list(want.columns)
    assert got.index.equals(want.index)
    for name in want.columns:
        if name in skip:
            continue
        assert got[name].dtype == want[name].dtype, name
        if want[name].dtype == object:  # None and NaN, str and float told apart
            assert [repr(v) for v in got[name]] == [repr(v) for v in want[name]], name
        else:
            pd.testing.assert_series_equal(got[name], want[name], check_exact=True, obj=name)


@pytest.mark.parametrize("seed", [11, 12, 13])
@pytest.mark.parametrize("match_technology", [True, False])
def test_merge_matches_the_per_group_reference(seed, match_technology):
    frames = _inputs(seed)
    before = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    got = mg.merge_stations(frames, 150.0, match_technology)
    after = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    want = reference_merge(frames, 150.0, match_technology)
    merged = (want["updated_at"] == "NOW").to_numpy()
    assert 200 < merged.sum() < len(want) - 200  # many groups, many single stations
    assert want.loc[merged, "notes"].str.contains(r"merged (?:1 duplicate|\d+ duplicates):").all()
    assert not want["notes"].astype(str).str.contains(r"merged 1 duplicates").any()
    assert (want.loc[merged, "notes"].str.contains(r"\.\.\.$")).any()  # groups of more than 6
    _assert_same(got, want, skip=("updated_at",))
    assert got["updated_at"].dtype == want["updated_at"].dtype
    assert got.loc[~merged, "updated_at"].tolist() == want.loc[~merged, "updated_at"].tolist()
    stamps = got.loc[merged, "updated_at"]
    assert stamps.nunique() == 1 and before <= stamps.iloc[0] <= after


def test_merge_matches_the_reference_when_columns_are_numbers():
    # columns read from files as numbers: ids and sources as integers, seen dates all empty (float
    # NaN) until a merge writes a date into them, confidence as integers
    frames = []
    for k, frame in enumerate(_inputs(12)):
        frame = frame.copy()
        frame["station_id"] = np.arange(len(frame)) + 10_000 * k
        frame["source"] = 100 + k
        frame["first_seen"] = np.nan
        frame["last_seen"] = np.nan
        frame["confidence"] = 1
        frames.append(frame)
    got = mg.merge_stations(frames, 150.0)
    want = reference_merge(frames, 150.0)
    assert want["first_seen"].dtype == object and want["confidence"].dtype == np.int64
    _assert_same(got, want, skip=("updated_at",))
    # the first group has no date, the second one has: the first gets NaN, as the float column then was
    pair = pd.DataFrame({"lon": [125.0, 125.0005, 126.0, 126.0005], "lat": [39.0] * 4, "station_id": [1, 2, 3, 4],
                         "first_seen": np.nan, "last_seen": np.nan, "image_date": [None, None, None, "2020-02-02"]})
    pair = st.normalize_frame(pair)
    got, want = mg.merge_stations(pair, 150.0), reference_merge([pair], 150.0)
    assert [repr(v) for v in want["first_seen"]] == ["nan", "'2020-02-02'"]
    _assert_same(got, want, skip=("updated_at",))


def test_merge_of_one_group_with_a_technology_tie_is_deterministic():
    # an 'unknown' leader and one 2G and one 3G duplicate: the first in table order wins the tie and takes the
    # leader; the other technology stays a station of its own (two known technologies never merge)
    lon = [125.0, 125.0005, 125.001]
    df = pd.DataFrame({"lon": lon, "lat": [39.0] * 3, "technology": ["unknown", "3G", "2G"],
                       "confidence": [0.9, 0.5, 0.5]})
    assert mg.merge_stations(df, 150.0)["technology"].tolist() == ["3G", "2G"]
    swapped = df.assign(technology=["unknown", "2G", "3G"])
    assert mg.merge_stations(swapped, 150.0)["technology"].tolist() == ["2G", "3G"]


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_absorb_matches_the_per_row_reference(seed):
    frames = _inputs(seed)
    existing = pd.concat(frames[1:], ignore_index=True)
    existing = existing[np.isfinite(existing["lon"])]
    existing.index = existing.index * 3 + 7  # layer feature ids: not positions
    new = frames[0]
    got_add, got_updates = mg.absorb(existing, new, 150.0)
    want_add, want_updates = reference_absorb(existing, new, 150.0)
    assert len(want_updates) > 200 and 50 < len(want_add) < len(new) - 200
    _assert_same(got_add, want_add)
    assert list(got_updates) == list(want_updates)  # in the order of the first new station absorbed
    stamps = {values.pop("updated_at") for values in got_updates.values()}
    assert len(stamps) == 1
    for values in want_updates.values():
        values.pop("updated_at")
    assert got_updates == want_updates
    for key in want_updates:
        assert [repr(v) for v in got_updates[key].values()] == [repr(v) for v in want_updates[key].values()]
    # without technology matching, and with an existing layer that has no technology field
    got_add, got_updates = mg.absorb(existing.drop(columns="technology"), new, 150.0)
    want_add, want_updates = reference_absorb(existing.drop(columns="technology"), new, 150.0)
    _assert_same(got_add, want_add)
    assert list(got_updates) == list(want_updates)
