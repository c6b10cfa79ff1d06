"""The tantivy index on disk: where it lives, one writer at a time, fresh readers per process.

Readers are cached per process and reloaded when the index's `meta.json` changes (a stat per
request), so every web worker sees a commit at once. Writers take a file lock in the index
folder, so the task worker, `policylib reindex` and `policylib search apply` never collide.
"""

import fcntl
import json
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import tantivy
from django.conf import settings

from policylib.env import PRIVATE_FILE, private_folder
from policylib.search import vectors
from policylib.search.schema import (
    ANALYZER,
    SCHEMA_VERSION,
    build_analyzer,
    build_schema,
)

VERSION_FILE = "policylib-index.json"
LOCK_FILE = ".policylib-writer.lock"


def index_dir() -> Path:
    configured = getattr(settings, "POLICYLIB_INDEX_DIR", None) or os.environ.get(
        "POLICYLIB_INDEX_DIR"
    )
    return Path(configured) if configured else Path(settings.DATA_DIR) / "index"


def node_name() -> str:
    """Who keeps this index: the machine and the folder, unless POLICYLIB_INDEX_NODE names it.

    Stable across restarts (so a node resumes its own outbox) and distinct for two index
    folders sharing one database.
    """
    configured = getattr(settings, "POLICYLIB_INDEX_NODE", None) or os.environ.get(
        "POLICYLIB_INDEX_NODE"
    )
    return configured or f"{socket.gethostname()}:{index_dir().resolve()}"


def _version_ok(path: Path) -> bool:
    try:
        return json.loads((path / VERSION_FILE).read_text()).get("schema") == SCHEMA_VERSION
    except (OSError, ValueError, AttributeError):
        return False


def _prepare(index: tantivy.Index) -> tantivy.Index:
    # Custom analyzers are not stored in the index; every opening registers them.
    index.register_tokenizer(ANALYZER, build_analyzer())
    return index


@dataclass
class _Reader:
    index: tantivy.Index
    folder_inode: int
    meta_signature: tuple[int, int, int]


_readers: dict[str, _Reader] = {}
_readers_lock = threading.Lock()


def searcher() -> tuple[tantivy.Index, tantivy.Searcher] | None:
    """The index and a searcher over its latest commit, or None when there is no index."""
    path = index_dir()
    try:
        meta = (path / "meta.json").stat()
        folder = path.stat()
    except FileNotFoundError:
        return None
    signature = (meta.st_ino, meta.st_mtime_ns, meta.st_size)
    key = str(path)
    with _readers_lock:
        reader = _readers.get(key)
        if reader is None or reader.folder_inode != folder.st_ino:
            if not _version_ok(path):
                return None
            try:
                index = _prepare(tantivy.Index.open(key))
                index.config_reader(reload_policy="manual")
            except ValueError:
                return None
            reader = _Reader(index, folder.st_ino, signature)
            _readers[key] = reader
        elif reader.meta_signature != signature:
            reader.index.reload()
            reader.meta_signature = signature
        return reader.index, reader.index.searcher()


def forget_readers() -> None:
    with _readers_lock:
        _readers.clear()
    vectors.forget()


def vector_store() -> "vectors.Store | None":
    """The passage vectors beside the index, as committed now (None when there are none)."""
    return vectors.store(index_dir())


@dataclass
class Writing:
    """The index's one writer and the passage vectors beside it, committed together."""

    index: tantivy.Index
    writer: tantivy.IndexWriter
    vectors: vectors.VectorWriter
    created: bool  # a new, empty index: the caller should fill it from the database

    def add(self, entry: tantivy.Document) -> None:
        self.writer.add_document(entry)
        self.vectors.add(entry)

    def delete_document(self, pk: int) -> None:
        """A library document and its pages."""
        self.writer.delete_documents_by_term("id", int(pk))
        self.vectors.remove(int(pk))

    def delete_record(self, ref: str) -> None:
        self.writer.delete_documents_by_term("ref", ref)
        kind, _, pk = ref.partition(":")
        if kind in vectors.KIND_NUMBERS and pk.isdigit():
            self.vectors.remove(vectors.record_owner(kind, int(pk)))

    def delete_all(self) -> None:
        self.writer.delete_all_documents()
        self.vectors.clear()

    def commit(self) -> None:
        # The index first: a crash in between leaves vectors older than the index, which
        # `search check` reports and `repair` rewrites.
        self.writer.commit()
        self.vectors.commit()


@contextmanager
def writing(*, heap_bytes: int = 64_000_000, threads: int = 1) -> Iterator[Writing]:
    """The one writer, under a file lock; creates (or re-creates) a missing or outdated index."""
    # Private like the rest of the data folder: the index holds the text of every document.
    path = private_folder(index_dir())
    lock_fd = os.open(path / LOCK_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
    with os.fdopen(lock_fd, "a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            created = False
            if not (tantivy.Index.exists(str(path)) and _version_ok(path)):
                _clear(path)
                index = tantivy.Index(build_schema(), path=str(path), reuse=False)
                (path / VERSION_FILE).write_text(json.dumps({"schema": SCHEMA_VERSION}))
                created = True
            else:
                index = tantivy.Index.open(str(path))
            _prepare(index)
            writer = index.writer(heap_size=heap_bytes, num_threads=threads)
            vector_writer = vectors.VectorWriter(path)
            try:
                yield Writing(index, writer, vector_writer, created)
            except BaseException:
                writer.rollback()
                vector_writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _clear(path: Path) -> None:
    for child in path.iterdir():
        if child.name == LOCK_FILE:
            continue
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()


def size_bytes() -> int:
    path = index_dir()
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0
