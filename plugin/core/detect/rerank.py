"""Learning from the analyst: a small logistic regression on the detector's feature vectors.

After some candidates were accepted or rejected, :func:`fit_logistic` trains on the hand-made
part of their feature vectors (:func:`.mast.hand_inputs`; standardised, L2-regularised, Newton
steps: a few milliseconds for thousands of rows) and :meth:`LogisticModel.predict` re-scores the others.
The re-rank of a station table (:func:`rerank_frame`) adjusts the detector's own odds rather than
replacing them: the odds of the built-in confidence are the model's offset (and one more input, so
that decisions can also weigh them down), and a penalty (:data:`RERANK_PENALTIES`) keeps the
adjustment small until the decisions show it. Fitted on the hand-made features alone, the decisions on the
first candidates of a review (the most confident, nearly all masts) ordered the others far worse
than the detector did.
The detector's confidence is the built-in model's of a whole feature vector; a vector of detector 3.1 (its
hand-made features alone) cannot give it, and the layer's ``confidence`` is the detector's only until a
re-rank writes its own there: the re-rank keeps the detector's after the vector (:func:`rescored`), so that a
second re-rank starts from the detector again rather than from the first one's scores.
:func:`cross_validated_gain` tells whether it helps: precision at the top-k of the
reviewed set, by k-fold cross-validation, before (detector confidence) and after (model).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np

from ..messages import tr

#: L2 penalties of :func:`rerank_frame`'s fit (standardised inputs): the first, unless the second's order
#: cross-validates better on the decisions. 10 alone, measured by bench/measure_rerank.py on 80 held-out
#: generated scenes (4200-4279, sun given; the top k candidates of the first 40 by confidence decided by
#: their truth, those of the other 40 re-scored; recall where precision reaches 0.9): masts drawn as the
#: model was fitted, detector 0.686, re-ranked after 80 / 160 / all 363 decisions 0.654 / 0.642 / 0.648
#: (the hand-made features alone: 0.000 / 0.019 / 0.283); masts drawn by a rendering the model never saw,
#: detector 0.459, re-ranked after 40 / 80 / 160 / all 348 0.509 / 0.509 / 0.484 / 0.459 (alone: 0.019 /
#: 0.145 / 0.277 / 0.252); 3 and 30 about the same. But with 8-16 decisions and a detector's confidence
#: that tells nothing about them, 10 learnt nothing from features that told them apart (cross-validated
#: precision 0.50 and 0.57 either way), where 1 finds them (0.75 and 1.0); the choice of the two leaves
#: the measures above within 0.06 (the same where the order is written, see :func:`improves`).
RERANK_PENALTIES = (10.0, 1.0)
#: Probabilities are taken as odds within these bounds.
_P_MIN = 1e-3


@dataclass
class LogisticModel:
    """``p = 1 / (1 + exp(-(((x - mean) / scale) @ weights + bias)))``."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray

    def decision(self, x, offset=None) -> np.ndarray:
        """Log-odds of rows ``x``, plus ``offset`` (per row) when the model was fitted with one."""
        x = np.atleast_2d(np.asarray(x, dtype=float))
        x = np.nan_to_num((x - self.mean) / self.scale)
        out = x @ self.weights + self.bias
        return out if offset is None else out + np.asarray(offset, float)

    def predict(self, x, offset=None) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.decision(x, offset), -40, 40)))

    def to_json(self) -> str:
        return json.dumps({"weights": self.weights.tolist(), "bias": self.bias, "mean": self.mean.tolist(),
                           "scale": self.scale.tolist()})

    @classmethod
    def from_json(cls, text: str) -> LogisticModel:
        d = json.loads(text)
        return cls(np.array(d["weights"], float), float(d["bias"]), np.array(d["mean"], float),
                   np.array(d["scale"], float))


def fit_logistic(x, y, l2: float = 1.0, sample_weight=None, iterations: int = 50, offset=None) -> LogisticModel:
    """Fit a logistic regression (Newton-Raphson / IRLS with an L2 penalty on the weights).

    ``offset`` (per row) is added to the log-odds: the model learns a correction of it (predict with
    the offset of the rows scored)."""
    x = np.atleast_2d(np.asarray(x, dtype=float))
    y = np.asarray(y, dtype=float).ravel()
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"{x.shape[0]} feature rows but {y.shape[0]} labels")
    if x.shape[0] == 0:
        raise ValueError("no labelled candidates to learn from")
    w_s = np.ones_like(y) if sample_weight is None else np.asarray(sample_weight, float)
    mean = np.nanmean(x, axis=0)
    scale = np.nanstd(x, axis=0)
    scale[~np.isfinite(scale) | (scale < 1e-9)] = 1.0
    mean[~np.isfinite(mean)] = 0.0
    z = np.nan_to_num((x - mean) / scale)
    a = np.hstack([z, np.ones((z.shape[0], 1))])
    beta = np.zeros(a.shape[1])
    base = np.zeros(len(y)) if offset is None else np.nan_to_num(np.asarray(offset, float).ravel())
    if offset is None:
        prior = np.clip(np.average(y, weights=w_s), 1e-3, 1 - 1e-3)
        beta[-1] = math.log(prior / (1 - prior))
    penalty = np.full(a.shape[1], l2)
    penalty[-1] = 1e-6  # the bias is not shrunk

    def loss(b):
        z = a @ b + base
        return float(np.sum(w_s * (np.logaddexp(0.0, z) - y * z)) + 0.5 * np.sum(penalty * b * b))

    current = loss(beta)
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ beta + base, -40, 40)))
        grad = a.T @ (w_s * (p - y)) + penalty * beta
        hess = (a * (w_s * p * (1 - p))[:, None]).T @ a + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        # halved until the penalised loss falls: far from the answer (an offset that sets most rows'
        # odds against their label) a full Newton step overshoots
        for _halving in range(30):
            trial = loss(beta - step)
            if trial <= current:
                break
            step = step / 2.0
        else:
            break
        beta -= step
        current = trial
        if np.max(np.abs(step)) < 1e-8:
            break
    return LogisticModel(beta[:-1], float(beta[-1]), mean, scale)


def precision_at_k(scores, labels, k: int) -> float:
    """Fraction of true labels among the ``k`` highest scores."""
    scores = np.asarray(scores, float)
    labels = np.asarray(labels, float)
    if len(scores) == 0 or k <= 0:
        return float("nan")
    k = min(k, len(scores))
    top = np.argsort(-scores, kind="stable")[:k]
    return float(labels[top].mean())


def cross_validated_gain(x, y, baseline_scores, k: int | None = None, folds: int = 5, seed: int = 0,
                         l2: float = 1.0, progress=None, check=None, offset=None) -> dict:
    """Precision at the top-k of the reviewed set: detector score vs. re-ranked (k-fold CV).

    Every reviewed candidate is scored by a model that never saw it (fitted with ``offset``, see
    :func:`fit_logistic`, when given). Returns ``{"k",
    "before", "after", "gain", "n"}`` (precisions 0-1). ``progress(fraction)`` is told after each
    fold and ``check()`` (raising to stop) called before each.
    """
    x = np.atleast_2d(np.asarray(x, float))
    y = np.asarray(y, float)
    n = len(y)
    if n < 4 or y.min() == y.max():
        raise ValueError("re-ranking needs at least 4 reviewed candidates, some accepted and some rejected")
    k = k or max(1, round(y.sum()))
    folds = max(2, min(folds, n))
    off = None if offset is None else np.asarray(offset, float)
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    cv = np.empty(n)
    for f in range(folds):
        if check is not None:
            check()
        if progress is not None:
            progress(f / folds)
        test = order[f::folds]
        train = np.setdiff1d(order, test)
        if y[train].min() == y[train].max():
            cv[test] = np.asarray(baseline_scores, float)[test]
            continue
        cv[test] = fit_logistic(x[train], y[train], l2=l2, offset=None if off is None else off[train]).predict(
            x[test], None if off is None else off[test])
    before = precision_at_k(baseline_scores, y, k)
    after = precision_at_k(cv, y, k)
    return {"k": int(k), "before": before, "after": after, "gain": after - before, "n": int(n)}


def improves(gain: dict) -> bool:
    """Whether the re-ranked order, cross-validated on the decisions (:func:`cross_validated_gain`), puts more
    confirmed candidates in the top k than the detector's confidence: an order no better is not worth the change
    (measured by bench/measure_rerank.py: 40 decisions of which 38 masts, on masts of a rendering the detector was
    never fitted on, cross-validated 0.95 both ways, and the re-ranked order fell from 0.170 to 0.006 of the masts
    where precision reaches 0.9)."""
    return gain["after"] > gain["before"]


def parse_vector(text) -> tuple[list, float | None] | None:
    """``(feature vector, the detector's confidence kept with it)`` of a ``features`` text re-ranking learns from,
    or None: the built-in detector's whole vector (its confidence None: the model gives it), its hand-made part
    alone as detector 3.1 stored it (None: the stored confidence is the detector's), or that part followed by the
    detector's confidence, kept there by a re-rank (:func:`rescored`). An ONNX model's one score, a vector cut
    or of another length: None."""
    from .mast import N_FEATURES, SHAPE_START

    try:
        values = json.loads(text) if isinstance(text, str) and text else None
    except ValueError:
        return None
    if not isinstance(values, list):
        return None
    if len(values) in (N_FEATURES, SHAPE_START):
        return values, None
    if len(values) == SHAPE_START + 1:
        kept = values[SHAPE_START]
        if isinstance(kept, (int, float)) and not isinstance(kept, bool) and 0.0 <= kept <= 1.0:
            return values[:SHAPE_START], float(kept)
    return None


def stored_confidence(values):
    """The ``confidence`` values (a pandas Series) as re-ranking takes them: numbers, 0.5 where there is none."""
    import pandas as pd

    return pd.to_numeric(values, errors="coerce").fillna(0.5)


def rescored(df, scores) -> dict:
    """What a re-rank writes for the open candidates it re-scored: ``{label: {"confidence": score}}`` from
    ``scores`` (label of ``df`` -> new confidence), and for a vector of detector 3.1 (:func:`parse_vector`) not yet
    keeping the detector's confidence, ``"features"``: the vector with it after (the ``confidence`` of ``df``, the
    detector's until a re-rank writes there; compact JSON, the values as they were). A second re-rank then starts
    from the detector's confidence again, not from this one's: re-ranked twice on the same decisions, the
    candidates get the same scores as once."""
    from .mast import SHAPE_START

    out = {label: {"confidence": score} for label, score in scores.items()}
    if "features" not in df.columns:
        return out
    labels = [label for label in out if label in df.index]
    if not labels:
        return out
    confidence = stored_confidence(df.loc[labels, "confidence"]) if "confidence" in df.columns else None
    for label in labels:
        parsed = parse_vector(df.at[label, "features"])
        if parsed is None or parsed[1] is not None or len(parsed[0]) != SHAPE_START:
            continue
        detector = 0.5 if confidence is None else float(confidence[label])
        out[label]["features"] = json.dumps([*parsed[0], detector], separators=(",", ":"))
    return out


def rerank_frame(df, min_reviewed: int = 6, progress=None, check=None) -> tuple:
    """Re-score the open candidates of a station table from the analyst's decisions.

    ``df`` has ``status``, ``confidence`` and ``features`` (JSON list) columns. Reviewed rows
    (confirmed = 1, rejected = 0) that carry a feature vector train the model; rows with
    status ``candidate`` get a new confidence: the detector's, as the built-in model gives it from the
    whole vector (a vector of hand-made features alone, as detector 3.1 stored: the detector's confidence a
    re-rank kept after it, else the ``confidence`` stored), corrected by what the decisions teach (see the
    module). Returns ``(new_confidence: pandas.Series
    indexed like the candidate rows, gain: dict from :func:`cross_validated_gain`)``.
    ``progress(fraction)`` (0-1) and ``check()`` (raises to stop; see :mod:`..cancel`) let a
    background task show the way and be canceled.
    """
    import pandas as pd

    def tell(fraction: float) -> None:
        if check is not None:
            check()
        if progress is not None:
            progress(fraction)

    from .mast import N_FEATURES, SHAPE_START, confidence, hand_inputs

    def inputs(rows):
        """(model inputs, the detector's odds, its confidence) of the rows labelled ``rows``."""
        parsed = vectors[rows].tolist()
        vecs = [v for v, _kept in parsed]
        p = stored_confidence(df.loc[rows, "confidence"]).to_numpy(float) \
            if "confidence" in df.columns else np.full(len(vecs), 0.5)
        for i, (_v, kept) in enumerate(parsed):
            if kept is not None:  # the detector's, kept by an earlier re-rank (see rescored)
                p[i] = kept
        full = np.array([len(v) == N_FEATURES for v in vecs], bool)
        if full.any():
            p[full] = confidence(np.array([v for v, f in zip(vecs, full) if f], float))
        p = np.clip(p, _P_MIN, 1 - _P_MIN)
        odds = np.log(p / (1 - p))
        hand = hand_inputs(np.array([v[:SHAPE_START] for v in vecs], float))
        return np.column_stack([hand, odds]), odds, p

    tell(0.0)
    if "features" in df.columns:
        texts = df["features"]
        step = 2000
        parts = []
        for start in range(0, len(texts), step):
            parts.append(texts.iloc[start:start + step].map(parse_vector))
            tell(0.4 * min(1.0, (start + step) / max(1, len(texts))))
        vectors = pd.concat(parts) if parts else pd.Series([], dtype=object)
    else:
        vectors = pd.Series([None] * len(df), df.index)
    has = vectors.notna()
    status = df["status"].astype(str)
    reviewed = has & status.isin(["confirmed", "rejected"])
    open_ = has & (status == "candidate")
    n_rev = int(reviewed.sum())
    labels = (status[reviewed] == "confirmed").astype(float).to_numpy()
    if n_rev < min_reviewed or labels.min() == labels.max():
        raise ValueError(tr("re-ranking needs at least {n} reviewed detected candidate, some accepted and some "
                            "rejected ({reviewed} reviewed, {accepted} accepted)",
                            "re-ranking needs at least {n} reviewed detected candidates, some accepted and some "
                            "rejected ({reviewed} reviewed, {accepted} accepted)", min_reviewed, reviewed=n_rev,
                            accepted=int(labels.sum()) if n_rev else 0))
    x_rev, odds_rev, baseline = inputs(reviewed)
    # the penalty whose order cross-validates best (the stronger one when they tie)
    gain, l2 = None, RERANK_PENALTIES[0]
    for i, penalty in enumerate(RERANK_PENALTIES):
        share = 0.45 / len(RERANK_PENALTIES)
        tried = cross_validated_gain(x_rev, labels, baseline, l2=penalty, offset=odds_rev, check=check,
                                     progress=None if progress is None else
                                     (lambda f, i=i, share=share: progress(0.4 + share * (i + f))))
        if gain is None or tried["after"] > gain["after"]:
            gain, l2 = tried, penalty
    tell(0.85)
    model = fit_logistic(x_rev, labels, l2=l2, offset=odds_rev)
    tell(0.9)
    if open_.any():
        x_open, odds_open, _p = inputs(open_)
        scores = pd.Series(model.predict(x_open, odds_open), index=df.index[open_])
    else:
        scores = pd.Series([], dtype=float)
    tell(1.0)
    return scores, gain
