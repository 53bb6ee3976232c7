"""Coverage on a raster grid: footprints, overlap counts and best server, fast and windowed.

The engine works on a grid (usually the population raster's) and never on unioned polygons:

* **cell-centre rule** — a cell is covered by a station when its centre lies inside the
  station's footprint (disc of radius ``r``, or the union of its sector wedges);
* **omni stations on a metric grid** are stamped as exact row intervals: for every grid row
  crossing a disc, the covered columns are ``|x - x_s| <= sqrt(r² - (y_row - y_s)²)``; the
  interval ends go into a difference array whose running sum along each row is the overlap
  count. No per-cell distance is computed, no Python loop runs per station;
* **sectored stations, grids in a non-metric CRS (geographic, Web Mercator) and visibility
  masks** go through a per-station window where cell-centre distances (and bearings) are
  evaluated in the metric working CRS;
* work proceeds in bands of rows, so memory stays bounded whatever the raster size.

Terrain hook
------------
Every counting function accepts ``visibility``: a callable
``visibility(station_index, rows: slice, cols: slice) -> bool array`` of shape
``(rows.stop - rows.start, cols.stop - cols.start)`` giving the cells of that grid window
which see the station (e.g. a line-of-sight viewshed). A cell counts for a station only
where its footprint **and** its visibility are true. ``None`` (default) means open terrain.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .messages import num, tr

#: Vertices of a full circle in footprint polygons: the polygon area is within 0.04 % of the disc.
CIRCLE_SEGMENTS = 144

Visibility = Callable[[int, slice, slice], np.ndarray]


class CoverageInputError(ValueError):
    """Invalid coverage input (message names the station, field or parameter)."""


# -- grid ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Grid:
    """A north-up raster grid: top-left corner ``(x0, y0)``, cell size, shape."""

    x0: float
    y0: float
    res_x: float
    res_y: float
    width: int
    height: int

    @classmethod
    def from_geotransform(cls, gt: Sequence[float], width: int, height: int) -> Grid:
        if abs(gt[2]) > 1e-12 or abs(gt[4]) > 1e-12:
            raise CoverageInputError(tr("rotated rasters are not supported: warp the raster to a north-up grid "
                                        "first"))
        if not (gt[1] > 0 and gt[5] < 0):
            raise CoverageInputError(tr("rasters stored south-up or right-to-left (pixel size {x} x {y}) are not "
                                        "supported: warp the raster to a north-up grid first", x=num(gt[1], "g"),
                                        y=num(gt[5], "g")))
        return cls(float(gt[0]), float(gt[3]), float(gt[1]), float(-gt[5]), int(width), int(height))

    @classmethod
    def covering(cls, xmin: float, ymin: float, xmax: float, ymax: float, res: float) -> Grid:
        width = max(1, math.ceil((xmax - xmin) / res))
        height = max(1, math.ceil((ymax - ymin) / res))
        return cls(float(xmin), float(ymax), float(res), float(res), width, height)

    def geotransform(self) -> tuple[float, float, float, float, float, float]:
        return (self.x0, self.res_x, 0.0, self.y0, 0.0, -self.res_y)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0 - self.height * self.res_y, self.x0 + self.width * self.res_x, self.y0)

    def col_centers(self, c0: int = 0, c1: int | None = None) -> np.ndarray:
        c1 = self.width if c1 is None else c1
        return self.x0 + (np.arange(c0, c1) + 0.5) * self.res_x

    def row_centers(self, r0: int = 0, r1: int | None = None) -> np.ndarray:
        r1 = self.height if r1 is None else r1
        return self.y0 - (np.arange(r0, r1) + 0.5) * self.res_y

    def window_transform(self, r0: int, c0: int = 0) -> tuple:
        """GDAL geotransform of the sub-grid starting at row ``r0``, column ``c0``."""
        return (self.x0 + c0 * self.res_x, self.res_x, 0.0, self.y0 - r0 * self.res_y, 0.0, -self.res_y)


class CellLocator:
    """Metric (working-CRS) coordinates of grid cell centres.

    ``identity`` when the grid CRS is itself the metric working CRS; otherwise ``to_metric``
    (arrays of grid x, y -> metric x, y) and ``to_grid`` (the inverse) are pyproj transforms.
    """

    def __init__(self, grid: Grid, to_metric: Callable | None = None, to_grid: Callable | None = None):
        self.grid = grid
        self.to_metric = to_metric
        self.to_grid = to_grid
        #: (metric x, y, latitude) of the poles of a grid in degrees: a disc around one reaches every longitude
        self.poles: list[tuple[float, float, float]] = []

    @property
    def identity(self) -> bool:
        return self.to_metric is None

    @classmethod
    def between(cls, grid: Grid, grid_crs, metric_crs) -> CellLocator:
        """Locator for a grid in ``grid_crs`` working in ``metric_crs`` (anything pyproj accepts)."""
        from pyproj import CRS, Transformer

        src, dst = CRS.from_user_input(grid_crs), CRS.from_user_input(metric_crs)
        if src == dst:
            return cls(grid)
        fwd = Transformer.from_crs(src, dst, always_xy=True)
        inv = Transformer.from_crs(dst, src, always_xy=True)
        if not src.is_geographic:
            return cls(grid, fwd.transform, inv.transform)
        # longitudes come back in [-180, 180]: take the turn nearest the grid's middle, so that a
        # station at -179.95° finds its cells on a grid running from 179.5° to 180.5° (and back)
        middle = grid.x0 + grid.width * grid.res_x / 2.0

        def to_grid(x, y):
            gx, gy = inv.transform(x, y)
            gx = np.asarray(gx, dtype=float)
            return middle + (gx - middle + 180.0) % 360.0 - 180.0, gy

        locator = cls(grid, fwd.transform, to_grid)
        for lat in (90.0, -90.0):
            px, py = fwd.transform(0.0, lat)
            if math.isfinite(px) and math.isfinite(py):
                locator.poles.append((float(px), float(py), lat))
        return locator

    def xy(self, rows: slice, cols: slice) -> tuple[np.ndarray, np.ndarray]:
        xs = self.grid.col_centers(cols.start, cols.stop)
        ys = self.grid.row_centers(rows.start, rows.stop)
        gx, gy = np.meshgrid(xs, ys)
        if self.identity:
            return gx, gy
        mx, my = self.to_metric(gx, gy)
        return np.asarray(mx), np.asarray(my)

    def window(self, x: float, y: float, r: float) -> tuple[slice, slice] | None:
        """Grid rows/cols that may hold cell centres within ``r`` metres of metric point (x, y)."""
        g = self.grid
        if self.identity:
            xmin, xmax, ymin, ymax = x - r, x + r, y - r, y + r
        else:
            ang = np.linspace(0.0, 2.0 * np.pi, 33)
            px = np.concatenate([[x], x + r * np.cos(ang), x + r * np.cos(ang) * 0.7071])
            py = np.concatenate([[y], y + r * np.sin(ang), y + r * np.sin(ang) * 0.7071])
            gx, gy = self.to_grid(px, py)
            gx, gy = np.asarray(gx), np.asarray(gy)
            if not (np.all(np.isfinite(gx)) and np.all(np.isfinite(gy))):
                return None
            padx, pady = g.res_x, g.res_y
            xmin, xmax, ymin, ymax = gx.min() - padx, gx.max() + padx, gy.min() - pady, gy.max() + pady
            for px, py, lat in self.poles:
                # two rows of cells (degrees of latitude as metres) to spare: near a pole a few points of
                # the circle say little of the longitudes it spans
                if math.hypot(px - x, py - y) <= r + 2.0 * pady * 111_320.0:
                    # a disc around (or next to) a pole: cells of every longitude, up to the pole's row
                    xmin, xmax = g.x0, g.x0 + g.width * g.res_x
                    ymax, ymin = (max(ymax, lat + pady), ymin) if lat > 0 else (ymax, min(ymin, lat - pady))
        c0 = max(0, math.ceil((xmin - g.x0) / g.res_x - 0.5))
        c1 = min(g.width - 1, math.floor((xmax - g.x0) / g.res_x - 0.5))
        r0 = max(0, math.ceil((g.y0 - ymax) / g.res_y - 0.5))
        r1 = min(g.height - 1, math.floor((g.y0 - ymin) / g.res_y - 0.5))
        if c0 > c1 or r0 > r1:
            return None
        return slice(r0, r1 + 1), slice(c0, c1 + 1)


# -- stations ---------------------------------------------------------------------------------
@dataclass
class Footprints:
    """Stations in the metric working CRS.

    ``azimuths[i]`` is an array of sector bearings (degrees clockwise from grid north; empty
    for an omnidirectional station), ``beamwidth[i]`` the sector width in degrees.
    ``budgets[i]`` (optional, :class:`..radio.LinkBudget`) serves the "strongest" best server.
    """

    x: np.ndarray
    y: np.ndarray
    radius: np.ndarray
    azimuths: list = field(default_factory=list)
    beamwidth: np.ndarray | None = None
    budgets: list | None = None
    heights: np.ndarray | None = None

    def __post_init__(self):
        self.x = np.asarray(self.x, dtype=float)
        self.y = np.asarray(self.y, dtype=float)
        self.radius = np.broadcast_to(np.asarray(self.radius, dtype=float), self.x.shape).copy()
        n = len(self.x)
        if not self.azimuths:
            self.azimuths = [np.empty(0)] * n
        self.azimuths = [np.asarray(a, dtype=float) for a in self.azimuths]
        if self.beamwidth is None:
            self.beamwidth = np.full(n, 120.0)
        self.beamwidth = np.broadcast_to(np.asarray(self.beamwidth, dtype=float), (n,)).copy()
        if len(self.y) != n or len(self.azimuths) != n:
            raise CoverageInputError("station arrays have different lengths")
        bad = ~np.isfinite(self.x) | ~np.isfinite(self.y)
        if bad.any():
            raise CoverageInputError(tr("station {i}: position is not a finite number", i=int(np.argmax(bad))))
        badr = ~np.isfinite(self.radius) | (self.radius <= 0)
        if badr.any():
            i = int(np.argmax(badr))
            raise CoverageInputError(tr("station {i}: radius {value} m must be a positive number", i=i,
                                        value=repr(self.radius[i])))

    @property
    def n(self) -> int:
        return len(self.x)

    def sectored(self) -> np.ndarray:
        """True for stations whose footprint is made of wedges (fewer than 360° covered)."""
        out = np.zeros(self.n, dtype=bool)
        with_az = np.fromiter((len(a) > 0 for a in self.azimuths), dtype=bool, count=self.n)
        for i in np.nonzero(with_az)[0]:
            out[i] = not _full_circle(self.azimuths[i], self.beamwidth[i])
        return out

    def subset(self, index) -> Footprints:
        index = np.asarray(index)
        if index.dtype == bool:
            index = np.nonzero(index)[0]
        return Footprints(self.x[index], self.y[index], self.radius[index], [self.azimuths[i] for i in index],
                          self.beamwidth[index],
                          [self.budgets[i] for i in index] if self.budgets is not None else None,
                          self.heights[index] if self.heights is not None else None)


def _full_circle(azimuths: np.ndarray, beamwidth: float) -> bool:
    if beamwidth >= 360.0:
        return True
    if len(azimuths) == 0:
        return True
    az = np.sort(np.mod(azimuths, 360.0))
    gaps = np.diff(np.concatenate([az, [az[0] + 360.0]]))
    return bool(np.all(gaps <= beamwidth + 1e-9))


def in_footprint(dx: np.ndarray, dy: np.ndarray, radius: float, azimuths: np.ndarray, beamwidth: float) -> np.ndarray:
    """Cells at offset (dx, dy) metres from a station inside its disc / sector wedges."""
    inside = dx * dx + dy * dy <= radius * radius
    if len(azimuths) == 0 or _full_circle(azimuths, beamwidth):
        return inside
    bearing = np.degrees(np.arctan2(dx, dy)) % 360.0
    half = beamwidth / 2.0
    in_any = np.zeros_like(inside)
    for az in azimuths:
        diff = np.abs((bearing - az + 180.0) % 360.0 - 180.0)
        in_any |= diff <= half + 1e-9
    in_any |= (dx == 0) & (dy == 0)
    return inside & in_any


# -- counting --------------------------------------------------------------------------------
def _disc_row_ranges(grid: Grid, y: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rmin = np.ceil((grid.y0 - (y + r)) / grid.res_y - 0.5).astype(np.int64)
    rmax = np.floor((grid.y0 - (y - r)) / grid.res_y - 0.5).astype(np.int64)
    return np.maximum(rmin, 0), np.minimum(rmax, grid.height - 1)


def _stamp_intervals(grid: Grid, x, y, r, rmin, rmax, r0: int, r1: int) -> np.ndarray:
    """Overlap count of omni discs for rows [r0, r1) by row intervals (int32)."""
    h, w = r1 - r0, grid.width
    lo = np.maximum(rmin, r0)
    hi = np.minimum(rmax, r1 - 1)
    keep = hi >= lo
    if not keep.any():
        return np.zeros((h, w), dtype=np.int32)
    x, y, r, lo, hi = x[keep], y[keep], r[keep], lo[keep], hi[keep]
    counts = hi - lo + 1
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(x)), counts)
    starts = np.cumsum(counts) - counts
    rows = lo[owner] + (np.arange(total) - starts[owner])
    dy = (grid.y0 - (rows + 0.5) * grid.res_y) - y[owner]
    half = np.sqrt(np.maximum(r[owner] ** 2 - dy * dy, 0.0))
    sx = x[owner]
    cmin = np.ceil((sx - half - grid.x0) / grid.res_x - 0.5).astype(np.int64)
    cmax = np.floor((sx + half - grid.x0) / grid.res_x - 0.5).astype(np.int64)
    cmin = np.maximum(cmin, 0)
    cmax = np.minimum(cmax, w - 1)
    ok = cmax >= cmin
    rows, cmin, cmax = rows[ok] - r0, cmin[ok], cmax[ok]
    stride = w + 1
    size = h * stride
    diff = np.bincount(rows * stride + cmin, minlength=size)[:size]
    diff -= np.bincount(rows * stride + cmax + 1, minlength=size)[:size]
    out = np.cumsum(diff.reshape(h, stride), axis=1, dtype=np.int32)
    return out[:, :w]


def station_mask(locator: CellLocator, fp: Footprints, i: int, scale: float = 1.0,
                 visibility: Visibility | None = None, row_range: tuple[int, int] | None = None):
    """``(rows, cols, mask)`` of station ``i``'s covered cell centres, or None when it covers none.

    ``row_range`` limits the window to grid rows [start, stop).
    """
    r = fp.radius[i] * scale
    win = locator.window(fp.x[i], fp.y[i], r)
    if win is None:
        return None
    rows, cols = win
    if row_range is not None:
        rows = slice(max(rows.start, row_range[0]), min(rows.stop, row_range[1]))
        if rows.stop <= rows.start:
            return None
    mx, my = locator.xy(rows, cols)
    mask = in_footprint(mx - fp.x[i], my - fp.y[i], r, fp.azimuths[i], fp.beamwidth[i])
    if visibility is not None and mask.any():
        vis = np.asarray(visibility(i, rows, cols), dtype=bool)
        if vis.shape != mask.shape:
            raise CoverageInputError(f"visibility mask of station {i} has shape {vis.shape}, expected {mask.shape}")
        mask &= vis
    return rows, cols, mask


def _stamp_window(out: np.ndarray, r0: int, locator: CellLocator, fp: Footprints, i: int, scale: float,
                  visibility: Visibility | None) -> None:
    """Add station ``i``'s footprint (rows clipped to the band starting at r0) into ``out``."""
    found = station_mask(locator, fp, i, scale, visibility, (r0, r0 + out.shape[0]))
    if found is None:
        return
    rows, cols, mask = found
    out[rows.start - r0:rows.stop - r0, cols] += mask


def count_band(locator: CellLocator, fp: Footprints, scale: float, r0: int, r1: int,
               visibility: Visibility | None = None, check: Callable | None = None) -> np.ndarray:
    """Number of footprints covering each cell centre of rows [r0, r1) (int32, shape (r1-r0, W))."""
    grid = locator.grid
    if fp.n == 0:
        return np.zeros((r1 - r0, grid.width), dtype=np.int32)
    radius = fp.radius * scale
    fast = np.zeros(fp.n, dtype=bool)
    if locator.identity and visibility is None:
        fast = ~fp.sectored()
    if fast.any():
        idx = np.nonzero(fast)[0]
        rmin, rmax = _disc_row_ranges(grid, fp.y[idx], radius[idx])
        out = _stamp_intervals(grid, fp.x[idx], fp.y[idx], radius[idx], rmin, rmax, r0, r1)
    else:
        out = np.zeros((r1 - r0, grid.width), dtype=np.int32)
    slow = np.nonzero(~fast)[0]
    if len(slow):
        # only stations whose window may reach the band
        for k, i in enumerate(slow):
            if check is not None and k % 256 == 0:
                check()
            _stamp_window(out, r0, locator, fp, int(i), scale, visibility)
    return out


def iter_bands(height: int, band_rows: int):
    for r0 in range(0, height, band_rows):
        yield r0, min(height, r0 + band_rows)


def count_grid(locator: CellLocator, fp: Footprints, scale: float = 1.0, visibility: Visibility | None = None,
               band_rows: int = 512, check: Callable | None = None, dtype=np.uint16) -> np.ndarray:
    """Overlap count over the whole grid (``dtype``, saturating at its maximum).

    With a visibility hook every station is visited once (the hook is called once per station).
    """
    grid = locator.grid
    out = np.zeros((grid.height, grid.width), dtype=dtype)
    top = np.iinfo(dtype).max
    if visibility is not None:
        for i in range(fp.n):
            if check is not None and i % 256 == 0:
                check()
            found = station_mask(locator, fp, i, scale, visibility)
            if found is None:
                continue
            rows, cols, mask = found
            view = out[rows, cols]
            np.add(view, mask & (view < top), out=view, casting="unsafe")
        return out
    for r0, r1 in iter_bands(grid.height, band_rows):
        if check is not None:
            check()
        band = count_band(locator, fp, scale, r0, r1, visibility, check)
        np.minimum(band, top, out=band)
        out[r0:r1] = band
    return out


def coverage_bits(locator: CellLocator, fp: Footprints, factors: Sequence[float],
                  visibility: Visibility | None = None, check: Callable | None = None,
                  window: tuple[int, int, int, int] | None = None) -> np.ndarray:
    """One byte per cell: bit k set where the cell centre is covered at radius × ``factors[k]``.

    Every station is visited once, in its window at the largest factor (footprint, sectors and
    ``visibility`` evaluated once; at most 8 factors). Exact cell-centre rule, any grid CRS.
    ``window`` = (r0, r1, c0, c1) limits the output to those cells (same values as the whole
    grid's bits there: cell centres are computed from grid indices either way).
    """
    if len(factors) > 8:
        raise CoverageInputError("at most 8 radius factors at once")
    grid = locator.grid
    wr0, wr1, wc0, wc1 = window if window is not None else (0, grid.height, 0, grid.width)
    bits = np.zeros((wr1 - wr0, wc1 - wc0), dtype=np.uint8)
    fmax = float(max(factors))
    for i in range(fp.n):
        if check is not None and i % 256 == 0:
            check()
        r = fp.radius[i] * fmax
        win = locator.window(fp.x[i], fp.y[i], r)
        if win is None:
            continue
        rows, cols = win
        if window is not None:
            rows = slice(max(rows.start, wr0), min(rows.stop, wr1))
            cols = slice(max(cols.start, wc0), min(cols.stop, wc1))
            if rows.stop <= rows.start or cols.stop <= cols.start:
                continue
        mx, my = locator.xy(rows, cols)
        dx, dy = mx - fp.x[i], my - fp.y[i]
        inside = in_footprint(dx, dy, r, fp.azimuths[i], fp.beamwidth[i])
        if not inside.any():
            continue
        if visibility is not None:
            vis = np.asarray(visibility(i, rows, cols), dtype=bool)
            if vis.shape != inside.shape:
                raise CoverageInputError(f"visibility mask of station {i} has shape {vis.shape}, "
                                         f"expected {inside.shape}")
            inside &= vis
            if not inside.any():
                continue
        d2 = dx * dx + dy * dy
        code = np.zeros(inside.shape, dtype=np.uint8)
        for k, f in enumerate(factors):
            rf = fp.radius[i] * f
            code |= ((d2 <= rf * rf) & inside).astype(np.uint8) << k
        bits[rows.start - wr0:rows.stop - wr0, cols.start - wc0:cols.stop - wc0] |= code
    return bits


def best_server(locator: CellLocator, fp: Footprints, scale: float = 1.0, mode: str = "nearest",
                visibility: Visibility | None = None, check: Callable | None = None) -> np.ndarray:
    """Index of the serving station per cell (-1 where nothing covers), clipped to coverage.

    ``mode="nearest"``: the closest covering station. ``mode="strongest"``: the covering
    station with the highest received level (``fp.budgets`` link budgets with the path-loss
    model; stations without a budget rank by distance only after those with one).
    """
    if mode not in ("nearest", "strongest"):
        raise CoverageInputError(tr("unknown best-server mode {mode} (expected nearest or strongest)",
                                    mode=repr(mode)))
    grid = locator.grid
    best = np.full((grid.height, grid.width), -1, dtype=np.int32)
    score = np.full((grid.height, grid.width), np.inf, dtype=np.float64)
    from .radio import received_level_dbm

    for i in range(fp.n):
        if check is not None and i % 256 == 0:
            check()
        found = station_mask(locator, fp, i, scale, visibility)
        if found is None or not found[2].any():
            continue
        rows, cols, mask = found
        mx, my = locator.xy(rows, cols)
        dist = np.hypot(mx - fp.x[i], my - fp.y[i])
        if mode == "strongest" and fp.budgets is not None and fp.budgets[i] is not None:
            h = fp.heights[i] if fp.heights is not None else None
            metric = -np.asarray(received_level_dbm(fp.budgets[i], dist, h), dtype=float)
        elif mode == "strongest":
            metric = 1e6 + dist  # no budget: ranked after every station with one
        else:
            metric = dist
        sub_score = score[rows, cols]
        better = mask & (metric < sub_score)
        sub_score[better] = metric[better]
        sub_best = best[rows, cols]
        sub_best[better] = i
    return best


def points_covered(fp: Footprints, scale: float, px: np.ndarray, py: np.ndarray,
                   visible: Callable | None = None) -> np.ndarray:
    """Number of footprints covering each point (metric coordinates).

    ``visible(station_index, px, py) -> bool array`` (e.g. terrain line of sight) masks each
    station's footprint at the points.
    """
    px = np.asarray(px, dtype=float)
    py = np.asarray(py, dtype=float)
    out = np.zeros(len(px), dtype=np.int32)
    if fp.n == 0 or len(px) == 0:
        return out
    from scipy.spatial import cKDTree

    tree = cKDTree(np.column_stack([px, py]))
    for i in range(fp.n):
        r = fp.radius[i] * scale
        near = np.asarray(tree.query_ball_point([fp.x[i], fp.y[i]], r * 1.000001 + 1e-6), dtype=np.int64)
        if not len(near):
            continue
        hit = in_footprint(px[near] - fp.x[i], py[near] - fp.y[i], r, fp.azimuths[i], fp.beamwidth[i])
        if visible is not None and hit.any():
            hit &= np.asarray(visible(i, px[near], py[near]), dtype=bool)
        out[near[hit]] += 1
    return out


# -- polygons ---------------------------------------------------------------------------------
def footprint_polygon(x: float, y: float, radius: float, azimuths=(), beamwidth: float = 360.0,
                      segments: int = CIRCLE_SEGMENTS):
    """Shapely polygon of one footprint (disc, or union of wedges) in metric coordinates."""
    from shapely.geometry import Polygon
    from shapely.ops import unary_union

    azimuths = np.asarray(azimuths, dtype=float)
    if len(azimuths) == 0 or _full_circle(azimuths, beamwidth):
        ang = np.linspace(0.0, 2.0 * np.pi, segments, endpoint=False)
        return Polygon(np.column_stack([x + radius * np.sin(ang), y + radius * np.cos(ang)]))
    wedges = []
    for az in azimuths:
        n = max(2, math.ceil(segments * beamwidth / 360.0))
        bearings = np.radians(np.linspace(az - beamwidth / 2.0, az + beamwidth / 2.0, n + 1))
        ring = [(x, y), *zip(x + radius * np.sin(bearings), y + radius * np.cos(bearings))]
        wedges.append(Polygon(ring))
    return unary_union(wedges) if len(wedges) > 1 else wedges[0]


def footprint_polygons(fp: Footprints, scale: float = 1.0, segments: int = CIRCLE_SEGMENTS) -> list:
    return [footprint_polygon(fp.x[i], fp.y[i], fp.radius[i] * scale, fp.azimuths[i], fp.beamwidth[i], segments)
            for i in range(fp.n)]


def raster_to_polygons(values: np.ndarray, grid: Grid, mask: np.ndarray | None = None) -> list[tuple[object, int]]:
    """(shapely polygon, value) for each connected area of equal value (rasterio.features.shapes)."""
    from rasterio.features import shapes
    from rasterio.transform import Affine
    from shapely.geometry import shape

    transform = Affine.from_gdal(*grid.geotransform())
    arr = np.ascontiguousarray(values.astype(np.int32))
    return [(shape(geom), int(val)) for geom, val in shapes(arr, mask=mask, transform=transform, connectivity=4)]


def overlap_classes(count: np.ndarray, top: int = 3) -> np.ndarray:
    """1, 2, ..., ``top`` (meaning top or more); 0 where uncovered."""
    return np.minimum(count, top).astype(np.uint8)


def auto_resolution(radii: np.ndarray, extent_w: float, extent_h: float, max_cells: int = 4_000_000) -> float:
    """A cell size fine enough for the smallest footprint and coarse enough for ``max_cells``."""
    rmin = float(np.min(radii)) if len(radii) else 1000.0
    res = max(rmin / 40.0, 1.0)
    cells = (extent_w / res) * (extent_h / res)
    if cells > max_cells:
        res *= math.sqrt(cells / max_cells)
    return res
