"""Coverage statistics: QGIS's own chain against basestationmapper:coveragestats, same run.

Synthetic population raster 3500 x 3500 at 100 m (UTM 52N), 9 square regions, 1k / 5k / 20k
random stations, R = 5 km.

* baseline: native:buffer (DISSOLVE, 32 segments per quarter circle, so that its polygons
  match the circles to 0.04 %) -> native:intersection with the regions ->
  native:zonalstatisticsfb (SUM)
* ours: processing.run("basestationmapper:coveragestats") end to end (one scenario, as the
  baseline; then the three min / likely / max scenarios), and the grid engine alone; both ways
  run once on 100 stations first (imports, first Processing run), untimed
* agreement: covered population of the engine (radius 5000 CRS metres, cell-centre rule) vs
  the baseline's, per run
* live: one station moved in a CoverageState of 20k stations
* memory: a 7000 x 7000 raster processed in a child process; its peak RSS

Prints ratio lines and PASS / MISS per target. ``--quick`` runs the 1k case only.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

N_STATIONS = (1000, 5000, 20000)
SIZE = 3500
RES = 100.0
X0, Y0 = 330000.0, 4500000.0  # UTM 52N, west edge near 127° E, north edge near 40.6° N
CRS = "EPSG:32652"
RADIUS = 5000.0
TARGET_RATIO = 10.0
TARGET_LIVE_MS = 50.0
TARGET_MEMORY_MB = 1536.0


def write_population(path: Path, size: int, seed: int = 42) -> None:
    from osgeo import gdal, osr

    rng = np.random.default_rng(seed)
    ds = gdal.GetDriverByName("GTiff").Create(str(path), size, size, 1, gdal.GDT_Float32,
                                              ["TILED=YES", "COMPRESS=NONE"])
    ds.SetGeoTransform((X0, RES, 0.0, Y0, 0.0, -RES))
    srs = osr.SpatialReference()
    srs.SetFromUserInput(CRS)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-1.0)
    for r0 in range(0, size, 500):
        h = min(500, size - r0)
        block = rng.gamma(0.6, 20.0, (h, size)).astype(np.float32)
        block[rng.random((h, size)) < 0.01] = -1.0  # some nodata
        band.WriteArray(block, 0, r0)
    ds.FlushCache()
    ds = None


def regions_layer(size: int):
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer

    from basestation_mapper.plugin.compat import field_type

    layer = QgsVectorLayer(f"Polygon?crs={CRS}", "regions", "memory")
    layer.dataProvider().addAttributes([QgsField("name", field_type("str"))])
    layer.updateFields()
    step = size * RES / 3
    feats = []
    for i in range(3):
        for j in range(3):
            x0, y1 = X0 + j * step, Y0 - i * step
            f = QgsFeature(layer.fields())
            f["name"] = f"R{i}{j}"
            f.setGeometry(QgsGeometry.fromWkt(
                f"POLYGON(({x0} {y1},{x0 + step} {y1},{x0 + step} {y1 - step},{x0} {y1 - step},{x0} {y1}))"))
            feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def stations_layer(n: int, size: int, seed: int):
    from qgis.core import QgsCoordinateReferenceSystem, QgsFeature, QgsGeometry, QgsPointXY

    from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer

    rng = np.random.default_rng(seed)
    xs = rng.uniform(X0, X0 + size * RES, n)
    ys = rng.uniform(Y0 - size * RES, Y0, n)
    layer = create_memory_station_layer("stations", QgsCoordinateReferenceSystem(CRS))
    feats = []
    for i in range(n):
        f = QgsFeature(layer.fields())
        f["station_id"] = str(i)
        f["technology"] = "3G"
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(xs[i], ys[i])))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer, xs, ys


def baseline(stations, regions, raster: str) -> tuple[float, float]:
    import processing

    start = time.perf_counter()
    buf = processing.run("native:buffer", {"INPUT": stations, "DISTANCE": RADIUS, "SEGMENTS": 32,
                                           "DISSOLVE": True, "OUTPUT": "memory:"})["OUTPUT"]
    inter = processing.run("native:intersection", {"INPUT": buf, "OVERLAY": regions, "OUTPUT": "memory:"})["OUTPUT"]
    zs = processing.run("native:zonalstatisticsfb", {"INPUT": inter, "INPUT_RASTER": raster, "RASTER_BAND": 1,
                                                     "COLUMN_PREFIX": "z_", "STATISTICS": [1],
                                                     "OUTPUT": "memory:"})["OUTPUT"]
    elapsed = time.perf_counter() - start
    total = sum(f["z_sum"] or 0.0 for f in zs.getFeatures())
    return elapsed, total


def ours(stations, regions, raster: str, scenarios: bool) -> tuple[float, float]:
    import processing

    params = {"STATIONS": stations, "RADIUS": RADIUS, "REGIONS": regions, "REGION_FIELD": "name",
              "POPULATION": raster, "OUTPUT": "memory:"}
    if not scenarios:
        params.update(SCENARIO_MIN=1.0, SCENARIO_MAX=1.0)
    start = time.perf_counter()
    out = processing.run("basestationmapper:coveragestats", params)["OUTPUT"]
    elapsed = time.perf_counter() - start
    total = next(f for f in out.getFeatures() if f["region"] == "TOTAL")["covered_pop"]
    return elapsed, total


def engine(xs, ys, raster: str, regions_geoms) -> tuple[float, float]:
    """The grid engine alone, radius 5000 CRS metres (what the baseline buffers)."""
    from basestation_mapper.plugin.core.coverage import CellLocator, Footprints
    from basestation_mapper.plugin.core.population import RasterPopulation, RegionRaster
    from basestation_mapper.plugin.core.stats import PopulationGrid, grid_statistics

    start = time.perf_counter()
    pop = RasterPopulation(raster)
    src = PopulationGrid(CellLocator(pop.grid), pop.read, RegionRaster(pop.grid, regions_geoms).read,
                         pop.cell_area_rows)
    sums = grid_statistics(src, Footprints(xs, ys, RADIUS), len(regions_geoms),
                           {"min": 1.0, "likely": 1.0, "max": 1.0})
    return time.perf_counter() - start, float(sums.covered_pop["likely"].sum())


def live(xs, ys, raster: str, regions_geoms) -> float:
    from basestation_mapper.plugin.core.coverage import CellLocator, Footprints
    from basestation_mapper.plugin.core.population import RasterPopulation, RegionRaster
    from basestation_mapper.plugin.core.stats import CoverageState

    pop = RasterPopulation(raster)
    arr = pop.read(0, pop.grid.height)
    reg = RegionRaster(pop.grid, regions_geoms).read(0, pop.grid.height)
    state = CoverageState(CellLocator(pop.grid), Footprints(xs.copy(), ys.copy(), RADIUS), arr, reg, 0.01,
                          len(regions_geoms))
    times = []
    rng = np.random.default_rng(5)
    for _ in range(20):
        i = int(rng.integers(len(xs)))
        start = time.perf_counter()
        state.move(i, x=xs[i] + rng.uniform(-3000, 3000), y=ys[i] + rng.uniform(-3000, 3000))
        times.append(time.perf_counter() - start)
    return 1000.0 * float(np.median(times))


def memory_child(path: str) -> None:
    """Run the statistics on a 7000 x 7000 raster; print the peak RSS (MB)."""
    from shapely.geometry import box

    from basestation_mapper.plugin.core.coverage import CellLocator, Footprints
    from basestation_mapper.plugin.core.population import RasterPopulation, RegionRaster
    from basestation_mapper.plugin.core.stats import PopulationGrid, grid_statistics

    pop = RasterPopulation(path)
    g = pop.grid
    xmin, ymin, xmax, ymax = g.bounds
    step = (xmax - xmin) / 3
    regions = [box(xmin + j * step, ymax - (i + 1) * step, xmin + (j + 1) * step, ymax - i * step)
               for i in range(3) for j in range(3)]
    rng = np.random.default_rng(9)
    fp = Footprints(rng.uniform(xmin, xmax, 20000), rng.uniform(ymin, ymax, 20000), RADIUS)
    src = PopulationGrid(CellLocator(g), pop.read, RegionRaster(g, regions).read, pop.cell_area_rows)
    start = time.perf_counter()
    sums = grid_statistics(src, fp, 9)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"{peak:.0f} {elapsed:.2f} {sums.covered_pop['likely'].sum():.0f}")


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--memory-child":
        memory_child(argv[1])
        return 0
    quick = "--quick" in argv
    import pytest_qgis.qgis_interface  # noqa: F401  (must precede QgsApplication, see GUIDE)

    from basestation_mapper.plugin.headless import init_processing, start_qgis

    app = start_qgis()
    registry = init_processing(register_provider=False)
    from basestation_mapper.plugin.processing.provider import BaseStationMapperProvider

    provider = BaseStationMapperProvider()  # keep a reference for the run
    registry.addProvider(provider)
    from shapely import wkb

    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        raster = str(Path(tmp) / "population.tif")
        write_population(Path(raster), SIZE)
        regions = regions_layer(SIZE)
        regions_geoms = [wkb.loads(bytes(f.geometry().asWkb())) for f in regions.getFeatures()]
        # warm-up of both ways (imports, first Processing run), not timed
        warm, _, _ = stations_layer(100, SIZE, seed=1)
        baseline(warm, regions, raster)
        ours(warm, regions, raster, scenarios=True)
        for n in N_STATIONS[:1] if quick else N_STATIONS:
            stations, xs, ys = stations_layer(n, SIZE, seed=n)
            t_base, pop_base = baseline(stations, regions, raster)
            t_ours, _ = ours(stations, regions, raster, scenarios=False)
            t_three, _ = ours(stations, regions, raster, scenarios=True)
            t_engine, pop_engine = engine(xs, ys, raster, regions_geoms)
            diff = abs(pop_engine - pop_base) / pop_base * 100.0
            ratio = t_base / t_ours
            print(f"coverage stats {n:>6} stations: QGIS chain {t_base:6.2f} s | coveragestats {t_ours:5.2f} s "
                  f"(x{ratio:5.1f}) | 3 scenarios {t_three:5.2f} s (x{t_base / t_three:5.1f}) | engine "
                  f"{t_engine:5.2f} s (x{t_base / t_engine:5.1f})", flush=True)
            verdict = "PASS" if diff <= 0.1 else "MISS"
            print(f"  covered population: QGIS {pop_base:,.0f} | ours {pop_engine:,.0f} | diff {diff:.3f} % "
                  f"(target <= 0.1 %) {verdict}", flush=True)
            ok &= diff <= 0.1
            if n == N_STATIONS[-1]:
                verdict = "PASS" if ratio >= TARGET_RATIO else "MISS"
                print(f"  speed target at {n}: x{ratio:.1f} (target >= x{TARGET_RATIO:g}) {verdict}", flush=True)
                ok &= ratio >= TARGET_RATIO
        ms = live(xs, ys, raster, regions_geoms)
        verdict = "PASS" if ms < TARGET_LIVE_MS else "MISS"
        print(f"live refresh after one station edit ({len(xs)} stations): {ms:.1f} ms "
              f"(target < {TARGET_LIVE_MS:g} ms) {verdict}", flush=True)
        ok &= ms < TARGET_LIVE_MS
        if not quick:
            big = str(Path(tmp) / "population_7000.tif")
            write_population(Path(big), 7000, seed=7)
            out = subprocess.run([sys.executable, __file__, "--memory-child", big], capture_output=True, text=True,
                                 check=False, env=dict(os.environ))
            if out.returncode != 0:
                print(out.stderr[-2000:])
                return 1
            peak, secs, _covered = out.stdout.split()[-3:]
            verdict = "PASS" if float(peak) <= TARGET_MEMORY_MB else "MISS"
            print(f"7000x7000 raster, 20000 stations, 3 scenarios: {float(secs):.1f} s, peak memory {peak} MB "
                  f"(target <= {TARGET_MEMORY_MB:g} MB) {verdict}", flush=True)
            ok &= float(peak) <= TARGET_MEMORY_MB
    registry.removeProvider(provider)
    del app
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
