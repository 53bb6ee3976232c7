"""Population given as areas: polygons (census districts, provinces, Kontur-style hexagons) with a count of people.

:func:`areas_to_grid` spreads each polygon's people evenly over its area on a grid of people per cell in a metric
CRS: a cell gets the share of the polygon's area that lies in it (exact cell fractions, :func:`.stats.cell_fractions`),
so the people of every polygon are kept to float precision — a polygon smaller than a cell puts its people in the
cells it touches, overlapping polygons add up. The grid is then counted as a population raster of counts
(:func:`write_count_grid` writes it as a GeoTIFF).

Bad input is said naming the layer (or file), the feature and the field: a count that is no number or is negative
is refused, a feature without a count or without an area is not counted and listed in a warning, an invalid
polygon (a bow tie) is repaired and listed.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .coverage import Grid
from .messages import joined, num, tr
from .population import PopulationInputError, parse_count, pyproj_crs, transform_geoms
from .regions import polygonal

#: most cells of a grid made from areas (float64: 8 bytes a cell, 128 MB)
MAX_AREA_CELLS = 16_000_000
#: automatic cell size: this share of the smallest station radius (the footprint's edge is then ~20 cells away)
RADIUS_CELLS = 20.0
#: automatic cell size without stations: this share of the side of a small polygon, at most this many metres
AREA_CELLS = 10.0
MAX_AUTO_CELL_M = 100.0
#: cells of a polygon's window measured one by one when the raster's touched cells miss part of its area
EXACT_WINDOW_CELLS = 65536
#: features listed by name in a warning
LISTED = 5


@dataclass
class AreaGrid:
    """People per cell (float64, north-up ``grid`` in the metric CRS of the polygons)."""

    grid: Grid
    counts: np.ndarray
    #: people of the features counted (the sum of ``counts``, to float precision)
    people: float
    #: features whose people are in the grid
    features: int
    warnings: list = field(default_factory=list)


def _label(fid) -> str:
    return tr("feature {fid}", fid=fid)


def _listed(items: list) -> str:
    shown = list(items[:LISTED])
    if len(items) > LISTED:
        shown.append("…")
    return joined(", ", shown)


def _count(value, fid, field_name: str, source: str) -> float | None:
    """The people of one feature (None when not given); raises for a value that is no count."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    try:
        people = parse_count(value)
    except (TypeError, ValueError):
        raise PopulationInputError(tr("population areas {source}, feature {fid}: {field} = {value} is not a number "
                                      "(counts are read as 1234, 1,234 or 12 500)", source=source, fid=fid,
                                      field=field_name, value=repr(value))) from None
    if not math.isfinite(people) or people < 0:
        raise PopulationInputError(tr("population areas {source}, feature {fid}: {field} = {value} must be a "
                                      "non-negative number", source=source, fid=fid, field=field_name,
                                      value=repr(value)))
    return people


def read_areas(geoms: list, values: list, fids: list | None = None, field_name: str = "", source: str = ""
               ) -> tuple[list, np.ndarray, list, list]:
    """The polygons to spread and their people: (geometries, counts, their feature ids, warnings).

    ``geoms``: shapely geometries (None for a feature without one); ``values``: the field's values as read (numbers
    or text such as '1,234'); ``fids``: the features' ids as the user knows them (default 1, 2, ...). Raises
    :class:`PopulationInputError` naming the feature and field for a value that is no non-negative number."""
    from shapely.validation import explain_validity

    fids = list(fids) if fids is not None else list(range(1, len(geoms) + 1))
    kept, counts, kept_fids = [], [], []
    no_value, no_area, repaired = [], [], []
    lost = 0.0
    for geom, value, fid in zip(geoms, values, fids, strict=True):
        people = _count(value, fid, field_name, source)
        if people is None:
            no_value.append(_label(fid))
            continue
        if geom is not None and not geom.is_empty and not geom.is_valid:
            repaired.append(tr("{feature} ({reason})", feature=_label(fid), reason=explain_validity(geom)))
        polygon = polygonal(geom) if geom is not None else None
        if polygon is None or polygon.is_empty or not polygon.area > 0:
            no_area.append(_label(fid))
            lost += people
            continue
        kept.append(polygon)
        counts.append(people)
        kept_fids.append(fid)
    warnings = []
    if no_value:
        warnings.append(tr("population areas {source}: {n} feature without a {field} value is not counted: {items}",
                           "population areas {source}: {n} features without a {field} value are not counted: {items}",
                           len(no_value), source=source, field=field_name, items=_listed(no_value)))
    if no_area:
        warnings.append(tr("population areas {source}: {n} feature has no area (no polygon, or an empty or flat "
                           "one): its {people} people are not counted: {items}",
                           "population areas {source}: {n} features have no area (no polygon, or an empty or flat "
                           "one): their {people} people are not counted: {items}", len(no_area), source=source,
                           people=num(lost, ",.0f"), items=_listed(no_area)))
    if repaired:
        warnings.append(tr("population areas {source}: {n} feature has an invalid polygon, repaired before its "
                           "people were spread over it: {items}",
                           "population areas {source}: {n} features have invalid polygons, repaired before their "
                           "people were spread over them: {items}", len(repaired), source=source,
                           items=_listed(repaired)))
    return kept, np.asarray(counts, dtype=np.float64), kept_fids, warnings


def to_metric(geoms: list, src_crs: str, metric_crs: str) -> list:
    """Polygons of ``src_crs`` in the metric CRS; in a geographic CRS densified first (0.01°, about 1 km), so that a
    long edge (a border drawn with two vertices) keeps its course."""
    step = 0.01 if pyproj_crs(src_crs).is_geographic else None
    return transform_geoms(geoms, src_crs, metric_crs, densify_m=step)


def auto_cell_size(polygons: list, width: float, height: float, radii=None, max_cells: int = MAX_AREA_CELLS) -> float:
    """A cell size (m) for the grid of ``polygons`` over ``width`` x ``height`` m: 1/20 of the smallest of ``radii``
    (the stations' reach) when given, else a tenth of the side of a small polygon (the first quartile of their
    areas) up to 100 m; at least 1 m, and coarser when the grid would exceed ``max_cells``."""
    radii = np.asarray(radii if radii is not None else [], dtype=np.float64)
    radii = radii[np.isfinite(radii) & (radii > 0)]
    if len(radii):
        res = float(radii.min()) / RADIUS_CELLS
    else:
        areas = np.array([g.area for g in polygons], dtype=np.float64)
        side = math.sqrt(float(np.percentile(areas, 25))) if len(areas) else MAX_AUTO_CELL_M * AREA_CELLS
        res = min(side / AREA_CELLS, MAX_AUTO_CELL_M)
    res = max(res, 1.0)
    cells = math.ceil(width / res) * math.ceil(height / res)
    if cells > max_cells:
        res *= math.sqrt(cells / max_cells) * 1.001
    return res


def _grid(bounds, res: float) -> Grid:
    """A grid of ``res`` m over ``bounds``, its corner on a multiple of ``res``."""
    xmin, ymin, xmax, ymax = bounds
    x0, y0 = math.floor(xmin / res) * res, math.ceil(ymax / res) * res
    width = max(1, math.ceil((xmax - x0) / res - 1e-9))
    height = max(1, math.ceil((y0 - ymin) / res - 1e-9))
    return Grid(float(x0), float(y0), float(res), float(res), int(width), int(height))


def _window_fractions(geom, grid: Grid):
    """(rows, cols, share of the polygon's area in each cell of its window), exact."""
    from shapely.geometry import box

    from .stats import cell_fractions

    xmin, ymin, xmax, ymax = geom.bounds
    c0 = max(0, math.floor((xmin - grid.x0) / grid.res_x))
    c1 = min(grid.width, max(c0 + 1, math.ceil((xmax - grid.x0) / grid.res_x)))
    r0 = max(0, math.floor((grid.y0 - ymax) / grid.res_y))
    r1 = min(grid.height, max(r0 + 1, math.ceil((grid.y0 - ymin) / grid.res_y)))
    area = geom.area
    cell = grid.res_x * grid.res_y
    found = None
    if (r1 - r0) * (c1 - c0) > 16:
        found = cell_fractions(geom, grid)
    if found is not None:
        rows, cols, frac = found
        # the raster's touched cells are checked against the polygon's area: a sliver GDAL missed is exact below
        # (a window too large to go cell by cell keeps the raster's shares, which the caller scales to the people)
        if abs(frac.sum() * cell - area) <= 1e-6 * max(area, cell) or frac.size > EXACT_WINDOW_CELLS:
            return rows, cols, frac * cell / area
    rows, cols = slice(r0, r1), slice(c0, c1)
    frac = np.zeros((r1 - r0, c1 - c0), dtype=np.float64)
    for r in range(r0, r1):
        y1 = grid.y0 - r * grid.res_y
        strip = geom.intersection(box(grid.x0 + c0 * grid.res_x, y1 - grid.res_y, grid.x0 + c1 * grid.res_x, y1))
        if strip.is_empty:
            continue
        for c in range(c0, c1):
            x0 = grid.x0 + c * grid.res_x
            frac[r - r0, c - c0] = strip.intersection(box(x0, y1 - grid.res_y, x0 + grid.res_x, y1)).area
    return rows, cols, frac / area


def areas_to_grid(geoms: list, values: list, fids: list | None = None, field_name: str = "", source: str = "",
                  cell_size: float | None = None, radii=None, extent: tuple | None = None,
                  max_cells: int = MAX_AREA_CELLS, check: Callable[[], None] | None = None,
                  progress: Callable[[float], None] | None = None) -> AreaGrid:
    """People per cell of polygons ``geoms`` (shapely, in a metric CRS) holding ``values`` people each.

    Each polygon's people are spread evenly over its area: a cell gets the share of the polygon's area inside it,
    so the grid holds every counted person (to float precision). ``cell_size`` in metres, else automatic
    (:func:`auto_cell_size`, from the stations' ``radii`` when given); ``extent`` (xmin, ymin, xmax, ymax) is
    covered too (the regions of the statistics). ``field_name``, ``source`` and ``fids`` name the field, layer and
    features in messages (see :func:`read_areas`). ``check()`` raises to cancel, ``progress(fraction)``."""
    import rasterio

    polygons, counts, _kept, warnings = read_areas(geoms, values, fids, field_name, source)
    if not polygons:
        raise PopulationInputError(tr("population areas {source}: no feature has both an area and a {field} value: "
                                      "no people to spread", source=source, field=field_name))
    bounds = np.array([g.bounds for g in polygons], dtype=np.float64)
    xmin, ymin = bounds[:, 0].min(), bounds[:, 1].min()
    xmax, ymax = bounds[:, 2].max(), bounds[:, 3].max()
    if extent is not None and all(math.isfinite(v) for v in extent):
        xmin, ymin = min(xmin, extent[0]), min(ymin, extent[1])
        xmax, ymax = max(xmax, extent[2]), max(ymax, extent[3])
    width, height = xmax - xmin, ymax - ymin
    if cell_size is not None:
        if not (math.isfinite(cell_size) and cell_size > 0):
            raise PopulationInputError(tr("population areas {source}: the cell size {size} m must be a number above "
                                          "0", source=source, size=num(cell_size, "g")))
        res = float(cell_size)
        grid = _grid((xmin, ymin, xmax, ymax), res)
        cells = grid.width * grid.height
        if cells > max_cells:
            least = math.sqrt(width * height / max_cells) * 1.01
            raise PopulationInputError(tr(
                "population areas {source}: cells of {size} m over {w} x {h} km make {cells} cells, more than "
                "{most}: choose cells of {least} m or more", source=source, size=num(res, "g"),
                w=num(width / 1000, ",.1f"), h=num(height / 1000, ",.1f"), cells=num(cells, ","),
                most=num(max_cells, ","), least=num(math.ceil(least), ",")))
    else:
        res = auto_cell_size(polygons, width, height, radii, max_cells)
    grid = _grid((xmin, ymin, xmax, ymax), res)
    grid_counts = np.zeros((grid.height, grid.width), dtype=np.float64)
    n = len(polygons)
    with rasterio.Env():  # one GDAL environment for the whole loop, not one per polygon
        for i, (geom, people) in enumerate(zip(polygons, counts)):
            if check is not None and i % 16 == 0:
                check()
            if people == 0:
                continue
            rows, cols, share = _window_fractions(geom, grid)
            total = share.sum()
            if total > 0:  # the shares of one polygon add up to 1: its people are all kept
                grid_counts[rows, cols] += share * (people / total)
            if progress is not None and i % 64 == 0:
                progress(i / n)
    if check is not None:
        check()
    if progress is not None:
        progress(1.0)
    return AreaGrid(grid, grid_counts, float(counts.sum()), n, warnings)


def spread_areas(geoms: list, crs_wkt: str, metric_crs: str, values: list, fids: list | None = None,
                 field_name: str = "", source: str = "", cell_size: float | None = None, radii=None, regions=None,
                 check: Callable[[], None] | None = None,
                 progress: Callable[[float], None] | None = None) -> AreaGrid:
    """:func:`areas_to_grid` of polygons given in ``crs_wkt``, on a grid of ``metric_crs`` that also covers the
    regions (``regions``: a table with ``geoms``, ``crs_wkt`` and ``n``, such as ``pipeline.RegionTable``), as the
    dock, Processing and the command line all spread population areas."""
    extent = None
    if regions is not None and regions.n:
        shapes = [g for g in to_metric(regions.geoms, regions.crs_wkt, metric_crs) if g is not None and not g.is_empty]
        if shapes:
            bounds = np.array([g.bounds for g in shapes])
            extent = (bounds[:, 0].min(), bounds[:, 1].min(), bounds[:, 2].max(), bounds[:, 3].max())
    metric = to_metric(geoms, crs_wkt, metric_crs)
    # a polygon valid as drawn whose parts only meet in metres (a district split at 180°, its halves meeting there)
    # is made one without a word: only what is invalid in the layer is said to be repaired
    metric = [polygonal(m) if m is not None and not m.is_empty and not m.is_valid and g is not None and g.is_valid
              else m for m, g in zip(metric, geoms, strict=True)]
    return areas_to_grid(metric, values, fids, field_name, source, cell_size, radii, extent, check=check,
                         progress=progress)


def write_count_grid(areas: AreaGrid, crs_wkt: str, path: str | Path, check: Callable[[], None] | None = None,
                     progress: Callable[[float], None] | None = None) -> Path:
    """``areas`` as a GeoTIFF of people per cell (Float64, tiled, LZW) at ``path``, in the CRS ``crs_wkt``: written
    to a temporary file beside it in bands of rows (``check()`` may raise between them), then moved into place, so
    that a canceled or failed write leaves nothing."""
    from osgeo import gdal, osr

    from .safe_write import temp_name

    path = Path(path)
    tmp = Path(temp_name(path.absolute()))
    grid, counts = areas.grid, areas.counts
    try:
        with _gdal_errors():
            ds = gdal.GetDriverByName("GTiff").Create(str(tmp), grid.width, grid.height, 1, gdal.GDT_Float64,
                                                      ["TILED=YES", "COMPRESS=LZW", "PREDICTOR=3",
                                                       "BIGTIFF=IF_SAFER"])
            if ds is None:
                raise OSError(gdal.GetLastErrorMsg() or str(tmp))
            ds.SetGeoTransform(grid.geotransform())
            srs = osr.SpatialReference()
            srs.SetFromUserInput(crs_wkt)
            ds.SetProjection(srs.ExportToWkt())
            band = ds.GetRasterBand(1)
            band.SetDescription("people per cell")
            step = 512
            for r0 in range(0, grid.height, step):
                if check is not None:
                    check()
                band.WriteArray(counts[r0:r0 + step], 0, r0)
                if progress is not None:
                    progress(min(1.0, (r0 + step) / grid.height))
            band.FlushCache()
            ds.FlushCache()
            band = ds = None
        os.replace(tmp, path)
    except (OSError, RuntimeError) as exc:
        raise PopulationInputError(tr("cannot write the population grid {path} ({error})", path=str(path),
                                      error=str(exc))) from exc
    finally:
        band = ds = None  # closes the file before it is removed
        if tmp.exists():
            tmp.unlink()
    return path


def _gdal_errors():
    from .gdal_util import gdal_exceptions

    return gdal_exceptions()
