"""Libraries of their own, run through the `policylib` command in child processes.

Each has its own data folder and, when the suite runs on PostgreSQL, its own database on that
server, so a test can kill an import, back up while something writes, or restore into a fresh
library exactly as a person would.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

TIMEOUT = 1800


class ChildLibrary:
    def __init__(self, folder: Path, database_url: str | None) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env["POLICYLIB_DATA_DIR"] = str(self.folder)
        env.pop("POLICYLIB_INDEX_DIR", None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        else:
            env.pop("DATABASE_URL", None)
        env.update(extra)
        return env

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "policylib", *args]

    def run(self, *args: str, check: bool = True, **extra: str) -> subprocess.CompletedProcess:
        done = subprocess.run(  # noqa: S603 - our own command
            self.command(*args),
            env=self.env(**extra),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"policylib {' '.join(args)} failed ({done.returncode}):\n"
                f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
            )
        return done

    def start(self, *args: str, **extra: str) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603 - our own command
            self.command(*args),
            env=self.env(**extra),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def kill_when(self, args: list[str], bar: str, at: int, **extra: str) -> None:
        """Run the command and kill -9 it once the progress bar `bar` has passed `at`."""
        child = self.start(*args, **extra)
        pattern = re.compile(rf"{re.escape(bar)}:\s+\d+%\|[^|]*\|\s*(\d+)/(\d+)".encode())
        seen = b""
        deadline = time.monotonic() + TIMEOUT
        try:
            while time.monotonic() < deadline:
                chunk = os.read(child.stderr.fileno(), 65536)
                if not chunk:
                    child.wait()
                    raise AssertionError(
                        f"policylib {' '.join(args)} ended ({child.returncode}) before "
                        f"{bar!r} reached {at}:\n{seen[-3000:].decode(errors='replace')}"
                    )
                seen = (seen + chunk)[-20000:]
                done = [int(n) for n, _ in pattern.findall(seen)]
                if done and max(done) >= at:
                    child.send_signal(signal.SIGKILL)
                    break
        finally:
            child.wait(timeout=60)
            child.stderr.close()
        assert child.returncode == -signal.SIGKILL

    def shell(self, code: str) -> str:
        return self.run("shell", "--no-imports", "-c", code).stdout

    def state(self, *, exact: bool = True) -> dict:
        code = f"from policylib.backups.tests.state import print_state; print_state({exact})"
        return json.loads(self.shell(code).strip().splitlines()[-1])


class ScratchDatabases:
    """Fresh PostgreSQL databases on the test server (none on SQLite: each folder has its own)."""

    def __init__(self) -> None:
        self.server = os.environ.get("POLICYLIB_TEST_DATABASE_URL", "")
        self.created: list[str] = []

    def new(self) -> str | None:
        if not self.server:
            return None
        name = f"policylib_child_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.server, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created.append(name)
        return urlunsplit(urlsplit(self.server)._replace(path=f"/{name}"))

    def drop_all(self) -> None:
        if not self.created:
            return
        with psycopg.connect(self.server, autocommit=True) as connection:
            for name in self.created:
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
