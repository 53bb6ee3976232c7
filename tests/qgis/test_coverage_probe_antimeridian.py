"""Coverage statistics and terrain across 180° on world rasters, as WorldPop / LandScan (degrees, -180..180) and
GHS-POP (Mollweide) ship them, and on a DEM tile written past 180° (179.9°..180.1°)."""

from __future__ import annotations

import numpy as np
import pytest
from support.coverage import features, polygon_layer, rows_by_region, station_layer
from support.processing_feedback import Feedback

# Fiji as GADM draws it (split at 180°) and as other exports draw it (one polygon running past 180°)
FIJI_SPLIT = ("MULTIPOLYGON(((178 -17.5,180 -17.5,180 -16,178 -16,178 -17.5)),"
              "((-180 -17.5,-179 -17.5,-179 -16,-180 -16,-180 -17.5)))")
FIJI_PAST_180 = "POLYGON((178 -17.5,181 -17.5,181 -16,178 -16,178 -17.5))"
# masts every half degree on both sides of 180°, 60 km each: every part of the province is covered
MASTS = [((x + 180.0) % 360.0 - 180.0, y) for x in np.arange(178.25, 181.0, 0.5) for y in (-16.25, -16.75, -17.25)]


def run(alg, params, feedback=None):
    import processing

    return processing.run(f"basestationmapper:{alg}", params, feedback=feedback)


@pytest.fixture
def algs(plugin):
    return plugin


def _write(path, array, geotransform, crs, nodata):
    from osgeo import gdal, osr

    h, w = array.shape
    ds = gdal.GetDriverByName("GTiff").Create(str(path), w, h, 1, gdal.GDT_Float32)
    ds.SetGeoTransform(geotransform)
    srs = osr.SpatialReference()
    srs.SetFromUserInput(crs)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.WriteArray(array)
    band.SetNoDataValue(nodata)
    ds = None
    return str(path)


def world_band_in_degrees(tmp_path):
    """A band of a world raster in degrees (-180..180, 0.05°) around Fiji's latitudes; its people in Fiji."""
    people = np.random.default_rng(7).gamma(0.5, 10.0, (120, 7200)).astype(np.float32)
    path = _write(tmp_path / "ppp_world.tif", people, (-180.0, 0.05, 0.0, -14.0, 0.0, -0.05), "EPSG:4326", -99999.0)
    lon = -180.0 + 0.05 * (np.arange(7200) + 0.5)
    lat = -14.0 - 0.05 * (np.arange(120) + 0.5)
    rows = (lat > -17.5) & (lat < -16.0)
    cols = (lon > 178.0) | (lon < -179.0)
    return path, float(people[np.ix_(rows, cols)].astype(np.float64).sum())


def world_band_in_mollweide(tmp_path):
    """A band of a world raster in Mollweide (GHS-POP's CRS, 10 km cells, its whole width); its people in Fiji."""
    from pyproj import Transformer

    w, h = 3608, 80
    x0, y0, cell = -18_040_000.0, -1_600_000.0, 10_000.0
    people = np.random.default_rng(8).gamma(0.5, 10.0, (h, w)).astype(np.float32)
    path = _write(tmp_path / "GHS_POP_world.tif", people, (x0, cell, 0.0, y0, 0.0, -cell), "ESRI:54009", -200.0)
    cx, cy = np.meshgrid(x0 + cell * (np.arange(w) + 0.5), y0 - cell * (np.arange(h) + 0.5))
    lon, lat = Transformer.from_crs("ESRI:54009", "EPSG:4326", always_xy=True).transform(cx, cy)
    inside = np.isfinite(lon) & (lat > -17.5) & (lat < -16.0) & ((lon > 178.0) | (lon < -179.0))
    return path, float(people[inside].astype(np.float64).sum())


@pytest.mark.parametrize("drawn", [FIJI_SPLIT, FIJI_PAST_180], ids=["split", "past-180"])
@pytest.mark.parametrize("rule", [0, 1], ids=["centre", "fraction"])
def test_province_across_180_on_a_world_raster_in_degrees_is_counted_whole(algs, tmp_path, drawn, rule):
    raster, people = world_band_in_degrees(tmp_path)
    fb = Feedback()
    rows = rows_by_region(run("coveragestats", {
        "STATIONS": station_layer(MASTS), "RADIUS": 60000, "REGIONS": polygon_layer([drawn], names=["Fiji"]),
        "REGION_FIELD": "name", "POPULATION": raster, "RULE": rule, "OUTPUT": "memory:"}, fb)["OUTPUT"])
    assert people > 1000
    assert rows["Fiji"]["population"] == pytest.approx(people, rel=1e-6)
    # the masts cover the whole province: every person of it, on both sides of 180°
    assert rows["Fiji"]["covered_pop"] == pytest.approx(people, rel=2e-3)
    assert rows["Fiji"]["covered_km2"] == pytest.approx(rows["Fiji"]["area_km2"], rel=2e-3)
    assert not any("covers only part" in w for w in fb.warnings), fb.warnings


@pytest.mark.parametrize("rule", [0, 1], ids=["centre", "fraction"])
def test_province_across_180_on_a_world_raster_in_mollweide_is_counted_whole(algs, tmp_path, rule):
    raster, people = world_band_in_mollweide(tmp_path)
    rows = rows_by_region(run("coveragestats", {
        "STATIONS": station_layer(MASTS), "RADIUS": 60000, "REGIONS": polygon_layer([FIJI_SPLIT], names=["Fiji"]),
        "REGION_FIELD": "name", "POPULATION": raster, "RULE": rule, "OUTPUT": "memory:"})["OUTPUT"])
    assert people > 100
    # 10 km cells along the province's edges: the two rules count them differently
    assert rows["Fiji"]["population"] == pytest.approx(people, rel=0.05)
    assert rows["Fiji"]["covered_pop"] == pytest.approx(rows["Fiji"]["population"], rel=2e-3)


def test_terrain_coverage_on_a_dem_tile_written_past_180_degrees(algs, tmp_path):
    """A flat DEM from 179.92° to 180.087°: both masts, one written 179.99°, the other -179.98°, stand on it and
    see their whole 3 km disc, as coverage with that DEM computes it."""
    from osgeo import gdal

    dem = _write(tmp_path / "dem_past_180.tif", np.full((200, 200), 100.0, np.float32),
                 (179.92, 1 / 1200, 0.0, -16.5, 0.0, -1 / 1200), "EPSG:4326", -9999.0)
    stations = station_layer([(179.99, -16.55), (-179.98, -16.55)])
    fb = Feedback()
    out = run("terraincoverage", {"STATIONS": stations, "DEM": dem, "RADIUS": 3000,
                                  "OUTPUT": str(tmp_path / "count.tif")}, fb)
    assert (out["STATIONS_USED"], out["STATIONS_SKIPPED"]) == (2, 0), fb.warnings
    ds = gdal.Open(out["OUTPUT"])
    count = ds.GetRasterBand(1).ReadAsArray()
    cell = ds.GetGeoTransform()[1]
    nodata = ds.GetRasterBand(1).GetNoDataValue()
    seen_km2 = float(((count > 0) & (count != nodata)).sum()) * cell * cell / 1e6
    ds = None
    # the union of two discs of 3 km whose centres are 3.2 km apart
    from pyproj import Geod

    d, r = Geod(ellps="WGS84").inv(179.99, -16.55, -179.98, -16.55)[2], 3_000.0
    lens = 2 * r * r * np.arccos(d / (2 * r)) - d / 2 * np.sqrt(4 * r * r - d * d)
    assert seen_km2 == pytest.approx((2 * np.pi * r * r - lens) / 1e6, rel=0.02)
    assert not any("cut at the DEM edge" in w for w in fb.warnings), fb.warnings
    coverage = run("coverage", {"STATIONS": stations, "RADIUS": 3000, "DEM": dem, "OUTPUT": "memory:"})["OUTPUT"]
    assert sum(f["area_km2"] for f in features(coverage)) == pytest.approx(2 * np.pi * 9.0, rel=0.01)


def test_districts_split_at_180_degrees_are_spread_in_their_own_utm_zone(algs, tmp_path):
    """Districts of Fiji split at 180° (the layer's extent runs from -180° to 180°, its centre 0°): the grid is in
    their UTM zone, not in the zone of 0° on the other side of the earth, where their polygons fold over."""
    from osgeo import gdal, osr
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326&field=name:string&field=pop_2020:double", "districts",
                           "memory")
    feats = []
    for name, wkt, people in (
            ("Cakaudrove", "MULTIPOLYGON(((179.5 -17,180 -17,180 -16.5,179.5 -16.5,179.5 -17)),"
                           "((-180 -17,-179.5 -17,-179.5 -16.5,-180 -16.5,-180 -17)))", 1000.0),
            ("Ba", "POLYGON((178 -17.6,178.4 -17.6,178.4 -17.3,178 -17.3,178 -17.6))", 500.0)):
        f = QgsFeature(layer.fields())
        f.setAttributes([name, people])
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    layer.updateExtents()
    fb = Feedback()
    out = run("populationfromareas", {"INPUT": layer, "FIELD": "pop_2020", "CELL_SIZE": 500,
                                      "OUTPUT": str(tmp_path / "people.tif")}, fb)
    assert out["PEOPLE"] == pytest.approx(1500.0)
    ds = gdal.Open(out["OUTPUT"])
    srs = osr.SpatialReference(ds.GetProjection())
    assert srs.GetUTMZone() in (-60, -1), srs.GetName()
    # about the districts' extent (2.5° x 1.1° at 17° S), not a band across the map of another zone
    assert ds.RasterXSize * 500 < 300_000 and ds.RasterYSize * 500 < 150_000
    ds = None
    # the district's halves meet at 180° once in metres: nothing was invalid in the layer
    assert not any("invalid" in w for w in fb.warnings), fb.warnings


def test_coverage_traced_on_the_cells_of_a_mollweide_world_raster_across_180_degrees(algs, tmp_path):
    """Overlap and best server traced on the cells of a GHS-POP-like grid (Mollweide) at both edges of its map:
    the outer corners of the cells along the edge lie beyond the map, where Mollweide places nothing (they were
    infinite, and the run stopped on a GEOS error)."""
    w, h, cell = 7216, 60, 5_000.0
    raster = _write(tmp_path / "GHS_POP_E2020_GLOBE.tif", np.ones((h, w), np.float32),
                    (-18_040_000.0, cell, 0.0, -1_950_000.0, 0.0, -cell), "ESRI:54009", -200.0)
    out = run("coverage", {"STATIONS": station_layer([(179.95, -16.7), (-179.95, -16.7)]), "RADIUS": 20000,
                           "POPULATION": raster, "OUTPUT": "memory:", "OUTPUT_DISSOLVED": "memory:",
                           "OUTPUT_OVERLAP": "memory:", "OUTPUT_BEST_SERVER": "memory:"})
    likely = next(f["area_km2"] for f in features(out["OUTPUT_DISSOLVED"]) if f["scenario"] == "likely")
    overlap = [f["area_km2"] for f in features(out["OUTPUT_OVERLAP"])]
    best = [f["area_km2"] for f in features(out["OUTPUT_BEST_SERVER"])]
    assert all(np.isfinite(overlap)) and all(np.isfinite(best))
    # traced on cells about 5 km wide (and sheared this far from Mollweide's centre): near the discs' union
    assert sum(overlap) == pytest.approx(likely, rel=0.15)
    assert sum(best) == pytest.approx(likely, rel=0.15)
    assert len(best) == 2


def test_masts_and_towns_past_180_degrees_counted_in_a_province_drawn_past_it(algs):
    """A province drawn from 178° to 181° (as some exports draw Fiji) holds masts and towns written at -179.5°: they
    were in no region (the stations count missed them, their people were not counted)."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    towns = QgsVectorLayer("Point?crs=EPSG:4326", "towns", "memory")
    towns.dataProvider().addAttributes([QgsField("population", QVariant.Type.Int)])
    towns.updateFields()
    feats = []
    for (x, y), people in (((178.5, -16.8), 100), ((-179.5, -16.8), 50)):
        f = QgsFeature(towns.fields())
        f["population"] = people
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feats.append(f)
    towns.dataProvider().addFeatures(feats)
    stations = station_layer([(178.5, -16.8), (-179.5, -16.8), (-179.6, -16.9)])
    rows = rows_by_region(run("coveragestats", {
        "STATIONS": stations, "RADIUS": 5000, "REGIONS": polygon_layer([FIJI_PAST_180], names=["Fiji"]),
        "REGION_FIELD": "name", "POPULATION_POINTS": towns, "POPULATION_FIELD": "population",
        "OUTPUT": "memory:"})["OUTPUT"])
    assert rows["Fiji"]["stations"] == 3
    assert rows["Fiji"]["population"] == 150 and rows["Fiji"]["covered_pop"] == 150
