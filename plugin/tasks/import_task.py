"""Importing a station file in the background (the core importer in a FunctionTask)."""

from __future__ import annotations

from collections.abc import Callable

from ..core.importers import import_file
from ..i18n import tr
from .base import FunctionTask


def import_stations_task(path: str, options: dict, on_done: Callable, on_error: Callable | None = None,
                         on_cancel: Callable | None = None) -> FunctionTask:
    """A task running :func:`core.importers.import_file` on ``path``; ``on_done(ImportResult)``.

    ``options`` are plain values (no layer): encoding, delimiter, mapping, crs, skip_bad,
    merge_distance, status, defaults, ...
    """
    options = dict(options)

    def work(progress, check):
        return import_file(path, progress=progress, check=check, **options)

    return FunctionTask(tr("Import stations from {name}").format(name=path.rsplit("/", 1)[-1]), work,
                        on_done=on_done, on_error=on_error, on_cancel=on_cancel)
