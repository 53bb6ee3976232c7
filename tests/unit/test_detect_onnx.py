"""The optional ONNX detector, with a tiny model the test builds itself."""

from __future__ import annotations

import numpy as np
import pytest

from basestation_mapper.plugin.core.detect.onnx_model import detect_onnx_tile, detect_raster_onnx, load_session

onnx = pytest.importorskip("onnx", reason="onnx (test-only, .ci/requirements-dev.txt) is not installed")
pytest.importorskip("onnxruntime", reason="onnxruntime (test-only) is not installed")


def _model(path, two_outputs=False):
    """image [1,3,64,64] -> one box (8,8)-(24,24) scored by the image's mean brightness."""
    from onnx import TensorProto, helper

    nodes = [
        helper.make_node("ReduceMean", ["image"], ["mean"], axes=[1, 2, 3], keepdims=0),
        helper.make_node("Reshape", ["mean", "shape11"], ["score2d"]),
        helper.make_node("Constant", [], ["box"], value=helper.make_tensor("b", TensorProto.FLOAT, [1, 4],
                                                                          [8.0, 8.0, 24.0, 24.0])),
        helper.make_node("Constant", [], ["shape11"], value=helper.make_tensor("s", TensorProto.INT64, [2], [1, 1])),
    ]
    if two_outputs:
        nodes.append(helper.make_node("Reshape", ["mean", "shape1"], ["scores"]))
        nodes.append(helper.make_node("Constant", [], ["shape1"],
                                      value=helper.make_tensor("s1", TensorProto.INT64, [1], [1])))
        nodes.append(helper.make_node("Identity", ["box"], ["boxes"]))
        outputs = [helper.make_tensor_value_info("boxes", TensorProto.FLOAT, [1, 4]),
                   helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1])]
    else:
        nodes.append(helper.make_node("Concat", ["box", "score2d"], ["detections"], axis=1))
        outputs = [helper.make_tensor_value_info("detections", TensorProto.FLOAT, [1, 5])]
    # constants must come before their use
    order = [n for n in nodes if n.op_type == "Constant"] + [n for n in nodes if n.op_type != "Constant"]
    graph = helper.make_graph(order, "tiny", [helper.make_tensor_value_info("image", TensorProto.FLOAT,
                                                                             [1, 3, 64, 64])], outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


@pytest.mark.parametrize("two_outputs", [False, True])
def test_tiny_model_contract(tmp_path, two_outputs):
    session = load_session(str(_model(tmp_path / "tiny.onnx", two_outputs)))
    gt = (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5)
    bright = np.full((3, 64, 128), 230, np.uint8)  # two model tiles side by side
    cands = detect_onnx_tile(session, bright, gt, min_score=0.5)
    assert len(cands) == 2
    xs = sorted(c.x for c in cands)
    assert xs == pytest.approx([500000 + 16 * 0.5, 500000 + (64 + 16) * 0.5])
    assert all(c.y == pytest.approx(4300000 - 16 * 0.5) for c in cands)
    assert all(c.confidence == pytest.approx(230 / 255, abs=1e-3) for c in cands)
    dark = np.full((1, 64, 64), 40, np.uint8)  # single band: repeated on the three channels
    assert detect_onnx_tile(session, dark, gt, min_score=0.5) == []


def test_onnx_over_a_raster(tmp_path):
    from support.detect_data import write_plain

    model = _model(tmp_path / "tiny.onnx")
    arr = np.full((3, 100, 100), 220, np.uint8)
    raster = write_plain(tmp_path / "img.tif", arr, (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5), 32652)
    cands = detect_raster_onnx(str(raster), str(model), min_score=0.5, nms_radius_m=5.0)
    assert cands and all(0.8 < c.confidence < 0.9 for c in cands)


def test_clear_message_without_onnxruntime(monkeypatch):
    import builtins

    from basestation_mapper.plugin.core.detect.onnx_model import OnnxUnavailable

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "onnxruntime":
            raise ImportError("No module named 'onnxruntime'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(OnnxUnavailable, match="pip install onnxruntime"):
        load_session("model.onnx")


def _red_model(path):
    """image [1,3,64,64] -> one box (8,8)-(24,24) scored by the mean of channel 0 (red) alone."""
    from onnx import TensorProto, helper

    def const(name, dtype, dims, values):
        return helper.make_node("Constant", [], [name], value=helper.make_tensor(name + "_v", dtype, dims, values))

    nodes = [
        const("start", TensorProto.INT64, [1], [0]), const("end", TensorProto.INT64, [1], [1]),
        const("axis", TensorProto.INT64, [1], [1]), const("shape11", TensorProto.INT64, [2], [1, 1]),
        const("box", TensorProto.FLOAT, [1, 4], [8.0, 8.0, 24.0, 24.0]),
        helper.make_node("Slice", ["image", "start", "end", "axis"], ["red"]),
        helper.make_node("ReduceMean", ["red"], ["mean"], axes=[1, 2, 3], keepdims=0),
        helper.make_node("Reshape", ["mean", "shape11"], ["score2d"]),
        helper.make_node("Concat", ["box", "score2d"], ["detections"], axis=1),
    ]
    graph = helper.make_graph(nodes, "red", [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, 64, 64])],
                              [helper.make_tensor_value_info("detections", TensorProto.FLOAT, [1, 5])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return str(path)


@pytest.mark.parametrize("layout", ["bgrn", "nrgb", "palette"])
def test_onnx_model_gets_rgb_whatever_the_band_order(tmp_path, layout):
    """The model is given RGB: a blue-green-red-NIR or NIR-first delivery (colour interpretation
    set in the file) was given its first three bands as they are stored, a palette raster its
    indices; a model looking at red saw blue, NIR or palette numbers."""
    import rasterio
    from rasterio.enums import ColorInterp
    from rasterio.transform import Affine

    model = _red_model(tmp_path / "red.onnx")
    red, other = np.full((1, 128, 128), 230, np.uint8), np.full((1, 128, 128), 20, np.uint8)
    profile = {"driver": "GTiff", "width": 128, "height": 128, "dtype": "uint8", "crs": "EPSG:32652",
               "transform": Affine.from_gdal(500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5)}
    path = str(tmp_path / f"{layout}.tif")
    if layout == "palette":
        with rasterio.open(path, "w", count=1, photometric="palette", **profile) as dst:
            dst.write(np.ones((1, 128, 128), np.uint8))
            dst.write_colormap(1, {0: (0, 0, 0, 255), 1: (230, 20, 20, 255)})
    else:
        if layout == "bgrn":
            bands, interp = [other, other, red, other], ["blue", "green", "red", "undefined"]
        else:
            bands, interp = [other, red, other, other], ["undefined", "red", "green", "blue"]
        with rasterio.open(path, "w", count=4, **profile) as dst:
            dst.write(np.concatenate(bands))
            dst.colorinterp = [getattr(ColorInterp, name) for name in interp]
    cands = detect_raster_onnx(path, model, min_score=0.5, nms_radius_m=5.0)
    assert cands and all(c.confidence == pytest.approx(230 / 255, abs=1e-3) for c in cands)


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")  # no CRS in the file, on purpose
def test_onnx_uses_the_crs_given_for_a_file_without_one(tmp_path):
    """A raster whose CRS was set in QGIS (none in the file): refused as having no CRS."""
    from osgeo import gdal, osr
    from support.detect_data import write_plain

    from basestation_mapper.plugin.core.detect import DetectionInputError

    model = _model(tmp_path / "tiny.onnx")
    raster = str(write_plain(tmp_path / "img.tif", np.full((3, 100, 100), 220, np.uint8),
                             (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5)))
    assert gdal.Open(raster).GetProjection() == ""
    with pytest.raises(DetectionInputError, match="no coordinate reference system"):
        detect_raster_onnx(raster, str(model))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    cands = detect_raster_onnx(raster, str(model), min_score=0.5, nms_radius_m=5.0, crs_wkt=srs.ExportToWkt())
    assert cands and all(0.8 < c.confidence < 0.9 for c in cands)


def test_onnx_measures_pixels_and_suppression_on_the_ground_in_a_crs_in_feet(tmp_path):
    """A 1 m image in a state plane in US feet (3.28 ft pixels) was refused as 'pixel size 3.28 m',
    a 2 m one as 6.56 m, and the NMS radius was taken in feet (25 ft: 7.6 m)."""
    import rasterio
    from rasterio.transform import Affine

    model = _model(tmp_path / "tiny.onnx")
    foot = 1200.0 / 3937.0
    for metres in (1.0, 2.0):
        px = metres / foot
        path = str(tmp_path / f"ortho_{metres:g}m_ftUS.tif")
        with rasterio.open(path, "w", driver="GTiff", width=128, height=64, count=3, dtype="uint8",
                           crs="EPSG:2238", transform=Affine.from_gdal(2000000.0, px, 0.0, 500000.0, 0.0, -px)) as dst:
            dst.write(np.full((3, 64, 128), 220, np.uint8))
        # one box per 64-pixel model tile: two candidates 64 pixels apart
        apart_m = 64 * metres
        kept = detect_raster_onnx(path, str(model), min_score=0.5, nms_radius_m=apart_m - 10.0)
        assert len(kept) == 2
        merged = detect_raster_onnx(path, str(model), min_score=0.5, nms_radius_m=apart_m + 10.0)
        assert len(merged) == 1
