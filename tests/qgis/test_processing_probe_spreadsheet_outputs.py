"""A layer output given as a spreadsheet (OUTPUT=stations.xlsx, as QGIS's file dialog offers): QGIS writes the
attributes only, so the stations were written without any position (and nothing said so). Points get X/Y columns
first, as in a .csv, and are read back as stations; other geometries are said to be left out."""

from __future__ import annotations

import pytest
from support.processing_feedback import Feedback

pytestmark = pytest.mark.usefixtures("provider")



def _station_csv(folder):
    import numpy as np

    rng = np.random.default_rng(4)
    lon, lat = 127 + rng.random(6), 37 + rng.random(6)
    path = folder / "stations.csv"
    path.write_text("name,lon,lat\n" + "".join(f"s{i},{x:.6f},{y:.6f}\n" for i, (x, y) in enumerate(zip(lon, lat))),
                    encoding="utf-8")
    return path, list(zip(lon.round(6), lat.round(6)))


def _rows(path):
    from osgeo import ogr

    ds = ogr.Open(str(path))
    layer = ds.GetLayer(0)
    names = [layer.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(layer.GetLayerDefn().GetFieldCount())]
    rows = [{n: f.GetField(n) for n in names} for f in layer]
    ds = None
    return names, rows


@pytest.mark.parametrize("ext", ["xlsx", "ods"])
def test_points_written_to_a_spreadsheet_keep_their_position(tmp_path, ext):
    import processing

    csv, points = _station_csv(tmp_path)
    out = processing.run("basestationmapper:importstations", {"INPUT": str(csv), "OUTPUT": str(tmp_path / f"s.{ext}")})
    names, rows = _rows(out["OUTPUT"])
    assert names[:2] == ["X", "Y"], names
    got = sorted((round(float(r["X"]), 6), round(float(r["Y"]), 6)) for r in rows)
    assert got == sorted((float(x), float(y)) for x, y in points)
    # and the spreadsheet is a station file again
    back = processing.run("basestationmapper:importstations", {"INPUT": out["OUTPUT"], "OUTPUT": "TEMPORARY_OUTPUT"})
    assert back["OUTPUT"].featureCount() == len(points)


def test_polygons_written_to_a_spreadsheet_are_said_to_lose_their_shapes(tmp_path):
    import processing

    csv, _points = _station_csv(tmp_path)
    feedback = Feedback()
    processing.run("basestationmapper:coverage", {"STATIONS": str(csv), "RADIUS": 1000,
                                                   "OUTPUT": str(tmp_path / "cov.xlsx")}, feedback=feedback)
    assert any(w.startswith("OUTPUT:") and "xlsx" in w and "geometry" in w for w in feedback.warnings), \
        feedback.warnings
