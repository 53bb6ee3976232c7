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


def path_of_bytes(base: Path, size: int, name: str) -> Path:
    """``base/<folders>/name`` exactly ``size`` bytes long (UTF-8), its folders made (a path at a length limit of
    SQLite or GDAL)."""
    base = Path(os.path.abspath(base))
    room = size - len(os.fsencode(str(base))) - len(os.fsencode(name)) - 1
    count = -(-room // 201)  # folders of at most 200 bytes, each after a '/'
    letters = room - count
    assert count and letters >= count
    folder = base.joinpath(*("d" * (letters // count + (i < letters % count)) for i in range(count)))
    folder.mkdir(parents=True)
    path = folder / name
    assert len(os.fsencode(str(path))) == size
    return path
