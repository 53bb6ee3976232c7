"""Dock section: Stations."""

from __future__ import annotations

from ...i18n import tr
from .base import DockSection


class StationsSection(DockSection):
    KEY = "stations"

    def __init__(self, plugin, parent=None):
        super().__init__(plugin, parent)
        self.add_placeholder(tr(
            "The station layer and its defaults (technology, operator, antenna height). Press S to add "
            "a station with one click, import OpenCelliD CSV, KML/KMZ, OSM or GeoPackage files, and "
            "merge sources."
        ))

    def title(self) -> str:
        return tr("Stations")
