"""Population given as areas (polygons with a people count): basestationmapper:populationfromareas writes the
GeoTIFF of people per cell, coveragestats' POPULATION_AREAS counts it as that raster, and a model chains both."""

from __future__ import annotations

import math
import tempfile

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsProject, QgsRasterLayer, QgsVectorLayer
from support.coverage import features, polygon_layer, station_layer
from support.population_areas import SIDE, X0, Y0, area_layer, square
from support.processing_feedback import CancelWhileWriting, Feedback

pytestmark = pytest.mark.usefixtures("provider")

def _scene():
    """West (100,000 people) and East (50,000), 10 km squares 10 km apart; a station covering West whole (8 km,
    beyond its corners at 7.07 km) and one on East's eastern edge whose disc of 3 km covers half a disc of East."""
    west, east = square(X0, Y0), square(X0 + 2 * SIDE, Y0)
    areas = area_layer([west, east], [100000, 50000])
    regions = polygon_layer([west, east], crs="EPSG:32652", names=["West", "East"])
    stations = station_layer([(X0 + SIDE / 2, Y0 - SIDE / 2), (X0 + 3 * SIDE, Y0 - SIDE / 2)], crs="EPSG:32652",
                             radius_m=[8000.0, 3000.0])
    return areas, regions, stations


def _run(alg, params, feedback=None):
    import processing

    return processing.run(f"basestationmapper:{alg}", params, feedback=feedback)


@pytest.fixture
def temp_folder(tmp_path, monkeypatch):
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _read(path):
    from osgeo import gdal, osr

    ds = gdal.Open(str(path))
    values = ds.GetRasterBand(1).ReadAsArray()
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    out = (values, ds.GetGeoTransform(), srs.GetAuthorityCode(None))
    ds = None
    return out


def test_populationfromareas_spreads_each_polygons_people_over_its_cells(tmp_path):
    areas, _regions, _stations = _scene()
    feedback = Feedback()
    out = _run("populationfromareas", {"INPUT": areas, "FIELD": "pop", "CELL_SIZE": 100,
                                       "OUTPUT": str(tmp_path / "people.tif")}, feedback)
    values, gt, epsg = _read(out["OUTPUT"])
    assert epsg == "32652"  # the UTM zone of the layer's centre
    assert gt == (X0, 100.0, 0.0, Y0, 0.0, -100.0) and values.shape == (100, 300)
    assert values.sum() == pytest.approx(150000, rel=1e-12)
    np.testing.assert_allclose(values[:, :100], 10.0)  # 100,000 people over 10,000 cells
    np.testing.assert_allclose(values[:, 100:200], 0.0)
    np.testing.assert_allclose(values[:, 200:], 5.0)
    assert out["PEOPLE"] == pytest.approx(150000) and out["CELL_SIZE_M"] == 100
    assert any("150,000 people of 2 features spread over 300 x 100 cells of 100.00 m (EPSG:32652)" in i
               for i in feedback.infos), feedback.infos
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.tif"]


def test_populationfromareas_in_degrees_guesses_the_field_and_takes_a_crs(tmp_path):
    # a 0.1° square at 38°N, 127°E (UTM 52N) with its people in a text field, the field guessed
    layer = area_layer(["POLYGON((127 38.1,127.1 38.1,127.1 38,127 38,127 38.1))"], ["12,500"], crs="EPSG:4326")
    feedback = Feedback()
    out = _run("populationfromareas", {"INPUT": layer, "OUTPUT": str(tmp_path / "a.tif")}, feedback)
    values, gt, epsg = _read(out["OUTPUT"])
    assert epsg == "32652" and values.sum() == pytest.approx(12500, rel=1e-9)
    assert any("FIELD not given: the people of pop are spread" in i for i in feedback.infos)
    # a 0.1° square is about 8.8 x 11.1 km: its first quartile's side / 10, at most 100 m
    assert out["CELL_SIZE_M"] == pytest.approx(100.0)
    out = _run("populationfromareas", {"INPUT": layer, "FIELD": "pop", "CRS": "EPSG:32651", "CELL_SIZE": 250,
                                       "OUTPUT": str(tmp_path / "b.tif")})
    values, gt, epsg = _read(out["OUTPUT"])
    assert epsg == "32651" and gt[1] == 250 and values.sum() == pytest.approx(12500, rel=1e-9)
    with pytest.raises(QgsProcessingException, match="EPSG:4326 is a geographic CRS"):
        _run("populationfromareas", {"INPUT": layer, "FIELD": "pop", "CRS": "EPSG:4326",
                                     "OUTPUT": str(tmp_path / "c.tif")})
    assert not (tmp_path / "c.tif").exists()


def test_populationfromareas_names_bad_counts_and_lists_what_it_leaves_out(tmp_path):
    wkts = [square(X0, Y0, 1000), square(X0 + 1000, Y0, 1000), None, square(X0 + 3000, Y0, 1000)]
    bad = area_layer(wkts, ["100", "200", "5", "lots"], kind="str")
    with pytest.raises(QgsProcessingException,
                       match=r"population areas 'districts', feature 4: pop = 'lots' is not a number"):
        _run("populationfromareas", {"INPUT": bad, "FIELD": "pop", "OUTPUT": str(tmp_path / "bad.tif")})
    assert list(tmp_path.iterdir()) == []
    layer = area_layer(wkts, [100, None, 5, 300])
    feedback = Feedback()
    out = _run("populationfromareas", {"INPUT": layer, "FIELD": "pop", "CELL_SIZE": 50,
                                       "OUTPUT": str(tmp_path / "ok.tif")}, feedback)
    assert out["PEOPLE"] == pytest.approx(400)
    assert _read(out["OUTPUT"])[0].sum() == pytest.approx(400)
    text = " | ".join(feedback.warnings)
    assert "1 feature without a pop value is not counted: feature 2" in text
    assert "1 feature has no area (no polygon, or an empty or flat one): its 5 people are not counted: feature 3" \
        in text


def test_populationfromareas_canceled_while_writing_leaves_nothing(tmp_path):
    layer = area_layer([square(X0, Y0, 20000)], [1000])
    out = tmp_path / "out"
    out.mkdir()
    feedback = CancelWhileWriting(out)
    result = _run("populationfromareas", {"INPUT": layer, "FIELD": "pop", "CELL_SIZE": 10,
                                          "OUTPUT": str(out / "people.tif")}, feedback)
    assert feedback.seen_file and result == {} and "Canceled: nothing was written." in feedback.errors
    assert list(out.iterdir()) == []


def test_coveragestats_counts_population_areas_as_hand_computation_and_as_their_raster(tmp_path, temp_folder):
    areas, regions, stations = _scene()
    QgsProject.instance().addMapLayers([areas, regions, stations])
    try:
        feedback = Feedback()
        out = _run("coveragestats", {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name",
                                     "POPULATION_AREAS": areas, "POPULATION_AREAS_FIELD": "pop", "RESOLUTION": 100,
                                     "OUTPUT": "memory:"}, feedback)
        rows = {row["region"]: row for row in features(out["OUTPUT"])}
        assert rows["West"]["population"] == pytest.approx(100000, rel=1e-9)
        assert rows["East"]["population"] == pytest.approx(50000, rel=1e-9)
        assert rows["West"]["covered_pop"] == pytest.approx(100000, rel=1e-9)  # covered whole
        half_disc = 50000 / SIDE ** 2 * math.pi * 3000.0 ** 2 / 2  # 7,069 people
        assert rows["East"]["covered_pop"] == pytest.approx(half_disc, rel=0.02)
        assert any("Population areas 'districts': the people of pop were spread evenly over each polygon's area on "
                   "cells of 100.0 m (EPSG:32652)" in i for i in feedback.infos), feedback.infos
        assert not any("population.tif" in w for w in feedback.warnings), feedback.warnings
        assert list(temp_folder.iterdir()) == []
        # the same table from the raster populationfromareas writes
        raster = _run("populationfromareas", {"INPUT": areas, "FIELD": "pop", "CELL_SIZE": 100,
                                              "OUTPUT": str(tmp_path / "people.tif")})["OUTPUT"]
        layer = QgsRasterLayer(raster, "people")
        out = _run("coveragestats", {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name",
                                     "POPULATION": layer, "OUTPUT": "memory:"})
        same = {row["region"]: row for row in features(out["OUTPUT"])}
        for region in ("West", "East", "TOTAL"):
            for column in ("population", "covered_pop", "covered_pop_min", "covered_pop_max", "covered_km2"):
                assert rows[region][column] == pytest.approx(same[region][column], rel=1e-9), (region, column)
    finally:
        QgsProject.instance().removeMapLayers([layer.id() for layer in (areas, regions, stations)])


def test_coveragestats_refuses_several_population_sources_and_cancels_cleanly(tmp_path, temp_folder):
    areas, regions, stations = _scene()
    points = station_layer([(X0 + 100, Y0 - 100)], crs="EPSG:32652")
    with pytest.raises(QgsProcessingException, match="POPULATION_AREAS is given with POPULATION_POINTS: give one "
                                                     "population source"):
        _run("coveragestats", {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name",
                               "POPULATION_AREAS": areas, "POPULATION_AREAS_FIELD": "pop",
                               "POPULATION_POINTS": points, "POPULATION_FIELD": "radius_m", "OUTPUT": "memory:"})
    out = tmp_path / "out"
    out.mkdir()
    feedback = CancelWhileWriting(temp_folder)
    result = _run("coveragestats", {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name",
                                    "POPULATION_AREAS": areas, "POPULATION_AREAS_FIELD": "pop", "RESOLUTION": 10,
                                    "OUTPUT": str(out / "stats.gpkg")}, feedback)
    assert feedback.seen_file and result == {} and "Canceled: nothing was written." in feedback.errors
    assert list(temp_folder.iterdir()) == [] and list(out.iterdir()) == []


def _child(alg_id, child_id, static, from_children=None):
    """A child algorithm as the modeler adds it: every input from its default, then the values given."""
    from qgis.core import QgsApplication, QgsProcessingModelChildAlgorithm, QgsProcessingModelChildParameterSource

    child = QgsProcessingModelChildAlgorithm(alg_id)
    child.setChildId(child_id)
    for param in QgsApplication.processingRegistry().algorithmById(alg_id).parameterDefinitions():
        if not param.isDestination():
            child.addParameterSources(param.name(),
                                      [QgsProcessingModelChildParameterSource.fromStaticValue(param.defaultValue())])
    for name, value in static.items():
        child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromStaticValue(value)])
    for name, (source_child, output) in (from_children or {}).items():
        child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromChildOutput(source_child, output)])
    return child


def test_model_feeds_populationfromareas_to_coveragestats(tmp_path):
    import processing
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelOutput,
        QgsVectorFileWriter,
    )

    areas, regions, stations = _scene()
    paths = {}
    for name, layer in (("areas", areas), ("regions", regions), ("stations", stations)):
        path = str(tmp_path / f"{name}.gpkg")
        options = QgsVectorFileWriter.SaveVectorOptions()
        QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, QgsProject.instance().transformContext(), options)
        paths[name] = path
    model = QgsProcessingModelAlgorithm("people from districts", "Base Station Mapper tests")
    grid = _child("basestationmapper:populationfromareas", "grid",
                  {"INPUT": paths["areas"], "FIELD": "pop", "CELL_SIZE": 100})
    stats = _child("basestationmapper:coveragestats", "stats",
                   {"STATIONS": paths["stations"], "REGIONS": paths["regions"], "REGION_FIELD": "name"},
                   {"POPULATION": ("grid", "OUTPUT")})
    output = QgsProcessingModelOutput("statistics")
    output.setChildOutputName("OUTPUT")
    output.setChildId("stats")
    stats.setModelOutputs({"statistics": output})
    for child in (grid, stats):
        model.addChildAlgorithm(child)
    model.updateDestinationParameters()
    ok, errors = model.validate()
    assert ok, errors
    result = processing.run(model, {"stats:statistics": str(tmp_path / "stats.gpkg")},
                            context=QgsProcessingContext())
    table = QgsVectorLayer(str(result["stats:statistics"]), "stats")
    rows = {row["region"]: row for row in features(table)}
    assert rows["TOTAL"]["population"] == pytest.approx(150000, rel=1e-9)
    assert rows["West"]["covered_pop"] == pytest.approx(100000, rel=1e-9)


def test_population_areas_messages_in_korean(korean_plugin, tmp_path):
    """A bad count and the features left out are said in Korean in a Korean QGIS, the values filled."""
    wkts = [square(X0, Y0, 1000), None, square(X0 + 3000, Y0, 1000)]
    bad = area_layer(wkts, ["100", "5", "lots"], kind="str")
    with pytest.raises(QgsProcessingException) as error:
        _run("populationfromareas", {"INPUT": bad, "FIELD": "pop", "OUTPUT": str(tmp_path / "bad.tif")})
    assert "인구 구역 'districts', 피처 3: pop = 'lots'은(는) 숫자가 아닙니다" in str(error.value)
    feedback = Feedback()
    _run("populationfromareas", {"INPUT": area_layer(wkts, [100, 5, 300]), "FIELD": "pop", "CELL_SIZE": 50,
                                 "OUTPUT": str(tmp_path / "ok.tif")}, feedback)
    assert any("인구 구역 'districts': 피처 1개에 면적이 없어" in w and "인구 5명은 집계되지 않습니다: 피처 2" in w
               for w in feedback.warnings), feedback.warnings


def test_populationfromareas_writes_geotiff_only(tmp_path):
    """A destination of another raster format (people.asc) got a GeoTIFF under that name; it is refused, and a
    temporary output is a GeoTIFF."""
    layer = area_layer([square(X0, Y0, 1000)], [10])
    with pytest.raises(QgsProcessingException, match=r"is written as a GeoTIFF: give a name ending in \.tif"):
        _run("populationfromareas", {"INPUT": layer, "FIELD": "pop", "OUTPUT": str(tmp_path / "people.asc")})
    assert list(tmp_path.iterdir()) == []
    out = _run("populationfromareas", {"INPUT": layer, "FIELD": "pop", "OUTPUT": "TEMPORARY_OUTPUT"})
    assert out["OUTPUT"].endswith(".tif") and _read(out["OUTPUT"])[0].sum() == pytest.approx(10)
