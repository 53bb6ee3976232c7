"""basestationmapper:populationfromareas — polygons with a people count to a raster of people per cell."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterCrs,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
)

from ...core.population import guess_population_field
from ...i18n import number, tr, translated
from ...qgis_io.population_areas import AreaPopulation
from .. import coverage_common as common
from ..base import BaseStationMapperAlgorithm, Canceled, StagedOutputs, canceled, check_canceled


class PopulationFromAreasAlgorithm(BaseStationMapperAlgorithm):
    ALGORITHM_ID = "populationfromareas"
    GROUP_ID = "coverage"

    def display_name(self) -> str:
        return tr("Population raster from areas (people per polygon)")

    def help_text(self) -> str:
        return tr(
            "Turns population given as areas — census districts, provinces with their population, Kontur-style "
            "hexagons: polygons with a count of people — into a GeoTIFF of people per cell, which "
            "coveragestats, coverage and the dock count as a population raster (in a model: its OUTPUT as "
            "coveragestats' POPULATION).\n"
            "Each polygon's people are spread evenly over its area: a cell gets the share of the polygon's area "
            "that lies in it (exact cell fractions), so every person is kept: a polygon smaller than a cell puts "
            "its people in the cells it touches, overlapping polygons add up, holes get nobody.\n"
            "INPUT: polygon layer (any CRS). FIELD: its field of people (text such as 1,234 is read; empty: the "
            "field named like population, pop_2020 or 인구). A count that is no number or is negative stops the run "
            "naming the feature; features without a count or without an area are not counted and listed in the "
            "log; invalid polygons are repaired and listed.\n"
            "CELL_SIZE: cell size in metres (empty or 0: a tenth of the side of a small polygon, at most 100 m, "
            "coarser when the raster would exceed 16 million cells). CRS: a projected CRS in metres for the raster "
            "(default: the UTM zone of the layer's centre).\n"
            "Outputs: OUTPUT (Float64 GeoTIFF), PEOPLE (people counted), CELL_SIZE_M (cell size used).\n"
            "Example: qgis_process run basestationmapper:populationfromareas -- INPUT=districts.gpkg "
            "FIELD=pop_2020 CELL_SIZE=100 OUTPUT=people.tif")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFeatureSource(
            "INPUT", tr("Population areas (polygons)"), [QgsProcessing.SourceType.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            "FIELD", tr("Field of people"), None, "INPUT", QgsProcessingParameterField.DataType.Any, False, True))
        self.addParameter(QgsProcessingParameterNumber(
            "CELL_SIZE", tr("Cell size (m, empty or 0 = automatic)"), QgsProcessingParameterNumber.Type.Double,
            None, True, 0.0, 1_000_000.0))
        self.addParameter(QgsProcessingParameterCrs(
            "CRS", tr("Projected CRS in metres (default: UTM zone of the layer's centre)"), None, True))
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT", tr("People per cell")))
        self.addOutput(QgsProcessingOutputNumber("PEOPLE", tr("People counted")))
        self.addOutput(QgsProcessingOutputNumber("CELL_SIZE_M", tr("Cell size used (m)")))

    def process(self, parameters, context, feedback):
        layer = common.vector_layer(self, parameters, "INPUT", context)
        if layer is None:
            raise QgsProcessingException(tr("INPUT: no polygon layer given"))
        field = self.parameterAsString(parameters, "FIELD", context)
        if not field:
            field = guess_population_field(layer.fields().names())
            if not field:
                raise QgsProcessingException(tr(
                    "FIELD: choose the field of people of {layer} (none is named like population, pop or 인구; its "
                    "fields: {fields})").format(layer=repr(layer.name()), fields=", ".join(layer.fields().names())))
            feedback.pushInfo(tr("FIELD not given: the people of {field} are spread").format(field=field))
        cell = None
        if parameters.get("CELL_SIZE") not in (None, ""):
            cell = self.parameterAsDouble(parameters, "CELL_SIZE", context) or None
        crs = self.parameterAsCrs(parameters, "CRS", context)
        user_crs = None
        if crs is not None and crs.isValid():
            user_crs = crs.authid() or crs.toWkt()
        destination = self.parameterAsOutputLayer(parameters, "OUTPUT", context)
        if not destination.lower().endswith((".tif", ".tiff")):
            raise QgsProcessingException(tr("OUTPUT: '{path}' is written as a GeoTIFF: give a name ending in .tif "
                                            "(e.g. {example})").format(
                path=destination, example=destination.rsplit(".", 1)[0] + ".tif"))
        notes: list = []
        try:
            areas = AreaPopulation(layer, field, notes, metric_crs=user_crs, cell_size=cell)
            for w in notes:
                feedback.pushWarning(translated(w))

            def check():
                check_canceled(feedback)

            with StagedOutputs(self, parameters, context) as out:
                path = out.file("OUTPUT", destination)
                areas.write(None, lambda f: feedback.setProgress(99.0 * f), check, path=path)
                out.commit(feedback)
        except Canceled:
            return canceled(feedback)
        except common.INPUT_ERRORS as exc:
            raise QgsProcessingException(translated(exc)) from exc
        for w in areas.warnings:
            feedback.pushWarning(translated(w))
        grid = areas.areas.grid
        feedback.pushInfo(tr("{people} people of {n} feature spread over {w} x {h} cells of {size} m ({crs})",
                             "{people} people of {n} features spread over {w} x {h} cells of {size} m ({crs})",
                             areas.areas.features).format(
            people=number(areas.areas.people, 0), n=areas.areas.features, w=grid.width, h=grid.height,
            size=number(grid.res_x, 2), crs=areas.metric_crs))
        feedback.setProgress(100.0)
        return {"OUTPUT": destination, "PEOPLE": areas.areas.people, "CELL_SIZE_M": grid.res_x}
