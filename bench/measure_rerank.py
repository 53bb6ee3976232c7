"""What re-ranking from the analyst's decisions does to the order of the candidates left (README, *Re-rank*).

Draws the held-out generated scenes 4200-4279 (tests/support/scenes.py: never used to fit the
built-in confidence) with the sun given, detects every candidate down to a confidence of 0.02,
then plays an analyst: the ``k`` most confident candidates of the first half of the scenes (as the
review queue offers them) are confirmed when they lie within 15 m of a drawn mast and rejected
otherwise, and :func:`plugin.core.detect.rerank.rerank_frame` re-scores the candidates of the
other half. Prints, for the detector's confidence and for each ``k``, the share of the other
half's masts found where precision first reaches 0.9 (masts counted once), and the same for a
logistic regression fitted on the hand-made features alone (how the re-rank worked before it
started from the detector's odds).

Run: ``.venv/bin/python bench/measure_rerank.py [lattice|plain|wedge] [first] [last]`` (a few
minutes on 2 cores; ``wedge`` is the generator's rendering the confidence was never fitted on).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.scenes import make_scene, scene_settings  # noqa: E402

from basestation_mapper.plugin.core.detect import DetectorParams, detect_array  # noqa: E402
from basestation_mapper.plugin.core.detect.mast import SHAPE_START, hand_inputs  # noqa: E402
from basestation_mapper.plugin.core.detect.rerank import fit_logistic, rerank_frame  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
REVIEWED = (40, 80, 160, None)  # None: every candidate of the first half


def candidates(seeds, style):
    """[(candidate, (seed, mast index) or None)] and the number of masts drawn."""
    out, masts = [], 0
    for seed in seeds:
        sc = make_scene(DATA, seed, *scene_settings(seed), style=style)
        masts += len(sc.masts)
        for c in detect_array(sc.image, sc.transform, DetectorParams(sun_azimuth=sc.sun_azimuth, min_confidence=0.02)):
            d = [math.hypot(c.x - m.x, c.y - m.y) for m in sc.masts]
            k = int(np.argmin(d))
            out.append((c, (seed, k) if d[k] <= 15.0 else None))
    return out, masts


def recall_at_precision(scores, found, masts, precision=0.9):
    """(recall, masts, false alarms) at the lowest score where precision is still >= ``precision``."""
    seen, tp, fp, best = set(), 0, 0, (0.0, 0, 0)
    for i in np.argsort(-np.asarray(scores), kind="stable"):
        if found[i] is None:
            fp += 1
        elif found[i] not in seen:
            seen.add(found[i])
            tp += 1
        if tp and tp / (tp + fp) >= precision and tp / masts > best[0]:
            best = (tp / masts, tp, fp)
    return best


def main(argv):
    style = argv[0] if argv else "lattice"
    first, last = (int(argv[1]), int(argv[2])) if len(argv) > 2 else (4200, 4279)
    half = (first + last + 1) // 2
    reviewed, _ = candidates(range(first, half), style)
    open_, masts = candidates(range(half, last + 1), style)
    found = [f for _c, f in open_]
    r, tp, fp = recall_at_precision([c.confidence for c, _f in open_], found, masts)
    print(f"{style} scenes {first}-{last}: {len(reviewed)} candidates to review, {len(open_)} to re-rank "
          f"({masts} masts); recall where precision reaches 0.9")
    print(f"  detector confidence: {r:.3f} ({tp} masts, {fp} false alarms)")
    order = sorted(reviewed, key=lambda cf: -cf[0].confidence)
    hand_open = hand_inputs(np.array([c.features[:SHAPE_START] for c, _f in open_], float))
    for k in REVIEWED:
        decided = order[:k] if k else order
        labels = np.array([f is not None for _c, f in decided], float)
        if labels.min() == labels.max():
            print(f"  top {len(decided)} decided: all {'masts' if labels[0] else 'background'}, nothing to learn")
            continue
        rows = [{"status": "confirmed" if f is not None else "rejected", "confidence": c.confidence,
                 "features": json.dumps(list(c.features))} for c, f in decided]
        rows += [{"status": "candidate", "confidence": c.confidence, "features": json.dumps(list(c.features))}
                 for c, _f in open_]
        scores, gain = rerank_frame(pd.DataFrame(rows))
        r, tp, fp = recall_at_precision(scores.to_numpy(), found, masts)
        alone = fit_logistic(hand_inputs(np.array([c.features[:SHAPE_START] for c, _f in decided], float)), labels)
        ra, tpa, fpa = recall_at_precision(alone.predict(hand_open), found, masts)
        applied = "written" if gain["after"] > gain["before"] else "not written: the detector's order kept"
        print(f"  top {len(decided)} decided ({int(labels.sum())} masts): re-ranked {r:.3f} ({tp} masts, {fp} false "
              f"alarms; cross-validated {gain['before']:.2f} -> {gain['after']:.2f}, {applied}); hand-made features "
              f"alone {ra:.3f} ({tpa}, {fpa})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
