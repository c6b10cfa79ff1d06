"""Background work of search (run by `policylib db_worker`)."""

from django_tasks import task


@task()
def apply_index_outbox() -> int:
    """Apply the search outbox to the index. Safe to run any number of times."""
    from policylib.search.outbox import apply_outbox

    return apply_outbox()
