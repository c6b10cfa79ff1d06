"""Single sign-on against a real OpenID Connect provider on this machine's loopback.

The provider (oidc-provider-mock: authlib's authorization server with signed RS256 ID tokens,
a JWKS endpoint and userinfo) runs in a thread and speaks HTTP; mozilla-django-oidc talks to it
exactly as it would to the organization's identity provider: the browser is sent to the
authorization endpoint, the person approves, the provider redirects back with a code, and the
site exchanges the code for tokens, verifies the ID token's signature and reads the claims.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from oidc_provider_mock import run_server_in_thread

from policylib.audit.models import AuditEntry
from policylib.library.models import Marking

pytestmark = pytest.mark.django_db

BACKEND = "policylib.accounts.oidc.GroupMappingBackend"


@pytest.fixture
def provider():
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def single_sign_on(settings, provider):
    settings.POLICYLIB_OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "policylib"
    settings.OIDC_RP_CLIENT_SECRET = "client secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    # This provider signs with its one key and leaves the key id out of the token's header.
    settings.OIDC_VERIFY_KID = False
    settings.POLICYLIB_OIDC_GROUP_MAP = ["policy-authors=Author", "law-enforcement=LES"]
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    return provider


def set_claims(provider: str, sub: str, **claims) -> None:
    response = requests.put(f"{provider}/users/{sub}", json=claims, timeout=10)
    response.raise_for_status()


def sign_in_through_provider(client: Client, sub: str, next_url: str = "/") -> str:
    """Follow the authorization-code flow as a browser would; returns where the site sends us."""
    start = client.get(reverse("accounts:oidc_login"), {"next": next_url})
    assert start.status_code == 302
    authorize_url = start["Location"]
    # The person approves at the provider (its own sign-in form, answered over HTTP).
    approved = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert approved.status_code == 302, approved.text
    back = urlsplit(approved.headers["Location"])
    assert back.path == reverse("accounts:oidc_callback")
    callback = client.get(back.path, parse_qs(back.query))
    assert callback.status_code == 302
    return callback["Location"]


DANA = {
    "email": "dana@example.org",
    "email_verified": True,
    "preferred_username": "dana",
    "given_name": "Dana",
    "family_name": "Author",
}


def test_a_person_signs_in_through_the_provider_and_gets_the_groups_it_asserts(
    single_sign_on, make_document, les_group
):
    restricted = make_document("Surveillance Techniques Handbook", marking=Marking.RESTRICTED)
    restricted.restricted_to.add(les_group)
    set_claims(single_sign_on, "dana-sub", **DANA, groups=["policy-authors", "law-enforcement"])
    client = Client()

    my_subscriptions = reverse("subscriptions:mine")

    landed = sign_in_through_provider(client, "dana-sub", next_url=my_subscriptions)

    assert landed == my_subscriptions
    dana = get_user_model().objects.get(username="dana")
    assert (dana.email, dana.first_name, dana.last_name) == ("dana@example.org", "Dana", "Author")
    assert set(dana.groups.values_list("name", flat=True)) == {"Author", "LES", "Reader"}
    assert client.get(restricted.get_absolute_url()).status_code == 200
    signed_in = AuditEntry.objects.get(action="auth.signed_in")
    assert (signed_in.actor, signed_in.note) == (dana, "Signed in with single sign-on.")


def test_a_group_the_provider_stops_asserting_is_taken_away_at_the_next_sign_in(
    single_sign_on, les_group
):
    set_claims(single_sign_on, "dana-sub", **DANA, groups=["policy-authors", "law-enforcement"])
    sign_in_through_provider(Client(), "dana-sub")
    dana = get_user_model().objects.get(username="dana")
    handmade = Group.objects.create(name="Committee on records")
    dana.groups.add(handmade)

    set_claims(single_sign_on, "dana-sub", **DANA, groups=["policy-authors"])
    sign_in_through_provider(Client(), "dana-sub")

    names = set(dana.groups.values_list("name", flat=True))
    assert names == {"Author", "Reader", "Committee on records"}, "unmapped groups stay"
    assert get_user_model().objects.filter(email="dana@example.org").count() == 1


def test_an_unverified_email_does_not_sign_in(single_sign_on):
    set_claims(single_sign_on, "mallory", **{**DANA, "email_verified": False})
    client = Client()

    sign_in_through_provider(client, "mallory")

    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(email="dana@example.org").exists()


def test_a_callback_with_a_forged_state_signs_nobody_in(single_sign_on):
    set_claims(single_sign_on, "dana-sub", **DANA)
    client = Client()
    start = client.get(reverse("accounts:oidc_login"))
    approved = requests.post(
        start["Location"], data={"sub": "dana-sub"}, allow_redirects=False, timeout=10
    )
    code = parse_qs(urlsplit(approved.headers["Location"]).query)["code"][0]

    client.get(reverse("accounts:oidc_callback"), {"code": code, "state": "forged"})

    assert "_auth_user_id" not in client.session


def test_the_login_page_offers_single_sign_on_only_when_it_is_configured(settings):
    assert Client().get(reverse("accounts:oidc_login")).status_code == 404
    assert "single sign-on" not in Client().get(reverse("accounts:login")).content.decode()

    settings.POLICYLIB_OIDC_ENABLED = True

    page = Client().get(reverse("accounts:login")).content.decode()
    assert "Log in with single sign-on" in page
