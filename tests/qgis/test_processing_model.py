"""The algorithms chained in a graphical model (QgsProcessingModelAlgorithm), as the modeler builds it:
import the sample stations, coverage of what was imported, statistics per province, the table to CSV."""

from __future__ import annotations

import csv
from pathlib import Path

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
