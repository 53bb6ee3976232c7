"""basestationmapper:mergestations dropped the stations of a layer that have no geometry without a word ('4
stations in' of a layer of 6), while coverage, given the same layer, says how many it skipped."""

from __future__ import annotations

import pytest
from support.processing_feedback import Feedback

pytestmark = pytest.mark.usefixtures("provider")



def _towers(folder):
    import numpy as np
    from osgeo import ogr, osr

    rng = np.random.default_rng(11)
    path = folder / "towers.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    layer = ds.CreateLayer("towers", srs, ogr.wkbPoint)
    layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    for i in range(6):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("name", f"t{i}")
        if i not in (1, 4):  # two rows without a position
            x, y = 300000 + rng.random() * 50000, 4200000 + rng.random() * 50000
            feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} {y})"))
        layer.CreateFeature(feature)
        feature = None
    ds = None
    return str(path)


def test_mergestations_says_how_many_stations_without_geometry_it_skipped(tmp_path):
    import processing

    feedback = Feedback()
    out = processing.run("basestationmapper:mergestations", {"INPUT": [_towers(tmp_path)], "DISTANCE": 10,
                                                               "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback)
    assert out["OUTPUT"].featureCount() == 4
    assert "layer 'towers': 2 stations without geometry were skipped" in feedback.warnings, feedback.warnings
