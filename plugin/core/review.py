"""The review queue's rules, without QGIS: order, filters, and what Accept/Reject write."""

from __future__ import annotations

import pandas as pd

from .merge import seen_dates
from .stations import utc_now_iso


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
