"""basestationmapper:mergestations — merge station layers, de-duplicating within a distance."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ...core.importers import guess_mapping
from ...core.merge import merge_stations
from ...core.stations import FIELD_NAMES, LAT, LON, validate_frame
from ...i18n import number, tr, translated
from ...qgis_io.station_layer import WGS84, frame_to_features, layer_to_frame, station_fields
from ..base import (
    BaseStationMapperAlgorithm,
    Canceled,
    StagedOutputs,
    canceled,
    check_canceled,
    layer_name,
    load_as_stations,
)


class MergeStationsAlgorithm(BaseStationMapperAlgorithm):
    ALGORITHM_ID = "mergestations"
    GROUP_ID = "stations"
    INPUT = "INPUT"
    DISTANCE = "DISTANCE"
    MATCH_TECHNOLOGY = "MATCH_TECHNOLOGY"
    OUTPUT = "OUTPUT"

    def display_name(self) -> str:
        return tr("Merge station layers")


    def help_text(self) -> str:
        return tr(
            "Merges point layers of stations into one layer with the station schema (EPSG:4326), de-duplicating "
            "stations closer than DISTANCE metres (true ground distance).\n\n"
            "In each group of duplicates the best station is kept (confirmed before candidate before rejected, "
            "then higher confidence, then earlier layer) and receives every source of the others (joined with "
            "'; '), the earliest first_seen and the latest last_seen. With MATCH_TECHNOLOGY stations of different "
            "known technologies never merge (a 2G and a 3G site on one mast stay two stations).\n\n"
            "INPUT: station layers (fields are matched to the schema as the importers match them: by name in any "
            "case and by their aliases, such as a shapefile's NAME and TECHNOLOGY, radio or height; Date and "
            "DateTime fields are read as ISO dates; other fields are ignored; the source of a station without one "
            "is its layer's name). DISTANCE: metres (default 150). OUTPUT: merged layer.\n\n"
            "Example: qgis_process run basestationmapper:mergestations -- INPUT=a.gpkg INPUT=b.gpkg DISTANCE=150 "
            "OUTPUT=merged.gpkg"
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(QgsProcessingParameterMultipleLayers(self.INPUT, tr("Station layers"),
                                                               QgsProcessing.SourceType.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterNumber(self.DISTANCE, tr("Merge distance (m)"),
                                                       QgsProcessingParameterNumber.Type.Double, 150.0, False, 0.0,
                                                       100000.0))
        self.addParameter(QgsProcessingParameterBoolean(self.MATCH_TECHNOLOGY,
                                                        tr("Only merge stations of the same technology"), True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Merged stations"),
                                                            QgsProcessing.SourceType.TypeVectorPoint))

    def process(self, parameters, context, feedback):
        layers = self.parameterAsLayerList(parameters, self.INPUT, context)
        if not layers:
            raise QgsProcessingException(tr("INPUT: choose at least one station layer"))
        for layer in layers:
            if not isinstance(layer, QgsVectorLayer) or layer.geometryType() != QgsWkbTypes.GeometryType.PointGeometry:
                raise QgsProcessingException(tr("INPUT: '{layer}' is not a point layer: stations are points.").format(
                    layer=layer_name(layer, "layer")))
        distance = self.parameterAsDouble(parameters, self.DISTANCE, context)
        try:
            return self._merge(parameters, context, feedback, layers, distance)
        except Canceled:
            return canceled(feedback)

    def _merge(self, parameters, context, feedback, layers, distance):
        frames = []
        for i, layer in enumerate(layers):
            check_canceled(feedback)
            if not layer.crs().isValid():
                raise QgsProcessingException(tr("{layer} has no CRS: set it (Layer Properties › Source) first")
                                             .format(layer=layer_name(layer, "layer")))
            name = layer_name(layer, "layer")
            table = layer_to_frame(layer)
            skipped = layer.featureCount() - len(table)
            if skipped > 0:  # as coverage says it of the same layer (they were dropped without a word)
                feedback.pushWarning(tr("layer {layer}: {n} station without geometry was skipped",
                                        "layer {layer}: {n} stations without geometry were skipped", skipped).format(
                    layer=repr(name), n=number(skipped, count=True)))
            df = _schema_frame(table)
            if "source" not in df.columns:
                df["source"] = name
            else:
                df["source"] = df["source"].where(df["source"].notna() & (df["source"].astype(str) != ""), name)
            problems = [p for p in validate_frame(df) if p[1] not in ("lon", "lat")]
            for fid, field, reason in problems[:50]:
                feedback.pushWarning(tr("{layer} feature {fid}, {field}: {reason}").format(
                    layer=name, fid=fid, field=field, reason=translated(reason)))
            frames.append(df)
            feedback.setProgress(40.0 * (i + 1) / len(layers))
        check_canceled(feedback)
        merged = merge_stations(frames, distance, self.parameterAsBool(parameters, self.MATCH_TECHNOLOGY, context),
                                check=lambda: check_canceled(feedback),
                                progress=lambda f: feedback.setProgress(40.0 + 30.0 * f))
        check_canceled(feedback)
        feedback.setProgress(70)
        fields = station_fields()
        with StagedOutputs(self, parameters, context) as out:
            dest = out.sink(self.OUTPUT, fields, QgsWkbTypes.Type.Point, WGS84,
                            frame_to_features(merged, fields, WGS84), feedback)
            feedback.setProgress(100)
            out.commit(feedback)
        total = sum(len(f) for f in frames)
        # two sentences, each with its own count's forms
        merged_away = total - len(merged)
        feedback.pushInfo(tr("{n} station in, {m} out.", "{n} stations in, {m} out.", total).format(
            n=number(total, count=True), m=number(len(merged), count=True)) + " " + tr(
            "{d} duplicate merged.", "{d} duplicates merged.", merged_away).format(d=number(merged_away, count=True)))
        load_as_stations(context, dest)
        return {self.OUTPUT: dest}


def _schema_frame(df):
    """A layer's table with its fields under their schema names, read as a file import reads them.

    Fields are matched by name whatever their case, and by the importers' aliases (``NAME``,
    ``TECHNOLOGY`` of a shapefile, ``radio``, ``height``); Date and DateTime fields are ISO text already
    (:func:`...qgis_io.station_layer.layer_to_frame`).
    """
    names = [c for c in df.columns if c not in (LON, LAT)]
    roles = {}
    for col in names:  # schema names first (in any case), then the aliases for the fields still missing
        if str(col).lower() in FIELD_NAMES:
            roles.setdefault(str(col).lower(), col)
    for field, col in guess_mapping(names).items():
        if field in FIELD_NAMES and field not in roles and col not in roles.values():
            roles[field] = col
    out = df[[*roles.values(), LON, LAT]].copy()
    out.columns = [*roles, LON, LAT]
    for name in ("status", "origin"):
        if name in out.columns:
            out[name] = out[name].map(lambda v: v.strip().lower() if isinstance(v, str) else v)
    return out

