"""The Dask scheduling layer: parsing, ordering, retries after a lost worker, cancel."""

from __future__ import annotations

import os
import time

import pytest

from basestation_mapper.plugin.core import distributed as dd


@pytest.mark.parametrize(("text", "expected"), [
    ("local:2", dd.SchedulerSpec("local", workers=2)),
    (" local:1 ", dd.SchedulerSpec("local", workers=1)),
    ("tcp://10.0.0.5:8786", dd.SchedulerSpec("address", address="tcp://10.0.0.5:8786")),
    ("", None),
    (None, None),
])
def test_parse_scheduler(text, expected):
    assert dd.parse_scheduler(text) == expected


@pytest.mark.parametrize("text", ["local:0", "local:two", "nonsense"])
def test_parse_scheduler_rejects(text):
    with pytest.raises(ValueError, match="scheduler"):
        dd.parse_scheduler(text)


def _square(x):
    time.sleep(0.01 * (x % 3))
    return x * x


def _die_once(x, marker_dir):
    """Kill the worker process the first time tile 3 runs (the nanny restarts it)."""
    marker = os.path.join(marker_dir, "died")
    if x == 3 and not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(1)
    return x + 100


def _fail(x):
    if x == 2:
        raise ValueError("bad window at row 2048")
    return x


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("distributed", reason="dask/distributed not installed (make setup installs them)")
    with dd.dask_client(dd.parse_scheduler("local:2")) as c:
        yield c


def test_results_in_task_order(client):
    progress = []
    out = dd.map_tiles(client, _square, [(i,) for i in range(12)], progress=progress.append)
    assert out == [i * i for i in range(12)]
    assert progress[-1] == 1.0
    assert progress == sorted(progress)


def test_lost_worker_is_retried(client, tmp_path):
    out = dd.map_tiles(client, _die_once, [(i, str(tmp_path)) for i in range(6)], retries=3)
    assert out == [i + 100 for i in range(6)]
    assert (tmp_path / "died").exists()


def test_failure_names_the_tile(client):
    with pytest.raises(dd.DistributedJobError, match=r"tile 3 of 5.*row 2048"):
        dd.map_tiles(client, _fail, [(i,) for i in range(5)], retries=0)


def test_cancel(client):
    with pytest.raises(dd.JobCanceled):
        dd.map_tiles(client, _square, [(i,) for i in range(20)], is_canceled=lambda: True)


def test_missing_dask_message(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    assert not dd.dask_available()
    with pytest.raises(dd.DaskUnavailableError, match="pip install dask distributed"):
        dd.require_dask()
