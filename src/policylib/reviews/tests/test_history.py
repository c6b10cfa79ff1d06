"""A redline between two saves of a draft: its text (body and file) and its record."""

import pytest
from django.urls import reverse

from policylib.conftest import client_for
from policylib.reviews import history, services
from policylib.reviews.tests.conftest import docx_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_saves(working_copy, author):
    """Save 1 is the check-out, save 2 Dana's upload; save 3 rewrites section 2."""
    services.save_draft(
        by=author,
        draft=working_copy,
        change_note="Section 2 names who approves.",
        upload=upload(
            "escort-v3.docx",
            docx_bytes("Section 1. Purpose.\nSection 2. The Field Office Director approves."),
        ),
        summary="Who approves a deviation.",
    )
    return working_copy


def test_two_saves_compare_as_a_redline_of_text_and_record(two_saves):
    comparison = history.compare_saves(two_saves, 2, 3, user=two_saves.created_by)
    changed = {f.label: (f.old, f.new) for f in comparison.changed_fields}
    assert changed["Summary"] == (
        "Requests to deviate from the escort standard.",
        "Who approves a deviation.",
    )
    assert changed["File"][0].startswith("escort-v2.docx (")
    assert changed["File"][1].startswith("escort-v3.docx (")
    segments = [(s.op, s.text) for row in comparison.text.rows for s in row.segments]
    assert ("delete", "Escorts") in segments
    assert ("insert", "The Field Office Director approves") in segments
    assert comparison.problems == []


def test_the_earlier_save_is_always_the_base(two_saves):
    comparison = history.compare_saves(two_saves, 3, 2, user=two_saves.created_by)
    assert (comparison.old.number, comparison.new.number) == (2, 3)


def test_the_page_marks_changes_without_relying_on_colour(two_saves, author):
    response = client_for(author).get(
        reverse("reviews:compare_saves", args=[two_saves.pk]), {"old": 2, "new": 3}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Changes from save 2 to save 3" in html
    assert "<del>" in html
    assert "<ins>" in html
    # Marked in words and signs too, not by colour alone.
    assert "[+" in html
    assert "[\N{MINUS SIGN}" in html
    assert "inserted: </span>The Field Office Director approves" in html
    assert "was: </span>Requests to deviate from the escort standard." in html


def test_the_draft_page_offers_the_comparison(two_saves, author):
    html = client_for(author).get(two_saves.get_absolute_url()).content.decode()
    assert reverse("reviews:compare_saves", args=[two_saves.pk]) in html
    assert "Compare two saves" in html


def test_the_same_save_twice_is_refused_with_a_message(two_saves, author):
    response = client_for(author).get(
        reverse("reviews:compare_saves", args=[two_saves.pk]), {"old": 2, "new": 2}
    )
    assert response.status_code == 400
    assert "Choose two different saves" in response.content.decode()


def test_outsiders_cannot_compare_a_draft(two_saves, reader):
    response = client_for(reader).get(
        reverse("reviews:compare_saves", args=[two_saves.pk]), {"old": 2, "new": 3}
    )
    assert response.status_code == 404


# -- Documents a reader may not see leave no trace in the draft or its history -----------------

HIDDEN_TITLE = "Covert Transfer Routes"


@pytest.fixture
def supersedes_hidden(working_copy, owner, make_document, les_group):
    """Olga, in the LES group, names a Restricted document and a public memo as superseded."""
    owner.groups.add(les_group)
    hidden = make_document(
        HIDDEN_TITLE, identifier="DRO 7777", marking="restricted", restricted_to=[les_group]
    )
    memo = make_document("Escort Staffing Memo", identifier="DRO 0500")
    services.save_draft(
        by=owner,
        draft=working_copy,
        change_note="Replaces two older documents.",
        supersedes=[hidden, memo],
    )
    return {"draft": working_copy, "hidden": hidden, "memo": memo}


def test_a_save_keeps_superseded_documents_by_id_not_by_title(supersedes_hidden):
    draft, hidden, memo = (supersedes_hidden[k] for k in ("draft", "hidden", "memo"))
    save = draft.history.order_by("-number").first()
    assert save.metadata["supersedes"] == sorted([hidden.pk, memo.pk])
    assert HIDDEN_TITLE not in str(save.metadata)


def test_hidden_superseded_documents_appear_nowhere_for_those_who_may_not_see_them(
    supersedes_hidden, author, owner
):
    draft = supersedes_hidden["draft"]
    dana = client_for(author)  # an author of the OPI, not in the LES group
    page = dana.get(draft.get_absolute_url()).content.decode()
    assert "Escort Staffing Memo" in page
    assert HIDDEN_TITLE not in page
    compare = reverse("reviews:compare_saves", args=[draft.pk])
    html = dana.get(compare, {"old": 2, "new": 3}).content.decode()
    assert "Escort Staffing Memo" in html
    assert HIDDEN_TITLE not in html
    assert "DRO 7777" not in html
    # Olga, who may see it, is shown it.
    assert HIDDEN_TITLE in client_for(owner).get(compare, {"old": 2, "new": 3}).content.decode()


def test_saving_keeps_what_the_author_could_not_see(supersedes_hidden, author):
    draft, hidden, memo = (supersedes_hidden[k] for k in ("draft", "hidden", "memo"))
    response = client_for(author).get(reverse("reviews:edit", args=[draft.pk]))
    assert HIDDEN_TITLE not in response.content.decode()
    services.save_draft(by=author, draft=draft, change_note="Not the memo.", supersedes=[])
    assert list(draft.supersedes.all()) == [hidden]
    with pytest.raises(services.InvalidValue, match="documents you may open"):
        services.save_draft(by=author, draft=draft, change_note="x", supersedes=[hidden, memo])


def test_a_working_copy_of_a_document_the_reader_may_not_see_does_not_name_it(
    make_document, les_group, author, owner, field_ops, field_dpc, field_reviewer
):
    author.groups.add(les_group)
    document = make_document(
        HIDDEN_TITLE, identifier="DRO 7778", marking="restricted", restricted_to=[les_group]
    )
    draft = services.check_out(by=author, document=document)
    services.save_draft(
        by=author,
        draft=draft,
        change_note="Shared with the reviewers.",
        upload=upload("routes.docx"),
        title="Transfer routes (revised)",
        marking="internal",
    )
    services.open_comment_period(by=owner, draft=draft, offices=[field_ops])
    html = client_for(field_reviewer).get(draft.get_absolute_url()).content.decode()
    assert "Transfer routes (revised)" in html
    assert document.get_absolute_url() not in html
    assert HIDDEN_TITLE not in html


def test_saves_made_before_are_converted_to_ids(supersedes_hidden):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("policylib.reviews.migrations.0003_save_supersedes_by_id")
    draft, hidden, memo = (supersedes_hidden[k] for k in ("draft", "hidden", "memo"))
    save = draft.history.order_by("-number").first()
    save.metadata["supersedes"] = [str(hidden), str(memo), "DRO 0001: A document since deleted"]
    save.save()
    migration.texts_to_ids(apps, None)
    save.refresh_from_db()
    assert save.metadata["supersedes"] == sorted([hidden.pk, memo.pk])
    migration.ids_to_texts(apps, None)
    save.refresh_from_db()
    assert save.metadata["supersedes"] == sorted([str(hidden), str(memo)])
