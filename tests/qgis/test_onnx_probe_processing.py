"""Processing `detect` with an ONNX_MODEL that does not fit the contract: the message names the model file and
what is wrong with its tensor, no traceback, nothing written."""

from __future__ import annotations

import numpy as np
import pytest
from qgis.core import QgsProcessingException

pytestmark = pytest.mark.usefixtures("provider")

onnx = pytest.importorskip("onnx", reason="onnx (test-only) is not installed")
pytest.importorskip("onnxruntime", reason="onnxruntime (test-only) is not installed")


def _model(path, in_shape=(1, 3, 64, 64), score=0.9):
    from onnx import TensorProto, helper

    node = helper.make_node("Constant", [], ["detections"], value=helper.make_tensor(
        "d", TensorProto.FLOAT, [1, 5], [8.0, 8.0, 24.0, 24.0, score]))
    graph = helper.make_graph([node], "m", [helper.make_tensor_value_info("image", TensorProto.FLOAT, list(in_shape))],
                              [helper.make_tensor_value_info("detections", TensorProto.FLOAT, [1, 5])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return str(path)


@pytest.mark.parametrize("kind, reason", [
    ("gray", "its input 'image' is [1, 1, 64, 64]; the detector gives it float32 [1, 3, H, W] (one RGB image)"),
    ("logits", "its scores run from 3.5 to 3.5, not probabilities in 0-1 (logits?): end the model with a sigmoid"),
])
def test_processing_says_what_is_wrong_with_the_model(qgis_processing, tmp_path, kind, reason):
    """A one-channel model was refused with onnxruntime's 'INVALID_ARGUMENT : Got invalid dimensions for input:
    image for the following indices index: 1 Got: 3 Expected: 1 Please fix either the inputs/outputs or the
    model.'; a model giving logits wrote its masts with confidence 1.0."""
    import processing
    from support.detect_data import write_plain

    raster = str(write_plain(tmp_path / "img.tif", np.full((3, 64, 64), 200, np.uint8),
                             (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5), 32652))
    model = _model(tmp_path / f"{kind}.onnx", (1, 1, 64, 64) if kind == "gray" else (1, 3, 64, 64),
                   3.5 if kind == "logits" else 0.9)
    out = tmp_path / "candidates.gpkg"
    with pytest.raises(QgsProcessingException) as info:
        processing.run("basestationmapper:detect", {"INPUT": raster, "ONNX_MODEL": model, "OUTPUT": str(out)})
    assert str(info.value) == f"ONNX_MODEL: {model} cannot be used: {reason}"
    assert not out.exists()


def test_processing_runs_a_model_that_fits(qgis_processing, tmp_path):
    import processing
    from support.detect_data import write_plain

    raster = str(write_plain(tmp_path / "img.tif", np.full((3, 64, 64), 200, np.uint8),
                             (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5), 32652))
    out = processing.run("basestationmapper:detect", {"INPUT": raster, "ONNX_MODEL": _model(tmp_path / "ok.onnx"),
                                                      "OUTPUT": "memory:"})["OUTPUT"]
    assert out.featureCount() == 1
    assert [round(f["confidence"], 3) for f in out.getFeatures()] == [0.9]
