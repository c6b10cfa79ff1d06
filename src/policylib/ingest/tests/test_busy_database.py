"""An import that finds SQLite locked by another writer says so, keeps what it saved and resumes."""

import sqlite3

from policylib.backups.tests.children import ChildLibrary
from policylib.ingest.tests.conftest import row


def test_an_import_kept_waiting_by_another_writer_stops_clearly_and_a_rerun_finishes(
    drop, tmp_path
):
    manifest = drop.csv(
        [row(f"DOC {n}", file=drop.file(f"doc{n}.txt", f"Text of document {n}")) for n in range(3)]
    )
    args = ["import", str(drop.folder), "--manifest", str(manifest), "--create-missing"]
    library = ChildLibrary(tmp_path / "library", None)  # SQLite: the database that locks
    library.run("migrate", "--verbosity", "0")

    other_writer = sqlite3.connect(library.folder / "policylib.sqlite3", isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")
    try:
        blocked = library.run(*args, "--no-progress", check=False, POLICYLIB_SQLITE_TIMEOUT="0.2")
    finally:
        other_writer.execute("ROLLBACK")
        other_writer.close()

    assert blocked.returncode == 3, blocked.stderr
    assert "Another program kept the library's database busy for 0.2 seconds" in blocked.stderr
    assert "run the same command again to finish" in blocked.stderr
    assert "Traceback" not in blocked.stderr

    finished = library.run(*args, "--no-progress")
    assert "3 created, 0 updated, 0 unchanged, 0 failed" in finished.stdout
    again = library.run(*args, "--no-progress")
    assert "0 created, 0 updated, 3 unchanged, 0 failed" in again.stdout
