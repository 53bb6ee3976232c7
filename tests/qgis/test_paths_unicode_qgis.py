"""Files in folders named as analysts name them, in QGIS: raster layers of a folder holding '|' (a layer source's
separator) read from their whole path, GeoPackages where QGIS 3.22 cannot open them ('%20' in the path) or SQLite
cannot write them (a path over 504 bytes) refused with the reason, and `make demo` into such a folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, ogr
from qgis.core import QgsRasterLayer, QgsVectorLayer
from support.export_layers import station_frame, station_layer
from support.paths import ESCAPED, FOLDER, POSIX_ONLY, analyst_folder, path_of_bytes
from support.rasters import write_raster

from basestation_mapper.plugin.core.safe_write import ExportError
from basestation_mapper.plugin.qgis_io import coverage_io as cio
from basestation_mapper.plugin.qgis_io import dem, imagery
from basestation_mapper.plugin.qgis_io import export as ex
from basestation_mapper.plugin.qgis_io import station_layer as sl

pytestmark = POSIX_ONLY


@pytest.fixture
def folder(tmp_path) -> Path:
    return analyst_folder(tmp_path)


def _dem(path: Path) -> str:
    """Heights rising to the east, 60 x 40 cells of 0.001° near Pyongyang."""
    heights = np.tile(np.linspace(20.0, 400.0, 60, dtype="float32"), (40, 1))
    return write_raster(path, heights, (125.70, 0.001, 0.0, 39.05, 0.0, -0.001), nodata=-9999.0)


def test_raster_layers_of_a_folder_holding_a_bar_are_read_from_their_whole_path(qgis_new_project, folder):
    """The population raster, the DEM and the imagery were read from the source cut at its first '|' (the folder
    '.../자료#1 & ; , [x] 'q' a'): "cannot be opened", a DEM "could not be reprojected", imagery not local."""
    path = _dem(folder / "고도 #1 50%.tif")
    layer = QgsRasterLayer(path, "고도", "gdal")
    assert layer.isValid()
    assert cio.raster_path(layer) == path
    assert imagery.local_path(layer) == path
    prepared = dem.prepare_dem(layer)
    assert prepared.array.shape[0] > 0 and np.nanmax(prepared.array) > 300
    assert dem.dem_options(layer).dem_path == path
    # a member of a zip in that folder, as QGIS names it ('/vsizip/<zip>/<member>')
    archive = folder / "고도 모음, #2.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(path, "안 고도 #3.tif")
    zipped = QgsRasterLayer(f"/vsizip/{archive}/안 고도 #3.tif", "zipped", "gdal")
    assert zipped.isValid()
    assert cio.raster_path(zipped) == f"/vsizip/{archive}/안 고도 #3.tif"
    assert gdal.Open(cio.raster_path(zipped)).RasterXSize == 60


def test_exportraster_of_a_raster_in_a_folder_holding_a_bar(provider, qgis_new_project, folder):
    """exportraster read the raster at the source cut at its first '|': "Cannot open the raster .../a: unknown
    format" (the `make demo` step 6 into such a folder)."""
    import processing

    path = _dem(folder / "고도 #1.tif")
    out = folder / "내보내기 & 결과, #2.tif"
    result = processing.run("basestationmapper:exportraster", {"INPUT": path, "OUTPUT": str(out)})
    assert result["OUTPUT"] == str(out)
    ds = gdal.Open(str(out))
    assert (ds.RasterXSize, ds.RasterYSize) == (60, 40)


def test_station_geopackages_qgis_could_not_open_are_refused_before_anything_is_written(qgis_new_project, tmp_path):
    """QGIS 3.22 opens a GeoPackage for reading through an SQLite URI that reads '%20' as a space: a new station
    layer there was written and then "cannot be opened" (the file left behind), an import into such a GeoPackage
    gave an invalid layer."""
    folder = tmp_path / ESCAPED
    folder.mkdir()
    probe = folder / "probe.gpkg"  # what QGIS does with such a file: GDAL reads it, a QGIS layer of it is invalid
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(probe))
    ds.CreateLayer("기지국")
    ds = None
    assert gdal.OpenEx(str(probe), gdal.OF_VECTOR).GetLayerCount() == 1
    assert not QgsVectorLayer(str(probe), "probe", "ogr").isValid()
    refused = r"QGIS cannot open the GeoPackage .*North%20Korea%203G/.*: GDAL reads '%20' in its path as an escaped"
    with pytest.raises(sl.StationLayerError, match=refused):
        sl.create_station_gpkg(str(folder / "새 기지국.gpkg"))
    with pytest.raises(sl.StationLayerError, match=refused):
        sl.write_frame_to_gpkg(station_frame(3), str(folder / "가져오기 #1.gpkg"))
    assert sorted(os.listdir(folder)) == ["probe.gpkg"]


def test_a_geopackage_export_into_such_a_folder_is_written_and_says_qgis_cannot_open_it(qgis_new_project, tmp_path):
    folder = tmp_path / ESCAPED
    folder.mkdir()
    stations = station_layer(5, name="기지국")
    result = ex.export_vector([ex.snapshot(stations)], folder / "내보내기 #1.gpkg")
    assert gdal.OpenEx(str(folder / "내보내기 #1.gpkg"), gdal.OF_VECTOR).GetLayer(0).GetFeatureCount() == 5
    assert [w for w in result.warnings if "QGIS cannot open the GeoPackage" in w and "'%20'" in w]
    geojson = ex.export_vector([ex.snapshot(stations)], folder / "내보내기 #2.geojson")
    assert not geojson.warnings and QgsVectorLayer(str(folder / "내보내기 #2.geojson"), "x", "ogr").featureCount() == 5


def _drawn_red(layer) -> bool:
    """Whether ``layer`` draws the red tile of zoom 0 in the middle of the world."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsMapRendererSequentialJob, QgsMapSettings, QgsRectangle
    from qgis.PyQt.QtCore import QSize

    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    settings.setExtent(QgsRectangle(-2e7, -2e7, 2e7, 2e7))
    settings.setOutputSize(QSize(64, 64))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    color = job.renderedImage().pixelColor(32, 32)
    return (color.red(), color.green(), color.blue()) == (255, 0, 0)


def test_local_xyz_tiles_of_a_folder_holding_a_hash_a_question_mark_and_a_percent_are_drawn(qgis_new_project, folder):
    """A 'file://' XYZ source of a folder '타일 #1 ?x %20': QGIS read '#1/...' as the URL's fragment (or '%20' as a
    space) and drew no tile, saying nothing."""
    from urllib.parse import quote

    from qgis.PyQt.QtGui import QColor, QImage

    tiles = folder / "타일 #1 ?x %20"
    (tiles / "0" / "0").mkdir(parents=True)
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 0, 0))
    assert image.save(str(tiles / "0" / "0" / "0.png"))
    plain = imagery.web_layer({"kind": "xyz", "url": f"file://{tiles}/{{z}}/{{x}}/{{y}}.png", "zmax": 0, "name": "t"})
    assert _drawn_red(plain)
    escaped = f"file://{quote(str(tiles))}/{{z}}/{{x}}/{{y}}.png"  # as a browser or QUrl.fromLocalFile writes it
    assert _drawn_red(imagery.web_layer({"kind": "xyz", "url": escaped, "zmax": 0, "name": "t"}))


def test_station_geopackage_and_export_at_a_path_too_long_for_sqlite_are_refused(qgis_new_project, tmp_path):
    """SQLite opens no database whose path is over 504 bytes: the new station layer failed with "cannot create ...:
    sqlite3_open(...) failed: unable to open database file", the export after the work was done."""
    path = path_of_bytes(tmp_path, 506, "기지국 목록.gpkg")
    too_long = r"too long for a GeoPackage: SQLite reads and writes such files at paths of at most"
    with pytest.raises(sl.StationLayerError, match=too_long):
        sl.create_station_gpkg(str(path))
    with pytest.raises(ExportError, match=too_long):
        ex.export_vector([ex.snapshot(station_layer(3))], path)
    assert list(path.parent.iterdir()) == []


@pytest.mark.slow
def test_demo_into_a_folder_with_korean_names_quotes_and_a_bar(tmp_path):
    """`make demo --output-dir` into such a folder stopped at step 6 ("Cannot open the raster .../a")."""
    out = tmp_path / FOLDER / "결과"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "basestation_mapper.plugin.demo", "--output-dir", str(out)],
                          capture_output=True, text=True, timeout=900, env=env, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("basestation_mapper.gpkg", "coverage.kmz", "stations.csv", "coverage.tif", "report.pdf"):
        assert (out / name).stat().st_size > 0, name
        assert str(out / name) in done.stdout
    assert not [p.name for p in out.iterdir() if ".part" in p.name]
    assert QgsVectorLayer(str(out / "basestation_mapper.gpkg"), "demo", "ogr").isValid()
