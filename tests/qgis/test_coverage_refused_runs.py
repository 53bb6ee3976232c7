"""A run of the Coverage section that is refused or fails leaves the coverage shown as it was.

Compute coverage pressed with an input that QGIS kept but cannot open (its file moved away: 'unavailable'), or that
was removed from the project, was refused, and its refusal emptied the coverage already on the map and in the
project, the statistics table and the summary: the last good results were lost to a run that never ran. So did Live's
runs refused or failed after an edit (a bad value typed in a station, the last station deleted). A run refused or
failed now changes nothing: the status says why, and what is shown stays; when the inputs changed since it was
computed, it is said out of date (in the summary and on the button), as after a canceled Live run.
"""

from __future__ import annotations

import pytest
from qgis.core import QgsDataProvider, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from support.coverage import features, wait_for_coverage
from support.waiting import wait_until

OUTPUTS = ("Coverage", "Coverage per station", "Coverage overlap", "Best server", "Coverage statistics")
OUT_OF_DATE = "The coverage and statistics shown are out of date: they are from before your latest changes."


@pytest.fixture
def scene(coverage_scene):
    return coverage_scene


def shown(section, plugin) -> dict:
    """What the section shows of its last run: the output layers' features, the table, the summary."""
    from basestation_mapper.plugin.qgis_io.project import find_layer

    layers = {}
    for name in OUTPUTS:
        layer = find_layer(name)
        layers[name] = None if layer is None else sorted(
            (str(row), layer.getFeature(fid).geometry().asWkt(3)) for fid, row in
            zip((f.id() for f in layer.getFeatures()), features(layer)))
    table = [[section.table.item(r, c).text() for c in range(section.table.columnCount())]
             for r in range(section.table.rowCount())]
    return {"layers": layers, "table": table, "frame": section.table_frame,
            "summary": plugin.dock.summary_label.text().replace(" (out of date)", "")}


def assert_unchanged(before: dict, section, plugin) -> None:
    after = shown(section, plugin)
    assert after["layers"] == before["layers"]
    assert after["table"] == before["table"] and after["frame"] is before["frame"]
    assert after["summary"] == before["summary"]
    assert all(n for n in (len(rows or ()) for rows in before["layers"].values())), before["layers"]


def press(section) -> None:
    QTest.mouseClick(section.run_button, Qt.MouseButton.LeftButton)


def said_out_of_date(section, plugin) -> bool:
    summary = plugin.dock.summary_label.text()
    bold = section.run_button.font().bold()
    assert summary.endswith("(out of date)") == bold == ("out of date" in section.run_button.toolTip()), summary
    return bold


def station_file_layer(section, stations, tmp_path) -> QgsVectorLayer:
    """The scene's stations as a GeoPackage layer of the project, chosen in the section."""
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName, options.layerName = "GPKG", "stations"
    path = str(tmp_path / "stations.gpkg")
    error = QgsVectorFileWriter.writeAsVectorFormatV3(stations, path, QgsCoordinateTransformContext(), options)[0]
    assert error == QgsVectorFileWriter.WriterError.NoError
    layer = QgsVectorLayer(f"{path}|layername=stations", "survey stations", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    section.station_combo.setLayer(layer)
    return layer


def make_unavailable(layer, tmp_path) -> None:
    """The layer's data source changed to a file that is not there: the layer kept, unavailable."""
    gone = tmp_path / "moved away" / "stations.gpkg"
    layer.setDataSource(f"{gone}|layername=stations", layer.name(), "ogr", QgsDataProvider.ProviderOptions())
    assert not layer.isValid()


def test_a_press_refused_for_an_unavailable_station_layer_changes_nothing(scene, plugin, tmp_path):
    """A project saved with its coverage, opened with the station GeoPackage moved away (the layer kept, unavailable):
    Compute coverage is refused, naming the layer, and the coverage saved with the project stays."""
    import shutil

    from basestation_mapper.plugin.ui.sections.layer_choice import unavailable_text

    section, stations, *_ = scene
    station_file_layer(section, stations, tmp_path)
    result = wait_for_coverage(section, lambda: press(section))
    assert not isinstance(result, Exception), result
    project = QgsProject.instance()
    assert project.write(str(tmp_path / "survey.qgz"))
    project.clear()
    (tmp_path / "away").mkdir()
    shutil.move(str(tmp_path / "stations.gpkg"), str(tmp_path / "away" / "stations.gpkg"))
    assert project.read(str(tmp_path / "survey.qgz"))
    wait_until(lambda: section.table.rowCount() > 0)
    layer = project.mapLayersByName("survey stations")[0]
    assert not layer.isValid() and section.station_combo.currentLayer() is layer
    before = shown(section, plugin)

    started = []
    section.runner.started.connect(lambda: started.append(True))
    press(section)
    assert not started and section.runner.task is None  # refused at once
    assert section.status_label.text() == "Coverage not computed: " + unavailable_text("station layer", layer)
    assert_unchanged(before, section, plugin)
    assert not said_out_of_date(section, plugin)  # nothing changed since it was computed: still current
    project.clear()


def test_a_press_refused_for_a_removed_region_layer_changes_nothing(scene, plugin):
    section, _stations, regions, _pop = scene
    wait_for_coverage(section, lambda: press(section))
    before = shown(section, plugin)
    QgsProject.instance().removeMapLayer(regions.id())
    assert section.region_combo.currentLayer() is None

    press(section)
    assert section.runner.task is None
    text = section.status_label.text()
    assert text.startswith("Coverage not computed: The region layer 'Regions' was removed from the project"), text
    assert_unchanged(before, section, plugin)
    # the regions it counted are gone from the inputs: what is shown is said out of date, not taken away
    assert said_out_of_date(section, plugin)
    assert text.endswith("\n" + OUT_OF_DATE), text


def test_live_refused_when_the_station_layer_is_removed_keeps_the_coverage(scene, plugin):
    section, stations, *_ = scene
    section.live_check.setChecked(True)
    wait_for_coverage(section)
    before = shown(section, plugin)
    failure = wait_for_coverage(section, lambda: QgsProject.instance().removeMapLayer(stations.id()))
    assert isinstance(failure, Exception) and "station layer 'Stations' was removed" in str(failure)
    assert "station layer 'Stations' was removed" in section.status_label.text()
    assert_unchanged(before, section, plugin)
    assert said_out_of_date(section, plugin)


def test_live_refused_when_a_chosen_layer_becomes_unavailable_keeps_the_coverage(scene, plugin, tmp_path):
    """The station layer's file moved away while Live is on: its run (the layer's data source changed) is refused,
    the coverage stays."""
    section, stations, *_ = scene
    layer = station_file_layer(section, stations, tmp_path)
    section.live_check.setChecked(True)
    wait_for_coverage(section)
    before = shown(section, plugin)
    section.radius_spin.setValue(1500.0)  # asks a Live run: refused, the layer unavailable by the time it is asked
    make_unavailable(layer, tmp_path)
    failure = wait_for_coverage(section)
    assert isinstance(failure, Exception) and "is unavailable" in str(failure)
    assert "is unavailable" in section.status_label.text()
    assert_unchanged(before, section, plugin)
    assert said_out_of_date(section, plugin)


def test_a_run_failing_in_its_task_on_a_bad_value_keeps_the_coverage_said_out_of_date(scene, plugin):
    """A value typed in a station that the task cannot read (an azimuth 'north'): the button's run fails, the
    coverage of before the edit stays, said out of date; the value corrected, the next run shows the new coverage."""
    from basestation_mapper.plugin.qgis_io.project import find_layer

    section, stations, *_ = scene
    wait_for_coverage(section, lambda: press(section))
    before = shown(section, plugin)
    assert stations.startEditing()
    fid = next(stations.getFeatures()).id()
    assert stations.changeAttributeValue(fid, stations.fields().indexOf("azimuths"), "north")
    failure = wait_for_coverage(section, lambda: press(section))
    assert isinstance(failure, Exception) and "north" in str(failure)
    text = section.status_label.text()
    assert text.startswith("Coverage not computed: ") and "north" in text and text.endswith("\n" + OUT_OF_DATE)
    assert_unchanged(before, section, plugin)
    assert said_out_of_date(section, plugin)

    assert stations.changeAttributeValue(fid, stations.fields().indexOf("azimuths"), "90")
    result = wait_for_coverage(section, lambda: press(section))
    assert not isinstance(result, Exception), result
    assert not said_out_of_date(section, plugin)
    assert find_layer("Coverage per station").featureCount() == 1
    assert shown(section, plugin)["layers"]["Coverage per station"] != before["layers"]["Coverage per station"]
    stations.rollBack()


def test_a_failure_in_putting_the_result_on_the_map_keeps_the_coverage(scene, plugin, monkeypatch):
    """A run whose result cannot be put on the map (a bug): nothing of it is added, the coverage shown stays."""
    from basestation_mapper.plugin.tasks import coverage_task

    section, *_ = scene
    wait_for_coverage(section, lambda: press(section))
    before = shown(section, plugin)

    def broken(*_args, **_kwargs):
        raise RuntimeError("broken project")

    monkeypatch.setattr(coverage_task, "update_or_add", broken)
    section.radius_spin.setValue(1500.0)
    wait_for_coverage(section, lambda: press(section))
    assert section.status_label.text().startswith("Coverage not computed: broken project")
    monkeypatch.undo()
    assert_unchanged(before, section, plugin)
    assert said_out_of_date(section, plugin)
