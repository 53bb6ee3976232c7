"""Attribute values read from QGIS features."""

from __future__ import annotations

from qgis.PyQt.QtCore import QDate, QDateTime, QTime


def is_null(value) -> bool:
    """True for None and for QGIS's NULL (a null QVariant)."""
    if value is None:
        return True
    try:
        return bool(value.isNull())
    except AttributeError:
        return False


def plain_value(value):
    """An attribute value as a station table holds it: None for NULL, ISO text for a QDate
    (``2020-05-01``), a QDateTime (UTC, ``2020-05-01T08:30:00+00:00``) or a QTime; else the value."""
    if value.__class__ in (str, int, float):  # most values: nothing to do
        return value
    if is_null(value):
        return None
    if isinstance(value, QDateTime):
        if not value.isValid():
            return None
        return value.toUTC().toPyDateTime().replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    if isinstance(value, QDate):
        return value.toPyDate().isoformat() if value.isValid() else None
    if isinstance(value, QTime):
        return value.toString("HH:mm:ss") if value.isValid() else None
    return value


class JsonFields:
    """Fields QGIS reads as NULL: GDAL gives a GeoJSON property that holds numbers in some features and text in others
    (``"pop": 1200`` and ``"pop": "1,300"``), or objects, the JSON subtype, and QGIS 3.22 turns every value of such a
    field into NULL. :meth:`of` notes which of the fields asked for are so (on the main thread, nothing read);
    :meth:`value` stands for QGIS's NULL there with what OGR reads, by feature id (read once, in any thread): the
    number's or the object's JSON text, a string without its quotes."""

    def __init__(self, path: str, layer_name: str | None, layer_id: int | None, names: list[str]):
        self.path, self.layer_name, self.layer_id, self.names = path, layer_name, layer_id, names
        self.values: dict[str, dict[int, str | None]] | None = None

    @classmethod
    def of(cls, layer, names) -> JsonFields | None:
        """The fields of ``names`` that ``layer`` (an OGR layer) has of the JSON subtype, or None."""
        from qgis.core import QgsProviderRegistry

        if layer is None or layer.providerType() != "ogr":
            return None
        fields = layer.fields()
        json = [n for n in names if n and fields.indexOf(n) >= 0 and fields.field(n).typeName().lower() == "json"]
        if not json:
            return None
        parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
        layer_id = parts.get("layerId")
        return cls(parts.get("path") or layer.source(), parts.get("layerName") or None,
                   int(layer_id) if layer_id not in (None, "") else None, json)

    def read(self) -> JsonFields:
        """Read the values (once)."""
        if self.values is not None:
            return self
        from osgeo import ogr

        values: dict[str, dict[int, str | None]] = {n: {} for n in self.names}
        try:
            ds = ogr.Open(self.path)
        except RuntimeError:  # GDAL's exceptions on, a source OGR cannot open by its path: the values stay NULL
            ds = None
        if ds is not None:
            lyr = ds.GetLayerByName(self.layer_name) if self.layer_name else ds.GetLayer(self.layer_id or 0)
            if lyr is not None:
                defn = lyr.GetLayerDefn()
                index = {n: defn.GetFieldIndex(n) for n in self.names}
                for feat in lyr:
                    fid = feat.GetFID()
                    for n, i in index.items():
                        if i >= 0 and feat.IsFieldSetAndNotNull(i):
                            values[n][fid] = feat.GetFieldAsString(i)
        self.values = values
        return self

    def value(self, name: str, fid: int, value):
        """``value`` as QGIS read it, or, where it is NULL in a JSON field, what OGR reads there (the values are read
        the first time, in the thread that asks)."""
        if name not in self.names or not is_null(value):
            return value
        return self.read().values[name].get(fid)

    def filled(self, features, fields, fetched=None):
        """``features`` (of a layer with ``fields``) with OGR's values standing for QGIS's NULLs in the JSON fields
        (``fetched``: the indexes a request asked for, None for all; the values are read only when one is asked)."""
        slots = [(fields.indexOf(n), n) for n in self.names]
        slots = [(i, n) for i, n in slots if i >= 0 and (fetched is None or i in fetched)]
        if not slots:
            yield from features
            return
        for feat in features:
            attrs = feat.attributes()
            for i, n in slots:
                if i < len(attrs) and is_null(attrs[i]):
                    value = self.value(n, feat.id(), None)
                    if value is not None:
                        feat.setAttribute(i, value)
            yield feat


def fetched_indexes(request) -> set[int] | None:
    """The attribute indexes a QgsFeatureRequest fetches (None: all)."""
    from qgis.core import QgsFeatureRequest

    if request is None or not request.flags() & QgsFeatureRequest.Flag.SubsetOfAttributes:
        return None
    return set(request.subsetOfAttributes())


def filled_features(features, json: JsonFields | None, fields, request=None):
    """``features`` read with ``request``, with the values of ``json``'s fields QGIS gives as NULL (see
    :class:`JsonFields`); ``features`` themselves when there is no such field."""
    if json is None:
        return features
    return json.filled(features, fields, fetched_indexes(request))


def feature_values(layer, feat, names: dict[str, str]) -> dict:
    """``{key: plain value}`` of ``feat``'s fields ``names`` (key -> field name) as a station table holds them,
    the fields QGIS reads as NULL (:class:`JsonFields`) read through OGR, and a JSON text QGIS holds in its edit
    buffer (an earlier change, :func:`json_encoded`) read back as its value."""
    import json as _json

    fields = layer.fields()
    names = {k: n for k, n in names.items() if fields.indexOf(n) >= 0}
    json = JsonFields.of(layer, list(names.values()))
    out = {}
    for key, name in names.items():
        value = feat[name]
        if json is not None and name in json.names:
            value = json.value(name, feat.id(), value)
            if isinstance(value, str) and value.startswith('"'):
                try:
                    value = _json.loads(value)
                except ValueError:
                    pass
        out[key] = plain_value(value)
    return out


def json_encoded(fields, changes: dict[int, object]) -> dict[int, object]:
    """``changes`` (field index -> value) with the text values of JSON fields (:class:`JsonFields`) written as JSON
    text: OGR parses what a JSON field is given, and read a date ``2016-03-01`` as the number 2016."""
    import json as _json

    out = {}
    for idx, value in changes.items():
        if (isinstance(value, str) and 0 <= idx < fields.count()
                and fields.at(idx).typeName().lower() == "json"):
            value = _json.dumps(value, ensure_ascii=False)
        out[idx] = value
    return out


def rewritten_fields(layer) -> list[str]:
    """The fields of ``layer`` whose values saving an edit would change, in every feature, edited or not: a GeoJSON
    file's properties holding numbers in some features and text in others (GDAL's JSON subtype, see
    :class:`JsonFields`). GDAL's GeoJSON driver writes the whole file again when an edit is saved, and writes such
    values back changed (GDAL 3.6: the text '2016-03-01' as the number 2016, the number 2015 as the text '2015');
    a property holding objects or lists is written back as it was."""
    if layer is None or layer.providerType() != "ogr" or layer.dataProvider().storageType() != "GeoJSON":
        return []
    json = JsonFields.of(layer, layer.fields().names())
    if json is None:
        return []
    values = json.read().values
    return [name for name in json.names
            if any(not str(v).lstrip().startswith(("{", "[")) for v in values[name].values() if v is not None)]


def rewrite_refusal(layer) -> str | None:
    """Why the plugin does not edit ``layer`` (:func:`rewritten_fields`), or None."""
    from ..i18n import tr

    names = rewritten_fields(layer)
    if not names:
        return None
    return tr("{layer}: its properties {fields} hold numbers in some features and text in others, and saving an edit "
              "of a GeoJSON file writes them back changed (a date 2016-03-01 as the number 2016): nothing was "
              "changed. Save the layer as a GeoPackage (Export › Save Features As…) and work on that copy.").format(
        layer=layer.name(), fields=", ".join(f"'{n}'" for n in names))
