"""The background worker killed (SIGKILL) in the middle of extracting a file.

A real `policylib db_worker` extracts a PDF of thousands of pages, which takes it a few seconds;
it is killed while it does. The task is left RUNNING in the database by a worker that no longer
exists. A new worker sees that, queues the file again and extracts it; its words are then found
by search. On SQLite, and on PostgreSQL when POLICYLIB_TEST_DATABASE_URL is set.
"""

import json

import pytest
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

pytestmark = pytest.mark.faults

PAGES = 4000
RARE_WORD = "quillwort"

ATTACH = """
from django.db import transaction
from policylib.library import services
from policylib.library.models import Document

with transaction.atomic(), open(PATH, "rb") as stream:
    stored = services.attach_file(
        document=Document.objects.get(pk=DOCUMENT), by=None, stream=stream,
        original_name="records-retention.pdf",
    )
print(json.dumps(stored.pk))
"""

STATE = """
from django_tasks_db.models import DBTaskResult
from policylib.extraction.models import ExtractedText

text = ExtractedText.objects.get(file_id=FILE)
tasks = DBTaskResult.objects.filter(task_path__endswith=".extract_file").order_by("enqueued_at")
print(json.dumps({
    "state": text.state, "pages": text.page_count, "attempts": text.attempts,
    "tasks": [task.status for task in tasks],
}))
"""


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory):
    """A PDF of thousands of short pages, the rare word on one page near the end."""
    path = tmp_path_factory.mktemp("pdf") / "records-retention.pdf"
    canvas = Canvas(str(path), pagesize=LETTER, invariant=1)
    for number in range(1, PAGES + 1):
        canvas.drawString(72, 720, f"Records retention schedule, page {number}.")
        canvas.drawString(72, 700, "Keep each record for the period its series sets.")
        if number == PAGES - 10:
            canvas.drawString(72, 680, f"Herbarium sheets of {RARE_WORD} are kept forever.")
        canvas.showPage()
    canvas.save()
    return path


def test_a_worker_killed_mid_extraction_leaves_the_job_to_the_next_worker(make_node, long_pdf):
    node = make_node()
    [document] = node.setup(["Records Retention Schedule"])
    file_id = node.shell(ATTACH, PATH=str(long_pdf), DOCUMENT=document)

    first = node.start_worker()
    first.wait_for(r"extraction\.tasks\.extract_file state=RUNNING")
    node.kill_worker()
    # Killed mid-job: the task is still marked running and the text still pending.
    assert node.shell(STATE, FILE=file_id) == {
        "state": "pending",
        "pages": 0,
        "attempts": 0,
        "tasks": ["RUNNING"],
    }

    second = node.start_worker()
    second.wait_for(r"extract_file state=SUCCESSFUL")
    node.kill_worker()
    assert node.shell(STATE, FILE=file_id) == {
        "state": "done",
        "pages": PAGES,
        "attempts": 1,
        # The abandoned task is closed as failed; the one queued again succeeded.
        "tasks": ["FAILED", "SUCCESSFUL"],
    }

    node.run("search", "apply")
    found = node.run("search", "query", RARE_WORD, "--json").splitlines()
    assert [json.loads(line)["title"] for line in found] == ["Records Retention Schedule"]
