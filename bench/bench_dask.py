"""Dask scaling: coverage statistics and detection, one machine vs 1 worker vs 2 workers, same run.

* statistics: a 20,000 x 20,000 population grid (100 m, 2,000 km a side, UTM 52N centred on its
  central meridian; Float32, tiled, ZSTD-compressed GeoTIFF written by the bench, fixed seed) with
  200,000 stations clustered
  around 400 towns (20 % 2G 12 km, 55 % 3G/4G 4 km, 25 % 5G 0.5 km) and 16 regions;
  one machine = ``run_statistics`` (full-width bands), cluster = windows of 2048 x 2048 cells.
* detection: a 20,000 x 20,000 px image at 0.5 m (a VRT mosaic of the real SpaceNet 0.5 m tile,
  or of a synthetic texture without the shared data). Detection costs ~2.5-3.5 s per 2560 px
  window per core, so the full image (81 windows) would take minutes per way: a fixed block of
  3 x 4 windows (12 windows, 78.6 Mpx read with the overlap; the sun searched on 8 of them, those
  8 looked at again along each sun they support, then the other 4 along the sun chosen) is
  timed, the same for the three ways.

Each way runs in its own process (clean peak memory): the one-machine path reports its own peak
RSS; a cluster reports each worker's peak RSS (``client.run`` + ``resource.getrusage``).
Cluster start-up and the workers' first imports are excluded (warm-up task). Prints wall times,
ratios, peak memory, per-window costs (for the README projection) and PASS / MISS for the
1 -> 2 workers speed-up target (>= 1.7x on this 2-core machine).

``--quick``: 8,000 x 8,000 cells, 32,000 stations, 2 x 2 detection windows.
"""

from __future__ import annotations

import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve()
CACHE = Path(os.environ.get("BSM_BENCH_CACHE", "/tmp/bsm_bench_dask"))
SHARED = HERE.parents[1].parent / "shared" / "data" / "imagery" / "spacenet4_atlanta_pan_0p5m.tif"
Y0, RES, EPSG = 5_100_000.0, 100.0, 32652


def x0(n: int) -> float:
    """West edge: the grid is centred on the zone's central meridian (metric there: block engine)."""
    return 500_000.0 - n * RES / 2
TARGET_SPEEDUP = 1.7
STATS_TILE = 2048


def sizes(quick: bool) -> dict:
    if quick:
        return {"grid": 8000, "stations": 32000, "towns": 64, "det_cols": 2, "det_rows": 2}
    return {"grid": 20000, "stations": 200_000, "towns": 400, "det_cols": 3, "det_rows": 4}


# -- inputs ---------------------------------------------------------------------------------------
def population_raster(n: int, seed: int = 20) -> Path:
    from osgeo import gdal, osr

    path = CACHE / f"population_{n}_{seed}_{int(x0(n))}.tif"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    tmp = path.with_suffix(".part.tif")
    opts = ["TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "BIGTIFF=YES", "COMPRESS=ZSTD", "PREDICTOR=3"]
    ds = gdal.GetDriverByName("GTiff").Create(str(tmp), n, n, 1, gdal.GDT_Float32, opts)
    if ds is None:  # GDAL without ZSTD
        opts[-2:] = ["COMPRESS=DEFLATE", "PREDICTOR=3"]
        ds = gdal.GetDriverByName("GTiff").Create(str(tmp), n, n, 1, gdal.GDT_Float32, opts)
    ds.SetGeoTransform((x0(n), RES, 0.0, Y0, 0.0, -RES))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-1.0)
    # people on a 1.6 km lattice, refined by cell noise; a third of the land is empty
    coarse = rng.gamma(0.5, 40.0, (n // 16 + 1, n // 16 + 1)).astype(np.float32)
    coarse[rng.random(coarse.shape) < 0.33] = 0.0
    for r0 in range(0, n, 512):
        h = min(512, n - r0)
        block = np.repeat(coarse[np.arange(r0, r0 + h) // 16], 16, axis=1)[:, :n]
        block = np.floor(block * rng.uniform(0.5, 1.5, block.shape).astype(np.float32))
        band.WriteArray(block, 0, r0)
    ds.FlushCache()
    ds = None
    os.replace(tmp, path)
    return path


def station_arrays(n_grid: int, n: int, towns: int, seed: int = 21):
    rng = np.random.default_rng(seed)
    span = n_grid * RES
    cx, cy = rng.uniform(0.05, 0.95, towns) * span, rng.uniform(0.05, 0.95, towns) * span
    which = rng.integers(0, towns, n)
    x = x0(n_grid) + np.clip(cx[which] + rng.normal(0, 25_000, n), 0, span)
    y = Y0 - np.clip(cy[which] + rng.normal(0, 25_000, n), 0, span)
    radius = rng.choice([12_000.0, 4_000.0, 500.0], n, p=[0.2, 0.55, 0.25])
    return x, y, radius


def statistics_job(quick: bool):
    from pyproj import Transformer
    from shapely.geometry import Polygon

    from basestation_mapper.plugin.core.pipeline import RegionTable, StationTable, StatsJob

    s = sizes(quick)
    path = population_raster(s["grid"])
    x, y, radius = station_arrays(s["grid"], s["stations"], s["towns"])
    lon, lat = Transformer.from_crs(f"EPSG:{EPSG}", "EPSG:4326", always_xy=True).transform(x, y)
    span = s["grid"] * RES
    rng = np.random.default_rng(22)
    xs = x0(s["grid"]) + np.linspace(0, span, 5) + np.r_[0, rng.uniform(-20_000, 20_000, 3), 0]
    ys = Y0 - np.linspace(0, span, 5) + np.r_[0, rng.uniform(-20_000, 20_000, 3), 0]
    regions = [Polygon([(xs[i], ys[j]), (xs[i + 1], ys[j]), (xs[i + 1], ys[j + 1]), (xs[i], ys[j + 1])])
               for j in range(4) for i in range(4)]
    return StatsJob(StationTable(np.asarray(lon), np.asarray(lat), radius),
                    RegionTable([f"province {k + 1}" for k in range(16)], regions, f"EPSG:{EPSG}"),
                    raster_path=str(path))


def imagery(n: int = 20000) -> Path:
    """A 20,000 x 20,000 px VRT mosaic at 0.5 m of one real image (or of a synthetic texture)."""
    from osgeo import gdal, osr

    CACHE.mkdir(parents=True, exist_ok=True)
    src = SHARED
    if not src.exists():
        src = CACHE / "texture.tif"
        if not src.exists():
            rng = np.random.default_rng(23)
            from scipy import ndimage as ndi

            tex = ndi.gaussian_filter(rng.normal(0, 1, (1024, 1024)), 3)
            tex = np.clip(120 + 400 * tex + rng.normal(0, 8, tex.shape), 1, 4000).astype(np.uint16)
            ds = gdal.GetDriverByName("GTiff").Create(str(src), 1024, 1024, 1, gdal.GDT_UInt16, ["TILED=YES"])
            ds.SetGeoTransform((733_600.0, 0.5, 0.0, 3_725_140.0, 0.0, -0.5))
            srs = osr.SpatialReference()
            srs.ImportFromEPSG(32616)
            ds.SetProjection(srs.ExportToWkt())
            ds.GetRasterBand(1).WriteArray(tex)
            ds = None
    path = CACHE / f"mosaic_{n}_{src.stem}.vrt"
    if path.exists():
        return path
    ds = gdal.Open(str(src))
    w, h, gt, wkt = ds.RasterXSize, ds.RasterYSize, ds.GetGeoTransform(), ds.GetProjection()
    dtype = gdal.GetDataTypeName(ds.GetRasterBand(1).DataType)
    ds = None
    sources = []
    for j in range(math.ceil(n / h)):
        for i in range(math.ceil(n / w)):
            sources.append(
                f'<SimpleSource><SourceFilename relativeToVRT="0">{src}</SourceFilename><SourceBand>1</SourceBand>'
                f'<SourceProperties RasterXSize="{w}" RasterYSize="{h}" DataType="{dtype}" BlockXSize="{w}" '
                f'BlockYSize="1"/><SrcRect xOff="0" yOff="0" xSize="{w}" ySize="{h}"/>'
                f'<DstRect xOff="{i * w}" yOff="{j * h}" xSize="{w}" ySize="{h}"/></SimpleSource>')
    xml = (f'<VRTDataset rasterXSize="{n}" rasterYSize="{n}"><SRS>{wkt}</SRS>'
           f"<GeoTransform>{gt[0]!r}, {gt[1]!r}, 0, {gt[3]!r}, 0, {gt[5]!r}</GeoTransform>"
           f'<VRTRasterBand dataType="{dtype}" band="1">{"".join(sources)}</VRTRasterBand></VRTDataset>')
    path.write_text(xml)
    return path


def detection_block(path: Path, cols: int, rows: int):
    """Bounds of a block of cols x rows windows of the default detection plan, in the middle."""
    import rasterio

    from basestation_mapper.plugin.core.detect import DetectorParams
    from basestation_mapper.plugin.core.detect.tiling import DEFAULT_TILE, overlap_px

    params = DetectorParams()
    with rasterio.open(path) as src:
        gt = src.transform.to_gdal()
        res = gt[1]
        width, height = src.width, src.height
    ov = overlap_px(params, res)
    step = DEFAULT_TILE - ov
    c0 = (width // 2) // step * step
    r0 = (height // 2) // step * step
    c1, r1 = c0 + step * (cols - 1) + DEFAULT_TILE, r0 + step * (rows - 1) + DEFAULT_TILE
    bounds = (gt[0] + c0 * res, gt[3] - r1 * res, gt[0] + c1 * res, gt[3] - r0 * res)
    return params, bounds


# -- one way, in its own process ------------------------------------------------------------------
def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _worker_peak():
    import resource as r

    return r.getrusage(r.RUSAGE_SELF).ru_maxrss / 1024.0


def _cpu_seconds():
    import resource as r

    u = r.getrusage(r.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def _warm():
    import rasterio  # noqa: F401
    import scipy.ndimage
    import scipy.spatial  # noqa: F401
    import shapely.geometry  # noqa: F401

    from basestation_mapper.plugin.core import scaling, stats  # noqa: F401
    from basestation_mapper.plugin.core.detect import mast  # noqa: F401

    return os.getpid()


def _timed(mode: str, out: dict, on_one_machine, on_cluster):
    """Run the job on one machine (``mode == "single"``) or on a local cluster of ``mode``
    workers; record wall seconds, workers' CPU seconds and peak memory in ``out``."""
    from basestation_mapper.plugin.core import distributed as dd

    if mode == "single":
        start = time.perf_counter()
        result = on_one_machine()
        out["seconds"] = time.perf_counter() - start
        out["peak_mb"] = [peak_mb()]
        return result
    with dd.dask_client(dd.parse_scheduler(f"local:{mode}")) as client:
        client.run(_warm)
        cpu0 = sum(client.run(_cpu_seconds).values())
        start = time.perf_counter()
        result = on_cluster(client)
        out["seconds"] = time.perf_counter() - start
        out["cpu"] = sum(client.run(_cpu_seconds).values()) - cpu0
        out["peak_mb"] = sorted(client.run(_worker_peak).values())
    return result


def run_one(job_kind: str, mode: str, quick: bool) -> dict:
    from basestation_mapper.plugin.core.pipeline import run_statistics

    out = {"job": job_kind, "mode": mode}
    if job_kind == "stats":
        job = statistics_job(quick)
        result = _timed(mode, out, lambda: run_statistics(job),
                        lambda client: run_statistics(job, client=client, tile=STATS_TILE))
        total = result.table.iloc[-1]
        out["covered_pop"] = float(total["covered_pop"])
        out["population"] = float(total["population"])
        g = sizes(quick)["grid"]
        out["cells"] = g * g
        out["windows"] = math.ceil(g / STATS_TILE) ** 2
    else:
        from basestation_mapper.plugin.core.detect import detect_raster
        from basestation_mapper.plugin.core.scaling import detect_raster_dask, plan_detection

        s = sizes(quick)
        path = imagery()
        params, bounds = detection_block(path, s["det_cols"], s["det_rows"])
        plan = plan_detection(str(path), params, bounds)
        out["windows"] = len(plan.windows)
        out["pixels"] = int(sum(w.width * w.height for w in plan.windows))
        cands = _timed(mode, out, lambda: detect_raster(str(path), params, bounds, workers=2),
                       lambda client: detect_raster_dask(client, str(path), params, bounds))
        out["candidates"] = len(cands)
    return out


def spawn(job_kind: str, mode: str, quick: bool) -> dict:
    cmd = [sys.executable, str(HERE), "--one", job_kind, mode] + (["--quick"] if quick else [])
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    for line in res.stdout.splitlines()[::-1]:
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"{job_kind}/{mode} failed:\n{res.stdout[-2000:]}\n{res.stderr[-4000:]}")


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    if "--one" in argv:
        i = argv.index("--one")
        print(json.dumps(run_one(argv[i + 1], argv[i + 2], quick)), flush=True)
        return 0
    if "--prepare" in argv:
        population_raster(sizes(quick)["grid"])
        imagery()
        return 0
    start = time.perf_counter()
    # in a child: a process started from a large parent inherits its peak RSS (Linux ru_maxrss)
    subprocess.run([sys.executable, str(HERE), "--prepare"] + (["--quick"] if quick else []), check=True)
    print(f"inputs ready in {time.perf_counter() - start:.1f} s (cache {CACHE})", flush=True)
    ok = True
    for kind in ("stats", "detect"):
        runs = {}
        for mode in ("single", "1", "2"):
            runs[mode] = r = spawn(kind, mode, quick)
            mem = ", ".join(f"{m:.0f}" for m in r["peak_mb"])
            extra = (f"covered {r['covered_pop']:,.0f} of {r['population']:,.0f} people" if kind == "stats"
                     else f"{r['candidates']} candidates")
            label = "one machine" if mode == "single" else f"{mode} worker(s)"
            busy = ""
            if "cpu" in r:  # below 100 %: the workers waited for a core (other load on the machine)
                busy = f"   workers busy {100 * r['cpu'] / (int(mode) * r['seconds']):.0f} % of wall time"
            print(f"{kind:6s} {label:12s} {r['seconds']:8.2f} s   peak MB per process/worker: {mem:14s} {extra}{busy}",
                  flush=True)
        same = (runs["single"].get("covered_pop"), runs["single"].get("candidates")) == \
            (runs["2"].get("covered_pop"), runs["2"].get("candidates")) == \
            (runs["1"].get("covered_pop"), runs["1"].get("candidates"))
        speedup = runs["1"]["seconds"] / runs["2"]["seconds"]
        r1 = runs["1"]
        if kind == "stats":
            per_window = r1["seconds"] / r1["windows"]
            rate = r1["cells"] / r1["seconds"] / 1e6
            print(f"stats  {r1['cells'] / 1e6:,.0f} M cells, {sizes(quick)['stations']:,} stations, "
                  f"{r1['windows']} windows of {STATS_TILE}^2: {per_window:.3f} s per window per worker "
                  f"= {rate:.1f} M cells/s per worker")
        else:
            per_window = r1["seconds"] / r1["windows"]
            rate = r1["pixels"] / r1["seconds"] / 1e6
            print(f"detect {r1['windows']} windows ({r1['pixels'] / 1e6:.1f} Mpx read, overlap included) of the "
                  f"20,000^2 px mosaic: {per_window:.2f} s per window of the block per worker (the sample's looks "
                  f"included) = {rate:.2f} Mpx/s per worker")
        print(f"{kind:6s} ratio one machine / 1 worker: {runs['single']['seconds'] / r1['seconds']:.2f}x; "
              f"ratio one machine / 2 workers: {runs['single']['seconds'] / runs['2']['seconds']:.2f}x")
        verdict = "PASS" if speedup >= TARGET_SPEEDUP else "MISS"
        print(f"{kind:6s} speed-up 1 -> 2 workers: {speedup:.2f}x (target >= {TARGET_SPEEDUP}x) {verdict}")
        if "cpu" in runs["2"] and runs["2"]["cpu"] / (2 * runs["2"]["seconds"]) < 0.85:
            print(f"{kind:6s} note: the 2 workers had a core only {50 * runs['2']['cpu'] / runs['2']['seconds']:.0f} % "
                  "of the time (other load on this machine): the speed-up is bounded by the free cores")
        print(f"{kind:6s} same result on one machine, 1 and 2 workers: {'PASS' if same else 'MISS'}")
        ok = ok and same
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
