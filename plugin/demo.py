"""``make demo``: start the plugin headless and show what it provides.

Run with ``python -m basestation_mapper.plugin.demo``.
"""

from __future__ import annotations

import sys


def main() -> int:
    # pytest-qgis's QgisInterface must be imported before QgsApplication starts
    try:
        from pytest_qgis.qgis_interface import QgisInterface
    except ImportError:  # pragma: no cover - dev dependency
        QgisInterface = None  # noqa: N806

    from .headless import init_processing, start_qgis

    app = start_qgis(gui=True)
    registry = init_processing(register_provider=QgisInterface is None)
    from .. import classFactory
    from .constants import PROVIDER_ID, plugin_name, plugin_version

    print(f"{plugin_name()} {plugin_version()}")
    if QgisInterface is not None:
        from pytest_qgis.mock_qgis_classes import MockMessageBar
        from qgis.gui import QgsMapCanvas
        from qgis.PyQt.QtWidgets import QMainWindow

        window = QMainWindow()
        canvas = QgsMapCanvas(window)
        iface = QgisInterface(canvas, MockMessageBar(), window)
        plugin = classFactory(iface)
        plugin.initGui()
        print(f"dock: {plugin.dock.windowTitle()}")
        for key, section in plugin.dock.sections.items():
            print(f"  section {key}: {section.title()}")
        print("actions: " + ", ".join(a.text() for a in plugin.actions))
    provider = registry.providerById(PROVIDER_ID)
    algs = sorted(a.id() for a in provider.algorithms()) if provider else []
    print(f"processing provider '{PROVIDER_ID}': {len(algs)} algorithm(s)")
    for alg in algs:
        print(f"  {alg}")
    if QgisInterface is not None:
        plugin.unload()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
