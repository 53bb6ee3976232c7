"""The review queue's rules, without QGIS: order, filters, and what Accept/Reject write."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .merge import chord, seen_dates, to_xyz
from .stations import LAT, LON, utc_now_iso

#: The notes the detector writes on a candidate (``shadow 42 m towards 301°...``): a candidate whose notes are
#: these, or empty, has not been written on by the analyst.
_DETECTOR_NOTES = re.compile(r"^shadow \d+ m towards \d+°")
#: What a clearer sighting of a queued candidate brings: the evidence that gave its confidence.
SIGHTING_FIELDS = ("confidence", "features", "detector", "image_date")


def queue_order(df: pd.DataFrame, source: str | None = None, image_date: str | None = None) -> list:
    """Index labels of the candidates of ``df``, highest confidence first, optionally filtered.

    ``source`` matches one of the '; '-separated sources; ``image_date`` the image date (ISO).
    """
    if df.empty or "status" not in df.columns:
        return []
    cand = df[df["status"].astype(str) == "candidate"]
    cand = cand[matches_filters(cand, source, image_date)]
    conf = pd.to_numeric(cand.get("confidence"), errors="coerce").fillna(0.0) if "confidence" in cand else \
        pd.Series(0.0, index=cand.index)
    return list(cand.assign(_c=conf).sort_values("_c", ascending=False, kind="stable").index)


def matches_filters(df: pd.DataFrame, source: str | None = None, image_date: str | None = None) -> pd.Series:
    """Which rows of ``df`` (any status) the review's filters show: ``source`` one of the '; '-separated
    sources, ``image_date`` the image date (ISO)."""
    keep = pd.Series(True, index=df.index)
    if source:
        column = df["source"] if "source" in df.columns else pd.Series("", index=df.index)
        keep &= column.fillna("").astype(str).map(lambda s: source in [p.strip() for p in s.split(";")])
    if image_date:
        column = df["image_date"] if "image_date" in df.columns else pd.Series("", index=df.index)
        keep &= column.fillna("").astype(str).str[:10] == image_date[:10]
    return keep


def decision_values(row: dict, decision: str, reviewer: str, now: str | None = None) -> dict:
    """Field values written when a candidate is accepted or rejected.

    Accepting sets ``status=confirmed`` and keeps ``first_seen``/``last_seen`` as the earliest /
    latest of the dates the station was seen on (its image date included).
    """
    if decision not in ("accept", "reject"):
        raise ValueError(f"unknown decision {decision!r}")
    now = now or utc_now_iso()
    out = {"status": "confirmed" if decision == "accept" else "rejected", "reviewed_at": now,
           "reviewer": reviewer, "updated_at": now}
    if decision == "accept":
        first, last = seen_dates([row.get("first_seen"), row.get("last_seen"), row.get("image_date")])
        out["first_seen"] = first
        out["last_seen"] = last
    return out


def renumbered(before: dict, after: dict) -> dict:
    """Where the features a review keeps track of went when deletions saved to a data source numbered its features
    anew (a Shapefile packed, a GeoJSON file written again): ``{old id: new id}`` from ``before`` (``{old id:
    position}``, read as saving began) and ``after`` (``{new id: position}``, the layer read once saved), matched by
    position; features at one position are matched in their order, those saved before first, then those added in
    the edit buffer (negative ids) in the order added. A feature not found (deleted) is left out."""
    found: dict = {}
    for fid, key in sorted(after.items()):
        found.setdefault(key, []).append(fid)
    mapping = {}
    for old in sorted(before, key=lambda fid: (fid < 0, abs(fid))):
        ids = found.get(before[old])
        if ids:
            mapping[old] = ids.pop(0)
    return mapping


def first_seen_year(value) -> int | None:
    """The year of a ``first_seen`` value as :func:`growth_by_year` counts it (None: not counted)."""
    year = pd.to_numeric(pd.Series(["" if value is None else str(value)[:4]]), errors="coerce").iloc[0]
    return None if pd.isna(year) else int(year)


def growth_by_year(df: pd.DataFrame) -> dict[int, int]:
    """Confirmed stations counted by the year of ``first_seen`` (stations without one are left out)."""
    if df.empty or "status" not in df.columns or "first_seen" not in df.columns:
        return {}
    conf = df[df["status"].astype(str) == "confirmed"]
    years = pd.to_numeric(conf["first_seen"].fillna("").astype(str).str[:4], errors="coerce").dropna()
    return {int(y): int(n) for y, n in years.astype(int).value_counts().sort_index().items()}


def clearer_sightings(existing: pd.DataFrame, new: pd.DataFrame, distance: float) -> dict:
    """Queued detector candidates of ``existing`` that candidates of ``new`` (a later run) saw more clearly.

    A detected candidate still waiting for review (``status=candidate``, ``origin=detected``) within
    ``distance`` m of a new candidate of higher confidence takes that sighting's evidence: its confidence, its
    feature vector (what a re-rank learns from, so they must agree), the detector and the image date; and its
    height and notes (the shadow's length) unless the analyst has written notes on it. Returns
    ``{existing index label: {field: value}}``, only for the candidates that change.
    """
    if existing is None or existing.empty or new is None or new.empty or not distance or distance <= 0:
        return {}
    if not {"status", "origin", "confidence"} <= set(existing.columns) or "confidence" not in new.columns:
        return {}
    queued = (existing["status"].astype(str) == "candidate") & (existing["origin"].astype(str) == "detected")
    if not queued.any():
        return {}
    mine = existing[queued]
    tree = cKDTree(to_xyz(mine[LON].to_numpy(float), mine[LAT].to_numpy(float)))
    dist, pos = tree.query(to_xyz(new[LON].to_numpy(float), new[LAT].to_numpy(float)),
                           distance_upper_bound=chord(distance))
    new_conf = pd.to_numeric(new["confidence"], errors="coerce").to_numpy(float)
    old_conf = pd.to_numeric(mine["confidence"], errors="coerce").fillna(-np.inf).to_numpy(float)
    best: dict[int, int] = {}  # position in ``mine`` -> row of ``new`` with the highest confidence near it
    for row in np.flatnonzero(np.isfinite(dist) & np.isfinite(new_conf)):
        at = int(pos[row])
        if new_conf[row] > old_conf[at] and (at not in best or new_conf[row] > new_conf[best[at]]):
            best[at] = int(row)
    notes = mine["notes"] if "notes" in mine.columns else pd.Series("", index=mine.index)
    now = utc_now_iso()
    out = {}
    for at, row in sorted(best.items()):
        seen = new.iloc[row]
        values = {name: seen[name] for name in SIGHTING_FIELDS if name in new.columns}
        note = notes.iloc[at]
        if pd.isna(note) or not str(note).strip() or _DETECTOR_NOTES.match(str(note)):
            values.update({name: seen[name] for name in ("antenna_height_m", "notes") if name in new.columns})
        values["updated_at"] = now
        out[mine.index[at]] = {k: None if not isinstance(v, str) and pd.isna(v) else v.item() if hasattr(v, "item")
                               else v for k, v in values.items()}
    return out
