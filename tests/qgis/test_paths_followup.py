"""Files in folders named as analysts name them, in QGIS (after test_paths_unicode_qgis): Processing outputs and
inputs in a folder holding '|' read from their whole path, GeoPackage and shapefile outputs QGIS could not open or
SQLite/GDAL could not write refused before any work, the detection's messages and labels of such paths, paths
pasted in the import dialog, and a table read from a CSV written to a workbook with its numbers as numbers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsProcessingException, QgsRasterLayer, QgsVectorLayer
from support.paths import ESCAPED, POSIX_ONLY, analyst_folder, path_of_bytes
from support.stations_data import station_csv

pytestmark = POSIX_ONLY


@pytest.fixture
def folder(tmp_path) -> Path:
    return analyst_folder(tmp_path)


def _run(alg: str, params: dict):
    import processing

    return processing.run(f"basestationmapper:{alg}", params)


# -- Processing: outputs and inputs of a folder holding '|' ----------------------------------------------------------
def test_point_outputs_in_a_folder_holding_a_bar_keep_their_coordinates(provider, qgis_new_project, folder):
    """The output's file was read as cut at the folder's '|' ('.../자료#1 ... a'): a CSV was written without its X
    and Y columns (the stations lost their positions), a workbook without them too."""
    stations = station_csv(folder / "기지국 #1.csv")
    out = folder / "가져온 기지국, #2.csv"
    result = _run("importstations", {"INPUT": str(stations), "OUTPUT": str(out)})
    assert result["OUTPUT"] == str(out)
    header = out.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[:2] == ["X", "Y"] and "name" in header
    points = QgsVectorLayer(f"{out}|option:X_POSSIBLE_NAMES=X|option:Y_POSSIBLE_NAMES=Y", "csv", "ogr")
    assert points.isValid() and points.featureCount() == 3
    assert sorted(round(f.geometry().asPoint().x(), 4) for f in points.getFeatures()) == [125.7543, 125.78, 127.5364]
    book = folder / "가져온 기지국 #3.xlsx"
    _run("importstations", {"INPUT": str(stations), "OUTPUT": str(book)})
    ds = gdal.OpenEx(str(book), gdal.OF_VECTOR)
    sheet = ds.GetLayer(0)
    names = [sheet.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(sheet.GetLayerDefn().GetFieldCount())]
    assert names[:2] == ["X", "Y"]


def test_a_missing_input_in_a_folder_holding_a_bar_is_named_whole(provider, qgis_new_project, folder):
    """"STATIONS: .../자료#1 & ; , [x] 'q' a does not exist.": the folder's name cut at its '|'."""
    missing = folder / "없는 기지국 #1.gpkg"
    for value in (str(missing), f"{missing}|layername=기지국"):
        with pytest.raises(QgsProcessingException) as raised:
            _run("coverage", {"STATIONS": value, "RADIUS": 3000, "OUTPUT": "memory:"})
        assert f"STATIONS: {missing} does not exist." in str(raised.value)


# -- Processing: outputs QGIS could not open, or SQLite/GDAL not write -----------------------------------------------
def test_a_geopackage_output_qgis_could_not_open_is_refused_before_any_work(provider, qgis_new_project, tmp_path):
    """A station layer written by importstations into 'North%20Korea%203G/' was written, and then neither loaded by
    QGIS nor read by the next step (QGIS reads '%20' in the path as a space)."""
    stations = station_csv(tmp_path / "기지국.csv")
    out = tmp_path / ESCAPED
    out.mkdir()
    for destination in (out / "기지국.gpkg", out / "기지국"):  # (QGIS adds .gpkg to a name without an extension)
        with pytest.raises(QgsProcessingException, match=r"OUTPUT: QGIS cannot open the GeoPackage .*North%20Korea"
                                                         r"%203G/기지국.gpkg: GDAL reads '%20' in its path"):
            _run("importstations", {"INPUT": str(stations), "OUTPUT": str(destination)})
    with pytest.raises(QgsProcessingException, match="OUTPUT_DISSOLVED: QGIS cannot open the GeoPackage"):
        _run("coverage", {"STATIONS": str(stations), "RADIUS": 3000, "OUTPUT": "memory:",
                          "OUTPUT_DISSOLVED": str(out / "dissolved.gpkg")})
    assert list(out.iterdir()) == []
    # other formats there are written, and read by QGIS
    result = _run("importstations", {"INPUT": str(stations), "OUTPUT": str(out / "기지국.geojson")})
    assert QgsVectorLayer(result["OUTPUT"], "x", "ogr").featureCount() == 3


def test_geopackage_and_shapefile_outputs_too_long_for_sqlite_and_gdal_are_refused(provider, qgis_new_project,
                                                                                    tmp_path, monkeypatch):
    """A GeoPackage output over SQLite's 504 bytes (with the hidden folder it is written in first) failed at the end
    ("unable to open database file"); a shapefile over GDAL's 2,047 bytes was written as pieces into the working
    folder and the run failed. The longest GeoPackage path that fits is written."""
    stations = station_csv(tmp_path / "기지국.csv")
    work = tmp_path / "working folder"
    work.mkdir()
    monkeypatch.chdir(work)
    staged = len("/.bsm-12345678")
    fits = path_of_bytes(tmp_path / "fits", 504 - staged, "s.gpkg")
    result = _run("importstations", {"INPUT": str(stations), "OUTPUT": str(fits)})
    assert QgsVectorLayer(result["OUTPUT"], "x", "ogr").featureCount() == 3
    long_gpkg = path_of_bytes(tmp_path / "gpkg", 504 - staged + 1, "s.gpkg")
    with pytest.raises(QgsProcessingException, match=f"OUTPUT: {long_gpkg} is too long for a GeoPackage: SQLite "
                                                     f"reads and writes such files at paths of at most {504 - staged}"
                                                     f" bytes, and this one takes {504 - staged + 1}"):
        _run("importstations", {"INPUT": str(stations), "OUTPUT": str(long_gpkg)})
    long_shp = path_of_bytes(tmp_path / "shp", 2047 - staged + 1, "기지국.shp")
    with pytest.raises(QgsProcessingException, match=r"OUTPUT: .*기지국.shp is too long for a Shapefile: GDAL "):
        _run("importstations", {"INPUT": str(stations), "OUTPUT": str(long_shp)})
    assert list(long_gpkg.parent.iterdir()) == [] and list(long_shp.parent.iterdir()) == []
    assert list(work.iterdir()) == []


# -- detection: a raster in such a folder, a model's name --------------------------------------------------------------
def test_an_invalid_raster_in_a_folder_holding_a_bar_is_said_missing_by_its_whole_path(qgis_new_project, folder):
    """"its file .../자료#1 & ; , [x] 'q' a cannot be found": the folder cut at its '|'; a GeoPackage raster's
    'GPKG:<file>:<table>' was said to be a missing file."""
    from basestation_mapper.plugin.tasks.detect_task import invalid_layer_reason

    missing = folder / "위성 영상 #1.tif"
    layer = QgsRasterLayer(str(missing), "영상", "gdal")
    assert not layer.isValid()
    assert invalid_layer_reason(layer).startswith(f"its file {missing} cannot be found")
    gpkg = folder / "영상 모음 #2.gpkg"
    layer = QgsRasterLayer(f"GPKG:{gpkg}:tiles", "영상", "gdal")
    assert not layer.isValid()
    assert invalid_layer_reason(layer).startswith(f"its file {gpkg} cannot be found")


def test_an_onnx_model_given_as_a_path_is_named_by_its_file(qgis_new_project, folder):
    """A model given as a pathlib.Path (as a script passes it): "'PosixPath' object has no attribute 'rsplit'"
    after the whole search."""
    pytest.importorskip("onnx", reason="onnx (test-only) is not installed")
    pytest.importorskip("onnxruntime", reason="onnxruntime (test-only) is not installed")
    import onnx
    from onnx import TensorProto, helper
    from support.detect_data import write_plain

    from basestation_mapper.plugin.tasks.detect_task import prepare_detection

    node = helper.make_node("Constant", [], ["detections"], value=helper.make_tensor(
        "d", TensorProto.FLOAT, [1, 5], [8.0, 8.0, 24.0, 24.0, 0.9]))
    graph = helper.make_graph([node], "m", [helper.make_tensor_value_info("image", TensorProto.FLOAT,
                                                                          [1, 3, 64, 64])],
                              [helper.make_tensor_value_info("detections", TensorProto.FLOAT, [1, 5])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    path = folder / "모델 #1, v2.onnx"
    onnx.save(model, str(path))
    raster = write_plain(folder / "영상 #1.tif", np.full((3, 64, 64), 200, np.uint8),
                         (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5), 32652)
    layer = QgsRasterLayer(str(raster), "영상", "gdal")
    assert layer.isValid()
    result = prepare_detection(layer, model_path=path)(lambda _f: None, lambda: None)
    assert result.detector == "onnx 모델 #1, v2.onnx"
    assert len(result.candidates) == 1


# -- the import dialog: pasted paths ---------------------------------------------------------------------------------
def _dialog():
    from basestation_mapper.plugin.ui.import_dialog import ImportDialog

    dialog = ImportDialog(None, 150.0)
    dialog.show()
    return dialog


def test_a_pasted_file_url_of_a_folder_holding_a_hash_is_read(qgis_iface, tmp_path, python_errors):
    """'file:///.../자료 #1/x.csv' pasted as the path is written: QUrl read '#1/x.csv' as the URL's fragment, and the
    dialog looked for the file '.../자료 '."""
    folder = tmp_path / "자료 #1 ?x 50%20"
    folder.mkdir()
    path = station_csv(folder / "기지국 목록.csv")
    dialog = _dialog()
    dialog.file_widget.setFilePath(f"file://{path}")
    assert dialog.path() == str(path)
    assert dialog.layout_info is not None and dialog.preview.rowCount() == 3
    dialog.file_widget.setFilePath(f"  'file://{path}' ")
    assert dialog.path() == str(path)
    assert not python_errors
    dialog.deleteLater()


def test_sources_pasted_of_a_folder_holding_a_bar_name_the_whole_file(qgis_iface, tmp_path, python_errors):
    """A source with a part not understood was said of the file '.../a' (the folder cut at its '|'); a path pasted
    with a space after it, whose text before the '|' was a folder that exists, was not cleaned."""
    (tmp_path / "a").mkdir()
    folder = tmp_path / "a|b"
    folder.mkdir()
    path = station_csv(folder / "기지국 #1.csv")
    dialog = _dialog()
    dialog.file_widget.setFilePath(f"{path}|colour=red")
    assert dialog.path() == str(path)
    assert "'colour=red' after the file name is not understood" in dialog.source_problem()
    dialog.file_widget.setFilePath(f"{path} ")
    assert dialog.path() == str(path) and dialog.source_problem() is None
    assert dialog.layout_info is not None and dialog.preview.rowCount() == 3
    assert not python_errors
    dialog.deleteLater()


# -- a table read from a CSV, to a workbook ---------------------------------------------------------------------------
STATS_CSV = ("region,code,area_km2,covered_pop,covered_pct,stations,note,big_id,plus,spaced,nan,phone\n"
             "평안남도,007,12345.5,120000,45.25,12,,12345678901,+5,5,1,0101234567\n"
             "함경북도,012,99,,1.5e-05,3,보통,1,6, 6,nan,01098765432\n"
             "TOTAL,100,12444.5,120000,-0.5,15,,3,7,7,inf,123\n")


def test_a_table_read_from_a_csv_is_written_to_a_workbook_with_numbers_as_numbers(provider, qgis_new_project,
                                                                                   folder):
    """QGIS reads every column of a CSV as text: the statistics exported from stats.csv to .xlsx held text
    cells only, and GDAL read the workbook's first row as values (columns Field1, Field2...). A column of plain
    numbers is written as numbers (whole numbers as integers); ids with a leading zero, '+5', ' 6', 'nan' and
    'inf' keep their column as text."""
    table = folder / "통계 #1.csv"
    table.write_text(STATS_CSV, encoding="utf-8")
    assert {f.typeName() for f in QgsVectorLayer(str(table), "t", "ogr").fields()} == {"String"}
    out = folder / "통계 & 결과, #2.xlsx"
    result = _run("exporttable", {"INPUT": str(table), "OUTPUT": str(out)})
    assert result["ROWS"] == 3
    ds = gdal.OpenEx(str(out), gdal.OF_VECTOR)
    sheet = ds.GetLayer(0)
    definition = sheet.GetLayerDefn()
    types = {definition.GetFieldDefn(i).GetName(): definition.GetFieldDefn(i).GetTypeName()
             for i in range(definition.GetFieldCount())}
    assert types == {"region": "String", "code": "String", "area_km2": "Real", "covered_pop": "Integer",
                     "covered_pct": "Real", "stations": "Integer", "note": "String", "big_id": "Integer64",
                     "plus": "String", "spaced": "String", "nan": "String", "phone": "String"}
    rows = [feature.items() for feature in sheet]
    assert [r["code"] for r in rows] == ["007", "012", "100"]
    assert [r["area_km2"] for r in rows] == [12345.5, 99.0, 12444.5]
    assert [r["covered_pop"] for r in rows] == [120000, None, 120000]
    assert [r["covered_pct"] for r in rows] == [45.25, 1.5e-05, -0.5]
    assert [r["big_id"] for r in rows] == [12345678901, 1, 3]
    assert [r["plus"] for r in rows] == ["+5", "6", "7"]
    assert [r["phone"] for r in rows] == ["0101234567", "01098765432", "123"]
    # QGIS reads it back so too
    layer = QgsVectorLayer(str(out), "xlsx", "ogr")
    assert layer.isValid() and layer.fields().names()[:4] == ["region", "code", "area_km2", "covered_pop"]
    assert layer.fields().field("stations").isNumeric() and not layer.fields().field("code").isNumeric()
    # a CSV stays as it was read
    csv = folder / "통계 #3.csv"
    _run("exporttable", {"INPUT": str(table), "OUTPUT": str(csv)})
    assert csv.read_text(encoding="utf-8-sig").splitlines()[1].startswith("평안남도,007,12345.5,120000,45.25,12,,")
