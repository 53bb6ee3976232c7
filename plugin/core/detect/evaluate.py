"""The honest measure: detections against reference points (precision, recall, F1, error)."""

from __future__ import annotations

from dataclasses import dataclass

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


def evaluate(detections, reference, match_distance: float = 15.0) -> Evaluation:
    """Match detections (N×2, metres) to reference points (M×2) one-to-one within ``match_distance``.

    The matching is optimal (the most pairs, then the least total distance: Hungarian assignment
    on distances, pairs farther than the limit forbidden), so a detection never counts twice.
    Only pairs within the limit are ever formed, and the assignment is solved apart for each
    group of points linked by such pairs: memory grows with the pairs, not detections ×
    references (20,000 of each stay small). Precision = TP / detections, recall = TP /
    references, F1 their harmonic mean; the mean location error is over matched pairs (m).
    With no detections precision is 1 by convention only when there are no references.
    """
    if match_distance <= 0:
        raise ValueError("the match distance must be positive")
    det = np.asarray(detections, float).reshape(-1, 2)
    ref = np.asarray(reference, float).reshape(-1, 2)
    matches: list[tuple[int, int, float]] = []
    if len(det) and len(ref):
        matches = _assign(det, ref, match_distance)
    tp = len(matches)
    fp = len(det) - tp
    fn = len(ref) - tp
    precision = tp / len(det) if len(det) else (1.0 if not len(ref) else 0.0)
    recall = tp / len(ref) if len(ref) else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    err = float(np.mean([m[2] for m in matches])) if matches else float("nan")
    return Evaluation(tp, fp, fn, precision, recall, f1, err, matches)


def _assign(det: np.ndarray, ref: np.ndarray, match_distance: float) -> list[tuple[int, int, float]]:
    """Optimal one-to-one pairs (detection, reference, distance) within ``match_distance``."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    pairs = cKDTree(det).sparse_distance_matrix(cKDTree(ref), match_distance, output_type="ndarray")
    if not len(pairs):
        return []
    i, j, d = pairs["i"].astype(np.intp), pairs["j"].astype(np.intp), pairs["v"]
    n, m = len(det), len(ref)
    # detections are nodes 0..n-1, references n..n+m-1; a group is a connected component
    graph = coo_matrix((np.ones(len(i)), (i, j + n)), shape=(n + m, n + m))
    _count, label = connected_components(graph, directed=False)
    order = np.argsort(label[i], kind="stable")
    i, j, d = i[order], j[order], d[order]
    bounds = np.flatnonzero(np.diff(label[i])) + 1
    matches: list[tuple[int, int, float]] = []
    for gi, gj, gd in zip(np.split(i, bounds), np.split(j, bounds), np.split(d, bounds)):
        rows, r_idx = np.unique(gi, return_inverse=True)
        cols, c_idx = np.unique(gj, return_inverse=True)
        cost = np.full((len(rows), len(cols)), 1e9)
        cost[r_idx, c_idx] = gd
        for r, c in zip(*linear_sum_assignment(cost)):
            if cost[r, c] <= match_distance:
                matches.append((int(rows[r]), int(cols[c]), float(cost[r, c])))
    matches.sort()
    return matches
