"""QGIS's task thread pool held busy, so that a task added meanwhile is surely queued, then let into its work
and held there: each order of a task's end and a project's close can be driven."""

from __future__ import annotations

import threading
import time

from qgis.core import QgsApplication, QgsTask
from qgis.PyQt.QtCore import QThreadPool

from .waiting import wait_until


class HeldPool:
    """Every thread of the pool QGIS runs its tasks on kept busy by tasks waiting on an event: a task added
    meanwhile is surely queued, not started, until :meth:`release_one` or :meth:`release`."""

    def __init__(self):
        self.count = QThreadPool.globalInstance().maxThreadCount()
        self.gates = [threading.Event() for _ in range(self.count)]
        self.started = [threading.Event() for _ in range(self.count)]
        self.tasks = [QgsTask.fromFunction(f"held {i}", self._hold, gate, started)
                      for i, (gate, started) in enumerate(zip(self.gates, self.started))]
        for task in self.tasks:
            QgsApplication.taskManager().addTask(task)
        wait_until(lambda: all(event.is_set() for event in self.started))

    @staticmethod
    def _hold(_task, gate, started):
        started.set()
        assert gate.wait(60.0)

    def release_one(self) -> None:
        next(gate for gate in self.gates if not gate.is_set()).set()

    def release(self) -> None:
        for gate in self.gates:
            gate.set()


def hold_work(task, checks_after: bool = True, fail_with: BaseException | None = None):
    """Make ``task`` (a FunctionTask queued, not started) stop at its first cancel check until the returned gate
    is set; the returned event is set once it is there. Without ``checks_after`` the work goes on from there as
    past its last cancel check (canceled meanwhile, it still ends as its work ends: done or failed); with
    ``fail_with`` its work fails there with that error, as a file gone under it would."""
    inside, gate = threading.Event(), threading.Event()
    check = task._check

    def held_check():
        inside.set()
        assert gate.wait(60.0)
        if fail_with is not None:
            raise fail_with
        if not checks_after:
            task._check = lambda: None
            return
        check()

    task._check = held_check
    return inside, gate


def wait_result(task, timeout: float = 60.0) -> None:
    """Until ``task``'s work has returned its result, processing no events: its end cannot reach the main
    thread meanwhile (its result is on its way)."""
    start = time.time()
    while task.result is None:
        assert time.time() - start < timeout, "timed out"
        time.sleep(0.01)
