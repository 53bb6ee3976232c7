"""A layer chosen in one of the dock's lists and then removed from the project: QGIS's list fell on a
neighbouring layer of the same type (the population raster replaced by the DEM) and the next run used it
without a word. The list goes empty, says which layer went away, and runs are refused naming the input."""

from __future__ import annotations

import numpy as np
import pytest
from qgis.core import QgsProject, QgsRasterLayer
from qgis.PyQt.QtWidgets import QApplication
from support.coverage import SCENE_X0, SCENE_Y0, station_layer, west_east_scene, write_raster


def _dem(tmp_path, name="dem"):
    rng = np.random.default_rng(7)
    path = write_raster(tmp_path / f"{name}.tif", rng.uniform(10.0, 50.0, (20, 20)).astype("float32"),
                        (SCENE_X0, 1000.0, 0, SCENE_Y0, 0, -1000.0), crs="EPSG:32652")
    layer = QgsRasterLayer(path, name)
    QgsProject.instance().addMapLayer(layer)
    return layer


@pytest.fixture
def coverage(plugin, tmp_path):
    pop, regions, stations = west_east_scene(tmp_path)
    dem = _dem(tmp_path)
    section = plugin.dock.sections["coverage"]
    section.live_check.setChecked(False)
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.region_field.setField("name")
    section.raster_combo.setLayer(pop)
    section.points_combo.setLayer(None)
    section.dem_combo.setLayer(None)
    yield section, pop, regions, stations, dem
    section.runner.shutdown()


def test_removed_population_raster_leaves_the_list_empty_and_the_run_refused(coverage):
    from support.coverage import wait_for_coverage

    from basestation_mapper.plugin.qgis_io.project import find_layer

    section, pop, _regions, _stations, _dem_layer = coverage
    seen = []
    section.raster_combo.layerChanged.connect(lambda layer: seen.append(layer.name() if layer else None))
    QgsProject.instance().removeMapLayer(pop.id())
    assert section.raster_combo.currentLayer() is None
    assert seen == [None]  # never the DEM, not even for a moment
    assert section.raster_combo.currentText() == "Choose a layer ('population' was removed)"
    assert section.dem_combo.currentLayer() is None
    section.run()  # refused at once, nothing started
    assert section.runner.task is None
    assert "population raster 'population' was removed" in section.status_label.text()
    assert find_layer("Coverage") is None and find_layer("Coverage statistics") is None
    # the empty entry picked on purpose: no population, the coverage is computed (without statistics)
    section.raster_combo.activated.emit(section.raster_combo.currentIndex())
    assert section.raster_combo.currentLayer() is None and section.raster_combo.currentText() == ""
    result = wait_for_coverage(section, start=section.run)
    assert not isinstance(result, Exception), result
    assert find_layer("Coverage") is not None


def test_live_does_not_compute_on_another_layer_meanwhile(coverage):
    from support.coverage import wait_for_coverage

    section, _pop, _regions, stations, _dem_layer = coverage
    other = station_layer([(SCENE_X0 + 15000.0, SCENE_Y0 - 10000.0)], crs="EPSG:32652", radius_m=[2000.0])
    other.setName("other stations")
    QgsProject.instance().addMapLayer(other)
    section.live_check.setChecked(True)
    wait_for_coverage(section)
    QgsProject.instance().removeMapLayer(stations.id())
    assert section.station_combo.currentLayer() is None  # not 'other stations'
    QApplication.processEvents()  # its empty entry, which the list did not have, is added a moment later
    assert section.station_combo.currentText() == "Choose a layer ('Stations' was removed)"
    failure = wait_for_coverage(section)
    assert isinstance(failure, Exception) and "station layer 'Stations' was removed" in str(failure)
    section.station_combo.setLayer(other)  # chosen again: computed on it
    result = wait_for_coverage(section)
    assert not isinstance(result, Exception), result
    assert section.station_combo.placeholderText() == ""
    assert [section.station_combo.layer(i) for i in range(section.station_combo.count())].count(None) == 0


def test_a_new_project_forgets_the_removed_layer(coverage, qgis_new_project):
    section, pop, *_ = coverage
    QgsProject.instance().removeMapLayer(pop.id())
    assert section.choices[2].problem()
    QgsProject.instance().clear()
    assert not any(choice.problem() for choice in section.choices)


def _image(tmp_path, name="scene"):
    """A 3-band 8-bit image of 0.5 m pixels (imagery, as the Imagery section counts it)."""
    from osgeo import gdal, osr

    rng = np.random.default_rng(3)
    path = str(tmp_path / f"{name}.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 64, 64, 3, gdal.GDT_Byte)
    ds.SetGeoTransform((SCENE_X0, 0.5, 0, SCENE_Y0, 0, -0.5))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    for band in range(3):
        ds.GetRasterBand(band + 1).WriteArray(rng.integers(0, 255, (64, 64)).astype("uint8"))
    ds = None
    layer = QgsRasterLayer(path, name)
    QgsProject.instance().addMapLayer(layer)
    return layer


def test_detection_imagery_removed_is_not_replaced_by_the_dem(plugin, tmp_path):
    image = _image(tmp_path)
    _dem(tmp_path)
    panel = plugin.dock.sections["detection"].detection
    panel.raster_combo.setLayer(image)
    QgsProject.instance().removeMapLayer(image.id())
    assert panel.raster_combo.currentLayer() is None
    QApplication.processEvents()
    assert panel.raster_combo.currentText() == "Choose a layer ('scene' was removed)"
    assert panel.run() is False and panel.task is None
    assert "imagery layer 'scene' was removed" in panel.status_label.text()


def test_export_refuses_a_removed_station_layer_rather_than_exporting_another(plugin, tmp_path):
    section = plugin.dock.sections["export"]
    first = station_layer([(127.0, 37.5)])
    first.setName("first")
    second = station_layer([(127.1, 37.6)])
    second.setName("second")
    QgsProject.instance().addMapLayers([first, second])
    section.stations_combo.setLayer(first)
    section.stations_csv.setChecked(True)
    section.folder.setFilePath(str(tmp_path))
    QgsProject.instance().removeMapLayer(first.id())
    assert section.stations_combo.currentLayer() is None
    assert section.export() is None
    assert "station layer 'first' was removed" in section.status.text()
    assert list(tmp_path.iterdir()) == []
    section.stations_combo.setLayer(second)
    assert section.choices[0].problem() == ""


def _listed(combo):
    return [combo.layer(i).name() for i in range(combo.count()) if combo.layer(i) is not None]


def test_detection_imagery_list_holds_imagery_only(plugin, tmp_path):
    """The Detection panel offered every raster (DEMs, population grids) as imagery; it lists what the Imagery
    section counts as imagery, and a raster chosen on purpose stays chosen while it is the choice."""
    panel = plugin.dock.sections["detection"].detection
    dem = _dem(tmp_path)  # the first raster of the project: QGIS's list would fall on it
    assert panel.raster_combo.currentLayer() is None and _listed(panel.raster_combo) == []
    pop, _regions, _stations = west_east_scene(tmp_path)
    image = _image(tmp_path)
    assert _listed(panel.raster_combo) == ["scene"]
    assert panel.raster_combo.currentLayer() is image
    panel.raster_combo.setLayer(pop)  # on purpose (a saved project, a script)
    assert panel.raster_combo.currentLayer() is pop
    assert sorted(_listed(panel.raster_combo)) == ["population", "scene"]
    panel.raster_combo.setLayer(image)
    assert _listed(panel.raster_combo) == ["scene"]
    assert dem.id() in QgsProject.instance().mapLayers()
