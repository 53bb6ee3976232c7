"""A failed Processing run leaves nothing of itself in memory.

QGIS 3.22 keeps the exception an algorithm raises, and with it the traceback's frames (their arrays, tables and
layers): the algorithms' base class gives QGIS an exception that holds only its own small frame.
"""

from __future__ import annotations

import gc
import types

import pytest
from qgis.core import QgsProcessingException


def _run_frames() -> list:
    """Frames of the plugin's code still alive, but for the base class's ``processAlgorithm`` (what QGIS keeps)."""
    gc.collect()
    return [frame for frame in gc.get_objects()
            if isinstance(frame, types.FrameType) and "basestation_mapper" in frame.f_code.co_filename
            and not (frame.f_code.co_name == "processAlgorithm" and frame.f_code.co_filename.endswith("base.py"))]


def test_failed_runs_keep_no_frame_of_their_work(provider, tmp_path):
    import processing

    table = tmp_path / "cells.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    before = len(_run_frames())
    for run in range(3):
        with pytest.raises(QgsProcessingException):
            processing.run("basestationmapper:importstations",
                           {"INPUT": str(table), "OUTPUT": str(tmp_path / f"stations{run}.gpkg")})
    assert len(_run_frames()) == before


def test_the_failure_is_still_said(provider, tmp_path):
    import processing
    from support.processing_feedback import Feedback

    table = tmp_path / "cells.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    feedback = Feedback()
    with pytest.raises(QgsProcessingException):
        processing.run("basestationmapper:importstations", {"INPUT": str(table), "OUTPUT": str(tmp_path / "s.gpkg")},
                       feedback=feedback)
    assert any("line 1: no coordinate columns found" in error for error in feedback.errors), feedback.errors
