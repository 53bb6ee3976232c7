"""Shadow-aligned samples for the confidence model (plugin/core/detect/shape.py), and re-ranking
on the hand-made part of the feature vector (no QGIS)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from scipy import ndimage as ndi

from basestation_mapper.plugin.core.detect import shape
from basestation_mapper.plugin.core.detect.mast import N_FEATURES, SHAPE_START
from basestation_mapper.plugin.core.detect.rerank import rerank_frame


def _shadow_image(res: float) -> tuple[np.ndarray, np.ndarray]:
    """Log-brightness of flat ground with one dark 1 m wide shadow, 30 m long, running east from
    a base at (50 m, 50 m); the line's ends in pixels."""
    n = int(120 / res)
    yy, xx = (np.mgrid[0:n, 0:n] + 0.5) * res
    img = np.where((np.abs(yy - 50.0) <= 0.5) & (xx >= 50.0) & (xx <= 80.0), -0.6, 0.0)
    smooth = ndi.gaussian_filter(img, max(0.6, 0.4 / res), truncate=2.5)
    ends = np.array([[50.0 / res - 0.5, 50.0 / res - 0.5, 50.0 / res - 0.5, 80.0 / res - 0.5]])
    return smooth, ends


def _columns(prefix: str) -> list[int]:
    return [i for i, name in enumerate(shape.NAMES) if name.startswith(prefix)]


def test_samples_see_the_shadow_from_either_end():
    smooth, ends = _shadow_image(0.5)
    f = shape.shape_features(smooth, ends, 0.5)
    assert f.shape == (1, 2, shape.COUNT) and len(shape.NAMES) == shape.COUNT
    for end in (0, 1):
        assert np.all(f[0, end, _columns("profile_")] > 0.2)  # darker than its flanks all along
        assert np.all(np.abs(f[0, end, _columns("tip_")]) < 0.05)  # plain ground past the tip
    # from the base end, the patch's axis is dark toward the tip (u > 0) and not behind it (u < 0)
    axis = {name: f[0, 0, i] for i, name in enumerate(shape.NAMES) if name.endswith("_axis")}
    assert axis["base_u+4_axis"] < -0.3 and abs(axis["base_u-8_axis"]) < 0.05
    assert shape.shape_features(smooth, np.zeros((0, 4)), 0.5).shape == (0, 2, shape.COUNT)


def test_samples_are_in_metres_whatever_the_resolution():
    a = shape.shape_features(*_shadow_image(0.5), 0.5)
    b = shape.shape_features(*_shadow_image(0.3), 0.3)
    assert np.abs(a - b).max() < 0.12


def test_rerank_learns_from_the_hand_made_features_of_either_version():
    """Vectors stored by detector 3.1 (hand-made features only) and 3.2 (with the samples) train
    one model together; a vector of any other length is left out."""
    rng = np.random.default_rng(4)
    rows = []
    for k in range(24):
        confirmed = k % 2 == 0
        v = rng.normal(0, 0.3, N_FEATURES if k % 3 else SHAPE_START)
        v[0] += 0.8 if confirmed else 0.0  # the confirmed ones have the darker shadows
        rows.append({"status": "confirmed" if confirmed else "rejected", "confidence": 0.5,
                     "features": json.dumps(v.tolist())})
    for contrast in (1.0, 0.0):
        v = np.zeros(N_FEATURES)
        v[0] = contrast
        rows.append({"status": "candidate", "confidence": 0.5, "features": json.dumps(v.tolist())})
    rows.append({"status": "candidate", "confidence": 0.5, "features": json.dumps([0.1] * 30)})
    scores, _gain = rerank_frame(pd.DataFrame(rows))
    assert list(scores.index) == [24, 25]
    assert scores[24] > scores[25]
