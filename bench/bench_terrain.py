"""Benchmark: terrain line of sight for many stations vs gdal_viewshed per station.

Synthetic fractal DEM (fixed seed), 30 m cells, UTM 52N, radius 10 km, receiver 1.5 m, k = 4/3.

1. 100 stations on a 4,000 x 4,000 DEM: our batch (``core.terrain.visible_count``) against the
   ``gdal_viewshed`` command (what QGIS's *GDAL › Viewshed* runs) per station, timed on a subset
   of stations and extrapolated per station (said in the output). ``osgeo.gdal.ViewshedGenerate``
   in-process (no process start, no file) is printed too, for information.
2. 1,000 stations on a 10,000 x 10,000 DEM in a child process that only loads the DEM and runs
   the batch: time per station and the child's peak memory (max RSS, everything included).

Targets: >= 5x faster per station than gdal_viewshed; peak memory < 1.5 GB at 1,000 stations.
Usage: ``python bench/bench_terrain.py [--quick]`` (``--quick``: smaller DEM, fewer stations).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from support.terrain_dems import fractal_dem  # noqa: E402

CELL = 30.0
RADIUS = 10_000.0
X0, Y0 = 300_000.0, 4_500_000.0
EPSG = 32652


def write_dem(path: Path, array: np.ndarray) -> None:
    from osgeo import gdal, osr

    gdal.UseExceptions()
    height, width = array.shape
    ds = gdal.GetDriverByName("GTiff").Create(str(path), width, height, 1, gdal.GDT_Float32,
                                              ["TILED=YES", "BIGTIFF=IF_SAFER"])
    ds.SetGeoTransform((X0, CELL, 0.0, Y0, 0.0, -CELL))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(array)
    ds = None


def station_xy(n: int, size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    margin = RADIUS + 1000.0
    xs = X0 + rng.uniform(margin, size * CELL - margin, n)
    ys = Y0 - rng.uniform(margin, size * CELL - margin, n)
    return xs, ys


def ours(dem: np.ndarray, xs, ys):
    from basestation_mapper.plugin.core import terrain

    grid = terrain.Grid(X0, Y0, CELL, CELL, dem.shape[1], dem.shape[0], "")
    obs = terrain.make_observers(xs, ys, 30.0, RADIUS)
    start = time.perf_counter()
    count = terrain.visible_count(dem, grid, obs, terrain.TerrainParams())
    return time.perf_counter() - start, count


def gdal_cli(dem_path: Path, xs, ys, workdir: Path) -> float:
    exe = shutil.which("gdal_viewshed")
    if exe is None:
        raise SystemExit("gdal_viewshed not found (Debian package gdal-bin)")
    start = time.perf_counter()
    for i, (x, y) in enumerate(zip(xs, ys)):
        subprocess.run([exe, "-q", "-oz", "30", "-tz", "1.5", "-md", str(RADIUS), "-cc", "0.75", "-ox", repr(x),
                        "-oy", repr(y), str(dem_path), str(workdir / f"vs{i}.tif")], check=True)
    return (time.perf_counter() - start) / len(xs)


def gdal_inprocess(dem_path: Path, xs, ys) -> float:
    from osgeo import gdal

    ds = gdal.Open(str(dem_path))
    band = ds.GetRasterBand(1)
    start = time.perf_counter()
    for x, y in zip(xs, ys):
        out = gdal.ViewshedGenerate(band, "MEM", "", [], float(x), float(y), 30.0, 1.5, 255, 0, 0, -1, 0.75,
                                    gdal.GVM_Edge, RADIUS)
        assert out is not None
        del out
    return (time.perf_counter() - start) / len(xs)


def child(dem_path: str, n: int, size: int) -> None:
    """Load the DEM, run n stations, print time and peak RSS as JSON."""
    from osgeo import gdal

    gdal.UseExceptions()
    ds = gdal.Open(dem_path)  # keep the dataset alive while its band is read
    dem = ds.GetRasterBand(1).ReadAsArray().astype(np.float32, copy=False)
    ds = None
    xs, ys = station_xy(n, size, seed=2)
    elapsed, count = ours(dem, xs, ys)
    peak_mb = peak_rss_mb()
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb, "max_count": int(count.max())}))


def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM; ru_maxrss would carry the parent's peak over exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def report(label: str, ok: bool, text: str) -> bool:
    print(f"{label}: {text} -> {'PASS' if ok else 'MISS'}", flush=True)
    return ok


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        child(argv[1], int(argv[2]), int(argv[3]))
        return 0
    quick = "--quick" in argv
    small, big = (1500, 3000) if quick else (4000, 10_000)
    n_small, n_big, n_base = (30, 100, 5) if quick else (100, 1000, 10)
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-terrain-") as tmp:
        tmp = Path(tmp)
        # -- 1. time per station against gdal_viewshed ----------------------------------------
        t = time.perf_counter()
        dem = fractal_dem(small, small, seed=1)
        dem_path = tmp / "dem_small.tif"
        write_dem(dem_path, dem)
        print(f"DEM {small} x {small} at {CELL:g} m generated in {time.perf_counter() - t:.1f} s", flush=True)
        xs, ys = station_xy(n_small, small, seed=1)
        elapsed, count = ours(dem, xs, ys)
        per_ours = elapsed / n_small
        per_cli = gdal_cli(dem_path, xs[:n_base], ys[:n_base], tmp)
        per_inproc = gdal_inprocess(dem_path, xs[:n_base], ys[:n_base])
        print(f"ours, {n_small} stations in one batch: {elapsed:.2f} s = {per_ours * 1000:.1f} ms/station "
              f"(max {int(count.max())} stations in sight of a cell)")
        print(f"gdal_viewshed command, timed on {n_base} of the stations, per station: {per_cli * 1000:.1f} ms")
        print(f"osgeo.gdal.ViewshedGenerate in-process (no process start, MEM output), {n_base} stations, per "
              f"station: {per_inproc * 1000:.1f} ms (information)")
        ratio = per_cli / per_ours
        ok &= report(f"ratio {n_small} stations", ratio >= 5.0,
                     f"gdal_viewshed / ours = {ratio:.1f}x per station (target >= 5x)")
        print(f"ratio in-process ViewshedGenerate / ours = {per_inproc / per_ours:.2f}x per station (information)")
        del dem, count
        os.remove(dem_path)

        # -- 2. 1,000 stations on 10,000 x 10,000: time and peak memory in a child process ------
        t = time.perf_counter()
        dem = fractal_dem(big, big, seed=2)
        big_path = tmp / "dem_big.tif"
        write_dem(big_path, dem)
        del dem
        print(f"DEM {big} x {big} at {CELL:g} m generated in {time.perf_counter() - t:.1f} s", flush=True)
        out = subprocess.run([sys.executable, __file__, "--child", str(big_path), str(n_big), str(big)],
                             check=True, capture_output=True, text=True)
        info = json.loads(out.stdout.strip().splitlines()[-1])
        per_big = info["seconds"] / n_big
        print(f"ours, {n_big} stations on {big} x {big}: {info['seconds']:.1f} s = {per_big * 1000:.1f} ms/station, "
              f"child peak RSS {info['peak_mb']:.0f} MB (DEM {big * big * 4 / 1e6:.0f} MB + count "
              f"{big * big * 2 / 1e6:.0f} MB included)")
        ratio_big = per_cli / per_big
        ok &= report(f"ratio {n_big} stations", ratio_big >= 5.0,
                     f"gdal_viewshed / ours = {ratio_big:.1f}x per station (target >= 5x)")
        ok &= report(f"memory {n_big} stations", info["peak_mb"] < 1500.0,
                     f"peak {info['peak_mb']:.0f} MB (target < 1500 MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
