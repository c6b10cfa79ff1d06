"""Why a reader was sent to log in, read from where they were going (the `next` address).

Every page that needs an account sends a signed-out reader to the login page with `next`; the
view that address resolves to says what logging in is for. Only views that always need an
account are named here, so the sentence is true whoever follows the link; a page a signed-out
reader may open (a document) names no reason, as it would tell whether a hidden one exists.
"""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse

REASONS = {
    "library:send": "Log in to send this document by email.",
    "library:upload": "Log in to add files to this document.",
    "subscriptions:mine": "Log in to follow documents by email and see what you follow.",
    "subscriptions:follow": "Log in to follow documents by email.",
    "subscriptions:stop": "Log in to change what you follow by email.",
    "subscriptions:periodic_review": "Log in to see the documents due for periodic review.",
    "reviews:dashboard": "Log in to see My reviews: the drafts and comments that wait for you.",
    "reviews:drafts": "Log in to see the drafts you work on.",
    "reviews:new": "Log in to start a new draft.",
    "reviews:check_out": "Log in to revise this document.",
    "reviews:draft": "Log in to open this draft.",
    "reviews:edit": "Log in to edit this draft.",
    "reviews:file": "Log in to open this draft's file.",
    "reviews:compare_saves": "Log in to compare the saves of this draft.",
    "reviews:cancel": "Log in to cancel this revision.",
    "reviews:open_period": "Log in to open a comment period on this draft.",
    "reviews:period": "Log in to follow this comment period.",
    "reviews:matrix": "Log in to read the comment resolution matrix.",
    "reviews:matrix_print": "Log in to read the comment resolution matrix.",
    "reviews:matrix_xlsx": "Log in to download the comment resolution matrix.",
    "reviews:matrix_csv": "Log in to download the comment resolution matrix.",
    "reviews:office_review": "Log in to review this draft and comment on it.",
    "reviews:assign": "Log in to assign reviewers to this draft.",
    "reviews:comment": "Log in to comment on this draft.",
    "reviews:complete": "Log in to mark your review done.",
    "reviews:position": "Log in to submit your office's position on this draft.",
    "reviews:edit_comment": "Log in to edit this comment.",
    "reviews:drop_comment": "Log in to drop this comment.",
    "reviews:merge_comment": "Log in to merge this comment.",
    "reviews:answer": "Log in to answer this comment.",
    "reviews:send": "Log in to send this draft for concurrence.",
    "reviews:concurrence": "Log in to give the review board's concurrence on this draft.",
    "reviews:approval": "Log in to approve this draft.",
    "reviews:issue": "Log in to issue this draft.",
    "delegations:report": "Log in to read the delegations report.",
    "audit:trail": "Log in to read the audit trail.",
    "audit:csv": "Log in to download the audit trail.",
}

# Actions that take a form post only: after logging in, the reader lands on the page the
# action is taken from instead of an address that cannot be opened.
LANDINGS = {
    "subscriptions:follow": lambda kwargs: reverse("subscriptions:mine"),
    "subscriptions:stop": lambda kwargs: reverse("subscriptions:mine"),
    "reviews:complete": lambda kwargs: reverse("reviews:office_review", kwargs=kwargs),
    "library:upload": lambda kwargs: reverse("library:document_short", kwargs=kwargs),
}


def _view_name(next_url: str) -> tuple[str, dict]:
    parts = urlsplit(next_url or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return "", {}
    try:
        match = resolve(parts.path)
    except Resolver404:
        return "", {}
    return match.view_name, match.kwargs


def reason_for(next_url: str) -> str:
    """The sentence that says why logging in is needed to go to `next_url` ("" if none)."""
    return REASONS.get(_view_name(next_url)[0], "")


def landing_for(next_url: str) -> str:
    """Where to go after logging in: `next_url`, or the page its post-only action is on."""
    name, kwargs = _view_name(next_url)
    landing = LANDINGS.get(name)
    return landing(kwargs) if landing else next_url
