"""Real policylib processes for the fault tests: servers and workers that can be killed.

Each test gets a data folder and a database of its own: a SQLite file, or a new database on the
PostgreSQL server that POLICYLIB_TEST_DATABASE_URL names (dropped afterwards). The schema is
migrated once per test session into a template and copied for each test, which takes a moment
where migrating takes many seconds.
"""

import contextlib
import fcntl
import html as html_module
import json
import os
import queue
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

# Settings the processes must not inherit from the shell that runs the tests.
_DROPPED = ("POLICYLIB_", "DATABASE_", "DJANGO_", "PYTEST_", "EMAIL_")
_DROPPED_NAMES = {"DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL", "PORT", "HOST"}
_KEPT = {"POLICYLIB_FRONTEND_DIR"}

STAFF_PASSWORD = "correct horse battery staple"  # noqa: S105 - a throwaway test account

SETUP = """
from django.contrib.auth.models import Permission, User
from policylib.library import services
from policylib.library.models import DocumentType, Library, Status

staff = User.objects.create_user("carol", password=PASSWORD, is_staff=True)
staff.user_permissions.set(Permission.objects.filter(
    content_type__app_label="library",
    codename__in=["view_document", "change_document", "add_document"],
))
library, _ = Library.objects.get_or_create(slug="directives", defaults={"name": "Directives"})
kind, _ = DocumentType.objects.get_or_create(slug="directive", defaults={"name": "Directive"})
ids = [
    services.create_document(
        by=None, identifier=f"FAULT {number}", title=title, status=Status.CURRENT,
        library=library, document_type=kind,
    ).pk
    for number, title in enumerate(TITLES, 1)
]
print(json.dumps(ids))
"""

FILES_REPORT = """
import hashlib
from policylib.library.files import blob_path
from policylib.library.models import DocumentFile

rows = []
for row in DocumentFile.objects.order_by("pk"):
    path = blob_path(row.blob)
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    rows.append({
        "pk": row.pk, "document": row.document_id, "name": row.original_name, "role": row.role,
        "sha256": row.sha256, "size": row.size, "blob": row.blob, "stored_sha256": digest,
    })
print(json.dumps(rows))
"""


def environment(data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key in _KEPT or not (key.startswith(_DROPPED) or key in _DROPPED_NAMES)
    }
    env.update(
        POLICYLIB_DATA_DIR=str(data_dir),
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="policylib.settings",
        PYTHONUNBUFFERED="1",
        GUNICORN_CMD_ARGS="--no-control-socket",
    )
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Databases -----------------------------------------------------------------------------------


def postgres_server() -> str | None:
    return os.environ.get("POLICYLIB_TEST_DATABASE_URL") or None


def _libpq(url: str) -> str:
    import dj_database_url

    config = dj_database_url.parse(url)
    parts = {
        "dbname": config["NAME"],
        "user": config["USER"],
        "password": config["PASSWORD"],
        "host": config["HOST"],
        "port": config["PORT"],
    }
    return " ".join(f"{key}='{value}'" for key, value in parts.items() if value)


def _postgres(server: str, statement) -> None:
    import psycopg

    with psycopg.connect(_libpq(server), autocommit=True) as connection:
        connection.execute(statement)


def _named(server: str, name: str) -> str:
    return urllib.parse.urlsplit(server)._replace(path=f"/{name}").geturl()


class Databases:
    """Migrated databases for tests: one template per session, a copy per test."""

    def __init__(self, folder: Path, shared: Path) -> None:
        self.folder = folder
        self.shared = shared
        self.server = postgres_server()
        self._template: str | None = None
        self._made: list[str] = []

    @property
    def engine(self) -> str:
        return "PostgreSQL" if self.server else "SQLite"

    def _migrate(self, url: str) -> None:
        data = self.folder / "template-data"
        data.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "policylib", "migrate", "--noinput"],
            env=environment(data, url),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode:
            raise AssertionError(f"Migrating the template database failed:\n{done.stderr[-3000:]}")

    def _template_url(self) -> str:
        if self._template is None:
            if self.server:
                from psycopg import sql

                name = f"policylib_faults_template_{uuid.uuid4().hex[:8]}"
                _postgres(self.server, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                self._made.append(name)
                self._template = name
                self._migrate(_named(self.server, name))
            else:
                # One SQLite template for every test process of the run.
                path = self.shared / "template.sqlite3"
                with (self.shared / "template.lock").open("w") as lock:
                    fcntl.flock(lock, fcntl.LOCK_EX)
                    if not path.exists():
                        self._migrate(f"sqlite:///{path}.part")
                        Path(f"{path}.part").rename(path)
                self._template = str(path)
        return self._template

    def static_files(self) -> Path:
        """Static files collected once for every test process (the server runs with DEBUG off,
        so it needs them hashed in a manifest, as in production)."""
        static = self.shared / "static"
        with (self.shared / "static.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (static / "staticfiles.json").exists():
                data = self.shared / "static-data"
                data.mkdir(exist_ok=True)
                done = subprocess.run(
                    [sys.executable, "-m", "policylib", "collectstatic", "--noinput", "-v0"],
                    env=environment(data, f"sqlite:///{data / 'unused.sqlite3'}"),
                    capture_output=True,
                    text=True,
                    timeout=600,
                    check=False,
                )
                if done.returncode:
                    raise AssertionError(f"collectstatic failed:\n{done.stderr[-3000:]}")
                (data / "static").rename(static)
        return static

    def new(self, data_dir: Path) -> str:
        """A fresh migrated database for one test; its URL."""
        data_dir.mkdir(parents=True, exist_ok=True)
        template = self._template_url()
        if self.server:
            from psycopg import sql

            name = f"policylib_faults_{uuid.uuid4().hex[:12]}"
            _postgres(
                self.server,
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                ),
            )
            self._made.append(name)
            return _named(self.server, name)
        path = data_dir / "policylib.sqlite3"
        with (
            contextlib.closing(sqlite3.connect(template)) as source,
            contextlib.closing(sqlite3.connect(path)) as copy,
        ):
            source.backup(copy)
        return f"sqlite:///{path}"

    def drop_all(self) -> None:
        if not self.server:
            return
        from psycopg import sql

        for name in reversed(self._made):
            _postgres(
                self.server,
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)),
            )


# A node: data folder, commands, server, worker ---------------------------------------------------


class Node:
    """One installation of policylib: its data folder, the database, and the processes on them."""

    def __init__(self, folder: Path, database_url: str, static_files=None, **env: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.database_url = database_url
        self.env = environment(folder, database_url, **env)
        self.server: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.static_files = static_files
        self.url = ""
        self.log = folder / "server.log"

    @property
    def files(self) -> Path:
        return self.folder / "files"

    @property
    def incoming(self) -> Path:
        return self.files / "incoming"

    def run(self, *args: str, check: bool = True, timeout: float = 180) -> str:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "policylib", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode:
            raise AssertionError(
                f"policylib {' '.join(args[:2])} failed ({done.returncode}):\n{done.stderr[-3000:]}"
            )
        return done.stdout

    def shell(self, code: str, **names) -> object:
        """Run Python in `policylib shell`; `names` are given to it as JSON; its last printed
        line is parsed as JSON and returned."""
        prelude = "import json\n" + "".join(
            f"{name} = json.loads({json.dumps(json.dumps(value))})\n"
            for name, value in names.items()
        )
        output = self.run("shell", "-c", prelude + code).strip().splitlines()
        return json.loads(output[-1]) if output else None

    def setup(self, titles: list[str]) -> list[int]:
        """Library staff carol, and documents with these titles; their ids."""
        return self.shell(SETUP, PASSWORD=STAFF_PASSWORD, TITLES=titles)

    def stored_files(self) -> list[dict]:
        """Every DocumentFile row, with the SHA-256 of the blob it points at (None if missing)."""
        return self.shell(FILES_REPORT)

    def incoming_files(self) -> list[str]:
        return sorted(p.name for p in self.incoming.iterdir()) if self.incoming.exists() else []

    # The server.

    def start_server(self, *, workers: int = 1, timeout: float = 90) -> None:
        static = self.folder / "static"
        if self.static_files and not static.is_symlink():
            if static.exists():
                static.rmdir()  # made empty by the settings of an earlier command
            static.symlink_to(self.static_files(), target_is_directory=True)
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        serve = ["serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port)]
        with self.log.open("ab") as out:
            self.server = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "policylib", *serve, "--workers", str(workers)],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise AssertionError(f"The server stopped while starting:\n{self.server_log()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/accounts/login/", timeout=5).status_code == 200:
                    return
            time.sleep(0.2)
        raise AssertionError(f"The server did not start within {timeout} s:\n{self.server_log()}")

    def kill_server(self) -> None:
        """SIGKILL `serve`, gunicorn and its workers at once, as a power cut or the OOM killer."""
        assert self.server is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.server.pid, signal.SIGKILL)
        self.server.wait(timeout=30)
        self.server = None
        self._wait_for_group_to_end()

    def stop_server(self) -> None:
        if self.server is None:
            return
        self.server.send_signal(signal.SIGTERM)
        try:
            self.server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait(timeout=10)
        self.server = None

    def _wait_for_group_to_end(self) -> None:
        # The port and the file locks are free only once every process of the group is gone.
        port = int(self.url.rsplit(":", 1)[1])
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
                if probe.connect_ex(("127.0.0.1", port)) != 0:
                    return
            time.sleep(0.1)

    def server_log(self) -> str:
        """The end of what the server printed and of its own log in the data folder."""
        logs = [self.log, self.folder / "logs" / "server.log"]
        return "\n".join(
            path.read_text(errors="replace")[-5000:] for path in logs if path.is_file()
        )

    def login(self) -> requests.Session:
        """A browser session of carol, library staff."""
        session = requests.Session()
        session.get(f"{self.url}/accounts/login/", timeout=30)
        answer = session.post(
            f"{self.url}/accounts/login/",
            data={
                "username": "carol",
                "password": STAFF_PASSWORD,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            timeout=30,
            allow_redirects=False,
        )
        assert answer.status_code == 302, answer.text[:2000]
        return session

    # The background worker.

    def start_worker(self) -> "Output":
        """Start `policylib db_worker`; what it prints, to wait on."""
        options = ["--no-startup-delay", "--interval", "0.2", "--no-reload"]
        self.worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "policylib", "db_worker", *options],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        return Output(self.worker)

    def kill_worker(self, sig: int = signal.SIGKILL) -> None:
        assert self.worker is not None
        self.worker.send_signal(sig)
        self.worker.wait(timeout=30)
        self.worker = None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.stop_server()
        if self.worker is not None:
            self.worker.kill()
            self.worker.wait()


class Output:
    """The lines a process prints, read in a thread so that waiting for one can time out."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(process.stdout,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in iter(stream.readline, ""):
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, pattern: str, timeout: float = 120) -> str:
        """The first new line matching the regular expression `pattern`."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                raise AssertionError("The process ended. It printed:\n" + "".join(self.lines))
            self.lines.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"No line matched {pattern!r} in {timeout} s:\n" + "".join(self.lines))


def csrf_token(session: requests.Session) -> str:
    return session.cookies["csrftoken"]


def upload_form(session: requests.Session, role: str = "attachment") -> dict[str, str]:
    return {"csrfmiddlewaretoken": csrf_token(session), "role": role}


def page_text(html: str) -> str:
    """The words of a page, without tags, for assertions on what a person reads."""
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", html))).strip()


# Fixtures (imported by the root conftest) ---------------------------------------------------------


@pytest.fixture(scope="session")
def fault_databases(tmp_path_factory) -> Iterator[Databases]:
    """Migrated databases for tests that run policylib in real processes."""
    # Static files are shared by the test processes of one run (pytest -n), not across runs.
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    databases = Databases(tmp_path_factory.mktemp("process-databases"), shared)
    yield databases
    databases.drop_all()


@pytest.fixture
def make_node(tmp_path, fault_databases):
    """Make a Node: a data folder of its own over a fresh migrated database."""
    made: list[Node] = []

    def make(name: str = "node", **env: str) -> Node:
        folder = tmp_path / name
        node = Node(folder, fault_databases.new(folder), fault_databases.static_files, **env)
        made.append(node)
        return node

    yield make
    for node in made:
        node.close()
