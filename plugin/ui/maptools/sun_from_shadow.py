"""The "Sun from a shadow" map tool: click the foot of anything standing (a pole, a building's corner,
a tree), then the tip of its shadow; the sun azimuth is the direction from the tip back to the foot."""

from __future__ import annotations

import math

from qgis.core import QgsDistanceArea, QgsPointXY, QgsProject, QgsWkbTypes
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


class SunFromShadowTool(QgsMapToolEmitPoint):
    """Two clicks (foot, then shadow tip) emit ``measured(azimuth)``; a right click or Esc starts over.
    ``last_uncertainty_deg`` then tells how far the clicks' direction may be off (:func:`click_uncertainty_deg`)."""

    measured = pyqtSignal(float)

    def __init__(self, canvas):
        super().__init__(canvas)
        self._foot: QgsPointXY | None = None
        self.last_uncertainty_deg = 0.0
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
        azimuth = sun_azimuth_of_shadow(self._foot, point, self.canvas().mapSettings().destinationCrs())
        if azimuth is None:
            return
        per_pixel = self.canvas().mapUnitsPerPixel()
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
