"""Site evidence around the ends of many shadow lines at once (plugin.core.detect.site, no QGIS)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import ndimage as ndi

from basestation_mapper.plugin.core.detect import site

RES = 0.5
RADIUS = 18.0
BASE, PANELS, SHELTER, BRIGHT, OPEN = range(5)


def _ground(rows=200, cols=240, seed=0, level=7.0, noise=0.03):
    """Flat noisy ground in log intensity (float32)."""
    rng = np.random.default_rng(seed)
    return (level + rng.normal(0.0, noise, (rows, cols))).astype(np.float32)


def _textured(rows, cols, seed):
    """Real-ish texture: smooth variation, speckle, dark / bright patches of many sizes, levels
    quantized like integer data (ties)."""
    rng = np.random.default_rng(seed)
    img = ndi.gaussian_filter(rng.normal(0, 1, (rows, cols)), 6) * 3 + rng.normal(0, 0.12, (rows, cols))
    for _ in range(rows * cols // 1500):
        r, c = rng.integers(0, rows - 12), rng.integers(0, cols - 12)
        h, w = rng.integers(2, 14, 2)
        img[r:r + h, c:c + w] += rng.choice([-1.0, -0.7, 0.4, 0.6])
    return (np.round((img + 7.0) * 64) / 64).astype(np.float32)


def _line(r0, c0, r1, c1):
    return np.array([[r0, c0, r1, c1]], float)


# -- reference: the straightforward per-line measurement the batch must reproduce ---------------
def _ref_median(values) -> float:
    a = np.asarray(values).ravel()
    h = a.size // 2
    if a.size % 2:
        return float(np.partition(a, h)[h])
    part = np.partition(a, (h - 1, h))
    return float((part[h - 1] + part[h]) / 2)


def _ref_blob_scores(local: np.ndarray, keep: np.ndarray, res: float, bright: bool) -> float:
    """0-1 evidence of compact rectangular uniform blobs (panels: dark, shelter: bright).

    Every connected blob of the right size is scored by how well it fills the rectangle of the
    same second moments (a panel array or a roof is one, a ragged crown is not) and how uniform
    it is; lines (elongation > 6) are not blobs. All blobs are measured at once from per-label
    sums.
    """
    if not keep.any():
        return 0.0
    med = _ref_median(local[keep])
    if bright:
        mask = (local > med + 0.25) & keep
        area_lo, area_hi = 4.0, 45.0
    else:
        mask = (local < med - 0.55) & keep
        area_lo, area_hi = 1.5, 80.0
    if not mask.any():
        return 0.0
    labels, n = ndi.label(mask)
    px_area = res * res
    lab = labels[mask]
    count = np.bincount(lab, minlength=n + 1).astype(float)
    areas = count * px_area
    sized = (areas >= area_lo) & (areas <= area_hi) & (count >= 4)
    sized[0] = False
    if not sized.any():
        return 0.0
    r, c = np.nonzero(mask)
    v = local[mask].astype(float)
    cnt = np.maximum(count, 1)

    def mean_of(x):
        return np.bincount(lab, x, minlength=n + 1) / cnt

    mr, mc = mean_of(r), mean_of(c)
    dr, dc = r - mr[lab], c - mc[lab]
    srr, scc, src = mean_of(dr * dr), mean_of(dc * dc), mean_of(dr * dc)
    # principal axes of each blob (2x2 symmetric eigenproblem in closed form)
    tr, det = srr + scc, srr * scc - src * src
    disc = np.sqrt(np.maximum(tr * tr / 4 - det, 0))
    lam1, lam2 = tr / 2 + disc, np.maximum(tr / 2 - disc, 1e-9)
    # the rectangle with the same second moments (a side of length a has variance a²/12)
    side1, side2 = np.sqrt(12 * lam1 + 1), np.sqrt(12 * lam2 + 1)
    fill = areas / np.maximum(side1 * side2 * px_area, px_area)
    uniform = np.sqrt(np.maximum(mean_of(v * v) - mean_of(v) ** 2, 0))
    elong = np.sqrt(lam1 / lam2)
    score = np.clip((fill - 0.55) / 0.3, 0, 1) * np.clip(1.2 - uniform / 0.35, 0, 1)
    score[~sized | (elong > 6)] = 0.0
    return float(score.max())


def _ref_site_evidence(log_img, valid, seg, width, res, radius):
    """Evidence around end 0 and end 1 of ``seg`` = (r0, c0, r1, c1), one end at a time."""
    rows, cols = log_img.shape
    sr0, sc0, sr1, sc1 = seg
    ur, uc = sr1 - sr0, sc1 - sc0
    length_px = max(math.hypot(ur, uc), 1e-6)
    ur, uc = ur / length_px, uc / length_px
    rad = radius / res
    out = []
    for er, ec in ((sr0, sc0), (sr1, sc1)):
        r_lo, r_hi = int(max(0, er - rad)), int(min(rows, er + rad + 1))
        c_lo, c_hi = int(max(0, ec - rad)), int(min(cols, ec + rad + 1))
        local = log_img[r_lo:r_hi, c_lo:c_hi]
        lv = valid[r_lo:r_hi, c_lo:c_hi] > 0.5
        gr, gc = np.mgrid[r_lo:r_hi, c_lo:c_hi]
        dist = np.hypot(gr - er, gc - ec) * res
        along = (gr - sr0) * ur + (gc - sc0) * uc
        across = np.abs(-(gr - sr0) * uc + (gc - sc0) * ur) * res
        on_shadow = (across < max(2.5, width)) & (along > -2.0 / res) & (along < length_px + 2.0 / res)
        disk = (dist <= 3.0) & lv
        ring = (dist > 5.0) & (dist <= radius) & lv & ~on_shadow
        if disk.sum() < 4 or ring.sum() < 20:
            out.append((0.0, 0.0, 0.0, 0.0, 0.0))
            continue
        gy, gx = np.gradient(local)
        grad = np.hypot(gy, gx)
        base = math.log((float(np.mean(grad[disk])) + 1e-3) / (_ref_median(grad[ring]) + 1e-3))
        keep = lv & ~on_shadow & (dist <= radius)
        panels = _ref_blob_scores(local, keep, res, bright=False)
        shelter = _ref_blob_scores(local, keep, res, bright=True)
        spot = ndi.uniform_filter(local, max(1, round(1.0 / res)), mode="nearest")
        bright = float(spot[disk].max() - _ref_median(local[ring]))
        near_ring = (dist > 3.0) & (dist <= 10.0) & lv & ~on_shadow
        far_ring = ring & (dist > 10.0)
        open_ = float(np.median(local[near_ring]) - np.median(local[far_ring])) \
            if near_ring.sum() >= 10 and far_ring.sum() >= 10 else 0.0
        out.append((base, panels, shelter, bright, open_))
    return out


# -- behaviour --------------------------------------------------------------------------------
def test_flat_ground_gives_nothing():
    img = _ground()
    out = site.site_evidence_batch(img, None, _line(60, 60, 60, 160), [1.0], RES, RADIUS)
    assert out.shape == (1, 2, 5)
    assert np.all(out[..., PANELS] == 0) and np.all(out[..., SHELTER] == 0)
    assert np.all(np.abs(out[..., BASE]) < 0.35)
    assert np.all(np.abs(out[..., BRIGHT]) < 0.1)
    assert np.all(np.abs(out[..., OPEN]) < 0.02)


def test_dark_panel_array_near_one_end():
    img = _ground(seed=1)
    # a 2 x 4 m array of solar panels (4 x 8 px), 6 m to the side of end 0
    img[68:72, 56:64] = 6.0
    out = site.site_evidence_batch(img, None, _line(60, 60, 60, 160), [1.0], RES, RADIUS)
    assert out[0, 0, PANELS] > 0.5
    assert out[0, 1, PANELS] == 0.0
    assert out[0, 0, SHELTER] == 0.0


def test_bright_shelter_roof_near_one_end():
    img = _ground(seed=2)
    # a 3 x 4 m equipment shelter (6 x 8 px), bright roof, 7 m from end 1
    img[44:50, 156:164] = 7.6
    out = site.site_evidence_batch(img, None, _line(60, 60, 60, 160), [1.0], RES, RADIUS)
    assert out[0, 1, SHELTER] > 0.5
    assert out[0, 0, SHELTER] == 0.0
    assert out[0, 1, PANELS] == 0.0


def test_shadow_footprint_is_left_out():
    img = _ground(seed=3)
    # the shadow itself (dark, 1 m wide) is no panel array, however dark
    img[59:61, 60:161] = 5.5
    out = site.site_evidence_batch(img, None, _line(60, 60, 60, 160), [1.0], RES, RADIUS)
    assert np.all(out[..., PANELS] == 0)


def test_bright_spot_at_the_base():
    img = _ground(seed=4)
    img[99:102, 39:42] = 8.0
    out = site.site_evidence_batch(img, None, _line(100, 40, 100, 200), [1.0], RES, RADIUS)
    assert out[0, 0, BRIGHT] > 0.8
    assert abs(out[0, 1, BRIGHT]) < 0.1


def test_cleared_ground_around_the_base():
    img = _ground(seed=5)
    yy, xx = np.mgrid[:200, :240]
    d = np.hypot(yy - 100, xx - 40) * RES
    img[(d > 3) & (d <= 10)] += 0.5  # bright gravel pad, darker vegetation beyond
    out = site.site_evidence_batch(img, None, _line(100, 40, 100, 200), [1.0], RES, RADIUS)
    assert out[0, 0, OPEN] == pytest.approx(0.5, abs=0.05)
    assert abs(out[0, 1, OPEN]) < 0.05


def test_end_at_the_window_border():
    img = _ground(seed=6)
    rows, cols = img.shape
    segs = np.array([[0.0, 0.0, 50.0, 50.0],  # end 0 on the corner
                     [rows - 1.0, cols - 1.0, rows - 60.0, cols - 60.0],  # end 0 on the far corner
                     [-3.0, 100.0, 60.0, 100.0],  # end 0 just outside
                     [-100.0, -100.0, 50.0, 50.0]])  # end 0 far outside: its disc misses the window
    out = site.site_evidence_batch(img, None, segs, [1.0] * 4, RES, RADIUS)
    assert np.all(np.isfinite(out))
    assert np.any(out[0, 0] != 0) and np.any(out[1, 0] != 0) and np.any(out[2, 0] != 0)
    assert np.all(out[3, 0] == 0)
    assert np.all(np.abs(out[:3, 0, BASE]) < 1.0)


def test_too_little_data_gives_zeros():
    img = _ground(seed=7)
    valid = np.ones(img.shape, np.float32)
    valid[:, :90] = 0  # nodata around end 0
    out = site.site_evidence_batch(img, valid, _line(60, 40, 60, 160), [1.0], RES, RADIUS)
    assert np.all(out[0, 0] == 0)
    assert np.any(out[0, 1] != 0)


def test_no_lines():
    out = site.site_evidence_batch(_ground(), None, np.zeros((0, 4)), np.zeros(0), RES, RADIUS)
    assert out.shape == (0, 2, 5)


def test_chunks_and_valid_forms_do_not_change_values():
    img = _textured(160, 200, 8)
    rng = np.random.default_rng(8)
    segs = np.column_stack([rng.uniform(0, 160, 40), rng.uniform(0, 200, 40),
                            rng.uniform(0, 160, 40), rng.uniform(0, 200, 40)])
    widths = rng.uniform(0.5, 4, 40)
    ref = site.site_evidence_batch(img, None, segs, widths, RES, RADIUS)
    assert np.array_equal(ref, site.site_evidence_batch(img, None, segs, widths, RES, RADIUS, chunk=7))
    assert np.array_equal(ref, site.site_evidence_batch(img, np.ones(img.shape, bool), segs, widths, RES, RADIUS))
    assert np.array_equal(ref, site.site_evidence_batch(img.astype(np.float64), None, segs, widths, RES, RADIUS))


# -- exact helpers ----------------------------------------------------------------------------
def test_medians_are_exact():
    rng = np.random.default_rng(10)
    npatch, length, n_codes = 30, 500, 5
    vals = np.stack([np.round(rng.normal(0, 1, (npatch, length)) * 16) / 16,  # signed, many ties
                     np.abs(rng.standard_cauchy((npatch, length))) * 1e-3]).astype(np.float32)  # wide range
    vals[1, :, ::7] = 0.0
    code = rng.integers(0, n_codes, (npatch, length)).astype(np.uint8)
    code[3] = n_codes - 1  # a patch with nothing in any set
    code[4, 1:] = n_codes - 1  # a single value
    code[5, 2:] = n_codes - 1  # two values
    zone_sets = np.array([[0, 3], [2, 3], [1, 2], [3, 3], [1, 0]])
    wanted = np.ones((2, len(zone_sets)), bool)
    med, cnt = site._medians(vals, code, n_codes, zone_sets, (True, False), wanted)
    for g in range(2):
        for p in range(npatch):
            for t, (a, b) in enumerate(zone_sets):
                sel = vals[g, p][(code[p] >= a) & (code[p] <= b)]
                assert cnt[g * npatch + p, t] == len(sel)
                got = med[g * npatch + p, t]
                if len(sel) == 0:
                    assert np.isnan(got)
                else:
                    assert got == _ref_median(sel)


def test_components_are_ndimage_labels():
    rng = np.random.default_rng(11)
    for frac in (0.1, 0.3, 0.5, 0.7):
        mask = rng.random((120, 90)) < frac
        mask[:, 0] = False
        start, length, comp, n = site._components(mask)
        labels, n_ref = ndi.label(mask)
        assert n == n_ref
        pos = np.repeat(start, length) + np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
        assert np.array_equal(pos, np.flatnonzero(mask))
        pairs = np.unique(np.stack([np.repeat(comp, length), labels.ravel()[pos]]), axis=1)
        assert pairs.shape[1] == n  # one to one


# -- against the reference -------------------------------------------------------------------
@pytest.mark.parametrize(("res", "radius", "seed"), [(0.5, 18.0, 20), (0.3, 18.0, 21), (1.0, 12.0, 22),
                                                      (0.5, 8.0, 23)])
def test_same_numbers_as_the_per_line_reference(res, radius, seed):
    rows, cols = 220, 260
    img = _textured(rows, cols, seed)
    rng = np.random.default_rng(seed)
    valid = np.ones((rows, cols), np.float32)
    valid[rng.integers(0, rows - 30):, :25] = 0  # nodata in a corner
    segs = []
    for k in range(200):
        r0, c0 = rng.uniform(-3, rows + 3), rng.uniform(-3, cols + 3)
        if k % 10 == 0:
            r0, c0 = float(round(r0)), float(round(c0))  # ends on pixel centres: ties on the disc edges
        for _ in range(100):
            ang = rng.choice([0.0, math.pi / 2, math.pi, 1.5 * math.pi]) if k % 7 == 0 else rng.uniform(0, 2 * math.pi)
            length = rng.uniform(10, 80) / res
            r1, c1 = r0 + length * math.cos(ang), c0 + length * math.sin(ang)
            if -3 <= r1 <= rows + 3 and -3 <= c1 <= cols + 3:
                break
        segs.append((r0, c0, r1, c1))
    segs = np.array(segs)
    widths = rng.uniform(0.5, 4.0, len(segs))
    want = np.array([_ref_site_evidence(img, valid, s, float(w), res, radius) for s, w in zip(segs, widths)])
    got = site.site_evidence_batch(img, valid, segs, widths, res, radius)
    assert np.abs(got - want).max() <= 1e-6  # float32 rounding at most
    # the cases were exercised
    assert np.mean(want[..., PANELS] > 0) > 0.05 and np.mean(want[..., SHELTER] > 0) > 0.05
    assert np.any(np.all(want == 0, axis=2))
