"""The analyst's workflow in the dock, end to end: real widgets, real layers and files, real tasks.

Stations added with the S key and canvas clicks, imports through the import dialog, detection
feeding the review queue, coverage, exports, the project saved, closed and reopened (every
section as it was left), projects switched while a task runs, layers deleted under the dock,
and the plugin unloaded and loaded again.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from qgis.core import QgsApplication, QgsPointXY, QgsProject, QgsRasterLayer, QgsTask
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication, QDialogButtonBox
from support.coverage import SCENE_X0, SCENE_Y0, west_east_scene
from support.rerank import click_rerank
from support.stations_qgis import click, set_canvas
from support.task_pool import HeldPool, hold_work, wait_result

from basestation_mapper.plugin.qgis_io.project import find_layer
from basestation_mapper.plugin.settings import CoverageSettings, ExportSettings, StationSettings

FIRST_RUN = "Nothing loaded yet"
CLOSED_COVERAGE = "Coverage canceled: the project was closed while computing; nothing was added."
# a 20 x 20 km UTM 52N population raster of 100 m cells, 2 people per cell
X0, Y0 = SCENE_X0, SCENE_Y0


@pytest.fixture(autouse=True)
def _clean_settings():
    """The sections keep defaults in QgsSettings: leave the test profile as found."""
    yield
    for settings in (ExportSettings, CoverageSettings, StationSettings):
        settings.reset()


def wait(predicate, timeout=60.0):
    start = time.time()
    while not predicate():
        QgsApplication.processEvents()
        assert time.time() - start < timeout, "timed out"
        time.sleep(0.01)
    QgsApplication.processEvents()


def wait_tasks(timeout=60.0):
    wait(lambda: QgsApplication.taskManager().countActiveTasks() == 0, timeout)
    time.sleep(0.05)
    QgsApplication.processEvents()


def drive_modal(action):
    """Run ``action(dialog)`` on the next modal dialog while its exec() runs."""
    seen = []

    def go():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, go)
            return
        seen.append(dialog)
        action(dialog)

    QTimer.singleShot(20, go)
    return seen


def coverage_inputs(tmp_path):
    return west_east_scene(tmp_path)


def set_coverage(section, stations, regions, pop, live=False):
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.region_field.setField("name")
    section.raster_combo.setLayer(pop)
    section.points_combo.setLayer(None)
    section.live_check.setChecked(live)


@pytest.fixture(scope="module")
def scene(shared_data):
    from support.scenes import make_scene

    return make_scene(shared_data, 6, "forest", 0.3)


def scene_layer(scene, path, name="scene"):
    layer = QgsRasterLayer(str(scene.write(path)), name)
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


def plugin_layer_names():
    return sorted(layer.name() for layer in QgsProject.instance().mapLayers().values())


# -- first run and closing a project --------------------------------------------------------------
def test_first_run_then_results_then_closing_the_project_resets_the_dock(plugin, qgis_new_project, tmp_path):
    dock = plugin.dock
    assert dock.summary_label.text().startswith(FIRST_RUN)
    assert not dock.sections["imagery"].hint.isHidden()
    pop, regions, stations = coverage_inputs(tmp_path)
    coverage = dock.sections["coverage"]
    set_coverage(coverage, stations, regions, pop)
    QTest.mouseClick(coverage.run_button, Qt.MouseButton.LeftButton)
    wait(lambda: coverage.table.rowCount() == 3)
    assert "% of population covered" in dock.summary_label.text()

    # File > New: nothing of the closed project may stay in the dock
    QgsProject.instance().clear()
    QgsApplication.processEvents()
    assert dock.summary_label.text().startswith(FIRST_RUN), dock.summary_label.text()
    assert coverage.table.rowCount() == 0 and coverage.table_text() == ""
    assert coverage.status_label.text() == ""


@pytest.mark.parametrize("when", ["not started", "running", "result on its way"])
def test_coverage_running_when_the_project_closes_adds_nothing_and_says_so(plugin, qgis_new_project, tmp_path,
                                                                           python_errors, when):
    """The coverage section's status was left empty, its run let go of without a word, where the Detection
    panel says its run was canceled by the close; it says so too, whenever the run ends."""
    pop, regions, stations = coverage_inputs(tmp_path)
    coverage = plugin.dock.sections["coverage"]
    set_coverage(coverage, stations, regions, pop)
    wait_tasks()
    pool, gate = HeldPool(), None
    try:
        coverage.run()
        task = coverage.runner.task
        assert task is not None
        if when != "not started":
            inside, gate = hold_work(task)
            pool.release_one()
            assert inside.wait(60.0)  # the run is computing
            if when == "result on its way":
                gate.set()
                wait_result(task)  # no events processed: its end cannot reach the section
        QgsProject.instance().clear()
        assert coverage.status_label.text() == CLOSED_COVERAGE
    finally:
        if gate is not None:
            gate.set()
        pool.release()
    wait_tasks()
    assert not python_errors
    assert QgsProject.instance().mapLayers() == {}
    assert coverage.status_label.text() == CLOSED_COVERAGE
    assert coverage.table.rowCount() == 0
    assert plugin.dock.summary_label.text().startswith(FIRST_RUN)


def test_coverage_running_when_its_station_layer_is_removed_says_it_was_canceled(plugin, qgis_new_project, tmp_path,
                                                                                python_errors):
    """The station layer removed (or another chosen) while coverage computes: the run was let go of and the
    section said 'Computing coverage…' for ever; it says the run was canceled, nothing added."""
    pop, regions, stations = coverage_inputs(tmp_path)
    coverage = plugin.dock.sections["coverage"]
    set_coverage(coverage, stations, regions, pop)
    wait_tasks()
    pool = HeldPool()
    try:
        coverage.run()
        assert coverage.status_label.text() == "Computing coverage…"
        QgsProject.instance().removeMapLayer(stations.id())
    finally:
        pool.release()
    wait_tasks()
    assert coverage.status_label.text() == ("Coverage canceled: the station layer changed while computing; nothing "
                                            "was added.")
    assert coverage.runner.task is None and coverage.table.rowCount() == 0
    assert find_layer("Coverage") is None
    assert not python_errors


def test_coverage_running_when_another_project_is_opened_says_so(plugin, qgis_new_project, tmp_path, python_errors):
    """Another project opened (Project › Open) while coverage computes: the run is canceled by the close, said
    in the section of the project opened."""
    other = QgsProject()
    path = str(tmp_path / "other.qgz")
    assert other.write(path)
    pop, regions, stations = coverage_inputs(tmp_path)
    coverage = plugin.dock.sections["coverage"]
    set_coverage(coverage, stations, regions, pop)
    wait_tasks()
    pool = HeldPool()
    try:
        coverage.run()
        assert coverage.runner.task is not None
        assert QgsProject.instance().read(path)
    finally:
        pool.release()
    wait_tasks()
    assert coverage.status_label.text() == CLOSED_COVERAGE
    assert QgsProject.instance().mapLayers() == {}
    assert not python_errors


def start_detection(plugin, scene, tmp_path):
    panel = plugin.dock.sections["detection"].detection
    panel.raster_combo.setLayer(scene_layer(scene, tmp_path / "scene.tif"))
    panel.sun_spin.setValue(round(scene.sun_azimuth))
    assert panel.run()
    assert panel.status_label.text() == "Detecting…"
    return panel


def assert_closed_during_detection(plugin, panel):
    wait(lambda: panel.task is None)
    wait_tasks()
    assert QgsProject.instance().mapLayers() == {}
    assert panel.status_label.text() == "Canceled: the project was closed while detecting; nothing was added."
    assert panel.progress.value() == 0 and panel.last_result is None
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()
    assert plugin.dock.summary_label.text().startswith(FIRST_RUN)


def test_detection_not_started_when_the_project_closes_adds_nothing_and_says_so(plugin, qgis_new_project, scene,
                                                                                tmp_path, python_errors):
    # QGIS ends a task not started yet as it is canceled, in the call: the panel's reset came after that end
    # and wiped what it said
    wait_tasks()
    pool = HeldPool()
    try:
        panel = start_detection(plugin, scene, tmp_path)
        assert panel.task.status() == QgsTask.TaskStatus.Queued
        QgsProject.instance().clear()
        assert panel.task is None  # ended in the call
        assert panel.status_label.text().startswith("Canceled: the project was closed")
    finally:
        pool.release()
    assert_closed_during_detection(plugin, panel)
    assert not python_errors


@pytest.mark.parametrize("when", ["running", "result on its way"])
def test_detection_when_the_project_closes_adds_nothing_and_says_so(plugin, qgis_new_project, scene, tmp_path,
                                                                    python_errors, when):
    wait_tasks()
    pool, gate = HeldPool(), None
    try:
        panel = start_detection(plugin, scene, tmp_path)
        task = panel.task
        inside, gate = hold_work(task)
        pool.release_one()
        assert inside.wait(60.0)  # the task is in its work
        if when == "result on its way":
            gate.set()
            wait_result(task)  # no events processed: its end cannot reach the panel
        QgsProject.instance().clear()
        assert panel.status_label.text() == "Canceled: the project was closed while detecting; nothing was added."
    finally:
        if gate is not None:
            gate.set()
        pool.release()
    assert_closed_during_detection(plugin, panel)
    assert not python_errors


def reviewed_candidates_layer(plugin, n=20, seed=3):
    """A memory station layer of ``n`` detected candidates, half of them decided (towers accepted, the rest
    rejected): enough to re-rank; chosen in the Detection panel."""
    import json

    import pandas as pd

    from basestation_mapper.plugin.core.stations import default_record
    from basestation_mapper.plugin.qgis_io.imagery import write_candidates
    from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer

    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        f = [0.4, 0.8, 30, 1, 0.4, 2, 0, 0.3, 0.2, 0.2, 1, 0, 2, 0, 0.3, 1, 1, 1, 1, 0, 0, 0.1]
        f[8] = (0.8 if i % 2 else 0.1) + 0.1 * float(rng.random())
        status = "candidate" if i >= n // 2 else ("confirmed" if i % 2 else "rejected")
        rows.append(default_record(status=status, origin="detected", confidence=round(float(rng.random()), 4),
                                   features=json.dumps(f), lon=125.0 + i * 0.001, lat=39.0))
    layer = create_memory_station_layer("review")
    write_candidates(layer, pd.DataFrame(rows))
    QgsProject.instance().addMapLayer(layer)
    plugin.dock.sections["detection"].detection.target_combo.setLayer(layer)
    return layer


def test_detection_and_rerank_not_started_when_the_project_closes_say_both(plugin, qgis_new_project, scene,
                                                                           tmp_path, python_errors):
    """A detection and a re-rank both queued when the project closes: each ends in the close, and the panel
    says both were canceled by it."""
    wait_tasks()
    reviewed_candidates_layer(plugin)
    pool = HeldPool()
    try:
        panel = start_detection(plugin, scene, tmp_path)
        assert panel.rerank()
        assert panel.rerank_task.status() == QgsTask.TaskStatus.Queued
        QgsProject.instance().clear()
        assert panel.task is None and panel.rerank_task is None  # ended in the call
    finally:
        pool.release()
    wait_tasks()
    assert panel.status_label.text() == ("Canceled: the project was closed while detecting; nothing was added. "
                                         "Re-rank canceled: the project was closed while re-ranking; nothing was "
                                         "changed.")
    assert panel.run_button.isEnabled() and panel.rerank_button.isEnabled() and panel.rerank_busy.isHidden()
    assert QgsProject.instance().mapLayers() == {}
    assert not python_errors


def test_import_running_when_the_project_closes_adds_nothing(plugin, qgis_new_project, tmp_path, python_errors):
    csv = tmp_path / "survey.csv"
    csv.write_text("name,lat,lon,technology\nA,39.0,125.7,3G\nB,39.1,125.8,4G\n", encoding="utf-8")
    section = plugin.dock.sections["stations"]
    section.start_import(str(csv), {})
    QgsProject.instance().clear()
    wait_tasks()
    wait(lambda: section._task is None)
    assert not python_errors
    assert QgsProject.instance().mapLayers() == {}
    # the next import works as usual
    section.start_import(str(csv), {})
    wait(lambda: section._task is None)
    assert section.current_layer() is not None and section.current_layer().featureCount() == 2


@pytest.mark.parametrize("end", ["not started", "running", "failed past its checks", "stations on their way"])
def test_an_import_ending_after_the_project_closed_says_it_was_canceled_by_the_close(
        plugin, qgis_iface, qgis_new_project, tmp_path, python_errors, end):
    """An import running when the project closed that then failed (a bad row found after its last cancel check)
    showed 'Import failed, nothing was changed' in the new project, about a file of the old one; whatever its end,
    it says it was canceled by the close, and adds nothing."""
    from support.message_bar import bar_messages, clear_bar

    second = "B,39.5,999.0,4G" if end == "failed past its checks" else "B,39.1,125.8,4G"
    csv = tmp_path / "survey.csv"
    csv.write_text(f"name,lat,lon,technology\nA,39.0,125.7,3G\n{second}\n", encoding="utf-8")
    section = plugin.dock.sections["stations"]
    wait_tasks()
    clear_bar(qgis_iface)
    pool, gate = HeldPool(), None
    try:
        task = section.start_import(str(csv), {})
        if end != "not started":
            inside, gate = hold_work(task, checks_after=end == "running")
            pool.release_one()
            assert inside.wait(60.0)  # the import is in its work
            if end == "stations on their way":
                gate.set()
                wait_result(task)  # no events processed: its end cannot reach the section
        QgsProject.instance().clear()
    finally:
        if gate is not None:
            gate.set()
        pool.release()
    wait(lambda: section._task is None)
    wait_tasks()
    assert [text for text, _details in bar_messages(qgis_iface)] == [
        "Import of survey.csv canceled: the project was closed while importing; nothing was added."]
    assert QgsProject.instance().mapLayers() == {}
    assert not python_errors


@pytest.mark.parametrize("end", ["queued", "running", "failed past its checks", "stations on their way"])
@pytest.mark.parametrize("append", [False, True])
def test_an_import_canceled_in_the_task_manager_says_so_and_adds_nothing(
        plugin, qgis_iface, qgis_new_project, tmp_path, python_errors, end, append):
    """An import canceled with the task's own cancel button (QGIS's task manager) said nothing; whenever it is
    canceled, the message bar says so, no layer is added and the station layer's edit buffer is as it was."""
    from qgis.core import QgsFeature, QgsGeometry
    from support.message_bar import bar_messages, clear_bar

    second = "B,39.5,999.0,4G" if end == "failed past its checks" else "B,39.1,125.8,4G"
    csv = tmp_path / "survey.csv"
    csv.write_text(f"name,lat,lon,technology\nA,39.0,125.7,3G\n{second}\n", encoding="utf-8")
    section = plugin.dock.sections["stations"]
    layer = section.new_layer(str(tmp_path / "stations.gpkg"))
    assert layer.startEditing()
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt("POINT (125.5 39.2)"))
    feature["station_id"] = "mine"
    assert layer.addFeature(feature)
    before = (layer.featureCount(), layer.undoStack().count(), sorted(layer.editBuffer().addedFeatures()))
    layers_before = sorted(QgsProject.instance().mapLayers())
    wait_tasks()
    clear_bar(qgis_iface)
    pool, gate = HeldPool(), None
    try:
        task = section.start_import(str(csv), {}, append=append)
        assert task.status() == QgsTask.TaskStatus.Queued
        if end != "queued":
            inside, gate = hold_work(task, checks_after=end == "running")
            pool.release_one()
            assert inside.wait(60.0)  # the import is in its work
            if end == "stations on their way":
                gate.set()
                wait_result(task)  # no events processed: its end cannot reach the section
        task.cancel()  # what the task manager's cancel button does
        if gate is not None:
            gate.set()
        wait(lambda: section._task is None)
    finally:
        if gate is not None:
            gate.set()
        pool.release()
    wait_tasks()
    assert [text for text, _details in bar_messages(qgis_iface)] == [
        "Import of survey.csv canceled; nothing was added."]
    assert sorted(QgsProject.instance().mapLayers()) == layers_before
    assert layer.isEditable() and layer.isModified()
    assert (layer.featureCount(), layer.undoStack().count(), sorted(layer.editBuffer().addedFeatures())) == before
    assert layer.dataProvider().featureCount() == 0 and section.current_layer() is layer
    assert not python_errors


def test_an_import_started_after_the_project_closed_stays_the_one_a_close_cancels(plugin, qgis_new_project, tmp_path,
                                                                                    python_errors):
    """An import running when the project closed, ending after another import started in the new project, let go
    of that import: closing the project again left it running to its end."""
    csv = tmp_path / "survey.csv"
    csv.write_text("name,lat,lon,technology\nA,39.0,125.7,3G\nB,39.1,125.8,4G\n", encoding="utf-8")
    section = plugin.dock.sections["stations"]
    wait_tasks()
    pool, gates = HeldPool(), []
    try:
        first = section.start_import(str(csv), {})
        inside, gate = hold_work(first)
        gates.append(gate)
        pool.release_one()
        assert inside.wait(60.0)  # the first import is in its work
        QgsProject.instance().clear()
        second = section.start_import(str(csv), {})
        second_inside, second_gate = hold_work(second)
        gates.append(second_gate)
        gate.set()
        wait(second_inside.is_set)  # the first import has ended, the second is in its work
        assert section._task is second
        QgsProject.instance().clear()  # the second import is canceled too
        second_gate.set()
        wait(lambda: section._task is None)
    finally:
        for gate in gates:
            gate.set()
        pool.release()
    wait_tasks()
    assert not python_errors
    assert QgsProject.instance().mapLayers() == {}


# -- stations: S key, canvas clicks, undo/redo, imports through the dialog ------------------------
def test_stations_by_keyboard_and_clicks_then_csv_and_kml_imports(plugin, qgis_iface, qgis_new_project, tmp_path):
    section = plugin.dock.sections["stations"]
    layer = section.new_layer(str(tmp_path / "stations.gpkg"))
    section.open_form.setChecked(False)
    section.technology.setCurrentText("3G")
    canvas = qgis_iface.mapCanvas()
    centre = set_canvas(canvas, "EPSG:3857", (125.75, 39.03), layers=[layer])
    window = qgis_iface.mainWindow()
    window.show()
    window.activateWindow()
    QApplication.setActiveWindow(window)
    QApplication.processEvents()
    QTest.keyClick(window, Qt.Key.Key_S)
    assert canvas.mapTool() is section.tool and section.add_button.isChecked()
    click(canvas.mapTool(), canvas, centre)
    click(canvas.mapTool(), canvas, QgsPointXY(centre.x() + 2000.0, centre.y()))
    wait(lambda: not section._count_timer.isActive())
    assert layer.featureCount() == 2 and section.counts_label.text().startswith("2 stations")
    assert "2 stations (2 confirmed)" in plugin.dock.summary_label.text()
    layer.undoStack().undo()
    wait(lambda: not section._count_timer.isActive())
    assert layer.featureCount() == 1 and section.counts_label.text().startswith("1 station:")
    layer.undoStack().redo()
    wait(lambda: not section._count_timer.isActive())
    assert layer.featureCount() == 2
    assert section.save_edits() and layer.dataProvider().featureCount() == 2
    QTest.keyClick(window, Qt.Key.Key_S)  # S again: back to the previous tool
    assert canvas.mapTool() is not section.tool and not section.add_button.isChecked()

    # a CSV, then a KML added to the same layer, both through the import dialog
    lonlat = (125.75, 39.03)
    csv = tmp_path / "survey.csv"
    csv.write_text(f"name,lat,lon,technology\nA,{lonlat[1] + 0.1},{lonlat[0]},4G\nB,{lonlat[1] + 0.2},{lonlat[0]},2G\n",
                   encoding="utf-8")
    kml = tmp_path / "towers.kml"
    kml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        "<Folder><name>Koryolink</name>"
        f"<Placemark><name>K1</name><Point><coordinates>{lonlat[0] + 0.3},{lonlat[1]},0</coordinates></Point>"
        "</Placemark>"
        f"<Placemark><name>A again</name><Point><coordinates>{lonlat[0] + 0.0002},{lonlat[1] + 0.1},0"
        "</coordinates></Point></Placemark></Folder></Document></kml>", encoding="utf-8")
    for path in (csv, kml):
        def fill(dialog, path=path):
            dialog.file_widget.setFilePath(str(path))
            assert dialog.append.isEnabled() and dialog.append.isChecked()
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

        seen = drive_modal(fill)
        QTest.mouseClick(section.import_button, Qt.MouseButton.LeftButton)
        assert seen, "the import dialog did not open"
        wait(lambda: section._task is None)
    wait(lambda: not section._count_timer.isActive())
    rows = {f["name"]: f for f in layer.getFeatures()}
    assert sorted(rows) == ["", "A", "B", "K1"]  # the two clicked stations have no name
    assert layer.featureCount() == 5  # the KML's "A again" merged into A (150 m)
    assert rows["K1"]["operator"] == "Koryolink"
    assert rows["A"]["source"] == "survey.csv; towers.kml"
    assert section.counts_label.text().startswith("5 stations")


# -- detection, review, re-rank --------------------------------------------------------------------
def test_detection_fills_the_review_queue_and_a_new_run_extends_it(plugin, qgis_iface, qgis_new_project, scene,
                                                                   tmp_path):
    detection = plugin.dock.sections["detection"]
    panel, review = detection.detection, detection.review
    image = scene_layer(scene, tmp_path / "scene.tif")
    image.setCustomProperty("basestation_mapper/acquisition_date", "2020-10-10")
    set_canvas(qgis_iface.mapCanvas(), "EPSG:32652", (129.0, 39.0), layers=[image])
    panel.raster_combo.setLayer(image)
    panel.sun_spin.setValue(round(scene.sun_azimuth))
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait(lambda: panel.task is None)
    target = panel.target_combo.currentLayer()
    n = target.featureCount()
    assert n > 0
    # "candidates go to the review queue below"
    assert review.current_layer() is target
    assert len(review.queue) == n and review.current_label.text().startswith(f"1/{n}")

    window = qgis_iface.mainWindow()
    window.show()
    plugin.dock.show()  # as QGIS's iface.addDockWidget does (pytest-qgis's leaves it hidden): A/R/P act then
    window.activateWindow()
    QApplication.setActiveWindow(window)
    QApplication.processEvents()
    first, second = review.queue[:2]
    QTest.keyClick(window, Qt.Key.Key_A)
    QTest.keyClick(window, Qt.Key.Key_R)
    QTest.keyClick(window, Qt.Key.Key_P)
    assert review.current_fid() == second
    assert target.getFeature(first)["status"] == "confirmed"
    assert target.getFeature(second)["status"] == "rejected"

    # a second image of another date, of the next area east, into the same layer: its candidates join the queue
    # (masts the layer already holds are not added twice)
    from dataclasses import replace

    east = list(scene.transform)
    east[0] += scene.image.shape[2] * scene.resolution + 500.0
    other = scene_layer(replace(scene, transform=tuple(east)), tmp_path / "scene2.tif", "scene 2021")
    other.setCustomProperty("basestation_mapper/acquisition_date", "2021-05-05")
    panel.raster_combo.setLayer(other)
    panel.sun_spin.setValue(round(scene.sun_azimuth))
    assert panel.run()
    wait(lambda: panel.task is None)
    open_candidates = [f.id() for f in target.getFeatures() if f["status"] == "candidate"]
    assert target.featureCount() > n
    assert review.queue[:2] == [first, second] and review.progress.value() == 2  # the decisions stay counted
    assert sorted(review.queue[2:]) == sorted(open_candidates)
    assert review.date_filter.findData("2021-05-05") >= 0


def test_rerank_reorders_the_review_queue(plugin, qgis_new_project):
    import json

    import pandas as pd

    from basestation_mapper.plugin.core.stations import default_record
    from basestation_mapper.plugin.qgis_io.imagery import write_candidates
    from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer

    rng = np.random.default_rng(3)
    base = [0.4, 0.8, 30, 1, 0.4, 2, 0, 0.3, 0.2, 0.2, 1, 0, 2, 0, 0.3, 1, 1, 1, 1, 0, 0, 0.1]
    rows = []
    for i in range(40):
        real = i % 2 == 0
        f = list(base)
        f[8] = (0.8 if real else 0.1) + 0.1 * rng.random()
        rows.append(default_record(status="confirmed" if real else "rejected", origin="detected",
                                   confidence=float(rng.random()), features=json.dumps(f), lon=125.0 + i * 0.001,
                                   lat=39.0))
    for i in range(6):  # the detector liked the last three best; the analyst's towers look like the first three
        f = list(base)
        f[8] = 0.9 if i < 3 else 0.05
        rows.append(default_record(status="candidate", origin="detected", confidence=0.5 + 0.05 * i,
                                   features=json.dumps(f), name=f"c{i}", lon=125.5 + i * 0.001, lat=39.0))
    layer = create_memory_station_layer("review")
    write_candidates(layer, pd.DataFrame(rows))
    QgsProject.instance().addMapLayer(layer)
    detection = plugin.dock.sections["detection"]
    detection.detection.target_combo.setLayer(layer)
    detection.review.set_layer(layer)
    layer.startEditing()  # as during a review: the re-ranking goes to the edit buffer
    review = detection.review
    assert review.summary() == "review 40/46"  # the 40 decided before are read from the layer

    def open_names():
        return [layer.getFeature(fid)["name"] for fid in review.queue if fid not in review.decided]

    assert open_names() == ["c5", "c4", "c3", "c2", "c1", "c0"]
    click_rerank(detection.detection)
    assert detection.detection.last_gain is not None
    names = open_names()
    assert set(names[:3]) == {"c0", "c1", "c2"}, names
    assert review.current_label.text().startswith("41/46")
    layer.rollBack()


# -- save, close, reopen: every section as it was left ---------------------------------------------
def test_project_round_trip_restores_every_section(plugin, qgis_new_project, tmp_path):
    from basestation_mapper.plugin.qgis_io.station_layer import create_station_gpkg

    pop, regions, _memory_stations = coverage_inputs(tmp_path)
    stations = create_station_gpkg(str(tmp_path / "st.gpkg"), name="st")
    QgsProject.instance().addMapLayer(stations)
    dock = plugin.dock
    stations_section = dock.sections["stations"]
    stations_section.set_layer(stations)
    stations_section.technology.setCurrentText("4G")
    stations_section.operator.setText("Kangsong")
    stations_section.operator.editingFinished.emit()
    stations_section.height.setValue(41)
    detection = dock.sections["detection"]
    detection.detection.raster_combo.setLayer(pop)
    detection.detection.sun_spin.setValue(135)
    detection.detection.extent_combo.setCurrentIndex(detection.detection.extent_combo.findData("canvas"))
    detection.review.set_layer(stations)
    detection.review.scale.setValue(5000)
    coverage = dock.sections["coverage"]
    set_coverage(coverage, stations, regions, pop)
    coverage.freq_spin.setValue(1800)
    coverage.model_combo.setCurrentIndex(coverage.model_combo.findData("cost231"))
    export = dock.sections["export"]
    export.folder.setFilePath(str(tmp_path / "out"))
    export.base_name.setText("pyongyang")
    export.set_layer_checked(stations)
    export.set_layer_checked(regions)
    export.format_checks["geojson"].setChecked(True)
    export.stations_combo.setLayer(stations)
    export.stations_csv.setChecked(True)
    export.raster_combo.setLayer(pop)
    export.raster_tif.setChecked(True)
    export.regions_combo.setLayer(regions)
    export.region_field.setField("name")
    export.title_edit.setText("North coverage")
    export.pdf_path.setFilePath(str(tmp_path / "report.pdf"))
    dock.group_boxes["imagery"].setCollapsed(True)
    saved = dock.state()
    assert QgsProject.instance().isDirty()

    path = str(tmp_path / "work.qgz")
    assert QgsProject.instance().write(path)
    QgsProject.instance().clear()
    QgsApplication.processEvents()
    assert export.checked_layers() == [] and export.stations_combo.currentLayer() is None
    assert QgsProject.instance().read(path)
    QgsApplication.processEvents()
    restored = dock.state()
    assert restored == saved
    assert export.stations_combo.currentLayer().name() == "st"
    assert sorted(layer.name() for layer in export.checked_layers()) == ["Regions", "st"]
    assert export.raster_tif.isChecked() and export.pdf_path.filePath().endswith("report.pdf")
    assert coverage.freq_spin.value() == 1800 and coverage.station_combo.currentLayer().name() == "st"
    assert stations_section.current_layer().name() == "st" and stations_section.operator.text() == "Kangsong"
    assert detection.review.current_layer().name() == "st" and detection.detection.sun_spin.value() == 135
    assert dock.group_boxes["imagery"].isCollapsed()
    assert not QgsProject.instance().isDirty()  # opening a project is no edit


# -- deleting layers the dock points at -------------------------------------------------------------
def test_deleting_layers_the_dock_uses(plugin, qgis_iface, qgis_new_project, tmp_path, python_errors):
    pop, regions, stations = coverage_inputs(tmp_path)
    dock = plugin.dock
    dock.sections["stations"].set_layer(stations)
    review = dock.sections["detection"].review
    review.set_layer(stations)
    coverage = dock.sections["coverage"]
    set_coverage(coverage, stations, regions, pop, live=True)
    export = dock.sections["export"]
    export.set_layer_checked(stations)
    export.stations_combo.setLayer(stations)
    dock.sections["detection"].detection.raster_combo.setLayer(pop)
    coverage.run()
    gone, name = [stations.id(), pop.id()], stations.name()
    QgsProject.instance().removeMapLayers(gone)  # while the coverage runs
    wait_tasks()
    assert dock.sections["stations"].current_layer() is None
    assert review.current_layer() is None and review.queue == []
    assert coverage.station_combo.currentLayer() is None and coverage.raster_combo.currentLayer() is None
    assert export.checked_layers() == [] and export.stations_combo.currentLayer() is None
    assert dock.sections["detection"].detection.raster_combo.currentLayer() is None
    assert find_layer("Coverage") is None  # the run for the deleted layer added nothing
    state = dock.state()
    assert not any(layer_id in str(state) for layer_id in gone)
    # live mode with no station layer left says so (naming the layer removed) instead of failing
    regions.startEditing()
    regions.changeAttributeValue(next(regions.getFeatures()).id(), 0, "Renamed")
    coverage._station_edited()
    wait(lambda: f"station layer '{name}' was removed" in coverage.status_label.text(), 5)
    regions.rollBack()
    assert not python_errors


# -- unload and load again --------------------------------------------------------------------------
def test_unload_during_work_then_edits_and_project_changes_raise_nothing(qgis_iface, qgis_new_project,
                                                                         qgis_processing, scene, tmp_path,
                                                                         python_errors):
    import basestation_mapper

    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    pop, regions, stations = coverage_inputs(tmp_path)
    coverage = plugin.dock.sections["coverage"]
    set_coverage(coverage, stations, regions, pop, live=True)
    plugin.dock.sections["stations"].set_layer(stations)
    panel = plugin.dock.sections["detection"].detection
    panel.raster_combo.setLayer(scene_layer(scene, tmp_path / "scene.tif"))
    assert panel.run()
    coverage.run()
    canvas = qgis_iface.mapCanvas()
    plugin.dock.sections["stations"].add_action.trigger()
    plugin.unload()
    assert canvas.mapTool() is None or canvas.mapTool().objectName() != "BaseStationMapperAddStationTool"
    wait_tasks()
    # what the analyst does next in QGIS reaches no leftover slot
    stations.startEditing()
    stations.changeAttributeValue(next(stations.getFeatures()).id(), stations.fields().indexOf("technology"), "4G")
    stations.rollBack()
    QgsProject.instance().clear()
    time.sleep(0.6)  # longer than the live debounce
    QgsApplication.processEvents()
    assert QgsProject.instance().mapLayers() == {}
    assert not python_errors

    # loaded again: one of everything, working
    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    try:
        # in the same pass of the event loop, as a plugin reloader does it: no second shortcut
        window = qgis_iface.mainWindow()
        names = [a.objectName() for a in window.findChildren(type(plugin.dock_action))
                 if a.objectName().startswith("BaseStationMapper")]
        assert sorted(names) == sorted(set(names)) and "BaseStationMapperReviewAccept" in names, names
        keys = [a.shortcut().toString() for a in window.actions()]
        shortcuts = [k for k in keys if k in ("A", "R", "N", "P")]
        assert sorted(shortcuts) == ["A", "N", "P", "R"], shortcuts
        assert plugin.dock.summary_label.text().startswith(FIRST_RUN)
    finally:
        plugin.unload()
    assert not python_errors


def test_first_run_opens_the_sample_and_computes_its_coverage(plugin):
    """Empty project: the dock offers the sample; one click loads it and points the sections at
    it, and coverage with statistics per province runs on it."""
    QgsProject.instance().clear()
    dock = plugin.dock
    assert dock.sample_button.isVisibleTo(dock)
    QTest.mouseClick(dock.sample_button, Qt.MouseButton.LeftButton)
    assert not dock.sample_button.isVisibleTo(dock)
    stations = dock.sections["stations"].current_layer()
    assert stations is not None and stations.featureCount() > 700
    assert stations.dataProvider().name() == "memory"  # the shipped files stay untouched
    coverage = dock.sections["coverage"]
    assert coverage.region_combo.currentLayer().featureCount() == 12  # Natural Earth: 11 named + a sliver
    assert coverage.points_field.currentField() == "population"
    coverage.live_check.setChecked(False)
    from support.coverage import wait_for_coverage

    wait_for_coverage(coverage, lambda: QTest.mouseClick(coverage.run_button, Qt.MouseButton.LeftButton), 60.0)
    regions = [coverage.table.item(r, 0).text() for r in range(coverage.table.rowCount())]
    assert "P'yŏngyang" in regions and regions[-1] == "TOTAL"
    assert "% of population covered" in dock.summary_label.text()
    QgsProject.instance().clear()


def test_a_new_project_starts_the_dock_afresh(plugin):
    """File › New: the controls are back to how a new project starts, not the last project's."""
    coverage = plugin.dock.sections["coverage"]
    detection = plugin.dock.sections["detection"].detection
    radius, sun = coverage.radius_spin.value(), detection.sun_spin.value()
    coverage.radius_spin.setValue(radius + 1234.0)
    detection.sun_spin.setValue(sun + 42.0 if sun + 42.0 <= detection.sun_spin.maximum() else sun - 42.0)
    plugin.dock.group_boxes["export"].setCollapsed(not plugin.dock.group_boxes["export"].isCollapsed())
    collapsed = plugin.dock._initial_state["export"]["collapsed"]
    QgsProject.instance().clear()
    assert coverage.radius_spin.value() == radius
    assert detection.sun_spin.value() == sun
    assert plugin.dock.group_boxes["export"].isCollapsed() == collapsed
    assert not QgsProject.instance().isDirty()


def test_an_empty_station_layer_is_no_first_run(plugin, qgis_new_project, tmp_path):
    """Right after New… (or with every station undone) the dock does not say 'Nothing loaded yet … create a
    station layer': it names the layer and says how to fill it."""
    dock = plugin.dock
    assert dock.summary_label.text().startswith(FIRST_RUN)
    section = dock.sections["stations"]
    section.new_layer(str(tmp_path / "survey.gpkg"))
    text = dock.summary_label.text()
    assert not text.startswith(FIRST_RUN)
    assert "survey" in text and "Add station (S)" in text and "Import" in text
    assert not dock.sample_button.isVisibleTo(dock)
    section.set_layer(None)
    assert dock.summary_label.text().startswith(FIRST_RUN)


def test_the_summary_stays_in_view_while_the_sections_scroll(plugin, qgis_new_project):
    """Scrolled down to Export with every section open, the one-line summary is still on screen."""
    from qgis.PyQt.QtWidgets import QScrollArea

    dock = plugin.dock
    window = plugin.iface.mainWindow()
    window.show()
    dock.setFloating(True)
    dock.show()
    dock.resize(420, 500)
    for box in dock.group_boxes.values():
        box.setCollapsed(False)
    QApplication.processEvents()
    scroll = dock.findChild(QScrollArea)
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0  # the sections do not fit: the dock scrolls
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    assert dock.summary_label.isVisible() and not dock.summary_label.visibleRegion().isEmpty()
    assert not dock.sections["export"].export_button.visibleRegion().isEmpty()


def test_coverage_follows_the_station_layer_chosen_in_stations(plugin, qgis_new_project, tmp_path):
    """A project holding population points before any station layer: the Coverage section's station list fell
    on them, and after New… in Stations, Compute coverage treated every populated place as a station. The
    Coverage section now follows the station layer chosen in Stations, unless another station layer was
    chosen there on purpose."""
    from qgis.core import QgsVectorLayer

    places = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string&field=population:integer", "places", "memory")
    QgsProject.instance().addMapLayer(places)
    coverage = plugin.dock.sections["coverage"]
    stations = plugin.dock.sections["stations"]
    assert coverage.station_combo.currentLayer() is places
    first = stations.new_layer(str(tmp_path / "first.gpkg"))
    assert coverage.station_combo.currentLayer() is first
    second = stations.new_layer(str(tmp_path / "second.gpkg"))
    assert coverage.station_combo.currentLayer() is second  # it was following: it goes on following
    coverage.station_combo.setLayer(first)  # chosen on purpose in Coverage
    third = stations.new_layer(str(tmp_path / "third.gpkg"))
    assert stations.current_layer() is third and coverage.station_combo.currentLayer() is first


def test_review_follows_the_station_layer_chosen_in_stations(plugin, qgis_new_project, tmp_path):
    """Candidates imported (or opened) as the station layer: the review queue shows them without choosing the
    layer a second time in Review, unless another layer is reviewed there."""
    import pandas as pd

    from basestation_mapper.plugin.qgis_io import station_layer as sl

    df = pd.DataFrame({"lon": [125.70, 125.72], "lat": [39.0, 39.01], "name": ["a", "b"],
                       "status": ["candidate", "candidate"], "confidence": [0.4, 0.9]})
    layer = sl.write_frame_to_gpkg(df, str(tmp_path / "cand.gpkg"), name="cand")
    QgsProject.instance().addMapLayer(layer)
    review = plugin.dock.sections["detection"].review
    assert review.current_layer() is None
    plugin.dock.sections["stations"].set_layer(layer)
    assert review.current_layer() is layer and len(review.queue) == 2
    assert "review 0/2" in plugin.dock.summary_label.text()
    other = sl.write_frame_to_gpkg(df, str(tmp_path / "other.gpkg"), name="other")
    QgsProject.instance().addMapLayer(other)
    review.set_layer(other)  # reviewed on purpose
    plugin.dock.sections["stations"].set_layer(None)
    plugin.dock.sections["stations"].set_layer(layer)
    assert review.current_layer() is other
