"""Writing files without ever leaving half-written ones, and refusing to clobber without consent.

Every export writes into a temporary file next to the destination (same folder, so the final
``os.replace`` is atomic on one file system) and moves it into place only when the whole file
was written. An existing destination is replaced only when the caller says the user agreed
(``overwrite=True``); a destination that another program holds open (locked) is reported.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from .messages import tr
from .paths import path_length_problem


class ExportError(Exception):
    """An export that cannot be done; the message is meant for the user (names the file)."""


class DestinationExists(ExportError):
    """The destination exists and replacing it was not agreed."""

    def __init__(self, path: Path | str, message: str):
        super().__init__(message)
        self.path = Path(path)


#: Extra files that belong to a main file of a given extension (replaced together).
SIDECARS = {
    ".shp": (".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qmd"),
}


def sidecar_paths(path: Path | str) -> list[Path]:
    """``path`` and the files that belong with it (e.g. a shapefile's .shx/.dbf/.prj/.cpg)."""
    path = Path(path)
    extensions = SIDECARS.get(path.suffix.lower(), ())
    if path.suffix.isupper():  # 'ROADS.SHP' goes with 'ROADS.DBF', as the programs of the DOS days wrote them
        extensions = tuple(ext.upper() for ext in extensions)
    return [path] + [path.with_suffix(ext) for ext in extensions]


READ_ONLY = "it is read-only"


def _cannot_replace(path: Path, reason: str) -> ExportError:
    advice = tr("Make it writable or choose another name.") if reason == READ_ONLY else \
        tr("Close it there and try again.")
    return ExportError(tr("Cannot replace {path}: {reason}. {advice}", path=str(path), reason=reason, advice=advice))


def lock_holder(path: Path | str) -> str | None:
    """Why ``path`` cannot be replaced right now (another program holds it), or None.

    Checks, without waiting: an office suite's lock file next to it (``.~lock.<name>#``
    of LibreOffice, ``~$<name>`` of Excel), an advisory lock another process holds on it
    (POSIX ``fcntl`` locks: SQLite/GeoPackage writers, LibreOffice), a read-only file, and on
    Windows a file opened without sharing.

    On POSIX systems the file itself is never opened here: closing any descriptor of a file
    releases every ``fcntl`` lock this process holds on it, including the locks of SQLite
    connections QGIS keeps on a GeoPackage (another program could then write or checkpoint it
    under them). Linux lists the locks in ``/proc/locks``; elsewhere a child process probes.
    """
    path = Path(path)
    if not path.exists():
        return None
    for lock in (path.parent / f".~lock.{path.name}#", path.parent / f"~${path.name}"):
        if lock.exists():
            return tr("it is open in an office program (lock file {name})", name=lock.name)
    # the write bits too: root may write anywhere, but a file marked read-only is kept
    if not os.access(path, os.W_OK) or not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return tr("it is read-only")  # READ_ONLY
    if os.name == "posix":
        pids = _lock_pids(path)
        locked = bool(pids - {os.getpid()}) if pids is not None else _locked_seen_by_child(path)
        return tr("it is open (locked) in another program") if locked else None
    try:  # Windows: locks belong to handles, and opening for writing is the test
        handle = open(path, "r+b")  # noqa: SIM115
    except PermissionError:
        return tr("it is open in another program")
    except OSError as exc:
        return tr("it cannot be opened ({error})", error=exc.strerror)
    handle.close()
    return None


def _lock_pids(path: Path) -> set[int] | None:
    """Processes holding an advisory lock on ``path`` (from Linux's ``/proc/locks``), None if unknown.

    Open-file-description locks have no process (-1). Waiting requests (``->``) are not held.
    """
    try:
        table = Path("/proc/locks").read_text()
    except OSError:
        return None
    st = path.stat()
    pids = set()
    for line in table.splitlines():
        parts = line.split()
        if len(parts) < 6 or parts[1] == "->":
            continue
        for i, token in enumerate(parts[2:], 2):
            if token.count(":") == 2:
                major, minor, inode = token.split(":")
                try:
                    same = (int(inode) == st.st_ino and int(major, 16) == os.major(st.st_dev)
                            and int(minor, 16) == os.minor(st.st_dev))
                    if same:
                        pids.add(int(parts[i - 1]))
                except ValueError:
                    pass
                break
    return pids


_PROBE = """
import fcntl, sys
f = open(sys.argv[1], "r+b")
try:
    fcntl.lockf(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
except OSError:
    sys.exit(3)
"""


def _locked_seen_by_child(path: Path) -> bool:
    """Whether a child process cannot lock ``path`` (another process, or this one, holds a lock on it).

    The child's own descriptor and lock end with it; this process's locks are left alone.
    """
    import shutil
    import subprocess
    import sys

    candidates = [sys.executable, getattr(sys, "_base_executable", ""), shutil.which("python3") or ""]
    python = next((c for c in candidates if c and Path(c).name.lower().startswith("python") and Path(c).exists()),
                  None)
    if python is None:
        return False
    try:
        done = subprocess.run([python, "-I", "-c", _PROBE, str(path)], check=False, capture_output=True,
                              timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 3


def check_folder(folder: Path | str) -> Path:
    """Create ``folder`` when missing; raise :class:`ExportError` when it cannot hold new files."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ExportError(tr("{folder} is not a folder.", folder=str(folder)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(tr("Cannot create the folder {folder}: {error}. Choose another folder.", folder=str(folder),
                             error=str(exc.strerror or exc))) from exc
    try:  # the only reliable test (root ignores permission bits, network shares lie)
        fd, probe = tempfile.mkstemp(prefix=".bsm-probe-", dir=folder)
    except OSError as exc:
        raise ExportError(tr("The folder {folder} is not writable ({error}). Choose another folder.",
                             folder=str(folder), error=str(exc.strerror or exc))) from exc
    os.close(fd)
    os.unlink(probe)
    return folder


def check_destination(path: Path | str, overwrite: bool = False) -> Path:
    """Validate a destination before any work: folder writable, no refusal to replace, not locked."""
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise ExportError(tr("{path} is not a file name.", path=str(path)))
    if path.is_dir():
        raise ExportError(tr("{path} is a folder, not a file.", path=str(path)))
    too_long = destination_length_problem(path)
    if too_long is not None:
        raise ExportError(too_long)
    check_folder(path.parent)
    existing = [p for p in sidecar_paths(path) if p.exists()]
    if path.exists() and not overwrite:
        raise DestinationExists(path, tr("{path} already exists. Agree to replace it (OVERWRITE) or choose another "
                                         "name.", path=str(path)))
    for other in existing:
        reason = lock_holder(other)
        if reason:
            raise _cannot_replace(other, reason)
    return path


def destination_length_problem(path: Path | str):
    """Why ``path`` is too long for the library writing its format, counting the temporary file written next to it
    first (:func:`staged`), or None (:func:`..paths.path_length_problem`)."""
    path = Path(path)
    return path_length_problem(path, also=[_temp_example(path)])


def _temp_affixes(path: Path) -> tuple[str, str]:
    suffix = path.suffix.lower()
    if suffix == ".json":  # QGIS's vector writer names a GeoJSON file that does not end in .geojson '<name>.geojson'
        suffix = ".geojson"
    return f".~{path.stem[:40]}.", f".part{suffix}"


def _temp_example(path: Path) -> Path:
    """A name as long as the ones :func:`temp_name` gives next to ``path`` (its random part is 8 characters)."""
    prefix, suffix = _temp_affixes(path)
    return path.parent / f"{prefix}{'x' * 8}{suffix}"


def temp_name(path: Path | str) -> Path:
    """A fresh hidden file name next to ``path`` with the same extension in lower case (drivers go by extension; the
    shapefile driver writes ``.shp`` in lower case whatever the case asked, so that ``OUT.SHP`` would be written to
    another name than the one :func:`staged` moves); ``.geojson`` for a ``.json`` destination, for the same reason."""
    path = Path(path)
    prefix, suffix = _temp_affixes(path)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=path.parent)
    os.close(fd)
    os.unlink(tmp)  # the writer creates it (some drivers refuse an existing empty file)
    return Path(tmp)


def _remove(paths: Sequence[Path]) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            if p.is_dir():
                import shutil

                shutil.rmtree(p)
            else:
                p.unlink()


SQLITE_HEADER = b"SQLite format 3\x00"

#: Files SQLite keeps next to a database while it is open (its write-ahead log and index) or after a crash.
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")


def is_sqlite(path: Path | str) -> bool:
    """Whether the file ``path`` starts as an SQLite database (a GeoPackage, a SpatiaLite file) does.

    Only for a file no SQLite connection of this process may hold: closing a descriptor of a file drops
    every lock of the process on it, those of SQLite's connections too.
    """
    try:
        with open(path, "rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def write_into_sqlite(src: Path | str, dest: Path | str, timeout: float = 5.0) -> bool:
    """Give the existing SQLite database ``dest`` the whole content of the SQLite database ``src``.

    Written through SQLite (its backup, one transaction: on failure ``dest`` is as it was), not by moving
    ``src`` over it: a connection still open on ``dest`` (another program, a layer being read or edited)
    keeps its write-ahead log ``dest-wal`` next to it, and SQLite would apply that log's pages, the old
    rows among them, to a new file put in its place. Written through SQLite, the log and every open
    connection get the new content. Returns False (nothing done) when ``src`` is no SQLite database or
    ``dest`` is missing or no SQLite database. ``dest`` is read only through SQLite, which keeps the locks
    the connections of this process hold on it. Another connection writing to ``dest`` for more than
    ``timeout`` seconds makes it fail.
    """
    import sqlite3
    import time

    if not (is_sqlite(src) and os.path.isfile(dest)):
        return False
    try:
        target = sqlite3.connect(str(dest), timeout=timeout)
    except sqlite3.Error:
        return False
    try:
        try:
            target.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads the file's header
        except sqlite3.DatabaseError:
            return False  # not a database: no connection can be reading it as one
        try:
            page_size = target.execute("PRAGMA page_size").fetchone()[0]
            source = sqlite3.connect(str(src))
            try:
                if source.execute("PRAGMA page_size").fetchone()[0] != page_size:
                    # a database in write-ahead-log mode takes only pages of its own size
                    source.execute(f"PRAGMA page_size = {int(page_size)}")
                    source.execute("VACUUM")
                deadline = time.monotonic() + timeout

                def give_up_when_busy(status, _remaining, _total):
                    # SQLITE_BUSY / SQLITE_LOCKED: another connection is writing; Python would retry forever
                    if status in (5, 6) and time.monotonic() > deadline:
                        raise sqlite3.OperationalError("database is locked")

                source.backup(target, progress=give_up_when_busy)
            finally:
                source.close()
        except sqlite3.Error as exc:
            if "locked" in str(exc):
                raise ExportError(tr("Cannot replace {path}: {error}. It is being edited in another program: save or "
                                     "close it there and try again.", path=str(dest), error=str(exc))) from exc
            raise ExportError(tr("Cannot replace {path}: {error}.", path=str(dest), error=str(exc))) from exc
    finally:
        target.close()
    return True


def replace_file(src: Path | str, dest: Path | str) -> None:
    """Put the file ``src`` in place of ``dest`` (``src`` is gone afterwards).

    An SQLite database over an existing one goes through :func:`write_into_sqlite`; moved over another
    file, the SQLite leftovers of ``dest`` (``-wal``, ``-shm``, ``-journal``) are removed first, since SQLite
    would apply them to the new database. Raises OSError or :class:`ExportError`.
    """
    if write_into_sqlite(src, dest):
        os.remove(src)
        return
    if is_sqlite(src):
        for suffix in SQLITE_SIDECARS:
            leftover = Path(f"{dest}{suffix}")
            if leftover.exists():
                leftover.unlink()
    os.replace(src, dest)


@contextlib.contextmanager
def staged(path: Path | str, overwrite: bool = False) -> Iterator[Path]:
    """``with staged(dest, overwrite) as tmp:`` write ``tmp``; it becomes ``dest`` only on success.

    On any exception (including cancel) the temporary file(s) are removed and ``dest`` is left
    as it was. Shapefile sidecars written next to ``tmp`` are moved along, and stale sidecars of
    a replaced shapefile (e.g. an old .qix index) are removed.
    """
    dest = check_destination(path, overwrite)
    tmp = temp_name(dest)
    tmp_group = sidecar_paths(tmp)
    try:
        yield tmp
        if not tmp.exists():
            raise ExportError(tr("Nothing was written for {path}.", path=str(dest)))
        reason = lock_holder(dest) if dest.exists() else None
        if reason:
            raise _cannot_replace(dest, reason)
        if dest.exists() and not overwrite:
            raise DestinationExists(dest, tr("{path} appeared while writing; it was left untouched.", path=str(dest)))
        dest_group = sidecar_paths(dest)
        for src, dst in zip(tmp_group, dest_group):
            if src.exists():
                try:
                    replace_file(src, dst)
                except PermissionError as exc:
                    raise ExportError(tr("Cannot replace {path}: it is open in another program. Close it there and "
                                         "try again.", path=str(dst))) from exc
            elif dst.exists() and src is not tmp_group[0]:
                _remove([dst])  # a stale sidecar of the replaced file
    finally:
        _remove([p for p in tmp_group if p.exists()])


def atomic_write_bytes(path: Path | str, data: bytes, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` through :func:`staged`."""
    with staged(path, overwrite) as tmp:
        tmp.write_bytes(data)
    return Path(path)
