"""Tiled detection on a Dask LocalCluster of 2 workers: exactly the candidates of detect_raster."""

from __future__ import annotations

import pytest

from basestation_mapper.plugin.core import distributed as dd
from basestation_mapper.plugin.core.detect import DetectionInputError, DetectorParams, detect_raster
from basestation_mapper.plugin.core.scaling import detect_raster_dask, plan_detection

pytest.importorskip("distributed", reason="dask/distributed not installed (make setup installs them)")

#: Shadows up to 40 m: windows of 380 px (0.5 m) with a 184 px overlap, 9 windows on 600 x 600 px.
PARAMS = DetectorParams(max_shadow_m=40.0, min_confidence=0.3)
TILE = 380


@pytest.fixture(scope="module")
def client():
    with dd.dask_client(dd.parse_scheduler("local:2")) as c:
        yield c


@pytest.fixture(scope="module")
def scene(shared_data):
    from support.scenes import make_scene

    return make_scene(shared_data, 11, "atlanta", 0.5, n_masts=4, size_m=300.0)


@pytest.fixture(scope="module")
def image(scene, tmp_path_factory):
    return str(scene.write(tmp_path_factory.mktemp("scene") / "scene.tif", tiled=True))


@pytest.fixture(scope="module")
def one_machine(image, scene):
    params = DetectorParams(max_shadow_m=40.0, min_confidence=0.3, sun_azimuth=scene.sun_azimuth)
    return params, detect_raster(image, params, tile=TILE)


def test_windows_cut_through_masts(image, scene, one_machine):
    """The premise: many windows, and drawn masts whose shadow crosses a window border."""
    params, found = one_machine
    plan = plan_detection(image, params, tile=TILE)
    assert len(plan.windows) >= 9 and len(scene.masts) >= 2
    gt = plan.geotransform
    crossing = 0
    for m in scene.masts:
        col, row = (m.x - gt[0]) / gt[1], (m.y - gt[3]) / gt[5]
        for w in plan.windows:
            inside = w.col <= col < w.col + w.width and w.row <= row < w.row + w.height
            near_edge = min(col - w.col, w.col + w.width - col, row - w.row, w.row + w.height - row) < m.shadow_m / 0.5
            crossing += inside and near_edge
    assert crossing >= 1
    assert found, "the one-machine run found nothing: the comparison would be empty"


def test_cluster_gives_the_same_candidates(client, image, one_machine):
    params, expected = one_machine
    progress = []
    got = detect_raster_dask(client, image, params, tile=TILE, progress=progress.append)
    assert got == expected  # dataclass equality: positions, confidences, features, order
    assert progress[-1] == 1.0 and progress == sorted(progress)


def test_unknown_sun_and_search_extent(client, image, scene):
    """Sun searched across all windows at the reduction; a search extent that is not window-aligned."""
    params = DetectorParams(max_shadow_m=40.0, min_confidence=0.3)
    gt = (scene.transform[0], scene.transform[3])
    bounds = (gt[0] + 37.3, gt[1] - 251.7, gt[0] + 261.9, gt[1] - 18.2)
    expected = detect_raster(image, params, bounds, tile=TILE)
    assert detect_raster_dask(client, image, params, bounds, tile=TILE) == expected


def test_worker_killed_mid_job(client, image, one_machine, tmp_path):
    from support.dask_faults import DieOnce, install, remove

    params, expected = one_machine
    plugin = DieOnce(str(tmp_path / "died"), "detect-", nth=3)
    install(client, plugin)
    try:
        got = detect_raster_dask(client, image, params, tile=TILE)
    finally:
        remove(client, plugin)
    assert (tmp_path / "died").exists()
    assert got == expected
    client.wait_for_workers(2, timeout=60)


def test_refuses_what_the_one_machine_path_refuses(client, tmp_path):
    import numpy as np
    from support.detect_data import write_plain

    path = write_plain(tmp_path / "degrees.tif", np.full((64, 64), 100, np.uint8), (126.0, 1e-5, 0, 39.0, 0, -1e-5),
                       4326)
    with pytest.raises(DetectionInputError, match="geographic CRS"):
        detect_raster(str(path), PARAMS)
    with pytest.raises(DetectionInputError, match="geographic CRS"):
        detect_raster_dask(client, str(path), PARAMS)


def test_sun_searched_in_two_passes_on_the_cluster(client, shared_data, tmp_path):
    """More windows than the sun sample: the cluster takes the same two passes as one machine."""
    from support.scenes import make_scene

    from basestation_mapper.plugin.core.detect.tiling import SUN_SAMPLE_WINDOWS

    sc = make_scene(shared_data, 12, "forest", 0.5, n_masts=5, size_m=450.0)
    image = str(sc.write(tmp_path / "big.tif", tiled=True))
    assert len(plan_detection(image, PARAMS, tile=TILE).windows) > SUN_SAMPLE_WINDOWS
    expected = detect_raster(image, PARAMS, tile=TILE)
    assert expected
    assert detect_raster_dask(client, image, PARAMS, tile=TILE) == expected
