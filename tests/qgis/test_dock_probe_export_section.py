"""The dock's Export section as an analyst meets it: no folder chosen yet (a new install), a folder or PDF typed
as a bare name, Export clicked twice, a folder that is a file."""

from __future__ import annotations

import os

import pytest
from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from support.export_layers import ready_export_section, wait_for_export
from support.message_bar import bar_messages

from basestation_mapper.plugin.settings import ExportSettings


@pytest.fixture(autouse=True)
def _forget_export_settings():
    yield
    ExportSettings.reset()
    QgsSettings().sync()




def _setup(plugin, tmp_path):
    section, _stations, _cov, reg, _stats = ready_export_section(plugin, tmp_path / "결과", "net")
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
    wait_for_export(section)
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
    wait_for_export(section)
    QgsApplication.taskManager().taskAdded.disconnect(tasks.append)
    assert len(tasks) == 1
    assert section.export_button.isEnabled()
    assert len(section.last_result) == 4 and not section.last_errors

    section.folder.setFilePath(str(tmp_path / "again"))
    task = section.export()
    assert not section.export_button.isEnabled()
    task.cancel()
    wait_for_export(section)
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
    wait_for_export(section)
    assert not section.last_result
    assert section.status.text().count("not a folder") == 1, section.status.text()
    assert os.listdir(tmp_path) == ["결과.txt"]
    assert not python_errors
