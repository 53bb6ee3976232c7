"""The Detection panel with imagery QGIS reads in degrees: a web layer (XYZ in Web Mercator, its extent the world)
and a local raster in EPSG:4326, driven through the real widgets."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from osgeo import gdal
from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRasterLayer, QgsRectangle
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from support.waiting import wait_until


@pytest.fixture(scope="module")
def scene(shared_data):
    from support.scenes import make_scene

    return make_scene(shared_data, 6, "forest", 0.3)


def test_web_layer_whole_extent_says_to_search_the_map_view(plugin, qgis_iface):
    """An XYZ layer's extent is the world: 'Whole layer' was refused with 'zoom in or coarsen it', and the panel has
    no resolution to coarsen. It says to choose Map view and zoom in; the map view (in degrees) is then read at
    0.5 m in the UTM zone of the area, as the panel says."""
    panel = plugin.dock.sections["detection"].detection
    tiles = QgsRasterLayer("type=xyz&url=http://127.0.0.1:9/%7Bz%7D/%7By%7D/%7Bx%7D.png&zmin=0&zmax=19",
                           "dead tiles", "wms")
    tiles.setCustomProperty("basestation_mapper/acquisition_date", "2021-04-12")
    assert tiles.isValid()
    QgsProject.instance().addMapLayer(tiles)
    panel.raster_combo.setLayer(tiles)
    panel.extent_combo.setCurrentIndex(panel.extent_combo.findData("layer"))
    panel.sun_spin.setValue(150.0)
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert panel.task is None
    assert panel.status_label.text() == ("dead tiles: the whole layer is too large to search at 0.5 m: choose Map "
                                         "view as the extent and zoom in to the area to search.")

    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    canvas.setExtent(QgsRectangle(-60.0, -80.0, 60.0, 80.0))
    panel.extent_combo.setCurrentIndex(panel.extent_combo.findData("canvas"))
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert panel.task is None
    assert panel.status_label.text() == ("dead tiles: the map view is too large to search at 0.5 m: zoom in to the "
                                         "area to search.")

    canvas.setExtent(QgsRectangle(125.750, 39.030, 125.7545, 39.0327))  # about 390 x 300 m
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert panel.task is not None
    wait_until(lambda: panel.task is None)
    text = panel.status_label.text()
    assert "Imagery read at 0.5 m in EPSG:32651." in text, text
    assert "No imagery could be read from dead tiles" in text, text


def test_local_raster_in_degrees_is_read_at_its_own_pixel_size(plugin, scene, tmp_path):
    """A 0.3 m image in EPSG:4326 was read at 0.5 m whatever its pixels (a finer image coarsened, a coarser one
    multiplied); it is read at its own ground pixel size in the UTM zone, as the panel says."""
    panel = plugin.dock.sections["detection"].detection
    crop = replace(scene, image=scene.image[:, :300, :300].copy())
    geo = tmp_path / "geo.tif"
    gdal.Warp(str(geo), str(crop.write(tmp_path / "crop.tif")), dstSRS="EPSG:4326")
    layer = QgsRasterLayer(str(geo), "in degrees")
    QgsProject.instance().addMapLayer(layer)
    panel.raster_combo.setLayer(layer)
    panel.extent_combo.setCurrentIndex(panel.extent_combo.findData("layer"))
    panel.sun_spin.setValue(round(scene.sun_azimuth))
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: panel.task is None)
    found = re.search(r"Imagery read at ([0-9.]+) m in EPSG:326\d\d\.", panel.status_label.text())
    assert found, panel.status_label.text()
    from basestation_mapper.plugin.qgis_io.imagery import pixel_metres

    # its pixels east-west on the ground (square in degrees: 0.28 m across, 0.36 m north-south at 39° N)
    assert float(found.group(1)) == pytest.approx(pixel_metres(layer), abs=0.001)
    assert 0.27 < float(found.group(1)) < 0.31
