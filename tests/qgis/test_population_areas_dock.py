"""The dock's Coverage section counting population given as areas (a polygon layer with a people field) chosen in
'or population points/areas': the same table as coveragestats' POPULATION_AREAS, cancel leaving no file."""

from __future__ import annotations

import math
import tempfile

import pytest
from qgis.core import QgsProject
from support.coverage import cancel_dock_run_when, features, polygon_layer, station_layer, wait_for_coverage
from support.population_areas import SIDE, X0, Y0, area_layer, square


@pytest.fixture
def temp_folder(tmp_path, monkeypatch):
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _section(plugin, stations, regions, areas):
    section = plugin.dock.sections["coverage"]
    section.live_check.setChecked(False)
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.region_field.setField("name")
    section.raster_combo.setLayer(None)
    section.points_combo.setLayer(areas)
    return section


def _two_districts(plugin, radius: float, *extra):
    """West (100,000 people) and East (50,000) as districts and regions, a station of ``radius`` m in West's centre,
    added to the project with ``extra`` layers; the Coverage section pointed at them."""
    west, east = square(X0, Y0), square(X0 + 2 * SIDE, Y0)
    areas = area_layer([west, east], [100000, 50000])
    regions = polygon_layer([west, east], crs="EPSG:32652", names=["West", "East"])
    stations = station_layer([(X0 + SIDE / 2, Y0 - SIDE / 2)], crs="EPSG:32652", radius_m=[radius])
    QgsProject.instance().addMapLayers([areas, regions, stations, *extra])
    return areas, regions, stations, _section(plugin, stations, regions, areas)


def test_the_dock_counts_population_areas_as_coveragestats_does(plugin, temp_folder, message_log):
    """The population points list offered point layers only: a layer of districts with their people could not be
    chosen. It offers polygon layers too, under 'or population points/areas', the people field found as for points,
    and the run counts what coveragestats' POPULATION_AREAS counts."""
    import processing
    from qgis.PyQt.QtWidgets import QLabel

    west, east, north = square(X0, Y0), square(X0 + 2 * SIDE, Y0), square(X0, Y0 + 2 * SIDE, 1000)
    areas = area_layer([west, east, north], [100000, 50000, None])
    regions = polygon_layer([west, east], crs="EPSG:32652", names=["West", "East"])
    stations = station_layer([(X0 + SIDE / 2, Y0 - SIDE / 2), (X0 + 3 * SIDE, Y0 - SIDE / 2)], crs="EPSG:32652",
                             radius_m=[8000.0, 3000.0])
    QgsProject.instance().addMapLayers([areas, regions, stations])
    section = _section(plugin, stations, regions, areas)
    try:
        assert section.points_combo.currentLayer() is areas
        assert section.points_field.currentField() == "pop"  # found as a population field
        assert any(label.text() == "or population points/areas" for label in section.findChildren(QLabel))
        result = wait_for_coverage(section, section.run)
        assert not isinstance(result, Exception), result
        _request, _coverage, table, warnings = result
        rows = table.set_index("region")
        # the cell-centre rule on cells of 3000 x 0.7 / 20 = 105 m: within a cell along the borders
        assert rows.loc["West", "population"] == pytest.approx(100000, rel=0.03)
        assert rows.loc["West", "covered_pop"] == pytest.approx(rows.loc["West", "population"], rel=1e-9)
        half_disc = 50000 / SIDE ** 2 * math.pi * 3000.0 ** 2 / 2
        assert rows.loc["East", "covered_pop"] == pytest.approx(half_disc, rel=0.03)
        text = " | ".join(str(w) for w in warnings)
        assert "population areas 'districts': 1 feature without a pop value is not counted: feature 3" in text
        assert [m for m, *_ in message_log if "spread evenly" in m] == [
            "Population areas 'districts': the people of pop were spread evenly over each polygon's area on cells of "
            "105.0 m (EPSG:32652), written once to a temporary GeoTIFF, read for this run and then removed."]
        assert list(temp_folder.iterdir()) == []
        out = processing.run("basestationmapper:coveragestats", {
            "STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "POPULATION_AREAS": areas,
            "POPULATION_AREAS_FIELD": "pop", "RADIUS": None, "OUTPUT": "memory:"})
        same = {row["region"]: row for row in features(out["OUTPUT"])}
        for region in ("West", "East", "TOTAL"):
            for column in ("population", "covered_pop", "covered_pop_min", "covered_pop_max"):
                assert rows.loc[region, column] == pytest.approx(same[region][column], rel=1e-9), (region, column)
        # the report's methods name the areas
        assert "areas of districts (field pop)" in str(section.describe(section.options(), _request.stats)
                                                       ["population"])
    finally:
        section.runner.shutdown()
        QgsProject.instance().removeMapLayers([layer.id() for layer in (areas, regions, stations)])


def test_the_dock_run_canceled_with_the_areas_in_their_temporary_geotiff_leaves_no_file(plugin, temp_folder):
    areas, regions, stations, section = _two_districts(plugin, 200.0)
    results = []
    section.runner.resultReady.connect(lambda *args: results.append(args))
    try:
        # canceled once the run's temporary folder is made: the areas are being spread, then written there (the
        # GeoTIFF itself lives a few milliseconds before the statistics end: waiting for it, the run often ended first)
        cancel_dock_run_when(section, lambda: any(temp_folder.iterdir()), "its temporary folder")
        assert results == [] and section.table_frame is None
        assert list(temp_folder.iterdir()) == []
    finally:
        section.runner.shutdown()
        QgsProject.instance().removeMapLayers([layer.id() for layer in (areas, regions, stations)])


def _people_points(rows):
    """A memory point layer of places (x, y, people) in UTM 52N with a field 'pop'."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    layer = QgsVectorLayer("Point?crs=EPSG:32652", "places", "memory")
    layer.dataProvider().addAttributes([QgsField("pop", QVariant.Type.Int)])
    layer.updateFields()
    feats = []
    for x, y, people in rows:
        feat = QgsFeature(layer.fields())
        feat["pop"] = people
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    return layer


def test_live_follows_edits_of_the_population_areas_and_points(plugin, temp_folder):
    """With Live on, editing the stations recomputed the statistics, editing the population areas or points did
    not: a district's people changed, a district moved or deleted, a place added left the table as it was until
    the next click. Each edit of the layer chosen under 'or population points/areas' recomputes now."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    places = _people_points([(X0 + SIDE / 2, Y0 - SIDE / 2, 700), (X0 + 2.5 * SIDE, Y0 - SIDE / 2, 300)])
    areas, regions, stations, section = _two_districts(plugin, 8000.0, places)
    west = square(X0, Y0)

    def live(edit):
        result = wait_for_coverage(section, edit)
        assert not isinstance(result, Exception), result
        return result[2].set_index("region")

    try:
        rows = wait_for_coverage(section, lambda: section.live_check.setChecked(True))[2].set_index("region")
        assert rows.loc["West", "population"] == pytest.approx(100000, rel=0.03)
        assert areas.startEditing()
        fids = [f.id() for f in areas.getFeatures()]
        rows = live(lambda: areas.changeAttributeValue(fids[0], areas.fields().indexOf("pop"), 200000))
        assert rows.loc["West", "population"] == pytest.approx(200000, rel=0.03)
        # East's district moved onto West: West counts both, East nobody
        rows = live(lambda: areas.changeGeometry(fids[1], QgsGeometry.fromWkt(west)))
        assert rows.loc["West", "population"] == pytest.approx(250000, rel=0.03)
        assert rows.loc["East", "population"] == pytest.approx(0, abs=1)
        rows = live(lambda: areas.deleteFeature(fids[0]))
        assert rows.loc["West", "population"] == pytest.approx(50000, rel=0.03)
        areas.rollBack()
        # population points: a place added is counted at once
        rows = live(lambda: section.points_combo.setLayer(places))
        assert rows.loc["TOTAL", "population"] == 1000
        assert places.startEditing()
        feat = QgsFeature(places.fields())
        feat["pop"] = 25
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(X0 + SIDE / 4, Y0 - SIDE / 4)))
        rows = live(lambda: places.addFeature(feat))
        assert rows.loc["West", "population"] == 725 and rows.loc["West", "covered_pop"] == 725
        places.rollBack()
    finally:
        section.live_check.setChecked(False)
        section.runner.shutdown()
        QgsProject.instance().removeMapLayers([layer.id() for layer in (areas, regions, stations, places)])


def _run_between_edits(section, layer, people: int, unread):
    """The first feature of ``layer`` given ``people`` in the edit buffer, the run asked (``unread(request)``: the
    request has not read the layer), then the feature given 1 (after the run was asked: not this run's); the request
    and the run's result."""
    assert layer.startEditing()
    fid = next(layer.getFeatures()).id()
    pop = layer.fields().indexOf("pop")
    assert layer.changeAttributeValue(fid, pop, people)
    request = section.build_request()
    assert unread(request)
    assert layer.changeAttributeValue(fid, pop, 1)
    result = wait_for_coverage(section, lambda: section.runner.run(request))
    assert not isinstance(result, Exception), result
    return request, result


def test_the_dock_reads_the_population_areas_in_its_task_as_they_were_asked(plugin, temp_folder):
    """The dock read every feature of the population areas on the main thread before its task (a layer of a million
    hexagons held the map for seconds, at every Live edit too). The request now holds a copy of the layer's feature
    source, read in the task: nothing is read when the run is asked, and the run counts the layer as it was then
    (edits not yet saved included), not as an edit made meanwhile has it."""
    areas, regions, stations, section = _two_districts(plugin, 8000.0)
    try:
        request, result = _run_between_edits(
            section, areas, 300000, lambda r: r.population_raster.key is None and r.population_raster.fids == [])
        rows = result[2].set_index("region")
        assert rows.loc["West", "population"] == pytest.approx(300000, rel=0.03)
        assert rows.loc["East", "population"] == pytest.approx(50000, rel=0.03)
        assert request.population_raster.key is not None and len(request.population_raster.fids) == 2
        assert request.stats.raster_path == request.population_raster.key
        areas.rollBack()
    finally:
        section.runner.shutdown()
        QgsProject.instance().removeMapLayers([layer.id() for layer in (areas, regions, stations)])


def test_the_dock_reads_the_population_points_in_its_task_as_they_were_asked(plugin, temp_folder):
    """As the areas and the regions: the population points were read on the main thread before the task (a layer of
    200,000 points held the map for 0.6 s at every run and Live edit). The request holds a copy of the layer's
    feature source, read in the task: the points as they were when the run was asked, what was not counted said."""
    places = _people_points([(X0 + SIDE / 2, Y0 - SIDE / 2, 700), (X0 + 2.5 * SIDE, Y0 - SIDE / 2, 300),
                             (X0 + SIDE / 3, Y0 - SIDE / 3, None)])
    areas, regions, stations, section = _two_districts(plugin, 8000.0, places)
    section.points_combo.setLayer(places)
    section.points_field.setField("pop")
    try:
        request, result = _run_between_edits(section, places, 900, lambda r: r.stats.points is None)
        rows = result[2].set_index("region")
        assert rows.loc["West", "population"] == 900 and rows.loc["East", "population"] == 300
        assert any("1 feature without a pop value is not counted" in w for w in result[3]), result[3]
        from basestation_mapper.plugin.core import methods

        assert request.description["population"] == methods.points_words("places", "pop")  # the report's words
        places.rollBack()
    finally:
        section.runner.shutdown()
        QgsProject.instance().removeMapLayers([layer.id() for layer in (areas, regions, stations, places)])
