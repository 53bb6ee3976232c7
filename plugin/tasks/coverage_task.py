"""Coverage and statistics in background QgsTasks: one-shot runs and debounced live refresh.

:class:`CoverageRunner` reads the layers on the main thread (plain data; the stations, which may be tens of
thousands, the regions, which may hold millions of vertices, and population points and areas, which may be a million
hexagons, from a copy of their feature source in the task), runs
:func:`..core.pipeline.run_coverage` and the statistics in a :class:`FunctionTask`, and applies
the results in ``finished()``: the output layers, whose features the task made (:class:`OutputLayers`), are made
and put in the project, the table shown. A newer request cancels the running task; live
requests are debounced. With a population raster the statistics are kept in a
:class:`..core.pipeline.LiveStatistics`, so that an edit recomputes only the windows of the
stations that changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransformContext
from qgis.PyQt.QtCore import QObject, QTimer, pyqtSignal

from ..core.pipeline import CoverageJob, LiveStatistics, StatsJob, run_coverage, run_statistics
from ..core.population import metric_crs_for, pyproj_crs
from ..core.stats import RULE_CENTRE
from ..core.terrain_coverage import TerrainSession
from ..i18n import tr
from ..log import get_logger
from ..qgis_io import coverage_io as cio
from ..qgis_io.computed_raster import ComputedRaster, population_file
from ..qgis_io.coverage_io import PopulationPointsReader, RegionsReader, StationsReader
from ..qgis_io.population_areas import AreaPopulation
from ..qgis_io.project import update_or_add
from ..qgis_io.report import store_coverage_run
from .base import FunctionTask

LOG = get_logger("coverage")

#: The share of a run's progress its computing takes; making its output layers takes the rest.
COMPUTING = 0.75


@dataclass
class OutputLayers:
    """Where a run's output layers go: the map's CRS and transform context, read on the main thread when the run is
    asked, and the layers' names (the keys of :func:`..qgis_io.coverage_io.coverage_contents`, and ``statistics``).
    The task makes their content (:meth:`make`: features in the map's CRS, areas measured); the main thread makes
    the layers of it (:meth:`put`) and puts them in the project."""

    crs: QgsCoordinateReferenceSystem
    context: QgsCoordinateTransformContext
    names: dict

    def make(self, request: CoverageRequest, result, table, check: Callable[[], None] | None = None,
             progress: Callable[[float], None] | None = None) -> tuple[list, cio.LayerContent | None]:
        """The content of the polygon layers of ``result`` (see :func:`..qgis_io.coverage_io.coverage_contents`)
        and of the table layer of ``table`` (None without one), in any thread. ``check()`` raising stops it."""
        contents = cio.coverage_contents(result, request.coverage.stations, request.fids, request.model, self.crs,
                                         self.names, self.context, check, progress)
        return contents, self.statistics(table) if table is not None else None

    def statistics(self, table) -> cio.LayerContent:
        """The content of the statistics ``table``'s layer (any thread)."""
        return cio.statistics_content(self.names["statistics"], table)

    def put(self, content: cio.LayerContent, description: dict | None = None) -> None:
        """Make the layer of ``content`` and put it in the project (main thread): its features go into the layer of
        that name already there (see :func:`..qgis_io.project.update_or_add`); the run's ``description`` stored on
        a table layer."""
        layer = content.layer(self.context, features=False)
        if description is not None:
            store_coverage_run(layer, description)
        update_or_add(layer, features=content.features)


@dataclass
class CoverageRequest:
    """Everything one run needs, read from the layers on the main thread; the features of the stations, regions and
    population points or areas from copies of their feature sources, in the task."""

    coverage: CoverageJob
    stats: StatsJob | None
    fids: list
    model: str
    penetration: float
    warnings: list
    #: how the coverage is computed, in words, for the report (model, parameters, penetration, dem, population)
    description: dict = field(default_factory=dict)
    #: a population raster QGIS computes, or population areas (``stats.raster_path`` is then its key): written to a
    #: temporary GeoTIFF by the task when the statistics read it
    population_raster: ComputedRaster | AreaPopulation | None = None
    #: the regions, read by the task into ``stats.regions`` (a detailed layer takes seconds); None: ``stats.regions``
    #: is given
    regions: RegionsReader | None = None
    #: the population points, read by the task into ``stats.points``
    points: PopulationPointsReader | None = None
    #: the stations, read by the task (:meth:`read_stations`) into ``coverage.stations``, ``stats.stations`` and
    #: ``fids``; None: they are given
    stations: StationsReader | None = None
    #: the run's parameters in words with the stations' own radii, made from the stations' reader in the task
    #: (``station_parameters(reader, check)``; None: ``description`` is complete)
    station_parameters: Callable[[StationsReader, Callable[[], None] | None], dict] | None = None
    #: the count of the dock's input changes when the run was asked (what the coverage shown is from)
    changes: int = 0
    #: where the output layers go: the task makes their content (None: it makes none)
    outputs: OutputLayers | None = None
    #: the content of the layers the task made, set as its result arrives on the main thread: the polygon layers in
    #: the order they are put in the project, and the statistics layer (None: no table, or Live's, computed as the
    #: result arrived)
    layers: list = field(default_factory=list)
    statistics_layer: cio.LayerContent | None = None

    def read_stations(self, check: Callable[[], None] | None = None) -> None:
        """Read the stations (any thread) and complete what depends on them, as the main thread's read did: their
        warnings first, the grid CRS and footprint sizes of population areas, the parameters in words."""
        reader, self.stations = self.stations, None
        if reader is None:
            return
        stations, warnings, fids = reader.read(check)
        self.coverage.stations = stations
        self.fids = fids
        self.warnings[:0] = warnings  # in place: the population readers add theirs to this very list
        if self.stats is not None:
            self.stats.stations = stations
            areas = self.population_raster
            if isinstance(areas, AreaPopulation) and areas.key is None:
                # the grid in the stations' UTM zone, its cells sized by their smallest footprints
                areas.metric_crs = metric_crs_for(*stations.centre())
                areas.metric_wkt = pyproj_crs(areas.metric_crs).to_wkt()
                areas.radii = stations.radius_m * self.stats.factors["min"]
                self.stats.raster_crs = areas.metric_wkt
        if self.station_parameters is not None:
            self.description["parameters"] = self.station_parameters(reader, check)


class CoverageRunner(QObject):
    """Runs coverage requests one at a time; the newest request wins."""

    #: (request, CoverageResult, statistics table or None, warnings); the request holds the layers the task made
    #: (``layers``, ``statistics_layer``), the result no longer holds the footprints made into them
    resultReady = pyqtSignal(object, object, object, object)
    failed = pyqtSignal(object)
    started = pyqtSignal()
    #: the running request was canceled from outside (the task manager's cancel), not replaced by a newer one
    canceled = pyqtSignal()

    def __init__(self, parent=None, delay_ms: int = 400):
        super().__init__(parent)
        self.task: FunctionTask | None = None
        self._active: set = set()
        self._waiting: FunctionTask | None = None
        self.live: LiveStatistics | None = None
        #: DEM and viewsheds kept between runs: a live edit recomputes the changed stations' only
        self.terrain = TerrainSession()
        self._pending = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self._fire)

    # -- requests -------------------------------------------------------------------------
    def request_later(self, factory) -> None:
        """Debounced: ``factory()`` (-> CoverageRequest) is called once edits stop for a moment."""
        self._pending = factory
        self.timer.start()

    def _fire(self) -> None:
        factory, self._pending = self._pending, None
        if factory is None:
            return
        try:
            request = factory()
        except Exception as exc:  # input problems are shown by the dock
            self.failed.emit(exc)
            return
        if request is not None:
            self.run(request)

    def run(self, request: CoverageRequest) -> FunctionTask:
        """Start ``request`` in the task manager, canceling a running one."""
        self.cancel()
        live = self.live
        stats = request.stats
        areas = request.population_raster if isinstance(request.population_raster, AreaPopulation) else None
        # the dock's regions and population areas, read in the task (a detailed or large layer), decide Live's reuse
        unread = stats is not None and (request.regions is not None or (areas is not None and areas.key is None))

        def same_as_live() -> bool:
            return (live is not None and stats is not None and stats.raster_path is not None
                    and LiveStatistics.job_key(stats) == live.key)

        reuse = not unread and same_as_live()

        session = self.terrain

        def work(report, check):
            nonlocal reuse

            def progress(fraction):  # the computing's share
                report(COMPUTING * fraction)

            request.read_stations(check)
            if stats is not None and request.regions is not None:
                stats.regions, warnings = request.regions.read(check)
                request.warnings.extend(w for w in warnings if w not in request.warnings)
                if areas is not None:
                    areas.regions = stats.regions  # covered by the areas' grid too
            if stats is not None and request.points is not None:
                stats.points, warnings = request.points.read(check)
                request.warnings.extend(w for w in warnings if w not in request.warnings)
            result = run_coverage(request.coverage, check, lambda f: progress(0.5 * f), session)
            table, new_live = None, None
            if stats is not None and unread:
                if areas is not None and stats.raster_path is not None:
                    stats.raster_path = areas.read(check)  # the features' digest: the live statistics kept while same
                reuse = same_as_live()
            if stats is not None and not reuse:
                computed = request.population_raster if stats.raster_path is not None else None
                start = 0.6 if computed is not None else 0.5
                with population_file(computed, lambda f: progress(0.5 + 0.1 * f), check, LOG.info) as pop:
                    job = stats if pop.path is None else replace(stats, raster_path=pop.path)
                    if job.raster_path is not None and job.rule == RULE_CENTRE:
                        new_live = LiveStatistics(job, check, session)
                        new_live.key = LiveStatistics.job_key(stats)  # the raster's key, not its temporary file
                        new_live.warnings = pop.warnings + pop.all_named(new_live.warnings)
                    else:
                        result_stats = run_statistics(job, check, lambda f: progress(start + (1 - start) * f),
                                                      session)
                        table = result_stats.table
                        result.warnings.extend(w for w in pop.warnings + pop.all_named(result_stats.warnings)
                                               if w not in result.warnings)
            progress(1.0)
            contents = ([], None)
            if request.outputs is not None:
                contents = request.outputs.make(request, result, table, check,
                                                lambda f: report(COMPUTING + (1.0 - COMPUTING) * f))
                # the footprints are features now: freed here as the task ends, not on the main thread (50,000
                # stations' took a third of a second there)
                result = replace(result, stations={}, dissolved=[], overlap=[], best_server=[])
            return result, table, new_live, contents

        def done(value):
            if self.task is not task:  # canceled or replaced by a newer request meanwhile
                self._finished(task)
                return
            result, table, new_live, (request.layers, request.statistics_layer) = value  # (their content)
            warnings = list(request.warnings) + list(result.warnings)
            if new_live is not None:
                self.live = new_live
                warnings += new_live.warnings
            if stats is not None and table is None and self.live is not None:
                try:
                    # incremental: only the windows of the stations that changed (milliseconds)
                    if reuse:
                        n = self.live.update(stats.stations)
                        LOG.info("live statistics: %d %s recomputed", n, "station" if n == 1 else "stations")
                    table = self.live.table(stats.stations, request.penetration)
                except Exception as exc:  # the run failed here: said as a failure, its result not applied
                    LOG.exception("live statistics failed")
                    self.live = None  # maybe half updated: built again by the next run
                    error(exc)
                    return
            if self.task is task:
                self.task = None
            try:
                self.resultReady.emit(request, result, table, warnings)
            finally:
                self._finished(task)

        def error(exc):
            if self.task is not task:  # canceled, replaced or shut down (the dock may be gone): not reported
                self._finished(task)
                return
            self.task = None
            try:
                self.failed.emit(exc)
            finally:
                self._finished(task)

        def canceled():
            outside = self.task is task  # a newer request or cancel() has let go of it first
            if outside:
                self.task = None
            try:
                if outside:
                    self.canceled.emit()
            finally:
                self._finished(task)

        task = FunctionTask(tr("Base Station Mapper: coverage"), work, done, error, canceled)
        self.task = task
        self.started.emit()
        if self._active:
            # a canceled run is still winding down: start once it has (never two runs at once, they
            # would share the GEOS context of shapely and the terrain cache)
            self._waiting = task
        else:
            self._start(task)
        return task

    def _start(self, task: FunctionTask) -> None:
        self._active.add(task)
        QgsApplication.taskManager().addTask(task)

    def _finished(self, task: FunctionTask) -> None:
        self._active.discard(task)
        waiting, self._waiting = self._waiting, None
        if waiting is not None and not self._active and waiting is self.task:
            self._start(waiting)
        elif waiting is not None and waiting is self.task:
            self._waiting = waiting

    def cancel(self) -> None:
        task, self.task = self.task, None
        self._waiting = None
        if task is not None:
            try:
                task.cancel()
            except RuntimeError:  # already deleted by the task manager
                pass

    def reset(self) -> None:
        """Forget the live statistics and terrain (inputs changed)."""
        self.live = None
        self.terrain = TerrainSession()

    def shutdown(self) -> None:
        self.timer.stop()
        self._pending = None
        self.cancel()
        self.live = None
        self.terrain = TerrainSession()
