"""Who sees what: every role against every marking, on lists, pages, files and relation lists."""

import pytest
from django.urls import reverse

from policylib.accounts.access import Action, can, visible_documents
from policylib.conftest import client_for
from policylib.library import lifecycle, services
from policylib.library.models import Marking, Status

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "reader", "les_member", "librarian"]
# Which personas may open a document of each marking.
ALLOWED = {
    Marking.PUBLIC: {"anonymous", "reader", "les_member", "librarian"},
    Marking.INTERNAL: {"reader", "les_member", "librarian"},
    Marking.RESTRICTED: {"les_member", "librarian"},
}


@pytest.fixture
def people(reader, les_member, librarian):
    return {"anonymous": None, "reader": reader, "les_member": les_member, "librarian": librarian}


@pytest.fixture
def marked(make_document, les_group):
    return {
        Marking.PUBLIC: make_document("Public escort guidance", pdf=b"%PDF-1.4 public"),
        Marking.INTERNAL: make_document(
            "Internal staffing memo", marking=Marking.INTERNAL, pdf=b"%PDF-1.4 internal"
        ),
        Marking.RESTRICTED: make_document(
            "Zebra tactics for fugitive operations",
            marking=Marking.RESTRICTED,
            restricted_to=[les_group],
            pdf=b"%PDF-1.4 restricted",
        ),
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("marking", list(Marking))
def test_document_page_and_file_follow_the_marking(persona, marking, people, marked):
    document = marked[marking]
    client = client_for(people[persona])
    page = client.get(document.get_absolute_url())
    download = client.get(document.files.get().get_absolute_url())
    printed = client.get(reverse("library:print", args=[document.pk]))
    if persona in ALLOWED[marking]:
        assert page.status_code == 200
        assert download.status_code == 200
        assert printed.status_code == 200
        assert document.title in page.content.decode()
    else:
        assert page.status_code == download.status_code == printed.status_code == 404
        assert document.title not in page.content.decode()
        assert can(people[persona], Action.VIEW, document) is False


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_show_only_what_the_reader_may_open(persona, people, marked, category):
    client = client_for(people[persona])
    pages = [
        client.get(reverse("pages:home")),
        client.get(reverse("library:documents")),
        client.get(category.get_absolute_url()),
        client.get(reverse("library:recent")),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        for marking, document in marked.items():
            assert (document.title in html) == (persona in ALLOWED[marking]), (
                f"{persona} and {marking} on {response.request['PATH_INFO']}"
            )


def test_category_counts_only_count_visible_documents(marked, category, people):
    html = client_for(None).get(reverse("library:documents")).content.decode()
    assert "(1 document)" in html
    html = client_for(people["les_member"]).get(reverse("library:documents")).content.decode()
    assert "(3 documents)" in html


def test_relation_lists_hide_restricted_titles(make_document, marked):
    successor = make_document("Public successor")
    restricted = marked[Marking.RESTRICTED]
    lifecycle.supersede(successor=successor, predecessor=restricted, by=None)
    services.relate(document=successor, other=marked[Marking.INTERNAL], by=None)
    html = client_for(None).get(successor.get_absolute_url()).content.decode()
    assert restricted.title not in html
    assert marked[Marking.INTERNAL].title not in html
    assert "Supersedes" not in html


def test_archives_hide_what_the_reader_may_not_open(make_document, marked, les_member):
    successor = make_document(
        "Newer tactics",
        marking=Marking.RESTRICTED,
        restricted_to=list(marked[Marking.RESTRICTED].restricted_to.all()),
    )
    lifecycle.supersede(successor=successor, predecessor=marked[Marking.RESTRICTED], by=None)
    assert "Zebra tactics" not in client_for(None).get(reverse("library:archives")).content.decode()
    assert (
        "Zebra tactics" in client_for(les_member).get(reverse("library:archives")).content.decode()
    )


def test_drafts_are_for_library_staff_only(make_document, people):
    draft = make_document("Unissued draft directive", status=Status.DRAFT)
    for persona in ("anonymous", "reader", "les_member"):
        assert client_for(people[persona]).get(draft.get_absolute_url()).status_code == 404
        assert draft not in visible_documents(people[persona])
    assert client_for(people["librarian"]).get(draft.get_absolute_url()).status_code == 200


def test_a_restricted_document_without_groups_is_for_staff_only(make_document, people):
    document = make_document("Nobody's", marking=Marking.RESTRICTED)
    assert client_for(people["les_member"]).get(document.get_absolute_url()).status_code == 404
    assert client_for(people["librarian"]).get(document.get_absolute_url()).status_code == 200


def test_an_inactive_account_sees_only_public_documents(marked, les_member):
    les_member.is_active = False
    les_member.save()
    assert set(visible_documents(les_member)) == {marked[Marking.PUBLIC]}


def test_a_file_of_another_document_is_not_served_under_a_visible_one(marked):
    public = marked[Marking.PUBLIC]
    restricted_file = marked[Marking.RESTRICTED].files.get()
    url = reverse("library:file", args=[public.pk, restricted_file.pk, "x.pdf"])
    assert client_for(None).get(url).status_code == 404
