"""Whose address a failed sign-in is recorded and counted under, by the audit trail and by
django-axes alike: the connection's, unless it comes from a trusted reverse proxy."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from policylib.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"
PERSON = "203.0.113.7"


def wrong_password(reader, *, remote: str, forwarded: str | None = None) -> tuple[str, str]:
    """Sign in with a wrong password; the address the audit and axes each recorded."""
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    Client().post(
        reverse("accounts:login"), {"username": reader.username, "password": "wrong"}, **headers
    )
    audited = AuditEntry.objects.filter(action="auth.sign_in_failed").latest("pk").remote_addr
    counted = AccessAttempt.objects.get(username=reader.username).ip_address
    return audited, counted


def test_by_default_a_forwarded_for_header_is_ignored_so_it_cannot_be_spoofed(reader):
    assert wrong_password(reader, remote="198.51.100.9", forwarded="1.2.3.4") == (
        "198.51.100.9",
        "198.51.100.9",
    )


class TestBehindATrustedProxy:
    @pytest.fixture(autouse=True)
    def one_proxy(self, settings):
        settings.POLICYLIB_TRUSTED_PROXY_COUNT = 1
        settings.POLICYLIB_TRUSTED_PROXIES = [PROXY]

    def test_the_address_the_proxy_saw_is_recorded(self, reader):
        assert wrong_password(reader, remote=PROXY, forwarded=PERSON) == (PERSON, PERSON)

    def test_addresses_a_client_wrote_before_the_proxy_are_ignored(self, reader):
        forged = f"1.2.3.4, {PERSON}"
        assert wrong_password(reader, remote=PROXY, forwarded=forged) == (PERSON, PERSON)

    def test_a_client_connecting_directly_cannot_pose_as_the_proxy(self, reader):
        direct = wrong_password(reader, remote="198.51.100.9", forwarded="1.2.3.4")
        assert direct == ("198.51.100.9", "198.51.100.9")

    def test_without_the_header_the_proxy_itself_is_recorded(self, reader):
        assert wrong_password(reader, remote=PROXY) == (PROXY, PROXY)

    def test_a_range_of_proxies_can_be_trusted(self, reader, settings):
        settings.POLICYLIB_TRUSTED_PROXIES = ["10.0.0.0/24"]
        assert wrong_password(reader, remote="10.0.0.77", forwarded=PERSON) == (PERSON, PERSON)


def test_two_proxies_each_appending_the_address_they_saw(reader, settings):
    settings.POLICYLIB_TRUSTED_PROXY_COUNT = 2
    # A load balancer (10.0.0.9) in front of the web server's proxy (10.0.0.5).
    forwarded = f"6.6.6.6, {PERSON}, 10.0.0.9"
    assert wrong_password(reader, remote=PROXY, forwarded=forwarded) == (PERSON, PERSON)
