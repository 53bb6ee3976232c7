"""`make demo` into an output folder whose GeoPackages QGIS cannot open ('%20' in its path) or SQLite cannot write (a
path over 504 bytes): said at the start, before any step, nothing written (it failed at step 1 with "cannot open the
output")."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SQLite's limit, and '%' read so, of Linux/macOS")


def _demo(out: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "basestation_mapper.plugin.demo", "--output-dir", str(out)],
                          capture_output=True, text=True, timeout=600, env=env, check=False)


def test_demo_into_a_folder_qgis_cannot_open_geopackages_of_says_so_before_any_step(tmp_path):
    out = tmp_path / "North%20Korea%203G" / "결과 #1"
    done = _demo(out)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"demo: QGIS cannot open the GeoPackage {out}/work_stations.gpkg: GDAL reads '%20' in its path" in \
        done.stderr, done.stderr
    assert "[1/" not in done.stdout and not (tmp_path / "North%20Korea%203G").exists()


def test_demo_into_a_folder_too_deep_for_sqlite_says_so_before_any_step(tmp_path):
    """The longest work GeoPackage, written first in a hidden folder ('.bsm-xxxxxxxx/') next to it, must fit in
    SQLite's 504 bytes: it did not, and step 2 failed ("unable to open database file") after step 1's work."""
    longest = "work_coverage_dissolved.gpkg"
    base = Path(os.path.abspath(tmp_path)) / "분석 결과"
    fits = 504 - len("/.bsm-12345678/") - len(longest)  # bytes of the longest output folder that holds it
    room = fits - len(os.fsencode(str(base))) - 2  # two folders more, each after a '/'
    out = base / ("d" * (room // 2)) / ("e" * (room - room // 2) + "f")
    assert len(os.fsencode(str(out))) == fits + 1
    done = _demo(out)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"demo: {out}/{longest} is too long for a GeoPackage: SQLite reads and writes such files at paths of at " \
           f"most {504 - 14} bytes, and this one takes {504 - 14 + 1}." in done.stderr, done.stderr
    assert "[1/" not in done.stdout and not base.exists()


def test_demo_writes_its_numbers_in_english_whatever_the_system_locale(tmp_path):
    """The command line keeps Python's English numbers: the demo, started in a German system locale (Qt's default
    locale then), said a path of '1.036' bytes ('this one takes 1.036', the byte count grouped the German way)."""
    base = Path(os.path.abspath(tmp_path))
    out = base.joinpath(*["d" * 200] * 5)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LC_ALL="de_DE.UTF-8", LANG="de_DE.UTF-8")
    done = subprocess.run([sys.executable, "-m", "basestation_mapper.plugin.demo", "--output-dir", str(out)],
                          capture_output=True, text=True, timeout=600, env=env, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"at most 490 bytes, and this one takes 1,\d{3}\. ", done.stderr), done.stderr
