"""The statistics CSV and the coverage count raster are written whole or not at all, never into a folder."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


def test_a_folder_named_as_the_file_is_refused_and_left_empty(qgis_app, tmp_path):
    """shutil.move put the temporary file inside a folder of the file's name, without a word."""
    from basestation_mapper.plugin.core.coverage import Grid
    from basestation_mapper.plugin.core.safe_write import ExportError
    from basestation_mapper.plugin.qgis_io import coverage_io as cio

    table = pd.DataFrame({"region": ["North", "TOTAL"], "covered_km2": [1.5, 1.5]})
    for name in ("stats.csv", "count.tif"):
        (tmp_path / name).mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        cio.write_csv(table, str(tmp_path / "stats.csv"))
    grid = Grid.covering(500000.0, 4300000.0, 500100.0, 4300100.0, 10.0)
    with pytest.raises(ExportError, match="is a folder"):
        cio.write_count_raster(np.ones((grid.height, grid.width)), grid, "EPSG:32652", str(tmp_path / "count.tif"))
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["count.tif", "stats.csv"]  # the two folders, empty

    written = cio.write_csv(table, str(tmp_path / "ok.csv"), bom=True)
    assert (tmp_path / "ok.csv").read_bytes().startswith(b"\xef\xbb\xbfregion,covered_km2\r\n") and written
