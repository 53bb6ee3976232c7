"""The Processing provider: every algorithm of ``plugin/processing/algorithms``."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..constants import PROVIDER_ID, icon_path, plugin_version
from ..i18n import tr
from . import algorithms
from .base import BaseStationMapperAlgorithm


def algorithm_classes() -> list[type[BaseStationMapperAlgorithm]]:
    """Every algorithm class defined in the modules of the ``algorithms`` package."""
    found = []
    for info in sorted(pkgutil.iter_modules(algorithms.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{algorithms.__name__}.{info.name}")
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if (issubclass(obj, BaseStationMapperAlgorithm) and obj is not BaseStationMapperAlgorithm
                    and obj.__module__ == module.__name__ and obj.ALGORITHM_ID):
                found.append(obj)
    return found


class BaseStationMapperProvider(QgsProcessingProvider):
    def id(self) -> str:
        return PROVIDER_ID

    def name(self) -> str:
        return tr("Base Station Mapper")

    def longName(self) -> str:
        return f"{self.name()} {plugin_version()}"

    def icon(self) -> QIcon:
        return QIcon(icon_path("icon.svg"))

    def svgIconPath(self) -> str:
        return icon_path("icon.svg")

    def versionInfo(self) -> str:
        return plugin_version()

    def loadAlgorithms(self) -> None:
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
