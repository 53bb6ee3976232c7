"""Population areas for the in-QGIS tests: polygon layers with a people field, in UTM 52N."""

from __future__ import annotations

X0, Y0 = 400000.0, 4420000.0  # UTM 52N
SIDE = 10000.0


def square(x, y, side=SIDE):
    return f"POLYGON(({x} {y},{x + side} {y},{x + side} {y - side},{x} {y - side},{x} {y}))"


def area_layer(wkts, values, crs="EPSG:32652", kind="int", name="districts"):
    """A memory polygon layer with a field 'pop' of ``kind`` (int, str); a value None leaves it NULL, a WKT None
    gives the feature no geometry."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer

    from basestation_mapper.plugin.compat import field_type

    layer = QgsVectorLayer(f"MultiPolygon?crs={crs}", name, "memory")
    layer.dataProvider().addAttributes([QgsField("pop", field_type(kind))])
    layer.updateFields()
    feats = []
    for wkt, value in zip(wkts, values):
        f = QgsFeature(layer.fields())
        if value is not None:
            f["pop"] = value
        f.setGeometry(QgsGeometry.fromWkt(wkt) if wkt else QgsGeometry())
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer
