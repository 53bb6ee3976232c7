"""The detection task: the detector over an imagery layer and extent, in the background.

Everything the work function needs is read on the main thread (file path, a clone of the
raster provider, extent, parameters); it returns plain data (:class:`DetectionResult`).
The candidates are written to the station layer only in ``on_done`` (main thread), so a
canceled or failed run leaves the layer untouched.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsDistanceArea,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
)

from ..core.detect import DetectionInputError, DetectorParams, detect_raster, detector_label
from ..core.detect.mast import Candidate
from ..i18n import LocaleNumber, number, tr, translated
from ..qgis_io.imagery import (
    ImageryError,
    ProviderReader,
    image_date_of,
    is_length_projected,
    local_path,
    pixel_metres,
    placed_by_gcps,
)
from ..qgis_io.station_layer import WGS84
from .base import FunctionTask

#: Ground resolution at which web imagery is read for the detector (m); a local raster in degrees is read at its
#: own pixel size unless a resolution is given.
DEFAULT_RESOLUTION_M = 0.5

#: The most pixels one search reads through a QGIS provider (40,000 x 40,000).
MAX_READ_PIXELS = 40000 * 40000


class ExtentTooLarge(ImageryError):
    """The area to search is too large to read at the ground resolution (``resolution`` m): ``width`` x
    ``height`` pixels, more than :data:`MAX_READ_PIXELS`."""

    def __init__(self, message: str, resolution: float, width: int = 0, height: int = 0):
        super().__init__(message)
        self.resolution = resolution
        self.width = width
        self.height = height

    def resolution_to_fit(self) -> float:
        """The finest ground resolution (m, rounded up to 0.1 m) at which the same area fits in one search."""
        scale = math.sqrt(self.width * self.height / MAX_READ_PIXELS)
        return math.ceil(self.resolution * scale * 10.0 + 1e-9) / 10.0


@dataclass
class DetectionResult:
    candidates: list[Candidate]
    crs_authid: str
    source: str
    image_date: str | None
    detector: str
    pixels: int = 0
    #: How the imagery was read (web layers and rasters in degrees: the ground resolution and CRS).
    notes: list[str] = field(default_factory=list)
    #: What the analyst should know about the run (e.g. an area too small to verify shadows near its edges).
    warnings: list[str] = field(default_factory=list)

    @property
    def crs(self) -> QgsCoordinateReferenceSystem:
        return QgsCoordinateReferenceSystem(self.crs_authid) if self.crs_authid.startswith("EPSG:") else \
            QgsCoordinateReferenceSystem.fromWkt(self.crs_authid)


def extent_over_layer(layer, extent: QgsRectangle, extent_crs: QgsCoordinateReferenceSystem,
                      transform_context=None) -> tuple[QgsRectangle, QgsCoordinateReferenceSystem]:
    """The part of ``extent`` over ``layer``: as given when it lies within the layer, else cut to
    the layer's extent (in the layer's CRS). Raises :class:`ImageryError` when they do not overlap.

    Web layers and rasters in degrees are read over the extent itself at a ground resolution: an
    extent around a small image (or the whole world) would be read whole, or refused as too large.
    """
    if not layer.crs().isValid() or not extent_crs.isValid():
        return extent, extent_crs
    context = transform_context if transform_context is not None else QgsProject.instance().transformContext()
    try:
        box = QgsCoordinateTransform(extent_crs, layer.crs(), context).transformBoundingBox(extent)
    except QgsCsException:
        return extent, extent_crs
    inside = box.intersect(layer.extent())
    if inside.isEmpty():
        raise ImageryError(tr("The search extent does not overlap the imagery layer '{name}'.").format(
            name=layer.name()))
    return (extent, extent_crs) if inside == box else (inside, layer.crs())


def with_the_day(layer, params: DetectorParams, image_date: str | None, extent: QgsRectangle | None = None,
                 extent_crs: QgsCoordinateReferenceSystem | None = None) -> tuple[DetectorParams, list[str]]:
    """With the sun searched and the imagery dated, ``params`` with the day and place (the centre of the area
    searched, in WGS84) whose sky bounds the suns looked along (:attr:`DetectorParams.sun_day`), and the note
    that says so; as given otherwise (no note)."""
    from dataclasses import replace

    from ..core.detect.sun import day_sky

    if params.sun_azimuth is not None or params.sun_day is not None or not image_date:
        return params, []
    if extent is not None and not extent.isEmpty():
        area, crs = extent, extent_crs or layer.crs()
    else:
        area, crs = layer.extent(), layer.crs()
    try:
        centre = QgsCoordinateTransform(crs, WGS84, QgsProject.instance()).transform(area.center())
    except QgsCsException:
        return params, []
    sky = day_sky(round(centre.y(), 4), round(centre.x(), 4), image_date)
    if sky is None:
        return params, []
    note = tr("Sun searched among the azimuths the sun takes on {date} there ({arc}).").format(
        date=image_date, arc=_arc_text(sky))
    return replace(params, sun_day=(round(centre.y(), 4), round(centre.x(), 4), image_date)), [note]


def _arc_text(sky: tuple) -> str:
    """The azimuths of a day's sky as one arc, '98-262°' (clockwise from its first azimuth)."""
    on = [a for a in range(360) if sky[a]]
    starts = [a for a in on if not sky[(a - 1) % 360]]
    first = starts[0] if starts else 0
    last = max(((a - first) % 360 for a in on), default=0)
    return f"{first}-{(first + last) % 360}°"


def prepare_detection(layer, extent: QgsRectangle | None = None, extent_crs: QgsCoordinateReferenceSystem | None = None,
                      params: DetectorParams | None = None, resolution: float | None = None, workers: int = 2,
                      model_path: str | None = None):
    """Return ``work(progress, check) -> DetectionResult`` for ``layer`` (main thread only).

    Local rasters in a projected CRS in metres are read window by window with rasterio at
    their own resolution; web layers and rasters in degrees are read through a clone of the
    QGIS provider, reprojected to the UTM zone of the extent at ``resolution`` metres (None: a local
    raster at its own pixel size on the ground, a web layer at :data:`DEFAULT_RESOLUTION_M`). An area
    too large to read so raises :class:`ExtentTooLarge`.
    """
    if layer is None:
        raise ImageryError(tr("Choose a valid imagery layer."))
    if not layer.isValid():
        raise ImageryError(invalid_layer_reason(layer))
    if not layer.crs().isValid():
        raise ImageryError(tr("The imagery layer has no coordinate reference system: georeference it first."))
    params = params or DetectorParams()
    source = layer.name()
    image_date = image_date_of(layer)
    params, day_notes = with_the_day(layer, params, image_date, extent, extent_crs)
    path = local_path(layer)
    extent_crs = extent_crs or layer.crs()
    bounds = None
    if extent is not None and not extent.isEmpty():
        extent, extent_crs = extent_over_layer(layer, extent, extent_crs)
        box = QgsCoordinateTransform(extent_crs, layer.crs(), QgsProject.instance()).transformBoundingBox(extent)
        bounds = (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())
    warnings = small_area_warnings(layer, QgsRectangle(*bounds) if bounds else layer.extent(), params)
    layer_wkt = layer.crs().toWkt()  # the CRS QGIS has for the layer (set there for a file without one)
    # a file placed by ground control points only is read as QGIS shows it, warped, at its own pixel size
    gcps = placed_by_gcps(path)
    if gcps and model_path:
        raise ImageryError(tr("{name} is placed by ground control points only: warp it (gdalwarp, or Raster > "
                              "Projections > Warp) to use an ONNX model.").format(name=os.path.basename(path)))
    if path and model_path:
        from ..core.detect.onnx_model import ONNX_DETECTOR_NAME, detect_raster_onnx

        def work_onnx(progress, check):
            cands = detect_raster_onnx(path, model_path, params.min_confidence, params.nms_radius_m, bounds,
                                       progress, check, crs_wkt=layer_wkt)
            return DetectionResult(cands, layer.crs().authid() or layer.crs().toWkt(), source, image_date,
                                   f"{ONNX_DETECTOR_NAME} {os.path.basename(os.fspath(model_path))}")
        return work_onnx
    if path and not gcps and is_length_projected(layer.crs()) and resolution is None:
        crs_id = layer.crs().authid() or layer.crs().toWkt()
        px = layer.width() * layer.height()

        def work(progress, check):
            try:
                cands = detect_raster(path, params, bounds, workers=workers, progress=progress, check=check,
                                      crs_wkt=layer_wkt)
            except DetectionInputError as exc:  # named by its file, as the layer may be named otherwise
                raise ImageryError(f"{os.path.basename(path)}: {translated(exc)}") from exc
            return DetectionResult(cands, crs_id, source, image_date, detector_label(), px, notes=list(day_notes),
                                   warnings=warnings)
        return work
    if resolution is None and path is not None:
        # a local raster read as QGIS shows it (in degrees, in another unit, placed by ground control points): at
        # its own pixel size on the ground (0.5 m made a 0.3 m image coarser, a 2 m image 16 times the pixels)
        own = pixel_metres(layer)
        resolution = min(5.0, max(0.1, round(own, 3))) if own and math.isfinite(own) else None
    reader = ProviderReader(layer, extent if extent is not None and not extent.isEmpty() else layer.extent(),
                            resolution or DEFAULT_RESOLUTION_M,
                            extent_crs=extent_crs if extent is not None and not extent.isEmpty() else layer.crs())
    if reader.width * reader.height > MAX_READ_PIXELS:
        raise ExtentTooLarge(tr("The area to search is {width} × {height} pixels at {resolution:g} m, more than the "
                                "{limit} pixels one search reads.").format(
            width=number(reader.width, count=True), height=number(reader.height, count=True),
            resolution=LocaleNumber(reader.resolution), limit=number(MAX_READ_PIXELS, count=True)),
            reader.resolution, reader.width, reader.height)
    crs_id = reader.target_crs.authid()

    def work_provider(progress, check):
        cands = reader.detect(params, progress, check, workers=workers)
        found_warnings = list(warnings)
        if reader.windows_read and reader.windows_empty == reader.windows_read:
            found_warnings.append(tr("No imagery could be read from {name} over the search extent (a web layer "
                                     "offline or unreachable, or no imagery there): nothing was searched.").format(
                name=source))
        notes = [tr("Imagery read at {resolution:g} m in {crs}.").format(resolution=LocaleNumber(reader.resolution),
                                                                                crs=crs_id)]
        if gcps:
            notes.append(tr("{name} is placed by ground control points only: it was read as QGIS warps it.").format(
                name=os.path.basename(path)))
        return DetectionResult(cands, crs_id, source, image_date, detector_label(), reader.width * reader.height,
                               notes + day_notes, found_warnings)
    return work_provider


def invalid_layer_reason(layer) -> str:
    """Why QGIS cannot read the imagery layer ``layer`` (invalid): its file is missing, or its source unreadable."""
    from ..qgis_io.sources import missing_file

    # the file as QGIS reads the source (a path holding '|' whole; of a zip member the zip, of a GeoPackage's raster
    # table 'GPKG:file:table' the file)
    path = missing_file(layer)
    if path:
        return tr("its file {path} cannot be found: repair it in the Layers panel (right-click it › Repair Data "
                  "Source…), or add the file again.").format(path=path)
    return tr("QGIS cannot read this layer (its source is not valid: {source}); repair or remove it in the Layers "
              "panel.").format(source=layer.publicSource())


def searched_size_m(layer, box: QgsRectangle) -> tuple[float, float]:
    """Ground width and height (m, on the ellipsoid) of ``box`` in ``layer``'s CRS, across its middle."""
    da = QgsDistanceArea()
    da.setSourceCrs(layer.crs(), QgsProject.instance().transformContext())
    da.setEllipsoid("EPSG:7030")  # WGS 84
    box = box.intersect(layer.extent())
    cx, cy = box.center().x(), box.center().y()
    width = da.measureLine(QgsPointXY(box.xMinimum(), cy), QgsPointXY(box.xMaximum(), cy))
    height = da.measureLine(QgsPointXY(cx, box.yMinimum()), QgsPointXY(cx, box.yMaximum()))
    return width, height


def small_area_warnings(layer, box: QgsRectangle, params: DetectorParams) -> list[str]:
    """A warning when the area searched is narrower than a longest shadow with the ground around it
    (masts near its edges then cannot be verified: the detector needs that margin)."""
    width, height = searched_size_m(layer, box)
    need = params.max_shadow_m + 2.0 * params.context_m()
    if not (math.isfinite(width) and math.isfinite(height)) or min(width, height) >= need:
        return []
    return [tr("The area searched is only {w:.0f} × {h:.0f} m: a shadow of up to {s:.0f} m and the ground around "
               "it need about {need:.0f} m, so masts near its edges cannot be verified (search a larger "
               "extent).").format(w=LocaleNumber(width), h=LocaleNumber(height), s=LocaleNumber(params.max_shadow_m),
                                need=LocaleNumber(need))]


def detect_task(layer, on_done, on_error=None, on_cancel=None, **kwargs) -> FunctionTask:
    """A cancelable QgsTask running the detector (see :func:`prepare_detection`)."""
    work = prepare_detection(layer, **kwargs)
    return FunctionTask(tr("Detecting towers in {name}").format(name=layer.name()), work, on_done=on_done,
                        on_error=on_error, on_cancel=on_cancel)


def finite(value: float) -> bool:
    return value is not None and math.isfinite(value)
