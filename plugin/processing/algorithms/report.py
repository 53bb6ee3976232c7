"""basestationmapper:report — the PDF report (A4 landscape) and a PNG of the map page."""

from __future__ import annotations

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBand,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
    QgsVectorLayer,
)

from ...core import methods, radio
from ...core.pipeline import has_population
from ...core.population import guess_population_field
from ...core.regions import NAME_KNOWN, choose_name_field
from ...i18n import number, tr, translated
from ...qgis_io.coverage_io import InputError, field_name, region_field_note, region_fields
from ...qgis_io.export import snapshot, snapshot_frame
from ...qgis_io.report import (
    BUDGET_PARAMETER,
    PENETRATION_PARAMETER,
    RADIUS_PARAMETER,
    ReportInputs,
    build_report,
    export_report,
    known_crs,
    penetration_text,
    preset_radii_text,
    radius_text,
    with_station_radii,
)
from ...settings import CoverageSettings
from ..base import BaseStationMapperAlgorithm, Canceled, canceled, layer_name
from ..coverage_common import COST231_FREQUENCY_MHZ
from ..export_common import GROUP_ID, callbacks, overwrite_help, overwrite_parameter, run_child, user_errors

COVERAGE_ENGINE = "coverage engine"


def _layer_credit(layer) -> list[str]:
    if layer is None:
        return []
    out = []
    if layer.attribution():
        out.append(layer.attribution())
    out.extend(r for r in layer.metadata().rights() if r)
    return out


def _with_crs(layer, warnings: list, context):
    """``layer``, or when it has no CRS, a copy of it in the CRS :func:`known_crs` gives it (refused when its
    coordinates are no longitudes and latitudes), saying so in ``warnings``."""
    if layer.crs().isValid():
        return layer
    crs = known_crs(layer, warnings)
    copy = layer.materialize(QgsFeatureRequest())
    copy.setName(layer.name())
    copy.setCrs(crs)
    copy.setAttribution(layer.attribution())
    copy.setMetadata(layer.metadata())
    context.temporaryLayerStore().addMapLayer(copy)  # lives as long as the run
    return copy


#: columns of basestationmapper:coveragestats' table, one of which a STATISTICS table must have
STATISTICS_COLUMNS = ("covered_km2", "covered_pop")


def statistics_problem(layer) -> str:
    """Why ``layer`` cannot be reported as the STATISTICS table ('' when it can): it has none of the figures of
    basestationmapper:coveragestats' table, as a shapefile's dBASE file holds them (names cut to 10 characters:
    'covered_km') or an XLSX sheet whose first row was read as data (Field1, Field2...)."""
    names = layer.fields().names() if isinstance(layer, QgsVectorLayer) else []
    if any(column in names for column in STATISTICS_COLUMNS):
        return ""
    return tr("STATISTICS: the table '{name}' has none of the columns of the coverage statistics ({wanted}); its "
              "columns: {columns}. Give the table basestationmapper:coveragestats writes, as a layer of the run, a "
              "GeoPackage, a CSV or an XLSX file: a shapefile cuts its column names to 10 characters.").format(
        name=layer_name(layer, "STATISTICS") if isinstance(layer, QgsVectorLayer) else "STATISTICS",
        wanted=", ".join(STATISTICS_COLUMNS), columns=", ".join(names) or "-")


def report_model(text: str) -> str:
    """The coverage model that MODEL names as basestationmapper:coverage's MODEL takes it: by its name in any case
    or its number (MODEL=1 is hata); '' when not given. The report ran Hata coverage for MODEL=1 but named the
    model '1' and the preset radii in its methods."""
    text = (text or "").strip()
    if not text:
        return ""
    names = [m.casefold() for m in radio.MODELS]
    if text.casefold() in names:
        return radio.MODELS[names.index(text.casefold())]
    if text.isdigit() and int(text) < len(radio.MODELS):
        return radio.MODELS[int(text)]
    raise QgsProcessingException(tr("{name}: {value} is not one of: {options} (or their numbers, {numbers}).").format(
        name="MODEL", value=repr(text), options=", ".join(radio.MODELS), numbers=f"0-{len(radio.MODELS) - 1}"))


class ReportAlgorithm(BaseStationMapperAlgorithm):
    ALGORITHM_ID = "report"
    GROUP_ID = GROUP_ID

    def display_name(self) -> str:
        return tr("Coverage report (PDF)")


    def flags(self):
        # print layouts render on the main thread
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading

    def help_text(self) -> str:
        return tr(
            "Makes the report an analyst hands over: an A4 landscape PDF with the title and date, the map "
            "(coverage over the imagery or a plain offline basemap, stations, region borders, legend, scale bar, "
            "north arrow, data attributions) and, on page 2, the statistics per region and total with low–high "
            "ranges, a bar chart of covered population per region and a methods paragraph (model, radii, DEM and "
            "population sources, the acquisition date of each imagery layer). Also a PNG of the map page.\n"
            "STATIONS: station points. REGIONS + REGION_FIELD: provinces and their name "
            "field. POPULATION (raster of people per cell; POPULATION_BAND, band 1 unless given; tick "
            "POPULATION_IS_DENSITY for people per km²) or POPULATION_POINTS + "
            "POPULATION_FIELD (places with a population count) or POPULATION_AREAS + POPULATION_AREAS_FIELD "
            "(polygons with a count of people: census districts, provinces, hexagons; empty field: the one named "
            "like population, pop or 인구; each one's people spread evenly over its area as coveragestats does). "
            "MODEL, RADIUS (m, 0 = per "
            "technology), PENETRATION (subscribers / covered people, 0–1, default 0.27): passed to "
            "basestationmapper:coverage and basestationmapper:coveragestats, which the report runs unless "
            "COVERAGE (polygons) and STATISTICS (their table) are given. IMAGERY: raster "
            "layers drawn under the coverage (their date is read from the layer property "
            "basestation_mapper/acquisition_date). DEM: named in the methods. ATTRIBUTION: extra "
            "credit text. OUTPUT_PDF, OUTPUT_PNG (optional).\n"
        ) + tr(
            "Without any population (no POPULATION, POPULATION_POINTS nor POPULATION_AREAS, and no STATISTICS): "
            "the statistics "
            "are the area covered per region (coveragestats' table with its population columns empty); such a "
            "table, computed or given as STATISTICS, is reported with the % of the area covered in page 1's "
            "summary, page 2 titled 'Area covered per region' with the area columns only and without the chart of "
            "population covered, and the methods saying 'Population: none (the area covered only)', without "
            "penetration nor estimated subscribers.\n"
        ) + overwrite_help() + tr(
            "\nExample: qgis_process run basestationmapper:report -- STATIONS=stations.gpkg "
            "REGIONS=provinces.geojson REGION_FIELD=name POPULATION_POINTS=places.geojson "
            "POPULATION_FIELD=population OUTPUT_PDF=/data/report.pdf OUTPUT_PNG=/data/map.png"
        )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterVectorLayer(
            "STATIONS", tr("Stations"), [QgsProcessing.SourceType.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterVectorLayer(
            "REGIONS", tr("Regions (provinces)"), [QgsProcessing.SourceType.TypeVectorPolygon]))
        # optional: qgis_process and processing.run refuse a field parameter left out, default or not
        self.addParameter(QgsProcessingParameterField(
            "REGION_FIELD", tr("Region name field"), "name", "REGIONS", optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            "POPULATION", tr("Population raster (people per cell)"), optional=True))
        # as in basestationmapper:coveragestats, to which they are passed
        self.addParameter(QgsProcessingParameterBand(
            "POPULATION_BAND", tr("Population band"), 1, "POPULATION", True))
        self.addParameter(QgsProcessingParameterBoolean(
            "POPULATION_IS_DENSITY", tr("Raster values are people per km²"), False))
        self.addParameter(QgsProcessingParameterVectorLayer(
            "POPULATION_POINTS", tr("Population points"), [QgsProcessing.SourceType.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterField(
            "POPULATION_FIELD", tr("Population field"), "population", "POPULATION_POINTS",
            QgsProcessingParameterField.DataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(
            "POPULATION_AREAS", tr("Population areas (polygons with a people count)"),
            [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField(
            "POPULATION_AREAS_FIELD", tr("Population areas' field of people"), None, "POPULATION_AREAS",
            QgsProcessingParameterField.DataType.Any, optional=True))
        self.addParameter(QgsProcessingParameterString(
            "MODEL", tr("Coverage model: preset, hata or cost231 (empty: preset)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "RADIUS", tr("Coverage radius (m, 0 = per technology)"), QgsProcessingParameterNumber.Type.Double,
            0.0, minValue=0.0, maxValue=100000.0))
        self.addParameter(QgsProcessingParameterNumber(
            "PENETRATION", tr("Subscribers per covered person (0-1)"), QgsProcessingParameterNumber.Type.Double,
            CoverageSettings().penetration, minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterVectorLayer(
            "COVERAGE", tr("Coverage polygons (computed when empty)"), [QgsProcessing.SourceType.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(
            "STATISTICS", tr("Coverage statistics table (computed when empty)"),
            [QgsProcessing.SourceType.TypeVector], optional=True))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "IMAGERY", tr("Imagery under the map"), QgsProcessing.SourceType.TypeRaster, optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer("DEM", tr("DEM used (named in the methods)"),
                                                            optional=True))
        self.addParameter(QgsProcessingParameterString("TITLE", tr("Title"), tr("Mobile network coverage")))
        self.addParameter(QgsProcessingParameterString("ATTRIBUTION", tr("Data attribution"), optional=True))
        self.addParameter(overwrite_parameter())
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT_PDF", tr("Report (PDF)"), "PDF (*.pdf)"))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_PNG", tr("Map image (PNG)"), "PNG (*.png)", optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber("PAGES", tr("Pages")))

    def checkParameterValues(self, parameters, context):
        ok, message = super().checkParameterValues(parameters, context)
        if ok:
            try:
                report_model(self.parameterAsString(parameters, "MODEL", context))
            except QgsProcessingException as exc:
                return False, str(exc)
        return ok, message

    def process(self, parameters, context, feedback):
        stations = self.parameterAsVectorLayer(parameters, "STATIONS", context)
        regions = self.parameterAsVectorLayer(parameters, "REGIONS", context)
        region_field = self.parameterAsString(parameters, "REGION_FIELD", context) or "name"
        population = self.parameterAsRasterLayer(parameters, "POPULATION", context)
        points = self.parameterAsVectorLayer(parameters, "POPULATION_POINTS", context)
        pop_field = self.parameterAsString(parameters, "POPULATION_FIELD", context) or "population"
        areas = self.parameterAsVectorLayer(parameters, "POPULATION_AREAS", context)
        model = report_model(self.parameterAsString(parameters, "MODEL", context))
        radius = self.parameterAsDouble(parameters, "RADIUS", context)
        penetration = self.parameterAsDouble(parameters, "PENETRATION", context)
        coverage = self.parameterAsVectorLayer(parameters, "COVERAGE", context)
        stats_layer = self.parameterAsVectorLayer(parameters, "STATISTICS", context)
        imagery = self.parameterAsLayerList(parameters, "IMAGERY", context) or []
        dem = self.parameterAsRasterLayer(parameters, "DEM", context)
        overwrite = self.parameterAsBoolean(parameters, "OVERWRITE", context)
        pdf = self.parameterAsFileOutput(parameters, "OUTPUT_PDF", context)
        png = self.parameterAsFileOutput(parameters, "OUTPUT_PNG", context) or None

        if stations is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "STATIONS"))
        if regions is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "REGIONS"))
        if stats_layer is not None:  # a table without the figures reported an empty page 2, saying nothing
            problem = statistics_problem(stats_layer)
            if problem:
                raise QgsProcessingException(problem)
        notes = []
        if parameters.get("REGION_FIELD") in (None, "") and not any(
                name.casefold() == region_field.casefold() for name in regions.fields().names()):
            guessed, how = choose_name_field(region_fields(regions))
            if guessed:  # left out: the field coveragestats would pick
                feedback.pushWarning(tr("REGION_FIELD not given: the regions are named by their field '{field}'.")
                                     .format(field=guessed) if how == NAME_KNOWN else
                                     "REGION_FIELD: " + region_field_note(regions.name(), guessed, how))
                region_field = guessed
        try:  # a field named in another case is the layer's field of that name, as in coveragestats
            region_field = field_name(regions, region_field, "REGION_FIELD: " + tr("region layer"), notes)
        except InputError as exc:
            raise QgsProcessingException(str(exc)) from None
        if areas is not None and (population is not None or points is not None):
            given = ", ".join(name for name, layer in (("POPULATION", population), ("POPULATION_POINTS", points))
                              if layer is not None)
            raise QgsProcessingException(tr("POPULATION_AREAS is given with {given}: give one population source, "
                                            "the raster, the points or the areas").format(given=given))
        if stats_layer is None and population is None and points is None and areas is None:
            feedback.pushInfo(tr("No POPULATION, POPULATION_POINTS nor POPULATION_AREAS given: the area covered per "
                                 "region only, the population columns left empty"))
        if population is not None and points is not None:
            feedback.pushWarning(tr("Both POPULATION and POPULATION_POINTS given: the raster is used."))
            points = None
        if points is not None:
            try:
                pop_field = field_name(points, pop_field, "POPULATION_FIELD: " + tr("population layer"), notes)
            except InputError as exc:
                raise QgsProcessingException(str(exc)) from None
        if areas is not None:  # the field counted, named in the methods (coveragestats reads it again)
            areas_field = self.parameterAsString(parameters, "POPULATION_AREAS_FIELD", context)
            if not areas_field:
                areas_field = guess_population_field(areas.fields().names())
                if not areas_field:
                    raise QgsProcessingException(tr(
                        "POPULATION_AREAS_FIELD: choose the field of people of {layer} (none is named like "
                        "population, pop or 인구; its fields: {fields})").format(
                        layer=repr(areas.name()), fields=", ".join(areas.fields().names())))
                feedback.pushInfo(tr("POPULATION_AREAS_FIELD not given: the people of {field} are counted").format(
                    field=areas_field))
            try:
                areas_field = field_name(areas, areas_field, "POPULATION_AREAS_FIELD: " + tr("population area layer"))
            except InputError as exc:
                raise QgsProcessingException(str(exc)) from None
            points, pop_field = areas, areas_field
        for note in notes:
            feedback.pushWarning(note)
        if stations.featureCount() == 0:
            raise QgsProcessingException(tr("The station layer '{name}' is empty: nothing to report.").format(
                name=stations.name()))

        # a layer without CRS is read as WGS84 once, here, and handed on with that CRS: the coverage and
        # statistics runs and the report said it each (three times for the stations)
        said: list[str] = []
        with user_errors():
            stations, regions = (_with_crs(layer, said, context) for layer in (stations, regions))
        for warning in said:
            feedback.pushWarning(warning)
        try:
            return self._report(parameters, context, feedback, stations, regions, region_field, population, points,
                                pop_field, model, radius, penetration, coverage, stats_layer, imagery, dem, overwrite,
                                pdf, png, areas=areas)
        except Canceled:
            return canceled(feedback)

    def _report(self, parameters, context, feedback, stations, regions, region_field, population, points, pop_field,
                model, radius, penetration, coverage, stats_layer, imagery, dem, overwrite, pdf, png, areas=None):
        progress, check = callbacks(feedback)
        check()
        stats_layer_given = stats_layer  # the table's own population source is not known: named after it
        band_given = parameters.get("POPULATION_BAND") not in (None, "")
        band = (self.parameterAsInt(parameters, "POPULATION_BAND", context) or 1) if band_given else 1
        density = self.parameterAsBoolean(parameters, "POPULATION_IS_DENSITY", context)
        common = {"STATIONS": stations, "MODEL": model, "RADIUS": radius if radius > 0 else None}
        if coverage is None:
            feedback.pushInfo(tr("Computing coverage (basestationmapper:coverage)…"))
            result = run_child("coverage", {**common, "OUTPUT": QgsProcessing.TEMPORARY_OUTPUT}, context, feedback,
                               COVERAGE_ENGINE)
            coverage = QgsProcessingUtils.mapLayerFromString(result["OUTPUT"], context)
        feedback.setProgress(30)
        check()
        if stats_layer is None:
            feedback.pushInfo(tr("Computing statistics per region (basestationmapper:coveragestats)…"))
            wanted = {**common, "REGIONS": regions, "REGION_FIELD": region_field,
                      "OUTPUT": QgsProcessing.TEMPORARY_OUTPUT}
            if population is not None or points is not None:  # else unused, said once below (not by coveragestats)
                wanted["PENETRATION"] = penetration
            if population is not None:
                wanted.update({"POPULATION": population, "POPULATION_IS_DENSITY": density})
                if band_given:  # left out, coveragestats counts band 1 and says so of a raster of several bands
                    wanted["POPULATION_BAND"] = band
            elif points is not None and points is areas:
                wanted.update({"POPULATION_AREAS": points, "POPULATION_AREAS_FIELD": pop_field})
            elif points is not None:  # neither: coveragestats counts the area covered only
                wanted.update({"POPULATION_POINTS": points, "POPULATION_FIELD": pop_field})
            result = run_child("coveragestats", wanted, context, feedback, COVERAGE_ENGINE)
            stats_layer = QgsProcessingUtils.mapLayerFromString(result["OUTPUT"], context)
        feedback.setProgress(60)
        if not isinstance(stats_layer, QgsVectorLayer):
            raise QgsProcessingException(tr("STATISTICS: the statistics table could not be read."))
        statistics = snapshot_frame(snapshot(stats_layer), check)
        if parameters.get("PENETRATION") not in (None, "") and not has_population(statistics):
            feedback.pushWarning(tr("PENETRATION {value} is not used: the statistics count no people (no "
                                    "POPULATION, POPULATION_POINTS nor POPULATION_AREAS), so no subscribers are "
                                    "estimated.").format(
                value=number(penetration, None)))

        radii = CoverageSettings().technology_radii_m
        if radius > 0:
            parameters_text = {RADIUS_PARAMETER: radius_text(radius)}
        elif (model or "").strip().lower() in (radio.MODEL_HATA, radio.MODEL_COST231):
            # the link budget basestationmapper:coverage uses with this model and nothing else given
            budget = radio.LinkBudget()
            frequency = COST231_FREQUENCY_MHZ if model.strip().lower() == radio.MODEL_COST231 else \
                budget.frequency_mhz
            parameters_text = with_station_radii({BUDGET_PARAMETER: methods.budget_words(
                frequency, budget.eirp_dbm, budget.rx_threshold_dbm, "urban")}, stations)
        else:
            parameters_text = with_station_radii(preset_radii_text(radii), stations)
        parameters_text[PENETRATION_PARAMETER] = penetration_text(penetration)
        if population is not None:
            pop_text = (tr("raster {name} (people per km²)") if density else tr("raster {name}")).format(
                name=population.name())
            if population.bandCount() > 1:
                pop_text += ", " + tr("band {band} of {count}").format(band=band, count=population.bandCount())
        elif points is not None and points is areas:
            pop_text = translated(methods.areas_words(points.name(), pop_field))
        elif points is not None:
            pop_text = tr("places of {name} (field {field}), counted where they fall").format(
                name=points.name(), field=pop_field)
        elif stats_layer_given is not None:
            pop_text = tr("as in the statistics table {name}").format(name=stats_layer.name())
        else:
            pop_text = tr("none (the area covered only)")
        credits = [c for layer in (regions, points, population, dem, *imagery) for c in _layer_credit(layer)]
        extra = self.parameterAsString(parameters, "ATTRIBUTION", context)
        if extra:
            credits.insert(0, extra)
        inputs = ReportInputs(
            regions=regions, region_field=region_field, statistics=statistics, stations=stations,
            coverage=[coverage] if coverage is not None else [], imagery=list(imagery),
            title=self.parameterAsString(parameters, "TITLE", context), model=model or tr("coverage engine default"),
            parameters=parameters_text, dem=dem.name() if dem is not None else "", population=pop_text,
            penetration=penetration, attributions=credits)
        check()
        with user_errors():
            report = build_report(inputs)
            for warning in report.warnings:
                feedback.pushWarning(warning)
            try:
                check()
                feedback.pushInfo(tr("Writing the PDF…"))
                out = export_report(report, pdf, png, overwrite=overwrite, progress=progress, check=check)
            finally:
                report.close()
        return {"OUTPUT_PDF": str(out["pdf"]), "OUTPUT_PNG": str(out["png"]) if out["png"] else None,
                "PAGES": out["pages"]}
