"""The import dialog: detection, preview, column mapping and the bad-row report."""

from __future__ import annotations

from support.stations_data import write

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
