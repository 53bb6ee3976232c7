"""The Coverage section when a Live run is canceled (QGIS's task manager) or fails, and the stations read in the task.

After a canceled Live run the coverage, the table and the summary of before the edit stayed on show, and the status line
said "nothing was changed": the analyst took them for the coverage with the edit. The section now says they are out
of date, with the button that computes them again, until a run completes.

The dock read every station on the main thread before each run (50,000 stations: the map held for more than half a
second at every Live edit); a reader of the layer (:class:`StationsReader`: what the read needs of the layer and a copy
of its feature source) is made there now, and the stations are read from it in the task, as they were when the run was
asked.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from support.coverage import (
    SCENE_X0,
    SCENE_Y0,
    features,
    station_layer,
    wait_for_coverage,
)
from support.waiting import wait_until

X0, Y0 = SCENE_X0, SCENE_Y0
OUT_OF_DATE = ("Coverage canceled: the coverage and statistics shown are out of date, from before your latest changes. "
               "Click Compute coverage to compute them again.")


@pytest.fixture
def scene(coverage_scene):
    return coverage_scene


def cancel_next_live_run(section) -> None:
    """Cancel the next run as QGIS's task manager does (its Cancel button: ``task.cancel()``), as soon as the runner
    hands it to the manager; returns once it has been said canceled."""
    from qgis.core import QgsApplication

    manager = QgsApplication.taskManager()
    canceled = []
    section.runner.canceled.connect(lambda: canceled.append(True))

    def added(task_id):
        task = manager.task(task_id)
        if task is not None and task is section.runner.task:
            task.cancel()

    manager.taskAdded.connect(added)
    try:
        wait_until(lambda: canceled, timeout=30)
    finally:
        manager.taskAdded.disconnect(added)
    wait_until(lambda: not manager.countActiveTasks(), timeout=30)


def radius_of_coverage() -> float:
    from basestation_mapper.plugin.qgis_io.project import find_layer

    (row,) = features(find_layer("Coverage per station"))
    return row["radius_m"]


def test_a_canceled_live_run_says_the_coverage_shown_is_out_of_date_until_a_run_completes(scene, plugin):
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    section, stations, *_ = scene
    wait_for_coverage(section, section.run)
    covered = section.table_frame.set_index("region").loc["TOTAL", "covered_pop"]
    # Live switched on with the coverage shown still current: its run canceled changes nothing, as it says
    section.live_check.setChecked(True)
    cancel_next_live_run(section)
    assert section.status_label.text() == "Coverage canceled: nothing was changed."
    assert "out of date" not in plugin.dock.summary_label.text()
    assert not section.run_button.font().bold()

    assert stations.startEditing()
    fid = next(stations.getFeatures()).id()
    assert stations.changeAttributeValue(fid, stations.fields().indexOf("radius_m"), 3000.0)  # Live asks a run
    cancel_next_live_run(section)

    # what is shown is the coverage of before the edit, and the section says so, not "nothing was changed"
    assert radius_of_coverage() == 2000.0
    assert section.table_frame.set_index("region").loc["TOTAL", "covered_pop"] == covered
    assert section.status_label.text() == OUT_OF_DATE
    summary = plugin.dock.summary_label.text()
    assert "% of population covered" in summary and summary.endswith("(out of date)"), summary
    assert section.run_button.font().bold() and "out of date" in section.run_button.toolTip()

    # said while a run asked with the button computes, until it completes
    section.run()
    assert "out of date" in section.status_label.text()
    wait_for_coverage(section)
    assert radius_of_coverage() == 3000.0
    assert "out of date" not in section.status_label.text()
    assert "out of date" not in plugin.dock.summary_label.text()
    assert not section.run_button.font().bold() and not section.run_button.toolTip()

    # canceled again, then Live's next run completes: no longer out of date either
    assert stations.changeAttributeValue(fid, stations.fields().indexOf("radius_m"), 2500.0)
    cancel_next_live_run(section)
    assert section.status_label.text() == OUT_OF_DATE
    assert radius_of_coverage() == 3000.0
    wait_for_coverage(section, lambda: stations.changeAttributeValue(
        fid, stations.fields().indexOf("radius_m"), 1500.0))
    assert radius_of_coverage() == 1500.0
    assert "out of date" not in section.status_label.text() + plugin.dock.summary_label.text()
    assert not section.run_button.font().bold()
    QTest.mouseClick(section.run_button, Qt.MouseButton.LeftButton)  # the button works as ever
    wait_for_coverage(section)
    stations.rollBack()


def test_a_live_run_failing_after_a_canceled_one_keeps_the_coverage_said_out_of_date(scene, plugin):
    """A Live run that fails after a canceled one leaves the previous coverage on the map, in the table and the
    summary, still said out of date; the status says why the run failed."""
    from basestation_mapper.plugin.qgis_io.project import find_layer

    section, stations, *_ = scene
    section.live_check.setChecked(True)
    wait_for_coverage(section)
    rows = section.table.rowCount()
    assert stations.startEditing()
    fid = next(stations.getFeatures()).id()
    assert stations.changeAttributeValue(fid, stations.fields().indexOf("radius_m"), 3000.0)
    cancel_next_live_run(section)
    assert section.status_label.text() == OUT_OF_DATE
    failed = wait_for_coverage(section, lambda: stations.deleteFeature(fid))  # no station left: it fails
    assert isinstance(failed, Exception)
    assert section.status_label.text().startswith("Coverage not computed:") and "no stations" in \
        section.status_label.text()
    assert section.status_label.text().endswith("The coverage and statistics shown are out of date: they are from "
                                                "before your latest changes.")
    assert find_layer("Coverage per station").featureCount() == 1 and section.table.rowCount() == rows
    assert radius_of_coverage() == 2000.0  # the coverage of before the edits
    summary = plugin.dock.summary_label.text()
    assert "% of population covered" in summary and summary.endswith("(out of date)"), summary
    assert section.run_button.font().bold()
    stations.rollBack()


def test_the_stations_are_read_in_the_task_as_they_were_when_the_run_was_asked(scene):
    """Nothing of the stations is read when the run is asked: the task reads the layer as it was then (edits not yet
    saved included), not as an edit made meanwhile has it; its description names the stations' own radii as the
    main thread's reading of the layer does."""
    section, stations, *_ = scene
    assert stations.startEditing()
    fid = next(stations.getFeatures()).id()
    radius = stations.fields().indexOf("radius_m")
    assert stations.changeAttributeValue(fid, radius, 3000.0)  # in the edit buffer when asked
    request = section.build_request()
    assert request.coverage.stations is None and request.fids == []  # not read yet
    expected = section.describe(section.options(), request.stats)
    assert stations.changeAttributeValue(fid, radius, 1000.0)  # after it: not this run's
    result = wait_for_coverage(section, lambda: section.runner.run(request))
    assert not isinstance(result, Exception), result
    assert list(request.coverage.stations.radius_m) == [3000.0] and request.fids == [fid]
    assert request.stats.stations is request.coverage.stations
    assert radius_of_coverage() == 3000.0
    assert request.description == expected
    stations.rollBack()


def _read_in_a_task(reader):
    """``reader.read()`` in a task of QGIS's task manager (another thread), as the dock reads its stations."""
    from qgis.core import QgsApplication

    from basestation_mapper.plugin.tasks.base import FunctionTask

    out = []
    task = FunctionTask("read", lambda _progress, check: reader.read(check), out.append, out.append)
    QgsApplication.taskManager().addTask(task)
    wait_until(lambda: out, timeout=60)
    assert not isinstance(out[0], BaseException), out[0]
    return out[0]


def _same_stations(layer, options):
    """The stations as read on the main thread from the layer (:func:`read_stations`), and as a task reads them
    from the reader made of the layer: the same table, warnings and feature ids. The fields the reader finds of a
    single value (read once, not per feature) are those QGIS's own ``uniqueValues`` finds so."""
    from basestation_mapper.plugin.qgis_io.coverage_io import StationsReader, read_stations
    from basestation_mapper.plugin.qgis_io.values import is_null

    table, warnings, fids = read_stations(layer, options)
    reader = StationsReader(layer, options)
    copy_table, copy_warnings, copy_fids = _read_in_a_task(reader)
    assert copy_fids == fids
    assert copy_warnings == warnings
    for name, value in vars(table).items():
        other = vars(copy_table)[name]
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(other, value, err_msg=name)
        elif isinstance(value, list) and value and isinstance(value[0], np.ndarray):
            assert len(other) == len(value) and all(np.array_equal(a, b) for a, b in zip(other, value)), name
        else:
            assert other == value, name
    # (a JSON field, NULL in QGIS, is read through OGR: not looked at for a single value)
    names = [f.name() for f in layer.fields() if f.typeName().lower() != "json"]
    single = reader.constant_values(names)
    for name in names:
        values = layer.uniqueValues(layer.fields().indexOf(name), 2)
        assert (name in single) == (len(values) <= 1), (name, values)
        if name in single and values:
            value = next(iter(values))
            assert (is_null(single[name]) and is_null(value)) or single[name] == value, (name, single[name], value)
    return table, warnings


def test_the_task_reads_the_stations_as_the_layer_gives_them(scene, tmp_path):
    """The reader made of the layer gives, read in a task, the same stations, warnings and feature ids as the layer
    read on the main thread, and the words of the report's methods on the stations' own radii: a layer
    being edited (values changed, a station added and one deleted), one whose fields hold a single value (or none),
    a GeoPackage, a Shapefile (a 0 azimuth read as not given) and a GeoJSON of numbers and text in one property."""
    from qgis.core import (
        QgsCoordinateTransformContext,
        QgsFeature,
        QgsGeometry,
        QgsPointXY,
        QgsVectorFileWriter,
        QgsVectorLayer,
    )

    from basestation_mapper.plugin.qgis_io.coverage_io import StationsReader
    from basestation_mapper.plugin.qgis_io.report import with_station_radii

    section, *_ = scene
    rng = np.random.default_rng(7)
    n = 300
    points = [(X0 + x, Y0 - y) for x, y in rng.uniform(0, 20000, (n, 2))]
    points[7] = points[3]  # two stations on one mast
    radii = rng.uniform(500, 3000, n)
    mixed = station_layer(
        points, crs="EPSG:32652", radius_m=[float(r) if i % 4 else None for i, r in enumerate(radii)],
        technology=[("2G", "3G", "4G", "5g", "LTE", "")[i % 6] for i in range(n)],
        operator=[f"op{i % 3}" for i in range(n)], azimuths=["0,120,240" if i % 2 else None for i in range(n)],
        antenna_height_m=[30.0 if i % 5 else -1.0 for i in range(n)])
    same = station_layer(points[:50], crs="EPSG:32652", technology="4G", operator="op", radius_m=1500.0)
    options = section.options()
    for layer in (mixed, same):
        _same_stations(layer, options)

    assert mixed.startEditing()
    ids = [f.id() for f in mixed.getFeatures()]
    assert mixed.changeAttributeValue(ids[0], mixed.fields().indexOf("technology"), "5G")
    assert mixed.changeAttributeValue(ids[1], mixed.fields().indexOf("radius_m"), 2222.0)
    assert mixed.deleteFeature(ids[2])
    added = QgsFeature(mixed.fields())
    added["station_id"], added["technology"], added["radius_m"] = "new", "4G", 1234.0
    added.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(X0 + 100.0, Y0 - 100.0)))
    assert mixed.addFeature(added)
    table, _warnings = _same_stations(mixed, options)
    assert 1234.0 in table.radius_m and 2222.0 in table.radius_m and table.n == n  # one deleted, one added
    mixed.rollBack()
    assert same.startEditing()  # every station of one technology but one, in the edit buffer
    assert same.changeAttributeValue(next(same.getFeatures()).id(), same.fields().indexOf("technology"), "2G")
    table, _warnings = _same_stations(same, options)
    assert sorted(set(table.technology)) == ["2G", "4G"]
    same.rollBack()

    # a site list with a number field of azimuths, beamwidths and frequencies, as a GeoPackage and as a Shapefile
    # (which has no NULL: an azimuth 0 without a beamwidth there is read as not given, and said of the Shapefile)
    sites = QgsVectorLayer("Point?crs=EPSG:32652&field=technology:string&field=azimuth:double&field=radius_m:double"
                           "&field=bw:double&field=freq:string", "sites", "memory")
    rows = []
    for i, (x, y) in enumerate(points[:40]):
        feat = QgsFeature(sites.fields())
        feat.setAttributes(["3G", 0.0 if i % 3 == 0 else 120.0, 1000.0 + i, 0.0 if i % 3 == 0 else 65.0,
                            ("1800", "2.1 GHz", None)[i % 3]])
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        rows.append(feat)
    assert sites.dataProvider().addFeatures(rows)[0]
    for driver, name in (("GPKG", "sites.gpkg"), ("ESRI Shapefile", "sites.shp")):
        save = QgsVectorFileWriter.SaveVectorOptions()
        save.driverName = driver
        path = str(tmp_path / name)
        error = QgsVectorFileWriter.writeAsVectorFormatV3(sites, path, QgsCoordinateTransformContext(), save)[0]
        assert error == QgsVectorFileWriter.WriterError.NoError
        layer = QgsVectorLayer(path, name, "ogr")
        assert layer.isValid()
        _table, warnings = _same_stations(layer, options)
        assert any("is a Shapefile" in w for w in warnings) == (driver == "ESRI Shapefile"), warnings

    # a GeoJSON property of numbers and text ("2 km"), which QGIS reads as NULL: read through OGR from the copy too,
    # in the stations and in the words of the report's methods
    path = tmp_path / "towers.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"technology": "3G", "radius_m": radius},
         "geometry": {"type": "Point", "coordinates": [125.70 + 0.1 * i, 39.05]}}
        for i, radius in enumerate((3000, "2 km", None))]}), encoding="utf-8")
    towers = QgsVectorLayer(str(path), "towers", "ogr")
    assert towers.fields().field("radius_m").typeName() == "JSON"
    table, _warnings = _same_stations(towers, options)
    assert list(table.radius_m[:2]) == [3000.0, 2000.0]
    presets = {"3G": "4 km"}
    reader = StationsReader(towers, options)
    assert reader.station_radii(presets) == with_station_radii(presets, towers) != presets
    # some stations with a radius of their own, all of them, none of them
    none = station_layer(points[:5], crs="EPSG:32652")
    for layer in (mixed, same, none):
        assert StationsReader(layer, options).station_radii(presets) == with_station_radii(presets, layer)
    assert StationsReader(none, options).station_radii(presets) == presets
