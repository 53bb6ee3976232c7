"""Training-free lattice-mast detector: a long thin straight shadow plus site evidence.

Physics used (all in metres, whatever the pixel size):

* A mast of height ``H`` casts a thin shadow of length ``H / tan(sun elevation)`` pointing away
  from the sun (azimuth + 180°). A lattice mast's shadow is a narrow wedge, widest at the base,
  with the antenna cluster at its tip; it ends freely (a fence or road edge runs on).
* Shadows darken the ground by a factor: working on ``log(intensity)`` makes the evidence the
  same for 8-bit RGB and 16-bit panchromatic imagery, bright or dull.
* A mast stands alone: a forest of bare trees casts many parallel trunk shadows, a mast one.
* Its base is a compact structure, often with a small equipment shelter (bright rectangular
  roof) and arrays of solar panels (dark uniform rectangles) within ~20 m.

Stages of :func:`detect_tile` (a pure function of window data, window transform and parameters):

1. ridge filter (Hessian of the smoothed log image) → pixels of thin dark lines;
2. connected segments, split by orientation when clutter merges them; segments of plausible
   length and straightness are kept;
3. each segment is verified on a strip sampled along it (contrast, continuity, free ends,
   width, taper), and both ends are examined as the possible base (structure, panels, shelter);
4. the feature vector gives a confidence in 0-1 (:func:`confidence`), with the base end chosen
   by the sun azimuth when it is known, by the evidence otherwise (:func:`resolve_sun` then
   makes every candidate of a scene agree on one sun).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
from scipy import ndimage as ndi

DETECTOR_NAME = "mast-shadow"
DETECTOR_VERSION = "1.0"

#: Order of the feature vector kept with every candidate (re-ranking learns on it).
FEATURE_NAMES: tuple[str, ...] = (
    "contrast",          # median log-darkness of the shadow core against both flanks
    "continuity",        # fraction of the shadow length that is dark
    "length_m",          # shadow length (m)
    "free_end",          # 1 when the line stops at its ends, 0 when it runs on
    "straightness_m",    # spread of the shadow pixels across its axis (m)
    "width_m",           # mean shadow width (m)
    "taper",             # log(width near base / width near tip): > 0 for a lattice wedge
    "base_structure",    # log ratio of texture at the base to texture around it
    "panels",            # 0-1 evidence of solar-panel arrays near the base
    "shelter",           # 0-1 evidence of a small rectangular shelter near the base
    "parallel_lines",    # number of other long shadows parallel to it within 40 m
    "sun_alignment",     # cos(angle to the anti-sun direction); 0 when the sun is unknown
    "snr",               # contrast against the texture of the ground beside the shadow
    "tip_clutter",       # darkness of everything beyond the tip (a tree crown's shadow; 0 for a mast)
)
N_FEATURES = len(FEATURE_NAMES)


@dataclass(frozen=True)
class DetectorParams:
    """Parameters of the mast detector (lengths in metres, angles in degrees)."""

    #: Sun azimuth, clockwise from north (None: searched, see :func:`resolve_sun`).
    sun_azimuth: float | None = None
    min_shadow_m: float = 8.0
    max_shadow_m: float = 100.0
    min_confidence: float = 0.5
    #: Candidates closer than this are one mast (non-maximum suppression).
    nms_radius_m: float = 25.0
    #: Scale of the ridge filter: about half the width of a mast shadow.
    ridge_sigma_m: float = 0.9
    #: Ground resolution of the proposal stage (verification uses the full resolution).
    proposal_resolution_m: float = 0.9
    #: Minimum log-darkness of a shadow pixel (0.1 ≈ 10 % darker than its surroundings).
    ridge_threshold: float = 0.08
    #: Log-darkness of a line against both its flanks, averaged along ``min_shadow_m``.
    line_threshold: float = 0.12
    #: Width of the central band of the line filter (a mast shadow is 1-3 m wide).
    line_width_m: float = 2.0
    #: Angle tolerance between the shadow and the anti-sun direction.
    sun_tolerance_deg: float = 12.0
    #: Radius searched for panels / shelter around the base.
    site_radius_m: float = 18.0

    def context_m(self) -> float:
        """Margin a tile needs around a shadow to verify it (flanks, free ends, site)."""
        return self.site_radius_m + 8.0


@dataclass
class Candidate:
    """One detected mast. Coordinates are in the raster CRS (map units = metres)."""

    x: float
    y: float
    confidence: float
    features: tuple[float, ...]
    shadow_azimuth: float
    shadow_length_m: float
    tip_x: float
    tip_y: float
    #: The other base hypothesis: (x, y, features) with the ends swapped.
    alt: tuple[float, float, tuple[float, ...]] | None = field(default=None, repr=False)

    def swapped(self) -> Candidate:
        """The same segment with the other end taken as the base."""
        if self.alt is None:
            return self
        ax, ay, afeat = self.alt
        return Candidate(ax, ay, confidence(np.asarray(afeat)), tuple(afeat),
                         (self.shadow_azimuth + 180.0) % 360.0, self.shadow_length_m,
                         self.x, self.y, (self.x, self.y, self.features))


# -- confidence -------------------------------------------------------------------------------
def model_inputs(features) -> np.ndarray:
    """Evidence terms (columns) of feature vectors (rows): what the confidence is linear in."""
    f = np.atleast_2d(np.asarray(features, dtype=float))
    (contrast, continuity, length, free_end, straight, width, taper, base, panels, shelter, parallel, sun,
     snr, clutter) = f.T
    return np.column_stack([
        np.log(np.clip(snr, 0.1, 50)),
        np.clip(clutter, 0, 2),
        np.clip(contrast, 0, 1.5),
        np.clip(continuity, 0, 1),
        np.log(np.clip(length, 1, 200)),
        np.clip(free_end, 0, 1),
        np.clip(straight, 0, 3),
        np.log(np.clip(width, 0.2, 10)),
        np.clip(taper, -2, 2),
        np.clip(base, -2, 3),
        np.clip(panels, 0, 1),
        np.clip(shelter, 0, 1),
        np.log1p(np.clip(parallel, 0, 20)),
        np.clip(sun, -1, 1),
        np.clip(sun, 0, 1) * np.clip(contrast, 0, 1.5),
    ])


#: Weights of the built-in confidence, a logistic model on :func:`model_inputs`. Calibrated
#: once by ``bench/calibrate_detect.py`` (synthetic masts drawn on real imagery, seeds apart
#: from the tests'); re-ranking (:mod:`.rerank`) adapts them to the analyst's own decisions.
_MODEL = {
    "weights": [0.1089, -0.0359, 0.0109, -0.0160, 0.8475, 0.0294, -0.6473, -0.0853,
                0.1083, 0.3985, 0.0633, 0.2218, 0.5596, 1.3417, -0.0421],
    "bias": -3.5996,
    "mean": [0.5178, 0.0704, 0.3259, 0.7188, 2.9905, 0.9575, 0.8421, 0.7534,
             0.0019, 0.2743, 0.4437, 0.2668, 1.0425, 0.0091, 0.0918],
    "scale": [0.5067, 0.1679, 0.1695, 0.1246, 0.3700, 0.1148, 0.2579, 0.5506,
              1.1087, 0.2838, 0.2720, 0.2498, 0.7169, 0.7831, 0.1458],
}


def builtin_model():
    from .rerank import LogisticModel

    return LogisticModel(np.array(_MODEL["weights"], float), float(_MODEL["bias"]),
                         np.array(_MODEL["mean"], float), np.array(_MODEL["scale"], float))


def confidence(features) -> np.ndarray | float:
    """Training-free confidence 0-1 from feature vector(s) (see :data:`FEATURE_NAMES`)."""
    arr = np.asarray(features, dtype=float)
    out = builtin_model().predict(model_inputs(arr))
    return float(out[0]) if arr.ndim == 1 else out


# -- image preparation ------------------------------------------------------------------------
def to_gray(data: np.ndarray, band_count_hint: int | None = None) -> np.ndarray:
    """Luminance (float32) of a (bands, rows, cols) or (rows, cols) array.

    RGB(A) → Rec.601 luma of the first three bands; 1 or 2 bands (grey + alpha) → band 1.
    """
    if data.ndim == 2:
        return data.astype(np.float32, copy=False)
    if data.ndim != 3:
        raise ValueError(f"image array must be 2-D or 3-D, got shape {data.shape}")
    if data.shape[0] >= 3:
        return (0.299 * data[0].astype(np.float32) + 0.587 * data[1].astype(np.float32)
                + 0.114 * data[2].astype(np.float32))
    return data[0].astype(np.float32, copy=False)


def valid_mask(data: np.ndarray, nodata=None, alpha: np.ndarray | None = None) -> np.ndarray:
    """Pixels holding imagery: not nodata, not transparent, not a black (all-zero) border."""
    stack = data if data.ndim == 3 else data[None]
    bands = stack[:3] if stack.shape[0] >= 3 else stack[:1]
    valid = np.ones(stack.shape[1:], dtype=bool)
    if nodata is not None and not (isinstance(nodata, float) and math.isnan(nodata)):
        valid &= ~np.all(bands == nodata, axis=0)
    if np.issubdtype(stack.dtype, np.floating):
        valid &= np.all(np.isfinite(bands), axis=0)
    black = np.all(bands == 0, axis=0)
    if black.any():
        # black borders are large regions; an isolated black pixel may be deep shadow
        valid &= ~ndi.binary_opening(black, structure=np.ones((3, 3), bool), iterations=2)
    if alpha is not None:
        valid &= alpha > 0
    return valid


def pixel_size(transform) -> float:
    """Ground size of a pixel (square root of the pixel area) from a GDAL geotransform."""
    gt = tuple(transform)
    return math.sqrt(abs(gt[1] * gt[5] - gt[2] * gt[4]))


def _map_xy(transform, row, col):
    gt = tuple(transform)
    return gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5]


def _azimuth_of_pixel_vector(transform, drow, dcol) -> float:
    gt = tuple(transform)
    east = gt[1] * dcol + gt[2] * drow
    north = gt[4] * dcol + gt[5] * drow
    return math.degrees(math.atan2(east, north)) % 360.0


def _pixel_vector_of_azimuth(transform, azimuth_deg) -> tuple[float, float]:
    """Unit (drow, dcol) pointing to ``azimuth`` on the ground."""
    gt = tuple(transform)
    east, north = math.sin(math.radians(azimuth_deg)), math.cos(math.radians(azimuth_deg))
    det = gt[1] * gt[5] - gt[2] * gt[4]
    dcol = (gt[5] * east - gt[2] * north) / det
    drow = (-gt[4] * east + gt[1] * north) / det
    norm = math.hypot(drow, dcol)
    return drow / norm, dcol / norm


#: At most this many line segments per window go to verification (the strongest ones).
MAX_SEGMENTS = 300

# -- stage 1-2: proposals ---------------------------------------------------------------------
@dataclass
class _Segment:
    r0: float
    c0: float
    r1: float
    c1: float
    spread_px: float
    angle: float  # axis angle in pixel space (radians, mod pi)


def _angles(params: DetectorParams, transform) -> list[float]:
    """Axis angles (pixel space, radians mod pi) to search: around the anti-sun axis, or all."""
    step = math.radians(6.0)
    if params.sun_azimuth is not None:
        drow, dcol = _pixel_vector_of_azimuth(transform, params.sun_azimuth + 180.0)
        axis = math.atan2(dcol, drow) % math.pi
        return [axis + k * step for k in (-1, 0, 1)]
    return [k * step for k in range(round(math.pi / step))]


def _line_segments(log_img: np.ndarray, valid: np.ndarray, params: DetectorParams, res: float,
                   angles: list[float]) -> list[_Segment]:
    """Straight thin dark lines: an oriented box filter on the log image, every direction.

    For each direction the image is resampled into a frame where that direction is
    horizontal; there the mean log intensity over ``min_shadow_m`` along a central band
    (``line_width_m``) is compared with the flanks on both sides: a shadow is darker than
    *both* flanks (an edge is not), and averaging along the
    line integrates a lattice shadow's see-through pattern. Runs above ``line_threshold``
    become segments (coordinates in ``log_img``'s pixel grid).
    """
    rows, cols = log_img.shape
    min_len = params.min_shadow_m / res
    max_len = params.max_shadow_m / res * 1.15
    win = max(3, round(min_len * 0.75))
    band = max(1, round(params.line_width_m / res))
    gap = max(1, round(0.6 / res))
    flank = max(2, round(2.0 / res))
    diag = math.ceil(math.hypot(rows, cols)) + 2
    centre_in = np.array([(rows - 1) / 2.0, (cols - 1) / 2.0])
    centre_out = np.array([(diag - 1) / 2.0, (diag - 1) / 2.0])
    fill = float(np.median(log_img[valid])) if valid.any() else 0.0
    img = np.where(valid, log_img, fill).astype(np.float32)
    inval = (~valid).astype(np.float32)
    out: list[_Segment] = []
    shift_c = (band + 1) // 2 + gap + flank // 2  # centre of a flank from the line centre
    for theta in angles:
        theta %= math.pi
        # output (i, j) -> input centre_in + rot_m @ ((i, j) - centre_out); j runs along theta
        rot_m = np.array([[math.sin(theta), math.cos(theta)], [-math.cos(theta), math.sin(theta)]])
        offset = centre_in - rot_m @ centre_out
        rot = ndi.affine_transform(img, rot_m, offset=offset, output_shape=(diag, diag), order=1, cval=np.nan)
        outside = np.isnan(rot)
        if valid.all():
            bad = outside
        else:
            bad = outside | (ndi.affine_transform(inval, rot_m, offset=offset, output_shape=(diag, diag), order=0,
                                                  cval=1.0) > 0)
        rot[bad] = fill
        along = ndi.uniform_filter1d(rot, win, axis=1)
        centre = ndi.uniform_filter1d(along, band, axis=0)
        flanks = ndi.uniform_filter1d(along, flank, axis=0)
        up = np.roll(flanks, shift_c, axis=0)
        down = np.roll(flanks, -shift_c, axis=0)
        resp = np.minimum(up, down) - centre
        bad_any = ndi.maximum_filter(bad, size=(2 * shift_c + flank + 1, win + 2))
        mask = (resp > params.line_threshold) & ~bad_any
        if not mask.any():
            continue
        labels, n = ndi.label(mask, structure=np.ones((3, 3), bool))
        for sl, lab in zip(ndi.find_objects(labels), range(1, n + 1)):
            extent = sl[1].stop - sl[1].start
            if extent < 0.8 * min_len or extent > max_len:
                continue
            if (sl[0].stop - sl[0].start) * res > max(4.0, 2.0 * params.line_width_m):
                continue  # a blob of texture, not a line
            comp = labels[sl] == lab
            weights = np.where(comp, resp[sl], 0.0)
            wsum = weights.sum(axis=1)
            i = sl[0].start + float((wsum * np.arange(comp.shape[0])).sum() / wsum.sum())
            j0 = float(sl[1].start)
            j1 = float(sl[1].stop - 1)
            p0 = centre_in + rot_m @ (np.array([i, j0]) - centre_out)
            p1 = centre_in + rot_m @ (np.array([i, j1]) - centre_out)
            out.append(_Segment(p0[0], p0[1], p1[0], p1[1], float(weights.sum()), theta))
    if len(out) > MAX_SEGMENTS:
        out = sorted(out, key=lambda sg: -sg.spread_px)[:MAX_SEGMENTS]
    return _dedupe_segments(_merge_collinear(out, gap_px=10.0 / res, lateral_px=max(2.0, 2.0 / res)), 2.0 / res)


def _merge_collinear(segs: list[_Segment], gap_px: float, lateral_px: float) -> list[_Segment]:
    """Join pieces of one straight shadow broken by a gap (a tree crown, a bright patch)."""
    n = len(segs)
    if n < 2:
        return segs
    p0 = np.array([(s.r0, s.c0) for s in segs])
    p1 = np.array([(s.r1, s.c1) for s in segs])
    ang = np.array([s.angle for s in segs])
    u = p1 - p0
    ln = np.maximum(np.hypot(u[:, 0], u[:, 1]), 1e-9)
    u = u / ln[:, None]
    # pairwise: b's ends projected on a's axis
    d0 = p0[None, :, :] - p0[:, None, :]
    d1 = p1[None, :, :] - p0[:, None, :]
    t0 = (d0 * u[:, None, :]).sum(-1)
    t1 = (d1 * u[:, None, :]).sum(-1)
    l0 = np.abs(d0[..., 0] * u[:, None, 1] - d0[..., 1] * u[:, None, 0])
    l1 = np.abs(d1[..., 0] * u[:, None, 1] - d1[..., 1] * u[:, None, 0])
    da = np.abs(((ang[:, None] - ang[None, :]) + math.pi / 2) % math.pi - math.pi / 2)
    lo, hi = np.minimum(t0, t1), np.maximum(t0, t1)
    ok = ((da <= math.radians(12)) & (np.maximum(l0, l1) <= lateral_px)
          & (lo <= ln[:, None] + gap_px) & (hi >= -gap_px))
    np.fill_diagonal(ok, False)
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(ok)):
        ri, rj = find(int(i)), find(int(j))
        if ri != rj:
            parent[rj] = ri
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    out = []
    for members in groups.values():
        if len(members) == 1:
            out.append(segs[members[0]])
            continue
        k = max(members, key=lambda m: ln[m])
        ts = np.concatenate([((p0[members] - p0[k]) * u[k]).sum(-1), ((p1[members] - p0[k]) * u[k]).sum(-1)])
        a, b = float(ts.min()), float(ts.max())
        out.append(_Segment(p0[k, 0] + a * u[k, 0], p0[k, 1] + a * u[k, 1], p0[k, 0] + b * u[k, 0],
                            p0[k, 1] + b * u[k, 1], max(segs[m].spread_px for m in members), segs[k].angle))
    return out


def _dedupe_segments(segs: list[_Segment], tol_px: float) -> list[_Segment]:
    """Drop segments found again at a neighbouring angle (same midpoint, similar axis)."""
    if len(segs) < 2:
        return segs
    segs = sorted(segs, key=lambda s: -math.hypot(s.r1 - s.r0, s.c1 - s.c0))
    kept: list[_Segment] = []
    for s in segs:
        mr, mc = (s.r0 + s.r1) / 2, (s.c0 + s.c1) / 2
        dup = False
        for k in kept:
            da = abs(((s.angle - k.angle) + math.pi / 2) % math.pi - math.pi / 2)
            if da > math.radians(16):
                continue
            # distance of this midpoint to the kept segment's line, and overlap along it
            ur, uc = k.r1 - k.r0, k.c1 - k.c0
            ln = math.hypot(ur, uc) or 1.0
            ur, uc = ur / ln, uc / ln
            t = (mr - k.r0) * ur + (mc - k.c0) * uc
            d = abs((mr - k.r0) * uc - (mc - k.c0) * ur)
            if d <= tol_px and -tol_px <= t <= ln + tol_px:
                dup = True
                break
        if not dup:
            kept.append(s)
    return kept


def ridge_response(log_img: np.ndarray, sigma_px: float) -> tuple[np.ndarray, np.ndarray]:
    """Scale-normalised thin-dark-line strength (log units) and line orientation (radians).

    The orientation is the angle of the line axis in pixel space, (drow, dcol) = (cos, sin).
    """
    s2 = sigma_px * sigma_px
    hrr = ndi.gaussian_filter(log_img, sigma_px, order=(2, 0), truncate=3.0)
    hcc = ndi.gaussian_filter(log_img, sigma_px, order=(0, 2), truncate=3.0)
    hrc = ndi.gaussian_filter(log_img, sigma_px, order=(1, 1), truncate=3.0)
    half_tr = 0.5 * (hrr + hcc)
    half_diff = 0.5 * (hrr - hcc)
    disc = np.sqrt(half_diff * half_diff + hrc * hrc)
    lam_hi = half_tr + disc  # curvature across a dark valley (> 0)
    lam_lo = half_tr - disc  # curvature along it (~ 0 on a straight line)
    strength = (lam_hi - np.abs(lam_lo)) * s2
    # eigenvector of lam_hi makes angle phi with the row axis; the line runs perpendicular to it
    phi = 0.5 * np.arctan2(2 * hrc, hrr - hcc)
    line_angle = (phi + math.pi / 2) % math.pi
    return strength.astype(np.float32, copy=False), line_angle.astype(np.float32, copy=False)


# -- stage 3: verification --------------------------------------------------------------------
def _blob_scores(local: np.ndarray, keep: np.ndarray, res: float, bright: bool) -> float:
    """0-1 evidence of compact rectangular uniform blobs (panels: dark, shelter: bright)."""
    if not keep.any():
        return 0.0
    vals = local[keep]
    med = float(np.median(vals))
    if bright:
        mask = (local > med + 0.25) & keep
        area_lo, area_hi = 4.0, 45.0
    else:
        mask = (local < med - 0.55) & keep
        area_lo, area_hi = 1.5, 80.0
    if mask.sum() == 0:
        return 0.0
    labels, n = ndi.label(mask)
    best = 0.0
    px_area = res * res
    for sl, lab in zip(ndi.find_objects(labels), range(1, n + 1)):
        comp = labels[sl] == lab
        area = comp.sum() * px_area
        if not area_lo <= area <= area_hi:
            continue
        r, c = np.nonzero(comp)
        if r.size < 4:
            continue
        r = r - r.mean()
        c = c - c.mean()
        cov = np.cov(np.vstack([r, c]))
        w, v = np.linalg.eigh(cov)
        proj = np.vstack([r, c]).T @ v
        ext = (np.ptp(proj[:, 0]) + 1) * (np.ptp(proj[:, 1]) + 1) * px_area
        fill = area / max(ext, px_area)
        inner = local[sl][comp]
        uniform = float(np.std(inner))
        elong = math.sqrt(max(w[1], 1e-9) / max(w[0], 1e-9))
        if elong > 6:  # a line (a shadow), not a blob
            continue
        score = np.clip((fill - 0.55) / 0.3, 0, 1) * np.clip(1.2 - uniform / 0.35, 0, 1)
        best = max(best, float(score))
    return best


def _sample_strip(smooth, r0, c0, ur, uc, t, s_axis):
    tt, ss = np.meshgrid(t, s_axis, indexing="ij")
    rr = r0 + tt * ur - ss * uc
    cc = c0 + tt * uc + ss * ur
    return rr, cc


def _runs(flags: np.ndarray, max_gap: int) -> list[tuple[int, int]]:
    """Runs of True in ``flags`` after closing gaps of up to ``max_gap`` samples."""
    idx = np.flatnonzero(flags)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > max_gap + 1)
    starts = np.concatenate([[idx[0]], idx[breaks + 1]])
    ends = np.concatenate([idx[breaks], [idx[-1]]])
    return list(zip(starts.tolist(), ends.tolist()))


def _shadow_profile(smooth, seg_r0, seg_c0, ur, uc, length_px, res):
    """Strip across/along a segment: (t, s, strip, darkness(t), left/right flank levels)."""
    margin = 8.0 / res
    half_w = 7.0 / res
    t = np.arange(-margin, length_px + margin + 1.0, 1.0)
    s_axis = np.arange(-half_w, half_w + 1.0, 1.0)
    rr, cc = _sample_strip(smooth, seg_r0, seg_c0, ur, uc, t, s_axis)
    return t, s_axis, rr, cc


def _verify(log_img: np.ndarray, smooth: np.ndarray, valid: np.ndarray, seg: _Segment, res: float,
            params: DetectorParams) -> tuple[np.ndarray, np.ndarray] | None:
    """Feature vectors for (base = end 0, base = end 1), or None when the segment is no shadow."""
    rows, cols = log_img.shape
    r0, c0 = seg.r0, seg.c0
    ur, uc = seg.r1 - seg.r0, seg.c1 - seg.c0
    length_px = math.hypot(ur, uc)
    if length_px < 1:
        return None
    ur, uc = ur / length_px, uc / length_px
    core_w = max(1.0, 0.7 / res)
    flank_in, flank_out = max(2.5, 2.6 / res), max(4.0, 6.0 / res)
    for attempt in range(2):
        t, s_axis, rr, cc = _shadow_profile(smooth, r0, c0, ur, uc, length_px, res)
        if rr.min() < 0 or cc.min() < 0 or rr.max() > rows - 1 or cc.max() > cols - 1:
            return None  # touches the window edge: the overlapping window sees it whole
        strip = ndi.map_coordinates(smooth, [rr, cc], order=1)
        left = (s_axis <= -flank_in) & (s_axis >= -flank_out)
        right = (s_axis >= flank_in) & (s_axis <= flank_out)
        fl = np.median(strip[:, left], axis=1)
        fr = np.median(strip[:, right], axis=1)
        ref = np.minimum(fl, fr)
        prof = ref[:, None] - strip  # darkness against the darker flank
        near = np.abs(s_axis) <= max(2.0, 2.0 / res)
        inside = (t >= 0) & (t <= length_px)
        if attempt == 1:
            break
        # re-centre the axis on the darkness (a coarse angle step leaves it slightly off)
        best = s_axis[near][np.argmax(prof[:, near], axis=1)]
        strong = inside & (prof[:, near].max(axis=1) > params.ridge_threshold)
        if strong.sum() < 5:
            return None
        slope, icpt = np.polyfit(t[strong], best[strong], 1)
        # new axis: points (t, icpt + slope t) -> rotate direction by atan(slope)
        nr0, nc0 = r0 - icpt * uc, c0 + icpt * ur
        nr1 = r0 + length_px * ur - (icpt + slope * length_px) * uc
        nc1 = c0 + length_px * uc + (icpt + slope * length_px) * ur
        r0, c0 = nr0, nc0
        ur, uc = nr1 - nr0, nc1 - nc0
        length_px = math.hypot(ur, uc)
        ur, uc = ur / length_px, uc / length_px
        # refine the ends: the longest dark run around the segment (gaps up to 3 m closed)
        core = np.abs(s_axis) <= core_w
        dark0 = prof[:, core].max(axis=1)
        level = max(params.ridge_threshold, 0.4 * float(np.median(dark0[inside])))
        runs = _runs(dark0 > level, int(8.0 / res))
        if not runs:
            return None
        lo, hi = max(runs, key=lambda ab: (min(ab[1], np.flatnonzero(inside)[-1]) -
                                          max(ab[0], np.flatnonzero(inside)[0]), ab[1] - ab[0]))
        t_lo, t_hi = float(t[lo]), float(t[hi])
        if (t_hi - t_lo) * res < params.min_shadow_m or (t_hi - t_lo) * res > params.max_shadow_m * 1.2:
            return None
        r0, c0 = r0 + t_lo * ur, c0 + t_lo * uc
        length_px = t_hi - t_lo
    strip_valid = ndi.map_coordinates(valid, [rr, cc], order=0) > 0.5
    if strip_valid.mean() < 0.98:
        return None
    core = np.abs(s_axis) <= core_w
    dark = prof[:, core].max(axis=1)
    interior = (t >= 0.1 * length_px) & (t <= 0.9 * length_px)
    if interior.sum() < 3:
        return None
    contrast = float(np.median(dark[interior]))
    if contrast < params.ridge_threshold:
        return None
    continuity = float(np.mean(dark[inside] > 0.5 * contrast))
    out0 = float(np.mean(np.clip(dark[(t < -1.5 / res) & (t >= -6.0 / res)], 0, None)))
    out1 = float(np.mean(np.clip(dark[(t > length_px + 1.5 / res) & (t <= length_px + 6.0 / res)], 0, None)))
    free_end = float(np.clip(1.0 - min(out0, out1) / max(contrast, 1e-6), 0, 1))
    # straightness: spread of the darkest offset along the axis
    best = s_axis[near][np.argmax(prof[:, near], axis=1)]
    straight = float(np.std(best[interior]) * res)
    flank_vals = np.concatenate([strip[inside][:, left], strip[inside][:, right]], axis=1)
    noise = float(np.median(np.abs(flank_vals - np.median(flank_vals, axis=1, keepdims=True))))
    snr = contrast / (1.4826 * noise + 0.02)
    level = float(np.median(ref[inside]))
    beyond0 = strip[(t < -2.0 / res) & (t >= -8.0 / res)]
    beyond1 = strip[(t > length_px + 2.0 / res) & (t <= length_px + 8.0 / res)]
    clutter0 = max(0.0, level - float(np.median(beyond0))) if beyond0.size else 0.0
    clutter1 = max(0.0, level - float(np.median(beyond1))) if beyond1.size else 0.0

    def _width(sel):
        if sel.sum() == 0:
            return 0.0
        pm = np.median(prof[sel], axis=0)
        peak = pm[core].max()
        if peak <= 0:
            return 0.0
        centre_i = int(np.argmax(np.where(core, pm, -np.inf)))
        above = pm >= 0.5 * peak
        a = centre_i
        while a > 0 and above[a - 1]:
            a -= 1
        b = centre_i
        while b < len(pm) - 1 and above[b + 1]:
            b += 1
        return (b - a + 1) * res

    half0 = (t >= 0.05 * length_px) & (t <= 0.4 * length_px)
    half1 = (t >= 0.6 * length_px) & (t <= 0.95 * length_px)
    w0, w1 = _width(half0), _width(half1)
    width = 0.5 * (w0 + w1)
    length_m = length_px * res
    seg.r0, seg.c0 = r0, c0
    seg.r1, seg.c1 = r0 + length_px * ur, c0 + length_px * uc
    seg.angle = math.atan2(uc, ur) % math.pi
    taper0 = math.log((w0 + 0.2) / (w1 + 0.2))
    shape = [contrast, continuity, length_m, free_end, straight, width]
    # site evidence around each end
    rad = params.site_radius_m / res
    site = []
    for er, ec in ((seg.r0, seg.c0), (seg.r1, seg.c1)):
        r_lo, r_hi = int(max(0, er - rad)), int(min(rows, er + rad + 1))
        c_lo, c_hi = int(max(0, ec - rad)), int(min(cols, ec + rad + 1))
        local = log_img[r_lo:r_hi, c_lo:c_hi]
        lv = valid[r_lo:r_hi, c_lo:c_hi] > 0.5
        gr, gc = np.mgrid[r_lo:r_hi, c_lo:c_hi]
        dist = np.hypot(gr - er, gc - ec) * res
        along = (gr - seg.r0) * ur + (gc - seg.c0) * uc
        across = np.abs(-(gr - seg.r0) * uc + (gc - seg.c0) * ur) * res
        on_shadow = (across < max(2.5, width)) & (along > -2.0 / res) & (along < length_px + 2.0 / res)
        disk = (dist <= 3.0) & lv
        ring = (dist > 5.0) & (dist <= params.site_radius_m) & lv & ~on_shadow
        if disk.sum() < 4 or ring.sum() < 20:
            site.append((0.0, 0.0, 0.0))
            continue
        gy, gx = np.gradient(local)
        grad = np.hypot(gy, gx)
        base = math.log((float(np.mean(grad[disk])) + 1e-3) / (float(np.median(grad[ring])) + 1e-3))
        keep = lv & ~on_shadow & (dist <= params.site_radius_m)
        panels = _blob_scores(local, keep, res, bright=False)
        shelter = _blob_scores(local, keep, res, bright=True)
        site.append((base, panels, shelter))
    feats = []
    for k in (0, 1):
        base, panels, shelter = site[k]
        taper = taper0 if k == 0 else -taper0
        clutter = clutter1 if k == 0 else clutter0
        feats.append(np.array([*shape, taper, base, panels, shelter, 0.0, 0.0, snr, clutter]))
    return feats[0], feats[1]


# -- the per-window function -----------------------------------------------------------------
def detect_tile(data: np.ndarray, transform, params: DetectorParams | None = None, nodata=None,
                valid: np.ndarray | None = None) -> list[Candidate]:
    """Masts in one window: a pure function of (window data, window geotransform, parameters).

    ``data`` is (bands, rows, cols) or (rows, cols), any numeric dtype; ``transform`` the GDAL
    geotransform of the window (map units must be metres). Candidates whose shadow touches the
    window edge are left out (windows overlap so that a neighbour sees them whole); all
    candidates are returned whatever their confidence (filter and suppress with :func:`reduce`).
    """
    params = params or DetectorParams()
    res = pixel_size(transform)
    if not 0.05 <= res <= 5.0:
        raise ValueError(f"pixel size {res:g} m is outside 0.05-5 m: the detector needs 0.3-1 m imagery "
                         "in a projected CRS in metres")
    gray = to_gray(data)
    if valid is None:
        valid = valid_mask(data, nodata)
    if gray.shape[0] < 16 or gray.shape[1] < 16 or valid.sum() < 256:
        return []
    med = float(np.median(gray[valid][:: max(1, int(valid.sum()) // 200000)]))
    offset = max(med * 0.02, 1e-6)
    fill = np.where(valid, np.maximum(gray, 0), med)
    log_img = np.log(fill + offset, dtype=np.float32)
    # proposals on a coarse grid (~0.9 m): a lattice wedge integrates into one dark line
    f = max(1, round(params.proposal_resolution_m / res))
    coarse_res = res * f
    if f > 1:
        h, w = (gray.shape[0] // f) * f, (gray.shape[1] // f) * f
        coarse = fill[:h, :w].reshape(h // f, f, w // f, f).mean(axis=(1, 3))
        coarse_valid = valid[:h, :w].reshape(h // f, f, w // f, f).all(axis=(1, 3))
        coarse_log = np.log(coarse + offset, dtype=np.float32)
    else:
        coarse_log, coarse_valid = log_img, valid
    segs = _line_segments(coarse_log, coarse_valid, params, coarse_res, _angles(params, transform))
    if not segs:
        return []
    if f > 1:
        off = (f - 1) / 2.0
        segs = [_Segment(s.r0 * f + off, s.c0 * f + off, s.r1 * f + off, s.c1 * f + off, s.spread_px * f, s.angle)
                for s in segs]
    smooth = ndi.gaussian_filter(log_img, max(0.6, 0.4 / res), truncate=2.5)
    valid_f = valid.astype(np.float32)
    verified = []
    for seg in segs:
        feats = _verify(log_img, smooth, valid_f, seg, res, params)
        if feats is None or feats[0][2] < params.min_shadow_m:
            continue
        verified.append((seg, feats))
    if not verified:
        return []
    # isolation: long shadows parallel to this one nearby (a forest of bare trees)
    mids = np.array([((s.r0 + s.r1) / 2, (s.c0 + s.c1) / 2) for s, _ in verified])
    angs = np.array([s.angle for s, _ in verified])
    all_mids = np.array([((s.r0 + s.r1) / 2, (s.c0 + s.c1) / 2) for s in segs])
    all_angs = np.array([s.angle for s in segs])
    out: list[Candidate] = []
    for i, (seg, (f0, f1)) in enumerate(verified):
        d = np.hypot(*(all_mids - mids[i]).T) * res
        da = np.abs(((all_angs - angs[i]) + math.pi / 2) % math.pi - math.pi / 2)
        parallel = int(np.sum((d > 2.0) & (d < 40.0) & (da < math.radians(12))))
        f0[10] = f1[10] = parallel
        az01 = _azimuth_of_pixel_vector(transform, seg.r1 - seg.r0, seg.c1 - seg.c0)
        if params.sun_azimuth is not None:
            shadow_az = (params.sun_azimuth + 180.0) % 360.0
            f0[11] = math.cos(math.radians(az01 - shadow_az))
            f1[11] = -f0[11]
        x0, y0 = _map_xy(transform, seg.r0 + 0.5, seg.c0 + 0.5)
        x1, y1 = _map_xy(transform, seg.r1 + 0.5, seg.c1 + 0.5)
        c0, c1 = confidence(f0), confidence(f1)
        length_m = float(f0[2])
        if c0 >= c1:
            cand = Candidate(x0, y0, c0, tuple(map(float, f0)), az01, length_m, x1, y1,
                             (x1, y1, tuple(map(float, f1))))
        else:
            cand = Candidate(x1, y1, c1, tuple(map(float, f1)), (az01 + 180.0) % 360.0, length_m, x0, y0,
                             (x0, y0, tuple(map(float, f0))))
        out.append(cand)
    return out


# -- reduction --------------------------------------------------------------------------------
def nms(candidates: list[Candidate], radius_m: float) -> list[Candidate]:
    """Non-maximum suppression: the most confident candidate within ``radius_m`` wins.

    Works across window borders (duplicates from overlapping windows) and between the two
    ends of one shadow. Returns candidates sorted by decreasing confidence.
    """
    if not candidates:
        return []
    order = sorted(candidates, key=lambda c: -c.confidence)
    pts = np.array([(c.x, c.y) for c in order])
    tips = np.array([(c.tip_x, c.tip_y) for c in order])
    kept: list[int] = []
    r2 = radius_m * radius_m
    from scipy.spatial import cKDTree

    tree = cKDTree(pts)
    suppressed = np.zeros(len(order), bool)
    for i in range(len(order)):
        if suppressed[i]:
            continue
        kept.append(i)
        for j in tree.query_ball_point(pts[i], radius_m):
            if j != i:
                suppressed[j] = True
        # the same shadow seen with its ends swapped
        for j in tree.query_ball_point(tips[i], radius_m):
            if j != i and np.sum((tips[j] - pts[i]) ** 2) <= r2:
                suppressed[j] = True
    return [order[i] for i in kept]


def resolve_sun(candidates: list[Candidate], params: DetectorParams) -> tuple[list[Candidate], float | None]:
    """Make every candidate agree on one sun; return (candidates, sun azimuth used).

    With ``params.sun_azimuth`` the candidates already agree. Otherwise the sun is searched
    over all angles: each candidate votes for the shadow direction of its better base
    hypothesis, weighted by its confidence; the direction with the heaviest vote (±tolerance)
    is the anti-sun direction, and every candidate is re-scored with that sun.
    """
    if params.sun_azimuth is not None or not candidates:
        return candidates, params.sun_azimuth
    az = np.radians([c.shadow_azimuth for c in candidates])
    w = np.array([c.confidence for c in candidates]) ** 2
    if w.sum() <= 0:
        return candidates, None
    grid = np.radians(np.arange(0.0, 360.0, 1.0))
    tol = math.radians(params.sun_tolerance_deg)
    diff = np.abs((grid[:, None] - az[None, :] + math.pi) % (2 * math.pi) - math.pi)
    votes = (w[None, :] * (diff <= tol)).sum(axis=1)
    if votes.max() < 0.25:
        return candidates, None
    shadow_az = float(np.degrees(grid[int(np.argmax(votes))]))
    sun_az = (shadow_az + 180.0) % 360.0
    out = []
    for c in candidates:
        best = None
        for cand in (c, c.swapped()):
            f = np.array(cand.features)
            f[11] = math.cos(math.radians(cand.shadow_azimuth - shadow_az))
            conf = confidence(f)
            if best is None or conf > best.confidence:
                alt = cand.alt
                if alt is not None:
                    af = np.array(alt[2])
                    af[11] = -f[11]
                    alt = (alt[0], alt[1], tuple(map(float, af)))
                best = replace(cand, confidence=conf, features=tuple(map(float, f)), alt=alt)
        out.append(best)
    return out, sun_az


def reduce(candidates: list[Candidate], params: DetectorParams) -> list[Candidate]:
    """Reduction of the per-window results: one sun, non-maximum suppression, threshold."""
    kept = nms(candidates, params.nms_radius_m * 0.4)  # drop exact duplicates from overlaps first
    kept, _sun = resolve_sun(kept, params)
    kept = nms(kept, params.nms_radius_m)
    return [c for c in kept if c.confidence >= params.min_confidence]
