"""Dock section: Detection and review."""

from __future__ import annotations

from ...i18n import tr
from .base import DockSection


class DetectionSection(DockSection):
    KEY = "detection"

    def __init__(self, plugin, parent=None):
        super().__init__(plugin, parent)
        self.add_placeholder(tr(
            "Run the tower detector over an imagery layer and extent, then review the candidates one by"
            " one: Accept (A), Reject (R), Skip (N), Back (P)."
        ))

    def title(self) -> str:
        return tr("Detection and review")
