"""Korean user interface."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from qgis.core import QgsSettings

import basestation_mapper

TS = Path(__file__).resolve().parents[2] / "i18n" / "basestation_mapper_ko.ts"


def test_dock_title_is_korean(qgis_iface, qgis_new_project, qgis_processing, korean_locale):
    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    try:
        assert plugin.dock.windowTitle() == "기지국 매퍼"
        assert plugin.menu.title() == "기지국 매퍼"
    finally:
        plugin.unload()
    # the translator is removed with the plugin
    plugin = basestation_mapper.classFactory(qgis_iface)
    QgsSettings().setValue("locale/userLocale", "en_US")
    plugin.initGui()
    try:
        assert plugin.dock.windowTitle() == "Base Station Mapper"
    finally:
        plugin.unload()


def test_every_string_has_a_korean_translation():
    root = ET.parse(TS).getroot()
    messages = root.findall(".//message")
    assert messages
    missing = [m.findtext("source") for m in messages
               if not ("".join(f.text or "" for f in m.iter("numerusform")) or m.findtext("translation") or "").strip()
               or m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")]
    assert not missing, f"{len(missing)} untranslated: {missing[:10]}"


def test_ts_file_is_up_to_date_with_the_sources(tmp_path, repo_root):
    """Every tr() string of the code is in the committed .ts (run `make translations` after adding strings)."""
    import shutil
    import subprocess

    pylupdate = shutil.which("pylupdate5")
    if pylupdate is None:
        pytest.skip("pylupdate5 is not installed (make setup installs pyqt5-dev-tools)")
    sources = subprocess.run(["git", "ls-files", "plugin/*.py", "__init__.py"], cwd=repo_root, capture_output=True,
                             text=True, check=True).stdout.split()
    fresh = tmp_path / "fresh.ts"
    subprocess.run([pylupdate, "-noobsolete", *sources, "-ts", str(fresh)], cwd=repo_root, check=True,
                   capture_output=True)
    in_code = {m.findtext("source") for m in ET.parse(fresh).getroot().iter("message")}
    committed = {m.findtext("source") for m in ET.parse(TS).getroot().iter("message")}
    missing = sorted(in_code - committed)
    assert not missing, f"{len(missing)} strings missing from {TS.name}: {missing[:10]}"
