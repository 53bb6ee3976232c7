"""Loading, unloading and reloading the plugin the way QGIS does."""

from __future__ import annotations

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
