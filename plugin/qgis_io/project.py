"""Adding the plugin's layers to the project: all under one layer-tree group."""

from __future__ import annotations

from qgis.core import QgsLayerTreeGroup, QgsMapLayer, QgsProject

from ..constants import LAYER_GROUP_NAME


def plugin_group(project: QgsProject | None = None, create: bool = True) -> QgsLayerTreeGroup | None:
    """The "Base Station Mapper" group at the top of the layer tree (created when missing)."""
    project = project or QgsProject.instance()
    root = project.layerTreeRoot()
    group = root.findGroup(LAYER_GROUP_NAME)
    if group is None and create:
        group = root.insertGroup(0, LAYER_GROUP_NAME)
    return group


def add_layer(layer: QgsMapLayer, project: QgsProject | None = None, replace_name: bool = False,
              position: int = 0) -> QgsMapLayer:
    """Add ``layer`` to the project inside the plugin group.

    With ``replace_name`` an existing layer of the same name in the group is removed first
    (used for recomputed outputs such as coverage layers).
    """
    project = project or QgsProject.instance()
    group = plugin_group(project)
    if replace_name:
        for node in list(group.findLayers()):
            if node.layer() is not None and node.layer().name() == layer.name() and node.layer() is not layer:
                project.removeMapLayer(node.layer().id())
    project.addMapLayer(layer, False)
    group.insertLayer(position, layer)
    return layer


def find_layer(name: str, project: QgsProject | None = None) -> QgsMapLayer | None:
    """A layer of the plugin group by name (None when absent)."""
    group = plugin_group(project, create=False)
    if group is None:
        return None
    for node in group.findLayers():
        if node.layer() is not None and node.layer().name() == name:
            return node.layer()
    return None
