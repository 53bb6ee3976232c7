"""Base class shared by every algorithm of the provider."""

from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm
from qgis.PyQt.QtGui import QIcon

from ..constants import icon_path, metadata
from ..core.cancel import Canceled  # noqa: F401  (re-exported for the algorithms)
from ..i18n import tr

#: The README section that documents every algorithm and its parameters.
HELP_ANCHOR = "#processing-algorithms"


def group_names() -> dict[str, str]:
    """Translated Processing Toolbox group of each GROUP_ID."""
    return {
        "stations": tr("Stations"),
        "detection": tr("Detection"),
        "coverage": tr("Coverage"),
        "export": tr("Export and report"),
    }


def group_tags() -> dict[str, list[str]]:
    """Search words of each GROUP_ID (the Toolbox search also matches tags), translated."""
    words = {
        "stations": tr("import,merge,deduplicate,OpenCelliD,KML,OSM,CSV"),
        "detection": tr("detect,detection,imagery,satellite,aerial,shadow,mast,precision,recall"),
        "coverage": tr("coverage,radius,Okumura-Hata,COST-231,population,statistics,line of sight,terrain,DEM"),
        "export": tr("export,GeoPackage,KMZ,CSV,XLSX,GeoTIFF,PDF,report"),
    }
    return {key: [w.strip() for w in text.split(",") if w.strip()] for key, text in words.items()}


def common_tags() -> list[str]:
    return [w.strip() for w in tr("base station,cell tower,mobile network,telecom").split(",") if w.strip()]


class BaseStationMapperAlgorithm(QgsProcessingAlgorithm):
    """Common plumbing: translation, groups, help text, ``createInstance``.

    Subclasses define ``ALGORITHM_ID``, ``GROUP_ID``, :meth:`display_name` and
    implement ``initAlgorithm``, ``processAlgorithm`` and :meth:`help_text`; the group name comes from
    ``GROUP_ID``. Use the module
    level ``tr("...")`` for user-visible strings so that pylupdate5 finds them.
    """

    ALGORITHM_ID = ""
    GROUP_ID = ""

    def tr(self, text: str) -> str:  # QgsProcessingAlgorithm API
        return tr(text)

    def name(self) -> str:
        return self.ALGORITHM_ID

    def displayName(self) -> str:
        return self.display_name()

    def group(self) -> str:
        return self.group_name()

    def groupId(self) -> str:
        return self.GROUP_ID

    def shortHelpString(self) -> str:
        return self.help_text()

    def helpUrl(self) -> str:
        home = metadata().get("homepage", "").strip()
        return f"{home}{HELP_ANCHOR}" if home else ""

    def tags(self) -> list[str]:
        return common_tags() + group_tags().get(self.GROUP_ID, [])

    def icon(self) -> QIcon:
        return QIcon(icon_path("icon.svg"))

    def svgIconPath(self) -> str:
        return icon_path("icon.svg")

    def createInstance(self):
        return type(self)()

    # -- to implement ----------------------------------------------------------------------
    def display_name(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def group_name(self) -> str:
        return group_names().get(self.GROUP_ID, self.GROUP_ID)

    def help_text(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError
