"""Small gradient-boosted decision trees (logistic loss), numpy only.

The built-in mast confidence is an ensemble of shallow trees on the detector's evidence terms
(:func:`.mast.model_inputs`): trees need no scaling, cope with features whose meaning depends
on another (a dark base matters in a forest, not on a bare field) and evaluate in a few
vectorised steps. :func:`fit` is what ``bench/calibrate_detect.py`` uses to build the shipped
model; :class:`TreeEnsemble` is what the detector evaluates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

#: Rows scored per pass (the pass holds rows x trees node indices).
ROWS_PER_PASS = 8192


@dataclass
class TreeEnsemble:
    """Trees stored as flat arrays (n_trees, n_nodes): a leaf points to itself.

    ``decision(x) = base + sum over trees of the value of the leaf x falls in``; at an inner
    node a row goes left when ``x[feature] < threshold``.
    """

    base: float
    feature: np.ndarray    # int, -1 at leaves
    threshold: np.ndarray  # float
    left: np.ndarray       # int
    right: np.ndarray      # int
    value: np.ndarray      # float, leaf values (0 at inner nodes)
    depth: int
    #: Added to the decision: moves the 0.5 operating point (see ``bench/calibrate_detect.py``).
    offset: float = 0.0

    @property
    def n_features(self) -> int:
        return int(self.feature.max()) + 1 if self.feature.size else 0

    def decision(self, x) -> np.ndarray:
        x = np.nan_to_num(np.atleast_2d(np.asarray(x, dtype=float)))
        if x.shape[0] > ROWS_PER_PASS:  # bounded memory: (rows x trees) node indices per pass
            return np.concatenate([self.decision(x[i:i + ROWS_PER_PASS])
                                   for i in range(0, x.shape[0], ROWS_PER_PASS)])
        return self.decision_of_leaves(self.leaves(x))

    def leaves(self, x, trees: np.ndarray | None = None) -> np.ndarray:
        """Leaf value of every row in every tree (rows x trees), or in the ``trees`` given only."""
        x = np.nan_to_num(np.atleast_2d(np.asarray(x, dtype=float)))
        if x.shape[0] > ROWS_PER_PASS:
            return np.concatenate([self.leaves(x[i:i + ROWS_PER_PASS], trees)
                                   for i in range(0, x.shape[0], ROWS_PER_PASS)])
        feature, threshold, value = self._complete()
        if trees is not None:
            feature, threshold, value = feature[trees], threshold[trees], value[trees]
        n_trees, n_inner = feature.shape
        n_rows, n_cols = x.shape
        # in the complete layout the children of position p are 2p+1 (left) and 2p+2 (right); the tests
        # gather from the flat arrays (cheaper than indexing the 2-D ones with two index arrays)
        features, thresholds, inputs = feature.ravel(), threshold.ravel(), x.ravel()
        first = np.arange(n_trees, dtype=np.intp) * n_inner  # each tree's root in the flat arrays
        row_start = (np.arange(n_rows, dtype=np.intp) * n_cols)[:, None]
        pos = np.zeros((n_rows, n_trees), dtype=np.intp)
        for _ in range(self.depth):
            node = first + pos
            go_left = inputs[row_start + features[node]] < thresholds[node]
            pos *= 2
            pos += 2
            pos -= go_left
        return value[np.arange(n_trees)[None, :], pos - n_inner]

    def decision_of_leaves(self, leaves: np.ndarray) -> np.ndarray:
        """The decision from the leaf values of all the trees (in tree order)."""
        return self.base + self.offset + leaves.sum(axis=1)

    def predict_of_leaves(self, leaves: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.decision_of_leaves(leaves), -40, 40)))

    def uses(self, columns) -> np.ndarray:
        """Which trees test any of the input ``columns`` (bool per tree)."""
        return np.isin(self.feature, list(columns)).any(axis=1)

    def _complete(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The trees as complete binary trees of ``depth`` levels: (feature, threshold, leaf value).

        A leaf above the last level becomes a node every row leaves to the left (threshold +inf)
        whose descendants carry its value: every row then takes exactly ``depth`` steps, with no
        test for leaves, and reaches the value it reached before.
        """
        key = (id(self.feature), id(self.threshold), id(self.left), id(self.right), id(self.value), self.depth)
        cached = self.__dict__.get("_layout")
        if cached is not None and cached[0] == key:
            return cached[1]
        n_trees, depth = self.feature.shape[0], self.depth
        n_inner = 2 ** depth - 1
        feature = np.zeros((n_trees, n_inner), np.intp)
        threshold = np.full((n_trees, n_inner), np.inf)
        value = np.zeros((n_trees, n_inner + 1))
        for t in range(n_trees):
            stack = [(0, 0, 0)]  # (position in the complete tree, node of the tree, level)
            while stack:
                p, k, level = stack.pop()
                if level == depth:
                    value[t, p - n_inner] = self.value[t, k]
                elif self.feature[t, k] < 0:
                    stack += [(2 * p + 1, k, level + 1), (2 * p + 2, k, level + 1)]
                else:
                    feature[t, p], threshold[t, p] = self.feature[t, k], self.threshold[t, k]
                    stack += [(2 * p + 1, int(self.left[t, k]), level + 1),
                              (2 * p + 2, int(self.right[t, k]), level + 1)]
        layout = (feature, threshold, value)
        self.__dict__["_layout"] = (key, layout)
        return layout

    def predict(self, x) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.decision(x), -40, 40)))

    def to_dict(self) -> dict:
        return {
            "base": self.base, "offset": self.offset, "depth": self.depth,
            "feature": self.feature.tolist(), "threshold": np.round(self.threshold, 6).tolist(),
            "left": self.left.tolist(), "right": self.right.tolist(),
            "value": np.round(self.value, 6).tolist(),
        }

    @classmethod
    def from_dict(cls, d: dict) -> TreeEnsemble:
        return cls(float(d["base"]), np.array(d["feature"], np.intp), np.array(d["threshold"], float),
                   np.array(d["left"], np.intp), np.array(d["right"], np.intp), np.array(d["value"], float),
                   int(d["depth"]), float(d.get("offset", 0.0)))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> TreeEnsemble:
        return cls.from_dict(json.loads(text))


def _bin(x: np.ndarray, n_bins: int) -> tuple[np.ndarray, list[np.ndarray]]:
    edges = [np.unique(np.quantile(x[:, f], np.linspace(0, 1, n_bins + 1)[1:-1])) for f in range(x.shape[1])]
    xb = np.column_stack([np.searchsorted(e, x[:, f], side="right") for f, e in enumerate(edges)])
    return xb.astype(np.intp), edges


def fit(x, y, n_trees: int = 200, depth: int = 3, learning_rate: float = 0.1, n_bins: int = 32,
        l2: float = 1.0, min_leaf_hessian: float = 5.0, sample_weight=None) -> TreeEnsemble:
    """Gradient boosting with the logistic loss (second-order steps, histogram splits)."""
    x = np.nan_to_num(np.atleast_2d(np.asarray(x, dtype=float)))
    y = np.asarray(y, dtype=float).ravel()
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"{x.shape[0]} feature rows but {y.shape[0]} labels")
    if x.shape[0] == 0 or y.min() == y.max():
        raise ValueError("boosting needs examples of both classes")
    w = np.ones_like(y) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    xb, edges = _bin(x, n_bins)
    p0 = float(np.clip(np.average(y, weights=w), 1e-4, 1 - 1e-4))
    base = float(np.log(p0 / (1 - p0)))
    score = np.full(y.shape, base)
    n_nodes = 2 ** (depth + 1) - 1
    feat = np.full((n_trees, n_nodes), -1, np.intp)
    thr = np.zeros((n_trees, n_nodes))
    left = np.tile(np.arange(n_nodes), (n_trees, 1))
    right = left.copy()
    value = np.zeros((n_trees, n_nodes))
    for t in range(n_trees):
        p = 1.0 / (1.0 + np.exp(-score))
        g, h = (y - p) * w, p * (1 - p) * w
        # breadth-first growth; node k's children are 2k+1, 2k+2
        members = {0: np.arange(len(y))}
        for k in range(n_nodes):
            idx = members.pop(k, None)
            if idx is None:
                continue
            level = int(np.floor(np.log2(k + 1)))
            split = _best_split(xb, g, h, idx, n_bins, l2, min_leaf_hessian) if level < depth else None
            if split is None:
                value[t, k] = learning_rate * g[idx].sum() / (h[idx].sum() + l2)
                score[idx] += value[t, k]
                continue
            f, b = split
            feat[t, k] = f
            thr[t, k] = edges[f][b] if b < len(edges[f]) else np.inf
            go_left = x[idx, f] < thr[t, k]
            left[t, k], right[t, k] = 2 * k + 1, 2 * k + 2
            members[2 * k + 1], members[2 * k + 2] = idx[go_left], idx[~go_left]
    return TreeEnsemble(base, feat, thr, left, right, value, depth)


def _best_split(xb, g, h, idx, n_bins, l2, min_leaf):
    g_i, h_i = g[idx], h[idx]
    total_g, total_h = g_i.sum(), h_i.sum()
    parent = total_g * total_g / (total_h + l2)
    best_gain, best = 1e-9, None
    for f in range(xb.shape[1]):
        col = xb[idx, f]
        cg = np.cumsum(np.bincount(col, g_i, n_bins))[:-1]
        ch = np.cumsum(np.bincount(col, h_i, n_bins))[:-1]
        ok = (ch >= min_leaf) & (total_h - ch >= min_leaf)
        if not ok.any():
            continue
        gain = np.where(ok, cg ** 2 / (ch + l2) + (total_g - cg) ** 2 / (total_h - ch + l2) - parent, -1.0)
        b = int(np.argmax(gain))
        if gain[b] > best_gain:
            best_gain, best = float(gain[b]), (f, b)
    return best
