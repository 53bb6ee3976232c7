"""Metric de-duplication and merging of station tables, keeping provenance.

Distances are true ground distances in metres: positions are turned into geocentric
coordinates on the mean Earth sphere and compared as chords, so one threshold holds
everywhere (no degree buffers, no Web Mercator, no UTM zone edge). Between 1 m and 50 km
the chord differs from the great-circle distance by less than 0.01 %.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .stations import FIELD_NAMES, LAT, LON, normalize_frame, utc_now_iso

EARTH_RADIUS_M = 6371008.8
#: Source separator: every source a merged station came from is kept, joined with this.
SOURCE_SEPARATOR = "; "
_STATUS_RANK = {"confirmed": 0, "candidate": 1, "rejected": 2}


def to_xyz(lon, lat) -> np.ndarray:
    """Geocentric coordinates (metres, spherical Earth) of WGS84 positions, shape (n, 3)."""
    lon = np.radians(np.asarray(lon, dtype=float))
    lat = np.radians(np.asarray(lat, dtype=float))
    cos_lat = np.cos(lat)
    return EARTH_RADIUS_M * np.column_stack((cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)))


def chord(distance_m: float) -> float:
    """Chord length of a great-circle distance (what the KD-tree compares)."""
    return 2.0 * EARTH_RADIUS_M * np.sin(min(float(distance_m), np.pi * EARTH_RADIUS_M) / (2.0 * EARTH_RADIUS_M))


def distance_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle (haversine) distance in metres, vectorised."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2.0 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def nearest_station(df: pd.DataFrame, lon: float, lat: float) -> tuple[object, float] | None:
    """Index label and distance (m) of the station of ``df`` nearest to ``(lon, lat)``; None if empty."""
    if df is None or df.empty:
        return None
    d = distance_m(df[LON].to_numpy(dtype=float), df[LAT].to_numpy(dtype=float), lon, lat)
    if not np.isfinite(d).any():
        return None
    i = int(np.nanargmin(d))
    return df.index[i], float(d[i])


#: Leaders visited (clustering) or groups combined (merging) between two cancel checks.
CHECK_EVERY_LEADERS = 4096
CHECK_EVERY_GROUPS = 64


def leader_clusters(lon, lat, distance: float, order=None, compatible=None, check=None) -> np.ndarray:
    """Greedy leader clustering: the label (index of its leader) of every point.

    Points are visited in ``order`` (highest priority first); an unassigned point becomes a
    leader and takes every unassigned point within ``distance`` metres of it (optionally only
    those for which ``compatible(leader, candidates) -> bool mask`` holds). Unlike single
    linkage this never chains: every member is within ``distance`` of its leader.
    ``check()`` (raising :class:`.cancel.Canceled`) is called every few thousand leaders.
    """
    lon = np.asarray(lon, dtype=float)
    n = lon.size
    labels = np.arange(n)
    if n < 2 or distance <= 0:
        return labels
    tree = cKDTree(to_xyz(lon, lat))
    pairs = tree.query_pairs(chord(distance), output_type="ndarray")
    if len(pairs) == 0:
        return labels
    if check is not None:
        check()
    from scipy.sparse import coo_matrix

    ones = np.ones(len(pairs), dtype=np.int8)
    adj = coo_matrix((ones, (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    adj = (adj + adj.T).tocsr()
    involved = np.zeros(n, dtype=bool)
    involved[pairs.ravel()] = True
    order = np.arange(n) if order is None else np.asarray(order)
    assigned = np.full(n, -1)
    for visited, p in enumerate(order[involved[order]]):
        if check is not None and visited % CHECK_EVERY_LEADERS == 0:
            check()
        if assigned[p] >= 0:
            continue
        assigned[p] = p
        nb = adj.indices[adj.indptr[p]:adj.indptr[p + 1]]
        nb = nb[assigned[nb] < 0]
        if compatible is not None and nb.size:
            nb = nb[compatible(p, nb)]
        assigned[nb] = p
    labels[involved] = assigned[involved]
    return labels


def split_sources(value) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    return [s.strip() for s in str(value).split(SOURCE_SEPARATOR.strip()) if s.strip()]


def join_unique(values: Iterable, separator: str = SOURCE_SEPARATOR) -> str:
    seen: list[str] = []
    for value in values:
        for part in split_sources(value) if separator == SOURCE_SEPARATOR else [value]:
            if part is None or (isinstance(part, float) and np.isnan(part)):
                continue
            part = str(part).strip()
            if part and part not in seen:
                seen.append(part)
    return separator.join(seen)


def seen_dates(dates: Iterable) -> tuple[str | None, str | None]:
    """Earliest and latest ISO dates among ``dates`` (blank values ignored)."""
    clean = sorted(str(d)[:10] for d in dates if d is not None and not (isinstance(d, float) and np.isnan(d))
                   and str(d).strip())
    if not clean:
        return None, None
    return clean[0], clean[-1]


def priority_order(df: pd.DataFrame) -> np.ndarray:
    """Positions of ``df`` rows, best first: confirmed > candidate > rejected, then confidence, then order."""
    status = df["status"].map(_STATUS_RANK).fillna(3).to_numpy() if "status" in df else np.zeros(len(df))
    conf = pd.to_numeric(df["confidence"], errors="coerce").fillna(0).to_numpy() if "confidence" in df \
        else np.zeros(len(df))
    return np.lexsort((np.arange(len(df)), -conf, status))


def merge_stations(frames, distance: float = 150.0, match_technology: bool = True, check=None,
                   progress=None) -> pd.DataFrame:
    """Merge station tables, de-duplicating stations closer than ``distance`` metres.

    ``frames`` is one table or a list (earlier tables win ties). Within a cluster the best
    station (confirmed before candidate before rejected, then higher confidence) is kept, and
    takes from the others: every ``source`` (joined with ``"; "``), the earliest ``first_seen``
    and latest ``last_seen``, the highest confidence, and blank name/operator/azimuths/notes.
    With ``match_technology`` two stations merge only when their technologies are equal or one
    is ``unknown`` (a 2G and a 3G site on one mast stay two stations).
    ``check()`` is called all along and stops the merge by raising (:class:`.cancel.Canceled`);
    ``progress(fraction)`` reports 0..1.
    """
    check = check or (lambda: None)
    progress = progress or (lambda _f: None)
    check()
    if isinstance(frames, pd.DataFrame):
        frames = [frames]
    frames = [normalize_frame(f) for f in frames if f is not None and len(f)]
    check()
    if not frames:
        from .stations import empty_frame

        return empty_frame()
    df = pd.concat(frames, ignore_index=True)
    df = df[np.isfinite(pd.to_numeric(df[LON], errors="coerce")) & np.isfinite(pd.to_numeric(df[LAT], errors="coerce"))]
    df = df.reset_index(drop=True)
    tech = df["technology"].astype(str).to_numpy()
    unknown = tech == "unknown"

    def compatible(p, nb):
        return (tech[nb] == tech[p]) | unknown[nb] | unknown[p]

    check()
    labels = leader_clusters(df[LON].to_numpy(float), df[LAT].to_numpy(float), distance, priority_order(df),
                             compatible if match_technology else None, check=check)
    progress(0.2)
    counts = np.bincount(labels, minlength=len(df))
    keep = labels == np.arange(len(df))
    out = df[keep].copy()
    multi = np.flatnonzero(keep & (counts > 1))
    if multi.size:
        now = utc_now_iso()
        # the rows of each group in table order (a stable sort by leader), found by binary search
        by_group = np.argsort(labels, kind="stable")
        sorted_labels = labels[by_group]
        starts = np.searchsorted(sorted_labels, multi, side="left")
        ends = np.searchsorted(sorted_labels, multi, side="right")
        for k, leader in enumerate(multi):
            if k % CHECK_EVERY_GROUPS == 0:
                check()
                progress(0.2 + 0.8 * k / multi.size)
            members = df.iloc[by_group[starts[k]:ends[k]]]
            # leader first, the others in priority order
            members = pd.concat([members.loc[[leader]], members.drop(index=leader)])
            _combine_into(out, leader, members, now)
    check()
    progress(1.0)
    return out.reset_index(drop=True)


def _first_nonblank(values):
    for v in values:
        if v is not None and not (isinstance(v, float) and np.isnan(v)) and str(v).strip():
            return v
    return None


def _combine_into(out: pd.DataFrame, leader, members: pd.DataFrame, now: str) -> None:
    out.at[leader, "source"] = join_unique(members["source"])
    dates = [*members["first_seen"], *members["last_seen"], *members["image_date"]]
    first, last = seen_dates(dates)
    out.at[leader, "first_seen"] = first
    out.at[leader, "last_seen"] = last
    out.at[leader, "confidence"] = float(pd.to_numeric(members["confidence"], errors="coerce").max())
    for name in ("name", "operator", "azimuths", "radius_m", "image_date", "reviewer", "reviewed_at", "detector"):
        if _first_nonblank([out.at[leader, name]]) is None:
            out.at[leader, name] = _first_nonblank(members[name])
    if out.at[leader, "technology"] == "unknown":
        known = [t for t in members["technology"] if t != "unknown"]
        if known:
            out.at[leader, "technology"] = max(set(known), key=known.count)
    notes = join_unique(members["notes"], separator=" | ")
    others = [str(i) for i in members["station_id"].iloc[1:]]
    extra = f"merged {len(members) - 1} duplicate(s): {', '.join(others[:5])}{' ...' if len(others) > 5 else ''}"
    out.at[leader, "notes"] = f"{notes} | {extra}" if notes else extra
    created = sorted(str(c) for c in members["created_at"] if _first_nonblank([c]) is not None)
    if created:
        out.at[leader, "created_at"] = created[0]
    out.at[leader, "updated_at"] = now


def schema_columns(df: pd.DataFrame) -> pd.DataFrame:
    """Only the schema columns and lon/lat, in schema order."""
    return df[[*FIELD_NAMES, LON, LAT]]


def absorb(existing: pd.DataFrame, new: pd.DataFrame, distance: float = 150.0, match_technology: bool = True
           ) -> tuple[pd.DataFrame, dict]:
    """Stations of ``new`` to add to a layer holding ``existing``, and updates of existing ones.

    A new station within ``distance`` m of an existing one (compatible technology) is not added:
    the existing station gets its source appended and its seen dates widened instead. Returns
    ``(to_add, updates)`` with ``updates = {existing index label: {field: value}}``.
    """
    new = normalize_frame(new)
    if existing is None or existing.empty or new.empty or not distance or distance <= 0:
        return new, {}
    tree = cKDTree(to_xyz(existing[LON].to_numpy(float), existing[LAT].to_numpy(float)))
    dist, pos = tree.query(to_xyz(new[LON].to_numpy(float), new[LAT].to_numpy(float)),
                           distance_upper_bound=chord(distance))
    ex_tech = existing["technology"].astype(str).to_numpy() if "technology" in existing else None
    keep = np.ones(len(new), dtype=bool)
    updates: dict = {}
    for i in np.flatnonzero(np.isfinite(dist)):
        j = int(pos[i])
        if match_technology and ex_tech is not None:
            a, b = ex_tech[j], str(new["technology"].iloc[i])
            if a != b and "unknown" not in (a, b) and a not in ("None", "nan"):
                continue
        keep[i] = False
        label = existing.index[j]
        row = existing.iloc[j]
        current = updates.setdefault(label, {"source": row.get("source"), "first_seen": row.get("first_seen"),
                                             "last_seen": row.get("last_seen")})
        current["source"] = join_unique([current["source"], new["source"].iloc[i]])
        first, last = seen_dates([current["first_seen"], current["last_seen"], new["first_seen"].iloc[i],
                                  new["last_seen"].iloc[i], new["image_date"].iloc[i]])
        current["first_seen"], current["last_seen"] = first, last
    now = utc_now_iso()
    for values in updates.values():
        values["updated_at"] = now
    return new[keep].reset_index(drop=True), updates
