"""Atomic writes: nothing half-written, no replacement without consent, locked files and bad folders reported."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from support.export_files import leftovers, locked_by_other_process, locked_for_other_process, unwritable_folder

from basestation_mapper.plugin.core.safe_write import (
    DestinationExists,
    ExportError,
    _locked_seen_by_child,
    atomic_write_bytes,
    lock_holder,
    staged,
    write_into_sqlite,
)


def test_staged_moves_complete_file_into_place(tmp_path):
    dest = tmp_path / "out.txt"
    with staged(dest) as tmp:
        assert tmp.parent == tmp_path and tmp != dest
        tmp.write_text("complete")
        assert not dest.exists()
    assert dest.read_text() == "complete"
    assert leftovers(tmp_path) == []


def test_failure_leaves_existing_file_and_no_temp(tmp_path):
    dest = tmp_path / "out.txt"
    dest.write_text("old")
    with pytest.raises(RuntimeError), staged(dest, overwrite=True) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk full")
    assert dest.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_existing_file_needs_consent(tmp_path):
    dest = tmp_path / "out.txt"
    dest.write_text("old")
    with pytest.raises(DestinationExists) as info:
        atomic_write_bytes(dest, b"new")
    assert str(dest) in str(info.value) and "OVERWRITE" in str(info.value)
    assert dest.read_text() == "old"
    atomic_write_bytes(dest, b"new", overwrite=True)
    assert dest.read_bytes() == b"new"


def test_locked_file_is_reported_and_kept(tmp_path):
    dest = tmp_path / "stats.xlsx"
    dest.write_bytes(b"original")
    with locked_by_other_process(dest):
        assert "locked" in lock_holder(dest)
        with pytest.raises(ExportError) as info:
            atomic_write_bytes(dest, b"new", overwrite=True)
    assert "stats.xlsx" in str(info.value) and "another program" in str(info.value)
    assert dest.read_bytes() == b"original"
    assert leftovers(tmp_path) == []
    assert lock_holder(dest) is None  # released with the other process
    atomic_write_bytes(dest, b"new", overwrite=True)


@pytest.mark.skipif(os.name != "posix", reason="fcntl locks are POSIX")
def test_lock_check_keeps_this_process_sqlite_locks(tmp_path):
    # closing any descriptor of a file drops every fcntl lock of this process on it: a check that
    # opened the file released the locks of SQLite connections QGIS holds on a GeoPackage
    db = tmp_path / "stations.gpkg"
    con = sqlite3.connect(db, isolation_level=None)
    try:
        con.execute("CREATE TABLE t (v)")
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO t VALUES (1)")
        assert locked_for_other_process(db)
        assert lock_holder(db) is None  # this process's own connection is not another program
        assert locked_for_other_process(db)
        assert _locked_seen_by_child(db)  # the probe used where /proc/locks is missing
        assert locked_for_other_process(db)
        con.execute("COMMIT")
    finally:
        con.close()
    assert not _locked_seen_by_child(db)
    with locked_by_other_process(db):
        assert _locked_seen_by_child(db)


def test_office_lock_file_is_reported(tmp_path):
    dest = tmp_path / "statistics.csv"
    dest.write_text("a")
    (tmp_path / ".~lock.statistics.csv#").write_text("user,host")
    with pytest.raises(ExportError, match="office program"):
        atomic_write_bytes(dest, b"b", overwrite=True)
    assert dest.read_text() == "a"


def test_unwritable_folder(tmp_path):
    with unwritable_folder(tmp_path) as folder, pytest.raises(ExportError) as info:
        atomic_write_bytes(folder / "out.kmz", b"x")
    assert str(folder) in str(info.value) and "another folder" in str(info.value)


def test_folder_that_is_a_file(tmp_path):
    (tmp_path / "blocker").write_text("")
    with pytest.raises(ExportError, match=r"not a folder|Cannot create"):
        atomic_write_bytes(tmp_path / "blocker" / "out.csv", b"x")


def test_korean_names_with_spaces_and_new_subfolder(tmp_path):
    dest = tmp_path / "새 폴더" / "평양 커버리지 2024.kmz"
    atomic_write_bytes(dest, b"data")
    assert dest.read_bytes() == b"data"


def test_shapefile_sidecars_move_together_and_stale_ones_go(tmp_path):
    dest = tmp_path / "cov.shp"
    for ext in (".shp", ".shx", ".dbf", ".qix"):
        dest.with_suffix(ext).write_text("old" + ext)
    with staged(dest, overwrite=True) as tmp:
        for ext in (".shp", ".shx", ".dbf", ".prj"):
            tmp.with_suffix(ext).write_text("new" + ext)
    assert {p.name for p in tmp_path.iterdir()} == {"cov.shp", "cov.shx", "cov.dbf", "cov.prj"}
    assert dest.with_suffix(".dbf").read_text() == "new.dbf"


def _rows(path):
    con = sqlite3.connect(path)
    try:
        return [v for (v,) in con.execute("SELECT v FROM t ORDER BY v")]
    finally:
        con.close()


def _database(path, values):
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("CREATE TABLE t (v)")
    con.executemany("INSERT INTO t VALUES (?)", [(v,) for v in values])
    con.close()


def test_a_database_replaced_while_a_connection_holds_its_write_ahead_log_has_none_of_the_old_rows(tmp_path):
    """A GeoPackage replaced while a connection (another program, a layer being edited) holds it in
    write-ahead-log mode with rows in the log: the new database has none of them, now or once that
    connection is closed, and that connection reads the new content."""
    dest = tmp_path / "stations.gpkg"
    _database(dest, [1])
    holder = sqlite3.connect(dest, isolation_level=None)
    try:
        holder.execute("PRAGMA journal_mode=WAL")
        holder.executemany("INSERT INTO t VALUES (?)", [(2,), (3,)])
        assert os.path.getsize(f"{dest}-wal") > 0 and _rows(dest) == [1, 2, 3]
        with staged(dest, overwrite=True) as tmp:
            _database(tmp, [7])
        assert _rows(dest) == [7]
        assert [v for (v,) in holder.execute("SELECT v FROM t")] == [7]
        assert holder.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        holder.close()
    assert _rows(dest) == [7]
    assert leftovers(tmp_path) == []


def test_a_database_over_a_file_that_is_none_replaces_it_without_its_leftover_log(tmp_path):
    """Over a file that is no database, left next to the write-ahead log of a database of that name: the
    log is removed with it (SQLite would apply it to the new database)."""
    old = tmp_path / "old.gpkg"
    _database(old, [1])
    con = sqlite3.connect(old, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("INSERT INTO t VALUES (2)")
    dest = tmp_path / "stations.gpkg"
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"stations.gpkg{suffix}").write_bytes(Path(f"{old}{suffix}").read_bytes())
    con.close()
    dest.write_text("<html>not found</html>")
    with staged(dest, overwrite=True) as tmp:
        _database(tmp, [7])
    assert _rows(dest) == [7]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("stations")) == ["stations.gpkg"]


def test_a_database_another_program_is_writing_is_reported_and_kept(tmp_path):
    """Replacing a database while another connection holds its write lock (an edit being saved in another
    program) waits, then says so naming the file; the database and its rows are as they were."""
    import subprocess
    import sys

    dest = tmp_path / "stations.gpkg"
    _database(dest, [1])
    script = ("import sqlite3, sys, time\n"
              "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "con.execute('PRAGMA journal_mode=WAL')\n"
              "con.execute('BEGIN IMMEDIATE')\n"
              "con.execute('INSERT INTO t VALUES (2)')\n"
              "print('locked', flush=True)\n"
              "sys.stdin.readline()\n"
              "con.execute('ROLLBACK')\n")
    writer = subprocess.Popen([sys.executable, "-c", script, str(dest)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "locked"
        src = tmp_path / "new.gpkg"
        _database(src, [7])
        with pytest.raises(ExportError) as info:
            write_into_sqlite(src, dest, timeout=1.0)
        assert str(dest) in str(info.value) and "another program" in str(info.value)
    finally:
        writer.communicate("\n", timeout=30)
    assert _rows(dest) == [1]
