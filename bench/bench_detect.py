"""Detection speed and memory on a 20,000 x 20,000 raster, against a QGIS-native raster pass.

Builds a VRT mosaic (20,000 x 20,000 px, UInt16 panchromatic, 0.5 m) of the real SpaceNet
Atlanta tile from ../shared/data, then in the same run measures

* native: QGIS computing full band statistics of the raster (QgsRasterDataProvider.bandStatistics,
  one pass reading every pixel through GDAL) -> megapixels per second;
* ours: the tiled detector (plugin.core.detect.detect_raster, 2 worker threads, sun searched)
  over the whole raster (400 Mpx; ``BENCH_DETECT_SIZE=4000`` searches a 4,000 x 4,000 block
  for a quick look), in a child process whose peak resident memory is reported.

Prints ratio lines and PASS/MISS for the targets (>= 5 Mpx/s on 2 cores; peak memory < 1.5 GB)
and exits non-zero on a MISS.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "imagery" / "spacenet4_atlanta_pan_0p5m.tif"
RASTER = 20000


def build_vrt(path: Path, size: int = RASTER) -> Path:
    from osgeo import gdal

    src = gdal.Open(str(DATA))
    w, h = src.RasterXSize, src.RasterYSize
    gt = src.GetGeoTransform()
    srs = src.GetProjection()
    step = w - 20  # neighbouring copies overlap a little, no seam of nodata
    parts = []
    for r in range(0, size, step):
        for c in range(0, size, step):
            cw, ch = min(w, size - c), min(h, size - r)
            parts.append(
                f'<SimpleSource><SourceFilename relativeToVRT="0">{DATA}</SourceFilename><SourceBand>1</SourceBand>'
                f'<SrcRect xOff="0" yOff="0" xSize="{cw}" ySize="{ch}"/>'
                f'<DstRect xOff="{c}" yOff="{r}" xSize="{cw}" ySize="{ch}"/></SimpleSource>')
    xml = (f'<VRTDataset rasterXSize="{size}" rasterYSize="{size}"><SRS>{srs.replace("<", "&lt;")}</SRS>'
           f'<GeoTransform>{gt[0]}, {gt[1]}, 0, {gt[3]}, 0, {gt[5]}</GeoTransform>'
           f'<VRTRasterBand dataType="UInt16" band="1"><NoDataValue>0</NoDataValue>{"".join(parts)}'
           f'</VRTRasterBand></VRTDataset>')
    path.write_text(xml)
    return path


def native_pass(vrt: Path) -> float:
    """Mpx/s of QGIS's own full-raster statistics pass."""
    sys.path.insert(0, str(ROOT.parent))
    from basestation_mapper.plugin.headless import start_qgis

    start_qgis()
    from qgis.core import QgsRasterBandStats, QgsRasterLayer, QgsRectangle

    layer = QgsRasterLayer(str(vrt), "bench")
    t = time.perf_counter()
    stats = layer.dataProvider().bandStatistics(1, QgsRasterBandStats.Stats.All, QgsRectangle(), 0)
    dt = time.perf_counter() - t
    assert stats.elementCount > 0
    return layer.width() * layer.height() / dt / 1e6


def ours(vrt: str, size: int) -> None:
    """Child process: run the detector over a size x size block, print JSON."""
    import rasterio

    from basestation_mapper.plugin.core.detect import DetectorParams, detect_raster

    with rasterio.open(vrt) as src:
        x0, y1 = src.transform * (0, 0)
        x1, y0 = src.transform * (size, size)
    t = time.perf_counter()
    cands = detect_raster(vrt, DetectorParams(), bounds_xy=(x0, y0, x1, y1), workers=2)
    dt = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # MiB on Linux
    print(json.dumps({"mpx_s": size * size / dt / 1e6, "seconds": dt, "peak_mib": peak, "candidates": len(cands)}))


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--child":
        ours(argv[1], int(argv[2]))
        return 0
    if not DATA.exists():
        print(f"SKIP: {DATA} not found")
        return 0
    size = int(os.environ.get("BENCH_DETECT_SIZE", str(RASTER)))
    with tempfile.TemporaryDirectory() as tmp:
        vrt = build_vrt(Path(tmp) / "mosaic.vrt")
        native = native_pass(vrt)
        out = subprocess.run([sys.executable, __file__, "--child", str(vrt), str(size)], capture_output=True,
                             text=True, check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
        res = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"raster {RASTER}x{RASTER} px VRT (SpaceNet 0.5 m pan mosaic); detector searched {size}x{size} px")
    print(f"native QGIS band statistics: {native:.1f} Mpx/s")
    print(f"detector (2 threads):       {res['mpx_s']:.2f} Mpx/s in {res['seconds']:.1f} s, "
          f"{res['candidates']} candidates")
    print(f"ratio detector/native speed: {res['mpx_s'] / native:.3f}")
    print(f"peak memory of the detector process: {res['peak_mib']:.0f} MiB")
    ok_speed = res["mpx_s"] >= 5.0
    ok_mem = res["peak_mib"] < 1536
    print(f"{'PASS' if ok_speed else 'MISS'} speed >= 5 Mpx/s on 2 cores ({res['mpx_s']:.2f})")
    print(f"{'PASS' if ok_mem else 'MISS'} peak memory < 1.5 GB ({res['peak_mib']:.0f} MiB)")
    return 0 if ok_speed and ok_mem else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
