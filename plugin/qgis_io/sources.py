"""Layer sources as QGIS writes them, built and read through its provider registry, never by hand.

A file's path may hold any character: ``|`` (which also separates a source's parts, ``data.gpkg|layername=x``),
``?``, ``#``, ``%``, spaces, Hangul, a Windows drive and backslashes. Splitting a source on ``|`` cut such a path
short, and ``f"{path}|layername={name}"`` relies on QGIS reading back what was pasted together. The registry's
``decodeUri`` knows the parts each provider puts after the path, and ``encodeUri`` writes them as it reads them.
"""

from __future__ import annotations

import os

from qgis.core import QgsProviderRegistry

#: Parts of a GDAL source that are not where the data is: open options and credentials (``|option:...``,
#: ``|credential:...``), dropped from the name GDAL opens as the plugin's readers open it.
_GDAL_OPTIONS = ("openOptions", "credentialOptions")


def _registry() -> QgsProviderRegistry:
    return QgsProviderRegistry.instance()


def ogr_uri(path, layer_name: str | None = None) -> str:
    """The OGR source of the file ``path``, or of its layer ``layer_name`` (``path|layername=name`` as QGIS writes
    it)."""
    parts = {"path": str(path)}
    if layer_name:
        parts["layerName"] = str(layer_name)
    return _registry().encodeUri("ogr", parts)


def source_path(layer) -> str:
    """The file behind ``layer`` (a vector or raster layer of a file; for one inside a zip, the zip), '' when its
    provider names none (a memory layer, a web service)."""
    if layer is None:
        return ""
    path = _registry().decodeUri(layer.providerType(), layer.source()).get("path")
    return path if isinstance(path, str) else ""


def missing_file(layer) -> str:
    """The file of ``layer``'s source when it is a local file that does not exist (moved away since the project
    was saved), else '' (a file there, a URL, a ``/vsi`` path, a memory layer or a database)."""
    path = source_path(layer)  # (of a GeoPackage's raster table 'GPKG:file:table', of a CSV's URL: the file)
    if not path or "://" in path or path.startswith("/vsi") or os.path.exists(path):
        return ""
    return path


def gdal_path(source) -> str:
    """What GDAL opens of a GDAL raster source (a layer or its source text): the file, a member of a zip
    (``/vsizip/...``), a GeoPackage's raster table (``GPKG:path:table``), without the open options and credentials
    QGIS keeps after a ``|``."""
    text = source.source() if hasattr(source, "source") else str(source)
    parts = _registry().decodeUri("gdal", text)
    if not parts.get("path"):
        return text
    return _registry().encodeUri("gdal", {key: value for key, value in parts.items() if key not in _GDAL_OPTIONS})


def source_file(source: str) -> str:
    """The file of a layer source as QGIS writes it ('data.gpkg|layername=x' -> 'data.gpkg'): cut only before the
    parts QGIS's OGR provider puts after a file (``|layername=``, ``|layerid=``, ``|subset=``, ``|option:``...), so
    that a path holding '|' itself (a folder 'a|b' on Linux or macOS) stays whole; a text naming a file as it is,
    kept."""
    source = str(source or "")
    if "|" not in source or os.path.exists(source):
        return source
    path = _registry().decodeUri("ogr", source).get("path")
    return path if isinstance(path, str) and path else source
