"""Dock section: Coverage and statistics."""

from __future__ import annotations

from ...i18n import tr
from .base import DockSection


class CoverageSection(DockSection):
    KEY = "coverage"

    def __init__(self, plugin, parent=None):
        super().__init__(plugin, parent)
        self.add_placeholder(tr(
            "Coverage model (technology radii, Okumura-Hata / COST-231, sectors), optional DEM for line"
            " of sight, region and population layers, and the statistics table per region. Turn on live"
            " to refresh while you edit."
        ))

    def title(self) -> str:
        return tr("Coverage and statistics")
