"""The dock's layer lists cut long layer names (a 320 px dock): their tooltip names the chosen layer in full,
with its source, and follows the choice."""

from __future__ import annotations

import numpy as np
from qgis.core import QgsProject, QgsRasterLayer
from qgis.gui import QgsMapLayerComboBox
from support.detect_data import write_plain

from basestation_mapper.plugin.qgis_io import station_layer as sl

LONG = "Koryolink and Kang Song NET towers surveyed in North Hamgyong province, spring 2024 field campaign"


def test_layer_lists_show_the_chosen_layer_in_full_in_their_tooltip(plugin, tmp_path):
    gpkg = str(tmp_path / "towers_north_hamgyong.gpkg")
    stations = sl.create_station_gpkg(gpkg, name=LONG)
    other = sl.create_memory_station_layer("scratch")
    project = QgsProject.instance()
    project.addMapLayers([stations, other])
    combo = plugin.dock.sections["stations"].layer_combo
    combo.setLayer(stations)
    lines = combo.toolTip().split("\n")
    assert LONG in lines and any(line.startswith(gpkg) for line in lines), lines

    combo.setLayer(other)
    assert LONG not in combo.toolTip() and "scratch" in combo.toolTip().split("\n")
    assert "temporary layer" in combo.toolTip()
    other.setName("scratch renamed")
    assert "scratch renamed" in combo.toolTip().split("\n")

    # every layer list of the dock, its description kept first
    target = plugin.dock.sections["detection"].detection.target_combo
    target.setLayer(stations)
    assert target.toolTip().split("\n") == ["Station layer receiving the candidates (empty: a new layer)", LONG,
                                            stations.publicSource()]
    lists = plugin.dock.findChildren(QgsMapLayerComboBox)
    assert len(lists) >= 10
    for each in lists:
        if each.currentLayer() is not None:
            assert each.currentLayer().name() in each.toolTip().split("\n"), each.objectName()


def test_a_removed_layer_is_said_in_the_tooltip_until_another_is_chosen(plugin, tmp_path):
    rng = np.random.default_rng(5)
    path = write_plain(tmp_path / "scene.tif", rng.integers(60, 200, size=(1, 64, 64), dtype=np.uint8),
                       (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5), 32652)
    first, second = QgsRasterLayer(str(path), "first scene"), QgsRasterLayer(str(path), "second scene")
    QgsProject.instance().addMapLayers([first, second])
    combo = plugin.dock.sections["detection"].detection.raster_combo
    combo.setLayer(first)
    assert "first scene" in combo.toolTip().split("\n") and str(path) in combo.toolTip()
    QgsProject.instance().removeMapLayer(first.id())
    assert combo.toolTip() == "The imagery layer 'first scene' was removed from the project: choose another layer " \
                              "in the list."
    combo.setLayer(second)
    assert combo.toolTip().split("\n") == ["second scene", str(path)]
