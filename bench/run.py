"""Run every benchmark (`bench/bench_*.py`), each in its own process; print their ratio lines.

Each benchmark measures the QGIS-native way and ours in the same run and prints ratios.
`python bench/run.py coverage` runs only the benchmarks whose file name contains "coverage".
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    selected = [p for p in sorted(HERE.glob("bench_*.py")) if not argv or any(a in p.name for a in argv)]
    if not selected:
        print("no benchmark selected")
        return 1
    failed = 0
    for path in selected:
        print(f"== {path.name}", flush=True)
        start = time.perf_counter()
        rc = subprocess.run([sys.executable, str(path)], check=False).returncode
        print(f"== {path.name}: exit {rc} in {time.perf_counter() - start:.1f} s", flush=True)
        failed += rc != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
