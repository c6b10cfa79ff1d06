import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from policylib.audit.models import AuditEntry
from policylib.reviews import services
from policylib.reviews.models import (
    CommentCategory,
    Disposition,
    DraftState,
    OfficeResponse,
)
from policylib.reviews.tasks import close_due_comment_periods
from policylib.reviews.tests.conftest import today

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _comment(by, office_review, **fields):
    values = {
        "category": CommentCategory.SUBSTANTIVE,
        "text": "Section 2 does not say who approves a deviation.",
        "proposed_change": "Add: the Field Office Director approves deviations in writing.",
        "rationale": "Officers need to know whom to ask.",
        "section": "2",
        "page": "1",
        "line": "14",
    }
    values.update(fields)
    return services.add_comment(by=by, office_review=office_review, **values)


def test_opening_a_period_invites_offices_for_30_days_and_emails_their_dpcs(
    working_copy,
    owner,
    field_ops,
    mission_support,
    field_dpc,
    ms_dpc,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        period = services.open_comment_period(
            by=owner,
            draft=working_copy,
            offices=[field_ops, mission_support],
            instructions="Focus on section 2.",
        )
    assert period.starts_on == today()
    assert period.due_on == today() + 30 * DAY
    assert period.reviewed_save.number == 2, "the draft as saved when the period opened"
    assert sorted(o.office.name for o in period.offices.all()) == [
        "Field Operations",
        "Mission Support",
    ]
    working_copy.refresh_from_db()
    assert working_copy.state == DraftState.IN_REVIEW
    assert sorted(m.to[0] for m in mailoutbox) == ["frank@example.org", "mike@example.org"]
    message = mailoutbox[0]
    assert "Comment period opened" in message.subject
    assert "Focus on section 2." in message.body
    assert "/development/office-reviews/" in message.body
    entry = AuditEntry.objects.get(action="review.period_opened")
    assert entry.changes["offices"][1] == [
        "Field Operations (FO)",
        "Mission Support (MS)",
    ]


def test_only_a_policy_owner_opens_a_period(working_copy, author, field_ops, field_dpc):
    with pytest.raises(services.NotAllowed):
        services.open_comment_period(by=author, draft=working_copy, offices=[field_ops])


def test_an_office_without_a_dpc_cannot_be_invited(working_copy, owner, enforcement):
    with pytest.raises(services.ReviewError, match="No DPC is named for Enforcement"):
        services.open_comment_period(by=owner, draft=working_copy, offices=[enforcement])


def test_a_period_needs_a_sensible_date_range(working_copy, owner, field_ops, field_dpc):
    with pytest.raises(services.ReviewError, match="in the past"):
        services.open_comment_period(
            by=owner, draft=working_copy, offices=[field_ops], starts_on=today() - DAY
        )
    with pytest.raises(services.ReviewError, match="on or after the start"):
        services.open_comment_period(
            by=owner, draft=working_copy, offices=[field_ops], due_on=today() - DAY
        )


def test_a_dpc_assigns_reviewers_of_their_office_by_their_own_due_date(
    open_period,
    field_dpc,
    field_reviewer,
    ms_reviewer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    field = open_period.offices.get(office__name="Field Operations")
    with pytest.raises(services.ReviewError, match="no later than the office's own"):
        services.assign_reviewer(
            by=field_dpc,
            office_review=field,
            reviewer=field_reviewer,
            due_on=open_period.due_on + DAY,
        )
    with pytest.raises(services.ReviewError, match="not a reviewer in Field Operations"):
        services.assign_reviewer(
            by=field_dpc, office_review=field, reviewer=ms_reviewer, due_on=open_period.due_on
        )
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assign_reviewer(
            by=field_dpc,
            office_review=field,
            reviewer=field_reviewer,
            due_on=open_period.due_on - 5 * DAY,
            instructions="Section 2 please.",
        )
    assert assignment.due_on == open_period.due_on - 5 * DAY
    assert [m.to for m in mailoutbox] == [["rita@example.org"]]
    assert "Section 2 please." in mailoutbox[0].body
    assert AuditEntry.objects.filter(action="review.reviewer_assigned").exists()


def test_a_dpc_cannot_assign_for_another_office(open_period, ms_dpc, field_reviewer):
    field = open_period.offices.get(office__name="Field Operations")
    with pytest.raises(services.NotAllowed):
        services.assign_reviewer(
            by=ms_dpc, office_review=field, reviewer=field_reviewer, due_on=open_period.due_on
        )


def test_a_comment_records_its_reviewer_office_location_and_category(
    open_period, field_dpc, field_reviewer
):
    field = open_period.offices.get(office__name="Field Operations")
    services.assign_reviewer(
        by=field_dpc, office_review=field, reviewer=field_reviewer, due_on=open_period.due_on
    )
    comment = _comment(field_reviewer, field)
    assert comment.author == field_reviewer
    assert comment.office_review.office.name == "Field Operations"
    assert comment.location == "Section 2, page 1, line 14"
    assert comment.get_category_display() == "Substantive"
    assert comment.number is None, "numbered when the office submits"
    assert AuditEntry.objects.filter(action="review.comment_added").exists()


@pytest.mark.parametrize(
    ("text", "proposed", "refused"),
    [
        ("Why is this needed?", "", True),
        ("Who approves deviations?  ", "   ", True),
        ("Who approves deviations?", "Name the Field Office Director.", False),
        ("Is this right? The form number is wrong.", "", False),
        ("The form number is wrong.", "", False),
    ],
)
def test_a_bare_question_is_refused_with_an_explanation(
    open_period, field_dpc, text, proposed, refused
):
    field = open_period.offices.get(office__name="Field Operations")
    if refused:
        with pytest.raises(services.ReviewError, match="bare question") as error:
            _comment(field_dpc, field, text=text, proposed_change=proposed)
        assert "write the change you propose" in str(error.value)
    else:
        assert _comment(field_dpc, field, text=text, proposed_change=proposed).pk


def test_a_comment_needs_a_location(open_period, field_dpc):
    field = open_period.offices.get(office__name="Field Operations")
    with pytest.raises(services.ReviewError, match="section, page or line"):
        _comment(field_dpc, field, section="", page="", line="")


def test_only_assigned_reviewers_and_the_dpc_comment(open_period, field_reviewer, ms_dpc):
    field = open_period.offices.get(office__name="Field Operations")
    for person in (field_reviewer, ms_dpc):
        with pytest.raises(services.NotAllowed):
            _comment(person, field)


def test_the_dpc_consolidates_and_submits_the_office_position(
    open_period,
    field_dpc,
    field_reviewer,
    owner,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    field = open_period.offices.get(office__name="Field Operations")
    services.assign_reviewer(
        by=field_dpc, office_review=field, reviewer=field_reviewer, due_on=open_period.due_on
    )
    first = _comment(field_reviewer, field)
    duplicate = _comment(field_reviewer, field, text="Nobody is named to approve deviations.")
    typo = _comment(
        field_reviewer,
        field,
        category=CommentCategory.EDITORIAL,
        text="Typo: 'escrot'.",
        proposed_change="escort",
    )
    noise = _comment(field_dpc, field, text="I like it.", section="1")

    services.merge_comments(by=field_dpc, keep=first, duplicates=[duplicate])
    services.edit_comment(by=field_dpc, comment=typo, text="Typo: “escrot” in 2.1.")
    services.drop_comment(by=field_dpc, comment=noise, reason="Not a change.")
    with pytest.raises(services.ReviewError, match="Drop them"):
        services.submit_position(by=field_dpc, office_review=field, no_comment=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_position(by=field_dpc, office_review=field)

    field.refresh_from_db()
    assert field.response == OfficeResponse.COMMENTS
    assert list(
        services.period_comments(open_period).order_by("number").values_list("number", "text")
    ) == [(1, first.text), (2, "Typo: “escrot” in 2.1.")]
    duplicate.refresh_from_db()
    noise.refresh_from_db()
    assert duplicate.merged_into == first
    assert duplicate.number is None
    assert noise.dropped
    assert noise.drop_reason == "Not a change."
    assert sorted(m.to[0] for m in mailoutbox) == ["dana@example.org", "olga@example.org"]
    assert "2 comment(s)" in mailoutbox[0].body
    for action in ("comments_merged", "comment_edited", "comment_dropped", "position_submitted"):
        assert AuditEntry.objects.filter(action=f"review.{action}").exists(), action
    with pytest.raises(services.ReviewError, match="already answered"):
        _comment(field_dpc, field)


def test_an_office_answers_no_comment(open_period, ms_dpc):
    ms = open_period.offices.get(office__name="Mission Support")
    with pytest.raises(services.ReviewError, match="answer “no comment” instead"):
        services.submit_position(by=ms_dpc, office_review=ms)
    services.submit_position(by=ms_dpc, office_review=ms, no_comment=True)
    ms.refresh_from_db()
    assert ms.response == OfficeResponse.NO_COMMENT


def test_the_period_closes_when_every_office_has_answered(open_period, field_dpc, ms_dpc):
    for office_review, dpc in zip(
        open_period.offices.order_by("office__name"), (field_dpc, ms_dpc), strict=True
    ):
        services.submit_position(by=dpc, office_review=office_review, no_comment=True)
    open_period.refresh_from_db()
    assert not open_period.is_open
    assert open_period.draft.state == DraftState.RESOLVING


def test_after_the_due_date_the_period_closes_by_itself_and_late_offices_show_no_response(
    open_period, ms_dpc, owner, mailoutbox, django_capture_on_commit_callbacks
):
    ms = open_period.offices.get(office__name="Mission Support")
    services.submit_position(by=ms_dpc, office_review=ms, no_comment=True)

    assert services.close_due_periods(today=open_period.due_on) == [], "open on the due date"
    with django_capture_on_commit_callbacks(execute=True):
        closed = services.close_due_periods(today=open_period.due_on + DAY)

    assert closed == [open_period]
    open_period.refresh_from_db()
    assert not open_period.is_open
    assert open_period.closed_by is None
    assert open_period.offices.get(office__name="Field Operations").response == (
        OfficeResponse.NO_RESPONSE
    )
    assert open_period.draft.state == DraftState.RESOLVING
    entry = AuditEntry.objects.get(action="review.period_closed")
    assert entry.actor is None
    assert entry.changes["no_response"] == [None, ["Field Operations (FO)"]]
    assert sorted(m.to[0] for m in mailoutbox) == ["dana@example.org", "olga@example.org"]
    assert "No response from: Field Operations (FO)." in mailoutbox[0].body
    assert services.close_due_periods(today=open_period.due_on + 2 * DAY) == []


def test_the_close_due_command_and_task_close_overdue_periods(open_period):
    open_period.due_on = open_period.starts_on
    open_period.save()
    call_command("reviews", "close-due", "--today", (open_period.due_on + DAY).isoformat())
    open_period.refresh_from_db()
    assert not open_period.is_open


def test_the_task_closes_what_is_due_today(open_period, monkeypatch):
    assert close_due_comment_periods.enqueue().return_value == 0
    open_period.starts_on = open_period.due_on = today() - DAY
    open_period.save()
    assert close_due_comment_periods.enqueue().return_value == 1


def test_the_command_reports_what_it_closed(open_period, capsys):
    open_period.starts_on = open_period.due_on = today() - DAY
    open_period.save()
    call_command("reviews", "close-due")
    out = capsys.readouterr().out
    assert f"Closed: {open_period.draft.identifier}" in out
    assert "2 office(s) without a response." in out
    assert "1 comment period(s) closed." in out


def test_the_opi_answers_comments_and_explains_what_is_not_accepted(open_period, field_dpc, author):
    field = open_period.offices.get(office__name="Field Operations")
    comment = _comment(field_dpc, field)
    with pytest.raises(services.ReviewError, match="submitted office position"):
        services.answer_comment(by=author, comment=comment, disposition=Disposition.ACCEPTED)
    services.submit_position(by=field_dpc, office_review=field)
    comment.refresh_from_db()
    with pytest.raises(services.ReviewError, match="Explain"):
        services.answer_comment(by=author, comment=comment, disposition=Disposition.NOT_ACCEPTED)
    services.answer_comment(
        by=author,
        comment=comment,
        disposition=Disposition.MODIFIED,
        response="Added, naming the Assistant Director instead.",
    )
    comment.refresh_from_db()
    assert comment.get_disposition_display() == "Accepted with modification"
    assert comment.answered_by == author
    entry = AuditEntry.objects.get(action="review.comment_answered")
    assert entry.changes["disposition"] == ["", "modified"]


def test_a_reviewer_cannot_answer_comments(open_period, field_dpc):
    field = open_period.offices.get(office__name="Field Operations")
    comment = _comment(field_dpc, field)
    services.submit_position(by=field_dpc, office_review=field)
    comment.refresh_from_db()
    with pytest.raises(services.NotAllowed):
        services.answer_comment(by=field_dpc, comment=comment, disposition=Disposition.ACCEPTED)


def test_a_reviewer_marks_their_assignment_done(open_period, field_dpc, field_reviewer):
    field = open_period.offices.get(office__name="Field Operations")
    assignment = services.assign_reviewer(
        by=field_dpc, office_review=field, reviewer=field_reviewer, due_on=open_period.due_on
    )
    with pytest.raises(services.NotAllowed):
        services.complete_assignment(by=field_dpc, assignment=assignment)
    services.complete_assignment(by=field_reviewer, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    assert AuditEntry.objects.filter(action="review.assignment_completed").exists()


def test_opening_a_period_schedules_its_closing_for_the_day_after_the_due_date(
    working_copy, owner, field_ops, field_dpc, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        period = services.open_comment_period(by=owner, draft=working_copy, offices=[field_ops])
    (scheduled,) = default_task_backend.results
    assert scheduled.task.name == "close_due_comment_periods"
    run_after = timezone.localtime(scheduled.task.run_after)
    assert run_after.date() == period.due_on + DAY
    assert run_after.time() == datetime.time.min
