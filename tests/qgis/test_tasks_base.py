"""FunctionTask: result applied on the main thread, errors reported, cancel applies nothing."""

from __future__ import annotations

import time

from qgis.core import QgsApplication

from basestation_mapper.plugin.tasks.base import FunctionTask


def _wait(task, timeout=10.0):
    """Wait until the task manager has run ``finished()`` (it deletes the task afterwards)."""
    ended = []
    task.taskCompleted.connect(lambda: ended.append(True))
    task.taskTerminated.connect(lambda: ended.append(True))
    start = time.time()
    while not ended:
        QgsApplication.processEvents()
        assert time.time() - start < timeout, "task did not finish"
        time.sleep(0.01)
    QgsApplication.processEvents()


def test_result_and_progress(qgis_app):
    done, seen = [], []

    def work(progress, check):
        for i in range(5):
            check()
            progress((i + 1) / 5)
        return 42

    progress = []
    task = FunctionTask("answer", work, on_done=done.append, on_error=seen.append)
    task.progressChanged.connect(progress.append)
    QgsApplication.taskManager().addTask(task)
    _wait(task)
    assert done == [42]
    assert not seen
    assert progress and max(progress) == 100


def test_error_is_reported(qgis_app):
    errors = []

    def work(progress, check):
        raise ValueError("row 3: bad longitude")

    task = FunctionTask("failing", work, on_done=lambda r: None, on_error=errors.append)
    QgsApplication.taskManager().addTask(task)
    _wait(task)
    assert len(errors) == 1
    assert "row 3" in str(errors[0])


def test_cancel_applies_nothing(qgis_app):
    done, canceled = [], []

    def work(progress, check):
        for _ in range(500):
            check()
            time.sleep(0.01)
        return "finished"

    task = FunctionTask("long", work, on_done=done.append, on_cancel=lambda: canceled.append(True))
    QgsApplication.taskManager().addTask(task)
    time.sleep(0.05)
    task.cancel()
    _wait(task)
    assert done == []
    assert canceled == [True]


def test_cancel_after_the_work_ended_applies_nothing(qgis_app):
    """Cancel pressed while the finished work's result is on its way to the main thread."""
    import threading

    ended = threading.Event()
    done, canceled = [], []

    def work(progress, check):
        ended.set()
        return 42

    task = FunctionTask("late cancel", work, on_done=done.append, on_cancel=lambda: canceled.append(True))
    QgsApplication.taskManager().addTask(task)
    assert ended.wait(10.0)
    time.sleep(0.2)  # run() has returned; finished() waits for the main thread's event loop
    task.cancel()
    _wait(task)
    assert done == [] and canceled == [True]


def test_a_finished_task_holds_nothing_of_its_work(qgis_app):
    """QGIS deletes a finished task later (when it exits, at the latest): an error's frames (the
    work's locals: layers, GDAL datasets) or the callbacks kept until then were freed after QGIS
    and GDAL had shut down and crashed the process on its way out."""
    import weakref

    class Held:
        pass

    refs, errors, results = [], [], []

    def failing(progress, check):
        held = Held()  # a local of the failing work, as a DEM dataset would be
        refs.append(weakref.ref(held))
        raise ValueError("stations outside the DEM")

    task = FunctionTask("failing", failing, on_error=errors.append)
    QgsApplication.taskManager().addTask(task)
    _wait(task)
    assert "outside the DEM" in str(errors[0]) and errors[0].__traceback__ is None
    assert refs[0]() is None  # no frame keeps the work's locals alive

    def working(progress, check):
        held = Held()
        refs.append(weakref.ref(held))
        return held

    task = FunctionTask("working", working, on_done=lambda value: results.append(type(value).__name__))
    QgsApplication.taskManager().addTask(task)
    _wait(task)
    assert results == ["Held"] and refs[1]() is None  # the result is not kept by the task
