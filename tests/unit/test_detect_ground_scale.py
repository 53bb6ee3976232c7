"""Imagery in a CRS in feet or not true to scale (Web Mercator): lengths are measured on the ground.

A GeoTIFF saved from a web basemap is in EPSG:3857, whose metres are ground metres times
1 / cos(latitude); a US county orthophoto is often in a state plane in feet. The detector corrects
the scale, so the same pixels give the same masts at the same pixels with the same shadow lengths,
whether the raster is in its UTM zone, in Web Mercator or in feet.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from basestation_mapper.plugin.core.detect import DetectorParams, detect_raster
from basestation_mapper.plugin.core.detect.tiling import DetectionPlan, ground_scale, plan_detection

#: Metres per US survey foot.
US_FOOT = 1200.0 / 3937.0


def _write(path, image, gt, crs):
    import rasterio
    from rasterio.transform import Affine

    with rasterio.open(path, "w", driver="GTiff", width=image.shape[2], height=image.shape[1], count=image.shape[0],
                       dtype=image.dtype.name, crs=crs, transform=Affine.from_gdal(*gt)) as dst:
        dst.write(image)
    return str(path)


def test_ground_scale_of_web_mercator_and_utm():
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True).transform(126.0, 39.0)
    assert ground_scale("EPSG:3857", x, y) == pytest.approx(1.0 / math.cos(math.radians(39.0)), rel=1e-3)
    # a UTM zone is true to scale within 0.1 %: left as it is
    e, n = Transformer.from_crs("EPSG:4326", "EPSG:32652", always_xy=True).transform(126.0, 39.0)
    assert ground_scale("EPSG:32652", e, n) == 1.0
    # a state plane in US survey feet: 3.28 feet per metre
    e, n = Transformer.from_crs("EPSG:4326", "EPSG:2240", always_xy=True).transform(-84.4, 33.75)
    assert ground_scale("EPSG:2240", e, n, US_FOOT) == pytest.approx(1.0 / US_FOOT, rel=5e-4)


def test_candidates_go_back_to_map_coordinates():
    from basestation_mapper.plugin.core.detect.mast import Candidate

    plan = DetectionPlan("x.tif", (), (1,), None, 1, (1000.0, 0.6, 0.0, 5000.0, 0.0, -0.6), None, 1.2)
    assert plan.ground_geotransform() == pytest.approx((1000.0, 0.5, 0.0, 5000.0, 0.0, -0.5))
    c = Candidate(1010.0, 4990.0, 0.9, (), 90.0, 30.0, 1040.0, 4990.0, (1040.0, 4990.0, ()))
    (m,) = plan.to_map([c])
    assert (m.x, m.y, m.tip_x, m.tip_y) == pytest.approx((1012.0, 4988.0, 1048.0, 4988.0))
    assert m.alt[:2] == pytest.approx((1048.0, 4988.0)) and m.shadow_length_m == 30.0



@pytest.mark.parametrize("crs", ["EPSG:3857", "EPSG:2238"])  # Web Mercator; NAD83 / Florida North (ftUS)
def test_raster_gives_the_masts_of_its_utm_twin(shared_data, tmp_path, crs):
    import rasterio
    from pyproj import Transformer
    from support.scenes import make_scene

    from basestation_mapper.plugin.core.detect import evaluate
    from basestation_mapper.plugin.core.detect.tiling import read_detection_window

    sc = make_scene(shared_data, 0, "forest", 0.4, n_masts=6, size_m=560.0)
    utm = _write(tmp_path / "utm.tif", sc.image, sc.transform, f"EPSG:{sc.epsg}")
    # the same pixels placed at the same spot in the other CRS, at its scale at the centre
    rows, cols = sc.image.shape[1:]
    to_ll = Transformer.from_crs(f"EPSG:{sc.epsg}", "EPSG:4326", always_xy=True)
    lat = to_ll.transform(sc.transform[0] + cols / 2 * sc.resolution, sc.transform[3] - rows / 2 * sc.resolution)[1]
    k = 1.0 / math.cos(math.radians(lat)) if crs == "EPSG:3857" else 1.0 / US_FOOT
    x0, y0 = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(
        *to_ll.transform(sc.transform[0], sc.transform[3]))
    other_gt = (x0, sc.resolution * k, 0.0, y0, 0.0, -sc.resolution * k)
    other = _write(tmp_path / "other.tif", sc.image, other_gt, crs)
    plan = plan_detection(other)
    assert plan.ground_scale == pytest.approx(k, rel=5e-4)
    assert plan_detection(utm).ground_scale == 1.0
    # the detector is handed windows in ground metres
    with rasterio.open(other) as src:
        _data, wgt, _alpha = read_detection_window(src, plan, plan.windows[0])
    assert wgt[1] == pytest.approx(sc.resolution, rel=5e-4) and wgt[5] == pytest.approx(-sc.resolution, rel=5e-4)

    params = DetectorParams(sun_azimuth=sc.sun_azimuth)
    found = {}
    for name, path, gt in (("utm", utm, sc.transform), ("other", other, other_gt)):
        cands = detect_raster(path, params)
        # positions as ground metres from the raster's corner (the same pixels: the same place)
        pos = np.array([((c.x - gt[0]) / gt[1], (c.y - gt[3]) / gt[5]) for c in cands]).reshape(-1, 2)
        truth = np.array([((m.x - sc.transform[0]) / sc.resolution, (m.y - sc.transform[3]) / -sc.resolution)
                          for m in sc.masts])
        ev = evaluate(pos * sc.resolution, truth * sc.resolution, 15.0)
        lengths = {int(np.argmin(np.hypot(*(truth - p).T))): c.shadow_length_m for p, c in zip(pos, cands)
                   if np.hypot(*(truth - p).T).min() * sc.resolution <= 15.0}
        found[name] = (ev.true_positives, ev.false_positives, lengths)
    assert found["utm"][0] >= 3
    assert abs(found["other"][0] - found["utm"][0]) <= 1 and abs(found["other"][1] - found["utm"][1]) <= 1, found
    # shadows measured in ground metres: uncorrected they would come out k (1.15 or 3.28) times longer
    both = sorted(set(found["utm"][2]) & set(found["other"][2]))
    ratio = np.median([found["other"][2][i] / found["utm"][2][i] for i in both])
    assert len(both) >= 3 and abs(ratio - 1.0) < 0.05, (ratio, found)
