"""The dock's Export section driven through its widgets: files written, overwrite question, report."""

from __future__ import annotations

import re
import shutil
import subprocess
import time

import pytest
from qgis.core import QgsApplication, QgsProject, QgsSettings
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QMessageBox
from support.export_files import ogr_records, read_kmz
from support.export_layers import coverage_layer, regions_layer, station_layer, stats_layer

from basestation_mapper.plugin.settings import ExportSettings


@pytest.fixture(autouse=True)
def _forget_export_settings():
    """The section stores the last folder and formats in QgsSettings: leave the test profile clean."""
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


def _answer_next_question(button):
    """Click ``button`` on the next modal message box (the dock's real QMessageBox)."""
    seen = []

    def click():
        box = QgsApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, click)

    QTimer.singleShot(20, click)
    return seen


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
    section.stats_csv.setChecked(False)
    section.stats_xlsx.setChecked(True)
    section.folder.setFilePath(str(tmp_path / "내 결과"))
    section.base_name.setText("평양 coverage")
    return section, stations, cov, reg, stats


def test_layers_list_follows_project(plugin, qgis_new_project):
    section = plugin.dock.sections["export"]
    stations = station_layer()
    QgsProject.instance().addMapLayer(stations)
    names = [section.layers_list.item(i).text() for i in range(section.layers_list.count())]
    assert "Stations" in names
    QgsProject.instance().removeMapLayer(stations.id())
    names = [section.layers_list.item(i).text() for i in range(section.layers_list.count())]
    assert "Stations" not in names


def test_export_button_writes_files(plugin, qgis_new_project, tmp_path):
    section, stations, cov, _reg, _stats = _setup(plugin, tmp_path)
    QTest.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    _wait_for(section)
    folder = tmp_path / "내 결과"
    expected = {folder / "평양 coverage.gpkg", folder / "평양 coverage.kmz", folder / "평양 coverage_stations.csv",
                folder / "평양 coverage_statistics.xlsx"}
    assert set(section.last_result) == expected, section.last_errors
    assert not section.last_errors
    assert len(ogr_records(folder / "평양 coverage.gpkg", "Coverage")[0]) == cov.featureCount()
    assert [len(v) for v in read_kmz(folder / "평양 coverage.kmz").values()] == [12, 12]
    assert len(ogr_records(folder / "평양 coverage_stations.csv")[0]) == stations.featureCount()
    assert len(ogr_records(folder / "평양 coverage_statistics.xlsx")[0]) == 3
    assert "4 file(s) written" in section.status.text()

    # again: the dock asks; "No" keeps the files untouched
    before = {p: p.read_bytes() for p in expected}
    seen = _answer_next_question(QMessageBox.StandardButton.No)
    QTest.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    assert seen and "평양 coverage.gpkg" in seen[0]
    assert section._task is None and "kept" in section.status.text()
    assert {p: p.read_bytes() for p in expected} == before

    # "Yes" replaces them
    section.set_layer_checked(stations, False)
    _answer_next_question(QMessageBox.StandardButton.Yes)
    QTest.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    _wait_for(section)
    assert set(section.last_result) == expected
    assert list(read_kmz(folder / "평양 coverage.kmz")) == ["Coverage"]


def test_nothing_selected_says_so(plugin, qgis_new_project):
    section = plugin.dock.sections["export"]
    for box in section.format_checks.values():
        box.setChecked(False)
    section.stations_combo.setLayer(None)
    section.stats_combo.setLayer(None)
    assert section.export() is None
    assert "Choose layers" in section.status.text()


def test_report_button(plugin, qgis_new_project, tmp_path):
    section, *_rest, reg, _stats = _setup(plugin, tmp_path)
    section.regions_combo.setLayer(reg)
    section.region_field.setField("name")
    section.title_edit.setText("Dock report")
    pdf = tmp_path / "dock report.pdf"
    section.pdf_path.setFilePath(str(pdf))
    QTest.mouseClick(section.report_button, Qt.MouseButton.LeftButton)
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert (tmp_path / "dock report_map.png").exists()
    assert "2 pages" in section.status.text()


def test_state_saved_in_project(plugin, qgis_new_project, tmp_path):
    section = plugin.dock.sections["export"]
    section.base_name.setText("saved name")
    section.format_checks["shp"].setChecked(True)
    path = str(tmp_path / "p.qgz")
    assert qgis_new_project.write(path)
    section.base_name.setText("changed")
    section.format_checks["shp"].setChecked(False)
    assert qgis_new_project.read(path)
    assert section.base_name.text() == "saved name" and section.format_checks["shp"].isChecked()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_report_names_the_penetration_and_range_of_the_dock(plugin, qgis_new_project, tmp_path):
    """The Options page says 27 %; the analyst computed with 15 % and a 0.5–1.5 range in the dock: the
    report's methods name what the table's subscribers were computed with, as the dock summary shows them."""
    from support.coverage import west_east_scene

    from basestation_mapper.plugin.qgis_io.project import find_layer
    from basestation_mapper.plugin.settings import CoverageSettings

    assert CoverageSettings.load().penetration == pytest.approx(0.27)
    pop, regions, stations = west_east_scene(tmp_path)
    coverage = plugin.dock.sections["coverage"]
    coverage.live_check.setChecked(False)
    coverage.station_combo.setLayer(stations)
    coverage.region_combo.setLayer(regions)
    coverage.region_field.setField("name")
    coverage.raster_combo.setLayer(pop)
    coverage.points_combo.setLayer(None)
    coverage.penetration_spin.setValue(0.15)
    coverage.min_spin.setValue(0.5)
    coverage.max_spin.setValue(1.5)
    done = []
    coverage.runner.resultReady.connect(lambda *args: done.append(args))
    coverage.runner.failed.connect(done.append)
    try:
        coverage.run()
        start = time.time()
        while not done:
            QgsApplication.processEvents()
            assert time.time() - start < 30, "coverage task did not finish"
            time.sleep(0.01)
        QgsApplication.processEvents()
    finally:
        coverage.runner.shutdown()
    subscribers = coverage.table_frame.iloc[-1]["estimated_subscribers"]
    assert subscribers == pytest.approx(0.15 * coverage.table_frame.iloc[-1]["covered_pop"])
    # changed after the run: the table (and the summary) still hold the 15 % figures
    coverage.penetration_spin.setValue(0.4)

    section = plugin.dock.sections["export"]
    section.stats_combo.setLayer(find_layer("Coverage statistics"))
    section.regions_combo.setLayer(regions)
    section.region_field.setField("name")
    pdf = tmp_path / "penetration.pdf"
    section.pdf_path.setFilePath(str(pdf))
    assert section.make_report() is not None, section.status.text()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert "penetration 15 %" in flat and "27 %" not in flat
    assert "0.50–1.50" in flat
    assert f"{subscribers:,.0f}" in flat
    # the summary line under the title and the dock's summary give the same figure
    shown = re.search(r"· (.+?) est\. subscribers", coverage.summary()).group(1)
    assert f"· {shown} est. subscribers" in flat

    # a table the dock did not make: the penetration and range the dock shows now
    other = stats_layer()
    QgsProject.instance().addMapLayer(other)
    section.stats_combo.setLayer(other)
    pdf.unlink()
    (tmp_path / "penetration_map.png").unlink()
    assert section.make_report() is not None, section.status.text()
    flat = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "penetration 40 %" in flat and "27 %" not in flat
