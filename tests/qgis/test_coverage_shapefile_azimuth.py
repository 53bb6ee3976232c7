"""coverage on a station Shapefile whose writer stored missing azimuths as 0 (a numeric field without NULL)."""

from __future__ import annotations

import math

import pytest
from support.coverage import features
from support.processing_feedback import Feedback


def run(alg, params, feedback=None):
    import processing

    return processing.run(f"basestationmapper:{alg}", params, feedback=feedback)


@pytest.fixture
def algs(plugin):
    return plugin


ROWS = [((127.0, 37.0), ("no azimuth", 0.0, None)),  # the writer's 0 for a missing azimuth
        ((127.3, 37.0), ("north sector", 0.0, 65.0)),  # a real sector pointing north
        ((127.6, 37.0), ("east sector", 90.0, None)),
        ((127.9, 37.0), ("omni", 0.0, 360.0))]


def station_file(folder, driver: str, suffix: str):
    """The four stations written by OGR with a numeric azimuth and beamwidth, opened as a QGIS layer."""
    from osgeo import ogr, osr
    from qgis.core import QgsVectorLayer

    path = folder / f"towers{suffix}"
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds = ogr.GetDriverByName(driver).CreateDataSource(str(path))
    lyr = ds.CreateLayer("towers", srs, ogr.wkbPoint)
    for name, kind in (("name", ogr.OFTString), ("azimuth", ogr.OFTReal), ("beamwidth", ogr.OFTReal)):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    for (x, y), values in ROWS:
        feat = ogr.Feature(lyr.GetLayerDefn())
        for name, value in zip(("name", "azimuth", "beamwidth"), values):
            if value is not None:
                feat.SetField(name, value)
        feat.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} {y})"))
        lyr.CreateFeature(feat)
    ds = None
    layer = QgsVectorLayer(str(path), "towers", "ogr")
    assert layer.isValid() and layer.featureCount() == len(ROWS)
    return layer


def test_shapefile_azimuth_zero_without_beamwidth_is_omnidirectional(algs, tmp_path):
    """A Shapefile stores a missing numeric azimuth as 0: such a station was a 120° sector pointing north; with no
    beamwidth (or 0 / 360) it is a disc, said in the log naming it, while azimuth 0 with a beamwidth stays a sector
    pointing north, and a GeoPackage's azimuth 0 (which has NULL for a missing one) stays north."""
    disc = math.pi * 2.0 ** 2
    fb = Feedback()
    out = run("coverage", {"STATIONS": station_file(tmp_path, "ESRI Shapefile", ".shp"), "RADIUS": 2000,
                           "BEAMWIDTH": 120, "OUTPUT": "memory:"}, fb)["OUTPUT"]
    areas = {f["name"]: f["area_km2"] for f in features(out)}
    assert areas == pytest.approx({"no azimuth": disc, "north sector": disc * 65 / 360, "east sector": disc / 3,
                                   "omni": disc}, rel=0.01)
    said = [w for w in fb.warnings if "stores a missing azimuth as 0" in w]
    assert len(said) == 1 and "2 stations with azimuth 0 and no beamwidth" in said[0]
    assert "(no azimuth)" in said[0] and "(omni)" in said[0]
    assert "north sector" not in said[0]
    geoms = {f["name"]: f.geometry().boundingBox() for f in out.getFeatures()}
    assert geoms["north sector"].yMinimum() == pytest.approx(37.0, abs=1e-6)  # still points north
    fb = Feedback()
    out = run("coverage", {"STATIONS": station_file(tmp_path, "GPKG", ".gpkg"), "RADIUS": 2000, "BEAMWIDTH": 120,
                           "OUTPUT": "memory:"}, fb)["OUTPUT"]
    areas = {f["name"]: f["area_km2"] for f in features(out)}
    assert areas["no azimuth"] == pytest.approx(disc / 3, rel=0.01)
    assert not any("stores a missing" in w for w in fb.warnings)
