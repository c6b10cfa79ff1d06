"""A real policylib site for the browser: a prepared data folder served by `policylib serve`.

The server runs as it does in production (gunicorn, whitenoise with collected, hashed static
files, the background worker, DEBUG off), in its own processes, on a free loopback port. The
database is SQLite in the data folder, or a fresh database on the PostgreSQL server that
POLICYLIB_TEST_DATABASE_URL names, dropped afterwards.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# Settings the server must not inherit from the shell that runs the tests.
_DROPPED = ("POLICYLIB_", "DATABASE_", "EMAIL_", "SECURE_")
_DROPPED_NAMES = {"DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL", "PORT", "HOST"}
_KEPT = {"POLICYLIB_FRONTEND_DIR"}


class SiteError(RuntimeError):
    """The site could not be prepared or started; the message includes its log."""


@dataclass
class Site:
    url: str
    data_dir: Path
    log: Path
    process: subprocess.Popen
    database: "_Database | None" = None

    def server_log(self) -> str:
        """What the server printed, then its logs and the mail it wrote (no SMTP host is set),
        all from the data folder."""
        written = sorted((self.data_dir / "logs").glob("*.log"))
        written += sorted((self.data_dir / "mail").glob("*"))
        return "\n".join(
            path.read_text(errors="replace") for path in [self.log, *written] if path.is_file()
        )

    def command(self, *args: str) -> str:
        """Run `policylib <args>` on the site's data, as cron or an operator would; its output."""
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "policylib", *args],
            env=_environment(self.data_dir, self.database),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode:
            raise SiteError(f"policylib {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def stop(self) -> None:
        if self.process.poll() is None:
            # `serve` passes SIGTERM on to gunicorn and the worker and waits for both.
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own session: only its children
                self.process.wait(timeout=10)
        if self.database:
            self.database.drop()


class _Database:
    """A throwaway database on the test PostgreSQL server."""

    def __init__(self, server_url: str, name: str):
        self.server_url = server_url
        self.name = name
        self.url = urllib.parse.urlsplit(server_url)._replace(path=f"/{name}").geturl()

    def _run(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as connection:
            connection.execute(sql)

    def create(self) -> None:
        self.drop()
        self._run(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _environment(data_dir: Path, database: _Database | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key in _KEPT or not (key.startswith(_DROPPED) or key in _DROPPED_NAMES)
    }
    env.update(
        POLICYLIB_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="policylib.settings",
        PYTHONUNBUFFERED="1",
        WEB_CONCURRENCY="2",
        # gunicorn's control socket has one default path per user; test servers need none.
        GUNICORN_CMD_ARGS="--no-control-socket",
    )
    if database:
        env["DATABASE_URL"] = database.url
    return env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def prepare(data_dir: Path, *, database: _Database | None = None) -> None:
    """Build the data folder: schema, static files, demo library, test people, search index."""
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / "prepare.log"
    with log.open("wb") as out:
        done = subprocess.run(
            [sys.executable, "-m", "policylib.browser_tests.prepare"],
            env=_environment(data_dir, database),
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=600,
            check=False,
        )
    if done.returncode:
        raise SiteError(f"Preparing {data_dir} failed:\n{_tail(log)}")


def _wait_until_ready(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SiteError(f"The server stopped while starting:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            raise SiteError(f"{url} answered {error.code}:\n{_tail(log)}") from error
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise SiteError(f"The server did not answer {url} within {timeout:.0f} s:\n{_tail(log)}")


def start(data_dir: Path, *, database: _Database | None = None, timeout: float = 180) -> Site:
    """Serve a prepared data folder; the returned Site must be stopped."""
    log = data_dir / "server.log"
    port = _free_port()
    out = log.open("ab")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "policylib", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=_environment(data_dir, database),
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    out.close()
    site = Site(f"http://127.0.0.1:{port}", data_dir, log, process, database)
    try:
        _wait_until_ready(site.url + "/", process, log, timeout)
    except BaseException:
        site.stop()
        raise
    return site


def launch(data_dir: Path) -> Site:
    """Prepare a data folder and serve it (on PostgreSQL when the tests are given a server)."""
    database = None
    server_url = os.environ.get("POLICYLIB_TEST_DATABASE_URL")
    if server_url:
        database = _Database(server_url, f"policylib_browser_{os.getpid()}")
        database.create()
    try:
        prepare(data_dir, database=database)
        return start(data_dir, database=database)
    except BaseException:
        if database:
            database.drop()
        raise
