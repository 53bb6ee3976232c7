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
    """Population and area per region, covered per scenario (cell-centre rule), band by band."""
    factors = factors or DEFAULT_FACTORS
    sums = RegionSums(n_regions)
    grid = src.grid
    bands = list(iter_bands(grid.height, band_rows))
    for k, (r0, r1) in enumerate(bands):
        if check is not None:
            check()
        reg = np.asarray(src.regions(r0, r1))
        if (reg >= 0).any():
            # one code per cell: (region + 1) * 8 + one bit per distinct scenario factor, so that
            # two bincounts give population, area and every covered figure of every region
            code = (reg.astype(np.int64) + 1).clip(0, n_regions) * 8
            bits = {}
            for s in SCENARIOS:
                f = factors[s]
                if f not in bits:
                    bit = len(bits)
                    bits[f] = bit
                    covered = count_band(src.locator, fp, f, r0, r1, visibility, check) > 0
                    code += covered.astype(np.int64) << bit
            pop = np.asarray(src.population(r0, r1), dtype=np.float64)
            pop = np.where(np.isfinite(pop), pop, 0.0)
            size = (n_regions + 1) * 8
            flat = code.ravel()
            people = np.bincount(flat, weights=pop.ravel(), minlength=size)[:size].reshape(-1, 8)[1:]
            area = np.asarray(src.cell_area_km2(r0, r1), dtype=np.float64)
            if area.ndim == 0:
                km2 = np.bincount(flat, minlength=size)[:size].reshape(-1, 8)[1:] * float(area)
            else:
                km2 = np.bincount(flat, weights=np.broadcast_to(area, reg.shape).ravel(),
                                  minlength=size)[:size].reshape(-1, 8)[1:]
            sums.population += people.sum(axis=1)
            sums.grid_area_km2 += km2.sum(axis=1)
            codes = np.arange(8)
            for s in SCENARIOS:
                with_bit = (codes >> bits[factors[s]]) & 1 == 1
                sums.covered_pop[s] += people[:, with_bit].sum(axis=1)
                sums.covered_area_km2[s] += km2[:, with_bit].sum(axis=1)
        if progress is not None:
            progress((k + 1) / len(bands))
    return sums


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
