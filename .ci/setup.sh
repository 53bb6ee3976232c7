#!/usr/bin/env bash
# Idempotent development set-up on Debian 12 (run as root, or with the packages already there).
# 1. Debian packages (QGIS 3.22 LTR + PyQGIS, GDAL tools, Qt translation tools, poppler) when missing
# 2. .venv with --system-site-packages (PyQGIS lives in /usr/lib/python3/dist-packages)
# 3. test tools from PyPI with numpy pinned to the system version
# 4. the plugin importable as `basestation_mapper` from the venv
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SYS_PY=/usr/bin/python3
APT_PACKAGES=(
  qgis
  python3-qgis
  qgis-providers
  python3-rasterio
  python3-shapely
  python3-pandas
  python3-scipy
  python3-pyproj
  gdal-bin
  xvfb
  pyqt5-dev-tools
  qttools5-dev-tools
  poppler-utils
  fonts-nanum
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: run as root (or install these packages) first" >&2; exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
"$SYS_PY" -c "import qgis.core" || { echo "setup: PyQGIS is not importable from $SYS_PY" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv (system site packages)"
  "$SYS_PY" -m venv --system-site-packages .venv
fi

NUMPY_VERSION=$("$SYS_PY" -c "import numpy; print(numpy.__version__)")
STAMP=.venv/.requirements-stamp
WANT="$(cat .ci/requirements-dev.txt) numpy==$NUMPY_VERSION"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  echo "setup: installing test tools into .venv"
  printf 'numpy==%s\n' "$NUMPY_VERSION" > .venv/constraints.txt
  .venv/bin/pip install -q -c .venv/constraints.txt -r .ci/requirements-dev.txt
  printf '%s' "$WANT" > "$STAMP"
fi

# the repository root *is* the plugin folder: expose it as the package `basestation_mapper`
SITE=$(.venv/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
mkdir -p .venv/pkg
ln -sfn "$ROOT" .venv/pkg/basestation_mapper
echo "$ROOT/.venv/pkg" > "$SITE/basestation_mapper.pth"
# Processing (the `processing` module) lives in QGIS's python plugins folder
echo "/usr/share/qgis/python/plugins" > "$SITE/qgis_plugins.pth"
# headless defaults for everything run from the venv (pytest, demo, benchmarks): Qt offscreen,
# Debian's PROJ data; an explicit value in the environment still wins
echo "import os; os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen'); os.environ.setdefault('PROJ_DATA', '/usr/share/proj')" > "$SITE/basestation_mapper_env.pth"
