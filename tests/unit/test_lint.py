"""`make lint`: ruff and the Qt6 check both pass on the tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (make setup installs it)")
    result = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_qt6_check_clean():
    result = subprocess.run([sys.executable, str(ROOT / ".ci" / "qt6_check.py")], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_qt6_check_catches_problems(tmp_path):
    """The checker really flags what Qt6 rejects (run on a scratch git repository)."""
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "qt6_check.py", repo / ".ci" / "qt6_check.py")
    (repo / "bad.py").write_text(
        "from PyQt5.QtWidgets import QDialog\n"
        "from qgis.PyQt.QtCore import Qt\n"
        "from qgis.core import Qgis\n"
        "a = Qt.AlignLeft\n"
        "b = Qt.AlignmentFlag.AlignLeft\n"
        "c = Qgis.Warning\n"
        "QDialog().exec_()\n"  # qt6-check: allow (the test's own sample of a bad line)
        "import resources_rc\n",  # qt6-check: allow
        encoding="utf-8",
    )
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    result = subprocess.run([sys.executable, ".ci/qt6_check.py"], cwd=repo, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    out = result.stdout
    assert "bad.py:1:" in out
    assert "Qt.AlignLeft -> Qt.AlignmentFlag.AlignLeft" in out
    assert "Qgis.Warning -> Qgis.MessageLevel.Warning" in out
    assert "bad.py:5:" not in out
    assert "bad.py:7:" in out
    assert "bad.py:8:" in out
