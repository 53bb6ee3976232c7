"""Optional external detector: an ONNX object-detection model run with onnxruntime.

Contract of the model (documented in the README):

* **input**: one tensor ``float32 [1, 3, H, W]``, RGB scaled to 0-1 (bands chosen by their colour
  interpretation, a palette image read through its colours; a single-band image is repeated on
  the three channels; 16-bit imagery is stretched by its 2-98 % percentiles).
  ``H``/``W`` are read from the model when fixed, else 512 is used; the image is cut into
  ``H×W`` tiles (edge tiles padded with zeros).
* **output**: either one tensor ``[N, 5]`` (``x1, y1, x2, y2, score`` in tile pixels) or two
  tensors ``boxes [N, 4]`` and ``scores [N]`` (a leading batch dimension of 1 is accepted), told apart
  by their names (``boxes``, ``scores``) else by their shapes; other outputs (``labels``) are left
  aside. Scores are probabilities: a score outside 0-1 (logits) is refused.
* a mast is placed at the centre of its box; a centre outside its tile, or boxes scoring under the
  threshold, are dropped, then non-maximum suppression in metres as for the built-in detector.

A model that does not meet this (or cannot be loaded) raises :class:`OnnxModelError`, naming the file
and the tensor.

onnxruntime is imported only when a model is used; without it a clear message says how to
install it.
"""

from __future__ import annotations

import math
import os

import numpy as np

from ..messages import tr
from .mast import Candidate

ONNX_DETECTOR_NAME = "onnx"


class OnnxUnavailable(RuntimeError):
    """onnxruntime is not installed."""


class OnnxModelError(ValueError):
    """The model cannot be loaded or does not meet the contract: ``str`` names the file, :attr:`reason` says what
    is wrong (naming the tensor)."""

    def __init__(self, model_path, reason):
        self.path = str(model_path)
        self.reason = reason
        super().__init__(tr("ONNX model {file}: {reason}", file=os.path.basename(self.path), reason=reason))


#: a score this far outside 0-1 is not a probability (float rounding aside)
_SCORE_SLACK = 1e-3


def _shape_text(shape) -> str:
    return "[" + ", ".join(str(d) if d not in (None, "") else "?" for d in shape) + "]"


def load_session(model_path: str):
    try:
        import onnxruntime as ort
    except ImportError as exc:
        raise OnnxUnavailable(tr(
            "The ONNX model needs the Python package onnxruntime, which is not installed. Install it into the "
            "Python that QGIS uses (e.g. `{command}`) or use the built-in detector.",
            command="python3 -m pip install onnxruntime")) from exc
    if not os.path.isfile(str(model_path)):
        raise OnnxModelError(model_path, tr("the file does not exist"))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    try:
        session = ort.InferenceSession(str(model_path), sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime's own types: not an ONNX file, an operator it does not know
        raise OnnxModelError(model_path, tr("it cannot be loaded by onnxruntime: {error}",
                                            error=str(exc).strip())) from exc
    _check_contract(session, model_path)
    session.model_path = str(model_path)
    return session


def _check_contract(session, model_path) -> None:
    """The model takes one ``float32 [1, 3, H, W]`` image and gives outputs the detector can read."""
    inputs = session.get_inputs()
    if len(inputs) != 1:
        raise OnnxModelError(model_path, tr(
            "it takes {n} inputs ({names}); the detector gives it one image, float32 [1, 3, H, W]",
            n=len(inputs), names=", ".join(f"'{i.name}'" for i in inputs)))
    image = inputs[0]
    shape = list(image.shape)
    channels = shape[1] if len(shape) == 4 else None
    if len(shape) != 4 or (isinstance(channels, int) and channels != 3) \
            or (isinstance(shape[0], int) and shape[0] != 1):
        raise OnnxModelError(model_path, tr(
            "its input '{name}' is {shape}; the detector gives it float32 [1, 3, H, W] (one RGB image)",
            name=image.name, shape=_shape_text(shape)))
    if image.type != "tensor(float)":
        raise OnnxModelError(model_path, tr(
            "its input '{name}' is of type {type}; the detector gives it float32 (RGB in 0-1)",
            name=image.name, type=image.type))


def _to_rgb01(data: np.ndarray) -> np.ndarray:
    stack = data if data.ndim == 3 else data[None]
    rgb = stack[:3] if stack.shape[0] >= 3 else np.repeat(stack[:1], 3, axis=0)
    rgb = rgb.astype(np.float32)
    if stack.dtype == np.uint8:
        return rgb / 255.0
    lo, hi = np.percentile(rgb, (2, 98))
    return np.clip((rgb - lo) / max(hi - lo, 1e-6), 0, 1)


def _tile_size(session) -> tuple[int, int]:
    shape = session.get_inputs()[0].shape
    h = shape[2] if len(shape) == 4 and isinstance(shape[2], int) else 512
    w = shape[3] if len(shape) == 4 and isinstance(shape[3], int) else 512
    return h, w


def _parse_outputs(outputs, names=None, model_path="") -> tuple[np.ndarray, np.ndarray]:
    """``(boxes [N, 4], scores [N])`` of the model's outputs (named ``names``): one ``[N, 5]``, else ``boxes`` and
    ``scores`` by name, else by shape (other outputs, e.g. ``labels``, aside)."""
    arrays = [np.asarray(o) for o in outputs]
    names = list(names) if names is not None else [f"output {i}" for i in range(len(arrays))]

    def squeezed(a):
        # a leading batch dimension of 1
        return a[0] if a.ndim == 3 and a.shape[0] == 1 else a

    def said():
        return ", ".join(f"'{n}' {_shape_text(a.shape)}" for n, a in zip(names, arrays))

    def refuse():
        raise OnnxModelError(model_path, tr(
            "its outputs are {outputs}; the detector reads one [N, 5] (x1, y1, x2, y2, score) or boxes [N, 4] "
            "and scores [N]", outputs=said()))

    by_name = {n.lower(): a for n, a in zip(names, arrays)}
    if "boxes" in by_name and "scores" in by_name:
        boxes_a, scores_a = squeezed(by_name["boxes"]), by_name["scores"]
    else:
        fives = [a for a in arrays if squeezed(a).ndim == 2 and squeezed(a).shape[1] == 5]
        fours = [a for a in arrays if squeezed(a).ndim == 2 and squeezed(a).shape[1] == 4]
        if len(fives) == 1 and not fours:
            a = squeezed(fives[0]).astype(float)
            return a[:, :4], a[:, 4]
        if len(fours) != 1:
            refuse()
        boxes_a = squeezed(fours[0])
        rest = [a for a in arrays if a is not fours[0] and a.size == len(boxes_a)
                and np.issubdtype(a.dtype, np.floating)]
        if len(rest) != 1:  # no scores, or several (scores and labels told apart only by their names)
            refuse()
        scores_a = rest[0]
    if boxes_a.ndim != 2 or boxes_a.shape[1] != 4:
        refuse()
    scores_a = scores_a.reshape(-1)
    if len(boxes_a) != len(scores_a):
        raise OnnxModelError(model_path, tr("it returned {boxes} boxes but {scores} scores ({outputs})",
                                            boxes=len(boxes_a), scores=len(scores_a), outputs=said()))
    return boxes_a.astype(float), scores_a.astype(float)


def detect_onnx_tile(session, data: np.ndarray, transform, min_score: float = 0.5) -> list[Candidate]:
    """Run the model over one window (cut into model-sized tiles); candidates in map units."""
    rgb = _to_rgb01(data)
    th, tw = _tile_size(session)
    name = session.get_inputs()[0].name
    output_names = [o.name for o in session.get_outputs()]
    model_path = getattr(session, "model_path", "")
    gt = tuple(transform)
    out: list[Candidate] = []
    for r0 in range(0, rgb.shape[1], th):
        for c0 in range(0, rgb.shape[2], tw):
            tile = np.zeros((1, 3, th, tw), np.float32)
            part = rgb[:, r0:r0 + th, c0:c0 + tw]
            tile[0, :, :part.shape[1], :part.shape[2]] = part
            try:
                outputs = session.run(None, {name: tile})
            except Exception as exc:  # onnxruntime's own types: the model refuses the tile given it
                raise OnnxModelError(model_path, tr(
                    "it fails on a tile {shape} given to its input '{name}': {error}",
                    shape=_shape_text(tile.shape), name=name, error=str(exc).strip())) from exc
            boxes, scores = _parse_outputs(outputs, output_names, model_path)
            finite = scores[np.isfinite(scores)]
            if finite.size and (finite.min() < -_SCORE_SLACK or finite.max() > 1 + _SCORE_SLACK):
                raise OnnxModelError(model_path, tr(
                    "its scores run from {low:g} to {high:g}, not probabilities in 0-1 (logits?): end the model "
                    "with a sigmoid", low=float(finite.min()), high=float(finite.max())))
            for (x1, y1, x2, y2), score in zip(boxes, scores):
                if not math.isfinite(float(score)) or score < min_score:
                    continue
                cx, cy = (x1 + x2) / 2.0, (y1 + y2) / 2.0
                if not (0 <= cx < tw and 0 <= cy < th):
                    continue  # outside its tile: not a place in this image
                col = c0 + cx
                row = r0 + cy
                if row >= rgb.shape[1] or col >= rgb.shape[2]:
                    continue  # in the zero padding
                x = gt[0] + col * gt[1] + row * gt[2]
                y = gt[3] + col * gt[4] + row * gt[5]
                s = float(min(max(score, 0.0), 1.0))
                out.append(Candidate(x, y, s, (s,), float("nan"), float("nan"), x, y, None))
    return out


def detect_raster_onnx(path: str, model_path: str, min_score: float = 0.5, nms_radius_m: float = 25.0,
                       bounds_xy=None, progress=None, check=None, crs_wkt: str | None = None) -> list[Candidate]:
    """Run an ONNX model over a local raster window by window (see the module contract);
    ``crs_wkt`` is used instead of the file's CRS (see :func:`.tiling.plan_detection`)."""
    import rasterio
    from rasterio.windows import Window as RioWindow

    from .mast import nms
    from .tiling import (
        DetectionInputError,
        band_roles,
        check_crs,
        check_georeferenced,
        ground_scale,
        iter_windows,
        palette_of,
        raster_crs,
        window_transform,
    )

    session = load_session(model_path)
    th, tw = _tile_size(session)
    found: list[Candidate] = []
    with rasterio.open(path) as src:
        check_georeferenced(src, gcps_only=True)
        res = math.sqrt(abs(src.transform.a * src.transform.e - src.transform.b * src.transform.d))
        crs = raster_crs(src, crs_wkt)
        check_crs(crs.to_wkt() if crs else None, bool(crs and crs.is_geographic), None)
        check_georeferenced(src)
        # map units per ground metre (feet, Web Mercator): the pixel size and the NMS radius are metres
        try:
            unit_m = float(crs.linear_units_factor[1])
        except Exception:  # no linear unit rasterio knows
            unit_m = float("nan")
        if not (math.isfinite(unit_m) and unit_m > 0):
            raise DetectionInputError(tr("the raster CRS is in {units}, not a unit of length: reproject it to a "
                                         "projected CRS in metres", units=crs.linear_units or tr("unknown units")))
        scale = ground_scale(crs.to_wkt(), *(src.transform * (src.width / 2, src.height / 2)), unit_m)
        check_crs(crs.to_wkt(), False, res / scale)
        gt = src.transform.to_gdal()
        bounds = None
        if bounds_xy is not None:
            inv = ~src.transform
            corners = [inv * (x, y) for x in (bounds_xy[0], bounds_xy[2]) for y in (bounds_xy[1], bounds_xy[3])]
            cols, rows = zip(*corners)
            bounds = (int(min(cols)), int(min(rows)), math.ceil(max(cols)), math.ceil(max(rows)))
        # RGB by colour interpretation (a blue-green-red-NIR delivery), a palette through its colours
        bands = list(band_roles([ci.name for ci in src.colorinterp])[0])
        palette = palette_of(src, bands[0], src.nodata) if len(bands) == 1 else None
        windows = list(iter_windows(src.width, src.height, max(th, tw) * 4, max(th, tw) // 4, bounds))
        for i, win in enumerate(windows):
            if check is not None:
                check()
            data = src.read(bands, window=RioWindow(win.col, win.row, win.width, win.height))
            if palette is not None:
                data = np.moveaxis(np.asarray(palette, np.uint8)[data[0]][..., :3], 2, 0)
            found.extend(detect_onnx_tile(session, data, window_transform(gt, win), min_score))
            if progress is not None:
                progress((i + 1) / len(windows))
    return nms(found, nms_radius_m * scale)
