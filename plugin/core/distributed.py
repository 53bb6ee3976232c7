"""Running tiled jobs on a Dask cluster (optional dependency: ``dask`` + ``distributed``).

The single-machine path and the Dask path call the same per-tile functions; this module only
schedules them. A scheduler is given as

- ``"local:N"``: a LocalCluster with N worker processes (one thread each) started here;
- ``"tcp://host:8786"`` (or any address ``distributed.Client`` accepts): an existing cluster;
- ``""`` / ``None``: no Dask, run in this process.

Results come back in task order whatever the order of completion, so reductions are
deterministic. Lost workers are handled by Dask (tasks are retried ``retries`` times); a task
that still fails raises :class:`DistributedJobError` naming it, and the caller writes nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import uuid
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from .cancel import Canceled
from .messages import message_of, tr

INSTALL_HINT = (
    "Dask is not installed in the Python that runs QGIS. Install it with "
    "'python3 -m pip install dask distributed' (on Debian/Ubuntu: 'apt install python3-dask "
    "python3-distributed'), or leave the scheduler empty to run on this machine."
)


class DaskUnavailableError(ImportError):
    """Raised when a scheduler is requested but dask/distributed cannot be imported."""


class DistributedJobError(RuntimeError):
    """A task failed on the cluster after its retries (nothing was written)."""


class JobCanceled(Canceled):
    """Raised when the caller asked to cancel; the pending futures were cancelled."""


@dataclass(frozen=True)
class SchedulerSpec:
    kind: str  # "local" or "address"
    workers: int = 0
    address: str = ""

    def __str__(self) -> str:
        return f"local:{self.workers}" if self.kind == "local" else self.address


def parse_scheduler(text: str | None) -> SchedulerSpec | None:
    """Parse a DASK_SCHEDULER value; ``None`` when empty (run without Dask)."""
    if text is None:
        return None
    text = str(text).strip()
    if not text:
        return None
    if text.lower().startswith("local"):
        _, _, count = text.partition(":")
        count = count.strip() or str(max(1, (os.cpu_count() or 2)))
        try:
            workers = int(count)
        except ValueError:
            raise ValueError(tr("scheduler {value}: 'local:N' needs a whole number of workers",
                                value=repr(text))) from None
        if workers < 1:
            raise ValueError(tr("scheduler {value}: the number of workers must be at least 1", value=repr(text)))
        return SchedulerSpec("local", workers=workers)
    if "://" not in text and ":" not in text:
        raise ValueError(tr("scheduler {value}: give 'local:N' or an address such as tcp://host:8786",
                            value=repr(text)))
    return SchedulerSpec("address", address=text)


def dask_available() -> bool:
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def require_dask():
    try:
        import distributed
    except ImportError as exc:
        raise DaskUnavailableError(INSTALL_HINT) from exc
    return distributed


def _python_executable() -> str:
    """A Python interpreter for spawned workers (inside QGIS ``sys.executable`` is QGIS itself)."""
    exe = sys.executable or ""
    if os.path.basename(exe).lower().startswith("python"):
        return exe
    for candidate in (os.path.join(sys.exec_prefix, "bin", "python3"), shutil.which("python3")):
        if candidate and os.path.exists(candidate):
            return candidate
    return exe


@contextmanager
def dask_client(spec: SchedulerSpec, memory_limit: str | int = "auto"):
    """A ``distributed.Client`` for ``spec``; a LocalCluster started here is closed on exit."""
    distributed = require_dask()
    if spec.kind == "address":
        client = distributed.Client(spec.address, timeout="20s")
        try:
            yield client
        finally:
            client.close()
        return
    multiprocessing.set_executable(_python_executable())
    # workers import the plugin's core modules by name: give them this interpreter's path
    path = os.pathsep.join(p for p in sys.path if p)
    env = {"PYTHONPATH": path, "QT_QPA_PLATFORM": "offscreen", "OMP_NUM_THREADS": "1",
           "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    import dask

    # Dask sets MALLOC_TRIM_THRESHOLD_ in its workers by default; with it glibc hands every array
    # above 128 kB back to the system when freed, and the detector, which makes many large
    # temporaries, ran ~1.6x slower per window than in this process: not set here
    no_malloc_env = {"distributed.nanny.pre-spawn-environ": {}}
    # dashboard on a free port (None meant Dask's default 8787: a second cluster on the machine, another
    # QGIS or a command-line run, warned that the port was taken)
    with dask.config.set({"distributed.nanny.environ": env, "distributed.worker.daemon": False, **no_malloc_env}):
        cluster = distributed.LocalCluster(
            n_workers=spec.workers, threads_per_worker=1, processes=True, dashboard_address=":0",
            memory_limit=memory_limit, silence_logs=40,
        )
        client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def map_tiles(client, func: Callable, tasks: Sequence[tuple], *, progress: Callable[[float], None] | None = None,
              is_canceled: Callable[[], bool] | None = None, retries: int = 2, key_prefix: str = "tile") -> list:
    """Run ``func(*task)`` for every task on the cluster; return the results in task order.

    ``progress(fraction)`` is called as tasks complete. When ``is_canceled()`` turns true, every
    pending future is cancelled and :class:`JobCanceled` is raised. Any failure cancels the
    remaining futures too, so nothing keeps running for a job that will not be used.
    """
    distributed = require_dask()
    if not tasks:
        return []
    token = uuid.uuid4().hex[:12]
    futures = [client.submit(func, *task, retries=retries, pure=False, key=f"{key_prefix}-{token}-{i}")
               for i, task in enumerate(tasks)]
    index = {f.key: i for i, f in enumerate(futures)}
    results: list = [None] * len(futures)
    done = 0
    try:
        pending = distributed.as_completed(futures, with_results=False)
        for future in pending:
            if is_canceled is not None and is_canceled():
                raise JobCanceled("canceled")
            i = index[future.key]
            if future.status == "error":
                exc = future.exception()
                raise DistributedJobError(tr("tile {i} of {n} failed on the cluster: {error}",
                                             "tile {i} of {n} failed on the cluster: {error}", len(futures),
                                             i=i + 1, error=message_of(exc))) from exc
            if future.status == "cancelled":
                raise DistributedJobError(tr("tile {i} of {n} was cancelled by the cluster",
                                             "tile {i} of {n} was cancelled by the cluster", len(futures), i=i + 1))
            results[i] = future.result()
            done += 1
            if progress is not None:
                progress(done / len(futures))
    except BaseException:
        client.cancel(futures)
        raise
    return results
