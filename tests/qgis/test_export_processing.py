"""The export and report algorithms through processing.run: outputs re-read, parameter checks, report PDF text."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess

import numpy as np
import pytest
from osgeo import gdal, osr
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsProcessingException,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
)
from support.export_files import leftovers, ogr_records, read_kmz
from support.export_layers import (
    coverage_layer,
    empty_like,
    places_layer,
    regions_layer,
    station_frame,
    station_layer,
    stats_layer,
    stats_rows,
)

from basestation_mapper.plugin.core.tables import split_total
from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer, frame_to_features

pytestmark = pytest.mark.usefixtures("plugin")
PDFTOTEXT = shutil.which("pdftotext")


def _run(alg, params):
    import processing

    return processing.run(f"basestationmapper:{alg}", params)


@pytest.fixture
def layers(qgis_new_project):
    stations = station_layer()
    cov = coverage_layer(stations)
    reg = regions_layer()
    stats = stats_layer()
    QgsProject.instance().addMapLayers([stations, cov, reg, stats])
    return {"stations": stations, "coverage": cov, "regions": reg, "stats": stats}


def test_algorithms_listed_with_help():
    provider = QgsApplication.processingRegistry().providerById("basestationmapper")
    ids = {a.id() for a in provider.algorithms()}
    mine = {"basestationmapper:exportlayers", "basestationmapper:exportstationscsv", "basestationmapper:exporttable",
            "basestationmapper:exportraster", "basestationmapper:report"}
    assert mine <= ids
    for alg_id in mine:
        alg = QgsApplication.processingRegistry().algorithmById(alg_id)
        text = alg.shortHelpString()
        assert "Example" in text and "qgis_process run " + alg_id in text
        assert alg.parameterDefinition("OVERWRITE") is not None


def test_exportlayers_help_and_dialog_offer_plain_kml(layers, tmp_path):
    """exportlayers wrote a plain .kml as the README says, but its help named .kmz only and its file dialog
    offered no KML."""
    alg = QgsApplication.processingRegistry().algorithmById("basestationmapper:exportlayers")
    assert ".kml the same as plain KML" in alg.shortHelpString()
    assert "*.kml" in alg.parameterDefinition("OUTPUT").fileFilter()
    out = _run("exportlayers", {"LAYERS": [layers["stations"]], "OUTPUT": str(tmp_path / "net.kml")})
    assert [len(v) for v in read_kmz(out["OUTPUT"]).values()] == [12]


def test_exportlayers_gpkg_and_kmz(layers, tmp_path):
    out = _run("exportlayers", {"LAYERS": [layers["stations"], layers["coverage"]],
                                "OUTPUT": str(tmp_path / "net.gpkg")})
    assert out["FEATURES"] == 24
    assert len(ogr_records(out["OUTPUT"], "Coverage")[0]) == 12
    out = _run("exportlayers", {"LAYERS": [layers["coverage"], layers["stations"]],
                                "OUTPUT": str(tmp_path / "net.kmz"), "TITLE": "Network"})
    folders = read_kmz(out["OUTPUT"])
    assert [len(v) for v in folders.values()] == [12, 12]


def test_overwrite_flag(layers, tmp_path):
    path = tmp_path / "stations.csv"
    _run("exportstationscsv", {"STATIONS": layers["stations"], "OUTPUT": str(path)})
    before = path.read_bytes()
    with pytest.raises(QgsProcessingException, match="already exists"):
        _run("exportstationscsv", {"STATIONS": layers["stations"], "OUTPUT": str(path)})
    assert path.read_bytes() == before
    out = _run("exportstationscsv", {"STATIONS": layers["stations"], "OUTPUT": str(path), "OVERWRITE": True})
    assert out["STATIONS_WRITTEN"] == 12


def test_exporttable_xlsx(layers, tmp_path):
    out = _run("exporttable", {"INPUT": layers["stats"], "OUTPUT": str(tmp_path / "통계 stats.xlsx")})
    records, _ = ogr_records(out["OUTPUT"])
    assert out["ROWS"] == 3
    assert sorted(r["region"] for r in records) == sorted(r["region"] for r in stats_rows())


def test_empty_coverage_message(layers, tmp_path):
    empty = empty_like(layers["coverage"])
    QgsProject.instance().addMapLayer(empty)
    out = _run("exportlayers", {"LAYERS": [empty], "OUTPUT": str(tmp_path / "e.kmz")})
    assert out["FEATURES"] == 0 and read_kmz(out["OUTPUT"]) == {"Empty coverage": []}


def _raster(path, array, nodata=None):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[1], array.shape[0], 1, gdal.GDT_Float32)
    ds.SetGeoTransform((700000.0, 250.0, 0.0, 4400000.0, 0.0, -250.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    if nodata is not None:
        ds.GetRasterBand(1).SetNoDataValue(nodata)
    ds.GetRasterBand(1).WriteArray(array)
    ds = None
    return str(path)


def test_exportraster_from_layer(qgis_new_project, tmp_path):
    counts = np.random.default_rng(4).integers(0, 4, size=(40, 30)).astype("float32")
    layer = QgsRasterLayer(_raster(tmp_path / "src.tif", counts), "overlap")
    QgsProject.instance().addMapLayer(layer)  # owned by the project, not by a Python frame
    out = _run("exportraster", {"INPUT": layer, "OUTPUT": str(tmp_path / "out" / "overlap 중첩.tif")})
    assert out["DATA_TYPE"] == "Byte"
    ds = gdal.Open(out["OUTPUT"])
    band = ds.GetRasterBand(1)
    assert band.GetColorTable() is not None and band.GetNoDataValue() == 255
    assert np.array_equal(band.ReadAsArray(), counts.astype("uint8"))


def test_exportraster_writes_the_crs_set_on_a_layer_whose_file_has_none(qgis_new_project, tmp_path):
    """An ESRI ASCII grid without its .prj, its CRS set in QGIS: the GeoTIFF was written without a CRS."""
    from qgis.core import QgsCoordinateReferenceSystem

    counts = np.random.default_rng(6).integers(0, 4, size=(12, 15)).astype("float32")
    asc = tmp_path / "overlap.asc"
    gdal.Translate(str(asc), _raster(tmp_path / "src.tif", counts), format="AAIGrid")
    (tmp_path / "overlap.prj").unlink()
    layer = QgsRasterLayer(str(asc), "overlap")
    layer.setCrs(QgsCoordinateReferenceSystem("EPSG:32652"))
    QgsProject.instance().addMapLayer(layer)
    out = _run("exportraster", {"INPUT": layer, "OUTPUT": str(tmp_path / "overlap.tif")})
    ds = gdal.Open(out["OUTPUT"])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    assert osr.SpatialReference(wkt=ds.GetProjection()).IsSame(srs)
    assert np.array_equal(ds.GetRasterBand(1).ReadAsArray(), counts.astype("uint8"))


def test_exportraster_empty_raster_message(qgis_new_project, tmp_path):
    layer = QgsRasterLayer(_raster(tmp_path / "nothing.tif", np.full((5, 5), -1, "float32"), nodata=-1), "empty")
    QgsProject.instance().addMapLayer(layer)
    with pytest.raises(QgsProcessingException, match="no data"):
        _run("exportraster", {"INPUT": layer, "OUTPUT": str(tmp_path / "o.tif")})
    assert not (tmp_path / "o.tif").exists() and leftovers(tmp_path) == []


def test_exportraster_web_layer_message_and_no_temporary_folder(qgis_new_project, tmp_path, monkeypatch):
    import tempfile

    import processing
    from support.processing_feedback import Feedback

    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))  # where the algorithm's working folder goes
    layer = QgsRasterLayer("type=xyz&url=http://127.0.0.1:9/{z}/{x}/{y}.png&zmin=0&zmax=19", "OSM tiles", "wms")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    feedback = Feedback()
    with pytest.raises(QgsProcessingException):
        processing.run("basestationmapper:exportraster", {"INPUT": layer, "OUTPUT": str(tmp_path / "o.tif")},
                       feedback=feedback)
    message = " ".join(feedback.errors)
    assert "'OSM tiles'" in message and "XYZ/WMS/WMTS" in message and "GeoTIFF" in message
    assert "error 3" not in message
    assert list(work.iterdir()) == []
    assert not (tmp_path / "o.tif").exists()
    # a failure while writing leaves no working folder either
    empty = QgsRasterLayer(_raster(tmp_path / "nothing.tif", np.full((5, 5), -1, "float32"), nodata=-1), "empty")
    QgsProject.instance().addMapLayer(empty)
    with pytest.raises(QgsProcessingException, match="no data"):
        _run("exportraster", {"INPUT": empty, "OUTPUT": str(tmp_path / "o.tif")})
    assert list(work.iterdir()) == []


def _world_file_raster(folder, counts):
    """A GeoTIFF whose own georeferencing is at 700 km east and whose world file puts it 3 km further east, opened
    in QGIS with GEOREF_SOURCES=WORLDFILE (its CRS set in QGIS: the world file has none)."""
    path = _raster(folder / "overlap.tif", counts)
    (folder / "overlap.tfw").write_text("250\n0\n0\n-250\n703125\n4399875\n")
    layer = QgsRasterLayer(path + "|option:GEOREF_SOURCES=WORLDFILE", "Overlap by world file")
    layer.setCrs(QgsCoordinateReferenceSystem("EPSG:32652"))
    assert layer.isValid() and layer.extent().xMinimum() == pytest.approx(703000.0)
    QgsProject.instance().addMapLayer(layer)
    return layer


@pytest.fixture
def temp_folder(tmp_path, monkeypatch):
    """The system's temporary folder of this test (where a raster read through QGIS is written)."""
    import tempfile

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_exportraster_writes_a_layer_opened_with_options_where_qgis_shows_it(qgis_new_project, tmp_path,
                                                                           temp_folder):
    """A GDAL layer opened with GEOREF_SOURCES=WORLDFILE was exported from its bare path, 3 km west of where QGIS
    shows it (the file's own georeferencing); it is read through QGIS and written where QGIS shows it, the log
    saying so, nothing left in the temporary folder. A plain file is still read by its path."""
    import processing
    from support.processing_feedback import Feedback

    counts = np.random.default_rng(11).integers(0, 4, size=(40, 30)).astype("float32")
    layer = _world_file_raster(tmp_path, counts)
    feedback = Feedback()
    out = processing.run("basestationmapper:exportraster", {"INPUT": layer, "OUTPUT": str(tmp_path / "placed.tif")},
                         feedback=feedback)
    ds = gdal.Open(out["OUTPUT"])
    assert ds.GetGeoTransform() == pytest.approx((703000.0, 250.0, 0.0, 4400000.0, 0.0, -250.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    assert osr.SpatialReference(wkt=ds.GetProjection()).IsSame(srs)
    assert out["DATA_TYPE"] == "Byte" and np.array_equal(ds.GetRasterBand(1).ReadAsArray(), counts.astype("uint8"))
    ds = None
    said = "'Overlap by world file' is not a file GDAL reads by its path as QGIS shows it: its values were read " \
           "through QGIS."
    assert said in feedback.infos
    assert list(temp_folder.iterdir()) == []

    plain = QgsRasterLayer(_raster(tmp_path / "plain.tif", counts), "plain")
    QgsProject.instance().addMapLayer(plain)
    feedback = Feedback()
    out = processing.run("basestationmapper:exportraster", {"INPUT": plain, "OUTPUT": str(tmp_path / "plain_out.tif")},
                         feedback=feedback)
    assert gdal.Open(out["OUTPUT"]).GetGeoTransform() == pytest.approx((700000.0, 250.0, 0.0, 4400000.0, 0.0, -250.0))
    assert not any("read through QGIS" in text for text in feedback.infos)


@pytest.mark.parametrize("at", [10, 75])
def test_exportraster_of_a_layer_read_through_qgis_canceled_leaves_nothing(qgis_new_project, tmp_path, temp_folder,
                                                                           at):
    """Canceled while the layer is written through QGIS (the first half of the progress) or after: no file, nothing
    in the temporary folder, the log saying so."""
    import processing
    from support.processing_feedback import Feedback

    class CancelAt(Feedback):
        def __init__(self):
            super().__init__()
            self.progressChanged.connect(self._maybe_cancel)

        def _maybe_cancel(self, value):
            if value >= at and not self.isCanceled():
                self.cancel()

    layer = _world_file_raster(tmp_path, np.random.default_rng(12).integers(0, 4, size=(1500, 1000)).astype("float32"))
    feedback = CancelAt()
    out = processing.run("basestationmapper:exportraster", {"INPUT": layer, "OUTPUT": str(tmp_path / "placed.tif")},
                         feedback=feedback)
    assert feedback.isCanceled() and out == {}
    assert "Canceled: nothing was written." in feedback.errors
    assert not (tmp_path / "placed.tif").exists() and list(temp_folder.iterdir()) == []
    written_through_qgis = any("read through QGIS" in text for text in feedback.infos)
    assert written_through_qgis == (at > 50)


def _pdftotext(path):
    return subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _pages(path):
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_report_on_given_coverage_and_statistics(layers, tmp_path):
    image = QgsRasterLayer(_raster(tmp_path / "scene.tif", np.ones((20, 20), "float32")), "Scene A")
    image.setCustomProperty("basestation_mapper/acquisition_date", "2021-06-14")
    QgsProject.instance().addMapLayer(image)
    out = _run("report", {
        "STATIONS": layers["stations"], "REGIONS": layers["regions"], "REGION_FIELD": "name",
        "COVERAGE": layers["coverage"], "STATISTICS": layers["stats"], "IMAGERY": [image],
        "TITLE": "Coverage test 보고서", "ATTRIBUTION": "Regions: test rectangles",
        "OUTPUT_PDF": str(tmp_path / "report 보고서.pdf"), "OUTPUT_PNG": str(tmp_path / "map.png")})
    assert out["PAGES"] == 2 and _pages(out["OUTPUT_PDF"]) == 2
    text = _pdftotext(out["OUTPUT_PDF"])
    assert "Coverage test 보고서" in text
    rows = stats_rows()
    for row in rows:
        assert row["region"] in text
    _rows, total = split_total(layers_frame(layers["stats"]))
    assert f"{total['population']:,.0f}" in text
    assert f"{total['covered_pop']:,.0f} ({total['covered_pop_min']:,.0f}–{total['covered_pop_max']:,.0f})" in text
    assert f"{sum(r['estimated_subscribers'] for r in rows):,.0f}" in text
    flat = " ".join(text.split())
    assert "Scene A (2021-06-14)" in flat
    assert "Regions: test rectangles" in flat
    assert "% of population covered" in flat and "% of area covered" not in flat  # the people, as before
    assert "Population covered" in flat and "Est. subscribers" in flat
    png = (tmp_path / "map.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    assert leftovers(tmp_path) == []


def layers_frame(layer):
    from basestation_mapper.plugin.qgis_io.export import snapshot, snapshot_frame

    return snapshot_frame(snapshot(layer))


def test_report_parameter_checks(layers, tmp_path):
    base = {"STATIONS": layers["stations"], "REGIONS": layers["regions"], "OUTPUT_PDF": str(tmp_path / "r.pdf")}
    with pytest.raises(QgsProcessingException):
        _run("report", {**base, "REGION_FIELD": "nope", "STATISTICS": layers["stats"]})
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_report_without_population_gives_the_area_covered_per_region(layers, tmp_path):
    """Neither POPULATION nor POPULATION_POINTS (nor STATISTICS): the report refused ('Give POPULATION...'),
    while coveragestats counts the area covered per region; it reports that table, titled by the area, with no
    chart of people, no estimated subscribers in the methods and 'Population: none'."""
    out = _run("report", {"STATIONS": layers["stations"], "REGIONS": layers["regions"], "REGION_FIELD": "name",
                          "RADIUS": 4000, "OUTPUT_PDF": str(tmp_path / "area.pdf")})
    assert out["PAGES"] == 2
    flat = " ".join(_pdftotext(out["OUTPUT_PDF"]).split())
    for row in stats_rows():
        assert row["region"] in flat
    assert "TOTAL" in flat and "Area covered per region" in flat
    assert "Coverage and population per region" not in flat and "Population covered per region" not in flat
    assert "Population: none (the area covered only)." in flat
    assert "Estimated subscribers =" not in flat and "penetration 27 %" not in flat
    assert "nan" not in flat.lower().split()
    # the table has the area columns only (its population columns were a dash in every row), no subscribers are
    # estimated so no penetration among the parameters, and the summary gives the share of the area covered
    assert "Area (km²)" in flat and "Covered (km²)" in flat and "Area covered (%)" in flat
    assert "Population covered" not in flat and "Est. subscribers" not in flat and "–" not in flat.split()
    assert "Parameters: radius 4,000 m." in flat and "penetration" not in flat
    assert re.search(r"stations · \d+\.\d % of area covered \(\d+\.\d–\d+\.\d %\)", flat), flat[:300]


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_report_of_a_given_area_only_table(layers, tmp_path):
    """STATISTICS given, coveragestats' table of the area covered (no population source): the methods said
    'Population: as in the statistics table ...' though it counts nobody; they say none, and page 1's summary
    gives the table's share of the area covered with its range."""
    stats = _run("coveragestats", {"STATIONS": layers["stations"], "REGIONS": layers["regions"],
                                   "REGION_FIELD": "name", "RADIUS": 4000, "OUTPUT": str(tmp_path / "area.gpkg")})
    table = QgsVectorLayer(stats["OUTPUT"], "Area table", "ogr")
    assert table.isValid()
    out = _run("report", {"STATIONS": layers["stations"], "REGIONS": layers["regions"], "REGION_FIELD": "name",
                          "COVERAGE": layers["coverage"], "STATISTICS": table,
                          "OUTPUT_PDF": str(tmp_path / "given.pdf")})
    flat = " ".join(_pdftotext(out["OUTPUT_PDF"]).split())
    assert "Population: none (the area covered only)." in flat
    assert "as in the statistics table" not in flat and "penetration" not in flat
    _rows, total = split_total(layers_frame(table))
    area = (f"{total['covered_area_pct']:.1f} % of area covered "
            f"({total['covered_area_pct_min']:.1f}–{total['covered_area_pct_max']:.1f} %)")
    assert area in flat, flat[:300]
    assert "Population covered" not in flat and "Est. subscribers" not in flat


def test_report_computes_coverage_through_the_engine(layers, tmp_path):
    places = places_layer()
    out = _run("report", {"STATIONS": layers["stations"], "REGIONS": layers["regions"], "REGION_FIELD": "name",
                          "POPULATION_POINTS": places, "POPULATION_FIELD": "population", "RADIUS": 4000,
                          "OUTPUT_PDF": str(tmp_path / "engine.pdf")})
    assert out["PAGES"] >= 2
    text = _pdftotext(out["OUTPUT_PDF"])
    for row in stats_rows():
        assert row["region"] in text
    assert "TOTAL" in text


@pytest.mark.parametrize(("kind", "reason"), [
    ("none", "LAYERS: choose at least one vector layer."),
    ("raster", "LAYERS: 'count' is not a vector layer."),
])
def test_exportlayers_says_why_the_layers_cannot_be_exported(tmp_path, kind, reason):
    from support.coverage import write_raster

    given = []
    if kind == "raster":
        given = [write_raster(tmp_path / "count.tif", np.ones((4, 4), np.uint8), (127.0, 0.01, 0.0, 39.0, 0.0, -0.01))]
    message = ""
    try:  # the message only: a traceback keeping the run's context alive past QGIS's exit crashes it
        _run("exportlayers", {"LAYERS": given, "OUTPUT": str(tmp_path / "out.gpkg")})
    except QgsProcessingException as exc:
        message = str(exc)
    assert reason in message
    assert not (tmp_path / "out.gpkg").exists()


#: Texts an imported file may hold that a spreadsheet would run as formulas, and how they must come back.
FORMULAS = {"=HYPERLINK(\"http://x.invalid\",\"open\")": "'=HYPERLINK(\"http://x.invalid\",\"open\")",
            "+82 10 1234": "'+82 10 1234", "-2+3": "'-2+3", "@SUM(A1:A2)": "'@SUM(A1:A2)",
            "\t=1+1": "'\t=1+1", "\r=1+1": "'\r=1+1", "-12.5": "-12.5", "Tower = mast": "Tower = mast"}


def test_texts_that_spreadsheets_run_as_formulas_are_written_as_text(tmp_path):
    """Names, operators and notes from imported files starting with = + - @ (or tab / CR) were written as they
    were into the stations CSV, the tables and the statistics CSV, where Excel and LibreOffice run them; such text
    cells now start with a single quote (OWASP), numbers (negative ones too) stay numbers, and an XLSX keeps them
    as text cells, never formulas."""
    import csv
    import zipfile

    import pandas as pd

    from basestation_mapper.plugin.qgis_io import coverage_io as cio

    frame = station_frame(len(FORMULAS))
    texts = list(FORMULAS)
    frame["name"], frame["operator"], frame["notes"] = texts, texts[::-1], texts
    frame["lon"] = -frame["lon"]  # west of Greenwich: negative numbers
    layer = create_memory_station_layer("Imported")
    layer.dataProvider().addFeatures(frame_to_features(frame, layer.fields()))
    QgsProject.instance().addMapLayer(layer)
    stations_csv = _run("exportstationscsv", {"STATIONS": layer, "OUTPUT": str(tmp_path / "st.csv")})["OUTPUT"]
    with open(stations_csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["name"] for r in rows] == list(FORMULAS.values())
    assert [r["operator"] for r in rows] == list(FORMULAS.values())[::-1]
    assert all(float(r["lon"]) < 0 and float(r["antenna_height_m"]) > 0 for r in rows)
    table_csv = _run("exporttable", {"INPUT": layer, "OUTPUT": str(tmp_path / "table.csv")})["OUTPUT"]
    with open(table_csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["notes"] for r in rows] == list(FORMULAS.values())
    assert [float(r["confidence"]) for r in rows] == pytest.approx(list(frame["confidence"]))
    xlsx = _run("exporttable", {"INPUT": layer, "OUTPUT": str(tmp_path / "table.xlsx")})["OUTPUT"]
    records, _ = ogr_records(xlsx)
    # the text as it is (XML reads a carriage return as a line feed), in a text cell
    assert [r["notes"] for r in records] == [t.replace("\r", "\n") for t in texts]
    with zipfile.ZipFile(xlsx) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")  # no formula
    QgsProject.instance().removeMapLayer(layer.id())
    # the statistics table (region names from the regions layer) as the dock and coveragestats write it
    stats = pd.DataFrame({"region": texts, "area_km2": [-1.5] * len(texts), "stations": range(len(texts))})
    cio.write_csv(stats, str(tmp_path / "stats.csv"), bom=True)
    with open(tmp_path / "stats.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["region"] for r in rows] == list(FORMULAS.values())
    assert {r["area_km2"] for r in rows} == {"-1.5"}


def test_kmz_warning_writes_its_count_with_a_thousands_separator(qgis_processing, tmp_path):
    """A layer of 1,001 stations, 1,000 of them without a position, exported to KMZ was warned of as
    "'survey': 1000 features without geometry left out of the KMZ"; the count has its separator ('1,000')."""
    import processing
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY
    from support.processing_feedback import Feedback

    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", "survey", "memory")
    feats = []
    for k in range(1001):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([f"s{k}"])
        if k == 0:
            feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(125.75, 39.03)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    QgsProject.instance().addMapLayer(layer)
    feedback = Feedback()
    out = processing.run("basestationmapper:exportlayers", {"LAYERS": [layer], "OUTPUT": str(tmp_path / "s.kmz")},
                         feedback=feedback)
    assert [len(v) for v in read_kmz(out["OUTPUT"]).values()] == [1]
    assert "'survey': 1,000 features without geometry left out of the KMZ" in feedback.warnings, feedback.warnings


def test_exportraster_says_its_values_as_qgis_writes_numbers(qgis_new_project, tmp_path):
    """'Float32, nodata -9999.5, values 0.5–1234.25' was written with Python's '.' in a German QGIS too: it says
    '-9999,5' and '0,5–1234,25' there, and in English as before."""
    import processing
    from support.number_format import german, qgis_number_locale
    from support.processing_feedback import Feedback

    values = np.full((20, 30), 0.5, dtype="float32")
    values[0, 0], values[1, 1] = 1234.25, -9999.5
    layer = QgsRasterLayer(_raster(tmp_path / "people.tif", values, nodata=-9999.5), "people")
    QgsProject.instance().addMapLayer(layer)
    said = []
    for name, context in (("en", contextlib.nullcontext()), ("de", qgis_number_locale(german()))):
        fb = Feedback()
        with context:
            processing.run("basestationmapper:exportraster", {"INPUT": layer, "OUTPUT": str(tmp_path / f"{name}.tif")},
                           feedback=fb)
        said.append([i for i in fb.infos if "nodata" in i])
    assert said == [["Float32, nodata -9999.5, values 0.5–1234.25"], ["Float32, nodata -9999,5, values 0,5–1234,25"]]
