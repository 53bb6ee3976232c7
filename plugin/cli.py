"""Command line without QGIS: coverage statistics and tower detection, on this machine or a Dask cluster.

    python -m basestation_mapper.plugin.cli coveragestats --stations stations.gpkg \\
        --regions provinces.geojson --region-field name --population worldpop.tif \\
        --scheduler tcp://scheduler:8786 --output stats.csv
    python -m basestation_mapper.plugin.cli detect --image mosaic.vrt --scheduler local:8 \\
        --output candidates.geojson

Only the plugin's core (numpy, pandas, shapely, rasterio, pyproj, GDAL/OGR) is imported: the
command runs on cluster nodes where QGIS is not installed. The jobs are those of the Processing
algorithms basestationmapper:coveragestats and basestationmapper:detect (same core functions,
same numbers). Outputs are written to a temporary file and moved into place when complete.
Exit status: 0 done, 1 bad input or failed job (message on stderr), 2 bad arguments, 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time

import numpy as np
import pandas as pd

from .core import radio
from .core.stations import TECHNOLOGIES, normalize_technology, parse_azimuths


class CliError(Exception):
    """A problem to report in one line (names the file, row or argument)."""


#: The smallest ``coveragestats --tile``, as Processing's DASK_TILE.
MIN_STATS_TILE = 32


# -- inputs -------------------------------------------------------------------------------------
def read_stations_file(path: str, radius_m: float | None = None, presets: dict | None = None,
                       beamwidth: float = 120.0, layer: str | None = None, skip_bad: bool = False,
                       budget: radio.LinkBudget | None = None):
    """A :class:`..core.pipeline.StationTable` from a station file (CSV / OpenCelliD, GeoJSON,
    GeoPackage, Shapefile, KML/KMZ, OSM), read by the plugin's importers.

    Radius of a station: ``radius_m`` when given, else its own ``radius_m`` field, else the preset
    of its technology (``presets``, default :data:`..core.radio.DEFAULT_RADII_M`). Its beamwidth and
    frequency fields are read as the Processing algorithms and the dock read them
    (:func:`..core.radio.station_beamwidths`, :func:`..core.radio.station_frequencies`): ``beamwidth`` is
    the sector width of a station without one. What was read so is said on stderr.

    With a link ``budget`` (the Okumura-Hata / COST-231 model of Processing's MODEL hata or cost231), a station
    without its own radius gets the budget's radius at its own frequency and antenna height
    (:func:`..core.radio.station_budgets`, :func:`..core.radio.budget_radii`), ``budget.base_height_m`` where it
    gives none, in place of its technology's preset.
    """
    from .core.importers import COVERAGE_MARKER_FIELDS, GIVEN_PREFIX, NOT_GIVEN_PREFIX, ImportFailed, import_file
    from .core.pipeline import StationTable
    from .core.stats import SITE_ID_DISTANCE_M, SITE_ID_FIELDS, site_ids

    options = {"layer": layer} if layer else {}
    if budget is not None:  # a station without a height: the budget's (the importers' default is 30 m)
        options["defaults"] = {"antenna_height_m": budget.base_height_m}
    try:
        result = import_file(path, skip_bad=skip_bad, coverage_reading=True,
                             keep_fields={**radio.RADIO_FIELD_ALIASES, "site_id": SITE_ID_FIELDS}, **options)
    except ImportFailed as exc:
        raise CliError(str(exc)) from None
    frame = result.stations.reset_index(drop=True)  # numbered 0.. in the order read
    # warnings on the fields read name the file's own columns ('height' read as antenna_height_m), as coveragestats
    # names a layer's fields
    kept = result.details.get("kept_fields", {})
    columns = {**result.details.get("field_columns", {}), **kept}

    def col(name: str) -> str:
        return columns.get(name, name)

    if frame.empty:
        raise CliError(f"{path}: no station with a position")
    warnings: list[str] = []
    frame = _drop_repeated(frame, warnings)
    presets = presets or dict(radio.DEFAULT_RADII_M)
    n = len(frame)
    techs = [normalize_technology(t) for t in frame.get("technology", ["unknown"] * n)]
    azimuths = []
    for k, text in enumerate(frame.get("azimuths", [""] * n)):
        if text is None or (isinstance(text, float) and math.isnan(text)) or not str(text).strip():
            azimuths.append(np.empty(0))
            continue
        try:
            azimuths.append(np.asarray(parse_azimuths(text), dtype=float))
        except ValueError as exc:
            raise CliError(f"{path}, station {k + 1}: {col('azimuths')} {text!r}: {exc}") from None
    names = [str(v) if isinstance(v, str) else "" for v in frame.get("name", [""] * n)]
    numbers = (frame.index + 1).tolist()  # among the stations read, a repeated one dropped or not

    def label(k):
        return f"station {numbers[k]}" + (f" ({names[k]})" if names[k] else "")

    # the fields read as coveragestats reads a layer, with its warnings (the importers' coverage reading)
    for column in COVERAGE_MARKER_FIELDS:
        marker = frame.get(NOT_GIVEN_PREFIX + column)
        ks = [] if marker is None else [k for k, v in enumerate(marker) if isinstance(v, str)]
        if ks:
            warnings.append(f"{col(column)} {marker.iloc[ks[0]]!r} read as not given for {_stations(len(ks))}: "
                            + _listed(label, ks))
    given_techs = frame.get(GIVEN_PREFIX + "technology", [None] * n)
    unknown = [(k, raw) for k, raw in enumerate(given_techs) if techs[k] == "unknown" and isinstance(raw, str)
               and raw.strip() and raw.strip().lower() != "unknown"]
    if unknown:
        warnings.append(f"unknown technology for {_stations(len(unknown))}, counted as 'unknown' "
                        f"({', '.join(TECHNOLOGIES)} expected): "
                        + "; ".join(f"{label(k)}: {raw!r}" for k, raw in unknown[:5]) + (" …" if len(unknown) > 5
                                                                                           else ""))
    raw_heights = pd.to_numeric(frame["antenna_height_m"], errors="coerce").to_numpy(float) \
        if "antenna_height_m" in frame else np.full(n, np.nan)
    own_heights, not_given = radio.station_antenna_heights(raw_heights)
    for why, ks in not_given.items():
        if ks:
            height = col("antenna_height_m")
            what = {"below": f"a negative {height}", "zero": f"{height} 0",
                    "tall": f"{height} above {radio.MAX_ANTENNA_HEIGHT_M:g} m above ground"}[why]
            warnings.append(f"{_stations(len(ks))} with {what}, read as not given (the default antenna height is "
                            "used): " + _listed(label, ks))
    own_radii = np.full(n, np.nan)
    if radius_m is not None:
        radii = np.full(n, float(radius_m))
    else:
        own_radii = pd.to_numeric(frame["radius_m"], errors="coerce").to_numpy(float) if "radius_m" in frame \
            else np.full(n, np.nan)
        own_radii, zero = radio.station_radii(own_radii)
        if zero:
            warnings.append(f"{_stations(len(zero))} with {col('radius_m')} 0, read as not given (the model's radius "
                            "is used): " + _listed(label, zero))
        radii = np.array([own_radii[k] if math.isfinite(own_radii[k]) else radio.preset_radius_m(techs[k], presets)
                          for k in range(n)])

    incomplete = result.details.get("incomplete_osm")
    if incomplete:  # placed by what the file holds of them, as the dock and Processing say
        listed = ", ".join(f"{kind} {osm_id} (line {line}: {have} of {total} "
                           f"{'member ways' if kind == 'relation' else 'nodes'})"
                           for line, kind, osm_id, have, total in incomplete[:5])
        print(f"warning: {path}: {len(incomplete)} OSM object{'s' if len(incomplete) != 1 else ''} downloaded in "
              f"part, placed at the centre of what the file holds (check them, or download them whole): {listed}"
              f"{' …' if len(incomplete) > 5 else ''}", file=sys.stderr)
    if result.details.get("overpass_without_type"):
        print(f"note: {path}: Overpass CSV without ::type: its ids may be of nodes, ways or relations, read as "
              "'OSM object N' (add ::type to the query for ids that merge with other OSM imports)", file=sys.stderr)
    radio_kept = {name: column for name, column in kept.items() if name != "site_id"}
    if radio_kept:
        print("note: station fields read: " + ", ".join(f"{column!r} as {name}" for name, column in radio_kept.items()),
              file=sys.stderr)
    for column in ("beamwidth", *radio.FREQUENCY_COLUMNS):  # 'N/A', '-', 'NULL'... as Processing reads them
        ks = radio.missing_markers(frame[column]) if column in frame else []
        if ks:
            value = frame[column].iloc[ks[0]]
            frame.loc[frame.index[ks], column] = None
            warnings.append(f"{kept.get(column, column)} {value.strip()!r} read as not given for {_stations(len(ks))}: "
                            + _listed(label, ks))
    try:
        beams = radio.station_beamwidths(frame["beamwidth"].tolist() if "beamwidth" in frame else None, n, label,
                                         float(beamwidth), warnings, field=kept.get("beamwidth", "beamwidth"))
        freqs = radio.station_frequencies({c: frame[c].tolist() for c in radio.FREQUENCY_COLUMNS if c in frame}, n,
                                          label, kept, warnings)
    except ValueError as exc:
        raise CliError(f"{path}, {exc}") from None
    details = result.details
    if details.get("driver") == "ESRI Shapefile" and details.get("azimuth_numeric"):
        # a Shapefile has no NULL number: its azimuth 0 without a beamwidth is most likely none (as in the plugin)
        raw_beams = pd.to_numeric(frame["beamwidth"], errors="coerce") if "beamwidth" in frame else np.full(n, np.nan)
        omni = radio.shapefile_missing_azimuths(azimuths, raw_beams)
        for k in omni:
            azimuths[k] = np.empty(0)
        if omni:
            field = details["azimuth_field"]
            warnings.append(f"{path} is a Shapefile, which stores a missing {field} as 0: {len(omni)} "
                            f"station{'s' if len(omni) != 1 else ''} with {field} 0 and no beamwidth (or 0 or 360) "
                            "read as omnidirectional (a full disc): " + ", ".join(label(k) for k in omni[:5])
                            + (" …" if len(omni) > 5 else ""))
    budgets = heights = None
    if budget is not None:
        heights, budgets = _station_budget_radii(own_heights, own_radii, budget, freqs, radii, radius_m is not None,
                                                 label, warnings)
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    operators = [str(v) if isinstance(v, str) else "" for v in frame.get("operator", [""] * n)]
    table = StationTable(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float), radii, azimuths, beams, techs,
                         operators, budgets=budgets, heights=heights, names=names,
                         station_ids=[str(v) for v in frame.get("station_id", [""] * n)])
    table.frequency_mhz = freqs
    if "site_id" in kept:
        # one site id is one operator's site, as the plugin's statistics count them
        table.site_ids = site_ids(frame["site_id"].tolist(), operators)
        given = sum(v is not None for v in table.site_ids or ())
        if given:
            print(f"note: sites counted by field {kept['site_id']!r} (stations of one operator and site id within "
                  f"{SITE_ID_DISTANCE_M:g} m of one another are one site, stations without one by position): {given} "
                  f"station{'s' if given != 1 else ''} of {n} {'have' if given != 1 else 'has'} one", file=sys.stderr)
    return table


def _station_budget_radii(own_heights, own_radii, budget: radio.LinkBudget, freqs, radii, radius_given: bool, label,
                          warnings: list):
    """Each station's antenna height and link budget, and in ``radii`` (in place) the budget's radius of the
    stations without their own (``own_radii`` NaN; none when ``radius_given``), as Processing's coverage reads a
    station layer: the core functions, the same warnings. ``own_heights``: NaN where the budget's is used. Returns
    (heights, budgets)."""
    heights = np.where(np.isnan(own_heights), budget.base_height_m, own_heights)
    budgets, other, clamped = radio.station_budgets(budget, freqs)
    lo, hi = radio.HATA_FREQ_MHZ[0], radio.COST231_FREQ_MHZ[1]

    def listed(ks):
        return ", ".join(f"{label(k)} ({freqs[k]:g} MHz)" for k in ks[:5]) + (" …" if len(ks) > 5 else "")

    if other:
        used = radio.MODEL_COST231 if budget.model == radio.MODEL_HATA else radio.MODEL_HATA
        whose = "its" if len(other) == 1 else "their"
        warnings.append(f"{_stations(len(other))} computed with {radio.model_name(used)} rather than "
                        f"{radio.model_name(budget.model)}, the one that holds at {whose} own frequency: "
                        + listed(other))
    if clamped:
        has = "has" if len(clamped) == 1 else "have"
        warnings.append(f"{_stations(len(clamped))} {has} a frequency outside the {lo:g}-{hi:g} MHz where the Hata "
                        f"models hold: computed at {lo:g} or {hi:g} MHz, the nearest end (above {hi:g} MHz the radius "
                        f"is too large, below {lo:g} MHz too small): " + listed(clamped))
    if not radius_given:
        todo = np.nonzero(~np.isfinite(own_radii))[0]
        try:
            budget_r, notes = radio.budget_radii(budgets, heights, todo, label)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        radii[todo] = budget_r[todo]
        for note, ks in notes.items():
            if not isinstance(note, str):
                km = f"{radio.BUDGET_REACH_M / 1000:g}"
                note = (f"{radio.model_name(note[1])} reaches beyond {km} km, where the model no longer holds: the "
                        f"radius is {km} km (give radius_m or --radius for a longer reach)")
            warnings.append(f"{note}: {_stations(len(ks))}: {_listed(label, ks)}")
    return heights, budgets


def _drop_repeated(frame, warnings: list):
    """``frame`` without the stations repeating an earlier one (:func:`.core.radio.repeated_stations`: the same
    station given twice is one server), as coveragestats reads a layer, said in ``warnings``."""
    from .core.importers import GIVEN_PREFIX

    def given(name):
        column = frame.get(GIVEN_PREFIX + name)
        return column if column is not None else frame.get(name)

    values = {name: list(given(name)) for name in radio.REPEAT_FIELDS if given(name) is not None}
    repeats = radio.repeated_stations(list(zip(frame["lon"], frame["lat"])), values)
    if not repeats:
        return frame
    names = [str(v) if isinstance(v, str) else "" for v in frame.get("name", [""] * len(frame))]

    def label(k):
        return f"station {k + 1}" + (f" ({names[k]})" if names[k] else "")

    does = "repeats" if len(repeats) == 1 else "repeat"
    warnings.append(f"{_stations(len(repeats))} {does} another one (same position, technology, operator, station_id, "
                    "azimuths, frequency, beamwidth, antenna height and radius) and "
                    f"{'is' if len(repeats) == 1 else 'are'} counted once: "
                    + ", ".join(f"{label(k)} (= {label(first)})" for k, first in repeats[:5])
                    + (" …" if len(repeats) > 5 else ""))
    return frame.drop(index=frame.index[[k for k, _first in repeats]])  # its index: the stations' numbers


def _stations(n: int) -> str:
    return f"{n} station" + ("" if n == 1 else "s")


def _listed(label, ks) -> str:
    return ", ".join(label(k) for k in ks[:5]) + (" …" if len(ks) > 5 else "")


def _open_ogr_layer(path: str, layer: str | None, label: str = ""):
    """(dataset, layer) of a vector file read with OGR (its first layer unless ``layer`` is named); the dataset must
    be kept while the layer is read. ``label`` starts the messages (the option that named the file)."""
    from osgeo import ogr

    try:
        ds = ogr.Open(str(path))
    except RuntimeError as exc:
        raise CliError(f"{label}{path}: cannot be opened ({exc})") from None
    if ds is None:
        raise CliError(f"{label}{path}: cannot be opened")
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    if lyr is None:
        raise CliError(f"{label}{path}: no layer {layer!r}")
    return ds, lyr


def read_regions_file(path: str, field: str | None = None, layer: str | None = None):
    """A :class:`..core.pipeline.RegionTable` (polygons, names, CRS) from any OGR vector file."""
    from osgeo import ogr, osr
    from shapely import wkb

    from .core.gdal_util import gdal_exceptions
    from .core.pipeline import RegionTable
    from .core.regions import NAME_FIRST, NAME_TEXT, choose_name_field, polygonal

    with gdal_exceptions():
        _ds, lyr = _open_ogr_layer(path, layer)  # (_ds kept: the layer reads through it)
        defn = lyr.GetLayerDefn()
        if field and defn.GetFieldIndex(field) < 0:
            names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
            raise CliError(f"{path}: no field {field!r} (fields: {', '.join(names)})")
        if not field:
            field, how = choose_name_field((defn.GetFieldDefn(i).GetName(),
                                            defn.GetFieldDefn(i).GetType() == ogr.OFTString)
                                           for i in range(defn.GetFieldCount()))
            if field:
                kind = {NAME_TEXT: "its first text field, no name field recognised",
                        NAME_FIRST: "its first field, no text field"}.get(how, "")
                print(f"note: region names from field {field!r}{' (' + kind + ')' if kind else ''} "
                      "(choose another with --region-field)", file=sys.stderr)
        srs = lyr.GetSpatialRef()
        if srs is None:
            raise CliError(f"{path}: the regions have no coordinate reference system")
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        names, geoms = [], []
        for feat in lyr:
            geom = feat.GetGeometryRef()
            label = str(feat.GetField(field)) if field and feat.IsFieldSet(field) else f"feature {feat.GetFID()}"
            if geom is None or geom.IsEmpty():
                print(f"warning: region {label}: no geometry, skipped", file=sys.stderr)
                continue
            shp = wkb.loads(bytes(geom.ExportToIsoWkb()))
            if shp.geom_type not in ("Polygon", "MultiPolygon"):
                raise CliError(f"{path}, region {label}: {shp.geom_type} is not a polygon")
            if not shp.is_valid:
                shp = polygonal(shp)
                print(f"warning: region {label}: invalid geometry repaired", file=sys.stderr)
            names.append(label)
            geoms.append(shp)
        wkt = srs.ExportToWkt()
    if not geoms:
        raise CliError(f"{path}: no polygon")
    return RegionTable(names, geoms, wkt)


def read_population_areas(path: str, field: str | None, layer: str | None = None) -> dict:
    """Population given as areas, polygons with a people count in ``field`` (any OGR vector file), read as
    Processing coveragestats reads POPULATION_AREAS: feature ids, shapely geometries (None without one), the field's
    values as written (None when not set) and the layer's CRS. ``field`` empty: the field named like population, pop
    or 인구, said on stderr."""
    from osgeo import ogr, osr
    from shapely import wkb

    from .core.gdal_util import gdal_exceptions
    from .core.population import guess_population_field

    with gdal_exceptions():
        _ds, lyr = _open_ogr_layer(path, layer, "--population-areas ")  # (_ds kept: the layer reads through it)
        defn = lyr.GetLayerDefn()
        names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        if not field:
            field = guess_population_field(names)
            if not field:
                raise CliError(f"--population-areas-field: choose the field of people of {path} (none is named like "
                               f"population, pop or 인구; its fields: {', '.join(names)})")
            print(f"note: --population-areas-field not given: the people of {field!r} are counted", file=sys.stderr)
        elif field not in names:
            same = [n for n in names if n.lower() == field.lower()]
            if len(same) != 1:
                raise CliError(f"--population-areas {path}: no field {field!r} (fields: {', '.join(names)})")
            print(f"note: --population-areas-field {field!r} read as the field {same[0]!r}", file=sys.stderr)
            field = same[0]
        if ogr.GT_Flatten(lyr.GetGeomType()) not in (ogr.wkbPolygon, ogr.wkbMultiPolygon, ogr.wkbCurvePolygon,
                                                     ogr.wkbMultiSurface, ogr.wkbUnknown):
            raise CliError(f"--population-areas {path}: the layer holds no polygons (areas); give a file of "
                           "districts, provinces or hexagons with a people field")
        srs = lyr.GetSpatialRef()
        if srs is None:
            raise CliError(f"--population-areas {path}: the areas have no coordinate reference system")
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        fids, geoms, values = [], [], []
        for feat in lyr:
            geom = feat.GetGeometryRef()
            shp = wkb.loads(bytes(geom.ExportToIsoWkb())) if geom is not None and not geom.IsEmpty() else None
            if shp is not None and shp.geom_type not in ("Polygon", "MultiPolygon"):
                raise CliError(f"--population-areas {path}, feature {feat.GetFID()}: {shp.geom_type} is not a "
                               "polygon")
            fids.append(feat.GetFID())
            geoms.append(shp)
            values.append(feat.GetField(field) if feat.IsFieldSetAndNotNull(field) else None)
        wkt = srs.ExportToWkt()
    return {"path": str(path), "field": field, "fids": fids, "geoms": geoms, "values": values, "crs_wkt": wkt}


def write_population_areas(areas: dict, job, folder: str) -> str:
    """The areas' people spread over cells of ``job.area_resolution_m`` (automatic: 1/20 of the smallest radius of
    the low scenario) in the metric CRS of the stations, as Processing coveragestats spreads POPULATION_AREAS,
    written as a GeoTIFF of people per cell in ``folder``; its path. The features left out are said on stderr."""
    from .core.population import metric_crs_for, pyproj_crs
    from .core.population_areas import spread_areas, write_count_grid

    metric = metric_crs_for(*job.stations.centre(), job.metric_crs)
    grid = spread_areas(areas["geoms"], areas["crs_wkt"], metric, areas["values"], areas["fids"], areas["field"],
                        repr(areas["path"]), job.area_resolution_m, job.stations.radius_m * job.factors["min"],
                        job.regions)
    for w in grid.warnings:
        print(f"warning: {w}", file=sys.stderr)
    path = write_count_grid(grid, pyproj_crs(metric).to_wkt(), os.path.join(folder, "population.tif"))
    return str(path)


# -- outputs ------------------------------------------------------------------------------------
def _finite(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return value


def write_statistics(table, path: str, regions=None, overwrite: bool = False) -> str:
    """The statistics table as CSV, or as GeoJSON (region polygons in WGS84; TOTAL without geometry)."""
    from .core import geojson
    from .core.population import transform_geoms
    from .core.safe_write import staged
    from .core.tables import formula_safe_frame

    with staged(path, overwrite) as tmp:
        if str(path).lower().endswith((".geojson", ".json")):
            geoms = transform_geoms(regions.geoms, regions.crs_wkt, "EPSG:4326") if regions is not None else []
            feats = []
            for k, row in enumerate(table.to_dict("records")):
                geom = geojson.geometry(geoms[k]) if k < len(geoms) and row["region"] != "TOTAL" else None
                feats.append({"type": "Feature", "geometry": geom,
                              "properties": {key: _finite(v) for key, v in row.items()}})
            tmp.write_text(geojson.dumps(feats), encoding="utf-8")
        else:
            formula_safe_frame(table).to_csv(tmp, index=False, encoding="utf-8", lineterminator="\r\n")
    return path


def candidates_table(candidates, crs_wkt: str, source: str, sun_elevation: float | None = None,
                     image_date: str | None = None):
    """Candidates as station-schema rows (WGS84 lon/lat, status candidate, origin detected, the image's
    acquisition date); with the image's ``sun_elevation``, ``antenna_height_m`` is each mast's height told from
    its shadow (empty otherwise)."""
    import pandas as pd
    from pyproj import CRS, Transformer

    from .core.detect import detector_label
    from .core.detect.sun import mast_height_m

    t = Transformer.from_crs(CRS.from_user_input(crs_wkt), CRS.from_epsg(4326), always_xy=True)
    xs = np.array([c.x for c in candidates], dtype=float)
    ys = np.array([c.y for c in candidates], dtype=float)
    lon, lat = t.transform(xs, ys) if len(xs) else (xs, ys)
    return pd.DataFrame({
        "lon": np.asarray(lon), "lat": np.asarray(lat), "x": xs, "y": ys,
        "confidence": [round(float(c.confidence), 6) for c in candidates],
        "status": "candidate", "origin": "detected", "technology": "unknown", "source": source,
        "image_date": image_date, "first_seen": image_date, "last_seen": image_date,
        "detector": detector_label(),
        "shadow_azimuth": [float(c.shadow_azimuth) for c in candidates],
        "shadow_length_m": [float(c.shadow_length_m) for c in candidates],
        "antenna_height_m": [_rounded(mast_height_m(c.shadow_length_m, sun_elevation)) for c in candidates],
        "features": [json.dumps([round(float(v), 6) for v in c.features]) for c in candidates],
    })


def _rounded(height: float | None) -> float:
    return math.nan if height is None else round(height, 1)


def write_candidates(frame, path: str, overwrite: bool = False) -> str:
    from .core import geojson
    from .core.safe_write import staged
    from .core.tables import formula_safe_frame

    with staged(path, overwrite) as tmp:
        if str(path).lower().endswith((".geojson", ".json")):
            feats = [{"type": "Feature", "geometry": geojson.point(row["lon"], row["lat"]),
                      "properties": {k: _finite(v) for k, v in row.items() if k not in ("lon", "lat")}}
                     for row in frame.to_dict("records")]
            tmp.write_text(geojson.dumps(feats), encoding="utf-8")
        else:
            formula_safe_frame(frame).to_csv(tmp, index=False, encoding="utf-8", lineterminator="\r\n")
    return path


# -- commands -------------------------------------------------------------------------------------
class _Progress:
    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.last = -1

    def __call__(self, fraction: float) -> None:
        pct = int(100 * fraction)
        if not self.quiet and pct // 10 != self.last // 10:
            print(f"{pct:3d} %", file=sys.stderr, flush=True)
        self.last = pct


def _with_scheduler(text: str | None, work):
    from .core import distributed as dd

    try:
        spec = dd.parse_scheduler(text)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if spec is None:
        return work(None)
    try:
        dd.require_dask()
    except dd.DaskUnavailableError as exc:
        raise CliError(str(exc)) from None
    try:
        with dd.dask_client(spec) as client:
            return work(client)
    except dd.DistributedJobError as exc:
        raise CliError(f"the job failed on the cluster; nothing was written. {exc}") from None
    except (OSError, TimeoutError) as exc:
        raise CliError(f"the Dask scheduler {spec} cannot be reached: {exc}") from None


#: The link-budget options (argparse's names) and the :class:`..core.radio.LinkBudget` fields they set, with what
#: they are in a message.
BUDGET_OPTIONS = (("frequency", "frequency_mhz", "a frequency in MHz"),
                  ("base_height", "base_height_m", "an antenna height in metres"),
                  ("mobile_height", "mobile_height_m", "an antenna height in metres"),
                  ("eirp", "eirp_dbm", "an EIRP in dBm"), ("rx_threshold", "rx_threshold_dbm", "a level in dBm"),
                  ("rx_gain", "rx_gain_dbi", "a gain in dBi"), ("losses", "losses_db", "losses in dB"))


def link_budget(args) -> radio.LinkBudget | None:
    """The link budget of ``--model hata`` or ``cost231`` and its options, as Processing's MODEL and its
    parameters make it (same defaults, same ranges); None for the presets (budget options said unused)."""
    given = [name for name, _field, _what in BUDGET_OPTIONS if getattr(args, name) is not None]
    given += [name for name in ("environment", "city_size") if getattr(args, name) is not None]
    if args.model == radio.MODEL_PRESET:
        if given:
            listed = " and ".join(", ".join(f"--{name.replace('_', '-')}" for name in given).rsplit(", ", 1))
            print(f"warning: {listed} {'is' if len(given) == 1 else 'are'} of the link budget (--model hata or "
                  "cost231): not used", file=sys.stderr)
        return None
    values = {}
    for name, field, what in BUDGET_OPTIONS:
        value = getattr(args, name)
        if value is None:
            continue
        lo, hi = radio.BUDGET_LIMITS[field]
        if not (math.isfinite(value) and lo <= value <= hi):
            raise CliError(f"--{name.replace('_', '-')} {value:g}: expected {what} from {lo:g} to {hi:g}")
        values[field] = float(value)
    if "frequency_mhz" not in values:
        values["frequency_mhz"] = radio.COST231_FREQUENCY_MHZ if args.model == radio.MODEL_COST231 else \
            radio.LinkBudget().frequency_mhz
    return radio.LinkBudget(model=args.model, environment=args.environment or radio.LinkBudget().environment,
                            city_size=args.city_size or radio.LinkBudget().city_size, **values)


def file_and_layer(source: str, layer: str | None, option: str) -> tuple[str, str | None]:
    """A source as QGIS shows it, 'stations.gpkg|layername=towers' or 'stations.gpkg|layerid=1', as (file, layer
    name), as Processing reads it (:func:`.core.importers.split_source`); a plain file name (even one holding '|')
    as (source, ``layer``). ``layer`` is the ``--...-layer`` option: naming another layer than the source is
    refused."""
    from .core.importers import ImportFailed, split_source

    try:
        file, named = split_source(source)
    except ImportFailed as exc:
        raise CliError(f"{option} {source!r}: {exc}") from None
    if layer and named and layer != named:
        raise CliError(f"{option} {source!r} names layer {named!r} and {option}-layer {layer!r}: give one")
    return file, named or layer


def cmd_coveragestats(args) -> int:
    from .core.coverage import CoverageInputError
    from .core.pipeline import StatsJob, has_population, run_statistics
    from .core.population import NoDataRule, PopulationInputError
    from .core.stats import DEFAULT_PENETRATION

    presets = dict(radio.DEFAULT_RADII_M)
    for item in args.preset or []:
        tech, _, value = item.partition("=")
        try:
            presets[normalize_technology(tech)] = float(value)
        except ValueError:
            raise CliError(f"--preset {item!r}: expected TECHNOLOGY=METRES, e.g. 3G=4000") from None
    if args.resolution is not None and not (math.isfinite(args.resolution) and args.resolution >= 0):
        raise CliError(f"--resolution {args.resolution:g}: expected a cell size in metres (0: automatic)")
    lo, hi = radio.BEAMWIDTH_DEG
    if not (math.isfinite(args.beamwidth) and lo <= args.beamwidth <= hi):
        raise CliError(f"--beamwidth {args.beamwidth:g}: expected a sector width in degrees from {lo:g} to {hi:g}")
    if args.radius is not None and not (math.isfinite(args.radius) and args.radius > 0):
        raise CliError(f"--radius {args.radius:g}: expected a positive number of metres")
    if args.tile is not None and args.tile < MIN_STATS_TILE:
        raise CliError(f"--tile {args.tile}: expected a window of at least {MIN_STATS_TILE} cells")
    if args.metric_crs:
        from pyproj import CRS
        from pyproj.exceptions import CRSError

        try:
            CRS.from_user_input(args.metric_crs)
        except CRSError:
            raise CliError(f"--metric-crs {args.metric_crs!r}: not a CRS PROJ knows; give e.g. EPSG:32652") from None
    _check_output(args)
    budget = link_budget(args)
    stations_file, stations_layer = file_and_layer(args.stations, args.stations_layer, "--stations")
    regions_file, regions_layer = file_and_layer(args.regions, args.regions_layer, "--regions")
    stations = read_stations_file(stations_file, args.radius, presets, args.beamwidth, stations_layer,
                                  args.skip_bad, budget)
    regions = read_regions_file(regions_file, args.region_field, regions_layer)
    areas = None
    if args.population_areas is not None:
        if args.population is not None:
            raise CliError("--population-areas is given with --population: give one population source, the raster "
                           "or the areas")
        areas_file, areas_layer = file_and_layer(args.population_areas, args.population_areas_layer,
                                                 "--population-areas")
        areas = read_population_areas(areas_file, args.population_areas_field, areas_layer)
    elif args.population_areas_field or args.population_areas_layer:
        print("warning: --population-areas-field and --population-areas-layer are of --population-areas: none "
              "given, they are not used", file=sys.stderr)
    job = StatsJob(stations, regions, raster_path=args.population, raster_band=1 if args.band is None else args.band,
                   raster_band_chosen=args.band is not None,
                   raster_is_density=args.density,
                   raster_nodata=NoDataRule(True, tuple((v, v, True, True) for v in args.nodata or ())),
                   factors={"min": args.scenario_min, "likely": 1.0, "max": args.scenario_max},
                   penetration=DEFAULT_PENETRATION if args.penetration is None else args.penetration,
                   metric_crs=args.metric_crs,
                   area_resolution_m=args.resolution or None)
    if args.population is None:
        if areas is None:
            _note(args, "no --population nor --population-areas: the area covered per region only, the population "
                        "columns left empty")
        if args.band is not None or args.density or args.nodata:
            print("warning: --band, --density and --nodata are of a --population raster: none given, they are "
                  "not used", file=sys.stderr)
        if args.penetration is not None and areas is None:
            print(f"warning: --penetration {args.penetration:g} is not used: no --population nor --population-areas, "
                  "no people counted, so no subscribers are estimated", file=sys.stderr)
    start = time.perf_counter()
    folder = tempfile.mkdtemp(prefix="bsm_areas_") if areas is not None else None

    def named(text) -> str:  # the areas' file, not their temporary GeoTIFF
        text = str(text)
        return text.replace(job.raster_path, repr(areas["path"])) if folder and job.raster_path else text

    try:
        if areas is not None:
            job.raster_path = write_population_areas(areas, job, folder)
            _note(args, f"population areas {areas['path']}: the people of {areas['field']} spread evenly over each "
                        "polygon's area, written to a temporary GeoTIFF, removed after the run")
        result = _with_scheduler(args.scheduler, lambda client: run_statistics(
            job, progress=_Progress(args.quiet), client=client, tile=args.tile))
    except (CoverageInputError, PopulationInputError, ValueError) as exc:
        raise CliError(named(exc)) from None
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    for w in result.warnings:
        print(f"warning: {named(w)}", file=sys.stderr)
    write_statistics(result.table, args.output, result.regions or regions, args.overwrite)
    total = result.table.iloc[-1]
    if not args.quiet and not has_population(result.table):
        print(f"{total['covered_km2']:,.1f} of {total['area_km2']:,.1f} km² covered "
              f"({total['covered_area_pct']:.1f} %, {total['covered_area_pct_min']:.1f}-"
              f"{total['covered_area_pct_max']:.1f} %) in {time.perf_counter() - start:.1f} s -> {args.output}",
              file=sys.stderr)
    elif not args.quiet:
        print(f"{total['covered_pop']:,.0f} of {total['population']:,.0f} people covered "
              f"({total['covered_pop_pct']:.1f} %, {total['covered_pop_pct_min']:.1f}-"
              f"{total['covered_pop_pct_max']:.1f} %) in {time.perf_counter() - start:.1f} s -> {args.output}",
              file=sys.stderr)
    return 0


def cmd_detect(args) -> int:
    from .core.detect import DetectionInputError, DetectorParams, detect_raster
    from .core.detect.mast import shadow_sun
    from .core.scaling import detect_raster_dask

    # the ranges of Processing's detect parameters
    _check_range("--sun-azimuth", args.sun_azimuth, 0.0, 360.0, "degrees")
    _check_range("--min-confidence", args.min_confidence, 0.0, 1.0, "a confidence")
    _check_range("--min-shadow", args.min_shadow, 2.0, 500.0, "metres")
    _check_range("--max-shadow", args.max_shadow, 5.0, 500.0, "metres")
    if args.max_shadow <= args.min_shadow:
        raise CliError("--max-shadow must be longer than --min-shadow")
    if args.threads < 1:
        raise CliError(f"--threads {args.threads}: expected at least 1")
    import rasterio

    try:
        with rasterio.open(args.image) as src:
            crs_wkt = src.crs.to_wkt() if src.crs else ""
    except rasterio.errors.RasterioIOError as exc:
        raise CliError(f"{args.image}: cannot be opened ({exc})") from None
    _check_output(args)
    from .core.detect.sun import HEIGHT_ELEVATION_RANGE, elevation_over_candidates, sun_of_raster

    sun = args.sun_azimuth
    found = sun_of_raster(args.image) if (sun is None and args.sun_from_metadata) or args.sun_elevation is None \
        else None
    if sun is None and args.sun_from_metadata:
        if found is None:
            _note(args, "the image metadata give no sun: it is searched")
        else:
            sun = found.azimuth
            _note(args, f"sun azimuth {found.azimuth:.1f} deg from the image metadata ({found.source})")
    low, high = HEIGHT_ELEVATION_RANGE
    elevation = args.sun_elevation
    if elevation is None and found is not None and found.elevation is not None and low <= found.elevation <= high:
        elevation = found.elevation
        _note(args, f"sun elevation {elevation:.1f} deg from the image metadata ({found.source}): heights told from "
                    "the shadows")
    if elevation is not None and not low <= elevation <= high:
        raise CliError(f"--sun-elevation {elevation:g}: heights are told from shadows under a sun at "
                       f"{low:g}-{high:g} deg only")
    from .core.detect.metadata import acquisition_date, gdal_tags

    try:
        image_date = acquisition_date(gdal_tags(args.image), args.image)
    except (ImportError, RuntimeError):  # no GDAL bindings here, or GDAL cannot read its metadata: undated
        image_date = None
    params = DetectorParams(sun_azimuth=sun, min_confidence=args.min_confidence,
                            min_shadow_m=args.min_shadow, max_shadow_m=args.max_shadow,
                            sun_day=_day_of(args, image_date) if sun is None else None)
    bounds = None
    if args.bbox:
        try:
            bounds = tuple(float(v) for v in args.bbox.split(","))
        except ValueError:
            bounds = ()
        if len(bounds) != 4 or not (bounds[0] < bounds[2] and bounds[1] < bounds[3]):
            raise CliError(f"--bbox {args.bbox!r}: expected xmin,ymin,xmax,ymax in the raster CRS")

    def work(client):
        progress = _Progress(args.quiet)
        if client is None:
            return detect_raster(args.image, params, bounds, tile=args.tile, workers=args.threads, progress=progress)
        return detect_raster_dask(client, args.image, params, bounds, tile=args.tile, progress=progress)

    start = time.perf_counter()
    try:
        cands = _with_scheduler(args.scheduler, work)
    except (DetectionInputError, ValueError) as exc:
        raise CliError(f"{args.image}: {exc}") from None
    found_sun = shadow_sun(cands) if params.sun_azimuth is None else None
    if elevation is None and image_date and cands and crs_wkt:
        # the image's date and the sun azimuth tell it: the sun passes an azimuth once a day
        elevation = elevation_over_candidates(cands, crs_wkt, image_date,
                                              params.sun_azimuth if params.sun_azimuth is not None else found_sun)
        if elevation is not None:
            _note(args, f"sun elevation {elevation:.1f} deg: as high as the sun stands at that azimuth on the image "
                        f"date ({image_date}); heights told from the shadows")
    frame = candidates_table(cands, crs_wkt, os.path.basename(args.image), elevation, image_date)
    write_candidates(frame, args.output, args.overwrite)
    _note(args, f"{len(frame)} candidate towers (confidence >= {params.min_confidence:g}) in "
                f"{time.perf_counter() - start:.1f} s -> {args.output}")
    if found_sun is not None:
        _note(args, f"sun searched: the shadows of the candidates point away from a sun at about {found_sun:.0f} deg "
                    "(give --sun-azimuth if the image shows another)")
    return 0


def _day_of(args, image_date: str | None) -> tuple | None:
    """``(lat, lon, date)`` of the image's centre on ``image_date``, whose sky bounds the sun searched (None when
    undated or unplaced); said on stderr."""
    import rasterio
    from pyproj import Transformer

    from .core.detect.sun import day_sky

    if not image_date:
        return None
    try:
        with rasterio.open(args.image) as src:
            if not src.crs:
                return None
            cx, cy = (src.bounds.left + src.bounds.right) / 2, (src.bounds.bottom + src.bounds.top) / 2
            lon, lat = Transformer.from_crs(src.crs, "EPSG:4326", always_xy=True).transform(cx, cy)
    except (rasterio.errors.RasterioError, ValueError):
        return None
    sky = day_sky(round(lat, 4), round(lon, 4), image_date)
    if sky is None:
        return None
    _note(args, f"sun searched among the azimuths the sun takes on {image_date} there")
    return round(lat, 4), round(lon, 4), image_date


def _check_output(args) -> None:
    """Refuse a bad ``--output`` before any work: an extension the command does not write, an existing file without
    ``--overwrite``, a folder that cannot be created or written."""
    from .core.safe_write import check_destination

    if not str(args.output).lower().endswith((".csv", ".geojson", ".json")):
        raise CliError(f"--output {args.output}: expected a .csv or .geojson file")
    if os.path.lexists(args.output) and not os.path.isdir(args.output) and not args.overwrite:
        raise CliError(f"--output {args.output} already exists: give --overwrite to replace it, or choose another "
                       "name")
    check_destination(args.output, args.overwrite)


def _check_range(option: str, value: float | None, low: float, high: float, what: str) -> None:
    if value is not None and not (math.isfinite(value) and low <= value <= high):
        raise CliError(f"{option} {value:g}: expected {what} from {low:g} to {high:g}")


def _note(args, text: str) -> None:
    if not args.quiet:
        print(text, file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    from .core.detect.tiling import DEFAULT_TILE
    from .core.stats import DEFAULT_FACTORS, DEFAULT_PENETRATION

    parser = argparse.ArgumentParser(
        prog="python -m basestation_mapper.plugin.cli",
        description="Base Station Mapper jobs without QGIS (optionally on a Dask cluster).")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--scheduler", default="", help="Dask scheduler address (tcp://host:8786) or local:N; "
                                                       "empty: this machine")
        p.add_argument("--output", required=True, help="output file: .csv or .geojson")
        p.add_argument("--overwrite", action="store_true", help="replace an existing output file")
        p.add_argument("--quiet", action="store_true", help="no progress or summary on stderr")

    s = sub.add_parser("coveragestats", help="area (and with --population or --population-areas, "
                                                     "people) covered per region (+ TOTAL row)")
    s.add_argument("--stations", required=True,
                   help="stations: CSV/OpenCelliD, GeoJSON, GeoPackage, Shapefile, KML/KMZ, OSM; one layer of a "
                        "file of several as QGIS names it: stations.gpkg|layername=towers (or |layerid=N, from 0)")
    s.add_argument("--stations-layer", help="layer of a multi-layer station file")
    s.add_argument("--skip-bad", action="store_true", help="skip bad station rows instead of refusing the file")
    s.add_argument("--regions", required=True, help="region polygons (any OGR vector file; regions.gpkg|layername="
                                                    "provinces or |layerid=N for one layer of it)")
    s.add_argument("--regions-layer", help="layer of a multi-layer region file")
    s.add_argument("--region-field", help="field holding the region name")
    s.add_argument("--population", help="raster of people per cell (GeoTIFF, COG, VRT, ...); without it the area "
                                        "covered per region only, the population columns empty")
    s.add_argument("--population-areas", metavar="FILE",
                   help="population as areas instead of --population: polygons (census districts, provinces, "
                        "hexagons; any OGR vector file, areas.gpkg|layername=districts for one layer) with a count "
                        "of people, spread evenly over each polygon on cells of --resolution, as Processing "
                        "coveragestats' POPULATION_AREAS")
    s.add_argument("--population-areas-layer", help="layer of a multi-layer --population-areas file")
    s.add_argument("--population-areas-field", metavar="FIELD",
                   help="field of people of --population-areas (default: the field named like population, pop or "
                        "인구)")
    s.add_argument("--resolution", type=float, default=None,
                   help="cell size (m) of the area grid without --population (default or 0: 1/40 of the "
                        "smallest radius), and of the cells --population-areas are spread on (default or 0: 1/20 "
                        "of the smallest radius of the low scenario)")
    s.add_argument("--band", type=int, default=None, help="band of --population (default 1)")
    s.add_argument("--density", action="store_true", help="raster values are people per km²")
    s.add_argument("--nodata", type=float, action="append", metavar="VALUE",
                   help="a raster value that is no data besides the file's own nodata (e.g. the 65535 fill of a "
                        "file without a nodata tag); repeat for several")
    s.add_argument("--radius", type=float, help="radius of every station (m), overriding fields and presets")
    s.add_argument("--preset", action="append", metavar="TECH=METRES",
                   help="radius of a technology preset, e.g. 3G=4000 (repeatable)")
    s.add_argument("--beamwidth", type=float, default=120.0,
                   help="sector beamwidth (degrees) of stations without their own beamwidth field")
    budget = radio.LinkBudget()
    s.add_argument("--model", choices=radio.MODELS, default=radio.MODEL_PRESET,
                   help="radius of a station without its own radius_m (as Processing's MODEL): preset (the "
                        "technology's radius) or the link budget of Okumura-Hata (hata) or COST-231 Hata (cost231), "
                        "at the station's own frequency and antenna height when its fields give them")
    s.add_argument("--frequency", type=float, metavar="MHZ",
                   help=f"link budget: frequency of stations without one (default {budget.frequency_mhz:g} for hata, "
                        f"{radio.COST231_FREQUENCY_MHZ:g} for cost231)")
    s.add_argument("--base-height", type=float, metavar="M",
                   help=f"link budget: antenna height of stations without one (default {budget.base_height_m:g})")
    s.add_argument("--mobile-height", type=float, metavar="M",
                   help=f"link budget: mobile antenna height (default {budget.mobile_height_m:g})")
    s.add_argument("--eirp", type=float, metavar="DBM", help=f"link budget: EIRP (default {budget.eirp_dbm:g})")
    s.add_argument("--rx-threshold", type=float, metavar="DBM",
                   help=f"link budget: receiver threshold (default {budget.rx_threshold_dbm:g})")
    s.add_argument("--rx-gain", type=float, metavar="DBI",
                   help=f"link budget: receiver antenna gain (default {budget.rx_gain_dbi:g})")
    s.add_argument("--losses", type=float, metavar="DB",
                   help=f"link budget: losses and margins (default {budget.losses_db:g})")
    s.add_argument("--environment", choices=radio.ENVIRONMENTS,
                   help=f"link budget: environment (default {budget.environment})")
    s.add_argument("--city-size", choices=radio.CITY_SIZES,
                   help=f"link budget: city size of the urban correction (default {budget.city_size})")
    s.add_argument("--penetration", type=float, default=None,
                   help=f"subscribers per covered person (default {DEFAULT_PENETRATION:g}; with --population or "
                        "--population-areas)")
    s.add_argument("--scenario-min", type=float, default=DEFAULT_FACTORS["min"], help="radius factor, low scenario")
    s.add_argument("--scenario-max", type=float, default=DEFAULT_FACTORS["max"], help="radius factor, high scenario")
    s.add_argument("--metric-crs", help="CRS for distances (default: UTM zone of the stations)")
    s.add_argument("--tile", type=int, help="window size in cells (default on a cluster: 2048; here: bands)")
    common(s)
    s.set_defaults(func=cmd_coveragestats)

    d = sub.add_parser("detect", help="candidate towers in imagery (0.3-1 m, a projected CRS in metres or feet)")
    d.add_argument("--image", required=True, help="raster: GeoTIFF, COG, VRT mosaic, JP2, ...")
    d.add_argument("--bbox", help="xmin,ymin,xmax,ymax in the raster CRS (default: all)")
    d.add_argument("--sun-azimuth", type=float, help="degrees clockwise from north (default: searched)")
    d.add_argument("--sun-from-metadata", action="store_true",
                   help="without --sun-azimuth, take the sun from the image metadata when they give it")
    d.add_argument("--sun-elevation", type=float,
                   help="degrees above the horizon (10-80; default: the image metadata's, when they give one, else "
                        "the sun's at the shadows' azimuth on the image's date): antenna_height_m is then each "
                        "mast's height told from its shadow")
    d.add_argument("--min-confidence", type=float, default=0.5, help="lowest confidence kept, 0-1 (default 0.5)")
    d.add_argument("--min-shadow", type=float, default=8.0, help="shortest shadow (m)")
    d.add_argument("--max-shadow", type=float, default=100.0, help="longest shadow (m)")
    d.add_argument("--tile", type=int, default=DEFAULT_TILE, help="window size in pixels (overlap included)")
    d.add_argument("--threads", type=int, default=2, help="threads without a scheduler")
    common(d)
    d.set_defaults(func=cmd_detect)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .core.safe_write import ExportError

    os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CliError, ExportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
