"""basestationmapper:exportstationscsv — stations to CSV with WGS84 lon/lat and every attribute."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
)

from ...i18n import tr
from ...qgis_io.export import export_stations_csv, source_snapshot
from ..base import BaseStationMapperAlgorithm, Canceled, canceled
from ..export_common import (
    GROUP_ID,
    callbacks,
    edited_target_problem,
    overwrite_help,
    overwrite_parameter,
    user_errors,
)


class ExportStationsCsvAlgorithm(BaseStationMapperAlgorithm):
    ALGORITHM_ID = "exportstationscsv"
    GROUP_ID = GROUP_ID

    def display_name(self) -> str:
        return tr("Export stations to CSV (WGS84 lon/lat)")


    def help_text(self) -> str:
        return tr(
            "Writes a station layer to CSV: columns lon, lat (WGS84 degrees, 9 decimals) first, then "
            "every attribute (station_id, technology, status, confidence, source image, image and seen dates, "
            "antenna height in m, ...). UTF-8 with a byte-order mark so that Excel shows Korean text.\n"
            "STATIONS: point layer in any CRS. OUTPUT: .csv file.\n"
        ) + overwrite_help() + tr(
            "\nExample: qgis_process run basestationmapper:exportstationscsv -- STATIONS=stations.gpkg "
            "OUTPUT=/data/stations.csv"
        )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFeatureSource(
            "STATIONS", tr("Stations"), [QgsProcessing.SourceType.TypeVectorPoint]))
        self.addParameter(overwrite_parameter())
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT", tr("CSV file"), "CSV (*.csv)"))
        self.addOutput(QgsProcessingOutputNumber("STATIONS_WRITTEN", tr("Stations written")))

    def checkParameterValues(self, parameters, context):
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        problem = edited_target_problem(self, parameters, context)  # its edits would land on other rows
        return (False, problem) if problem else (True, "")

    def processAlgorithm(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, "STATIONS", context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "STATIONS"))
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        overwrite = self.parameterAsBoolean(parameters, "OVERWRITE", context)
        name = self.source_name(parameters, "STATIONS", context, "stations")
        # the layer behind the source, for the values QGIS reads as NULL (a GeoJSON mixing numbers and text)
        snap = source_snapshot(source, name, self.parameterAsVectorLayer(parameters, "STATIONS", context))
        progress, check = callbacks(feedback)
        try:
            check()
            with user_errors():
                result = export_stations_csv(snap, output, overwrite=overwrite,
                                             context=context.transformContext(), check=check, progress=progress)
        except Canceled:
            return canceled(feedback)
        for warning in result.warnings:
            feedback.pushWarning(warning)
        return {"OUTPUT": str(result.path), "STATIONS_WRITTEN": sum(result.layers.values())}
