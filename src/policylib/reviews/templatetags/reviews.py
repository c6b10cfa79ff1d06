from django import template

from policylib.accounts.access import DraftAction, can_draft, may_revise
from policylib.reviews.selectors import working_copy_of

register = template.Library()


@register.inclusion_tag("reviews/includes/document_lock.html", takes_context=True)
def revision_status(context, document) -> dict:
    """On a document's page: its check-out lock, for those who may see the working copy, or a
    "Revise" button for those who may check it out."""
    request = context.get("request")
    user = getattr(request, "user", None)
    working_copy = working_copy_of(document)
    if working_copy is not None and not can_draft(user, DraftAction.VIEW, working_copy):
        # The lock is shown only to those who may see the working copy.
        return {"document": document, "working_copy": None, "may_revise": False}
    return {
        "document": document,
        "working_copy": working_copy,
        "may_revise": working_copy is None and may_revise(user, document),
    }
