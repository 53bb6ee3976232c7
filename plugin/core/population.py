"""Population and region inputs of the statistics, read without QGIS (GDAL, rasterio, pyproj).

* :class:`RasterPopulation` reads a raster of people counts band by band (any CRS; nodata,
  NaN and negative values count as nobody) and warns when it looks like a density;
* :class:`RegionRaster` burns region polygons (grid CRS) into region numbers per band with the
  cell-centre rule;
* :func:`metric_crs_for` / :func:`crs_is_metric` decide where distances are measured.
"""

from __future__ import annotations

import math
import os
import re
import threading
from dataclasses import dataclass, field

import numpy as np

from .coverage import CellLocator, CoverageInputError, Grid
from .gdal_util import gdal_exceptions, missing_sources, with_gdal_exceptions
from .messages import message_of, num, tr


class PopulationInputError(ValueError):
    """Unusable population / region input; the message names the file, field or feature."""


#: words of a density's name, unit or metadata (WorldPop's density products are named ``{iso}_pd_{year}_1km``)
_DENSITY_WORDS = re.compile(r"dens|per[ _-]?(sq|km|square)|/\s*km|km\s*(2|²|\^2)|ppkm|ppp_?km"
                            r"|(?:^|[_\-. ])pd(?:[_\-. ]|$)", re.IGNORECASE)
#: words of a raster of people per cell: WorldPop's ``{iso}_ppp_{year}``, GPW's ``population_count``, GHS-POP,
#: LandScan
_COUNT_WORDS = re.compile(r"(?:^|[_\-. ])ppp(?:[_\-. ]|$)|population_count|ghs_pop|landscan", re.IGNORECASE)


#: a count written with thousands separators as statistics tables do: 1,234 / 12 500 / 1'234 / 1 234 567.5
_GROUPED = re.compile(r"\+?\d{1,3}(?:([,' \u00a0\u202f\u2009])\d{3})(?:\1\d{3})*(?:\.\d+)?")


def parse_count(value) -> float:
    """A population count from a field: a number, or text such as '1234', '1,234', '12 500' (thousands
    separators: comma, space, no-break or thin space, apostrophe; a point for decimals). Raises ValueError
    for anything else (a decimal comma '1,5' included: is it 1.5 or 15?)."""
    if isinstance(value, str):
        text = value.strip()
        if _GROUPED.fullmatch(text):
            text = re.sub(r"[,' \u00a0\u202f\u2009]", "", text)
        return float(text)
    return float(value)


#: fields holding a place's people, best first: GeoNames ``population``, Natural Earth ``pop_max``, census
#: tables' ``pop_2020`` / ``total_pop`` / ``TOT_P``, Korean ``인구`` / ``총인구`` / ``인구수``
_POPULATION_FIELDS = (re.compile(r"population|인구|총인구|인구수", re.IGNORECASE),
                      re.compile(r"pop|pop_?max|pop_?est|pop_?total|total_?pop(?:ulation)?|tot_?pop|tot_p",
                                 re.IGNORECASE),
                      re.compile(r"pop(?:ulation)?_?(?:19|20)\d\d", re.IGNORECASE))


def guess_population_field(fields) -> str | None:
    """The field of a point layer holding each place's people (None when none looks like one): an id or a
    name field is never taken for it."""
    fields = [str(f) for f in fields]
    for pattern in _POPULATION_FIELDS:
        found = [f for f in fields if pattern.fullmatch(f.strip())]
        if found:
            return max(found) if pattern is _POPULATION_FIELDS[2] else found[0]  # the latest year
    return None


_LOCAL = threading.local()


def _cache(name: str) -> dict | None:
    """A per-thread cache, in the main thread only: pyproj objects kept alive in worker threads
    (QGIS task threads live until QGIS exits) are torn down after PROJ itself at exit."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return _LOCAL.__dict__.setdefault(name, {})


def pyproj_crs(definition):
    """pyproj CRS, parsed once per definition (main thread; parsing WKT is slow)."""
    from pyproj import CRS

    cache = _cache("crs") if isinstance(definition, str) else None
    if cache is None:
        return CRS.from_user_input(definition)
    c = cache.get(definition)
    if c is None:
        if len(cache) > 32:
            cache.clear()
        c = cache[definition] = CRS.from_user_input(definition)
    return c


def same_crs(a, b) -> bool:
    """Whether two CRS definitions are the same CRS (axis order aside); False when one is unreadable."""
    try:
        return bool(pyproj_crs(a).equals(pyproj_crs(b), ignore_axis_order=True))
    except Exception:  # pyproj.exceptions.CRSError: an unreadable definition is no match
        return False


def transformer(src, dst):
    """pyproj Transformer (x/y = lon/lat order) between two definitions, built once (main thread;
    Transformers must not be shared between threads)."""
    from pyproj import Transformer

    cache = _cache("transformers")
    key = (src, dst) if isinstance(src, str) and isinstance(dst, str) and cache is not None else None
    t = cache.get(key) if key else None
    if t is None:
        t = Transformer.from_crs(pyproj_crs(src), pyproj_crs(dst), always_xy=True)
        if key:
            if len(cache) > 32:
                cache.clear()
            cache[key] = t
    return t


def true_north_in_grid(crs, lon, lat) -> np.ndarray:
    """Grid bearing (degrees clockwise from grid north) of true north at WGS84 points in ``crs``.

    A true bearing ``a`` (a sector's azimuth) is the grid bearing ``a + offset`` there: in UTM the
    meridian convergence, up to 3° at the edge of a zone and 6° in the widened zones of Svalbard.
    Measured on a 10 m geodesic step north; 0 where the CRS is not projected or undefined.
    """
    from pyproj import Geod

    lon = np.atleast_1d(np.asarray(lon, dtype=float))
    lat = np.atleast_1d(np.asarray(lat, dtype=float))
    if not pyproj_crs(crs).is_projected or lon.size == 0:
        return np.zeros(lon.shape)
    lon2, lat2, _ = Geod(ellps="WGS84").fwd(lon, lat, np.zeros(lon.shape), np.full(lon.shape, 10.0))
    t = transformer("EPSG:4326", crs)
    x1, y1 = t.transform(lon, lat)
    x2, y2 = t.transform(lon2, lat2)
    offset = np.degrees(np.arctan2(np.asarray(x2) - np.asarray(x1), np.asarray(y2) - np.asarray(y1)))
    return np.where(np.isfinite(offset), offset, 0.0)


def crs_is_metric(crs_wkt: str, lon: float, lat: float, tolerance: float = 0.002) -> bool:
    """True when distances can be measured directly in ``crs``: projected, metres, scale ~1 here.

    Web Mercator (scale 1/cos φ) and geographic CRSs are not metric; a UTM zone is, near its zone.
    """
    from pyproj import Proj

    crs = pyproj_crs(crs_wkt)
    if not crs.is_projected:
        return False
    try:
        unit = crs.axis_info[0].unit_name.lower()
    except (IndexError, AttributeError):
        return False
    if unit not in ("metre", "meter", "m"):
        return False
    try:
        factors = Proj(crs).get_factors(lon, lat)
        scales = (factors.meridional_scale, factors.parallel_scale)
    except Exception:  # projections pyproj cannot differentiate here
        return False
    return all(math.isfinite(s) and abs(s - 1.0) <= tolerance for s in scales)


def metric_crs_for(lon: float, lat: float, user_crs: str | None = None) -> str:
    """The working CRS: the user's choice, or the UTM zone of (lon, lat).

    A chosen CRS must be projected in metres: radii, cell sizes and areas are metres, and a CRS in
    feet (a US state plane) took a 4 km radius for 4,000 ft (1.2 km).
    """
    from .geo import utm_epsg

    if user_crs:
        crs = pyproj_crs(user_crs)
        try:
            unit = crs.axis_info[0].unit_name if crs.axis_info else ""
            factor = crs.axis_info[0].unit_conversion_factor if crs.axis_info else 0.0
        except (AttributeError, IndexError):
            unit, factor = "", 0.0
        if not crs.is_projected or unit.lower() not in ("metre", "meter", "m") or abs(factor - 1.0) > 1e-9:
            name = crs.to_string() if crs.to_epsg() is None else f"EPSG:{crs.to_epsg()}"
            if crs.is_geographic:
                what = tr("a geographic CRS (degrees)")
            else:
                what = tr("in {unit}", unit=unit) if unit else tr("in an unknown unit")
            if math.isfinite(lon) and math.isfinite(lat) and -90.0 <= lat <= 90.0:
                raise CoverageInputError(tr("the metric CRS {crs} is {what}: distances are measured in metres, so "
                                            "choose a projected CRS in metres, e.g. {utm} (the UTM zone of the "
                                            "stations)", crs=name, what=what, utm=f"EPSG:{utm_epsg(lon, lat)}"))
            raise CoverageInputError(tr("the metric CRS {crs} is {what}: distances are measured in metres, so choose "
                                        "a projected CRS in metres", crs=name, what=what))
        return user_crs
    return f"EPSG:{utm_epsg(lon, lat)}"


def geodesic_row_areas_km2(grid: Grid, crs_wkt: str) -> np.ndarray:
    """Ellipsoidal area (km²) of one cell of each row, for grids whose cells are not metric.

    In longitudes/latitudes in closed form for every row at once (the zone between the cell's two
    parallels: a global 100 m raster has 216,000 rows); for other CRSs the geodesic quadrilateral of
    the cell of the middle column stands for its row (exact where a cell's area depends on its row
    only, as in Mercator).
    """
    from pyproj import CRS, Geod, Transformer

    crs = CRS.from_user_input(crs_wkt)
    if crs.is_geographic:
        areas = _lonlat_row_areas_km2(grid, crs)
        if areas is not None:
            return areas
    to_ll = Transformer.from_crs(crs, CRS.from_epsg(4326), always_xy=True)
    geod = Geod(ellps="WGS84")
    c = grid.width // 2
    x0 = grid.x0 + c * grid.res_x
    x1 = x0 + grid.res_x
    out = np.empty(grid.height)
    for r in range(grid.height):
        top = grid.y0 - r * grid.res_y
        bottom = top - grid.res_y
        xs = np.array([x0, x1, x1, x0])
        ys = np.array([top, top, bottom, bottom])
        lon, lat = to_ll.transform(xs, ys)
        area, _ = geod.polygon_area_perimeter(lon, lat)
        out[r] = abs(area) / 1e6
    return out


def _lonlat_row_areas_km2(grid: Grid, crs) -> np.ndarray | None:
    """Area (km²) of a cell of each row of a grid in longitudes/latitudes, in closed form on the CRS's
    ellipsoid (the zone between two parallels), all rows at once; None when the CRS says too little."""
    try:
        per_unit = float(crs.axis_info[0].unit_conversion_factor)  # radians per unit (degree: pi / 180)
        ellipsoid = crs.ellipsoid
        a = float(ellipsoid.semi_major_metre)
        inv_f = float(ellipsoid.inverse_flattening)
    except (AttributeError, IndexError, TypeError, ValueError):
        return None
    if not (per_unit > 0 and a > 0 and math.isfinite(per_unit) and math.isfinite(a)):
        return None
    f = 1.0 / inv_f if inv_f and math.isfinite(inv_f) and inv_f > 0 else 0.0
    e2 = f * (2.0 - f)
    b2 = (a * (1.0 - f)) ** 2
    tops = grid.y0 - np.arange(grid.height) * grid.res_y
    lat = np.clip(np.stack([tops, tops - grid.res_y]) * per_unit, -math.pi / 2, math.pi / 2)
    sin = np.sin(lat)
    if e2 > 0:
        e = math.sqrt(e2)
        q = sin / (1.0 - e2 * sin * sin) + np.log((1.0 + e * sin) / (1.0 - e * sin)) / (2.0 * e)
    else:
        q = 2.0 * sin
    return np.abs(q[0] - q[1]) * grid.res_x * per_unit * b2 / 2.0 / 1e6


@dataclass(frozen=True)
class NoDataRule:
    """Which values of a population band are no data, as its layer in QGIS says (Layer Properties ›
    Transparency): the file's own nodata unless ``use_source`` is off, and the analyst's values.

    ``ranges`` are QGIS's user no data values: ``(low, high, include_low, include_high)`` compared with
    the values as QGIS shows them (after the band's scale and offset), a NaN bound being open, as
    ``QgsRasterRange`` has them. A WorldPop or GPW file without a nodata tag whose -99999, 65535 or 0
    fill the analyst marked as no data in QGIS is read so.
    """

    use_source: bool = True
    ranges: tuple = ()

    def mask(self, values: np.ndarray) -> np.ndarray | None:
        """Cells of ``values`` (as shown: scaled) that the user's ranges make no data (None: none)."""
        if not self.ranges:
            return None
        values = np.asarray(values)
        out = np.zeros(values.shape, dtype=bool)
        # compared in float64 as QGIS does, 262,144 cells at a time (a whole region extent is read at once
        # by Live: its float32 people are not copied whole)
        rows = max(1, (1 << 18) // max(1, values.shape[-1] if values.ndim > 1 else values.size))
        for r in range(0, values.shape[0] if values.ndim else 1, rows):
            part = values[r:r + rows] if values.ndim else values
            target = out[r:r + rows] if values.ndim else out
            target |= self._mask(np.asarray(part, dtype=np.float64))
        return out

    def _mask(self, v: np.ndarray) -> np.ndarray:
        out = np.zeros(v.shape, dtype=bool)
        for low, high, with_low, with_high in self.ranges:
            ok = np.ones(v.shape, dtype=bool)
            for bound, inclusive, above in ((low, with_low, True), (high, with_high, False)):
                if bound is None or math.isnan(float(bound)):
                    continue  # open on this side
                bound = float(bound)
                # as QGIS compares them (qgsDoubleNear, 4 epsilons apart at most)
                with np.errstate(invalid="ignore"):
                    near = (np.abs(v - bound) <= 4.0 * np.finfo(np.float64).eps) | (v == bound)
                strict = v > bound if above else v < bound
                ok &= (strict | near) if inclusive else (strict & ~near)
            out |= ok
        return out


#: the file's nodata only (no layer in QGIS to say otherwise)
SOURCE_NODATA = NoDataRule()


@dataclass
class RasterPopulation:
    """A raster of population counts read band by band with GDAL."""

    path: str
    band: int = 1
    density: bool = False  # values are people per km²: multiplied by the cell area
    #: the CRS the layer has in QGIS (WKT): used when the file has none or the user set another one
    crs: str = ""
    #: which values are no data, as the layer in QGIS says (:class:`NoDataRule`)
    nodata_rule: NoDataRule = SOURCE_NODATA
    #: the band was chosen (POPULATION_BAND, the dock's band, --band): a raster of several bands is then no news
    band_chosen: bool = False
    grid: Grid = field(init=False)
    crs_wkt: str = field(init=False)
    nodata: float | None = field(init=False)
    #: the band's scale and offset: people = stored value × scale + offset (as QGIS shows them)
    scale: float = field(default=1.0, init=False)
    offset: float = field(default=0.0, init=False)
    warnings: list[str] = field(default_factory=list, init=False)
    #: (value, type name) when cells read hold the largest value of the band's integer type and count as people:
    #: a fill no nodata names (65535 in UInt16), see :meth:`fill_warning`
    type_max_seen: tuple | None = field(default=None, init=False)

    @with_gdal_exceptions
    def __post_init__(self):
        from osgeo import gdal

        try:
            ds = gdal.Open(str(self.path))
        except RuntimeError as exc:
            raise PopulationInputError(tr("population raster {path}: cannot be opened ({error})", path=str(self.path),
                                          error=str(exc))) from exc
        if ds is None:
            raise PopulationInputError(tr("population raster {path}: cannot be opened", path=str(self.path)))
        wkt = ds.GetProjection()
        if self.crs and (not wkt or not same_crs(wkt, self.crs)):
            wkt = self.crs
        if not wkt:
            raise PopulationInputError(tr(
                "population raster {path} has no coordinate reference system: set it on the layer in QGIS (Layer "
                "Properties › Source), then run again", path=str(self.path)))
        if self.band < 1 or self.band > ds.RasterCount:
            raise PopulationInputError(tr("population raster {path} has no band {band}", path=str(self.path),
                                          band=self.band))
        self.crs_wkt = wkt
        if ds.GetGeoTransform(can_return_null=True) is None:  # GDAL would give column and row as x and y
            if ds.GetGCPCount():
                raise PopulationInputError(tr(
                    "population raster {path} is placed by {n} ground control point only, without a geotransform: "
                    "warp it first ({how})",
                    "population raster {path} is placed by {n} ground control points only, without a geotransform: "
                    "warp it first ({how})", ds.GetGCPCount(), path=str(self.path),
                    how=tr("gdalwarp, or Raster › Projections › Warp in QGIS")))
            raise PopulationInputError(tr("population raster {path} has no geotransform (no georeferencing): "
                                          "georeference it first", path=str(self.path)))
        try:
            self.grid = Grid.from_geotransform(ds.GetGeoTransform(), ds.RasterXSize, ds.RasterYSize)
        except CoverageInputError as exc:
            raise PopulationInputError(tr("population raster {path}: {error}", path=str(self.path),
                                          error=message_of(exc))) from None
        band = ds.GetRasterBand(self.band)
        channel = {gdal.GCI_RedBand: tr("red"), gdal.GCI_GreenBand: tr("green"), gdal.GCI_BlueBand: tr("blue"),
                   gdal.GCI_AlphaBand: tr("alpha")}.get(band.GetColorInterpretation())
        if channel:  # an image or basemap chosen by mistake: its colours are no people
            raise PopulationInputError(tr(
                "population raster {path}: band {band} is the {channel} channel of an image, not counts "
                "of people; choose a raster of people per cell (WorldPop, GHS-POP, LandScan...)", path=str(self.path),
                band=self.band, channel=channel))
        # the file's nodata, unless the layer in QGIS is told not to use it
        self.nodata = band.GetNoDataValue() if self.nodata_rule.use_source else None
        self.scale = float(band.GetScale() if band.GetScale() is not None else 1.0)
        self.offset = float(band.GetOffset() if band.GetOffset() is not None else 0.0)
        if ds.RasterCount > 1 and not self.band_chosen:
            self.warnings.append(tr("population raster {path} has {count} bands: band {band} ({description}) is "
                                    "counted (choose another with POPULATION_BAND, the dock's Population band or the "
                                    "command line's --band)", path=str(self.path), count=ds.RasterCount,
                                    band=self.band, description=band.GetDescription() or tr("no description")))
        self._check_density(ds, band)
        ds = None

    def _check_density(self, ds, band) -> None:
        text = " ".join(filter(None, [
            os.path.basename(str(self.path)), band.GetDescription(), band.GetUnitType(),
            " ".join(f"{k}={v}" for k, v in (band.GetMetadata() or {}).items()),
            " ".join(f"{k}={v}" for k, v in (ds.GetMetadata() or {}).items()),
        ]))
        if self.density:
            if _COUNT_WORDS.search(text) and not _DENSITY_WORDS.search(text):
                self.warnings.append(tr(
                    "population raster {path} looks like counts of people per cell ('{text}'), but its values are "
                    "taken as people per km² and multiplied by the cell areas: untick POPULATION_IS_DENSITY ('Raster "
                    "values are people per km²'), the dock's 'Values are people per km²' or the command line's "
                    "--density if they are counts", path=str(self.path), text=text[:120]))
            return
        if _DENSITY_WORDS.search(text):
            self.warnings.append(tr(
                "population raster {path} looks like a density (people per km²: '{text}'), not counts per cell: "
                "covered population is only right for counts. Convert it with coveragestats' POPULATION_IS_DENSITY "
                "('Raster values are people per km²'), the dock's 'Values are people per km²' or the command line's "
                "--density, or use a raster of counts (e.g. WorldPop 'ppp').", path=str(self.path), text=text[:120]))

    def read(self, r0: int, r1: int, c0: int = 0, c1: int | None = None) -> np.ndarray:
        """People per cell of rows [r0, r1) (float32 or float64; 0 where nodata / NaN / negative /
        infinite or a fill value of 1e30 or more).

        A band with a scale or offset (stored value × scale + offset, as GDAL and QGIS read it) is
        returned scaled, in float64.
        """
        c1 = self.grid.width if c1 is None else c1
        with gdal_exceptions() as gdal:
            ds = None
            try:
                ds = gdal.Open(str(self.path))
                arr = ds.GetRasterBand(self.band).ReadAsArray(c0, r0, c1 - c0, r1 - r0)
            except RuntimeError as exc:
                # a file cut short (an interrupted download), damaged, or a VRT whose tiles moved
                missing = missing_sources(str(self.path))
                detail = str(exc).strip() or (tr("missing: {files}", files=", ".join(missing)) if missing
                                              else tr("no reason given by GDAL"))
                raise PopulationInputError(tr(
                    "population raster {path}: cannot read rows {r0}-{r1}, columns {c0}-{c1} ({detail}); is the file "
                    "complete (not an interrupted download) and are all its parts there?", path=str(self.path),
                    r0=r0, r1=r1 - 1, c0=c0, c1=c1 - 1, detail=detail)) from None
            finally:
                ds = None
        scaled = self.scale != 1.0 or self.offset != 0.0
        at_max = None
        if arr.dtype.kind in "ui" and self.type_max_seen is None:
            top = np.iinfo(arr.dtype).max
            at_max = arr == top
            at_max = (at_max, top, str(arr.dtype)) if at_max.any() else None
        arr = arr.astype(np.float64 if arr.dtype == np.float64 or scaled else np.float32, copy=False)
        bad = np.zeros(arr.shape, dtype=bool)
        # nodata is a stored value: compared before scale and offset apply
        if self.nodata is not None and math.isfinite(self.nodata):
            bad |= arr == np.asarray(self.nodata, dtype=arr.dtype)
        if self.nodata is not None and abs(self.nodata) > 1e30:  # float32 nodata (e.g. 3.4e38)
            bad |= np.abs(arr) > 1e30
        if scaled:
            arr *= self.scale
            arr += self.offset
        # the analyst's no data values (QGIS compares them with the values as shown, scaled)
        user = self.nodata_rule.mask(arr)
        if user is not None:
            bad |= user
        # NaN, infinite and negative values (most nodata values are negative), and fill values no nodata
        # names such as the largest float32 (3.4e38): no cell holds 1e30 people
        bad |= ~((arr >= 0) & (arr < 1e30))
        if at_max is not None and (at_max[0] & ~bad).any():
            self.type_max_seen = (at_max[1], at_max[2])
        np.putmask(arr, bad, 0.0)
        if self.density:
            arr *= self.cell_area_rows(r0, r1)
        return arr

    def fill_warning(self) -> str | None:
        """What to say when the cells read held the largest value of the band's integer type as people."""
        if self.type_max_seen is None:
            return None
        value, kind = self.type_max_seen
        people = num(value * self.scale + self.offset, ",.0f")
        if self.density:
            return tr("population raster {path}: cells holding {value}, the largest value of its {kind} type, are "
                      "read as {people} people per km²; if that is a fill (no data), set it as the layer's no data "
                      "value in QGIS (Layer Properties › Transparency; --nodata on the command line) and run again",
                      path=str(self.path), value=value, kind=kind.upper(), people=people)
        return tr("population raster {path}: cells holding {value}, the largest value of its {kind} type, are read "
                  "as {people} people each; if that is a fill (no data), set it as the layer's no data value in QGIS "
                  "(Layer Properties › Transparency; --nodata on the command line) and run again",
                  path=str(self.path), value=value, kind=kind.upper(), people=people)

    _row_areas: np.ndarray | None = field(default=None, init=False, repr=False)

    def cell_area_rows(self, r0: int, r1: int):
        """Cell area in km² for rows [r0, r1): a float for metric grids, else (h, 1) array."""
        if self._row_areas is None:
            lon, lat = self.centre_lonlat()
            if crs_is_metric(self.crs_wkt, lon, lat):
                self._row_areas = np.full(self.grid.height, self.grid.res_x * self.grid.res_y / 1e6)
            else:
                self._row_areas = geodesic_row_areas_km2(self.grid, self.crs_wkt)
        rows = self._row_areas[r0:r1]
        if np.all(rows == rows[0]) and len(rows):
            return float(rows[0])
        return rows[:, None]

    def centre_lonlat(self) -> tuple[float, float]:
        xmin, ymin, xmax, ymax = self.grid.bounds
        t = transformer(self.crs_wkt, "EPSG:4326")
        lon, lat = t.transform((xmin + xmax) / 2, (ymin + ymax) / 2)
        return float(lon), float(lat)


@dataclass
class RegionRaster:
    """Region polygons (shapely, grid CRS) burnt into region numbers by cell centre."""

    grid: Grid
    geoms: list
    #: bounds of each polygon (NaN for none) and their GeoJSON-like mappings, made once for all windows
    _bounds: np.ndarray | None = field(default=None, init=False, repr=False)
    _mappings: dict = field(default_factory=dict, init=False, repr=False)

    def read(self, r0: int, r1: int, c0: int = 0, c1: int | None = None) -> np.ndarray:
        """Region number of each cell of rows [r0, r1), columns [c0, c1) (-1: no region)."""
        from rasterio.features import rasterize
        from rasterio.transform import Affine
        from shapely.geometry import mapping

        c1 = self.grid.width if c1 is None else c1
        g = self.grid
        # only the polygons whose bounds reach the window can hold one of its cell centres
        wx0, wx1 = g.x0 + c0 * g.res_x, g.x0 + c1 * g.res_x
        wy1, wy0 = g.y0 - r0 * g.res_y, g.y0 - r1 * g.res_y
        if self._bounds is None:
            self._bounds = np.array([geom.bounds if geom is not None and not geom.is_empty else (np.nan,) * 4
                                     for geom in self.geoms], dtype=float).reshape(-1, 4)
        b = self._bounds
        with np.errstate(invalid="ignore"):
            near = np.nonzero((b[:, 0] <= wx1) & (b[:, 2] >= wx0) & (b[:, 1] <= wy1) & (b[:, 3] >= wy0))[0]
        shapes = []
        for j in near.tolist():
            shape = self._mappings.get(j)
            if shape is None:
                shape = self._mappings[j] = mapping(self.geoms[j])
            shapes.append((shape, j))
        out_shape = (r1 - r0, c1 - c0)
        if not shapes:
            return np.full(out_shape, -1, dtype=np.int32)
        transform = Affine.from_gdal(*self.grid.window_transform(r0, c0))
        dtype = "int16" if len(self.geoms) < 32000 else "int32"
        return rasterize(shapes, out_shape=out_shape, transform=transform, fill=-1, all_touched=False,
                         dtype=dtype)


def transform_geoms(geoms: list, src_crs, dst_crs, densify_m: float | None = None,
                    lon_centre: float | None = None) -> list:
    """Reproject shapely geometries (vertices only, optionally densified first).

    From a projected CRS to longitudes, a geometry keeps its vertices within 180° of its centre
    (a footprint or province across the antimeridian is not split into a band around the
    earth), on the turn nearest ``lon_centre`` when given (e.g. the middle of a grid running
    from 179.5° to 180.5°); with ``lon_centre``, what lies beyond ``lon_centre`` ± 180° is moved a
    turn onto the other side (a footprint across 180° on a grid of the world, -180° to 180°, is on
    both of its edges). Into a projection of the world that cuts the earth along a meridian (Mollweide,
    Web Mercator, Equal Earth), a geometry across that meridian is cut there, its parts on both sides
    of the map (transformed vertex by vertex, its ring ran across the whole map).
    """
    from shapely.ops import transform

    src, dst = pyproj_crs(src_crs), pyproj_crs(dst_crs)
    if src == dst:
        if lon_centre is not None and dst.is_geographic:
            return [_within_turn(_nearest_turn(g, lon_centre), lon_centre) for g in geoms]
        return list(geoms)
    t = _from_map(src_crs, dst_crs)
    seam = None if dst.is_geographic else _seam_meridian(dst_crs)
    poles = pole_points(src_crs) if (dst.is_geographic or seam is not None) and not src.is_geographic else []
    if seam is not None:
        geodetic = dst.geodetic_crs.to_wkt()
        to_ll, from_ll = _from_map(src_crs, geodetic), transformer(geodetic, dst_crs)
    out = []
    for g in geoms:
        if g is None or g.is_empty:
            out.append(g)
            continue
        if densify_m:
            g = densify(g, densify_m)
        if seam is not None and g.geom_type in ("Polygon", "MultiPolygon"):
            lonlat = _to_lonlat(g, src.is_geographic, to_ll, seam - 180.0, poles)
            x0, _, x1, _ = lonlat.bounds if not lonlat.is_empty else (seam - 180.0, 0.0, seam - 180.0, 0.0)
            if x0 < seam - 360.0 - 1e-9 or x1 > seam + 1e-9:  # across the map's edge
                # the cut along the seam is the edge of the map, a curve: vertices every 0.05° follow it
                cut = densify(_within_turn(lonlat, seam - 180.0), 0.05)
                out.append(transform(from_ll.transform, cut))
                continue
        if dst.is_geographic:
            g = _to_lonlat(g, src.is_geographic, t, lon_centre, poles)
            out.append(_within_turn(g, lon_centre) if lon_centre is not None else g)
            continue
        out.append(transform(t.transform, g))
    return out


def _to_lonlat(g, src_geographic: bool, t, lon_centre: float | None, poles: list):
    """Geometry ``g`` in longitudes/latitudes (``t``: its transformer there), within 180° of its centre (on the
    turn nearest ``lon_centre`` when given); ``poles``: :func:`pole_points` of its CRS when projected."""
    from shapely.ops import transform

    if src_geographic:
        g = transform(t.transform, g)
        return _nearest_turn(g, lon_centre) if lon_centre is not None else g
    held = poles_inside(g, points=poles)
    if held:  # a footprint around a pole: its ring runs through every longitude
        return around_pole_lonlat(g, t, held, 0.0 if lon_centre is None else lon_centre)
    bx0, by0, bx1, by1 = g.bounds
    mid = float(np.asarray(t.transform((bx0 + bx1) / 2.0, (by0 + by1) / 2.0)[0]))
    if lon_centre is not None and math.isfinite(mid):
        mid = lon_centre + (mid - lon_centre + 180.0) % 360.0 - 180.0

    def wrapped(x, y, mid=mid):
        lon, lat = t.transform(x, y)
        lon = np.asarray(lon, dtype=float)
        return (mid + (lon - mid + 180.0) % 360.0 - 180.0) if math.isfinite(mid) else lon, lat

    return transform(wrapped, g)


class _EdgeOfMap:
    """A transformer from a projection of the world cut along a meridian (Mollweide, Web Mercator) that takes
    the points just beyond the edge of its map, where the projection places nothing (the outer corners of the
    raster cells along the edge of a GHS-POP grid), on that edge: the seam meridian at their latitude. Transformed
    as they are, they were infinite, and so was every polygon traced on those cells."""

    def __init__(self, src_crs, dst_crs, seam: float):
        geodetic = pyproj_crs(src_crs).geodetic_crs.to_wkt()
        self._t = transformer(src_crs, dst_crs)
        self.source_crs, self.target_crs = self._t.source_crs, self._t.target_crs
        self._to_ll = transformer(src_crs, geodetic)
        self._from_ll = transformer(geodetic, dst_crs)
        self._seam = seam
        self._x_mid = float(transformer(geodetic, src_crs).transform(seam - 180.0, 0.0)[0])

    def transform(self, x, y):
        tx, ty = self._t.transform(x, y)
        if np.ndim(tx) == 0:
            if math.isfinite(tx) and math.isfinite(ty):
                return tx, ty
            fx, fy = self.transform(np.array([x], dtype=float), np.array([y], dtype=float))
            return float(fx[0]), float(fy[0])
        xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        tx, ty = np.array(tx, dtype=float), np.array(ty, dtype=float)
        bad = ~(np.isfinite(tx) & np.isfinite(ty)) & np.isfinite(xs) & np.isfinite(ys)
        if bad.any():
            _, lat = self._to_ll.transform(np.full(int(bad.sum()), self._x_mid), ys[bad])
            lon = np.where(xs[bad] >= self._x_mid, self._seam - 1e-9, self._seam - 360.0 + 1e-9)
            tx[bad], ty[bad] = self._from_ll.transform(lon, np.asarray(lat, dtype=float))
        return tx, ty


def _from_map(src_crs, dst_crs):
    """:func:`transformer`, or :class:`_EdgeOfMap` from a projection of the world with a seam."""
    seam = _seam_meridian(src_crs) if pyproj_crs(src_crs).is_projected else None
    return transformer(src_crs, dst_crs) if seam is None else _EdgeOfMap(src_crs, dst_crs, seam)


def _within_turn(geom, lon_centre: float):
    """``geom`` (longitudes) with what lies beyond ``lon_centre`` ± 180° moved by whole turns onto the other
    side: a footprint or a province drawn across 180° (177° to 183°) on a grid of the world (-180° to 180°)
    lies on both of its edges, where the grid has its cells (beyond them, it was not counted)."""
    from shapely.affinity import translate
    from shapely.geometry import MultiPolygon, box
    from shapely.ops import unary_union

    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return geom
    lo, hi = lon_centre - 180.0, lon_centre + 180.0
    x0, y0, x1, y1 = geom.bounds
    if not (math.isfinite(x0) and math.isfinite(x1)) or (x0 >= lo - 1e-9 and x1 <= hi + 1e-9):
        return geom
    if not geom.is_valid:
        geom = geom.buffer(0)
    pieces = []
    for k in range(math.floor((x0 - lo) / 360.0), math.floor((x1 - lo) / 360.0) + 1):
        piece = geom.intersection(box(lo + 360.0 * k, y0 - 1.0, hi + 360.0 * k, y1 + 1.0))
        if not piece.is_empty:
            pieces.append(translate(piece, xoff=-360.0 * k))
    polys = []
    for piece in (unary_union(pieces),) if pieces else ():
        polys.extend(p for p in getattr(piece, "geoms", [piece]) if p.geom_type == "Polygon" and not p.is_empty)
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def _seam_meridian(crs) -> float | None:
    """The longitude where a projection of the world cuts the earth (Mollweide, Web Mercator, Equal Earth: 180°
    from their central meridian), where two points a few hundred metres apart fall on the two edges of the map;
    None for one that does not cut it there (UTM, polar stereographic, Lambert azimuthal)."""
    cache = _cache("seams")
    key = crs if isinstance(crs, str) else None
    if cache is not None and key in cache:
        return cache[key]
    seam = None
    try:
        c = pyproj_crs(crs)
        if c.is_projected:
            lon_0 = next((float(param.value) for param in getattr(c.coordinate_operation, "params", None) or ()
                          if "longitude" in param.name.lower() and param.unit_name in ("degree", "")), 0.0)
            t = transformer(c.geodetic_crs.to_wkt(), crs if isinstance(crs, str) else c.to_wkt())
            xs, ys = t.transform(np.array([lon_0 + 179.97, lon_0 + 179.99, lon_0 + 180.01]), np.zeros(3))
            with np.errstate(all="ignore"):  # a projection that cannot place the points: inf
                step = float(np.hypot(xs[1] - xs[0], ys[1] - ys[0]))
                jump = float(np.hypot(xs[2] - xs[1], ys[2] - ys[1]))
            if math.isfinite(step) and math.isfinite(jump) and step > 0 and jump > 100.0 * step:
                seam = (lon_0 + 360.0) % 360.0 - 180.0  # lon_0 + 180°, in (-180°, 180°]
                seam = 180.0 if seam == -180.0 else seam
    except Exception:  # a CRS pyproj cannot describe: no seam known
        seam = None
    if cache is not None and key is not None:
        if len(cache) > 32:
            cache.clear()
        cache[key] = seam
    return seam


def pole_points(crs) -> list[tuple[float, object]]:
    """(latitude, shapely point) of the poles that the projected ``crs`` can place ([] for a geographic
    CRS); computed once for :func:`poles_inside` on many polygons."""
    from shapely.geometry import Point

    if not pyproj_crs(crs).is_projected:
        return []
    to_crs, back = transformer("EPSG:4326", crs), transformer(crs, "EPSG:4326")
    out = []
    for lat in (90.0, -90.0):
        x, y = to_crs.transform(0.0, lat)
        if math.isfinite(x) and math.isfinite(y) and abs(back.transform(x, y)[1] - lat) <= 1e-6:
            out.append((lat, Point(x, y)))
    return out


def poles_inside(geom, crs=None, points: list | None = None) -> list[float]:
    """Latitudes of the poles (90, -90) inside ``geom``, a polygon in the projected ``crs`` (a footprint
    around the Amundsen-Scott station holds the South Pole), or of ``points`` (:func:`pole_points`)."""
    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return []
    points = pole_points(crs) if points is None else points
    return [lat for lat, point in points if geom.contains(point)]


def around_pole_lonlat(geom, t, poles: list[float], lon_centre: float = 0.0):
    """Longitudes/latitudes (``t``: projected -> geographic) of a polygon holding a pole, within
    ``lon_centre`` ± 180°.

    The ring of the part around the pole runs once through every longitude: its longitudes are
    unwrapped (continuous, 360° in all), closed along the pole's parallel, and the band is cut at
    ``lon_centre`` ± 180° (as Natural Earth draws Antarctica). Transformed vertex by vertex it was a
    thin ring of longitudes that did not hold the pole at all.
    """
    from shapely.affinity import translate
    from shapely.geometry import MultiPolygon, Polygon, box
    from shapely.ops import unary_union

    def lonlat(coords):
        xy = np.asarray(coords, dtype=float)[:, :2]
        lon, lat = t.transform(xy[:, 0], xy[:, 1])
        return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)

    def into_domain(poly):
        pieces = []
        for k in (-720.0, -360.0, 0.0, 360.0, 720.0):
            piece = poly.intersection(box(lon_centre - 180.0 - k, -90.0, lon_centre + 180.0 - k, 90.0))
            if not piece.is_empty:
                pieces.append(translate(piece, xoff=k))
        return unary_union(pieces) if pieces else Polygon()

    parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    out = []
    for part in parts:
        pole = next((lat for lat in poles if _holds_pole(part, t, lat)), None)
        lon, lat = lonlat(part.exterior.coords)
        lon = np.degrees(np.unwrap(np.radians(lon)))
        if pole is None:  # another part of the footprint: as it is, near the first longitude
            shell = Polygon(np.column_stack([lon, lat]))
        else:
            shell = Polygon([*zip(lon, lat), (lon[-1], pole), (lon[0], pole)])
        shell = shell if shell.is_valid else shell.buffer(0)
        for ring in part.interiors:
            hlon, hlat = lonlat(ring.coords)
            hlon = np.degrees(np.unwrap(np.radians(hlon)))
            hole = Polygon(np.column_stack([hlon, hlat]))
            hole = hole if hole.is_valid else hole.buffer(0)
            shell = shell.difference(unary_union([translate(hole, xoff=k) for k in (-360.0, 0.0, 360.0)]))
        out.append(into_domain(shell))
    polys = []
    for g in out:
        polys.extend(p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon" and not p.is_empty)
    return MultiPolygon(polys) if len(polys) != 1 else polys[0]


def _holds_pole(part, t, lat: float) -> bool:
    """Whether polygon ``part`` (projected; ``t`` to longitudes/latitudes) holds the pole at ``lat``."""
    from pyproj import Transformer
    from shapely.geometry import Point

    inv = Transformer.from_crs(t.target_crs, t.source_crs, always_xy=True)
    x, y = inv.transform(0.0, lat)
    return bool(math.isfinite(x) and math.isfinite(y) and part.contains(Point(x, y)))


def _nearest_turn(geom, lon_centre: float):
    """Each polygon of ``geom`` (longitudes) moved by whole turns to lie nearest ``lon_centre``:
    the islands of a province drawn at -179.5° belong at 180.5° on a grid running to 181°."""
    from shapely.affinity import translate
    from shapely.geometry import MultiPolygon

    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return geom
    parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    moved, changed = [], False
    for p in parts:
        turns = round((lon_centre - (p.bounds[0] + p.bounds[2]) / 2.0) / 360.0)
        if turns:
            p = translate(p, xoff=360.0 * turns)
            changed = True
        moved.append(p)
    if not changed:
        return geom
    return moved[0] if geom.geom_type == "Polygon" else MultiPolygon(moved)


def densify(geom, step: float):
    """Add vertices so that no segment is longer than ``step`` (in the geometry's units; 2D)."""
    from shapely.geometry import MultiPolygon, Polygon

    def ring(coords):
        pts = np.asarray(coords, dtype=float)[:, :2]
        seg = np.diff(pts, axis=0)
        n = np.maximum(1, np.ceil(np.hypot(seg[:, 0], seg[:, 1]) / step)).astype(np.int64)
        if (n == 1).all():
            return pts
        k = np.repeat(np.arange(len(seg)), n)
        t = (np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)) / np.repeat(n, n)
        return np.vstack([pts[k] + seg[k] * t[:, None], pts[-1:]])

    def poly(p):
        return Polygon(ring(p.exterior.coords), [ring(i.coords) for i in p.interiors])

    if isinstance(geom, Polygon):
        return poly(geom)
    if isinstance(geom, MultiPolygon):
        return MultiPolygon([poly(p) for p in geom.geoms])
    return geom


def densify_step(geoms: list, src_crs, grid: Grid, grid_crs) -> float | None:
    """Half a cell of ``grid`` in the units of ``src_crs``, measured at the centre of ``geoms``.

    Polygons reprojected onto the grid are densified to this step first, so that a long straight
    edge (a border drawn with two vertices) stays where it is in its own CRS.
    """
    shapes = [g for g in geoms if g is not None and not g.is_empty]
    if not shapes or pyproj_crs(src_crs) == pyproj_crs(grid_crs):
        return None
    b = np.array([g.bounds for g in shapes])
    sx, sy = (b[:, 0].min() + b[:, 2].max()) / 2, (b[:, 1].min() + b[:, 3].max()) / 2
    gx, gy = transformer(src_crs, grid_crs).transform(sx, sy)
    xs, ys = transformer(grid_crs, src_crs).transform(np.array([gx, gx + grid.res_x, gx]),
                                                      np.array([gy, gy, gy + grid.res_y]))
    d = min(math.hypot(xs[1] - xs[0], ys[1] - ys[0]), math.hypot(xs[2] - xs[0], ys[2] - ys[0]))
    return d / 2 if math.isfinite(d) and d > 0 else None


def geodesic_area_km2(geom_lonlat) -> float:
    """Ellipsoidal area (km²) of a (multi)polygon in WGS84 longitude/latitude.

    Rings are oriented first (shells counter-clockwise, holes clockwise): pyproj adds signed ring
    areas, so a hole drawn like its shell, or islands drawn the other way round than the mainland,
    would otherwise be added or cancel out.
    """
    from pyproj import Geod
    from shapely.geometry.polygon import orient

    geod = Geod(ellps="WGS84")
    parts = geom_lonlat.geoms if hasattr(geom_lonlat, "geoms") else [geom_lonlat]
    total = sum(geod.geometry_area_perimeter(orient(p, 1.0))[0] for p in parts
                if p.geom_type == "Polygon" and not p.is_empty)
    return abs(total) / 1e6


#: longest edge of a region when its area is measured: degrees for a region in longitudes and latitudes,
#: metres (in its CRS's unit) for a projected one
REGION_AREA_STEP_DEG = 0.05
REGION_AREA_STEP_M = 5000.0


def region_areas_km2(geoms: list, crs_wkt) -> np.ndarray:
    """Ellipsoidal area (km²) of each region (0 for none / empty) as drawn in its CRS.

    An edge of a region is straight in its CRS (as QGIS draws it and as the population grid counts
    it), not the geodesic between its vertices: long edges are densified first, to
    :data:`REGION_AREA_STEP_DEG` in longitudes/latitudes, :data:`REGION_AREA_STEP_M` in a projected
    CRS. A region bounded by a parallel drawn with two vertices (the -90° to -60° band, a 10° box
    at 60° N, in degrees or in Web Mercator) otherwise took the geodesic's shortcut towards the pole
    (an area of 0, or 0.4 % short).
    """
    crs = pyproj_crs(crs_wkt)
    step = REGION_AREA_STEP_DEG
    if not crs.is_geographic:
        try:
            step = REGION_AREA_STEP_M / float(crs.axis_info[0].unit_conversion_factor or 1.0)
        except (IndexError, AttributeError, TypeError, ValueError):
            step = REGION_AREA_STEP_M
    shapes = [densify(g, step) if g is not None and not g.is_empty else g for g in geoms]
    shapes = transform_geoms(shapes, crs_wkt, "EPSG:4326")
    return np.array([geodesic_area_km2(g) if g is not None and not g.is_empty else 0.0 for g in shapes])


def contains_xy(geom, x, y) -> np.ndarray:
    """Vectorised point-in-polygon (shapely 2 ``contains_xy`` or 1.8 ``vectorized.contains``)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    try:
        import shapely

        if hasattr(shapely, "contains_xy"):
            return np.asarray(shapely.contains_xy(geom, x, y), dtype=bool)
    except ImportError:  # pragma: no cover
        pass
    from shapely import vectorized

    return np.asarray(vectorized.contains(geom, x, y), dtype=bool)


def grid_within_reach(grid: Grid, grid_crs: str, lon, lat, reach_m, pad_cells: int = 1) -> Grid | None:
    """The part of ``grid`` (same cells) holding every cell within ``reach_m`` metres of the
    WGS84 points ``(lon, lat)``, or None when none of them reaches the grid.

    A coverage grid aligned to a population raster needs only the cells the stations can reach:
    a global raster (LandScan, GHS-POP 1 km) would otherwise be counted, traced and written whole.
    """
    from pyproj import Geod

    lon = np.atleast_1d(np.asarray(lon, dtype=float))
    lat = np.atleast_1d(np.asarray(lat, dtype=float))
    reach = np.broadcast_to(np.asarray(reach_m, dtype=float), lon.shape)
    if lon.size == 0:
        return None
    az = np.linspace(0.0, 360.0, 73)[:-1]
    # the point itself, its geodesic circle and a circle inside it (the extremes of a projected circle)
    plon = np.repeat(lon, 2 * len(az))
    plat = np.repeat(lat, 2 * len(az))
    # 0.5 % more: the bounds of 72 points on a circle miss up to 0.1 % of its radius
    dist = np.repeat(reach * 1.005, 2 * len(az)) * np.tile(np.repeat([1.0, 0.7071], len(az)), len(lon))
    azs = np.tile(np.concatenate([az, az]), len(lon))
    clon, clat, _ = Geod(ellps="WGS84").fwd(plon, plat, azs, dist)
    clon = np.concatenate([lon, clon])
    clat = np.concatenate([lat, clat])
    gx, gy = transformer("EPSG:4326", grid_crs).transform(clon, clat)
    gx, gy = np.asarray(gx, dtype=float), np.asarray(gy, dtype=float)
    if pyproj_crs(grid_crs).is_geographic:  # the turn of longitudes nearest the grid (across 180°)
        middle = grid.x0 + grid.width * grid.res_x / 2.0
        gx = middle + (gx - middle + 180.0) % 360.0 - 180.0
    ok = np.isfinite(gx) & np.isfinite(gy)
    if not ok.any():
        return None
    gx, gy = gx[ok], gy[ok]
    c0 = max(0, math.floor((gx.min() - grid.x0) / grid.res_x) - pad_cells)
    c1 = min(grid.width, math.ceil((gx.max() - grid.x0) / grid.res_x) + pad_cells)
    r0 = max(0, math.floor((grid.y0 - gy.max()) / grid.res_y) - pad_cells)
    r1 = min(grid.height, math.ceil((grid.y0 - gy.min()) / grid.res_y) + pad_cells)
    if pyproj_crs(grid_crs).is_geographic:
        geod = Geod(ellps="WGS84")
        for pole in (90.0, -90.0):
            _, _, d = geod.inv(lon, lat, np.zeros(lon.shape), np.full(lon.shape, pole))
            # a disc around (or next to) a pole reaches every longitude, up to the pole's row
            if (np.asarray(d) <= reach * 1.005 + 2.0 * grid.res_y * 111_320.0).any():
                c0, c1 = 0, grid.width
                if pole > 0:
                    r0 = 0
                else:
                    r1 = grid.height
    if c0 >= c1 or r0 >= r1:
        return None
    return Grid(grid.x0 + c0 * grid.res_x, grid.y0 - r0 * grid.res_y, grid.res_x, grid.res_y, c1 - c0, r1 - r0)


def locator_for(grid: Grid, grid_crs: str, metric_crs: str, lon: float, lat: float) -> CellLocator:
    """Distances in the grid CRS when it is metric here and conformal all over the grid (each
    footprint is scaled by the point scale factor at its station), otherwise through
    ``metric_crs``: a continental equal-area grid such as GEOSTAT's in EPSG:3035 is metric at its
    centre only, and 2000 km away its scales are 0.988 north-south and 1.012 east-west."""
    if crs_is_metric(grid_crs, lon, lat) and conformal_all_over(grid, grid_crs):
        return CellLocator(grid)
    return CellLocator.between(grid, grid_crs, metric_crs)


def conformal_all_over(grid: Grid, crs_wkt: str, samples: int = 9, tolerance: float = 0.002) -> bool:
    """Whether ``crs`` keeps circles circles on the whole of ``grid``: its meridional and parallel
    scales agree within ``tolerance`` on a lattice of ``samples`` x ``samples`` points from corner
    to corner (true of UTM anywhere, not of an equal-area projection far from its centre)."""
    from pyproj import Proj

    crs = pyproj_crs(crs_wkt)
    if not crs.is_projected:
        return False
    xmin, ymin, xmax, ymax = grid.bounds
    gx, gy = np.meshgrid(np.linspace(xmin, xmax, samples), np.linspace(ymin, ymax, samples))
    lon, lat = transformer(crs_wkt, "EPSG:4326").transform(gx.ravel(), gy.ravel())
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        return False
    try:
        factors = Proj(crs).get_factors(lon, lat)
        h = np.atleast_1d(np.asarray(factors.meridional_scale, dtype=float))
        k = np.atleast_1d(np.asarray(factors.parallel_scale, dtype=float))
    except Exception:  # projections pyproj cannot differentiate here
        return False
    ratio = h / k
    return bool(np.isfinite(ratio).all() and (np.abs(ratio - 1.0) <= tolerance).all())
