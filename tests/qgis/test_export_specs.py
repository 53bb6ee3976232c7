"""Files written by the plugin checked against their format and against what other programs expect."""

from __future__ import annotations

import json
import os
import stat

import numpy as np
import pandas as pd
from osgeo import gdal

from basestation_mapper.plugin.core.coverage import Grid
from basestation_mapper.plugin.core.terrain import Grid as TerrainGrid
from basestation_mapper.plugin.qgis_io import coverage_io as cio
from basestation_mapper.plugin.qgis_io import dem


def test_coverage_rasters_and_statistics_csv_get_the_usual_file_permissions(qgis_app, tmp_path):
    # written under a private temporary name (mode 0600) and moved into place, they stayed 0600: a
    # colleague (or a web server, a backup job) could not open the coverage raster or the CSV
    count = np.random.default_rng(5).integers(0, 4, (20, 30)).astype(np.uint16)
    table = pd.DataFrame({"region": ["평안남도", "TOTAL"], "population": [10.0, 10.0]})
    old = os.umask(0o022)
    try:
        paths = [cio.write_count_raster(count, Grid(300000.0, 4300000.0, 100.0, 100.0, 30, 20), "EPSG:32652",
                                        str(tmp_path / "coverage raster.tif")),
                 cio.write_csv(table, str(tmp_path / "statistics.csv")),
                 dem.write_count_raster(str(tmp_path / "in sight.tif"), count.astype(np.uint8),
                                        TerrainGrid(300000.0, 4300000.0, 100.0, 100.0, 30, 20, "EPSG:32652"))]
    finally:
        os.umask(old)
    for path in paths:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o644, path
    for path in (paths[0], paths[2]):
        assert gdal.Open(path).GetRasterBand(1).ReadAsArray().tolist() == count.tolist()
    assert pd.read_csv(paths[1])["region"].tolist() == ["평안남도", "TOTAL"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coverage raster.tif", "in sight.tif", "statistics.csv"]


def _coordinates(coords):
    if coords and isinstance(coords[0], (int, float)):
        yield coords
    else:
        for c in coords:
            yield from _coordinates(c)


def test_processing_geojson_outputs_are_rfc_7946_whatever_the_layer_crs(plugin, tmp_path):
    # stations in UTM 52N: coverage's OUTPUT=*.geojson held UTM metres under an old-style "crs" member
    # (RFC 7946 has WGS84 lon/lat only: web maps and GeoJSON readers put them in the Atlantic off Africa)
    import processing
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject
    from shapely.geometry import shape
    from support.coverage import station_layer

    to_utm = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                    QgsCoordinateReferenceSystem("EPSG:32652"), QgsProject.instance())
    points = [to_utm.transform(QgsPointXY(lon, lat)) for lon, lat in ((127.30, 40.00), (127.36, 40.02))]
    stations = station_layer([(p.x(), p.y()) for p in points], crs="EPSG:32652", name=["평양 1", "평양 2"])
    out = tmp_path / "커버리지 coverage.geojson"
    params = {"STATIONS": stations, "RADIUS": 3000, "OUTPUT": str(out), "OUTPUT_OVERLAP": str(tmp_path / "o.geojson")}
    result = processing.run("basestationmapper:coverage", params)
    assert result["OUTPUT"] == str(out)
    for path in (out, tmp_path / "o.geojson"):
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8"))
        assert "crs" not in data, path
        feats = data["features"]
        assert feats, path
        for feat in feats:
            for lon, lat in _coordinates(feat["geometry"]["coordinates"]):
                assert 127.2 < lon < 127.5 and 39.9 < lat < 40.1, (path, lon, lat)
                assert round(lon, 7) == lon and round(lat, 7) == lat
            geom = shape(feat["geometry"])
            for polygon in getattr(geom, "geoms", [geom]):
                assert polygon.exterior.is_ccw and not any(r.is_ccw for r in polygon.interiors)
    assert "평양 1".encode() in out.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.geojson", "커버리지 coverage.geojson"]


def test_processing_output_named_with_an_extension_qgis_adds_to_is_written(plugin, tmp_path):
    # QGIS writes OUTPUT='overlap.json' as 'overlap.json.geojson' (.json is not among its output
    # extensions) and reports that name; the staged file was looked for under 'overlap.json', so
    # nothing was moved into place and the reported output did not exist
    import processing
    from support.coverage import station_layer

    stations = station_layer([(127.30, 40.00), (127.33, 40.01)])
    result = processing.run("basestationmapper:coverage", {"STATIONS": stations, "RADIUS": 3000, "OUTPUT": "memory:",
                                                           "OUTPUT_OVERLAP": str(tmp_path / "overlap.json")})
    written = result["OUTPUT_OVERLAP"]
    assert written == str(tmp_path / "overlap.json.geojson")
    data = json.loads((tmp_path / "overlap.json.geojson").read_text("utf-8"))
    assert {f["properties"]["servers"] for f in data["features"]} == {1, 2}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["overlap.json.geojson"]


def _float_layer(values):
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    layer = QgsVectorLayer("Point?crs=EPSG:4326", "통계 table", "memory")
    layer.dataProvider().addAttributes([QgsField("region", QVariant.Type.String),
                                        QgsField("ratio", QVariant.Type.Double)])
    layer.updateFields()
    feats = []
    for i, value in enumerate(values):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([f"지역 {i}", value])
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(127.0 + i / 10, 39.0)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    return layer


def test_infinite_numbers_are_written_as_null_where_the_format_has_no_infinity(qgis_app, tmp_path):
    # an infinite ratio (a share of an empty area) was written to XLSX as a number cell holding 'inf',
    # which Excel refuses as corrupt content ('We found a problem with some content'); GeoJSON left the
    # property out and a shapefile's DBF held 'inf' in a numeric column
    import re
    import zipfile

    from osgeo import ogr

    from basestation_mapper.plugin.qgis_io import export as ex

    layer = _float_layer([0.25, float("inf"), float("-inf"), float("nan")])
    ex.export_table(ex.snapshot(layer), tmp_path / "table.xlsx")
    with zipfile.ZipFile(tmp_path / "table.xlsx") as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    numbers = re.findall(r'<c r="[A-Z]+\d+">\s*<v>([^<]*)</v>', sheet)  # cells without t="s": numbers
    assert numbers == ["0.25"], sheet

    ex.export_vector([ex.snapshot(layer)], tmp_path / "table.geojson")
    props = [f["properties"] for f in json.loads((tmp_path / "table.geojson").read_text("utf-8"))["features"]]
    assert [p["ratio"] for p in props] == [0.25, None, None, None]

    ex.export_vector([ex.snapshot(layer)], tmp_path / "table.shp")
    ds = ogr.Open(str(tmp_path / "table.shp"))
    values = [f.GetField("ratio") if f.IsFieldSetAndNotNull("ratio") else None for f in ds.GetLayer(0)]
    assert values == [0.25, None, None, None]
    del ds


def _records(raw: bytes) -> list[bytes]:
    """The raw records of a CSV file whose only line breaks outside quotes end records."""
    out, current, quoted = [], bytearray(), False
    for byte in raw:
        current.append(byte)
        if byte == ord('"'):
            quoted = not quoted
        elif byte == ord("\n") and not quoted:
            out.append(bytes(current))
            current = bytearray()
    assert not current
    return out


def test_csv_tables_are_rfc_4180(qgis_app, tmp_path):
    # the statistics table (exporttable) and the coverage statistics CSV ended their records with a bare
    # LF; RFC 4180 has CRLF (as the stations CSV): a name holding a comma, a quote and a line break stays
    # one quoted field whose own line break is kept as it was
    import csv

    from qgis.core import QgsVectorLayer

    from basestation_mapper.plugin.qgis_io import export as ex

    names = ['평양, "중구"\n2', "plain"]
    layer = _float_layer([0.5, 1e-7])
    layer.startEditing()
    for feat, name in zip(layer.getFeatures(), names):
        layer.changeAttributeValue(feat.id(), 0, name)
    layer.commitChanges()
    ex.export_table(ex.snapshot(layer), tmp_path / "table.csv")
    cio.write_csv(pd.DataFrame({"region": names, "population": [1.0, 2.0]}), str(tmp_path / "stats.csv"), bom=True)
    for path, header in ((tmp_path / "table.csv", "region,ratio"), (tmp_path / "stats.csv", "region,population")):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path  # Excel reads UTF-8 (Hangul, P'yŏngyang) only with a BOM
        records = _records(raw)
        assert len(records) == 3 and all(r.endswith(b"\r\n") for r in records), records
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == header.split(",") and [r[0] for r in rows[1:]] == names
    # QGIS reads the table back as a delimited text layer, the line break inside the name included
    uri = f"{(tmp_path / 'table.csv').as_uri()}?type=csv&geomType=none&detectTypes=yes"
    table = QgsVectorLayer(uri, "t", "delimitedtext")
    assert table.isValid() and [f["region"] for f in table.getFeatures()] == names


def test_processing_csv_output_records_end_with_crlf(plugin, tmp_path):
    # a Processing output written as .csv (QGIS's writer) ended its records with a bare LF
    import processing
    from support.coverage import station_layer

    stations = station_layer([(127.30, 40.00), (127.33, 40.01)], name=['평양, "1"', "b"])
    out = tmp_path / "stations.csv"
    processing.run("basestationmapper:mergestations", {"INPUT": [stations], "OUTPUT": str(out)})
    records = _records(out.read_bytes())
    assert len(records) == 3 and all(r.endswith(b"\r\n") for r in records), records
