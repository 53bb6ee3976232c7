"""QGIS helpers for the station tests: a dated imagery raster, canvas set-up, clicks."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def dated_raster(path: Path, lon0: float, lat0: float, size_deg: float = 0.05, date: str = "2021-05-03",
                 name: str = "pleiades_2021"):
    """A small RGB GeoTIFF (EPSG:4326) as a QgsRasterLayer with its acquisition-date property."""
    from osgeo import gdal, osr
    from qgis.core import QgsRasterLayer

    ds = gdal.GetDriverByName("GTiff").Create(str(path), 50, 50, 3, gdal.GDT_Byte)
    ds.SetGeoTransform((lon0, size_deg / 50, 0, lat0 + size_deg, 0, -size_deg / 50))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    rng = np.random.default_rng(3)
    for b in range(3):
        ds.GetRasterBand(b + 1).WriteArray(rng.integers(0, 255, (50, 50), dtype=np.uint8))
    ds = None
    layer = QgsRasterLayer(str(path), name)
    assert layer.isValid()
    if date:
        layer.setCustomProperty("basestation_mapper/acquisition_date", date)
    return layer


def set_canvas(canvas, crs_authid: str, center_lonlat, half_width_m: float = 3000.0, layers=()):
    """Canvas in ``crs_authid`` centred on ``center_lonlat``; returns the centre in canvas CRS."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsPointXY,
        QgsProject,
        QgsRectangle,
    )
    from qgis.PyQt.QtWidgets import QApplication

    crs = QgsCoordinateReferenceSystem(crs_authid)
    canvas.resize(600, 600)
    canvas.window().show()  # a canvas in a hidden window keeps a tiny map size
    QApplication.processEvents()
    canvas.setDestinationCrs(crs)
    canvas.setLayers(list(layers))
    center = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), crs, QgsProject.instance()).transform(
        QgsPointXY(*center_lonlat))
    half = half_width_m if not crs.isGeographic() else half_width_m / 111000.0
    canvas.setExtent(QgsRectangle(center.x() - half, center.y() - half, center.x() + half, center.y() + half))
    canvas.refresh()
    size = canvas.mapSettings().outputSize()
    assert size.width() > 500 and size.height() > 500, size
    return center


def click(tool, canvas, map_point, button=None):
    """A real mouse release on the canvas at ``map_point`` (canvas CRS), through the tool's event handler."""
    from qgis.gui import QgsMapMouseEvent
    from qgis.PyQt.QtCore import QEvent, QPoint, Qt

    pixel = canvas.getCoordinateTransform().transform(map_point)
    event = QgsMapMouseEvent(canvas, QEvent.Type.MouseButtonRelease, QPoint(round(pixel.x()), round(pixel.y())),
                             button or Qt.MouseButton.LeftButton)
    tool.canvasReleaseEvent(event)
    return event


def dated_station_gpkg(path: Path, rows) -> Path:
    """A station GeoPackage written by OGR whose date columns are real Date / DateTime fields.

    ``rows``: dicts with lon, lat, name, status and optionally image_date / first_seen /
    last_seen (``(y, m, d)``) and updated_at (``(y, m, d, H, M, S)``, UTC).
    """
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    lyr = ds.CreateLayer("stations", srs, ogr.wkbPoint)
    for name, kind in (("name", ogr.OFTString), ("status", ogr.OFTString), ("technology", ogr.OFTString),
                       ("source", ogr.OFTString), ("image_date", ogr.OFTDate), ("first_seen", ogr.OFTDate),
                       ("last_seen", ogr.OFTDate), ("updated_at", ogr.OFTDateTime)):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    for row in rows:
        feat = ogr.Feature(lyr.GetLayerDefn())
        for key, value in row.items():
            if key in ("lon", "lat") or value is None:
                continue
            if isinstance(value, tuple):
                feat.SetField(key, *value, *([0] * (6 - len(value))), 100)  # 100: UTC
            else:
                feat.SetField(key, value)
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(row["lon"], row["lat"])
        feat.SetGeometry(point)
        lyr.CreateFeature(feat)
    ds = None
    return path
