"""basestationmapper:exportlayers given the stations as the CSV the other algorithms write (X/Y columns): QGIS opens
it as a table, so the KMZ held no placemark ('stations: 0 features') and a GeoPackage a table without points. The
point inputs read such a CSV as its points (README); LAYERS does too (a CSV without X/Y stays a table)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("provider")


def _stations_csv(folder):
    """The stations as importstations writes them to a .csv (X/Y columns first)."""
    import numpy as np
    import processing

    rng = np.random.default_rng(8)
    src = folder / "in.csv"
    src.write_text("name,lon,lat\n" + "".join(f"s{i},{127 + rng.random():.5f},{37 + rng.random():.5f}\n"
                                              for i in range(7)), encoding="utf-8")
    return processing.run("basestationmapper:importstations", {"INPUT": str(src),
                                                                "OUTPUT": str(folder / "stations.csv")})["OUTPUT"]


def test_exportlayers_reads_a_csv_of_x_y_columns_as_its_points(tmp_path):
    import processing
    from osgeo import ogr

    stations = _stations_csv(tmp_path)
    table = tmp_path / "table.csv"
    table.write_text("region,stations\nA,3\nB,4\n", encoding="utf-8")
    out = processing.run("basestationmapper:exportlayers", {"LAYERS": [stations, str(table)],
                                                             "OUTPUT": str(tmp_path / "all.gpkg")})
    assert out["FEATURES"] == 9
    ds = ogr.Open(out["OUTPUT"])
    kinds = {ds.GetLayer(i).GetName(): (ds.GetLayer(i).GetGeomType(), ds.GetLayer(i).GetFeatureCount())
             for i in range(ds.GetLayerCount())}
    ds = None
    assert kinds == {"stations": (ogr.wkbPoint, 7), "table": (ogr.wkbNone, 2)}, kinds
