"""GDAL helpers that leave GDAL's global state as they found it.

``gdal.UseExceptions()`` is process-wide: inside QGIS it would change how every other plugin's
GDAL calls behave. Functions that want exceptions wrap themselves in :func:`gdal_exceptions`.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager


@contextmanager
def gdal_exceptions():
    """Within the block GDAL errors raise ``RuntimeError``; the caller's mode is restored after."""
    from osgeo import gdal

    was_on = bool(gdal.GetUseExceptions())
    if not was_on:
        gdal.UseExceptions()
    try:
        yield gdal
    finally:
        if not was_on:
            gdal.DontUseExceptions()


def with_gdal_exceptions(func):
    """Decorator form of :func:`gdal_exceptions`."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with gdal_exceptions():
            return func(*args, **kwargs)

    return wrapper
