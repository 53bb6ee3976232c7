"""Coverage statistics and tower detection as Dask graphs over windows of the inputs.

The one-machine paths and the cluster paths call the same per-window functions:

* **statistics** — :func:`..stats.plan_windows` cuts the population grid into windows;
  every window runs :func:`statistics_window` on a worker: it reads its population window
  (GDAL windowed read, :class:`..population.RasterPopulation`), burns the region polygons
  into that window only (:class:`..population.RegionRaster`), and calls
  :func:`..stats.window_tables` with the stations within reach of the window (halo: the
  largest reach of the largest scenario). The client adds the partial tables in window order
  (:func:`..stats.add_window`) into the same :class:`..stats.RegionSums` as
  :func:`..stats.grid_statistics`; with the same window plan the two are bit-identical.
* **detection** — :func:`plan_detection` lays out the overlapping windows exactly as
  :func:`..detect.tiling.detect_raster` does; every window runs :func:`detection_window`
  (rasterio windowed read on the worker, :func:`..detect.mast.detect_tile`), in the passes of
  :func:`..detect.tiling.detect_windows` (the sun searched on a sample of windows, then looked
  at along its suns), and the candidates are reduced by :func:`..detect.mast.reduce`.

Memory per worker is bounded by the window, whatever the input size (README "Scaling").
Scheduling (LocalCluster or an address, progress, cancel, retries) is :mod:`.distributed`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .coverage import CellLocator, CoverageInputError, Footprints, Grid, coverage_bits
from .detect.mast import job_runs
from .detect.tiling import DetectionPlan, RunProgress, detect_windows, plan_detection, read_detection_window
from .messages import tr
from .population import SOURCE_NODATA, NoDataRule
from .stats import (
    BLOCK,
    SCENARIOS,
    RadiusClasses,
    RegionSums,
    add_window,
    engine_mode,
    plan_windows,
    radius_groups,
    window_tables,
)

#: Default statistics window (cells, square): 2048² cells of float32 people + int16 regions
#: ≈ 25 MB read per window, about 200 MB peak per worker with the block engine's temporaries.
DEFAULT_STATS_TILE = 2048


# -- statistics ------------------------------------------------------------------------------
@dataclass(frozen=True)
class StatsWindow:
    """What one statistics task needs besides its stations and the region polygons."""

    path: str
    band: int
    density: bool
    grid: Grid
    grid_crs: str
    #: the metric working CRS when the grid CRS is not metric (cells located through pyproj)
    metric_crs: str | None
    window: tuple[int, int, int, int]
    #: km² per cell of the window's rows (float, or (rows, 1) array), computed by the client
    area: object
    n_regions: int
    distinct: tuple
    mode: str  # "tree" | "bits" | "none" (the one-machine path's choice for all stations)
    #: the raster layer's CRS in QGIS (WKT; for a file without one) and no data values
    crs: str = ""
    nodata_rule: NoDataRule = SOURCE_NODATA


def statistics_window(spec: StatsWindow, fp: Footprints, labels: np.ndarray, bounds: dict, regions: list):
    """Partial (people, km²) tables of one window (None when no cell of it lies in a region).

    Runs on a worker: reads only the window of the population raster, burns only the polygons
    reaching the window, and evaluates only the stations given (those within reach).
    """
    from .gdal_util import gdal_exceptions, missing_sources
    from .population import PopulationInputError, RasterPopulation, RegionRaster

    r0, r1, c0, c1 = spec.window
    reg = RegionRaster(spec.grid, regions).read(r0, r1, c0, c1)
    if not (reg >= 0).any():
        return None

    def population():
        with gdal_exceptions():
            try:
                arr = RasterPopulation(spec.path, spec.band, False, spec.crs, spec.nodata_rule).read(r0, r1, c0, c1)
            except RuntimeError as exc:
                missing = missing_sources(spec.path)
                detail = str(exc).strip() or (tr("missing: {files}", files=", ".join(missing)) if missing
                                              else tr("no reason given by GDAL"))
                raise PopulationInputError(tr("population raster {path}: cannot read rows {r0}-{r1}, columns "
                                              "{c0}-{c1} ({detail})", path=str(spec.path), r0=r0, r1=r1 - 1, c0=c0,
                                              c1=c1 - 1, detail=detail)) from None
        if spec.density:  # the same product as RasterPopulation.read with density=True
            arr *= spec.area
        return arr

    distinct = list(spec.distinct)
    classes, bits = None, None
    if spec.mode == "tree":
        classes = RadiusClasses(fp, groups=(labels, bounds))
    elif spec.mode == "bits" and fp.n:
        if spec.metric_crs is None:
            locator = CellLocator(spec.grid)
        else:
            locator = CellLocator.between(spec.grid, spec.grid_crs, spec.metric_crs)
        bits = coverage_bits(locator, fp, distinct, window=spec.window)
    return window_tables(spec.grid, r0, c0, reg, population, spec.area, spec.n_regions, distinct, classes, bits)


def window_metric_bounds(locator: CellLocator, window: tuple[int, int, int, int], pad_cells: int = 0):
    """(xmin, ymin, xmax, ymax) in metric coordinates of a window's cells (+ ``pad_cells``)."""
    g = locator.grid
    r0, r1, c0, c1 = window
    r1, c1 = r1 + pad_cells, c1 + pad_cells
    if locator.identity:
        return g.x0 + c0 * g.res_x, g.y0 - r1 * g.res_y, g.x0 + c1 * g.res_x, g.y0 - r0 * g.res_y
    n = 33
    cs = np.linspace(c0, c1, n)
    rs = np.linspace(r0, r1, n)
    xs = np.concatenate([cs, cs, np.full(n, c0), np.full(n, c1)])
    ys = np.concatenate([np.full(n, r0), np.full(n, r1), rs, rs])
    gx, gy = g.x0 + xs * g.res_x, g.y0 - ys * g.res_y
    mx, my = locator.to_metric(gx, gy)
    mx, my = np.asarray(mx, dtype=float), np.asarray(my, dtype=float)
    ok = np.isfinite(mx) & np.isfinite(my)
    if not ok.any():
        return None
    mx, my = mx[ok], my[ok]
    # edges between samples may bulge: widen by the largest sample spacing
    bulge = float(max(np.abs(np.diff(mx)).max(initial=0.0), np.abs(np.diff(my)).max(initial=0.0)))
    return mx.min() - bulge, my.min() - bulge, mx.max() + bulge, my.max() + bulge


def stations_near(x: np.ndarray, y: np.ndarray, box, reach: np.ndarray) -> np.ndarray:
    """Indices of the stations at (x, y) whose ``reach`` (m, per station) touches the box."""
    xmin, ymin, xmax, ymax = box
    dx = np.maximum(np.maximum(xmin - x, x - xmax), 0.0)
    dy = np.maximum(np.maximum(ymin - y, y - ymax), 0.0)
    return np.nonzero(dx * dx + dy * dy <= reach * reach)[0]


def statistics_tasks(raster_path: str, band: int, density: bool, grid: Grid, grid_crs: str, locator: CellLocator,
                     metric_crs: str | None, fp: Footprints, n_regions: int, factors: dict, area_rows: Callable,
                     tile: int = DEFAULT_STATS_TILE, crs: str = "", nodata_rule: NoDataRule = SOURCE_NODATA):
    """(window plan, [(StatsWindow, stations, labels, bounds)]) of a statistics job."""
    distinct = tuple(sorted({factors[s] for s in SCENARIOS}))
    fmax = max(distinct)
    mode = engine_mode(fp, locator.identity)
    if mode == "tree":
        labels, bounds = radius_groups(fp.radius)
        # a block's decision looks as far as its class's largest radius
        hi = np.array([bounds[int(c)][1] for c in labels]) if fp.n else np.zeros(0)
    else:
        labels, bounds = np.zeros(fp.n, dtype=np.int64), {}
        hi = fp.radius
    cell = math.hypot(grid.res_x, grid.res_y)
    windows = plan_windows(grid, tile, tile)
    tree = None
    if fp.n:
        from scipy.spatial import cKDTree

        tree = cKDTree(np.column_stack([fp.x, fp.y]))
    reach = hi * fmax * 1.001
    top = float(reach.max()) if fp.n else 0.0
    tasks = []
    for win in windows:
        r0, r1 = win[0], win[1]
        box = window_metric_bounds(locator, win, BLOCK)
        if box is None or tree is None:
            idx = np.zeros(0, dtype=np.int64)
        else:
            if locator.identity:
                margin = 2 * BLOCK * cell
            else:  # one cell in metres, measured across the window
                span = math.hypot(box[2] - box[0], box[3] - box[1])
                margin = 4.0 * span / max(1.0, math.hypot(win[1] - win[0], win[3] - win[2]))
            # candidates from the KD-tree (the client's work stays small with millions of sites), then exact
            centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
            half = math.hypot(box[2] - box[0], box[3] - box[1]) / 2
            near = np.sort(np.asarray(tree.query_ball_point(centre, half + top + margin + 1.0), dtype=np.int64))
            idx = near[stations_near(fp.x[near], fp.y[near], box, reach[near] + margin)]
        spec = StatsWindow(raster_path, band, density, grid, grid_crs, metric_crs, win, area_rows(r0, r1),
                           n_regions, distinct, mode, crs, nodata_rule)
        tasks.append((spec, fp.subset(idx), labels[idx], bounds))
    return windows, tasks


def grid_statistics_dask(client, raster_path: str, band: int, density: bool, grid: Grid, grid_crs: str,
                         locator: CellLocator, metric_crs: str | None, fp: Footprints, regions: list, n_regions: int,
                         factors: dict, area_rows: Callable, tile: int = DEFAULT_STATS_TILE,
                         progress: Callable | None = None, check: Callable | None = None,
                         retries: int = 2, crs: str = "", nodata_rule: NoDataRule = SOURCE_NODATA) -> RegionSums:
    """:func:`..stats.grid_statistics` (cell-centre rule, no visibility hook) on a Dask cluster.

    ``regions`` are the polygons in the grid CRS (sent once to every worker); ``area_rows`` is
    the raster's ``cell_area_rows``. Same window plan as ``grid_statistics(..., band_rows=tile,
    tile_cols=tile)``, same per-window function, same order of addition: the same numbers.
    """

    _windows, tasks = statistics_tasks(raster_path, band, density, grid, grid_crs, locator, metric_crs, fp,
                                       n_regions, factors, area_rows, tile, crs, nodata_rule)
    # sent once to every worker, under a key of this job only (a content key would be shared with
    # another job on the same regions, and released under its feet when this one ends)
    [shared] = client.scatter([list(regions)], broadcast=True, hash=False)
    try:
        results = run_mapped(client, statistics_window, [(*t, shared) for t in tasks], progress, check, retries,
                             "stats")
    finally:
        shared.release()
    sums = RegionSums(n_regions)
    distinct = list(tasks[0][0].distinct) if tasks else []
    for tables in results:
        add_window(sums, tables, factors, distinct)
    return sums


def run_mapped(client, func, tasks, progress, check, retries, prefix):
    """:func:`.distributed.map_tiles` with a ``check()`` that raises to cancel (re-raised here)."""
    from .distributed import JobCanceled, map_tiles

    def canceled() -> bool:
        if check is None:
            return False
        try:
            check()
        except Exception:  # the caller's cancel exception, raised again below
            return True
        return False

    try:
        return map_tiles(client, func, tasks, progress=progress, is_canceled=canceled, retries=retries,
                         key_prefix=prefix)
    except JobCanceled:
        if check is not None:
            check()
        raise


# -- detection ---------------------------------------------------------------------------------
# the plan and the windowed read are the one-machine path's own (core/detect/tiling.py)

def detection_window(plan: DetectionPlan, win, params) -> list:
    """Candidates of one window (runs on a worker): windowed read, then ``detect_job`` (one look, or
    the candidates of each of several looks along suns over the window)."""
    import rasterio

    from .detect.mast import detect_job, valid_mask

    with rasterio.open(plan.path) as src:
        data, wgt, alpha = read_detection_window(src, plan, win)
    valid = valid_mask(data, plan.nodata, alpha)
    return detect_job(data, wgt, params, valid=valid)


def detect_raster_dask(client, path: str, params=None, bounds_xy: tuple | None = None, tile: int | None = None,
                       progress: Callable[[float], None] | None = None, check: Callable[[], None] | None = None,
                       retries: int = 2, windows: slice | None = None, crs_wkt: str | None = None) -> list:
    """:func:`..detect.tiling.detect_raster` on a Dask cluster: the same candidates.

    ``windows`` (a slice of the plan's windows) runs part of the plan (benchmarks).
    """
    from .detect import DetectorParams

    params = params or DetectorParams()
    plan = plan_detection(path, params, bounds_xy, tile, crs_wkt)
    small = plan.without_windows()
    chosen = list(plan.windows if windows is None else plan.windows[windows])
    runs = RunProgress(len(chosen), progress)

    def run_jobs(jobs: list) -> list:
        weight = sum(job_runs(p) for _w, p in jobs)  # a job of several looks counts for each
        results = run_mapped(client, detection_window, [(small, w, p) for w, p in jobs],
                             lambda f: runs.show(f * weight), check, retries, "detect")
        runs.advance(weight)
        return results

    out = plan.to_map(detect_windows(chosen, params, run_jobs, runs))
    if progress is not None:
        progress(1.0)
    return out


def scheduler_unsupported(terrain: bool, rule: str) -> str | None:
    """Why a statistics job cannot run on a cluster (None when it can)."""
    from .stats import RULE_CENTRE

    if terrain:
        return tr("terrain statistics (DEM line of sight) run on one machine: leave the Dask scheduler empty, or "
                  "run without a DEM on the cluster")
    if rule != RULE_CENTRE:
        return tr("the '{rule}' cell rule runs on one machine: use the 'centre' rule on a cluster, or leave the Dask "
                  "scheduler empty", rule=rule)
    return None


__all__ = [
    "DEFAULT_STATS_TILE", "CoverageInputError", "DetectionPlan", "StatsWindow", "detect_raster_dask",
    "detection_window", "grid_statistics_dask", "plan_detection", "read_detection_window", "scheduler_unsupported",
    "statistics_tasks", "statistics_window",
]
