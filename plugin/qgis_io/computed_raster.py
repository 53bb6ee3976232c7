"""Population rasters that are not a local file GDAL reads by its path: a raster QGIS computes on the fly (provider
``virtualraster``: the raster calculator's "Create on-the-fly raster instead of writing layer to disk", or such a
layer of a project), a WCS or PostGIS raster, a GDAL layer of a URL (/vsicurl/...), of memory (/vsimem/), of a
connection string or opened with options, any other provider whose layer has cells.

The statistics read population rasters with GDAL, window by window, by the file's path. Such a layer is written
once to a temporary GeoTIFF through QGIS's own provider (:class:`QgsRasterFileWriter`), its values, nodata and CRS
as QGIS reads them, in the thread of the work that needs it (the dock's task, the Processing algorithm), with its
progress and cancel, and the file is removed when that work ends. A plain local file (a GDAL layer of a file on
this computer, or of a file in a local zip or tar, opened without options) is read directly.

:class:`ComputedRaster` is made on the main thread (it copies the layer's provider); :func:`population_file`
writes it where the work runs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsProviderRegistry,
    QgsRasterBlockFeedback,
    QgsRasterFileWriter,
    QgsRasterLayer,
    QgsRasterPipe,
    QgsRectangle,
)

from ..compat import raster_written
from ..core.cancel import Canceled
from ..core.messages import Msg, message_of
from ..core.population import PopulationInputError
from ..core.safe_write import ExportError
from ..i18n import tr

#: providers whose rasters QGIS computes (no file GDAL could read)
COMPUTED_PROVIDERS = ("virtualraster",)
#: GDAL's archive handlers: a file in a local zip or tar is read by its path as the file itself is
ARCHIVE_PREFIXES = ("/vsizip/", "/vsitar/", "/vsigzip/", "/vs7z/", "/vsirar/")
#: the parts of a GDAL layer's source that GDAL opening the path honours too (any other part, such as open options
#: or credentials, only QGIS's provider applies)
PLAIN_SOURCE_PARTS = ("path", "layerName", "vsiPrefix", "vsiSuffix")
#: the temporary folders' prefix (in the system's temporary folder)
TEMP_PREFIX = "bsm-population-"


def is_computed(layer) -> bool:
    """Whether ``layer`` is a raster QGIS computes on the fly (see :data:`COMPUTED_PROVIDERS`)."""
    return isinstance(layer, QgsRasterLayer) and layer.providerType() in COMPUTED_PROVIDERS


def local_gdal_file(layer) -> bool:
    """Whether GDAL reads ``layer``'s values by its source path as QGIS shows them: a GDAL layer of a file on this
    computer (or of a file in a local zip or tar), opened without options."""
    if not isinstance(layer, QgsRasterLayer) or layer.providerType() != "gdal":
        return False
    parts = QgsProviderRegistry.instance().decodeUri("gdal", layer.source())
    if any(parts.get(key) for key in parts if key not in PLAIN_SOURCE_PARTS):  # open options, credentials...
        return False
    prefix = parts.get("vsiPrefix") or ""
    if prefix and prefix not in ARCHIVE_PREFIXES:  # /vsicurl/, /vsis3/...
        return False
    path = str(parts.get("path") or "")
    return bool(path) and not path.startswith("/vsi") and os.path.exists(path)


def read_through_qgis(layer) -> bool:
    """Whether ``layer`` is a raster of cells that is not a local file GDAL reads by its path (see
    :func:`local_gdal_file`): it is then written to a temporary GeoTIFF through QGIS (:class:`ComputedRaster`). A web
    map layer (no cells) is not: :func:`..coverage_io.raster_path` refuses it."""
    return (isinstance(layer, QgsRasterLayer) and layer.isValid() and layer.dataProvider() is not None
            and layer.width() > 0 and layer.height() > 0 and not local_gdal_file(layer))


def _not_written(name: str, provider: str, folder, error) -> PopulationInputError:
    if provider in COMPUTED_PROVIDERS:
        text = tr("population raster {layer} is computed by QGIS (provider {provider}) and could not be written to "
                  "a temporary GeoTIFF in {folder} ({error}): check the free space there, or save the layer as a "
                  "GeoTIFF (Export › Save As…, raw data) and choose that")
    else:
        text = tr("population raster {layer} is not a local file GDAL reads by its path (provider {provider}) and "
                  "could not be written to a temporary GeoTIFF in {folder} ({error}): check that its source answers "
                  "(a server, a database) and the free space there, or save the layer as a GeoTIFF (Export › Save "
                  "As…, raw data) and choose that")
    return PopulationInputError(text.format(layer=repr(name), provider=provider, folder=folder, error=error))


class ComputedRaster:
    """A population raster read through QGIS (see :func:`read_through_qgis`) as its layer has it now (read on the
    main thread): written to a GeoTIFF by :meth:`write`, in any thread, once.

    The GeoTIFF holds the source's values and nodata (QGIS's writer writes them raw), as a file of the layer would:
    the no data values the layer adds in QGIS (Layer Properties › Transparency) or its source's nodata unticked
    apply to it as to that file (:func:`..coverage_io.raster_nodata`)."""

    def __init__(self, layer: QgsRasterLayer):
        if layer is None or not layer.isValid() or layer.dataProvider() is None:
            raise PopulationInputError(tr("the population raster is missing or invalid"))
        self.name = layer.name()
        self.provider_type = layer.providerType()
        if not layer.crs().isValid():
            raise PopulationInputError(tr("population raster {layer} has no coordinate reference system: set it in "
                                          "Layer Properties › Source, then run again").format(layer=repr(self.name)))
        #: stands for the raster where a file path would (the live statistics are kept while it stays the same)
        self.key = f"{self.provider_type}:{layer.source()}"
        provider = layer.dataProvider()
        self._provider = provider.clone()
        self._declared = [provider.sourceHasNoDataValue(band) for band in range(1, provider.bandCount() + 1)]
        self.width, self.height = layer.width(), layer.height()
        self.extent = QgsRectangle(layer.extent())
        self.crs = QgsCoordinateReferenceSystem(layer.crs())

    def said(self) -> str:
        """What a run says of the temporary GeoTIFF it read."""
        said = (tr("Population raster {layer} is computed by QGIS (provider {provider}): its values were written "
                   "once to a temporary GeoTIFF, read for this run and then removed.")
                if self.provider_type in COMPUTED_PROVIDERS else
                tr("Population raster {layer} is not a local file GDAL reads by its path (provider {provider}): "
                   "its values were read through QGIS, written once to a temporary GeoTIFF, read for this run "
                   "and then removed."))
        return said.format(layer=repr(self.name), provider=self.provider_type)

    def not_written(self, folder, error) -> PopulationInputError:
        return _not_written(self.name, self.provider_type, folder, error)

    def write(self, folder: str | Path, progress: Callable[[float], None] | None = None,
              check: Callable[[], None] | None = None) -> Path:
        """Write the raster to ``folder``/population.tif; ``progress(fraction)``, ``check()`` raising
        :class:`Canceled` to stop (the file is then removed)."""
        path = Path(folder) / "population.tif"
        if check is not None:
            check()
        # the copy of the layer's provider, given to the pipe that owns it: a copy of that copy reads garbage where
        # the calculator gives no data (virtualraster, QGIS 3.22), so each ComputedRaster is written once
        provider, self._provider = self._provider, None
        if provider is None:
            raise RuntimeError("a ComputedRaster is written once")
        result = write_provider(provider, self.width, self.height, self.extent, self.crs, path, progress, check)
        if result != raster_written() or not path.exists():
            code = getattr(result, "name", None) or int(result)  # QGIS 4's result enum is not an int
            raise _not_written(self.name, self.provider_type, Path(folder).parent,
                               tr("error {code}").format(code=code))
        if self.provider_type not in COMPUTED_PROVIDERS:
            return path
        from .export import mark_calculator_nodata

        try:
            mark_calculator_nodata(path, self._declared, self.name)
        except ExportError as exc:
            raise PopulationInputError(message_of(exc)) from exc
        return path


def write_provider(provider, width: int, height: int, extent: QgsRectangle, crs: QgsCoordinateReferenceSystem,
                   path: str | Path, progress: Callable[[float], None] | None = None,
                   check: Callable[[], None] | None = None):
    """Write the raster of ``provider`` (a copy of a layer's provider, which the pipe takes over) to the GeoTIFF
    ``path`` through QGIS (:class:`QgsRasterFileWriter`: its values and nodata raw, as QGIS reads them), in any
    thread; ``progress(fraction)``, ``check()`` raising :class:`Canceled` to stop (the file is then removed and
    Canceled raised). Returns the writer's result: written when it is :func:`..compat.raster_written` and ``path``
    exists (else the file is removed).

    The raster is read and written in row bands (:func:`write_blocks`): QGIS's writer reports progress and looks
    at cancel between its blocks only, and a raster of one block (its default is 500 x 500 pixels) reported nothing
    until it was written; the values written are the same."""
    path = Path(path)
    pipe = QgsRasterPipe()
    pipe.set(provider)
    feedback = QgsRasterBlockFeedback()
    stopped = []

    def seen(percent):
        try:
            if progress is not None:
                progress(max(0.0, min(1.0, float(percent) / 100.0)))
            if check is not None:
                check()
        except Canceled:
            stopped.append(True)
            feedback.cancel()

    feedback.progressChanged.connect(seen)
    writer = QgsRasterFileWriter(str(path))
    writer.setCreateOptions(["TILED=YES", "COMPRESS=LZW", "BIGTIFF=IF_SAFER"])
    block_width, block_height = write_blocks(width, height)
    writer.setMaxTileWidth(block_width)  # the blocks the writer reads and writes (not tiles of several files)
    writer.setMaxTileHeight(block_height)
    result = writer.writeRaster(pipe, width, height, extent, crs, QgsCoordinateTransformContext(), feedback)
    feedback.progressChanged.disconnect(seen)
    if stopped or feedback.isCanceled():
        path.unlink(missing_ok=True)
        raise Canceled()
    if result != raster_written() or not path.exists():
        path.unlink(missing_ok=True)
    elif progress is not None:
        progress(1.0)  # the writer's last report is that of its last block's start
    return result


#: bands of rows a raster is written in (at least), and the largest block read at once (QGIS's writer's default)
WRITE_BANDS = 16
WRITE_BLOCK_PX = 500


def write_blocks(width: int, height: int) -> tuple[int, int]:
    """(columns, rows) of the blocks :func:`write_provider` has QGIS's writer read and write: whole rows up to 4
    blocks of :data:`WRITE_BLOCK_PX` across, in :data:`WRITE_BANDS` row bands or more (bands of at most
    :data:`WRITE_BLOCK_PX` rows), so that progress moves and cancel is honoured within a raster of one block."""
    columns = max(1, min(int(width), 4 * WRITE_BLOCK_PX))
    rows = max(1, min(WRITE_BLOCK_PX, -(-int(height) // WRITE_BANDS)))
    return columns, rows


class PopulationFile:
    """The population raster file a run reads: ``path`` (None when the layer's own file is read) and
    :meth:`named`, which names the layer in messages instead of its temporary file."""

    def __init__(self, path: Path | None = None, name: str = ""):
        self.path = str(path) if path is not None else None
        self.name = name
        #: what writing the file said (population areas: features not counted, polygons repaired)
        self.warnings: list = []

    def named(self, text: str) -> str:
        if self.path is None or self.path not in str(text):
            return text
        if isinstance(text, Msg):  # a core message: its values renamed, so that it is still translated
            renamed = Msg(text.template, text.plural, text.n,
                          {k: self.named(v) if isinstance(v, str) else v for k, v in text.args.items()}, text.literal)
            if self.path not in renamed:
                return renamed
        return str(text).replace(self.path, repr(self.name))

    def all_named(self, texts) -> list:
        return [self.named(t) for t in texts]


@contextmanager
def population_file(computed, progress: Callable[[float], None] | None = None,
                    check: Callable[[], None] | None = None,
                    say: Callable[[str], None] | None = None) -> Iterator[PopulationFile]:
    """While the block runs, ``computed`` (a :class:`ComputedRaster`, or population areas: an object with its
    ``name``, ``write``, ``said`` and ``not_written``) written to a temporary GeoTIFF (nothing for None); the file is
    removed afterwards, canceled or failed too. ``say`` is told that it was written. Errors of the block that name the
    temporary file name the layer instead."""
    if computed is None:
        yield PopulationFile()
        return
    try:
        folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
    except OSError as exc:
        raise computed.not_written(tempfile.gettempdir(), exc.strerror or exc) from exc
    try:
        path = computed.write(folder, progress, check)
        if say is not None:
            say(computed.said())
        file = PopulationFile(path, computed.name)
        file.warnings = list(getattr(computed, "warnings", []))
        try:
            yield file
        except ValueError as exc:  # the input errors (PopulationInputError...) name the file they read
            text = file.named(message_of(exc))
            if text == str(exc):
                raise
            try:
                renamed = type(exc)(text)
            except Exception:  # an error type made otherwise: kept as it is
                raise exc from None
            raise renamed from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)
