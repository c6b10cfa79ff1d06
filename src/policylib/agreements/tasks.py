"""Background work of the MOA/MOU Library (run by `policylib db_worker`)."""

import io

from django.core.management import call_command
from django_tasks import task


@task()
def send_expiry_reminders() -> str:
    """Run `policylib agreements remind`: email each reminder that is due, at most once."""
    out = io.StringIO()
    call_command("agreements", "remind", stdout=out)
    return out.getvalue()
