"""The site's other records in search: agreements, delegations and the Help page's questions."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from policylib import search
from policylib.agreements import services as agreements
from policylib.delegations import services as delegations
from policylib.library.models import Marking
from policylib.pages.models import FrequentQuestion
from policylib.search import SearchQuery

pytestmark = pytest.mark.django_db
ANONYMOUS = AnonymousUser()
TODAY = timezone.localdate()


def found(text="", user=ANONYMOUS, **filters) -> list[tuple[str, str]]:
    results = search.search(SearchQuery(text=text, **filters), user)
    return sorted((hit.kind, hit.title) for hit in results.hits)


def test_agreements_are_found_with_their_scope_decided_by_today(agreement, index):
    agreement("Prisoner transport by air", purpose="Moving detainees by airlift.")
    agreement("Prisoner housing", expires_in=-1, purpose="Detainee beds, airlift excluded.")
    agreement("Draft airlift", signed=False, purpose="Airlift planning.")
    index()
    assert found("airlift", kind="agreements") == [("agreement", "Prisoner transport by air")]
    assert found("airlift", kind="agreements", scope="archived") == [
        ("agreement", "Prisoner housing")
    ]
    # Drafts are for library staff only, like draft documents.
    assert [t for _, t in found("airlift", kind="agreements", scope="all")] == [
        "Prisoner housing",
        "Prisoner transport by air",
    ]
    # The default search is of library documents.
    assert found("airlift") == []


def test_agreement_filters_by_party_and_expiry(agreement, prisons, marshals, index):
    agreement("Shared beds", parties=[prisons], purpose="beds")
    agreement("Court beds", parties=[marshals, prisons], expires_in=30, purpose="beds")
    index()
    assert found("beds", kind="agreements", party="U.S. Marshals Service") == [
        ("agreement", "Court beds")
    ]
    soon = TODAY + datetime.timedelta(days=90)
    assert found("", kind="agreements", expires_to=soon) == [("agreement", "Court beds")]
    assert found("", kind="agreements", expires_from=soon) == [("agreement", "Shared beds")]


def test_restricted_agreement_is_found_only_by_its_group(agreement, index, les_group, les_member):
    agreement(
        "Joint surveillance",
        purpose="quagmire tactics",
        marking=Marking.RESTRICTED,
        restricted_to=[les_group],
    )
    index()
    assert found("quagmire", kind="all", scope="all") == []
    assert found("quagmire", les_member, kind="all", scope="all") == [
        ("agreement", "Joint surveillance")
    ]


def test_agreement_the_index_still_holds_as_public_is_left_out(client, agreement, index):
    made = agreement("Joint quagmire surveillance", purpose="quagmire tactics")
    index()
    # Made Restricted; the change waits in the outbox, so the index has not caught up.
    agreements.update_agreement(agreement=made, by=None, marking=Marking.RESTRICTED)

    live = client.get(reverse("search:live"), {"q": "quagm"}).content.decode()
    assert "Joint quagmire surveillance" not in live
    results = client.get(reverse("search:results"), {"q": "quagmire", "scope": "all"})
    assert "No results for <q>quagmire</q>" in results.content.decode()


def test_index_follows_agreement_changes(agreement, prisons, index):
    made = agreement("Air transport", purpose="airlift")
    index()
    agreements.update_agreement(agreement=made, by=None, title="Ground transport")
    index()
    assert found("airlift", kind="agreements") == [("agreement", "Ground transport")]
    made.parties.add(prisons)
    index()
    assert found("", kind="agreements", party="Federal Bureau of Prisons") == [
        ("agreement", "Ground transport")
    ]
    agreements.terminate(agreement=made, by=None, on=TODAY)
    index()
    assert found("airlift", kind="agreements") == []
    assert found("airlift", kind="agreements", scope="archived") == [
        ("agreement", "Ground transport")
    ]


def test_delegations_with_active_and_archived_scopes(index):
    director = delegations.create_position(by=None, title="Director", slug="director")
    deputy = delegations.create_position(
        by=None, title="Deputy Director", slug="deputy", holder_name="Pat Doe"
    )
    chief = delegations.create_position(by=None, title="Chief of Staff", slug="chief")
    procurement = delegations.create_authority(
        by=None, name="Procurement approval", slug="procurement"
    )
    delegations.create_delegation(
        by=None, authority=procurement, delegating_position=director, delegated_to=deputy,
        effective_on=datetime.date(2024, 1, 1), source_citation="41 U.S.C. 1702",
        limitations="Contracts up to $1 million.",
    )  # fmt: skip
    ended = delegations.create_delegation(
        by=None, authority=procurement, delegating_position=director, delegated_to=chief,
        effective_on=datetime.date(2024, 1, 1), source_citation="41 U.S.C. 1702",
        limitations="Contracts up to $5,000.",
    )  # fmt: skip
    delegations.rescind(delegation=ended, by=None, on=TODAY)
    index()
    active = found("contracts", kind="delegations")
    assert [t for _, t in active] == ["Procurement approval: Director to Deputy Director"]
    archived = found("contracts", kind="delegations", scope="archived")
    assert [t for _, t in archived] == ["Procurement approval: Director to Chief of Staff"]
    # The holder's name finds the delegation; a new holder replaces it.
    assert len(found("Pat", kind="delegations")) == 1
    deputy.holder_name = "Sam Roe"
    deputy.save()
    index()
    assert found("Pat", kind="delegations") == []
    assert len(found("Sam", kind="delegations")) == 1


def test_entire_site_includes_help_and_links_every_kind(client, agreement, index):
    FrequentQuestion.objects.create(question="How do I find an airlift agreement?", answer="Use")
    agreement("Prisoner transport by air", purpose="airlift")
    index()
    response = client.get(reverse("search:results"), {"q": "airlift", "scope": "all"})
    html = response.content.decode()
    assert "Prisoner transport by air" in html
    assert "How do I find an airlift agreement?" in html
    assert f'href="{reverse("pages:help")}#faq-' in html
    # Active documents: the agreement (in force) but not the help page.
    html = client.get(reverse("search:results"), {"q": "airlift", "kind": "all"}).content
    assert b"Prisoner transport by air" in html
    assert b"How do I find" not in html
    live = client.get(reverse("search:live"), {"q": "airl", "scope": "all"}).content.decode()
    assert "Prisoner transport by air" in live


def test_advanced_search_offers_agreements_with_party_and_expiry(client, agreement, index):
    agreement("Prisoner transport by air", purpose="airlift", expires_in=20)
    index()
    response = client.get(
        reverse("search:advanced"),
        {"kind": "agreements", "party": "U.S. Marshals Service",
         "expires_to": (TODAY + datetime.timedelta(days=90)).isoformat()},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Search in" in html
    assert "Prisoner transport by air" in html


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2262-04-12"])
def test_dates_beyond_what_the_index_holds_are_clamped(client, agreement, index, day):
    agreement("Prisoner transport by air", purpose="airlift")
    index()
    for name in ("issued_from", "issued_to", "expires_from", "expires_to"):
        response = client.get(reverse("search:advanced"), {"kind": "all", name: day})
        assert response.status_code == 200
