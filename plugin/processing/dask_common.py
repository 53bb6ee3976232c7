"""The DASK_SCHEDULER parameter shared by the algorithms that can run on a Dask cluster."""

from __future__ import annotations

from collections.abc import Callable

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterString,
    QgsProperty,
)
from qgis.PyQt.QtCore import QVariant

from ..core import distributed as dd
from ..i18n import tr, translated

DASK_SCHEDULER = "DASK_SCHEDULER"
DASK_TILE = "DASK_TILE"


def install_hint() -> str:
    return tr("Dask is not installed in the Python that runs QGIS. Install it with 'python3 -m pip install dask "
              "distributed' (Debian/Ubuntu: 'apt install python3-dask python3-distributed'), or leave "
              "DASK_SCHEDULER empty to run on this machine.")


def add_scheduler_parameter(alg) -> None:
    """DASK_SCHEDULER (advanced, optional): a scheduler address, or local:N; empty = this machine."""
    p = QgsProcessingParameterString(
        DASK_SCHEDULER, tr("Dask scheduler (tcp://host:8786, or local:N workers; empty: this machine)"), "",
        False, True)
    p.setFlags(p.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    p.setHelp(tr("Runs the job window by window on a Dask cluster (needs the Python packages dask and "
                 "distributed). 'local:2' starts two worker processes on this machine."))
    alg.addParameter(p)


def add_tile_parameter(alg, default: int, minimum: int, description: str) -> None:
    """DASK_TILE (advanced): the window size of the cluster tasks (memory per worker grows with it)."""
    from qgis.core import QgsProcessingParameterNumber

    p = QgsProcessingParameterNumber(DASK_TILE, description, QgsProcessingParameterNumber.Type.Integer, default,
                                     False, minimum, 1_000_000)
    p.setFlags(p.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    alg.addParameter(p)


def scheduler_spec(alg, parameters, context) -> dd.SchedulerSpec | None:
    """The parsed DASK_SCHEDULER, or None (run here); a clear error when it is unusable."""
    value = parameters.get(DASK_SCHEDULER)
    if isinstance(value, QgsProperty):
        value, _ok = value.value(context.expressionContext(), None)
    # a NULL value (e.g. a static model value left unset) reads as the text "0" through parameterAsString
    text = "" if value is None or (isinstance(value, QVariant) and value.isNull()) else str(value)
    try:
        spec = dd.parse_scheduler(text)
    except ValueError as exc:
        raise QgsProcessingException(f"{DASK_SCHEDULER}: {translated(exc)}") from None
    if spec is not None and not dd.dask_available():
        raise QgsProcessingException(install_hint())
    return spec


def run_on_cluster(spec: dd.SchedulerSpec, feedback, work: Callable):
    """``work(client)`` with a client of ``spec``; cluster failures become clear Processing errors."""
    if spec.kind == "local":
        feedback.pushInfo(tr("Starting a local Dask cluster of {n} worker processes").format(n=spec.workers))
    else:
        feedback.pushInfo(tr("Connecting to the Dask scheduler {address}").format(address=spec.address))
    context = dd.dask_client(spec)
    try:
        client = context.__enter__()
    except dd.DaskUnavailableError:
        raise QgsProcessingException(install_hint()) from None
    except ValueError as exc:  # an address Dask cannot parse: 'host:abc', 'tcp://', 'foo://host:1'
        raise QgsProcessingException(tr("{name}: '{spec}' is not a Dask scheduler address ({error}); give "
                                        "tcp://host:port or local:N.").format(
            name=DASK_SCHEDULER, spec=str(spec), error=str(exc) or type(exc).__name__)) from None
    except (OSError, TimeoutError, RuntimeError) as exc:
        raise QgsProcessingException(tr("The Dask scheduler {spec} cannot be reached: {error}").format(
            spec=str(spec), error=str(exc) or type(exc).__name__)) from None
    try:
        return work(client)
    except dd.DistributedJobError as exc:
        raise QgsProcessingException(tr("The job failed on the Dask cluster; nothing was written. {error}").format(
            error=translated(exc))) from None
    finally:
        context.__exit__(None, None, None)


def detect_on_cluster(layer, extent, extent_crs, params, spec: dd.SchedulerSpec, feedback, check):
    """The detector over a local raster layer on a Dask cluster: a ``DetectionResult`` like the
    one-machine path's (same windows, same reduction, same candidates)."""
    from qgis.core import QgsCoordinateTransform, QgsProject

    from ..core.detect import detector_label
    from ..core.scaling import detect_raster_dask
    from ..qgis_io.imagery import image_date_of, is_length_projected, local_path
    from ..tasks.detect_task import DetectionResult, with_the_day

    path = local_path(layer)
    if path is None or not is_length_projected(layer.crs()):
        raise QgsProcessingException(tr("DASK_SCHEDULER: the cluster reads local raster files in a projected CRS in "
                                        "metres or feet (GeoTIFF, COG, VRT); run web layers and rasters in degrees "
                                        "on this machine (leave DASK_SCHEDULER empty)."))
    bounds = None
    if extent is not None and not extent.isEmpty():
        box = QgsCoordinateTransform(extent_crs or layer.crs(), layer.crs(), QgsProject.instance()) \
            .transformBoundingBox(extent)
        if not box.intersects(layer.extent()):
            raise QgsProcessingException(tr("EXTENT: the search extent does not overlap the imagery layer '{name}'.")
                                         .format(name=layer.name()))
        bounds = (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())
    crs_id = layer.crs().authid() or layer.crs().toWkt()
    crs_wkt = layer.crs().toWkt()  # the CRS QGIS has for the layer (set there for a file without one)
    image_date = image_date_of(layer)
    params, day_notes = with_the_day(layer, params, image_date, extent, extent_crs)

    def work(client):
        cands = detect_raster_dask(client, path, params, bounds, progress=lambda f: feedback.setProgress(100.0 * f),
                                   check=check, crs_wkt=crs_wkt)
        return DetectionResult(cands, crs_id, layer.name(), image_date, detector_label(),
                               layer.width() * layer.height(), notes=day_notes)

    return run_on_cluster(spec, feedback, work)
