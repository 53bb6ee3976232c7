"""The plugin's page in QGIS's Options dialog edits and saves the settings."""

from __future__ import annotations

from qgis.core import QgsSettings

from basestation_mapper.plugin.settings import ALL_GROUPS, CoverageSettings, StationSettings
from basestation_mapper.plugin.ui.options_page import BaseStationMapperOptionsFactory


def test_page_edits_and_applies_settings(qgis_app, qgis_parent):
    for group in ALL_GROUPS:
        group.reset()
    page = BaseStationMapperOptionsFactory().createWidget(qgis_parent)
    assert page.editor("stations", "duplicate_distance_m").value() == 150.0
    page.editor("stations", "duplicate_distance_m").setValue(80.0)
    page.editor("stations", "open_form_on_add").setChecked(False)
    page.editor("coverage", "penetration").setValue(0.3)
    page.editor("coverage", "technology_radii_m").setText('{"2G": 10000, "3G": 3500}')
    page.editor("stations", "default_operator").setText("Koryolink")
    page.apply()
    stations = StationSettings.load()
    assert stations.duplicate_distance_m == 80.0
    assert stations.open_form_on_add is False
    assert stations.default_operator == "Koryolink"
    coverage = CoverageSettings.load()
    assert coverage.penetration == 0.3
    assert coverage.technology_radii_m == {"2G": 10000, "3G": 3500}


def test_invalid_json_keeps_previous_value(qgis_app, qgis_parent):
    CoverageSettings.reset()
    page = BaseStationMapperOptionsFactory().createWidget(qgis_parent)
    page.editor("coverage", "technology_radii_m").setText("{not json")
    page.apply()
    assert CoverageSettings.load().technology_radii_m["2G"] == 12000.0
    for group in ALL_GROUPS:
        group.reset(QgsSettings())
