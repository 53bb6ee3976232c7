"""The algorithms chained in a graphical model (QgsProcessingModelAlgorithm), as the modeler builds it:
import the sample stations, coverage of what was imported, statistics per province, the table to CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterFile,
    QgsVectorLayer,
)
from support import qgis_process
from support.processing_model import model_output

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"


def _child(alg_id: str, child_id: str, static: dict, from_children: dict | None = None,
           from_model: dict | None = None) -> QgsProcessingModelChildAlgorithm:
    child = QgsProcessingModelChildAlgorithm(alg_id)
    child.setChildId(child_id)
    # as the modeler does: every input starts from its default value
    for param in QgsApplication.processingRegistry().algorithmById(alg_id).parameterDefinitions():
        if not param.isDestination():
            child.addParameterSources(param.name(),
                                      [QgsProcessingModelChildParameterSource.fromStaticValue(param.defaultValue())])
    for name, value in static.items():
        child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromStaticValue(value)])
    for name, (source_child, output) in (from_children or {}).items():
        child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromChildOutput(source_child, output)])
    for name, model_param in (from_model or {}).items():
        child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromModelParameter(model_param)])
    return child


def _model() -> QgsProcessingModelAlgorithm:
    model = QgsProcessingModelAlgorithm("network from a station file", "Base Station Mapper tests")
    model.addModelParameter(QgsProcessingParameterFile("stations_file", "Station file"),
                            QgsProcessingModelParameter("stations_file"))
    imp = _child("basestationmapper:importstations", "import", {}, from_model={"INPUT": "stations_file"})
    cov = _child("basestationmapper:coverage", "coverage", {"RADIUS": 4000}, {"STATIONS": ("import", "OUTPUT")})
    stats = _child("basestationmapper:coveragestats", "stats",
                   {"RADIUS": 4000, "REGIONS": str(SAMPLE / "provinces_naturalearth.geojson"), "REGION_FIELD": "name",
                    "POPULATION_POINTS": str(SAMPLE / "places_geonames.geojson"), "POPULATION_FIELD": "population"},
                   {"STATIONS": ("import", "OUTPUT")})
    table = _child("basestationmapper:exporttable", "table", {}, {"INPUT": ("stats", "OUTPUT")})
    coverage_out = QgsProcessingModelOutput("coverage polygons")
    coverage_out.setChildOutputName("OUTPUT")
    coverage_out.setChildId("coverage")
    cov.setModelOutputs({"coverage polygons": coverage_out})
    table_out = QgsProcessingModelOutput("statistics csv")
    table_out.setChildOutputName("OUTPUT")
    table_out.setChildId("table")
    table.setModelOutputs({"statistics csv": table_out})
    for child in (imp, cov, stats, table):
        model.addChildAlgorithm(child)
    return model


def test_model_chains_import_coverage_statistics_export(provider, tmp_path):
    import processing

    model = _model()
    model.updateDestinationParameters()
    ok, errors = model.validate()
    assert ok, errors
    # the model's outputs are named <child>:<output name>, as the modeler names them
    names = {p.name() for p in model.parameterDefinitions()}
    assert {"stations_file", "coverage:coverage polygons", "table:statistics csv"} <= names, names
    csv_path = tmp_path / "stats.csv"
    cov_path = tmp_path / "coverage.gpkg"
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    result = processing.run(model, {"stations_file": str(SAMPLE / "stations_illustrative.csv"),
                                    "coverage:coverage polygons": str(cov_path),
                                    "table:statistics csv": str(csv_path)}, context=context, feedback=feedback)
    with open(SAMPLE / "stations_illustrative.csv", encoding="utf-8-sig", newline="") as handle:
        n_stations = sum(1 for _ in csv.DictReader(handle))
    coverage = QgsVectorLayer(str(result["coverage:coverage polygons"]), "coverage")
    assert coverage.isValid() and coverage.featureCount() == n_stations
    with open(result["table:statistics csv"], encoding="utf-8-sig", newline="") as handle:
        rows = {r["region"]: r for r in csv.DictReader(handle)}
    assert "TOTAL" in rows and "P'yŏngyang" in rows
    assert int(rows["TOTAL"]["stations"]) == n_stations
    assert 0 < float(rows["TOTAL"]["covered_pop"]) <= float(rows["TOTAL"]["population"])


def _network_model() -> QgsProcessingModelAlgorithm:
    """coverage twice (a preset radius and Okumura-Hata given by its number), every kind of output fed on:
    vector layers to exportlayers, the count raster to exportraster, the statistics table to exporttable,
    the imported stations to evaluatedetections (whose numbers are results)."""
    from qgis.core import QgsProcessing, QgsProcessingParameterVectorLayer

    model = QgsProcessingModelAlgorithm("network outputs", "Base Station Mapper tests")
    model.addModelParameter(QgsProcessingParameterFile("stations_file", "Station file"),
                            QgsProcessingModelParameter("stations_file"))
    model.addModelParameter(QgsProcessingParameterVectorLayer(
        "regions", "Regions", [QgsProcessing.SourceType.TypeVectorPolygon]), QgsProcessingModelParameter("regions"))
    imp = _child("basestationmapper:importstations", "import", {}, from_model={"INPUT": "stations_file"})
    preset = _child("basestationmapper:coverage", "preset", {"RADIUS": 4000}, {"STATIONS": ("import", "OUTPUT")})
    hata = _child("basestationmapper:coverage", "hata", {"MODEL": 1, "RADIUS": None},
                  {"STATIONS": ("import", "OUTPUT")})
    stats = _child("basestationmapper:coveragestats", "stats",
                   {"RADIUS": 4000, "REGION_FIELD": "name", "RULE": "fraction",
                    "POPULATION_POINTS": str(SAMPLE / "places_geonames.geojson"), "POPULATION_FIELD": "population"},
                   {"STATIONS": ("import", "OUTPUT")}, {"REGIONS": "regions"})
    layers = _child("basestationmapper:exportlayers", "layers", {})
    layers.addParameterSources("LAYERS", [QgsProcessingModelChildParameterSource.fromChildOutput(c, o) for c, o in
                                          (("import", "OUTPUT"), ("preset", "OUTPUT"), ("hata", "OUTPUT"),
                                           ("hata", "OUTPUT_DISSOLVED"))])
    raster = _child("basestationmapper:exportraster", "raster", {}, {"INPUT": ("preset", "OUTPUT_RASTER")})
    table = _child("basestationmapper:exporttable", "table", {}, {"INPUT": ("stats", "OUTPUT")})
    scores = _child("basestationmapper:evaluatedetections", "scores", {},
                    {"DETECTIONS": ("import", "OUTPUT"), "REFERENCE": ("import", "OUTPUT")})
    model_output(layers, "network", "OUTPUT")
    model_output(raster, "overlap raster", "OUTPUT")
    model_output(table, "statistics", "OUTPUT")
    model_output(scores, "scores", "OUTPUT")
    for child in (imp, preset, hata, stats, layers, raster, table, scores):
        model.addChildAlgorithm(child)
    model.updateDestinationParameters()
    return model


def _check_network_outputs(network, raster, table, n_stations: int) -> None:
    from osgeo import gdal, ogr

    ds = ogr.Open(str(network))
    counts = {ds.GetLayer(i).GetName(): ds.GetLayer(i).GetFeatureCount() for i in range(ds.GetLayerCount())}
    models = {ds.GetLayer(i).GetName(): {f.GetField("model") for f in ds.GetLayer(i)}
              for i in range(ds.GetLayerCount()) if ds.GetLayer(i).FindFieldIndex("model", True) >= 0}
    ds = None
    assert sorted(counts.values()) == sorted([n_stations, n_stations, n_stations, counts["Dissolved coverage"]])
    assert sorted(models.values(), key=sorted) == [{"hata"}, {"preset"}]  # the same algorithm, two set-ups
    assert gdal.Open(str(raster)).GetRasterBand(1).DataType == gdal.GDT_Byte
    with open(table, encoding="utf-8-sig", newline="") as handle:
        rows = {r["region"]: r for r in csv.DictReader(handle)}
    assert int(rows["TOTAL"]["stations"]) == n_stations and float(rows["TOTAL"]["covered_pop"]) > 0


def _n_sample_stations() -> int:
    with open(SAMPLE / "stations_illustrative.csv", encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def test_model_runs_an_algorithm_twice_and_feeds_every_output_on(provider, tmp_path):
    import processing

    model = _network_model()
    params = {"stations_file": str(SAMPLE / "stations_illustrative.csv"),
              "regions": str(SAMPLE / "provinces_naturalearth.geojson"),
              "layers:network": str(tmp_path / "network.gpkg"), "raster:overlap raster": str(tmp_path / "count.tif"),
              "table:statistics": str(tmp_path / "stats.csv"), "scores:scores": "TEMPORARY_OUTPUT"}
    first = processing.run(model, params)
    _check_network_outputs(first["layers:network"], first["raster:overlap raster"], first["table:statistics"],
                           _n_sample_stations())
    scores = first["scores:scores"]
    scores = scores if isinstance(scores, QgsVectorLayer) else QgsVectorLayer(scores)
    assert scores.isValid() and scores.featureCount() > 0
    # the same model again in the same process: the same numbers
    again = processing.run(model, {**params, "layers:network": str(tmp_path / "network2.gpkg"),
                                   "raster:overlap raster": str(tmp_path / "count2.tif"),
                                   "table:statistics": str(tmp_path / "stats2.csv")})
    with open(first["table:statistics"], encoding="utf-8-sig") as one, \
            open(again["table:statistics"], encoding="utf-8-sig") as two:
        assert one.read() == two.read()


@pytest.mark.skipif(qgis_process.executable() is None, reason="qgis_process is not installed")
def test_model_file_runs_with_qgis_process(provider, repo_root, tmp_path):
    """The model saved as a .model3 file, run by qgis_process with the plugin enabled in a profile."""
    path = tmp_path / "network.model3"
    assert _network_model().toFile(str(path))
    env = qgis_process.profile_env(tmp_path, repo_root, enable_with_command=True)
    out = qgis_process.run_json(env, str(path), {
        "stations_file": SAMPLE / "stations_illustrative.csv", "regions": SAMPLE / "provinces_naturalearth.geojson",
        "layers:network": tmp_path / "network.gpkg", "raster:overlap raster": "count.tif",
        "table:statistics": tmp_path / "stats.csv", "scores:scores": "TEMPORARY_OUTPUT"}, cwd=tmp_path)
    results = out["results"]
    _check_network_outputs(results["layers:network"], tmp_path / results["raster:overlap raster"],
                           results["table:statistics"], _n_sample_stations())
