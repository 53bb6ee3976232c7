"""Fail on code that QGIS 4 (Qt6 / PyQt6) would reject.

Checks every tracked ``*.py`` file for:
- ``PyQt5`` / ``PyQt6`` imports (import Qt through ``qgis.PyQt`` only);
- ``exec_()`` calls (``exec()`` works on both);
- compiled resources (``resources_rc``, ``pyrcc5``; icons are loaded by path);
- unscoped enum values such as ``Qt.AlignLeft`` or ``Qgis.Warning``: every ``Class.Value``
  attribute whose class is imported from ``qgis.PyQt.*``, ``qgis.core`` or ``qgis.gui`` is
  resolved by introspection, and flagged when the value belongs to a nested enum
  (``Qt.AlignmentFlag.AlignLeft`` is the spelling PyQt6 accepts).
"""

from __future__ import annotations

import ast
import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT_PATTERNS = [
    (re.compile(r"^\s*(from|import)\s+PyQt[56]\b"), "import Qt through qgis.PyQt, not PyQt5/PyQt6"),
    (re.compile(r"\.exec_\("), "use exec() instead of exec_()"),
    (re.compile(r"\bresources_rc\b|\bpyrcc5\b"), "no compiled resources: load icons by file path"),
]
MODULES = ("qgis.PyQt.", "qgis.core", "qgis.gui", "qgis.analysis")


def tracked_python_files() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, check=True, capture_output=True, text=True)
        files = [ROOT / line for line in out.stdout.splitlines() if line]
        untracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "*.py"], cwd=ROOT,
                                   check=True, capture_output=True, text=True)
        files += [ROOT / line for line in untracked.stdout.splitlines() if line]
    except (OSError, subprocess.CalledProcessError):
        files = [p for p in ROOT.rglob("*.py") if ".venv" not in p.parts]
    return sorted({f for f in files if f.exists() and f.name != "qt6_check.py"})


def imported_classes(tree: ast.AST) -> dict[str, object]:
    classes = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(MODULES):
            try:
                module = importlib.import_module(node.module)
            except ImportError:
                continue
            for alias in node.names:
                obj = getattr(module, alias.name, None)
                if isinstance(obj, type):
                    classes[alias.asname or alias.name] = obj
    return classes


def unscoped_enums(tree: ast.AST, classes: dict[str, object]):
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
            continue
        cls = classes.get(node.value.id)
        if cls is None:
            continue
        try:
            value = getattr(cls, node.attr)
        except AttributeError:
            continue
        if isinstance(value, type) or callable(value):
            continue
        enum_type = type(value)
        qualname = getattr(enum_type, "__qualname__", "")
        owner, _, enum_name = qualname.rpartition(".")
        if owner and enum_name and getattr(cls, enum_name, None) is enum_type and enum_name != node.attr:
            yield node.lineno, f"{node.value.id}.{node.attr} -> {node.value.id}.{enum_name}.{node.attr}"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problems = []
    for path in tracked_python_files():
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT)
        for lineno, line in enumerate(text.splitlines(), 1):
            if "qt6-check: allow" in line:
                continue
            for pattern, message in TEXT_PATTERNS:
                if pattern.search(line):
                    problems.append(f"{rel}:{lineno}: {message}")
        try:
            tree = ast.parse(text, filename=str(rel))
        except SyntaxError as exc:
            problems.append(f"{rel}:{exc.lineno}: syntax error: {exc.msg}")
            continue
        lines = text.splitlines()
        for lineno, message in unscoped_enums(tree, imported_classes(tree)):
            if "qt6-check: allow" not in lines[lineno - 1]:
                problems.append(f"{rel}:{lineno}: unscoped enum {message}")
    for problem in problems:
        print(problem)
    if problems:
        print(f"qt6-check: {len(problems)} problem(s)")
        return 1
    print("qt6-check: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
