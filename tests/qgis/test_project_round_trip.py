"""Save, close, reopen, as an analyst lives it: the project folder moved or copied elsewhere, a file of it moved away
(QGIS's Handle Unavailable Layers: kept, or removed), a project made without the plugin, a project opened while the
plugin was not loaded and the plugin enabled afterwards. The dock comes back as it was left, Live computes nothing
nobody asked for, and nothing of the work is lost."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pandas as pd
from qgis.core import (
    QgsApplication,
    QgsDataProvider,
    QgsProject,
    QgsProjectBadLayerHandler,
    QgsRectangle,
    QgsVectorLayer,
)
from support.message_bar import bar_messages, clear_bar
from support.waiting import wait_until

import basestation_mapper
from basestation_mapper.plugin.constants import SAMPLE_DIR
from basestation_mapper.plugin.core.importers import import_file
from basestation_mapper.plugin.qgis_io import station_layer as sl
from basestation_mapper.plugin.qgis_io.project import add_layer, find_layer
from basestation_mapper.plugin.settings import CoverageSettings

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
LIVE_DELAY_S = 1.5  # Live's debounce (0.4 s) and more: a run asked while the project opened has started by then


def settle(seconds=LIVE_DELAY_S):
    end = time.time() + seconds
    while time.time() < end:
        QgsApplication.processEvents()
        time.sleep(0.01)


def runs_started(coverage) -> list:
    started = []
    coverage.runner.started.connect(lambda *a: started.append(1))
    return started


def compute(coverage) -> None:
    done = []
    coverage.runner.resultReady.connect(lambda *a: done.append(1))
    coverage.run()
    wait_until(lambda: done)


def live_on(coverage) -> None:
    """Live ticked (its first run done)."""
    done = []
    coverage.runner.resultReady.connect(lambda *a: done.append(1))
    coverage.live_check.setChecked(True)
    wait_until(lambda: done)


def sample_with_candidates(dock, n=8) -> QgsVectorLayer:
    """The sample opened from the dock, its first ``n`` stations made detected candidates."""
    dock.open_sample()
    stations = dock.sections["stations"].current_layer()
    fields = stations.fields()
    stations.startEditing()
    for k, fid in enumerate(sorted(f.id() for f in stations.getFeatures())[:n]):
        stations.changeAttributeValue(fid, fields.indexOf("status"), "candidate")
        stations.changeAttributeValue(fid, fields.indexOf("origin"), "detected")
        stations.changeAttributeValue(fid, fields.indexOf("confidence"), 0.95 - 0.05 * k)
    assert stations.commitChanges()
    review = dock.sections["detection"].review
    wait_until(lambda: len(review.queue) == n)  # (candidates join the queue a moment later)
    return stations


def sample_paths_of_another_install(path) -> None:
    """The project file ``path`` (.qgs) as a QGIS whose plugin is installed elsewhere saved it: its sample layers
    point at the sample files of that installation (relative to the project, as QGIS writes them)."""
    text = path.read_text(encoding="utf-8")
    for name in ("provinces_naturalearth.geojson", "places_geonames.geojson"):
        text, n = re.subn(r"<datasource>[^<]*" + re.escape(name) + "</datasource>",
                          "<datasource>../another-profile/python/plugins/basestation_mapper/resources/sample/"
                          f"{name}</datasource>", text)
        assert n == 1, name
    path.write_text(text, encoding="utf-8")


def test_a_project_folder_moved_elsewhere_opens_as_it_was_left(plugin, tmp_path, qgis_canvas, python_errors):
    """Saved, closed, moved, opened: the export folder and report follow the project (they pointed at the old
    folder), the review shows the candidate it was on (it went back to the first one skipped), the map keeps the
    view it was saved with (the review moved it onto a candidate), and Live computes nothing (it computed the whole
    coverage again as the project opened)."""
    project = QgsProject.instance()
    dock = plugin.dock
    folder = tmp_path / "survey"
    (folder / "imagery").mkdir(parents=True)
    (folder / "exports").mkdir()
    shutil.copy(SHARED / "imagery" / "OSBS_029.tif", folder / "imagery")
    sample_with_candidates(dock)
    imagery = dock.sections["imagery"]
    assert imagery.add_file(str(folder / "imagery" / "OSBS_029.tif")).name() == "OSBS_029"
    imagery.table.item(0, 0).setText("2019-03-01")
    review = dock.sections["detection"].review
    review.accept()
    review.skip()
    review.reject()
    review.skip()
    saved_current = review.current_fid()
    assert review.pos == 4 and saved_current not in review.decided
    assert dock.sections["stations"].current_layer().commitChanges()  # Save edits
    export = dock.sections["export"]
    export.folder.setFilePath(str(folder / "exports"))
    export.pdf_path.setFilePath(str(folder / "exports" / "report.pdf"))
    coverage = dock.sections["coverage"]
    compute(coverage)
    live_on(coverage)
    qgis_canvas.setExtent(QgsRectangle(124.0, 37.5, 131.0, 43.0))
    saved_extent = qgis_canvas.extent()
    summary, rows = dock.summary_label.text(), coverage.table.rowCount()
    assert project.write(str(folder / "work.qgz"))
    project.clear()

    moved = tmp_path / "elsewhere" / "survey copy"
    moved.parent.mkdir()
    shutil.move(str(folder), str(moved))
    started = runs_started(coverage)
    assert project.read(str(moved / "work.qgz"))
    settle()
    assert export.folder.filePath() == str(moved / "exports")
    assert export.pdf_path.filePath() == str(moved / "exports" / "report.pdf")
    assert review.current_fid() == saved_current and review.pos == 4
    assert qgis_canvas.extent().center().distance(saved_extent.center()) < 0.01
    assert not started, "Live computed the coverage again as the project opened"
    assert coverage.table.rowCount() == rows and dock.summary_label.text() == summary
    assert project.mapLayersByName("OSBS_029")[0].customProperty("basestation_mapper/acquisition_date") \
        == "2019-03-01"
    assert not project.isDirty()
    # the analyst takes up the work: an edit with Live on computes once
    stations = dock.sections["stations"].current_layer()
    stations.startEditing()
    stations.changeAttributeValue(next(stations.getFeatures()).id(), stations.fields().indexOf("technology"), "4G")
    wait_until(lambda: started and coverage.runner.task is None)
    settle(0.5)
    assert len(started) == 1
    stations.rollBack()
    project.clear()
    assert not python_errors


def test_a_project_saved_with_live_on_and_no_coverage_computes_it_once_opened(plugin, tmp_path):
    """Live was on, the coverage layers emptied or removed: the project opened computes the coverage once (not
    nothing, not a run per layer loading)."""
    project = QgsProject.instance()
    dock = plugin.dock
    dock.open_sample()
    coverage = dock.sections["coverage"]
    coverage.live_check.blockSignals(True)  # on, as saved, without its first run: no coverage in the project
    coverage.live_check.setChecked(True)
    coverage.live_check.blockSignals(False)
    settings = CoverageSettings.load()
    settings.live = False  # a new project starts with Live off: the project's own choice is what opens it
    settings.save()
    assert project.write(str(tmp_path / "live.qgz"))
    project.clear()
    started = runs_started(coverage)
    assert project.read(str(tmp_path / "live.qgz"))
    wait_until(lambda: find_layer("Coverage statistics") is not None and coverage.runner.task is None and started)
    settle()
    assert len(started) == 1 and coverage.table.rowCount() > 1
    project.clear()


def test_a_project_made_without_the_plugin_opens_without_a_coverage_run(plugin, tmp_path):
    """A colleague's project of masts and population, never seen by the plugin, opened with Live on (the user's
    setting): nothing is computed nor added to it, and it opens unmodified."""
    settings = CoverageSettings.load()
    settings.live = True
    settings.save()
    other = QgsProject()
    shutil.copy(SHARED / "towers" / "helsinki_osm_telecom_sites.geojson", tmp_path / "masts.geojson")
    masts = QgsVectorLayer(str(tmp_path / "masts.geojson"), "masts", "ogr")
    assert masts.isValid()
    other.addMapLayer(masts)
    assert other.write(str(tmp_path / "colleague.qgs"))
    coverage = plugin.dock.sections["coverage"]
    started = runs_started(coverage)
    project = QgsProject.instance()
    assert project.read(str(tmp_path / "colleague.qgs"))
    settle()
    assert coverage.live_check.isChecked()
    assert not started and find_layer("Coverage") is None
    assert project.layerTreeRoot().findGroup("Base Station Mapper") is None
    assert not project.isDirty()
    project.clear()


def test_the_plugin_enabled_after_its_project_was_opened_without_it_brings_its_work_back(
        qgis_iface, qgis_new_project, qgis_processing, tmp_path, python_errors):
    """Opened while the plugin was disabled, the project's memory layers (the sample's stations, the coverage
    results) came up empty and its sample layers unavailable (another installation's plugin folder); enabling the
    plugin (Plugin Manager) left them so, and a save lost them. They come back from the project file."""
    project = QgsProject.instance()
    first = basestation_mapper.classFactory(qgis_iface)
    first.initGui()
    try:
        sample_with_candidates(first.dock)
        review = first.dock.sections["detection"].review
        review.accept()
        review.skip()
        assert first.dock.sections["stations"].current_layer().commitChanges()
        coverage = first.dock.sections["coverage"]
        compute(coverage)
        summary, rows = first.dock.summary_label.text(), coverage.table.rowCount()
        assert project.write(str(tmp_path / "sample.qgs"))
    finally:
        first.unload()
    QgsApplication.processEvents()
    sample_paths_of_another_install(tmp_path / "sample.qgs")
    project.clear()
    assert project.read(str(tmp_path / "sample.qgs"))  # the plugin disabled
    stations = project.mapLayersByName("Stations (illustrative sample)")[0]
    assert stations.featureCount() == 0 and not project.mapLayersByName("Provinces (sample)")[0].isValid()

    second = basestation_mapper.classFactory(qgis_iface)  # enabled again
    second.initGui()
    try:
        dock = second.dock
        assert stations.featureCount() == 741
        assert find_layer("Coverage per station").featureCount() == 741
        assert all(project.mapLayersByName(name)[0].isValid() for name in ("Provinces (sample)",
                                                                             "Populated places (sample)"))
        assert dock.sections["coverage"].table.rowCount() == rows
        assert dock.summary_label.text() == summary
        assert dock.sections["detection"].review.summary() == "review 1/8"
        assert not project.isDirty()
    finally:
        second.unload()
        project.clear()
    assert not python_errors


def test_a_sample_project_opened_on_another_installation_finds_the_sample(plugin, tmp_path):
    """The sample's provinces and places are files of the plugin folder: a project of the sample copied to another
    machine, or its folder moved, pointed at a plugin folder that is not there, and opened with them unavailable."""
    project = QgsProject.instance()
    plugin.dock.open_sample()
    assert project.write(str(tmp_path / "sample.qgs"))
    project.clear()
    sample_paths_of_another_install(tmp_path / "sample.qgs")
    assert project.read(str(tmp_path / "sample.qgs"))
    for name, n, file in (("Provinces (sample)", 12, "provinces_naturalearth.geojson"),
                          ("Populated places (sample)", 127, "places_geonames.geojson")):
        layer = project.mapLayersByName(name)[0]
        assert layer.isValid() and layer.featureCount() == n, name
        assert layer.source() == str(SAMPLE_DIR / file)
    assert not plugin.dock.sections["coverage"].status_label.text()
    project.clear()


def _own_files_project(folder, dock):
    """A project of the analyst's own files in ``folder``: a station GeoPackage with candidates, provinces and
    places; coverage computed, some candidates reviewed, Live on."""
    (folder / "vectors").mkdir(parents=True)
    shutil.copy(SAMPLE_DIR / "provinces_naturalearth.geojson", folder / "vectors" / "provinces.geojson")
    shutil.copy(SAMPLE_DIR / "places_geonames.geojson", folder / "vectors" / "places.geojson")
    frame = import_file(str(SAMPLE_DIR / "stations_illustrative.csv")).require_clean().stations
    frame.loc[frame.index[:6], ["status", "origin"]] = ["candidate", "detected"]
    frame.loc[frame.index[:6], "confidence"] = pd.Series([0.9, 0.85, 0.8, 0.75, 0.7, 0.65], index=frame.index[:6])
    stations = sl.write_frame_to_gpkg(frame, str(folder / "vectors" / "stations.gpkg"), name="stations")
    add_layer(stations)
    provinces = QgsVectorLayer(str(folder / "vectors" / "provinces.geojson"), "provinces", "ogr")
    places = QgsVectorLayer(str(folder / "vectors" / "places.geojson"), "places", "ogr")
    QgsProject.instance().addMapLayers([provinces, places])
    dock.sections["stations"].set_layer(stations)
    coverage = dock.sections["coverage"]
    coverage.use_layers(stations, provinces, "name", places, "population")
    review = dock.sections["detection"].review
    review.accept()
    review.skip()
    assert stations.commitChanges()
    compute(coverage)
    live_on(coverage)
    return stations, provinces, places


def test_a_project_whose_files_were_moved_away_says_so_and_takes_them_back_repaired(plugin, tmp_path, qgis_iface,
                                                                                    python_errors):
    """The station GeoPackage and the provinces moved away, the layers kept unavailable: the dock said the station
    layer 'lacks the station fields' (all of them), 'Choose a station layer', 'the region layer is missing or
    invalid'; Live emptied the saved coverage as the project opened. Now each says which layer is unavailable and how
    to repair it, the coverage stays; repaired (Repair Data Source…), the regions keep their name field (QGIS's list
    fell on 'id' and the regions were named by it) and the review comes back where it was."""
    project = QgsProject.instance()
    dock = plugin.dock
    folder = tmp_path / "survey"
    _own_files_project(folder, dock)
    review = dock.sections["detection"].review
    saved_current = review.current_fid()
    coverage = dock.sections["coverage"]
    rows = coverage.table.rowCount()
    assert project.write(str(folder / "work.qgs"))
    project.clear()
    away = tmp_path / "away"
    away.mkdir()
    for name in ("stations.gpkg", "provinces.geojson"):
        shutil.move(str(folder / "vectors" / name), str(away / name))
    clear_bar(qgis_iface)
    started = runs_started(coverage)
    assert project.read(str(folder / "work.qgs"))
    settle()
    stations = project.mapLayersByName("stations")[0]
    provinces = project.mapLayersByName("provinces")[0]
    assert not stations.isValid() and not provinces.isValid()
    said = [text for text, _details in bar_messages(qgis_iface)]
    assert not any("lacks the station fields" in text for text in said), said
    gone = folder / "vectors" / "stations.gpkg"
    unavailable = (f"The station layer 'stations' is unavailable: its file {gone} cannot be found. Repair it "
                   "in the Layers panel (right-click it › Repair Data Source…) or choose another layer in the list.")
    assert dock.sections["stations"].counts_label.text() == unavailable
    assert review.current_label.text() == unavailable
    assert coverage.status_label.text() == unavailable
    assert not started and coverage.table.rowCount() == rows
    state = coverage.state()
    assert (state["region_field"], state["points_field"]) == ("name", "population")  # kept in a project saved now

    options = QgsDataProvider.ProviderOptions()
    stations.setDataSource(f"{away / 'stations.gpkg'}|layername=stations", "stations", "ogr", options)
    provinces.setDataSource(str(away / "provinces.geojson"), "provinces", "ogr", options)
    wait_until(lambda: started and coverage.runner.task is None)  # Live: the inputs changed
    assert coverage.region_field.currentField() == "name"
    assert coverage.status_label.text().startswith("741 stations")
    assert review.current_fid() == saved_current and review.summary() == "review 1/6"
    assert dock.sections["stations"].counts_label.text().startswith("741 stations")
    project.clear()
    assert not python_errors


class _RemoveUnavailable(QgsProjectBadLayerHandler):
    """QGIS's Handle Unavailable Layers dialog answered 'Remove Unavailable Layers'."""

    def handleBadLayers(self, layers):
        for node in layers:
            QgsProject.instance().removeMapLayer(node.namedItem("id").toElement().text())


def test_layers_removed_as_unavailable_leave_their_lists_on_none(plugin, tmp_path, python_errors):
    """The station GeoPackage and an image moved away, removed as the project opened: Coverage's station list fell on
    the populated places (the next run computed the coverage of towns), Detection's imagery and a compare list on
    another image. Each list shows none and names the layer removed, as for a layer removed later."""
    project = QgsProject.instance()
    dock = plugin.dock
    folder = tmp_path / "survey"
    _own_files_project(folder, dock)
    (folder / "imagery").mkdir()
    for name in ("OSBS_029.tif", "spacenet4_atlanta_pan_0p5m.tif"):
        shutil.copy(SHARED / "imagery" / name, folder / "imagery")
    imagery = dock.sections["imagery"]
    first = imagery.add_file(str(folder / "imagery" / "OSBS_029.tif"))
    imagery.add_file(str(folder / "imagery" / "spacenet4_atlanta_pan_0p5m.tif"))
    detection = dock.sections["detection"].detection
    detection.raster_combo.setLayer(first)
    imagery.compare_a.setCurrentIndex(imagery.compare_a.findData(first.id()))
    assert project.write(str(folder / "work.qgz"))
    project.clear()
    (folder / "vectors" / "stations.gpkg").unlink()
    (folder / "imagery" / "OSBS_029.tif").unlink()
    project.setBadLayerHandler(_RemoveUnavailable())
    try:
        assert project.read(str(folder / "work.qgz"))
    finally:
        project.setBadLayerHandler(QgsProjectBadLayerHandler())
    settle()
    assert not project.mapLayersByName("stations") and project.mapLayersByName("places")
    coverage = dock.sections["coverage"]
    assert coverage.station_combo.currentLayer() is None
    assert coverage.status_label.text() == ("The station layer 'stations' was removed from the project: choose "
                                            "another layer in the list.")
    assert coverage.region_combo.currentLayer().name() == "provinces"
    assert detection.raster_combo.currentLayer() is None
    assert detection.raster_combo.placeholderText() == "Choose a layer ('OSBS_029' was removed)"
    assert imagery.compare_a.currentIndex() == -1
    assert imagery.compare_a.placeholderText() == "Choose a layer ('OSBS_029' was removed)"
    project.clear()
    assert coverage.station_combo.placeholderText() == ""  # a new project: nothing missing
    assert not python_errors



def test_closing_the_project_asks_nothing_of_the_layers_the_plugin_saves(
        qgis_iface, qgis_new_project, qgis_processing, tmp_path):
    """QGIS asked, at every close or quit of a project of the sample, whether to proceed although 'temporary scratch
    layers ... will be permanently lost': the plugin's memory layers, whose features it saves with the project. They
    are said so to QGIS (its 'skipMemoryLayersCheck') while the plugin is loaded, not in the project file (opened
    without the plugin they are not saved), and no longer once it is unloaded."""
    project = QgsProject.instance()
    instance = basestation_mapper.classFactory(qgis_iface)
    instance.initGui()
    try:
        instance.dock.open_sample()
        compute(instance.dock.sections["coverage"])
        names = ("Stations (illustrative sample)", "Coverage per station", "Coverage", "Coverage statistics")
        assert all(find_layer(name).customProperty("skipMemoryLayersCheck") == 1 for name in names)
        assert project.write(str(tmp_path / "sample.qgs"))
        assert "skipMemoryLayersCheck" not in (tmp_path / "sample.qgs").read_text(encoding="utf-8")
        project.clear()
        assert project.read(str(tmp_path / "sample.qgs"))
        assert all(find_layer(name).customProperty("skipMemoryLayersCheck") == 1 for name in names)
    finally:
        instance.unload()
    assert all(find_layer(name).customProperty("skipMemoryLayersCheck") is None for name in names)
    assert not project.isDirty()
    project.clear()
