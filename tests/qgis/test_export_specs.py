"""Files written by the plugin checked against their format and against what other programs expect."""

from __future__ import annotations

import os
import stat

import numpy as np
import pandas as pd
from osgeo import gdal

from basestation_mapper.plugin.core.coverage import Grid
from basestation_mapper.plugin.core.terrain import Grid as TerrainGrid
from basestation_mapper.plugin.qgis_io import coverage_io as cio
from basestation_mapper.plugin.qgis_io import dem


def test_coverage_rasters_and_statistics_csv_get_the_usual_file_permissions(qgis_app, tmp_path):
    # written under a private temporary name (mode 0600) and moved into place, they stayed 0600: a
    # colleague (or a web server, a backup job) could not open the coverage raster or the CSV
    count = np.random.default_rng(5).integers(0, 4, (20, 30)).astype(np.uint16)
    table = pd.DataFrame({"region": ["평안남도", "TOTAL"], "population": [10.0, 10.0]})
    old = os.umask(0o022)
    try:
        paths = [cio.write_count_raster(count, Grid(300000.0, 4300000.0, 100.0, 100.0, 30, 20), "EPSG:32652",
                                        str(tmp_path / "coverage raster.tif")),
                 cio.write_csv(table, str(tmp_path / "statistics.csv")),
                 dem.write_count_raster(str(tmp_path / "in sight.tif"), count.astype(np.uint8),
                                        TerrainGrid(300000.0, 4300000.0, 100.0, 100.0, 30, 20, "EPSG:32652"))]
    finally:
        os.umask(old)
    for path in paths:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o644, path
    for path in (paths[0], paths[2]):
        assert gdal.Open(path).GetRasterBand(1).ReadAsArray().tolist() == count.tolist()
    assert pd.read_csv(paths[1])["region"].tolist() == ["평안남도", "TOTAL"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coverage raster.tif", "in sight.tif", "statistics.csv"]
