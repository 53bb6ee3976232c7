"""basestationmapper:exporttable — a statistics table to CSV or XLSX."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
)

from ...i18n import tr
from ...qgis_io.export import export_table, source_snapshot
from ..base import BaseStationMapperAlgorithm, Canceled, canceled
from ..export_common import (
    GROUP_ID,
    callbacks,
    edited_target_problem,
    overwrite_help,
    overwrite_parameter,
    user_errors,
)


class ExportTableAlgorithm(BaseStationMapperAlgorithm):
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

    def checkParameterValues(self, parameters, context):
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        problem = edited_target_problem(self, parameters, context)  # its edits would land on other rows
        return (False, problem) if problem else (True, "")

    def processAlgorithm(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, "INPUT", context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "INPUT"))
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        overwrite = self.parameterAsBoolean(parameters, "OVERWRITE", context)
        name = self.source_name(parameters, "INPUT", context, "table")
        # the layer behind the source, for the values QGIS reads as NULL (a GeoJSON mixing numbers and text)
        snap = source_snapshot(source, name, self.parameterAsVectorLayer(parameters, "INPUT", context))
        progress, check = callbacks(feedback)
        try:
            check()
            with user_errors():
                result = export_table(snap, output, overwrite=overwrite, progress=progress,
                                      check=check)
        except Canceled:
            return canceled(feedback)
        for warning in result.warnings:
            feedback.pushWarning(warning)
        return {"OUTPUT": str(result.path), "ROWS": sum(result.layers.values())}
