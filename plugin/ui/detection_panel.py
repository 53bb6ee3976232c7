"""Detection part of the Detection section: run the tower detector over imagery."""

from __future__ import annotations

from ..i18n import tr
from .sections.base import DockSection


class DetectionPanel(DockSection):
    KEY = "detectionpanel"

    def __init__(self, plugin, parent=None):
        super().__init__(plugin, parent)
        self.add_placeholder(tr(
            "Run the tower detector over an imagery layer and extent; candidates go to the review queue below."
        ))

    def title(self) -> str:
        return tr("Detection")
