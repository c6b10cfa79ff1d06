"""Feedback from the Help page reaches library staff whatever the subject line holds."""

import pytest
from django.core import mail
from django.urls import reverse

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
