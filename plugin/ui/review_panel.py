"""Review part of the Detection section: the candidate queue (Accept A, Reject R, Skip N, Back P)."""

from __future__ import annotations

from ..i18n import tr
from .sections.base import DockSection


class ReviewPanel(DockSection):
    KEY = "review"

    def __init__(self, plugin, parent=None):
        super().__init__(plugin, parent)
        self.add_placeholder(tr(
            "Review candidates one by one, sorted by confidence: Accept (A), Reject (R), Skip (N), Back (P)."
        ))

    def title(self) -> str:
        return tr("Review")
