"""Imagery dates typed in the table, imagery whose file went away, and a run that fails: what the analyst is told,
through the real widgets."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from qgis.core import QgsApplication, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QLineEdit
from support.waiting import wait_until

from basestation_mapper.plugin.qgis_io.imagery import ACQ_DATE_PROPERTY, acquisition_date_of

GT = (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5)




def _image(tmp_path, name, bands=3):
    from support.detect_data import write_plain

    return write_plain(tmp_path / name, np.full((bands, 40, 40), 100, np.uint8), GT, 32652)


def _type_date(imagery, layer, text):
    """Double-click-edit the date cell of ``layer`` in the table, type ``text`` (empty: clear it), press Enter."""
    editor = _open_editor(imagery, layer, text)
    if not text:
        QTest.keyClick(editor, Qt.Key.Key_Delete)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QgsApplication.processEvents()


def test_a_date_typed_in_the_future_or_before_1960_is_refused_saying_why(plugin, tmp_path, python_errors):
    """'2030-01-01' typed in the table was refused as "'2030-01-01' is not a date" (and '1955-06-01' too): it is a
    date, refused for when it is; the message says so and names the layer, the date kept stays."""
    from support.message_bar import bar_messages, clear_bar

    imagery = plugin.dock.sections["imagery"]
    layer = imagery.add_file(str(_image(tmp_path, "ortho_20190514.tif")))
    assert acquisition_date_of(layer) == "2019-05-14"
    future = (date.today() + timedelta(days=400)).isoformat()
    for typed, said in ((future, "is in the future"), ("1955-06-01", "is before 1960"),
                        ("2021/13/45", "is not a date"), ("yesterday", "is not a date")):
        clear_bar(plugin.iface)
        _type_date(imagery, layer, typed)
        assert acquisition_date_of(layer) == "2019-05-14"  # kept, and shown again
        assert imagery.table.item(0, 0).text() == "2019-05-14"
        seen = [text for text, _details in bar_messages(plugin.iface)]
        assert seen and seen[-1].startswith(f"ortho_20190514: '{typed}' {said}"), (typed, seen)
    _type_date(imagery, layer, "1969-07-20")  # before 1970, after 1960: a date
    assert layer.customProperty(ACQ_DATE_PROPERTY) == "1969-07-20"
    _type_date(imagery, layer, "")  # an empty cell: undated, and it stays so
    assert acquisition_date_of(layer) is None and imagery.table.item(0, 0).text() == ""
    assert python_errors == []


def test_toggle_dates_is_offered_with_two_layers_only(plugin, tmp_path):
    """With no imagery or a single layer, Toggle dates was enabled and answered "Choose two different imagery
    layers to compare."; it is enabled once there are two layers to flip between, and again disabled when one of
    them is removed."""
    imagery = plugin.dock.sections["imagery"]
    assert not imagery.toggle_button.isEnabled()
    first = imagery.add_file(str(_image(tmp_path, "a_20190101.tif")))
    assert not imagery.toggle_button.isEnabled()
    second = imagery.add_file(str(_image(tmp_path, "b.tif")))  # undated: still one of two to compare
    assert imagery.toggle_button.isEnabled()
    root = QgsProject.instance().layerTreeRoot()
    QTest.mouseClick(imagery.toggle_button, Qt.MouseButton.LeftButton)
    assert sum(root.findLayer(lyr.id()).isVisible() for lyr in (first, second)) == 1
    QgsProject.instance().removeMapLayer(second.id())
    assert not imagery.toggle_button.isEnabled()


def test_imagery_whose_file_is_missing_is_refused_naming_the_file(plugin, tmp_path):
    """A dated imagery layer whose file was moved (a project reopened elsewhere) is listed; the run was refused
    with "name: Choose a valid imagery layer.", which does not say what is wrong."""
    from support.message_bar import bar_messages, clear_bar

    gone = tmp_path / "moved_away.tif"
    layer = QgsRasterLayer(str(gone), "ortho 2018", "gdal")
    assert not layer.isValid()
    layer.setCustomProperty(ACQ_DATE_PROPERTY, "2018-01-01")
    QgsProject.instance().addMapLayer(layer)
    imagery = plugin.dock.sections["imagery"]
    assert [lyr.name() for lyr in imagery.layers()] == ["ortho 2018"]
    panel = plugin.dock.sections["detection"].detection
    panel.raster_combo.setLayer(layer)
    clear_bar(plugin.iface)
    assert not panel.run()
    text = panel.status_label.text()
    # the words of the other sections' unavailable layers (the panel said "ortho 2018: its file ... cannot be found:
    # repair the layer's data source in the Layers panel, or add the file again.")
    assert text == (f"The imagery layer 'ortho 2018' is unavailable: its file {gone} cannot be found. Repair it in "
                    "the Layers panel (right-click it › Repair Data Source…) or choose another layer in the "
                    "list."), text
    assert bar_messages(plugin.iface)[-1][0] == text
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()


def test_a_run_that_fails_says_why_in_the_panel(plugin, tmp_path, python_errors):
    """A run refused by the detector (sheared pixels) left "Detection failed" in the panel, the reason only in
    the message bar, which goes away: the panel keeps the reason."""
    from support.detect_data import write_plain
    from support.message_bar import bar_messages, clear_bar

    clear_bar(plugin.iface)
    panel = plugin.dock.sections["detection"].detection
    pixels = np.random.default_rng(1).integers(0, 255, (3, 200, 200)).astype(np.uint8)
    path = write_plain(tmp_path / "sheared.tif", pixels, (500000.0, 0.5, 0.2, 4300000.0, 0.0, -0.5), 32652)
    layer = QgsRasterLayer(str(path), "sheared")
    QgsProject.instance().addMapLayer(layer)
    panel.raster_combo.setLayer(layer)
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: panel.task is None)
    text = panel.status_label.text()
    assert text.startswith("Detection failed: sheared.tif: its pixels are not square"), text
    assert bar_messages(plugin.iface)[-1][0] == text
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()
    assert python_errors == []


def _open_editor(imagery, layer, text):
    """Double-click-edit the date cell of ``layer`` and type ``text`` without committing it; returns the editor."""
    row = next(r for r in range(imagery.table.rowCount()) if imagery.table.item(r, 1).text() == layer.name())
    item = imagery.table.item(row, 0)
    imagery.table.setCurrentItem(item)
    imagery.table.editItem(item)
    QgsApplication.processEvents()
    editor = next(w for w in imagery.table.viewport().findChildren(QLineEdit) if w.isVisibleTo(imagery.table))
    editor.selectAll()
    if text:
        QTest.keyClicks(editor, text)
    return editor


def _rows(imagery):
    return [(imagery.table.item(r, 0).text(), imagery.table.item(r, 1).text()) for r in range(imagery.table.rowCount())]


def test_a_date_being_typed_survives_layers_added_or_removed_meanwhile(plugin, tmp_path, python_errors):
    """A date half typed in the table was replaced by the cell's old date when the project's layers changed
    meanwhile (a detection ending adds its candidates layer), and the editor then stood on another layer's row
    when the rows moved (an earlier image added): the typed date was lost, or went to the wrong layer."""
    from qgis.core import QgsVectorLayer

    imagery = plugin.dock.sections["imagery"]
    first = imagery.add_file(str(_image(tmp_path, "a_20190101.tif")))
    second = imagery.add_file(str(_image(tmp_path, "b_20200101.tif")))
    editor = _open_editor(imagery, second, "2021-02-02")
    QgsProject.instance().addMapLayer(QgsVectorLayer("Point?crs=EPSG:4326", "Detected candidates", "memory"))
    earlier = imagery.add_file(str(_image(tmp_path, "c_20180101.tif")))  # listed first: the rows move
    QgsApplication.processEvents()
    assert editor.text() == "2021-02-02"
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QgsApplication.processEvents()
    assert [acquisition_date_of(lyr) for lyr in (earlier, first, second)] == ["2018-01-01", "2019-01-01", "2021-02-02"]
    assert _rows(imagery) == [("2018-01-01", "c_20180101"), ("2019-01-01", "a_20190101"), ("2021-02-02", "b_20200101")]
    assert [imagery.compare_a.itemData(i) for i in range(imagery.compare_a.count())] == [
        earlier.id(), first.id(), second.id()]
    # the layer whose date is being typed removed meanwhile: nothing is written, the list loses it when the editor
    # closes, typed date committed or escaped
    editor = _open_editor(imagery, first, "2017-07-07")
    QgsProject.instance().removeMapLayer(first.id())
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QgsApplication.processEvents()
    assert _rows(imagery) == [("2018-01-01", "c_20180101"), ("2021-02-02", "b_20200101")]
    editor = _open_editor(imagery, earlier, "2016-06-06")
    QgsProject.instance().removeMapLayer(second.id())
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    QgsApplication.processEvents()
    assert _rows(imagery) == [("2018-01-01", "c_20180101")] and acquisition_date_of(earlier) == "2018-01-01"
    assert python_errors == []
