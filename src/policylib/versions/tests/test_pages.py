import pytest
from django.urls import reverse

from policylib.conftest import client_for
from policylib.library import lifecycle
from policylib.library.models import Marking, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def revised(make_document, attach_text, committed):
    """A directive issued, then revised as a new record that supersedes it."""
    with committed():
        first = make_document("Use of force", identifier="Directive 1.0")
        attach_text(first, "Officers may use force.\n\nReports are due in 30 days.")
    with committed():
        second = make_document(
            "Use of force", identifier="Directive 1.1", status=Status.DRAFT, issued_on=None
        )
        attach_text(second, "Officers may use reasonable force.\n\nReports are due in 30 days.")
        lifecycle.supersede(successor=second, predecessor=first, by=None)
        lifecycle.issue(document=second, by=None)
    return first, second


def test_the_history_lists_every_version_newest_first(revised):
    _first, second = revised
    response = client_for(None).get(reverse("versions:history", args=[second.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Version 2") < page.index("Version 1")
    assert "Directive 1.0" in page
    assert "Directive 1.1" in page
    assert 'name="old"' in page, "a form to compare two versions"


def test_the_redline_marks_insertions_and_deletions_in_words_as_well_as_colour(revised):
    first, second = revised
    old, new = first.versions.get(), second.versions.get()
    response = client_for(None).get(
        reverse("versions:compare", args=[second.pk]), {"old": old.pk, "new": new.pk}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<ins>" in page
    assert "inserted: </span>reasonable" in page
    assert "Changes from version 1 to version 2" in page
    assert "Identifier" in page, "the record's changed fields are listed"
    assert "Directive 1.0" in page
    assert "Directive 1.1" in page
    assert "1 insertion" in page


def test_comparing_a_version_with_itself_is_refused_with_a_message(revised):
    _, second = revised
    version = second.versions.get()
    response = client_for(None).get(
        reverse("versions:compare", args=[second.pk]), {"old": version.pk, "new": version.pk}
    )
    assert response.status_code == 400
    assert "Choose two different versions" in response.content.decode()


def test_a_single_version_page_shows_its_text(revised):
    first, _ = revised
    version = first.versions.get()
    response = client_for(None).get(version.get_absolute_url())
    assert response.status_code == 200
    assert "Officers may use force." in response.content.decode()


def test_versions_of_a_restricted_document_are_hidden_from_outsiders(
    make_document, committed, reader, les_member, les_group
):
    with committed():
        document = make_document(
            "Sensitive procedure", marking=Marking.RESTRICTED, restricted_to=[les_group],
            body="Secret text.",
        )  # fmt: skip
    version = document.versions.get()
    for url in (
        reverse("versions:history", args=[document.pk]),
        version.get_absolute_url(),
    ):
        assert client_for(reader).get(url).status_code == 404
        assert client_for(les_member).get(url).status_code == 200


def test_an_earlier_version_the_reader_may_not_see_is_left_out(
    make_document, committed, reader, les_group
):
    with committed():
        hidden = make_document(
            "Old restricted", marking=Marking.RESTRICTED, restricted_to=[les_group], body="Old."
        )
        public = make_document("New public", body="New.")
        lifecycle.supersede(successor=public, predecessor=hidden, by=None)
    page = client_for(reader).get(reverse("versions:history", args=[public.pk])).content.decode()
    assert "Old restricted" not in page
    assert "1 version" in page
    assert "Version 2" not in page, "a hidden earlier version is not even counted"
