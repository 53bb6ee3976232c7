"""The import dialog's reads in the background: Check file and the first read of a large vector file run in QGIS's
task manager (QGIS froze 2.6 s checking a 200,000-row CSV), can be canceled, and what they find is shown only for
the file and choices they were started for; why "Add to the current station layer" is not offered is said in the
dialog; the import task is named by the file's name whichever separator its path is written with."""

from __future__ import annotations

import json

import pytest
from qgis.core import QgsApplication
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QDialogButtonBox
from support.stations_data import station_csv, write
from support.task_pool import HeldPool, hold_work, wait_result
from support.waiting import wait_until

from basestation_mapper.plugin.tasks.import_task import check_file_task, import_stations_task, probe_vector_task
from basestation_mapper.plugin.ui.import_dialog import BACKGROUND_READ_BYTES, ImportDialog

NO_LAYER = "No station layer is chosen in the dock: the stations go to a new layer."


@pytest.fixture(autouse=True)
def _no_dialog_left_open():
    """A test stopped halfway leaves no dialog open for the next (one looking for the dock's dialog)."""
    yield
    from qgis.PyQt.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ImportDialog) and not sip.isdeleted(widget) and widget.isVisible():
            widget.reject()


def _dialog(**kwargs):
    dialog = ImportDialog(None, 0.0, **kwargs)
    dialog.show()
    return dialog


def _tasks_end():
    manager = QgsApplication.taskManager()
    wait_until(lambda: not manager.countActiveTasks(), timeout=60)


def _click_check(dialog):
    QTest.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)


def _click_ok(dialog):
    QTest.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def _towers_with_a_bad_row(path):
    return write(path, "name,lon,lat,technology\nA,125.7,39.0,3G\nB,125.8,95,3G\nC,125.9,39.1,4G\n")


def _large_geojson(path, n=None):
    """A GeoJSON of towers larger than what the dialog reads at once."""
    n = n or BACKGROUND_READ_BYTES // 120 + 1000
    features = [{"type": "Feature", "properties": {"name": f"Tower {i:05d}", "technology": "4G",
                                                   "operator": "Koryolink"},
                 "geometry": {"type": "Point", "coordinates": [125.0 + (i % 100) * 0.01, 38.5 + (i // 100) * 0.01]}}
                for i in range(n)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    assert path.stat().st_size >= BACKGROUND_READ_BYTES
    return path


# -- Check file -------------------------------------------------------------------------------------------------------
def test_check_file_reads_in_the_background_and_says_what_it_said(qgis_iface, tmp_path, python_errors):
    """Check file read the file on the main thread (QGIS froze while it read a large one). The click returns at once,
    the button says it is running and the report that the file is being read; the task is in QGIS's task manager;
    when it ends the report says what the check on the main thread says, word for word, and the button is back."""
    path = _towers_with_a_bad_row(tmp_path / "towers.csv")
    dialog = _dialog()
    dialog.file_widget.setFilePath(str(path))
    assert len(dialog.check().stations) == 2
    said = dialog.report.toPlainText()
    assert said.startswith("2 stations can be imported.\n1 bad row:\n"), said
    dialog.report.clear()

    _click_check(dialog)
    assert dialog.checking() and dialog.check_button.text() == "Cancel check"
    assert dialog.report.toPlainText() == "Checking towers.csv… 0 %"
    assert "Check towers.csv for import" in [t.description() for t in QgsApplication.taskManager().tasks()]
    wait_until(lambda: not dialog.checking(), timeout=30)
    assert dialog.report.toPlainText() == said
    assert dialog.check_button.text() == "Check file"
    # what cannot be read as set is said at once, as before (nothing to read in the background)
    lat = dialog.role_combos["lat"]
    lat.setCurrentIndex(lat.findData(""))
    _click_check(dialog)
    assert not dialog.checking() and dialog.check_button.text() == "Check file"
    assert "only lon has one" in dialog.report.toPlainText()
    # a file that cannot be read: the reader's reason, as before
    bad = write(tmp_path / "bad.csv", "name,lon,lat\n")
    dialog.file_widget.setFilePath(str(bad))
    dialog.check()
    refused = dialog.report.toPlainText()
    dialog.merge_distance.setValue(150.0)
    dialog.merge_distance.setValue(0.0)
    _click_check(dialog)
    wait_until(lambda: not dialog.checking(), timeout=30)
    assert dialog.report.toPlainText() == refused
    assert not python_errors
    dialog.deleteLater()


@pytest.mark.parametrize("when", ["not started", "running", "result on its way"])
def test_check_file_pressed_again_cancels_it(qgis_iface, tmp_path, python_errors, when):
    """While Check file runs its button cancels it, queued, reading or its result on its way to the dialog: the
    report says it was canceled and the result never replaces that; the button checks again."""
    path = _towers_with_a_bad_row(tmp_path / "towers.csv")
    dialog = _dialog()
    dialog.file_widget.setFilePath(str(path))
    _tasks_end()
    pool, gate = HeldPool(), None
    try:
        _click_check(dialog)
        task = dialog._running["check"]
        if when != "not started":
            inside, gate = hold_work(task, checks_after=False)
            pool.release_one()
            assert inside.wait(60.0)
            if when == "result on its way":
                gate.set()
                wait_result(task)
        assert dialog.check_button.text() == "Cancel check"
        _click_check(dialog)
        assert task.isCanceled() and not dialog.checking()
        assert dialog.check_button.text() == "Check file" and dialog.report.toPlainText() == "Check canceled."
    finally:
        if gate is not None:
            gate.set()
        pool.release()
    _tasks_end()
    assert dialog.report.toPlainText() == "Check canceled." and dialog.check_button.text() == "Check file"
    # and checks again
    _click_check(dialog)
    wait_until(lambda: not dialog.checking(), timeout=30)
    assert dialog.report.toPlainText().startswith("2 stations can be imported.")
    assert not python_errors
    dialog.deleteLater()


@pytest.mark.parametrize("change", ["another file", "another column", "closed", "deleted"])
@pytest.mark.parametrize("when", ["running", "result on its way"])
def test_a_check_is_never_shown_for_a_file_or_dialog_it_was_not_for(qgis_iface, tmp_path, python_errors, change,
                                                                   when):
    """Another file or column chosen, or the dialog closed or deleted, while Check file reads (or its result is on
    its way): the check is canceled and its result is not shown (another file's report would be wrong), nor does it
    reach a dialog that is gone."""
    path = _towers_with_a_bad_row(tmp_path / "towers.csv")
    other = station_csv(tmp_path / "other.csv")
    dialog = _dialog()
    dialog.file_widget.setFilePath(str(path))
    _tasks_end()
    pool, gate = HeldPool(), None
    try:
        _click_check(dialog)
        task = dialog._running["check"]
        inside, gate = hold_work(task, checks_after=False)
        pool.release_one()
        assert inside.wait(60.0)
        if when == "result on its way":
            gate.set()
            wait_result(task)
        if change == "another file":
            dialog.file_widget.setFilePath(str(other))
        elif change == "another column":
            name = dialog.role_combos["name"]
            name.setCurrentIndex(name.findData("technology"))
        elif change == "closed":
            dialog.reject()
        else:
            sip.delete(dialog)
        assert task.isCanceled()
    finally:
        if gate is not None:
            gate.set()
        pool.release()
    _tasks_end()
    assert not python_errors
    if change == "deleted":
        return
    assert not dialog.checking() and dialog.check_button.text() == "Check file"
    assert "can be imported" not in dialog.report.toPlainText()
    if change != "closed":  # what was said of the file as it was is gone
        assert dialog.report.toPlainText() == ""
    if change == "another file":
        assert dialog.kind_label.text() == "CSV (utf-8, delimiter ',')" and dialog.preview.rowCount() == 3
    dialog.deleteLater()


# -- a large vector file ----------------------------------------------------------------------------------------------
def test_a_large_vector_file_is_read_in_the_background(qgis_iface, tmp_path, python_errors):
    """A vector file was opened through OGR on the main thread as it was chosen, three times (its layers, its
    tables, its driver): OGR reads a whole GeoJSON to open it. A large one is read once, in the background: the
    format says so meanwhile, and OK and Check file say to wait; then its format, layers and check are as a small
    file's."""
    path = _large_geojson(tmp_path / "towers.geojson")
    dialog = _dialog()
    dialog.file_widget.setFilePath(str(path))
    assert dialog.kind_label.text() == "GeoJSON (reading the file…)"
    still = "towers.geojson is still being read: its layers and columns are shown when it is read."
    _click_ok(dialog)
    assert dialog.isVisible() and dialog.result() == 0 and dialog.report.toPlainText() == still
    assert dialog.check() is None and dialog.report.toPlainText() == still
    wait_until(lambda: "reading" not in dialog.kind_label.text(), timeout=60)
    assert dialog.kind_label.text() == "GeoJSON" and not dialog.report.toPlainText()
    assert not dialog.layer_combo.isVisibleTo(dialog) and not dialog.csv_box.isVisibleTo(dialog)
    n = len(json.loads(path.read_text())["features"])
    _click_check(dialog)
    wait_until(lambda: not dialog.checking(), timeout=60)
    assert dialog.report.toPlainText().startswith(f"{n:,} stations can be imported."), dialog.report.toPlainText()
    _click_ok(dialog)
    assert not dialog.isVisible() and dialog.result() == 1
    assert not python_errors
    dialog.deleteLater()


def _tables_gpkg(path, n):
    """A GeoPackage of two tables without geometry, placed by their lon/lat columns: 'survey' of ``n`` rows
    (columns name, lon, lat) and 'extra' of two (site, longitude, latitude)."""
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    for name, columns, rows in (
            ("survey", ("name", "lon", "lat"), [(f"Tower {i:06d} " + "x" * 40, 125.0 + i * 1e-5, 39.0)
                                                for i in range(n)]),
            ("extra", ("site", "longitude", "latitude"), [("E1", 126.0, 38.0), ("E2", 126.1, 38.1)])):
        lyr = ds.CreateLayer(name, geom_type=ogr.wkbNone)
        for column, kind in zip(columns, (ogr.OFTString, ogr.OFTReal, ogr.OFTReal)):
            lyr.CreateField(ogr.FieldDefn(column, kind))
        lyr.StartTransaction()
        for row in rows:
            feat = ogr.Feature(lyr.GetLayerDefn())
            for column, value in zip(columns, row):
                feat.SetField(column, value)
            lyr.CreateFeature(feat)
        lyr.CommitTransaction()
    feat = lyr = ds = None
    return path


def test_the_tables_of_a_large_file_read_in_the_background_are_offered_as_a_small_ones(qgis_iface, tmp_path,
                                                                                      python_errors):
    """A large GeoPackage of two tables placed by lon/lat columns, read in the background: both are offered, each
    with its own columns and first rows, as a small file's are; the other table is shown when chosen."""
    large = _tables_gpkg(tmp_path / "large.gpkg", 20000)
    assert large.stat().st_size >= BACKGROUND_READ_BYTES
    small = _tables_gpkg(tmp_path / "small.gpkg", 30)
    assert small.stat().st_size < BACKGROUND_READ_BYTES
    dialog = _dialog()
    seen = []
    for path in (small, large):
        dialog.file_widget.setFilePath(str(path))
        assert (dialog.kind_label.text() == "GeoPackage (reading the file…)") == (path == large)
        wait_until(lambda: "reading" not in dialog.kind_label.text(), timeout=60)
        shown = [dialog.kind_label.text(), [dialog.layer_combo.itemData(i) for i in range(dialog.layer_combo.count())],
                 dialog.role_combos["lon"].currentData(), dialog.preview.item(0, 0).text()]
        dialog.layer_combo.setCurrentIndex(dialog.layer_combo.findData("extra"))
        shown += [dialog.kind_label.text(), dialog.role_combos["lon"].currentData(), dialog.preview.rowCount(),
                  dialog.preview.item(1, 0).text(), list(dialog.check().stations["name"])]
        seen.append(shown)
    assert seen[0][1:] == seen[1][1:]
    assert seen[1] == ["GeoPackage layer 'survey'", ["survey", "extra"], "lon", "Tower 000000 " + "x" * 40,
                       "GeoPackage layer 'extra'", "longitude", 2, "E2", ["E1", "E2"]], seen
    assert not python_errors
    dialog.deleteLater()


def test_a_large_file_ogr_cannot_open_is_said_as_a_small_ones(qgis_iface, tmp_path, python_errors):
    """A large file named .geojson that is none: read in the background, it is said to be unreadable, with the
    reader's reason, as a small one is at once; OK leaves the dialog open."""
    path = tmp_path / "towers.geojson"
    path.write_bytes(b"{" + b" " * BACKGROUND_READ_BYTES)
    small = tmp_path / "small.geojson"
    small.write_bytes(b"{")
    dialog = _dialog()
    dialog.file_widget.setFilePath(str(small))
    assert dialog.kind_label.text() == "GeoJSON (cannot be read)"
    reason = dialog.report.toPlainText()
    assert reason.startswith("small.geojson: cannot be opened as vector data"), reason
    dialog.file_widget.setFilePath(str(path))
    assert dialog.kind_label.text() == "GeoJSON (reading the file…)"
    wait_until(lambda: "reading" not in dialog.kind_label.text(), timeout=60)
    assert dialog.kind_label.text() == "GeoJSON (cannot be read)"
    assert dialog.report.toPlainText() == reason.replace("small.geojson", "towers.geojson")
    _click_ok(dialog)
    assert dialog.isVisible() and dialog.report.toPlainText() == reason.replace("small.geojson", "towers.geojson")
    assert not python_errors
    dialog.deleteLater()


@pytest.mark.parametrize("change", ["another file", "closed"])
def test_a_large_files_read_is_not_shown_for_another_file_or_a_closed_dialog(qgis_iface, tmp_path, python_errors,
                                                                            change):
    """Another file chosen, or the dialog closed, while a large vector file is read: its read is canceled and
    what it read is not shown."""
    path = _large_geojson(tmp_path / "towers.geojson")
    other = station_csv(tmp_path / "other.csv")
    dialog = _dialog()
    _tasks_end()
    pool = HeldPool()
    try:
        dialog.file_widget.setFilePath(str(path))
        task = dialog._running["probe"]
        if change == "another file":
            dialog.file_widget.setFilePath(str(other))
        else:
            dialog.reject()
        assert task.isCanceled()
    finally:
        pool.release()
    _tasks_end()
    if change == "another file":
        assert dialog.kind_label.text() == "CSV (utf-8, delimiter ',')" and dialog.preview.rowCount() == 3
        assert not dialog.report.toPlainText() and dialog.file_problem() is None
    else:
        assert dialog.kind_label.text() == "GeoJSON (reading the file…)"
    assert not python_errors
    dialog.deleteLater()


def test_a_large_files_read_canceled_in_the_task_manager_is_read_again_by_check_file(qgis_iface, tmp_path,
                                                                                     python_errors):
    """The read of a large vector file canceled in QGIS's task manager: the dialog does not wait for it forever, it
    says the file was not read and how to read it; Check file reads it."""
    path = _large_geojson(tmp_path / "towers.geojson")
    dialog = _dialog()
    _tasks_end()
    pool = HeldPool()
    try:
        dialog.file_widget.setFilePath(str(path))
        dialog._running["probe"].cancel()  # as the task manager's cancel button does
    finally:
        pool.release()
    _tasks_end()
    said = "Reading towers.geojson was canceled: press Check file to read it."
    assert dialog.kind_label.text() == "GeoJSON (not read)" and dialog.report.toPlainText() == said
    _click_ok(dialog)
    assert dialog.isVisible() and dialog.report.toPlainText() == said
    _click_check(dialog)
    assert dialog.kind_label.text() == "GeoJSON (reading the file…)"
    wait_until(lambda: "reading" not in dialog.kind_label.text(), timeout=60)
    assert dialog.kind_label.text() == "GeoJSON" and not dialog.report.toPlainText()
    assert not python_errors
    dialog.deleteLater()


# -- "Add to the current station layer" -----------------------------------------------------------------------------
def test_why_adding_to_the_current_layer_is_not_offered_is_said_in_the_dialog(qgis_iface, python_errors):
    """"Add to the current station layer" was greyed out with its reason only in a tooltip (none when no layer was
    chosen). The reason is shown under it while it is not offered, and nothing when it is."""
    offered = _dialog(can_append=True)
    assert offered.append.isEnabled() and not offered.append_reason.isVisibleTo(offered)
    offered.deleteLater()

    dialog = _dialog()
    assert not dialog.append.isEnabled()
    assert dialog.append_reason.isVisibleTo(dialog) and dialog.append_reason.text() == NO_LAYER
    # the caller's tooltip (the dock's: a read-only layer) is the reason shown
    dialog.append.setToolTip("towers is read-only: the stations go to a new layer.")
    assert dialog.append_reason.text() == "towers is read-only: the stations go to a new layer."
    dialog.set_append_reason("towers is being edited elsewhere.")
    assert dialog.append_reason.text() == "towers is being edited elsewhere."
    dialog.append.setEnabled(True)  # offered after all
    assert not dialog.append_reason.isVisibleTo(dialog)
    dialog.append.setEnabled(False)
    assert dialog.append_reason.isVisibleTo(dialog)
    assert not python_errors
    dialog.deleteLater()


def test_the_dock_s_import_dialog_says_a_read_only_layer_is_not_added_to(plugin, tmp_path, python_errors):
    """Import… with a read-only station layer chosen: the dialog says under the greyed-out choice that the stations
    go to a new layer; with none chosen, that none is; with a layer stations can be added to, nothing."""
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication

    section = plugin.dock.sections["stations"]
    seen = []

    def look():
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, ImportDialog) and w.isVisible() and w.parentWidget() is section)
        try:
            seen.append((dialog.append.isEnabled(), dialog.append_reason.isVisibleTo(dialog),
                         dialog.append_reason.text()))
        finally:
            dialog.reject()

    layer = section.new_layer(str(tmp_path / "towers.gpkg"))
    assert section.current_layer() is layer
    QTimer.singleShot(50, look)
    section.show_import_dialog()
    layer.setReadOnly(True)
    QTimer.singleShot(50, look)
    section.show_import_dialog()
    assert seen == [(True, False, ""),
                    (False, True, f"{layer.name()} is read-only: the stations go to a new layer.")]
    assert not python_errors


# -- the import task's name -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["C:\\data\\cells.csv", "/data/cells.csv", "\\\\server\\share\\cells.csv",
                                  "C:/data/cells.csv", "cells.csv"])
def test_the_tasks_are_named_by_the_file_s_name_whichever_its_separators(qgis_iface, path):
    """The import task's title split the path on '/' only: a Windows path showed whole in QGIS's task manager
    ('Import stations from C:\\data\\cells.csv'). Its name is the file's, as are the dialog's tasks'."""
    assert import_stations_task(path, {}, print).description() == "Import stations from cells.csv"
    assert check_file_task(path, {}, print).description() == "Check cells.csv for import"
    assert probe_vector_task(path, print).description() == "Read the layers of cells.csv"
