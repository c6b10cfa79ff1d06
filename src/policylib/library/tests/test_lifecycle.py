import datetime

import pytest

from policylib.audit.models import AuditEntry
from policylib.library import lifecycle
from policylib.library.models import Document, Status, Supersession

pytestmark = pytest.mark.django_db


def test_issuing_a_successor_supersedes_the_predecessor_on_the_issue_date(make_document, librarian):
    old = make_document("Case Load Priority with Fugitive Operations", issued_on="2004-01-22")
    new = make_document("Escort policy deviation", status=Status.DRAFT, issued_on=None)
    lifecycle.supersede(successor=new, predecessor=old, by=librarian)
    old.refresh_from_db()
    assert old.status == Status.CURRENT, "a draft successor does not retire anything yet"

    lifecycle.issue(document=new, by=librarian, issued_on=datetime.date(2006, 2, 3))

    old.refresh_from_db()
    new.refresh_from_db()
    assert new.status == Status.CURRENT
    assert new.issued_on == datetime.date(2006, 2, 3)
    assert old.status == Status.SUPERSEDED
    assert old.status_changed_on == datetime.date(2006, 2, 3)
    assert Supersession.objects.get(predecessor=old, successor=new).on == datetime.date(2006, 2, 3)
    assert list(old.superseded_by.all()) == [new]


def test_superseding_with_a_current_document_takes_effect_at_once(make_document):
    old = make_document("Old", issued_on="2004-01-22")
    new = make_document("New", issued_on="2008-09-29")
    link = lifecycle.supersede(successor=new, predecessor=old, by=None)
    old.refresh_from_db()
    assert old.status == Status.SUPERSEDED
    assert link.on == datetime.date(2008, 9, 29)


def test_a_document_cannot_supersede_itself(make_document):
    document = make_document("Self")
    with pytest.raises(lifecycle.LifecycleError, match="cannot supersede itself"):
        lifecycle.supersede(successor=document, predecessor=document, by=None)


def test_a_supersession_cycle_is_refused_with_a_clear_message(make_document):
    first = make_document("First", status=Status.DRAFT)
    second = make_document("Second", status=Status.DRAFT)
    third = make_document("Third", status=Status.DRAFT)
    # Drafts may be linked in advance; the rules still forbid a loop.
    lifecycle.issue(document=first, by=None)
    lifecycle.supersede(successor=second, predecessor=first, by=None)
    lifecycle.issue(document=second, by=None)
    lifecycle.supersede(successor=third, predecessor=second, by=None)
    with pytest.raises(lifecycle.LifecycleError, match="cycle"):
        lifecycle.supersede(successor=first, predecessor=third, by=None)
    assert Supersession.objects.count() == 2


def test_superseding_twice_records_one_link(make_document):
    old, new = make_document("Old"), make_document("New")
    lifecycle.supersede(successor=new, predecessor=old, by=None)
    lifecycle.supersede(successor=new, predecessor=old, by=None)
    assert Supersession.objects.count() == 1


def test_a_draft_cannot_be_superseded(make_document):
    draft = make_document("Draft", status=Status.DRAFT)
    current = make_document("Current")
    with pytest.raises(lifecycle.LifecycleError, match="draft"):
        lifecycle.supersede(successor=current, predecessor=draft, by=None)


def test_cancelling_moves_a_document_to_the_archives_and_keeps_it(make_document, librarian):
    document = make_document("To cancel", pdf=b"%PDF-1.4 text")
    lifecycle.cancel(document=document, by=librarian, note="Rescinded by the director")
    document.refresh_from_db()
    assert document.status == Status.CANCELLED
    assert document.is_archived
    assert document.files.count() == 1
    entry = AuditEntry.objects.get(action="document.cancelled")
    assert entry.actor == librarian
    assert entry.changes["status"] == [Status.CURRENT, Status.CANCELLED]
    assert entry.note == "Rescinded by the director"


def test_archiving_a_superseded_document_keeps_its_links(make_document):
    old, new = make_document("Old"), make_document("New")
    lifecycle.supersede(successor=new, predecessor=old, by=None)
    lifecycle.archive(document=old, by=None)
    old.refresh_from_db()
    assert old.status == Status.ARCHIVED
    assert list(old.superseded_by.all()) == [new]


def test_transitions_from_the_wrong_state_are_refused(make_document):
    document = make_document("Archived")
    lifecycle.archive(document=document, by=None)
    with pytest.raises(lifecycle.LifecycleError, match="cannot be issued"):
        lifecycle.issue(document=document, by=None)
    with pytest.raises(lifecycle.LifecycleError, match="cannot be cancelled"):
        lifecycle.cancel(document=document, by=None)
    assert Document.objects.get(pk=document.pk).status == Status.ARCHIVED


def test_a_retired_document_cannot_supersede_another(make_document):
    retired, current = make_document("Retired"), make_document("Current")
    lifecycle.cancel(document=retired, by=None)
    with pytest.raises(lifecycle.LifecycleError, match="only a draft or current"):
        lifecycle.supersede(successor=retired, predecessor=current, by=None)


def test_a_superseded_document_cannot_be_superseded_again(make_document):
    old = make_document("Detainee Transfers", identifier="DRO 11064.1", issued_on="2008-03-01")
    first = make_document("Detainee Transfers", identifier="DRO 11064.2", issued_on="2011-09-04")
    second = make_document("Detainee Transfers", identifier="DRO 11064.3", issued_on="2026-01-10")
    lifecycle.supersede(successor=first, predecessor=old, by=None)
    with pytest.raises(lifecycle.LifecycleError) as refused:
        lifecycle.supersede(successor=second, predecessor=old, by=None)
    assert str(refused.value) == (
        "DRO 11064.1 is already superseded by DRO 11064.2: Detainee Transfers; "
        "supersede that one instead."
    )
    assert list(old.superseded_by.all()) == [first]
    # The way the message points to is open.
    lifecycle.supersede(successor=second, predecessor=first, by=None)
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED


def test_the_refusal_names_the_end_of_the_line_of_successors(make_document):
    old, middle, latest, newest = (
        make_document(title, identifier=f"DRO 7-{n}") for n, title in enumerate("ABCD", 1)
    )
    lifecycle.supersede(successor=middle, predecessor=old, by=None)
    lifecycle.supersede(successor=latest, predecessor=middle, by=None)
    with pytest.raises(lifecycle.LifecycleError) as refused:
        lifecycle.supersede(successor=newest, predecessor=old, by=None)
    assert str(refused.value) == (
        "DRO 7-1 is already superseded by DRO 7-2: B, itself superseded by DRO 7-3: C; "
        "supersede DRO 7-3 instead."
    )


def test_a_document_a_draft_will_supersede_is_not_given_a_second_successor(make_document):
    old = make_document("Old", identifier="DRO 1")
    draft = make_document("Planned", identifier="DRO 2", status=Status.DRAFT, issued_on=None)
    other = make_document("Other", identifier="DRO 3")
    lifecycle.supersede(successor=draft, predecessor=old, by=None)
    with pytest.raises(lifecycle.LifecycleError, match="already to be superseded by DRO 2"):
        lifecycle.supersede(successor=other, predecessor=old, by=None)
    old.refresh_from_db()
    assert old.status == Status.CURRENT
    assert Supersession.objects.count() == 1


def test_a_successor_cancelled_before_issue_does_not_block_another(make_document):
    old = make_document("Old", identifier="DRO 1")
    abandoned = make_document("Abandoned", identifier="DRO 2", status=Status.DRAFT)
    lifecycle.supersede(successor=abandoned, predecessor=old, by=None)
    lifecycle.cancel(document=abandoned, by=None)
    replacement = make_document("Replacement", identifier="DRO 3")
    lifecycle.supersede(successor=replacement, predecessor=old, by=None)
    old.refresh_from_db()
    assert old.status == Status.SUPERSEDED


def test_issuing_records_the_issue_date_it_sets(make_document, librarian):
    draft = make_document("Draft", status=Status.DRAFT, issued_on=None)
    lifecycle.issue(document=draft, by=librarian, issued_on=datetime.date(2010, 5, 1))
    entry = AuditEntry.objects.get(action="document.issued")
    assert entry.changes["issued_on"] == [None, "2010-05-01"]
    assert entry.changes["status"] == [Status.DRAFT, Status.CURRENT]
