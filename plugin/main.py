"""The plugin object QGIS creates through ``classFactory``: GUI set-up and teardown."""

from __future__ import annotations

from collections.abc import Callable

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon, QKeySequence
from qgis.PyQt.QtWidgets import QAction, QMenu, QToolBar

from .constants import icon_path, plugin_name, plugin_version
from .i18n import install_translator, remove_translator, tr
from .log import get_logger, setup_logger, teardown_logger
from .processing.provider import BaseStationMapperProvider


class BaseStationMapperPlugin:
    """Owns every action, the toolbar, the menu, the dock, map tools and the provider."""

    TOOLBAR_OBJECT_NAME = "BaseStationMapperToolbar"
    MENU_OBJECT_NAME = "BaseStationMapperMenu"

    def __init__(self, iface):
        self.iface = iface
        self.provider: BaseStationMapperProvider | None = None
        self.toolbar: QToolBar | None = None
        self.menu: QMenu | None = None
        self.dock = None
        self.options_factory = None
        self.actions: list[QAction] = []
        self.map_tools: list = []
        self._connections: list[tuple[object, Callable]] = []
        self.log = get_logger()

    # -- Processing ------------------------------------------------------------------------
    def initProcessing(self) -> None:
        if self.provider is not None:
            return
        provider = BaseStationMapperProvider()
        # addProvider() takes ownership and deletes the provider when it refuses it
        # (e.g. another copy of the plugin registered the same id): keep no dangling reference
        if QgsApplication.processingRegistry().addProvider(provider):
            self.provider = provider
        else:
            self.log.warning("Processing provider %s is already registered", provider.id())

    # -- GUI -------------------------------------------------------------------------------
    def initGui(self) -> None:
        install_translator()
        setup_logger()
        self.initProcessing()

        main_window = self.iface.mainWindow()
        self.toolbar = self.iface.addToolBar(tr("Base Station Mapper"))
        self.toolbar.setObjectName(self.TOOLBAR_OBJECT_NAME)
        self.menu = QMenu(tr("Base Station Mapper"), main_window)
        self.menu.setObjectName(self.MENU_OBJECT_NAME)
        menu_bar = main_window.menuBar()
        menu_bar.insertMenu(self._menu_anchor(menu_bar), self.menu)

        from .ui.dock import BaseStationMapperDock

        self.dock = BaseStationMapperDock(self, main_window)
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock_action = self.add_action(
            tr("Base Station Mapper panel"), "icon.svg", None, checkable=True,
            status_tip=tr("Show or hide the Base Station Mapper panel"),
        )
        self.dock.setToggleVisibilityAction(self.dock_action)

        from .ui.options_page import BaseStationMapperOptionsFactory

        self.options_factory = BaseStationMapperOptionsFactory()
        self.iface.registerOptionsWidgetFactory(self.options_factory)
        self.log.info(f"{plugin_name()} {plugin_version()} loaded")

    @staticmethod
    def _menu_anchor(menu_bar):
        """Insert before the Help menu when there is one (as QGIS's own menus are)."""
        actions = menu_bar.actions()
        for action in actions:
            if action.menu() is not None and action.menu().objectName() == "mHelpMenu":
                return action
        return None

    def add_action(self, text: str, icon: str | None, callback: Callable | None, *,
                   checkable: bool = False, shortcut: str | None = None, status_tip: str = "",
                   toolbar: bool = True, menu: bool = True, object_name: str = "") -> QAction:
        """Create an action owned by the plugin (removed in :meth:`unload`)."""
        action = QAction(QIcon(icon_path(icon)) if icon else QIcon(), text, self.iface.mainWindow())
        action.setCheckable(checkable)
        if object_name:
            action.setObjectName(object_name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if status_tip:
            action.setStatusTip(status_tip)
            action.setToolTip(status_tip)
        if callback is not None:
            signal = action.toggled if checkable else action.triggered
            signal.connect(callback)
        if toolbar and self.toolbar is not None:
            self.toolbar.addAction(action)
        if menu and self.menu is not None:
            self.menu.addAction(action)
        self.actions.append(action)
        return action

    def register_map_tool(self, tool) -> None:
        """Remember a map tool so that :meth:`unload` unsets it from the canvas."""
        self.map_tools.append(tool)

    def connect(self, signal, slot) -> None:
        """Connect a signal of an object outside the plugin; disconnected in :meth:`unload`."""
        signal.connect(slot)
        self._connections.append((signal, slot))

    def unload(self) -> None:
        for signal, slot in reversed(self._connections):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass
        self._connections.clear()

        canvas = self.iface.mapCanvas()
        for tool in self.map_tools:
            if canvas is not None and canvas.mapTool() is tool:
                canvas.unsetMapTool(tool)
            tool.deleteLater()
        self.map_tools.clear()

        if self.options_factory is not None:
            self.iface.unregisterOptionsWidgetFactory(self.options_factory)
            self.options_factory = None

        if self.dock is not None:
            self.dock.unload()
            self.iface.removeDockWidget(self.dock)
            self.dock.setParent(None)
            self.dock.deleteLater()
            self.dock = None

        main_window = self.iface.mainWindow()
        for action in self.actions:
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            if self.menu is not None:
                self.menu.removeAction(action)
            # shortcut actions (review keys) are added to the main window itself; detach them now so
            # that a plugin loaded again at once (plugin reloader) finds no second "S" or "A"
            main_window.removeAction(action)
            action.setParent(None)
            action.deleteLater()
        self.actions.clear()

        if self.menu is not None:
            self.menu.menuAction().setVisible(False)
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.setParent(None)
            self.toolbar.deleteLater()
            self.toolbar = None

        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        teardown_logger()
        remove_translator()
