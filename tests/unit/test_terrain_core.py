"""core.terrain: hand-built DEMs with exact answers, gdal_viewshed agreement, batching, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from support.terrain_dems import fractal_dem, gdal_viewshed_mask, in_range, mem_dataset

from basestation_mapper.plugin.core import terrain as T  # noqa: N812

CELL = 30.0
FLAT = T.TerrainParams(curvature=False)


def make_grid(shape, cell=CELL):
    return T.Grid(500_000.0, 4_200_000.0, cell, cell, shape[1], shape[0], "")


def offsets(shape, row, col):
    rows, cols = np.indices(shape)
    return rows - row, cols - col


def run_one(dem, row, col, height=30.0, radius=5000.0, params=FLAT, cell=CELL):
    grid = make_grid(dem.shape, cell)
    x, y = grid.cell_center(row, col)
    return T.viewshed(dem, grid, float(x), float(y), height, radius, params)


# -- hand-built DEMs -------------------------------------------------------------------------------
@pytest.mark.parametrize("orientation", ["east", "north", "west", "south"])
def test_wall_higher_than_antenna_hides_everything_behind(orientation):
    dem = np.zeros((201, 201), dtype=np.float32)
    row = col = 100
    dem[:, col + 10] = 40.0  # wall 40 m, antenna at 30 m
    dem = {"east": dem, "west": dem[:, ::-1], "north": dem.T[::-1], "south": dem.T}[orientation].copy()
    vis = run_one(dem, row, col, radius=2500.0)
    a, b = offsets(dem.shape, row, col)
    along = {"east": b, "west": -b, "north": -a, "south": a}[orientation]
    expected = (along <= 10) & in_range(dem.shape, row, col, CELL, 2500.0)
    assert np.array_equal(vis, expected)


@pytest.mark.parametrize("transpose", [False, True])
def test_ridge_lower_than_antenna_casts_exact_shadow(transpose):
    # antenna 30 m, ridge 20 m at 10 cells, receiver 1.5 m: the sight line over the ridge
    # top reaches 1.5 m above the plain at 10 * (30 - 1.5) / (30 - 20) = 28.5 cells
    dem = np.zeros((241, 241), dtype=np.float32)
    row = col = 120
    dem[:, col + 10] = 20.0
    if transpose:
        dem = dem.T.copy()
    vis = run_one(dem, row, col, radius=3000.0)
    a, b = offsets(dem.shape, row, col)
    along = a if transpose else b
    expected = ((along <= 10) | (along >= 29)) & in_range(dem.shape, row, col, CELL, 3000.0)
    assert np.array_equal(vis, expected)


def test_bowl_is_seen_entirely_and_nothing_beyond_its_rim():
    size, centre, rim = 161, 80, 60  # rim at 60 cells = 1.8 km
    a, b = offsets((size, size), centre, centre)
    r = np.hypot(a, b)
    dem = np.where(r <= rim, 200.0 * (r / rim) ** 2, 0.0).astype(np.float32)
    vis = run_one(dem, centre, centre, height=10.0, radius=2400.0)
    inside = r <= rim
    assert vis[inside].all()
    assert not vis[~inside].any()


def test_flat_plain_beyond_the_radio_horizon():
    # 100 m cells, 40 km: antenna 30 m, receiver 1.5 m, k = 4/3
    cell, n = 100.0, 400
    dem = np.zeros((2 * n + 1, 2 * n + 1), dtype=np.float32)
    params = T.TerrainParams(target_height_m=1.5, refraction_k=4.0 / 3.0)
    vis = run_one(dem, n, n, height=30.0, radius=40_000.0, params=params, cell=cell)
    reff = 4.0 / 3.0 * T.EARTH_RADIUS_M
    horizon = math.sqrt(2 * reff * 30.0) + math.sqrt(2 * reff * 1.5)  # 27.6 km
    a, b = offsets(dem.shape, n, n)
    dist = np.hypot(a, b) * cell
    assert vis[dist < horizon - 2 * cell].all()
    assert not vis[dist > horizon + 2 * cell].any()
    # on the axis, the exact discrete answer: visible when the target clears every cell centre
    k = np.arange(1, n + 1)
    rel = -30.0 - (k * cell) ** 2 / (2 * reff)  # ground relative to the antenna
    expected = [True] + [rel[i] + 1.5 >= (i + 1) * max(rel[j] / (j + 1) for j in range(i)) for i in range(1, n)]
    assert vis[n, n + 1:].tolist() == expected
    assert 0 < expected.index(False) * cell - horizon + cell < 2 * cell


def test_fresnel_clearance_against_the_formula():
    # receiver and antenna at 50 m over a flat plain, wall of 44 m at 20 cells (600 m), 900 MHz
    dem = np.zeros((3, 241), dtype=np.float32)
    dem[:, 20] = 44.0
    grid = make_grid(dem.shape)
    x, y = grid.cell_center(1, 0)
    wavelength = T.SPEED_OF_LIGHT / 900e6
    params = T.TerrainParams(target_height_m=50.0, curvature=False, fresnel_clearance=0.6)
    obs = T.make_observers(float(x), float(y), 50.0, 7200.0, 900.0)
    vis = np.zeros(dem.shape, dtype=bool)
    for sm in T.visibility_masks(dem, grid, obs, params):
        vis[sm.window] = sm.mask
    plain = np.zeros(dem.shape, dtype=bool)
    for sm in T.visibility_masks(dem, grid, obs, T.TerrainParams(target_height_m=50.0, curvature=False)):
        plain[sm.window] = sm.mask
    assert plain[1].all()  # geometric line of sight everywhere (6 m above the wall)
    d = np.arange(241) * CELL
    d1 = 20 * CELL
    with np.errstate(invalid="ignore", divide="ignore"):
        need = 0.6 * np.sqrt(wavelength * d1 * (d - d1) / d)
    expected = np.where(np.arange(241) > 20, need <= 6.0, True)
    expected[:2] = True
    assert vis[1].tolist() == expected.tolist()
    assert 30 < np.argmin(expected[21:]) + 21 < 240  # the threshold lies inside the row
    assert T.fresnel_radius(900.0, 300.0, 300.0) == pytest.approx(math.sqrt(wavelength * 150.0))


def test_nodata_holes_are_never_visible_and_do_not_block():
    dem = np.zeros((121, 121), dtype=np.float32)
    dem[50:70, 75:85] = np.nan
    vis = run_one(dem, 60, 60, radius=1500.0)
    reach = in_range(dem.shape, 60, 60, CELL, 1500.0)
    assert not vis[np.isnan(dem)].any()
    assert np.array_equal(vis, reach & ~np.isnan(dem))


# -- agreement with gdal_viewshed --------------------------------------------------------------------
@pytest.mark.parametrize("target,k,radius", [(1.5, 4.0 / 3.0, 5000.0), (10.0, 1.0, 4000.0), (0.0, 4.0 / 3.0, 6000.0)])
def test_matches_gdal_viewshed_on_fractal_terrain(target, k, radius):
    dem = fractal_dem(300, 300, seed=3)
    grid = make_grid(dem.shape)
    ds = mem_dataset(dem, grid.geotransform)
    params = T.TerrainParams(target_height_m=target, refraction_k=k)
    peak = np.unravel_index(np.argmax(dem), dem.shape)
    valley = np.unravel_index(np.argmin(dem[60:240, 60:240]), (180, 180))
    cells = [peak, (valley[0] + 60, valley[1] + 60), (150, 150), (5, 290), (299, 0)]
    heights = [30.0, 45.0, 20.0, 30.0, 80.0]
    xs, ys = grid.cell_center([c[0] for c in cells], [c[1] for c in cells])
    obs = T.make_observers(xs, ys, heights, radius)
    ours = {sm.index: sm for sm in T.visibility_masks(dem, grid, obs, params)}
    for i, (row, col) in enumerate(cells):
        ref = gdal_viewshed_mask(ds, float(xs[i]), float(ys[i]), heights[i], target, radius,
                                 T.curvature_coefficient(k))
        mine = np.zeros(dem.shape, dtype=bool)
        mine[ours[i].window] = ours[i].mask
        reach = in_range(dem.shape, row, col, CELL, radius)
        agreement = (mine == ref)[reach].mean()
        assert agreement >= 0.999, (i, agreement)
        assert 0 < mine.sum() < reach.sum()


def test_curvature_coefficient_is_one_over_k():
    assert T.curvature_coefficient(4.0 / 3.0) == pytest.approx(0.75)
    assert T.curvature_coefficient(7.0 / 6.0) == pytest.approx(0.857142857)
    assert T.TerrainParams(curvature=False).curvature_coefficient == 0.0
    with pytest.raises(T.TerrainError):
        T.curvature_coefficient(0.0)


# -- batches, counts, memory, cancel ---------------------------------------------------------------
def test_count_equals_sum_of_single_viewsheds_whatever_the_batch_size():
    dem = fractal_dem(160, 200, seed=7)
    grid = make_grid(dem.shape)
    rng = np.random.default_rng(11)
    rows = rng.integers(0, 160, 12)
    cols = rng.integers(0, 200, 12)
    xs, ys = grid.cell_center(rows, cols)
    radii = rng.uniform(800.0, 3000.0, 12)
    heights = rng.uniform(10.0, 60.0, 12)
    obs = T.make_observers(xs, ys, heights, radii)
    expected = np.zeros(dem.shape, dtype=np.uint16)
    for i in range(12):
        expected += T.viewshed(dem, grid, float(xs[i]), float(ys[i]), heights[i], radii[i])
    big = T.visible_count(dem, grid, obs)
    small = T.visible_count(dem, grid, obs, T.TerrainParams(max_batch_mb=0.5))
    assert np.array_equal(big, expected)
    assert np.array_equal(small, expected)
    assert big.dtype == np.uint16 and big.max() >= 2


def test_progress_and_cancel():
    dem = fractal_dem(120, 120, seed=1)
    grid = make_grid(dem.shape)
    xs, ys = grid.cell_center(np.full(20, 60), np.arange(20, 100, 4))
    obs = T.make_observers(xs, ys, 30.0, 1500.0)
    seen = []
    T.visible_count(dem, grid, obs, T.TerrainParams(max_batch_mb=0.5), progress=seen.append)
    assert seen[-1] == pytest.approx(1.0) and len(seen) > 2 and seen == sorted(seen)

    class Stop(Exception):
        pass

    calls = []

    def check():
        calls.append(1)
        if len(calls) > 2:
            raise Stop()

    with pytest.raises(Stop):
        T.visible_count(dem, grid, obs, T.TerrainParams(max_batch_mb=0.5), check=check)


def test_radius_larger_than_the_dem_is_cut_at_its_edge():
    dem = fractal_dem(60, 80, seed=2)
    grid = make_grid(dem.shape)
    ds = mem_dataset(dem, grid.geotransform)
    x, y = grid.cell_center(3, 77)
    vis = T.viewshed(dem, grid, float(x), float(y), 30.0, 50_000.0, T.TerrainParams())
    ref = gdal_viewshed_mask(ds, float(x), float(y), 30.0, 1.5, 50_000.0, 0.75)
    assert vis.shape == dem.shape
    assert (vis == ref).mean() >= 0.999


def test_bad_input_is_reported():
    dem = np.zeros((50, 50), dtype=np.float32)
    grid = make_grid(dem.shape)
    x, y = grid.cell_center(25, 25)
    with pytest.raises(T.TerrainError, match="outside the DEM"):
        T.viewshed(dem, grid, grid.x0 - 10.0, float(y))
    hole = dem.copy()
    hole[21:30, 21:30] = np.nan  # no cell with data within 3 cells of the station
    with pytest.raises(T.TerrainError, match="nodata"):
        T.viewshed(hole, grid, float(x), float(y))
    hole[22:29, 22:29] = np.nan
    hole[21, 21:30] = 0.0  # ground 4 cells north: still none within 3
    with pytest.raises(T.TerrainError, match="nodata"):
        T.viewshed(hole, grid, float(x), float(y))
    hole[25, 25] = np.nan
    hole[22, 25] = 0.0  # ground 3 cells north: the station stands on it
    assert T.viewshed(hole, grid, float(x), float(y))[22, 25]
    with pytest.raises(T.TerrainError, match="radius"):
        T.make_observers([x], [y], 30.0, -5.0)
    with pytest.raises(T.TerrainError, match="antenna height"):
        T.make_observers([x], [y], float("nan"), 100.0)
    with pytest.raises(T.TerrainError, match="shape"):
        T.viewshed(dem[:10], grid, float(x), float(y))
    with pytest.raises(T.TerrainError, match="Fresnel"):
        T.viewshed(dem, grid, float(x), float(y), params=T.TerrainParams(fresnel_clearance=2.0))


def test_count_polygons_cover_the_counted_cells():
    count = np.zeros((40, 50), dtype=np.uint16)
    count[5:15, 5:20] = 1
    count[10:30, 15:40] = 2
    count[10:15, 15:20] = 3
    grid = make_grid(count.shape)
    polys = T.count_polygons(count, grid)
    by_value = {}
    for geom, value in polys:
        by_value[value] = by_value.get(value, 0.0) + geom.area
    for value in (1, 2, 3):
        assert by_value[value] == pytest.approx((count == value).sum() * CELL * CELL)
    assert 0 not in by_value


def test_ground_near_a_cell_without_data_is_the_nearest_height():
    """A mast on the DEM's sea (no data) stands on the nearest ground within three cells; farther
    out, or outside the grid, it has none."""
    grid = T.Grid(0.0, 1000.0, 10.0, 10.0, 100, 100)
    dem = np.full((100, 100), np.nan)
    dem[:, 50:] = 20.0
    dem[40, 50] = 35.0  # the nearest cell east of a mast at column 49, row 40
    assert T.ground_near(dem, grid, 495.0, 595.0) == pytest.approx(35.0)
    assert T.ground_near(dem, grid, 475.0, 595.0) == pytest.approx(35.0)  # 3 cells west of it
    assert T.ground_near(dem, grid, 475.0, 795.0) == pytest.approx(20.0)
    assert np.isnan(T.ground_near(dem, grid, 300.0, 595.0))
    assert np.isnan(T.ground_near(dem, grid, -5.0, 595.0))
    assert T.ground_near(dem, grid, 605.0, 595.0) == 20.0
