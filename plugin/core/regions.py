"""Region (province) layers as the statistics count them, whatever the export they come from.

* :func:`guess_name_field` picks the name field of common admin layers (GADM ``NAME_1``, HDX
  ``ADM1_EN``, geoBoundaries ``shapeName``, Natural Earth ``name``, Korean ``CTP_KOR_NM`` / ``시도명``...) and
  :func:`choose_name_field` falls back on the first text field, then the first field, when none is chosen;
* :func:`prepare_regions` makes the polygons countable once: 2D, polygonal, one region per name
  (a province exported in several features is merged), overlaps given to the first region;
* :func:`region_of_points` puts points in the first region holding them, inside or else on its
  border (a station or a town exactly on a border is counted once, not dropped).
"""

from __future__ import annotations

import re

import numpy as np

from .messages import Msg, joined, literal, num, tr
from .population import contains_xy

#: Level fields of admin layers: GADM ``NAME_1``, HDX ``ADM1_EN`` / ``ADM1_NAME``, OCHA ``admin1Name``.
_LEVEL_FIELD = re.compile(r"^(?:name_?(\d)|adm(?:in)?(\d)_?(?:en|name|nam)(?:_en)?)$", re.IGNORECASE)
#: Level fields of Korean boundaries (국가공간정보 / 도로명주소 CTP_KOR_NM, SIG_KOR_NM, EMD_KOR_NM, LI_KOR_NM; SGIS
#: and 행정안전부 SIDO_NM, SGG_NM; headers 시도명, 시군구명, 읍면동명): (level, preference), Korean names first.
_KOREAN_LEVELS = {
    "ctp_kor_nm": (1, 0), "sido_nm": (1, 1), "시도명": (1, 0), "시도": (1, 2), "ctp_eng_nm": (1, 3),
    "sig_kor_nm": (2, 0), "sgg_nm": (2, 1), "sigungu_nm": (2, 1), "시군구명": (2, 0), "시군구": (2, 2),
    "sig_eng_nm": (2, 3),
    "emd_kor_nm": (3, 0), "emd_nm": (3, 1), "읍면동명": (3, 0), "읍면동": (3, 2), "emd_eng_nm": (3, 3),
    "li_kor_nm": (4, 0), "li_eng_nm": (4, 3),
}
#: Other name fields, best first (compared without case): geoBoundaries ``shapeName``, Natural Earth / OSM
#: ``name``, older GADM and Korean exports ``NAME_ENG``, SGIS ``ADM_NM`` (행정구역명), Korean headers...
_NAME_FIELDS = ("shapeName", "name", "name_en", "name_eng", "name:en", "name_ko", "name:ko", "nameascii",
                "name_long", "adm_nm", "행정구역명", "지역명", "이름", "명칭", "nam", "nom", "nombre", "province",
                "region", "district", "state", "county", "label")
#: Text fields that hold codes rather than names (ISO, P-codes, ids): the first text field skips them.
_CODE_FIELD = re.compile(r"(?:code|^id$|_id$|^id_|iso|pcode|^gid|uuid|^key$|_cd$|^cd_)", re.IGNORECASE)

#: How :func:`choose_name_field` found the field.
NAME_KNOWN = "known"  # a name field of a known export (NAME_1, ADM1_EN, shapeName, name, 시도명...)
NAME_TEXT = "text"  # no such field: the first text field (codes skipped when there is another)
NAME_FIRST = "first"  # no text field at all: the first field
#: Overlaps smaller than this share of the smaller region are removed without a warning (slivers).
SLIVER_SHARE = 1e-3


def guess_name_field(fields) -> str | None:
    """The field holding region names among ``fields`` (None when none looks like one).

    A level field wins, the finest level first (``NAME_2`` over ``NAME_1`` over ``NAME_0``), then
    ``shapeName``, ``name``, ``name_en``, ``nam``...
    """
    fields = [str(f) for f in fields]
    levels = []
    for order, f in enumerate(fields):
        m = _LEVEL_FIELD.match(f)
        if m:
            levels.append((int(m.group(1) or m.group(2)), -1, -order, f))
        elif f.casefold() in _KOREAN_LEVELS:
            level, preference = _KOREAN_LEVELS[f.casefold()]
            levels.append((level, -preference, -order, f))
    if levels:  # the finest level, then the preferred field, then the first one
        return max(levels)[3]
    lower = {f.lower(): f for f in reversed(fields)}
    for candidate in _NAME_FIELDS:
        if candidate.lower() in lower:
            return lower[candidate.lower()]
    return None


def choose_name_field(fields) -> tuple[str | None, str]:
    """(field, how) naming the regions of a layer whose name field was not chosen, from its ``fields`` as
    (name, is_text) pairs in the layer's order: a known name field (:func:`guess_name_field`, ``NAME_KNOWN``),
    else the first text field that is no code (``NAME_TEXT``; the first text field when all are codes), else
    the first field (``NAME_FIRST``); a GeoPackage's ``fid`` only when it is the only field. (None, '') without
    fields."""
    fields = [(str(name), bool(text)) for name, text in fields]
    found = guess_name_field(name for name, _text in fields)
    if found:
        return found, NAME_KNOWN
    usable = [(name, text) for name, text in fields if name.casefold() != "fid"] or fields
    texts = [name for name, text in usable if text]
    if texts:
        return next((name for name in texts if not _CODE_FIELD.search(name)), texts[0]), NAME_TEXT
    if usable:
        return usable[0][0], NAME_FIRST
    return None, ""


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


def _short(items: list, limit: int = 5) -> Msg:
    """The first ``limit`` of ``items`` (texts or messages), and how many more: 'a, b, … (+3)'."""
    return joined(", ", [*items[:limit], *([f"… (+{len(items) - limit})"] if len(items) > limit else [])])


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
    warning = tr("{n} region name is shared by several features, counted as one region (choose a field with unique "
                 "names to keep them apart): {items}",
                 "{n} region names are shared by several features, each counted as one region (choose a field with "
                 "unique names to keep them apart): {items}", len(shared), items=_short(shared))
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
                reported.append(literal("{first} / {second} ({pct} %)", first=str(names[j]), second=str(names[i]),
                                        pct=num(100.0 * shared / smaller, ".1f")))
            if g.is_empty:
                break
        geoms[j] = g
    warnings = []
    if reported:
        warnings.append(tr("{n} pair of regions overlaps; the overlap is counted in the first region of the layer "
                           "only (share of the smaller region): {items}",
                           "{n} pairs of regions overlap; each overlap is counted in the first region of the layer "
                           "only (share of the smaller region): {items}", len(reported), items=_short(reported)))
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


def region_of_points(geoms: list, x, y, lonlat: bool = False) -> np.ndarray:
    """Region number of each point (-1: none): the first region holding it inside, else the first
    whose border holds it (a point exactly on a border is counted once, not dropped).

    Regions as prepared by :func:`prepare_regions` do not overlap, so a point inside one is on no
    other's border; the border test is the slow one and only the points no interior holds need it.
    ``lonlat``: regions and points are longitudes/latitudes, and a point is also looked for a turn away (a
    mast at -179.5° in a province drawn from 178° to 181°, as some exports draw Fiji or Chukotka).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    out = np.full(len(x), -1, dtype=np.int64)
    shifts = (0.0, 360.0, -360.0) if lonlat else (0.0,)
    for test in (contains_xy, _touches_xy):
        for shift in shifts:
            xs = x + shift if shift else x
            for j, g in enumerate(geoms):
                if g is None or g.is_empty:
                    continue
                x0, y0, x1, y1 = g.bounds
                idx = np.nonzero((out < 0) & (xs >= x0) & (xs <= x1) & (y >= y0) & (y <= y1))[0]
                if len(idx):
                    out[idx[test(g, xs[idx], y[idx])]] = j
    return out
