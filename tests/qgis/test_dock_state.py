"""The dock as the analyst left it comes back with the project: every section's controls."""

from __future__ import annotations

from qgis.PyQt.QtTest import QTest


def _save_and_reopen(project, path):
    assert project.write(path)
    project.clear()
    assert project.read(path)


def test_imagery_url_being_typed_comes_back_with_the_project(plugin, qgis_new_project, tmp_path):
    """The kind, URL and WMS layer of a source being typed (and the saved source picked) were not saved in
    the project: reopening it showed an empty URL and XYZ."""
    from basestation_mapper.plugin.settings import ImagerySettings

    ImagerySettings.reset()
    imagery = plugin.dock.sections["imagery"]
    try:
        imagery.add_url("xyz", "https://a.tile.example.invalid/{z}/{x}/{y}.png", name="first")
        imagery.add_url("wms", "https://ows.example.invalid/service/wms?", "ortho_2019", name="second")
        imagery.saved_combo.setCurrentIndex(1)
        imagery.kind_combo.setCurrentIndex(imagery.kind_combo.findData("wms"))
        qgis_new_project.setDirty(False)
        QTest.keyClicks(imagery.url_edit, "https://ows.example.invalid/wms?")
        assert qgis_new_project.isDirty()
        QTest.keyClicks(imagery.layers_edit, "ortho_2021")

        _save_and_reopen(qgis_new_project, str(tmp_path / "imagery.qgz"))

        assert imagery.kind_combo.currentData() == "wms"
        assert imagery.url_edit.text() == "https://ows.example.invalid/wms?"
        assert imagery.layers_edit.text() == "ortho_2021"
        assert imagery.saved_combo.currentText() == "second"

        qgis_new_project.clear()  # File > New: the typing belongs to the project that is gone
        assert imagery.url_edit.text() == "" and imagery.layers_edit.text() == ""
        assert imagery.kind_combo.currentData() == "xyz"
    finally:
        ImagerySettings.reset()


def test_wmts_options_being_typed_come_back_with_the_project(plugin, qgis_new_project, tmp_path):
    """The CRS, image format, style and tile matrix set typed for a WMS/WMTS source are saved in the
    project with the URL, and a new project starts with them blank."""
    imagery = plugin.dock.sections["imagery"]
    imagery.kind_combo.setCurrentIndex(imagery.kind_combo.findData("wmts"))
    imagery.url_edit.setText("https://wmts.example.invalid/caps.xml")
    qgis_new_project.setDirty(False)
    QTest.keyClicks(imagery.matrix_edit, "NGII_5179")
    assert qgis_new_project.isDirty()
    imagery.crs_edit.setText("EPSG:5179")
    imagery.format_combo.setCurrentText("image/jpeg")
    imagery.styles_edit.setText("bright")

    _save_and_reopen(qgis_new_project, str(tmp_path / "wmts.qgz"))

    assert (imagery.kind_combo.currentData(), imagery.matrix_edit.text(), imagery.crs_edit.text(),
            imagery.format_combo.currentText(), imagery.styles_edit.text()) == (
        "wmts", "NGII_5179", "EPSG:5179", "image/jpeg", "bright")
    assert not imagery.matrix_edit.isHidden()
    qgis_new_project.clear()
    assert (imagery.matrix_edit.text(), imagery.crs_edit.text(), imagery.format_combo.currentText(),
            imagery.styles_edit.text()) == ("", "", "image/png", "")
    assert imagery.service_options.isHidden()


def test_choosing_a_field_marks_the_project_modified(plugin, qgis_new_project):
    """Picking another region-name or population field in Coverage left the project unmodified: QGIS closed
    without asking to save, and the field chosen was lost."""
    from qgis.core import QgsVectorLayer

    regions = QgsVectorLayer("Polygon?crs=EPSG:32652&field=name:string&field=name_ko:string", "regions", "memory")
    places = QgsVectorLayer("Point?crs=EPSG:32652&field=pop:integer&field=pop_2008:integer", "places", "memory")
    qgis_new_project.addMapLayers([regions, places])
    coverage = plugin.dock.sections["coverage"]
    coverage.region_combo.setLayer(regions)
    coverage.points_combo.setLayer(places)
    for combo, field in ((coverage.region_field, "name_ko"), (coverage.points_field, "pop_2008")):
        qgis_new_project.setDirty(False)
        combo.setField(field)
        assert combo.currentField() == field
        assert qgis_new_project.isDirty(), field


def test_the_dock_stays_at_its_top_when_a_project_starts_or_opens(plugin, qgis_new_project, tmp_path):
    """QGIS starts a new project once the dock is shown: applying its state expanded every section in turn, and each
    scrolled the dock to itself, so that QGIS opened with the dock scrolled down to Export. A section the analyst
    opens is still scrolled to."""
    from qgis.PyQt.QtWidgets import QApplication, QScrollArea

    dock = plugin.dock
    window = dock.window()  # QGIS's main window, which the tests do not show
    window.resize(900, 600)
    window.show()
    dock.show()
    QApplication.processEvents()
    assert dock.group_boxes["export"].isVisible()
    bar = dock.findChild(QScrollArea).verticalScrollBar()
    try:
        bar.setValue(0)
        assert bar.maximum() > 0
        qgis_new_project.clear()
        QApplication.processEvents()
        assert bar.value() == 0
        dock.group_boxes["export"].setCollapsed(True)
        assert qgis_new_project.write(str(tmp_path / "state.qgz"))
        qgis_new_project.clear()
        bar.setValue(0)
        assert qgis_new_project.read(str(tmp_path / "state.qgz"))
        QApplication.processEvents()
        assert bar.value() == 0 and dock.group_boxes["export"].isCollapsed()
        dock.group_boxes["export"].setCollapsed(False)  # as a click on its title does
        QApplication.processEvents()
        assert bar.value() > 0
    finally:
        dock.hide()
        window.hide()
