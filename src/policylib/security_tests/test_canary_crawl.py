"""The canary crawl: nothing of a record leaves the server for someone who may not see it.

A Restricted and an Internal record carry a canary word in every field a person can fill
(`world.py`). Each role that may not see them requests every URL of the URLconf, every GET of
the OpenAPI schema and every search surface, with the hidden records' ids too (`crawl.py`);
the canary must appear in no body and no header. Every email sent while the library was made
(a whole review round, a subscription cycle) is read the same way, per recipient. Library
staff, who may see everything, must see the canary on each kind of page: the crawl can see.
"""

import time

import pytest
from django.core import mail
from django.test import Client
from django.urls.resolvers import RoutePattern

from policylib.security_tests.crawl import (
    RULES,
    _admin_values,
    context,
    crawl,
    fill,
    response_text,
)
from policylib.security_tests.world import CANARIES, INTERNAL, RESTRICTED, UNSUBMITTED, World
from policylib.testing.urlconf import Endpoint, endpoints

pytestmark = pytest.mark.django_db

# Who may not see what: anonymous visitors neither canary; signed-in people outside LES (the
# Restricted group) only not the Restricted one, since Internal is for anyone signed in.
# A comment its office has not submitted is its author's (the reviewer of another office) and
# that office's DPC's alone.
OUTSIDERS = {
    "anonymous": [RESTRICTED, INTERNAL, UNSUBMITTED],
    "reader": [RESTRICTED, UNSUBMITTED],
    "author of another office": [RESTRICTED, UNSUBMITTED],
    "reviewer of another office": [RESTRICTED],
    "reviewer beside the commenter": [RESTRICTED, UNSUBMITTED],
    "DPC of another office": [RESTRICTED],
}


@pytest.mark.parametrize("role", list(OUTSIDERS))
def test_no_page_file_search_or_api_answer_shows_a_hidden_record(world, role):
    started = time.monotonic()
    leaks, requests = crawl(role, world.users[role], OUTSIDERS[role], world)

    assert requests > 1000, "the URLconf and the schema were not crawled"
    assert not leaks, (
        f"{len(leaks)} leak(s) as {role} in {requests} requests "
        f"({time.monotonic() - started:.0f} s):\n" + "\n".join(map(str, leaks))
    )


def test_library_staff_see_the_canary_on_every_kind_of_page(world):
    """The positive control: the fixture put the canary where the crawl looks."""
    client = Client()
    client.force_login(world.users["library staff"])
    missing = []
    for surface, paths in world.shown_to_staff.items():
        assert paths, f"no {surface} to look at"
        for path in paths:
            response = client.get(path)
            if response.status_code != 200 or RESTRICTED.twin not in response_text(response):
                missing.append(f"{surface}: {path} ({response.status_code})")
    assert not missing, "staff do not see the canary on:\n" + "\n".join(missing)


def test_no_email_names_a_record_that_is_not_public(world):
    """Email leaves the server, so it names only Public records (access.email_may_carry): no
    recipient, however entitled, is sent a hidden record's words."""
    leaks = []
    for message in mail.outbox:
        text = "\n".join(
            [
                message.subject,
                message.body,
                *(str(value) for value in message.extra_headers.values()),
                *(str(content) for content, _ in getattr(message, "alternatives", [])),
                *(str(attachment) for attachment in message.attachments),
            ]
        ).lower()
        for canary in (*CANARIES, UNSUBMITTED):
            for token in canary.tokens:
                if token in text:
                    leaks.append(
                        f"{', '.join(message.to)}: {message.subject!r} shows {token!r}: "
                        + context(text, token)
                    )

    insiders = {"dana@example.org", "olga@example.org", "frank@example.org", "rita@example.org"}
    outsiders = {"alice@example.org", "mike@example.org", "ross@example.org", "max@example.org"}
    told = {address for message in mail.outbox for address in message.to}
    assert outsiders & told, "the review round and the subscriptions sent no email to outsiders"
    assert insiders & told, "the review round and the subscriptions sent no email to insiders"
    assert not leaks, f"{len(leaks)} email leak(s):\n" + "\n".join(sorted(set(leaks)))


def test_an_unsubmitted_comment_is_shown_to_its_author_and_its_dpc(world):
    """The positive control for the comment canary."""
    from policylib.reviews.models import Comment

    comment = Comment.objects.get(section=UNSUBMITTED.word)
    page = f"/development/office-reviews/{comment.office_review_id}/"
    for person in ("ross", "mike"):
        client = Client()
        client.force_login(world.people[person])
        assert UNSUBMITTED.twin in response_text(client.get(page)), person


def test_every_pattern_of_the_urlconf_has_a_rule():
    """Quick to run: the crawl reports the same, after building its library."""
    missing = [
        endpoint.name
        for endpoint in endpoints()
        if endpoint.params
        and endpoint.name not in RULES
        and (endpoint.namespace != "admin" or _admin_values(endpoint, World()) is None)
    ]
    assert not missing, f"no rule in crawl.RULES for: {missing}"


def test_a_pattern_without_a_rule_fails_the_crawl_with_its_name():
    endpoint = Endpoint("gadgets:detail", (RoutePattern("gadgets/<int:pk>/"),), ("pk",))

    message = fill(endpoint, World())

    assert isinstance(message, str)
    assert "gadgets/<int:pk>/ (gadgets:detail)" in message
    assert "RULES" in message
