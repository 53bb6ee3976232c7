"""Exports against files as other programs leave them: GeoPackages in write-ahead-log mode, layers
without a coordinate reference system. Outputs are read back with SQLite / OGR / the CSV reader."""

from __future__ import annotations

import sqlite3

import pytest
from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant
from support.export_files import leftovers, ogr_records

from basestation_mapper.plugin.core.safe_write import ExportError
from basestation_mapper.plugin.qgis_io import export as ex


def _points(name: str, xy, crs: str = "EPSG:4326") -> QgsVectorLayer:
    layer = QgsVectorLayer(f"Point?crs={crs}" if crs else "Point", name, "memory")
    layer.dataProvider().addAttributes([QgsField("name", QVariant.Type.String)])
    layer.updateFields()
    feats = []
    for i, (x, y) in enumerate(xy):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([f"{name} {i}"])
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    layer.updateExtents()
    return layer


def _tables(path) -> list[str]:
    con = sqlite3.connect(str(path))
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return sorted(r[0] for r in con.execute("SELECT table_name FROM gpkg_contents"))
    finally:
        con.close()


def test_geopackage_open_in_wal_mode_in_this_session_is_left_alone(qgis_app, tmp_path):
    """A connection of this same process (another plugin, the Python console) holds the GeoPackage in
    write-ahead-log mode: replacing the file under it left its log beside the new file, where the next
    reader applied it and corrupted the file ("malformed database schema")."""
    path = tmp_path / "shared.gpkg"
    ex.export_vector([ex.snapshot(_points("regions", [(125.5, 39.0)]))], path)
    con = sqlite3.connect(str(path))
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA wal_autocheckpoint=0")
        con.execute("CREATE TABLE field_notes (id INTEGER PRIMARY KEY, text TEXT)")
        con.execute("INSERT INTO field_notes(text) VALUES ('tower seen 2019-04-12')")
        con.execute("INSERT INTO gpkg_contents(table_name, data_type, identifier) "
                    "VALUES ('field_notes', 'attributes', 'field_notes')")
        con.commit()
        with pytest.raises(ExportError, match=r"shared\.gpkg.*open in another program"):
            ex.export_vector([ex.snapshot(_points("stations", [(125.7, 39.1)]))], path, overwrite=True)
    finally:
        con.close()
    assert _tables(path) == ["field_notes", "regions"]  # the other connection's work is intact
    assert leftovers(tmp_path) == []
    ex.export_vector([ex.snapshot(_points("stations", [(125.7, 39.1)]))], path, overwrite=True)
    assert _tables(path) == ["field_notes", "regions", "stations"]
    assert ogr_records(path, "field_notes")[0] == [{"text": "tower seen 2019-04-12"}]
