"""Dock section: Imagery."""

from __future__ import annotations

from ...i18n import tr
from .base import DockSection


class ImagerySection(DockSection):
    KEY = "imagery"

    def __init__(self, plugin, parent=None):
        super().__init__(plugin, parent)
        self.add_placeholder(tr(
            "Satellite and aerial layers listed by acquisition date. Add a preset (Esri World Imagery, "
            "OpenStreetMap), your own XYZ/WMS/WMTS URL or a local GeoTIFF/COG/VRT file, and compare two"
            " dates."
        ))

    def title(self) -> str:
        return tr("Imagery")
