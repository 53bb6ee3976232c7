"""Layers <-> coverage inputs and outputs.

Readers (main thread) turn QGIS layers into the plain inputs of :mod:`..core.pipeline`;
builders turn the results into styled memory layers in the project CRS. The dock task and
the Processing algorithms both use these functions.
"""

from __future__ import annotations

import gc
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsCsException,
    QgsDistanceArea,
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsProviderRegistry,
    QgsRasterLayer,
    QgsRasterRange,
    QgsRendererCategory,
    QgsVectorLayer,
    QgsVectorLayerFeatureSource,
    QgsWkbTypes,
)

from ..compat import field_type
from ..core import radio
from ..core.coverage import CoverageInputError
from ..core.palette import COUNT_COLORS, hex_to_rgba, technology_color
from ..core.pipeline import PopulationPoints, RegionTable, StationTable
from ..core.population import (
    SOURCE_NODATA,
    NoDataRule,
    PopulationInputError,
    around_pole_lonlat,
    parse_count,
    pole_points,
    poles_inside,
    transformer,
)
from ..core.regions import NAME_KNOWN, NAME_TEXT, choose_name_field
from ..core.safe_write import staged
from ..core.stations import TECHNOLOGIES, normalize_technology, parse_azimuths
from ..core.stats import SITE_ID_DISTANCE_M, STAT_FIELDS, TERRAIN_FIELDS, site_ids
from ..core.stats import site_id_field as stats_site_id_field
from ..core.tables import formula_safe_frame
from ..core.terrain import TerrainError
from ..i18n import number, number_spec, tr, translated
from .no_crs import assume_wgs84
from .sources import gdal_path, ogr_uri
from .values import JsonFields, filled_features, is_null

#: Largest radius accepted (m): beyond it the input is certainly a unit mistake.
MAX_RADIUS_M = 100_000.0
#: Highest antenna above ground read (m, the station schema's maximum; terraincoverage's too).
MAX_ANTENNA_HEIGHT_M = radio.MAX_ANTENNA_HEIGHT_M

#: Fields of the per-station coverage layer (stable API).
COVERAGE_FIELDS = (("station_fid", "int"), ("station_id", "str"), ("name", "str"), ("technology", "str"),
                   ("operator", "str"), ("scenario", "str"), ("radius_m", "float"), ("model", "str"),
                   ("area_km2", "float"))
DISSOLVED_FIELDS = (("scenario", "str"), ("group", "str"), ("area_km2", "float"))
OVERLAP_FIELDS = (("servers", "int"), ("label", "str"), ("area_km2", "float"))
BEST_SERVER_FIELDS = (("station_fid", "int"), ("station_id", "str"), ("name", "str"), ("technology", "str"),
                      ("area_km2", "float"))
STAT_FIELD_KINDS = {name: ("str" if name == "region" else "int" if name == "stations" else "float")
                    for name in STAT_FIELDS + TERRAIN_FIELDS}


class InputError(ValueError):
    """Bad layer input; the message names the layer, feature and field."""


#: the input problems the core and this module report (each message names the layer, feature, field or
#: file): shown as messages by the dock and Processing; anything else is a bug and keeps its traceback
INPUT_ERRORS = (InputError, CoverageInputError, PopulationInputError, TerrainError, radio.RadioModelError)


@dataclass
class CoverageOptions:
    """How radii are obtained (the dock's controls and the Processing parameters)."""

    model: str = radio.MODEL_PRESET
    radius_m: float | None = None  # overrides presets and budgets when set
    presets: dict = field(default_factory=lambda: dict(radio.DEFAULT_RADII_M))
    budget: radio.LinkBudget = field(default_factory=radio.LinkBudget)
    beamwidth_deg: float = 120.0
    use_station_radius: bool = True  # a station's radius_m field wins over presets / budgets
    only_confirmed: bool = False

    def validate(self) -> None:
        if self.model not in radio.MODELS:
            raise InputError(tr("unknown model {model} (expected one of {models})").format(
                model=repr(self.model), models=", ".join(radio.MODELS)))
        if self.radius_m is not None:
            _check_radius(self.radius_m, tr("RADIUS parameter"))
        if not 0 < self.beamwidth_deg <= 360:
            raise InputError(tr("sector beamwidth {value}° must be in (0, 360]").format(value=repr(self.beamwidth_deg)))
        for tech, r in self.presets.items():
            _check_radius(r, tr("preset radius of {technology}").format(technology=tech))


def _check_radius(value, what: str) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError) as exc:
        raise InputError(tr("{what}: {value} is not a number of metres").format(what=what, value=repr(value))) from exc
    if not math.isfinite(value) or value <= 0:
        raise InputError(tr("{what}: {value} m — a coverage radius must be positive").format(what=what,
                                                                                           value=number(value, None)))
    if value > MAX_RADIUS_M:
        raise InputError(tr("{what}: {value} m is absurd for a base station (more than {limit} km); is it in "
                            "metres?").format(what=what, value=number(value, None),
                                              limit=number(MAX_RADIUS_M / 1000, None)))
    return value


def _is_set(value) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return not (isinstance(value, str) and not value.strip())


def read_stations(layer: QgsVectorLayer, options: CoverageOptions, selected_only: bool = False,
                  columns: tuple[str, ...] | None = None) -> tuple[StationTable, list[str], list[int]]:
    """Stations of a point layer as a :class:`StationTable`, warnings, and their feature ids.

    Features without geometry are skipped with a warning; bad radius / azimuth / height values
    raise :class:`InputError` naming the feature. ``columns`` limits the optional descriptive
    fields read (``station_id``, ``name``, ``operator``; all by default): the statistics need none.
    Both steps of :class:`StationsReader` at once.
    """
    reader = StationsReader(layer, options, selected_only, columns)
    reader.layer = layer  # read in the layer's own thread: its provider tells the fields of one value
    return reader.read()


#: How many features a station read takes between two looks at its ``check()`` (a task's cancel).
CHECK_EVERY = 1000


def _checked(features, check: Callable[[], None]):
    """``features``, ``check()`` called every :data:`CHECK_EVERY` of them (its raising stops them)."""
    for n, feat in enumerate(features):
        if n % CHECK_EVERY == CHECK_EVERY - 1:
            check()
        yield feat


class StationsReader:
    """The stations of a point layer, read in two steps as :class:`RegionsReader` reads regions: made on the main
    thread (the options and the layer checked, and what the read needs of the layer taken in a fraction of a
    millisecond: its name, CRS, fields, geometry type, feature count, storage type, selected features, the fields
    to read and how they are named, and a copy of its feature source, edits not yet saved included), :meth:`read` in
    any thread (a layer's own features must not be read outside the main thread, and 50,000 stations read there
    held the map for half a second at every Live edit). Raises :class:`InputError` as :func:`read_stations` does."""

    def __init__(self, layer: QgsVectorLayer, options: CoverageOptions, selected_only: bool = False,
                 columns: tuple[str, ...] | None = None):
        options.validate()
        if layer is None or not layer.isValid():
            raise InputError(tr("the station layer is missing or invalid"))
        if layer.geometryType() != QgsWkbTypes.GeometryType.PointGeometry:
            raise InputError(tr("layer {layer} is not a point layer").format(layer=repr(layer.name())))
        self.options = options
        self.name = layer.name()
        self.crs = layer.crs()
        self.fields = layer.fields()
        #: a layer of single points (its points decoded in one go)
        self.single_points = QgsWkbTypes.isSingleType(layer.wkbType())
        self.storage_type = layer.dataProvider().storageType()
        #: the features read: the selected ones (None: all), and how many there are
        self.selected = layer.selectedFeatureIds() if selected_only else None
        self.total = layer.selectedFeatureCount() if selected_only else layer.featureCount()
        wanted = [c for c in STATION_COLUMNS if c not in DESCRIPTIVE_COLUMNS or columns is None or c in columns]
        if options.radius_m is not None:
            wanted = [c for c in wanted if c != "radius_m"]
        self.wanted = wanted
        self.site_field = site_field = stats_site_id_field(self.fields.names())
        # a site id is one operator's: the operator is read with it even where the caller reads no descriptive field
        wanted_or_operator = tuple(wanted) + (("operator",) if site_field and "operator" not in wanted else ())
        #: {station field: layer field} of the fields read, and those read under another name than the schema's
        self.field_map, self.read_as = station_fields(self.fields, wanted_or_operator)
        #: the station columns read, and their layer fields (the site id's included)
        self.columns = wanted_or_operator + ((SITE_ID_COLUMN,) if site_field else ())
        self.frame_fields = {**self.field_map, **({SITE_ID_COLUMN: site_field} if site_field else {})}
        #: those QGIS reads as NULL (a GeoJSON property mixing numbers and text), read through OGR
        self.json_fields = JsonFields.of(layer, [self.frame_fields[n] for n in self.columns
                                                 if n in self.frame_fields])
        radius = self.fields.lookupField("radius_m")
        self._radius_index = radius
        self._radius_json = JsonFields.of(layer, [self.fields.at(radius).name()]) if radius >= 0 else None
        self._source = QgsVectorLayerFeatureSource(layer)
        #: the layer itself, when the read is in its own thread (:func:`read_stations`): its provider finds the
        #: fields of a single value (a read in a task goes over the features' values)
        self.layer: QgsVectorLayer | None = None

    def features(self, request: QgsFeatureRequest | None = None, check: Callable[[], None] | None = None):
        """The layer's features as they were when the reader was made (any thread); ``check()`` is called every
        :data:`CHECK_EVERY` features (its raising stops the read)."""
        features = self._source.getFeatures(request if request is not None else QgsFeatureRequest())
        return features if check is None else _checked(features, check)

    def read(self, check: Callable[[], None] | None = None) -> tuple[StationTable, list[str], list[int]]:
        """(StationTable, warnings, feature ids) of :func:`read_stations` (any thread; ``check()`` raising cancels
        it)."""
        return _read_stations(self, check)

    def constant_values(self, names: list[str], check: Callable[[], None] | None = None) -> dict:
        """``{field: value}`` of the fields among ``names`` that hold a single value (NULL included) in every feature,
        found in one pass over the fields' values that stops once each has shown two (NULL and '' and 1 and '1' are
        distinct values, as QGIS tells them)."""
        index = {name: self.fields.indexOf(name) for name in names}
        index = {name: i for name, i in index.items() if i >= 0}
        if not index:
            return {}
        if self.layer is not None:  # the provider's own unique values (a fraction of a pass over the features)
            single = {}
            for name, i in index.items():
                values = self.layer.uniqueValues(i, 2)
                if len(values) <= 1:
                    single[name] = next(iter(values), None)
            return single
        seen: dict[str, dict] = {name: {} for name in index}
        open_ = set(index)
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
        request.setSubsetOfAttributes(sorted(set(index.values())))
        for feat in self.features(request, check):
            attrs = feat.attributes()
            for name in list(open_):
                value = attrs[index[name]]
                key = ("NULL", "") if is_null(value) else (type(value).__name__, str(value))
                values = seen[name]
                values.setdefault(key, value)
                if len(values) > 1:
                    open_.discard(name)
            if not open_:
                break
        return {name: next(iter(values.values()), None) for name, values in seen.items() if len(values) <= 1}

    def station_radii(self, parameters: dict, check: Callable[[], None] | None = None) -> dict:
        """``parameters`` of the methods (presets or link budget) with the stations' own radii in front, as
        :func:`..report.with_station_radii` gives them of the layer (any thread)."""
        from .report import radii_in_front

        idx = self._radius_index
        if idx < 0:
            return parameters
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes([idx])
        # a GeoJSON property mixing numbers and text ('3000', '2 km'), which QGIS reads as NULL, read as the coverage
        # does
        return radii_in_front(parameters, idx, filled_features(self.features(request, check), self._radius_json,
                                                               self.fields, request))


def _read_stations(reader: StationsReader, check: Callable[[], None] | None
                   ) -> tuple[StationTable, list[str], list[int]]:
    """:meth:`StationsReader.read`."""
    options, total, wanted, site_field = reader.options, reader.total, reader.wanted, reader.site_field
    fields_of_layer, read_as = reader.field_map, reader.read_as
    frame = _station_frame(reader, check)
    warnings = []
    if read_as:
        warnings.append(tr("layer {layer}: {fields}").format(layer=repr(reader.name), fields=", ".join(
            tr("field {field} read as {name}").format(field=repr(field), name=name) for name, field in read_as)))
    tilts = [n for n in reader.fields.names() if n.lower().replace(" ", "_") in TILT_FIELDS]
    if tilts:
        warnings.append(tr("layer {layer}: field {fields} not used: the coverage models have no antenna tilt (a "
                           "footprint reaches the preset, budget or station radius)",
                           "layer {layer}: fields {fields} not used: the coverage models have no antenna tilt (a "
                           "footprint reaches the preset, budget or station radius)", len(tilts)).format(
            layer=repr(reader.name), fields=", ".join(repr(n) for n in tilts)))
    fid_values, per_fid = np.unique(frame.fids, return_counts=True)
    skipped = total - len(fid_values)
    if skipped > 0:
        warnings.append(tr("layer {layer}: {n} station without geometry was skipped",
                           "layer {layer}: {n} stations without geometry were skipped", skipped).format(
            layer=repr(reader.name), n=number(skipped, count=True)))
    several = fid_values[per_fid > 1]
    if len(several):
        listed = ", ".join(tr("feature {fid} ({n} points)").format(fid=int(fid), n=int(c)) for fid, c in
                           zip(several[:5], per_fid[per_fid > 1][:5]))
        warnings.append(tr("layer {layer}: {n} feature holds several points, each counted as a station with the "
                           "feature's fields: {items}",
                           "layer {layer}: {n} features hold several points, each counted as a station with the "
                           "feature's fields: {items}", len(several)).format(
            layer=repr(reader.name), n=number(len(several), count=True),
            items=listed + (" …" if len(several) > 5 else "")))
    if options.only_confirmed:
        keep = np.array([not _is_set(v) or v == "confirmed" for v in frame.column("status")], dtype=bool)
        frame = frame.take(np.nonzero(keep)[0])
    if frame.n == 0:
        raise InputError(tr("layer {layer} has no stations with a position: add or import stations first").format(
            layer=repr(reader.name)))
    if not reader.crs.isValid():  # read as longitudes and latitudes when they can be, else refused
        ok = np.isfinite(frame.lon) & np.isfinite(frame.lat)
        box = (float(frame.lon[ok].min()), float(frame.lat[ok].min()), float(frame.lon[ok].max()),
               float(frame.lat[ok].max())) if ok.any() else None
        warnings.append(assume_wgs84(reader.name, box, InputError)[1])
    frame, repeated = _drop_repeated(reader, frame, wanted, fields_of_layer, check)
    if repeated:
        warnings.append(repeated)

    n = frame.n
    fids = frame.fids.tolist()
    names = frame.column("name") if "name" in wanted else None

    def label(k):
        name = names[k] if names is not None else _feature_name(reader, fids[k], fields_of_layer.get("name"))
        return tr("feature {fid}").format(fid=fids[k]) + (f" ({name})" if _is_set(name) else "")

    _blank_markers(frame, fields_of_layer, label, warnings)

    # metres in a layer said to be in degrees (a UTM CSV loaded as EPSG:4326), or a point outside
    # its CRS's area: no place on the earth
    off = ~(np.isfinite(frame.lon) & np.isfinite(frame.lat) & (np.abs(frame.lat) <= 90.0)
            & (np.abs(frame.lon) <= 540.0))
    if off.any():
        k = int(np.argmax(off))
        crs = reader.crs
        like = int(off.sum())
        raise InputError(tr("{station}: its position is not a place on the earth in the layer's CRS {crs} (longitude "
                            "{lon}, latitude {lat}); {n} station like it: check the layer's CRS",
                            "{station}: its position is not a place on the earth in the layer's CRS {crs} (longitude "
                            "{lon}, latitude {lat}); {n} stations like it: check the layer's CRS", like).format(
            station=label(k), crs=crs.authid() or crs.description() or tr("(none)"),
            lon=number_spec(frame.lon[k], ".6g"), lat=number_spec(frame.lat[k], ".6g"), n=like))

    # technology: normalised once per distinct value
    if frame.is_constant("technology"):
        raw = frame.constants.get("technology")
        tech = normalize_technology(raw)
        techs = [tech] * n
        bad = _is_set(raw) and tech == "unknown" and str(raw).strip().lower() != "unknown"
        unknown = [(k, raw) for k in range(n)] if bad else []
    else:
        tech_of: dict = {}
        techs, unknown = [], []
        for k, raw in enumerate(frame.column("technology")):
            tech = tech_of.get(raw)
            if tech is None:
                tech = tech_of[raw] = normalize_technology(raw)
            techs.append(tech)
            if tech == "unknown" and _is_set(raw) and str(raw).strip().lower() != "unknown":
                unknown.append((k, raw))
    ops = [str(v) if _is_set(v) else "" for v in frame.column("operator")]
    height_field = fields_of_layer.get("antenna_height_m", "antenna_height_m")
    heights_raw = _numbers(frame, "antenna_height_m", label, height_field, tr("a positive number of metres"),
                           lengths=True)
    heights_raw_given, not_given = radio.station_antenna_heights(heights_raw)
    below = not_given["below"]
    if len(below):
        # -1, -9999: how some lists say "unknown"; no antenna stands below the ground
        warnings.append(tr("{n} station with a negative {field}, read as not given (the default antenna height is "
                           "used): {items}",
                           "{n} stations with a negative {field}, read as not given (the default antenna height is "
                           "used): {items}", len(below)).format(
            n=number(len(below), count=True), field=height_field,
            items=", ".join(f"{label(k)}: {number(heights_raw[k], None)}" for k in below[:5])
            + (" …" if len(below) > 5 else "")))
    zero = not_given["zero"]
    if len(zero):
        # 0 is how many station lists say "unknown": the default height is used, as for an empty field
        warnings.append(tr("{n} station with {field} 0, read as not given (the default antenna height is used): "
                           "{items}",
                           "{n} stations with {field} 0, read as not given (the default antenna height is used): "
                           "{items}", len(zero)).format(
            n=number(len(zero), count=True), field=height_field,
            items=", ".join(label(k) for k in zero[:5]) + (" …" if len(zero) > 5 else "")))
    tall = not_given["tall"]
    if len(tall):
        # no antenna stands that high above the ground: an altitude above the sea, or feet or centimetres
        warnings.append(tr("{n} station with {field} above {limit} m above ground (an altitude above sea level, or "
                           "another unit?), read as not given (the default antenna height is used): {items}",
                           "{n} stations with {field} above {limit} m above ground (an altitude above sea level, or "
                           "another unit?), read as not given (the default antenna height is used): {items}",
                           len(tall)).format(
            n=number(len(tall), count=True), field=height_field, limit=number(MAX_ANTENNA_HEIGHT_M, None),
            items=", ".join(f"{label(k)}: {number(heights_raw[k], None)}" for k in tall[:5])
            + (" …" if len(tall) > 5 else "")))
    heights_raw = heights_raw_given
    heights = np.where(np.isnan(heights_raw), options.budget.base_height_m, heights_raw)
    azs = []
    empty = np.empty(0)
    counts = _sector_counts(frame, fields_of_layer.get("azimuths", "azimuths"))
    if counts:
        warnings.append(counts)
    if frame.all_null("azimuths") or counts:
        azs = [empty] * n
    else:
        for k, text in enumerate(frame.column("azimuths")):
            if not _is_set(text):
                azs.append(empty)
                continue
            try:
                azs.append(np.asarray(parse_azimuths(text), dtype=float))
            except ValueError as exc:
                raise InputError(tr("{station}: azimuths {value} — {error}").format(
                    station=label(k), value=repr(text), error=translated(exc))) from exc
    beams = _beamwidths(frame, label, options.beamwidth_deg, warnings)
    _shapefile_zero_azimuths(reader, frame, fields_of_layer.get("azimuths", "azimuths"), azs, label, warnings)
    freqs = _frequencies(frame, label, fields_of_layer, warnings)
    budgets = None
    if options.model != radio.MODEL_PRESET:
        budgets = _station_budgets(options.budget, freqs, label, warnings)
    if options.radius_m is not None:
        radii = np.full(n, float(options.radius_m))
    else:
        radius_field = fields_of_layer.get("radius_m", "radius_m")
        station_r = _numbers(frame, "radius_m", label, radius_field, tr("a number of metres"), lengths=True) \
            if options.use_station_radius else np.full(n, np.nan)
        station_r, zero = radio.station_radii(station_r)
        if zero:  # 0: how many lists say unknown, as the command line reads it (one core rule)
            warnings.append(tr("{n} station with {field} 0, read as not given (the model's radius is used): {items}",
                               "{n} stations with {field} 0, read as not given (the model's radius is used): "
                               "{items}", len(zero)).format(
                n=number(len(zero), count=True), field=radius_field,
                items=", ".join(label(k) for k in zero[:5]) + (" …" if len(zero) > 5 else "")))
        given = ~np.isnan(station_r)
        for k in np.nonzero(given & ~((station_r > 0) & (station_r <= MAX_RADIUS_M)))[0][:1]:
            _check_radius(station_r[k], f"{label(k)}: radius_m")
        radii = station_r.copy()
        todo = np.nonzero(~given)[0]
        if options.model == radio.MODEL_PRESET:
            model_r: dict = {}
            for k in todo:
                tech = techs[k]
                if tech not in model_r:
                    model_r[tech] = radio.preset_radius_m(tech, options.presets)
                radii[k] = model_r[tech]
        else:
            try:
                budget_r, notes = radio.budget_radii(budgets, heights, todo, label)
            except ValueError as exc:
                raise InputError(translated(exc)) from exc
            radii[todo] = budget_r[todo]
            top = radio.BUDGET_REACH_M
            for note, ks in notes.items():
                if not isinstance(note, str):  # beyond 20 km the model is extrapolated: its radius there is no estimate
                    note = tr("{model} reaches beyond {km} km, where the model no longer holds: the radius is {km} km "
                              "(give radius_m or RADIUS for a longer reach)").format(
                        model=radio.model_name(note[1]), km=number(top / 1000, None))
                warnings.append(tr("{note}: {n} station: {items}", "{note}: {n} stations: {items}", len(ks)).format(
                    note=translated(note), n=number(len(ks), count=True),
                    items=", ".join(label(k) for k in ks[:5]) + (" …" if len(ks) > 5 else "")))
    if unknown:
        warnings.append(tr("unknown technology for {n} station, counted as 'unknown' ({expected} expected): {items}",
                           "unknown technology for {n} stations, counted as 'unknown' ({expected} expected): {items}",
                           len(unknown)).format(
            n=number(len(unknown), count=True), expected=", ".join(TECHNOLOGIES),
            items="; ".join(f"{label(k)}: {raw!r}" for k, raw in unknown[:5]) + (" …" if len(unknown) > 5 else "")))
    table = StationTable(frame.lon, frame.lat, radii, azs, beams, techs, ops,
                         [], budgets, heights)
    table.antenna_m = heights_raw
    table.frequency_mhz = freqs
    table.station_ids = [str(v) if _is_set(v) else "" for v in frame.column("station_id")]
    table.names = [str(v) if _is_set(v) else "" for v in names] if names is not None else [""] * n
    table.fids = fids
    if site_field:
        ids = site_ids(frame.column(SITE_ID_COLUMN), ops)
        given = sum(v is not None for v in ids or ())
        if given:
            table.site_ids = ids
            warnings.append(tr("layer {layer}: sites counted by field {field} (stations of one operator and site id "
                               "within {m} m of one another are one site, stations without one by position): "
                               "{n} station of {total} has one",
                               "layer {layer}: sites counted by field {field} (stations of one operator and site id "
                               "within {m} m of one another are one site, stations without one by position): "
                               "{n} stations of {total} have one", given).format(
                layer=repr(reader.name), field=repr(site_field), m=number(SITE_ID_DISTANCE_M, None), n=given, total=n))
    return table, [translated(w) for w in warnings], fids


SITE_ID_COLUMN = "site_id"


def site_id_field(layer: QgsVectorLayer) -> str | None:
    """The layer's site id field (:data:`..core.stats.SITE_ID_FIELDS`), None when it has none."""
    return stats_site_id_field(layer.fields().names())


#: Antenna tilt fields of site lists (lower case): no model here uses a tilt, which the log says.
TILT_FIELDS = frozenset({"tilt", "downtilt", "down_tilt", "tilt_deg", "etilt", "e_tilt", "mtilt", "m_tilt",
                         "electrical_tilt", "mechanical_tilt", "틸트"})


MISSING_MARKERS = radio.MISSING_MARKERS


def _blank_markers(frame, field_map: dict, label, warnings: list) -> None:
    """The radio fields' "no value" markers (:data:`MISSING_MARKERS`) set to None in ``frame``, said in
    ``warnings`` by field, naming the stations."""
    for column in ("antenna_height_m", "azimuths", "radius_m", "beamwidth", *FREQUENCY_COLUMNS):
        if frame.all_null(column):
            continue

        if frame.is_constant(column):
            value = frame.constants.get(column)
            if not radio.missing_markers([value]):
                continue
            frame.constants[column] = None
            ks = list(range(frame.n))
        else:
            col = frame.columns[column]
            ks = radio.missing_markers(col)
            if not ks:
                continue
            value = col[ks[0]]
            for k in ks:
                col[k] = None
        warnings.append(tr("{field} {value} read as not given for {n} station: {items}",
                           "{field} {value} read as not given for {n} stations: {items}", len(ks)).format(
            field=field_map.get(column, column), value=repr(value.strip()), n=number(len(ks), count=True),
            items=", ".join(label(k) for k in ks[:5]) + (" …" if len(ks) > 5 else "")))


def _sector_counts(frame, field: str) -> str | None:
    """A note when the field read as azimuths is a 'sectors' field holding how many sectors each site has
    (1-6), not their bearings: it is then not read (discs)."""
    if field.lower() not in ("sectors", "sector", "num_sectors", "n_sectors") or frame.all_null("azimuths"):
        return None
    values = [v for v in frame.column("azimuths") if _is_set(v)]
    try:
        numbers = [float(v) for v in values]
    except (TypeError, ValueError):  # lists of bearings ('0;120;240') or compass points
        return None
    if not numbers or not all(x.is_integer() and 1 <= x <= 6 for x in numbers):
        return None
    return tr("field {field} holds how many sectors each site has ({values}), not their bearings: not read as "
              "azimuths (each station a disc)").format(field=repr(field),
                                                       values=", ".join(number(x, None) for x in sorted(set(numbers))))


def _shapefile_zero_azimuths(reader: StationsReader, frame, field: str, azs: list, label, warnings: list) -> None:
    """A Shapefile's numeric field has no NULL in many writers: a missing azimuth is stored as 0, which reads as
    north. In a Shapefile, a station of azimuth 0 without a beamwidth (or with 0 or 360, omnidirectional) is
    read as omnidirectional (a disc), in place in ``azs``, said in ``warnings``; one with a beamwidth keeps
    its sector pointing north."""
    if reader.storage_type != "ESRI Shapefile":
        return
    index = reader.fields.lookupField(field)
    if index < 0 or not reader.fields.at(index).isNumeric():
        return
    if not any(len(az) == 1 and az[0] == 0.0 for az in azs):
        return
    beam = _numbers(frame, "beamwidth", label, "beamwidth", tr("a number of degrees from 0 (omnidirectional) to 360"))
    omni = radio.shapefile_missing_azimuths(azs, beam)
    if not omni:
        return
    empty = np.empty(0)
    for k in omni:
        azs[k] = empty
    warnings.append(tr("layer {layer} is a Shapefile, which stores a missing {field} as 0: {n} station with {field} 0 "
                       "and no beamwidth (or 0 or 360) read as omnidirectional (a full disc): {items}",
                       "layer {layer} is a Shapefile, which stores a missing {field} as 0: {n} stations with {field} "
                       "0 and no beamwidth (or 0 or 360) read as omnidirectional (a full disc): {items}",
                       len(omni)).format(layer=repr(reader.name), field=field, n=number(len(omni), count=True),
                                         items=", ".join(label(k) for k in omni[:5]) + (" …" if len(omni) > 5 else "")))


def _beamwidths(frame, label, default: float, warnings: list) -> np.ndarray:
    """Each station's sector beamwidth (degrees), see :func:`..core.radio.station_beamwidths` (a bad value is
    refused naming the feature)."""
    values = None if frame.all_null("beamwidth") else frame.column("beamwidth")
    try:
        return radio.station_beamwidths(values, frame.n, label, default, warnings)
    except ValueError as exc:
        raise InputError(translated(exc)) from None


def _frequencies(frame, label, field_map: dict, warnings: list) -> np.ndarray:
    """Each station's frequency (MHz; NaN where none), see :func:`..core.radio.station_frequencies` (a value
    that is no frequency is refused naming the feature and the field)."""
    columns = {c: frame.column(c) for c in FREQUENCY_COLUMNS if not frame.all_null(c)}
    try:
        return radio.station_frequencies(columns, frame.n, label, field_map, warnings)
    except ValueError as exc:
        raise InputError(translated(exc)) from None


def _station_budgets(budget: radio.LinkBudget, freqs: np.ndarray, label, warnings: list) -> list:
    """The link budget of each station (:func:`..core.radio.station_budgets`); the stations computed with the
    other member of the Hata family than the chosen one, or at the nearest end of 150-2000 MHz, said naming
    them (the model does not hold at their frequency)."""
    lo, hi = radio.HATA_FREQ_MHZ[0], radio.COST231_FREQ_MHZ[1]
    out, other, clamped = radio.station_budgets(budget, freqs)

    def listed(ks):
        return ", ".join(f"{label(k)} ({number(freqs[k], None)} MHz)" for k in ks[:5]) + (" …" if len(ks) > 5 else "")

    if other:
        used = radio.MODEL_COST231 if budget.model == radio.MODEL_HATA else radio.MODEL_HATA
        warnings.append(tr("{n} station computed with {used} rather than {chosen}, the one that holds at its own "
                           "frequency: {items}",
                           "{n} stations computed with {used} rather than {chosen}, the one that holds at their own "
                           "frequency: {items}", len(other)).format(
            n=number(len(other), count=True), used=radio.model_name(used), chosen=radio.model_name(budget.model),
            items=listed(other)))
    if clamped:
        warnings.append(tr("{n} station has a frequency outside the {lo}-{hi} MHz where the Hata models hold: "
                           "computed at {lo} or {hi} MHz, the nearest end (above {hi} MHz the radius is too large, "
                           "below {lo} MHz too small): {items}",
                           "{n} stations have a frequency outside the {lo}-{hi} MHz where the Hata models hold: "
                           "computed at {lo} or {hi} MHz, the nearest end (above {hi} MHz the radius is too large, "
                           "below {lo} MHz too small): {items}", len(clamped)).format(
            n=number(len(clamped), count=True), lo=number(lo, None), hi=number(hi, None), items=listed(clamped)))
    return out


def _drop_repeated(reader: StationsReader, frame, wanted, field_map: dict | None = None,
                   check: Callable[[], None] | None = None) -> tuple:
    """The frame without the rows that repeat an earlier station, and a warning naming them.

    A row repeats a station when it has the same position, technology, operator, station_id,
    azimuths, frequency, beamwidth, antenna height and radius (the same station imported twice): it is
    one server. Stations on one mast that differ in any of these (2G and 3G, two operators, two cells,
    the 800 and 1800 MHz carriers of one sector) stay separate servers.
    """
    if frame.n < 2:
        return frame, None
    _, inverse, counts = np.unique(np.stack([frame.lon, frame.lat], axis=1), axis=0, return_inverse=True,
                                   return_counts=True)
    shared = np.nonzero(counts[np.ravel(inverse)] > 1)[0]
    if not len(shared):
        return frame, None
    fids = [int(frame.fids[k]) for k in shared]
    values = {}
    for name in ("technology", "operator", "station_id", "azimuths"):
        if name in wanted:
            col = frame.column(name)
            values[name] = [col[k] for k in shared]
            continue
        # a descriptive field the caller did not read: only the stations sharing a position are read
        idx = reader.fields.indexOf((field_map or {}).get(name, name))
        by_fid = {}
        if idx >= 0:
            req = QgsFeatureRequest().setFilterFids(fids).setFlags(QgsFeatureRequest.Flag.NoGeometry)
            req.setSubsetOfAttributes([idx])
            by_fid = {f.id(): f.attributes()[idx] for f in reader.features(req, check)}
        values[name] = [by_fid.get(fid) for fid in fids]

    # the carriers of one sector (LTE 800 and 1800 on one antenna, two cells of a site list) differ in
    # their frequency, beamwidth, height or radius: each is a server of its own
    for name in ("radius_m", "antenna_height_m", "beamwidth", *FREQUENCY_COLUMNS):
        if name in wanted and not frame.all_null(name):
            col = frame.column(name)
            values[name] = [col[k] for k in shared]
    values = {name: [v if _qvalue_set(v) else None for v in col] for name, col in values.items()}
    repeats = radio.repeated_stations([int(np.ravel(inverse)[k]) for k in shared], values)
    drop = [(fids[j], fids[first]) for j, first in repeats]
    gone = {int(shared[j]) for j, _first in repeats}
    if not drop:
        return frame, None
    frame = frame.take([k for k in range(frame.n) if k not in gone])
    listed = ", ".join(tr("feature {fid} (= feature {orig})").format(fid=fid, orig=orig) for fid, orig in drop[:5])
    return frame, tr("layer {layer}: {n} station repeats another one (same position, technology, operator, "
                     "station_id, azimuths, frequency, beamwidth, antenna height and radius) and is counted once: "
                     "{items}",
                     "layer {layer}: {n} stations repeat another one (same position, technology, operator, "
                     "station_id, azimuths, frequency, beamwidth, antenna height and radius) and are counted once: "
                     "{items}", len(drop)).format(layer=repr(reader.name), n=number(len(drop), count=True),
                                                  items=listed + (" …" if len(drop) > 5 else ""))


def _feature_name(reader: StationsReader, fid: int, field: str | None = None):
    """The ``name`` of one feature (for messages, when the name column was not read)."""
    idx = reader.fields.indexOf(field or "name")
    if idx < 0:
        return None
    feat = next(iter(reader.features(QgsFeatureRequest(fid))), None)
    value = feat.attributes()[idx] if feat is not None else None
    return value if _qvalue_set(value) else None


#: A length written with its unit, as OSM's height=* and site lists write it ('45 m', '150 ft', '5 km').
_LENGTH = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*(m|metres?|meters?|km|ft|feet|foot|')\s*$", re.IGNORECASE)
_LENGTH_UNITS = {"m": 1.0, "metre": 1.0, "metres": 1.0, "meter": 1.0, "meters": 1.0, "km": 1000.0, "ft": 0.3048,
                 "feet": 0.3048, "foot": 0.3048, "'": 0.3048}


def length_m(text) -> float | None:
    """Metres of a length written with its unit ('45 m', '150 ft', '5 km'), None when it is none."""
    m = _LENGTH.match(text) if isinstance(text, str) else None
    return float(m.group(1).replace(",", ".")) * _LENGTH_UNITS[m.group(2).lower()] if m else None


def _numbers(frame, column: str, label, what: str, expected: str, positive: bool = False,
             lengths: bool = False) -> np.ndarray:
    """A numeric column as floats (NaN where unset); a value that is no number raises, naming the feature.
    With ``lengths``, text giving a length with its unit ('45 m', '150 ft') is read in metres."""
    n = frame.n
    if frame.all_null(column):
        return np.full(n, np.nan)
    values = frame.column(column)
    out = np.full(n, np.nan)
    for k, v in enumerate(values):
        if not _is_set(v):
            continue
        try:
            x = float(v)
        except (TypeError, ValueError):
            x = length_m(v) if lengths else None
            if x is None:
                raise InputError(tr("{station}: {field} {value} must be {expected}").format(
                    station=label(k), field=what, value=repr(v), expected=expected)) from None
        if not math.isfinite(x) or (positive and x <= 0):
            raise InputError(tr("{station}: {field} {value} must be {expected}").format(
                station=label(k), field=what, value=repr(v), expected=expected))
        out[k] = x
    return out


#: Station fields the coverage reads (others are not fetched).
#: Fields giving a station's frequency, first set one first, and how their values are read
#: (:func:`..core.radio.frequency_mhz_of`).
FREQUENCY_COLUMNS = radio.FREQUENCY_COLUMNS
STATION_COLUMNS = ("station_id", "name", "technology", "operator", "status", "antenna_height_m", "azimuths",
                   "radius_m", "beamwidth", *FREQUENCY_COLUMNS)
#: Fields only used to describe stations in the outputs.
DESCRIPTIVE_COLUMNS = ("station_id", "name", "operator")


def _station_aliases() -> dict[str, tuple[str, ...]]:
    from ..core.importers import FIELD_ALIASES

    out = {name: tuple(a for a in FIELD_ALIASES.get(name, ()) if a != name) for name in STATION_COLUMNS}
    # a 'gen' / '세대' column is as often a backup generator's Y/N or a count of households
    out["technology"] = tuple(a for a in out["technology"] if a not in ("gen", "세대", "세대구분", "generation"))
    out.update(radio.RADIO_FIELD_ALIASES)
    return out


#: Other names station lists give the fields the coverage reads (matched in any case), tried when the
#: layer has no field of the schema's name in any case nor cut to 10 letters by a Shapefile
#: ('antenna_he'): an OpenCelliD / site-list export opened as it is has 'azimuth', 'radio', 'height'.
STATION_FIELD_ALIASES = _station_aliases()


def station_field_map(layer: QgsVectorLayer, columns: tuple[str, ...] = STATION_COLUMNS
                      ) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """``{station field: layer field}`` of the fields the coverage reads, and the (station field, layer
    field) pairs read under another name than the schema's, to say so (of a layer or a Processing source).

    The field of that name, else one of that name in another case (``AZIMUTHS``) or cut to 10
    characters (a Shapefile's ``antenna_he``), else the first of its aliases in any case (``azimuth``,
    ``Height``, ``radio``).
    """
    return station_fields(layer.fields(), columns)


def station_fields(fields: QgsFields, columns: tuple[str, ...] = STATION_COLUMNS
                   ) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """:func:`station_field_map` of a layer's ``fields``."""
    names = fields.names()
    by_lower: dict[str, str] = {}
    for n in names:
        by_lower.setdefault(n.lower(), n)
    out: dict[str, str] = {}
    other: list[tuple[str, str]] = []
    taken = set()
    for column in columns:
        if column in names:
            out[column] = column
            taken.add(column)
    for column in columns:
        if column in out:
            continue
        candidates = [column.lower()]
        if len(column) > 10:
            candidates.append(column[:10].lower())
        candidates.extend(a.lower() for a in STATION_FIELD_ALIASES.get(column, ()))
        for cand in candidates:
            found = by_lower.get(cand)
            if found is not None and found not in taken:
                out[column] = found
                taken.add(found)
                if found.lower() != column.lower():
                    other.append((column, found))
                break
    return out, other


class _StationFrame:
    """Positions (WGS84) and attribute columns of the stations; constant columns stored once."""

    def __init__(self, fids, lon, lat, columns: dict, constants: dict):
        self.fids = np.asarray(fids, dtype=np.int64)
        self.lon = np.asarray(lon, dtype=float)
        self.lat = np.asarray(lat, dtype=float)
        self.columns = columns
        self.constants = constants

    @property
    def n(self) -> int:
        return len(self.fids)

    def is_constant(self, name: str) -> bool:
        return name not in self.columns

    def all_null(self, name: str) -> bool:
        return name not in self.columns and self.constants.get(name) is None

    def column(self, name: str) -> list:
        if name in self.columns:
            return self.columns[name]
        return [self.constants.get(name)] * self.n

    def take(self, index) -> _StationFrame:
        index = np.asarray(index, dtype=np.int64)
        cols = {k: [v[i] for i in index] for k, v in self.columns.items()}
        return _StationFrame(self.fids[index], self.lon[index], self.lat[index], cols, dict(self.constants))


def _station_frame(reader: StationsReader, check: Callable[[], None] | None = None) -> _StationFrame:
    """Station columns (:attr:`StationsReader.columns`) + WGS84 lon/lat of the features with a point.

    Fast on tens of thousands of stations: a column with a single value in the whole layer (for
    example all NULL) is not fetched per feature; geometries are read as WKB and decoded with
    numpy in one go; positions are transformed in bulk.
    """
    fields, columns, field_map, json = reader.fields, reader.columns, reader.frame_fields, reader.json_fields
    request = QgsFeatureRequest().setFilterFids(reader.selected) if reader.selected is not None else None
    names = [n for n in columns if n in field_map]
    constants = {n: None for n in columns if n not in field_map}
    fetch = names
    if request is None:
        # JSON fields are read through OGR where QGIS gives NULL: fetched
        single = reader.constant_values([field_map[n] for n in names
                                         if json is None or field_map[n] not in json.names], check)
        for n in names:
            if field_map[n] in single:
                v = single[field_map[n]]
                constants[n] = v if _qvalue_set(v) else None
        fetch = [n for n in names if field_map[n] not in single]
    req = QgsFeatureRequest(request) if request is not None else QgsFeatureRequest()
    idx = [fields.indexOf(field_map[n]) for n in fetch]
    cols = {n: [] for n in fetch}
    # tens of thousands of small objects: the cyclic garbage collector would scan them again and
    # again while they are created (none of them is part of a cycle)
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        if idx:
            req.setSubsetOfAttributes(idx)
            rows = [(f.id(), f.geometry(), f.attributes()) for f in reader.features(req, check)]
        else:
            req.setNoAttributes()
            rows = [(f.id(), f.geometry(), None) for f in reader.features(req, check)]
        x, y, keep = _points_of([r[1] for r in rows], reader.single_points)
    finally:
        if gc_was_on:
            gc.enable()
    fids = [rows[k][0] for k in keep]
    for n, i in zip(fetch, idx):
        col = cols[n]
        in_json = json is not None and field_map[n] in json.names
        for k in keep:
            v = rows[k][2][i]
            if in_json:
                v = json.value(field_map[n], rows[k][0], v)
            col.append(v if _qvalue_set(v) else None)
    crs = reader.crs
    if crs.isValid() and crs.authid() != "EPSG:4326" and len(x):
        t = transformer(crs.toWkt(), "EPSG:4326")
        x, y = t.transform(x, y)
    return _StationFrame(fids, x, y, cols, constants)


def _points_of(geoms: list, single: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x, y of every point of the QgsGeometries and the index of the geometry each comes from
    (geometries without a point give none; a multipoint of several masts gives each of them).

    Single-point layers: all points are collected into one multipoint whose WKB numpy decodes in
    one go (when every feature has its point); otherwise each geometry's WKB is decoded.
    """
    n = len(geoms)
    if single and n:
        wkb = bytes(QgsGeometry.collectGeometry(geoms).asWkb())
        if len(wkb) >= 9 and wkb[0] == 1 and int.from_bytes(wkb[5:9], "little") == n:
            x, y, ok = _points_from_wkb_multi(wkb, n)
            if ok is not None:
                keep = np.nonzero(ok)[0]
                return x[keep], y[keep], keep
    return _points_from_wkb([bytes(g.asWkb()) for g in geoms])


def _points_from_wkb_multi(wkb: bytes, n: int):
    """Decode a little-endian (ISO) multipoint of ``n`` equal-size points; None when it is not one."""
    body = len(wkb) - 9
    if n == 0 or body % n:
        return None, None, None
    size = body // n
    if size not in (21, 29, 37):
        return None, None, None
    rec = np.frombuffer(wkb, dtype=np.uint8, offset=9).reshape(n, size)
    gtype = rec[:, 1:5].copy().view("<u4")[:, 0]
    if not ((rec[:, 0] == 1).all() and (((gtype & 0x0FFFFFFF) % 1000) == 1).all()):
        return None, None, None
    xy = rec[:, 5:21].copy().view("<f8")
    x, y = xy[:, 0].copy(), xy[:, 1].copy()
    return x, y, np.isfinite(x) & np.isfinite(y)


def _points_from_wkb(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x, y of every point of the WKB geometries and the index of the geometry of each (vectorised
    for points; each point of a multipoint, in order)."""
    n = len(blobs)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    if n == 0:
        return x, y, np.zeros(0, dtype=np.int64)
    lengths = np.fromiter(map(len, blobs), dtype=np.int64, count=n)
    buf = np.frombuffer(b"".join(blobs), dtype=np.uint8)
    starts = np.cumsum(lengths) - lengths
    simple = lengths >= 21
    s = starts[simple]
    order = buf[s] if len(s) else np.zeros(0, dtype=np.uint8)
    gtype = (buf[s[:, None] + np.arange(1, 5)].copy().view("<u4")[:, 0]) if len(s) else np.zeros(0, np.uint32)
    point = (order == 1) & (((gtype & 0x0FFFFFFF) % 1000) == 1)
    idx = np.nonzero(simple)[0][point]
    if len(idx):
        sp = starts[idx]
        x[idx] = buf[sp[:, None] + np.arange(5, 13)].copy().view("<f8")[:, 0]
        y[idx] = buf[sp[:, None] + np.arange(13, 21)].copy().view("<f8")[:, 0]
    done = np.zeros(n, dtype=bool)
    done[idx] = True
    rest = np.nonzero(~done & (lengths > 0))[0]
    more = {}  # geometry index -> the points of a multipoint after its first
    if len(rest):
        from shapely import wkb

        for k in rest:
            try:
                g = wkb.loads(blobs[k])
            except Exception:  # unreadable geometry: skipped like a missing one
                continue
            points = [p for p in (g.geoms if hasattr(g, "geoms") else [g])
                      if not p.is_empty and p.geom_type == "Point"]
            if not points:
                continue
            x[k], y[k] = points[0].x, points[0].y
            if len(points) > 1:
                more[int(k)] = [(p.x, p.y) for p in points[1:]]
    ok = np.isfinite(x) & np.isfinite(y)
    if not more:
        keep = np.nonzero(ok)[0]
        return x[keep], y[keep], keep
    xs, ys, index = [], [], []
    for k in range(n):
        pts = ([(x[k], y[k])] if ok[k] else []) + [p for p in more.get(k, ()) if math.isfinite(p[0])
                                                   and math.isfinite(p[1])]
        for px, py in pts:
            xs.append(px)
            ys.append(py)
            index.append(k)
    return np.asarray(xs, dtype=float), np.asarray(ys, dtype=float), np.asarray(index, dtype=np.int64)


def region_fields(layer: QgsVectorLayer) -> list[tuple[str, bool]]:
    """The layer's fields as (name, is_text), for :func:`choose_name_field`."""
    text = field_type("str")
    return [(f.name(), f.type() == text) for f in layer.fields()]


def region_field_note(layer_name: str, field: str, how: str) -> str:
    """What a run says of the name field it chose by itself (:func:`choose_name_field`)."""
    if how == NAME_KNOWN:
        text = tr("region layer '{layer}': region names read from field '{field}' (no name field chosen)")
    elif how == NAME_TEXT:
        text = tr("region layer '{layer}': no name field chosen nor recognised (name, NAME_1, ADM1_EN, shapeName, "
                  "시도명...): region names read from its first text field '{field}'; choose the name field if it "
                  "is another")
    else:
        text = tr("region layer '{layer}': no name field chosen and no text field: regions are named by its "
                  "first field '{field}'; choose the name field if it is another")
    return text.format(layer=layer_name, field=field)


def read_regions(layer: QgsVectorLayer, name_field: str | None) -> tuple[RegionTable, list[str]]:
    """Region polygons (shapely, layer CRS) and names; invalid geometries are repaired or reported."""
    return RegionsReader(layer, name_field).read()


#: The name a region without one is given in the statistics (translated as it is written: the literal is in
#: :meth:`RegionsReader.read`, where the translation file finds it).
UNNAMED_REGION = "(unnamed, feature {fid})"


class RegionsReader:
    """The regions of a polygon layer, read in two steps: made on the main thread (the layer checked, its name
    field chosen, a copy of its feature source, edits included, taken), :meth:`read` in any thread (a detailed
    layer of provinces or districts, millions of vertices, takes seconds). Raises :class:`InputError` as
    :func:`read_regions` does."""

    def __init__(self, layer: QgsVectorLayer, name_field: str | None):
        if layer is None or not layer.isValid():
            raise InputError(tr("the region layer is missing or invalid"))
        if layer.geometryType() != QgsWkbTypes.GeometryType.PolygonGeometry:
            raise InputError(tr("layer {layer} is not a polygon layer").format(layer=repr(layer.name())))
        _require_crs(layer, tr("region layer"))
        warnings = []
        first_of = _first_of_several(layer)
        if first_of:
            warnings.append(first_of)
        if not name_field:
            name_field, how = choose_name_field(region_fields(layer))
            if how:
                warnings.append(region_field_note(layer.name(), name_field, how))
        idx = -1
        if name_field:
            try:
                idx, note = _field_index(layer, name_field, tr("region layer"))
            except InputError as exc:
                raise InputError(str(exc) + (f"; {first_of}" if first_of else "")) from None
            if note:
                warnings.append(note)
        #: what choosing the layer's field said (the read adds the features' repairs)
        self.warnings = warnings
        self.name, self.crs_wkt, self._index = layer.name(), layer.crs().toWkt(), idx
        self._json = JsonFields.of(layer, [layer.fields().at(idx).name()]) if idx >= 0 else None
        self._source = QgsVectorLayerFeatureSource(layer)
        #: the layer itself, when the read is in its own thread (:func:`read_stations`): its provider finds the
        #: fields of a single value (a read in a task goes over the features' values)
        self.layer: QgsVectorLayer | None = None

    def read(self, check=None) -> tuple[RegionTable, list[str]]:
        """The regions and every warning (any thread; ``check()`` raising cancels it)."""
        from shapely import wkb

        idx, json = self._index, self._json
        warnings = list(self.warnings)
        names, geoms = [], []
        for n, feat in enumerate(self._source.getFeatures(QgsFeatureRequest())):
            if check is not None and n % 200 == 199:
                check()
            geom = feat.geometry()
            value = feat.attributes()[idx] if idx >= 0 else None
            if json is not None:
                value = json.value(json.names[0], feat.id(), value)
            name = _region_name(value) if _qvalue_set(value) else \
                tr("(unnamed, feature {fid})").format(fid=feat.id())
            if geom is None or geom.isNull() or geom.isEmpty():
                warnings.append(tr("region {name}: no geometry, skipped").format(name=name))
                continue
            if QgsWkbTypes.isCurvedType(geom.wkbType()):  # surfaces with arcs (GML, GeoPackage): 1° segments
                geom = QgsGeometry(geom.constGet().segmentize())
            if not geom.isGeosValid():
                fixed = geom.makeValid()
                if fixed.isNull() or fixed.isEmpty():
                    raise InputError(tr("region {name} (layer {layer}, feature {fid}): invalid geometry that cannot "
                                        "be repaired").format(name=name, layer=repr(self.name), fid=feat.id()))
                warnings.append(tr("region {name}: invalid geometry repaired (make valid)").format(name=name))
                geom = fixed
                if geom.type() != QgsWkbTypes.GeometryType.PolygonGeometry:
                    parts = [p for p in geom.asGeometryCollection()
                             if p.type() == QgsWkbTypes.GeometryType.PolygonGeometry]
                    geom = QgsGeometry.collectGeometry(parts) if parts else QgsGeometry()
                    if geom.isNull():
                        raise InputError(tr("region {name}: invalid geometry without any polygon left after "
                                            "repair").format(name=name))
            shp = wkb.loads(bytes(geom.asWkb()))
            if not shp.is_valid:
                shp = shp.buffer(0)
            names.append(name)
            geoms.append(shp)
        if not geoms:
            raise InputError(tr("region layer {layer} has no polygon").format(layer=repr(self.name)))
        return RegionTable(names, geoms, self.crs_wkt), warnings


def _region_name(value) -> str:
    """A region's name as text; a code in a real-number field (a GeoPackage REAL, a shapefile's N(10,0)
    read as a double) reads as the attribute table shows it, 11 rather than 11.0."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value)


def _field_index(layer: QgsVectorLayer, name: str, what: str) -> tuple[int, str | None]:
    """Index of field ``name``, else of the one field named so in another case (with a note saying so).

    Field names differ in case between sources (GADM's ``NAME_1``, a shapefile export's ``name_1``);
    two fields matching in another case are refused, naming them.
    """
    names = layer.fields().names()
    if name in names:
        return names.index(name), None
    matches = [n for n in names if n.casefold() == name.casefold()]
    if len(matches) == 1:
        return names.index(matches[0]), tr("{what} {layer}: no field {name}, field {used} used").format(
            what=what, layer=repr(layer.name()), name=repr(name), used=repr(matches[0]))
    if matches:
        raise InputError(tr("{what} {layer} has no field {name} and several fields that differ from it in case only: "
                            "{fields}; choose one").format(what=what, layer=repr(layer.name()), name=repr(name),
                                                           fields=", ".join(matches)))
    raise InputError(tr("{what} {layer} has no field {name} (fields: {fields})").format(
        what=what, layer=repr(layer.name()), name=repr(name), fields=", ".join(names)))


def _require_crs(layer: QgsVectorLayer, what: str) -> None:
    """Refuse a vector layer without a CRS, saying how to give it one (the CRS set in QGIS is used)."""
    if not layer.crs().isValid():
        raise InputError(tr("{what} {layer} has no coordinate reference system (a TopoJSON file or a shapefile "
                            "without its .prj opens so): set it in Layer Properties › Source (EPSG:4326 for "
                            "longitudes and latitudes), then run again").format(what=what, layer=repr(layer.name())))


def _first_of_several(layer: QgsVectorLayer) -> str | None:
    """A note when ``layer`` is a file of several layers opened without naming one (QGIS then reads
    the first: a GADM GeoPackage's country outline, ADM_ADM_0, rather than its provinces)."""
    if layer.providerType() != "ogr":
        return None
    try:
        parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
        if not is_null(parts.get("layerName")) or not is_null(parts.get("layerId")):
            return None
        subs = [str(s).split("!!::!!") for s in layer.dataProvider().subLayers()]
        # the layers of polygons (index, name, count, geometry type, ...): a file's point layers or
        # tables are not what a region layer may have been taken for
        names = [p[1] for p in subs if "polygon" in p[3].lower() or "surface" in p[3].lower()]
    except (AttributeError, IndexError, RuntimeError):
        return None
    if len(names) < 2:
        return None
    path = parts.get("path") or layer.source()
    listed = ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
    return tr("region layer {layer} is the first of the {n} polygon layers of {path} ({layers}); for another one "
              "give it by name, e.g. {example}").format(layer=repr(layer.name()), n=number(len(names), count=True),
                                                        path=path, layers=listed, example=ogr_uri(path, names[1]))


def _qvalue_set(value) -> bool:
    return not is_null(value) and str(value).strip() != ""


def field_name(layer: QgsVectorLayer, name: str, what: str, warnings: list | None = None) -> str:
    """The layer's name of field ``name``: the exact one, else the one field named so in another case
    (a note saying so goes to ``warnings``); several matching in case only, or none, are refused."""
    idx, note = _field_index(layer, name, what)
    if note and warnings is not None:
        warnings.append(note)
    return layer.fields().at(idx).name()


def read_population_points(layer: QgsVectorLayer, value_field: str,
                           warnings: list | None = None) -> PopulationPoints:
    """Points with a population count from ``value_field`` (matched as region name fields are: exact
    name first, else the one field differing in case only, noted in ``warnings``)."""
    reader = PopulationPointsReader(layer, value_field, warnings)
    points, notes = reader.read()
    if warnings is not None:
        warnings.extend(notes)
    return points


class PopulationPointsReader:
    """Population points read in two steps, as :class:`RegionsReader`: made on the main thread (the layer and its
    field checked, a note on the field matched added to ``warnings``, a copy of its feature source taken),
    :meth:`read` in any thread."""

    def __init__(self, layer: QgsVectorLayer, value_field: str, warnings: list | None = None):
        if layer is None or not layer.isValid():
            raise InputError(tr("the population point layer is missing or invalid"))
        if not value_field:
            raise InputError(tr("population layer {layer}: no population field chosen").format(
                layer=repr(layer.name())))
        self.field = field_name(layer, value_field, tr("population layer"), warnings)
        self._index = layer.fields().indexOf(self.field)
        _require_crs(layer, tr("population layer"))
        self.name, self.crs_wkt = layer.name(), layer.crs().toWkt()
        self._json = JsonFields.of(layer, [self.field])
        self._source = QgsVectorLayerFeatureSource(layer)
        #: the layer itself, when the read is in its own thread (:func:`read_stations`): its provider finds the
        #: fields of a single value (a read in a task goes over the features' values)
        self.layer: QgsVectorLayer | None = None

    def read(self, check=None) -> tuple[PopulationPoints, list[str]]:
        """The points and what was not counted (any thread; ``check()`` raising cancels it)."""
        idx, json, value_field, name = self._index, self._json, self.field, self.name
        xs, ys, vals = [], [], []
        no_point, no_value, several = [], [], []
        for n, feat in enumerate(self._source.getFeatures(QgsFeatureRequest())):
            if check is not None and n % 5000 == 4999:
                check()
            geom = feat.geometry()
            if geom is None or geom.isNull() or geom.isEmpty():
                no_point.append(feat.id())
                continue
            value = feat.attributes()[idx]
            if json is not None:
                value = json.value(value_field, feat.id(), value)
            if not _qvalue_set(value):
                no_value.append(feat.id())
                continue
            try:
                v = parse_count(value)  # a text field of a CSV: '1,234' and '12 500' are counts too
            except (TypeError, ValueError) as exc:
                raise InputError(tr("population layer {layer}, feature {fid}: {field} = {value} is not a number "
                                    "(counts are read as 1234, 1,234 or 12 500)").format(
                    layer=repr(name), fid=feat.id(), field=value_field, value=repr(value))) from exc
            if not math.isfinite(v) or v < 0:
                raise InputError(tr("population layer {layer}, feature {fid}: {field} = {value} must be a "
                                    "non-negative number").format(layer=repr(name), fid=feat.id(), field=value_field,
                                                                  value=repr(v)))
            if geom.isMultipart():
                points = geom.asMultiPoint()
                if len(points) > 1:  # one value for the feature: it stands at its first point
                    several.append(feat.id())
                pt = points[0]
            else:
                pt = geom.asPoint()
            xs.append(pt.x())
            ys.append(pt.y())
            vals.append(v)
        warnings = []
        for fids, message in (
                (no_point, lambda n: tr("population layer {layer}: {n} feature without a position is not counted: "
                                        "{items}",
                                        "population layer {layer}: {n} features without a position are not counted: "
                                        "{items}", n)),
                (no_value, lambda n: tr("population layer {layer}: {n} feature without a {field} value is not "
                                        "counted: {items}",
                                        "population layer {layer}: {n} features without a {field} value are not "
                                        "counted: {items}", n)),
                (several, lambda n: tr("population layer {layer}: {n} feature holds several points: its people are "
                                       "counted at the first one: {items}",
                                       "population layer {layer}: {n} features hold several points: their people "
                                       "are counted at the first one: {items}", n))):
            if fids:
                warnings.append(message(len(fids)).format(
                    layer=repr(name), n=number(len(fids), count=True), field=value_field,
                    items=", ".join(tr("feature {fid}").format(fid=fid) for fid in fids[:5])
                    + (" …" if len(fids) > 5 else "")))
        return PopulationPoints(np.array(xs), np.array(ys), np.array(vals), self.crs_wkt), warnings


def raster_path(layer: QgsRasterLayer) -> str:
    """File path of a GDAL raster layer (population rasters are read with GDAL, band by band)."""
    if layer is None or not layer.isValid():
        raise InputError(tr("the population raster is missing or invalid"))
    if layer.providerType() != "gdal":
        if layer.width() <= 0 or layer.height() <= 0:  # tiles a server draws at each scale: no cells
            kind = {"wms": "XYZ/WMS/WMTS", "arcgismapserver": "ArcGIS MapServer"}.get(layer.providerType(),
                                                                                 layer.providerType())
            raise InputError(tr("population raster {layer} is a web map layer ({kind}): a server draws its pictures "
                                "at each scale and it holds no counts of people; choose a raster of people per cell "
                                "(WorldPop, GHS-POP, LandScan...)").format(layer=repr(layer.name()), kind=kind))
        raise InputError(tr("population raster {layer} is not read from a file (provider {provider}): save its values "
                            "as a GeoTIFF (Export › Save As…, raw data) and choose that").format(
            layer=repr(layer.name()), provider=layer.providerType()))
    if not layer.crs().isValid():
        raise PopulationInputError(tr("population raster {layer} has no coordinate reference system: set it in Layer "
                                      "Properties › Source, then run again").format(layer=repr(layer.name())))
    return gdal_path(layer)  # (a path holding '|' whole)


def raster_nodata(layer: QgsRasterLayer, band: int) -> NoDataRule:
    """The no data values of a population raster layer's ``band`` as set in QGIS (Layer Properties ›
    Transparency): its file's nodata unless "No data value" of the source is unticked, and the
    analyst's additional values (a WorldPop or GPW file without a nodata tag whose fill they marked)."""
    provider = layer.dataProvider()
    if provider is None or band < 1 or band > provider.bandCount():
        return SOURCE_NODATA
    inclusive_low = (QgsRasterRange.BoundsType.IncludeMinAndMax, QgsRasterRange.BoundsType.IncludeMin)
    inclusive_high = (QgsRasterRange.BoundsType.IncludeMinAndMax, QgsRasterRange.BoundsType.IncludeMax)

    def bound(value):  # an open side is NaN in QGIS: None here, so that two reads of one layer compare equal
        return None if math.isnan(value) else float(value)

    ranges = tuple((bound(r.min()), bound(r.max()), r.bounds() in inclusive_low, r.bounds() in inclusive_high)
                   for r in provider.userNoDataValues(band))
    return NoDataRule(bool(provider.useSourceNoDataValue(band)), ranges)


def raster_crs(layer: QgsRasterLayer) -> str:
    """The CRS (WKT) a population raster layer has in QGIS, which wins over its file's (as for DEMs)."""
    return layer.crs().toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED)


# -- output layers ---------------------------------------------------------------------------
def fields_of(spec) -> QgsFields:
    out = QgsFields()
    for name, kind in spec:
        out.append(QgsField(name, field_type(kind)))
    return out


def coverage_fields() -> QgsFields:
    return fields_of(COVERAGE_FIELDS)


def stats_fields(columns=STAT_FIELDS) -> QgsFields:
    """Fields of the statistics table (``columns``: the table's, e.g. with the terrain fields)."""
    return fields_of([(name, STAT_FIELD_KINDS[name]) for name in columns])


def qgs_crs(definition: str) -> QgsCoordinateReferenceSystem:
    """A QGIS CRS from "EPSG:n" or WKT."""
    if definition.upper().startswith(("EPSG:", "ESRI:", "IGNF:")):
        return QgsCoordinateReferenceSystem(definition)
    return QgsCoordinateReferenceSystem.fromWkt(definition)


#: Transforms and facts of CRSs kept between conversions (:class:`GeometryConverter`), keyed by the CRSs' WKT.
_CONVERSIONS: dict = {}


class GeometryConverter:
    """Shapely geometries in one source CRS (a run's footprints) -> QgsGeometry in ``dest_crs``: the transforms and
    what is known of the two CRSs found once. In any thread when ``context`` (the project's transform context, read
    on the main thread) is given; else the project's is read."""

    def __init__(self, src_wkt: str, dest_crs: QgsCoordinateReferenceSystem,
                 context: QgsCoordinateTransformContext | None = None, cache: dict | None = None):
        cache = _CONVERSIONS if cache is None else cache
        if context is None:
            context = QgsProject.instance().transformContext()
        self.src_wkt, self.dest_crs, self.context, self._cache = src_wkt, dest_crs, context, cache
        key = (src_wkt, dest_crs.toWkt())
        transform = cache.get(key)
        if transform is None:
            src = qgs_crs(src_wkt)
            transform = QgsCoordinateTransform(src, dest_crs, context) if src != dest_crs else False
            if len(cache) > 32:
                cache.clear()
            cache[key] = transform
        self.transform = transform
        self.geographic = dest_crs.isGeographic()
        #: (latitude, point) of the poles the source CRS places (:func:`..core.population.pole_points`), and their x, y
        self._poles: list = []
        self._pole_xy: list = []
        #: the destination puts the two sides of 180° at opposite edges of its map (Web Mercator)
        self.wraps = False
        if transform and self.geographic:
            points = cache.get(("poles", src_wkt))
            if points is None:
                points = cache[("poles", src_wkt)] = pole_points(src_wkt)
            self._poles, self._pole_xy = points, [(point.x, point.y) for _lat, point in points]
        elif transform:
            self.wraps = _wraps_at_180(dest_crs, cache, context)

    def __call__(self, geom) -> QgsGeometry:
        g = QgsGeometry()
        g.fromWkb(geom.wkb)
        transform = self.transform
        if not transform:
            return g
        dest_crs = self.dest_crs
        g.transform(transform)
        if g.isEmpty():
            return g
        if self.geographic:
            poles = self._poles_inside(geom)
            if poles:  # around a pole: through every longitude, closed at the pole
                g = QgsGeometry()
                g.fromWkb(around_pole_lonlat(geom, transformer(self.src_wkt, dest_crs.toWkt()), poles).wkb)
            elif g.boundingBox().width() > 180.0:
                g = _split_at_antimeridian(g, geom, transform)
        elif self.wraps:
            # Web Mercator and the like: x jumps from one edge of the map to the other at 180°; a
            # polygon across it is split there in longitudes, then its parts are projected
            wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
            to_ll = self._cache.get(("to WGS84", self.src_wkt))
            if to_ll is None:
                to_ll = self._cache[("to WGS84", self.src_wkt)] = QgsCoordinateTransform(
                    qgs_crs(self.src_wkt), wgs84, self.context)
            ll = QgsGeometry()
            ll.fromWkb(geom.wkb)
            ll.transform(to_ll)
            if ll.boundingBox().width() > 180.0:
                g = _split_at_antimeridian(ll, geom, to_ll)
                g.transform(QgsCoordinateTransform(wgs84, dest_crs, self.context))
        return g

    def _poles_inside(self, geom) -> list[float]:
        """:func:`..core.population.poles_inside`, asked only of a polygon whose bounds hold a pole."""
        bounds = geom.bounds
        if len(bounds) != 4 or not any(bounds[0] <= x <= bounds[2] and bounds[1] <= y <= bounds[3]
                                       for x, y in self._pole_xy):
            return []
        return poles_inside(geom, points=self._poles)


def _wraps_at_180(crs: QgsCoordinateReferenceSystem, cache: dict,
                  context: QgsCoordinateTransformContext | None = None) -> bool:
    """Whether a projected ``crs`` puts the two sides of the 180° meridian at opposite edges of its
    map (Web Mercator, World Mercator, Robinson...) rather than side by side (UTM zone 60)."""
    key = ("wraps at 180", crs.toWkt())
    if key not in cache:
        to_crs = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), crs,
                                        context if context is not None else QgsProject.instance().transformContext())
        try:
            west, east, near = (to_crs.transform(QgsPointXY(lon, 0.0)) for lon in (-179.999, 179.999, 179.998))
            # 0.002° apart on the ground: side by side, or a whole map apart
            cache[key] = abs(east.x() - west.x()) > 1000.0 * max(abs(east.x() - near.x()), 1e-12)
        except QgsCsException:
            cache[key] = False
    return cache[key]


def _split_at_antimeridian(g: QgsGeometry, source, transform) -> QgsGeometry:
    """A polygon turned into longitudes across 180° (its vertices jumping from 180° to -180°, a
    band around the earth) as a valid multipolygon of its parts on either side of the meridian."""
    from shapely import wkb
    from shapely.affinity import translate
    from shapely.geometry import MultiPolygon, box
    from shapely.ops import transform as shapely_transform

    bx0, by0, bx1, by1 = source.bounds
    mid = transform.transform((bx0 + bx1) / 2.0, (by0 + by1) / 2.0).x()
    ll = wkb.loads(bytes(g.asWkb()))

    def unwrap(x, y):
        x = np.asarray(x, dtype=float)
        return mid + (x - mid + 180.0) % 360.0 - 180.0, y

    ll = shapely_transform(unwrap, ll)
    if not ll.is_valid:
        ll = ll.buffer(0)
    parts = []
    for shift in (-360.0, 0.0, 360.0):
        piece = ll.intersection(box(-180.0 - shift, -90.0, 180.0 - shift, 90.0))
        if piece.is_empty:
            continue
        piece = translate(piece, xoff=shift)
        parts.extend(p for p in getattr(piece, "geoms", [piece]) if p.geom_type == "Polygon" and not p.is_empty)
    out = QgsGeometry()
    out.fromWkb(MultiPolygon(parts).wkb)
    return out


def _area_km2(geom: QgsGeometry, crs: QgsCoordinateReferenceSystem) -> float:
    """Ellipsoidal (WGS84) area of ``geom`` in km², whatever its CRS."""
    return _area_measure(crs)(geom)


def _area_measure(crs: QgsCoordinateReferenceSystem, context: QgsCoordinateTransformContext | None = None):
    """:func:`_area_km2` of geometries in ``crs``, its measure made once (any thread with ``context``)."""
    da = QgsDistanceArea()
    da.setSourceCrs(crs, context if context is not None else QgsProject.instance().transformContext())
    da.setEllipsoid("WGS84")
    return lambda geom: da.measureArea(geom) / 1e6


#: How many output features are made between two looks at a ``check()`` (a task's cancel).
CHECK_FEATURES = 200


def _checked(items, check: Callable[[], None] | None):
    """``items``, ``check()`` called every :data:`CHECK_FEATURES` of them (its raising stops the loop)."""
    for n, item in enumerate(items):
        if check is not None and n % CHECK_FEATURES == CHECK_FEATURES - 1:
            check()
        yield item


def coverage_features(result, stations: StationTable, fids: list[int], dest_crs, model: str,
                      scenarios=("likely",), context: QgsCoordinateTransformContext | None = None,
                      check: Callable[[], None] | None = None) -> list[QgsFeature]:
    """The footprint of each station (per scenario) as features of :data:`COVERAGE_FIELDS` in ``dest_crs`` (any
    thread with ``context``; ``check()`` raising stops it)."""
    fields = coverage_fields()
    feats = []
    ids, names = stations.station_ids, stations.names
    budgets = stations.budgets if model in (radio.MODEL_HATA, radio.MODEL_COST231) else None
    convert, area = GeometryConverter(result.metric_crs, dest_crs, context), _area_measure(dest_crs, context)
    for s in scenarios:
        for i, poly in _checked(result.stations[s], check):
            f = QgsFeature(fields)
            geom = _multi(convert(poly))
            # a station's own frequency may call for the other Hata model: the one it was computed with
            used = budgets[i].model if budgets is not None and budgets[i] is not None else model
            f.setAttributes([fids[i], ids[i], names[i], stations.technology[i], stations.operator[i], s,
                             float(stations.radius_m[i] * _factor(result, s)), used, area(geom)])
            f.setGeometry(geom)
            feats.append(f)
    return feats


def _factor(result, scenario) -> float:
    return result.factors.get(scenario, 1.0)


def _multi(geom: QgsGeometry) -> QgsGeometry:
    """``geom`` as a MultiPolygon, as the polygon outputs are typed: a footprint that covers
    nothing (a station outside the DEM) comes as an empty geometry collection, which a
    MultiPolygon layer refuses; it is written as an empty MultiPolygon (area 0)."""
    if QgsWkbTypes.flatType(geom.wkbType()) == QgsWkbTypes.Type.GeometryCollection:
        polygons = [part for part in geom.asGeometryCollection()
                    if part.type() == QgsWkbTypes.GeometryType.PolygonGeometry and not part.isEmpty()]
        geom = QgsGeometry.collectGeometry(polygons) if polygons else QgsGeometry.fromWkt("MultiPolygon EMPTY")
    if not geom.isMultipart():
        geom.convertToMultiType()
    return geom


def dissolved_features(result, dest_crs, scenarios=None, context: QgsCoordinateTransformContext | None = None,
                       check: Callable[[], None] | None = None) -> list[QgsFeature]:
    """The dissolved coverage (of ``scenarios``, all by default) as features of :data:`DISSOLVED_FIELDS`."""
    fields = fields_of(DISSOLVED_FIELDS)
    out = []
    convert, area = GeometryConverter(result.metric_crs, dest_crs, context), _area_measure(dest_crs, context)
    for s, key, poly in _checked(result.dissolved, check):
        if scenarios is not None and s not in scenarios:
            continue
        f = QgsFeature(fields)
        geom = _multi(convert(poly))
        f.setAttributes([s, key, area(geom)])
        f.setGeometry(geom)
        out.append(f)
    return out


def overlap_features(result, dest_crs, context: QgsCoordinateTransformContext | None = None,
                     check: Callable[[], None] | None = None) -> list[QgsFeature]:
    """The overlap classes (1, 2, 3+ servers) as features of :data:`OVERLAP_FIELDS`."""
    fields = fields_of(OVERLAP_FIELDS)
    out = []
    convert, area = GeometryConverter(result.metric_crs, dest_crs, context), _area_measure(dest_crs, context)
    for val, poly in _checked(result.overlap, check):
        f = QgsFeature(fields)
        geom = _multi(convert(poly))
        f.setAttributes([int(val), "3+" if val >= 3 else str(val), area(geom)])
        f.setGeometry(geom)
        out.append(f)
    return out


def best_server_features(result, stations: StationTable, fids: list[int], dest_crs,
                         context: QgsCoordinateTransformContext | None = None,
                         check: Callable[[], None] | None = None) -> list[QgsFeature]:
    """Each station's best-server area as features of :data:`BEST_SERVER_FIELDS`."""
    fields = fields_of(BEST_SERVER_FIELDS)
    ids, names = stations.station_ids, stations.names
    out = []
    convert, area = GeometryConverter(result.metric_crs, dest_crs, context), _area_measure(dest_crs, context)
    for i, poly in _checked(result.best_server, check):
        f = QgsFeature(fields)
        geom = _multi(convert(poly))
        f.setAttributes([fids[i], ids[i], names[i], stations.technology[i], area(geom)])
        f.setGeometry(geom)
        out.append(f)
    return out


def stats_features(table) -> list[QgsFeature]:
    columns = list(table.columns)
    fields = stats_fields(columns)
    out = []
    for rec in table.to_dict("records"):
        f = QgsFeature(fields)
        f.setAttributes([_plain(rec[name], STAT_FIELD_KINDS[name]) for name in columns])
        out.append(f)
    return out


def _plain(value, kind):
    if kind == "str":
        return str(value)
    if kind == "int":
        return int(value)
    value = float(value)
    # NaN: nothing counted (the population columns of a run without population): NULL, not a number
    return None if math.isnan(value) else value


def memory_layer(name: str, geometry: str, fields: QgsFields, feats, crs=None,
                 context: QgsCoordinateTransformContext | None = None) -> QgsVectorLayer:
    """A memory layer of ``feats`` (in any thread: the layer then belongs to it until moved to another with
    ``moveToThread``)."""
    uri = geometry if crs is None else f"{geometry}?crs={crs.authid() or 'EPSG:4326'}"
    options = QgsVectorLayer.LayerOptions(context if context is not None else QgsCoordinateTransformContext())
    options.skipCrsValidation = True  # (its CRS is set here: no one asked for it, in no thread)
    layer = QgsVectorLayer(uri, name, "memory", options)
    if crs is not None and crs.isValid():
        layer.setCrs(crs)
    layer.dataProvider().addAttributes(fields.toList())
    layer.updateFields()
    layer.dataProvider().addFeatures(list(feats))
    layer.updateExtents()
    return layer


def style_by_technology(layer: QgsVectorLayer, field_name: str = "technology", alpha: float = 0.35) -> None:
    cats = []
    for tech in TECHNOLOGIES:
        color = technology_color(tech)
        r, g, b, a = hex_to_rgba(color, alpha)
        sym = QgsFillSymbol.createSimple({"color": f"{r},{g},{b},{a}", "outline_color": color,
                                          "outline_width": "0.3"})
        cats.append(QgsRendererCategory(tech, sym, tech))
    layer.setRenderer(QgsCategorizedSymbolRenderer(field_name, cats))


def style_overlap(layer: QgsVectorLayer) -> None:
    cats = []
    for val, label in ((1, "1"), (2, "2"), (3, "3+")):
        r, g, b, a = hex_to_rgba(COUNT_COLORS[val - 1], 0.6)
        sym = QgsFillSymbol.createSimple({"color": f"{r},{g},{b},{a}", "outline_style": "no"})
        cats.append(QgsRendererCategory(val, sym, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("servers", cats))


@dataclass
class LayerContent:
    """An output layer's content, made in any thread (the dock's task: turning 50,000 footprints into features in
    the map's CRS, their areas measured, held the map for ten seconds on the main thread): its name, geometry type,
    fields, features and style. :meth:`layer` makes the memory layer on the main thread (a tenth of a second for
    50,000 features), as layers are made only there."""

    name: str
    geometry: str
    fields: QgsFields
    features: list
    crs: QgsCoordinateReferenceSystem | None = None
    #: the style: ``style_by_technology``'s field, or ``"overlap"``; None: QGIS's own
    style: str | None = None

    def layer(self, context: QgsCoordinateTransformContext | None = None, features: bool = True) -> QgsVectorLayer:
        """The styled memory layer (main thread); without its features when ``features`` is False (they are
        added to a layer already in the project instead, see :func:`..project.update_or_add`)."""
        layer = memory_layer(self.name, self.geometry, self.fields, self.features if features else [], self.crs,
                             context)
        if self.style == "overlap":
            style_overlap(layer)
        elif self.style is not None:
            style_by_technology(layer, self.style)
        return layer


def coverage_contents(result, stations: StationTable, fids: list[int], model: str, crs: QgsCoordinateReferenceSystem,
                      names: dict[str, str], context: QgsCoordinateTransformContext | None = None,
                      check: Callable[[], None] | None = None,
                      progress: Callable[[float], None] | None = None) -> list[LayerContent]:
    """The content of the dock's polygon layers of a run (any thread, with ``context``), in the order it puts them
    in the project: best server, overlap, coverage per station, coverage (the 'likely' scenario dissolved by
    technology); ``names`` gives their names (keys ``best``, ``overlap``, ``stations``, ``coverage``), each footprint
    in ``crs``, its area measured. ``check()`` raising stops it; ``progress(fraction)`` says how far it is."""
    def step(fraction):
        if progress is not None:
            progress(fraction)

    polygons = "MultiPolygon"
    per_station = LayerContent(names["stations"], polygons, coverage_fields(), coverage_features(
        result, stations, fids, crs, model, context=context, check=check), crs, "technology")
    step(0.5)
    dissolved = LayerContent(names["coverage"], polygons, fields_of(DISSOLVED_FIELDS), dissolved_features(
        result, crs, ("likely",), context, check), crs, "group")
    overlap = LayerContent(names["overlap"], polygons, fields_of(OVERLAP_FIELDS), overlap_features(
        result, crs, context, check), crs, "overlap")
    step(0.6)
    best = LayerContent(names["best"], polygons, fields_of(BEST_SERVER_FIELDS), best_server_features(
        result, stations, fids, crs, context, check), crs, "technology")
    step(1.0)
    return [best, overlap, per_station, dissolved]


def statistics_content(name: str, table) -> LayerContent:
    """The statistics table's content as a table layer (no geometry; in any thread, as :func:`coverage_contents`)."""
    return LayerContent(name, "None", stats_fields(table.columns), stats_features(table))


def write_count_raster(count: np.ndarray, grid, crs_wkt: str, path: str) -> str:
    """Coverage count GeoTIFF aligned to ``grid``; written to a temporary file, then moved."""
    from osgeo import gdal, osr

    # staged (core.safe_write): a folder of that name is refused, not written into; the file is whole or untouched
    with staged(os.path.abspath(path), overwrite=True) as staged_path:
        tmp = str(staged_path)  # created by GDAL with the user's usual permissions
        drv = gdal.GetDriverByName("GTiff")
        ds = drv.Create(tmp, grid.width, grid.height, 1, gdal.GDT_UInt16, ["COMPRESS=DEFLATE", "TILED=YES"])
        ds.SetGeoTransform(grid.geotransform())
        srs = osr.SpatialReference()
        srs.SetFromUserInput(crs_wkt)
        ds.SetProjection(srs.ExportToWkt())
        band = ds.GetRasterBand(1)
        band.WriteArray(count.astype(np.uint16))
        band.SetDescription("number of stations covering the cell (cell-centre rule)")
        ds.FlushCache()
        ds = None
    return path


def write_csv(table, path: str, bom: bool = False) -> str:
    """The statistics table as CSV (UTF-8; with a BOM when ``bom``, for a file meant for Excel, which reads
    region names in Hangul or with ŏ right only then), written to a temporary file then moved into place."""
    # staged (core.safe_write): a folder of that name is refused (the file was moved into it), the file is whole or
    # untouched
    with staged(os.path.abspath(path), overwrite=True) as tmp:
        # region names that a spreadsheet would run as formulas are written as text
        formula_safe_frame(table).to_csv(tmp, index=False, encoding="utf-8-sig" if bom else "utf-8",
                                         lineterminator="\r\n")  # RFC 4180 records
    return path


def coverage_error(exc: BaseException) -> bool:
    """Whether ``exc`` is an input problem to show as a message (not a bug)."""
    return isinstance(exc, INPUT_ERRORS)
