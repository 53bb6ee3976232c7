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


def _pam_sidecars(folder: Path) -> set[Path]:
    """The ``.aux.xml`` files beside the rasters of ``folder`` (tree)."""
    return set(folder.rglob("*.aux.xml")) if folder.is_dir() else set()


_SHARED_SIDECARS_BEFORE = _pam_sidecars(SHARED_DATA)


@atexit.register
def _leave_shared_data_as_found() -> None:
    """The shared data are read in place, never written; but GDAL writes the statistics QGIS computes for a
    raster layer (its default contrast stretch) into a ``.aux.xml`` beside the file when the layer closes,
    which may be as late as QGIS's exit. Those the session added are removed once the process ends."""
    for path in _pam_sidecars(SHARED_DATA) - _SHARED_SIDECARS_BEFORE:
        try:
            path.unlink()
        except OSError:
            pass


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
