"""Tiled detection over rasters of any size: windows with overlap, bounded memory, reduction.

The per-window work is :func:`.mast.detect_tile` (a pure function of window data, window
transform and parameters) and the reduction is :func:`.mast.reduce` (one sun, non-maximum
suppression across window borders, threshold); :func:`detect_windows` takes the passes over the
windows (the sun searched on a sample, then looked at along its suns) with any runner's way of
running window jobs (threads here, QGIS provider blocks, a Dask cluster). :func:`detect_raster`
reads windows of a local raster with rasterio, a few at a time (memory stays bounded whatever
the raster size), and runs them on a thread pool (numpy and scipy release the GIL in the heavy
loops).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np

from ..messages import num, tr
from .mast import Candidate, DetectorParams, reduce

#: Default window size in pixels (square), before the overlap is added.
DEFAULT_TILE = 2560

#: With the sun searched, this many windows spread over the raster are searched in every
#: direction first; once their candidates agree on a sun, the other windows look for shadows
#: along the sun chosen only (see :func:`run_sun_passes`).
SUN_SAMPLE_WINDOWS = 8

#: The sample has found the sun when a candidate is at least this confident under it.
SUN_SAMPLE_CONFIDENCE = 0.5

#: With the sun searched, this many of the suns the sample supports most (and each turned by
#: 180°) get a full look over the sample windows (see :func:`run_sun_passes`).
SUN_CANDIDATES = 4

#: When none of those suns is convincing (its best candidates' summed confidence, :func:`sun_support`, below
#: ``SUN_CONVINCING``: fewer than about two confident masts), the sample also looks along a sun every
#: ``SUN_GRID_STEP_DEG`` degrees: the whole-circle search finds lines in every direction on a coarse grid and
#: misses the masts of a textured canopy that a look along their sun finds. A sun of that grid is taken only when
#: its support exceeds the best of the others' by ``SUN_GRID_MARGIN`` (with 24 more looks, one wrong sun's false
#: alarms are more likely to be confident by chance).
SUN_CONVINCING = 2.0
SUN_GRID_STEP_DEG = 15.0
SUN_GRID_MARGIN = 1.0


class DetectionInputError(ValueError):
    """The raster cannot be searched (no CRS, geographic CRS, wrong pixel size, ...)."""


@dataclass(frozen=True)
class Window:
    """A window of a raster: pixel offsets and size (the overlap is included)."""

    col: int
    row: int
    width: int
    height: int


def overlap_px(params: DetectorParams, resolution: float) -> int:
    """Overlap that lets a neighbouring window see any shadow whole, with its context."""
    return math.ceil((params.max_shadow_m + 2 * params.context_m()) / resolution)


def iter_windows(width: int, height: int, tile: int, overlap: int,
                 bounds: tuple[int, int, int, int] | None = None) -> Iterator[Window]:
    """Windows covering ``bounds`` = (col0, row0, col1, row1) (default: the whole raster).

    Consecutive windows share ``overlap`` pixels; every window lies inside the raster.
    """
    c0, r0, c1, r1 = bounds or (0, 0, width, height)
    c0, r0 = max(0, c0), max(0, r0)
    c1, r1 = min(width, c1), min(height, r1)
    if c1 <= c0 or r1 <= r0:
        return
    step = max(1, tile - overlap)
    for row in range(r0, r1, step):
        for col in range(c0, c1, step):
            w = min(tile, c1 - col)
            h = min(tile, r1 - row)
            yield Window(col, row, w, h)
            if col + w >= c1:
                break
        if row + min(tile, r1 - row) >= r1:
            break


def window_transform(gt, win: Window) -> tuple:
    """GDAL geotransform of a window of a raster with geotransform ``gt``."""
    return (gt[0] + win.col * gt[1] + win.row * gt[2], gt[1], gt[2],
            gt[3] + win.col * gt[4] + win.row * gt[5], gt[4], gt[5])


def check_crs(crs_wkt: str | None, is_geographic: bool, resolution: float | None) -> None:
    """Refuse rasters the detector cannot measure in metres, with a clear reason (the pixel size,
    in ground metres, is checked unless ``resolution`` is None)."""
    if not crs_wkt:
        raise DetectionInputError(tr("the raster has no coordinate reference system: georeference it first (a "
                                     "projected CRS in metres, e.g. its UTM zone)"))
    if is_geographic:
        raise DetectionInputError(tr("the raster is in a geographic CRS (degrees): reproject it to a projected CRS "
                                     "in metres (e.g. its UTM zone) or let the plugin read it at a ground "
                                     "resolution"))
    if resolution is not None and not 0.05 <= resolution <= 5.0:
        raise DetectionInputError(tr("pixel size {size} m is outside 0.05-5 m: the detector needs imagery of about "
                                     "0.3-1 m", size=num(resolution, "g")))


@dataclass(frozen=True)
class DetectionPlan:
    """How a raster is read for the detector: windows (overlap included) and read options."""

    path: str
    windows: tuple
    bands: tuple
    alpha_index: int | None
    factor: int
    geotransform: tuple
    nodata: float | None
    #: Map units per ground metre at the centre of the search (Web Mercator: 1 / cos(latitude);
    #: feet: 3.28); 1 for a CRS in metres true to scale within 0.2 % (a UTM zone).
    ground_scale: float = 1.0
    #: RGBA of each index of a palette (colour-table) raster, read as RGB (None: not a palette).
    palette: tuple | None = None
    #: Read the raster's per-dataset mask (internal or ``.msk``) as the pixels holding imagery.
    dataset_mask: bool = False

    def without_windows(self) -> DetectionPlan:
        return replace(self, windows=())

    def ground_geotransform(self) -> tuple:
        """The raster's geotransform in ground metres about its origin (what the detector measures in)."""
        gt, k = self.geotransform, self.ground_scale
        return gt if k == 1.0 else (gt[0], gt[1] / k, gt[2] / k, gt[3], gt[4] / k, gt[5] / k)

    def to_map(self, candidates: list[Candidate]) -> list[Candidate]:
        """Candidates found in the ground frame, placed in the raster CRS."""
        k = self.ground_scale
        if k == 1.0:
            return candidates
        x0, y0 = self.geotransform[0], self.geotransform[3]

        def pt(x, y):
            return x0 + (x - x0) * k, y0 + (y - y0) * k

        out = []
        for c in candidates:
            x, y = pt(c.x, c.y)
            tx, ty = pt(c.tip_x, c.tip_y)
            alt = None if c.alt is None else (*pt(c.alt[0], c.alt[1]), c.alt[2])
            out.append(replace(c, x=x, y=y, tip_x=tx, tip_y=ty, alt=alt))
        return out


def ground_scale(crs_wkt: str, x: float, y: float, unit_m: float = 1.0) -> float:
    """Map units per ground metre of a projected CRS at (x, y): 1 / cos(latitude) in Web Mercator,
    about 3.28 in a state plane in feet (``unit_m``: metres per map unit).

    1 when the CRS is true to scale there within 0.2 % (a UTM zone: 0.9996-1.001) or the factor
    cannot be computed (the scale factor is :func:`..pipeline.scale_factors`, the coverage's own).
    """
    from ..pipeline import WGS84, scale_factors
    from ..population import transformer

    try:
        lon, lat = transformer(crs_wkt, WGS84).transform(x, y)
        k = float(scale_factors(crs_wkt, [lon], [lat])[0]) / unit_m
    except Exception:  # a CRS pyproj cannot read: taken as true to scale
        return 1.0
    return k if math.isfinite(k) and k > 0 and abs(k - 1.0) > 0.002 else 1.0


def plan_detection(path: str, params=None, bounds_xy: tuple | None = None, tile: int | None = None,
                   crs_wkt: str | None = None) -> DetectionPlan:
    """The windows and read options for detecting in ``path`` (one machine and cluster alike).

    Checks the CRS (metres) and pixel size; imagery finer than 0.25 m is read averaged to ~0.3 m;
    windows overlap by the longest shadow searched. Bands are chosen by colour interpretation (RGB,
    alpha), a palette raster is read through its colour table, a per-dataset mask hides pixels.
    ``crs_wkt``: the raster's CRS where it was chosen (a QGIS layer whose file has none, e.g. a
    JPEG with a world file), used instead of the file's.
    """
    import rasterio

    params = params or DetectorParams()
    tile = DEFAULT_TILE if tile is None else tile
    try:
        src = rasterio.open(path)
    except rasterio.errors.RasterioIOError as exc:
        raise DetectionInputError(tr("{path}: cannot be opened ({error})", path=str(path), error=str(exc))) from exc
    with src:
        check_georeferenced(src, gcps_only=True)
        crs = raster_crs(src, crs_wkt)
        check_crs(crs.to_wkt() if crs else None, bool(crs and crs.is_geographic), None)
        check_georeferenced(src)
        check_pixel_shape(tuple(src.transform.to_gdal()))
        return _plan(src, str(path), params, bounds_xy, tile, crs)


def check_georeferenced(src, gcps_only: bool = False) -> None:
    """Refuse an open raster whose pixels have no place of their own: without a geotransform (GDAL
    then gives column and row as x and y), whether it is placed by ground control points only (a
    scanned map, a raw satellite scene) or not at all, even with a CRS chosen for it
    (``gcps_only``: refuse the first case only)."""
    if not src.transform.is_identity:
        return
    points, _crs = src.gcps
    if points:
        raise DetectionInputError(tr("the raster is placed by {n} ground control points only, without a "
                                     "geotransform: warp it first ({how})", n=len(points),
                                     how=tr("gdalwarp, or Raster > Projections > Warp in QGIS")))
    if gcps_only:
        return
    raise DetectionInputError(tr("the raster has no geotransform (no world file, no georeferencing): georeference "
                                 "it first"))


def raster_crs(src, crs_wkt: str | None = None):
    """The rasterio CRS of an open raster: its own, or ``crs_wkt`` (the CRS chosen for it) when the
    file has none or another one."""
    if not crs_wkt:
        return src.crs
    from rasterio.crs import CRS

    try:
        given = CRS.from_user_input(crs_wkt)
    except Exception as exc:  # rasterio.errors.CRSError: a CRS GDAL cannot read
        raise DetectionInputError(tr("the raster's coordinate reference system cannot be read ({error})",
                                     error=str(exc))) from exc
    return src.crs if src.crs and src.crs == given else given


def check_pixel_shape(gt: tuple) -> None:
    """Refuse pixels that are not about square: sides differing by more than 20 % or axes more
    than 10° from square (a rotated north-up grid is measured as it is)."""
    u = math.hypot(gt[1], gt[4])
    v = math.hypot(gt[2], gt[5])
    if u == 0 or v == 0:
        raise DetectionInputError(tr("the raster's geotransform has a zero pixel size"))
    skew = abs(90.0 - math.degrees(math.acos(max(-1.0, min(1.0, (gt[1] * gt[2] + gt[4] * gt[5]) / (u * v))))))
    if max(u, v) > 1.2 * min(u, v) or skew > 10.0:
        raise DetectionInputError(tr("its pixels are not square ({u} x {v} map units, axes {skew}° from square): "
                                     "warp it to square pixels first (e.g. gdalwarp)", u=num(u, "g"), v=num(v, "g"),
                                     skew=num(skew, ".0f")))


def band_roles(interpretations: list[str]) -> tuple[tuple[int, ...], int | None]:
    """(image bands, alpha band) by colour interpretation (names as GDAL's, any case), 1-based.

    Red, green and blue in that order when the raster names all three (a blue-green-red-NIR
    delivery is read as RGB), else the first three bands that are not alpha.
    """
    names = [str(n).lower() for n in interpretations]
    alpha = next((i + 1 for i, n in enumerate(names) if n == "alpha"), None)
    if all(c in names for c in ("red", "green", "blue")):
        return tuple(names.index(c) + 1 for c in ("red", "green", "blue")), alpha
    return tuple(b for b in range(1, len(names) + 1) if b != alpha)[:3], alpha


#: An alpha band is transparency when at least this share of its sampled pixels are fully transparent
#: (0) or fully opaque (its largest value): a band of imagery flagged alpha varies like imagery.
ALPHA_BINARY_SHARE = 0.5

#: Patches (across and down) and their size in pixels sampled to tell an alpha band from imagery.
ALPHA_PATCHES = 4
ALPHA_PATCH_PX = 32


def holds_transparency(values: np.ndarray) -> bool:
    """Whether sampled values of a band flagged alpha are transparency (mostly 0 or its largest value)
    rather than imagery: a fourth band of a red-green-blue-NIR raster written with GDAL's defaults
    for four 8-bit bands (rasterio's too) is flagged alpha, and read as transparency its darkest
    pixels, a mast's shadow among them, would be no imagery."""
    v = np.asarray(values, dtype=np.float64).ravel()
    v = v[np.isfinite(v)]
    if v.size == 0:
        return True
    top = v.max()
    return bool(np.mean((v == 0) | (v == top)) >= ALPHA_BINARY_SHARE)


def band_patches(width: int, height: int, patches: int = ALPHA_PATCHES,
                 size: int = ALPHA_PATCH_PX) -> list[tuple[int, int, int, int]]:
    """(col, row, width, height) of ``patches`` x ``patches`` small windows spread over a raster."""
    w, h = min(width, size), min(height, size)
    return [((width - w) * (2 * i + 1) // (2 * patches), (height - h) * (2 * j + 1) // (2 * patches), w, h)
            for i in range(patches) for j in range(patches)]


def _alpha_is_transparency(src, band: int) -> bool:
    """:func:`holds_transparency` of patches of band ``band`` of an open raster (a few blocks read)."""
    from rasterio.windows import Window as RioWindow

    values = [src.read(band, window=RioWindow(*patch)).ravel() for patch in band_patches(src.width, src.height)]
    return holds_transparency(np.concatenate(values))


def palette_of(src, band: int, nodata) -> tuple | None:
    """RGBA of every index of a palette band (None unless the band is a palette); the nodata
    index is transparent."""
    if src.colorinterp[band - 1].name != "palette":
        return None
    try:
        cmap = src.colormap(band)
    except ValueError:  # a palette interpretation without a colour table
        return None
    size = max(cmap) + 1 if cmap else 0
    entries = [tuple(cmap.get(i, (0, 0, 0, 0))) for i in range(max(size, 256))]
    if nodata is not None and math.isfinite(nodata) and 0 <= int(nodata) < len(entries):
        r, g, b, _a = entries[int(nodata)]
        entries[int(nodata)] = (r, g, b, 0)
    return tuple(entries)


def _has_dataset_mask(src, band: int) -> bool:
    """The band's validity is a per-dataset mask (internal or ``.msk``), not nodata or alpha."""
    flags = {f.name for f in src.mask_flag_enums[band - 1]}
    return "per_dataset" in flags and "alpha" not in flags and "nodata" not in flags


def _plan(src, path: str, params, bounds_xy, tile: int, crs) -> DetectionPlan:
    map_res = math.sqrt(abs(src.transform.a * src.transform.e - src.transform.b * src.transform.d))
    try:
        unit_m = float(crs.linear_units_factor[1])  # metres per map unit (feet: 0.3048)
    except Exception:  # no linear unit rasterio knows
        unit_m = float("nan")
    if not (math.isfinite(unit_m) and unit_m > 0):
        raise DetectionInputError(tr("the raster CRS is in {units}, not a unit of length: reproject it to a "
                                     "projected CRS in metres", units=crs.linear_units or tr("unknown units")))
    gt = tuple(src.transform.to_gdal())
    bands, alpha_idx = band_roles([ci.name for ci in src.colorinterp])
    if alpha_idx is not None and not _alpha_is_transparency(src, alpha_idx):
        alpha_idx = None  # imagery flagged alpha (a NIR band): every pixel is imagery
    nodata = src.nodata
    palette = palette_of(src, bands[0], nodata) if len(bands) == 1 else None
    if palette is not None:
        nodata = None  # the nodata index is transparent in the palette
    if bounds_xy is not None:
        inv = ~src.transform
        xs = (bounds_xy[0], bounds_xy[2])
        ys = (bounds_xy[1], bounds_xy[3])
        cols, rows = zip(*[inv * (x, y) for x in xs for y in ys])
        bounds = (math.floor(min(cols)), math.floor(min(rows)), math.ceil(max(cols)), math.ceil(max(rows)))
    else:
        bounds = (0, 0, src.width, src.height)
    # lengths are measured on the ground: a CRS in feet or not true to scale (Web Mercator) is corrected
    centre = src.transform * ((max(bounds[0], 0) + min(bounds[2], src.width)) / 2,
                              (max(bounds[1], 0) + min(bounds[3], src.height)) / 2)
    scale = ground_scale(crs.to_wkt(), *centre, unit_m)
    res = map_res / scale
    check_crs(crs.to_wkt(), False, res)
    factor = max(1, round(0.3 / res)) if res < 0.25 else 1
    ov = overlap_px(params, res * factor) * factor
    tile = max(tile, 2 * ov // factor)
    windows = tuple(iter_windows(src.width, src.height, tile * factor, ov, bounds))
    if not windows:
        raise DetectionInputError(tr("the search extent does not overlap the raster"))
    return DetectionPlan(path, windows, bands, alpha_idx, factor, gt, nodata, scale, palette,
                         alpha_idx is None and _has_dataset_mask(src, bands[0]))


def read_detection_window(src, plan: DetectionPlan, win):
    """(data, window geotransform, alpha) of one window, read as the one-machine path reads it."""
    from rasterio.enums import Resampling
    from rasterio.windows import Window as RioWindow

    factor = plan.factor
    rw = RioWindow(win.col, win.row, win.width, win.height)
    shape = (max(1, win.height // factor), max(1, win.width // factor))
    kw = {"out_shape": (len(plan.bands), *shape), "resampling": Resampling.average} if factor > 1 else {}
    alpha = None
    if plan.palette is not None:
        rgba = np.asarray(plan.palette, np.uint8)[src.read(plan.bands[0], window=rw)]
        rgba = np.moveaxis(rgba, 2, 0)
        data, alpha = (block_mean(rgba[:3], factor), block_mean(rgba[3], factor) > 127) if factor > 1 else \
            (rgba[:3], rgba[3])
    else:
        data = src.read(list(plan.bands), window=rw, **kw)
    extra = {"out_shape": shape} if factor > 1 else {}
    if plan.alpha_index is not None:
        alpha = src.read(plan.alpha_index, window=rw, **extra)
    elif plan.dataset_mask:
        alpha = src.read_masks(plan.bands[0], window=rw, **extra)
    wgt = window_transform(plan.ground_geotransform(), win)
    if factor > 1:
        wgt = (wgt[0], wgt[1] * factor, wgt[2] * factor, wgt[3], wgt[4] * factor, wgt[5] * factor)
    return data, wgt, alpha


def block_mean(data: np.ndarray, factor: int) -> np.ndarray:
    """Means of ``factor`` x ``factor`` blocks over the last two axes (partial blocks dropped),
    in the input's dtype."""
    h, w = data.shape[-2] // factor * factor, data.shape[-1] // factor * factor
    shape = (*data.shape[:-2], h // factor, factor, w // factor, factor)
    out = data[..., :h, :w].reshape(shape).mean(axis=(-3, -1))
    return np.round(out).astype(data.dtype) if np.issubdtype(data.dtype, np.integer) else out.astype(data.dtype)


def detect_raster(path: str, params: DetectorParams | None = None,
                  bounds_xy: tuple[float, float, float, float] | None = None, tile: int = DEFAULT_TILE,
                  workers: int = 2, progress: Callable[[float], None] | None = None,
                  check: Callable[[], None] | None = None, crs_wkt: str | None = None) -> list[Candidate]:
    """Detect masts in a local raster (GeoTIFF, COG, VRT, JP2, ...): windowed reads, threads.

    ``bounds_xy`` = (xmin, ymin, xmax, ymax) in the raster CRS limits the search. ``check()``
    raises to cancel (nothing is returned then). Imagery finer than 0.25 m is read averaged
    to ~0.3 m. ``crs_wkt``: see :func:`plan_detection`. Returns the reduced candidates (see
    :func:`.mast.reduce`).
    """
    import rasterio

    params = params or DetectorParams()
    plan = plan_detection(path, params, bounds_xy, tile, crs_wkt)
    with rasterio.open(path) as src:

        def read(win: Window):
            return read_detection_window(src, plan, win)

        return plan.to_map(run_windows(list(plan.windows), read, params, plan.nodata, workers, progress, check))


def sample_order(n: int) -> list[int]:
    """Window indices in search order: ``SUN_SAMPLE_WINDOWS`` spread over the list, then the rest.

    Windows are listed row by row, so evenly spaced indices fall on different rows and columns.
    """
    k = min(n, SUN_SAMPLE_WINDOWS)
    first = sorted({round(i * (n - 1) / max(k - 1, 1)) for i in range(k)})
    chosen = set(first)
    return first + [i for i in range(n) if i not in chosen]


def sample_sun(found: list[Candidate], params: DetectorParams, support=None) -> float | None:
    """The sun azimuth the candidates of the sample windows agree on (None: not found yet);
    ``found`` without its exact duplicates (see :func:`.mast.reduce`); ``support`` their
    :func:`.mast.sun_evidence` when already measured."""
    from .mast import resolve_sun

    kept, sun = resolve_sun(found, params, support)
    if sun is None or not kept or max(c.confidence for c in kept) < SUN_SAMPLE_CONFIDENCE:
        return None
    return sun


class RunProgress:
    """Progress (0-0.95) of a detection over window runs, monotone although the number of runs
    grows when the sun is searched (:func:`run_sun_passes` adds the sample's second looks)."""

    def __init__(self, windows: int, progress: Callable[[float], None] | None):
        self.total = max(1, windows)
        self.done = 0.0
        self.shown = 0.0
        self.progress = progress

    def extend(self, runs: int) -> None:
        """``runs`` more window runs are planned."""
        self.total += runs

    def advance(self, runs: float = 1.0) -> None:
        """``runs`` window runs are finished."""
        self.done += runs
        self.show()

    def show(self, partial: float = 0.0) -> None:
        """Report, with ``partial`` runs of the current batch finished."""
        fraction = min(0.95, 0.95 * (self.done + partial) / self.total)
        if fraction > self.shown:
            self.shown = fraction
            if self.progress is not None:
                self.progress(fraction)


def sun_support(candidates: list[Candidate], params: DetectorParams) -> float:
    """How strongly candidates found under one sun support it: the summed confidence of the best
    few after non-maximum suppression."""
    from .mast import SUN_TOP_K, nms

    return float(sum(c.confidence for c in nms(candidates, params.nms_radius_m)[:SUN_TOP_K]))


#: A runner's work: ``run_jobs([(window, params), ...])`` returns the candidates of each job, in order
#: (:func:`.mast.detect_job`: ``params`` may be a tuple of looks along several suns, whose job returns
#: the candidates of each look; it counts as :func:`.mast.job_runs` window runs in the progress).
RunJobs = Callable[[list], list]


def _look_along(suns: list[float], sample: list, params: DetectorParams, run_jobs: RunJobs,
                runs: RunProgress | None) -> list[tuple[float, float, list[Candidate]]]:
    """A full look along each of ``suns`` over the ``sample`` windows (one call, so a runner keeps its workers
    busy): ``(sun, support, candidates)`` for each, every candidate kept (the support counts the weak ones too)."""
    if not suns:
        return []
    looks = tuple(replace(params, sun_azimuth=sun, min_confidence=0.0) for sun in suns)
    if runs is not None:
        runs.extend(len(looks) * len(sample))
    # the looks along one axis (a sun and the sun turned by 180°) are one job per window: what does not
    # depend on which end of the axis the sun is at is measured once; the axes are separate jobs, so that
    # a runner keeps its workers busy even on a raster of one window
    axes: dict[float, list[int]] = {}
    for k, sun in enumerate(suns):
        axes.setdefault(round(sun % 180.0, 6), []).append(k)
    # the jobs of two looks first: the last jobs of the call are the shortest (workers finish together)
    groups = sorted(axes.values(), key=len, reverse=True)
    jobs = [(w, tuple(looks[k] for k in group)) for group in groups for w in sample]
    results = run_jobs(jobs)
    per_sun: list[list[Candidate]] = [[] for _sun in suns]
    for g, group in enumerate(groups):
        for per_look in results[g * len(sample):(g + 1) * len(sample)]:
            for k, cands in zip(group, per_look):
                per_sun[k].extend(cands)
    out = []
    for k, sun in enumerate(suns):
        found = per_sun[k]
        out.append((sun, sun_support(found, params), found))
    return out


def _choose_sun(suns: list[float], sample: list, params: DetectorParams, run_jobs: RunJobs,
                runs: RunProgress | None, agreed: bool) -> tuple[float, list[Candidate]] | None:
    """The sun of the raster and the sample's candidates along it, from full looks along ``suns`` (the ones the
    sample supports most) and, when none of them convinces, along a grid of suns around the circle (see
    :data:`SUN_CONVINCING`); None when neither decides (without the sample's agreement the reduction then
    chooses the sun)."""
    from .mast import _angle_gap

    looked = _look_along(suns, sample, params, run_jobs, runs)
    best = max(looked, key=lambda look: look[1]) if looked else None
    support = best[1] if best is not None else 0.0
    if best is not None and support >= SUN_CONVINCING:
        return best[0], best[2]
    from .mast import day_sky_of
    from .sun import sun_allowed

    step = SUN_GRID_STEP_DEG
    sky = day_sky_of(params)
    grid = [float(a) for a in np.arange(0.0, 360.0, step) if all(_angle_gap(a, s) > step / 2 for s in suns)
            and sun_allowed(sky, a, step / 2)]
    on_grid = _look_along(grid, sample, params, run_jobs, runs)
    grid_best = max(on_grid, key=lambda look: look[1]) if on_grid else None
    if grid_best is not None and grid_best[1] > support + SUN_GRID_MARGIN:
        # the grid's sun may be up to half a step off: a look either side of it, the best of the three
        near = _look_along([(grid_best[0] + d) % 360.0 for d in (-step / 3, step / 3)], sample, params, run_jobs,
                           runs)
        best_near = max([grid_best, *near], key=lambda look: look[1])
        return best_near[0], best_near[2]
    if best is not None and agreed:
        return best[0], best[2]
    return None


def run_sun_passes(windows: list, params: DetectorParams, run_jobs: RunJobs,
                   runs: RunProgress | None = None) -> tuple[list[Candidate], DetectorParams]:
    """Candidates of all ``windows`` (unreduced), the sun searched once for the whole raster, and
    the parameters to reduce them with (:func:`.mast.reduce`; the sun found, when it was).

    A raster is one acquisition with one sun. With the sun searched, windows spread over the
    raster are searched in every direction, ``SUN_SAMPLE_WINDOWS`` at a time, until their
    candidates agree on a sun (a candidate at least ``SUN_SAMPLE_CONFIDENCE`` under it). The
    strongest suns they support (:func:`.mast.candidate_suns`: a few peaks, and each turned by
    180°) then each get a full look over those windows, as with the sun given (all the looks in
    one call, so a runner keeps its workers busy); when none convinces, a grid of suns around the
    circle is looked along too (:data:`SUN_CONVINCING`); the sun whose best candidates are the most
    confident wins, and the other windows are run with it. The whole-circle search
    finds lines in every direction on a coarser grid; the full look along one sun finds the
    faint masts the search misses, and under a wrong sun the scene's best candidates are
    weaker. Without any agreement, a raster of no more windows than the sample is looked at so too;
    a larger one, or one where no look decides, keeps what the whole-circle search found and the
    reduction chooses the sun (:func:`.mast.resolve_sun`). The same for every runner (threads,
    QGIS provider blocks, a cluster): ``run_jobs([(window, params), ...])`` returns the candidates
    of each job, in order; ``runs`` learns of the extra window runs.
    """
    from .mast import candidate_suns, day_sky_of, nms, sun_evidence

    def run(ws: list, p: DetectorParams) -> list[Candidate]:
        return [c for cands in run_jobs([(w, p) for w in ws]) for c in cands]

    def result(choice: tuple[float, list[Candidate]], rest: list) -> tuple[list[Candidate], DetectorParams]:
        chosen = replace(params, sun_azimuth=choice[0])
        kept = [c for c in choice[1] if c.confidence >= params.min_confidence]
        return kept + (run(rest, chosen) if rest else []), chosen

    n = len(windows)
    if params.sun_azimuth is not None:
        return run(list(windows), params), params
    order = [windows[i] for i in sample_order(n)]
    found: list[Candidate] = []
    start = 0
    distinct: list[Candidate] = []
    support = None
    while start < n:
        found.extend(run(order[start:start + SUN_SAMPLE_WINDOWS], params))
        start = min(n, start + SUN_SAMPLE_WINDOWS)
        distinct = nms(found, params.nms_radius_m * 0.4)
        support = sun_evidence(distinct, day_sky_of(params))  # once for the agreement and the suns worth a look
        if sample_sun(distinct, params, support) is None:
            continue
        choice = _choose_sun(candidate_suns(distinct, SUN_CANDIDATES, support=support), order[:start], params,
                             run_jobs, runs, agreed=True)
        if choice is None:
            return found, params
        return result(choice, order[start:])
    if 0 < n <= SUN_SAMPLE_WINDOWS:
        # a small raster without agreement: every window looked at along the suns it supports, and the grid
        choice = _choose_sun(candidate_suns(distinct, SUN_CANDIDATES, support=support), order, params, run_jobs,
                             runs, agreed=False)
        if choice is not None:
            return result(choice, [])
    return found, params


def detect_windows(windows: list, params: DetectorParams, run_jobs: RunJobs,
                   runs: RunProgress | None = None) -> list[Candidate]:
    """The detection over ``windows``: :func:`run_sun_passes`, then :func:`.mast.reduce`."""
    found, reduce_params = run_sun_passes(windows, params, run_jobs, runs)
    return reduce(found, reduce_params)


def run_windows(windows, read, params, nodata, workers, progress, check) -> list[Candidate]:
    """The detection over ``windows``, each read by ``read(window) -> (data, geotransform, alpha[, valid])`` on
    the calling thread (rasterio datasets and QGIS providers are not shared between threads) and searched by
    ``workers`` threads. The imagery mask (``valid``, :func:`.mast.valid_mask`) is computed once per window, by
    the first of its jobs to need it, unless ``read`` gives it."""
    from .mast import detect_job, job_runs, valid_mask

    runs = RunProgress(len(windows), progress)

    class Read:
        """One window read: its data and, once computed, its imagery mask (shared by the window's jobs)."""

        def __init__(self, item):
            self.data, self.gt, self.alpha = item[:3]
            self._valid = item[3] if len(item) > 3 else None
            self._lock = threading.Lock()

        def valid(self):
            with self._lock:
                if self._valid is None:
                    self._valid = valid_mask(self.data, nodata, self.alpha)
                return self._valid

    def run_jobs(jobs: list) -> list[list[Candidate]]:
        found: list = [None] * len(jobs)

        def work(item, job_params):
            return detect_job(item.data, item.gt, job_params, valid=item.valid()), job_runs(job_params)

        def collect(i, fut):
            cands, weight = fut.result()
            found[i] = cands
            runs.advance(weight)

        # the jobs of one window one after the other (the sample's looks along several suns): it is read
        # once for them; at most ``workers + 1`` windows are in memory at once
        key = [(win.row, win.col, win.height, win.width) for win, _p in jobs]
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            pending = []
            last = None
            for i in sorted(range(len(jobs)), key=lambda i: key[i]):
                if check is not None:
                    check()
                if last is None or last[0] != key[i]:
                    last = None
                    last = (key[i], Read(read(jobs[i][0])))
                pending.append((i, pool.submit(work, last[1], jobs[i][1])))
                while len(pending) > workers:
                    collect(*pending.pop(0))
            last = None
            for i, fut in pending:
                if check is not None:
                    check()
                collect(i, fut)
        return found

    result = detect_windows(windows, params, run_jobs, runs)
    if progress is not None:
        progress(1.0)
    return result


def detect_array(data: np.ndarray, transform, params: DetectorParams | None = None, nodata=None,
                 tile: int = DEFAULT_TILE, workers: int = 2, progress=None, check=None) -> list[Candidate]:
    """The tiled detection over an in-memory array (blocks fetched from a QGIS provider)."""
    params = params or DetectorParams()
    stack = data if data.ndim == 3 else data[None]
    res = math.sqrt(abs(transform[1] * transform[5] - transform[2] * transform[4]))
    ov = overlap_px(params, res)
    windows = list(iter_windows(stack.shape[2], stack.shape[1], max(tile, 2 * ov), ov))

    def read(win: Window):
        return (stack[:, win.row:win.row + win.height, win.col:win.col + win.width],
                window_transform(transform, win), None)

    return run_windows(windows, read, params, nodata, workers, progress, check)
