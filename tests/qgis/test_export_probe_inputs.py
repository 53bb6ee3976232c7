"""Exports of inputs the other tests had not tried: a shapefile named '.SHP' or '.Shp', field names a shapefile
driver would change itself (a space left at the 10-byte cut, a colon), a mistyped position a layer's CRS cannot
convert to longitude/latitude, and Processing's report on a statistics table with whole-number population columns
holding an empty cell. Every output is read back with OGR, not through the writer."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from osgeo import ogr
from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayer
from support.export_files import leftovers, ogr_records
from support.export_layers import STATS_FIELDS, coverage_layer, regions_layer, station_layer, stats_rows

from basestation_mapper.plugin.compat import field_type
from basestation_mapper.plugin.core.safe_write import ExportError
from basestation_mapper.plugin.qgis_io import export as ex


def _points(crs: str, name: str, fields, rows, points) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"Point?crs={crs}", name, "memory")
    assert layer.dataProvider().addAttributes([QgsField(n, field_type(k)) for n, k in fields])
    layer.updateFields()
    feats = []
    for values, (x, y) in zip(rows, points):
        feat = QgsFeature(layer.fields())
        feat.setAttributes(list(values))
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feats.append(feat)
    assert layer.dataProvider().addFeatures(feats)[0]
    layer.updateExtents()
    return layer


@pytest.mark.parametrize(("asked", "written"), [("SITES.SHP", "SITES.SHP"), ("sites.Shp", "sites.shp")])
def test_shapefile_named_in_upper_or_mixed_case_is_written_whole(qgis_app, tmp_path, asked, written):
    # the driver writes '.shp' in lower case: 'SITES.SHP' was reported 'Nothing was written' and a partial
    # '.~SITES….part.shp' stayed; GDAL opens a shapefile named '.shp' or '.SHP' only, so '.Shp' is written '.shp'
    layer = _points("EPSG:4326", "sites", (("name", "str"),), [["a"], ["b"]], [(127.0, 37.5), (127.1, 37.6)])
    result = ex.export_vector([ex.snapshot(layer)], tmp_path / asked)
    assert result.path == tmp_path / written and result.layers == {written[:-4]: 2}
    records, geoms = ogr_records(tmp_path / written)
    assert [r["name"] for r in records] == ["a", "b"] and geoms == ["POINT (127.0 37.5)", "POINT (127.1 37.6)"]
    assert leftovers(tmp_path) == []
    with pytest.raises(ExportError, match="already exists"):  # the file written is the one checked
        ex.export_vector([ex.snapshot(layer)], tmp_path / asked)


def test_shapefile_field_names_are_those_the_driver_keeps_and_the_report_names(qgis_app, tmp_path):
    # '기지국 명' cut at 10 bytes is '기지국 ': the driver drops the space, meets '기지국' and shortened the name by
    # bytes into invalid UTF-8 ('기지\xea\xb5_1'), while '기지국 명 → 기지국 ' was reported; a colon becomes '_'
    fields = (("기지국", "str"), ("기지국 명", "str"), ("site name x", "int"), ("site name", "int"),
              ("a:b", "str"), ("a_b", "str"))
    layer = _points("EPSG:4326", "sites", fields, [["x", "y", 1, 2, "c", "d"]], [(127.0, 37.5)])
    result = ex.export_vector([ex.snapshot(layer)], tmp_path / "sites.shp")
    renamed = result.renamed["sites"]
    ds = ogr.Open(str(tmp_path / "sites.shp"))
    defn = ds.GetLayer(0).GetLayerDefn()
    raw = [defn.GetFieldDefn(i).GetNameRef() for i in range(defn.GetFieldCount())]
    expected = [renamed.get(name, name) for name, _kind in fields]
    assert raw == expected  # every name as reported, valid UTF-8 (a broken one reads with surrogates)
    assert len({n.lower() for n in raw}) == len(raw)
    records, _geoms = ogr_records(tmp_path / "sites.shp")
    assert [records[0][n] for n in expected] == ["x", "y", 1, 2, "c", "d"]
    assert all(not n.endswith(" ") and ":" not in n for n in raw)
    ds = None


@pytest.mark.parametrize("name", ["sites.kmz", "sites.geojson", "sites.csv"])
def test_a_position_the_crs_cannot_convert_is_refused_naming_layer_and_feature(qgis_app, tmp_path, name):
    # a coordinate mistyped by orders of magnitude in a UTM layer: QGIS's QgsCsException ('forward transform of
    # (inf, inf)') came out as a traceback naming neither the layer nor the feature
    layer = _points("EPSG:32652", "UTM sites", (("name", "str"),), [["ok"], ["typo"], ["ok too"]],
                    [(500_000.0, 4_200_000.0), (1e9, 1e9), (510_000.0, 4_210_000.0)])
    bad = next(f.id() for f in layer.getFeatures() if f["name"] == "typo")
    write = ex.export_stations_csv if name.endswith(".csv") else (lambda s, p: ex.export_vector([s], p))
    with pytest.raises(ExportError) as err:
        write(ex.snapshot(layer), tmp_path / name)
    message = str(err.value)
    assert f"feature {bad} of 'UTM sites'" in message and "EPSG:32652" in message and "1e+09" in message
    assert list(tmp_path.iterdir()) == []  # nothing written, no partial file


def _stats_with_whole_numbers(empty_row: int) -> QgsVectorLayer:
    """The statistics table, its population columns whole numbers, those of one region empty (no population
    data there)."""
    ints = {"population", "covered_pop", "covered_pop_min", "covered_pop_max"}
    layer = QgsVectorLayer("None", "Statistics", "memory")
    assert layer.dataProvider().addAttributes(
        [QgsField(n, field_type("int" if n in ints else k)) for n, k in STATS_FIELDS])
    layer.updateFields()
    feats = []
    for i, row in enumerate(stats_rows()):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([(None if i == empty_row else int(row[n])) if n in ints else row[n]
                            for n, _kind in STATS_FIELDS])
        feats.append(feat)
    assert layer.dataProvider().addFeatures(feats)[0]
    return layer


def test_report_on_statistics_with_an_empty_whole_number_cell(provider, qgis_new_project, tmp_path):
    # read from a layer, a whole-number column with an empty cell is pandas' Int64: its NA made the chart fail
    # with "float() argument must be a string or a real number, not 'NAType'"
    import processing

    stations = station_layer()
    coverage = coverage_layer(stations)
    regions = regions_layer()
    stats = _stats_with_whole_numbers(empty_row=1)
    QgsProject.instance().addMapLayers([stations, coverage, regions, stats])
    out = processing.run("basestationmapper:report", {
        "STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "COVERAGE": coverage,
        "STATISTICS": stats, "OUTPUT_PDF": str(tmp_path / "report.pdf")})
    assert out["PAGES"] == 2 and (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"], check=True,
                              capture_output=True, text=True).stdout
        empty = stats_rows()[1]["region"]
        rows = [line.split() for line in text.splitlines() if line.startswith(empty)]
        assert rows and rows[0].count("–") == 2  # its population and people covered shown as missing
    assert leftovers(tmp_path) == []


def _geopackage_with_a_raster_and_a_table(path) -> None:
    import numpy as np
    from osgeo import gdal

    ds = gdal.GetDriverByName("GPKG").Create(str(path), 20, 10, 1, gdal.GDT_Byte, options=["RASTER_TABLE=coverage"])
    ds.SetGeoTransform((127.0, 0.01, 0.0, 38.0, 0.0, -0.01))
    ds.GetRasterBand(1).WriteArray(np.random.default_rng(0).integers(0, 4, (10, 20)).astype("uint8"))
    ds = None
    ds = gdal.OpenEx(str(path), gdal.OF_UPDATE | gdal.OF_VECTOR)
    table = ds.CreateLayer("notes", None, ogr.wkbNone)
    table.CreateField(ogr.FieldDefn("text", ogr.OFTString))
    feat = ogr.Feature(table.GetLayerDefn())
    feat.SetField("text", "kept")
    table.CreateFeature(feat)
    feat = table = ds = None


def test_geopackage_holding_a_raster_keeps_it_names_it_and_refuses_a_layer_of_its_name(qgis_app, tmp_path):
    from osgeo import gdal

    target = tmp_path / "network.gpkg"
    _geopackage_with_a_raster_and_a_table(target)
    polygons = QgsVectorLayer("Polygon?crs=EPSG:4326", "coverage", "memory")
    feat = QgsFeature()
    feat.setGeometry(QgsGeometry.fromWkt("Polygon((127 37, 128 37, 128 38, 127 37))"))
    assert polygons.dataProvider().addFeatures([feat])[0]
    # a vector layer of the raster's name: SQLite's 'table "coverage" already exists' was all the message said
    with pytest.raises(ExportError, match=r"network\.gpkg holds a raster named 'coverage'"):
        ex.export_vector([ex.snapshot(polygons)], target, overwrite=True)
    polygons.setName("coverage areas")
    result = ex.export_vector([ex.snapshot(polygons)], target, overwrite=True)
    # the raster is kept, as the table is, and the warning lists it with the table
    assert any("layers kept" in w and "coverage" in w and "notes" in w for w in result.warnings), result.warnings
    raster = gdal.OpenEx(str(target), gdal.OF_RASTER)
    assert raster.RasterXSize == 20 and raster.GetRasterBand(1).Checksum() > 0
    raster = None
    assert [r["text"] for r in ogr_records(target, "notes")[0]] == ["kept"]
    assert len(ogr_records(target, "coverage areas")[1]) == 1
    assert leftovers(tmp_path) == []


def test_stations_of_a_0_to_360_layer_get_longitudes_within_180(qgis_app, tmp_path):
    # a Pacific station layer kept in 0..360° longitudes: the CSV said lon 180.5, which the plugin's own import
    # refuses as out of range, and the KMZ's coordinates left the range KML allows
    import csv

    from support.export_files import read_kmz

    layer = _points("EPSG:4326", "Fiji", (("name", "str"),), [["Labasa"], ["Suva"]],
                    [(180.62, -16.43), (178.44, -18.14)])
    ex.export_stations_csv(ex.snapshot(layer), tmp_path / "fiji.csv")
    with open(tmp_path / "fiji.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["name"], float(r["lon"]), float(r["lat"])) for r in rows] == [
        ("Labasa", pytest.approx(-179.38), -16.43), ("Suva", 178.44, -18.14)]
    ex.export_vector([ex.snapshot(layer)], tmp_path / "fiji.kmz")
    coords = [pm["coords"] for pm in read_kmz(tmp_path / "fiji.kmz")["Fiji"]]
    assert coords[0][0][0] == pytest.approx((-179.38, -16.43)) and coords[1][0][0] == pytest.approx((178.44, -18.14))


def test_exportlayers_to_a_dot_json_file(plugin, tmp_path):
    """OUTPUT=x.json, a GeoJSON name the README lists: QGIS's writer wrote the staged file as '….part.json.geojson',
    the export said 'Nothing was written' and left that file behind."""
    import json

    import processing
    from support.coverage import station_layer

    out = tmp_path / "network.json"
    result = processing.run("basestationmapper:exportlayers", {
        "LAYERS": [station_layer([(125.7, 39.0), (125.8, 39.1)])], "OUTPUT": str(out)})
    assert result["FEATURES"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["network.json"]
    assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == 2
