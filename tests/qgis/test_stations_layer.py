"""Station GeoPackage layers: schema, style, form, schema check of existing layers, import into layers."""

from __future__ import annotations

import os

import pandas as pd
import pytest
from qgis.core import QgsFieldConstraints, QgsProject, QgsVectorLayer
from support.stations_data import opencellid_csv, station_csv, write

from basestation_mapper.plugin.core.stations import FIELD_NAMES
from basestation_mapper.plugin.qgis_io import station_layer as sl
from basestation_mapper.plugin.qgis_io.project import plugin_group


def test_new_layer_has_schema_style_and_form(plugin, tmp_path):
    section = plugin.dock.sections["stations"]
    layer = section.new_layer(str(tmp_path / "net"))
    assert layer.crs().authid() == "EPSG:4326"
    assert [f.name() for f in layer.fields() if f.name() != "fid"] == list(FIELD_NAMES)
    assert plugin_group().findLayer(layer.id()) is not None
    renderer = layer.renderer()
    labels = [r.label() for r in renderer.rootRule().children()]
    assert "3G candidate" in labels and "2G confirmed" in labels and "5G rejected" in labels
    fields = layer.fields()
    tech = layer.editorWidgetSetup(fields.indexOf("technology"))
    assert tech.type() == "ValueMap"
    assert {k for d in tech.config()["map"] for k in d} == {"2G", "3G", "4G", "5G", "unknown"}
    conf = layer.editorWidgetSetup(fields.indexOf("confidence"))
    assert conf.type() == "Range" and conf.config()["Max"] == 1.0
    assert layer.editorWidgetSetup(fields.indexOf("image_date")).type() == "DateTime"
    sid = fields.indexOf("station_id")
    assert "uuid" in layer.defaultValueDefinition(sid).expression()
    assert fields.at(sid).constraints().constraints() & QgsFieldConstraints.Constraint.ConstraintUnique
    assert layer.defaultValueDefinition(fields.indexOf("antenna_height_m")).expression() == "30.0"
    # the style travels with the GeoPackage: a plain re-open gets it
    reopened = QgsVectorLayer(layer.source(), "again", "ogr")
    assert "3G candidate" in [r.label() for r in reopened.renderer().rootRule().children()]
    # existing file is not overwritten
    with pytest.raises(sl.StationLayerError):
        sl.create_station_gpkg(str(tmp_path / "net.gpkg"))


def test_open_layer_reports_missing_fields_and_adds_them(plugin, tmp_path):
    path = write(tmp_path / "old.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature",'
                 '"properties":{"name":"A","technology":"3G"},"geometry":{"type":"Point","coordinates":[125.7,39]}}]}')
    gpkg = str(tmp_path / "old.gpkg")
    from osgeo import gdal

    gdal.VectorTranslate(gpkg, str(path), format="GPKG", layerName="old")
    section = plugin.dock.sections["stations"]
    layer = section.open_layer(gpkg)
    missing = sl.missing_station_fields(layer)
    assert "station_id" in missing and "status" in missing and "name" not in missing
    message = section.missing_fields_message
    assert "station_id" in message.text() and "status" in message.text()
    from qgis.PyQt.QtWidgets import QPushButton

    button = message.findChild(QPushButton, "addMissingFieldsButton")
    button.click()
    assert sl.missing_station_fields(layer) == []
    assert next(layer.getFeatures())["name"] == "A"


def test_missing_fields_button_after_the_layer_was_removed(plugin, tmp_path):
    """The message outlives its layer: its button then closes it, touching nothing."""
    from osgeo import gdal
    from qgis.core import QgsProject
    from qgis.PyQt.QtWidgets import QPushButton

    src = write(tmp_path / "gone.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature",'
                '"properties":{"name":"A"},"geometry":{"type":"Point","coordinates":[125.7,39]}}]}')
    gpkg = tmp_path / "gone.gpkg"
    gdal.VectorTranslate(str(gpkg), str(src), format="GPKG", layerName="gone")
    section = plugin.dock.sections["stations"]
    layer = section.open_layer(str(gpkg))
    message = section.missing_fields_message
    QgsProject.instance().removeMapLayer(layer.id())
    before = gpkg.read_bytes()
    message.findChild(QPushButton, "addMissingFieldsButton").click()
    assert gpkg.read_bytes() == before


def test_add_missing_fields_refused_on_read_only_layer(plugin, tmp_path):
    gpkg = tmp_path / "ro.gpkg"
    from osgeo import gdal

    src = write(tmp_path / "ro.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                '{"name":"A"},"geometry":{"type":"Point","coordinates":[125.7,39]}}]}')
    gdal.VectorTranslate(str(gpkg), str(src), format="GPKG", layerName="ro")
    before = gpkg.read_bytes()
    layer = QgsVectorLayer(f"{gpkg}|layername=ro", "ro", "ogr")
    layer.setReadOnly(True)
    section = plugin.dock.sections["stations"]
    assert section.add_missing_fields(layer) == []
    assert "station_id" in sl.missing_station_fields(layer)
    assert gpkg.read_bytes() == before


def test_import_into_new_and_existing_layer_keeps_provenance(plugin, tmp_path):
    from basestation_mapper.plugin.core.importers import import_file

    section = plugin.dock.sections["stations"]
    layer = section.new_layer(str(tmp_path / "merge.gpkg"))
    csv_path = station_csv(tmp_path / "survey.csv")
    result = import_file(csv_path)
    section.apply_import(result, layer.id(), 150.0)
    assert layer.featureCount() == 3 and not layer.isEditable()
    # the same towers again from another file: absorbed, provenance kept
    again = write(tmp_path / "second.csv", "name,lon,lat,technology\nA',125.7544,39.0392,3G\nNew,126.5,39.5,3G\n")
    section.apply_import(import_file(again), layer.id(), 150.0)
    assert layer.featureCount() == 4
    sources = {f["name"]: f["source"] for f in layer.getFeatures()}
    assert sources["Tower A"] == "survey.csv; second.csv"
    assert sources["New"] == "second.csv"
    # a new layer from an OpenCelliD file
    new = section.apply_import(import_file(opencellid_csv(tmp_path / "cells.csv", n_sites=5)), None, 0.0)
    assert new.featureCount() == 5 and section.current_layer() is new
    assert QgsProject.instance().mapLayer(new.id()) is not None


def test_import_task_runs_in_background_and_applies(plugin, tmp_path):
    import time

    from qgis.core import QgsApplication

    section = plugin.dock.sections["stations"]
    path = station_csv(tmp_path / "bg.csv")
    out = str(tmp_path / "bg.gpkg")
    task = section.start_import(str(path), {"merge_distance": 150.0}, output=out)
    start = time.time()
    while section._task is not None and time.time() - start < 20:
        QgsApplication.processEvents()
        time.sleep(0.02)
    layer = section.current_layer()
    assert task is not None and layer is not None and layer.featureCount() == 3
    assert os.path.exists(out) and layer.source().startswith(out)
    # a bad file: nothing changes, the error is shown
    n_layers = len(QgsProject.instance().mapLayers())
    bad = write(tmp_path / "bad.csv", "name,lon,lat\nA,125.7,95\n")
    section.start_import(str(bad), {})
    start = time.time()
    while section._task is not None and time.time() - start < 20:
        QgsApplication.processEvents()
        time.sleep(0.02)
    assert len(QgsProject.instance().mapLayers()) == n_layers
    texts = [item.text() for item in plugin.iface.messageBar().items()]
    assert any("Import failed, nothing was changed" in t and "line 2" in t for t in texts), texts


def test_layer_frame_round_trip(tmp_path):
    df = pd.DataFrame({"lon": [125.7], "lat": [39.0], "name": ["X"], "technology": ["LTE"]})
    layer = sl.write_frame_to_gpkg(df, str(tmp_path / "rt.gpkg"))
    back = sl.layer_to_frame(layer)
    assert back["name"].iloc[0] == "X" and back["technology"].iloc[0] == "4G"
    assert back["lon"].iloc[0] == pytest.approx(125.7)
    assert sl.station_counts(layer)["technology"] == {"4G": 1}


def test_layer_frame_gives_date_fields_as_iso_text_and_import_widens_their_seen_dates(plugin, tmp_path):
    """A GeoPackage with real Date / DateTime fields (not the plugin's text dates): the frame holds ISO
    text, and importing the same tower again into that layer widens its seen dates."""
    from support.stations_qgis import dated_station_gpkg

    from basestation_mapper.plugin.core.importers import import_file

    path = dated_station_gpkg(tmp_path / "dated.gpkg", [
        {"lon": 125.7543, "lat": 39.0392, "name": "Tower A", "status": "confirmed", "technology": "3G",
         "source": "survey", "first_seen": (2019, 4, 2), "last_seen": (2020, 5, 1),
         "updated_at": (2021, 2, 3, 4, 5, 6)},
        {"lon": 126.0, "lat": 39.5, "name": "Tower B", "status": "candidate"},
    ])
    layer = QgsVectorLayer(f"{path}|layername=stations", "dated", "ogr")
    assert layer.isValid()
    df = sl.layer_to_frame(layer).set_index("name")
    assert (df.at["Tower A", "first_seen"], df.at["Tower A", "last_seen"]) == ("2019-04-02", "2020-05-01")
    assert df.at["Tower A", "updated_at"] == "2021-02-03T04:05:06+00:00"
    assert df.at["Tower B", "first_seen"] is None
    QgsProject.instance().addMapLayer(layer)
    again = write(tmp_path / "again.csv", "name,lon,lat,technology,last_seen\nA,125.7544,39.0392,UMTS,2023-07-08\n")
    plugin.dock.sections["stations"].apply_import(import_file(again), layer.id(), 150.0)
    feats = {f["name"]: f for f in layer.getFeatures()}
    assert len(feats) == 2 and feats["Tower A"]["source"] == "survey; again.csv"
    assert feats["Tower A"]["first_seen"].toString("yyyy-MM-dd") == "2019-04-02"
    assert feats["Tower A"]["last_seen"].toString("yyyy-MM-dd") == "2023-07-08"


def test_import_into_a_layer_that_refuses_it_changes_nothing(plugin, tmp_path):
    """Saving the import fails (the GeoPackage refuses new rows): the existing station it would have
    updated keeps its values too, as the message says ('nothing was changed')."""
    import sqlite3

    from basestation_mapper.plugin.core.importers import import_file

    section = plugin.dock.sections["stations"]
    layer = section.new_layer(str(tmp_path / "atomic.gpkg"))
    section.apply_import(import_file(station_csv(tmp_path / "survey.csv")), layer.id(), 150.0)
    assert layer.featureCount() == 3 and not layer.isEditable()
    path = layer.source().split("|")[0]
    con = sqlite3.connect(path)
    con.execute("CREATE TRIGGER refuse BEFORE INSERT ON stations BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    con.commit()
    con.close()
    again = write(tmp_path / "second.csv", "name,lon,lat,technology\nA',125.7544,39.0392,3G\nNew,126.5,39.5,3G\n")
    assert section.apply_import(import_file(again), layer.id(), 150.0) is None
    texts = [item.text() for item in plugin.iface.messageBar().items()]
    assert any("Import failed, nothing was changed" in t for t in texts), texts
    assert not layer.isEditable()
    reread = QgsVectorLayer(layer.source(), "reread", "ogr")
    assert {f["name"]: f["source"] for f in reread.getFeatures()}["Tower A"] == "survey.csv"
    assert reread.featureCount() == 3
    # a layer being edited: the import goes into the edit buffer with the user's own edits, nothing saved
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER refuse")
    con.commit()
    con.close()
    names = {f["name"] for f in reread.getFeatures()}
    assert layer.startEditing()
    name_idx = layer.fields().indexOf("name")
    tower_b = next(f.id() for f in layer.getFeatures() if f["name"] == "Tower B")
    assert layer.changeAttributeValue(tower_b, name_idx, "Tower B (renamed)")
    assert section.apply_import(import_file(again), layer.id(), 150.0) is layer
    assert layer.isEditable() and layer.featureCount() == 4
    assert {f["name"] for f in reread.getFeatures()} == names
    assert layer.commitChanges(), layer.commitErrors()
    assert {f["name"]: f["source"] for f in reread.getFeatures()}["Tower A"] == "survey.csv; second.csv"
    assert "Tower B (renamed)" in {f["name"] for f in reread.getFeatures()}


def test_add_missing_fields_refuses_a_shapefile_that_would_cut_the_names(plugin, tmp_path):
    """A point Shapefile: dBase cuts antenna_height_m and reviewed_at to 10 characters, where the map tool
    and the review would never write; nothing is added and the message says why."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    path = tmp_path / "masts.shp"
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    ds.CreateLayer("masts", srs, ogr.wkbPoint).CreateField(ogr.FieldDefn("name", ogr.OFTString))
    ds = None
    section = plugin.dock.sections["stations"]
    layer = section.open_layer(str(path))
    assert layer is not None and "antenna_height_m" in sl.missing_station_fields(layer)
    assert section.add_missing_fields(layer) == []
    assert [f.name() for f in QgsVectorLayer(str(path), "reread", "ogr").fields()] == ["name"]
    texts = [item.text() for item in plugin.iface.messageBar().items()]
    assert any("Shapefile" in t and "antenna_height_m, reviewed_at" in t for t in texts), texts


def test_choosing_a_layer_again_does_not_pile_up_missing_field_offers(plugin):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", "other tool's masts", "memory")
    feat = QgsFeature(layer.fields())
    feat.setAttributes(["m1"])
    feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(125.7, 39.0)))
    layer.dataProvider().addFeatures([feat])
    QgsProject.instance().addMapLayer(layer)
    section = plugin.dock.sections["stations"]
    for _ in range(3):
        section.set_layer(None)
        section.set_layer(layer)
    offers = [item for item in plugin.iface.messageBar().items() if "other tool's masts lacks" in item.text()]
    assert len(offers) == 1


def _new_via_dialog(section, path, replace_answer):
    """Click New…, type ``path`` in the save dialog, accept it and answer its 'replace?' question
    (``replace_answer``: the QMessageBox button, None when no question is expected; after No the
    dialog stays open, as in QGIS, and is then canceled); returns the questions seen."""
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox

    questions = []

    def answer():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            questions.append(box.text())
            box.button(replace_answer).click()
            if replace_answer == QMessageBox.StandardButton.No:
                QTimer.singleShot(20, cancel)
        else:
            QTimer.singleShot(20, answer)

    def cancel():
        dialog = QApplication.activeModalWidget()
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()

    def fill():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, fill)
            return
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(path))  # typed in the file name box
        if replace_answer is not None:
            QTimer.singleShot(20, answer)
        buttons = dialog.findChild(QDialogButtonBox)
        buttons.button(QDialogButtonBox.StandardButton.Save).click()

    QTimer.singleShot(20, fill)
    section.new_button.click()  # the dock is hidden under pytest-qgis, where a mouse click reaches nothing
    return questions


def test_new_over_an_existing_file_replaces_it_as_the_dialog_confirmed(plugin, tmp_path):
    """New… on an existing GeoPackage: the save dialog asks whether to replace it, and Yes replaces it
    with an empty station layer (the project's layer of the old file goes, the old stations are gone);
    with unsaved edits on that layer the file is kept and the user is told why."""
    from osgeo import ogr
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY
    from qgis.PyQt.QtWidgets import QMessageBox

    section = plugin.dock.sections["stations"]
    path = tmp_path / "towers.gpkg"
    old = section.new_layer(str(path))
    old_id = old.id()
    old.startEditing()
    for x in (125.70, 125.75, 125.80):
        feature = QgsFeature(old.fields())
        feature["technology"] = "3G"
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, 39.0)))
        old.addFeature(feature)
    # unsaved edits: the file stays as it is, the layer and its edits too
    before = path.read_bytes()
    questions = _new_via_dialog(section, path, QMessageBox.StandardButton.Yes)
    assert questions and "towers.gpkg" in questions[0]
    assert path.read_bytes() == before
    assert QgsProject.instance().mapLayer(old_id) is old and old.isModified() and old.featureCount() == 3
    texts = [item.text() for item in plugin.iface.messageBar().items()]
    assert any("unsaved edits" in t for t in texts), texts
    assert section.current_layer() is old
    # saved: Yes replaces the file by an empty station layer
    assert old.commitChanges(), old.commitErrors()
    assert len(QgsProject.instance().mapLayersByName("towers")) == 1
    questions = _new_via_dialog(section, path, QMessageBox.StandardButton.Yes)
    assert questions
    assert QgsProject.instance().mapLayer(old_id) is None
    new = section.current_layer()
    assert new is not None and new.id() != old_id and new.featureCount() == 0
    assert [f.name() for f in new.fields() if f.name() != "fid"] == list(FIELD_NAMES)
    assert len(list(new.getFeatures())) == 0
    ds = ogr.Open(str(path))
    assert ds.GetLayerByName("stations").GetFeatureCount() == 0
    ds = None
    assert [layer.name() for layer in QgsProject.instance().mapLayers().values()] == ["towers"]
    # No in the dialog: nothing happens
    questions = _new_via_dialog(section, path, QMessageBox.StandardButton.No)
    assert questions and section.current_layer() is new
    assert [layer.name() for layer in QgsProject.instance().mapLayers().values()] == ["towers"]


def test_a_failed_import_has_details_in_the_log(plugin, tmp_path, python_errors):
    """An import read well but not written (the GeoPackage asked for is in a folder that cannot be made)
    raised NotADirectoryError out of the task's callback, and said nothing; it also needs the Details link
    to the log tab that a refused file has."""
    import time

    from qgis.core import QgsApplication
    from support.message_bar import bar_messages

    section = plugin.dock.sections["stations"]
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x")
    plugin.iface.messageBar().clearWidgets()
    section.start_import(str(station_csv(tmp_path / "bg.csv")), {}, output=str(blocker / "bg.gpkg"))
    start = time.time()
    while section._task is not None and time.time() - start < 20:
        QgsApplication.processEvents()
        time.sleep(0.02)
    assert not python_errors
    said = [(t, d) for t, d in bar_messages(plugin.iface) if "Import failed" in t]
    assert len(said) == 1 and said[0][1], bar_messages(plugin.iface)
    assert "bg.gpkg" in said[0][0] and "Not a directory" in said[0][0]


def _read_every_way(path, layer):
    """The stations of ``layer`` (a layer of the GeoPackage ``path``) as QGIS and the plugin read them: its
    count, its features, the plugin's table, another layer on the file, GDAL, a Processing algorithm."""
    import processing
    from osgeo import ogr

    other = QgsVectorLayer(f"{path}|layername=stations", "again", "ogr")
    ds = ogr.Open(str(path))
    try:
        by_gdal = ds.GetLayerByName("stations").GetFeatureCount()
    finally:
        ds = None
    by_processing = processing.run("native:extractbyexpression", {
        "INPUT": f"{path}|layername=stations", "EXPRESSION": "true", "OUTPUT": "memory:"})["OUTPUT"].featureCount()
    return {"featureCount": layer.featureCount(), "getFeatures": len(list(layer.getFeatures())),
            "layer_to_frame": len(sl.layer_to_frame(layer)), "other layer": len(list(other.getFeatures())),
            "other featureCount": other.featureCount(), "gdal": by_gdal, "processing": by_processing}


def test_new_over_a_geopackage_another_program_has_open_leaves_none_of_its_stations(plugin, tmp_path):
    """New… over a GeoPackage another program still has open after adding stations to it (another QGIS window,
    a GDAL script; SQLite keeps them in the file's -wal until it lets the file go): the new layer is empty
    however QGIS and the plugin read it, also once that program lets the file go, and that program sees the
    new, empty layer too."""
    from osgeo import gdal, ogr

    section = plugin.dock.sections["stations"]
    path = tmp_path / "towers.gpkg"
    section.new_layer(str(path))
    gdal.SetConfigOption("OGR_SQLITE_JOURNAL", "WAL")  # as QGIS opens a GeoPackage it edits
    try:
        other = ogr.Open(str(path), 1)
    finally:
        gdal.SetConfigOption("OGR_SQLITE_JOURNAL", None)
    stations = other.GetLayerByName("stations")
    for x in (125.70, 125.75, 125.80):
        feature = ogr.Feature(stations.GetLayerDefn())
        feature.SetField("technology", "3G")
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} 39.0)"))
        assert stations.CreateFeature(feature) == 0
    assert os.path.exists(f"{path}-wal")
    try:
        new = section.new_layer(str(path), replace=True)
        assert new is not None and section.current_layer() is new
        counts = _read_every_way(path, new)
        assert set(counts.values()) == {0}, counts
        assert new.extent().isEmpty()
        assert [f.name() for f in new.fields() if f.name() != "fid"] == list(FIELD_NAMES)
        stations.ResetReading()
        assert stations.GetNextFeature() is None
    finally:
        stations = other = None
    counts = _read_every_way(path, new)
    assert set(counts.values()) == {0}, counts
    # the new layer takes stations, and they are there when it is read again
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    assert new.startEditing()
    feature = QgsFeature(new.fields())
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(125.9, 39.1)))
    assert new.addFeature(feature) and new.commitChanges(), new.commitErrors()
    counts = _read_every_way(path, new)
    assert set(counts.values()) == {1}, counts


def test_new_over_a_file_that_is_no_geopackage_replaces_it(plugin, tmp_path):
    """New… over a file of that name that is no SQLite database (a download cut short): it is replaced."""
    section = plugin.dock.sections["stations"]
    path = tmp_path / "towers.gpkg"
    path.write_text("<html>not found</html>")
    new = section.new_layer(str(path), replace=True)
    assert new is not None and new.featureCount() == 0 and path.read_bytes().startswith(b"SQLite format 3")
    assert section.new_layer(str(tmp_path / "towers.gpkg")) is None  # without the dialog's Yes: kept


def test_import_into_a_new_file_over_a_geopackage_another_program_has_open_has_only_the_imported_stations(
        plugin, tmp_path):
    """Import… into a new file chosen over a GeoPackage another program has open with stations it added still
    in the file's write-ahead log: the layer holds the imported stations only."""
    from osgeo import gdal, ogr

    from basestation_mapper.plugin.core.importers import import_file

    path = tmp_path / "towers.gpkg"
    sl.create_station_gpkg(str(path))
    gdal.SetConfigOption("OGR_SQLITE_JOURNAL", "WAL")  # as QGIS opens a GeoPackage it edits
    try:
        other = ogr.Open(str(path), 1)
    finally:
        gdal.SetConfigOption("OGR_SQLITE_JOURNAL", None)
    stations = other.GetLayerByName("stations")
    for x in (125.1, 125.2):
        feature = ogr.Feature(stations.GetLayerDefn())
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} 39.0)"))
        assert stations.CreateFeature(feature) == 0
    try:
        result = import_file(station_csv(tmp_path / "in.csv"))
        layer = plugin.dock.sections["stations"].apply_import(result, None, 0.0, str(path))
        assert layer is not None
        assert layer.featureCount() == 3 and [f["source"] for f in layer.getFeatures()] == ["in.csv"] * 3
    finally:
        stations = other = None
    assert [f["source"] for f in QgsVectorLayer(str(path), "again", "ogr").getFeatures()] == ["in.csv"] * 3


def test_new_then_clicks_then_import_into_it_is_one_undo_step(plugin, qgis_iface, tmp_path):
    """New…, a station clicked (not saved yet), then Import… into the layer: the stations go into its edit buffer,
    the one within the merge distance of the clicked station updates it; QGIS's Undo takes the whole import back
    in one step (it took two: the new stations, then the updates of the merged ones), Redo brings it back. As a
    click does, the import into the edit buffer makes the layer the active one, which QGIS's Undo acts on."""
    import time

    from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication
    from support.stations_qgis import set_canvas

    from basestation_mapper.plugin.ui.import_dialog import ImportDialog

    section = plugin.dock.sections["stations"]
    path = tmp_path / "survey_2024.gpkg"
    _new_via_dialog(section, path, None)
    layer = section.current_layer()
    assert layer is not None and layer.source().startswith(str(path))
    section.open_form.setChecked(False)
    set_canvas(qgis_iface.mapCanvas(), "EPSG:3857", (125.7543, 39.0392), layers=[layer])
    to_canvas = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                       QgsCoordinateReferenceSystem("EPSG:3857"), QgsProject.instance())
    section.tool.add_at(to_canvas.transform(QgsPointXY(125.7543, 39.0392)))
    csv_path = write(tmp_path / "survey.csv", "name,lon,lat,technology\nTower A,125.7546,39.0392,3G\n"
                                              "Tower B,125.9,39.2,3G\n")

    def fill_and_accept():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportDialog) and w.isVisible())
        assert dialog.append.isChecked()
        dialog.file_widget.setFilePath(str(csv_path))
        dialog.accept()

    imagery = QgsVectorLayer("Polygon?crs=EPSG:4326", "footprints", "memory")
    QgsProject.instance().addMapLayer(imagery)
    qgis_iface.setActiveLayer(imagery)  # the analyst selected another layer meanwhile
    QTimer.singleShot(50, fill_and_accept)
    section.import_button.click()
    start = time.time()
    while section._task is not None:
        QgsApplication.processEvents()
        time.sleep(0.02)
        assert time.time() - start < 20
    assert section.current_layer() is layer and layer.isEditable() and layer.featureCount() == 2
    assert qgis_iface.activeLayer() is layer  # which QGIS's Undo acts on
    sources = sorted(f["source"] or "" for f in layer.getFeatures())
    assert sources == ["survey.csv", "survey.csv"], sources
    stack = layer.undoStack()
    assert stack.count() == 2
    stack.undo()
    assert layer.featureCount() == 1 and not next(layer.getFeatures())["source"]
    stack.redo()
    assert layer.featureCount() == 2
    assert section.save_edits() and layer.dataProvider().featureCount() == 2


def test_times_stamped_by_qgis_tools_are_utc_like_the_plugins(plugin, tmp_path):
    """A station added or edited with QGIS's own tools (attribute table, Add Point Feature) got created_at and
    updated_at in local time without a zone (9 h off on a machine in Korea), where the plugin writes UTC."""
    import time
    from datetime import datetime, timezone

    from qgis.core import QgsVectorLayerUtils

    layer = sl.create_station_gpkg(str(tmp_path / "stations.gpkg"), name="stations")
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Seoul"
    time.tzset()
    try:
        feat = QgsVectorLayerUtils.createFeature(layer)
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
    for name in ("created_at", "updated_at"):
        stamp = datetime.fromisoformat(feat[name])
        assert stamp.utcoffset().total_seconds() == 0, feat[name]
        assert abs((datetime.now(timezone.utc) - stamp).total_seconds()) < 120, feat[name]


def test_import_message_says_what_was_read_from_generation_numbers(plugin, tmp_path):
    """The dock's Import… said nothing of how a file was read (generation numbers read as technologies, tracks
    placed at their last position); its message and details say it as the Processing log does."""
    from basestation_mapper.plugin.core.importers import import_file

    section = plugin.dock.sections["stations"]
    path = write(tmp_path / "gen.csv", "name,lon,lat,세대\nA,125.5,39.5,3\nB,125.6,39.6,5\n")
    plugin.iface.messageBar().clearWidgets()
    layer = section.apply_import(import_file(path), None, 0.0)
    assert sorted(f["technology"] for f in layer.getFeatures()) == ["3G", "5G"]
    texts = [item.text() for item in plugin.iface.messageBar().items()]
    assert any("2 stations imported" in t and "'세대'" in t and "3 → 3G, 5 → 5G (2 rows)" in t for t in texts)
