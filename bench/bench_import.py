"""Benchmark: importing a 100,000-row OpenCelliD CSV (cells aggregated into sites).

Ours: ``core.importers.import_file`` (read, validate every row, aggregate cells into sites).
QGIS-native way, in the same run: the CSV as a delimitedtext layer read feature by feature
(100,000 rows), and that layer + ``native:aggregate`` grouping cells by operator/radio/site key
(mean position). ``native:aggregate`` grows much faster than linearly with the number of groups
(tens of thousands of sites here), so it is timed on the first ``N_NATIVE`` rows, against ours on
the same rows. Target: ours well under 5 s on 100,000 rows (PASS under 2.5 s).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

N_ROWS = 100_000
N_NATIVE = 5_000
TARGET_S = 2.5


def make_csv(path: Path, n_rows: int = N_ROWS, seed: int = 42) -> int:
    """An OpenCelliD-like export: sites of 1-3 cells a few tens of metres apart; unique cell ids."""
    rng = np.random.default_rng(seed)
    n_sites = n_rows // 2
    per_site = rng.integers(1, 4, n_sites)
    site = np.repeat(np.arange(n_sites), per_site)[:n_rows]
    n = site.size
    radio_site = rng.choice(np.array(["GSM", "UMTS", "LTE"]), n_sites, p=[0.3, 0.4, 0.3])
    lon_site = rng.uniform(124.2, 130.6, n_sites)
    lat_site = rng.uniform(37.7, 42.9, n_sites)
    sector = np.concatenate([np.arange(k) for k in per_site])[:n]
    radio = radio_site[site]
    cell = np.where(radio == "LTE", (10000 + site) * 256 + sector, 1_000_000 + np.arange(n))
    lon = lon_site[site] + rng.normal(0, 0.0003, n)
    lat = lat_site[site] + rng.normal(0, 0.0003, n)
    with open(path, "w", encoding="utf-8") as out:
        out.write("radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\n")
        rows = zip(radio, rng.choice([5, 6], n_sites)[site], rng.integers(1, 500, n_sites)[site], cell, lon, lat,
                   rng.integers(100, 6000, n), rng.integers(1, 200, n), rng.integers(1_300_000_000, 1_500_000_000, n))
        for r, net, area, c, x, y, rng_m, samples, created in rows:
            out.write(f"{r},467,{net},{area},{c},0,{x:.6f},{y:.6f},{rng_m},{samples},1,{created},1600000000,0\n")
    return n


def ours(path: Path):
    from basestation_mapper.plugin.core.importers import import_file

    start = time.perf_counter()
    result = import_file(path)
    return time.perf_counter() - start, len(result.stations)


def _layer(path: Path):
    from qgis.core import QgsVectorLayer

    uri = (f"file://{path}?type=csv&delimiter=,&xField=lon&yField=lat&crs=EPSG:4326&detectTypes=yes"
           "&spatialIndex=no&subsetIndex=no&watchFile=no")
    layer = QgsVectorLayer(uri, "cells", "delimitedtext")
    assert layer.isValid(), "delimitedtext layer is not valid"
    return layer


def native_read(path: Path):
    start = time.perf_counter()
    n = sum(1 for _ in _layer(path).getFeatures())
    return time.perf_counter() - start, n


def native(path: Path):
    import processing

    start = time.perf_counter()
    layer = _layer(path)
    group = "concat(\"radio\", '-', \"net\", '-', if(\"radio\" = 'LTE', floor(\"cell\" / 256), \"cell\"))"
    aggregates = [
        {"aggregate": "first_value", "delimiter": ",", "input": '"radio"', "length": 0, "name": "radio",
         "precision": 0, "type": 10},
        {"aggregate": "mean", "delimiter": ",", "input": '"lon"', "length": 0, "name": "lon", "precision": 0,
         "type": 6},
        {"aggregate": "mean", "delimiter": ",", "input": '"lat"', "length": 0, "name": "lat", "precision": 0,
         "type": 6},
        {"aggregate": "sum", "delimiter": ",", "input": '"samples"', "length": 0, "name": "samples", "precision": 0,
         "type": 6},
    ]
    out = processing.run("native:aggregate", {"INPUT": layer, "GROUP_BY": group, "AGGREGATES": aggregates,
                                              "OUTPUT": "memory:"})["OUTPUT"]
    return time.perf_counter() - start, out.featureCount()


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from basestation_mapper.plugin.headless import init_processing, start_qgis

    app = start_qgis()
    init_processing(register_provider=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "opencellid_100k.csv"
        n = make_csv(path)
        print(f"input: {n:,} OpenCelliD rows, {path.stat().st_size / 1e6:.1f} MB")
        small = Path(tmp) / "opencellid_small.csv"
        with open(path, encoding="utf-8") as src, open(small, "w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i > N_NATIVE:
                    break
                dst.write(line)
        ours(path)  # warm-up (imports, caches)
        t_ours, sites = min(ours(path) for _ in range(3))
        t_read, rows = native_read(path)
        t_small, small_sites = min(ours(small) for _ in range(3))
        t_native, groups = native(small)
    print(f"ours   import_file, {n:,} rows (read + validate + aggregate)  {t_ours:6.2f} s -> {sites:,} sites")
    print(f"native delimitedtext layer, {rows:,} rows (read only)        {t_read:6.2f} s")
    print(f"ratio native-read-only/ours (100k rows): {t_read / t_ours:.2f}x")
    print(f"ours   import_file, {N_NATIVE:,} rows                          {t_small:6.2f} s -> {small_sites:,} sites")
    print(f"native delimitedtext + native:aggregate, {N_NATIVE:,} rows    {t_native:6.2f} s -> {groups:,} groups")
    print(f"ratio native/ours ({N_NATIVE:,} rows, read + aggregate): {t_native / t_small:.1f}x")
    ok = t_ours < TARGET_S
    print(f"{'PASS' if ok else 'MISS'} 100k-row OpenCelliD import under {TARGET_S:g} s (target: well under 5 s): "
          f"{t_ours:.2f} s")
    app.exitQgis()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
