"""GDAL helpers that leave GDAL's global state as they found it.

``gdal.UseExceptions()`` is process-wide: inside QGIS it would change how every other plugin's
GDAL calls behave. Functions that want exceptions wrap themselves in :func:`gdal_exceptions`.
"""

from __future__ import annotations

import functools
import threading
from contextlib import contextmanager

_exceptions_lock = threading.Lock()
_exceptions_users = 0  # blocks inside gdal_exceptions(), in every thread
_exceptions_were_off = False  # the mode to restore when the last block ends


@contextmanager
def gdal_exceptions():
    """Within the block GDAL errors raise ``RuntimeError``; the caller's mode is restored after.

    The mode is one for the whole process, so blocks running at the same time in several threads (two
    Processing algorithms, a task and an algorithm) share it: exceptions are turned on by the first
    block and the earlier mode comes back only when the last one ends, never while another thread
    is inside a block, and never from two threads at once (GDAL's switch is not thread-safe).
    """
    from osgeo import gdal

    global _exceptions_users, _exceptions_were_off
    with _exceptions_lock:
        if _exceptions_users == 0:
            _exceptions_were_off = not gdal.GetUseExceptions()
        if not gdal.GetUseExceptions():
            gdal.UseExceptions()
        _exceptions_users += 1
    try:
        yield gdal
    finally:
        with _exceptions_lock:
            _exceptions_users -= 1
            if _exceptions_users == 0 and _exceptions_were_off and gdal.GetUseExceptions():
                gdal.DontUseExceptions()


def with_gdal_exceptions(func):
    """Decorator form of :func:`gdal_exceptions`."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with gdal_exceptions():
            return func(*args, **kwargs)

    return wrapper


def missing_sources(path: str) -> list[str]:
    """Files a dataset is made of (a VRT's sources, sidecars) that do not exist.

    GDAL reports a missing VRT source once per process; a second read of the same window in the
    same process fails with an empty message, and this names the culprit instead.
    """
    import os

    from osgeo import gdal

    with quiet_gdal():
        try:
            ds = gdal.OpenEx(str(path), gdal.OF_RASTER)
        except RuntimeError:  # with exceptions on: the dataset itself cannot be opened
            ds = None
        files = list(ds.GetFileList() or []) if ds is not None else [str(path)]
    if str(path).lower().endswith(".vrt") and os.path.exists(path):
        # a VRT's file list leaves out the sources that cannot be opened: read them from the XML
        import xml.etree.ElementTree as ET

        try:
            root = ET.parse(str(path)).getroot()
        except ET.ParseError:
            root = None
        for el in root.iter("SourceFilename") if root is not None else ():
            name = (el.text or "").strip()
            if el.get("relativeToVRT") == "1":
                name = os.path.join(os.path.dirname(str(path)), name)
            files.append(name)
    return sorted({f for f in files if f and not f.startswith("/vsi") and not os.path.exists(f)})


@contextmanager
def quiet_gdal():
    """Within the block GDAL prints no error or warning (they still raise or return as usual)."""
    from osgeo import gdal

    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        yield
    finally:
        gdal.PopErrorHandler()
