"""The PDF report: an A4 landscape QgsPrintLayout, exported to PDF (and the map page to PNG).

Page 1: title, date, one-line summary, the map (coverage over imagery or a plain offline
basemap, stations, region borders) with legend, scale bar, north arrow and attributions.
Page 2: the statistics table per region and total with ranges, a bar chart of covered
population per region (an SVG drawn by ``core.chart``) and the methods paragraph.
The dock and ``basestationmapper:report`` both call :func:`build_report` + :func:`export_report`.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from qgis.core import (
    Qgis,
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsField,
    QgsFillSymbol,
    QgsGeometry,
    QgsLayerTree,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutItemTextTable,
    QgsLayoutMultiFrame,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsLayoutTableColumn,
    QgsLayoutTableStyle,
    QgsMapLayer,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsPrintLayout,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsRendererCategory,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFont

from ..compat import distance_unit, field_type
from ..constants import I18N_DIR, TR_CONTEXT, icon_path
from ..core.chart import bar_chart_svg
from ..core.gdal_util import quiet_gdal
from ..core.geo import mean_lonlat, utm_epsg
from ..core.messages import Msg, Num, joined, literal, num
from ..core.methods import station_radii_words
from ..core.palette import TECHNOLOGY_COLORS, hex_to_rgba
from ..core.pipeline import has_population, population_columns
from ..core.safe_write import ExportError, check_destination, staged
from ..core.stats import format_count
from ..core.tables import nameless, range_columns, region_column, report_table, split_total
from ..i18n import number, number_spec, tr, translated
from .coverage_io import UNNAMED_REGION, length_m
from .no_crs import assume_wgs84
from .values import JsonFields, filled_features, is_null

#: Custom property of a statistics table made in the dock: how that coverage was computed (JSON with
#: ``model``, ``parameters``, ``penetration``, ``dem``, ``population``), for the report's methods.
COVERAGE_RUN_PROPERTY = "basestation_mapper/coverage_run"
#: Key of the penetration among the methods' ``parameters`` (a run's stored JSON included): the same in every
#: language, the word shown translated by :func:`methods_paragraph`.
PENETRATION_PARAMETER = "penetration"
#: Keys of the other methods' ``parameters``: the English label, the same in every language (a run's stored JSON
#: included), named in the report's language by :func:`parameter_label`.
RADIUS_PARAMETER = "radius"
BUDGET_PARAMETER = "Link budget"
PRESETS_PARAMETER = "radius per technology"
RANGE_PARAMETER = "Range (radius ×)"


def parameter_label(key: str) -> str:
    """The label of a methods' parameter key in the QGIS language (a key of no known parameter as it is)."""
    labels = {PENETRATION_PARAMETER: tr("penetration"), RADIUS_PARAMETER: tr("radius"),
              BUDGET_PARAMETER: tr("Link budget"), PRESETS_PARAMETER: tr("radius per technology"),
              RANGE_PARAMETER: tr("Range (radius ×)")}
    return labels.get(key, key)


PARAMETER_KEYS = (PENETRATION_PARAMETER, RADIUS_PARAMETER, BUDGET_PARAMETER, PRESETS_PARAMETER, RANGE_PARAMETER)


def _parameter_keys() -> dict[str, str]:
    """The keys a run's ``parameters`` can hold a parameter under, each with its key of :data:`PARAMETER_KEYS`: the
    key itself, its word in the QGIS language now and in every language the plugin ships (runs stored before the
    keys were the same in every language hold the words of the language they ran in)."""
    from qgis.PyQt.QtCore import QTranslator

    keys = {key: key for key in PARAMETER_KEYS}
    keys.update({parameter_label(key): key for key in PARAMETER_KEYS})
    for qm in sorted(I18N_DIR.glob("*.qm")):
        translator = QTranslator()
        if translator.load(str(qm)):
            for key in PARAMETER_KEYS:
                try:
                    word = translator.translate(TR_CONTEXT, key)
                except UnicodeEncodeError:  # PyQt5 passes the source text as ASCII ('×'): its UTF-8 bytes
                    word = translator.translate(TR_CONTEXT, key.encode("utf-8"))
                keys.setdefault(word or key, key)
    return keys


def _run_value_to_json(value):
    """A value of a run's description as JSON: a core message (:class:`..core.messages.Msg`) as its English
    template and values, so that it is shown in the language of the report, whichever the run's was; a number
    (:class:`..core.messages.Num`) as the number and its format, written as QGIS writes numbers when shown."""
    if isinstance(value, Num):
        return {"num": value.value, "spec": value.spec}
    if isinstance(value, Msg):
        return {"msg": value.template, "plural": value.plural, "n": value.n, "literal": value.literal,
                "args": {k: _run_value_to_json(v) for k, v in value.args.items()}}
    if isinstance(value, dict):
        return {str(k): _run_value_to_json(v) for k, v in value.items()}
    return value


def _run_value_of_json(value):
    """:func:`_run_value_to_json` read back: messages as :class:`..core.messages.Msg`, numbers as
    :class:`..core.messages.Num` (text as it is)."""
    if isinstance(value, dict) and set(value) == {"num", "spec"} and isinstance(value["spec"], str):
        try:
            return num(value["num"], value["spec"])
        except (TypeError, ValueError):  # no number, or a format it does not take
            return str(value["num"])
    if isinstance(value, dict) and isinstance(value.get("msg"), str) and isinstance(value.get("args", {}), dict):
        try:
            return Msg(value["msg"], value.get("plural"), value.get("n"),
                       {str(k): _run_value_of_json(v) for k, v in (value.get("args") or {}).items()},
                       bool(value.get("literal")))
        except (KeyError, IndexError, ValueError, TypeError):  # a template its values do not fill
            return str(value["msg"])
    if isinstance(value, dict):
        return {k: _run_value_of_json(v) for k, v in value.items()}
    return value


def store_coverage_run(layer, run: dict) -> None:
    """Store the description of a run (:func:`coverage_run_of` reads it) on ``layer``: its parameters under the
    keys of :data:`PARAMETER_KEYS` and its words as core messages, so that a report shows them in its language."""
    import json

    layer.setCustomProperty(COVERAGE_RUN_PROPERTY, json.dumps(_run_value_to_json(run)))


def preset_radii_text(radii: dict) -> dict[str, Msg]:
    """The report's methods entry for coverage by technology presets: ``{"radius per technology":
    "2G 12 km, 3G 4 km, ..."}`` (a message: its numbers written as QGIS writes them when shown)."""
    return {PRESETS_PARAMETER: joined(", ", (literal("{tech} {km} km", tech=str(k), km=num(v / 1000, "g"))
                                             for k, v in radii.items()))}


def radius_text(radius_m: float) -> Msg:
    """The methods' parameter of one radius for every station: ``'12,000 m'`` (written as QGIS writes numbers
    when shown)."""
    return literal("{radius} m", radius=num(float(radius_m), ",.0f"))


def range_text(low: float, high: float) -> Msg:
    """The methods' range of the radius (its multipliers, low and high scenarios): ``'0.8–1.2'``."""
    return literal("{low}–{high}", low=num(float(low), "g"), high=num(float(high), "g"))


def penetration_text(penetration: float) -> Num:
    """The methods' penetration (a share of the population): ``'0.27'``."""
    return num(float(penetration), ".2f")


def with_station_radii(parameters: dict[str, str], stations) -> dict[str, str]:
    """``parameters`` of the methods (presets or link budget) with the stations' own radii in front: a station's
    radius_m wins over both, so a layer whose stations all carry one was covered by them alone (the methods
    gave the presets, radii nobody used)."""
    if stations is None:
        return parameters
    idx = stations.fields().lookupField("radius_m")
    if idx < 0:
        return parameters
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes([idx])
    # a GeoJSON property mixing numbers and text ('3000', '2 km'), which QGIS reads as NULL, read as the coverage does
    json = JsonFields.of(stations, [stations.fields().at(idx).name()])
    return radii_in_front(parameters, idx, filled_features(stations.getFeatures(request), json, stations.fields(),
                                                           request))


def radii_in_front(parameters: dict[str, str], idx: int, features) -> dict[str, str]:
    """``parameters`` with the stations' own radii in front (see :func:`with_station_radii`), counted over
    ``features``, whose attribute ``idx`` is radius_m (of a layer, or of a copy of its features read in a task)."""
    total = given = 0
    for feat in features:
        total += 1
        value = feat.attributes()[idx]
        if is_null(value):
            continue
        try:
            radius = float(value)
        except (TypeError, ValueError):
            radius = length_m(value)  # '2 km'
        given += radius is not None and radius > 0
    if not given:
        return parameters
    if given == total:
        return {RADIUS_PARAMETER: station_radii_words(given, total)}
    return {RADIUS_PARAMETER: station_radii_words(given, total), **parameters}


def coverage_run_of(layer) -> dict:
    """The description of the run stored on ``layer`` by the dock ({} when there is none), its words as core
    messages (:func:`store_coverage_run`), shown translated."""
    import json

    raw = layer.customProperty(COVERAGE_RUN_PROPERTY, "") if layer is not None else ""
    try:
        run = json.loads(raw) if raw else {}
    except (TypeError, ValueError):
        return {}
    return _run_value_of_json(run) if isinstance(run, dict) else {}
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 10.0
LAND = "#f3f1ec"
SEA = "#dbe8f2"
FONT_FAMILY = "DejaVu Sans"
#: Raster providers that draw tiles fetched from a server.
WEB_PROVIDERS = ("wms", "wcs", "arcgismapserver")
#: Bars of the report's chart: past this many regions the smallest are one bar ("12 other regions").
CHART_MAX_BARS = 25


@dataclass
class ReportInputs:
    """Everything the report shows. Layers are copied and restyled; the originals stay untouched."""

    regions: QgsVectorLayer
    region_field: str
    statistics: pd.DataFrame
    stations: QgsVectorLayer | None = None
    coverage: list[QgsMapLayer] = field(default_factory=list)
    imagery: list[QgsRasterLayer] = field(default_factory=list)
    title: str = ""
    subtitle: str = ""
    report_date: date | None = None
    model: str = ""
    parameters: dict[str, str] = field(default_factory=dict)
    dem: str = ""
    population: str = ""
    penetration: float | None = None
    attributions: list[str] = field(default_factory=list)


@dataclass
class Report:
    """A built layout with the private project that owns its layers (keep it alive while exporting)."""

    layout: QgsPrintLayout
    project: QgsProject
    workdir: tempfile.TemporaryDirectory
    table: list[list[str]]
    methods: str
    #: what the reader of the report should know about its inputs (a layer without CRS read as WGS84,
    #: imagery without a date, regions without a name): the caller shows them (Processing log, message bar)
    warnings: list[str] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return self.layout.pageCollection().pageCount()

    def close(self) -> None:
        self.workdir.cleanup()


# -- helpers ------------------------------------------------------------------------------------------
def imagery_dates(layers: Sequence[QgsMapLayer]) -> list[tuple[str, str]]:
    """``(layer name, acquisition date or '')`` from the plugin's custom layer property (read from
    a local raster's file when the layer does not carry it yet)."""
    from .imagery import read_acquisition_date

    return [(layer.name(), read_acquisition_date(layer) or "") for layer in layers]


def _text_format(size: float, bold: bool = False, color: str = "#222222") -> QgsTextFormat:
    fmt = QgsTextFormat()
    font = QFont(FONT_FAMILY)
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setSizeUnit(QgsUnitTypes.RenderUnit.RenderPoints)
    fmt.setColor(QColor(color))
    return fmt


def _haloed(fmt):
    """``fmt`` (a QgsTextFormat) with a white halo of 0.8 mm: text drawn over borders, coasts and stations."""
    halo = QgsTextBufferSettings()
    halo.setEnabled(True)
    halo.setSize(0.8)
    halo.setColor(QColor("white"))
    fmt.setBuffer(halo)
    return fmt


def _place(item, x: float, y: float, w: float, h: float, page: int) -> None:
    item.attemptResize(QgsLayoutSize(w, h, MM))
    item.attemptMove(QgsLayoutPoint(x, y, MM), True, False, page)


def _label(layout, text: str, size: float, rect: tuple[float, float, float, float], page: int, bold=False,
           color="#222222", halign=Qt.AlignmentFlag.AlignLeft) -> QgsLayoutItemLabel:
    label = QgsLayoutItemLabel(layout)
    label.setText(text)
    if hasattr(label, "setTextFormat"):
        label.setTextFormat(_text_format(size, bold, color))
    else:  # QGIS < 3.24
        font = QFont(FONT_FAMILY)
        font.setPointSizeF(size)
        font.setBold(bold)
        label.setFont(font)
        label.setFontColor(QColor(color))
    label.setHAlign(halign)
    label.setVAlign(Qt.AlignmentFlag.AlignTop)
    layout.addLayoutItem(label)
    _place(label, *rect, page)
    return label


def known_crs(layer: QgsVectorLayer, warnings: list[str] | None = None) -> QgsCoordinateReferenceSystem:
    """The CRS of ``layer``; a layer without one (a shapefile without its .prj) whose extent lies
    within longitude/latitude bounds is taken as WGS84 (saying so in ``warnings``), any other is
    refused (naming it)."""
    if layer.crs().isValid():
        return layer.crs()
    crs, warning = assume_wgs84(layer.name(), layer.extent(), ExportError)
    if warnings is not None and warning not in warnings:
        warnings.append(warning)
    return crs


def _copy_vector(layer: QgsVectorLayer, name: str) -> QgsVectorLayer:
    copy = layer.materialize(QgsFeatureRequest())
    copy.setName(name)
    if not copy.crs().isValid():
        copy.setCrs(known_crs(layer))
    return copy


#: The field of the report's copy of the regions that holds their names as text, when the region field is one
#: QGIS reads as NULL (:class:`.values.JsonFields`).
LABEL_FIELD = "bsm_region_label"


def _regions_copy(layer: QgsVectorLayer, field_name: str) -> tuple[QgsVectorLayer, str]:
    """The map's copy of the regions and the field its labels read: ``field_name`` itself, or, for a GeoJSON
    property holding numbers in some features and text in others (NULL in QGIS, no label), a text field of the
    copy holding the names as written (as the statistics name the regions)."""
    copy = _copy_vector(layer, layer.name())
    idx = _field_index(layer, field_name)
    json = JsonFields.of(layer, [layer.fields().at(idx).name()]) if idx >= 0 else None
    if json is None:
        return copy, field_name
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes([idx])
    # the copy holds the features in the order the layer gives them (materialize adds them so)
    names = [feat.attributes()[idx] for feat in filled_features(layer.getFeatures(request), json, layer.fields(),
                                                                request)]
    provider = copy.dataProvider()
    provider.addAttributes([QgsField(LABEL_FIELD, field_type("str"))])
    copy.updateFields()
    label = copy.fields().indexOf(LABEL_FIELD)
    fids = [feat.id() for feat in copy.getFeatures(QgsFeatureRequest().setNoAttributes().setFlags(
        QgsFeatureRequest.Flag.NoGeometry))]
    provider.changeAttributeValues({fid: {label: None if is_null(name) else str(name)}
                                    for fid, name in zip(fids, names)})
    return copy, LABEL_FIELD


def _fill(color: str, alpha: float, outline: str | None = None, width: float = 0.2) -> QgsFillSymbol:
    r, g, b, a = hex_to_rgba(color, alpha)
    return QgsFillSymbol.createSimple({
        "color": f"{r},{g},{b},{a}", "outline_color": outline or color, "outline_width": str(width),
        "outline_width_unit": "MM",
    })


def _field_index(layer: QgsVectorLayer, name: str) -> int:
    names = [f.name().lower() for f in layer.fields()]
    return names.index(name.lower()) if name.lower() in names else -1


def _by_technology(layer: QgsVectorLayer, make_symbol) -> None:
    idx = _field_index(layer, "technology")
    if idx < 0:
        renderer = layer.renderer()
        if hasattr(renderer, "setSymbol"):
            renderer.setSymbol(make_symbol(TECHNOLOGY_COLORS["3G"]))
        return
    present = {str(v) for v in layer.uniqueValues(idx)}
    categories = [QgsRendererCategory(tech, make_symbol(color), tech)
                  for tech, color in TECHNOLOGY_COLORS.items() if tech in present]
    for other in sorted(present - set(TECHNOLOGY_COLORS)):
        categories.append(QgsRendererCategory(other, make_symbol(TECHNOLOGY_COLORS["unknown"]), other))
    layer.setRenderer(QgsCategorizedSymbolRenderer(layer.fields()[idx].name(), categories))


#: Station markers (mm): on a map of a large scale, and on one of a whole country (1:1,000,000 and smaller), where
#: markers of 1.8 mm, a few kilometres apart along roads, hid the coverage drawn under them.
STATION_SIZE_MM = 1.8
STATION_SIZE_SMALL_SCALE_MM = 0.9
SMALL_SCALE = 1_000_000


def _style_stations(layer: QgsVectorLayer, size: float = STATION_SIZE_MM) -> None:
    _by_technology(layer, lambda c: QgsMarkerSymbol.createSimple(
        {"name": "circle", "color": c, "outline_color": "#222222", "outline_width": "0.15", "size": f"{size:g}"}))


def _style_coverage(layer: QgsMapLayer) -> None:
    if isinstance(layer, QgsVectorLayer):
        _by_technology(layer, lambda c: _fill(c, 0.35, c, 0.1))
    else:
        layer.setOpacity(0.6)


#: Characters per line of the map's region labels.
REGION_LABEL_WRAP = 16


def _style_regions(layer: QgsVectorLayer, field_name: str) -> None:
    layer.renderer().setSymbol(QgsFillSymbol.createSimple(
        {"color": "0,0,0,0", "outline_color": "#555555", "outline_width": "0.3", "outline_width_unit": "MM"}))
    settings = QgsPalLayerSettings()
    settings.fieldName = field_name
    # a long name in lines of about 16 characters (on one line it was wider than its region and than the room
    # between its neighbours' labels, and the map left it out)
    settings.autoWrapLength = REGION_LABEL_WRAP
    settings.useMaxLineLengthForAutoWrap = True
    settings.setFormat(_haloed(_text_format(7, False, "#333333")))
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def map_crs(regions: QgsVectorLayer) -> QgsCoordinateReferenceSystem:
    """The UTM zone of the regions' centre (a metric map: the scale bar is true in kilometres).

    The centre is the mean of the regions' parts on the globe (longitudes averaged as angles): regions
    split at 180° (Fiji's, in WGS84) span -180..180, whose middle, 0°, lies on the other side of the earth.
    """
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    to_ll = QgsCoordinateTransform(known_crs(regions), wgs84, QgsProject.instance())
    lons, lats = [], []
    for feat in regions.getFeatures(QgsFeatureRequest().setNoAttributes()):
        geom = feat.geometry()
        if geom is None or geom.isEmpty():
            continue
        for part in geom.asGeometryCollection():
            try:
                centre = to_ll.transform(part.boundingBox().center())
            except QgsCsException:
                continue
            lons.append(centre.x())
            lats.append(centre.y())
    if not lons:
        centre = to_ll.transformBoundingBox(regions.extent()).center()
        lons, lats = [centre.x()], [centre.y()]
    lon, lat = mean_lonlat(lons, lats)
    return QgsCoordinateReferenceSystem(f"EPSG:{utm_epsg(lon, lat)}")


def _extent_in(layer: QgsVectorLayer, crs: QgsCoordinateReferenceSystem, project) -> QgsRectangle:
    """The extent of ``layer``'s features drawn in ``crs`` (each shape transformed: the box of a layer
    split at 180° spans the world, and so would its transformed corners)."""
    transform = QgsCoordinateTransform(layer.crs(), crs, project)
    box = None
    for feat in layer.getFeatures(QgsFeatureRequest().setNoAttributes()):
        geom = feat.geometry()
        if geom is None or geom.isEmpty():
            continue
        geom = QgsGeometry(geom)
        try:
            geom.transform(transform)
        except QgsCsException:
            continue
        if box is None:
            box = geom.boundingBox()
        else:
            box.combineExtentWith(geom.boundingBox())
    return box if box is not None else transform.transformBoundingBox(layer.extent())


def _nice(value: float) -> float:
    import math

    power = 10 ** math.floor(math.log10(value))
    for mult in (1, 2, 5, 10):
        if value <= mult * power:
            return mult * power
    return 10 * power


def summary_line(stats: pd.DataFrame, station_count: int | None, region_col: str | None = None) -> str:
    """'1,043 stations · 71.2 % of population covered (64.0–78.4 %) · 6.9 M est. subscribers'; of the area-only
    table (no population source) '1,043 stations · 58.3 % of area covered (51.0–66.2 %)'; numbers written as QGIS
    writes them (:func:`..i18n.number`)."""
    _rows, total = split_total(stats, region_col)
    ranges = range_columns(list(stats.columns))
    parts = []
    if station_count is not None:
        parts.append(tr("{n} station", "{n} stations", station_count).format(n=number(station_count, count=True)))
    if "covered_pop_pct" in total.index and pd.notna(total["covered_pop_pct"]):
        text = tr("{pct} % of population covered").format(pct=number(float(total["covered_pop_pct"]), 1))
        rc = ranges.get("covered_pop_pct")
        if rc and pd.notna(total.get(rc.low)) and pd.notna(total.get(rc.high)):
            text += f" ({number(float(total[rc.low]), 1)}–{number(float(total[rc.high]), 1)} %)"
        parts.append(text)
    elif not has_population(stats) and "covered_area_pct" in total.index and pd.notna(total["covered_area_pct"]):
        # the area-only table (no population source): its share of the area covered, as the other its people's
        text = tr("{pct} % of area covered").format(pct=number(float(total["covered_area_pct"]), 1))
        rc = ranges.get("covered_area_pct")
        if rc and pd.notna(total.get(rc.low)) and pd.notna(total.get(rc.high)):
            text += f" ({number(float(total[rc.low]), 1)}–{number(float(total[rc.high]), 1)} %)"
        parts.append(text)
    if "estimated_subscribers" in total.index and pd.notna(total["estimated_subscribers"]):
        # as the dock's summary writes a count (566, 48.3 k, 6.9 M): '0.00 M' said nothing of a small network
        text = translated(format_count(total["estimated_subscribers"]))
        rc = ranges.get("estimated_subscribers")
        if rc and pd.notna(total.get(rc.low)) and pd.notna(total.get(rc.high)):
            text += f" ({translated(format_count(total[rc.low]))}–{translated(format_count(total[rc.high]))})"
        parts.append(tr("{n} est. subscribers").format(n=text))
    return " · ".join(parts)


def methods_paragraph(inputs: ReportInputs, station_count: int | None) -> str:
    """The methods text: model and parameters, population and terrain sources, imagery dates."""
    parts = []
    people = has_population(inputs.statistics)  # else the area-only table: no subscribers, no population source
    parameters = {}
    known = _parameter_keys()
    for key, value in inputs.parameters.items():
        key = known.get(key, key)
        if key == PENETRATION_PARAMETER and not people:  # no subscribers estimated: no penetration in the methods
            continue
        # in the language of the report, whichever the run's was
        parameters[parameter_label(key)] = translated(value)
    if inputs.model:
        parts.append(tr("Coverage model: {model}.").format(model=translated(inputs.model)))
    if parameters:
        items = [f"{k} {v}" for k, v in parameters.items()]
        # a value ending in a colon ('... for 1 of 4, the others:') introduces the next ones: no ';' after it
        params = "".join(item + (" " if item.rstrip().endswith(":") else "; ") for item in items[:-1]) + items[-1]
        parts.append(tr("Parameters: {params}.").format(params=params))
    ranges = range_columns(list(inputs.statistics.columns))
    if ranges:
        parts.append(tr("Ranges in brackets are the low and high scenarios of the coverage model."))
    parts.append(tr("Terrain: {dem}.").format(dem=inputs.dem or tr("none (no line-of-sight masking)")))
    if not people:  # a given table counting no people ('as in the statistics table X' said nothing of that)
        parts.append(tr("Population: {source}.").format(source=tr("none (the area covered only)")))
    elif inputs.population:
        parts.append(tr("Population: {source}.").format(source=translated(inputs.population)))
    if inputs.penetration is not None and people:  # no people, no subscribers
        parts.append(tr("Estimated subscribers = covered population × penetration {pct} % (6.5–7 M subscribers of "
                        "~25 M people, Williams & Slavney 2022).").format(pct=number(100 * inputs.penetration, 0)))
    if station_count is not None:
        parts.append(tr("Stations mapped: {n}.").format(n=number(station_count, count=True)))
    dates = imagery_dates(inputs.imagery)
    if dates:
        unknown = tr("date unknown")
        listed = ", ".join(f"{name} ({d or unknown})" for name, d in dates)
        parts.append(tr("Imagery: {list}.").format(list=listed))
    else:
        parts.append(tr("Imagery: none shown; plain basemap of the region layer."))
    return " ".join(parts)


#: Narrowest region column (mm) when long names have to wrap.
REGION_COLUMN_MIN_MM = 30.0
#: Height (mm) of the table's frame on page 2, above the chart and the methods.
TABLE_FIRST_H = 92.0


def continue_on_full_pages(table: QgsLayoutItemTextTable) -> None:
    """The frames continuing the table past page 2 fill their page between the margins (QGIS repeats the last
    frame's size: the 92 mm above page 2's chart, which left every further page half empty)."""
    if table.frameCount() < 2:
        return
    i = 1
    while i < table.frameCount():  # a frame resized, QGIS adds or removes the frames after it
        frame = table.frame(i)
        frame.attemptResize(QgsLayoutSize(PAGE_W - 2 * MARGIN, PAGE_H - 2 * MARGIN, MM))
        frame.attemptMove(QgsLayoutPoint(MARGIN, MARGIN, MM), True, False, frame.page())
        i += 1
    table.recalculateFrameSizes()  # the frames no longer needed go
    pages = table.layout().pageCollection()
    last = max(table.frame(i).page() for i in range(table.frameCount()))
    while pages.pageCount() > last + 1 and not pages.itemsOnPage(pages.pageCount() - 1):
        pages.deletePage(pages.pageCount() - 1)  # a page those frames stood on, left blank


def fit_region_column(table: QgsLayoutItemTextTable, columns: list, width: float) -> None:
    """Narrow the region column (its names wrap) until the table is at most ``width`` mm wide.

    The other columns keep their natural width: figures are never wrapped or cut off.
    """
    table.setColumns(columns)
    table.recalculateFrameSizes()
    if table.totalWidth() <= width:
        return
    columns[0].setWidth(REGION_COLUMN_MIN_MM)
    table.setColumns(columns)
    table.recalculateFrameSizes()
    others = table.totalWidth() - REGION_COLUMN_MIN_MM
    columns[0].setWidth(max(REGION_COLUMN_MIN_MM, width - others - 0.5))
    table.setColumns(columns)


def unnamed_region(value) -> bool:
    """A region name that is none: NULL, NaN, blank, or coveragestats' '(unnamed, feature 3)' (in English or in
    the QGIS language, as a table made in either has it)."""
    if is_null(value) or nameless(value):
        return True
    starts = {label.split("{fid}")[0] for label in (UNNAMED_REGION, tr(UNNAMED_REGION))}
    return str(value).startswith(tuple(starts))


def input_warnings(inputs: ReportInputs) -> list[str]:
    """What the report's reader should know about ``inputs``: imagery without an acquisition date (the
    methods say 'date unknown') and regions without a name (unlabelled on the map, nameless in the table)."""
    out = []
    undated = [name for name, when in imagery_dates(inputs.imagery) if not when]
    if undated:
        out.append(tr("Imagery without an acquisition date: {names}. The methods say 'date unknown'; set the date "
                      "in the Imagery section (or the layer property basestation_mapper/acquisition_date).").format(
            names=", ".join(f"'{n}'" for n in undated)))
    regions = inputs.regions
    idx = _field_index(regions, inputs.region_field)
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes([idx])
    # a GeoJSON property holding numbers and text (NULL in QGIS) read as written, as the map labels it
    json = JsonFields.of(regions, [regions.fields().at(idx).name()]) if idx >= 0 else None
    unnamed = sum(1 for feat in filled_features(regions.getFeatures(request), json, regions.fields(), request)
                  if unnamed_region(feat.attributes()[idx]))
    try:
        column = region_column(inputs.statistics, inputs.region_field)
        rows, _total = split_total(inputs.statistics, column)
        unnamed_rows = sum(1 for value in rows[column] if unnamed_region(value))
    except ExportError:
        unnamed_rows = 0
    if unnamed:
        out.append(tr("{n} region of the layer '{layer}' has no name in the field '{field}': the map leaves it "
                      "unlabelled.",
                      "{n} regions of the layer '{layer}' have no name in the field '{field}': the map leaves "
                      "them unlabelled.", unnamed).format(n=number(unnamed, count=True), layer=regions.name(),
                                                          field=inputs.region_field))
    if unnamed_rows:
        # the English plural is the .ts file's disambiguation, which Qt takes in ASCII only: the marks go in {shown}
        out.append(tr("{n} row of the statistics table has no region name: the table shows it as {shown}.",
                      "{n} rows of the statistics table have no region name: the table shows them as {shown}.",
                      unnamed_rows).format(n=number(unnamed_rows, count=True),
                                                             shown=tr("'–' or '{label}'").format(
                                                                 label=tr(UNNAMED_REGION).format(fid="…"))))
    return out


#: Width of the chart's region labels, in Latin characters (a Korean one counts two): the chart draws its
#: labels in a column of at most 260 px, and a longer one ran off the picture's left edge.
CHART_LABEL_WIDTH = 34


def chart_label(name: str, width: int = CHART_LABEL_WIDTH) -> str:
    """``name`` shortened with '…' to fit the chart's label column (the table gives it whole)."""
    import unicodedata

    def units(ch: str) -> int:
        return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1

    if sum(units(ch) for ch in name) <= width:
        return name
    out, used = [], 1  # the ellipsis
    for ch in name:
        if used + units(ch) > width:
            break
        out.append(ch)
        used += units(ch)
    return "".join(out).rstrip() + "…"


#: Page 1's title and summary line: their boxes (x, y, width, height in mm) and font sizes (pt), largest first.
TITLE_BOX = (MARGIN, MARGIN, 245.0, 10.0)
TITLE_SIZES = (18.0, 14.0, 12.0, 10.0, 9.0, 8.0)
SUBTITLE_BOX = (MARGIN, MARGIN + 11, 230.0, 6.0)
SUBTITLE_SIZES = (10.0, 9.0, 8.0, 7.0)


def _wrap(text: str, font: QFont, width: float) -> list[str]:
    """``text`` in lines at most ``width`` mm wide in ``font``, broken between words (a word wider than a line
    between its characters)."""
    from qgis.core import QgsLayoutUtils

    def fits(line: str) -> bool:
        return QgsLayoutUtils.textWidthMM(font, line) <= 0.97 * width  # a little slack for the renderer

    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            if fits(f"{line} {word}".strip()):
                line = f"{line} {word}".strip()
                continue
            if line:
                lines.append(line)
            line = ""
            for ch in word:  # a word no line holds: broken where the line is full
                if line and not fits(line + ch):
                    lines.append(line)
                    line = ""
                line += ch
        lines.append(line)
    return lines


def fit_text(text: str, width: float, height: float, sizes: Sequence[float], bold: bool = False) -> tuple[float, str]:
    """The largest of ``sizes`` (pt) at which ``text``, wrapped to ``width`` mm, is at most ``height`` mm high, and
    the text in its lines; when none is, the smallest, with the lines that fit, the last ending in '…'."""
    from qgis.core import QgsLayoutUtils

    for size in sizes:
        font = QFont(FONT_FAMILY)
        font.setPointSizeF(size)
        font.setBold(bold)
        lines = _wrap(text, font, width)
        keep = max(1, int(height // QgsLayoutUtils.fontHeightMM(font)))
        if len(lines) <= keep:
            return size, "\n".join(lines)
    lines = lines[:keep]
    last = lines[-1]
    while last and QgsLayoutUtils.textWidthMM(font, last.rstrip() + "…") > 0.97 * width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return sizes[-1], "\n".join(lines)


def imagery_credits(imagery: Sequence[QgsMapLayer]) -> list[str]:
    """The credit of each imagery layer: its attribution, else the rights of its metadata (QGIS gives its own
    OpenStreetMap tiles those alone, which the dock's report left out), else, for the tiles of a source of the
    Imagery section's presets (OpenStreetMap, Esri World Imagery) added with QGIS's own XYZ connections, which carry
    neither, the preset's credit: the report printed them uncredited, which their terms of use forbid."""
    from urllib.parse import parse_qs, urlparse

    from .imagery import PRESETS

    hosts = {urlparse(p["url"]).hostname.split(".", 1)[-1]: p["attribution"] for p in PRESETS.values()
             if p.get("url") and p.get("attribution")}
    out = []
    for layer in imagery:
        rights = [r for r in layer.metadata().rights() if r]
        if layer.attribution() or rights:
            out.extend([layer.attribution()] if layer.attribution() else rights)
            continue
        source = layer.source()
        if layer.providerType() in WEB_PROVIDERS:  # 'type=xyz&url=https://...%7Bz%7D...'
            source = " ".join(v for values in parse_qs(source).values() for v in values)
        for word in source.replace("=", " ").split():
            host = urlparse(word).hostname or ""
            out.extend(credit for domain, credit in hosts.items() if host == domain or host.endswith("." + domain))
    return out


def _hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def font_warning(texts: Sequence[str], families: Sequence[str] | None = None) -> str | None:
    """What to say when ``texts`` hold Korean and no font of this computer has its characters (``families``: the
    families with Korean, QGIS's font database's when None): the report would draw them as empty boxes (Debian's
    and Ubuntu's QGIS installs no such font; the report asks for DejaVu Sans, which has none)."""
    if not any(_hangul(ch) for text in texts for ch in str(text)):
        return None
    if families is None:
        from qgis.PyQt.QtGui import QFontDatabase

        korean = QFontDatabase.WritingSystem.Korean
        try:
            families = QFontDatabase.families(korean)  # Qt 6: static
        except TypeError:
            families = QFontDatabase().families(korean)  # Qt 5
    if families:
        return None
    return tr("No font with Korean characters is installed: the report draws its Korean text as empty boxes. "
              "Install one (Debian, Ubuntu: sudo apt install fonts-nanum) and write the report again.")


# -- build --------------------------------------------------------------------------------------------
def build_report(inputs: ReportInputs) -> Report:
    """Build the two-page layout (call on the main thread)."""
    if inputs.regions is None or not inputs.regions.isValid():
        raise ExportError(tr("The report needs a valid region layer."))
    if inputs.regions.featureCount() == 0:
        raise ExportError(tr("The region layer '{name}' has no features.").format(name=inputs.regions.name()))
    extent = inputs.regions.extent()
    if extent.isNull() or extent.isEmpty() or not extent.isFinite():
        raise ExportError(tr("The region layer '{name}' has no geometry to draw: its features have no (or empty) "
                             "shapes.").format(name=inputs.regions.name()))
    if _field_index(inputs.regions, inputs.region_field) < 0:
        raise ExportError(tr("The region layer has no field '{field}'.").format(field=inputs.region_field))
    if inputs.statistics is None or inputs.statistics.empty:
        raise ExportError(tr("The statistics table is empty: compute coverage statistics first."))
    for layer in inputs.coverage:
        if isinstance(layer, QgsVectorLayer) and layer.featureCount() == 0:
            raise ExportError(tr("The coverage layer '{name}' is empty: nothing to report.").format(name=layer.name()))
    warnings: list[str] = []
    for layer in [inputs.regions, inputs.stations, *inputs.coverage]:
        if isinstance(layer, QgsVectorLayer):
            known_crs(layer, warnings)  # refuses, before any work, a layer whose coordinates cannot be placed
    warnings.extend(input_warnings(inputs))

    workdir = tempfile.TemporaryDirectory(prefix="bsm-report-")
    project = QgsProject()
    crs = map_crs(inputs.regions)
    project.setCrs(crs)

    basemap = _copy_vector(inputs.regions, tr("Land"))
    basemap.renderer().setSymbol(_fill(LAND, 1.0, LAND, 0.0))
    regions, label_field = _regions_copy(inputs.regions, inputs.region_field)
    _style_regions(regions, label_field)
    coverage = []
    for layer in inputs.coverage:
        copy = _copy_vector(layer, layer.name()) if isinstance(layer, QgsVectorLayer) else layer.clone()
        _style_coverage(copy)
        coverage.append(copy)
    stations = None
    if inputs.stations is not None:
        stations = _copy_vector(inputs.stations, inputs.stations.name())
        _style_stations(stations)
    imagery = [layer.clone() for layer in inputs.imagery]
    top_down = ([stations] if stations else []) + [regions] + coverage + imagery + [basemap]
    project.addMapLayers(top_down, False)

    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(inputs.title or tr("Coverage report"))
    pages = layout.pageCollection()
    pages.page(0).setPageSize("A4", QgsLayoutItemPage.Orientation.Landscape)
    second = QgsLayoutItemPage(layout)
    second.setPageSize("A4", QgsLayoutItemPage.Orientation.Landscape)
    pages.addPage(second)

    title = inputs.title or tr("Mobile network coverage")
    when = (inputs.report_date or date.today()).isoformat()
    station_count = stations.featureCount() if stations is not None else None
    # a long title gets a smaller font and its lines (a 200-character one lost its third line and the foot of its
    # second, drawn in 14 pt in a box one line of it high)
    size, text = fit_text(title, TITLE_BOX[2], TITLE_BOX[3], TITLE_SIZES, bold=True)
    _label(layout, text, size, TITLE_BOX, 0, bold=True)
    _label(layout, when, 10, (PAGE_W - MARGIN - 30, MARGIN + 2, 30, 6), 0, halign=Qt.AlignmentFlag.AlignRight)
    subtitle = inputs.subtitle or summary_line(inputs.statistics, station_count)
    size, text = fit_text(subtitle, SUBTITLE_BOX[2], SUBTITLE_BOX[3], SUBTITLE_SIZES)
    _label(layout, text, size, SUBTITLE_BOX, 0, color="#444444")

    map_rect = (MARGIN, 30.0, 210.0, 160.0)
    item = QgsLayoutItemMap(layout)
    item.setCrs(crs)
    item.setLayers(top_down)
    item.setBackgroundColor(QColor(SEA))
    item.setFrameEnabled(True)
    layout.addLayoutItem(item)
    _place(item, *map_rect, 0)
    extent = _extent_in(regions, crs, project)
    extent.grow(0.04 * max(extent.width(), extent.height()))
    item.zoomToExtent(QgsRectangle(extent))
    if stations is not None and item.scale() >= SMALL_SCALE:
        _style_stations(stations, STATION_SIZE_SMALL_SCALE_MM)

    legend = QgsLayoutItemLegend(layout)
    legend.setTitle(tr("Legend"))
    legend.setLinkedMap(item)
    legend.setAutoUpdateModel(False)
    root = QgsLayerTree()
    for layer in top_down:
        if layer is not basemap:
            root.addLayer(layer)
    legend.model().setRootGroup(root)
    legend.setResizeToContents(True)
    layout.addLayoutItem(legend)
    _place(legend, MARGIN + 215, 30.0, 62.0, 110.0, 0)
    legend._root = root  # the model does not own the tree

    scalebar = QgsLayoutItemScaleBar(layout)
    scalebar.setStyle("Single Box")
    scalebar.setLinkedMap(item)
    scalebar.setUnits(distance_unit("kilometers"))
    scalebar.setUnitLabel("km")
    map_km = item.extent().width() / 1000.0
    scalebar.setUnitsPerSegment(_nice(map_km / 8.0))
    scalebar.setNumberOfSegments(2)
    scalebar.setNumberOfSegmentsLeft(0)
    # its figures haloed in white: drawn over coasts, borders and stations they were hard to read
    scalebar.setTextFormat(_haloed(scalebar.textFormat()))
    layout.addLayoutItem(scalebar)
    scalebar.attemptMove(QgsLayoutPoint(MARGIN + 4, map_rect[1] + map_rect[3] - 14, MM), True, False, 0)

    arrow = QgsLayoutItemPicture(layout)
    arrow.setPicturePath(icon_path("north_arrow.svg"), QgsLayoutItemPicture.Format.FormatSVG)
    arrow.setLinkedMap(item)
    arrow.setNorthMode(QgsLayoutItemPicture.NorthMode.TrueNorth)
    layout.addLayoutItem(arrow)
    _place(arrow, map_rect[0] + map_rect[2] - 14, map_rect[1] + 3, 10, 15, 0)

    attributions = list(dict.fromkeys(a for a in [*inputs.attributions, *imagery_credits(inputs.imagery)] if a))
    credit = tr("Data: {list}").format(list=" · ".join(attributions)) if attributions else ""
    # web imagery (XYZ / WMS / WMTS and the like) is drawn from tiles: the map is not offline then
    web = any(layer.providerType() in WEB_PROVIDERS for layer in inputs.imagery)
    where = tr("Map: {crs}.") if web else tr("Map: {crs}; offline basemap (no web tiles).")
    credit += ("\n" if credit else "") + where.format(crs=crs.authid())
    _label(layout, credit, 7, (MARGIN + 215, 145.0, 62.0, 45.0), 0, color="#444444")

    # page 2: statistics, chart, methods
    headers = {"region": tr("Region"), "area_km2": tr("Area (km²)"), "covered_km2": tr("Covered (km²)"),
               "covered_area_pct": tr("Area covered (%)"), "population": tr("Population"),
               "covered_pop": tr("Population covered"), "covered_pop_pct": tr("Population covered (%)"),
               "stations": tr("Stations"), "estimated_subscribers": tr("Est. subscribers")}
    people = has_population(inputs.statistics)  # else the area-only table of a run without population
    shown = inputs.statistics
    if not people:  # its population and subscriber columns are empty: the area columns only
        region_col = region_column(shown, inputs.region_field)
        shown = shown.drop(columns=[c for c in population_columns(shown.columns) if c != region_col])
    table_rows = report_table(shown, inputs.region_field, headers, unnamed_region, number=number_spec)
    _label(layout, tr("Coverage and population per region") if people else tr("Area covered per region"), 14,
           (MARGIN, MARGIN, 200, 8), 1, bold=True)
    table = QgsLayoutItemTextTable(layout)
    layout.addMultiFrame(table)
    columns = []
    for heading in table_rows[0]:
        col = QgsLayoutTableColumn()
        col.setHeading(heading)
        columns.append(col)
    table.setColumns(columns)
    table.setContents(table_rows[1:])
    table.setWrapBehavior(QgsLayoutTable.WrapBehavior.WrapText)
    table.setHeaderTextFormat(_text_format(7, True))
    table.setContentTextFormat(_text_format(6.5))
    table.setCellMargin(0.8)
    total_style = QgsLayoutTableStyle()
    total_style.enabled = True
    total_style.cellBackgroundColor = QColor("#e8e8e8")
    table.setCellStyle(QgsLayoutTable.CellStyleGroup.LastRow, total_style)
    # a table continued on further pages repeats its header row there (the reader of page 3 saw bare figures)
    table.setHeaderMode(QgsLayoutTable.HeaderMode.AllFrames)
    table.setResizeMode(QgsLayoutMultiFrame.ResizeMode.RepeatUntilFinished)
    frame = QgsLayoutFrame(layout, table)
    _place(frame, MARGIN, MARGIN + 10, PAGE_W - 2 * MARGIN, TABLE_FIRST_H, 1)
    table.addFrame(frame)
    fit_region_column(table, columns, PAGE_W - 2 * MARGIN)
    continue_on_full_pages(table)

    lows, highs = None, None
    region_col = region_column(inputs.statistics, inputs.region_field)
    rows, _total = split_total(inputs.statistics, region_col)
    ranges = range_columns(list(inputs.statistics.columns))
    if "covered_pop" in rows.columns and people:  # the area-only table's empty columns: no chart of nobody
        values = pd.to_numeric(rows["covered_pop"], errors="coerce").tolist()
        if "covered_pop" in ranges:
            lows = pd.to_numeric(rows[ranges["covered_pop"].low], errors="coerce").tolist()
            highs = pd.to_numeric(rows[ranges["covered_pop"].high], errors="coerce").tolist()
        labels = [chart_label("–" if pd.isna(r) else str(r)) for r in rows[region_col]]
        svg = bar_chart_svg(labels, values, lows, highs,
                            title=tr("Population covered per region"), unit=tr("people (bars: estimate, "
                                                                              "whiskers: low–high)"),
                            max_bars=CHART_MAX_BARS, other_label=tr("{n} other regions"), number=number_spec)
        chart_path = Path(workdir.name) / "chart.svg"
        chart_path.write_text(svg, encoding="utf-8")
        chart = QgsLayoutItemPicture(layout)
        chart.setPicturePath(str(chart_path), QgsLayoutItemPicture.Format.FormatSVG)
        chart.setResizeMode(QgsLayoutItemPicture.ResizeMode.Zoom)
        layout.addLayoutItem(chart)
        _place(chart, MARGIN, 112.0, 150.0, 88.0, 1)

    methods = methods_paragraph(inputs, station_count)
    glyphs = font_warning([title, subtitle, methods, *(cell for row in table_rows for cell in row)])
    if glyphs:
        warnings.append(glyphs)
    _label(layout, tr("Methods"), 11, (MARGIN + 160, 112.0, 117.0, 7), 1, bold=True)
    _label(layout, methods, 7.5, (MARGIN + 160, 120.0, 117.0, 80.0), 1)
    layout.refresh()
    return Report(layout, project, workdir, table_rows, methods, warnings)


def export_report(report: Report, pdf_path: str | Path, png_path: str | Path | None = None,
                  overwrite: bool = False, dpi: int = 150, progress=None, check=None) -> dict:
    """Export ``report`` to PDF (text kept as text) and page 1 (the map) to PNG; atomic writes."""
    pdf_path = Path(pdf_path)
    if pdf_path.suffix.lower() != ".pdf":
        raise ExportError(tr("{name}: the report is written as .pdf").format(name=pdf_path.name))
    check_destination(pdf_path, overwrite)
    if png_path:
        png_path = Path(png_path)
        if png_path.suffix.lower() != ".png":
            raise ExportError(tr("{name}: the map image is written as .png").format(name=png_path.name))
        check_destination(png_path, overwrite)
    exporter = QgsLayoutExporter(report.layout)
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = 300
    settings.rasterizeWholeImage = False
    settings.forceVectorOutput = False
    settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
    out = {"pdf": pdf_path, "pages": report.page_count, "png": None}
    with contextlib.ExitStack() as stack:  # both files move into place together, after the last check
        tmp = stack.enter_context(staged(pdf_path, overwrite))
        result = exporter.exportToPdf(str(tmp), settings)
        if result != QgsLayoutExporter.ExportResult.Success:
            raise ExportError(tr("Writing the PDF failed: {error}").format(error=exporter.errorMessage()))
        if check:
            check()
        if png_path:
            image = QgsLayoutExporter.ImageExportSettings()
            image.dpi = dpi
            image.pages = [0]
            tmp = stack.enter_context(staged(png_path, overwrite))
            with quiet_gdal():
                # QGIS tries to georeference the PNG in place, which GDAL's PNG driver refuses
                # (printed as "ERROR 6"); the image itself is written either way
                result = exporter.exportToImage(str(tmp), image)
            if result != QgsLayoutExporter.ExportResult.Success:
                raise ExportError(tr("Writing the map image failed: {error}").format(error=exporter.errorMessage()))
            out["png"] = png_path
        if progress:
            progress(1.0)
        if check:
            check()
    return out
