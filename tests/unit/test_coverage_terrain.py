"""Terrain as a switch of the coverage engine: a hand-built wall, brute force on fractal terrain, live edits."""

from __future__ import annotations

import numpy as np
import pytest
from osgeo import osr
from shapely.geometry import box
from support.coverage_terrain import EPSG, STATION, WALL, X0, Y0
from support.coverage_terrain import write_geotiff as write_tif

from basestation_mapper.plugin.core import terrain
from basestation_mapper.plugin.core.coverage import CellLocator, Footprints, Grid, in_footprint
from basestation_mapper.plugin.core.pipeline import (
    CoverageJob,
    LiveStatistics,
    RegionTable,
    StationTable,
    StatsJob,
    run_coverage,
    run_statistics,
)
from basestation_mapper.plugin.core.stats import TERRAIN_FIELDS, TOTAL, PopulationGrid, grid_statistics
from basestation_mapper.plugin.core.terrain_coverage import (
    MaskCache,
    TerrainOptions,
    TerrainSession,
    TerrainVisibility,
    warp_dem,
)


@pytest.fixture
def wall_scene(tmp_path):
    """Plain at 100 m with a 300 m wall 1.5 km east of the station; a village west, a town east."""
    dem = np.full((240, 240), 100.0)  # 25 m cells: 6 x 6 km
    cols = (np.arange(240) + 0.5) * 25.0 + X0
    dem[:, (cols >= WALL[0]) & (cols < WALL[1])] = 300.0
    dem_path = write_tif(tmp_path / "dem.tif", dem, X0, Y0, 25.0)
    pop = np.zeros((60, 60))  # 100 m cells
    village = (slice(25, 35), slice(5, 10))  # x 500-1000 m, around the station's row
    town = (slice(25, 35), slice(44, 54))  # x 4400-5400 m: 2.9-3.9 km from the station, behind the wall
    pop[village] = 10.0
    pop[town] = 20.0
    pop[25:35, 46] = 0.0  # 3.15 km from the station: right on the edge of the 400 m mast's shadow
    pop_path = write_tif(tmp_path / "pop.tif", pop, X0, Y0, 100.0)
    return dem_path, pop_path, pop, village, town


def stations_at(points, height=30.0, radius=4000.0):
    from pyproj import Transformer

    xs, ys = zip(*points)
    lon, lat = Transformer.from_crs(EPSG, "EPSG:4326", always_xy=True).transform(np.array(xs), np.array(ys))
    n = len(xs)
    table = StationTable(lon, lat, np.full(n, radius), names=[f"s{i}" for i in range(n)])
    table.antenna_m = np.full(n, height)
    return table


def region_all():
    return RegionTable(["all"], [box(X0, Y0 - 6000, X0 + 6000, Y0)], osr_wkt())


def osr_wkt():
    srs = osr.SpatialReference()
    srs.SetFromUserInput(EPSG)
    return srs.ExportToWkt()


def test_wall_hides_the_town_and_the_table_says_how_many_people(wall_scene):
    dem_path, pop_path, pop, village, town = wall_scene
    job = StatsJob(stations_at([STATION]), region_all(), raster_path=pop_path, metric_crs=EPSG,
                   terrain=TerrainOptions(dem_path, target_height_m=1.5))
    table = run_statistics(job).table
    total = table[table["region"] == TOTAL].iloc[0]
    village_pop, town_pop = pop[village].sum(), pop[town].sum()
    assert total["population"] == pytest.approx(village_pop + town_pop)
    # every person within 4 km is covered without terrain; the wall hides the whole town
    for bound in ("", "_min", "_max"):
        assert total[f"covered_pop{bound}"] == pytest.approx(village_pop), bound
    assert total["covered_pop_no_terrain"] == pytest.approx(village_pop + town_pop)
    assert total["terrain_removed_pop"] == pytest.approx(town_pop)
    assert total["covered_pop_pct_no_terrain"] == pytest.approx(100.0)
    assert list(table.columns[-len(TERRAIN_FIELDS):]) == list(TERRAIN_FIELDS)
    # the covered area: the disc west of the wall (and the wall's sunny face)
    assert 0 < total["terrain_removed_km2"] < total["covered_km2_no_terrain"]
    # a station on the wall sees both sides: nothing removed
    on_wall = StatsJob(stations_at([(WALL[0] + 50.0, STATION[1])]), region_all(), raster_path=pop_path,
                       metric_crs=EPSG, terrain=TerrainOptions(dem_path))
    total = run_statistics(on_wall).table.iloc[-1]
    assert total["covered_pop"] == pytest.approx(village_pop + town_pop)
    assert total["terrain_removed_pop"] == 0


def test_antenna_higher_than_the_wall_sees_the_far_part_of_the_town(wall_scene):
    dem_path, pop_path, pop, village, _town = wall_scene
    # 400 m mast (500 m above sea): the sight line over the far edge of the wall (300 m, 1.6 km away)
    # comes down to 101.5 m at 1.6 km * 398.5 / 200 = 3.19 km from the station
    job = StatsJob(stations_at([STATION], height=400.0), region_all(), raster_path=pop_path, metric_crs=EPSG,
                   terrain=TerrainOptions(dem_path))
    total = run_statistics(job).table.iloc[-1]
    far = [c for c in range(44, 54) if X0 + (c + 0.5) * 100.0 - STATION[0] > 3190.0]
    assert far == list(range(47, 54))
    expect = pop[village].sum() + pop[25:35, far].sum()
    assert total["covered_pop"] == pytest.approx(expect)
    assert total["terrain_removed_pop"] == pytest.approx(pop[25:35, 44:46].sum())


def test_coverage_polygons_overlap_best_server_and_raster_are_masked(wall_scene):
    dem_path, pop_path, *_ = wall_scene
    from basestation_mapper.plugin.core.population import RasterPopulation

    raster = RasterPopulation(pop_path)
    east = (WALL[0] + 1500.0, STATION[1])
    job = CoverageJob(stations_at([STATION, east]), metric_crs=EPSG, grid=raster.grid, grid_crs=raster.crs_wkt,
                      terrain=TerrainOptions(dem_path))
    result = run_coverage(job)
    west_poly = result.stations["likely"][0][1]
    assert west_poly.bounds[2] <= WALL[0] + 25.0 + 1e-6  # up to the wall's face, nothing behind it
    # the 4 km disc cut at the DEM's edges (1.5 km west, 3 km north and south) and at the wall's face
    assert west_poly.area == pytest.approx(3025.0 * 6000.0, rel=1e-9)
    assert any("cut at its edge" in w for w in result.warnings)
    east_poly = result.stations["likely"][1][1]
    assert east_poly.bounds[0] >= WALL[0] - 1e-6
    xs = raster.grid.col_centers()
    count = result.count
    assert count[:, xs < WALL[0]].max() == 1  # west: only the western station
    assert count[:, xs >= WALL[1]].max() == 1
    assert result.overlap and all(val == 1 for val, _ in result.overlap)  # nobody sees both
    best = dict(result.best_server)
    assert best[0].bounds[2] <= WALL[1] + 1e-6 and best[1].bounds[0] >= WALL[0] - 1e-6


def test_station_outside_the_dem_covers_nothing_and_is_named(wall_scene):
    dem_path, pop_path, *_ = wall_scene
    job = StatsJob(stations_at([STATION, (X0 + 9000.0, STATION[1])]), region_all(), raster_path=pop_path,
                   metric_crs=EPSG, terrain=TerrainOptions(dem_path))
    job.stations.names = ["ok", "Far Mast"]
    result = run_statistics(job)
    assert any("outside DEM" in w and "Far Mast" in w for w in result.warnings)
    single = run_statistics(StatsJob(stations_at([STATION]), region_all(), raster_path=pop_path, metric_crs=EPSG,
                                     terrain=TerrainOptions(dem_path))).table.iloc[-1]
    assert result.table.iloc[-1]["covered_pop"] == pytest.approx(single["covered_pop"])


def test_masked_statistics_equal_brute_force_on_fractal_terrain(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "support"))
    from terrain_dems import fractal_dem

    dem = fractal_dem(300, 300, seed=4, relief_m=400.0)
    dem_path = write_tif(tmp_path / "dem.tif", dem, X0, Y0, 30.0)
    grid = Grid(X0 + 600.0, Y0 - 600.0, 90.0, 90.0, 86, 83)  # coarser, offset engine grid
    rng = np.random.default_rng(2)
    fp = Footprints(rng.uniform(X0 + 1500, X0 + 7500, 12), rng.uniform(Y0 - 7500, Y0 - 1500, 12),
                    rng.uniform(1200, 2500, 12))
    heights = rng.uniform(10, 60, 12)
    opts = TerrainOptions(dem_path)
    dem_grid = warp_dem(opts, EPSG, (X0, Y0 - 9000, X0 + 9000, Y0))
    loc = CellLocator(grid)
    vis = TerrainVisibility(dem_grid, opts.params(), loc, fp, heights, np.full(12, 2100.0), reach_factor=1.3,
                            batch=5)
    pop = rng.gamma(1.0, 2.0, (grid.height, grid.width))
    regions = (np.arange(grid.width)[None, :] >= 40).astype(np.int16) * np.ones((grid.height, 1), np.int16)
    src = PopulationGrid(loc, lambda a, b: pop[a:b], lambda a, b: regions[a:b], lambda a, b: 0.0081)
    sums = grid_statistics(src, fp, 2, visibility=vis)
    # brute force: one full-grid viewshed per station (reach = 1.3 R + 1.5 cells), sampled at cell centres
    gx, gy = np.meshgrid(grid.col_centers(), grid.row_centers())
    g = dem_grid.grid
    rr = np.floor((g.y0 - gy) / g.dy).astype(int)
    cc = np.floor((gx - g.x0) / g.dx).astype(int)
    for scen, f in (("min", 0.7), ("likely", 1.0), ("max", 1.3)):
        covered = np.zeros(gx.shape, dtype=bool)
        for i in range(fp.n):
            view = terrain.viewshed(dem_grid.array, g, fp.x[i], fp.y[i], heights[i], fp.radius[i] * 1.3 + 45.0,
                                    opts.params())
            seen = view[rr.clip(0, g.height - 1), cc.clip(0, g.width - 1)]
            covered |= seen & in_footprint(gx - fp.x[i], gy - fp.y[i], fp.radius[i] * f, np.empty(0), 360.0)
        expect = np.bincount(regions[covered], weights=pop[covered], minlength=2)
        np.testing.assert_allclose(sums.covered_pop[scen], expect, rtol=1e-12)
    assert vis.cache.computed == fp.n  # one viewshed per station, however many passes
    open_sums = grid_statistics(src, fp, 2)
    assert (sums.covered_pop["likely"] < open_sums.covered_pop["likely"]).all()


def test_live_edits_with_terrain_equal_a_fresh_run(wall_scene):
    dem_path, pop_path, pop, village, town = wall_scene
    stations = stations_at([STATION, (X0 + 4500.0, Y0 - 1000.0)])
    stations.fids = [10, 11]
    job = StatsJob(stations, region_all(), raster_path=pop_path, metric_crs=EPSG, terrain=TerrainOptions(dem_path))
    session = TerrainSession()
    live = LiveStatistics(job, session=session)
    computed = session.cache.computed
    moved = stations_at([STATION, (X0 + 4500.0, Y0 - 3000.0), (X0 + 800.0, Y0 - 3000.0)], height=30.0)
    moved.fids = [10, 11, 12]
    moved.antenna_m[0] = 60.0  # a higher mast on the first station
    assert live.update(moved) == 3
    assert session.cache.computed - computed == 3  # only the changed stations got a new viewshed
    fresh = run_statistics(StatsJob(moved, region_all(), raster_path=pop_path, metric_crs=EPSG,
                                    terrain=TerrainOptions(dem_path)))
    got = live.table(moved, 0.27)
    for name in ("covered_pop", "covered_pop_min", "covered_pop_max", "covered_pop_no_terrain",
                 "terrain_removed_pop"):
        np.testing.assert_allclose(got[name], fresh.table[name], rtol=1e-9, err_msg=name)
    assert got.iloc[-1]["covered_pop"] == pytest.approx(pop[village].sum() + pop[town].sum())


def test_cache_is_bounded():
    cache = MaskCache(max_mb=0.001)
    for k in range(20):
        cache.put(k, (k, terrain.StationMask(k, 0, 0, np.ones((20, 20), dtype=bool))))
    assert cache.bytes <= 1000 and 0 < len(cache.items) < 20 and 19 in cache


def test_a_south_up_dem_gives_the_same_heights(tmp_path):
    """A DEM stored bottom row first (positive pixel height) is the same terrain as its north-up copy."""
    from support.coverage import write_raster

    rng = np.random.default_rng(7)
    dem = rng.uniform(50.0, 400.0, (80, 60))
    north_up = write_tif(tmp_path / "north_up.tif", dem, X0, Y0, 50.0)
    south_up = write_raster(tmp_path / "south_up.tif", dem[::-1], (X0, 50.0, 0.0, Y0 - 80 * 50.0, 0.0, 50.0), EPSG)
    bounds = (X0 + 500.0, Y0 - 3500.0, X0 + 2500.0, Y0 - 500.0)
    a = warp_dem(TerrainOptions(north_up), EPSG, bounds)
    b = warp_dem(TerrainOptions(south_up), EPSG, bounds)
    assert b.grid.x0 == a.grid.x0 and b.grid.y0 == a.grid.y0 and b.array.shape == a.array.shape
    np.testing.assert_allclose(b.array, a.array)


def test_a_dem_stored_with_scale_and_offset_gives_heights_in_metres(wall_scene, tmp_path):
    """The wall scene's DEM stored as Int16 decimetres above 50 m (height = stored × 0.1 + 50): the
    stored numbers were taken as metres, a wall 2 km high that hid the town from a 400 m mast."""
    from osgeo import gdal
    from support.rasters import write_raster

    dem_path, pop_path, pop, village, _town = wall_scene
    heights = gdal.Open(dem_path).ReadAsArray().astype(float)
    stored = np.round((heights - 50.0) / 0.1).astype(np.int16)
    stored[:3, :3] = -32768
    scaled = write_raster(tmp_path / "dem_dm.tif", stored, (X0, 25.0, 0.0, Y0, 0.0, -25.0), EPSG, -32768, "Int16")
    ds = gdal.Open(scaled, gdal.GA_Update)
    ds.GetRasterBand(1).SetScale(0.1)
    ds.GetRasterBand(1).SetOffset(50.0)
    ds = None
    bounds = (X0, Y0 - 6000.0, X0 + 6000.0, Y0)
    plain = warp_dem(TerrainOptions(dem_path), EPSG, bounds).array
    got = warp_dem(TerrainOptions(scaled), EPSG, bounds).array
    assert np.isnan(got[:3, :3]).all()
    np.testing.assert_allclose(got[3:, 3:], plain[3:, 3:], atol=1e-3)
    # the same covered people as with the plain DEM (see the 400 m mast test above)
    job = StatsJob(stations_at([STATION], height=400.0), region_all(), raster_path=pop_path, metric_crs=EPSG,
                   terrain=TerrainOptions(scaled))
    far = [c for c in range(44, 54) if X0 + (c + 0.5) * 100.0 - STATION[0] > 3190.0]
    assert run_statistics(job).table.iloc[-1]["covered_pop"] == pytest.approx(
        pop[village].sum() + pop[25:35, far].sum())


@pytest.mark.parametrize(("declare", "unit"), [("band", "foot"), ("band", "us_foot"), ("crs", "us_foot"),
                                               ("crs", "metre")])
def test_a_dem_declaring_its_heights_in_feet_is_not_read_as_metres_silently(wall_scene, tmp_path, declare, unit):
    """Heights in feet (band unit 'ft', or a compound CRS whose vertical part is NAVD88 in US survey
    feet) were read as metres without a word: relief 3.28 times too high."""
    from osgeo import gdal, osr

    from basestation_mapper.plugin.core.terrain_coverage import VERTICAL_UNITS

    dem_path = wall_scene[0]
    heights = gdal.Open(dem_path).ReadAsArray() / VERTICAL_UNITS[unit]
    path = write_tif(tmp_path / "dem_ft.tif", heights, X0, Y0, 25.0)
    ds = gdal.Open(path, gdal.GA_Update)
    if declare == "band":
        ds.GetRasterBand(1).SetUnitType({"foot": "ft", "us_foot": "US survey foot"}[unit])
    else:
        srs = osr.SpatialReference()
        srs.SetFromUserInput(EPSG + {"us_foot": "+6360", "metre": "+5703"}[unit])  # NAVD88 height (ftUS / m)
        ds.SetProjection(srs.ExportToWkt())
    ds = None
    bounds = (X0, Y0 - 6000.0, X0 + 6000.0, Y0)
    as_metres = warp_dem(TerrainOptions(path), EPSG, bounds)
    said = [w for w in as_metres.warnings if "declares its heights" in w]
    right = warp_dem(TerrainOptions(path, vertical_factor=VERTICAL_UNITS[unit]), EPSG, bounds)
    assert not any("declares its heights" in w for w in right.warnings)
    if unit == "metre":
        assert not said
        return
    assert len(said) == 1 and "dem_ft" in said[0] and unit.replace("_", " ") in said[0] and unit in said[0]
    plain = warp_dem(TerrainOptions(dem_path), EPSG, bounds).array
    np.testing.assert_allclose(right.array, plain, rtol=1e-5)


def test_voids_of_a_world_dem_are_reported(tmp_path):
    """A DEM of the world at 1 arc-minute (60° S-60° N) with data only east of 127° E around the
    stations: a third of the cells near them are voids inside the DEM, but its frame turned into the
    stations' UTM zone was no polygon and no void was ever reported."""
    import re

    from osgeo import gdal

    path = str(tmp_path / "world_1min.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 21600, 7200, 1, gdal.GDT_Int16,
                                              ["COMPRESS=DEFLATE", "TILED=YES", "SPARSE_OK=TRUE"])
    ds.SetGeoTransform((-180.0, 1 / 60, 0.0, 60.0, 0.0, -1 / 60))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).SetNoDataValue(-32768)
    # only this block is written: the others read as nodata
    ds.GetRasterBand(1).WriteArray(np.random.default_rng(9).integers(100, 900, (120, 120)).astype(np.int16),
                                   (127 + 180) * 60, (60 - 41) * 60)
    ds = None
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", "EPSG:32652", always_xy=True).transform(127.0, 40.5)
    dem = warp_dem(TerrainOptions(path), "EPSG:32652", (x - 20000.0, y - 10000.0, x + 40000.0, y + 10000.0))
    share = 100.0 * float(np.isnan(dem.array).mean())  # every cell is inside the DEM's extent
    assert 25.0 < share < 40.0
    (said,) = [w for w in dem.warnings if "voids" in w]
    assert float(re.search(r"([0-9.]+) % of its cells", said).group(1)) == pytest.approx(share, abs=0.1)


@pytest.mark.parametrize("resampling", ["NEAREST", "stale"])
def test_heights_come_from_the_dem_not_from_its_overviews(wall_scene, tmp_path, resampling):
    """A DEM read at a coarser cell size than its own was read from its overviews (GDAL picks them
    when warping to a coarser grid): heights then depended on how the overviews were built
    (gdaladdo's default, nearest) or on whether they were rebuilt after an edit; overviews built
    before the wall was burnt in made it vanish, and the town behind it was counted as covered."""
    from osgeo import gdal

    dem_path, pop_path, _pop, village, _town = wall_scene
    with_overviews = str(tmp_path / "with_overviews.tif")
    gdal.Translate(with_overviews, dem_path)
    ds = gdal.Open(with_overviews, gdal.GA_Update)
    band = ds.GetRasterBand(1)
    heights = band.ReadAsArray()
    if resampling == "stale":
        band.WriteArray(np.full(heights.shape, 100.0))  # the plain before the wall was added
        ds.BuildOverviews("AVERAGE", [2, 4, 8])
        band.WriteArray(heights)
    else:
        ds.BuildOverviews(resampling, [2, 4, 8])
    ds = None
    assert gdal.Open(with_overviews).GetRasterBand(1).GetOverviewCount() == 3
    bounds = (X0, Y0 - 6000.0, X0 + 6000.0, Y0)
    for cell in (50.0, 100.0, 200.0):
        plain = warp_dem(TerrainOptions(dem_path, cell_size_m=cell), EPSG, bounds)
        got = warp_dem(TerrainOptions(with_overviews, cell_size_m=cell), EPSG, bounds)
        np.testing.assert_array_equal(got.array, plain.array)
    job = StatsJob(stations_at([STATION]), region_all(), raster_path=pop_path,
                   terrain=TerrainOptions(with_overviews, cell_size_m=100.0))
    total = run_statistics(job).table.set_index("region").loc[TOTAL]
    assert total["covered_pop"] == pytest.approx(float(_pop[village].sum()))


def test_a_dem_with_an_alpha_band_has_no_heights_where_it_is_transparent(wall_scene, tmp_path):
    """A DEM reprojected with gdalwarp -dstalpha (heights + alpha, no nodata value) and a VRT mosaic
    built with -addalpha: the transparent cells (outside the warped footprint, the gap between the
    tiles) were read as heights of 0 m, and blended into the terrain at their edge."""
    from osgeo import gdal

    dem_path = wall_scene[0]
    gdal.Warp(str(tmp_path / "nodata.tif"), dem_path, dstSRS="EPSG:4326", dstNodata=-9999.0,
              outputType=gdal.GDT_Float32)
    gdal.Warp(str(tmp_path / "alpha.tif"), dem_path, dstSRS="EPSG:4326", dstAlpha=True,
              outputType=gdal.GDT_Float32)
    alpha = gdal.Open(str(tmp_path / "alpha.tif"))
    assert alpha.RasterCount == 2 and alpha.GetRasterBand(1).GetNoDataValue() is None
    assert (alpha.GetRasterBand(2).ReadAsArray() == 0).any()
    alpha = None
    bounds = (X0 - 500.0, Y0 - 6500.0, X0 + 6500.0, Y0 + 500.0)  # the corners outside the footprint
    expected = warp_dem(TerrainOptions(str(tmp_path / "nodata.tif")), EPSG, bounds)
    got = warp_dem(TerrainOptions(str(tmp_path / "alpha.tif")), EPSG, bounds)
    assert np.isnan(expected.array).any()
    np.testing.assert_array_equal(np.isnan(got.array), np.isnan(expected.array))
    np.testing.assert_allclose(got.array, expected.array, rtol=1e-6)

    # two tiles 500 m apart, without nodata, mosaicked with an alpha band: the gap has no heights
    west, east = str(tmp_path / "west.tif"), str(tmp_path / "east.tif")
    gdal.Translate(west, dem_path, srcWin=[0, 0, 100, 240])
    gdal.Translate(east, dem_path, srcWin=[120, 0, 120, 240])
    gdal.BuildVRT(str(tmp_path / "mosaic.vrt"), [west, east], addAlpha=True).FlushCache()
    mosaic = warp_dem(TerrainOptions(str(tmp_path / "mosaic.vrt"), cell_size_m=25.0), EPSG,
                      (X0, Y0 - 6000.0, X0 + 6000.0, Y0))
    cols = mosaic.grid.x0 + (np.arange(mosaic.array.shape[1]) + 0.5) * 25.0 - X0
    gap = (cols > 2500.0) & (cols < 3000.0)
    assert np.isnan(mosaic.array[:, gap]).all()
    assert not np.isnan(mosaic.array[:, ~gap]).any()


def test_srtm_voids_of_an_int16_dem_without_nodata_are_voids(wall_scene, tmp_path):
    """An SRTM tile saved as Int16 GeoTIFF without its nodata value: its voids (-32768) were read
    as pits 32 km deep, bilinear-blended into their neighbours, and no void was reported."""
    from osgeo import gdal
    from support.rasters import write_raster

    heights = gdal.Open(wall_scene[0]).ReadAsArray().astype(np.int16)
    heights[100:140, 60:100] = -32768
    gt = (X0, 25.0, 0.0, Y0, 0.0, -25.0)
    declared = write_raster(tmp_path / "declared.tif", heights, gt, EPSG, -32768, "Int16")
    undeclared = write_raster(tmp_path / "undeclared.tif", heights, gt, EPSG, None, "Int16")
    assert gdal.Open(undeclared).GetRasterBand(1).GetNoDataValue() is None
    bounds = (X0, Y0 - 6000.0, X0 + 6000.0, Y0)
    for cell in (None, 40.0):
        expected = warp_dem(TerrainOptions(declared, cell_size_m=cell), EPSG, bounds)
        got = warp_dem(TerrainOptions(undeclared, cell_size_m=cell), EPSG, bounds)
        assert np.isnan(expected.array).any()
        np.testing.assert_array_equal(got.array, expected.array)
        assert any("voids" in w for w in got.warnings)
