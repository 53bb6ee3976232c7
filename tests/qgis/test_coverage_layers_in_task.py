"""The Coverage section's output features are made in the run's task; the layers on the main thread.

Putting the coverage of 50,000 stations on the map held QGIS's main thread about ten seconds after the task had ended:
each footprint was turned into a QgsGeometry in the map's CRS, its area measured, the features made there. The task
now makes the features (plain data); the main thread only makes the memory layers of them (as layers are made only
there) and puts them in the project; a run canceled while the features are made adds nothing.
"""

from __future__ import annotations

import math
import threading

import pytest
from support.coverage import features, wait_for_coverage
from support.waiting import wait_until

#: The functions that turn a run's footprints into features and layers.
BUILDERS = ("coverage_features", "dissolved_features", "overlap_features", "best_server_features", "stats_features",
            "memory_layer")


@pytest.fixture
def scene(coverage_scene):
    return coverage_scene


@pytest.fixture
def threads_of_builders(monkeypatch):
    """{function name: [whether each call was on the main thread]} of :data:`BUILDERS` and of the conversion of each
    geometry (``memory_layer``: by the name of the layer made)."""
    from basestation_mapper.plugin.qgis_io import coverage_io as cio

    calls: dict[str, list[bool]] = {}

    def spy(name, function):
        def wrapped(*args, **kwargs):
            key = f"memory_layer {args[0]}" if name == "memory_layer" else name
            calls.setdefault(key, []).append(threading.current_thread() is threading.main_thread())
            return function(*args, **kwargs)
        return wrapped

    for name in BUILDERS:
        monkeypatch.setattr(cio, name, spy(name, getattr(cio, name)))
    converter = getattr(cio, "GeometryConverter", None)
    if converter is not None:
        monkeypatch.setattr(converter, "__call__", spy("GeometryConverter", converter.__call__))
    return calls


def _on_task(calls: dict) -> dict:
    """The builders of features called off the main thread only, and the layers made on it only."""
    return {name: all(not on_main for on_main in made) if not name.startswith("memory_layer") else all(made)
            for name, made in calls.items()}


def test_the_output_features_are_made_in_the_task_and_the_layers_on_the_main_thread(scene, threads_of_builders):
    from qgis.core import QgsApplication, QgsGeometry

    from basestation_mapper.plugin.qgis_io.project import find_layer

    section, *_ = scene
    arrived = []
    section.runner.resultReady.connect(lambda request, result, *_rest: arrived.append((request, result)))
    done = wait_for_coverage(section, section.run)
    assert not isinstance(done, Exception), done
    (request, result), = arrived
    assert {"coverage_features", "best_server_features", "GeometryConverter",
            "memory_layer Coverage per station"} <= set(threads_of_builders)
    # the features off the main thread but those of Live's statistics table (with a population raster, counted by
    # cell centre), which are counted there as the result arrives: a row a region; every layer on the main thread
    expected = dict.fromkeys(threads_of_builders, True)
    if "stats_features" in expected:
        expected["stats_features"] = False
    assert _on_task(threads_of_builders) == expected, threads_of_builders

    # the features the task made are those of the layers in the project, made on the main thread
    main = QgsApplication.instance().thread()
    assert [content.name for content in request.layers] == ["Best server", "Coverage overlap", "Coverage per station",
                                                            "Coverage"]
    for content in request.layers:
        layer = find_layer(content.name)
        assert layer.thread() is main and layer.featureCount() == len(content.features)
    assert request.statistics_layer is None  # Live's statistics: their table made as the result arrived
    assert [row["region"] for row in features(find_layer("Coverage statistics"))] == ["West", "East", "TOTAL"]
    assert find_layer("Coverage statistics").thread() is main
    (row,) = features(find_layer("Coverage per station"))
    assert row["radius_m"] == 2000.0 and row["area_km2"] == pytest.approx(4 * math.pi, rel=0.01)  # a 2 km disc
    (geometry,) = [f.geometry() for f in find_layer("Coverage per station").getFeatures()]
    assert isinstance(geometry, QgsGeometry) and geometry.isMultipart()
    # the footprints, made into the layers, were freed with the task: none is left for the main thread to free
    assert not result.stations and not result.best_server and not result.dissolved and not result.overlap

    # a second run fills the layers already in the project (what points at them stays), made in its task too, the
    # statistics' table as well when the task counts them (the exact cell fraction)
    from basestation_mapper.plugin.core.stats import RULE_FRACTION

    threads_of_builders.clear()
    section.radius_spin.setValue(1500.0)
    section.rule_combo.setCurrentIndex(section.rule_combo.findData(RULE_FRACTION))
    done = wait_for_coverage(section, section.run)
    assert not isinstance(done, Exception), done
    assert {"stats_features", "memory_layer Coverage statistics"} <= set(threads_of_builders)
    assert all(_on_task(threads_of_builders).values()), threads_of_builders
    (row,) = features(find_layer("Coverage per station"))
    assert row["radius_m"] == 1500.0


def test_a_run_canceled_while_its_layers_are_made_adds_nothing(scene, plugin, monkeypatch):
    """Canceled in QGIS's task manager as the task makes the features of the result: nothing of it is added, the
    coverage shown stays (said out of date: the radius changed since)."""
    from qgis.core import QgsApplication

    from basestation_mapper.plugin.qgis_io import coverage_io as cio
    from basestation_mapper.plugin.qgis_io.project import find_layer

    section, *_ = scene
    wait_for_coverage(section, section.run)
    before = {name: features(find_layer(name)) for name in ("Coverage per station", "Coverage", "Best server",
                                                            "Coverage overlap", "Coverage statistics")}
    making, go_on = threading.Event(), threading.Event()
    original = cio.coverage_features

    def slow(*args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            making.set()
            go_on.wait(20)
        return original(*args, **kwargs)

    monkeypatch.setattr(cio, "coverage_features", slow)
    canceled = []
    section.runner.canceled.connect(lambda: canceled.append(True))
    section.radius_spin.setValue(1500.0)
    section.run()
    task = section.runner.task
    wait_until(lambda: making.is_set() or section.runner.task is None, timeout=30)
    assert making.is_set(), "the features were not made in the task"
    task.cancel()  # as QGIS's task manager does
    go_on.set()
    wait_until(lambda: canceled or section.runner.task is None, timeout=30)
    wait_until(lambda: not QgsApplication.taskManager().countActiveTasks(), timeout=30)
    assert canceled
    assert {name: features(find_layer(name)) for name in before} == before
    assert section.status_label.text().startswith("Coverage canceled: the coverage and statistics shown are out of "
                                                  "date")
    assert plugin.dock.summary_label.text().endswith("(out of date)")
