"""Evidence of a mast site around both ends of many verified shadows at once.

Around every end of every shadow line, a disc of ``site_radius_m`` is examined: the texture at
the base against the ring around it (``base``), dark and bright compact rectangular blobs
(``panels``, ``shelter``), the brightest spot at the base against the ring (``bright``) and the
ground near the base against the ground farther out (``open``). The numbers are those of a
straightforward per-line measurement (kept in ``tests/unit/test_detect_site.py`` as the
reference), the same to the last bit except the mean texture at the base (summed in float64:
within float32 rounding).

One patch per end (``(2R+1)²`` pixels, clipped at the window border like a slice of the window)
goes into a stack, and the stack is measured in chunks, so that the cost is a few dozen large
numpy / scipy calls per chunk (most of them release the GIL) instead of hundreds of small calls
per line:

* the geometry (distance zones around the end, the shadow's own footprint) as runs of columns
  per row, solved for and, where a run ends within rounding of a column, settled by the
  original floating-point expression;
* medians from per-patch histograms of order-preserving integer keys of the float32 values,
  then one sort of the few values in the one or two bins that hold each middle;
* the blobs of all patches (dark and bright) as the 4-connected components of one mask, found
  from its horizontal runs (``csgraph.connected_components``), measured by per-blob sums that
  add the pixels in the original order;
* the gradient and the 1 m mean as ``np.gradient`` / ``ndimage.uniform_filter`` see the clipped
  patch.

Where scipy changes its arithmetic (the running sums of the uniform filter) the values differ
by float32 rounding.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import ndimage as ndi
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

#: The five values per end, in order.
SITE_VALUES = ("base", "panels", "shelter", "bright", "open")

# distances (m) that split the disc around an end: the base disc, the inner edge of the ring,
# near / far ground (the site radius is the outer edge)
_DISK_M, _RING_IN_M, _NEAR_M = 3.0, 5.0, 10.0

_HIST_BITS = 9  # histogram bins per patch and zone: 512
_OCTAVES = 12  # values below max / 2**12 of a patch share its lowest bin (exact all the same)
_TIE = 1e-4  # a run end solved for this close to a column is settled by the exact expression


# -- exact arithmetic helpers -------------------------------------------------------------------
def _medians(vals: np.ndarray, code: np.ndarray, n_codes: int, zone_sets: np.ndarray, signed: tuple[bool, ...],
             wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Median of every row of ``vals`` over the pixels whose zone is in each set, as ``_median``
    / ``np.median`` give it (the float32 sum of the two middle values, halved), and the counts.

    ``vals`` (G, P, L) float32: G groups of rows (``signed[g]``: the group may hold negative
    values) sharing the zones ``code`` (P, L) uint8 (``n_codes - 1``: the pixels in no set);
    ``zone_sets`` (T, 2): first and last zone of each set (first > last: none); ``wanted``
    (G, T) bool: the medians needed. Returns (G * P, T) float64 medians (NaN for an empty set or
    one not wanted) and (G * P, T) counts.

    Every value gets a bin of a per-row histogram that is monotone in the value (bins of an
    order-preserving integer key; the values far below the row's maximum share the lowest bin),
    the histograms of the sets give the bin of each middle value and its rank in it, and only
    the pixels of those bins are sorted.
    """
    groups, npatch, length = vals.shape
    nq = groups * npatch
    nb = 1 << _HIST_BITS
    # float32 -> int32 keys in the same order (non-negative floats: the bits themselves)
    u = vals.view(np.int32).reshape(nq, length)
    if any(signed):
        u = u.copy()
        for g in np.nonzero(signed)[0].tolist():
            part = u[g * npatch:(g + 1) * npatch]
            part ^= (part >> 31) & np.int32(0x7FFFFFFF)
    umin = u.min(axis=1).astype(np.int64)
    umax = u.max(axis=1).astype(np.int64)
    lo = np.maximum(umin, umax - (_OCTAVES << 23))
    span = umax - lo  # < 2**27
    b = u - lo.astype(np.int32)[:, None]
    if (lo > umin).any():
        np.maximum(b, 0, out=b)
    b3 = b.reshape(groups, npatch, length)
    # key: (zone * Q + row) << bits | bin
    base = code.astype(np.int32) * np.int32(nq * nb)
    base += (np.arange(npatch, dtype=np.int32) * nb)[:, None]
    for g in range(groups):
        shift = 0
        while (int(span[g * npatch:(g + 1) * npatch].max()) >> shift) >= nb:
            shift += 1
        b3[g] >>= shift
        b3[g] += base
        if g:
            b3[g] += np.int32(g * npatch * nb)
    key = b.ravel().astype(np.intp)
    del b, b3
    hist = np.bincount(key, minlength=n_codes * nq * nb).reshape(n_codes, nq, nb)
    # histograms of the sets (runs of consecutive zones), from sums over the zones
    first, last = zone_sets[:, 0], zone_sets[:, 1]
    cum = np.empty((len(zone_sets), nq, nb), hist.dtype)
    for t, (a, b) in enumerate(zone_sets.tolist()):
        if a > b:  # an empty set
            cum[t] = 0
            continue
        np.copyto(cum[t], hist[a])
        for z in range(a + 1, b + 1):
            cum[t] += hist[z]
    np.cumsum(cum, axis=2, out=cum)
    cum = cum.transpose(1, 0, 2)  # (Q, T, nb)
    n = cum[:, :, -1]
    k_lo, k_hi = np.maximum(n - 1, 0) // 2, n // 2
    b_lo = np.minimum((cum <= k_lo[:, :, None]).sum(axis=2), nb - 1)
    b_hi = np.minimum((cum <= k_hi[:, :, None]).sum(axis=2), nb - 1)
    below = np.take_along_axis(cum, np.maximum(b_lo - 1, 0)[:, :, None], 2)[:, :, 0]
    below[b_lo == 0] = 0
    # the (row, zone, bin) cells that hold a middle value of some set; their pixels, sorted
    pair_t = np.concatenate([np.full(max(b - a + 1, 0), t) for t, (a, b) in enumerate(zone_sets)])
    pair_z = np.concatenate([np.arange(a, b + 1) for a, b in zone_sets])
    rows = (pair_z[None, :] * nq + np.arange(nq)[:, None]) << _HIST_BITS
    want = np.repeat(np.asarray(wanted, bool), npatch, axis=0)  # (Q, T)
    use = want[:, pair_t]
    need = np.zeros(nq * n_codes * nb, bool)
    need[(rows | b_lo[:, pair_t])[use]] = True
    need[(rows | b_hi[:, pair_t])[use]] = True
    cand = np.flatnonzero(need.take(key))
    cq = cand // length
    ck = key[cand]
    cz = (ck >> _HIST_BITS) // nq
    cb = ck & (nb - 1)
    in_set = (cz[:, None] >= first) & (cz[:, None] <= last) & want[cq]
    in_set &= (cb[:, None] == b_lo[cq]) | (cb[:, None] == b_hi[cq])
    si, st = np.nonzero(in_set)
    # sort by (set and row, value) in one int64 sort: group << 32 | the value's ordered key
    comb = (st * nq + cq[si]).astype(np.int64) << 32
    comb |= u.ravel()[cand[si]].astype(np.int64) + (1 << 31)
    comb.sort()
    g = comb >> 32
    keys = ((comb & 0xFFFFFFFF) - (1 << 31)).astype(np.int32)
    if any(signed):  # the order-preserving transform is its own inverse
        back = np.repeat(np.asarray(signed, bool), npatch)[g % nq]
        keys[back] ^= (keys[back] >> 31) & np.int32(0x7FFFFFFF)
    v = keys.view(np.float32)
    start = np.searchsorted(g, np.arange(len(zone_sets) * nq)).reshape(len(zone_sets), nq).T  # (Q, T)
    if len(v) == 0:
        v = np.zeros(1, np.float32)
    lo_v = v[np.minimum(start + k_lo - below, len(v) - 1)]
    hi_v = v[np.minimum(start + k_hi - below, len(v) - 1)]
    med = np.where(n % 2 == 1, lo_v.astype(np.float64), (lo_v + hi_v).astype(np.float64) / 2)
    return np.where((n > 0) & want, med, np.nan), n


# -- geometry -----------------------------------------------------------------------------------
def _run_ends(v_lo: np.ndarray, v_hi: np.ndarray, inside) -> tuple[np.ndarray, np.ndarray]:
    """First and last column of a run solved for as the real interval (v_lo, v_hi) (or closed:
    the same columns unless an end falls on a column): where an end is within ``_TIE`` of a
    column, ``inside(entries, column)`` (the exact expression) settles it."""
    lo = np.floor(v_lo) + 1
    hi = np.ceil(v_hi) - 1
    for v, end, step in ((v_lo, lo, 1), (v_hi, hi, -1)):
        near = np.rint(v)
        tie = np.nonzero(np.abs(v - near) < _TIE)
        if len(tie[0]):
            j = near[tie]
            end[tie] = np.where(inside(tie, j), j, j + step)
    return lo, hi


def _radial_runs(dr: np.ndarray, ec: np.ndarray, c_lo: np.ndarray, res: float,
                 thresholds: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """(K, P, H) first and last column where ``np.hypot(gr - er, gc - ec) * res <= T`` (the
    original expression) for every threshold T, patch and row; ``dr`` (P, H) is ``gr - er``."""
    limit = np.array(thresholds, np.float64)
    t = (limit / res)[:, None, None]
    a = np.sqrt(np.maximum(t * t - dr * dr, 0.0))
    x = (ec - c_lo)[:, None]

    def inside(tie, j):
        k, p, i = tie
        return np.hypot(dr[p, i], (c_lo[p] + j) - ec[p]) * res <= limit[k]

    return _run_ends(x - a, x + a, inside)


def _shadow_runs(gr: np.ndarray, c_lo: np.ndarray, w: np.ndarray, r0: np.ndarray, c0: np.ndarray, ur: np.ndarray,
                 uc: np.ndarray, length: np.ndarray, width: np.ndarray, res: float) -> tuple[np.ndarray, np.ndarray]:
    """(P, H) first and last column on the shadow's own footprint, as the original

    ``along = (gr - r0) * ur + (gc - c0) * uc``, ``across = |-(gr - r0) * uc + (gc - c0) * ur| * res``,
    ``on = (across < max(2.5, width)) & (along > -2 / res) & (along < length + 2 / res)``.

    Along a row both expressions are monotone in the column, so each condition holds on one run
    of columns. The rows of a line parallel to an axis up to rounding (a slope below 1e-6 but not
    0) are evaluated at every column instead."""
    cl = c_lo[:, None].astype(np.float64)
    c0_, ur_, uc_ = c0[:, None], ur[:, None], uc[:, None]
    a_along = (gr - r0[:, None]) * ur_
    a_across = -(gr - r0[:, None]) * uc_
    lo_a, hi_a = -2.0 / res, (length + 2.0 / res)[:, None]
    wd = np.maximum(2.5, width)[:, None]

    def along_in(tie, j):
        p, i = tie
        v = a_along[p, i] + ((cl[p, 0] + j) - c0[p]) * uc[p]
        return (v > lo_a) & (v < hi_a[p, 0])

    def across_in(tie, j):
        p, i = tie
        return np.abs(a_across[p, i] + ((cl[p, 0] + j) - c0[p]) * ur[p]) * res < wd[p, 0]

    edge = (w + 3.5)[:, None]
    runs = []
    for base, slope, lo_v, hi_v, inside in ((a_along, uc_, lo_a, hi_a, along_in),
                                            (a_across, ur_, -wd / res, wd / res, across_in)):
        flat = slope == 0
        safe = np.where(flat, 1.0, slope)
        e1 = (lo_v - base) / safe + (c0_ - cl)
        e2 = (hi_v - base) / safe + (c0_ - cl)
        a, b = np.clip(np.minimum(e1, e2), -3.5, edge), np.clip(np.maximum(e1, e2), -3.5, edge)
        if flat.any():  # a constant expression: the whole row or none of it
            rows = np.nonzero(np.broadcast_to(flat, base.shape))
            on = inside(rows, np.zeros(len(rows[0])))
            a[rows] = np.where(on, -3.5, edge[rows[0], 0])
            b[rows] = np.where(on, edge[rows[0], 0], -3.5)
        runs.append(_run_ends(a, b, inside))
    lo = np.maximum(runs[0][0], runs[1][0])
    hi = np.minimum(runs[0][1], runs[1][1])
    odd = np.nonzero(((np.abs(ur) < 1e-6) & (ur != 0)) | ((np.abs(uc) < 1e-6) & (uc != 0)))[0]
    for p in odd.tolist():  # exceedingly rare: every column
        gc = (c_lo[p] + np.arange(int(w[p]))).astype(np.float64)
        along = ((gr[p] - r0[p]) * ur[p])[:, None] + ((gc - c0[p]) * uc[p])[None, :]
        across = np.abs((-(gr[p] - r0[p]) * uc[p])[:, None] + ((gc - c0[p]) * ur[p])[None, :]) * res
        on = (across < max(2.5, width[p])) & (along > -2.0 / res) & (along < length[p] + 2.0 / res)
        any_on = on.any(axis=1)
        lo[p] = np.where(any_on, on.argmax(axis=1), w[p] + 1)
        hi[p] = np.where(any_on, on.shape[1] - 1 - on[:, ::-1].argmax(axis=1), -1)
    return lo, hi


def _in_runs(lo: np.ndarray, hi: np.ndarray, width: int) -> np.ndarray:
    """(..., width) bool: the column is inside the run [lo, hi] of its row (lo > hi: none)."""
    dt = np.uint8 if width < 250 else np.uint16
    lo = np.maximum(lo, 0)
    empty = lo > hi
    start = np.where(empty, width + 1, lo).astype(dt)
    extent = np.where(empty, 0, hi - lo).astype(dt)
    j = np.arange(width, dtype=dt)
    # (j - start) wraps around below the start: one unsigned comparison for both ends
    return (j - start[..., None]) <= extent[..., None]


# -- blobs --------------------------------------------------------------------------------------
def _components(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """4-connected components of a 2D mask with an empty first column, as runs: flat start and
    length of every horizontal run of the mask (raster order), its component (0-based) and the
    number of components. The same partition as ``ndimage.label``."""
    width = mask.shape[1]
    if mask[:, 0].any():
        raise ValueError("the first column of the mask must be empty")
    x = mask.ravel()
    if x[-1]:
        x = np.append(x, False)  # every run ends
    edge = np.flatnonzero(x[1:] != x[:-1])  # a run: from edge[2k] + 1 to edge[2k + 1]
    start, end = edge[0::2] + 1, edge[1::2]
    nrun = len(start)
    if nrun == 0:
        return start, end, np.zeros(0, np.intp), 0
    # runs of consecutive rows that share a column: run a (row r) touches run b (row r + 1)
    first = np.searchsorted(end + width, start, "left")
    last = np.searchsorted(start + width, end, "right") - 1
    links = np.maximum(last - first + 1, 0)
    total = int(links.sum())
    b = np.repeat(np.arange(nrun), links)
    a = np.repeat(first - (np.cumsum(links) - links), links) + np.arange(total)
    graph = coo_matrix((np.ones(total, np.int8), (a, b)), shape=(nrun, nrun))
    n, comp = connected_components(graph, directed=False)
    return start, end - start + 1, comp, n


def _blob_scores(local: np.ndarray, keep: np.ndarray, med: np.ndarray, res: float) -> tuple[np.ndarray, np.ndarray]:
    """Dark (panels) and bright (shelter) blob evidence of every patch, as ``mast._blob_scores``
    (``med``: the median of the patch over ``keep``)."""
    npatch, sh, sw = local.shape
    # a Python float threshold is compared in float32 by numpy: the same here
    t_dark = (med - 0.55).astype(np.float32)[:, None, None]
    t_bright = (med + 0.25).astype(np.float32)[:, None, None]
    # every patch, dark then bright, one below the other, each with an empty column before its
    # rows and an empty row after it (its raster order is the patch's own)
    width = sw + 1
    plane_px = (sh + 1) * width
    buf = np.zeros((2, npatch, sh + 1, width), bool)
    dark, light = buf[0, :, :sh, 1:], buf[1, :, :sh, 1:]
    np.less(local, t_dark, out=dark)
    dark &= keep
    np.greater(local, t_bright, out=light)
    light &= keep
    start, length, comp, n = _components(buf.reshape(-1, width))
    best = np.zeros(2 * npatch)
    if n == 0:
        return best[:npatch], best[npatch:]
    count = np.bincount(comp, length, minlength=n)
    plane = start // plane_px
    row = start - plane * plane_px
    col = row.copy()
    row //= width
    col -= row * width + 1
    plane_of = np.zeros(n, np.intp)
    plane_of[comp] = plane
    bright = plane_of >= npatch
    px_area = res * res
    areas = count * px_area
    sized = (areas >= np.where(bright, 4.0, 1.5)) & (areas <= np.where(bright, 45.0, 80.0)) & (count >= 4)
    if not sized.any():
        return best[:npatch], best[npatch:]
    # the pixels of blobs of the right size (per blob: the same pixels, in the same order as
    # the original's row-major scan of its patch)
    use = sized[comp]
    length, comp, row, col, plane = length[use], comp[use], row[use], col[use], plane[use]
    lab = np.repeat(comp, length)
    step = np.arange(len(lab)) - np.repeat(np.cumsum(length) - length, length)
    r_int = np.repeat(row, length)
    c_int = np.repeat(col, length) + step
    v = local.ravel().take((np.repeat(plane % npatch, length) * sh + r_int) * sw + c_int).astype(float)
    r, c = r_int.astype(float), c_int.astype(float)
    cnt = np.maximum(count, 1)

    def mean_of(x):
        return np.bincount(lab, x, minlength=n) / cnt

    mr, mc = mean_of(r), mean_of(c)
    dr, dc = r - mr[lab], c - mc[lab]
    srr, scc, src = mean_of(dr * dr), mean_of(dc * dc), mean_of(dr * dc)
    tr, det = srr + scc, srr * scc - src * src
    disc = np.sqrt(np.maximum(tr * tr / 4 - det, 0))
    lam1, lam2 = tr / 2 + disc, np.maximum(tr / 2 - disc, 1e-9)
    side1, side2 = np.sqrt(12 * lam1 + 1), np.sqrt(12 * lam2 + 1)
    fill = areas / np.maximum(side1 * side2 * px_area, px_area)
    uniform = np.sqrt(np.maximum(mean_of(v * v) - mean_of(v) ** 2, 0))
    elong = np.sqrt(lam1 / lam2)
    score = np.clip((fill - 0.55) / 0.3, 0, 1) * np.clip(1.2 - uniform / 0.35, 0, 1)
    score[~sized | (elong > 6)] = 0.0
    live = np.nonzero(sized)[0]
    np.maximum.at(best, plane_of[live], score[live])
    return best[:npatch], best[npatch:]


# -- the batch ----------------------------------------------------------------------------------
def site_evidence_batch(log_img: np.ndarray, valid: np.ndarray | None, segs: np.ndarray, widths: np.ndarray,
                        res: float, site_radius_m: float, chunk: int = 96) -> np.ndarray:
    """Site evidence around both ends of every shadow line.

    ``log_img`` (rows, cols) float32 log intensity of the window; ``valid`` the same shape,
    > 0.5 where the pixel is data (None: everywhere); ``segs`` (N, 4) the lines as ``r0, c0,
    r1, c1`` in pixel rows / columns; ``widths`` (N,) shadow width (m); ``site_radius_m`` the
    radius R searched around an end. Returns (N, 2, 5) float64: for end 0 (r0, c0) and end 1
    (r1, c1) of each line ``base, panels, shelter, bright, open`` (:data:`SITE_VALUES`), the
    values of ``mast._site_evidence``.

    All five are zero where the disc holds fewer than 4 valid pixels within 3 m of the end or
    fewer than 20 in the ring (5 m to R, off the shadow); ``open`` is zero with fewer than 10
    pixels near (3-10 m) or far (10 m to R); ``panels`` / ``shelter`` are zero without a blob of
    the right size. An end may lie outside the window (its disc is clipped like a slice of the
    window); one whose disc misses the window gets zeros (the per-line function fails there).
    ``chunk``: patches measured together (memory about chunk x 0.25 MB with 73 x 73 px patches).
    """
    log_img = np.asarray(log_img)
    if log_img.dtype != np.float32:
        log_img = log_img.astype(np.float32)
    segs = np.asarray(segs, np.float64).reshape(-1, 4)
    widths = np.asarray(widths, np.float64).reshape(-1)
    nseg = len(segs)
    out = np.zeros((nseg, 2, 5))
    if nseg == 0:
        return out
    rows, cols = log_img.shape
    if valid is not None and float(np.min(valid)) > 0.5:
        valid = None  # all data: nothing to look up
    log_signed = bool(np.min(log_img) < 0)  # negative log intensities: keys of the bit patterns need a fix
    rad = site_radius_m / res
    r0, c0, r1, c1 = segs.T
    lens = np.array([max(math.hypot(a, b), 1e-6) for a, b in zip((r1 - r0).tolist(), (c1 - c0).tolist())])
    ur, uc = (r1 - r0) / lens, (c1 - c0) / lens
    # one patch per end: index 2 * line + end
    er, ec = np.stack([r0, r1], 1).ravel(), np.stack([c0, c1], 1).ravel()
    line = np.repeat(np.arange(nseg), 2)
    with np.errstate(invalid="ignore"):
        # int(max(0, e - rad)), int(min(size, e + rad + 1)): the original's slices
        r_lo = np.nan_to_num(np.maximum(0, np.floor(er - rad))).astype(np.int64)
        r_hi = np.nan_to_num(np.trunc(np.minimum(rows, er + rad + 1))).astype(np.int64)
        c_lo = np.nan_to_num(np.maximum(0, np.floor(ec - rad))).astype(np.int64)
        c_hi = np.nan_to_num(np.trunc(np.minimum(cols, ec + rad + 1))).astype(np.int64)
    h, w = r_hi - r_lo, c_hi - c_lo
    usable = (h >= 2) & (w >= 2) & (r_hi > 0) & (c_hi > 0) & (r_lo < rows) & (c_lo < cols) \
        & np.repeat(np.isfinite(segs).all(axis=1) & np.isfinite(widths), 2)
    if not usable.any():
        return out
    sh, sw = int(h[usable].max()), int(w[usable].max())
    flat_out = out.reshape(-1, 5)
    # zones: distance within (thresholds[z - 1], thresholds[z]]; the last code: no set
    thresholds = sorted({_DISK_M, _RING_IN_M, _NEAR_M, float(site_radius_m)})
    n_codes = len(thresholds) + 1
    top = np.uint8(n_codes - 1)
    upper = np.array(thresholds)
    lower = np.array([-math.inf, *thresholds[:-1]])
    z_disk = int(np.sum(upper <= _DISK_M)) - 1  # zones 0..z_disk: the base disc
    z_keep = int(np.sum(upper <= site_radius_m)) - 1
    sets = []
    for sel in (upper <= site_radius_m,  # keep (blob median)
                (upper <= site_radius_m) & (lower >= _RING_IN_M),  # ring
                (lower >= _DISK_M) & (upper <= _NEAR_M),  # near ground
                (upper <= site_radius_m) & (lower >= _NEAR_M)):  # far ground
        z = np.nonzero(sel)[0]
        sets.append((z.min(), z.max()) if len(z) else (1, 0))  # (1, 0): no zone
    zone_sets = np.array(sets, np.int64)
    wanted = np.array([[True, True, True, True], [False, True, False, False]])  # patch: all; gradient: ring
    size = max(1, round(1.0 / res))
    ar_h, ar_w = np.arange(sh), np.arange(sw)
    todo = np.nonzero(usable)[0]
    for k0 in range(0, len(todo), chunk):
        idx = todo[k0:k0 + chunk]
        npatch = len(idx)
        rl, cl, hp, wp = r_lo[idx], c_lo[idx], h[idx], w[idx]
        # -- patches: stack row / column 0 is the patch's first; past the window the edge pixel
        #    repeats (what mode="nearest" sees at the window border)
        vals = np.empty((2, npatch, sh, sw), np.float32)  # the patch, its gradient magnitude
        local = vals[0]
        lv = np.ones((npatch, sh, sw), bool) if valid is not None else None
        fits = (rl + sh <= rows) & (cl + sw <= cols)
        for k in np.nonzero(fits)[0].tolist():
            a, b = rl[k], cl[k]
            local[k] = log_img[a:a + sh, b:b + sw]
            if lv is not None:
                np.greater(valid[a:a + sh, b:b + sw], 0.5, out=lv[k])
        o = np.nonzero(~fits)[0]
        if len(o):
            ri = np.minimum(rl[o, None] + ar_h, rows - 1)[:, :, None]
            ci = np.minimum(cl[o, None] + ar_w, cols - 1)[:, None, :]
            local[o] = log_img[ri, ci]
            if lv is not None:
                lv[o] = valid[ri, ci] > 0.5
        # -- geometry: distance zone of every pixel; off the data / on the shadow -> top
        s = line[idx]
        gr = (rl[:, None] + ar_h).astype(np.float64)
        last = np.where(ar_h[None, :] < hp[:, None], (wp - 1)[:, None], -1)  # no run past the patch
        lo, hi = _radial_runs(gr - er[idx, None], ec[idx], cl, res, thresholds)
        zone = (~_in_runs(lo, np.minimum(hi, last), sw)).sum(axis=0, dtype=np.uint8)
        disk = zone <= z_disk
        lo, hi = _shadow_runs(gr, cl, wp, r0[s], c0[s], ur[s], uc[s], lens[s], widths[s], res)
        excl = _in_runs(lo, np.minimum(hi, last), sw)
        if lv is not None:
            disk &= lv
            excl |= ~lv
        code = np.maximum(zone, excl.view(np.uint8) * top)
        n_disk = disk.sum(axis=(1, 2))
        # -- texture: np.gradient of the clipped patch (one-sided at its last row / column)
        gy = np.empty_like(local)
        np.subtract(local[:, 2:], local[:, :-2], out=gy[:, 1:-1])
        gy[:, 1:-1] /= np.float32(2.0)
        np.subtract(local[:, 1], local[:, 0], out=gy[:, 0])
        np.subtract(local[:, -1], local[:, -2], out=gy[:, -1])
        short = np.nonzero(hp < sh)[0]
        if len(short):
            gy[short, hp[short] - 1] = local[short, hp[short] - 1] - local[short, hp[short] - 2]
        gx = np.empty_like(local)
        np.subtract(local[:, :, 2:], local[:, :, :-2], out=gx[:, :, 1:-1])
        gx[:, :, 1:-1] /= np.float32(2.0)
        np.subtract(local[:, :, 1], local[:, :, 0], out=gx[:, :, 0])
        np.subtract(local[:, :, -1], local[:, :, -2], out=gx[:, :, -1])
        short = np.nonzero(wp < sw)[0]
        if len(short):
            gx[short, :, wp[short] - 1] = local[short, :, wp[short] - 1] - local[short, :, wp[short] - 2]
        grad = np.hypot(gy, gx, out=vals[1])
        del gy, gx
        # -- medians of the patch over keep, ring, near, far and of the gradient over the ring
        med, cnt = _medians(vals.reshape(2, npatch, -1), code.reshape(npatch, -1), n_codes, zone_sets,
                            (log_signed, False), wanted)
        med_keep, med_ring, med_near, med_far = med[:npatch].T
        med_grad = med[npatch:, 1]
        cnt = cnt[:npatch]
        good = (n_disk >= 4) & (cnt[:, 1] >= 20)
        # -- the disc at the base: mean gradient (summed in float64: within ~1e-7 of np.mean's
        #    float32 sum) and the brightest spot of the 1 m mean
        dpos = np.flatnonzero(disk)
        dp = dpos // (sh * sw)
        drc = dpos - dp * (sh * sw)
        rr, cc = drc // sw, drc % sw
        col = np.arange(len(dpos)) - np.searchsorted(dp, np.arange(npatch))[dp]
        mean_disk = np.bincount(dp, grad.ravel()[dpos], minlength=npatch) / np.maximum(n_disk, 1)
        dense = np.empty((npatch, max(int(n_disk.max(initial=0)), 1)), np.float32)
        spot_max = np.zeros(npatch, np.float32)
        if len(dpos):
            # the uniform filter's running sums start at the patch's first row / column as on
            # the clipped patch, and end past the disc: the same float32 values there
            i_lo = max(0, int(rr.min()) - size - 2)
            i_hi = min(sh, int(rr.max()) + size + 2)
            j_hi = min(sw, int(cc.max()) + size + 2)
            part = ndi.uniform_filter1d(local[:, :i_hi, :j_hi], size, axis=1, mode="nearest")
            spot = ndi.uniform_filter1d(part[:, i_lo:], size, axis=2, mode="nearest")
            dense[:] = -np.inf
            dense[dp, col] = spot[dp, rr - i_lo, cc]
            spot_max = dense.max(axis=1)
        bright = spot_max.astype(np.float64) - med_ring
        open_ = np.where((cnt[:, 2] >= 10) & (cnt[:, 3] >= 10),
                         (med_near.astype(np.float32) - med_far.astype(np.float32)).astype(np.float64), 0.0)
        # -- blobs
        keep = code <= z_keep
        keep &= good[:, None, None]
        panels, shelter = _blob_scores(local, keep, np.where(good, med_keep, 0.0), res)
        base = np.array([math.log((float(a) + 1e-3) / (b + 1e-3)) if ok else 0.0
                         for a, b, ok in zip(mean_disk.tolist(), med_grad.tolist(), good.tolist())])
        five = np.stack([base, panels, shelter, bright, open_], 1)
        five[~good] = 0.0
        flat_out[idx] = five
    return out
