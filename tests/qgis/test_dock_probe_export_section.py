"""The dock's Export section as an analyst meets it: no folder chosen yet (a new install), a folder or PDF typed
as a bare name, Export clicked twice, a folder that is a file."""

from __future__ import annotations

import os
import time

import pytest
from qgis.core import QgsApplication, QgsProject, QgsSettings
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from support.export_layers import coverage_layer, regions_layer, station_layer, stats_layer
from support.message_bar import bar_messages

from basestation_mapper.plugin.settings import ExportSettings


@pytest.fixture(autouse=True)
def _forget_export_settings():
    yield
    ExportSettings.reset()
    QgsSettings().sync()


def _wait_for(section, timeout=20.0):
    start = time.time()
    while section._task is not None:
        QgsApplication.processEvents()
        assert time.time() - start < timeout, "export task did not finish"
        time.sleep(0.01)
    QgsApplication.processEvents()


def _setup(plugin, tmp_path):
    stations = station_layer()
    cov = coverage_layer(stations)
    reg = regions_layer()
    stats = stats_layer()
    QgsProject.instance().addMapLayers([stations, cov, reg, stats])
    section = plugin.dock.sections["export"]
    section.set_layer_checked(cov)
    section.set_layer_checked(stations)
    for key, box in section.format_checks.items():
        box.setChecked(key in ("gpkg", "kmz"))
    section.stations_combo.setLayer(stations)
    section.stations_csv.setChecked(True)
    section.stats_combo.setLayer(stats)
    section.stats_xlsx.setChecked(True)
    section.folder.setFilePath(str(tmp_path / "결과"))
    section.base_name.setText("net")
    return section, reg


@pytest.mark.parametrize("folder", ["", "결과"])
def test_export_without_a_full_folder_path_is_refused(plugin, tmp_path, monkeypatch, python_errors, folder):
    """A new install has no last folder: Export wrote the files into whatever folder QGIS was started from (its
    program folder, the home folder), saying '4 files written to ' with no folder; a folder typed as a bare name
    went there too. The dock asks for a folder and writes nothing."""
    section, _reg = _setup(plugin, tmp_path)
    started_in = tmp_path / "QGIS started here"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    section.folder.setFilePath(folder)
    plugin.iface.messageBar().clearWidgets()
    QTest.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    assert section._task is None
    _wait_for(section)
    assert list(started_in.iterdir()) == []
    assert "folder" in section.status.text()
    said = bar_messages(plugin.iface)
    assert len(said) == 1 and "folder" in said[0][0], said
    assert not python_errors


def test_report_pdf_typed_as_a_bare_name_is_refused(plugin, tmp_path, monkeypatch, python_errors):
    """'report.pdf' typed in the PDF box (not browsed to) was written into the folder QGIS was started from."""
    section, reg = _setup(plugin, tmp_path)
    started_in = tmp_path / "QGIS started here"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    section.regions_combo.setLayer(reg)
    section.pdf_path.setFilePath("보고서.pdf")
    QTest.mouseClick(section.report_button, Qt.MouseButton.LeftButton)
    assert list(started_in.iterdir()) == []
    assert "PDF" in section.status.text() and "보고서.pdf" in section.status.text()
    assert not python_errors


def test_export_clicked_twice_runs_once(plugin, tmp_path, python_errors):
    """A second click on Export while the first export writes the same files started a second task writing them
    at the same time (the button stayed on, and the files not being there yet, nothing was asked). The button is
    off while an export runs and on again once it ends, done or canceled."""
    section, _reg = _setup(plugin, tmp_path)
    tasks = []
    QgsApplication.taskManager().taskAdded.connect(tasks.append)
    QTest.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    assert section._task is not None and not section.export_button.isEnabled()
    QTest.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    assert section.export() is None  # asked from code: refused too, saying why
    assert "running" in section.status.text()
    _wait_for(section)
    QgsApplication.taskManager().taskAdded.disconnect(tasks.append)
    assert len(tasks) == 1
    assert section.export_button.isEnabled()
    assert len(section.last_result) == 4 and not section.last_errors

    section.folder.setFilePath(str(tmp_path / "again"))
    task = section.export()
    assert not section.export_button.isEnabled()
    task.cancel()
    _wait_for(section)
    assert section.export_button.isEnabled()
    assert not (tmp_path / "again").exists() or not list((tmp_path / "again").iterdir())
    assert not python_errors


def test_a_folder_that_is_a_file_is_said_once(plugin, tmp_path, python_errors):
    """The folder chosen is a file: the message said '... is not a folder.' once per file planned (four times)."""
    section, _reg = _setup(plugin, tmp_path)
    blocker = tmp_path / "결과.txt"
    blocker.write_text("x")
    section.folder.setFilePath(str(blocker))
    QTest.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    _wait_for(section)
    assert not section.last_result
    assert section.status.text().count("not a folder") == 1, section.status.text()
    assert os.listdir(tmp_path) == ["결과.txt"]
    assert not python_errors
