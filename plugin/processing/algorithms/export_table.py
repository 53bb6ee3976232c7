"""basestationmapper:exporttable — a statistics table to CSV or XLSX."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
)

from ...i18n import tr
from ...qgis_io.export import export_table
from ..export_common import GROUP_ID, SourceExportAlgorithm, overwrite_help, overwrite_parameter


class ExportTableAlgorithm(SourceExportAlgorithm):
    INPUT_KEY = "INPUT"
    DEFAULT_NAME = "table"
    COUNT_OUTPUT = "ROWS"
    ALGORITHM_ID = "exporttable"
    GROUP_ID = GROUP_ID

    def display_name(self) -> str:
        return tr("Export table (CSV, XLSX)")


    def help_text(self) -> str:
        return tr(
            "Writes the attributes of a table or layer (e.g. the output of Coverage statistics: region, area_km2, "
            "covered_km2, covered_pop, ... with their low/high variants) to .csv (UTF-8 with BOM) or "
            ".xlsx (GDAL's XLSX driver; numbers stay numbers). Geometry is left out.\n"
            "INPUT: table or vector layer. OUTPUT: .csv or .xlsx file.\n"
        ) + overwrite_help() + tr(
            "\nExample: qgis_process run basestationmapper:exporttable -- INPUT=stats.gpkg "
            "OUTPUT=/data/stats.xlsx"
        )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFeatureSource(
            "INPUT", tr("Table"), [QgsProcessing.SourceType.TypeVector]))
        self.addParameter(overwrite_parameter())
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", tr("Table file"), "Excel (*.xlsx);;CSV (*.csv)"))
        self.addOutput(QgsProcessingOutputNumber("ROWS", tr("Rows written")))

    def write(self, snap, output, overwrite, context, progress, check):
        return export_table(snap, output, overwrite=overwrite, progress=progress, check=check)
