"""The ONNX model contract, probed with tiny models the test builds: outputs told apart by name or shape, boxes
placed in their tile, scores that are probabilities, and a model that does not fit said by its file and tensor."""

from __future__ import annotations

import numpy as np
import pytest

from basestation_mapper.plugin.core.detect.onnx_model import OnnxModelError, detect_raster_onnx

onnx = pytest.importorskip("onnx", reason="onnx (test-only, .ci/requirements-dev.txt) is not installed")
pytest.importorskip("onnxruntime", reason="onnxruntime (test-only) is not installed")

from onnx import TensorProto, helper  # noqa: E402

GT = (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5)


def _const(name, dtype, dims, values):
    return helper.make_node("Constant", [], [name], value=helper.make_tensor(name + "_v", dtype, dims, values))


def constant_model(path, dets, outputs=("detections",), in_shape=(1, 3, 64, 64), in_name="image",
                   in_type=TensorProto.FLOAT, labels=None):
    """A model giving the same detections (``[x1, y1, x2, y2, score]`` rows) on any tile: ``outputs`` names them
    ``detections`` ([N, 5]) or ``boxes``/``scores``/``labels`` in that order (any order given)."""
    n = len(dets)
    nodes, infos = [], []
    for name in outputs:
        if name == "detections":
            nodes.append(_const(name, TensorProto.FLOAT, [n, 5], [float(v) for d in dets for v in d]))
            infos.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [n, 5]))
        elif name == "boxes":
            nodes.append(_const(name, TensorProto.FLOAT, [n, 4], [float(v) for d in dets for v in d[:4]]))
            infos.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [n, 4]))
        elif name == "labels":
            nodes.append(_const(name, TensorProto.FLOAT, [n], [float(v) for v in labels]))
            infos.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [n]))
        else:
            nodes.append(_const(name, TensorProto.FLOAT, [n], [float(d[4]) for d in dets]))
            infos.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [n]))
    graph = helper.make_graph(nodes, "constant", [helper.make_tensor_value_info(in_name, in_type, list(in_shape))],
                              infos)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return str(path)


@pytest.fixture()
def raster(tmp_path):
    from support.detect_data import write_plain

    return str(write_plain(tmp_path / "img.tif", np.full((3, 64, 64), 200, np.uint8), GT, 32652))


def _placed(cands):
    return sorted((round(c.x, 1), round(c.y, 1), round(c.confidence, 3)) for c in cands)


@pytest.mark.parametrize("outputs", [("scores", "boxes"), ("boxes", "labels", "scores"),
                                     ("labels", "scores", "boxes")])
def test_boxes_and_scores_are_told_by_name_whatever_their_order(tmp_path, raster, outputs):
    """Outputs scores-then-boxes failed with numpy's 'cannot reshape array of size 2 into shape (4)'; a model
    giving boxes, labels, scores (torchvision's detectors) had its labels (class 1) taken as scores: every box
    kept with confidence 1.0."""
    dets = [[8, 8, 24, 24, 0.9], [30, 30, 40, 40, 0.2]]
    model = constant_model(tmp_path / "m.onnx", dets, outputs, labels=[1, 1])
    assert _placed(detect_raster_onnx(raster, model, 0.5, 5.0)) == [(500008.0, 4299992.0, 0.9)]


def test_a_box_centred_outside_its_tile_is_not_placed(tmp_path, raster):
    """A box outside the tile (negative coordinates) put a mast outside the image (x 499,985 west of its edge
    at 500,000)."""
    model = constant_model(tmp_path / "m.onnx", [[-40, -40, -20, -20, 0.9], [8, 8, 24, 24, 0.8]])
    assert _placed(detect_raster_onnx(raster, model, 0.5, 5.0)) == [(500008.0, 4299992.0, 0.8)]


def test_scores_outside_0_1_are_refused_naming_the_model(tmp_path, raster):
    """Logits were clamped: 4.5 became confidence 1.0, -2 dropped, MIN_CONFIDENCE compared with logits."""
    model = constant_model(tmp_path / "logits.onnx", [[8, 8, 24, 24, 4.5], [30, 30, 40, 40, -2.0]])
    with pytest.raises(OnnxModelError, match=r"logits\.onnx: its scores run from -2 to 4\.5, not probabilities"):
        detect_raster_onnx(raster, model, 0.5, 5.0)


def test_zero_detections_dynamic_size_and_any_input_name(tmp_path, raster):
    empty = constant_model(tmp_path / "empty.onnx", [], ("boxes", "scores"))
    assert detect_raster_onnx(raster, empty, 0.5, 5.0) == []
    dynamic = constant_model(tmp_path / "dyn.onnx", [[8, 8, 24, 24, 0.9]], in_shape=("N", 3, "H", "W"),
                             in_name="input.1")
    assert _placed(detect_raster_onnx(raster, dynamic, 0.5, 5.0)) == [(500008.0, 4299992.0, 0.9)]


@pytest.mark.parametrize("kind, message", [
    ("one_channel", r"one_channel\.onnx: its input 'image' is \[1, 1, 64, 64\]; the detector gives it float32 "
                    r"\[1, 3, H, W\]"),
    ("uint8", r"uint8\.onnx: its input 'image' is of type tensor\(uint8\)"),
    ("no_batch", r"no_batch\.onnx: its input 'image' is \[3, 64, 64\]"),
    ("six", r"six\.onnx: its outputs are 'detections' \[2, 6\]; the detector reads one \[N, 5\]"),
    ("corrupt", r"corrupt\.onnx: it cannot be loaded by onnxruntime"),
    ("missing", r"missing\.onnx: the file does not exist"),
])
def test_a_model_that_does_not_fit_is_said_by_its_file_and_tensor(tmp_path, raster, kind, message):
    """These raised onnxruntime's own exceptions ('[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Got invalid
    dimensions for input: image ...') or numpy's ('cannot reshape array of size 12 into shape (5)'); a [5, 6]
    output was read as 6 boxes of garbage."""
    path = tmp_path / f"{kind}.onnx"
    dets = [[8, 8, 24, 24, 0.9]]
    if kind == "one_channel":
        constant_model(path, dets, in_shape=(1, 1, 64, 64))
    elif kind == "uint8":
        constant_model(path, dets, in_type=TensorProto.UINT8)
    elif kind == "no_batch":
        constant_model(path, dets, in_shape=(3, 64, 64))
    elif kind == "six":
        graph = helper.make_graph([_const("detections", TensorProto.FLOAT, [2, 6], [0.5] * 12)], "six",
                                  [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, 64, 64])],
                                  [helper.make_tensor_value_info("detections", TensorProto.FLOAT, [2, 6])])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
        model.ir_version = 8
        onnx.save(model, str(path))
    elif kind == "corrupt":
        path.write_bytes(b"not an onnx model")
    with pytest.raises(OnnxModelError, match=message) as info:
        detect_raster_onnx(raster, str(path), 0.5, 5.0)
    assert "Traceback" not in str(info.value)
