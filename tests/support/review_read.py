"""Waiting for the review panel's background read of a large layer (see ReviewPanel.reading)."""

from __future__ import annotations

import time


def wait_review(review, timeout: float = 120.0) -> None:
    """Until the review's read and every task of the task manager have ended (a bound against a hang only)."""
    from qgis.core import QgsApplication

    manager = QgsApplication.taskManager()
    began = time.time()
    while review.reading() or manager.countActiveTasks():
        QgsApplication.processEvents()
        assert time.time() - began < timeout, "the review's read did not end"
        time.sleep(0.005)
    QgsApplication.processEvents()
