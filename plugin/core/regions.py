"""Region (province) layers as the statistics count them, whatever the export they come from.

* :func:`guess_name_field` picks the name field of common admin layers (GADM ``NAME_1``, HDX
  ``ADM1_EN``, geoBoundaries ``shapeName``, Natural Earth ``name``...) when none is chosen;
* :func:`prepare_regions` makes the polygons countable once: 2D, polygonal, one region per name
  (a province exported in several features is merged), overlaps given to the first region;
* :func:`region_of_points` puts points in the first region holding them, inside or else on its
  border (a station or a town exactly on a border is counted once, not dropped).
"""

from __future__ import annotations

import re

import numpy as np

from .population import contains_xy

#: Level fields of admin layers: GADM ``NAME_1``, HDX ``ADM1_EN`` / ``ADM1_NAME``, OCHA ``admin1Name``.
_LEVEL_FIELD = re.compile(r"^(?:name_?(\d)|adm(?:in)?(\d)_?(?:en|name|nam)(?:_en)?)$", re.IGNORECASE)
#: Other name fields, best first (compared without case).
_NAME_FIELDS = ("shapeName", "name", "name_en", "nam", "nom", "nombre", "province", "region")
#: Overlaps smaller than this share of the smaller region are removed without a warning (slivers).
SLIVER_SHARE = 1e-3


def guess_name_field(fields) -> str | None:
    """The field holding region names among ``fields`` (None when none looks like one).

    A level field wins, the finest level first (``NAME_2`` over ``NAME_1`` over ``NAME_0``), then
    ``shapeName``, ``name``, ``name_en``, ``nam``...
    """
    fields = [str(f) for f in fields]
    levels = []
    for f in fields:
        m = _LEVEL_FIELD.match(f)
        if m:
            levels.append((int(m.group(1) or m.group(2)), f))
    if levels:
        return max(levels, key=lambda item: item[0])[1]
    lower = {f.lower(): f for f in reversed(fields)}
    for candidate in _NAME_FIELDS:
        if candidate.lower() in lower:
            return lower[candidate.lower()]
    return None


def polygonal(geom):
    """The polygons of ``geom`` in 2D (a MultiPolygon, Polygon or empty), valid."""
    from shapely.geometry import GeometryCollection, MultiPolygon, Polygon
    from shapely.ops import transform

    if geom is None or geom.is_empty:
        return Polygon()
    if geom.has_z:
        geom = transform(lambda x, y, z=None: (x, y), geom)
    if not geom.is_valid:
        geom = _make_valid(geom)
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    if isinstance(geom, GeometryCollection):
        parts = []
        for g in geom.geoms:
            g = polygonal(g)
            parts.extend(g.geoms if isinstance(g, MultiPolygon) else [g] if not g.is_empty else [])
        return MultiPolygon(parts) if parts else Polygon()
    return Polygon()


def _make_valid(geom):
    """A valid geometry keeping every part (a bow-tie keeps both triangles; ``buffer(0)`` would drop one)."""
    try:
        from shapely.validation import make_valid
    except ImportError:  # pragma: no cover - shapely < 1.8
        return geom.buffer(0)
    return make_valid(geom)


def _short(items: list[str], limit: int = 5) -> str:
    return ", ".join(items[:limit]) + (f", … (+{len(items) - limit})" if len(items) > limit else "")


def merge_same_names(names: list[str], geoms: list) -> tuple[list[str], list, list[str]]:
    """One region per name, in order of first appearance; features sharing a name are unioned."""
    from shapely.ops import unary_union

    order: dict[str, list] = {}
    for name, geom in zip(names, geoms):
        order.setdefault(name, []).append(geom)
    shared = [f"{name} ({len(parts)})" for name, parts in order.items() if len(parts) > 1]
    if not shared:
        return list(names), list(geoms), []
    merged = [parts[0] if len(parts) == 1 else polygonal(unary_union([p for p in parts if not p.is_empty]))
              for parts in order.values()]
    warning = (f"{len(shared)} region name(s) are shared by several features, each counted as one region "
               f"(choose a field with unique names to keep them apart): {_short(shared)}")
    return list(order), merged, [warning]


def remove_overlaps(names: list[str], geoms: list) -> tuple[list, list[str]]:
    """Regions that do not overlap: where two overlap, the overlap stays with the first one."""
    geoms = list(geoms)
    if len(geoms) < 2:
        return geoms, []
    bounds = np.array([g.bounds if not g.is_empty else (np.inf, np.inf, -np.inf, -np.inf) for g in geoms])
    reported = []
    for j in range(1, len(geoms)):
        g = geoms[j]
        if g.is_empty:
            continue
        b = bounds[:j]
        near = np.nonzero((b[:, 0] < bounds[j, 2]) & (b[:, 2] > bounds[j, 0]) & (b[:, 1] < bounds[j, 3])
                          & (b[:, 3] > bounds[j, 1]))[0]
        for i in near:
            first = geoms[i]
            if first.is_empty or not g.relate_pattern(first, "T********"):
                continue
            shared = g.intersection(first).area
            smaller = min(g.area, first.area)
            g = polygonal(g.difference(first))
            if smaller > 0 and shared > SLIVER_SHARE * smaller:
                reported.append(f"{names[j]} / {names[i]} ({100.0 * shared / smaller:.1f} %)")
            if g.is_empty:
                break
        geoms[j] = g
    warnings = []
    if reported:
        warnings.append(f"{len(reported)} pair(s) of regions overlap; each overlap is counted in the first region "
                        f"of the layer only (share of the smaller region): {_short(reported)}")
    return geoms, warnings


def prepare_regions(names: list[str], geoms: list) -> tuple[list[str], list, list[str]]:
    """(names, geometries, warnings) of the regions as counted: 2D polygons, one per name, disjoint.

    Regions without any polygon (null, empty, or no area left) are kept with an empty geometry:
    their row then says 0 people and 0 km².
    """
    names = [str(n) for n in names]
    geoms = [polygonal(g) for g in geoms]
    names, geoms, warnings = merge_same_names(names, geoms)
    geoms, more = remove_overlaps(names, geoms)
    return names, geoms, warnings + more


def _touches_xy(geom, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    try:
        import shapely

        if hasattr(shapely, "intersects_xy"):  # not contained: intersecting is touching
            return np.asarray(shapely.intersects_xy(geom, x, y), dtype=bool)
    except ImportError:  # pragma: no cover
        pass
    from shapely import vectorized

    return np.asarray(vectorized.touches(geom, x, y), dtype=bool)


def region_of_points(geoms: list, x, y) -> np.ndarray:
    """Region number of each point (-1: none): the first region holding it inside, else the first
    whose border holds it (a point exactly on a border is counted once, not dropped).

    Regions as prepared by :func:`prepare_regions` do not overlap, so a point inside one is on no
    other's border; the border test is the slow one and only the points no interior holds need it.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    out = np.full(len(x), -1, dtype=np.int64)
    for test in (contains_xy, _touches_xy):
        for j, g in enumerate(geoms):
            if g is None or g.is_empty:
                continue
            x0, y0, x1, y1 = g.bounds
            idx = np.nonzero((out < 0) & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))[0]
            if len(idx):
                out[idx[test(g, x[idx], y[idx])]] = j
    return out
