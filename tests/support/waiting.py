"""Waiting in the in-QGIS tests for what a task or a timer does, Qt's events processed meanwhile."""

from __future__ import annotations

import time


def wait_until(predicate, timeout: float = 120.0) -> None:
    """Process Qt's events until ``predicate()`` holds (an assertion error after ``timeout`` s), then once more."""
    from qgis.core import QgsApplication

    start = time.time()
    while not predicate():
        QgsApplication.processEvents()
        assert time.time() - start < timeout, "timed out"
        time.sleep(0.02)
    QgsApplication.processEvents()
