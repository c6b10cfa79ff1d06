"""In the real RFC and PEP corpora, every supersession list names documents by identifier.

Many RFCs keep their title from one revision to the next (RFC 2875 and RFC 6955 are both
"Diffie-Hellman Proof-of-Possession Algorithms"), so a list of titles alone would not say which.
"""

import csv
import time
from collections import defaultdict
from pathlib import Path

import pytest
from django.urls import reverse

from policylib.conftest import client_for
from policylib.ingest.importer import import_manifest
from policylib.library.models import Document, Marking, Status, Supersession
from policylib.library.tests.test_names import section

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]

MANIFESTS = Path(__file__).resolve().parents[4] / "corpus-manifests"
# Extraction and indexing are queued, not run: these pages need neither.
QUEUED_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def supersession_rows(manifest: Path, destination: Path) -> int:
    """Write the rows of `manifest` that supersede or are superseded, without their files (the
    pages checked here do not need them), and return how many there are."""
    with manifest.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        rows = list(reader)
    linked = {old for row in rows for old in _split(row["supersedes"])}
    linked |= {row["identifier"] for row in rows if row["supersedes"].strip()}
    kept = [
        row | {"amends": "", "related": "", "file": ""}
        for row in rows
        if row["identifier"] in linked
    ]
    with destination.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(kept)
    return len(kept)


def test_every_supersession_list_names_documents_by_identifier(
    corpus, settings, tmp_path, librarian
):
    settings.TASKS = QUEUED_TASKS
    started = time.monotonic()
    for name in ("rfcs.csv", "peps.csv"):
        subset = tmp_path / name
        rows = supersession_rows(MANIFESTS / name, subset)
        report = import_manifest(folder=corpus, manifest=subset, create_missing=True)
        assert (report.created, report.failed) == (rows, 0), report.problems

    successors: dict[int, list[Document]] = defaultdict(list)
    predecessors: dict[int, list[Document]] = defaultdict(list)
    for link in Supersession.objects.select_related("predecessor", "successor"):
        successors[link.predecessor_id].append(link.successor)
        predecessors[link.successor_id].append(link.predecessor)
    assert len(successors) > 1000

    # Drafts (among the PEPs) are for staff; everything else is read as the public reads it.
    # The print page holds the same record and lists as the document page (one template) and
    # renders in two thirds of the time, which matters over some 2,600 pages; the document
    # page itself is read for the two best-known cases below.
    anonymous, staff = client_for(None), client_for(librarian)
    wrong = []
    for document in Document.objects.filter(pk__in={*successors, *predecessors}):
        listed = {
            "superseded-by-heading": successors[document.pk],
            "supersedes-heading": predecessors[document.pk],
        }
        involved = [document, *successors[document.pk], *predecessors[document.pk]]
        public = all(d.status != Status.DRAFT and d.marking == Marking.PUBLIC for d in involved)
        page = (anonymous if public else staff).get(reverse("library:print", args=[document.pk]))
        assert page.status_code == 200, document.identifier
        html = page.content.decode()
        for heading, others in listed.items():
            words = section(html, heading)
            for other in others:
                if f"{other.identifier}: {other.title}" not in words:
                    wrong.append((document.identifier, heading, other.identifier, words[:200]))
    pages = len({*successors, *predecessors})
    print(f"\nImported and read {pages} pages in {time.monotonic() - started:.0f} s")

    assert wrong == []
    rfc2875 = anonymous.get(Document.objects.get(identifier="RFC 2875").get_absolute_url())
    assert "RFC 6955: Diffie-Hellman Proof-of-Possession Algorithms" in section(
        rfc2875.content.decode(), "superseded-by-heading"
    )
    pep5 = anonymous.get(Document.objects.get(identifier="PEP 5").get_absolute_url())
    assert "PEP 387: Backwards Compatibility Policy" in section(
        pep5.content.decode(), "superseded-by-heading"
    )
