"""Re-rank on a layer whose decided candidates carry feature vectors the re-rank cannot use (an ONNX model's
one score, a vector of another length): the panel counts only those it learns from."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from qgis.core import QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from support.rerank import wait_rerank

from basestation_mapper.plugin.core.stations import default_record
from basestation_mapper.plugin.qgis_io import station_layer as sl
from basestation_mapper.plugin.qgis_io.imagery import write_candidates
from basestation_mapper.plugin.tasks.rerank_task import read_rerank_frame, reviewed_detected


def _rows(statuses, vector, detector):
    rng = np.random.default_rng(3)
    return [default_record(status=status, origin="detected", confidence=round(float(rng.random()), 4),
                           source="scene.tif", image_date="2020-03-01", detector=detector,
                           features=json.dumps(vector(i)), lon=125.5 + 0.0005 * i, lat=39.0 + 0.001 * len(statuses))
            for i, status in enumerate(statuses)]


def _hand(i):
    f = [0.4, 0.8, 30, 1, 0.4, 2, 0, 0.3, 0.2, 0.2, 1, 0, 2, 0, 0.3, 1, 1, 1, 1, 0, 0, 0.1]
    f[8] = 0.8 if i % 2 else 0.1
    return f


def test_decisions_on_vectors_it_cannot_use_are_not_counted(plugin, tmp_path, python_errors):
    """Six candidates confirmed and six rejected, found by an ONNX model (their vector is its one score), beside
    three decided candidates of the built-in detector: the panel counted the twelve, started the task, which
    failed, and then said 'Re-ranking needs at least 6 reviewed detected candidates, some accepted and some
    rejected: stations has 8 accepted and 7 rejected.', a count that contradicts its own refusal. The three it
    can learn from are counted, and the refusal is said at once."""
    layer = sl.create_station_gpkg(str(tmp_path / "stations.gpkg"), name="stations")
    QgsProject.instance().addMapLayer(layer)
    onnx = _rows(["confirmed"] * 6 + ["rejected"] * 6 + ["candidate"] * 4, lambda i: [0.87], "onnx model.onnx")
    built_in = _rows(["confirmed", "confirmed", "rejected", "candidate"], _hand, "mast-shadow 3.1")
    write_candidates(layer, pd.DataFrame(onnx + built_in))
    assert reviewed_detected(read_rerank_frame(layer)) == (2, 1)
    panel = plugin.dock.sections["detection"].detection
    panel.target_combo.setLayer(layer)
    before = {f.id(): f["confidence"] for f in layer.getFeatures()}
    QTest.mouseClick(panel.rerank_button, Qt.MouseButton.LeftButton)
    wait_rerank(panel)
    assert panel.status_label.text() == ("Re-ranking needs at least 6 reviewed detected candidates, some accepted "
                                         "and some rejected: stations has 2 accepted and 1 rejected.")
    assert {f.id(): f["confidence"] for f in layer.getFeatures()} == before
    assert not python_errors
