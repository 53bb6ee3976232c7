"""A QgsTask that runs a plain function and applies its result on the main thread."""

from __future__ import annotations

import traceback
from collections.abc import Callable

from qgis.core import QgsTask

from ..core.cancel import Canceled
from ..log import get_logger

LOG = get_logger("tasks")


class FunctionTask(QgsTask):
    """Run ``work(progress, check)`` in the background; call ``on_done(result)`` / ``on_error(exc)``.

    ``work`` receives ``progress(fraction)`` (0-1) and ``check()`` (raises :class:`Canceled`
    when the user canceled). It must not touch QgsProject, layers, the canvas or widgets:
    give it plain data and return plain data. ``on_done``/``on_error`` run in ``finished()`` on
    the main thread, where layers may be created. Nothing is applied when the task is canceled.
    """

    def __init__(self, description: str, work: Callable, on_done: Callable | None = None,
                 on_error: Callable | None = None, on_cancel: Callable | None = None,
                 flags=QgsTask.Flag.CanCancel):
        super().__init__(description, flags)
        self._work = work
        self._on_done = on_done
        self._on_error = on_error
        self._on_cancel = on_cancel
        self.result = None
        self.error: BaseException | None = None
        self.error_details = ""

    def _progress(self, fraction: float) -> None:
        self.setProgress(max(0.0, min(100.0, 100.0 * float(fraction))))

    def _check(self) -> None:
        if self.isCanceled():
            raise Canceled()

    def run(self) -> bool:
        try:
            self.result = self._work(self._progress, self._check)
            return not self.isCanceled()
        except Canceled:
            return False
        except Exception as exc:  # reported in finished()
            self.error = exc
            self.error_details = traceback.format_exc()
            _drop_frames(exc)
            return False

    def finished(self, ok: bool) -> None:
        # canceled after the work ended but before this runs (the user pressed Cancel while the
        # result was on its way to the main thread): nothing is applied either
        ok = ok and not self.isCanceled()
        try:
            if ok:
                if self._on_done is not None:
                    self._on_done(self.result)
            elif self.error is not None:
                LOG.error("%s failed: %s\n%s", self.description(), self.error, self.error_details)
                if self._on_error is not None:
                    self._on_error(self.error)
            elif self._on_cancel is not None:
                self._on_cancel()
        finally:
            # QGIS deletes a finished task later, at the latest when it exits: what the task still
            # held then (its callbacks and their owners, a result, open GDAL datasets) would be
            # freed after QGIS and GDAL have shut down, and crash the process on its way out
            self._work = self._on_done = self._on_error = self._on_cancel = None
            self.result = None
            self.error = None


def _drop_frames(exc: BaseException) -> None:
    """Take the traceback frames off ``exc`` and the exceptions it chains (their text is kept in
    ``error_details``): the frames hold the work's locals, layers and datasets among them."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc.__traceback__ = None
        exc = exc.__cause__ or exc.__context__
