"""terraincoverage's warning about a DEM declaring its heights in another unit names the parameter and its option
as the algorithm's dialog shows them, and the heights read in that unit agree with gdal_viewshed on the metres."""

from __future__ import annotations

import numpy as np
import pytest
from osgeo import gdal, osr

ALG = "basestationmapper:terraincoverage"
X0, Y0, CELL, N = 300000.0, 4150000.0, 30.0, 200
US_FOOT = 1200.0 / 3937.0


def _dem(path, heights, unit=None):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), N, N, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((X0, CELL, 0.0, Y0, 0.0, -CELL))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(heights)
    if unit:
        ds.GetRasterBand(1).SetUnitType(unit)
    ds = None
    return str(path)


@pytest.fixture
def scene(tmp_path):
    """A hill with the mast on it, a ridge east of it: heights in metres and the same in US survey feet."""
    yy, xx = np.mgrid[0:N, 0:N].astype(float)
    metres = 100 + 150 * np.exp(-((xx - 70) ** 2 + (yy - 100) ** 2) / (2 * 15.0 ** 2))
    metres += 200 * np.exp(-((xx - 130) ** 2) / (2 * 4.0 ** 2))
    metres += np.random.default_rng(3).normal(0, 2, metres.shape)
    metres = metres.astype(np.float32)
    return {"metres": _dem(tmp_path / "dem_m.tif", metres),
            "feet": _dem(tmp_path / "dem_usft.tif", metres / US_FOOT, "US survey foot"),
            "station": (X0 + 70.5 * CELL, Y0 - 100.5 * CELL), "folder": tmp_path}


def _stations(xy):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    layer = QgsVectorLayer("Point?crs=EPSG:32652&field=name:string", "masts", "memory")
    feat = QgsFeature(layer.fields())
    feat["name"] = "hill"
    feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(*xy)))
    assert layer.dataProvider().addFeatures([feat])[0]
    return layer


class _Warnings:
    def __init__(self):
        from qgis.core import QgsProcessingFeedback

        class Feedback(QgsProcessingFeedback):
            def pushWarning(inner, text):  # noqa: N805
                self.said.append(text)
                super().pushWarning(text)

        self.said = []
        self.feedback = Feedback()


def test_unit_warning_names_vertical_unit_and_its_option(plugin, scene):
    """A DEM declaring 'US survey foot' read as metres said 'declares its heights in us_foot ... set the vertical
    unit to us_foot': an internal key that is none of VERTICAL_UNIT's options (metre, foot, US survey foot), and
    no parameter named."""
    import processing
    from qgis.core import QgsRasterLayer

    warn = _Warnings()
    out = scene["folder"] / "as_metres.tif"
    processing.run(ALG, {"STATIONS": _stations(scene["station"]), "DEM": QgsRasterLayer(scene["feet"], "lidar"),
                         "RADIUS": 2500.0, "VERTICAL_UNIT": 0, "OUTPUT": str(out)}, feedback=warn.feedback)
    said = [w for w in warn.said if "declares its heights" in w]
    assert len(said) == 1, warn.said
    assert "lidar" in said[0] and "VERTICAL_UNIT" in said[0] and "US survey foot" in said[0], said[0]
    assert "us_foot" not in said[0], said[0]


def test_heights_in_us_feet_agree_with_gdal_viewshed_on_the_metres(plugin, scene):
    import processing
    from qgis.core import QgsRasterLayer

    x, y = scene["station"]
    warn = _Warnings()
    out = scene["folder"] / "feet.tif"
    processing.run(ALG, {"STATIONS": _stations(scene["station"]), "DEM": QgsRasterLayer(scene["feet"], "lidar"),
                         "RADIUS": 2500.0, "VERTICAL_UNIT": 2, "OBSERVER_HEIGHT": 30.0, "TARGET_HEIGHT": 1.5,
                         "OUTPUT": str(out)}, feedback=warn.feedback)
    assert not [w for w in warn.said if "declares its heights" in w]
    ds = gdal.Open(str(out))
    ours, gt = ds.GetRasterBand(1).ReadAsArray() == 1, ds.GetGeoTransform()
    src = gdal.Open(scene["metres"])
    ref = gdal.ViewshedGenerate(src.GetRasterBand(1), "MEM", "", [], x, y, 30.0, 1.5, 1, 0, 0, 0, 0.75,
                                gdal.GVM_Edge, 2500.0)
    rgt, visible = ref.GetGeoTransform(), ref.ReadAsArray() > 0
    col0, row0 = round((gt[0] - rgt[0]) / CELL), round((rgt[3] - gt[3]) / CELL)
    window = visible[row0:row0 + ours.shape[0], col0:col0 + ours.shape[1]]
    assert window.shape == ours.shape and window.sum() == visible.sum() > 1000
    assert (window == ours).mean() >= 0.999
