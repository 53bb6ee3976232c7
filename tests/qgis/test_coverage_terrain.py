"""Terrain in basestationmapper:coverage / coveragestats (processing.run) and in the dock's Coverage section."""

from __future__ import annotations

import time

import numpy as np
import pytest
from support.coverage import features, polygon_layer, rows_by_region, station_layer
from support.coverage_terrain import EPSG, STATION, WALL, X0, Y0, population, region_wkt, village_and_town, wall_dem
from support.processing_feedback import Feedback


def run(alg, params, feedback=None):
    import processing

    return processing.run(f"basestationmapper:{alg}", params, feedback=feedback)


@pytest.fixture
def scene(plugin, tmp_path):
    from qgis.core import QgsProject, QgsRasterLayer

    dem = QgsRasterLayer(wall_dem(tmp_path), "dem")
    pop_path, pop = population(tmp_path)
    pop_layer = QgsRasterLayer(pop_path, "population")
    regions = polygon_layer([region_wkt()], crs=EPSG, names=["all"])
    stations = station_layer([STATION], crs=EPSG, radius_m=[4000.0], antenna_height_m=[30.0], name=["West mast"])
    QgsProject.instance().addMapLayers([dem, pop_layer, regions, stations])
    return dem, pop_layer, regions, stations, pop


def test_coveragestats_with_a_dem_says_what_terrain_removes(scene, tmp_path):
    dem, pop_layer, regions, stations, pop = scene
    village, town = village_and_town(pop)
    params = {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "POPULATION": pop_layer,
              "OUTPUT": "memory:", "OUTPUT_CSV": str(tmp_path / "stats.csv")}
    open_rows = rows_by_region(run("coveragestats", params)["OUTPUT"])
    assert open_rows["TOTAL"]["covered_pop"] == pytest.approx(village + town)
    assert "terrain_removed_pop" not in open_rows["TOTAL"]
    out = run("coveragestats", {**params, "DEM": dem, "TARGET_HEIGHT": 1.5, "REFRACTION_K": 4 / 3})
    rows = rows_by_region(out["OUTPUT"])
    for region in ("all", "TOTAL"):
        row = rows[region]
        assert row["covered_pop"] == pytest.approx(village)
        assert row["covered_pop_max"] == pytest.approx(village)
        assert row["covered_pop_no_terrain"] == pytest.approx(village + town)
        assert row["terrain_removed_pop"] == pytest.approx(town)
        assert row["covered_pop_pct_no_terrain"] == pytest.approx(100.0)
        assert 0 < row["terrain_removed_km2"] < row["covered_km2_no_terrain"]
    header = (tmp_path / "stats.csv").read_text().splitlines()[0].split(",")
    assert header[:3] == ["region", "area_km2", "covered_km2"] and header[-1] == "terrain_removed_pop"
    # a mast taller than the wall from the station field: it sees over it (OBSERVER_HEIGHT is only the default)
    stations.dataProvider().changeAttributeValues({next(stations.getFeatures()).id(): {
        stations.fields().indexOf("antenna_height_m"): 400.0}})
    rows = rows_by_region(run("coveragestats", {**params, "DEM": dem, "OBSERVER_HEIGHT": 5.0})["OUTPUT"])
    assert village < rows["TOTAL"]["covered_pop"] < village + town


def test_coverage_with_a_dem_masks_polygons_overlap_and_raster(scene, tmp_path):
    from osgeo import gdal

    dem, pop_layer, _regions, stations, _pop = scene
    out = run("coverage", {"STATIONS": stations, "DEM": dem, "POPULATION": pop_layer, "OUTPUT": "memory:",
                           "OUTPUT_OVERLAP": "memory:", "OUTPUT_DISSOLVED": "memory:",
                           "OUTPUT_RASTER": str(tmp_path / "count.tif")})
    (poly,) = list(out["OUTPUT"].getFeatures())
    bbox = poly.geometry().boundingBox()
    assert bbox.xMaximum() <= WALL[0] + 25.0 + 1e-6  # nothing behind the wall
    # the 4 km disc cut by the DEM edges (1.5 km west, 3 km north and south) and the wall's face
    assert poly["area_km2"] == pytest.approx(3.025 * 6.0, rel=0.003)
    (dissolved,) = [f for f in out["OUTPUT_DISSOLVED"].getFeatures() if f["scenario"] == "likely"]
    assert dissolved["area_km2"] == pytest.approx(poly["area_km2"], rel=1e-6)
    ds = gdal.Open(out["OUTPUT_RASTER"])
    count = ds.GetRasterBand(1).ReadAsArray()
    x0, res = ds.GetGeoTransform()[0], ds.GetGeoTransform()[1]
    east = int((WALL[1] - x0) / res)
    assert count[:, :east].max() == 1 and count[:, east:].max() == 0
    assert {f["servers"] for f in out["OUTPUT_OVERLAP"].getFeatures()} == {1}


@pytest.mark.parametrize("was_on", [False, True])
def test_gdal_error_mode_is_left_as_it_was(scene, tmp_path, was_on):
    """GDAL's exception mode is process-wide (QGIS and every plugin share it): reading a DEM must not switch it."""
    from osgeo import gdal

    dem, pop_layer, regions, stations, _pop = scene
    runs = [("coverage", {"STATIONS": stations, "DEM": dem, "OUTPUT": "memory:"}),
            ("coveragestats", {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name",
                               "POPULATION": pop_layer, "DEM": dem, "OUTPUT": "memory:"}),
            ("terraincoverage", {"STATIONS": stations, "DEM": dem, "RADIUS": 4000.0,
                                 "OUTPUT": str(tmp_path / "los.tif")})]
    before = gdal.GetUseExceptions()
    try:
        for alg, params in runs:
            (gdal.UseExceptions if was_on else gdal.DontUseExceptions)()
            run(alg, params)
            assert bool(gdal.GetUseExceptions()) is was_on, alg
    finally:
        (gdal.UseExceptions if before else gdal.DontUseExceptions)()


def test_antenna_height_0_is_read_as_not_given_by_all_three_algorithms(scene, tmp_path):
    """Station lists write 0 for an unknown height: coverage and coveragestats refused the station,
    terraincoverage put its antenna on the ground; all three now use the default height, with a warning."""
    from osgeo import gdal

    from basestation_mapper.plugin.core.radio import LinkBudget, max_distance_m

    dem, pop_layer, regions, _stations, pop = scene
    village, town = village_and_town(pop)

    def mast(height):
        return station_layer([STATION], crs=EPSG, radius_m=[4000.0], antenna_height_m=[height], name=["mast"])

    # the path loss: BASE_HEIGHT
    fb = Feedback()
    hata = run("coverage", {"STATIONS": station_layer([STATION, STATION], crs=EPSG, antenna_height_m=[0.0, None],
                                                      technology=["3G", "2G"]),
                            "MODEL": "hata", "FREQUENCY": 900, "BASE_HEIGHT": 25.0, "OUTPUT": "memory:"}, fb)
    expected = max_distance_m(LinkBudget(frequency_mhz=900, base_height_m=25.0), 25.0).radius_m
    assert [f["radius_m"] for f in hata["OUTPUT"].getFeatures()] == pytest.approx([expected, expected])
    assert any("antenna_height_m 0, read as not given" in w and "feature 1" in w for w in fb.warnings)
    # the line of sight: OBSERVER_HEIGHT (400 m: over the wall, part of the town is seen)
    stats = {"REGIONS": regions, "REGION_FIELD": "name", "POPULATION": pop_layer, "DEM": dem,
             "OBSERVER_HEIGHT": 400.0, "OUTPUT": "memory:"}
    fb = Feedback()
    zero = rows_by_region(run("coveragestats", {**stats, "STATIONS": mast(0.0)}, fb)["OUTPUT"])["TOTAL"]
    unset = rows_by_region(run("coveragestats", {**stats, "STATIONS": mast(None)})["OUTPUT"])["TOTAL"]
    assert zero["covered_pop"] == pytest.approx(unset["covered_pop"])
    assert village < zero["covered_pop"] < village + town
    assert any("antenna_height_m 0, read as not given" in w for w in fb.warnings)
    counts = {}
    for height in (0.0, None):
        fb = Feedback()
        out = run("terraincoverage", {"STATIONS": mast(height), "DEM": dem, "RADIUS": 4000.0, "OBSERVER_HEIGHT": 400.0,
                                      "OUTPUT": str(tmp_path / f"los_{height}.tif")}, fb)
        ds = gdal.Open(out["OUTPUT"])  # kept while its band is read
        counts[height] = ds.GetRasterBand(1).ReadAsArray()
        assert any("antenna_height_m 0, read as not given" in w for w in fb.warnings) == (height == 0.0)
    assert np.array_equal(counts[0.0], counts[None])
    # the DEM's 25 m grid starts at the scene's corner: cells seen 1 km past the wall
    assert counts[0.0][:, int((WALL[1] - X0) / 25.0) + 40:].max() == 1


def test_bad_dem_is_refused_before_any_output(scene, tmp_path):
    from qgis.core import QgsProcessingException, QgsProject, QgsRasterLayer

    _dem, pop_layer, regions, stations, _pop = scene
    (tmp_path / "no_crs").mkdir()
    no_crs = QgsRasterLayer(wall_dem(tmp_path / "no_crs", crs=None), "dem without crs")
    # owned by the project: a layer left to Python's exit would be destroyed after QGIS
    QgsProject.instance().addMapLayer(no_crs)
    target = tmp_path / "cov.gpkg"
    with pytest.raises(QgsProcessingException, match="no coordinate reference system"):
        run("coverage", {"STATIONS": stations, "DEM": no_crs, "OUTPUT": str(target)})
    assert not target.exists()
    with pytest.raises(QgsProcessingException, match="REFRACTION_K"):
        run("coveragestats", {"STATIONS": stations, "REGIONS": regions, "POPULATION": pop_layer,
                              "DEM": _dem, "REFRACTION_K": 0.0, "OUTPUT": "memory:"})
    # a station far outside the DEM is named and covers nothing
    far = station_layer([STATION, (X0 + 20000.0, Y0 - 3000.0)], crs=EPSG, radius_m=[4000.0, 4000.0],
                        name=["West mast", "Far mast"])
    fb = Feedback()
    rows = rows_by_region(run("coveragestats", {"STATIONS": far, "REGIONS": regions, "POPULATION": pop_layer,
                                                "DEM": _dem, "OUTPUT": "memory:"}, fb)["OUTPUT"])
    assert any("outside DEM" in w and "Far mast" in w for w in fb.warnings)
    assert rows["TOTAL"]["terrain_removed_pop"] == pytest.approx(village_and_town(_pop)[1])



def wait_result(section, timeout=30.0):
    from support.coverage import wait_for_coverage

    last = wait_for_coverage(section, timeout=timeout)
    assert not isinstance(last, Exception), last
    return last


def dock_rows(section):
    header = [section.table.horizontalHeaderItem(c).text() for c in range(section.table.columnCount())]
    return {section.table.item(r, 0).text(): {h: section.table.item(r, c).data(256) for c, h in enumerate(header)}
            for r in range(section.table.rowCount())}


def test_dock_with_a_dem_and_live_edits(scene, plugin):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    from basestation_mapper.plugin.qgis_io.project import find_layer

    dem, pop_layer, regions, stations, pop = scene
    village, town = village_and_town(pop)
    section = plugin.dock.sections["coverage"]
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.region_field.setField("name")
    section.raster_combo.setLayer(pop_layer)
    section.points_combo.setLayer(None)
    section.dem_combo.setLayer(dem)
    section.live_check.setChecked(False)
    try:
        QTest.mouseClick(section.run_button, Qt.MouseButton.LeftButton)
        wait_result(section)
        rows = dock_rows(section)
        assert rows["TOTAL"]["Covered"] == pytest.approx(village)
        assert rows["TOTAL"]["Removed by terrain"] == pytest.approx(town)
        # the people terrain removes are said with their unit, a part of the summary as the km² are
        from basestation_mapper.plugin.core.stats import format_count

        assert section.summary().endswith(f" est. subscribers · terrain removes {format_count(town)} people")
        stats = features(find_layer("Coverage statistics"))
        assert stats[-1]["terrain_removed_pop"] == pytest.approx(town)
        (poly,) = features(find_layer("Coverage per station"))
        assert poly["area_km2"] == pytest.approx(3.025 * 6.0, rel=0.003)
        state = section.state()
        assert state["dem"] == dem.id()
        # live: a mast east of the wall brings the town in; only its viewshed is computed
        section.live_check.setChecked(True)
        wait_result(section)
        cache = section.runner.terrain.cache
        computed = cache.computed
        stations.startEditing()
        f = QgsFeature(stations.fields())
        f["station_id"] = "east"
        f["radius_m"] = 4000.0
        f["antenna_height_m"] = 30.0
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(X0 + 4500.0, STATION[1])))
        stations.addFeature(f)
        wait_result(section)
        rows = dock_rows(section)
        assert rows["TOTAL"]["Covered"] == pytest.approx(village + town)
        assert rows["TOTAL"]["Removed by terrain"] == pytest.approx(0.0)
        assert section.runner.terrain.cache.computed - computed <= 2  # the new mast (for each working CRS)
        stations.rollBack()
        # no DEM: back to open terrain, no terrain column
        section.live_check.setChecked(False)
        section.dem_combo.setLayer(None)
        section.run()
        wait_result(section)
        assert "Removed by terrain" not in dock_rows(section)["TOTAL"]
    finally:
        section.runner.shutdown()


def test_dock_shows_a_dem_input_problem_as_a_message_not_as_a_failure(scene, plugin, message_log):
    """Stations outside the DEM are an input problem (the status line says so), not a failure of the plugin
    pushed to the message bar and logged with its details."""
    from qgis.core import QgsApplication, QgsProject

    dem, _pop_layer, _regions, _stations, _pop = scene
    section = plugin.dock.sections["coverage"]
    far = station_layer([(X0 + 40000.0, Y0 - 3000.0)], crs=EPSG, radius_m=[4000.0])
    QgsProject.instance().addMapLayer(far)
    section.station_combo.setLayer(far)
    section.region_combo.setLayer(None)
    section.dem_combo.setLayer(dem)
    section.live_check.setChecked(False)
    plugin.iface.messageBar().clearWidgets()
    seen = []
    section.runner.failed.connect(seen.append)
    try:
        section.run_button.click()
        start = time.time()
        while not seen:
            QgsApplication.processEvents()
            assert time.time() - start < 30.0, "coverage task did not finish"
            time.sleep(0.01)
        QgsApplication.processEvents()
    finally:
        section.runner.shutdown()
    assert "outside DEM dem" in str(seen[0])
    assert "Coverage not computed" in section.status_label.text() and "outside DEM" in section.status_label.text()
    assert not [m for m, _tag, _level in message_log if "Coverage failed" in m]
    from support.message_bar import bar_messages

    said = [(t, d) for t, d in bar_messages(plugin.iface) if "outside DEM" in t]
    assert len(said) == 1 and said[0][1] and said[0][0].startswith("Coverage not computed"), said


def test_area_covered_without_population_with_a_dem(scene, plugin):
    """No population with a DEM: coveragestats and the dock give the area terrain removes (as a run with the
    population raster measures it), the people columns of terrain NULL; the dock shows the km² columns of terrain
    and its summary says the km² terrain removes."""
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest
    from support.coverage import is_null

    dem, pop_layer, regions, stations, _pop = scene
    params = {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "DEM": dem, "OUTPUT": "memory:"}
    fb = Feedback()
    rows = rows_by_region(run("coveragestats", params, fb)["OUTPUT"])
    counted = rows_by_region(run("coveragestats", {**params, "POPULATION": pop_layer})["OUTPUT"])
    for region in ("all", "TOTAL"):
        row = rows[region]
        for field in ("covered_km2", "covered_km2_no_terrain", "terrain_removed_km2"):
            assert row[field] == pytest.approx(counted[region][field], rel=0.02), field
        assert row["terrain_removed_km2"] > 0
        for field in ("covered_pop_no_terrain", "covered_pop_pct_no_terrain", "terrain_removed_pop"):
            assert is_null(row[field]), field
    assert not any("Terrain removes" in i and "people" in i for i in fb.infos)
    section = plugin.dock.sections["coverage"]
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.region_field.setField("name")
    section.raster_combo.setLayer(None)
    section.points_combo.setLayer(None)
    section.dem_combo.setLayer(dem)
    section.live_check.setChecked(False)
    try:
        QTest.mouseClick(section.run_button, Qt.MouseButton.LeftButton)
        wait_result(section)
        total = dock_rows(section)["TOTAL"]
        assert "Removed by terrain" not in total and "Covered, no terrain" not in total
        assert total["km² removed by terrain"] == pytest.approx(rows["TOTAL"]["terrain_removed_km2"], rel=1e-6)
        assert total["Covered km², no terrain"] == pytest.approx(rows["TOTAL"]["covered_km2_no_terrain"], rel=1e-6)
        removed = f"{rows['TOTAL']['terrain_removed_km2']:,.0f}"
        assert section.summary().endswith(f" · terrain removes {removed} km²")
    finally:
        section.runner.shutdown()
