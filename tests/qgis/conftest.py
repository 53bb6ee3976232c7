"""Fixtures for the in-QGIS tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _plugin_settings_as_installed():
    """Every test starts with the plugin's settings as a new install has them: a test that changes
    them through the dock or the Options page (the dock saves what the analyst sets) leaves nothing
    for the next one, whatever the order."""
    from qgis.core import QgsSettings

    from basestation_mapper.plugin.constants import SETTINGS_PREFIX

    QgsSettings().remove(SETTINGS_PREFIX)
    # ... and in QGIS's own language: a run stopped during a test in Korean (korean_locale) left the locale
    # override in the test profile, and every later run's messages came out in Korean
    for key in ("locale/overrideFlag", "locale/userLocale"):
        QgsSettings().remove(key)
    yield
    QgsSettings().remove(SETTINGS_PREFIX)


@pytest.fixture
def python_errors(monkeypatch):
    """Exceptions raised in slots and task callbacks (Qt hands them to sys.excepthook)."""
    import sys
    import traceback

    seen = []

    def hook(kind, value, tb):
        traceback.print_exception(kind, value, tb)
        seen.append(value)

    monkeypatch.setattr(sys, "excepthook", hook)
    return seen


@pytest.fixture
def message_log():
    """Collect (message, tag, level) of everything written to the QGIS message log."""
    from qgis.core import QgsApplication

    records: list[tuple[str, str, int]] = []

    def _collect(message, tag, level):
        records.append((message, tag, int(level)))

    log = QgsApplication.messageLog()
    log.messageReceived.connect(_collect)
    yield records
    log.messageReceived.disconnect(_collect)


@pytest.fixture
def plugin(qgis_iface, qgis_new_project, qgis_processing):
    """The plugin created through classFactory(iface) exactly as QGIS does, GUI initialised."""
    import basestation_mapper

    instance = basestation_mapper.classFactory(qgis_iface)
    instance.initGui()
    yield instance
    instance.unload()


@pytest.fixture
def korean_locale():
    """QGIS set to Korean (the user-interface locale override), as found afterwards."""
    from qgis.core import QgsSettings

    settings = QgsSettings()
    old = {key: settings.value(key) for key in ("locale/overrideFlag", "locale/userLocale")}
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "ko_KR")
    yield
    for key, value in old.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


@pytest.fixture
def korean_plugin(korean_locale, qgis_iface, qgis_new_project, qgis_processing):
    """The plugin loaded in a QGIS set to Korean."""
    import basestation_mapper

    instance = basestation_mapper.classFactory(qgis_iface)
    instance.initGui()
    yield instance
    instance.unload()


@pytest.fixture
def provider(qgis_processing):
    """The plugin's provider in the Processing registry (as initProcessing registers it), removed after."""
    from qgis.core import QgsApplication

    from basestation_mapper.plugin.constants import PROVIDER_ID
    from basestation_mapper.plugin.processing.provider import BaseStationMapperProvider

    registry = QgsApplication.processingRegistry()
    added = None
    if registry.providerById(PROVIDER_ID) is None:
        added = BaseStationMapperProvider()
        registry.addProvider(added)
    yield registry.providerById(PROVIDER_ID)
    if added is not None:
        registry.removeProvider(added)


@pytest.fixture
def coverage_scene(plugin, tmp_path):
    """The dock's Coverage section on the West / East scene (:func:`support.coverage.coverage_section_on_scene`:
    ``(section, stations, regions, population)``); Live off and its runs shut down after the test."""
    from support.coverage import coverage_section_on_scene

    scene = coverage_section_on_scene(plugin, tmp_path)
    yield scene
    scene[0].live_check.setChecked(False)
    scene[0].runner.shutdown()
