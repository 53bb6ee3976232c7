"""Adding the plugin's layers to the project: all under one layer-tree group, drawn in a useful order."""

from __future__ import annotations

import json
import re

from qgis.core import (
    NULL,
    QgsFeature,
    QgsGeometry,
    QgsLayerTree,
    QgsLayerTreeGroup,
    QgsMapLayer,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDateTime, Qt, QTime

from ..constants import LAYER_GROUP_NAME
from .values import plain_value

#: Element of a layer's project XML holding the features of a memory layer of the plugin group.
MEMORY_FEATURES_TAG = "basestation_mapper_features"
#: At most this many feature ids skipped (features deleted) are re-created to keep the ids of a memory layer.
_MAX_ID_GAPS = 100_000


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


def move_into_plugin_group(layer: QgsMapLayer, project: QgsProject | None = None) -> None:
    """Move a layer QGIS has put in the layer tree (a Processing output it loaded) into the plugin group,
    at its place by kind (:func:`group_position`)."""
    project = project or QgsProject.instance()
    node = project.layerTreeRoot().findLayer(layer.id())
    group = plugin_group(project)
    if node is None or group is None or node.parent() is group:
        return
    visible = node.itemVisibilityChecked()
    parent = node.parent()
    group.insertLayer(group_position(group, layer), layer).setItemVisibilityChecked(visible)
    if parent is not None:
        parent.removeChildNode(node)
    hold_memory_layer(layer, project)


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
    if isinstance(layer, QgsVectorLayer) and layer.isSpatial():
        keep_above_imagery(layer, project)
    hold_memory_layer(layer, project)
    return layer


def keep_above_imagery(layer: QgsMapLayer, project: QgsProject | None = None) -> bool:
    """Draw ``layer`` (stations, candidates, coverage) over the rasters the analyst added with QGIS's own tools.

    QGIS puts a new raster at the top of the layer tree, over the plugin group made earlier: the candidates a run
    found in that image, or the coverage computed next, were drawn under it and never seen. The top-level node
    holding ``layer`` (the plugin group, or the layer itself at the root of the tree) is moved just above the
    highest top-level node holding a raster drawn over it. Nothing moves for a layer inside a group of the
    analyst's own, nor when the project has a custom drawing order. Returns whether it moved."""
    project = project or QgsProject.instance()
    root = project.layerTreeRoot()
    node = root.findLayer(layer.id()) if layer is not None else None
    if node is None or root.hasCustomLayerOrder() or isinstance(layer, QgsRasterLayer):
        return False
    top = node
    while top.parent() is not None and top.parent() is not root:
        top = top.parent()
    if top.parent() is not root or (top is not node and top is not plugin_group(project, create=False)):
        return False
    children = root.children()
    index = children.index(top)

    def holds_raster(child) -> bool:
        found = child.findLayers() if QgsLayerTree.isGroup(child) else [child]
        return any(isinstance(n.layer(), QgsRasterLayer) for n in found if QgsLayerTree.isLayer(n))

    above = next((i for i, child in enumerate(children[:index]) if holds_raster(child)), None)
    if above is None:
        return False
    moved = top.clone()
    root.insertChildNode(above, moved)
    root.removeChildNode(top)
    return True


def update_or_add(layer: QgsMapLayer, project: QgsProject | None = None, features: list | None = None) -> QgsMapLayer:
    """A recomputed output (coverage, statistics): the memory layer of that name in the group gets the new
    features in place, so that what points at it stays (the Export section's choices, the analyst's style,
    its place and visibility); when there is none, or it differs (fields, geometry, CRS) or is being edited,
    ``layer`` replaces it (:func:`add_layer` with ``replace_name``). ``features``: the new features, not yet in
    ``layer`` (a memory layer), which gets them only when it replaces the old one (else they are copied out of it).
    Returns the layer in the project."""
    old = find_layer(layer.name(), project)
    if (isinstance(old, QgsVectorLayer) and isinstance(layer, QgsVectorLayer) and old is not layer
            and old.providerType() == "memory" and not old.isEditable()
            and old.fields().names() == layer.fields().names() and old.wkbType() == layer.wkbType()
            and old.crs() == layer.crs()):
        provider = old.dataProvider()
        provider.truncate()
        provider.addFeatures(list(layer.getFeatures()) if features is None else list(features))
        for key in layer.customPropertyKeys():
            old.setCustomProperty(key, layer.customProperty(key))
        old.updateExtents()
        old.dataChanged.emit()
        old.triggerRepaint()
        return old
    if features is not None:
        layer.dataProvider().addFeatures(list(features))
        layer.updateExtents()
    return add_layer(layer, project, replace_name=True)


def find_layer(name: str, project: QgsProject | None = None) -> QgsMapLayer | None:
    """A layer of the plugin group by name (None when absent)."""
    group = plugin_group(project, create=False)
    if group is None:
        return None
    for node in group.findLayers():
        if node.layer() is not None and node.layer().name() == name:
            return node.layer()
    return None


# -- memory layers saved with the project ------------------------------------------------------------
#: The custom property telling QGIS not to warn, as a project closes, that the features of a memory layer will be
#: lost: those of the plugin group are saved in the project file by the plugin (while it is loaded).
SKIP_MEMORY_CHECK = "skipMemoryLayersCheck"


def hold_memory_layer(layer, project: QgsProject | None = None) -> None:
    """A memory layer of the plugin group: QGIS's "temporary scratch layers … will be permanently lost" question
    as the project closes (or QGIS quits) is not asked for it, its features being saved with the project."""
    if _plugin_memory_layer(layer, project):
        layer.setCustomProperty(SKIP_MEMORY_CHECK, 1)


def plugin_memory_layers(project: QgsProject | None = None) -> list:
    """The memory layers of the plugin group."""
    group = plugin_group(project, create=False)
    layers = [node.layer() for node in group.findLayers()] if group is not None else []
    return [layer for layer in layers if _plugin_memory_layer(layer, project)]


def hold_memory_layers(project: QgsProject | None = None) -> None:
    """:func:`hold_memory_layer` for each memory layer of the plugin group (the plugin loaded with a project open)."""
    for layer in plugin_memory_layers(project):
        layer.setCustomProperty(SKIP_MEMORY_CHECK, 1)


def release_memory_layers(project: QgsProject | None = None) -> None:
    """The plugin unloaded: its memory layers are no longer saved with the project, and QGIS warns of their loss
    again as the project closes."""
    for layer in plugin_memory_layers(project):
        layer.removeCustomProperty(SKIP_MEMORY_CHECK)


def _strip_skip_check(element) -> None:
    """The project file keeps no :data:`SKIP_MEMORY_CHECK` (opened without the plugin, the layer's features would be
    lost unsaid): the plugin sets it again as it reads the layer."""
    properties = element.firstChildElement("customproperties")
    stack = [properties] if not properties.isNull() else []
    while stack:
        parent = stack.pop()
        child = parent.firstChildElement()
        while not child.isNull():
            following = child.nextSiblingElement()
            if SKIP_MEMORY_CHECK in (child.attribute("name"), child.attribute("key")):
                parent.removeChild(child)
            else:
                stack.append(child)
            child = following

def _plugin_memory_layer(layer, project: QgsProject | None = None) -> bool:
    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "memory":
        return False
    group = plugin_group(project, create=False)
    return group is not None and group.findLayer(layer.id()) is not None


def _json_value(value):
    """An attribute as JSON: dates and times as Qt's ISO text, which keeps a time's milliseconds and its
    time spec (local, UTC or an offset), read back as the same value by the field's conversion."""
    if isinstance(value, (QDateTime, QTime)):
        return value.toString(Qt.DateFormat.ISODateWithMs) if value.isValid() else None
    value = plain_value(value)
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


def write_memory_features(layer, element, document, project: QgsProject | None = None) -> bool:
    """Store the features of a memory layer of the plugin group (the sample's stations, detected candidates,
    coverage results) in its element of the project file: QGIS saves a memory layer's fields, not its data.
    The layer's saved features are stored (its edit buffer, like any layer's, is not)."""
    if not _plugin_memory_layer(layer, project):
        return False
    provider = layer.dataProvider()
    names = provider.fields().names()
    features = []
    for feat in provider.getFeatures():
        geom = feat.geometry()
        wkb = bytes(geom.asWkb()).hex() if geom is not None and not geom.isNull() else None
        features.append([feat.id(), wkb, [_json_value(v) for v in feat.attributes()]])
    _strip_skip_check(element)
    node = document.createElement(MEMORY_FEATURES_TAG)
    node.setAttribute("version", "1")
    node.appendChild(document.createTextNode(json.dumps({"fields": names, "features": features},
                                                        ensure_ascii=False)))
    element.appendChild(node)
    return True


def read_memory_features(layer, element) -> int:
    """Put back the features :func:`write_memory_features` stored (same ids where it can); returns how many."""
    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "memory":
        return 0
    node = element.firstChildElement(MEMORY_FEATURES_TAG)
    if node.isNull():
        return 0
    layer.setCustomProperty(SKIP_MEMORY_CHECK, 1)  # (see hold_memory_layer)
    provider = layer.dataProvider()
    if provider.featureCount():  # already holds data: nothing to put back
        return 0
    try:
        data = json.loads(node.text())
        names, rows = list(data["fields"]), list(data["features"])
    except (ValueError, KeyError, TypeError):
        return 0
    fields = provider.fields()
    index = [fields.indexOf(name) for name in names]
    rows.sort(key=lambda row: row[0])
    ids = [int(row[0]) for row in rows]
    gaps = (ids[-1] - len(ids)) if ids else 0
    keep_ids = bool(ids) and ids[0] >= 1 and gaps <= _MAX_ID_GAPS
    features, placeholders, expected = [], [], 1
    for fid, wkb, values in rows:
        if keep_ids:
            while expected < fid:  # a deleted feature's id: a placeholder, removed below
                placeholders.append(len(features))
                features.append(QgsFeature(fields))
                expected += 1
            expected += 1
        feat = QgsFeature(fields)
        attributes = [NULL] * fields.count()
        for i, value in zip(index, values):
            if i >= 0 and value is not None:
                attributes[i] = value
        feat.setAttributes(attributes)
        if wkb:
            geom = QgsGeometry()
            geom.fromWkb(bytes.fromhex(wkb))
            feat.setGeometry(geom)
        features.append(feat)
    ok, added = provider.addFeatures(features)
    if not ok:
        return 0
    if placeholders:
        provider.deleteFeatures([added[i].id() for i in placeholders])
    layer.updateExtents()
    return len(rows)


# -- a project opened while the plugin was not loaded ------------------------------------------------
#: Dynamic Qt property (never saved) set on the layers whose project XML the plugin has read or written: a memory
#: layer of the plugin group without it was read from the project file while the plugin was not loaded.
_SEEN_PROPERTY = "basestation_mapper_seen"


def mark_seen(layer) -> None:
    """``layer`` went through the plugin's hooks as the project was read or written (see
    :func:`restore_unread_features`)."""
    if isinstance(layer, QgsMapLayer):
        layer.setProperty(_SEEN_PROPERTY, True)


def _project_document(path: str):
    """The XML of the project file ``path`` (a .qgs, or the .qgs inside a .qgz), None when it cannot be read."""
    import os
    import zipfile

    from qgis.PyQt.QtXml import QDomDocument

    if not path or not os.path.isfile(path):
        return None
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if n.lower().endswith(".qgs")]
                if not names:
                    return None
                data = archive.read(names[0])
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except (OSError, zipfile.BadZipFile, KeyError):
        return None
    document = QDomDocument()
    parsed = document.setContent(data)
    ok = parsed[0] if isinstance(parsed, tuple) else bool(parsed)
    return document if ok else None


def restore_unread_features(project: QgsProject | None = None) -> list:
    """The plugin loaded (enabled in the Plugin Manager) with a project open that QGIS read without it: the memory
    layers of the plugin group came up empty (QGIS reads a memory layer's fields, not the features the plugin stored
    with it). Their features are read from the project file as it was saved. Only a layer still empty and never seen
    by the plugin (see :func:`mark_seen`) is filled: one emptied since, or filled anew, is left as it is. Every layer
    is then marked seen. Returns the layers filled."""
    project = project or QgsProject.instance()
    group = plugin_group(project, create=False)
    layers = [node.layer() for node in group.findLayers()] if group is not None else []
    unread = {layer.id(): layer for layer in layers
              if _plugin_memory_layer(layer, project) and not layer.property(_SEEN_PROPERTY)
              and not layer.dataProvider().featureCount()}
    filled = []
    document = _project_document(project.fileName()) if unread else None
    if document is not None:
        elements = document.elementsByTagName("maplayer")
        for i in range(elements.count()):
            element = elements.item(i).toElement()
            layer = unread.get(element.firstChildElement("id").text())
            if layer is not None and read_memory_features(layer, element):
                layer.triggerRepaint()
                filled.append(layer)
    for layer in project.mapLayers().values():
        mark_seen(layer)
    return filled


# -- the sample's files, wherever the plugin is installed ---------------------------------------------
def sample_path(path: str) -> str:
    """A path of a file of the plugin's sample as a project stored it (relative to the project, or absolute: the
    plugin folder of the profile, machine or version that saved it) made the path of that file in this plugin:
    a project of the sample moved, copied or opened on another machine finds its provinces and places. Any other
    path is returned as it is."""
    try:
        text = str(path)
        if "sample" not in text:
            return path
        match = _SAMPLE_PATH.search(text)
        if match is None:
            return path
        from ..constants import SAMPLE_DIR

        local = SAMPLE_DIR / match.group("name")
        if not local.is_file():
            return path
        return str(local) + (match.group("rest") or "")
    except Exception:  # a path QGIS reads: never an error here
        return path


_SAMPLE_PATH = re.compile(
    r"(?:^|[/\\])basestation_mapper[/\\]resources[/\\]sample[/\\](?P<name>[^/\\|?]+)(?P<rest>\|.*)?$")


def repair_sample_layers(project: QgsProject | None = None) -> list:
    """Layers of the sample left unavailable (a project of the sample moved or copied, then opened while the plugin
    was not loaded: QGIS could not follow their paths) pointed at the sample's files in this plugin. Returns the
    layers repaired."""
    from qgis.core import QgsDataProvider

    project = project or QgsProject.instance()
    repaired = []
    for layer in project.mapLayers().values():
        if layer.isValid() or layer.providerType() != "ogr":
            continue
        source = layer.source()
        local = sample_path(source)
        if local == source:
            continue
        layer.setDataSource(local, layer.name(), layer.providerType(), QgsDataProvider.ProviderOptions())
        if layer.isValid():
            repaired.append(layer)
    return repaired


def install_sample_paths() -> str:
    """Have QGIS read the sample's paths with :func:`sample_path`; returns the id to remove it with."""
    from qgis.core import QgsPathResolver

    return QgsPathResolver.setPathPreprocessor(sample_path)


def remove_sample_paths(preprocessor_id: str) -> None:
    from qgis.core import QgsPathResolver

    if preprocessor_id:
        QgsPathResolver.removePathPreprocessor(preprocessor_id)
