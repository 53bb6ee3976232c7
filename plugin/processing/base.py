"""Base class shared by every algorithm of the provider."""

from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm

from ..core.cancel import Canceled  # noqa: F401  (re-exported for the algorithms)
from ..i18n import tr


def group_names() -> dict[str, str]:
    """Translated Processing Toolbox group of each GROUP_ID."""
    return {
        "stations": tr("Stations"),
        "detection": tr("Detection"),
        "coverage": tr("Coverage"),
        "export": tr("Export and report"),
    }


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

    def createInstance(self):
        return type(self)()

    # -- to implement ----------------------------------------------------------------------
    def display_name(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def group_name(self) -> str:
        return group_names().get(self.GROUP_ID, self.GROUP_ID)

    def help_text(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError
