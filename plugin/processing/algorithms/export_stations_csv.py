"""basestationmapper:exportstationscsv — stations to CSV with WGS84 lon/lat and every attribute."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
)

from ...i18n import tr
from ...qgis_io.export import export_stations_csv
from ..export_common import GROUP_ID, SourceExportAlgorithm, overwrite_help, overwrite_parameter


class ExportStationsCsvAlgorithm(SourceExportAlgorithm):
    INPUT_KEY = "STATIONS"
    DEFAULT_NAME = "stations"
    COUNT_OUTPUT = "STATIONS_WRITTEN"
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

    def write(self, snap, output, overwrite, context, progress, check):
        return export_stations_csv(snap, output, overwrite=overwrite, context=context.transformContext(), check=check,
                                   progress=progress)
