"""The SQLite database and its -wal and -shm files are readable by this account only."""

from pathlib import Path

from policylib.env import PRIVATE_FILE, make_private

SQLITE_FILES = ("", "-wal", "-shm")


def restrict_sqlite_files(sender, connection, **kwargs) -> None:
    """On each new connection, narrow the database's files to 0600.

    The `policylib` command's umask already creates them so; this covers a database made by a
    process without it (gunicorn started by hand, a copy restored by another tool) and a data
    folder from an older release. SQLite gives the -wal and -shm files it creates later the
    mode of the database file, so they follow.
    """
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return  # an in-memory database (tests) has no file
    for suffix in SQLITE_FILES:
        make_private(Path(f"{name}{suffix}"), PRIVATE_FILE)
