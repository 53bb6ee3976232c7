"""Area and population covered per region, subscribers estimate, uncertainty range.

Population comes from a raster of counts (each cell's people counted once: a cell belongs to
at most one region and is covered or not, whatever the number of stations covering it) or
from points with a population value.

Two rules for raster cells:

* ``centre`` (default): a cell belongs to the region containing its centre and is covered
  when its centre is inside a footprint (the engine of :mod:`.coverage`, fast and windowed);
* ``fraction``: exact fractional weighting — a cell contributes ``area(cell ∩ region ∩
  coverage) / area(cell)`` of its people and area (polygon geometry, slower).

Output fields (stable, used by exports and reports): see :data:`STAT_FIELDS`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from .coverage import (
    CellLocator,
    CoverageInputError,
    Footprints,
    Grid,
    Visibility,
    count_grid,
    coverage_bits,
    iter_bands,
    station_mask,
)
from .messages import Msg, literal, num, tr

#: Region name of the total row.
TOTAL = "TOTAL"
SCENARIOS = ("min", "likely", "max")
DEFAULT_FACTORS = {"min": 0.7, "likely": 1.0, "max": 1.3}
DEFAULT_PENETRATION = 0.27
RULE_CENTRE = "centre"
RULE_FRACTION = "fraction"

_COVERED = ("covered_km2", "covered_area_pct", "covered_pop", "covered_pop_pct", "estimated_subscribers")
#: Columns of the statistics table, in order.
STAT_FIELDS: tuple[str, ...] = (
    "region", "area_km2", "covered_km2", "covered_area_pct", "population", "covered_pop", "covered_pop_pct",
    "stations", "estimated_subscribers",
    *[f"{name}_{bound}" for name in _COVERED for bound in ("min", "max")],
)


@dataclass
class RegionSums:
    """Per-region sums from the grid (or points); index = region number."""

    n: int
    population: np.ndarray = None
    grid_area_km2: np.ndarray = None
    covered_pop: dict = field(default_factory=dict)
    covered_area_km2: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.population is None:
            self.population = np.zeros(self.n)
        if self.grid_area_km2 is None:
            self.grid_area_km2 = np.zeros(self.n)
        for s in SCENARIOS:
            self.covered_pop.setdefault(s, np.zeros(self.n))
            self.covered_area_km2.setdefault(s, np.zeros(self.n))


@dataclass
class PopulationGrid:
    """What the grid statistics read, band by band.

    ``population(r0, r1)`` -> float array (rows r0..r1, NaN or 0 where nodata);
    ``regions(r0, r1)`` -> int array of region numbers (-1 outside every region);
    ``cell_area_km2(r0, r1)`` -> area of one cell per row, shape (r1 - r0, 1), or a float.
    """

    locator: CellLocator
    population: Callable[[int, int], np.ndarray]
    regions: Callable[[int, int], np.ndarray]
    cell_area_km2: Callable[[int, int], object]

    @property
    def grid(self) -> Grid:
        return self.locator.grid


def grid_statistics(src: PopulationGrid, fp: Footprints, n_regions: int, factors: dict | None = None,
                    visibility: Visibility | None = None, band_rows: int = 512,
                    check: Callable | None = None, progress: Callable | None = None,
                    tile_cols: int | None = None, extent: tuple[int, int, int, int] | None = None) -> RegionSums:
    """Population and area per region, covered per scenario (cell-centre rule), window by window.

    All scenarios come from one pass: the min / likely / max footprints are nested, so every
    decision is made for the three radius factors at once.

    * Omni stations on a metric grid without a visibility hook take the block path
      (:func:`_tree_band`): tiles of 32 x 32 cells wholly covered or wholly uncovered (nearest
      station from a KD-tree per radius class) are summed as tiles; the others are split in four
      again and again down to single cells, where the nearest station decides exactly. Only the
      cells near a coverage edge are ever looked at one by one.
    * Otherwise (sectors, a non-metric grid, a visibility hook such as terrain) every station is
      stamped once into a byte per cell (bit k: covered at the k-th factor,
      :func:`..coverage.coverage_bits`), then summed band by band. The hook is called once per
      station.

    Both paths give exactly the cell-by-cell sums of the cell-centre rule.

    Windows are bands of ``band_rows`` rows, full width by default; with ``tile_cols`` they are
    ``band_rows`` x ``tile_cols`` cells (``src`` callables then take ``(r0, r1, c0, c1)``). Each
    window goes through :func:`window_tables`, the function the Dask workers call on the same
    windows (:mod:`.scaling`), and the partial tables are added in window order.

    ``extent`` = (r0, r1, c0, c1): the only cells that can lie in a region (see
    :func:`region_extent`). Only the windows reaching it are read, bands are cut to its columns
    in pieces of :data:`WIDE_BAND_COLS` (``src`` callables then take ``(r0, r1, c0, c1)``) and
    coverage bytes are kept for it only, so that a national table on a global raster reads and
    holds the nation's cells, not the world's; the sums are the same. Past :data:`BITS_AT_ONCE`
    cells (and without a visibility hook) the coverage bytes are made window by window.
    """
    factors = factors or DEFAULT_FACTORS
    sums = RegionSums(n_regions)
    grid = src.grid
    windows = plan_windows(grid, band_rows, tile_cols, extent)
    distinct = sorted({factors[s] for s in SCENARIOS})
    classes, bits = None, None
    mode = engine_mode(fp, src.locator.identity, visibility)
    # the cells the windows cover (bits are kept for them only)
    br0, bc0 = 0, 0
    if windows and extent is not None:
        br0, bc0 = min(w[0] for w in windows), min(w[2] for w in windows)
        bits_window = (br0, max(w[1] for w in windows), bc0, max(w[3] for w in windows))
    else:
        bits_window = (0, grid.height, 0, grid.width)
    # bits of a large area (a big country on a 100 m raster in degrees) are made window by window,
    # from the stations reaching each window; a visibility hook is called once per station, so with
    # one they are made at once
    spans = None
    if mode == "tree":
        classes = RadiusClasses(fp)
    elif mode == "bits" and windows:
        cells = (bits_window[1] - bits_window[0]) * (bits_window[3] - bits_window[2])
        if visibility is None and cells > BITS_AT_ONCE:
            spans = station_spans(src.locator, fp, max(distinct))
        else:
            bits = coverage_bits(src.locator, fp, distinct, visibility, check, window=bits_window)
    full_width = tile_cols is None and extent is None
    for k, (r0, r1, c0, c1) in enumerate(windows):
        if check is not None:
            check()
        if full_width:
            reg = src.regions(r0, r1)
            pop = partial(src.population, r0, r1)
        else:
            reg = src.regions(r0, r1, c0, c1)
            pop = partial(src.population, r0, r1, c0, c1)
        if spans is not None:
            near = np.nonzero((spans[:, 0] < r1) & (spans[:, 1] > r0) & (spans[:, 2] < c1) & (spans[:, 3] > c0))[0]
            win_bits = (coverage_bits(src.locator, fp.subset(near), distinct, None, check, window=(r0, r1, c0, c1))
                        if len(near) else np.zeros((r1 - r0, c1 - c0), dtype=np.uint8))
        else:
            win_bits = bits[r0 - br0:r1 - br0, c0 - bc0:c1 - bc0] if bits is not None else None
        tables = window_tables(grid, r0, c0, reg, pop, src.cell_area_km2(r0, r1), n_regions, distinct,
                               classes, win_bits, check)
        add_window(sums, tables, factors, distinct)
        if progress is not None:
            progress((k + 1) / len(windows))
    return sums


def plan_windows(grid: Grid, rows: int = 512, cols: int | None = None,
                 extent: tuple[int, int, int, int] | None = None) -> list[tuple[int, int, int, int]]:
    """Windows ``(r0, r1, c0, c1)`` of the statistics, row-major; sizes rounded to :data:`BLOCK` cells.

    ``cols=None``: full-width bands. The plan depends on the grid and the sizes only, so the
    one-machine path and the Dask path cut a grid identically. With ``extent`` (r0, r1, c0, c1)
    only the windows reaching it are kept (tiles whole, as planned; bands cut to its columns).
    """
    rows = max(BLOCK, rows // BLOCK * BLOCK)
    if extent is not None and cols is None:
        # bands cut to the extent's columns, in pieces of at most WIDE_BAND_COLS
        er0, er1, ec0, ec1 = extent
        return [(r0, r1, c0, min(ec1, c0 + WIDE_BAND_COLS)) for r0, r1 in iter_bands(grid.height, rows)
                if r1 > er0 and r0 < er1 for c0 in range(ec0, ec1, WIDE_BAND_COLS)]
    cols = grid.width if cols is None else max(BLOCK, cols // BLOCK * BLOCK)
    windows = [(r0, r1, c0, min(grid.width, c0 + cols))
               for r0, r1 in iter_bands(grid.height, rows) for c0 in range(0, grid.width, cols)]
    if extent is None:
        return windows
    er0, er1, ec0, ec1 = extent
    return [w for w in windows if w[1] > er0 and w[0] < er1 and w[3] > ec0 and w[2] < ec1]


#: Coverage bytes made at once by :func:`grid_statistics` (cells); a larger area gets them window by window.
BITS_AT_ONCE = 16_000_000
#: Widest window (columns) of :func:`grid_statistics` with an extent: a wide country on a 100 m raster
#: is read in pieces of 512 x 4096 cells, not in bands of 512 rows as wide as itself.
WIDE_BAND_COLS = 4096


def station_spans(locator: CellLocator, fp: Footprints, factor: float) -> np.ndarray:
    """(r0, r1, c0, c1) of the grid cells each station can reach at ``factor`` × its radius (0, 0, 0, 0
    for none): the stations a window needs."""
    out = np.zeros((fp.n, 4), dtype=np.int64)
    for i in range(fp.n):
        win = locator.window(fp.x[i], fp.y[i], fp.radius[i] * factor)
        if win is not None:
            rows, cols = win
            out[i] = (rows.start, rows.stop, cols.start, cols.stop)
    return out


def region_extent(grid: Grid, geoms: list) -> tuple[int, int, int, int] | None:
    """(r0, r1, c0, c1): the cells of ``grid`` whose centre can lie in one of ``geoms`` (grid CRS),
    with a cell to spare; None when no polygon reaches the grid."""
    shapes = [g for g in geoms if g is not None and not g.is_empty]
    if not shapes:
        return None
    b = np.array([g.bounds for g in shapes], dtype=float)
    xmin, ymin, xmax, ymax = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
    if not all(math.isfinite(v) for v in (xmin, ymin, xmax, ymax)):
        return None
    c0 = max(0, math.floor((xmin - grid.x0) / grid.res_x) - 1)
    c1 = min(grid.width, math.ceil((xmax - grid.x0) / grid.res_x) + 1)
    r0 = max(0, math.floor((grid.y0 - ymax) / grid.res_y) - 1)
    r1 = min(grid.height, math.ceil((grid.y0 - ymin) / grid.res_y) + 1)
    if c0 >= c1 or r0 >= r1:
        return None
    return r0, r1, c0, c1


def engine_mode(fp: Footprints, identity: bool, visibility: Visibility | None = None) -> str:
    """Which path :func:`grid_statistics` takes for these stations: ``tree``, ``bits`` or ``none``."""
    if not fp.n:
        return "none"
    if identity and visibility is None and not fp.sectored().any():
        return "tree"
    return "bits"


def window_tables(grid: Grid, r0: int, c0: int, reg, population, area, n_regions: int, distinct: list,
                  classes: RadiusClasses | None = None, bits: np.ndarray | None = None,
                  check: Callable | None = None):
    """(people, km²) tables of one window, shape (n_regions, 1 + factors), or None (no region cell).

    ``reg``: region numbers of the window's cells; ``population``: their people (an array, or a
    callable read only when a cell of the window lies in a region); ``area``: km² per cell
    (scalar or per row); ``classes`` (block path) or ``bits`` (the window's coverage bits).
    """
    reg = np.asarray(reg)
    if not (reg >= 0).any():
        return None
    pop = np.asarray(population() if callable(population) else population)
    if pop.dtype.kind != "f":
        pop = pop.astype(np.float64)
    if not np.isfinite(pop).all():
        pop = np.where(np.isfinite(pop), pop, 0.0)
    area = np.asarray(area, dtype=np.float64)
    if classes is not None:
        return _tree_band(classes, grid, distinct, r0, reg, pop, area, n_regions, check, c0)
    band_bits = bits if bits is not None else np.zeros(reg.shape, dtype=np.uint8)
    return _bits_band(band_bits, reg, pop, area, n_regions, len(distinct))


def add_window(sums: RegionSums, tables, factors: dict, distinct: list) -> None:
    """Add the tables of one window (:func:`window_tables`) into ``sums``."""
    if tables is None:
        return
    people, km2 = tables
    sums.population += people[:, 0]
    sums.grid_area_km2 += km2[:, 0]
    for s in SCENARIOS:
        j = 1 + distinct.index(factors[s])
        sums.covered_pop[s] += people[:, j]
        sums.covered_area_km2[s] += km2[:, j]


#: Tile size (cells) of the block path of :func:`grid_statistics`.
BLOCK = 32
#: Blocks still undecided at this size (cells) are evaluated cell by cell.
LEAF = 8


def _region_table(code, weights, n_regions, n_factors):
    """(n_regions, 1 + n_factors) sums: column 0 all cells, column 1 + f the cells covered at factor f.

    ``code`` = (region + 1) * 8 + covered bits (bit f for factor f).
    """
    size = (n_regions + 1) * 8
    flat = code.ravel()
    if weights is None:
        table = np.bincount(flat, minlength=size)[:size].astype(np.float64)
    else:
        table = np.bincount(flat, weights=np.ravel(weights), minlength=size)[:size]
    table = table.reshape(-1, 8)[1:]
    codes = np.arange(8)
    out = np.empty((n_regions, 1 + n_factors))
    out[:, 0] = table.sum(axis=1)
    for f in range(n_factors):
        out[:, 1 + f] = table[:, ((codes >> f) & 1) == 1].sum(axis=1)
    return out


def _cell_sums(code, pop, area, n_regions, nf):
    """people, km² tables of cells given their codes; ``area`` scalar (km² per cell) or per cell."""
    people = _region_table(code, pop, n_regions, nf)
    if np.ndim(area) == 0:
        km2 = _region_table(code, None, n_regions, nf) * float(area)
    else:
        km2 = _region_table(code, area, n_regions, nf)
    return people, km2


def _bits_band(bits, reg, pop, area, n_regions, nf):
    code = (reg.astype(np.int64) + 1).clip(0, n_regions) * 8 + (bits & 7)
    if np.ndim(area) != 0:
        area = np.broadcast_to(area, reg.shape)
    return _cell_sums(code, pop, area, n_regions, nf)


def radius_groups(radius: np.ndarray, max_classes: int = 6, spread: float = 0.01) -> tuple[np.ndarray, dict]:
    """Radius groups of the block path: (label per station, {label: (smallest, largest radius)}).

    Radii within ``spread`` of each other share a group (e.g. one preset radius times the CRS
    scale factor of each station); more than ``max_classes`` groups: quantile bins.
    """
    r = np.asarray(radius, dtype=float)
    values = np.unique(r)
    starts = [0]
    for k in range(1, len(values)):
        if values[k] > values[starts[-1]] * (1.0 + spread):
            starts.append(k)
    if not len(values):
        return np.zeros(0, dtype=np.int64), {}
    if len(starts) <= max_classes:
        labels = np.searchsorted(values[starts], r, side="right") - 1
    else:
        edges = np.unique(np.quantile(r, np.linspace(0.0, 1.0, max_classes + 1)))
        labels = np.clip(np.searchsorted(edges, r, side="right") - 1, 0, len(edges) - 2)
    bounds = {}
    for c in np.unique(labels):
        sel = r[labels == c]
        bounds[int(c)] = (float(sel.min()), float(sel.max()))
    return labels.astype(np.int64), bounds


class RadiusClasses:
    """Stations grouped by radius, one KD-tree per group, for the tile decisions of the block path.

    Radii within 1 % of each other share a group (one preset radius times the CRS scale factor
    of each station); a block is wholly covered when the nearest station of a group covers its
    farthest cell at the group's smallest radius, and wholly uncovered when no group's nearest
    station reaches its nearest cell at the group's largest radius. Blocks left undecided down to
    :data:`LEAF` cells are settled cell by cell (:meth:`leaf_bits`).
    """

    def __init__(self, fp: Footprints, max_classes: int = 6, spread: float = 0.01, groups: tuple | None = None):
        """``groups`` = (label per station, {label: (smallest, largest radius)}) from
        :func:`radius_groups` of a larger station set (a window's stations on a Dask worker keep
        the groups of the whole set, so that every decision is the one-machine path's)."""
        from scipy.spatial import cKDTree

        labels, bounds = groups if groups is not None else radius_groups(fp.radius, max_classes, spread)
        labels = np.asarray(labels)
        self.classes = []
        for c in sorted(bounds):
            idx = np.nonzero(labels == c)[0]
            if not len(idx):
                continue
            x, y = fp.x[idx], fp.y[idx]
            lo, hi = bounds[c]
            self.classes.append((cKDTree(np.column_stack([x, y])), float(lo), float(hi)))
        self.fp = fp
        self._all = None

    def decide(self, px: np.ndarray, py: np.ndarray, half: float, factors: list) -> np.ndarray:
        """State per point and factor: 1 every cell centre within ``half`` of the point is covered,
        0 none is, -1 undecided."""
        n, nf = len(px), len(factors)
        covered = np.zeros((n, nf), dtype=bool)
        maybe = np.zeros((n, nf), dtype=bool)
        pts = np.column_stack([px, py])
        fmax = max(factors)
        for tree, lo, hi in self.classes:
            # beyond this distance nothing can be covered: the search stops there (d = inf)
            d, _ = tree.query(pts, distance_upper_bound=hi * fmax * 1.000001 + half + 1e-6)
            for k, f in enumerate(factors):
                eps = 1e-9 * hi * f + 1e-6
                covered[:, k] |= d + half <= lo * f - eps
                maybe[:, k] |= d - half <= hi * f + eps
        return np.where(covered, 1, np.where(maybe, -1, 0)).astype(np.int8)

    def leaf_bits(self, grid: Grid, r0: int, orow: np.ndarray, ocol: np.ndarray, size: int, factors: list,
                  state: np.ndarray, chunk_cells: int = 4_000_000) -> np.ndarray:
        """Coverage bits (bit k: factor k) of every cell of ``size`` x ``size`` blocks, exactly.

        ``state`` (from :meth:`decide`) gives the factors already settled for a whole block; for
        the others each cell is tested against the stations that can reach the block at that
        factor (arithmetic of :func:`..coverage.in_footprint`).
        """
        from scipy.spatial import cKDTree

        fp = self.fp
        m = len(orow)
        out = np.zeros((m, size, size), dtype=np.uint8)
        if m == 0:
            return out
        if self._all is None:
            self._all = cKDTree(np.column_stack([fp.x, fp.y]))
        half = (size - 1) / 2 * math.hypot(grid.res_x, grid.res_y)
        offs = np.arange(size)
        per_block = size * size
        for bit, f in enumerate(factors):
            out[state[:, bit] == 1] |= np.uint8(1 << bit)
            todo = np.nonzero(state[:, bit] < 0)[0]
            if not len(todo):
                continue
            cx = grid.x0 + (ocol[todo] + size / 2) * grid.res_x
            cy = grid.y0 - (r0 + orow[todo] + size / 2) * grid.res_y
            centres = np.column_stack([cx, cy])
            reach = float(fp.radius.max()) * f * 1.000001 + half + 1e-6
            counts = np.asarray(self._all.query_ball_point(centres, reach, return_length=True), dtype=np.int64)
            pos = 0
            while pos < len(todo):
                k_max = max(int(counts[pos:pos + 4096].max()), 1)
                end = min(len(todo), pos + max(1, chunk_cells // (per_block * k_max)))
                sl = slice(pos, end)
                pos = end
                k = int(counts[sl].max())
                if k == 0:
                    continue
                _, idx = self._all.query(centres[sl], k=k, distance_upper_bound=reach)
                idx = idx.reshape(end - sl.start, k)
                valid = idx < fp.n
                owner = np.nonzero(valid)[0] + sl.start  # pairs (block, station), grouped by block
                st = idx[valid]
                if not len(st):
                    continue
                blk = todo[owner]
                xs = grid.x0 + ((ocol[blk][:, None] + offs) + 0.5) * grid.res_x
                ys = grid.y0 - ((r0 + orow[blk][:, None] + offs) + 0.5) * grid.res_y
                dx = xs - fp.x[st][:, None]
                dy = ys - fp.y[st][:, None]
                d2 = dx[:, None, :] * dx[:, None, :] + dy[:, :, None] * dy[:, :, None]
                r = fp.radius[st] * f
                hit = (d2 <= (r * r)[:, None, None]).view(np.uint8)
                first, starts = np.unique(owner, return_index=True)
                out[todo[first]] |= np.bitwise_or.reduceat(hit, starts, axis=0) << bit
        return out


def _pad(a: np.ndarray, h: int, w: int, fill) -> np.ndarray:
    if a.shape == (h, w):
        return a
    out = np.full((h, w), fill, dtype=a.dtype)
    out[:a.shape[0], :a.shape[1]] = a
    return out


def _split(stack: np.ndarray, s2: int) -> np.ndarray:
    """(m, 2*s2, 2*s2) tiles -> (4m, s2, s2) quarters (order: NW, NE, SW, SE of each tile)."""
    m = stack.shape[0]
    return stack.reshape(m, 2, s2, 2, s2).transpose(0, 1, 3, 2, 4).reshape(4 * m, s2, s2)


def _tree_band(classes: RadiusClasses, grid, distinct, r0, reg, pop, area, n_regions, check, c0=0):
    tile = BLOCK
    h, w = reg.shape
    hp, wp = -(-h // tile) * tile, -(-w // tile) * tile
    nf = len(distinct)
    scalar_area = np.ndim(area) == 0
    popp = _pad(pop, hp, wp, 0)
    regp = _pad(reg, hp, wp, -1)
    areap = None if scalar_area else _pad(np.ascontiguousarray(np.broadcast_to(area, (h, w))), hp, wp, 0.0)
    nbr, nbc = hp // tile, wp // tile
    t_pop = popp.reshape(nbr, tile, nbc, tile)
    t_reg = regp.reshape(nbr, tile, nbc, tile)
    rmax = t_reg.max(axis=(1, 3))
    bi, bj = np.nonzero(rmax >= 0)  # tiles with at least one cell in a region
    people = np.zeros((n_regions, 1 + nf))
    km2 = np.zeros((n_regions, 1 + nf))
    if len(bi) == 0:
        return people, km2
    rmin = t_reg.min(axis=(1, 3))[bi, bj]
    uniform = rmin == rmax[bi, bj]
    diag = math.hypot(grid.res_x, grid.res_y)
    cx = grid.x0 + (c0 + bj * tile + tile / 2) * grid.res_x
    cy = grid.y0 - (r0 + bi * tile + tile / 2) * grid.res_y
    state = classes.decide(cx, cy, (tile - 1) / 2 * diag, distinct)
    decided = (state >= 0).all(axis=1)
    bits = (state.clip(0, 1).astype(np.int64) << np.arange(nf)).sum(axis=1)

    def add_blocks(key, b, pb, ab):
        """Blocks wholly inside region ``key`` with coverage bits ``b``: their sums."""
        code = (key.astype(np.int64) + 1) * 8 + b
        size = (n_regions + 1) * 8
        tp = np.bincount(code, weights=pb, minlength=size)[:size].reshape(-1, 8)[1:]
        ta = np.bincount(code, weights=ab, minlength=size)[:size].reshape(-1, 8)[1:]
        codes = np.arange(8)
        people[:, 0] += tp.sum(axis=1)
        km2[:, 0] += ta.sum(axis=1)
        for f in range(nf):
            on = ((codes >> f) & 1) == 1
            people[:, 1 + f] += tp[:, on].sum(axis=1)
            km2[:, 1 + f] += ta[:, on].sum(axis=1)

    # decided tiles inside one region: tile sums
    sel = decided & uniform
    if sel.any():
        pb = t_pop.sum(axis=(1, 3), dtype=np.float64)[bi[sel], bj[sel]]
        ab = (np.full(int(sel.sum()), tile * tile * float(area)) if scalar_area
              else areap.reshape(nbr, tile, nbc, tile).sum(axis=(1, 3))[bi[sel], bj[sel]])
        add_blocks(rmin[sel], bits[sel], pb, ab)

    def cells_of(mask):
        p = t_pop[bi[mask], :, bj[mask], :]
        r = t_reg[bi[mask], :, bj[mask], :]
        a = areap.reshape(nbr, tile, nbc, tile)[bi[mask], :, bj[mask], :] if areap is not None else None
        return p, r, a

    def add_cells(p, r, a, b):
        code = (r.astype(np.int64) + 1).clip(0, n_regions) * 8 + (b[:, None, None] if b.ndim == 1 else b)
        pp, kk = _cell_sums(code, p, area if a is None else a, n_regions, nf)
        people[...] += pp
        km2[...] += kk

    # decided tiles across region borders: their cells with the tile's coverage
    mixed = decided & ~uniform
    if mixed.any():
        p, r, a = cells_of(mixed)
        add_cells(p, r, a, bits[mixed])
    # undecided tiles: quarters, again and again, down to single cells
    todo = ~decided
    if not todo.any():
        return people, km2
    p, r, a = cells_of(todo)
    orow, ocol = bi[todo] * tile, c0 + bj[todo] * tile
    s = tile
    while len(p) and s > LEAF:
        if check is not None:
            check()
        s2 = s // 2
        p, r = _split(p, s2), _split(r, s2)
        a = _split(a, s2) if a is not None else None
        orow = (orow[:, None] + np.array([0, 0, s2, s2])).ravel()
        ocol = (ocol[:, None] + np.array([0, s2, 0, s2])).ravel()
        live = r.reshape(len(r), -1).max(axis=1) >= 0
        p, r, orow, ocol = p[live], r[live], orow[live], ocol[live]
        a = a[live] if a is not None else None
        if not len(p):
            break
        cx = grid.x0 + (ocol + s2 / 2) * grid.res_x
        cy = grid.y0 - (r0 + orow + s2 / 2) * grid.res_y
        state = classes.decide(cx, cy, (s2 - 1) / 2 * diag, distinct)
        decided = (state >= 0).all(axis=1)
        if decided.any():
            b = (state.clip(0, 1).astype(np.int64) << np.arange(nf)).sum(axis=1)
            flat = r.reshape(len(r), -1)
            lo = flat.min(axis=1)
            one = decided & (lo == flat.max(axis=1))
            if one.any():
                pb = p[one].reshape(int(one.sum()), -1).sum(axis=1, dtype=np.float64)
                ab = (np.full(len(pb), s2 * s2 * float(area)) if a is None
                      else a[one].reshape(len(pb), -1).sum(axis=1))
                add_blocks(lo[one], b[one], pb, ab)
            two = decided & ~one
            if two.any():
                add_cells(p[two], r[two], a[two] if a is not None else None, b[two])
        keep = ~decided
        p, r, orow, ocol = p[keep], r[keep], orow[keep], ocol[keep]
        a = a[keep] if a is not None else None
        leaf_state = state[keep]
        s = s2
    if len(p):
        add_cells(p, r, a, classes.leaf_bits(grid, r0, orow, ocol, s, distinct, leaf_state).astype(np.int64))
    return people, km2


def point_statistics(fp: Footprints, px, py, pop, point_region, n_regions: int, factors: dict | None = None,
                     visible: Callable | None = None) -> RegionSums:
    """Population sums from points (metric coordinates), covered when inside a footprint.

    ``visible(station_index, px, py) -> bool array`` (e.g. terrain line of sight) masks each
    station's footprint at the points.
    """
    from .coverage import points_covered

    factors = factors or DEFAULT_FACTORS
    sums = RegionSums(n_regions)
    pop = np.nan_to_num(np.asarray(pop, dtype=float), nan=0.0)
    reg = np.asarray(point_region, dtype=np.int64)
    inside = reg >= 0
    sums.population = np.bincount(reg[inside], weights=pop[inside], minlength=n_regions)[:n_regions].astype(float)
    for s in SCENARIOS:
        cov = points_covered(fp, factors[s], px, py, visible) > 0
        sel = cov & inside
        sums.covered_pop[s] = np.bincount(reg[sel], weights=pop[sel], minlength=n_regions)[:n_regions].astype(float)
    return sums


def area_statistics_into(sums: RegionSums, src_area: PopulationGrid, fp: Footprints, n_regions: int,
                         factors: dict | None = None, visibility: Visibility | None = None,
                         check: Callable | None = None) -> RegionSums:
    """Fill the area sums of ``sums`` from an area grid (used with population points)."""
    area_only = grid_statistics(src_area, fp, n_regions, factors, visibility, check=check)
    sums.grid_area_km2 = area_only.grid_area_km2
    sums.covered_area_km2 = area_only.covered_area_km2
    return sums


# -- fractional cell weighting ---------------------------------------------------------------
def cell_fractions(geom, grid: Grid, tile: int = 32) -> tuple[slice, slice, np.ndarray] | None:
    """Exact fraction of each cell covered by polygon ``geom`` (grid CRS), on geom's window.

    Cells wholly inside get 1, cells crossed by the boundary get their exact intersection
    area / cell area (shapely), others 0.
    """
    from rasterio.features import rasterize
    from rasterio.transform import Affine
    from shapely.geometry import box, mapping

    if geom is None or geom.is_empty:
        return None
    xmin, ymin, xmax, ymax = geom.bounds
    c0 = max(0, math.floor((xmin - grid.x0) / grid.res_x))
    c1 = min(grid.width, math.ceil((xmax - grid.x0) / grid.res_x))
    r0 = max(0, math.floor((grid.y0 - ymax) / grid.res_y))
    r1 = min(grid.height, math.ceil((grid.y0 - ymin) / grid.res_y))
    if c1 <= c0 or r1 <= r0:
        return None
    shape = (r1 - r0, c1 - c0)
    transform = Affine.from_gdal(*grid.window_transform(r0, c0))
    touched = rasterize([(mapping(geom), 1)], out_shape=shape, transform=transform, all_touched=True,
                        dtype="uint8").astype(bool)
    edge = rasterize([(mapping(geom.boundary), 1)], out_shape=shape, transform=transform, all_touched=True,
                     dtype="uint8").astype(bool)
    frac = (touched & ~edge).astype(np.float64)
    cell_area = grid.res_x * grid.res_y
    rr, cc = np.nonzero(edge)
    if len(rr):
        # clip the polygon to tiles first so that each cell intersects a small piece
        tiles = {}
        for r, c in zip(rr, cc):
            tiles.setdefault((r // tile, c // tile), []).append((r, c))
        for (tr, tc), cells in tiles.items():
            tx0 = grid.x0 + (c0 + tc * tile) * grid.res_x
            ty1 = grid.y0 - (r0 + tr * tile) * grid.res_y
            piece = geom.intersection(box(tx0, ty1 - tile * grid.res_y, tx0 + tile * grid.res_x, ty1))
            if piece.is_empty:
                continue
            for r, c in cells:
                x0 = grid.x0 + (c0 + c) * grid.res_x
                y1 = grid.y0 - (r0 + r) * grid.res_y
                frac[r, c] = piece.intersection(box(x0, y1 - grid.res_y, x0 + grid.res_x, y1)).area / cell_area
    return slice(r0, r1), slice(c0, c1), np.clip(frac, 0.0, 1.0)


def fractional_statistics(grid: Grid, population: Callable[[int, int, int, int], np.ndarray], region_geoms: list,
                          coverage_geoms: dict, cell_area_km2: Callable[[int, int], object],
                          check: Callable | None = None) -> RegionSums:
    """Region sums with exact fractional cell weighting.

    ``region_geoms``: shapely polygons in the grid CRS; ``coverage_geoms``: scenario -> the
    union of the footprints in the grid CRS; ``population(r0, r1, c0, c1)`` reads a window.
    """
    n = len(region_geoms)
    sums = RegionSums(n)

    def weigh(geom):
        found = cell_fractions(geom, grid)
        if found is None:
            return 0.0, 0.0
        rows, cols, frac = found
        # the region's window only (a province's columns, not the width of a global raster)
        pop = np.nan_to_num(np.asarray(population(rows.start, rows.stop, cols.start, cols.stop), dtype=np.float64),
                            nan=0.0)
        area = np.broadcast_to(np.asarray(cell_area_km2(rows.start, rows.stop), dtype=np.float64), frac.shape)
        return float((frac * pop).sum()), float((frac * area).sum())

    for j, region in enumerate(region_geoms):
        if check is not None:
            check()
        if region is None or region.is_empty:
            continue
        sums.population[j], sums.grid_area_km2[j] = weigh(region)
        for s in SCENARIOS:
            cover = coverage_geoms.get(s)
            if cover is None or cover.is_empty:
                continue
            part = region.intersection(cover)
            sums.covered_pop[s][j], sums.covered_area_km2[s][j] = weigh(part)
    return sums


# -- sites ------------------------------------------------------------------------------------
#: Stations this close (m) stand on one site (the sectors, carriers and technologies of one mast as rows of
#: a site list): the statistics' ``stations`` column counts sites.
SITE_DISTANCE_M = 1.0
_EARTH_RADIUS_M = 6_371_008.8


#: Stations sharing a site id stand this close (m) at most to be one site by it (the sector antennas of one roof a
#: few metres apart): an id reused far away (another network's eNodeB of the same number) is not one site.
SITE_ID_DISTANCE_M = 100.0


#: Site id fields of site lists (lower case, blanks as '_'), first found first: stations sharing one are one site
#: in the statistics (a cell id is no site: a site has several cells).
SITE_ID_FIELDS = ("site_id", "siteid", "site", "enodeb_id", "enodeb", "enb_id", "enbid", "gnodeb_id", "gnb_id")


def site_id_field(names) -> str | None:
    """The field of ``names`` (a layer's or a file's field names) holding site ids (:data:`SITE_ID_FIELDS`, in any
    case, ``Site ID`` and ``Site-ID`` too, as the importers match names), None when none does."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(re.sub(r"[\s\-]+", "_", str(name).strip().lower()), name)
    return next((by_key[k] for k in SITE_ID_FIELDS if k in by_key), None)


def site_ids(values, operators) -> list | None:
    """Each station's site id for :func:`site_numbers`: (its operator, the id as text), None where the station has
    no id (None, NaN, blank); None when no station has one. A whole number stored as a real (a GeoPackage REAL, a
    CSV column with blanks) is the same id as the integer."""
    out = []
    for op, v in zip(operators, values):
        if isinstance(v, float) and (math.isnan(v) or v.is_integer()):
            v = None if math.isnan(v) else int(v)
        text = "" if v is None else str(v).strip()
        blank_op = op is None or (isinstance(op, float) and math.isnan(op))
        out.append(("" if blank_op else str(op), text) if text else None)
    return out if any(v is not None for v in out) else None


def site_numbers(lon, lat, distance_m: float = SITE_DISTANCE_M, site_ids=None) -> np.ndarray:
    """A site number (0..sites-1, in the order of the first station of each) for each station in WGS84: stations
    within ``distance_m`` of one another, chained, are one site. Distances are chords on the sphere, exact
    enough at a metre anywhere (the antimeridian and the poles included).

    ``site_ids``: each station's site id (a hashable; None or "" where it has none): stations of one id within
    :data:`SITE_ID_DISTANCE_M` of one another, chained, are one site too (sectors a few metres apart on one
    roof), those without one counted by position alone."""
    lon = np.radians(np.asarray(lon, dtype=float))
    lat = np.radians(np.asarray(lat, dtype=float))
    n = len(lon)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    xyz = _EARTH_RADIUS_M * np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    tree = cKDTree(xyz)
    pairs = tree.query_pairs(float(distance_m), output_type="ndarray")
    ids = None
    if site_ids is not None:
        codes = {}
        ids = np.array([-1 if v is None or v == "" else codes.setdefault(v, len(codes)) for v in site_ids],
                       dtype=np.int64)
    if ids is not None and (ids >= 0).any():
        near = tree.query_pairs(max(float(distance_m), SITE_ID_DISTANCE_M), output_type="ndarray")
        same = (ids[near[:, 0]] >= 0) & (ids[near[:, 0]] == ids[near[:, 1]])
        pairs = np.concatenate([pairs.reshape(-1, 2), near[same]])
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _count, labels = connected_components(graph, directed=False)
    # numbered in the order of each site's first station
    _uniq, first = np.unique(labels, return_index=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    return rank[labels]


def sites_per_region(sites: np.ndarray, region: np.ndarray, n_regions: int) -> np.ndarray:
    """Number of sites in each region: a site counts once, in the region of its first station that lies in
    one (``region`` -1: in none), so that sites straddling a border are not counted twice."""
    sites = np.asarray(sites, dtype=np.int64)
    region = np.asarray(region, dtype=np.int64)
    inside = np.flatnonzero(region >= 0)
    if len(inside) == 0:
        return np.zeros(n_regions, dtype=np.int64)
    _uniq, first = np.unique(sites[inside], return_index=True)  # first station (lowest index) of each site
    return np.bincount(region[inside[first]], minlength=n_regions)[:n_regions].astype(np.int64)


# -- the table --------------------------------------------------------------------------------
def _pct(num, den):
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, 100.0 * num / den, 0.0)


def build_table(names: list[str], region_area_km2, sums: RegionSums, stations_per_region,
                total_stations: int, penetration: float = DEFAULT_PENETRATION,
                open_sums: RegionSums | None = None) -> pd.DataFrame:
    """The statistics table: one row per region, then the ``TOTAL`` row (fields :data:`STAT_FIELDS`).

    ``covered_km2`` = region area × the covered share of the region's cells (so that the
    polygon's true area and the grid's covered fraction agree); ``covered_pop`` and
    ``population`` are sums of people. Ranges are the min / max scenarios.

    ``open_sums`` (the same run without terrain) adds :data:`TERRAIN_FIELDS` after the others:
    the likely figures without terrain and what terrain removes.
    """
    if not 0.0 <= penetration <= 1.0:
        raise CoverageInputError(tr("penetration {value} must be between 0 and 1", value=repr(penetration)))
    n = len(names)
    area = np.asarray(region_area_km2, dtype=float)
    rows = {"region": [str(x) for x in names] + [TOTAL]}
    stations = np.asarray(stations_per_region, dtype=np.int64)

    def with_total(values):
        values = np.asarray(values, dtype=float)
        return np.concatenate([values, [values.sum()]])

    area_t = with_total(area)
    grid_area_t = with_total(sums.grid_area_km2)
    pop_t = with_total(sums.population)
    rows["area_km2"] = area_t
    rows["population"] = pop_t
    rows["stations"] = np.concatenate([stations, [total_stations]]).astype(np.int64)
    for s in SCENARIOS:
        suffix = "" if s == "likely" else f"_{s}"
        cov_area_t = with_total(sums.covered_area_km2[s])
        share = np.where(grid_area_t > 0, cov_area_t / np.where(grid_area_t > 0, grid_area_t, 1.0), 0.0)
        covered_km2 = np.minimum(share * area_t, area_t)
        cov_pop_t = with_total(sums.covered_pop[s])
        rows[f"covered_km2{suffix}"] = covered_km2
        rows[f"covered_area_pct{suffix}"] = 100.0 * share
        rows[f"covered_pop{suffix}"] = cov_pop_t
        rows[f"covered_pop_pct{suffix}"] = _pct(cov_pop_t, pop_t)
        rows[f"estimated_subscribers{suffix}"] = cov_pop_t * penetration
    columns = list(STAT_FIELDS)
    if open_sums is not None:
        cov_area_t = with_total(open_sums.covered_area_km2["likely"])
        share = np.where(grid_area_t > 0, cov_area_t / np.where(grid_area_t > 0, grid_area_t, 1.0), 0.0)
        open_km2 = np.minimum(share * area_t, area_t)
        open_pop = with_total(open_sums.covered_pop["likely"])
        rows["covered_km2_no_terrain"] = open_km2
        rows["covered_pop_no_terrain"] = open_pop
        rows["covered_pop_pct_no_terrain"] = _pct(open_pop, pop_t)
        rows["terrain_removed_km2"] = np.maximum(open_km2 - rows["covered_km2"], 0.0)
        rows["terrain_removed_pop"] = np.maximum(open_pop - rows["covered_pop"], 0.0)
        columns += list(TERRAIN_FIELDS)
    table = pd.DataFrame(rows)
    assert len(table) == n + 1
    return table[columns]


#: Extra columns of the statistics table when a DEM masks the coverage (likely scenario).
TERRAIN_FIELDS: tuple[str, ...] = ("covered_km2_no_terrain", "covered_pop_no_terrain", "covered_pop_pct_no_terrain",
                                   "terrain_removed_km2", "terrain_removed_pop")


def summary_line(table: pd.DataFrame) -> str:
    """'71 % of population covered (64-78 %) · 6.9 M est. subscribers' from the TOTAL row."""
    total = table[table["region"] == TOTAL].iloc[0]
    return (f"{total['covered_pop_pct']:.0f} % of population covered "
            f"({total['covered_pop_pct_min']:.0f}-{total['covered_pop_pct_max']:.0f} %) · "
            f"{format_count(total['estimated_subscribers'])} est. subscribers")


def format_count(value: float) -> Msg:
    """``6.9 M``, ``48.2 k``, ``566``: a count of people, short (a message: its number written as QGIS writes
    numbers by ``plugin.i18n.translated``)."""
    value = float(value)
    if abs(value) >= 1e6:
        return literal("{v} M", v=num(value / 1e6, ".1f"))
    if abs(value) >= 1e3:
        return literal("{v} k", v=num(value / 1e3, ".1f"))
    return literal("{v}", v=num(value, ".0f"))


# -- live state: incremental refresh ------------------------------------------------------
class CoverageState:
    """Coverage counts held in memory for live editing; one station edit recomputes its window only.

    Holds the full population, region index and per-scenario count arrays of the grid (use
    :func:`grid_statistics` for one-shot runs on rasters too big for memory).
    """

    def __init__(self, locator: CellLocator, fp: Footprints, population: np.ndarray, regions: np.ndarray,
                 cell_area_km2, n_regions: int, factors: dict | None = None,
                 visibility: Visibility | None = None, check: Callable | None = None):
        self.locator = locator
        self.fp = fp
        self.population = np.nan_to_num(np.asarray(population, dtype=np.float64), nan=0.0)
        self.regions = np.asarray(regions, dtype=np.int32)
        grid = locator.grid
        self.cell_area = np.broadcast_to(np.asarray(cell_area_km2, dtype=np.float64), (grid.height, grid.width))
        self.n_regions = n_regions
        self.factors = dict(factors or DEFAULT_FACTORS)
        self.visibility = visibility
        self.active = np.ones(fp.n, dtype=bool)
        self.counts = {}
        self.sums = RegionSums(n_regions)
        inside = self.regions >= 0
        r = self.regions[inside]
        self.sums.population = np.bincount(r, weights=self.population[inside], minlength=n_regions)[:n_regions]
        self.sums.grid_area_km2 = np.bincount(r, weights=self.cell_area[inside], minlength=n_regions)[:n_regions]
        for s in SCENARIOS:
            counts = count_grid(locator, fp, self.factors[s], visibility, check=check)
            self.counts[s] = counts
            covered = counts > 0
            sel = covered & inside
            self.sums.covered_pop[s] = np.bincount(self.regions[sel], weights=self.population[sel],
                                                   minlength=n_regions)[:n_regions]
            self.sums.covered_area_km2[s] = np.bincount(self.regions[sel], weights=self.cell_area[sel],
                                                        minlength=n_regions)[:n_regions]

    def _apply(self, i: int, sign: int) -> None:
        for s in SCENARIOS:
            found = station_mask(self.locator, self.fp, i, self.factors[s], self.visibility)
            if found is None:
                continue
            rows, cols, mask = found
            counts = self.counts[s][rows, cols]
            before = counts > 0
            if sign > 0:
                counts += mask.astype(np.uint16)
            else:
                counts -= np.minimum(mask.astype(np.uint16), counts)
            change = (counts > 0).astype(np.int8) - before.astype(np.int8)
            sel = (change != 0) & (self.regions[rows, cols] >= 0)
            if not sel.any():
                continue
            reg = self.regions[rows, cols][sel]
            w = change[sel].astype(np.float64)
            n = self.n_regions
            self.sums.covered_pop[s] += np.bincount(reg, weights=w * self.population[rows, cols][sel], minlength=n)[:n]
            self.sums.covered_area_km2[s] += np.bincount(reg, weights=w * self.cell_area[rows, cols][sel],
                                                         minlength=n)[:n]

    def remove(self, i: int) -> None:
        """Take station ``i`` out (its index stays reserved)."""
        if self.active[i]:
            self._apply(i, -1)
            self.active[i] = False

    def move(self, i: int, x: float | None = None, y: float | None = None, radius: float | None = None,
             azimuths=None, beamwidth: float | None = None) -> None:
        """Change station ``i`` (position, radius, sectors); only its old and new windows are recomputed."""
        if self.active[i]:
            self._apply(i, -1)
        if x is not None:
            self.fp.x[i] = x
        if y is not None:
            self.fp.y[i] = y
        if radius is not None:
            if not (math.isfinite(radius) and radius > 0):
                raise CoverageInputError(tr("station {i}: radius {value} m must be a positive number", i=i,
                                            value=repr(radius)))
            self.fp.radius[i] = radius
        if azimuths is not None:
            self.fp.azimuths[i] = np.asarray(azimuths, dtype=float)
        if beamwidth is not None:
            self.fp.beamwidth[i] = beamwidth
        self.active[i] = True
        self._apply(i, +1)

    def add(self, x: float, y: float, radius: float, azimuths=(), beamwidth: float = 120.0) -> int:
        """Add a station; returns its index."""
        fp = self.fp
        fp.x = np.append(fp.x, x)
        fp.y = np.append(fp.y, y)
        fp.radius = np.append(fp.radius, radius)
        fp.azimuths.append(np.asarray(azimuths, dtype=float))
        fp.beamwidth = np.append(fp.beamwidth, beamwidth)
        if fp.budgets is not None:
            fp.budgets.append(None)
        if fp.heights is not None:
            fp.heights = np.append(fp.heights, np.nan)
        self.active = np.append(self.active, False)
        i = fp.n - 1
        self.move(i)
        return i
