"""Layers <-> coverage inputs and outputs.

Readers (main thread) turn QGIS layers into the plain inputs of :mod:`..core.pipeline`;
builders turn the results into styled memory layers in the project CRS. The dock task and
the Processing algorithms both use these functions.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from dataclasses import dataclass, field

import numpy as np
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDistanceArea,
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsProject,
    QgsRasterLayer,
    QgsRendererCategory,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..compat import field_type
from ..core import radio
from ..core.coverage import CoverageInputError
from ..core.palette import COUNT_COLORS, hex_to_rgba, technology_color
from ..core.pipeline import PopulationPoints, RegionTable, StationTable
from ..core.population import PopulationInputError
from ..core.stations import TECHNOLOGIES, normalize_technology, parse_azimuths
from ..core.stats import STAT_FIELDS

#: Largest radius accepted (m): beyond it the input is certainly a unit mistake.
MAX_RADIUS_M = 100_000.0

#: Fields of the per-station coverage layer (stable API).
COVERAGE_FIELDS = (("station_fid", "int"), ("station_id", "str"), ("name", "str"), ("technology", "str"),
                   ("operator", "str"), ("scenario", "str"), ("radius_m", "float"), ("model", "str"),
                   ("area_km2", "float"))
DISSOLVED_FIELDS = (("scenario", "str"), ("group", "str"), ("area_km2", "float"))
OVERLAP_FIELDS = (("servers", "int"), ("label", "str"), ("area_km2", "float"))
BEST_SERVER_FIELDS = (("station_fid", "int"), ("station_id", "str"), ("name", "str"), ("technology", "str"),
                      ("area_km2", "float"))
STAT_FIELD_KINDS = {name: ("str" if name == "region" else "int" if name == "stations" else "float")
                    for name in STAT_FIELDS}


class InputError(ValueError):
    """Bad layer input; the message names the layer, feature and field."""


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
            raise InputError(f"unknown model {self.model!r} (expected one of {', '.join(radio.MODELS)})")
        if self.radius_m is not None:
            _check_radius(self.radius_m, "RADIUS parameter")
        if not 0 < self.beamwidth_deg <= 360:
            raise InputError(f"sector beamwidth {self.beamwidth_deg!r}° must be in (0, 360]")
        for tech, r in self.presets.items():
            _check_radius(r, f"preset radius of {tech}")


def _check_radius(value, what: str) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{what}: {value!r} is not a number of metres") from exc
    if not math.isfinite(value) or value <= 0:
        raise InputError(f"{what}: {value:g} m — a coverage radius must be positive")
    if value > MAX_RADIUS_M:
        raise InputError(f"{what}: {value:g} m is absurd for a base station (more than "
                         f"{MAX_RADIUS_M / 1000:g} km); is it in metres?")
    return value


def _is_set(value) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return not (isinstance(value, str) and not value.strip())


def read_stations(layer: QgsVectorLayer, options: CoverageOptions, selected_only: bool = False
                  ) -> tuple[StationTable, list[str], list[int]]:
    """Stations of a point layer as a :class:`StationTable`, warnings, and their feature ids.

    Features without geometry are skipped with a warning; bad radius / azimuth values raise
    :class:`InputError` naming the feature.
    """
    options.validate()
    if layer is None or not layer.isValid():
        raise InputError("the station layer is missing or invalid")
    if layer.geometryType() != QgsWkbTypes.GeometryType.PointGeometry:
        raise InputError(f"layer {layer.name()!r} is not a point layer")
    request = None
    if selected_only:
        request = QgsFeatureRequest().setFilterFids(layer.selectedFeatureIds())
    total = layer.selectedFeatureCount() if selected_only else layer.featureCount()
    df = _station_frame(layer, request)
    warnings = []
    skipped = total - len(df)
    if skipped > 0:
        warnings.append(f"layer {layer.name()!r}: {skipped} station(s) without geometry were skipped")
    if options.only_confirmed and "status" in df.columns:
        df = df[df["status"].fillna("confirmed") == "confirmed"]
    if df.empty:
        raise InputError(f"layer {layer.name()!r} has no stations with a position: add or import stations first")

    n = len(df)
    fids = [int(f) for f in df.index]

    def column(name, default=None):
        return df[name].tolist() if name in df.columns else [default] * n

    names = column("name", "")

    def label(k):
        return f"feature {fids[k]}" + (f" ({names[k]})" if _is_set(names[k]) else "")

    raw_techs = column("technology")
    techs = [normalize_technology(t) for t in raw_techs]
    unknown = [f"{label(k)}: {raw!r}" for k, (raw, tech) in enumerate(zip(raw_techs, techs))
               if _is_set(raw) and tech == "unknown" and str(raw).strip().lower() != "unknown"]
    ops = [str(v) if _is_set(v) else "" for v in column("operator", "")]
    heights = []
    for k, height in enumerate(column("antenna_height_m")):
        h = float(height) if _is_set(height) else options.budget.base_height_m
        if not math.isfinite(h) or h <= 0:
            raise InputError(f"{label(k)}: antenna_height_m {height!r} must be a positive number of metres")
        heights.append(h)
    azs = []
    empty = np.empty(0)
    for k, text in enumerate(column("azimuths")):
        if not _is_set(text):
            azs.append(empty)
            continue
        try:
            azs.append(np.asarray(parse_azimuths(text), dtype=float))
        except ValueError as exc:
            raise InputError(f"{label(k)}: azimuths {text!r} — {exc}") from exc
    if options.radius_m is not None:
        radii = [options.radius_m] * n
    else:
        station_r = column("radius_m")
        model_r: dict = {}
        radii = []
        for k in range(n):
            if options.use_station_radius and _is_set(station_r[k]):
                radii.append(_check_radius(station_r[k], f"{label(k)}: radius_m"))
            elif options.model == radio.MODEL_PRESET:
                radii.append(radio.preset_radius_m(techs[k], options.presets))
            else:
                h = heights[k]
                if h not in model_r:
                    try:
                        res = radio.max_distance_m(options.budget, h)
                    except radio.RadioModelError as exc:
                        raise InputError(f"{label(k)}: {exc}") from exc
                    model_r[h] = min(res.radius_m, MAX_RADIUS_M)
                    warnings.extend(w for w in res.warnings if w not in warnings)
                radii.append(model_r[h])
    if unknown:
        warnings.append(f"unknown technology for {len(unknown)} station(s), counted as 'unknown' "
                        f"({', '.join(TECHNOLOGIES)} expected): " + "; ".join(unknown[:5])
                        + (" …" if len(unknown) > 5 else ""))
    budgets = [options.budget] * n if options.model != radio.MODEL_PRESET else None
    table = StationTable(df["lon"].to_numpy(float), df["lat"].to_numpy(float), np.array(radii, dtype=float), azs,
                         np.full(n, options.beamwidth_deg), techs, ops, [label(k) for k in range(n)], budgets,
                         np.array(heights, dtype=float))
    table.station_ids = [str(v) if _is_set(v) else "" for v in column("station_id", "")]
    table.names = [str(v) if _is_set(v) else "" for v in names]
    table.fids = fids
    return table, warnings, fids


#: Station fields the coverage reads (others are not fetched).
STATION_COLUMNS = ("station_id", "name", "technology", "operator", "status", "antenna_height_m", "azimuths",
                   "radius_m")


def _station_frame(layer: QgsVectorLayer, request: QgsFeatureRequest | None = None):
    """Station columns + WGS84 lon/lat of the features with a point (index = feature id).

    Fetches only the fields the coverage needs and transforms positions in bulk (faster than
    :func:`station_layer.layer_to_frame` on tens of thousands of stations).
    """
    import pandas as pd
    from pyproj import Transformer

    names = [n for n in STATION_COLUMNS if layer.fields().indexOf(n) >= 0]
    idx = [layer.fields().indexOf(n) for n in names]
    request = QgsFeatureRequest(request) if request is not None else QgsFeatureRequest()
    request.setSubsetOfAttributes(idx)
    cols = {n: [] for n in names}
    xs, ys, fids = [], [], []
    for feat in layer.getFeatures(request):
        geom = feat.geometry()
        if geom is None or geom.isNull() or geom.isEmpty():
            continue
        if geom.isMultipart():
            parts = geom.asMultiPoint()
            if not parts:
                continue
            pt = parts[0]
        else:
            pt = geom.asPoint()
        attrs = feat.attributes()
        for n, i in zip(names, idx):
            v = attrs[i]
            cols[n].append(None if not _qvalue_set(v) else v)
        xs.append(pt.x())
        ys.append(pt.y())
        fids.append(feat.id())
    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    crs = layer.crs()
    if crs.isValid() and crs.authid() != "EPSG:4326" and len(x):
        t = Transformer.from_crs(crs.toWkt(), "EPSG:4326", always_xy=True)
        x, y = t.transform(x, y)
    frame = pd.DataFrame(cols, index=pd.Index(fids, name="fid"))
    frame["lon"] = np.asarray(x, dtype=float)
    frame["lat"] = np.asarray(y, dtype=float)
    return frame


def read_regions(layer: QgsVectorLayer, name_field: str | None) -> tuple[RegionTable, list[str]]:
    """Region polygons (shapely, layer CRS) and names; invalid geometries are repaired or reported."""
    from shapely import wkb

    if layer is None or not layer.isValid():
        raise InputError("the region layer is missing or invalid")
    if layer.geometryType() != QgsWkbTypes.GeometryType.PolygonGeometry:
        raise InputError(f"layer {layer.name()!r} is not a polygon layer")
    if not layer.crs().isValid():
        raise InputError(f"region layer {layer.name()!r} has no coordinate reference system")
    idx = layer.fields().indexOf(name_field) if name_field else -1
    if name_field and idx < 0:
        raise InputError(f"region layer {layer.name()!r} has no field {name_field!r}")
    names, geoms, warnings = [], [], []
    for feat in layer.getFeatures():
        geom = feat.geometry()
        value = feat.attributes()[idx] if idx >= 0 else None
        name = str(value) if _qvalue_set(value) else f"feature {feat.id()}"
        if geom is None or geom.isNull() or geom.isEmpty():
            warnings.append(f"region {name}: no geometry, skipped")
            continue
        if not geom.isGeosValid():
            fixed = geom.makeValid()
            if fixed.isNull() or fixed.isEmpty():
                raise InputError(f"region {name} (layer {layer.name()!r}, feature {feat.id()}): invalid geometry "
                                 "that cannot be repaired")
            warnings.append(f"region {name}: invalid geometry repaired (make valid)")
            geom = fixed
            if geom.type() != QgsWkbTypes.GeometryType.PolygonGeometry:
                parts = [p for p in geom.asGeometryCollection()
                         if p.type() == QgsWkbTypes.GeometryType.PolygonGeometry]
                geom = QgsGeometry.collectGeometry(parts) if parts else QgsGeometry()
                if geom.isNull():
                    raise InputError(f"region {name}: invalid geometry without any polygon left after repair")
        shp = wkb.loads(bytes(geom.asWkb()))
        if not shp.is_valid:
            shp = shp.buffer(0)
        names.append(name)
        geoms.append(shp)
    if not geoms:
        raise InputError(f"region layer {layer.name()!r} has no polygon")
    return RegionTable(names, geoms, layer.crs().toWkt()), warnings


def _qvalue_set(value) -> bool:
    if value is None:
        return False
    try:
        if value.isNull():
            return False
    except AttributeError:
        pass
    return str(value).strip() != ""


def read_population_points(layer: QgsVectorLayer, value_field: str) -> PopulationPoints:
    if layer is None or not layer.isValid():
        raise InputError("the population point layer is missing or invalid")
    idx = layer.fields().indexOf(value_field or "")
    if idx < 0:
        raise InputError(f"population layer {layer.name()!r} has no field {value_field!r}")
    xs, ys, vals = [], [], []
    for feat in layer.getFeatures():
        geom = feat.geometry()
        if geom is None or geom.isNull() or geom.isEmpty():
            continue
        value = feat.attributes()[idx]
        if not _qvalue_set(value):
            continue
        try:
            v = float(value)
        except (TypeError, ValueError) as exc:
            raise InputError(f"population layer {layer.name()!r}, feature {feat.id()}: {value_field} = "
                             f"{value!r} is not a number") from exc
        if not math.isfinite(v) or v < 0:
            raise InputError(f"population layer {layer.name()!r}, feature {feat.id()}: {value_field} = {v!r} "
                             "must be a non-negative number")
        pt = geom.asPoint() if not geom.isMultipart() else geom.asMultiPoint()[0]
        xs.append(pt.x())
        ys.append(pt.y())
        vals.append(v)
    return PopulationPoints(np.array(xs), np.array(ys), np.array(vals), layer.crs().toWkt())


def raster_path(layer: QgsRasterLayer) -> str:
    """File path of a GDAL raster layer (population rasters are read with GDAL, band by band)."""
    if layer is None or not layer.isValid():
        raise InputError("the population raster is missing or invalid")
    if layer.providerType() != "gdal":
        raise InputError(f"population raster {layer.name()!r} is not a file raster (provider "
                         f"{layer.providerType()}): save it as GeoTIFF first")
    if not layer.crs().isValid():
        raise PopulationInputError(f"population raster {layer.name()!r} has no coordinate reference system")
    return layer.source().split("|")[0]


# -- output layers ---------------------------------------------------------------------------
def fields_of(spec) -> QgsFields:
    out = QgsFields()
    for name, kind in spec:
        out.append(QgsField(name, field_type(kind)))
    return out


def coverage_fields() -> QgsFields:
    return fields_of(COVERAGE_FIELDS)


def stats_fields() -> QgsFields:
    return fields_of([(name, STAT_FIELD_KINDS[name]) for name in STAT_FIELDS])


def qgs_crs(definition: str) -> QgsCoordinateReferenceSystem:
    """A QGIS CRS from "EPSG:n" or WKT."""
    if definition.upper().startswith(("EPSG:", "ESRI:", "IGNF:")):
        return QgsCoordinateReferenceSystem(definition)
    return QgsCoordinateReferenceSystem.fromWkt(definition)


def to_qgs(geom, src_wkt: str, dest_crs: QgsCoordinateReferenceSystem, _cache: dict = {}) -> QgsGeometry:  # noqa: B006
    """Shapely geometry in ``src_wkt`` -> QgsGeometry in ``dest_crs``."""
    g = QgsGeometry()
    g.fromWkb(geom.wkb)
    key = (src_wkt, dest_crs.toWkt())
    transform = _cache.get(key)
    if transform is None:
        src = qgs_crs(src_wkt)
        transform = QgsCoordinateTransform(src, dest_crs, QgsProject.instance()) if src != dest_crs else False
        if len(_cache) > 32:
            _cache.clear()
        _cache[key] = transform
    if transform:
        g.transform(transform)
    return g


def _area_km2(geom: QgsGeometry, crs: QgsCoordinateReferenceSystem) -> float:
    """Ellipsoidal (WGS84) area of ``geom`` in km², whatever its CRS."""
    da = QgsDistanceArea()
    da.setSourceCrs(crs, QgsProject.instance().transformContext())
    da.setEllipsoid("WGS84")
    return da.measureArea(geom) / 1e6


def coverage_features(result, stations: StationTable, fids: list[int], dest_crs, model: str,
                      scenarios=("likely",)) -> list[QgsFeature]:
    fields = coverage_fields()
    feats = []
    ids, names = stations.station_ids, stations.names
    for s in scenarios:
        for i, poly in result.stations[s]:
            f = QgsFeature(fields)
            geom = _multi(to_qgs(poly, result.metric_crs, dest_crs))
            f.setAttributes([fids[i], ids[i], names[i], stations.technology[i], stations.operator[i], s,
                             float(stations.radius_m[i] * _factor(result, s)), model, _area_km2(geom, dest_crs)])
            f.setGeometry(geom)
            feats.append(f)
    return feats


def _factor(result, scenario) -> float:
    return result.factors.get(scenario, 1.0)


def _multi(geom: QgsGeometry) -> QgsGeometry:
    if not geom.isMultipart():
        geom.convertToMultiType()
    return geom


def dissolved_features(result, dest_crs) -> list[QgsFeature]:
    fields = fields_of(DISSOLVED_FIELDS)
    out = []
    for s, key, poly in result.dissolved:
        f = QgsFeature(fields)
        geom = _multi(to_qgs(poly, result.metric_crs, dest_crs))
        f.setAttributes([s, key, _area_km2(geom, dest_crs)])
        f.setGeometry(geom)
        out.append(f)
    return out


def overlap_features(result, dest_crs) -> list[QgsFeature]:
    fields = fields_of(OVERLAP_FIELDS)
    out = []
    for val, poly in result.overlap:
        f = QgsFeature(fields)
        geom = _multi(to_qgs(poly, result.metric_crs, dest_crs))
        f.setAttributes([int(val), "3+" if val >= 3 else str(val), _area_km2(geom, dest_crs)])
        f.setGeometry(geom)
        out.append(f)
    return out


def best_server_features(result, stations: StationTable, fids: list[int], dest_crs) -> list[QgsFeature]:
    fields = fields_of(BEST_SERVER_FIELDS)
    ids, names = stations.station_ids, stations.names
    out = []
    for i, poly in result.best_server:
        f = QgsFeature(fields)
        geom = _multi(to_qgs(poly, result.metric_crs, dest_crs))
        f.setAttributes([fids[i], ids[i], names[i], stations.technology[i], _area_km2(geom, dest_crs)])
        f.setGeometry(geom)
        out.append(f)
    return out


def stats_features(table) -> list[QgsFeature]:
    fields = stats_fields()
    out = []
    for rec in table.to_dict("records"):
        f = QgsFeature(fields)
        f.setAttributes([_plain(rec[name], STAT_FIELD_KINDS[name]) for name in STAT_FIELDS])
        out.append(f)
    return out


def _plain(value, kind):
    if kind == "str":
        return str(value)
    if kind == "int":
        return int(value)
    return float(value)


def memory_layer(name: str, geometry: str, fields: QgsFields, feats, crs=None) -> QgsVectorLayer:
    uri = geometry if crs is None else f"{geometry}?crs={crs.authid() or 'EPSG:4326'}"
    layer = QgsVectorLayer(uri, name, "memory")
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


def write_count_raster(count: np.ndarray, grid, crs_wkt: str, path: str) -> str:
    """Coverage count GeoTIFF aligned to ``grid``; written to a temporary file, then moved."""
    from osgeo import gdal, osr

    directory = os.path.dirname(os.path.abspath(path)) or "."
    fd, tmp = tempfile.mkstemp(suffix=".tif", dir=directory)
    os.close(fd)
    try:
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
        shutil.move(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


def write_csv(table, path: str) -> str:
    """The statistics table as CSV (UTF-8), written to a temporary file then moved into place."""
    directory = os.path.dirname(os.path.abspath(path)) or "."
    fd, tmp = tempfile.mkstemp(suffix=".csv", dir=directory)
    os.close(fd)
    try:
        table.to_csv(tmp, index=False, encoding="utf-8")
        shutil.move(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


def coverage_error(exc: BaseException) -> bool:
    """Whether ``exc`` is an input problem to show as a message (not a bug)."""
    return isinstance(exc, (InputError, CoverageInputError, PopulationInputError, radio.RadioModelError))
