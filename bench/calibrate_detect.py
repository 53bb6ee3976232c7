"""Calibrate the built-in mast confidence (``_MODEL`` in plugin/core/detect/mast.py).

Draws synthetic masts on the real backgrounds (tests/support/scenes.py, seeds 1000+, never
used by the tests), runs the detector, labels every candidate hypothesis (right segment with
the right base = 1; background = 0; pieces of a mast's site are left out) and fits the
logistic model of :mod:`plugin.core.detect.rerank` on :func:`model_inputs`. Prints the
dictionary to paste into mast.py. Run: ``.venv/bin/python bench/calibrate_detect.py [n_scenes]``
(features are cached in /tmp; ``--fit`` refits from the cache; ``--fa=2`` sets the false alarms per
km² of calibration scenes allowed at confidence 0.5).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.scenes import make_scene, scene_settings  # noqa: E402

from basestation_mapper.plugin.core.detect import mast  # noqa: E402
from basestation_mapper.plugin.core.detect.rerank import fit_logistic  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
CACHE = Path("/tmp/basestation_mapper_calibrate_detect.npz")
#: Operating point of the default MIN_CONFIDENCE 0.5 (see main()).
FA_PER_KM2 = 2.0


def collect(seeds):
    xs, ys = [], []
    area = 0.0
    for seed in seeds:
        bg, res = scene_settings(seed)
        sc = make_scene(DATA, seed, bg, res)
        area += sc.area_km2
        sun = sc.sun_azimuth if seed % 2 == 0 else None
        params = mast.DetectorParams(sun_azimuth=sun, min_confidence=0.0)
        cands = mast.detect_tile(sc.image, sc.transform, params)
        anti = math.radians(sc.sun_azimuth + 180.0)
        tips = [(m.x + m.shadow_m * math.sin(anti), m.y + m.shadow_m * math.cos(anti)) for m in sc.masts]
        pos = neg = 0
        for c in cands:
            for h in (c, c.swapped()):
                f = np.array(h.features)
                # the sun found by the scene-wide vote (the true one when masts were seen)
                f[11] = math.cos(math.radians(h.shadow_azimuth - math.degrees(anti)))
                near_base = [math.hypot(h.x - m.x, h.y - m.y) for m in sc.masts]
                near_any = [min(math.hypot(px - m.x, py - m.y), math.hypot(px - tx, py - ty))
                            for m, (tx, ty) in zip(sc.masts, tips) for px, py in ((h.x, h.y), (h.tip_x, h.tip_y))]
                ok = any(d <= 15 and math.hypot(h.tip_x - tips[i][0], h.tip_y - tips[i][1]) <= 25
                         for i, d in enumerate(near_base))
                if ok:
                    xs.append(f)
                    ys.append(1)
                    pos += 1
                elif not near_any or min(near_any) > 40:
                    xs.append(f)
                    ys.append(0)
                    neg += 1
        print(f"seed {seed}: {bg} {res} m, {len(sc.masts)} masts, {pos} positive / {neg} negative", flush=True)
    return np.array(xs), np.array(ys), area


def main(argv: list[str]) -> None:
    if "--fit" in argv and CACHE.exists():
        z = np.load(CACHE)
        x, y, area = z["x"], z["y"], float(z["area"])
    else:
        n = int(argv[0]) if argv and argv[0].isdigit() else 40
        x, y, area = collect(range(1000, 1000 + n))
        np.savez(CACHE, x=x, y=y, area=area)
    inputs = mast.model_inputs(x)
    # balance the classes (background candidates outnumber masts)
    w = np.where(y == 1, (y == 0).sum() / max(1, (y == 1).sum()), 1.0)
    model = fit_logistic(inputs, y, l2=2.0, sample_weight=w)
    # class balancing makes 0.5 the equal-error point; move 0.5 to a false-alarm rate: at most
    # FA_PER_KM2 background hypotheses per km² of calibration scenes score >= 0.5 (counted
    # before suppression and the scene-wide sun: conservative)
    fa = next((float(a.split("=", 1)[1]) for a in argv if a.startswith("--fa=")), FA_PER_KM2)
    allowed = max(1, int(fa * area))
    neg_scores = np.sort(model.decision(inputs[y == 0]))[::-1]
    model.bias -= float(neg_scores[allowed - 1]) + 1e-3 if len(neg_scores) >= allowed else 0.0
    p = model.predict(inputs)
    print(f"calibration area {area:.2f} km², false alarms allowed at 0.5: {allowed}")
    print("train: positives", int(y.sum()), "negatives", int((1 - y).sum()))
    for thr in (0.1, 0.3, 0.5, 0.7):
        print(f"  at {thr}: recall {np.mean(p[y == 1] >= thr):.3f}, false alarms {int(np.sum(p[y == 0] >= thr))}")
    fmt = lambda a: "[" + ", ".join(f"{v:.4f}" for v in a) + "]"  # noqa: E731
    print("_MODEL = {")
    print(f'    "weights": {fmt(model.weights)},')
    print(f'    "bias": {model.bias:.4f},')
    print(f'    "mean": {fmt(model.mean)},')
    print(f'    "scale": {fmt(model.scale)},')
    print("}")


if __name__ == "__main__":
    main(sys.argv[1:])
