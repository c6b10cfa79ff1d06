"""A comment is its author's and its office DPC's until the office submits its position:
colleagues, other offices and library staff find nothing of it, on any page."""

import pytest
from django.urls import reverse

from policylib.conftest import client_for
from policylib.reviews import services
from policylib.reviews.models import CommentCategory, Role
from policylib.reviews.tests.conftest import _person

pytestmark = pytest.mark.django_db

SECRET = "The escort ratio in 2.3 contradicts the detention standards."


@pytest.fixture
def colleague(django_user_model, field_ops):
    """Rex, a second reviewer of Field Operations."""
    return _person(django_user_model, "rex", "Rex", "Colleague", (field_ops, Role.REVIEWER))


@pytest.fixture
def draft_comment(open_period, field_dpc, field_reviewer, colleague, field_ops):
    """Rita has written a comment for Field Operations; the office has not submitted it."""
    field = open_period.offices.get(office=field_ops)
    for person in (field_reviewer, colleague):
        services.assign_reviewer(
            by=field_dpc, office_review=field, reviewer=person, due_on=open_period.due_on
        )
    return services.add_comment(
        by=field_reviewer,
        office_review=field,
        category=CommentCategory.SUBSTANTIVE,
        text=SECRET,
        proposed_change="Use the ratio of the standards.",
        section="2.3",
    )


def _pages(comment) -> list[str]:
    return [
        reverse("reviews:edit_comment", args=[comment.pk]),
        reverse("reviews:drop_comment", args=[comment.pk]),
        reverse("reviews:merge_comment", args=[comment.pk]),
    ]


def test_a_colleague_cannot_open_another_reviewers_draft_comment(
    draft_comment, colleague, field_reviewer, field_dpc, author
):
    rex = client_for(colleague)
    for url in _pages(draft_comment):
        response = rex.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.content.decode()
    assert rex.post(_pages(draft_comment)[1], {"note": "x"}).status_code == 404
    workspace = draft_comment.office_review.get_absolute_url()
    assert SECRET not in rex.get(workspace).content.decode()
    # Its author and the office's DPC still reach it.
    for person in (field_reviewer, field_dpc):
        response = client_for(person).get(_pages(draft_comment)[0])
        assert response.status_code == 200, person
        assert SECRET in response.content.decode()
    assert SECRET in client_for(field_dpc).get(workspace).content.decode()
    # Once submitted, the position is the office's answer, read by all who see the draft.
    services.submit_position(by=field_dpc, office_review=draft_comment.office_review)
    assert SECRET in rex.get(workspace).content.decode()
    matrix = reverse("reviews:matrix", args=[draft_comment.office_review.period_id])
    assert SECRET in client_for(author).get(matrix).content.decode()


def test_library_staff_and_other_offices_cannot_read_a_draft_comment(
    draft_comment, librarian, ms_reviewer, ms_dpc
):
    for person in (librarian, ms_reviewer, ms_dpc):
        for url in _pages(draft_comment):
            assert client_for(person).get(url).status_code == 404, (person, url)


def test_merging_offers_only_the_comments_the_person_may_read(
    draft_comment, field_reviewer, colleague, field_dpc
):
    theirs = services.add_comment(
        by=colleague,
        office_review=draft_comment.office_review,
        category=CommentCategory.EDITORIAL,
        text="Rex's private remark on the cover page.",
        proposed_change="Fix the date.",
        page="1",
    )
    rita = client_for(field_reviewer).get(_pages(draft_comment)[2]).content.decode()
    assert "private remark" not in rita
    frank = client_for(field_dpc).get(_pages(draft_comment)[2]).content.decode()
    assert "private remark" in frank, "the DPC consolidates every comment of the office"
    assert f'value="{theirs.pk}"' in frank
