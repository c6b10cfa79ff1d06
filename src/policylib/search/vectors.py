"""Passage vectors beside the tantivy index: what semantic search ranks.

Rows come from the index entries themselves (see `rows_of`): a library document has a row for
its heading (identifier, title, subjects, summary) and one per passage of its text, pages
joined in order until a passage holds PASSAGE_WORDS words (a passage keeps the number of the
page it starts on); another record (agreement, delegation, help question) has its heading and
its body. Passages of about a thousand words ranked best on the judged questions (200 to 1,600
were tried), and they keep a long document to a few rows. Each row keeps its owner, its first
and last page (-1 for the heading) and the owner's stamp, so `search check` can tell stale
vectors.

Storage: immutable segments of NumPy arrays in `<index>/vectors/`, named by `state.json`. Each
commit writes one segment holding the new rows and the owners it replaces or removes; an owner's
rows in older segments are dead from then on. Writing happens under the index's writer lock, in
the same step as the tantivy commit (see engine.Writing), so vectors follow the outbox with the
index, are rebuilt with it and are cleared with it. Readers map the segments read-only (the
page cache shares them between processes) and reload when `state.json` changes. Small segments
are merged as they accumulate.
"""

import json
import os
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import tantivy

from policylib.env import PRIVATE_FILE
from policylib.search import semantic

FOLDER = "vectors"
STATE = "state.json"
FORMAT = 1
HEADING = -1  # the page of a heading row
KEYS = 4  # owner, first page, last page, stamp
KIND_NUMBERS = {"agreement": 1, "delegation": 2, "help": 3}
MAX_SEGMENTS = 32
DEAD_SHARE_LIMIT = 2 / 3  # fewer live rows than this share of all: merge everything
FLUSH_ROWS = 50_000  # a rebuild writes a segment every this many rows, to bound its memory
# Up to this many rows every vector is compared; past it, bit signatures pick candidates first.
EXACT_ROWS = 60_000
CANDIDATES = 2_000
PASSAGE_WORDS = 800


def owner_of(entry_fields: dict) -> int | None:
    """The owner number of an index entry: a document's id, or -(kind << 32 | id) for others."""
    reference = _first(entry_fields, "ref")
    if reference:
        kind, _, pk = str(reference).partition(":")
        number = KIND_NUMBERS.get(kind)
        return -((number << 32) | int(pk)) if number and pk.isdigit() else None
    pk = _first(entry_fields, "id")
    return int(pk) if pk is not None else None


def record_owner(kind: str, pk: int) -> int:
    return -((KIND_NUMBERS[kind] << 32) | int(pk))


def owner_record(owner: int) -> tuple[str, int]:
    """("document", id) or ("agreement", id), … for an owner number."""
    if owner > 0:
        return "document", owner
    value = -owner
    number, pk = value >> 32, value & 0xFFFFFFFF
    kind = next(k for k, n in KIND_NUMBERS.items() if n == number)
    return kind, pk


def _first(fields: dict, name: str):
    values = fields.get(name)
    return values[0] if values else None


def rows_of(entry: tantivy.Document) -> tuple[int, int, str, int] | None:
    """(owner, page, text, stamp) of the row an index entry makes, or None."""
    fields = entry.to_dict()
    owner = owner_of(fields)
    if owner is None:
        return None
    kind = _first(fields, "kind")
    if kind == "page":
        text = _first(fields, "page_text") or ""
        return (owner, int(_first(fields, "page") or 0), text, 0) if text.strip() else None
    heading = [_first(fields, "identifier"), _first(fields, "title"),
               *(fields.get("subjects") or []), _first(fields, "summary")]  # fmt: skip
    stamp = int(_first(fields, "stamp") or 0)
    return owner, HEADING, " ".join(str(p) for p in heading if p), stamp


def body_row(entry: tantivy.Document) -> tuple[int, int, str, int] | None:
    """Records other than library documents have no page entries: their body is one row."""
    fields = entry.to_dict()
    if _first(fields, "kind") in (None, "doc", "page"):
        return None
    owner = owner_of(fields)
    body = _first(fields, "body") or ""
    return (owner, 0, body, 0) if owner is not None and body.strip() else None


# -- Writing ---------------------------------------------------------------------------------


@dataclass
class _Pending:
    keys: list[tuple[int, int, int, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)


class VectorWriter:
    """Collects the rows of one commit; `commit()` writes them as a segment."""

    def __init__(self, index_folder: Path) -> None:
        self.folder = index_folder / FOLDER
        self.pending = _Pending()
        self.passage: list | None = None  # owner, first page, last page, texts, words
        self.cleared = False  # cleared since the last commit: the next starts afresh
        self.rebuilt = False  # rebuilt by several commits: the last merges them

    def add(self, entry: tantivy.Document) -> None:
        for row in (rows_of(entry), body_row(entry)):
            if row is None:
                continue
            owner, page, text, stamp = row
            if page == HEADING or owner < 0:
                self._close_passage()
                self._row(owner, page, page, text, stamp)
                continue
            # A page of a document: joined to the passage being collected, if it is this
            # document's and not yet long enough.
            words = len(text.split())
            if self.passage is not None and self.passage[0] == owner:
                self.passage[2] = page
                self.passage[3].append(text)
                self.passage[4] += words
            else:
                self._close_passage()
                self.passage = [owner, page, page, [text], words]
            if self.passage[4] >= PASSAGE_WORDS:
                self._close_passage()
        if len(self.pending.texts) >= 500:
            self._embed()

    def _row(self, owner: int, first: int, last: int, text: str, stamp: int) -> None:
        self.pending.touched.add(owner)
        self.pending.keys.append((owner, first, last, stamp))
        self.pending.texts.append(text)

    def _close_passage(self) -> None:
        if self.passage is not None:
            owner, first, last, texts, _ = self.passage
            self._row(owner, first, last, "\n".join(texts), 0)
            self.passage = None

    def remove(self, owner: int) -> None:
        self.pending.touched.add(owner)

    def clear(self) -> None:
        self.pending, self.passage = _Pending(), None
        self.cleared = True

    def rollback(self) -> None:
        self.pending, self.passage = _Pending(), None
        self.cleared = False

    def _embed(self, *, finish: bool = False) -> None:
        if finish:
            self._close_passage()
        if self.pending.texts:
            self.pending.vectors.append(semantic.embedder().passages(self.pending.texts))
            self.pending.texts = []

    def flush_if_large(self) -> None:
        """During a rebuild: write what has been collected once it is large (merged into one
        segment by the rebuild's last commit)."""
        if len(self.pending.keys) >= FLUSH_ROWS:
            self.commit(merge=False)

    def commit(self, *, merge: bool = True) -> None:
        self._embed(finish=True)
        pending, self.pending = self.pending, _Pending()
        state = read_state(self.folder) if not self.cleared else None
        segments = list(state["segments"]) if state else []
        if self.cleared:
            self.cleared, self.rebuilt = False, True
        elif not pending.touched and not (merge and self.rebuilt):
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if pending.touched or not segments:
            vectors = (
                np.concatenate(pending.vectors)
                if pending.vectors
                else np.zeros((0, semantic.DIMENSIONS), np.float32)
            )
            keys = np.asarray(pending.keys, dtype=np.int64).reshape(-1, KEYS)
            touched = np.asarray(sorted(pending.touched), dtype=np.int64)
            segments.append(_write_segment(self.folder, vectors, keys, touched))
        if merge and self.rebuilt and len(segments) > 1:
            segments = [_merge(self.folder, segments, oldest=True)]
        elif merge:
            segments = _merge_small(self.folder, segments)
        if merge:
            self.rebuilt = False
        _write_state(self.folder, segments)
        _remove_unlisted(self.folder, segments)


def _write_segment(folder: Path, vectors: np.ndarray, keys: np.ndarray, touched) -> dict:
    name = f"s{secrets.token_hex(6)}"
    for suffix, array in (("vectors", vectors), ("keys", keys), ("touched", touched)):
        _save(folder / f"{name}-{suffix}.npy", array)
    if len(vectors):
        _save(folder / f"{name}-bits.npy", _signatures(vectors))
    return {"name": name, "rows": len(keys)}


def _save(path: Path, array: np.ndarray) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as handle:
        np.save(handle, np.ascontiguousarray(array), allow_pickle=False)
        handle.flush()
        os.fsync(handle.fileno())


def _signatures(vectors: np.ndarray) -> np.ndarray:
    """One bit per dimension (its sign): 32 bytes a row, compared by Hamming distance."""
    return np.packbits(vectors > 0, axis=1).view(np.uint64)


def _merge_small(folder: Path, segments: list[dict]) -> list[dict]:
    """Like a binary counter: the newest segment merges with the one before it while that one
    holds no more than twice its rows, so sizes fall from the oldest to the newest and a row is
    rewritten about log2(rows) times at most. Past MAX_SEGMENTS the two smallest neighbours
    merge. Once a third of the rows are dead (replaced or removed since), all become one."""
    while len(segments) > 1 and segments[-2]["rows"] <= 2 * max(segments[-1]["rows"], 1):
        segments = [*segments[:-2], _merge(folder, segments[-2:], oldest=len(segments) == 2)]
    while len(segments) > MAX_SEGMENTS:
        pairs = range(len(segments) - 1)
        first = min(pairs, key=lambda i: segments[i]["rows"] + segments[i + 1]["rows"])
        segments = [
            *segments[:first],
            _merge(folder, segments[first : first + 2], oldest=first == 0),
            *segments[first + 2 :],
        ]
    if len(segments) > 1:
        live = Store(folder, {"segments": segments}).rows
        if live < DEAD_SHARE_LIMIT * sum(s["rows"] for s in segments):
            segments = [_merge(folder, segments, oldest=True)]
    return segments


def _merge(folder: Path, merging: list[dict], *, oldest: bool) -> dict:
    """One segment from neighbouring ones (oldest first): each owner's newest rows. When no
    older segment remains (`oldest`), what it replaced or removed need not be kept."""
    opened = [_Segment.open(folder, s) for s in merging]
    later = np.zeros(0, np.int64)
    vectors, keys, touched = [], [], []
    for segment in reversed(opened):  # newest first: an owner's newest rows win
        alive = ~np.isin(segment.keys[:, 0], later)
        vectors.append(np.asarray(segment.vectors[alive]))
        keys.append(np.asarray(segment.keys[alive]))
        touched.append(np.asarray(segment.touched))
        later = np.union1d(later, segment.touched)
    all_keys = np.concatenate(keys) if keys else np.zeros((0, KEYS), np.int64)
    return _write_segment(
        folder,
        np.concatenate(vectors) if vectors else np.zeros((0, semantic.DIMENSIONS), np.float32),
        all_keys,
        np.unique(all_keys[:, 0]) if oldest else np.unique(np.concatenate(touched)),
    )


def _write_state(folder: Path, segments: list[dict]) -> None:
    state = {"format": FORMAT, "model": semantic.MODEL_ID, "segments": segments}
    temporary = folder / f".{STATE}.{secrets.token_hex(4)}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(state, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, folder / STATE)


def _remove_unlisted(folder: Path, segments: list[dict]) -> None:
    # A reader that mapped a removed file keeps reading it until it reloads.
    keep = {s["name"] for s in segments}
    for path in folder.glob("s*-*.npy"):
        if path.name.split("-", 1)[0] not in keep:
            path.unlink(missing_ok=True)


def read_state(folder: Path) -> dict | None:
    try:
        state = json.loads((folder / STATE).read_text())
    except (OSError, ValueError):
        return None
    if state.get("format") != FORMAT or state.get("model") != semantic.MODEL_ID:
        return None
    return state


# -- Reading ---------------------------------------------------------------------------------


@dataclass
class _Segment:
    vectors: np.ndarray
    keys: np.ndarray  # owner, first page, last page, stamp
    touched: np.ndarray
    bits: np.ndarray | None

    @classmethod
    def open(cls, folder: Path, entry: dict) -> "_Segment":
        name = entry["name"]

        def load(suffix: str) -> np.ndarray:
            # A plain array over the mapping: indexing a memmap costs a Python call each time.
            mapped = np.load(folder / f"{name}-{suffix}.npy", mmap_mode="r", allow_pickle=False)
            return np.asarray(mapped)

        rows = entry["rows"]
        return cls(
            vectors=load("vectors") if rows else np.zeros((0, semantic.DIMENSIONS), np.float32),
            keys=load("keys").reshape(-1, KEYS) if rows else np.zeros((0, KEYS), np.int64),
            touched=load("touched"),
            bits=load("bits") if rows else None,
        )


@dataclass
class Passage:
    owner: int
    page: int  # the first page (HEADING for a record's heading)
    last_page: int
    score: float  # cosine similarity to the question


class Store:
    """The live rows of all segments, as a reader sees them."""

    def __init__(self, folder: Path, state: dict) -> None:
        self.segments = [_Segment.open(folder, s) for s in state["segments"]]
        # Each segment's live rows: those of owners no newer segment touches.
        self.alive: list[np.ndarray] = [None] * len(self.segments)  # type: ignore[list-item]
        later = np.zeros(0, np.int64)
        for position in range(len(self.segments) - 1, -1, -1):
            segment = self.segments[position]
            self.alive[position] = ~np.isin(segment.keys[:, 0], later)
            later = np.union1d(later, segment.touched)
        self.rows = int(sum(int(a.sum()) for a in self.alive))

    def search(self, vector: np.ndarray, limit: int) -> list[Passage]:
        """The rows closest to `vector`, best first (an owner may have several)."""
        found: list[Passage] = []
        signature = _signatures(vector[None, :])[0] if self.rows > EXACT_ROWS else None
        for segment, alive in zip(self.segments, self.alive, strict=True):
            if not len(segment.keys):
                continue
            if signature is not None and segment.bits is not None and len(alive) > CANDIDATES:
                # Bit signatures first (32 bytes a row), then exact scores for the closest.
                distance = np.bitwise_count(segment.bits ^ signature).sum(axis=1)
                distance[~alive] = np.iinfo(distance.dtype).max
                rows = np.argpartition(distance, CANDIDATES)[:CANDIDATES]
                rows = rows[alive[rows]]
                scores = segment.vectors[rows] @ vector
            else:
                rows = None
                scores = segment.vectors @ vector  # the mapped rows, without a copy
                scores[~alive] = -np.inf
            count = min(limit, len(scores))
            best = np.argpartition(-scores, count - 1)[:count]
            best = best[np.isfinite(scores[best])]
            chosen = best if rows is None else rows[best]
            for position, row in zip(best.tolist(), chosen.tolist(), strict=True):
                owner, first, last, _ = segment.keys[row].tolist()
                found.append(Passage(owner, first, last, float(scores[position])))
        found.sort(key=lambda p: -p.score)
        return found[:limit]

    def stamps(self) -> dict[int, int]:
        """Each document owner's stamp, from its live heading row."""
        found: dict[int, int] = {}
        for segment, alive in zip(self.segments, self.alive, strict=True):
            keys = np.asarray(segment.keys[alive])
            headings = keys[(keys[:, 1] == HEADING) & (keys[:, 0] > 0)]
            found.update(zip(headings[:, 0].tolist(), headings[:, 3].tolist(), strict=True))
        return found


_stores: dict[str, tuple[tuple, Store | None]] = {}
_stores_lock = threading.Lock()


def store(index_folder: Path, *, retry: bool = True) -> Store | None:
    """The vectors of the index in `index_folder` as committed now, or None when there are
    none (or they were made with another model: the index is then rebuilt)."""
    folder = index_folder / FOLDER
    try:
        info = (folder / STATE).stat()
    except FileNotFoundError:
        return None
    signature = (info.st_ino, info.st_mtime_ns, info.st_size)
    key = str(folder)
    with _stores_lock:
        cached = _stores.get(key)
        if cached and cached[0] == signature:
            return cached[1]
    state = read_state(folder)
    opened = None
    if state is not None:
        try:
            opened = Store(folder, state)
        except FileNotFoundError:  # merged away between reading the state and the files
            return store(index_folder, retry=False) if retry else None
    with _stores_lock:
        _stores[key] = (signature, opened)
    return opened


def present(index_folder: Path) -> bool:
    return read_state(index_folder / FOLDER) is not None


def forget() -> None:
    with _stores_lock:
        _stores.clear()
