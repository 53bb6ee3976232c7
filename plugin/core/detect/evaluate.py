"""The honest measure: detections against reference points (precision, recall, F1, error)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment


@dataclass
class Evaluation:
    true_positives: int
    false_positives: int
    false_negatives: int
    precision: float
    recall: float
    f1: float
    mean_error_m: float
    matches: list[tuple[int, int, float]]  # (detection index, reference index, distance m)

    def as_dict(self) -> dict:
        d = asdict(self)
        d.pop("matches")
        return d


def evaluate(detections, reference, match_distance: float = 15.0) -> Evaluation:
    """Match detections (N×2, metres) to reference points (M×2) one-to-one within ``match_distance``.

    The matching is optimal (Hungarian assignment on distances, pairs farther than the limit
    forbidden), so a detection never counts twice. Precision = TP / detections, recall = TP /
    references, F1 their harmonic mean; the mean location error is over matched pairs (m).
    With no detections precision is 1 by convention only when there are no references.
    """
    if match_distance <= 0:
        raise ValueError("the match distance must be positive")
    det = np.asarray(detections, float).reshape(-1, 2)
    ref = np.asarray(reference, float).reshape(-1, 2)
    matches: list[tuple[int, int, float]] = []
    if len(det) and len(ref):
        dist = np.hypot(det[:, None, 0] - ref[None, :, 0], det[:, None, 1] - ref[None, :, 1])
        cost = np.where(dist <= match_distance, dist, 1e9)
        rows, cols = linear_sum_assignment(cost)
        matches = [(int(r), int(c), float(dist[r, c])) for r, c in zip(rows, cols) if dist[r, c] <= match_distance]
    tp = len(matches)
    fp = len(det) - tp
    fn = len(ref) - tp
    precision = tp / len(det) if len(det) else (1.0 if not len(ref) else 0.0)
    recall = tp / len(ref) if len(ref) else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    err = float(np.mean([m[2] for m in matches])) if matches else float("nan")
    return Evaluation(tp, fp, fn, precision, recall, f1, err, matches)
