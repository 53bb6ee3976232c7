"""Where the dock puts what it adds in the "Base Station Mapper" group: the stations stay drawn on top of the
imagery and the coverage fills, and a recomputed layer keeps the place and visibility the analyst gave it."""

from __future__ import annotations

import numpy as np
import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from support.coverage import west_east_scene
from support.detect_data import write_plain

from basestation_mapper.plugin.qgis_io.project import find_layer, plugin_group


def drawing_order():
    """Names of the project's layers as the canvas draws them, top first."""
    return [layer.name() for layer in QgsProject.instance().layerTreeRoot().layerOrder()]


def image(tmp_path, name, x0=500000.0):
    rng = np.random.default_rng(7)
    arr = rng.integers(0, 255, (3, 50, 50), dtype=np.uint8)
    return str(write_plain(tmp_path / f"{name}.tif", arr, (x0, 0.5, 0.0, 4300000.0, 0.0, -0.5), 32652))


def wait_coverage(section, timeout=30.0):
    from support.coverage import wait_for_coverage

    last = wait_for_coverage(section, timeout=timeout)
    assert not isinstance(last, Exception), last


def test_imagery_added_after_the_stations_goes_under_them(plugin, tmp_path):
    stations = plugin.dock.sections["stations"].new_layer(str(tmp_path / "stations.gpkg"))
    imagery = plugin.dock.sections["imagery"]
    assert imagery.add_file(image(tmp_path, "WV3_20190514_tile")) is not None
    assert imagery.add_file(image(tmp_path, "WV3_20210412_tile")) is not None
    assert drawing_order() == [stations.name(), "WV3_20190514_tile", "WV3_20210412_tile"]
    # a station layer made afterwards is drawn on top too
    later = plugin.dock.sections["stations"].new_layer(str(tmp_path / "later.gpkg"))
    assert drawing_order()[:2] == [later.name(), stations.name()]


def test_coverage_fills_go_under_the_station_points(plugin, tmp_path):
    pop, regions, stations = west_east_scene(tmp_path)
    root = QgsProject.instance().layerTreeRoot()
    node = root.findLayer(stations.id())
    plugin_group().insertLayer(0, stations)  # where New…, Import… and the sample put a station layer
    node.parent().removeChildNode(node)
    section = plugin.dock.sections["coverage"]
    section.live_check.setChecked(False)
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.raster_combo.setLayer(pop)
    section.run()
    wait_coverage(section)
    order = drawing_order()
    assert order[0] == stations.name(), order
    for name in ("Coverage", "Coverage per station", "Coverage overlap", "Best server"):
        assert order.index(name) > order.index(stations.name()), order
    section.runner.shutdown()


def test_a_recomputed_layer_keeps_its_place_and_visibility(plugin, tmp_path):
    pop, regions, stations = west_east_scene(tmp_path)
    section = plugin.dock.sections["coverage"]
    section.live_check.setChecked(False)
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.raster_combo.setLayer(pop)
    section.run()
    wait_coverage(section)
    group = plugin_group()
    # the analyst hides the overlap and drags the dissolved coverage to the bottom of the group
    group.findLayer(find_layer("Coverage overlap").id()).setItemVisibilityChecked(False)
    coverage_node = group.findLayer(find_layer("Coverage").id())
    group.insertChildNode(-1, coverage_node.clone())
    group.removeChildNode(coverage_node)
    names = [n.name() for n in group.children()]
    assert names[-1] == "Coverage"
    section.radius_spin.setValue(3000.0)
    section.run()
    wait_coverage(section)
    assert [n.name() for n in group.children()] == names
    assert not group.findLayer(find_layer("Coverage overlap").id()).itemVisibilityChecked()
    assert group.findLayer(find_layer("Coverage").id()).itemVisibilityChecked()
    assert [f["radius_m"] for f in find_layer("Coverage per station").getFeatures()] == [pytest.approx(3000.0)]
    section.runner.shutdown()


def test_toggle_dates_shows_each_date_over_the_other_imagery(plugin, tmp_path):
    """A basemap added first is drawn over the later images: Toggle dates takes it off the compared images,
    so each click shows one of the two dates on the map, then the other."""
    imagery = plugin.dock.sections["imagery"]
    basemap = imagery.add_file(image(tmp_path, "basemap"))
    old = imagery.add_file(image(tmp_path, "WV3_20190514_tile"))
    new = imagery.add_file(image(tmp_path, "WV3_20210412_tile"))
    elsewhere = imagery.add_file(image(tmp_path, "WV3_20200101_far", x0=600000.0))
    imagery.compare_a.setCurrentIndex(imagery.compare_a.findData(old.id()))
    imagery.compare_b.setCurrentIndex(imagery.compare_b.findData(new.id()))
    root = QgsProject.instance().layerTreeRoot()

    def on_top():
        """The image the canvas shows over the compared tiles: the first visible one that covers them."""
        return next(layer for layer in root.layerOrder()
                    if root.findLayer(layer.id()).isVisible() and layer.extent().intersects(old.extent()))

    shown = []
    for _ in range(3):
        QTest.mouseClick(imagery.toggle_button, Qt.MouseButton.LeftButton)
        shown.append(on_top())
    assert shown == [old, new, old]
    assert not root.findLayer(basemap.id()).isVisible()
    assert root.findLayer(elsewhere.id()).isVisible()  # it covers neither date: left as it was


def test_a_recomputed_coverage_stays_chosen_for_export_and_report(plugin, tmp_path):
    """The analyst ticks the coverage for export and picks the statistics for the report, then changes the
    radius: the Export section still points at the (recomputed) coverage and statistics."""
    pop, regions, stations = west_east_scene(tmp_path)
    section = plugin.dock.sections["coverage"]
    section.live_check.setChecked(False)
    section.station_combo.setLayer(stations)
    section.region_combo.setLayer(regions)
    section.raster_combo.setLayer(pop)
    section.run()
    wait_coverage(section)
    export = plugin.dock.sections["export"]
    export.set_layer_checked(find_layer("Coverage"))
    export.stats_combo.setLayer(find_layer("Coverage statistics"))
    section.radius_spin.setValue(3000.0)
    section.run()
    wait_coverage(section)
    assert [layer.name() for layer in export.checked_layers()] == ["Coverage"]
    stats = export.stats_combo.currentLayer()
    assert stats is not None and stats.name() == "Coverage statistics"
    (west,) = [f for f in stats.getFeatures() if f["region"] == "West"]
    assert west["covered_pop"] == pytest.approx(200 * np.pi * 9, rel=0.01)  # the recomputed numbers
    assert [f["radius_m"] for f in find_layer("Coverage per station").getFeatures()] == [pytest.approx(3000.0)]
    section.runner.shutdown()


def test_imagery_list_follows_a_renamed_layer(plugin, tmp_path):
    imagery = plugin.dock.sections["imagery"]
    layer = imagery.add_file(image(tmp_path, "WV3_20190514_tile"))
    layer.setName("Sinpo 2019")
    assert imagery.table.item(0, 1).text() == "Sinpo 2019"
    assert imagery.compare_a.currentText() == "2019-05-14 · Sinpo 2019"
