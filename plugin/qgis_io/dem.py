"""DEM layers and station layers -> the metric grid of ``core.terrain``, and the terrain outputs.

- :func:`prepare_dem` reads a DEM layer in any CRS and reprojects the part around the stations
  onto a north-up metric grid with GDAL (bilinear), by default the UTM zone of the stations'
  centre at the DEM's own resolution converted to metres. A DEM in degrees is therefore fine
  (it is reprojected); a DEM without CRS is refused with a message saying how to set one.
  Vertical units: ``metre``, ``foot`` (international) or ``us_foot``; heights are converted to
  metres. Nodata cells become NaN: they are never visible and do not block the view (fill the
  holes first, e.g. with *Fill nodata*, when they hide real terrain); the share of holes is
  reported.
- :func:`read_observers` reads stations (a layer or a Processing source) onto that grid: antenna
  height from ``antenna_height_m`` (else the default), radius from ``radius_m`` (else the
  default), frequency from ``frequency_mhz`` when the layer has it. Stations outside the DEM or
  on a nodata cell are skipped with a warning naming them; stations whose radius reaches past the
  DEM are kept, their coverage cut at the DEM edge, with a warning.
- :func:`run_terrain_count` is the one pipeline used by Processing and by tasks: it computes the
  count raster and writes it atomically (temporary file, then rename), so a canceled or failed
  run leaves no partial output. Cells without a DEM height (voids, outside the DEM) are the band's
  declared nodata, not 0: 0 is "computed, no station in sight".
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsPalettedRasterRenderer,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
)
from qgis.PyQt.QtGui import QColor

from ..core import terrain
from ..core.gdal_util import with_gdal_exceptions
from ..core.geo import mean_lonlat, utm_epsg
from ..core.palette import COUNT_COLORS
from ..core.radio import frequency_mhz_of
from ..core.safe_write import temp_name
from ..core.terrain_coverage import (
    VERTICAL_UNITS,
    TerrainOptions,
    declared_vertical_unit,
    dem_footprint,
    vertical_unit_mismatch,
    warp_to_grid,
)
from ..i18n import LocaleNumber, number, tr
from .sources import gdal_path
from .values import is_null

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
COUNT_FIELD = "stations"


class DemError(Exception):
    """Bad DEM or station input; the message is translated and names the layer/station."""


@dataclass
class PreparedDem:
    """A DEM on a metric grid: ``array`` (float32, NaN = nodata, metres) on ``grid`` in ``crs``."""

    array: np.ndarray
    grid: terrain.Grid
    crs: QgsCoordinateReferenceSystem
    name: str
    nodata_fraction: float
    warnings: list[str] = field(default_factory=list)


def _vertical_factor(unit: str) -> float:
    try:
        return VERTICAL_UNITS[unit]
    except KeyError:
        raise DemError(tr("Unknown vertical unit {unit}: use metre, foot or us_foot.").format(unit=unit)) from None


def _unit_label(unit: str) -> str:
    """A vertical unit as terraincoverage's VERTICAL_UNIT option shows it."""
    return {"metre": tr("metre"), "foot": tr("foot"), "us_foot": tr("US survey foot")}.get(unit, unit)


def _gdal_source(layer: QgsRasterLayer) -> str:
    if layer is None or not layer.isValid():
        raise DemError(tr("The DEM layer is missing or could not be read."))
    provider = layer.dataProvider()
    if provider is None or provider.name() != "gdal":
        raise DemError(tr("DEM {name}: only file rasters (GDAL) are supported, not {provider} layers.").format(
            name=layer.name(), provider=provider.name() if provider else "?"))
    return gdal_path(layer)  # (a path holding '|' whole)


def default_metric_crs(center_lon: float, center_lat: float) -> QgsCoordinateReferenceSystem:
    """The UTM zone (WGS84) containing a WGS84 point."""
    return QgsCoordinateReferenceSystem(f"EPSG:{utm_epsg(center_lon, center_lat)}")


def native_cell_size_m(layer: QgsRasterLayer, crs: QgsCoordinateReferenceSystem | None = None,
                       at: QgsRectangle | None = None) -> float:
    """The DEM's cell size in metres, measured at the centre of ``at`` (layer CRS; default the
    whole DEM) in a metric CRS (UTM by default).

    Degrees are thus converted at the latitude of the stations' area (a DEM of the world measured
    at its own centre, 0° 0°, in the stations' UTM zone gave twice its cell size); the smaller of
    the x and y sizes is used, rounded to 3 significant digits.
    """
    extent = at if at is not None and not at.isEmpty() else layer.extent()
    project = QgsProject.instance()
    if crs is None or not crs.isValid() or crs.isGeographic():
        center = QgsCoordinateTransform(layer.crs(), WGS84, project).transform(extent.center())
        crs = default_metric_crs(center.x(), center.y())
    transform = QgsCoordinateTransform(layer.crs(), crs, project)
    cx, cy = extent.center().x(), extent.center().y()
    px, py = layer.rasterUnitsPerPixelX(), layer.rasterUnitsPerPixelY()
    origin = transform.transform(cx, cy)
    step_x = transform.transform(cx + px, cy)
    step_y = transform.transform(cx, cy + py)
    size = min(origin.distance(step_x), origin.distance(step_y))
    if not size > 0:
        raise DemError(tr("DEM {name}: its cell size could not be measured.").format(name=layer.name()))
    digits = 2 - math.floor(math.log10(size))
    return round(size, max(digits, 0))


def _on_dem_longitudes(to_dem: QgsCoordinateTransform, area: QgsRectangle, wanted: QgsRectangle,
                       dem_extent: QgsRectangle) -> QgsRectangle:
    """The stations' area (``wanted``: ``area`` in the DEM's longitudes) on the turn of longitudes of a DEM in
    degrees: an area across 180° is one box (179.9° to 180.1°, not -180° to 180°), and it is moved by a turn
    where the DEM has it (a DEM tile written from 179.9° to 180.1°, masts at -179.98°)."""
    crossing = to_dem.transformBoundingBox(area, Qgis.TransformDirection.Forward, True)
    if crossing.xMinimum() > crossing.xMaximum():  # across 180°
        wanted = QgsRectangle(crossing.xMinimum(), crossing.yMinimum(), crossing.xMaximum() + 360.0,
                              crossing.yMaximum())

    def overlap(box: QgsRectangle) -> float:
        inter = box.intersect(dem_extent)
        return 0.0 if inter.isEmpty() else inter.width() * max(inter.height(), 1e-12)

    best = wanted
    for turns in (-2, -1, 1, 2):
        moved = QgsRectangle(wanted.xMinimum() + 360.0 * turns, wanted.yMinimum(),
                             wanted.xMaximum() + 360.0 * turns, wanted.yMaximum())
        if overlap(moved) > overlap(best):
            best = moved
    return best


@with_gdal_exceptions
def prepare_dem(layer: QgsRasterLayer, area: QgsRectangle | None = None,
                area_crs: QgsCoordinateReferenceSystem | None = None,
                crs: QgsCoordinateReferenceSystem | None = None, cell_size_m: float | None = None,
                vertical_unit: str = "metre", band: int = 1) -> PreparedDem:
    """Reproject (part of) a DEM layer onto a metric grid.

    ``area`` (in ``area_crs``, default the layer CRS) limits the grid to where it is needed,
    e.g. the stations' extent grown by their radius; it is clipped to the DEM. ``crs`` defaults
    to the UTM zone of the area's centre, ``cell_size_m`` to the DEM's resolution in metres.
    """
    source = _gdal_source(layer)
    name = layer.name()
    layer_crs = layer.crs()
    if not layer_crs.isValid():
        raise DemError(tr("DEM {name} has no coordinate reference system: set it in Layer Properties › "
                          "Source (e.g. EPSG:4326 for a DEM in degrees), then run again.").format(name=name))
    if band < 1 or band > layer.bandCount():
        raise DemError(tr("DEM {name} has no band {band}.").format(name=name, band=band))
    factor = _vertical_factor(vertical_unit)
    project = QgsProject.instance()
    dem_extent = layer.extent()
    if area is not None:
        to_dem = QgsCoordinateTransform(area_crs or layer_crs, layer_crs, project)
        wanted = to_dem.transformBoundingBox(area)
        if layer_crs.isGeographic():
            wanted = _on_dem_longitudes(to_dem, area, wanted, dem_extent)
        clipped = wanted.intersect(dem_extent)
        if clipped.isEmpty() or clipped.width() <= 0 or clipped.height() <= 0:
            raise DemError(tr("The stations are outside DEM {name}.").format(name=name))
    else:
        clipped = dem_extent
    if crs is None or not crs.isValid():
        center = QgsCoordinateTransform(layer_crs, WGS84, project).transform(clipped.center())
        crs = default_metric_crs(center.x(), center.y())
    if crs.isGeographic():
        raise DemError(tr("The working CRS {crs} is in degrees: choose a projected CRS in metres.").format(
            crs=crs.authid()))
    cell = float(cell_size_m) if cell_size_m else native_cell_size_m(layer, crs, clipped)
    if not cell > 0:
        raise DemError(tr("The cell size must be a positive number of metres."))
    bounds = QgsCoordinateTransform(layer_crs, crs, project).transformBoundingBox(clipped)
    # same CRS: keep the DEM's own cell edges (no resampling at the native cell size)
    ox, oy = (dem_extent.xMinimum(), dem_extent.yMaximum()) if layer_crs == crs else (0.0, 0.0)
    eps = 1e-6 * cell
    xmin = ox + math.floor((bounds.xMinimum() - ox) / cell + eps) * cell
    ymin = oy + math.floor((bounds.yMinimum() - oy) / cell + eps) * cell
    xmax = ox + math.ceil((bounds.xMaximum() - ox) / cell - eps) * cell
    ymax = oy + math.ceil((bounds.yMaximum() - oy) / cell - eps) * cell
    width = round((xmax - xmin) / cell)
    height = round((ymax - ymin) / cell)
    if width * height > 40_000 * 40_000:
        raise DemError(tr("DEM {name}: the grid would be {w} x {h} cells; use a larger cell size or fewer "
                          "stations at once.").format(name=name, w=width, h=height))
    src_nodata = layer.dataProvider().sourceNoDataValue(band) if layer.dataProvider().sourceHasNoDataValue(band) \
        else None
    try:
        array = warp_to_grid(source, layer_crs.toWkt(), crs.toWkt(), (xmin, ymin, xmax, ymax), width, height, band,
                             src_nodata, factor)
    except RuntimeError as exc:
        raise DemError(tr("DEM {name} could not be reprojected: {error}").format(name=name, error=exc)) from exc
    grid = terrain.Grid(xmin, ymax, cell, cell, width, height, crs.toWkt())
    warnings = []
    from osgeo import gdal

    declared = declared_vertical_unit(gdal.Open(source), band)
    if vertical_unit_mismatch(declared, factor):
        warnings.append(tr("DEM {name} declares its heights in {declared}, but they are read as {unit}: set "
                           "VERTICAL_UNIT to {declared} if the file is right.").format(
                               name=name, declared=_unit_label(declared), unit=_unit_label(vertical_unit)))
    if array.size == 0 or np.isnan(array).all():
        raise DemError(tr("DEM {name} has no data in the area of the stations.").format(name=name))
    # cells of the grid outside the DEM footprint are NaN too: count holes only inside the DEM
    inside = dem_footprint(grid, (dem_extent.xMinimum(), dem_extent.yMinimum(), dem_extent.xMaximum(),
                                  dem_extent.yMaximum()), layer_crs.toWkt(), crs.toWkt(), layer_crs == crs)
    nodata_fraction = float((np.isnan(array) & inside).sum()) / max(int(inside.sum()), 1)
    if nodata_fraction > 0.001:
        warnings.append(tr("DEM {name}: {pct:.1f} % of the cells have no data; they are never visible and do "
                           "not block the view (fill the holes first if they hide terrain).").format(
                               name=name, pct=LocaleNumber(100.0 * nodata_fraction)))
    return PreparedDem(array, grid, crs, name, nodata_fraction, warnings)


def dem_options(layer: QgsRasterLayer, vertical_unit: str = "metre", band: int = 1, **kwargs) -> TerrainOptions:
    """The DEM of a coverage run as plain :class:`TerrainOptions` (read on the main thread).

    The layer's CRS is the one QGIS knows (possibly set by the user for a file without one);
    ``kwargs`` are the other options (heights, k, Fresnel clearance, cell size...).
    """
    source = _gdal_source(layer)
    if not layer.crs().isValid():
        raise DemError(tr("DEM {name} has no coordinate reference system: set it in Layer Properties › "
                          "Source (e.g. EPSG:4326 for a DEM in degrees), then run again.").format(name=layer.name()))
    if band < 1 or band > layer.bandCount():
        raise DemError(tr("DEM {name} has no band {band}.").format(name=layer.name(), band=band))
    return TerrainOptions(source, layer.crs().toWkt(), band, _vertical_factor(vertical_unit), name=layer.name(),
                          **kwargs)


# ----------------------------------------------------------------------------------------------
# stations
# ----------------------------------------------------------------------------------------------
@dataclass
class StationInput:
    """Stations on the DEM grid with their labels (for messages) and what was skipped."""

    observers: terrain.Observers
    labels: list[str]
    feature_ids: list[int]
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _number(value) -> float | None:
    if is_null(value):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def _label(feature, names: list[str]) -> str:
    for key in ("name", "station_id"):
        if key in names:
            value = feature[key]
            if value != "" and not is_null(value):
                return f"{value} (fid {feature.id()})"
    return f"fid {feature.id()}"


def _points(geom) -> list:
    """Every point of a station geometry: one for a point, each of a multipoint's (a feature holding several
    masts counts them all, as ``coverage`` does); none without geometry."""
    if geom is None or geom.isNull() or geom.isEmpty():
        return []
    return [(v.x(), v.y()) for v in geom.vertices()]


def _short_list(items: list[str], limit: int = 5) -> str:
    text = ", ".join(items[:limit])
    return text + (f", … (+{len(items) - limit})" if len(items) > limit else "")


def stations_extent(source, crs: QgsCoordinateReferenceSystem, radius_m: float, radius_field: bool = True
                    ) -> QgsRectangle:
    """Extent (in ``crs``) of the stations grown by their radius (the largest one)."""
    transform = QgsCoordinateTransform(source.sourceCrs() if hasattr(source, "sourceCrs") else source.crs(),
                                       crs, QgsProject.instance())
    from .coverage_io import length_m, station_field_map

    radius_name = station_field_map(source, ("radius_m",))[0].get("radius_m")
    rect = QgsRectangle()
    rect.setMinimal()
    grow = radius_m
    for feat in source.getFeatures(QgsFeatureRequest()):
        points = _points(feat.geometry())
        if not points:
            continue
        for x, y in points:
            pt = transform.transform(x, y)
            rect.combineExtentWith(pt.x(), pt.y())
        if radius_field and radius_name is not None:
            value = _number(feat[radius_name])
            if value is None:
                value = length_m(feat[radius_name])
            if value is not None and value > 0:
                grow = max(grow, value)
    if rect.isNull() or rect.xMinimum() > rect.xMaximum():
        return QgsRectangle()
    rect.grow(grow)
    return rect


def stations_center_wgs84(source) -> tuple[float, float] | None:
    """Mean WGS84 position of the stations (None without any geometry; longitudes averaged on the circle)."""
    crs = source.sourceCrs() if hasattr(source, "sourceCrs") else source.crs()
    transform = QgsCoordinateTransform(crs, WGS84, QgsProject.instance())
    xs, ys = [], []
    for feat in source.getFeatures():
        for x, y in _points(feat.geometry()):
            pt = transform.transform(x, y)
            xs.append(pt.x())
            ys.append(pt.y())
    if not xs:
        return None
    return mean_lonlat(xs, ys)


def read_observers(source, dem: PreparedDem, default_height_m: float = 30.0, default_radius_m: float = 10000.0,
                   default_frequency_mhz: float = 2100.0, use_station_fields: bool = True,
                   check: Callable[[], None] | None = None) -> StationInput:
    """Stations of a layer / Processing source as :class:`core.terrain.Observers` on ``dem.grid``."""
    crs = source.sourceCrs() if hasattr(source, "sourceCrs") else source.crs()
    transform = QgsCoordinateTransform(crs, dem.crs, QgsProject.instance())
    from .coverage_io import length_m, station_field_map

    names = [f.name() for f in source.fields()]
    # the fields as station lists and Shapefiles name them ('antenna_he', 'height', 'Frequency')
    field_of, read_as = station_field_map(source, ("antenna_height_m", "radius_m", "frequency_mhz"))
    xs, ys, hs, rs, fs, labels, fids = [], [], [], [], [], [], []
    skipped_outside, skipped_nodata, bad_values, cut, zero_heights, converted = [], [], [], [], [], []
    near_ground = []
    grid = dem.grid
    xmin, ymin, xmax, ymax = grid.bounds
    for feat in source.getFeatures():
        if check is not None:
            check()
        label = _label(feat, names)
        points = _points(feat.geometry())
        if not points:
            skipped_outside.append(label)
            continue
        height = default_height_m
        radius = default_radius_m
        frequency = default_frequency_mhz
        if use_station_fields:
            for fname, lo, hi in (("antenna_height_m", 0.0, 500.0), ("radius_m", 0.0, 200_000.0),
                                  ("frequency_mhz", 1.0, 100_000.0)):
                if fname not in field_of:
                    continue
                raw = feat[field_of[fname]]
                value = _number(raw)
                if value is None and fname != "frequency_mhz":
                    value = length_m(raw)  # '45 m', '150 ft', as OpenStreetMap's height=* is written
                if fname == "frequency_mhz" and not is_null(raw) and str(raw).strip():
                    # as site lists write it: 1.8 (GHz), '1800 MHz', 'B3', 'n78'
                    try:
                        value, how = frequency_mhz_of(raw.strip() if isinstance(raw, str) else float(raw))
                    except (TypeError, ValueError):
                        value, how = None, None
                    if how is not None:
                        converted.append(f"{label}: {raw} → {number(value, None)} MHz")
                if value is None:
                    if raw not in (None, "") and not (hasattr(raw, "isNull") and raw.isNull()):
                        bad_values.append(f"{label}: {field_of[fname]}={raw!r}")
                    continue
                if not lo <= value <= hi or (fname != "antenna_height_m" and value <= 0):
                    bad_values.append(f"{label}: {field_of[fname]}={number(value, None)}")
                    continue
                if fname == "antenna_height_m":
                    if value == 0:  # "unknown" in many station lists, as in coverage / coveragestats
                        zero_heights.append(label)
                    else:
                        height = value
                elif fname == "radius_m":
                    radius = value
                else:
                    frequency = value
        for k, (px, py) in enumerate(points):
            name = label if len(points) == 1 else f"{label} point {k + 1}"
            try:
                pt = transform.transform(px, py)
            except Exception:  # QgsCsException: far outside the CRS's area
                skipped_outside.append(name)
                continue
            x, y = pt.x(), pt.y()
            if not (xmin <= x < xmax and ymin < y <= ymax):
                skipped_outside.append(name)
                continue
            row, col = grid.rowcol(x, y)
            if np.isnan(dem.array[int(row), int(col)]):
                # a mast on the shore of a DEM whose sea has no data stands on the nearest ground
                if np.isnan(terrain.ground_near(dem.array, grid, x, y)):
                    skipped_nodata.append(name)
                    continue
                near_ground.append(name)
            if x - radius < xmin or x + radius > xmax or y - radius < ymin or y + radius > ymax:
                cut.append(name)
            xs.append(x)
            ys.append(y)
            hs.append(height)
            rs.append(radius)
            fs.append(frequency)
            labels.append(name)
            fids.append(int(feat.id()))
    warnings = []
    if read_as:
        warnings.append(tr("Station fields read under other names: {items}").format(
            items=", ".join(tr("{field} as {name}").format(field=repr(field), name=name) for name, field in read_as)))
    if converted:
        warnings.append(tr("Frequencies not given in MHz, read as: {items}").format(items=_short_list(converted)))
    if bad_values:
        warnings.append(tr("Invalid values ignored, defaults used instead: {items}").format(
            items=_short_list(bad_values)))
    if zero_heights:
        # named by the layer's own field ('height'), as the coverage's warnings name it
        warnings.append(tr("{n} station with {field} 0, read as not given (OBSERVER_HEIGHT is used): {items}",
                           "{n} stations with {field} 0, read as not given (OBSERVER_HEIGHT is used): {items}",
                           len(zero_heights)).format(n=number(len(zero_heights), count=True),
                                                     field=field_of["antenna_height_m"],
                                                     items=_short_list(zero_heights)))
    if skipped_outside:
        warnings.append(tr("{n} station outside DEM {name} was skipped: {items}",
                           "{n} stations outside DEM {name} were skipped: {items}", len(skipped_outside)).format(
            n=number(len(skipped_outside), count=True), name=dem.name, items=_short_list(skipped_outside)))
    if skipped_nodata:
        warnings.append(tr("{n} station standing on a DEM cell without data, with none holding data within {cells} "
                           "cells, was skipped: {items}",
                           "{n} stations standing on DEM cells without data, with none holding data within {cells} "
                           "cells, were skipped: {items}", len(skipped_nodata)).format(
            n=number(len(skipped_nodata), count=True), cells=terrain.GROUND_SEARCH_CELLS,
            items=_short_list(skipped_nodata)))
    if near_ground:
        warnings.append(tr("{n} station stands on a DEM cell without data (the sea of a DEM, a void): its ground is "
                           "that of the nearest cell with data, within {cells} cells: {items}",
                           "{n} stations stand on DEM cells without data (the sea of a DEM, a void): their ground is "
                           "that of the nearest cell with data, within {cells} cells: {items}",
                           len(near_ground)).format(
            n=number(len(near_ground), count=True), cells=terrain.GROUND_SEARCH_CELLS, items=_short_list(near_ground)))
    if cut:
        warnings.append(tr("The radius of {n} station reaches past DEM {name}; its coverage is cut at the "
                           "DEM edge: {items}",
                           "The radius of {n} stations reaches past DEM {name}; their coverage is cut at the "
                           "DEM edge: {items}", len(cut)).format(n=number(len(cut), count=True), name=dem.name,
                                                                 items=_short_list(cut)))
    observers = terrain.make_observers(xs, ys, hs, rs, fs) if xs else terrain.make_observers([], [])
    return StationInput(observers, labels, fids, warnings, skipped_outside + skipped_nodata)


# ----------------------------------------------------------------------------------------------
# outputs
# ----------------------------------------------------------------------------------------------
#: nodata of the count raster by its type (as exportraster writes integer rasters): cells without a DEM height
COUNT_NODATA = {"Byte": 255, "UInt16": 65535}


@with_gdal_exceptions
def write_count_raster(path: str, count: np.ndarray, grid: terrain.Grid, no_height: np.ndarray | None = None) -> str:
    """Write a count raster as a GeoTIFF atomically (temporary file in the same folder, then rename).

    Cells of ``no_height`` (the DEM's voids and the cells outside it) get the band's nodata value
    (:data:`COUNT_NODATA`): not computed, which is not 0 (computed, no station in sight)."""
    from osgeo import gdal

    folder = os.path.dirname(os.path.abspath(path)) or "."
    os.makedirs(folder, exist_ok=True)
    tmp = str(temp_name(os.path.join(folder, os.path.basename(path))))  # GDAL creates it: usual permissions
    try:
        top = int(count.max()) if count.size else 0
        kind = "Byte" if top < COUNT_NODATA["Byte"] else "UInt16"
        nodata = COUNT_NODATA[kind]
        values = np.minimum(count, nodata - 1).astype(np.uint8 if kind == "Byte" else np.uint16)
        if no_height is not None:
            values[no_height] = nodata
        ds = gdal.GetDriverByName("GTiff").Create(tmp, grid.width, grid.height, 1, gdal.GetDataTypeByName(kind),
                                                  ["COMPRESS=DEFLATE", "TILED=YES"])
        ds.SetGeoTransform(grid.geotransform)
        ds.SetProjection(grid.crs_wkt)
        band = ds.GetRasterBand(1)
        band.SetNoDataValue(nodata)
        band.WriteArray(values)
        band.SetDescription("stations in sight")
        ds.FlushCache()
        ds = None
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return path


def style_count_layer(layer: QgsRasterLayer, max_count: int | None = None) -> None:
    """Paletted style: 0 transparent, 1, 2, 3, 4+ stations in the COUNT_COLORS blues."""
    if max_count is None:
        stats = layer.dataProvider().bandStatistics(1)
        max_count = int(stats.maximumValue) if stats.maximumValue == stats.maximumValue else 4
    classes = []
    top = max(max_count, 1)
    for value in range(1, top + 1):
        color = QColor(COUNT_COLORS[min(value, len(COUNT_COLORS)) - 1])
        label = tr("{n} station in sight", "{n} stations in sight", value).format(n=value)
        classes.append(QgsPalettedRasterRenderer.Class(value, color, label))
    renderer = QgsPalettedRasterRenderer(layer.dataProvider(), 1, classes)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


@dataclass
class TerrainRun:
    """What a terrain count run needs, gathered on the main thread (plain data only)."""

    dem: PreparedDem
    stations: StationInput
    params: terrain.TerrainParams
    output_path: str


@dataclass
class TerrainResult:
    output_path: str
    grid: terrain.Grid
    max_count: int
    visible_cells: int
    count: np.ndarray | None = None
    polygons: list = field(default_factory=list)


def run_terrain_count(run: TerrainRun, progress: Callable[[float], None] | None = None,
                      check: Callable[[], None] | None = None, keep_array: bool = False,
                      polygons: bool = False) -> TerrainResult:
    """Count stations in sight per cell and write the GeoTIFF (nothing written when ``check`` cancels).

    With ``polygons`` the count polygons (shapely, grid CRS) are computed too, before anything is
    written. Safe in a QgsTask's ``run()``: touches no project, layer or widget.
    """
    count = terrain.visible_count(run.dem.array, run.dem.grid, run.stations.observers, run.params,
                                  progress=progress, check=check)
    shapes = terrain.count_polygons(count, run.dem.grid) if polygons else []
    if check is not None:
        check()  # last chance to cancel: from here on the outputs are written
    write_count_raster(run.output_path, count, run.dem.grid, np.isnan(run.dem.array))
    return TerrainResult(run.output_path, run.dem.grid, int(count.max()) if count.size else 0,
                         int((count > 0).sum()), count if keep_array else None, shapes)
