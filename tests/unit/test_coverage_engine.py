"""Grid coverage engine: exact cell-centre counts, sectors, best server, geographic grids, live edits."""

from __future__ import annotations

import numpy as np
import pytest

from basestation_mapper.plugin.core.coverage import (
    CellLocator,
    CoverageInputError,
    Footprints,
    Grid,
    best_server,
    count_grid,
    footprint_polygon,
    in_footprint,
    points_covered,
)
from basestation_mapper.plugin.core.stats import CoverageState, PopulationGrid, grid_statistics


def brute_counts(grid, fp, scale=1.0):
    """Every cell centre against every station (the obvious O(cells x stations) way)."""
    xs = grid.col_centers()
    ys = grid.row_centers()
    gx, gy = np.meshgrid(xs, ys)
    out = np.zeros(gx.shape, dtype=np.int32)
    for i in range(fp.n):
        out += in_footprint(gx - fp.x[i], gy - fp.y[i], fp.radius[i] * scale, fp.azimuths[i], fp.beamwidth[i])
    return out


def random_stations(rng, n, extent, rmin=300.0, rmax=2500.0):
    return Footprints(rng.uniform(-500, extent + 500, n), rng.uniform(-500, extent + 500, n),
                      rng.uniform(rmin, rmax, n))


def test_interval_stamping_equals_brute_force():
    rng = np.random.default_rng(7)
    grid = Grid(0.0, 10000.0, 100.0, 100.0, 97, 103)  # odd sizes, not multiples of anything
    fp = random_stations(rng, 60, 10000.0)
    for scale in (0.7, 1.0, 1.3):
        fast = count_grid(CellLocator(grid), fp, scale, band_rows=17)
        assert np.array_equal(fast.astype(np.int32), brute_counts(grid, fp, scale))


def test_sectors_mixed_with_omni_equal_brute_force():
    rng = np.random.default_rng(11)
    grid = Grid(0.0, 6000.0, 50.0, 50.0, 120, 120)
    fp = random_stations(rng, 20, 6000.0)
    fp.azimuths = [np.array([0.0, 120.0, 240.0]) if i % 3 == 0 else
                   (np.array([45.0]) if i % 3 == 1 else np.empty(0)) for i in range(fp.n)]
    fp.beamwidth = np.where(np.arange(fp.n) % 3 == 0, 65.0, 90.0)
    fast = count_grid(CellLocator(grid), fp)
    assert np.array_equal(fast.astype(np.int32), brute_counts(grid, fp))


def test_single_wedge_covers_only_its_quadrant():
    grid = Grid(-1000.0, 1000.0, 10.0, 10.0, 200, 200)
    fp = Footprints([0.0], [0.0], [900.0], [np.array([45.0])], [90.0])  # north-east quadrant
    counts = count_grid(CellLocator(grid), fp)
    xs, ys = np.meshgrid(grid.col_centers(), grid.row_centers())
    assert counts[(xs < 0) | (ys < 0)].sum() == 0
    quadrant = counts[(xs > 0) & (ys > 0)].sum() * 100.0  # m2
    assert quadrant == pytest.approx(np.pi * 900.0 ** 2 / 4, rel=0.01)
    poly = footprint_polygon(0.0, 0.0, 900.0, [45.0], 90.0)
    assert poly.area == pytest.approx(np.pi * 900.0 ** 2 / 4, rel=0.001)
    assert poly.bounds[0] == pytest.approx(0.0, abs=1e-6) and poly.bounds[1] == pytest.approx(0.0, abs=1e-6)


def test_three_sectors_of_120_make_a_full_disc():
    grid = Grid(-1000.0, 1000.0, 20.0, 20.0, 100, 100)
    disc = Footprints([0.0], [0.0], [800.0])
    sect = Footprints([0.0], [0.0], [800.0], [np.array([0.0, 120.0, 240.0])], [120.0])
    assert np.array_equal(count_grid(CellLocator(grid), disc), count_grid(CellLocator(grid), sect))


def test_overlap_counts_hand_built():
    # two discs of 1 km, centres 1 km apart: lens where count is 2
    grid = Grid(-2000.0, 2000.0, 10.0, 10.0, 500, 400)
    fp = Footprints([0.0, 1000.0], [0.0, 0.0], [1000.0, 1000.0])
    counts = count_grid(CellLocator(grid), fp)
    r, d = 1000.0, 1000.0
    lens = 2 * r * r * np.arccos(d / (2 * r)) - d / 2 * np.sqrt(4 * r * r - d * d)
    assert (counts == 2).sum() * 100.0 == pytest.approx(lens, rel=0.01)
    assert (counts >= 1).sum() * 100.0 == pytest.approx(2 * np.pi * r * r - lens, rel=0.01)
    assert counts.max() == 2


def test_best_server_nearest_splits_on_bisector():
    grid = Grid(-2000.0, 2000.0, 20.0, 20.0, 250, 200)
    fp = Footprints([0.0, 1000.0], [0.0, 0.0], [1500.0, 1500.0])
    best = best_server(CellLocator(grid), fp, mode="nearest")
    xs, _ys = np.meshgrid(grid.col_centers(), grid.row_centers())
    covered = count_grid(CellLocator(grid), fp) > 0
    assert np.array_equal(best >= 0, covered)  # clipped to coverage
    assert np.all(best[covered & (xs < 490)] == 0)
    assert np.all(best[covered & (xs > 510)] == 1)


def test_best_server_strongest_prefers_the_higher_eirp():
    from basestation_mapper.plugin.core.radio import LinkBudget

    grid = Grid(-2000.0, 2000.0, 20.0, 20.0, 250, 200)
    weak, strong = LinkBudget(eirp_dbm=40.0), LinkBudget(eirp_dbm=60.0)
    fp = Footprints([0.0, 1000.0], [0.0, 0.0], [1500.0, 1500.0], budgets=[weak, strong],
                    heights=np.array([30.0, 30.0]))
    best = best_server(CellLocator(grid), fp, mode="strongest")
    xs, ys = np.meshgrid(grid.col_centers(), grid.row_centers())
    # a point 400 m from the weak station and 600 m from the strong one is served by the strong one
    near = (np.abs(xs - 410) < 15) & (np.abs(ys) < 15)
    assert np.all(best[near] == 1)
    # right next to the weak station it still wins
    assert np.all(best[(np.abs(xs - 10) < 15) & (np.abs(ys) < 15)] == 0)


def test_geographic_grid_counts_in_metres():
    """A 4326 grid: distances measured in UTM, the disc area matches to the cell size."""
    grid = Grid(126.9, 40.1, 0.001, 0.001, 200, 200)
    loc = CellLocator.between(grid, "EPSG:4326", "EPSG:32652")
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", "EPSG:32652", always_xy=True).transform(127.0, 40.0)
    fp = Footprints([x], [y], [5000.0])
    counts = count_grid(loc, fp)
    # area of covered cells using geodesic cell areas per row
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    area = 0.0
    for r in range(grid.height):
        top = grid.y0 - r * grid.res_y
        cell = abs(geod.polygon_area_perimeter([0, 0.001, 0.001, 0], [top, top, top - 0.001, top - 0.001])[0])
        area += counts[r].sum() * cell
    assert area == pytest.approx(np.pi * 5000.0 ** 2, rel=0.01)


def test_visibility_hook_masks_cells():
    grid = Grid(-1000.0, 1000.0, 10.0, 10.0, 200, 200)
    fp = Footprints([0.0], [0.0], [900.0])

    def east_only(i, rows, cols):
        xs = grid.col_centers(cols.start, cols.stop)
        return np.broadcast_to(xs > 0, (rows.stop - rows.start, len(xs)))

    counts = count_grid(CellLocator(grid), fp, visibility=east_only)
    xs, _ = np.meshgrid(grid.col_centers(), grid.row_centers())
    assert counts[xs < 0].sum() == 0
    assert counts[xs > 0].sum() == pytest.approx(np.pi * 900 ** 2 / 2 / 100, rel=0.01)


def test_points_covered():
    fp = Footprints([0.0, 100.0], [0.0, 0.0], [50.0, 50.0])
    assert points_covered(fp, 1.0, [0.0, 49.0, 75.0, 500.0], [0.0, 0.0, 0.0, 0.0]).tolist() == [1, 1, 1, 0]
    assert points_covered(fp, 2.0, [50.0], [0.0]).tolist() == [2]


@pytest.mark.parametrize("radius", [0.0, -5.0, float("nan")])
def test_bad_radius_is_rejected(radius):
    with pytest.raises(CoverageInputError, match="station 1: radius"):
        Footprints([0.0, 1.0], [0.0, 1.0], [100.0, radius])


def _state_inputs(rng, n=40):
    grid = Grid(0.0, 20000.0, 100.0, 100.0, 200, 200)
    pop = rng.gamma(2.0, 5.0, (grid.height, grid.width))
    regions = np.where(np.arange(grid.width)[None, :] < 100, 0, 1) * np.ones((grid.height, 1), dtype=int)
    regions[:10] = -1
    fp = random_stations(rng, n, 20000.0)
    return grid, pop, regions, fp


def test_live_state_edits_equal_full_recompute():
    rng = np.random.default_rng(3)
    grid, pop, regions, fp = _state_inputs(rng)
    loc = CellLocator(grid)
    state = CoverageState(loc, fp, pop, regions, 0.01, 2)
    state.move(5, x=3000.0, y=4000.0)
    state.move(6, radius=4000.0)
    state.remove(7)
    new = state.add(15000.0, 15000.0, 2000.0, azimuths=[90.0], beamwidth=60.0)
    assert new == fp.n - 1
    keep = np.nonzero(state.active)[0]
    src = PopulationGrid(loc, lambda a, b: pop[a:b], lambda a, b: regions[a:b], lambda a, b: 0.01)
    full = grid_statistics(src, fp.subset(keep), 2)
    for s in ("min", "likely", "max"):
        np.testing.assert_allclose(state.sums.covered_pop[s], full.covered_pop[s], rtol=1e-9)
        np.testing.assert_allclose(state.sums.covered_area_km2[s], full.covered_area_km2[s], rtol=1e-9)


@pytest.mark.parametrize("n,radius", [(15, 1500.0), (400, 900.0), (3000, 700.0)])
def test_block_path_equals_cell_by_cell(n, radius):
    """The block shortcut of grid_statistics gives exactly the cell-by-cell sums."""
    rng = np.random.default_rng(n)
    grid = Grid(0.0, 30000.0, 50.0, 50.0, 610, 577)
    pop = rng.gamma(1.0, 3.0, (grid.height, grid.width))
    pop[rng.random(pop.shape) < 0.05] = np.nan
    yy, xx = np.mgrid[0:grid.height, 0:grid.width]
    regions = np.where((xx - 300) ** 2 + (yy - 250) ** 2 < 200 ** 2, 0, np.where(xx > 420, 1, 2))
    regions[yy < 30] = -1
    row_area = np.linspace(0.002, 0.003, grid.height)[:, None]  # per-row cell areas (geographic grids)
    fp = Footprints(rng.uniform(-1000, 31000, n), rng.uniform(-1000, 31000, n), rng.uniform(0.6, 1.0, n) * radius)
    loc = CellLocator(grid)
    src = PopulationGrid(loc, lambda a, b: pop[a:b], lambda a, b: regions[a:b], lambda a, b: row_area[a:b])

    def everywhere(i, rows, cols):  # forces the per-station window path
        return np.ones((rows.stop - rows.start, cols.stop - cols.start), dtype=bool)

    fast = grid_statistics(src, fp, 3, band_rows=160)
    slow = grid_statistics(src, fp, 3, visibility=everywhere, band_rows=160)
    np.testing.assert_allclose(fast.population, slow.population, rtol=1e-10)
    np.testing.assert_allclose(fast.grid_area_km2, slow.grid_area_km2, rtol=1e-10)
    for s in ("min", "likely", "max"):
        np.testing.assert_allclose(fast.covered_pop[s], slow.covered_pop[s], rtol=1e-10)
        np.testing.assert_allclose(fast.covered_area_km2[s], slow.covered_area_km2[s], rtol=1e-10)
    assert 0 < fast.covered_pop["likely"].sum() <= fast.population.sum()


@pytest.mark.parametrize("radii", [(1200.0,), (800.0, 2500.0, 4000.0), "scaled"])
def test_tile_path_equals_brute_force_for_all_scenarios(radii):
    """Tiles, quarters and single cells (KD-tree per radius class) sum exactly what brute force counts."""
    rng = np.random.default_rng(11)
    grid = Grid(1000.0, 40000.0, 100.0, 100.0, 333, 301)  # not multiples of the tile size
    n = 260
    # "scaled": one preset radius times slightly different CRS scale factors
    radius = 1500.0 * rng.uniform(0.9996, 1.0004, n) if radii == "scaled" else rng.choice(np.asarray(radii), n)
    fp = Footprints(rng.uniform(0, 36000, n), rng.uniform(9000, 42000, n), radius)
    pop = rng.gamma(1.0, 3.0, (grid.height, grid.width))
    regions = (np.arange(grid.width)[None, :] // 111 + 3 * (np.arange(grid.height)[:, None] // 101)).astype(np.int16)
    regions[:7] = -1
    regions[:, -3:] = -1
    factors = {"min": 0.7, "likely": 1.0, "max": 1.3}
    src = PopulationGrid(CellLocator(grid), lambda a, b: pop[a:b], lambda a, b: regions[a:b], lambda a, b: 0.01)
    sums = grid_statistics(src, fp, 9, factors, band_rows=100)
    inside = regions >= 0
    for s, f in factors.items():
        covered = (brute_counts(grid, fp, f) > 0) & inside
        expect = np.bincount(regions[covered], weights=pop[covered], minlength=9)
        np.testing.assert_allclose(sums.covered_pop[s], expect, rtol=1e-10)
        np.testing.assert_allclose(sums.covered_area_km2[s], np.bincount(regions[covered], minlength=9) * 0.01,
                                   rtol=1e-10)
    np.testing.assert_allclose(sums.population, np.bincount(regions[inside], weights=pop[inside], minlength=9),
                               rtol=1e-10)
    assert 0 < sums.covered_pop["min"].sum() < sums.covered_pop["likely"].sum() < sums.covered_pop["max"].sum()
