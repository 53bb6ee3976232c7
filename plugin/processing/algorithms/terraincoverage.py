"""Processing: ``basestationmapper:terraincoverage`` — number of stations in line of sight per cell."""

from __future__ import annotations

from typing import ClassVar

from qgis.core import (
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsRasterLayer,
    QgsWkbTypes,
)

from ...compat import field_type
from ...core import terrain
from ...i18n import LocaleNumber, number, tr, translated
from ...qgis_io import dem as dem_io
from ...qgis_io.no_crs import assume_wgs84
from ...settings import TerrainSettings
from ..base import (
    BaseStationMapperAlgorithm,
    Canceled,
    StagedOutputs,
    canceled,
    check_canceled,
    destination_given,
    load_in_plugin_group,
)

_VERTICAL_UNITS = ("metre", "foot", "us_foot")


def _lonlat_stations(source, name, feedback):
    """Stations of a layer without CRS read as longitude/latitude (as coverage reads them), or refused
    with a message when their coordinates cannot be degrees."""
    from qgis.core import QgsFeatureRequest

    layer = source.materialize(QgsFeatureRequest())
    crs, warning = assume_wgs84(name, layer.extent(), QgsProcessingException)
    layer.setCrs(crs)
    feedback.pushWarning(warning)
    return layer


class TerrainCoverageAlgorithm(BaseStationMapperAlgorithm):
    ALGORITHM_ID = "terraincoverage"
    ENUM_KEYS: ClassVar[dict[str, tuple[str, ...]]] = {"VERTICAL_UNIT": _VERTICAL_UNITS}
    GROUP_ID = "coverage"

    STATIONS = "STATIONS"
    DEM = "DEM"
    RADIUS = "RADIUS"
    OBSERVER_HEIGHT = "OBSERVER_HEIGHT"
    TARGET_HEIGHT = "TARGET_HEIGHT"
    REFRACTION_K = "REFRACTION_K"
    USE_STATION_FIELDS = "USE_STATION_FIELDS"
    FRESNEL_CLEARANCE = "FRESNEL_CLEARANCE"
    FREQUENCY = "FREQUENCY"
    CELL_SIZE = "CELL_SIZE"
    CRS = "CRS"
    VERTICAL_UNIT = "VERTICAL_UNIT"
    OUTPUT = "OUTPUT"
    OUTPUT_POLYGONS = "OUTPUT_POLYGONS"

    def display_name(self) -> str:
        return tr("Terrain-aware coverage (line of sight)")


    def help_text(self) -> str:
        return tr(
            "Counts, for every cell, the base stations that have line of sight to it over a DEM, with earth "
            "curvature and refraction. Same method as gdal_viewshed (reference-plane sweep), computed for all "
            "stations at once.\n\n"
            "STATIONS: point layer. Its field antenna_height_m (m above ground; 0 means not given, as in "
            "coverage and coveragestats) overrides OBSERVER_HEIGHT, "
            "radius_m overrides RADIUS and frequency_mhz overrides FREQUENCY, per station, when set "
            "(USE_STATION_FIELDS).\n"
            "DEM: elevation raster in any CRS (degrees are fine: it is reprojected with bilinear resampling "
            "to CRS, by default the UTM zone of the stations, at CELL_SIZE m, by default the DEM's own "
            "resolution). A DEM without CRS is refused. VERTICAL_UNIT: metre, foot or US survey foot.\n"
            "RADIUS (m, default 10000): maximum distance of a station. OBSERVER_HEIGHT (m, default 30). "
            "TARGET_HEIGHT (m above ground of the receiver, default 1.5). REFRACTION_K (effective earth "
            "radius factor, default 4/3; gdal_viewshed -cc = 1/k).\n"
            "FRESNEL_CLEARANCE (0-1, default 0 = plain line of sight): share of the first Fresnel zone "
            "at FREQUENCY (MHz, default 2100) that must be clear; slower, and with handsets at 1.5 m the "
            "ground near the receiver blocks the zone beyond a few km.\n\n"
            "OUTPUT: GeoTIFF, number of stations in sight per cell (0 where none; nodata, declared on the "
            "band, where the DEM has no height: its voids and outside it). OUTPUT_POLYGONS "
            "(optional): polygons of equal count, field 'stations'.\n"
            "DEM cells without data are never visible and do not block. Stations outside the DEM, or on "
            "nodata with no cell holding data within 3 cells, are skipped with a warning (one on the shore of a "
            "sea without data stands on the nearest ground, said too); coverage is cut at the DEM edge.\n\n"
            "Example: qgis_process run basestationmapper:terraincoverage -- STATIONS=stations.gpkg "
            "DEM=srtm.tif RADIUS=8000 OUTPUT=visible.tif"
        )

    def initAlgorithm(self, config=None):
        settings = TerrainSettings.load()
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.STATIONS, tr("Stations"), [QgsProcessing.SourceType.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterRasterLayer(self.DEM, tr("DEM (elevation)")))
        self.addParameter(QgsProcessingParameterNumber(
            self.RADIUS, tr("Radius (m)"), QgsProcessingParameterNumber.Type.Double, 10000.0, minValue=1.0,
            maxValue=200000.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.OBSERVER_HEIGHT, tr("Antenna height above ground (m)"), QgsProcessingParameterNumber.Type.Double,
            30.0, minValue=0.0, maxValue=500.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.TARGET_HEIGHT, tr("Receiver height above ground (m)"), QgsProcessingParameterNumber.Type.Double,
            settings.receiver_height_m, minValue=0.0, maxValue=500.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.REFRACTION_K, tr("Effective earth radius factor k"), QgsProcessingParameterNumber.Type.Double,
            settings.refraction_k, minValue=0.1, maxValue=100.0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.USE_STATION_FIELDS, tr("Use the stations' antenna_height_m, radius_m, frequency_mhz fields"),
            True))
        self.addParameter(QgsProcessingParameterNumber(
            self.FRESNEL_CLEARANCE, tr("First Fresnel zone clearance (0-1, 0 = line of sight only)"),
            QgsProcessingParameterNumber.Type.Double, settings.fresnel_clearance, minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.FREQUENCY, tr("Frequency (MHz)"), QgsProcessingParameterNumber.Type.Double, 2100.0,
            minValue=1.0, maxValue=100000.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.CELL_SIZE, tr("Cell size (m, 0 = the DEM's resolution)"), QgsProcessingParameterNumber.Type.Double,
            0.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterCrs(
            self.CRS, tr("Working CRS in metres (empty = UTM zone of the stations)"), optional=True))
        unit_index = _VERTICAL_UNITS.index(settings.dem_vertical_unit) \
            if settings.dem_vertical_unit in _VERTICAL_UNITS else 0
        self.addParameter(QgsProcessingParameterEnum(
            self.VERTICAL_UNIT, tr("DEM vertical unit"), [tr("metre"), tr("foot"), tr("US survey foot")],
            defaultValue=unit_index))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, tr("Stations in sight (count)")))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_POLYGONS, tr("Terrain coverage polygons"), QgsProcessing.SourceType.TypeVectorPolygon,
            optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber("STATIONS_USED", tr("Stations used")))
        self.addOutput(QgsProcessingOutputNumber("STATIONS_SKIPPED", tr("Stations skipped (outside the DEM or on "
                                                                        "a void)")))
        self.addOutput(QgsProcessingOutputNumber("MAX_COUNT", tr("Most stations in sight of one cell")))

    def process(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.STATIONS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.STATIONS))
        name = self.source_name(parameters, self.STATIONS, context, self.STATIONS)
        dem_layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        if dem_layer is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, self.DEM))
        radius = self.parameterAsDouble(parameters, self.RADIUS, context)
        height = self.parameterAsDouble(parameters, self.OBSERVER_HEIGHT, context)
        target = self.parameterAsDouble(parameters, self.TARGET_HEIGHT, context)
        k = self.parameterAsDouble(parameters, self.REFRACTION_K, context)
        use_fields = self.parameterAsBoolean(parameters, self.USE_STATION_FIELDS, context)
        fresnel = self.parameterAsDouble(parameters, self.FRESNEL_CLEARANCE, context)
        frequency = self.parameterAsDouble(parameters, self.FREQUENCY, context)
        cell = self.parameterAsDouble(parameters, self.CELL_SIZE, context)
        crs = self.parameterAsCrs(parameters, self.CRS, context)
        unit = self.enum_option(parameters, self.VERTICAL_UNIT, context)
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        if radius <= 0:
            raise QgsProcessingException(tr("RADIUS must be greater than 0 m."))
        if k <= 0:
            raise QgsProcessingException(tr("REFRACTION_K must be greater than 0."))
        if not 0.0 <= fresnel <= 1.0:
            raise QgsProcessingException(tr("FRESNEL_CLEARANCE must be between 0 and 1."))
        if source.featureCount() == 0:
            raise QgsProcessingException(tr("{parameter}: the layer '{name}' has no features.").format(
                parameter=self.STATIONS, name=name))
        if not source.sourceCrs().isValid():
            source = _lonlat_stations(source, name, feedback)
        if crs.isValid() and crs.isGeographic():
            raise QgsProcessingException(tr("CRS {crs} is in degrees: choose a projected CRS in metres.").format(
                crs=crs.authid()))

        try:
            with StagedOutputs(self, parameters, context) as out:
                results, result = self._run(parameters, context, feedback, out, source, name, dem_layer, crs,
                                            radius, height, target, k, use_fields, fresnel, frequency, cell, unit,
                                            output)
                feedback.setProgress(100.0)
                out.commit(feedback)
        except Canceled:
            return canceled(feedback)
        max_count = result.max_count
        load_in_plugin_group(context, output, lambda layer: dem_io.style_count_layer(layer, max_count)
                             if isinstance(layer, QgsRasterLayer) else None)
        # two sentences, each with its own count's forms
        feedback.pushInfo(tr("{cells} cell in sight of at least one station.",
                             "{cells} cells in sight of at least one station.", result.visible_cells).format(
            cells=number(result.visible_cells, count=True)) + " " + tr(
            "At most {n} station sees a cell.", "At most {n} stations see a cell.", result.max_count).format(
            n=number(result.max_count, count=True)))
        return results

    def _run(self, parameters, context, feedback, out, source, name, dem_layer, crs, radius, height, target, k,
             use_fields, fresnel, frequency, cell, unit, output):
        def check():
            check_canceled(feedback)

        check()
        try:
            if not crs.isValid():
                center = dem_io.stations_center_wgs84(source)
                if center is None:
                    raise QgsProcessingException(tr("{parameter}: the layer '{name}' has no geometries.").format(
                        parameter=self.STATIONS, name=name))
                crs = dem_io.default_metric_crs(*center)
            area = dem_io.stations_extent(source, crs, radius, radius_field=use_fields)
            feedback.pushInfo(tr("Reprojecting DEM {name} to {crs}…").format(name=dem_layer.name(), crs=crs.authid()))
            dem = dem_io.prepare_dem(dem_layer, area, crs, crs, cell or None, unit)
            for message in dem.warnings:
                feedback.pushWarning(message)
            feedback.pushInfo(tr("Grid: {w} x {h} cells of {cell:g} m").format(
                w=dem.grid.width, h=dem.grid.height, cell=LocaleNumber(dem.grid.dx)))
            stations = dem_io.read_observers(source, dem, height, radius, frequency, use_fields, check)
            for message in stations.warnings:
                feedback.pushWarning(message)
            if len(stations.observers) == 0:
                raise QgsProcessingException(tr("No station lies on DEM {name}: nothing to compute.").format(
                    name=dem.name))
            want_polygons = destination_given(parameters, self.OUTPUT_POLYGONS, context)
            params = terrain.TerrainParams(target_height_m=target, refraction_k=k, fresnel_clearance=fresnel)
            feedback.pushInfo(tr("Computing the line of sight of {n} station",
                                 "Computing the line of sight of {n} stations",
                                 len(stations.observers)).format(n=number(len(stations.observers), count=True)))
            result = dem_io.run_terrain_count(
                dem_io.TerrainRun(dem, stations, params, out.file(self.OUTPUT, output)),
                progress=lambda f: feedback.setProgress(90.0 * f), check=check, polygons=want_polygons)
        except (dem_io.DemError, terrain.TerrainError) as exc:
            raise QgsProcessingException(translated(exc)) from exc

        results = {self.OUTPUT: output, "STATIONS_USED": len(stations.observers),
                   "STATIONS_SKIPPED": len(stations.skipped), "MAX_COUNT": result.max_count}
        if want_polygons:
            fields = QgsFields()
            fields.append(QgsField(dem_io.COUNT_FIELD, field_type("int")))
            polygons = result.polygons

            def features():
                for i, (geom, value) in enumerate(polygons):
                    feat = QgsFeature(fields)
                    qgeom = QgsGeometry()
                    qgeom.fromWkb(geom.wkb)
                    qgeom.convertToMultiType()
                    feat.setGeometry(qgeom)
                    feat.setAttributes([value])
                    yield feat
                    feedback.setProgress(90.0 + 10.0 * (i + 1) / max(len(polygons), 1))

            results[self.OUTPUT_POLYGONS] = out.sink(self.OUTPUT_POLYGONS, fields, QgsWkbTypes.Type.MultiPolygon,
                                                     dem.crs, features(), feedback)
        return results, result
