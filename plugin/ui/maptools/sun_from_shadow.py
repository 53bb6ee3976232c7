"""The "Sun from a shadow" map tool: click the foot of anything standing (a pole, a building's corner,
a tree), then the tip of its shadow; the sun azimuth is the direction from the tip back to the foot."""

from __future__ import annotations

import math
from collections.abc import Callable

from qgis.core import (
    QgsCoordinateTransform,
    QgsCsException,
    QgsDistanceArea,
    QgsPointXY,
    QgsProject,
    QgsWkbTypes,
)
from qgis.gui import QgsMapToolEmitPoint, QgsRubberBand
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor


def sun_azimuth_of_shadow(foot: QgsPointXY, tip: QgsPointXY, crs, context=None) -> float | None:
    """Sun azimuth (degrees clockwise from true north) of a shadow from ``foot`` to ``tip`` (points in
    ``crs``): a shadow points away from the sun. None when the two points coincide."""
    if foot.compare(tip, 1e-12):
        return None
    area = QgsDistanceArea()
    area.setSourceCrs(crs, context or QgsProject.instance().transformContext())
    area.setEllipsoid("WGS84")
    shadow = math.degrees(area.bearing(foot, tip))  # on the ellipsoid: true north whatever the map CRS
    return (shadow + 180.0) % 360.0


def click_uncertainty_deg(length_px: float) -> float:
    """How far a direction clicked between two points ``length_px`` screen pixels apart may be off (degrees):
    each click lands within about half a pixel of the point meant, so the direction within atan(1 / length)."""
    return 90.0 if length_px <= 1.0 else math.degrees(math.atan(1.0 / length_px))


#: Providers of tiles drawn at the map's scale (XYZ, WMS/WMTS, ArcGIS map services): no pixel size of their own.
TILE_PROVIDERS = ("wms", "arcgismapserver")


def imagery_pixel_in_map_units(layer, point: QgsPointXY, map_crs, context=None) -> float:
    """Ground size of one pixel of the raster ``layer`` at ``point`` (map units of ``map_crs``), 0 when the layer
    has no pixel size of its own (XYZ/WMS tiles follow the map's scale) or it cannot be told."""
    if layer is None or not layer.isValid() or layer.dataProvider() is None:
        return 0.0
    if layer.providerType() in TILE_PROVIDERS:
        return 0.0
    px, py = abs(layer.rasterUnitsPerPixelX()), abs(layer.rasterUnitsPerPixelY())
    if not (px > 0 and py > 0):
        return 0.0
    if not layer.crs().isValid() or layer.crs() == map_crs:
        return max(px, py)
    context = context or QgsProject.instance().transformContext()
    xform = QgsCoordinateTransform(layer.crs(), map_crs, context)
    try:
        here = QgsCoordinateTransform(map_crs, layer.crs(), context).transform(point)
        a = xform.transform(here)
        sizes = [a.distance(xform.transform(QgsPointXY(here.x() + dx, here.y() + dy))) for dx, dy in ((px, 0), (0, py))]
    except QgsCsException:
        return 0.0
    return max(sizes)


class SunFromShadowTool(QgsMapToolEmitPoint):
    """Two clicks (foot, then shadow tip) emit ``measured(azimuth)``; a right click or Esc starts over.
    ``last_uncertainty_deg`` then tells how far the clicks' direction may be off (:func:`click_uncertainty_deg`),
    in screen pixels or, zoomed in past them, in pixels of the layer ``imagery()`` gives (a shadow's tip is no sharper
    than the imagery's own pixels)."""

    measured = pyqtSignal(float)

    def __init__(self, canvas):
        super().__init__(canvas)
        self._foot: QgsPointXY | None = None
        self.last_uncertainty_deg = 0.0
        #: gives the raster the shadow is measured on (None, or giving None: judged in screen pixels only)
        self.imagery: Callable[[], object] | None = None
        self._line = QgsRubberBand(canvas, QgsWkbTypes.GeometryType.LineGeometry)
        self._line.setColor(QColor(255, 140, 0, 220))
        self._line.setWidth(2)

    def _reset(self) -> None:
        self._foot = None
        self._line.reset(QgsWkbTypes.GeometryType.LineGeometry)

    def canvasMoveEvent(self, event) -> None:
        if self._foot is not None:
            self._line.movePoint(event.mapPoint())

    def canvasReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            self._reset()
            return
        point = QgsPointXY(event.mapPoint())
        if self._foot is None:
            self._foot = point
            self._line.reset(QgsWkbTypes.GeometryType.LineGeometry)
            self._line.addPoint(point)
            self._line.addPoint(point)
            return
        map_crs = self.canvas().mapSettings().destinationCrs()
        azimuth = sun_azimuth_of_shadow(self._foot, point, map_crs)
        if azimuth is None:
            return
        per_pixel = max(self.canvas().mapUnitsPerPixel(), imagery_pixel_in_map_units(
            self.imagery() if self.imagery is not None else None, self._foot, map_crs))
        length = math.hypot(point.x() - self._foot.x(), point.y() - self._foot.y())
        self.last_uncertainty_deg = click_uncertainty_deg(length / per_pixel if per_pixel > 0 else 0.0)
        self._reset()
        self.measured.emit(azimuth)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._reset()

    def deactivate(self) -> None:
        self._reset()
        super().deactivate()
