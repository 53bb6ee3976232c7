"""Core detection pieces: windows, NMS, evaluation, re-ranking, dates (no QGIS)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from basestation_mapper.plugin.core.detect import evaluate, iter_windows, nms
from basestation_mapper.plugin.core.detect.mast import (
    FEATURE_NAMES,
    Candidate,
    DetectorParams,
    confidence,
    detect_tile,
    resolve_sun,
    valid_mask,
)
from basestation_mapper.plugin.core.detect.metadata import acquisition_date, parse_date
from basestation_mapper.plugin.core.detect.rerank import cross_validated_gain, fit_logistic, precision_at_k
from basestation_mapper.plugin.core.detect.tiling import overlap_px, window_transform


def test_windows_cover_raster_with_overlap():
    wins = list(iter_windows(1000, 700, 400, 100))
    cover = np.zeros((700, 1000), int)
    for w in wins:
        assert w.col + w.width <= 1000 and w.row + w.height <= 700
        cover[w.row:w.row + w.height, w.col:w.col + w.width] += 1
    assert cover.min() >= 1
    # neighbours share exactly the overlap
    cols = sorted({w.col for w in wins})
    assert cols[1] - cols[0] == 300
    assert list(iter_windows(10, 10, 400, 100)) and len(list(iter_windows(10, 10, 400, 100))) == 1
    assert list(iter_windows(100, 100, 50, 10, bounds=(200, 200, 300, 300))) == []


def test_overlap_sees_the_longest_shadow():
    p = DetectorParams(max_shadow_m=100)
    assert overlap_px(p, 0.5) * 0.5 >= 100 + 2 * p.context_m() - 0.5


def test_window_transform():
    gt = (1000.0, 0.5, 0.0, 5000.0, 0.0, -0.5)
    from basestation_mapper.plugin.core.detect.tiling import Window

    assert window_transform(gt, Window(10, 20, 5, 5)) == (1005.0, 0.5, 0.0, 4990.0, 0.0, -0.5)


def _cand(x, y, c, tip=(None, None)):
    tx, ty = tip
    return Candidate(x, y, c, tuple([0.0] * len(FEATURE_NAMES)), 0.0, 10.0,
                     x if tx is None else tx, y + 10 if ty is None else ty, None)


def test_nms_keeps_most_confident_across_tiles():
    cands = [_cand(0, 0, 0.6), _cand(3, 4, 0.9), _cand(100, 0, 0.5), _cand(101, 0, 0.4)]
    kept = nms(cands, 10.0)
    assert [(c.x, c.confidence) for c in kept] == [(3, 0.9), (100, 0.5)]
    # the same shadow with its ends swapped is one mast
    a = _cand(0, 0, 0.8, tip=(40, 0))
    b = _cand(40, 0, 0.7, tip=(0, 0))
    assert len(nms([a, b], 10.0)) == 1


def test_evaluate_counts_and_error():
    ref = np.array([[0, 0], [100, 0], [200, 0]])
    det = np.array([[3, 4], [104, 3], [500, 500], [1, 1]])
    ev = evaluate(det, ref, 15.0)
    assert (ev.true_positives, ev.false_positives, ev.false_negatives) == (2, 2, 1)
    assert ev.precision == pytest.approx(0.5)
    assert ev.recall == pytest.approx(2 / 3)
    assert ev.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert ev.mean_error_m == pytest.approx((math.sqrt(2) + 5.0) / 2)  # optimal one-to-one assignment
    empty = evaluate(np.zeros((0, 2)), ref)
    assert empty.precision == 0.0 and empty.recall == 0.0
    with pytest.raises(ValueError):
        evaluate(det, ref, 0)



def test_evaluate_matches_the_dense_assignment_and_scales():
    """Clustered detections and references (chains of points a few metres apart, where greedy
    matching goes wrong): the same number of pairs and the same total distance as the
    Hungarian assignment over the full distance matrix; 20,000 of each need no 20,000² matrix
    (3.2 GB as float64)."""
    from scipy.optimize import linear_sum_assignment

    rng = np.random.default_rng(11)
    centres = rng.uniform(0, 3000, (40, 2))
    ref = (centres[rng.integers(0, 40, 300)] + rng.normal(0, 12, (300, 2)))
    det = np.vstack([ref[:210] + rng.normal(0, 6, (210, 2)),  # 70 % found, a few metres off
                     centres[rng.integers(0, 40, 90)] + rng.normal(0, 20, (90, 2))])  # false alarms among them
    ev = evaluate(det, ref, 15.0)
    dist = np.hypot(*(det[:, None, :] - ref[None, :, :]).transpose(2, 0, 1))
    rows, cols = linear_sum_assignment(np.where(dist <= 15.0, dist, 1e9))
    dense = [(r, c) for r, c in zip(rows, cols) if dist[r, c] <= 15.0]
    assert ev.true_positives == len(dense) > 150
    assert sum(m[2] for m in ev.matches) == pytest.approx(sum(dist[r, c] for r, c in dense))
    assert len({m[0] for m in ev.matches}) == len({m[1] for m in ev.matches}) == ev.true_positives
    assert all(m[2] <= 15.0 for m in ev.matches)
    import tracemalloc

    big_ref = rng.uniform(0, 200_000, (20_000, 2))
    big_det = big_ref + rng.normal(0, 3, big_ref.shape)
    tracemalloc.start()
    try:
        big = evaluate(big_det, big_ref, 15.0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert big.true_positives == 20_000 and big.recall == 1.0
    assert peak < 200e6, peak  # numpy's arrays are traced

def test_logistic_learns_and_cv_gain():
    rng = np.random.default_rng(0)
    n = 200
    x = rng.normal(size=(n, 3))
    y = (x[:, 0] - 0.5 * x[:, 1] + 0.3 * rng.normal(size=n) > 0).astype(float)
    model = fit_logistic(x, y)
    acc = np.mean((model.predict(x) > 0.5) == (y > 0.5))
    assert acc > 0.9
    assert model.weights[0] > 0 > model.weights[1]
    baseline = rng.random(n)  # an uninformative detector score
    gain = cross_validated_gain(x, y, baseline)
    assert gain["after"] > gain["before"] + 0.2
    assert precision_at_k([0.9, 0.8, 0.1], [1, 0, 1], 2) == 0.5
    with pytest.raises(ValueError):
        cross_validated_gain(x[:3], y[:3], baseline[:3])
    again = type(model).from_json(model.to_json())
    assert np.allclose(again.predict(x), model.predict(x))


def test_dates_from_metadata():
    assert parse_date("2019:05:14 10:22:01") == "2019-05-14"
    assert parse_date("2021-11-02T03:04:05Z") == "2021-11-02"
    assert acquisition_date({"TIFFTAG_DATETIME": "2018:07:01 00:00:00"}) == "2018-07-01"
    assert acquisition_date({"ACQUISITIONDATETIME": "2020-01-02T10:00:00", "TIFFTAG_DATETIME": "2021:01:01"}) \
        == "2020-01-02"
    assert acquisition_date({}, "/x/WV02_20170912_pan.tif") == "2017-09-12"
    assert acquisition_date({"TIFFTAG_DATETIME": "not a date"}) is None


def test_valid_mask_black_border_and_nodata():
    img = np.full((3, 60, 60), 120, np.uint8)
    img[:, :, :10] = 0  # black border
    img[:, 30, 30] = 0  # a single black pixel is kept (deep shadow)
    mask = valid_mask(img)
    assert not mask[:, :10].any() and mask[30, 30] and mask[:, 12:].all()
    pan = np.full((40, 40), 500, np.uint16)
    pan[:5] = 7
    assert not valid_mask(pan, nodata=7)[:5].any()


@pytest.fixture(scope="module")
def line_vectors():
    """Feature vectors the detector measured: a mast's base end and tip end (sun-blind, as the
    search sees them) and a faint background line's, from a generated scene of open country."""
    from support.scenes import make_scene

    sc = make_scene(None, 3, "open", 0.5)
    cands = detect_tile(sc.image, sc.transform, DetectorParams(sun_azimuth=sc.sun_azimuth, min_confidence=0.0))

    def nearest(c):
        return np.hypot(*(sc.truth - (c.x, c.y)).T).min()

    mast = max((c for c in cands if nearest(c) <= 15), key=lambda c: c.confidence)
    base, tip = np.array(mast.features), np.array(mast.alt[2])
    base[11] = tip[11] = 0.0

    def worst_case(f):
        return max(float(confidence(np.r_[f[:11], a, f[12:]])) for a in (-1.0, 1.0))

    faint = min((np.array(c.features) for c in cands if nearest(c) > 60), key=worst_case)
    assert worst_case(faint) < 0.5
    return base, tip, faint


def test_with_the_sun_given_a_window_keeps_what_can_pass():
    """Sun given: a window returns only the candidates at the threshold or above, and the
    reduction gives the same as from all of them (a large raster's results stay small)."""
    from support.scenes import make_scene

    from basestation_mapper.plugin.core.detect.mast import reduce

    sc = make_scene(None, 5, "open", 0.5)
    every = detect_tile(sc.image, sc.transform, DetectorParams(sun_azimuth=sc.sun_azimuth, min_confidence=0.0))
    params = DetectorParams(sun_azimuth=sc.sun_azimuth)
    kept = detect_tile(sc.image, sc.transform, params)
    assert kept and len(every) > len(kept)
    assert [(c.x, c.y, c.confidence) for c in kept] == [(c.x, c.y, c.confidence) for c in every
                                                         if c.confidence >= params.min_confidence]
    assert reduce(kept, params) == reduce(every, params)


def test_confidence_in_unit_interval(line_vectors):
    base, _tip, faint = line_vectors
    f = np.vstack([base, faint])
    f[0, 11] = 1.0  # the sun behind the mast
    assert f.shape[1] == len(FEATURE_NAMES)
    c = confidence(f)
    assert ((c >= 0) & (c <= 1)).all() and c[0] > 0.5 > c[1]


def test_tile_rejects_degrees_and_tiny_input():
    img = np.random.default_rng(1).integers(50, 200, (64, 64)).astype(np.uint8)
    with pytest.raises(ValueError, match="pixel size"):
        detect_tile(img, (127.0, 1e-5, 0, 40.0, 0, -1e-5))
    assert detect_tile(img[:8, :8], (0, 0.5, 0, 0, 0, -0.5)) == []


def test_resolve_sun_flips_to_the_common_direction(line_vectors):
    # a mast's base end: structure, panels, a bright spot; its tip end: none of that
    base, tip = (tuple(map(float, v)) for v in line_vectors[:2])
    assert len(base) == len(tip) == len(FEATURE_NAMES)
    cands = []
    for i in range(4):  # four masts agree: shadows point north (azimuth 0)
        cands.append(Candidate(i * 100.0, 0.0, 0.6, tuple(base), 0.0, 30.0, i * 100.0, 30.0,
                               (i * 100.0, 30.0, tuple(tip))))
    # one candidate took the wrong end (its shadow would point south)
    cands.append(Candidate(500.0, 30.0, 0.55, tuple(tip), 180.0, 30.0, 500.0, 0.0, (500.0, 0.0, tuple(base))))
    out, sun = resolve_sun(cands, DetectorParams())
    assert sun == pytest.approx(180.0, abs=5)
    flipped = out[-1]
    assert (flipped.x, flipped.y) == (500.0, 0.0)
    assert all(c.features[11] > 0.99 for c in out)
    assert all(c.confidence > 0.5 for c in out)
    # the search scores the sun-blind trees once: the same confidence as scoring each afresh
    assert [c.confidence for c in out] == [confidence(np.array(c.features)) for c in out]


def test_resolve_sun_among_many_weak_lines(line_vectors):
    """Hundreds of faint lines in every direction (more than the search weighs) do not move the
    sun the masts agree on, and every candidate is re-scored under it."""
    from basestation_mapper.plugin.core.detect.mast import SUN_SEARCH_MAX

    base, tip, faint = (tuple(map(float, v)) for v in line_vectors)
    rng = np.random.default_rng(12)
    cands = [Candidate(i * 100.0, 0.0, 0.6, tuple(base), 90.0, 30.0, i * 100.0 + 30.0, 0.0,
                       (i * 100.0 + 30.0, 0.0, tuple(tip))) for i in range(5)]  # shadows point east
    for k in range(2 * SUN_SEARCH_MAX):
        az = float(rng.uniform(0, 360))
        cands.append(Candidate(float(k), 1000.0, 0.1, tuple(faint), az, 12.0, float(k), 1012.0,
                               (float(k), 1012.0, tuple(faint))))
    out, sun = resolve_sun(cands, DetectorParams())
    assert sun == pytest.approx(270.0, abs=5)
    assert len(out) == len(cands)
    assert all(c.confidence > 0.5 for c in out[:5])
    assert all(c.confidence < 0.5 for c in out[5:])


def test_sun_evidence_measured_once_serves_the_agreement_and_the_suns_worth_a_look(line_vectors):
    """The support of every sun, measured once, gives what each function measures alone; its sums of the
    sun-blind trees' leaves give every direction the confidence each hypothesis has under it."""
    from basestation_mapper.plugin.core.detect.mast import candidate_suns, sun_evidence

    base, tip, faint = (tuple(map(float, v)) for v in line_vectors)
    rng = np.random.default_rng(5)
    cands = [Candidate(i * 100.0, 0.0, 0.6, tuple(base), 90.0, 30.0, i * 100.0 + 30.0, 0.0,
                       (i * 100.0 + 30.0, 0.0, tuple(tip))) for i in range(5)]  # shadows point east
    cands += [Candidate(float(k), 900.0, 0.1, tuple(faint), float(rng.uniform(0, 360)), 12.0, float(k), 912.0,
                        (float(k), 912.0, tuple(faint))) for k in range(40)]
    support = sun_evidence(cands)
    assert resolve_sun(cands, DetectorParams(), support) == resolve_sun(cands, DetectorParams())
    assert candidate_suns(cands, support=support) == candidate_suns(cands)
    assert sun_evidence([]) is None
    # a direction's support: the best few confidences of the hypotheses with their shadows' alignment to it
    dirs = np.array([0.0, 90.0, 200.0])
    expected = []
    for d in dirs:
        conf = []
        for k in support.keep:
            f = np.array(support.feats[k])
            f[11] = math.cos(math.radians(support.az[k] - d))
            conf.append(float(confidence(f)))
        expected.append(sum(sorted(conf, reverse=True)[:support.top]))
    assert support(dirs) == pytest.approx(expected, abs=1e-9)


def test_shear_maps_lines_to_rows_and_back():
    """A straight line of any direction becomes one row of the sheared frame, and maps back."""
    from basestation_mapper.plugin.core.detect.mast import _Shear

    for deg in (0.0, 20.0, 45.0, 70.0, 90.0, 115.0, 160.0):
        a = math.radians(deg)
        img = np.zeros((80, 90), np.float32)
        t = np.arange(-25, 26)
        r = np.round(40 + t * math.cos(a)).astype(int)
        c = np.round(45 + t * math.sin(a)).astype(int)
        img[r, c] = 1.0
        sh = _Shear(img.shape, a)
        frame = sh.apply(img, np.float32(0.0))
        rows = np.flatnonzero(frame.sum(axis=1) > 0)
        assert np.ptp(rows) <= 2, deg  # one row (the drawing and the shear both round)
        k = np.flatnonzero(frame.sum(axis=1) == frame.sum(axis=1).max())[0]
        j = np.flatnonzero(frame[k] > 0)
        rr, cc = sh.to_source(np.full(j.shape, float(k)), j.astype(float))
        assert np.all(np.hypot(rr - np.round(rr), 0) < 0.51)
        assert np.all(img[np.round(rr).astype(int), np.round(cc).astype(int)] == 1.0)


def test_one_synthetic_shadow_found_in_every_direction():
    """A thin dark line on textured ground is found whatever its direction, sun searched."""
    from basestation_mapper.plugin.core.detect.mast import _proposals

    rng = np.random.default_rng(5)
    for deg in (10.0, 55.0, 100.0, 145.0):
        a = math.radians(deg)
        img = ndi_smooth(rng.normal(0, 0.05, (300, 300))).astype(np.float32)
        t = np.linspace(0, 40, 200)
        r = (150 + t * math.cos(a)).astype(int)
        c = (150 + t * math.sin(a)).astype(int)
        img[r, c] -= 0.5
        segs = _proposals(img, np.ones(img.shape, bool), 1.0, (0, 1.0, 0, 0, 0, -1.0), DetectorParams())
        best = segs[0]
        assert abs(((best.angle - a) + math.pi / 2) % math.pi - math.pi / 2) < math.radians(6), deg
        assert math.hypot(best.r1 - best.r0, best.c1 - best.c0) == pytest.approx(40, abs=8)


def ndi_smooth(a):
    from scipy import ndimage

    return ndimage.gaussian_filter(a, 1.5)


def test_matched_filter_finds_long_shadows_with_a_long_maximum():
    """Any ``max_shadow_m`` works (more than a hundred run lengths in both directions)."""
    from basestation_mapper.plugin.core.detect.mast import _matched_segments

    rng = np.random.default_rng(8)
    img = rng.normal(0, 0.05, (300, 400)).astype(np.float32)
    img[150, 60:340] -= 0.5  # a 280 m shadow at 1 m
    segs = _matched_segments(img, None, 0.0, math.pi / 2, 1.0, DetectorParams(max_shadow_m=1200.0), 5, 0)
    best = segs[0]
    assert abs(best.r0 - 150) < 1 and abs(best.r1 - 150) < 1
    assert abs(abs(best.c1 - best.c0) - 280) <= 8


def test_log_image_table_equals_the_direct_logarithm():
    """8/16-bit single-band imagery goes through a table: the same float32 values, nodata filled."""
    from basestation_mapper.plugin.core.detect.mast import _log_image

    rng = np.random.default_rng(11)
    for dtype, top in ((np.uint8, 255), (np.uint16, 4000)):
        data = rng.integers(0, top, (2, 60, 70)).astype(dtype)
        data[1] = 255  # an alpha band: the grey level is band 1
        valid = rng.random((60, 70)) > 0.2
        gray = data[0].astype(np.float32)
        fill = np.where(valid, gray, np.float32(123.5))
        for v, all_valid in ((valid, False), (np.ones_like(valid), True)):
            f = gray if all_valid else fill
            direct = np.log(f + 3.7, dtype=np.float32)
            got = _log_image(data, f, 3.7, v, all_valid)
            assert got.dtype == np.float32
            assert np.array_equal(got, direct)
    # RGB and float imagery: the direct computation
    rgb = rng.integers(0, 255, (3, 20, 20)).astype(np.uint8)
    f = rgb[0].astype(np.float32) * 0.5 + 1
    assert np.array_equal(_log_image(rgb, f, 0.1, np.ones(f.shape, bool), True), np.log(f + 0.1, dtype=np.float32))


def test_dilation_along_rows_equals_the_maximum_filter():
    from scipy import ndimage

    from basestation_mapper.plugin.core.detect.mast import _dilate_along

    rng = np.random.default_rng(12)
    for size in range(1, 9):
        m = rng.random((30, 41)) < 0.1
        assert np.array_equal(_dilate_along(m, size), ndimage.maximum_filter1d(m.view(np.uint8), size, axis=1) > 0)


def test_matched_filter_reports_the_length_and_side_of_each_run():
    """Runs of different lengths going either way along the axis: each one's own ends."""
    from basestation_mapper.plugin.core.detect.mast import _matched_segments

    rng = np.random.default_rng(13)
    img = rng.normal(0, 0.03, (200, 400)).astype(np.float32)
    drawn = {60: (40, 62), 120: (150, 230), 170: (300, 345)}  # row: (first col, last col)
    for r, (c0, c1) in drawn.items():
        img[r, c0:c1 + 1] -= 0.5
    segs = _matched_segments(img, None, 0.0, math.pi / 2, 1.0, DetectorParams(), 10, 0)
    for r, (c0, c1) in drawn.items():
        hit = [s for s in segs if abs(s.r0 - r) < 1]
        assert hit, r
        lo, hi = sorted((hit[0].c0, hit[0].c1))
        assert abs(lo - c0) <= 8 and abs(hi - c1) <= 8, (r, lo, hi)


def test_local_maximum_equals_the_maximum_filter():
    from scipy import ndimage

    from basestation_mapper.plugin.core.detect.mast import _local_max

    rng = np.random.default_rng(14)
    for shape, reach in (((60, 45), (3, 12)), ((5, 9), (3, 12)), ((40, 30), (1, 1)), ((33, 70), (2, 5))):
        a = rng.normal(size=shape).astype(np.float32)
        a[rng.random(shape) < 0.1] = -np.inf
        want = ndimage.maximum_filter(a, size=(2 * reach[0] + 1, 2 * reach[1] + 1))
        assert np.array_equal(_local_max(a, reach), want), shape


def test_darker_flank_equals_the_two_band_means():
    from basestation_mapper.plugin.core.detect.mast import _band_mean, _darker_flank

    rng = np.random.default_rng(15)
    for rows in (12, 50):  # padded whole, or inside rows plus padded edges
        a = rng.normal(size=(rows, 23)).astype(np.float32)
        for gap in (1, 2, 3):
            for fw in (1, 2, 3, 5):
                want = np.minimum(_band_mean(a, -gap - fw + 1, -gap), _band_mean(a, gap, gap + fw - 1))
                assert np.array_equal(_darker_flank(a, gap, fw), want), (rows, gap, fw)


def test_shadow_sun_is_the_circular_mean_away_from_the_shadows():
    from basestation_mapper.plugin.core.detect.mast import shadow_sun

    def cand(shadow_az, conf):
        return Candidate(0.0, 0.0, conf, (0.0,) * len(FEATURE_NAMES), shadow_az, 30.0, 0.0, 0.0)

    assert shadow_sun([]) is None
    # shadows towards 178° and 182°: a sun at 0° (across the wrap), not 180°
    got = shadow_sun([cand(178.0, 0.9), cand(182.0, 0.9)])
    assert min(got, 360.0 - got) < 1e-6
    # the more confident shadow weighs more
    assert 150.0 < shadow_sun([cand(330.0, 0.9), cand(350.0, 0.1)]) < 155.0
