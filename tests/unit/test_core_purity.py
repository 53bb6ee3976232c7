"""plugin/core must stay pure: no qgis import, directly or through another module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "plugin" / "core"


def _core_files():
    files = sorted(CORE.rglob("*.py"))
    assert files, "plugin/core has no modules"
    return files


def test_core_sources_import_no_qgis():
    offenders = []
    for path in _core_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level and node.level > 0:
                    # relative import leaving the core package (e.g. `from ..qgis_io import x`)
                    depth = len(path.relative_to(CORE).parts) - 1
                    if node.level > depth + 1:
                        names = [f"{'.' * node.level}{node.module or ''}"]
                else:
                    names = [node.module or ""]
            for name in names:
                if name.split(".")[0] in ("qgis", "PyQt5", "PyQt6", "processing") or name.startswith(".."):
                    offenders.append(f"{path.relative_to(CORE.parent.parent)}:{node.lineno} imports {name}")
    assert not offenders, "\n".join(offenders)


def test_core_modules_import_without_qgis_loaded():
    """Importing every core module in a fresh interpreter leaves `qgis` out of sys.modules."""
    modules = []
    for path in _core_files():
        rel = path.relative_to(CORE.parents[1]).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append("basestation_mapper." + ".".join(parts))
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(k for k in sys.modules if k == 'qgis' or k.startswith('qgis.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
