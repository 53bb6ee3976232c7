"""A population raster as its layer is set up in QGIS: the dock's statistics and coveragestats count it so.

No data values set on the layer (Layer Properties › Transparency), and the dock's switch for rasters of
people per km².
"""

from __future__ import annotations

import numpy as np
import pytest
from support.coverage import polygon_layer, rows_by_region, station_layer
from support.coverage_terrain import EPSG, STATION, X0, Y0, region_wkt
from support.rasters import write_raster

#: 100 m cells of the 6 x 6 km scene (support.coverage_terrain)
CELL = 100.0
FILL = 65535


def run(alg, params, feedback=None):
    import processing

    return processing.run(f"basestationmapper:{alg}", params, feedback=feedback)


def people_with_fill(path, seed=11):
    """UInt16 people counts of 60 x 60 cells with a 65535 fill (a sea, partly within the station's 2 km) and
    no nodata tag, as some WorldPop/GPW conversions are delivered: (path, people, fill mask)."""
    people = np.random.default_rng(seed).integers(0, 30, (60, 60)).astype(np.uint16)
    fill = np.zeros(people.shape, dtype=bool)
    fill[20:40, 20:30] = True  # within reach of the station
    fill[:, 50:] = True
    people[fill] = FILL
    return write_raster(path, [people], (X0, CELL, 0.0, Y0, 0.0, -CELL), crs=EPSG, dtype="UInt16"), people, fill


def within(radius_m):
    cx = X0 + (np.arange(60) + 0.5) * CELL
    cy = Y0 - (np.arange(60) + 0.5) * CELL
    return np.hypot(cx[None, :] - STATION[0], cy[:, None] - STATION[1]) <= radius_m


def raster_layer(path, name="people"):
    from qgis.core import QgsProject, QgsRasterLayer

    layer = QgsRasterLayer(str(path), name)
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)  # owned by the project (freed before QGIS exits)
    return layer


def set_user_nodata(layer, *ranges):
    from qgis.core import QgsRasterRange

    layer.dataProvider().setUserNoDataValue(1, [QgsRasterRange(lo, hi) for lo, hi in ranges])


def test_nodata_set_on_the_layer_is_not_counted_by_coveragestats(plugin, tmp_path):
    path, people, fill = people_with_fill(tmp_path / "ppp_uint16.tif")
    layer = raster_layer(path)
    params = {"STATIONS": station_layer([STATION], crs=EPSG), "RADIUS": 2000,
              "REGIONS": polygon_layer([region_wkt()], crs=EPSG, names=["all"]), "REGION_FIELD": "name",
              "POPULATION": layer, "OUTPUT": "memory:"}
    set_user_nodata(layer, (FILL, FILL))
    row = rows_by_region(run("coveragestats", params)["OUTPUT"])["TOTAL"]
    counts = people.astype(float)
    assert row["population"] == counts[~fill].sum()
    assert row["covered_pop"] == counts[~fill & within(2000.0)].sum()
    # QGIS's own zonal statistics of the layer agree
    import processing

    zonal = processing.run("native:zonalstatisticsfb", {
        "INPUT": params["REGIONS"], "INPUT_RASTER": layer, "RASTER_BAND": 1, "COLUMN_PREFIX": "z_",
        "STATISTICS": [1], "OUTPUT": "memory:"})["OUTPUT"]
    assert next(zonal.getFeatures())["z_sum"] == row["population"]
    # a range open above (QgsRasterRange with a NaN maximum): everything from 60,000 up
    set_user_nodata(layer, (60000.0, float("nan")))
    assert rows_by_region(run("coveragestats", params)["OUTPUT"])["TOTAL"]["population"] == counts[~fill].sum()


def test_source_nodata_unticked_on_the_layer_counts_those_cells(plugin, tmp_path):
    """A file whose nodata tag names a real count (5): with "No data value" of the source unticked in
    QGIS, its cells are people."""
    people = np.random.default_rng(5).integers(0, 10, (60, 60)).astype(np.float32)
    path = write_raster(tmp_path / "tagged_5.tif", [people], (X0, CELL, 0.0, Y0, 0.0, -CELL), crs=EPSG, nodata=5)
    layer = raster_layer(path)
    params = {"STATIONS": station_layer([STATION], crs=EPSG), "RADIUS": 2000,
              "REGIONS": polygon_layer([region_wkt()], crs=EPSG, names=["all"]), "REGION_FIELD": "name",
              "POPULATION": layer, "OUTPUT": "memory:"}
    assert rows_by_region(run("coveragestats", params)["OUTPUT"])["TOTAL"]["population"] == \
        people[people != 5].sum()
    layer.dataProvider().setUseSourceNoDataValue(1, False)
    assert rows_by_region(run("coveragestats", params)["OUTPUT"])["TOTAL"]["population"] == people.sum()


@pytest.fixture
def dock_scene(plugin):
    section = plugin.dock.sections["coverage"]
    stations = station_layer([STATION], crs=EPSG, radius_m=[2000.0])
    regions = polygon_layer([region_wkt()], crs=EPSG, names=["all"])
    from qgis.core import QgsProject

    QgsProject.instance().addMapLayers([stations, regions])
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.region_field.setField("name")
    section.points_combo.setLayer(None)
    section.live_check.setChecked(False)
    yield section
    section.runner.shutdown()


def dock_total(section, start=None):
    from support.coverage import wait_for_coverage

    out = wait_for_coverage(section, start or section.run)
    assert not isinstance(out, Exception), out
    rows = {section.table.item(r, 0).text(): {
        section.table.horizontalHeaderItem(c).text(): section.table.item(r, c).data(256)
        for c in range(section.table.columnCount())} for r in range(section.table.rowCount())}
    return rows["TOTAL"]


def test_nodata_set_on_the_layer_is_not_counted_by_the_dock(dock_scene, tmp_path):
    section = dock_scene
    path, people, fill = people_with_fill(tmp_path / "ppp_uint16.tif")
    layer = raster_layer(path)
    set_user_nodata(layer, (FILL, FILL))
    section.raster_combo.setLayer(layer)
    counts = people.astype(float)
    total = dock_total(section)
    assert total["Population"] == counts[~fill].sum()
    assert total["Covered"] == pytest.approx(counts[~fill & within(2000.0)].sum())
    # Live: the statistics kept between runs follow a change of the layer's no data values
    section.live_check.setChecked(True)
    dock_total(section, lambda: None)
    set_user_nodata(layer)
    total = dock_total(section, section.run)
    assert total["Population"] == counts.sum()


def test_density_raster_in_the_dock(dock_scene, plugin, tmp_path):
    """A raster of people per km² (250 on 100 m cells: 2.5 people a cell): ticking the dock's box counts it
    so, Live follows the box, and the project keeps it."""
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    section = dock_scene
    density = np.full((60, 60), 250.0, dtype=np.float32)
    layer = raster_layer(write_raster(tmp_path / "kor_pd_2020.tif", [density], (X0, CELL, 0.0, Y0, 0.0, -CELL),
                                      crs=EPSG), "density")
    section.raster_combo.setLayer(layer)
    assert not section.density_check.isChecked() and section.density_check.toolTip()
    total = dock_total(section)
    assert total["Population"] == pytest.approx(250.0 * 3600)  # each value taken as people in its cell
    section.live_check.setChecked(True)
    dock_total(section, lambda: None)
    # Live: a click on the box recomputes, with the values as people per km²
    total = dock_total(section, lambda: QTest.mouseClick(section.density_check, Qt.MouseButton.LeftButton,
                                                         pos=section.density_check.rect().center()))
    assert section.density_check.isChecked()
    assert total["Population"] == pytest.approx(2.5 * 3600)
    assert total["Covered"] == pytest.approx(2.5 * within(2000.0).sum())
    section.live_check.setChecked(False)
    # saved with the project, as the other controls of the dock
    plugin.dock.save_state()
    section.density_check.setChecked(False)
    plugin.dock.restore_state()
    assert section.density_check.isChecked()


def towns_csv(path, rows):
    """A CSV of towns as statistics offices publish them (counts written with thousands separators), loaded as
    QGIS loads it (delimited text, lon/lat): the count column comes as text."""
    from qgis.core import QgsProject, QgsVectorLayer

    lines = ["name,lon,lat,population"] + [f'{name},{lon},{lat},"{value}"' for name, lon, lat, value in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    layer = QgsVectorLayer(f"file://{path}?type=csv&xField=lon&yField=lat&crs=EPSG:4326&detectTypes=yes",
                           "towns", "delimitedtext")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


def test_population_counts_written_with_thousands_separators(plugin, tmp_path):
    towns = towns_csv(tmp_path / "towns.csv", [("A", 127.01, 37.6, "1,234"), ("B", 127.23, 37.6, "12 500"),
                                               ("C", 127.02, 37.61, "980")])
    assert towns.fields().field("population").typeName().lower() in ("text", "string")
    regions = polygon_layer(["POLYGON((126.9 37.5,127.4 37.5,127.4 37.7,126.9 37.7,126.9 37.5))"], names=["Seoul"])
    params = {"STATIONS": station_layer([(127.0, 37.6)]), "RADIUS": 3000, "REGIONS": regions, "REGION_FIELD": "name",
              "POPULATION_POINTS": towns, "POPULATION_FIELD": "population", "OUTPUT": "memory:"}
    total = rows_by_region(run("coveragestats", params)["OUTPUT"])["TOTAL"]
    assert (total["population"], total["covered_pop"]) == (1234 + 12500 + 980, 1234 + 980)
    # the Processing dialog offers that field for POPULATION_FIELD (a list of numeric fields left it out)
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProject
    from qgis.gui import QgsGui, QgsProcessingGui, QgsProcessingParameterWidgetContext

    alg = QgsApplication.processingRegistry().algorithmById("basestationmapper:coveragestats")
    wrapper = QgsGui.processingGuiRegistry().createParameterWidgetWrapper(
        alg.parameterDefinition("POPULATION_FIELD"), QgsProcessingGui.WidgetType.Standard)
    widget_context = QgsProcessingParameterWidgetContext()
    widget_context.setProject(QgsProject.instance())
    wrapper.setWidgetContext(widget_context)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    fields = wrapper.createWrappedWidget(context)
    fields.setLayer(towns)
    assert "population" in [fields.itemText(i) for i in range(fields.count())]
    # a decimal comma is no count (1.5 or 15?): refused, naming the feature and the forms read
    bad = towns_csv(tmp_path / "bad.csv", [("A", 127.01, 37.6, "1,5")])
    with pytest.raises(Exception, match=r"'towns', feature \d+: population = '1,5' is not a number \(counts are read "
                                        r"as 1234, 1,234 or 12 500\)"):
        run("coveragestats", {**params, "POPULATION_POINTS": bad})


def test_dock_says_which_population_it_counts_when_given_both(dock_scene, tmp_path):
    """A population raster left chosen when population points are picked: the raster is counted (as by
    coveragestats given both), and the run says so instead of ignoring the points without a word."""
    from support.coverage import wait_for_coverage

    section = dock_scene
    layer = raster_layer(write_raster(tmp_path / "ppp.tif", [np.full((60, 60), 2.0, dtype=np.float32)],
                                      (X0, CELL, 0.0, Y0, 0.0, -CELL), crs=EPSG), "ppp")
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(EPSG, "EPSG:4326", always_xy=True).transform(*STATION)
    towns = towns_csv(tmp_path / "towns.csv", [("A", lon, lat, "1,234")])
    section.raster_combo.setLayer(layer)
    section.points_combo.setLayer(towns)
    section.points_field.setField("population")
    _request, _result, table, warnings = wait_for_coverage(section, section.run)
    assert table["population"].iloc[-1] == 2.0 * 3600
    assert any("(ppp)" in w and "(towns)" in w and "the raster is counted" in w for w in warnings), warnings
    section.raster_combo.setLayer(None)
    _request, _result, table, warnings = wait_for_coverage(section, section.run)
    assert table["population"].iloc[-1] == 1234
    assert not any("the raster is counted" in w for w in warnings)


def test_an_unmarked_integer_fill_is_named_with_what_to_do(plugin, dock_scene, tmp_path):
    """The 65535 fill of a UInt16 raster left unmarked counts as people (the file says nothing else): coveragestats
    and the dock say so, and how to mark it; marked on the layer, nothing is said."""
    from support.coverage import wait_for_coverage
    from support.processing_feedback import Feedback

    path, _people, _fill = people_with_fill(tmp_path / "ppp_uint16.tif")
    layer = raster_layer(path)
    params = {"STATIONS": station_layer([STATION], crs=EPSG), "RADIUS": 2000,
              "REGIONS": polygon_layer([region_wkt()], crs=EPSG, names=["all"]), "REGION_FIELD": "name",
              "POPULATION": layer, "OUTPUT": "memory:"}
    said = "cells holding 65535, the largest value of its UINT16 type, are read as 65,535 people each"
    for rule in ("centre", "fraction"):
        fb = Feedback()
        run("coveragestats", {**params, "RULE": ["centre", "fraction"].index(rule)}, fb)
        assert any("ppp_uint16.tif" in w and said in w and "Layer Properties › Transparency" in w
                   for w in fb.warnings), (rule, fb.warnings)
    section = dock_scene
    section.raster_combo.setLayer(layer)
    _request, _result, _table, warnings = wait_for_coverage(section, section.run)
    assert any(said in w for w in warnings), warnings
    set_user_nodata(layer, (FILL, FILL))
    fb = Feedback()
    run("coveragestats", params, fb)
    assert not any(said in w for w in fb.warnings)
    _request, _result, _table, warnings = wait_for_coverage(section, section.run)
    assert not any(said in w for w in warnings), warnings


def test_dock_population_field_is_the_one_holding_people(dock_scene):
    """Choosing population points in the dock took the layer's first field, GeoNames' geonameid (millions a
    town), as the people counted; the field holding people is chosen, or none (the run asks for one)."""
    from pyproj import Transformer
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayer
    from support.coverage import wait_for_coverage

    section = dock_scene
    lon, lat = Transformer.from_crs(EPSG, "EPSG:4326", always_xy=True).transform(*STATION)

    def places(name, fields, values):
        layer = QgsVectorLayer("Point?crs=EPSG:4326" + "".join(f"&field={f}" for f in fields), name, "memory")
        f = QgsFeature(layer.fields())
        f.setAttributes(list(values))
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon, lat)))
        layer.dataProvider().addFeatures([f])
        QgsProject.instance().addMapLayer(layer)
        return layer

    geonames = places("geonames", ["geonameid:integer", "name:string", "population:integer"], [1835848, "A", 1200])
    natural_earth = places("ne_places", ["scalerank:integer", "name:string", "pop_min:integer", "pop_max:integer"],
                           [3, "A", 800, 1500])
    plain = places("plain", ["id:integer", "name:string"], [7, "A"])
    section.raster_combo.setLayer(None)
    section.points_combo.setLayer(geonames)
    assert section.points_field.currentField() == "population"
    _request, _result, table, _warnings = wait_for_coverage(section, section.run)
    assert table["population"].iloc[-1] == 1200
    section.points_combo.setLayer(natural_earth)
    assert section.points_field.currentField() == "pop_max"
    section.points_combo.setLayer(plain)
    assert section.points_field.currentField() == ""
    section.run()  # refused before any task starts
    assert "'plain': no population field chosen" in section.status_label.text()
    section.points_field.setField("id")  # chosen on purpose, it is used
    _request, _result, table, _warnings = wait_for_coverage(section, section.run)
    assert table["population"].iloc[-1] == 7


def test_live_follows_the_no_data_values_set_on_the_raster_layer(dock_scene, tmp_path):
    """Live on: marking the fill as no data in Layer Properties (which ends with a repaint of the layer)
    recomputes the statistics; a repaint for the layer's style alone computes nothing."""
    import time

    from qgis.core import QgsApplication, QgsRasterRange
    from support.coverage import wait_for_coverage

    section = dock_scene
    path, people, fill = people_with_fill(tmp_path / "ppp_uint16.tif")
    layer = raster_layer(path)
    section.raster_combo.setLayer(layer)
    section.run()
    dock_total(section, lambda: None)
    section.live_check.setChecked(True)
    dock_total(section, lambda: None)
    started = []
    section.runner.started.connect(lambda: started.append(1))

    def nothing_computed_after_a_repaint():
        layer.triggerRepaint()  # its style changed: nothing counted changes
        begin = time.time()
        while time.time() - begin < 0.8:
            QgsApplication.processEvents()
            time.sleep(0.02)
        assert not started and not section.runner.timer.isActive()

    nothing_computed_after_a_repaint()

    def mark_fill():  # 65535 and above (a range open above: NaN maximum)
        layer.dataProvider().setUserNoDataValue(1, [QgsRasterRange(FILL, float("nan"))])
        layer.triggerRepaint()  # as Layer Properties › Apply does

    _request, _result, table, _warnings = wait_for_coverage(section, mark_fill)
    assert table["population"].iloc[-1] == people[~fill].astype(float).sum()
    started.clear()
    nothing_computed_after_a_repaint()


@pytest.mark.parametrize("name", ["kor_ppp_2020_UNadj.tif", "gpw_v4_population_count_rev11_2020_30_sec.tif",
                                  "GHS_POP_E2020_GLOBE_R2023A_54009_100_V1_0.tif"])
def test_counts_taken_for_a_density_are_named(plugin, dock_scene, tmp_path, name):
    """POPULATION_IS_DENSITY (or the dock's box) ticked on a raster of people per cell multiplied each count by
    its cell's area (0.01 km² here: 100 times too few people) without a word."""
    from support.coverage import wait_for_coverage
    from support.processing_feedback import Feedback

    layer = raster_layer(write_raster(tmp_path / name, [np.full((60, 60), 3.0, dtype=np.float32)],
                                      (X0, CELL, 0.0, Y0, 0.0, -CELL), crs=EPSG), "counts")
    params = {"STATIONS": station_layer([STATION], crs=EPSG), "RADIUS": 2000,
              "REGIONS": polygon_layer([region_wkt()], crs=EPSG, names=["all"]), "REGION_FIELD": "name",
              "POPULATION": layer, "OUTPUT": "memory:"}
    said = "looks like counts of people per cell"
    fb = Feedback()
    run("coveragestats", params, fb)
    assert not any(said in w for w in fb.warnings)
    fb = Feedback()
    run("coveragestats", {**params, "POPULATION_IS_DENSITY": True}, fb)
    assert any(name in w and said in w and "POPULATION_IS_DENSITY" in w for w in fb.warnings), fb.warnings
    section = dock_scene
    section.raster_combo.setLayer(layer)
    section.density_check.setChecked(True)
    _request, _result, _table, warnings = wait_for_coverage(section, section.run)
    assert any(said in w and "'Values are people per km²'" in w for w in warnings), warnings


def test_a_web_map_chosen_as_population_is_named_as_such(plugin, dock_scene):
    """An XYZ basemap picked as the population raster was told to be saved as GeoTIFF first, which would
    count the colours of its picture as people; it is named as a web map holding no counts."""
    from qgis.core import QgsProject, QgsRasterLayer

    osm = QgsRasterLayer("type=xyz&url=https://tile.openstreetmap.org/{z}/{x}/{y}.png&zmax=19&zmin=0",
                         "OpenStreetMap", "wms")
    assert osm.isValid()
    QgsProject.instance().addMapLayer(osm)
    params = {"STATIONS": station_layer([STATION], crs=EPSG), "RADIUS": 2000,
              "REGIONS": polygon_layer([region_wkt()], crs=EPSG, names=["all"]), "REGION_FIELD": "name",
              "POPULATION": osm, "OUTPUT": "memory:"}
    said = r"'OpenStreetMap' is a web map layer \(XYZ/WMS/WMTS\): .* holds no counts of people"
    with pytest.raises(Exception, match=said):
        run("coveragestats", params)
    section = dock_scene
    section.raster_combo.setLayer(osm)
    section.run()
    assert "holds no counts of people" in section.status_label.text()


def test_an_image_chosen_as_population_is_refused(plugin, dock_scene, tmp_path):
    """A colour orthophoto (or a map saved as a picture) chosen as the population raster: its red channel was
    counted as people (0-255 a cell) with only a note that band 1 of 3 is counted; it is refused, naming the file
    and the channel, and no statistics are made."""
    from osgeo import gdal, osr

    path = str(tmp_path / "ortho_rgb.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 60, 60, 3, gdal.GDT_Byte, ["PHOTOMETRIC=RGB"])
    ds.SetGeoTransform((X0, CELL, 0.0, Y0, 0.0, -CELL))
    srs = osr.SpatialReference()
    srs.SetFromUserInput(EPSG)
    ds.SetProjection(srs.ExportToWkt())
    rng = np.random.default_rng(9)
    for k in range(3):
        ds.GetRasterBand(k + 1).WriteArray(rng.integers(0, 256, (60, 60)).astype(np.uint8))
    ds = None
    layer = raster_layer(path, "ortho")
    params = {"STATIONS": station_layer([STATION], crs=EPSG), "RADIUS": 2000,
              "REGIONS": polygon_layer([region_wkt()], crs=EPSG, names=["all"]), "REGION_FIELD": "name",
              "POPULATION": layer, "OUTPUT": "memory:", "OUTPUT_CSV": str(tmp_path / "stats.csv")}
    with pytest.raises(Exception, match=r"ortho_rgb\.tif: band 2 is the green channel of an image, not counts"):
        run("coveragestats", {**params, "POPULATION_BAND": 2})
    assert not (tmp_path / "stats.csv").exists()
    section = dock_scene
    section.raster_combo.setLayer(layer)
    from support.coverage import wait_for_coverage

    failure = wait_for_coverage(section, section.run)
    assert isinstance(failure, Exception) and "band 1 is the red channel of an image" in str(failure)
    assert section.table.rowCount() == 0
