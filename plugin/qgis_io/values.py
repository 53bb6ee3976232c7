"""Attribute values read from QGIS features."""

from __future__ import annotations

from qgis.PyQt.QtCore import QDate, QDateTime, QTime


def is_null(value) -> bool:
    """True for None and for QGIS's NULL (a null QVariant)."""
    if value is None:
        return True
    try:
        return bool(value.isNull())
    except AttributeError:
        return False


def plain_value(value):
    """An attribute value as a station table holds it: None for NULL, ISO text for a QDate
    (``2020-05-01``), a QDateTime (UTC, ``2020-05-01T08:30:00+00:00``) or a QTime; else the value."""
    if value.__class__ in (str, int, float):  # most values: nothing to do
        return value
    if is_null(value):
        return None
    if isinstance(value, QDateTime):
        if not value.isValid():
            return None
        return value.toUTC().toPyDateTime().replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    if isinstance(value, QDate):
        return value.toPyDate().isoformat() if value.isValid() else None
    if isinstance(value, QTime):
        return value.toString("HH:mm:ss") if value.isValid() else None
    return value
