"""Reading station files into station tables (``core.stations`` schema).

Formats: CSV (delimiter, encoding and coordinate columns detected; lon/lat or x/y + CRS),
OpenCelliD cell exports (cells aggregated into sites), KML/KMZ (folders give the operator),
GeoJSON / GeoPackage / Shapefile (through OGR) and OpenStreetMap ``.osm`` / ``.osm.pbf``.

Every importer returns an :class:`ImportResult`: the station table of the good rows plus the
list of :class:`Problem` (line, field, reason) found in the others. Whether a file with
problems is refused or its bad rows are skipped is the caller's choice
(:meth:`ImportResult.require_clean`); a file that cannot be read at all raises
:class:`ImportFailed`. The dock, the import task and the Processing algorithms all call
:func:`import_file`.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import itertools
import json
import math
import os
import posixpath
import re
import uuid
import zipfile
import zlib
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import NamedTuple
from xml.parsers import expat

import numpy as np
import pandas as pd

from . import radio
from . import stations as st
from .gdal_util import with_gdal_exceptions
from .merge import leader_clusters, merge_stations
from .messages import Msg, joined, num, tr
from .paths import path_length_problem

#: OpenCelliD column names (the files of the per-country downloads have no header line).
OCID_COLUMNS = ("radio", "mcc", "net", "area", "cell", "unit", "lon", "lat", "range", "samples", "changeable",
                "created", "updated", "averageSignal")
OCID_RADIOS = {"GSM": "2G", "CDMA": "2G", "UMTS": "3G", "LTE": "4G", "NBIOT": "4G", "LTEM": "4G", "NR": "5G"}
#: Radios whose cell id is an E-UTRAN cell identity: eNodeB id * 256 + sector.
_OCID_ENB_RADIOS = ("LTE", "NBIOT", "LTEM")
#: Radio names of other cell lists (written without blanks, dashes, underscores) read as an OpenCelliD radio.
_OCID_RADIO_NAMES = {"WCDMA": "UMTS", "2G": "GSM", "3G": "UMTS", "4G": "LTE", "5G": "NR", "5GNR": "NR",
                     "CATM1": "LTEM", "CATM": "LTEM", "EMTC": "LTEM"}
#: Cells of one operator and technology closer than this are taken as one site (m).
OCID_SITE_DISTANCE_M = 250.0
_OCID_ALIASES = {"mnc": "net", "lac": "area", "tac": "area", "cellid": "cell", "cell_id": "cell", "cid": "cell",
                 "ci": "cell", "lng": "lon", "long": "lon", "longitude": "lon", "latitude": "lat",
                 # OpenCelliD measurements (where phones measured a cell): access technology, time measured
                 "act": "radio", "measured_at": "measured"}
CSV_DELIMITERS = (",", ";", "\t", "|")
#: Root elements of a KML file (some writers leave out the <kml> wrapper).
KML_ROOTS = ("kml", "Document", "Folder")
#: KMZ archives are refused above this uncompressed size (zip bombs).
KMZ_MAX_BYTES = 512 * 1024 * 1024
#: How much of a text file is read to detect its encoding, delimiter and columns.
HEAD_BYTES = 1 << 20
#: OpenCelliD files are read this many lines at a time (a country file has millions).
OCID_CHUNK_LINES = 200_000
VECTOR_EXTENSIONS = (".geojson", ".json", ".gpkg", ".shp", ".fgb", ".gml", ".sqlite", ".gpx")
#: Station files looked for in a ``.zip`` archive (a ``.txt`` only when the archive holds none of these).
ZIP_MEMBER_EXTENSIONS = (".csv", ".tsv", ".kml", ".osm", ".pbf", ".xlsx", ".ods", *VECTOR_EXTENSIONS)
#: File dialog filter of the files :func:`import_file` reads (the dock's dialog and Processing's INPUT).
FILE_FILTER = ("Station files (*.csv *.tsv *.txt *.csv.gz *.csv.bz2 *.kml *.kmz *.zip *.geojson *.json *.gpkg *.shp "
               "*.gpx *.osm *.osm.bz2 *.pbf *.xml *.xlsx *.ods);;All files (*)")

_LON_NAMES = ("lon", "lng", "long", "longitude", "lon_deg", "longitude_deg", "經度", "경도", "x_wgs84")
_LAT_NAMES = ("lat", "latitude", "lat_deg", "latitude_deg", "緯度", "위도", "y_wgs84")
_X_NAMES = ("x", "xcoord", "x_coord", "easting", "east", "point_x", "x좌표", "x_좌표", "tm_x", "utm_x", "utmk_x",
            "x_utm", "x_tm")
_Y_NAMES = ("y", "ycoord", "y_coord", "northing", "north", "point_y", "y좌표", "y_좌표", "tm_y", "utm_y", "utmk_y",
            "y_utm", "y_tm")
#: Column-name aliases of schema fields (case-insensitive).
FIELD_ALIASES = {
    "station_id": ("station_id", "uuid", "guid"),
    "name": ("name", "label", "site", "site_name", "title", "이름", "명칭", "기지국명", "국소명", "시설명"),
    "technology": ("technology", "tech", "radio", "rat", "generation", "기술", "방식", "통신방식", "gen", "세대",
                   "세대구분"),
    "operator": ("operator", "network", "carrier", "mno", "provider", "통신사", "사업자", "이동통신사", "운영자"),
    "status": ("status", "상태"),
    "confidence": ("confidence", "score", "probability"),
    "source": ("source",),
    "image_date": ("image_date", "date", "acquired", "acquisition_date", "촬영일", "날짜"),
    "first_seen": ("first_seen",),
    "last_seen": ("last_seen",),
    "antenna_height_m": ("antenna_height_m", "antenna_height", "antenna_he", "height_m", "height", "안테나_높이_m",
                         "안테나높이_m", "안테나_높이", "안테나높이", "높이_m", "높이"),
    "azimuths": ("azimuths", "azimuth", "sectors", "bearing", "방위각"),
    "radius_m": ("radius_m", "radius", "range_m", "반경_m", "반경"),
    "notes": ("notes", "note", "description", "comment", "comments", "비고", "설명", "메모"),
    "origin": ("origin",),
    "detector": ("detector",),
    "created_at": ("created_at",),
    "updated_at": ("updated_at",),
    "reviewed_at": ("reviewed_at", "reviewed_a"),  # 'reviewed_a', 'antenna_he': cut to 10 letters in a Shapefile
    "reviewer": ("reviewer",),
}
_DATE_FIELDS = tuple(f.name for f in st.FIELDS if f.kind == "date")
_NUMERIC_FIELDS = tuple(f.name for f in st.FIELDS if f.kind in ("float", "int"))
_HEMISPHERES = {"N": ("lat", 1.0), "S": ("lat", -1.0), "E": ("lon", 1.0), "W": ("lon", -1.0)}
_DMS_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
#: What may stand between (and after) the numbers of a DMS angle: degree, minute, second marks, colons, blanks.
_DMS_SEP = re.compile("[\\s°º˚:'′’\"″”]*")
#: Names (lower case, without blanks, ``_ - , /``) of a column holding both coordinates.
_COORDINATE_COLUMN_NAMES = {"coordinates", "coordinate", "coords", "coord", "location", "position", "point",
                            "geometry", "geom", "thegeom", "wkt", "wkb", "wkbgeometry", "geojson",
                            "latlon", "latlng", "latlong", "lonlat", "lnglat",
                            "longlat", "좌표", "위치"}
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_COORDINATE_PAIR = re.compile(rf"^\s*\(?\s*({_NUMBER})\s*[,;/ ]\s*({_NUMBER})\s*\)?\s*$")
#: A pair in a column not named for coordinates: a comma and decimals in both numbers.
_DECIMAL_PAIR = re.compile(r"^\s*\(?\s*[-+]?\d+\.\d+\s*,\s*[-+]?\d+\.\d+\s*\)?\s*$")
_WKT_POINT = re.compile(r"^\s*(?:SRID=\d+;)?\s*POINT\s*(?:ZM|Z|M)?\s*\(\s*([-+]?[0-9.eE+-]+)\s+([-+]?[0-9.eE+-]+)"
                        r"(?:\s+[-+]?[0-9.eE+-]+){0,2}\s*\)\s*$", re.IGNORECASE)


class Problem(NamedTuple):
    """One bad row: ``line`` (1-based line of a text file, feature id otherwise; 0 = whole file)."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return str(self.message())

    def message(self) -> Msg:
        """The problem as a message ('line 3, lat: ...'), translatable (:mod:`.messages`)."""
        if self.line > 0:
            if self.field:
                return tr("line {line}, {field}: {reason}", line=self.line, field=self.field, reason=self.reason)
            return tr("line {line}: {reason}", line=self.line, reason=self.reason)
        if self.field:
            return tr("file, {field}: {reason}", field=self.field, reason=self.reason)
        return tr("file: {reason}", reason=self.reason)

    def after_file_name(self):
        """The problem as it follows the file's name ('stations.gpkg: has no layer...'): one of the whole file is
        its reason alone (not 'file: ...' after the file's name), one of a row or field its :meth:`message`."""
        return self.reason if self.line <= 0 and not self.field else self.message()


class ImportFailed(ValueError):
    """The file cannot be imported; ``problems`` says where and why."""

    def __init__(self, path, problems, note: str = ""):
        self.path = str(path)
        self.problems = list(problems)
        name = os.path.basename(self.path)
        parts = [name, ": ", joined("; ", [p.after_file_name() for p in self.problems[:10]])]
        if len(self.problems) > 10:
            parts.append(tr(" (and {n} more)", " (and {n} more)", len(self.problems) - 10))
        if note:
            parts += [" ", note]
        super().__init__(joined("", parts))


@dataclass
class ImportResult:
    """Stations read from a file, and the problems of the rows left out."""

    stations: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    kind: str = ""
    path: str = ""
    rows_read: int = 0
    details: dict = field(default_factory=dict)

    def require_clean(self, skip_bad: bool = False) -> ImportResult:
        """Raise :class:`ImportFailed` when rows were bad, unless ``skip_bad`` (then return self)."""
        if self.problems and not skip_bad:
            raise ImportFailed(self.path, self.problems,
                               tr("Nothing was imported: fix these rows, or choose to skip them."))
        return self


def _fail(path, reason: str, field_name: str = "", line: int = 0):
    raise ImportFailed(path, [Problem(line, field_name, reason)])


# --------------------------------------------------------------------------------------------
# text decoding and CSV layout
# --------------------------------------------------------------------------------------------
def decode_text(path, data: bytes, encoding: str | None = None) -> tuple[str, str, list[Problem]]:
    """Decode ``data``; return ``(text, encoding, problems)``, see :func:`_decode_text`. Lines ended by a
    carriage return alone (Excel for Mac's 'CSV (Macintosh)', classic Mac OS text) are given as lines."""
    text, used, problems = _decode_text(path, data, encoding)
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")
    return text, used, problems


def _decode_text(path, data: bytes, encoding: str | None = None) -> tuple[str, str, list[Problem]]:
    """Decode ``data``; return ``(text, encoding, problems)``.

    Without ``encoding``: a BOM decides; else UTF-16 without a mark (every other byte zero);
    else UTF-8; else Korean CP949 / EUC-KR when every non-ASCII character reads as one; a
    file that is UTF-8 except for some lines mixes encodings and those lines are reported
    (and blanked); a file with no valid UTF-8 multi-byte text at all is read as Windows-1252.
    """
    if encoding:
        try:
            if codecs.lookup(encoding).name == "euc_kr":
                # Korean Windows text, said to be EUC-KR (as QGIS's and the dialog's lists name it), is CP949: EUC-KR
                # and the syllables beyond it ('똠', '햏', '샾'), which EUC-KR refuses
                encoding = "cp949"
            return data.decode(encoding), encoding, []
        except LookupError:
            _fail(path, tr("unknown text encoding {encoding}", encoding=repr(encoding)))
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            _fail(path, tr("the text is not valid {encoding} (byte {byte}); choose its encoding", encoding=encoding,
                           byte=exc.start), line=line)
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError:
            _fail(path, tr("the file starts with a UTF-16 mark but is not valid UTF-16"))
    utf16 = _utf16_without_mark(data)
    if utf16:
        try:
            return data.decode(utf16), utf16, []
        except UnicodeDecodeError:
            _fail(path, tr("the file looks like {encoding} text (every other byte is zero) but is not valid "
                           "{encoding}; choose its encoding", encoding=utf16.upper()))
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if _is_korean_legacy(data):
        return data.decode("cp949"), "cp949", []
    lines = data.split(b"\n")
    bad, good_multibyte = [], False
    for i, raw in enumerate(lines, start=1):
        try:
            text = raw.decode("utf-8")
            good_multibyte = good_multibyte or any(ord(c) > 127 for c in text)
        except UnicodeDecodeError:
            bad.append(i)
    if not good_multibyte:
        return data.decode("cp1252", errors="replace"), "cp1252", []
    problems = [Problem(i, "", tr("text is not UTF-8 while the rest of the file is: the file mixes encodings; "
                                  "re-save it as UTF-8")) for i in bad]
    text = "\n".join("" if i in set(bad) else raw.decode("utf-8") for i, raw in enumerate(lines, start=1))
    return text, "utf-8", problems


def _utf16_without_mark(data: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` when the text has no byte-order mark but every other byte is zero."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 4:
        return None
    even, odd = sample[0:2 * half:2].count(0), sample[1:2 * half:2].count(0)
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def _is_korean_legacy(data: bytes) -> bool:
    """Whether non-UTF-8 bytes are Korean text in EUC-KR / CP949 (Korean Excel's "CSV" export).

    Korean syllables take two bytes both at or above 0xA1; Western accented letters in
    Windows-1252 are single high bytes next to ASCII, which CP949 either refuses or pairs
    with an ASCII trail byte.
    """
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return False
    wide = {c for c in text if ord(c) > 127}
    if not wide:
        return False
    paired = sum(1 for c in wide if c.encode("cp949")[-1] >= 0xA1)
    return paired >= 0.9 * len(wide)


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text among ``, ; TAB |`` (the one splitting the first lines evenly)."""
    sample_lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if not sample_lines:
        return ","
    try:
        dialect = csv.Sniffer().sniff("\n".join(sample_lines[:20]), delimiters="".join(CSV_DELIMITERS))
        if dialect.delimiter == "," and _decimal_commas_only(sample_lines):
            return ";"
        return dialect.delimiter
    except csv.Error:
        pass
    best, best_score = ",", -1.0
    for delim in CSV_DELIMITERS:
        counts = [len(next(csv.reader([ln], delimiter=delim))) for ln in sample_lines]
        if counts[0] < 2:
            continue
        score = counts[0] * sum(1 for c in counts if c == counts[0]) / len(counts)
        if score > best_score:
            best, best_score = delim, score
    return best


_NOT_DECIMAL_COMMA = re.compile(r"(?<!\d),|,(?!\d)")


def _decimal_commas_only(lines: list[str]) -> bool:
    """Whether every line is split by ``;`` and every comma stands between digits: a semicolon file of
    decimal commas (a headerless file re-saved by a European spreadsheet), not a comma-delimited one."""
    return all(";" in ln and not _NOT_DECIMAL_COMMA.search(ln) and '"' not in ln for ln in lines)


@dataclass
class CsvLayout:
    """How a CSV file is laid out: what the import dialog previews and lets the user change."""

    encoding: str
    delimiter: str
    columns: list[str]
    has_header: bool
    kind: str  # "csv" | "opencellid" | "sheet" (a table without geometry: a workbook's sheet)
    mapping: dict[str, str]  # role (lon, lat, x, y or a schema field) -> column
    preview: list[list[str]]
    problems: list[Problem]


def _norm(name: str) -> str:
    """A column name compared with the aliases: lower case, blanks and dashes as ``_``, a unit of metres in
    brackets as ``_m`` (``Antenna height (m)`` -> ``antenna_height_m``, ``높이[m]`` -> ``높이_m``)."""
    name = re.sub(r"[\s\-]+", "_", str(name).strip().lower())
    return re.sub(r"_?[(\[]m[)\]]$", "_m", name)


def guess_mapping(columns: list[str]) -> dict[str, str]:
    """Map roles to columns by name: ``lon``/``lat`` (degrees) or ``x``/``y``, and schema fields."""
    by_norm = {}
    for col in columns:
        by_norm.setdefault(_norm(col), col)
    mapping: dict[str, str] = {}
    for role, names in (("lon", _LON_NAMES), ("lat", _LAT_NAMES), ("x", _X_NAMES), ("y", _Y_NAMES)):
        for name in names:
            if name in by_norm:
                mapping[role] = by_norm[name]
                break
    if "lon" not in mapping and "lat" not in mapping:
        mapping.update(_lon_lat_by_words(columns))
    elif ("lon" in mapping) != ("lat" in mapping):  # 'Latitude' and 'Longitude (WGS84)': the other one by words
        found = _lon_lat_by_words([c for c in columns if c not in mapping.values()], one_role=True)
        role = "lat" if "lon" in mapping else "lon"
        if role in found:
            mapping[role] = found[role]
    used = set(mapping.values())
    for fname, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            col = by_norm.get(alias)
            if col is not None and col not in used:
                mapping[fname] = col
                used.add(col)
                break
    return mapping


#: Fields kept (``keep_fields``) even from a column a role reads: a site list's ``site`` column is both its
#: stations' names and their site ids, as the coverage statistics read a layer.
KEPT_WITH_ROLE = frozenset({"site_id"})


_POSITION_ROLES = ("lon", "lat", "x", "y")


def _chosen_roles(path, guessed: dict[str, str], chosen: dict | None, where: str = "") -> dict[str, str]:
    """The columns read per role: those ``guessed`` by name, the ``chosen`` ones winning. A role chosen as ``""``
    (or None) reads no column, not even the one guessed: 'this column is not the height'. A role not given keeps
    its guess. A position chosen by halves (a column for lon but none for lat, and no x/y pair) is refused."""
    chosen = chosen or {}
    roles = {k: v for k, v in guessed.items() if k not in chosen}
    roles.update({k: v for k, v in chosen.items() if v})
    if any(k in chosen for k in _POSITION_ROLES) and not ({"lon", "lat"} <= set(roles) or {"x", "y"} <= set(roles)):
        for role, other in (("lon", "lat"), ("lat", "lon"), ("x", "y"), ("y", "x")):
            if role in roles and other not in roles:
                _fail(path, tr("{where}the column {column} is chosen for {role} but none for {other}: the position "
                               "needs both (lon and lat, or x and y)", where=where, column=repr(roles[role]),
                               role=role, other=other), field_name=roles[role], line=1)
    return roles


def _no_position_chosen(chosen: dict | None, roles: dict) -> bool:
    """Whether every position role was chosen as no column (none left guessed)."""
    return bool(chosen) and all(k in chosen and not chosen[k] for k in _POSITION_ROLES) and \
        not any(k in roles for k in _POSITION_ROLES)


def _kept_columns(columns, roles: dict, keep: dict | None) -> dict[str, str]:
    """``{name: column}`` of the fields asked to be kept as they are (``keep``: name -> its other names, such as
    :data:`.radio.RADIO_FIELD_ALIASES`), matched by name or alias as the schema's fields are, among the columns
    no role reads (any column for :data:`KEPT_WITH_ROLE`)."""
    if not keep:
        return {}
    by_norm: dict[str, str] = {}
    for col in columns:
        by_norm.setdefault(_norm(col), col)
    taken = set(roles.values())
    out: dict[str, str] = {}
    for name, aliases in keep.items():
        for alias in (name, *aliases):
            col = by_norm.get(_norm(alias))
            if col is not None and (col not in taken or name in KEPT_WITH_ROLE):
                out[name] = col
                taken.add(col)
                break
    return out


_LON_WORDS = {"lon", "lng", "long", "longitude", "longitud", "longitudine", "laenge", "länge"}
_LAT_WORDS = {"lat", "latitude", "latitud", "latitudine", "breite"}


def _lon_lat_by_words(columns: list[str], one_role: bool = False) -> dict[str, str]:
    """``lon``/``lat`` columns named with more words: ``decimalLatitude`` (Darwin Core), ``Latitude (deg)``,
    ``lat_dd``, ``geo_lat``, ``LAT_WGS84``, ``y_lat``; only when exactly one column reads as each (with
    ``one_role``, each role that exactly one column reads as, the other named exactly)."""
    found: dict[str, list[str]] = {"lon": [], "lat": []}
    for col in columns:
        words = {w.lower() for w in re.findall(r"[A-Z]?[a-z\u00e4]+|[A-Z]+(?![a-z])|\d+", str(col))}
        is_lon, is_lat = bool(words & _LON_WORDS), bool(words & _LAT_WORDS)
        if is_lon != is_lat:
            found["lon" if is_lon else "lat"].append(col)
    if one_role:
        return {role: cols[0] for role, cols in found.items() if len(cols) == 1}
    if len(found["lon"]) == 1 and len(found["lat"]) == 1:
        return {"lon": found["lon"][0], "lat": found["lat"][0]}
    return {}


def _is_opencellid(columns: list[str]) -> bool:
    names = {_OCID_ALIASES.get(_norm(c), _norm(c)) for c in columns}
    return {"radio", "mcc", "net", "cell", "lon", "lat"} <= names


def _read_bytes(path) -> bytes:
    """The whole (gunzipped) file."""
    with _open_binary(path) as handle:
        try:
            return handle.read()
        except (OSError, EOFError) as exc:
            _fail(path, _bad_compressed_file(path, exc))


def _read_head(path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of a (gunzipped) file, cut after its last whole line."""
    with _open_binary(path) as handle:
        try:
            data = handle.read(size + 1)
        except (OSError, EOFError) as exc:
            _fail(path, _bad_compressed_file(path, exc))
    if len(data) <= size:
        return data
    cut = data.rfind(b"\n", 0, size) + 1
    if 0 < cut < len(data) and data[cut:cut + 1] == b"\x00" and _utf16_without_mark(data) != "utf-16-be":
        cut += 1  # UTF-16-LE: the zero byte belongs to the line break
    return data[:cut] if cut > 0 else data[:size]


def _compression(path) -> str:
    """``gzip`` or ``bzip2`` (Geofabrik's ``.osm.bz2``) from the file name, else from the file's first bytes
    (a download kept compressed under the name without ``.gz``, as some browsers save ``cell_towers.csv.gz``);
    ``""`` for a plain file."""
    name = str(path).lower()
    if name.endswith(".gz"):
        return "gzip"
    if name.endswith(".bz2"):
        return "bzip2"
    try:
        with open(path, "rb") as handle:
            magic = handle.read(4)
    except OSError:
        return ""
    if magic[:2] == b"\x1f\x8b":
        return "gzip"
    return "bzip2" if magic[:3] == b"BZh" and magic[3:4].isdigit() else ""


def _web_page_title(text: str) -> str | None:
    """The title of an HTML page (``""`` without one), None for text that is no web page."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if not re.match(r"<(?:!doctype\s+html|html|head|body)\b", head, re.IGNORECASE):
        return None
    title = re.search(r"<title[^>]*>(.*?)</title>", head, re.IGNORECASE | re.DOTALL)
    return " ".join(title.group(1).split())[:80] if title else ""


def _bad_compressed_file(path, exc) -> str:
    """Why a ``.gz`` / ``.bz2`` file cannot be read: a download that failed saved the server's answer
    (a web page, 'RATE_LIMITED', a JSON error) under the file's name; else the decompressor's reason."""
    kind = _compression(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
        text = head.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    if text.strip() and "\x00" not in text and not head.startswith((b"\x1f\x8b", b"BZh")):
        title = _web_page_title(text)
        answer = tr("a web page ({title})", title=repr(title)) if title else tr("a web page") \
            if title is not None else tr("the text {text}", text=repr(" ".join(text.split())[:120]))
        return tr("is not a {kind} file but {answer}: the download failed (an invalid key or a limit reached?); "
                  "download it again", kind=kind, answer=answer)
    return tr("is not a valid {kind} file ({error})", kind=kind, error=str(exc))


def _open_binary(path):
    """The file opened for reading bytes, through gzip for ``.gz`` and bzip2 for ``.bz2``."""
    try:
        if _compression(path) == "gzip":
            import gzip

            return gzip.open(path, "rb")
        if _compression(path) == "bzip2":
            import bz2

            return bz2.open(path, "rb")
        return open(path, "rb")
    except FileNotFoundError:
        _fail(path, tr("file not found"))
    except IsADirectoryError:
        _fail(path, tr("is a folder, not a file"))
    except OSError as exc:
        _fail(path, tr("cannot be read ({error})", error=str(exc.strerror or exc)))


def csv_layout(path, encoding: str | None = None, delimiter: str | None = None, preview_rows: int = 20
               ) -> CsvLayout:
    """Detect encoding, delimiter, header and column roles of a CSV file from its first lines (for the preview)."""
    text, enc, problems = decode_text(path, _read_head(path), encoding)
    text, sep = _without_preamble(text)
    return _layout_from_text(path, text, enc, problems, delimiter or sep, preview_rows)


#: Excel's delimiter hint, a first line ``sep=;`` (written by some exporters so that Excel splits the columns).
_SEP_LINE = re.compile(r'^\ufeff?[ \t]*"?sep=(.)"?[ \t]*$', re.IGNORECASE)


def _preamble(lines) -> tuple[list[int], str | None]:
    """Positions of the lines before a CSV header that are not data: blank lines, ``# comment``
    lines and Excel's ``sep=X`` line; and ``X`` (None without such a line).

    A line starting with ``#`` and a delimiter (``#,name,lon,lat``) is a header with a column
    named ``#``, not a comment.
    """
    drop: list[int] = []
    sep = None
    lines = iter(lines)
    for i, line in enumerate(lines):
        text = line.rstrip("\r\n").lstrip("\ufeff \t")
        if not text:
            continue
        match = _SEP_LINE.match(line.rstrip("\r\n"))
        if match is not None and sep is None:
            sep = "\t" if match.group(1) == "\t" else match.group(1)
        elif not (text.startswith("#") and text[1:2] not in CSV_DELIMITERS):
            drop.extend(_title_lines(i, text, lines))
            break
        drop.append(i)
    return drop, sep


#: How many lines after a title line (a spreadsheet's title cell above its table) the header is looked for in.
_TITLE_LINES = 10


def _filled_cells(line: str) -> list[str]:
    """The cells of a line that are not empty, split by the delimiter that gives the most."""
    best: list[str] = []
    for delim in CSV_DELIMITERS:
        try:
            cells = [c.strip() for c in next(csv.reader([line], delimiter=delim)) if c.strip()]
        except (csv.Error, StopIteration):
            continue
        best = cells if len(cells) > len(best) else best
    return best


def _title_lines(first: int, text: str, lines) -> list[int]:
    """Positions of the title lines of a spreadsheet saved as CSV ('기지국 현황 (2024년 5월 기준),,,', a date line,
    blank lines), from ``first`` (whose ``text`` is one cell at most) to the header after them: a line of cells
    naming the position's columns (lon and lat, x and y, or one of both) within :data:`_TITLE_LINES` lines. None
    when there is no such header (a table of one column)."""
    if len(_filled_cells(text)) > 1:
        return []
    titles = [first]
    for k, line in enumerate(itertools.islice(lines, _TITLE_LINES), start=first + 1):
        cells = _filled_cells(line)
        if len(cells) <= 1:
            titles.append(k)
            continue
        roles = set(guess_mapping(cells))
        if {"lon", "lat"} <= roles or {"x", "y"} <= roles or any(
                re.sub(r"[\s_\-,/]", "", c.lower()) in _COORDINATE_COLUMN_NAMES for c in cells):
            return titles
        return []
    return []


def _without_preamble(text: str) -> tuple[str, str | None]:
    """``text`` with the ``# comment`` lines and Excel ``sep=X`` line before its header blanked (line
    numbers kept), and ``X`` (None without one)."""
    lines: list[str] = []

    def read_lines():  # lazily: the preamble is a few lines of a text that may be large
        pos = 0
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end + 1
            lines.append(text[pos:end])
            yield lines[-1]
            pos = end

    drop, sep = _preamble(read_lines())
    if not drop:
        return text, sep
    head = lines[:drop[-1] + 1]
    kept = "".join(line[len(line.rstrip("\r\n")):] if i in drop else line for i, line in enumerate(head))
    return kept + text[sum(len(line) for line in head):], sep


def _layout_from_text(path, text, enc, problems, delimiter, preview_rows) -> CsvLayout:
    if not text.strip():
        _fail(path, tr("the file is empty"))
    title = _web_page_title(text)
    if title is not None:
        _fail(path, tr("is a web page{title}, not a CSV file: the download failed or saved the page instead of the "
                       "file; download it again", title=f" ({title!r})" if title else ""), line=1)
    delim = delimiter or sniff_delimiter(text)
    preview = _first_rows(path, text, delim, preview_rows + 1)
    if not preview:
        _fail(path, tr("the file is empty"))
    first = [c.strip().lstrip("\ufeff") for c in preview[0]]
    # headerless OpenCelliD export: starts with a radio type and has the OpenCelliD column count
    if ocid_radio(first[0]) is not None and 9 <= len(first) <= len(OCID_COLUMNS):
        columns, has_header, kind = list(OCID_COLUMNS[:len(first)]), False, "opencellid"
    else:
        columns, has_header = first, True
        kind = "opencellid" if _is_opencellid(columns) else "csv"
    if len(columns) < 2:
        others = [d for d in CSV_DELIMITERS if d != delim and d in columns[0]]
        hint = tr("; the file seems to use {delimiter}", delimiter=repr(others[0])) if others else ""
        _fail(path, tr("only one column found with the delimiter {delimiter}{hint}", delimiter=repr(delim),
                       hint=hint), line=1)
    columns = _unique_columns(columns)
    if has_header:
        preview = preview[1:]
    return CsvLayout(enc, delim, columns, has_header, kind, guess_mapping(columns), preview[:preview_rows], problems)


def _first_rows(path, text: str, delim: str, limit: int) -> list[list[str]]:
    """The first ``limit`` non-blank rows of a CSV text."""
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if row and any(c.strip() for c in row):
                rows.append(row)
            if len(rows) >= limit:
                break
    except csv.Error as exc:
        _fail(path, tr("not a readable CSV file ({error})", error=str(exc)), line=reader.line_num)
    return rows


def _unique_columns(columns: list[str]) -> list[str]:
    """Header names made unique: a repeated name gets ``_2``, ``_3``...; an empty one ``column_N``."""
    out: list[str] = []
    for i, name in enumerate(columns, start=1):
        base = name or f"column_{i}"
        candidate, k = base, 1
        while candidate in out or (candidate != name and candidate in columns):
            k += 1
            candidate = f"{base}_{k}"
        out.append(candidate)
    return out


def _read_rows(path, text: str, layout: CsvLayout, problems: list[Problem], check=None
               ) -> tuple[pd.DataFrame, np.ndarray]:
    """All data rows as a string DataFrame (columns of the layout) and their line numbers."""
    fast = _read_rows_fast(text, layout)
    if fast is not None:
        return fast
    reader = csv.reader(io.StringIO(text), delimiter=layout.delimiter)
    width = len(layout.columns)
    rows, lines = [], []
    header_seen = not layout.has_header
    start = 1  # a quoted field may hold line breaks: a row is reported on the line it starts
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not row or not any(c.strip() for c in row):
                continue
            if not header_seen:
                header_seen = True
                continue
            if len(row) != width:
                problems.append(Problem(line, "", tr("{count} values where the header has {width} (delimiter "
                                                     "{delimiter})", count=len(row), width=width,
                                                     delimiter=repr(layout.delimiter))))
                continue
            rows.append(row)
            lines.append(line)
            if check is not None and len(rows) % 20000 == 0:
                check()
    except csv.Error as exc:
        _fail(path, tr("not a readable CSV file ({error})", error=str(exc)), line=reader.line_num)
    frame = pd.DataFrame(rows, columns=layout.columns, dtype=object)
    return frame, np.asarray(lines, dtype=int)


def _read_rows_fast(text: str, layout: CsvLayout):
    """pandas' C parser for the common case: no quotes and the same number of fields on every line.

    Returns None when the file needs the careful reader (which reports bad lines).
    """
    if '"' in text or "\r" in text:
        return None
    all_lines = text.split("\n")
    counts = np.fromiter((ln.count(layout.delimiter) for ln in all_lines), dtype=np.int64, count=len(all_lines))
    delim = layout.delimiter
    blank = np.fromiter((not ln.replace(delim, "").strip() for ln in all_lines), dtype=bool, count=len(all_lines))
    if not (counts[~blank] == len(layout.columns) - 1).all():
        return None
    line_numbers = np.flatnonzero(~blank) + 1
    if layout.has_header:
        line_numbers = line_numbers[1:]
    if blank.any():
        text = "\n".join(ln for ln, b in zip(all_lines, blank) if not b)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=layout.delimiter, header=None, dtype=str, na_filter=False,
                            skiprows=1 if layout.has_header else 0, skip_blank_lines=True, engine="c",
                            skipinitialspace=False)
    except (ValueError, pd.errors.ParserError):
        return None
    if len(frame) != len(line_numbers):
        return None
    frame.columns = layout.columns
    return frame.astype(object), line_numbers


# --------------------------------------------------------------------------------------------
# table checks shared by every format
# --------------------------------------------------------------------------------------------
def _blank(series: pd.Series) -> pd.Series:
    return series.isna() | (series.astype(str).str.strip() == "")


#: An ISO 8601 date with a time (any offset, or none).
_ISO_DATE_TIME = r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}"


def _normalize_dates(df: pd.DataFrame, lines, problems: list[Problem]) -> None:
    for name in (*_DATE_FIELDS, "created_at", "updated_at", "reviewed_at"):
        if name not in df.columns:
            continue
        col = df[name]
        present = ~_blank(col)
        if not present.any():
            df[name] = None
            continue
        if name in _DATE_FIELDS:
            # a time with its date ('2021-03-04T23:30:00+09:00', '...Z'): the date as written, in the time's own
            # offset (the day the analyst saw it there), not moved to UTC nor to this computer's zone
            text = col.where(present).astype(str).str.strip()
            col = col.where(~(present & text.str.match(_ISO_DATE_TIME)), text.str[:10])
        parsed = pd.to_datetime(col.where(present), errors="coerce", utc=name.endswith("_at"))
        for pos in np.flatnonzero(present.to_numpy() & parsed.isna().to_numpy()):
            problems.append(Problem(int(lines[pos]), name, tr("not a date: {value} (use YYYY-MM-DD)",
                                                              value=repr(col.iloc[pos]))))
        fmt = "%Y-%m-%d" if name in _DATE_FIELDS else "%Y-%m-%dT%H:%M:%S+00:00"
        df[name] = [p.strftime(fmt) if present.iloc[i] and not pd.isna(p) else None
                    for i, p in enumerate(parsed)]


#: Column names (as :func:`_norm` gives them) of a column of mobile generations: its numbers are generations.
GENERATION_COLUMNS = ("generation", "gen", "세대", "세대구분", "network_generation", "mobile_generation")
#: Of those, names that as often mean something else ('gen': a backup generator's Y/N; '세대': households): such a
#: column is read as the technology only when every value is a generation or a technology.
_LOOSE_GENERATION_COLUMNS = ("gen", "세대", "세대구분")


def _generation_numbers(df: pd.DataFrame, column: str, details: dict | None) -> None:
    """Technology written as a generation number ('3', '4', 3.0 from a spreadsheet, '2.5') read as 2G-5G, in
    place: in a column named for generations (:data:`GENERATION_COLUMNS`) every such number, in another
    technology column (``technology``, ``radio``...) only when all its numbers are such (a column of Android
    network-type codes, 13 for LTE and 4 for CDMA, stays unread and reported). ``details['generation_numbers']``
    says what was read: ``{'column': name, 'values': {'3': '3G', ...}, 'rows': n}``. A column of
    :data:`_LOOSE_GENERATION_COLUMNS` holding anything else (Y/N, household counts) is not the technology: it
    is left unread (technology unknown), ``details['not_technology']`` naming it and a few of its values."""
    raw = df["technology"]
    present = ~_blank(raw)
    if not present.any():
        return
    text = raw.where(present).astype(str).str.strip()
    numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    numeric = present & numbers.notna()
    mapped = pd.Series([st.normalize_technology(f"{v:g}G") if math.isfinite(v) else "unknown" for v in numbers],
                       index=df.index)
    generation = numeric & (mapped != "unknown")
    if column and _norm(column) in _LOOSE_GENERATION_COLUMNS:
        known = generation | (raw.map(st.normalize_technology) != "unknown") | (text.str.lower() == "unknown")
        if not known[present].all():
            df["technology"] = None
            if details is not None:
                details["not_technology"] = {"column": column,
                                             "values": list(dict.fromkeys(text[present & ~known]))[:5]}
            return
    if not numeric.any():
        return
    by_name = _norm(column) in GENERATION_COLUMNS if column else False
    if not by_name and (numeric & ~generation).any():
        return  # numbers that are no generation (codes: Android's 13 for LTE, 4 for CDMA): nothing is guessed
    df.loc[generation, "technology"] = mapped[generation]
    if details is not None and generation.any():
        values = dict(sorted({str(t): m for t, m in zip(text[generation], mapped[generation])}.items()))
        details["generation_numbers"] = {"column": column or "technology", "values": values,
                                         "rows": int(generation.sum())}


#: Set while :func:`import_file` reads a file as the coverage reads a station layer (``coverage_reading``).
_COVERAGE_READING: ContextVar[bool] = ContextVar("coverage_reading", default=False)
#: Fields whose "no value" markers ('N/A', '-', 'NULL'...) the coverage reads as not given.
COVERAGE_MARKER_FIELDS = ("antenna_height_m", "azimuths", "radius_m")
#: Problems of :func:`.stations.validate_frame` (by field, their templates) the coverage reads with a warning.
_COVERAGE_READS = {"antenna_height_m": ("{value} is below {limit}", "{value} is above {limit}"),
                   "station_id": ("duplicate id {value}",)}
#: Columns :func:`import_file` with ``coverage_reading`` adds: a field's value as the file gives it
#: (``given_<field>``: the technology before it is read, the station_id before one is made up, the antenna height
#: before the default fills it) and the marker read as not given (``not_given_<field>``).
GIVEN_PREFIX, NOT_GIVEN_PREFIX = "given_", "not_given_"


def _as_coverage_reads(df: pd.DataFrame) -> None:
    """In place: the fields' values as the file gives them kept (:data:`GIVEN_PREFIX`), and the "no value"
    markers of :data:`COVERAGE_MARKER_FIELDS` set to None, each kept (:data:`NOT_GIVEN_PREFIX`)."""
    for name in COVERAGE_MARKER_FIELDS:
        if name not in df.columns:
            continue
        ks = radio.missing_markers(df[name])
        if ks:
            marker = pd.Series([None] * len(df), index=df.index, dtype=object)
            marker.iloc[ks] = [str(df[name].iloc[k]).strip() for k in ks]
            df[NOT_GIVEN_PREFIX + name] = marker
            df.loc[df.index[ks], name] = None
    for name in ("technology", "station_id", "antenna_height_m"):
        if name in df.columns:
            df[GIVEN_PREFIX + name] = df[name].where(~_blank(df[name]), None)
        elif name == "station_id":  # none given: the ids made up are no station's
            df[GIVEN_PREFIX + name] = None


#: Fields whose "no value" markers (:data:`.radio.MISSING_MARKERS`: 'NA' of R's write.csv, 'NaN', 'null', 'N/A',
#: '-') an import reads as not given, as an empty cell (the default fills them): numbers, dates, bearings, choices.
_MARKER_FIELDS = (*(f.name for f in st.FIELDS if f.kind != "str"), "technology", "status", "azimuths")


def _markers_as_not_given(df: pd.DataFrame, details: dict | None) -> None:
    """In place: the "no value" markers of :data:`_MARKER_FIELDS` set to None; ``details['not_given']`` counts them
    by field ('unknown', a technology of its own, is none)."""
    counts = {}
    for name in _MARKER_FIELDS:
        if name in df.columns:
            ks = [k for k in radio.missing_markers(df[name]) if str(df[name].iloc[k]).strip().lower() != "unknown"]
            if ks:
                df[name] = df[name].astype(object)
                df.iloc[ks, df.columns.get_loc(name)] = None
                counts[name] = len(ks)
    if counts and details is not None:
        details["not_given"] = counts


def finish_table(path, df: pd.DataFrame, lines, problems: list[Problem], *, source: str, origin: str = "imported",
                 status: str | None = None, defaults: dict | None = None, technology_column: str = "",
                 details: dict | None = None, check: Callable | None = None, azimuth_column: str = ""
                 ) -> pd.DataFrame:
    """Validate a raw table with schema columns + lon/lat, record problems, return the good rows.

    ``lines`` gives the line (or feature id) of every row, for the problem reports. ``technology_column``
    names the file's column read as the technology (generation numbers are read in a column named for them,
    see :func:`_generation_numbers`, which records what it read in ``details``); ``azimuth_column`` the one
    read as the azimuths (a 'sectors' column of sector counts is not, see :func:`_sector_counts`). ``check()``
    is called along
    (it stops the work by raising :class:`.cancel.Canceled`).
    """
    df = df.reset_index(drop=True)
    lines = np.asarray(lines, dtype=int)
    reported = {p.line for p in problems}  # lines whose coordinates were already found wrong when read
    coverage = _COVERAGE_READING.get()
    if coverage:
        _as_coverage_reads(df)
    else:
        _markers_as_not_given(df, details)
    for name, value in (defaults or {}).items():
        if name not in df.columns:
            df[name] = value
        elif value is not None:
            df[name] = df[name].where(~_blank(df[name]), value)
    if "status" not in df.columns and status:
        df["status"] = status
    if "origin" not in df.columns:
        df["origin"] = origin
    if "source" not in df.columns:
        df["source"] = source
    else:
        df["source"] = df["source"].where(~_blank(df["source"]), source)
    for name in ("status", "origin"):
        if name in df.columns:
            df[name] = df[name].where(_blank(df[name]), df[name].astype(str).str.strip().str.lower())
    check = check or (lambda: None)
    check()
    _normalize_dates(df, lines, problems)
    check()
    if "technology" in df.columns:
        _generation_numbers(df, technology_column, details)
        raw = df["technology"]
        norm = raw.map(st.normalize_technology)
        for pos in np.flatnonzero((~_blank(raw)).to_numpy() & (norm == "unknown").to_numpy()
                                  & (raw.astype(str).str.strip().str.lower() != "unknown").to_numpy()
                                  & (not coverage)):
            value = str(raw.iloc[pos])
            hint = tr(" (a number is read as a generation, 2-5, only in a column whose numbers all are generations "
                      "or one named generation)") if re.match(r"^\s*[-+]?\d+(?:[.,]\d+)?\s*$", value) \
                else tr(" (WiBro is mobile WiMAX, none of the mobile phone generations 2G-5G: write the station's "
                        "own technology, or unknown, or leave the row out)") \
                if " ".join(value.strip().upper().split()) in st.WIMAX_NAMES else ""
            problems.append(Problem(int(lines[pos]), "technology",
                                    tr("{value} is not a known technology (2G, 3G, 4G, 5G, GSM, UMTS, LTE, NR){hint}",
                                       value=repr(raw.iloc[pos]), hint=hint)))
    for name in ("antenna_height_m", "radius_m"):
        if name in df.columns:
            _lengths_with_units(df, name)
    check()
    if "azimuths" in df.columns:
        _sector_counts(df, azimuth_column, details)
        for pos, value in enumerate(df["azimuths"]):
            try:
                parsed = st.parse_azimuths(value)
                df.iat[pos, df.columns.get_loc("azimuths")] = ";".join(f"{a:g}" for a in parsed)
            except ValueError:
                problems.append(Problem(int(lines[pos]), "azimuths", tr("not a list of bearings: {value}",
                                                                        value=repr(value))))
    check()
    swapped_hint = ""
    lon = pd.to_numeric(df[st.LON], errors="coerce")
    lat = pd.to_numeric(df[st.LAT], errors="coerce")
    if ((lat.abs() > 90) & (lon.abs() <= 90)).any():
        swapped_hint = tr(" (are the longitude and latitude columns swapped?)")
    for idx, fname, reason in st.validate_frame(df):
        if coverage and getattr(reason, "template", None) in _COVERAGE_READS.get(fname, ()):
            continue  # read by the caller as the coverage reads it, with its warning
        line = int(lines[idx]) if idx >= 0 else 0
        if fname in (st.LON, st.LAT) and line in reported:
            continue
        if fname == st.LAT and "outside" in reason and swapped_hint:
            reason = joined("", [reason, swapped_hint])
        problems.append(Problem(line, fname, reason))
    bad_lines = {p.line for p in problems}
    keep = np.array([int(line) not in bad_lines for line in lines], dtype=bool) if len(lines) else np.zeros(0, bool)
    good = df[keep].copy()
    good[st.LON] = pd.to_numeric(good[st.LON])
    good[st.LAT] = pd.to_numeric(good[st.LAT])
    return st.normalize_frame(good, check)


#: Column names (as :func:`_norm` gives them) that may hold how many sectors a site has rather than bearings.
SECTOR_COUNT_COLUMNS = ("sectors", "sector", "num_sectors", "n_sectors", "sector_count")


def _sector_counts(df: pd.DataFrame, column: str, details: dict | None) -> None:
    """A 'sectors' column (:data:`SECTOR_COUNT_COLUMNS`) whose values are all whole numbers 1-6 holds how many
    sectors each site has, not their bearings: the azimuths are left empty, in place, and
    ``details['sector_counts']`` says so (``{'column': name, 'values': ['3', ...], 'rows': n}``). Lists of
    bearings ('0;120;240') and a column of bearings (0, 120, 240) stay bearings."""
    if not column or _norm(column) not in SECTOR_COUNT_COLUMNS:
        return
    raw = df["azimuths"]
    present = ~_blank(raw)
    if not present.any():
        return
    numbers = pd.to_numeric(raw[present].astype(str).str.strip(), errors="coerce")
    if numbers.isna().any() or not ((numbers % 1 == 0) & (numbers >= 1) & (numbers <= 6)).all():
        return
    df["azimuths"] = None
    if details is not None:
        details["sector_counts"] = {"column": column, "values": [f"{v:g}" for v in sorted(set(numbers))],
                                    "rows": int(present.sum())}


_LENGTH = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(m|metres?|meters?|km|ft|feet|')\s*$", re.IGNORECASE)
_LENGTH_UNITS = {"m": 1.0, "km": 1000.0, "ft": 0.3048, "feet": 0.3048, "'": 0.3048}


def _lengths_with_units(df: pd.DataFrame, name: str) -> None:
    """Lengths written with their unit (``30 m``, ``45m``, ``100 ft``, ``2,5 km``) in metres, in place."""
    col = df[name]
    todo = pd.to_numeric(col, errors="coerce").isna() & ~_blank(col)
    where = df.columns.get_loc(name)
    for pos in np.flatnonzero(todo.to_numpy()):
        match = _LENGTH.match(str(col.iloc[pos]))
        if match:
            unit = match.group(2).lower()
            factor = _LENGTH_UNITS.get(unit, 1.0)
            df.iat[pos, where] = float(match.group(1).replace(",", ".")) * factor


def _sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.line, p.field, p.reason))


# --------------------------------------------------------------------------------------------
# CSV and OpenCelliD
# --------------------------------------------------------------------------------------------
def import_csv(path, *, encoding: str | None = None, delimiter: str | None = None, mapping: dict | None = None,
               crs: str | None = None, source: str | None = None, status: str = "candidate",
               defaults: dict | None = None, site_distance: float = OCID_SITE_DISTANCE_M, kind: str | None = None,
               check: Callable | None = None, progress: Callable | None = None, keep_fields: dict | None = None
               ) -> ImportResult:
    """Read a CSV file of stations (or an OpenCelliD export, detected from its columns).

    ``mapping`` maps roles to columns: ``lon``/``lat`` (WGS84 degrees) or ``x``/``y`` (in
    ``crs``, e.g. ``"EPSG:32652"``) and schema field names; missing roles are guessed from the
    header, a role given as ``""`` reads no column (not the one guessed). ``kind="csv"`` forces a plain CSV
    even when the columns look like OpenCelliD (given to :func:`import_file`, it applies to a CSV, or the CSV a zip
    holds, and to no other file). ``keep_fields`` (name -> other names) are columns kept as they
    are, under that name, when the file has them (not in an OpenCelliD export, whose cells are grouped);
    ``details['kept_fields']`` names the columns read so.
    """
    source = source if source is not None else os.path.basename(str(path))
    head, head_enc, head_problems = decode_text(path, _read_head(path), encoding)
    head, sep = _without_preamble(head)
    delimiter = delimiter or sep
    layout = _layout_from_text(path, head, head_enc, head_problems, delimiter, 5)
    if (kind or layout.kind) == "opencellid":
        return _import_opencellid(path, layout, source=source, site_distance=site_distance,
                                  defaults=defaults, status=status, check=check, progress=progress)
    text, enc, problems = decode_text(path, _read_bytes(path), encoding)
    text = _without_preamble(text)[0]
    layout = _layout_from_text(path, text, enc, list(problems), delimiter, 5)
    problems = list(layout.problems)
    raw, lines = _read_rows(path, text, layout, problems, check)
    if progress:
        progress(0.4)
    roles = _chosen_roles(path, layout.mapping, mapping)
    for role, col in roles.items():
        if col not in raw.columns:
            _fail(path, tr("the column {column} chosen for {role} is not in the file", column=repr(col), role=role),
                  line=1)
    if raw.empty and not problems:
        _fail(path, tr("the file has a header but no data rows"))
    details = {"encoding": enc, "delimiter": layout.delimiter, "mapping": roles}
    if not ({"lon", "lat"} <= set(roles) or {"x", "y"} <= set(roles)):
        raw, lines, roles = _split_coordinate_column(path, raw, lines, roles, problems, details)
        crs = crs or details.get("crs")  # the SRID of (E)WKB points
        if _no_position_chosen(mapping, roles):
            _fail(path, tr("no column is chosen for the position (lon and lat, or x and y) and no column holds both "
                           "coordinates; columns are: {columns}", columns=", ".join(raw.columns)), line=1)
    decimal_comma = layout.delimiter != ","
    table = pd.DataFrame(index=raw.index)
    for name in st.FIELD_NAMES:
        if name in roles:
            values = raw[roles[name]].str.strip()
            table[name] = _decimal_commas(values) if decimal_comma and name in _NUMERIC_FIELDS else values
    kept = _kept_columns(raw.columns, roles, keep_fields)
    for name, column in kept.items():
        table[name] = raw[column].str.strip()
    if kept:
        details["kept_fields"] = kept
    if "lon" in roles and "lat" in roles and not (crs and "x" in roles):
        _refuse_projected_degrees(path, raw, roles["lon"], roles["lat"], decimal_comma)
        for role, column in ((st.LON, roles["lon"]), (st.LAT, roles["lat"])):
            table[role] = _degrees(raw[column], role, column, lines, problems, decimal_comma)
    else:
        table[st.LON], table[st.LAT] = _projected(path, raw, roles, crs, decimal_comma)
    special = _overpass_csv_columns(raw.columns)
    unplaced = _overpass_csv(raw, lines, roles, table, special, source, details) if special else {}
    stations = finish_table(path, table, lines, problems, source=source, status=status, defaults=defaults,
                            technology_column=roles.get("technology", ""), details=details, check=check,
                            azimuth_column=roles.get("azimuths", ""))
    for k, problem in enumerate(problems):  # an Overpass way or relation asked for without its centre
        if problem.line in unplaced and problem.field in (st.LON, st.LAT) and "missing" in problem.reason:
            problems[k] = problem._replace(field=f"{roles.get('lat')}/{roles.get('lon')}", reason=tr(
                "{object} has no position: run the Overpass query with 'out center;' for the centre of ways and "
                "relations", object=unplaced[problem.line]))
    # problems name the file's own columns ('Latitude', 'Tech'), not the schema's fields
    column_of = {name: roles[name] for name in st.FIELD_NAMES if name in roles}
    column_of.update({st.LON: roles.get("lon") or roles.get("x"), st.LAT: roles.get("lat") or roles.get("y")})
    problems = [p._replace(field=column_of.get(p.field) or p.field) for p in problems]
    # (and the command line's warnings on the fields read)
    details["field_columns"] = {name: col for name, col in column_of.items() if col and col != name}
    if progress:
        progress(1.0)
    return ImportResult(stations, _sort_problems(problems), "csv", str(path), len(raw) + len(problems), details)


def _overpass_csv_columns(columns) -> dict[str, str]:
    """The special columns of an Overpass API CSV answer (``[out:csv(::id, ::type, ::lat, ::lon, name, ...)]``,
    whose header writes them ``@id``, ``@type``...): ``{'id': '@id', ...}``, empty for another CSV."""
    found = {}
    for col in columns:
        match = re.fullmatch(r"(?:@|::)(id|type|otype|lat|lon)", str(col).strip())
        if match:
            found.setdefault("type" if match.group(1) == "otype" else match.group(1), col)
    return found


def _overpass_csv(raw: pd.DataFrame, lines, roles: dict, table: pd.DataFrame, special: dict, source: str,
                  details: dict) -> dict[int, str]:
    """An Overpass CSV answer read as its OSM objects are (:func:`_osm_station`), in place: the technology of its
    ``communication:mobile_phone`` columns, heights as OSM writes them (``30;35``, ``98'``), each object's stable
    id and its OSM id in the source. Without ``::type`` the id is of a node, a way or a relation alike: it is
    named 'OSM object N' with an id of its own (not a node's, which would merge it with another object), an
    id repeated in the file gives its rows none, said in ``details['overpass_without_type']``. Returns the ways
    and relations by line (``{3: 'OSM way 100'}``), whose
    missing position means the query lacked ``out center;``."""
    ids = raw[special["id"]].str.strip() if "id" in special else None
    if "type" in special:
        kinds = raw[special["type"]].str.strip().replace("", "node")
    else:  # an id of a node, a way or a relation: named as neither ('OSM object 100', its own stable id)
        kinds = pd.Series("object", index=raw.index)
        if ids is not None and (ids != "").any():
            given = ids[ids != ""]
            repeated = sorted(set(given[given.duplicated()]), key=lambda v: (len(v), v))
            details["overpass_without_type"] = {"column": special["id"], "rows": len(given),
                                                "repeated": repeated}
    tag_columns = [c for c in raw.columns if c not in special.values()]
    osm = [_osm_station({c: str(row[c]).strip() for c in tag_columns if str(row[c]).strip()}, kind,
                        ids.iloc[i] if ids is not None else "", 0.0, 0.0, source)
           for i, ((_idx, row), kind) in enumerate(zip(raw.iterrows(), kinds))]
    if "technology" not in roles and any(c.startswith("communication:") for c in tag_columns):
        table["technology"] = [o["technology"] for o in osm]
    if "antenna_height_m" in roles:
        given = table["antenna_height_m"]
        table["antenna_height_m"] = [v if o["antenna_height_m"] is None else o["antenna_height_m"]
                                     for v, o in zip(given, osm)]
    if ids is not None:
        known = ids != ""
        if "type" not in special:  # one number of a node and of a way: which is which is not known, no stable id
            known &= ~ids.isin(details.get("overpass_without_type", {}).get("repeated", []))
        if "station_id" not in roles:
            table["station_id"] = [o["station_id"] if k else None for o, k in zip(osm, known)]
        if "source" not in roles:
            table["source"] = [o["source"] if k else source for o, k in zip(osm, known)]
    details["format"] = "Overpass API CSV"
    # without ::type, a row without a position is a way or a relation: Overpass gives every node its position
    return {int(lines[i]): f"OSM {'way or relation' if kinds.iloc[i] == 'object' else kinds.iloc[i]} "
                           f"{ids.iloc[i] if ids is not None else ''}".rstrip()
            for i in range(len(raw)) if kinds.iloc[i] != "node"}


def _decimal_commas(values: pd.Series) -> pd.Series:
    """``"39,0392"`` -> ``"39.0392"`` (European spreadsheets; only for files not delimited by commas)."""
    return values.str.replace(r"^([-+]?\d*),(\d+)$", r"\1.\2", regex=True)


def parse_dms(text) -> tuple[float, str | None] | None:
    """Degrees of a degrees-minutes-seconds text, and the axis its hemisphere letter gives.

    Reads ``39°01'12.3"N``, ``N 39 01.205``, ``125:45:15.5 E``, ``-39°01.2'``, ``39.0392N``;
    returns ``(degrees, "lat" | "lon" | None)``, or None when the text is not such an angle.
    """
    t = str(text).strip()
    hemi = ""
    if t[:1].upper() in _HEMISPHERES:
        hemi, t = t[0].upper(), t[1:].strip()
    elif t[-1:].upper() in _HEMISPHERES:
        hemi, t = t[-1].upper(), t[:-1].strip()
    sign = -1.0 if t.startswith("-") else 1.0
    t = t.lstrip("+-").strip()
    numbers = _DMS_NUMBER.findall(t)
    seps = _DMS_NUMBER.split(t)
    if not 1 <= len(numbers) <= 3 or seps[0] != "":
        return None
    if any(not _DMS_SEP.fullmatch(sep) or (i < len(numbers) - 1 and not sep) for i, sep in enumerate(seps[1:])):
        return None
    if len(numbers) == 1 and not hemi and not seps[1]:
        return None
    parts = [float(n.replace(",", ".")) for n in numbers]
    if any(v >= 60 for v in parts[1:]) or any(not v.is_integer() for v in parts[:-1]):
        return None
    value = sum(v / 60 ** i for i, v in enumerate(parts))
    axis, hemi_sign = _HEMISPHERES.get(hemi, (None, 1.0))
    return sign * hemi_sign * value, axis


_QUOTED_DECIMAL_COMMA = re.compile(r"^[-+]?\d{1,3},\d+$")


def _degrees(column: pd.Series, role: str, name: str, lines, problems: list[Problem], decimal_comma: bool
             ) -> pd.Series:
    """Longitudes or latitudes of a text column: decimal degrees, decimal commas or DMS texts.

    A DMS text whose hemisphere belongs to the other axis is reported; what cannot be read
    stays as it is (and is reported as not a number later).
    """
    values = column.str.strip()
    if decimal_comma:
        values = _decimal_commas(values)
    todo = pd.to_numeric(values, errors="coerce").isna() & (values != "")
    out = values.astype(object)
    axis_name = {"lon": tr("longitude"), "lat": tr("latitude")}
    for pos in np.flatnonzero(todo.to_numpy()):
        parsed = parse_dms(values.iloc[pos])
        if parsed is None:
            # a decimal comma quoted in a comma-delimited file ("39,0392", LibreOffice in a European locale)
            if _QUOTED_DECIMAL_COMMA.match(values.iloc[pos]):
                out.iloc[pos] = float(values.iloc[pos].replace(",", "."))
            continue
        value, axis = parsed
        if axis and axis != role:
            problems.append(Problem(int(lines[pos]), name, tr("{value} is a {axis} (its hemisphere letter) in the "
                                                              "{column} column", value=repr(values.iloc[pos]),
                                                              axis=axis_name[axis], column=axis_name[role])))
            continue
        out.iloc[pos] = value
    return out


def _refuse_projected_degrees(path, raw: pd.DataFrame, lon: str, lat: str, decimal_comma: bool) -> None:
    """Columns read as lon/lat that hold projected coordinates in most rows (x beyond 180 and y beyond 90: a
    list of x/y given as Processing's X_FIELD/Y_FIELD without its CRS) are refused asking for their CRS, rather than
    every row reported out of range; a few rows out of range stay bad rows of their own."""
    def numbers(column):
        text = raw[column].astype(str).str.strip()
        return pd.to_numeric(_decimal_commas(text) if decimal_comma else text, errors="coerce")

    x, y = numbers(lon), numbers(lat)
    both = x.notna() & y.notna()
    outside = both & (x.abs() > 180) & (y.abs() > 90)
    if both.any() and outside.sum() * 2 > both.sum():
        _fail(path, tr("the columns {x}/{y} hold projected coordinates (e.g. {sample}): choose their CRS",
                       x=repr(lon), y=repr(lat), sample=num(x[outside].iloc[0], "g")), field_name=lon)


def _projected(path, raw: pd.DataFrame, roles: dict, crs: str | None, decimal_comma: bool):
    """Longitudes and latitudes (object arrays; the text where not a number) of the ``x``/``y`` columns."""
    if not ("x" in roles and "y" in roles):
        columns = ", ".join(raw.columns)
        _fail(path, tr("no coordinate columns found (expected lon/lat, longitude/latitude or x/y, or one column of "
                       "'lat, lon' pairs or of WKT, WKB or GeoJSON points); columns are: {columns}",
                       columns=str(columns)), line=1)
    text_x, text_y = raw[roles["x"]].str.strip(), raw[roles["y"]].str.strip()
    if decimal_comma:
        text_x, text_y = _decimal_commas(text_x), _decimal_commas(text_y)
    x = pd.to_numeric(text_x, errors="coerce")
    y = pd.to_numeric(text_y, errors="coerce")
    if crs:
        lon, lat = _transform_to_wgs84(path, x.to_numpy(float), y.to_numpy(float), crs)
    else:
        projected = ((x.abs() > 180) | (y.abs() > 90)).any()
        if projected:
            sample = x[(x.abs() > 180)].iloc[0] if (x.abs() > 180).any() else y[y.abs() > 90].iloc[0]
            _fail(path, tr("the columns {x}/{y} hold projected coordinates (e.g. {sample}): choose their CRS",
                           x=repr(roles["x"]), y=repr(roles["y"]), sample=num(sample, "g")), field_name=roles["x"])
        lon, lat = x.to_numpy(float), y.to_numpy(float)
    return (np.where(x.isna(), raw[roles["x"]], lon).astype(object),
            np.where(y.isna(), raw[roles["y"]], lat).astype(object))


def _find_coordinate_column(raw: pd.DataFrame, roles: dict) -> tuple[str, str] | None:
    """A column holding both coordinates: ``(column, "wkt" | "wkb" | "geojson" | "latlon" | "lonlat")``.

    A column named like ``coordinates``/``latlng``/``WKT``/``좌표`` whose first values are mostly
    ``lat, lon`` pairs or WKT / hex WKB / GeoJSON points; or any column of only such points or decimal ``lat, lon``
    pairs. A pair is read lat first (as copied from Google Maps) unless the column name puts
    lon first, or the first number of some row is beyond ±90.
    """
    used = set(roles.values())
    keys = {c: re.sub(r"[\s_\-,/]", "", str(c).lower()) for c in raw.columns if c not in used}
    named = [c for c, key in keys.items() if key in _COORDINATE_COLUMN_NAMES]
    for col in named + [c for c in keys if c not in named]:
        values = raw[col].str.strip()
        sample = values[values != ""].head(20)
        if sample.empty:
            continue
        needed = 0.5 if col in named else 1.0  # a named column may have bad rows: they are reported
        if sample.str.match(_WKT_POINT).mean() >= needed:
            return col, "wkt"
        if sample.str.match(_WKB_HEX).mean() >= needed:
            return col, "wkb"
        if sample.str.match(_GEOJSON_POINT).mean() >= needed:
            return col, "geojson"
        if sample.str.match(_COORDINATE_PAIR if col in named else _DECIMAL_PAIR).mean() < needed:
            continue
        if keys[col].startswith(("lon", "lng", "x")):
            return col, "lonlat"
        firsts = pd.to_numeric(values.str.extract(_COORDINATE_PAIR)[0], errors="coerce")
        return col, "lonlat" if (firsts.abs() > 90).any() else "latlon"
    return None


def _split_coordinate_column(path, raw: pd.DataFrame, lines, roles: dict, problems: list[Problem], details: dict):
    """Split a column of ``lat, lon`` pairs or WKT points into two columns (rows that are neither are reported)."""
    found = _find_coordinate_column(raw, roles)
    if found is None:
        return raw, lines, roles
    column, order = found
    values = raw[column].str.strip()
    if order in ("wkb", "geojson"):
        return _split_geometry_column(raw, lines, roles, problems, details, column, order)
    parts = values.str.extract(_WKT_POINT if order == "wkt" else _COORDINATE_PAIR)
    bad = parts[0].isna().to_numpy()
    expected = tr("a WKT point ('POINT (lon lat)')") if order == "wkt" else tr("a 'lat, lon' pair")
    if order == "lonlat":
        expected = tr("a 'lon, lat' pair")
    for pos in np.flatnonzero(bad):
        problems.append(Problem(int(lines[pos]), column, tr("not {expected}: {value}", expected=expected,
                                                            value=repr(values.iloc[pos]))))
    first, second = parts[0], parts[1]
    x, y = (second, first) if order == "latlon" else (first, second)
    raw = raw.assign(**{f"{column} (x)": x, f"{column} (y)": y})[~bad]
    roles = dict(roles)
    xr, yr = ("x", "y") if order == "wkt" else ("lon", "lat")
    roles.update({xr: f"{column} (x)", yr: f"{column} (y)"})
    details["coordinates"] = f"{column} ({'WKT' if order == 'wkt' else order.replace('lat', 'lat,')})"
    details["mapping"] = roles
    return raw, np.asarray(lines)[~bad], roles


#: Hex WKB or PostGIS EWKB of a point (CARTO's and PostGIS's CSV exports write geometries so): byte order, type,
#: an SRID when flagged, two to four doubles.
_WKB_HEX = re.compile(r"^0[01](?:[0-9A-Fa-f]{2}){4}(?:(?:[0-9A-Fa-f]{2}){4})?(?:[0-9A-Fa-f]{16}){2,4}$")
#: A GeoJSON point geometry written in a CSV cell (BigQuery's ST_ASGEOJSON, OpenDataSoft's 'Geo Shape').
_GEOJSON_POINT = re.compile(r'^\{.*"type"\s*:\s*"Point".*\}$', re.DOTALL)


def _wkb_point(text: str) -> tuple[float, float, int | None] | None:
    """``(x, y, srid)`` of a hex WKB / EWKB point (ISO Z/M types too); None when it is no point."""
    import struct

    try:
        data = bytes.fromhex(text)
        order = "<" if data[0] == 1 else ">"
        kind = struct.unpack(order + "I", data[1:5])[0]
        offset, srid = 5, None
        if kind & 0x20000000:  # PostGIS: an SRID follows the type
            srid = struct.unpack(order + "I", data[5:9])[0]
            offset = 9
        if (kind & 0x0FFFFFFF) % 1000 != 1:  # 1 point, 1001 / 2001 / 3001 with Z / M / ZM
            return None
        x, y = struct.unpack(order + "dd", data[offset:offset + 16])
    except (ValueError, IndexError, struct.error):
        return None
    return x, y, srid


def _geojson_point(text: str) -> tuple[float, float] | None:
    """``(lon, lat)`` of a GeoJSON point geometry; None when it is none."""
    try:
        geometry = json.loads(text)
        x, y = (float(v) for v in geometry["coordinates"][:2])
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    return (x, y) if geometry.get("type") == "Point" else None


def _split_geometry_column(raw: pd.DataFrame, lines, roles: dict, problems: list[Problem], details: dict,
                           column: str, kind: str):
    """A column of hex (E)WKB or GeoJSON points as x/y columns: lon/lat for GeoJSON (always WGS84) and EWKB of
    SRID 4326, else x/y in the CRS of the SRID (``details['crs']``) or, without one, as x/y columns are read.
    Rows that are no point, or of another SRID than the first, are reported."""
    values = raw[column].fillna("").str.strip()
    xs, ys, bad, srid = [], [], [], None
    for pos, text in enumerate(values):
        point = _wkb_point(text) if kind == "wkb" else _geojson_point(text)
        reason = "" if point is not None else tr("not a WKB point: {value}", value=repr(text[:60])) \
            if kind == "wkb" else tr("not a GeoJSON point: {value}", value=repr(text[:60]))
        if point is not None and kind == "wkb":
            srid = point[2] if srid is None else srid
            if point[2] != srid:
                reason = tr("SRID {srid} where the first points have SRID {first}", srid=point[2], first=srid)
        if reason:
            problems.append(Problem(int(lines[pos]), column, reason))
            bad.append(True)
            xs.append(None)
            ys.append(None)
            continue
        bad.append(False)
        xs.append(repr(point[0]))
        ys.append(repr(point[1]))
    keep = ~np.asarray(bad, dtype=bool)
    raw = raw.assign(**{f"{column} (x)": xs, f"{column} (y)": ys})[keep]
    degrees = kind == "geojson" or srid == 4326
    xr, yr = ("lon", "lat") if degrees else ("x", "y")
    roles = {**roles, xr: f"{column} (x)", yr: f"{column} (y)"}
    if srid not in (None, 4326, 0):
        details["crs"] = f"EPSG:{srid}"
    details["coordinates"] = f"{column} ({'GeoJSON' if kind == 'geojson' else 'EWKB' if srid else 'WKB'})"
    details["mapping"] = roles
    return raw, np.asarray(lines)[keep], roles


def _transform_to_wgs84(path, x, y, crs: str):
    try:
        from pyproj import CRS, Transformer

        transformer = Transformer.from_crs(CRS.from_user_input(crs), CRS.from_epsg(4326), always_xy=True)
    except Exception as exc:  # pyproj raises its own CRSError
        _fail(path, tr("unknown CRS {crs} ({error})", crs=repr(crs), error=str(exc)))
    lon, lat = transformer.transform(x, y)
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    lon[~np.isfinite(lon)] = np.nan
    lat[~np.isfinite(lat)] = np.nan
    return lon, lat


def _import_opencellid(path, layout: CsvLayout, *, source: str, site_distance: float, defaults: dict | None,
                       status: str, check, progress) -> ImportResult:
    """OpenCelliD cells of a CSV file, read a chunk of lines at a time, aggregated into sites."""
    problems: list[Problem] = []
    parts, rows = [], 0
    read = [0.0]
    for raw, lines in _csv_chunks(path, layout, problems, check, read):
        rows += len(raw)
        parts.append(_ocid_cells(raw, lines, problems, decimal_comma=layout.delimiter != ","))
        if progress:
            progress(0.4 * read[0])  # reading is most of a country file's import
    cells = pd.concat(parts, ignore_index=True) if parts else _ocid_cells(pd.DataFrame(columns=layout.columns),
                                                                        [], problems)
    if not rows and not problems:
        _fail(path, tr("the file has a header but no data rows"))
    details = {"delimiter": layout.delimiter, "encoding": layout.encoding}
    if "measured" in _ocid_columns(layout.columns):
        details["measurements"] = len(cells)
        cells = _cells_of_measurements(cells)
    return _opencellid_result(path, cells, problems, rows, source=source, site_distance=site_distance,
                              defaults=defaults, status=status, check=check, progress=progress,
                              details=details, cell_column=_ocid_columns(layout.columns)["cell"])


def _cells_of_measurements(cells: pd.DataFrame) -> pd.DataFrame:
    """Cells of OpenCelliD measurements (rows of where phones measured a cell, many per cell): a cell is
    at the mean of its measurements (as OpenCelliD estimates it), seen from the first to the last one."""
    key = ["radio", "mcc", "net", "area", "cell"]
    out = cells.groupby(key, sort=False).agg(
        lon=("lon", "mean"), lat=("lat", "mean"), range=("range", "median"), samples=("line", "size"),
        created=("created", "min"), updated=("created", "max"), line=("line", "min")).reset_index()
    return out[list(cells.columns)]


def _csv_chunks(path, layout: CsvLayout, problems: list[Problem], check, read: list | None = None):
    """``(rows, line numbers)`` of a CSV file, :data:`OCID_CHUNK_LINES` lines at a time; ``read[0]``
    is set to the share of the file read so far (of its compressed bytes for ``.gz`` / ``.bz2``).

    Lines that cannot be decoded in the layout's encoding are reported and left out.
    """
    chunk_layout = layout
    offset = 0
    size = os.path.getsize(str(path)) or 1
    with _open_binary(path) as handle:
        # the file itself under gzip's / bzip2's reader: its position is the compressed bytes read
        raw_file = getattr(handle, "fileobj", None) or getattr(handle, "_fp", None) or handle
        stream = io.TextIOWrapper(handle, encoding=layout.encoding, errors="replace", newline="")
        while True:
            try:
                block = list(itertools.islice(stream, OCID_CHUNK_LINES))
            except (OSError, EOFError) as exc:
                _fail(path, _bad_compressed_file(path, exc), line=offset + 1)
            if not block:
                return
            # a line ended by a carriage return alone (Excel for Mac's 'CSV (Macintosh)') as a line
            block = [line[:-1] + "\n" if line.endswith("\r") else line for line in block]
            if offset == 0:
                for i in _preamble(block)[0]:
                    block[i] = "\n"
            for i, text_line in enumerate(block):
                if "\ufffd" in text_line:
                    problems.append(Problem(offset + i + 1, "", tr("text is not {encoding}; re-save the file as "
                                                                   "UTF-8", encoding=layout.encoding)))
                    block[i] = "\n"
            found: list[Problem] = []
            raw, lines = _read_rows(path, "".join(block), chunk_layout, found, check)
            problems.extend(Problem(p.line + offset, p.field, p.reason) for p in found)
            if read is not None:
                try:
                    read[0] = min(raw_file.tell() / size, 1.0)
                except (OSError, ValueError, AttributeError):
                    pass
            yield raw, np.asarray(lines, dtype=int) + offset
            offset += len(block)
            chunk_layout = dataclasses.replace(layout, has_header=False)
            if check is not None:
                check()


def ocid_radio(value) -> str | None:
    """The radio of a cell list's row as the cells are grouped and named (None: not a radio).

    OpenCelliD's own radios in any case ('lte', 'NB-IoT'), names of other cell lists for them
    ('WCDMA', '4G', 'LTE-M'), and any other technology name the station schema knows, kept as
    written ('CDMA2000', 'TD-SCDMA'; its technology is then :func:`stations.normalize_technology`'s).
    """
    text = " ".join(str(value).strip().upper().split())
    key = re.sub(r"[\s_-]", "", text)
    if key in OCID_RADIOS:
        return key
    if key in _OCID_RADIO_NAMES:
        return _OCID_RADIO_NAMES[key]
    return text if text and st.normalize_technology(text) != "unknown" else None


def _ocid_columns(columns) -> dict[str, str]:
    """OpenCelliD role (``radio``, ``mcc``, ``net``, ``area``, ``cell``, ``lon``, ...) -> column."""
    cols: dict[str, str] = {}
    for c in columns:
        cols.setdefault(_OCID_ALIASES.get(_norm(c), _norm(c)), c)
    return cols


def _ocid_cells(raw: pd.DataFrame, lines, problems: list[Problem], decimal_comma: bool = False) -> pd.DataFrame:
    """The good cells of OpenCelliD text rows, as numbers (with their ``line``); bad rows are reported.

    ``decimal_comma``: numbers may be written ``39,0392`` (a file not delimited by commas, re-saved
    by a European spreadsheet).
    """
    lines = np.asarray(lines, dtype=int)
    cols = _ocid_columns(raw.columns)
    bad = np.zeros(len(raw), dtype=bool)

    def numeric(name, integer=False, required=False, dates=False):
        col = cols.get(name)
        if col is None:
            return pd.Series(np.nan, index=raw.index, dtype=float)
        text = raw[col]
        if decimal_comma:
            text = _decimal_commas(text.astype(str).str.strip())
        values = _to_number(text)
        if dates:  # Unix times, or dates once a spreadsheet has formatted them ('2016-04-03 14:05:42')
            todo = values.isna() & (text.astype(str).str.strip() != "")
            if todo.any():
                parsed = pd.to_datetime(text[todo].astype(str).str.strip(), errors="coerce", utc=True)
                values[todo] = (parsed - pd.Timestamp(0, tz="UTC")).dt.total_seconds()
        wrong = values.isna().to_numpy()
        if wrong.any() and not required:
            wrong[wrong] = (raw[col][wrong].astype(str).str.strip() != "").to_numpy()
        too_large = np.zeros(len(raw), dtype=bool)
        if integer:
            wrong |= values.notna().to_numpy() & (np.mod(values.fillna(0).to_numpy(), 1) != 0)
            # beyond 2**53 a float is not exact: such ids are read as integers, and refused beyond 64 bits
            big = np.flatnonzero(values.notna().to_numpy() & (values.abs().to_numpy() >= 2.0 ** 53) & ~wrong)
            if len(big):
                values = values.astype(object)
                for pos in big:
                    try:
                        exact = int(str(text.iloc[pos]).strip())
                    except ValueError:
                        exact = None
                    if exact is None or not -2 ** 63 <= exact < 2 ** 63:
                        too_large[pos] = True
                    else:
                        values.iloc[pos] = exact
        for pos in np.flatnonzero(wrong & ~bad if name in ("lon", "lat") else wrong | too_large):
            text = raw[col].iloc[pos]
            reason = tr("missing coordinate") if name in ("lon", "lat") and not str(text).strip() else \
                tr("{value} is too large for a 64-bit identifier", value=str(text).strip()) if too_large[pos] else \
                tr("not an integer: {value}", value=repr(text)) if integer else \
                tr("not a date: {value}", value=repr(text)) if dates else tr("not a number: {value}", value=repr(text))
            problems.append(Problem(int(lines[pos]), col, reason))
        bad[wrong | too_large] = True
        return values

    radio = raw[cols["radio"]].astype(str)
    if not radio.isin(list(OCID_RADIOS)).all():
        radio = radio.map({v: ocid_radio(v) for v in radio.unique()})
    unknown_radio = radio.isna().to_numpy()
    for pos in np.flatnonzero(unknown_radio):
        problems.append(Problem(int(lines[pos]), cols["radio"], tr(
            "unknown radio {value} (expected GSM, CDMA, UMTS, LTE, NBIOT, NR or a technology such as WCDMA, 4G, "
            "LTE-M)", value=repr(raw[cols["radio"]].iloc[pos]))))
    bad |= unknown_radio
    cells = pd.DataFrame({"radio": radio, "mcc": numeric("mcc", True, True), "net": numeric("net", True, True),
                          "area": numeric("area", True), "cell": numeric("cell", True, True),
                          "lon": numeric("lon", required=True), "lat": numeric("lat", required=True),
                          "range": numeric("range"), "samples": numeric("samples"),
                          "created": numeric("measured" if "measured" in cols else "created", dates=True),
                          "updated": numeric("updated", dates=True), "line": lines})
    bad |= _ocid_out_of_range(cells, cols, bad, problems)
    cells = cells[~bad]
    cells["area"] = cells["area"].fillna(0)
    cells["samples"] = cells["samples"].fillna(1)
    for name in ("mcc", "net", "area", "cell"):
        cells[name] = cells[name].astype("int64")
    return cells


def _ocid_out_of_range(cells: pd.DataFrame, cols: dict, bad: np.ndarray, problems: list[Problem]) -> np.ndarray:
    """Rows whose lon or lat is out of range, or both 0 (reported; swapped columns are hinted)."""
    out_any = np.zeros(len(cells), dtype=bool)
    swapped = ((cells["lat"].abs() > 90) & (cells["lon"].abs() <= 90)).any()
    for name, lo, hi in (("lon", -180, 180), ("lat", -90, 90)):
        values = cells[name]
        out = (values.notna() & ((values < lo) | (values > hi))).to_numpy() & ~bad
        hint = tr(" (are the lon and lat columns swapped?)") if name == "lat" and swapped else ""
        for pos in np.flatnonzero(out):
            problems.append(Problem(int(cells["line"].iloc[pos]), cols[name],
                                    tr("{value} is outside [{lo}, {hi}]{hint}", value=num(values.iloc[pos], "g"), lo=lo,
                                       hi=hi, hint=hint)))
        out_any |= out
    # 0, 0: a cell without a location fix, not a cell in the Gulf of Guinea
    null_island = ((cells["lon"] == 0) & (cells["lat"] == 0)).to_numpy() & ~bad & ~out_any
    for pos in np.flatnonzero(null_island):
        problems.append(Problem(int(cells["line"].iloc[pos]), cols["lat"], st.NO_POSITION))
    return out_any | null_island


def _drop_duplicate_cells(cells: pd.DataFrame, problems: list[Problem], cell_column: str) -> pd.DataFrame:
    """Cells listed twice (same radio, mcc, net, area, cell) are reported with the line of the first."""
    key = ["radio", "mcc", "net", "area", "cell"]
    dup = cells.duplicated(key, keep="first").to_numpy()
    if not dup.any():
        return cells
    first = cells.groupby(key, sort=False)["line"].transform("first").to_numpy()
    for pos in np.flatnonzero(dup):
        row = cells.iloc[pos]
        problems.append(Problem(int(row["line"]), cell_column, tr(
            "duplicate cell {radio} {mcc}-{net} area {area} cell {cell} (first on line {first})", radio=row["radio"],
            mcc=row["mcc"], net=row["net"], area=row["area"], cell=row["cell"], first=first[pos])))
    return cells[~dup]


def _opencellid_result(path, cells: pd.DataFrame, problems: list[Problem], rows: int, *, source: str,
                       site_distance: float, defaults: dict | None, status: str, check, progress,
                       details: dict, cell_column: str = "cell") -> ImportResult:
    """Sites of the good OpenCelliD cells (see :func:`aggregate_cells`) as a station table."""
    cells = _drop_duplicate_cells(cells, problems, cell_column)
    if progress:
        progress(0.4)
    sites = aggregate_cells(cells.drop(columns="line"), site_distance, check=check)
    if progress:
        progress(0.8)
    n = len(sites)
    table = pd.DataFrame({
        "station_id": uuid5_many("opencellid:" + sites["site_key"]),
        "name": sites["name"],
        "technology": sites["radio"].map({r: OCID_RADIOS.get(r) or st.normalize_technology(r)
                                          for r in sites["radio"].unique()}),
        "operator": sites["mcc"].astype(str) + "-" + sites["net"].map(lambda v: f"{v:02d}"),
        "status": [status] * n,
        "origin": ["imported"] * n,
        "source": [source] * n,
        "confidence": (sites["samples"] / (sites["samples"] + 10.0)).clip(0.05, 0.99).round(3),
        "first_seen": _epoch_dates(sites["created"]),
        "last_seen": _epoch_dates(sites["updated"]),
        "notes": sites["notes"],
        st.LON: sites["lon"],
        st.LAT: sites["lat"],
    })
    for name, value in (defaults or {}).items():
        if value not in (None, ""):
            table[name] = value
    stations = st.normalize_frame(table, check)
    if progress:
        progress(1.0)
    return ImportResult(stations, _sort_problems(problems), "opencellid", str(path), rows,
                        {"cells": len(cells), "sites": n, **details})


def _to_number(values: pd.Series) -> pd.Series:
    """Numbers of a text column (NaN where not a number); surrounding blanks are allowed."""
    out = pd.to_numeric(values, errors="coerce")
    retry = out.isna() & values.notna()
    if retry.any():
        out[retry] = pd.to_numeric(values[retry].astype(str).str.strip(), errors="coerce")
    return out


def _epoch_dates(values: pd.Series) -> np.ndarray:
    """ISO dates of Unix times in seconds, or in milliseconds (None where missing)."""
    v = np.asarray(values, dtype=float)
    v = np.where(v >= 1e11, v / 1000.0, v)  # milliseconds (measurement times, JavaScript exports)
    ok = np.isfinite(v) & (v > 0) & (v < 4.1e9)
    out = np.full(v.shape, None, dtype=object)
    if ok.any():
        out[ok] = np.datetime_as_string(v[ok].astype("int64").astype("datetime64[s]"), unit="D")
    return out


def uuid5_many(keys) -> list[str]:
    """``str(uuid.uuid5(NAMESPACE_URL, key))`` for many keys, without building UUID objects."""
    import hashlib

    ns = uuid.NAMESPACE_URL.bytes
    out = []
    for key in keys:
        h = bytearray(hashlib.sha1(ns + key.encode("utf-8")).digest()[:16])
        h[6] = (h[6] & 0x0F) | 0x50
        h[8] = (h[8] & 0x3F) | 0x80
        x = h.hex()
        out.append(f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}")
    return out


def aggregate_cells(cells: pd.DataFrame, site_distance: float = OCID_SITE_DISTANCE_M, check=None) -> pd.DataFrame:
    """Aggregate OpenCelliD cells into sites, one per operator, technology and location.

    LTE and NB-IoT cells of one eNodeB (cell id // 256) form one logical site first; then cells or
    eNodeBs of one operator (mcc, net) and radio closer than ``site_distance`` metres are one
    site (greedy, the cell with most samples leads). Positions are sample-weighted means.
    """
    if cells.empty:
        return pd.DataFrame(columns=["site_key", "name", "radio", "mcc", "net", "lon", "lat", "samples", "created",
                                     "updated", "notes"])
    cells = cells.reset_index(drop=True).copy()
    cells["logical"] = np.where(cells["radio"].isin(_OCID_ENB_RADIOS), cells["cell"] // 256,
                                -1 - cells.index.to_numpy())
    w = cells["samples"].clip(lower=1)
    cells["wlon"] = cells["lon"] * w
    cells["wlat"] = cells["lat"] * w
    cells["w"] = w
    logical = cells.groupby(["radio", "mcc", "net", "logical"], sort=False).agg(
        wlon=("wlon", "sum"), wlat=("wlat", "sum"), w=("w", "sum"), samples=("samples", "sum"),
        created=("created", "min"), updated=("updated", "max"), ncells=("cell", "size"), cell=("cell", "min"),
        area=("area", "min"), range_m=("range", "median")).reset_index()
    logical["lon"] = logical["wlon"] / logical["w"]
    logical["lat"] = logical["wlat"] / logical["w"]
    labels = np.arange(len(logical))
    for _key, idx in logical.groupby(["radio", "mcc", "net"], sort=False).indices.items():
        if check is not None:
            check()
        if len(idx) < 2:
            continue
        sub = logical.iloc[idx]
        order = np.argsort(-sub["samples"].to_numpy(), kind="stable")
        local = leader_clusters(sub["lon"].to_numpy(), sub["lat"].to_numpy(), site_distance, order)
        labels[idx] = idx[local]
    logical["site"] = labels
    sites = logical.groupby("site", sort=True).agg(
        radio=("radio", "first"), mcc=("mcc", "first"), net=("net", "first"), wlon=("wlon", "sum"),
        wlat=("wlat", "sum"), w=("w", "sum"), samples=("samples", "sum"), created=("created", "min"),
        updated=("updated", "max"), ncells=("ncells", "sum"), cell=("cell", "first"), area=("area", "first"),
        logical=("logical", "first"), range_m=("range_m", "median")).reset_index()
    sites["lon"] = sites["wlon"] / sites["w"]
    sites["lat"] = sites["wlat"] / sites["w"]
    is_lte = sites["radio"].isin(_OCID_ENB_RADIOS)
    ident = np.where(is_lte, "eNB " + (sites["cell"] // 256).astype(str),
                     "LAC " + sites["area"].astype(str) + " cell " + sites["cell"].astype(str))
    sites["site_key"] = (sites["radio"] + ":" + sites["mcc"].astype(str) + ":" + sites["net"].astype(str) + ":"
                         + sites["area"].astype(str) + ":" + sites["cell"].astype(str))
    sites["name"] = sites["radio"] + " " + sites["mcc"].astype(str) + "-" + sites["net"].astype(str) + " " + ident
    rng_m = sites["range_m"].to_numpy(float)
    rng = np.where(np.isfinite(rng_m), "; median cell range " + pd.Series(np.nan_to_num(rng_m)).round().astype(
        "int64").astype(str).to_numpy() + " m", "")
    samples = sites["samples"].astype("int64")
    sites["notes"] = ("OpenCelliD: " + sites["ncells"].astype(str)
                      + np.where(sites["ncells"] == 1, " cell, ", " cells, ")
                      + samples.astype(str) + np.where(samples == 1, " sample", " samples") + rng)
    return sites


# --------------------------------------------------------------------------------------------
# KML / KMZ
# --------------------------------------------------------------------------------------------
class _KmlRefused(Exception):
    pass


def _guarded_parser(**kwargs):
    """An expat parser that refuses DOCTYPE and entity declarations (no entity expansion, no
    external references: a file cannot make the reader fetch or grow anything)."""
    parser = expat.ParserCreate(**kwargs)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args):
        raise _KmlRefused()

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    return parser


def parse_kml(path, data, source: str, status: str = "candidate", defaults: dict | None = None, *,
              member: str = "", local_files=frozenset(), allow_empty: bool = False, check=None, progress=None,
              size: int = 0, visited=frozenset(), layer: str | None = None,
              layer_names: list[str] | None = None, layer_top: bool = False) -> ImportResult:
    """Placemarks with a point of a KML document; the enclosing folder names the operator.

    ``data`` is the document's bytes, or a function opening it for reading bytes: the document is
    then parsed a block at a time (``check`` called between blocks, ``progress`` told the share of
    ``size`` read), so a KML of hundreds of MB is neither held in memory nor beyond cancel.
    DOCTYPE and ENTITY declarations are refused (no external entities, no entity expansion).
    ExtendedData fields named like schema fields (technology, status, ...) are read; a TimeStamp gives
    the image date, a TimeSpan's begin and end the first and last seen dates. Placemarks
    that are only lines or polygons are reported (a station is a point). A NetworkLink to a KML or
    KMZ file on this computer (a relative path next to ``path``, or a ``file://`` URL) is followed
    and its places read (``visited`` holds the files already read, so a loop of links ends); one
    to a web server cannot be followed offline and is reported, unless it links to one of
    ``local_files`` (the other KML files of a KMZ, read too). ``member`` names the file inside a
    KMZ in the reports.

    With ``layer`` only the placemarks of that layer as OGR (and so QGIS, ``doc.kml|layername=Towers``) names the
    document's Folders and Documents are read; ``layer_names`` are OGR's names of the file's layers, which tell
    apart folders of one name ('Towers (#2)') and unnamed ones (see :func:`_kml_layer_containers`). With
    ``layer_top``, ``layer`` is the document itself, its placemarks outside Folders (a KMZ's KML file that OGR
    names a layer after, see :func:`import_kmz`).
    """
    options = {"status": status, "defaults": defaults, "member": member, "local_files": local_files,
               "allow_empty": allow_empty, "check": check, "progress": progress, "size": size, "visited": visited,
               "layer": layer, "layer_names": layer_names, "layer_top": layer_top}
    links: list[tuple[int, str, int]] = []
    parser = _guarded_parser(namespace_separator=" ")
    stack: list[str] = []
    folders: list[dict] = []
    containers: list[dict] = []  # every Folder and Document in document order: name, depth
    placemarks: list[dict] = []
    current: dict | None = None
    text: list[str] = []
    data_name: list[str | None] = [None]
    root: list[str] = []

    def local(tag: str) -> str:
        return tag.rsplit(" ", 1)[-1]

    def start(tag, attrs):
        nonlocal current
        name = local(tag)
        if not root:
            root.append(name)
        stack.append(name)
        text.clear()
        if name in ("Folder", "Document"):
            folders.append({"kind": name, "name": None, "index": len(containers)})
            containers.append({"name": None, "depth": len(folders) - 1})
        elif name == "Placemark":
            current = {"line": parser.CurrentLineNumber, "folders": [f["name"] for f in folders
                                                                    if f["kind"] == "Folder" and f["name"]],
                       "data": {}, "points": [], "modes": [], "geom": None,
                       "container": folders[-1]["index"] if folders else -1}
        elif current is not None and name == "Point":
            current["mode"] = ""
            if current["geom"] is None or current["geom"] == "MultiGeometry":
                current["geom"] = name
        elif current is not None and name in ("LineString", "Polygon", "LinearRing", "Model", "Track"):
            if current["geom"] is None or current["geom"] == "MultiGeometry":
                current["geom"] = name
            if name == "Polygon":  # its rings: an area no more than a tower's is one at its centroid
                current.setdefault("polygons", []).append({"outer": "", "inner": []})
            if name == "Track":  # gx:Track (also in a gx:MultiTrack) or KML 2.3's Track: positions and times
                current.setdefault("track", [])
                current.setdefault("track_when", [])
        elif current is not None and name == "MultiGeometry" and current["geom"] is None:
            current["geom"] = "MultiGeometry"
        elif name in ("Data", "SimpleData"):
            data_name[0] = attrs.get("name")

    def chars(data_text):
        text.append(data_text)

    def end(tag):
        nonlocal current
        name = local(tag)
        value = "".join(text).strip()
        text.clear()
        parent = stack[-2] if len(stack) > 1 else ""
        stack.pop()
        if name == "name" and parent in ("Folder", "Document") and folders:
            folders[-1]["name"] = containers[folders[-1]["index"]]["name"] = value
        elif current is not None:
            if name == "name" and parent == "Placemark":
                current["name"] = value
            elif name == "description" and parent == "Placemark":
                current["description"] = value
            elif name == "coordinates" and parent == "Point":
                current["points"].append(value)
            elif name == "coordinates" and parent == "LinearRing" and len(stack) > 2 and current.get("polygons") \
                    and stack[-2] in ("outerBoundaryIs", "innerBoundaryIs"):
                if stack[-2] == "outerBoundaryIs":
                    current["polygons"][-1]["outer"] = value
                else:
                    current["polygons"][-1]["inner"].append(value)
            elif name == "altitudeMode" and parent == "Point":  # (also gx:altitudeMode)
                current["mode"] = value
            elif name == "Point":  # its altitude mode, written before or after its coordinates
                current["modes"].extend([current.get("mode", "")] * (len(current["points"]) - len(current["modes"])))
            elif name == "when" and parent == "TimeStamp":
                current["when"] = value
            elif name in ("begin", "end") and parent == "TimeSpan":  # the time the place was seen in
                current[name] = value
            elif name == "coord" and parent == "Track":  # gx:coord 'lon lat alt'
                current["track"].append((parser.CurrentLineNumber, value))
            elif name in ("longitude", "latitude") and parent == "Location" and "Model" in stack:
                current.setdefault("location", {})[name] = value  # a 3D model's (a tower modelled in Google Earth)
            elif name == "Model" and current.get("location"):
                where = current.pop("location")
                current.setdefault("models", []).append(f"{where.get('longitude', '')},{where.get('latitude', '')}")
            elif name == "when" and parent == "Track":
                current["track_when"].append(value)
            elif data_name[0] and ((name == "value" and parent == "Data") or name == "SimpleData"):
                current["data"][data_name[0]] = value
            elif name == "Placemark":
                placemarks.append(current)
                current = None
        if name == "href" and parent in ("Link", "Url") and "NetworkLink" in stack:
            links.append((parser.CurrentLineNumber, value, folders[-1]["index"] if folders else -1))
        if name in ("Folder", "Document") and folders:
            folders.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    streamed = [False, False]  # read a block at a time; its encoding undeclared
    try:
        if isinstance(data, (bytes, bytearray)):
            parser.Parse(_xml_as_utf8(path, data, member), True)
        else:
            with data() as handle:
                _parse_kml_blocks(path, parser, handle, member, check, progress, size, streamed)
    except _KmlRefused:
        _fail(path, tr("the KML declares a DOCTYPE or ENTITY (external entities, entity expansion): refused for "
                       "safety; remove the declaration"), line=parser.CurrentLineNumber)
    except expat.ExpatError as exc:
        if all(streamed) and expat.ErrorString(exc.code) == expat.errors.XML_ERROR_INVALID_TOKEN:
            # undeclared and not UTF-8 past its first block (Windows-1252, CP949): decoded whole instead
            with data() as handle:
                return parse_kml(path, handle.read(), source, **options)
        _fail(path, tr("not valid XML ({error})", error=expat.ErrorString(exc.code)), line=exc.lineno)
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:  # a cut or damaged download
        kind = tr("KMZ (zip) archive") if zipfile.is_zipfile(str(path)) else \
            tr("{kind} file", kind=_compression(path)) if _compression(path) else tr("file")
        _fail(path, tr("is not a valid {kind}: cut or damaged ({error}){member}", kind=kind, error=str(exc),
                       member=f" (in {member})" if member else ""))
    if root and root[0] not in KML_ROOTS:
        _fail(path, tr("not a KML document (its root element is <{element}>)", element=root[0]), line=1)
    layer_found = None
    if layer is not None:
        # with layer_top: the top Document or Folder (a KML of one placemark has none)
        chosen = ({0} if containers else {-1}) if layer_top else _kml_layer_containers(containers, layer, layer_names)
        layer_found = bool(chosen)
        if not chosen and not allow_empty:
            _kml_no_layer(path, layer, layer_names, containers)
        placemarks = [pm for pm in placemarks if pm["container"] in chosen]
        links = [link for link in links if link[2] in chosen]
        if chosen and not placemarks and not links and not allow_empty:
            _fail(path, tr("layer {layer} holds no placemarks", layer=repr(layer)))
    problems: list[Problem] = []
    rows, lines = [], []
    altitudes: dict[int, float] = {}  # row -> height above ground of its point
    height_given = False  # a height field in the file (ExtendedData, a balloon's table), even left empty
    tech_keys: set[str] = set()  # the names of the fields read as the technology
    azimuth_keys: set[str] = set()  # and as the azimuths
    tracks: list[tuple[int, str, float]] = []  # (line, name, metres) of the tracks that moved
    footprints = 0  # placemarks drawn as areas no more than a tower's footprint, read at their centroid
    keys_of: dict[str, str] = {}  # schema field -> the file's data name read as it ('Height (m)')
    for pm in placemarks:
        line = pm["line"]
        if not pm["points"] and pm.get("track") is not None:
            problem = _track_position(pm, tracks)
            if problem is not None:
                problems.append(Problem(line, "geometry", problem))
                continue
        if not pm["points"] and pm.get("models"):  # a 3D model (a tower's, in a KMZ): placed at its location
            pm["points"], pm["modes"] = pm["models"], [""] * len(pm["models"])
        if not pm["points"] and pm.get("polygons") and not pm.get("track"):
            centre, across = _kml_area_centre(pm["polygons"])
            if centre is not None and across <= FOOTPRINT_MAX_M:  # a tower, its compound or roof drawn as an area
                pm["points"], pm["modes"] = [f"{centre[0]!r},{centre[1]!r}"], [""]
                footprints += 1
            elif centre is not None:
                problems.append(Problem(line, "geometry", tr(
                    "placemark {name} has {kind}, not a point ({metres} m across, larger than a tower's footprint)",
                    name=repr(pm.get("name", "")), kind=pm["geom"], metres=num(across, ",.0f"))))
                continue
        if not pm["points"] and not pm["geom"] and pm.get("track") is None:
            # no geometry but lon/lat fields (a table saved as KML: 'ogr2ogr -f KML' of a CSV), placed by them as a
            # vector layer's feature without geometry is
            position = _kml_data_position({**_description_table(pm.get("description") or ""), **pm["data"]})
            if position is not None:
                pm["points"], pm["modes"] = [position], [""]
        if not pm["points"]:
            kind = pm["geom"] or tr("no geometry")
            problems.append(Problem(line, "geometry", tr("placemark {name} has {kind}, not a point",
                                                         name=repr(pm.get("name", "")), kind=kind)))
            continue
        # a MultiGeometry of several points: every point is a station, 'name (1)', 'name (2)'...
        several = len(pm["points"]) > 1
        for k, coords in enumerate(pm["points"], start=1):
            tuples = re.sub(r"\s*,\s*", ",", coords).split()
            parts = tuples[0].split(",") if tuples else []
            if len(parts) < 2:
                which = tr(" (point {k} of {n})", k=k, n=len(pm["points"])) if several else ""
                problems.append(Problem(line, "coordinates", tr("not 'lon,lat[,alt]': {value}{which}",
                                                                value=repr(coords), which=which)))
                continue
            row = {st.LON: parts[0], st.LAT: parts[1], "name": pm.get("name", "")}
            height = _height_above_ground(parts, pm["modes"][k - 1] if k <= len(pm["modes"]) else "")
            if height is not None:
                altitudes[len(rows)] = height
            _folder_roles(pm["folders"], row)
            table = _description_table(pm.get("description") or "")
            if pm.get("description") and not table and not _repeats_data(pm["description"], pm["data"]):
                row["notes"] = _html_text(pm["description"])
            for key, value in table.items():  # ArcGIS and QGIS balloons: the attributes as an HTML table
                fname = _field_for_alias(key)
                height_given = height_given or fname == "antenna_height_m"
                if fname == "name" and pm.get("name") and _norm(key) != "name":
                    continue  # (as for ExtendedData below)
                if fname and value:
                    keys_of.setdefault(fname, key)
                    row[fname] = value
                    if fname == "technology":
                        tech_keys.add(key)
                    elif fname == "azimuths":
                        azimuth_keys.add(key)
            if pm.get("when"):
                row["image_date"] = pm["when"][:10]
            for key, fname in (("begin", "first_seen"), ("end", "last_seen")):
                if pm.get(key):
                    row[fname] = pm[key][:10]
                elif pm.get("track_when"):  # when the track was recorded (the day in the time's own offset)
                    days = sorted(w.strip()[:10] for w in pm["track_when"] if w.strip())
                    if days:
                        row[fname] = days[0] if fname == "first_seen" else days[-1]
            for key, value in pm["data"].items():
                fname = _field_for_alias(key)
                height_given = height_given or fname == "antenna_height_m"
                if fname == "name" and pm.get("name") and _norm(key) != "name":
                    # the placemark's own <name> is its name, as a layer's 'name' field is (QGIS writes it there):
                    # another field named like one ('기지국명', 'Site Name') does not replace it
                    continue
                if fname and value:  # an empty value (a blank cell of My Maps' sheet) keeps the placemark's own
                    keys_of.setdefault(fname, key)
                    if fname in _NUMERIC_FIELDS and _DECIMAL_COMMA.fullmatch(value):  # '30,5' (not '1,500')
                        value = value.replace(",", ".")
                    row[fname] = value
                    if fname == "technology":
                        tech_keys.add(key)
                    elif fname == "azimuths":
                        azimuth_keys.add(key)
            if several:
                row["name"] = _part_name(row.get("name"), k)
                if k > 1:
                    row.pop("station_id", None)  # one id for one station: the other points get their own
            rows.append(row)
            lines.append(line)
    if altitudes and not height_given:
        # no height given by the file: a point placed at a height above the ground (Google Earth's 'Relative to
        # ground', a pin put at the top of the mast) gives the antenna height
        for pos, height in altitudes.items():
            rows[pos]["antenna_height_m"] = height
    heights_from_altitude = len(altitudes) if altitudes and not height_given else 0
    remote, linked, seen, beside = [], [], set(visited), []
    for line, href, _container in links:
        if _kmz_member(member, href) in local_files:
            continue
        target = None if member else _local_link(path, href)
        if target is None and not member and _local_href(href):
            # a file of another computer (Google Earth writes the absolute path of a linked file,
            # 'C:\Users\...\towers.kml'), copied beside this KML with it
            target = _local_link(path, _link_file_name(href))
            if target is not None:
                beside.append((href, os.path.basename(target)))
        if target is None:
            remote.append((line, href))
        elif target not in seen:  # a link back to a file already read is not read twice
            seen.add(target)
            name = os.path.basename(target)
            try:
                sub = _import_kml_file(target, source=source, status=status, defaults=defaults, check=check,
                                       visited=frozenset(seen))
            except ImportFailed as exc:
                problems.extend(Problem(line, "NetworkLink", tr("{problem} (in the linked {name})",
                                                                problem=p.message(), name=name)) for p in exc.problems)
                continue
            problems.extend(p._replace(reason=tr("{problem} (in the linked {name})", problem=p.reason, name=name))
                            for p in sub.problems)
            linked.append((name, sub))
    if not placemarks and remote and not linked:
        line, href = remote[0]
        prefix = member + ": " if member else ""
        if _local_href(href) and not member and _link_file_name(href) == href.strip():
            _fail(path, tr("the KML only links to the file {href}, not found beside it", href=href),
                  field_name="NetworkLink", line=line)
        if _local_href(href):
            _fail(path, tr("{member}the KML only links to the file {href}, which is not on this computer (nor is "
                           "{name} beside the KML): copy {name} beside it", member=prefix, href=href,
                           name=_link_file_name(href)) if not member else
                  tr("{member}the KML only links to the file {href}, which is not in the KMZ", member=prefix,
                     href=href), field_name="NetworkLink", line=line)
        if _MY_MAPS_LINK.search(href):
            _fail(path, tr("{member}the KML only links to a Google My Maps map ({href}), which cannot be followed "
                           "offline: in My Maps, export the map to KML/KMZ without 'Keep data up to date with network "
                           "link KML'", member=prefix, href=href), field_name="NetworkLink", line=line)
        _fail(path, tr("{member}the KML only links to places elsewhere (NetworkLink to {href}), which cannot be "
                       "followed offline: open it in Google Earth and save the linked places as KML/KMZ",
                       member=prefix, href=href),
              field_name="NetworkLink", line=line)
    problems.extend(Problem(line, "NetworkLink", _unfollowed_link(href, member)) for line, href in remote)
    if not rows and not problems and not allow_empty and not any(len(sub.stations) for _n, sub in linked):
        _fail(path, tr("the KML holds no placemarks"))
    if not rows and not linked and not allow_empty:
        _refuse_shapes_only(path, problems, tr("{member}: the KML", member=member) if member else tr("the KML"))
    table = pd.DataFrame(rows) if rows else pd.DataFrame(columns=[st.LON, st.LAT])
    for col in (st.LON, st.LAT):
        if col not in table.columns:
            table[col] = None
    # placemarks are told apart by their line: a one-line KML must not lose good ones to the others' problems
    row_problems: list[Problem] = []
    details: dict = {"heights_from_altitude": heights_from_altitude} if heights_from_altitude else {}
    if layer_found is not None:  # (a KMZ's KML files: whether this one has the layer)
        details["layer_found"] = layer_found
        details["layer"] = layer  # the layer read, of several (the new layer is named after it)
        details["layers_in_file"] = max(len(layer_names or ()), 2)
    if footprints:
        details["footprints"] = {"count": footprints, "max_m": FOOTPRINT_MAX_M}
    stations = finish_table(path, table, lines, row_problems, source=source, status=status, defaults=defaults,
                            technology_column=next(iter(tech_keys)) if len(tech_keys) == 1 else "",
                            azimuth_column=next(iter(azimuth_keys)) if len(azimuth_keys) == 1 else "",
                            details=details, check=check)
    # problems name the file's own data fields ('Height (m)'), not the schema's (the command line's warnings too)
    problems += [p._replace(field=keys_of[p.field]) if keys_of.get(p.field, p.field) != p.field else p
                 for p in row_problems]
    if any(key != name for name, key in keys_of.items()):
        details["field_columns"] = {name: key for name, key in keys_of.items() if key != name}
    if member:
        problems = [p._replace(reason=tr("{problem} (in {member})", problem=p.reason, member=member))
                    for p in problems]
    if tracks:
        details["moving_tracks"] = [(line, f"{name} (in {member})" if member else name, metres)
                                    for line, name, metres in tracks]
    if beside:
        details["links_beside"] = beside
    if linked:
        frames = [stations] + [sub.stations for _name, sub in linked if len(sub.stations)]
        stations = pd.concat(frames, ignore_index=True) if len(frames) > 1 else stations
        details["linked_files"] = [name for name, _sub in linked]
    return ImportResult(stations, _sort_problems(problems), "kml", str(path),
                        len(placemarks) + sum(sub.rows_read for _name, sub in linked), details)


#: KML is parsed this many bytes at a time.
KML_BLOCK_BYTES = 1 << 20


#: A track (gx:Track) whose positions all lie within this distance of their mean is one place (m): a tower
#: recorded standing still, its GPS wandering; a track that moves farther gives its last position.
TRACK_STILL_M = 10.0


#: A number written with a decimal comma ('30,5'), not one with a thousands separator ('1,500').
_DECIMAL_COMMA = re.compile(r"\s*[-+]?\d+,(?!\d{3}\s*$)\d+\s*")


def _kml_layer_containers(containers: list[dict], layer: str, names: list[str] | None) -> set[int]:
    """The Folders and Documents (indexes of ``containers``, -1 for a KML of one placemark) whose placemarks make
    the layer ``layer`` as OGR's KML reader names it. OGR makes a layer of each Folder and Document in document
    order (the top one only when it holds placemarks itself), named after it ('Towers', 'Towers (#2)' for another
    of that name, 'Layer1' for one without a name): ``names``, OGR's names of the file's layers, are matched to the
    containers so; when they cannot be (another reader of KML), the containers named ``layer`` are its layer."""
    if names is not None:
        if not containers:
            return {-1} if layer in names else set()
        order = list(range(len(containers)))
        for seq in (order, order[1:] if containers[0]["depth"] == 0 else None):
            if seq is None or len(seq) != len(names):
                continue
            if all(_ogr_named(containers[c]["name"], n) for c, n in zip(seq, names)):
                return {c for c, n in zip(seq, names) if n == layer}
    return {i for i, c in enumerate(containers) if (c["name"] or "").strip() == layer}


def _ogr_named(name: str | None, ogr_name: str) -> bool:
    """Whether OGR may have named a Folder or Document called ``name`` ``ogr_name``."""
    base = (name or "").strip()
    return not base or ogr_name == base or ogr_name.startswith(base + " (#")


def _kml_no_layer(path, layer: str, names: list[str] | None, containers: list[dict]) -> None:
    """Refuse a layer a KML or KMZ has not, listing those it has; or one whose placemarks cannot be told apart."""
    if names is not None and layer in names:
        _fail(path, tr("its layer {layer} cannot be told apart from the others' placemarks: import the whole file, "
                       "or save that layer from QGIS as a file of its own", layer=repr(layer)))
    if names is None:
        names = list(dict.fromkeys((c["name"] or "").strip() for c in containers if (c["name"] or "").strip()))
    _fail(path, tr("has no layer {layer} (layers: {layers})", layer=repr(layer),
                   layers=", ".join(repr(n) for n in names) or tr("none")))


@with_gdal_exceptions
def source_layer_names(path) -> list[str] | None:
    """The names of the layers QGIS (OGR) shows of a file, as its source names them (``doc.kml|layername=Towers``,
    ``x.osm|layername=points``); None when OGR cannot open it."""
    gdal, _ogr, _osr = _gdal()
    target = str(path)
    if _compression(path) == "gzip":
        target = "/vsigzip/" + target
    elif _compression(path):
        return None
    try:
        ds = gdal.OpenEx(target, gdal.OF_VECTOR | gdal.OF_READONLY)
    except RuntimeError:
        return None
    if ds is None:
        return None
    return [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]


def _kml_area_centre(polygons: list[dict]) -> tuple[tuple[float, float] | None, float]:
    """The centroid of a placemark's polygons (``{'outer': coordinates, 'inner': [coordinates]}``, holes taken
    out) and the diagonal of their bounding box in metres; ``(None, 0)`` when no ring can be read."""
    from shapely.geometry import Polygon
    from shapely.ops import unary_union

    def ring(text: str) -> list[tuple[float, float]]:
        points = []
        for item in re.sub(r"\s*,\s*", ",", text).split():
            parts = item.split(",")
            points.append((float(parts[0]), float(parts[1])))
        return points

    try:
        shapes = [Polygon(ring(p["outer"]), [ring(h) for h in p["inner"]]) for p in polygons if p["outer"]]
        shapes = [shape.buffer(0) if not shape.is_valid else shape for shape in shapes]
    except (ValueError, IndexError, TypeError):
        return None, 0.0
    area = unary_union(shapes) if shapes else None
    if area is None or area.is_empty or area.area <= 0:
        return None, 0.0
    west, south, east, north = area.bounds
    across = float(np.hypot((east - west) * 111_320.0 * np.cos(np.radians((south + north) / 2)),
                            (north - south) * 110_574.0))
    return (float(area.centroid.x), float(area.centroid.y)), across


def _track_position(pm: dict, moving: list) -> str | None:
    """Set the point of a placemark recorded as a track (gx:Track, gx:MultiTrack: Google Earth's 'Record a
    tour', field apps): the mean of its positions when all lie within :data:`TRACK_STILL_M` of it, else its last
    position, appending ``(line, name, metres)`` to ``moving``. Returns the reason when it has no position."""
    lons, lats = [], []
    for _line, value in pm["track"]:
        parts = value.replace(",", " ").split()
        try:
            lon, lat = float(parts[0]), float(parts[1])
        except (IndexError, ValueError):
            return tr("track {name}: gx:coord {value} is not 'lon lat [alt]'", name=repr(pm.get("name", "")),
                      value=repr(value))
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return tr("track {name}: gx:coord {value} is not 'lon lat [alt]'", name=repr(pm.get("name", "")),
                      value=repr(value))
        lons.append(lon)
        lats.append(lat)
    if not lons:
        return tr("track {name} has no position (no gx:coord)", name=repr(pm.get("name", "")))
    lon0 = lons[0]
    unwrapped = np.asarray([lon0 + ((x - lon0 + 180.0) % 360.0 - 180.0) for x in lons])  # across 180°
    lat_arr = np.asarray(lats)
    mean_lon, mean_lat = float(unwrapped.mean()), float(lat_arr.mean())
    # ground distances from the mean (equirectangular: a few metres to a few km)
    east = np.radians(unwrapped - mean_lon) * math.cos(math.radians(mean_lat)) * 6_371_008.8
    north = np.radians(lat_arr - mean_lat) * 6_371_008.8
    spread = float(np.hypot(east, north).max())
    if spread <= TRACK_STILL_M:
        lon, lat = (mean_lon + 180.0) % 360.0 - 180.0, mean_lat
    else:
        lon, lat = lons[-1], lats[-1]
        moving.append((pm["line"], pm.get("name", ""), spread))
    pm["points"] = [f"{lon!r},{lat!r}"]
    pm["modes"] = [""]
    return None


def _parse_kml_blocks(path, parser, handle, member: str, check, progress, size: int, streamed: list) -> None:
    """Feed an open KML file to ``parser`` a block at a time, when expat reads its encoding itself;
    else the whole file, decoded (:func:`_xml_as_utf8`). ``streamed`` is set to [streamed, undeclared]."""
    import codecs

    head = _without_false_utf16_declaration(handle.read(KML_BLOCK_BYTES))
    declared = _XML_ENCODING.match(head)
    try:
        # declared UTF-8 without a byte-order mark: checked as undeclared text is (it may be in the system's encoding)
        as_undeclared = declared is None or (
            codecs.lookup(declared.group(1).decode("ascii")).name == "utf-8" and not head.startswith(b"\xef\xbb\xbf"))
    except LookupError:
        as_undeclared = False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        whole = False
    elif not as_undeclared and (declared is not None or _utf16_without_mark(head)):
        try:
            whole = codecs.lookup(declared.group(1).decode("ascii")).name.replace("-", "_") not in _EXPAT_ENCODINGS \
                if declared is not None else True
        except LookupError:
            whole = True  # _xml_as_utf8 names the unknown encoding
    elif declared is None and _utf16_without_mark(head):
        whole = True
    else:
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
            whole = False
        except UnicodeDecodeError:
            whole = True
    if whole:
        parser.Parse(_xml_as_utf8(path, head + handle.read(), member), True)
        return
    streamed[:] = [True, as_undeclared]
    block, done = head, 0
    while block:
        parser.Parse(block, False)
        done += len(block)
        if check is not None:
            check()
        if progress is not None and size:
            progress(0.8 * min(done / size, 1.0))
        block = handle.read(KML_BLOCK_BYTES)
    parser.Parse(b"", True)


def _height_above_ground(parts: list[str], mode: str) -> float | None:
    """The height of a KML point above the ground, in metres: its altitude when its altitude mode is
    ``relativeToGround`` and the altitude within the antenna heights of the schema (above 0); None otherwise
    (``clampToGround``, the default, puts the point on the ground whatever its altitude, and ``absolute``
    altitudes are above the sea)."""
    if mode.strip() != "relativeToGround" or len(parts) < 3:
        return None
    try:
        height = float(parts[2])
    except ValueError:
        return None
    spec = st.FIELDS_BY_NAME["antenna_height_m"]
    return height if math.isfinite(height) and 0 < height <= spec.maximum else None


#: A NetworkLink of Google My Maps to the map online ('Keep data up to date with network link KML').
_MY_MAPS_LINK = re.compile(r"^https?://(?:www\.)?google\.[a-z.]+/maps/d/", re.IGNORECASE)


def _local_href(href: str) -> bool:
    """Whether a NetworkLink's ``href`` names a file (relative, absolute, ``C:\\...``, ``file://``), not a web
    address."""
    href = href.strip()
    return bool(href) and (href.lower().startswith("file:") or re.match(r"^[A-Za-z]:[\\/]", href) is not None
                           or re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE) is None)


def _link_file_name(href: str) -> str:
    """The file name a NetworkLink's ``href`` ends with (of a Windows path too)."""
    from urllib.parse import unquote

    return unquote(re.split(r"[\\/]", href.strip().split("?", 1)[0].split("#", 1)[0])[-1])


def _unfollowed_link(href: str, member: str):
    """Why the places a NetworkLink loads are not imported."""
    if _local_href(href):
        if member:
            return tr("links to the file {href}, which is not in the KMZ: the places it loads are not imported",
                      href=href)
        if _link_file_name(href) == href.strip():
            return tr("links to the file {href}, not found beside the KML: the places it loads are not imported",
                      href=href)
        return tr("links to the file {href}, which is not on this computer (nor is {name} beside the KML): the "
                  "places it loads are not imported; copy {name} beside the KML", href=href,
                  name=_link_file_name(href))
    if _MY_MAPS_LINK.search(href):
        return tr("links to a Google My Maps map ({href}), which cannot be followed offline: its places are not "
                  "imported; in My Maps, export the map to KML/KMZ without 'Keep data up to date with network link "
                  "KML'", href=href)
    return tr("links to {href}: the places it loads cannot be followed offline and are not imported", href=href)


def _local_link(path, href: str) -> str | None:
    """The KML/KMZ file on this computer a NetworkLink's ``href`` names (relative to the KML ``path``,
    absolute, or a ``file://`` URL), None for a web address or a file that is not there."""
    from urllib.parse import unquote, urlparse

    href = href.strip()
    if href.lower().startswith("file:"):
        target = unquote(urlparse(href).path)
        if re.match(r"^/[A-Za-z]:/", target):  # file:///C:/maps/more.kml
            target = target[1:]
    elif re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE) and not re.match(r"^[A-Za-z]:[\\/]", href):
        return None
    else:
        target = os.path.join(os.path.dirname(os.path.abspath(str(path))), unquote(href.split("?", 1)[0]))
    target = os.path.realpath(target)
    if not os.path.isfile(target) or not target.lower().endswith((".kml", ".kmz")):
        return None
    return target


_XML_ENCODING = re.compile(rb'^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["\']([A-Za-z0-9._:-]+)["\']')
#: Encodings expat reads itself; any other declared one is decoded here.
_EXPAT_ENCODINGS = {"utf_8", "utf_16", "ascii", "latin_1", "iso8859_1"}


_XML_ENCODING_ATTRIBUTE = re.compile(rb"""(<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")


def _without_false_utf16_declaration(data: bytes) -> bytes:
    """``data`` without its XML declaration's encoding when it declares UTF-16 but is written in single bytes
    (no byte-order mark, no zero byte every other byte: some exporters write UTF-8 and declare UTF-16, which
    expat refuses): it is then read as undeclared text (UTF-8, else as :func:`decode_text` finds)."""
    match = _XML_ENCODING.match(data)
    if match is None or not match.group(1).lower().replace(b"-", b"").replace(b"_", b"").startswith(
            (b"utf16", b"ucs2")):
        return data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_mark(data):
        return data
    return _XML_ENCODING_ATTRIBUTE.sub(rb"\1", data, count=1)


def _xml_as_utf8(path, data: bytes, member: str = "") -> bytes:
    """XML bytes expat can read: a document declared in another encoding (Korean EUC-KR / CP949,
    Shift_JIS...) or undeclared and not UTF-8 (Windows-1252, CP949: see :func:`decode_text`) is
    decoded and given back as UTF-8, its declaration saying so."""
    import codecs

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data
    data = _without_false_utf16_declaration(data)
    where = f" ({member})" if member else ""
    utf16 = _utf16_without_mark(data)
    if utf16:  # expat reads UTF-16 only with its byte-order mark
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as exc:
            _fail(path, tr("the text looks like {encoding} (every other byte is zero) but is not valid "
                           "{encoding}{member}", encoding=utf16.upper(), member=where),
                  line=data[:exc.start].decode(utf16, "replace").count("\n") + 1)
        text = re.sub(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])[^"']*""", r"\1UTF-8", text, count=1)
        return text.encode("utf-8")
    match = _XML_ENCODING.match(data)
    if match is None:
        try:
            data.decode("utf-8")
            return data
        except UnicodeDecodeError:
            pass
        text, _enc, problems = decode_text(path, data)
        return data if problems else text.encode("utf-8")
    declared = match.group(1).decode("ascii")
    try:
        codec = codecs.lookup(declared).name.replace("-", "_")
    except LookupError:
        _fail(path, tr("the XML declares an unknown text encoding {encoding}{member}", encoding=repr(declared),
                       member=where), line=1)
    if codec == "utf_8" and not data.startswith(b"\xef\xbb\xbf"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            # declared UTF-8 but saved in the system's encoding (a KML edited in Notepad and saved as 'ANSI': CP949
            # on Korean Windows, Windows-1252): read as undeclared text is, when all of it reads so
            text, _enc, problems = decode_text(path, _XML_ENCODING_ATTRIBUTE.sub(rb"\1", data, count=1))
            if problems:
                _fail(path, tr("the text is not valid {encoding} as its XML declaration says (byte {byte}){member}",
                               encoding=declared, byte=exc.start, member=where),
                      line=data[:exc.start].count(b"\n") + 1)
            return text.encode("utf-8")
        return data
    if codec in _EXPAT_ENCODINGS:
        return data
    codec = "cp949" if codec == "euc_kr" else codec  # Korean Windows text is declared EUC-KR but is CP949
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        _fail(path, tr("the text is not valid {encoding} as its XML declaration says (byte {byte}){member}",
                       encoding=declared, byte=exc.start, member=where), line=data[:exc.start].count(b"\n") + 1)
    start, end = match.span(1)
    head = data[:start].decode("ascii", errors="replace").lstrip("\ufeff")
    return (head + "UTF-8" + text[len(data[:end].decode(codec)):]).encode("utf-8")


_SHAPE_PROBLEM = re.compile(r"(?:has|is an?) (\w+), not a point")
#: OGR's and KML's names (lower case) of the shapes said as polygons and as lines
_AREA_KINDS = {"polygon", "multipolygon", "curvepolygon", "multisurface", "surface", "triangle", "tin",
               "polyhedralsurface"}
_LINE_KINDS = {"linestring", "multilinestring", "linearring", "circularstring", "compoundcurve", "multicurve",
               "curve"}


def _refuse_shapes_only(path, problems: list[Problem], what: str) -> None:
    """Refuse a file whose every feature is a line or an area (nothing to import even when skipping
    bad rows), saying so once instead of listing each feature."""
    shapes = [_SHAPE_PROBLEM.search(p.reason) for p in problems]
    if not shapes or not all(p.field == "geometry" and m for p, m in zip(problems, shapes)):
        return
    counts: dict[str, int] = {}
    for match in shapes:
        kind = match.group(1).lower()
        kind = "polygon" if kind in _AREA_KINDS else "line" if kind in _LINE_KINDS else "other"
        counts[kind] = counts.get(kind, 0) + 1
    # counted in words ('2 polygons, 1 line'), not by OGR's type names ('2 Polygon'); pylupdate5 reads each tr()
    held = joined(", ", [tr("{n} polygon", "{n} polygons", n) if kind == "polygon" else
                         tr("{n} line", "{n} lines", n) if kind == "line" else
                         tr("{n} other shape", "{n} other shapes", n) for kind, n in counts.items()])
    larger = tr(" (areas up to {m} m across are read as towers' footprints, at their centroid; these are larger)",
                m=num(FOOTPRINT_MAX_M, "g")) if any("m across" in p.reason for p in problems) else ""
    _fail(path, tr("{what} holds only lines or areas ({held}), not a point: a station is a point{larger}. For towers "
                   "drawn as areas, make their centroids in QGIS ({menu}) and import those", what=what, held=held,
                   larger=larger, menu=tr("Vector › Geometry Tools › Centroids")),
          field_name="geometry", line=min(p.line for p in problems))


def _html_text(text: str) -> str:
    """The text of a balloon's HTML: tags as blanks, entities decoded, blanks collapsed."""
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


_TABLE_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.IGNORECASE | re.DOTALL)
_TABLE_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]\s*>", re.IGNORECASE | re.DOTALL)


def _description_table(description: str) -> dict[str, str]:
    """``name -> value`` of a description that is an HTML table of two-cell rows (ArcGIS 'Layer To KML',
    QGIS and Google Earth balloons put a feature's attributes there, with no ExtendedData)."""
    if "<t" not in description.lower():
        return {}
    pairs: dict[str, str] = {}
    for row in _TABLE_ROW.findall(description):
        cells = _TABLE_CELL.findall(row)
        if len(cells) == 2:
            key = _html_text(cells[0])
            if key and not _TABLE_ROW.search(cells[1]):
                pairs.setdefault(key, _html_text(cells[1]))
    return pairs


def _repeats_data(description: str, data: dict) -> bool:
    """Whether a placemark's description only repeats its ExtendedData as ``name: value`` lines (Google My Maps
    writes the columns of a layer so, ``operator: Koryolink<br>technology: LTE``, after the ``<img>`` of a photo
    added to the place): no notes."""
    lines = [line for line in re.split(r"<br\s*/?>|\n", description, flags=re.IGNORECASE) if _html_text(line)]
    if not data or not lines:
        return False
    for line in lines:
        key, sep, value = _html_text(line).partition(":")
        if not sep or key.strip() not in data or str(data[key.strip()]).strip() != value.strip():
            return False
    return True


def _part_name(name, k: int) -> str:
    """The name of the ``k``-th point of a multi-point placemark or feature: ``'name (k)'`` (unnamed stays so)."""
    name = "" if name is None else str(name).strip()
    return f"{name} ({k})" if name else ""


def _kmz_member(member: str, href: str) -> str:
    """The archive path a relative ``href`` of the KMZ file ``member`` points to."""
    href = href.strip().split("#", 1)[0]
    if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE) or href.startswith("/"):
        return href
    return posixpath.normpath(posixpath.join(posixpath.dirname(member), href))


#: Folder names Google My Maps and Google Earth give by themselves, and names of what the places are
#: (English and Korean): no operator.
_GENERIC_FOLDERS = {"untitled layer", "untitled folder", "untitled map", "new folder", "my places",
                    "temporary places", "places", "layer", "folder", "제목 없는 레이어", "제목없는 레이어",
                    "제목 없는 폴더", "제목없는 폴더", "제목 없는 지도", "새 폴더", "내 장소", "임시 장소", "장소",
                    "레이어", "폴더", "towers", "tower", "cell towers", "cell sites", "sites", "base stations",
                    "stations", "masts", "antennas", "기지국", "송신탑", "철탑", "안테나"}


#: A date, year, month or quarter in a folder's name ('Survey 2021', 'Towers 2021-05-03', 'Export 12.03.2022',
#: '20210503', '05/2021', '2021년 5월', '5월 3일', 'Q3'): the survey or save the folder was kept for. A year
#: written first (alone, or before its month and day) is one from 1980 on, mobile networks' years: 'MTS 1900'
#: names the 1900 MHz band.
_FOLDER_DATE = re.compile(
    r"\d{1,4}\s*년|\d{1,2}\s*월|\d{1,2}\s*일"
    r"|(?<!\d)(?:19[89]\d|20\d{2})(?:\d{4}|[./_-]\d{1,2}(?:[./_-]\d{1,2})?)?(?!\d)"
    r"|(?<!\d)\d{1,2}[./_-]\d{1,2}[./_-]\d{2}(?:\d{2})?(?!\d)|(?<!\d)\d{1,2}[./_-](?:19|20)\d{2}(?!\d)"
    r"|\bq[1-4]\b", re.IGNORECASE)
#: Month names, taken out of a name that has a date or year ('Koryolink May 2021').
_FOLDER_MONTHS = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?", re.IGNORECASE)
#: Words naming a survey, save or version of a map rather than an operator (English as whole words, also in the
#: plural or past; Korean within a word, '현장조사', '지도 사본' too).
_FOLDER_WORK_WORDS = re.compile(
    r"\b(?:surveys?|surveyed|exports?|exported|backups?|back[\s-]up|copy|copies|drafts?|maps?|projects?"
    r"|snapshots?|archives?|archived|versions?)\b", re.IGNORECASE)
_FOLDER_WORK_KO = re.compile("복사본|내보내기|조사|백업|사본|초안|지도|프로젝트|답사|보관")
#: Words left around an operator's name once the survey's words are out ('My survey' → 'My', 'Copy of towers'
#: → 'of towers', '현장조사' → '현장'): alone they name no operator, and they are trimmed from around one.
_FOLDER_FILLER = {"my", "our", "the", "a", "an", "of", "for", "from", "in", "on", "at", "by", "and", "&", "with",
                  "new", "old", "final", "latest", "full", "field", "data", "visit", "visits", "network", "networks",
                  "site", "sites", "cell", "cells", "tower", "towers", "station", "stations", "base", "mast", "masts",
                  "antenna", "antennas", "places", "layer", "folder", "untitled", "현장", "내", "새", "최종", "자료",
                  "데이터", "기지국", "장소", "폴더", "레이어", "및"}
_FOLDER_PUNCTUATION = " \t-_,.:;/|~#+*'\"()[]{}"


def _folder_operator(name: str) -> str:
    """The operator a KML folder's name gives, '' when it names none: not a default name of Google My Maps or
    Google Earth ('Untitled layer', 'My Places', numbered 'Untitled layer 2'), what the places are ('Towers',
    '기지국'), or a file name ('towers.csv', the layer of a spreadsheet imported into My Maps). A folder a survey
    or save was kept in names its operator once its date or year and the words of the survey, export, backup,
    copy, draft, map or project are taken out ('Koryolink 2021', 'Koryolink (2021-05)': Koryolink;
    'Kangsong NET survey 2020': Kangsong NET), none when nothing else is left ('Survey 2021',
    'Towers 2021-05-03', 'Export 12.03.2022', 'My survey (copy)', '현장조사', '백업')."""
    text = " ".join(str(name).split())
    full = text.lower()
    key = re.sub(r"\s*\(?\d+\)?$", "", full)
    if key in _GENERIC_FOLDERS or re.search(r"\.(?:kml|kmz|csv|tsv|txt|xlsx?|gpx|shp|geojson|json)$", key):
        return ""
    dated = _FOLDER_DATE.search(text) is not None
    rest = _FOLDER_DATE.sub(" ", text).replace("_", " ")
    if dated:
        rest = _FOLDER_MONTHS.sub(" ", rest)
    rest = _FOLDER_WORK_KO.sub(" ", _FOLDER_WORK_WORDS.sub(" ", rest))
    if rest == text.replace("_", " "):  # nothing of a survey or save in it: the name as it is
        return text
    # what is left, without brackets emptied, lone punctuation and filler words around it
    while True:
        trimmed = re.sub(r"\(\W*\)|\[\W*\]|\{\W*\}", " ", rest)
        if trimmed == rest:
            break
        rest = trimmed
    # (numbers left alone are what remains of a date or a copy's number: 'Koryolink backup 2021 (2)')
    words = [word for word in rest.split() if word.strip(_FOLDER_PUNCTUATION).strip("0123456789")]
    while words and words[0].lower().strip(_FOLDER_PUNCTUATION) in _FOLDER_FILLER:
        words.pop(0)
    while words and words[-1].lower().strip(_FOLDER_PUNCTUATION) in _FOLDER_FILLER:
        words.pop()
    operator = " ".join(words).strip(" -_,.:;/|~#+*")
    if operator.count("(") != operator.count(")"):
        operator = operator.strip("()")
    if not re.search(r"[^\W\d_]", operator) or operator.lower() in _GENERIC_FOLDERS:
        return ""
    return operator


def _folder_roles(folders: list[str], row: dict) -> None:
    """Operator (and technology) of a placemark from its enclosing folders: a folder named for a
    technology ("3G", "UMTS", "LTE") gives the technology, the innermost other folder naming an operator
    the operator ("Koryolink › 3G": Koryolink, 3G; "Koryolink 2021": Koryolink). Fields of the placemark's
    own data win later."""
    operators = []
    for name in folders:
        tech = st.normalize_technology(name)
        if tech != "unknown":
            row["technology"] = tech
        elif operator := _folder_operator(name):
            operators.append(operator)
    if operators:
        row["operator"] = operators[-1]


def _kml_data_position(data: dict) -> str | None:
    """``'lon,lat'`` of a placemark's data fields named as longitude and latitude (decimal degrees, also with a
    decimal comma), None when it has no such pair of numbers."""
    roles = guess_mapping(list(data))
    if "lon" not in roles or "lat" not in roles:
        return None
    values = []
    for role in ("lon", "lat"):
        text = str(data[roles[role]] or "").strip()
        if _DECIMAL_COMMA.fullmatch(text):
            text = text.replace(",", ".")
        try:
            values.append(float(text))
        except ValueError:
            return None
    if not all(math.isfinite(v) for v in values):
        return None
    return f"{values[0]!r},{values[1]!r}"


def _field_for_alias(name: str) -> str | None:
    key = _norm(name)
    for fname, aliases in FIELD_ALIASES.items():
        if key in aliases:
            return fname
    return None


def import_kml(path, **options) -> ImportResult:
    """A KML file, read a block at a time (a KMZ archive saved under a ``.kml`` name is read as the KMZ it is)."""
    head = _read_head(path, 4096)
    if not head.strip():
        _fail(path, tr("the file is empty"))
    if head.startswith(b"PK\x03\x04"):
        return import_kmz(path, **options)
    source = options.pop("source", None) or os.path.basename(str(path))
    visited = options.pop("visited", frozenset()) | {os.path.realpath(str(path))}
    if options.get("layer") is not None and "layer_names" not in options:
        options["layer_names"] = source_layer_names(path)
    return parse_kml(path, lambda: _open_binary(path), source, size=os.path.getsize(str(path)), visited=visited,
                     **options)


def _import_kml_file(path, **options) -> ImportResult:
    """A linked KML or KMZ file (see :func:`parse_kml`'s NetworkLinks)."""
    return import_kmz(path, **options) if str(path).lower().endswith(".kmz") else import_kml(path, **options)


def import_kmz(path, **options) -> ImportResult:
    """A KMZ (zip): every KML file in it, ``doc.kml`` (or the top-level one) first.

    NetworkLinks between the KML files of the archive are not reported (their places are read).
    """
    source = options.pop("source", None) or os.path.basename(str(path))
    # (a link back to this KMZ, or to a file linking back to it, is not followed again)
    visited = options.pop("visited", frozenset()) | {os.path.realpath(str(path))}
    progress = options.pop("progress", None)
    layer = options.pop("layer", None)
    names = options.pop("layer_names", None)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        _fail(path, tr("file not found"))
    except (zipfile.BadZipFile, OSError):
        if _read_head(path, 4096).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):  # plain KML under a .kmz name
            return import_kml(path, source=source, progress=progress, layer=layer, visited=visited, **options)
        _fail(path, tr("not a valid KMZ (zip) archive"))
    with archive:
        # a KMZ zipped again on a Mac carries AppleDouble copies (__MACOSX/._doc.kml): not KML
        infos = [i for i in archive.infolist() if i.filename.lower().endswith(".kml") and not i.is_dir()
                 and not i.filename.startswith("__MACOSX/") and not posixpath.basename(i.filename).startswith("._")]
        if not infos:
            _fail(path, tr("the KMZ contains no KML file"))
        infos.sort(key=lambda i: (os.path.basename(i.filename).lower() != "doc.kml", i.filename.count("/"),
                                  i.filename))
        total = sum(i.file_size for i in infos)
        if total > KMZ_MAX_BYTES:
            _fail(path, tr("its KML would expand to {mb} MB: refused", mb=num(total / 1e6, ".0f")))
        documents = [(i.filename, i) for i in infos]
        done = 0

        def opener(info):
            return lambda: archive.open(info)

        def part_progress(info):
            start = done
            return None if progress is None or not total else \
                (lambda f: progress(0.8 * (start + f / 0.8 * info.file_size) / total))

        if layer is not None and names is None:
            names = source_layer_names(path)
        if len(documents) == 1:
            return parse_kml(path, opener(infos[0]), source, size=infos[0].file_size, progress=progress,
                             layer=layer, layer_names=names, visited=visited, **options)
        local = {name for name, _info in documents}
        results, unreadable = [], []
        for name, info in documents:
            # OGR reads doc.kml as an index of the archive's other KML files: each linked file is a layer named
            # after it ('files/north.kml' the layer 'north', its top placemarks; its Folders are layers of their own)
            top = layer is not None and name != documents[0][0] and \
                posixpath.splitext(posixpath.basename(name))[0] == layer
            try:  # (OGR's layers are named after doc.kml's links to the others: a layer is told by its name)
                results.append(parse_kml(path, opener(info), source, member=name, local_files=local,
                                         allow_empty=True, size=info.file_size, progress=part_progress(info),
                                         layer=layer, layer_top=top, visited=visited, **options))
            except ImportFailed as exc:  # one broken KML of the archive is reported, the others are read
                unreadable += [p._replace(reason=tr("{problem} (in {member})", problem=p.reason, member=name))
                               for p in exc.problems]
            done += info.file_size
    if not results:
        raise ImportFailed(path, unreadable)
    if layer is not None:
        results = [r for r in results if r.details.get("layer_found")]
        if not results and not unreadable:
            _kml_no_layer(path, layer, names, [])
        if not results:
            raise ImportFailed(path, unreadable)
        if not any(len(r.stations) or r.problems for r in results):
            _fail(path, tr("layer {layer} holds no placemarks", layer=repr(layer)))
    frames = [r.stations for r in results if len(r.stations)]
    if not frames and not unreadable and not any(r.problems for r in results):
        _fail(path, tr("the KMZ's {n} KML file holds no placemarks", "the KMZ's {n} KML files hold no placemarks",
                       len(documents)))
    stations = pd.concat(frames, ignore_index=True) if frames else results[0].stations
    problems = unreadable + [p for r in results for p in r.problems]
    if not frames:
        _refuse_shapes_only(path, problems, tr("the KMZ's {n} KML file", "the KMZ's {n} KML files", len(documents)))
    details = {"kml_files": [name for name, _data in documents]}
    if layer is not None:
        details.update(layer=layer, layers_in_file=max(len(names or ()), 2))
    heights = sum(r.details.get("heights_from_altitude", 0) for r in results)
    if heights:
        details["heights_from_altitude"] = heights
    footprints = sum(r.details.get("footprints", {}).get("count", 0) for r in results)
    if footprints:
        details["footprints"] = {"count": footprints, "max_m": FOOTPRINT_MAX_M}
    tracks = [t for r in results for t in r.details.get("moving_tracks", ())]
    if tracks:
        details["moving_tracks"] = tracks
    generations = [r.details["generation_numbers"] for r in results if "generation_numbers" in r.details]
    if generations:
        details["generation_numbers"] = {
            "column": ", ".join(dict.fromkeys(g["column"] for g in generations)),
            "values": dict(sorted({k: v for g in generations for k, v in g["values"].items()}.items())),
            "rows": sum(g["rows"] for g in generations)}
    return ImportResult(stations, problems, "kml", str(path), sum(r.rows_read for r in results), details)


# --------------------------------------------------------------------------------------------
# OGR formats: GeoJSON / GeoPackage / Shapefile, and OpenStreetMap
# --------------------------------------------------------------------------------------------
def _gdal():
    try:
        from osgeo import gdal, ogr, osr
    except ImportError as exc:  # pragma: no cover - GDAL ships with QGIS
        raise ImportFailed("", [Problem(0, "", tr("GDAL's Python bindings are missing ({error})",
                                                  error=str(exc)))]) from exc
    if not gdal.GetUseExceptions():
        # callers run inside gdal_exceptions(): GDAL's mode is never switched for the whole process
        raise RuntimeError("GDAL readers must run within gdal_util.gdal_exceptions()")
    return gdal, ogr, osr


def _wgs84_transform(path, srs, osr, layer_name: str, crs: str | None):
    target = osr.SpatialReference()
    target.ImportFromEPSG(4326)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    if srs is None:
        if not crs:
            _fail(path, tr("layer {layer} has no CRS (a shapefile without its .prj?): choose its CRS",
                           layer=repr(layer_name)))
        srs = osr.SpatialReference()
        if srs.SetFromUserInput(crs) != 0:
            _fail(path, tr("unknown CRS {crs}", crs=repr(crs)))
    srs = srs.Clone()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    if srs.IsSame(target):
        return None
    return osr.CoordinateTransformation(srs, target)


def _released_on_failure(func):
    """Raise a reader's :class:`ImportFailed` without the frames that hold its OGR data source, layer and
    features: kept alive by the exception's traceback (a caller or test keeping the error), they were
    freed in any order when Python exited, and freeing a layer after its data source crashed the
    process (double free)."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        failure = None
        try:
            return func(*args, **kwargs)
        except ImportFailed as exc:
            failure = exc.with_traceback(None)  # the reader's frames go now, in their own order
            failure.__context__ = failure.__cause__ = None  # (a GDAL error's traceback holds them too)
        raise failure

    return wrapper


def _open_vector(path, gdal):
    """A vector file opened for reading; a workbook (XLSX, ODS) whose sheets GDAL read without a header row,
    because every cell of their first two rows is text (a list of DMS texts, or of numbers typed as text, has
    only text cells), is opened again with the first row as the header when its columns then give positions."""
    ds = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY)
    driver = ds.GetDriver().ShortName if ds is not None else ""
    if driver not in ("XLSX", "ODS") or any(_lonlat_fields(ds.GetLayer(i)) for i in range(ds.GetLayerCount())):
        return ds
    key = f"OGR_{driver}_HEADERS"
    before = gdal.GetThreadLocalConfigOption(key, None)
    gdal.SetThreadLocalConfigOption(key, "FORCE")
    try:  # (the sheets are read when their layers are first asked for: within the option)
        forced = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY)
        found = forced is not None and any(_lonlat_fields(forced.GetLayer(i)) for i in range(forced.GetLayerCount()))
    finally:
        gdal.SetThreadLocalConfigOption(key, before)
    return forced if found else ds


_SOURCE_PART = re.compile(r"\|(?=\s*layer(?:name|id)\s*=)", re.IGNORECASE)


def _source_file_and_parts(source: str) -> tuple[str, list[str]]:
    """A source's file and the parts after it. The file's path may hold '|' itself (a folder 'a|b' on Linux or
    macOS): the file is the shortest part before a '|' that exists, else the text before the first
    '|layername=' or '|layerid=', else the text before the first '|' when an option ('key=value') follows, else
    the whole text (a file not found, said missing by its reader)."""
    cuts = [i for i, ch in enumerate(source) if ch == "|"]
    for i in cuts:
        if os.path.isfile(source[:i]):
            return source[:i], source[i + 1:].split("|")
    known = _SOURCE_PART.search(source)
    if known is None and "=" not in source[cuts[0]:]:  # no option after any '|': a file's path ('a|b/x.csv')
        return source, []
    i = known.start() if known else cuts[0]
    return source[:i], source[i + 1:].split("|")


@with_gdal_exceptions
def split_source(source: str) -> tuple[str, str | None]:
    """A layer's source as QGIS shows it, ``stations.gpkg|layername=towers`` or ``stations.gpkg|layerid=1`` (the
    layer's number in the file, from 0; ``towers.shp|layerid=0``), as ``(file, layer name)``: the one reading of
    such a source for Processing and the command line. A plain file name (even one holding ``|``) is
    ``(source, None)``, as is the only layer of a file. Raises :class:`ImportFailed` for another part after the
    file name, or a layer number the file has not."""
    source = str(source)
    if "|" not in source or os.path.exists(source):
        return source, None
    file, parts = _source_file_and_parts(source)
    name = number = None
    for part in parts:
        key, _sep, value = part.partition("=")
        key, value = key.strip().lower(), value.strip()
        if key == "layername" and value:
            name = value
        elif key == "layerid" and re.fullmatch(r"\d+", value):
            number = int(value)
        else:
            _fail(file, tr("{part} after the file name is not understood: give the file, or 'file.gpkg|layername=NAME' "
                           "(or |layerid=N, its number from 0) for one layer of it", part=repr(part)))
    kind = detect_kind(file) if number is not None and name is None and os.path.isfile(file) else ""
    if kind not in ("vector", "kml", "kmz", "osm") or (kind == "osm" and sniff_json(file)):
        return file, name  # (a file not found, or of one table, is said so by its reader)
    if kind != "vector":  # KML's folders, OSM's points, lines...: OGR's layers, as QGIS numbers them
        names = source_layer_names(file)
        if names is None:
            return file, None  # said by the reader
    else:
        gdal, _ogr, _osr = _gdal()
        try:
            ds = _open_vector(file, gdal)
        except RuntimeError:
            return file, None  # said by the reader
        names = [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())] if ds is not None else []
    if number >= len(names):
        _fail(file, tr("has no layer {number} (|layerid= numbers its layers from 0: {layers})", number=number,
                       layers=", ".join(f"{i} {n!r}" for i, n in enumerate(names)) or tr("none")))
    return file, names[number] if len(names) > 1 else None


@with_gdal_exceptions
def list_vector_layers(path) -> list[str]:
    gdal, _ogr, _osr = _gdal()
    try:
        ds = _open_vector(path, gdal)
    except RuntimeError as exc:
        _fail(path, tr("cannot be opened as vector data ({error})", error=str(exc).strip()))
    return [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]


@with_gdal_exceptions
def vector_layer_choices(path) -> tuple[list[tuple[str, str, int]], str | None]:
    """The layers with geometry of a vector file as ``(name, geometry type, features)``, and the one
    :func:`import_vector` reads when none is named; ``([], None)`` when the file cannot be opened."""
    gdal, ogr, _osr = _gdal()
    try:
        ds = _open_vector(path, gdal)
    except RuntimeError:
        return [], None
    if ds is None or ds.GetLayerCount() == 0:
        return [], None
    layers = [ds.GetLayer(i) for i in range(ds.GetLayerCount())]
    default = _station_layer(ds, ogr).GetName()
    # empty layers are no choice (a GPX's routes and tracks without any), unless read by default; a table
    # without geometry (a spreadsheet's sheet, a GeoPackage attribute table) is one when it has lon/lat columns
    choices = [(lyr.GetName(), ogr.GeometryTypeToName(lyr.GetGeomType()) if lyr.GetGeomType() != ogr.wkbNone
                else "lon/lat", lyr.GetFeatureCount())
               for lyr in layers if lyr.GetGeomType() != ogr.wkbNone or _lonlat_fields(lyr)]
    choices = [c for c in choices if c[2] != 0 or c[0] == default]
    return choices, default


@with_gdal_exceptions
def vector_driver(path) -> str:
    """The short name of the GDAL driver reading a vector file (``XLSX``, ``ODS``, ``GPKG``, ``ESRI Shapefile``,
    ``GeoJSON``...), ``""`` when OGR cannot open it (a compressed GeoJSON, a damaged file)."""
    gdal, _ogr, _osr = _gdal()
    try:
        ds = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY)
    except RuntimeError:
        return ""
    return ds.GetDriver().ShortName if ds is not None else ""


@with_gdal_exceptions
def sheet_layout(path, layer: str | None = None, preview_rows: int = 20) -> CsvLayout | None:
    """The columns, guessed roles and first rows of a table without geometry of a vector file (a workbook's sheet:
    ``layer``, else the one :func:`import_vector` reads), as :func:`csv_layout` gives a CSV's, for choosing its
    columns (``mapping`` and ``crs`` of :func:`import_vector`); None for a layer with geometry, or when the file
    cannot be read."""
    gdal, ogr, _osr = _gdal()
    try:
        ds = _open_vector(path, gdal)
    except RuntimeError:
        return None
    if ds is None or ds.GetLayerCount() == 0:
        return None
    lyr = ds.GetLayerByName(layer) if layer else _station_layer(ds, ogr)
    if lyr is None or lyr.GetGeomType() != ogr.wkbNone:
        return None
    defn = lyr.GetLayerDefn()
    columns = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    preview = []
    lyr.ResetReading()
    for feat in lyr:
        if len(preview) >= preview_rows:
            break
        preview.append([str(feat.GetField(i)) if feat.IsFieldSetAndNotNull(i) else "" for i in range(len(columns))])
    lyr.ResetReading()
    return CsvLayout(encoding="", delimiter="", columns=columns, has_header=True, kind="sheet",
                     mapping=guess_mapping(columns), preview=preview, problems=[])


@_released_on_failure
@with_gdal_exceptions
def import_vector(path, *, layer: str | None = None, crs: str | None = None, source: str | None = None,
                  status: str = "candidate", defaults: dict | None = None, check=None, progress=None,
                  keep_fields: dict | None = None, mapping: dict | None = None) -> ImportResult:
    """Points of a GeoJSON / GeoPackage / Shapefile layer (any OGR vector format).

    Attributes named like schema fields (or their aliases) are read; other geometry types are
    reported. ``crs`` is used only for a layer that has none. A feature without geometry is placed by
    its lon/lat fields (degrees) when the layer has them; a table without geometry (a workbook's sheet) by
    lon/lat or x/y fields in ``crs``, read as a CSV's columns are, ``mapping`` (as in :func:`import_csv`, ``""``
    for no column) choosing its columns over the names guessed. ``keep_fields`` as in :func:`import_csv`.
    """
    source = source if source is not None else os.path.basename(str(path))
    gdal, ogr, osr = _gdal()
    if not os.path.exists(str(path)):
        _fail(path, tr("file not found"))
    if os.path.getsize(str(path)) == 0:
        _fail(path, tr("the file is empty"))
    try:
        ds = _open_vector(path, gdal)
    except RuntimeError as exc:
        _fail(path, path_length_problem(path) or tr("cannot be opened as vector data ({error})",
                                                    error=str(exc).strip()))
    if ds is None or ds.GetLayerCount() == 0:
        _fail(path, tr("holds no vector layer"))
    dbf_encoding = _shapefile_encoding(path, ds)
    if dbf_encoding:
        ds = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY, open_options=[f"ENCODING={dbf_encoding}"])
    lyr = ds.GetLayerByName(layer) if layer else _station_layer(ds, ogr)
    if lyr is None:
        _fail(path, tr("has no layer {layer} (layers: {layers})", layer=repr(layer),
                       layers=", ".join(list_vector_layers(path))))
    if _is_osm_layer(lyr) and lyr.GetGeomType() != ogr.wkbNone:  # QGIS's OSM layer saved as it came
        others = [o.GetName() for o in (ds.GetLayer(i) for i in range(ds.GetLayerCount()))
                  if o.GetName() != lyr.GetName() and o.GetGeomType() != ogr.wkbNone and o.GetFeatureCount() > 0]
        return _import_osm_layer(path, ds, lyr, source=source, status=status, defaults=defaults, check=check,
                                 progress=progress, crs=crs,
                                 details={"layer": lyr.GetName(), "layers_in_file": len(others) + 1,
                                          **({"other_layers": others} if others and not layer else {})})
    defn = lyr.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    # columns chosen for a table's roles (Processing's X_FIELD/Y_FIELD on a sheet); a layer with geometry has its own
    # ('' for a role: no column, not even the one its name suggests)
    chosen = dict(mapping or {}) if lyr.GetGeomType() == ogr.wkbNone else {}
    for role, col in chosen.items():
        if col and col not in names:
            _fail(path, tr("the column {column} chosen for {role} is not in layer {layer}", column=repr(col),
                           role=role, layer=repr(lyr.GetName())))
    mapping = _chosen_roles(path, _guess_layer_mapping(ds, names), chosen,
                            tr("layer {layer}: ", layer=repr(lyr.GetName())))
    if lyr.GetGeomType() == ogr.wkbNone and _no_position_chosen(chosen, mapping):
        _fail(path, tr("layer {layer} has no geometry and no column is chosen for the position (lon and lat, or x "
                       "and y); its columns: {columns}", layer=repr(lyr.GetName()),
                       columns=", ".join(names) or tr("none")))
    roles = {k: v for k, v in mapping.items() if k in st.FIELD_NAMES}
    kept = _kept_columns(names, {**mapping, **roles}, keep_fields)
    gpx = _gpx_fields(ds, names, roles)
    # features without geometry (a GeoJSON's null geometries, a GeoPackage table) placed by lon/lat fields; a
    # table (a workbook's sheet) also by x/y fields in ``crs``, which win over lon/lat when a CRS is given (as in a CSV)
    lonlat = (mapping["lon"], mapping["lat"]) if "lon" in mapping and "lat" in mapping else None
    xy = None
    if lyr.GetGeomType() == ogr.wkbNone and "x" in mapping and "y" in mapping and (crs or not lonlat):
        lonlat = xy = (mapping["x"], mapping["y"])
    if lyr.GetGeomType() == ogr.wkbNone and not lonlat:
        tables = [o.GetName() for o in (ds.GetLayer(i) for i in range(ds.GetLayerCount()))
                  if o.GetName() != lyr.GetName() and (o.GetGeomType() != ogr.wkbNone or _lonlat_fields(o))]
        _fail(path, tr("layer {layer} has no geometry and no longitude/latitude columns (its columns: {columns}){more}",
                       layer=repr(lyr.GetName()), columns=", ".join(names) or tr("none"),
                       more=tr("; the file's layers with positions: {layers}", layers=", ".join(tables))
                       if tables else ""))
    transform = None if lonlat and lyr.GetGeomType() == ogr.wkbNone else \
        _wgs84_transform(path, lyr.GetSpatialRef(), osr, lyr.GetName(), crs)
    rows, lines, problems = [], [], []
    total = max(lyr.GetFeatureCount(), 1)
    n, first_fid, footprints = -1, None, 0
    area_types = (ogr.wkbPolygon, ogr.wkbMultiPolygon, ogr.wkbCurvePolygon, ogr.wkbMultiSurface)
    for n, feat in enumerate(lyr):
        fid = feat.GetFID()
        first_fid = fid if first_fid is None else first_fid
        # problems name features from 1: GeoJSON, Shapefile and FlatGeobuf count their ids from 0
        line = fid + (first_fid == 0) if fid >= 0 else n + 1
        if check is not None and n % 5000 == 0:
            check()
        if progress is not None and n % 5000 == 0:
            progress(0.8 * n / total)
        geom = feat.GetGeometryRef()
        if geom is None or geom.IsEmpty():
            position = [feat.GetField(col) for col in lonlat] if lonlat else [None, None]
            if any(v is None or not str(v).strip() for v in position):
                where = tr(" nor {lon}/{lat} values", lon=lonlat[0], lat=lonlat[1]) if lonlat else ""
                problems.append(Problem(line, "geometry", tr("feature has no geometry{values}", values=where)))
                continue
            rows.append({st.LON: position[0], st.LAT: position[1],
                         **{fname: feat.GetField(col) for fname, col in {**roles, **kept}.items()}})
            lines.append(line)
            continue
        gtype = ogr.GT_Flatten(geom.GetGeometryType())
        if gtype in area_types:
            # a tower, its compound or the roof it stands on drawn as an area: a station at its centroid; a larger
            # area (a coverage area, a district) is no station
            across = _across_m(geom, transform)
            if across > FOOTPRINT_MAX_M:
                problems.append(Problem(line, "geometry", tr(
                    "is a {kind}, not a point ({metres} m across, larger than a tower's footprint)",
                    kind=geom.GetGeometryName().title(), metres=num(across, ",.0f"))))
                continue
            points = [geom.Centroid()]
            footprints += 1
        elif gtype in (ogr.wkbMultiPoint, ogr.wkbGeometryCollection):
            # several points: every point is a station, 'name (1)', 'name (2)'... (as KML MultiGeometry,
            # whose points are read from a collection of other shapes too)
            points = _point_parts(geom, ogr)
        elif gtype == ogr.wkbPoint:
            points = [geom.Clone()]
        else:
            points = []
        if not points:
            problems.append(Problem(line, "geometry", tr("is a {kind}, not a point",
                                                         kind=geom.GetGeometryName().title())))
            continue
        attrs = {}
        for fname, col in {**roles, **kept}.items():
            value = feat.GetField(col)
            attrs[fname] = None if value is None else value
        if gpx:
            attrs.update(_gpx_values(feat, gpx))
        for k, point in enumerate(points, start=1):
            if transform is not None:
                point.Transform(transform)
            row = {st.LON: point.GetX(), st.LAT: point.GetY(), **attrs}
            if len(points) > 1:
                row["name"] = _part_name(attrs.get("name"), k)
                if k > 1:
                    row.pop("station_id", None)  # one id for one station: the other points get their own
            rows.append(row)
            lines.append(line)
    if not rows and not problems:
        _fail(path, tr("layer {layer} holds no features", layer=repr(lyr.GetName())))
    if not rows:
        _refuse_shapes_only(path, problems, tr("layer {layer}", layer=repr(lyr.GetName())))
    table = pd.DataFrame(rows) if rows else pd.DataFrame(columns=[st.LON, st.LAT])
    if lonlat and lyr.GetGeomType() == ogr.wkbNone and rows:
        _table_positions(path, table, lonlat, xy is not None, crs, lines, problems)
    else:  # a number typed as text with a decimal comma ('25,5'; not '1,500', which may be a thousand and a half)
        for name in _NUMERIC_FIELDS:
            if name in table.columns and name not in (st.LON, st.LAT):
                text = table[name].map(lambda v: isinstance(v, str) and re.fullmatch(r"\s*[-+]?\d+,(?!\d{3}\s*$)"
                                                                                      r"\d+\s*", v) is not None)
                if text.any():
                    table.loc[text, name] = _decimal_commas(table.loc[text, name].astype(str).str.strip())
    if "origin" not in table.columns:
        table["origin"] = "imported"
    details = {"layer": lyr.GetName(), **({"encoding": dbf_encoding} if dbf_encoding else {}),
               **({"kept_fields": kept} if kept else {}), "driver": ds.GetDriver().ShortName,
               **({"footprints": {"count": footprints, "max_m": FOOTPRINT_MAX_M}} if footprints else {})}
    if roles.get("azimuths") in names:  # a number field of azimuths (a Shapefile's has no NULL: 0 for none)
        az_type = defn.GetFieldDefn(names.index(roles["azimuths"])).GetType()
        details["azimuth_field"] = roles["azimuths"]
        details["azimuth_numeric"] = az_type in (ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTReal)
    stations = finish_table(path, table, lines, problems, source=source, status=status, defaults=defaults,
                            technology_column=roles.get("technology", ""), details=details, check=check,
                            azimuth_column=roles.get("azimuths", ""))
    # problems name the layer's own fields ('높이(m)', 'Tech'), not the schema's
    column_of = {name: col for name, col in roles.items() if name in st.FIELD_NAMES and name != col}
    problems = [p._replace(field=column_of.get(p.field) or p.field) for p in problems]
    if column_of:  # (and the command line's warnings on the fields read)
        details["field_columns"] = column_of
    # the layers of the file that hold features (a GPX's empty routes and tracks do not count): with
    # several, the layer read is named along with the file
    holding = [ds.GetLayer(i) for i in range(ds.GetLayerCount())]
    def positioned(o) -> bool:  # a layer with geometry, or a table of lon/lat columns (not a style table)
        return o.GetGeomType() != ogr.wkbNone or _lonlat_fields(o) is not None

    details["layers_in_file"] = max(sum(1 for o in holding if positioned(o)
                                        and (o.GetName() == lyr.GetName() or o.GetFeatureCount() > 0)), 1)
    if not layer:  # the layer chosen among others with positions: name them
        others = [ds.GetLayer(i) for i in range(ds.GetLayerCount())]
        others = [o.GetName() for o in others if o.GetName() != lyr.GetName() and positioned(o)
                  and o.GetFeatureCount() > 0]  # (not a GPX's empty routes and tracks)
        if others:
            details["other_layers"] = others
    return ImportResult(stations, _sort_problems(problems), "vector", str(path), n + 1, details)


#: The widest area (m, its bounding box's diagonal) read as a tower's footprint, compound or roof: a station at
#: its centroid. A larger one (a coverage area, a district) is no station.
FOOTPRINT_MAX_M = 300.0


def _across_m(geom, transform) -> float:
    """The diagonal of a geometry's bounding box in metres (in longitudes and latitudes after ``transform``)."""
    shape = geom.Clone()
    if transform is not None:
        shape.Transform(transform)
    west, east, south, north = shape.GetEnvelope()
    dx = (east - west) * 111_320.0 * np.cos(np.radians((south + north) / 2))
    return float(np.hypot(dx, (north - south) * 110_574.0))


def _table_positions(path, table: pd.DataFrame, columns: tuple[str, str], projected: bool, crs: str | None,
                     lines, problems: list[Problem]) -> None:
    """Longitudes and latitudes of a table's rows (a workbook's sheet) read as the CSV reader reads its cells: texts
    of degrees-minutes-seconds and decimal commas (``"125,7512"``, a cell holds no delimiter), or ``x``/``y`` in
    ``crs`` (``columns`` their names); decimal commas of the numeric fields' texts too."""
    def texts(values: pd.Series) -> pd.Series:
        return values.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))

    raw = pd.DataFrame({columns[0]: texts(table[st.LON]), columns[1]: texts(table[st.LAT])})
    if projected:
        table[st.LON], table[st.LAT] = _projected(path, raw, {"x": columns[0], "y": columns[1]}, crs, True)
    else:
        _refuse_projected_degrees(path, raw, columns[0], columns[1], True)
        for role, column in ((st.LON, columns[0]), (st.LAT, columns[1])):
            table[role] = _degrees(raw[column], role, column, lines, problems, True)
    for name in _NUMERIC_FIELDS:
        if name in table.columns and name not in (st.LON, st.LAT):
            text = table[name].map(lambda v: isinstance(v, str))
            if text.any():
                table.loc[text, name] = _decimal_commas(table.loc[text, name].astype(str).str.strip())


def _guess_layer_mapping(ds, names: list[str]) -> dict[str, str]:
    """:func:`guess_mapping` of a layer's fields; a GPX file's extensions, which GDAL (QGIS's 'Save Features As'
    GPX with GPX_USE_EXTENSIONS) writes as ``<ogr:Technology>`` and reads back as ``ogr_Technology``, by their own
    names."""
    if ds.GetDriver().ShortName != "GPX":
        return guess_mapping(names)
    own = {}
    for name in names:
        bare = name[4:] if name.startswith("ogr_") and name[4:] not in names else name
        own.setdefault(bare, name)
    return {role: own[col] for role, col in guess_mapping(list(own)).items()}


def _gpx_fields(ds, names: list[str], roles: dict) -> dict[str, list[str]]:
    """What a GPX waypoint gives beyond its ``name``: ``notes`` from its description and comment
    (``desc``, ``cmt``), and the day of its ``time`` (when it was recorded, on site) as its first and last
    seen date; nothing the file's own fields (its extensions) already give. ``ele`` is the ground's height
    above the sea, not the antenna's: it is not read."""
    if ds.GetDriver().ShortName != "GPX":
        return {}
    out = {}
    if "notes" not in roles:
        out["notes"] = [n for n in ("desc", "cmt") if n in names]
    if "time" in names and "first_seen" not in roles and "last_seen" not in roles:
        out["time"] = ["time"]
    return {k: v for k, v in out.items() if v}


def _gpx_values(feat, gpx: dict[str, list[str]]) -> dict:
    values = {}
    texts = []
    for col in gpx.get("notes", ()):
        text = (feat.GetField(col) or "").strip()
        if text and text not in texts:
            texts.append(text)
    if texts:
        values["notes"] = "; ".join(texts)
    if gpx.get("time") and feat.IsFieldSetAndNotNull("time"):
        year, month, day = feat.GetFieldAsDateTime("time")[:3]
        values["first_seen"] = values["last_seen"] = f"{year:04d}-{month:02d}-{day:02d}"
    return values


def _point_parts(geom, ogr) -> list:
    """The points of a MultiPoint or a GeometryCollection (also of collections inside it), as clones."""
    out = []
    for i in range(geom.GetGeometryCount()):
        part = geom.GetGeometryRef(i)
        kind = ogr.GT_Flatten(part.GetGeometryType())
        if kind == ogr.wkbPoint and not part.IsEmpty():
            out.append(part.Clone())
        elif kind in (ogr.wkbMultiPoint, ogr.wkbGeometryCollection):
            out.extend(_point_parts(part, ogr))
    return out


def _shapefile_encoding(path, ds) -> str | None:
    """The text encoding of a shapefile's DBF that says none (no ``.cpg``, no language driver id), or whose
    ``.cpg`` says UTF-8 but is not, or names an ANSI code page GDAL does not read ('ANSI 949').

    GDAL then passes the bytes on undecoded: Korean CP949 names came out as '????' and a
    Western 'Café' as 'Caf'. The bytes decide: UTF-8 stays as it is, else CP949 when every
    non-ASCII character reads as Korean (:func:`_is_korean_legacy`), else Windows-1252.
    """
    import codecs

    if ds.GetDriver().ShortName != "ESRI Shapefile" or not str(path).lower().endswith(".shp"):
        return None
    base = str(path)[:-4]
    if os.path.exists(base + ".cst"):
        return None
    cpg = next((base + ext for ext in (".cpg", ".CPG") if os.path.exists(base + ext)), None)
    if cpg is not None:
        # a .cpg GDAL reads decides, unless it says UTF-8 of a DBF that is not (a .cpg copied from another
        # shapefile, or written by a tool that did not write the DBF): the bytes decide then
        with open(cpg, "rb") as handle:
            said = handle.read(64).decode("ascii", errors="replace").strip()
        ansi = re.fullmatch(r"(?i)ansi[\s_-]*(\d{3,4})", said)
        if ansi:  # 'ANSI 949', 'ANSI 1252' (as ArcGIS names code pages), which GDAL does not read
            return f"CP{ansi.group(1)}"
        if said.upper().replace("-", "").replace("_", "") not in ("UTF8", "65001"):
            return None
    dbf = next((base + ext for ext in (".dbf", ".DBF") if os.path.exists(base + ext)), None)
    if dbf is None:
        return None
    with open(dbf, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    if len(head) < 32 or (head[29] != 0 and cpg is None):  # a language driver id: GDAL decodes by it
        return None
    start = int.from_bytes(head[8:10], "little")
    names = b" ".join(head[i:i + 11].split(b"\0")[0] for i in range(32, min(start, len(head)) - 31, 32))
    records = names + b"\n" + head[start:]
    try:
        codecs.getincrementaldecoder("utf-8")().decode(records, final=False)
        return None
    except UnicodeDecodeError:
        pass
    return "CP949" if _is_korean_legacy(records) else "CP1252"


def _station_layer(ds, ogr):
    """The layer of a data source to read stations from when none is named: the first point layer, or of several
    the one of the plugin's station fields, else the first named for stations (``towers``, ``기지국``).

    A GeoPackage often holds other layers (areas, roads, populated places) before its stations; a layer of mixed
    or unknown geometry type comes next, then the first layer.
    """
    layers = [ds.GetLayer(i) for i in range(ds.GetLayerCount())]
    kinds = [ogr.GT_Flatten(lyr.GetGeomType()) for lyr in layers]
    for wanted in ((ogr.wkbPoint, ogr.wkbMultiPoint), (ogr.wkbUnknown,)):
        candidates = [lyr for lyr, kind in zip(layers, kinds) if kind in wanted]
        if candidates:
            # of several, the stations: a layer of the plugin's schema, else one named for them ('towers', '기지국'),
            # not populated places or shops that come first
            return next((lyr for lyr in candidates if _is_station_schema(lyr)), None) or \
                next((lyr for lyr in candidates if _STATION_LAYER_NAME.search(lyr.GetName())), candidates[0])
    for lyr, kind in zip(layers, kinds):  # a table of lon/lat columns (a workbook's sheet after a notes sheet)
        if kind == ogr.wkbNone and _lonlat_fields(lyr):
            return lyr
    return layers[0]


#: Layer names that say they hold base stations.
_STATION_LAYER_NAME = re.compile(r"station|tower|mast|site|cell|bts|antenna|enodeb|gnodeb|기지국|철탑|송신|중계",
                                 re.IGNORECASE)


def _is_station_schema(lyr) -> bool:
    """Whether an OGR layer has the plugin's station fields (``station_id`` and ``technology``)."""
    defn = lyr.GetLayerDefn()
    names = {defn.GetFieldDefn(i).GetName().lower() for i in range(defn.GetFieldCount())}
    return {"station_id", "technology"} <= names


def _lonlat_fields(lyr) -> tuple[str, str] | None:
    """The lon/lat fields of an OGR layer, else its x/y fields, by name (None when it has not both)."""
    defn = lyr.GetLayerDefn()
    mapping = guess_mapping([defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())])
    for a, b in (("lon", "lat"), ("x", "y")):
        if a in mapping and b in mapping:
            return mapping[a], mapping[b]
    return None


_HSTORE = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')


def parse_hstore(text) -> dict[str, str]:
    """OGR's ``other_tags`` (``"k"=>"v","k2"=>"v2"``) as a dict."""
    if not text:
        return {}
    return {k.replace('\\"', '"'): v.replace('\\"', '"') for k, v in _HSTORE.findall(text)}


def is_telecom_site(tags: dict) -> bool:
    """OSM tag rules of a mobile base station.

    ``man_made=mast|tower|communications_tower`` with ``tower:type=communication`` or
    ``communication:mobile_phone=*`` (not ``no``); an antenna (``man_made=antenna`` or
    ``telecom=antenna``, e.g. on a roof) with ``communication:mobile_phone=*`` (not ``no``);
    or a ``telecom=bts`` node (a base transceiver station mapped on its own). ``communication:mobile_phone=no``
    is never one (a TV or radio-link tower).
    """
    mobile = str(tags.get("communication:mobile_phone", "")).lower()
    if mobile == "no":  # a broadcast or radio-link tower that says it serves no phones
        return False
    mobile = bool(mobile)
    man_made = tags.get("man_made")
    if man_made in ("mast", "tower", "communications_tower"):
        if tags.get("tower:type") == "communication" or mobile:
            return True
        if man_made == "communications_tower":
            return True
    if mobile and (man_made == "antenna" or tags.get("telecom") == "antenna"):
        return True
    return tags.get("telecom") == "bts"


def _osm_technology(tags: dict) -> str:
    found = []
    for key, value in tags.items():
        for token in re.split(r"[;,\s]+", value) if key.startswith("communication:mobile_phone") else []:
            tech = st.normalize_technology(token)
            if tech != "unknown":
                found.append(tech)
        if key.startswith("communication:") and value.lower() == "yes":
            # communication:lte=yes, communication:mobile_phone:lte=yes
            tech = st.normalize_technology(key.rsplit(":", 1)[1])
            if tech != "unknown":
                found.append(tech)
    return max(found) if found else "unknown"


_OSM_HEIGHT = re.compile(r"(?:~|ca\.?|approx\.?)?\s*(\d+(?:[.,]\d+)?)\s*(m|metres?|meters?|ft|feet|')?"
                         r"(?:\s*(\d+(?:\.\d+)?)\s*(?:\"|in|''))?", re.IGNORECASE)


def _height_m(text) -> float | None:
    """An OSM ``height`` in metres: ``30``, ``30 m``, ``98'``, ``98 ft``, feet and inches (``15'6"``), a decimal
    comma (``30,5``; ``1,000`` is a thousand), an approximation (``~40``, ``ca. 40``); of several values (``30;35``:
    the tower and its antennas) the tallest. None when any value is no length."""
    values = []
    for part in str(text or "").split(";"):
        match = _OSM_HEIGHT.fullmatch(part.strip())
        if not match:
            return None
        number, unit, inches = match.groups()
        if inches and unit not in ("ft", "feet", "'"):
            return None
        number = number.replace(",", "" if re.fullmatch(r"\d+,\d{3}", number) else ".")
        feet = (unit or "").lower() in ("ft", "feet", "'")
        values.append(float(number) * 0.3048 + float(inches or 0) * 0.0254 if feet else float(number))
    return max(values) if values else None


def _osm_station(tags: dict, kind: str, osm_id, lon: float, lat: float, source: str) -> dict:
    """A station row of an OSM element (``kind`` node, way or relation) with its tags."""
    height = _height_m(tags.get("height"))
    notes = ", ".join(f"{k}={v}" for k, v in sorted(tags.items())
                      if k.startswith(("man_made", "telecom", "communication", "tower"))
                      or (k == "height" and height is None))  # a height that is no length is kept, not lost
    return {
        st.LON: lon, st.LAT: lat,
        "station_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://www.openstreetmap.org/{kind}/{osm_id}")),
        "name": _osm_tag(tags, "name") or tags.get("ref") or "",
        "operator": _osm_tag(tags, "operator"),
        "technology": _osm_technology(tags),
        "antenna_height_m": height,
        "notes": f"OSM {kind} {osm_id}: {notes}",
        "source": f"{source} (OSM {kind} {osm_id})",
    }


def _osm_tag(tags: dict, key: str) -> str:
    """``key``'s value, else its Korean or English variant (``name:ko``, ``operator:en``), else any other
    language's (``name:ru``): an object tagged only in other languages keeps its name and operator."""
    for wanted in (key, f"{key}:ko", f"{key}:en"):
        if str(tags.get(wanted) or "").strip():
            return str(tags[wanted]).strip()
    others = sorted(k for k in tags if re.fullmatch(rf"{re.escape(key)}:[a-z]{{2,3}}(?:-[A-Za-z]+)?", k)
                    and str(tags[k]).strip())
    return str(tags[others[0]]).strip() if others else ""


_OSM_COLUMNS = [st.LON, st.LAT, "station_id", "name", "operator", "technology", "antenna_height_m", "notes", "source"]


@_released_on_failure
@with_gdal_exceptions
def import_osm(path, *, source: str | None = None, status: str = "candidate", defaults: dict | None = None,
               check=None, progress=None, layer: str | None = None) -> ImportResult:
    """Mobile base stations of an OpenStreetMap ``.osm`` / ``.osm.pbf`` file (:func:`is_telecom_site`).

    Nodes give the position; towers mapped as closed ways use their centroid. Overpass API
    JSON and overpass-turbo GeoJSON exports are read by :func:`import_overpass_json`. With ``layer`` (one of
    OGR's layers, ``points``, ``lines``, ``multipolygons``..., as QGIS's source ``x.osm|layername=points`` names
    it) only the objects of that layer are read, as OGR reads them.
    """
    source = source if source is not None else os.path.basename(str(path))
    if sniff_json(path):
        return import_overpass_json(path, source=source, status=status, defaults=defaults, check=check,
                                    progress=progress)
    if not os.path.exists(str(path)):
        _fail(path, tr("file not found"))
    if os.path.getsize(str(path)) == 0:
        _fail(path, tr("the file is empty"))
    if _is_xml(path) and layer is None:
        return _import_osm_xml(path, source=source, status=status, defaults=defaults, check=check,
                               progress=progress)
    gdal, ogr, _osr = _gdal()
    compression = _compression(path) if layer is not None else ""
    if compression == "bzip2":
        _fail(path, tr("a layer of a bzip2-compressed OpenStreetMap file cannot be chosen: decompress it, or import "
                       "the whole file"))
    try:
        ds = gdal.OpenEx(("/vsigzip/" if compression else "") + str(path), gdal.OF_VECTOR | gdal.OF_READONLY,
                         allowed_drivers=["OSM"])
    except RuntimeError as exc:
        _fail(path, tr("not a readable OpenStreetMap file ({error})", error=str(exc).strip()))
    wanted = ("points", "multipolygons", "lines")
    if layer is not None:
        names = [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]
        if layer not in names:
            _fail(path, tr("has no layer {layer} (layers: {layers})", layer=repr(layer),
                           layers=", ".join(repr(n) for n in names)))
        wanted = (layer,)
    rows, lines = [], []
    n = masts = scanned = 0
    while True:
        try:
            feat, lyr = ds.GetNextFeature()
        except RuntimeError as exc:
            _fail(path, tr("not a readable OpenStreetMap file ({error})", error=str(exc).strip()))
        if feat is None:
            break
        scanned += 1
        if check is not None and scanned % 20000 == 0:
            check()
        if layer is None:
            n += 1  # (the features of every layer: of the layer chosen, those only)
        if lyr.GetName() not in wanted:
            continue
        n += layer is not None
        found = _osm_feature(feat, ogr)
        if found is None:
            continue
        if not is_telecom_site(found[2]):
            masts += found[2].get("man_made") in ("mast", "tower")
            continue
        geom = feat.GetGeometryRef()
        if geom is None or geom.IsEmpty():
            continue
        kind, osm_id, tags = found
        pt = geom if ogr.GT_Flatten(geom.GetGeometryType()) == ogr.wkbPoint else geom.Centroid()
        rows.append(_osm_station(tags, kind, osm_id, pt.GetX(), pt.GetY(), source))
        lines.append(int(osm_id) if osm_id and str(osm_id).isdigit() else n)
    if n == 0 and layer is not None:
        _fail(path, tr("layer {layer} holds no features", layer=repr(layer)))
    if n == 0:
        _fail(path, tr("holds no OpenStreetMap data"))
    if not rows:
        _no_telecom_sites(path, tr("{n} feature", "{n} features", n) if layer is None else
                          tr("{n} feature of layer {layer}", "{n} features of layer {layer}", n, layer=repr(layer)),
                          masts)
    table = pd.DataFrame(rows, columns=_OSM_COLUMNS)
    problems: list[Problem] = []
    stations = finish_table(path, table, lines, problems, source=source, status=status, defaults=defaults,
                            check=check)
    if progress:
        progress(1.0)
    details = {"features_scanned": n}
    if layer is not None:
        details.update(layer=layer, layers_in_file=ds.GetLayerCount())
    return ImportResult(stations, _sort_problems(problems), "osm", str(path), n, details)


#: The fields of GDAL's OSM layers (``points``, ``lines``, ``multipolygons``) and of QuickOSM's that are no tags.
_OSM_ID_FIELDS = ("osm_id", "osm_way_id", "other_tags", "fid", "ogc_fid", "full_id", "osm_type")


def _osm_feature(feat, ogr):
    """``(kind, id, tags)`` of a feature of GDAL's OSM layers, read from ``.osm.pbf`` or from such a layer saved
    as a GeoPackage, GeoJSON or Shapefile (QGIS's own OSM layers): its tags are its fields with those of its
    ``other_tags`` (``"k"=>"v"``), its kind a ``node`` (a point), a ``way`` (``osm_way_id``, a line) or a
    ``relation`` (an area with ``osm_id``); None for a feature of neither id."""
    defn = feat.GetDefnRef()
    values = {defn.GetFieldDefn(i).GetName().lower(): feat.GetField(i) for i in range(defn.GetFieldCount())
              if feat.IsFieldSetAndNotNull(i)}
    tags = parse_hstore(values.get("other_tags"))
    for key, value in values.items():
        if key not in _OSM_ID_FIELDS and str(value).strip():
            tags.setdefault(key, str(value))
    osm_id, way_id = values.get("osm_id"), values.get("osm_way_id")
    if str(values.get("osm_type", "")).strip().lower() in ("node", "way", "relation") and osm_id not in (None, ""):
        return str(values["osm_type"]).strip().lower(), str(osm_id), tags  # QuickOSM's layers
    geom = feat.GetGeometryRef()
    flat = ogr.GT_Flatten(geom.GetGeometryType()) if geom is not None else ogr.wkbUnknown
    if osm_id not in (None, ""):
        # (a relation of GDAL's multilinestrings or other_relations layer: lines or a collection)
        kind = "node" if flat in (ogr.wkbPoint, ogr.wkbUnknown) else \
            "relation" if flat in (ogr.wkbPolygon, ogr.wkbMultiPolygon, ogr.wkbMultiLineString,
                                   ogr.wkbGeometryCollection) else "way"
        return kind, str(osm_id), tags
    if way_id not in (None, ""):
        return "way", str(way_id), tags
    return None


def _is_osm_layer(lyr) -> bool:
    """Whether an OGR layer has the fields of GDAL's OSM layers (``other_tags`` and ``osm_id`` or ``osm_way_id``):
    QGIS's points, lines or multipolygons of an OSM file saved as a GeoPackage, GeoJSON or Shapefile; or those of
    QuickOSM's layers (``osm_id`` and ``osm_type``, each tag a field)."""
    defn = lyr.GetLayerDefn()
    names = {defn.GetFieldDefn(i).GetName().lower() for i in range(defn.GetFieldCount())}
    return ("other_tags" in names and bool(names & {"osm_id", "osm_way_id"})) or {"osm_id", "osm_type"} <= names


def _import_osm_layer(path, ds, lyr, *, source: str, status: str, defaults: dict | None, check, progress,
                      crs: str | None, details: dict) -> ImportResult:
    """The mobile base stations (:func:`is_telecom_site`) of a layer of GDAL's OSM layout (:func:`_is_osm_layer`),
    read as the ``.osm.pbf`` it came from: the tags of ``other_tags`` (operator, height, the technology of
    ``communication:mobile_phone``) are read, other features (shops, roads) left out, areas at their centroid."""
    _gdal_mod, ogr, osr = _gdal()
    transform = _wgs84_transform(path, lyr.GetSpatialRef(), osr, lyr.GetName(), crs)
    rows, lines, problems = [], [], []
    n = masts = 0
    total = max(lyr.GetFeatureCount(), 1)
    for n, feat in enumerate(lyr, start=1):
        if check is not None and n % 5000 == 0:
            check()
        if progress is not None and n % 5000 == 0:
            progress(0.8 * n / total)
        found = _osm_feature(feat, ogr)
        if found is None or not is_telecom_site(found[2]):
            masts += found is not None and found[2].get("man_made") in ("mast", "tower")
            continue
        kind, osm_id, tags = found
        line = feat.GetFID() if feat.GetFID() >= 0 else n
        geom = feat.GetGeometryRef()
        if geom is None or geom.IsEmpty():
            problems.append(Problem(line, "geometry", tr("OSM {kind} {id}: feature has no geometry", kind=kind,
                                                         id=osm_id)))
            continue
        point = geom.Clone() if ogr.GT_Flatten(geom.GetGeometryType()) == ogr.wkbPoint else geom.Centroid()
        if transform is not None:
            point.Transform(transform)
        rows.append(_osm_station(tags, kind, osm_id, point.GetX(), point.GetY(), source))
        lines.append(line)
    if n == 0:
        _fail(path, tr("layer {layer} holds no features", layer=repr(lyr.GetName())))
    if not rows and not problems:
        _no_telecom_sites(path, tr("{n} feature of layer {layer}", "{n} features of layer {layer}", n,
                                   layer=repr(lyr.GetName())), masts, layer=True)
    table = pd.DataFrame(rows, columns=_OSM_COLUMNS)
    stations = finish_table(path, table, lines, problems, source=source, status=status, defaults=defaults,
                            check=check)
    details = {**details, "format": "OpenStreetMap layer", "features_scanned": n}
    return ImportResult(stations, _sort_problems(problems), "osm", str(path), n, details)


def _is_xml(path) -> bool:
    """Whether a (gzipped) file starts like XML (an ``.osm`` file rather than ``.osm.pbf``)."""
    try:
        with _open_binary(path) as handle:
            head = handle.read(512)
    except (OSError, EOFError) as exc:
        if _compression(path):
            _fail(path, _bad_compressed_file(path, exc))
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


class _OsmXml:
    """What one pass over an OSM XML file collects (see :func:`_import_osm_xml`)."""

    def __init__(self, wanted_nodes=frozenset(), wanted_ways=frozenset()):
        self.wanted_nodes, self.wanted_ways = wanted_nodes, wanted_ways
        self.sites: list[dict] = []  # telecom nodes, ways and relations, in file order
        self.coords: dict[str, tuple[float, float]] = {}  # wanted node id -> (lon, lat)
        self.way_refs: dict[str, list[str]] = {}  # wanted way id -> node ids
        self.elements = self.masts = 0
        self.current: dict | None = None
        self.remark: list[str] | None = None  # Overpass's <remark> text, while in it
        self.remarks: list[tuple[int, str]] = []
        self.generator = ""  # the root's: 'Overpass API 0.7.62' of an Overpass answer

    def chars(self, text):
        if self.remark is not None:
            self.remark.append(text)

    def start(self, name, attrs):
        if name == "remark":
            self.remark = []
            self.remark_line = self.line()
        if name in ("node", "way", "relation"):
            self.elements += 1
            # placed: of each <nd ref> of a way, whether it has its point ('out geom;'); cut: the members of a
            # relation with a point left out (<nd/>, 'out geom(bbox);')
            self.current = {"kind": name, "id": attrs.get("id", ""), "tags": {}, "refs": [], "points": [],
                            "placed": [], "cut": set(), "members": [], "lon": attrs.get("lon"),
                            "lat": attrs.get("lat"), "line": self.line(),
                            "deleted": attrs.get("action") == "delete" or attrs.get("visible") == "false"}
            return
        cur = self.current
        if cur is None:
            return
        if name == "tag" and "k" in attrs:
            cur["tags"][attrs["k"]] = attrs.get("v", "")
        elif name == "nd" and cur["kind"] == "relation":  # Overpass 'out geom;': a member way's points
            if "lon" in attrs and "lat" in attrs and cur["members"]:
                cur["members"][-1][1].append((attrs["lon"], attrs["lat"]))
            elif cur["members"]:  # <nd/>: a point outside the bounding box of 'out geom(bbox);'
                cur["cut"].add(len(cur["members"]) - 1)
        elif name == "nd" and "ref" in attrs:
            cur["refs"].append(attrs["ref"])
            cur["placed"].append("lon" in attrs and "lat" in attrs)
            if "lon" in attrs and "lat" in attrs:  # Overpass 'out geom;'
                cur["points"].append((attrs["lon"], attrs["lat"]))
        elif name == "nd" and "lon" in attrs and "lat" in attrs:
            cur["points"].append((attrs["lon"], attrs["lat"]))
        elif name == "member" and attrs.get("type") == "way" and "ref" in attrs:
            cur["refs"].append(attrs["ref"])
            cur["members"].append((attrs.get("role", ""), []))
        elif name == "center":  # Overpass 'out center;'
            cur["center"] = (attrs.get("lon"), attrs.get("lat"))
        elif name == "bounds" and cur["kind"] != "node":  # Overpass 'out bb;'
            cur["bounds"] = attrs

    def end(self, name):
        if name == "remark" and self.remark is not None:
            self.remarks.append((self.remark_line, "".join(self.remark)))
            self.remark = None
        cur = self.current
        if cur is None or name != cur["kind"]:
            return
        self.current = None
        if cur["deleted"]:
            return
        if name == "node" and cur["id"] in self.wanted_nodes:
            self.coords[cur["id"]] = (cur["lon"], cur["lat"])
        if name == "way" and cur["id"] in self.wanted_ways:
            self.way_refs[cur["id"]] = cur["refs"]
        if not cur["tags"]:
            return
        if is_telecom_site(cur["tags"]):
            self.sites.append(cur)
        else:
            self.masts += cur["tags"].get("man_made") in ("mast", "tower")


def _osm_xml_pass(path, collect: _OsmXml, check=None) -> _OsmXml:
    """Stream an OSM XML file once through ``collect`` (DOCTYPE/ENTITY declarations refused)."""
    parser = _guarded_parser()
    root: list[str] = []

    def start(name, attrs):
        if not root:
            root.append(name)
            if name != "osm":
                raise _KmlRefused(name)
            collect.generator = attrs.get("generator", "")
        collect.start(name, attrs)

    collect.line = lambda: parser.CurrentLineNumber
    parser.StartElementHandler = start
    parser.EndElementHandler = collect.end
    parser.CharacterDataHandler = collect.chars
    with _open_binary(path) as handle:
        try:
            while True:
                block = handle.read(1 << 20)
                parser.Parse(block, not block)
                if not block:
                    break
                if check is not None:
                    check()
        except _KmlRefused as exc:
            if exc.args:
                _fail(path, tr("not an OpenStreetMap file (its root element is <{element}>)", element=exc.args[0]),
                      line=1)
            _fail(path, tr("the file declares a DOCTYPE or ENTITY: refused for safety"), line=parser.CurrentLineNumber)
        except expat.ExpatError as exc:
            _fail(path, tr("not valid XML ({error})", error=expat.ErrorString(exc.code)), line=exc.lineno)
        except (OSError, EOFError) as exc:
            _fail(path, _bad_compressed_file(path, exc))
    return collect


def _import_osm_xml(path, *, source: str, status: str, defaults: dict | None, check, progress) -> ImportResult:
    """Mobile base stations of an OpenStreetMap XML file (JOSM, Overpass, the editing API).

    Read in passes, keeping only what is needed: the tagged sites, then the nodes of the ways
    (and the ways of the relations) that have no ``<center>`` from Overpass. Objects JOSM has
    not uploaded yet (negative ids) are read; deleted ones (``action="delete"``) are not. A way
    or relation whose nodes are not in the file is reported, never dropped silently.
    """
    first = _osm_xml_pass(path, _OsmXml(), check)
    remarks = [p for line, text in first.remarks for p in _overpass_remark(path, text, line, first.elements)]
    if not first.elements:
        _fail(path, tr("holds no OpenStreetMap data"))
    if not first.sites:
        if remarks:
            raise ImportFailed(path, remarks)
        _no_telecom_sites(path, tr("{n} element", "{n} elements", first.elements), first.masts)
    if progress:
        progress(0.4)
    unplaced = [s for s in first.sites if s["kind"] != "node" and "center" not in s and not s["points"]
                and not any(points for _role, points in s["members"])]
    way_refs: dict[str, list[str]] = {}
    coords: dict[str, tuple[float, float]] = {}
    relation_ways = {ref for s in unplaced if s["kind"] == "relation" for ref in s["refs"]}
    if unplaced:
        nodes = {ref for s in unplaced if s["kind"] == "way" for ref in s["refs"]}
        second = _osm_xml_pass(path, _OsmXml(frozenset(nodes), frozenset(relation_ways)), check)
        way_refs, coords = second.way_refs, second.coords
        more = {ref for refs in way_refs.values() for ref in refs} - set(coords)
        if more:
            coords.update(_osm_xml_pass(path, _OsmXml(frozenset(more)), check).coords)
    rows, lines, problems = [], [], list(remarks)
    incomplete: list[tuple] = []  # (line, kind, id, parts in the file, parts) of a way or relation partly there
    for site in first.sites:
        kind, osm_id = site["kind"], site["id"]
        partial = None  # (parts in the file, parts, whole) of a way or relation given with its points
        if kind == "node":
            position = (site["lon"], site["lat"])
        elif "center" in site:
            position = site["center"]
        elif site["points"]:
            position = _mean_point([(float(x), float(y)) for x, y in site["points"]])
            if kind == "way":  # 'out geom(bbox);' leaves the nodes outside the box without their point
                partial = _parts_there((ref, there, there) for ref, there in zip(site["refs"], site["placed"]))
        elif any(points for _role, points in site["members"]):  # Overpass 'out geom;'
            position = _relation_centre(site["members"])
            # 'out geom(bbox);' leaves a member way outside the box without points, one it cuts with some
            partial = _parts_there((ref, bool(points), bool(points) and k not in site["cut"])
                                   for k, (ref, (_role, points)) in enumerate(zip(site["refs"], site["members"])))
        else:
            refs = site["refs"] if kind == "way" else [n for w in site["refs"] for n in way_refs.get(w, [])]
            found = [coords[r] for r in refs if r in coords]
            if "bounds" in site and not found:
                b = site["bounds"]
                found = [(b.get("minlon"), b.get("minlat")), (b.get("maxlon"), b.get("maxlat"))]
            if found and "bounds" not in site:  # placed by what of it the file holds: said when not all
                partial = _parts_there(
                    (w, w in way_refs, w in way_refs and all(n in coords for n in way_refs[w])) for w in site["refs"]
                ) if kind == "relation" else _parts_there((r, r in coords, r in coords) for r in refs)
            try:
                if kind == "relation" and refs and found:  # its area, from its member ways' nodes
                    position = _relation_centre([(role, [coords[n] for n in way_refs.get(ref, []) if n in coords])
                                                 for (role, _points), ref in zip(site["members"], site["refs"])])
                else:
                    position = _mean_point([(float(x), float(y)) for x, y in found]) if found else None
            except (TypeError, ValueError):
                position = None
            if position is None:
                problems.append(Problem(site["line"], "geometry", tr(
                    "OSM {kind} {id}: its nodes are not in the file, so it has no position (export it with its "
                    "nodes, or run the Overpass query with 'out center;')", kind=kind, id=osm_id)))
                continue
        rows.append(_osm_station(site["tags"], kind, osm_id, position[0], position[1], source))
        if partial is not None and not partial[2]:  # placed by what of it the file holds: said (its notes too)
            incomplete.append((site["line"], kind, osm_id, partial[0], partial[1]))
            rows[-1]["notes"] += _incomplete_note(path, kind, partial[0], partial[1])
        lines.append(site["line"])
    table = pd.DataFrame(rows, columns=_OSM_COLUMNS)
    stations = finish_table(path, table, lines, problems, source=source, status=status, defaults=defaults,
                            check=check)
    if progress:
        progress(1.0)
    details = {"format": "Overpass API XML" if first.generator.startswith("Overpass") else "OpenStreetMap XML",
               "elements_scanned": first.elements}
    if incomplete:
        details["incomplete_osm"] = incomplete
    return ImportResult(stations, _sort_problems(problems), "osm", str(path), first.elements, details)


def _parts_there(parts) -> tuple[int, int, bool]:
    """(parts there, parts, whole) of an OSM way or relation given as ``(ref, there, whole)`` of each of its nodes
    (there: placed) or member ways (there: with some of its points; whole: all of them), counted by their refs;
    the one count of what an Overpass answer (JSON or XML) or an OSM file holds of an object."""
    parts = list(parts)
    return len({ref for ref, there, _whole in parts if there}), len({ref for ref, _there, _whole in parts}), \
        all(whole for _ref, _there, whole in parts)


def _incomplete_note(path, kind: str, have: int, total: int) -> str:
    """A station's note (kept in its layer, in English) of an OSM way or relation the file holds in part."""
    parts = ("member way" if total == 1 else "member ways") if kind == "relation" else ("node" if total == 1 else
                                                                                       "nodes")
    return f" (incomplete in {os.path.basename(str(path))}: placed by {have} of its {total} {parts})"


# --------------------------------------------------------------------------------------------
# JSON answers of web services: OpenCelliD API, Overpass API, overpass turbo
# --------------------------------------------------------------------------------------------
def sniff_json(path) -> str | None:
    """``opencellid`` (OpenCelliD API ``getInArea`` JSON), ``overpass`` (Overpass API JSON),
    ``overpass-geojson`` (GeoJSON exported by overpass turbo) or None, from the file's start."""
    try:
        with _open_binary(path) as handle:
            head = handle.read(65536).decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    except (ImportFailed, OSError, EOFError):
        return None
    if not head.startswith("{"):
        return None
    if re.search(r'"type"\s*:\s*"FeatureCollection"', head):
        osm_id = r'"(?:@id|id)"\s*:\s*"(?:node|way|relation)/\d+"'
        return "overpass-geojson" if re.search(osm_id, head) else None
    if re.search(r'"elements"\s*:\s*\[', head):
        return "overpass"
    if re.search(r'"cells"\s*:\s*\[', head) or re.search(r'"error"\s*:', head):
        return "opencellid"
    return None


def _load_json(path) -> tuple[object, str]:
    """The parsed JSON of a file (UTF-8, maybe gzip-compressed) and its text."""
    data = _read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _fail(path, tr("JSON must be UTF-8 text (byte {byte} is not)", byte=exc.start),
              line=data[:exc.start].count(b"\n") + 1)
    try:
        return json.loads(text), text
    except json.JSONDecodeError as exc:
        _fail(path, tr("not valid JSON ({error}, column {column})", error=exc.msg, column=exc.colno), line=exc.lineno)


def _json_item_lines(text: str, key: str, count: int) -> list[int]:
    """The line on which each item of the first ``"key": [...]`` array of a JSON text starts."""
    match = re.search(rf'"{re.escape(key)}"\s*:\s*\[', text)
    if match is None:
        return [0] * count
    decoder, skip = json.JSONDecoder(), re.compile(r"[\s,]*")
    pos, line, out = match.end(), text.count("\n", 0, match.end()) + 1, []
    try:
        for _ in range(count):
            start = skip.match(text, pos).end()
            line += text.count("\n", pos, start)
            out.append(line)
            _item, pos = decoder.raw_decode(text, start)
            line += text.count("\n", start, pos)
    except json.JSONDecodeError:
        return [0] * count
    return out


def import_opencellid_json(path, *, source: str | None = None, status: str = "candidate",
                           defaults: dict | None = None, site_distance: float = OCID_SITE_DISTANCE_M, check=None,
                           progress=None) -> ImportResult:
    """Cells of an OpenCelliD API answer (``cell/getInArea?format=json``), aggregated into sites."""
    source = source if source is not None else os.path.basename(str(path))
    data, text = _load_json(path)
    if isinstance(data, dict) and data.get("error"):
        _fail(path, tr("the file is an error answer of the OpenCelliD API: {error} (code {code})",
                       error=data["error"], code=data.get("code")))
    items = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(items, list):
        _fail(path, tr('not an OpenCelliD API answer (no "cells" list)'))
    if not items:
        _fail(path, tr("the OpenCelliD answer holds no cells"))
    lines = np.asarray(_json_item_lines(text, "cells", len(items)), dtype=int)
    problems = [Problem(int(lines[i]), "", tr("not a cell object")) for i, c in enumerate(items)
                if not isinstance(c, dict)]
    keep = np.array([isinstance(c, dict) for c in items])
    columns = list(dict.fromkeys(k for c in items if isinstance(c, dict) for k in c))
    missing = {"radio", "mcc", "net", "cell", "lon", "lat"} - set(_ocid_columns(columns))
    if missing:
        _fail(path, tr("the cells have no {missing} field (fields: {fields})", missing=", ".join(sorted(missing)),
                       fields=", ".join(columns)))
    raw = pd.DataFrame([{k: "" if v is None else str(v) for k, v in c.items()} for c in items if isinstance(c, dict)],
                       columns=columns).fillna("")
    cells = _ocid_cells(raw, lines[keep], problems)
    return _opencellid_result(path, cells, problems, len(items), source=source, site_distance=site_distance,
                              defaults=defaults, status=status, check=check, progress=progress,
                              details={"format": "OpenCelliD API JSON"}, cell_column=_ocid_columns(columns)["cell"])


def sniff_opencellid_xml(path) -> bool:
    """Whether a file is an OpenCelliD API answer in XML (``cell/getInArea``, whose default format it is): a
    ``<rsp>`` root element."""
    try:
        with _open_binary(path) as handle:
            head = handle.read(4096)
    except (ImportFailed, OSError, EOFError):
        return False
    root = re.search(rb"<(?!\?|!)([A-Za-z_][\w.:-]*)", head.lstrip(b"\xef\xbb\xbf \t\r\n"))
    return root is not None and root.group(1) == b"rsp"


def import_opencellid_xml(path, *, source: str | None = None, status: str = "candidate",
                          defaults: dict | None = None, site_distance: float = OCID_SITE_DISTANCE_M, check=None,
                          progress=None) -> ImportResult:
    """Cells of an OpenCelliD API answer in XML (``<rsp stat="ok"><cells><cell lat=".." lon=".." mcc=".."
    mnc=".." lac=".." cellid=".." radio=".." .../>``), aggregated into sites as the JSON answer is; an error
    answer (``<rsp stat="fail"><err info=".." code=".."/>``) is refused with its reason."""
    source = source if source is not None else os.path.basename(str(path))
    parser = _guarded_parser()
    items: list[dict] = []
    lines: list[int] = []
    error: list[dict] = []
    root: list[str] = []

    def start(tag, attrs):
        if not root:
            root.append(tag)
        if tag == "cell":
            items.append(dict(attrs))
            lines.append(parser.CurrentLineNumber)
        elif tag == "err":
            error.append(dict(attrs))

    parser.StartElementHandler = start
    try:
        parser.Parse(_xml_as_utf8(path, _read_bytes(path)), True)
    except _KmlRefused:
        _fail(path, tr("the XML declares a DOCTYPE or ENTITY: refused for safety"), line=parser.CurrentLineNumber)
    except expat.ExpatError as exc:
        _fail(path, tr("not valid XML ({error})", error=expat.ErrorString(exc.code)), line=exc.lineno)
    if root and root[0] != "rsp":
        _fail(path, tr("not an OpenCelliD API answer (its root element is <{element}>)", element=root[0]), line=1)
    if error:
        _fail(path, tr("the file is an error answer of the OpenCelliD API: {error} (code {code})",
                       error=error[0].get("info") or error[0].get("message") or tr("no reason given"),
                       code=error[0].get("code")))
    if not items:
        _fail(path, tr("the OpenCelliD answer holds no cells"))
    columns = list(dict.fromkeys(k for c in items for k in c))
    missing = {"radio", "mcc", "net", "cell", "lon", "lat"} - set(_ocid_columns(columns))
    if missing:
        _fail(path, tr("the cells have no {missing} attribute (attributes: {attributes})",
                       missing=", ".join(sorted(missing)), attributes=", ".join(columns)), line=lines[0])
    raw = pd.DataFrame(items, columns=columns).fillna("")
    problems: list[Problem] = []
    cells = _ocid_cells(raw, lines, problems)
    return _opencellid_result(path, cells, problems, len(items), source=source, site_distance=site_distance,
                              defaults=defaults, status=status, check=check, progress=progress,
                              details={"format": "OpenCelliD API XML"}, cell_column=_ocid_columns(columns)["cell"])


def import_overpass_json(path, *, source: str | None = None, status: str = "candidate", defaults: dict | None = None,
                         check=None, progress=None) -> ImportResult:
    """Mobile base stations (:func:`is_telecom_site`) of an Overpass API JSON answer or an overpass-turbo GeoJSON.

    Nodes give their position; ways and relations their ``center`` (``out center;``), the
    mean of their ``geometry`` (``out geom;``) or of their nodes found in the file, else they
    are reported. GeoJSON features use their point, or the centroid of their shape.
    """
    source = source if source is not None else os.path.basename(str(path))
    data, text = _load_json(path)
    geojson = isinstance(data, dict) and data.get("type") == "FeatureCollection"
    key = "features" if geojson else "elements"
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        _fail(path, tr('not an Overpass answer (no "{key}" list)', key=key))
    lines = _json_item_lines(text, key, len(items))
    read = _overpass_feature if geojson else _overpass_element(items)
    rows, row_lines, problems = [], [], []
    remark = data.get("remark") if isinstance(data, dict) else None
    if remark:
        at = text.find('"remark"')
        problems += _overpass_remark(path, str(remark), text.count("\n", 0, at) + 1 if at >= 0 else 0, len(items))
    masts = 0
    incomplete: list[tuple] = []  # (line, kind, id, parts in the answer, parts) of a way or relation partly there
    for n, (item, line) in enumerate(zip(items, lines)):
        if check is not None and n % 20000 == 0:
            check()
        found = read(item) if isinstance(item, dict) else None
        if found is None:
            continue
        kind, osm_id, tags, position, *partial = found
        if not is_telecom_site(tags):
            masts += tags.get("man_made") in ("mast", "tower")
            continue
        if isinstance(position, str):
            problems.append(Problem(line, "geometry", tr("OSM {kind} {id}: {reason}", kind=kind, id=osm_id,
                                                         reason=position)))
            continue
        rows.append(_osm_station(tags, kind, osm_id, position[0], position[1], source))
        row_lines.append(line)
        if partial and partial[0]:  # placed by what of it the answer holds: said, as of an OSM file
            have, total = partial[0]
            incomplete.append((line, kind, str(osm_id), have, total))
            rows[-1]["notes"] += _incomplete_note(path, kind, have, total)
    if not rows and not problems:
        _no_telecom_sites(path, tr("{n} element", "{n} elements", len(items)), masts)
    table = pd.DataFrame(rows, columns=_OSM_COLUMNS)
    stations = finish_table(path, table, row_lines, problems, source=source, status=status, defaults=defaults,
                            check=check)
    if progress:
        progress(1.0)
    details = {"format": "overpass turbo GeoJSON" if geojson else "Overpass API JSON"}
    if incomplete:
        details["incomplete_osm"] = incomplete
    return ImportResult(stations, _sort_problems(problems), "osm", str(path), len(items), details)


def _overpass_remark(path, remark: str, line: int, elements: int) -> list[Problem]:
    """An Overpass answer's remark: one saying of an error (a query that timed out or ran out of memory)
    means the answer holds only part of what was asked, reported (refused when it holds nothing)."""
    remark = " ".join(remark.split())
    if "error" not in remark.lower():
        return []
    reason = tr("the Overpass answer is incomplete ({remark}): run the query again with a larger [timeout:...] "
                "or [maxsize:...], or over a smaller area", remark=remark)
    if not elements:
        _fail(path, reason, "remark", line)
    return [Problem(line, "remark", reason)]


def _no_telecom_sites(path, scanned: str, masts: int, layer: bool = False) -> None:
    """Refuse an OpenStreetMap file or answer (or a ``layer`` of OSM objects) without any mobile base station,
    saying what was looked for."""
    other = tr("save the layer without its osm_id field to import every feature") if layer else \
        tr("import them as a GeoJSON point layer")
    hint = tr("; {n} mast or tower carries no such tag (add tower:type=communication, or {other})",
              "; {n} masts or towers carry no such tag (add tower:type=communication, or {other})", masts,
              other=other) if masts else ""
    _fail(path, tr("no mobile base station among its {scanned} (looked for man_made=mast|tower|communications_tower "
                   "with tower:type=communication or communication:mobile_phone, an antenna for mobile phones, or "
                   "telecom=bts){hint}", scanned=scanned, hint=hint))


def _overpass_element(items: list):
    """A reader of Overpass elements: ``(kind, id, tags, (lon, lat) or why not, incomplete)``; None for untagged
    ones. ``incomplete`` is ``(parts in the answer, parts)`` of a way placed by only some of its nodes, or a
    relation by only some of its member ways (cut off by a bounding box, 'out geom(bbox);', or a partial answer;
    as :func:`_import_osm_xml` says of an OSM file), else None."""
    nodes = {e.get("id"): (e.get("lon"), e.get("lat")) for e in items
             if isinstance(e, dict) and e.get("type") == "node" and "lat" in e}
    ways = {e.get("id"): e.get("nodes") for e in items
            if isinstance(e, dict) and e.get("type") == "way" and isinstance(e.get("nodes"), list)}

    def member_points(member: dict) -> list:
        """A relation member way's points: its geometry ('out geom;'), else its nodes found in the answer
        ('out body;' with the ways and nodes recursed down to, '>;')."""
        points = [(g.get("lon"), g.get("lat")) for g in member.get("geometry") or [] if isinstance(g, dict)]
        if not points and member.get("type") == "way":
            points = [nodes[ref] for ref in ways.get(member.get("ref")) or [] if ref in nodes]
        return [p for p in points if None not in p]

    def way_parts(refs, geometry) -> tuple[int, int, bool]:
        """(nodes placed, nodes, whole) of a way: by its geometry ('out geom;': a node cut off is null), else by
        its nodes found in the answer."""
        if isinstance(geometry, list) and geometry:
            there = [isinstance(g, dict) and None not in (g.get("lon"), g.get("lat")) for g in geometry]
            keys = refs if isinstance(refs, list) and len(refs) == len(geometry) else range(len(geometry))
            return _parts_there((key, t, t) for key, t in zip(keys, there))
        refs = refs if isinstance(refs, list) else []
        return _parts_there((r, r in nodes, r in nodes) for r in refs)

    def relation_parts(members: list) -> tuple[int, int, bool]:
        """(member ways in the answer, member ways, whole) of a relation."""
        parts = []
        for m in members:
            if not isinstance(m, dict) or m.get("type") != "way":
                continue
            ref = m.get("ref")
            if isinstance(m.get("geometry"), list) and m["geometry"]:
                have, _total, all_there = way_parts(None, m["geometry"])
            elif ref in ways:
                have, _total, all_there = way_parts(ways[ref], None)
            else:
                have, all_there = 0, False
            parts.append((ref, bool(have), bool(have) and all_there))
        return _parts_there(parts)

    def read(element: dict):
        tags = element.get("tags")
        if not isinstance(tags, dict) or not tags:
            return None
        tags = {str(k): str(v) for k, v in tags.items()}
        kind, osm_id = element.get("type", "element"), element.get("id")
        incomplete = None
        if kind == "node":
            position = (element.get("lon"), element.get("lat"))
        elif isinstance(element.get("center"), dict):
            position = (element["center"].get("lon"), element["center"].get("lat"))
        else:
            points = [(g.get("lon"), g.get("lat")) for g in element.get("geometry") or [] if isinstance(g, dict)]
            # a relation's 'out geom;' puts the geometry on its members; 'out body;' gives their refs
            members = [(str(m.get("role") or ""), member_points(m)) for m in element.get("members") or []
                       if isinstance(m, dict)]
            if not points and any(p for _role, p in members):
                have, total, whole = relation_parts(element.get("members") or [])
                try:
                    return kind, osm_id, tags, _relation_centre(members), None if whole else (have, total)
                except (TypeError, ValueError):
                    return kind, osm_id, tags, tr("has member ways whose points are not numbers"), None
            points = points or [nodes[ref] for ref in element.get("nodes", []) if ref in nodes]
            if points and kind == "way":
                have, total, whole = way_parts(element.get("nodes"), element.get("geometry"))
                incomplete = None if whole else (have, total)
            bounds = element.get("bounds")
            if not points and isinstance(bounds, dict):  # 'out bb;'
                points = [(bounds.get("minlon"), bounds.get("minlat")), (bounds.get("maxlon"), bounds.get("maxlat"))]
            points = [p for p in points if None not in p]
            position = _mean_point(points) if points else (
                tr("has no position: run the Overpass query with 'out center;' (or 'out geom;')"))
        return kind, osm_id, tags, position, incomplete
    return read


def _mean_point(points: list) -> tuple[float, float]:
    """The centre of a way's vertices: the centroid of the area a closed way encloses (a tower or its
    compound drawn as an area, as OGR gives for ``.osm.pbf``), else the mean of the vertices."""
    closed = len(points) > 3 and tuple(points[0]) == tuple(points[-1])
    if closed:
        from shapely.geometry import Polygon

        ring = Polygon(points)
        if ring.is_valid and ring.area > 0:
            centre = ring.centroid
            return float(centre.x), float(centre.y)
        points = points[:-1]
    arr = np.asarray(points, dtype=float)
    return float(arr[:, 0].mean()), float(arr[:, 1].mean())


def _relation_centre(members: list) -> tuple[float, float] | None:
    """The centre of a multipolygon relation from its member ways ``(role, [(lon, lat), ...])``: the centroid of
    the area its outer ways enclose (a ring split into several ways too) less its inner ways' areas, as OGR
    gives for ``.osm.pbf``; the mean of the member ways' points when they enclose no area (a relation of
    another type, members missing); None without any point."""
    from shapely.geometry import LineString
    from shapely.ops import polygonize, unary_union

    ways = [(role, [(float(x), float(y)) for x, y in points]) for role, points in members]
    ways = [(role, points) for role, points in ways if points]
    if not ways:
        return None
    lines = {kind: [LineString(points) for role, points in ways if len(points) > 1 and (role == "inner") == inner]
             for kind, inner in (("outer", False), ("inner", True))}
    outers = list(polygonize(lines["outer"]))
    if outers:
        area = unary_union(outers)
        holes = list(polygonize(lines["inner"]))
        if holes:
            area = area.difference(unary_union(holes))
        if not area.is_empty and area.area > 0:
            return float(area.centroid.x), float(area.centroid.y)
    return _mean_point([p for _role, points in ways for p in points])


@with_gdal_exceptions
def _overpass_feature(feature: dict):
    """``(kind, id, tags, (lon, lat) or why not)`` of an overpass-turbo GeoJSON feature."""
    props = feature.get("properties") or {}
    ident = str(props.get("@id") or feature.get("id") or "")
    if "/" in ident:
        kind, osm_id = ident.split("/", 1)
    else:
        kind, osm_id = props.get("type", "element"), props.get("id", ident)
    tags = props.get("tags") if isinstance(props.get("tags"), dict) else {
        k: v for k, v in props.items() if not k.startswith("@") and isinstance(v, (str, int, float))}
    tags = {str(k): str(v) for k, v in tags.items()}
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        return kind, osm_id, tags, tr("has no geometry")
    if geometry.get("type") == "Point":
        coords = geometry.get("coordinates") or []
        return kind, osm_id, tags, (coords[0], coords[1]) if len(coords) >= 2 else tr("has an empty point")
    _gdal_mod, ogr, _osr = _gdal()
    try:
        centroid = ogr.CreateGeometryFromJson(json.dumps(geometry)).Centroid()
    except (RuntimeError, AttributeError):
        return kind, osm_id, tags, tr("has an unreadable {kind} geometry", kind=geometry.get("type"))
    return kind, osm_id, tags, (centroid.GetX(), centroid.GetY())


# --------------------------------------------------------------------------------------------
# dispatch
# --------------------------------------------------------------------------------------------
def detect_kind(path) -> str:
    """``csv`` (also OpenCelliD), ``kml``, ``kmz``, ``osm``, ``zip`` or ``vector`` from the file name.

    A ``.json`` / ``.geojson`` file is looked into: an OpenCelliD API answer is ``opencellid``,
    an Overpass API answer or an overpass-turbo export ``osm``. A file whose name has no
    extension is known by its content (:func:`sniff_kind`).
    """
    name = str(path).lower()
    if name.endswith(".zip"):
        return "zip"
    if not os.path.splitext(os.path.basename(name))[1] and os.path.isfile(str(path)):
        return sniff_kind(path)
    if name.endswith((".gz", ".bz2")):
        name = name.rsplit(".", 1)[0]
    if name.endswith((".csv", ".txt", ".tsv")):
        return "csv"
    if name.endswith(".kml"):
        return "kml"
    if name.endswith(".kmz"):
        return "kmz"
    if name.endswith((".osm", ".osm.pbf", ".pbf")):
        return "osm"
    if name.endswith(".xml") and os.path.isfile(str(path)) and sniff_opencellid_xml(path):
        return "opencellid"
    if name.endswith((".json", ".geojson")) and os.path.isfile(str(path)):
        return {"opencellid": "opencellid", "overpass": "osm", "overpass-geojson": "osm"}.get(sniff_json(path),
                                                                                             "vector")
    return "vector"


def sniff_kind(path) -> str:
    """The kind of a file (as :func:`detect_kind` names it) from its first bytes, for a file without extension.

    A zip archive is ``zip`` (a KMZ among them), XML is ``kml`` or ``osm`` by its root element,
    JSON as :func:`sniff_json` says (GeoJSON: ``vector``), an OSM PBF ``osm``, a SQLite database
    (GeoPackage) ``vector``, and other text ``csv``; what is none of these is left to OGR (``vector``).
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
        if head.startswith((b"\x1f\x8b", b"BZh")) and _compression(path):  # what the gzip / bzip2 file holds
            head = _read_head(path, 4096)
    except (OSError, ImportFailed):
        return "vector"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"SQLite format 3\x00"):
        return "vector"
    if b"OSMHeader" in head[:64]:
        return "osm"
    if text.startswith(b"<"):
        root = re.search(rb"<(?!\?|!)([A-Za-z_][\w.:-]*)", text)
        tag = root.group(1).split(b":")[-1].decode("ascii", "replace") if root else ""
        return "kml" if tag in KML_ROOTS else "osm" if tag == "osm" else "opencellid" if tag == "rsp" else "vector"
    if text.startswith((b"{", b"[")):
        return {"opencellid": "opencellid", "overpass": "osm", "overpass-geojson": "osm"}.get(sniff_json(path),
                                                                                             "vector")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_mark(head) or b"\x00" not in head:
        return "csv"
    return "vector"


def _zip_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The files of an archive, without folders and the AppleDouble copies of a Mac (``__MACOSX/``, ``._x``)."""
    return [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")
            and not posixpath.basename(i.filename).startswith("._")]


def zip_station_files(members: list[str]) -> list[str]:
    """Names of the station files among the names of a zip's files (``.txt`` only when nothing else is one)."""
    found = [m for m in members if posixpath.splitext(m.lower())[1] in ZIP_MEMBER_EXTENSIONS]
    return found or [m for m in members if m.lower().endswith(".txt")]


def import_zip(path, **options) -> ImportResult:
    """The station file inside a ``.zip`` archive, as downloads come (a shapefile with its sidecar
    files, a CSV, a GeoJSON...); an archive of KML files is read as a KMZ.

    The archive must hold exactly one station file: none, or several, is refused naming what
    it holds. The file (a shapefile with every file of its name) is extracted to a temporary
    folder and read by :func:`import_file`; its ``source`` is the archive's name.
    """
    import tempfile

    options["source"] = options.get("source") or os.path.basename(str(path))
    with tempfile.TemporaryDirectory(prefix="bsm-zip-") as folder:
        extracted = extract_zip_member(path, folder)
        if extracted is None:
            options.pop("kind", None)
            return import_kmz(path, **options)
        member, inner, others = extracted
        try:
            result = import_file(inner, skip_bad=True, **options)
        except ImportFailed as exc:
            raise ImportFailed(path, exc.problems, tr("(in {member})", member=member)) from None
        except zipfile.BadZipFile as exc:
            _fail(path, tr("{member} cannot be extracted ({error})", member=member, error=str(exc)))
    result.path = str(path)
    result.details["member"] = member
    if others:
        result.details["other_files"] = others
    return result


def extract_zip_member(path, folder) -> tuple[str, str, list[str]] | None:
    """The station file of a ``.zip`` (as :func:`import_zip` chooses it; a shapefile with every file of its name)
    extracted into ``folder``: ``(member, extracted file, other station files not read)``; None for an archive of
    KML files (read as a KMZ). Raises :class:`ImportFailed` naming the archive as :func:`import_zip` does."""
    import shutil

    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        _fail(path, tr("file not found"))
    except IsADirectoryError:
        _fail(path, tr("is a folder, not a file"))
    except (zipfile.BadZipFile, OSError):
        _fail(path, tr("not a valid zip archive"))
    with archive:
        infos = _zip_members(archive)
        names = [i.filename for i in infos]
        found = zip_station_files(names)
        if found and all(n.lower().endswith(".kml") for n in found):
            return None
        if not found:
            held = tr("{files} and {n} more", "{files} and {n} more", len(names) - 10, files=", ".join(names[:10])) \
                if len(names) > 10 else ", ".join(names)
            _fail(path, tr("the zip holds no station file (CSV, TXT, KML, Shapefile, GeoJSON, GeoPackage, GPX, OSM, "
                           "XLSX, ODS): it holds {files}", files=held) if held else
                  tr("the zip holds no station file (CSV, TXT, KML, Shapefile, GeoJSON, GeoPackage, GPX, OSM, XLSX, "
                     "ODS): it is empty"))
        others: list[str] = []
        if len(found) > 1:
            # a delivery of several layers (towers.shp with regions.shp, roads.shp): the one holding points
            points = _zip_point_files(path, found)
            if points is None or len(points) != 1:
                held = tr(" ({n} of them holds points: {files})", " ({n} of them hold points: {files})", len(points),
                          files=", ".join(points)) if points else ""
                _fail(path, tr("the zip holds {n} station files ({files}){held}: unzip it and import one of them",
                               n=len(found), files=", ".join(found), held=held))
            others = [m for m in found if m != points[0]]
            found = points
        member = found[0]
        stem, ext = posixpath.splitext(member)
        parts = [i for i in infos if posixpath.splitext(i.filename)[0] == stem] if ext.lower() == ".shp" else \
            [i for i in infos if i.filename == member]
        total = sum(i.file_size for i in parts)
        if total > KMZ_MAX_BYTES:
            _fail(path, tr("{member} would expand to {mb} MB: refused", member=member, mb=num(total / 1e6, ".0f")))
        for info in parts:
            try:
                with archive.open(info) as src, open(os.path.join(str(folder), posixpath.basename(info.filename)),
                                                     "wb") as dst:
                    shutil.copyfileobj(src, dst)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a cut or damaged download
                _fail(path, tr("{member} cannot be extracted: the zip is cut or damaged ({error})",
                               member=info.filename, error=str(exc)))
    return member, os.path.join(str(folder), posixpath.basename(member)), others


#: Files of a zip that OGR reads in place (``/vsizip/``), so their geometry can be told before extracting them.
_ZIP_VECTOR_EXTENSIONS = (".shp", ".gpkg", ".geojson", ".json", ".fgb", ".gml", ".sqlite", ".gpx")


@with_gdal_exceptions
def _zip_point_files(path, members: list[str]) -> list[str] | None:
    """Which of a zip's vector files hold points (a layer of points or multipoints with features); None when one
    of ``members`` is no such file (a CSV, KML or OSM file: whether it holds stations is only known by reading
    it) or cannot be opened in place."""
    gdal, ogr, _osr = _gdal()
    if any(posixpath.splitext(m.lower())[1] not in _ZIP_VECTOR_EXTENSIONS for m in members):
        return None
    out = []
    for member in members:
        try:
            ds = gdal.OpenEx(f"/vsizip/{os.path.abspath(str(path))}/{member}", gdal.OF_VECTOR | gdal.OF_READONLY)
        except RuntimeError:
            return None
        if ds is None:
            return None
        layers = [ds.GetLayer(i) for i in range(ds.GetLayerCount())]
        if any(ogr.GT_Flatten(lyr.GetGeomType()) in (ogr.wkbPoint, ogr.wkbMultiPoint) and lyr.GetFeatureCount()
               for lyr in layers):
            out.append(member)
        layers = ds = None
    return out


def _import_compressed_vector(path, **options) -> ImportResult:
    """A GeoJSON, GPX, GeoPackage... compressed with gzip or bzip2 (``towers.geojson.gz``, or a download kept
    without its extension), which OGR does not open: decompressed into a temporary folder and read there
    (``source`` stays the file's name, problems name the file)."""
    import tempfile

    check = options.get("check")
    name = os.path.basename(str(path))
    inner = re.sub(r"\.(?:gz|bz2)$", "", name, flags=re.IGNORECASE) or "data"
    options["source"] = options.get("source") or name
    with tempfile.TemporaryDirectory(prefix="bsm-unpacked-") as folder:
        target = os.path.join(folder, inner)
        with _open_binary(path) as src, open(target, "wb") as dst:
            try:
                while True:
                    block = src.read(KML_BLOCK_BYTES)
                    if not block:
                        break
                    dst.write(block)
                    if check is not None:
                        check()
            except (OSError, EOFError, zlib.error) as exc:  # a cut or damaged download
                _fail(path, _bad_compressed_file(path, exc))
        try:
            result = import_vector(target, **options)
        except ImportFailed as exc:
            raise ImportFailed(path, exc.problems) from None
    result.path = str(path)
    return result


def import_file(path, *, skip_bad: bool = False, merge_distance: float | None = None, coverage_reading: bool = False,
                **options) -> ImportResult:
    """Import any supported file; all-or-nothing unless ``skip_bad``.

    With ``coverage_reading`` the station fields are read as the coverage reads a station layer, with the caller's
    warning, rather than refused (the command line): a technology that is none (``unknown``), an antenna height
    below the ground or above 500 m, a station_id given twice, and "no value" markers of the antenna height, the
    azimuths and the radius (not given); the columns of :data:`GIVEN_PREFIX` and :data:`NOT_GIVEN_PREFIX` keep
    what was read so. A value that is no number, a negative radius or a position stay bad rows.

    ``options`` go to the format's importer (e.g. ``encoding``, ``delimiter``, ``mapping``,
    ``crs``, ``layer``, ``status``, ``defaults``, ``check``, ``progress``; ``keep_fields`` from CSV and vector
    files, see :func:`import_csv`). With
    ``merge_distance`` (m) stations of the file closer than that are merged into one.
    Raises :class:`ImportFailed` when the file cannot be read, or has bad rows and not
    ``skip_bad``.
    """
    token = _COVERAGE_READING.set(bool(coverage_reading))
    try:
        return _import_file(path, skip_bad, merge_distance, **options)
    finally:
        _COVERAGE_READING.reset(token)


def _import_file(path, skip_bad: bool, merge_distance: float | None, **options) -> ImportResult:
    explicit = options.pop("kind", None)
    detected = detect_kind(path)
    if explicit == "csv" and detected != "csv":  # a plain table: of a CSV, or of the CSV a zip holds, only
        if detected == "zip":
            options["kind"] = explicit
        explicit = None
    kind = explicit or detected
    check = options.get("check")  # some importers take none: the merge below still checks
    if kind not in ("csv", "opencellid", "vector") or (kind == "vector" and _compression(path)):
        options.pop("keep_fields", None)  # kept from CSV and vector files only
    if kind == "opencellid" and sniff_json(path) == "opencellid":
        for name in ("encoding", "delimiter", "mapping", "crs", "layer", "keep_fields"):
            options.pop(name, None)
        result = import_opencellid_json(path, **options)
    elif kind == "opencellid" and sniff_opencellid_xml(path):
        for name in ("encoding", "delimiter", "mapping", "crs", "layer", "keep_fields"):
            options.pop(name, None)
        result = import_opencellid_xml(path, **options)
    elif kind in ("csv", "opencellid"):
        options.pop("layer", None)  # a CSV is one table ('sites.csv|layername=sites', as OGR names it)
        result = import_csv(path, kind=explicit, **options)
    elif kind == "zip":
        result = import_zip(path, **options)
    else:
        for name in ("encoding", "delimiter", "site_distance", "kind"):
            options.pop(name, None)
        if kind in ("kml", "kmz"):
            for name in ("crs", "mapping"):
                options.pop(name, None)
            result = (import_kml if kind == "kml" else import_kmz)(path, **options)
        elif kind == "osm":
            for name in ("crs", "mapping"):
                options.pop(name, None)
            if sniff_json(path):  # an Overpass answer: one layer
                options.pop("layer", None)
            result = import_osm(path, **options)
        elif _compression(path):
            result = _import_compressed_vector(path, **options)
        else:
            result = import_vector(path, **options)
    result.require_clean(skip_bad)
    if merge_distance and merge_distance > 0 and len(result.stations) > 1:
        before = len(result.stations)
        result.stations = merge_stations([result.stations], merge_distance, check=check)
        result.details["merged"] = before - len(result.stations)
    return result


__all__ = [
    "CsvLayout", "ImportFailed", "ImportResult", "Problem", "aggregate_cells", "csv_layout", "decode_text",
    "detect_kind", "extract_zip_member", "guess_mapping", "import_csv", "import_file", "import_kml", "import_kmz",
    "import_opencellid_json", "import_opencellid_xml",
    "import_osm", "import_overpass_json", "import_vector", "import_zip", "is_telecom_site", "list_vector_layers",
    "parse_dms", "parse_hstore", "parse_kml", "sheet_layout", "sniff_delimiter", "sniff_json", "sniff_kind",
    "split_source", "vector_driver", "vector_layer_choices",
    "zip_station_files",
]
