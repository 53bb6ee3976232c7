"""Re-ranking the detected candidates of a station layer in the background.

The decisions, confidences and feature vectors are read on the main thread (:func:`read_rerank_frame`:
three fields, no geometry); fitting the analyst's model and scoring the open candidates run in the task
on that plain table; the new scores go into the layer's edit buffer on the main thread when the task
ends (:func:`write_rerank_scores`: one undo step; a vector of detector 3.1 keeps the detector's confidence after
it, see :func:`..core.detect.rerank.rescored`). A canceled or failed run writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from qgis.core import QgsFeatureRequest, QgsVectorLayer

from ..core.detect.rerank import improves, parse_vector, rerank_frame, rescored
from ..core.stations import utc_now_iso
from ..i18n import tr
from ..qgis_io.values import plain_value
from .base import FunctionTask

#: the fields re-ranking reads
RERANK_FIELDS = ("status", "confidence", "features")


@dataclass
class RerankResult:
    #: new confidence of the open candidates, by feature id (empty when the order would be worse)
    scores: dict
    #: :func:`..core.detect.rerank.cross_validated_gain`'s measure
    gain: dict


def read_rerank_frame(layer: QgsVectorLayer) -> pd.DataFrame:
    """The status, confidence and feature vector of every feature of ``layer`` (edit buffer included),
    indexed by feature id: what the task learns from and scores. One read, no geometry."""
    names = layer.fields().names()
    present = [name for name in RERANK_FIELDS if name in names]
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes(present, layer.fields())
    index = [layer.fields().indexOf(name) for name in present]
    fids, rows = [], []
    for feat in layer.getFeatures(request):
        attrs = feat.attributes()
        fids.append(feat.id())
        rows.append([plain_value(attrs[i]) for i in index])
    return pd.DataFrame(rows, columns=present, index=pd.Index(fids, name="fid"))


def _usable_vector(text) -> bool:
    """Whether ``text`` is a feature vector re-ranking learns from (:func:`..core.detect.rerank.parse_vector`: the
    built-in detector's, whole or its hand-made part), not an ONNX model's one score or another detector's."""
    return parse_vector(text) is not None


def reviewed_detected(frame: pd.DataFrame) -> tuple[int, int]:
    """How many detected candidates of ``frame`` with a feature vector re-ranking learns from were accepted and
    rejected."""
    if "status" not in frame.columns or "features" not in frame.columns:
        return 0, 0
    status = frame["status"].astype(str)
    decided = status.isin(["confirmed", "rejected"])  # the open candidates' vectors are read in the task
    has = frame.loc[decided, "features"].map(_usable_vector).astype(bool)
    return int((has & (status[decided] == "confirmed")).sum()), int((has & (status[decided] == "rejected")).sum())


def rerank_task(frame: pd.DataFrame, description: str, on_done: Callable, on_error: Callable | None = None,
                on_cancel: Callable | None = None, min_reviewed: int = 6, only_if_better: bool = True) -> FunctionTask:
    """A task learning from the decisions of ``frame`` (:func:`read_rerank_frame`) and scoring its open
    candidates; ``on_done(RerankResult)`` on the main thread. With ``only_if_better`` an order that
    cross-validates no better than the detector's confidence (:func:`..core.detect.rerank.improves`) gives no
    scores."""

    def work(progress, check):
        scores, gain = rerank_frame(frame, min_reviewed=min_reviewed, progress=progress, check=check)
        if only_if_better and not improves(gain):
            return RerankResult({}, gain)
        return RerankResult({int(fid): round(float(v), 4) for fid, v in scores.items()}, gain)

    return FunctionTask(description, work, on_done=on_done, on_error=on_error, on_cancel=on_cancel)


def _detector_evidence(layer: QgsVectorLayer, fids, idx: int, features: int) -> pd.DataFrame:
    """The confidence and feature vector of the features ``fids`` of ``layer`` as they are (edit buffer
    included), indexed by feature id: what the re-rank of them read (a candidate edited since is not written)."""
    request = QgsFeatureRequest().setFilterFids(list(fids)).setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes([idx, features])
    ids, rows = [], []
    for feat in layer.getFeatures(request):
        attrs = feat.attributes()
        ids.append(feat.id())
        rows.append([plain_value(attrs[idx]), plain_value(attrs[features])])
    return pd.DataFrame(rows, columns=["confidence", "features"], index=pd.Index(ids, name="fid"))


def write_rerank_scores(layer: QgsVectorLayer, scores: dict) -> int:
    """Write ``scores`` (feature id → confidence) with their update time (UTC) into ``layer``'s edit buffer
    (one undo step) when it is being edited, else through its provider; return how many were written. A vector
    of detector 3.1 gets the detector's confidence after it (the confidence written over;
    :func:`..core.detect.rerank.rescored`), where its field holds it (a Shapefile's text is 254 characters at
    most): a second re-rank starts from the detector's confidence again, not from this one."""
    idx = layer.fields().indexFromName("confidence")
    if idx < 0 or not scores:
        return 0
    features = layer.fields().indexFromName("features")
    evidence = _detector_evidence(layer, scores, idx, features) if features >= 0 else pd.DataFrame()
    width = layer.fields().at(features).length() if features >= 0 else 0
    changes = {}
    for fid, values in rescored(evidence, scores).items():
        changes[fid] = {idx: values["confidence"]}
        text = values.get("features")
        if text is not None and (width <= 0 or len(text) <= width):
            changes[fid][features] = text
    stamp = layer.fields().indexFromName("updated_at")
    if stamp >= 0:
        now = utc_now_iso()
        for attrs in changes.values():
            attrs[stamp] = now
    if layer.isEditable():
        layer.beginEditCommand(tr("Re-rank candidates"))
        for fid, attrs in changes.items():
            # the update time is set above: QGIS's own update of it would read each feature back from the
            # provider (2 s for 2,000 candidates of a GeoPackage)
            layer.changeAttributeValues(fid, attrs, {}, True)
        layer.endEditCommand()
    elif not layer.dataProvider().changeAttributeValues(changes):
        return 0
    layer.triggerRepaint()
    return len(changes)
