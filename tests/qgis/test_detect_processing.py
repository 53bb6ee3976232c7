"""Processing: basestationmapper:detect and basestationmapper:evaluatedetections on real files."""

from __future__ import annotations

import json

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsRasterLayer, QgsVectorLayer

from basestation_mapper.plugin.core.detect import FEATURE_NAMES
from basestation_mapper.plugin.core.stations import FIELD_NAMES

pytestmark = pytest.mark.usefixtures("provider")


@pytest.fixture(scope="module")
def scene(shared_data):
    from support.scenes import make_scene

    return make_scene(shared_data, 6, "forest", 0.3)


def test_detect_writes_candidates_with_station_schema(qgis_processing, scene, tmp_path):
    import processing

    path = scene.write(tmp_path / "scene.tif")
    layer = QgsRasterLayer(str(path), "scene 2021")
    layer.setCustomProperty("basestation_mapper/acquisition_date", "2021-06-01")
    out = processing.run("basestationmapper:detect", {
        "INPUT": layer, "MIN_CONFIDENCE": 0.5, "SUN_AZIMUTH": scene.sun_azimuth,
        "OUTPUT": str(tmp_path / "candidates.gpkg")})["OUTPUT"]
    result = QgsVectorLayer(out, "candidates", "ogr")
    assert result.isValid()
    names = [f.name() for f in result.fields()]
    assert all(n in names for n in FIELD_NAMES)
    feats = list(result.getFeatures())
    assert feats, "no tower found on a scene with four drawn masts"
    for f in feats:
        assert f["status"] == "candidate" and f["origin"] == "detected"
        assert 0.5 <= f["confidence"] <= 1.0
        assert f["source"] == "scene 2021" and f["image_date"] == "2021-06-01"
        assert f["detector"].startswith("mast-shadow ")
        assert len(json.loads(f["features"])) == len(FEATURE_NAMES)
    ev = processing.run("basestationmapper:evaluatedetections", {
        "DETECTIONS": out, "REFERENCE": _truth(scene), "MATCH_DISTANCE": 15, "OUTPUT": "memory:"})
    assert ev["RECALL"] >= 0.75 and ev["PRECISION"] >= 0.75


def _truth(scene):
    from support.detect_data import truth_layer

    return truth_layer(scene)


@pytest.mark.parametrize("crs", ["EPSG:3857", "EPSG:2238"])  # Web Mercator; NAD83 / Florida North (ftUS)
def test_detect_in_web_mercator_and_feet(qgis_processing, scene, tmp_path, crs):
    """A raster saved from a web basemap (Web Mercator) or a state plane in feet: read in place, its
    lengths in ground metres, the masts placed where they are."""
    import processing
    import rasterio
    from pyproj import Transformer
    from rasterio.transform import Affine
    from support.detect_data import truth_layer

    from basestation_mapper.plugin.core.detect.tiling import ground_scale

    gt = scene.transform
    rows, cols = scene.image.shape[1:]
    to_crs = Transformer.from_crs(f"EPSG:{scene.epsg}", crs, always_xy=True)
    x0, y0 = to_crs.transform(gt[0], gt[3])
    # the same pixels at the same place, at the other CRS's scale there (map units per ground metre)
    k = ground_scale(crs, *to_crs.transform(gt[0] + cols / 2 * gt[1], gt[3] + rows / 2 * gt[5]),
                     0.3048006096012192 if crs == "EPSG:2238" else 1.0)
    assert k > 1.1
    path = tmp_path / "other.tif"
    other_gt = (x0, gt[1] * k, 0.0, y0, 0.0, gt[5] * k)
    with rasterio.open(path, "w", driver="GTiff", width=cols, height=rows, count=scene.image.shape[0],
                       dtype=scene.image.dtype.name, crs=crs, transform=Affine.from_gdal(*other_gt)) as dst:
        dst.write(scene.image)
    layer = QgsRasterLayer(str(path), "other")
    assert layer.isValid() and layer.crs().authid() == crs

    def evaluation(raster, reference):
        out = processing.run("basestationmapper:detect", {
            "INPUT": raster, "MIN_CONFIDENCE": 0.5, "SUN_AZIMUTH": scene.sun_azimuth, "OUTPUT": "memory:"})["OUTPUT"]
        return processing.run("basestationmapper:evaluatedetections", {
            "DETECTIONS": out, "REFERENCE": reference, "MATCH_DISTANCE": 15, "OUTPUT": "memory:"})

    ev = evaluation(layer, truth_layer(scene, crs=crs, transform=other_gt))
    utm = evaluation(str(scene.write(tmp_path / "utm.tif")), _truth(scene))
    # the masts of the same pixels in the scene's own UTM zone, at least as well placed (a scale
    # read wrong measures every shadow and site at the wrong size; where two points of a shadow
    # are about as likely a base, the one taken may also land better by chance)
    assert ev["RECALL"] >= 0.75 and ev["PRECISION"] >= 0.75, ev
    assert ev["MEAN_ERROR_M"] < utm["MEAN_ERROR_M"] + 1.0, (ev, utm)


def test_evaluate_table_and_numbers(qgis_processing):
    import processing
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    def layer(points, conf=None):
        lyr = QgsVectorLayer("Point?crs=EPSG:32652&field=confidence:double", "p", "memory")
        feats = []
        for i, (x, y) in enumerate(points):
            f = QgsFeature(lyr.fields())
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
            f.setAttributes([conf[i] if conf else 1.0])
            feats.append(f)
        lyr.dataProvider().addFeatures(feats)
        return lyr

    ref = layer([(500000, 4300000), (500100, 4300000), (500200, 4300000)])
    det = layer([(500003, 4300004), (500300, 4300000), (500104, 4300003)], conf=[0.9, 0.9, 0.3])
    res = processing.run("basestationmapper:evaluatedetections", {
        "DETECTIONS": det, "REFERENCE": ref, "OUTPUT": "memory:"})
    assert res["PRECISION"] == pytest.approx(2 / 3) and res["RECALL"] == pytest.approx(2 / 3)
    assert res["MEAN_ERROR_M"] == pytest.approx(5.0, abs=0.01)
    table = res["OUTPUT"]
    table = table if isinstance(table, QgsVectorLayer) else QgsVectorLayer(table)
    row = next(table.getFeatures())
    assert row["true_positives"] == 2 and row["false_negatives"] == 1 and row["match_distance_m"] == 15
    # the low-confidence detection is dropped with MIN_CONFIDENCE
    res = processing.run("basestationmapper:evaluatedetections", {
        "DETECTIONS": det, "REFERENCE": ref, "MIN_CONFIDENCE": 0.5, "OUTPUT": "memory:"})
    assert res["PRECISION"] == pytest.approx(0.5) and res["RECALL"] == pytest.approx(1 / 3)


def test_raster_without_crs_is_refused(qgis_processing, tmp_path):
    import processing
    from support.detect_data import write_plain

    arr = np.random.default_rng(0).integers(40, 200, (3, 300, 300)).astype(np.uint8)
    path = write_plain(tmp_path / "nocrs.tif", arr)
    with pytest.raises(QgsProcessingException, match="coordinate reference system"):
        processing.run("basestationmapper:detect", {"INPUT": str(path), "OUTPUT": "memory:"})


def test_geographic_raster_is_read_in_metres(qgis_processing, scene, tmp_path):
    """Imagery in degrees is resampled to the UTM zone of its extent at RESOLUTION metres."""
    import processing
    from osgeo import gdal
    from support.processing_feedback import Feedback

    src = scene.write(tmp_path / "utm.tif")
    geo = tmp_path / "geo.tif"
    gdal.Warp(str(geo), str(src), dstSRS="EPSG:4326", resampleAlg="bilinear")
    feedback = Feedback()
    out = processing.run("basestationmapper:detect", {
        "INPUT": str(geo), "RESOLUTION": 0.3, "SUN_AZIMUTH": scene.sun_azimuth, "OUTPUT": "memory:"},
        feedback=feedback)["OUTPUT"]
    lyr = out if isinstance(out, QgsVectorLayer) else QgsVectorLayer(out)
    assert lyr.crs().authid() == "EPSG:4326"
    # the log says how the imagery was read: 0.3 m in the UTM zone of the scene
    assert any("0.3 m in EPSG:326" in info for info in feedback.infos), feedback.infos
    ev = processing.run("basestationmapper:evaluatedetections", {
        "DETECTIONS": lyr, "REFERENCE": _truth(scene), "OUTPUT": "memory:"})
    assert ev["RECALL"] >= 0.5


def test_a_searched_sun_fetches_each_window_once_per_pass(qgis_processing, scene, tmp_path):
    """Imagery read through QGIS (degrees here, a web layer alike): with the sun searched, the sample's looks
    along its suns (and each sun turned by 180°) reuse the window fetched for them instead of fetching it again
    for each sun, worker threads search what was fetched, and the masts are found."""
    from osgeo import gdal

    from basestation_mapper.plugin.core.detect import DetectorParams, evaluate
    from basestation_mapper.plugin.core.detect.tiling import DEFAULT_TILE, iter_windows, overlap_px
    from basestation_mapper.plugin.qgis_io.imagery import ProviderReader

    src = scene.write(tmp_path / "utm.tif")
    geo = tmp_path / "geo.tif"
    gdal.Warp(str(geo), str(src), dstSRS="EPSG:4326", resampleAlg="bilinear")
    layer = QgsRasterLayer(str(geo), "geo")
    reader = ProviderReader(layer, layer.extent(), 0.3)
    params = DetectorParams()
    windows = list(iter_windows(reader.width, reader.height, DEFAULT_TILE, overlap_px(params, 0.3)))
    assert len(windows) == 1
    cands = reader.detect(params)
    # fetched on this thread, searched by two worker threads: what one thread finds
    alone = ProviderReader(layer, layer.extent(), 0.3)
    assert alone.detect(params, workers=1) == cands
    # the whole-circle search, the looks along the suns it supports (up to 8), a grid of 24 if none
    # convinces and a look either side of the grid's best: a fetch for each pass at most, not for each sun
    assert 2 <= reader.windows_read <= 4 and reader.windows_empty == 0
    from qgis.core import QgsCoordinateTransform, QgsPointXY, QgsProject

    to_utm = QgsCoordinateTransform(layer.crs(), reader.target_crs, QgsProject.instance())
    truth = []
    for x, y in scene.truth:
        p = to_utm.transform(QgsPointXY(*_utm_to_lonlat(scene, x, y)))
        truth.append((p.x(), p.y()))
    ev = evaluate(np.array([(c.x, c.y) for c in cands]).reshape(-1, 2), np.array(truth), 15.0)
    assert ev.recall >= 0.5, ev


def test_cancel_while_worker_threads_search_imagery_read_through_qgis_writes_nothing(qgis_processing, scene,
                                                                                      tmp_path):
    """Imagery in degrees, fetched through QGIS on the run's thread and searched by worker threads: canceled at
    the first progress, the run stops and writes no output."""
    import processing
    from osgeo import gdal
    from qgis.core import QgsProcessingFeedback

    class CancelAtFirstProgress(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.progressChanged.connect(lambda _p: self.cancel())

    geo = tmp_path / "geo.tif"
    gdal.Warp(str(geo), str(scene.write(tmp_path / "utm.tif")), dstSRS="EPSG:4326", resampleAlg="bilinear")
    out = tmp_path / "candidates.gpkg"
    feedback = CancelAtFirstProgress()
    processing.run("basestationmapper:detect", {"INPUT": str(geo), "RESOLUTION": 0.3, "OUTPUT": str(out)},
                   feedback=feedback)
    assert feedback.isCanceled()
    assert not out.exists()


def _utm_to_lonlat(scene, x, y):
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject

    tr_ = QgsCoordinateTransform(QgsCoordinateReferenceSystem(f"EPSG:{scene.epsg}"),
                                 QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())
    p = tr_.transform(QgsPointXY(x, y))
    return p.x(), p.y()


def test_bad_shadow_range(qgis_processing, scene, tmp_path):
    import processing

    path = scene.write(tmp_path / "s.tif")
    with pytest.raises(QgsProcessingException, match="MAX_SHADOW"):
        processing.run("basestationmapper:detect", {"INPUT": str(path), "MIN_SHADOW": 50, "MAX_SHADOW": 20,
                                                   "OUTPUT": "memory:"})


def _with_metadata(path, **items):
    from osgeo import gdal

    ds = gdal.Open(str(path), gdal.GA_Update)
    for key, value in items.items():
        ds.SetMetadataItem(key, str(value))
    ds = None
    return path


def test_sun_from_the_image_metadata(qgis_processing, scene, tmp_path):
    """SUN_FROM_METADATA: the provider's sun azimuth is used as if given; without it, searched."""
    import processing
    from support.processing_feedback import Feedback

    tagged = _with_metadata(scene.write(tmp_path / "tagged.tif"), MEANSUNAZ=f"{scene.sun_azimuth:.4f}")
    given = processing.run("basestationmapper:detect", {
        "INPUT": str(tagged), "SUN_AZIMUTH": round(scene.sun_azimuth, 4), "OUTPUT": "memory:"})["OUTPUT"]
    feedback = Feedback()
    found = processing.run("basestationmapper:detect", {
        "INPUT": str(tagged), "SUN_FROM_METADATA": True, "OUTPUT": "memory:"}, feedback=feedback)["OUTPUT"]
    assert any("from the image metadata (MEANSUNAZ)" in m for m in feedback.infos), feedback.infos

    def points(layer):
        return sorted((round(f.geometry().asPoint().x(), 7), round(f.geometry().asPoint().y(), 7))
                      for f in layer.getFeatures())

    assert points(found) and points(found) == points(given)
    # without the flag the sun is searched, and the metadata's sun is pointed out
    feedback = Feedback()
    processing.run("basestationmapper:detect", {"INPUT": str(tagged), "OUTPUT": "memory:"}, feedback=feedback)
    assert any("SUN_FROM_METADATA uses it" in m for m in feedback.infos), feedback.infos
    assert any(m.startswith("Sun searched") for m in feedback.infos), feedback.infos
    # an image without a sun in its metadata: searched, and said so
    plain = scene.write(tmp_path / "plain.tif")
    feedback = Feedback()
    processing.run("basestationmapper:detect", {"INPUT": str(plain), "SUN_FROM_METADATA": True, "OUTPUT": "memory:"},
                   feedback=feedback)
    assert any("no sun" in m for m in feedback.infos), feedback.infos
    # the sun searched is reported: here the one the masts were drawn with
    said = [m for m in feedback.infos if m.startswith("Sun searched")]
    assert said, feedback.infos
    azimuth = float(said[0].split("about ")[1].split("°")[0])
    assert abs((azimuth - scene.sun_azimuth + 180.0) % 360.0 - 180.0) <= 15.0, (azimuth, scene.sun_azimuth)


def test_heights_told_from_the_shadows_under_the_sun_elevation(qgis_processing, scene, tmp_path):
    """SUN_ELEVATION (or the image metadata's elevation when it is empty): each candidate's antenna_height_m is its
    mast's height told from its shadow, its notes say so; without an elevation, the default height, and the log
    says how to get heights; an elevation outside 10-80° is said and not used."""
    import math

    import processing
    from support.processing_feedback import Feedback

    def heights(layer):
        out = {}
        for f in layer.getFeatures():
            p = f.geometry().asPoint()
            out[(round(p.x(), 6), round(p.y(), 6))] = (f["antenna_height_m"], f["notes"])
        return out

    path = scene.write(tmp_path / "scene.tif")
    given = {"INPUT": str(path), "SUN_AZIMUTH": scene.sun_azimuth, "OUTPUT": "memory:"}
    feedback = Feedback()
    told = processing.run("basestationmapper:detect", {**given, "SUN_ELEVATION": scene.sun_elevation},
                          feedback=feedback)["OUTPUT"]
    assert not any("default antenna height" in m for m in feedback.infos + feedback.warnings)
    # the masts drawn, seen from the candidates (WGS84): the nearest drawn mast's height
    from pyproj import Transformer

    to_map = Transformer.from_crs("EPSG:4326", f"EPSG:{scene.epsg}", always_xy=True)
    matched = 0
    for (lon, lat), (height, notes) in heights(told).items():
        x, y = to_map.transform(lon, lat)
        mast = min(scene.masts, key=lambda m: math.hypot(m.x - x, m.y - y))
        if math.hypot(mast.x - x, mast.y - y) <= 15.0:
            matched += 1
            assert height == pytest.approx(mast.height_m, rel=1 / 3), (height, mast.height_m)
            assert f"m tall at a sun elevation of {scene.sun_elevation:.0f}°" in notes, notes
    assert matched >= 3
    # no elevation: the schema's default height, and how to get heights
    feedback = Feedback()
    plain = processing.run("basestationmapper:detect", given, feedback=feedback)["OUTPUT"]
    assert {h for h, _notes in heights(plain).values()} == {30.0}
    assert any("give SUN_ELEVATION" in m for m in feedback.infos), feedback.infos
    # the provider's elevation in the metadata stands for an empty SUN_ELEVATION, and is said to
    tagged = _with_metadata(scene.write(tmp_path / "tagged.tif"), MEANSUNAZ=f"{scene.sun_azimuth:.4f}",
                            MEANSUNEL=f"{scene.sun_elevation:.4f}")
    feedback = Feedback()
    metadata = processing.run("basestationmapper:detect", {**given, "INPUT": str(tagged)},
                              feedback=feedback)["OUTPUT"]
    said = f"Sun elevation {scene.sun_elevation:.1f}° from the image metadata"
    assert any(m.startswith(said) for m in feedback.infos), feedback.infos
    assert heights(metadata) and sorted(h for h, _n in heights(metadata).values()) == \
        sorted(h for h, _n in heights(told).values())
    # a sun too high to tell heights under: said, and the default height kept
    feedback = Feedback()
    high = processing.run("basestationmapper:detect", {**given, "SUN_ELEVATION": 85}, feedback=feedback)["OUTPUT"]
    assert any("SUN_ELEVATION 85°" in w for w in feedback.warnings), feedback.warnings
    assert {h for h, _notes in heights(high).values()} == {30.0}
    # no elevation, but the image's acquisition date: the sun stands at the azimuth once that day, as high as that
    from basestation_mapper.plugin.core.detect.sun import elevation_at_azimuth
    from basestation_mapper.plugin.qgis_io.imagery import ACQ_DATE_PROPERTY

    dated = QgsRasterLayer(str(path), "dated")
    dated.setCustomProperty(ACQ_DATE_PROPERTY, "2021-01-15")
    lon, lat = Transformer.from_crs(f"EPSG:{scene.epsg}", "EPSG:4326", always_xy=True).transform(*scene.truth[0])
    expected = elevation_at_azimuth("2021-01-15", lat, lon, scene.sun_azimuth)
    feedback = Feedback()
    by_date = processing.run("basestationmapper:detect", {**given, "INPUT": dated}, feedback=feedback)["OUTPUT"]
    assert any(m.startswith(f"Sun elevation {expected:.1f}°: as high as the sun stands") and "(2021-01-15)" in m
               for m in feedback.infos), feedback.infos
    assert heights(by_date)
    for height, notes in heights(by_date).values():
        length = float(notes.split("shadow ")[1].split(" m")[0])
        assert height == pytest.approx(length * math.tan(math.radians(expected)), abs=0.6 + 0.01 * length)


def test_a_file_never_dated_in_the_imagery_section_gives_its_own_date(qgis_processing, scene, tmp_path):
    """A raster given to Processing as a file (or a layer never dated): the candidates' image_date, first_seen and
    last_seen are the file's acquisition date, read from its metadata without writing it on the layer."""
    import processing
    from osgeo import gdal

    from basestation_mapper.plugin.qgis_io.imagery import ACQ_DATE_PROPERTY

    path = _with_metadata(scene.write(tmp_path / "dated.tif"), ACQUISITIONDATETIME="2021-01-15 15:30:00")
    assert gdal.Info(str(path)).count("ACQUISITIONDATETIME") == 1
    layer = QgsRasterLayer(str(path), "dated")
    for given in (str(path), layer):
        out = processing.run("basestationmapper:detect", {
            "INPUT": given, "SUN_AZIMUTH": scene.sun_azimuth, "OUTPUT": "memory:"})["OUTPUT"]
        feats = list(out.getFeatures())
        assert feats
        assert {(f["image_date"], f["first_seen"], f["last_seen"]) for f in feats} == {("2021-01-15",) * 3}
    assert layer.customProperty(ACQ_DATE_PROPERTY) is None


def test_a_dated_image_has_its_sun_searched_within_that_days_sky(qgis_processing, scene, tmp_path):
    """The sun searched on an image with an acquisition date is looked for only among the azimuths the sun takes
    that day at the image's place, said in the log with that arc; the sun found lies in it."""
    import re

    import processing
    from support.processing_feedback import Feedback

    from basestation_mapper.plugin.qgis_io.imagery import ACQ_DATE_PROPERTY

    layer = QgsRasterLayer(str(scene.write(tmp_path / "scene.tif")), "scene")
    layer.setCustomProperty(ACQ_DATE_PROPERTY, "2021-01-15")  # Florida in January: the sun from SE to SW
    feedback = Feedback()
    out = processing.run("basestationmapper:detect", {"INPUT": layer, "OUTPUT": "memory:"},
                         feedback=feedback)["OUTPUT"]
    (said,) = [m for m in feedback.infos if m.startswith("Sun searched among the azimuths the sun takes on "
                                                          "2021-01-15 there")]
    first, last = map(int, re.search(r"\((\d+)-(\d+)°\)", said).groups())
    assert 110 <= first <= 135 and 225 <= last <= 250, said
    assert out.featureCount() >= 3
    for f in out.getFeatures():
        sun = (float(f["notes"].split("towards ")[1].split("°")[0]) + 180.0) % 360.0
        assert first - 4 <= sun <= last + 4, (sun, said)


def test_small_area_is_said_to_be_small(qgis_processing, scene, tmp_path):
    """An area narrower than a long shadow with the ground around it: the run says so; a whole scene does not."""
    import processing
    from qgis.core import QgsRectangle
    from support.processing_feedback import Feedback

    path = scene.write(tmp_path / "scene.tif")
    layer = QgsRasterLayer(str(path), "scene")
    m = scene.masts[0]
    fb = Feedback()
    processing.run("basestationmapper:detect", {
        "INPUT": layer, "SUN_AZIMUTH": scene.sun_azimuth, "OUTPUT": "memory:",
        "EXTENT": QgsRectangle(m.x - 45, m.y - 30, m.x + 45, m.y + 30)}, feedback=fb)
    (warning,) = [w for w in fb.warnings if "area searched" in w]
    assert "90 × 60 m" in warning and "152 m" in warning  # 100 m shadows + 2 x 26 m of ground
    fb = Feedback()
    processing.run("basestationmapper:detect", {"INPUT": layer, "SUN_AZIMUTH": scene.sun_azimuth,
                                                "OUTPUT": "memory:"}, feedback=fb)
    assert not [w for w in fb.warnings if "area searched" in w]


@pytest.fixture(scope="module")
def open_scene():
    """Four masts on procedural open country (no shared data needed), fixed seed."""
    from support.scenes import make_scene

    return make_scene(None, 3, "open", 0.5)


def test_sun_azimuth_not_given_is_searched_and_text_is_refused(qgis_processing, open_scene, tmp_path):
    """An empty SUN_AZIMUTH, a NULL one or an expression giving NULL (a model input left empty) mean
    "search the sun"; text that is not a number is refused: read as a number it was a sun due north."""
    import processing
    from qgis.core import NULL, QgsApplication, QgsProcessingContext, QgsProperty
    from support.processing_feedback import Feedback

    path = str(open_scene.write(tmp_path / "open.tif"))
    for value in ("", " ", NULL, QgsProperty.fromExpression("NULL")):
        feedback = Feedback()
        out = processing.run("basestationmapper:detect", {"INPUT": path, "SUN_AZIMUTH": value, "OUTPUT": "memory:"},
                             feedback=feedback)["OUTPUT"]
        assert out.featureCount() == len(open_scene.masts), value
        assert any(m.startswith("Sun searched") for m in feedback.infos), (value, feedback.infos)
    # an expression giving a number is that sun (not searched)
    feedback = Feedback()
    out = processing.run("basestationmapper:detect", {
        "INPUT": path, "SUN_AZIMUTH": QgsProperty.fromExpression(f"{open_scene.sun_azimuth:.3f} + 360"),
        "OUTPUT": "memory:"}, feedback=feedback)["OUTPUT"]
    assert out.featureCount() == len(open_scene.masts)
    assert not any(m.startswith("Sun searched") for m in feedback.infos), feedback.infos
    alg = QgsApplication.processingRegistry().createAlgorithmById("basestationmapper:detect")
    ok, message = alg.checkParameterValues({"INPUT": path, "SUN_AZIMUTH": "south", "OUTPUT": "memory:"},
                                           QgsProcessingContext())
    assert not ok and "SUN_AZIMUTH" in message and "'south'" in message, message
    with pytest.raises(QgsProcessingException, match="SUN_AZIMUTH: 'south' is not a number"):
        processing.run("basestationmapper:detect", {"INPUT": path, "SUN_AZIMUTH": "south", "OUTPUT": "memory:"})


def test_onnx_model_missing_or_unreadable_is_said_plainly(qgis_processing, open_scene, tmp_path):
    import processing
    from qgis.core import QgsApplication, QgsProcessingContext

    path = str(open_scene.write(tmp_path / "open.tif"))
    alg = QgsApplication.processingRegistry().createAlgorithmById("basestationmapper:detect")
    missing = tmp_path / "model.onnx"
    ok, message = alg.checkParameterValues({"INPUT": path, "ONNX_MODEL": str(missing), "OUTPUT": "memory:"},
                                           QgsProcessingContext())
    assert not ok and message == f"ONNX_MODEL: {missing} does not exist.", message
    ok, message = alg.checkParameterValues({"INPUT": path, "MIN_SHADOW": 50, "MAX_SHADOW": 20, "OUTPUT": "memory:"},
                                           QgsProcessingContext())
    assert not ok and "MAX_SHADOW" in message
    pytest.importorskip("onnxruntime")
    missing.write_bytes(b"not a model")
    out = tmp_path / "candidates.gpkg"
    with pytest.raises(QgsProcessingException) as info:
        processing.run("basestationmapper:detect", {"INPUT": path, "ONNX_MODEL": str(missing), "OUTPUT": str(out)})
    text = str(info.value)
    assert text.startswith(f"ONNX_MODEL: {missing} cannot be used: ") and "Traceback" not in text, text
    assert not out.exists()


def test_evaluate_reads_every_point_of_a_multipoint_and_refuses_a_layer_without_crs(qgis_processing):
    """Detections saved as MultiPoint (e.g. a layer merged or dissolved by site) count each of their
    points; a layer with no CRS cannot be measured and says so instead of a traceback."""
    import processing
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    ref = QgsVectorLayer("Point?crs=EPSG:32652", "ref", "memory")
    feats = []
    for x in (500000, 500100, 500200):
        f = QgsFeature()
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, 4300000)))
        feats.append(f)
    ref.dataProvider().addFeatures(feats)
    det = QgsVectorLayer("MultiPoint?crs=EPSG:32652&field=confidence:double", "det", "memory")
    f = QgsFeature(det.fields())
    f.setGeometry(QgsGeometry.fromMultiPointXY([QgsPointXY(500003, 4300004), QgsPointXY(500104, 4300003)]))
    f.setAttributes([0.9])
    det.dataProvider().addFeatures([f])
    res = processing.run("basestationmapper:evaluatedetections", {"DETECTIONS": det, "REFERENCE": ref,
                                                                  "OUTPUT": "memory:"})
    assert res["PRECISION"] == pytest.approx(1.0) and res["RECALL"] == pytest.approx(2 / 3)
    assert res["MEAN_ERROR_M"] == pytest.approx(5.0, abs=0.01)
    assert next(res["OUTPUT"].getFeatures())["detections"] == 2
    # metres in a layer said to be in degrees, and a layer with no CRS at all
    wrong = QgsVectorLayer("Point?crs=EPSG:4326&field=confidence:double", "wrong crs", "memory")
    f = QgsFeature(wrong.fields())
    f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(500003, 4300004)))
    f.setAttributes([0.9])
    wrong.dataProvider().addFeatures([f])
    with pytest.raises(QgsProcessingException) as info:
        processing.run("basestationmapper:evaluatedetections", {"DETECTIONS": wrong, "REFERENCE": ref,
                                                                "OUTPUT": "memory:"})
    text = str(info.value)
    assert text.startswith("DETECTIONS: the point (500003, 4.3e+06) of feature 1 cannot be transformed from "
                           "EPSG:4326 to EPSG:32652") and "Traceback" not in text, text
    # the same mistake on the reference side: no transform fails (EPSG:4326 to EPSG:4326), the UTM zone did
    with pytest.raises(QgsProcessingException) as info:
        processing.run("basestationmapper:evaluatedetections", {"DETECTIONS": ref, "REFERENCE": wrong,
                                                                "OUTPUT": "memory:"})
    text = str(info.value)
    assert text.startswith("REFERENCE: (500003, 4.3e+06) is not a longitude/latitude in EPSG:4326") and \
        "Traceback" not in text, text
    from qgis.core import QgsCoordinateReferenceSystem

    wrong.setCrs(QgsCoordinateReferenceSystem())
    with pytest.raises(QgsProcessingException) as info:
        processing.run("basestationmapper:evaluatedetections", {"DETECTIONS": ref, "REFERENCE": wrong,
                                                                "OUTPUT": "memory:"})
    text = str(info.value)
    assert text.startswith("REFERENCE: the layer has no coordinate reference system") and "Traceback" not in text, text


def test_extent_beyond_an_image_in_degrees_is_cut_to_the_image(qgis_processing, open_scene, tmp_path):
    """An image in degrees is read at RESOLUTION metres over the search extent: an extent reaching far
    beyond it (here the whole world) is cut to the image, not read, nor refused as too large."""
    import processing
    from osgeo import gdal

    geo = tmp_path / "geo.tif"
    gdal.Warp(str(geo), str(open_scene.write(tmp_path / "utm.tif")), dstSRS="EPSG:4326", resampleAlg="bilinear")
    params = {"INPUT": str(geo), "SUN_AZIMUTH": open_scene.sun_azimuth, "OUTPUT": "memory:"}
    whole = processing.run("basestationmapper:detect", params)["OUTPUT"]
    world = processing.run("basestationmapper:detect", {**params, "EXTENT": "-180,180,-85,85 [EPSG:4326]"})["OUTPUT"]

    def points(layer):
        return sorted((round(f.geometry().asPoint().x(), 7), round(f.geometry().asPoint().y(), 7))
                      for f in layer.getFeatures())

    assert len(points(whole)) == len(open_scene.masts) and points(world) == points(whole)
    with pytest.raises(QgsProcessingException, match=r"EXTENT: .*does not overlap the imagery layer 'geo'"):
        processing.run("basestationmapper:detect", {**params, "EXTENT": "0,1,0,1 [EPSG:4326]"})


def test_evaluate_says_when_min_confidence_cannot_be_applied(qgis_processing):
    """MIN_CONFIDENCE on detections without a 'confidence' field (e.g. another tool's 'score'): every
    detection is evaluated, and the log says so instead of silently scoring what the user meant to drop."""
    import processing
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY
    from support.processing_feedback import Feedback

    def layer(fields):
        lyr = QgsVectorLayer(f"Point?crs=EPSG:32652{fields}", "p", "memory")
        f = QgsFeature(lyr.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(500000, 4300000)))
        f.setAttributes([0.2] if fields else [])
        lyr.dataProvider().addFeatures([f])
        return lyr

    feedback = Feedback()
    res = processing.run("basestationmapper:evaluatedetections", {
        "DETECTIONS": layer("&field=score:double"), "REFERENCE": layer(""), "MIN_CONFIDENCE": 0.5,
        "OUTPUT": "memory:"}, feedback=feedback)
    assert res["RECALL"] == 1.0
    assert any("no 'confidence' field" in w for w in feedback.warnings), feedback.warnings
    feedback = Feedback()
    res = processing.run("basestationmapper:evaluatedetections", {
        "DETECTIONS": layer("&field=confidence:double"), "REFERENCE": layer(""), "MIN_CONFIDENCE": 0.5,
        "OUTPUT": "memory:"}, feedback=feedback)
    assert res["RECALL"] == 0.0 and not feedback.warnings


def test_candidates_to_csv_keep_their_position_and_a_missing_folder_is_said_first(qgis_processing, open_scene,
                                                                                   tmp_path, monkeypatch):
    """OUTPUT=candidates.csv: QGIS writes a CSV without any position unless asked; the candidates get
    X/Y (lon/lat) columns. An OUTPUT in a folder that does not exist is refused before the search,
    not after it (the search of a large mosaic takes hours)."""
    import csv

    import processing
    from support.processing_feedback import Feedback

    folder = tmp_path / "목록 out"
    folder.mkdir()
    params = {"INPUT": str(open_scene.write(tmp_path / "open.tif")), "SUN_AZIMUTH": open_scene.sun_azimuth}
    gpkg = processing.run("basestationmapper:detect", {**params, "OUTPUT": str(folder / "c.gpkg")})["OUTPUT"]
    out = processing.run("basestationmapper:detect", {**params, "OUTPUT": str(folder / "c.csv")})["OUTPUT"]
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = sorted((round(f.geometry().asPoint().x(), 6), round(f.geometry().asPoint().y(), 6))
                      for f in QgsVectorLayer(gpkg, "c").getFeatures())
    assert len(expected) == len(open_scene.masts)
    assert sorted((round(float(r["X"]), 6), round(float(r["Y"]), 6)) for r in rows) == expected
    assert {r["status"] for r in rows} == {"candidate"}
    # a relative path, as in 'qgis_process run ... OUTPUT=candidates.csv'
    monkeypatch.chdir(folder)
    out = processing.run("basestationmapper:detect", {**params, "OUTPUT": "relative.csv"})["OUTPUT"]
    with open(folder / "relative.csv", encoding="utf-8", newline="") as handle:
        assert sorted((round(float(r["X"]), 6), round(float(r["Y"]), 6)) for r in csv.DictReader(handle)) == expected
    feedback = Feedback()
    progress = []
    feedback.progressChanged.connect(progress.append)
    missing = tmp_path / "no such folder" / "c.gpkg"
    with pytest.raises(QgsProcessingException, match=r"OUTPUT: the folder .*no such folder does not exist"):
        processing.run("basestationmapper:detect", {**params, "OUTPUT": str(missing)}, feedback=feedback)
    assert not progress


def test_evaluate_refuses_layers_that_are_not_points(qgis_processing, tmp_path):
    """A polygon or line file (a path, which QGIS does not check against the point type) gave a
    Python traceback ('MultiPolygon geometry cannot be converted to a multipoint')."""
    import processing
    from qgis.core import QgsFeature, QgsGeometry

    from basestation_mapper.plugin.constants import SAMPLE_DIR

    places = str(SAMPLE_DIR / "places_geonames.geojson")
    provinces = str(SAMPLE_DIR / "provinces_naturalearth.geojson")
    with pytest.raises(QgsProcessingException) as info:
        processing.run("basestationmapper:evaluatedetections", {"DETECTIONS": places, "REFERENCE": provinces,
                                                                "OUTPUT": "memory:"})
    assert str(info.value) == "REFERENCE: the layer holds MultiPolygon features, not points.", info.value
    line = QgsVectorLayer("LineString?crs=EPSG:4326", "l", "memory")
    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromWkt("LINESTRING(125 39, 126 40)"))
    line.dataProvider().addFeatures([f])
    path = processing.run("native:savefeatures", {"INPUT": line, "OUTPUT": str(tmp_path / "line.gpkg")})["OUTPUT"]
    with pytest.raises(QgsProcessingException, match="DETECTIONS: the layer holds LineString features, not points"):
        processing.run("basestationmapper:evaluatedetections", {"DETECTIONS": path, "REFERENCE": places,
                                                                "OUTPUT": "memory:"})


def test_candidates_to_a_shapefile_are_said_to_lose_the_schema(qgis_processing, open_scene, tmp_path):
    """A Shapefile renames antenna_height_m / reviewed_at and cuts the JSON 'features' at 254
    characters (re-ranking then fails on them), a spreadsheet drops the positions: the log says so;
    a GeoPackage keeps everything."""
    import processing
    from support.processing_feedback import Feedback

    params = {"INPUT": str(open_scene.write(tmp_path / "open.tif")), "SUN_AZIMUTH": open_scene.sun_azimuth}
    feedback = Feedback()
    out = processing.run("basestationmapper:detect", {**params, "OUTPUT": str(tmp_path / "c.shp")},
                         feedback=feedback)["OUTPUT"]
    layer = QgsVectorLayer(out, "c")
    assert "antenna_height_m" not in layer.fields().names()
    assert all(len(f["features"]) <= 254 for f in layer.getFeatures())
    (warning,) = [w for w in feedback.warnings if "Shapefile" in w]
    assert "antenna_height_m" in warning and "reviewed_at" in warning and ".gpkg" in warning
    feedback = Feedback()
    processing.run("basestationmapper:detect", {**params, "OUTPUT": str(tmp_path / "c.gpkg")}, feedback=feedback)
    assert not [w for w in feedback.warnings if "Shapefile" in w or "spreadsheet" in w]
    # a spreadsheet has no geometry at all: the candidates' positions are lost, and said to be
    feedback = Feedback()
    out = processing.run("basestationmapper:detect", {**params, "OUTPUT": str(tmp_path / "c.xlsx")},
                         feedback=feedback)["OUTPUT"]
    assert not QgsVectorLayer(out, "c").isSpatial()
    assert any("keeps no positions" in w for w in feedback.warnings), feedback.warnings


def test_unreachable_web_layer_says_nothing_was_searched(qgis_processing, scene, tmp_path):
    """A web layer whose server cannot be reached gives transparent blocks: the run said '0 candidate
    towers found' as if the imagery had been searched; it now says nothing could be read. A
    readable raster read the same way (in degrees, through the provider) says nothing of the kind."""
    import processing
    from osgeo import gdal
    from qgis.core import QgsProject, QgsRectangle
    from support.processing_feedback import Feedback

    dead = QgsRasterLayer("type=xyz&url=http://127.0.0.1:9/%7Bz%7D/%7Bx%7D/%7By%7D.png&zmin=0&zmax=19",
                          "dead tiles", "wms")
    assert dead.isValid()
    QgsProject.instance().addMapLayer(dead)
    fb = Feedback()
    extent = QgsRectangle(14_000_000.0, 4_700_000.0, 14_000_400.0, 4_700_300.0)  # 400 x 300 m, EPSG:3857
    processing.run("basestationmapper:detect", {
        "INPUT": dead, "EXTENT": f"{extent.xMinimum()},{extent.xMaximum()},{extent.yMinimum()},"
                                 f"{extent.yMaximum()} [EPSG:3857]",
        "SUN_AZIMUTH": 150, "OUTPUT": "memory:"}, feedback=fb)
    assert [w for w in fb.warnings if "No imagery could be read from dead tiles" in w], fb.warnings
    QgsProject.instance().removeMapLayer(dead.id())
    geo = tmp_path / "geo.tif"
    gdal.Warp(str(geo), str(scene.write(tmp_path / "scene_for_geo.tif")), dstSRS="EPSG:4326")
    fb = Feedback()
    processing.run("basestationmapper:detect", {"INPUT": QgsRasterLayer(str(geo), "geo"),
                                                "SUN_AZIMUTH": scene.sun_azimuth, "OUTPUT": "memory:"}, feedback=fb)
    assert not [w for w in fb.warnings if "No imagery could be read" in w], fb.warnings


def test_detect_to_a_shapefile_is_utf8_with_a_cpg(qgis_processing, scene, tmp_path):
    import processing
    from osgeo import ogr

    path = scene.write(tmp_path / "scene.tif")
    layer = QgsRasterLayer(str(path), "평양 장면 2021")
    out = processing.run("basestationmapper:detect", {
        "INPUT": layer, "MIN_CONFIDENCE": 0.5, "SUN_AZIMUTH": scene.sun_azimuth,
        "OUTPUT": str(tmp_path / "후보.shp")})["OUTPUT"]
    assert out == str(tmp_path / "후보.shp")
    assert sorted(p.name for p in tmp_path.iterdir() if p.stem == "후보") == [
        "후보.cpg", "후보.dbf", "후보.prj", "후보.shp", "후보.shx"]
    assert (tmp_path / "후보.cpg").read_text() == "UTF-8"
    source = ogr.Open(out)
    sources = {f.GetField("source") for f in source.GetLayer(0)}
    source = None
    assert sources == {"평양 장면 2021"}
    result = QgsVectorLayer(out, "candidates", "ogr")
    assert result.dataProvider().encoding() == "UTF-8"
    assert {f["source"] for f in result.getFeatures()} == {"평양 장면 2021"}
