"""Dock section: detection (run the detector) and review (the candidate queue)."""

from __future__ import annotations

from ...i18n import tr
from ..detection_panel import DetectionPanel
from ..review_panel import ReviewPanel
from .base import DockSection


class DetectionSection(DockSection):
    KEY = "detection"

    def __init__(self, plugin, parent=None):
        super().__init__(plugin, parent)
        self.detection = DetectionPanel(plugin, self)
        self.review = ReviewPanel(plugin, self)
        self.layout_.addWidget(self.detection)
        self.layout_.addWidget(self.review)
        for panel in (self.detection, self.review):
            panel.summaryChanged.connect(self.summaryChanged)
            panel.stateChanged.connect(self.stateChanged)
        self.detection.candidatesChanged.connect(self._review_candidates)
        self.detection.candidatesRescored.connect(self._review_rescored)
        self.detection.reviewed_layer = self.review.current_layer

    def title(self) -> str:
        return tr("Detection and review")

    def summary(self) -> str:
        return " · ".join(p for p in (self.detection.summary(), self.review.summary()) if p)

    def state(self) -> dict:
        return {"detection": self.detection.state(), "review": self.review.state()}

    def restore_state(self, state: dict) -> None:
        for panel in (self.detection, self.review):
            panel.restoring_project = self.restoring_project
        try:
            self.detection.restore_state(state.get("detection") or {})
            self.review.restore_state(state.get("review") or {})
        finally:
            for panel in (self.detection, self.review):
                panel.restoring_project = False

    def project_read(self, restored: bool) -> None:
        self.detection.project_read(restored)
        self.review.project_read(restored)

    def _review_candidates(self, layer) -> None:
        """New or re-scored candidates: the review queue shows them, highest confidence first (the decisions
        already taken on the layer stay counted)."""
        if self.review.current_layer() is layer:
            self.review.candidates_changed()
        else:
            self.review.set_layer(layer)

    def _review_rescored(self, layer, scores: dict) -> None:
        """Candidates re-ranked: the review queue shows them in their new order (the layer is not read again when
        it is the one under review)."""
        if self.review.current_layer() is layer:
            self.review.rescored(scores)
        else:
            self.review.set_layer(layer)

    def project_cleared(self) -> None:
        self.detection.project_cleared()
        self.review.project_cleared()

    def dock_closed(self, closed: bool) -> None:
        self.review.dock_closed(closed)

    def unload(self) -> None:
        self.detection.unload()
        self.review.unload()
