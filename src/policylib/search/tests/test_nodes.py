"""The index in real processes: followers killed with SIGKILL, and two nodes on one database.

Each test runs `policylib` commands as subprocesses over a database of its own: a SQLite file,
or a new database on the PostgreSQL server named by POLICYLIB_TEST_DATABASE_URL.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

SEED = """
from policylib.library import services
from policylib.library.models import DocumentType, Library, Status

library, _ = Library.objects.get_or_create(slug="directives", defaults={"name": "Directives"})
kind, _ = DocumentType.objects.get_or_create(slug="directive", defaults={"name": "Directive"})
for number, word in enumerate(WORDS):
    services.create_document(
        by=None, identifier=f"NODE {word}", title=f"Policy on {word}",
        summary=f"Rules for {word} number {number}.", status=Status.CURRENT,
        library=library, document_type=kind,
    )
"""

RETITLE = """
from policylib.library import services
from policylib.library.models import Document

for document in Document.objects.filter(title__startswith="Policy on"):
    services.update_document(
        document=document, by=None, title=document.title.replace("Policy on", PREFIX)
    )
"""


def seed(words: list[str]) -> str:
    return f"WORDS = {words!r}\n{SEED}"


def retitle(prefix: str) -> str:
    return f"PREFIX = {prefix!r}\n{RETITLE}"


@pytest.fixture
def shared_database(tmp_path):
    """A database URL that several processes share, dropped afterwards."""
    server = os.environ.get("POLICYLIB_TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    name = f"policylib_nodes_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(server), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_database(server, name)
    finally:
        with psycopg.connect(_libpq(server), autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


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


def _with_database(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


class Node:
    """One machine serving the library: its own data folder and index, the shared database."""

    def __init__(self, folder: Path, database_url: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("POLICYLIB_", "DJANGO_", "PYTEST_"))
        }
        self.env |= {"POLICYLIB_DATA_DIR": str(folder), "DATABASE_URL": database_url}
        self.follower: subprocess.Popen | None = None

    @property
    def index(self) -> Path:
        return self.folder / "index"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "policylib", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=check,
        )

    def shell(self, code: str) -> None:
        self.run("shell", "-c", code)

    def start_follower(self) -> None:
        self.follower = subprocess.Popen(
            [sys.executable, "-m", "policylib", "search", "follow", "--interval", "0.1"],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        # Its first line says it is running and will stop gracefully on SIGTERM.
        assert "Keeping the search index in step" in self.follower.stdout.readline()

    def stop_follower(self, sig: int = signal.SIGTERM) -> int:
        assert self.follower is not None
        self.follower.send_signal(sig)
        code = self.follower.wait(timeout=30)
        self.follower = None
        return code

    def titles(self, text: str, mode: str = "hybrid") -> list[str]:
        output = self.run("search", "query", text, "--json", "--mode", mode).stdout
        return sorted(json.loads(line)["title"] for line in output.splitlines() if line)

    def wait_for(self, text: str, expected: list[str], timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while (found := self.titles(text)) != expected:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.folder.name} found {found}, not {expected}")
            time.sleep(0.2)


@pytest.fixture
def nodes(tmp_path, shared_database):
    made: list[Node] = []

    def make(name: str) -> Node:
        node = Node(tmp_path / name, shared_database)
        made.append(node)
        return node

    yield make
    for node in made:
        if node.follower is not None:
            node.follower.kill()
            node.follower.wait()


def test_two_nodes_sharing_one_database_both_converge(nodes):
    first, second = nodes("first"), nodes("second")
    first.run("migrate", "--noinput")
    first.shell(seed(["quokka", "escort"]))
    first.start_follower()
    second.start_follower()
    first.wait_for("quokka", ["Policy on quokka"])
    second.wait_for("quokka", ["Policy on quokka"])

    # A change made on one node reaches the other node's index through its own outbox.
    second.shell(seed(["wombat"]))
    first.shell(retitle("Directive on"))
    for node in (first, second):
        node.wait_for("wombat", ["Directive on wombat"])
        node.wait_for("escort", ["Directive on escort"])
        assert node.titles("policy") == []

    assert first.stop_follower() == 0
    assert second.stop_follower() == 0
    for node in (first, second):
        # `search check` compares the passage vectors with the database too.
        assert "The index matches the database." in node.run("search", "check").stdout
        # Each node ranks by meaning from vectors of its own, written by its own follower.
        assert (node.index / "vectors" / "state.json").exists()
        assert "Directive on wombat" in node.titles("Directive on wombat", mode="semantic")


def test_index_survives_sigkill_of_its_follower_and_a_deleted_folder(nodes):
    node = nodes("node")
    node.run("migrate", "--noinput")
    words = [f"word{number}" for number in range(300)]
    node.shell(seed(words))
    node.run("search", "apply")
    node.shell(retitle("Amended policy on"))  # 300 queued changes

    # Kill the follower at different moments of its work, then let a fresh one finish.
    for delay in (0.3, 0.8, 1.5):
        node.start_follower()
        time.sleep(delay)
        node.stop_follower(signal.SIGKILL)
    node.start_follower()
    node.wait_for("word7", ["Amended policy on word7"])
    assert node.stop_follower() == 0
    checked = node.run("search", "check", check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # A lost index folder is rebuilt from the database by the follower.
    shutil.rmtree(node.index)
    node.start_follower()
    node.wait_for("word299", ["Amended policy on word299"])
    assert node.stop_follower() == 0
    assert node.run("search", "check").returncode == 0
