"""Text extraction that a stopped worker left unfinished is queued again.

django-tasks' database backend marks a task RUNNING when a worker claims it, and nothing looks
at it again: a worker killed mid-task (SIGKILL, the out-of-memory killer, a power cut) leaves
the task RUNNING for ever and its file's text "pending". `requeue_unfinished` finds those files
and queues them again. A running extraction task is abandoned when

- the worker that claimed it ran on this machine and its process is gone (worker ids are
  "<host>:<pid>:<random>", given by `policylib db_worker`), or
- it has run longer than an extraction can (the extractor's timeout, and OCR's longest, plus
  a margin), wherever its worker ran.

A file whose text is pending with no task waiting or running for it (its enqueue failed after
its upload committed) is queued too. Extraction is idempotent, so a file queued twice by two
workers recovering at once is only extracted twice.

`policylib db_worker` runs this when it starts and then every
POLICYLIB_EXTRACT_RECOVERY_INTERVAL seconds (default 60), in a thread beside the tasks.
"""

import contextlib
import logging
import os
import socket
import threading
import time
from datetime import datetime, timedelta

from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from policylib.env import env_int
from policylib.extraction import runner
from policylib.extraction.models import ExtractedText, ExtractionState
from policylib.extraction.tasks import extract_file

logger = logging.getLogger(__name__)

# Beyond the extractor's own timeout: the database writes before and after it.
MARGIN_SECONDS = 60
ABANDONED = "The worker running this task stopped before it ended; the extraction was queued again."


def worker_id() -> str:
    """A worker id that says where the worker runs: "<host>:<pid>:<random>" (64 at most)."""
    return f"{_host()}:{os.getpid()}:{get_random_string(8)}"


def _host() -> str:
    return socket.gethostname().replace(":", "-")[:40]


def _worker_gone(worker: str) -> bool:
    """True only when `worker` ran on this machine and its process no longer exists."""
    host, _, rest = worker.partition(":")
    pid = rest.split(":", 1)[0]
    if host != _host() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False


def _abandoned(result: DBTaskResult, *, now: datetime) -> bool:
    limit = timedelta(seconds=runner.longest_seconds() + MARGIN_SECONDS)
    if result.started_at and result.started_at < now - limit:
        return True
    return bool(result.worker_ids) and _worker_gone(result.worker_ids[-1])


def _file_id(result: DBTaskResult) -> int | None:
    args = result.args_kwargs.get("args") or []
    kwargs = result.args_kwargs.get("kwargs") or {}
    value = args[0] if args else kwargs.get("document_file_id")
    return value if isinstance(value, int) else None


def requeue_unfinished() -> list[int]:
    """Queue again the extraction of files left pending by a stopped worker; their ids."""
    pending = set(
        # A file waiting for OCR is not unfinished: `policylib extract --pending-ocr` redoes it.
        ExtractedText.objects.filter(state=ExtractionState.PENDING, needs_ocr=False).values_list(
            "file_id", flat=True
        )
    )
    if not pending:
        return []
    now = timezone.now()
    alive: set[int | None] = set()
    tasks = DBTaskResult.objects.filter(
        task_path=extract_file.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    )
    for result in tasks:
        if result.status == TaskResultStatus.RUNNING and _abandoned(result, now=now):
            # Closed as failed, so it is not found again; a conditional update, as another
            # worker may be recovering it at the same moment.
            DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="policylib.extraction.recovery.WorkerStopped",
                traceback=ABANDONED,
            )
        else:
            alive.add(_file_id(result))
    requeued = sorted(pending - alive)
    for file_id in requeued:
        extract_file.enqueue(file_id)
    if requeued:
        logger.warning("Queued again the text extraction of files %s, left unfinished.", requeued)
    return requeued


def interval_seconds() -> int:
    return env_int("POLICYLIB_EXTRACT_RECOVERY_INTERVAL", 60)


def watch() -> threading.Thread:
    """Run `requeue_unfinished` now and then every interval, in a daemon thread."""

    def loop() -> None:
        while True:
            try:
                requeue_unfinished()
            except Exception:  # a locked or unreachable database: try again next time
                logger.exception("Looking for unfinished text extraction failed.")
            finally:
                with contextlib.suppress(Exception):
                    connection.close()
            time.sleep(interval_seconds())
            close_old_connections()

    thread = threading.Thread(target=loop, name="extraction-recovery", daemon=True)
    thread.start()
    return thread
