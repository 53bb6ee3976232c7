"""Line of sight from base stations over a DEM: which cells each station can see.

Everything here works on a north-up **metric** grid (:class:`Grid`, e.g. the UTM zone of the
data's centre; ``qgis_io.dem`` reprojects any DEM onto one). Heights are metres, distances
metres, frequencies MHz.

Method
------
The visibility of each station is computed with the reference-plane sweep of Wang et al.
(2000), the method of ``gdal_viewshed`` (edge mode): moving outwards ring by ring, each cell is
compared with the sight plane interpolated from its two neighbours one ring closer to the
station; a cell is visible when ``ground + target height >= plane`` and the plane carried on is
the higher of ground and plane. Earth curvature and refraction lower every cell by ``d² / (2 k R)``
(``k`` = effective earth-radius factor, 4/3 by default; this equals gdal_viewshed's ``-cc`` of
``1/k``). Results match gdal_viewshed's conventions (observer cell and the two cells beside it on
its row are visible), so the two can be compared cell by cell.

The sweep is vectorised: each station's window is cut into four triangular sectors (north,
south, east, west), re-oriented so that every sector sweeps along its rows, and all sectors of a
batch of stations advance together — one numpy operation per ring for the whole batch, no
Python loop per cell. Batches are sized from ``TerrainParams.max_batch_mb``, so memory stays
bounded however many stations there are.

Optional first-Fresnel-zone clearance (``fresnel_clearance`` > 0): a geometrically visible
cell is kept only when the straight path to it clears ``fraction x r1`` above every terrain
sample (one per ring crossed), with ``r1 = sqrt(lambda d1 d2 / d)`` at the station's frequency.
This check costs O(radius³) per station and is much slower than the sweep. With handsets at
1.5 m the ground next to the receiver obstructs the zone beyond a few kilometres (that is the
physics of the criterion): use it for elevated receivers or links.

Nodata (NaN) cells are never visible and do not block: the sight plane passes over them.
Cells outside the grid do not exist (coverage is cut at the grid edge).

API for the coverage engine
---------------------------
- :func:`visibility_masks` ``(dem, grid, observers, params, progress, check)`` yields one
  :class:`StationMask` per station (window offset on ``grid`` + boolean mask), a batch at a time:
  AND it with the station's footprint on the same grid.
- :func:`visible_count` ``(dem, grid, observers, params, progress, check)`` returns the uint16
  raster of the number of stations in sight per cell (0 where none).
- :func:`viewshed` for one station; :func:`count_polygons` turns a count raster into polygons.
``observers`` is an :class:`Observers` (grid x/y, antenna height, radius, frequency per station),
built with :func:`make_observers`. ``progress(fraction)`` receives 0-1; ``check()`` raises to
cancel (e.g. ``tasks.base.Canceled``) — nothing is returned for a canceled run.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from .messages import num, tr

#: WGS84 semi-major axis (m): the sphere radius gdal_viewshed uses for a WGS84-based CRS.
EARTH_RADIUS_M = 6378137.0
SPEED_OF_LIGHT = 299_792_458.0
DTYPE = np.float32


class TerrainError(ValueError):
    """Bad input to the line-of-sight computation (message says what and where)."""


@dataclass(frozen=True)
class Grid:
    """A north-up raster grid in a metric CRS: ``x0``/``y0`` are the left/top edges."""

    x0: float
    y0: float
    dx: float
    dy: float
    width: int
    height: int
    crs_wkt: str = ""

    @property
    def geotransform(self) -> tuple[float, float, float, float, float, float]:
        return (self.x0, self.dx, 0.0, self.y0, 0.0, -self.dy)

    @property
    def shape(self) -> tuple[int, int]:
        return (self.height, self.width)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax)."""
        return (self.x0, self.y0 - self.height * self.dy, self.x0 + self.width * self.dx, self.y0)

    def rowcol(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Row and column of the cells containing points (may be outside the grid)."""
        col = np.floor((np.asarray(x, dtype=float) - self.x0) / self.dx).astype(np.int64)
        row = np.floor((self.y0 - np.asarray(y, dtype=float)) / self.dy).astype(np.int64)
        return row, col

    def cell_center(self, row, col) -> tuple[np.ndarray, np.ndarray]:
        x = self.x0 + (np.asarray(col, dtype=float) + 0.5) * self.dx
        y = self.y0 - (np.asarray(row, dtype=float) + 0.5) * self.dy
        return x, y

    @classmethod
    def from_geotransform(cls, gt, width: int, height: int, crs_wkt: str = "") -> Grid:
        if abs(gt[2]) > 1e-12 or abs(gt[4]) > 1e-12 or gt[1] <= 0 or gt[5] >= 0:
            raise TerrainError(tr("the DEM grid must be north-up (no rotation, rows going south)"))
        return cls(float(gt[0]), float(gt[3]), float(gt[1]), float(-gt[5]), int(width), int(height), crs_wkt)


@dataclass(frozen=True)
class TerrainParams:
    """Settings of the line-of-sight computation (heights m, frequency MHz)."""

    target_height_m: float = 1.5
    refraction_k: float = 4.0 / 3.0
    earth_radius_m: float = EARTH_RADIUS_M
    #: Earth curvature (with refraction ``refraction_k``) lowers distant terrain.
    curvature: bool = True
    #: Required clear share of the first Fresnel zone (0 = plain line of sight).
    fresnel_clearance: float = 0.0
    #: Working memory of one batch of stations (MB); the batch size follows from it.
    max_batch_mb: float = 64.0

    def validate(self) -> None:
        if not math.isfinite(self.target_height_m) or self.target_height_m < 0:
            raise TerrainError(tr("target height must be a number >= 0 m, got {value}", value=self.target_height_m))
        if self.curvature and not (self.refraction_k > 0):
            raise TerrainError(tr("refraction factor k must be > 0, got {value}", value=self.refraction_k))
        if not 0.0 <= self.fresnel_clearance <= 1.0:
            raise TerrainError(tr("Fresnel clearance must be between 0 and 1, got {value}",
                                  value=self.fresnel_clearance))
        if self.max_batch_mb <= 0:
            raise TerrainError("max_batch_mb must be > 0")

    @property
    def curvature_coefficient(self) -> float:
        """gdal_viewshed's ``-cc``: terrain drops by ``cc * d² / (2 R)``; ``cc = 1/k``."""
        return curvature_coefficient(self.refraction_k) if self.curvature else 0.0


def curvature_coefficient(refraction_k: float) -> float:
    """The curvature coefficient of gdal_viewshed (``-cc``) for an effective earth-radius factor k.

    gdal_viewshed lowers terrain by ``cc * d² / D`` (D = earth diameter); the refracted ray over
    an earth of radius ``k R`` gives ``d² / (2 k R)``, so ``cc = 1/k`` (k = 4/3 -> 0.75; GDAL's
    suggested 0.85714 is k = 7/6, the refraction of light).
    """
    if math.isinf(refraction_k):
        return 0.0
    if not refraction_k > 0:
        raise TerrainError(tr("refraction factor k must be > 0, got {value}", value=refraction_k))
    return 1.0 / refraction_k


@dataclass
class Observers:
    """Stations on the grid: positions (grid CRS), antenna height above ground, radius, frequency."""

    x: np.ndarray
    y: np.ndarray
    height_m: np.ndarray
    radius_m: np.ndarray
    frequency_mhz: np.ndarray

    def __len__(self) -> int:
        return len(self.x)


def make_observers(x, y, height_m=30.0, radius_m=10000.0, frequency_mhz=2100.0) -> Observers:
    """Build :class:`Observers`; scalars are broadcast, NaN heights/radii/frequencies are errors."""
    x = np.atleast_1d(np.asarray(x, dtype=float))
    y = np.atleast_1d(np.asarray(y, dtype=float))
    if x.shape != y.shape or x.ndim != 1:
        raise TerrainError("x and y must be 1-D arrays of the same length")
    n = len(x)
    out = Observers(
        x, y,
        np.broadcast_to(np.asarray(height_m, dtype=float), (n,)).copy(),
        np.broadcast_to(np.asarray(radius_m, dtype=float), (n,)).copy(),
        np.broadcast_to(np.asarray(frequency_mhz, dtype=float), (n,)).copy(),
    )
    for name, values, low in (("x", out.x, -np.inf), ("y", out.y, -np.inf), ("antenna height", out.height_m, 0.0),
                              ("radius", out.radius_m, 0.0), ("frequency", out.frequency_mhz, 0.0)):
        bad = ~np.isfinite(values) | (values < low)
        if name in ("radius", "frequency"):
            bad |= values <= 0
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise TerrainError(tr("station {i}: {field} {value} is not valid", i=i, field=name,
                                  value=repr(values[i])))
    return out


@dataclass
class StationMask:
    """Visible cells of one station: ``mask`` covers ``grid[row0:row0+h, col0:col0+w]``."""

    index: int
    row0: int
    col0: int
    mask: np.ndarray

    @property
    def window(self) -> tuple[slice, slice]:
        h, w = self.mask.shape
        return slice(self.row0, self.row0 + h), slice(self.col0, self.col0 + w)


def fresnel_radius(frequency_mhz, d1, d2):
    """First Fresnel zone radius (m) at distances ``d1`` and ``d2`` (m) from the two ends."""
    wavelength = SPEED_OF_LIGHT / (np.asarray(frequency_mhz, dtype=float) * 1e6)
    d1 = np.asarray(d1, dtype=float)
    d2 = np.asarray(d2, dtype=float)
    total = d1 + d2
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, np.sqrt(wavelength * d1 * d2 / np.where(total > 0, total, 1.0)), 0.0)


# ----------------------------------------------------------------------------------------------
# sweep
# ----------------------------------------------------------------------------------------------
class _Geometry:
    """Per-window-size constants: squared distances, sector mask, sweep weights."""

    def __init__(self, n: int, dx: float, dy: float):
        self.n = n
        offs = np.arange(-n, n + 1, dtype=np.float64)
        self.d2 = ((offs[:, None] * dy) ** 2 + (offs[None, :] * dx) ** 2)
        k = np.arange(n + 1)[:, None]
        b = np.abs(np.arange(-n, n + 1))[None, :]
        #: sector triangle of an oriented half-window: row k holds |b| <= k
        self.sector = b <= k
        self.weights = []
        for kk in range(2, n + 1):
            bb = np.abs(np.arange(-kk, kk + 1)).astype(DTYPE)
            self.weights.append((bb / (kk - 1), (kk - bb) / (kk - 1)))


def _sweep(views: np.ndarray, vis: np.ndarray, n: int, tz: float, weights, check: Callable | None,
           axis_from: int) -> None:
    """Run the reference-plane sweep on oriented half-windows, in place.

    ``views`` (m, n+1, 2n+1) holds terrain relative to the antenna (antenna at 0, curvature
    applied; row 0 = the station's row, row k = k cells out; cells outside the sector are 0).
    It is overwritten with the carried sight plane; ``vis`` receives the visibility. Views from
    ``axis_from`` on (east/west) see the two cells beside the station on its row by convention.
    """
    c = n
    # ring 1: the plane is the station's own ground (gdal_viewshed's convention)
    ground = views[:, 0, c:c + 1]
    z = views[:, 1, c - 1:c + 2]
    v = z + tz >= ground
    v[axis_from:, 1] = True
    vis[:, 1, c - 1:c + 2] = v
    carried = np.fmax(z, ground)
    axis = z[axis_from:, 1]
    carried[axis_from:, 1] = np.where(np.isnan(axis), ground[axis_from:, 0], axis)
    views[:, 1, c - 1:c + 2] = carried
    plane_buf = np.empty((views.shape[0], 2 * n + 1), dtype=views.dtype)
    tmp_buf = np.empty_like(plane_buf)
    for k in range(2, n + 1):
        if check is not None and k % 64 == 0:
            check()
        wa, wb = weights[k - 2]
        w = 2 * k + 1
        prev = views[:, k - 1, c - k:c + k + 1]  # b = -k..k of ring k-1 (both ends are 0)
        plane = plane_buf[:, :w]
        tmp = tmp_buf[:, :w]
        # b >= 0: the neighbour one step closer to the axis is b-1; b < 0: it is b+1
        np.multiply(prev[:, k - 1:w - 1], wa[k:], out=plane[:, k:])
        np.multiply(prev[:, 1:k + 1], wa[:k], out=plane[:, :k])
        np.multiply(prev, wb, out=tmp)
        plane += tmp
        z = views[:, k, c - k:c + k + 1]
        np.add(z, tz, out=tmp)
        np.greater_equal(tmp, plane, out=vis[:, k, c - k:c + k + 1])
        np.fmax(plane, z, out=z)


#: A station on a DEM cell without data (a mast on the shore of a DEM whose sea has no data, a small
#: void) stands on the ground of the nearest cell with data within this many cells (SRTM: about 90 m).
GROUND_SEARCH_CELLS = 3


def ground_near(dem, grid: Grid, x: float, y: float, cells: int = GROUND_SEARCH_CELLS) -> float:
    """Ground height (m) at point (x, y): its DEM cell's, else (a cell without data) that of the nearest
    cell with data within ``cells`` cells (the mean of those equally near); NaN when there is none (or
    the point lies outside the grid)."""
    row, col = grid.rowcol(x, y)
    row, col = int(row), int(col)
    if not (0 <= row < grid.height and 0 <= col < grid.width):
        return float("nan")
    here = float(dem[row, col])
    if not math.isnan(here) or cells <= 0:
        return here
    r0, r1 = max(row - cells, 0), min(row + cells + 1, grid.height)
    c0, c1 = max(col - cells, 0), min(col + cells + 1, grid.width)
    block = np.asarray(dem[r0:r1, c0:c1], dtype=float)
    ok = np.isfinite(block)
    if not ok.any():
        return float("nan")
    rr, cc = np.meshgrid(np.arange(r0, r1) - row, np.arange(c0, c1) - col, indexing="ij")
    d2 = (rr * grid.dy) ** 2 + (cc * grid.dx) ** 2
    d2 = np.where(ok, d2, np.inf)
    nearest = d2 <= d2.min() * (1.0 + 1e-9)
    return float(block[nearest].mean())


def _batch_masks(dem, grid: Grid, obs: Observers, idx: np.ndarray, n: int, geom: _Geometry,
                 params: TerrainParams, check: Callable | None) -> list[StationMask]:
    size = 2 * n + 1
    s = len(idx)
    rows, cols = grid.rowcol(obs.x[idx], obs.y[idx])
    windows = np.full((s, size, size), np.nan, dtype=DTYPE)
    for j in range(s):
        r, cidx = int(rows[j]), int(cols[j])
        r0, r1 = max(r - n, 0), min(r + n + 1, grid.height)
        c0, c1 = max(cidx - n, 0), min(cidx + n + 1, grid.width)
        windows[j, r0 - (r - n):r1 - (r - n), c0 - (cidx - n):c1 - (cidx - n)] = dem[r0:r1, c0:c1]
    ground = windows[:, n, n].astype(np.float64)
    for j in np.flatnonzero(np.isnan(ground)):  # on the shore of a sea without data: the nearest ground
        ground[j] = ground_near(dem, grid, float(obs.x[idx[j]]), float(obs.y[idx[j]]))
    if np.isnan(ground).any():
        j = int(np.flatnonzero(np.isnan(ground))[0])
        raise TerrainError(tr("station {i} stands on a DEM cell without data (nodata) and has no cell with data "
                              "within {cells} cells", i=int(idx[j]), cells=GROUND_SEARCH_CELLS))
    antenna = ground + obs.height_m[idx]
    cc = params.curvature_coefficient
    if cc:
        windows -= (cc * geom.d2 / (2.0 * params.earth_radius_m)).astype(DTYPE)
    windows -= antenna.astype(DTYPE)[:, None, None]
    windows[:, n, n] = (ground - antenna).astype(DTYPE)

    sector = geom.sector
    views = np.empty((4, s, n + 1, size), dtype=DTYPE)
    views[0] = windows[:, n::-1, :]  # north: row k = k cells up
    views[1] = windows[:, n:, :]  # south
    views[2] = windows[:, :, n:].transpose(0, 2, 1)  # east: row k = column n+k
    views[3] = windows[:, :, n::-1].transpose(0, 2, 1)  # west
    views = views.reshape(4 * s, n + 1, size)
    np.copyto(views, DTYPE(0.0), where=~sector[None])
    vis = np.zeros(views.shape, dtype=bool)
    _sweep(views, vis, n, float(params.target_height_m), geom.weights, check, axis_from=2 * s)
    del views
    vis &= sector[None]
    vis = vis.reshape(4, s, n + 1, size)

    out = np.zeros((s, size, size), dtype=bool)
    out[:, n::-1, :] |= vis[0]
    out[:, n:, :] |= vis[1]
    out[:, :, n:] |= vis[2].transpose(0, 2, 1)
    out[:, :, n::-1] |= vis[3].transpose(0, 2, 1)
    del vis
    out[:, n, n] = True
    radii2 = obs.radius_m[idx] ** 2
    out &= geom.d2[None] <= radii2[:, None, None]
    out &= ~np.isnan(windows)  # nodata cells are never visible
    out[:, n, n] = True

    if params.fresnel_clearance > 0:
        for j in range(s):
            if check is not None:
                check()
            _fresnel_filter(windows[j], out[j], n, grid.dx, grid.dy, float(obs.height_m[idx[j]]),
                            float(params.target_height_m), params.fresnel_clearance,
                            float(obs.frequency_mhz[idx[j]]))

    masks = []
    for j in range(s):
        r, cidx = int(rows[j]), int(cols[j])
        r0, r1 = max(r - n, 0), min(r + n + 1, grid.height)
        c0, c1 = max(cidx - n, 0), min(cidx + n + 1, grid.width)
        m = out[j, r0 - (r - n):r1 - (r - n), c0 - (cidx - n):c1 - (cidx - n)].copy()
        masks.append(StationMask(int(idx[j]), r0, c0, m))
    return masks


def _fresnel_filter(rel: np.ndarray, mask: np.ndarray, n: int, dx: float, dy: float, antenna_h: float,
                    tz: float, fraction: float, frequency_mhz: float, chunk_elems: int = 2_000_000) -> None:
    """Drop from ``mask`` the cells whose path does not clear ``fraction`` of the first Fresnel zone.

    ``rel`` is terrain relative to the antenna (curvature applied). One terrain sample per ring
    crossed, at the nearest cell to the straight path.
    """
    del antenna_h  # the antenna is the origin of ``rel``
    wavelength = SPEED_OF_LIGHT / (frequency_mhz * 1e6)
    terrain = np.where(np.isnan(rel), -np.inf, rel)
    ra, rb = np.nonzero(mask)
    a = ra - n
    b = rb - n
    m = np.maximum(np.abs(a), np.abs(b))
    keep = m >= 2
    ra, rb, a, b, m = ra[keep], rb[keep], a[keep], b[keep], m[keep]
    order = np.argsort(m, kind="stable")
    ra, rb, a, b, m = ra[order], rb[order], a[order], b[order], m[order]
    dist = np.hypot(a * dy, b * dx)
    target = rel[ra, rb] + tz
    start = 0
    total = len(m)
    while start < total:
        m_max = int(m[min(total - 1, start + max(1, chunk_elems // max(int(m[start]), 1)) - 1)])
        stop = start + max(1, chunk_elems // max(m_max, 1))
        stop = min(stop, total)
        m_max = int(m[stop - 1])
        sl = slice(start, stop)
        j = np.arange(1, m_max, dtype=np.float64)[None, :]
        mm = m[sl][:, None].astype(np.float64)
        t = j / mm
        valid = j < mm
        sa = np.rint(a[sl][:, None] * t).astype(np.int64) + n
        sb = np.rint(b[sl][:, None] * t).astype(np.int64) + n
        np.clip(sa, 0, 2 * n, out=sa)
        np.clip(sb, 0, 2 * n, out=sb)
        ground = terrain[sa, sb]
        d = dist[sl][:, None]
        line = target[sl][:, None] * t
        need = fraction * np.sqrt(wavelength * d * np.clip(t * (1.0 - t), 0.0, None))
        blocked = ((line - ground) < need) & valid
        bad = blocked.any(axis=1)
        mask[ra[sl][bad], rb[sl][bad]] = False
        start = stop


def _window_radius(grid: Grid, radius_m: np.ndarray) -> np.ndarray:
    # no cell of the grid is farther than max(height, width) rings: larger radii change nothing
    n = np.ceil(radius_m / min(grid.dx, grid.dy)).astype(np.int64)
    return n.clip(1, max(grid.height, grid.width, 1))


def visibility_masks(dem: np.ndarray, grid: Grid, observers: Observers, params: TerrainParams | None = None,
                     progress: Callable[[float], None] | None = None,
                     check: Callable[[], None] | None = None) -> Iterator[StationMask]:
    """Yield the visible-cell mask of every station (order: by radius, then input order).

    ``dem`` is a 2-D array (float, NaN = nodata) on ``grid`` (any object sliceable like an
    array works, e.g. ``np.memmap``). Stations whose cell is outside the grid raise
    :class:`TerrainError` (filter them first; ``qgis_io.dem`` reports them by name). Memory:
    one batch of windows at a time (``params.max_batch_mb``).
    """
    params = params or TerrainParams()
    params.validate()
    if tuple(dem.shape) != grid.shape:
        raise TerrainError(f"DEM array shape {tuple(dem.shape)} does not match the grid {grid.shape}")
    total = len(observers)
    if total == 0:
        return
    rows, cols = grid.rowcol(observers.x, observers.y)
    outside = (rows < 0) | (rows >= grid.height) | (cols < 0) | (cols >= grid.width)
    if outside.any():
        i = int(np.flatnonzero(outside)[0])
        raise TerrainError(tr("station {i} ({x}, {y}) is outside the DEM", i=i, x=num(observers.x[i], ".1f"),
                              y=num(observers.y[i], ".1f")))
    ns = _window_radius(grid, observers.radius_m)
    order = np.lexsort((np.arange(total), ns))
    done = 0
    pos = 0
    geoms: dict[int, _Geometry] = {}
    while pos < total:
        n = int(ns[order[pos]])
        # bytes per station: window f32 + views f32 (2x) + vis/out bool + temporaries
        size = 2 * n + 1
        per_station = size * size * 18 + 16 * size * 4
        batch = max(1, int(params.max_batch_mb * 1e6 // per_station))
        end = pos
        while end < total and end - pos < batch and int(ns[order[end]]) <= n + max(2, n // 20):
            end += 1
        n = int(ns[order[end - 1]])
        geom = geoms.get(n)
        if geom is None:
            geoms.clear()
            geom = geoms[n] = _Geometry(n, grid.dx, grid.dy)
        if check is not None:
            check()
        idx = order[pos:end]
        yield from _batch_masks(dem, grid, observers, idx, n, geom, params, check)
        done += len(idx)
        pos = end
        if progress is not None:
            progress(done / total)


def visible_count(dem: np.ndarray, grid: Grid, observers: Observers, params: TerrainParams | None = None,
                  progress: Callable[[float], None] | None = None, check: Callable[[], None] | None = None,
                  out: np.ndarray | None = None) -> np.ndarray:
    """Number of stations in sight of every cell (uint16 on ``grid``; 0 where none)."""
    count = np.zeros(grid.shape, dtype=np.uint16) if out is None else out
    if count.shape != grid.shape:
        raise TerrainError("output array does not match the grid")
    for sm in visibility_masks(dem, grid, observers, params, progress, check):
        view = count[sm.window]
        np.add(view, sm.mask, out=view, casting="unsafe")
    return count


def viewshed(dem: np.ndarray, grid: Grid, x: float, y: float, height_m: float = 30.0, radius_m: float = 10000.0,
             params: TerrainParams | None = None, frequency_mhz: float = 2100.0) -> np.ndarray:
    """Boolean visibility of one station on the whole grid."""
    out = np.zeros(grid.shape, dtype=bool)
    for sm in visibility_masks(dem, grid, make_observers(x, y, height_m, radius_m, frequency_mhz), params):
        out[sm.window] = sm.mask
    return out


def count_polygons(count: np.ndarray, grid: Grid, min_count: int = 1) -> list[tuple[object, int]]:
    """Polygons (shapely, grid CRS) of equal station counts >= ``min_count``: ``[(geometry, count)]``."""
    from rasterio import features
    from rasterio.transform import Affine
    from shapely.geometry import shape

    transform = Affine(grid.dx, 0.0, grid.x0, 0.0, -grid.dy, grid.y0)
    values = np.asarray(count)
    data = values.astype(np.int32)
    mask = values >= min_count
    out = []
    for geom, value in features.shapes(data, mask=mask, transform=transform, connectivity=4):
        out.append((shape(geom), int(value)))
    return out
