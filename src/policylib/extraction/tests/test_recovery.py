"""Extraction left running by a stopped worker, or never queued, is queued again."""

import io
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from policylib.extraction import recovery
from policylib.extraction.models import ExtractedText, ExtractionState
from policylib.extraction.tasks import extract_file
from policylib.library import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_file(make_document):
    """A stored file whose text is pending, as a worker killed mid-task leaves it."""
    document = make_document("Escort policy")
    stored = services.attach_file(
        document=document, by=None, stream=io.BytesIO(b"Escort rules"), original_name="a.txt"
    )
    ExtractedText.objects.filter(file=stored).update(state=ExtractionState.PENDING, pages=[])
    DBTaskResult.objects.all().delete()
    return stored


def running_task(file_id: int, *, worker: str, started_ago: timedelta) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [file_id], "kwargs": {}},
        task_path=extract_file.module_path,
        backend_name="default",
        run_after=get_date_max(),
        started_at=timezone.now() - started_ago,
        worker_ids=[worker],
    )


def dead_pid() -> int:
    command = [sys.executable, "-c", "import os; print(os.getpid())"]
    child = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return int(child.stdout)


def state(stored) -> str:
    return ExtractedText.objects.get(file=stored).state


def test_a_task_whose_worker_process_is_gone_is_queued_again(pending_file):
    here = recovery.worker_id().split(":")[0]
    task = running_task(pending_file.pk, worker=f"{here}:{dead_pid()}:x", started_ago=timedelta())

    assert recovery.requeue_unfinished() == [pending_file.pk]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert "worker running this task stopped" in task.traceback
    assert state(pending_file) == ExtractionState.DONE


def test_a_task_whose_worker_lives_is_left_alone(pending_file):
    here = recovery.worker_id().split(":")[0]
    running_task(pending_file.pk, worker=f"{here}:{os.getppid()}:x", started_ago=timedelta())

    assert recovery.requeue_unfinished() == []
    assert state(pending_file) == ExtractionState.PENDING


def test_a_task_of_another_machine_is_queued_again_only_past_the_time_limit(pending_file):
    task = running_task(pending_file.pk, worker="elsewhere:12:x", started_ago=timedelta(minutes=1))
    assert recovery.requeue_unfinished() == []

    task.started_at = timezone.now() - timedelta(hours=1)
    task.save()
    assert recovery.requeue_unfinished() == [pending_file.pk]
    assert state(pending_file) == ExtractionState.DONE


def test_pending_text_with_no_task_at_all_is_queued(pending_file):
    assert recovery.requeue_unfinished() == [pending_file.pk]
    assert state(pending_file) == ExtractionState.DONE
    assert recovery.requeue_unfinished() == []
