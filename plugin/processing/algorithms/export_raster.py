"""basestationmapper:exportraster — a coverage raster to a compressed GeoTIFF with a colour table."""

from __future__ import annotations

import tempfile

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
)

from ...i18n import tr
from ...qgis_io.export import export_raster, raster_crs_wkt, raster_source_path
from ..base import BaseStationMapperAlgorithm, Canceled, canceled
from ..export_common import GROUP_ID, callbacks, overwrite_help, overwrite_parameter, user_errors


class ExportRasterAlgorithm(BaseStationMapperAlgorithm):
    ALGORITHM_ID = "exportraster"
    GROUP_ID = GROUP_ID

    def display_name(self) -> str:
        return tr("Export coverage raster (GeoTIFF)")


    def help_text(self) -> str:
        return tr(
            "Writes a coverage raster (covered 0/1, overlap count, best server) to a tiled GeoTIFF compressed with "
            "DEFLATE, with a nodata value and — for whole-number data from 0 to 65534 — a colour table "
            "(0 transparent, then light to dark blue for 1, 2, 3, 4+ stations). Whole-number data stored as float "
            "is written as Byte/UInt16; continuous data keeps its type (no colour table).\n"
            "INPUT: raster layer. NODATA: nodata value of the input (optional; default: the "
            "input's own). OUTPUT: .tif file.\n"
        ) + overwrite_help() + tr(
            "\nA raster holding only nodata is refused. Example: qgis_process run "
            "basestationmapper:exportraster -- INPUT=overlap.tif OUTPUT=/data/overlap_styled.tif"
        )

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterRasterLayer("INPUT", tr("Coverage raster")))
        self.addParameter(QgsProcessingParameterNumber(
            "NODATA", tr("Input nodata value"), QgsProcessingParameterNumber.Type.Double, optional=True))
        self.addParameter(overwrite_parameter())
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT", tr("GeoTIFF"), "GeoTIFF (*.tif)"))
        self.addOutput(QgsProcessingOutputString("DATA_TYPE", tr("Data type written")))

    def prepareAlgorithm(self, parameters, context, feedback):
        layer = self.parameterAsRasterLayer(parameters, "INPUT", context)
        if layer is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, "INPUT"))
        self._workdir = tempfile.TemporaryDirectory(prefix="bsm-raster-")
        try:
            with user_errors():
                self._source, tmp = raster_source_path(layer, self._workdir.name)
                self._name = layer.name() if tmp is not None else None  # messages name it, not the temporary file
                self._crs_wkt = raster_crs_wkt(layer)
        except BaseException:
            self._workdir.cleanup()
            raise
        return True

    def processAlgorithm(self, parameters, context, feedback):
        try:
            output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
            overwrite = self.parameterAsBoolean(parameters, "OVERWRITE", context)
            nodata = None
            if parameters.get("NODATA") not in (None, ""):
                nodata = self.parameterAsDouble(parameters, "NODATA", context)
            progress, check = callbacks(feedback)
            check()
            with user_errors():
                result = export_raster(self._source, output, overwrite=overwrite, nodata=nodata, progress=progress,
                                       check=check, crs_wkt=self._crs_wkt, name=self._name)
        except Canceled:
            return canceled(feedback)
        finally:
            self._workdir.cleanup()
        for warning in result.warnings:
            feedback.pushWarning(warning)
        feedback.pushInfo(tr("{type}, nodata {nodata}, values {lo}–{hi}").format(
            type=result.data_type, nodata=result.nodata, lo=result.minimum, hi=result.maximum))
        return {"OUTPUT": str(result.path), "DATA_TYPE": result.data_type}
