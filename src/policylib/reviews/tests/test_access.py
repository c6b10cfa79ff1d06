"""Who sees a draft: the OPI, the invited offices, the board and signatory once asked, staff."""

import pytest
from django.contrib.auth.models import Group
from django.http import Http404

from policylib.accounts.access import (
    DraftAction,
    can_draft,
    get_draft_or_404,
    may_revise,
    visible_drafts,
)
from policylib.library.models import Marking
from policylib.reviews import services
from policylib.reviews.models import Draft

pytestmark = pytest.mark.django_db


def _sees(user, draft: Draft) -> bool:
    return visible_drafts(user).filter(pk=draft.pk).exists()


def test_a_working_copy_is_seen_by_its_opi_and_library_staff_only(
    working_copy, author, owner, librarian, reader, field_dpc, board_member, signatory
):
    assert _sees(author, working_copy)
    assert _sees(owner, working_copy)
    assert _sees(librarian, working_copy)
    for person in (reader, field_dpc, board_member, signatory):
        assert not _sees(person, working_copy), person
    with pytest.raises(Http404):
        get_draft_or_404(reader, working_copy.pk)


def test_nobody_signed_out_sees_a_draft(working_copy):
    from django.contrib.auth.models import AnonymousUser

    assert not _sees(AnonymousUser(), working_copy)


def test_drafts_in_review_are_visible_to_the_invited_offices_only(
    open_period, field_dpc, field_reviewer, ms_dpc, enforcement_dpc
):
    draft = open_period.draft
    assert _sees(field_dpc, draft)
    assert _sees(field_reviewer, draft), "everyone with a role in an invited office"
    assert _sees(ms_dpc, draft)
    assert not _sees(enforcement_dpc, draft), "Enforcement was not invited"


def test_the_board_sees_a_draft_once_sent_for_concurrence_and_the_signatory_once_asked(
    working_copy, owner, board_member, signatory
):
    services.send_for_concurrence(by=owner, draft=working_copy, signatory=signatory)
    assert _sees(board_member, working_copy)
    assert not _sees(signatory, working_copy)
    services.decide_concurrence(by=board_member, draft=working_copy, concur=True)
    assert _sees(signatory, working_copy)


def test_a_restricted_draft_is_seen_only_by_members_of_its_groups(
    working_copy, author, owner, field_dpc, field_ops, les_group
):
    services.save_draft(
        by=author,
        draft=working_copy,
        change_note="Law enforcement sensitive.",
        marking=Marking.RESTRICTED,
        restricted_to=[les_group],
    )
    assert not _sees(author, working_copy), "even the author needs the group"
    author.groups.add(les_group)
    owner.groups.add(les_group)
    assert _sees(author, working_copy)
    services.open_comment_period(by=owner, draft=working_copy, offices=[field_ops])
    assert not _sees(field_dpc, working_copy)
    field_dpc.groups.add(Group.objects.get(name="LES"))
    assert _sees(field_dpc, working_copy)


def test_roles_decide_who_acts(working_copy, author, owner, field_dpc, board_member, librarian):
    assert can_draft(author, DraftAction.EDIT, working_copy)
    assert not can_draft(author, DraftAction.MANAGE, working_copy)
    assert can_draft(owner, DraftAction.MANAGE, working_copy)
    assert not can_draft(board_member, DraftAction.CONCUR, working_copy), "not sent yet"
    assert can_draft(librarian, DraftAction.ISSUE, working_copy)
    assert not can_draft(owner, DraftAction.ISSUE, working_copy)


def test_only_the_opi_may_revise_a_document(current_directive, author, owner, reader, librarian):
    assert may_revise(author, current_directive)
    assert may_revise(owner, current_directive)
    assert not may_revise(reader, current_directive)
    assert not may_revise(librarian, current_directive), "staff issue; the OPI drafts"
