"""Tower detection: tiling, the built-in mast detector, NMS, re-ranking, evaluation, ONNX.

Pure numpy/scipy (rasterio for windowed reads, onnxruntime only when an ONNX model is used).
"""

from .evaluate import Evaluation, evaluate
from .mast import (
    DETECTOR_NAME,
    DETECTOR_VERSION,
    FEATURE_NAMES,
    Candidate,
    DetectorParams,
    confidence,
    detect_tile,
    model_inputs,
    nms,
    reduce,
    resolve_sun,
)
from .tiling import DetectionInputError, detect_array, detect_raster, iter_windows

__all__ = [
    "DETECTOR_NAME",
    "DETECTOR_VERSION",
    "FEATURE_NAMES",
    "Candidate",
    "DetectionInputError",
    "DetectorParams",
    "Evaluation",
    "confidence",
    "detect_array",
    "detect_raster",
    "detect_tile",
    "detector_label",
    "evaluate",
    "iter_windows",
    "model_inputs",
    "nms",
    "reduce",
    "resolve_sun",
]


def detector_label() -> str:
    """Name and version stored in the ``detector`` field of detected stations."""
    return f"{DETECTOR_NAME} {DETECTOR_VERSION}"
