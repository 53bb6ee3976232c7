"""Add station takes the source and date of the imagery under the click: read once per file, DEMs and other
data rasters drawn over the image looked through."""

from __future__ import annotations

import numpy as np
from osgeo import gdal, osr
from qgis.core import QgsPointXY, QgsProject, QgsRasterLayer
from support.stations_qgis import dated_raster, set_canvas

from basestation_mapper.plugin.qgis_io import imagery

PYONGYANG = (125.7543, 39.0392)


def _file_timed(path, when):
    """An image whose date is only in the file (TIFFTAG_DATETIME), as one dropped from a file manager."""
    dated_raster(path, PYONGYANG[0] - 0.02, PYONGYANG[1] - 0.02, date="")
    ds = gdal.Open(str(path), gdal.GA_Update)
    ds.SetMetadataItem("TIFFTAG_DATETIME", when)
    ds = None
    return str(path)


def _dem(path):
    """Heights (Float32, 280 m cells) over the same place, the file stamped with a time of its own."""
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 40, 40, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((PYONGYANG[0] - 0.05, 0.0025, 0, PYONGYANG[1] + 0.05, 0, -0.0025))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(np.random.default_rng(1).uniform(100, 900, (40, 40)).astype("float32"))
    ds.SetMetadataItem("TIFFTAG_DATETIME", "2023:01:02 10:00:00")
    ds = None
    return str(path)


def test_clicks_read_an_images_date_once_and_look_through_a_dem(plugin, qgis_iface, tmp_path):
    """A DEM drawn over the image: a station clicked there got the DEM as its source and the DEM file's time as
    its image date, and the DEM was listed as imagery from then on (Imagery, Detection). The same image added
    twice was read for its date once per layer. Now the DEM is looked through, unread, and the image file read
    once whichever layer asks."""
    section = plugin.dock.sections["stations"]
    stations = section.new_layer(str(tmp_path / "stations.gpkg"))
    section.open_form.setChecked(False)
    path = _file_timed(tmp_path / "dropped.tif", "2018:09:27 10:15:00")
    reads = imagery.file_date_reads
    first, again = QgsRasterLayer(path, "dropped"), QgsRasterLayer(path, "dropped again")
    dem = QgsRasterLayer(_dem(tmp_path / "dem.tif"), "dem")
    QgsProject.instance().addMapLayers([first, again, dem])
    canvas = qgis_iface.mapCanvas()
    center = set_canvas(canvas, "EPSG:4326", PYONGYANG, layers=[stations, dem, again, first])
    feat = stations.getFeature(section.tool.add_at(center))
    assert (feat["source"], feat["image_date"]) == ("dropped again", "2018-09-27")
    canvas.setLayers([stations, dem, first])
    east = QgsPointXY(center.x() + 0.01, center.y())  # 860 m away: no duplicate to ask about
    feat = stations.getFeature(section.tool.add_at(east))
    assert (feat["source"], feat["image_date"]) == ("dropped", "2018-09-27")
    assert imagery.file_date_reads == reads + 1  # the image once; the DEM not at all
    assert "dem" not in [layer.name() for layer in imagery.imagery_layers()]
    assert imagery.acquisition_date_of(dem) is None
    assert plugin.dock.sections["detection"].detection.raster_combo.findText("dem") < 0


def test_click_looks_through_the_coverage_dem_whose_pixels_look_like_imagery(plugin, qgis_iface, tmp_path):
    """A surface model of 16-bit unsigned heights at 10 m (pixels an image could have) drawn over the image and
    chosen as the Coverage section's DEM: the Imagery section and the Detection list leave it out, but a station
    clicked there got it as its source, undated. The click looks through it while it is the DEM."""
    section = plugin.dock.sections["stations"]
    stations = section.new_layer(str(tmp_path / "stations.gpkg"))
    section.open_form.setChecked(False)
    image = QgsRasterLayer(_file_timed(tmp_path / "scene.tif", "2018:09:27 10:15:00"), "scene")
    path = str(tmp_path / "block.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 120, 120, 1, gdal.GDT_UInt16)
    ds.SetGeoTransform((PYONGYANG[0] - 0.006, 0.0001, 0, PYONGYANG[1] + 0.006, 0, -0.0001))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(np.random.default_rng(2).integers(100, 900, (120, 120)).astype("uint16"))
    ds = None
    surface = QgsRasterLayer(path, "surface")
    QgsProject.instance().addMapLayers([image, surface])
    assert imagery.is_imagery(surface)  # its pixels alone say imagery
    canvas = qgis_iface.mapCanvas()
    center = set_canvas(canvas, "EPSG:4326", PYONGYANG, layers=[stations, surface, image])
    plugin.dock.sections["coverage"].dem_combo.setLayer(surface)
    feat = stations.getFeature(section.tool.add_at(center))
    assert (feat["source"], feat["image_date"]) == ("scene", "2018-09-27")

    plugin.dock.sections["coverage"].dem_combo.setLayer(None)  # no longer the DEM: imagery as its pixels say
    east = QgsPointXY(center.x() + 0.003, center.y())  # 260 m away: no duplicate to ask about
    feat = stations.getFeature(section.tool.add_at(east))
    assert feat["source"] == "surface"
