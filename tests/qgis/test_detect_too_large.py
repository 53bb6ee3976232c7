"""Processing detect refuses an area too large to read through QGIS naming its size and what to give instead: a
smaller EXTENT, or a coarser RESOLUTION when one would do (there is no map to zoom in Processing)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from osgeo import gdal, osr
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingException, QgsProject, QgsRasterLayer, QgsRectangle

pytestmark = pytest.mark.usefixtures("provider")


def _tiles(tmp_path) -> QgsRasterLayer:
    """An XYZ layer of local tiles (file://, nothing fetched): its extent is the world."""
    from PIL import Image

    folder = tmp_path / "tiles" / "0" / "0"
    folder.mkdir(parents=True)
    Image.fromarray(np.full((256, 256, 3), 90, np.uint8)).save(folder / "0.png")
    url = (tmp_path / "tiles").as_uri() + "/%7Bz%7D/%7Bx%7D/%7By%7D.png"
    layer = QgsRasterLayer(f"type=xyz&url={url}&zmin=0&zmax=19", "local tiles", "wms")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


def _refusal(params) -> str:
    import processing

    with pytest.raises(QgsProcessingException) as caught:
        processing.run("basestationmapper:detect", {"SUN_AZIMUTH": 150, "OUTPUT": "memory:", **params})
    return str(caught.value)


def test_web_layer_too_large_says_which_extent_or_resolution_to_give(qgis_processing, tmp_path):
    """detect on an XYZ layer said 'zoom in or coarsen it' (Processing has no map to zoom in); it names the size
    of the area and asks for an EXTENT (smaller), or the RESOLUTION at which the same EXTENT fits."""
    from basestation_mapper.plugin.tasks.detect_task import ExtentTooLarge, prepare_detection

    tiles = _tiles(tmp_path)
    whole = _refusal({"INPUT": tiles})
    assert whole.startswith("local tiles: the whole layer (no EXTENT given), "), whole
    assert whole.endswith(" pixels at RESOLUTION 0.5 m, more than the 1,600,000,000 pixels one search reads, even at "
                          "the coarsest RESOLUTION (5 m): give an EXTENT around the area to search."), whole
    assert "zoom" not in whole

    box = "14000000,14030000,4700000,4730000 [EPSG:3857]"  # 30 km of Web Mercator at 39° N: 23-24 km
    text = _refusal({"INPUT": tiles, "EXTENT": box})
    assert re.fullmatch(r"local tiles: EXTENT, 24 × 24 km, is 4[78],\d{3} × 4[78],\d{3} pixels at RESOLUTION 0\.5 m, "
                        r"more than the 1,600,000,000 pixels one search reads: give a smaller EXTENT, or a RESOLUTION "
                        r"of 0\.7 m or coarser\.", text), text
    # the resolution said is one at which that extent is read (nothing is read before the run)
    extent = QgsRectangle(14000000, 4700000, 14030000, 4730000)
    assert prepare_detection(tiles, extent, QgsCoordinateReferenceSystem("EPSG:3857"), resolution=0.7) is not None
    with pytest.raises(ExtentTooLarge):
        prepare_detection(tiles, extent, QgsCoordinateReferenceSystem("EPSG:3857"), resolution=0.6)

    text = _refusal({"INPUT": tiles, "EXTENT": "14000000,14400000,4700000,5100000 [EPSG:3857]", "RESOLUTION": 2})
    assert re.fullmatch(r"local tiles: EXTENT, 31\d × 31\d km, is 15\d,\d{3} × 15\d,\d{3} pixels at RESOLUTION 2 m, "
                        r"more than the 1,600,000,000 pixels one search reads, even at the coarsest RESOLUTION "
                        r"\(5 m\): give a smaller EXTENT\.", text), text


def test_raster_in_degrees_too_large_at_its_resolution(qgis_processing, tmp_path):
    """A raster in degrees is read at RESOLUTION too: the whole of a 0.3° image at 0.5 m is too large, and a
    coarser RESOLUTION would do."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    path = str(tmp_path / "wide.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 16, 16, 3, gdal.GDT_Byte)
    ds.SetGeoTransform((125.5, 0.3 / 16, 0.0, 39.2, 0.0, -0.3 / 16))
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(np.random.default_rng(3).integers(0, 255, (16, 16), dtype=np.uint8))
    ds = None
    from basestation_mapper.plugin.tasks.detect_task import prepare_detection

    layer = QgsRasterLayer(path, "wide scene")
    # owned by the project: the failed run's exception outlives this test in QGIS 3.22 and keeps this frame, and a
    # layer freed only with it, after exitQgis(), would crash the process at exit
    QgsProject.instance().addMapLayer(layer)
    text = _refusal({"INPUT": layer})
    assert re.fullmatch(r"wide scene: the whole layer \(no EXTENT given\), 27 × 34 km, is \d\d,\d{3} × \d\d,\d{3} "
                        r"pixels at RESOLUTION 0\.5 m, more than the 1,600,000,000 pixels one search reads: give an "
                        r"EXTENT around the area to search, or a RESOLUTION of 0\.8 m or coarser\.", text), text
    assert prepare_detection(layer, resolution=0.8) is not None
