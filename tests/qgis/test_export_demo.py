"""`make demo`: the pipeline on the sample data, run as a subprocess, and its outputs checked."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from osgeo import gdal
from qgis.core import QgsApplication
from support.export_files import ogr_records, read_kmz

from basestation_mapper.plugin.core.tables import region_column, split_total
from basestation_mapper.plugin.demo import REQUIRED

pytestmark = pytest.mark.usefixtures("plugin")
ENGINE = {"importstations": "stations importer", "coverage": "coverage engine", "coveragestats": "coverage engine"}


def _missing():
    registry = QgsApplication.processingRegistry()
    return [a for a in REQUIRED if registry.algorithmById(f"basestationmapper:{a}") is None]


def _run_demo(out_dir, timeout=900):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "basestation_mapper.plugin.demo", "--output-dir", str(out_dir)],
                          capture_output=True, text=True, timeout=timeout, env=env, check=False)


def test_demo_says_which_algorithm_is_missing(tmp_path):
    missing = _missing()
    if not missing:
        pytest.skip("every algorithm of the pipeline is installed: nothing is missing")
    result = _run_demo(tmp_path / "out")
    assert result.returncode == 2, result.stdout + result.stderr
    for alg in missing:
        assert f"basestationmapper:{alg}" in result.stdout
    assert not (tmp_path / "out").exists()  # stops before writing anything


@pytest.mark.slow
def test_demo_runs_end_to_end(tmp_path):
    for alg in _missing():
        pytest.skip(f"needs basestationmapper:{alg} ({ENGINE.get(alg, 'exports')})")
    out = tmp_path / "demo output"
    result = _run_demo(out)
    assert result.returncode == 0, result.stdout + result.stderr
    stdout = result.stdout
    for step in range(1, 9):
        assert f"[{step}/8]" in stdout
    files = {name: out / name for name in ("basestation_mapper.gpkg", "coverage.kmz", "stations.csv",
                                           "statistics.csv", "statistics.xlsx", "coverage.tif", "report.pdf",
                                           "map.png")}
    for path in files.values():
        assert path.exists() and path.stat().st_size > 0, path
        assert str(path) in stdout

    stations, _ = ogr_records(files["basestation_mapper.gpkg"], "Stations (illustrative)")
    coverage, cov_geoms = ogr_records(files["basestation_mapper.gpkg"], "Coverage")
    stats, _ = ogr_records(files["basestation_mapper.gpkg"], "Coverage statistics")
    assert len(stations) > 300 and coverage and all(g for g in cov_geoms)
    csv_rows, _ = ogr_records(files["stations.csv"])
    assert len(csv_rows) == len(stations)
    assert sorted(r["station_id"] for r in csv_rows) == sorted(r["station_id"] for r in stations)
    kmz = read_kmz(files["coverage.kmz"])
    assert len(kmz["Stations (illustrative)"]) == len(stations) and len(kmz["Coverage"]) == len(coverage)
    with zipfile.ZipFile(files["coverage.kmz"]) as zf:
        assert "doc.kml" in zf.namelist()
    assert len(ogr_records(files["statistics.xlsx"])[0]) == len(stats)
    assert len(ogr_records(files["statistics.csv"])[0]) == len(stats)

    ds = gdal.Open(str(files["coverage.tif"]))
    band = ds.GetRasterBand(1)
    assert band.GetNoDataValue() is not None
    assert band.ComputeRasterMinMax(False)[1] >= 1

    import pandas as pd

    df = pd.DataFrame(stats)
    rows, total = split_total(df, "region")
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(files["report.pdf"])],
                                                            capture_output=True, text=True, check=True).stdout)[1])
    assert pages >= 2
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(files["report.pdf"]), "-"], capture_output=True,
                              text=True, check=True).stdout
        region_col = region_column(df, "region")
        for name in rows[region_col].dropna():
            assert str(name) in text, name
        assert f"{float(total['population']):,.0f}" in text
        assert f"{float(total['covered_pop']):,.0f}" in text
    # the printed per-province table carries the same total
    assert f"{float(total['population']):,.0f}" in stdout
