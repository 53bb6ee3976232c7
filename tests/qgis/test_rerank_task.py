"""Re-rank in QGIS's task manager: the layer read first, the model fitted in a task, the scores written
into the edit buffer when it ends; Cancel leaves the layer as it was."""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest
from qgis.core import QgsApplication, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from support.rerank import wait_rerank
from support.review_read import wait_review
from support.task_pool import HeldPool, hold_work, wait_result

from basestation_mapper.plugin.core.stations import default_record
from basestation_mapper.plugin.qgis_io import station_layer as sl
from basestation_mapper.plugin.qgis_io.imagery import write_candidates

CLOSED = "Re-rank canceled: the project was closed while re-ranking; nothing was changed."


def _candidates(n, seed):
    """Detected candidates whose feature vectors tell towers (every other one) from the rest; the detector's
    confidence is random."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        f = [0.4, 0.8, 30, 1, 0.4, 2, 0, 0.3, 0.2, 0.2, 1, 0, 2, 0, 0.3, 1, 1, 1, 1, 0, 0, 0.1]
        f[8] = (0.8 if i % 2 else 0.1) + 0.1 * float(rng.random())
        rows.append(default_record(status="candidate", origin="detected", confidence=round(float(rng.random()), 4),
                                   source="scene.tif", image_date="2020-03-01", detector="mast-shadow 3.4",
                                   features=json.dumps(f), lon=125.5 + 0.0005 * i, lat=39.0))
    return pd.DataFrame(rows)


def _reviewed_layer(plugin, tmp_path, n=2000, decisions=20, seed=9):
    """A GeoPackage of ``n`` candidates under review, ``decisions`` of them decided (in the edit buffer)."""
    layer = sl.create_station_gpkg(str(tmp_path / "stations.gpkg"), name="stations")
    QgsProject.instance().addMapLayer(layer)
    write_candidates(layer, _candidates(n, seed))
    section = plugin.dock.sections["detection"]
    section.detection.target_combo.setLayer(layer)
    review = section.review
    review.set_layer(layer)
    wait_review(review)  # read in the background when large
    towers = {f.id(): json.loads(f["features"])[8] > 0.5 for f in layer.getFeatures()}
    for _ in range(decisions):
        QTest.mouseClick(review.buttons["accept" if towers[review.current_fid()] else "reject"],
                         Qt.MouseButton.LeftButton)
    return layer, section


def _scores(layer):
    return {f.id(): (f["status"], f["confidence"], f["updated_at"]) for f in layer.getFeatures()}


def _tasks_end(timeout=60.0):
    manager = QgsApplication.taskManager()
    start = time.time()
    while manager.countActiveTasks():
        QgsApplication.processEvents()
        assert time.time() - start < timeout, "tasks still running"
        time.sleep(0.005)
    for _ in range(5):
        QgsApplication.processEvents()


def test_rerank_runs_in_the_task_manager_and_writes_the_scores_when_it_ends(plugin, tmp_path, python_errors):
    """Re-rank of 2,000 candidates ran on QGIS's main thread (about half a second frozen, more on large layers)
    without progress or Cancel. It now runs in the task manager, the progress and Cancel shown in the panel;
    the layer is untouched until the task ends, then the scores are one undo step in its edit buffer."""
    layer, section = _reviewed_layer(plugin, tmp_path)
    panel = section.detection
    before = _scores(layer)
    undo_index = layer.undoStack().index()
    progress = []
    panel.rerank_progress.valueChanged.connect(progress.append)

    QTest.mouseClick(panel.rerank_button, Qt.MouseButton.LeftButton)
    task = panel.rerank_task
    assert task is not None and task in QgsApplication.taskManager().tasks()
    assert not panel.rerank_button.isEnabled() and not panel.rerank_busy.isHidden()
    assert panel.rerank_cancel_button.isEnabled()
    assert _scores(layer) == before  # nothing written while it runs
    assert panel.status_label.text().startswith("Re-ranking the candidates of stations")
    _tasks_end()
    assert panel.rerank_task is None
    assert progress and max(progress) == 100

    after = _scores(layer)
    changed = [fid for fid in after if after[fid][1] != before[fid][1]]
    assert panel.last_gain["updated"] == 1980 and len(changed) > 1900
    assert all(after[fid][0] == "candidate" for fid in changed)
    assert layer.undoStack().index() == undo_index + 1  # one undo step
    assert panel.status_label.text().startswith("Re-ranked 1,980 candidates")
    assert panel.rerank_button.isEnabled() and panel.rerank_busy.isHidden()
    layer.undoStack().undo()
    assert _scores(layer) == before
    assert not python_errors


def test_cancel_rerank_leaves_the_layer_untouched(plugin, tmp_path, python_errors):
    """Cancel re-rank: no score written (none half-written), no undo step, the layer not put in edit mode."""
    layer, section = _reviewed_layer(plugin, tmp_path)
    panel = section.detection
    assert layer.commitChanges(), layer.commitErrors()  # the decisions saved: a layer not being edited
    before = _scores(layer)

    QTest.mouseClick(panel.rerank_button, Qt.MouseButton.LeftButton)
    assert panel.rerank_task is not None
    QTest.mouseClick(panel.rerank_cancel_button, Qt.MouseButton.LeftButton)
    _tasks_end()
    assert panel.rerank_task is None
    assert _scores(layer) == before
    assert not layer.isEditable() and not layer.isModified()
    assert panel.status_label.text() == "Re-rank canceled: the candidates keep their scores."
    assert panel.rerank_button.isEnabled() and panel.rerank_busy.isHidden()
    assert not python_errors


def test_a_candidate_decided_while_reranking_keeps_its_score(plugin, tmp_path):
    """The analyst goes on reviewing while the task runs: the candidate accepted meanwhile keeps its
    confidence (the re-rank scored it as open), the others get theirs."""
    layer, section = _reviewed_layer(plugin, tmp_path, n=400)
    panel, review = section.detection, section.review
    QTest.mouseClick(panel.rerank_button, Qt.MouseButton.LeftButton)
    decided = review.current_fid()
    confidence = layer.getFeature(decided)["confidence"]
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)
    wait_rerank(panel)
    assert panel.last_gain["updated"] == 379
    feature = layer.getFeature(decided)
    assert feature["status"] == "confirmed" and feature["confidence"] == confidence


def test_edits_saved_while_reranking_are_not_overwritten(plugin, tmp_path):
    """The edits saved while the task runs (feature ids of a GeoPackage's new features change): nothing is
    written and the panel says to re-rank again."""
    layer, section = _reviewed_layer(plugin, tmp_path, n=400)
    panel = section.detection
    QTest.mouseClick(panel.rerank_button, Qt.MouseButton.LeftButton)
    assert layer.commitChanges(), layer.commitErrors()
    saved = _scores(layer)
    wait_rerank(panel)
    assert _scores(layer) == saved and not layer.isEditable()
    assert panel.status_label.text().startswith("Not re-ranked: the edits of stations were saved or canceled")


def test_the_layer_removed_while_reranking_is_named(plugin, tmp_path, python_errors):
    """The station layer removed from the project while the task runs: the panel said 'the station layer was
    removed', whichever it was; it names it."""
    layer, section = _reviewed_layer(plugin, tmp_path, n=400)
    layer.setName("north survey")
    panel = section.detection
    QTest.mouseClick(panel.rerank_button, Qt.MouseButton.LeftButton)
    assert panel.rerank_task is not None
    QgsProject.instance().removeMapLayer(layer.id())
    wait_rerank(panel)
    assert panel.status_label.text() == "Not re-ranked: north survey was removed from the project."
    assert not python_errors


def test_a_project_opened_while_reranking_gets_nothing_from_it(plugin, tmp_path, python_errors):
    """Another project opened (or File › New) while the task runs: the re-rank is canceled, the layer's file
    keeps its scores and the new project's panel says the re-rank was canceled by the close."""
    layer, section = _reviewed_layer(plugin, tmp_path, n=400)
    panel = section.detection
    assert layer.commitChanges(), layer.commitErrors()
    saved = _scores(layer)
    project = QgsProject.instance()
    path = str(tmp_path / "review.qgz")
    assert project.write(path)
    QTest.mouseClick(panel.rerank_button, Qt.MouseButton.LeftButton)
    assert panel.rerank_task is not None
    assert project.read(path)
    _tasks_end()
    assert panel.rerank_task is None and panel.status_label.text() == CLOSED
    assert panel.rerank_button.isEnabled() and panel.rerank_busy.isHidden()
    reopened = project.mapLayersByName("stations")[0]
    assert _scores(reopened) == saved and not reopened.isEditable()
    project.clear()
    assert not python_errors


def test_a_read_only_layer_is_said_before_reranking(plugin, tmp_path):
    """A layer set read-only in QGIS (not being edited): the re-rank wrote its scores through the data provider
    all the same, past the setting and out of reach of Undo; it is now refused at once, saying why, and
    nothing runs."""
    layer, section = _reviewed_layer(plugin, tmp_path, n=100)
    panel = section.detection
    assert layer.commitChanges(), layer.commitErrors()
    layer.setReadOnly(True)
    before = _scores(layer)
    QTest.mouseClick(panel.rerank_button, Qt.MouseButton.LeftButton)
    assert panel.rerank_task is None
    assert panel.status_label.text() == "stations is read-only: its candidates cannot be re-scored."
    assert _scores(layer) == before and not layer.isEditable()


def test_the_queue_takes_the_new_order_without_reading_the_layer_again(plugin, tmp_path):
    """After a re-rank the review read the whole layer again to order its queue (a layer holding a network read
    for the candidates' new order); it now orders the queue from the scores written, the same order a rebuild
    from the layer gives, the decided ones first, the most likely candidate shown."""
    layer, section = _reviewed_layer(plugin, tmp_path, n=600, decisions=16)
    review = section.review
    QTest.mouseClick(review.buttons["skip"], Qt.MouseButton.LeftButton)  # a candidate skipped: open, not decided
    decided = dict(review.decided)
    reads = review.layer_reads
    QTest.mouseClick(section.detection.rerank_button, Qt.MouseButton.LeftButton)
    decided[review.current_fid()] = "accept"
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)  # decided while the task runs
    wait_rerank(section.detection)
    assert section.detection.last_gain["updated"] == 583
    assert review.layer_reads == reads
    queue, shown = list(review.queue), review.current_fid()
    assert review.decided == decided and queue[:17] == list(decided)
    open_ = {f.id(): f["confidence"] for f in layer.getFeatures() if f["status"] == "candidate"}
    assert queue[17:] == sorted(sorted(open_), key=lambda fid: -open_[fid]) and shown == queue[17]
    review.refresh()  # rebuilt from the layer: the same queue
    assert review.queue == queue and review.current_fid() == shown


@pytest.mark.parametrize("when", ["not started", "running", "failed", "scores on their way"])
def test_the_project_closed_while_reranking_says_so_whenever_the_rerank_ends(plugin, tmp_path, python_errors, when):
    """File › New while a re-rank is queued, running, failing or its scores on their way: the panel said nothing (the
    detection beside it says it was canceled); it says the re-rank was canceled by the close, nothing changed,
    from the close on and when the task ends, its progress reset."""
    layer, section = _reviewed_layer(plugin, tmp_path, n=400)
    panel = section.detection
    assert layer.commitChanges(), layer.commitErrors()
    saved = _scores(layer)
    _tasks_end()
    pool, gate = HeldPool(), None
    try:
        QTest.mouseClick(panel.rerank_button, Qt.MouseButton.LeftButton)
        task = panel.rerank_task
        assert task is not None
        if when != "not started":
            inside, gate = hold_work(task, fail_with=ValueError("singular matrix") if when == "failed" else None)
            pool.release_one()
            assert inside.wait(60.0)  # the task is in its work
            if when == "scores on their way":
                gate.set()
                wait_result(task)  # no events processed: its end cannot reach the panel
        QgsProject.instance().clear()
        assert panel.status_label.text() == CLOSED
        assert panel.rerank_progress.value() == 0
    finally:
        if gate is not None:
            gate.set()
        pool.release()
    _tasks_end()
    assert panel.rerank_task is None
    assert panel.status_label.text() == CLOSED
    assert panel.rerank_button.isEnabled() and panel.rerank_busy.isHidden()
    assert panel.rerank_progress.value() == 0
    reopened = QgsVectorLayer(str(tmp_path / "stations.gpkg"), "stations", "ogr")
    assert _scores(reopened) == saved
    assert not python_errors
