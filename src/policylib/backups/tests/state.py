"""The whole library as plain data, to compare two libraries (run in-process or in a child).

    python -m policylib shell -c "from policylib.backups.tests.state import print_state; \
print_state()"
"""

import hashlib
import json
from collections import Counter

from django.contrib.auth import get_user_model

from policylib.audit.models import AuditEntry
from policylib.library.file_rows import file_models
from policylib.library.files import blob_path
from policylib.library.models import Amendment, Document, DocumentFile, Supersession


def _key(document: Document | None) -> str | None:
    if document is None:
        return None
    return f"{document.library.slug}:{document.identifier}:{document.pk}"


def _date(value) -> str | None:
    return value.isoformat() if value else None


def library_state(*, exact: bool = True) -> dict:
    """Documents, files, links, users and audit entries.

    `exact` keeps database ids and timestamps (a restore must give them back); without it two
    libraries built by separate imports compare by content alone.
    """
    documents = (
        Document.objects.select_related("library", "document_type", "opi", "parent__library")
        .prefetch_related(
            "subjects",
            "categories",
            "restricted_to",
            "related__library",
            "files",
            "predecessor_links__predecessor__library",
            "amended_links__amended__library",
        )
        .order_by("pk")
    )
    key = _key if exact else (lambda d: f"{d.library.name}:{d.identifier}" if d else None)
    state: dict = {"documents": {}, "files_intact": True}
    for document in documents:
        record = {
            "library": document.library.name,
            "title": document.title,
            "summary": document.summary,
            "body": document.body,
            "type": document.document_type.name,
            "opi": document.opi.name if document.opi else None,
            "source": document.source,
            "signatory": [document.signatory_name, document.signatory_title],
            "status": document.status,
            "issued": _date(document.issued_on),
            "effective": _date(document.effective_on),
            "marking": document.marking,
            "restricted_to": sorted(g.name for g in document.restricted_to.all()),
            "subjects": sorted(s.name for s in document.subjects.all()),
            "categories": sorted(c.slug for c in document.categories.all()),
            "parent": key(document.parent),
            "supersedes": sorted(
                (key(link.predecessor), _date(link.on)) for link in document.predecessor_links.all()
            ),
            "amends": sorted(
                (key(link.amended), _date(link.on)) for link in document.amended_links.all()
            ),
            "related": sorted(key(other) for other in document.related.all()),
            "files": sorted(
                (f.role, f.original_name, f.sha256, f.size, f.content_type)
                for f in document.files.all()
            ),
        }
        if exact:
            record |= {
                "status_changed_on": _date(document.status_changed_on),
                "review_by": _date(document.review_by),
                "created_at": document.created_at.isoformat(),
                "updated_at": document.updated_at.isoformat(),
                "file_ids": sorted(f.pk for f in document.files.all()),
            }
        state["documents"][key(document)] = record
    # Every file the library keeps (documents', drafts', agreements'), each whole on disk.
    state["stored_files"] = {}
    for model in file_models():
        rows = []
        for stored in model._base_manager.order_by("pk"):
            rows.append([stored.original_name, stored.sha256, stored.size])
            if exact:
                rows[-1].insert(0, stored.pk)
            try:
                data = blob_path(stored.blob).read_bytes()
            except OSError:
                state["files_intact"] = False
                continue
            if hashlib.sha256(data).hexdigest() != stored.sha256:
                state["files_intact"] = False
        state["stored_files"][model._meta.label] = sorted(rows)
    entries = AuditEntry.objects.order_by("at", "pk")
    if exact:
        state["audit"] = [
            [e.pk, e.at.isoformat(), e.actor_name, e.action, e.target_id, e.target_repr,
             e.changes, e.note]
            for e in entries
        ]  # fmt: skip
    else:
        # Separate runs differ in times, ids and import notes; what was done must not.
        state["audit"] = sorted(
            Counter(
                json.dumps([e.actor_name, e.action, e.target_repr, e.changes], sort_keys=True)
                for e in entries
            ).items()
        )
    state["counts"] = {
        "documents": Document.objects.count(),
        "files": DocumentFile.objects.count(),
        "supersessions": Supersession.objects.count(),
        "amendments": Amendment.objects.count(),
        "audit entries": AuditEntry.objects.count(),
    }
    state["users"] = sorted(
        [u.username, u.email, u.password, u.is_staff, sorted(g.name for g in u.groups.all())]
        for u in get_user_model().objects.prefetch_related("groups")
    )
    return state


def print_state(exact: bool = True) -> None:
    print(json.dumps(library_state(exact=exact), sort_keys=True))
