"""The plugin's layers are drawn over the imagery the analyst added with QGIS's own tools (which QGIS puts at the
top of the layer tree, over the plugin group made earlier)."""

from __future__ import annotations

import numpy as np


def _raster(tmp_path, name):
    from qgis.core import QgsRasterLayer
    from support.detect_data import write_plain

    path = write_plain(tmp_path / f"{name}.tif", np.full((3, 20, 20), 90, np.uint8),
                       (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5), 32652)
    return QgsRasterLayer(str(path), name)


def _points(name, kind="Point"):
    from qgis.core import QgsVectorLayer

    return QgsVectorLayer(f"{kind}?crs=EPSG:32652", name, "memory")


def _top_names(project):
    return [node.name() for node in project.layerTreeRoot().children()]


def test_a_layer_the_plugin_adds_goes_over_imagery_added_since(qgis_new_project, tmp_path):
    from basestation_mapper.plugin.constants import LAYER_GROUP_NAME
    from basestation_mapper.plugin.qgis_io.project import add_layer

    project = qgis_new_project
    add_layer(_points("stations"))
    project.addMapLayer(_points("lines", "LineString"))  # the analyst's own vectors stay where they are
    project.addMapLayer(_points("roads"))
    project.addMapLayer(_raster(tmp_path, "ortho 2021"))  # as Layer › Add Raster Layer does: at the top
    assert _top_names(project) == ["ortho 2021", "roads", "lines", LAYER_GROUP_NAME]
    add_layer(_points("coverage", "Polygon"))
    assert _top_names(project) == [LAYER_GROUP_NAME, "ortho 2021", "roads", "lines"]
    group = project.layerTreeRoot().findGroup(LAYER_GROUP_NAME)
    assert [node.name() for node in group.children()] == ["stations", "coverage"]
    add_layer(_raster(tmp_path, "count raster"))  # a raster of the plugin moves nothing
    assert _top_names(project)[0] == LAYER_GROUP_NAME


def test_nothing_moves_under_a_custom_order_or_in_a_group_of_the_analyst(qgis_new_project, tmp_path):
    from basestation_mapper.plugin.constants import LAYER_GROUP_NAME
    from basestation_mapper.plugin.qgis_io.project import add_layer, keep_above_imagery

    project = qgis_new_project
    root = project.layerTreeRoot()
    add_layer(_points("stations"))
    ortho = _raster(tmp_path, "ortho")
    project.addMapLayer(ortho)
    mine = _points("my sites")
    project.addMapLayer(mine, False)
    root.addGroup("survey").addLayer(mine)
    assert not keep_above_imagery(mine) and _top_names(project) == ["ortho", LAYER_GROUP_NAME, "survey"]
    root.setHasCustomLayerOrder(True)
    add_layer(_points("coverage", "Polygon"))
    assert _top_names(project) == ["ortho", LAYER_GROUP_NAME, "survey"]
    root.setHasCustomLayerOrder(False)
    at_root = _points("at root")
    project.addMapLayer(at_root, False)
    root.addLayer(at_root)
    assert keep_above_imagery(at_root) and _top_names(project)[:2] == ["at root", "ortho"]
