"""The import dialog: detection, preview, column mapping and the bad-row report."""

from __future__ import annotations

from support.stations_data import overpass_partly_there, overpass_partly_there_xml, partly_downloaded_osm, write
from support.waiting import wait_until

from basestation_mapper.plugin.ui.import_dialog import ImportDialog


def test_preview_mapping_and_check(qgis_iface, tmp_path):
    path = write(tmp_path / "survey.csv", "Site;Nord;Ost;Tech\nA;39.0;125.7;3G\nB;95;125.8;3G\nC;39.1;125.9;4G\n")
    dialog = ImportDialog(None, 150.0)
    assert all(f"*.{ext}" in dialog.file_widget.filter() for ext in ("osm.bz2", "csv.bz2", "tsv", "csv.gz", "zip"))
    dialog.file_widget.setFilePath(str(path))
    assert dialog.layout_info is not None and dialog.layout_info.delimiter == ";"
    assert dialog.preview.rowCount() == 3 and dialog.preview.item(0, 0).text() == "A"
    assert dialog.role_combos["technology"].currentData() == "Tech"
    # columns named for something else ('north', 'east' in German) are not guessed: the analyst maps them
    assert dialog.role_combos["lat"].currentData() == ""
    dialog.role_combos["lat"].setCurrentIndex(dialog.role_combos["lat"].findData("Nord"))
    dialog.role_combos["lon"].setCurrentIndex(dialog.role_combos["lon"].findData("Ost"))
    dialog.role_combos["name"].setCurrentIndex(dialog.role_combos["name"].findData("Site"))
    options = dialog.options()
    assert options["mapping"]["lat"] == "Nord" and options["merge_distance"] == 150.0
    assert options["skip_bad"] is False
    result = dialog.check()
    assert list(result.stations["name"]) == ["A", "C"]
    report = dialog.report.toPlainText()
    assert "2 stations can be imported" in report and "line 3" in report and "95" in report
    # a wrong delimiter chosen by hand is reported right away
    dialog.delimiter.setCurrentIndex(dialog.delimiter.findData(","))
    assert "seems to use ';'" in dialog.report.toPlainText()
    dialog.deleteLater()


def _gpkg(path, layers):
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    for name, gtype, features in layers:
        lyr = ds.CreateLayer(name, srs, gtype)
        lyr.CreateField(ogr.FieldDefn("name", ogr.OFTString))
        for wkt, label in features:
            feat = ogr.Feature(lyr.GetLayerDefn())
            feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
            feat.SetField("name", label)
            lyr.CreateFeature(feat)
            feat = None
    ds = None
    return path


def test_a_geopackage_of_several_layers_offers_its_layers(qgis_iface, tmp_path):
    """The dock read the first point layer of a GeoPackage without a word; the dialog now lists the
    layers with geometry, the station layer chosen, and reads the one picked."""
    from osgeo import ogr

    path = _gpkg(tmp_path / "survey.gpkg", [
        ("provinces", ogr.wkbPolygon, [("POLYGON ((125 39, 126 39, 126 40, 125 39))", "Pyongyang")]),
        ("towers_2019", ogr.wkbPoint, [("POINT (125.7 39.0)", "A")]),
        ("towers_2021", ogr.wkbPoint, [("POINT (125.8 39.1)", "B"), ("POINT (125.9 39.2)", "C")])])
    dialog = ImportDialog(None, 150.0)
    dialog.file_widget.setFilePath(str(path))
    combo = dialog.layer_combo
    assert combo.isVisibleTo(dialog) and combo.count() == 3
    assert [combo.itemData(i) for i in range(3)] == ["provinces", "towers_2019", "towers_2021"]
    assert combo.currentData() == "towers_2019" and "(Point, 1 feature)" in combo.currentText()
    assert "(Point, 2 features)" in combo.itemText(2)
    combo.setCurrentIndex(combo.findData("towers_2021"))
    assert dialog.options()["layer"] == "towers_2021"
    assert list(dialog.check().stations["name"]) == ["B", "C"]
    # one layer: nothing to choose
    single = _gpkg(tmp_path / "one.gpkg", [("towers", ogr.wkbPoint, [("POINT (125.7 39.0)", "A")])])
    dialog.file_widget.setFilePath(str(single))
    assert not combo.isVisibleTo(dialog) and "layer" not in dialog.options()
    assert list(dialog.check().stations["name"]) == ["A"]
    dialog.deleteLater()


def test_a_source_pasted_as_qgis_shows_it_chooses_its_layer(qgis_iface, tmp_path):
    """'survey.gpkg|layername=towers_2021' (or |layerid=2) pasted into the file box, as QGIS shows a layer's
    source and Processing and the command line take it, said 'file not found'; the file is read and the layer
    it names chosen in the layer list. A layer the file has not is said so, and OK leaves the dialog open."""
    from osgeo import ogr
    from qgis.PyQt.QtWidgets import QDialog

    path = _gpkg(tmp_path / "survey.gpkg", [
        ("provinces", ogr.wkbPolygon, [("POLYGON ((125 39, 126 39, 126 40, 125 39))", "Pyongyang")]),
        ("towers_2019", ogr.wkbPoint, [("POINT (125.7 39.0)", "A")]),
        ("towers_2021", ogr.wkbPoint, [("POINT (125.8 39.1)", "B"), ("POINT (125.9 39.2)", "C")])])
    dialog = ImportDialog(None, 150.0)
    for source in (f"{path}|layername=towers_2021", f"{path}|layerid=2"):
        dialog.file_widget.setFilePath(source)
        assert dialog.kind_label.text() == "GeoPackage layer 'towers_2021'", source
        assert dialog.path() == str(path) and dialog.layer_combo.currentData() == "towers_2021"
        assert dialog.options()["layer"] == "towers_2021" and dialog.report.toPlainText() == ""
        assert list(dialog.check().stations["name"]) == ["B", "C"]
    for source, said in ((f"{path}|layerid=7", "survey.gpkg: has no layer 7 (|layerid= numbers its layers from 0: "
                                               "0 'provinces'"),
                         (f"{path}|layername=masts", "survey.gpkg has no layer 'masts' to read stations from "
                                                     "(layers: 'provinces', 'towers_2019', 'towers_2021')"),
                         (f"{path}|subset=x", "survey.gpkg: 'subset=x' after the file name is not understood")):
        dialog.file_widget.setFilePath(source)
        assert dialog.kind_label.text() != "file not found" and said in dialog.report.toPlainText(), source
        dialog.setResult(QDialog.DialogCode.Rejected)
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Rejected and said in dialog.report.toPlainText()
        assert dialog.check() is None and said in dialog.report.toPlainText()
    dialog.deleteLater()


def _run_import(section, dialog):
    import time

    from qgis.core import QgsApplication

    section.start_import(dialog.path(), dialog.options(), append=dialog.append.isChecked())
    start = time.time()
    while section._task is not None:
        QgsApplication.processEvents()
        time.sleep(0.02)
        assert time.time() - start < 20, "the import did not finish"
    return section.current_layer()


def test_the_layer_imported_from_a_geopackage_of_several_layers_is_named_after_it(plugin, tmp_path):
    """The layer made from the layer chosen in a GeoPackage of several was named after the file only
    ('survey', whichever layer was read); it is named 'survey — towers_2021', a file of one layer after the file."""
    from osgeo import ogr

    section = plugin.dock.sections["stations"]
    path = _gpkg(tmp_path / "survey.gpkg", [
        ("towers_2019", ogr.wkbPoint, [("POINT (125.7 39.0)", "A")]),
        ("towers_2021", ogr.wkbPoint, [("POINT (125.8 39.1)", "B"), ("POINT (125.9 39.2)", "C")])])
    dialog = ImportDialog(None, 150.0)
    dialog.file_widget.setFilePath(str(path))
    dialog.layer_combo.setCurrentIndex(dialog.layer_combo.findData("towers_2021"))
    layer = _run_import(section, dialog)
    assert layer.name() == "survey — towers_2021" and layer.featureCount() == 2
    single = _gpkg(tmp_path / "one.gpkg", [("towers", ogr.wkbPoint, [("POINT (125.7 39.0)", "A")])])
    dialog.file_widget.setFilePath(str(single))
    assert _run_import(section, dialog).name() == "one"
    dialog.deleteLater()


def test_a_gpx_of_waypoints_offers_no_empty_routes_or_tracks(qgis_iface, tmp_path):
    """A GPX of waypoints listed its empty routes, tracks, route and track points as layers to choose from."""
    path = tmp_path / "walk.gpx"
    path.write_text('<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
                    '<wpt lat="39.0" lon="125.7"><name>W</name><desc>roof</desc></wpt></gpx>')
    dialog = ImportDialog(None, 150.0)
    dialog.file_widget.setFilePath(str(path))
    assert dialog.layer_combo.count() == 1 and not dialog.layer_combo.isVisibleTo(dialog)
    result = dialog.check()
    assert list(result.stations["notes"]) == ["roof"]
    dialog.deleteLater()


def test_a_workbook_is_offered_and_its_stations_sheet_chosen(qgis_iface, tmp_path):
    """Spreadsheets were not offered in the file dialog, and a workbook whose first sheet holds no positions
    was read from that sheet and refused; .xlsx/.ods are offered, and of a workbook's sheets those with lon/lat
    columns are listed, the first chosen."""
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    path = tmp_path / "survey.xlsx"
    ds = ogr.GetDriverByName("XLSX").CreateDataSource(str(path))
    notes = ds.CreateLayer("notes", geom_type=ogr.wkbNone)
    notes.CreateField(ogr.FieldDefn("remark", ogr.OFTString))
    feat = ogr.Feature(notes.GetLayerDefn())
    feat.SetField("remark", "surveyed 2021")
    notes.CreateFeature(feat)
    for sheet, lon in (("north", 125.5), ("south", 126.5)):
        lyr = ds.CreateLayer(sheet, geom_type=ogr.wkbNone)
        for name, kind in (("name", ogr.OFTString), ("Longitude", ogr.OFTReal), ("Latitude", ogr.OFTReal)):
            lyr.CreateField(ogr.FieldDefn(name, kind))
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetField("name", sheet)
        feat.SetField("Longitude", lon)
        feat.SetField("Latitude", 39.5)
        lyr.CreateFeature(feat)
    feat = ds = None
    dialog = ImportDialog(None, 150.0)
    assert "*.xlsx" in dialog.file_widget.filter() and "*.ods" in dialog.file_widget.filter()
    dialog.file_widget.setFilePath(str(path))
    assert [dialog.layer_combo.itemData(i) for i in range(dialog.layer_combo.count())] == ["north", "south"]
    assert dialog.layer_combo.currentData() == "north"
    assert list(dialog.check().stations["name"]) == ["north"]
    dialog.layer_combo.setCurrentIndex(1)
    assert list(dialog.check().stations["name"]) == ["south"]
    dialog.deleteLater()


def test_check_file_says_which_tracks_moved(qgis_iface, tmp_path):
    """Check file listed the stations and the bad rows only; how the file was read (a track placed at its last
    position) is said there too, as after the import."""
    path = tmp_path / "tour.kml"
    path.write_text('<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">'
                    "<Document>\n<Placemark><name>Drive</name><gx:Track><gx:coord>126.0 40.0 0</gx:coord>"
                    "<gx:coord>126.01 40.0 0</gx:coord></gx:Track></Placemark>\n</Document></kml>", encoding="utf-8")
    dialog = ImportDialog(None, 150.0)
    dialog.file_widget.setFilePath(str(path))
    assert len(dialog.check().stations) == 1
    report = dialog.report.toPlainText()
    assert "1 station can be imported." in report and "'Drive' (line 2: 426 m)" in report
    dialog.deleteLater()


def test_a_sheet_of_projected_x_y_gets_its_columns_and_crs(qgis_iface, tmp_path):
    """A workbook's sheet of x/y in a projected CRS: the dialog offered the CRS and the columns for CSV files only,
    and Check file (and the import) refused the sheet ('choose their CRS') with no CRS to choose; the sheet's
    columns, first rows and the CRS of x/y are offered as a CSV's (no delimiter nor encoding), for each sheet."""
    import numpy as np
    import pytest
    from osgeo import gdal, ogr
    from pyproj import Transformer
    from qgis.core import QgsCoordinateReferenceSystem
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    gdal.UseExceptions()
    rng = np.random.default_rng(7)
    points = [(float(x), float(y)) for x, y in zip(rng.uniform(340000, 360000, 3), rng.uniform(4310000, 4330000, 3))]
    path = tmp_path / "survey.xlsx"
    ds = ogr.GetDriverByName("XLSX").CreateDataSource(str(path))
    utm = ds.CreateLayer("utm", geom_type=ogr.wkbNone)
    for name, kind in (("name", ogr.OFTString), ("Easting", ogr.OFTReal), ("Northing", ogr.OFTReal)):
        utm.CreateField(ogr.FieldDefn(name, kind))
    for i, (x, y) in enumerate(points):
        feat = ogr.Feature(utm.GetLayerDefn())
        feat.SetField("name", f"U{i}")
        feat.SetField("Easting", x)
        feat.SetField("Northing", y)
        utm.CreateFeature(feat)
    geo = ds.CreateLayer("geo", geom_type=ogr.wkbNone)
    for name, kind in (("site", ogr.OFTString), ("Longitude", ogr.OFTReal), ("Latitude", ogr.OFTReal)):
        geo.CreateField(ogr.FieldDefn(name, kind))
    feat = ogr.Feature(geo.GetLayerDefn())
    feat.SetField("site", "G")
    feat.SetField("Longitude", 125.7)
    feat.SetField("Latitude", 39.0)
    geo.CreateFeature(feat)
    feat = utm = geo = ds = None

    dialog = ImportDialog(None, 0.0)
    dialog.file_widget.setFilePath(str(path))
    assert dialog.layer_combo.currentData() == "utm"
    box = dialog.csv_box
    assert box.isVisibleTo(dialog) and box.title() == "Table options"
    assert dialog.crs.isVisibleTo(dialog) and not dialog.delimiter.isVisibleTo(dialog)
    assert not dialog.encoding.isVisibleTo(dialog)
    assert dialog.role_combos["x"].currentData() == "Easting" and dialog.role_combos["y"].currentData() == "Northing"
    assert dialog.preview.rowCount() == 3 and dialog.preview.item(1, 0).text() == "U1"
    dialog.crs.setCrs(QgsCoordinateReferenceSystem("EPSG:32652"))
    QTest.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)  # read in the background
    wait_until(lambda: not dialog.checking(), timeout=30)
    assert "3 stations can be imported." in dialog.report.toPlainText(), dialog.report.toPlainText()
    options = dialog.options()
    assert options["crs"] == "EPSG:32652" and "delimiter" not in options and "encoding" not in options
    stations = dialog.check().stations
    to_wgs84 = Transformer.from_crs("EPSG:32652", "EPSG:4326", always_xy=True)
    for (x, y), lon, lat in zip(points, stations["lon"], stations["lat"]):
        assert (lon, lat) == pytest.approx(to_wgs84.transform(x, y))
    # the other sheet: its own columns, lon/lat in degrees (no CRS asked)
    dialog.layer_combo.setCurrentIndex(dialog.layer_combo.findData("geo"))
    assert dialog.role_combos["lon"].currentData() == "Longitude" and dialog.role_combos["x"].currentData() == ""
    assert dialog.preview.rowCount() == 1 and dialog.preview.item(0, 0).text() == "G"
    assert "crs" not in dialog.options()
    assert list(dialog.check().stations["name"]) == ["G"]
    # a file of layers with geometry: no table options
    dialog.file_widget.setFilePath(str(_gpkg(tmp_path / "one.gpkg", [("towers", ogr.wkbPoint,
                                                                       [("POINT (125.7 39.0)", "A")])])))
    assert not box.isVisibleTo(dialog) and "mapping" not in dialog.options()
    dialog.deleteLater()


def _towers_workbook(path, sheet="Towers"):
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    ds = ogr.GetDriverByName("XLSX" if str(path).endswith(".xlsx") else "ODS").CreateDataSource(str(path))
    lyr = ds.CreateLayer(sheet, geom_type=ogr.wkbNone)
    columns = (("name", ogr.OFTString), ("lon", ogr.OFTReal), ("lat", ogr.OFTReal), ("height", ogr.OFTReal))
    for column, kind in columns:
        lyr.CreateField(ogr.FieldDefn(column, kind))
    for row in (("A", 125.7, 39.0, 45.0), ("B", 125.8, 39.1, 52.0)):
        feat = ogr.Feature(lyr.GetLayerDefn())
        for (column, _kind), value in zip(columns, row):
            feat.SetField(column, value)
        lyr.CreateFeature(feat)
    feat = lyr = ds = None
    return path


def test_none_chosen_for_a_guessed_role_reads_no_column(qgis_iface, tmp_path):
    """'(none)' chosen for a column the reader guessed (the height) still read it, the choice added on top of the
    guess; it reads no column, for a CSV and a workbook's sheet, and a position left with one column (or none, in
    a sheet) is said in the dialog, which stays open."""
    csv = write(tmp_path / "towers.csv", "name,lon,lat,height\nA,125.7,39.0,45\nB,125.8,39.1,52\n")
    for path in (csv, _towers_workbook(tmp_path / "towers.xlsx")):
        dialog = ImportDialog(None, 0.0)
        dialog.file_widget.setFilePath(str(path))
        height = dialog.role_combos["antenna_height_m"]
        assert height.currentData() == "height"
        assert list(dialog.check().stations["antenna_height_m"]) == [45.0, 52.0]
        height.setCurrentIndex(height.findData(""))
        assert dialog.options()["mapping"]["antenna_height_m"] == ""
        stations = dialog.check().stations
        assert list(stations["antenna_height_m"]) == [30.0, 30.0], path  # the default, not the column's
        assert list(stations["name"]) == ["A", "B"]
        lat = dialog.role_combos["lat"]
        lat.setCurrentIndex(lat.findData(""))
        assert dialog.check() is None
        assert "only lon has one" in dialog.report.toPlainText()
        dialog.show()
        dialog.accept()
        assert dialog.isVisible() and "only lon has one" in dialog.report.toPlainText()
        lon = dialog.role_combos["lon"]
        lon.setCurrentIndex(lon.findData(""))
        report = (dialog.check(), dialog.report.toPlainText())[1]
        if path.suffix == ".xlsx":
            assert "A table without geometry is placed by its columns" in report
        else:  # a CSV may hold both in one column: the reader says it has none
            assert "no column is chosen for the position" in report
        dialog.reject()
        dialog.deleteLater()


def test_the_format_is_named_as_users_know_it(qgis_iface, tmp_path):
    """The format of a workbook's sheet, a GeoPackage or GeoJSON showed as 'VECTOR' (an OSM file 'OSM', an
    OpenCelliD answer 'OPENCELLID'); it is named as users know it: XLSX sheet 'Towers', GeoPackage layer
    'towers_2021', GeoJSON, OpenStreetMap, with the sheet or layer chosen."""
    import gzip
    import json

    from osgeo import ogr

    dialog = ImportDialog(None, 0.0)
    label = dialog.kind_label
    dialog.file_widget.setFilePath(str(_towers_workbook(tmp_path / "towers.xlsx")))
    assert label.text() == "XLSX sheet 'Towers'"
    dialog.file_widget.setFilePath(str(_towers_workbook(tmp_path / "masts.ods", sheet="Masts")))
    assert label.text() == "ODS sheet 'Masts'"
    dialog.file_widget.setFilePath(str(_gpkg(tmp_path / "survey.gpkg", [
        ("towers_2019", ogr.wkbPoint, [("POINT (125.7 39.0)", "A")]),
        ("towers_2021", ogr.wkbPoint, [("POINT (125.8 39.1)", "B")])])))
    assert label.text() == "GeoPackage layer 'towers_2019'"
    dialog.layer_combo.setCurrentIndex(dialog.layer_combo.findData("towers_2021"))
    assert label.text() == "GeoPackage layer 'towers_2021'"
    dialog.file_widget.setFilePath(str(_gpkg(tmp_path / "one.gpkg", [("towers", ogr.wkbPoint,
                                                                      [("POINT (125.7 39.0)", "A")])])))
    assert label.text() == "GeoPackage"
    feature = {"type": "Feature", "properties": {"name": "A"}, "geometry": {"type": "Point",
                                                                             "coordinates": [125.7, 39.0]}}
    geojson = json.dumps({"type": "FeatureCollection", "features": [feature]})
    dialog.file_widget.setFilePath(str(write(tmp_path / "towers.geojson", geojson)))
    assert label.text() == "GeoJSON"
    (tmp_path / "towers.geojson.gz").write_bytes(gzip.compress(geojson.encode()))
    dialog.file_widget.setFilePath(str(tmp_path / "towers.geojson.gz"))
    assert label.text() == "GeoJSON (compressed)"
    osm = write(tmp_path / "masts.osm", '<?xml version="1.0"?><osm version="0.6"><node id="1" lat="39.0" '
                'lon="125.7"><tag k="man_made" v="mast"/><tag k="tower:type" v="communication"/></node></osm>')
    dialog.file_widget.setFilePath(str(osm))
    assert label.text() == "OpenStreetMap"
    dialog.file_widget.setFilePath(str(write(tmp_path / "towers.csv", "name,lon,lat\nA,125.7,39.0\n")))
    assert label.text() == "CSV (utf-8, delimiter ',')"
    dialog.deleteLater()


def test_a_zip_holding_a_csv_or_a_workbook_gets_its_table_options(qgis_iface, tmp_path):
    """A zip holding a CSV or an XLSX/ODS workbook got no Table options (Processing's X_FIELD/Y_FIELD and CRS read
    it), so x/y in a projected CRS could not be imported from it; the file inside gets them: its columns, first rows,
    the CRS of x/y (and a CSV's delimiter and encoding), and a workbook its sheets, the format naming the file."""
    import zipfile

    import numpy as np
    import pytest
    from osgeo import gdal, ogr
    from pyproj import Transformer
    from qgis.core import QgsCoordinateReferenceSystem

    gdal.UseExceptions()
    rng = np.random.default_rng(5)
    points = [(round(float(x), 2), round(float(y), 2))
              for x, y in zip(rng.uniform(340000, 360000, 3), rng.uniform(4310000, 4330000, 3))]
    to_wgs84 = Transformer.from_crs("EPSG:32652", "EPSG:4326", always_xy=True)
    csv = write(tmp_path / "utm.csv", "Site;Easting;Northing;height\n"
                + "".join(f"S{i};{x};{y};{40 + i}\n" for i, (x, y) in enumerate(points)))
    book = tmp_path / "survey.xlsx"
    ds = ogr.GetDriverByName("XLSX").CreateDataSource(str(book))
    for sheet in ("north", "utm"):
        lyr = ds.CreateLayer(sheet, geom_type=ogr.wkbNone)
        for name, kind in (("name", ogr.OFTString), ("Easting", ogr.OFTReal), ("Northing", ogr.OFTReal)):
            lyr.CreateField(ogr.FieldDefn(name, kind))
        for i, (x, y) in enumerate(points if sheet == "utm" else points[:1]):
            feat = ogr.Feature(lyr.GetLayerDefn())
            feat.SetField("name", f"{sheet}{i}")
            feat.SetField("Easting", x)
            feat.SetField("Northing", y)
            lyr.CreateFeature(feat)
    feat = lyr = ds = None
    for member, source in (("data/utm.csv", csv), ("list/survey.xlsx", book)):
        archive_path = tmp_path / f"{source.stem}.zip"
        with zipfile.ZipFile(archive_path, "w") as archive:
            archive.write(source, member)
            archive.writestr("readme.txt", "survey 2021")
        dialog = ImportDialog(None, 0.0)
        dialog.file_widget.setFilePath(str(archive_path))
        assert dialog.csv_box.isVisibleTo(dialog) and dialog.crs.isVisibleTo(dialog)
        assert dialog.role_combos["x"].currentData() == "Easting"
        assert dialog.delimiter.isVisibleTo(dialog) == (source == csv)
        if source == csv:
            assert dialog.kind_label.text() == "CSV (utf-8, delimiter ';'), data/utm.csv in the zip"
            assert dialog.preview.rowCount() == 3 and dialog.preview.item(2, 0).text() == "S2"
            expected = [f"S{i}" for i in range(3)]
        else:
            assert dialog.kind_label.text() == "XLSX sheet 'north', list/survey.xlsx in the zip"
            assert dialog.layer_combo.isVisibleTo(dialog) and dialog.preview.rowCount() == 1
            dialog.layer_combo.setCurrentIndex(dialog.layer_combo.findData("utm"))
            assert dialog.kind_label.text() == "XLSX sheet 'utm', list/survey.xlsx in the zip"
            assert dialog.preview.rowCount() == 3
            expected = [f"utm{i}" for i in range(3)]
        dialog.crs.setCrs(QgsCoordinateReferenceSystem("EPSG:32652"))
        stations = dialog.check().stations
        assert list(stations["name"]) == expected and set(stations["source"]) == {archive_path.name}
        for (x, y), lon, lat in zip(points, stations["lon"], stations["lat"]):
            assert (lon, lat) == pytest.approx(to_wgs84.transform(x, y))
        folder = dialog._zip[1].name
        dialog.reject()  # the file extracted for its options is removed with the dialog
        assert not __import__("os").path.exists(folder)
        dialog.deleteLater()
    # a zip that cannot be read says why
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.md", "nothing")
    dialog = ImportDialog(None, 0.0)
    dialog.file_widget.setFilePath(str(empty))
    assert dialog.kind_label.text() == "zip archive (cannot be read)"
    assert "holds no station file" in dialog.report.toPlainText() and not dialog.csv_box.isVisibleTo(dialog)
    dialog.deleteLater()


def test_check_file_names_the_osm_objects_downloaded_in_part(qgis_iface, tmp_path):
    """A JOSM file of a relation whose member ways were partly downloaded: Check file said only how many
    stations; it names the incomplete relation and way with how much of them the file holds."""
    dialog = ImportDialog(None, 150.0)
    dialog.file_widget.setFilePath(str(partly_downloaded_osm(tmp_path / "josm.osm")))
    assert dialog.check() is not None
    report = dialog.report.toPlainText()
    assert "3 stations can be imported" in report
    assert "2 OSM objects are incomplete" in report
    assert "relation 100 (line 1: 2 of 4 member ways), way 200 (line 1: 2 of 4 nodes)" in report
    dialog.deleteLater()


def test_check_file_names_the_objects_an_overpass_answer_holds_in_part(qgis_iface, tmp_path):
    """An Overpass answer ('out geom;' with a bounding box) of a relation whose member ways were cut off: Check file
    said only how many stations; it names the incomplete relation and way as for an OSM file, and how to get
    them whole from Overpass."""
    import json

    path = write(tmp_path / "answer.json", json.dumps(overpass_partly_there("geom")))
    dialog = ImportDialog(None, 150.0)
    dialog.file_widget.setFilePath(str(path))
    assert dialog.check() is not None
    report = dialog.report.toPlainText()
    assert "3 stations can be imported" in report
    assert "2 OSM objects are incomplete" in report
    assert "relation 100 (line 1: 3 of 4 member ways), way 200 (line 1: 2 of 4 nodes)" in report
    assert "'out center;' in the query gives the centre of each way and relation from all of it" in report
    # its XML form: the same
    dialog.file_widget.setFilePath(str(overpass_partly_there_xml(tmp_path / "answer.osm")))
    assert dialog.check() is not None
    report = dialog.report.toPlainText()
    assert "2 OSM objects are incomplete" in report
    assert "relation 100 (line 3: 3 of 4 member ways), way 200 (line 4: 2 of 4 nodes)" in report
    assert "'out center;' in the query gives the centre of each way and relation from all of it" in report
    dialog.deleteLater()


def test_an_opencellid_export_shows_no_column_roles_and_says_why(qgis_iface, tmp_path):
    """An OpenCelliD CSV showed the column-role boxes and the CRS of x/y, which its reader ignores (its cells are
    grouped by its own columns): choosing 'samples' as the name changed nothing. They are hidden, the dialog
    saying why; the delimiter and encoding, which apply, stay; a plain CSV shows the roles again."""
    from support.stations_data import opencellid_csv, station_csv

    dialog = ImportDialog(None, 150.0)
    dialog.file_widget.setFilePath(str(opencellid_csv(tmp_path / "cells.csv", n_sites=3)))
    assert dialog.layout_info.kind == "opencellid" and dialog.csv_box.isVisibleTo(dialog)
    assert dialog.ocid_hint.isVisibleTo(dialog) and "read by its own columns" in dialog.ocid_hint.text()
    assert "250 m" in dialog.ocid_hint.text()
    for widget in (*dialog.role_combos.values(), dialog.crs, dialog.none_hint):
        assert not widget.isVisibleTo(dialog)
        label = dialog.csv_form.labelForField(widget)
        assert label is None or not label.isVisibleTo(dialog)
    assert dialog.delimiter.isVisibleTo(dialog) and dialog.encoding.isVisibleTo(dialog)
    assert dialog.preview.isVisibleTo(dialog) and dialog.preview.rowCount() > 0
    assert "mapping" not in dialog.options() and "crs" not in dialog.options()
    assert len(dialog.check().stations) > 0
    dialog.file_widget.setFilePath(str(station_csv(tmp_path / "sites.csv")))
    assert dialog.layout_info.kind != "opencellid" and not dialog.ocid_hint.isVisibleTo(dialog)
    assert dialog.role_combos["lon"].isVisibleTo(dialog) and dialog.crs.isVisibleTo(dialog)
    assert dialog.csv_form.labelForField(dialog.role_combos["lon"]).isVisibleTo(dialog)
    dialog.deleteLater()


def test_an_opencellid_looking_csv_can_be_read_as_a_plain_table(qgis_iface, tmp_path):
    """A list of sites with OpenCelliD's columns (radio, mcc, net, area, cell, lon, lat...) could only be read with
    its cells grouped into sites: nothing in the dialog read it as the plain table the importers can. 'Read as a
    plain table' shows the column roles and reads each row as a station, from a zip too; another file starts
    unticked."""
    import zipfile

    from support.stations_data import opencellid_csv, station_csv

    cells = opencellid_csv(tmp_path / "cells.csv", n_sites=3)
    dialog = ImportDialog(None, 0.0)
    dialog.file_widget.setFilePath(str(cells))
    assert dialog.plain_table.isVisibleTo(dialog) and not dialog.plain_table.isChecked()
    assert len(dialog.check().stations) == 3  # grouped: one site per eNB or cell group
    dialog.plain_table.setChecked(True)
    assert not dialog.ocid_hint.isVisibleTo(dialog) and dialog.role_combos["lon"].isVisibleTo(dialog)
    assert dialog.role_combos["lon"].currentData() == "lon" and dialog.role_combos["technology"].currentData() == \
        "radio"
    options = dialog.options()
    assert options["kind"] == "csv" and options["mapping"]["lat"] == "lat"
    result = dialog.check()
    assert result.kind == "csv" and len(result.stations) == 9  # each row a station
    assert set(result.stations["technology"]) == {"4G", "3G"}
    archive = tmp_path / "cells.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(cells, "cells.csv")
    dialog.file_widget.setFilePath(str(archive))
    assert dialog.plain_table.isVisibleTo(dialog) and not dialog.plain_table.isChecked()
    dialog.plain_table.setChecked(True)
    assert len(dialog.check().stations) == 9
    dialog.file_widget.setFilePath(str(station_csv(tmp_path / "sites.csv")))
    assert not dialog.plain_table.isVisibleTo(dialog) and "kind" not in dialog.options()
    dialog.deleteLater()


def test_x_y_columns_get_no_crs_the_user_did_not_choose(qgis_iface, tmp_path):
    """A CSV of projected x/y with no CRS chosen: the dialog sent its default EPSG:4326 and every row came back
    'outside [-180, 180]'. The CRS of x/y is 'choose…' (none) until the user chooses it: Check file gives the
    reader's 'choose their CRS', OK leaves the dialog open saying so; once chosen it is read, kept while the
    delimiter changes, and forgotten for another file; lon/lat columns are WGS 84 as before."""
    import numpy as np
    from qgis.core import QgsCoordinateReferenceSystem

    rng = np.random.default_rng(3)
    rows = "".join(f"S{i},{x:.1f},{y:.1f}\n" for i, (x, y) in
                   enumerate(zip(rng.uniform(340000, 360000, 3), rng.uniform(4310000, 4330000, 3))))
    path = write(tmp_path / "utm.csv", "name,x,y\n" + rows)
    dialog = ImportDialog(None, 0.0)
    dialog.file_widget.setFilePath(str(path))
    assert dialog.role_combos["x"].currentData() == "x" and not dialog.crs.crs().isValid()
    assert "crs" not in dialog.options()
    assert dialog.check() is None
    report = dialog.report.toPlainText()
    assert "hold projected coordinates" in report and "choose their CRS" in report
    assert "outside [-180, 180]" not in report
    dialog.accept()
    assert dialog.result() == 0 and "choose their CRS in 'CRS of x/y'" in dialog.report.toPlainText()
    dialog.crs.setCrs(QgsCoordinateReferenceSystem("EPSG:32652"))
    dialog.delimiter.setCurrentIndex(dialog.delimiter.findData(","))
    assert dialog.options()["crs"] == "EPSG:32652" and dialog.crs_problem() is None
    assert len(dialog.check().stations) == 3
    dialog.file_widget.setFilePath(str(write(tmp_path / "other.csv", "name,x,y\n" + rows)))
    assert not dialog.crs.crs().isValid() and "crs" not in dialog.options()
    # x/y of degrees need no CRS; lon/lat columns are WGS 84
    dialog.file_widget.setFilePath(str(write(tmp_path / "deg.csv", "name,x,y\nA,125.7,39.0\n")))
    assert dialog.crs_problem() is None and list(dialog.check().stations["lon"]) == [125.7]
    dialog.file_widget.setFilePath(str(write(tmp_path / "ll.csv", "name,lon,lat\nA,125.7,39.0\n")))
    assert "crs" not in dialog.options() and list(dialog.check().stations["lat"]) == [39.0]
    dialog.deleteLater()


def test_a_kml_or_osm_source_pasted_as_qgis_shows_it_reads_that_layer(qgis_iface, tmp_path):
    """'doc.kml|layername=Towers' pasted into the file box read every placemark of the file; that folder's are
    read (the format saying which layer), and a layer the file has not is said listing its layers, OK leaving
    the dialog open."""
    from qgis.PyQt.QtWidgets import QDialog
    from support.stations_data import layered_osm, survey_kml

    kml = write(tmp_path / "doc.kml", survey_kml())
    osm = layered_osm(tmp_path / "x.osm")
    dialog = ImportDialog(None, 150.0)
    for source, shown, names in ((f"{kml}|layername=Towers", "KML layer 'Towers'", ["T1", "T2", "T3"]),
                                 (f"{kml}|layerid=3", "KML layer 'Towers (#2)'", ["D1"]),
                                 (f"{osm}|layername=lines", "OpenStreetMap layer 'lines'", ["Way tower"])):
        dialog.file_widget.setFilePath(source)
        assert dialog.kind_label.text() == shown and dialog.report.toPlainText() == "", source
        assert sorted(dialog.check().stations["name"]) == names, source
    dialog.file_widget.setFilePath(str(kml))
    assert dialog.kind_label.text() == "KML" and "layer" not in dialog.options()
    assert len(dialog.check().stations) == 7
    for source, said in ((f"{kml}|layername=Masts", "doc.kml has no layer 'Masts' to read stations from (layers: "
                                                    "'Survey', 'Towers', 'Rooftops', 'Towers (#2)', 'Layer3', "
                                                    "'Empty')"),
                         (f"{osm}|layername=towers", "x.osm has no layer 'towers' to read stations from (layers: "
                                                     "'points', 'lines', 'multilinestrings', 'multipolygons', "
                                                     "'other_relations')")):
        dialog.file_widget.setFilePath(source)
        assert said in dialog.report.toPlainText(), source
        dialog.setResult(QDialog.DialogCode.Rejected)
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Rejected and said in dialog.report.toPlainText()
        assert dialog.check() is None
    dialog.deleteLater()


def test_the_layer_imported_from_a_kml_folder_or_osm_layer_is_named_after_it(plugin, tmp_path):
    """The layer made from 'doc.kml|layername=Towers' was named 'doc', as the whole file's; it is 'doc — Towers'
    ('x — points' of an OSM file), as a GeoPackage's layer is."""
    from support.stations_data import layered_osm, survey_kml

    section = plugin.dock.sections["stations"]
    kml = write(tmp_path / "doc.kml", survey_kml())
    osm = layered_osm(tmp_path / "x.osm")
    dialog = ImportDialog(None, 150.0)
    for source, name, count in ((f"{kml}|layername=Towers", "doc — Towers", 3), (str(kml), "doc", 7),
                                (f"{osm}|layername=points", "x — points", 1)):
        dialog.file_widget.setFilePath(source)
        layer = _run_import(section, dialog)
        assert (layer.name(), layer.featureCount()) == (name, count), source
    dialog.deleteLater()


def test_a_pasted_kml_source_has_its_layers_read_once(qgis_iface, tmp_path, monkeypatch):
    """The layers of a KML named by a pasted source were read again (OGR parsing the whole file on QGIS's main
    thread) for the format, the source's check, each Check file and OK; they are read once for the file as it is,
    again when it changes."""
    from support.stations_data import survey_kml

    from basestation_mapper.plugin.core import importers as im

    calls = []
    read = im.source_layer_names
    monkeypatch.setattr(im, "source_layer_names", lambda path: calls.append(path) or read(path))
    kml = write(tmp_path / "doc.kml", survey_kml())
    dialog = ImportDialog(None, 150.0)
    dialog.file_widget.setFilePath(f"{kml}|layername=Towers")
    for _ in range(3):
        assert dialog.options()["layer"] == "Towers" and dialog.source_problem() is None
    assert len(calls) == 1
    write(tmp_path / "doc.kml", survey_kml().replace("<name>Towers</name>", "<name>Masts</name>", 1)
          + "<!-- edited -->\n")
    dialog.file_widget.setFilePath(f"{kml}|layername=Masts")  # the first folder renamed: its layers read again
    assert dialog.source_problem() is None and dialog.options()["layer"] == "Masts" and len(calls) == 2
    dialog.deleteLater()
