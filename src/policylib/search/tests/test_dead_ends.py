"""Searches that used to end nowhere: typos, empty scopes, long queries, unfinished words."""

import datetime
import re

import pytest
from django.urls import reverse

from policylib.delegations import services as delegations
from policylib.library import lifecycle
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


def test_an_empty_scope_points_to_the_other_one(client, make_document, index):
    lifecycle.archive(document=make_document("Escort policy 2019"), by=None)
    lifecycle.archive(document=make_document("Escort policy 2015"), by=None)
    make_document("Vehicle policy")
    index()
    html = client.get(reverse("search:results"), {"q": "escort", "scope": "active"}).content
    html = html.decode()
    assert "Escort policy 2019" not in html
    link = html.split('class="search-elsewhere">', 1)[1].split("</a>", 1)[0]
    assert link == "2 more in the Archives"
    assert 'href="?q=escort&amp;scope=archived" class="search-elsewhere"' in html
    html = client.get(reverse("search:results"), {"q": "vehicle", "scope": "archived"}).content
    assert b"1 more among active documents" in html


def test_the_other_scope_counts_only_what_the_reader_may_see(
    client, make_document, index, member, les
):
    from policylib.library.models import Marking

    sealed = make_document("Sealed escort", marking=Marking.RESTRICTED, restricted_to=[les])
    lifecycle.archive(document=sealed, by=None)
    index()
    html = client.get(reverse("search:results"), {"q": "escort"}).content.decode()
    assert "search-elsewhere" not in html
    client.force_login(member)
    html = client.get(reverse("search:results"), {"q": "escort"}).content.decode()
    assert "1 more in the Archives" in html


def test_an_unknown_scope_is_told_not_guessed(client, make_document, index):
    make_document("Escort policy")
    index()
    response = client.get(reverse("search:results"), {"q": "escort", "scope": "Archives"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "“Archives” is not a part of the library to search." in html
    assert "Escort policy" not in html

    live = client.get(reverse("search:live"), {"q": "esc", "scope": "Archives"})
    assert live.status_code == 400
    html = live.content.decode()
    assert "“Archives” is not a part of the library to search." in html
    assert "Escort policy" not in html


def test_a_query_longer_than_the_box_is_shortened_and_says_so(client, make_document, index):
    from policylib.search.query import MAX_QUERY_CHARS

    make_document("Escort policy")
    index()
    html = client.get(reverse("search:results")).content.decode()
    boxes = re.findall(r'<input[^>]*name="q"[^>]*>', html)
    assert len(boxes) >= 2, "the header's box and the results page's own"
    assert all(f'maxlength="{MAX_QUERY_CHARS}"' in box for box in boxes), boxes
    long = "escort " + "x" * 2000
    response = client.get(reverse("search:results"), {"q": long})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Your search was shortened to the first {MAX_QUERY_CHARS:,} characters." in html
    assert response.context["query"] == long[:MAX_QUERY_CHARS]
    response = client.get(reverse("search:results"), {"q": "escort"})
    assert b"shortened" not in response.content


def test_the_longest_search_a_box_can_send_fits_the_servers_request_line(tmp_path):
    from urllib.parse import urlencode

    from policylib.pages.management.commands.serve import REQUEST_LINE_LIMIT, gunicorn_command
    from policylib.search.query import MAX_QUERY_CHARS

    command = gunicorn_command("127.0.0.1", "8000", 1, tmp_path)
    assert command[command.index("--limit-request-line") + 1] == str(REQUEST_LINE_LIMIT)
    # Every character three bytes of UTF-8, with the facet, sort and page links' parameters.
    params = {"q": "…" * MAX_QUERY_CHARS, "scope": "archived", "kind": "delegations",
              "type": "t" * 50, "category": str(2**63 - 1), "status": "superseded",
              "year": "9999", "sort": "issued", "page": "500"}  # fmt: skip
    line = f"GET {reverse('search:results')}?{urlencode(params)} HTTP/1.1"
    assert len(line.encode()) <= REQUEST_LINE_LIMIT


def test_the_fullest_advanced_search_fits_the_servers_request_line(client, make_document):
    """Every box of the form Advanced Search serves, filled to its maxlength with characters
    of three UTF-8 bytes, and every other field at its longest, is not answered 414."""
    from urllib.parse import urlencode

    from django import forms

    from policylib.pages.management.commands.serve import REQUEST_LINE_LIMIT
    from policylib.search.forms import AdvancedSearchForm

    form = AdvancedSearchForm()
    html = client.get(reverse("search:advanced")).content.decode()
    params = {}
    for name, field in form.fields.items():
        widget = str(form[name])
        if name in form.field_order:  # the rest come from facet, sort and page links
            assert widget in html, f"{name} is served as the form renders it"
        limit = re.search(r'maxlength="(\d+)"', widget)
        if isinstance(field, forms.DateField):
            params[name] = "2024-12-31"
        elif isinstance(field, forms.ModelChoiceField):
            params[name] = "s" * 50 if field.to_field_name == "slug" else str(2**63 - 1)
        elif isinstance(field, forms.ChoiceField):
            params[name] = max((str(key) for key, _ in field.choices), key=len)
        elif isinstance(field, forms.IntegerField):
            params[name] = str(2**63 - 1)
        elif isinstance(field, forms.SlugField):
            params[name] = "t" * 50
        else:
            assert limit, f"the box {name} has no maxlength"
            params[name] = "…" * int(limit.group(1))
    line = f"GET {reverse('search:advanced')}?{urlencode(params)} HTTP/1.1"
    assert len(line.encode()) <= REQUEST_LINE_LIMIT, len(line.encode())
    assert client.get(reverse("search:advanced"), params).status_code in (200, 400)
