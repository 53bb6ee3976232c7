"""File paths the way the libraries under QGIS read them.

QGIS 3.22 opens a GeoPackage layer for reading with GDAL's ``NOLOCK`` option, which GDAL (3.4.2 to at least 3.6)
passes to SQLite as a URI, ``file:<path>?nolock=1``, escaping ``?`` and ``#`` but not ``%``: SQLite then reads
``%`` and two hexadecimal digits as an escaped byte, ``.../North%20Korea/x.gpkg`` as ``.../North Korea/x.gpkg``,
and finds no such file ("unable to open database file"). Every other character (spaces, Hangul, ``#``, ``&``,
``;``, ``,``, ``[``, quotes, ``|``, ``?``, a lone ``%``) is read as it is, and GDAL itself (the importers, the
command line) opens such a GeoPackage; only QGIS cannot. Names of downloaded files and folders often hold such
escapes ('North%20Korea%203G.gpkg').
"""

from __future__ import annotations

import os
import re

from .messages import Msg, num, tr

_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def sqlite_uri_escape(path) -> str | None:
    """The first ``%`` and two hexadecimal digits of ``path`` made absolute ('%20'), which SQLite reads as an
    escaped byte in a URI; None when there is none."""
    found = _ESCAPE.search(os.path.abspath(os.fspath(path)))
    return found.group(0) if found else None


def qgis_geopackage_problem(path) -> Msg | None:
    """Why QGIS cannot open the GeoPackage ``path`` (its path holds an escape SQLite decodes, see the module), or
    None. Only for a ``.gpkg`` file, the files QGIS opens so."""
    if os.path.splitext(os.fspath(path))[1].lower() != ".gpkg":
        return None
    escape = sqlite_uri_escape(path)
    if escape is None:
        return None
    return tr("QGIS cannot open the GeoPackage {path}: GDAL reads '{escape}' in its path as an escaped character "
              "(as '%20' is a space in a web address) and looks for another file. Rename the folder or file without "
              "that '%', or choose another folder.", path=os.fspath(path), escape=escape)


#: Longest path (bytes of UTF-8) of a SQLite database, so of a GeoPackage, on Linux and macOS: SQLite's Unix file
#: system layer holds a path in 512 bytes, which must leave room for its journal's name ('-journal'): 504 bytes were
#: read and written, 505 not ("unable to open database file"). QGIS opens GeoPackages with the same SQLite.
SQLITE_PATH_BYTES = 504
#: Longest path of a shapefile: GDAL builds the names of its .dbf, .shx, .prj... in buffers of 2048 bytes
#: ("Destination buffer too small", no .dbf written).
GDAL_PATH_BYTES = 2047
#: Files GDAL opens through SQLite (GeoPackage, SpatiaLite).
SQLITE_EXTENSIONS = (".gpkg", ".sqlite", ".db")


def _path_limit(path) -> tuple[str, str, int] | None:
    """(format, library, longest path in bytes) of the file ``path`` by its extension; None without a limit below
    the system's own."""
    ext = os.path.splitext(os.fspath(path))[1].lower()
    if ext in SQLITE_EXTENSIONS and os.name == "posix":  # (Windows: another layer, and MAX_PATH first)
        return ("GeoPackage" if ext == ".gpkg" else "SQLite", "SQLite", SQLITE_PATH_BYTES)
    if ext == ".shp":
        return "Shapefile", "GDAL", GDAL_PATH_BYTES
    return None


def path_length_problem(path, also=()) -> Msg | None:
    """Why a file of ``path``'s format cannot be written or read at ``path`` because the path is too long for the
    library that writes it (see :data:`SQLITE_PATH_BYTES`, :data:`GDAL_PATH_BYTES`); None when it is not. ``also``:
    other paths written on the way, the temporary file next to it, whose name may be longer."""
    limit = _path_limit(path)
    if limit is None:
        return None
    kind, library, most = limit

    def size(p) -> int:
        return len(os.fsencode(os.path.abspath(os.fspath(p))))

    own = size(path)
    most -= max([0, *(size(p) - own for p in also)])  # the longest path ``path`` may have for them all to fit
    if own <= most:
        return None
    return tr("{path} is too long for a {format}: {library} reads and writes such files at paths of at most "
              "{limit} bytes, and this one takes {length}. Use a shorter folder or file name.", path=os.fspath(path),
              format=kind, library=library, limit=num(most, ","), length=num(own, ","))
