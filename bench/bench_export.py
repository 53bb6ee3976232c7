"""Export speed: the QGIS-native way and ours, in the same run (best of 3), with PASS/MISS per target.

Ours adds atomic writes (temporary file + move), lock checks, styling and balloons; the targets
bound what that may cost against the native writer doing the bare job.

    python bench/bench_export.py            (make bench runs it through bench/run.py)
"""

from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
N_STATIONS = 20_000
N_COVERAGE = 4_000
REPEAT = 3
RESULTS: list[tuple[str, float, float, float, float]] = []


def best(fn, repeat=REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def compare(name: str, native, ours, target: float) -> None:
    t_native, t_ours = best(native), best(ours)
    ratio = t_ours / t_native
    RESULTS.append((name, t_native, t_ours, ratio, target))
    verdict = "PASS" if ratio <= target else "MISS"
    print(f"{name:<34} native {t_native * 1000:8.1f} ms   ours {t_ours * 1000:8.1f} ms   ratio {ratio:5.2f} "
          f"(target <= {target:g})  {verdict}", flush=True)


def main() -> int:
    from basestation_mapper.plugin.headless import init_processing, start_qgis

    app = start_qgis(gui=True)
    registry = init_processing()  # noqa: F841 - keeps the provider alive
    from osgeo import gdal, osr
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter
    from support.export_layers import coverage_layer, station_layer

    from basestation_mapper.plugin.core.raster_export import CREATION_OPTIONS
    from basestation_mapper.plugin.qgis_io import export as ex

    print(f"data: {N_STATIONS} stations (station schema), {N_COVERAGE} coverage polygons (24-segment discs)")
    stations = station_layer(N_STATIONS, seed=11, name="Stations")
    small = station_layer(N_COVERAGE, seed=12, name="S")
    coverage = coverage_layer(small, name="Coverage")
    ctx = QgsCoordinateTransformContext()
    tmp = Path(tempfile.mkdtemp(prefix="bsm-bench-"))
    counter = iter(range(10**6))

    def native_vector(layer, driver, ext, layer_options=()):
        def run():
            options = QgsVectorFileWriter.SaveVectorOptions()
            options.driverName = driver
            options.fileEncoding = "UTF-8"
            options.layerOptions = list(layer_options)
            out = tmp / f"native{next(counter)}{ext}"
            err = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(out), ctx, options)
            assert err[0] == QgsVectorFileWriter.WriterError.NoError, err
            return out
        return run

    def ours_vector(layer, ext):
        def run():
            ex.export_vector([ex.snapshot(layer)], tmp / f"ours{next(counter)}{ext}", context=ctx)
        return run

    compare("GeoPackage, 20k stations", native_vector(stations, "GPKG", ".gpkg"), ours_vector(stations, ".gpkg"), 1.5)
    compare("GeoPackage, 4k coverage polygons", native_vector(coverage, "GPKG", ".gpkg"),
            ours_vector(coverage, ".gpkg"), 1.5)

    def native_kmz(layer):
        def run():
            kml = native_vector(layer, "KML", ".kml")()  # the KML just written, zipped as a KMZ
            with zipfile.ZipFile(kml.with_suffix(".kmz"), "w", zipfile.ZIP_DEFLATED) as zf:
                zf.write(kml, "doc.kml")
        return run

    compare("KMZ, 20k stations (styled balloons)", native_kmz(stations), ours_vector(stations, ".kmz"), 2.0)
    compare("KMZ, 4k coverage polygons", native_kmz(coverage), ours_vector(coverage, ".kmz"), 2.0)

    assert stations.crs().authid() == "EPSG:4326"  # native writes x/y as stored: the same WGS84 lon/lat
    compare("stations CSV (lon/lat), 20k",
            native_vector(stations, "CSV", ".csv", ["GEOMETRY=AS_XY"]),
            lambda: ex.export_stations_csv(ex.snapshot(stations), tmp / f"ours{next(counter)}.csv", context=ctx),
            2.5)

    rng = np.random.default_rng(5)
    counts = rng.integers(0, 5, size=(3000, 3000)).astype("float32")
    src = tmp / "overlap_float.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(src), 3000, 3000, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((500000.0, 100.0, 0.0, 4500000.0, 0.0, -100.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(counts)
    ds = None

    def native_tif():
        out = gdal.Translate(str(tmp / f"native{next(counter)}.tif"), str(src), creationOptions=list(CREATION_OPTIONS))
        assert out is not None

    compare("GeoTIFF 3000x3000 (colour table)", native_tif,
            lambda: ex.export_raster(str(src), tmp / f"ours{next(counter)}.tif"), 2.5)

    misses = [n for n, _a, _b, r, target in RESULTS if r > target]
    print(f"export: {len(RESULTS) - len(misses)}/{len(RESULTS)} targets met" + (f"; MISS: {', '.join(misses)}"
                                                                                  if misses else ""))
    app.exitQgis()
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
