"""A region smaller than the population raster's cells holds none of their centres: the centre rule counts
nothing there, and says so."""

from __future__ import annotations

import numpy as np
import processing
import pytest
from support.coverage import polygon_layer, rows_by_region, station_layer, write_raster
from support.processing_feedback import Feedback

TINY = "POLYGON((125.55 39.05,125.65 39.05,125.65 39.15,125.55 39.15,125.55 39.05))"  # ~96 km², off the centre
WIDE = "POLYGON((125.5 39.0,126.0 39.0,126.0 39.5,125.5 39.5,125.5 39.0))"  # the whole cell


@pytest.mark.parametrize("rule", [0, 1], ids=["centre", "fraction"])
def test_a_region_holding_no_cell_centre_is_named(plugin, tmp_path, rule):
    path = str(tmp_path / "half_degree.tif")
    write_raster(path, np.array([[1000.0]], np.float32), (125.5, 0.5, 0.0, 39.5, 0.0, -0.5), nodata=-1.0)
    fb = Feedback()
    out = processing.run("basestationmapper:coveragestats", {
        "STATIONS": station_layer([(125.60, 39.10)]), "RADIUS": 20000, "REGION_FIELD": "name",
        "REGIONS": polygon_layer([TINY, WIDE], names=["islet", "county"]), "POPULATION": path, "RULE": rule,
        "OUTPUT": "memory:"}, feedback=fb)["OUTPUT"]
    rows = rows_by_region(out)
    said = [w for w in fb.warnings if "holds no cell centre" in w]
    if rule == 0:  # the islet, all covered, counts 0 km² covered: said, naming it and the way out
        assert rows["islet"]["covered_km2"] == 0.0 and rows["county"]["population"] == pytest.approx(1000.0)
        assert len(said) == 1 and said[0].endswith("the fraction rule counts the parts of cells: islet"), fb.warnings
    else:
        assert rows["islet"]["covered_km2"] == pytest.approx(rows["islet"]["area_km2"], rel=1e-3)
        assert not said, fb.warnings
