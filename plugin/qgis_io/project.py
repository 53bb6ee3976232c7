"""Adding the plugin's layers to the project: all under one layer-tree group, drawn in a useful order."""

from __future__ import annotations

from qgis.core import QgsLayerTree, QgsLayerTreeGroup, QgsMapLayer, QgsProject, QgsVectorLayer, QgsWkbTypes

from ..constants import LAYER_GROUP_NAME


def plugin_group(project: QgsProject | None = None, create: bool = True) -> QgsLayerTreeGroup | None:
    """The "Base Station Mapper" group at the top of the layer tree (created when missing)."""
    project = project or QgsProject.instance()
    root = project.layerTreeRoot()
    group = root.findGroup(LAYER_GROUP_NAME)
    if group is None and create:
        group = root.insertGroup(0, LAYER_GROUP_NAME)
    return group


def drawing_rank(layer: QgsMapLayer) -> int:
    """Where a layer belongs in the group, top first: tables, points (stations), lines, polygons (coverage
    fills), then rasters (imagery, count rasters): a new image never hides the stations."""
    if isinstance(layer, QgsVectorLayer):
        if not layer.isSpatial():
            return 0
        return {QgsWkbTypes.GeometryType.PointGeometry: 1,
                QgsWkbTypes.GeometryType.LineGeometry: 2}.get(layer.geometryType(), 3)
    return 4


def group_position(group: QgsLayerTreeGroup, layer: QgsMapLayer, below_same_kind: bool = False) -> int:
    """Index in ``group`` for a new ``layer``: above the layers of its kind (below them with
    ``below_same_kind``) and below the kinds drawn over it (see :func:`drawing_rank`)."""
    rank = drawing_rank(layer)
    for index, node in enumerate(group.children()):
        other = node.layer() if QgsLayerTree.isLayer(node) else None
        if other is None or other is layer:
            continue
        other_rank = drawing_rank(other)
        if other_rank > rank or (other_rank == rank and not below_same_kind):
            return index
    return len(group.children())


def add_layer(layer: QgsMapLayer, project: QgsProject | None = None, replace_name: bool = False,
              below_same_kind: bool = False) -> QgsMapLayer:
    """Add ``layer`` to the project inside the plugin group, at its place by kind (:func:`group_position`).

    With ``replace_name`` an existing layer of the same name in the group is replaced (used for
    recomputed outputs such as coverage layers): the new one takes its place and its visibility.
    """
    project = project or QgsProject.instance()
    group = plugin_group(project)
    replaced = []
    if replace_name:
        replaced = [node for node in group.findLayers()
                    if node.layer() is not None and node.layer().name() == layer.name() and node.layer() is not layer]
    project.addMapLayer(layer, False)
    old = replaced[0] if replaced else None
    if old is not None and old.parent() is not None:
        parent = old.parent()
        node = parent.insertLayer(parent.children().index(old), layer)
        node.setItemVisibilityChecked(old.itemVisibilityChecked())
    else:
        group.insertLayer(group_position(group, layer, below_same_kind), layer)
    for node in replaced:
        project.removeMapLayer(node.layer().id())
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
