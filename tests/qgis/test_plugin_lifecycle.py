"""Loading, unloading and reloading the plugin the way QGIS does."""

from __future__ import annotations

import numpy as np
import pytest
from qgis.core import Qgis, QgsApplication
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtWidgets import QMenu, QToolBar

import basestation_mapper
from basestation_mapper.plugin.constants import PROVIDER_ID
from basestation_mapper.plugin.log import LOG_TAG, get_logger


def _ours(widgets, name):
    return [w for w in widgets if w.objectName() == name and w.parent() is not None]


def _count(iface):
    win = iface.mainWindow()
    docks = _ours(win.findChildren(QgsDockWidget), "BaseStationMapperDock")
    toolbars = _ours(win.findChildren(QToolBar), "BaseStationMapperToolbar")
    menus = [a for a in win.menuBar().actions() if a.menu() is not None
             and a.menu().objectName() == "BaseStationMapperMenu"]
    providers = [p for p in QgsApplication.processingRegistry().providers() if p.id() == PROVIDER_ID]
    return len(docks), len(toolbars), len(menus), len(providers)


def test_load_unload_load_again(qgis_iface, qgis_new_project, qgis_processing, message_log):
    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    assert _count(qgis_iface) == (1, 1, 1, 1)
    dock = plugin.dock
    assert [dock.sections[k].title() for k in dock.sections] == [
        "Imagery", "Stations", "Detection and review", "Coverage and statistics", "Export"]
    plugin.unload()
    QgsApplication.processEvents()
    assert _count(qgis_iface) == (0, 0, 0, 0)

    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    assert _count(qgis_iface) == (1, 1, 1, 1)
    plugin.unload()
    QgsApplication.processEvents()
    assert _count(qgis_iface) == (0, 0, 0, 0)
    errors = [m for m in message_log if int(m[2]) >= int(Qgis.MessageLevel.Warning)]
    assert not errors, errors


def test_logger_writes_to_own_tab(plugin, message_log):
    get_logger("test").info("hello from the test")
    assert ("hello from the test", LOG_TAG, int(Qgis.MessageLevel.Info)) in message_log


def test_dock_state_saved_in_project(plugin, qgis_new_project, tmp_path):
    box = plugin.dock.group_boxes["detection"]
    box.setCollapsed(True)
    path = str(tmp_path / "state.qgz")
    assert qgis_new_project.write(path)
    box.setCollapsed(False)
    assert qgis_new_project.read(path)
    assert plugin.dock.group_boxes["detection"].isCollapsed()
    assert not plugin.dock.group_boxes["stations"].isCollapsed()


def test_menu_and_dock_action(plugin, qgis_iface):
    menu = qgis_iface.mainWindow().findChild(QMenu, "BaseStationMapperMenu")
    assert menu is not None
    assert plugin.dock_action in menu.actions()
    plugin.dock.hide()
    plugin.dock_action.trigger()
    assert plugin.dock.isVisibleTo(qgis_iface.mainWindow()) or plugin.dock_action.isChecked()


def test_unload_while_an_import_runs(qgis_iface, qgis_new_project, qgis_processing, tmp_path, message_log):
    """The plugin unloaded (Plugin Reloader, disabled, upgraded) while a station import runs: the import
    ends without touching the deleted dock ('wrapped C/C++ object ... has been deleted')
    and adds no layer."""
    import time

    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import QCoreApplication, QEvent
    from support.stations_data import station_csv

    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    rows = [(f"T{i}", 124 + (i % 50) / 50, 38 + (i // 50) / 50, "3G", "Koryolink") for i in range(500)]
    path = station_csv(tmp_path / "towers.csv", rows=rows)
    n_layers = len(QgsProject.instance().mapLayers())
    assert plugin.dock.sections["stations"].start_import(str(path), {"merge_distance": 0}) is not None
    plugin.unload()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the dock is gone now
    start = time.time()
    while QgsApplication.taskManager().countActiveTasks() and time.time() - start < 30:
        QgsApplication.processEvents()
        time.sleep(0.02)
    for _ in range(10):
        QgsApplication.processEvents()
    assert len(QgsProject.instance().mapLayers()) == n_layers
    assert not [m for m in message_log if "Traceback" in m[0] or "has been deleted" in m[0]]


def _unload_and_wait(plugin, task):
    """Once ``task`` runs (a task still queued ends at once when canceled, before the dock goes),
    unload as QGIS does, let Qt delete the dock, then let every task end and deliver its result."""
    import time

    from qgis.core import QgsTask
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    start = time.time()
    while task.status() == QgsTask.TaskStatus.Queued and time.time() - start < 30:
        time.sleep(0.002)
    plugin.unload()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the dock is gone now
    start = time.time()
    while QgsApplication.taskManager().countActiveTasks() and time.time() - start < 60:
        QgsApplication.processEvents()
        time.sleep(0.02)
    for _ in range(20):
        QgsApplication.processEvents()
        time.sleep(0.01)


def test_unload_while_a_detection_runs(qgis_iface, qgis_new_project, qgis_processing, tmp_path, message_log,
                                       python_errors):
    """The plugin unloaded while the detector runs: the run is canceled, adds no candidate layer and its
    end (or its progress) touches none of the deleted panel's widgets."""
    import numpy as np
    from qgis.core import QgsProject, QgsRasterLayer
    from support.detect_data import write_plain

    rng = np.random.default_rng(3)
    image = rng.integers(60, 200, size=(1, 600, 600), dtype=np.uint8)
    path = write_plain(tmp_path / "scene.tif", image, (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5), 32652)
    raster = QgsRasterLayer(str(path), "scene")
    assert raster.isValid()
    QgsProject.instance().addMapLayer(raster)
    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    panel = plugin.dock.sections["detection"].detection
    panel.raster_combo.setLayer(raster)
    assert panel.run()
    _unload_and_wait(plugin, panel.task)
    assert [layer.name() for layer in QgsProject.instance().mapLayers().values()] == ["scene"]
    assert not python_errors
    assert not [m for m in message_log if "Traceback" in m[0] or "has been deleted" in m[0]]


def test_unload_while_an_export_runs(qgis_iface, qgis_new_project, qgis_processing, tmp_path, message_log,
                                     python_errors):
    """The plugin unloaded while the Export section writes files: the export is canceled and its end
    touches none of the deleted section's widgets."""
    from qgis.core import QgsProject
    from support.export_layers import station_layer

    stations = station_layer(n=300, seed=11)
    QgsProject.instance().addMapLayer(stations)
    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    section = plugin.dock.sections["export"]
    section.set_layer_checked(stations)
    for key, box in section.format_checks.items():
        box.setChecked(key in ("gpkg", "geojson", "kmz"))
    section.stations_combo.setLayer(stations)
    section.stations_csv.setChecked(True)
    section.folder.setFilePath(str(tmp_path / "out"))
    task = section.export()
    assert task is not None
    try:
        _unload_and_wait(plugin, task)
    finally:
        from basestation_mapper.plugin.settings import ExportSettings

        ExportSettings.reset()
    assert not python_errors
    assert not [m for m in message_log if "Traceback" in m[0] or "has been deleted" in m[0]]


@pytest.mark.parametrize("outcome", ["computed", "failed"])
def test_unload_while_a_coverage_runs(qgis_iface, qgis_new_project, qgis_processing, tmp_path, message_log,
                                      python_errors, outcome):
    """The plugin unloaded while the Coverage section computes (a run that succeeds, or one that fails
    on its input: the station outside the DEM): nothing is added and the run's end touches none of
    the deleted section's objects."""
    import numpy as np
    from qgis.core import QgsProject, QgsRasterLayer
    from support.coverage import SCENE_X0, SCENE_Y0, west_east_scene, write_raster

    pop, regions, stations = west_east_scene(tmp_path)
    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    section = plugin.dock.sections["coverage"]
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.region_field.setField("name")
    section.raster_combo.setLayer(pop)
    if outcome == "failed":
        path = write_raster(tmp_path / "dem.tif", np.full((40, 40), 100.0),
                            (SCENE_X0 + 40000.0, 100.0, 0, SCENE_Y0, 0, -100.0), crs="EPSG:32652")
        dem = QgsRasterLayer(path, "dem")
        QgsProject.instance().addMapLayer(dem)
        section.dem_combo.setLayer(dem)
    section.run()
    assert section.runner.task is not None
    n_layers = len(QgsProject.instance().mapLayers())
    _unload_and_wait(plugin, section.runner.task)
    assert len(QgsProject.instance().mapLayers()) == n_layers
    assert not python_errors
    assert not [m for m in message_log if "has been deleted" in m[0]]


def _plugin_module_names() -> list[str]:
    import sys

    return [name for name in sys.modules if name == "basestation_mapper" or name.startswith("basestation_mapper.")]


def _reload_modules():
    """What Plugin Reloader (and QGIS's reloadPlugin) does between unload() and classFactory: the plugin's
    modules are dropped and imported again."""
    import sys

    for name in _plugin_module_names():
        del sys.modules[name]
    import basestation_mapper as fresh

    return fresh


@pytest.fixture
def plugin_modules():
    """The plugin's modules as the session imported them, put back after a test that reloads them."""
    import sys

    saved = {name: sys.modules[name] for name in _plugin_module_names()}
    yield
    for name in _plugin_module_names():
        del sys.modules[name]
    sys.modules.update(saved)


def _deferred_deletes():
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for _ in range(5):
        QgsApplication.processEvents()


def test_reloaded_three_times_as_plugin_reloader_does(qgis_iface, qgis_new_project, qgis_processing, tmp_path,
                                                      message_log, python_errors, plugin_modules):
    """unload(), the modules imported again, classFactory(iface) and initGui(), three times over, the dock in
    use each time (the sample opened, Add station active): one dock, toolbar, menu, provider, Add station and
    A/R/N/P each time, no map tool of an unloaded plugin left on the canvas, the old docks deleted, one log
    line a message, no error. The dock comes back as it was left (the sample's station layer, not the first
    point layer of the project, with an offer to add station fields to the population points)."""
    from qgis.core import QgsProject, QgsRasterLayer
    from qgis.PyQt import sip
    from qgis.PyQt.QtWidgets import QAction
    from support.detect_data import write_plain

    win = qgis_iface.mainWindow()
    canvas = qgis_iface.mapCanvas()
    image = np.random.default_rng(2).integers(60, 200, size=(1, 64, 64), dtype=np.uint8)
    path = write_plain(tmp_path / "scene.tif", image, (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5), 32652)
    module = basestation_mapper
    plugin = module.classFactory(qgis_iface)
    plugin.initGui()
    plugin.dock.open_sample()
    stations = plugin.dock.sections["stations"].current_layer()
    assert stations is not None and stations.name() == "Stations (illustrative sample)"
    old_docks = []
    for _ in range(3):
        plugin.dock.sections["stations"].add_button.click()  # Add station active on the canvas
        assert canvas.mapTool() is plugin.dock.sections["stations"].tool
        old_docks.append(plugin.dock)
        warnings = len([m for m in message_log if m[2] >= int(Qgis.MessageLevel.Warning)])
        modified = QgsProject.instance().isDirty()
        plugin.unload()
        assert QgsProject.instance().isDirty() == modified
        _deferred_deletes()
        assert _count(qgis_iface) == (0, 0, 0, 0)
        assert canvas.mapTool() is None
        assert not [a for a in win.findChildren(QAction) if a.objectName().startswith("BaseStationMapper")]

        module = _reload_modules()
        plugin = module.classFactory(qgis_iface)
        plugin.initGui()
        assert _count(qgis_iface) == (1, 1, 1, 1)
        names = sorted(a.objectName() for a in win.findChildren(QAction)
                       if a.objectName().startswith("BaseStationMapper"))
        assert names == ["BaseStationMapperAddStation", "BaseStationMapperReviewAccept",
                         "BaseStationMapperReviewBack", "BaseStationMapperReviewReject", "BaseStationMapperReviewSkip"]
        assert sorted(a.shortcut().toString() for a in win.actions() if a.shortcut().toString()) == \
            ["A", "N", "P", "R"]
        assert plugin.dock.sections["stations"].current_layer() is stations  # the dock as it was left
        assert plugin.dock.sections["detection"].review.current_layer() is stations
        assert len([m for m in message_log if m[2] >= int(Qgis.MessageLevel.Warning)]) == warnings
        assert all(sip.isdeleted(dock) for dock in old_docks)

    n = len(message_log)
    plugin.log.info("once")
    assert [m[0] for m in message_log[n:]] == ["once"]
    # project events reach the one dock: an imagery layer added is listed once, a project written and read
    raster = QgsRasterLayer(str(path), "scene")
    QgsProject.instance().addMapLayer(raster)
    table = plugin.dock.sections["imagery"].table
    assert [table.item(r, 1).text() for r in range(table.rowCount())].count("scene") == 1
    project_path = str(tmp_path / "reloaded.qgz")
    assert QgsProject.instance().write(project_path)
    QgsProject.instance().clear()
    assert QgsProject.instance().read(project_path)
    _deferred_deletes()
    assert plugin.dock.sections["stations"].current_layer().name() == "Stations (illustrative sample)"
    plugin.unload()
    _deferred_deletes()
    assert not python_errors
    assert not [m for m in message_log if "Traceback" in m[0] or "has been deleted" in m[0]]


def test_unload_while_a_rerank_runs(qgis_iface, qgis_new_project, qgis_processing, tmp_path, message_log,
                                    python_errors):
    """The plugin unloaded while the re-rank task runs: the re-rank is canceled, writes no score and its end
    touches none of the deleted panel's widgets."""
    import json

    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    from basestation_mapper.plugin.core.stations import default_record
    from basestation_mapper.plugin.qgis_io.imagery import write_candidates
    from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer

    rng = np.random.default_rng(4)
    rows = []
    for i in range(600):
        f = [0.4, 0.8, 30, 1, 0.4, 2, 0, 0.3, (0.8 if i % 2 else 0.1) + 0.1 * float(rng.random()), 0.2, 1, 0, 2, 0,
             0.3, 1, 1, 1, 1, 0, 0, 0.1]
        status = ("confirmed" if i % 2 else "rejected") if i < 30 else "candidate"
        rows.append(default_record(status=status, origin="detected", confidence=round(float(rng.random()), 4),
                                   features=json.dumps(f), lon=125.5 + 0.0005 * i, lat=39.0))
    import pandas as pd

    layer = create_memory_station_layer("candidates")
    write_candidates(layer, pd.DataFrame(rows))
    QgsProject.instance().addMapLayer(layer)
    before = {f.id(): f["confidence"] for f in layer.getFeatures()}
    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    panel = plugin.dock.sections["detection"].detection
    panel.target_combo.setLayer(layer)
    QTest.mouseClick(panel.rerank_button, Qt.MouseButton.LeftButton)
    assert panel.rerank_task is not None
    _unload_and_wait(plugin, panel.rerank_task)
    assert {f.id(): f["confidence"] for f in layer.getFeatures()} == before and not layer.isEditable()
    assert not python_errors
    assert not [m for m in message_log if "Traceback" in m[0] or "has been deleted" in m[0]]
