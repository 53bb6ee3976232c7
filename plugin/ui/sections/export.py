"""Dock section: Export."""

from __future__ import annotations

from ...i18n import tr
from .base import DockSection


class ExportSection(DockSection):
    KEY = "export"

    def __init__(self, plugin, parent=None):
        super().__init__(plugin, parent)
        self.add_placeholder(tr(
            "Export coverage and station layers (GeoPackage, GeoJSON, Shapefile, KMZ, CSV, GeoTIFF) and"
            " a PDF report."
        ))

    def title(self) -> str:
        return tr("Export")
