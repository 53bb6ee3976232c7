"""The dock's Export section driven through its widgets: files written, overwrite question, report."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from qgis.core import QgsApplication, QgsFeature, QgsGeometry, QgsPointXY, QgsProject, QgsSettings
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QMessageBox
from support.export_files import ogr_records, read_kmz
from support.export_layers import ready_export_section, station_layer, wait_for_export

from basestation_mapper.plugin.settings import ExportSettings


@pytest.fixture(autouse=True)
def _forget_export_settings():
    """The section stores the last folder and formats in QgsSettings: leave the test profile clean."""
    yield
    ExportSettings.reset()
    QgsSettings().sync()




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
    return ready_export_section(plugin, tmp_path / "내 결과", "평양 coverage")


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
    wait_for_export(section)
    folder = tmp_path / "내 결과"
    expected = {folder / "평양 coverage.gpkg", folder / "평양 coverage.kmz", folder / "평양 coverage_stations.csv",
                folder / "평양 coverage_statistics.xlsx"}
    assert set(section.last_result) == expected, section.last_errors
    assert not section.last_errors
    assert len(ogr_records(folder / "평양 coverage.gpkg", "Coverage")[0]) == cov.featureCount()
    assert [len(v) for v in read_kmz(folder / "평양 coverage.kmz").values()] == [12, 12]
    assert len(ogr_records(folder / "평양 coverage_stations.csv")[0]) == stations.featureCount()
    assert len(ogr_records(folder / "평양 coverage_statistics.xlsx")[0]) == 3
    assert "4 files written" in section.status.text()

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
    wait_for_export(section)
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


def test_raster_whose_file_has_no_crs_is_written_with_the_crs_set_in_qgis(plugin, qgis_new_project, tmp_path):
    """The dock's GeoTIFF of an ESRI ASCII grid without .prj (CRS set on the layer) had no CRS."""
    import numpy as np
    from osgeo import gdal, osr
    from qgis.core import QgsCoordinateReferenceSystem, QgsRasterLayer

    counts = np.random.default_rng(8).integers(0, 3, size=(9, 11)).astype("float32")
    mem = gdal.GetDriverByName("MEM").Create("", 11, 9, 1, gdal.GDT_Float32)
    mem.SetGeoTransform((400000.0, 100.0, 0.0, 4420000.0, 0.0, -100.0))
    mem.GetRasterBand(1).WriteArray(counts)
    gdal.Translate(str(tmp_path / "overlap.asc"), mem, format="AAIGrid")
    mem = None
    layer = QgsRasterLayer(str(tmp_path / "overlap.asc"), "overlap")
    layer.setCrs(QgsCoordinateReferenceSystem("EPSG:32652"))
    QgsProject.instance().addMapLayer(layer)
    section = plugin.dock.sections["export"]
    for box in section.format_checks.values():
        box.setChecked(False)
    section.stations_combo.setLayer(None)
    section.stats_combo.setLayer(None)
    section.raster_combo.setLayer(layer)
    section.raster_tif.setChecked(True)
    section.folder.setFilePath(str(tmp_path / "out"))
    section.base_name.setText("run")
    QTest.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    wait_for_export(section)
    written = tmp_path / "out" / "run_overlap.tif"
    assert section.last_result == [written], section.last_errors
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds = gdal.Open(str(written))
    assert osr.SpatialReference(wkt=ds.GetProjection()).IsSame(srs)
    assert np.array_equal(ds.GetRasterBand(1).ReadAsArray(), counts.astype("uint8"))


def test_raster_opened_with_options_is_written_where_qgis_shows_it(plugin, qgis_new_project, tmp_path):
    """The dock's GeoTIFF of a layer opened with GEOREF_SOURCES=WORLDFILE was placed by the file's own
    georeferencing, 2 km from where QGIS shows it; it is read through QGIS in the export's task."""
    import numpy as np
    from osgeo import gdal, osr
    from qgis.core import QgsCoordinateReferenceSystem, QgsRasterLayer

    counts = np.random.default_rng(9).integers(0, 3, size=(9, 11)).astype("float32")
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds = gdal.GetDriverByName("GTiff").Create(str(tmp_path / "overlap.tif"), 11, 9, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((400000.0, 100.0, 0.0, 4420000.0, 0.0, -100.0))
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(counts)
    ds = None
    (tmp_path / "overlap.tfw").write_text("100\n0\n0\n-100\n402050\n4419950\n")
    layer = QgsRasterLayer(f"{tmp_path / 'overlap.tif'}|option:GEOREF_SOURCES=WORLDFILE", "overlap")
    layer.setCrs(QgsCoordinateReferenceSystem("EPSG:32652"))
    assert layer.isValid() and layer.extent().xMinimum() == 402000.0
    QgsProject.instance().addMapLayer(layer)
    section = plugin.dock.sections["export"]
    for box in section.format_checks.values():
        box.setChecked(False)
    section.stations_combo.setLayer(None)
    section.stats_combo.setLayer(None)
    section.raster_combo.setLayer(layer)
    section.raster_tif.setChecked(True)
    section.folder.setFilePath(str(tmp_path / "out"))
    section.base_name.setText("run")
    QTest.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    wait_for_export(section)
    written = tmp_path / "out" / "run_overlap.tif"
    assert section.last_result == [written], section.last_errors
    ds = gdal.Open(str(written))
    assert ds.GetGeoTransform() == pytest.approx((402000.0, 100.0, 0.0, 4420000.0, 0.0, -100.0))
    assert osr.SpatialReference(wkt=ds.GetProjection()).IsSame(srs)
    assert np.array_equal(ds.GetRasterBand(1).ReadAsArray(), counts.astype("uint8"))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["run_overlap.tif"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_report_describes_the_coverage_computed_in_the_dock(plugin, qgis_new_project, tmp_path):
    """The report's methods are those of the run that made the statistics table: the dock's model, radius,
    range, penetration and population, not the technology presets and penetration of the settings."""
    from support.coverage import wait_for_coverage, west_east_scene

    from basestation_mapper.plugin.qgis_io.project import find_layer

    pop, regions, stations = west_east_scene(tmp_path)
    coverage = plugin.dock.sections["coverage"]
    coverage.live_check.setChecked(False)
    coverage.station_combo.setLayer(stations)
    coverage.region_combo.setLayer(regions)
    coverage.region_field.setField("name")
    coverage.raster_combo.setLayer(pop)
    coverage.model_combo.setCurrentIndex(coverage.model_combo.findData("hata"))
    coverage.radius_spin.setValue(3000.0)
    coverage.penetration_spin.setValue(0.1)
    wait_for_coverage(coverage, lambda: QTest.mouseClick(coverage.run_button, Qt.MouseButton.LeftButton))

    section = plugin.dock.sections["export"]
    section.stations_combo.setLayer(stations)
    pdf = tmp_path / "report.pdf"
    section.pdf_path.setFilePath(str(pdf))
    # no region layer or statistics chosen: the report is of the dock's statistics and their regions
    assert section.regions_combo.currentLayer() is None and section.stats_combo.currentLayer() is None
    QTest.mouseClick(section.report_button, Qt.MouseButton.LeftButton)
    assert pdf.exists(), section.status.text()
    assert section.stats_combo.currentLayer() is find_layer("Coverage statistics")
    assert section.regions_combo.currentLayer() is regions and section.region_field.currentField() == "name"
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Coverage model: Okumura-Hata." in text
    assert "3,000 m" in text and "technology radii" not in text and "12 km" not in text
    assert "penetration 10 %" in text
    assert "raster population" in text
    # nothing ticked for export: the map shows the dock's coverage (the legend lists it)
    legend = text.split("Legend", 1)[1].split("Map:", 1)[0]
    assert "Coverage" in legend, legend
    coverage.runner.shutdown()


def test_counts_and_summaries_of_one_station_and_a_small_network(plugin, qgis_new_project, tmp_path):
    """One station is '1 station' (the counts, the dock summary, the report); a few hundred subscribers are
    written as a count with its range, not '0.00 M'."""
    import pandas as pd

    from basestation_mapper.plugin.qgis_io.report import summary_line

    section = plugin.dock.sections["stations"]
    layer = section.new_layer(str(tmp_path / "one.gpkg"))
    section.open_form.setChecked(False)
    section.duplicate_distance.setValue(0)
    section.tool.add_at(plugin.iface.mapCanvas().center())
    section.update_counts()
    assert section.counts_label.text().startswith("1 station: 0 candidates, 1 confirmed")
    assert "1 station (1 confirmed)" in plugin.dock.summary_label.text()
    layer.rollBack()
    stats = pd.DataFrame([{"region": "TOTAL", "covered_pop_pct": 7.1, "covered_pop_pct_min": 3.5,
                           "covered_pop_pct_max": 12.0, "estimated_subscribers": 566.0,
                           "estimated_subscribers_min": 279.0, "estimated_subscribers_max": 957.0}])
    assert summary_line(stats, 1) == ("1 station · 7.1 % of population covered (3.5–12.0 %) · "
                                      "566 (279–957) est. subscribers")
    stats.loc[0, ["estimated_subscribers", "estimated_subscribers_min", "estimated_subscribers_max"]] = [
        6.9e6, 6.4e6, 7.5e6]
    assert summary_line(stats, 1043) == ("1,043 stations · 7.1 % of population covered (3.5–12.0 %) · "
                                         "6.9 M (6.4 M–7.5 M) est. subscribers")


def test_two_layers_of_one_name_get_a_file_each(plugin, qgis_new_project, tmp_path):
    """Two imports of stations.csv are two layers named 'stations': GeoJSON and Shapefile, one file per layer,
    wrote both to one path (the second replacing the first) and counted two files."""
    from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer

    layers = []
    for i, lon in enumerate((125.7, 125.8)):
        layer = create_memory_station_layer("stations")
        feat = QgsFeature(layer.fields())
        feat["station_id"], feat["name"] = f"s{i}", f"mast {i}"
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon, 39.0)))
        layer.dataProvider().addFeatures([feat])
        layers.append(layer)
    QgsProject.instance().addMapLayers(layers)
    section = plugin.dock.sections["export"]
    for layer in layers:
        section.set_layer_checked(layer)
    for key, box in section.format_checks.items():
        box.setChecked(key in ("geojson", "shp"))
    section.stations_combo.setLayer(None)
    section.stats_combo.setLayer(None)
    section.folder.setFilePath(str(tmp_path))
    section.base_name.setText("out")
    QTest.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    wait_for_export(section)
    assert all("Shapefile field names" in e for e in section.last_errors)  # the warning about 10-character names
    written = sorted(p.name for p in section.last_result)
    assert len(set(written)) == len(written) == 4, written
    names = {ext: sorted(ogr_records(tmp_path / name)[0][0]["name"] for name in written if name.endswith(ext))
             for ext in (".geojson", ".shp")}
    assert names == {".geojson": ["mast 0", "mast 1"], ".shp": ["mast 0", "mast 1"]}


def test_a_new_project_clears_the_last_export_message(plugin, qgis_new_project, tmp_path):
    section, *_ = _setup(plugin, tmp_path)
    QTest.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    wait_for_export(section)
    assert "files written" in section.status.text()
    QgsProject.instance().clear()  # File › New
    assert section.status.text() == "" and section.last_result == []


def test_layers_list_follows_a_renamed_layer(plugin, qgis_new_project):
    section = plugin.dock.sections["export"]
    stations = station_layer()
    QgsProject.instance().addMapLayer(stations)
    section.set_layer_checked(stations)
    stations.setName("Towers 2021")
    names = [section.layers_list.item(i).text() for i in range(section.layers_list.count())]
    assert "Towers 2021" in names and "Stations" not in names
    assert section.checked_layers() == [stations]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_report_names_the_penetration_and_range_of_the_dock(plugin, qgis_new_project, tmp_path):
    """The Options page says 27 %; the analyst computed with 15 % and a 0.5–1.5 range in the dock: the
    report's methods name what the table's subscribers were computed with, as the dock summary shows them."""
    from support.coverage import wait_for_coverage, west_east_scene

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
    try:
        wait_for_coverage(coverage, coverage.run)
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
    assert "0.5–1.5" in flat  # the range of the run (radius ×)
    assert f"{subscribers:,.0f}" in flat
    # the summary line under the title and the dock's summary give the same figure
    shown = re.search(r"· (.+?) est\. subscribers", coverage.summary()).group(1)
    assert re.search(rf"· {re.escape(shown)} \([^)]+\) est\. subscribers", flat)  # with its range



def test_failures_reach_the_message_bar_with_details(plugin, qgis_new_project, tmp_path):
    """An export that wrote nothing, and a report that could not be written, came without the Details link
    to the log tab that the other failures have."""
    from support.message_bar import bar_messages

    section, *_rest, reg, _stats = _setup(plugin, tmp_path)
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x")
    section.folder.setFilePath(str(blocker / "out"))
    plugin.iface.messageBar().clearWidgets()
    QTest.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    wait_for_export(section)
    assert not section.last_result and section.last_errors
    said = bar_messages(plugin.iface)
    assert len(said) == 1 and said[0][0].startswith("0 files written") and said[0][1], said

    section.regions_combo.setLayer(reg)
    section.region_field.setField("name")
    section.pdf_path.setFilePath(str(blocker / "report.pdf"))
    plugin.iface.messageBar().clearWidgets()
    QTest.mouseClick(section.report_button, Qt.MouseButton.LeftButton)
    said = bar_messages(plugin.iface)
    assert len(said) == 1 and str(blocker) in said[0][0] and said[0][1], said
