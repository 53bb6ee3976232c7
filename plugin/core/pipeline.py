"""Coverage and statistics runs from plain inputs: what the dock's task and Processing both call.

Inputs are plain Python / numpy / shapely objects (read from layers by ``qgis_io.coverage_io``
on the main thread), so a run works in a background task and in a Processing algorithm alike.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .coverage import (
    CellLocator,
    CoverageInputError,
    Footprints,
    Grid,
    Visibility,
    auto_resolution,
    best_server,
    count_grid,
    footprint_polygons,
    overlap_classes,
    raster_to_polygons,
)
from .geo import mean_lonlat
from .messages import joined, literal, num, tr
from .population import (
    SOURCE_NODATA,
    NoDataRule,
    PopulationInputError,
    RasterPopulation,
    RegionRaster,
    densify_step,
    locator_for,
    metric_crs_for,
    pyproj_crs,
    region_areas_km2,
    transform_geoms,
    transformer,
    true_north_in_grid,
)
from .regions import prepare_regions, region_of_points
from .stats import (
    DEFAULT_FACTORS,
    DEFAULT_PENETRATION,
    RULE_CENTRE,
    RULE_FRACTION,
    SCENARIOS,
    PopulationGrid,
    RegionSums,
    area_statistics_into,
    build_table,
    fractional_statistics,
    grid_statistics,
    point_statistics,
    region_extent,
    site_numbers,
    sites_per_region,
)
from .terrain_coverage import TerrainOptions, TerrainSession, build_visibility, station_heights

WGS84 = "EPSG:4326"
#: Circle vertices of the exact fractional rule.
FRACTION_SEGMENTS = 720


@dataclass
class StationTable:
    """Stations as plain arrays (WGS84 positions, likely radius in metres)."""

    lon: np.ndarray
    lat: np.ndarray
    radius_m: np.ndarray
    azimuths: list = field(default_factory=list)
    beamwidth: np.ndarray | None = None
    technology: list = field(default_factory=list)
    operator: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    budgets: list | None = None
    heights: np.ndarray | None = None
    station_ids: list = field(default_factory=list)
    names: list = field(default_factory=list)
    fids: list = field(default_factory=list)
    #: the stations' own antenna heights above ground (m; NaN where the field is empty)
    antenna_m: np.ndarray | None = None
    #: the stations' own frequencies (MHz; NaN where the field is empty)
    frequency_mhz: np.ndarray | None = None
    #: the stations' site ids (operator and id; None where the layer gives none): one id is one site
    site_ids: list | None = None

    def __post_init__(self):
        self.lon = np.asarray(self.lon, dtype=float)
        self.lat = np.asarray(self.lat, dtype=float)
        self.radius_m = np.asarray(self.radius_m, dtype=float)
        n = len(self.lon)
        self.technology = list(self.technology) or ["unknown"] * n
        self.operator = list(self.operator) or [""] * n
        self.labels = list(self.labels) or [str(i) for i in range(n)]
        self.station_ids = list(self.station_ids) or [""] * n
        self.names = list(self.names) or [""] * n
        self.fids = list(self.fids) or list(range(n))
        if not self.azimuths:
            self.azimuths = [np.empty(0)] * n
        if self.beamwidth is None:
            self.beamwidth = np.full(n, 120.0)

    @property
    def n(self) -> int:
        return len(self.lon)

    def centre(self) -> tuple[float, float]:
        return mean_lonlat(self.lon, self.lat)

    def footprints(self, crs: str) -> Footprints:
        """Footprints with positions in ``crs`` (a metric CRS)."""
        if self.n == 0:
            raise CoverageInputError(tr("no stations: add or import stations first"))
        x, y = transformer(WGS84, crs).transform(self.lon, self.lat)
        # ground metres -> CRS metres: the point scale factor at each station (UTM: 0.9996 on the
        # central meridian to ~1.001 at the zone edge), so that footprints are true-distance discs
        k = scale_factors(crs, self.lon, self.lat)
        # sector azimuths are true bearings: turned to grid bearings by the convergence at each station
        azimuths = list(self.azimuths)
        sectored = [i for i, a in enumerate(azimuths) if len(a)]
        if sectored:
            turn = true_north_in_grid(crs, self.lon[sectored], self.lat[sectored])
            for j, i in enumerate(sectored):
                azimuths[i] = (np.asarray(azimuths[i], dtype=float) + turn[j]) % 360.0
        return Footprints(np.asarray(x), np.asarray(y), self.radius_m * k, azimuths, self.beamwidth,
                          self.budgets, self.heights)


def scale_factors(crs: str, lon, lat, exact_below: int = 4096) -> np.ndarray:
    """Areal point scale factor sqrt(h·k) of ``crs`` at each (lon, lat) (1 where undefined).

    Beyond ``exact_below`` points the factor is evaluated on a 65 x 65 lattice over the points'
    extent and interpolated bilinearly (the factor is smooth: the error is below 1e-7).
    """
    from pyproj import Proj

    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    c = pyproj_crs(crs)
    if not c.is_projected:
        return np.ones_like(lon)

    def factors(lo, la):
        f = Proj(c).get_factors(lo, la)
        k = np.sqrt(np.asarray(f.meridional_scale, dtype=float) * np.asarray(f.parallel_scale, dtype=float))
        return np.where(np.isfinite(k) & (k > 0), k, 1.0)

    try:
        if len(lon) <= exact_below:
            return factors(lon, lat)
        x0, x1, y0, y1 = float(lon.min()), float(lon.max()), float(lat.min()), float(lat.max())
        nodes = 65
        gx = np.linspace(x0, x1 if x1 > x0 else x0 + 1e-6, nodes)
        gy = np.linspace(y0, y1 if y1 > y0 else y0 + 1e-6, nodes)
        mx, my = np.meshgrid(gx, gy)
        k = factors(mx.ravel(), my.ravel()).reshape(nodes, nodes)
        fx = (lon - gx[0]) / (gx[1] - gx[0])
        fy = (lat - gy[0]) / (gy[1] - gy[0])
        ix = np.clip(fx.astype(np.int64), 0, nodes - 2)
        iy = np.clip(fy.astype(np.int64), 0, nodes - 2)
        tx, ty = fx - ix, fy - iy
        return ((k[iy, ix] * (1 - tx) + k[iy, ix + 1] * tx) * (1 - ty)
                + (k[iy + 1, ix] * (1 - tx) + k[iy + 1, ix + 1] * tx) * ty)
    except Exception:  # a projection pyproj cannot differentiate: take it as true scale
        return np.ones_like(lon)


@dataclass
class RegionTable:
    names: list
    geoms: list  # shapely, in crs_wkt
    crs_wkt: str

    @property
    def n(self) -> int:
        return len(self.names)


def _geoms_digest(geoms) -> str:
    """A fingerprint of the regions' shapes: a region reshaped under the same name is another set of regions."""
    digest = hashlib.blake2b(digest_size=16)
    for geom in geoms:
        wkb = b"" if geom is None else geom.wkb
        digest.update(len(wkb).to_bytes(8, "little"))
        digest.update(wkb)
    return digest.hexdigest()


@dataclass
class PopulationPoints:
    x: np.ndarray
    y: np.ndarray
    values: np.ndarray
    crs_wkt: str


@dataclass
class StatsJob:
    stations: StationTable
    regions: RegionTable
    raster_path: str | None = None
    raster_band: int = 1
    #: the band was chosen by the analyst (else band 1 is counted, and said of a raster of several bands)
    raster_band_chosen: bool = False
    raster_is_density: bool = False
    #: the population raster layer's CRS in QGIS (WKT; see :class:`.population.RasterPopulation`)
    raster_crs: str = ""
    #: the population raster layer's no data values in QGIS (see :class:`.population.NoDataRule`)
    raster_nodata: NoDataRule = SOURCE_NODATA
    points: PopulationPoints | None = None
    factors: dict = field(default_factory=lambda: dict(DEFAULT_FACTORS))
    penetration: float = DEFAULT_PENETRATION
    rule: str = RULE_CENTRE
    metric_crs: str | None = None
    area_resolution_m: float | None = None
    visibility: Visibility | None = None
    #: line of sight over a DEM masks the footprints (None: open terrain)
    terrain: TerrainOptions | None = None


@dataclass
class StatsResult:
    table: pd.DataFrame
    warnings: list[str]
    metric_crs: str
    #: the regions as counted (one per table row before TOTAL; see :func:`counted_regions`)
    regions: RegionTable | None = None


def population_raster(job: StatsJob) -> RasterPopulation:
    """The job's population raster as its layer in QGIS has it (band, density, CRS, no data values)."""
    return RasterPopulation(job.raster_path, job.raster_band, job.raster_is_density, job.raster_crs,
                            job.raster_nodata, band_chosen=job.raster_band_chosen)


def counted_regions(regions: RegionTable) -> tuple[RegionTable, list[str]]:
    """The regions as the statistics count them (:func:`.regions.prepare_regions`) and what changed."""
    names, geoms, warnings = prepare_regions(regions.names, regions.geoms)
    return RegionTable(names, geoms, regions.crs_wkt), warnings


def _to_grid(regions: RegionTable, grid: Grid, grid_crs: str) -> list:
    """Region polygons in the grid CRS, densified to half a cell first (straight edges stay straight)."""
    step = densify_step(regions.geoms, regions.crs_wkt, grid, grid_crs)
    return transform_geoms(regions.geoms, regions.crs_wkt, grid_crs, densify_m=step, lon_centre=_middle(grid))


def _middle(grid: Grid) -> float:
    return grid.x0 + grid.width * grid.res_x / 2.0


def _check_factors(factors: dict) -> dict:
    out = {}
    for s in SCENARIOS:
        f = float(factors.get(s, DEFAULT_FACTORS[s]))
        if not (math.isfinite(f) and 0 < f <= 10):
            raise CoverageInputError(tr("scenario factor {scenario} = {value} must be a number in (0, 10]", scenario=s,
                                        value=repr(f)))
        out[s] = f
    if not out["min"] <= out["likely"] <= out["max"]:
        raise CoverageInputError(tr("scenario factors must satisfy min <= likely <= max, got {factors}",
                                    factors=str(out)))
    return out


def run_statistics(job: StatsJob, check: Callable | None = None, progress: Callable | None = None,
                   session: TerrainSession | None = None, client=None, tile: int | None = None) -> StatsResult:
    """The statistics table (one row per region + TOTAL) for ``job``.

    With ``job.terrain`` the covered figures use the terrain-masked footprints, and the table gets
    the :data:`..stats.TERRAIN_FIELDS` (the same figures without terrain, and what terrain removes).

    ``client`` (a ``distributed.Client``) runs the raster statistics window by window on a Dask
    cluster (:func:`.scaling.grid_statistics_dask`; cell-centre rule, no terrain). ``tile`` cuts
    the grid into ``tile`` x ``tile`` windows (default on a cluster:
    :data:`.scaling.DEFAULT_STATS_TILE`; on one machine: full-width bands).
    """
    warnings: list[str] = []
    factors = _check_factors(job.factors)
    if client is not None:
        from .scaling import scheduler_unsupported

        reason = scheduler_unsupported(job.terrain is not None, job.rule)
        if reason:
            raise CoverageInputError(reason)
        if job.points is not None:
            warnings.append(tr("population points are counted on this machine (the cluster tiles population "
                               "rasters)"))
        elif job.raster_path is None:
            warnings.append(tr("the areas are counted on this machine (the cluster tiles population rasters)"))
    if job.regions.n == 0:
        raise PopulationInputError(tr("the region layer has no polygons"))
    regions, more = counted_regions(job.regions)
    warnings += more
    # no population source: the area covered per region only, the population columns left empty
    area_only = job.raster_path is None and job.points is None
    lon, lat = job.stations.centre() if job.stations.n else (float("nan"), float("nan"))
    if job.stations.n == 0:
        raise CoverageInputError(tr("no stations: add or import stations first"))
    metric = metric_crs_for(lon, lat, job.metric_crs)
    areas = region_areas_km2(regions.geoms, regions.crs_wkt)
    per_region, sites = site_counts(job.stations, regions)
    open_sums = None
    # with terrain, progress 0-0.8 is the masked pass (viewsheds), 0.8-1 the open one
    part = (lambda f: progress(0.8 * f)) if progress is not None and job.terrain is not None else progress

    if job.raster_path is not None:
        pop = population_raster(job)
        warnings += pop.warnings
        grid = pop.grid
        regions_g = _to_grid(regions, grid, pop.crs_wkt)
        _check_overlap(regions_g, grid, job.raster_path)
        warnings += _partly_outside(regions.names, regions_g, grid, job.raster_path)
        # only the cells of the regions are read and held (a province on a global raster)
        extent = region_extent(grid, regions_g)
        plon, plat = pop.centre_lonlat()
        locator = locator_for(grid, pop.crs_wkt, metric, plon, plat)
        work_crs = pop.crs_wkt if locator.identity else metric
        fp = job.stations.footprints(work_crs)
        visibility, terrain_vis = _visibility(job.terrain, job.visibility, job.stations, fp, work_crs, locator,
                                              factors, session, check, warnings)
        if job.rule == RULE_FRACTION:
            covers = _coverage_unions(fp, factors, work_crs, pop.crs_wkt, grid, terrain_vis)
            sums = fractional_statistics(grid, pop.read, regions_g, covers, pop.cell_area_rows, check)
            if terrain_vis is not None:
                covers = _coverage_unions(fp, factors, work_crs, pop.crs_wkt, grid)
                open_sums = fractional_statistics(grid, pop.read, regions_g, covers, pop.cell_area_rows, check)
        elif job.rule == RULE_CENTRE:
            src = PopulationGrid(locator, pop.read, RegionRaster(grid, regions_g).read, pop.cell_area_rows)
            if client is not None:
                from .scaling import DEFAULT_STATS_TILE, grid_statistics_dask

                sums = grid_statistics_dask(client, job.raster_path, job.raster_band, job.raster_is_density, grid,
                                            pop.crs_wkt, locator, None if locator.identity else metric, fp,
                                            regions_g, regions.n, factors, pop.cell_area_rows,
                                            tile or DEFAULT_STATS_TILE, part, check, crs=job.raster_crs,
                                            nodata_rule=job.raster_nodata)
            elif tile:
                sums = grid_statistics(src, fp, regions.n, factors, visibility, band_rows=tile, check=check,
                                       progress=part, tile_cols=tile, extent=extent)
            else:
                sums = grid_statistics(src, fp, regions.n, factors, visibility, check=check, progress=part,
                                       extent=extent)
            if terrain_vis is not None:
                open_sums = grid_statistics(src, fp, regions.n, factors, job.visibility, check=check, extent=extent)
        else:
            raise CoverageInputError(tr("unknown cell rule {rule} (expected {centre} or {fraction})",
                                        rule=repr(job.rule), centre=RULE_CENTRE, fraction=RULE_FRACTION))
        if job.rule == RULE_CENTRE:
            warnings += _without_cell_centres(regions.names, areas, sums, job.raster_path)
        if sums.population.sum() <= 0:
            warnings.append(tr("population raster {path}: no people inside the regions", path=str(job.raster_path)))
        if pop.fill_warning():
            warnings.append(pop.fill_warning())
    else:
        # population points, or none: the area is counted on a grid of its own over the regions
        pts = job.points
        fp = job.stations.footprints(metric)
        if pts is not None:
            px, py = transformer(pts.crs_wkt, metric).transform(pts.x, pts.y)
            px, py = np.asarray(px), np.asarray(py)
            rx, ry = transformer(pts.crs_wkt, regions.crs_wkt).transform(pts.x, pts.y)
            point_region = region_of_points(regions.geoms, rx, ry, lonlat=pyproj_crs(regions.crs_wkt).is_geographic)
            if len(pts.x) and (point_region < 0).all():
                raise PopulationInputError(tr("no population point lies inside the regions"))
        regions_m = transform_geoms(regions.geoms, regions.crs_wkt, metric)
        bounds = np.array([g.bounds for g in regions_m if g is not None and not g.is_empty])
        if not len(bounds):
            raise PopulationInputError(tr("the region layer has no polygons"))
        xmin, ymin = bounds[:, 0].min(), bounds[:, 1].min()
        xmax, ymax = bounds[:, 2].max(), bounds[:, 3].max()
        res = job.area_resolution_m or auto_resolution(fp.radius * factors["min"], xmax - xmin, ymax - ymin)
        grid = Grid.covering(xmin, ymin, xmax, ymax, res)
        regions_m = _to_grid(regions, grid, metric)
        locator = CellLocator(grid)
        visibility, terrain_vis = _visibility(job.terrain, job.visibility, job.stations, fp, metric, locator,
                                              factors, session, check, warnings)
        visible = terrain_vis.visible_at if terrain_vis is not None else None
        sums = (point_statistics(fp, px, py, pts.values, point_region, regions.n, factors, visible)
                if pts is not None else RegionSums(regions.n))
        zero = lambda r0, r1: np.zeros((r1 - r0, grid.width))  # noqa: E731
        src = PopulationGrid(locator, zero, RegionRaster(grid, regions_m).read, lambda r0, r1: res * res / 1e6)
        area_statistics_into(sums, src, fp, regions.n, factors, visibility, check)
        if terrain_vis is not None:
            open_sums = (point_statistics(fp, px, py, pts.values, point_region, regions.n, factors)
                         if pts is not None else RegionSums(regions.n))
            area_statistics_into(open_sums, src, fp, regions.n, factors, job.visibility, check)
    if progress is not None:
        progress(1.0)
    table = build_table(regions.names, areas, sums, per_region, sites, job.penetration, open_sums)
    if area_only:
        table = without_population(table)
    return StatsResult(table, warnings, metric, regions)


def population_columns(columns) -> list[str]:
    """The columns of a statistics table that count people (population, covered people, their shares,
    subscribers, with their ranges and the terrain figures of people)."""
    return [c for c in columns if "pop" in c or c.startswith("estimated_subscribers")]


def without_population(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with its population columns empty (NaN: NULL in a layer, an empty CSV cell), not 0: no people
    were counted (a run with regions and no population source)."""
    table = table.copy()
    for column in population_columns(table.columns):
        table[column] = np.nan
    return table


def has_population(table: pd.DataFrame) -> bool:
    """Whether ``table`` counted people (False for the area-only table of a run without a population source)."""
    return "population" in table.columns and bool(pd.to_numeric(table["population"], errors="coerce").notna().any())


def stations_per_region(stations: StationTable, regions: RegionTable, sites: np.ndarray | None = None
                        ) -> np.ndarray:
    """Number of sites located in each region (region CRS): the stations standing within
    :data:`.stats.SITE_DISTANCE_M` of one another (the sector rows of one mast) are one site, counted in the
    first region holding its first station, so that no site is counted twice or dropped. ``sites``: the
    stations' :func:`.stats.site_numbers` when known."""
    sx, sy = transformer(WGS84, regions.crs_wkt).transform(stations.lon, stations.lat)
    region = region_of_points(regions.geoms, sx, sy, lonlat=pyproj_crs(regions.crs_wkt).is_geographic)
    if sites is None:
        sites = site_numbers(stations.lon, stations.lat, site_ids=stations.site_ids)
    return sites_per_region(sites, region, regions.n)


def site_counts(stations: StationTable, regions: RegionTable) -> tuple[np.ndarray, int]:
    """The sites of each region (:func:`stations_per_region`) and of the whole run (the TOTAL row's
    ``stations``). Stations sharing a site id (:attr:`StationTable.site_ids`) near one another are one site."""
    sites = site_numbers(stations.lon, stations.lat, site_ids=stations.site_ids)
    return stations_per_region(stations, regions, sites), int(sites.max()) + 1 if len(sites) else 0


def station_labels(stations: StationTable) -> list[str]:
    """Names for messages: the station's name, else its id, else its feature id."""
    out = []
    for i in range(stations.n):
        name = stations.names[i] if i < len(stations.names) else ""
        sid = stations.station_ids[i] if i < len(stations.station_ids) else ""
        out.append(f"{name or sid or 'station'} (fid {stations.fids[i]})" if (name or sid)
                   else f"fid {stations.fids[i]}")
    return out


def terrain_inputs(opts: TerrainOptions, stations: StationTable) -> tuple[np.ndarray, np.ndarray]:
    """Antenna heights and frequencies of the line of sight: the stations' own, else the options'."""
    heights, freqs = station_heights(opts, stations.antenna_m, stations.n)
    if stations.frequency_mhz is not None:
        own = np.asarray(stations.frequency_mhz, dtype=float)
        freqs = np.where(np.isfinite(own), own, freqs)
    return heights, freqs


def _visibility(opts: TerrainOptions | None, hook: Visibility | None, stations: StationTable, fp: Footprints,
                work_crs: str, locator: CellLocator, factors: dict, session, check, warnings: list):
    """(visibility hook for the engine, the terrain part of it or None); terrain warnings appended."""
    if opts is None:
        return hook, None
    heights, freqs = terrain_inputs(opts, stations)
    vis, messages = build_visibility(opts, fp, work_crs, locator, heights, freqs, max(factors.values()),
                                     station_labels(stations), session, check)
    warnings.extend(messages)
    if hook is None:
        return vis, vis

    def both(i, rows, cols):
        return np.asarray(hook(i, rows, cols), dtype=bool) & vis(i, rows, cols)

    return both, vis


def _check_overlap(regions_g: list, grid: Grid, path: str) -> None:
    from shapely.geometry import box

    frame = box(*grid.bounds)
    if not any(g is not None and not g.is_empty and g.intersects(frame) for g in regions_g):
        raise PopulationInputError(tr(
            "the regions and the population raster {path} do not overlap: check both layers' CRS and extent",
            path=str(path)))


def _partly_outside(names: list, regions_g: list, grid: Grid, path: str, tolerance: float = 0.01) -> list[str]:
    """A warning naming the regions the population raster covers only in part (people outside are not counted)."""
    from shapely.geometry import box

    frame = box(*grid.bounds)
    short = []
    for name, g in zip(names, regions_g):
        if g is None or g.is_empty or g.area <= 0 or g.within(frame):
            continue
        share = g.intersection(frame).area / g.area
        if share < 1.0 - tolerance:
            short.append(literal("{name} ({pct} %)", name=str(name), pct=num(100.0 * share, ".0f")))
    if not short:
        return []
    listed = joined(", ", [*short[:5], *([f"… (+{len(short) - 5})"] if len(short) > 5 else [])])
    return [tr("population raster {path} covers only part of {n} region: people outside the raster are not counted, "
               "and its covered area share is that of the part inside: {items}",
               "population raster {path} covers only part of {n} regions: people outside the raster are not "
               "counted, and their covered area share is that of the part inside: {items}", len(short),
               path=str(path), items=listed)]


def _without_cell_centres(names: list, areas_km2, sums, path) -> list[str]:
    """A warning naming the regions that hold no cell centre of the population raster (smaller than its cells, or
    a strip between their centres): the centre rule counts neither people nor covered area there."""
    cells = np.asarray(sums.grid_area_km2, dtype=float)
    empty = [name for name, area, cell in zip(names, np.asarray(areas_km2, dtype=float), cells)
             if area > 0 and not cell > 0]
    if not empty:
        return []
    listed = ", ".join(str(n) for n in empty[:5]) + (f", … (+{len(empty) - 5})" if len(empty) > 5 else "")
    return [tr("population raster {path}: {n} region holds no cell centre of it (smaller than its cells): the centre "
               "rule counts no people and no covered area there; the fraction rule counts the parts of cells: {items}",
               "population raster {path}: {n} regions hold no cell centre of it (smaller than its cells): the centre "
               "rule counts no people and no covered area there; the fraction rule counts the parts of cells: {items}",
               len(empty), path=str(path), items=listed)]


def _coverage_unions(fp: Footprints, factors: dict, work_crs: str, grid_crs: str, grid: Grid,
                     terrain_vis=None) -> dict:
    from shapely.ops import unary_union

    out = {}
    visible = [terrain_vis.polygon(i) for i in range(fp.n)] if terrain_vis is not None else None
    for s in SCENARIOS:
        # 720 vertices per circle: the polygon misses 0.001 % of the disc
        polys = footprint_polygons(fp, factors[s], segments=FRACTION_SEGMENTS)
        if visible is not None:
            polys = [_cut(p, v) for p, v in zip(polys, visible)]
        union = unary_union(polys)
        step = float(np.min(fp.radius)) * factors[s] * 2 * math.pi / FRACTION_SEGMENTS
        out[s] = transform_geoms([union], work_crs, grid_crs, densify_m=step, lon_centre=_middle(grid))[0]
    return out


def _cut(footprint, visible):
    """A footprint polygon cut to the visible area (empty when nothing is visible)."""
    if visible.is_empty:
        return visible
    out = footprint.intersection(visible)
    return out if out.is_valid else out.buffer(0)


# -- coverage geometries ---------------------------------------------------------------------
@dataclass
class CoverageJob:
    stations: StationTable
    factors: dict = field(default_factory=lambda: dict(DEFAULT_FACTORS))
    metric_crs: str | None = None
    dissolve_by: str = "technology"  # "technology" | "operator" | "both" | "none"
    overlap: bool = True
    best_server: str | None = "nearest"  # None | "nearest" | "strongest"
    grid: Grid | None = None  # aligned raster grid (population raster's)
    grid_crs: str | None = None
    resolution_m: float | None = None
    visibility: Visibility | None = None
    #: line of sight over a DEM masks the footprints (None: open terrain)
    terrain: TerrainOptions | None = None


@dataclass
class CoverageResult:
    metric_crs: str
    stations: list  # per scenario: list of (station index, shapely polygon in metric CRS)
    dissolved: list  # (scenario, key, polygon)
    overlap: list  # (class 1..3, polygon) likely scenario
    best_server: list  # (station index, polygon)
    count: np.ndarray | None
    grid: Grid | None
    grid_crs: str | None
    warnings: list[str]
    factors: dict = field(default_factory=dict)


def run_coverage(job: CoverageJob, check: Callable | None = None, progress: Callable | None = None,
                 session: TerrainSession | None = None) -> CoverageResult:
    """Footprint polygons per station and scenario, dissolved coverage, overlap, best server, count raster.

    With ``job.terrain`` every footprint is cut to what its station sees over the DEM (polygons:
    disc or wedges ∩ visible DEM cells; grids: cell centres in the footprint and in sight).
    """
    from shapely.ops import unary_union

    factors = _check_factors(job.factors)
    st = job.stations
    if st.n == 0:
        raise CoverageInputError(tr("no stations: add or import stations first"))
    lon, lat = st.centre()
    metric = metric_crs_for(lon, lat, job.metric_crs)
    fp = st.footprints(metric)
    warnings: list[str] = []
    grid, grid_crs, locator, grid_fp = None, None, None, fp
    if job.overlap or job.best_server:
        if job.grid is not None and job.grid_crs:
            grid, grid_crs = job.grid, job.grid_crs
            if job.terrain is not None:  # the DEM grid is in ``metric``: cells located there
                locator = CellLocator.between(grid, grid_crs, metric)
            else:
                locator = locator_for(grid, grid_crs, metric, lon, lat)
                if locator.identity:
                    grid_fp = st.footprints(grid_crs)
        else:
            xmin = float(np.min(fp.x - fp.radius * factors["max"]))
            xmax = float(np.max(fp.x + fp.radius * factors["max"]))
            ymin = float(np.min(fp.y - fp.radius * factors["max"]))
            ymax = float(np.max(fp.y + fp.radius * factors["max"]))
            res = job.resolution_m or auto_resolution(fp.radius * factors["likely"], xmax - xmin, ymax - ymin)
            grid = Grid.covering(xmin, ymin, xmax, ymax, res)
            grid_crs = metric
            locator = CellLocator(grid)
    visibility, terrain_vis = _visibility(job.terrain, job.visibility, st, fp, metric,
                                          locator or CellLocator(Grid(0.0, 0.0, 1.0, 1.0, 1, 1)), factors, session,
                                          check, warnings)
    per_station = {s: footprint_polygons(fp, factors[s]) for s in SCENARIOS}
    if terrain_vis is not None:
        for i in range(fp.n):
            if check is not None and i % 16 == 0:
                check()
            visible = terrain_vis.polygon(i)
            for s in SCENARIOS:
                per_station[s][i] = _cut(per_station[s][i], visible)
            if progress is not None and i % 16 == 0:
                progress(0.4 * (i + 1) / fp.n)
    if progress is not None:
        progress(0.4)
    dissolved = []
    if job.dissolve_by != "none":
        for s in SCENARIOS:
            groups: dict[str, list] = {}
            for i, poly in enumerate(per_station[s]):
                if job.dissolve_by == "technology":
                    key = st.technology[i]
                elif job.dissolve_by == "operator":
                    key = st.operator[i] or ""
                else:
                    key = f"{st.technology[i]} {st.operator[i] or ''}".strip()
                groups.setdefault(key, []).append(poly)
            for key, polys in sorted(groups.items()):
                if check is not None:
                    check()
                dissolved.append((s, key, unary_union(polys)))
    if progress is not None:
        progress(0.5)
    overlap, best, count = [], [], None
    if locator is not None:
        count = count_grid(locator, grid_fp, factors["likely"], visibility, check=check)
        if progress is not None:
            progress(0.7)
        if job.overlap:
            classes = overlap_classes(count)
            polys = raster_to_polygons(classes, grid, mask=classes > 0)
            merged: dict[int, list] = {}
            for poly, val in polys:
                merged.setdefault(val, []).append(poly)
            overlap = [(val, _to_crs(unary_union(p), grid_crs, metric)) for val, p in sorted(merged.items())]
        if job.best_server:
            idx = best_server(locator, grid_fp, factors["likely"], job.best_server, visibility, check)
            polys = raster_to_polygons(idx, grid, mask=idx >= 0)
            merged = {}
            for poly, val in polys:
                merged.setdefault(val, []).append(poly)
            best = [(val, _to_crs(unary_union(p), grid_crs, metric)) for val, p in sorted(merged.items())]
    if progress is not None:
        progress(1.0)
    stations = {s: list(enumerate(per_station[s])) for s in SCENARIOS}
    return CoverageResult(metric, stations, dissolved, overlap, best, count, grid, grid_crs, warnings, factors)


def _to_crs(geom, src: str, dst: str):
    if src == dst:
        return geom
    return transform_geoms([geom], src, dst)[0]


# -- live statistics ----------------------------------------------------------------------------
def _station_keys(fids) -> list[tuple]:
    """(feature id, point number) of each station: the points of a multipoint feature share its id."""
    seen: dict = {}
    keys = []
    for fid in fids:
        j = seen.get(fid, 0)
        seen[fid] = j + 1
        keys.append((fid, j))
    return keys



class LiveStatistics:
    """Statistics kept up to date station by station (live editing with a population raster).

    Built once from a :class:`StatsJob` (reads the whole raster into memory); :meth:`update`
    then compares a new station table with the current one by feature id and recomputes only
    the windows of the stations that were added, moved, resized or deleted. With terrain, only
    those stations get a new viewshed (the others come from the session's cache), and a second
    state without terrain keeps the figures terrain removes.
    """

    def __init__(self, job: StatsJob, check: Callable | None = None, session: TerrainSession | None = None):
        from .stats import CoverageState

        if job.raster_path is None:
            raise PopulationInputError(tr("live statistics need a population raster"))
        if job.stations.n == 0:
            raise CoverageInputError(tr("no stations: add or import stations first"))
        if job.rule != RULE_CENTRE:
            raise CoverageInputError(tr("live statistics use the cell-centre rule"))
        self.factors = _check_factors(job.factors)
        pop = population_raster(job)
        self.warnings = list(pop.warnings)
        full = pop.grid
        regions, more = counted_regions(job.regions)
        self.warnings += more
        regions_g = _to_grid(regions, full, pop.crs_wkt)
        _check_overlap(regions_g, full, job.raster_path)
        self.warnings += _partly_outside(regions.names, regions_g, full, job.raster_path)
        lon, lat = job.stations.centre()
        metric = metric_crs_for(lon, lat, job.metric_crs)
        plon, plat = pop.centre_lonlat()
        identity = locator_for(full, pop.crs_wkt, metric, plon, plat).identity
        # the state holds the cells of the regions only, not the whole raster (a global one would
        # not fit in memory): the same cells, people and areas
        r0, r1, c0, c1 = region_extent(full, regions_g) or (0, full.height, 0, full.width)
        grid = Grid(full.x0 + c0 * full.res_x, full.y0 - r0 * full.res_y, full.res_x, full.res_y, c1 - c0, r1 - r0)
        locator = CellLocator(grid) if identity else CellLocator.between(grid, pop.crs_wkt, metric)
        self.work_crs = pop.crs_wkt if identity else metric
        fp = job.stations.footprints(self.work_crs)
        area = pop.cell_area_rows(r0, r1)
        people = pop.read(r0, r1, c0, c1)
        if pop.fill_warning():
            self.warnings.append(pop.fill_warning())
        region_ids = RegionRaster(grid, regions_g).read(0, grid.height)
        self.terrain_opts = job.terrain
        visibility, self.terrain = _visibility(job.terrain, job.visibility, job.stations, fp, self.work_crs, locator,
                                               self.factors, session, check, self.warnings)
        self.state = CoverageState(locator, fp, people, region_ids, area, regions.n, self.factors, visibility,
                                   check)
        self.open_state = None
        if self.terrain is not None:
            self.terrain.check = None  # ``check`` belongs to the task that built the state
            self.open_state = CoverageState(locator, fp.subset(np.arange(fp.n)), self.state.population,
                                            self.state.regions, area, regions.n, self.factors, job.visibility,
                                            check)
        self.index = {key: i for i, key in enumerate(_station_keys(job.stations.fids))}
        self.key = self.job_key(job)
        self.regions = regions
        self.areas = region_areas_km2(regions.geoms, regions.crs_wkt)

    @staticmethod
    def job_key(job: StatsJob) -> tuple:
        """What must stay equal for :meth:`update` to be valid (else build a new one)."""
        return (job.raster_path, job.raster_band, job.raster_is_density, job.raster_crs, job.raster_nodata,
                tuple(job.regions.names), _geoms_digest(job.regions.geoms),
                job.regions.crs_wkt, tuple(sorted(job.factors.items())), job.metric_crs, job.rule, job.terrain)

    def update(self, stations: StationTable) -> int:
        """Bring the state to ``stations``; returns the number of stations recomputed."""
        fp_new = stations.footprints(self.work_crs)
        fp = self.state.fp
        states = [self.state] + ([self.open_state] if self.open_state is not None else [])
        vis = self.terrain
        if vis is not None:
            heights, freqs = terrain_inputs(self.terrain_opts, stations)
        changed = 0
        keys = _station_keys(stations.fids)
        seen = set(keys)
        for key in [f for f in self.index if f not in seen]:
            i = self.index.pop(key)
            for state in states:
                state.remove(i)
            changed += 1
        for k, key in enumerate(keys):
            i = self.index.get(key)
            az = fp_new.azimuths[k]
            args = (fp_new.x[k], fp_new.y[k], fp_new.radius[k], az, fp_new.beamwidth[k])
            if i is None:
                if vis is not None:
                    vis.set_station(fp.n, heights[k], freqs[k])
                for state in states:
                    new = state.add(*args)
                self.index[key] = new
                changed += 1
                continue
            lifted = vis is not None and (vis.height(i) != heights[k] or vis.frequencies.get(i) != freqs[k])
            if lifted:  # new antenna height: take the old viewshed out first, then the new one in
                self.state.remove(i)
                vis.set_station(i, heights[k], freqs[k])
            if (lifted or fp.x[i] != fp_new.x[k] or fp.y[i] != fp_new.y[k] or fp.radius[i] != fp_new.radius[k]
                    or fp.beamwidth[i] != fp_new.beamwidth[k] or not np.array_equal(fp.azimuths[i], az)):
                for state in states:
                    state.move(i, *args)
                changed += 1
        return changed

    def table(self, stations: StationTable, penetration: float) -> pd.DataFrame:
        per_region, sites = site_counts(stations, self.regions)
        open_sums = self.open_state.sums if self.open_state is not None else None
        return build_table(self.regions.names, self.areas, self.state.sums, per_region, sites, penetration,
                           open_sums)
