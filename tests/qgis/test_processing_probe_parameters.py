"""Parameter values as users type them (qgis_process, scripts): a CRS as a PROJ string, a number or a yes/no
that is none, a layer path that does not exist. Each is read as meant or refused naming the parameter and why."""

from __future__ import annotations

import json

import pytest
from qgis.core import QgsProcessingContext, QgsProcessingException

pytestmark = pytest.mark.usefixtures("provider")

UTM52 = "+proj=utm +zone=52 +datum=WGS84 +units=m +no_defs"


def _alg(alg_id):
    from qgis.core import QgsApplication

    return QgsApplication.processingRegistry().createAlgorithmById(f"basestationmapper:{alg_id}")


def _check(alg_id, params):
    return _alg(alg_id).checkParameterValues(params, QgsProcessingContext())


def _utm_csv(folder):
    path = folder / "utm.csv"
    path.write_text("id,name,east,north\n" + "".join(
        f"{i},s{i},{300000 + i * 1000},{4200000 + i * 500}\n" for i in range(5)), encoding="utf-8")
    return path


def _station_csv(folder):
    path = folder / "stations.csv"
    path.write_text("name,lon,lat\n" + "".join(f"s{i},{127 + i * 0.01},{37 + i * 0.01}\n" for i in range(5)),
                    encoding="utf-8")
    return path


def test_importstations_reads_x_y_in_a_crs_given_as_a_proj_string(tmp_path):
    import processing

    out = tmp_path / "u.geojson"
    processing.run("basestationmapper:importstations", {
        "INPUT": str(_utm_csv(tmp_path)), "X_FIELD": "east", "Y_FIELD": "north", "CRS": UTM52,
        "OUTPUT": str(out)})
    first = json.loads(out.read_text(encoding="utf-8"))["features"][0]["geometry"]["coordinates"]
    assert first == pytest.approx([126.7244718, 37.9255817], abs=1e-6)


@pytest.mark.parametrize("crs", ["EPSG:99999", "not a crs"])
def test_a_crs_qgis_does_not_know_is_refused_naming_the_parameter(tmp_path, crs):
    ok, message = _check("importstations", {"INPUT": str(_utm_csv(tmp_path)), "X_FIELD": "east",
                                            "Y_FIELD": "north", "CRS": crs, "OUTPUT": "TEMPORARY_OUTPUT"})
    assert not ok and message.startswith("CRS:") and repr(crs) in message, message


def test_a_number_out_of_range_or_not_a_number_says_which_and_why(tmp_path):
    csv = str(_station_csv(tmp_path))
    ok, message = _check("mergestations", {"INPUT": [csv], "DISTANCE": -5, "OUTPUT": "TEMPORARY_OUTPUT"})
    assert not ok and message.startswith("DISTANCE:") and "-5" in message and "0" in message, message
    ok, message = _check("importstations", {"INPUT": csv, "MERGE_DISTANCE": "abc", "OUTPUT": "TEMPORARY_OUTPUT"})
    assert not ok and message.startswith("MERGE_DISTANCE:") and "'abc'" in message, message
    with pytest.raises(QgsProcessingException, match="MERGE_DISTANCE"):
        import processing

        processing.run("basestationmapper:importstations", {"INPUT": csv, "MERGE_DISTANCE": "abc",
                                                              "OUTPUT": str(tmp_path / "never.gpkg")})
    assert not (tmp_path / "never.gpkg").exists()


def test_a_yes_no_parameter_refuses_a_word_that_is_neither(tmp_path):
    csv = str(_station_csv(tmp_path))
    ok, message = _check("mergestations", {"INPUT": [csv], "MATCH_TECHNOLOGY": "maybe", "OUTPUT": "TEMPORARY_OUTPUT"})
    assert not ok and message.startswith("MATCH_TECHNOLOGY:") and "'maybe'" in message, message
    for word in ("yes", "No", "true", "0", "on", True):
        ok, message = _check("mergestations", {"INPUT": [csv], "MATCH_TECHNOLOGY": word,
                                               "OUTPUT": "TEMPORARY_OUTPUT"})
        assert ok, (word, message)


def test_a_layer_path_that_does_not_exist_is_named_as_missing(tmp_path):
    missing = str(tmp_path / "nothere.gpkg")
    ok, message = _check("mergestations", {"INPUT": [str(_station_csv(tmp_path)), missing],
                                           "OUTPUT": "TEMPORARY_OUTPUT"})
    assert not ok and message.startswith("INPUT:") and missing in message and "does not exist" in message, message


def test_an_enum_option_that_is_none_lists_the_options(tmp_path):
    ok, message = _check("importstations", {"INPUT": str(_station_csv(tmp_path)), "STATUS": "bogus",
                                            "OUTPUT": "TEMPORARY_OUTPUT"})
    assert not ok and message.startswith("STATUS:") and "candidate, confirmed, rejected" in message, message


def test_a_layer_of_the_wrong_kind_is_named_as_such_not_as_missing(tmp_path):
    csv = str(_station_csv(tmp_path))
    ok, message = _check("exportraster", {"INPUT": csv, "OUTPUT": str(tmp_path / "x.tif")})
    # QGIS said 'Could not load source layer for INPUT: ... not found' of a file that is there
    assert not ok and message.startswith("INPUT:") and "is not a raster layer" in message, message


def test_an_extent_that_is_none_says_how_to_give_one(tmp_path):
    import numpy as np
    from osgeo import gdal, osr

    path = str(tmp_path / "image.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 20, 20, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((300000.0, 1.0, 0.0, 4200000.0, 0.0, -1.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(np.random.default_rng(1).integers(0, 255, (20, 20)).astype("uint8"))
    ds = None
    ok, message = _check("detect", {"INPUT": path, "EXTENT": "1,2,3", "OUTPUT": "TEMPORARY_OUTPUT"})
    assert not ok and message.startswith("EXTENT:") and "xmin,xmax,ymin,ymax" in message, message


def test_an_option_given_by_its_name_is_not_blamed_for_another_parameter(tmp_path):
    """With another parameter refused, an enum of numbers given by an option's name (VERTICAL_UNIT=foot, which QGIS
    3.22 alone refuses) was not named as a problem."""
    csv = str(_station_csv(tmp_path))
    ok, message = _check("coverage", {"STATIONS": csv, "VERTICAL_UNIT": "foot", "MODEL": "HATA", "RADIUS": -1,
                                      "OUTPUT": "TEMPORARY_OUTPUT"})
    assert not ok and message.startswith("RADIUS:") and "VERTICAL_UNIT" not in message and "MODEL" not in message, \
        message


@pytest.mark.parametrize(("alg_id", "params", "missing"), [
    ("mergestations", {"OUTPUT": "TEMPORARY_OUTPUT"}, "INPUT"),
    ("coveragestats", {"STATIONS": "unused.gpkg", "OUTPUT": "TEMPORARY_OUTPUT"}, "REGIONS"),
    ("importstations", {"OUTPUT": "TEMPORARY_OUTPUT"}, "INPUT"),
])
def test_a_required_parameter_left_out_is_said_to_be_required(alg_id, params, missing):
    ok, message = _check(alg_id, params)
    # QGIS: 'Incorrect parameter value for INPUT'
    assert not ok and f"{missing}: not given; it is required" in message, message
