"""Background work of the review tools (run by `policylib db_worker`)."""

from django_tasks import task


@task()
def close_due_comment_periods() -> int:
    """Close the comment periods whose due date has passed. Safe to run any number of times."""
    from policylib.reviews.services import close_due_periods

    return len(close_due_periods())


@task()
def send_due_reminders() -> int:
    """Remind reviewers and DPCs of what is due soon. Safe to run any number of times."""
    from policylib.reviews.reminders import send_due_reminders as send

    return len(send().sent)
