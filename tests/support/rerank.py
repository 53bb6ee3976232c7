"""Re-rank driven from the Detection panel: click, then let the task end as QGIS's task manager runs it."""

from __future__ import annotations

import time

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest


def wait_rerank(panel, timeout: float = 60.0) -> None:
    """Until the panel's re-rank task has ended and its result reached the panel (main thread)."""
    start = time.time()
    while panel.rerank_task is not None:
        QgsApplication.processEvents()
        assert time.time() - start < timeout, "the re-rank did not end"
        time.sleep(0.005)
    QgsApplication.processEvents()


def click_rerank(panel, timeout: float = 60.0) -> None:
    """Click Re-rank and wait for its end."""
    QTest.mouseClick(panel.rerank_button, Qt.MouseButton.LeftButton)
    wait_rerank(panel, timeout)
