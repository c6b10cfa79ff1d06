"""The canary world, built once per test through the project's services."""

import pytest
from django.core import mail

from policylib.security_tests.world import Builder, World


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    """The crawl makes thousands of API requests in a minute; the rate limits are not its
    subject (api/tests cover them)."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }


@pytest.fixture
def world(
    db, library, category, directive_type, office, django_capture_on_commit_callbacks, mailoutbox
) -> World:
    """The library of the crawl; every email its making sent is left in `mail.outbox`."""

    def committed():
        return django_capture_on_commit_callbacks(execute=True)

    built = Builder(
        committed=committed,
        library=library,
        category=category,
        directive_type=directive_type,
        office=office,
    ).build()
    assert mail.outbox is mailoutbox
    return built
