"""Deletions saved to a large Shapefile or GeoJSON station layer under review: the provider numbers its features anew,
and the review matches its queue to them again by position. That read of the whole layer ran on the GUI thread
(QGIS frozen a moment on a large layer); it runs in the task manager, on a snapshot of the layer as saved, while
Accept, Reject, Skip and Back wait for it (they would write to, or show, the feature that had the id before)."""

from __future__ import annotations

import pandas as pd
import pytest
from qgis.core import (
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication
from support.review_read import wait_review
from support.task_pool import HeldPool
from support.waiting import wait_until

from basestation_mapper.plugin.qgis_io import station_layer as sl

N = 1200  # more than READ_IN_TASK_ABOVE: the layer is read in the task manager

DRIVERS = [("ESRI Shapefile", "shp"), ("GeoJSON", "geojson")]


def _station_file(tmp_path, driver, ext, name="candidates"):
    """A file of ``N`` stations s0…s{N-1}: s0 confirmed, the others detected candidates, confidence falling with
    the number (the queue is s1, s2, …), each at its own place. Added to the project."""
    i = pd.RangeIndex(N)
    df = pd.DataFrame({"lon": 125.0 + 0.0007 * i, "lat": 39.0 + 0.001 * (i % 37), "name": [f"s{k}" for k in i],
                       "status": ["confirmed"] + ["candidate"] * (N - 1), "origin": ["manual"] + ["detected"] * (N - 1),
                       "confidence": 1.0 - i / 2000.0})
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = driver
    path = str(tmp_path / f"{name}.{ext}")
    error = QgsVectorFileWriter.writeAsVectorFormatV3(sl.frame_to_memory_layer(df, "m"), path,
                                                      QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error
    layer = QgsVectorLayer(path, name, "ogr")
    assert layer.isValid() and layer.featureCount() == N
    QgsProject.instance().addMapLayer(layer)
    return layer


def _open(plugin, layer):
    section = plugin.dock.sections["stations"]
    section.set_layer(layer)
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    wait_review(review)
    assert review.queue and not review.reading()
    return section, review


def _names(layer, fids):
    return [layer.getFeature(fid)["name"] for fid in fids]


def _statuses(layer):
    return {f["name"]: f["status"] for f in layer.getFeatures()}


def _add_candidate(layer, review):
    """A candidate added by hand (least confident: it joins the end of the queue, under its id of the edit
    buffer)."""
    added = QgsFeature(layer.fields())
    added.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(126.5, 39.5)))
    added["name"], added["status"], added["confidence"] = "new", "candidate", 0.01
    assert layer.addFeature(added)
    wait_until(lambda: not review._requeue_timer.isActive())
    assert review.queue[-1] < 0


def _waits(review, plugin, layer):
    """The queue waits for the match: the panel says it reads the layer, nothing can be decided, skipped nor gone
    back to, by button, key or call, and nothing is written."""
    assert review.reading() and review.current_label.text().startswith(f"Reading {layer.name()}…")
    assert not any(button.isEnabled() for button in review.buttons.values())
    assert not any(action.isEnabled() for action in review.actions.values())
    statuses, pos = _statuses(layer), review.pos
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)
    review.accept()
    review.reject()
    review.skip()
    review.back()
    assert _statuses(layer) == statuses and review.pos == pos


@pytest.mark.parametrize("add", [True, False], ids=["with an addition", "deletion only"])
@pytest.mark.parametrize("driver, ext", DRIVERS)
def test_deletions_saved_to_a_large_file_are_matched_in_the_background(plugin, tmp_path, python_errors, driver,
                                                                       ext, add):
    layer = _station_file(tmp_path, driver, ext)
    section, review = _open(plugin, layer)
    assert _names(layer, review.queue[:3]) == ["s1", "s2", "s3"]
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)  # s1
    QTest.mouseClick(review.buttons["skip"], Qt.MouseButton.LeftButton)  # s2 left open
    QTest.mouseClick(review.buttons["reject"], Qt.MouseButton.LeftButton)  # s3
    assert review.current_label.text().startswith(f"4/{N - 1:,} · s4")
    if add:
        _add_candidate(layer, review)
    layer.deleteFeature(next(f.id() for f in layer.getFeatures() if f["name"] == "s2"))  # the attribute table
    layer.deleteFeature(next(f.id() for f in layer.getFeatures() if f["name"] == "s500"))
    QApplication.processEvents()
    n = N - 3 + add
    reads = review.layer_reads
    pool = HeldPool()  # the match is surely not done before it is looked at
    try:
        assert section.save_edits()
        QApplication.processEvents()
        assert review.reading() and review.layer_reads == reads + 1
        _waits(review, plugin, layer)
    finally:
        pool.release()
    wait_review(review)
    assert not review.reading()
    assert min(review.queue) >= 0 and len(review.queue) == n
    assert _names(layer, review.queue[:4]) == ["s1", "s3", "s4", "s5"]
    assert "s500" not in _names(layer, review.queue)
    assert _names(layer, review.queue[-1:]) == (["new"] if add else [f"s{N - 1}"])
    assert {layer.getFeature(fid)["name"]: d for fid, d in review.decided.items()} == {"s1": "accept",
                                                                                       "s3": "reject"}
    assert _names(layer, review._trail) == ["s1", "s3"]
    assert review.current_label.text().startswith(f"3/{n:,} · s4") and review.progress.value() == 2
    assert review.buttons["accept"].isEnabled() and review.actions["accept"].isEnabled() is review.isVisible()
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)
    statuses = _statuses(layer)
    assert (statuses["s0"], statuses["s1"], statuses["s3"], statuses["s4"], statuses["s5"]) == (
        "confirmed", "confirmed", "rejected", "confirmed", "candidate")
    assert "s2" not in statuses and sum(s != "candidate" for s in statuses.values()) == 4
    assert review.current_label.text().startswith(f"4/{n:,} · s5") and review.progress.value() == 3
    layer.undoStack().undo()  # Ctrl+Z: the decision taken back, its candidate (under its new id) shown again
    QApplication.processEvents()
    assert review.current_label.text().startswith(f"3/{n:,} · s4") and review.progress.value() == 2
    assert python_errors == []


@pytest.mark.parametrize("driver, ext", DRIVERS)
def test_saved_again_before_the_match_ends(plugin, tmp_path, python_errors, driver, ext):
    """The layer saved again (another deletion) before the features saved first were matched: the queue is matched
    at once, then to the features the second save numbers anew."""
    layer = _station_file(tmp_path, driver, ext)
    section, review = _open(plugin, layer)
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)  # s1
    layer.deleteFeature(next(f.id() for f in layer.getFeatures() if f["name"] == "s2"))  # shown: s3 comes up
    QApplication.processEvents()
    pool = HeldPool()
    try:
        assert section.save_edits()
        QApplication.processEvents()
        _waits(review, plugin, layer)
        layer.startEditing()
        layer.deleteFeature(next(f.id() for f in layer.getFeatures() if f["name"] == "s4"))
        assert section.save_edits()
        QApplication.processEvents()
        assert review.reading()
        _waits(review, plugin, layer)
    finally:
        pool.release()
    wait_review(review)
    assert min(review.queue) >= 0 and len(review.queue) == N - 3
    assert _names(layer, review.queue[:3]) == ["s1", "s3", "s5"]
    assert review.current_label.text().startswith(f"2/{N - 3:,} · s3") and review.progress.value() == 1
    QTest.mouseClick(review.buttons["reject"], Qt.MouseButton.LeftButton)
    statuses = _statuses(layer)
    assert (statuses["s1"], statuses["s3"], statuses["s5"]) == ("confirmed", "rejected", "candidate")
    assert python_errors == []


def test_another_layer_chosen_before_the_match_ends(plugin, tmp_path, python_errors):
    """Another layer chosen while the queue waits for the match: the decisions on the layer left are kept under
    the ids its features have now, and counted when it is chosen again."""
    layer = _station_file(tmp_path, *DRIVERS[0])
    other = _station_file(tmp_path, *DRIVERS[1], name="other")
    section, review = _open(plugin, layer)
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)  # s1
    QTest.mouseClick(review.buttons["reject"], Qt.MouseButton.LeftButton)  # s2
    layer.deleteFeature(next(f.id() for f in layer.getFeatures() if f["name"] == "s0"))
    QApplication.processEvents()
    pool = HeldPool()
    try:
        assert section.save_edits()
        QApplication.processEvents()
        _waits(review, plugin, layer)
        review.set_layer(other)
        assert review.current_layer() is other
    finally:
        pool.release()
    wait_review(review)
    assert _names(other, review.queue[:1]) == ["s1"] and review.decided == {}
    review.set_layer(layer)
    wait_review(review)
    assert {layer.getFeature(fid)["name"]: d for fid, d in review.decided.items()} == {"s1": "accept",
                                                                                       "s2": "reject"}
    assert _names(layer, review.queue[:3]) == ["s1", "s2", "s3"]
    assert review.current_label.text().startswith(f"3/{N - 1:,} · s3")
    assert python_errors == []


def test_the_match_canceled_in_the_task_manager(plugin, tmp_path, python_errors):
    """The match canceled in QGIS's task manager: the review shows no layer (its queue held ids the features no
    longer have); chosen again, the layer is read anew, its queue holds its features' ids and the decision taken
    before counts (read from the layer)."""
    layer = _station_file(tmp_path, *DRIVERS[0])
    section, review = _open(plugin, layer)
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)  # s1
    layer.deleteFeature(next(f.id() for f in layer.getFeatures() if f["name"] == "s0"))
    QApplication.processEvents()
    pool = HeldPool()
    try:
        assert section.save_edits()
        QApplication.processEvents()
        _waits(review, plugin, layer)
        review._read_task.cancel()
    finally:
        pool.release()
    wait_review(review)
    assert review.current_layer() is None and review.queue == [] and not review.reading()
    review.set_layer(layer)
    wait_review(review)
    assert _names(layer, review.queue[:3]) == ["s1", "s2", "s3"] and len(review.queue) == N - 1
    assert {layer.getFeature(fid)["name"]: d for fid, d in review.decided.items()} == {"s1": "accept"}
    assert review.current_label.text().startswith(f"2/{N - 1:,} · s2")
    QTest.mouseClick(review.buttons["reject"], Qt.MouseButton.LeftButton)
    statuses = _statuses(layer)
    assert (statuses["s1"], statuses["s2"], statuses["s3"]) == ("confirmed", "rejected", "candidate")
    assert python_errors == []
