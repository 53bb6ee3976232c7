"""Synthetic test scenes: lattice masts drawn onto real tower-free imagery, with ground truth.

Backgrounds are the real orthophotos of ``../shared/data/imagery`` (NEON 10 cm RGB forest,
SpaceNet 0.5 m panchromatic Atlanta), resampled to the scene's ground resolution. One sun per
scene: every drawn shadow (mast, shelter, panels, distractors) points away from it, and the
SpaceNet background is only rotated by quarter turns together with its own sun (its trees'
shadows stay consistent). A third, procedural background (``"open"``: fields, furrows, paths, a
road, lone trees and farm buildings) widens what the confidence model is calibrated on.
Each mast is drawn physically in the ground plane, supersampled:

* shadow of four tapered legs with cross-bracing and the antenna cluster, projected along the
  anti-sun direction by ``z / tan(elevation)``; shadows darken the ground by a factor;
* the mast itself seen slightly off-nadir (leaning by ``z * tan(off-nadir)``), galvanised grey;
* optionally solar-panel arrays (dark, tilted, with their own short shadows), an equipment
  shelter (roof + shadow) and a cleared compound;
* distractors: poles (thin short shadows), long fence/wall shadows, sheds, dark tarps.

Then optics: Gaussian blur (PSF), signal-dependent noise, quantisation to the original dtype.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import ndimage as ndi

BACKGROUNDS = {
    # file, sun azimuth of the background's own shadows (deg), RGB?
    "atlanta": ("spacenet4_atlanta_pan_0p5m.tif", 165.0),
    "forest": ("OSBS_029.tif", None),
}


@dataclass
class Mast:
    x: float
    y: float
    height_m: float
    shadow_m: float
    panels: bool
    shelter: bool


@dataclass
class Scene:
    image: np.ndarray  # (bands, rows, cols)
    transform: tuple  # GDAL geotransform
    epsg: int
    resolution: float
    sun_azimuth: float
    sun_elevation: float
    masts: list[Mast] = field(default_factory=list)
    distractors: list[tuple[str, float, float]] = field(default_factory=list)
    nodata: float | None = None
    background: str = ""

    @property
    def truth(self) -> np.ndarray:
        return np.array([(m.x, m.y) for m in self.masts]).reshape(-1, 2)

    @property
    def area_km2(self) -> float:
        return self.image.shape[1] * self.image.shape[2] * self.resolution ** 2 / 1e6

    def write(self, path: Path | str, tiled: bool = False) -> Path:
        """Write the scene as a GeoTIFF (what the plugin reads)."""
        import rasterio
        from rasterio.transform import Affine

        gt = self.transform
        profile = {
            "driver": "GTiff", "width": self.image.shape[2], "height": self.image.shape[1],
            "count": self.image.shape[0], "dtype": self.image.dtype.name, "crs": f"EPSG:{self.epsg}",
            "transform": Affine.from_gdal(*gt),
        }
        if self.nodata is not None:
            profile["nodata"] = self.nodata
        if tiled:
            profile.update(tiled=True, blockxsize=256, blockysize=256)
        with rasterio.open(path, "w", **profile) as dst:
            dst.write(self.image)
        return Path(path)


# -- backgrounds -----------------------------------------------------------------------------
def load_background(data_dir: Path, name: str, resolution: float, size_px: int | None = None,
                    quarter_turns: int = 0):
    """(array float64 (bands, rows, cols), origin (x, y), epsg, dtype, background sun azimuth)."""
    import rasterio
    from rasterio.enums import Resampling

    fname, sun = BACKGROUNDS[name]
    with rasterio.open(Path(data_dir) / "imagery" / fname) as src:
        scale = src.res[0] / resolution
        h, w = max(8, round(src.height * scale)), max(8, round(src.width * scale))
        method = Resampling.average if scale < 1 else Resampling.bilinear
        arr = src.read(out_shape=(src.count, h, w), resampling=method).astype(np.float64)
        origin = (src.transform.c, src.transform.f)
        epsg = src.crs.to_epsg()
        dtype = src.dtypes[0]
    if name == "forest":
        arr = np.clip(arr, 1, 254)
    if quarter_turns:
        arr = np.rot90(arr, quarter_turns, axes=(1, 2)).copy()
        if sun is not None:
            sun = (sun - 90.0 * quarter_turns) % 360.0
    if size_px is not None and (arr.shape[1] < size_px or arr.shape[2] < size_px):
        reps = (1, math.ceil(size_px / arr.shape[1]), math.ceil(size_px / arr.shape[2]))
        # mirror tiling keeps the texture continuous (used for the small forest patch)
        tiles = [arr, arr[:, ::-1, :]]
        col = np.concatenate([tiles[i % 2] for i in range(reps[1])], axis=1)
        cols = [col, col[:, :, ::-1]]
        arr = np.concatenate([cols[i % 2] for i in range(reps[2])], axis=2)
    if size_px is not None:
        arr = arr[:, :size_px, :size_px]
    return arr, origin, epsg, dtype, sun


#: Ground colours of the open-country backgrounds (RGB, 8-bit) by season.
_GROUND = {
    "summer": [(96, 118, 62), (120, 132, 70), (138, 116, 84), (150, 140, 96), (84, 104, 58)],
    "dry": [(150, 128, 98), (172, 150, 112), (128, 110, 86), (186, 170, 134), (140, 132, 96)],
    "snow": [(214, 218, 226), (200, 204, 212), (226, 228, 232), (150, 146, 140), (188, 192, 200)],
}


def open_ground(seed: int, resolution: float, size_m: float = 400.0) -> np.ndarray:
    """Procedural open country (RGB float, 3 x n x n): fields of different crops or bare soil
    (Voronoi parcels), some ploughed (furrows 1.5-5 m apart at the parcel's own angle), paths
    along parcel borders, a dirt road, slow brightness variation and fine texture.

    Not a tested background: the confidence model is calibrated on it too, so that it does not
    learn only the two real backgrounds' clutter (most masts stand in open country)."""
    rng = np.random.default_rng(10_000 + seed)
    n = int(size_m / resolution)
    yy, xx = (np.mgrid[0:n, 0:n] + 0.5) * resolution
    palette = np.array(_GROUND[rng.choice(list(_GROUND), p=[0.45, 0.4, 0.15])], float)
    k = int(rng.integers(8, 30))
    centres = rng.uniform(0, size_m, (k, 2))
    # nearest and second-nearest centre of every pixel, one centre at a time (bounded memory)
    best, second, cell = np.full((n, n), np.inf), np.full((n, n), np.inf), np.zeros((n, n), np.intp)
    for i, (cx, cy) in enumerate(centres):
        di = np.hypot(xx - cx, yy - cy)
        closer = di < best
        second = np.where(closer, best, np.minimum(second, di))
        cell[closer] = i
        best = np.where(closer, di, best)
    border = (second - best) < rng.uniform(0.6, 1.6)  # a path or a ditch between parcels
    colour = palette[rng.integers(0, len(palette), k)] * rng.uniform(0.85, 1.15, (k, 1))
    img = colour[cell].transpose(2, 0, 1).copy()
    for j in range(k):
        if rng.random() < 0.5:  # ploughed or planted in rows
            ang = rng.uniform(0, math.pi)
            period = rng.uniform(1.5, 5.0)
            phase = (xx * math.cos(ang) + yy * math.sin(ang)) * 2 * math.pi / period
            img[:, cell == j] *= 1 + rng.uniform(0.03, 0.1) * np.sin(phase[cell == j])
    img[:, border] *= rng.uniform(0.8, 1.2)
    if rng.random() < 0.7:  # a dirt road across
        ang = rng.uniform(0, math.pi)
        off = np.abs((xx - size_m / 2) * math.sin(ang) - (yy - size_m / 2) * math.cos(ang) - rng.uniform(-150, 150))
        img[:, off < rng.uniform(1.5, 3.5)] = (palette.max(axis=0) * 1.1)[:, None]
    low = ndi.gaussian_filter(rng.standard_normal((n, n)), 25.0 / resolution)
    fine = ndi.gaussian_filter(rng.standard_normal((n, n)), max(0.5, 0.4 / resolution))
    img *= (1 + 0.08 * low / max(low.std(), 1e-9) + rng.uniform(0.02, 0.06) * fine / max(fine.std(), 1e-9))[None]
    return np.clip(img, 1, 254)


# -- geometry helpers (local metres: x east, y north) -----------------------------------------
def _hull(points: np.ndarray) -> np.ndarray:
    pts = sorted(map(tuple, np.asarray(points, float)))
    if len(pts) <= 2:
        return np.array(pts)

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return np.array(lower[:-1] + upper[:-1])


def _fill(xs, ys, poly, out):
    """OR the convex polygon ``poly`` (CCW) into boolean ``out`` sampled at (xs, ys)."""
    poly = np.asarray(poly, float)
    x_lo, x_hi = poly[:, 0].min(), poly[:, 0].max()
    y_lo, y_hi = poly[:, 1].min(), poly[:, 1].max()
    cols = np.flatnonzero((xs[0] >= x_lo - 1e-9) & (xs[0] <= x_hi + 1e-9))
    rows = np.flatnonzero((ys[:, 0] >= y_lo - 1e-9) & (ys[:, 0] <= y_hi + 1e-9))
    if cols.size == 0 or rows.size == 0:
        return
    sx = xs[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    sy = ys[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    inside = np.ones(sx.shape, bool)
    n = len(poly)
    for i in range(n):
        x1, y1 = poly[i]
        x2, y2 = poly[(i + 1) % n]
        inside &= (x2 - x1) * (sy - y1) - (y2 - y1) * (sx - x1) >= 0
    out[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1] |= inside


def _bar(p, q, width):
    """Convex quad (CCW) of a bar of ``width`` from p to q."""
    p, q = np.asarray(p, float), np.asarray(q, float)
    d = q - p
    n = np.hypot(*d)
    if n < 1e-9:
        d = np.array([1.0, 0.0])
        n = 1.0
    nrm = np.array([-d[1], d[0]]) / n * width / 2
    return _hull(np.array([p + nrm, q + nrm, q - nrm, p - nrm]))


def _rect(cx, cy, w, h, angle):
    c, s = math.cos(angle), math.sin(angle)
    pts = np.array([(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)])
    return pts @ np.array([[c, s], [-s, c]]) + (cx, cy)


def _swept(poly, height_lo, height_hi, shadow_vec):
    """Ground shadow of a prism with footprint ``poly`` between two heights."""
    poly = np.asarray(poly, float)
    return _hull(np.vstack([poly + height_lo * shadow_vec, poly + height_hi * shadow_vec]))


class _Canvas:
    """Supersampled local drawing around one site."""

    def __init__(self, scene_shape, transform, cx, cy, radius, ss=4):
        gt = transform
        res = gt[1]
        c0 = math.floor((cx - radius - gt[0]) / res)
        c1 = math.ceil((cx + radius - gt[0]) / res)
        r0 = math.floor((gt[3] - (cy + radius)) / res)
        r1 = math.ceil((gt[3] - (cy - radius)) / res)
        self.r0, self.r1 = max(0, r0), min(scene_shape[0], r1)
        self.c0, self.c1 = max(0, c0), min(scene_shape[1], c1)
        self.ss = ss
        sub = (np.arange(ss) + 0.5) / ss
        cols = (np.arange(self.c0, self.c1)[:, None] + sub[None, :]).ravel()
        rows = (np.arange(self.r0, self.r1)[:, None] + sub[None, :]).ravel()
        xs = gt[0] + cols * res - cx
        ys = gt[3] - rows * res - cy
        self.xs, self.ys = np.meshgrid(xs, ys)

    def new(self):
        return np.zeros(self.xs.shape, bool)

    def coverage(self, mask):
        h, w = self.r1 - self.r0, self.c1 - self.c0
        return mask.reshape(h, self.ss, w, self.ss).mean(axis=(1, 3))


# -- drawing ----------------------------------------------------------------------------------
def _colour(name, bands):
    rgb = {
        "metal": (1.35, 1.35, 1.40), "panel": (0.16, 0.20, 0.34), "roof_light": (1.55, 1.52, 1.45),
        "roof_red": (0.95, 0.55, 0.48), "roof_grey": (1.05, 1.10, 1.15), "gravel": (1.30, 1.24, 1.12),
        "tarp": (0.22, 0.28, 0.30),
    }[name]
    if bands >= 3:
        return np.array(rgb[:3] + (1.0,) * (bands - 3))
    return np.array([0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]] * bands)


class _Painter:
    def __init__(self, img, transform, sun_az, sun_el, ambient, rng, ground_ref):
        self.img = img
        self.transform = transform
        self.rng = rng
        self.ambient = ambient
        anti = math.radians(sun_az + 180.0)
        self.shadow_dir = np.array([math.sin(anti), math.cos(anti)])
        self.cot = 1.0 / math.tan(math.radians(sun_el))
        self.ground_ref = ground_ref  # per-band reference level (a sunlit median)

    def canvas(self, cx, cy, radius):
        return _Canvas(self.img.shape[1:], self.transform, cx, cy, radius)

    def shade(self, cv, mask, strength=1.0):
        cov = cv.coverage(mask) * strength
        sl = (slice(None), slice(cv.r0, cv.r1), slice(cv.c0, cv.c1))
        self.img[sl] *= 1.0 - cov[None] * (1.0 - self.ambient)

    def paint(self, cv, mask, colour, alpha=1.0, texture=0.0):
        cov = cv.coverage(mask) * alpha
        sl = (slice(None), slice(cv.r0, cv.r1), slice(cv.c0, cv.c1))
        value = (colour * self.ground_ref)[:, None, None]
        if texture:
            value = value * (1.0 + texture * self.rng.standard_normal(cov.shape)[None])
        self.img[sl] = self.img[sl] * (1.0 - cov[None]) + value * cov[None]

    # objects ---------------------------------------------------------------------------------
    def mast(self, cx, cy, height, panels, shelter, compound, lean):
        rng = self.rng
        L = height * self.cot
        cv = self.canvas(cx, cy, L + 30.0)
        sv = self.shadow_dir * self.cot  # ground offset per metre of height
        rot = rng.uniform(0, math.pi / 2)
        hb = rng.uniform(0.8, 1.6)  # half-width at the base
        ht = rng.uniform(0.3, 0.6)  # half-width at the top
        corners = np.array([(-1, -1), (1, -1), (1, 1), (-1, 1)], float)
        c, s = math.cos(rot), math.sin(rot)
        corners = corners @ np.array([[c, s], [-s, c]])

        def leg(k, z):
            return corners[k] * (hb + (ht - hb) * z / height)

        if compound:
            self.paint(cv, self._poly(cv, _rect(0, 0, rng.uniform(12, 24), rng.uniform(12, 24), rot)),
                       _colour("gravel", self.img.shape[0]), alpha=rng.uniform(0.4, 0.8), texture=0.06)
        site_objects = []
        # shelter and panels (footprints, then their shadows), kept off the mast shadow
        if shelter:
            ang = self._side_angle()
            d = rng.uniform(4.0, 8.0)
            w, h = rng.uniform(2.4, 3.5), rng.uniform(3.0, 6.0)
            fp = _rect(d * math.sin(ang), d * math.cos(ang), w, h, rot + rng.uniform(-0.2, 0.2))
            site_objects.append((fp, rng.uniform(2.4, 3.0),
                                 rng.choice(["roof_light", "roof_red", "roof_grey"])))
        if panels:
            ang = self._side_angle()
            d = rng.uniform(4.0, 10.0)
            rows_, cols_ = rng.integers(1, 3), rng.integers(2, 6)
            face = math.radians(rng.uniform(-15, 15))  # arrays face the sun, roughly
            axis = math.atan2(self.shadow_dir[0], self.shadow_dir[1]) + math.pi / 2 + face
            for i in range(rows_):
                for j in range(cols_):
                    ox = (j - (cols_ - 1) / 2) * 1.05
                    oy = (i - (rows_ - 1) / 2) * 2.2
                    cxp = d * math.sin(ang) + ox * math.cos(axis) - oy * math.sin(axis)
                    cyp = d * math.cos(ang) - ox * math.sin(axis) - oy * math.cos(axis)
                    site_objects.append((_rect(cxp, cyp, 1.0, 1.4, -axis), 1.1, "panel"))
        shadow = cv.new()
        for fp, h, _name in site_objects:
            _fill(cv.xs, cv.ys, _swept(fp, 0.0, h, sv), shadow)
        # the mast shadow: legs, bracing, antenna cluster
        leg_w = rng.uniform(0.15, 0.3)
        for k in range(4):
            _fill(cv.xs, cv.ys, _bar(leg(k, 0), leg(k, height) + height * sv, leg_w), shadow)
        # X-bracing on every face, a member every 1.2-2.5 m of height
        step = rng.uniform(1.2, 2.5)
        member = rng.uniform(0.07, 0.14)
        for z in np.arange(0.0, height - step, step):
            for a, b in ((0, 1), (1, 2), (2, 3), (3, 0)):
                for za, zb in ((z, z + step), (z + step, z)):
                    p = leg(a, za) + za * sv
                    q = leg(b, zb) + zb * sv
                    _fill(cv.xs, cv.ys, _bar(p, q, member), shadow)
        # cable ladder with the feeders up one face
        ladder_w = rng.uniform(0.25, 0.45)
        foot = 0.5 * (leg(0, 0) + leg(1, 0))
        head = 0.5 * (leg(0, height) + leg(1, height)) + height * sv
        _fill(cv.xs, cv.ys, _bar(foot, head, ladder_w), shadow)
        n_ant = rng.integers(3, 7)
        for i in range(n_ant):
            a = 2 * math.pi * i / n_ant + rot
            pos = np.array([math.sin(a), math.cos(a)]) * (ht + 0.4)
            face = np.array([math.cos(a), -math.sin(a)]) * 0.2
            top = height - rng.uniform(0.0, 2.0)
            fp = _hull(np.array([pos + face, pos - face, pos + face * 1.01 + 0.05, pos - face + 0.05]))
            _fill(cv.xs, cv.ys, _swept(fp, top - 1.4, top, sv), shadow)
        self.shade(cv, shadow)
        # objects seen from above
        for fp, _h, name in site_objects:
            self.paint(cv, self._poly(cv, fp), _colour(name, self.img.shape[0]))
        body = cv.new()
        for k in range(4):
            _fill(cv.xs, cv.ys, _bar(leg(k, 0), leg(k, height) + height * lean, leg_w * 1.3), body)
        for zz in np.arange(0, height, step):
            for a, b in ((0, 1), (1, 2), (2, 3), (3, 0)):
                _fill(cv.xs, cv.ys, _bar(leg(a, zz) + zz * lean, leg(b, zz) + zz * lean, member), body)
        top = height * lean
        _fill(cv.xs, cv.ys, _rect(top[0], top[1], 2 * ht + 0.9, 2 * ht + 0.9, rot), body)
        self.paint(cv, body, _colour("metal", self.img.shape[0]), alpha=0.85)
        return L

    def plain_mast(self, cx, cy, height, panels, shelter, compound):
        """A mast drawn more simply and more variously than :meth:`mast`: its shadow a wedge of
        one darkness (solid, laddered or two converging legs), with or without an antenna blob at
        the tip, its footprint a square, a triangle, four leg dots or nothing, blocks of panels and a
        shelter of any size. What another author of synthetic masts might draw: the detector must
        not depend on the details of one rendering."""
        rng = self.rng
        L = height * self.cot
        cv = self.canvas(cx, cy, L + 30.0)
        d = self.shadow_dir
        perp = np.array([d[1], -d[0]])
        wb = rng.uniform(0.6, 3.0)
        wt = rng.uniform(0.3, min(wb, 1.5))
        kind = rng.choice(["solid", "ladder", "legs"])
        shadow = cv.new()
        if kind == "legs":
            leg_w = rng.uniform(0.15, 0.4)
            for side in (-1, 1):
                _fill(cv.xs, cv.ys, _bar(side * perp * wb / 2, d * L + side * perp * wt / 2, leg_w), shadow)
        else:
            wedge = _hull(np.array([perp * wb / 2, -perp * wb / 2, d * L - perp * wt / 2, d * L + perp * wt / 2]))
            _fill(cv.xs, cv.ys, wedge, shadow)
            if kind == "ladder":  # see-through gaps between the bracing
                t = (cv.xs * d[0] + cv.ys * d[1]) % rng.uniform(1.2, 3.0)
                shadow &= t > rng.uniform(0.3, 0.9)
        if rng.random() < 0.5:  # the antenna cluster at the top
            r = rng.uniform(0.5, 1.5)
            disc = np.array([(r * math.cos(a), r * math.sin(a)) for a in np.linspace(0, 2 * math.pi, 12, False)])
            _fill(cv.xs, cv.ys, disc + d * (L - r), shadow)
        site = []
        if shelter:
            ang, dist = self._side_angle(), rng.uniform(3.0, 10.0)
            fp = _rect(dist * math.sin(ang), dist * math.cos(ang), rng.uniform(2.0, 4.0), rng.uniform(2.5, 6.0),
                       rng.uniform(0, math.pi))
            site.append((fp, rng.uniform(2.0, 3.0), str(rng.choice(["roof_light", "roof_red", "roof_grey"]))))
        if panels:
            ang, dist = self._side_angle(), rng.uniform(3.0, 12.0)
            for k in range(int(rng.integers(1, 4))):
                off = (k - 1) * rng.uniform(1.5, 3.0)
                fp = _rect(dist * math.sin(ang) + off * perp[0], dist * math.cos(ang) + off * perp[1],
                           rng.uniform(1.0, 3.0), rng.uniform(1.5, 5.0), rng.uniform(0, math.pi))
                site.append((fp, rng.uniform(0.5, 1.5), "panel"))
        site_shadow = cv.new()
        for fp, h, _name in site:
            _fill(cv.xs, cv.ys, _swept(fp, 0.0, h, d * self.cot), site_shadow)
        if compound:
            self.paint(cv, self._poly(cv, _rect(0, 0, rng.uniform(8, 24), rng.uniform(8, 24), rng.uniform(0, math.pi))),
                       _colour("gravel", self.img.shape[0]), alpha=rng.uniform(0.3, 0.8), texture=0.06)
        self.shade(cv, site_shadow)
        self.shade(cv, shadow, strength=rng.uniform(0.5, 1.0))
        for fp, _h, name in site:
            self.paint(cv, self._poly(cv, fp), _colour(name, self.img.shape[0]))
        foot = rng.choice(["square", "triangle", "dots", "none"])
        size, rot = rng.uniform(1.5, 5.0), rng.uniform(0, math.pi)
        colour = _colour(str(rng.choice(["metal", "roof_grey", "gravel", "tarp"])), self.img.shape[0])
        body = cv.new()
        if foot == "square":
            _fill(cv.xs, cv.ys, _rect(0, 0, size, size, rot), body)
        elif foot == "triangle":
            tri = np.array([(size / 2 * math.cos(rot + a), size / 2 * math.sin(rot + a)) for a in (0, 2.094, 4.189)])
            _fill(cv.xs, cv.ys, _hull(tri), body)
        elif foot == "dots":
            for a in (0.785, 2.356, 3.927, 5.498):
                dot = _rect(size / 2 * math.cos(rot + a), size / 2 * math.sin(rot + a), 0.4, 0.4, rot)
                _fill(cv.xs, cv.ys, dot, body)
        if body.any():
            self.paint(cv, body, colour, alpha=rng.uniform(0.6, 1.0))
        return L

    def wedge_mast(self, cx, cy, height, panels, shelter, _compound):
        """A third rendering, written apart from the other two and never fitted on: a solid tapered
        wedge of 50-90 % shadow, a bright square base, one panel block, one shelter."""
        rng = self.rng
        L = height * self.cot
        cv = self.canvas(cx, cy, L + 30.0)
        d = self.shadow_dir
        wb, wt = rng.uniform(1.0, 2.5), rng.uniform(0.4, 1.0)
        perp = np.array([d[1], -d[0]])
        m = cv.new()
        wedge = np.array([perp * wb / 2, -perp * wb / 2, d * L - perp * wt / 2, d * L + perp * wt / 2])
        _fill(cv.xs, cv.ys, _hull(wedge), m)
        self.shade(cv, m, strength=rng.uniform(0.5, 0.9))
        self._side_angle()  # drawn and not used (the scenes measured in README keep their draws)
        bands = self.img.shape[0]
        if shelter:
            a, r = self._side_angle(), rng.uniform(4, 8)
            fp = _rect(r * math.sin(a), r * math.cos(a), 3.0, 4.0, rng.uniform(0, math.pi))
            self.paint(cv, self._poly(cv, fp), _colour("roof_light", bands))
        if panels:
            a, r = self._side_angle(), rng.uniform(4, 9)
            w, h = rng.uniform(2, 5), rng.uniform(1.5, 3)
            fp = _rect(r * math.sin(a), r * math.cos(a), w, h, rng.uniform(0, math.pi))
            self.paint(cv, self._poly(cv, fp), _colour("panel", bands))
        b = rng.uniform(2, 4)
        base = _rect(0, 0, b, b, rng.uniform(0, math.pi))
        self.paint(cv, self._poly(cv, base), _colour("metal", bands), alpha=0.8)
        return L

    def _side_angle(self):
        """A direction around the base away from the mast shadow (azimuth, radians)."""
        anti = math.atan2(self.shadow_dir[0], self.shadow_dir[1])
        return anti + math.radians(self.rng.uniform(50, 310))

    def _poly(self, cv, poly):
        m = cv.new()
        _fill(cv.xs, cv.ys, _hull(poly), m)
        return m

    def pole(self, cx, cy, height):
        cv = self.canvas(cx, cy, height * self.cot + 5)
        m = cv.new()
        _fill(cv.xs, cv.ys, _bar((0, 0), height * self.cot * self.shadow_dir, self.rng.uniform(0.2, 0.35)), m)
        self.shade(cv, m)

    def wall(self, cx, cy, length, height):
        ang = self.rng.uniform(0, math.pi)
        d = np.array([math.sin(ang), math.cos(ang)]) * length / 2
        cv = self.canvas(cx, cy, length / 2 + height * self.cot + 3)
        m = cv.new()
        _fill(cv.xs, cv.ys, _swept(_bar(-d, d, 0.3), 0, height, self.shadow_dir * self.cot), m)
        self.shade(cv, m)

    def tree(self, cx, cy, height, crown):
        """A lone tree: its shadow (trunk, then the crown swept between its bottom and top), its crown."""
        cv = self.canvas(cx, cy, height * self.cot + crown + 5)
        sv = self.shadow_dir * self.cot
        disc = np.array([(crown * math.cos(a), crown * math.sin(a)) for a in np.linspace(0, 2 * math.pi, 16, False)])
        m = cv.new()
        low = max(1.0, height * self.rng.uniform(0.2, 0.7))  # the bare trunk below the crown
        _fill(cv.xs, cv.ys, _bar((0, 0), low * sv, self.rng.uniform(0.25, 0.5)), m)
        _fill(cv.xs, cv.ys, _swept(disc, low, height, sv), m)
        self.shade(cv, m)
        self.paint(cv, self._poly(cv, disc), np.array([0.55, 0.75, 0.45])[:self.img.shape[0]], texture=0.12)

    def shed(self, cx, cy, dark=False):
        cv = self.canvas(cx, cy, 15)
        fp = _rect(0, 0, self.rng.uniform(2, 5), self.rng.uniform(2, 6), self.rng.uniform(0, math.pi))
        if not dark:
            m = cv.new()
            _fill(cv.xs, cv.ys, _swept(fp, 0, self.rng.uniform(2, 3), self.shadow_dir * self.cot), m)
            self.shade(cv, m)
        self.paint(cv, self._poly(cv, fp), _colour("tarp" if dark else "roof_grey", self.img.shape[0]))


def make_scene(data_dir: Path, seed: int, background: str = "atlanta", resolution: float = 0.5,
               n_masts: int = 4, size_m: float | None = None, distractors: bool = True,
               sun_azimuth: float | None = None, style: str = "lattice") -> Scene:
    """One scene with ``n_masts`` masts on a real background, fixed by ``seed``.

    ``sun_azimuth`` sets the sun of the drawn masts (the seed's own otherwise; a background's
    own shadows keep their sun). ``style`` "lattice" draws every leg and brace of the mast and its
    shadow (:meth:`_Painter.mast`), "plain" a simpler, more varied rendering
    (:meth:`_Painter.plain_mast`), "wedge" a third one (:meth:`_Painter.wedge_mast`).
    """
    rng = np.random.default_rng(seed)
    turns = int(rng.integers(0, 4)) if background == "atlanta" else 0
    size_px = None if size_m is None else int(size_m / resolution)
    if background in ("forest", "open") and size_px is None:
        size_px = int(400.0 / resolution)
    if background == "open":
        bg = open_ground(seed, resolution, size_px * resolution)
        origin, epsg, dtype, bg_sun = (500_000.0, 4_300_000.0), 32652, "uint8", None
    else:
        bg, origin, epsg, dtype, bg_sun = load_background(data_dir, background, resolution, size_px, turns)
    sun_az = (bg_sun + rng.uniform(-8, 8)) % 360 if bg_sun is not None else rng.uniform(0, 360)
    if sun_azimuth is not None:
        sun_az = float(sun_azimuth) % 360
    sun_el = rng.uniform(28, 45) if background == "atlanta" else rng.uniform(30, 65)
    _bands, rows, cols = bg.shape
    transform = (origin[0], resolution, 0.0, origin[1], 0.0, -resolution)
    lum = bg.mean(axis=0)
    ground_ref = np.array([np.percentile(b, 60) for b in bg])
    ambient = rng.uniform(0.28, 0.5)
    img = bg.copy()
    painter = _Painter(img, transform, sun_az, sun_el, ambient, rng, ground_ref)
    width_m, height_m = cols * resolution, rows * resolution
    placed: list[tuple[float, float, float]] = []
    masts = []
    attempts = 0
    lean_dir = rng.uniform(0, 2 * math.pi)
    lean = np.array([math.sin(lean_dir), math.cos(lean_dir)]) * math.tan(math.radians(rng.uniform(0, 12)))
    while len(masts) < n_masts and attempts < 500:
        attempts += 1
        h = rng.uniform(20, 50)
        L = h / math.tan(math.radians(sun_el))
        margin = L + 30
        if 2 * margin >= min(width_m, height_m):
            continue
        x = rng.uniform(margin, width_m - margin)
        y = rng.uniform(margin, height_m - margin)
        if any(math.hypot(x - px, y - py) < (L + pl) + 40 for px, py, pl in placed):
            continue
        placed.append((x, y, L))
        mx, my = origin[0] + x, origin[1] - y
        panels, shelter = bool(rng.random() < 0.6), bool(rng.random() < 0.5)
        if style in ("plain", "wedge"):
            draw = painter.plain_mast if style == "plain" else painter.wedge_mast
            draw(mx, my, h, panels, shelter, bool(rng.random() < 0.4))
        else:
            painter.mast(mx, my, h, panels, shelter, bool(rng.random() < 0.5), lean)
        masts.append(Mast(mx, my, h, L, panels, shelter))
    extras = []
    if distractors:
        kinds = ["pole"] * int(rng.integers(2, 6)) + ["wall"] * int(rng.integers(0, 3)) + \
            ["shed"] * int(rng.integers(1, 4)) + ["tarp"] * int(rng.integers(0, 3))
        if background == "open":  # lone trees and farm buildings in the fields
            kinds += ["tree"] * int(rng.integers(3, 25)) + ["shed"] * int(rng.integers(0, 6))
        for kind in kinds:
            for _ in range(50):
                x, y = rng.uniform(20, width_m - 20), rng.uniform(20, height_m - 20)
                if all(math.hypot(x - px, y - py) > pl + 35 for px, py, pl in placed):
                    break
            else:
                continue
            mx, my = origin[0] + x, origin[1] - y
            if kind == "pole":
                painter.pole(mx, my, rng.uniform(5, 10))
            elif kind == "tree":
                painter.tree(mx, my, rng.uniform(6, 25), rng.uniform(1.5, 5.0))
            elif kind == "wall":
                painter.wall(mx, my, rng.uniform(60, 160), rng.uniform(1.5, 2.5))
            else:
                painter.shed(mx, my, dark=kind == "tarp")
            extras.append((kind, mx, my))
    # optics: blur, noise, quantisation
    psf = rng.uniform(0.45, 0.9)
    img = ndi.gaussian_filter(img, (0, psf, psf))
    noise = rng.uniform(0.01, 0.035) * float(np.median(lum))
    img = img + rng.standard_normal(img.shape) * noise * np.sqrt(np.maximum(img, 1) / max(np.median(lum), 1))
    info = np.iinfo(dtype) if np.issubdtype(np.dtype(dtype), np.integer) else None
    if info is not None:
        hi = 254 if dtype == "uint8" else info.max
        img = np.clip(np.round(img), 1, hi).astype(dtype)
    return Scene(img, transform, epsg, resolution, sun_az, sun_el, masts, extras,
                 None, background)


def contrast_stretch(img: np.ndarray) -> tuple[np.ndarray, float]:
    """A 2-98 % contrast stretch of integer imagery (black point at the 2nd percentile), as web
    tiles and exported views often have: (stretched image, offset added to a level of 0)."""
    f = img.astype(np.float64)
    lo, hi = np.percentile(f, [2, 98])
    top = float(np.iinfo(img.dtype).max)
    scale = (top - 1) / (hi - lo)
    return np.round(np.clip((f - lo) * scale, 0, top - 1) + 1).astype(img.dtype), -lo * scale


def match(detected: np.ndarray, truth: np.ndarray, distance: float = 15.0) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives), greedy one-to-one by distance."""
    detected = np.asarray(detected, float).reshape(-1, 2)
    truth = np.asarray(truth, float).reshape(-1, 2)
    used = set()
    tp = 0
    for d in detected:
        if truth.size == 0:
            break
        dist = np.hypot(*(truth - d).T)
        for j in np.argsort(dist):
            if dist[j] > distance:
                break
            if j not in used:
                used.add(int(j))
                tp += 1
                break
    return tp, len(detected) - tp, len(truth) - tp


def scene_settings(seed: int) -> tuple[str, float]:
    """Background and ground resolution of scene ``seed`` (alternating, 0.3-1 m)."""
    if seed % 2:
        return "atlanta", (0.3, 0.5, 0.75, 1.0)[(seed // 2) % 4]
    return "forest", (0.3, 0.5, 0.6, 0.4)[(seed // 2) % 4]
