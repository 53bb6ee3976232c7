"""Stage 2 of the detector: all proposed lines of a window verified at once (no QGIS)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import ndimage

from basestation_mapper.plugin.core.detect.mast import FEATURE_NAMES, DetectorParams
from basestation_mapper.plugin.core.detect.verify import GROUP, masked_median, verify_lines

COL = {name: i for i, name in enumerate(FEATURE_NAMES)}


def test_masked_median_is_numpy_median_of_each_row():
    rng = np.random.default_rng(3)
    values = rng.normal(size=(40, 57)).astype(np.float32)
    mask = rng.random((40, 57)) < 0.3
    mask[0] = False  # an empty row
    mask[1] = True
    med, count = masked_median(values, mask)
    assert np.isnan(med[0]) and count[0] == 0
    for i in range(1, 40):
        assert med[i] == np.median(values[i][mask[i]]), i
        assert count[i] == mask[i].sum()


def _ground(seed, shape=(400, 400)):
    rng = np.random.default_rng(seed)
    return ndimage.gaussian_filter(rng.normal(0, 0.03, shape), 1.0).astype(np.float32)


def _draw_shadow(img, r0, c0, angle_deg, length_px, depth=0.4):
    a = math.radians(angle_deg)
    t = np.linspace(0, length_px, int(length_px * 4))
    for off in (-0.5, 0.0, 0.5):
        rr = np.round(r0 + t * math.cos(a) - off * math.sin(a)).astype(int)
        cc = np.round(c0 + t * math.sin(a) + off * math.cos(a)).astype(int)
        img[rr, cc] = img[rr, cc].clip(max=0) - depth


@pytest.mark.parametrize("angle", [0.0, 33.0, 90.0, 128.0])
def test_a_drawn_shadow_is_verified_and_its_ends_refined(angle):
    """A line proposed 2 px off axis and 5 px short of each end comes back on the shadow."""
    img = _ground(1)
    res = 0.5
    a = math.radians(angle)
    _draw_shadow(img, 200 - 40 * math.cos(a), 200 - 40 * math.sin(a), angle, 80)  # 40 m
    smooth = ndimage.gaussian_filter(img, 0.8, truncate=2.5)
    ur, uc = math.cos(a), math.sin(a)
    r0, c0 = 200 - 35 * ur + 2 * uc, 200 - 35 * uc - 2 * ur
    r1, c1 = 200 + 35 * ur + 2 * uc, 200 + 35 * uc - 2 * ur
    ok, ends, feats = verify_lines(smooth, np.ones(img.shape, np.float32), np.array([[r0, c0, r1, c1]]), res,
                                   DetectorParams(), all_valid=True)
    assert ok[0]
    length = math.hypot(ends[0, 2] - ends[0, 0], ends[0, 3] - ends[0, 1]) * res
    assert length == pytest.approx(40, abs=2.5)
    mid = (ends[0, :2] + ends[0, 2:]) / 2
    assert np.hypot(*(mid - 200)) < 1.5
    f = feats[0, 0]
    assert f[COL["length_m"]] == pytest.approx(length)
    assert f[COL["contrast"]] > 0.2 and f[COL["continuity"]] > 0.9 and f[COL["free_end"]] > 0.8
    assert f[COL["width_m"]] < 3.0
    # the two base hypotheses mirror each other
    assert feats[0, 1, COL["taper"]] == -f[COL["taper"]]
    assert np.allclose(feats[0, 1, COL["dark_q1"]:COL["dark_q4"] + 1], f[COL["dark_q1"]:COL["dark_q4"] + 1][::-1])


def test_lines_without_shadow_or_at_the_edge_are_rejected_and_groups_agree():
    """Flat ground and a line whose strip leaves the window fail; the answer for a line does not
    depend on which other lines are verified with it (groups of similar length)."""
    img = _ground(2)
    _draw_shadow(img, 100, 60, 90.0, 60)
    _draw_shadow(img, 300, 3, 90.0, 60)  # at the left edge: the strip leaves the window
    smooth = ndimage.gaussian_filter(img, 0.8, truncate=2.5)
    valid = np.ones(img.shape, np.float32)
    lines = np.array([[100, 62, 100, 118], [250, 200, 250, 260], [300, 5, 300, 61]], float)
    ok, _ends, _feats = verify_lines(smooth, valid, lines, 0.5, DetectorParams())
    assert ok.tolist() == [True, False, False]
    rng = np.random.default_rng(4)
    many = np.vstack([lines, np.column_stack([rng.uniform(60, 340, (2 * GROUP, 2)),
                                              rng.uniform(60, 340, (2 * GROUP, 2))])[:, [0, 1, 2, 3]]])
    ok_all, ends_all, feats_all = verify_lines(smooth, valid, many, 0.5, DetectorParams())
    assert ok_all[:3].tolist() == [True, False, False]
    single = verify_lines(smooth, valid, many[:1], 0.5, DetectorParams())
    assert np.allclose(ends_all[0], single[1][0]) and np.allclose(feats_all[0], single[2][0], atol=1e-6)
    # invalid pixels under a strip reject the line
    holes = valid.copy()
    holes[95:105, 80:90] = 0
    assert not verify_lines(smooth, holes, lines[:1], 0.5, DetectorParams())[0][0]


def _runs_one_row(flags, inside, max_gap):
    """The longest-run rule for one row, run by run."""
    idx = np.flatnonzero(flags)
    ins = np.flatnonzero(inside)
    if idx.size == 0 or ins.size == 0:
        return None
    breaks = np.flatnonzero(np.diff(idx) > max_gap + 1)
    runs = list(zip(np.r_[idx[0], idx[breaks + 1]].tolist(), np.r_[idx[breaks], idx[-1]].tolist()))
    a, b = ins[0], ins[-1]
    return max(runs, key=lambda r: (min(r[1], b) - max(r[0], a), r[1] - r[0]))


def test_longest_runs_of_all_lines_at_once_equal_the_rule_row_by_row():
    from basestation_mapper.plugin.core.detect.verify import _longest_runs

    rng = np.random.default_rng(31)
    for density in (0.05, 0.3, 0.7):
        flags = rng.random((200, 60)) < density
        inside = np.zeros_like(flags)
        for i in range(200):
            a = rng.integers(0, 60)
            inside[i, a:a + rng.integers(0, 40)] = True
        found, lo, hi = _longest_runs(flags, inside, 3)
        for i in range(200):
            want = _runs_one_row(flags[i], inside[i], 3)
            assert found[i] == (want is not None), i
            if want is not None:
                assert (lo[i], hi[i]) == want, i
