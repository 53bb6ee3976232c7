"""Helpers for the detection tests: scenes as files and point layers of their truth."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def truth_layer(scene, name: str = "truth", crs: str | None = None, transform=None):
    """A memory point layer (scene CRS) with the scene's mast bases; with ``crs`` and
    ``transform``, at the same pixels of the scene's image georeferenced that way instead."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    layer = QgsVectorLayer(f"Point?crs={crs or f'EPSG:{scene.epsg}'}", name, "memory")
    feats = []
    gt = scene.transform
    for m in scene.masts:
        x, y = m.x, m.y
        if transform is not None:
            col, row = (m.x - gt[0]) / gt[1], (m.y - gt[3]) / gt[5]
            x, y = transform[0] + col * transform[1], transform[3] + row * transform[5]
        f = QgsFeature()
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def write_plain(path: Path, array: np.ndarray, transform=None, epsg: int | None = None, nodata=None) -> Path:
    """Write a GeoTIFF with optional georeferencing (none: a raster without CRS)."""
    from osgeo import gdal

    arr = array if array.ndim == 3 else array[None]
    types = {"uint8": gdal.GDT_Byte, "uint16": gdal.GDT_UInt16, "float32": gdal.GDT_Float32}
    ds = gdal.GetDriverByName("GTiff").Create(str(path), arr.shape[2], arr.shape[1], arr.shape[0],
                                              types[arr.dtype.name])
    if transform is not None:
        ds.SetGeoTransform(transform)
    if epsg is not None:
        from osgeo import osr

        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
        ds.SetProjection(srs.ExportToWkt())
    for i in range(arr.shape[0]):
        band = ds.GetRasterBand(i + 1)
        band.WriteArray(arr[i])
        if nodata is not None:
            band.SetNoDataValue(nodata)
    ds = None
    return Path(path)
