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
from support.export_files import ogr_records, read_kmz

from basestation_mapper.plugin.core.tables import region_column, split_total

pytestmark = pytest.mark.usefixtures("plugin")


def _run_demo(out_dir, timeout=900):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "basestation_mapper.plugin.demo", "--output-dir", str(out_dir)],
                          capture_output=True, text=True, timeout=timeout, env=env, check=False)


@pytest.mark.slow
def test_demo_runs_end_to_end(tmp_path):
    out = tmp_path / "demo output"
    result = _run_demo(out)
    assert result.returncode == 0, result.stdout + result.stderr
    stdout = result.stdout
    for step in range(1, 8):
        assert f"[{step}/7]" in stdout
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
    dissolved, _ = ogr_records(files["basestation_mapper.gpkg"], "Coverage by technology")
    assert {r["scenario"] for r in coverage} == {"min", "likely", "max"}
    assert len(kmz["Stations (illustrative)"]) == len(stations)
    assert len(kmz["Coverage by technology"]) == len(dissolved)
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
