"""Probes of the Review panel with the layers and states analysts have."""

from __future__ import annotations

import json

import pytest
from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication


def _geojson(path, rows):
    """A GeoJSON file of points: ``rows`` of (lon, lat, properties)."""
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [lon, lat]}}
        for lon, lat, props in rows]}))
    return str(path)


def test_a_layer_with_field_names_in_capitals_is_counted_and_reviewed(plugin, tmp_path, python_errors):
    """A station layer made elsewhere names its fields in capitals (STATUS, NAME, FIRST_SEEN): the review queued
    and decided its candidates, yet said it had 'no status field', showed no name nor confidence, left its
    confirmed stations out of the chart and lost track of an undone decision (still counted, the candidate not
    shown again); the Stations counts said '0 candidates, 0 confirmed'."""
    path = _geojson(tmp_path / "capitals.geojson", [
        (125.75, 39.03, {"NAME": "low", "STATUS": "candidate", "CONFIDENCE": 0.5, "TECHNOLOGY": "3G"}),
        (125.76, 39.04, {"NAME": "high", "STATUS": "candidate", "CONFIDENCE": 0.9, "TECHNOLOGY": "4G",
                         "IMAGE_DATE": "2021-04-01"}),
        (125.77, 39.05, {"NAME": "old", "STATUS": "confirmed", "CONFIDENCE": 1.0, "TECHNOLOGY": "4G",
                         "FIRST_SEEN": "2019-01-01"})])
    layer = QgsVectorLayer(path, "capitals", "ogr")
    assert layer.isValid() and "STATUS" in layer.fields().names()
    QgsProject.instance().addMapLayer(layer)
    section = plugin.dock.sections["stations"]
    section.set_layer(layer)
    assert section.counts_label.text().startswith("3 stations: 2 candidates, 1 confirmed, 0 rejected")
    assert "3G 1, 4G 2" in section.counts_label.text()
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    label = review.current_label.text()
    assert label.startswith("1/2 · high · confidence 0.90"), label
    assert review.chart.data == {2019: 1}
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)
    high = next(f for f in layer.getFeatures() if f["NAME"] == "high")
    assert high["STATUS"] == "confirmed" and review.progress.value() == 1
    assert review.chart.data == {2019: 1, 2021: 1}
    assert review.current_label.text().startswith("2/2 · low")
    layer.undoStack().undo()  # Ctrl+Z: the decision is taken back, its candidate shown again to decide anew
    QApplication.processEvents()
    assert layer.getFeature(high.id())["STATUS"] == "candidate"
    assert review.progress.value() == 0 and review.current_label.text().startswith("1/2 · high")
    assert "(accepted)" not in review.current_label.text()
    layer.changeAttributeValue(high.id(), layer.fields().indexOf("STATUS"), "rejected")  # the attribute table
    QApplication.processEvents()
    assert review.decided == {high.id(): "reject"} and "(rejected)" in review.current_label.text()
    QApplication.processEvents()
    assert section.update_counts()["status"] == {"candidate": 1, "confirmed": 1, "rejected": 1}
    assert not python_errors


@pytest.mark.parametrize("add", [True, False], ids=["with an addition", "deletion only"])
@pytest.mark.parametrize("driver, ext", [("ESRI Shapefile", "shp"), ("GeoJSON", "geojson")])
def test_deletions_saved_to_a_file_that_numbers_its_features_anew_leave_decisions_on_their_candidates(
        plugin, tmp_path, python_errors, driver, ext, add):
    """A candidate deleted (the attribute table) and the edits saved to a Shapefile (packed) or a GeoJSON file
    (written again): the features got other ids, and the queue kept the old ones. The panel showed 'x' and
    Accept confirmed 'y'. The queue, its decisions and candidates added meanwhile follow the new ids."""
    import pandas as pd
    from qgis.core import QgsCoordinateTransformContext, QgsFeature, QgsGeometry, QgsPointXY, QgsVectorFileWriter

    from basestation_mapper.plugin.qgis_io import station_layer as sl

    df = pd.DataFrame({"lon": [125.70, 125.72, 125.74, 125.76, 125.78], "lat": [39.0, 39.01, 39.02, 39.03, 39.04],
                       "name": ["v", "w", "x", "y", "z"], "status": ["confirmed"] + ["candidate"] * 4,
                       "confidence": [1.0, 0.9, 0.8, 0.7, 0.6]})
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = driver
    path = str(tmp_path / f"candidates.{ext}")
    error = QgsVectorFileWriter.writeAsVectorFormatV3(sl.frame_to_memory_layer(df, "m"), path,
                                                      QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error
    layer = QgsVectorLayer(path, "candidates", "ogr")
    QgsProject.instance().addMapLayer(layer)
    section = plugin.dock.sections["stations"]
    section.set_layer(layer)
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)

    def name(fid):
        return layer.getFeature(fid)["name"]

    assert [name(fid) for fid in review.queue] == ["w", "x", "y", "z"]
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)  # w
    assert review.current_label.text().startswith("2/4 · x")
    added = QgsFeature(layer.fields())  # a candidate added by hand meanwhile
    added.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(125.80, 39.05)))
    added["name"], added["status"], added["confidence"] = "new", "candidate", 0.5
    assert not add or layer.addFeature(added)
    layer.deleteFeature(review.current_fid())  # x, from the attribute table
    QApplication.processEvents()
    assert section.save_edits()
    QApplication.processEvents()
    QTest.qWait(300)  # (candidates added join the queue a moment later)
    assert [name(fid) for fid in review.queue] == ["w", "y", "z", "new"][:4 if add else 3]
    n = 4 if add else 3
    assert review.current_label.text().startswith(f"2/{n} · y") and review.progress.value() == 1
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)
    statuses = {f["name"]: f["status"] for f in layer.getFeatures()}
    assert statuses == {"v": "confirmed", "w": "confirmed", "y": "confirmed", "z": "candidate",
                        **({"new": "candidate"} if add else {})}
    assert review.current_label.text().startswith(f"3/{n} · z") and review.progress.value() == 2
    assert not python_errors


def test_statuses_written_in_another_case_are_reviewed_and_counted(plugin, tmp_path, python_errors):
    """Statuses typed by hand or made by another tool ('Candidate', 'CONFIRMED', ' candidate'): the review said
    'No candidate to review' and the counts '0 candidates' for a layer full of them; a status set back to
    'Candidate' (Ctrl+Z of a decision on it) left the decision counted."""
    import pandas as pd

    from basestation_mapper.plugin.qgis_io import station_layer as sl

    df = pd.DataFrame({"lon": [125.70, 125.72, 125.74, 125.76, 125.78], "lat": [39.0, 39.01, 39.02, 39.03, 39.04],
                       "name": ["a", "b", "c", "d", "e"],
                       "status": ["candidate"] * 5, "technology": ["4G"] * 5,
                       "confidence": [0.9, 0.5, 1.0, 0.4, 0.7], "first_seen": [None, None, "2019-05-01", None, None]})
    layer = sl.write_frame_to_gpkg(df, str(tmp_path / "cased.gpkg"), name="cased")
    status = layer.fields().indexOf("status")
    written = dict(zip("abcde", ["Candidate", " candidate", "CONFIRMED", None, "candidate"]))
    assert layer.dataProvider().changeAttributeValues({f.id(): {status: written[f["name"]]}
                                                       for f in layer.getFeatures()})
    QgsProject.instance().addMapLayer(layer)
    section = plugin.dock.sections["stations"]
    section.set_layer(layer)
    assert section.counts_label.text().startswith("5 stations: 3 candidates, 1 confirmed, 0 rejected")
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    assert [layer.getFeature(fid)["name"] for fid in review.queue] == ["a", "e", "b"]
    assert review.current_label.text().startswith("1/3 · a") and review.chart.data == {2019: 1}
    first = review.current_fid()
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)
    assert layer.getFeature(first)["status"] == "confirmed" and review.progress.value() == 1
    layer.undoStack().undo()
    QApplication.processEvents()
    assert layer.getFeature(first)["status"] == "Candidate"
    assert review.progress.value() == 0 and review.current_label.text().startswith("1/3 · a")
    layer.changeAttributeValue(first, layer.fields().indexOf("status"), "Rejected")  # the attribute table
    QApplication.processEvents()
    assert review.decided == {first: "reject"}
    assert not python_errors
