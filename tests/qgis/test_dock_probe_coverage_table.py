"""The Coverage section's statistics table as an analyst uses it: sorted then copied or saved, saved where it
cannot be written, copied with nothing computed."""

from __future__ import annotations

import pytest
from support.coverage import wait_for_coverage


@pytest.fixture
def scene(coverage_scene):
    return coverage_scene


def _shown(section):
    return [section.table.item(r, 0).text() for r in range(section.table.rowCount())]


def test_copy_and_save_csv_follow_the_sort_of_the_table(scene, tmp_path, python_errors):
    """Sorted by covered population (the East, with nobody covered, first), Copy table and Save CSV gave the
    regions in the layer's order (West, East): pasted next to the sorted table, the rows did not match. They give
    them as shown, TOTAL last."""
    import pandas as pd
    from qgis.PyQt.QtCore import QPoint, Qt
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QApplication

    section, *_ = scene
    wait_for_coverage(section, lambda: QTest.mouseClick(section.run_button, Qt.MouseButton.LeftButton))
    assert _shown(section) == ["West", "East", "TOTAL"]
    column = section._columns.index("covered_pop")
    header = section.table.horizontalHeader()
    at = QPoint(header.sectionViewportPosition(column) + 5, 5)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    if header.sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:  # the style's first click sorts descending
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    assert header.sortIndicatorSection() == column
    assert _shown(section) == ["East", "West", "TOTAL"]

    QTest.mouseClick(section.copy_button, Qt.MouseButton.LeftButton)
    lines = QApplication.clipboard().text().splitlines()
    assert [line.split("\t")[0] for line in lines] == ["region", "East", "West", "TOTAL"]
    saved = pd.read_csv(section.save_csv(str(tmp_path / "평안 통계.csv")), encoding="utf-8-sig")
    assert saved["region"].tolist() == ["East", "West", "TOTAL"]
    assert saved["covered_pop"].iloc[0] == 0 and saved["covered_pop"].iloc[1] > 0
    assert not python_errors


def test_copy_follows_the_nameless_regions_listed_last(scene, python_errors):
    """A region without a name is listed after the named ones: the copied rows are in that order too."""
    from qgis.PyQt.QtWidgets import QApplication

    section, _stations, regions, _pop = scene
    field = regions.fields().indexOf("name")
    west = next(f.id() for f in regions.getFeatures() if f["name"] == "West")
    regions.dataProvider().changeAttributeValues({west: {field: None}})
    wait_for_coverage(section, section.run)
    unnamed = f"(unnamed, feature {west})"
    assert _shown(section) == ["East", unnamed, "TOTAL"]
    section.copy_table()
    assert [line.split("\t")[0] for line in QApplication.clipboard().text().splitlines()[1:]] == \
        ["East", unnamed, "TOTAL"]
    assert not python_errors


def test_save_csv_where_it_cannot_be_written_says_so(scene, plugin, tmp_path, python_errors, monkeypatch):
    """Save CSV… to a folder that is gone (a USB stick pulled, a network share lost) or to a file another program
    holds: the error went to Python's console as a traceback and the dock said nothing. The section says the file
    was not saved and why, in its status line and the message bar; nothing is left in the folder."""
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QFileDialog
    from support.message_bar import bar_messages

    section, *_ = scene
    wait_for_coverage(section, section.run)
    target = tmp_path / "빠진 USB" / "통계.csv"
    # the path the analyst picks in the save dialog
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    plugin.iface.messageBar().clearWidgets()
    QTest.mouseClick(section.csv_button, Qt.MouseButton.LeftButton)
    assert not python_errors
    assert str(target) in section.status_label.text() and "not saved" in section.status_label.text()
    said = bar_messages(plugin.iface)
    assert len(said) == 1 and str(target) in said[0][0], said
    assert not target.exists()

    # a folder of that name, where the file should be: said too, nothing left inside it
    blocked = tmp_path / "통계.csv"
    blocked.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(blocked), "")))
    QTest.mouseClick(section.csv_button, Qt.MouseButton.LeftButton)
    assert not python_errors
    assert "not saved" in section.status_label.text()
    assert list(blocked.iterdir()) == []


def test_copy_and_save_are_off_without_a_table(scene, python_errors):
    """Copy table with nothing computed replaced whatever the analyst had on the clipboard with nothing, and Save
    CSV… did nothing: both are off until there is a table (a run that fails afterwards leaves the table shown, and
    them on)."""
    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QApplication

    section, stations, *_ = scene
    assert not section.copy_button.isEnabled() and not section.csv_button.isEnabled()
    QApplication.clipboard().setText("my notes")
    QTest.mouseClick(section.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "my notes"
    wait_for_coverage(section, section.run)
    assert section.copy_button.isEnabled() and section.csv_button.isEnabled()
    rows = section.table.rowCount()
    stations.dataProvider().truncate()  # the stations emptied: the run fails, the table shown stays
    wait_for_coverage(section, lambda: QTest.mouseClick(section.run_button, Qt.MouseButton.LeftButton))
    assert "no stations" in section.status_label.text()
    assert section.table.rowCount() == rows
    assert section.copy_button.isEnabled() and section.csv_button.isEnabled()
    QgsProject.instance().clear()  # no table: off
    assert not section.copy_button.isEnabled()
    assert not python_errors
