"""Coverage statistics on a Dask LocalCluster of 2 workers: the same numbers as on one machine.

Windows of 64 x 64 cells (100 m) are much smaller than the coverage discs (radii up to 4.5 km =
45 cells), so window borders cross every disc; the region borders cross windows too.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from basestation_mapper.plugin.core import distributed as dd
from basestation_mapper.plugin.core.coverage import CellLocator, CoverageInputError
from basestation_mapper.plugin.core.pipeline import StatsJob, run_statistics
from basestation_mapper.plugin.core.population import RasterPopulation
from basestation_mapper.plugin.core.scaling import statistics_tasks
from basestation_mapper.plugin.core.stats import RULE_FRACTION
from basestation_mapper.plugin.core.terrain_coverage import TerrainOptions

pytest.importorskip("distributed", reason="dask/distributed not installed (make setup installs them)")

from support.dask_data import regions, stations, write_population

TILE = 64
PEOPLE = ["population", "covered_pop", "covered_pop_min", "covered_pop_max", "stations"]


@pytest.fixture(scope="module")
def client():
    with dd.dask_client(dd.parse_scheduler("local:2")) as c:
        yield c


@pytest.fixture(scope="module")
def utm_raster(tmp_path_factory):
    return write_population(tmp_path_factory.mktemp("pop") / "pop_utm.tif")


@pytest.fixture(scope="module")
def job(utm_raster):
    return StatsJob(stations(), regions(), raster_path=utm_raster)


@pytest.fixture(scope="module")
def one_machine(job):
    return run_statistics(job).table


def _same_numbers(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """People (whole numbers) exactly; areas and shares to the last digits of float64."""
    assert list(a["region"]) == list(b["region"])
    for col in a.columns:
        if col == "region":
            continue
        if col in PEOPLE:
            np.testing.assert_array_equal(a[col].to_numpy(), b[col].to_numpy(), err_msg=col)
        else:
            np.testing.assert_allclose(a[col].to_numpy(float), b[col].to_numpy(float), rtol=1e-12, atol=1e-9,
                                       err_msg=col)


def test_windows_cross_the_discs(job, utm_raster):
    """The test's premise: many windows, and stations reaching several of them."""
    pop = RasterPopulation(utm_raster)
    fp = job.stations.footprints(pop.crs_wkt)
    windows, tasks = statistics_tasks(utm_raster, 1, False, pop.grid, pop.crs_wkt, CellLocator(pop.grid), None, fp,
                                      4, job.factors, pop.cell_area_rows, TILE)
    assert len(windows) >= 20
    halo_total = sum(t[1].n for t in tasks)
    assert halo_total > 3 * fp.n  # a disc is in several windows' halos
    assert max(fp.radius) * 1.3 > TILE * 100 / 2


def test_same_windows_bit_identical(client, job):
    """Same window plan on one machine and on the cluster: every number bit for bit."""
    local = run_statistics(job, tile=TILE).table
    progress = []
    cluster = run_statistics(job, progress=progress.append, client=client, tile=TILE).table
    pd.testing.assert_frame_equal(local, cluster, check_exact=True)
    assert progress and progress[-1] == 1.0 and progress == sorted(progress)


def test_cluster_matches_one_machine_bands(client, job, one_machine):
    """Small cluster windows against the default one-machine bands: same people, same areas."""
    cluster = run_statistics(job, client=client, tile=TILE).table
    _same_numbers(one_machine, cluster)
    total = cluster[cluster["region"] == "TOTAL"].iloc[0]
    assert 0 < total["covered_pop_min"] < total["covered_pop"] < total["covered_pop_max"] < total["population"]


def test_sectors_on_a_geographic_density_grid(client, tmp_path):
    """The per-cell engine (sectors, grid in degrees located through UTM, people per km²)."""
    path = write_population(tmp_path / "pop_ll.tif", 280, 240, crs="EPSG:4326",
                            geotransform=(126.66, 0.0012, 0.0, 39.29, 0.0, -0.0009))
    job = StatsJob(stations(sectors=True, width=280, height=240), regions(280, 240), raster_path=path,
                   raster_is_density=True)
    local = run_statistics(job, tile=TILE).table
    cluster = run_statistics(job, client=client, tile=TILE).table
    pd.testing.assert_frame_equal(local, cluster, check_exact=True)
    bands = run_statistics(job).table
    for col in local.columns[1:]:
        np.testing.assert_allclose(bands[col].to_numpy(float), cluster[col].to_numpy(float), rtol=1e-12,
                                   atol=1e-9, err_msg=col)
    assert cluster["covered_pop"].iloc[-1] > 0


def test_worker_killed_mid_job_is_retried(client, job, one_machine, tmp_path):
    from support.dask_faults import DieOnce, install, remove

    plugin = DieOnce(str(tmp_path / "died"), "stats-", nth=4)
    install(client, plugin)
    try:
        cluster = run_statistics(job, client=client, tile=TILE).table
    finally:
        remove(client, plugin)
    assert (tmp_path / "died").exists(), "no worker was killed: the test did not test anything"
    _same_numbers(one_machine, cluster)
    client.wait_for_workers(2, timeout=60)


def test_unreadable_window_fails_with_its_name(client, tmp_path, utm_raster):
    """A mosaic whose eastern tile is missing: the windows reading it fail after their retries."""
    from osgeo import gdal

    gdal.BuildVRT(str(tmp_path / "mosaic.vrt"), [utm_raster]).FlushCache()
    text = (tmp_path / "mosaic.vrt").read_text()
    source = text[text.index("<ComplexSource>"):text.index("</ComplexSource>") + len("</ComplexSource>")]
    west = source.replace('xSize="300" ySize="260" />\n      <DstRect xOff="0" yOff="0" xSize="300"',
                          'xSize="150" ySize="260" />\n      <DstRect xOff="0" yOff="0" xSize="150"')
    assert west != source
    east = west.replace(os.path.basename(utm_raster), "missing_tile.tif").replace('<DstRect xOff="0"',
                                                                                  '<DstRect xOff="150"')
    (tmp_path / "mosaic.vrt").write_text(text.replace(source, west + "\n    " + east))
    job = StatsJob(stations(), regions(), raster_path=str(tmp_path / "mosaic.vrt"))
    with pytest.raises(dd.DistributedJobError, match=r"tile \d+ of \d+ failed.*mosaic\.vrt: cannot read rows "
                                                     r"\d+-\d+, columns \d+-\d+.*missing_tile"):
        run_statistics(job, client=client, tile=TILE)


def test_missing_sources_of_a_mosaic_are_named(tmp_path):
    """GDAL says nothing the second time a process reads a VRT window whose source is gone: the
    error names the missing file instead (the message a retried window fails with)."""
    import shutil

    from osgeo import gdal

    from basestation_mapper.plugin.core.gdal_util import missing_sources

    tile = tmp_path / "tile.tif"
    shutil.copy(write_population(tmp_path / "pop.tif"), tile)
    gdal.BuildVRT(str(tmp_path / "mosaic.vrt"), [str(tile)]).FlushCache()
    assert missing_sources(str(tmp_path / "mosaic.vrt")) == []
    tile.unlink()
    assert missing_sources(str(tmp_path / "mosaic.vrt")) == [str(tile)]
    assert missing_sources(str(tmp_path / "absent.tif")) == [str(tmp_path / "absent.tif")]


def test_cancel_raises_the_callers_exception(client, job):
    class Stop(Exception):
        pass

    calls = []

    def check():
        calls.append(1)
        if len(calls) > 3:
            raise Stop()

    with pytest.raises(Stop):
        run_statistics(job, check, client=client, tile=TILE)


def test_cluster_refuses_terrain_and_fraction(client, job):
    from dataclasses import replace

    with pytest.raises(CoverageInputError, match=r"terrain statistics.*one machine"):
        run_statistics(replace(job, terrain=TerrainOptions("/nonexistent/dem.tif")), client=client)
    with pytest.raises(CoverageInputError, match="'fraction' cell rule runs on one machine"):
        run_statistics(replace(job, rule=RULE_FRACTION), client=client)


def test_cluster_reads_the_raster_as_its_layer_in_qgis_has_it(client, tmp_path):
    """A file without a CRS (set on its layer in QGIS) whose 9999 fill is no data only in QGIS: the workers
    read their windows with that CRS and those no data values, as one machine does (they refused the file
    for its missing CRS, and counted the fill as people)."""
    from osgeo import gdal
    from pyproj import CRS

    from basestation_mapper.plugin.core.population import NoDataRule

    people = np.floor(np.random.default_rng(2).gamma(0.7, 25.0, (100, 120))).astype(np.float32)
    people[30:60, 40:80] = 9999.0
    path = str(tmp_path / "no_crs.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 120, 100, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((300_000.0, 100.0, 0.0, 4_350_000.0, 0.0, -100.0))
    ds.GetRasterBand(1).WriteArray(people)
    ds = None
    job = StatsJob(stations(width=120, height=100), regions(120, 100), raster_path=path,
                   raster_crs=CRS.from_user_input("EPSG:32652").to_wkt(),
                   raster_nodata=NoDataRule(True, ((9999.0, 9999.0, True, True),)))
    local = run_statistics(job, tile=TILE).table
    assert local["population"].iloc[-1] == people[people != 9999.0].sum()
    cluster = run_statistics(job, client=client, tile=TILE).table
    pd.testing.assert_frame_equal(local, cluster, check_exact=True)
