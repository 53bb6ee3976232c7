"""A large station layer chosen for review is read in a background task: the panel says 'Reading…' and fills its
queue when the read ends; another layer chosen, the layer removed or the read canceled leave it consistent."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from qgis.core import QgsApplication, QgsProject
from support.review_read import wait_review
from support.task_pool import HeldPool, hold_work, wait_result

from basestation_mapper.plugin.qgis_io import station_layer as sl


def _candidates(tmp_path, name, n, seed, source):
    """A GeoPackage of ``n`` candidates (seeded confidences) from the image ``source``, added to the project."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"lon": 125.5 + rng.random(n), "lat": 38.5 + rng.random(n),
                       "name": [f"{name}{i}" for i in range(n)], "status": "candidate",
                       "confidence": np.round(rng.random(n), 6), "source": source, "image_date": "2021-04-02",
                       "first_seen": "2021-04-02"})
    layer = sl.write_frame_to_gpkg(df, str(tmp_path / f"{name}.gpkg"), name=name)
    QgsProject.instance().addMapLayer(layer)
    return layer


def _expected_queue(layer):
    """The candidates, highest confidence first (ties by feature id), read here from the layer."""
    pairs = [(f.id(), f["confidence"]) for f in layer.getFeatures()]
    return [fid for fid, _ in sorted(sorted(pairs), key=lambda p: -p[1])]


def test_a_large_layer_is_read_in_a_task_and_its_queue_filled_when_read(plugin, tmp_path, python_errors):
    """Choosing a layer of 3,000 candidates read it whole on the GUI thread (QGIS frozen for that time); the
    panel says 'Reading…' at once, with no candidate to decide, and shows the queue once the task has read it."""
    from basestation_mapper.plugin.ui.review_panel import READ_IN_TASK_ABOVE

    layer = _candidates(tmp_path, "survey", 3000, seed=21, source="a.tif")
    assert layer.featureCount() > READ_IN_TASK_ABOVE
    review = plugin.dock.sections["detection"].review
    reads = review.layer_reads
    review.set_layer(layer)
    assert review.reading() and review.queue == []
    assert review.current_label.text().startswith("Reading survey…")
    assert not review.buttons["accept"].isEnabled() and review.summary() == ""
    wait_review(review)
    assert not review.reading() and review.layer_reads == reads + 1
    assert review.queue == _expected_queue(layer) and review.pos == 0
    assert review.current_label.text().startswith("1/3,000 · survey")
    assert review.buttons["accept"].isEnabled() and review.summary() == "review 0/3,000"
    assert [review.source_filter.itemData(i) for i in range(review.source_filter.count())] == ["", "a.tif"]
    assert review.chart.data == {}
    review.buttons["accept"].click()
    assert review.progress.value() == 1 and review.chart.data == {2021: 1}
    assert python_errors == []


def test_another_layer_chosen_while_reading_shows_that_layers_queue(plugin, tmp_path, python_errors):
    """A layer chosen while another one is being read: the first read is let go of (its queue never shown,
    nor its images in the filter) and the panel shows the queue of the layer chosen."""
    first = _candidates(tmp_path, "first", 3000, seed=22, source="a.tif")
    second = _candidates(tmp_path, "second", 2500, seed=23, source="b.tif")
    review = plugin.dock.sections["detection"].review
    review.set_layer(first)
    assert review.reading()
    review.set_layer(second)
    assert review.reading() and review.current_label.text().startswith("Reading second…")
    wait_review(review)
    assert review.current_layer() is second
    assert review.queue == _expected_queue(second)
    assert [review.source_filter.itemData(i) for i in range(review.source_filter.count())] == ["", "b.tif"]
    # and back to the first one (read again), then a small layer chosen while it is read: read at once
    review.set_layer(first)
    small = _candidates(tmp_path, "small", 40, seed=24, source="c.tif")
    review.set_layer(small)
    assert not review.reading() and review.queue == _expected_queue(small)
    wait_review(review)
    assert review.current_layer() is small and review.queue == _expected_queue(small)
    assert python_errors == []


def test_a_layer_removed_while_reading_is_not_read_again(plugin, tmp_path, python_errors):
    layer = _candidates(tmp_path, "gone", 3000, seed=25, source="a.tif")
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    reads = review.layer_reads
    assert review.reading()
    QgsProject.instance().removeMapLayer(layer.id())
    assert not review.reading()
    wait_review(review)
    assert review.current_layer() is None and review.queue == []
    assert review.current_label.text().startswith("Choose a station layer")
    assert review.layer_reads == reads and python_errors == []


def test_a_read_canceled_in_the_task_manager_leaves_the_review_without_a_layer(plugin, tmp_path, python_errors):
    layer = _candidates(tmp_path, "halted", 3000, seed=26, source="a.tif")
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    task = review._read_task
    assert task is not None
    task.cancel()  # the task manager's cancel button
    wait_review(review)
    assert not review.reading() and review.current_layer() is None and review.queue == []
    assert review.current_label.text().startswith("Choose a station layer")
    review.set_layer(layer)  # chosen again: read again
    wait_review(review)
    assert review.queue == _expected_queue(layer)
    assert python_errors == []


def test_edits_while_reading_are_in_the_queue(plugin, tmp_path, python_errors):
    """A candidate confirmed in the attribute table while the layer is read: the layer is read again, the queue
    counts it."""
    layer = _candidates(tmp_path, "edited", 3000, seed=27, source="a.tif")
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    assert review.reading()
    fid = next(layer.getFeatures()).id()
    layer.startEditing()
    layer.changeAttributeValue(fid, layer.fields().indexOf("status"), "rejected")
    wait_review(review)
    assert fid not in review.queue and len(review.queue) == 2999
    layer.rollBack()
    wait_review(review)
    assert len(review.queue) == 3000 and python_errors == []


def test_the_plugin_unloaded_while_reading(qgis_iface, qgis_new_project, qgis_processing, tmp_path, python_errors):
    import basestation_mapper

    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    review = plugin.dock.sections["detection"].review
    try:
        layer = _candidates(tmp_path, "closing", 3000, seed=28, source="a.tif")
        review.set_layer(layer)
        assert review.reading()
    finally:
        plugin.unload()
    assert not review.reading()
    wait_review(review)
    assert review.queue == [] and python_errors == []


def test_a_filter_restored_with_the_project_is_chosen_once_the_layer_is_read(plugin, tmp_path, python_errors):
    """The review's image filter saved in the project names an image of the layer, known only once it is read:
    it is chosen then (and the state saved meanwhile keeps it)."""
    sources = ["a.tif", "b.tif"] * 1500
    layer = _candidates(tmp_path, "two images", 3000, seed=29, source=sources)
    review = plugin.dock.sections["detection"].review
    review.restore_state({"layer": layer.id(), "source": "b.tif", "date": ""})
    assert review.reading() and review.state()["source"] == "b.tif"
    wait_review(review)
    assert review.source_filter.currentData() == "b.tif"
    from_b = {f.id() for f in layer.getFeatures() if f["source"] == "b.tif"}
    assert set(review.queue) == from_b and len(review.queue) == 1500
    assert python_errors == []


def _until(condition, timeout=60.0):
    """Events processed until ``condition()`` (a bound against a hang only)."""
    import time

    began = time.time()
    while not condition():
        QgsApplication.processEvents()
        assert time.time() - began < timeout, "the condition was not met"
        time.sleep(0.005)


def _filtered_queue(layer, source):
    """The candidates of the image ``source``, highest confidence first (ties by feature id)."""
    pairs = [(f.id(), f["confidence"]) for f in layer.getFeatures()
             if f["status"] == "candidate" and f["source"] == source]
    return [fid for fid, _ in sorted(sorted(pairs), key=lambda p: -p[1])]


def test_a_filter_chosen_on_a_large_layer_reads_it_not_again(plugin, tmp_path, python_errors):
    """Another image chosen in the filter read the 3,000 candidates again on the GUI thread; the queue is rebuilt
    from the layer as read, kept up to date with the decisions taken since."""
    layer = _candidates(tmp_path, "filtered", 3000, seed=30, source=["a.tif", "b.tif"] * 1500)
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    wait_review(review)
    reads = review.layer_reads
    first = review.current_fid()
    review.buttons["accept"].click()
    review.source_filter.setCurrentIndex(review.source_filter.findData("b.tif"))
    assert not review.reading() and review.layer_reads == reads
    expected = _filtered_queue(layer, "b.tif")
    assert review.queue[len(review.decided):] == expected and len(expected) == 1500 - (first in expected)
    review.source_filter.setCurrentIndex(review.source_filter.findData("a.tif"))
    assert review.layer_reads == reads
    assert layer.getFeature(first)["status"] == "confirmed"
    assert review.queue[len(review.decided):] == _filtered_queue(layer, "a.tif")
    assert review.decided == ({first: "accept"} if layer.getFeature(first)["source"] == "a.tif" else {})
    # the layer reloaded (its data changed outside QGIS's edits): the next filter reads it again, in a task
    layer.commitChanges()
    layer.reload()
    review.source_filter.setCurrentIndex(review.source_filter.findData("b.tif"))
    assert review.reading()
    wait_review(review)
    assert review.layer_reads == reads + 1
    assert review.queue[len(review.decided):] == _filtered_queue(layer, "b.tif")
    assert python_errors == []


def test_edits_canceled_on_a_large_layer_are_read_in_a_task(plugin, tmp_path, python_errors):
    """Edits canceled (Rollback) read the 3,000 candidates again on the GUI thread; they are read in a task, the
    decision not saved open again once read."""
    layer = _candidates(tmp_path, "rolled", 3000, seed=31, source="a.tif")
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    wait_review(review)
    reads = review.layer_reads
    review.buttons["accept"].click()
    assert review.decided and layer.isEditable()
    layer.rollBack()
    assert review.reading() and review.current_label.text().startswith("Reading rolled…")
    wait_review(review)
    assert review.layer_reads == reads + 1
    assert review.decided == {} and review.queue == _expected_queue(layer) and review.pos == 0
    assert python_errors == []


def test_candidates_added_and_saved_in_a_large_layer_are_queued_without_reading_it(plugin, tmp_path, python_errors):
    """Candidates added to a large layer under review joined the queue by reading the 3,000 candidates again on
    the GUI thread; they join it from the layer as read, and keep their place under their final ids once saved,
    the layer not read again (a filter chosen then neither)."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    layer = _candidates(tmp_path, "grown", 3000, seed=32, source="a.tif")
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    wait_review(review)
    reads = review.layer_reads
    layer.startEditing()
    for i, confidence in enumerate((0.15, 0.25, 0.35)):
        feat = QgsFeature(layer.fields())
        feat["name"], feat["status"], feat["confidence"] = f"added{i}", "candidate", confidence
        feat["source"], feat["image_date"] = "c.tif", "2022-01-01"
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(126.0, 39.0)))
        assert layer.addFeature(feat)
    _until(lambda: not review._requeue_timer.isActive())
    assert review.layer_reads == reads and not review.reading()
    assert len(review.queue) == 3003 and all(fid < 0 for fid in review.queue[-3:])
    assert "c.tif" in [review.source_filter.itemData(i) for i in range(review.source_filter.count())]
    assert layer.commitChanges()
    _until(lambda: not review._requeue_timer.isActive())
    wait_review(review)
    assert sorted(review.queue) == sorted(f.id() for f in layer.getFeatures()) and min(review.queue) >= 0
    review.source_filter.setCurrentIndex(review.source_filter.findData("c.tif"))
    assert review.queue == _filtered_queue(layer, "c.tif") and len(review.queue) == 3
    assert [layer.getFeature(fid)["name"] for fid in review.queue] == ["added2", "added1", "added0"]
    assert review.layer_reads == reads and python_errors == []


def test_closing_the_dock_cancels_the_read_and_opening_it_reads_again(plugin, tmp_path, python_errors):
    """The dock closed while a large layer is read: the read went on and filled the queue; it is canceled, nothing
    of it applied, and the layer is read again when the dock opens."""
    window = plugin.iface.mainWindow()
    window.show()
    plugin.dock.show()
    QgsApplication.processEvents()
    layer = _candidates(tmp_path, "unseen", 3000, seed=33, source="a.tif")
    review = plugin.dock.sections["detection"].review
    try:
        review.set_layer(layer)
        task = review._read_task
        assert review.reading() and task is not None
        reads = review.layer_reads
        plugin.dock.close()
        assert not review.reading()
        wait_review(review)
        assert review.queue == [] and review.current_layer() is layer
        assert review.layer_reads == reads
        plugin.dock.show()
        QgsApplication.processEvents()
        assert review.reading()
        wait_review(review)
        assert review.queue == _expected_queue(layer) and review.layer_reads == reads + 1
        # closed with nothing to read: opened again, nothing read
        plugin.dock.close()
        plugin.dock.show()
        QgsApplication.processEvents()
        assert not review.reading() and review.layer_reads == reads + 1
        # a layer chosen with the dock closed (toggled off) is read when it opens, the filter chosen then
        other = _candidates(tmp_path, "later", 2000, seed=34, source=["a.tif", "b.tif"] * 1000)
        plugin.dock_action.trigger()
        assert plugin.dock.isHidden()
        review.restore_state({"layer": other.id(), "source": "b.tif", "date": ""})
        assert review.current_layer() is other and not review.reading() and review.queue == []
        assert review.state()["source"] == "b.tif"
        wait_review(review)
        assert review.queue == [] and review.layer_reads == reads + 1
        plugin.dock_action.trigger()
        QgsApplication.processEvents()
        assert review.reading()
        wait_review(review)
        assert review.source_filter.currentData() == "b.tif"
        assert review.queue == _filtered_queue(other, "b.tif") and review.layer_reads == reads + 2
    finally:
        plugin.dock.show()
        window.hide()
    assert python_errors == []


@pytest.mark.parametrize("when", ["not started", "reading", "failed", "read on its way"])
def test_the_project_closed_while_reading_leaves_the_review_of_the_new_project(plugin, qgis_iface, tmp_path,
                                                                               python_errors, when):
    """File › New while the layer under review is read, whatever the read's end then: the review of the new project
    shows no layer and asks for one, nothing of the read applied, nothing said of it in the message bar."""
    from support.message_bar import bar_messages, clear_bar

    layer = _candidates(tmp_path, "closed", 3000, seed=28, source="a.tif")
    review = plugin.dock.sections["detection"].review
    wait_review(review)
    clear_bar(qgis_iface)
    pool, gate = HeldPool(), None
    try:
        review.set_layer(layer)
        task = review._read_task
        assert task is not None
        if when != "not started":
            failure = OSError("closed.gpkg: disk I/O error") if when == "failed" else None
            inside, gate = hold_work(task, fail_with=failure)
            pool.release_one()
            assert inside.wait(60.0)  # the read is in its work
            if when == "read on its way":
                gate.set()
                wait_result(task)  # no events processed: its end cannot reach the panel
        QgsProject.instance().clear()
        assert not review.reading() and review.current_layer() is None
    finally:
        if gate is not None:
            gate.set()
        pool.release()
    wait_review(review)
    assert review.current_layer() is None and review.queue == [] and review.summary() == ""
    assert review.current_label.text().startswith("Choose a station layer")
    assert bar_messages(qgis_iface) == []
    assert python_errors == []
