"""Base class shared by every algorithm of the provider."""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
import traceback
from pathlib import Path
from typing import ClassVar

from qgis.core import (
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterVectorDestination,
    QgsProcessingUtils,
    QgsProperty,
    QgsProviderRegistry,
    QgsRasterFileWriter,
    QgsRasterLayer,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QFileInfo
from qgis.PyQt.QtGui import QIcon

from ..compat import field_type
from ..constants import icon_path, metadata
from ..core.cancel import Canceled
from ..core.paths import path_length_problem, qgis_geopackage_problem
from ..core.safe_write import ExportError, destination_length_problem, replace_file, sidecar_paths
from ..core.tables import FORMULA_START, formula_safe
from ..i18n import number, tr, translated
from ..qgis_io.no_crs import assume_wgs84
from ..qgis_io.sources import source_file

#: The README section that documents every algorithm and its parameters.
HELP_ANCHOR = "#processing-algorithms"
#: custom property of the points layer read from a CSV table: the id of the table
CSV_POINTS_OF = "basestation_mapper/csv_points_of"
#: ... and the notes of that reading, said to each run that reads it
CSV_POINTS_NOTES = "basestation_mapper/csv_points_notes"


def group_names() -> dict[str, str]:
    """Translated Processing Toolbox group of each GROUP_ID."""
    return {
        "stations": tr("Stations"),
        "detection": tr("Detection"),
        "coverage": tr("Coverage"),
        "export": tr("Export and report"),
    }


def group_tags() -> dict[str, list[str]]:
    """Search words of each GROUP_ID (the Toolbox search also matches tags), translated."""
    words = {
        "stations": tr("import,merge,deduplicate,OpenCelliD,KML,OSM,CSV"),
        "detection": tr("detect,detection,imagery,satellite,aerial,shadow,mast,precision,recall"),
        "coverage": tr("coverage,radius,Okumura-Hata,COST-231,population,statistics,line of sight,terrain,DEM"),
        "export": tr("export,GeoPackage,KMZ,CSV,XLSX,GeoTIFF,PDF,report"),
    }
    return {key: [w.strip() for w in text.split(",") if w.strip()] for key, text in words.items()}


def common_tags() -> list[str]:
    return [w.strip() for w in tr("base station,cell tower,mobile network,telecom").split(",") if w.strip()]


class BaseStationMapperAlgorithm(QgsProcessingAlgorithm):
    """Common plumbing: translation, groups, help text, ``createInstance``.

    Subclasses define ``ALGORITHM_ID``, ``GROUP_ID``, :meth:`display_name` and
    implement ``initAlgorithm``, :meth:`process` (what ``processAlgorithm`` does) and :meth:`help_text`; the group
    name comes from
    ``GROUP_ID``. Use the module
    level ``tr("...")`` for user-visible strings so that pylupdate5 finds them.
    """

    ALGORITHM_ID = ""
    GROUP_ID = ""

    def tr(self, text: str) -> str:  # QgsProcessingAlgorithm API
        return tr(text)

    def processAlgorithm(self, parameters, context, feedback):
        """Runs :meth:`process`; a failure reaches QGIS as a new exception raised here, outside the handler.

        QGIS 3.22 never releases the exception an algorithm raises (its handler keeps a reference), and with it the
        traceback and every frame of the run, their arrays and layers: each failed run kept its memory until QGIS
        closed. The exception QGIS receives here holds only this frame; the message is the same (an unexpected
        error's message is its traceback, as QGIS would have written it).
        """
        self._run_feedback = feedback
        self.__dict__.setdefault("_run_said", set())
        try:
            return self.process(parameters, context, feedback)
        except QgsProcessingException as exc:
            message = str(exc)
        except Exception as exc:  # a bug: its traceback is the message, as QGIS would give it
            message = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        finally:
            self._run_feedback = self._run_said = None  # nothing of a run is kept on the instance
        raise QgsProcessingException(message)

    def process(self, parameters, context, feedback) -> dict:  # pragma: no cover - overridden
        raise NotImplementedError

    def prepareAlgorithm(self, parameters, context, feedback):
        """Keeps the run's feedback for the notes said while reading the inputs (:meth:`_as_points`), then
        :meth:`prepare_run`. The context's own feedback is not the run's: ``qgis_process`` gives a context none
        (the notes were lost), a script may hand one context to several runs (they went to the first run's)."""
        self._run_feedback, self._run_said = feedback, set()
        return self.prepare_run(parameters, context, feedback)

    def prepare_run(self, parameters, context, feedback) -> bool:
        """What ``prepareAlgorithm`` does on the main thread before the run (nothing by default)."""
        return True

    def name(self) -> str:
        return self.ALGORITHM_ID

    def displayName(self) -> str:
        return self.display_name()

    def group(self) -> str:
        return self.group_name()

    def groupId(self) -> str:
        return self.GROUP_ID

    def shortHelpString(self) -> str:
        return self.help_text()

    def helpUrl(self) -> str:
        home = metadata().get("homepage", "").strip()
        return f"{home}{HELP_ANCHOR}" if home else ""

    def tags(self) -> list[str]:
        return common_tags() + group_tags().get(self.GROUP_ID, [])

    def icon(self) -> QIcon:
        return QIcon(icon_path("icon.svg"))

    def svgIconPath(self) -> str:
        return icon_path("icon.svg")

    def createInstance(self):
        return type(self)()

    # -- enums: an option's name or its number, whichever kind of enum QGIS sees ---------------
    #: for an enum of numbers whose options are translated labels: the name of each option a script
    #: may give instead (``{"VERTICAL_UNIT": ("metre", "foot", "us_foot")}``)
    ENUM_KEYS: ClassVar[dict[str, tuple[str, ...]]] = {}

    def checkParameterValues(self, parameters, context):
        # QGIS 3.22 takes only names for an enum of names (MODEL=hata) and only numbers for an enum of
        # numbers (STATUS=1), while qgis_process help offers numbers for both: accept either
        given = parameters
        parameters = self._enums_as_qgis_takes_them(parameters)
        ok, message = super().checkParameterValues(parameters, context)
        # QGIS says 'Incorrect parameter value for X' (or nothing: 'abc' for a number, 'maybe' for a yes/no, a CRS
        # it cannot read, all taken as 0, true and no CRS): say which parameter and why
        problems = [p for p in (parameter_problem(d, given.get(d.name()), context, not ok,
                                                  self.ENUM_KEYS.get(d.name(), ()))
                                for d in self.parameterDefinitions()) if p]
        if problems:
            return False, "\n".join(problems)
        if not ok:
            return ok, message
        problem = raster_destination_problem(self, parameters, context) or \
            destination_path_problem(self, parameters, context)
        return (False, problem) if problem else (True, "")

    # -- a CRS as users type it: a PROJ string ('+proj=utm +zone=52 ...') too -------------------
    # QGIS 3.22 reads 'EPSG:n', 'PROJ4:...', WKT and a layer's CRS, and makes an invalid CRS (none) of a bare PROJ
    # string: the x/y columns were then refused as having no CRS, the metric CRS fell back to its default
    def parameterAsCrs(self, parameters, name, context):
        crs = super().parameterAsCrs(parameters, name, context)
        value = parameters.get(name)
        if not crs.isValid() and isinstance(value, str) and value.strip():
            read = crs_from_text(value)
            if read is not None:
                return read
        return crs

    def _enums_as_qgis_takes_them(self, parameters) -> dict:
        out = dict(parameters)
        for definition in self.parameterDefinitions():
            if not isinstance(definition, QgsProcessingParameterEnum) or definition.allowMultiple():
                continue
            name = definition.name()
            index = enum_index(definition, parameters.get(name), self.ENUM_KEYS.get(name, ()))
            if index is not None:
                out[name] = definition.options()[index] if definition.usesStaticStrings() else index
        return out

    def enum_option(self, parameters, name: str, context) -> str:
        """The option chosen for the enum parameter ``name`` (given by its name or its number): its
        ``ENUM_KEYS`` name when it has one, else the option itself."""
        definition = self.parameterDefinition(name)
        options = list(definition.options())
        keys = self.ENUM_KEYS.get(name, ())
        index = enum_index(definition, parameters.get(name), keys)
        if index is None:
            if definition.usesStaticStrings():
                return self.parameterAsEnumString(parameters, name, context)
            index = self.parameterAsEnum(parameters, name, context)
            if not 0 <= index < len(options):
                raise QgsProcessingException(tr("{name}: {value} is not one of {options}").format(
                    name=name, value=repr(parameters.get(name)), options=", ".join(keys or options)))
        return keys[index] if keys else options[index]

    # -- booleans: 'no' is no ----------------------------------------------------------------------
    # QGIS reads any text but '', '0' and 'false' as true: OVERWRITE=no replaced the file, as qgis_process
    # help ("1 for true/yes, 0 for false/no") reads as allowed
    def parameterAsBool(self, parameters, name, context):
        value = parameters.get(name)
        if isinstance(value, str) and value.strip().casefold() in FALSE_WORDS:
            return False
        return super().parameterAsBool(parameters, name, context)

    def parameterAsBoolean(self, parameters, name, context):
        return self.parameterAsBool(parameters, name, context)

    # -- point inputs: a CSV of X/Y columns given by its path ------------------------------------
    # QGIS opens a .csv path as a table without geometry, also the point outputs this provider writes
    # to .csv (X/Y columns): a point parameter reads such a table as the points it holds.
    #: parameters of any vector layer that read such a CSV as its points too (a CSV without X/Y stays a table)
    POINTS_FROM_CSV: ClassVar[frozenset[str]] = frozenset()

    def _wants_points(self, name: str) -> bool:
        if name in self.POINTS_FROM_CSV:
            return True
        definition = self.parameterDefinition(name)
        if isinstance(definition, QgsProcessingParameterMultipleLayers):
            kinds = [definition.layerType()]
        else:
            kinds = list(getattr(definition, "dataTypes", lambda: [])())
        return bool(kinds) and all(k == QgsProcessing.SourceType.TypeVectorPoint for k in kinds)

    def _as_points(self, layer, name: str, context):
        if layer is None or not self._wants_points(name):
            return layer
        # an algorithm may read one parameter as a source and as a layer, or one file in two parameters
        # (DETECTIONS and REFERENCE): the CSV is read (and its warning pushed) once per run. The points read are
        # found in the run's context, never kept on the instance: one instance run again (a batch, processing.run
        # of one instance: its checkParameterValues each time) got the layer read for an earlier context, deleted
        # with it, and said nothing.
        key = layer.id()
        store = context.temporaryLayerStore()
        points = next((known for known in store.mapLayers().values() if known.customProperty(CSV_POINTS_OF) == key),
                      None)
        if points is None:
            warnings = []
            points = csv_points(layer, warnings)
            if points is None:
                return layer
            points.setCustomProperty(CSV_POINTS_OF, key)
            points.setCustomProperty(CSV_POINTS_NOTES, warnings)
            store.addMapLayer(points)  # lives as long as the run's context
        # said to the run's feedback (prepareAlgorithm, processAlgorithm), once a run, not when the parameters are
        # only checked (checkParameterValues, in the same context: exportlayers said it twice)
        feedback = self.__dict__.get("_run_feedback")
        said = self.__dict__.get("_run_said")
        if feedback is not None and said is not None and key not in said:
            said.add(key)
            for warning in points.customProperty(CSV_POINTS_NOTES) or []:
                feedback.pushWarning(warning)
        return points

    # -- 'Selected features only' with nothing selected -----------------------------------------
    # the source is then empty, and the algorithms said the layer had no stations / no features
    @staticmethod
    def _check_selection(parameters, name, context, source) -> None:
        value = parameters.get(name)
        if source is None or not isinstance(value, QgsProcessingFeatureSourceDefinition) or \
                not value.selectedFeaturesOnly or source.featureCount() != 0:
            return
        layer = QgsProcessingUtils.mapLayerFromString(str(value.source.staticValue()), context)
        if isinstance(layer, QgsVectorLayer) and layer.featureCount() > 0:
            raise QgsProcessingException(tr(
                "{name}: 'Selected features only' is on but no feature of the layer '{layer}' is selected: "
                "select the features to use, or turn it off.").format(name=name, layer=layer.name()))

    def source_name(self, parameters, name: str, context, default: str) -> str:
        """The name of the layer the feature source parameter ``name`` reads (:func:`layer_name`), also
        when given as 'Selected features only' or with a feature limit; ``default`` when it has none."""
        value = parameters.get(name)
        if isinstance(value, QgsProcessingFeatureSourceDefinition):
            layer = QgsProcessingUtils.mapLayerFromString(str(value.source.staticValue()), context)
            layer = self._as_points(self._named(layer, context), name, context)
        else:
            layer = self.parameterAsVectorLayer(parameters, name, context)
        return layer_name(layer, default) if isinstance(layer, QgsVectorLayer) else default

    # -- layers given by path: the name their user knows ---------------------------------------
    # Processing names 'data.gpkg|layername=towers' after its file ('data'): every message about it
    # then named a file of several layers. A layer it loaded for this run takes the name of its layer in
    # the file (layer_name); a layer of the project keeps its own.
    @staticmethod
    def _named(layer, context):
        if isinstance(layer, QgsVectorLayer) and context.temporaryLayerStore().mapLayer(layer.id()) is layer:
            name = layer_name(layer, layer.name())
            if name and name != layer.name():
                layer.setName(name)
        return layer

    def parameterAsVectorLayer(self, parameters, name, context):
        layer = self._named(super().parameterAsVectorLayer(parameters, name, context), context)
        return self._as_points(layer, name, context)

    def parameterAsLayerList(self, parameters, name, context):
        return [self._as_points(self._named(layer, context), name, context)
                for layer in super().parameterAsLayerList(parameters, name, context)]

    def parameterAsSource(self, parameters, name, context):
        self._named(super().parameterAsVectorLayer(parameters, name, context), context)  # its source's name
        source = super().parameterAsSource(parameters, name, context)
        self._check_selection(parameters, name, context, source)
        if source is None or source.wkbType() != QgsWkbTypes.Type.NoGeometry or not self._wants_points(name):
            return source
        layer = super().parameterAsVectorLayer(parameters, name, context)
        points = self._as_points(layer, name, context)
        return source if points is layer else QgsProcessingFeatureSource(points, context)

    # -- to implement ----------------------------------------------------------------------
    def display_name(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def group_name(self) -> str:
        return group_names().get(self.GROUP_ID, self.GROUP_ID)

    def help_text(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError


#: words a boolean parameter reads as false besides QGIS's own '', '0' and 'false'
FALSE_WORDS = frozenset({"no", "n", "off", "f", "false", "0", ""})
#: words a boolean parameter reads as true (any other text is refused, QGIS read it as true)
TRUE_WORDS = frozenset({"yes", "y", "on", "t", "true", "1"})

#: layer parameters whose value may be the path of a file
_LAYER_TYPES = ("source", "vector", "raster", "multilayer", "layer", "mesh", "pointcloud")


def crs_from_text(text: str):
    """The CRS that ``text`` names as a user types it (an authority id, WKT, a PROJ string with or without
    'PROJ4:'), None when QGIS knows none of that name. 'ProjectCrs' is left to QGIS."""
    from qgis.core import QgsCoordinateReferenceSystem

    text = text.strip()
    if not text or text.casefold() == "projectcrs":
        return None
    crs = QgsCoordinateReferenceSystem(text)
    if not crs.isValid():
        crs = QgsCoordinateReferenceSystem()
        crs.createFromUserInput(text)
    return crs if crs.isValid() else None


def _number_text(value) -> str:
    return number(value, None) if isinstance(value, float) else str(value)


def parameter_problem(definition, value, context, qgis_refused: bool, keys=()) -> str:
    """Why ``value`` cannot be the value of the parameter ``definition``, starting with its name ('' when it can,
    or when there is nothing to add to what QGIS says). Text that QGIS takes for a number, a yes/no or a CRS but
    reads as 0, true or none is refused; an enum, number or layer that QGIS refuses (``qgis_refused``: QGIS's
    check failed, and this parameter's value is one it refuses) is said why."""
    name, kind = definition.name(), definition.type()
    if value is None or (isinstance(value, (str, list, tuple)) and not (value.strip() if isinstance(value, str)
                                                                        else value)):
        # QGIS: 'Incorrect parameter value for INPUT' of a parameter left out
        optional = definition.flags() & QgsProcessingParameterDefinition.Flag.FlagOptional
        if qgis_refused and not optional and not definition.isDestination() and \
                definition.defaultValue() in (None, "", []):
            return tr("{name}: not given; it is required ({label}).").format(name=name,
                                                                           label=definition.description())
        return ""
    if isinstance(value, QgsProperty):
        return ""
    if kind == "number":
        if isinstance(value, bool):
            return ""
        try:
            given = float(value)
        except (TypeError, ValueError):
            return tr("{name}: {value} is not a number.").format(name=name, value=repr(value)) \
                if isinstance(value, str) else ""
        low, high = definition.minimum(), definition.maximum()
        if given < low or given > high:
            if high >= 1e300:
                return tr("{name}: {value} is less than its minimum, {minimum} ({label}).").format(
                    name=name, value=_number_text(value), minimum=_number_text(low), label=definition.description())
            if low <= -1e300:
                return tr("{name}: {value} is more than its maximum, {maximum} ({label}).").format(
                    name=name, value=_number_text(value), maximum=_number_text(high), label=definition.description())
            return tr("{name}: {value} is not between {minimum} and {maximum} ({label}).").format(
                name=name, value=_number_text(value), minimum=_number_text(low), maximum=_number_text(high),
                label=definition.description())
        return ""
    if kind == "boolean":
        if isinstance(value, str) and value.strip().casefold() not in FALSE_WORDS | TRUE_WORDS:
            return tr("{name}: {value} is neither yes nor no: give true or false (1 or 0, yes or no, on or "
                      "off).").format(name=name, value=repr(value))
        return ""
    if kind == "crs":
        if isinstance(value, str) and value.strip().casefold() != "projectcrs" and crs_from_text(value) is None \
                and QgsProcessingUtils.mapLayerFromString(value, context) is None:
            return tr("{name}: {value} is not a CRS QGIS knows: give an authority id such as EPSG:32652, a WKT or "
                      "a PROJ string.").format(name=name, value=repr(value))
        return ""
    if not qgis_refused:
        return ""
    if kind == "extent" and isinstance(value, str) and not definition.checkValueIsAcceptable(value, context):
        return tr("{name}: {value} is not an extent: give xmin,xmax,ymin,ymax, optionally with its CRS "
                  "(e.g. 126.5,127.5,37.0,38.0 [EPSG:4326]), or a layer.").format(name=name, value=repr(value))
    if isinstance(definition, QgsProcessingParameterEnum) and not definition.allowMultiple():
        if enum_index(definition, value, keys) is not None or definition.checkValueIsAcceptable(value, context):
            return ""  # (an option's name or number, which checkParameterValues hands QGIS as it takes it)
        numbers = f"0-{len(definition.options()) - 1}"
        return tr("{name}: {value} is not one of: {options} (or their numbers, {numbers}).").format(
            name=name, value=repr(value), options=", ".join(keys or definition.options()), numbers=numbers)
    if kind in _LAYER_TYPES:
        if kind == "multilayer":
            wanted = {QgsProcessing.SourceType.TypeRaster: "raster"}.get(definition.layerType(), "vector")
            if definition.layerType() == QgsProcessing.SourceType.TypeMapLayer:
                wanted = ""
        else:
            wanted = {"source": "vector", "vector": "vector", "raster": "raster"}.get(kind, "")
        items = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            if not isinstance(item, str):
                continue
            if re.match(r"[A-Za-z][A-Za-z0-9_]+:", item):
                continue  # a provider URI (postgres:, memory:...): QGIS's own message
            path = source_file(item)
            layer = QgsProcessingUtils.mapLayerFromString(item, context)
            if layer is None and not Path(path).exists():
                return tr("{name}: {path} does not exist.").format(name=name, path=path)
            if layer is None:
                return tr("{name}: {value} cannot be opened as a layer ({label}).").format(
                    name=name, value=item, label=definition.description())
            if wanted == "raster" and not isinstance(layer, QgsRasterLayer):
                return tr("{name}: {value} is not a raster layer ({label}).").format(
                    name=name, value=item, label=definition.description())
            if wanted == "vector" and not isinstance(layer, QgsVectorLayer):
                return tr("{name}: {value} is not a vector layer ({label}).").format(
                    name=name, value=item, label=definition.description())
    return ""


def enum_index(definition, value, keys=()) -> int | None:
    """The number of the option of a single-choice enum ``definition`` that ``value`` names: an int or
    digits, or text equal in any case to an option or to its name in ``keys``; None for anything else
    (empty, a property, out of range)."""
    options = list(definition.options())
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value if 0 <= value < len(options) else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text in options:
        return options.index(text)
    for names in (options, list(keys)):
        folded = [str(o).casefold() for o in names]
        if text.casefold() in folded:
            return folded.index(text.casefold())
    if text.isdigit() and int(text) < len(options):
        return int(text)
    return None


def layer_name(layer, default: str = "") -> str:
    """The name of ``layer`` as its user knows it. Processing names a layer it loads from a path after
    the file ('data.gpkg|layername=towers' is 'data', a delimited-text URI has no name): such a layer
    is named after its layer inside the file ('towers'), or its file; any other keeps its name."""
    name = layer.name()
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    path = parts.get("path")
    stem = Path(path).stem if isinstance(path, str) and path else ""
    inner = parts.get("layerName")
    if isinstance(inner, str) and inner and name in ("", stem):
        return inner
    return name or stem or default


def csv_points(layer, warnings: list | None = None) -> QgsVectorLayer | None:
    """A CSV file layer without geometry (OGR) reopened as points from its ``X``/``Y`` columns (as the
    point outputs of this provider write them), else ``lon``/``lat`` or ``longitude``/``latitude``
    columns in any case; in WGS84 when the file gives no CRS and the values are degrees (saying so in
    ``warnings``). None when ``layer`` is no such table."""
    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "ogr" or layer.isSpatial():
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path")
    if not isinstance(path, str) or not path.lower().endswith(".csv"):
        return None
    names = {f.name().casefold(): f.name() for f in layer.fields()}
    for x, y in (("x", "y"), ("lon", "lat"), ("longitude", "latitude")):
        if x in names and y in names:
            break
    else:
        return None
    points = QgsVectorLayer(f"{path}|option:X_POSSIBLE_NAMES={names[x]}|option:Y_POSSIBLE_NAMES={names[y]}",
                           layer_name(layer, Path(path).stem), "ogr")
    if not points.isValid() or not points.isSpatial():
        return None
    subset = layer.subsetString()
    if subset:
        points.setSubsetString(subset)
    if not points.crs().isValid():
        try:
            crs, warning = assume_wgs84(points.name(), points.extent())
        except ValueError:
            return points  # left without a CRS: the algorithm reading it refuses it, saying why
        points.setCrs(crs)
        if warnings is not None:
            warnings.append(warning)
    return points


# -- outputs: CSV geometry, cancel, staged files ----------------------------------------------------
def file_path(destination: str) -> str:
    """The file of an output destination ('out.gpkg|layername=x' -> 'out.gpkg', a folder 'a|b' kept whole, relative
    paths as given); '' for 'memory:', 'ogr:...' and other provider URIs (a drive letter is not one)."""
    path = str(destination or "")
    return "" if re.match(r"[A-Za-z][A-Za-z0-9_]+:", path) else source_file(path)


def as_given(destination: str, path: Path) -> str:
    """The file ``path`` (absolute, next to ``destination``) named as ``destination`` names it: relative
    to the working folder when it was given so, as QGIS 3.22's own algorithms return a destination
    ('out.gpkg' -> 'out.gpkg', not its absolute path)."""
    given = Path(destination)
    return str(path) if given.is_absolute() else str(given.parent / path.name)


def sink_file(destination: str) -> str:
    """The file QGIS 3.22 Processing writes for the feature sink destination ``destination`` ('' for
    memory layers and provider URIs): the destination as given, ``.gpkg`` appended when it does not
    end with the extension of a vector format ('out/result' -> 'out/result.gpkg'). A '|layername=...'
    suffix is part of that file name to QGIS 3.22: 'out.gpkg|layername=x' writes 'out.gpkg|layername=x.gpkg'.
    """
    destination = str(destination or "")
    if not destination or re.match(r"[A-Za-z][A-Za-z0-9_]+:", destination):
        return ""
    match = re.match(r"^(.*)\.(.*?)$", destination, re.DOTALL)  # as QgsProcessingUtils reads it
    if match is None or not QgsVectorFileWriter.driverForExtension(match.group(2)):
        destination += ".gpkg"
    return destination


def _dbase_only(path: Path) -> Path | None:
    """The .dbf the shapefile ``path`` was written as, alone (a layer without geometry), or None."""
    if path.suffix.lower() != ".shp" or path.exists():
        return None
    return next((path.with_suffix(ext) for ext in (".dbf", ".DBF") if path.with_suffix(ext).exists()), None)


def destination_given(parameters, name: str, context) -> bool:
    """Whether the optional output ``name`` is asked for: not left out, None, '' nor an output definition
    of no destination (a script, a batch row or a model output left empty gives ''; the dialog's 'Skip
    output' gives None). An output given '' was written to '' and the run failed at its end ("Could not
    create destination layer for OUTPUT_POLYGONS: invalid value")."""
    value = parameters.get(name)
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value, _ok = value.sink.valueAsString(context.expressionContext(), "")
    return value is not None and str(value).strip() != ""


def _raster_extension(path: str) -> bool:
    suffix = QFileInfo(path).suffix()
    return bool(suffix) and bool(QgsRasterFileWriter.driverForExtension(suffix))


def raster_destination_problem(alg, parameters, context) -> str:
    """Why a raster output file cannot be written ('' when it can): QGIS 3.22 chooses the raster
    format from the file's extension and refuses a name without a known one ('out/count',
    'count.tif|layername=x': "Cannot load GDAL driver"), so the algorithms refuse it before any work."""
    for definition in alg.destinationParameterDefinitions():
        if not isinstance(definition, QgsProcessingParameterRasterDestination):
            continue
        value = parameters.get(definition.name())
        if isinstance(value, QgsProcessingOutputLayerDefinition):
            value, _ok = value.sink.valueAsString(context.expressionContext(), "")
        value = str(value or "")
        if value.strip().casefold().startswith("memory:"):
            # written as a file named 'memory:' in the working folder, and returned as such to the next step
            return tr("{name}: a raster cannot be a memory layer ('{value}'): give a file name ending in .tif, or "
                      "TEMPORARY_OUTPUT for a temporary file.").format(name=definition.name(), value=value)
        if not value or value == QgsProcessing.TEMPORARY_OUTPUT or re.match(r"[A-Za-z][A-Za-z0-9_]+:", value):
            continue
        if not _raster_extension(value):
            example = source_file(value)
            if not _raster_extension(example):
                example += ".tif"
            return tr("{name}: '{path}' does not end with the extension of a raster format, from which QGIS "
                      "chooses the format: give a name ending in .tif (e.g. {example}).").format(
                name=definition.name(), path=value, example=example)
    return ""


def staged_example(path) -> Path:
    """A path as long as the one :class:`StagedOutputs` writes the output ``path`` to first (a hidden folder next to
    it, its random part 8 characters, holding a file of the same name)."""
    path = Path(path).absolute()
    return path.parent / f".bsm-{'x' * 8}" / path.name


def output_file_problem(path, layer: bool = True):
    """Why the output file ``path`` cannot be written, or QGIS cannot open it afterwards (a message of the core), or
    None. ``layer``: a layer QGIS writes (a feature sink, through :class:`StagedOutputs`) and then opens, which
    QGIS 3.22 cannot do of a GeoPackage whose path holds '%' and two hexadecimal digits (:mod:`..core.paths`);
    else a file the plugin's exports write (next to it first, :func:`..core.safe_write.staged`), which other
    programs read."""
    if layer:
        return path_length_problem(path, also=[staged_example(path)]) or qgis_geopackage_problem(path)
    return destination_length_problem(path)


def destination_path_problem(alg, parameters, context) -> str:
    """Why an output file cannot be written where it is asked, or QGIS cannot open it there ('' when it can):
    a GeoPackage layer in a folder whose name holds '%20' (QGIS 3.22 wrote it, then found no such file), a
    GeoPackage or shapefile path too long for SQLite or GDAL (SQLite opened no file; GDAL wrote the shapefile's
    pieces into the working folder). Refused before any work, naming the parameter."""
    for definition in alg.destinationParameterDefinitions():
        value = parameters.get(definition.name())
        if isinstance(value, QgsProcessingOutputLayerDefinition):
            value, _ok = value.sink.valueAsString(context.expressionContext(), "")
        value = str(value or "")
        if not value.strip() or value == QgsProcessing.TEMPORARY_OUTPUT:
            continue
        layer = isinstance(definition, (QgsProcessingParameterFeatureSink, QgsProcessingParameterVectorDestination))
        path = sink_file(value) if layer else file_path(value)  # (QGIS writes a sink to the name as given)
        problem = output_file_problem(path, layer) if path else None
        if problem is not None:
            return tr("{name}: {problem}").format(name=definition.name(), problem=translated(problem))
    return ""


def csv_geometry_options(destination: str, wkb_type) -> list[str]:
    """Layer options that keep the geometry of a CSV destination (QGIS writes none unless asked):
    X and Y columns for points, a WKT column for lines and polygons; nothing for other formats."""
    if not file_path(destination).lower().endswith(".csv"):
        return []
    geometry = QgsWkbTypes.geometryType(wkb_type)
    if geometry == QgsWkbTypes.GeometryType.PointGeometry and not QgsWkbTypes.isMultiType(wkb_type):
        return ["GEOMETRY=AS_XY"]
    if geometry in (QgsWkbTypes.GeometryType.NullGeometry, QgsWkbTypes.GeometryType.UnknownGeometry):
        return []
    return ["GEOMETRY=AS_WKT"]


#: file outputs QGIS writes without geometry (GDAL's XLSX and ODS drivers hold none)
SPREADSHEETS = (".xlsx", ".ods")


def xy_columns(fields, features):
    """``fields`` and ``features`` (points) with their coordinates as the first columns ``X`` and ``Y`` (in the
    layer's CRS), as a CSV output writes them: a spreadsheet holds no geometry."""
    from qgis.core import QgsFeature, QgsField, QgsFields

    out = QgsFields()
    for name in ("X", "Y"):
        out.append(QgsField(name, field_type("float")))
    for field in fields:
        if field.name().casefold() not in ("x", "y"):
            out.append(field)
    keep = [i for i, f in enumerate(fields) if f.name().casefold() not in ("x", "y")]

    def rows():
        for feature in features:
            geom = feature.geometry()
            point = geom.asPoint() if geom is not None and not geom.isNull() else None
            row = QgsFeature(out)
            row.setGeometry(geom)
            attributes = feature.attributes()
            row.setAttributes([point.x() if point else None, point.y() if point else None,
                               *(attributes[i] for i in keep)])
            yield row

    return out, rows()


def output_layer_options(destination: str, wkb_type) -> list[str]:
    """Layer options of a file destination: a CSV keeps its geometry (:func:`csv_geometry_options`)
    and ends its records with CRLF (RFC 4180); a GeoJSON file follows RFC 7946 (WGS84 lon/lat
    whatever the layer's CRS, no ``crs`` member, outer rings counter-clockwise, cut at the
    antimeridian, 7 decimals), as GDAL writes it with ``RFC7946=YES``; QGIS would otherwise write
    the layer's CRS (e.g. UTM metres) in the old 2008 form."""
    path = file_path(destination).lower()
    if path.endswith((".geojson", ".json")):
        return ["RFC7946=YES"]
    if path.endswith(".csv"):  # RFC 4180 records end with CRLF
        return [*csv_geometry_options(destination, wkb_type), "LINEFORMAT=CRLF"]
    return []


#: post-processors must outlive processAlgorithm (QGIS keeps only a pointer)
_POST_PROCESSORS: list = []


class _PluginLayerPostProcessor(QgsProcessingLayerPostProcessorInterface):
    """An output QGIS loads: styled as the dock styles its layers (``style(layer)``), in the plugin's group."""

    def __init__(self, style):
        super().__init__()
        self.style = style

    def postProcessLayer(self, layer, context, feedback):
        from ..qgis_io.project import move_into_plugin_group

        self.style(layer)
        if context.project() is not None:
            move_into_plugin_group(layer, context.project())


def load_in_plugin_group(context, destination, style) -> None:
    """When QGIS will load the output ``destination`` (run from the toolbox, the dock's Merge…, a model with
    'Open output file'), ``style(layer)`` it and put it in the plugin group, as the dock does its layers."""
    if destination and context.willLoadLayerOnCompletion(destination):
        post = _PluginLayerPostProcessor(style)
        _POST_PROCESSORS.append(post)
        del _POST_PROCESSORS[:-16]
        context.layerToLoadOnCompletionDetails(destination).setPostProcessor(post)


def load_as_stations(context, destination) -> None:
    """:func:`load_in_plugin_group` with the station style and form."""

    def style(layer):
        from ..qgis_io.station_layer import style_station_layer

        if isinstance(layer, QgsVectorLayer):
            style_station_layer(layer)

    load_in_plugin_group(context, destination, style)


@contextlib.contextmanager
def utf8_files(context):
    """Files written in the block are UTF-8 (a shapefile gets its .cpg saying so) unless the context
    asks for another encoding: Processing's default, "System", writes a shapefile's texts in the
    system's code page and no .cpg, so other programs read Korean names as mojibake."""
    before = context.defaultEncoding()
    if before in ("", "System"):
        context.setDefaultEncoding("UTF-8")
    try:
        yield
    finally:
        context.setDefaultEncoding(before)


def canceled(feedback) -> dict:
    """What every algorithm does when canceled: say so in the log and return no output."""
    feedback.reportError(tr("Canceled: nothing was written."))
    return {}


def check_canceled(feedback) -> None:
    """Raise :class:`Canceled` when the run was canceled."""
    if feedback is not None and feedback.isCanceled():
        raise Canceled()


class StagedOutputs:
    """File outputs of one run, written under their own name in a hidden folder next to the
    destination and moved into place by :meth:`commit` only when the run was not canceled.

    ``with StagedOutputs(alg, parameters, context) as out:`` then :meth:`sink` / :meth:`file` for
    each output and :meth:`commit` at the end; leaving the block by an exception (:class:`Canceled`
    among them) removes every staged file, so a destination is either complete or untouched.
    Memory layers and provider URIs (``memory:``, ``ogr:...``, ``postgres:...``) are written directly.
    """

    def __init__(self, alg, parameters, context):
        self.alg, self.parameters, self.context = alg, parameters, context
        self._folders: list[Path] = []
        self._moves: list[tuple[Path, Path]] = []
        self._rekey: list[tuple[str, str]] = []
        #: staged shapefiles written as their .dbf alone (:func:`_dbase_only`)
        self._tables: set[Path] = set()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for folder in self._folders:
            shutil.rmtree(folder, ignore_errors=True)
        self._folders.clear()
        return False

    def _destination(self, name: str) -> str:
        """The value of the sink output ``name`` as given ('' for a temporary output)."""
        value = self.parameters.get(name)
        if isinstance(value, QgsProcessingOutputLayerDefinition):
            value, _ok = value.sink.valueAsString(self.context.expressionContext(), "")
        value = str(value or "")
        return "" if value == QgsProcessing.TEMPORARY_OUTPUT else value

    def _stage(self, name: str, destination: str) -> Path:
        dest = Path(destination).absolute()
        if not dest.parent.is_dir():
            raise QgsProcessingException(tr("{name}: the folder {folder} does not exist.").format(
                name=name, folder=str(dest.parent)))
        try:
            folder = Path(tempfile.mkdtemp(prefix=".bsm-", dir=dest.parent))
        except OSError as exc:
            raise QgsProcessingException(tr("{name}: cannot write in the folder {folder} ({error}).").format(
                name=name, folder=str(dest.parent), error=exc.strerror or exc)) from exc
        self._folders.append(folder)
        tmp = folder / dest.name  # same name: a GeoPackage's layer is named after its file
        self._moves.append((tmp, dest))
        return tmp

    def file(self, name: str, destination: str) -> str:
        """The path to write the file output ``name`` (destination ``destination``) to."""
        return str(self._stage(name, destination)) if file_path(destination) else destination

    def sink(self, name: str, fields, wkb_type, crs, features, feedback=None) -> str:
        """Write ``features`` to the feature sink output ``name``; returns its final destination id.

        A CSV destination keeps the geometry, a GeoJSON one follows RFC 7946
        (:func:`output_layer_options`). Cancel is checked
        every 100 features (raises :class:`Canceled`).
        """
        given = self._destination(name)
        destination = sink_file(given)
        if destination and "|" in given and feedback is not None:
            feedback.pushWarning(tr(
                "{name}: QGIS Processing reads '{given}' as a file name, so the layer is written to the file "
                "'{path}'. To write a layer into a GeoPackage give ogr:dbname='file.gpkg' table=\"layer\" "
                "(geom).").format(name=name, given=given, path=destination))
        options = output_layer_options(destination, wkb_type)
        if file_path(destination).lower().endswith(SPREADSHEETS):
            # QGIS writes the attributes only: stations in a workbook had no position left
            geometry = QgsWkbTypes.geometryType(wkb_type)
            if geometry == QgsWkbTypes.GeometryType.PointGeometry and not QgsWkbTypes.isMultiType(wkb_type):
                fields, features = xy_columns(fields, features)
            elif geometry not in (QgsWkbTypes.GeometryType.NullGeometry,
                                  QgsWkbTypes.GeometryType.UnknownGeometry) and feedback is not None:
                feedback.pushWarning(tr(
                    "{name}: a spreadsheet ({file}) holds no geometry: only the attributes are written. Give a .gpkg, "
                    "or a .csv (its WKT column), to keep the shapes.").format(name=name, file=Path(destination).name))
        parameters = self.parameters
        tmp = None
        if destination:
            tmp = self._stage(name, destination)
            value = parameters.get(name)
            if isinstance(value, QgsProcessingOutputLayerDefinition):
                value = QgsProcessingOutputLayerDefinition(value)
                value.sink = QgsProperty.fromValue(str(tmp))
            else:
                value = str(tmp)
            parameters = {**parameters, name: value}
        with utf8_files(self.context):
            sink, dest_id = self.alg.parameterAsSink(parameters, name, self.context, fields, wkb_type, crs,
                                                     layerOptions=options)
        if sink is None:
            raise QgsProcessingException(self.alg.invalidSinkError(self.parameters, name))
        # a CSV's text that a spreadsheet would run as a formula ('=HYPERLINK(...)' from an imported file) is
        # written as text, as the plugin's own CSVs write it
        texts = [i for i, f in enumerate(fields) if f.type() == field_type("str")] \
            if file_path(destination).lower().endswith(".csv") else []
        try:
            for i, feature in enumerate(features):
                if i % 100 == 0:
                    check_canceled(feedback)
                for k in texts:
                    value = feature.attribute(k)
                    if type(value) is str and value[:1] in FORMULA_START:
                        feature.setAttribute(k, formula_safe(value))
                if not sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert):
                    raise QgsProcessingException(tr("{name}: cannot write a feature ({error}).").format(
                        name=name, error=sink.lastError() if hasattr(sink, "lastError") else ""))
        finally:
            del sink  # flush and close the file before it is moved (or removed)
        if tmp is None:
            return dest_id
        written = Path(file_path(dest_id))
        if not tmp.exists() and not (written != tmp and written.parent == tmp.parent and written.exists()):
            # the writer's own case of the extension ('out.SHP' is written 'out.shp'): nothing was moved into place
            # (a file of the name asked did not exist), the run returned a file that was never there
            written = next((p for p in sorted(tmp.parent.iterdir()) if p.name.casefold() == tmp.name.casefold()),
                           written)
        if not tmp.exists() and written != tmp and written.parent == tmp.parent and written.exists():
            # QGIS added its own extension to a name it does not know ('out.json' -> 'out.json.geojson'):
            # that file is the output, moved next to the destination under the name QGIS gave it
            dest = dict(self._moves)[tmp].parent / written.name
            self._moves = [(written, dest) if t == tmp else (t, d) for t, d in self._moves]
            final_id = dest_id.replace(str(written) if str(written) in dest_id else str(tmp),
                                       as_given(destination, dest), 1)
            self._rekey.append((dest_id, final_id))
            return final_id
        dest = dict(self._moves)[tmp]
        dbf = _dbase_only(tmp)
        if dbf is not None:
            # OGR writes a table without geometry (statistics, an evaluation) to a shapefile as its .dbf only: the
            # .shp returned did not exist, and the next step refused it ('stats.shp does not exist')
            shp = tmp.with_suffix(".shp" if dbf.suffix == ".dbf" else ".SHP")  # the case of the files written
            self._moves = [(shp, dest.with_suffix(shp.suffix)) if t == tmp else (t, d) for t, d in self._moves]
            self._tables.add(shp)
            dest = dest.with_suffix(dbf.suffix)
            if feedback is not None:
                feedback.pushWarning(tr(
                    "{name}: a shapefile holds no table without geometry: the table is written as the shapefile's "
                    "dBASE file alone, {path}, which QGIS opens as a table.").format(
                    name=name, path=as_given(destination, dest)))
        final_id = dest_id.replace(str(tmp), as_given(destination, dest), 1)
        self._rekey.append((dest_id, final_id))
        return final_id

    def commit(self, feedback=None) -> None:
        """Move every staged file into place; raise :class:`Canceled` (moving nothing) when canceled."""
        check_canceled(feedback)
        for tmp, dest in self._moves:
            for src, dst in zip(sidecar_paths(tmp), sidecar_paths(dest)):
                if src.exists():
                    try:
                        replace_file(src, dst)  # a GeoPackage over one still open elsewhere: through SQLite
                    except ExportError as exc:  # names the file and says why
                        raise QgsProcessingException(translated(exc)) from exc
                    except OSError as exc:
                        raise QgsProcessingException(tr("Cannot replace {path} ({error}): close it in other "
                                                        "programs and run again.").format(
                            path=str(dst), error=exc.strerror or exc)) from exc
                elif dst.exists() and (src != tmp or tmp in self._tables):
                    with contextlib.suppress(OSError):
                        dst.unlink()  # a stale sidecar of the replaced file (its .shp, replaced by a table)
        self._moves.clear()
        loads = self.context.layersToLoadOnCompletion()
        changed = False
        for tmp_id, final_id in self._rekey:
            if tmp_id in loads:
                loads[final_id] = loads.pop(tmp_id)
                changed = True
        if changed:
            self.context.setLayersToLoadOnCompletion(loads)
