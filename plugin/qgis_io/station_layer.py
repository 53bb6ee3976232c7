"""Station layers <-> core station tables (``plugin.core.stations``)."""

from __future__ import annotations

import math

import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)

from ..compat import field_type
from ..core.safe_write import ExportError, replace_file
from ..core.stations import FIELDS, LAT, LON, normalize_frame
from ..i18n import number, tr, translated
from .sources import ogr_uri
from .values import JsonFields, filled_features, is_null, plain_value, rewrite_refusal

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")

_KIND = {
    "str": "str",
    "float": "float",
    "int": "int",
    # dates are stored as ISO text: GeoPackage, CSV, KML and Processing all round-trip it
    "date": "str",
    "datetime": "str",
}


#: Custom property of a layer the plugin made or styled as a station layer.
STATION_LAYER_PROPERTY = "basestation_mapper/station_layer"


def station_fields() -> QgsFields:
    """QgsFields of the station schema, in schema order."""
    out = QgsFields()
    for spec in FIELDS:
        out.append(QgsField(spec.name, field_type(_KIND[spec.kind])))
    return out


#: Field names have at most this many characters in a Shapefile (dBase): ``antenna_height_m`` is kept as
#: ``antenna_he``, ``reviewed_at`` as ``reviewed_a``.
DBF_NAME_LENGTH = 10


def schema_field_names(fields: QgsFields) -> dict[str, str]:
    """The layer field holding each schema field, ``{schema name: field name}``: the field of that name, else
    one of that name in another case (``TECHNOLOGY``), else its name cut to 10 characters (a Shapefile's
    ``antenna_he``, ``reviewed_a``). Schema fields the layer lacks are left out."""
    names = [f.name() for f in fields]
    by_lower: dict[str, str] = {}
    for name in names:
        by_lower.setdefault(name.lower(), name)
    out = {}
    for spec in FIELDS:
        if spec.name in names:
            out[spec.name] = spec.name
        elif spec.name.lower() in by_lower:
            out[spec.name] = by_lower[spec.name.lower()]
        elif len(spec.name) > DBF_NAME_LENGTH and spec.name[:DBF_NAME_LENGTH].lower() in by_lower:
            out[spec.name] = by_lower[spec.name[:DBF_NAME_LENGTH].lower()]
    return out


def create_memory_station_layer(name: str = "Stations", crs: QgsCoordinateReferenceSystem | None = None
                                 ) -> QgsVectorLayer:
    """An empty in-memory point layer carrying the station schema."""
    crs = crs or WGS84
    layer = QgsVectorLayer(f"Point?crs={crs.authid()}", name, "memory")
    layer.dataProvider().addAttributes(station_fields().toList())
    layer.updateFields()
    return layer


def _clean(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def frame_to_features(df: pd.DataFrame, fields: QgsFields,
                      crs: QgsCoordinateReferenceSystem | None = None, check=None) -> list[QgsFeature]:
    """Features (attributes by field name, geometry from lon/lat) for a layer with ``fields``.

    ``crs`` is the layer CRS; positions are transformed from WGS84 when it differs. ``check()`` is called
    along (every few thousand features) and stops the work by raising (:class:`core.cancel.Canceled`).
    """
    df = normalize_frame(df, check)
    transform = None
    if crs is not None and crs.isValid() and crs != WGS84:
        transform = QgsCoordinateTransform(WGS84, crs, QgsProject.instance())
    names = [f.name() for f in fields]
    schema = {field: name for name, field in schema_field_names(fields).items()}  # 'antenna_he' -> schema name
    columns = [n if n in df.columns else schema[n] if schema.get(n) in df.columns else None for n in names]
    feats = []
    lons = df[LON].to_numpy(dtype=float)
    lats = df[LAT].to_numpy(dtype=float)
    records = df.to_dict("records")
    for i, rec in enumerate(records):
        if check is not None and i % 5000 == 0:
            check()
        feat = QgsFeature(fields)
        feat.setAttributes([_clean(rec[c]) if c is not None else None for c in columns])
        pt = QgsPointXY(lons[i], lats[i])
        if transform is not None:
            pt = transform.transform(pt)
        feat.setGeometry(QgsGeometry.fromPointXY(pt))
        feats.append(feat)
    return feats


def layer_to_frame(layer: QgsVectorLayer, request=None) -> pd.DataFrame:
    """Station table (schema columns present in the layer + lon/lat WGS84) from a point layer.

    Features without geometry are skipped; multipoints use their first point. NULL is None and
    Date / DateTime / Time values are ISO text (:func:`.values.plain_value`), as a file import gives them.
    Fields called ``lon`` / ``lat`` (a CSV layer of X/Y columns) are left out: the geometry gives them.
    """
    transform = None
    if layer.crs().isValid() and layer.crs() != WGS84:
        transform = QgsCoordinateTransform(layer.crs(), WGS84, QgsProject.instance())
    names = [f.name() for f in layer.fields()]
    keep = [i for i, n in enumerate(names) if n not in (LON, LAT)]
    json = JsonFields.of(layer, [names[i] for i in keep])  # a GeoJSON property mixing numbers and text
    in_json = [(i, names[i]) for i in keep if json is not None and names[i] in json.names]
    # a Shapefile's cut names under the schema's ('antenna_he' as antenna_height_m)
    cut = {field: name for name, field in schema_field_names(layer.fields()).items()
           if field != name and field.lower() == name[:DBF_NAME_LENGTH].lower() and name not in names}
    names = [cut.get(names[i], names[i]) for i in keep]
    rows = []
    fids = []
    feats = layer.getFeatures(request) if request is not None else layer.getFeatures()
    for feat in feats:
        geom = feat.geometry()
        if geom is None or geom.isNull() or geom.isEmpty():
            continue
        if geom.isMultipart():
            parts = geom.asMultiPoint()
            if not parts:
                continue
            pt = parts[0]
        else:
            pt = geom.asPoint()
        if transform is not None:
            pt = transform.transform(pt)
        attrs = feat.attributes()
        if in_json:
            attrs = list(attrs)
            for i, field in in_json:
                attrs[i] = json.value(field, feat.id(), attrs[i])
        row = {n: plain_value(attrs[i]) for n, i in zip(names, keep)}
        row[LON] = pt.x()
        row[LAT] = pt.y()
        rows.append(row)
        fids.append(feat.id())
    df = pd.DataFrame(rows, columns=[*names, LON, LAT])
    df.index = pd.Index(fids, name="fid")
    return df


# ------------------------------------------------------------------------------------------------
# GeoPackage station layers: creation, style, attribute form, schema check
# ------------------------------------------------------------------------------------------------
class StationLayerError(RuntimeError):
    """A station layer could not be created, read or written (the message says why)."""


def _refuse_unopenable_geopackage(path: str) -> None:
    """Refuse, before writing it, a GeoPackage QGIS could not open as a layer, or SQLite not write (its path, or
    that of the temporary GeoPackage in a folder next to it, too long; see :mod:`..core.paths`)."""
    import os

    from ..core.paths import path_length_problem, qgis_geopackage_problem

    folder = os.path.dirname(os.path.abspath(path))
    problem = qgis_geopackage_problem(path) or path_length_problem(path, also=[os.path.join(folder, "tmp" + "x" * 8,
                                                                                               "new.gpkg")])
    if problem is not None:
        raise StationLayerError(translated(problem))


def create_station_gpkg(path: str, layer_name: str = "stations", name: str | None = None,
                        overwrite: bool = False) -> QgsVectorLayer:
    """Create a GeoPackage point layer (EPSG:4326) with the station schema, style and form.

    The file is written to a temporary name and moved into place, so a failure leaves nothing. An existing
    GeoPackage (``overwrite``) gets that content through SQLite instead (see ``safe_write.write_into_sqlite``).
    The style is also stored in the GeoPackage as its default style.
    """
    import os
    import tempfile

    from qgis.core import QgsVectorFileWriter, QgsWkbTypes

    if os.path.exists(path) and not overwrite:
        raise StationLayerError(tr("{path} already exists").format(path=path))
    _refuse_unopenable_geopackage(path)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise StationLayerError(tr("the folder {folder} does not exist").format(folder=folder))
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        tmp_path = os.path.join(tmp, "new.gpkg")
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = layer_name
        options.fileEncoding = "UTF-8"
        writer = QgsVectorFileWriter.create(tmp_path, station_fields(), QgsWkbTypes.Type.Point, WGS84,
                                            QgsProject.instance().transformContext(), options)
        if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
            raise StationLayerError(tr("cannot create {path}: {error}").format(path=path, error=writer.errorMessage()))
        del writer
        layer = QgsVectorLayer(ogr_uri(tmp_path, layer_name), layer_name, "ogr")
        style_station_layer(layer)
        layer.saveStyleToDatabase(layer_name, "Base Station Mapper station style", True, "")
        del layer
        try:
            replace_file(tmp_path, path)  # an existing GeoPackage gets the new content through SQLite
        except ExportError as exc:
            raise StationLayerError(translated(exc)) from exc
        except OSError as exc:
            raise StationLayerError(tr("cannot write {path}: {error}").format(path=path, error=exc)) from exc
    layer = QgsVectorLayer(ogr_uri(path, layer_name), name or layer_name, "ogr")
    if not layer.isValid():
        raise StationLayerError(tr("{path} was written but cannot be opened").format(path=path))
    style_station_layer(layer)
    return layer


def station_renderer():
    """Rule-based renderer: one rule per status × technology (palette of core/palette.py)."""
    from qgis.core import QgsRuleBasedRenderer, QgsSymbol, QgsWkbTypes
    from qgis.PyQt.QtGui import QColor

    from ..core.palette import STATUS_STYLE, TECHNOLOGY_COLORS
    from ..core.stations import STATUSES, TECHNOLOGIES

    root = QgsRuleBasedRenderer.Rule(None)
    for status in STATUSES:
        style = STATUS_STYLE[status]
        for tech in TECHNOLOGIES:
            symbol = QgsSymbol.defaultSymbol(QgsWkbTypes.GeometryType.PointGeometry)
            colour = QColor(style["color"] or TECHNOLOGY_COLORS[tech])
            marker = symbol.symbolLayer(0)
            marker.setSize(3.2 if status != "rejected" else 2.4)
            if style["fill"]:
                symbol.setColor(colour)
                marker.setStrokeColor(QColor("#333333"))
            else:
                marker.setFillColor(QColor(0, 0, 0, 0))
                marker.setStrokeColor(colour)
                marker.setStrokeWidth(0.6)
            label = f"{tech} {status}"
            # a status typed by hand or made elsewhere ('Candidate', 'CONFIRMED ') drawn as the review reads it
            expr = f"lower(trim(\"status\")) = '{status}' AND coalesce(\"technology\", 'unknown') = '{tech}'"
            root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, expr, label))
    other = QgsSymbol.defaultSymbol(QgsWkbTypes.GeometryType.PointGeometry)
    other.setColor(QColor(TECHNOLOGY_COLORS["unknown"]))
    root.appendChild(QgsRuleBasedRenderer.Rule(other, 0, 0, "ELSE", "other"))
    return QgsRuleBasedRenderer(root)


#: The time now in UTC as the schema writes it (``2024-05-01T08:30:00+00:00``), as a QGIS expression (the
#: default of created_at / updated_at for stations added or edited in QGIS's own tools). ``now()`` is local
#: time: the zone's offset is the local wall clock read as UTC minus the instant itself.
UTC_NOW_EXPRESSION = ("format_date(datetime_from_epoch(2 * epoch(now()) - epoch(to_datetime(format_date(now(), "
                      "'yyyy-MM-ddTHH:mm:ss.zzz') || 'Z'))), 'yyyy-MM-ddTHH:mm:ss') || '+00:00'")


def configure_station_form(layer: QgsVectorLayer) -> None:
    """Value maps, ranges, date pickers, defaults and constraints on the schema fields present."""
    from qgis.core import QgsDefaultValue, QgsEditorWidgetSetup, QgsFieldConstraints

    from ..core.stations import FIELDS

    fields = layer.fields()
    present = schema_field_names(fields)  # (a Shapefile's 'antenna_he' too)
    for spec in FIELDS:
        if spec.name not in present:
            continue
        name = present[spec.name]
        idx = fields.indexOf(name)
        if spec.choices:
            setup = QgsEditorWidgetSetup("ValueMap", {"map": [{c: c} for c in spec.choices]})
        elif spec.kind in ("float", "int") and spec.minimum is not None:
            setup = QgsEditorWidgetSetup("Range", {
                "Min": spec.minimum, "Max": spec.maximum if spec.maximum is not None else 1e9,
                "Step": 0.05 if spec.maximum == 1.0 else 1.0, "Precision": 2 if spec.maximum == 1.0 else 1,
                "AllowNull": not spec.required, "Style": "SpinBox"})
        elif spec.kind == "date":
            setup = QgsEditorWidgetSetup("DateTime", {"field_format": "yyyy-MM-dd", "display_format": "yyyy-MM-dd",
                                                      "calendar_popup": True, "allow_null": True})
        elif spec.name in ("notes", "azimuths", "source"):
            setup = QgsEditorWidgetSetup("TextEdit", {"IsMultiline": spec.name == "notes", "UseHtml": False})
        else:
            setup = None
        if setup is not None:
            layer.setEditorWidgetSetup(idx, setup)
        if spec.name == "station_id":
            layer.setDefaultValueDefinition(idx, QgsDefaultValue("regexp_replace(uuid(), '[{}]', '')"))
            layer.setFieldConstraint(idx, QgsFieldConstraints.Constraint.ConstraintUnique,
                                     QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard)
            layer.setEditorWidgetSetup(idx, QgsEditorWidgetSetup("TextEdit", {}))
        elif spec.name in ("created_at", "updated_at"):
            layer.setDefaultValueDefinition(idx, QgsDefaultValue(UTC_NOW_EXPRESSION, spec.name == "updated_at"))
        elif spec.default is not None:
            value = f"'{spec.default}'" if isinstance(spec.default, str) else repr(spec.default)
            layer.setDefaultValueDefinition(idx, QgsDefaultValue(value))
        if spec.required:
            layer.setFieldConstraint(idx, QgsFieldConstraints.Constraint.ConstraintNotNull,
                                     QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard)
        if spec.choices and spec.name != "technology":
            allowed = ", ".join(f"'{c}'" for c in spec.choices)
            layer.setConstraintExpression(idx, f"\"{name}\" IS NULL OR \"{name}\" IN ({allowed})",
                                          tr("{field}: one of {values}").format(field=spec.name,
                                                                                values=", ".join(spec.choices)))
        elif spec.minimum is not None:
            hi = spec.maximum if spec.maximum is not None else 1e12
            layer.setConstraintExpression(idx, f"\"{name}\" IS NULL OR (\"{name}\" >= {spec.minimum} "
                                               f"AND \"{name}\" <= {hi})",
                                          tr("{field}: between {low} and {high}").format(
                                              field=spec.name, low=number(spec.minimum, None), high=number(hi, None)))
        layer.setFieldAlias(idx, spec.description.split(" (")[0] if spec.description else spec.name)


def style_station_layer(layer: QgsVectorLayer, labels: bool = False) -> None:
    """Apply the station symbology (status × technology) and the attribute form to ``layer``."""
    layer.setRenderer(station_renderer())
    configure_station_form(layer)
    if labels:
        from qgis.core import QgsPalLayerSettings, QgsVectorLayerSimpleLabeling

        settings = QgsPalLayerSettings()
        settings.fieldName = "name"
        layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(labels)
    layer.setCustomProperty(STATION_LAYER_PROPERTY, True)
    layer.triggerRepaint()


def missing_station_fields(layer: QgsVectorLayer) -> list[str]:
    """Schema fields the layer lacks (exact names, case-insensitive)."""
    from ..core.stations import missing_fields

    return missing_fields([*(f.name() for f in layer.fields()), *schema_field_names(layer.fields())])


def styled_as_stations(layer) -> bool:
    """Whether the plugin made or styled ``layer`` as a station layer (:func:`style_station_layer`)."""
    return bool(layer.customProperty(STATION_LAYER_PROPERTY))


def has_station_fields(layer) -> bool:
    """Whether ``layer`` holds every field of the station schema, or was made or styled as a station layer."""
    return not missing_station_fields(layer) or styled_as_stations(layer)


def is_station_layer(layer) -> bool:
    """Whether ``layer`` looks like a station layer: it holds a status field (as the review asks), or was made or
    styled as a station layer by the plugin."""
    return "status" in schema_field_names(layer.fields()) or styled_as_stations(layer)


def can_add_features(layer) -> bool:
    """Whether stations can be added to ``layer``: not set read-only in QGIS, and its data source takes new
    features (not a GeoPackage in a zip, a file opened read-only, a WFS without transactions...)."""
    from qgis.core import QgsVectorDataProvider

    if not isinstance(layer, QgsVectorLayer) or not layer.isValid() or layer.readOnly():
        return False
    provider = layer.dataProvider()
    return provider is not None and bool(provider.capabilities() & QgsVectorDataProvider.Capability.AddFeatures)


def is_point_layer(layer) -> bool:
    from qgis.core import QgsWkbTypes

    return isinstance(layer, QgsVectorLayer) and layer.isValid() and \
        layer.geometryType() == QgsWkbTypes.GeometryType.PointGeometry


def add_missing_fields(layer: QgsVectorLayer) -> list[str]:
    """Add the missing schema fields to the layer's data source; return their names.

    Raises :class:`StationLayerError` (nothing changed) when the source cannot take them.
    """
    from ..core.stations import FIELDS_BY_NAME

    missing = missing_station_fields(layer)
    if not missing:
        return []
    if layer.readOnly() or not (layer.dataProvider().capabilities()
                                & layer.dataProvider().Capability.AddAttributes):
        raise StationLayerError(tr("{layer} is read-only: cannot add {fields}").format(layer=layer.name(),
                                                                                      fields=", ".join(missing)))
    if layer.isEditable():
        raise StationLayerError(tr("{layer} has unsaved edits: save or discard them first").format(
            layer=layer.name()))
    too_long = [n for n in missing if len(n) > 10]
    if too_long and layer.dataProvider().storageType() == "ESRI Shapefile":
        # dBase cuts field names to 10 characters (antenna_height_m -> antenna_he): the values written
        # under the station names would go nowhere
        raise StationLayerError(tr("{layer} is a Shapefile, whose field names have at most 10 characters: {fields} "
                                   "cannot be added. Save it as a GeoPackage (Export › Save Features As…) and use "
                                   "that copy").format(layer=layer.name(), fields=", ".join(too_long)))
    new = [QgsField(n, field_type(_KIND[FIELDS_BY_NAME[n].kind])) for n in missing]
    if not layer.dataProvider().addAttributes(new):
        raise StationLayerError(tr("{layer}: the data source refused the fields {fields} ({error})").format(
            layer=layer.name(), fields=", ".join(missing), error=layer.dataProvider().error().summary()))
    layer.updateFields()
    configure_station_form(layer)
    return missing


def write_frame_to_gpkg(df: pd.DataFrame, path: str, layer_name: str = "stations", name: str | None = None
                        ) -> QgsVectorLayer:
    """Write a station table to a new GeoPackage (temp file, then moved into place, or written into an
    existing GeoPackage through SQLite); return the layer."""
    import os
    import tempfile

    from qgis.core import QgsVectorFileWriter, QgsWkbTypes

    _refuse_unopenable_geopackage(path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        with tempfile.TemporaryDirectory(dir=folder) as tmp:
            tmp_path = os.path.join(tmp, "out.gpkg")
            options = QgsVectorFileWriter.SaveVectorOptions()
            options.driverName = "GPKG"
            options.layerName = layer_name
            options.fileEncoding = "UTF-8"
            fields = station_fields()
            writer = QgsVectorFileWriter.create(tmp_path, fields, QgsWkbTypes.Type.Point, WGS84,
                                                QgsProject.instance().transformContext(), options)
            if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
                raise StationLayerError(tr("cannot write {path}: {error}").format(path=path,
                                                                                  error=writer.errorMessage()))
            if not writer.addFeatures(frame_to_features(df, fields, WGS84)):
                raise StationLayerError(tr("cannot write {path}: {error}").format(path=path,
                                                                                  error=writer.errorMessage()))
            del writer
            try:
                replace_file(tmp_path, path)  # an existing GeoPackage gets the new content through SQLite
            except ExportError as exc:
                raise StationLayerError(translated(exc)) from exc
    except OSError as exc:  # the folder is missing, not a folder, or not writable
        raise StationLayerError(tr("cannot write {path}: {error}").format(path=path,
                                                                          error=exc.strerror or exc)) from exc
    layer = QgsVectorLayer(ogr_uri(path, layer_name), name or layer_name, "ogr")
    style_station_layer(layer)
    return layer


def frame_to_memory_layer(df: pd.DataFrame, name: str = "Stations") -> QgsVectorLayer:
    layer = create_memory_station_layer(name)
    layer.dataProvider().addFeatures(frame_to_features(df, layer.fields(), WGS84))
    layer.updateExtents()
    style_station_layer(layer)
    return layer


def append_frame(layer: QgsVectorLayer, df: pd.DataFrame, command: str | None = "Import stations") -> int:
    """Add the stations of ``df`` to ``layer`` through its edit buffer (one undo step).

    A layer that was not being edited is saved at once; when saving fails the additions are
    rolled back and :class:`StationLayerError` says why (the layer is unchanged). ``command`` None:
    the caller's edit command is open, and the additions are part of it.
    """
    if layer.readOnly():
        raise StationLayerError(tr("{layer} is read-only").format(layer=layer.name()))
    refusal = rewrite_refusal(layer)
    if refusal:
        raise StationLayerError(refusal)
    was_editing = layer.isEditable()
    if not was_editing and not layer.startEditing():
        raise StationLayerError(tr("{layer} cannot be edited").format(layer=layer.name()))
    feats = frame_to_features(df, layer.fields(), layer.crs())
    if command is not None:
        layer.beginEditCommand(command)
    ok = layer.addFeatures(feats)
    if not ok:
        if command is not None:
            layer.destroyEditCommand()
        if not was_editing:
            layer.rollBack()
        raise StationLayerError(tr("{layer}: the stations could not be added").format(layer=layer.name()))
    if command is not None:
        layer.endEditCommand()
    if not was_editing and not layer.commitChanges():
        errors = "; ".join(layer.commitErrors())
        layer.rollBack()
        raise StationLayerError(tr("{layer}: saving failed, nothing was added ({errors})").format(
            layer=layer.name(), errors=errors))
    return len(feats)


def station_counts(layer: QgsVectorLayer) -> dict[str, dict[str, int]]:
    """``{"status": {...}, "technology": {...}, "total": {"all": n}}`` over the layer (edit buffer included)."""
    from qgis.core import QgsFeatureRequest

    out = {"status": {}, "technology": {}, "total": {"all": 0}}
    held = schema_field_names(layer.fields())  # a layer made elsewhere: STATUS, TECHNOLOGY in capitals
    names = {n: held[n] for n in ("status", "technology") if n in held}
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes(list(names.values()), layer.fields())
    json = JsonFields.of(layer, list(names.values()))  # a GeoJSON property mixing numbers and text: NULL in QGIS
    for feat in filled_features(layer.getFeatures(request), json, layer.fields(), request):
        out["total"]["all"] += 1
        for n, field in names.items():
            value = feat[field]
            key = "unknown" if is_null(value) or str(value).strip() == "" else str(value)
            if n == "status":  # typed by hand or made elsewhere: 'Candidate', 'CONFIRMED ' (as the review reads it)
                key = status_key(key)
            out[n][key] = out[n].get(key, 0) + 1
    return out


def status_key(value) -> str | None:
    """A review status as the plugin compares it: ``'Candidate'``, ``' CONFIRMED'`` as ``'candidate'``,
    ``'confirmed'`` (a layer typed by hand or made by another tool); None stays None."""
    value = plain_value(value)
    return None if value is None else str(value).strip().lower()
