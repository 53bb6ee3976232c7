"""basestationmapper:coveragestats — area and population covered per region, with a TOTAL row."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBand,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsWkbTypes,
)

from ...core.pipeline import StatsJob, has_population, run_statistics
from ...core.population import guess_population_field, metric_crs_for
from ...core.scaling import DEFAULT_STATS_TILE, scheduler_unsupported
from ...core.stats import DEFAULT_PENETRATION, RULE_CENTRE, RULE_FRACTION, TOTAL
from ...i18n import LocaleNumber, number, tr, translated
from ...qgis_io import coverage_io as cio
from ...qgis_io.computed_raster import population_file
from ...qgis_io.population_areas import AreaPopulation
from .. import coverage_common as common
from .. import dask_common
from ..base import BaseStationMapperAlgorithm, Canceled, StagedOutputs, canceled, check_canceled

RULES = [RULE_CENTRE, RULE_FRACTION]



class CoverageStatsAlgorithm(BaseStationMapperAlgorithm):
    ALGORITHM_ID = "coveragestats"
    GROUP_ID = "coverage"

    def display_name(self) -> str:
        return tr("Coverage statistics per region")


    def help_text(self) -> str:
        return tr(
            "Area and population covered by the stations in each region, plus a row whose region is "
            "'TOTAL'.\n"
            "Population: POPULATION, a raster of people counts per cell in any CRS (e.g. WorldPop "
            "'ppp'; nodata and negative cells count as nobody, and so do the no data values set on the layer in QGIS, "
            "Layer Properties › Transparency; POPULATION_BAND, band 1 unless given; tick "
            "POPULATION_IS_DENSITY for people per km²), or POPULATION_POINTS with a POPULATION_FIELD. "
            "Each person is counted once, however many stations cover them. RULE centre: a cell is "
            "covered when its centre is, and belongs to the region containing its centre; fraction: "
            "exact fractional weighting by the covered share of each cell (slower).\n"
            "Coverage: same model parameters as basestationmapper:coverage (MODEL, RADIUS in metres "
            "overriding presets, link budget); distances in the UTM zone of the stations or METRIC_CRS.\n"
            "Terrain: with DEM (any CRS; reprojected to the metric CRS at its own resolution, or "
            "DEM_CELL_SIZE m), a cell counts for a station only where it also has line of sight to the antenna, "
            "with earth curvature and refraction (REFRACTION_K, default 4/3): antenna OBSERVER_HEIGHT m above "
            "ground (default 30; a station's antenna_height_m wins, 0 meaning not given), receiver TARGET_HEIGHT m "
            "(default 1.5), "
            "optional FRESNEL_CLEARANCE (share of the first Fresnel zone at FREQUENCY that must be clear). "
            "Stations outside the DEM cover nothing (warning); coverage is cut at the DEM edge. The table then "
            "also has covered_km2_no_terrain, covered_pop_no_terrain, covered_pop_pct_no_terrain, "
            "terrain_removed_km2 and terrain_removed_pop (likely scenario).\n"
            "Output fields: region, area_km2 (ellipsoidal area), covered_km2, covered_area_pct (%), "
            "population, covered_pop, covered_pop_pct (%), stations (sites located in the region, stations "
            "within 1 m of one another being one site; TOTAL: all), "
            "estimated_subscribers (= covered_pop × PENETRATION, default 0.27 from 6.5-7 M subscribers of "
            "~25 M people), and _min / _max of every covered figure for radius × SCENARIO_MIN / "
            "SCENARIO_MAX. OUTPUT_CSV writes the same table as CSV.\n"
            "Example: qgis_process run basestationmapper:coveragestats -- STATIONS=stations.gpkg "
            "RADIUS=4000 REGIONS=provinces.geojson REGION_FIELD=name POPULATION=worldpop.tif "
            "PENETRATION=0.27 OUTPUT=stats.csv; with terrain add DEM=srtm.tif.") + "\n" + tr(
            "Without any population (none of POPULATION, POPULATION_POINTS and POPULATION_AREAS): the area "
            "covered per region is counted, on cells of RESOLUTION m over the regions (0: automatic, 1/40 of the "
            "smallest radius, coarser past 4 million cells; also the cells of the area with POPULATION_POINTS), "
            "and the population columns (population, covered_pop, covered_pop_pct, estimated_subscribers and "
            "their ranges) are left empty: NULL in the table, empty in the CSV, as nothing was counted.") + "\n" + tr(
            "Population as areas: POPULATION_AREAS, polygons with a count of people in POPULATION_AREAS_FIELD "
            "(census districts, provinces, hexagons; empty: the field named like population, pop or 인구), instead "
            "of POPULATION or POPULATION_POINTS (giving it with either is refused). Each polygon's people are "
            "spread evenly over its area on cells of RESOLUTION m (0: 1/20 of the smallest radius × SCENARIO_MIN) "
            "in the metric CRS, as basestationmapper:populationfromareas does, written to a temporary GeoTIFF "
            "(removed after the run) and counted as a raster of people per cell.") + "\n" + tr(
            "Cluster: DASK_SCHEDULER (advanced) runs the raster statistics window by window on a Dask "
            "cluster: a scheduler address (tcp://host:8786) or local:N for N worker processes on this machine; "
            "empty runs here. DASK_TILE: window size in cells (default 2048; memory per worker grows with it). "
            "Same numbers as on one machine; cell rule centre only, no DEM. Needs the Python packages dask and "
            "distributed.")

    def initAlgorithm(self, config=None):
        common.add_station_parameters(self)
        self.addParameter(QgsProcessingParameterFeatureSource(
            "REGIONS", tr("Regions"), [QgsProcessing.SourceType.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            "REGION_FIELD", tr("Region name field"), None, "REGIONS", QgsProcessingParameterField.DataType.Any,
            False, True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            "POPULATION", tr("Population raster (people per cell)"), None, True))
        self.addParameter(QgsProcessingParameterBand(
            "POPULATION_BAND", tr("Population band"), 1, "POPULATION", True))
        self.addParameter(QgsProcessingParameterBoolean(
            "POPULATION_IS_DENSITY", tr("Raster values are people per km²"), False))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "POPULATION_POINTS", tr("Population points"), [QgsProcessing.SourceType.TypeVectorPoint], None, True))
        self.addParameter(QgsProcessingParameterField(
            "POPULATION_FIELD", tr("Population field"), None, "POPULATION_POINTS",
            QgsProcessingParameterField.DataType.Any, False, True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "POPULATION_AREAS", tr("Population areas (polygons with a people count)"),
            [QgsProcessing.SourceType.TypeVectorPolygon], None, True))
        self.addParameter(QgsProcessingParameterField(
            "POPULATION_AREAS_FIELD", tr("Population areas' field of people"), None, "POPULATION_AREAS",
            QgsProcessingParameterField.DataType.Any, False, True))
        self.addParameter(QgsProcessingParameterNumber(
            "PENETRATION", tr("Subscribers per covered person (penetration)"),
            QgsProcessingParameterNumber.Type.Double, DEFAULT_PENETRATION, False, 0.0, 1.0))
        self.addParameter(QgsProcessingParameterEnum("RULE", tr("Cell rule"), RULES, False, RULE_CENTRE, False, True))
        self.addParameter(QgsProcessingParameterNumber(
            "RESOLUTION", tr("Cell size of the area grid without a population raster (m, 0 = automatic)"),
            QgsProcessingParameterNumber.Type.Double, 0.0, True, 0.0, 100000.0))
        common.add_terrain_parameters(self)
        dask_common.add_scheduler_parameter(self)
        dask_common.add_tile_parameter(self, DEFAULT_STATS_TILE, 32,
                                       tr("Cluster window size (cells; about 50 bytes per cell per worker)"))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", tr("Coverage statistics"), QgsProcessing.SourceType.TypeVector))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_CSV", tr("Statistics as CSV"), tr("CSV files (*.csv)"), None, True, False))

    def prepare_run(self, parameters, context, feedback):
        self._computed = common.prepare_population(self, parameters, context)
        return True

    def _areas(self, parameters, context, feedback, layer, job, table, factors) -> AreaPopulation:
        """POPULATION_AREAS as a grid of people per cell for ``job`` (written to a temporary GeoTIFF in the run)."""
        field = self.parameterAsString(parameters, "POPULATION_AREAS_FIELD", context)
        if not field:
            field = guess_population_field(layer.fields().names())
            if not field:
                raise QgsProcessingException(tr(
                    "POPULATION_AREAS_FIELD: choose the field of people of {layer} (none is named like population, "
                    "pop or 인구; its fields: {fields})").format(layer=repr(layer.name()),
                                                               fields=", ".join(layer.fields().names())))
            feedback.pushInfo(tr("POPULATION_AREAS_FIELD not given: the people of {field} are counted").format(
                field=field))
        notes: list = []
        lon, lat = table.centre()
        areas = AreaPopulation(layer, field, notes, metric_crs=metric_crs_for(lon, lat, job.metric_crs),
                               cell_size=job.area_resolution_m, radii=table.radius_m * factors["min"],
                               regions=job.regions)
        for w in notes:
            feedback.pushWarning(w)
        job.raster_path = areas.key
        job.raster_crs = areas.metric_wkt
        job.raster_band, job.raster_band_chosen = 1, True
        return areas

    def process(self, parameters, context, feedback):
        computed, self._computed = getattr(self, "_computed", None), None
        options = common.coverage_options(self, parameters, context)
        factors = common.factors(self, parameters, context)
        regions_layer = common.vector_layer(self, parameters, "REGIONS", context)
        if regions_layer is None:
            raise QgsProcessingException(tr("REGIONS: no region layer given"))
        field_name = self.parameterAsString(parameters, "REGION_FIELD", context) or None
        pop_layer = self.parameterAsRasterLayer(parameters, "POPULATION", context)
        points_layer = common.vector_layer(self, parameters, "POPULATION_POINTS", context)
        areas_layer = common.vector_layer(self, parameters, "POPULATION_AREAS", context)
        if areas_layer is not None and (pop_layer is not None or points_layer is not None):
            given = ", ".join(name for name, layer in (("POPULATION", pop_layer), ("POPULATION_POINTS", points_layer))
                              if layer is not None)
            raise QgsProcessingException(tr("POPULATION_AREAS is given with {given}: give one population source, "
                                            "the raster, the points or the areas").format(given=given))
        if pop_layer is None and points_layer is None and areas_layer is None:
            feedback.pushInfo(tr("No POPULATION, POPULATION_POINTS nor POPULATION_AREAS given: the area covered per "
                                 "region only, the population columns left empty"))
            if parameters.get("PENETRATION") not in (None, ""):  # as the report says it
                feedback.pushWarning(tr("PENETRATION {value} is not used: the statistics count no people (no "
                                        "POPULATION, POPULATION_POINTS nor POPULATION_AREAS), so no subscribers are "
                                        "estimated.").format(
                    value=number(self.parameterAsDouble(parameters, "PENETRATION", context), None)))
        if pop_layer is not None and points_layer is not None:
            feedback.pushWarning(tr("Both POPULATION and POPULATION_POINTS given: the raster is used"))
        spec = dask_common.scheduler_spec(self, parameters, context)
        table, _fids = common.stations(self, parameters, context, feedback, options,
                                       columns=("name", "station_id") if parameters.get("DEM") else ())
        try:
            regions, warnings = cio.read_regions(regions_layer, field_name)
            for w in warnings:
                feedback.pushWarning(w)
            job = StatsJob(table, regions, factors=factors,
                           penetration=self.parameterAsDouble(parameters, "PENETRATION", context),
                           rule=self.enum_option(parameters, "RULE", context) or RULE_CENTRE,
                           metric_crs=common.metric_crs(self, parameters, context),
                           terrain=common.terrain_options(self, parameters, context, options),
                           area_resolution_m=self.parameterAsDouble(parameters, "RESOLUTION", context) or None)
            if pop_layer is not None:
                job.raster_path = computed.key if computed is not None else cio.raster_path(pop_layer)
                job.raster_crs = cio.raster_crs(pop_layer)
                job.raster_band = self.parameterAsInt(parameters, "POPULATION_BAND", context) or 1
                job.raster_band_chosen = parameters.get("POPULATION_BAND") not in (None, "")
                job.raster_nodata = cio.raster_nodata(pop_layer, job.raster_band)
                job.raster_is_density = self.parameterAsBool(parameters, "POPULATION_IS_DENSITY", context)
            elif areas_layer is not None:
                computed = self._areas(parameters, context, feedback, areas_layer, job, table, factors)
            elif points_layer is not None:
                pop_field = self.parameterAsString(parameters, "POPULATION_FIELD", context)
                if not pop_field:
                    raise QgsProcessingException(tr("POPULATION_FIELD is required with POPULATION_POINTS"))
                notes = []
                job.points = cio.read_population_points(points_layer, pop_field, notes)
                for w in notes:
                    feedback.pushWarning(w)

            def check():
                check_canceled(feedback)

            check()
            start = (30.0 if areas_layer is not None else 10.0) if computed is not None else 0.0

            def progress(f):
                feedback.setProgress(start + (95.0 - start) * f)

            with population_file(computed, lambda f: feedback.setProgress(start * f),
                                 check, feedback.pushInfo) as pop:
                if pop.path is not None:
                    job.raster_path = pop.path
                if spec is None:
                    result = run_statistics(job, check, progress)
                else:
                    reason = scheduler_unsupported(job.terrain is not None, job.rule)
                    if reason:
                        raise QgsProcessingException(f"{dask_common.DASK_SCHEDULER}: {translated(reason)}")
                    tile = self.parameterAsInt(parameters, dask_common.DASK_TILE, context)
                    result = dask_common.run_on_cluster(
                        spec, feedback, lambda client: run_statistics(job, check, progress, client=client, tile=tile))
                result.warnings = pop.warnings + pop.all_named(result.warnings)
        except Canceled:
            return canceled(feedback)
        except common.INPUT_ERRORS as exc:
            raise QgsProcessingException(translated(exc)) from exc
        for w in result.warnings:
            feedback.pushWarning(translated(w))
        total = result.table[result.table["region"] == TOTAL].iloc[0]
        if not has_population(result.table):
            feedback.pushInfo(tr("Covered area {area:,.1f} of {total:,.1f} km² ({pct:.1f} %, range "
                                 "{lo:.1f}-{hi:.1f} %)")
                              .format(area=LocaleNumber(total["covered_km2"]), total=LocaleNumber(total["area_km2"]),
                                      pct=LocaleNumber(total["covered_area_pct"]),
                                      lo=LocaleNumber(total["covered_area_pct_min"]),
                                      hi=LocaleNumber(total["covered_area_pct_max"])))
        else:
            feedback.pushInfo(tr("Covered population {pop:,.0f} of {total:,.0f} ({pct:.1f} %, range "
                                 "{lo:.1f}-{hi:.1f} %)")
                              .format(pop=LocaleNumber(total["covered_pop"]), total=LocaleNumber(total["population"]),
                                      pct=LocaleNumber(total["covered_pop_pct"]),
                                      lo=LocaleNumber(total["covered_pop_pct_min"]),
                                      hi=LocaleNumber(total["covered_pop_pct_max"])))
        if "terrain_removed_pop" in result.table.columns and has_population(result.table):
            feedback.pushInfo(tr("Terrain removes {pop:,.0f} covered people ({pct:.1f} % of the population)").format(
                pop=LocaleNumber(total["terrain_removed_pop"]),
                pct=LocaleNumber(total["covered_pop_pct_no_terrain"] - total["covered_pop_pct"])))
        outputs = {}
        try:
            with StagedOutputs(self, parameters, context) as out:
                csv_path = self.parameterAsFileOutput(parameters, "OUTPUT_CSV", context)
                if csv_path:
                    check_canceled(feedback)
                    cio.write_csv(result.table, out.file("OUTPUT_CSV", csv_path))
                    outputs["OUTPUT_CSV"] = csv_path
                outputs["OUTPUT"] = out.sink("OUTPUT", cio.stats_fields(result.table.columns),
                                             QgsWkbTypes.Type.NoGeometry, regions_layer.crs(),
                                             cio.stats_features(result.table), feedback)
                feedback.setProgress(100.0)
                out.commit(feedback)
        except Canceled:
            return canceled(feedback)
        return outputs
