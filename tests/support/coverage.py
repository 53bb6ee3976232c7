"""Builders for the coverage tests: station layers, rasters and region layers made in the test."""

from __future__ import annotations

import numpy as np


def station_layer(points, crs="EPSG:4326", **attrs):
    """A memory station layer (station schema) with one feature per (x, y) in ``crs``.

    ``attrs`` maps a field name to a list of values (one per point) or one value for all.
    """
    from qgis.core import QgsCoordinateReferenceSystem, QgsFeature, QgsGeometry, QgsPointXY

    from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer

    layer = create_memory_station_layer("Stations", QgsCoordinateReferenceSystem(crs))
    feats = []
    for i, (x, y) in enumerate(points):
        f = QgsFeature(layer.fields())
        f["station_id"] = f"s{i}"
        f["technology"] = "3G"
        for name, value in attrs.items():
            f[name] = value[i] if isinstance(value, (list, tuple)) else value
        f.setGeometry(QgsGeometry() if x is None else QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    layer.updateExtents()
    return layer


def polygon_layer(wkts, crs="EPSG:4326", names=None):
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer

    from basestation_mapper.plugin.compat import field_type

    layer = QgsVectorLayer(f"MultiPolygon?crs={crs}", "Regions", "memory")
    layer.dataProvider().addAttributes([QgsField("name", field_type("str"))])
    layer.updateFields()
    feats = []
    for i, wkt in enumerate(wkts):
        f = QgsFeature(layer.fields())
        f["name"] = names[i] if names else f"r{i}"
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def write_raster(path, array, geotransform, crs="EPSG:4326", nodata=None, description="", unit=""):
    """A one-band Float32 GeoTIFF; ``crs=None`` writes no CRS at all."""
    from osgeo import gdal, osr

    h, w = array.shape
    ds = gdal.GetDriverByName("GTiff").Create(str(path), w, h, 1, gdal.GDT_Float32)
    ds.SetGeoTransform(geotransform)
    if crs:
        srs = osr.SpatialReference()
        srs.SetFromUserInput(crs)
        ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.WriteArray(np.asarray(array, dtype=np.float32))
    if nodata is not None:
        band.SetNoDataValue(nodata)
    if description:
        band.SetDescription(description)
    if unit:
        band.SetUnitType(unit)
    ds.FlushCache()
    ds = None
    return str(path)


def features(layer):
    return [dict(zip(layer.fields().names(), f.attributes())) for f in layer.getFeatures()]


def rows_by_region(layer):
    return {row["region"]: row for row in features(layer)}


#: Top-left corner (UTM 52N) of :func:`west_east_scene`.
SCENE_X0, SCENE_Y0 = 400000.0, 4420000.0


def west_east_scene(folder):
    """A 20 x 20 km UTM 52N raster of 100 m cells, 2 people per cell; two regions (West / East
    halves) and one station of 2 km in the West, all added to the project: (pop, regions, stations)."""
    from pathlib import Path

    from qgis.core import QgsProject, QgsRasterLayer

    x0, y0 = SCENE_X0, SCENE_Y0
    raster = write_raster(Path(folder) / "pop.tif", np.full((200, 200), 2.0), (x0, 100.0, 0, y0, 0, -100.0),
                          crs="EPSG:32652")
    pop = QgsRasterLayer(raster, "population")
    regions = polygon_layer([
        f"POLYGON(({x0} {y0},{x0 + 10000} {y0},{x0 + 10000} {y0 - 20000},{x0} {y0 - 20000},{x0} {y0}))",
        f"POLYGON(({x0 + 10000} {y0},{x0 + 20000} {y0},{x0 + 20000} {y0 - 20000},{x0 + 10000} {y0 - 20000},"
        f"{x0 + 10000} {y0}))"], crs="EPSG:32652", names=["West", "East"])
    stations = station_layer([(x0 + 5000.0, y0 - 10000.0)], crs="EPSG:32652", radius_m=[2000.0])
    QgsProject.instance().addMapLayers([pop, regions, stations])
    return pop, regions, stations


def wait_for_coverage(section, start=None, timeout: float = 30.0, count: int = 1):
    """Wait for ``count`` results (or failures) of the dock's Coverage section runner, after calling
    ``start()`` when given (a click on Compute coverage, ``section.run``); returns the last one: the
    result's arguments as a tuple, or the exception of a failed run."""
    import time

    from qgis.core import QgsApplication

    seen = []
    section.runner.resultReady.connect(lambda *args: seen.append(args))
    section.runner.failed.connect(seen.append)
    if start is not None:
        start()
    began = time.time()
    while len(seen) < count:
        QgsApplication.processEvents()
        assert time.time() - began < timeout, "coverage task did not finish"
        time.sleep(0.01)
    QgsApplication.processEvents()
    return seen[-1]


#: Top-left corner (UTM 52N) of :func:`area_scene`'s two 10 x 20 km regions, West and East.
AREA_X0, AREA_Y0 = 400000.0, 4420000.0
#: :func:`area_scene`'s stations: (x, y) from the top-left corner (m) and radius (m); none overlap, even at
#: 1.3 x radius: a 3 km disc in the West, a 2 km disc in the East, a 1 km disc on their border (half each)
AREA_STATIONS = ((5000.0, -5000.0, 3000.0), (15000.0, -5000.0, 2000.0), (10000.0, -15000.0, 1000.0))


def area_scene_expected_km2(factor: float = 1.0) -> dict:
    """The geometric answer: km² of the discs of :data:`AREA_STATIONS` (radius x ``factor``) per region."""
    import math

    disc = [math.pi * (r * factor / 1000.0) ** 2 for _x, _y, r in AREA_STATIONS]
    return {"West": disc[0] + disc[2] / 2, "East": disc[1] + disc[2] / 2, "TOTAL": sum(disc)}


def area_scene():
    """Two square-cornered regions West / East (10 x 20 km each, UTM 52N) and the stations of
    :data:`AREA_STATIONS`, with no population; added to the project: (regions, stations)."""
    from qgis.core import QgsProject

    x0, y0 = AREA_X0, AREA_Y0

    def box(a, b):
        return f"POLYGON(({a} {y0},{b} {y0},{b} {y0 - 20000},{a} {y0 - 20000},{a} {y0}))"

    regions = polygon_layer([box(x0, x0 + 10000), box(x0 + 10000, x0 + 20000)], crs="EPSG:32652",
                            names=["West", "East"])
    stations = station_layer([(x0 + x, y0 + y) for x, y, _r in AREA_STATIONS], crs="EPSG:32652",
                             radius_m=[r for _x, _y, r in AREA_STATIONS])
    QgsProject.instance().addMapLayers([regions, stations])
    return regions, stations


def is_null(value) -> bool:
    """Whether an attribute value is NULL (None under Qt6, a null QVariant under Qt5)."""
    return value is None or (hasattr(value, "isNull") and value.isNull())


def cancel_dock_run_when(section, seen, what: str, timeout: float = 120.0) -> None:
    """Start the Coverage section's run, cancel its task as soon as ``seen()`` holds (checked between Qt events,
    every millisecond) and wait until no task is active; fails naming ``what`` when the run ended first."""
    import time

    from qgis.core import QgsApplication

    section.run()
    task = section.runner.task
    assert task is not None
    began = time.time()
    while not seen() and section.runner.task is task and time.time() - began < timeout:
        QgsApplication.processEvents()
        time.sleep(0.001)
    assert seen(), f"the run ended before {what} was seen"
    task.cancel()
    manager = QgsApplication.taskManager()
    while manager.countActiveTasks() and time.time() - began < timeout:
        QgsApplication.processEvents()
        time.sleep(0.005)
    QgsApplication.processEvents()


def coverage_section_on_scene(plugin, folder):
    """The dock's Coverage section set on :func:`west_east_scene` (stations, the two regions by their name, the
    population raster; Live off). Returns ``(section, stations, regions, population)``."""
    pop, regions, stations = west_east_scene(folder)
    section = plugin.dock.sections["coverage"]
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.region_field.setField("name")
    section.raster_combo.setLayer(pop)
    section.points_combo.setLayer(None)
    section.live_check.setChecked(False)
    return section, stations, regions, pop
