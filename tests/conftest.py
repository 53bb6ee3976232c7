"""Shared fixtures. QGIS itself is started by pytest-qgis (fixtures qgis_iface, qgis_canvas, ...)."""

from __future__ import annotations

import atexit
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PROJ_DATA", "/usr/share/proj")

REPO_ROOT = Path(__file__).resolve().parent.parent
# tests/support holds shared test utilities (scene generator, data builders)
sys.path.insert(0, str(Path(__file__).resolve().parent))
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


def _statistics_cache(path: Path) -> bool:
    """Whether a ``.aux.xml`` holds nothing but the statistics GDAL computed for a raster (STATISTICS_* items,
    histograms): a cache GDAL makes again whenever needed, never part of the data."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return False
    if root.tag != "PAMDataset":
        return False
    for element in root.iter():
        if element.tag in ("PAMDataset", "PAMRasterBand", "Metadata") or element.tag.startswith("Hist"):
            continue
        if element.tag == "MDI" and str(element.get("key", "")).startswith("STATISTICS_"):
            continue
        return False
    return True


def _remove_statistics_caches(folder: Path) -> None:
    """The shared data are read in place, never written; but GDAL writes the statistics QGIS computes for a raster
    layer (its default contrast stretch) into a ``.aux.xml`` beside the file when the layer closes, which may be as
    late as the interpreter's exit (of this run, or of another run of the tests at the same time). Such caches are
    removed when a test run starts and ends."""
    for path in folder.rglob("*.aux.xml") if folder.is_dir() else ():
        if _statistics_cache(path):
            try:
                path.unlink()
            except OSError:
                pass


_remove_statistics_caches(SHARED_DATA)
atexit.register(_remove_statistics_caches, SHARED_DATA)


@pytest.fixture(autouse=True, scope="session")
def _cycles_freed_while_qgis_runs(qgis_app):
    """At the end of the session, free what only reference cycles still hold (a test's local holding the
    exception of a failed processing.run holds its traceback, whose frames hold the run's context and
    feedback; a GDAL dataset in a cycle) before pytest-qgis calls exitQgis(): freed after it, by the
    interpreter at exit, such objects crash the process (exit 139) although every test passed. Both
    tiers: the unit tests run under pytest-qgis too (tests/unit/test_coverage_inputs.py alone did)."""
    yield
    import gc

    gc.collect()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` (read in place, never copied); skip when this checkout has none."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared reference data not found at {SHARED_DATA}")
    return SHARED_DATA

