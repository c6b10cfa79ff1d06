"""Feedback from the Help page reaches library staff whatever the subject line holds."""

import pytest
from django.core import mail
from django.urls import reverse

from policylib.testing.mail import links_in, unopened

pytestmark = pytest.mark.django_db


def test_a_subject_with_line_breaks_is_sent_on_one_line(
    client, settings, django_capture_on_commit_callbacks
):
    settings.POLICYLIB_LIBRARY_STAFF_EMAILS = ["pmu@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pages:help"),
            {
                "name": "Dana",
                "email": "dana@example.org",
                "subject": "Broken link\r\nBcc: everyone@example.org",
                "message": "The link to Chapter 21 is broken.",
            },
            follow=True,
        )

    assert "Thank you" in response.content.decode()
    [message] = mail.outbox
    assert message.subject == "Library feedback: Broken link Bcc: everyone@example.org"
    assert message.to == ["pmu@example.org"]
    assert message.bcc == []


def _feedback(client, *, address: str = "127.0.0.1"):
    return client.post(
        reverse("pages:help"),
        {"name": "Dana", "email": "dana@example.org", "subject": "Hello", "message": "Hi."},
        REMOTE_ADDR=address,
    )


def test_feedback_past_the_hourly_limit_gets_a_readable_429_and_nothing_is_kept(
    client, settings, django_capture_on_commit_callbacks
):
    from policylib.pages.models import Feedback

    settings.POLICYLIB_LIBRARY_STAFF_EMAILS = ["pmu@example.org"]
    settings.POLICYLIB_FEEDBACK_PER_HOUR = 2
    with django_capture_on_commit_callbacks(execute=True):
        assert _feedback(client).status_code == 302
        assert _feedback(client).status_code == 302
        response = _feedback(client)

    assert response.status_code == 429
    assert "2 messages an hour" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert Feedback.objects.count() == 2
    assert len(mail.outbox) == 2
    assert _feedback(client, address="192.0.2.7").status_code == 302, "counted per address"


def test_the_page_feedback_is_about_is_a_link_on_the_sites_address(
    client, settings, django_capture_on_commit_callbacks
):
    settings.POLICYLIB_LIBRARY_STAFF_EMAILS = ["pmu@example.org"]
    settings.POLICYLIB_SITE_URL = "https://policies.example.gov"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("pages:help"),
            {
                "name": "Dana",
                "email": "dana@example.org",
                "subject": "Broken link",
                "message": "The link to Chapter 21 is broken.",
                "page": "/documents/recent/",
            },
        )

    assert len(mail.outbox) == 1
    links = links_in(mail.outbox)
    assert [link.url for link in links] == ["https://policies.example.gov/documents/recent/"]
    assert unopened(links) == []
