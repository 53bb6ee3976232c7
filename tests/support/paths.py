"""Folder names as analysts give them, for the tests of paths (Hangul, spaces, '#', '&', quotes, '|', '%20')."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: A folder as a Korean analyst may name it, with a '|' (which also separates a QGIS source's parts).
FOLDER = "분석가/North Korea 3G (2024)/자료#1 & ; , [x] 'q' a|b"
#: A folder named as a download keeps it, '%20' for each space.
ESCAPED = "North%20Korea%203G"
#: Such names are of Linux and macOS ('|' is no file name character on Windows, nor is SQLite's limit the same).
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="a '|' in a file name, and SQLite's limit, of Linux/macOS")


def analyst_folder(tmp_path: Path) -> Path:
    """:data:`FOLDER` made under ``tmp_path``."""
    path = tmp_path / FOLDER
    path.mkdir(parents=True)
    return path
