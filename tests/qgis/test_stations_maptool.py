"""The Add station tool on a real canvas: attributes, CRS, undo, duplicate guard, saving failures."""

from __future__ import annotations

import sqlite3

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication
from support.stations_qgis import click, dated_raster, set_canvas

from basestation_mapper.plugin.core.merge import distance_m
from basestation_mapper.plugin.ui.maptools.add_station import DuplicateStationDialog

PYONGYANG = (125.7543, 39.0392)


def _offset_point(canvas, lonlat, east_m):
    crs = canvas.mapSettings().destinationCrs()
    lon = lonlat[0] + east_m / (111320.0 * 0.7765)
    return QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), crs, QgsProject.instance()).transform(
        QgsPointXY(lon, lonlat[1])), lon


@pytest.fixture
def section(plugin, tmp_path):
    sec = plugin.dock.sections["stations"]
    layer = sec.new_layer(str(tmp_path / "stations.gpkg"))
    assert layer is not None and sec.current_layer() is layer
    sec.open_form.setChecked(False)
    sec.technology.setCurrentText("3G")
    sec.operator.setText("Koryolink")
    sec.height.setValue(42)
    sec.duplicate_distance.setValue(150)
    return sec


@pytest.mark.parametrize("canvas_crs", ["EPSG:4326", "EPSG:32651"])
def test_clicks_add_stations_with_defaults_and_imagery_date(section, qgis_iface, tmp_path, canvas_crs):
    canvas = qgis_iface.mapCanvas()
    raster = dated_raster(tmp_path / "img.tif", PYONGYANG[0] - 0.02, PYONGYANG[1] - 0.02)
    QgsProject.instance().addMapLayer(raster)
    layer = section.current_layer()
    center = set_canvas(canvas, canvas_crs, PYONGYANG, layers=[layer, raster])
    section.add_action.trigger()
    assert canvas.mapTool() is section.tool and section.add_button.isChecked()

    click(section.tool, canvas, center)
    far, far_lon = _offset_point(canvas, PYONGYANG, 1000.0)  # outside the raster? no: 1 km east, inside
    click(section.tool, canvas, far)
    assert layer.isEditable() and layer.featureCount() == 2
    feats = sorted(layer.getFeatures(), key=lambda f: f.geometry().asPoint().x())
    first = feats[0]
    assert first["technology"] == "3G" and first["operator"] == "Koryolink"
    assert first["antenna_height_m"] == 42 and first["status"] == "confirmed" and first["origin"] == "manual"
    assert first["source"] == "pleiades_2021" and first["image_date"] == "2021-05-03"
    assert first["first_seen"] == "2021-05-03" == first["last_seen"]
    assert len(first["station_id"]) == 36 and first["created_at"]
    pt = first.geometry().asPoint()
    assert layer.crs().authid() == "EPSG:4326"
    assert distance_m(pt.x(), pt.y(), *PYONGYANG) < 10  # one pixel is ~10 m
    assert distance_m(feats[1].geometry().asPoint().x(), feats[1].geometry().asPoint().y(), far_lon,
                      PYONGYANG[1]) < 10
    # counts follow, live
    QApplication.processEvents()
    assert section.update_counts()["status"]["confirmed"] == 2
    assert "2 stations" in section.counts_label.text() and "3G 2" in section.counts_label.text()
    assert "2 stations" in section.plugin.dock.summary_label.text()
    # undo removes them, redo brings one back
    layer.undoStack().undo()
    layer.undoStack().undo()
    assert layer.featureCount() == 0
    layer.undoStack().redo()
    assert layer.featureCount() == 1
    # nothing is written before saving
    assert section.save_edits()
    assert layer.dataProvider().featureCount() == 1


def test_click_outside_imagery_has_no_source(section, qgis_iface):
    canvas = qgis_iface.mapCanvas()
    center = set_canvas(canvas, "EPSG:3857", PYONGYANG, layers=[section.current_layer()])
    fid = section.tool.add_at(center)
    feat = section.current_layer().getFeature(fid)
    assert not feat["source"] and not feat["image_date"]


def test_a_click_takes_the_image_date_however_the_image_carries_it(section, qgis_iface, tmp_path):
    """A station clicked on an image added by drag and drop (its date only in the file's TIFFTAG_DATETIME) got
    no image_date, and one whose date property was a QDate or '2019:05:14' got that text as it was."""
    from osgeo import gdal
    from qgis.core import QgsRasterLayer
    from qgis.PyQt.QtCore import QDate

    canvas = qgis_iface.mapCanvas()
    path = tmp_path / "dropped.tif"
    dated_raster(path, PYONGYANG[0] - 0.02, PYONGYANG[1] - 0.02, date="")
    ds = gdal.Open(str(path), gdal.GA_Update)
    ds.SetMetadataItem("TIFFTAG_DATETIME", "2018:09:27 10:15:00")
    ds = None
    layer = section.current_layer()
    dropped = QgsRasterLayer(str(path), "dropped")
    QgsProject.instance().addMapLayer(dropped)
    center = set_canvas(canvas, "EPSG:4326", PYONGYANG, layers=[layer, dropped])
    feat = layer.getFeature(section.tool.add_at(center))
    assert feat["source"] == "dropped" and feat["image_date"] == "2018-09-27"
    for stored in (QDate(2019, 5, 14), "2019:05:14"):
        dropped.setCustomProperty("basestation_mapper/acquisition_date", stored)
        feat = layer.getFeature(section.tool.add_at(_offset_point(canvas, PYONGYANG, 300.0)[0]))
        assert feat["image_date"] == "2019-05-14", stored
        layer.rollBack()
        layer.startEditing()


def test_duplicate_guard_merge_add_cancel(section, qgis_iface, tmp_path):
    canvas = qgis_iface.mapCanvas()
    layer = section.current_layer()
    raster = dated_raster(tmp_path / "img2.tif", PYONGYANG[0] - 0.02, PYONGYANG[1] - 0.02, date="2023-08-01",
                          name="worldview_2023")
    QgsProject.instance().addMapLayer(raster)
    center = set_canvas(canvas, "EPSG:32651", PYONGYANG, layers=[layer])
    section.tool.add_at(center)  # no imagery visible yet
    canvas.setLayers([layer, raster])
    near, _ = _offset_point(canvas, PYONGYANG, 80.0)
    asked = []

    def decide(choice):
        def _decider(name, distance):
            asked.append(distance)
            assert section.tool.highlight is not None  # the existing station is highlighted
            return choice
        return _decider

    section.tool.duplicate_decider = decide("cancel")
    click(section.tool, canvas, near)
    assert layer.featureCount() == 1 and 60 < asked[-1] < 100
    section.tool.duplicate_decider = decide("merge")
    click(section.tool, canvas, near)
    assert layer.featureCount() == 1
    feat = next(layer.getFeatures())
    assert feat["source"] == "worldview_2023" and feat["last_seen"] == "2023-08-01"
    section.tool.duplicate_decider = decide("add")
    click(section.tool, canvas, near)
    assert layer.featureCount() == 2
    # beyond the guard distance nobody is asked
    n = len(asked)
    far, _ = _offset_point(canvas, PYONGYANG, 400.0)
    click(section.tool, canvas, far)
    assert len(asked) == n and layer.featureCount() == 3


def test_merge_into_a_station_with_date_fields_widens_its_seen_dates(section, qgis_iface, tmp_path):
    """A GeoPackage made elsewhere with real Date fields: Merge keeps the earliest first_seen and sets the
    latest last_seen (not a 'PyQt5.QtCore.QDate(…)' text that would be saved as NULL)."""
    from qgis.core import QgsVectorLayer
    from support.stations_qgis import dated_station_gpkg

    path = dated_station_gpkg(tmp_path / "dated.gpkg", [
        {"lon": PYONGYANG[0], "lat": PYONGYANG[1], "name": "Tower A", "status": "confirmed", "source": "survey",
         "first_seen": (2019, 4, 2), "last_seen": (2020, 5, 1)}])
    layer = QgsVectorLayer(f"{path}|layername=stations", "dated", "ogr")
    QgsProject.instance().addMapLayer(layer)
    section.set_layer(layer)
    raster = dated_raster(tmp_path / "img3.tif", PYONGYANG[0] - 0.02, PYONGYANG[1] - 0.02, date="2023-08-01",
                          name="worldview_2023")
    QgsProject.instance().addMapLayer(raster)
    canvas = qgis_iface.mapCanvas()
    set_canvas(canvas, "EPSG:3857", PYONGYANG, layers=[layer, raster])
    near, _ = _offset_point(canvas, PYONGYANG, 50.0)
    section.tool.duplicate_decider = lambda name, distance: "merge"
    click(section.tool, canvas, near)
    assert layer.commitChanges(), layer.commitErrors()
    feat = next(QgsVectorLayer(f"{path}|layername=stations", "reread", "ogr").getFeatures())
    assert feat["source"] == "survey; worldview_2023"
    assert (feat["first_seen"].toString("yyyy-MM-dd"), feat["last_seen"].toString("yyyy-MM-dd")) == \
        ("2019-04-02", "2023-08-01")


def test_duplicate_dialog_buttons_drive_the_choice(section, qgis_iface):
    canvas = qgis_iface.mapCanvas()
    layer = section.current_layer()
    center = set_canvas(canvas, "EPSG:4326", PYONGYANG, layers=[layer])
    section.tool.add_at(center)
    section.tool.duplicate_decider = DuplicateStationDialog.ask

    def press_add_anyway():
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, DuplicateStationDialog) and w.isVisible())
        dialog.button("add").click()

    QTimer.singleShot(50, press_add_anyway)
    section.tool.add_at(center)  # exec() runs until the timer clicks "Add anyway"
    assert layer.featureCount() == 2


def test_duplicate_dialog_writes_a_distance_of_over_999_m_with_a_thousands_separator(section, qgis_iface):
    """With a guard distance over 1 km, a click 1.5 km from a station was said as '… is 1499 m from this click',
    while every other number of the dock has its thousands separator; it says '1,499 m'."""
    import re

    from qgis.PyQt.QtWidgets import QLabel

    canvas = qgis_iface.mapCanvas()
    layer = section.current_layer()
    center = set_canvas(canvas, "EPSG:4326", PYONGYANG, layers=[layer])
    section.duplicate_distance.setValue(2000)
    section.tool.add_at(center)
    section.tool.duplicate_decider = DuplicateStationDialog.ask
    said = []

    def read_and_cancel():
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, DuplicateStationDialog) and w.isVisible())
        said.extend(label.text() for label in dialog.findChildren(QLabel))
        dialog.button("cancel").click()

    QTimer.singleShot(50, read_and_cancel)
    section.tool.add_at(_offset_point(canvas, PYONGYANG, 1500.0)[0])
    assert layer.featureCount() == 1
    assert any(re.search(r"is 1,[45]\d\d m from this click", text) for text in said), said


def test_read_only_layer_refused_and_failed_save_keeps_edits(section, qgis_iface, tmp_path):
    canvas = qgis_iface.mapCanvas()
    layer = section.current_layer()
    center = set_canvas(canvas, "EPSG:4326", PYONGYANG, layers=[layer])
    layer.setReadOnly(True)
    assert section.tool.add_at(center) is None
    assert layer.featureCount() == 0 and not layer.isEditable()
    layer.setReadOnly(False)
    # the GeoPackage refuses inserts (a trigger): saving fails, the edit stays in the buffer
    path = layer.source().split("|")[0]
    con = sqlite3.connect(path)
    con.execute("CREATE TRIGGER refuse BEFORE INSERT ON stations BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    con.commit()
    con.close()
    section.tool.add_at(center)
    assert not section.save_edits()
    assert layer.isEditable() and layer.featureCount() == 1
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER refuse")
    con.commit()
    con.close()
    assert section.save_edits()
    assert layer.dataProvider().featureCount() == 1


def test_form_opens_when_asked(section, qgis_iface):
    canvas = qgis_iface.mapCanvas()
    center = set_canvas(canvas, "EPSG:4326", PYONGYANG, layers=[section.current_layer()])
    section.open_form.setChecked(True)
    section.tool.add_at(center)
    form = section.tool.form
    assert form is not None and form.isVisible()
    form.close()


def test_form_cancel_takes_the_station_back(section, qgis_iface):
    """Cancel in the attribute form adds nothing (as QGIS's own Add Point Feature); OK keeps the station
    with what was typed; pending edits made before stay untouched."""
    canvas = qgis_iface.mapCanvas()
    layer = section.current_layer()
    center = set_canvas(canvas, "EPSG:3857", PYONGYANG, layers=[layer])
    section.duplicate_distance.setValue(0)
    kept = section.tool.add_at(center)  # without the form
    section.open_form.setChecked(True)
    section.add_action.trigger()
    click(section.tool, canvas, center)
    assert layer.featureCount() == 2 and section.tool.form.isVisible()
    section.tool.form.reject()  # the form's Cancel
    QApplication.processEvents()
    assert [f.id() for f in layer.getFeatures()] == [kept]
    assert layer.isEditable() and layer.undoStack().index() == 1
    # two forms open; the first one canceled after the second click: only its station goes
    first = section.tool.add_at(center)
    first_form = section.tool.form
    second = section.tool.add_at(center)
    second_form = section.tool.form
    first_form.close()  # closing the window is a cancel too
    QApplication.processEvents()
    assert sorted(f.id() for f in layer.getFeatures()) == sorted([kept, second]) and first not in (kept, second)
    second_form.attributeForm().changeAttribute("name", "Mast 7")
    second_form.accept()
    QApplication.processEvents()
    assert layer.getFeature(second)["name"] == "Mast 7" and layer.featureCount() == 2
    assert section.save_edits() and layer.dataProvider().featureCount() == 2


def test_unload_removes_tool_and_shortcut(qgis_iface, qgis_new_project, qgis_processing):
    import basestation_mapper

    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    action = plugin.dock.sections["stations"].add_action
    assert action.shortcut().toString() == "S"
    plugin.dock.sections["stations"].add_action.trigger()
    tool = plugin.dock.sections["stations"].tool
    assert qgis_iface.mapCanvas().mapTool() is tool
    plugin.unload()
    assert qgis_iface.mapCanvas().mapTool() is not tool
    assert action not in plugin.actions


def test_the_station_layer_becomes_the_active_layer_for_undo(section, qgis_iface, tmp_path):
    """QGIS's Undo / Redo (Ctrl+Z) act on the active layer of the Layers panel: with the imagery selected there,
    the stations just added by clicks could not be undone from the keyboard. Adding a station, or a review
    decision, makes its layer the active one."""
    imagery = dated_raster(tmp_path / "img.tif", PYONGYANG[0] - 0.02, PYONGYANG[1] - 0.02)
    QgsProject.instance().addMapLayer(imagery)
    qgis_iface.setActiveLayer(imagery)
    canvas = qgis_iface.mapCanvas()
    layer = section.current_layer()
    center = set_canvas(canvas, "EPSG:4326", PYONGYANG, layers=[layer, imagery])
    section.add_action.trigger()
    click(section.tool, canvas, center)
    assert qgis_iface.activeLayer() is layer and layer.undoStack().count() == 1
    assert layer.isEditable() and section.save_edits()

    review = section.plugin.dock.sections["detection"].review
    layer.startEditing()
    layer.changeAttributeValue(next(layer.getFeatures()).id(), layer.fields().indexOf("status"), "candidate")
    assert layer.commitChanges()
    review.set_layer(layer)
    import time

    start = time.time()
    while not review.queue:  # the candidate joins the queue
        QApplication.processEvents()
        assert time.time() - start < 5, "the candidate did not join the review queue"
    qgis_iface.setActiveLayer(imagery)
    review.accept()
    assert qgis_iface.activeLayer() is layer
    layer.rollBack()


def _typed(widget, text):
    """Type ``text`` into a line edit or spin box as the analyst does (select all, type, Enter)."""
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(widget, text)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def _station_shapefile(path, crs="EPSG:4326"):
    """A station layer saved as a Shapefile by QGIS (Save Features As…): antenna_he, reviewed_a."""
    from qgis.core import QgsVectorFileWriter

    from basestation_mapper.plugin.qgis_io import station_layer as sl

    memory = sl.create_memory_station_layer(crs=QgsCoordinateReferenceSystem(crs))
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "ESRI Shapefile"
    options.fileEncoding = "UTF-8"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(memory, str(path), QgsProject.instance().transformContext(),
                                                      options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error
    return str(path)


def test_a_station_layer_saved_as_a_shapefile_takes_heights_and_offers_no_missing_fields(plugin, qgis_iface, tmp_path):
    """A station layer kept as a Shapefile (antenna_height_m cut to 'antenna_he', reviewed_at to 'reviewed_a'):
    opening it offered to add antenna_height_m and reviewed_at (which a Shapefile cannot hold) and left it without
    the station style and form; a click wrote no antenna height and an import into it lost the file's heights."""
    from qgis.core import QgsVectorLayer

    from basestation_mapper.plugin.core.importers import import_file
    from basestation_mapper.plugin.qgis_io import station_layer as sl

    section = plugin.dock.sections["stations"]
    path = _station_shapefile(tmp_path / "masts.shp", "EPSG:32652")
    layer = section.open_layer(path)
    assert "antenna_he" in layer.fields().names() and sl.missing_station_fields(layer) == []
    assert not [i for i in qgis_iface.messageBar().items() if "masts lacks the station fields" in i.text()]
    assert layer.customProperty("basestation_mapper/station_layer")  # the station style and form
    height = layer.fields().indexOf("antenna_he")
    assert layer.editorWidgetSetup(height).type() == "Range"
    section.open_form.setChecked(False)
    section.duplicate_distance.setValue(150)
    _typed(section.height, "42")
    _typed(section.operator, "Koryolink")
    canvas = qgis_iface.mapCanvas()
    center = set_canvas(canvas, "EPSG:3857", PYONGYANG, layers=[layer])
    section.add_action.trigger()
    click(section.tool, canvas, center)
    assert section.save_edits()
    reread = QgsVectorLayer(path, "reread", "ogr")
    feat = next(reread.getFeatures())
    assert feat["antenna_he"] == 42 and feat["operator"] == "Koryolink"
    pt = QgsCoordinateTransform(reread.crs(), QgsCoordinateReferenceSystem("EPSG:4326"),
                                QgsProject.instance()).transform(feat.geometry().asPoint())
    assert distance_m(pt.x(), pt.y(), *PYONGYANG) < 10
    # an import into it: the heights of the file are written, a station within the merge distance updated
    csv_path = tmp_path / "survey.csv"
    csv_path.write_text(f"name,lon,lat,antenna_height_m\nTower A,{PYONGYANG[0] + 0.0005},{PYONGYANG[1]},35\n"
                        "Tower B,125.9,39.2,55\n")
    section.apply_import(import_file(csv_path), layer.id(), 150.0)
    assert section.save_edits()
    heights = {f["name"] or "clicked": f["antenna_he"] for f in QgsVectorLayer(path, "again", "ogr").getFeatures()}
    assert heights == {"clicked": 42, "Tower B": 55}
    assert sl.layer_to_frame(layer)["antenna_height_m"].tolist() == [42, 55]


def test_defaults_typed_in_the_dock_are_those_of_the_next_session(qgis_iface, qgis_new_project, qgis_processing,
                                                                  tmp_path):
    """Technology, operator and height set with the keyboard are used by the next click (the form shows them) and
    are the next session's defaults. The operator was saved only when the cursor left its box (or on Enter):
    typed, used by the clicks, and QGIS closed with the cursor still in it, the next session had the one before."""
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    import basestation_mapper

    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    section = plugin.dock.sections["stations"]
    layer = section.new_layer(str(tmp_path / "stations.gpkg"))
    section.technology.setFocus()
    QTest.keyClicks(section.technology, "4")  # the combo's keyboard search: 4G
    _typed(section.height, "45")
    QTest.keyClicks(section.operator, "Koryolink")  # the cursor stays in the box
    assert section.open_form.isChecked()
    canvas = qgis_iface.mapCanvas()
    center = set_canvas(canvas, "EPSG:4326", PYONGYANG, layers=[layer])
    fid = section.tool.add_at(center)
    form = section.tool.form.attributeForm()
    shown = {name: form.currentFormFeature()[name] for name in ("technology", "operator", "antenna_height_m")}
    assert shown == {"technology": "4G", "operator": "Koryolink", "antenna_height_m": 45.0}
    section.tool.form.accept()
    assert layer.getFeature(fid)["operator"] == "Koryolink"
    layer.rollBack()
    QTest.keyClick(section.operator, Qt.Key.Key_End)
    QTest.keyClicks(section.operator, " North")
    plugin.unload()  # QGIS closes, the cursor still in the operator box

    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    section = plugin.dock.sections["stations"]
    assert section.defaults() | {"open_form": True} == {
        "technology": "4G", "operator": "Koryolink North", "antenna_height_m": 45.0, "open_form": True,
        "duplicate_distance_m": 150.0}
    plugin.unload()


def test_undo_and_redo_after_the_form_and_while_it_is_open(section, qgis_iface):
    """QGIS's Undo / Redo (the layer's undo stack) after the form: the form's values, then the station, go and
    come back in that order. Undo pressed while the form was still open took the station out but left its form
    open, whose OK then saved nothing without a word; the form of a station undone is closed."""
    from qgis.PyQt import sip

    canvas = qgis_iface.mapCanvas()
    layer = section.current_layer()
    center = set_canvas(canvas, "EPSG:3857", PYONGYANG, layers=[layer])
    section.open_form.setChecked(True)
    section.duplicate_distance.setValue(0)
    stack = layer.undoStack()
    section.add_action.trigger()
    click(section.tool, canvas, center)
    form = section.tool.form
    form.attributeForm().changeAttribute("name", "Mast 7")
    form.accept()
    QApplication.processEvents()

    def names():
        return [f["name"] for f in layer.getFeatures()]

    assert names() == ["Mast 7"] and stack.count() == 2
    stack.undo()
    assert names() == [""]
    stack.undo()
    assert names() == []
    stack.redo()
    stack.redo()
    assert names() == ["Mast 7"]
    # Undo with the form of the next click still open: the form goes with its station
    click(section.tool, canvas, center)
    form = section.tool.form
    assert form.isVisible() and layer.featureCount() == 2
    stack.undo()
    QApplication.processEvents()
    assert names() == ["Mast 7"] and (sip.isdeleted(form) or not form.isVisible())
    stack.redo()  # the station comes back (without its form), nothing else was undone or deleted
    assert layer.featureCount() == 2 and stack.index() == stack.count() == 3
    assert section.save_edits() and layer.dataProvider().featureCount() == 2


@pytest.mark.parametrize("how", ["zipped", "project"])
def test_a_read_only_geopackage_says_so_and_imports_go_to_a_new_layer(plugin, qgis_iface, tmp_path, how):
    """A station GeoPackage opened read-only (inside a zip download, or set read-only in the project): Add station
    said nothing until each click, and Import… offered (ticked) to add to it, read the whole file, then failed
    with 'cannot be edited'. Add station says so when it is chosen, Import… goes to a new layer."""
    import time
    import zipfile

    from qgis.core import QgsApplication, QgsVectorLayer
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest
    from support.stations_data import station_csv

    from basestation_mapper.plugin.ui.import_dialog import ImportDialog

    section = plugin.dock.sections["stations"]
    made = section.new_layer(str(tmp_path / "towers.gpkg"))
    if how == "zipped":
        with zipfile.ZipFile(tmp_path / "towers.zip", "w") as archive:
            archive.write(made.source().split("|")[0], "towers.gpkg")
        QgsProject.instance().removeMapLayer(made.id())
        layer = QgsVectorLayer(f"/vsizip/{tmp_path}/towers.zip/towers.gpkg|layername=stations", "zipped", "ogr")
        assert layer.isValid()
        QgsProject.instance().addMapLayer(layer)
    else:
        layer = made
        layer.setReadOnly(True)
    section.set_layer(layer)
    section.open_form.setChecked(False)
    canvas = qgis_iface.mapCanvas()
    center = set_canvas(canvas, "EPSG:4326", PYONGYANG, layers=[layer])
    QTest.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert canvas.mapTool() is section.tool
    texts = [item.text() for item in qgis_iface.messageBar().items()]
    assert any(f"{layer.name()} is read-only: stations cannot be added" in t for t in texts), texts
    click(section.tool, canvas, center)
    assert layer.featureCount() == 0
    csv_path = station_csv(tmp_path / "survey.csv")
    seen = {}

    def fill_and_accept():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportDialog) and w.isVisible())
        seen.update(enabled=dialog.append.isEnabled(), checked=dialog.append.isChecked(),
                    tip=dialog.append.toolTip())
        dialog.file_widget.setFilePath(str(csv_path))
        dialog.accept()

    QTimer.singleShot(50, fill_and_accept)
    QTest.mouseClick(section.import_button, Qt.MouseButton.LeftButton)
    assert seen["enabled"] is False and seen["checked"] is False and "read-only" in seen["tip"]
    start = time.time()
    while section._task is not None:
        QgsApplication.processEvents()
        time.sleep(0.02)
        assert time.time() - start < 20
    new = section.current_layer()
    assert new is not layer and new.name() == "survey" and new.featureCount() == 3
    assert layer.featureCount() == 0


def test_switching_layers_mid_edit_keeps_the_edits_and_says_where_they_are(section, qgis_iface, tmp_path):
    """Another station layer chosen while the one edited has unsaved stations: its edit buffer is kept (nothing
    saved, nothing lost), and the message bar says so (the counts and Save edits then concern the new layer);
    choosing it again, Save edits writes them. A layer removed from the project brings no such message."""
    edited = section.current_layer()
    canvas = qgis_iface.mapCanvas()
    center = set_canvas(canvas, "EPSG:4326", PYONGYANG, layers=[edited])
    section.tool.add_at(center)
    section.tool.add_at(_offset_point(canvas, PYONGYANG, 500.0)[0])
    other = section.new_layer(str(tmp_path / "other.gpkg"))
    combo = section.layer_combo
    combo.setLayer(edited)
    combo.setLayer(other)  # as the analyst picks it in the list
    QApplication.processEvents()
    assert edited.isEditable() and edited.featureCount() == 2 and edited.dataProvider().featureCount() == 0
    texts = [item.text() for item in qgis_iface.messageBar().items()]
    assert any(t.startswith("stations keeps its unsaved edits") for t in texts), texts
    assert section.update_counts()["total"]["all"] == 0 and section.save_edits()
    assert edited.dataProvider().featureCount() == 0
    combo.setLayer(edited)
    assert section.save_edits() and edited.dataProvider().featureCount() == 2
    # a layer with edits removed from the project: no message about it
    section.tool.add_at(_offset_point(canvas, PYONGYANG, 1500.0)[0])
    qgis_iface.messageBar().clearWidgets()
    QgsProject.instance().removeMapLayer(edited.id())
    QApplication.processEvents()
    assert not [i for i in qgis_iface.messageBar().items() if "keeps its unsaved edits" in i.text()]
