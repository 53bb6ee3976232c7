"""The review queue: real buttons and keyboard shortcuts write status, reviewed_at, reviewer and seen dates."""

from __future__ import annotations

import pandas as pd
import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication
from support.rerank import click_rerank
from support.review_read import wait_review
from support.stations_qgis import set_canvas

from basestation_mapper.plugin.qgis_io import station_layer as sl
from basestation_mapper.plugin.settings import GeneralSettings


@pytest.fixture
def panel(plugin, tmp_path):
    df = pd.DataFrame({
        "lon": [125.70, 125.72, 125.74, 125.76],
        "lat": [39.00, 39.01, 39.02, 39.03],
        "name": ["low", "high", "mid", "done"],
        "status": ["candidate", "candidate", "candidate", "confirmed"],
        "confidence": [0.3, 0.95, 0.6, 1.0],
        "source": ["a.tif", "b.tif", "a.tif", "a.tif"],
        "image_date": ["2020-03-01", "2022-06-01", "2020-03-01", "2019-01-01"],
        "first_seen": [None, "2018-01-01", None, "2019-01-01"],
        "last_seen": [None, None, None, "2019-01-01"],
    })
    layer = sl.write_frame_to_gpkg(df, str(tmp_path / "cand.gpkg"), name="candidates")
    QgsProject.instance().addMapLayer(layer)
    settings = GeneralSettings.load()
    settings.reviewer = "analyst-kim"
    settings.save()
    set_canvas(plugin.iface.mapCanvas(), "EPSG:3857", (125.72, 39.01), layers=[layer])
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    yield review
    GeneralSettings.reset()


def _by_name(layer):
    return {f["name"]: f for f in layer.getFeatures()}


def test_queue_sorted_by_confidence_and_zooms(panel, plugin):
    assert [panel.current_layer().getFeature(fid)["name"] for fid in panel.queue] == ["high", "mid", "low"]
    assert "1/3" in panel.current_label.text() and "high" in panel.current_label.text()
    canvas = plugin.iface.mapCanvas()
    assert canvas.scale() == pytest.approx(panel.scale.value(), rel=0.02)
    panel.buttons["skip"].click()
    assert "mid" in panel.current_label.text()
    panel.buttons["back"].click()
    assert "high" in panel.current_label.text()
    assert not panel.buttons["back"].isEnabled()


def test_buttons_accept_and_reject(panel):
    layer = panel.current_layer()
    QTest.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)  # "high"
    QTest.mouseClick(panel.buttons["reject"], Qt.MouseButton.LeftButton)  # "mid"
    feats = _by_name(layer)
    assert feats["high"]["status"] == "confirmed" and feats["high"]["reviewer"] == "analyst-kim"
    assert feats["high"]["reviewed_at"]
    assert (feats["high"]["first_seen"], feats["high"]["last_seen"]) == ("2018-01-01", "2022-06-01")
    assert feats["mid"]["status"] == "rejected"
    assert feats["low"]["status"] == "candidate"
    assert panel.progress.value() == 2 and panel.progress.maximum() == 3
    assert panel.chart.data == {2018: 1, 2019: 1}
    layer.undoStack().undo()
    assert _by_name(layer)["mid"]["status"] == "candidate"


def test_keyboard_shortcuts(panel, plugin):
    layer = panel.current_layer()
    window = plugin.iface.mainWindow()
    window.show()
    plugin.dock.show()  # as QGIS's iface.addDockWidget does (pytest-qgis's leaves it hidden)
    window.activateWindow()
    QApplication.setActiveWindow(window)
    QApplication.processEvents()
    assert panel.actions["accept"].shortcut().toString() == "A"
    QTest.keyClick(window, Qt.Key.Key_N)  # skip "high"

    QTest.keyClick(window, Qt.Key.Key_A)  # accept "mid"
    QTest.keyClick(window, Qt.Key.Key_P)  # back to "mid"
    QTest.keyClick(window, Qt.Key.Key_P)  # back to "high"
    QTest.keyClick(window, Qt.Key.Key_R)  # reject "high"
    feats = _by_name(layer)
    assert feats["mid"]["status"] == "confirmed" and feats["mid"]["first_seen"] == "2020-03-01"
    assert feats["high"]["status"] == "rejected"
    assert feats["low"]["status"] == "candidate"


def test_filters_by_image_and_date(panel):
    idx = panel.source_filter.findData("a.tif")
    panel.source_filter.setCurrentIndex(idx)
    assert [panel.current_layer().getFeature(f)["name"] for f in panel.queue] == ["mid", "low"]
    panel.source_filter.setCurrentIndex(0)
    panel.date_filter.setCurrentIndex(panel.date_filter.findData("2022-06-01"))
    assert [panel.current_layer().getFeature(f)["name"] for f in panel.queue] == ["high"]


def test_undo_of_a_decision_reopens_it_in_the_queue(panel):
    """Undo (the layer's undo stack) puts the candidate back: the queue no longer shows it decided."""
    layer = panel.current_layer()
    QTest.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)  # "high", then on to "mid"
    panel.back()
    assert "(accepted)" in panel.current_label.text() and panel.progress.value() == 1
    layer.undoStack().undo()
    assert _by_name(layer)["high"]["status"] == "candidate"
    assert "high" in panel.current_label.text() and "(accepted)" not in panel.current_label.text()
    assert panel.progress.value() == 0


def test_layer_with_date_fields_filters_shows_and_records_dates(plugin, tmp_path):
    """Image and seen dates stored in real Date fields (a GeoPackage made elsewhere) read as dates."""
    from qgis.core import QgsVectorLayer
    from support.stations_qgis import dated_station_gpkg

    path = dated_station_gpkg(tmp_path / "dated.gpkg", [
        {"lon": 125.70, "lat": 39.00, "name": "old", "status": "candidate", "image_date": (2020, 3, 1)},
        {"lon": 125.72, "lat": 39.01, "name": "new", "status": "candidate", "image_date": (2022, 6, 1),
         "first_seen": (2018, 1, 1)}])
    layer = QgsVectorLayer(f"{path}|layername=stations", "dated", "ogr")
    QgsProject.instance().addMapLayer(layer)
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    dates = [review.date_filter.itemData(i) for i in range(1, review.date_filter.count())]
    assert dates == ["2020-03-01", "2022-06-01"]
    review.date_filter.setCurrentIndex(review.date_filter.findData("2022-06-01"))
    assert [layer.getFeature(f)["name"] for f in review.queue] == ["new"]
    assert "2022-06-01" in review.current_label.text() and "QDate" not in review.current_label.text()
    review.buttons["accept"].click()
    assert layer.commitChanges(), layer.commitErrors()
    feat = _by_name(layer)["new"]
    assert feat["status"] == "confirmed"
    assert (feat["first_seen"].toString("yyyy-MM-dd"), feat["last_seen"].toString("yyyy-MM-dd")) == \
        ("2018-01-01", "2022-06-01")


def test_candidate_deleted_while_queued_leaves_the_queue(panel):
    """A candidate deleted in the attribute table while the queue shows it: Accept goes on with the next
    one instead of failing on the missing feature."""
    layer = panel.current_layer()
    shown = panel.current_fid()
    assert layer.getFeature(shown)["name"] == "high"
    assert layer.startEditing()
    assert layer.deleteFeature(shown)
    assert len(panel.queue) == 2 and "1/2" in panel.current_label.text() and "mid" in panel.current_label.text()
    QTest.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)  # "mid"
    assert _by_name(layer)["mid"]["status"] == "confirmed"
    assert "low" in panel.current_label.text() and panel.progress.value() == 1
    # deleted after being decided: the count follows
    assert layer.deleteFeature(next(f.id() for f in layer.getFeatures() if f["name"] == "mid"))
    assert panel.queue == [next(f.id() for f in layer.getFeatures() if f["name"] == "low")]
    assert panel.progress.value() == 0 and "1/1" in panel.current_label.text()
    assert panel.progress.isVisibleTo(panel) and panel.progress.text() == "0 / 1 reviewed"


def test_layer_with_text_confidence_is_reviewed(plugin):
    """Another tool's layer where confidence is text ('high'): shown as is, no error."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string&field=status:string&field=confidence:string",
                           "other tool", "memory")
    feats = []
    for i, conf in enumerate(("high", "0.4")):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([f"t{i}", "candidate", conf])
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(125.7 + i / 100, 39.0)))
        feats.append(feat)
    assert layer.dataProvider().addFeatures(feats)[0]
    QgsProject.instance().addMapLayer(layer)
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    assert "t1" in review.current_label.text() and "0.40" in review.current_label.text()
    review.buttons["skip"].click()
    assert "confidence high" in review.current_label.text()
    review.buttons["reject"].click()
    assert _by_name(layer)["t0"]["status"] == "rejected"


def test_decisions_on_a_long_queue_do_not_read_the_whole_layer(plugin, tmp_path):
    """5,000 candidates: a key press costs a small part of reading the layer once (reading
    the whole layer for the chart would cost 0.2 s a key press here)."""

    import numpy as np

    rng = np.random.default_rng(11)
    n = 5000
    df = pd.DataFrame({"lon": 125.5 + rng.random(n), "lat": 38.5 + rng.random(n),
                       "name": [f"c{i}" for i in range(n)], "status": "candidate", "confidence": rng.random(n),
                       "source": "a.tif", "image_date": "2020-03-01", "first_seen": "2019-05-01"})
    layer = sl.write_frame_to_gpkg(df, str(tmp_path / "many.gpkg"), name="many")
    QgsProject.instance().addMapLayer(layer)
    set_canvas(plugin.iface.mapCanvas(), "EPSG:3857", (126.0, 39.0), layers=[layer])
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    wait_review(review)  # read in the background: a large layer
    assert len(review.queue) == n
    reads = review.layer_reads
    for _ in range(10):
        review.buttons["accept"].click()
    assert review.layer_reads == reads  # a decision reads nothing back
    assert review.progress.value() == 10 and review.chart.data == {2019: 10}


def test_layer_without_status_field_says_why_nothing_is_queued(plugin):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string&field=height:double", "masts", "memory")
    feat = QgsFeature(layer.fields())
    feat.setAttributes(["m1", 30.0])
    feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(125.7, 39.0)))
    assert layer.dataProvider().addFeatures([feat])[0]
    QgsProject.instance().addMapLayer(layer)
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    assert review.queue == [] and not review.buttons["accept"].isEnabled()
    assert "masts has no status field" in review.current_label.text()
    assert not review.progress.isVisibleTo(review)  # not "0 / 1 reviewed"


def test_status_set_in_the_attribute_table_counts_as_a_decision(panel):
    """The analyst rejects a queued candidate in the attribute table: the queue counts it and shows it
    rejected, as if the button had been used."""
    layer = panel.current_layer()
    mid = next(f.id() for f in layer.getFeatures() if f["name"] == "mid")
    assert layer.startEditing()
    assert layer.changeAttributeValue(mid, layer.fields().indexOf("status"), "rejected")
    assert panel.progress.value() == 1
    panel.buttons["skip"].click()
    assert "mid" in panel.current_label.text() and "(rejected)" in panel.current_label.text()
    assert layer.changeAttributeValue(mid, layer.fields().indexOf("status"), "confirmed")
    assert "(accepted)" in panel.current_label.text() and panel.progress.value() == 1
    layer.undoStack().setIndex(0)  # Ctrl+Z until nothing is left
    assert layer.getFeature(mid)["status"] == "candidate"
    assert panel.progress.value() == 0 and "(" not in panel.current_label.text().split("2020-03-01")[-1]


def test_review_keys_act_only_while_the_panel_is_shown(panel, plugin):
    """With the dock closed or the section collapsed, A/R/N/P are QGIS's again (Advanced Digitizing locks
    the angle with A): a key press there must not accept a candidate the analyst cannot see."""
    layer = panel.current_layer()
    window = plugin.iface.mainWindow()
    window.show()
    plugin.dock.show()  # as QGIS's iface.addDockWidget does (pytest-qgis's leaves it hidden)
    window.activateWindow()
    QApplication.setActiveWindow(window)
    QApplication.processEvents()
    assert panel.isVisible() and panel.actions["accept"].isEnabled()
    plugin.dock.hide()
    QApplication.processEvents()
    assert not panel.actions["accept"].isEnabled()
    QTest.keyClick(window, Qt.Key.Key_A)
    assert _by_name(layer)["high"]["status"] == "candidate"
    plugin.dock.show()
    box = plugin.dock.group_boxes["detection"]
    box.setCollapsed(True)
    QApplication.processEvents()
    QTest.keyClick(window, Qt.Key.Key_A)
    assert _by_name(layer)["high"]["status"] == "candidate"
    box.setCollapsed(False)
    QApplication.processEvents()
    assert panel.actions["accept"].isEnabled()
    QTest.keyClick(window, Qt.Key.Key_A)
    assert _by_name(layer)["high"]["status"] == "confirmed"


def test_growth_chart_bars_in_the_technology_colours(plugin, tmp_path):
    """The chart of confirmed stations by year draws each technology in its colour (as the map symbols, the
    coverage fills and the KMZ do), not every station in the 3G blue."""
    from qgis.PyQt.QtGui import QColor

    from basestation_mapper.plugin.core.palette import TECHNOLOGY_COLORS

    df = pd.DataFrame({"lon": [125.70, 125.71, 125.72], "lat": [39.0, 39.0, 39.0], "name": ["a", "b", "c"],
                       "status": ["confirmed"] * 3, "technology": ["2G", "4G", "4G"],
                       "first_seen": ["2018-01-01", "2018-05-01", "2020-01-01"]})
    layer = sl.write_frame_to_gpkg(df, str(tmp_path / "net.gpkg"), name="net")
    QgsProject.instance().addMapLayer(layer)
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    assert review.chart.data == {2018: 2, 2020: 1}
    review.chart.resize(300, 90)
    image = review.chart.grab().toImage()
    seen = {QColor(image.pixel(x, y)).name().upper() for x in range(image.width()) for y in range(image.height())}
    assert TECHNOLOGY_COLORS["2G"] in seen and TECHNOLOGY_COLORS["4G"] in seen
    assert TECHNOLOGY_COLORS["3G"] not in seen


def test_candidates_added_to_the_reviewed_layer_join_the_queue(panel):
    """Candidates added to the layer under review (an import appended to it, a status set back to 'candidate'
    in the attribute table, a new feature) join the queue without losing the decisions already counted."""
    import time

    from qgis.core import QgsApplication, QgsFeature, QgsGeometry, QgsPointXY

    layer = panel.current_layer()
    QTest.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)  # "high"
    assert panel.layer_combo.currentLayer() is layer and len(panel.queue) == 3 and len(panel.decided) == 1
    assert layer.commitChanges()
    # the confirmed "done" station set back to candidate in the attribute table
    done = _by_name(layer)["done"].id()
    layer.startEditing()
    layer.changeAttributeValue(done, layer.fields().indexOf("status"), "candidate")
    # and a new candidate added
    feat = QgsFeature(layer.fields())
    feat["name"], feat["status"], feat["confidence"] = "new", "candidate", 0.7
    feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(125.78, 39.04)))
    layer.addFeature(feat)
    assert layer.commitChanges()  # the new feature gets its final id
    start = time.time()
    while len(panel.queue) < 5:
        QgsApplication.processEvents()
        assert time.time() - start < 5, [layer.getFeature(fid)["name"] for fid in panel.queue]
        time.sleep(0.01)
    names = [layer.getFeature(fid)["name"] for fid in panel.queue]
    assert sorted(names) == ["done", "high", "low", "mid", "new"]
    assert all(fid >= 0 for fid in panel.queue)  # no id of the edit buffer left behind
    assert len(panel.decided) == 1 and "review 1/5" in panel.summary()


def _detected_candidates(n, seed, lon0=125.5, lat0=38.9, span=0.3, source="scene.tif", image_date="2020-03-01"):
    """``n`` candidates as the detection task writes them (status, origin, confidence, source, image date,
    detector and feature vector), at random places of a ``span``-degree square."""
    import json

    import numpy as np

    from basestation_mapper.plugin.core.stations import default_record

    rng = np.random.default_rng(seed)
    return pd.DataFrame([default_record(
        status="candidate", origin="detected", confidence=round(float(rng.random()), 4), source=source,
        image_date=image_date, first_seen=image_date, last_seen=image_date, detector="mast-shadow 3.4",
        features=json.dumps([round(float(v), 4) for v in rng.random(22)]),
        lon=lon0 + span * rng.random(), lat=lat0 + span * rng.random()) for _ in range(n)])


def _memory_candidates(n, seed, name="Detected candidates"):
    from basestation_mapper.plugin.qgis_io.imagery import write_candidates

    layer = sl.create_memory_station_layer(name)
    write_candidates(layer, _detected_candidates(n, seed))
    QgsProject.instance().addMapLayer(layer)
    return layer


def _settle(seconds=0.3):
    import time

    from qgis.core import QgsApplication

    end = time.time() + seconds
    while time.time() < end:
        QgsApplication.processEvents()
        time.sleep(0.01)


def test_edits_made_elsewhere_on_a_long_queue_do_not_freeze_it(plugin):
    """2,000 detected candidates under review: 500 statuses set at once in the attribute table (the field
    calculator) and the redo of a deletion of 500 features each redrew the chart once a feature (5.6 s
    and 7.8 s of frozen QGIS); the queue follows them and the chart is redrawn once they end."""

    layer = _memory_candidates(2000, seed=21)
    set_canvas(plugin.iface.mapCanvas(), "EPSG:3857", (125.65, 39.05), layers=[layer])
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    wait_review(review)  # read in the background: a large layer
    assert len(review.queue) == 2000

    for _ in range(3):
        review.accept()
    assert review.chart.data == {2020: 3}
    status = layer.fields().indexOf("status")
    fids = [f.id() for f in layer.getFeatures()]
    calculated, deleted = fids[100:600], fids[1000:1500]
    reads = review.layer_reads
    layer.beginEditCommand("Field calculator")
    for fid in calculated:
        layer.changeAttributeValue(fid, status, "confirmed")
    layer.endEditCommand()
    layer.beginEditCommand("Features deleted")
    assert layer.deleteFeatures(deleted)
    layer.endEditCommand()
    layer.undoStack().undo()
    layer.undoStack().redo()  # the redo deletes them one by one

    left = set(fids) - set(deleted)
    assert set(review.queue) == left and len(review.queue) == 1500
    _settle()
    assert review.layer_reads - reads <= 2, review.layer_reads - reads  # once they end, not once a feature
    confirmed = sum(1 for f in layer.getFeatures() if f["status"] == "confirmed")
    assert review.chart.data == {2020: confirmed} and review.progress.value() == confirmed


def test_layer_removed_while_reviewing_leaves_no_queue_on_another_layer(plugin):
    """The station layer under review (and receiving the detector's candidates) removed from the project with
    population points loaded: QGIS's lists fell silently on the population layer, the review still showing
    the removed layer's queue (Accept then started editing the population layer) and the next detection run
    adding the station fields and candidates to it. Both now show no layer."""
    from qgis.core import QgsVectorLayer

    population = QgsVectorLayer("Point?crs=EPSG:4326&field=pop:double", "population", "memory")
    QgsProject.instance().addMapLayer(population)
    layer = _memory_candidates(30, seed=4)
    section = plugin.dock.sections["detection"]
    section.review.set_layer(layer)
    section.detection.target_combo.setLayer(layer)
    section.review.accept()
    assert len(section.review.queue) == 30 and "review 1/30" in plugin.dock.summary_label.text()

    QgsProject.instance().removeMapLayer(layer.id())
    review = section.review
    assert review.layer_combo.currentLayer() is None and review.queue == []
    assert review.current_label.text().startswith("Choose a station layer")
    assert not review.buttons["accept"].isEnabled() and "review" not in plugin.dock.summary_label.text()
    review.accept()
    assert not population.isEditable() and population.fields().names() == ["pop"]
    assert section.detection.target_combo.currentLayer() is None  # the next run makes a new layer


def _accept_then_reject(plugin, layer, accepted, rejected):
    """Review ``layer`` in the dock, accepting the ``accepted`` most confident candidates and rejecting the next
    ``rejected``; the Detection section and its review."""
    section = plugin.dock.sections["detection"]
    section.detection.target_combo.setLayer(layer)
    review = section.review
    review.set_layer(layer)
    for button, n in (("accept", accepted), ("reject", rejected)):
        for _ in range(n):
            QTest.mouseClick(review.buttons[button], Qt.MouseButton.LeftButton)
    return section, review


def test_rerank_worse_than_the_detector_changes_nothing(plugin, message_log):
    """Decisions the detector's confidence already orders perfectly (the 7 most confident accepted, the next
    6 rejected) and feature vectors that say nothing about them: the re-ranked order cross-validates worse
    (100 % → 57 % of the top 7; 43 % when it was fitted on the feature vectors alone) and was written over
    every candidate's confidence all the same, said as 'Re-ranked'. Now the detector's confidence is kept
    and the panel says why."""
    layer = _memory_candidates(300, seed=3)
    section, review = _accept_then_reject(plugin, layer, 7, 6)
    before = {f.id(): f["confidence"] for f in layer.getFeatures()}
    queue, shown = list(review.queue), review.current_fid()

    click_rerank(section.detection)
    gain = section.detection.last_gain
    assert gain["n"] == 13 and gain["after"] < gain["before"] == 1.0
    assert {f.id(): f["confidence"] for f in layer.getFeatures()} == before
    text = section.detection.status_label.text()
    assert text.startswith("Not re-ranked: on your 13 decisions") and "(57% against 100%)" in text, text
    assert any(message.endswith(text) for message, _tag, _level in message_log)
    assert review.queue == queue and review.current_fid() == shown and review.progress.value() == 13


def test_rerank_no_better_than_the_detector_changes_nothing(plugin):
    """Decisions the detector's confidence orders perfectly (the 7 most confident accepted, the next 6 rejected)
    and feature vectors that tell them apart as well: the order learnt cross-validates as well as the detector's
    (100 % of the top 7 both) and was written over every open candidate's confidence, an order the decisions did
    not show to be better. Now the detector's confidence is kept and the panel says so."""
    import json

    from basestation_mapper.plugin.qgis_io.imagery import write_candidates

    frame = _detected_candidates(300, seed=5)
    frame = frame.sort_values("confidence", ascending=False, ignore_index=True)
    features = [json.loads(text) for text in frame["features"]]
    for i, vector in enumerate(features):
        vector[8] = 0.9 if i < 7 else 0.1  # panels: the towers among the first 13 decided, and none after
    frame["features"] = [json.dumps(v) for v in features]
    layer = sl.create_memory_station_layer("Detected candidates")
    write_candidates(layer, frame)
    QgsProject.instance().addMapLayer(layer)
    section, _review = _accept_then_reject(plugin, layer, 7, 6)
    before = {f.id(): f["confidence"] for f in layer.getFeatures()}

    click_rerank(section.detection)
    gain = section.detection.last_gain
    assert gain["n"] == 13 and gain["after"] == gain["before"] == 1.0
    assert {f.id(): f["confidence"] for f in layer.getFeatures()} == before
    text = section.detection.status_label.text()
    assert "puts no more confirmed stations in the top 7" in text and "(100% against 100%)" in text, text


def _decide(layer, statuses):
    """Set the status of the layer's candidates, most confident first (``{status: how many}``), as saved."""
    ranked = sorted(layer.getFeatures(), key=lambda f: -f["confidence"])
    index = layer.fields().indexOf("status")
    changes, start = {}, 0
    for status, n in statuses.items():
        changes.update({f.id(): {index: status} for f in ranked[start:start + n]})
        start += n
    assert layer.dataProvider().changeAttributeValues(changes)


def test_rerank_messages_write_counts_with_thousands_separators(plugin):
    """Re-rank's refusals wrote their counts without separators ('… has 1200 accepted and 0 rejected',
    'on your 2000 decisions … in the top 1000') where its success and every other count of the panel have them."""
    layer = _memory_candidates(2100, seed=31)
    section = plugin.dock.sections["detection"]
    section.detection.target_combo.setLayer(layer)
    _decide(layer, {"confirmed": 1200})
    click_rerank(section.detection)
    assert "has 1,200 accepted and 0 rejected." in section.detection.status_label.text()

    # the detector's confidence orders the decisions perfectly, the feature vectors are noise: not re-ranked
    _decide(layer, {"confirmed": 1000, "rejected": 1000})
    click_rerank(section.detection)
    text = section.detection.status_label.text()
    assert text.startswith("Not re-ranked: on your 2,000 decisions") and "in the top 1,000 " in text, text


def test_rerank_with_too_few_decisions_says_why_in_the_analysts_language(korean_plugin, message_log):
    """One candidate accepted, none rejected: Re-rank answered with the detector's English sentence in a Korean
    QGIS, in the message bar only; it now says, translated and in the panel too, what the layer has."""
    layer = _memory_candidates(40, seed=8)
    section = korean_plugin.dock.sections["detection"]
    section.detection.target_combo.setLayer(layer)
    section.review.set_layer(layer)
    QTest.mouseClick(section.review.buttons["accept"], Qt.MouseButton.LeftButton)
    click_rerank(section.detection)
    text = section.detection.status_label.text()
    assert "확정 1" in text or "1개 확정" in text, text
    assert "re-ranking needs" not in text.lower() and layer.name() in text
    assert layer.commitChanges()
    click_rerank(section.detection)
    assert not layer.isEditable()  # nothing to write: the saved layer is not left in edit mode
    assert any(message.endswith(text) for message, _tag, _level in message_log)
    assert all(f["confidence"] == f["confidence"] for f in layer.getFeatures())  # nothing written


def test_rerank_refusals_details_are_in_the_analysts_language(korean_plugin, message_log):
    """The details of Re-rank's refusal, written to the plugin's log under the message, were English in a Korean
    QGIS ('1 accepted and 0 rejected detected candidates with features, 10 needed'); they are translated."""
    from basestation_mapper.plugin.ui.detection_panel import RERANK_MIN_REVIEWED

    layer = _memory_candidates(1200, seed=9)
    section = korean_plugin.dock.sections["detection"]
    section.detection.target_combo.setLayer(layer)
    _decide(layer, {"confirmed": 1100})
    message_log.clear()
    click_rerank(section.detection)
    text = section.detection.status_label.text()
    logged = [message for message, _tag, _level in message_log if message.startswith(f"{text}\n")]
    assert len(logged) == 1, message_log  # the plugin's log: the message, then its details
    details = logged[0][len(text):].strip()
    assert details == f"특징이 있는 탐지 후보: 확정 1,100개, 거부 0개 (필요: {RERANK_MIN_REVIEWED}개 이상)", details
    assert "accepted" not in logged[0] and "needed" not in logged[0]


def _learnable_candidates(n, seed):
    """Detected candidates whose feature vectors tell towers (every other one) from the rest, as an
    analyst's decisions would teach it; the detector's confidence is random."""
    import json

    import numpy as np

    from basestation_mapper.plugin.core.stations import default_record

    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        f = [0.4, 0.8, 30, 1, 0.4, 2, 0, 0.3, 0.2, 0.2, 1, 0, 2, 0, 0.3, 1, 1, 1, 1, 0, 0, 0.1]
        f[8] = (0.8 if i % 2 else 0.1) + 0.1 * float(rng.random())  # what this analyst's towers have
        rows.append(default_record(status="candidate", origin="detected", confidence=round(float(rng.random()), 4),
                                   source="scene.tif", image_date="2020-03-01", detector="mast-shadow 3.4",
                                   features=json.dumps(f), lon=125.5 + 0.01 * i, lat=39.0))
    return pd.DataFrame(rows)


def _is_tower(layer):
    import json

    return {f.id(): json.loads(f["features"])[8] > 0.5 for f in layer.getFeatures()}


def test_rerank_after_some_decisions_keeps_them_counted(plugin):
    """12 of 60 candidates decided, then Re-rank: the queue came back as 0 / 48 reviewed (the summary
    'review 0/48'), as if nothing had been reviewed. The decisions stay counted, the others follow in their
    new order, the most likely first, and Back reaches the last decided one."""
    from basestation_mapper.plugin.qgis_io.imagery import write_candidates

    layer = sl.create_memory_station_layer("Detected candidates")
    write_candidates(layer, _learnable_candidates(60, seed=17))
    QgsProject.instance().addMapLayer(layer)
    section = plugin.dock.sections["detection"]
    section.detection.target_combo.setLayer(layer)
    review = section.review
    review.set_layer(layer)
    real = _is_tower(layer)
    for _ in range(12):
        button = "accept" if real[review.current_fid()] else "reject"
        QTest.mouseClick(review.buttons[button], Qt.MouseButton.LeftButton)
    decided = dict(review.decided)
    last = review.queue[11]

    click_rerank(section.detection)
    assert section.detection.last_gain["updated"] == 48
    assert review.decided == decided and review.progress.value() == 12 and review.progress.maximum() == 60
    assert "review 12/60" in plugin.dock.summary_label.text() and review.current_label.text().startswith("13/60")
    open_ = {f.id(): f["confidence"] for f in layer.getFeatures() if f["status"] == "candidate"}
    assert review.queue[12:] == sorted(open_, key=lambda fid: -open_[fid])
    assert real[review.current_fid()]  # the most likely tower first
    QTest.mouseClick(review.buttons["back"], Qt.MouseButton.LeftButton)
    assert review.current_fid() == last and "(" in review.current_label.text()


def test_rerank_of_a_saved_geopackage_goes_in_the_edit_buffer(plugin, tmp_path):
    """The decisions saved, Re-rank wrote the new scores straight into the GeoPackage: the detector's
    confidence was gone for good, and Ctrl+Z (or Cancel edits) could not bring it back. The scores now go in
    the edit buffer like the decisions: one undo step, the file unchanged until saved."""
    from qgis.core import QgsVectorLayer

    from basestation_mapper.plugin.qgis_io.imagery import write_candidates

    path = str(tmp_path / "stations.gpkg")
    layer = sl.create_station_gpkg(path, name="stations")
    QgsProject.instance().addMapLayer(layer)
    write_candidates(layer, _learnable_candidates(40, seed=12))
    section = plugin.dock.sections["detection"]
    section.detection.target_combo.setLayer(layer)
    review = section.review
    review.set_layer(layer)
    real = _is_tower(layer)
    for _ in range(10):
        QTest.mouseClick(review.buttons["accept" if real[review.current_fid()] else "reject"],
                         Qt.MouseButton.LeftButton)
    assert layer.commitChanges(), layer.commitErrors()
    saved = {f.id(): f["confidence"] for f in layer.getFeatures()}

    click_rerank(section.detection)
    assert section.detection.last_gain["updated"] == 30
    assert layer.isEditable() and layer.isModified()
    assert {f.id(): f["confidence"] for f in layer.getFeatures()} != saved
    on_disk = QgsVectorLayer(f"{path}|layername=stations", "on disk", "ogr")
    assert {f.id(): f["confidence"] for f in on_disk.getFeatures()} == saved
    assert plugin.iface.activeLayer() is layer  # Ctrl+Z acts on it
    layer.undoStack().undo()
    assert {f.id(): f["confidence"] for f in layer.getFeatures()} == saved


def test_cancel_edits_keeps_the_decisions_saved_before(plugin, tmp_path):
    """5 decisions saved, 3 more in the edit buffer, then Cancel edits (roll back): the queue came back as
    0 / 25 reviewed. The 3 canceled candidates are open again and the 5 saved stay counted."""
    from basestation_mapper.plugin.qgis_io.imagery import write_candidates

    layer = sl.create_station_gpkg(str(tmp_path / "stations.gpkg"), name="stations")
    QgsProject.instance().addMapLayer(layer)
    write_candidates(layer, _detected_candidates(30, seed=1))
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    for _ in range(5):
        QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)
    assert layer.commitChanges(), layer.commitErrors()
    canceled = review.queue[5:8]
    for _ in range(3):
        QTest.mouseClick(review.buttons["reject"], Qt.MouseButton.LeftButton)
    assert review.progress.value() == 8 and layer.rollBack()
    assert review.progress.value() == 5 and review.progress.maximum() == 30 and review.summary() == "review 5/30"
    assert review.current_fid() == canceled[0] and review.current_label.text().startswith("6/30")
    assert all(layer.getFeature(fid)["status"] == "candidate" for fid in canceled)


def test_decisions_stay_counted_across_filters_and_station_layers(plugin, tmp_path):
    """Two station layers: 3 decisions on A, then the Stations section switched to B (Review follows it) and
    back to A; and on A an image filter chosen and cleared. Each time the queue came back with 0 reviewed,
    the decisions taken no longer counted. Now A shows its 3 decisions again, and a filter counts those of
    the candidates it shows."""
    from basestation_mapper.plugin.qgis_io.imagery import write_candidates

    a = sl.create_station_gpkg(str(tmp_path / "a.gpkg"), name="A")
    b = sl.create_station_gpkg(str(tmp_path / "b.gpkg"), name="B")
    QgsProject.instance().addMapLayers([a, b])
    write_candidates(a, pd.concat([_detected_candidates(12, seed=1, source="east.tif"),
                                   _detected_candidates(8, seed=2, source="west.tif")], ignore_index=True))
    write_candidates(b, _detected_candidates(10, seed=3))
    stations = plugin.dock.sections["stations"]
    review = plugin.dock.sections["detection"].review
    stations.layer_combo.setLayer(a)
    assert review.current_layer() is a and len(review.queue) == 20
    for button in ("accept", "reject", "accept"):
        QTest.mouseClick(review.buttons[button], Qt.MouseButton.LeftButton)
    decided = dict(review.decided)
    sources = {fid: a.getFeature(fid)["source"] for fid in decided}

    stations.layer_combo.setLayer(b)
    assert review.current_layer() is b and review.summary() == "review 0/10"
    QTest.mouseClick(review.buttons["reject"], Qt.MouseButton.LeftButton)
    stations.layer_combo.setLayer(a)
    assert review.current_layer() is a and review.decided == decided and review.summary() == "review 3/20"
    assert review.current_label.text().startswith("4/20")

    review.source_filter.setCurrentIndex(review.source_filter.findData("west.tif"))
    west = [fid for fid, source in sources.items() if source == "west.tif"]
    assert review.summary() == f"review {len(west)}/8" and list(review.decided) == west
    review.source_filter.setCurrentIndex(0)
    assert review.decided == decided and review.summary() == "review 3/20"
    stations.layer_combo.setLayer(b)
    assert review.summary() == "review 1/10"


def test_rerank_of_candidates_detected_by_processing_and_reviewed(plugin, tmp_path):
    """Candidates detected with Processing (a GeoPackage), opened as the station layer and reviewed: Re-rank
    answered 'Choose the station layer holding the detected candidates' although the queue showed them;
    with no station layer chosen in Detection it re-ranks the layer under review."""
    from basestation_mapper.plugin.qgis_io.imagery import write_candidates

    layer = sl.create_station_gpkg(str(tmp_path / "candidates.gpkg"), name="candidates")
    write_candidates(layer, _learnable_candidates(40, seed=5))
    QgsProject.instance().addMapLayer(layer)
    plugin.dock.sections["stations"].layer_combo.setLayer(layer)
    section = plugin.dock.sections["detection"]
    review = section.review
    assert review.current_layer() is layer and section.detection.target_combo.currentLayer() is None
    real = _is_tower(layer)
    for _ in range(10):
        QTest.mouseClick(review.buttons["accept" if real[review.current_fid()] else "reject"],
                         Qt.MouseButton.LeftButton)
    click_rerank(section.detection)
    assert section.detection.last_gain["updated"] == 30
    assert section.detection.status_label.text().startswith("Re-ranked 30 candidates")
    assert real[review.current_fid()] and review.progress.value() == 10


def test_decisions_in_a_layer_holding_a_large_network_do_not_reread_it(plugin):
    """Candidates reviewed in a station layer that also holds an imported network (10,000 confirmed stations
    here): each Accept or Reject re-read every confirmed station for the first-seen chart (0.6-0.9 s a key
    press with 20,000); the chart now follows the decision itself, and counts what a full read counts."""

    from basestation_mapper.plugin.qgis_io.imagery import write_candidates

    layer = sl.create_memory_station_layer("network and candidates")
    network = _detected_candidates(10000, seed=31, span=2.0).assign(status="confirmed", origin="imported",
                                                                    features=None, technology="4G")
    network["first_seen"] = [f"{2010 + i % 12}-01-01" for i in range(len(network))]
    write_candidates(layer, network)
    write_candidates(layer, _detected_candidates(200, seed=32, image_date="2023-06-01"))
    QgsProject.instance().addMapLayer(layer)
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    wait_review(review)  # read in the background: a large layer
    assert len(review.queue) == 200
    reads = review.layer_reads
    for button in ("accept", "reject") * 5:
        QTest.mouseClick(review.buttons[button], Qt.MouseButton.LeftButton)
    assert review.layer_reads == reads  # the chart follows the decisions without reading the network again
    QTest.mouseClick(review.buttons["back"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)  # the last rejected one accepted
    QTest.mouseClick(review.buttons["back"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(review.buttons["back"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(review.buttons["reject"], Qt.MouseButton.LeftButton)  # an accepted one rejected
    shown = (dict(review.chart.data), {y: dict(p) for y, p in review.chart.by_technology.items()})
    assert shown[0][2023] == 5 and shown[1][2023] == {"unknown": 5}
    assert shown == (review._growth(review._frame()), review._growth_by_technology)  # what reading it gives


def test_opening_a_layer_holding_a_large_network_reads_it_once(plugin):
    """Choosing a station layer of 10,000 confirmed stations and 2,000 candidates for review read every field
    of every station twice, then the confirmed ones again for the chart (5 s for 22,000 in a GeoPackage); the
    queue, its filters and the chart now read the six fields they need once."""

    from basestation_mapper.plugin.qgis_io.imagery import write_candidates

    layer = sl.create_memory_station_layer("network and candidates")
    write_candidates(layer, _detected_candidates(10000, seed=41, span=2.0).assign(
        status="confirmed", origin="imported", features=None))
    write_candidates(layer, _detected_candidates(2000, seed=42, image_date="2023-06-01"))
    QgsProject.instance().addMapLayer(layer)
    review = plugin.dock.sections["detection"].review
    reads = review.layer_reads
    review.set_layer(layer)
    wait_review(review)  # read in the background: a large layer
    assert review.current_layer() is layer and len(review.queue) == 2000
    assert review.layer_reads == reads + 1  # queue, filters and chart from one read
    assert review.chart.data == {2020: 10000} and review.date_filter.findData("2023-06-01") > 0
    review.date_filter.setCurrentIndex(review.date_filter.findData("2023-06-01"))
    assert len(review.queue) == 2000 and review.chart.data == {2020: 10000}


def test_rerank_of_2000_candidates_in_a_geopackage_being_edited(plugin, tmp_path):
    """Re-rank of 2,000 candidates of a GeoPackage under review (so in its edit buffer) froze QGIS for 2-3 s:
    QGIS read each re-scored feature back from the file to stamp its update time. The update time is set
    with the score (UTC, as the schema says), one undo step puts every score back."""

    from basestation_mapper.plugin.qgis_io.imagery import write_candidates

    layer = sl.create_station_gpkg(str(tmp_path / "stations.gpkg"), name="stations")
    QgsProject.instance().addMapLayer(layer)
    write_candidates(layer, _learnable_candidates(2000, seed=9))
    section = plugin.dock.sections["detection"]
    section.detection.target_combo.setLayer(layer)
    review = section.review
    review.set_layer(layer)
    wait_review(review)  # read in the background: a large layer
    real = _is_tower(layer)
    for _ in range(20):
        QTest.mouseClick(review.buttons["accept" if real[review.current_fid()] else "reject"],
                         Qt.MouseButton.LeftButton)
    before = {f.id(): (f["confidence"], f["updated_at"]) for f in layer.getFeatures() if f["status"] == "candidate"}
    click_rerank(section.detection)
    assert section.detection.last_gain["updated"] == 1980
    stamps = {f["updated_at"] for f in layer.getFeatures() if f["status"] == "candidate"}
    assert len(stamps) == 1 and stamps.pop().endswith("+00:00")
    layer.undoStack().undo()
    assert {f.id(): (f["confidence"], f["updated_at"]) for f in layer.getFeatures()
            if f["status"] == "candidate"} == before


@pytest.fixture
def seoul_time():
    """The machine's clock in Korea (UTC+9), as an analyst's there is."""
    import os
    import time

    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Seoul"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_a_decision_is_stamped_in_utc_on_a_machine_in_korea(panel, seoul_time):
    """Accepted on a machine in Korea: reviewed_at said 16:00+00:00 and updated_at 01:00 the next day (the
    station layer's own default overwrote it with the local time, without its zone). Both are the review
    time in UTC, as the schema says."""
    layer = panel.current_layer()
    before = _by_name(layer)["high"]["updated_at"]
    QTest.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)
    feat = _by_name(layer)["high"]
    assert feat["reviewed_at"].endswith("+00:00")
    assert feat["updated_at"] == feat["reviewed_at"]
    layer.undoStack().undo()  # one step undoes the decision and its stamp
    assert _by_name(layer)["high"]["status"] == "candidate" and _by_name(layer)["high"]["updated_at"] == before


def test_undo_of_the_latest_decisions_shows_their_candidates_again(panel):
    """Three candidates accepted in a row, then Ctrl+Z twice: the decisions were undone but the queue stayed
    on the last candidate, so the analyst had to find with Back the ones to decide again. Each undo now
    shows its candidate again, open; deciding it goes on from there."""
    layer = panel.current_layer()
    names = [layer.getFeature(fid)["name"] for fid in panel.queue]
    for _ in range(3):
        QTest.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)
    assert panel.progress.value() == 3 and panel.current_fid() == panel.queue[2]
    layer.undoStack().undo()
    assert names[2] in panel.current_label.text() and "(" not in panel.current_label.text().split("2020-03-01")[-1]
    layer.undoStack().undo()
    assert panel.current_fid() == panel.queue[1] and panel.progress.value() == 1
    assert panel.current_label.text().startswith(f"2/3 · {names[1]}")
    QTest.mouseClick(panel.buttons["reject"], Qt.MouseButton.LeftButton)
    assert _by_name(layer)[names[1]]["status"] == "rejected" and panel.current_fid() == panel.queue[2]
    assert _by_name(layer)[names[2]]["status"] == "candidate" and panel.progress.value() == 2


def test_saving_keeps_the_decisions_on_candidates_added_while_editing(plugin, tmp_path):
    """A run into a GeoPackage being edited puts its candidates in the edit buffer; 4 decided, then Save:
    the queue fell to 'review 0/6', the 4 decisions gone and the order changed, as QGIS gives saved features
    their final ids. The queue now follows the ids: same order, same decisions, the same candidate shown."""
    from basestation_mapper.plugin.qgis_io.imagery import write_candidates

    layer = sl.create_station_gpkg(str(tmp_path / "stations.gpkg"), name="stations")
    QgsProject.instance().addMapLayer(layer)
    section = plugin.dock.sections["detection"]
    review = section.review
    review.set_layer(layer)
    assert layer.startEditing()
    write_candidates(layer, _detected_candidates(10, seed=4))
    section._review_candidates(layer)  # as the end of a run does
    assert all(fid < 0 for fid in review.queue) and review.summary() == "review 0/10"
    for button in ("accept", "reject", "accept", "accept"):
        QTest.mouseClick(review.buttons[button], Qt.MouseButton.LeftButton)
    order = [(layer.getFeature(fid)["confidence"], review.decided.get(fid)) for fid in review.queue]
    shown = layer.getFeature(review.current_fid())["confidence"]

    assert layer.commitChanges(False), layer.commitErrors()
    _settle()
    assert all(fid > 0 for fid in review.queue) and review.summary() == "review 4/10"
    assert [(layer.getFeature(fid)["confidence"], review.decided.get(fid)) for fid in review.queue] == order
    assert layer.getFeature(review.current_fid())["confidence"] == shown
    layer.undoStack().undo()  # after saving, nothing to undo in the new buffer: the count stays
    assert review.summary() == "review 4/10"


def test_undoing_the_deletion_of_decided_candidates_counts_them_again(panel):
    """Two decided candidates deleted in the attribute table (by mistake), then Ctrl+Z: they were back in the
    layer, confirmed and rejected, but the queue no longer counted them ('review 0/1'). They rejoin the queue
    with their decisions."""
    layer = panel.current_layer()
    QTest.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)  # "high"
    QTest.mouseClick(panel.buttons["reject"], Qt.MouseButton.LeftButton)  # "mid"
    decided = dict(panel.decided)
    layer.beginEditCommand("Features deleted")
    assert layer.deleteFeatures(list(decided))
    layer.endEditCommand()
    assert panel.summary() == "review 0/1"
    layer.undoStack().undo()
    _settle()
    assert panel.decided == decided and panel.summary() == "review 2/3"
    assert "low" in panel.current_label.text()  # the candidate shown stays


def test_the_chart_follows_stations_edited_while_reviewing(panel):
    """While reviewing, a station added with S (confirmed, first seen 2015), a confirmed station deleted in
    the attribute table and another's first_seen corrected there: the first-seen chart showed none of it
    (until the next key press, then, since decisions count themselves in it, not at all)."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    layer = panel.current_layer()
    assert panel.chart.data == {2019: 1}
    assert layer.startEditing()
    feat = QgsFeature(layer.fields())
    feat["name"], feat["status"], feat["first_seen"] = "new mast", "confirmed", "2015-04-01"
    feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(125.75, 39.02)))
    assert layer.addFeature(feat)
    assert panel.chart.data == {2015: 1, 2019: 1}
    _settle()
    QTest.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)  # "high", first seen 2018
    assert panel.chart.data == {2015: 1, 2018: 1, 2019: 1}
    done = _by_name(layer)["done"].id()
    assert layer.changeAttributeValue(done, layer.fields().indexOf("first_seen"), "2016-07-01")
    _settle()
    assert panel.chart.data == {2015: 1, 2016: 1, 2018: 1}
    assert layer.deleteFeature(done)
    _settle()
    assert panel.chart.data == {2015: 1, 2018: 1}


def test_an_image_filter_stays_chosen_once_its_candidates_are_decided(plugin):
    """Filtered on one image, its 8 candidates decided, then Re-rank: the filter jumped back to 'all' by itself
    (no open candidate of that image left to list) and the queue to every image's candidates. The analyst's
    filter stays chosen, its decisions counted."""
    from basestation_mapper.plugin.qgis_io.imagery import write_candidates

    layer = sl.create_memory_station_layer("Detected candidates")
    write_candidates(layer, pd.concat([_learnable_candidates(40, seed=5),
                                       _learnable_candidates(8, seed=6).assign(source="west.tif")],
                                      ignore_index=True))
    QgsProject.instance().addMapLayer(layer)
    section = plugin.dock.sections["detection"]
    section.detection.target_combo.setLayer(layer)
    review = section.review
    review.set_layer(layer)
    review.source_filter.setCurrentIndex(review.source_filter.findData("west.tif"))
    real = _is_tower(layer)
    for _ in range(8):
        QTest.mouseClick(review.buttons["accept" if real[review.current_fid()] else "reject"],
                         Qt.MouseButton.LeftButton)
    click_rerank(section.detection)
    assert section.detection.last_gain["updated"] == 40
    assert review.source_filter.currentData() == "west.tif" and review.summary() == "review 8/8"


def test_reopened_project_counts_the_decisions_taken_before(plugin, tmp_path):
    """3 of 10 detected candidates decided and saved, the project saved and opened again: the queue showed
    the 7 left as '0 / 7 reviewed'. The count is read from the layer: 3 / 10, the fourth shown, Back reaches
    the decided ones, oldest first."""
    from basestation_mapper.plugin.qgis_io.imagery import write_candidates

    layer = sl.create_station_gpkg(str(tmp_path / "stations.gpkg"), name="stations")
    QgsProject.instance().addMapLayer(layer)
    write_candidates(layer, _detected_candidates(10, seed=5))
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    for button in ("accept", "reject", "accept"):
        QTest.mouseClick(review.buttons[button], Qt.MouseButton.LeftButton)
    decided = list(review.decided.items())
    assert layer.commitChanges(), layer.commitErrors()
    project = str(tmp_path / "review.qgz")
    assert QgsProject.instance().write(project)
    QgsProject.instance().clear()
    assert review.queue == []
    assert QgsProject.instance().read(project)
    again = review.current_layer()
    assert again is not None and again.name() == "stations"
    assert review.summary() == "review 3/10" and review.progress.value() == 3
    assert review.current_label.text().startswith("4/10")
    assert list(review.decided.items()) == decided
    QTest.mouseClick(review.buttons["back"], Qt.MouseButton.LeftButton)
    assert review.current_fid() == decided[-1][0]
    # a candidate reviewed in another session but not detected (imported as confirmed) is not counted
    assert all(again.getFeature(fid)["origin"] == "detected" for fid, _d in decided)


def test_skip_at_the_end_goes_round_to_the_skipped_candidates(panel, plugin):
    """Skip (N) on the last candidate stopped there (the button greyed out) with two candidates skipped
    before it; it goes round to the first one left open and says so."""
    from support.message_bar import bar_messages, clear_bar

    clear_bar(plugin.iface)
    QTest.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)  # "high"
    panel.skip()  # "mid" skipped
    assert "low" in panel.current_label.text() and panel.pos == len(panel.queue) - 1
    assert panel.buttons["skip"].isEnabled()
    QTest.mouseClick(panel.buttons["skip"], Qt.MouseButton.LeftButton)
    assert "mid" in panel.current_label.text()
    assert any("End of the queue" in text and "2 skipped" in text for text, _d in bar_messages(plugin.iface))
    QTest.mouseClick(panel.buttons["reject"], Qt.MouseButton.LeftButton)  # "mid"; "low" is the one left
    QTest.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)  # "low"
    assert panel.summary() == "review 3/3" and not panel.buttons["skip"].isEnabled()


def test_skip_round_to_one_candidate_is_one_count_message(panel, plugin):
    """Going round to one skipped candidate and to several were two messages ('back to the skipped candidate.',
    'back to the first of the {n} skipped candidates.'), which a language of more counts forms cannot translate;
    one message with its count forms says both."""
    from support.message_bar import bar_messages, clear_bar

    clear_bar(plugin.iface)
    panel.skip()  # "high" skipped
    QTest.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)  # "mid"
    QTest.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)  # "low", the last
    QTest.mouseClick(panel.buttons["skip"], Qt.MouseButton.LeftButton)
    assert "high" in panel.current_label.text()
    assert [text for text, _d in bar_messages(plugin.iface) if "End of the queue" in text] == [
        "End of the queue: back to the 1 skipped candidate."]


def test_review_in_a_shapefile_writes_the_cut_field_names(plugin, tmp_path):
    """A station Shapefile holds reviewed_at as 'reviewed_a': Accept confirmed the candidate but left its review
    time empty (the field was looked up by its full name)."""
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter, QgsVectorLayer

    memory = _memory_candidates(5, seed=12, name="to shapefile")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "ESRI Shapefile"
    path = str(tmp_path / "candidates.shp")
    error = QgsVectorFileWriter.writeAsVectorFormatV3(memory, path, QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error
    layer = QgsVectorLayer(path, "candidates", "ogr")
    assert "reviewed_a" in layer.fields().names() and "reviewed_at" not in layer.fields().names()
    QgsProject.instance().addMapLayer(layer)
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    assert len(review.queue) == 5
    fid = review.current_fid()
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)
    feat = layer.getFeature(fid)
    assert feat["status"] == "confirmed" and str(feat["reviewed_a"]).startswith("20")
    assert layer.commitChanges()
    review.set_layer(None)
    review.set_layer(layer)  # opened again: the decision read from the layer still counts
    assert review.progress.value() == 1
