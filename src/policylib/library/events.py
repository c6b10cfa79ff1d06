"""What the library announces to the rest of policylib (search, extraction, notifications).

Sent by the write services inside their transaction, so a receiver that writes rows (an outbox,
a job) commits or rolls back together with the change itself.
"""

from django.dispatch import Signal

# A document's record, status, links or files changed. Keyword argument: document_ids (list).
documents_changed = Signal()

# A file was stored for a document and its text should be extracted. Argument: document_file.
file_stored = Signal()
