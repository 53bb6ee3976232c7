"""Stage 2 of the mast detector: every proposed line verified as a shadow, all lines at once.

Each line is sampled on a strip at full resolution (along its axis, from 8 m before one end to
8 m past the other, and 7 m either side). The strip is re-centred on the darkness, the ends are
re-cut at the longest dark run, and the shadow evidence is measured: contrast, continuity, free
ends, straightness, width, taper, darkness of each quarter, widening at the tip, ground level.

Lines of similar length are processed together as one padded array (lines × samples along ×
samples across), so the work is a few large numpy/scipy operations per group, not a few
hundred small ones per line: the cost no longer depends on the interpreter, and two windows
verified on two threads run in parallel. Medians over the part of the strip that belongs to
each line are exact (sort with the rest set to +inf, take the middle by count).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage as ndi

#: Lines verified together (bounded memory: lines × samples × 29 floats per group).
GROUP = 96

#: Lines whose shadow is less distinct than this from the texture of the ground beside it
#: (contrast over the robust spread of the flanks) are dropped before the site search.
MIN_SNR = 0.9


@dataclass
class _Strip:
    """Strips of a group of lines: sample positions and the profiles measured on them."""

    t: np.ndarray       # (T,) along-axis sample positions, shared (pixels from end 0)
    s: np.ndarray       # (S,) across-axis sample positions (pixels)
    rr: np.ndarray      # (N, T, S) rows of the samples
    cc: np.ndarray      # (N, T, S) cols of the samples
    have: np.ndarray    # (N, T) the sample row belongs to the line's strip
    strip: np.ndarray   # (N, T, S) smoothed log-brightness
    ref: np.ndarray     # (N, T) darker flank level
    prof: np.ndarray    # (N, T, S) darkness against the darker flank


def masked_median(values: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Median over the last axis of the elements where ``mask`` holds: (median, count).

    The same value as ``np.median(values[i][mask[i]])`` for every row (nan where the count is 0).
    """
    # only the span of the last axis that some row uses is sorted (a strip's ends, a quarter)
    used = np.flatnonzero(mask.reshape(-1, mask.shape[-1]).any(axis=0))
    if used.size:
        values, mask = values[..., used[0]:used[-1] + 1], mask[..., used[0]:used[-1] + 1]
    v = np.where(mask, values, np.inf).astype(values.dtype, copy=False)
    v.sort(axis=-1)
    n = mask.sum(axis=-1)
    lo = np.take_along_axis(v, np.maximum((n - 1) // 2, 0)[..., None], axis=-1)[..., 0]
    hi = np.take_along_axis(v, np.maximum(n // 2, 0)[..., None], axis=-1)[..., 0]
    med = (lo + hi) / values.dtype.type(2)
    return np.where(n > 0, med, np.nan), n


def _flat_median(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Median over all the axes after the first (per line) where ``mask`` holds."""
    n = values.shape[0]
    return masked_median(values.reshape(n, -1), mask.reshape(n, -1))[0]


def _strips(smooth: np.ndarray, r0, c0, ur, uc, length_px, res: float) -> _Strip:
    """Strips along lines starting at (r0, c0) with unit direction (ur, uc), ``length_px`` long."""
    margin = 8.0 / res
    half_w = 7.0 / res
    n_t = np.ceil(length_px + 2 * margin + 1.0).astype(int)  # len(np.arange(-margin, length + margin + 1))
    t = -margin + np.arange(int(n_t.max()), dtype=float)
    s = np.arange(-half_w, half_w + 1.0, 1.0)
    have = np.arange(t.size)[None, :] < n_t[:, None]
    tt = t[None, :, None]
    ss = s[None, None, :]
    rr = r0[:, None, None] + tt * ur[:, None, None] - ss * uc[:, None, None]
    cc = c0[:, None, None] + tt * uc[:, None, None] + ss * ur[:, None, None]
    strip = ndi.map_coordinates(smooth, [rr, cc], order=1)
    return _Strip(t, s, rr, cc, have, strip, np.empty(0), np.empty(0))


def _profile(st: _Strip, res: float) -> None:
    flank_in, flank_out = max(2.5, 2.6 / res), max(4.0, 6.0 / res)
    left = (st.s <= -flank_in) & (st.s >= -flank_out)
    right = (st.s >= flank_in) & (st.s <= flank_out)
    fl = np.median(st.strip[:, :, left], axis=2)
    fr = np.median(st.strip[:, :, right], axis=2)
    st.ref = np.minimum(fl, fr)
    st.prof = st.ref[:, :, None] - st.strip


def _inside_edges(st: _Strip, rows: int, cols: int) -> np.ndarray:
    """Lines whose strip lies inside the window (others touch its edge).

    A strip is a rectangle of samples (an affine grid): its four corner samples are its extremes.
    """
    i = np.arange(st.have.shape[0])
    last = st.have.sum(axis=1) - 1

    def corners(a: np.ndarray) -> np.ndarray:
        return np.stack([a[i, 0, 0], a[i, 0, -1], a[i, last, 0], a[i, last, -1]], axis=1)

    rr, cc = corners(st.rr), corners(st.cc)
    return ((rr.min(axis=1) >= 0) & (cc.min(axis=1) >= 0)
            & (rr.max(axis=1) <= rows - 1) & (cc.max(axis=1) <= cols - 1))


def _longest_runs(flags: np.ndarray, inside: np.ndarray, max_gap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row, the run of True in ``flags`` (gaps of up to ``max_gap`` samples closed) that
    overlaps the row's ``inside`` span most, the longest on a tie, the first on a tie again.

    Returns (found, first sample, last sample); ``found`` is False for rows without a run or
    without an inside span.
    """
    n, t = flags.shape
    found = np.zeros(n, bool)
    lo = np.zeros(n, np.intp)
    hi = np.zeros(n, np.intp)
    row, col = np.nonzero(flags)  # row-major: sorted by row, then sample
    if row.size == 0:
        return found, lo, hi
    new = np.ones(row.size, bool)
    new[1:] = (row[1:] != row[:-1]) | (col[1:] - col[:-1] > max_gap + 1)
    start = np.flatnonzero(new)
    end = np.append(start[1:], row.size) - 1
    run_row, run_lo, run_hi = row[start], col[start], col[end]
    has_inside = inside.any(axis=1)
    a = np.argmax(inside, axis=1)
    b = t - 1 - np.argmax(inside[:, ::-1], axis=1)
    overlap = np.minimum(run_hi, b[run_row]) - np.maximum(run_lo, a[run_row])
    key = overlap * (t + 1) + (run_hi - run_lo)  # lexicographic (overlap, length)
    order = np.lexsort((np.arange(start.size), -key, run_row))
    first = order[np.flatnonzero(np.r_[True, run_row[order][1:] != run_row[order][:-1]])]
    rows_with = run_row[first]
    found[rows_with] = has_inside[rows_with]
    lo[rows_with], hi[rows_with] = run_lo[first], run_hi[first]
    return found, lo, hi


def _widths(prof: np.ndarray, sel: np.ndarray, core: np.ndarray, res: float) -> np.ndarray:
    """Width (m) at half the peak of the median cross-profile over the samples ``sel`` (N, T)."""
    n, _t, s = prof.shape
    pm = masked_median(np.moveaxis(prof, 1, 2), np.broadcast_to(sel[:, None, :], (n, s, sel.shape[1])))[0]
    peak = np.where(core[None, :], pm, -np.inf).max(axis=1)
    centre = np.argmax(np.where(core[None, :], pm, -np.inf), axis=1)
    above = pm >= 0.5 * peak[:, None]
    idx = np.arange(s)[None, :]
    gap_left = np.where(~above & (idx < centre[:, None]), idx, -1).max(axis=1)
    gap_right = np.where(~above & (idx > centre[:, None]), idx, s).min(axis=1)
    width = (gap_right - 1 - (gap_left + 1) + 1) * res
    return np.where(sel.any(axis=1) & (peak > 0), width, 0.0)


def verify_lines(smooth: np.ndarray, valid: np.ndarray, lines: np.ndarray, res: float, params,
                 window_level: float = 0.0, all_valid: bool = False):
    """Shadow evidence of lines ``(N, 4)`` = (r0, c0, r1, c1) in pixels of ``smooth``.

    Returns ``(ok, ends, feats)``: which lines are shadows, their refined ends ``(N, 4)`` and
    the feature vectors ``(N, 2, n_features)`` for base = end 0 and base = end 1 (site and
    context columns left at 0). ``smooth`` is the smoothed log-brightness of the window,
    ``valid`` its imagery mask as floats.
    """
    from .mast import N_FEATURES

    n = len(lines)
    ok = np.zeros(n, bool)
    ends = np.array(lines, dtype=float).reshape(-1, 4)
    feats = np.zeros((n, 2, N_FEATURES))
    if n == 0:
        return ok, ends, feats
    length = np.hypot(ends[:, 2] - ends[:, 0], ends[:, 3] - ends[:, 1])
    order = np.argsort(length, kind="stable")
    for lo in range(0, n, GROUP):
        idx = order[lo:lo + GROUP]
        idx = idx[length[idx] >= 1]
        if idx.size:
            g_ok, g_ends, g_feats = _verify_group(smooth, valid, ends[idx], res, params, window_level, all_valid)
            ok[idx], ends[idx], feats[idx] = g_ok, g_ends, g_feats
    return ok, ends, feats


def _verify_group(smooth, valid, lines, res, params, window_level, all_valid):
    from .mast import N_FEATURES

    rows, cols = smooth.shape
    n = len(lines)
    r0, c0 = lines[:, 0].copy(), lines[:, 1].copy()
    ur, uc = lines[:, 2] - r0, lines[:, 3] - c0
    length_px = np.hypot(ur, uc)
    ur, uc = ur / length_px, uc / length_px
    core_w = max(1.0, 0.7 / res)
    thr = params.ridge_threshold
    ok = np.ones(n, bool)
    out_ends = lines.copy()
    feats = np.zeros((n, 2, N_FEATURES))

    # -- attempt 0: re-centre the axis on the darkness, re-cut the ends at the longest dark run
    st = _strips(smooth, r0, c0, ur, uc, length_px, res)
    ok &= _inside_edges(st, rows, cols)
    _profile(st, res)
    t, s = st.t, st.s
    near = np.abs(s) <= max(2.0, 2.0 / res)
    inside = (t[None, :] >= 0) & (t[None, :] <= length_px[:, None]) & st.have
    prof_near = st.prof[:, :, near]
    best = s[near][np.argmax(prof_near, axis=2)]
    strong = inside & (prof_near.max(axis=2) > thr)
    cnt = strong.sum(axis=1)
    ok &= cnt >= 5
    # least-squares line best ~ icpt + slope t over the strong samples
    w = strong.astype(float)
    sw = np.maximum(cnt, 1).astype(float)
    st_, sb = (w * t).sum(axis=1), (w * best).sum(axis=1)
    stt, stb = (w * t * t).sum(axis=1), (w * t * best).sum(axis=1)
    den = sw * stt - st_ * st_
    slope = np.where(den > 0, (sw * stb - st_ * sb) / np.where(den > 0, den, 1.0), 0.0)
    icpt = (sb - slope * st_) / sw
    nr0, nc0 = r0 - icpt * uc, c0 + icpt * ur
    nr1 = r0 + length_px * ur - (icpt + slope * length_px) * uc
    nc1 = c0 + length_px * uc + (icpt + slope * length_px) * ur
    r0, c0 = nr0, nc0
    ur, uc = nr1 - nr0, nc1 - nc0
    length_px = np.hypot(ur, uc)
    ur, uc = ur / length_px, uc / length_px
    core = np.abs(s) <= core_w
    dark0 = st.prof[:, :, core].max(axis=2)
    med0 = masked_median(dark0, inside)[0]
    level = np.maximum(thr, 0.4 * np.nan_to_num(med0))
    flags = (dark0 > level[:, None]) & st.have
    found, lo, hi = _longest_runs(flags & ok[:, None], inside, int(8.0 / res))
    ok &= found
    t_lo, t_hi = np.where(ok, t[lo], 0.0), np.where(ok, t[hi], 0.0)
    span = (t_hi - t_lo) * res
    ok &= (span >= params.min_shadow_m) & (span <= params.max_shadow_m * 1.2)
    if not ok.any():
        return ok, out_ends, feats
    r0, c0 = r0 + t_lo * ur, c0 + t_lo * uc
    length_px = t_hi - t_lo

    # -- attempt 1: the measured strip on the refined axis, kept lines only
    keep = np.flatnonzero(ok)
    r0, c0, ur, uc, length_px = r0[keep], c0[keep], ur[keep], uc[keep], length_px[keep]
    st = _strips(smooth, r0, c0, ur, uc, length_px, res)
    _profile(st, res)
    m = keep.size
    good = _inside_edges(st, rows, cols)
    t, s, have, prof, strip = st.t, st.s, st.have, st.prof, st.strip
    lt = length_px[:, None]
    tb = t[None, :]
    inside = (tb >= 0) & (tb <= lt) & have
    if not all_valid:
        vs = ndi.map_coordinates(valid, [st.rr, st.cc], order=0) > 0.5
        hv = np.broadcast_to(have[:, :, None], vs.shape)
        good &= (vs & hv).sum(axis=(1, 2)) / np.maximum(hv.sum(axis=(1, 2)), 1) >= 0.98
    dark = prof[:, :, core].max(axis=2)
    interior = (tb >= 0.1 * lt) & (tb <= 0.9 * lt) & have
    good &= interior.sum(axis=1) >= 3
    contrast = masked_median(dark, interior)[0]
    contrast = np.nan_to_num(contrast, nan=-1.0)
    good &= contrast >= thr
    n_inside = np.maximum(inside.sum(axis=1), 1)
    continuity = ((dark > 0.5 * contrast[:, None]) & inside).sum(axis=1) / n_inside
    good &= continuity >= 0.4
    before = (tb < -1.5 / res) & (tb >= -6.0 / res) & have
    after = (tb > lt + 1.5 / res) & (tb <= lt + 6.0 / res) & have
    dpos = np.clip(dark, 0, None)
    out0 = (dpos * before).sum(axis=1) / np.maximum(before.sum(axis=1), 1)
    out1 = (dpos * after).sum(axis=1) / np.maximum(after.sum(axis=1), 1)
    free_end = np.clip(1.0 - np.minimum(out0, out1) / np.maximum(contrast, 1e-6), 0, 1)
    best = s[near][np.argmax(prof[:, :, near], axis=2)]
    n_int = np.maximum(interior.sum(axis=1), 1)
    mean_b = (best * interior).sum(axis=1) / n_int
    straight = np.sqrt(np.maximum(((best - mean_b[:, None]) ** 2 * interior).sum(axis=1) / n_int, 0)) * res
    flank_in, flank_out = max(2.5, 2.6 / res), max(4.0, 6.0 / res)
    flanks = ((s <= -flank_in) & (s >= -flank_out)) | ((s >= flank_in) & (s <= flank_out))
    fv = strip[:, :, flanks]
    dev = np.abs(fv - np.median(fv, axis=2, keepdims=True))
    noise = _flat_median(dev, np.broadcast_to(inside[:, :, None], dev.shape))
    snr = contrast / (1.4826 * np.nan_to_num(noise) + 0.02)
    good &= snr >= MIN_SNR
    ground = masked_median(st.ref, inside)[0]
    full = np.broadcast_to(have[:, :, None], strip.shape)
    beyond0 = (tb < -2.0 / res) & (tb >= -8.0 / res)
    beyond1 = (tb > lt + 2.0 / res) & (tb <= lt + 8.0 / res)
    b0 = _flat_median(strip, full & beyond0[:, :, None])
    b1 = _flat_median(strip, full & beyond1[:, :, None])
    clutter0 = np.where(np.isnan(b0), 0.0, np.maximum(0.0, ground - b0))
    clutter1 = np.where(np.isnan(b1), 0.0, np.maximum(0.0, ground - b1))

    def width(lo_frac=None, hi_frac=None):
        sel = have.copy()
        if lo_frac is not None:
            sel &= tb >= lo_frac * lt
        if hi_frac is not None:
            sel &= tb <= hi_frac * lt
        return _widths(prof, sel, core, res)

    w0, w1 = width(0.05, 0.4), width(0.6, 0.95)
    w_mid, w_tip = width(0.6, 0.85), width(0.9, None)
    w_mid0, w_base = width(0.15, 0.4), width(None, 0.1)
    width_m = 0.5 * (w0 + w1)
    taper0 = np.log((w0 + 0.2) / (w1 + 0.2))
    widen1 = np.log((w_tip + 0.2) / (w_mid + 0.2))
    widen0 = np.log((w_base + 0.2) / (w_mid0 + 0.2))
    quarters = []
    for q in range(4):
        sel = (tb >= q * 0.25 * lt) & (tb <= (q + 1) * 0.25 * lt) & have
        med_q = masked_median(dark, sel)[0]
        quarters.append(np.where(sel.any(axis=1), np.nan_to_num(med_q) / np.maximum(contrast, 1e-6), 0.0))
    quarters = np.stack(quarters, axis=1)
    ground_level = ground - window_level
    length_m = length_px * res

    f = np.zeros((m, 2, N_FEATURES))
    shape = np.stack([contrast, continuity, length_m, free_end, straight, width_m], axis=1)
    f[:, :, 0:6] = shape[:, None, :]
    f[:, 0, 6], f[:, 1, 6] = taper0, -taper0
    f[:, :, 12] = snr[:, None]
    f[:, 0, 13], f[:, 1, 13] = clutter1, clutter0
    f[:, 0, 15:19], f[:, 1, 15:19] = quarters, quarters[:, ::-1]
    f[:, 0, 19], f[:, 1, 19] = widen1, widen0
    f[:, :, 20] = ground_level[:, None]
    ok[keep] = good
    feats[keep] = f
    out_ends[keep] = np.stack([r0, c0, r0 + length_px * ur, c0 + length_px * uc], axis=1)
    return ok, out_ends, feats
