"""Start QGIS without its desktop (scripts, the demo, benchmarks, command-line use)."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

QGIS_PLUGINS_DIR = "/usr/share/qgis/python/plugins"
#: The provider registered by :func:`init_processing`. The registry owns the C++ object, but the
#: Python side (and with it every algorithm's Python implementation) lives only as long as a
#: Python reference does.
_PROVIDER = None


def ensure_processing_path() -> None:
    """Make QGIS's own ``processing`` package importable (it lives in the plugins folder)."""
    prefix = os.environ.get("QGIS_PREFIX_PATH", "/usr")
    for candidate in (os.path.join(prefix, "share", "qgis", "python", "plugins"), QGIS_PLUGINS_DIR):
        if os.path.isdir(candidate) and candidate not in sys.path:
            sys.path.append(candidate)


def start_qgis(gui: bool = False):
    """Return a running QgsApplication (the existing one, or a new one)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
    from qgis.core import QgsApplication

    app = QgsApplication.instance()
    if app is None:
        QgsApplication.setPrefixPath(os.environ.get("QGIS_PREFIX_PATH", "/usr"), True)
        app = QgsApplication([], gui)
        app.initQgis()
    return app


def init_processing(register_provider: bool = True):
    """Initialise Processing with QGIS's native algorithms and this plugin's provider."""
    ensure_processing_path()
    from processing.core.Processing import Processing
    from qgis.analysis import QgsNativeAlgorithms
    from qgis.core import QgsApplication

    registry = QgsApplication.processingRegistry()
    if registry.providerById("native") is None:
        registry.addProvider(QgsNativeAlgorithms())
    Processing.initialize()
    from .constants import PROVIDER_ID
    from .processing.provider import BaseStationMapperProvider

    global _PROVIDER
    if register_provider and registry.providerById(PROVIDER_ID) is None:
        provider = BaseStationMapperProvider()
        if registry.addProvider(provider):
            _PROVIDER = provider
    return registry


@contextmanager
def qgis_session(gui: bool = False, processing: bool = True):
    """``with qgis_session(): ...`` runs the body with QGIS (and Processing) started."""
    from qgis.core import QgsApplication

    created = QgsApplication.instance() is None
    app = start_qgis(gui)
    if processing:
        init_processing()
    try:
        yield app
    finally:
        if created:
            app.exitQgis()
