"""Concurrent writers on one SQLite database whose lock waits time out.

A real server with three gunicorn workers takes uploads from four staff sessions at once,
while a bulk edit (one transaction over many documents, as an import makes) runs in another
process and the search index follower applies the changes. SQLite waits only 50 ms for its
write lock, so writers really time out. Every upload either succeeds or gets "busy, try again"
(503 with Retry-After), nothing is half saved, and the search index matches the database.

SQLite only: PostgreSQL locks rows, not the whole database.
"""

import json
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest

from policylib.testing.processes import page_text, postgres_server, upload_form

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(
        bool(postgres_server()), reason="SQLite's database lock; runs in the SQLite pass"
    ),
]

SECONDS = 6
UPLOADERS = 4
BULK_SIZE = 40

BULK_EDIT = """
import time
from django.db import OperationalError, transaction
from policylib.library import services
from policylib.library.models import Document

documents = list(Document.objects.filter(title__startswith="Bulk ").order_by("pk"))
done = locked = 0
deadline = time.monotonic() + SECONDS
while time.monotonic() < deadline:
    try:
        with transaction.atomic():
            for document in documents:
                services.update_document(
                    document=document, by=None, title=f"Bulk edit {done + 1} of {document.pk}"
                )
        done += 1
    except OperationalError as error:
        assert "locked" in str(error), error
        locked += 1
print(json.dumps({"done": done, "locked": locked}))
"""

CHECK = """
from policylib.audit.models import AuditEntry
from policylib.library.models import Document, DocumentFile

titles = sorted(
    title.split(" of ")[0]
    for title in Document.objects.filter(title__startswith="Bulk ").values_list("title", flat=True)
)
print(json.dumps({
    "attached": sorted(DocumentFile.objects.values_list("original_name", flat=True)),
    "audited": AuditEntry.objects.filter(action="file.attached").count(),
    "bulk_titles": sorted(set(titles)),
}))
"""

EXTRACTED = """
from django.db.models import Count
from policylib.extraction.models import ExtractedText

print(json.dumps(dict(ExtractedText.objects.values_list("state").annotate(n=Count("pk")))))
"""


def test_concurrent_writers_on_sqlite_are_answered_busy_or_saved_never_half(make_node):
    node = make_node("busy", POLICYLIB_SQLITE_TIMEOUT="0.05")
    [document, *_] = node.setup(["Travel Policy"] + [f"Bulk {n}" for n in range(BULK_SIZE)])
    node.start_server(workers=3)
    sessions = [node.login() for _ in range(UPLOADERS)]
    follower = subprocess.Popen(
        [sys.executable, "-m", "policylib", "search", "follow", "--interval", "0.1"],
        env=node.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    bulk = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "policylib",
            "shell",
            "-c",
            f"import json\nSECONDS = {SECONDS}\n{BULK_EDIT}",
        ],
        env=node.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    answers: list[tuple[str, int, str | None, str]] = []

    def upload_for_a_while(session) -> None:
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline:
            name = f"note-{uuid.uuid4().hex[:10]}.txt"
            answer = session.post(
                f"{node.url}/documents/{document}/upload/",
                data=upload_form(session),
                files=[("files", (name, f"A note, {name}.\n".encode() * 50, "text/plain"))],
                allow_redirects=False,
                timeout=60,
            )
            answers.append(
                (name, answer.status_code, answer.headers.get("Retry-After"), answer.text)
            )

    uploaders = [threading.Thread(target=upload_for_a_while, args=(s,)) for s in sessions]
    for thread in uploaders:
        thread.start()
    for thread in uploaders:
        thread.join(timeout=120)
    bulk_out, bulk_err = bulk.communicate(timeout=120)
    assert bulk.returncode == 0, bulk_err[-3000:]
    follower.send_signal(signal.SIGTERM)
    _, follower_err = follower.communicate(timeout=60)
    assert follower.returncode == 0, follower_err[-3000:]
    node.stop_server()

    statuses = [status for _, status, _, _ in answers]
    assert set(statuses) <= {302, 503}, [
        (status, page_text(text)[:300])
        for _, status, _, text in answers
        if status not in (302, 503)
    ]
    busy = [answer for answer in answers if answer[1] == 503]
    saved = sorted(name for name, status, _, _ in answers if status == 302)
    assert busy, f"no upload met a locked database ({len(saved)} saved)"
    assert saved, f"every upload met a locked database ({len(busy)} busy)"
    for _, _, retry_after, text in busy:
        assert retry_after == "5"
        assert "The library is busy, try again" in page_text(text)
    bulk_report = json.loads(bulk_out.strip().splitlines()[-1])
    assert bulk_report["done"] >= 1

    # Exactly the uploads answered as saved are stored and audited; each bulk edit was whole.
    state = node.shell(CHECK)
    assert state["attached"] == saved
    assert state["audited"] == len(saved)
    assert state["bulk_titles"] == [f"Bulk edit {bulk_report['done']}"]

    # Text extraction is queued after each upload commits; where the lock made that fail,
    # the worker's recovery queues it, so every stored file gets its text.
    node.shell(
        "from policylib.extraction.recovery import requeue_unfinished\n"
        "print(json.dumps(requeue_unfinished()))"
    )
    node.run("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert node.shell(EXTRACTED) == {"done": len(saved)}

    node.run("search", "apply")
    assert "The index matches the database." in node.run("search", "check")
