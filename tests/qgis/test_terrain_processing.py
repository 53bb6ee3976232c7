"""basestationmapper:terraincoverage through processing.run, and the same pipeline in a QgsTask."""

from __future__ import annotations

import numpy as np
import pytest
from osgeo import gdal

from basestation_mapper.plugin.core import terrain
from basestation_mapper.plugin.core.palette import COUNT_COLORS
from basestation_mapper.plugin.qgis_io import dem as dem_io
from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer

ALG = "basestationmapper:terraincoverage"
DEM_NAME = "pysheds_dem_texas_3arcsec.tif"
# (lon, lat, antenna height or None, name): the last one is outside the DEM
STATIONS = [
    (-97.40, 32.75, None, "north-west"),
    (-97.30, 32.62, 80.0, "south-east"),
    (-97.33, 32.68, None, "centre"),
    (-96.50, 32.68, None, "far east"),
]


def _stations_layer():
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    layer = create_memory_station_layer("stations")
    fields = layer.fields()
    feats = []
    for lon, lat, height, name in STATIONS:
        feat = QgsFeature(fields)
        feat["name"] = name
        feat["station_id"] = name
        if height is not None:
            feat["antenna_height_m"] = height
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon, lat)))
        feats.append(feat)
    assert layer.dataProvider().addFeatures(feats)[0]
    return layer


def _read(path):
    ds = gdal.Open(str(path))
    assert ds is not None, path
    return ds.GetRasterBand(1).ReadAsArray(), ds.GetGeoTransform(), ds.GetProjection()


@pytest.fixture
def dem_layer(shared_data):
    from qgis.core import QgsRasterLayer

    layer = QgsRasterLayer(str(shared_data / "dem" / DEM_NAME), "texas")
    assert layer.isValid()
    return layer


def test_count_raster_and_polygons(plugin, dem_layer, tmp_path):
    import processing
    from qgis.core import QgsProcessingFeedback, QgsVectorLayer

    stations = _stations_layer()
    out = tmp_path / "count.tif"
    polys = tmp_path / "polys.gpkg"
    messages = []

    class Feedback(QgsProcessingFeedback):
        def pushWarning(self, text):
            messages.append(text)
            super().pushWarning(text)

    result = processing.run(ALG, {
        "STATIONS": stations, "DEM": dem_layer, "RADIUS": 6000.0, "OUTPUT_POLYGONS": str(polys),
        "OUTPUT": str(out)}, feedback=Feedback())
    assert result["STATIONS_USED"] == 3
    assert result["STATIONS_SKIPPED"] == 1
    assert any("far east" in m and "outside" in m for m in messages)
    count, gt, wkt = _read(out)
    no_height = count == dem_io.COUNT_NODATA["Byte"]  # the band's nodata: the DEM has no height there
    count = np.where(no_height, 0, count)
    assert "UTM zone 14N" in wkt
    assert count.max() == result["MAX_COUNT"] >= 2

    # the same three stations through the core on the same grid give the same raster
    prepared = dem_io.prepare_dem(dem_layer, dem_io.stations_extent(stations, dem_io.default_metric_crs(-97.35, 32.7),
                                                                    6000.0),
                                  dem_io.default_metric_crs(-97.35, 32.7), dem_io.default_metric_crs(-97.35, 32.7))
    assert prepared.grid.geotransform == pytest.approx(gt)
    obs = dem_io.read_observers(stations, prepared, 30.0, 6000.0)
    expected = terrain.visible_count(prepared.array, prepared.grid, obs.observers)
    assert np.array_equal(count, expected) and np.array_equal(no_height, np.isnan(prepared.array))
    # the station at 80 m sees more than it would at the default 30 m
    heights = obs.observers.height_m
    assert sorted(heights.tolist()) == [30.0, 30.0, 80.0]
    low = terrain.make_observers(obs.observers.x, obs.observers.y, 30.0, 6000.0)
    assert (terrain.visible_count(prepared.array, prepared.grid, low) > 0).sum() < (count > 0).sum()

    layer = QgsVectorLayer(str(polys), "polys", "ogr")
    assert layer.isValid() and layer.featureCount() > 0
    area = sum(f.geometry().area() for f in layer.getFeatures())
    assert area == pytest.approx((count > 0).sum() * gt[1] * -gt[5], rel=1e-6)
    values = {f["stations"] for f in layer.getFeatures()}
    assert values == set(np.unique(count[count > 0]).tolist())


def test_loaded_output_is_styled_and_grouped(plugin, dem_layer, tmp_path):
    import processing
    from qgis.core import QgsPalettedRasterRenderer, QgsProject

    from basestation_mapper.plugin.qgis_io.project import plugin_group

    processing.runAndLoadResults(ALG, {"STATIONS": _stations_layer(), "DEM": dem_layer, "RADIUS": 4000.0,
                                       "OUTPUT": str(tmp_path / "loaded.tif")})
    layers = [lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.source().endswith("loaded.tif")]
    assert len(layers) == 1
    renderer = layers[0].renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    classes = renderer.classes()
    assert classes[0].value == 1 and classes[0].color.name().lower() == COUNT_COLORS[0].lower()
    assert all(c.value != 0 for c in classes)  # 0 stays transparent
    group = plugin_group(QgsProject.instance(), create=False)
    assert group is not None and group.findLayer(layers[0].id()) is not None


def _error_of(params) -> str:
    """Run the algorithm, return its error message ('' when it succeeded); keeps no traceback alive."""
    import processing
    from qgis.core import QgsProcessingException

    try:
        processing.run(ALG, params)
    except QgsProcessingException as exc:
        return str(exc)
    return ""


def test_parameter_checks_and_bad_dem(plugin, dem_layer, tmp_path):
    from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRasterLayer

    message = _error_of({"STATIONS": _stations_layer(), "DEM": dem_layer, "RADIUS": 5000.0,
                         "CRS": QgsCoordinateReferenceSystem("EPSG:4326"), "OUTPUT": str(tmp_path / "a.tif")})
    assert "EPSG:4326 is in degrees" in message
    nocrs = tmp_path / "nocrs.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(nocrs), 10, 10, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((0.0, 30.0, 0.0, 300.0, 0.0, -30.0))
    ds = None
    layer = QgsRasterLayer(str(nocrs), "nocrs")
    layer.setCrs(QgsCoordinateReferenceSystem())
    # in the project, as when picked in the dialog (QGIS 3.22 crashes at exit when Processing gets
    # a CRS-less raster that no project owns)
    QgsProject.instance().addMapLayer(layer)
    message = _error_of({"STATIONS": _stations_layer(), "DEM": layer, "OUTPUT": str(tmp_path / "b.tif")})
    assert "nocrs has no coordinate reference system" in message
    assert not (tmp_path / "a.tif").exists() and not (tmp_path / "b.tif").exists()


def test_cancel_leaves_no_output(plugin, dem_layer, tmp_path):
    import processing
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda value: feedback.cancel() if value > 1 else None)
    out = tmp_path / "canceled.tif"
    result = processing.run(ALG, {"STATIONS": _stations_layer(), "DEM": dem_layer, "RADIUS": 8000.0,
                                  "OUTPUT": str(out)}, feedback=feedback)
    assert feedback.isCanceled()
    assert "OUTPUT" not in result
    assert list(tmp_path.iterdir()) == []


def test_pipeline_in_a_task_runs_and_cancels(qgis_new_project, dem_layer, tmp_path):
    from qgis.core import QgsApplication, QgsTask

    from basestation_mapper.plugin.tasks.base import FunctionTask

    stations = _stations_layer()
    crs = dem_io.default_metric_crs(-97.35, 32.7)
    prepared = dem_io.prepare_dem(dem_layer, dem_io.stations_extent(stations, crs, 5000.0), crs, crs)
    obs = dem_io.read_observers(stations, prepared, 30.0, 5000.0)
    done = []

    def run_task(path, cancel_first):
        job = dem_io.TerrainRun(prepared, obs, terrain.TerrainParams(), str(path))
        task = FunctionTask("terrain", lambda progress, check: dem_io.run_terrain_count(job, progress, check),
                            on_done=done.append)
        # the task's end as its signals say it (the task manager deletes a task once it has ended: its status
        # cannot be asked for afterwards)
        ended = []
        task.taskCompleted.connect(lambda: ended.append(QgsTask.TaskStatus.Complete))
        task.taskTerminated.connect(lambda: ended.append(QgsTask.TaskStatus.Terminated))
        if cancel_first:
            task.cancel()
        QgsApplication.taskManager().addTask(task)
        from qgis.PyQt.QtCore import QCoreApplication

        while not ended:
            QCoreApplication.processEvents()
        return ended[0]

    assert run_task(tmp_path / "task.tif", cancel_first=False) == QgsTask.TaskStatus.Complete
    assert done and done[0].max_count >= 2 and (tmp_path / "task.tif").exists()
    assert run_task(tmp_path / "canceled.tif", cancel_first=True) == QgsTask.TaskStatus.Terminated
    assert sorted(p.name for p in tmp_path.iterdir()) == ["task.tif"]


def test_cells_without_a_dem_height_are_nodata_not_zero(plugin, tmp_path):
    """A DEM in degrees with a void, a station near its east edge: the UTM grid has cells in the void
    and slivers outside the DEM (its edges are not north-south in UTM). Those were written as 0, the
    same as "no station in sight"; they are the band's declared nodata now."""
    import processing
    from pyproj import Transformer
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsRasterLayer
    from support.rasters import write_raster
    from support.terrain_dems import fractal_dem

    x0, y1, step = 127.0, 39.1, 0.0005  # 200 x 200 cells of 0.0005°: about 43 x 56 m
    heights = 200.0 + fractal_dem(200, 200, seed=7, relief_m=150.0)
    void = (slice(80, 110), slice(120, 150))  # rows, columns
    heights[void] = -9999.0
    path = write_raster(tmp_path / "dem.tif", heights, (x0, step, 0.0, y1, 0.0, -step), nodata=-9999.0)
    dem = QgsRasterLayer(path, "dem")
    stations = create_memory_station_layer("stations")
    feat = QgsFeature(stations.fields())
    feat["name"] = "edge"
    feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(127.095, 39.05)))
    assert stations.dataProvider().addFeatures([feat])[0]
    out = tmp_path / "count.tif"
    result = processing.run(ALG, {"STATIONS": stations, "DEM": dem, "RADIUS": 4000.0, "OBSERVER_HEIGHT": 60.0,
                                  "OUTPUT": str(out)})
    ds = gdal.Open(str(out))
    band = ds.GetRasterBand(1)
    assert band.GetNoDataValue() == dem_io.COUNT_NODATA["Byte"] == 255
    count = band.ReadAsArray()
    gt = ds.GetGeoTransform()
    rows, cols = np.mgrid[0:ds.RasterYSize, 0:ds.RasterXSize]
    to_lonlat = Transformer.from_crs(ds.GetProjection(), "EPSG:4326", always_xy=True)
    lon, lat = to_lonlat.transform(gt[0] + (cols + 0.5) * gt[1], gt[3] + (rows + 0.5) * gt[5])
    col, row = (lon - x0) / step, (y1 - lat) / step  # position on the DEM, in its cells
    margin = 1.5  # bilinear resampling reads the neighbouring cells
    outside = (col < -margin) | (col > 200 + margin) | (row < -margin) | (row > 200 + margin)
    in_void = (row > 80 + margin) & (row < 110 - margin) & (col > 120 + margin) & (col < 150 - margin)
    with_heights = (col > margin) & (col < 200 - margin) & (row > margin) & (row < 200 - margin) & ~(
        (row > 80 - margin) & (row < 110 + margin) & (col > 120 - margin) & (col < 150 + margin))
    assert outside.sum() > 20 and in_void.sum() > 100 and with_heights.sum() > 1000
    assert (count[outside] == 255).all() and (count[in_void] == 255).all()
    assert (count[with_heights] != 255).all()
    assert (count[with_heights] == 1).sum() > 100 and (count[with_heights] == 0).sum() > 100
    # what reads the raster afterwards sees counts only: QGIS's statistics, the loaded layer's classes
    loaded = QgsRasterLayer(str(out), "count")
    stats = loaded.dataProvider().bandStatistics(1)
    assert (stats.minimumValue, stats.maximumValue) == (0, 1) == (0, result["MAX_COUNT"])
