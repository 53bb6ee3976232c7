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
from ..core.stations import FIELDS, LAT, LON, normalize_frame

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")

_KIND = {
    "str": "str",
    "float": "float",
    "int": "int",
    # dates are stored as ISO text: GeoPackage, CSV, KML and Processing all round-trip it
    "date": "str",
    "datetime": "str",
}


def station_fields() -> QgsFields:
    """QgsFields of the station schema, in schema order."""
    out = QgsFields()
    for spec in FIELDS:
        out.append(QgsField(spec.name, field_type(_KIND[spec.kind])))
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
                      crs: QgsCoordinateReferenceSystem | None = None) -> list[QgsFeature]:
    """Features (attributes by field name, geometry from lon/lat) for a layer with ``fields``.

    ``crs`` is the layer CRS; positions are transformed from WGS84 when it differs.
    """
    df = normalize_frame(df)
    transform = None
    if crs is not None and crs.isValid() and crs != WGS84:
        transform = QgsCoordinateTransform(WGS84, crs, QgsProject.instance())
    names = [f.name() for f in fields]
    columns = [n if n in df.columns else None for n in names]
    feats = []
    lons = df[LON].to_numpy(dtype=float)
    lats = df[LAT].to_numpy(dtype=float)
    records = df.to_dict("records")
    for i, rec in enumerate(records):
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

    Features without geometry are skipped; multipoints use their first point.
    """
    transform = None
    if layer.crs().isValid() and layer.crs() != WGS84:
        transform = QgsCoordinateTransform(layer.crs(), WGS84, QgsProject.instance())
    names = [f.name() for f in layer.fields()]
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
        row = {n: (None if _is_null(a) else a) for n, a in zip(names, attrs)}
        row[LON] = pt.x()
        row[LAT] = pt.y()
        rows.append(row)
        fids.append(feat.id())
    df = pd.DataFrame(rows, columns=[*names, LON, LAT])
    df.index = pd.Index(fids, name="fid")
    return df


def _is_null(value) -> bool:
    if value is None:
        return True
    try:
        return value.isNull()  # QVariant NULL
    except AttributeError:
        return False
