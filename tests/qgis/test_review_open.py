"""Opening a layer for review: the queue follows the Stations section's choice, and reads the layer once."""

from __future__ import annotations

import pandas as pd
from qgis.core import QgsProject

import basestation_mapper
from basestation_mapper.plugin.core.stations import default_record
from basestation_mapper.plugin.qgis_io import station_layer as sl
from basestation_mapper.plugin.qgis_io.imagery import write_candidates


def _layers(tmp_path, n=300):
    """Population points (first in the lists by name) and a station GeoPackage holding ``n`` candidates."""
    rows = [default_record(status="candidate", origin="detected", confidence=round(0.3 + i / (2 * n), 4),
                           features="[]", lon=125 + i * 1e-4, lat=39.0) for i in range(n)]
    stations = sl.create_station_gpkg(str(tmp_path / "stations.gpkg"), name="stations")
    write_candidates(stations, pd.DataFrame(rows))
    places = sl.write_frame_to_gpkg(pd.DataFrame({"lon": [125.0 + i * 1e-3 for i in range(50)], "lat": [39.0] * 50,
                                                  "pop": range(50)}), str(tmp_path / "places.gpkg"),
                                    name="A populated places")
    QgsProject.instance().addMapLayers([places, stations])
    return places, stations


def test_the_review_follows_the_stations_choice_in_a_project_opened_before_the_plugin(
        qgis_iface, qgis_new_project, qgis_processing, tmp_path):
    """The plugin loaded (QGIS started, the plugin enabled or reloaded) with layers in the project: its lists
    fell on the first point layer, the populated places, and choosing the station layer in Stations left the
    review on the places with an empty queue. The review follows the choice, reading the layer once."""
    _places, stations = _layers(tmp_path)
    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    try:
        review = plugin.dock.sections["detection"].review
        reads = review.layer_reads
        plugin.dock.sections["stations"].layer_combo.setLayer(stations)
        assert review.current_layer() is stations and len(review.queue) == 300
        assert review.layer_reads == reads + 1
    finally:
        plugin.unload()


def test_a_layer_without_station_fields_is_not_read_for_review(plugin, tmp_path):
    """Populated places (the first point layer, where the lists fall when a project opens or the plugin loads,
    and where the review followed the Stations list) were read whole for a queue they cannot fill; a layer
    without a status field is no longer read: an empty queue at once."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    places = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string&field=pop:integer", "places", "memory")
    features = []
    for i in range(20000):
        feat = QgsFeature(places.fields())
        feat.setAttributes([f"place {i}", i])
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(124 + (i % 200) * 0.01, 38 + (i // 200) * 0.01)))
        features.append(feat)
    places.dataProvider().addFeatures(features)
    QgsProject.instance().addMapLayer(places)
    review = plugin.dock.sections["detection"].review
    reads = review.layer_reads
    plugin.dock.sections["stations"].layer_combo.setLayer(places)
    assert review.current_layer() is places and review.queue == []
    assert review.layer_reads == reads
    assert not review.buttons["accept"].isEnabled() and review.chart.data == {}


def test_a_project_opened_reads_the_layer_under_review_once(plugin, tmp_path):
    """The project saved with its station layer under review and populated places as the first point layer,
    then opened again: the review reads the station layer once (the places not at all) and shows its queue."""
    _places, stations = _layers(tmp_path)
    plugin.dock.sections["stations"].layer_combo.setLayer(stations)
    review = plugin.dock.sections["detection"].review
    assert review.current_layer() is stations
    project = QgsProject.instance()
    path = str(tmp_path / "review.qgz")
    assert project.write(path)
    project.clear()
    reads = review.layer_reads
    assert project.read(path)
    assert review.current_layer().name() == "stations" and len(review.queue) == 300
    assert review.layer_reads == reads + 1
