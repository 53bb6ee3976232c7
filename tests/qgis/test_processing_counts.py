"""Processing logs say a count of one in the singular, each count in a sentence with its own count forms, and
numbers with thousands separators."""

from __future__ import annotations

import re

import numpy as np
import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsRasterLayer
from support.processing_feedback import Feedback

from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer

pytestmark = pytest.mark.usefixtures("provider")


def _stations(name: str, points) -> object:
    layer = create_memory_station_layer(name)
    feats = []
    for i, (lon, lat) in enumerate(points):
        feat = QgsFeature(layer.fields())
        feat["name"] = f"{name} {i}"
        feat["technology"] = "4G"
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon, lat)))
        feats.append(feat)
    assert layer.dataProvider().addFeatures(feats)[0]
    return layer


def test_detect_says_one_candidate_in_the_singular(qgis_processing, shared_data, tmp_path):
    """'1 candidate towers found in …'."""
    import processing
    from support.scenes import make_scene

    one = make_scene(shared_data, 21, "forest", 0.3, n_masts=1, size_m=300.0, distractors=False)
    fb = Feedback()
    processing.run("basestationmapper:detect", {
        "INPUT": QgsRasterLayer(str(one.write(tmp_path / "one.tif")), "one mast"),
        "SUN_AZIMUTH": round(one.sun_azimuth), "OUTPUT": "memory:"}, feedback=fb)
    assert "1 candidate tower found in one mast (confidence >= 0.50)" in fb.infos, fb.infos


def test_mergestations_says_each_count_in_its_sentence(qgis_processing):
    """'3 stations in, 2 out (1 duplicates merged)': the duplicates without their singular."""
    import processing

    first = _stations("survey", [(125.70, 39.00), (125.80, 39.10)])
    second = _stations("osm", [(125.70001, 39.00001)])
    fb = Feedback()
    processing.run("basestationmapper:mergestations", {"INPUT": [first, second], "DISTANCE": 50,
                                                      "OUTPUT": "memory:"}, feedback=fb)
    assert "3 stations in, 2 out. 1 duplicate merged." in fb.infos, fb.infos


def test_importstations_counts_with_thousands_separators(qgis_processing, tmp_path):
    """'1200 stations read (csv)', where the dock says '1,200 stations imported'."""
    import processing

    csv = tmp_path / "many.csv"
    csv.write_text("name,lon,lat\n" + "".join(f"S{i},{125 + i * 0.001:.3f},39.0\n" for i in range(1200)),
                   encoding="utf-8")
    fb = Feedback()
    processing.run("basestationmapper:importstations", {"INPUT": str(csv), "OUTPUT": "memory:"}, feedback=fb)
    assert "1,200 stations read (csv), 0 bad rows skipped" in fb.infos, fb.infos


def test_terraincoverage_counts_cells_and_stations_per_cell(qgis_processing, shared_data, tmp_path):
    """'12345 cells in sight of at least one station; at most 1 stations per cell.'"""
    import processing

    dem = QgsRasterLayer(str(shared_data / "dem" / "pysheds_dem_texas_3arcsec.tif"), "texas")
    fb = Feedback()
    processing.run("basestationmapper:terraincoverage", {
        "STATIONS": _stations("one", [(-97.33, 32.68)]), "DEM": dem, "RADIUS": 6000.0,
        "OUTPUT": str(tmp_path / "count.tif")}, feedback=fb)
    said = [i for i in fb.infos if "in sight" in i]
    assert len(said) == 1 and re.fullmatch(r"\d{1,3}(,\d{3})+ cells in sight of at least one station\. At most 1 "
                                           r"station sees a cell\.", said[0]), fb.infos


def test_evaluatedetections_counts_with_thousands_separators(qgis_processing):
    """'(1200 matched, 0 false, 0 missed …)' of an evaluation of a large network."""
    import processing

    rng = np.random.default_rng(5)
    points = list(zip(125.0 + rng.uniform(0, 1.0, 1200), 39.0 + rng.uniform(0, 1.0, 1200)))
    fb = Feedback()
    processing.run("basestationmapper:evaluatedetections", {
        "DETECTIONS": _stations("found", points), "REFERENCE": _stations("truth", points), "MATCH_DISTANCE": 15,
        "OUTPUT": "memory:"}, feedback=fb)
    said = [i for i in fb.infos if i.startswith("Precision")]
    assert len(said) == 1 and "(1,200 matched, 0 false, 0 missed; match distance 15 m)" in said[0], fb.infos


def test_evaluatedetections_mean_location_error_is_not_grouped(qgis_processing):
    """'mean location error 1500.2 m' as the English text always wrote it ('{:.1f}', no thousands separator): it
    became '1,500.2' (and '1.500,2' in German) when the numbers were written as QGIS writes them."""
    import processing

    points = [(125.0 + 0.1 * i, 39.0) for i in range(3)]
    moved = [(lon, lat + 0.0135) for lon, lat in points]  # about 1.5 km north
    fb = Feedback()
    processing.run("basestationmapper:evaluatedetections", {
        "DETECTIONS": _stations("found", moved), "REFERENCE": _stations("truth", points), "MATCH_DISTANCE": 5000,
        "OUTPUT": "memory:"}, feedback=fb)
    said = [i for i in fb.infos if i.startswith("Precision")]
    assert len(said) == 1 and re.search(r"mean location error 1\d{3}\.\d m \(3 matched", said[0]), fb.infos
