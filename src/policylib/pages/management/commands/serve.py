"""`policylib serve`: the production web server (gunicorn) and the task worker, together."""

import contextlib
import http.client
import ipaddress
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from policylib.env import private_folder

# The longest request line gunicorn takes (its own ceiling; the default is 4094): a search
# box filled to its maxlength must never be answered 414 (see search.query.MAX_QUERY_CHARS).
REQUEST_LINE_LIMIT = 8190
# How long the start-up block waits for the first answer before it is printed anyway.
READY_TIMEOUT = 120


def _reachable(host: str) -> str:
    """The address to reach a server bound to `host` (all interfaces: this machine's loopback)."""
    bare = host.strip("[]")
    try:
        address = ipaddress.ip_address(bare)
    except ValueError:
        return host or "127.0.0.1"  # a host name
    if address.is_unspecified:
        return "127.0.0.1"
    return f"[{bare}]" if address.version == 6 else bare


def gunicorn_command(host: str, port: str, workers: int, logs: Path) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "policylib.wsgi:application",
        "--bind", f"{host}:{port}",
        "--workers", str(workers),
        "--access-logfile", str(logs / "access.log"),
        "--error-logfile", str(logs / "server.log"),
        "--logger-class", "policylib.pages.server_logging.Logger",
        # Nothing uses gunicorn's control socket, and by default it lands in $HOME.
        "--no-control-socket",
        "--graceful-timeout", "20",
        "--timeout", "60",
        "--limit-request-line", str(REQUEST_LINE_LIMIT),
    ]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Serve the library with gunicorn on 127.0.0.1:$PORT, with the background task worker "
        "and the search index follower. Their routine lines go to the data folder's logs/; "
        "the terminal shows where to open the library, and warnings and errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1)),
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Run neither the task worker nor the index follower (another process does).",
        )

    def handle(self, *args, host, port, workers, no_worker, **options):
        if not str(port).isdigit():
            raise CommandError(f"The port must be a number, not {port!r} (--port or PORT).")
        python = sys.executable
        logs = private_folder(Path(settings.DATA_DIR) / "logs")
        helpers = [
            [python, "-m", "policylib", "db_worker"],
            [python, "-m", "policylib", "search", "follow"],
        ]
        self._sweep_file_store()
        if not (os.environ.get("POLICYLIB_SITE_URL") or os.environ.get("SITE_URL")):
            # Unconfigured, email links point where this server listens (its children inherit it).
            os.environ["POLICYLIB_SITE_URL"] = f"http://{_reachable(host)}:{port}"
        server_log = logs / "server.log"
        logged_before = server_log.stat().st_size if server_log.exists() else 0
        children = [
            subprocess.Popen(  # noqa: S603
                gunicorn_command(host, port, workers, logs),
                env=_logging_to(server_log),
            )
        ]
        if not no_worker:
            # Their own output (a task's start and end, the follower's greeting) is routine;
            # warnings and errors still reach the terminal through stderr.
            with (logs / "worker.log").open("ab") as worker_log:
                children += [
                    subprocess.Popen(  # noqa: S603
                        command, env=_logging_to(logs / "worker.log"), stdout=worker_log
                    )
                    for command in helpers
                ]

        def stop(signum, frame):
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            if _wait_until_answering(host, port, children[0], server_log, logged_before):
                self.stdout.write(self._ready_block(host, port, logs, no_worker))
            elif children[0].poll() is None:
                self.stderr.write(
                    f"The server has not answered within {READY_TIMEOUT} s; see {logs}."
                )
            self.stdout.flush()
            # When one process ends, stop the others: they run together or not at all.
            while all(child.poll() is None for child in children):
                with contextlib.suppress(subprocess.TimeoutExpired):
                    children[0].wait(timeout=1)
        finally:
            stop(None, None)
            for child in children:
                try:
                    child.wait(timeout=25)
                except subprocess.TimeoutExpired:
                    child.kill()
        if children[0].returncode:
            self.stderr.write(f"The server stopped; its log is {logs / 'server.log'}.")
        sys.exit(children[0].returncode or 0)

    def _ready_block(self, host: str, port: str, logs: Path, no_worker: bool) -> str:
        """What a person needs after start-up, in one block: where, who, where to read more."""
        from django.db import DatabaseError

        from policylib.accounts import administrator
        from policylib.reviews.demo import DEMO_PASSWORD, PEOPLE

        try:
            admin = administrator.where_is_the_password()
            demo = _existing_users([p.username for p in PEOPLE])
        except DatabaseError as exc:  # not migrated: the server says so on every page
            admin, demo = f"unknown ({exc})", []
        lines = [
            f"policylib is ready: {_address(host, port)}",
            f"Administrator:  {administrator.USERNAME}, {admin}",
        ]
        if demo:
            described = Path(settings.SOURCE_ROOT) / "docs" / "reviews.md"
            where = (
                f"see {_shown(described)}, “Demo accounts”"
                if described.is_file()
                else "see the reviews guide, “Demo accounts”"
            )
            lines.append(
                f"Demo accounts:  {', '.join(demo[:4])}, … (password {DEMO_PASSWORD}); {where}"
            )
        lines.append(f"Logs and mail:  {_shown(logs)}/, {_shown(Path(settings.EMAIL_FILE_PATH))}/")
        if no_worker:
            lines.append("No task worker or index follower here: another process runs them.")
        lines.append("Ctrl+C stops the library.")
        rule = "=" * max(len(line) for line in lines)
        return "\n".join(["", rule, *lines, rule, ""])

    def _sweep_file_store(self) -> None:
        """Before any request: what killed processes left in the file store."""
        from django.db import DatabaseError

        from policylib.library.files import sweep_incoming
        from policylib.library.store_check import sweep_unreferenced

        if removed := sweep_incoming():
            self.stdout.write(
                f"Removed {len(removed)} unfinished upload file(s) from the file store."
            )
        try:
            removed = sweep_unreferenced()
        except DatabaseError as exc:  # not migrated yet: nothing to compare the store with
            self.stderr.write(f"Left the file store unswept: {exc}")
            return
        if removed:
            self.stdout.write(
                f"Removed {len(removed)} stored file(s) no row names, a day old or more."
            )


def _existing_users(usernames: list[str]) -> list[str]:
    from django.contrib.auth import get_user_model

    found = set(
        get_user_model().objects.filter(username__in=usernames).values_list("username", flat=True)
    )
    return [name for name in usernames if name in found]


def _logging_to(path: Path) -> dict[str, str]:
    return {**os.environ, "POLICYLIB_LOG_FILE": str(path)}


def _local_host(host: str) -> str:
    """The address to reach a server bound to `host` from this machine."""
    bare = host.strip("[]")
    if not bare:
        return "127.0.0.1"
    with contextlib.suppress(ValueError):  # a host name, not an address
        address = ipaddress.ip_address(bare)
        if address.is_unspecified:  # every interface: this machine's own address will do
            return "::1" if address.version == 6 else "127.0.0.1"
    return bare


def _address(host: str, port: str) -> str:
    local = _local_host(host)
    return f"http://[{local}]:{port}/" if ":" in local else f"http://{local}:{port}/"


def _shown(path: Path) -> str:
    """A path as short as it can be said: relative to the current folder when it is below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _wait_until_answering(
    host: str, port: str, server: subprocess.Popen, log: Path, offset: int
) -> bool:
    """Whether this gunicorn listens and answers HTTP (any status: a worker has booted) within
    READY_TIMEOUT. Its log must say that it, by its process id, is listening: another server
    already on the port would answer too."""
    deadline = time.monotonic() + READY_TIMEOUT
    listening = "Listening at: "
    own = f"({server.pid})"
    while time.monotonic() < deadline and server.poll() is None:
        time.sleep(0.2)
        lines: list[str] = []
        with contextlib.suppress(FileNotFoundError), log.open("rb") as handle:
            handle.seek(offset)
            lines = handle.read().decode(errors="replace").splitlines()
        if not any(listening in line and line.endswith(own) for line in lines):
            continue
        connection = http.client.HTTPConnection(_local_host(host), int(port), timeout=5)
        try:
            connection.request("GET", "/accounts/login/")
            connection.getresponse().read()
            return True
        except (OSError, http.client.HTTPException):
            continue
        finally:
            connection.close()
    return False
