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
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .coverage import CellLocator, Footprints, Grid, Visibility, count_band, iter_bands, station_mask

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
                    check: Callable | None = None, progress: Callable | None = None) -> RegionSums:
    """Population and area per region, covered per scenario (cell-centre rule), band by band.

    Omni stations on a metric grid take the block path (:func:`_block_band`): blocks of cells
    wholly covered or wholly uncovered by the footprints (decided with a KD-tree on the
    stations) and lying in a single region are summed as blocks; only the other blocks are
    evaluated cell by cell. The result is the same as the cell-by-cell path, faster.
    """
    factors = factors or DEFAULT_FACTORS
    sums = RegionSums(n_regions)
    grid = src.grid
    band_rows = max(BLOCK, band_rows // BLOCK * BLOCK)
    bands = list(iter_bands(grid.height, band_rows))
    distinct = sorted({factors[s] for s in SCENARIOS})
    blocks = None
    if src.locator.identity and visibility is None and fp.n and not fp.sectored().any():
        from scipy.spatial import cKDTree

        blocks = (cKDTree(np.column_stack([fp.x, fp.y])), float(fp.radius.min()), float(fp.radius.max()))
    for k, (r0, r1) in enumerate(bands):
        if check is not None:
            check()
        reg = np.asarray(src.regions(r0, r1))
        if (reg >= 0).any():
            pop = np.asarray(src.population(r0, r1))
            if pop.dtype.kind != "f":
                pop = pop.astype(np.float64)
            if not np.isfinite(pop).all():
                pop = np.where(np.isfinite(pop), pop, 0.0)
            area = np.asarray(src.cell_area_km2(r0, r1), dtype=np.float64)
            if blocks is not None:
                people, km2 = _block_band(src.locator, fp, blocks, distinct, r0, r1, reg, pop, area, n_regions,
                                          check)
            else:
                people, km2 = _cell_band(src.locator, fp, distinct, r0, r1, reg, pop, area, n_regions,
                                         visibility, check)
            sums.population += people[:, 0]
            sums.grid_area_km2 += km2[:, 0]
            for s in SCENARIOS:
                j = 1 + distinct.index(factors[s])
                sums.covered_pop[s] += people[:, j]
                sums.covered_area_km2[s] += km2[:, j]
        if progress is not None:
            progress((k + 1) / len(bands))
    return sums


#: Block size (cells) of the block path of :func:`grid_statistics`.
BLOCK = 32


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


def _cell_band(locator, fp, distinct, r0, r1, reg, pop, area, n_regions, visibility, check):
    # one code per cell: (region + 1) * 8 + one bit per distinct factor; two bincounts give
    # population, area and every covered figure of every region
    code = (reg.astype(np.int64) + 1).clip(0, n_regions) * 8
    for bit, f in enumerate(distinct):
        covered = count_band(locator, fp, f, r0, r1, visibility, check) > 0
        code += covered.astype(np.int64) << bit
    people = _region_table(code, pop, n_regions, len(distinct))
    if area.ndim == 0:
        km2 = _region_table(code, None, n_regions, len(distinct)) * float(area)
    else:
        km2 = _region_table(code, np.broadcast_to(area, reg.shape), n_regions, len(distinct))
    return people, km2


def _block_reduce(a: np.ndarray, op: str) -> np.ndarray:
    """Sum / min / max of each BLOCK x BLOCK block of ``a`` (partial blocks at the edges included)."""
    h, w = a.shape
    hb, wb = -(-h // BLOCK), -(-w // BLOCK)
    out = np.empty((hb, wb), dtype=np.float64 if op == "sum" else a.dtype)
    fh, fw = h // BLOCK, w // BLOCK

    def reduce(part, axes):
        if op == "sum":
            return part.sum(axis=axes, dtype=np.float64)
        return part.min(axis=axes) if op == "min" else part.max(axis=axes)

    if fh and fw:
        out[:fh, :fw] = reduce(a[:fh * BLOCK, :fw * BLOCK].reshape(fh, BLOCK, fw, BLOCK), (1, 3))
    if fw < wb and fh:  # right strip
        out[:fh, fw] = reduce(a[:fh * BLOCK, fw * BLOCK:].reshape(fh, BLOCK, -1), (1, 2))
    if fh < hb:  # bottom strip (and corner)
        bottom = a[fh * BLOCK:, :]
        if fw:
            out[fh, :fw] = reduce(bottom[:, :fw * BLOCK].reshape(bottom.shape[0], fw, BLOCK), (0, 2))
        if fw < wb:
            out[fh, fw] = reduce(bottom[:, fw * BLOCK:], (0, 1))
    return out


def _block_band(locator, fp, blocks, distinct, r0, r1, reg, pop, area, n_regions, check):
    tree, rmin, rmax = blocks
    grid = locator.grid
    h, w = reg.shape
    rs = np.arange(0, h, BLOCK)
    cs = np.arange(0, w, BLOCK)
    nbr, nbc = len(rs), len(cs)
    nf = len(distinct)
    # block sums of people and area; region uniformity
    pop_blk = _block_reduce(pop, "sum")
    widths = np.diff(np.append(cs, w))
    heights = np.diff(np.append(rs, h))
    if area.ndim == 0:
        area_blk = np.outer(heights, widths) * float(area)
    else:
        area_blk = np.outer(np.add.reduceat(np.broadcast_to(area, (h, 1))[:, 0], rs), widths)
    reg_min = _block_reduce(reg, "min")
    reg_max = _block_reduce(reg, "max")
    uniform_reg = reg_min == reg_max
    # rectangle spanned by each block's cell centres
    first_x = grid.x0 + (cs + 0.5) * grid.res_x
    last_x = grid.x0 + (cs + widths - 0.5) * grid.res_x
    first_y = grid.y0 - (r0 + rs + 0.5) * grid.res_y
    last_y = grid.y0 - (r0 + rs + heights - 0.5) * grid.res_y
    cx = np.broadcast_to((first_x + last_x) / 2, (nbr, nbc))
    cy = np.broadcast_to(((first_y + last_y) / 2)[:, None], (nbr, nbc))
    half = 0.5 * np.hypot(np.broadcast_to(last_x - first_x, (nbr, nbc)),
                          np.broadcast_to((first_y - last_y)[:, None], (nbr, nbc)))
    d_near, _ = tree.query(np.column_stack([cx.ravel(), cy.ravel()]))
    d_near = d_near.reshape(nbr, nbc)
    # state per factor: 1 wholly covered, 0 wholly uncovered, -1 mixed (margins keep ties cell-level)
    state = np.full((nf, nbr, nbc), -1, dtype=np.int8)
    for k, f in enumerate(distinct):
        eps = 1e-9 * rmax * f + 1e-6
        state[k][d_near + half <= rmin * f - eps] = 1
        state[k][d_near > rmax * f + half + eps] = 0
    decided = uniform_reg & (state >= 0).all(axis=0)

    people = np.zeros((n_regions, 1 + nf))
    km2 = np.zeros((n_regions, 1 + nf))
    # decided blocks: block sums
    key = reg_min[decided]
    inside = key >= 0
    if inside.any():
        key_in = key[inside]
        pb = pop_blk[decided][inside]
        ab = area_blk[decided][inside]
        people[:, 0] += np.bincount(key_in, weights=pb, minlength=n_regions)[:n_regions]
        km2[:, 0] += np.bincount(key_in, weights=ab, minlength=n_regions)[:n_regions]
        for k in range(nf):
            full = state[k][decided][inside] == 1
            people[:, 1 + k] += np.bincount(key_in[full], weights=pb[full], minlength=n_regions)[:n_regions]
            km2[:, 1 + k] += np.bincount(key_in[full], weights=ab[full], minlength=n_regions)[:n_regions]
    # the other blocks: cell by cell
    todo = np.argwhere(~decided)
    if len(todo) == 0:
        return people, km2
    if len(todo) > 0.25 * nbr * nbc:
        # many undecided blocks: stamp the whole band (row intervals) once
        cov = [count_band(locator, fp, f, r0, r1, None, check) > 0 for f in distinct]
        mask = np.zeros((h, w), dtype=bool)
        for bi, bj in todo:
            mask[rs[bi]:rs[bi] + heights[bi], cs[bj]:cs[bj] + widths[bj]] = True
        code = (np.where(mask, reg, -1).astype(np.int64) + 1).clip(0, n_regions) * 8
        for bit in range(nf):
            code += (cov[bit] & mask).astype(np.int64) << bit
        people += _region_table(code, pop, n_regions, nf)
        if area.ndim == 0:
            km2 += _region_table(code, None, n_regions, nf) * float(area)
        else:
            km2 += _region_table(code, np.broadcast_to(area, reg.shape), n_regions, nf)
        return people, km2
    radius = fp.radius
    cand = tree.query_ball_point(np.column_stack([cx[todo[:, 0], todo[:, 1]], cy[todo[:, 0], todo[:, 1]]]),
                                 rmax * max(distinct) + half[todo[:, 0], todo[:, 1]] + 1e-6)
    xs_all = grid.col_centers()
    for (bi, bj), near in zip(todo, cand):
        rows = slice(rs[bi], rs[bi] + heights[bi])
        cols = slice(cs[bj], cs[bj] + widths[bj])
        sub_reg = reg[rows, cols]
        code = (sub_reg.astype(np.int64) + 1).clip(0, n_regions) * 8
        if near:
            near = np.asarray(near)
            yc = grid.y0 - (r0 + np.arange(rows.start, rows.stop) + 0.5) * grid.res_y
            dx = xs_all[cols][None, None, :] - fp.x[near][:, None, None]
            dy = yc[None, :, None] - fp.y[near][:, None, None]
            d2 = dx * dx + dy * dy
            for bit, f in enumerate(distinct):
                r2 = ((radius[near] * f) ** 2)[:, None, None]
                code += (d2 <= r2).any(axis=0).astype(np.int64) << bit
        people += _region_table(code, pop[rows, cols], n_regions, nf)
        if area.ndim == 0:
            km2 += _region_table(code, None, n_regions, nf) * float(area)
        else:
            km2 += _region_table(code, np.broadcast_to(area, reg.shape)[rows, cols], n_regions, nf)
    return people, km2


def point_statistics(fp: Footprints, px, py, pop, point_region, n_regions: int, factors: dict | None = None
                     ) -> RegionSums:
    """Population sums from points (metric coordinates), covered when inside a footprint."""
    from .coverage import points_covered

    factors = factors or DEFAULT_FACTORS
    sums = RegionSums(n_regions)
    pop = np.nan_to_num(np.asarray(pop, dtype=float), nan=0.0)
    reg = np.asarray(point_region, dtype=np.int64)
    inside = reg >= 0
    sums.population = np.bincount(reg[inside], weights=pop[inside], minlength=n_regions)[:n_regions].astype(float)
    for s in SCENARIOS:
        cov = points_covered(fp, factors[s], px, py) > 0
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


def fractional_statistics(grid: Grid, population: Callable[[int, int], np.ndarray], region_geoms: list,
                          coverage_geoms: dict, cell_area_km2: Callable[[int, int], object],
                          check: Callable | None = None) -> RegionSums:
    """Region sums with exact fractional cell weighting.

    ``region_geoms``: shapely polygons in the grid CRS; ``coverage_geoms``: scenario -> the
    union of the footprints in the grid CRS.
    """
    n = len(region_geoms)
    sums = RegionSums(n)

    def weigh(geom):
        found = cell_fractions(geom, grid)
        if found is None:
            return 0.0, 0.0
        rows, cols, frac = found
        pop = np.nan_to_num(np.asarray(population(rows.start, rows.stop), dtype=np.float64), nan=0.0)[:, cols]
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


# -- the table --------------------------------------------------------------------------------
def _pct(num, den):
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, 100.0 * num / den, 0.0)


def build_table(names: list[str], region_area_km2, sums: RegionSums, stations_per_region,
                total_stations: int, penetration: float = DEFAULT_PENETRATION) -> pd.DataFrame:
    """The statistics table: one row per region, then the ``TOTAL`` row (fields :data:`STAT_FIELDS`).

    ``covered_km2`` = region area × the covered share of the region's cells (so that the
    polygon's true area and the grid's covered fraction agree); ``covered_pop`` and
    ``population`` are sums of people. Ranges are the min / max scenarios.
    """
    if not 0.0 <= penetration <= 1.0:
        raise ValueError(f"penetration {penetration!r} must be between 0 and 1")
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
    table = pd.DataFrame(rows)
    assert len(table) == n + 1
    return table[list(STAT_FIELDS)]


def summary_line(table: pd.DataFrame) -> str:
    """'71 % of population covered (64-78 %) · 6.9 M est. subscribers' from the TOTAL row."""
    total = table[table["region"] == TOTAL].iloc[0]
    return (f"{total['covered_pop_pct']:.0f} % of population covered "
            f"({total['covered_pop_pct_min']:.0f}-{total['covered_pop_pct_max']:.0f} %) · "
            f"{format_count(total['estimated_subscribers'])} est. subscribers")


def format_count(value: float) -> str:
    value = float(value)
    if abs(value) >= 1e6:
        return f"{value / 1e6:.1f} M"
    if abs(value) >= 1e3:
        return f"{value / 1e3:.1f} k"
    return f"{value:.0f}"


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
            counts = np.zeros((grid.height, grid.width), dtype=np.uint16)
            for r0, r1 in iter_bands(grid.height, 512):
                band = count_band(locator, fp, self.factors[s], r0, r1, visibility, check)
                counts[r0:r1] = np.minimum(band, np.iinfo(np.uint16).max)
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
                raise ValueError(f"station {i}: radius {radius!r} m must be a positive number")
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
