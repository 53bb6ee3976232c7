"""Terrain as a switch of the coverage engine: line of sight over a DEM masks every footprint.

With a DEM, a cell counts for a station only where it lies in the station's footprint **and**
has line of sight to the antenna (:mod:`.terrain`: reference-plane sweep, curvature and
refraction, optional Fresnel clearance). Everything downstream — per-station polygons, dissolved
coverage, overlap, best server, the count raster and the statistics — uses the masked footprints.

* :func:`warp_dem` reads (part of) a DEM file in any CRS onto a north-up metric grid with GDAL
  (bilinear; heights in metres, nodata as NaN). ``qgis_io.dem`` uses the same function.
* :class:`TerrainVisibility` is the engine's visibility hook
  ``visibility(station_index, rows, cols) -> bool array`` on any engine grid: it computes the
  viewsheds on the DEM grid (batches of consecutive stations, one numpy sweep per batch), keeps
  them in a cache of bounded size keyed by position and heights (an unchanged station is never
  computed twice; a moved one is), and samples them at the engine's cell centres.
* :func:`build_visibility` prepares both from :class:`TerrainOptions` and a station table; a
  :class:`TerrainSession` keeps the DEM and the cache between runs (live editing).

Stations outside the DEM or standing on a nodata cell cover nothing with terrain (reported by
name); cells outside the DEM are never visible.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import terrain
from .coverage import CellLocator, Footprints
from .gdal_util import with_gdal_exceptions
from .messages import literal, num, tr

#: Vertical unit name -> factor to metres.
VERTICAL_UNITS = {"metre": 1.0, "foot": 0.3048, "us_foot": 1200.0 / 3937.0}
#: how DEMs write their heights' unit (band unit type, or the vertical CRS's axis unit)
_UNIT_WORDS = {
    "metre": ("m", "metre", "metres", "meter", "meters"),
    "foot": ("ft", "foot", "feet", "international foot", "foot (international)", "intl foot", "ft_intl"),
    "us_foot": ("us survey foot", "us survey feet", "us_survey_foot", "survey foot", "ftus", "us-ft", "us ft",
                "us foot", "us_foot", "foot_us", "foot (us survey)"),
}


def declared_vertical_unit(ds, band: int = 1, crs_wkt: str | None = None) -> str | None:
    """The unit a DEM declares for its heights (a key of :data:`VERTICAL_UNITS`), or None.

    Read from the band's unit type, else from the vertical part of a compound CRS (e.g.
    ``EPSG:2263+6360``, NAVD88 height in US survey feet).
    """
    text = (ds.GetRasterBand(band).GetUnitType() or "").strip().lower()
    if not text:
        wkt = crs_wkt or ds.GetProjection()
        if not wkt:
            return None
        try:
            from .population import pyproj_crs

            crs = pyproj_crs(wkt)
            if not crs.is_compound:
                return None
            vertical = [c for c in crs.sub_crs_list if c.is_vertical]
            text = vertical[0].axis_info[0].unit_name.strip().lower() if vertical else ""
        except Exception:  # a CRS pyproj cannot read: nothing declared
            return None
    for unit, words in _UNIT_WORDS.items():
        if text in words:
            return unit
    return None


def vertical_unit_mismatch(declared: str | None, factor: float) -> bool:
    """Whether a declared unit contradicts the vertical factor chosen for the run."""
    return declared is not None and abs(VERTICAL_UNITS[declared] - factor) > 1e-9


@dataclass(frozen=True)
class TerrainOptions:
    """The DEM and line-of-sight settings of a coverage run (plain data, read on the main thread)."""

    dem_path: str
    #: CRS of the DEM (WKT); empty: the file's own. QGIS may know a CRS the file lacks.
    dem_crs_wkt: str = ""
    band: int = 1
    #: heights in the DEM times this factor = metres (feet: 0.3048)
    vertical_factor: float = 1.0
    #: antenna height above ground (m) of stations without ``antenna_height_m``
    observer_height_m: float = 30.0
    use_station_heights: bool = True
    target_height_m: float = 1.5
    refraction_k: float = 4.0 / 3.0
    fresnel_clearance: float = 0.0
    #: frequency (MHz) of the Fresnel zone for stations without ``frequency_mhz``
    frequency_mhz: float = 2100.0
    #: DEM cell size on the working grid (m); None: the DEM's own resolution
    cell_size_m: float | None = None
    name: str = ""
    #: largest DEM grid (cells); a larger area is read at a coarser cell size (warning)
    max_cells: int = 100_000_000
    max_batch_mb: float = 64.0
    #: memory for the viewsheds kept between uses (MB)
    cache_mb: float = 256.0

    def params(self) -> terrain.TerrainParams:
        return terrain.TerrainParams(target_height_m=self.target_height_m, refraction_k=self.refraction_k,
                                     fresnel_clearance=self.fresnel_clearance, max_batch_mb=self.max_batch_mb)

    def validate(self) -> None:
        label = self.name or self.dem_path
        if not math.isfinite(self.observer_height_m) or not 0 <= self.observer_height_m <= 500:
            raise terrain.TerrainError(tr("DEM {dem}: antenna height {value} m must be 0-500 m", dem=label,
                                          value=repr(self.observer_height_m)))
        if not (self.vertical_factor > 0):
            raise terrain.TerrainError(tr("DEM {dem}: vertical unit factor must be > 0", dem=label))
        if self.cell_size_m is not None and not self.cell_size_m > 0:
            raise terrain.TerrainError(tr("DEM {dem}: cell size {value} m must be > 0", dem=label,
                                          value=repr(self.cell_size_m)))
        if not self.frequency_mhz > 0:
            raise terrain.TerrainError(tr("frequency {value} MHz must be > 0", value=repr(self.frequency_mhz)))
        self.params().validate()

    @property
    def label(self) -> str:
        return self.name or str(self.dem_path)


# -- DEM onto a metric grid -----------------------------------------------------------------------
@with_gdal_exceptions
def warp_to_grid(source, src_wkt: str, dst_wkt: str, bounds: tuple[float, float, float, float], width: int,
                 height: int, band: int = 1, src_nodata: float | None = None, factor: float = 1.0) -> np.ndarray:
    """Reproject one band of a GDAL raster (path or dataset) onto a grid: float32, NaN = nodata.

    Bilinear resampling of the full-resolution heights (never the file's overviews); no data where
    the band's nodata value, an alpha band or a mask says so, and at -32768 in an Int16 band without
    a nodata value (SRTM voids); the band's scale and offset applied, then heights multiplied by
    ``factor``. Raises ``RuntimeError`` (GDAL) on failure.
    """
    from osgeo import gdal

    from .population import pyproj_crs

    # the horizontal part only: with a compound CRS GDAL would convert the heights itself (a
    # NAVD88 height in US feet into metres), and the vertical unit would then be applied twice
    crs = pyproj_crs(src_wkt)
    if crs.is_compound:
        src_wkt = next((c for c in crs.sub_crs_list if not c.is_vertical), crs).to_wkt()
    src = gdal.Open(str(source)) if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__") else source
    if src is None:
        raise RuntimeError(tr("GDAL cannot open {source}", source=source))
    # heights = stored value × scale + offset (as QGIS shows them); gdal.Warp resamples stored values
    scale = src.GetRasterBand(band).GetScale()
    offset = src.GetRasterBand(band).GetOffset()
    scale = 1.0 if scale is None else float(scale)
    offset = 0.0 if offset is None else float(offset)
    # an alpha band (gdalwarp -dstalpha, a VRT mosaic built with -addalpha) says where there are no
    # heights: read with the band, otherwise the cells outside the data are heights of 0 m
    alpha = next((b for b in range(src.RasterCount, 0, -1) if b != band
                  and src.GetRasterBand(b).GetColorInterpretation() == gdal.GCI_AlphaBand), None)
    if src.RasterCount > 1 or band != 1:  # (a per-dataset mask is kept by the VRT)
        src = gdal.Translate("", src, format="VRT", bandList=[band] if alpha is None else [band, alpha])
    if src_nodata is None and src.GetRasterBand(1).GetNoDataValue() is not None:
        src_nodata = src.GetRasterBand(1).GetNoDataValue()
    if src_nodata is None and src.GetRasterBand(1).DataType == gdal.GDT_Int16 and (scale, offset) == (1.0, 0.0):
        src_nodata = -32768.0  # SRTM's voids in a tile saved without its nodata value: never a height
    # overviewLevel NONE: warping to a coarser grid, GDAL would read the file's overviews instead of
    # its heights (built by nearest, gdaladdo's default, or before the DEM was last edited)
    options = gdal.WarpOptions(
        format="MEM", outputBounds=tuple(bounds), width=width, height=height, srcSRS=src_wkt, dstSRS=dst_wkt,
        resampleAlg="bilinear", outputType=gdal.GDT_Float32, srcNodata=src_nodata, dstNodata=float("nan"),
        multithread=False, overviewLevel="NONE", srcAlpha=alpha is not None)
    warped = gdal.Warp("", src, options=options)
    array = warped.GetRasterBand(1).ReadAsArray().astype(np.float32, copy=False)
    if src_nodata is not None and not math.isnan(src_nodata):
        array[array == np.float32(src_nodata)] = np.nan
    if scale != 1.0 or offset != 0.0:  # bilinear resampling is linear: scaling after it is the same
        array = (array.astype(np.float64) * scale + offset).astype(np.float32)
    if factor != 1.0:
        array *= np.float32(factor)
    return array


@dataclass
class DemGrid:
    """A DEM read onto a metric grid of the working CRS."""

    array: np.ndarray
    grid: terrain.Grid
    crs: str
    #: the area asked for (working CRS), before clipping to the DEM
    requested: tuple[float, float, float, float]
    warnings: list[str] = field(default_factory=list)

    def covers(self, bounds) -> bool:
        xmin, ymin, xmax, ymax = self.requested
        return bounds[0] >= xmin and bounds[1] >= ymin and bounds[2] <= xmax and bounds[3] <= ymax


@with_gdal_exceptions
def warp_dem(opts: TerrainOptions, work_crs: str, bounds: tuple[float, float, float, float]) -> DemGrid:
    """The part of the DEM within ``bounds`` (working CRS, metres) on a metric grid of that CRS.

    Cell size: ``opts.cell_size_m`` or the DEM's own resolution measured in metres at the area's
    centre (3 significant digits); coarsened (with a warning) beyond ``opts.max_cells`` cells.
    When the DEM is already in the working CRS its own cell edges are kept.
    """
    from osgeo import gdal, osr

    from .population import pyproj_crs, transformer

    opts.validate()
    try:
        ds = gdal.Open(str(opts.dem_path))
    except RuntimeError as exc:
        raise terrain.TerrainError(tr("DEM {dem}: cannot be opened ({error})", dem=opts.label, error=str(exc))) from exc
    src_wkt = opts.dem_crs_wkt or ds.GetProjection()
    if not src_wkt:
        raise terrain.TerrainError(tr("DEM {dem} has no coordinate reference system: set it in Layer Properties › "
                                      "Source (e.g. EPSG:4326 for a DEM in degrees), then run again.", dem=opts.label))
    if not 1 <= opts.band <= ds.RasterCount:
        raise terrain.TerrainError(tr("DEM {dem} has no band {band}", dem=opts.label, band=opts.band))
    warnings: list[str] = []
    declared = declared_vertical_unit(ds, opts.band, ds.GetProjection())
    if vertical_unit_mismatch(declared, opts.vertical_factor):
        unit = next((u for u, f in VERTICAL_UNITS.items() if abs(f - opts.vertical_factor) <= 1e-9), None)
        chosen = unit.replace("_", " ") if unit is not None else literal("× {factor}",
                                                                          factor=num(opts.vertical_factor, "g"))
        warnings.append(tr("DEM {dem} declares its heights in {declared}, but they are read as {chosen}: set the "
                           "vertical unit to {unit} if the file is right", dem=opts.label,
                           declared=declared.replace("_", " "), chosen=chosen, unit=declared))
    src_crs = pyproj_crs(src_wkt)
    dst_crs = pyproj_crs(work_crs)
    if not dst_crs.is_projected:
        raise terrain.TerrainError(tr("the working CRS {crs} is in degrees: choose a projected CRS in metres",
                                      crs=work_crs[:40]))
    gt = ds.GetGeoTransform()
    if abs(gt[2]) > 1e-12 or abs(gt[4]) > 1e-12:
        raise terrain.TerrainError(tr("DEM {dem} is rotated: warp it to a north-up grid first", dem=opts.label))
    # the extent whichever way the rows and columns run (a south-up DEM has a positive pixel height)
    dxmin, dxmax = sorted((gt[0], gt[0] + gt[1] * ds.RasterXSize))
    dymin, dymax = sorted((gt[3], gt[3] + gt[5] * ds.RasterYSize))
    to_work = transformer(src_wkt, work_crs)
    to_dem = transformer(work_crs, src_wkt)
    same = src_crs == dst_crs
    ext = (dxmin, dymin, dxmax, dymax) if same else to_work.transform_bounds(dxmin, dymin, dxmax, dymax,
                                                                             densify_pts=21)
    xmin, ymin = max(bounds[0], ext[0]), max(bounds[1], ext[1])
    xmax, ymax = min(bounds[2], ext[2]), min(bounds[3], ext[3])
    if not (xmin < xmax and ymin < ymax):
        raise terrain.TerrainError(tr("the stations are outside DEM {dem}", dem=opts.label))
    cell = opts.cell_size_m
    if not cell:
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        sx, sy = to_dem.transform(cx, cy)
        px, py = to_work.transform(np.array([sx, sx + gt[1], sx]), np.array([sy, sy, sy + gt[5]]))
        size = min(math.hypot(px[1] - px[0], py[1] - py[0]), math.hypot(px[2] - px[0], py[2] - py[0]))
        if not (size > 0 and math.isfinite(size)):
            raise terrain.TerrainError(tr("DEM {dem}: its cell size could not be measured", dem=opts.label))
        cell = round(size, max(2 - math.floor(math.log10(size)), 0))
    cells = (xmax - xmin) * (ymax - ymin) / (cell * cell)
    if cells > opts.max_cells:
        coarse = cell * math.sqrt(cells / opts.max_cells)
        coarse = round(coarse, max(2 - math.floor(math.log10(coarse)), 0))
        warnings.append(tr("DEM {dem}: the area of the stations is {millions} million cells of {cell} m; read at "
                           "{coarse} m cells instead (set a cell size to choose)", dem=opts.label,
                           millions=num(cells / 1e6, ".0f"), cell=num(cell, "g"), coarse=num(coarse, "g")))
        cell = coarse
    ox, oy = (dxmin, dymax) if same else (0.0, 0.0)
    eps = 1e-6 * cell
    gx0 = ox + math.floor((xmin - ox) / cell + eps) * cell
    gy0 = oy + math.floor((ymin - oy) / cell + eps) * cell
    gx1 = ox + math.ceil((xmax - ox) / cell - eps) * cell
    gy1 = oy + math.ceil((ymax - oy) / cell - eps) * cell
    width, height = max(1, round((gx1 - gx0) / cell)), max(1, round((gy1 - gy0) / cell))
    srs = osr.SpatialReference()
    srs.SetFromUserInput(src_wkt)
    try:
        array = warp_to_grid(ds, srs.ExportToWkt(), dst_crs.to_wkt(), (gx0, gy0, gx1, gy1), width, height,
                             opts.band, None, opts.vertical_factor)
    except RuntimeError as exc:
        raise terrain.TerrainError(tr("DEM {dem} could not be reprojected: {error}", dem=opts.label,
                                      error=str(exc))) from exc
    if array.size == 0 or np.isnan(array).all():
        raise terrain.TerrainError(tr("DEM {dem} has no data in the area of the stations", dem=opts.label))
    grid = terrain.Grid(gx0, gy1, cell, cell, width, height, dst_crs.to_wkt())
    # voids are the cells without data inside the DEM's own extent (beyond it: the edge warnings)
    inside = dem_footprint(grid, (dxmin, dymin, dxmax, dymax), src_wkt, work_crs, same)
    holes = float((np.isnan(array) & inside).sum()) / max(int(inside.sum()), 1)
    if holes > 0.001:
        warnings.append(tr("DEM {dem}: {pct} % of its cells around the stations have no data (voids); they are "
                           "never visible and do not block the view (fill them first if they hide terrain)",
                           dem=opts.label, pct=num(100 * holes, ".1f")))
    return DemGrid(array, grid, work_crs, tuple(bounds), warnings)


def dem_footprint(grid: terrain.Grid, extent: tuple, src_wkt: str, work_crs: str, same: bool) -> np.ndarray:
    """Cells of ``grid`` (working CRS) whose centre lies within the DEM's extent (``src_wkt``)."""
    from rasterio.features import rasterize
    from rasterio.transform import Affine
    from shapely.geometry import box, mapping

    from .population import densify, transform_geoms

    frame = box(*extent)
    if not same:
        # only the part of the DEM around the grid: the frame of a DEM of the world or of a
        # continent is no polygon in a UTM zone (its voids were then never reported)
        xmin, ymin, xmax, ymax = grid.bounds
        pad = 0.1 * max(xmax - xmin, ymax - ymin)
        around = box(xmin - pad, ymin - pad, xmax + pad, ymax + pad)
        around = transform_geoms([densify(around, (xmax - xmin + ymax - ymin + 4 * pad) / 256)], work_crs,
                                 src_wkt)[0]
        if around is None or around.is_empty or not np.isfinite(around.bounds).all():
            near = frame
        else:
            near = frame.intersection(box(*around.bounds))
        if near.is_empty:
            return np.zeros((grid.height, grid.width), dtype=bool)
        nx0, ny0, nx1, ny1 = near.bounds
        frame = transform_geoms([densify(near, max(nx1 - nx0, ny1 - ny0) / 256)], src_wkt, work_crs)[0]
    transform = Affine(grid.dx, 0.0, grid.x0, 0.0, -grid.dy, grid.y0)
    return rasterize([(mapping(frame), 1)], out_shape=(grid.height, grid.width), transform=transform, fill=0,
                     dtype="uint8").astype(bool)


# -- the visibility hook ----------------------------------------------------------------------------
class MaskCache:
    """Viewsheds on the DEM grid keyed by (x, y, reach, height, frequency), least recently used first out."""

    def __init__(self, max_mb: float = 256.0):
        self.max_bytes = int(max_mb * 1e6)
        self.items: OrderedDict = OrderedDict()
        self.bytes = 0
        self.computed = 0

    def get(self, key):
        item = self.items.get(key)
        if item is not None:
            self.items.move_to_end(key)
        return item

    def __contains__(self, key) -> bool:
        return key in self.items

    def put(self, key, value) -> None:
        size = value[1].mask.nbytes if value[1] is not None else 16
        old = self.items.pop(key, None)
        if old is not None:
            self.bytes -= old[1].mask.nbytes if old[1] is not None else 16
        self.items[key] = value
        self.bytes += size
        while self.bytes > self.max_bytes and len(self.items) > 1:
            _, dropped = self.items.popitem(last=False)
            self.bytes -= dropped[1].mask.nbytes if dropped[1] is not None else 16


class TerrainVisibility:
    """Visibility hook of the coverage engine from line of sight over a DEM.

    ``fp`` are the stations in the working CRS (the DEM grid's CRS); ``locator`` maps the engine
    grid to that CRS. Heights / frequencies are per station index (``set_station`` for stations
    added later). ``reach_factor`` (the largest scenario factor) sets how far each viewshed goes.
    """

    def __init__(self, dem: DemGrid, params: terrain.TerrainParams, locator: CellLocator, fp: Footprints,
                 heights, frequencies, reach_factor: float = 1.0, default_height_m: float = 30.0,
                 default_frequency_mhz: float = 2100.0, cache: MaskCache | None = None, batch: int = 128,
                 check: Callable | None = None):
        self.dem = dem
        self.params = params
        self.locator = locator
        self.fp = fp
        self.heights = dict(enumerate(np.asarray(heights, dtype=float).tolist()))
        self.frequencies = dict(enumerate(np.asarray(frequencies, dtype=float).tolist()))
        self.reach_factor = float(reach_factor)
        self.default_height_m = float(default_height_m)
        self.default_frequency_mhz = float(default_frequency_mhz)
        self.cache = cache if cache is not None else MaskCache()
        self.batch = int(batch)
        self.check = check
        params.validate()

    # -- stations ------------------------------------------------------------------------------
    def set_station(self, i: int, height_m: float | None = None, frequency_mhz: float | None = None) -> None:
        self.heights[i] = self.default_height_m if height_m is None or not np.isfinite(height_m) else float(height_m)
        self.frequencies[i] = (self.default_frequency_mhz if frequency_mhz is None or not np.isfinite(frequency_mhz)
                               else float(frequency_mhz))

    def height(self, i: int) -> float:
        return self.heights.get(i, self.default_height_m)

    def reach(self, i: int) -> float:
        """Viewshed radius of station ``i``: its largest footprint plus one and a half DEM cells."""
        g = self.dem.grid
        return float(self.fp.radius[i]) * self.reach_factor + 1.5 * max(g.dx, g.dy)

    def key(self, i: int) -> tuple:
        return (float(self.fp.x[i]), float(self.fp.y[i]), round(self.reach(i), 6), self.height(i),
                self.frequencies.get(i, self.default_frequency_mhz))

    def status(self, i: int) -> str | None:
        """None when station ``i`` stands on the DEM, "near" on a cell without data next to ground (which it
        stands on), else "outside" or "nodata"."""
        g = self.dem.grid
        row, col = g.rowcol(self.fp.x[i], self.fp.y[i])
        row, col = int(row), int(col)
        if not (0 <= row < g.height and 0 <= col < g.width):
            return "outside"
        if np.isnan(self.dem.array[row, col]):
            # a mast on the shore of a DEM whose sea has no data stands on the nearest ground
            if np.isnan(terrain.ground_near(self.dem.array, g, float(self.fp.x[i]), float(self.fp.y[i]))):
                return "nodata"
            return "near"
        return None

    def cut(self, i: int) -> bool:
        """Whether station ``i``'s footprint reaches past the DEM grid."""
        xmin, ymin, xmax, ymax = self.dem.grid.bounds
        r = float(self.fp.radius[i]) * self.reach_factor
        x, y = self.fp.x[i], self.fp.y[i]
        return x - r < xmin or x + r > xmax or y - r < ymin or y + r > ymax

    # -- masks -----------------------------------------------------------------------------------
    def mask(self, i: int) -> terrain.StationMask | None:
        """Station ``i``'s visible cells on the DEM grid (None when it stands outside / on nodata)."""
        key = self.key(i)
        found = self.cache.get(key)
        if found is None:
            self._compute(i)
            found = self.cache.get(key)
        return found[1]

    def _compute(self, i: int) -> None:
        todo = []
        j = i
        while j < self.fp.n and len(todo) < self.batch:
            if self.key(j) in self.cache:
                break  # the next ones were computed before (e.g. a live edit): stop the batch here
            todo.append(j)
            j += 1
        ok = [j for j in todo if self.status(j) in (None, "near")]
        for j in todo:
            if j not in ok:
                self.cache.put(self.key(j), (j, None))
        if not ok:
            return
        idx = np.asarray(ok)
        obs = terrain.make_observers(self.fp.x[idx], self.fp.y[idx], [self.height(j) for j in ok],
                                     [self.reach(j) for j in ok],
                                     [self.frequencies.get(j, self.default_frequency_mhz) for j in ok])
        for sm in terrain.visibility_masks(self.dem.array, self.dem.grid, obs, self.params, check=self.check):
            j = ok[sm.index]
            self.cache.put(self.key(j), (j, terrain.StationMask(j, sm.row0, sm.col0, sm.mask)))
            self.cache.computed += 1

    def __call__(self, i: int, rows: slice, cols: slice) -> np.ndarray:
        mx, my = self.locator.xy(rows, cols)
        return self.visible_at(i, mx, my)

    def visible_at(self, i: int, x, y) -> np.ndarray:
        """Whether points (working CRS) see station ``i`` (sampled at the DEM cell containing them)."""
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        out = np.zeros(x.shape, dtype=bool)
        sm = self.mask(i)
        if sm is None:
            return out
        g = self.dem.grid
        r = np.floor((g.y0 - y) / g.dy).astype(np.int64) - sm.row0
        c = np.floor((x - g.x0) / g.dx).astype(np.int64) - sm.col0
        h, w = sm.mask.shape
        ok = (r >= 0) & (r < h) & (c >= 0) & (c < w)
        out[ok] = sm.mask[r[ok], c[ok]]
        return out

    def polygon(self, i: int):
        """Visible area of station ``i`` (shapely, working CRS): the union of its visible DEM cells."""
        from rasterio.features import shapes
        from rasterio.transform import Affine
        from shapely.geometry import MultiPolygon, shape

        sm = self.mask(i)
        if sm is None or not sm.mask.any():
            return MultiPolygon()
        g = self.dem.grid
        transform = Affine(g.dx, 0.0, g.x0 + sm.col0 * g.dx, 0.0, -g.dy, g.y0 - sm.row0 * g.dy)
        m = np.ascontiguousarray(sm.mask, dtype=np.uint8)
        polys = [shape(geom) for geom, _ in shapes(m, mask=m.astype(bool), transform=transform, connectivity=4)]
        return MultiPolygon(polys) if len(polys) != 1 else polys[0]


# -- building it ----------------------------------------------------------------------------------
class TerrainSession:
    """Keeps the DEM grids and viewshed caches of the last runs (live editing): only stations whose
    position or heights changed get a new viewshed. One entry per (options, working CRS); the
    coverage layers and the statistics may work in two CRSs."""

    def __init__(self, entries: int = 2):
        self.entries: OrderedDict = OrderedDict()
        self.size = entries

    def get(self, opts: TerrainOptions, work_crs: str, bounds) -> tuple[DemGrid, MaskCache] | None:
        found = self.entries.get((opts, work_crs))
        if found is not None and found[0].covers(bounds):
            self.entries.move_to_end((opts, work_crs))
            return found
        return None

    def put(self, opts: TerrainOptions, work_crs: str, dem: DemGrid, cache: MaskCache) -> None:
        self.entries[(opts, work_crs)] = (dem, cache)
        self.entries.move_to_end((opts, work_crs))
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)

    @property
    def cache(self) -> MaskCache | None:
        """The most recently used viewshed cache."""
        return next(reversed(self.entries.values()))[1] if self.entries else None


def station_heights(opts: TerrainOptions, antenna_m, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Antenna heights: the stations' own where set (and allowed), else the default."""
    heights = np.full(n, float(opts.observer_height_m))
    if opts.use_station_heights and antenna_m is not None:
        own = np.asarray(antenna_m, dtype=float)
        heights = np.where(np.isfinite(own), own, heights)
    return heights, np.full(n, float(opts.frequency_mhz))


def build_visibility(opts: TerrainOptions, fp: Footprints, work_crs: str, locator: CellLocator,
                     heights, frequencies, reach_factor: float, labels=None, session: TerrainSession | None = None,
                     check: Callable | None = None) -> tuple[TerrainVisibility, list[str]]:
    """The terrain visibility hook for stations ``fp`` (working CRS) and the warnings to show.

    Reads the DEM around the stations (their largest footprint plus a margin) onto a metric grid of
    ``work_crs``; with a ``session`` the DEM and the viewsheds of a previous run are reused.
    """
    if fp.n == 0:
        raise terrain.TerrainError(tr("no stations"))
    margin = float(np.max(fp.radius)) * reach_factor
    bounds = (float(fp.x.min()) - margin, float(fp.y.min()) - margin, float(fp.x.max()) + margin,
              float(fp.y.max()) + margin)
    found = session.get(opts, work_crs, bounds) if session is not None else None
    if found is None:
        # a little room around, so that small moves while editing keep the same DEM grid
        pad = 0.1 * max(bounds[2] - bounds[0], bounds[3] - bounds[1], 1.0) if session is not None else 0.0
        dem = warp_dem(opts, work_crs, (bounds[0] - pad, bounds[1] - pad, bounds[2] + pad, bounds[3] + pad))
        cache = MaskCache(opts.cache_mb)
        if session is not None:
            session.put(opts, work_crs, dem, cache)
    else:
        dem, cache = found
    vis = TerrainVisibility(dem, opts.params(), locator, fp, heights, frequencies, reach_factor,
                            opts.observer_height_m, opts.frequency_mhz, cache, check=check)
    warnings = list(dem.warnings)
    outside, nodata, near, cut = [], [], [], []
    for i in range(fp.n):
        state = vis.status(i)
        name = labels[i] if labels is not None else tr("station {i}", i=i)
        if state == "outside":
            outside.append(name)
        elif state == "nodata":
            nodata.append(name)
        else:
            if state == "near":
                near.append(name)
            if vis.cut(i):
                cut.append(name)

    def short(items):
        return ", ".join(items[:5]) + (f", … (+{len(items) - 5})" if len(items) > 5 else "")

    if outside:
        warnings.append(tr("{n} station outside DEM {dem} covers nothing with terrain: {items}",
                           "{n} stations outside DEM {dem} cover nothing with terrain: {items}", len(outside),
                           dem=opts.label, items=short(outside)))
    if nodata:
        warnings.append(tr("{n} station standing on a DEM cell without data, with none holding data within {cells} "
                           "cells, covers nothing with terrain: {items}",
                           "{n} stations standing on DEM cells without data, with none holding data within {cells} "
                           "cells, cover nothing with terrain: {items}", len(nodata),
                           cells=terrain.GROUND_SEARCH_CELLS, items=short(nodata)))
    if near:
        warnings.append(tr("{n} station stands on a DEM cell without data (the sea of a DEM, a void): its ground is "
                           "that of the nearest cell with data, within {cells} cells: {items}",
                           "{n} stations stand on DEM cells without data (the sea of a DEM, a void): their ground is "
                           "that of the nearest cell with data, within {cells} cells: {items}", len(near),
                           cells=terrain.GROUND_SEARCH_CELLS, items=short(near)))
    if cut:
        warnings.append(tr("the coverage of {n} station reaches past DEM {dem} and is cut at its edge: {items}",
                           "the coverage of {n} stations reaches past DEM {dem} and is cut at its edge: {items}",
                           len(cut), dem=opts.label, items=short(cut)))
    return vis, warnings
