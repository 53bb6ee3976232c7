"""A population raster QGIS computes on the fly (provider virtualraster: the raster calculator's 'create on-the-fly
raster') counts as the same values saved as a GeoTIFF: written once to a temporary GeoTIFF, then removed."""

from __future__ import annotations

import tempfile

import numpy as np
import pytest
from qgis.core import QgsProject, QgsRasterDataProvider, QgsRasterLayer
from support.coverage import cancel_dock_run_when, features, polygon_layer, station_layer, write_raster
from support.processing_feedback import CancelWhileWriting, Feedback

pytestmark = pytest.mark.skipif(not hasattr(QgsRasterDataProvider, "encodeVirtualRasterProviderUri"),
                                reason="this QGIS cannot build a virtual raster's URI (before 3.18)")

X0, Y0 = 400000.0, 4420000.0  # UTM 52N


def _counts(shape, seed):
    """People per cell (0-5, a few nodata -1)."""
    rng = np.random.default_rng(seed)
    values = np.round(rng.random(shape) * 5.0, 2)
    values[rng.random(shape) < 0.05] = -1.0
    return values


def _virtual(folder, values, res):
    """A virtual raster doubling the GeoTIFF of ``values`` (nodata -1), as the raster calculator makes it."""
    path = write_raster(folder / "counts.tif", values, (X0, res, 0.0, Y0, 0.0, -res), crs="EPSG:32652", nodata=-1.0)
    source = QgsRasterLayer(path, "counts")
    params = QgsRasterDataProvider.VirtualRasterParameters()
    params.crs = source.crs()
    params.extent = source.extent()
    params.height, params.width = values.shape
    params.formula = '"counts@1" * 2'
    entry = QgsRasterDataProvider.VirtualRasterInputLayers()
    entry.name, entry.uri, entry.provider = "counts", path, "gdal"
    params.rInputLayers = [entry]
    virtual = QgsRasterLayer(QgsRasterDataProvider.encodeVirtualRasterProviderUri(params), "Doubled counts",
                             "virtualraster")
    assert virtual.isValid() and virtual.providerType() == "virtualraster"
    return source, virtual


def _scene(width_m, height_m):
    half = width_m / 2
    regions = polygon_layer([
        f"POLYGON(({X0} {Y0},{X0 + half} {Y0},{X0 + half} {Y0 - height_m},{X0} {Y0 - height_m},{X0} {Y0}))",
        f"POLYGON(({X0 + half} {Y0},{X0 + width_m} {Y0},{X0 + width_m} {Y0 - height_m},{X0 + half} {Y0 - height_m},"
        f"{X0 + half} {Y0}))"], crs="EPSG:32652", names=["West", "East"])
    stations = station_layer([(X0 + 0.3 * width_m, Y0 - 0.5 * height_m), (X0 + 0.7 * width_m, Y0 - 0.4 * height_m)],
                             crs="EPSG:32652", radius_m=[3000.0, 2000.0])
    return regions, stations


def _run(params, feedback=None):
    import processing

    return processing.run("basestationmapper:coveragestats", params, feedback=feedback)


@pytest.fixture
def temp_folder(tmp_path, monkeypatch):
    """The system's temporary folder of this test (where the computed raster is written)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_coveragestats_counts_a_computed_population_raster_as_its_geotiff(plugin, tmp_path, temp_folder):
    """coveragestats refused it: 'population raster 'Doubled counts' is not read from a file (provider
    virtualraster): save its values as a GeoTIFF'. It counts the same people as the values saved as a GeoTIFF,
    the log says so, and no temporary file is left."""
    values = _counts((120, 160), seed=7)
    source, virtual = _virtual(tmp_path, values, 100.0)
    doubled = np.where(values < 0, -1.0, values * 2)
    saved = QgsRasterLayer(write_raster(tmp_path / "doubled.tif", doubled, (X0, 100.0, 0.0, Y0, 0.0, -100.0),
                                        crs="EPSG:32652", nodata=-1.0), "doubled")
    regions, stations = _scene(16000.0, 12000.0)
    QgsProject.instance().addMapLayers([source, virtual, saved, regions, stations])
    tables = {}
    for name, population in (("computed", virtual), ("file", saved)):
        feedback = Feedback()
        out = _run({"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "POPULATION": population,
                    "OUTPUT": "memory:"}, feedback)
        tables[name] = {row["region"]: row for row in features(out["OUTPUT"])}
        if name == "computed":
            said = [i for i in feedback.infos if "computed by QGIS" in i]
            assert said == ["Population raster 'Doubled counts' is computed by QGIS (provider virtualraster): its "
                            "values were written once to a temporary GeoTIFF, read for this run and then removed."]
            assert not any("counts" in w or "population.tif" in w for w in feedback.warnings), feedback.warnings
    assert tables["file"]["TOTAL"]["covered_pop"] > 0
    for region in ("West", "East", "TOTAL"):
        for column in ("population", "covered_pop", "covered_pop_min", "covered_pop_max", "covered_km2"):
            assert tables["computed"][region][column] == pytest.approx(tables["file"][region][column], rel=1e-9), \
                (region, column)
    assert list(temp_folder.iterdir()) == []
    QgsProject.instance().removeMapLayers([layer.id() for layer in (source, virtual, saved, regions, stations)])


def test_coveragestats_canceled_while_writing_the_computed_raster_leaves_no_file(plugin, tmp_path, temp_folder):
    values = _counts((600, 1100), seed=8)  # several blocks of QGIS's writer: canceled between two
    source, virtual = _virtual(tmp_path, values, 20.0)
    regions, stations = _scene(22000.0, 12000.0)
    QgsProject.instance().addMapLayers([source, virtual, regions, stations])
    out = tmp_path / "out"
    out.mkdir()
    feedback = CancelWhileWriting(temp_folder)
    result = _run({"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "POPULATION": virtual,
                   "OUTPUT": str(out / "stats.gpkg"), "OUTPUT_CSV": str(out / "stats.csv")}, feedback)
    assert feedback.seen_file and feedback.isCanceled()
    assert result == {} and "Canceled: nothing was written." in feedback.errors
    assert not any("computed by QGIS" in i for i in feedback.infos)
    assert list(temp_folder.iterdir()) == [] and list(out.iterdir()) == []
    QgsProject.instance().removeMapLayers([layer.id() for layer in (source, virtual, regions, stations)])


def test_the_dock_and_its_live_statistics_count_a_computed_population_raster(plugin, tmp_path, temp_folder,
                                                                            message_log):
    """The dock refused it ('save its values as a GeoTIFF'); it counts what the GeoTIFF of its values counts, and
    the live statistics keep the raster read once: an edit of the stations does not write it again."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY
    from support.coverage import wait_for_coverage

    values = _counts((120, 160), seed=9)
    source, virtual = _virtual(tmp_path, values, 100.0)
    saved = QgsRasterLayer(write_raster(tmp_path / "doubled.tif", np.where(values < 0, -1.0, values * 2),
                                        (X0, 100.0, 0.0, Y0, 0.0, -100.0), crs="EPSG:32652", nodata=-1.0), "doubled")
    regions, stations = _scene(16000.0, 12000.0)
    QgsProject.instance().addMapLayers([source, virtual, saved, regions, stations])
    section = plugin.dock.sections["coverage"]
    section.live_check.setChecked(False)
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.region_field.setField("name")
    section.points_combo.setLayer(None)
    tables = {}
    try:
        for name, population in (("file", saved), ("computed", virtual)):
            section.raster_combo.setLayer(population)
            result = wait_for_coverage(section, section.run)
            assert not isinstance(result, Exception), result
            tables[name] = section.table_frame.set_index("region")
        columns = ["population", "covered_pop", "covered_pop_min", "covered_pop_max"]
        assert tables["file"].loc["TOTAL", "covered_pop"] > 0
        assert np.allclose(tables["computed"][columns].to_numpy(float), tables["file"][columns].to_numpy(float),
                           rtol=1e-9)
        written = [m for m, *_ in message_log if "computed by QGIS" in m]
        assert written == ["Population raster 'Doubled counts' is computed by QGIS (provider virtualraster): its "
                           "values were written once to a temporary GeoTIFF, read for this run and then removed."]
        assert list(temp_folder.iterdir()) == []
        live = section.runner.live
        assert live is not None
        section.live_check.setChecked(True)
        wait_for_coverage(section)  # turning live on refreshes once
        stations.startEditing()
        feat = QgsFeature(stations.fields())
        feat["station_id"] = "new"
        feat["technology"] = "3G"
        feat["radius_m"] = 1500.0
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(X0 + 12000.0, Y0 - 9000.0)))
        stations.addFeature(feat)
        wait_for_coverage(section)
        assert section.runner.live is live  # updated in place: the raster not written again
        assert len([m for m, *_ in message_log if "computed by QGIS" in m]) == 1
        assert section.table_frame.set_index("region").loc["TOTAL", "covered_pop"] > \
            tables["computed"].loc["TOTAL", "covered_pop"]
        assert list(temp_folder.iterdir()) == []
        stations.rollBack()
    finally:
        section.live_check.setChecked(False)
        section.runner.shutdown()


def test_coverage_aligns_its_grid_to_a_computed_raster_as_to_its_geotiff(plugin, tmp_path, temp_folder):
    """basestationmapper:coverage refused a computed POPULATION raster to align its grid to; the count raster is
    on the cells the GeoTIFF of the same values gives."""
    import processing
    from osgeo import gdal

    values = _counts((120, 160), seed=10)
    source, virtual = _virtual(tmp_path, values, 100.0)
    saved = QgsRasterLayer(write_raster(tmp_path / "doubled.tif", np.where(values < 0, -1.0, values * 2),
                                        (X0, 100.0, 0.0, Y0, 0.0, -100.0), crs="EPSG:32652", nodata=-1.0), "doubled")
    _regions, stations = _scene(16000.0, 12000.0)
    QgsProject.instance().addMapLayers([source, virtual, saved, stations])
    grids = {}
    for name, population in (("computed", virtual), ("file", saved)):
        out = processing.run("basestationmapper:coverage", {
            "STATIONS": stations, "POPULATION": population, "OUTPUT": "memory:",
            "OUTPUT_RASTER": str(tmp_path / f"count_{name}.tif")})
        ds = gdal.Open(out["OUTPUT_RASTER"])
        grids[name] = (ds.GetGeoTransform(), ds.RasterXSize, ds.RasterYSize, ds.GetRasterBand(1).ReadAsArray())
        ds = None
    assert grids["computed"][:3] == grids["file"][:3] and grids["file"][0][1] == 100.0
    assert (grids["computed"][3] == grids["file"][3]).all()
    assert list(temp_folder.iterdir()) == []
    QgsProject.instance().removeMapLayers([layer.id() for layer in (source, virtual, saved, stations)])


def test_a_computed_raster_that_cannot_be_written_is_named(plugin, tmp_path, monkeypatch):
    """No temporary folder can be made (the system's temporary folder is a file here): coveragestats says which
    layer could not be written where, and writes nothing."""
    from qgis.core import QgsProcessingException

    blocked = tmp_path / "not a folder"
    blocked.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(blocked))
    values = _counts((40, 50), seed=11)
    source, virtual = _virtual(tmp_path, values, 100.0)
    regions, stations = _scene(5000.0, 4000.0)
    QgsProject.instance().addMapLayers([source, virtual, regions, stations])
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(QgsProcessingException, match=(
            r"^population raster 'Doubled counts' is computed by QGIS \(provider virtualraster\) and could not be "
            r"written to a temporary GeoTIFF in .*not a folder \(.+\): check the free space there, or save the layer "
            r"as a GeoTIFF")):
        _run({"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "POPULATION": virtual,
              "OUTPUT": str(out / "stats.gpkg")})
    assert list(out.iterdir()) == []
    QgsProject.instance().removeMapLayers([layer.id() for layer in (source, virtual, regions, stations)])


def test_the_report_counts_a_computed_population_raster_as_its_geotiff(plugin, tmp_path, temp_folder):
    """The report (through coveragestats) refused it; its table shows the numbers of the values saved as a
    GeoTIFF and its methods name the computed layer."""
    import shutil
    import subprocess

    import processing

    from basestation_mapper.plugin.core.tables import report_table
    from basestation_mapper.plugin.qgis_io.export import snapshot, snapshot_frame

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    values = _counts((60, 80), seed=12)
    source, virtual = _virtual(tmp_path, values, 100.0)
    saved = QgsRasterLayer(write_raster(tmp_path / "doubled.tif", np.where(values < 0, -1.0, values * 2),
                                        (X0, 100.0, 0.0, Y0, 0.0, -100.0), crs="EPSG:32652", nodata=-1.0), "doubled")
    regions, stations = _scene(8000.0, 6000.0)
    QgsProject.instance().addMapLayers([source, virtual, saved, regions, stations])
    common = {"STATIONS": stations, "RADIUS": 2000.0, "REGIONS": regions, "REGION_FIELD": "name"}
    stats = processing.run("basestationmapper:coveragestats", {**common, "POPULATION": saved,
                                                               "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    expected = report_table(snapshot_frame(snapshot(stats)))
    out = processing.run("basestationmapper:report", {**common, "POPULATION": virtual,
                                                      "OUTPUT_PDF": str(tmp_path / "report.pdf")})
    text = subprocess.run(["pdftotext", "-layout", out["OUTPUT_PDF"], "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    for row in expected[1:]:
        assert " ".join(row) in flat, row
    assert "Population: raster Doubled counts." in flat
    assert list(temp_folder.iterdir()) == []
    QgsProject.instance().removeMapLayers([layer.id() for layer in (source, virtual, saved, regions, stations)])


def test_the_dock_run_canceled_while_writing_the_computed_raster_leaves_no_file(plugin, tmp_path, temp_folder):
    """The dock's run canceled (a newer request, the task manager's cancel) while it writes the computed raster:
    no result is applied and its temporary GeoTIFF is removed."""


    values = _counts((600, 1100), seed=13)
    source, virtual = _virtual(tmp_path, values, 20.0)
    regions, stations = _scene(22000.0, 12000.0)
    QgsProject.instance().addMapLayers([source, virtual, regions, stations])
    section = plugin.dock.sections["coverage"]
    section.live_check.setChecked(False)
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.region_field.setField("name")
    section.points_combo.setLayer(None)
    section.raster_combo.setLayer(virtual)
    results = []
    section.runner.resultReady.connect(lambda *args: results.append(args))
    try:
        # canceled as soon as its temporary file is seen (its result only reaches the panel through events)
        cancel_dock_run_when(section, lambda: any(temp_folder.rglob("*.tif")), "its temporary GeoTIFF")
        assert results == [] and section.table_frame is None
        assert list(temp_folder.iterdir()) == []
    finally:
        section.runner.shutdown()
        QgsProject.instance().removeMapLayers([layer.id() for layer in (source, virtual, regions, stations)])
