"""Imagery layers: presets, user XYZ/WMS/WMTS sources, local rasters, acquisition dates,
blocks read through the QGIS provider, and detected candidates written to a station layer."""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsDataSourceUri,
    QgsProject,
    QgsRasterLayer,
    QgsRasterProjector,
    QgsRectangle,
    QgsVectorLayer,
)

from ..compat import distance_unit
from ..core.detect import detector_label
from ..core.detect.mast import Candidate, DetectorParams, valid_mask
from ..core.detect.metadata import acquisition_date, gdal_tags
from ..core.detect.tiling import DEFAULT_TILE, band_patches, band_roles, holds_transparency, overlap_px
from ..core.geo import utm_epsg
from ..core.stations import FIELDS_BY_NAME, LAT, LON, default_record, missing_fields
from ..i18n import number, tr
from .sources import gdal_path
from .station_layer import WGS84, frame_to_features, station_fields
from .values import rewrite_refusal

#: Layer custom property holding the acquisition date (ISO ``YYYY-MM-DD``); the stations'
#: Add-station tool reads exactly this property.
ACQ_DATE_PROPERTY = "basestation_mapper/acquisition_date"
#: Marks layers added from the Imagery section.
IMAGERY_PROPERTY = "basestation_mapper/imagery"
#: Marks a layer whose file was read for an acquisition date (once: a date the analyst cleared stays cleared).
DATE_READ_PROPERTY = "basestation_mapper/acquisition_date_read"

PRESETS = {
    "esri_world_imagery": {
        "name": "Esri World Imagery", "kind": "xyz", "zmax": 19,
        "url": "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "attribution": "Esri, Maxar, Earthstar Geographics, and the GIS User Community",
    },
    "openstreetmap": {
        "name": "OpenStreetMap", "kind": "xyz", "zmax": 19,
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "© OpenStreetMap contributors",
    },
}

#: Imagery files GDAL reads (PNG/JPEG georeferenced by a world file: .pgw, .jgw, .wld).
LOCAL_EXTENSIONS = (".tif", ".tiff", ".vrt", ".jp2", ".j2k", ".img", ".ntf", ".nitf", ".png", ".jpg", ".jpeg",
                    ".ecw", ".sid")


class ImageryError(ValueError):
    """A source or a raster cannot be used (message names the source)."""


# -- layers ----------------------------------------------------------------------------------
#: Tile placeholders QGIS fills (lower case only): column, row, flipped row, zoom, Bing quadkey.
_TILE_PLACEHOLDER = re.compile(r"\{(-?[xyzq])\}", re.IGNORECASE)
_SUBDOMAIN = re.compile(r"\{s\}", re.IGNORECASE)
#: ``{s}`` as the whole first label of the host: Leaflet's default subdomains (a, b, c) serve it
_SUBDOMAIN_HOST = re.compile(r"^([a-z]+://)\{s\}\.", re.IGNORECASE)


def pasted_source(source: dict) -> dict:
    """``source`` with a QGIS ``wms`` provider URI pasted as its URL (a layer's source copied from
    QGIS, e.g. ``type=xyz&url=https://…&zmax=19``) taken apart: its kind, URL, zoom levels, WMS
    layer, CRS, format and styles (what the dictionary itself gives is kept)."""
    text = str(source.get("url", "")).strip()
    if text.lower().startswith(("http://", "https://", "file://")) or "url=" not in text:
        return source
    uri = QgsDataSourceUri()
    uri.setEncodedUri(text)
    if not uri.param("url"):
        return source
    out = dict(source, url=uri.param("url"))
    if uri.param("type").lower() == "xyz":
        out["kind"] = "xyz"
    elif uri.hasParam("tileMatrixSet"):
        out["kind"] = "wmts"
        out.setdefault("tile_matrix_set", uri.param("tileMatrixSet"))
    elif uri.hasParam("layers"):
        out["kind"] = "wms"
    for key in ("zmin", "zmax", "layers", "styles", "format", "crs"):
        if uri.hasParam(key) and not source.get(key):
            # a WMS source of several layers repeats layers= and styles=, one per layer
            out[key] = ",".join(uri.params(key)) if key in ("layers", "styles") else uri.param(key)
    return out


def source_label(source: dict) -> str:
    """A readable name for a saved web source: the name the user gave, else its server and what it
    serves ('ows.example.org: ortho_2019 (WMS)', 'tile.example.org/hillshade (XYZ)'); the pasted
    text itself (a QGIS layer source, a URL with placeholders) is no name."""
    url_text = str(source.get("url", "")).strip()
    name = str(source.get("name") or "").strip()
    if name and name != url_text:
        return name
    given = pasted_source(source)
    kind = str(given.get("kind", "xyz")).lower()
    parts = urlsplit(str(given.get("url", "")).strip())
    path = [seg for seg in parts.path.split("/") if seg and "{" not in seg and "=" not in seg]
    host = parts.hostname or (path[-1] if path else url_text)  # a file:// source: its folder
    if kind in ("wms", "wmts") and given.get("layers"):
        return f"{host}: {given['layers']} ({kind.upper()})"
    if kind == "xyz":
        path = [seg for seg in path if "." not in seg]  # a file name such as tile.png
    where = "/".join([host, *path]) if parts.hostname else host
    return f"{where} ({kind.upper()})"


def xyz_url(url: str) -> str:
    """An XYZ URL as QGIS fills it: placeholders in lower case, ``{q}`` (quadkey) kept; a ``{s}``
    subdomain QGIS cannot fill is set to ``a`` when it is the whole first label of the host (Leaflet's
    default subdomains a, b, c), else refused."""
    url = _TILE_PLACEHOLDER.sub(lambda m: "{" + m.group(1).lower() + "}", url)
    url = _SUBDOMAIN_HOST.sub(lambda m: m.group(1) + "a.", url, count=1)
    if _SUBDOMAIN.search(url):
        raise ImageryError(tr("QGIS cannot fill {{s}} in {url}: replace {{s}} with one of the server's subdomains "
                              "(often a, b, c or 0, 1, 2, 3)").format(url=url))
    if "{q}" not in url and ("{z}" not in url or "{x}" not in url or ("{y}" not in url and "{-y}" not in url)):
        raise ImageryError(tr("an XYZ URL needs {{z}}, {{x}} and {{y}} placeholders (or {{q}}): {url}").format(
            url=url))
    return url


def local_tile_url(url: str) -> str:
    """A ``file://`` tile URL of a folder whose path holds ``#``, ``?`` or ``%`` ('file:///home/분석가/타일 #1/{z}/{x}/
    {y}.png', or that URL escaped, '.../%ED%83%80%EC%9D%BC%20%231/...') as QGIS 3.22 reads it: its provider decodes
    the URL of the layer's source once and reads the tile's URL again, so such a character is escaped twice (QGIS
    read '#1/...' as a fragment, '%20' as a space, and drew no tile, saying nothing). Any other URL is kept, as is a
    ``file://`` URL of no such folder; the placeholders stay as they are."""
    if not url.lower().startswith("file://"):
        return url
    from urllib.parse import unquote

    path = url[len("file://"):]
    if path.lower().startswith("localhost/"):
        path = path[len("localhost"):]

    def folder_of(text: str) -> str:
        fixed = text.split("{", 1)[0]
        folder = fixed if fixed.endswith(("/", "\\")) else os.path.dirname(fixed)
        return folder[1:] if re.match(r"^/[A-Za-z]:", folder) else folder  # file:///C:/... is C:/...

    for spelled in (path, unquote(path)):  # the folder's name as typed, else the URL's escapes read
        if folder_of(spelled) and os.path.isdir(folder_of(spelled)):
            break
    else:
        return url
    if not re.search(r"[%#?]", spelled):
        return url  # QGIS reads every other character as it is: spaces, Hangul, '|', '&', ';', ','
    return "file://" + spelled.replace("%", "%2525").replace("#", "%2523").replace("?", "%253F")


def source_uri(source: dict) -> str:
    """QGIS ``wms`` provider URI of an XYZ / WMS / WMTS source dictionary.

    ``source``: ``kind`` (xyz | wms | wmts), ``url``; for WMS/WMTS also ``layers``, optional
    ``crs`` (default EPSG:3857), ``format`` (image/png), ``styles``, ``tile_matrix_set`` (WMTS).
    A WMS source may name several layers separated by commas (drawn in that order, with the
    styles given the same way, one per layer; a style left out is the layer's default). Blank
    values take the defaults. The URL may also be a QGIS layer source (:func:`pasted_source`).
    """
    source = pasted_source(source)
    kind = str(source.get("kind", "xyz")).lower()
    url = str(source.get("url", "")).strip()
    if not url:
        raise ImageryError(tr("the imagery source has no URL"))
    if not url.lower().startswith(("http://", "https://", "file://")):
        raise ImageryError(tr("{url} is not an http(s) URL").format(url=repr(url)))
    uri = QgsDataSourceUri()
    if kind == "xyz":
        url = local_tile_url(xyz_url(url))
        uri.setParam("type", "xyz")
        uri.setParam("url", url)
        uri.setParam("zmin", str(int(source.get("zmin", 0))))
        uri.setParam("zmax", str(int(source.get("zmax", 19))))
    elif kind in ("wms", "wmts"):
        layers = [name.strip() for name in str(source.get("layers") or "").split(",")] if kind == "wms" else \
            [str(source.get("layers") or "").strip()]
        if not all(layers):
            raise ImageryError(tr("a {kind} source needs a layer name ({url})").format(kind=kind.upper(), url=url)
                               if not any(layers) else
                               tr("an empty layer name in '{layers}' ({url})").format(layers=source.get("layers"),
                                                                                      url=url))
        styles = [name.strip() for name in str(source.get("styles") or "").split(",")] if kind == "wms" else \
            [str(source.get("styles") or "").strip() or "default"]
        if len(styles) > len(layers):
            raise ImageryError(tr("{styles} styles for {layers} layers ({url}): give one style per layer, separated "
                                  "by commas").format(styles=len(styles), layers=len(layers), url=url))
        crs = str(source.get("crs") or "").strip() or "EPSG:3857"
        if not QgsCoordinateReferenceSystem(crs).isValid():
            raise ImageryError(tr("{crs} is not a coordinate reference system QGIS knows (e.g. EPSG:3857) "
                                  "({url})").format(crs=repr(crs), url=url))
        uri.setParam("url", url)
        # one layers= and styles= per layer, inserted as QGIS's own WMS dialog does (its provider reads them back
        # in this order)
        for layer_name, style in zip(layers, styles + [""] * (len(layers) - len(styles))):
            uri.setParam("layers", layer_name)
            uri.setParam("styles", style)
        uri.setParam("format", str(source.get("format") or "").strip() or "image/png")
        uri.setParam("crs", crs)
        if kind == "wmts":
            uri.setParam("tileMatrixSet", str(source.get("tile_matrix_set") or "").strip() or "GoogleMapsCompatible")
        uri.setParam("dpiMode", "7")
    else:
        raise ImageryError(tr("unknown imagery source kind {kind} (xyz, wms or wmts)").format(kind=repr(kind)))
    return bytes(uri.encodedUri()).decode()


def web_layer(source: dict, acquisition: str | None = None) -> QgsRasterLayer:
    """A raster layer for an XYZ/WMS/WMTS source (no tile is fetched until it is drawn)."""
    given = pasted_source(source)  # a pasted QGIS source is named and described by its parts
    # without a name of its own, its server and what it serves (source_label), not its URL: a key in the URL's query
    # ('?apikey=…', '?access_token=…') went into the layer's name, so into the candidates' source and every export
    name = source.get("name") if source.get("name") not in (None, "", source.get("url")) else source_label(source)
    layer = QgsRasterLayer(source_uri(source), str(name), "wms")
    layer.setCustomProperty(IMAGERY_PROPERTY, json.dumps({k: given[k] for k in given if k != "name"}))
    if source.get("attribution"):
        layer.setAttribution(str(source["attribution"]))
    if acquisition:
        set_acquisition_date(layer, acquisition)
    return layer


def web_layer_problem(layer: QgsRasterLayer) -> str | None:
    """Why QGIS cannot use a WMS/WMTS layer of :func:`web_layer` (its service's capabilities could not
    be read, or do not offer the layer, CRS or tile matrix set asked for); None when it is valid."""
    if layer is None or layer.isValid():
        return None
    try:
        source = json.loads(layer.customProperty(IMAGERY_PROPERTY, "") or "{}")
    except ValueError:
        source = {}
    kind = str(source.get("kind", "web")).upper()
    names = {"layers": source.get("layers", ""), "crs": source.get("crs") or "EPSG:3857",
             "matrix": source.get("tile_matrix_set") or "GoogleMapsCompatible"}
    offers = tr("the layer '{layers}' in {crs} with the tile matrix set {matrix}") if kind == "WMTS" else \
        tr("the layer '{layers}' in {crs}")
    return tr("{name}: QGIS cannot use this {kind} source. Check the URL, that the service offers {offers}, and the "
              "network (the WMS tab of the message log says more).").format(
        name=layer.name(), kind=kind, offers=offers.format(**names))


def preset_layer(key: str) -> QgsRasterLayer:
    if key not in PRESETS:
        raise ImageryError(tr("unknown preset {key}").format(key=repr(key)))
    return web_layer(PRESETS[key])


def local_layer(path: str, name: str | None = None) -> QgsRasterLayer:
    """A raster layer of a local GeoTIFF/COG/VRT/JP2, its acquisition date read from metadata."""
    p = Path(path)
    if not p.exists():
        raise ImageryError(tr("{path}: no such file").format(path=path))
    layer = QgsRasterLayer(str(p), name or p.stem, "gdal")
    if not layer.isValid():
        raise ImageryError(tr("{path}: not a raster GDAL can read").format(path=path))
    layer.setCustomProperty(IMAGERY_PROPERTY, json.dumps({"kind": "file", "path": str(p)}))
    read_acquisition_date(layer)
    return layer


def file_date(path: str) -> str | None:
    """The acquisition date of a local raster from its metadata, sidecars or name (a VRT mosaic: the
    date its tiles share)."""
    return acquisition_date(gdal_tags(path), path) or mosaic_date(path)


def read_acquisition_date(layer) -> str | None:
    """The acquisition date of ``layer``; a local raster that does not carry one yet (added by
    QGIS's browser, drag and drop or Processing rather than the Imagery section) gets it from its
    file the first time it is asked, and only then."""
    if layer is None:
        return None
    found = acquisition_date_of(layer)
    if found or layer.customProperty(DATE_READ_PROPERTY, False):
        return found
    layer.setCustomProperty(DATE_READ_PROPERTY, True)
    path = local_path(layer)
    if path:
        found = _file_date_once(path)
        if found:
            set_acquisition_date(layer, found)
    return found


#: acquisition dates read from files, by path and modification time: a file (a VRT mosaic opens each of its
#: tiles) is read once whichever layer asks, the same image added twice or again after its removal
_file_dates: dict = {}
#: how many times a file was read for its date (what :func:`read_acquisition_date` spares, counted)
file_date_reads = 0


def image_date_of(layer) -> str | None:
    """The acquisition date to record for what is found on ``layer``: its date (:func:`acquisition_date_of`),
    else, for a local raster never dated (given to Processing as a file), its file's, read without writing it
    on the layer (this may run in a Processing thread, where a project layer must not be changed)."""
    found = acquisition_date_of(layer)
    if found or layer is None or layer.customProperty(DATE_READ_PROPERTY, False):
        return found
    path = local_path(layer)
    return _file_date_once(path) if path else None


def _file_date_once(path: str) -> str | None:
    global file_date_reads
    try:
        key = (os.path.realpath(path), os.path.getmtime(path))
    except OSError:
        return None
    if key not in _file_dates:
        file_date_reads += 1
        try:
            _file_dates[key] = file_date(path)
        except RuntimeError:  # GDAL cannot read the file (moved, damaged): undated
            _file_dates[key] = None
    return _file_dates[key]


#: Tiles of a VRT mosaic read for their dates at most (each one is opened on the main thread).
MOSAIC_DATE_TILES = 256


def mosaic_date(path: str) -> str | None:
    """The acquisition date of a VRT mosaic: the one date all its tiles share (from their metadata
    or names; remote tiles, e.g. COGs under ``/vsicurl/``, by name only: nothing is fetched from the
    main thread); None when a tile is undated, the tiles differ, or there are more than
    :data:`MOSAIC_DATE_TILES` of them."""
    if not path.lower().endswith(".vrt"):
        return None
    from osgeo import gdal

    try:
        ds = gdal.Open(path)
        files = [f for f in (ds.GetFileList() or []) if os.path.normpath(f) != os.path.normpath(path)] if ds else []
    except RuntimeError:
        return None
    ds = None
    if not files or len(files) > MOSAIC_DATE_TILES:
        return None
    dates = set()
    for tile in files:
        if not tile.lower().endswith(LOCAL_EXTENSIONS):
            continue  # sidecars GDAL lists (.aux.xml, .ovr, masks)
        if not os.path.exists(tile):  # a remote tile (/vsicurl/, /vsis3/...): its name only, no request
            dates.add(acquisition_date({}, tile))
        else:
            try:
                dates.add(acquisition_date(gdal_tags(tile), tile))
            except RuntimeError:  # an unreadable tile
                return None
        if None in dates or len(dates) > 1:
            return None
    return dates.pop() if dates else None


def set_acquisition_date(layer, iso_date: str | None) -> None:
    """Store (or clear with None/'') the acquisition date of ``layer``."""
    from ..core.detect.metadata import parse_date

    if not iso_date:
        layer.removeCustomProperty(ACQ_DATE_PROPERTY)
        return
    parsed = parse_date(iso_date)
    if parsed is None:
        raise ImageryError(_date_refusal(iso_date))
    layer.setCustomProperty(ACQ_DATE_PROPERTY, parsed)


#: a day written year first (2030-01-01, 2030/1/1, 2030:01:01, 20300101), to tell a date refused for when it is
#: from text that is no date
_YEAR_FIRST_DAY = re.compile(r"^(\d{4})[-/.:](\d{1,2})[-/.:](\d{1,2})$|^(\d{4})(\d{2})(\d{2})$")


def _date_refusal(text) -> str:
    """Why ``text`` is refused as an acquisition date: a day in the future or before 1960 (read nowhere as one:
    the metadata's dates are read so too), else no date at all."""
    from datetime import date, timedelta

    found = _YEAR_FIRST_DAY.match(str(text).strip())
    if found:
        try:
            day = date(*(int(v) for v in found.groups() if v is not None))
        except ValueError:
            day = None
        if day is not None and day > date.today() + timedelta(days=1):
            return tr("{date} is in the future: the acquisition date is the day the image was taken "
                      "(YYYY-MM-DD)").format(date=repr(text))
        if day is not None and day.year < 1960:
            return tr("{date} is before 1960: acquisition dates from 1960 on are kept (YYYY-MM-DD)").format(
                date=repr(text))
    return tr("{date} is not a date (use YYYY-MM-DD)").format(date=repr(text))


def acquisition_date_of(layer) -> str | None:
    """The acquisition date of ``layer`` as ISO ``YYYY-MM-DD``: the property is read as a date
    (also one stored otherwise, by hand or by another tool: ``2019:05:14``, a QDate); a value that
    is no date leaves the layer undated."""
    from ..core.detect.metadata import parse_date

    value = layer.customProperty(ACQ_DATE_PROPERTY, None) if layer is not None else None
    if hasattr(value, "toPyDate"):  # QDate; QDateTime has date()
        value = value.toPyDate()
    elif hasattr(value, "date") and hasattr(value, "isValid"):
        value = value.date().toPyDate() if value.isValid() else None
    return parse_date(value) if value else None


def metadata_sun(layer):
    """The sun of a local raster layer from its metadata (:func:`..core.detect.sun.sun_of_raster`);
    None for web layers and images whose metadata tell neither the sun nor a UTC time."""
    from ..core.detect.sun import sun_of_raster

    path = local_path(layer) if layer is not None else None
    return None if path is None else sun_of_raster(path)


#: Pixels coarser than this (metres) make a one- or two-band raster data rather than imagery.
DATA_PIXEL_M = 20.0


def pixel_metres(layer: QgsRasterLayer) -> float | None:
    """The ground size of a pixel of ``layer`` in metres (east-west, at its centre, on the WGS 84
    ellipsoid: a pixel of Web Mercator is 1 / cos(latitude) times larger than on the ground);
    None without a CRS or size."""
    crs = layer.crs()
    width = layer.width()
    if not crs.isValid() or not width or layer.extent().isEmpty():
        return None
    size = layer.extent().width() / width
    from qgis.core import QgsDistanceArea, QgsPointXY

    da = QgsDistanceArea()
    da.setSourceCrs(crs, QgsProject.instance().transformContext())
    da.setEllipsoid("EPSG:7030")  # WGS 84
    centre = layer.extent().center()
    try:
        ground = da.measureLine(QgsPointXY(centre.x() - size / 2, centre.y()), QgsPointXY(centre.x() + size / 2,
                                                                                          centre.y()))
    except Exception:  # QgsCsException: a centre the CRS cannot take to the ellipsoid
        ground = math.nan
    if math.isfinite(ground) and ground > 0:
        return ground
    if crs.isGeographic():
        return size * 111_320.0 * math.cos(math.radians(max(-89.0, min(89.0, layer.extent().center().y()))))
    from qgis.core import QgsUnitTypes

    factor = QgsUnitTypes.fromUnitToUnitFactor(crs.mapUnits(), distance_unit("meters"))
    return size * factor if math.isfinite(factor) and factor > 0 else None


def is_imagery(layer: QgsRasterLayer) -> bool:
    """Whether a raster layer looks like imagery rather than data (a population grid, a DEM, a
    coverage count).

    Dated layers, web layers and rasters of three bands or more are imagery. One or two bands are data when
    their pixels are coarser than :data:`DATA_PIXEL_M` (coverage counts on a 100 m grid or a DEM's cells: no
    image shows a tower at that size), when QGIS draws them as data (:func:`drawn_as_data`: a colour ramp,
    hillshade or contours), or when the band or file says elevation (:func:`band_said`); they are imagery when
    the band or file says panchromatic. Without a word either way, 8 or 16-bit unsigned values are imagery (a
    panchromatic image, a palette), signed 16-bit values when their pixels have an image's texture rather
    than a surface's (:func:`has_image_texture`: a panchromatic image, not heights in metres) and
    floating-point values when they hold reflectance (:func:`is_reflectance`); other signed or floating-point
    values (heights, people per cell) are data.
    """
    if acquisition_date_of(layer) or layer.providerType() != "gdal" or layer.bandCount() >= 3:
        return True
    kind = layer.dataProvider().dataType(1)
    if kind not in (Qgis.DataType.Byte, Qgis.DataType.UInt16, Qgis.DataType.Int16, Qgis.DataType.Float32,
                    Qgis.DataType.Float64):
        return False
    pixel = pixel_metres(layer)
    if pixel is not None and pixel > DATA_PIXEL_M:
        return False
    if drawn_as_data(layer):
        return False
    said = band_said(layer)
    if said is not None:
        return said == "pan"
    if kind in (Qgis.DataType.Byte, Qgis.DataType.UInt16):
        return True
    if kind == Qgis.DataType.Int16:
        return has_image_texture(layer)
    return is_reflectance(layer)


#: QGIS renderers (``QgsRasterRenderer.type()``) that draw a band as data: a colour ramp, shaded relief, contours.
DATA_RENDERERS = frozenset({"singlebandpseudocolor", "hillshade", "contour"})


def drawn_as_data(layer: QgsRasterLayer) -> bool:
    """Whether QGIS draws ``layer`` as data (:data:`DATA_RENDERERS`), as a DEM or a grid of values is styled."""
    renderer = layer.renderer()
    return renderer is not None and renderer.type() in DATA_RENDERERS


def _per_file_version(seen: dict, layer: QgsRasterLayer, read, default):
    """``read(path)`` of a layer's local file, kept in ``seen`` per source and modification time (read again
    once the file changes); ``default`` for a layer that is no local file."""
    path = local_path(layer)
    if path is None:
        return default
    try:
        key = (layer.source(), os.path.getmtime(path))
    except OSError:
        return default
    if key not in seen:
        seen[key] = read(path)
    return seen[key]


_said_seen: dict = {}


def band_said(layer: QgsRasterLayer) -> str | None:
    """'pan' or 'elevation' when the first band's description or metadata, or else the file's name, say so
    (:func:`..core.raster_kind.said_kind`); None when neither, or for a layer that is no local file. Read once
    per file version."""
    from ..core.raster_kind import said_kind

    return _per_file_version(_said_seen, layer, lambda path: said_kind(_band_texts(path), path), None)


def _band_texts(path: str) -> list[str]:
    """The first band's description and short metadata values (a band name such as 'PAN'); a long text (a
    history, a description of the whole product) is left out, as it may name the DEM an image was
    orthorectified on."""
    from osgeo import gdal

    try:
        ds = gdal.Open(path)
        band = ds.GetRasterBand(1) if ds is not None else None
    except RuntimeError:
        return []
    if band is None:
        return []
    texts = [band.GetDescription() or ""]
    texts += [str(value) for key, value in (band.GetMetadata() or {}).items()
              if not key.upper().startswith("STATISTICS_") and len(str(value)) <= 40]
    return texts


_texture_seen: dict = {}


def has_image_texture(layer: QgsRasterLayer) -> bool:
    """Whether patches of the first band of a local raster have an image's texture, pixel to pixel, rather than a
    surface's (:func:`..core.raster_kind.looks_like_image`): a panchromatic image stored as signed 16-bit
    values, not heights in metres. Read once per file version."""
    from ..core.raster_kind import looks_like_image

    def read(_path: str) -> bool:
        provider = layer.dataProvider()
        nodata = provider.sourceNoDataValue(1) if provider.sourceHasNoDataValue(1) else None
        return looks_like_image(_band_patches(layer, 1), nodata)

    return _per_file_version(_texture_seen, layer, read, False)


#: Reflectance as a fraction (0-1; a little below 0 or above 1 after atmospheric correction, over
#: snow or glints), and scaled to whole numbers (surface reflectance x 10,000, with an offset).
REFLECTANCE_RANGE = (-0.2, 1.6)
SCALED_REFLECTANCE_RANGE = (-2000.0, 20000.0)

#: Patches of pixels (across and down, at full resolution: a few blocks of the file read, whatever its
#: size) and their size, sampled to tell reflectance from other floating-point data.
REFLECTANCE_PATCHES = 4
REFLECTANCE_PATCH_PX = 32

_reflectance_seen: dict = {}


def is_reflectance(layer: QgsRasterLayer) -> bool:
    """Whether the first band of a floating-point local raster holds reflectance: its values (patches
    spread over it, see :data:`REFLECTANCE_PATCHES`, nodata left out) vary and lie within
    :data:`REFLECTANCE_RANGE`, or are whole numbers within :data:`SCALED_REFLECTANCE_RANGE` (a
    reflectance product stored as Float32 0-10,000). Heights with decimals, people per cell and
    constant rasters are not. Read once per file version."""
    path = local_path(layer)
    if path is None:
        return False
    try:
        key = (layer.source(), os.path.getmtime(path))
    except OSError:
        return False
    if key not in _reflectance_seen:
        _reflectance_seen[key] = _sample_is_reflectance(layer)
    return _reflectance_seen[key]


def _band_patches(layer: QgsRasterLayer, band: int) -> list[np.ndarray]:
    """Small patches (2-D) of band ``band`` spread over ``layer`` at full resolution (a few blocks of the file
    read, whatever its size; see ``core.detect.tiling.band_patches``); empty when the layer has no size or a
    block cannot be read."""
    provider = layer.dataProvider()
    extent = layer.extent()
    cols, rows = layer.width(), layer.height()
    if not cols or not rows or extent.isEmpty():
        return []
    px, py = extent.width() / cols, extent.height() / rows
    patches = []
    for c0, r0, w, h in band_patches(cols, rows, REFLECTANCE_PATCHES, REFLECTANCE_PATCH_PX):
        rect = QgsRectangle(extent.xMinimum() + c0 * px, extent.yMaximum() - (r0 + h) * py,
                            extent.xMinimum() + (c0 + w) * px, extent.yMaximum() - r0 * py)
        try:
            patches.append(_block_array(provider.block(band, rect, w, h), w, h)[0])
        except (ImageryError, ValueError):
            return []
    return patches


def _band_sample(layer: QgsRasterLayer, band: int) -> np.ndarray:
    """Values of band ``band`` in the patches of :func:`_band_patches`, in one array (empty when none)."""
    patches = _band_patches(layer, band)
    return np.concatenate([p.ravel() for p in patches]).astype(np.float64) if patches else np.empty(0)


def _sample_is_reflectance(layer: QgsRasterLayer) -> bool:
    provider = layer.dataProvider()
    values = _band_sample(layer, 1)
    if values.size == 0:
        return False
    valid = np.isfinite(values)
    if provider.sourceHasNoDataValue(1):
        valid &= values != provider.sourceNoDataValue(1)
    values = values[valid]
    if values.size < 16 or values.min() == values.max():
        return False
    low, high = float(values.min()), float(values.max())
    if REFLECTANCE_RANGE[0] <= low and high <= REFLECTANCE_RANGE[1]:
        return True
    whole = np.mean(values == np.round(values)) >= 0.99
    return bool(whole and SCALED_REFLECTANCE_RANGE[0] <= low and high <= SCALED_REFLECTANCE_RANGE[1])


def imagery_layers(project: QgsProject | None = None) -> list[QgsRasterLayer]:
    """Imagery layers of the project (:func:`is_imagery`), by acquisition date (undated last, then by name)."""
    project = project or QgsProject.instance()
    layers = [lyr for lyr in project.mapLayers().values() if isinstance(lyr, QgsRasterLayer) and is_imagery(lyr)]
    for lyr in layers:  # a DEM or population grid is not read: a file time would list it as imagery
        read_acquisition_date(lyr)
    return sorted(layers, key=lambda lyr: (acquisition_date_of(lyr) is None, acquisition_date_of(lyr) or "",
                                           lyr.name().lower()))


# -- reading imagery for the detector --------------------------------------------------------
def local_path(layer: QgsRasterLayer) -> str | None:
    """The file behind a GDAL raster layer (None for web layers)."""
    if layer is None or layer.providerType() != "gdal":
        return None
    path = gdal_path(layer)  # (a path holding '|' whole)
    return path if os.path.exists(path) else None


def placed_by_gcps(path: str | None) -> bool:
    """Whether a raster file is placed by ground control points only, without a geotransform (QGIS
    shows it warped; read in place its pixels would have no position)."""
    if not path:
        return False
    from osgeo import gdal

    try:
        ds = gdal.Open(path)
    except RuntimeError:
        return False
    if ds is None:
        return False
    return ds.GetGeoTransform(can_return_null=True) is None and ds.GetGCPCount() > 0


def is_length_projected(crs: QgsCoordinateReferenceSystem) -> bool:
    """Projected in metres or feet: the detector reads a local raster in such a CRS in place, at
    its own resolution (lengths corrected to ground metres, see ``core.detect.tiling.ground_scale``)."""
    units = (distance_unit("meters"), distance_unit("feet"))
    return crs.isValid() and not crs.isGeographic() and crs.mapUnits() in units


def local_metric_crs(layer_crs: QgsCoordinateReferenceSystem, extent: QgsRectangle) -> QgsCoordinateReferenceSystem:
    """The UTM zone of the extent's centre (never Web Mercator, never degrees)."""
    to_wgs = QgsCoordinateTransform(layer_crs, WGS84, QgsProject.instance())
    centre = to_wgs.transform(extent.center())
    return QgsCoordinateReferenceSystem(f"EPSG:{utm_epsg(centre.x(), centre.y())}")


class ProviderReader:
    """Blocks of a raster provider resampled to a metric grid, for use off the main thread.

    Build it on the main thread (it clones the provider), then call :meth:`detect` from a
    task: it fetches one window at a time on the task's thread (memory stays bounded),
    reprojected to ``target_crs`` at ``resolution`` metres, while worker threads search the
    windows already fetched.
    """

    def __init__(self, layer: QgsRasterLayer, extent: QgsRectangle, resolution: float,
                 target_crs: QgsCoordinateReferenceSystem | None = None,
                 extent_crs: QgsCoordinateReferenceSystem | None = None):
        if layer is None or not layer.isValid():
            raise ImageryError(tr("the imagery layer is not valid"))
        if not layer.crs().isValid():
            raise ImageryError(tr("{layer}: the raster has no coordinate reference system").format(layer=layer.name()))
        if not 0.1 <= resolution <= 5.0:
            raise ImageryError(tr("ground resolution {resolution} m is outside 0.1-5 m").format(
                resolution=number(resolution, None)))
        extent_crs = extent_crs or layer.crs()
        self.target_crs = target_crs or local_metric_crs(extent_crs, extent)
        transform = QgsCoordinateTransform(extent_crs, self.target_crs, QgsProject.instance())
        self.extent = transform.transformBoundingBox(extent)
        self.resolution = float(resolution)
        self.provider = layer.dataProvider().clone()
        self.source_crs = layer.crs()
        self.context = QgsProject.instance().transformContext()
        self.band_count = self.provider.bandCount()
        # image bands by colour interpretation (RGB of a BGRN delivery, alpha or a mask apart)
        self.bands, self.alpha_band = band_roles(
            [self.provider.colorInterpretationName(b) for b in range(1, self.band_count + 1)])
        if self.alpha_band is not None and not holds_transparency(_band_sample(layer, self.alpha_band)):
            self.alpha_band = None  # imagery flagged alpha (a NIR band): every pixel is imagery
        first = self.bands[0]
        self.nodata = self.provider.sourceNoDataValue(first) if self.provider.sourceHasNoDataValue(first) else None
        self.palette = provider_palette(self.provider, first, self.nodata) if len(self.bands) == 1 else None
        if self.palette is not None:
            self.nodata = None  # the nodata index is transparent in the palette
        self.width = max(1, math.ceil(self.extent.width() / self.resolution))
        self.height = max(1, math.ceil(self.extent.height() / self.resolution))
        self.name = layer.name()
        #: Windows read by :meth:`detect`, and those of them without a pixel of imagery (a web
        #: layer offline or unreachable gives transparent blocks: nothing to search there).
        self.windows_read = 0
        self.windows_empty = 0

    def read(self, col: int, row: int, width: int, height: int) -> tuple[np.ndarray, tuple, np.ndarray | None]:
        """(bands, rows, cols) array, GDAL geotransform and alpha (None: opaque) of one window of
        the metric grid."""
        x0 = self.extent.xMinimum() + col * self.resolution
        y1 = self.extent.yMaximum() - row * self.resolution
        rect = QgsRectangle(x0, y1 - height * self.resolution, x0 + width * self.resolution, y1)
        projector = QgsRasterProjector()
        projector.setCrs(self.source_crs, self.target_crs, QgsCoordinateTransformContext(self.context))
        projector.setInput(self.provider)
        # RGB(A) web tiles come as one ARGB32 band
        data = np.concatenate([_block_array(projector.block(b, rect, width, height), width, height)
                               for b in self.bands], axis=0)
        alpha = None
        if self.palette is not None:
            rgba = np.moveaxis(np.asarray(self.palette, np.uint8)[data[0]], 2, 0)
            data, alpha = rgba[:3], rgba[3]
        if self.alpha_band is not None:
            alpha = _block_array(projector.block(self.alpha_band, rect, width, height), width, height)[0]
        gt = (rect.xMinimum(), self.resolution, 0.0, rect.yMaximum(), 0.0, -self.resolution)
        return data, gt, alpha

    def detect(self, params: DetectorParams, progress: Callable | None = None, check: Callable | None = None,
               tile: int = DEFAULT_TILE, workers: int = 2) -> list[Candidate]:
        from ..core.detect.tiling import iter_windows, run_windows

        ov = overlap_px(params, self.resolution)
        windows = list(iter_windows(self.width, self.height, max(tile, 2 * ov), ov))

        def read(win):
            data, gt, alpha = self.read(win.col, win.row, win.width, win.height)
            valid = valid_mask(data, self.nodata, alpha)  # given on: the window's jobs need it too
            self.windows_read += 1
            self.windows_empty += not valid.any()
            return data, gt, alpha, valid

        # fetched from the provider on this thread, searched by ``workers`` threads
        return run_windows(windows, read, params, self.nodata, workers, progress, check)


def provider_palette(provider, band: int, nodata) -> tuple | None:
    """RGBA of every index of a palette band of a QGIS provider (None unless it is a palette);
    the nodata index is transparent (see ``core.detect.tiling.palette_of``)."""
    from qgis.core import QgsRaster

    if provider.colorInterpretation(band) != QgsRaster.ColorInterpretation.PaletteIndex:
        return None
    items = provider.colorTable(band) or []
    if not items:
        return None
    table = {int(item.value): item.color.getRgb() for item in items if 0 <= item.value < 65536}
    size = max(max(table) + 1, 256)
    entries = [tuple(table.get(i, (0, 0, 0, 0))) for i in range(size)]
    if nodata is not None and math.isfinite(nodata) and 0 <= int(nodata) < size:
        entries[int(nodata)] = (*entries[int(nodata)][:3], 0)
    return tuple(entries)


def _block_array(block, width: int, height: int) -> np.ndarray:
    from qgis.core import Qgis

    dtype = block.dataType()
    raw = bytes(block.data())
    kinds = {
        Qgis.DataType.Byte: np.uint8, Qgis.DataType.UInt16: np.uint16, Qgis.DataType.Int16: np.int16,
        Qgis.DataType.UInt32: np.uint32, Qgis.DataType.Int32: np.int32, Qgis.DataType.Float32: np.float32,
        Qgis.DataType.Float64: np.float64,
    }
    if dtype in (Qgis.DataType.ARGB32, Qgis.DataType.ARGB32_Premultiplied):
        argb = np.frombuffer(raw, dtype=np.uint32, count=width * height).reshape(height, width)
        r = (argb >> 16) & 255
        g = (argb >> 8) & 255
        b = argb & 255
        a = (argb >> 24) & 255
        rgb = np.stack([r, g, b]).astype(np.uint8)
        rgb[:, a == 0] = 0  # transparent: no imagery
        return rgb
    if dtype not in kinds:
        raise ImageryError(tr("unsupported raster data type {dtype}").format(dtype=dtype))
    return np.frombuffer(raw, dtype=kinds[dtype], count=width * height).reshape(1, height, width).copy()


# -- candidates -> station layer -------------------------------------------------------------
def candidates_frame(candidates: list[Candidate], crs: QgsCoordinateReferenceSystem, source: str,
                     image_date: str | None, detector: str | None = None,
                     sun_elevation: float | None = None) -> pd.DataFrame:
    """A station table of candidates (status=candidate, origin=detected, features JSON).

    With the ``sun_elevation`` of the image (degrees), a candidate's ``antenna_height_m`` is its mast's
    height told from its shadow (:func:`..core.detect.sun.mast_height_m`), and its notes say so; without it,
    the schema's default height."""
    from ..core.detect.sun import mast_height_m

    detector = detector or detector_label()
    transform = QgsCoordinateTransform(crs, WGS84, QgsProject.instance())
    height_spec = FIELDS_BY_NAME["antenna_height_m"]
    rows = []
    from qgis.core import QgsPointXY

    for c in candidates:
        pt = transform.transform(QgsPointXY(c.x, c.y))
        notes = ""
        height = height_spec.default
        if math.isfinite(c.shadow_length_m):
            notes = f"shadow {c.shadow_length_m:.0f} m towards {c.shadow_azimuth:.0f}°"
            told = mast_height_m(c.shadow_length_m, sun_elevation)
            if told is not None and height_spec.minimum <= told <= height_spec.maximum:
                height = round(told, 1)
                notes += f", so about {told:.0f} m tall at a sun elevation of {sun_elevation:.0f}°"
        rows.append(default_record(
            status="candidate", origin="detected", confidence=round(float(c.confidence), 4), source=source,
            image_date=image_date, first_seen=image_date, last_seen=image_date, detector=detector,
            technology=FIELDS_BY_NAME["technology"].default, notes=notes, antenna_height_m=height,
            features=json.dumps([round(float(v), 5) for v in c.features]),
            **{LON: pt.x(), LAT: pt.y()},
        ))
    return pd.DataFrame(rows)


def sun_elevation_from_date(candidates: list[Candidate], crs, image_date: str | None,
                            azimuth: float | None) -> float | None:
    """:func:`..core.detect.sun.elevation_over_candidates` for candidates in ``crs`` (a QGIS CRS or its id): the
    sun elevation of an image taken on ``image_date`` whose shadows point away from a sun at ``azimuth``."""
    from ..core.detect.sun import elevation_over_candidates

    if isinstance(crs, QgsCoordinateReferenceSystem):
        crs = (crs.authid() or crs.toWkt()) if crs.isValid() else None
    return elevation_over_candidates(candidates, crs, image_date, azimuth)


def ensure_schema(layer: QgsVectorLayer) -> None:
    """Add the station-schema fields a layer lacks (e.g. ``features`` on an older layer)."""
    missing = missing_fields([f.name() for f in layer.fields()])
    if not missing:
        return
    fields = {f.name(): f for f in station_fields()}
    if layer.isEditable():
        for name in missing:
            layer.addAttribute(fields[name])
    else:
        layer.dataProvider().addAttributes([fields[n] for n in missing])
    layer.updateFields()


def write_candidates(layer: QgsVectorLayer, frame: pd.DataFrame) -> int:
    """Add the candidates to a station layer in one operation; return how many were added.

    An editable layer gets them in its edit buffer (one undo step); otherwise they are
    written through the provider in one call (all or nothing).
    """
    if frame.empty:
        return 0
    refusal = rewrite_refusal(layer)
    if refusal:
        raise ImageryError(refusal)
    ensure_schema(layer)
    feats = frame_to_features(frame, layer.fields(), layer.crs())
    if layer.isEditable():
        layer.beginEditCommand(tr("Add detected candidates"))
        ok = layer.addFeatures(feats)
        if ok:
            layer.endEditCommand()
        else:
            layer.destroyEditCommand()
    else:
        ok, _ = layer.dataProvider().addFeatures(feats)
        layer.updateExtents()
    if not ok:
        raise ImageryError(tr("{layer}: the candidates could not be written").format(layer=layer.name()))
    layer.triggerRepaint()
    return len(feats)
