"""A queued candidate seen again more clearly takes the evidence of that sighting (core.review)."""

from __future__ import annotations

import math

import pandas as pd

from basestation_mapper.plugin.core.review import clearer_sightings

LON0, LAT0 = 125.75, 39.03


def _east(metres: float) -> float:
    return LON0 + metres / (111_320.0 * math.cos(math.radians(LAT0)))


def _existing() -> pd.DataFrame:
    columns = ("status", "origin", "confidence", "notes", "antenna_height_m", "features", "lon")
    rows = [
        # queued, detector's own notes: everything of the clearer sighting
        ("candidate", "detected", 0.55, "shadow 40 m towards 301°", 25.0, "[1]", LON0),
        # queued, the analyst wrote a note: the evidence but not the height
        ("candidate", "detected", 0.60, "left of the school", 31.0, "[2]", _east(500)),
        # decided: never rewritten
        ("confirmed", "detected", 0.52, "", 30.0, "[3]", _east(1000)),
        ("rejected", "detected", 0.51, "", 30.0, "[4]", _east(1500)),
        # a candidate imported from another tool's file: its confidence is that tool's
        ("candidate", "imported", 0.20, "", 30.0, None, _east(2000)),
        # queued, seen as clearly before as now
        ("candidate", "detected", 0.90, "", 30.0, "[6]", _east(2500)),
    ]
    return pd.DataFrame(rows, columns=columns, index=[11, 12, 13, 14, 15, 16]).assign(
        lat=LAT0, detector="d 3.3", image_date="2020-01-01")


def _new(*rows) -> pd.DataFrame:
    return pd.DataFrame([{"status": "candidate", "origin": "detected", "confidence": c, "lon": lon, "lat": LAT0,
                              "notes": f"shadow {s} m towards 300°, so about {s * 0.7:.0f} m tall",
                              "antenna_height_m": s * 0.7, "features": f"[{c}]", "detector": "d 3.4",
                              "image_date": "2023-06-01"} for c, lon, s in rows])


def test_a_queued_candidate_takes_its_clearest_sighting():
    new = _new((0.70, _east(5), 50), (0.85, _east(-8), 60),  # two near the first: the most confident wins
               (0.80, _east(505), 44), (0.95, _east(1000), 40), (0.99, _east(1500), 40),
               (0.99, _east(2000), 40), (0.90, _east(2500), 40), (0.99, _east(9000), 40))
    out = clearer_sightings(_existing(), new, 25.0)
    assert sorted(out) == [11, 12]
    first = out[11]
    assert (first["confidence"], first["features"], first["detector"], first["image_date"]) == \
        (0.85, "[0.85]", "d 3.4", "2023-06-01")
    assert first["antenna_height_m"] == 42.0 and first["notes"].startswith("shadow 60 m")
    assert first["updated_at"].endswith("+00:00")
    second = out[12]
    assert second["confidence"] == 0.80 and second["features"] == "[0.8]"
    assert "antenna_height_m" not in second and "notes" not in second  # the analyst's note keeps its height


def test_nothing_clearer_changes_nothing():
    existing = _existing()
    dimmer = _new((0.40, _east(3), 40), (0.59, _east(500), 40), (0.90, _east(2500), 40))
    assert clearer_sightings(existing, dimmer, 25.0) == {}
    assert clearer_sightings(existing, _new((0.99, _east(40), 40)), 25.0) == {}  # too far
    assert clearer_sightings(existing.drop(columns="origin"), dimmer, 25.0) == {}
    assert clearer_sightings(existing, dimmer.iloc[:0], 25.0) == {}


def test_a_candidate_without_confidence_takes_any_sighting():
    existing = _existing().assign(confidence=[None, 0.6, 0.5, 0.5, 0.2, 0.9])
    out = clearer_sightings(existing, _new((0.31, _east(2), 40)), 25.0)
    assert list(out) == [11] and out[11]["confidence"] == 0.31
    assert isinstance(out[11]["confidence"], float) and isinstance(out[11]["antenna_height_m"], float)
