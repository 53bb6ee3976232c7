"""Population given as a polygon layer with a people field (census districts, provinces, Kontur-style hexagons).

:class:`AreaPopulation` reads the layer's feature ids, geometries and the field's values: at once on the thread that
may read the layer (the algorithm's for Processing), or, made with ``deferred=True`` on the main thread (the dock),
from a copy of the layer's feature source (edits not yet saved included) in the task that spreads them, so that a
layer of a million hexagons does not hold the map while it is read (:meth:`AreaPopulation.read`).
:meth:`AreaPopulation.write` spreads each polygon's people over a grid of people per cell in a metric CRS
(:mod:`..core.population_areas`) and writes it as a GeoTIFF, in any thread, with progress and cancel. The
statistics then count that GeoTIFF as a population raster of counts: it stands where a
:class:`.computed_raster.ComputedRaster` would (:func:`.computed_raster.population_file` writes it to a temporary
folder for the run and removes it afterwards).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProject,
    QgsVectorLayerFeatureSource,
    QgsWkbTypes,
)

from ..core.population import PopulationInputError, metric_crs_for, pyproj_crs
from ..core.population_areas import AreaGrid, spread_areas, write_count_grid
from ..i18n import number, tr
from .coverage_io import InputError, _require_crs, field_name
from .values import JsonFields, is_null

#: stands for the provider of a raster read through QGIS in messages and keys
PROVIDER = "areas"


def is_area_layer(layer) -> bool:
    """Whether ``layer`` is a vector layer of polygons (population areas, not points)."""
    from qgis.core import QgsVectorLayer

    return isinstance(layer, QgsVectorLayer) and layer.geometryType() == QgsWkbTypes.GeometryType.PolygonGeometry


def layer_metric_crs(layer, user_crs: str | None = None) -> str:
    """The metric CRS of the grid of ``layer``'s areas: ``user_crs`` (a projected CRS in metres), else the UTM zone of
    the layer's centre."""
    extent = layer.extent()
    centre = extent.center()
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    lon, lat = centre.x(), centre.y()
    to_wgs84 = QgsCoordinateTransform(layer.crs(), wgs84, QgsProject.instance())
    if layer.crs() != wgs84:
        point = to_wgs84.transform(centre)
        lon, lat = point.x(), point.y()
    if not user_crs:
        lonlat_extent = extent if layer.crs() == wgs84 else to_wgs84.transformBoundingBox(extent)
        if lonlat_extent.width() > 180.0:
            # districts on both sides of 180° (Fiji's, split there): the extent runs from -180° to 180° and its
            # centre, 0°, is on the other side of the earth; the centre of the features' positions is near them
            lon, lat = _centre_of_features(layer, to_wgs84, lon, lat)
    return metric_crs_for(lon, lat, user_crs)


def _centre_of_features(layer, to_wgs84, lon: float, lat: float, limit: int = 2000) -> tuple[float, float]:
    """Longitudes averaged on the circle (:func:`..core.geo.mean_lonlat`) of the first vertex of ``layer``'s first
    ``limit`` features; (``lon``, ``lat``) when none has one."""
    from ..core.geo import mean_lonlat

    lons, lats = [], []
    request = QgsFeatureRequest().setNoAttributes().setLimit(limit)
    for feature in layer.getFeatures(request):
        geom = feature.geometry()
        if geom is None or geom.isEmpty():
            continue
        try:
            point = to_wgs84.transform(geom.vertexAt(0).x(), geom.vertexAt(0).y())
        except QgsCsException:  # a vertex outside the CRS's area
            continue
        lons.append(point.x())
        lats.append(point.y())
    return mean_lonlat(lons, lats) if lons else (lon, lat)


class AreaPopulation:
    """The people of a polygon layer's field, to be spread over a grid of people per cell (:meth:`write`).

    ``metric_crs``: the grid's CRS (default: the UTM zone of the layer's centre); ``cell_size`` in metres (default:
    automatic, from ``radii``, the smallest footprints' radii in metres, when given); ``regions`` (a
    :class:`..core.pipeline.RegionTable`) are covered by the grid too. Raises :class:`.coverage_io.InputError` for a
    layer that is no polygon layer, has no CRS or no such field."""

    provider_type = PROVIDER

    def __init__(self, layer, field: str, warnings: list | None = None, metric_crs: str | None = None,
                 cell_size: float | None = None, radii=None, regions=None, deferred: bool = False):
        if layer is None or not layer.isValid():
            raise InputError(tr("the population area layer is missing or invalid"))
        self.name = layer.name()
        if not is_area_layer(layer):
            raise InputError(tr("population areas {layer}: the layer holds no polygons (areas); choose a layer of "
                                "districts, provinces or hexagons with a people field").format(layer=repr(self.name)))
        if not field:
            raise InputError(tr("population areas {layer}: no population field chosen").format(layer=repr(self.name)))
        self.field = field_name(layer, field, tr("population area layer"), warnings)
        _require_crs(layer, tr("population area layer"))
        self._index = layer.fields().indexOf(self.field)
        self.crs_wkt = layer.crs().toWkt()
        self.metric_crs = layer_metric_crs(layer, metric_crs)
        self.metric_wkt = pyproj_crs(self.metric_crs).to_wkt()
        self.cell_size = cell_size
        self.radii = radii
        self.regions = regions
        self._layer_id = layer.id()
        self._json = JsonFields.of(layer, [self.field])  # a GeoJSON field mixing numbers and text: QGIS reads NULL
        self.fids, self.wkbs, self.values = [], [], []
        #: stands for the raster where a file path would (the dock's live statistics are kept while it stays the same):
        #: the features' digest, known once they are read (:meth:`read`)
        self.key: str | None = None
        #: what the spreading said (features not counted, repaired), set by :meth:`write`
        self.warnings: list = []
        self.areas: AreaGrid | None = None
        if deferred:  # a copy of the provider and of the edit buffer, read in any thread
            self._source = QgsVectorLayerFeatureSource(layer)
        else:
            self._source = None
            self._read(layer.getFeatures())

    @property
    def pending_key(self) -> str:
        """What stands for the raster until the features are read (:attr:`key` once they are)."""
        return self.key if self.key is not None else f"{PROVIDER}:{self._layer_id}:{self.field}:unread"

    def read(self, check: Callable[[], None] | None = None) -> str:
        """Read the features if they are not yet (any thread; ``check()`` raising cancels it) and return :attr:`key`."""
        if self.key is None:
            self._read(self._source.getFeatures(QgsFeatureRequest()), check)
            self._source = None
        return self.key

    def _read(self, features, check: Callable[[], None] | None = None) -> None:
        idx, json = self._index, self._json
        fids, wkbs, values = [], [], []
        digest = hashlib.sha1()
        for n, feat in enumerate(features):
            if check is not None and n % 5000 == 4999:
                check()
            geom = feat.geometry()
            if geom is not None and not geom.isNull() and QgsWkbTypes.isCurvedType(geom.wkbType()):
                # a curved polygon (CurvePolygon, MultiSurface: GML and GeoPackage districts) as straight segments
                # and linear types (a MultiSurface of plain polygons too): shapely reads neither ('Unknown WKB type')
                geom = QgsGeometry(geom.constGet().segmentize())
            data = bytes(geom.asWkb()) if geom is not None and not geom.isNull() else b""
            value = feat.attributes()[idx]
            if json is not None:
                value = json.value(self.field, feat.id(), value)
            value = None if is_null(value) else value
            fids.append(feat.id())
            wkbs.append(data)
            values.append(value)
            digest.update(data)
            digest.update(repr(value).encode())
        digest.update(repr((self.metric_crs, self.cell_size,
                            None if self.radii is None else float(min(self.radii, default=0)))).encode())
        self.fids, self.wkbs, self.values = fids, wkbs, values
        self.key = f"{PROVIDER}:{self._layer_id}:{self.field}:{digest.hexdigest()}"

    def grid(self, check: Callable[[], None] | None = None,
             progress: Callable[[float], None] | None = None) -> AreaGrid:
        """The people per cell, in ``metric_crs`` (any thread)."""
        from shapely import wkb

        self.read(check)
        geoms = [wkb.loads(data) if data else None for data in self.wkbs]
        areas = spread_areas(geoms, self.crs_wkt, self.metric_crs, self.values, self.fids, self.field, repr(self.name),
                             self.cell_size, self.radii, self.regions, check=check, progress=progress)
        self.warnings = list(areas.warnings)
        self.areas = areas
        return areas

    def write(self, folder: str | Path, progress: Callable[[float], None] | None = None,
              check: Callable[[], None] | None = None, path: str | Path | None = None) -> Path:
        """The GeoTIFF of people per cell at ``path`` (default ``folder``/population.tif); the spreading is 90 % of
        ``progress``, ``check()`` raising to cancel (nothing is left)."""
        areas = self.grid(check, (lambda f: progress(0.9 * f)) if progress is not None else None)
        path = Path(path) if path is not None else Path(folder) / "population.tif"
        return write_count_grid(areas, self.metric_wkt, path, check,
                                (lambda f: progress(0.9 + 0.1 * f)) if progress is not None else None)

    def said(self) -> str:
        return tr("Population areas {layer}: the people of {field} were spread evenly over each polygon's area on "
                  "cells of {size} m ({crs}), written once to a temporary GeoTIFF, read for this run and then "
                  "removed.").format(layer=repr(self.name), field=self.field,
                                     size=number(self.areas.grid.res_x, 1) if self.areas is not None else "?",
                                     crs=self.metric_crs)

    def not_written(self, folder, error) -> PopulationInputError:
        return PopulationInputError(tr("population areas {layer} could not be written to a temporary GeoTIFF in "
                                       "{folder} ({error}): check the free space there").format(
            layer=repr(self.name), folder=folder, error=error))
