"""Shadow-aligned samples of the image around each base hypothesis, for the confidence model.

The hand-made features (:mod:`.verify`, :mod:`.site`) summarise a shadow and its site in a few
numbers each. These samples give the model the picture itself, in the frame of the hypothesis:
``u`` along the shadow from its base (metres, toward the tip), ``v`` across it (metres, both sides
folded: their mean and the darker one, since a site is laid out either way). All values are
log-brightness against the ground level around the hypothesis, each the mean of five bilinear
samples 0.5 m apart (a plus sign), so that the same mast gives about the same numbers at
0.3-1 m. Computed for every line and both of its ends at once.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

#: Base patch: along (u) and across (v > 0, folded) sample positions, metres.
BASE_U = (-8.0, -4.0, -2.0, 0.0, 2.0, 4.0, 8.0)
BASE_V = (1.5, 3.0, 6.0)
#: Shadow profile: fractions of the shadow length, and the flank offsets (m).
PROFILE_T = tuple((k + 0.5) / 8.0 for k in range(8))
PROFILE_NEAR_M = 1.5
PROFILE_FLANK_M = 4.0
#: Beyond the tip (m past it), on the axis.
TIP_U = (3.0, 6.0, 12.0)

#: Names of the values, in order.
NAMES: tuple[str, ...] = (
    tuple(f"base_u{u:+g}_{kind}" for u in BASE_U for kind in ("axis", *(f"{s}{v:g}" for v in BASE_V
                                                                        for s in ("mean", "dark"))))
    + tuple(f"profile_{i}_dark" for i in range(len(PROFILE_T)))
    + tuple(f"profile_{i}_near" for i in range(len(PROFILE_T)))
    + tuple(f"tip_u{u:+g}" for u in TIP_U)
)
COUNT = len(NAMES)

_PLUS = ((0.0, 0.0), (0.5, 0.0), (-0.5, 0.0), (0.0, 0.5), (0.0, -0.5))


def _sample(smooth: np.ndarray, r0, c0, ur, uc, u_px, v_px, res: float) -> np.ndarray:
    """Mean over a plus sign of bilinear samples at (u, v) pixels from (r0, c0) along (ur, uc).

    ``r0, c0, ur, uc`` are (M,) arrays, ``u_px, v_px`` broadcast against (M, K): returns (M, K).
    """
    out = None
    for du, dv in _PLUS:
        u = u_px + du / res
        v = v_px + dv / res
        rr = r0[:, None] + u * ur[:, None] - v * uc[:, None]
        cc = c0[:, None] + u * uc[:, None] + v * ur[:, None]
        s = ndi.map_coordinates(smooth, [rr, cc], order=1, mode="nearest")
        out = s if out is None else out + s
    return out / len(_PLUS)


def _folded(smooth, r0, c0, ur, uc, u_px, v_m: float, res: float) -> tuple[np.ndarray, np.ndarray]:
    """Mean and the darker of the samples at +v and -v (m) across the axis."""
    a = _sample(smooth, r0, c0, ur, uc, u_px, np.full_like(u_px, v_m / res), res)
    b = _sample(smooth, r0, c0, ur, uc, u_px, np.full_like(u_px, -v_m / res), res)
    return (a + b) / 2, np.minimum(a, b)


def shape_features(smooth: np.ndarray, ends: np.ndarray, res: float) -> np.ndarray:
    """(N, 2, :data:`COUNT`) samples of lines ``ends`` (N, 4: r0, c0, r1, c1, pixels) of the
    log-brightness image ``smooth``; ``[:, 0]`` with the base at (r0, c0), ``[:, 1]`` at (r1, c1)."""
    n = len(ends)
    if n == 0:
        return np.zeros((0, 2, COUNT))
    ends = np.asarray(ends, float)
    # both hypotheses of every line as rows: base (r0, c0) toward the tip, then the reverse
    base = np.concatenate([ends[:, :2], ends[:, 2:]])
    tip = np.concatenate([ends[:, 2:], ends[:, :2]])
    d = tip - base
    length = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-6)
    ur, uc = d[:, 0] / length, d[:, 1] / length
    r0, c0 = base[:, 0], base[:, 1]
    m = len(base)

    bu = np.broadcast_to(np.array(BASE_U) / res, (m, len(BASE_U)))
    axis = _sample(smooth, r0, c0, ur, uc, bu, np.zeros_like(bu), res)
    sides = [_folded(smooth, r0, c0, ur, uc, bu, v, res) for v in BASE_V]
    pt = length[:, None] * np.array(PROFILE_T)[None, :]
    centre = _sample(smooth, r0, c0, ur, uc, pt, np.zeros_like(pt), res)
    near_mean, _ = _folded(smooth, r0, c0, ur, uc, pt, PROFILE_NEAR_M, res)
    flank, _ = _folded(smooth, r0, c0, ur, uc, pt, PROFILE_FLANK_M, res)
    tu = length[:, None] + np.array(TIP_U)[None, :] / res
    tips = _sample(smooth, r0, c0, ur, uc, tu, np.zeros_like(tu), res)

    # ground level: the median of the outer ring of the base patch and the shadow's far flanks
    ground = np.median(np.concatenate([sides[-1][0], flank], axis=1), axis=1)[:, None]
    base_cols = [axis - ground]
    for mean, dark in sides:
        base_cols += [mean - ground, dark - ground]
    # (u, kind) order: for each u, the axis then (mean, dark) per v
    base_block = np.stack(base_cols, axis=2).reshape(m, -1)
    out = np.concatenate([base_block, flank - centre, near_mean - centre, tips - ground], axis=1)
    return out.reshape(2, n, COUNT).transpose(1, 0, 2)
