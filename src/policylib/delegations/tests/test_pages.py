"""The Delegations Library's pages, for a reader and for staff, with their flags."""

import datetime

import pytest
from django.urls import reverse

from policylib.conftest import client_for
from policylib.delegations.models import Position
from policylib.library.models import Marking

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken(delegate):
    """A chain with a re-delegation its parent forbade."""
    director_fod = delegate("director", "fod", redelegation_permitted=True)
    fod_dfod = delegate("fod", "dfod", parent=director_fod, limitations="Only in absence.")
    dfod_sddo = delegate("dfod", "sddo", parent=fod_dfod)
    return {"director_fod": director_fod, "fod_dfod": fod_dfod, "dfod_sddo": dfod_sddo}


@pytest.mark.parametrize("persona", ["anonymous", "librarian"])
def test_every_page_renders_for_a_reader_and_for_staff(
    persona, broken, stays, positions, librarian
):
    client = client_for(librarian if persona == "librarian" else None)
    urls = [
        reverse("delegations:index"),
        reverse("delegations:index") + "?scope=archived",
        stays.get_absolute_url(),
        *(position.get_absolute_url() for position in positions.values()),
        *(delegation.get_absolute_url() for delegation in broken.values()),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Delegations Library" in response.content.decode()


def test_who_may_exercise_an_authority_shows_the_chain_and_flags_the_broken_link(
    client, broken, stays
):
    html = client.get(stays.get_absolute_url()).content.decode()
    assert "Who may exercise this authority?" in html
    assert "From 8 CFR 241.6(a)" in html
    assert "John P. Torres" in html  # the source holder's current holder
    for position in ("Field Office Director, Chicago", "Deputy Field Office Director, Chicago"):
        assert position in html
    assert "1 link in these chains is broken" in html
    assert "Flagged: Re-delegated although not permitted." in html
    sddo_row = html[html.index("Supervisory Detention and Deportation Officer, Chicago</a></th>") :]
    assert "Broken" in sddo_row[: sddo_row.index("</tr>")]


def test_a_position_page_shows_its_holder_what_it_may_do_and_the_chain(client, broken, positions):
    html = client.get(positions["sddo"].get_absolute_url()).content.decode()
    assert "Marcus D. Bell" in html
    assert "What this position may do" in html
    assert "Grant or deny stays of removal" in html
    assert "Source:</span> 8 CFR 241.6(a)" in html
    assert "(broken here)" in html
    assert "Flagged: Re-delegated although not permitted." in html


def test_a_vacant_position_says_so(client, positions):
    Position.objects.filter(pk=positions["dfod"].pk).update(holder_name="")
    assert "Vacant" in client.get(positions["dfod"].get_absolute_url()).content.decode()


def test_a_delegation_page_shows_its_terms_chain_and_redelegations(client, broken):
    html = client.get(broken["fod_dfod"].get_absolute_url()).content.decode()
    assert "Only in absence." in html
    assert "Not permitted" in html
    assert "Chain from the source" in html
    assert "Re-delegations of it" in html
    assert "Supervisory Detention and Deportation Officer, Chicago" in html
    flagged = client.get(broken["dfod_sddo"].get_absolute_url()).content.decode()
    assert "The chain of this delegation is broken" in flagged


def test_the_list_filters_by_words_and_scope_and_marks_broken_chains(
    client, broken, delegate, today
):
    delegate("director", "fod_la", expires_on=today - datetime.timedelta(days=1))
    html = client.get(reverse("delegations:index")).content.decode()
    assert "Field Office Director, Los Angeles</a><br>" not in html  # expired: Archived scope
    assert html.count("Chain broken") == 1
    archived = client.get(reverse("delegations:index") + "?scope=archived").content.decode()
    assert "of 1 delegation." in archived
    words = client.get(reverse("delegations:index") + "?q=marcus+bell").content.decode()
    assert "of 1 delegation." in words
    nonsense = client.get(reverse("delegations:index") + "?scope=zzz&page=x")
    assert nonsense.status_code == 200


def test_the_report_is_for_library_staff(client, reader, librarian, broken):
    url = reverse("delegations:report")
    assert client.get(url).status_code == 302
    assert client_for(reader).get(url).status_code == 403
    response = client_for(librarian).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Re-delegated although not permitted (1)" in html
    assert "Derives from an expired or rescinded delegation (0)" in html
    assert broken["dfod_sddo"].get_absolute_url() in html
    assert url in client_for(librarian).get(reverse("delegations:index")).content.decode()
    assert url not in client_for(reader).get(reverse("delegations:index")).content.decode()


def test_a_source_document_is_named_only_to_those_who_may_open_it(
    delegate, make_document, les_group, les_member, stays, client
):
    memo = make_document(
        "Zebra delegation memorandum", marking=Marking.RESTRICTED, restricted_to=[les_group]
    )
    delegation = delegate("director", "fod", source_document=memo)
    for url in (stays.get_absolute_url(), delegation.get_absolute_url()):
        anonymous = client.get(url).content.decode()
        assert "Zebra delegation memorandum" not in anonymous
        assert "a library document you may not open" in anonymous
        member = client_for(les_member).get(url).content.decode()
        assert "Zebra delegation memorandum" in member
        assert memo.get_absolute_url() in member
