"""Exports of inputs the other tests had not tried: coverage across the antimeridian in a Pacific-centred
CRS, field names the target format cannot hold as they are, empty layers, very long texts, Z/M geometries,
filtered layers, folders with spaces and Korean letters, a file open as a layer of the project.

Every output is read back with OGR (or the KML parsed), not through the writer."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
import pytest
from osgeo import gdal, ogr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant
from support.export_files import leftovers, ogr_records, read_kmz

from basestation_mapper.plugin.qgis_io import export as ex

PDC = QgsCoordinateReferenceSystem("EPSG:3832")  # PDC Mercator, centred on 150° E
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


def _layer(geometry: str, name: str, fields, rows, geometries) -> QgsVectorLayer:
    layer = QgsVectorLayer(geometry, name, "memory")
    assert layer.dataProvider().addAttributes([QgsField(n, t) for n, t in fields])
    layer.updateFields()
    feats = []
    for values, geom in zip(rows, geometries):
        feat = QgsFeature(layer.fields())
        feat.setAttributes(list(values))
        if geom is not None:
            feat.setGeometry(geom)
        feats.append(feat)
    assert layer.dataProvider().addFeatures(feats)[0]
    layer.updateExtents()
    return layer


def _circle_lonlat(lon, lat, radius_deg, n=48, seed=0):
    rng = np.random.default_rng(seed)
    angles = np.sort(rng.uniform(0, 2 * np.pi, n))
    return [(lon + radius_deg * math.cos(a) / math.cos(math.radians(lat)), lat + radius_deg * math.sin(a))
            for a in angles]


def _fiji_coverage() -> QgsVectorLayer:
    """Coverage MultiPolygons in EPSG:3832 whose parts straddle 180° (Fiji, Tonga, Kiribati)."""
    to_pdc = QgsCoordinateTransform(WGS84, PDC, QgsProject.instance())
    rows, geoms = [], []
    for i, parts in enumerate(([(179.6, -17.5, 0.8), (-179.8, -16.2, 0.5)], [(-175.2, -21.1, 0.4)],
                               [(179.9, 1.9, 0.6)])):
        polys = []
        for lon, lat, r in parts:
            ring = [to_pdc.transform(QgsPointXY(x if x <= 180 else x - 360, y))
                    for x, y in _circle_lonlat(lon, lat, r, seed=i)]
            polys.append([[*ring, ring[0]]])
        rows.append([f"site {i}", "4G"])
        geoms.append(QgsGeometry.fromMultiPolygonXY(polys))
    return _layer("MultiPolygon?crs=EPSG:3832", "Coverage Pacific",
                  (("name", QVariant.Type.String), ("technology", QVariant.Type.String)), rows, geoms)


def _lon_span(ring) -> float:
    lons = [p[0] for p in ring]
    return max(lons) - min(lons)


def test_coverage_across_the_antimeridian_in_a_pacific_crs(qgis_app, tmp_path):
    layer = _fiji_coverage()
    ex.export_vector([ex.snapshot(layer)], tmp_path / "pacific.geojson")
    doc = json.loads((tmp_path / "pacific.geojson").read_text(encoding="utf-8"))
    assert "crs" not in doc
    for feature in doc["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            for ring in polygon:
                assert all(-180.0 <= x <= 180.0 and -90.0 <= y <= 90.0 for x, y in ring)
                assert _lon_span(ring) < 5.0, ring  # split at 180° (RFC 7946 §3.1.9), no band around the earth
    # every part is there: the areas on the ground are those of the source
    from pyproj import Geod
    from qgis.core import QgsDistanceArea
    from shapely.geometry import shape

    geod = Geod(ellps="WGS84")
    written = [abs(geod.geometry_area_perimeter(shape(f["geometry"]))[0]) for f in doc["features"]]
    da = QgsDistanceArea()
    da.setSourceCrs(PDC, QgsProject.instance().transformContext())
    da.setEllipsoid("WGS84")
    assert written == pytest.approx([da.measureArea(f.geometry()) for f in layer.getFeatures()], rel=2e-3)

    ex.export_vector([ex.snapshot(layer)], tmp_path / "pacific.kmz")
    with zipfile.ZipFile(tmp_path / "pacific.kmz") as zf:
        ET.fromstring(zf.read("doc.kml"))  # well-formed
    folder = read_kmz(tmp_path / "pacific.kmz")["Coverage Pacific"]
    assert len(folder) == 3
    for pm in folder:
        for ring in pm["coords"]:
            assert all(-180.0 <= x <= 180.0 and -90.0 <= y <= 90.0 for x, y, *_ in ring)
            # Google Earth joins two vertices the short way: 179.9 to -179.9 is 0.2°, not 359.8°
            steps = [abs(b[0] - a[0]) for a, b in zip(ring, ring[1:])]
            assert max(min(s, 360.0 - s) for s in steps) < 1.0
    ds = ogr.Open(str(tmp_path / "pacific.kmz"))  # GDAL (LIBKML or KML) reads it
    assert ds is not None and sum(ds.GetLayer(i).GetFeatureCount() for i in range(ds.GetLayerCount())) == 3
    assert leftovers(tmp_path) == []


STAT_FIELDS = (("covered_pop", QVariant.Type.Double), ("covered_pop_pct", QVariant.Type.Double),
               ("covered_pop_pct_min", QVariant.Type.Double), ("covered_po", QVariant.Type.Double),
               ("name", QVariant.Type.String), ("description", QVariant.Type.String),
               ("Technology", QVariant.Type.String), ("technology", QVariant.Type.String))
STAT_ROWS = ([1000.0, 50.0, 40.0, 7.0, "Tower <1>", "on the hill & the \"roof\"", "LTE", "4G"],
             [2000.0, 75.5, 60.0, 8.0, "기지국 2", "", "UMTS", "3G"])


def _awkward_names():
    points = [QgsGeometry.fromPointXY(QgsPointXY(125.7 + i / 10, 39.0)) for i in range(len(STAT_ROWS))]
    return _layer("Point?crs=EPSG:4326", "names", STAT_FIELDS, STAT_ROWS, points)


def test_field_names_the_target_cannot_hold(qgis_app, tmp_path):
    layer = _awkward_names()
    result = ex.export_vector([ex.snapshot(layer)], tmp_path / "n.shp")
    records, _ = ogr_records(tmp_path / "n.shp")
    renamed = result.renamed["names"]
    columns = list(records[0])
    assert len(columns) == len({c.lower() for c in columns}) == len(STAT_FIELDS)
    assert all(len(c.encode()) <= 10 for c in columns)
    for (name, _kind), row_values in zip(STAT_FIELDS, zip(*STAT_ROWS)):
        column = renamed.get(name, name)
        assert [r[column] or "" for r in records] == [v or "" for v in row_values], name
    assert "covered_po" not in renamed  # a name that fits keeps it; the longer ones go around it
    # GeoJSON: names differing only in case are kept as they are (JSON keys are case-sensitive)
    ex.export_vector([ex.snapshot(layer)], tmp_path / "n.geojson")
    doc = json.loads((tmp_path / "n.geojson").read_text(encoding="utf-8"))
    assert [list(f["properties"]) for f in doc["features"]] == [[n for n, _ in STAT_FIELDS]] * 2
    assert doc["features"][0]["properties"]["Technology"] == "LTE"
    assert doc["features"][0]["properties"]["technology"] == "4G"
    # KML: 'name' is the placemark's name, 'description' stays an attribute of the balloon
    ex.export_vector([ex.snapshot(layer)], tmp_path / "n.kmz")
    folder = read_kmz(tmp_path / "n.kmz")["names"]
    assert [pm["name"] for pm in folder] == ["Tower <1>", "기지국 2"]
    assert folder[0]["data"]["description"] == "on the hill & the \"roof\""
    assert folder[0]["data"]["Technology"] == "LTE" and folder[0]["data"]["technology"] == "4G"
    ds = ogr.Open(str(tmp_path / "n.kmz"))
    assert ds is not None and ds.GetLayer(0).GetFeatureCount() == 2


def test_very_long_texts(qgis_app, tmp_path):
    long = ("장문 " * 30000) + "끝"  # 90,001 characters
    layer = _layer("Point?crs=EPSG:4326", "long", (("notes", QVariant.Type.String),), [[long], ["short"]],
                   [QgsGeometry.fromPointXY(QgsPointXY(125.7, 39.0))] * 2)
    for name in ("l.gpkg", "l.geojson"):
        ex.export_vector([ex.snapshot(layer)], tmp_path / name)
        assert [r["notes"] for r in ogr_records(tmp_path / name)[0]] == [long, "short"], name
    ex.export_vector([ex.snapshot(layer)], tmp_path / "l.kmz")
    assert [pm["data"]["notes"] for pm in read_kmz(tmp_path / "l.kmz")["long"]] == [long, "short"]
    ex.export_stations_csv(ex.snapshot(layer), tmp_path / "l.csv")
    import csv

    with open(tmp_path / "l.csv", encoding="utf-8-sig", newline="") as f:
        assert [row["notes"] for row in csv.DictReader(f)] == [long, "short"]
    # an XLSX cell holds at most 32,767 characters: Excel refuses a file with a longer one
    result = ex.export_table(ex.snapshot(layer), tmp_path / "l.xlsx")
    ds = gdal.OpenEx(str(tmp_path / "l.xlsx"), gdal.OF_VECTOR)  # a sheet of texts only: the header is a row
    assert [f.GetField(0) for f in ds.GetLayer(0)] == ["notes", long[:32767], "short"]
    ds = None
    assert any("32,767" in w and "'notes'" in w and "1 value" in w for w in result.warnings), result.warnings


def test_z_and_m_geometries(qgis_app, tmp_path):
    stations = _layer("PointZM?crs=EPSG:4326", "masts zm", (("name", QVariant.Type.String),), [["a"], ["b"]],
                      [QgsGeometry.fromWkt("PointZM (125.7 39.0 120 1)"),
                       QgsGeometry.fromWkt("PointZM (125.8 39.1 95 2)")])
    pointm = _layer("PointM?crs=EPSG:4326", "masts m", (("name", QVariant.Type.String),), [["c"]],
                    [QgsGeometry.fromWkt("PointM (125.9 39.2 3)")])
    lines = _layer("LineStringZM?crs=EPSG:4326", "links", (("name", QVariant.Type.String),), [["l"]],
                   [QgsGeometry.fromWkt("LineStringZM (125.7 39.0 120 1, 125.8 39.1 95 2)")])
    ex.export_stations_csv(ex.snapshot(stations), tmp_path / "zm.csv")
    text = (tmp_path / "zm.csv").read_text(encoding="utf-8-sig").splitlines()
    assert text[1:] == ["125.700000000,39.000000000,a", "125.800000000,39.100000000,b"]
    result = ex.export_vector([ex.snapshot(stations), ex.snapshot(pointm), ex.snapshot(lines)], tmp_path / "zm.kmz")
    assert result.layers == {"masts zm": 2, "masts m": 1, "links": 1}
    folders = read_kmz(tmp_path / "zm.kmz")
    assert [pm["geometry"] for pm in folders["masts zm"]] == ["Point", "Point"]
    assert folders["masts zm"][0]["coords"][0][0][:2] == pytest.approx((125.7, 39.0))
    assert folders["masts m"][0]["coords"][0][0][:2] == pytest.approx((125.9, 39.2))
    assert folders["links"][0]["geometry"] == "LineString"
    for name in ("zm.geojson", "zm.shp", "zm.gpkg"):
        ex.export_vector([ex.snapshot(stations)], tmp_path / name)
        _records, geoms = ogr_records(tmp_path / name)
        assert geoms[0].startswith("POINT"), (name, geoms)


def _points(name: str, n: int, seed: int) -> QgsVectorLayer:
    rng = np.random.default_rng(seed)
    xy = rng.uniform((125.5, 38.8), (126.0, 39.2), (n, 2))
    return _layer("Point?crs=EPSG:4326", name, (("name", QVariant.Type.String), ("n", QVariant.Type.Int)),
                  [[f"{name} {i}", i] for i in range(n)], [QgsGeometry.fromPointXY(QgsPointXY(*p)) for p in xy])


def test_overwriting_a_geopackage_open_as_a_layer_of_the_project(plugin, qgis_new_project, tmp_path):
    folder = tmp_path / "내 보고 폴더" / "with spaces"
    path = folder / "network 2024.gpkg"
    ex.export_vector([ex.snapshot(_points("Stations", 5, 1)), ex.snapshot(_points("Other", 2, 2))], path)
    opened = QgsVectorLayer(f"{path}|layername=Stations", "Stations", "ogr")
    assert opened.isValid() and opened.featureCount() == 5
    QgsProject.instance().addMapLayer(opened)
    assert len(list(opened.getFeatures())) == 5  # its connection is open
    # replaced while open: the layer shows the new stations, the file's other layer stays
    result = ex.export_vector([ex.snapshot(_points("Stations", 7, 3))], path, overwrite=True)
    assert result.layers == {"Stations": 7}
    assert len(ogr_records(path, "Stations")[0]) == 7 and len(ogr_records(path, "Other")[0]) == 2
    opened.dataProvider().reloadData()
    assert opened.featureCount() == 7
    # the layer written over itself: its features are read before the file is replaced
    ex.export_vector([ex.snapshot(opened)], path, overwrite=True)
    assert [r["name"] for r in ogr_records(path, "Stations")[0]] == [f"Stations {i}" for i in range(7)]
    # a layer of the project editing the file: its unsaved deletion of 'Stations 0' would, saved after the
    # file was replaced, delete the new feature of that id; refused naming the layer, nothing changed
    assert opened.startEditing()
    opened.deleteFeature(next(opened.getFeatures()).id())
    before = path.read_bytes()
    said = (f"Cannot replace {path}: the layer 'Stations' of the project is being edited from it. Save or discard "
            "its edits (Toggle Editing) and try again.")
    with pytest.raises(ex.ExportError) as refused:
        ex.refuse_edited_target(path, QgsProject.instance())
    assert str(refused.value) == said
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match=re.escape(said)):
        processing.run("basestationmapper:exportlayers", {"LAYERS": [_points("Stations", 3, 4)], "OUTPUT": str(path),
                                                          "OVERWRITE": True})
    assert path.read_bytes() == before and len(ogr_records(path, "Other")[0]) == 2
    assert opened.commitChanges()
    assert len(ogr_records(path, "Stations")[0]) == 6  # the edit saved where it was meant
    ex.refuse_edited_target(path, QgsProject.instance())  # no longer edited: may be replaced
    assert leftovers(folder) == []
    QgsProject.instance().removeMapLayer(opened.id())


def test_dock_export_refuses_a_file_a_layer_is_editing(plugin, qgis_new_project, tmp_path):
    from support.message_bar import bar_messages

    folder = tmp_path / "결과 out"
    folder.mkdir()
    stations = _points("Stations", 4, 7)
    QgsProject.instance().addMapLayer(stations)
    ex.export_vector([ex.snapshot(stations)], folder / "net_Stations.geojson")
    opened = QgsVectorLayer(str(folder / "net_Stations.geojson"), "net stations", "ogr")
    QgsProject.instance().addMapLayer(opened)
    assert opened.startEditing()
    section = plugin.dock.sections["export"]
    section.set_layer_checked(stations)
    for key, box in section.format_checks.items():
        box.setChecked(key == "geojson")
    section.stations_csv.setChecked(False)
    section.stats_combo.setLayer(None)
    section.raster_combo.setLayer(None)
    section.folder.setFilePath(str(folder))
    section.base_name.setText("net")
    before = (folder / "net_Stations.geojson").read_bytes()
    plugin.iface.messageBar().clearWidgets()
    section.confirm_overwrite = lambda paths: True  # the question answered Yes
    assert section.export() is None
    said = bar_messages(plugin.iface)
    assert len(said) == 1 and "the layer 'net stations' of the project is being edited" in said[0][0], said
    assert (folder / "net_Stations.geojson").read_bytes() == before
    opened.rollBack()
    QgsProject.instance().removeMapLayers([opened.id(), stations.id()])


def test_overwriting_a_shapefile_open_as_a_layer_of_the_project(qgis_new_project, tmp_path):
    path = tmp_path / "기지국 shp" / "masts file.shp"
    ex.export_vector([ex.snapshot(_points("masts", 4, 5))], path)
    opened = QgsVectorLayer(str(path), "masts", "ogr")
    QgsProject.instance().addMapLayer(opened)
    assert opened.featureCount() == 4
    ex.export_vector([ex.snapshot(_points("masts", 6, 6))], path, overwrite=True)
    assert len(ogr_records(path)[0]) == 6
    opened.dataProvider().reloadData()
    assert opened.featureCount() == 6
    ex.export_vector([ex.snapshot(opened)], path, overwrite=True)  # over itself
    assert [r["n"] for r in ogr_records(path)[0]] == list(range(6))
    QgsProject.instance().removeMapLayer(opened.id())


def test_a_filtered_layer_writes_only_its_features_everywhere(plugin, qgis_new_project, tmp_path):
    """The subset string (Filter…) of a GeoPackage layer holds in every export: the tables, the stations
    CSV and the Processing algorithms, not only the vector formats."""
    import csv

    import processing

    src = tmp_path / "src.gpkg"
    ex.export_vector([ex.snapshot(_points("towers", 10, 8))], src)
    layer = QgsVectorLayer(f"{src}|layername=towers", "towers", "ogr")
    layer.setSubsetString('"n" >= 7')
    QgsProject.instance().addMapLayer(layer)
    assert layer.featureCount() == 3
    ex.export_stations_csv(ex.snapshot(layer), tmp_path / "s.csv")
    ex.export_table(ex.snapshot(layer), tmp_path / "t.csv")
    for name in ("s.csv", "t.csv"):
        with open(tmp_path / name, encoding="utf-8-sig", newline="") as f:
            assert [int(r["n"]) for r in csv.DictReader(f)] == [7, 8, 9], name
    out = processing.run("basestationmapper:exportstationscsv", {"STATIONS": layer, "OUTPUT": str(tmp_path / "p.csv")})
    assert out["STATIONS_WRITTEN"] == 3
    out = processing.run("basestationmapper:exportlayers", {"LAYERS": [layer], "OUTPUT": str(tmp_path / "p.geojson")})
    assert out["FEATURES"] == 3 and [r["n"] for r in ogr_records(tmp_path / "p.geojson")[0]] == [7, 8, 9]
    out = processing.run("basestationmapper:exporttable", {"INPUT": layer, "OUTPUT": str(tmp_path / "p.xlsx")})
    assert out["ROWS"] == 3
    QgsProject.instance().removeMapLayer(layer.id())


def test_exporttable_says_which_columns_it_renamed(plugin, qgis_new_project, tmp_path):
    """exporttable's warnings (columns differing only in case renamed) never reached the log."""
    import processing
    from support.processing_feedback import Feedback

    layer = _awkward_names()
    QgsProject.instance().addMapLayer(layer)
    feedback = Feedback()
    processing.run("basestationmapper:exporttable", {"INPUT": layer, "OUTPUT": str(tmp_path / "t.csv")},
                   feedback=feedback)
    assert feedback.warnings == ["CSV column names must differ in more than case; renamed in 'names': "
                                 "technology → technology_2"]
    QgsProject.instance().removeMapLayer(layer.id())


def test_stations_east_of_180_in_a_pacific_crs_get_longitudes_of_the_west(qgis_app, tmp_path):
    """Masts on Taveuni and in Tonga (east of 180°) in EPSG:3832: the CSV, KMZ and GeoJSON give
    longitudes in [-180, 180] (-179.9, not 180.1)."""
    import csv

    to_pdc = QgsCoordinateTransform(WGS84, PDC, QgsProject.instance())
    lonlat = [(179.95, -16.8), (-179.9, -16.9), (-175.2, -21.1)]
    layer = _layer("Point?crs=EPSG:3832", "pacific masts", (("name", QVariant.Type.String),),
                   [[f"m{i}"] for i in range(3)],
                   [QgsGeometry.fromPointXY(to_pdc.transform(QgsPointXY(x, y))) for x, y in lonlat])
    ex.export_stations_csv(ex.snapshot(layer), tmp_path / "m.csv")
    with open(tmp_path / "m.csv", encoding="utf-8-sig", newline="") as f:
        got = [(float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f)]
    flat = [v for p in lonlat for v in p]
    assert [v for p in got for v in p] == pytest.approx(flat, abs=1e-7)
    ex.export_vector([ex.snapshot(layer)], tmp_path / "m.kmz")
    coords = [pm["coords"][0][0][:2] for pm in read_kmz(tmp_path / "m.kmz")["pacific masts"]]
    assert [v for p in coords for v in p] == pytest.approx(flat, abs=1e-7)
    ex.export_vector([ex.snapshot(layer)], tmp_path / "m.geojson")
    doc = json.loads((tmp_path / "m.geojson").read_text(encoding="utf-8"))
    assert [v for f in doc["features"] for v in f["geometry"]["coordinates"]] == pytest.approx(flat, abs=1e-7)


def test_csv_outputs_refuse_a_file_a_layer_is_editing(plugin, qgis_new_project, tmp_path):
    """exportstationscsv and exporttable replaced a CSV that a layer of the project was editing."""
    import processing
    from qgis.core import QgsProcessingException

    stations = _points("Stations", 4, 9)
    QgsProject.instance().addMapLayer(stations)
    for alg, key in (("exportstationscsv", "STATIONS"), ("exporttable", "INPUT")):
        path = tmp_path / "표 out" / f"{alg}.csv"
        path.parent.mkdir(exist_ok=True)
        processing.run(f"basestationmapper:{alg}", {key: stations, "OUTPUT": str(path)})
        opened = QgsVectorLayer(str(path), "open csv", "ogr")
        QgsProject.instance().addMapLayer(opened)
        assert opened.startEditing()
        before = path.read_bytes()
        with pytest.raises(QgsProcessingException, match=r"the layer 'open csv' of the project is being edited"):
            processing.run(f"basestationmapper:{alg}", {key: stations, "OUTPUT": str(path), "OVERWRITE": True})
        assert path.read_bytes() == before
        opened.rollBack()
        processing.run(f"basestationmapper:{alg}", {key: stations, "OUTPUT": str(path), "OVERWRITE": True})
        QgsProject.instance().removeMapLayer(opened.id())
    QgsProject.instance().removeMapLayer(stations.id())
