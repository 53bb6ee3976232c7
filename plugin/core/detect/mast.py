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

1. proposals on a ~0.9 m grid, O(pixels) per direction: the image is sheared so that a
   candidate shadow axis is horizontal. Two kinds of lines: a line filter (running means along
   the line; centre band against the *darker* of two flanking bands: a thinness test) keeps the
   across-line maxima and joins collinear pieces into segments; and a matched filter scores
   every straight run of 10-100 m by its mean line response times the square root of its
   length, minus how far the line runs on past its end (a shadow crossing a textured canopy
   is broken, but still one run). The sun given: the anti-sun axis ± a few degrees. The sun
   searched: every 15° on a ~2 m grid, each axis scored by a bounded vote of its lines (one
   long wall cannot outvote many mast, pole and trunk shadows, which all share the sun), the
   three best axes refined (:mod:`.tiling` then gives the suns the candidates support most a
   full look, as with the sun given, see ``run_sun_passes``). How many lines go on is set per
   km² of window;
2. every line is verified (:mod:`.verify`, all lines of a window at once) on a strip sampled
   along it at full resolution (contrast, continuity, free ends, straightness, width, taper,
   darkness along its four quarters, the widening at the antenna end); a small screening model
   on that shadow evidence alone drops the lines that cannot be a mast, and both ends of the
   others are examined as the possible base (structure, brightness, panels, shelter, cleared
   ground);
3. the feature vector gives a confidence in 0-1 (:func:`confidence`: boosted trees, see
   :mod:`.boost`), with the base end chosen by the sun azimuth when it is known, by the
   evidence otherwise (:func:`resolve_sun` then makes every candidate of a scene agree on one
   sun).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import ndimage as ndi

from ..messages import num, tr
from . import shape
from .site import site_evidence_batch
from .verify import verify_lines

DETECTOR_NAME = "mast-shadow"
DETECTOR_VERSION = "3.4"

#: The hand-made features, first in the feature vector (re-ranking learns on them).
HAND_FEATURE_NAMES: tuple[str, ...] = (
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
    "parallel_lines",    # number of other line proposals parallel to it within 40 m, 3 m or more aside
    "sun_alignment",     # cos(angle to the anti-sun direction); 0 when the sun is unknown
    "snr",               # contrast against the texture of the ground beside the shadow
    "tip_clutter",       # darkness of everything beyond the tip (a tree crown's shadow; 0 for a mast)
    "base_bright",       # log-brightness of the brightest compact spot at the base against the ground
                         # around it (a galvanised mast, its platform, a shelter roof)
    "dark_q1",           # darkness of the first quarter of the shadow from the base, over the contrast
    "dark_q2",           # ... second quarter
    "dark_q3",           # ... third quarter
    "dark_q4",           # ... last quarter (the antenna cluster's end)
    "tip_widen",         # log(width of the last 10 % / width at 60-85 %): the antenna cluster widens the tip
    "ground_level",      # log-brightness of the ground beside the shadow against the window's median
    "base_open",         # log-brightness of the ground 3-10 m around the base against 10-18 m (a cleared compound)
)
#: Order of the feature vector kept with every candidate: the hand-made features, then the image
#: itself sampled in the frame of the hypothesis (:mod:`.shape`) from column SHAPE_START on.
FEATURE_NAMES: tuple[str, ...] = (*HAND_FEATURE_NAMES, *shape.NAMES)
SHAPE_START = len(HAND_FEATURE_NAMES)
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
    #: Ground resolution of the proposal stage (verification uses the full resolution).
    proposal_resolution_m: float = 0.9
    #: Minimum log-darkness of a shadow pixel (0.1 ≈ 10 % darker than its surroundings).
    ridge_threshold: float = 0.08
    #: Log-darkness of a line against both its flanks, averaged along ``line_window_m``.
    line_threshold: float = 0.12
    #: Width of the central band of the line filter (a mast shadow is 1-3 m wide).
    line_width_m: float = 1.0
    #: Length over which the line filter averages (shorter than the shortest shadow).
    line_window_m: float = 6.0
    #: With the sun given, lines are also searched this far either side of the anti-sun axis.
    axis_jitter_deg: float = 3.0
    #: Angle tolerance between the shadow and the anti-sun direction.
    sun_tolerance_deg: float = 12.0
    #: Radius searched for panels / shelter around the base.
    site_radius_m: float = 18.0
    #: Where and on which day the image was taken, ``(lat, lon, "YYYY-MM-DD")``: with the sun searched, only the
    #: suns that day's sky holds are looked along (:func:`.sun.day_sky`); None: any sun.
    sun_day: tuple | None = None

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
        afeat = tuple(self.alt[2])
        return _with_base(self, True, float(confidence(np.asarray(afeat))), afeat, self.features)


def _with_base(c: Candidate, swap: bool, conf: float, features: tuple, other: tuple) -> Candidate:
    """``c`` scored ``conf`` with ``features``, its base at the other end of the shadow if ``swap``."""
    if not swap:
        alt = None if c.alt is None else (c.alt[0], c.alt[1], other)
        return replace(c, confidence=conf, features=features, alt=alt)
    ax, ay, _ = c.alt
    return Candidate(ax, ay, conf, features, (c.shadow_azimuth + 180.0) % 360.0, c.shadow_length_m,
                     c.x, c.y, (c.x, c.y, other))


# -- confidence -------------------------------------------------------------------------------
def model_inputs(features) -> np.ndarray:
    """Evidence terms (columns) of feature vectors (rows): what the confidence is linear in."""
    f = np.atleast_2d(np.asarray(features, dtype=float))
    (contrast, continuity, length, free_end, straight, width, taper, base, panels, shelter, parallel, sun,
     snr, clutter, bright, q1, q2, q3, q4, widen, ground, open_) = f[:, :SHAPE_START].T
    return np.column_stack([
        np.log(np.clip(snr, 0.1, 50)),
        np.clip(clutter, 0, 2),
        np.clip(bright, -1, 2),
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
        np.clip(q1, -1, 3), np.clip(q2, -1, 3), np.clip(q3, -1, 3), np.clip(q4, -1, 3),
        np.clip(widen, -2, 2), np.clip(ground, -3, 3), np.clip(open_, -2, 2),
        np.clip(f[:, SHAPE_START:], -3, 3),
    ])


def hand_inputs(features) -> np.ndarray:
    """:func:`model_inputs` of the hand-made features alone (the first :data:`SHAPE_START`
    columns): what re-ranking learns from, a few dozen decisions being too few for the samples."""
    return model_inputs(np.atleast_2d(np.asarray(features, dtype=float))[:, :SHAPE_START])


#: The built-in confidence: boosted trees on :func:`model_inputs`, fitted once by
#: ``bench/calibrate_detect.py`` on synthetic masts drawn on real imagery (seeds apart from the
#: tests'), its 0.5 operating point set on held-out scenes. Re-ranking (:mod:`.rerank`) adapts
#: the ranking to the analyst's own decisions.
MODEL_FILE = Path(__file__).with_name("mast_model.json")


@lru_cache(maxsize=1)
def _model_file() -> dict:
    import json

    from .boost import TreeEnsemble

    d = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    screen = d.get("screen")
    return {"confidence": TreeEnsemble.from_dict(d["confidence"]),
            "screen": None if screen is None else TreeEnsemble.from_dict(screen),
            "screen_threshold": float(d.get("screen_threshold", 0.0))}


def builtin_model():
    """The built-in confidence model (:class:`.boost.TreeEnsemble` on :func:`model_inputs`)."""
    return _model_file()["confidence"]


@lru_cache(maxsize=1)
def _sun_inputs() -> tuple[int, ...]:
    """Columns of :func:`model_inputs` that change with the sun alignment (feature 11)."""
    f = np.full((2, N_FEATURES), 0.5)
    f[0, 11], f[1, 11] = 1.0, -1.0
    a, b = model_inputs(f)
    return tuple(np.flatnonzero(a != b).tolist())


def screen_inputs(features) -> np.ndarray:
    """Inputs of the screening model: the shadow's own evidence (no site, no sun)."""
    f = np.array(np.atleast_2d(np.asarray(features, dtype=float)))
    f[:, list(SITE_COLUMNS)] = 0.0
    f[:, 11] = 0.0
    return model_inputs(f)


def screen_scores(features) -> np.ndarray | None:
    """Score of each feature row by the screening model (None when the model has none)."""
    model = _model_file()["screen"]
    return None if model is None else model.predict(screen_inputs(features))


def confidence(features) -> np.ndarray | float:
    """Built-in confidence 0-1 from feature vector(s) (see :data:`FEATURE_NAMES`)."""
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
    """Pixels holding imagery: not nodata, not transparent, not a black (all-zero) border.

    Pixels at a nodata value other than 0 are missing. Black pixels (nodata 0 or none) are missing
    where they form a region: a border or a wide area, a seam between mosaic tiles, anything
    reaching the window's edge or such a region; a small black patch inside imagery is deep
    shadow (0 is often both nodata and the darkest level). Signed and floating-point imagery: the
    lowest value, when below 0, is a fill value left undeclared (-9999, -32768) where it forms such
    a region (read as imagery, it was a black point the whole window was lifted by, every shadow
    lost); scattered negative values (reflectance in deep shadow) stay imagery. The near-black
    fringe of a black region (:func:`_dark_fringe`: JPEG's ringing into a footprint's collar) is
    missing too.
    """
    stack = data if data.ndim == 3 else data[None]
    bands = stack[:3] if stack.shape[0] >= 3 else stack[:1]
    valid = np.ones(stack.shape[1:], dtype=bool)
    has_nodata = nodata is not None and not (isinstance(nodata, float) and math.isnan(nodata))
    if has_nodata and nodata != 0:
        valid &= ~np.all(bands == nodata, axis=0)
    if np.issubdtype(stack.dtype, np.floating):
        valid &= np.all(np.isfinite(bands), axis=0)
    black = _missing_regions(np.all(bands == 0, axis=0))
    valid &= ~black
    if black.any() and valid.any():
        valid &= ~_dark_fringe(bands, black, valid)
    if np.issubdtype(stack.dtype, np.signedinteger) or np.issubdtype(stack.dtype, np.floating):
        # a fill value below 0 not declared as nodata (-9999, -32768): where it forms a region
        low = bands.min(initial=0, where=valid[None]) if valid.any() else 0
        if low < 0:
            valid &= ~_missing_regions(np.all(bands == low, axis=0))
    if alpha is not None:
        valid &= alpha > 0
    return valid


#: Lossy compression (JPEG, 8 x 8 blocks, colour in 16 x 16) rings into the black collar of a
#: footprint: pixels up to this fraction of the window's median level, within this many pixels of a
#: black region and joined to it, belong to it (left as imagery, they set the black point of the
#: whole window, every shadow's contrast changed).
FRINGE_LEVEL = 0.2
FRINGE_PX = 16


def _dark_fringe(bands: np.ndarray, black: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Near-black pixels around the black regions ``black``, joined to them (see :data:`FRINGE_LEVEL`)."""
    level = bands.max(axis=0)
    med = float(np.median(level[valid][:: max(1, int(valid.sum()) // 100000)]))
    if not med > 0:
        return np.zeros_like(black)
    near = ndi.maximum_filter(black.view(np.uint8), size=2 * FRINGE_PX + 1).view(bool)
    dark = near & valid & (level <= FRINGE_LEVEL * med)
    if not dark.any():
        return dark
    labels, _n = ndi.label(dark | black, structure=np.ones((3, 3), bool))
    return dark & np.isin(labels, np.unique(labels[black]))


def _missing_regions(empty: np.ndarray) -> np.ndarray:
    """The parts of ``empty`` (pixels without imagery) that are regions, not patches of shadow:
    wide (kept by an opening), or connected to the window's edge or to a wide part."""
    if not empty.any():
        return empty
    wide = ndi.binary_opening(empty, structure=np.ones((3, 3), bool), iterations=2)
    labels, _n = ndi.label(empty, structure=np.ones((3, 3), bool))
    edge = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1], labels[wide]])
    return np.isin(labels, np.unique(edge[edge > 0]))


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


#: Line segments per km² of window that go to verification (the strongest ones; at least 60).
SEGMENTS_PER_KM2 = 250.0
#: Matched-filter runs per km² of window that go to verification as well (at least 40).
MATCHED_PER_KM2 = 200.0
#: With the sun searched, the sun is the one under which this many best candidates are most confident.
SUN_TOP_K = 5
#: At most this many base hypotheses (the most confident under their best sun) weigh the suns.
SUN_SEARCH_MAX = 200
#: Axis angles tried when the sun is searched (pixel space, degrees, mod 180).
SEARCH_STEP_DEG = 15.0
#: With the sun searched, lines are looked for along this many of the best-voted axes.
SEARCH_AXES = 3


# -- stage 1-2: proposals ---------------------------------------------------------------------
@dataclass
class _Segment:
    r0: float
    c0: float
    r1: float
    c1: float
    score: float  # sum of the line response along the segment (ranking)
    angle: float  # axis angle in pixel space (radians, mod pi): (drow, dcol) = (cos, sin)
    vote: float = 0.0  # bounded evidence for this axis being the shadow axis (sun search)


def _axis_of_azimuth(transform, azimuth_deg: float) -> float:
    drow, dcol = _pixel_vector_of_azimuth(transform, azimuth_deg)
    return math.atan2(dcol, drow) % math.pi


class _Shear:
    """Integer shear that makes one axis direction horizontal (O(pixels), no interpolation).

    For an axis closer to the columns than to the rows, column ``j`` is shifted by
    ``round(slope * j)`` rows, so every straight line of that direction becomes one row of the
    sheared frame; otherwise the same is done on the transposed image. Lines of the frame run
    along axis 1 (contiguous in memory: the running sums along them are cheap).
    """

    def __init__(self, shape: tuple[int, int], angle: float):
        self.transposed = abs(math.cos(angle)) > abs(math.sin(angle))
        along, across = (math.cos(angle), math.sin(angle)) if self.transposed else (math.sin(angle), math.cos(angle))
        self.slope = across / along  # |slope| <= 1
        rows, cols = (shape[1], shape[0]) if self.transposed else shape
        self.shift = np.round(self.slope * np.arange(cols)).astype(np.intp)
        self.k0 = int(self.shift.max())
        self.out_rows = rows + self.k0 - int(self.shift.min())
        self.rows, self.cols = rows, cols
        #: metres of ground per frame column / per frame row, in pixel units of the source
        self.step_along = math.hypot(1.0, self.slope)
        self.step_across = 1.0 / self.step_along

    def apply(self, img: np.ndarray, fill) -> np.ndarray:
        src = img.T if self.transposed else img
        frame = np.full((self.out_rows, self.cols), fill, dtype=src.dtype)
        # frame (k, j) <- source (k - k0 + shift[j], j): one block copy per run of equal shifts
        brk = (np.flatnonzero(np.diff(self.shift)) + 1).tolist()
        for j0, j1 in zip([0, *brk], [*brk, self.cols]):
            off = self.k0 - int(self.shift[j0])
            frame[off:off + self.rows, j0:j1] = src[:, j0:j1]
        return frame

    def outside(self, margin_rows: int, margin_cols: int) -> np.ndarray:
        """Frame positions within the margins of the source image's edges (or outside it)."""
        lo = (self.k0 - self.shift)[None, :] + margin_rows
        hi = lo + self.rows - 1 - 2 * margin_rows
        k = np.arange(self.out_rows)[:, None]
        out = (k < lo) | (k > hi)
        out[:, :margin_cols] = True
        out[:, self.cols - margin_cols:] = True
        return out

    def to_source(self, k: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row, col) in the source image of frame positions (k, j)."""
        r = k - self.k0 + self.slope * j
        return (j, r) if self.transposed else (r, j)


def _band_mean(a: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Mean of rows i+lo .. i+hi (inclusive) for every row i (edge rows repeated)."""
    n = a.shape[0]
    out = np.zeros_like(a)
    for d in range(lo, hi + 1):
        if d >= 0:
            out[:n - d] += a[d:]
            out[n - d:] += a[-1]
        else:
            out[-d:] += a[:n + d]
            out[:-d] += a[0]
    out /= np.float32(hi - lo + 1)
    return out


def _darker_flank(a: np.ndarray, gap: int, fw: int) -> np.ndarray:
    """``minimum(_band_mean(a, -gap - fw + 1, -gap), _band_mean(a, gap, gap + fw - 1))``.

    Both flanks are the same band of ``fw`` rows, ``2 * gap + fw - 1`` rows apart: its mean is
    computed once (rows past the edges repeat the edge rows), with the same sums in the same order.
    """
    n, pad = a.shape[0], gap + fw - 1
    apart = 2 * gap + fw - 1

    def band_mean(b: np.ndarray) -> np.ndarray:
        m = b.shape[0] - fw + 1
        band = b[0:m] + b[1:m + 1] if fw > 1 else b[0:m].copy()
        for d in range(2, fw):
            band += b[d:m + d]
        band /= np.float32(fw)
        return band

    if n < 4 * pad + 2:  # small frames: pad the whole array
        p = np.concatenate([np.repeat(a[:1], pad, axis=0), a, np.repeat(a[-1:], pad, axis=0)])
        band = band_mean(p)
        return np.minimum(band[:n], band[apart:apart + n])
    # the rows whose two bands lie inside the array, then the edge rows on small padded blocks
    band = band_mean(a)
    out = np.empty_like(a)
    np.minimum(band[0:n - 2 * pad], band[apart:apart + n - 2 * pad], out=out[pad:n - pad])
    out[:pad] = _darker_flank(a[:2 * pad], gap, fw)[:pad]
    out[n - pad:] = _darker_flank(a[n - 2 * pad:], gap, fw)[pad:]
    return out


def _line_response(frame: np.ndarray, bad: np.ndarray | None, outside, res_along: float, res_across: float,
                   params: DetectorParams) -> tuple[np.ndarray, np.ndarray]:
    """Thin-dark-line evidence in a sheared frame: (response, ridge mask).

    ``response`` = min(mean of the two flanking bands) - mean of the centre band, every band
    averaged along the line over ``line_window_m`` (a lattice shadow's see-through pattern
    integrates into one dark line). Because both flanks must be brighter, an edge (a building's
    or a crown's shadow boundary) scores low, and so does any dark area wider than the flank
    offset: the score is a thinness test. The ridge mask keeps the across-line maxima above
    ``line_threshold``, away from invalid pixels.
    """
    win = max(3, round(params.line_window_m / res_along) | 1)
    along = ndi.uniform_filter1d(frame, win, axis=1, mode="nearest")
    hb = max(0, round(0.5 * params.line_width_m / res_across - 0.5))
    gap = hb + 1 + max(0, round(0.6 / res_across))
    fw = max(2, round(2.0 / res_across))
    centre = _band_mean(along, -hb, hb) if hb else along
    resp = _darker_flank(along, gap, fw)
    resp -= centre
    if bad is None:
        near_bad = outside(gap + fw, win // 2 + 1)
    else:
        near_bad = ndi.maximum_filter(bad, size=(2 * (gap + fw) + 1, win + 2))
    ridge = resp > params.line_threshold
    ridge[1:] &= resp[1:] >= resp[:-1]
    ridge[:-1] &= resp[:-1] > resp[1:]
    ridge &= ~near_bad
    return resp, ridge


def _dilate_along(mask: np.ndarray, size: int) -> np.ndarray:
    """``maximum_filter1d(mask, size, axis=1)`` of a boolean array, by shifted ORs (small sizes)."""
    out = mask.copy()
    lo = size // 2  # the window of column j is j - lo .. j + size - 1 - lo, clipped at the edges
    for d in range(1, lo + 1):
        out[:, d:] |= mask[:, :-d]
    for d in range(1, size - lo):
        out[:, :-d] |= mask[:, d:]
    return out


def _segments_at(img: np.ndarray, invalid: np.ndarray, fill: float, angle: float, res: float,
                 params: DetectorParams, limit: int) -> list[_Segment]:
    """Straight thin dark lines along one axis direction (coordinates in ``img``'s grid)."""
    sh = _Shear(img.shape, angle)
    frame = sh.apply(img, np.float32(fill))
    bad = sh.apply(invalid, True) if invalid is not None else None
    res_along, res_across = res * sh.step_along, res * sh.step_across
    resp, ridge = _line_response(frame, bad, sh.outside, res_along, res_across, params)
    if not ridge.any():
        return []
    # join pieces of one shadow broken by a short gap (a crown, a bright patch), then label
    gap = max(1, round(3.0 / res_along))
    joined = _dilate_along(ridge, gap)
    labels, n = ndi.label(joined, structure=np.ones((3, 3), bool))
    if n == 0:
        return []
    kk, jj = np.nonzero(ridge)
    lab = labels[kk, jj]
    r = resp[kk, jj].astype(np.float64)
    # first and last column of each line: every label holds ridge pixels (it is a dilation of them)
    by_label = np.argsort(lab, kind="stable")
    first = np.flatnonzero(np.r_[True, np.diff(lab[by_label]) != 0])
    jmin = np.minimum.reduceat(jj[by_label], first)
    jmax = np.maximum.reduceat(jj[by_label], first)
    count = np.bincount(lab, minlength=n + 1)[1:]
    wsum = np.bincount(lab, r, minlength=n + 1)[1:]
    ksum = np.bincount(lab, r * kk, minlength=n + 1)[1:]
    kvar = np.bincount(lab, r * kk * kk, minlength=n + 1)[1:]
    extent = (jmax - jmin + 1).astype(float)
    length_m = extent * res_along
    with np.errstate(invalid="ignore", divide="ignore"):
        kmean = ksum / np.maximum(wsum, 1e-9)
        spread = np.sqrt(np.maximum(kvar / np.maximum(wsum, 1e-9) - kmean ** 2, 0.0)) * res_across
    continuity = count / extent
    ok = ((length_m >= 0.6 * params.min_shadow_m) & (length_m <= params.max_shadow_m * 1.3 + params.line_window_m)
          & (spread <= 1.5) & (continuity >= 0.5))
    if not ok.any():
        return []
    sel = np.flatnonzero(ok)
    sel = sel[np.argsort(-wsum[sel])][:limit]
    r0, c0 = sh.to_source(kmean[sel], jmin[sel].astype(float))
    r1, c1 = sh.to_source(kmean[sel], jmax[sel].astype(float))
    # a vote is bounded: one long wall or road must not outvote many short mast/pole/trunk shadows
    vote = (np.clip(wsum[sel] / np.maximum(count[sel], 1) - params.line_threshold, 0.0, 0.3)
            * np.minimum(length_m[sel] / 20.0, 1.0))
    return [_Segment(float(a), float(b), float(c), float(d), float(s), angle % math.pi, float(v))
            for a, b, c, d, s, v in zip(r0, c0, r1, c1, wsum[sel], vote)]


def _matched_segments(img: np.ndarray, invalid: np.ndarray | None, fill: float, angle: float, res: float,
                      params: DetectorParams, limit: int, direction: int = 0) -> list[_Segment]:
    """Shadows found by a matched filter along one axis: straight dark runs of any length.

    Unlike :func:`_segments_at` this does not need the line to be continuous: for every start
    position and every length from ``min_shadow_m`` to ``max_shadow_m`` (7.5 m steps) the mean
    line response over the run is weighed by the square root of its length (a sum of noisy
    evidence) and by how much the line runs on past its end (a mast shadow ends freely). A
    shadow crossing a tree crown or a textured canopy is still one run. ``direction`` +1/-1
    keeps runs going toward larger/smaller frame columns only (the shadow's side of the base
    when the sun is known); 0 keeps both.
    """
    sh = _Shear(img.shape, angle)
    frame = sh.apply(img, np.float32(fill))
    res_along, res_across = res * sh.step_along, res * sh.step_across
    win = max(1, round(2.0 / res_along) | 1)
    along = ndi.uniform_filter1d(frame, win, axis=1, mode="nearest")
    gap, fw = max(1, round(1.5 / res_across)), max(2, round(2.5 / res_across))
    resp = _darker_flank(along, gap, fw)
    resp -= along
    np.clip(resp, -0.3, 1.0, out=resp)
    if invalid is not None:
        bad = ndi.maximum_filter(sh.apply(invalid, True), size=(2 * (gap + fw) + 1, 3))
    else:
        bad = sh.outside(gap + fw, 1)
    resp[bad] = -0.3
    n = resp.shape[1]
    nb = max(1, round(4.0 / res_along))
    lengths = np.arange(max(params.min_shadow_m, 10.0), params.max_shadow_m + 1e-6, 7.5)
    runs = [max(2, round(length / res_along)) for length in lengths]
    if not runs:
        return []
    # running sums padded so that every window below is a plain slice (clipped at the edges)
    pad = max(runs) + nb + 1
    cs = np.zeros((resp.shape[0], n + 1 + 2 * pad), np.float32)
    np.cumsum(resp, axis=1, out=cs[:, pad + 1:pad + n + 1])
    cs[:, pad + n + 1:] = cs[:, pad + n:pad + n + 1]

    best = np.full(resp.shape, -np.inf, np.float32)
    dirs = (1, -1) if direction == 0 else (direction,)
    passes = [(d, length, nl) for d in dirs for length, nl in zip(lengths, runs)]
    half = np.float32(0.5 / nb)

    def run_score(out, d, length, nl, at, past_at):
        """(mean response over the run - half the mean darkness past its end) * sqrt(length)."""
        if d > 0:
            np.subtract(at(nl), at(0), out=out)
            past = past_at(nl)
        else:
            np.subtract(at(1), at(1 - nl), out=out)
            past = past_at(1 - nl - nb)
        np.divide(out, np.float32(nl), out=out)
        np.subtract(out, past, out=out)
        np.multiply(out, np.float32(math.sqrt(length)), out=out)
        return out

    # frame rows in chunks that stay in the processor's cache through the ~100 passes below
    chunk = max(1, 65536 // max(n, 1))
    score = np.empty((chunk, n), np.float32)
    beyond = np.empty((chunk, cs.shape[1] - nb), np.float32)
    for k0 in range(0, resp.shape[0], chunk):
        k1 = min(resp.shape[0], k0 + chunk)
        m = k1 - k0
        csk = cs[k0:k1]
        sc, bk = score[:m], best[k0:k1]
        # half the mean darkness of the nb samples from every position on (>= 0): the part of
        # the score for a line running on past the end of the run, whatever the run's length
        by = beyond[:m]
        np.subtract(csk[:, nb:], csk[:, :-nb], out=by)
        np.maximum(by, 0, out=by)
        np.multiply(by, half, out=by)

        def at(offset: int, a=csk) -> np.ndarray:
            """a[:, clip(j + offset, 0, n)] for every column j."""
            return a[:, pad + offset:pad + offset + n]

        def past_at(offset: int, a=by) -> np.ndarray:
            return a[:, pad + offset:pad + offset + n]

        for d, length, nl in passes:
            np.maximum(bk, run_score(sc, d, length, nl, at, past_at), out=bk)
    best[bad] = -np.inf
    reach = (max(1, round(3.0 / res_across)), max(1, round(12.0 / res_along)))
    peaks = (best >= _local_max(best, reach)) & np.isfinite(best) & (best > 0.25)
    kk, j0 = np.nonzero(peaks)
    if kk.size == 0:
        return []
    order = np.argsort(-best[kk, j0])[:limit]
    kk, j0 = kk[order], j0[order]
    # which run scored best at each peak: the same float32 arithmetic at those positions only,
    # the first (direction, length) reaching the maximum
    rows_cs = cs[kk]
    col = j0[:, None]

    def at_peak(offset: int) -> np.ndarray:
        return np.take_along_axis(rows_cs, col + (pad + offset), axis=1)

    def past_peak(offset: int) -> np.ndarray:
        c = col + (pad + offset)
        b = np.take_along_axis(rows_cs, c + nb, axis=1) - np.take_along_axis(rows_cs, c, axis=1)
        return np.maximum(b, 0) * half

    all_scores = np.stack([run_score(np.empty((kk.size, 1), np.float32), d, length, nl, at_peak, past_peak)[:, 0]
                           for d, length, nl in passes], axis=1)
    which = np.argmax(all_scores, axis=1)
    nl = np.array([p[2] for p in passes], np.int32)[which]
    dd = np.array([p[0] for p in passes], np.int32)[which]
    j1 = np.clip(j0 + dd * (nl - 1), 0, n - 1)
    r0, c0 = sh.to_source(kk.astype(float), j0.astype(float))
    r1, c1 = sh.to_source(kk.astype(float), j1.astype(float))
    sc = best[kk, j0]
    return [_Segment(float(a), float(b), float(c), float(d), float(s), angle % math.pi)
            for a, b, c, d, s in zip(r0, c0, r1, c1, sc)]


def _sliding_max(a: np.ndarray, half: int, axis: int) -> np.ndarray:
    """Maximum over ``i - half .. i + half`` along ``axis`` (clipped at the edges), in a few passes.

    Maxima of blocks of 1, 2, 4, ... samples, then every window as two overlapping blocks: about
    log2(window) array passes whatever the window (a sliding filter costs more per sample).
    """
    a = np.moveaxis(a, axis, 0)
    n, w = a.shape[0], 2 * half + 1
    pad = np.full((half, *a.shape[1:]), -np.inf, a.dtype)
    block = np.concatenate([pad, a, pad])  # block[i] = max of the samples i .. i + size - 1
    size = 1
    while 2 * size <= w:
        nxt = block[:block.shape[0] - size].copy()
        np.maximum(nxt, block[size:], out=nxt)
        block, size = nxt, 2 * size
    out = np.maximum(block[:n], block[w - size:w - size + n])
    return np.moveaxis(out, 0, axis)


def _local_max(a: np.ndarray, half: tuple[int, int]) -> np.ndarray:
    """``ndimage.maximum_filter(a, size=(2 * half + 1))`` of a 2-D float array without NaN."""
    return _sliding_max(_sliding_max(a, half[1], 1), half[0], 0)


def _dedupe_segments(segs: list[_Segment], tol_px: float) -> list[_Segment]:
    """Drop segments found again at a neighbouring angle (same line, similar axis).

    In decreasing score order, a segment is dropped when its midpoint lies on a kept segment
    (within ``tol_px`` across it and along its extent) of an axis within 16°.
    """
    if len(segs) < 2:
        return segs
    from scipy.spatial import cKDTree

    segs = sorted(segs, key=lambda s: -s.score)
    a = np.array([(s.r0, s.c0, s.r1, s.c1, s.angle) for s in segs], float)
    mid = 0.5 * (a[:, 0:2] + a[:, 2:4])
    d = a[:, 2:4] - a[:, 0:2]
    length = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)
    u = d / length[:, None]
    pairs = cKDTree(mid).query_pairs(float(length.max()) / 2 + 2 * tol_px, output_type="ndarray")
    # does the earlier (stronger) segment k cover segment i? all pairs at once
    k, i = pairs.min(axis=1), pairs.max(axis=1)
    da = np.abs(((a[i, 4] - a[k, 4]) + math.pi / 2) % math.pi - math.pi / 2)
    rel = mid[i] - a[k, 0:2]
    t = rel[:, 0] * u[k, 0] + rel[:, 1] * u[k, 1]
    off = np.abs(rel[:, 0] * u[k, 1] - rel[:, 1] * u[k, 0])
    covers = (da <= math.radians(16)) & (off <= tol_px) & (t >= -tol_px) & (t <= length[k] + tol_px)
    coverers: dict[int, list[int]] = {}
    for ii, kk in zip(i[covers].tolist(), k[covers].tolist()):
        coverers.setdefault(ii, []).append(kk)
    kept = np.zeros(len(segs), bool)
    for n in range(len(segs)):
        kept[n] = not any(kept[c] for c in coverers.get(n, ()))
    return [s for s, keep in zip(segs, kept) if keep]


def _proposals(img: np.ndarray, valid: np.ndarray, res: float, transform, params: DetectorParams,
               memo: dict | None = None) -> list[_Segment]:
    """Candidate shadow lines of a window (in ``img``'s grid).

    Sun known: the anti-sun axis ± ``axis_jitter_deg``. Sun
    searched: every ``SEARCH_STEP_DEG`` first; the axes whose few strongest lines are strongest
    win (masts, poles and trunks of one scene share the sun) and are refined ± a quarter step.
    ``memo`` keeps the lines found along an axis for the other looks over the window (the sun turned
    by 180° has the same axis), which get copies.
    """

    def along(key: tuple, find) -> list[_Segment]:
        if memo is None:
            return find()
        cache = memo.setdefault("proposals", {})
        key = (round(key[0], 9), *key[1:])  # an axis and its reverse differ in the last bits
        if key not in cache:
            cache[key] = find()
        return [replace(s) for s in cache[key]]

    invalid = None if valid.all() else ~valid
    area_km2 = img.shape[0] * img.shape[1] * res * res / 1e6
    max_segments = max(60, round(SEGMENTS_PER_KM2 * area_km2))
    max_matched = max(40, round(MATCHED_PER_KM2 * area_km2)) if MATCHED_PER_KM2 > 0 else 0
    fill = float(np.median(img[valid][:: max(1, int(valid.sum()) // 100000)])) if valid.any() else 0.0
    known = params.sun_azimuth
    if known is not None:
        axis = _axis_of_azimuth(transform, known)
        jit = math.radians(params.axis_jitter_deg)
        angles = [axis - jit, axis, axis + jit]
    else:
        step = math.radians(SEARCH_STEP_DEG)
        # the vote runs on a grid twice as coarse (~2 m): a mast's wedge still shows as a line
        s_img, s_inv, s_res = img, invalid, res
        if res < 1.5 and min(img.shape) >= 64:
            h, w = img.shape[0] // 2 * 2, img.shape[1] // 2 * 2
            s_img = img[:h, :w].reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))
            s_inv = None if invalid is None else invalid[:h, :w].reshape(h // 2, 2, w // 2, 2).any(axis=(1, 3))
            s_res = res * 2
        scored = []
        for k in range(round(math.pi / step)):
            segs = _segments_at(s_img, s_inv, fill, k * step, s_res, params, 40)
            scored.append((sum(sorted((s.vote for s in segs), reverse=True)[:10]), k * step))
        votes = np.array([v for v, _a in scored])
        n = len(votes)
        # the two strongest local peaks of the vote (a wall or a furrowed field may win one)
        peaks = [k for k in range(n) if votes[k] >= votes[k - 1] and votes[k] >= votes[(k + 1) % n]]
        peaks = sorted(peaks, key=lambda k: -votes[k])[:SEARCH_AXES]
        angles = [scored[k][1] + d * step / 4 for k in peaks for d in (-1, 1)]
    segs: list[_Segment] = []
    for a in angles:
        segs.extend(along((a, "lines", max_segments),
                          lambda a=a: _segments_at(img, invalid, fill, a, res, params, max_segments)))
    segs = sorted(_dedupe_segments(segs, max(2.0, 2.0 / res)), key=lambda s: -s.score)[:max_segments]
    if max_matched:
        matched: list[_Segment] = []
        if known is not None:
            shadow_az = (known + 180.0) % 360.0
            drow, dcol = _pixel_vector_of_azimuth(transform, shadow_az)
            axes = [(axis, 1 if (drow if _Shear(img.shape, axis).transposed else dcol) > 0 else -1)]
        else:
            axes = [(0.5 * (a + b), 0) for a, b in zip(angles[::2], angles[1::2])]
        for a, d in axes:
            matched.extend(along((a, "matched", max_matched, d),
                                 lambda a=a, d=d: _matched_segments(img, invalid, fill, a, res, params, max_matched,
                                                                    d)))
        matched = sorted(_dedupe_segments(matched, max(2.0, 2.0 / res)), key=lambda s: -s.score)[:max_matched]
        segs = segs + matched
    return segs


# -- stage 3: site evidence (site.py) ---------------------------------------------------------
#: Columns of the feature vector that :func:`.site.site_evidence_batch` fills (base structure,
#: panels, shelter, base brightness, cleared ground), in its order.
SITE_COLUMNS = (7, 8, 9, 14, 21)


# -- the per-window function -----------------------------------------------------------------
#: In clear imagery the darkest 0.1 % of a window (deep shadow, water) lie at most at about this
#: fraction of its median level (0.29-0.49 in the forest, 0.21-0.25 in Atlanta, 8-bit RGB and
#: 16-bit pan, 160 scenes at 0.3-1 m) ...
HAZE_DARK_RATIO = 0.5
#: ... and the darkest 1 % at least at about this fraction (0.46 and 0.28 at the least there: skylight
#: lights every shadow).
BLACK_DARK_RATIO = 0.25
#: A veil is only looked for where the darkest 0.1 % lie at least this fraction below the median
#: (a veiled scene with shadows: 0.28-0.37 under a veil of half its level), and is at most this
#: fraction of the median (the contrast left is at most doubled).
HAZE_MIN_SPREAD = 0.2
HAZE_MAX = 0.5


def haze_level(values: np.ndarray, median: float) -> float:
    """Grey level to take off every pixel before the logarithm (0 for clear imagery).

    Shadows darken the ground by a factor, which the logarithm turns into a difference the same
    for bright and dull imagery, as long as a pixel's level is proportional to the light it got.
    A veil added to every pixel (haze, path radiance) compresses those factors toward 1 (a mast's
    shadow that darkens the ground to 40 % shows as 60 % under a veil of half the ground's
    level); a black point set high (a contrast stretch, as web tiles and exported views often
    have) takes a level off every pixel and makes the darkest ones near-black, every dark patch a
    deep shadow. The darkest pixels tell: what the darkest 0.1 % stand above ``HAZE_DARK_RATIO``
    of the median is taken for a veil (positive, dark-object subtraction); what the darkest 1 %
    lack of ``BLACK_DARK_RATIO`` of it for a black point (negative: given back). Between the
    two, as clear imagery always is here, nothing changes.
    """
    if values.size == 0 or median <= 0:
        return 0.0
    dark, low = (float(v) for v in np.percentile(values, (0.1, 1.0)))
    if dark > HAZE_DARK_RATIO * median:
        if median - dark < HAZE_MIN_SPREAD * median:
            return 0.0  # no shadow at all (a field, water, plain texture): nothing tells a veil
        return min((dark - HAZE_DARK_RATIO * median) / (1.0 - HAZE_DARK_RATIO), HAZE_MAX * median)
    if low < BLACK_DARK_RATIO * median:
        return (low - BLACK_DARK_RATIO * median) / (1.0 - BLACK_DARK_RATIO)
    return 0.0


def _log_image(data: np.ndarray, fill: np.ndarray, offset: float, valid: np.ndarray, all_valid: bool) -> np.ndarray:
    """``log(fill + offset)`` as float32; 8/16-bit single-band imagery through a table of every level.

    The table holds the same float32 values as the direct computation (a 16-bit window has far
    more pixels than levels, and a logarithm per pixel is a large share of a window's work).
    """
    band = data if data.ndim == 2 else (data[0] if data.shape[0] < 3 else None)
    if band is None or band.dtype not in (np.uint8, np.uint16):
        return np.log(fill + offset, dtype=np.float32)
    table = np.log(np.arange(int(band.max()) + 1, dtype=np.float32) + offset, dtype=np.float32)
    out = table[band]
    if not all_valid:
        # invalid pixels hold the window's median level in ``fill``
        np.copyto(out, fill + np.float32(offset), where=~valid)
        np.log(out, out=out, where=~valid)
    return out


def detect_tile(data: np.ndarray, transform, params: DetectorParams | None = None, nodata=None,
                valid: np.ndarray | None = None, screen: bool = True) -> list[Candidate]:
    """Masts in one window: a pure function of (window data, window geotransform, parameters).

    ``data`` is (bands, rows, cols) or (rows, cols), any numeric dtype; ``transform`` the GDAL
    geotransform of the window (map units must be metres). Candidates whose shadow touches the
    window edge are left out (windows overlap so that a neighbour sees them whole). With the sun
    searched, all candidates are returned whatever their confidence (the sun is chosen from
    them; filter and suppress with :func:`reduce`); with the sun given, only those at
    ``params.min_confidence`` or above (the same result after :func:`reduce`, where a candidate
    below the threshold only suppresses less confident ones; a large raster's results stay
    small). With ``screen``, the lines the screening model rules out from the shadow alone are
    left out too (calibration turns it off to see every line).
    """
    params = params or DetectorParams()
    window = _prepare(data, transform, params, nodata, valid)
    return [] if window is None else _look(window, params, screen, None)


def detect_tile_looks(data: np.ndarray, transform, looks, nodata=None, valid: np.ndarray | None = None
                      ) -> list[list[Candidate]]:
    """:func:`detect_tile` along each of several suns over one window: its candidates for each of ``looks``
    (parameters that differ only in ``sun_azimuth`` and ``min_confidence``), in order.

    The same candidates as one :func:`detect_tile` per look, for less: the window is read into the
    detector's grids once, and what does not depend on the sun is measured once for all the looks (the
    lines along an axis, found again for the sun turned by 180°, their verification and their sites).
    A line measured again in another look gets the values of its first measurement, which can differ from
    those of a look alone in the last bits of a float (the lines are measured in other batches).
    """
    looks = list(looks)
    if not looks:
        return []
    same = replace(looks[0], sun_azimuth=None, min_confidence=0.0)
    for p in looks[1:]:
        if replace(p, sun_azimuth=None, min_confidence=0.0) != same:
            raise ValueError(tr("looks over one window may differ only in sun_azimuth and min_confidence"))
    window = _prepare(data, transform, looks[0], nodata, valid)
    if window is None:
        return [[] for _p in looks]
    memo: dict = {}
    return [_look(window, p, True, memo) for p in looks]


def detect_job(data: np.ndarray, transform, job, nodata=None, valid: np.ndarray | None = None):
    """A runner's job over one window (see ``tiling.RunJobs``): ``job`` is one :class:`DetectorParams`
    (its candidates, :func:`detect_tile`) or a tuple of them (the candidates of each, :func:`detect_tile_looks`)."""
    if isinstance(job, tuple):
        return detect_tile_looks(data, transform, job, nodata, valid)
    return detect_tile(data, transform, job, nodata, valid)


def job_runs(job) -> int:
    """How many window runs a job counts for in the progress (a tuple of looks: one per look)."""
    return len(job) if isinstance(job, tuple) else 1


@dataclass
class _Window:
    """A window in the detector's grids: what the looks along any sun start from."""

    transform: tuple
    res: float
    valid: np.ndarray
    all_valid: bool
    log_img: np.ndarray
    coarse_log: np.ndarray
    coarse_valid: np.ndarray
    coarse_res: float
    coarse_gt: tuple
    f: int
    #: (smoothed log image, valid as floats, median log level): made when a look first verifies lines
    verify_inputs: tuple | None = None

    def for_verification(self) -> tuple:
        if self.verify_inputs is None:
            valid = self.valid
            smooth = ndi.gaussian_filter(self.log_img, max(0.6, 0.4 / self.res), truncate=2.5)
            values = self.log_img.ravel() if self.all_valid else self.log_img[valid]
            level = float(np.median(values[::max(1, int(valid.size) // 50000)]))
            self.verify_inputs = (smooth, valid.astype(np.float32), level)
        return self.verify_inputs


def _prepare(data: np.ndarray, transform, params: DetectorParams, nodata, valid: np.ndarray | None
             ) -> _Window | None:
    """The window as :class:`_Window` (None when it holds too little imagery to search)."""
    res = pixel_size(transform)
    if not 0.05 <= res <= 5.0:
        raise ValueError(tr("pixel size {size} m is outside 0.05-5 m: the detector needs 0.3-1 m imagery in a "
                            "projected CRS in metres", size=num(res, "g")))
    gray = to_gray(data)
    if valid is None:
        valid = valid_mask(data, nodata)
    if gray.shape[0] < 16 or gray.shape[1] < 16 or valid.sum() < 256:
        return None
    all_valid = bool(valid.all())  # the common case: no mask to apply below

    def valid_values(a: np.ndarray) -> np.ndarray:
        return a.ravel() if all_valid else a[valid]

    sample = valid_values(gray)[:: max(1, int(valid.sum()) // 200000)]
    med = float(np.median(sample))
    unsigned = np.issubdtype(data.dtype, np.unsignedinteger)  # grey levels >= 0 already
    positive = gray if unsigned else np.maximum(gray, 0)
    fill = positive if all_valid else np.where(valid, positive, med)
    haze = haze_level(sample, med)
    if haze != 0:
        # a veil of haze taken off, a black point given back: shadows darken the ground by a factor again
        fill = np.maximum(fill - np.float32(haze), np.float32(0))
        med -= haze
    offset = max(med * 0.02, 1e-6)
    log_img = _log_image(data if haze == 0 else fill, fill, offset, valid, all_valid)
    # proposals on a coarse grid (~0.9 m): a lattice wedge integrates into one dark line
    f = max(1, round(params.proposal_resolution_m / res))
    if f > 1:
        h, w = (gray.shape[0] // f) * f, (gray.shape[1] // f) * f
        # block means (the same sums, in the same order, as .mean over the block axes; faster)
        cols = fill[:h, 0:w:f]
        for j in range(1, f):
            cols = cols + fill[:h, j:w:f]
        coarse = cols[0::f]
        for i in range(1, f):
            coarse = coarse + cols[i::f]
        coarse /= np.float32(f * f)
        coarse_valid = (np.ones((h // f, w // f), bool) if all_valid
                        else valid[:h, :w].reshape(h // f, f, w // f, f).all(axis=(1, 3)))
        coarse_log = np.log(coarse + offset, dtype=np.float32)
    else:
        coarse_log, coarse_valid = log_img, valid
    coarse_gt = (transform[0], transform[1] * f, transform[2] * f, transform[3], transform[4] * f, transform[5] * f)
    return _Window(transform, res, valid, all_valid, log_img, coarse_log, coarse_valid, res * f, coarse_gt, f)


def _memo_rows(memo: dict | None, name: str, rows: np.ndarray, measure) -> list:
    """``measure(rows)`` (a list, one item per row), each row measured once across the looks of ``memo``
    (rows already measured by another look take its values; the others are measured together)."""
    if memo is None:
        return list(measure(rows))
    cache = memo.setdefault(name, {})
    keys = [tuple(r) for r in np.asarray(rows, float).tolist()]
    todo = list(dict.fromkeys(k for k in keys if k not in cache))
    if todo:
        for k, value in zip(todo, measure(np.array(todo, float).reshape(len(todo), -1))):
            cache[k] = value
    return [cache[k] for k in keys]


def _look(window: _Window, params: DetectorParams, screen: bool, memo: dict | None) -> list[Candidate]:
    """:func:`detect_tile`'s search of a prepared window along ``params``' sun (or all directions); ``memo``
    shares what does not depend on the sun between the looks over one window (None: nothing shared)."""
    transform, res, f = window.transform, window.res, window.f
    segs = _proposals(window.coarse_log, window.coarse_valid, window.coarse_res, window.coarse_gt, params, memo)
    if not segs:
        return []
    if f > 1:
        off = (f - 1) / 2.0
        segs = [_Segment(s.r0 * f + off, s.c0 * f + off, s.r1 * f + off, s.c1 * f + off, s.score, s.angle)
                for s in segs]
    smooth, valid_f, window_level = window.for_verification()

    def measure(lines: np.ndarray) -> list:
        ok_, ends_, feats_ = verify_lines(smooth, valid_f, lines, res, params, window_level, window.all_valid)
        return list(zip(ok_, ends_, feats_))

    checked = _memo_rows(memo, "verify", np.array([(s.r0, s.c0, s.r1, s.c1) for s in segs]), measure)
    ok = np.array([c[0] for c in checked], bool)
    ends = np.array([c[1] for c in checked], float).reshape(-1, 4)
    feats = np.array([c[2] for c in checked], float).reshape(len(checked), 2, N_FEATURES)
    verified = []
    for i in np.flatnonzero(ok & (feats[:, 0, 2] >= params.min_shadow_m)):
        seg = segs[i]
        seg.r0, seg.c0, seg.r1, seg.c1 = map(float, ends[i])
        seg.angle = math.atan2(seg.c1 - seg.c0, seg.r1 - seg.r0) % math.pi
        verified.append((seg, (feats[i, 0].copy(), feats[i, 1].copy())))
    if not verified:
        return []
    # isolation: long shadows parallel to this one nearby (a forest of bare trees)
    mids = np.array([((s.r0 + s.r1) / 2, (s.c0 + s.c1) / 2) for s, _ in verified])
    angs = np.array([s.angle for s, _ in verified])
    all_mids = np.array([((s.r0 + s.r1) / 2, (s.c0 + s.c1) / 2) for s in segs])
    all_angs = np.array([s.angle for s in segs])
    from scipy.spatial import cKDTree

    near = cKDTree(all_mids).query_ball_point(mids, 40.0 / res)
    ii = np.repeat(np.arange(len(near)), [len(x) for x in near])
    jj = np.concatenate(near).astype(np.intp)
    dr, dc = (all_mids[jj] - mids[ii]).T
    off = np.abs(dr * np.sin(angs[ii]) - dc * np.cos(angs[ii])) * res  # across: another line, not a piece of it
    da = np.abs(((all_angs[jj] - angs[ii]) + math.pi / 2) % math.pi - math.pi / 2)
    is_parallel = (off > 3.0) & (np.hypot(dr, dc) * res < 40.0) & (da < math.radians(12))
    parallel = np.bincount(ii[is_parallel], minlength=len(verified))
    for i, (seg, (f0, f1)) in enumerate(verified):
        f0[10] = f1[10] = parallel[i]
        if params.sun_azimuth is not None:
            az01 = _azimuth_of_pixel_vector(transform, seg.r1 - seg.r0, seg.c1 - seg.c0)
            shadow_az = (params.sun_azimuth + 180.0) % 360.0
            f0[11] = math.cos(math.radians(az01 - shadow_az))
            f1[11] = -f0[11]
    shaped = shape.shape_features(smooth, np.array([(s.r0, s.c0, s.r1, s.c1) for s, _ in verified]), res)
    for (_seg, (f0, f1)), (p0, p1) in zip(verified, shaped):
        f0[SHAPE_START:], f1[SHAPE_START:] = p0, p1
    if screen:
        # a cheap first look at the shadow alone spares the site search for most lines
        scores = screen_scores(np.array([f for _seg, pair in verified for f in pair]))
        if scores is not None:
            best = scores.reshape(-1, 2).max(axis=1)
            verified = [v for v, b in zip(verified, best) if b >= _model_file()["screen_threshold"]]
            if not verified:
                return []
    cols_site = list(SITE_COLUMNS)
    evidence = _memo_rows(
        memo, "site", np.array([(s.r0, s.c0, s.r1, s.c1, f0[5]) for s, (f0, _f1) in verified]),
        lambda rows: site_evidence_batch(window.log_img, valid_f, rows[:, :4], rows[:, 4], res, params.site_radius_m))
    for (_seg, (f0, f1)), ev in zip(verified, evidence):
        f0[cols_site], f1[cols_site] = ev[0], ev[1]
    conf = np.asarray(confidence(np.array([f for _seg, pair in verified for f in pair]))).reshape(-1, 2)
    out: list[Candidate] = []
    floor = params.min_confidence if params.sun_azimuth is not None else -math.inf
    for (seg, (f0, f1)), (c0, c1) in zip(verified, conf.tolist()):
        if max(c0, c1) < floor:
            continue
        az01 = _azimuth_of_pixel_vector(transform, seg.r1 - seg.r0, seg.c1 - seg.c0)
        x0, y0 = _map_xy(transform, seg.r0 + 0.5, seg.c0 + 0.5)
        x1, y1 = _map_xy(transform, seg.r1 + 0.5, seg.c1 + 0.5)
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
    # every neighbourhood at once: bases near each base, bases near each tip
    near = tree.query_ball_point(pts, radius_m)
    near_tip = tree.query_ball_point(tips, radius_m)
    suppressed = np.zeros(len(order), bool)
    for i in range(len(order)):
        if suppressed[i]:
            continue
        kept.append(i)
        suppressed[near[i]] = True
        # the same shadow seen with its ends swapped: its base near this tip, its tip near this base
        j = np.asarray(near_tip[i], dtype=np.intp)
        if j.size:
            suppressed[j[np.sum((tips[j] - pts[i]) ** 2, axis=1) <= r2]] = True
    return [order[i] for i in kept]


class _SunSupport:
    """How strongly a set of candidates supports each sun: the summed confidence of the best
    ``SUN_TOP_K`` base hypotheses with the shadows' alignment to that sun as evidence."""

    def __init__(self, candidates: list[Candidate], sky: tuple | None = None):
        #: the suns the image's day holds (:func:`.sun.day_sky`; None: any)
        self.sky = sky
        # both base hypotheses of every candidate (a candidate without the other end twice)
        feats = np.array([h for c in candidates for h in (c.features, c.alt[2] if c.alt else c.features)], float)
        self.az = np.array([a for c in candidates for a in
                            (c.shadow_azimuth, (c.shadow_azimuth + 180.0) % 360.0 if c.alt else c.shadow_azimuth)])
        self.all_feats = feats.copy()
        # a hypothesis is worth re-scoring under a sun only if it could be confident under some sun
        feats[:, 11] = 1.0
        self.feats = feats
        # the trees that do not look at the sun give every hypothesis the same leaves under every
        # sun: evaluated once, only the others again for each sun (the same sums, tree by tree)
        self.model = builtin_model()
        self.sun_trees = self.model.uses(_sun_inputs())
        self.fixed = np.empty((len(feats), len(self.sun_trees)))
        self.fixed[:, ~self.sun_trees] = self.model.leaves(model_inputs(feats), ~self.sun_trees)
        self.best_case = self.scored(feats, self.fixed)
        keep = np.flatnonzero(self.best_case >= min(0.2, float(self.best_case.max()) * 0.999))
        # only the strongest can make a sun's top few: the search costs the same whatever the raster size
        self.keep = keep[np.argsort(-self.best_case[keep], kind="stable")[:SUN_SEARCH_MAX]]
        self.top = max(1, min(SUN_TOP_K, len(candidates)))

    def scored(self, f: np.ndarray, base: np.ndarray) -> np.ndarray:
        """Confidence of feature rows ``f`` whose sun-blind leaves are ``base``."""
        full = base.copy()
        full[:, self.sun_trees] = self.model.leaves(model_inputs(f), self.sun_trees)
        return self.model.predict_of_leaves(full)

    def __call__(self, shadow_dirs: np.ndarray) -> np.ndarray:
        """Support of each shadow direction (degrees; the sun is opposite)."""
        keep = self.keep
        f = np.repeat(self.feats[keep][None], len(shadow_dirs), axis=0)
        f[:, :, 11] = np.cos(np.radians(self.az[keep][None, :] - shadow_dirs[:, None]))
        # the sun-blind trees' part of the decision summed once per hypothesis, not copied for every
        # direction (the sums differ from :meth:`scored`'s in the last bits only: a ranking of suns)
        if getattr(self, "_blind_sum", None) is None:
            self._blind_sum = self.fixed[:, ~self.sun_trees].sum(axis=1)
        sun = self.model.leaves(model_inputs(f.reshape(-1, f.shape[-1])), self.sun_trees).sum(axis=1)
        decision = (self.model.base + self.model.offset) + np.tile(self._blind_sum[keep], len(shadow_dirs)) + sun
        conf = (1.0 / (1.0 + np.exp(-np.clip(decision, -40, 40)))).reshape(len(shadow_dirs), -1)
        conf = np.sort(conf, axis=1)[:, ::-1][:, :self.top]
        return conf.sum(axis=1)

    def in_sky(self, shadow_dirs: np.ndarray) -> np.ndarray:
        """``shadow_dirs`` whose sun the image's day holds (all of them without a day, or when it holds none)."""
        from .sun import sun_allowed

        if self.sky is None:
            return shadow_dirs
        kept = np.array([d for d in shadow_dirs if sun_allowed(self.sky, (d + 180.0) % 360.0)])
        return kept if kept.size else shadow_dirs

    def coarse(self) -> tuple[np.ndarray, np.ndarray]:
        """(shadow directions every 4° whose sun the day holds, their support), computed once."""
        if getattr(self, "_coarse", None) is None:
            dirs = self.in_sky(np.arange(0.0, 360.0, 4.0))
            self._coarse = (dirs, self(dirs))
        return self._coarse

    def refine(self, shadow_az: float) -> float:
        """The best shadow direction within 4° of ``shadow_az`` (every degree)."""
        fine = self.in_sky((shadow_az + np.arange(-4.0, 4.5, 1.0)) % 360.0)
        return float(fine[int(np.argmax(self(fine)))])


def day_sky_of(params: DetectorParams) -> tuple | None:
    """The suns the image's day holds (:func:`.sun.day_sky` of ``params.sun_day``; None: any)."""
    from .sun import day_sky

    if not params.sun_day:
        return None
    lat, lon, day = params.sun_day
    return day_sky(float(lat), float(lon), str(day))


def sun_evidence(candidates: list[Candidate], sky: tuple | None = None) -> _SunSupport | None:
    """What :func:`resolve_sun` and :func:`candidate_suns` measure of ``candidates`` under every sun (every sun
    the image's day holds, ``sky``), for both (None without candidates)."""
    return _SunSupport(candidates, sky) if candidates else None


def resolve_sun(candidates: list[Candidate], params: DetectorParams, support: _SunSupport | None = None
                ) -> tuple[list[Candidate], float | None]:
    """Make every candidate agree on one sun; return (candidates, sun azimuth used).

    With ``params.sun_azimuth`` the candidates already agree. Otherwise the sun is searched
    over all angles (every 4°, then every degree around the best): under each sun, every
    candidate is re-scored (its shadow's alignment with the anti-sun direction is part of the
    evidence), and the sun under which the scene's best few candidates are most confident wins
    -- the sun that makes the strongest masts. Every candidate is then re-scored with that sun.
    Returns the sun ``None`` (candidates unchanged) when no direction makes any candidate likely.
    ``support``: :func:`sun_evidence` of the same candidates, when already measured.
    """
    if params.sun_azimuth is not None or not candidates:
        return candidates, params.sun_azimuth
    support = support or _SunSupport(candidates, day_sky_of(params))
    if support.best_case.max() < 0.2:
        return candidates, None
    coarse, values = support.coarse()
    shadow_az = support.refine(coarse[int(np.argmax(values))])
    sun_az = (shadow_az + 180.0) % 360.0
    feats = support.all_feats.copy()
    feats[:, 11] = np.cos(np.radians(support.az - shadow_az))
    conf = support.scored(feats, support.fixed).reshape(-1, 2)
    out = []
    for i, c in enumerate(candidates):
        k = int(conf[i, 1] > conf[i, 0])
        f, other = tuple(map(float, feats[2 * i + k])), tuple(map(float, feats[2 * i + 1 - k]))
        out.append(_with_base(c, k == 1 and c.alt is not None, float(conf[i, k]), f, other))
    return out, sun_az


def candidate_suns(candidates: list[Candidate], count: int = 4, min_gap_deg: float = 20.0,
                   support: _SunSupport | None = None) -> list[float]:
    """The suns (azimuths, degrees) worth a full look, best first: the ``count`` strongest peaks
    of the support over all angles (see :func:`resolve_sun`), each refined to the degree, then
    each of them turned by 180° (which end of a shadow is its base is the least sure part of
    the evidence). Empty when no direction makes any candidate likely. ``support``: :func:`sun_evidence` of
    the same candidates, when already measured.
    """
    if not candidates:
        return []
    support = support or _SunSupport(candidates)
    if support.best_case.max() < 0.2:
        return []
    coarse, values = support.coarse()
    n = len(values)
    peaks = sorted((k for k in range(n) if values[k] >= values[k - 1] and values[k] >= values[(k + 1) % n]),
                   key=lambda k: -values[k])
    suns: list[float] = []
    for k in peaks:
        sun = (support.refine(coarse[k]) + 180.0) % 360.0
        if all(_angle_gap(sun, other) > min_gap_deg for other in suns):
            suns.append(sun)
        if len(suns) == count:
            break
    from .sun import sun_allowed

    flipped = [(s + 180.0) % 360.0 for s in suns]
    return suns + [f for f in flipped if all(_angle_gap(f, s) > min_gap_deg for s in suns)
                   and sun_allowed(support.sky, f)]


def _angle_gap(a: float, b: float) -> float:
    """Angle between two azimuths (degrees, 0-180)."""
    return abs(((a - b) + 180.0) % 360.0 - 180.0)


def shadow_sun(candidates: list[Candidate]) -> float | None:
    """The sun the candidates' shadows point away from (confidence-weighted circular mean, degrees).

    After :func:`reduce` every candidate agrees on one sun: with the sun searched this tells the
    analyst which one was found (None without candidates).
    """
    if not candidates:
        return None
    az = np.radians([(c.shadow_azimuth + 180.0) % 360.0 for c in candidates])
    w = np.array([max(c.confidence, 1e-9) for c in candidates])
    return float(math.degrees(math.atan2((w * np.sin(az)).sum(), (w * np.cos(az)).sum())) % 360.0)


def reduce(candidates: list[Candidate], params: DetectorParams) -> list[Candidate]:
    """Reduction of the per-window results: one sun, non-maximum suppression, threshold."""
    kept = nms(candidates, params.nms_radius_m * 0.4)  # drop exact duplicates from overlaps first
    kept, _sun = resolve_sun(kept, params)
    # a candidate below the threshold can only suppress less confident ones: the same result
    # as suppressing first, on far fewer candidates
    return nms([c for c in kept if c.confidence >= params.min_confidence], params.nms_radius_m)
