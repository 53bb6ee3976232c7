"""basestationmapper:evaluatedetections against a hand computation: one-to-one matching within MATCH_DISTANCE,
points in different CRSs, empty layers, a CSV of points.

Found: features without a point (a detection or reference row without geometry) were left out of the counts
without a word; they are now said in a warning naming the parameter and layer."""

from __future__ import annotations

import math

import pytest
from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant
from support.processing_feedback import Feedback

pytestmark = pytest.mark.usefixtures("provider")

LON, LAT = 24.9469, 60.1651


def _fwd(lon, lat, az, dist):
    from pyproj import Geod

    x, y, _ = Geod(ellps="WGS84").fwd(lon, lat, az, dist)
    return float(x), float(y)


def _layer(points, crs="EPSG:4326", confidence=None, name="pts"):
    layer = QgsVectorLayer(f"Point?crs={crs}", name, "memory")
    layer.dataProvider().addAttributes([QgsField("confidence", QVariant.Type.Double)])
    layer.updateFields()
    feats = []
    for k, (x, y) in enumerate(points):
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        f.setAttributes([None if confidence is None else confidence[k]])
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def _to(crs, points):
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    return [t.transform(x, y) for x, y in points]


def _run(det, ref, feedback=None, **params):
    import processing

    return processing.run("basestationmapper:evaluatedetections", {"DETECTIONS": det, "REFERENCE": ref,
                                                                    "OUTPUT": "TEMPORARY_OUTPUT", **params},
                          feedback=feedback)


def _row(out):
    feat = next(out["OUTPUT"].getFeatures())
    return dict(zip(out["OUTPUT"].fields().names(), feat.attributes()))


def test_matching_is_one_to_one_and_optimal_against_a_hand_computation():
    # R1, R2 12 m apart; D1 between them (6 m from each), D2 10 m beyond R2 (22 m from R1);
    # two detections D3, D4 at 3 m and 5 m of R3; D5 far from everything; R4 unmatched
    r1 = (LON, LAT)
    r2 = _fwd(LON, LAT, 90, 12)
    d1 = _fwd(LON, LAT, 90, 6)
    d2 = _fwd(*r2, 90, 10)
    r3 = _fwd(LON, LAT, 0, 500)
    d3, d4 = _fwd(*r3, 180, 3), _fwd(*r3, 0, 5)
    d5 = _fwd(LON, LAT, 200, 900)
    r4 = _fwd(LON, LAT, 300, 700)
    refs, dets = [r1, r2, r3, r4], [d1, d2, d3, d4, d5]
    # hand: D1-R1 (6 m), D2-R2 (10 m), D3-R3 (3 m); D4, D5 false; R4 missed
    tp, fp, fn = 3, 2, 1
    precision, recall = tp / 5, tp / 4
    f1 = 2 * precision * recall / (precision + recall)
    mean = (6 + 10 + 3) / 3
    # detections in ETRS-TM35FIN, references in WGS84
    out = _run(_layer(_to("EPSG:3067", dets), "EPSG:3067"), _layer(refs), MATCH_DISTANCE=15)
    assert out["PRECISION"] == pytest.approx(precision) and out["RECALL"] == pytest.approx(recall)
    assert out["F1"] == pytest.approx(f1)
    assert out["MEAN_ERROR_M"] == pytest.approx(mean, abs=0.02)  # UTM scale factor: < 0.04 %
    row = _row(out)
    assert (row["true_positives"], row["false_positives"], row["false_negatives"]) == (tp, fp, fn)
    assert (row["detections"], row["references"]) == (5, 4)
    # the other way round (references projected, detections in degrees): the same numbers
    again = _run(_layer(dets), _layer(_to("EPSG:3067", refs), "EPSG:3067"), MATCH_DISTANCE=15)
    assert again["F1"] == pytest.approx(f1) and again["MEAN_ERROR_M"] == pytest.approx(mean, abs=0.02)


def test_min_confidence_and_empty_layers():
    refs = [(LON, LAT), _fwd(LON, LAT, 90, 300)]
    dets = [_fwd(LON, LAT, 0, 4), _fwd(LON, LAT, 90, 302)]
    out = _run(_layer(dets, confidence=[0.9, 0.2]), _layer(refs), MIN_CONFIDENCE=0.5)
    assert (out["PRECISION"], out["RECALL"]) == (1.0, 0.5)
    assert out["MEAN_ERROR_M"] == pytest.approx(4, abs=0.01)
    empty = _run(_layer([]), _layer(refs))
    assert (empty["PRECISION"], empty["RECALL"], empty["F1"]) == (0.0, 0.0, 0.0)
    assert math.isnan(empty["MEAN_ERROR_M"])
    row = _row(empty)
    assert row["mean_error_m"] is None or str(row["mean_error_m"]) == "NULL"
    with pytest.raises(QgsProcessingException, match="REFERENCE"):
        _run(_layer(dets), _layer([], name="towers"))


def test_csv_of_points(tmp_path):
    refs = [(LON, LAT), _fwd(LON, LAT, 90, 300), _fwd(LON, LAT, 0, 300)]
    dets = [_fwd(LON, LAT, 0, 4), _fwd(LON, LAT, 90, 308), _fwd(LON, LAT, 180, 300)]
    ref_csv, det_csv = tmp_path / "towers.csv", tmp_path / "found.csv"
    ref_csv.write_text("name,lon,lat\n" + "".join(f"r{k},{x:.8f},{y:.8f}\n" for k, (x, y) in enumerate(refs)))
    det_csv.write_text("lat;lon;confidence\n" + "".join(f"{y:.8f};{x:.8f};0.{k + 5}\n"
                                                         for k, (x, y) in enumerate(dets)))
    feedback = Feedback()
    out = _run(str(det_csv), str(ref_csv), feedback, MATCH_DISTANCE=10, MIN_CONFIDENCE=0.55)
    # the first detection (0.5) is left out: D2-R2 (8 m) matched; D3 false; R1, R3 missed
    row = _row(out)
    assert (row["true_positives"], row["false_positives"], row["false_negatives"]) == (1, 1, 2), feedback.warnings
    assert out["MEAN_ERROR_M"] == pytest.approx(8, abs=0.01)


def test_features_without_a_point_are_said():
    refs = [(LON, LAT), _fwd(LON, LAT, 90, 300)]
    dets = _layer([_fwd(LON, LAT, 0, 4)], name="found")
    ref = _layer(refs, name="towers")
    for layer in (dets, ref):
        blank = QgsFeature(layer.fields())
        layer.dataProvider().addFeatures([blank, QgsFeature(blank)])
    feedback = Feedback()
    out = _run(dets, ref, feedback)
    row = _row(out)
    assert (row["detections"], row["references"], row["true_positives"]) == (1, 2, 1)
    assert "DETECTIONS: 2 features of 'found' have no point and are not evaluated" in feedback.warnings, \
        feedback.warnings
    assert "REFERENCE: 2 features of 'towers' have no point and are not evaluated" in feedback.warnings
