"""The `policylib` console command: Django's management commands plus policylib's own."""

import os
import sys


def main() -> None:
    # Everything this process and its children create is for this account only (0600 files,
    # 0700 folders). A umask, not a chmod after the fact, because much of it is written by code
    # that is not ours: SQLite's -wal and -shm files, Tantivy's index segments, gunicorn and the
    # task worker (started by `policylib serve`, they inherit it), backups and exports.
    os.umask(0o077)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policylib.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["policylib", *sys.argv[1:]])


if __name__ == "__main__":
    main()
