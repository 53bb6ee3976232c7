"""Cancel in every Processing algorithm: before the start or at any progress, no output file is left
and the log says 'Canceled: nothing was written.'; the run returns no output."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from support.coverage import station_layer, write_raster
from support.processing_feedback import Feedback

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"
CANCELED = "Canceled: nothing was written."
# a few stations around Wonsan, inside the sample provinces, near sample places
WONSAN = [(127.44361, 39.15278), (127.432691, 39.160303), (127.445764, 39.136814), (127.30, 39.05)]


class CancelAt(Feedback):
    """Cancels the first time the progress reaches ``at`` % (None: canceled before the run)."""

    def __init__(self, at):
        super().__init__()
        self.at = at
        if at is None:
            self.cancel()
        else:
            self.progressChanged.connect(self._maybe_cancel)

    def _maybe_cancel(self, value):
        if value >= self.at and not self.isCanceled():
            self.cancel()


@pytest.fixture
def algs(plugin):
    return plugin


def _run(alg, params, feedback):
    import processing

    return processing.run(alg if ":" in alg else f"basestationmapper:{alg}", params, feedback=feedback)


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _check_canceled(alg, params, at, out_dir):
    feedback = CancelAt(at)
    result = _run(alg, params, feedback)
    assert feedback.isCanceled(), f"{alg}: never reached {at} %"
    assert _files(out_dir) == [], f"{alg} canceled at {at} % left {_files(out_dir)}"
    assert result == {}
    assert CANCELED in feedback.errors


def _stations():
    return station_layer(WONSAN)


def _dem(folder: Path) -> str:
    from support.terrain_dems import fractal_dem

    dem = fractal_dem(120, 120, seed=3, relief_m=300.0) + 200.0
    x0, y0 = 448000.0, 4336000.0  # UTM 52N around Wonsan
    return str(write_raster(folder / "dem.tif", dem, (x0, 100.0, 0.0, y0, 0.0, -100.0), crs="EPSG:32652"))


def _count_raster(folder: Path) -> str:
    rng = np.random.default_rng(5)
    array = rng.integers(0, 4, (60, 80)).astype(np.uint8)
    return str(write_raster(folder / "count.tif", array, (127.2, 0.005, 0.0, 39.3, 0.0, -0.005)))


def test_importstations_canceled_before_the_start_writes_nothing(algs, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    _check_canceled("importstations", {"INPUT": str(SAMPLE / "stations_illustrative.csv"),
                                       "OUTPUT": str(out / "st.gpkg")}, None, out)


@pytest.mark.parametrize("at", [None, 0, 30, 70, 100])
@pytest.mark.parametrize("case", ["importstations", "mergestations", "coverage", "coveragestats",
                                  "terraincoverage"])
def test_canceled_computation_leaves_no_file(algs, tmp_path, case, at):
    inputs = tmp_path / "in"
    inputs.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    if case == "importstations":
        params = {"INPUT": str(SAMPLE / "stations_illustrative.csv"), "OUTPUT": str(out / "st.gpkg")}
    elif case == "mergestations":
        params = {"INPUT": [str(SAMPLE / "stations_illustrative.geojson"), _stations()],
                  "OUTPUT": str(out / "merged.gpkg")}
    elif case == "coverage":
        params = {"STATIONS": _stations(), "RADIUS": 4000, "OUTPUT": str(out / "cov.gpkg"),
                  "OUTPUT_DISSOLVED": str(out / "dissolved.gpkg"), "OUTPUT_RASTER": str(out / "count.tif")}
    elif case == "coveragestats":
        params = {"STATIONS": _stations(), "RADIUS": 4000,
                  "REGIONS": str(SAMPLE / "provinces_naturalearth.geojson"), "REGION_FIELD": "name",
                  "POPULATION_POINTS": str(SAMPLE / "places_geonames.geojson"), "POPULATION_FIELD": "population",
                  "OUTPUT": str(out / "stats.gpkg"), "OUTPUT_CSV": str(out / "stats.csv")}
    else:
        params = {"STATIONS": station_layer([(454000.0, 4330000.0), (452000.0, 4328000.0)], crs="EPSG:32652"),
                  "DEM": _dem(inputs), "RADIUS": 3000.0, "OUTPUT": str(out / "seen.tif"),
                  "OUTPUT_POLYGONS": str(out / "seen.gpkg")}
    _check_canceled(case, params, at, out)


@pytest.mark.parametrize(("case", "at"), [
    *((case, at) for case in ("exporttable", "exportlayers", "exportraster", "exportstationscsv")
      for at in (None, 0, 70, 100))])
def test_canceled_export_leaves_no_file_and_returns_nothing(algs, tmp_path, case, at):
    from support.export_layers import station_layer as export_stations
    from support.export_layers import stats_layer

    inputs = tmp_path / "in"
    inputs.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    if case == "exporttable":
        params = {"INPUT": stats_layer(), "OUTPUT": str(out / "stats.xlsx")}
    elif case == "exportlayers":
        params = {"LAYERS": [export_stations(2500)], "OUTPUT": str(out / "network.kmz")}
    elif case == "exportraster":
        params = {"INPUT": _count_raster(inputs), "OUTPUT": str(out / "styled.tif")}
    else:
        params = {"STATIONS": export_stations(2500), "OUTPUT": str(out / "stations.csv")}
    _check_canceled(case, params, at, out)


@pytest.mark.parametrize("at", [None, 0, 50, 100])
def test_canceled_report_leaves_no_file(algs, tmp_path, at):
    out = tmp_path / "out"
    out.mkdir()
    from qgis.core import QgsVectorLayer

    regions = QgsVectorLayer(str(SAMPLE / "provinces_naturalearth.geojson"), "provinces", "ogr")
    places = QgsVectorLayer(str(SAMPLE / "places_geonames.geojson"), "places", "ogr")
    params = {"STATIONS": _stations(), "REGIONS": regions, "REGION_FIELD": "name", "POPULATION_POINTS": places,
              "POPULATION_FIELD": "population", "RADIUS": 4000, "OUTPUT_PDF": str(out / "report.pdf"),
              "OUTPUT_PNG": str(out / "map.png")}
    _check_canceled("report", params, at, out)


def test_completed_run_moves_the_file_into_place_and_loads_it_from_there(algs, tmp_path):
    import processing
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingOutputLayerDefinition,
        QgsProject,
        QgsVectorLayer,
    )

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    out = tmp_path / "st.gpkg"
    result = processing.run("basestationmapper:importstations",
                            {"INPUT": str(SAMPLE / "stations_illustrative.csv"),
                             "OUTPUT": QgsProcessingOutputLayerDefinition(str(out), QgsProject.instance())},
                            context=context, feedback=QgsProcessingFeedback())
    assert result["OUTPUT"] == str(out)
    assert _files(tmp_path) == ["st.gpkg"]
    assert list(context.layersToLoadOnCompletion()) == [str(out)]
    layer = QgsVectorLayer(str(out), "st", "ogr")
    assert layer.featureCount() == 741 and [s.split("!!::!!")[1] for s in layer.dataProvider().subLayers()] == ["st"]


def test_exportstationscsv_reports_progress_while_reading(algs, tmp_path):
    from support.export_layers import station_layer as export_stations

    steps = []
    feedback = Feedback()
    feedback.progressChanged.connect(steps.append)
    result = _run("exportstationscsv", {"STATIONS": export_stations(2500), "OUTPUT": str(tmp_path / "st.csv")},
                  feedback)
    assert result["STATIONS_WRITTEN"] == 2500
    assert len([p for p in steps if 0 < p < 100]) >= 4 and steps == sorted(steps) and steps[-1] == 100



def test_mergestations_canceled_in_the_merge_stops_promptly(algs, tmp_path):
    """200,000 station reports (a merge of minutes): a cancel during the merge ends the run within
    seconds, and nothing is written."""

    from osgeo import ogr, osr

    rng = np.random.default_rng(7)
    n = 200_000
    lon = rng.uniform(124.0, 130.0, n // 2)
    lat = rng.uniform(37.5, 43.0, n // 2)
    lon = np.concatenate([lon, lon + rng.normal(0, 0.0002, n // 2)])
    lat = np.concatenate([lat, lat + rng.normal(0, 0.0002, n // 2)])
    tech = rng.choice(["2G", "3G", "4G"], n)
    source = tmp_path / "survey.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(source))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    layer = ds.CreateLayer("stations", srs, ogr.wkbPoint)
    layer.CreateField(ogr.FieldDefn("technology", ogr.OFTString))
    layer.StartTransaction()
    for x, y, t in zip(lon, lat, tech):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("technology", str(t))
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} {y})"))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    ds = layer = None
    out = tmp_path / "out"
    out.mkdir()

    feedback = CancelAt(45)  # reading the layers ends at 40 %, the merge reports 40-70 %
    canceled_at, after = [], []
    feedback.canceled.connect(lambda: canceled_at.append(feedback.progress()))
    feedback.progressChanged.connect(lambda value: after.append(value) if canceled_at else None)
    result = _run("mergestations", {"INPUT": [str(source)], "DISTANCE": 150, "OUTPUT": str(out / "merged.gpkg")},
                  feedback)
    assert canceled_at, "mergestations reported no progress in the merge"
    assert max(after, default=canceled_at[0]) < 70  # stopped in the merge: it never went on to write
    assert result == {}
    assert CANCELED in feedback.errors
    assert _files(out) == []


@pytest.mark.parametrize("destination", ["result", "result.v2", "cov.gpkg|layername=cov"])
def test_sink_without_extension_or_with_a_layer_name_is_staged_and_named_as_qgis_names_it(algs, tmp_path,
                                                                                        destination):
    """QGIS 3.22 appends .gpkg to a destination without a vector extension and reads '|layername=' as
    part of the file name: the algorithms write the same file, and a cancel leaves none."""
    params = {"INPUT": [str(SAMPLE / "stations_illustrative.geojson")]}
    for at in (70, 100):
        out = tmp_path / f"canceled_{at}"
        out.mkdir()
        _check_canceled("mergestations", {**params, "OUTPUT": str(out / destination)}, at, out)

    native = tmp_path / "native"
    native.mkdir()
    expected = _run("native:buffer",
                    {"INPUT": str(SAMPLE / "stations_illustrative.geojson"), "DISTANCE": 0.001,
                     "OUTPUT": str(native / destination)}, Feedback())["OUTPUT"]
    ours = tmp_path / "ours"
    ours.mkdir()
    feedback = Feedback()
    result = _run("mergestations", {**params, "OUTPUT": str(ours / destination)}, feedback)
    assert _files(ours) == _files(native) == [Path(expected).name]
    assert result["OUTPUT"] == str(ours / Path(expected).name)
    from osgeo import ogr

    source = ogr.Open(result["OUTPUT"])  # a path with '|' is no QGIS layer source: read the file with OGR
    assert source.GetLayer(0).GetFeatureCount() > 700
    source = None
    if "|" in destination:
        assert any("ogr:dbname=" in w for w in feedback.warnings), feedback.warnings


@pytest.mark.parametrize("destination", ["count", "count.tif|layername=x"])
def test_raster_output_without_a_raster_extension_is_refused_as_qgis_refuses_it(algs, tmp_path, destination):
    from qgis.core import QgsProcessingException

    native = tmp_path / "native"
    native.mkdir()
    with pytest.raises(QgsProcessingException, match="Cannot load GDAL driver"):
        _run("native:createconstantrasterlayer", {"EXTENT": "127,127.1,39,39.1 [EPSG:4326]",
                                                  "TARGET_CRS": "EPSG:4326", "PIXEL_SIZE": 0.01, "NUMBER": 1,
                                                  "OUTPUT": str(native / destination)}, Feedback())
    out = tmp_path / "out"
    out.mkdir()
    expected = "count.tif"
    for alg, params in (("coverage", {"STATIONS": _stations(), "RADIUS": 4000, "OUTPUT": str(out / "cov.gpkg"),
                                      "OUTPUT_RASTER": str(out / destination)}),
                        ("terraincoverage", {"STATIONS": station_layer([(454000.0, 4330000.0)], crs="EPSG:32652"),
                                             "DEM": _dem(tmp_path), "RADIUS": 3000.0,
                                             "OUTPUT": str(out / destination)})):
        feedback = Feedback()
        with pytest.raises(QgsProcessingException) as raised:
            _run(alg, params, feedback)
        text = str(raised.value) + " ".join(feedback.errors)
        key = "OUTPUT_RASTER" if alg == "coverage" else "OUTPUT"
        assert f"{key}: '{out / destination}' does not end with the extension of a raster format" in text, text
        assert f"e.g. {out / expected}" in text
        assert _files(out) == []


class CancelIn(Feedback):
    """Cancels when the run asks whether it is canceled from within the function ``name``; counts those asks."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name
        self.asked = 0

    def isCanceled(self):
        import sys

        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_name == self.name:
                self.asked += 1
                self.cancel()
                break
            frame = frame.f_back
        return super().isCanceled()


def test_importstations_canceled_while_the_table_is_normalized_writes_nothing(algs, tmp_path):
    """Cancel was not looked at while the station table was completed (ids, defaults, technologies: seconds for
    200,000 rows); importstations now asks there and stops, writing nothing."""
    out = tmp_path / "out"
    out.mkdir()
    rng = np.random.default_rng(8)
    rows = "".join(f"S{k},{lon:.5f},{lat:.5f},LTE\n" for k, (lon, lat) in
                   enumerate(zip(rng.uniform(125, 128, 300), rng.uniform(38, 41, 300))))
    path = tmp_path / "many.csv"
    path.write_text("name,lon,lat,technology\n" + rows, encoding="utf-8")
    feedback = CancelIn("normalize_frame")
    result = _run("importstations", {"INPUT": str(path), "OUTPUT": str(out / "st.gpkg")}, feedback)
    assert feedback.asked == 1 and result == {} and _files(out) == []
    assert CANCELED in feedback.errors
