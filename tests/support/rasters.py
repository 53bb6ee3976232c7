"""GeoTIFFs of one or more bands written by the tests (no QGIS needed)."""

from __future__ import annotations

import numpy as np


def write_raster(path, bands, geotransform, crs="EPSG:4326", nodata=None, dtype="Float32") -> str:
    """A GeoTIFF of one or more bands; ``crs`` as EPSG code, WKT or PROJ string."""
    from osgeo import gdal, osr

    bands = [bands] if np.ndim(bands) == 2 else list(bands)
    h, w = bands[0].shape
    ds = gdal.GetDriverByName("GTiff").Create(str(path), w, h, len(bands), gdal.GetDataTypeByName(dtype))
    ds.SetGeoTransform(geotransform)
    srs = osr.SpatialReference()
    srs.SetFromUserInput(crs)
    ds.SetProjection(srs.ExportToWkt())
    for k, array in enumerate(bands):
        band = ds.GetRasterBand(k + 1)
        band.WriteArray(array)
        if nodata is not None:
            band.SetNoDataValue(nodata)
    ds = None
    return str(path)
