"""basestationmapper:importstations — a station file (CSV, OpenCelliD, KML/KMZ, OSM, XLSX/ODS, vector) to a layer."""

from __future__ import annotations

import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...core import importers as im
from ...core.stations import STATUSES
from ...i18n import number, tr, translated
from ...qgis_io.import_report import import_notes
from ...qgis_io.station_layer import WGS84, frame_to_features, station_fields
from ..base import (
    BaseStationMapperAlgorithm,
    Canceled,
    StagedOutputs,
    canceled,
    check_canceled,
    load_as_stations,
)


class ImportStationsAlgorithm(BaseStationMapperAlgorithm):
    ALGORITHM_ID = "importstations"
    GROUP_ID = "stations"
    INPUT = "INPUT"
    MERGE_DISTANCE = "MERGE_DISTANCE"
    SKIP_INVALID = "SKIP_INVALID"
    DELIMITER = "DELIMITER"
    ENCODING = "ENCODING"
    X_FIELD = "X_FIELD"
    Y_FIELD = "Y_FIELD"
    CRS = "CRS"
    STATUS = "STATUS"
    SITE_DISTANCE = "SITE_DISTANCE"
    PLAIN_TABLE = "PLAIN_TABLE"
    OUTPUT = "OUTPUT"

    def display_name(self) -> str:
        return tr("Import stations")


    def help_text(self) -> str:
        return tr(
            "Reads base stations from a file into a point layer with the station schema (EPSG:4326).\n\n"
            "Formats: CSV (delimiter, encoding and lon/lat or x/y columns detected; decimal degrees, DMS such as "
            "39°01'12.3\"N, one column of 'lat, lon' pairs or WKT points), OpenCelliD cell exports "
            "(radio,mcc,net,area,cell,unit,lon,lat,range,...; also .csv.gz and the API's getInArea JSON or XML; cells "
            "are aggregated into sites, technology from radio), KML/KMZ (folders give the operator; every KML in a "
            "KMZ is read), GeoJSON/GeoPackage/Shapefile, XLSX/ODS sheets (lon/lat or x/y columns, their cells read "
            "as a CSV's), OpenStreetMap .osm/.osm.pbf, Overpass API JSON and "
            "overpass-turbo GeoJSON (man_made=mast|tower with tower:type=communication or "
            "communication:mobile_phone, telecom=bts, or an antenna for mobile phones); a .zip holding one such "
            "file (a shapefile with its sidecar files, a CSV, an XLSX/ODS workbook). A file without extension is "
            "known by its content.\n\n"
            "INPUT: the file, or one layer of it as QGIS names a layer's source: stations.gpkg|layername=towers, a "
            "KML's or KMZ's folder doc.kml|layername=Towers, an OpenStreetMap file's x.osm|layername=points, or a "
            "layer by its number from 0, stations.gpkg|layerid=1 (without one, of a file of several layers the point "
            "layer of the station fields or named for stations, else the first, is read, the others named in the "
            "log; a KML, KMZ or OpenStreetMap file is read whole). "
            "MERGE_DISTANCE (m, optional): stations closer than this are merged, keeping every "
            "source. SKIP_INVALID: skip bad rows instead of failing (by default a file with bad rows imports "
            "nothing and the log lists every bad line with its reason). DELIMITER, ENCODING: a CSV's (empty: "
            "detected). X_FIELD, Y_FIELD: the longitude/latitude or x/y columns of a CSV or an XLSX/ODS sheet "
            "(empty: detected). CRS: the CRS of the projected x/y columns of a CSV or an XLSX/ODS sheet (also of a "
            "layer without one, such as a shapefile without its .prj). STATUS: status of stations the file gives none. "
            "SITE_DISTANCE (m): OpenCelliD cells of one operator and radio closer than this are one site. "
            "PLAIN_TABLE: read a CSV that looks like an OpenCelliD export as a plain table, each row a station "
            "(X_FIELD, Y_FIELD and CRS applying), its cells not grouped into sites.\n\n"
            "Example: qgis_process run basestationmapper:importstations -- INPUT=cells.csv MERGE_DISTANCE=150 "
            "OUTPUT=stations.gpkg"
        )

    def initAlgorithm(self, config=None) -> None:
        # the filter ends with 'All files (*)': a file without extension is valid (the default '*.*' is not)
        self.addParameter(QgsProcessingParameterFile(self.INPUT, tr("Station file"),
                                                     QgsProcessingParameterFile.Behavior.File, "", None, False,
                                                     im.FILE_FILTER))
        distance = QgsProcessingParameterNumber(self.MERGE_DISTANCE, tr("Merge stations closer than (m)"),
                                                QgsProcessingParameterNumber.Type.Double, None, True, 0.0, 100000.0)
        self.addParameter(distance)
        self.addParameter(QgsProcessingParameterBoolean(self.SKIP_INVALID, tr("Skip invalid rows"), False))
        for name, label in ((self.DELIMITER, tr("CSV delimiter (empty: detect)")),
                            (self.ENCODING, tr("Text encoding (empty: detect)")),
                            (self.X_FIELD, tr("Longitude / x column of a CSV or XLSX/ODS sheet (empty: detect)")),
                            (self.Y_FIELD, tr("Latitude / y column of a CSV or XLSX/ODS sheet (empty: detect)"))):
            self.addParameter(QgsProcessingParameterString(name, label, None, False, True))
        self.addParameter(QgsProcessingParameterCrs(self.CRS, tr("CRS of projected x/y columns (CSV, XLSX/ODS sheet)"),
                                                    None, True))
        self.addParameter(QgsProcessingParameterEnum(self.STATUS, tr("Status of stations without one"),
                                                     list(STATUSES), False, 1))
        self.addParameter(QgsProcessingParameterNumber(self.SITE_DISTANCE, tr("OpenCelliD site distance (m)"),
                                                       QgsProcessingParameterNumber.Type.Double,
                                                       im.OCID_SITE_DISTANCE_M, False, 0.0, 10000.0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.PLAIN_TABLE, tr("Read an OpenCelliD-looking CSV as a plain table (cells not grouped into sites)"),
            False))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Stations"),
                                                            QgsProcessing.SourceType.TypeVectorPoint))

    def process(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.INPUT, context)
        if not path:
            raise QgsProcessingException(tr("INPUT: choose a station file"))
        try:
            path, layer = im.split_source(path)
        except im.ImportFailed as exc:
            raise QgsProcessingException(tr("INPUT: {error}").format(error=translated(exc))) from exc
        merge = self.parameterAsDouble(parameters, self.MERGE_DISTANCE, context) \
            if parameters.get(self.MERGE_DISTANCE) not in (None, "") else None
        options = {
            "skip_bad": self.parameterAsBool(parameters, self.SKIP_INVALID, context),
            "merge_distance": merge,
            "status": self.enum_option(parameters, self.STATUS, context),
            "site_distance": self.parameterAsDouble(parameters, self.SITE_DISTANCE, context),
        }
        delimiter = self.parameterAsString(parameters, self.DELIMITER, context)
        if delimiter:
            options["delimiter"] = {"tab": "\t", "\\t": "\t"}.get(delimiter.lower(), delimiter)
            if len(options["delimiter"]) != 1:
                raise QgsProcessingException(tr("DELIMITER must be one character (or 'tab'), not {value!r}")
                                             .format(value=delimiter))
        encoding = self.parameterAsString(parameters, self.ENCODING, context)
        if encoding:
            options["encoding"] = encoding
        x_field = self.parameterAsString(parameters, self.X_FIELD, context)
        y_field = self.parameterAsString(parameters, self.Y_FIELD, context)
        crs = self.parameterAsCrs(parameters, self.CRS, context)
        if bool(x_field) != bool(y_field):
            raise QgsProcessingException(tr("X_FIELD and Y_FIELD go together: set both or neither"))
        if x_field:
            projected = crs.isValid() and crs.authid() != "EPSG:4326"
            options["mapping"] = {"x": x_field, "y": y_field} if projected else {"lon": x_field, "lat": y_field}
        if crs.isValid():
            options["crs"] = crs.authid() or crs.toWkt()
        if layer:
            options["layer"] = layer
        plain = self.parameterAsBool(parameters, self.PLAIN_TABLE, context)
        if plain:
            options["kind"] = "csv"  # (of a CSV, or the CSV a zip holds, only)

        options["check"] = lambda: check_canceled(feedback)
        options["progress"] = lambda f: feedback.setProgress(80.0 * f)
        try:
            check_canceled(feedback)
            result = im.import_file(path, **options)
            for problem in result.problems[:1000]:
                feedback.pushWarning(tr("skipped {problem}").format(problem=translated(problem.message())))
            others = result.details.get("other_layers")
            if others:
                feedback.pushWarning(tr("{file} holds several layers: the stations were read from '{layer}', not "
                                        "from {others}; give {file}|layername=NAME for another one.").format(
                    file=os.path.basename(path), layer=result.details["layer"],
                    others=", ".join(f"'{name}'" for name in others)))
            if plain and result.kind != "csv":
                feedback.pushWarning(tr("PLAIN_TABLE is not used: {file} is not a CSV (a plain table is read from a "
                                        "CSV only)").format(file=os.path.basename(path)))
            if result.kind == "opencellid" and (x_field or crs.isValid()):
                feedback.pushWarning(tr("X_FIELD, Y_FIELD and CRS are not used: an OpenCelliD cell export is read by "
                                        "its own columns (radio, mcc, net, area, cell, lon, lat, samples), in WGS 84; "
                                        "set PLAIN_TABLE to read a CSV of its rows as a plain table, by them"))
            for note in import_notes(result):
                feedback.pushInfo(note)
            fields = station_fields()
            feats = frame_to_features(result.stations, fields, WGS84, check=lambda: check_canceled(feedback))
            feedback.setProgress(90.0)
            with StagedOutputs(self, parameters, context) as out:
                dest = out.sink(self.OUTPUT, fields, QgsWkbTypes.Type.Point, WGS84, feats, feedback)
                feedback.setProgress(100.0)
                out.commit(feedback)
        except Canceled:
            return canceled(feedback)
        except im.ImportFailed as exc:
            for problem in exc.problems[:1000]:
                feedback.reportError(translated(problem.message()), False)
            raise QgsProcessingException(translated(exc)) from exc
        feedback.pushInfo(tr("{n} station read ({kind}), {skipped}", "{n} stations read ({kind}), {skipped}",
                             len(feats)).format(
            n=number(len(feats), count=True), kind=result.kind,
            skipped=tr("{m} bad row skipped", "{m} bad rows skipped", len(result.problems)).format(
                m=number(len(result.problems), count=True))))
        load_as_stations(context, dest)
        return {self.OUTPUT: dest}

