"""The Stations section opens a station file chosen in a folder whose name holds '|' (Linux, macOS) or Hangul."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("folder", ["a|b", "분석 자료|2024"])
def test_open_layer_in_a_folder_holding_a_bar(plugin, tmp_path, folder):
    from osgeo import gdal

    src = tmp_path / "src.geojson"
    src.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A",'
                   '"technology":"3G"},"geometry":{"type":"Point","coordinates":[125.7,39]}}]}', encoding="utf-8")
    (tmp_path / folder).mkdir()
    gpkg = tmp_path / folder / "towers.gpkg"
    gdal.VectorTranslate(str(gpkg), str(src), format="GPKG", layerName="towers")
    layer = plugin.dock.sections["stations"].open_layer(str(gpkg))
    assert layer is not None and layer.isValid()
    assert layer.name() == "towers" and layer.featureCount() == 1
    assert next(layer.getFeatures())["name"] == "A"
