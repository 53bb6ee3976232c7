"""basestationmapper:coverage — coverage polygons per station (+ dissolved, overlap, best server, raster)."""

from __future__ import annotations

import math

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ...core.coverage import Grid
from ...core.pipeline import CoverageJob, run_coverage
from ...core.population import RasterPopulation, grid_within_reach
from ...i18n import LocaleNumber, tr, translated
from ...qgis_io import coverage_io as cio
from ...qgis_io import dem as dem_io
from ...qgis_io.computed_raster import population_file
from .. import coverage_common as common
from ..base import (
    BaseStationMapperAlgorithm,
    Canceled,
    StagedOutputs,
    canceled,
    check_canceled,
    destination_given,
    load_in_plugin_group,
)

DISSOLVE = ["technology", "operator", "both"]
BEST = ["nearest", "strongest"]
#: Largest grid aligned to POPULATION (cells; ~16 bytes each while counting and tracing): stations
#: far apart on a global raster (a mast with a bad position at 0° 0°) would span most of the world.
MAX_ALIGNED_CELLS = 100_000_000



class CoverageAlgorithm(BaseStationMapperAlgorithm):
    ALGORITHM_ID = "coverage"
    GROUP_ID = "coverage"

    def display_name(self) -> str:
        return tr("Coverage polygons")


    def help_text(self) -> str:
        return tr(
            "Estimated coverage of each base station, computed in a local metric CRS (UTM zone of the "
            "stations, or METRIC_CRS) and returned in the stations' CRS.\n"
            "MODEL: preset uses the technology radii (2G 12 km, 3G 4 km, 4G 4 km, 5G 0.5 km, "
            "editable in the plugin settings); hata (Okumura-Hata, 150-1500 MHz) and cost231 "
            "(COST-231 Hata, 1500-2000 MHz) compute the radius from the link budget: FREQUENCY (MHz), "
            "antenna heights (m; a station's antenna_height_m wins, 0, a negative value or one above 500 m "
            "meaning not given), EIRP (dBm), "
            "RX_THRESHOLD (dBm), "
            "RX_GAIN (dBi), LOSSES (dB), ENVIRONMENT. Parameters outside the model's validity range are "
            "reported as warnings, naming the stations; a radius beyond 20 km is 20 km. A station's own "
            "frequency (frequency_mhz, frequency or freq in MHz or GHz, band 'B3' / 'n78', earfcn, uarfcn, "
            "nrarfcn, arfcn) wins over FREQUENCY, computed with the Hata model that holds there (outside "
            "150-2000 MHz at the nearest end, with a warning). A station's radius_m field overrides the model; "
            "RADIUS (m), when set, overrides everything.\n"
            "Stations with azimuths (e.g. '0;120;240') get wedges of BEAMWIDTH degrees instead of discs, or of "
            "their own beamwidth field (0 or 360: a disc). Fields are also read as site lists and Shapefiles "
            "name them (azimuth, radio, height, antenna_he, beamwidth...): the log says which.\n"
            "Scenarios: radius × SCENARIO_MIN / × 1 / × SCENARIO_MAX (field 'scenario': min, likely, "
            "max; only 'likely' unless ALL_SCENARIOS).\n"
            "Terrain: with DEM (any CRS; reprojected to the metric CRS at its own resolution, or "
            "DEM_CELL_SIZE m), every footprint is cut to the cells with line of sight to the antenna, with earth "
            "curvature and refraction (REFRACTION_K, default 4/3): antenna OBSERVER_HEIGHT m above ground "
            "(default 30; a station's antenna_height_m wins, 0 meaning not given), receiver TARGET_HEIGHT m "
            "(default 1.5), optional "
            "FRESNEL_CLEARANCE (share of the first Fresnel zone at FREQUENCY that must be clear). Polygons, "
            "dissolved coverage, overlap, best server and the raster all use the masked footprints; stations "
            "outside the DEM cover nothing (warning).\n"
            "Outputs: OUTPUT per-station polygons (station_fid, station_id, name, technology, operator, "
            "scenario, radius_m, model, area_km2); OUTPUT_DISSOLVED per technology/operator and scenario "
            "(scenario, group, area_km2); OUTPUT_OVERLAP areas served by 1, 2, 3+ stations (servers, label, "
            "area_km2); OUTPUT_BEST_SERVER best server areas clipped to coverage (nearest or strongest by "
            "path loss); OUTPUT_RASTER the number of covering stations per cell, aligned to POPULATION when "
            "given (else RESOLUTION metres).\n"
            "Example: qgis_process run basestationmapper:coverage -- STATIONS=stations.gpkg "
            "MODEL=preset RADIUS=5000 OUTPUT=coverage.gpkg")

    def initAlgorithm(self, config=None):
        common.add_station_parameters(self)
        self.addParameter(QgsProcessingParameterBoolean(
            "ALL_SCENARIOS", tr("Per-station polygons for min and max scenarios too"), False))
        self.addParameter(QgsProcessingParameterEnum("DISSOLVE_BY", tr("Dissolve coverage by"), DISSOLVE, False,
                                                     "technology", False, True))
        self.addParameter(QgsProcessingParameterEnum("BEST_SERVER_MODE", tr("Best server"), BEST, False, "nearest",
                                                     False, True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            "POPULATION", tr("Align the coverage grid to this raster (e.g. population)"), None, True))
        self.addParameter(QgsProcessingParameterNumber(
            "RESOLUTION", tr("Grid resolution without a raster (m, 0 = automatic)"),
            QgsProcessingParameterNumber.Type.Double, 0.0, True, 0.0, 100000.0))
        common.add_terrain_parameters(self)
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", tr("Coverage per station"), QgsProcessing.SourceType.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT_DISSOLVED", tr("Dissolved coverage"), QgsProcessing.SourceType.TypeVectorPolygon, None, True,
            False))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT_OVERLAP", tr("Overlap (1, 2, 3+ stations)"), QgsProcessing.SourceType.TypeVectorPolygon, None,
            True, False))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT_BEST_SERVER", tr("Best server areas"), QgsProcessing.SourceType.TypeVectorPolygon, None, True,
            False))
        self.addParameter(QgsProcessingParameterRasterDestination(
            "OUTPUT_RASTER", tr("Coverage count raster"), None, True, False))

    def prepare_run(self, parameters, context, feedback):
        self._computed = common.prepare_population(self, parameters, context)
        return True

    def process(self, parameters, context, feedback):
        computed, self._computed = getattr(self, "_computed", None), None
        options = common.coverage_options(self, parameters, context)
        factors = common.factors(self, parameters, context)
        table, fids = common.stations(self, parameters, context, feedback, options)
        source = self.parameterAsSource(parameters, "STATIONS", context)
        dest_crs = source.sourceCrs()
        want = {name: destination_given(parameters, name, context)
                for name in ("OUTPUT_DISSOLVED", "OUTPUT_OVERLAP", "OUTPUT_BEST_SERVER", "OUTPUT_RASTER")}
        grid, grid_crs = None, None
        pop_layer = self.parameterAsRasterLayer(parameters, "POPULATION", context)
        try:
            if pop_layer is not None:
                path = cio.raster_path(pop_layer) if computed is None else None
                with population_file(computed, lambda f: feedback.setProgress(5.0 * f),
                                     lambda: check_canceled(feedback), feedback.pushInfo) as pop:
                    raster = RasterPopulation(pop.path or path, crs=cio.raster_crs(pop_layer))
                # only the raster's cells within reach of the stations (a global raster is huge)
                grid = grid_within_reach(raster.grid, raster.crs_wkt, table.lon, table.lat,
                                         table.radius_m * max(factors.values()))
                if grid is None:
                    feedback.pushWarning(tr("No station reaches the POPULATION raster {name}: the coverage grid is "
                                            "not aligned to it").format(name=pop_layer.name()))
                elif grid.width * grid.height > MAX_ALIGNED_CELLS:
                    feedback.pushWarning(tr(
                        "The stations lie too far apart to count them on the cells of the POPULATION raster {name} "
                        "({width} x {height} cells of it): the coverage grid is not aligned to it; check for "
                        "stations in the wrong place, or run the areas apart").format(
                            name=pop_layer.name(), width=grid.width, height=grid.height))
                    grid = None
                else:
                    grid_crs = raster.crs_wkt
            resolution = self.parameterAsDouble(parameters, "RESOLUTION", context) or None
            job = CoverageJob(
                table, factors, common.metric_crs(self, parameters, context),
                dissolve_by=self.enum_option(parameters, "DISSOLVE_BY", context) or "technology",
                overlap=want["OUTPUT_OVERLAP"] or want["OUTPUT_RASTER"],
                best_server=(self.enum_option(parameters, "BEST_SERVER_MODE", context) or "nearest")
                if want["OUTPUT_BEST_SERVER"] else None,
                grid=grid, grid_crs=grid_crs, resolution_m=resolution,
                terrain=common.terrain_options(self, parameters, context, options))
            if not want["OUTPUT_DISSOLVED"]:
                job.dissolve_by = "none"

            check_canceled(feedback)
            result = run_coverage(job, lambda: check_canceled(feedback), lambda f: feedback.setProgress(90.0 * f))
        except Canceled:
            return canceled(feedback)
        except common.INPUT_ERRORS as exc:
            raise QgsProcessingException(translated(exc)) from exc
        try:
            return self._write_outputs(parameters, context, feedback, result, table, fids, dest_crs, options, want)
        except Canceled:
            return canceled(feedback)

    def _write_outputs(self, parameters, context, feedback, result, table, fids, dest_crs, options, want):
        for w in result.warnings:
            feedback.pushWarning(translated(w))
        coarse = _coarse_grid(result, table)
        if coarse is not None and (want["OUTPUT_OVERLAP"] or want["OUTPUT_BEST_SERVER"] or want["OUTPUT_RASTER"]):
            res, radius, width, height = coarse
            if result.grid_crs != result.metric_crs:  # the POPULATION raster's cells
                feedback.pushWarning(tr(
                    "Overlap, best server and the count raster are traced on the cells of POPULATION (about {res:.0f} "
                    "m), coarse for the smallest radius ({radius:.0f} m): their areas may differ from the coverage "
                    "polygons by far; leave POPULATION out to trace them on a grid fine enough").format(
                        res=LocaleNumber(res), radius=LocaleNumber(radius)))
            else:
                feedback.pushWarning(tr(
                    "Overlap, best server and the count raster are traced on cells of {res:.0f} m, coarse for the "
                    "smallest radius ({radius:.0f} m), as the stations spread over {width:.0f} x {height:.0f} km: "
                    "their areas may differ from the coverage polygons by a few per cent. Run distant areas apart, or "
                    "give RESOLUTION (m)").format(res=LocaleNumber(res), radius=LocaleNumber(radius),
                                                   width=LocaleNumber(width), height=LocaleNumber(height)))
        feedback.pushInfo(tr("Distances measured in {crs}").format(crs=result.metric_crs))
        all_scen = self.parameterAsBool(parameters, "ALL_SCENARIOS", context)
        scenarios = ("min", "likely", "max") if all_scen else ("likely",)
        outputs = {}
        polygon = QgsWkbTypes.Type.MultiPolygon
        with StagedOutputs(self, parameters, context) as out:
            feats = cio.coverage_features(result, table, fids, dest_crs, options.model, scenarios)
            outputs["OUTPUT"] = out.sink("OUTPUT", cio.coverage_fields(), polygon, dest_crs, feats, feedback)
            if want["OUTPUT_DISSOLVED"]:
                outputs["OUTPUT_DISSOLVED"] = out.sink("OUTPUT_DISSOLVED", cio.fields_of(cio.DISSOLVED_FIELDS),
                                                       polygon, dest_crs, cio.dissolved_features(result, dest_crs),
                                                       feedback)
            if want["OUTPUT_OVERLAP"]:
                outputs["OUTPUT_OVERLAP"] = out.sink("OUTPUT_OVERLAP", cio.fields_of(cio.OVERLAP_FIELDS), polygon,
                                                     dest_crs, cio.overlap_features(result, dest_crs), feedback)
            if want["OUTPUT_BEST_SERVER"]:
                outputs["OUTPUT_BEST_SERVER"] = out.sink("OUTPUT_BEST_SERVER", cio.fields_of(cio.BEST_SERVER_FIELDS),
                                                         polygon, dest_crs,
                                                         cio.best_server_features(result, table, fids, dest_crs),
                                                         feedback)
            if want["OUTPUT_RASTER"] and result.count is not None:
                path = self.parameterAsOutputLayer(parameters, "OUTPUT_RASTER", context)
                grid_out: Grid = result.grid
                check_canceled(feedback)
                cio.write_count_raster(result.count, grid_out, result.grid_crs, out.file("OUTPUT_RASTER", path))
                outputs["OUTPUT_RASTER"] = path
            feedback.setProgress(100.0)
            out.commit(feedback)
        # loaded by QGIS (toolbox, models): the dock's colours per technology, in the plugin group
        by_group = self.parameterAsEnumString(parameters, "DISSOLVE_BY", context) in ("", "technology")
        styles = {"OUTPUT": cio.style_by_technology, "OUTPUT_BEST_SERVER": cio.style_by_technology,
                  "OUTPUT_OVERLAP": cio.style_overlap,
                  "OUTPUT_DISSOLVED": (lambda layer: cio.style_by_technology(layer, "group")) if by_group else None}
        for name, style in styles.items():
            if name in outputs:
                load_in_plugin_group(context, outputs[name], _vector_style(style))
        if "OUTPUT_RASTER" in outputs:
            max_count = int(result.count.max()) if result.count is not None and result.count.size else 1
            load_in_plugin_group(context, outputs["OUTPUT_RASTER"],
                                 lambda layer: dem_io.style_count_layer(layer, max(max_count, 1))
                                 if isinstance(layer, QgsRasterLayer) else None)
        return outputs


#: Cells per smallest radius below which traced areas stray from the coverage polygons (automatic grids
#: take 40; a disc traced on 20 cells per radius is within about 1 % of its area).
FINE_CELLS_PER_RADIUS = 20.0


def _coarse_grid(result, table):
    """(cell size in m, smallest radius in m, grid width and height in km) when the run's grid (its own
    metric grid, or the POPULATION raster's cells) is too coarse to trace the smallest footprint within
    about 1 %, else None."""
    grid = result.grid
    if grid is None or not len(table.radius_m):
        return None
    radius = float(min(table.radius_m)) * result.factors.get("likely", 1.0)
    dx, dy = grid.res_x, grid.res_y
    if result.grid_crs != result.metric_crs:
        from pyproj import CRS

        crs = CRS.from_user_input(result.grid_crs)
        if crs.is_geographic:  # degrees: their ground length at the stations' latitudes (the widest there)
            lat = float(min(abs(float(v)) for v in table.lat))
            dx, dy = dx * 111_320.0 * math.cos(math.radians(min(lat, 89.0))), dy * 110_574.0
        else:
            factor = crs.axis_info[0].unit_conversion_factor if crs.axis_info else 1.0
            dx, dy = dx * factor, dy * factor
    res = max(dx, dy)
    if radius / res >= FINE_CELLS_PER_RADIUS:
        return None
    return res, radius, grid.width * dx / 1000.0, grid.height * dy / 1000.0


def _vector_style(style):
    """``style`` applied to a vector layer (None: QGIS's default style)."""

    def apply(layer):
        if style is not None and isinstance(layer, QgsVectorLayer):
            style(layer)

    return apply
