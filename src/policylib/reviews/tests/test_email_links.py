"""Every email of a review round and of the subscriptions it sets off opens where it says.

A whole round runs through the services (comment period, reviewer assigned, due reminders,
comments, positions, closing, answers, concurrence, approval, issue), and issuing the new
version emails the subscribers of the old one. Every link in every message is absolute on the
site's configured address and opens for its recipient; signed out, it opens or asks to log in.
"""

import datetime

import pytest

from policylib.reviews import reminders, services
from policylib.reviews.tests.conftest import today, upload
from policylib.subscriptions import services as subscriptions
from policylib.testing.mail import links_in, not_on_the_site, unopened

pytestmark = pytest.mark.django_db

SITE = "https://policies.example.gov"


@pytest.fixture(autouse=True)
def _site(settings, librarian):
    settings.POLICYLIB_SITE_URL = SITE
    settings.POLICYLIB_LIBRARY_STAFF_EMAILS = [librarian.email]


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def test_every_link_in_a_review_round_and_its_subscriber_email_opens_on_the_site(
    author,
    owner,
    field_dpc,
    field_reviewer,
    ms_dpc,
    board_member,
    signatory,
    librarian,
    reader,
    current_directive,
    make_document,
    field_ops,
    mission_support,
    category,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    committed = lambda: django_capture_on_commit_callbacks(execute=True)  # noqa: E731
    older = make_document("Escort of Detainees by Air", identifier="DRO 11002.1")
    subscriptions.subscribe(user=reader, document=current_directive)
    subscriptions.subscribe(user=reader, category=category)

    with committed():
        draft = services.check_out(by=author, document=current_directive)
        services.save_draft(
            by=author,
            draft=draft,
            change_note="Section 2 rewritten.",
            upload=upload("escort-v2.docx"),
            supersedes=[older],
        )
    with committed():
        period = services.open_comment_period(
            by=owner, draft=draft, offices=[field_ops, mission_support], due_on=days(30)
        )
    field = period.offices.get(office=field_ops)
    with committed():
        services.assign_reviewer(
            by=field_dpc, office_review=field, reviewer=field_reviewer, due_on=days(20)
        )
    reminders.send_due_reminders(on=days(14))  # the reviewer's assignment is due in a week
    reminders.send_due_reminders(on=days(29))  # the offices' positions are due tomorrow
    with committed():
        comment = services.add_comment(
            by=field_reviewer,
            office_review=field,
            category="substantive",
            section="2",
            text="Section 2 does not name who approves a deviation.",
            proposed_change="Add: the Field Office Director approves deviations in writing.",
        )
        services.submit_position(by=field_dpc, office_review=field)
        services.submit_position(
            by=ms_dpc, office_review=period.offices.get(office=mission_support), no_comment=True
        )
    with committed():
        services.close_due_periods(today=days(31))
    comment.refresh_from_db()
    with committed():
        services.answer_comment(
            by=author, comment=comment, disposition="accepted", response="Added."
        )
    with committed():
        services.send_for_concurrence(by=owner, draft=draft, signatory=signatory)
    with committed():
        services.decide_concurrence(by=board_member, draft=draft, concur=True)
    with committed():
        services.decide_approval(by=signatory, draft=draft, approve=True)
    with committed():
        version_2 = services.issue_draft(by=librarian, draft=draft, issued_on=today())

    subjects = [message.subject for message in mailoutbox]
    name = "DRO 11064.1: Deviation from the Escort Policy"
    for expected in (
        f"Comment period opened: {name}",
        f"Please review {name}",
        "RevCom: 1 review item due soon",
        f"Field Operations (FO) answered on {name}",
        f"Comment period closed: {name}",
        f"For concurrence by the review board: {name}",
        f"Concurred: {name}",
        f"For your approval as signatory: {name}",
        f"Approved: {name}",
        f"Issued: {name}",
        f"Revised: {name}",
    ):
        assert any(subject.startswith(expected) for subject in subjects), (expected, subjects)
    issued = next(m for m in mailoutbox if m.subject == f"Issued: {name}")
    assert f"It supersedes DRO 11002.1: Escort of Detainees by Air; {name}." in issued.body
    [revised] = [m for m in mailoutbox if m.subject.startswith("Revised:")]
    assert f"It is the new version of {name}, which is now superseded." in revised.body
    assert "It supersedes:\n  DRO 11002.1: Escort of Detainees by Air" in revised.body
    assert revised.to == [reader.email]

    links = links_in(mailoutbox)
    assert len(links) >= len(mailoutbox)
    assert f"{SITE}{version_2.get_absolute_url()}" in {link.url for link in links}
    assert not_on_the_site(links) == []
    assert unopened(links) == []
