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

from .stations import LAT, LON, normalize_frame, utc_now_iso

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


#: Leaders visited (clustering) between two cancel checks.
CHECK_EVERY_LEADERS = 4096


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
    and latest ``last_seen``, the highest confidence, and blank name/operator/azimuths/notes;
    an ``unknown`` technology becomes the most frequent known one of the cluster (a tie goes to
    the first in table order). All clusters are combined at once, column by column.
    With ``match_technology`` two stations merge only when their technologies are equal or one
    is ``unknown``, and a group never holds two known technologies: an ``unknown`` leader takes
    the unknown stations and those of one known technology around it, the most frequent (a tie
    goes to the first in table order), so a 2G and a 3G site on one mast stay two stations.
    ``check()`` is called all along and stops the merge by raising (:class:`.cancel.Canceled`);
    ``progress(fraction)`` reports 0..1.
    """
    check = check or (lambda: None)
    progress = progress or (lambda _f: None)
    check()
    if isinstance(frames, pd.DataFrame):
        frames = [frames]
    frames = [normalize_frame(f, check) for f in frames if f is not None and len(f)]
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
        if not unknown[p]:
            return (tech[nb] == tech[p]) | unknown[nb]
        # an unknown leader takes one known technology (the most frequent of its free neighbours, a tie to the
        # first in table order) and the unknown ones: a 2G and a 3G station near it stay two stations
        known = nb[~unknown[nb]]
        if not known.size:
            return np.ones(nb.size, dtype=bool)
        known = np.sort(known)
        names, first, counts = np.unique(tech[known], return_index=True, return_counts=True)
        best = names[np.lexsort((first, -counts))[0]]
        return unknown[nb] | (tech[nb] == best)

    check()
    labels = leader_clusters(df[LON].to_numpy(float), df[LAT].to_numpy(float), distance, priority_order(df),
                             compatible if match_technology else None, check=check)
    progress(0.2)
    keep = labels == np.arange(len(df))
    out = df[keep].copy()
    _combine_groups(df, out, labels, check, lambda f: progress(0.2 + 0.8 * f))
    check()
    progress(1.0)
    return out.reset_index(drop=True)


def _blank(v) -> bool:
    """No value: None, NaN, or text of spaces only (what a merge fills from another station)."""
    return v is None or (isinstance(v, float) and np.isnan(v)) or not str(v).strip()


def _blank_mask(column: pd.Series, rows: np.ndarray) -> np.ndarray:
    """:func:`_blank` of ``column`` at positions ``rows``."""
    if column.dtype.kind == "f":
        return np.isnan(column.to_numpy(dtype=float)[rows])
    return np.fromiter((_blank(v) for v in column.to_numpy(dtype=object)[rows]), dtype=bool, count=rows.size)


def _sorted_ranks(keys: list) -> tuple[np.ndarray, list]:
    """Rank of every key among the sorted distinct keys (-1 for None), and those sorted keys."""
    codes, uniques = pd.factorize(pd.Series(keys, dtype=object))
    uniques = list(uniques)
    if not uniques:
        return codes.astype(np.int64), []
    by_value = sorted(range(len(uniques)), key=uniques.__getitem__)
    rank_of_code = np.empty(len(uniques), dtype=np.int64)
    rank_of_code[by_value] = np.arange(len(uniques))
    ranks = np.where(codes >= 0, rank_of_code[np.maximum(codes, 0)], -1)
    return ranks, [uniques[k] for k in by_value]


def _group_min_max(ranks: np.ndarray, starts: np.ndarray, n_keys: int) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest rank per group (``n_keys`` / -1 when a group has none); ranks -1 are blanks."""
    low = np.minimum.reduceat(np.where(ranks < 0, n_keys, ranks), starts, axis=-1)
    high = np.maximum.reduceat(ranks, starts, axis=-1)
    if ranks.ndim > 1:
        low, high = low.min(axis=0), high.max(axis=0)
    return low, high


def _holds(kind: str, values: list) -> bool:
    """Whether a column of numpy ``kind`` takes all ``values`` without changing its dtype."""
    def number(v):
        return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))

    if kind == "f":
        return all(v is None or number(v) for v in values)
    if kind in "iu":
        return all(number(v) and float(v).is_integer() for v in values)
    return False


def _put(out: pd.DataFrame, at: np.ndarray, name: str, values: list) -> None:
    """Set ``out[name]`` at positions ``at`` (in group order) as ``out.at`` would, one by one."""
    if not len(at):
        return
    column = out[name]
    kind = column.dtype.kind
    if kind == "O":
        arr = column.to_numpy(dtype=object, copy=True)
    elif kind in "fiu" and _holds(kind, values):
        arr = column.to_numpy(copy=True)
        values = [np.nan if v is None else v for v in values]
    else:  # a value the column's type cannot hold: pandas changes the dtype as it goes
        for label, value in zip(out.index[at], values):
            out.at[label, name] = value
        return
    for position, value in zip(at, values):
        arr[position] = value
    out[name] = pd.Series(arr, index=out.index, dtype=arr.dtype)


def _combine_groups(df: pd.DataFrame, out: pd.DataFrame, labels: np.ndarray, check, progress) -> None:
    """Fill the leader of every group of ``labels`` in ``out`` from its members, all groups at once.

    Members of a group are taken leader first, then in table order. The leader takes every
    ``source`` (joined with ``"; "``), the earliest and latest of the members' seen and image dates,
    the highest confidence, its blank name/operator/azimuths/radius/... from the first member
    having one, the most frequent known technology if its own is unknown (a tie goes to the
    first in table order), the members' notes and a note naming the duplicates, the earliest
    created_at, and updated_at = now.
    """
    n = len(df)
    counts = np.bincount(labels, minlength=n)
    rows = np.flatnonzero(counts[labels] > 1)
    if not rows.size:
        return
    now = utc_now_iso()
    lab = labels[rows]
    members = rows[np.lexsort((rows, lab != rows, lab))]  # by group; the leader, then table order
    group_of = labels[members]
    new_group = np.r_[True, group_of[1:] != group_of[:-1]]
    starts = np.flatnonzero(new_group)
    gid = np.cumsum(new_group) - 1
    sizes = np.diff(np.r_[starts, members.size])
    n_groups = starts.size
    at = out.index.get_indexer(members[starts])  # the leaders' positions in ``out``

    def column(name):
        return df[name].to_numpy(dtype=object)[members]

    def step(fraction):
        check()
        progress(fraction)

    step(0.0)
    # sources: each station's own joined once per distinct value, then per group
    cache: dict = {}

    def own_sources(value):
        key = (type(value), value)
        try:
            return cache[key]
        except KeyError:
            cache[key] = join_unique([value])
        except TypeError:
            return join_unique([value])
        return cache[key]

    own = [own_sources(v) for v in column("source")]
    codes = pd.factorize(pd.Series(own, dtype=object))[0]
    same = np.minimum.reduceat(codes, starts) == np.maximum.reduceat(codes, starts)
    ends = starts + sizes
    sources = [own[s] if one else join_unique(own[s:e]) for s, e, one in zip(starts, ends, same)]
    _put(out, at, "source", sources)
    step(0.15)

    keys = [[None if _blank(d) else str(d)[:10] for d in column(name)]
            for name in ("first_seen", "last_seen", "image_date")]
    ranks, dates = _sorted_ranks(keys[0] + keys[1] + keys[2])
    low, high = _group_min_max(ranks.reshape(3, -1), starts, len(dates))
    _put(out, at, "first_seen", [dates[k] if k < len(dates) else None for k in low])
    _put(out, at, "last_seen", [dates[k] if k >= 0 else None for k in high])
    step(0.3)

    confidence = pd.to_numeric(df["confidence"], errors="coerce").to_numpy(dtype=float)[members]
    _put(out, at, "confidence", [float(c) for c in np.fmax.reduceat(confidence, starts)])
    step(0.35)

    none = members.size
    for name in ("name", "operator", "azimuths", "radius_m", "image_date", "reviewer", "reviewed_at", "detector"):
        blank = _blank_mask(df[name], members)
        need = np.flatnonzero(blank[starts])
        if need.size:
            first = np.minimum.reduceat(np.where(blank, none, np.arange(members.size)), starts)[need]
            values = column(name)
            _put(out, at[need], name, [values[k] if k < none else None for k in first])
        check()
    step(0.55)

    technology = column("technology")
    unknown = np.fromiter((t == "unknown" for t in technology), dtype=bool, count=members.size)
    to_fill = unknown[starts]
    candidates = np.flatnonzero(to_fill[gid] & ~unknown)
    if candidates.size:
        tech_codes, techs = pd.factorize(pd.Series(technology[candidates], dtype=object))
        pair = gid[candidates].astype(np.int64) * len(techs) + tech_codes
        pairs, first_at, count = np.unique(pair, return_index=True, return_counts=True)
        best = np.lexsort((first_at, -count, pairs // len(techs)))  # most frequent, then first seen
        pairs = pairs[best]
        group = pairs // len(techs)
        winner = np.r_[True, group[1:] != group[:-1]]
        _put(out, at[group[winner]], "technology", [techs[k] for k in pairs[winner] % len(techs)])
    step(0.65)

    notes = [None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()
             for v in column("notes")]
    has_note = np.fromiter((bool(v) for v in notes), dtype=bool, count=members.size)
    any_note = np.maximum.reduceat(has_note, starts)
    ids = [str(i) for i in column("station_id")]
    combined = []
    for g in range(n_groups):
        s, k = starts[g], sizes[g] - 1
        extra = (f"merged {k} duplicate{'' if k == 1 else 's'}: {', '.join(ids[s + 1:s + 1 + min(k, 5)])}"
                 f"{' ...' if k > 5 else ''}")
        text = join_unique(notes[s:s + k + 1], separator=" | ") if any_note[g] else ""
        combined.append(f"{text} | {extra}" if text else extra)
    _put(out, at, "notes", combined)
    step(0.85)

    ranks, created = _sorted_ranks([None if _blank(c) else str(c) for c in column("created_at")])
    low, _high = _group_min_max(ranks, starts, len(created))
    found = np.flatnonzero(low < len(created))
    _put(out, at[found], "created_at", [created[k] for k in low[found]])
    _put(out, at, "updated_at", [now] * n_groups)
    step(1.0)


#: How many of the nearest existing stations :func:`absorb` looks at for one of a compatible technology.
_ABSORB_NEIGHBOURS = 8


def absorb(existing: pd.DataFrame, new: pd.DataFrame, distance: float = 150.0, match_technology: bool = True
           ) -> tuple[pd.DataFrame, dict]:
    """Stations of ``new`` to add to a layer holding ``existing``, and updates of existing ones.

    A new station within ``distance`` m of an existing one (compatible technology: the nearest such one) is not
    added: the existing station gets its source appended and its seen dates widened instead. Returns
    ``(to_add, updates)`` with ``updates = {existing index label: {field: value}}``.
    """
    new = normalize_frame(new)
    if existing is None or existing.empty or new.empty or not distance or distance <= 0:
        return new, {}
    tree = cKDTree(to_xyz(existing[LON].to_numpy(float), existing[LAT].to_numpy(float)))
    points = to_xyz(new[LON].to_numpy(float), new[LAT].to_numpy(float))
    if match_technology and "technology" in existing:
        # the nearest existing station of a compatible technology within the distance (the nearest one alone, a 2G
        # station 10 m away, left the 3G station 40 m away on the same mast unmatched: a 3G duplicate was added)
        k = min(_ABSORB_NEIGHBOURS, len(existing))
        dist, pos = tree.query(points, k=k, distance_upper_bound=chord(distance))
        dist, pos = dist.reshape(len(new), k), pos.reshape(len(new), k)
        found = np.isfinite(dist)
        a = existing["technology"].astype(str).to_numpy()[np.where(found, pos, 0)]
        b = new["technology"].astype(str).to_numpy()[:, None]
        ok = found & ((a == b) | (a == "unknown") | (b == "unknown") | (a == "None") | (a == "nan"))
        first = np.argmax(ok, axis=1)
        rows = np.arange(len(new))
        dist = np.where(ok[rows, first], dist[rows, first], np.inf)
        pos = pos[rows, first]
    else:
        dist, pos = tree.query(points, distance_upper_bound=chord(distance))
    matched = np.flatnonzero(np.isfinite(dist))
    keep = np.ones(len(new), dtype=bool)
    keep[matched] = False
    updates: dict = {}
    if matched.size:
        # the new stations absorbed by each existing one (by its label), in table order; the
        # existing stations in the order of the first new station each absorbs
        label_codes = pd.factorize(existing.index)[0][pos[matched]]
        by_label = np.argsort(label_codes, kind="stable")
        sorted_codes = label_codes[by_label]
        starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
        ends = np.r_[starts[1:], by_label.size]
        rows = matched[by_label]

        def values(frame, name, where):
            return frame[name].to_numpy(dtype=object)[where] if name in frame else [None] * len(where)

        first_ex = pos[rows[starts]]
        ex_source, ex_first, ex_last = (values(existing, name, first_ex)
                                        for name in ("source", "first_seen", "last_seen"))
        source, first_seen, last_seen, image_date = (values(new, name, rows) for name in
                                                     ("source", "first_seen", "last_seen", "image_date"))
        now = utc_now_iso()
        for k in np.argsort(rows[starts], kind="stable"):
            s, e = starts[k], ends[k]
            first, last = seen_dates([ex_first[k], ex_last[k], *first_seen[s:e], *last_seen[s:e], *image_date[s:e]])
            updates[existing.index[first_ex[k]]] = {"source": join_unique([ex_source[k], *source[s:e]]),
                                                    "first_seen": first, "last_seen": last, "updated_at": now}
    return new[keep].reset_index(drop=True), updates
