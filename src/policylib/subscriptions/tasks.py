"""Background work: subscriber email and review reminders (run by `policylib db_worker`)."""

from django_tasks import task


@task()
def notify_subscribers(event: str, document_id: int, kind: str) -> int:
    """Email the subscribers concerned by one event. Returns how many were emailed."""
    from policylib.subscriptions.notify import notify

    return len(notify(event=event, document_id=document_id, kind=kind).sent)


@task()
def send_review_reminders() -> int:
    """Send the periodic-review reminders due today. Safe to run any number of times."""
    from policylib.subscriptions.periodic_review import send_reminders

    return len(send_reminders().sent)
