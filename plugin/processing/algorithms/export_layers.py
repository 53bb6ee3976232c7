"""basestationmapper:exportlayers — vector layers to GeoPackage, GeoJSON, Shapefile or KMZ."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsVectorLayer,
)

from ...i18n import number, tr
from ...qgis_io.export import export_vector, snapshot
from ..base import BaseStationMapperAlgorithm, Canceled, canceled, layer_name
from ..export_common import (
    GROUP_ID,
    callbacks,
    edited_target_problem,
    overwrite_help,
    overwrite_parameter,
    user_errors,
)


class ExportLayersAlgorithm(BaseStationMapperAlgorithm):
    ALGORITHM_ID = "exportlayers"
    GROUP_ID = GROUP_ID
    # the stations as the algorithms write them to a .csv (X/Y columns) are points, not a table
    POINTS_FROM_CSV = frozenset({"LAYERS"})

    def display_name(self) -> str:
        return tr("Export layers (GeoPackage, GeoJSON, Shapefile, KMZ)")


    def help_text(self) -> str:
        return tr(
            "Writes vector layers (stations, coverage per station, dissolved coverage, overlap, best server, "
            "regions, tables) to one file. The format follows the extension of OUTPUT:\n"
            ".gpkg GeoPackage, every layer in one file (tables too);\n"
            ".kmz Google Earth: a folder per layer, semi-transparent fills by technology or overlap count, "
            "station placemarks with every attribute in the balloon; .kml the same as plain KML, its station "
            "icon a link to maps.google.com;\n"
            ".geojson one layer, WGS84 (RFC 7946); .shp one layer (field names longer than 10 "
            "characters are shortened; the log lists them).\n"
            "LAYERS: the vector layers. TITLE: KMZ document name (optional).\n"
        ) + overwrite_help() + tr(
            "\nA layer without features is written as an empty layer (the log says so). Example: qgis_process run "
            "basestationmapper:exportlayers -- "
            "LAYERS=stations.gpkg LAYERS=coverage.gpkg OUTPUT=/data/network.kmz OVERWRITE=true"
        )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterMultipleLayers(
            "LAYERS", tr("Vector layers"), QgsProcessing.SourceType.TypeVector))
        self.addParameter(QgsProcessingParameterString("TITLE", tr("Document title (KMZ)"), optional=True))
        self.addParameter(overwrite_parameter())
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", tr("Output file"),
            "GeoPackage (*.gpkg);;KMZ (*.kmz);;KML (*.kml);;GeoJSON (*.geojson);;ESRI Shapefile (*.shp)"))
        self.addOutput(QgsProcessingOutputNumber("FEATURES", tr("Features written")))

    def _layers_problem(self, layers) -> str:
        """Why LAYERS cannot be exported ('' when it can)."""
        if not layers:
            return tr("LAYERS: choose at least one vector layer.")
        for layer in layers:
            if not isinstance(layer, QgsVectorLayer):
                return tr("LAYERS: '{name}' is not a vector layer.").format(name=layer_name(layer, "layer"))
        return ""

    def checkParameterValues(self, parameters, context):
        # a problem raised in prepareAlgorithm reaches a script only as "There were errors executing the algorithm."
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        problem = self._layers_problem(self.parameterAsLayerList(parameters, "LAYERS", context))
        # a file a layer of the project is editing: its edits would land on other features
        problem = problem or edited_target_problem(self, parameters, context)
        return (False, problem) if problem else (True, "")

    def prepare_run(self, parameters, context, feedback):
        # runs on the main thread: snapshot the layers (feature sources are thread-safe)
        layers = self.parameterAsLayerList(parameters, "LAYERS", context)
        problem = self._layers_problem(layers)
        if problem:
            raise QgsProcessingException(problem)
        self._snapshots = [snapshot(layer, layer_name(layer, "layer")) for layer in layers]
        self._context_transform = context.transformContext()
        return True

    def process(self, parameters, context, feedback):
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        overwrite = self.parameterAsBoolean(parameters, "OVERWRITE", context)
        title = self.parameterAsString(parameters, "TITLE", context)
        progress, check = callbacks(feedback)
        try:
            check()
            with user_errors():
                result = export_vector(self._snapshots, output, overwrite=overwrite, context=self._context_transform,
                                       progress=progress, check=check, title=title)
        except Canceled:
            return canceled(feedback)
        for warning in result.warnings:
            feedback.pushWarning(warning)
        for name, count in result.layers.items():
            feedback.pushInfo(tr("{name}: {n} feature", "{name}: {n} features", count).format(
                name=name, n=number(count, count=True)))
        return {"OUTPUT": str(result.path), "FEATURES": sum(result.layers.values())}
