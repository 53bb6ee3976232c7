"""A raster read through QGIS is written to its temporary GeoTIFF in row bands: progress moves and cancel is honoured
within a raster QGIS's writer would have written as one block (500 x 500 pixels or less)."""

from __future__ import annotations

import numpy as np
import pytest
from osgeo import gdal, osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsProject,
    QgsRasterFileWriter,
    QgsRasterLayer,
    QgsRasterPipe,
)
from support.processing_feedback import CancelWhileWriting

ROWS, COLS = 420, 380  # one block of QGIS's writer


@pytest.fixture
def temp_folder(tmp_path, monkeypatch):
    """The system's temporary folder of this test (where a raster read through QGIS is written)."""
    import tempfile

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _placed_by_world_file(folder) -> QgsRasterLayer:
    """Float32 values with nodata -1, placed by a world file (GEOREF_SOURCES=WORLDFILE): read through QGIS."""
    values = np.random.default_rng(21).uniform(0, 50, (ROWS, COLS)).astype("float32")
    values[:40, :60] = -1.0
    path = str(folder / "counts.tif")
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds = gdal.GetDriverByName("GTiff").Create(path, COLS, ROWS, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((700000.0, 100.0, 0.0, 4400000.0, 0.0, -100.0))
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(values)
    ds.GetRasterBand(1).SetNoDataValue(-1.0)
    ds = None
    (folder / "counts.tfw").write_text("100\n0\n0\n-100\n703050\n4399950\n")
    layer = QgsRasterLayer(path + "|option:GEOREF_SOURCES=WORLDFILE", "Counts by world file")
    layer.setCrs(QgsCoordinateReferenceSystem("EPSG:32652"))
    assert layer.isValid()
    return layer


class Recorded(CancelWhileWriting):
    """Cancels at the first progress reported while the temporary file is being written; keeps every value."""

    def __init__(self, folder):
        self.values = []
        super().__init__(folder)
        self.progressChanged.connect(self.values.append)


def test_exportraster_canceled_at_the_first_progress_of_writing_stops_the_write(provider, qgis_new_project, tmp_path,
                                                                                temp_folder):
    """A raster of one block of QGIS's writer reported no progress while written: cancel waited for the whole
    temporary GeoTIFF, the log then saying its values were read. It stops within the write: nothing written or
    left in the temporary folder, the log saying canceled."""
    import processing

    layer = _placed_by_world_file(tmp_path)
    QgsProject.instance().addMapLayer(layer)
    feedback = Recorded(temp_folder)
    out = processing.run("basestationmapper:exportraster", {"INPUT": layer, "OUTPUT": str(tmp_path / "out.tif")},
                         feedback=feedback)
    assert feedback.seen_file and feedback.isCanceled() and out == {}
    assert "Canceled: nothing was written." in feedback.errors
    assert not any("read through QGIS" in text for text in feedback.infos)  # the write did not end
    assert 0 < feedback.values[-1] < 50  # the first half of the progress is the write
    assert not (tmp_path / "out.tif").exists() and list(temp_folder.iterdir()) == []


def test_written_in_bands_progress_rises_to_the_end_and_the_file_is_the_one_block_write(qgis_new_project, tmp_path):
    from basestation_mapper.plugin.compat import raster_written
    from basestation_mapper.plugin.qgis_io.computed_raster import write_provider

    layer = _placed_by_world_file(tmp_path)
    seen = []
    result = write_provider(layer.dataProvider().clone(), layer.width(), layer.height(), layer.extent(), layer.crs(),
                            tmp_path / "bands.tif", seen.append)
    assert result == raster_written()
    assert len(seen) >= 8 and seen == sorted(set(seen)) and seen[-1] == 1.0

    pipe = QgsRasterPipe()
    pipe.set(layer.dataProvider().clone())
    writer = QgsRasterFileWriter(str(tmp_path / "whole.tif"))
    writer.setCreateOptions(["TILED=YES", "COMPRESS=LZW", "BIGTIFF=IF_SAFER"])
    assert writer.writeRaster(pipe, layer.width(), layer.height(), layer.extent(), layer.crs(),
                              QgsCoordinateTransformContext()) == raster_written()
    bands, whole = gdal.Open(str(tmp_path / "bands.tif")), gdal.Open(str(tmp_path / "whole.tif"))
    assert bands.GetGeoTransform() == whole.GetGeoTransform() == pytest.approx((703000.0, 100.0, 0.0, 4400000.0,
                                                                                 0.0, -100.0))
    assert bands.GetProjection() == whole.GetProjection()
    a, b = bands.GetRasterBand(1), whole.GetRasterBand(1)
    assert (a.DataType, a.GetNoDataValue()) == (b.DataType, b.GetNoDataValue()) == (gdal.GDT_Float32, -1.0)
    assert np.array_equal(a.ReadAsArray(), b.ReadAsArray())
    assert a.ReadAsArray()[0, 0] == -1.0
