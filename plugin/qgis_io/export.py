"""Layers out to files: GeoPackage, GeoJSON, Shapefile, KMZ, CSV, XLSX and GeoTIFF.

The dock (through a task) and the Processing algorithms call these same functions. Work is
done on :class:`LayerSnapshot` objects: taken on the main thread from a layer (or built from a
Processing feature source), they are safe to read from a background thread. Every function
writes a temporary file and moves it into place (``core.safe_write``); an existing file is only
replaced with ``overwrite=True``.
"""

from __future__ import annotations

import base64
import json
import math
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsCsException,
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsVectorLayerFeatureSource,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QByteArray, QDate, QDateTime, QTime

from ..compat import QGIS_VERSION_INT, field_type, raster_written
from ..core import kml
from ..core.paths import qgis_geopackage_problem
from ..core.raster_export import RasterExportResult, write_geotiff
from ..core.safe_write import ExportError, check_destination, staged, temp_name
from ..core.stations import LAT, LON
from ..core.tables import FORMULA_START, formula_safe, write_station_columns
from ..i18n import number, number_spec, tr, translated
from .no_crs import assume_wgs84
from .values import JsonFields, filled_features, is_null

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")

#: extension -> (OGR driver, display name)
VECTOR_FORMATS = {
    ".gpkg": ("GPKG", "GeoPackage"),
    ".geojson": ("GeoJSON", "GeoJSON"),
    ".json": ("GeoJSON", "GeoJSON"),
    ".shp": ("ESRI Shapefile", "ESRI Shapefile"),
    ".kmz": ("KMZ", "KMZ (Google Earth)"),
    ".kml": ("KMZ", "KML (Google Earth)"),
}
TABLE_FORMATS = {".csv": "CSV", ".xlsx": "XLSX"}
RASTER_FORMATS = {".tif": "GTiff", ".tiff": "GTiff"}

Progress = Callable[[float], None]
Check = Callable[[], None]


@dataclass
class LayerSnapshot:
    """What a writer needs from a vector layer, readable from any thread."""

    name: str
    fields: QgsFields
    crs: QgsCoordinateReferenceSystem
    wkb_type: int
    source: object  # QgsAbstractFeatureSource / QgsFeatureSource (getFeatures)
    feature_count: int
    json: JsonFields | None = None  # GeoJSON properties mixing numbers and text, which QGIS reads as NULL

    @property
    def has_geometry(self) -> bool:
        return QgsWkbTypes.geometryType(self.wkb_type) not in (
            QgsWkbTypes.GeometryType.NullGeometry, QgsWkbTypes.GeometryType.UnknownGeometry)

    def features(self, request: QgsFeatureRequest | None = None):
        request = request or QgsFeatureRequest()
        return filled_features(self.source.getFeatures(request), self.json, self.fields, request)


@dataclass
class ExportResult:
    path: Path
    layers: dict[str, int] = field(default_factory=dict)
    renamed: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def snapshot(layer: QgsVectorLayer, name: str | None = None) -> LayerSnapshot:
    """Snapshot of ``layer`` (call on the main thread; read it anywhere afterwards)."""
    if layer is None or not layer.isValid():
        raise ExportError(tr("The layer {name} is not valid.").format(name=getattr(layer, "name", lambda: "?")()))
    return LayerSnapshot(name or layer.name(), QgsFields(layer.fields()), QgsCoordinateReferenceSystem(layer.crs()),
                         int(layer.wkbType()), QgsVectorLayerFeatureSource(layer), int(layer.featureCount()),
                         JsonFields.of(layer, layer.fields().names()))


def source_snapshot(source, name: str, layer: QgsVectorLayer | None = None) -> LayerSnapshot:
    """Snapshot of a Processing feature source (``parameterAsSource``); ``layer``, the layer it reads when there is
    one (``parameterAsVectorLayer``), for the values QGIS reads as NULL (:class:`.values.JsonFields`)."""
    fields = QgsFields(source.fields())
    json = JsonFields.of(layer, fields.names()) if layer is not None and layer.fields() == fields else None
    return LayerSnapshot(name, fields, QgsCoordinateReferenceSystem(source.sourceCrs()),
                         int(source.wkbType()), source, int(source.featureCount()), json)


def py_value(value):
    """A Python value for an attribute: None for NULL, ISO text for dates and times."""
    kind = type(value)
    if kind is str or kind is int:
        return value
    if kind is float:
        return None if math.isnan(value) else value
    if is_null(value):
        return None
    if isinstance(value, QDateTime):
        return value.toString("yyyy-MM-ddTHH:mm:ss") if value.isValid() else None
    if isinstance(value, QDate):
        return value.toString("yyyy-MM-dd") if value.isValid() else None
    if isinstance(value, QTime):
        return value.toString("HH:mm:ss") if value.isValid() else None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (dict, list, tuple)):  # a JSON (map) or list field: JSON text, not Python's repr
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (QByteArray, bytes, bytearray)):  # a binary (BLOB) field: base64, not b'...'
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def python_values(values) -> list:
    """``py_value`` of every value (text, the common case, as it is, without a call)."""
    return [v if v.__class__ is str else py_value(v) for v in values]


def _empty_note(snap: LayerSnapshot, path: Path, result: ExportResult) -> None:
    """A layer without features is written as an empty layer (a valid file, as QGIS's own Save Features As
    writes it), saying so."""
    if snap.feature_count == 0:
        result.warnings.append(tr("The layer '{name}' has no features: {file} holds it empty.").format(
            name=snap.name, file=path.name))


def _transform(snap: LayerSnapshot, dest: QgsCoordinateReferenceSystem,
               context: QgsCoordinateTransformContext | None) -> QgsCoordinateTransform | None:
    if not snap.crs.isValid() or not dest.isValid() or snap.crs == dest:
        return None
    return QgsCoordinateTransform(snap.crs, dest, context or QgsCoordinateTransformContext())


def _transformed(geom: QgsGeometry, transform: QgsCoordinateTransform, snap: LayerSnapshot, feat: QgsFeature) -> None:
    """``geom`` (of ``feat``) transformed in place; a position the transformation cannot convert (a mistyped
    coordinate far outside what the layer's CRS describes) is refused naming the layer and the feature."""
    try:
        geom.transform(transform)
    except QgsCsException as exc:
        raise _untransformable(snap, feat, transform) from exc


def _untransformable(snap: LayerSnapshot, feat: QgsFeature, transform: QgsCoordinateTransform) -> ExportError:
    source, dest = transform.sourceCrs(), transform.destinationCrs()
    box = feat.geometry().boundingBox()
    return ExportError(tr("Cannot convert feature {id} of '{layer}' (at {x}, {y}) from {source} to {dest}: its "
                          "coordinates lie outside what {source} describes. Correct or delete that feature and export "
                          "again.").format(id=feat.id(), layer=snap.name, x=number_spec(box.center().x(), ".6g"),
                                           y=number_spec(box.center().y(), ".6g"),
                                           source=source.authid() or source.description(),
                                           dest=dest.authid() or dest.description()))


def _as_wgs84(snap: LayerSnapshot, result: ExportResult) -> LayerSnapshot:
    """``snap`` ready for a format in WGS84 longitude/latitude (GeoJSON, KML/KMZ, the stations CSV).

    A layer without a coordinate reference system (a shapefile without its .prj) has coordinates of
    unknown meaning: when every one lies within longitude/latitude bounds they are taken as WGS84
    (with a warning); metres or feet would be written as degrees, so such a layer is refused.
    """
    if snap.crs.isValid() or not snap.has_geometry:
        return snap
    box = None
    for feat in snap.features(QgsFeatureRequest().setNoAttributes()):
        if feat.hasGeometry() and not feat.geometry().isEmpty():
            bbox = feat.geometry().boundingBox()
            if box is None:
                box = bbox
            else:
                box.combineExtentWith(bbox)
    crs, warning = assume_wgs84(snap.name, box, ExportError)
    result.warnings.append(warning)
    return replace(snap, crs=crs)


# -- vector formats ---------------------------------------------------------------------------------
def shapefile_names(names: Sequence[str]) -> dict[str, str]:
    """Unique DBF field names (at most 10 bytes in UTF-8) for ``names``; unchanged names kept.

    The names are those the driver keeps as given: it drops trailing spaces and writes ':' as '_' itself, and a
    name it finds taken after that it shortens by bytes ('기지국 명' cut to '기지국 ' met '기지국' and came out
    '기지' + half a character + '_1', invalid UTF-8, not the name reported)."""
    out: dict[str, str] = {}
    used: set[str] = set()

    def fits(text: str) -> bool:
        return len(text.encode("utf-8")) <= 10

    def driver_name(text: str) -> str:
        return text.replace(":", "_").rstrip()

    for name in names:
        if fits(name) and driver_name(name) == name and name and name.lower() not in used:
            out[name] = name
            used.add(name.lower())
    for name in names:
        if name in out:
            continue
        base = driver_name(name) or "field"
        while not fits(base):
            base = base[:-1].rstrip() or "field"
        candidate, i = base, 1
        while candidate.lower() in used:
            suffix = f"_{i}"
            stem = driver_name(name) or "field"
            while not fits(stem + suffix):
                stem = stem[:-1].rstrip()
            candidate, i = stem + suffix, i + 1
        out[name] = candidate
        used.add(candidate.lower())
    return out


def unique_field_names(names: Sequence[str]) -> dict[str, str]:
    """Field names unique without regard to case (GeoPackage, CSV): later duplicates get ``_2``, ``_3``..."""
    used: set[str] = set()
    out: dict[str, str] = {}
    for name in names:
        candidate, i = name, 2
        while candidate.lower() in used:
            candidate, i = f"{name}_{i}", i + 1
        out[name] = candidate
        used.add(candidate.lower())
    return out


def _free_name(base: str, taken: Sequence[str]) -> str:
    lowered = {t.lower() for t in taken}
    candidate, i = base, 1
    while candidate.lower() in lowered:
        candidate, i = f"{base}_{i}", i + 1
    return candidate


def _int_values(values) -> bool:
    return all(type(v) is int for v in values)


def _fid_field_usable(snap: LayerSnapshot, index: int) -> bool:
    """True when the field ``fid`` can be a GeoPackage's primary key: whole numbers, unique, none missing."""
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes([index])
    values = [feat.attributes()[index] for feat in snap.features(request)]
    return _int_values(values) and len(set(values)) == len(values)


def geopackage_options(snap: LayerSnapshot, names: Sequence[str]) -> list[str]:
    """Layer options keeping every field of ``snap`` as a column of a GeoPackage table.

    A field named ``geom`` would clash with the geometry column, and a field ``fid`` that is not
    a unique whole number cannot be the primary key: those columns are given other names.
    """
    options = []
    lowered = [n.lower() for n in names]
    if "geom" in lowered:
        options.append(f"GEOMETRY_NAME={_free_name('geometry', names)}")
    if "fid" in lowered and not _fid_field_usable(snap, lowered.index("fid")):
        options.append(f"FID={_free_name('fid', names)}")
    return options


def field_renames(snap: LayerSnapshot, driver: str) -> dict[str, str] | None:
    """New field names ``driver`` needs for ``snap`` (None when every name can be kept)."""
    names = [f.name() for f in snap.fields]
    if driver == "ESRI Shapefile":
        renames = shapefile_names(names)
    elif driver in ("GPKG", "CSV"):
        renames = unique_field_names(names)
    else:
        return None
    return renames if any(k != v for k, v in renames.items()) else None


def _rename_warning(result: ExportResult, layer_name: str, renames: dict[str, str] | None, why: str) -> None:
    changed = {k: v for k, v in (renames or {}).items() if k != v}
    if changed:
        result.renamed[layer_name] = changed
        result.warnings.append(tr("{why}; renamed in '{layer}': {names}").format(
            why=why, layer=layer_name, names=", ".join(f"{k} → {v}" for k, v in changed.items())))


def _unique_layer_names(snaps: Sequence[LayerSnapshot]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for snap in snaps:
        name = (snap.name or "layer").strip() or "layer"
        key = name.lower()
        if key in seen:
            seen[key] += 1
            name = f"{name} ({seen[key]})"
        else:
            seen[key] = 1
        out.append(name)
    return out


def _float_fields(fields: QgsFields) -> list[int]:
    """Fields that can hold NaN (floating point; integers cannot)."""
    double = field_type("float")
    return [i for i, f in enumerate(fields) if f.type() == double]


def _map_fields(fields: QgsFields) -> list[int]:
    """Fields holding JSON objects (a GeoJSON property such as OpenStreetMap's ``tags``): QGIS 3.22's
    file writer has no column type for them ("Unsupported type for field")."""
    if QGIS_VERSION_INT >= 33800:
        from qgis.PyQt.QtCore import QMetaType

        kind = QMetaType.Type.QVariantMap
    else:
        from qgis.PyQt.QtCore import QVariant

        kind = QVariant.Type.Map
    return [i for i, f in enumerate(fields) if f.type() == kind]


def _binary_fields(fields: QgsFields) -> list[str]:
    """Names of the binary (BLOB) fields, e.g. a photo kept in a GeoPackage."""
    if QGIS_VERSION_INT >= 33800:
        from qgis.PyQt.QtCore import QMetaType

        kind = QMetaType.Type.QByteArray
    else:
        from qgis.PyQt.QtCore import QVariant

        kind = QVariant.Type.ByteArray
    return [f.name() for f in fields if f.type() == kind]


def _map_to_json(feat: QgsFeature, indexes: Sequence[int]) -> None:
    for i in indexes:
        value = feat.attribute(i)
        if isinstance(value, dict):
            feat.setAttribute(i, json.dumps(value, ensure_ascii=False, default=str))


#: Bytes a shapefile (DBF) text value holds; longer values are cut by the driver.
DBF_TEXT_BYTES = 254


def _fit_dbf_texts(feat: QgsFeature, indexes: Sequence[int], cut: dict[int, int]) -> None:
    """Cut text values to what a DBF holds at a character boundary (the driver cuts the bytes, which
    can split a Korean character and leave invalid UTF-8), counting them per field. A text of at most
    63 characters always fits, so only longer ones are encoded."""
    for i in indexes:
        value = feat.attribute(i)
        if type(value) is str and len(value) > DBF_TEXT_BYTES // 4:
            raw = value.encode("utf-8")
            if len(raw) > DBF_TEXT_BYTES:
                feat.setAttribute(i, raw[:DBF_TEXT_BYTES].decode("utf-8", "ignore"))
                cut[i] = cut.get(i, 0) + 1


#: Characters an XLSX cell holds (Excel refuses a workbook with a longer text as damaged).
XLSX_TEXT_CHARS = 32767


def _fit_xlsx_texts(feat: QgsFeature, indexes: Sequence[int], cut: dict[int, int]) -> None:
    """Cut text values to what an Excel cell holds (counted in UTF-16 units, as Excel counts them),
    counting them per field."""
    for i in indexes:
        value = feat.attribute(i)
        if type(value) is str and len(value) > XLSX_TEXT_CHARS // 2:
            units = value.encode("utf-16-le")
            if len(units) > 2 * XLSX_TEXT_CHARS:
                feat.setAttribute(i, units[:2 * XLSX_TEXT_CHARS].decode("utf-16-le", "ignore"))
                cut[i] = cut.get(i, 0) + 1


def _formula_safe_texts(feat: QgsFeature, indexes: Sequence[int]) -> None:
    """Text values a spreadsheet would take for a formula made text (:func:`core.tables.formula_safe`)."""
    for i in indexes:
        value = feat.attribute(i)
        if type(value) is str and value[:1] in FORMULA_START:
            feat.setAttribute(i, formula_safe(value))


def _nan_to_null(feat: QgsFeature, indexes: Sequence[int]) -> None:
    """NaN and ±infinity written as NULL: drivers would store them as the text 'nan' / 'inf' (a number
    cell Excel refuses as corrupt in XLSX, not a number in DBF) or drop them (GeoJSON, which has no
    such numbers). (Reads only the floating-point attributes: converting a feature's whole attribute
    list per feature doubled the time of a 20,000-station GeoPackage.)"""
    for i in indexes:
        value = feat.attribute(i)
        if type(value) is float and not math.isfinite(value):
            feat.setAttribute(i, None)


#: A whole number as a table holds it as text (a CSV QGIS reads has text columns only): '-' its only sign, no leading
#: zero (an id such as '007' stays text), no spaces or separators; at most 15 digits, as many as Excel keeps (a
#: longer id would lose its last ones)
_PLAIN_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]{0,14})")
#: ... a number with a fraction or an exponent ('0.25', '-1.5e-05'), no 'nan' nor 'inf'
_PLAIN_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_INT32 = 2**31


def _number_kind(text: str) -> str | None:
    """'int' (fits 32 bits), 'int64' or 'float' when ``text`` is a plain number (:data:`_PLAIN_INTEGER`,
    :data:`_PLAIN_DECIMAL`), else None."""
    if _PLAIN_INTEGER.fullmatch(text):
        return "int" if -_INT32 <= int(text) < _INT32 else "int64"
    if len(text.lstrip("-")) > 15 and text.lstrip("-").isdigit():
        return None  # an id of more digits than a number keeps
    if _PLAIN_DECIMAL.fullmatch(text) and math.isfinite(float(text)):
        return "float"
    return None


def _number_columns(snap: LayerSnapshot, check: Check | None) -> dict[int, str]:
    """The text fields of ``snap`` whose every value that is not empty is a plain number (:func:`_number_kind`),
    at least one: ``{index: 'int' | 'int64' | 'float'}``, the kind that holds them all. A CSV QGIS reads has text
    columns only: a workbook of them held its numbers as text, and GDAL read its first row back as values (columns
    'Field1', ...), not as the column names."""
    order = {"int": 0, "int64": 1, "float": 2}
    text = field_type("str")
    kinds = {i: "" for i, f in enumerate(snap.fields) if f.type() == text}
    if not kinds:
        return {}
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes(list(kinds))
    for n, feat in enumerate(snap.features(request)):
        if check and n % 1000 == 0:
            check()
        for i in list(kinds):
            value = feat.attribute(i)
            if value is None or value == "" or (type(value) is not str and is_null(value)):
                continue
            kind = _number_kind(value) if type(value) is str else None
            if kind is None:
                del kinds[i]
            elif order[kind] > order.get(kinds[i], -1):
                kinds[i] = kind
        if not kinds:
            break
    return {i: kind for i, kind in kinds.items() if kind}


def _number_field(name: str, kind: str) -> QgsField:
    if kind != "int64":
        return QgsField(name, field_type(kind))
    if QGIS_VERSION_INT >= 33800:
        from qgis.PyQt.QtCore import QMetaType

        return QgsField(name, QMetaType.Type.LongLong)
    from qgis.PyQt.QtCore import QVariant

    return QgsField(name, QVariant.Type.LongLong)


def _texts_to_numbers(feat: QgsFeature, numbers: dict[int, str]) -> None:
    """The text values of the fields ``numbers`` (:func:`_number_columns`) as numbers, an empty text as NULL."""
    for i, kind in numbers.items():
        value = feat.attribute(i)
        if type(value) is str:
            feat.setAttribute(i, None if value == "" else float(value) if kind == "float" else int(value))


def _flush(writer: QgsVectorFileWriter, batch: list, layer_name: str) -> None:
    if batch and not writer.addFeatures(batch):
        raise ExportError(tr("Cannot write layer '{layer}': {error}").format(layer=layer_name,
                                                                            error=writer.errorMessage()))
    batch.clear()


def _write_ogr_layer(tmp: Path, snap: LayerSnapshot, driver: str, layer_name: str, first: bool,
                     context: QgsCoordinateTransformContext | None, progress: Progress | None, check: Check | None,
                     done: int, total: int, result: ExportResult, layer_options: Sequence[str] = (),
                     dest_crs: QgsCoordinateReferenceSystem | None = None, renames: dict[str, str] | None = None,
                     drop_geometry: bool = False, numbers: dict[int, str] | None = None) -> int:
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = driver
    options.fileEncoding = "UTF-8"
    options.layerName = layer_name
    options.layerOptions = list(layer_options)
    options.actionOnExistingFile = (QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile if first
                                    else QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer)
    maps = _map_fields(snap.fields)
    fields = QgsFields()
    for i, f in enumerate(snap.fields):
        copy = QgsField(f) if i not in maps else QgsField(f.name(), field_type("str"))  # JSON text
        if numbers and i in numbers:  # text of numbers written as numbers
            copy = _number_field(f.name(), numbers[i])
        if renames:
            copy.setName(renames[f.name()])
        if driver == "CSV":
            copy.setName(formula_safe(copy.name()))
        fields.append(copy)
    wkb = QgsWkbTypes.Type.NoGeometry if drop_geometry or not snap.has_geometry else snap.wkb_type
    crs = dest_crs if dest_crs is not None else snap.crs
    writer = QgsVectorFileWriter.create(str(tmp), fields, wkb, crs, context or QgsCoordinateTransformContext(),
                                        options)
    if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
        message = writer.errorMessage()
        del writer
        raise ExportError(tr("Cannot write layer '{layer}' ({driver}): {error}").format(
            layer=layer_name, driver=driver, error=message))
    transform = None if wkb == QgsWkbTypes.Type.NoGeometry else _transform(snap, crs, context)
    drop = wkb == QgsWkbTypes.Type.NoGeometry
    # SQLite stores NaN as NULL itself and infinity as a number (GeoPackage); the other drivers would
    # write 'nan' / 'inf' or drop the value
    floats = [] if driver == "GPKG" else _float_fields(snap.fields)
    texts = [i for i, f in enumerate(fields) if f.type() == field_type("str")] \
        if driver in ("ESRI Shapefile", "XLSX") else []
    fit_texts = _fit_dbf_texts if driver == "ESRI Shapefile" else _fit_xlsx_texts
    # a CSV's text that a spreadsheet would run as a formula is written as text (an XLSX stores text as text)
    formulas = [i for i, f in enumerate(fields) if f.type() == field_type("str")] if driver == "CSV" else []
    cut: dict[int, int] = {}
    count = 0
    batch: list[QgsFeature] = []
    try:
        for feat in snap.features():
            if numbers:
                _texts_to_numbers(feat, numbers)
            if floats:
                _nan_to_null(feat, floats)
            if maps:
                _map_to_json(feat, maps)
            if texts:
                fit_texts(feat, texts, cut)
            if formulas:
                _formula_safe_texts(feat, formulas)
            if drop:
                feat.clearGeometry()
            elif transform is not None and feat.hasGeometry():
                geom = feat.geometry()
                _transformed(geom, transform, snap, feat)
                feat.setGeometry(geom)
            batch.append(feat)
            count += 1
            if check and count % 100 == 0:
                check()
            if len(batch) >= 1000:
                _flush(writer, batch, layer_name)
                if progress:
                    progress((done + count) / max(total, 1))
        if check:
            check()
        _flush(writer, batch, layer_name)
    finally:
        del writer  # flush and close before the file is moved (or removed)
    for i, n in cut.items():
        if driver == "XLSX":
            result.warnings.append(tr("An Excel cell holds at most {limit} characters: {n} value of '{field}' in "
                                      "'{layer}' was cut. Export to CSV to keep it whole.",
                                      "An Excel cell holds at most {limit} characters: {n} values of '{field}' in "
                                      "'{layer}' were cut. Export to CSV to keep them whole.", n).format(
                limit=number(XLSX_TEXT_CHARS, count=True), n=number(n, count=True), field=fields[i].name(),
                layer=snap.name))
            continue
        result.warnings.append(tr("A shapefile holds at most {limit} bytes of text per value: {n} value of '{field}' "
                                  "in '{layer}' was cut. Export to GeoPackage to keep it whole.",
                                  "A shapefile holds at most {limit} bytes of text per value: {n} values of '{field}' "
                                  "in '{layer}' were cut. Export to GeoPackage to keep them whole.", n).format(
            limit=DBF_TEXT_BYTES, n=number(n, count=True), field=fields[i].name(), layer=layer_name))
    result.layers[layer_name] = count
    return count


def export_vector(snapshots: Sequence[LayerSnapshot], path: str | Path, overwrite: bool = False,
                  context: QgsCoordinateTransformContext | None = None, progress: Progress | None = None,
                  check: Check | None = None, title: str = "") -> ExportResult:
    """Write vector layers to ``path``; the format follows the extension.

    ``.gpkg`` holds every layer; ``.kmz``/``.kml`` a folder per layer; ``.geojson`` (WGS84,
    RFC 7946) and ``.shp`` exactly one layer. A layer without features is written empty (warned).
    """
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in VECTOR_FORMATS:
        raise ExportError(tr("{file}: unknown vector format '{ext}'. Use one of {formats}.").format(
            file=path.name, ext=ext, formats=", ".join(sorted(VECTOR_FORMATS))))
    snaps = list(snapshots)
    if not snaps:
        raise ExportError(tr("No layer to export."))
    driver = VECTOR_FORMATS[ext][0]
    if driver == "ESRI Shapefile" and path.suffix not in (".shp", ".SHP"):
        path = path.with_suffix(".shp")  # GDAL opens a shapefile named .shp or .SHP, not .Shp
    if driver in ("GeoJSON", "ESRI Shapefile") and len(snaps) != 1:
        raise ExportError(tr("{format} holds one layer, {n} were given: export them to a GeoPackage or KMZ, or one "
                             "file per layer.").format(format=VECTOR_FORMATS[ext][1], n=number(len(snaps), count=True)))
    check_destination(path, overwrite)
    result = ExportResult(path)
    for snap in snaps:
        _empty_note(snap, path, result)
    if driver in ("KMZ", "GeoJSON"):
        snaps = [_as_wgs84(snap, result) for snap in snaps]
    if driver == "KMZ":
        return _export_kmz(snaps, path, overwrite, context, progress, check, title or path.stem, result)
    names = _unique_layer_names(snaps)
    total = sum(s.feature_count for s in snaps)
    with staged(path, overwrite) as tmp:
        keep = _keep_geopackage_layers(path, tmp, names, result) if driver == "GPKG" and path.exists() else False
        done = 0
        for i, (snap, name) in enumerate(zip(snaps, names)):
            renames = field_renames(snap, driver)
            if driver == "ESRI Shapefile":
                if not snap.has_geometry:
                    raise ExportError(tr("'{name}' has no geometry: a shapefile needs one. Export the table as CSV "
                                         "or XLSX instead.").format(name=snap.name))
                _rename_warning(result, name, renames, tr("Shapefile field names are limited to 10 characters"))
                done += _write_ogr_layer(tmp, snap, driver, path.stem, True, context, progress, check, done, total,
                                         result, renames=renames)
            elif driver == "GeoJSON":
                done += _write_ogr_layer(tmp, snap, driver, path.stem, True, context, progress, check, done, total,
                                         result, layer_options=["RFC7946=YES", "WRITE_NAME=NO"], dest_crs=WGS84)
            else:
                _rename_warning(result, name, renames, tr("GeoPackage field names must differ in more than case"))
                columns = [(renames or {}).get(f.name(), f.name()) for f in snap.fields]
                done += _write_ogr_layer(tmp, snap, driver, name, i == 0 and not keep, context, progress, check,
                                         done, total, result, layer_options=geopackage_options(snap, columns),
                                         renames=renames)
        _finish(progress, check)
    problem = qgis_geopackage_problem(path) if driver == "GPKG" else None
    if problem is not None:  # written whole, and read by GDAL and other programs: QGIS alone cannot open it there
        result.warnings.append(translated(problem))
    return result


def _finish(progress: Progress | None, check: Check | None) -> None:
    """The last progress, then the last chance to cancel before the file is moved into place."""
    if progress:
        progress(1.0)
    if check:
        check()


def geopackage_layers(path: Path | str) -> list[str] | None:
    """Names of the vector tables of the GeoPackage ``path``; None when it is not a readable GeoPackage."""
    from osgeo import gdal

    try:
        ds = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_RASTER | gdal.OF_READONLY, allowed_drivers=["GPKG"])
    except RuntimeError:
        return None
    if ds is None:
        return None
    return [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def refuse_edited_target(path: str | Path, project) -> None:
    """Refuse to replace ``path`` while a layer of ``project`` edits that file (call on the main thread).

    Its edit buffer holds feature ids and values of the file as it was: saved after the file was
    replaced, the edits would land on other features (a deletion removing a new one) or fail.
    """
    from qgis.core import QgsProviderRegistry

    path = Path(path)
    for layer in project.mapLayers().values():
        if not isinstance(layer, QgsVectorLayer) or not layer.isEditable():
            continue
        source = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source()).get("path")
        if isinstance(source, str) and source and _same_file(Path(source), path):
            raise ExportError(tr("Cannot replace {path}: the layer '{layer}' of the project is being edited from it. "
                                 "Save or discard its edits (Toggle Editing) and try again.").format(
                path=str(path), layer=layer.name()))


def _keep_geopackage_layers(path: Path, tmp: Path, names: Sequence[str], result: ExportResult) -> bool:
    """Start ``tmp`` as a copy of the existing GeoPackage ``path`` so that its other tables survive.

    Returns False (the file is replaced as a whole) when ``path`` is not a readable GeoPackage.
    Layers of the same name (case-insensitive, as SQLite compares them) are replaced.
    """
    existing = geopackage_layers(path)
    if existing is None:
        return False
    _refuse_live_write_ahead_log(path)
    try:
        _copy_sqlite(path, tmp)
    except sqlite3.Error as exc:
        raise ExportError(tr("Cannot read the GeoPackage {file} to add layers to it: {error}.").format(
            file=path.name, error=exc)) from exc
    replaced = {n.lower() for n in names}
    rasters = _geopackage_rasters(tmp)
    clash = [n for n in rasters if n.lower() in replaced]
    if clash:  # SQLite's own "table already exists" said only that the layer could not be written
        raise ExportError(tr("{file} holds a raster named '{name}': a vector layer of that name cannot be added to "
                             "it. Rename the layer or choose another file.").format(file=path.name, name=clash[0]))
    kept = [n for n in [*existing, *rasters] if n.lower() not in replaced]
    if kept:
        result.warnings.append(tr("{file}: layers kept from the existing GeoPackage: {layers}").format(
            file=path.name, layers=", ".join(kept)))
    return True


def _geopackage_rasters(path: Path) -> list[str]:
    """Names of the raster tables (tiles, gridded coverages) of the GeoPackage ``path`` (not open elsewhere)."""
    try:
        db = sqlite3.connect(str(path))
        try:
            rows = db.execute("SELECT table_name FROM gpkg_contents WHERE data_type IN "
                              "('tiles', '2d-gridded-coverage')").fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return []
    return [str(r[0]) for r in rows]


def _refuse_live_write_ahead_log(path: Path) -> None:
    """Refuse to replace a GeoPackage that a connection still holds in write-ahead-log mode.

    Opening it (:func:`geopackage_layers`) folds a log nobody holds any more back into the file and
    removes it; a log still there with content belongs to a live connection (of this process: other
    processes are caught by their file lock). The new file would inherit that log: the next reader
    applies it to pages it does not describe and the GeoPackage is corrupt.
    """
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise ExportError(tr("Cannot replace {path}: it is open in another program or in a layer being edited here "
                             "(its write-ahead log {wal} is in use). Close it there or save the edits, and try "
                             "again.").format(path=str(path), wal=wal.name))


def _copy_sqlite(src: Path, dest: Path) -> None:
    """A consistent copy of the SQLite database ``src`` (includes a pending write-ahead log)."""
    source = sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(str(dest))
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        source.close()


def layer_feature_records(snap: LayerSnapshot, context: QgsCoordinateTransformContext | None = None,
                          check: Check | None = None):
    """``(geometry in WGS84 or None, {field: python value})`` for every feature of ``snap``."""
    transform = _transform(snap, WGS84, context) if snap.has_geometry else None
    names = [f.name() for f in snap.fields]
    for feat in snap.features():
        if check:
            check()
        attrs = dict(zip(names, python_values(feat.attributes())))
        geom = None
        if feat.hasGeometry():
            geom = feat.geometry()  # the feature's own copy: transformed in place
            if transform is not None:
                _transformed(geom, transform, snap, feat)
        yield geom, attrs


def _shapely(geom: QgsGeometry):
    from shapely import wkb

    if QgsWkbTypes.isCurvedType(geom.wkbType()):
        geom = QgsGeometry(geom.constGet().segmentize())
    return wkb.loads(bytes(geom.asWkb()))


def _export_kmz(snaps, path, overwrite, context, progress, check, title, result: ExportResult) -> ExportResult:
    folders = []
    total = sum(s.feature_count for s in snaps)
    done = 0
    for snap, name in zip(snaps, _unique_layer_names(snaps)):
        folder = kml.KmlFolder(name)
        binary = _binary_fields(snap.fields)
        if binary:
            result.warnings.append(tr("'{layer}': binary field {fields} left out of the KMZ (a balloon shows text)",
                                      "'{layer}': binary fields {fields} left out of the KMZ (a balloon shows text)",
                                      len(binary)).format(layer=name, fields=", ".join(binary)))
        for geom, attrs in layer_feature_records(snap, context, check):
            done += 1
            for key in binary:
                attrs.pop(key, None)
            if geom is None or geom.isNull() or geom.isEmpty():
                continue
            if geom.wkbType() in (QgsWkbTypes.Type.Point, QgsWkbTypes.Type.PointZ, QgsWkbTypes.Type.Point25D):
                point = geom.asPoint()
                folder.features.append(kml.KmlFeature((point.x(), point.y()), attrs))
            else:
                folder.features.append(kml.KmlFeature(_shapely(geom), attrs))
            if progress and done % 500 == 0:
                progress(0.9 * done / max(total, 1))
        skipped = snap.feature_count - len(folder.features)
        if skipped:
            result.warnings.append(tr("'{layer}': {n} feature without geometry left out of the KMZ",
                                      "'{layer}': {n} features without geometry left out of the KMZ",
                                      skipped).format(layer=name, n=number(skipped, count=True)))
        result.layers[name] = len(folder.features)
        folders.append(folder)
    _finish(progress, check)
    kml.write_kmz(path, title, folders, overwrite=overwrite)
    return result


# -- tables -----------------------------------------------------------------------------------------
def snapshot_frame(snap: LayerSnapshot, check: Check | None = None) -> pd.DataFrame:
    """Attribute table of ``snap`` as a DataFrame."""
    names = [f.name() for f in snap.fields]
    rows = [attrs for _geom, attrs in layer_feature_records(snap, check=check)]
    frame = pd.DataFrame(rows, columns=names, dtype=object)
    return _keep_whole_numbers(frame, names).infer_objects()


def _keep_whole_numbers(frame: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """Integer columns with missing values as pandas' nullable Int64 (not float: 7 stays '7', not '7.0',
    and 64-bit values keep every digit)."""
    for name in dict.fromkeys(names):
        column = frame[name]
        if column.notna().any():
            present = column[column.notna()]
            if _int_values(present) and all(-2**63 <= v < 2**63 for v in present):
                frame[name] = pd.array(column.tolist(), dtype="Int64")
    return frame


def station_columns(snap: LayerSnapshot, context: QgsCoordinateTransformContext | None = None,
                    check: Check | None = None, progress: Progress | None = None) -> dict[str, list]:
    """Every attribute of ``snap`` as a column (Python values: None for NULL, ISO dates), with the
    WGS84 ``lon``/``lat`` of each point (NaN without a position). Values stay as they are (an
    integer stays an integer, with or without missing values): no table library in between."""
    names = [f.name() for f in snap.fields]
    located = snap.has_geometry
    request = QgsFeatureRequest()
    if not located:
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    transform = _transform(snap, WGS84, context) if located else None
    rows, lons, lats = [], [], []
    nan = float("nan")
    for feat in snap.features(request):
        if check:
            check()
        rows.append(feat.attributes())
        lon = lat = nan
        if located:
            geom = feat.geometry()
            if not geom.isNull() and not geom.isEmpty():
                point = geom.asMultiPoint()[0] if geom.isMultipart() else geom.asPoint()
                if transform is not None:
                    try:
                        point = transform.transform(point)
                    except QgsCsException as exc:
                        raise _untransformable(snap, feat, transform) from exc
                lon, lat = kml.longitude_180(point.x()), point.y()  # 181° (a 0..360° layer) is -179°
        lons.append(lon)
        lats.append(lat)
        if progress and len(rows) % 500 == 0:
            progress(len(rows) / max(snap.feature_count, 1))
    values = zip(*rows) if rows else ([] for _ in names)
    columns = {name: python_values(column) for name, column in zip(names, values)}
    columns[LON], columns[LAT] = lons, lats
    return columns


def export_stations_csv(snap: LayerSnapshot, path: str | Path, overwrite: bool = False,
                        context: QgsCoordinateTransformContext | None = None,
                        check: Check | None = None, progress: Progress | None = None) -> ExportResult:
    """Stations to CSV: WGS84 ``lon``/``lat`` first, then every attribute (UTF-8 with BOM)."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise ExportError(tr("{file}: the station table is written as .csv").format(file=path.name))
    if snap.has_geometry and QgsWkbTypes.geometryType(snap.wkb_type) != QgsWkbTypes.GeometryType.PointGeometry:
        raise ExportError(tr("'{name}' is not a point layer: stations are points.").format(name=snap.name))
    check_destination(path, overwrite)
    result = ExportResult(path)
    _empty_note(snap, path, result)
    snap = _as_wgs84(snap, result)
    columns = station_columns(snap, context, check, progress and (lambda f: progress(0.95 * f)))
    binary = _binary_fields(snap.fields)
    if binary:
        result.warnings.append(tr("'{layer}': binary field {fields} written as base64 text",
                                  "'{layer}': binary fields {fields} written as base64 text",
                                  len(binary)).format(layer=snap.name, fields=", ".join(binary)))
    _finish(progress, check)
    write_station_columns(columns, path, overwrite)
    result.layers[snap.name] = len(columns[LON])
    missing = sum(1 for v in columns[LON] if math.isnan(v))
    if missing:
        result.warnings.append(tr("{n} station without a position: lon/lat left empty",
                                  "{n} stations without a position: lon/lat left empty", missing).format(n=missing))
    return result


def _sheet_name(name: str) -> str:
    clean = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "Sheet1"
    return clean[:31]


def export_table(snap: LayerSnapshot, path: str | Path, overwrite: bool = False,
                 progress: Progress | None = None, check: Check | None = None) -> ExportResult:
    """A table (attributes only) to ``.csv`` or ``.xlsx`` (GDAL's drivers, no extra dependency)."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in TABLE_FORMATS:
        raise ExportError(tr("{file}: tables are written as .csv or .xlsx").format(file=path.name))
    if snap.fields.count() == 0:  # the file would hold empty lines (CSV) or an empty sheet
        raise ExportError(tr("The layer '{name}' has no attribute fields: a table of it would be empty, so nothing "
                             "was written to {file}. Export it as a vector file (GeoPackage, GeoJSON, ...) to keep "
                             "its shapes.").format(name=snap.name, file=path.name))
    check_destination(path, overwrite)
    result = ExportResult(path)
    _empty_note(snap, path, result)
    driver = TABLE_FORMATS[ext]
    options = ["STRING_QUOTING=IF_NEEDED", "WRITE_BOM=YES", "LINEFORMAT=CRLF"] if driver == "CSV" else []
    renames = field_renames(snap, driver)
    _rename_warning(result, snap.name, renames, tr("CSV column names must differ in more than case"))
    # a workbook's numbers are numbers, also those of a table read from a CSV (all text) but for ids such as '007'
    numbers = _number_columns(snap, check) if driver == "XLSX" else None
    with staged(path, overwrite) as tmp:
        _write_ogr_layer(tmp, snap, driver, _sheet_name(snap.name) if driver == "XLSX" else path.stem, True, None,
                         progress, check, 0, snap.feature_count, result, layer_options=options, drop_geometry=True,
                         renames=renames, numbers=numbers)
        _finish(progress, check)
    return result



# -- rasters ----------------------------------------------------------------------------------------
#: How the web raster providers are named to the user.
WEB_RASTER_KINDS = {"wms": "XYZ/WMS/WMTS", "arcgismapserver": "ArcGIS MapServer"}


class RasterSource:
    """The raster an export reads, taken from ``layer`` on the main thread: the layer's own file when GDAL reads its
    values by its path as QGIS shows them (:func:`.computed_raster.local_gdal_file`), else (a raster QGIS computes, a
    WCS or database raster, a GDAL layer opened with options such as ``GEOREF_SOURCES``, of a URL or of memory) a
    copy of its provider, written to a GeoTIFF through QGIS by :meth:`file` where the export runs, with its progress
    and cancel. ``name``: the layer, named in messages instead of that temporary file (None for its own file)."""

    def __init__(self, layer: QgsRasterLayer):
        from .computed_raster import local_gdal_file
        from .sources import gdal_path

        if layer is None or not layer.isValid():
            raise ExportError(tr("The raster layer is not valid."))
        self.crs_wkt = raster_crs_wkt(layer)
        self.name = None
        self._path = None
        self._provider = None
        if local_gdal_file(layer):
            self._path = gdal_path(layer)  # (a path holding '|' whole)
            return
        if layer.width() <= 0 or layer.height() <= 0:  # tiles drawn by a server at any scale: no cells
            kind = WEB_RASTER_KINDS.get(layer.providerType(), layer.providerType())
            raise ExportError(tr("'{name}' is a web map layer ({kind}): its images are drawn by a server at each "
                                 "scale and it has no cells to export. Choose a raster with cells: a file GDAL reads "
                                 "(GeoTIFF, VRT, ...) or a raster computed in QGIS, such as a coverage raster.").format(
                name=layer.name(), kind=kind))
        self.name = layer.name()
        self.provider_type = layer.providerType()
        provider = layer.dataProvider()
        self._provider = provider.clone()
        self._declared = [provider.sourceHasNoDataValue(band) for band in range(1, provider.bandCount() + 1)]
        self._size = (layer.width(), layer.height())
        self._extent = QgsRectangle(layer.extent())
        self._crs = QgsCoordinateReferenceSystem(layer.crs())

    @property
    def through_qgis(self) -> bool:
        """Whether the raster is written through QGIS first (not read by its file's path)."""
        return self._path is None

    def file(self, work_folder: str | Path, progress: Progress | None = None, check: Check | None = None) -> str:
        """The path GDAL reads: the layer's file, or a GeoTIFF written into ``work_folder`` now (any thread, once;
        ``progress(fraction)``, ``check()`` raising Canceled to stop, nothing then left)."""
        from .computed_raster import write_provider

        if self._path is not None:
            return self._path
        provider, self._provider = self._provider, None
        if provider is None:
            raise RuntimeError("a RasterSource read through QGIS is written once")
        tmp = temp_name(Path(work_folder) / "raster.tif")
        result = write_provider(provider, *self._size, self._extent, self._crs, tmp, progress, check)
        if result != raster_written() or not tmp.exists():
            code = getattr(result, "name", None) or int(result)  # QGIS 4's result enum is not an int
            raise ExportError(tr("Cannot read the raster layer '{name}' (error {code}).").format(name=self.name,
                                                                                                code=code))
        if self.provider_type == "virtualraster":
            mark_calculator_nodata(tmp, self._declared, self.name)
        return str(tmp)


def mark_calculator_nodata(path: Path, declared: Sequence[bool], name: str) -> None:
    """A virtual raster (QGIS's on-the-fly raster calculator) gives its nodata cells the lowest float (-3.4e38), the
    raster calculator's nodata, without declaring it: the GeoTIFF written from it then held them as values. That
    value is declared the nodata of the bands of the GeoTIFF ``path`` written from it whose source declares none
    (``declared``, band 1 first); any thread."""
    from osgeo import gdal

    from ..core.gdal_util import gdal_exceptions

    try:
        with gdal_exceptions():
            ds = gdal.Open(str(path), gdal.GA_Update)
            for band in range(1, ds.RasterCount + 1):
                if not (declared[band - 1] if band <= len(declared) else False) \
                        and ds.GetRasterBand(band).GetNoDataValue() is None \
                        and ds.GetRasterBand(band).DataType in (gdal.GDT_Float32, gdal.GDT_Float64):
                    ds.GetRasterBand(band).SetNoDataValue(-3.4028234663852886e38)
            ds = None
    except RuntimeError as exc:
        raise ExportError(tr("Cannot read the raster layer '{name}' ({error}).").format(name=name,
                                                                                       error=exc)) from exc


def export_raster(src: str, path: str | Path, overwrite: bool = False, nodata: float | None = None,
                  progress: Progress | None = None, check: Check | None = None,
                  crs_wkt: str | None = None, name: str | None = None) -> RasterExportResult:
    """A raster file to a compressed GeoTIFF with nodata and, for integer data, a colour table;
    ``crs_wkt`` (see :func:`raster_crs_wkt`) is written when the file has no CRS or another one. ``name``:
    the layer ``src`` was written from (:class:`RasterSource`), named in messages instead of that
    temporary file."""
    path = Path(path)
    if path.suffix.lower() not in RASTER_FORMATS:
        raise ExportError(tr("{file}: rasters are written as GeoTIFF (.tif)").format(file=path.name))
    try:
        result = write_geotiff(src, path, overwrite=overwrite, nodata=nodata, progress=progress, check=check,
                               crs_wkt=crs_wkt)
    except ExportError as exc:
        text = translated(exc)
        if name and Path(src).name in text:
            layer = tr("layer '{name}'").format(name=name)  # spliced into the core's message
            text = text.replace(str(src), layer).replace(Path(src).name, layer)
        if text == str(exc):
            raise
        raise ExportError(text) from exc
    result.warnings = [translated(w) for w in result.warnings]
    return result


def raster_crs_wkt(layer: QgsRasterLayer) -> str | None:
    """The CRS of a raster layer as QGIS has it (set by the user for a file without one), or None."""
    crs = layer.crs() if layer is not None else None
    return crs.toWkt() if crs is not None and crs.isValid() else None
