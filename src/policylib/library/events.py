"""What the library announces to the rest of policylib (search, extraction, notifications).

Sent by the write services inside their transaction, so a receiver that writes rows (an outbox,
a job) commits or rolls back together with the change itself.
"""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.dispatch import Signal

_gathering: ContextVar[set[int] | None] = ContextVar("documents_changed_gathering", default=None)


class _DocumentsChanged(Signal):
    def send(self, sender, **named):
        gathered = _gathering.get()
        if gathered is not None:
            gathered.update(named["document_ids"])
            return []
        return super().send(sender, **named)


# A document's record, status, links or files changed. Keyword argument: document_ids (list).
documents_changed = _DocumentsChanged()


@contextlib.contextmanager
def gathered_changes(*, sender=None) -> Iterator[None]:
    """Send `documents_changed` once, as the block ends, for every document changed in it.

    For bulk writers: receivers then do their work once per batch instead of once per write.
    Open it inside the transaction, so the one send still happens before the commit.
    """
    if _gathering.get() is not None:
        yield
        return
    gathered: set[int] = set()
    token = _gathering.set(gathered)
    try:
        yield
    finally:
        _gathering.reset(token)
    if gathered:
        documents_changed.send(sender=sender, document_ids=sorted(gathered))


# A file was stored for a document and its text should be extracted. Argument: document_file.
file_stored = Signal()
