"""The algorithms as scripts call them: enum parameters given by an option's name or its number,
layers given as 'file.gpkg|layername=x' or as a CSV with X/Y columns, outputs declared as returned."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer
from support import qgis_process
from support.coverage_terrain import STATION, wall_dem
from support.export_layers import places_layer, regions_layer, station_layer


def _run(alg_id, params):
    import processing

    return processing.run(f"basestationmapper:{alg_id}", params)


def _values(layer, field):
    return sorted(f[field] for f in layer.getFeatures())


def _utm_station(tmp_path):
    """One station at the terrain scene's mast, as a CSV of UTM 52N x/y."""
    path = tmp_path / "mast.csv"
    path.write_text(f"name,x,y\nmast,{STATION[0]},{STATION[1]}\n", encoding="utf-8")
    uri = f"file://{path}?type=csv&xField=x&yField=y&crs=EPSG:32652"
    layer = QgsVectorLayer(uri, "mast", "delimitedtext")
    assert layer.isValid() and layer.featureCount() == 1
    return layer


def test_enums_of_names_take_an_option_number(provider):
    stations = station_layer(6)
    by_name = _run("coverage", {"STATIONS": stations, "MODEL": "hata", "ENVIRONMENT": "open",
                                "DISSOLVE_BY": "operator", "OUTPUT": "TEMPORARY_OUTPUT",
                                "OUTPUT_DISSOLVED": "TEMPORARY_OUTPUT"})
    for model, environment, dissolve in ((1, 2, 1), ("1", "2", "1")):
        by_number = _run("coverage", {"STATIONS": stations, "MODEL": model, "ENVIRONMENT": environment,
                                      "DISSOLVE_BY": dissolve, "OUTPUT": "TEMPORARY_OUTPUT",
                                      "OUTPUT_DISSOLVED": "TEMPORARY_OUTPUT"})
        assert _values(by_number["OUTPUT"], "model") == ["hata"] * 6
        assert _values(by_number["OUTPUT"], "radius_m") == _values(by_name["OUTPUT"], "radius_m")
        assert _values(by_number["OUTPUT_DISSOLVED"], "group") == _values(by_name["OUTPUT_DISSOLVED"], "group")
    # a number past the options is refused before anything runs
    with pytest.raises(QgsProcessingException, match="MODEL"):
        _run("coverage", {"STATIONS": stations, "MODEL": 7, "OUTPUT": "TEMPORARY_OUTPUT"})


def test_enums_of_numbers_take_an_option_name(provider, tmp_path):
    csv = tmp_path / "towers.csv"
    csv.write_text("lon,lat,name\n125.7,39.0,a\n125.8,39.05,b\n", encoding="utf-8")
    for status in ("confirmed", "Rejected", 1):
        imported = _run("importstations", {"INPUT": str(csv), "STATUS": status, "OUTPUT": "TEMPORARY_OUTPUT"})
        assert _values(imported["OUTPUT"], "status") == [str(status).lower() if status != 1 else "confirmed"] * 2

    dem = wall_dem(tmp_path)
    mast = _utm_station(tmp_path)
    counts = []
    for unit in ("foot", 1, "us_foot"):
        out = tmp_path / f"visible_{unit}.tif"
        result = _run("terraincoverage", {"STATIONS": mast, "DEM": dem, "RADIUS": 3000, "VERTICAL_UNIT": unit,
                                          "OUTPUT": str(out)})
        from osgeo import gdal

        counts.append(int(np.count_nonzero(gdal.Open(result["OUTPUT"]).ReadAsArray() == 1)))
    assert counts[0] == counts[1] > 0  # 'foot' and 1 are one option


def test_coveragestats_rule_and_terrain_unit_by_either_form(provider, tmp_path):
    stations, regions, places = station_layer(6), regions_layer(), places_layer()
    rows = []
    for rule, unit in (("fraction", "metre"), (1, 0)):
        result = _run("coveragestats", {"STATIONS": stations, "RADIUS": 3000, "REGIONS": regions,
                                        "REGION_FIELD": "name", "POPULATION_POINTS": places,
                                        "POPULATION_FIELD": "population", "RULE": rule, "VERTICAL_UNIT": unit,
                                        "OUTPUT": "TEMPORARY_OUTPUT"})
        rows.append({f["region"]: f["covered_pop"] for f in result["OUTPUT"].getFeatures()})
    assert rows[0] == rows[1] and rows[0]["TOTAL"] > 0


def test_report_passes_a_model_name_to_the_coverage_it_computes(provider, tmp_path):
    params = {"STATIONS": station_layer(6), "REGIONS": regions_layer(), "REGION_FIELD": "name",
              "POPULATION_POINTS": places_layer(), "POPULATION_FIELD": "population"}
    result = _run("report", {**params, "MODEL": "hata", "OUTPUT_PDF": str(tmp_path / "hata.pdf")})
    assert result["PAGES"] == 2 and (tmp_path / "hata.pdf").stat().st_size > 0
    with pytest.raises(QgsProcessingException, match="MODEL: 'okumura' is not one of"):
        _run("report", {**params, "MODEL": "okumura", "OUTPUT_PDF": str(tmp_path / "bad.pdf")})
    assert not (tmp_path / "bad.pdf").exists()


def test_merge_reads_a_csv_layer_whose_xy_columns_are_lon_lat(provider, tmp_path):
    """A delimited-text layer keeps its X/Y columns as fields: the geometry gives the position."""
    rng = np.random.default_rng(11)
    lons, lats = rng.uniform(125.6, 125.9, 5), rng.uniform(38.95, 39.15, 5)
    path = tmp_path / "towers.csv"
    path.write_text("lon,lat,name,technology\n" + "".join(
        f"{x:.6f},{y:.6f},t{i},3G\n" for i, (x, y) in enumerate(zip(lons, lats))), encoding="utf-8")
    csv_layer = QgsVectorLayer(f"file://{path}?type=csv&xField=lon&yField=lat&crs=EPSG:4326", "towers",
                               "delimitedtext")
    assert csv_layer.isValid() and [f.name() for f in csv_layer.fields()][:2] == ["lon", "lat"]
    other = station_layer(4)
    result = _run("mergestations", {"INPUT": [csv_layer, other], "DISTANCE": 50, "OUTPUT": "TEMPORARY_OUTPUT"})
    merged = result["OUTPUT"]
    assert merged.featureCount() == 9
    towers = {f["name"]: f.geometry().asPoint() for f in merged.getFeatures() if f["source"] == "towers"}
    assert sorted(towers) == [f"t{i}" for i in range(5)]
    for i, (x, y) in enumerate(zip(lons, lats)):
        assert towers[f"t{i}"].x() == pytest.approx(x, abs=1e-6) and towers[f"t{i}"].y() == pytest.approx(y, abs=1e-6)


def _geopackage(path, layers: dict, crs: str | None = None) -> str:
    """Write memory layers into one GeoPackage, each under its key (reprojected to ``crs`` if given)."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsCoordinateTransformContext,
        QgsProject,
        QgsVectorFileWriter,
    )

    for i, (name, layer) in enumerate(layers.items()):
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName, options.layerName = "GPKG", name
        if crs:
            options.ct = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem(crs), QgsProject.instance())
        if i:
            options.actionOnExistingFile = QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
        error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsCoordinateTransformContext(), options)
        assert error[0] == QgsVectorFileWriter.WriterError.NoError, error
    return str(path)


def test_layers_given_by_path_keep_their_own_names(provider, tmp_path):
    """Processing names 'data.gpkg|layername=towers' after its file ('data') and a delimited-text URI not
    at all: the exported layers, KMZ folders and merged sources take the layer's name in its file."""
    from osgeo import ogr
    from support.export_files import read_kmz

    data = _geopackage(tmp_path / "data.gpkg", {"towers": station_layer(4), "places": places_layer(),
                                                "provinces": regions_layer()})
    sources = [f"{data}|layername=towers", f"{data}|layername=places", f"{data}|layername=provinces"]
    _run("exportlayers", {"LAYERS": sources, "OUTPUT": str(tmp_path / "out.gpkg")})
    ds = ogr.Open(str(tmp_path / "out.gpkg"))
    assert sorted(ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())) == ["places", "provinces", "towers"]
    ds = None
    _run("exportlayers", {"LAYERS": sources[:2], "OUTPUT": str(tmp_path / "out.kmz")})
    assert sorted(read_kmz(tmp_path / "out.kmz")) == ["places", "towers"]

    csv = tmp_path / "field survey.csv"
    csv.write_text("x,y,name\n127.5,39.9,mast\n", encoding="utf-8")
    uri = f"file://{csv}?type=csv&xField=x&yField=y&crs=EPSG:4326"
    merged = _run("mergestations", {"INPUT": [sources[1], f"delimitedtext://{uri}"], "OUTPUT": "TEMPORARY_OUTPUT"})
    assert sorted({f["source"] for f in merged["OUTPUT"].getFeatures()}) == ["field survey", "places"]


def test_every_result_is_a_declared_output(provider, tmp_path):
    """What an algorithm returns is what qgis_process help and the modeler offer as its outputs."""
    from qgis.core import QgsApplication

    dem = wall_dem(tmp_path)
    mast = _utm_station(tmp_path)
    runs = {
        "terraincoverage": {"STATIONS": mast, "DEM": dem, "RADIUS": 3000, "OUTPUT": str(tmp_path / "count.tif"),
                            "OUTPUT_POLYGONS": "TEMPORARY_OUTPUT"},
        "coverage": {"STATIONS": mast, "DEM": dem, "RADIUS": 3000, "OUTPUT": "TEMPORARY_OUTPUT",
                     "OUTPUT_RASTER": str(tmp_path / "coverage.tif")},
        "evaluatedetections": {"DETECTIONS": mast, "REFERENCE": mast, "OUTPUT": "TEMPORARY_OUTPUT"},
        "exportstationscsv": {"STATIONS": mast, "OUTPUT": str(tmp_path / "stations.csv")},
        "exportraster": {"INPUT": str(tmp_path / "coverage.tif"), "OUTPUT": str(tmp_path / "styled.tif")},
    }
    for alg_id, params in runs.items():
        result = _run(alg_id, params)
        declared = {o.name() for o in QgsApplication.processingRegistry().algorithmById(
            f"basestationmapper:{alg_id}").outputDefinitions()}
        assert set(result) <= declared, (alg_id, set(result) - declared)
    assert result["DATA_TYPE"] == "Byte"


@pytest.mark.skipif(qgis_process.executable() is None, reason="qgis_process is not installed")
def test_qgis_process_with_numbers_for_choices_and_layers_in_files(provider, repo_root, tmp_path):
    """qgis_process, as a shell script calls it: stations as a CSV of UTM x/y columns (delimited-text URI),
    regions and places as layers of one GeoPackage in Web Mercator, choices given by number, --json."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

    stations = station_layer(6)
    to_utm = QgsCoordinateTransform(stations.crs(), QgsCoordinateReferenceSystem("EPSG:32652"), QgsProject.instance())
    lines = ["x,y,technology"]
    for feature in stations.getFeatures():
        point = to_utm.transform(feature.geometry().asPoint())
        lines.append(f"{point.x():.2f},{point.y():.2f},{feature['technology']}")
    (tmp_path / "stations utm.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    uri = f"delimitedtext://file://{tmp_path / 'stations utm.csv'}?type=csv&xField=x&yField=y&crs=EPSG:32652"
    data = _geopackage(tmp_path / "admin.gpkg", {"provinces": regions_layer(), "places": places_layer()},
                       crs="EPSG:3857")
    env = qgis_process.profile_env(tmp_path, repo_root)
    out = qgis_process.run_json(env, "basestationmapper:coveragestats", {
        "STATIONS": uri, "MODEL": 1, "ENVIRONMENT": 2, "RULE": 1, "REGIONS": f"{data}|layername=provinces",
        "REGION_FIELD": "name", "POPULATION_POINTS": f"{data}|layername=places", "POPULATION_FIELD": "population",
        "OUTPUT": "TEMPORARY_OUTPUT", "OUTPUT_CSV": tmp_path / "stats.csv"})
    assert out["results"]["OUTPUT_CSV"] == str(tmp_path / "stats.csv")
    with open(tmp_path / "stats.csv", encoding="utf-8-sig", newline="") as handle:
        rows = {r["region"]: r for r in csv.DictReader(handle)}
    assert int(rows["TOTAL"]["stations"]) == 6 and float(rows["TOTAL"]["covered_pop"]) > 0
    # the same sources in this process with the choices by name: the same numbers
    local = _run("coveragestats", {"STATIONS": uri, "MODEL": "hata", "ENVIRONMENT": "open", "RULE": "fraction",
                                   "REGIONS": f"{data}|layername=provinces", "REGION_FIELD": "name",
                                   "POPULATION_POINTS": f"{data}|layername=places", "POPULATION_FIELD": "population",
                                   "OUTPUT": "TEMPORARY_OUTPUT"})
    expected = {f["region"]: f["covered_pop"] for f in local["OUTPUT"].getFeatures()}
    assert {name: float(r["covered_pop"]) for name, r in rows.items()} == pytest.approx(expected, rel=1e-6)
    preset = _run("coveragestats", {"STATIONS": uri, "RULE": "fraction", "REGIONS": f"{data}|layername=provinces",
                                    "REGION_FIELD": "name", "POPULATION_POINTS": f"{data}|layername=places",
                                    "POPULATION_FIELD": "population", "OUTPUT": "TEMPORARY_OUTPUT"})
    assert {f["region"]: f["covered_pop"] for f in preset["OUTPUT"].getFeatures()}["TOTAL"] < expected["TOTAL"]


def test_point_outputs_written_to_csv_feed_the_next_algorithm_by_path(provider, tmp_path):
    """A script chaining files: the stations imported to a .csv (X/Y columns), then that path given to
    the algorithms that read points (QGIS opens a .csv path as a table without geometry)."""
    rng = np.random.default_rng(5)
    lons, lats = rng.uniform(125.6, 125.9, 6), rng.uniform(38.95, 39.15, 6)
    source = tmp_path / "towers.txt"
    source.write_text("longitude;latitude;name\n" + "".join(
        f"{x:.6f};{y:.6f};t{i}\n" for i, (x, y) in enumerate(zip(lons, lats))), encoding="utf-8")
    imported = _run("importstations", {"INPUT": str(source), "OUTPUT": str(tmp_path / "stations.csv")})["OUTPUT"]
    assert imported == str(tmp_path / "stations.csv")

    coverage = _run("coverage", {"STATIONS": imported, "RADIUS": 2000, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    assert coverage.featureCount() == 6 and coverage.crs().authid() == "EPSG:4326"
    centre = coverage.getFeature(next(f.id() for f in coverage.getFeatures() if f["name"] == "t0")).geometry()
    assert centre.centroid().asPoint().x() == pytest.approx(lons[0], abs=1e-4)

    merged = _run("mergestations", {"INPUT": [imported], "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    assert sorted(f["name"] for f in merged.getFeatures()) == [f"t{i}" for i in range(6)]
    scores = _run("evaluatedetections", {"DETECTIONS": imported, "REFERENCE": imported, "OUTPUT": "TEMPORARY_OUTPUT"})
    assert scores["PRECISION"] == 1.0 and scores["RECALL"] == 1.0 and scores["MEAN_ERROR_M"] == pytest.approx(0.0)

    # the stations CSV (lon/lat columns) read back the same way
    lonlat = _run("exportstationscsv", {"STATIONS": imported, "OUTPUT": str(tmp_path / "lonlat.csv")})["OUTPUT"]
    again = _run("coverage", {"STATIONS": lonlat, "RADIUS": 2000, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    assert again.featureCount() == 6
    # a table stays a table where a table is read
    assert _run("exporttable", {"INPUT": lonlat, "OUTPUT": str(tmp_path / "table.csv")})["ROWS"] == 6


def test_report_model_parameter_names_the_models_it_takes(provider):
    """The report's MODEL is free text (qgis_process help lists no options): its description names them."""
    from qgis.core import QgsApplication

    registry = QgsApplication.processingRegistry()
    text = registry.algorithmById("basestationmapper:report").parameterDefinition("MODEL").description()
    for option in registry.algorithmById("basestationmapper:coverage").parameterDefinition("MODEL").options():
        assert option in text, (option, text)


def test_import_names_the_layer_it_read_from_a_geopackage_of_several(provider, tmp_path):
    from qgis.core import QgsProcessingFeedback

    class Feedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.warnings = []

        def pushWarning(self, warning):
            self.warnings.append(warning)

    import processing

    data = _geopackage(tmp_path / "survey.gpkg", {"provinces": regions_layer(), "towers": station_layer(4),
                                                  "places": places_layer()})
    feedback = Feedback()
    result = processing.run("basestationmapper:importstations", {"INPUT": data, "OUTPUT": "TEMPORARY_OUTPUT"},
                            feedback=feedback)
    assert result["OUTPUT"].featureCount() == 4  # the first point layer
    assert any("'towers'" in w and "'places'" in w and "'provinces'" in w and "survey.gpkg|layername=" in w
               for w in feedback.warnings), feedback.warnings
    feedback = Feedback()
    result = processing.run("basestationmapper:importstations", {"INPUT": f"{data}|layername=places",
                                                                 "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback)
    assert result["OUTPUT"].featureCount() == 9 and not feedback.warnings
    # a station GeoPackage as the plugin makes it (one layer and its style table): nothing to say
    from osgeo import ogr
    from support.export_layers import station_frame

    from basestation_mapper.plugin.qgis_io.station_layer import create_station_gpkg, frame_to_features

    made = create_station_gpkg(str(tmp_path / "made.gpkg"))
    assert made.dataProvider().addFeatures(frame_to_features(station_frame(3), made.fields()))[0]
    del made
    ds = ogr.Open(str(tmp_path / "made.gpkg"))
    assert ds.GetLayerCount() > 1, "no style table: this part tests nothing"
    ds = None
    feedback = Feedback()
    result = processing.run("basestationmapper:importstations", {"INPUT": str(tmp_path / "made.gpkg"),
                                                                 "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback)
    assert result["OUTPUT"].featureCount() == 3 and not feedback.warnings, feedback.warnings


@pytest.mark.parametrize("model", ["cost231", "hata"])
def test_a_dialog_or_model_filling_every_default_gets_the_radius_a_script_gets(provider, model):
    """The Processing dialog and the modeler give every parameter its default value; a script gives
    only what it sets. Both must get the same coverage (cost231 at 1800 MHz, not at hata's 900)."""
    from qgis.core import QgsApplication

    stations = station_layer(3)
    definitions = QgsApplication.processingRegistry().algorithmById("basestationmapper:coverage").parameterDefinitions()
    filled = {d.name(): d.defaultValue() for d in definitions if not d.isDestination()}
    script = _run("coverage", {"STATIONS": stations, "MODEL": model, "OUTPUT": "TEMPORARY_OUTPUT"})
    dialog = _run("coverage", {**filled, "STATIONS": stations, "MODEL": model, "OUTPUT": "TEMPORARY_OUTPUT"})
    assert _values(dialog["OUTPUT"], "radius_m") == pytest.approx(_values(script["OUTPUT"], "radius_m"))
    frequency = {"cost231": 1800, "hata": 900}[model]
    given = _run("coverage", {"STATIONS": stations, "MODEL": model, "FREQUENCY": frequency,
                              "OUTPUT": "TEMPORARY_OUTPUT"})
    assert _values(given["OUTPUT"], "radius_m") == pytest.approx(_values(script["OUTPUT"], "radius_m"))


def test_terraincoverage_stations_without_crs(provider, tmp_path):
    """A CSV layer given without crs=: longitudes/latitudes are read as WGS84 (as coverage reads them);
    projected coordinates are refused with a message, not a traceback."""
    from osgeo import gdal
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject

    dem = wall_dem(tmp_path)
    lonlat = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:32652"),
                                    QgsCoordinateReferenceSystem("EPSG:4326"),
                                    QgsProject.instance()).transform(QgsPointXY(*STATION))
    (tmp_path / "mast_lonlat.csv").write_text(f"name,lon,lat\nmast,{lonlat.x():.9f},{lonlat.y():.9f}\n",
                                              encoding="utf-8")
    base = f"delimitedtext://file://{tmp_path / 'mast_lonlat.csv'}?type=csv&xField=lon&yField=lat"
    counts = []
    for uri, name in ((base, "none.tif"), (base + "&crs=EPSG:4326", "wgs84.tif")):
        result = _run("terraincoverage", {"STATIONS": uri, "DEM": dem, "RADIUS": 3000,
                                          "OUTPUT": str(tmp_path / name)})
        assert result["STATIONS_USED"] == 1
        counts.append(gdal.Open(result["OUTPUT"]).ReadAsArray())
    assert np.array_equal(counts[0], counts[1]) and counts[0].sum() > 0

    mast = _utm_station(tmp_path)  # UTM x/y, now given without its CRS
    uri = f"delimitedtext://{mast.source().replace('&crs=EPSG:32652', '')}"
    with pytest.raises(QgsProcessingException, match="no coordinate reference system"):
        _run("terraincoverage", {"STATIONS": uri, "DEM": dem, "RADIUS": 3000, "OUTPUT": str(tmp_path / "utm.tif")})
    assert not (tmp_path / "utm.tif").exists()


def test_algorithms_run_in_background_tasks_at_once(provider, tmp_path):
    """As the dialog runs them: QgsProcessingAlgRunnerTask threads, here four at once (the imports read
    with GDAL in one thread while the others start and end their GDAL blocks); the same results as
    processing.run gives in this thread."""
    import time

    from qgis.core import QgsApplication, QgsProcessingAlgRunnerTask, QgsProcessingContext, QgsProcessingFeedback
    from qgis.PyQt.QtCore import QCoreApplication
    from support.coverage import polygon_layer
    from support.coverage_terrain import population, region_wkt

    source = tmp_path / "towers.geojson"
    stations = station_layer(8)
    _run("exportlayers", {"LAYERS": [stations], "OUTPUT": str(source)})
    dem = wall_dem(tmp_path)
    pop_path, _pop = population(tmp_path)
    mast = _utm_station(tmp_path)
    jobs = {
        "importstations": {"INPUT": str(source), "OUTPUT": "TEMPORARY_OUTPUT"},
        "coveragestats": {"STATIONS": mast, "RADIUS": 3000, "DEM": dem, "POPULATION": pop_path,
                          "REGIONS": polygon_layer([region_wkt()], "EPSG:32652", ["scene"]),
                          "OUTPUT": "TEMPORARY_OUTPUT"},
        "terraincoverage": {"STATIONS": mast, "DEM": dem, "RADIUS": 3000, "OUTPUT": "TEMPORARY_OUTPUT"},
        "mergestations": {"INPUT": [str(source), stations], "OUTPUT": "TEMPORARY_OUTPUT"},
    }
    done, tasks, keep = {}, [], []
    for alg_id, params in jobs.items():
        context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
        alg = QgsApplication.processingRegistry().createAlgorithmById(f"basestationmapper:{alg_id}")
        task = QgsProcessingAlgRunnerTask(alg, params, context, feedback)
        task.executed.connect(lambda ok, results, alg_id=alg_id: done.setdefault(alg_id, (ok, results)))
        keep.append((alg, context, feedback))
        tasks.append(task)
    for task in tasks:
        QgsApplication.taskManager().addTask(task)
    deadline = time.monotonic() + 120
    while len(done) < len(jobs) and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert {alg_id: ok for alg_id, (ok, _r) in done.items()} == dict.fromkeys(jobs, True)

    def summary(alg_id, out, context):
        from osgeo import gdal
        from qgis.core import QgsProcessingUtils

        if alg_id == "terraincoverage":
            return int(gdal.Open(out if isinstance(out, str) else out.source()).ReadAsArray().sum())
        layer = out if not isinstance(out, str) else QgsProcessingUtils.mapLayerFromString(out, context)
        names = [n for n in layer.fields().names() if n != "updated_at"]  # a merge stamps the time
        return sorted(str([f[n] for n in names]) for f in layer.getFeatures())

    for (alg_id, params), (_alg, context, _feedback) in zip(jobs.items(), keep):
        here = _run(alg_id, params)
        assert summary(alg_id, done[alg_id][1]["OUTPUT"], context) == summary(alg_id, here["OUTPUT"], context), alg_id


def test_report_region_field_left_out(provider, tmp_path):
    """REGION_FIELD left out (as in a script that relies on its default 'name'), and regions named by
    GADM's NAME_1 instead: the report is made, naming the field it used."""
    from qgis.core import QgsFeature, QgsProcessingFeedback

    class Feedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.warnings = []

        def pushWarning(self, warning):
            self.warnings.append(warning)

    params = {"STATIONS": station_layer(6), "POPULATION_POINTS": places_layer(), "POPULATION_FIELD": "population"}
    result = _run("report", {**params, "REGIONS": regions_layer(), "OUTPUT_PDF": str(tmp_path / "name.pdf")})
    assert result["PAGES"] == 2

    gadm = QgsVectorLayer("Polygon?crs=EPSG:4326&field=GID_1:string&field=NAME_1:string", "gadm", "memory")
    feats = []
    for i, source in enumerate(regions_layer().getFeatures()):
        feat = QgsFeature(gadm.fields())
        feat.setAttributes([f"PRK.{i}", source["name"]])
        feat.setGeometry(source.geometry())
        feats.append(feat)
    assert gadm.dataProvider().addFeatures(feats)[0]
    import processing

    feedback = Feedback()
    result = processing.run("basestationmapper:report", {**params, "REGIONS": gadm,
                                                         "OUTPUT_PDF": str(tmp_path / "gadm.pdf")}, feedback=feedback)
    assert result["PAGES"] == 2 and any("'NAME_1'" in w for w in feedback.warnings), feedback.warnings
    with pytest.raises(QgsProcessingException, match="no field 'name'"):
        _run("report", {**params, "REGIONS": gadm, "REGION_FIELD": "name", "OUTPUT_PDF": str(tmp_path / "x.pdf")})


def test_every_parameter_with_a_default_can_be_left_out(provider):
    """qgis_process and processing.run check a left-out parameter as empty: one that QGIS then refuses
    (a field parameter, whatever its default) must be optional, or its default is never reachable."""
    from qgis.core import QgsProcessingParameterDefinition

    refused = [(alg.name(), p.name()) for alg in provider.algorithms() for p in alg.parameterDefinitions()
               if not p.isDestination() and not p.flags() & QgsProcessingParameterDefinition.Flag.FlagOptional
               and p.defaultValue() is not None and not p.checkValueIsAcceptable(None)]
    assert refused == []


@pytest.mark.parametrize("no", ["no", "No", "off", "n", "false", "0", 0, False])
def test_a_boolean_given_as_no_is_false(provider, tmp_path, no):
    """qgis_process help reads '0 for false/no': OVERWRITE=no must not replace a file (QGIS itself reads
    any text but '0' and 'false' as true)."""
    stations = station_layer(3)
    out = tmp_path / "stations.csv"
    out.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="already exists"):
        _run("exportstationscsv", {"STATIONS": stations, "OUTPUT": str(out), "OVERWRITE": no})
    assert out.read_text(encoding="utf-8") == "keep me\n"
    result = _run("coverage", {"STATIONS": stations, "RADIUS": 2000, "ALL_SCENARIOS": no,
                               "OUTPUT": "TEMPORARY_OUTPUT"})
    assert result["OUTPUT"].featureCount() == 3
    for yes in ("yes", "1", "true", True):
        result = _run("coverage", {"STATIONS": stations, "RADIUS": 2000, "ALL_SCENARIOS": yes,
                                   "OUTPUT": "TEMPORARY_OUTPUT"})
        assert result["OUTPUT"].featureCount() == 9


def test_relative_outputs_are_returned_as_given_like_native_ones(provider, repo_root, tmp_path, monkeypatch):
    """OUTPUT='cov.gpkg' came back as '/the/working/folder/cov.gpkg' from the layer outputs (coverage,
    mergestations, terraincoverage's polygons) while their file outputs (OUTPUT_RASTER) and QGIS's own
    algorithms return a relative destination as given."""
    import processing
    from qgis.core import QgsRasterLayer

    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    mast = _utm_station(tmp_path)
    native = processing.run("native:buffer", {"INPUT": mast, "DISTANCE": 10, "OUTPUT": "out/buffer.gpkg"})
    assert native["OUTPUT"] == "out/buffer.gpkg"  # QGIS 3.22: as given
    result = _run("coverage", {"STATIONS": mast, "RADIUS": 2000, "OUTPUT": "cov.gpkg", "OUTPUT_DISSOLVED": "out/d",
                               "OUTPUT_OVERLAP": "overlap.json", "OUTPUT_RASTER": "out/count.tif"})
    assert result == {"OUTPUT": "cov.gpkg", "OUTPUT_DISSOLVED": "out/d.gpkg", "OUTPUT_OVERLAP": "overlap.json.geojson",
                      "OUTPUT_RASTER": "out/count.tif"}
    assert _run("mergestations", {"INPUT": [mast], "OUTPUT": "out/merged.gpkg"})["OUTPUT"] == "out/merged.gpkg"
    dem = QgsRasterLayer(wall_dem(tmp_path), "dem")
    terrain = _run("terraincoverage", {"STATIONS": mast, "DEM": dem, "RADIUS": 2000, "OUTPUT": "sight.tif",
                                       "OUTPUT_POLYGONS": "out/sight.gpkg"})
    assert (terrain["OUTPUT"], terrain["OUTPUT_POLYGONS"]) == ("sight.tif", "out/sight.gpkg")
    every = [*result.values(), "out/merged.gpkg", "sight.tif", "out/sight.gpkg"]
    assert all((tmp_path / path).is_file() for path in every), sorted(str(p) for p in tmp_path.rglob("*"))
    absolute = _run("mergestations", {"INPUT": [mast], "OUTPUT": str(tmp_path / "abs.gpkg")})
    assert absolute["OUTPUT"] == str(tmp_path / "abs.gpkg")
    if qgis_process.executable() is not None:  # the same from the command line, in its working folder
        env = qgis_process.profile_env(tmp_path / "profile", repo_root)
        out = qgis_process.run_json(env, "basestationmapper:mergestations",
                                    {"INPUT": f"{tmp_path / 'out' / 'merged.gpkg'}", "OUTPUT": "cli.gpkg"},
                                    cwd=tmp_path)
        assert out["results"]["OUTPUT"] == "cli.gpkg" and (tmp_path / "cli.gpkg").is_file()


def test_messages_name_a_layer_given_by_path_by_its_layer_in_the_file(provider, tmp_path):
    """'data.gpkg|layername=nothing' (an empty station layer beside others): coverage, coveragestats and
    report said "layer 'data' has no stations", the name Processing gives the file, not the layer. A layer
    of the project keeps the name it has there."""
    from qgis.core import QgsProject

    from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer

    data = _geopackage(tmp_path / "data.gpkg", {"towers": station_layer(4), "nothing": create_memory_station_layer(
        "x"), "provinces": regions_layer(), "places": places_layer()})
    empty = f"{data}|layername=nothing"
    common = {"REGIONS": f"{data}|layername=provinces", "REGION_FIELD": "name",
              "POPULATION_POINTS": f"{data}|layername=places", "POPULATION_FIELD": "population"}
    runs = {"coverage": {"STATIONS": empty, "RADIUS": 2000, "OUTPUT": "TEMPORARY_OUTPUT"},
            "coveragestats": {"STATIONS": empty, "RADIUS": 2000, "OUTPUT": "TEMPORARY_OUTPUT", **common},
            "report": {"STATIONS": empty, "OUTPUT_PDF": str(tmp_path / "r.pdf"), **common}}
    for alg_id, params in runs.items():
        with pytest.raises(QgsProcessingException) as refused:
            _run(alg_id, params)
        assert "'nothing'" in str(refused.value) and "'data'" not in str(refused.value), (alg_id, refused.value)
    assert not (tmp_path / "r.pdf").exists()
    # a project layer named after its file keeps that name
    mine = QgsVectorLayer(f"{data}|layername=towers", "data", "ogr")
    QgsProject.instance().addMapLayer(mine)
    try:
        result = _run("coverage", {"STATIONS": mine, "RADIUS": 2000, "OUTPUT": "TEMPORARY_OUTPUT"})
        assert result["OUTPUT"].featureCount() == 4 and mine.name() == "data"
    finally:
        QgsProject.instance().removeMapLayer(mine.id())


def test_selected_features_only_with_nothing_selected_says_so(provider, tmp_path):
    """'Selected features only' ticked with no feature selected: coverage said the layer had no stations
    with a position, terraincoverage that it had no features, exportstationscsv that it had no features,
    and evaluatedetections gave F1 0 for detections it never read."""
    from qgis.core import QgsProcessingFeatureSourceDefinition, QgsProject, QgsRasterLayer

    stations = station_layer(5)
    dem = QgsRasterLayer(wall_dem(tmp_path), "dem")
    for layer in (stations, dem):  # owned by the project: the failed runs keep this frame
        QgsProject.instance().addMapLayer(layer)
    selected = QgsProcessingFeatureSourceDefinition(stations.id(), True)
    runs = {"coverage": {"STATIONS": selected, "RADIUS": 1000, "OUTPUT": str(tmp_path / "c.gpkg")},
            "terraincoverage": {"STATIONS": selected, "DEM": dem, "RADIUS": 1000, "OUTPUT": str(tmp_path / "t.tif")},
            "exportstationscsv": {"STATIONS": selected, "OUTPUT": str(tmp_path / "s.csv")},
            "evaluatedetections": {"DETECTIONS": selected, "REFERENCE": stations, "OUTPUT": str(tmp_path / "e.gpkg")}}
    stations.removeSelection()
    for alg_id, params in runs.items():
        parameter = "DETECTIONS" if alg_id == "evaluatedetections" else "STATIONS"
        with pytest.raises(QgsProcessingException, match=rf"^{parameter}: 'Selected features only' is on but no "
                                                         r"feature of the layer 'Stations' is selected"):
            _run(alg_id, params)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dem.tif"]
    stations.selectByIds([f.id() for f in stations.getFeatures()][:2])
    assert _run("exportstationscsv", runs["exportstationscsv"])["STATIONS_WRITTEN"] == 2
    assert QgsVectorLayer(_run("coverage", runs["coverage"])["OUTPUT"], "c", "ogr").featureCount() == 2
    QgsProject.instance().removeMapLayers([stations.id(), dem.id()])
