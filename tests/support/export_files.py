"""Helpers of the export tests that need no QGIS: reading KMZ back, holding a file lock, unwritable folders."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
import zipfile
from contextlib import contextmanager
from pathlib import Path

KML_NS = {"k": "http://www.opengis.net/kml/2.2"}


def read_kmz(path: Path | str) -> dict[str, list[dict]]:
    """``{folder name: [{'name', 'style', 'data': {field: text}, 'geometry': tag, 'coords': [...]}, ...]}``."""
    path = Path(path)
    if path.suffix.lower() == ".kmz":
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            assert names[0] == "doc.kml", names
            root = ET.fromstring(zf.read("doc.kml"))
    else:
        root = ET.parse(path).getroot()
    out: dict[str, list[dict]] = {}
    for folder in root.iterfind(".//k:Folder", KML_NS):
        items = []
        for pm in folder.iterfind("k:Placemark", KML_NS):
            data = {d.get("name"): (d.findtext("k:value", "", KML_NS)) for d in pm.iterfind(".//k:Data", KML_NS)}
            geom = next(el for el in pm if el.tag.split("}")[1] in (
                "Point", "Polygon", "LineString", "MultiGeometry"))
            coords = []
            for c in pm.iterfind(".//k:coordinates", KML_NS):
                coords.append([tuple(float(v) for v in pair.split(",")) for pair in c.text.split()])
            items.append({"name": pm.findtext("k:name", "", KML_NS), "style": pm.findtext("k:styleUrl", "", KML_NS),
                          "data": data, "geometry": geom.tag.split("}")[1], "coords": coords,
                          "description": pm.findtext("k:description", "", KML_NS)})
        out[folder.findtext("k:name", "", KML_NS)] = items
    return out


def kml_styles(path: Path | str) -> dict[str, dict[str, str]]:
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("doc.kml"))
    out = {}
    for style in root.iterfind(".//k:Style", KML_NS):
        out[style.get("id")] = {
            "poly": style.findtext("k:PolyStyle/k:color", "", KML_NS),
            "line": style.findtext("k:LineStyle/k:color", "", KML_NS),
            "icon": style.findtext("k:IconStyle/k:color", "", KML_NS),
        }
    return out


@contextmanager
def locked_by_other_process(path: Path | str):
    """Hold an exclusive fcntl lock on ``path`` from another process (as an editor or SQLite writer does)."""
    code = textwrap.dedent(f"""
        import fcntl, sys, time
        f = open({str(path)!r}, "r+b")
        fcntl.lockf(f.fileno(), fcntl.LOCK_EX)
        print("locked", flush=True)
        sys.stdin.readline()
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        yield proc
    finally:
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=10)


def locked_for_other_process(path: Path | str) -> bool:
    """Whether another process finds ``path`` locked (cannot take a write lock without waiting)."""
    code = textwrap.dedent("""
        import fcntl, sys
        f = open(sys.argv[1], "r+b")
        try:
            fcntl.lockf(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            print("locked")
        else:
            print("free")
    """)
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return out.stdout.strip() == "locked"


@contextmanager
def unwritable_folder(tmp_path: Path):
    """A folder this process cannot create files in (a read-only system folder when running as root)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        for candidate in (Path("/sys"), Path("/proc/1")):
            try:
                (candidate / ".bsm-write-test").write_bytes(b"")
            except OSError:
                yield candidate
                return
        import pytest

        pytest.skip("no read-only folder available to a root user here")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


def leftovers(folder: Path) -> list[str]:
    """Temporary files an export could have left behind in ``folder``."""
    return sorted(p.name for p in Path(folder).iterdir() if p.name.startswith(".~") or ".part" in p.name)


def ogr_records(path: Path | str, layer: str | int = 0) -> tuple[list[dict], list[str]]:
    """``([{field: value}], [geometry WKT or None])`` of a layer re-opened with OGR."""
    from osgeo import ogr

    ds = ogr.Open(str(path))  # keep the data source alive while features are read
    assert ds is not None, f"OGR cannot open {path}"
    lyr = ds.GetLayerByName(layer) if isinstance(layer, str) else ds.GetLayer(layer)
    assert lyr is not None, f"no layer {layer!r} in {path}"
    defn = lyr.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    records, geoms = [], []
    for feat in lyr:
        records.append({n: (feat.GetField(n) if feat.IsFieldSetAndNotNull(n) else None) for n in names})
        geom = feat.GetGeometryRef()
        geoms.append(geom.ExportToWkt() if geom is not None else None)
    return records, geoms


def same_values(expected: dict, actual: dict, rel: float = 1e-9) -> bool:
    """Attribute dicts equal field by field (floats to ``rel``; '' and None alike for text)."""
    import math

    if set(expected) != set(actual):
        return False
    for key, a in expected.items():
        b = actual[key]
        if isinstance(a, float) or isinstance(b, float):
            if a is None or b is None:
                if not (a is None and b is None):
                    return False
            elif not math.isclose(float(a), float(b), rel_tol=rel, abs_tol=1e-12):
                return False
        elif (a if a not in ("",) else None) != (b if b not in ("",) else None):
            return False
    return True
