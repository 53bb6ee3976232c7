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

from ...i18n import LocaleNumber, tr
from ...qgis_io.export import RasterSource, export_raster
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

    def prepare_run(self, parameters, context, feedback):
        layer = self.parameterAsRasterLayer(parameters, "INPUT", context)
        if layer is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, "INPUT"))
        with user_errors():
            # a layer not read by its file's path is copied here and written through QGIS in process()
            self._source = RasterSource(layer)
        return True

    def process(self, parameters, context, feedback):
        try:
            output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
            overwrite = self.parameterAsBoolean(parameters, "OVERWRITE", context)
            nodata = None
            if parameters.get("NODATA") not in (None, ""):
                nodata = self.parameterAsDouble(parameters, "NODATA", context)
            progress, check = callbacks(feedback)
            check()
            source = self._source
            # a layer read through QGIS: written to a temporary GeoTIFF (the first half of the progress), exported
            # from it
            share = 0.5 if source.through_qgis else 0.0
            with tempfile.TemporaryDirectory(prefix="bsm-raster-") as workdir, user_errors():
                src = source.file(workdir, lambda f: progress(share * f), check)
                if source.through_qgis:
                    feedback.pushInfo(tr("{layer} is not a file GDAL reads by its path as QGIS shows it: its values "
                                         "were read through QGIS.").format(layer=repr(source.name)))
                result = export_raster(src, output, overwrite=overwrite, nodata=nodata,
                                       progress=lambda f: progress(share + (1.0 - share) * f), check=check,
                                       crs_wkt=source.crs_wkt, name=source.name)
        except Canceled:
            return canceled(feedback)
        finally:
            self._source = None
        for warning in result.warnings:
            feedback.pushWarning(warning)
        feedback.pushInfo(tr("{type}, nodata {nodata}, values {lo}–{hi}").format(
            type=result.data_type, nodata=LocaleNumber(result.nodata), lo=LocaleNumber(result.minimum),
            hi=LocaleNumber(result.maximum)))
        return {"OUTPUT": str(result.path), "DATA_TYPE": result.data_type}
