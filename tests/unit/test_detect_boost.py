"""The boosted trees behind the built-in mast confidence (no QGIS)."""

from __future__ import annotations

import numpy as np
import pytest

from basestation_mapper.plugin.core.detect import boost, mast


def _xor_data(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, 3))
    y = ((x[:, 0] > 0) ^ (x[:, 1] > 0)).astype(float)  # x[:, 2] is noise
    return x, y


def test_trees_learn_an_interaction_a_linear_model_cannot():
    from basestation_mapper.plugin.core.detect.rerank import fit_logistic

    x, y = _xor_data(2000, 3)
    xt, yt = _xor_data(1000, 4)
    model = boost.fit(x, y, n_trees=60, depth=2, learning_rate=0.3)
    accuracy = np.mean((model.predict(xt) >= 0.5) == (yt == 1))
    linear = np.mean((fit_logistic(x, y).predict(xt) >= 0.5) == (yt == 1))
    assert accuracy > 0.95 and linear < 0.7, (accuracy, linear)
    assert set(np.unique(model.feature)) <= {-1, 0, 1, 2}
    # the noise column is (almost) never used
    assert np.sum(model.feature == 2) < np.sum(model.feature >= 0) * 0.2


def test_json_round_trip_and_offset():
    x, y = _xor_data(500, 5)
    model = boost.fit(x, y, n_trees=20, depth=3)
    again = boost.TreeEnsemble.from_json(model.to_json())
    assert np.allclose(again.decision(x), model.decision(x), atol=1e-4)
    again.offset = 1.0
    assert np.allclose(again.decision(x), model.decision(x) + 1.0, atol=1e-4)
    p = again.predict(x)
    assert ((p > 0) & (p < 1)).all()


def test_one_class_is_refused():
    with pytest.raises(ValueError, match="both classes"):
        boost.fit(np.zeros((5, 2)), np.ones(5))


def test_shipped_model_matches_the_feature_vector():
    model = mast.builtin_model()
    width = mast.model_inputs(np.zeros((1, mast.N_FEATURES))).shape[1]
    assert 0 < model.n_features <= width
    assert len(mast.FEATURE_NAMES) == mast.N_FEATURES


def _walk(model, row):
    """One row down every tree, node by node (the definition of the decision)."""
    total = model.base + model.offset
    for t in range(model.feature.shape[0]):
        k = 0
        for _ in range(model.depth):
            f = model.feature[t, k]
            if f < 0:
                break
            k = model.left[t, k] if row[f] < model.threshold[t, k] else model.right[t, k]
        total += model.value[t, k]
    return total


def test_decision_equals_walking_each_tree():
    """Trees with leaves above the last level (few examples) and the shipped model alike."""
    x, y = _xor_data(300, 6)
    small = boost.fit(x[:40], y[:40], n_trees=15, depth=4, min_leaf_hessian=3.0)
    assert np.any(small.feature[:, :7] < 0)  # some leaves stop early
    xt = np.vstack([x, [[np.nan, np.inf, -np.inf]]])
    shipped = np.random.default_rng(7).normal(0, 1, (50, mast.model_inputs(np.zeros((1, mast.N_FEATURES))).shape[1]))
    for model, rows in ((small, np.nan_to_num(xt)), (mast.builtin_model(), shipped)):
        got = model.decision(rows)
        want = np.array([_walk(model, r) for r in rows])
        assert np.allclose(got, want, rtol=0, atol=1e-12)


def test_leaves_of_two_tree_sets_make_the_same_decision():
    """Trees looking at the sun terms scored apart from the others: the same decision, exactly."""
    model = mast.builtin_model()
    x = mast.model_inputs(np.random.default_rng(9).normal(0.5, 1, (300, mast.N_FEATURES)))
    sun = model.uses((14, 15))
    assert 0 < sun.sum() < len(sun)
    leaves = np.empty((len(x), len(sun)))
    leaves[:, sun] = model.leaves(x, sun)
    leaves[:, ~sun] = model.leaves(x, ~sun)
    assert np.array_equal(model.decision_of_leaves(leaves), model.decision(x))
    assert np.array_equal(model.predict_of_leaves(leaves), model.predict(x))
