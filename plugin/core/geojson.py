"""GeoJSON written by the plugin itself (the command line's outputs), as RFC 7946 asks.

Geometries are WGS84 longitude/latitude with 7 decimals (about 1 cm, what GDAL's ``RFC7946=YES``
writes), polygons' outer rings counter-clockwise and holes clockwise (the right-hand rule), a
geometry reaching past the antimeridian cut there into parts within -180..180, and the text is
UTF-8 JSON without ``NaN`` / ``Infinity`` tokens (not JSON: many readers refuse them).
"""

from __future__ import annotations

import json

#: Decimals of a coordinate (1e-7 degree is about 1 cm).
DECIMALS = 7


def _wrap(geom):
    """``geom`` cut at the antimeridian, each part shifted by whole turns into -180..180."""
    from shapely.affinity import translate
    from shapely.geometry import GeometryCollection, MultiLineString, MultiPoint, MultiPolygon, box

    minx, _miny, maxx, _maxy = geom.bounds
    if minx >= -180.0 and maxx <= 180.0:
        return geom
    parts = []
    first = int((minx + 180.0) // 360.0)
    last = int((maxx + 180.0) // 360.0)
    for turn in range(first, last + 1):
        shift = 360.0 * turn
        piece = geom.intersection(box(-180.0 + shift, -90.0, 180.0 + shift, 90.0))
        if piece.is_empty:
            continue
        piece = translate(piece, xoff=-shift)
        parts.extend(getattr(piece, "geoms", [piece]))
    kinds = {p.geom_type for p in parts}
    if kinds == {"Polygon"}:
        return parts[0] if len(parts) == 1 else MultiPolygon(parts)
    if kinds == {"LineString"}:
        return parts[0] if len(parts) == 1 else MultiLineString(parts)
    if kinds == {"Point"}:
        return parts[0] if len(parts) == 1 else MultiPoint(parts)
    polygons = [p for p in parts if p.geom_type == "Polygon"]
    if polygons and geom.geom_type in ("Polygon", "MultiPolygon"):  # slivers of the cut along ±180
        return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    return GeometryCollection(parts)


def _oriented(geom):
    """Outer rings counter-clockwise, holes clockwise (RFC 7946, 3.1.6)."""
    from shapely.geometry import GeometryCollection, MultiPolygon
    from shapely.geometry.polygon import orient

    kind = geom.geom_type
    if kind == "Polygon":
        return orient(geom, 1.0)
    if kind == "MultiPolygon":
        return MultiPolygon([orient(p, 1.0) for p in geom.geoms])
    if kind == "GeometryCollection":
        return GeometryCollection([_oriented(g) for g in geom.geoms])
    return geom


def _rounded(coords, decimals: int):
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), decimals) for c in coords]
    return [_rounded(c, decimals) for c in coords]


def _rounded_mapping(mapped: dict, decimals: int) -> dict:
    if mapped["type"] == "GeometryCollection":
        parts = [_rounded_mapping(g, decimals) for g in mapped["geometries"]]
        return {"type": "GeometryCollection", "geometries": parts}
    return {"type": mapped["type"], "coordinates": _rounded(mapped["coordinates"], decimals)}


def geometry(geom, decimals: int = DECIMALS) -> dict | None:
    """The RFC 7946 geometry object of a shapely geometry in WGS84 lon/lat (None when empty)."""
    from shapely.geometry import mapping

    if geom is None or geom.is_empty:
        return None
    return _rounded_mapping(mapping(_oriented(_wrap(geom))), decimals)


def point(lon: float, lat: float, decimals: int = DECIMALS) -> dict:
    """A Point geometry object, its longitude brought into -180..180."""
    lon = float(lon)
    if lon < -180.0 or lon > 180.0:
        lon = (lon + 180.0) % 360.0 - 180.0
    return {"type": "Point", "coordinates": [round(lon, decimals), round(float(lat), decimals)]}


def dumps(features: list[dict]) -> str:
    """A FeatureCollection as JSON text (non-ASCII characters as they are: write it as UTF-8).

    Raises ValueError on a NaN or infinite number (not JSON).
    """
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, allow_nan=False)
