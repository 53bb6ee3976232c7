"""Re-rank twice: the second starts from the detector's confidence, not from the first one's scores.

A vector of detector 3.1 holds the hand-made features alone: the built-in model cannot give the detector's
confidence from it, and the re-rank took the layer's ``confidence``, which the first re-rank had overwritten. The
effect compounded: re-ranked twice on the same decisions, the candidates were pushed twice as far. The re-rank
keeps the detector's confidence after such a vector (``rescored``) and starts from it.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from basestation_mapper.plugin.core.detect.mast import N_FEATURES, SHAPE_START
from basestation_mapper.plugin.core.detect.rerank import parse_vector, rerank_frame, rescored


def _table(n=300, decided=40, seed=5, full=False):
    """Detected candidates: towers (every other one) told apart by their hand-made features (panels), the
    detector's confidence telling them apart a little; the ``decided`` first ones accepted or rejected by their
    truth. With ``full`` the whole vector of detector 3.4, else the hand-made part alone (detector 3.1)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        tower = i % 2 == 1
        f = [0.4, 0.8, 30, 1, 0.4, 2, 0, 0.3, 0.2, 0.2, 1, 0, 2, 0, 0.3, 1, 1, 1, 1, 0, 0, 0.1]
        f = [round(v + 0.05 * float(rng.normal()), 6) for v in f]
        f[8] = round((0.8 if tower else 0.1) + 0.15 * float(rng.random()), 6)
        if full:
            f += [round(float(v), 6) for v in rng.normal(size=N_FEATURES - SHAPE_START)]
        status = ("confirmed" if tower else "rejected") if i < decided else "candidate"
        confidence = round(float(np.clip((0.6 if tower else 0.4) + 0.25 * rng.normal(), 0.01, 0.99)), 4)
        rows.append({"status": status, "confidence": confidence, "features": json.dumps(f)})
    return pd.DataFrame(rows, index=pd.RangeIndex(1000, 1000 + n))


def _written(df, scores, keep=True):
    """``df`` as a re-rank leaves it: the scores written (rounded as the task rounds them) and, with ``keep``, the
    features it writes with them."""
    out = df.copy()
    scores = {label: round(float(v), 4) for label, v in scores.items()}
    for label, values in rescored(df, scores).items():
        out.at[label, "confidence"] = values["confidence"]
        if keep and "features" in values:
            out.at[label, "features"] = values["features"]
    return out


def test_a_second_rerank_on_the_same_decisions_gives_the_same_scores():
    df = _table()
    first, gain = rerank_frame(df)
    once = _written(df, first)
    second, gain_again = rerank_frame(once)
    assert second.index.equals(first.index)
    assert np.allclose(second.to_numpy(), first.to_numpy(), atol=1e-12) and gain_again == gain
    twice = _written(once, second)
    assert twice["confidence"].tolist() == once["confidence"].tolist()
    assert twice["features"].tolist() == once["features"].tolist()
    # the re-rank as it was (the score written over the detector's, nothing kept): the second went further
    compounded, _gain = rerank_frame(_written(df, first, keep=False))
    assert np.max(np.abs(compounded.to_numpy() - first.to_numpy())) > 0.05


def test_decisions_taken_after_a_rerank_learn_from_the_detectors_confidence():
    """Candidates re-scored, then decided: the next re-rank learns from the detector's confidence of them, as if
    the first re-rank had never been."""
    df = _table()
    first, _gain = rerank_frame(df)
    reranked = _written(df, first)
    after, never = reranked.copy(), df.copy()
    for table in (after, never):
        for label in df.index[40:80]:
            table.at[label, "status"] = "confirmed" if label % 2 else "rejected"
    scores, gain = rerank_frame(after)
    expected, expected_gain = rerank_frame(never)
    assert np.allclose(scores.to_numpy(), expected.to_numpy(), atol=1e-12) and gain == expected_gain


def test_the_detectors_confidence_is_kept_once_and_after_vectors_of_detector_3_1_only():
    df = _table(n=6, decided=0)
    df.at[1001, "confidence"] = None  # taken as 0.5, as the re-rank takes it
    df.at[1002, "features"] = json.dumps([0.87])  # an ONNX model's one score
    full = _table(n=2, decided=0, full=True)
    df.loc[1003] = full.iloc[0]  # a whole vector of detector 3.4: its confidence is the model's
    written = rescored(df, dict.fromkeys(df.index, 0.25))
    assert set(written) == set(df.index) and all(v["confidence"] == 0.25 for v in written.values())
    assert [label for label, v in written.items() if "features" in v] == [1000, 1001, 1004, 1005]
    for label in (1000, 1001, 1004):
        vector, kept = parse_vector(written[label]["features"])
        assert vector == json.loads(df.at[label, "features"])  # the values as they were
        assert kept == (0.5 if label == 1001 else df.at[label, "confidence"])
        assert " " not in written[label]["features"]
    again = df.copy()
    again.at[1000, "features"] = written[1000]["features"]
    again.at[1000, "confidence"] = 0.25
    assert "features" not in rescored(again, {1000: 0.9})[1000]  # kept once: the detector's, not the 0.25
    assert parse_vector(json.dumps([0.1] * SHAPE_START + [1.5])) is None  # no confidence
    assert parse_vector(json.dumps([0.1] * (SHAPE_START + 2))) is None
