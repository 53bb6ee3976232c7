"""Settings dataclasses round-trip through QgsSettings."""

from __future__ import annotations

from qgis.core import QgsSettings

from basestation_mapper.plugin.settings import ALL_GROUPS, CoverageSettings, StationSettings


def test_round_trip_and_defaults(qgis_app):
    settings = QgsSettings()
    StationSettings.reset(settings)
    CoverageSettings.reset(settings)
    assert StationSettings.load(settings).duplicate_distance_m == 150.0
    s = StationSettings.load(settings)
    s.default_technology = "4G"
    s.duplicate_distance_m = 75.5
    s.open_form_on_add = False
    s.save(settings)
    again = StationSettings.load(settings)
    assert (again.default_technology, again.duplicate_distance_m, again.open_form_on_add) == ("4G", 75.5, False)
    c = CoverageSettings.load(settings)
    assert c.technology_radii_m["2G"] == 12000.0
    c.technology_radii_m["3G"] = 5000.0
    c.save(settings)
    assert CoverageSettings.load(settings).technology_radii_m["3G"] == 5000.0
    settings.setValue(StationSettings.key("duplicate_distance_m"), "not a number")
    assert StationSettings.load(settings).duplicate_distance_m == 150.0
    for group in ALL_GROUPS:
        group.reset(settings)
