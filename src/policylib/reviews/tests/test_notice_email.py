"""What review-round email may say: a draft's title and identifier travel only when the draft is
marked Public; otherwise the email names "a draft marked ..." and links to it."""

import pytest

from policylib.library.models import Marking
from policylib.reviews import reminders, services
from policylib.reviews.tests.test_reminders import days

pytestmark = pytest.mark.django_db


def _mark(draft, marking, group=None) -> None:
    draft.marking = marking
    draft.save(update_fields=["marking"])
    if group is not None:
        draft.restricted_to.add(group)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Notices go out once the change commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _text(mailoutbox) -> str:
    return "\n".join(f"{message.subject}\n{message.body}" for message in mailoutbox)


@pytest.mark.parametrize("marking", [Marking.INTERNAL, Marking.RESTRICTED])
def test_a_comment_period_notice_names_no_internal_or_restricted_draft(
    working_copy, owner, field_ops, field_dpc, les_group, mailoutbox, marking, committed
):
    owner.groups.add(les_group)
    field_dpc.groups.add(les_group)
    _mark(working_copy, marking, les_group if marking == Marking.RESTRICTED else None)

    with committed():
        services.open_comment_period(by=owner, draft=working_copy, offices=[field_ops])

    text = _text(mailoutbox)
    assert "frank@example.org" in [address for m in mailoutbox for address in m.to]
    assert working_copy.title not in text
    assert working_copy.identifier not in text
    assert f"a draft marked {working_copy.get_marking_display()}" in text


def test_a_comment_period_notice_names_a_public_draft(
    working_copy, owner, field_ops, field_dpc, mailoutbox, committed
):
    with committed():
        services.open_comment_period(by=owner, draft=working_copy, offices=[field_ops])

    assert f"{working_copy.identifier}: {working_copy.title}" in _text(mailoutbox)


@pytest.mark.parametrize("marking", [Marking.INTERNAL, Marking.RESTRICTED])
def test_a_due_reminder_names_no_internal_or_restricted_draft(
    open_period, field_ops, field_dpc, field_reviewer, les_group, mailoutbox, marking
):
    draft = open_period.draft
    for person in (field_dpc, field_reviewer):
        person.groups.add(les_group)
    _mark(draft, marking, les_group if marking == Marking.RESTRICTED else None)
    services.assign_reviewer(
        by=field_dpc,
        office_review=open_period.offices.get(office=field_ops),
        reviewer=field_reviewer,
        due_on=days(20),
    )
    mailoutbox.clear()

    reminders.send_due_reminders(on=days(13))

    text = _text(mailoutbox)
    assert "rita@example.org" in [address for m in mailoutbox for address in m.to]
    assert draft.title not in text
    assert draft.identifier not in text
