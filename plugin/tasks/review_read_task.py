"""The review queue's read of a station layer (status, confidence, source, dates...) in a background QgsTask.

The layer is not touched in the task: a :class:`QgsVectorLayerFeatureSource` (made on the main thread, edit
buffer included) is iterated there, and the plain rows come back as a DataFrame indexed by feature id; with the
features' positions too when the review matches its queue to features numbered anew (deletions saved to a
Shapefile or a GeoJSON file, see ``ReviewPanel._reidentify``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
from qgis.core import QgsApplication, QgsFeatureRequest, QgsFields, QgsVectorLayer, QgsVectorLayerFeatureSource

from ..i18n import tr
from ..qgis_io.values import JsonFields, filled_features, plain_value
from .base import FunctionTask


def position_key(geom) -> str | None:
    """Where a feature is, as the review matches features numbered anew by (:func:`..core.review.renumbered`): its
    centroid as text of 9 significant digits (a GeoJSON file writes its coordinates back rounded); None without a
    geometry."""
    if geom is None or geom.isNull():
        return None
    point = geom.centroid().asPoint()
    return f"{point.x():.9g} {point.y():.9g}"


def read_rows(features, names: Sequence[str], index: Sequence[int], total: int = 0,
              progress: Callable[[float], None] | None = None,
              check: Callable[[], None] | None = None, positions: dict | None = None) -> pd.DataFrame:
    """The ``names`` fields (at ``index``) of ``features`` as a DataFrame indexed by feature id; with ``positions``
    (a dict), the features' :func:`position_key` put in it by feature id (the features read with their geometry)."""
    rows, fids = [], []
    step = max(total // 50, 200)
    for n, feat in enumerate(features):
        if n % step == 0:
            if check is not None:
                check()
            if progress is not None and total > 0:
                progress(min(n / total, 1.0))
        attrs = feat.attributes()
        rows.append([plain_value(attrs[i]) for i in index])
        fids.append(feat.id())
        if positions is not None:
            key = position_key(feat.geometry())
            if key is not None:
                positions[feat.id()] = key
    return pd.DataFrame(rows, columns=list(names), index=pd.Index(fids, name="fid"))


def queue_request(index: Sequence[int], geometry: bool = False) -> QgsFeatureRequest:
    """The fields at ``index``, no geometry (unless ``geometry``)."""
    request = QgsFeatureRequest().setSubsetOfAttributes(list(index))
    if not geometry:
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    return request


def queue_reader(layer: QgsVectorLayer, index: Sequence[int], geometry: bool = False) -> Callable[[], object]:
    """On the main thread: a function giving the features of ``layer`` as it stands now (edits included), the fields
    at ``index`` read (and the geometry with ``geometry``), in any thread; a GeoJSON property mixing numbers and
    text (NULL in QGIS) read through OGR."""
    source, fields = QgsVectorLayerFeatureSource(layer), QgsFields(layer.fields())
    json = JsonFields.of(layer, [fields.at(i).name() for i in index])
    request = queue_request(index, geometry)

    def features():  # a generator: the source lives while its features are read
        yield from filled_features(source.getFeatures(request), json, fields, request)

    return features


def start_read(layer: QgsVectorLayer, names: Sequence[str], index: Sequence[int],
               on_done: Callable[[pd.DataFrame], None], on_cancel: Callable[[], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None, positions: bool = False) -> FunctionTask:
    """Read ``layer``'s ``names`` fields in the task manager (call on the main thread: the layer is read as it is
    then); ``on_done(frame)`` in the task's ``finished()``, or with ``positions`` ``on_done((frame, {fid:
    position_key}))``; nothing applied when canceled."""
    features = queue_reader(layer, index, geometry=positions)
    total = max(layer.featureCount(), 0)
    names, index = list(names), list(index)

    def work(progress, check):
        where = {} if positions else None
        frame = read_rows(features(), names, index, total, progress, check, where)
        progress(1.0)
        return frame if where is None else (frame, where)

    task = FunctionTask(tr("Base Station Mapper: reading {layer} for review").format(layer=layer.name()), work,
                        on_done, on_error, on_cancel)
    QgsApplication.taskManager().addTask(task)
    return task
