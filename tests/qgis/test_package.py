"""The ZIP the plugin manager installs: content, and loading it from a fresh plugins folder."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from support import qgis_process

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def plugin_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist") / "basestation_mapper.zip"
    subprocess.run([sys.executable, str(ROOT / ".ci" / "package.py"), "--output", str(out)], check=True,
                   capture_output=True, text=True)
    return out


def test_zip_content(plugin_zip):
    with zipfile.ZipFile(plugin_zip) as zf:
        names = zf.namelist()
    assert all(n.startswith("basestation_mapper/") for n in names)
    for required in ("metadata.txt", "__init__.py", "LICENSE", "plugin/main.py", "resources/icons/icon.svg",
                     "i18n/basestation_mapper_ko.qm"):
        assert f"basestation_mapper/{required}" in names, required
    for forbidden in ("tests/", "bench/", ".ci/", ".gitattributes", ".gitignore", "pyproject.toml", "Makefile",
                      ".venv/", "i18n/basestation_mapper_ko.ts"):
        assert not any(n.startswith(f"basestation_mapper/{forbidden}") for n in names), forbidden
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def test_zip_installs_and_starts_from_fresh_plugins_folder(plugin_zip, tmp_path):
    plugins_dir = tmp_path / "profile" / "python" / "plugins"
    plugins_dir.mkdir(parents=True)
    with zipfile.ZipFile(plugin_zip) as zf:
        zf.extractall(plugins_dir)
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(plugins_dir)!r})
        from pytest_qgis.qgis_interface import QgisInterface
        from pytest_qgis.mock_qgis_classes import MockMessageBar
        from basestation_mapper.plugin.headless import start_qgis, init_processing
        app = start_qgis(gui=True)
        init_processing(register_provider=False)
        from qgis.gui import QgsMapCanvas, QgsDockWidget
        from qgis.PyQt.QtWidgets import QMainWindow
        from qgis.core import QgsApplication
        import qgis.utils
        window = QMainWindow()
        iface = QgisInterface(QgsMapCanvas(window), MockMessageBar(), window)
        qgis.utils.iface = iface
        qgis.utils.plugin_paths = [{str(plugins_dir)!r}]
        assert qgis.utils.loadPlugin("basestation_mapper"), "loadPlugin failed"
        assert qgis.utils.startPlugin("basestation_mapper"), "startPlugin failed"
        import basestation_mapper
        print("FILE", basestation_mapper.__file__)
        docks = [d for d in window.findChildren(QgsDockWidget) if d.objectName() == "BaseStationMapperDock"]
        print("DOCKS", len(docks))
        print("PROVIDER", QgsApplication.processingRegistry().providerById("basestationmapper") is not None)
        qgis.utils.plugins["basestation_mapper"].unload()
        print("UNLOADED")
        app.exitQgis()
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"FILE {plugins_dir}" in result.stdout
    assert "DOCKS 1" in result.stdout
    assert "PROVIDER True" in result.stdout
    assert "UNLOADED" in result.stdout


def test_zip_in_a_qgis_python_without_pandas_says_what_to_install(plugin_zip, tmp_path):
    """Debian's and Ubuntu's qgis package brings numpy, scipy and pyproj but not pandas, shapely or
    rasterio: the installed ZIP, started by a Python with only what that package brings, tells which
    packages to install (message bar and log) instead of failing with a traceback."""
    import importlib.util

    plugins_dir = tmp_path / "plugins"
    plugins_dir.mkdir()
    with zipfile.ZipFile(plugin_zip) as zf:
        zf.extractall(plugins_dir)
    site = tmp_path / "site"  # the python packages of a plain `apt install qgis`
    site.mkdir()
    for name in ("qgis", "PyQt5", "osgeo", "numpy", "scipy", "pyproj"):
        (site / name).symlink_to(importlib.util.find_spec(name).submodule_search_locations[0])
    script = textwrap.dedent(f"""
        import sys
        sys.path[:0] = [{str(site)!r}, {str(plugins_dir)!r}]
        from qgis.core import QgsApplication
        app = QgsApplication([], True)
        app.initQgis()
        from qgis.gui import QgsMapCanvas, QgsMessageBar
        from qgis.PyQt.QtWidgets import QMainWindow
        import qgis.utils

        class Iface:  # what the plugin asks of QGIS's interface here
            def __init__(self):
                self.window = QMainWindow()
                self.bar = QgsMessageBar(self.window)
                self.canvas = QgsMapCanvas(self.window)

            def messageBar(self):
                return self.bar

            def mainWindow(self):
                return self.window

            def mapCanvas(self):
                return self.canvas

        iface = qgis.utils.iface = Iface()
        qgis.utils.plugin_paths = [{str(plugins_dir)!r}]
        print("LOAD", qgis.utils.loadPlugin("basestation_mapper"))
        print("START", qgis.utils.startPlugin("basestation_mapper"))
        for item in iface.bar.items():
            print("MESSAGE", item.text())
        qgis.utils.unloadPlugin("basestation_mapper")
        print("REMAINING", len(iface.bar.items()))
        app.exitQgis()
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)
    # -S: no site packages (neither the system's nor the venv's), only the folders listed above
    result = subprocess.run([sys.executable, "-S", "-c", script], capture_output=True, text=True, env=env,
                            timeout=120, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "LOAD True" in result.stdout and "START True" in result.stdout, result.stdout + result.stderr
    message = next(line for line in result.stdout.splitlines() if line.startswith("MESSAGE"))
    assert "pandas, shapely, rasterio" in message and "sudo apt install python3-pandas python3-shapely " \
        "python3-rasterio" in message and "pip install pandas shapely rasterio" in message
    assert "REMAINING 0" in result.stdout


def test_repo_xml(plugin_zip, tmp_path):
    import xml.etree.ElementTree as ET

    out = tmp_path / "plugins.xml"
    subprocess.run([sys.executable, str(ROOT / ".ci" / "repo_xml.py"), "--zip", str(plugin_zip), "--output",
                    str(out), "--base-url", "https://example.org/qgis"], check=True, capture_output=True)
    root = ET.parse(out).getroot()
    node = root.find("pyqgis_plugin")
    assert node.get("name") == "Base Station Mapper"
    assert node.findtext("download_url") == f"https://example.org/qgis/{plugin_zip.name}"
    assert node.findtext("qgis_minimum_version") == "3.22"
    # an absolute icon URL: QGIS puts a relative one after the host name (https://example.org/resources/…)
    assert node.findtext("icon") == "https://example.org/qgis/basestation_mapper.svg"
    with zipfile.ZipFile(plugin_zip) as zf:
        assert (tmp_path / "basestation_mapper.svg").read_bytes() == zf.read(
            "basestation_mapper/resources/icons/icon.svg")


def test_custom_repository_installs_with_qgis_plugin_installer(plugin_zip, tmp_path):
    """The ZIP named as `make package` names it, its plugins.xml (file:// URL) read and installed by
    QGIS's own plugin installer code: the plugin is known under its folder name and, once the ZIP is
    unpacked, found where the installer looks for it."""
    import configparser
    import shutil
    import xml.etree.ElementTree as ET

    meta = configparser.ConfigParser(interpolation=None)
    meta.read(ROOT / "metadata.txt", encoding="utf-8")
    version = meta["general"]["version"]
    zip_path = tmp_path / "dist" / f"basestation_mapper-{version}.zip"
    zip_path.parent.mkdir()
    shutil.copy(plugin_zip, zip_path)
    xml = tmp_path / "dist" / "plugins.xml"
    subprocess.run([sys.executable, str(ROOT / ".ci" / "repo_xml.py"), "--zip", str(zip_path), "--output",
                    str(xml)], check=True, capture_output=True)
    home = tmp_path / "profile" / "python" / "plugins"
    home.mkdir(parents=True)
    script = textwrap.dedent(f"""
        import sys
        from qgis.core import QgsApplication
        app = QgsApplication([], True)
        app.initQgis()
        import qgis.utils
        from qgis.PyQt.QtCore import QDir, QUrl
        sys.path.insert(0, QgsApplication.pkgDataPath() + "/python")
        qgis.utils.home_plugin_path = {str(home)!r}
        from pyplugin_installer.installer_data import Relay, Repositories, plugins, repositories
        from pyplugin_installer.qgsplugininstallerinstallingdialog import QgsPluginInstallerInstallingDialog
        key = "local"
        repositories.mRepositories = {{key: {{
            "url": QUrl.fromLocalFile({str(xml)!r}).toString(), "authcfg": "", "enabled": True, "valid": True,
            "Relay": Relay(key), "xmlData": None, "state": Repositories.STATE_DISABLED, "error": ""}}}}
        repositories.requestFetching(key)
        while repositories.fetchingInProgress():
            app.processEvents()
        found = plugins.repoCache.get(key, [])
        print("IDS", [p["id"] for p in found], repositories.mRepositories[key]["error"])
        plugin = found[0]
        dialog = QgsPluginInstallerInstallingDialog(None, plugin, stable=True)  # downloads and unzips
        dialog.exec()
        print("RESULT", repr(dialog.result()))
        # installPlugin() then reports "Plugin has disappeared" unless this folder exists
        print("FOUND", QDir(qgis.utils.home_plugin_path + "/" + plugin["id"]).exists())
        app.exitQgis()
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "config"))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120,
                            check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "IDS ['basestation_mapper'] " in result.stdout, result.stdout
    assert ET.parse(xml).getroot().find("pyqgis_plugin").findtext("icon") == \
        (tmp_path / "dist" / "basestation_mapper.svg").as_uri()
    assert (tmp_path / "dist" / "basestation_mapper.svg").is_file()
    assert "RESULT ''" in result.stdout and "FOUND True" in result.stdout, result.stdout
    assert (home / "basestation_mapper" / "metadata.txt").is_file()


@pytest.mark.skipif(qgis_process.executable() is None, reason="qgis_process is not installed")
def test_installed_zip_runs_headless_with_qgis_process(plugin_zip, tmp_path):
    """The ZIP unpacked into a profile's plugins folder and enabled there: ``qgis_process`` lists the
    algorithms and runs one on the sample data."""
    plugins_dir = tmp_path / "config" / "profiles" / "default" / "python" / "plugins"
    plugins_dir.mkdir(parents=True)
    with zipfile.ZipFile(plugin_zip) as zf:
        zf.extractall(plugins_dir)
    env = qgis_process.profile_env(tmp_path, plugins_dir / "basestation_mapper")  # the installed copy

    def run(*args: str) -> subprocess.CompletedProcess:
        return qgis_process.run(env, *args, cwd=tmp_path)

    listing = run("list")
    assert listing.returncode == 0, listing.stdout + listing.stderr
    for alg in ("coverage", "coveragestats", "detect", "evaluatedetections", "importstations", "exportlayers",
                "report", "terraincoverage"):
        assert f"basestationmapper:{alg}\t" in listing.stdout, alg
    sample = plugins_dir / "basestation_mapper" / "resources" / "sample"
    out = tmp_path / "stats.gpkg"
    result = run("run", "basestationmapper:coveragestats", "--",
                 f"STATIONS={sample / 'stations_illustrative.geojson'}", "RADIUS=4000",
                 f"REGIONS={sample / 'provinces_naturalearth.geojson'}", "REGION_FIELD=name",
                 f"POPULATION_POINTS={sample / 'places_geonames.geojson'}", "POPULATION_FIELD=population",
                 f"OUTPUT={out}")
    assert result.returncode == 0, result.stdout + result.stderr
    from osgeo import ogr

    ds = ogr.Open(str(out))
    rows = {f.GetField("region"): (f.GetField("population"), f.GetField("covered_pop")) for f in ds.GetLayer(0)}
    assert "TOTAL" in rows and "P'yŏngyang" in rows, sorted(rows)
    population, covered = rows["TOTAL"]
    assert population > 1e6 and 0 < covered <= population
