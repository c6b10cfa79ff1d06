"""Searches that used to end nowhere: typos, empty scopes, long queries, unfinished words."""

import datetime

import pytest
from django.urls import reverse

from policylib.delegations import services as delegations
from policylib.pages.models import FrequentQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_kind(make_document, agreement, index):
    """A document, an agreement, a delegation and a help question, each with a rare word."""
    make_document("Memorandum on escorts", text="The memorandum covers fugitive escorts.")
    agreement("Agreement on prisoner transport", purpose="A memorandum of agreement.")
    director = delegations.create_position(by=None, title="Director", slug="director")
    deputy = delegations.create_position(by=None, title="Deputy Director", slug="deputy")
    authority = delegations.create_authority(by=None, name="Fugitive memorandum", slug="fm")
    delegations.create_delegation(
        by=None, authority=authority, delegating_position=director, delegated_to=deputy,
        effective_on=datetime.date(2024, 1, 1), source_citation="41 U.S.C. 1702",
        limitations="Stays of removal for fugitives.",
    )  # fmt: skip
    FrequentQuestion.objects.create(
        question="Where is the memorandum on stays of removal?", answer="In the library."
    )
    index()


TYPOS = ["memorandm", "agreemnt", "fugitve", "stayz of removal"]


def test_a_typo_answers_200_in_every_scope_and_every_kind(client, every_kind):
    for text in TYPOS:
        for scope in ("active", "archived", "all"):
            response = client.get(reverse("search:results"), {"q": text, "scope": scope})
            assert response.status_code == 200, (text, scope)
        for kind in ("documents", "agreements", "delegations", "all"):
            response = client.get(reverse("search:advanced"), {"q": text, "kind": kind})
            assert response.status_code == 200, (text, kind)


def test_a_typo_in_entire_site_offers_the_word_from_any_kind_of_hit(client, every_kind):
    html = client.get(reverse("search:results"), {"q": "memorandm", "scope": "all"}).content
    html = html.decode()
    assert "Did you mean" in html
    assert ">memorandum</a>" in html
    # Every kind of hit is listed, the help question and the delegation among them.
    assert "Where is the memorandum on stays of removal?" in html
    assert "Fugitive memorandum" in html
    assert "Agreement on prisoner transport" in html


def _suggestion(client, **params) -> str:
    html = client.get(reverse("search:results"), params).content.decode()
    if "Did you mean" not in html:
        return ""
    return html.split("Did you mean", 1)[1].split("</a>", 1)[0].rsplit(">", 1)[1]


def test_did_you_mean_is_offered_only_when_it_finds_something(
    client, make_document, index, tmp_path
):
    from policylib.extraction.tests.test_runner import make_pdf

    pdf = make_pdf(tmp_path / "a.pdf", ["detention " * 40, "vehicle"])
    make_document("Detention rules", file_name="rules.pdf", file_bytes=pdf.read_bytes())
    index()
    html = client.get(reverse("search:results"), {"q": "detension vehicel"}).content.decode()
    assert "Detention rules" in html  # spelled like the words of the document
    # "detention vehicel" would find nothing: no suggestion is better than a dead end.
    assert "Did you mean" not in html


def test_enter_finds_what_the_search_box_suggested_first(client, make_document, index):
    make_document("Detainee Transfers", summary="Moving detainees between facilities.")
    make_document("Detainee tray rules", summary="Meal trays for detainees.")
    index()
    live = client.get(reverse("search:live"), {"q": "detainee tra"}).content.decode()
    first = live.split('class="search-live__title">', 1)[1].split("<", 1)[0]
    response = client.get(reverse("search:results"), {"q": "detainee tra"})
    html = response.content.decode()
    assert first in html
    assert "Detainee Transfers" in html
    assert "No exact match" not in html  # the unfinished word is read as typed so far
