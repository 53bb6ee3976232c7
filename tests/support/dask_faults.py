"""Faults injected into Dask workers by the tests: a worker process that dies in the middle of a task."""

from __future__ import annotations

import os

from distributed.diagnostics.plugin import WorkerPlugin


class DieOnce(WorkerPlugin):
    """Kill the worker process (``os._exit``) when it starts the ``nth`` task whose key starts with
    ``prefix``, once: a marker file records that it happened (the nanny then restarts the worker,
    which gets this plugin again but finds the marker)."""

    name = "die-once"

    def __init__(self, marker: str, prefix: str, nth: int = 3):
        self.marker = marker
        self.prefix = prefix
        self.nth = nth
        self.seen = 0

    def transition(self, key, start, finish, **kwargs):
        if finish != "executing" or not str(key).startswith(self.prefix):
            return
        self.seen += 1
        if self.seen < self.nth:
            return
        try:  # created atomically: of two workers reaching their nth task together, one dies
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.write(fd, f"{os.getpid()} {key}\n".encode())
        os.close(fd)
        os._exit(1)


def install(client, plugin: DieOnce) -> None:
    client.register_plugin(plugin, name=plugin.name)


def remove(client, plugin: DieOnce) -> None:
    client.unregister_worker_plugin(plugin.name)
