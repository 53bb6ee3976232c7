"""KML / KMZ for Google Earth, written directly (no dependency on GDAL's LIBKML driver).

A document holds one folder per layer. Polygons get semi-transparent fills in the colour of
their technology (``core.palette``), or of their overlap count; points are station placemarks
whose balloon lists every attribute (``ExtendedData``, shown by Google Earth as a table).
Geometries are shapely geometries in WGS84 longitude/latitude (works with shapely 1.8 and 2.x).
"""

from __future__ import annotations

import io
import math
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from .messages import tr
from .palette import COUNT_COLORS, TECHNOLOGY_COLORS, kml_color
from .safe_write import ExportError, staged

#: Fill opacity of coverage polygons (Google Earth draws them over imagery).
FILL_ALPHA = 0.35
LINE_ALPHA = 0.9
ICON_NAME = "files/station.png"
#: Attribute names tried (in order) for a feature's label.
NAME_FIELDS = ("name", "region", "station_id", "id")
#: Attribute names holding an overlap / station count (coloured with COUNT_COLORS).
COUNT_FIELDS = ("overlap", "count", "n_stations", "stations", "server_count")
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DROP = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 65534, 65535])
#: A character that ``xml_text`` changes (markup or a character XML forbids).
_NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]").search


def xml_text(value: str) -> str:
    """``value`` escaped for XML element content (control characters removed)."""
    return value.translate(_DROP).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class KmlFeature:
    geometry: object  # shapely geometry, WGS84 lon/lat
    attributes: dict = field(default_factory=dict)
    name: str = ""
    style: str = ""


@dataclass
class KmlFolder:
    name: str
    features: list[KmlFeature] = field(default_factory=list)
    description: str = ""


def text(value) -> str:
    """Attribute value as balloon text: '' for missing, shortest round-trip repr for floats."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def style_id(attributes: dict, geom_type: str) -> str:
    """Style of a feature: by technology when it has one, else by overlap count, else neutral."""
    lowered = attributes if "technology" in attributes else {str(k).lower(): v for k, v in attributes.items()}
    kind = "station" if geom_type in ("Point", "MultiPoint") else "area"
    tech = lowered.get("technology")
    if tech is not None and str(tech) in TECHNOLOGY_COLORS:
        return f"{kind}-{tech}"
    if kind == "area":
        for name in COUNT_FIELDS:
            value = lowered.get(name)
            try:
                count = int(value)
            except (TypeError, ValueError):
                continue
            if count >= 1:
                return f"count-{min(count, len(COUNT_COLORS))}"
    return f"{kind}-unknown"


def feature_name(attributes: dict, fallback: str) -> str:
    lowered = attributes if "name" in attributes else {str(k).lower(): v for k, v in attributes.items()}
    for name in NAME_FIELDS:
        value = lowered.get(name)
        if value not in (None, "") and not (isinstance(value, float) and math.isnan(value)):
            return text(value)
    return fallback


def _styles(icon_href: str = ICON_NAME) -> str:
    out = []
    for tech, color in TECHNOLOGY_COLORS.items():
        out.append(
            f'<Style id="area-{tech}"><LineStyle><color>{kml_color(color, LINE_ALPHA)}</color><width>1.5</width>'
            f'</LineStyle><PolyStyle><color>{kml_color(color, FILL_ALPHA)}</color></PolyStyle>'
            f'</Style>'
        )
        out.append(
            f'<Style id="station-{tech}"><IconStyle><color>{kml_color(color)}</color><scale>0.8</scale>'
            f'<Icon><href>{escape(icon_href)}</href></Icon></IconStyle><LabelStyle><scale>0</scale></LabelStyle>'
            f'</Style>'
        )
    for i, color in enumerate(COUNT_COLORS, 1):
        out.append(
            f'<Style id="count-{i}"><LineStyle><color>{kml_color(color, LINE_ALPHA)}</color><width>1</width>'
            f'</LineStyle><PolyStyle><color>{kml_color(color, FILL_ALPHA + 0.1 * i)}</color></PolyStyle>'
            f'</Style>'
        )
    return "".join(out)


def longitude_180(lon: float) -> float:
    """``lon`` within -180..180, as KML asks (and the stations' own check): data kept in 0..360° longitudes
    (Pacific layers, R's ``st_shift_longitude``) put Fiji at 181°. An edge then crossing ±180 is drawn by Google
    Earth the short way, across the antimeridian."""
    return lon if -180.0 <= lon <= 180.0 else (lon + 180.0) % 360.0 - 180.0


def _coords(seq) -> str:
    return " ".join(f"{longitude_180(x):.7f},{y:.7f}" for x, y, *_ in seq)


def _turned(coords, counter_clockwise: bool):
    """The ring's coordinates in the direction asked, judged on the globe: a ring across the
    antimeridian (longitudes on both sides of ±180, more than 180° apart) is measured with its
    western longitudes taken past 180°, not as a band around the earth turning the other way."""
    pts = np.asarray(coords, dtype=float)[:, :2]
    x, y = pts[:, 0].copy(), pts[:, 1]
    if len(x) and x.max() - x.min() > 180.0:
        x[x < 0.0] += 360.0
    twice_area = float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))
    return coords if (twice_area > 0.0) == counter_clockwise else list(coords)[::-1]


def geometry_kml(geom) -> str:
    """KML geometry element(s) of a shapely geometry (lon/lat); '' for an empty geometry."""
    if isinstance(geom, tuple):  # a point as (lon, lat): the common, fast case of station layers
        return f"<Point><coordinates>{longitude_180(geom[0]):.7f},{geom[1]:.7f}</coordinates></Point>"
    if geom is None or geom.is_empty:
        return ""
    kind = geom.geom_type
    if kind == "Point":
        return f"<Point><coordinates>{longitude_180(geom.x):.7f},{geom.y:.7f}</coordinates></Point>"
    if kind == "LineString":
        return f"<LineString><tessellate>1</tessellate><coordinates>{_coords(geom.coords)}</coordinates></LineString>"
    if kind == "LinearRing":
        return f"<LinearRing><coordinates>{_coords(geom.coords)}</coordinates></LinearRing>"
    if kind == "Polygon":
        # outer ring counter-clockwise, holes clockwise: the KML reference asks for it (Google Earth
        # fills only a polygon's front face); QGIS / GEOS buffers come clockwise
        inner = "".join(
            f"<innerBoundaryIs><LinearRing><coordinates>{_coords(_turned(r.coords, False))}</coordinates>"
            "</LinearRing></innerBoundaryIs>" for r in geom.interiors
        )
        return (f"<Polygon><tessellate>1</tessellate><outerBoundaryIs><LinearRing><coordinates>"
                f"{_coords(_turned(geom.exterior.coords, True))}</coordinates></LinearRing></outerBoundaryIs>"
                f"{inner}</Polygon>")
    if kind.startswith("Multi") or kind == "GeometryCollection":
        parts = "".join(geometry_kml(g) for g in geom.geoms)
        return f"<MultiGeometry>{parts}</MultiGeometry>" if parts else ""
    raise ExportError(tr("geometry type {kind} cannot be written to KML", kind=kind))


def _data_tag(name, cache: dict) -> str:
    tag = cache.get(name)
    if tag is None:
        tag = cache[name] = f"<Data name={quoteattr(_INVALID_XML.sub('', text(name)))}><value>"
    return tag


def _value_text(value, cache: dict) -> str:
    """``xml_text(text(value))``: a float's repr needs no escaping; a string is escaped once per
    layer (statuses, technologies and other repeated values)."""
    cls = value.__class__
    if cls is float:
        return text(value)  # a float's repr holds no character to escape
    if cls is not str:
        return xml_text(text(value))
    out = cache.get(("str", value))
    if out is None:
        out = cache[("str", value)] = xml_text(value)
    return out


def placemark(feature: KmlFeature, index: int, cache: dict | None = None) -> str:
    """One ``<Placemark>``; Google Earth's balloon lists its ``ExtendedData`` as a table."""
    geom_kml = geometry_kml(feature.geometry)
    if not geom_kml:
        return ""
    cache = {} if cache is None else cache
    geom = feature.geometry
    gtype = "Point" if isinstance(geom, tuple) else geom.geom_type
    name = feature.name or feature_name(feature.attributes, f"#{index + 1}")
    style = feature.style or style_id(feature.attributes, gtype)
    attrs = feature.attributes
    keys = ("tags", tuple(attrs))  # the features of a layer share their fields: tags built once
    tags = cache.get(keys)
    if tags is None:
        tags = cache[keys] = [_data_tag(k, cache) for k in keys[1]]
    # most values are text with nothing to escape: those go in as they are, without a call
    data = "".join([f"{tag}{v if v.__class__ is str and not _NEEDS_ESCAPE(v) else _value_text(v, cache)}"
                    "</value></Data>" for tag, v in zip(tags, attrs.values())])
    return (f"<Placemark><name>{xml_text(name)}</name><styleUrl>#{style}</styleUrl>"
            f"<ExtendedData>{data}</ExtendedData>{geom_kml}</Placemark>")


#: Icon used by plain .kml files (a KMZ carries its own icon).
WEB_ICON = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"


def build_kml(document_name: str, folders: Sequence[KmlFolder], description: str = "",
              icon_href: str = ICON_NAME) -> str:
    """The KML document text: shared styles, then one ``<Folder>`` per layer."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">',
             f"<Document><name>{xml_text(text(document_name))}</name>"]
    if description:
        parts.append(f"<description>{xml_text(text(description))}</description>")
    parts.append(_styles(icon_href))
    for folder in folders:
        parts.append(f"<Folder><name>{xml_text(text(folder.name))}</name>")
        if folder.description:
            parts.append(f"<description>{xml_text(text(folder.description))}</description>")
        cache: dict = {}
        parts.extend(placemark(f, i, cache) for i, f in enumerate(folder.features))
        parts.append("</Folder>")
    parts.append("</Document></kml>\n")
    return "".join(parts)


def station_icon_png(size: int = 32) -> bytes:
    """A white disc with a dark rim (KML tints it with the IconStyle colour), as PNG bytes."""
    rows = []
    c = (size - 1) / 2.0
    for y in range(size):
        row = bytearray([0])  # filter type 0
        for x in range(size):
            d = math.hypot(x - c, y - c)
            if d <= c - 2.5:
                row += bytes((255, 255, 255, 255))
            elif d <= c - 0.5:
                row += bytes((40, 40, 40, 255))
            else:
                row += bytes((0, 0, 0, 0))
        rows.append(bytes(row))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))


def kmz_bytes(kml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("doc.kml", kml.encode("utf-8"))  # Google Earth opens the first .kml: keep it first
        zf.writestr(ICON_NAME, station_icon_png())
    return buffer.getvalue()


def write_kmz(path: Path | str, document_name: str, folders: Iterable[KmlFolder], overwrite: bool = False,
              description: str = "") -> Path:
    """Write a KMZ (zipped ``doc.kml`` + the station icon) atomically; ``.kml`` writes plain KML."""
    folders = list(folders)
    path = Path(path)
    if path.suffix.lower() == ".kml":
        data = build_kml(document_name, folders, description, icon_href=WEB_ICON).encode("utf-8")
    else:
        data = kmz_bytes(build_kml(document_name, folders, description))
    with staged(path, overwrite) as tmp:
        tmp.write_bytes(data)
    return path
