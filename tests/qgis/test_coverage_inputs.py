"""coveragestats / coverage through processing.run on inputs as other exports make them.

Province layers in a GeoPackage of several layers, in Web Mercator, with Z/M and no chosen name
field; a 2-band population raster; station fields written differently; DEMs as SRTM (Int16,
-32768, voids; a .hgt tile), Copernicus (Float32 without nodata), an ESRI ASCII grid without .prj
and a projected CRS in feet.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from support.coverage import features, polygon_layer, rows_by_region, station_layer
from support.coverage_terrain import EPSG, STATION, VILLAGE, X0, Y0, population, region_wkt, village_and_town, wall_dem
from support.processing_feedback import Feedback
from support.rasters import write_raster

from basestation_mapper.plugin.processing.coverage_common import VERTICAL_UNITS

PROVINCES_LL = {"West": (127.0, 40.0, 127.1, 40.2), "East": (127.1, 40.0, 127.25, 40.2)}
# one station in each province and one exactly on their common border
STATIONS = [(127.05, 40.1), (127.18, 40.07), (127.1, 40.15)]
UTM_FEET = ("+proj=tmerc +lat_0=0 +lon_0=129 +k=0.9996 +x_0=1640419.948 +y_0=0 +datum=WGS84 +units=ft "
            "+no_defs")


def run(alg, params, feedback=None):
    import processing

    return processing.run(f"basestationmapper:{alg}", params, feedback=feedback)


@pytest.fixture
def algs(plugin):
    return plugin


def worldpop_like(path, seed=0):
    """Float32 people counts at 15 arcsec with nodata -99999 over a patch of sea."""
    people = np.random.default_rng(seed).gamma(0.5, 10.0, (60, 80)).astype(np.float32)
    people[:6, :10] = -99999.0
    return write_raster(path, [people], (126.98, 1 / 240, 0.0, 40.22, 0.0, -1 / 240), nodata=-99999.0)


def provinces_geopackage(path):
    """A GeoPackage with a point layer first and the provinces second (Web Mercator, MultiPolygonZM,
    HDX-style fields ADM0_EN / ADM1_EN / ADM1_PCODE)."""
    from pyproj import Transformer
    from qgis.core import (
        QgsCoordinateTransformContext,
        QgsFeature,
        QgsGeometry,
        QgsVectorFileWriter,
        QgsVectorLayer,
    )

    towns = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", "towns", "memory")
    f = QgsFeature(towns.fields())
    f.setAttributes(["a town"])
    f.setGeometry(QgsGeometry.fromWkt("POINT(127.05 40.1)"))
    towns.dataProvider().addFeatures([f])
    layer = QgsVectorLayer("MultiPolygonZM?crs=EPSG:3857&field=ADM0_EN:string&field=ADM1_PCODE:string"
                           "&field=ADM1_EN:string", "provinces", "memory")
    to_3857 = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    feats = []
    for k, (name, (x0, y0, x1, y1)) in enumerate(PROVINCES_LL.items()):
        xs, ys = to_3857.transform([x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0])
        ring = ", ".join(f"{x} {y} {150 + k} {k}" for x, y in zip(xs, ys))
        f = QgsFeature(layer.fields())
        f.setAttributes(["Korea DPR", f"KP0{k}", name])
        f.setGeometry(QgsGeometry.fromWkt(f"MultiPolygonZM((({ring})))"))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    context = QgsCoordinateTransformContext()
    for lyr, action in ((towns, QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile),
                        (layer, QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer)):
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = lyr.name()
        options.actionOnExistingFile = action
        error = QgsVectorFileWriter.writeAsVectorFormatV3(lyr, str(path), context, options)
        assert error[0] == QgsVectorFileWriter.WriterError.NoError, error
    return f"{path}|layername=provinces"


def zonal_sums(regions, raster):
    """People per province by QGIS's own zonal statistics (cell-centre rule)."""
    import processing

    out = processing.run("native:zonalstatisticsfb", {"INPUT": regions, "INPUT_RASTER": raster, "RASTER_BAND": 1,
                                                      "COLUMN_PREFIX": "z_", "STATISTICS": [1],
                                                      "OUTPUT": "memory:"})["OUTPUT"]
    return {f["name"]: f["z_sum"] for f in out.getFeatures()}


def test_provinces_from_a_web_mercator_geopackage_without_a_chosen_field(algs, tmp_path):
    raster = worldpop_like(tmp_path / "ppp_2020_15s.tif")
    source = provinces_geopackage(tmp_path / "admin.gpkg")
    stations = station_layer(STATIONS)
    fb = Feedback()
    rows = rows_by_region(run("coveragestats", {"STATIONS": stations, "RADIUS": 4000, "REGIONS": source,
                                                "POPULATION": raster, "OUTPUT": "memory:"}, fb)["OUTPUT"])
    assert any("ADM1_EN" in w for w in fb.warnings)  # says where the names come from
    wgs84 = polygon_layer([f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"
                           for x0, y0, x1, y1 in PROVINCES_LL.values()], names=list(PROVINCES_LL))
    expected = zonal_sums(wgs84, raster)
    assert min(expected.values()) > 1000
    for name in PROVINCES_LL:
        assert rows[name]["population"] == pytest.approx(expected[name], rel=1e-6)
    # the station on the border counts once, in the first province
    assert (rows["West"]["stations"], rows["East"]["stations"], rows["TOTAL"]["stations"]) == (2, 1, 3)
    same = rows_by_region(run("coveragestats", {"STATIONS": stations, "RADIUS": 4000, "REGIONS": wgs84,
                                                "REGION_FIELD": "name", "POPULATION": raster,
                                                "OUTPUT": "memory:"})["OUTPUT"])
    for name in (*PROVINCES_LL, "TOTAL"):
        for field in ("population", "covered_pop", "area_km2", "covered_km2", "stations"):
            assert rows[name][field] == pytest.approx(same[name][field], rel=1e-6)


def gadm_geopackage(path):
    """A GeoPackage laid out like GADM's: ADM_ADM_0 (country), ADM_ADM_1 (NAME_1), ADM_ADM_2 (NAME_2)."""
    from osgeo import ogr, osr

    from basestation_mapper.plugin.core.gdal_util import gdal_exceptions

    west, east = PROVINCES_LL["West"], PROVINCES_LL["East"]
    levels = [[("Korea DPR", (west[0], west[1], east[2], east[3]))],
              [("West", west), ("East", east)],
              [("West-a", (west[0], west[1], west[2], 40.1)), ("West-b", (west[0], 40.1, west[2], west[3])),
               ("East", east)]]
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    with gdal_exceptions():
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
        for level, boxes in enumerate(levels):
            layer = ds.CreateLayer(f"ADM_ADM_{level}", srs, ogr.wkbMultiPolygon)
            name_field = f"NAME_{level}" if level else "COUNTRY"
            for name in (f"GID_{level}", name_field):
                layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
            for k, (name, (x0, y0, x1, y1)) in enumerate(boxes):
                f = ogr.Feature(layer.GetLayerDefn())
                f.SetField(f"GID_{level}", f"PRK.{k}")
                f.SetField(name_field, name)
                f.SetGeometry(ogr.CreateGeometryFromWkt(
                    f"MULTIPOLYGON((({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0})))"))
                layer.CreateFeature(f)
                f = None
        ds = None
    return str(path)


def test_geopackage_of_several_levels_given_by_path_says_which_layer_is_counted(algs, tmp_path):
    """A GADM GeoPackage given by its path is read from its first layer (the country outline): the
    statistics came out as one unnamed region, and NAME_1 as a missing field, without a word on why."""
    from qgis.core import QgsProcessingException

    path = gadm_geopackage(tmp_path / "gadm41_PRK.gpkg")
    raster = worldpop_like(tmp_path / "ppp.tif")
    stations = station_layer(STATIONS)
    hint = (r"first of the 3 polygon layers of .*gadm41_PRK\.gpkg \(ADM_ADM_0, ADM_ADM_1, ADM_ADM_2\).*"
            r"gadm41_PRK\.gpkg\|layername=ADM_ADM_1")
    with pytest.raises(QgsProcessingException, match=f"no field 'NAME_1'.*{hint}"):
        run("coveragestats", {"STATIONS": stations, "RADIUS": 4000, "REGIONS": path, "REGION_FIELD": "NAME_1",
                              "POPULATION": raster, "OUTPUT": "memory:"})
    fb = Feedback()
    run("coveragestats", {"STATIONS": stations, "RADIUS": 4000, "REGIONS": path, "POPULATION": raster,
                          "OUTPUT": "memory:"}, fb)
    assert any(re.search(hint, w) for w in fb.warnings)
    # named, the provinces are counted and nothing is said about other layers
    fb = Feedback()
    rows = rows_by_region(run("coveragestats", {"STATIONS": stations, "RADIUS": 4000,
                                                "REGIONS": f"{path}|layername=ADM_ADM_1", "REGION_FIELD": "NAME_1",
                                                "POPULATION": raster, "OUTPUT": "memory:"}, fb)["OUTPUT"])
    assert set(rows) == {"West", "East", "TOTAL"} and not any("layers of" in w for w in fb.warnings)
    # a file of one polygon layer and a point layer: nothing to choose between
    from osgeo import ogr

    with_towns = tmp_path / "provinces_and_towns.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(with_towns))
    source = ogr.Open(path)
    ds.CopyLayer(source.GetLayerByName("ADM_ADM_1"), "provinces")
    towns = ds.CreateLayer("towns", source.GetLayerByName("ADM_ADM_1").GetSpatialRef(), ogr.wkbPoint)
    town = ogr.Feature(towns.GetLayerDefn())
    town.SetGeometry(ogr.CreateGeometryFromWkt("POINT(127.05 40.1)"))
    towns.CreateFeature(town)
    town = source = ds = None
    fb = Feedback()
    run("coveragestats", {"STATIONS": stations, "RADIUS": 4000, "REGIONS": str(with_towns), "REGION_FIELD": "NAME_1",
                          "POPULATION": raster, "OUTPUT": "memory:"}, fb)
    assert not any("layers of" in w for w in fb.warnings)


def test_provinces_drawn_with_arcs_are_counted(algs, tmp_path):
    """Surfaces with circular arcs (GML, GeoPackage MultiSurface / CurvePolygon) stopped the
    statistics with a WKB reading error and a traceback."""
    from osgeo import gdal
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer
    from shapely.geometry import Polygon

    from basestation_mapper.plugin.core.population import contains_xy

    raster = worldpop_like(tmp_path / "ppp.tif")
    layer = QgsVectorLayer("MultiSurface?crs=EPSG:4326&field=name:string", "curved provinces", "memory")
    arc = QgsFeature(layer.fields())
    arc["name"] = "Dome"  # the half disc of 0.1° around (127.1, 40.1), north of its diameter
    arc.setGeometry(QgsGeometry.fromWkt("MULTISURFACE(CURVEPOLYGON(COMPOUNDCURVE(CIRCULARSTRING(127.0 40.1, "
                                        "127.1 40.2, 127.2 40.1),(127.2 40.1, 127.0 40.1))))"))
    plain = QgsFeature(layer.fields())
    plain["name"] = "Base"
    plain.setGeometry(QgsGeometry.fromWkt("MULTISURFACE(((127.0 40.0, 127.2 40.0, 127.2 40.1, 127.0 40.1, "
                                          "127.0 40.0)))"))
    layer.dataProvider().addFeatures([arc, plain])
    fb = Feedback()
    rows = rows_by_region(run("coveragestats", {"STATIONS": station_layer(STATIONS), "RADIUS": 4000,
                                                "REGIONS": layer, "REGION_FIELD": "name", "POPULATION": raster,
                                                "OUTPUT": "memory:"}, fb)["OUTPUT"])
    # people by cell centre in the same shapes drawn independently (the arc as 7200 vertices)
    t = np.linspace(0.0, np.pi, 7200)
    dome = Polygon(np.column_stack([127.1 + 0.1 * np.cos(t), 40.1 + 0.1 * np.sin(t)]))
    base = Polygon([(127.0, 40.0), (127.2, 40.0), (127.2, 40.1), (127.0, 40.1)])
    ds = gdal.Open(raster)
    people = ds.ReadAsArray().astype(float)
    people[people < 0] = 0.0
    x0, dx, _, y0, _, dy = ds.GetGeoTransform()
    lon, lat = np.meshgrid(x0 + (np.arange(ds.RasterXSize) + 0.5) * dx, y0 + (np.arange(ds.RasterYSize) + 0.5) * dy)
    in_dome = contains_xy(dome, lon, lat)
    in_base = contains_xy(base, lon, lat) & ~in_dome
    assert rows["Dome"]["population"] == pytest.approx(people[in_dome].sum(), rel=1e-6)
    assert rows["Base"]["population"] == pytest.approx(people[in_base].sum(), rel=1e-6)
    from pyproj import Geod

    from basestation_mapper.plugin.core.population import densify

    # the diameter is straight in longitudes/latitudes, as drawn (densified: no geodesic shortcut)
    area = abs(Geod(ellps="WGS84").geometry_area_perimeter(densify(dome, 0.001))[0]) / 1e6
    assert rows["Dome"]["area_km2"] == pytest.approx(area, rel=1e-4)


def test_selected_regions_and_population_points_only(algs, tmp_path):
    """'Selected features only' ticked for REGIONS stopped coveragestats with 'REGIONS: no region
    layer given' (for POPULATION_POINTS: 'Give POPULATION ... or POPULATION_POINTS')."""
    from qgis.core import QgsFeature, QgsGeometry, QgsProcessingFeatureSourceDefinition, QgsProject, QgsVectorLayer

    raster = worldpop_like(tmp_path / "ppp.tif")
    provinces = polygon_layer([f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"
                               for x0, y0, x1, y1 in PROVINCES_LL.values()], names=list(PROVINCES_LL))
    stations = station_layer(STATIONS, name=["w", "e", "border"])
    towns = QgsVectorLayer("Point?crs=EPSG:4326&field=pop:double", "towns", "memory")
    feats = []
    for x, y, people in ((127.05, 40.1, 1000.0), (127.2, 40.05, 2000.0), (127.24, 40.19, 4000.0)):
        f = QgsFeature(towns.fields())
        f["pop"] = people
        f.setGeometry(QgsGeometry.fromWkt(f"POINT({x} {y})"))
        feats.append(f)
    towns.dataProvider().addFeatures(feats)
    for layer in (provinces, stations, towns):
        QgsProject.instance().addMapLayer(layer)
    east = [f.id() for f in provinces.getFeatures() if f["name"] == "East"]
    provinces.selectByIds(east)
    stations.selectByIds([f.id() for f in stations.getFeatures() if f["name"] == "e"])
    towns.selectByIds([f.id() for f in towns.getFeatures() if f["pop"] < 3000])

    def selected(layer):
        return QgsProcessingFeatureSourceDefinition(layer.id(), True)

    rows = rows_by_region(run("coveragestats", {"STATIONS": selected(stations), "RADIUS": 4000,
                                                "REGIONS": selected(provinces), "REGION_FIELD": "name",
                                                "POPULATION": raster, "OUTPUT": "memory:"})["OUTPUT"])
    assert set(rows) == {"East", "TOTAL"}
    assert rows["East"]["population"] == pytest.approx(zonal_sums(provinces, raster)["East"], rel=1e-6)
    assert rows["TOTAL"]["stations"] == 1
    rows = rows_by_region(run("coveragestats", {"STATIONS": selected(stations), "RADIUS": 4000,
                                                "REGIONS": selected(provinces), "REGION_FIELD": "name",
                                                "POPULATION_POINTS": selected(towns), "POPULATION_FIELD": "pop",
                                                "OUTPUT": "memory:"})["OUTPUT"])
    # the selected towns: 1000 people in West (not counted) and 2000 in East, 2.7 km from mast 'e'
    assert rows["East"]["population"] == 2000.0 and rows["East"]["covered_pop"] == 2000.0


def test_population_points_without_a_value_or_a_position_are_said_to_be_left_out(algs):
    """Towns whose population is NULL (GeoNames has many) or that have no position were left out of the
    population without a word, and a town of several points was counted at its first one without a word."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    towns = QgsVectorLayer("MultiPoint?crs=EPSG:4326&field=pop:double", "towns", "memory")
    feats = []
    for wkt, people in (("MULTIPOINT((127.05 40.1))", 1000.0), ("MULTIPOINT((127.06 40.1))", None), (None, 500.0),
                        ("MULTIPOINT((127.2 40.05),(127.21 40.06))", 300.0)):
        f = QgsFeature(towns.fields())
        f["pop"] = people
        if wkt:
            f.setGeometry(QgsGeometry.fromWkt(wkt))
        feats.append(f)
    towns.dataProvider().addFeatures(feats)
    provinces = polygon_layer([f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"
                               for x0, y0, x1, y1 in PROVINCES_LL.values()], names=list(PROVINCES_LL))
    fb = Feedback()
    rows = rows_by_region(run("coveragestats", {"STATIONS": station_layer(STATIONS), "RADIUS": 4000,
                                                "REGIONS": provinces, "REGION_FIELD": "name",
                                                "POPULATION_POINTS": towns, "POPULATION_FIELD": "pop",
                                                "OUTPUT": "memory:"}, fb)["OUTPUT"])
    assert rows["TOTAL"]["population"] == 1300.0
    assert any("'towns'" in w and "1 feature without a pop value is not counted" in w and "feature 2" in w
               for w in fb.warnings)
    assert any("'towns'" in w and "1 feature without a position is not counted" in w and "feature 3" in w
               for w in fb.warnings)
    # a town drawn with two points: one value, counted at its first point, and said
    assert any("'towns'" in w and "1 feature holds several points" in w and "feature 4" in w for w in fb.warnings)


def test_two_band_raster_says_which_band_it_counts(algs, tmp_path):
    ones = np.ones((60, 80), dtype=np.float32)
    raster = write_raster(tmp_path / "two_bands.tif", [ones, 100 * ones], (126.98, 1 / 240, 0.0, 40.22, 0.0, -1 / 240))
    regions = polygon_layer(["POLYGON((127 40, 127.1 40, 127.1 40.2, 127 40.2, 127 40))"], names=["West"])
    fb = Feedback()
    rows = rows_by_region(run("coveragestats", {"STATIONS": station_layer(STATIONS[:1]), "RADIUS": 4000,
                                                "REGIONS": regions, "POPULATION": raster, "OUTPUT": "memory:"},
                              fb)["OUTPUT"])
    assert any("two_bands.tif" in w and "2 bands" in w and "band 1" in w for w in fb.warnings)
    assert rows["West"]["population"] == 24 * 48  # band 1: one person per cell
    fb = Feedback()
    rows = rows_by_region(run("coveragestats", {"STATIONS": station_layer(STATIONS[:1]), "RADIUS": 4000,
                                                "REGIONS": regions, "POPULATION": raster, "POPULATION_BAND": 2,
                                                "OUTPUT": "memory:"}, fb)["OUTPUT"])
    assert not any("bands" in w for w in fb.warnings)  # the band chosen: no news
    assert rows["West"]["population"] == 100 * 24 * 48


def test_coverage_grid_aligned_to_a_continental_raster_keeps_only_the_cells_in_reach(algs, tmp_path):
    """LandScan and GHS-POP come as one raster of the world: the count raster aligned to it was
    counted, traced and written whole (13 GB of memory and a minute for three masts on LandScan)."""
    from osgeo import gdal, osr
    from pyproj import Geod

    # a LandScan-like tile of 30 arc-seconds, 25° x 15°, Int32, nodata -2147483647, people near the masts only
    step = 1 / 120
    path = str(tmp_path / "landscan_tile.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 3000, 1800, 1, gdal.GDT_Int32,
                                              ["COMPRESS=DEFLATE", "TILED=YES", "SPARSE_OK=TRUE"])
    ds.SetGeoTransform((115.0, step, 0.0, 50.0, 0.0, -step))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).SetNoDataValue(-2147483647)
    ds.GetRasterBand(1).WriteArray(np.random.default_rng(2).integers(0, 300, (60, 60)).astype(np.int32), 1440, 1180)
    ds = None
    target = tmp_path / "count.tif"
    out = run("coverage", {"STATIONS": station_layer(STATIONS), "RADIUS": 4000, "POPULATION": path,
                           "OUTPUT": "memory:", "OUTPUT_OVERLAP": "memory:", "OUTPUT_RASTER": str(target)})
    count_ds = gdal.Open(out["OUTPUT_RASTER"])
    x0, dx, _, y0, _, dy = count_ds.GetGeoTransform()
    assert (dx, dy) == pytest.approx((step, -step))
    col0, row0 = (x0 - 115.0) / step, (50.0 - y0) / step
    assert col0 == pytest.approx(round(col0), abs=1e-6) and row0 == pytest.approx(round(row0), abs=1e-6)
    assert count_ds.RasterXSize * count_ds.RasterYSize < 100 * 100  # the masts' reach, not 3000 x 1800 cells
    count = count_ds.ReadAsArray()
    # the same cells counted independently: geodesic distance from each cell centre to each mast
    h, w = count.shape
    lon, lat = np.meshgrid(x0 + (np.arange(w) + 0.5) * dx, y0 + (np.arange(h) + 0.5) * dy)
    geod = Geod(ellps="WGS84")
    dist = np.stack([geod.inv(np.full(lon.shape, x), np.full(lon.shape, y), lon, lat)[2] for x, y in STATIONS])
    expected = (dist <= 4000.0).sum(axis=0)
    clear = (np.abs(dist - 4000.0) > 1.0).all(axis=0)  # no centre within a metre of a disc's edge
    assert expected.sum() > 50 and clear.mean() > 0.99
    np.testing.assert_array_equal(count[clear], expected[clear])
    # nothing is covered beyond the raster written: its border cells are all 0
    assert not count[0].any() and not count[-1].any() and not count[:, 0].any() and not count[:, -1].any()
    overlap = sum(f["area_km2"] for f in out["OUTPUT_OVERLAP"].getFeatures())
    assert 0 < overlap < 3 * math.pi * 16
    # masts that do not reach the raster: said, and the grid is the masts' own
    fb = Feedback()
    out = run("coverage", {"STATIONS": station_layer([(10.0, 50.0)]), "RADIUS": 4000, "POPULATION": path,
                           "OUTPUT": "memory:", "OUTPUT_RASTER": str(tmp_path / "far.tif")}, fb)
    assert any("No station reaches the POPULATION raster" in w for w in fb.warnings)
    assert gdal.Open(out["OUTPUT_RASTER"]).ReadAsArray().max() == 1


def test_masts_far_apart_on_a_world_raster_are_not_counted_on_its_cells(algs, tmp_path):
    """A mast in Korea and one with a wrong position in Chile on a world raster of 30 arc-seconds: the grid
    aligned to it spanned 197° x 80° (227 million cells: 2.4 GB and 10 s here, a hundred times that on a
    100 m raster); past 100 million cells the automatic grid is used, with a warning saying why."""
    from osgeo import gdal, osr

    path = str(tmp_path / "world_30s.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 43200, 21600, 1, gdal.GDT_Float32,
                                              ["COMPRESS=DEFLATE", "TILED=YES", "SPARSE_OK=TRUE"])
    ds.SetGeoTransform((-180.0, 1 / 120, 0.0, 90.0, 0.0, -1 / 120))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).SetNoDataValue(-99999.0)
    ds = None
    fb = Feedback()
    out = run("coverage", {"STATIONS": station_layer([(127.05, 40.1), (-70.0, -39.9)], name=["Korea", "Chile"]),
                           "RADIUS": 4000, "POPULATION": path, "OUTPUT": "memory:", "OUTPUT_OVERLAP": "memory:",
                           "OUTPUT_RASTER": str(tmp_path / "count.tif")}, fb)
    (warning,) = [w for w in fb.warnings if "too far apart" in w]
    assert "world_30s" in warning and "not aligned" in warning
    count = gdal.Open(out["OUTPUT_RASTER"])
    assert count.RasterXSize * count.RasterYSize <= 4_000_000 * 1.01
    assert sum(f["area_km2"] for f in out["OUTPUT_OVERLAP"].getFeatures()) > 0


@pytest.mark.parametrize("alg", ["coverage", "coveragestats"])
def test_metric_crs_in_feet_is_refused_naming_it(algs, tmp_path, alg):
    """METRIC_CRS=EPSG:2263 (New York Long Island, US feet): radii in metres were taken as feet, so a
    4 km disc in Manhattan came out 4.67 km² instead of 50.3 km², silently. A METRIC_CRS that is not in
    metres is refused, naming it and a UTM zone to use."""
    from qgis.core import QgsProcessingException

    target = tmp_path / "out.gpkg"
    params = {"STATIONS": station_layer([(-73.98, 40.75)]), "RADIUS": 4000, "METRIC_CRS": "EPSG:2263",
              "OUTPUT": str(target)}
    if alg == "coveragestats":
        params.update(REGIONS=polygon_layer(["POLYGON((-74.1 40.6, -73.8 40.6, -73.8 40.9, -74.1 40.9, -74.1 40.6))"]),
                      REGION_FIELD="name", POPULATION=write_raster(tmp_path / "pop.tif", np.ones((30, 30), np.float32),
                                                                  (-74.1, 0.01, 0.0, 40.9, 0.0, -0.01)))
    with pytest.raises(QgsProcessingException, match=r"EPSG:2263 is in US survey foot.*metres.*EPSG:32618"):
        run(alg, params)
    assert not target.exists()


def test_station_fields_as_other_exports_write_them(algs):
    out = run("coverage", {"STATIONS": station_layer([(127.0, 40.0), (127.3, 40.0), (127.6, 40.0)],
                                                     azimuths=["0,120,240", "N", "120°"]),
                           "RADIUS": 3000, "OUTPUT": "memory:"})["OUTPUT"]
    disc = math.pi * 3.0 ** 2
    areas = [f["area_km2"] for f in sorted(out.getFeatures(), key=lambda f: f["station_id"])]
    assert areas == pytest.approx([disc, disc / 3, disc / 3], rel=0.005)


def test_footprints_across_the_antimeridian_are_split_there_not_wrapped_around_the_earth(algs):
    """Taveuni (Fiji) straddles 180°: the disc of a mast at 179.98° came back in EPSG:4326 as one
    invalid polygon whose vertices jump from 180° to -180°, a band around the earth."""
    from qgis.core import QgsGeometry, QgsPointXY

    masts = [(179.98, -16.8), (-179.95, -16.75), (179.5, -16.9)]
    out = run("coverage", {"STATIONS": station_layer(masts, name=["across", "east", "west"]), "RADIUS": 4000,
                           "OUTPUT": "memory:", "OUTPUT_DISSOLVED": "memory:", "OUTPUT_OVERLAP": "memory:",
                           "OUTPUT_BEST_SERVER": "memory:"})
    disc = math.pi * 4.0 ** 2
    for key in ("OUTPUT", "OUTPUT_DISSOLVED", "OUTPUT_OVERLAP", "OUTPUT_BEST_SERVER"):
        for f in out[key].getFeatures():
            geom = f.geometry()
            assert geom.isGeosValid(), (key, f.attributes())
            for part in geom.asGeometryCollection():
                box = part.boundingBox()
                assert box.width() < 0.2 and box.xMinimum() >= -180.0 and box.xMaximum() <= 180.0, (key, box)
            assert not geom.contains(QgsGeometry.fromPointXY(QgsPointXY(0.0, -16.8)))
    per_station = {f["name"]: f for f in out["OUTPUT"].getFeatures()}
    across = per_station["across"].geometry()
    assert len(across.asGeometryCollection()) == 2  # one part either side of 180°
    for lon in (179.99, -179.995):
        assert across.contains(QgsGeometry.fromPointXY(QgsPointXY(lon, -16.8)))
    for name in ("across", "east", "west"):
        assert per_station[name]["area_km2"] == pytest.approx(disc, rel=0.005)
    likely = [f for f in out["OUTPUT_DISSOLVED"].getFeatures() if f["scenario"] == "likely"]
    assert sum(f["area_km2"] for f in likely) == pytest.approx(3 * disc, rel=0.005)


def test_footprints_across_the_antimeridian_are_split_in_web_mercator_too(algs):
    """Stations in EPSG:3857 (an XYZ-tile project): a disc across 180° came back from one edge of the map
    to the other, a band 40 000 km wide."""
    from pyproj import Transformer
    from qgis.core import QgsGeometry, QgsPointXY

    to_merc = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    masts = [(179.98, -16.8), (-179.95, -16.75), (179.5, -16.9)]
    layer = station_layer([to_merc.transform(lon, lat) for lon, lat in masts], crs="EPSG:3857",
                          name=["across", "east", "west"])
    out = run("coverage", {"STATIONS": layer, "RADIUS": 4000, "OUTPUT": "memory:", "OUTPUT_DISSOLVED": "memory:",
                           "OUTPUT_OVERLAP": "memory:", "OUTPUT_BEST_SERVER": "memory:"})
    edge = to_merc.transform(180.0, 0.0)[0]
    disc = math.pi * 4.0 ** 2
    for key in ("OUTPUT", "OUTPUT_DISSOLVED", "OUTPUT_OVERLAP", "OUTPUT_BEST_SERVER"):
        assert out[key].crs().authid() == "EPSG:3857"
        for f in out[key].getFeatures():
            geom = f.geometry()
            assert geom.isGeosValid(), (key, f.attributes())
            for part in geom.asGeometryCollection():
                box = part.boundingBox()
                # 4 km discs: under 9 km wide in Web Mercator at 17° S (scale 1.046)
                assert box.width() < 20000.0 and -edge - 0.01 <= box.xMinimum() and box.xMaximum() <= edge + 0.01
            assert not geom.contains(QgsGeometry.fromPointXY(QgsPointXY(0.0, to_merc.transform(0.0, -16.8)[1])))
    per_station = {f["name"]: f for f in out["OUTPUT"].getFeatures()}
    across = per_station["across"].geometry()
    assert len(across.asGeometryCollection()) == 2  # one part either side of 180°
    for lon in (179.99, -179.995):
        assert across.contains(QgsGeometry.fromPointXY(QgsPointXY(*to_merc.transform(lon, -16.8))))
    for name in ("across", "east", "west"):
        assert per_station[name]["area_km2"] == pytest.approx(disc, rel=0.005)
    likely = [f for f in out["OUTPUT_DISSOLVED"].getFeatures() if f["scenario"] == "likely"]
    assert sum(f["area_km2"] for f in likely) == pytest.approx(3 * disc, rel=0.005)


def test_footprint_around_the_south_pole_holds_the_pole_in_longitudes_and_latitudes(algs, tmp_path):
    """A mast 1 km from the South Pole (5 km): its disc came back in EPSG:4326 as a thin ring of
    longitudes between -89.965° and -89.945° that did not hold the pole nor the cells beyond it; it is
    now the cap from -180° to 180° closed along the pole, and the count raster on a population raster in
    degrees covers the cells on the far side of the pole too."""
    from osgeo import gdal
    from qgis.core import QgsGeometry, QgsPointXY

    raster = write_raster(tmp_path / "pole.tif", np.ones((50, 360), dtype=np.float32),
                          (-180.0, 1.0, 0.0, -85.0, 0.0, -0.1))
    out = run("coverage", {"STATIONS": station_layer([(30.0, -89.99)], name=["Pole"]), "RADIUS": 20000,
                           "POPULATION": raster, "OUTPUT": "memory:", "OUTPUT_DISSOLVED": "memory:",
                           "OUTPUT_RASTER": str(tmp_path / "count.tif")})
    for key in ("OUTPUT", "OUTPUT_DISSOLVED"):
        (feat,) = [f for f in out[key].getFeatures() if f["scenario"] == "likely"]
        geom = feat.geometry()
        assert geom.isGeosValid(), key
        box = geom.boundingBox()
        assert (box.xMinimum(), box.xMaximum(), box.yMinimum()) == (-180.0, 180.0, -90.0), key
        # the far side of the pole (12 km from the mast) is covered, 22 km away it is not
        assert geom.contains(QgsGeometry.fromPointXY(QgsPointXY(-150.0, -89.9))), key
        assert geom.contains(QgsGeometry.fromPointXY(QgsPointXY(179.5, -89.85))), key
        assert not geom.contains(QgsGeometry.fromPointXY(QgsPointXY(-150.0, -89.8))), key
        assert feat["area_km2"] == pytest.approx(math.pi * 20.0 ** 2, rel=0.005)
    count = gdal.Open(str(tmp_path / "count.tif"))
    x0, _, _, y0, _, dy = count.GetGeoTransform()
    values = count.ReadAsArray()
    # rows at -89.95° and -89.85° (5.6 and 16.7 km from the pole): every longitude within 20 km
    rows = [round((lat - y0) / dy - 0.5) for lat in (-89.95, -89.85)]
    assert count.RasterXSize == 360 and x0 == -180.0
    assert (values[rows] == 1).all()


def test_a_feature_of_several_points_counts_every_mast(algs, tmp_path):
    """A MultiPoint station layer (a KML of the plugin's own export dropped into QGIS, a GeoPackage of
    multipoints) with two masts in one feature: only the first was covered and counted, silently. Each
    point is now a station with the feature's fields, and a warning says so."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer("MultiPoint?crs=EPSG:4326&field=name:string&field=technology:string", "masts", "memory")
    pair, single, empty = (QgsFeature(layer.fields()) for _ in range(3))
    pair.setAttributes(["West and East", "3G"])
    pair.setGeometry(QgsGeometry.fromWkt(f"MULTIPOINT(({STATIONS[0][0]} {STATIONS[0][1]}),"
                                         f"({STATIONS[1][0]} {STATIONS[1][1]}))"))
    single.setAttributes(["Border", "UMTS"])
    single.setGeometry(QgsGeometry.fromWkt(f"MULTIPOINT(({STATIONS[2][0]} {STATIONS[2][1]}))"))
    empty.setAttributes(["Nowhere", "3G"])
    layer.dataProvider().addFeatures([pair, single, empty])
    fb = Feedback()
    out = run("coverage", {"STATIONS": layer, "RADIUS": 4000, "OUTPUT": "memory:"}, fb)["OUTPUT"]
    names = sorted(f["name"] for f in out.getFeatures())
    assert names == ["Border", "West and East", "West and East"]
    assert any("1 feature holds several points" in w and "feature 1 (2 points)" in w for w in fb.warnings)
    assert any("1 station without geometry was skipped" in w for w in fb.warnings)
    raster = worldpop_like(tmp_path / "ppp.tif")
    regions = polygon_layer([f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"
                             for x0, y0, x1, y1 in PROVINCES_LL.values()], names=list(PROVINCES_LL))
    params = {"RADIUS": 4000, "REGIONS": regions, "REGION_FIELD": "name", "POPULATION": raster, "OUTPUT": "memory:"}
    rows = rows_by_region(run("coveragestats", {"STATIONS": layer, **params})["OUTPUT"])
    expected = rows_by_region(run("coveragestats", {"STATIONS": station_layer(STATIONS), **params})["OUTPUT"])
    for name in (*PROVINCES_LL, "TOTAL"):
        assert rows[name]["covered_pop"] == pytest.approx(expected[name]["covered_pop"], rel=1e-9)
        assert rows[name]["stations"] == expected[name]["stations"]


def test_region_codes_in_a_real_field_are_named_as_the_attribute_table_shows_them(algs, tmp_path):
    """Provinces named by a numeric code stored as a real number (a GeoPackage REAL, a shapefile's
    N(10,0)): the table's regions read '11.0' and '12.0'."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326&field=code:double", "provinces", "memory")
    feats = []
    for code, (x0, y0, x1, y1) in zip((11.0, 12.5), PROVINCES_LL.values()):
        f = QgsFeature(layer.fields())
        f.setAttributes([code])
        f.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    out = run("coveragestats", {"STATIONS": station_layer(STATIONS), "RADIUS": 4000, "REGIONS": layer,
                                "REGION_FIELD": "code", "POPULATION": worldpop_like(tmp_path / "ppp.tif"),
                                "OUTPUT": "memory:"})["OUTPUT"]
    assert [f["region"] for f in out.getFeatures()] == ["11", "12.5", "TOTAL"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("azimuths", "0;up", "azimuths '0;up'.*compass point"),
])
def test_bad_station_field_names_the_feature_and_writes_nothing(algs, tmp_path, field, value, message):
    from qgis.core import QgsProcessingException

    raster = worldpop_like(tmp_path / "pop.tif")
    regions = polygon_layer(["POLYGON((127 40, 127.1 40, 127.1 40.2, 127 40.2, 127 40))"], names=["West"])
    stations = station_layer(STATIONS, name=["ok", "Bad mast", "ok too"], **{field: [None, value, None]})
    target = tmp_path / "stats.csv"
    with pytest.raises(QgsProcessingException, match=f"STATIONS: feature 2 \\(Bad mast\\): {message}"):
        run("coveragestats", {"STATIONS": stations, "RADIUS": 4000, "REGIONS": regions, "POPULATION": raster,
                              "OUTPUT": "memory:", "OUTPUT_CSV": str(target)})
    assert not target.exists()


@pytest.mark.parametrize("alg", ["coverage", "coveragestats"])
def test_station_in_metres_in_a_layer_said_to_be_in_degrees_is_named(algs, tmp_path, alg):
    """UTM coordinates in a layer in EPSG:4326 (a CSV of eastings/northings loaded as lon/lat): coverage
    stopped with a Python traceback ('latitude 4420000.0 is outside [-90, 90]'), coveragestats with
    the bare message, neither naming the station or the CRS."""
    from qgis.core import QgsProcessingException

    stations = station_layer([STATIONS[0], (X0, Y0), STATIONS[1]], name=["ok", "Bad mast", "ok too"])
    target = tmp_path / "stats.csv"
    params = {"STATIONS": stations, "RADIUS": 4000, "OUTPUT": "memory:"}
    if alg == "coveragestats":
        params.update(REGIONS=polygon_layer(["POLYGON((127 40, 127.1 40, 127.1 40.2, 127 40.2, 127 40))"]),
                      REGION_FIELD="name", POPULATION=worldpop_like(tmp_path / "pop.tif"), OUTPUT_CSV=str(target))
    with pytest.raises(QgsProcessingException, match=r"STATIONS: feature 2 \(Bad mast\): its position is not a "
                                                     r"place on the earth in the layer's CRS EPSG:4326 .*latitude "
                                                     r"4\.42e\+06.*check the layer's CRS") as raised:
        run(alg, params)
    assert "Traceback" not in str(raised.value)
    assert not target.exists()


# -- DEMs ------------------------------------------------------------------------------------------
def _pixel_centres_in(ds, crs, rect):
    """Mask of the pixels of ``ds`` whose centre lies in ``rect`` = (xmin, ymin, xmax, ymax) in ``crs``."""
    from pyproj import Transformer

    x0, dx, _, y0, _, dy = ds.GetGeoTransform()
    cols, rows = np.meshgrid(np.arange(ds.RasterXSize) + 0.5, np.arange(ds.RasterYSize) + 0.5)
    x, y = Transformer.from_crs(ds.GetProjection(), crs, always_xy=True).transform(x0 + cols * dx, y0 + rows * dy)
    return (x >= rect[0]) & (x <= rect[2]) & (y >= rect[1]) & (y <= rect[3])


# a void over the village's northern half (population rows 25-29: 2.5-3.0 km south of the top)
VOID = (X0 + 300.0, Y0 - 2990.0, X0 + 1200.0, Y0 - 2510.0)


def dem_variant(kind, folder):
    """The wall scene's DEM as another product: (path, vertical unit, people lost to voids)."""
    from osgeo import gdal

    from basestation_mapper.plugin.core.gdal_util import gdal_exceptions

    source = wall_dem(folder)
    target = str(folder / f"{kind}.tif")
    with gdal_exceptions():
        if kind == "srtm_int16_voids":
            gdal.Warp(target, source, dstSRS="EPSG:4326", xRes=1 / 3600, yRes=1 / 3600, resampleAlg="near",
                      outputType=gdal.GDT_Int16, dstNodata=-32768)
            ds = gdal.Open(target, gdal.GA_Update)
            band = ds.GetRasterBand(1)
            heights = band.ReadAsArray()
            heights[_pixel_centres_in(ds, EPSG, VOID)] = -32768
            band.WriteArray(heights)
            ds = None
            return target, "metre", True
        if kind == "copernicus_float32_no_nodata":
            gdal.Warp(target, source, dstSRS="EPSG:4326", xRes=1 / 3600, yRes=1 / 3600, resampleAlg="near",
                      outputType=gdal.GDT_Float32)
            assert gdal.Open(target).GetRasterBand(1).GetNoDataValue() is None
            return target, "metre", False
        if kind == "srtm_hgt_tile":
            # a whole 1° tile of 1 arc-second, as the SRTMHGT driver wants it (the plain around the scene)
            tile = str(folder / "tile.tif")
            gdal.Warp(tile, source, dstSRS="EPSG:4326", width=3601, height=3601, resampleAlg="near",
                      outputBounds=(127 - 0.5 / 3600, 39 - 0.5 / 3600, 128 + 0.5 / 3600, 40 + 0.5 / 3600),
                      outputType=gdal.GDT_Int16, warpOptions=["INIT_DEST=100"])
            target = str(folder / "N39E127.hgt")
            gdal.GetDriverByName("SRTMHGT").CreateCopy(target, gdal.Open(tile))
            return target, "metre", False
        if kind == "esri_ascii_without_prj":
            target = str(folder / "dem.asc")
            gdal.Translate(target, source, format="AAIGrid", outputType=gdal.GDT_Float32)
            (folder / "dem.prj").unlink()
            return target, "metre", False
        if kind == "utm_in_feet":
            gdal.Warp(target, source, dstSRS=UTM_FEET, xRes=80.0, yRes=80.0, resampleAlg="near",
                      outputType=gdal.GDT_Float32, dstNodata=-9999)
            ds = gdal.Open(target, gdal.GA_Update)
            band = ds.GetRasterBand(1)
            heights = band.ReadAsArray()
            band.WriteArray(np.where(heights == -9999, heights, heights / 0.3048))
            ds = None
            return target, "foot", False
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["srtm_int16_voids", "copernicus_float32_no_nodata", "utm_in_feet",
                                  "srtm_hgt_tile", "esri_ascii_without_prj"])
def test_dem_products_hide_the_town_behind_the_wall(algs, tmp_path, kind):
    from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRasterLayer

    path, unit, voids = dem_variant(kind, tmp_path)
    dem = QgsRasterLayer(path, kind)
    assert dem.isValid()
    if kind == "esri_ascii_without_prj":  # its CRS set in QGIS, as the message refusing it asks
        assert not dem.crs().isValid()
        dem.setCrs(QgsCoordinateReferenceSystem(EPSG))
    QgsProject.instance().addMapLayer(dem)
    pop_path, pop = population(tmp_path)
    village, town = village_and_town(pop)
    stations = station_layer([STATION], crs=EPSG, radius_m=[4000.0], antenna_height_m=[30.0], name=["West mast"])
    fb = Feedback()
    rows = rows_by_region(run("coveragestats", {
        "STATIONS": stations, "REGIONS": polygon_layer([region_wkt()], crs=EPSG, names=["all"]),
        "REGION_FIELD": "name", "POPULATION": pop_path, "DEM": dem,
        "VERTICAL_UNIT": VERTICAL_UNITS.index(unit), "OUTPUT": "memory:"}, fb)["OUTPUT"])
    total = rows["TOTAL"]
    lost = float(pop[VILLAGE][:5].sum()) if voids else 0.0  # void cells are never visible
    assert total["covered_pop"] == pytest.approx(village - lost)
    assert total["terrain_removed_pop"] == pytest.approx(town + lost)
    assert total["covered_pop_no_terrain"] == pytest.approx(village + town)
    # voids are reported; the DEM's edge, beyond which the reprojected grid has no data either, is not a void
    assert any("no data" in w and "voids" in w for w in fb.warnings) == voids


@pytest.mark.parametrize("unit", ["foot", "us_foot"])
def test_vertical_unit_is_applied_by_coverage_and_coveragestats(algs, tmp_path, unit):
    """VERTICAL_UNIT was ignored by coverage and coveragestats (read back as its default, metre):
    a DEM in feet had its relief 3.28 times too high. A 400 m mast sees over the 200 m wall onto
    the far part of the town only with the heights in metres."""
    from osgeo import gdal
    from qgis.core import QgsRasterLayer

    from basestation_mapper.plugin.core.gdal_util import gdal_exceptions
    from basestation_mapper.plugin.core.terrain_coverage import VERTICAL_UNITS as FACTORS

    path = str(tmp_path / f"dem_{unit}.tif")
    with gdal_exceptions():
        gdal.Translate(path, wall_dem(tmp_path), scaleParams=[[0, 1, 0, 1 / FACTORS[unit]]],
                       outputType=gdal.GDT_Float32)
    dem = QgsRasterLayer(path, f"dem_{unit}")
    _path, pop = population(tmp_path)
    pop[25:35, 46] = 0.0  # 3.15 km from the mast: right on the edge of its shadow
    pop_path = write_raster(tmp_path / "people.tif", pop, (X0, 100.0, 0.0, Y0, 0.0, -100.0), EPSG)
    village, _town = village_and_town(pop)
    # the sight line over the wall's far edge (300 m, 1.6 km away) comes down to 101.5 m at 3.19 km
    far = [c for c in range(44, 54) if X0 + (c + 0.5) * 100.0 - STATION[0] > 3190.0]
    expected = village + float(pop[25:35, far].sum())
    stations = station_layer([STATION], crs=EPSG, radius_m=[4000.0], antenna_height_m=[400.0])
    rows = rows_by_region(run("coveragestats", {
        "STATIONS": stations, "REGIONS": polygon_layer([region_wkt()], crs=EPSG, names=["all"]),
        "REGION_FIELD": "name", "POPULATION": pop_path, "DEM": dem, "VERTICAL_UNIT": VERTICAL_UNITS.index(unit),
        "OUTPUT": "memory:"})["OUTPUT"])
    assert rows["TOTAL"]["covered_pop"] == pytest.approx(expected)
    out = run("coverage", {"STATIONS": stations, "DEM": dem, "VERTICAL_UNIT": VERTICAL_UNITS.index(unit),
                           "POPULATION": pop_path, "OUTPUT": "memory:", "OUTPUT_RASTER": str(tmp_path / "n.tif")})
    count = gdal.Open(out["OUTPUT_RASTER"]).ReadAsArray()
    x0, dx, _, y0, _, dy = gdal.Open(out["OUTPUT_RASTER"]).GetGeoTransform()
    row, col = round((y0 - (Y0 - 3000.0)) / -dy), round((X0 + 5000.0 - x0) / dx)  # 3.5 km east, behind the wall
    assert count[row, col] == 1


def test_dem_declaring_feet_is_named_when_read_as_metres(algs, tmp_path):
    """A DEM whose band says 'ft' was read as metres by every terrain algorithm without a word."""
    from osgeo import gdal
    from qgis.core import QgsRasterLayer

    from basestation_mapper.plugin.core.gdal_util import gdal_exceptions

    path = str(tmp_path / "lidar_ft.tif")
    with gdal_exceptions():
        gdal.Translate(path, wall_dem(tmp_path), scaleParams=[[0, 1, 0, 1 / 0.3048]], outputType=gdal.GDT_Float32)
        ds = gdal.Open(path, gdal.GA_Update)
        ds.GetRasterBand(1).SetUnitType("ft")
        ds = None
    dem = QgsRasterLayer(path, "lidar_ft")
    stations = station_layer([STATION], crs=EPSG, radius_m=[4000.0], name=["West mast"])
    for alg, extra in (("terraincoverage", {"RADIUS": 4000, "OUTPUT": str(tmp_path / "count.tif")}),
                       ("coverage", {"OUTPUT": "memory:"})):
        fb = Feedback()
        run(alg, {"STATIONS": stations, "DEM": dem, **extra}, fb)
        assert any("lidar_ft" in w and "declares its heights in foot" in w for w in fb.warnings), alg
        fb = Feedback()
        run(alg, {"STATIONS": stations, "DEM": dem, "VERTICAL_UNIT": VERTICAL_UNITS.index("foot"), **extra}, fb)
        assert not any("declares its heights" in w for w in fb.warnings), (alg, fb.warnings)


def test_station_outside_a_dem_covering_part_of_the_stations_is_named(algs, tmp_path):
    from qgis.core import QgsProject, QgsRasterLayer

    path, _unit, _voids = dem_variant("copernicus_float32_no_nodata", tmp_path)
    dem = QgsRasterLayer(path, "copernicus")
    QgsProject.instance().addMapLayer(dem)
    stations = station_layer([STATION, (X0 + 30000.0, Y0 - 3000.0)], crs=EPSG, radius_m=[4000.0, 4000.0],
                             name=["West mast", "Far mast"])
    fb = Feedback()
    out = run("coverage", {"STATIONS": stations, "DEM": dem, "OUTPUT": "memory:"}, fb)["OUTPUT"]
    assert any("outside DEM" in w and "Far mast" in w and "West mast" not in w for w in fb.warnings)
    areas = {f["name"]: f["area_km2"] for f in features(out)}
    assert areas.get("Far mast", 0.0) == 0.0 and areas["West mast"] > 10.0


def test_population_raster_without_a_crs_uses_the_crs_set_on_its_layer(algs, tmp_path):
    """An ASCII grid or a GeoTIFF without its projection: the CRS the user gives the layer in QGIS is used."""
    from osgeo import gdal
    from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRasterLayer
    from support.coverage import write_raster as write_one_band

    people = np.random.default_rng(3).gamma(0.5, 10.0, (60, 60))
    path = write_one_band(tmp_path / "people_no_crs.tif", people, (X0, 100.0, 0.0, Y0, 0.0, -100.0), crs=None)
    layer = QgsRasterLayer(path, "people")
    assert layer.isValid() and not layer.crs().isValid()
    # owned by the project: a GDAL layer left to Python after a failed run is freed after QGIS at exit
    QgsProject.instance().addMapLayer(layer)
    stations = station_layer([STATION], crs=EPSG)
    regions = polygon_layer([region_wkt()], crs=EPSG, names=["all"])
    params = {"STATIONS": stations, "RADIUS": 2000, "REGIONS": regions, "REGION_FIELD": "name",
              "POPULATION": layer, "OUTPUT": "memory:"}
    with pytest.raises(Exception, match="no coordinate reference system: set it"):
        run("coveragestats", params)
    layer.setCrs(QgsCoordinateReferenceSystem(EPSG))
    row = rows_by_region(run("coveragestats", params)["OUTPUT"])["TOTAL"]
    # independent count: the people of the cells whose centre lies within 2 km of the station
    cx = X0 + (np.arange(60) + 0.5) * 100.0
    cy = Y0 - (np.arange(60) + 0.5) * 100.0
    inside = np.hypot(cx[None, :] - STATION[0], cy[:, None] - STATION[1]) <= 2000.0
    assert row["population"] == pytest.approx(people.astype(np.float32).sum(), rel=1e-6)
    assert row["covered_pop"] == pytest.approx(people.astype(np.float32)[inside].sum(), rel=1e-6)
    # the coverage grid is aligned to it, in that CRS
    out = run("coverage", {"STATIONS": stations, "RADIUS": 2000, "POPULATION": layer, "OUTPUT": "memory:",
                           "OUTPUT_RASTER": str(tmp_path / "count.tif")})
    ds = gdal.Open(out["OUTPUT_RASTER"])
    x0, res = ds.GetGeoTransform()[0], ds.GetGeoTransform()[1]
    assert res == pytest.approx(100.0) and (x0 - X0) / 100.0 == pytest.approx(round((x0 - X0) / 100.0))
    assert QgsCoordinateReferenceSystem.fromWkt(ds.GetProjection()).authid() == EPSG
    assert int(ds.GetRasterBand(1).ReadAsArray().sum()) == int(inside.sum())


def test_topojson_regions_without_a_crs_say_how_to_set_it_and_use_the_crs_set(algs, tmp_path):
    import json

    from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsVectorLayer

    ring = [[126.95, 37.55], [127.05, 37.55], [127.05, 37.65], [126.95, 37.65], [126.95, 37.55]]
    topo = {"type": "Topology", "arcs": [ring], "objects": {"provinces": {
        "type": "GeometryCollection",
        "geometries": [{"type": "Polygon", "arcs": [[0]], "properties": {"NAME_1": "Seoul"}}]}}}
    (tmp_path / "provinces.topojson").write_text(json.dumps(topo))
    regions = QgsVectorLayer(str(tmp_path / "provinces.topojson"), "provinces", "ogr")
    assert regions.isValid() and not regions.crs().isValid()
    # owned by the project: an OGR layer left to Python after a failed run is freed after QGIS at exit
    QgsProject.instance().addMapLayer(regions)
    people = np.random.default_rng(5).gamma(0.5, 10.0, (20, 20)).astype(np.float32)
    raster = write_raster(tmp_path / "people.tif", [people], (126.9, 0.01, 0.0, 37.7, 0.0, -0.01))
    params = {"STATIONS": station_layer([(127.0, 37.6)]), "RADIUS": 3000, "REGIONS": regions,
              "REGION_FIELD": "NAME_1", "POPULATION": raster, "OUTPUT": "memory:"}
    with pytest.raises(Exception, match=r"'provinces' has no coordinate reference system .*Layer Properties › Source"):
        run("coveragestats", params)
    regions.setCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    rows = rows_by_region(run("coveragestats", params)["OUTPUT"])
    # the cells whose centres are inside 126.95-127.05 E, 37.55-37.65 N
    assert rows["Seoul"]["population"] == pytest.approx(people[5:15, 5:15].sum(), rel=1e-6)
    # population points without a CRS: the same advice (pyproj failed on an empty CRS with a traceback)
    villages = {"type": "Topology", "arcs": [], "objects": {"villages": {"type": "GeometryCollection", "geometries": [
        {"type": "Point", "coordinates": [127.0, 37.6], "properties": {"pop": 120.0}}]}}}
    (tmp_path / "villages.topojson").write_text(json.dumps(villages))
    points = QgsVectorLayer(str(tmp_path / "villages.topojson"), "villages", "ogr")
    assert points.isValid() and points.featureCount() == 1 and not points.crs().isValid()
    QgsProject.instance().addMapLayer(points)
    del params["POPULATION"]
    with pytest.raises(Exception, match=r"'villages' has no coordinate reference system .*Layer Properties"):
        run("coveragestats", {**params, "POPULATION_POINTS": points, "POPULATION_FIELD": "pop"})
    points.setCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    rows = rows_by_region(run("coveragestats", {**params, "POPULATION_POINTS": points,
                                                "POPULATION_FIELD": "pop"})["OUTPUT"])
    assert rows["Seoul"]["covered_pop"] == pytest.approx(120.0)


def test_region_field_in_another_case_is_used_when_only_one_field_matches(algs, tmp_path):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    def provinces(fields):
        layer = QgsVectorLayer("Polygon?crs=EPSG:4326" + "".join(f"&field={f}:string" for f in fields), "gadm",
                               "memory")
        feats = []
        for name, (x0, y0, x1, y1) in PROVINCES_LL.items():
            f = QgsFeature(layer.fields())
            f.setAttributes([f"{name} {k}" if k else name for k in range(len(fields))])
            f.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"))
            feats.append(f)
        layer.dataProvider().addFeatures(feats)
        return layer

    raster = worldpop_like(tmp_path / "ppp.tif")
    params = {"STATIONS": station_layer(STATIONS), "RADIUS": 4000, "REGION_FIELD": "name_1", "POPULATION": raster,
              "OUTPUT": "memory:"}
    fb = Feedback()
    regions = provinces(["GID_1", "NAME_1"])
    rows = rows_by_region(run("coveragestats", {**params, "REGIONS": regions}, fb)["OUTPUT"])
    assert set(rows) == {"West 1", "East 1", "TOTAL"}  # NAME_1's values, not GID_1's
    assert any("'name_1'" in w and "'NAME_1' used" in w for w in fb.warnings)
    expected = zonal_sums(provinces(["name"]), raster)
    assert rows["West 1"]["population"] == pytest.approx(expected["West"], rel=1e-6)
    with pytest.raises(Exception, match="several fields that differ from it in case only: Name_1, NAME_1"):
        run("coveragestats", {**params, "REGIONS": provinces(["Name_1", "NAME_1"])})


def _villages(fields, values):
    """Two villages 1 km and 20 km east of (127.0, 37.6) with one numeric attribute per field."""
    from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer

    layer = QgsVectorLayer("Point?crs=EPSG:4326" + "".join(f"&field={f}:double" for f in fields), "villages",
                           "memory")
    feats = []
    for lon, row in zip((127.01, 127.23), values):
        f = QgsFeature(layer.fields())
        f.setAttributes(list(row))
        f.setGeometry(QgsGeometry.fromWkt(f"POINT({lon} 37.6)"))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    QgsProject.instance().addMapLayer(layer)
    return layer


def test_population_field_in_another_case_is_used_when_only_one_field_matches(algs, tmp_path):
    regions = polygon_layer(["POLYGON((126.9 37.5,127.4 37.5,127.4 37.7,126.9 37.7,126.9 37.5))"], names=["Seoul"])
    params = {"STATIONS": station_layer([(127.0, 37.6)]), "RADIUS": 3000, "REGIONS": regions, "REGION_FIELD": "name",
              "POPULATION_FIELD": "pop", "OUTPUT": "memory:"}
    fb = Feedback()
    total = rows_by_region(run("coveragestats", {**params, "POPULATION_POINTS": _villages(["POP"], [(120,), (80,)])},
                               fb)["OUTPUT"])["TOTAL"]
    assert (total["population"], total["covered_pop"]) == (200, 120)
    assert any("'pop'" in w and "'POP' used" in w for w in fb.warnings), fb.warnings
    # an exact name wins over one in another case, without a note
    fb = Feedback()
    both = _villages(["POP", "pop"], [(1, 120), (1, 80)])
    total = rows_by_region(run("coveragestats", {**params, "POPULATION_POINTS": both}, fb)["OUTPUT"])["TOTAL"]
    assert (total["population"], total["covered_pop"]) == (200, 120)
    assert not any("used" in w for w in fb.warnings)
    # several in other cases only: refused, naming them
    with pytest.raises(Exception, match="several fields that differ from it in case only: Pop, POP"):
        run("coveragestats", {**params, "POPULATION_POINTS": _villages(["Pop", "POP"], [(1, 2), (3, 4)])})
    # the report takes the field (and REGION_FIELD) the same way
    pdf = tmp_path / "r.pdf"
    fb = Feedback()
    out = run("report", {**params, "REGION_FIELD": "NAME", "POPULATION_POINTS": _villages(["POP"], [(120,), (80,)]),
                         "OUTPUT_PDF": str(pdf)}, fb)
    assert out["PAGES"] >= 2 and pdf.exists()
    assert any("'pop'" in w and "'POP' used" in w for w in fb.warnings), fb.warnings
    assert any("'NAME'" in w and "'name' used" in w for w in fb.warnings), fb.warnings
    with pytest.raises(Exception, match="several fields that differ from it in case only: Pop, POP"):
        run("report", {**params, "POPULATION_POINTS": _villages(["Pop", "POP"], [(1, 2), (3, 4)]),
                       "OUTPUT_PDF": str(tmp_path / "no.pdf")})
    assert not (tmp_path / "no.pdf").exists()
