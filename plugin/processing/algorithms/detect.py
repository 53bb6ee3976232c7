"""basestationmapper:detect — find lattice masts in imagery (candidates with the station schema)."""

from __future__ import annotations

import math
import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProperty,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ...core.detect import DetectionInputError, DetectorParams
from ...core.detect.mast import shadow_sun
from ...core.stations import FIELDS_BY_NAME
from ...i18n import LocaleNumber, number, tr, translated
from ...log import get_logger
from ...qgis_io.imagery import ImageryError, candidates_frame, sun_elevation_from_date
from ...qgis_io.station_layer import WGS84, frame_to_features, station_fields
from ...tasks.base import Canceled
from .. import dask_common
from ..base import BaseStationMapperAlgorithm, StagedOutputs, canceled, file_path, load_as_stations

LOG = get_logger("detect")

#: The coarsest RESOLUTION (m) web and unprojected imagery is read at (the parameter's maximum).
MAX_RESOLUTION = 5.0


def _blank(value) -> bool:
    """An unset optional value: None, a NULL variant or blank text."""
    return (value is None or (isinstance(value, QVariant) and value.isNull())
            or (isinstance(value, str) and not value.strip()))


class DetectAlgorithm(BaseStationMapperAlgorithm):
    ALGORITHM_ID = "detect"
    GROUP_ID = "detection"

    INPUT = "INPUT"
    EXTENT = "EXTENT"
    SUN_AZIMUTH = "SUN_AZIMUTH"
    SUN_FROM_METADATA = "SUN_FROM_METADATA"
    SUN_ELEVATION = "SUN_ELEVATION"
    MIN_CONFIDENCE = "MIN_CONFIDENCE"
    MIN_SHADOW = "MIN_SHADOW"
    MAX_SHADOW = "MAX_SHADOW"
    RESOLUTION = "RESOLUTION"
    ONNX_MODEL = "ONNX_MODEL"
    OUTPUT = "OUTPUT"

    def display_name(self) -> str:
        return tr("Detect towers in imagery")


    def help_text(self) -> str:
        return tr(
            "Finds lattice masts (base stations) in satellite or aerial imagery of about 0.3-1 m and writes "
            "them as candidate stations (status candidate, origin detected) for review.\n\n"
            "The built-in detector needs no training data: it looks for the long, thin, straight shadow of a "
            "mast (length = height / tan(sun elevation), pointing away from the sun), its compact base, and "
            "nearby solar panels and equipment shelter, and combines them into a confidence 0-1. The raster is "
            "processed in overlapping windows, so any size works with bounded memory.\n\n"
            "INPUT: raster layer (RGB, RGB-NIR, palette or a single band: 8 or 16 bit, or Float32 reflectance, "
            "0-1 or × 10,000). Local rasters in a projected CRS in metres "
            "or feet are read at their resolution (lengths in ground metres, Web Mercator's scale corrected); "
            "web layers (XYZ/WMS) and rasters in degrees are read at RESOLUTION metres in the UTM zone of the "
            "extent.\n"
            "EXTENT: optional area to search (default: the whole raster).\n"
            "SUN_AZIMUTH: optional, degrees clockwise from north; when empty it is searched over all angles "
            "(all shadows of a scene agree on one sun), on a layer with an acquisition date only among the azimuths "
            "the sun takes that day there.\n"
            "SUN_FROM_METADATA: with SUN_AZIMUTH empty, take the sun from the image metadata when they give it "
            "(the provider's sun azimuth, or the acquisition time in UTC at the image centre); default off.\n"
            "SUN_ELEVATION: optional, degrees above the horizon (10-80); when empty, the image metadata's when "
            "they give one, else the elevation of the sun at the shadows' azimuth on the layer's acquisition date "
            "(the sun passes an azimuth once a day). With it, each candidate's antenna_height_m is its mast's "
            "height told from its shadow (length × tan(elevation)) and its notes say so; without it, the default "
            "antenna height.\n"
            "MIN_CONFIDENCE: 0-1, default 0.5.\n"
            "MIN_SHADOW / MAX_SHADOW: shadow lengths searched, metres (default 8 and 100).\n"
            "ONNX_MODEL: optional object-detection model (.onnx) used instead of the built-in detector "
            "(needs onnxruntime; see the README for its input/output contract).\n"
            "OUTPUT: points (WGS84) with the full station schema: confidence, source (image), image_date, "
            "detector (name and version), features (JSON feature vector, used by re-ranking).\n\n"
            "Example: qgis_process run basestationmapper:detect -- INPUT=scene.tif MIN_CONFIDENCE=0.6 "
            "SUN_AZIMUTH=150 OUTPUT=candidates.gpkg"
        ) + "\n\n" + tr(
            "DASK_SCHEDULER (advanced): runs the windows on a Dask cluster, a scheduler address "
            "(tcp://host:8786) or local:N for N worker processes on this machine; empty runs here. Local "
            "rasters in a projected CRS in metres and the built-in detector only; the same candidates as on "
            "one machine. Needs the Python packages dask and distributed.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, tr("Imagery")))
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, tr("Search extent"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.SUN_AZIMUTH, tr("Sun azimuth (degrees from north; empty: searched)"),
            QgsProcessingParameterNumber.Type.Double, optional=True, minValue=0.0, maxValue=360.0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.SUN_FROM_METADATA, tr("Sun from the image metadata when no azimuth is given"), False))
        self.addParameter(QgsProcessingParameterNumber(
            self.SUN_ELEVATION, tr("Sun elevation (degrees above the horizon; tells the masts' heights from their "
                                   "shadows)"),
            QgsProcessingParameterNumber.Type.Double, optional=True, minValue=0.0, maxValue=90.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_CONFIDENCE, tr("Minimum confidence"), QgsProcessingParameterNumber.Type.Double, 0.5,
            minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_SHADOW, tr("Shortest shadow (m)"), QgsProcessingParameterNumber.Type.Double, 8.0,
            minValue=2.0, maxValue=500.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.MAX_SHADOW, tr("Longest shadow (m)"), QgsProcessingParameterNumber.Type.Double, 100.0,
            minValue=5.0, maxValue=500.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.RESOLUTION, tr("Ground resolution for web or unprojected imagery (m)"),
            QgsProcessingParameterNumber.Type.Double, 0.5, minValue=0.1, maxValue=MAX_RESOLUTION))
        self.addParameter(QgsProcessingParameterFile(
            self.ONNX_MODEL, tr("ONNX model (optional)"), extension="onnx", optional=True))
        dask_common.add_scheduler_parameter(self)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Detected towers"), QgsProcessing.SourceType.TypeVectorPoint))

    def _sun_azimuth(self, parameters, context) -> float | None:
        """SUN_AZIMUTH in degrees [0, 360), or None when it is not given (the sun is then searched).

        Empty text, NULL or an expression that evaluates to NULL mean "not given"; text that is not a
        number is refused (read as a number it would silently become a sun in the north)."""
        value = parameters.get(self.SUN_AZIMUTH)
        if isinstance(value, QgsProperty):
            value, _ok = value.value(context.expressionContext(), None)
        if _blank(value):
            return None
        try:
            azimuth = float(value)
        except (TypeError, ValueError):
            azimuth = math.nan
        if not math.isfinite(azimuth):
            raise QgsProcessingException(tr("SUN_AZIMUTH: '{value}' is not a number of degrees; leave it empty to "
                                            "search the sun.").format(value=value))
        return azimuth % 360.0

    def _sun_elevation(self, parameters, context, found, feedback) -> float | None:
        """SUN_ELEVATION in degrees, else the elevation of the image metadata's sun ``found`` (said in the log),
        else None; a sun outside the range heights are told under is said and not used."""
        from ...core.detect.sun import HEIGHT_ELEVATION_RANGE

        value = parameters.get(self.SUN_ELEVATION)
        if isinstance(value, QgsProperty):
            value, _ok = value.value(context.expressionContext(), None)
        low, high = HEIGHT_ELEVATION_RANGE
        if _blank(value):
            if found is None or found.elevation is None:
                return None
            if not low <= found.elevation <= high:
                feedback.pushInfo(tr("The image metadata give a sun elevation of {elevation:.1f}°: heights are told "
                                     "from shadows under a sun at {low:g}-{high:g}° only.").format(
                    elevation=LocaleNumber(found.elevation), low=LocaleNumber(low), high=LocaleNumber(high)))
                return None
            feedback.pushInfo(tr("Sun elevation {elevation:.1f}° from the image metadata: the candidates' heights "
                                 "are told from their shadows.").format(elevation=LocaleNumber(found.elevation)))
            return float(found.elevation)
        elevation = self.parameterAsDouble(parameters, self.SUN_ELEVATION, context)
        if not low <= elevation <= high:
            feedback.pushWarning(tr("SUN_ELEVATION {elevation:g}°: heights are told from shadows under a sun at "
                                    "{low:g}-{high:g}° only; the candidates have the default antenna height.").format(
                elevation=LocaleNumber(elevation), low=LocaleNumber(low), high=LocaleNumber(high)))
            return None
        return elevation

    def _elevation_unset(self, parameters, context) -> bool:
        """SUN_ELEVATION left empty (a value given out of range is not replaced by one from the date)."""
        value = parameters.get(self.SUN_ELEVATION)
        if isinstance(value, QgsProperty):
            value, _ok = value.value(context.expressionContext(), None)
        return _blank(value)

    def checkParameterValues(self, parameters, context):
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        try:
            self._sun_azimuth(parameters, context)
        except QgsProcessingException as exc:
            return False, str(exc)
        min_shadow = self.parameterAsDouble(parameters, self.MIN_SHADOW, context)
        max_shadow = self.parameterAsDouble(parameters, self.MAX_SHADOW, context)
        if max_shadow <= min_shadow:
            return False, tr("MAX_SHADOW must be longer than MIN_SHADOW.")
        model = self.parameterAsFile(parameters, self.ONNX_MODEL, context)
        if model and not os.path.isfile(model):
            return False, tr("ONNX_MODEL: {path} does not exist.").format(path=model)
        return True, ""

    def process(self, parameters, context, feedback):
        from ...core.detect.onnx_model import OnnxModelError
        from ...tasks.detect_task import ExtentTooLarge, prepare_detection

        # the candidates are written after the whole search: a folder that does not exist is said now
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context) or ""
        folder = os.path.dirname(file_path(output))
        if folder and not os.path.isdir(folder):
            raise QgsProcessingException(tr("OUTPUT: the folder {folder} does not exist.").format(folder=folder))

        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(tr("INPUT: the raster layer could not be loaded."))
        sun = self._sun_azimuth(parameters, context)
        from ...qgis_io.imagery import metadata_sun

        found = metadata_sun(layer)
        elevation = self._sun_elevation(parameters, context, found, feedback)
        if sun is None:
            if not self.parameterAsBoolean(parameters, self.SUN_FROM_METADATA, context):
                if found is not None:  # searched as asked, but say what the image knows
                    feedback.pushInfo(tr("The image metadata give a sun azimuth of {azimuth:.1f}° ({source}); "
                                         "SUN_FROM_METADATA uses it instead of the search.").format(
                        azimuth=LocaleNumber(found.azimuth), source=found.source))
            elif found is None:
                feedback.pushInfo(tr("The image metadata give no sun: it is searched."))
            else:
                sun = found.azimuth
                feedback.pushInfo(tr("Sun azimuth {azimuth:.1f}° from the image metadata ({source}).").format(
                    azimuth=LocaleNumber(found.azimuth), source=found.source))
        min_shadow = self.parameterAsDouble(parameters, self.MIN_SHADOW, context)
        max_shadow = self.parameterAsDouble(parameters, self.MAX_SHADOW, context)
        if max_shadow <= min_shadow:
            raise QgsProcessingException(tr("MAX_SHADOW must be longer than MIN_SHADOW."))
        params = DetectorParams(sun_azimuth=sun, min_confidence=self.parameterAsDouble(
            parameters, self.MIN_CONFIDENCE, context), min_shadow_m=min_shadow, max_shadow_m=max_shadow)
        extent = None
        extent_crs = None
        if not _blank(parameters.get(self.EXTENT)):
            extent = self.parameterAsExtent(parameters, self.EXTENT, context)
            extent_crs = self.parameterAsExtentCrs(parameters, self.EXTENT, context)
            if not extent_crs.isValid():
                extent_crs = layer.crs()
            from ...tasks.detect_task import extent_over_layer

            try:
                extent, extent_crs = extent_over_layer(layer, extent, extent_crs, context.transformContext())
            except ImageryError as exc:
                raise QgsProcessingException(f"EXTENT: {exc}") from exc
        model = self.parameterAsFile(parameters, self.ONNX_MODEL, context) or None
        if model and not os.path.isfile(model):
            raise QgsProcessingException(tr("ONNX_MODEL: {path} does not exist.").format(path=model))
        from ...qgis_io.imagery import is_length_projected, local_path

        resolution = None
        if local_path(layer) is None or not is_length_projected(layer.crs()):
            resolution = self.parameterAsDouble(parameters, self.RESOLUTION, context)
        spec = dask_common.scheduler_spec(self, parameters, context)
        if spec is not None and model:
            raise QgsProcessingException(tr("DASK_SCHEDULER runs the built-in detector: leave ONNX_MODEL or "
                                            "DASK_SCHEDULER empty."))
        try:
            def check():
                if feedback.isCanceled():
                    raise Canceled()

            if spec is not None:
                result = dask_common.detect_on_cluster(layer, extent, extent_crs, params, spec, feedback, check)
            else:
                work = prepare_detection(layer, extent, extent_crs, params, resolution, model_path=model)
                result = work(lambda f: feedback.setProgress(100.0 * f), check)
            check()  # canceled after the last window: still nothing is written
        except Canceled:
            feedback.reportError(tr("Canceled: nothing was written."))
            return {}
        except ExtentTooLarge as exc:
            raise QgsProcessingException(too_large_message(layer.name(), exc, extent is None)) from exc
        except OnnxModelError as exc:  # what is wrong with the model, naming its tensor
            raise QgsProcessingException(tr("ONNX_MODEL: {path} cannot be used: {error}").format(
                path=model, error=translated(exc.reason))) from exc
        except (ImageryError, DetectionInputError, ValueError, RuntimeError) as exc:
            raise QgsProcessingException(f"{layer.name()}: {translated(exc)}") from exc
        except Exception as exc:
            # onnxruntime reports a model it cannot load with its own exception types
            if model and type(exc).__module__.startswith("onnxruntime"):
                raise QgsProcessingException(tr("ONNX_MODEL: {path} cannot be used: {error}").format(
                    path=model, error=str(exc))) from exc
            raise
        for note in result.notes:
            feedback.pushInfo(note)
        for warning in result.warnings:
            feedback.pushWarning(warning)
        found_sun = shadow_sun(result.candidates) if params.sun_azimuth is None else None
        if elevation is None and self._elevation_unset(parameters, context):
            # the image's date and the sun azimuth tell it: the sun passes an azimuth once a day
            azimuth = params.sun_azimuth if params.sun_azimuth is not None else found_sun
            elevation = sun_elevation_from_date(result.candidates, result.crs, result.image_date, azimuth)
            if elevation is not None:
                feedback.pushInfo(tr("Sun elevation {elevation:.1f}°: as high as the sun stands at {azimuth:.0f}° on "
                                     "the image date ({date}); the candidates' heights are told from their "
                                     "shadows.").format(elevation=LocaleNumber(elevation),
                                                        azimuth=LocaleNumber(azimuth), date=result.image_date))
        frame = candidates_frame(result.candidates, result.crs, result.source, result.image_date, result.detector,
                                 sun_elevation=elevation)
        if elevation is None and not frame.empty and not model:
            feedback.pushInfo(tr("The candidates have the default antenna height ({height:g} m): give SUN_ELEVATION "
                                 "to tell their heights from their shadows.").format(
                height=LocaleNumber(FIELDS_BY_NAME["antenna_height_m"].default)))
        fields = station_fields()
        if file_path(output).lower().endswith((".xlsx", ".ods")):
            feedback.pushWarning(tr("A spreadsheet keeps no positions: the candidates are written without their "
                                    "coordinates. Write a .csv (X/Y columns) or a GeoPackage (.gpkg) to keep them."))
        if file_path(output).lower().endswith(".shp"):
            feedback.pushWarning(tr(
                "A Shapefile keeps field names of up to 10 characters and texts of up to 254: {fields} are "
                "renamed and the 'features' vector used by re-ranking is cut. Write a GeoPackage (.gpkg) to keep "
                "the station schema.").format(fields=", ".join(n for n in fields.names() if len(n) > 10)))
        # staged and moved into place at the end (a cancel while writing leaves no file), UTF-8, and a
        # CSV gets the points' lon/lat as X and Y columns: without them QGIS writes no position at all
        try:
            with StagedOutputs(self, parameters, context) as out:
                dest = out.sink(self.OUTPUT, fields, QgsWkbTypes.Type.Point, WGS84,
                                frame_to_features(frame, fields, WGS84) if not frame.empty else [], feedback)
                out.commit(feedback)
        except Canceled:
            return canceled(feedback)
        msg = tr("{n} candidate tower found in {name} (confidence >= {c:.2f})",
                 "{n} candidate towers found in {name} (confidence >= {c:.2f})", len(frame)).format(
            n=number(len(frame), count=True), name=layer.name(), c=LocaleNumber(params.min_confidence))
        feedback.pushInfo(msg)
        LOG.info(msg)
        if found_sun is not None:
            msg = tr("Sun searched: the shadows of the candidates point away from a sun at about {azimuth:.0f}° "
                     "(give SUN_AZIMUTH if the image shows another).").format(azimuth=LocaleNumber(found_sun))
            feedback.pushInfo(msg)
            LOG.info(msg)
        load_as_stations(context, dest)
        return {self.OUTPUT: dest}


def _km(metres: float) -> str:
    """A ground length in km: '12.5', '480', '2,004' (as QGIS writes numbers)."""
    km = metres / 1000.0
    return number(km, 1) if km < 10 else number(km, 0)


def too_large_message(name: str, exc, whole_layer: bool) -> str:
    """Why an area too large to read at RESOLUTION is refused, naming its size, and what to give instead: an EXTENT
    (a smaller one), or a coarser RESOLUTION when one up to :data:`MAX_RESOLUTION` would do."""
    from ...tasks.detect_task import MAX_READ_PIXELS

    need = exc.resolution_to_fit()
    values = {"name": name, "width_km": _km(exc.width * exc.resolution), "height_km": _km(exc.height * exc.resolution),
              "width": number(exc.width, count=True), "height": number(exc.height, count=True),
              "resolution": number(exc.resolution, None), "limit": number(MAX_READ_PIXELS, count=True),
              "need": number(need, None), "max": number(MAX_RESOLUTION, None)}
    if whole_layer and need <= MAX_RESOLUTION:
        text = tr("{name}: the whole layer (no EXTENT given), {width_km} × {height_km} km, is {width} × {height} "
                  "pixels at RESOLUTION {resolution} m, more than the {limit} pixels one search reads: give an "
                  "EXTENT around the area to search, or a RESOLUTION of {need} m or coarser.")
    elif whole_layer:
        text = tr("{name}: the whole layer (no EXTENT given), {width_km} × {height_km} km, is {width} × {height} "
                  "pixels at RESOLUTION {resolution} m, more than the {limit} pixels one search reads, even at the "
                  "coarsest RESOLUTION ({max} m): give an EXTENT around the area to search.")
    elif need <= MAX_RESOLUTION:
        text = tr("{name}: EXTENT, {width_km} × {height_km} km, is {width} × {height} pixels at RESOLUTION "
                  "{resolution} m, more than the {limit} pixels one search reads: give a smaller EXTENT, or a "
                  "RESOLUTION of {need} m or coarser.")
    else:
        text = tr("{name}: EXTENT, {width_km} × {height_km} km, is {width} × {height} pixels at RESOLUTION "
                  "{resolution} m, more than the {limit} pixels one search reads, even at the coarsest RESOLUTION "
                  "({max} m): give a smaller EXTENT.")
    return text.format(**values)
