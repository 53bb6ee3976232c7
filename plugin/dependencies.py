"""The Python packages the plugin needs beyond PyQGIS, and what QGIS gets when one is missing.

QGIS itself does not bring them everywhere (Debian's and Ubuntu's ``qgis`` package has no pandas,
shapely or rasterio). ``classFactory`` checks :func:`missing_packages` before anything imports them
and, when some are missing, gives QGIS :class:`MissingDependenciesPlugin`, which names them and how to
install them instead of a ModuleNotFoundError traceback.
"""

from __future__ import annotations

import importlib.util

#: import name -> (pip name, Debian/Ubuntu package)
REQUIRED = {
    "numpy": ("numpy", "python3-numpy"),
    "pandas": ("pandas", "python3-pandas"),
    "scipy": ("scipy", "python3-scipy"),
    "shapely": ("shapely", "python3-shapely"),
    "rasterio": ("rasterio", "python3-rasterio"),
    "pyproj": ("pyproj", "python3-pyproj"),
}


def missing_packages() -> list[str]:
    """Import names of the required packages this Python cannot find."""
    missing = []
    for name in REQUIRED:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return missing


def install_hint(missing: list[str]) -> str:
    """The message telling which packages are missing and how to install them."""
    from .i18n import tr

    pip = " ".join(REQUIRED[m][0] for m in missing)
    debian = " ".join(REQUIRED[m][1] for m in missing)
    return tr("Base Station Mapper cannot start: the Python of this QGIS lacks {packages}. Install them "
              "(Debian/Ubuntu: sudo apt install {debian}; elsewhere: python3 -m pip install {pip}, on Windows "
              "from the OSGeo4W Shell) and restart QGIS.").format(packages=", ".join(missing), debian=debian,
                                                                  pip=pip)


class MissingDependenciesPlugin:
    """Stands in for the plugin when packages are missing: says so once, adds nothing to QGIS."""

    def __init__(self, iface, missing: list[str]):
        self.iface = iface
        self.missing = list(missing)
        self.message = None

    def _text(self) -> str:
        return install_hint(self.missing)

    def initProcessing(self) -> None:  # qgis_process: its log shows why no algorithm is there
        from qgis.core import Qgis, QgsMessageLog

        from .log import LOG_TAG

        QgsMessageLog.logMessage(self._text(), LOG_TAG, Qgis.MessageLevel.Critical)

    def initGui(self) -> None:
        from qgis.core import Qgis, QgsMessageLog

        from .i18n import install_translator, tr
        from .log import LOG_TAG

        install_translator()
        text = self._text()
        QgsMessageLog.logMessage(text, LOG_TAG, Qgis.MessageLevel.Critical)
        bar = self.iface.messageBar() if self.iface is not None else None
        if bar is not None:
            self.message = bar.createMessage(tr("Base Station Mapper"), text)
            bar.pushWidget(self.message, Qgis.MessageLevel.Critical, 0)

    def unload(self) -> None:
        from .i18n import remove_translator

        if self.message is not None:
            try:
                self.iface.messageBar().popWidget(self.message)
            except (RuntimeError, AttributeError):  # already closed by the user
                pass
            self.message = None
        remove_translator()
