"""Keeping every node's index in step with the database through the transactional outbox.

A node is one index folder with the worker that keeps it (see `IndexNode`). Writes to the
library add one `IndexOutbox` row per registered node, in the same transaction as the change
(see receivers); each node applies its own rows to its own index, so several nodes sharing one
database all converge. Applying is idempotent: a document is re-read from the database and
replaced in the index (or removed when it no longer exists), then the node's rows are deleted.

A node that registers for the first time, or whose index is missing or empty, rebuilds from the
database. `repair()` compares index and database and fixes what differs; the follower runs it
now and then, which also covers a change committed while a node was registering.
"""

import datetime
import logging
import os
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from policylib.library.models import Document
from policylib.search import IndexReport, engine, records, vectors
from policylib.search import documents as index_documents_module
from policylib.search.models import IndexNode, IndexOutbox

logger = logging.getLogger(__name__)
BATCH = 500
HEARTBEAT = datetime.timedelta(minutes=1)


def mark_changed(document_ids: Iterable[int]) -> None:
    _queue([(int(pk), "") for pk in set(document_ids)])


def mark_records_changed(refs: Iterable[str]) -> None:
    """Queue other records of the site ("agreement:12", see search/records.py)."""
    _queue([(None, value) for value in set(refs)])


def _queue(items: list[tuple[int | None, str]]) -> None:
    if not items:
        return
    nodes = list(IndexNode.objects.values_list("pk", flat=True))
    IndexOutbox.objects.bulk_create(
        [
            IndexOutbox(node_id=node, document_id=document, record=record)
            for node in nodes
            for document, record in sorted(items, key=str)
        ],
        batch_size=BATCH,
    )
    transaction.on_commit(_schedule_apply)


def _schedule_apply() -> None:
    from policylib.search.tasks import apply_index_outbox

    try:
        apply_index_outbox.enqueue()
    except Exception:  # the outbox keeps the work; the follower or `search apply` catches up
        logger.exception("Could not queue the search index update.")


def _replace(writing: engine.Writing, ids: Iterable[int], parents: dict[int, int | None]) -> None:
    ids = list(ids)
    found = {d.pk: d for d in index_documents_module.load(ids)}
    pages = index_documents_module.load_pages(found.values())
    for pk in ids:
        writing.delete_document(pk)
        document = found.get(pk)
        if document is not None:
            for entry in index_documents_module.entries(document, parents, pages):
                writing.add(entry)


def _replace_records(writing: engine.Writing, refs: Iterable[str]) -> None:
    refs = list(refs)
    found = records.entries_for(refs)
    for value in refs:
        writing.delete_record(value)
        if value in found:
            writing.add(found[value])


def _needs_rebuild(writing: engine.Writing) -> bool:
    """A new index, an empty one while the library has documents, or no vectors beside it
    (made by an earlier version, or with another model)."""
    if writing.created or not vectors.present(engine.index_dir()):
        return True
    writing.index.reload()
    return writing.index.searcher().num_docs == 0 and Document.objects.exists()


def this_node() -> tuple[IndexNode, bool]:
    """This node's registration (and whether it is new), refreshing its heartbeat."""
    now = timezone.now()
    node, joined = IndexNode.objects.get_or_create(
        name=engine.node_name(), defaults={"seen_at": now}
    )
    if not joined and now - node.seen_at > HEARTBEAT:
        node.seen_at = now
        node.save(update_fields=["seen_at"])
        _forget_departed_nodes(now)
    return node, joined


def _forget_departed_nodes(now: datetime.datetime) -> None:
    """Stop queueing changes for nodes gone silent; one that comes back rebuilds its index."""
    days = getattr(settings, "POLICYLIB_INDEX_NODE_EXPIRY_DAYS", None) or os.environ.get(
        "POLICYLIB_INDEX_NODE_EXPIRY_DAYS", "7"
    )
    expiry = datetime.timedelta(days=float(days))
    departed = IndexNode.objects.filter(seen_at__lt=now - expiry)
    for name in departed.values_list("name", flat=True):
        logger.warning("Search index node %s has been silent too long; forgetting it.", name)
    departed.delete()


def pending() -> bool:
    """Whether this node has work: queued changes, no index (or no vectors beside it), or no
    registration yet."""
    if engine.searcher() is None or not vectors.present(engine.index_dir()):
        return True
    node = IndexNode.objects.filter(name=engine.node_name()).first()
    return node is None or node.outbox.exists()


def waiting() -> tuple[set[int], set[str]]:
    """The documents and other records this node's index has not caught up with yet: what
    searches re-check against the database (usually nothing)."""
    rows = IndexOutbox.objects.filter(node__name=engine.node_name()).values_list(
        "document_id", "record"
    )
    documents, refs = set(), set()
    for document_id, record in rows:
        if document_id is not None:
            documents.add(document_id)
        elif record:
            refs.add(record)
    return documents, refs


def apply_outbox() -> int:
    """Apply this node's queued changes; rebuild first when the node is new or its index is
    missing or empty. Returns the number of rows applied."""
    applied = 0
    with engine.writing() as writing:
        node, joined = this_node()
        if joined or _needs_rebuild(writing):
            last = _last_outbox_id(node)
            _fill(writing, progress=None)
            applied += _delete_outbox_up_to(node, last)
        parents = index_documents_module.category_parents()
        queued = IndexOutbox.objects.filter(node=node).order_by("pk")
        while True:
            rows = list(queued.values_list("pk", "document_id", "record")[:BATCH])
            if not rows:
                break
            _replace(writing, {doc for _, doc, _ in rows if doc is not None}, parents)
            _replace_records(writing, {record for _, _, record in rows if record})
            writing.commit()
            IndexOutbox.objects.filter(pk__in=[pk for pk, _, _ in rows]).delete()
            applied += len(rows)
    return applied


def _last_outbox_id(node: IndexNode) -> int:
    last = node.outbox.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


def _delete_outbox_up_to(node: IndexNode, last: int) -> int:
    deleted, _ = node.outbox.filter(pk__lte=last).delete()
    return deleted


def index_documents(document_ids: Iterable[int]) -> None:
    with engine.writing() as writing:
        if _needs_rebuild(writing):
            _fill(writing, progress=None)
            return
        _replace(writing, document_ids, index_documents_module.category_parents())
        writing.commit()


def remove_documents(document_ids: Iterable[int]) -> None:
    with engine.writing() as writing:
        for pk in document_ids:
            writing.delete_document(int(pk))
        writing.commit()


def reindex(progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index from the database; readers see the old one until it is done."""
    with engine.writing(heap_bytes=256_000_000, threads=2) as writing:
        node, _ = this_node()
        last = _last_outbox_id(node)
        count = _fill(writing, progress=progress)
        _delete_outbox_up_to(node, last)
    return count


def _fill(writing: engine.Writing, progress: Callable[[int, int], None] | None) -> int:
    writing.delete_all()
    ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    parents = index_documents_module.category_parents()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        documents = index_documents_module.load(chunk)
        pages = index_documents_module.load_pages(documents)
        for document in documents:
            for entry in index_documents_module.entries(document, parents, pages):
                writing.add(entry)
        writing.vectors.flush_if_large()
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    for entry in records.all_entries():
        writing.add(entry)
    writing.commit()
    return len(ids)


def check() -> IndexReport:
    """Documents missing from the index, stale in it, or indexed but gone from the database."""
    import tantivy

    in_database = index_documents_module.database_stamps()
    report = IndexReport(documents=len(in_database))
    opened = engine.searcher()
    indexed: dict[int, int] = {}
    if opened is not None:
        index, searcher = opened
        query = tantivy.Query.term_query(index.schema, "kind", "doc")
        total = searcher.search(query, 1).count or 0
        addresses = [a for _, a in searcher.search(query, max(total, 1), count=False).hits]
        ids = searcher.fast_field_values("id", addresses)
        stamps = searcher.fast_field_values("stamp", addresses)
        indexed = {int(pk): int(s or 0) for pk, s in zip(ids, stamps, strict=True)}
    report.indexed = len(indexed)
    report.missing = sorted(set(in_database) - set(indexed))
    # The passage vectors beside the index answer to the same stamps.
    passages = engine.vector_store()
    embedded = passages.stamps() if passages is not None else {}
    report.orphaned = sorted((set(indexed) | set(embedded)) - set(in_database))
    report.stale = sorted(
        pk
        for pk, value in in_database.items()
        if pk in indexed and (indexed[pk] < value or embedded.get(pk, -1) < value)
    )
    return report


def repair() -> IndexReport:
    """Check the index against the database and re-index whatever differs; returns the check."""
    report = check()
    if report.missing or report.stale:
        index_documents(report.missing + report.stale)
    if report.orphaned:
        remove_documents(report.orphaned)
    return report
