"""Importing a station file in the background (the core importer in a FunctionTask), and the import dialog's reads
of a file in the background: Check file, and the layers of a large vector file."""

from __future__ import annotations

import ntpath
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core import importers as im
from ..i18n import tr
from .base import FunctionTask


def file_name(path) -> str:
    """The name of the file ``path`` names, whichever separator it is written with: 'cells.csv' of
    'C:\\data\\cells.csv' as of '/data/cells.csv' (a path typed on Windows, read on any system)."""
    text = str(path)
    return ntpath.basename(text) or text


def import_stations_task(path: str, options: dict, on_done: Callable, on_error: Callable | None = None,
                         on_cancel: Callable | None = None) -> FunctionTask:
    """A task running :func:`core.importers.import_file` on ``path``; ``on_done(ImportResult)``.

    ``options`` are plain values (no layer): encoding, delimiter, mapping, crs, skip_bad,
    merge_distance, status, defaults, ...
    """
    return _import_file_task(tr("Import stations from {name}").format(name=file_name(path)), path, options,
                             on_done, on_error, on_cancel)


def check_file_task(path: str, options: dict, on_done: Callable, on_error: Callable | None = None,
                    on_cancel: Callable | None = None) -> FunctionTask:
    """The import dialog's Check file: the file read as the import would read it (:func:`import_stations_task`), its
    stations not added anywhere; ``on_done(ImportResult)``."""
    return _import_file_task(tr("Check {name} for import").format(name=file_name(path)), path, options,
                             on_done, on_error, on_cancel)


def _import_file_task(title: str, path: str, options: dict, on_done, on_error, on_cancel) -> FunctionTask:
    options = dict(options)

    def work(progress, check):
        return im.import_file(path, progress=progress, check=check, **options)

    return FunctionTask(title, work, on_done=on_done, on_error=on_error, on_cancel=on_cancel)


@dataclass
class VectorProbe:
    """What the import dialog shows of a vector file before it is imported, read once (in the background for a large
    file: OGR reads a whole GeoJSON, GML, GPX or workbook to open it or to count its features)."""

    path: str
    #: its layers with geometry, or tables with lon/lat columns, as ``(name, geometry, features)``
    choices: list = field(default_factory=list)
    #: the layer read when none is chosen
    default: str | None = None
    #: the GDAL driver opening it ('' when OGR cannot open it as it is: compressed, damaged)
    driver: str = ""
    #: every layer OGR names (read only when none is a choice: the sheet a workbook is read by)
    layers: list | None = None
    #: why OGR cannot open it (:class:`core.importers.ImportFailed`), None when it can
    problem: BaseException | None = None
    #: the columns and first rows of a table without geometry, by layer name (None: the one read by default)
    sheets: dict = field(default_factory=dict)


def probe_vector_file(path: str, check: Callable | None = None, sheets: bool = True) -> VectorProbe:
    """Read what the import dialog shows of the vector file ``path``: its layers, the default one, its driver, why
    it cannot be read, and (with ``sheets``) the table of each layer without geometry, each read once more. Plain
    data, no QGIS object: run it in any thread; ``check()`` (raising when canceled) is called between the reads."""
    check = check or (lambda: None)
    choices, default = im.vector_layer_choices(path)
    probe = VectorProbe(path, choices, default)
    check()
    if not choices and not path.lower().endswith((".gz", ".bz2")):
        try:  # OGR cannot open it (damaged, empty, another format named so): the reader says why
            probe.layers = im.list_vector_layers(path)
        except im.ImportFailed as exc:  # kept without the frames of the read (which hold OGR's objects)
            probe.problem = exc.with_traceback(None)
            exc.__context__ = exc.__cause__ = None
        check()
    probe.driver = im.vector_driver(path)
    if probe.problem is not None or not sheets:
        return probe
    # a layer with geometry has no table to show; one without is a choice by its lon/lat columns
    # (:func:`core.importers.vector_layer_choices` names its geometry 'lon/lat')
    for name, geometry, _count in choices:
        check()
        probe.sheets[name] = im.sheet_layout(path, name) if geometry == "lon/lat" else None
    if not choices:
        probe.sheets[None] = im.sheet_layout(path, None)
    return probe


def probe_vector_task(path: str, on_done: Callable, on_error: Callable | None = None,
                      on_cancel: Callable | None = None) -> FunctionTask:
    """:func:`probe_vector_file` in a task, every table read (a layer chosen later is not read again);
    ``on_done(VectorProbe)``."""

    def work(_progress, check):
        return probe_vector_file(path, check)

    return FunctionTask(tr("Read the layers of {name}").format(name=file_name(path)), work,
                        on_done=on_done, on_error=on_error, on_cancel=on_cancel)
