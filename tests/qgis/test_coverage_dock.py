"""The Coverage section of the dock: real widgets, real task, layers in the plugin group, live refresh."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from support.coverage import SCENE_X0, SCENE_Y0, features, wait_for_coverage

# support.coverage.west_east_scene: 20 x 20 km of 100 m cells, 2 people per cell, West / East halves
X0, Y0 = SCENE_X0, SCENE_Y0


@pytest.fixture
def scene(coverage_scene):
    return coverage_scene


def wait_result(section, timeout=20.0, count=1):
    return wait_for_coverage(section, timeout=timeout, count=count)


def table_rows(section):
    out = {}
    for r in range(section.table.rowCount()):
        out[section.table.item(r, 0).text()] = {
            section.table.horizontalHeaderItem(c).text(): section.table.item(r, c).data(256)
            for c in range(section.table.columnCount())}
    return out


def test_run_adds_styled_layers_and_fills_the_table(scene):
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QApplication

    from basestation_mapper.plugin.qgis_io.project import find_layer

    section, *_ = scene
    QTest.mouseClick(section.run_button, Qt.MouseButton.LeftButton)
    wait_result(section)
    for name in ("Coverage", "Coverage per station", "Coverage overlap", "Best server", "Coverage statistics"):
        assert find_layer(name) is not None, name
    coverage = find_layer("Coverage per station")
    (row,) = features(coverage)
    assert row["radius_m"] == 2000.0
    assert row["area_km2"] == pytest.approx(np.pi * 4.0, rel=0.005)
    assert coverage.renderer().type() == "categorizedSymbol"
    rows = table_rows(section)
    assert list(rows) == ["West", "East", "TOTAL"]
    # 2 people per 100 m cell = 200 per km2; a 2 km disc holds ~ 2513 people, all in the West
    assert rows["West"]["Covered"] == pytest.approx(200 * np.pi * 4, rel=0.01)
    assert rows["East"]["Covered"] == 0
    assert rows["TOTAL"]["Population"] == pytest.approx(80000.0)
    stats = features(find_layer("Coverage statistics"))
    assert stats[-1]["region"] == "TOTAL"
    # sorting by covered population keeps TOTAL last, both ways
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        section.table.sortItems(2, order)
        assert section.table.item(section.table.rowCount() - 1, 0).text() == "TOTAL"
    section.copy_table()
    text = QApplication.clipboard().text()
    assert text.splitlines()[0].split("\t")[:3] == ["region", "area_km2", "covered_km2"]
    assert text.splitlines()[-1].startswith("TOTAL\t")
    assert "% of population covered" in section.summary()


def test_copy_table_keeps_formulas_as_text(scene):
    """Copy table: region names a spreadsheet would run once pasted (=HYPERLINK, @SUM) start with a single quote,
    as in the saved CSV; the numbers are pasted as they are."""
    from qgis.PyQt.QtWidgets import QApplication

    section, _stations, regions, _pop = scene
    field = regions.fields().indexOf("name")
    ids = [f.id() for f in regions.getFeatures()]
    regions.dataProvider().changeAttributeValues({ids[0]: {field: '=HYPERLINK("http://x","West")'},
                                                  ids[1]: {field: "@SUM(1+1)"}})
    section.run()
    wait_result(section)
    section.copy_table()
    lines = [line.split("\t") for line in QApplication.clipboard().text().splitlines()]
    assert [line[0] for line in lines[1:]] == ["\"'=HYPERLINK(\"\"http://x\"\",\"\"West\"\")\"", "'@SUM(1+1)", "TOTAL"]
    population = lines[0].index("population")
    assert [line[population] for line in lines[1:]] == ["40000.0", "40000.0", "80000.0"]


def test_regions_without_a_name_are_listed_after_the_named_ones(scene):
    """A region without a name (Natural Earth's islets of id -99 come first in its file) is listed after the named
    ones, as the report lists them, and stays after them when the table is sorted by region name."""
    from qgis.PyQt.QtCore import Qt

    section, _stations, regions, _pop = scene
    field = regions.fields().indexOf("name")
    west = next(f.id() for f in regions.getFeatures() if f["name"] == "West")
    regions.dataProvider().changeAttributeValues({west: {field: None}})
    section.run()
    wait_result(section)

    def listed():
        return [section.table.item(r, 0).text() for r in range(section.table.rowCount())]

    unnamed = f"(unnamed, feature {west})"
    assert listed() == ["East", unnamed, "TOTAL"]
    assert table_rows(section)[unnamed]["Covered"] > 0  # the West's people, under its label
    column = section._columns.index("region")
    section.table.horizontalHeader().setSortIndicator(column, Qt.SortOrder.AscendingOrder)
    assert listed() == ["East", unnamed, "TOTAL"]
    section.table.horizontalHeader().setSortIndicator(column, Qt.SortOrder.DescendingOrder)
    assert listed() == [unnamed, "East", "TOTAL"]


def test_save_csv_is_for_a_spreadsheet(scene, tmp_path):
    """Save CSV… writes the table in UTF-8 with a BOM, as the exported statistics table: without one Excel
    shows region names in Hangul (or P'yŏngyang) as mojibake."""
    import pandas as pd
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    section, *_ = scene
    QTest.mouseClick(section.run_button, Qt.MouseButton.LeftButton)
    wait_result(section)
    path = section.save_csv(str(tmp_path / "평안 statistics.csv"))
    raw = Path(path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(path, encoding="utf-8-sig")
    assert table["region"].tolist() == ["West", "East", "TOTAL"]


def test_live_refresh_after_an_edit(scene, plugin):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    section, stations, *_ = scene
    section.run()
    wait_result(section)
    assert section.runner.live is not None
    before = table_rows(section)["East"]["Covered"]
    section.live_check.setChecked(True)
    wait_result(section)  # turning live on refreshes once
    stations.startEditing()
    f = QgsFeature(stations.fields())
    f["station_id"] = "new"
    f["technology"] = "3G"
    f["radius_m"] = 1000.0
    f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(X0 + 15000.0, Y0 - 10000.0)))
    stations.addFeature(f)
    live_state = section.runner.live
    wait_result(section)
    assert section.runner.live is live_state  # incremental: the same state, updated in place
    after = table_rows(section)["East"]["Covered"]
    assert before == 0 and after == pytest.approx(200 * np.pi * 1.0, rel=0.02)
    # move it back into the West: East drops to zero again
    fid = next(ft.id() for ft in stations.getFeatures() if ft["station_id"] == "new")
    stations.changeGeometry(fid, QgsGeometry.fromPointXY(QgsPointXY(X0 + 2000.0, Y0 - 2000.0)))
    wait_result(section)
    assert table_rows(section)["East"]["Covered"] == 0
    stations.rollBack()


def test_live_refresh_after_an_edit_of_the_regions(scene):
    """With Live on, editing the stations or the population points/areas refreshed the table, editing the
    regions did not: a province renamed, reshaped, added or deleted left the table as it was until the next
    click. Each edit of the regions layer refreshes it now."""
    from qgis.core import QgsFeature, QgsGeometry

    section, _stations, regions, _pop = scene
    section.live_check.setChecked(True)
    wait_result(section)  # turning live on refreshes once
    assert list(table_rows(section)) == ["West", "East", "TOTAL"]
    assert regions.startEditing()
    fids = {f["name"]: f.id() for f in regions.getFeatures()}
    name = regions.fields().indexOf("name")
    regions.changeAttributeValue(fids["West"], name, "평안")
    wait_result(section)
    rows = table_rows(section)
    assert list(rows) == ["평안", "East", "TOTAL"] and rows["평안"]["Population"] == pytest.approx(40000)
    # East cut to its northern half (10 x 10 km of 2 people per hectare)
    regions.changeGeometry(fids["East"], QgsGeometry.fromWkt(
        f"POLYGON(({X0 + 10000} {Y0},{X0 + 20000} {Y0},{X0 + 20000} {Y0 - 10000},{X0 + 10000} {Y0 - 10000},"
        f"{X0 + 10000} {Y0}))"))
    wait_result(section)
    assert table_rows(section)["East"]["Population"] == pytest.approx(20000)
    feat = QgsFeature(regions.fields())
    feat["name"] = "South"
    feat.setGeometry(QgsGeometry.fromWkt(
        f"POLYGON(({X0 + 10000} {Y0 - 15000},{X0 + 20000} {Y0 - 15000},{X0 + 20000} {Y0 - 20000},"
        f"{X0 + 10000} {Y0 - 20000},{X0 + 10000} {Y0 - 15000}))"))
    assert regions.addFeature(feat)
    wait_result(section)
    rows = table_rows(section)
    assert "South" in rows and rows["South"]["Population"] == pytest.approx(10000)
    regions.deleteFeature(fids["East"])
    wait_result(section)
    assert "East" not in table_rows(section) and "South" in table_rows(section)
    regions.rollBack()
    wait_result(section)  # the edits undone: the table as it was
    assert list(table_rows(section)) == ["West", "East", "TOTAL"]
    section.live_check.setChecked(False)


def test_bad_input_shows_a_message_and_adds_nothing(scene):
    from basestation_mapper.plugin.qgis_io.project import find_layer

    section, stations, *_ = scene
    stations.dataProvider().truncate()
    wait_for_coverage(section, section.run)  # the stations are read in the task: the problem comes from there
    assert "no stations" in section.status_label.text()
    assert find_layer("Coverage") is None


def test_input_errors_reach_the_message_bar_with_details(scene, plugin):
    """A coverage that could not be computed (no stations, a bad DEM, ...) said so only in the section's
    status line, which a collapsed section or a scrolled dock hides."""
    from support.message_bar import bar_messages, clear_bar

    section, stations, *_ = scene
    clear_bar(plugin.iface)
    stations.dataProvider().truncate()
    wait_for_coverage(section, section.run)
    errors = [(t, d) for t, d in bar_messages(plugin.iface) if "no stations" in t]
    assert len(errors) == 1 and errors[0][1], bar_messages(plugin.iface)
    assert "Coverage not computed" in errors[0][0]
    # Live recomputes after each edit: the same problem again is not pushed again
    section.live_check.setChecked(True)
    wait_result(section)
    section.radius_spin.setValue(1500.0)
    wait_result(section)
    assert len([t for t, _d in bar_messages(plugin.iface) if "no stations" in t]) == 1


def test_a_run_asked_for_reports_its_result_in_the_message_bar(scene, plugin):
    from support.message_bar import bar_messages, clear_bar

    section, *_ = scene
    clear_bar(plugin.iface)
    section.run()
    wait_result(section)
    done = [(t, d) for t, d in bar_messages(plugin.iface) if t.startswith("Coverage computed") and "distances in" in t]
    assert len(done) == 1, bar_messages(plugin.iface)


def test_state_round_trip(scene):
    section, _stations, regions, pop = scene
    section.radius_spin.setValue(3000.0)
    section.penetration_spin.setValue(0.3)
    idx = section.model_combo.findData("hata")
    section.model_combo.setCurrentIndex(idx)
    state = section.state()
    section.radius_spin.setValue(0.0)
    section.model_combo.setCurrentIndex(0)
    section.restore_state(state)
    assert section.radius_spin.value() == 3000.0
    assert section.model_combo.currentData() == "hata"
    assert section.penetration_spin.value() == pytest.approx(0.3)
    assert section.region_combo.currentLayer() is regions
    assert section.raster_combo.currentLayer() is pop


def test_a_newer_request_cancels_the_running_one(scene):
    from qgis.core import QgsApplication

    section, *_ = scene
    results = []
    section.runner.resultReady.connect(lambda request, *rest: results.append(request))
    first = section.build_request()
    second = section.build_request()
    task1 = section.runner.run(first)
    section.runner.run(second)
    assert task1.isCanceled()
    start = time.time()
    while not results or QgsApplication.taskManager().countActiveTasks():
        QgsApplication.processEvents()
        assert time.time() - start < 20
        time.sleep(0.01)
    QgsApplication.processEvents()
    assert results == [second]


def test_the_regions_are_read_in_the_task_as_they_were_asked(scene):
    """The dock read every region (geometry checks, repairs) on the main thread before its task: a detailed layer of
    districts, millions of vertices, held the map for seconds at every run and every Live edit. The request holds a
    copy of the layer's feature source, read in the task: the run counts the regions as they were when it was asked
    (edits not yet saved included), and a region layer that cannot be counted still says why."""
    from qgis.core import QgsGeometry

    section, _stations, regions, _pop = scene
    assert regions.startEditing()
    fids = {f["name"]: f.id() for f in regions.getFeatures()}
    name = regions.fields().indexOf("name")
    assert regions.changeAttributeValue(fids["West"], name, "Westmark")  # in the edit buffer when asked
    request = section.build_request()
    assert request.stats.regions is None  # not read yet
    assert regions.changeAttributeValue(fids["West"], name, "Later")  # after it: not this run's
    result = wait_for_coverage(section, lambda: section.runner.run(request))
    assert not isinstance(result, Exception), result
    assert set(result[2]["region"]) >= {"Westmark", "East"} and "Later" not in set(result[2]["region"])
    assert request.stats.regions.names == ["Westmark", "East"]
    # a region whose geometry cannot be repaired: the run fails saying which, as when the dock read it itself
    bowtie = QgsGeometry.fromWkt("POLYGON((0 0, 0 0, 0 0, 0 0))")
    assert regions.changeGeometry(fids["East"], bowtie)
    assert regions.changeAttributeValue(fids["West"], name, "West")
    failed = wait_for_coverage(section, section.run)
    regions.rollBack()
    assert isinstance(failed, Exception) and "East" in str(failed), failed
    assert "East" in section.status_label.text()


def test_population_band_is_chosen_in_the_dock(scene, tmp_path):
    """A population raster of two bands: the band picked in the dock is the one counted."""
    from osgeo import gdal, osr
    from qgis.core import QgsProject, QgsRasterLayer
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    section, *_ = scene
    path = str(tmp_path / "two_bands.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 200, 200, 2, gdal.GDT_Float32)
    ds.SetGeoTransform((X0, 100.0, 0, Y0, 0, -100.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(np.full((200, 200), 2.0, np.float32))
    ds.GetRasterBand(2).WriteArray(np.full((200, 200), 5.0, np.float32))
    ds = None
    layer = QgsRasterLayer(path, "two bands")
    QgsProject.instance().addMapLayer(layer)
    section.raster_combo.setLayer(layer)
    assert section.band_combo.currentBand() == 1
    section.band_combo.setBand(2)
    QTest.mouseClick(section.run_button, Qt.MouseButton.LeftButton)
    wait_result(section)
    rows = table_rows(section)
    assert rows["TOTAL"]["Population"] == pytest.approx(5.0 * 200 * 200)
    state = section.state()
    section.band_combo.setBand(1)
    section.restore_state(state)
    assert section.band_combo.currentBand() == 2


def test_band_note_only_when_the_band_was_not_chosen(scene, tmp_path):
    """'has 2 bands: band 1 ... is counted' is said when the dock counts band 1 of a raster of several bands by
    itself, not after the analyst chose a band (band 1 included), nor for a project that kept that choice."""
    from qgis.core import QgsProject, QgsRasterLayer
    from support.rasters import write_raster

    section, _stations, _regions, pop = scene
    rng = np.random.default_rng(3)
    path = write_raster(tmp_path / "two_bands.tif", [rng.uniform(0, 4, (200, 200)), rng.uniform(0, 9, (200, 200))],
                        (X0, 100.0, 0, Y0, 0, -100.0), crs="EPSG:32652")
    layer = QgsRasterLayer(path, "two bands")
    QgsProject.instance().addMapLayer(layer)

    def note():
        section.run()
        wait_result(section)
        return "has 2 bands" in section.status_label.text()

    section.raster_combo.setLayer(layer)
    assert note()  # band 1 by default: said
    section.band_combo.setBand(2)
    assert not note()
    section.band_combo.setBand(1)  # band 1 chosen on purpose
    assert not note()
    state = section.state()
    section.raster_combo.setLayer(pop)
    assert not note()
    section.raster_combo.setLayer(layer)  # another raster, then this one again: band 1 until one is chosen
    assert section.band_combo.currentBand() == 1 and note()
    section.restore_state(state)
    assert not note()


def test_live_follows_the_controls(scene, plugin):
    """Live on: changing the radius, the penetration or the model in the dock recomputes the map layers, the
    table and the one-line summary, as an edit of the stations does."""
    from qgis.PyQt.QtTest import QTest

    from basestation_mapper.plugin.qgis_io.project import find_layer

    section, *_ = scene
    section.run()
    wait_result(section)
    section.live_check.setChecked(True)
    wait_result(section)  # turning live on refreshes once
    assert features(find_layer("Coverage per station"))[0]["radius_m"] == 2000.0
    before = plugin.dock.summary_label.text()

    section.radius_spin.lineEdit().selectAll()
    QTest.keyClicks(section.radius_spin, "3000")
    assert section.radius_spin.value() == 3000.0
    wait_result(section)
    (row,) = features(find_layer("Coverage per station"))
    assert row["radius_m"] == 3000.0 and row["area_km2"] == pytest.approx(np.pi * 9.0, rel=0.005)
    assert table_rows(section)["West"]["Covered"] == pytest.approx(200 * np.pi * 9, rel=0.01)
    after_radius = plugin.dock.summary_label.text()
    assert after_radius != before and "% of population covered" in after_radius

    subscribers, penetration = table_rows(section)["TOTAL"]["Est. subscribers"], section.penetration_spin.value()
    section.penetration_spin.setValue(0.1)
    wait_result(section)
    assert table_rows(section)["TOTAL"]["Est. subscribers"] == pytest.approx(subscribers * 0.1 / penetration, rel=0.01)

    section.radius_spin.setValue(0.0)  # per station again, then a model that ignores the station radius
    wait_result(section)
    section.model_combo.setCurrentIndex(section.model_combo.findData("hata"))
    wait_result(section)
    assert features(find_layer("Coverage per station"))[0]["model"] == "hata"


def test_restoring_a_project_with_live_on_computes_nothing(scene, tmp_path):
    """Putting a project's values in the controls is no change asking for a recompute."""
    from qgis.core import QgsApplication, QgsProject

    section, *_ = scene
    section.live_check.setChecked(True)
    wait_result(section)
    path = str(tmp_path / "live.qgz")
    assert QgsProject.instance().write(path)
    section.radius_spin.setValue(1500.0)
    section.runner.timer.stop()
    section.runner.cancel()
    started = []
    section.runner.started.connect(lambda: started.append(1))
    section.restore_state({**section.state(), "radius": 2500.0, "penetration": 0.2})
    assert section.radius_spin.value() == 2500.0
    assert not section.runner.timer.isActive()
    start = time.time()
    while time.time() - start < 0.8:
        QgsApplication.processEvents()
        time.sleep(0.02)
    assert not started


def test_a_run_that_fails_keeps_the_previous_coverage_said_out_of_date(scene, plugin):
    """Live on, the last station deleted: the run cannot compute anything. It took the coverage off the map, the
    table and the summary (the last good results lost to a run that computed nothing); they stay, said out of date
    (summary, button) until a run completes."""
    from basestation_mapper.plugin.qgis_io.project import find_layer

    section, stations, *_ = scene
    section.live_check.setChecked(True)
    wait_result(section)
    assert find_layer("Coverage per station").featureCount() == 1
    summary = plugin.dock.summary_label.text()
    assert "% of population covered" in summary
    rows = table_rows(section)
    stations.startEditing()
    stations.deleteFeatures([f.id() for f in stations.getFeatures()])
    wait_result(section)
    assert "no stations" in section.status_label.text() and "out of date" in section.status_label.text()
    for name in ("Coverage", "Coverage per station", "Coverage overlap", "Best server", "Coverage statistics"):
        assert find_layer(name) is not None and find_layer(name).featureCount() > 0, name
    assert table_rows(section) == rows
    assert plugin.dock.summary_label.text() == summary + " (out of date)"
    assert section.run_button.font().bold()
    stations.undoStack().undo()  # the station is back: its coverage is computed again, current
    wait_result(section)
    assert find_layer("Coverage per station").featureCount() == 1
    assert plugin.dock.summary_label.text() == summary and not section.run_button.font().bold()
    stations.rollBack()


def test_every_estimate_in_the_table_shows_its_range(scene):
    """Covered area, covered population, their shares and the subscribers are estimates: each cell gives its
    low–high range (the scenarios), as the report does, and still sorts by its value."""
    import re

    from qgis.PyQt.QtCore import Qt

    section, *_ = scene
    section.run()
    wait_result(section)
    headers = [section.table.horizontalHeaderItem(c).text() for c in range(section.table.columnCount())]
    frame = section.table_frame.set_index("region")
    for header, field in (("Covered km²", "covered_km2"), ("Area %", "covered_area_pct"), ("Covered", "covered_pop"),
                          ("Covered %", "covered_pop_pct"), ("Est. subscribers", "estimated_subscribers")):
        item = section.table.item(1 if section.table.item(0, 0).text() != "West" else 0, headers.index(header))
        assert re.fullmatch(r"[\d,.]+ \([\d,.]+–[\d,.]+\)", item.text()), (header, item.text())
        assert item.data(Qt.ItemDataRole.UserRole) == pytest.approx(frame.loc["West", field])
        low, high = (float(x.replace(",", "")) for x in item.text().split("(")[1].rstrip(")").split("–"))
        assert low == pytest.approx(frame.loc["West", f"{field}_min"], abs=0.51)
        assert high == pytest.approx(frame.loc["West", f"{field}_max"], abs=0.51)
        assert low < high
    assert "min %" not in headers and "max %" not in headers  # the ranges are in the cells


def test_canceled_in_the_task_manager_says_so(scene):
    """The cancel button of QGIS's task manager: the section stops saying 'Computing coverage…', adds
    nothing, and the next run works."""
    from qgis.core import QgsApplication

    from basestation_mapper.plugin.qgis_io.project import find_layer

    section, *_ = scene
    section.run()
    assert section.status_label.text() == "Computing coverage…"
    task = section.runner.task
    QgsApplication.taskManager().cancelAll()  # what the task manager's cancel does
    start = time.time()
    while section.status_label.text() == "Computing coverage…":
        QgsApplication.processEvents()
        assert time.time() - start < 20, "still 'Computing coverage…'"
        time.sleep(0.01)
    assert task is not None and "canceled" in section.status_label.text()
    assert find_layer("Coverage") is None
    section.run()
    wait_result(section)
    assert find_layer("Coverage") is not None and "1 station, distances in" in section.status_label.text()


def test_the_table_keeps_the_analysts_sort_across_runs_and_in_the_project(scene, tmp_path):
    """Sorting the statistics by covered population was undone by the next run (every Live recompute put the
    rows back in table order) and was not saved with the project."""
    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import Qt

    section, *_ = scene
    section.run()
    wait_result(section)
    project = QgsProject.instance()
    project.setDirty(False)
    column = section._columns.index("covered_pop")
    section.table.horizontalHeader().setSortIndicator(column, Qt.SortOrder.DescendingOrder)
    assert project.isDirty()

    def regions():
        return [section.table.item(r, 0).text() for r in range(section.table.rowCount())]

    assert regions() == ["West", "East", "TOTAL"]  # West covers people, East none: descending
    section.table.horizontalHeader().setSortIndicator(column, Qt.SortOrder.AscendingOrder)
    assert regions() == ["East", "West", "TOTAL"]
    section.radius_spin.setValue(2500.0)
    section.run()
    wait_result(section)
    assert regions() == ["East", "West", "TOTAL"]
    header = section.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (column, Qt.SortOrder.AscendingOrder)

    path = str(tmp_path / "sorted.qgz")
    assert project.write(path)
    project.clear()
    assert section.table.rowCount() == 0
    assert project.read(path)
    assert regions() == ["East", "West", "TOTAL"]
    project.clear()  # a new project starts in table order again
    assert section.state()["sort"] == []


def test_regions_without_population_give_the_area_covered_per_region(plugin, tmp_path):
    """Regions chosen and no population raster or points: the run made no statistics table ('Choose a population
    raster or population points for the statistics'); it gives the area covered per region (covered km² within
    1 % of the discs), population cells shown as a dash, NULL in the statistics layer and empty in the CSV, and
    the summary under the dock's title says the area covered."""
    import pandas as pd
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest
    from support.coverage import area_scene, area_scene_expected_km2, is_null

    from basestation_mapper.plugin.qgis_io.project import find_layer

    regions, stations = area_scene()
    section = plugin.dock.sections["coverage"]
    section.live_check.setChecked(False)
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.region_field.setField("name")
    section.raster_combo.setLayer(None)
    section.points_combo.setLayer(None)
    try:
        QTest.mouseClick(section.run_button, Qt.MouseButton.LeftButton)
        wait_result(section)
        rows = table_rows(section)
        assert list(rows) == ["West", "East", "TOTAL"]
        expected = area_scene_expected_km2()
        for name, row in rows.items():
            assert row["Covered km²"] == pytest.approx(expected[name], rel=0.01), name
        headers = [section.table.horizontalHeaderItem(c).text() for c in range(section.table.columnCount())]
        for r in range(section.table.rowCount()):
            for label in ("Population", "Covered", "Covered %", "Est. subscribers"):
                assert section.table.item(r, headers.index(label)).text() == "—", label
            assert section.table.item(r, headers.index("Area %")).text() not in ("—", "0.0")
        summary = section.summary()
        assert "% of area covered" in summary and "population" not in summary
        total = expected["TOTAL"]
        assert f"{total:,.0f} km²" in summary
        assert summary in plugin.dock.summary_label.text()
        stats = {row["region"]: row for row in features(find_layer("Coverage statistics"))}
        assert is_null(stats["West"]["population"]) and is_null(stats["TOTAL"]["estimated_subscribers_max"])
        assert stats["TOTAL"]["covered_km2"] == pytest.approx(total, rel=0.01)
        assert stats["TOTAL"]["stations"] == 3
        path = section.save_csv(str(tmp_path / "area.csv"))
        table = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)
        assert table["population"].tolist() == table["covered_pop_pct"].tolist() == ["", "", ""]
        # the table of a saved project shows the dashes again (NULL read back from the layer)
        section.table_frame = None
        section._show_saved_table()
        assert table_rows(section)["TOTAL"]["Covered km²"] == pytest.approx(total, rel=0.01)
        assert section.table.item(0, headers.index("Population")).text() == "—"
    finally:
        section.runner.shutdown()
