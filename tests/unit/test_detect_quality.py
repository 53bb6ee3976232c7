"""Detection quality on synthetic masts drawn onto real imagery, and false alarms on real imagery.

The quality targets: recall >= 0.9 at precision >= 0.9 within 15 m on generated scenes is
asserted as a strict expected failure (the built-in detector does not reach it yet; the
measured numbers are in the marker's reason, and the day it does, the test fails until the
marker is removed); <= 0.5 false positives per km² on the real backgrounds is asserted. The
regression floors are what the detector achieves today on the generated scenes, with a margin.
"""

from __future__ import annotations

import numpy as np
import pytest

from basestation_mapper.plugin.core.detect import DetectorParams, detect_array, detect_raster, evaluate

SEEDS_SUN = range(0, 8)  # held out: the confidence was fitted on seeds 1000+
SEEDS_SEARCH = (0, 3, 4, 6)


def _tally(scenes, sun_known) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of the detector over ``scenes``."""
    tp = fp = fn = 0
    for sc in scenes:
        params = DetectorParams(sun_azimuth=sc.sun_azimuth if sun_known else None)
        cands = detect_array(sc.image, sc.transform, params)
        ev = evaluate(np.array([(c.x, c.y) for c in cands]).reshape(-1, 2), sc.truth, 15.0)
        tp, fp, fn = tp + ev.true_positives, fp + ev.false_positives, fn + ev.false_negatives
    return tp, fp, fn


def _score(shared_data, seeds, sun_known):
    from support.scenes import make_scene, scene_settings

    tp, fp, fn = _tally((make_scene(shared_data, seed, *scene_settings(seed)) for seed in seeds), sun_known)
    return tp / max(1, tp + fp), tp / max(1, tp + fn), (tp, fp, fn)


@pytest.fixture(scope="module")
def sun_known(shared_data):
    return _score(shared_data, SEEDS_SUN, True)


@pytest.fixture(scope="module")
def sun_searched(shared_data):
    return _score(shared_data, SEEDS_SEARCH, False)


@pytest.fixture(scope="module")
def background_fp(shared_data):
    rates = {}
    import rasterio

    for name in ("spacenet4_atlanta_pan_0p5m.tif", "OSBS_029.tif"):
        path = shared_data / "imagery" / name
        with rasterio.open(path) as src:
            area = src.width * src.height * abs(src.res[0] * src.res[1]) / 1e6
        rates[name] = (len(detect_raster(str(path), DetectorParams())), area)
    return rates


def test_regression_floor_sun_known(sun_known):
    precision, recall, counts = sun_known
    assert recall >= 0.5 and precision >= 0.8, counts


def test_regression_floor_forest_high_resolution(shared_data):
    """Forest scenes at 0.3-0.4 m with the sun known: most masts, no false alarm."""
    precision, recall, counts = _score(shared_data, (0, 6), True)
    assert precision >= 0.9 and recall >= 0.6, counts


def test_regression_floor_sun_searched(sun_searched):
    precision, recall, counts = sun_searched
    assert recall >= 0.5 and precision >= 0.9, counts


@pytest.mark.xfail(strict=True, reason="below the target of recall 0.9 at precision 0.9: measured precision "
                                       "0.96 / recall 0.69 with the sun given, 1.00 / 0.69 with it searched "
                                       "(160 held-out scenes 4200-4359: 0.95 / 0.65 and 0.91 / 0.60)")
def test_target_generated_scenes(sun_known, sun_searched):
    for precision, recall, counts in (sun_known, sun_searched):
        assert recall >= 0.9 and precision >= 0.9, (precision, recall, counts)


OPEN_RESOLUTIONS = (0.3, 0.5, 0.75, 1.0)
#: (masts found at least, precision at least) among the 32 drawn in the "plain" style on test
#: scenes 0-7 (real backgrounds) and on open-country seeds 900-907, sun given. Measured with
#: detector 3.4: 6 with 1 false alarm, and 20 with 1 (3.3: 5 with none and 17 with 2; 3.2, fitted
#: on lattice masts only: 5 with none and 11 with none).
PLAIN_REAL, PLAIN_OPEN = (4, 0.8), (15, 0.85)


@pytest.mark.parametrize("sun_known, min_recall", [(True, 0.85), (False, 0.8)], ids=["sun-given", "sun-searched"])
def test_open_country(sun_known, min_recall):
    """Masts in open country: the procedural fields background (furrows, paths, a road, lone
    trees whose trunk and crown cast a mast-like shadow, farm buildings), seeds the calibration
    never saw. No shared data needed. Measured: 28 of 31 masts with 2 false alarms with the sun
    given, 29 with 1 searched (detector 3.3: 28 with 2, 29 with none; 3.2: 28 with 1, 30 with 1;
    the model calibrated on the real backgrounds only: 27 with 4, 23 with 8)."""
    from support.scenes import make_scene

    tp, fp, fn = _tally((make_scene(None, 900 + seed, "open", OPEN_RESOLUTIONS[seed % 4]) for seed in range(8)),
                        sun_known)
    assert tp / max(1, tp + fp) >= 0.9 and tp / (tp + fn) >= min_recall, (tp, fp, fn)


@pytest.mark.parametrize("background, floor", [("real", PLAIN_REAL), ("open", PLAIN_OPEN)])
def test_plain_rendering(request, background, floor):
    """Masts drawn another way (the generator's "plain" style: a wedge of one darkness, solid,
    laddered or two legs, a square, triangle or dots for the footprint, blocks for panels and
    shelter), sun given: the confidence must not hang on one way of drawing a mast. Measured
    figures at PLAIN_REAL. On the real backgrounds most of these masts are never proposed: a
    faint wedge in the winter canopy (README, honest measure)."""
    from support.scenes import make_scene, scene_settings

    if background == "open":
        scenes = (make_scene(None, 900 + k, "open", OPEN_RESOLUTIONS[k % 4], style="plain") for k in range(8))
    else:
        data = request.getfixturevalue("shared_data")
        scenes = (make_scene(data, k, *scene_settings(k), style="plain") for k in range(8))
    tp, fp, fn = _tally(scenes, True)
    min_tp, min_precision = floor
    assert tp >= min_tp and tp / max(1, tp + fp) >= min_precision, (tp, fp, fn)


def test_target_real_backgrounds(background_fp):
    """At most 0.5 false positives per km² on the real tower-free imagery, sun searched."""
    total = sum(n for n, _a in background_fp.values())
    area = sum(a for _n, a in background_fp.values())
    assert background_fp["OSBS_029.tif"][0] == 0
    assert total / area <= 0.5, background_fp


def _veiled(img: np.ndarray) -> tuple[np.ndarray, float]:
    """A veil of haze added to every pixel (the scene scaled by 0.55, plus 0.585 of its median)."""
    f = img.astype(np.float64)
    veil = 0.45 * 1.3 * float(np.median(f))
    return np.round(f * 0.55 + veil).astype(img.dtype), veil


def _stretched(img: np.ndarray) -> tuple[np.ndarray, float]:
    """A 2-98 % contrast stretch (black point at the 2nd percentile), as web tiles and exports have."""
    from support.scenes import contrast_stretch

    return contrast_stretch(img)


@pytest.mark.parametrize("change, share, floor", [(_veiled, 0.4, (14, 0.8)), (_stretched, 0.1, (14, 0.5))],
                         ids=["haze", "contrast-stretch"])
def test_haze_and_black_point_are_undone(shared_data, change, share, floor):
    """A veil of haze compresses the factor by which shadows darken the ground toward 1; a black
    point set high makes every dark patch a deep shadow. The detector takes the veil off and
    gives the black point back (from the darkest pixels, never on clear imagery): the eight test
    scenes give 19 of 32 masts under the veil with no false alarm (clear: 22 with 3; 3 with the
    veil left on, detector 3.0), and 19 with 3 stretched (22 with 28 when the black point is left
    as it is, detector 3.0)."""
    from support.scenes import make_scene, scene_settings

    from basestation_mapper.plugin.core.detect.mast import haze_level, to_gray

    tp = fp = 0
    for seed in SEEDS_SUN:
        bg, res = scene_settings(seed)
        sc = make_scene(shared_data, seed, bg, res)
        clear = to_gray(sc.image).ravel()
        assert haze_level(clear, float(np.median(clear))) == 0.0
        img, offset = change(sc.image)
        gray = to_gray(img).ravel()
        # the level found is part of the change's own offset, with its sign (a black point only
        # up to where clear imagery's darkest pixels could be)
        assert share <= haze_level(gray, float(np.median(gray))) / offset <= 1.0, seed
        cands = detect_array(img, sc.transform, DetectorParams(sun_azimuth=sc.sun_azimuth))
        ev = evaluate(np.array([(c.x, c.y) for c in cands]).reshape(-1, 2), sc.truth, 15.0)
        tp, fp = tp + ev.true_positives, fp + ev.false_positives
    assert tp >= floor[0] and tp / max(1, tp + fp) >= floor[1], (tp, fp)


def test_black_border_and_16bit(shared_data, tmp_path):
    """A scene with a black (nodata) border and 16-bit data: no candidate in or on the border."""
    from support.scenes import make_scene

    sc = make_scene(shared_data, 6, "forest", 0.3)
    img = sc.image.astype(np.uint16) * 200
    img[:, :, :300] = 0
    sc.image = img
    sc.nodata = 0
    path = sc.write(tmp_path / "border.tif")
    cands = detect_raster(str(path), DetectorParams(sun_azimuth=sc.sun_azimuth))
    x_border = sc.transform[0] + 300 * sc.resolution
    assert all(c.x > x_border + 5 for c in cands)
    inside = sc.truth[sc.truth[:, 0] > x_border + 60]
    ev = evaluate(np.array([(c.x, c.y) for c in cands]).reshape(-1, 2), inside, 15.0)
    assert ev.recall >= 0.5


def test_single_band_and_four_band(shared_data, tmp_path):
    from support.scenes import make_scene

    sc = make_scene(shared_data, 6, "forest", 0.3)
    rgb = detect_raster(str(sc.write(tmp_path / "rgb.tif")), DetectorParams(sun_azimuth=sc.sun_azimuth))
    alpha = np.full((1, *sc.image.shape[1:]), 255, np.uint8)
    sc4 = make_scene(shared_data, 6, "forest", 0.3)
    sc4.image = np.concatenate([sc.image, alpha])
    four = detect_raster(str(sc4.write(tmp_path / "rgba.tif")), DetectorParams(sun_azimuth=sc.sun_azimuth))
    assert [(round(c.x, 3), round(c.y, 3)) for c in four] == [(round(c.x, 3), round(c.y, 3)) for c in rgb]
    luma = 0.299 * sc.image[0] + 0.587 * sc.image[1] + 0.114 * sc.image[2]
    sc.image = np.round(luma)[None].astype(np.uint8)
    pan = detect_raster(str(sc.write(tmp_path / "pan.tif")), DetectorParams(sun_azimuth=sc.sun_azimuth))
    ev = evaluate(np.array([(c.x, c.y) for c in pan]).reshape(-1, 2), sc.truth, 15.0)
    assert ev.recall >= 0.5


def test_tiny_raster_and_cancel(shared_data, tmp_path):
    from support.detect_data import write_plain

    tiny = write_plain(tmp_path / "tiny.tif", np.full((3, 40, 40), 90, np.uint8),
                       (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5), 32652)
    assert detect_raster(str(tiny), DetectorParams()) == []

    from support.scenes import make_scene

    from basestation_mapper.plugin.tasks.base import Canceled

    sc = make_scene(shared_data, 6, "forest", 0.3)
    path = sc.write(tmp_path / "s.tif")
    calls = []

    def check():
        calls.append(1)
        if len(calls) > 2:
            raise Canceled()

    with pytest.raises(Canceled):
        detect_raster(str(path), DetectorParams(), tile=400, check=check)


def test_geographic_and_no_crs_are_refused(tmp_path):
    from support.detect_data import write_plain

    from basestation_mapper.plugin.core.detect import DetectionInputError

    arr = np.full((1, 64, 64), 90, np.uint8)
    nocrs = write_plain(tmp_path / "nocrs.tif", arr, (0, 0.5, 0, 0, 0, -0.5))
    with pytest.raises(DetectionInputError, match="no coordinate reference system"):
        detect_raster(str(nocrs))
    geo = write_plain(tmp_path / "geo.tif", arr, (125.0, 5e-6, 0, 39.0, 0, -5e-6), 4326)
    with pytest.raises(DetectionInputError, match="geographic CRS"):
        detect_raster(str(geo))
