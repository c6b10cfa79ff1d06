"""`policylib db_worker`: django-tasks' database worker, which also recovers abandoned extraction.

It replaces django_tasks_db's command of the same name (this app comes first in
INSTALLED_APPS) and differs in two ways: its worker id names the host and process, and a
thread queues again the text extraction a stopped worker left unfinished
(`policylib.extraction.recovery`).
"""

from django_tasks_db.management.commands import db_worker

from policylib.extraction import recovery


class Command(db_worker.Command):
    help = (
        "Run the background task worker. Text extraction left unfinished by a stopped worker is "
        "queued again, when it starts and every minute."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=recovery.worker_id())

    def handle(self, *args, **options) -> None:
        recovery.watch()
        super().handle(*args, **options)
