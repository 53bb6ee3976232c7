"""The import dialog as the analyst works it: files chosen one after another, typed or pasted paths, OK and
Enter with nothing to read, column roles, a small screen."""

from __future__ import annotations

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QDialogButtonBox, QLineEdit
from support.stations_data import station_csv, write

from basestation_mapper.plugin.ui.import_dialog import ImportDialog


def _dialog():
    dialog = ImportDialog(None, 150.0)
    dialog.show()
    return dialog


def _line_edit(dialog):
    return dialog.file_widget.findChild(QLineEdit)


def _type_path(dialog, text):
    edit = _line_edit(dialog)
    edit.clear()
    QTest.keyClicks(edit, text)


def _click_ok(dialog):
    QTest.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def test_another_file_gets_its_own_delimiter_and_encoding(qgis_iface, tmp_path, python_errors):
    """The delimiter and encoding chosen for one file were applied to the next one chosen: a comma CSV after a
    semicolon one was 'CSV (cannot be read)' (only one column with ';'), and the roles of the first file stayed
    in the combos. Another file is detected anew."""
    first = station_csv(tmp_path / "semicolon.csv", delimiter=";")
    second = station_csv(tmp_path / "comma.csv", header=("site", "lon", "lat", "technology", "operator"))
    dialog = _dialog()
    dialog.file_widget.setFilePath(str(first))
    dialog.delimiter.setCurrentIndex(dialog.delimiter.findData(";"))
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("euc-kr"))
    assert dialog.layout_info is not None
    dialog.file_widget.setFilePath(str(second))
    assert dialog.layout_info is not None and dialog.layout_info.delimiter == ","
    assert dialog.delimiter.currentData() == "" and dialog.encoding.currentData() == ""
    assert dialog.kind_label.text() == "CSV (utf-8, delimiter ',')" and not dialog.report.toPlainText()
    options = dialog.options()
    assert options["delimiter"] is None and options["encoding"] is None and options["mapping"]["name"] == "site"
    # the same file again (typed over, a layer source of it...) keeps what was chosen for it
    dialog.delimiter.setCurrentIndex(dialog.delimiter.findData(","))
    dialog.file_widget.setFilePath(str(second))
    assert dialog.delimiter.currentData() == ","
    assert not python_errors
    dialog.deleteLater()


def test_a_csv_that_cannot_be_read_as_set_shows_no_stale_columns_and_ok_stays(qgis_iface, tmp_path, python_errors):
    """A delimiter chosen that does not split the file: the columns and rows of the file as it read before stayed
    in the role combos and the preview, and OK closed the dialog (the import then failed in the message bar).
    No columns are shown and OK leaves the dialog open with the reason."""
    path = station_csv(tmp_path / "towers.csv")
    dialog = _dialog()
    dialog.file_widget.setFilePath(str(path))
    assert dialog.preview.rowCount() == 3
    dialog.delimiter.setCurrentIndex(dialog.delimiter.findData(";"))
    assert dialog.layout_info is None and dialog.preview.rowCount() == 0 and dialog.preview.columnCount() == 0
    assert all(combo.count() == 1 and combo.currentData() == "" for combo in dialog.role_combos.values())
    _click_ok(dialog)
    assert dialog.isVisible() and dialog.result() == 0
    assert "towers.csv" in dialog.report.toPlainText() and "';'" in dialog.report.toPlainText()
    # the delimiter put right: readable again, OK accepts
    dialog.delimiter.setCurrentIndex(dialog.delimiter.findData(","))
    assert dialog.role_combos["lon"].currentData() == "lon" and dialog.preview.rowCount() == 3
    _click_ok(dialog)
    assert not dialog.isVisible() and dialog.result() == 1
    assert not python_errors
    dialog.deleteLater()


def test_ok_with_no_file_to_read_says_so_and_stays_open(qgis_iface, tmp_path, python_errors):
    """OK (or Enter in the file box) with no file chosen closed the dialog with nothing said (the dock imports
    nothing without a path); with a file deleted after Check file, or a folder, it closed too and the import failed
    afterwards. The dialog says which and stays open."""
    dialog = _dialog()
    QTest.keyClick(_line_edit(dialog), Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.report.toPlainText() == "Choose a file to import."
    assert dialog.check() is None and dialog.report.toPlainText() == "Choose a file to import."

    path = station_csv(tmp_path / "towers.csv")
    dialog.file_widget.setFilePath(str(path))
    assert len(dialog.check().stations) == 3
    path.unlink()  # deleted (moved, renamed) before OK
    _click_ok(dialog)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.report.toPlainText() == f"{path}: file not found."

    _type_path(dialog, str(tmp_path))
    assert dialog.kind_label.text() == "a folder, not a file"
    QTest.keyClick(_line_edit(dialog), Qt.Key.Key_Enter)
    assert dialog.isVisible() and dialog.report.toPlainText() == f"{tmp_path} is a folder, not a file."
    QTest.keyClick(_line_edit(dialog), Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert not python_errors
    dialog.deleteLater()


def test_a_path_pasted_in_quotes_with_spaces_or_as_a_url_is_read(qgis_iface, tmp_path, python_errors):
    """A path pasted as Windows' 'Copy as path' gives it ("C:\\data\\towers.csv"), with a space after it, or as a
    file:// URL was 'file not found'. It is read as the file it names."""
    path = station_csv(tmp_path / "towers.csv")
    dialog = _dialog()
    for text in (f'"{path}"', f"{path} ", f"  '{path}' ", path.as_uri()):
        _type_path(dialog, text)
        assert dialog.path() == str(path), text
        assert dialog.layout_info is not None and dialog.preview.rowCount() == 3, text
        assert not dialog.report.toPlainText(), text
    assert len(dialog.check().stations) == 3
    # a source of a layer in quotes too
    _type_path(dialog, f'"{path}|layername=towers" ')
    assert dialog.path() == str(path)
    assert not python_errors
    dialog.deleteLater()


def test_one_column_for_both_lon_and_lat_is_said(qgis_iface, tmp_path, python_errors):
    """The same column chosen for lon and lat (or x and y) put every station on the diagonal (lon = lat) without
    a word. The dialog says so and stays open."""
    path = station_csv(tmp_path / "towers.csv")
    dialog = _dialog()
    dialog.file_widget.setFilePath(str(path))
    lat = dialog.role_combos["lat"]
    lat.setCurrentIndex(lat.findData("lon"))
    said = "The column 'lon' is chosen for both lon and lat: choose one column for each."
    assert dialog.check() is None and dialog.report.toPlainText() == said
    _click_ok(dialog)
    assert dialog.isVisible() and dialog.report.toPlainText() == said
    lat.setCurrentIndex(lat.findData("lat"))
    assert len(dialog.check().stations) == 3
    assert not python_errors
    dialog.deleteLater()


def test_the_table_options_fit_a_small_screen(qgis_iface, tmp_path, python_errors):
    """With a CSV's twelve column roles and preview the dialog needed 1,139 px of height at least: on an 800×600
    (or 1366×768) screen OK and Cancel were off the screen. The table options scroll; the dialog fits."""
    path = write(tmp_path / "기지국.csv", "기지국명,경도,위도,기술\n" + "".join(
        f"평양{i},125.{i:02d},39.{i:02d},4G\n" for i in range(40)))
    from qgis.PyQt.QtWidgets import QApplication

    dialog = _dialog()
    before = dialog.height()
    dialog.file_widget.setFilePath(str(path))
    assert dialog.layout_info is not None and dialog.role_combos["lat"].currentData() == "위도"
    assert dialog.minimumSizeHint().height() <= 560
    assert dialog.csv_box.isVisibleTo(dialog) and dialog.preview.isVisibleTo(dialog)
    QApplication.processEvents()
    # grown to show the options as far as the screen has room, not past it
    room = QApplication.primaryScreen().availableGeometry()
    assert dialog.height() > before and room.contains(dialog.frameGeometry()), (dialog.frameGeometry(), room)
    assert not python_errors
    dialog.deleteLater()


def test_tab_goes_past_the_preview_to_ok(qgis_iface, tmp_path, python_errors):
    """Tab from the column roles went into the preview table and then from cell to cell (20 rows × every column)
    before reaching the merge distance, Check file and OK; a cell could be edited though nothing read it. Tab
    leaves the preview in one step, its cells are not edited."""
    from qgis.PyQt.QtWidgets import QAbstractItemView, QApplication

    path = station_csv(tmp_path / "towers.csv")
    dialog = _dialog()
    dialog.activateWindow()
    dialog.file_widget.setFilePath(str(path))
    dialog.preview.setFocus()
    QApplication.processEvents()
    assert QApplication.focusWidget() is dialog.preview
    QTest.keyClick(dialog.preview, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.merge_distance.findChild(QLineEdit) or \
        QApplication.focusWidget() is dialog.merge_distance
    assert dialog.preview.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not python_errors
    dialog.deleteLater()


def test_check_file_said_of_other_columns_is_cleared(qgis_iface, tmp_path, python_errors):
    """Check file's list ('2 stations can be imported', the bad rows) stayed after a column role, the CRS of x/y or
    the merge distance was chosen anew, describing a reading that was no longer the one OK would run. It is
    cleared (as it was for another delimiter or sheet)."""
    from qgis.core import QgsCoordinateReferenceSystem

    path = write(tmp_path / "towers.csv", "name,lon,lat,site\nA,125.7,39.0,X\nB,125.8,95,Y\n")
    dialog = _dialog()
    dialog.file_widget.setFilePath(str(path))
    for change in (lambda: dialog.role_combos["name"].setCurrentIndex(dialog.role_combos["name"].findData("site")),
                   lambda: dialog.crs.setCrs(QgsCoordinateReferenceSystem("EPSG:32652")),
                   lambda: dialog.merge_distance.setValue(0)):
        assert len(dialog.check().stations) == 1 and "1 bad row" in dialog.report.toPlainText()
        change()
        assert dialog.report.toPlainText() == ""
    assert not python_errors
    dialog.deleteLater()


def test_a_vector_file_ogr_cannot_open_is_said_when_chosen(qgis_iface, tmp_path, python_errors):
    """A damaged GeoPackage (or a file named .gpkg/.xlsx/.geojson that is not one) was shown as 'GeoPackage' with
    nothing said, and OK closed the dialog: the import then failed in the message bar. The dialog says it cannot be
    read, with the reader's reason naming the file, and OK leaves it open. A compressed GeoJSON (read through
    its decompression, not by OGR as it is) is not refused."""
    import gzip

    dialog = _dialog()
    for name, data in (("survey.gpkg", b"not a geopackage"), ("towers.xlsx", b"PK\x03\x04damaged"),
                       ("towers.geojson", b"{")):
        path = tmp_path / name
        path.write_bytes(data)
        dialog.file_widget.setFilePath(str(path))
        assert dialog.kind_label.text().endswith("(cannot be read)"), name
        assert dialog.report.toPlainText().startswith(f"{name}: cannot be opened as vector data"), name
        _click_ok(dialog)
        assert dialog.isVisible() and dialog.report.toPlainText().startswith(f"{name}: cannot be opened"), name
    packed = tmp_path / "towers.geojson.gz"
    packed.write_bytes(gzip.compress(b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
                                     b'{"name": "A"}, "geometry": {"type": "Point", "coordinates": [125.7, 39.0]}}]}'))
    dialog.file_widget.setFilePath(str(packed))
    assert "cannot be read" not in dialog.kind_label.text() and not dialog.report.toPlainText()
    assert len(dialog.check().stations) == 1
    _click_ok(dialog)
    assert not dialog.isVisible() and dialog.result() == 1
    assert not python_errors
    dialog.deleteLater()
