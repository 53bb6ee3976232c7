"""Attribute values read from QGIS features."""

from __future__ import annotations


def is_null(value) -> bool:
    """True for None and for QGIS's NULL (a null QVariant)."""
    if value is None:
        return True
    try:
        return bool(value.isNull())
    except AttributeError:
        return False
