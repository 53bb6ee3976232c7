"""basestationmapper:evaluatedetections — precision, recall, F1 and location error of detections."""

from __future__ import annotations

import math

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from ...compat import field_type
from ...core.detect import evaluate
from ...core.geo import utm_epsg
from ...i18n import LocaleNumber, number, tr
from ...log import get_logger
from ...qgis_io.values import JsonFields, filled_features
from ..base import BaseStationMapperAlgorithm, Canceled, StagedOutputs, canceled

LOG = get_logger("evaluate")
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


class EvaluateDetectionsAlgorithm(BaseStationMapperAlgorithm):
    ALGORITHM_ID = "evaluatedetections"
    GROUP_ID = "detection"

    DETECTIONS = "DETECTIONS"
    REFERENCE = "REFERENCE"
    MATCH_DISTANCE = "MATCH_DISTANCE"
    MIN_CONFIDENCE = "MIN_CONFIDENCE"
    OUTPUT = "OUTPUT"

    def display_name(self) -> str:
        return tr("Evaluate detections")


    def help_text(self) -> str:
        return tr(
            "Compares detected towers with reference points (towers known to exist) and reports precision "
            "(share of detections that are real), recall (share of real towers found), F1 and the mean "
            "location error of the matched pairs.\n\n"
            "DETECTIONS: points (e.g. the output of Detect towers in imagery).\n"
            "REFERENCE: points of the real towers.\n"
            "MATCH_DISTANCE: a detection within this distance (m, default 15) of a reference point matches it; "
            "each point matches at most once (optimal one-to-one assignment).\n"
            "MIN_CONFIDENCE: optional, detections with a lower 'confidence' attribute are ignored (default 0).\n"
            "Distances are measured in the UTM zone of the reference points.\n"
            "OUTPUT: a one-row table (precision, recall, f1, mean_error_m, counts); the numbers are also "
            "written to the log and returned as outputs PRECISION, RECALL, F1, MEAN_ERROR_M.\n\n"
            "Example: qgis_process run basestationmapper:evaluatedetections -- DETECTIONS=candidates.gpkg "
            "REFERENCE=towers.gpkg MATCH_DISTANCE=15 OUTPUT=scores.csv"
        )

    def initAlgorithm(self, config=None):
        point = [QgsProcessing.SourceType.TypeVectorPoint]
        self.addParameter(QgsProcessingParameterFeatureSource(self.DETECTIONS, tr("Detections"), point))
        self.addParameter(QgsProcessingParameterFeatureSource(self.REFERENCE, tr("Reference towers"), point))
        self.addParameter(QgsProcessingParameterNumber(
            self.MATCH_DISTANCE, tr("Match distance (m)"), QgsProcessingParameterNumber.Type.Double, 15.0,
            minValue=0.01, maxValue=10000.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_CONFIDENCE, tr("Minimum confidence of detections"), QgsProcessingParameterNumber.Type.Double,
            0.0, minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Evaluation"), QgsProcessing.SourceType.TypeVector))
        for name, label in (("PRECISION", tr("Precision")), ("RECALL", tr("Recall")), ("F1", tr("F1")),
                            ("MEAN_ERROR_M", tr("Mean location error (m)"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    @staticmethod
    def _points(source, crs_to, context, min_conf=None, name="", layer=None, no_geometry=None):
        """(x, y) in ``crs_to`` of every point of ``source`` (each part of a multipoint); ``layer``, the layer
        behind ``source`` when there is one; ``no_geometry``, a list that gets the ids of the features without a
        point (left out)."""
        # a layer given by its file path is not checked against the parameter's point type
        if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.GeometryType.PointGeometry:
            raise QgsProcessingException(tr("{name}: the layer holds {kind} features, not points.").format(
                name=name, kind=QgsWkbTypes.displayString(source.wkbType())))
        if not source.sourceCrs().isValid():
            raise QgsProcessingException(tr("{name}: the layer has no coordinate reference system; set it "
                                            "(Layer Properties › Source) and run again.").format(name=name))
        tr_ = QgsCoordinateTransform(source.sourceCrs(), crs_to, context.transformContext())
        conf_idx = source.fields().lookupField("confidence")
        pts = []
        features = source.getFeatures()
        if min_conf and conf_idx >= 0 and layer is not None and layer.fields() == source.fields():
            # confidences written as numbers and as text in a GeoJSON: NULL in QGIS, read through OGR
            features = filled_features(features, JsonFields.of(layer, [source.fields().at(conf_idx).name()]),
                                       source.fields())
        for feat in features:
            geom = feat.geometry()
            if geom is None or geom.isEmpty():
                if no_geometry is not None:
                    no_geometry.append(feat.id())
                continue
            if min_conf and conf_idx >= 0:
                value = feat.attributes()[conf_idx]
                try:
                    if value is None or float(value) < min_conf:
                        continue
                except (TypeError, ValueError):
                    continue
            parts = geom.asMultiPoint() if QgsWkbTypes.isMultiType(geom.wkbType()) else [geom.asPoint()]
            for pt in parts:
                try:
                    p = tr_.transform(pt)
                except QgsCsException:
                    raise QgsProcessingException(tr(
                        "{name}: the point ({x:g}, {y:g}) of feature {fid} cannot be transformed from {source} to "
                        "{target}; are the coordinates in the layer's CRS (Layer Properties › Source)?").format(
                        name=name, x=LocaleNumber(pt.x()), y=LocaleNumber(pt.y()), fid=feat.id(),
                        source=source.sourceCrs().authid(),
                        target=crs_to.authid())) from None
                pts.append((p.x(), p.y()))
        return pts

    def process(self, parameters, context, feedback):
        det = self.parameterAsSource(parameters, self.DETECTIONS, context)
        ref = self.parameterAsSource(parameters, self.REFERENCE, context)
        for source, name in ((det, self.DETECTIONS), (ref, self.REFERENCE)):
            if source is None:
                raise QgsProcessingException(self.invalidSourceError(parameters, name))
        distance = self.parameterAsDouble(parameters, self.MATCH_DISTANCE, context)
        min_conf = self.parameterAsDouble(parameters, self.MIN_CONFIDENCE, context)
        if min_conf > 0 and det.fields().lookupField("confidence") < 0:
            feedback.pushWarning(tr("DETECTIONS has no 'confidence' field: MIN_CONFIDENCE is not applied, every "
                                    "detection is evaluated."))
        ref_wgs = self._points(ref, WGS84, context, name=self.REFERENCE)
        if not ref_wgs:
            raise QgsProcessingException(tr("{parameter}: the layer '{name}' has no points.").format(
                parameter=self.REFERENCE, name=self.source_name(parameters, self.REFERENCE, context, "")))
        for x, y in ref_wgs:
            if not (-180.0 <= x <= 180.0 and -90.0 <= y <= 90.0):
                # e.g. metres in a layer declared EPSG:4326: no transform fails, the UTM zone does
                raise QgsProcessingException(tr(
                    "REFERENCE: ({x:g}, {y:g}) is not a longitude/latitude in {crs}; are the coordinates in the "
                    "layer's CRS (Layer Properties › Source)?").format(x=LocaleNumber(x), y=LocaleNumber(y),
                                                                       crs=ref.sourceCrs().authid()))
        lon = sum(p[0] for p in ref_wgs) / len(ref_wgs)
        lat = sum(p[1] for p in ref_wgs) / len(ref_wgs)
        utm = QgsCoordinateReferenceSystem(f"EPSG:{utm_epsg(lon, lat)}")
        ref_missing, det_missing = [], []
        ref_xy = self._points(ref, utm, context, name=self.REFERENCE, no_geometry=ref_missing)
        det_xy = self._points(det, utm, context, min_conf, name=self.DETECTIONS,
                              layer=self.parameterAsVectorLayer(parameters, self.DETECTIONS, context),
                              no_geometry=det_missing)
        for parameter, missing in ((self.DETECTIONS, det_missing), (self.REFERENCE, ref_missing)):
            if missing:  # they were left out of the counts without a word
                feedback.pushWarning(tr("{parameter}: {n} feature of '{name}' has no point and is not evaluated",
                                        "{parameter}: {n} features of '{name}' have no point and are not evaluated",
                                        len(missing)).format(
                    parameter=parameter, n=number(len(missing), count=True),
                    name=self.source_name(parameters, parameter, context, "")))
        if feedback.isCanceled():
            return {}
        ev = evaluate(det_xy, ref_xy, distance)
        fields = QgsFields()
        for name, kind in (("precision", "float"), ("recall", "float"), ("f1", "float"), ("mean_error_m", "float"),
                           ("true_positives", "int"), ("false_positives", "int"), ("false_negatives", "int"),
                           ("detections", "int"), ("references", "int"), ("match_distance_m", "float")):
            fields.append(QgsField(name, field_type(kind)))
        feat = QgsFeature(fields)
        err = None if math.isnan(ev.mean_error_m) else round(ev.mean_error_m, 3)
        feat.setAttributes([round(ev.precision, 4), round(ev.recall, 4), round(ev.f1, 4), err, ev.true_positives,
                            ev.false_positives, ev.false_negatives, len(det_xy), len(ref_xy), distance])
        # staged as the other algorithms' outputs: a folder that does not exist is named with OUTPUT (GDAL said
        # 'sqlite3_open(...) failed'), a file is complete or untouched
        try:
            with StagedOutputs(self, parameters, context) as out:
                dest = out.sink(self.OUTPUT, fields, QgsWkbTypes.Type.NoGeometry, QgsCoordinateReferenceSystem(),
                                [feat], feedback)
                out.commit(feedback)
        except Canceled:
            return canceled(feedback)
        msg = tr("Precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}, mean location error {e} m "
                 "({tp} matched, {fp} false, {fn} missed; match distance {d:g} m)").format(
            p=LocaleNumber(ev.precision), r=LocaleNumber(ev.recall), f=LocaleNumber(ev.f1),
            e="-" if err is None else number(err, 1, grouped=False), tp=number(ev.true_positives, count=True),
            fp=number(ev.false_positives, count=True), fn=number(ev.false_negatives, count=True),
            d=LocaleNumber(distance))
        feedback.pushInfo(msg)
        LOG.info(msg)
        return {self.OUTPUT: dest, "PRECISION": ev.precision, "RECALL": ev.recall, "F1": ev.f1,
                "MEAN_ERROR_M": ev.mean_error_m}
