"""A population raster that is not a local file GDAL reads by its path (a GDAL layer opened with options, of
/vsimem/, a WCS or PostGIS raster...) counts as QGIS reads it: written once through QGIS to a temporary GeoTIFF,
then removed, as a raster computed on the fly is; a plain local file is read directly."""

from __future__ import annotations

import os
import tempfile

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRasterLayer, QgsRasterRange
from support.coverage import features, polygon_layer, station_layer, write_raster
from support.processing_feedback import CancelWhileWriting, Feedback

X0, Y0 = 400000.0, 4420000.0  # UTM 52N
SHIFT = 3000.0  # where the world file places the raster (m east of its internal georeferencing)
READ_THROUGH_QGIS = "is not a local file GDAL reads by its path"


def _counts(shape, seed):
    """People per cell (0-5, a few nodata -1, a few 9 that the layer marks as no data in QGIS)."""
    rng = np.random.default_rng(seed)
    values = np.round(rng.random(shape) * 5.0, 2)
    values[rng.random(shape) < 0.05] = -1.0
    values[rng.random(shape) < 0.05] = 9.0
    return values


def _scene(width_m, height_m):
    half = width_m / 2
    regions = polygon_layer([
        f"POLYGON(({X0} {Y0},{X0 + half} {Y0},{X0 + half} {Y0 - height_m},{X0} {Y0 - height_m},{X0} {Y0}))",
        f"POLYGON(({X0 + half} {Y0},{X0 + width_m} {Y0},{X0 + width_m} {Y0 - height_m},{X0 + half} {Y0 - height_m},"
        f"{X0 + half} {Y0}))"], crs="EPSG:32652", names=["West", "East"])
    stations = station_layer([(X0 + 0.3 * width_m, Y0 - 0.5 * height_m), (X0 + 0.7 * width_m, Y0 - 0.4 * height_m)],
                             crs="EPSG:32652", radius_m=[3000.0, 2000.0])
    return regions, stations


def _stats(population, regions, stations, feedback=None, **extra):
    import processing

    out = processing.run("basestationmapper:coveragestats", {
        "STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "POPULATION": population,
        "OUTPUT": "memory:", **extra}, feedback=feedback)
    return {row["region"]: row for row in features(out["OUTPUT"])}


def _same(table, expected):
    assert expected["TOTAL"]["covered_pop"] > 0
    for region in ("West", "East", "TOTAL"):
        for column in ("population", "covered_pop", "covered_pop_min", "covered_pop_max", "covered_km2"):
            assert table[region][column] == pytest.approx(expected[region][column], rel=1e-9), (region, column)


def _world_file_layer(folder, values, res):
    """A GeoTIFF whose internal georeferencing is at X0 and whose world file puts it SHIFT m east, opened in QGIS
    with GEOREF_SOURCES=WORLDFILE (its CRS set in QGIS: the world file has none); and the same values written at
    the place QGIS shows them."""
    path = write_raster(folder / "counts.tif", values, (X0, res, 0.0, Y0, 0.0, -res), crs="EPSG:32652",
                        nodata=-1.0)
    (folder / "counts.tfw").write_text(f"{res}\n0\n0\n{-res}\n{X0 + SHIFT + res / 2}\n{Y0 - res / 2}\n")
    layer = QgsRasterLayer(path + "|option:GEOREF_SOURCES=WORLDFILE", "Counts by world file")
    layer.setCrs(QgsCoordinateReferenceSystem("EPSG:32652"))
    assert layer.isValid() and layer.extent().xMinimum() == pytest.approx(X0 + SHIFT)
    saved = QgsRasterLayer(write_raster(folder / "placed.tif", values, (X0 + SHIFT, res, 0.0, Y0, 0.0, -res),
                                        crs="EPSG:32652", nodata=-1.0), "placed")
    return layer, saved


@pytest.fixture
def temp_folder(tmp_path, monkeypatch):
    """The system's temporary folder of this test (where the raster is written)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_coveragestats_counts_a_layer_opened_with_options_where_qgis_places_it(plugin, tmp_path, temp_folder):
    """A GDAL layer opened with GEOREF_SOURCES=WORLDFILE (placed by its world file, 3 km east of its internal
    georeferencing) was counted where GDAL opening the bare path places it, other people than QGIS shows; it counts
    as the same values at the place QGIS shows them, the log saying it was read through QGIS."""
    values = _counts((80, 100), seed=21)
    layer, saved = _world_file_layer(tmp_path, values, 100.0)
    regions, stations = _scene(16000.0, 9000.0)
    QgsProject.instance().addMapLayers([layer, saved, regions, stations])
    try:
        feedback = Feedback()
        table = _stats(layer, regions, stations, feedback)
        _same(table, _stats(saved, regions, stations))
        assert [i for i in feedback.infos if READ_THROUGH_QGIS in i] == [
            "Population raster 'Counts by world file' is not a local file GDAL reads by its path (provider gdal): its "
            "values were read through QGIS, written once to a temporary GeoTIFF, read for this run and then removed."]
        assert not any("population.tif" in w for w in feedback.warnings), feedback.warnings
        assert list(temp_folder.iterdir()) == []
    finally:
        QgsProject.instance().removeMapLayers([lay.id() for lay in (layer, saved, regions, stations)])


def test_a_vsimem_layer_keeps_the_no_data_set_in_qgis(plugin, tmp_path, temp_folder):
    """A GDAL layer of /vsimem/ (no file: another process cannot read it) is read through QGIS; the no data the
    layer sets in QGIS (an additional value 9, the file's own nodata -1 unticked) counts as it does for the same
    file on disk with the same settings, and a plain local file is still read directly (nothing written)."""
    values = _counts((80, 100), seed=22)
    path = write_raster(tmp_path / "counts.tif", values, (X0, 100.0, 0.0, Y0, 0.0, -100.0), crs="EPSG:32652",
                        nodata=-1.0)
    memory = "/vsimem/bsm_test_population_counts.tif"
    gdal.Translate(memory, path)
    try:
        in_memory = QgsRasterLayer(memory, "Counts in memory")
        on_disk = QgsRasterLayer(path, "Counts on disk")
        assert in_memory.isValid() and on_disk.isValid()
        for layer in (in_memory, on_disk):
            layer.dataProvider().setUserNoDataValue(1, [QgsRasterRange(9.0, 9.0)])
            layer.dataProvider().setUseSourceNoDataValue(1, False)  # -1 counts as nobody still (negative)
        regions, stations = _scene(16000.0, 9000.0)
        QgsProject.instance().addMapLayers([in_memory, on_disk, regions, stations])
        feedback = Feedback()
        table = _stats(in_memory, regions, stations, feedback)
        on_disk_feedback = Feedback()
        expected = _stats(on_disk, regions, stations, on_disk_feedback)
        _same(table, expected)
        # the 9s are no data: fewer people than the file holds without QGIS's settings
        plain = _stats(QgsRasterLayer(path, "plain"), regions, stations)
        assert expected["TOTAL"]["population"] < plain["TOTAL"]["population"]
        assert len([i for i in feedback.infos if READ_THROUGH_QGIS in i]) == 1
        assert not any(READ_THROUGH_QGIS in i for i in on_disk_feedback.infos)
        assert list(temp_folder.iterdir()) == []
        QgsProject.instance().removeMapLayers([lay.id() for lay in (in_memory, on_disk, regions, stations)])
    finally:
        gdal.Unlink(memory)


def test_a_layer_of_a_file_in_a_local_zip_is_read_directly(plugin, tmp_path, temp_folder):
    """A GeoTIFF in a zip on this computer (/vsizip/) is a file GDAL reads by its path: nothing is written."""
    import zipfile

    values = _counts((40, 50), seed=23)
    path = write_raster(tmp_path / "counts.tif", values, (X0, 100.0, 0.0, Y0, 0.0, -100.0), crs="EPSG:32652",
                        nodata=-1.0)
    with zipfile.ZipFile(tmp_path / "counts.zip", "w") as archive:
        archive.write(path, "counts.tif")
    zipped = QgsRasterLayer(f"/vsizip/{tmp_path / 'counts.zip'}/counts.tif", "Zipped counts")
    assert zipped.isValid()
    regions, stations = _scene(5000.0, 4000.0)
    QgsProject.instance().addMapLayers([zipped, regions, stations])
    feedback = Feedback()
    table = _stats(zipped, regions, stations, feedback)
    _same(table, _stats(QgsRasterLayer(path, "counts"), regions, stations))
    assert not any(READ_THROUGH_QGIS in i for i in feedback.infos)
    QgsProject.instance().removeMapLayers([lay.id() for lay in (zipped, regions, stations)])


def test_coveragestats_canceled_while_reading_through_qgis_leaves_no_file(plugin, tmp_path, temp_folder):
    values = _counts((600, 1100), seed=24)  # several blocks of QGIS's writer: canceled between two
    layer, _saved = _world_file_layer(tmp_path, values, 20.0)
    regions, stations = _scene(22000.0, 12000.0)
    QgsProject.instance().addMapLayers([layer, regions, stations])
    out = tmp_path / "out"
    out.mkdir()
    feedback = CancelWhileWriting(temp_folder)
    import processing

    result = processing.run("basestationmapper:coveragestats", {
        "STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "POPULATION": layer,
        "OUTPUT": str(out / "stats.gpkg"), "OUTPUT_CSV": str(out / "stats.csv")}, feedback=feedback)
    assert feedback.seen_file and feedback.isCanceled()
    assert result == {} and "Canceled: nothing was written." in feedback.errors
    assert not any(READ_THROUGH_QGIS in i for i in feedback.infos)
    assert list(temp_folder.iterdir()) == [] and list(out.iterdir()) == []
    QgsProject.instance().removeMapLayers([lay.id() for lay in (layer, regions, stations)])


def test_the_dock_counts_a_layer_opened_with_options_where_qgis_places_it(plugin, tmp_path, temp_folder,
                                                                          message_log):
    from support.coverage import wait_for_coverage

    values = _counts((80, 100), seed=25)
    layer, saved = _world_file_layer(tmp_path, values, 100.0)
    regions, stations = _scene(16000.0, 9000.0)
    QgsProject.instance().addMapLayers([layer, saved, regions, stations])
    section = plugin.dock.sections["coverage"]
    section.live_check.setChecked(False)
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.region_field.setField("name")
    section.points_combo.setLayer(None)
    tables = {}
    try:
        for name, population in (("file", saved), ("options", layer)):
            section.raster_combo.setLayer(population)
            result = wait_for_coverage(section, section.run)
            assert not isinstance(result, Exception), result
            tables[name] = section.table_frame.set_index("region")
        columns = ["population", "covered_pop", "covered_pop_min", "covered_pop_max"]
        assert tables["file"].loc["TOTAL", "covered_pop"] > 0
        assert np.allclose(tables["options"][columns].to_numpy(float), tables["file"][columns].to_numpy(float),
                           rtol=1e-9)
        assert len([m for m, *_ in message_log if READ_THROUGH_QGIS in m]) == 1
        assert list(temp_folder.iterdir()) == []
    finally:
        section.runner.shutdown()
        QgsProject.instance().removeMapLayers([lay.id() for lay in (layer, saved, regions, stations)])


@pytest.mark.parametrize("variable, provider", [("BSM_TEST_WCS_URI", "wcs"),
                                                ("BSM_TEST_POSTGIS_RASTER_URI", "postgresraster")])
def test_a_server_raster_counts_as_qgis_reads_it(plugin, temp_folder, variable, provider):
    """WCS and PostGIS rasters were refused ('not read from a file: save its values as a GeoTIFF'); they are read
    through QGIS. Needs a server: set the variable to a layer URI of a raster of people per cell in EPSG:32652
    covering 400000-416000 E, 4411000-4420000 N (e.g. the GeoTIFF of the tests above served by GeoServer)."""
    uri = os.environ.get(variable)
    if not uri:
        pytest.skip(f"needs a {provider} server: set {variable} to the layer URI of a population raster")
    layer = QgsRasterLayer(uri, "Served counts", provider)
    assert layer.isValid(), f"{variable}: {uri} is not a valid {provider} layer"
    regions, stations = _scene(16000.0, 9000.0)
    QgsProject.instance().addMapLayers([layer, regions, stations])
    feedback = Feedback()
    table = _stats(layer, regions, stations, feedback)
    assert table["TOTAL"]["population"] > 0
    assert len([i for i in feedback.infos if READ_THROUGH_QGIS in i]) == 1
    assert list(temp_folder.iterdir()) == []
    QgsProject.instance().removeMapLayers([lay.id() for lay in (layer, regions, stations)])
