import pytest
from django.urls import reverse

from policylib.conftest import client_for
from policylib.library import lifecycle, services
from policylib.library.models import Marking, Status
from policylib.versions import record_version

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


@pytest.fixture
def appendix_of_restricted(make_document, committed, les_group):
    """A Public appendix, first issued alone, then placed under a Restricted chapter."""
    with committed():
        chapter = make_document(
            "Covert surveillance methods", identifier="LES Chapter 9",
            marking=Marking.RESTRICTED, restricted_to=[les_group], body="Secret.",
        )  # fmt: skip
        appendix = make_document("Forms", identifier="Appendix 9-A", body="Form A.")
    with committed():
        services.update_document(document=appendix, by=None, parent=chapter)
    return chapter, appendix


def test_a_version_names_a_parent_only_to_those_who_may_see_it(
    appendix_of_restricted, reader, les_member
):
    _chapter, appendix = appendix_of_restricted
    first, second = appendix.versions.order_by("number")
    compare = reverse("versions:compare", args=[appendix.pk])
    for user in (None, reader):
        for response in (
            client_for(user).get(second.get_absolute_url()),
            client_for(user).get(compare, {"old": first.pk, "new": second.pk}),
        ):
            assert response.status_code == 200
            page = response.content.decode()
            assert "Covert surveillance" not in page
            assert "LES Chapter 9" not in page
    member = client_for(les_member)
    assert (
        "LES Chapter 9: Covert surveillance methods"
        in member.get(second.get_absolute_url()).content.decode()
    )
    assert (
        "LES Chapter 9: Covert surveillance methods"
        in member.get(compare, {"old": first.pk, "new": second.pk}).content.decode()
    )


def test_a_version_keeps_a_reference_to_its_parent_not_its_title(appendix_of_restricted):
    chapter, appendix = appendix_of_restricted
    version = appendix.versions.order_by("number").last()
    assert version.metadata["parent"] == chapter.pk
    assert "Covert" not in str(version.metadata)


def test_renaming_the_parent_makes_no_new_version(appendix_of_restricted, committed):
    chapter, appendix = appendix_of_restricted
    count = appendix.versions.count()
    with committed():
        services.update_document(document=chapter, by=None, title="Covert methods")
    latest = appendix.versions.order_by("number").last()
    assert record_version(document=appendix, by=None) == latest
    assert appendix.versions.count() == count


def test_a_comparison_too_large_for_word_by_word_says_so(make_document, committed, reader):
    old = "\n".join("ab"[n % 2] for n in range(200_000))
    with committed():
        document = make_document("Long manual", body=old)
    with committed():
        services.update_document(
            document=document, by=None, body="\n".join(f"new line {n}" for n in range(40_000))
        )
    first, second = document.versions.order_by("number")
    response = client_for(reader).get(
        reverse("versions:compare", args=[document.pk]), {"old": first.pk, "new": second.pk}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="usa-alert usa-alert--info usa-alert--slim"' in page
    assert "too long to compare word by word" in page
    assert "new line 39999" in page
