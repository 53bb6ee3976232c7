"""The plugin's page in QGIS's Options dialog edits and saves the settings."""

from __future__ import annotations

from qgis.core import QgsSettings

from basestation_mapper.plugin.settings import ALL_GROUPS, CoverageSettings, StationSettings
from basestation_mapper.plugin.ui.options_page import BaseStationMapperOptionsFactory

RADII = {"2G": 9000.0, "3G": 2500.0, "4G": 1500.0, "5G": 300.0, "unknown": 2500.0}


def _set_radii(page, radii: dict) -> None:
    """Type the radii of the coverage presets in their spin boxes, one per technology."""
    from qgis.PyQt.QtWidgets import QDoubleSpinBox

    box = page.editor("coverage", "technology_radii_m")
    for tech, radius in radii.items():
        box.findChild(QDoubleSpinBox, f"coverage.technology_radii_m.{tech}").setValue(radius)


def _choose(page, group: str, name: str, value: str) -> None:
    combo = page.editor(group, name)
    index = combo.findData(value)
    assert index >= 0, [combo.itemData(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)


def test_page_edits_and_applies_settings(qgis_app, qgis_parent):
    for group in ALL_GROUPS:
        group.reset()
    page = BaseStationMapperOptionsFactory().createWidget(qgis_parent)
    assert page.editor("stations", "duplicate_distance_m").value() == 150.0
    page.editor("stations", "duplicate_distance_m").setValue(80.0)
    page.editor("stations", "open_form_on_add").setChecked(False)
    page.editor("coverage", "penetration").setValue(0.3)
    _set_radii(page, {"2G": 10000, "3G": 3500})
    page.editor("stations", "default_operator").setText("Koryolink")
    page.apply()
    stations = StationSettings.load()
    assert stations.duplicate_distance_m == 80.0
    assert stations.open_form_on_add is False
    assert stations.default_operator == "Koryolink"
    coverage = CoverageSettings.load()
    assert coverage.penetration == 0.3
    assert coverage.technology_radii_m == {"2G": 10000, "3G": 3500, "4G": 4000, "5G": 500, "unknown": 4000}


def test_choices_and_ranges_refuse_what_no_run_can_use(qgis_app, qgis_parent):
    """Typed as text, a vertical unit 'meters' was saved and every terrain run then failed on it; a technology
    'LTE' went onto every new station; a distance could be negative and a share 5, each shown with four decimals."""
    from qgis.PyQt.QtWidgets import QComboBox, QDoubleSpinBox

    from basestation_mapper.plugin.settings import TerrainSettings

    for group in ALL_GROUPS:
        group.reset()
    try:
        page = BaseStationMapperOptionsFactory().createWidget(qgis_parent)
        unit = page.editor("terrain", "dem_vertical_unit")
        technology = page.editor("stations", "default_technology")
        assert isinstance(unit, QComboBox) and isinstance(technology, QComboBox)
        assert [unit.itemData(i) for i in range(unit.count())] == ["metre", "foot", "us_foot"]
        assert [technology.itemData(i) for i in range(technology.count())] == ["2G", "3G", "4G", "5G", "unknown"]
        distance, share = page.editor("stations", "merge_distance_m"), page.editor("coverage", "penetration")
        distance.setValue(-50.0)
        share.setValue(5.0)
        assert (distance.value(), share.value()) == (0.0, 1.0)
        assert page.editor("stations", "default_antenna_height_m").text() == "30.0 m"
        radius = page.editor("coverage", "technology_radii_m").findChild(QDoubleSpinBox,
                                                                          "coverage.technology_radii_m.3G")
        assert radius.text() == "4000 m"
        _choose(page, "terrain", "dem_vertical_unit", "us_foot")
        _choose(page, "stations", "default_technology", "4G")
        page.apply()
        assert TerrainSettings.load().dem_vertical_unit == "us_foot"
        assert StationSettings.load().default_technology == "4G"
        assert StationSettings.load().merge_distance_m == 0.0

        # a value saved before the lists (or by hand in the profile) is shown and kept unless another is chosen
        stored = TerrainSettings.load()
        stored.dem_vertical_unit = "meters"
        stored.save()
        page = BaseStationMapperOptionsFactory().createWidget(qgis_parent)
        assert page.editor("terrain", "dem_vertical_unit").currentData() == "meters"
        page.editor("stations", "duplicate_distance_m").setValue(90.0)
        page.apply()
        assert TerrainSettings.load().dem_vertical_unit == "meters"
    finally:
        for group in ALL_GROUPS:
            group.reset(QgsSettings())


def test_dock_keeps_what_the_options_page_saved(plugin, qgis_parent):
    """The dock built before the Options dialog was used: changing a default in the dock must not put
    back the old merge distance and shortcut, and the import dialog offers the new merge distance."""
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication

    from basestation_mapper.plugin.ui.import_dialog import ImportDialog

    section = plugin.dock.sections["stations"]
    page = BaseStationMapperOptionsFactory().createWidget(qgis_parent)
    page.editor("stations", "merge_distance_m").setValue(300.0)
    page.editor("stations", "add_station_shortcut").setText("Shift+S")
    page.apply()
    section.technology.setCurrentText("4G")
    section.operator.setText("Koryolink")
    section.operator.editingFinished.emit()
    stored = StationSettings.load()
    assert (stored.merge_distance_m, stored.add_station_shortcut) == (300.0, "Shift+S")
    assert (stored.default_technology, stored.default_operator) == ("4G", "Koryolink")
    offered = []

    def read_and_close():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportDialog) and w.isVisible())
        offered.append(dialog.options().get("merge_distance"))
        dialog.reject()

    QTimer.singleShot(50, read_and_close)
    section.show_import_dialog()
    assert offered == [300.0]
    for group in ALL_GROUPS:
        group.reset(QgsSettings())


def test_empty_shortcut_setting_gives_s_on_button_and_action(qgis_iface, qgis_new_project, qgis_processing):
    import basestation_mapper

    settings = StationSettings.load()
    settings.add_station_shortcut = ""
    settings.save()
    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    try:
        section = plugin.dock.sections["stations"]
        assert section.add_action.shortcut().toString() == "S"
        assert section.add_button.text() == "Add station (S)"
    finally:
        plugin.unload()
        StationSettings.reset()


def test_coverage_section_keeps_what_the_options_page_saved(plugin, qgis_parent, tmp_path):
    """The dock built before the Options dialog was used: toggling Live in the Coverage section must not
    put back the old radii and penetration, and the next run uses the radii, DEM vertical unit and
    Fresnel clearance set there."""
    import numpy as np
    from qgis.core import QgsProject, QgsRasterLayer
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest
    from support.coverage import write_raster

    from basestation_mapper.plugin.settings import TerrainSettings

    section = plugin.dock.sections["coverage"]
    live = section.live_check.isChecked()
    page = BaseStationMapperOptionsFactory().createWidget(qgis_parent)
    _set_radii(page, RADII)
    page.editor("coverage", "penetration").setValue(0.35)
    _choose(page, "terrain", "dem_vertical_unit", "foot")
    page.editor("terrain", "fresnel_clearance").setValue(0.6)
    page.apply()
    try:
        QTest.mouseClick(section.live_check, Qt.MouseButton.LeftButton)
        section.runner.shutdown()  # no live run needed
        stored = CoverageSettings.load()
        assert stored.live is (not live)
        assert stored.penetration == 0.35
        assert stored.technology_radii_m == RADII
        assert TerrainSettings.load().dem_vertical_unit == "foot"
        options = section.options()
        assert options.presets == RADII
        assert "2G 9 km" in section.presets_label.text()
        path = write_raster(tmp_path / "dem.tif", np.full((20, 20), 100.0), (400000.0, 100.0, 0, 4420000.0, 0, -100.0),
                            crs="EPSG:32652")
        dem = QgsRasterLayer(path, "dem")
        QgsProject.instance().addMapLayer(dem)
        section.dem_combo.setLayer(dem)
        terrain = section.terrain_options(options)
        assert terrain.vertical_factor == 0.3048
        assert terrain.fresnel_clearance == 0.6
    finally:
        for group in ALL_GROUPS:
            group.reset(QgsSettings())


def test_ok_changes_only_what_was_edited(qgis_app, qgis_parent):
    """OK in the Options dialog saves the settings edited on the page and nothing else: floats shown with
    fewer decimals (k = 4/3 shown as 1.3333) keep their exact value, and a setting changed elsewhere
    while the dialog was open (the dock's Live box) is not put back."""
    from basestation_mapper.plugin.settings import TerrainSettings

    for group in ALL_GROUPS:
        group.reset()
    stored = CoverageSettings.load()
    stored.penetration = 0.123456
    stored.save()
    try:
        page = BaseStationMapperOptionsFactory().createWidget(qgis_parent)
        assert page.editor("terrain", "refraction_k").value() == 1.3333
        page.editor("terrain", "receiver_height_m").setValue(2.0)
        page.editor("stations", "duplicate_distance_m").setValue(90.0)
        live = CoverageSettings.load()
        live.live = True  # as the dock's Live box does while the dialog is open
        live.save()
        page.apply()
        terrain = TerrainSettings.load()
        assert terrain.refraction_k == 4.0 / 3.0
        assert terrain.receiver_height_m == 2.0
        assert StationSettings.load().duplicate_distance_m == 90.0
        coverage = CoverageSettings.load()
        assert coverage.penetration == 0.123456
        assert coverage.live is True
        # an edit is saved as typed
        page.editor("terrain", "refraction_k").setValue(1.25)
        page.apply()
        assert TerrainSettings.load().refraction_k == 1.25
    finally:
        for group in ALL_GROUPS:
            group.reset(QgsSettings())


def test_a_new_project_keeps_the_users_settings(plugin):
    """File › New: the dock's defaults start from the settings as they are now, and starting the new
    project writes none of the values the dock had when QGIS started back into the settings."""
    from qgis.core import QgsProject

    stations = plugin.dock.sections["stations"]
    coverage = plugin.dock.sections["coverage"]
    try:
        stations.technology.setCurrentText("4G" if stations.technology.currentText() != "4G" else "2G")
        chosen = stations.technology.currentText()
        stations.height.setValue(stations.height.value() + 7.0)
        height = stations.height.value()
        live = not coverage.live_check.isChecked()
        coverage.live_check.setChecked(live)
        coverage.runner.shutdown()
        QgsProject.instance().clear()
        stored = StationSettings.load()
        assert (stored.default_technology, stored.default_antenna_height_m) == (chosen, height)
        assert CoverageSettings.load().live is live
        assert stations.technology.currentText() == chosen and stations.height.value() == height
        assert coverage.live_check.isChecked() is live
    finally:
        coverage.runner.shutdown()
        for group in ALL_GROUPS:
            group.reset(QgsSettings())


def test_a_new_add_station_shortcut_applies_at_once(plugin, qgis_parent):
    """OK in the Options dialog with another Add station shortcut: the action answers to it and the button and
    the dock's hints name it, without restarting QGIS."""
    section = plugin.dock.sections["stations"]
    assert section.add_action.shortcut().toString() == "S"
    page = BaseStationMapperOptionsFactory().createWidget(qgis_parent)
    page.editor("stations", "add_station_shortcut").setText("Shift+S")
    try:
        page.apply()
        assert section.add_action.shortcut().toString() == "Shift+S"
        assert section.add_button.text() == "Add station (Shift+S)"
        assert section.shortcut_key() == "Shift+S"
    finally:
        for group in ALL_GROUPS:
            group.reset(QgsSettings())


def test_new_presets_show_in_the_coverage_section_and_live_recomputes(plugin, qgis_parent, tmp_path):
    """OK in the Options dialog with other technology radii: the Coverage section's presets line says them at
    once, and with Live on the coverage is recomputed with them."""
    import time

    from qgis.core import QgsApplication
    from support.coverage import features, west_east_scene

    from basestation_mapper.plugin.qgis_io.project import find_layer

    pop, regions, stations = west_east_scene(tmp_path)
    stations.dataProvider().changeAttributeValues({f.id(): {stations.fields().indexOf("radius_m"): None}
                                                   for f in stations.getFeatures()})  # radius from the presets
    section = plugin.dock.sections["coverage"]
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.raster_combo.setLayer(pop)
    done = []
    section.runner.resultReady.connect(lambda *a: done.append(a))
    section.live_check.setChecked(True)

    def wait(n):
        start = time.time()
        while len(done) < n:
            QgsApplication.processEvents()
            assert time.time() - start < 30, "no coverage run"
            time.sleep(0.01)
        QgsApplication.processEvents()

    wait(1)
    page = BaseStationMapperOptionsFactory().createWidget(qgis_parent)
    _set_radii(page, RADII)
    try:
        page.apply()
        assert "3G 2.5 km" in section.presets_label.text()
        wait(2)
        assert [f["radius_m"] for f in features(find_layer("Coverage per station"))] == [2500.0]
    finally:
        section.runner.shutdown()
        for group in ALL_GROUPS:
            group.reset(QgsSettings())


def test_coverage_presets_button_opens_the_plugins_options_page(plugin, qgis_iface, qgis_parent):
    """UX.md's Coverage row has "presets…": the technology radii and penetration are edited in the plugin's
    page of QGIS's Options dialog, which the dock gave no way to reach."""
    from qgis.gui import QgsOptionsPageWidget, QgsOptionsWidgetFactory

    section = plugin.dock.sections["coverage"]
    button = section.presets_button
    assert button.isEnabled() and button.text() == "Presets…"
    # the factory QGIS was given when the plugin loaded, and the page it makes (what QGIS shows)
    factories = [c.args[0] for c in qgis_iface.registerOptionsWidgetFactory.call_args_list
                 if c.args and c.args[0] is plugin.options_factory]
    assert factories and isinstance(factories[0], QgsOptionsWidgetFactory)
    page = factories[0].createWidget(qgis_parent)
    assert isinstance(page, QgsOptionsPageWidget)
    qgis_iface.showOptionsDialog.reset_mock()
    button.click()
    assert qgis_iface.showOptionsDialog.call_count == 1
    call = qgis_iface.showOptionsDialog.call_args
    assert call.kwargs["currentPage"] == page.objectName() != ""
