"""Layers without a coordinate reference system (a shapefile without its .prj, a delimited-text URI
without ``crs=``): the one rule every reader of such a layer follows.

Coordinates that all lie within longitude/latitude bounds (x in [-180, 180], y in [-90, 90]) are read
as WGS84 longitudes and latitudes, with a warning saying so; any other coordinates (metres, feet) have
no place on the earth without a CRS, so the layer is refused with a message naming it.
"""

from __future__ import annotations

from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

from ..i18n import LocaleNumber, tr

WGS84_ID = "EPSG:4326"


def lonlat_bounds(x0: float, y0: float, x1: float, y1: float) -> bool:
    """Whether the box x0..x1, y0..y1 lies within longitude/latitude bounds."""
    return -180.0 <= x0 <= x1 <= 180.0 and -90.0 <= y0 <= y1 <= 90.0


def box_of(box: QgsRectangle | None) -> tuple[float, float, float, float] | None:
    """(x0, y0, x1, y1) of a QGIS rectangle; None for a null or empty one (a layer of no geometry)."""
    if box is None or box.isNull():
        return None
    return box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()


def assume_wgs84(name: str, box: tuple[float, float, float, float] | QgsRectangle | None,
                 error: type[Exception] = ValueError) -> tuple[QgsCoordinateReferenceSystem, str]:
    """WGS84 and the warning that says so, for the layer ``name`` that has no CRS and whose coordinates
    span ``box`` ((x0, y0, x1, y1), a QgsRectangle, or None when it has no geometry); ``error`` (the
    caller's error type) with a message naming the layer and its coordinates when they cannot be
    longitudes and latitudes."""
    if isinstance(box, QgsRectangle):
        box = box_of(box)
    if box is not None and not lonlat_bounds(*box):
        x0, y0, x1, y1 = box
        raise error(tr(
            "The layer '{name}' has no coordinate reference system and its coordinates (x {x0:.6g} to {x1:.6g}, "
            "y {y0:.6g} to {y1:.6g}) are not longitudes and latitudes: set its CRS (Layer Properties › Source, "
            "or crs= in a delimited-text URI) and try again.").format(
                name=name, x0=LocaleNumber(x0), x1=LocaleNumber(x1), y0=LocaleNumber(y0), y1=LocaleNumber(y1)))
    return QgsCoordinateReferenceSystem(WGS84_ID), tr(
        "The layer '{name}' has no coordinate reference system: its coordinates are longitudes and latitudes "
        "and are read as WGS84.").format(name=name)
