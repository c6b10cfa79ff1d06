import datetime
import io
import os

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from policylib.audit.models import AuditEntry
from policylib.ingest.models import ImportedRow, ImportRun
from policylib.ingest.tests.conftest import row
from policylib.library import files, lifecycle
from policylib.library.models import (
    Amendment,
    Category,
    Document,
    DocumentFile,
    DocumentType,
    FileRole,
    Library,
    Marking,
    Office,
    Status,
    Supersession,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_it_imports_documents_with_their_record_files_and_vocabulary(drop):
    drop.file("pdf/escort.pdf", PDF)
    drop.file("pdf/escort-form.txt", "Form I-213")
    manifest = drop.csv(
        [
            row(
                "DRO 11064.1",
                title="Escort Policy",
                status="current",
                issued="2006-02-03",
                effective="2006-03-01",
                OPI="Detention and Removal Management",
                source="Office of the Director",
                signatory="John P. Torres; Acting Director",
                categories="Detention and Removal Management",
                subjects="Escort; Removal",
                marking="public",
                file="pdf/escort.pdf",
                attachments="pdf/escort-form.txt",
            )
        ]
    )
    report = drop.run(manifest)

    assert (report.created, report.failed) == (1, 0)
    document = Document.objects.get(identifier="DRO 11064.1")
    assert document.title == "Escort Policy"
    assert document.library.name == "Directives and Guidance"
    assert document.document_type.name == "Directive"
    assert document.status == Status.CURRENT
    assert document.issued_on == datetime.date(2006, 2, 3)
    assert document.effective_on == datetime.date(2006, 3, 1)
    assert document.opi.name == "Detention and Removal Management"
    assert (document.signatory_name, document.signatory_title) == (
        "John P. Torres",
        "Acting Director",
    )
    assert [c.name for c in document.categories.all()] == ["Detention and Removal Management"]
    assert sorted(s.name for s in document.subjects.all()) == ["Escort", "Removal"]
    primary = document.files.get(role=FileRole.PRIMARY)
    assert (primary.original_name, primary.content_type) == ("escort.pdf", "application/pdf")
    assert files.blob_path(primary.blob).read_bytes() == PDF
    assert document.files.get(role=FileRole.ATTACHMENT).original_name == "escort-form.txt"
    assert AuditEntry.objects.filter(action="document.created", target_id=str(document.pk))


def test_a_second_run_reports_everything_unchanged_and_writes_nothing(drop):
    drop.file("a.pdf", PDF)
    manifest = drop.csv(
        [row("A", file="a.pdf", subjects="One; Two"), row("B", supersedes="A", related="A")]
    )
    drop.run(manifest)
    counts = (
        Document.objects.count(),
        DocumentFile.objects.count(),
        Supersession.objects.count(),
        AuditEntry.objects.count(),
    )

    again = drop.run(manifest)

    assert (again.created, again.updated, again.unchanged, again.failed) == (0, 0, 2, 0)
    assert not again.links
    assert counts == (
        Document.objects.count(),
        DocumentFile.objects.count(),
        Supersession.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_changed_row_is_updated_and_a_new_file_replaces_the_old_one(drop):
    drop.file("a.pdf", PDF)
    drop.run(drop.csv([row("A", title="First title", file="a.pdf")]))
    drop.file("a2.pdf", PDF + b"% revised\n")

    report = drop.run(drop.csv([row("A", title="Second title", file="a2.pdf")]))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    document = Document.objects.get(identifier="A")
    assert document.title == "Second title"
    assert document.files.get(role=FileRole.PRIMARY).original_name == "a2.pdf"
    assert document.files.get(role=FileRole.REPLACED).original_name == "a.pdf"
    update = AuditEntry.objects.get(action="document.updated", target_id=str(document.pk))
    assert update.changes["title"] == ["First title", "Second title"]


def test_the_same_file_in_two_rows_is_stored_once(drop):
    drop.file("one/empty.pdf", PDF)
    drop.file("two/empty#copy.pdf", PDF)
    drop.run(drop.csv([row("A", file="one/empty.pdf"), row("B", file="two/empty#copy.pdf")]))

    stored = DocumentFile.objects.order_by("pk")
    assert [f.original_name for f in stored] == ["empty.pdf", "empty#copy.pdf"]
    assert len({f.blob for f in stored}) == 1
    assert len(list((files.blob_root() / "blobs").rglob("*"))) == 2  # one folder, one blob


@pytest.fixture
def vocabulary(library, directive_type, category, office):
    """A library set up in the administration pages before the import."""
    return library


def test_bad_rows_are_reported_with_their_line_and_reason_and_the_others_go_on(drop, vocabulary):
    drop.file("good.pdf", PDF)
    manifest = drop.csv(
        [
            row("GOOD 1", file="good.pdf"),
            row("BAD TYPE", type="Decree"),
            row("BAD DATE", issued="03/02/2006"),
            row("NO FILE", file="missing.pdf"),
            row("ESCAPES", file="../manifest.csv"),
            row("ABSOLUTE", file="/etc/passwd"),
            row("NOWHERE", supersedes="DRO 9999"),
            row("BAD STATUS", status="Rescinded"),
            row("GOOD 2", supersedes="GOOD 1"),
        ]
    )

    report = drop.run(manifest, create_missing=False)

    assert sorted(Document.objects.values_list("identifier", flat=True)) == [
        "GOOD 1",
        "GOOD 2",
        "NOWHERE",
    ]
    problems = {problem.line: problem.message for problem in report.problems}
    assert "unknown type 'Decree'" in problems[3]
    assert "issued '03/02/2006' is not an ISO 8601 date" in problems[4]
    assert "file 'missing.pdf' does not exist" in problems[5]
    assert "file '../manifest.csv' is outside the folder" in problems[6]
    assert "must be a path inside the folder" in problems[7]
    assert "supersedes: no document 'DRO 9999'" in problems[8]
    assert "unknown status 'Rescinded'" in problems[9]
    assert (report.created, report.failed) == (2, 7)  # NOWHERE is in, without its link
    assert Document.objects.get(identifier="GOOD 1").superseded_by.get().identifier == "GOOD 2"


def test_a_file_reached_through_a_link_out_of_the_folder_is_refused(drop, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the library")
    os.symlink(secret, drop.folder / "innocent.txt")

    report = drop.run(drop.csv([row("A", file="innocent.txt")]))

    assert "is outside the folder" in report.problems[0].message
    assert not Document.objects.exists()


def test_a_supersession_cycle_is_refused_at_the_row_that_closes_it(drop):
    manifest = drop.csv(
        [row("A", supersedes="C"), row("B", supersedes="A"), row("C", supersedes="B")]
    )

    report = drop.run(manifest)

    assert [(p.line, p.identifier) for p in report.problems] == [(4, "C")]
    assert "would make a cycle" in report.problems[0].message
    links = {(s.successor.identifier, s.predecessor.identifier) for s in Supersession.objects.all()}
    assert links == {("A", "C"), ("B", "A")}


def test_records_of_several_successors_are_kept_as_stated_in_date_order(drop, client):
    """An import records what happened: a document replaced twice (split, or replaced again
    later, as RFC 761 by RFC 793 in 1981 and RFC 7805 in 2016) keeps both links, and its page
    lists them with their identifiers, its History in date order."""
    manifest = drop.csv(
        [
            row("DRO 11064.1", title="Detainee Transfers", status="current", issued="2008-03-01"),
            row(
                "DRO 11064.3",
                title="Transfers",
                status="current",
                issued="2026-01-10",
                supersedes="DRO 11064.1",
            ),
            row(
                "DRO 11064.2",
                title="Detainee Transfers",
                status="current",
                issued="2011-09-04",
                supersedes="DRO 11064.1",
            ),
        ]
    )

    report = drop.run(manifest)

    assert report.failed == 0
    first = Document.objects.get(identifier="DRO 11064.1")
    assert set(first.superseded_by.values_list("identifier", flat=True)) == {
        "DRO 11064.2",
        "DRO 11064.3",
    }
    html = client.get(first.get_absolute_url()).content.decode()
    history = html[html.index('id="history-heading"') :]
    assert history.index("Sep 04, 2011") < history.index("Jan 10, 2026")


def test_unknown_vocabulary_is_refused_unless_the_import_may_create_it(drop, vocabulary):
    manifest = drop.csv(
        [
            row(
                "A",
                library="Directives and Guidance",
                type="Field Advisory",
                categories="Enforcement",
                OPI="Field Operations",
                subjects="A brand new subject",
            )
        ]
    )

    refused = drop.run(manifest, create_missing=False)

    message = refused.problems[0].message
    for unknown in ("type 'Field Advisory'", "category 'Enforcement'", "office 'Field Operations'"):
        assert f"unknown {unknown}" in message
    assert not Document.objects.exists()
    assert not DocumentType.objects.filter(name="Field Advisory").exists()

    created = drop.run(manifest, create_missing=True)

    assert created.created == 1
    assert created.vocabulary == {
        "type": ["Field Advisory"],
        "category": ["Enforcement"],
        "office": ["Field Operations"],
        "subject": ["A brand new subject"],
    }
    assert Category.objects.get(name="Enforcement").slug == "enforcement"


def test_vocabulary_is_matched_by_slug_or_name_in_any_case(drop, vocabulary):
    report = drop.run(
        drop.csv(
            [
                row(
                    "A",
                    library="directives",
                    type="DIRECTIVE",
                    OPI="addrm",
                    categories="detention-and-removal-management",
                )
            ]
        ),
        create_missing=False,
    )

    assert report.created == 1
    document = Document.objects.get()
    assert document.library == vocabulary
    assert document.opi == Office.objects.get(abbreviation="ADDRM")


def test_a_current_document_that_a_current_one_supersedes_becomes_superseded(drop):
    report = drop.run(
        drop.csv(
            [
                row("OLD", status="current", issued="2001-01-01"),
                row("NEW", status="current", issued="2005-06-07", supersedes="OLD"),
            ]
        )
    )

    old = Document.objects.get(identifier="OLD")
    assert old.status == Status.SUPERSEDED
    assert old.status_changed_on == datetime.date(2005, 6, 7)
    assert Supersession.objects.get().on == datetime.date(2005, 6, 7)
    assert [(n.line, n.identifier) for n in report.notes] == [(2, "OLD")]
    assert "now Superseded" in report.notes[0].message


def test_past_supersessions_keep_the_statuses_the_records_give(drop):
    drop.run(
        drop.csv(
            [
                row("OLDEST", status="superseded"),
                row("WITHDRAWN", status="archived", supersedes="OLDEST"),
                row("IN FORCE", status="current"),
                row("REJECTED", status="archived", supersedes="IN FORCE"),
            ]
        )
    )

    statuses = dict(Document.objects.values_list("identifier", "status"))
    assert statuses == {
        "OLDEST": Status.SUPERSEDED,
        "WITHDRAWN": Status.ARCHIVED,
        "IN FORCE": Status.CURRENT,
        "REJECTED": Status.ARCHIVED,
    }
    assert Supersession.objects.count() == 2


def test_a_chain_retires_each_version_whatever_order_the_rows_come_in(drop):
    drop.run(
        drop.csv(
            [
                row("V3", status="current", supersedes="V2"),
                row("V2", status="current", supersedes="V1"),
                row("V1", status="current"),
            ]
        )
    )

    statuses = dict(Document.objects.values_list("identifier", "status"))
    assert statuses == {"V1": Status.SUPERSEDED, "V2": Status.SUPERSEDED, "V3": Status.CURRENT}


def test_links_to_rows_further_down_are_made_once_every_row_exists(drop):
    drop.run(
        drop.csv(
            [
                row("CN 1", amends="DIRECTIVE", related="GUIDE"),
                row("APPENDIX", parent="DIRECTIVE"),
                row("DIRECTIVE"),
                row("GUIDE"),
            ]
        )
    )

    amendment = Amendment.objects.get()
    assert (amendment.amending.identifier, amendment.amended.identifier) == ("CN 1", "DIRECTIVE")
    assert Document.objects.get(identifier="GUIDE").related.get().identifier == "CN 1"
    assert Document.objects.get(identifier="APPENDIX").parent.identifier == "DIRECTIVE"


def test_a_reference_can_name_another_library(drop):
    drop.run(
        drop.csv(
            [
                row("1", library="Delegations"),
                row("1", library="Directives"),
                row("2", library="Directives", supersedes="delegations:1", related="1"),
            ]
        )
    )

    newer = Document.objects.get(identifier="2")
    assert newer.supersedes.get().library.name == "Delegations"
    assert newer.related.get().library.name == "Directives"


def test_a_status_changed_in_the_manifest_follows_the_lifecycle(drop):
    drop.run(drop.csv([row("A", status="draft"), row("B", status="current")]))

    report = drop.run(drop.csv([row("A", status="current"), row("B", status="draft")]))

    assert Document.objects.get(identifier="A").status == Status.CURRENT
    assert AuditEntry.objects.filter(action="document.issued").count() == 1
    assert Document.objects.get(identifier="B").status == Status.CURRENT
    assert report.failed == 1
    assert "cannot make it Draft again" in report.problems[0].message

    drop.run(drop.csv([row("A", status="archived"), row("B", status="current")]))
    assert Document.objects.get(identifier="A").status == Status.ARCHIVED


def test_a_status_the_library_changed_since_is_kept_while_the_manifest_says_the_same(drop):
    manifest = drop.csv([row("A", status="current"), row("B", title="B", status="current")])
    drop.run(manifest)
    lifecycle.archive(document=Document.objects.get(identifier="A"), by=None)

    drop.file("b.pdf", PDF)
    report = drop.run(
        drop.csv([row("A", status="current", file="b.pdf"), row("B", title="B", status="current")])
    )

    assert report.updated == 1
    assert Document.objects.get(identifier="A").status == Status.ARCHIVED


def test_restricted_documents_name_the_groups_that_may_read_them(drop):
    Group.objects.create(name="LES")

    report = drop.run(
        drop.csv(
            [
                row("A", library="L", type="T", marking="restricted; LES"),
                row("B", library="L", type="T", marking="internal; LES"),
                row("C", library="L", type="T", marking="restricted; Nobody"),
            ]
        ),
    )

    restricted = Document.objects.get(identifier="A")
    assert restricted.marking == Marking.RESTRICTED
    assert [g.name for g in restricted.restricted_to.all()] == ["LES"]
    assert "only a restricted marking names groups" in report.problems[0].message
    assert Group.objects.filter(name="Nobody").exists()  # created: create_missing is on


def test_the_same_document_twice_in_a_manifest_is_refused_the_second_time(drop):
    report = drop.run(drop.csv([row("A", title="One"), row("A", title="Two")]))

    assert Document.objects.get(identifier="A").title == "One"
    assert report.problems[0].line == 3
    assert "the same document as line 2" in report.problems[0].message


def test_a_json_manifest_imports_like_a_csv_one(drop):
    drop.file("a.pdf", PDF)
    manifest = drop.json(
        [
            {"identifier": "A", "title": "T", "library": "L", "type": "Directive", "file": "a.pdf"},
            {
                "identifier": "B",
                "title": "T",
                "library": "L",
                "type": "Directive",
                "subjects": ["One", "Two"],
                "supersedes": ["A"],
                "issued": "2020-01-31",
            },
        ]
    )

    report = drop.run(manifest)

    assert report.created == 2
    newer = Document.objects.get(identifier="B")
    assert newer.supersedes.get().identifier == "A"
    assert newer.issued_on == datetime.date(2020, 1, 31)


def test_each_imported_document_remembers_its_row_and_each_run_is_journaled(drop):
    manifest = drop.csv([row("A"), row("B")])
    drop.run(manifest)

    run = ImportRun.objects.get()
    assert (run.rows, run.created, run.finished_at is not None) == (2, 2, True)
    assert sorted(ImportedRow.objects.values_list("line", flat=True)) == [2, 3]


def test_a_run_that_never_finished_is_resumed_and_said_so(drop):
    manifest = drop.csv([row("A"), row("B")])
    first = drop.run(manifest)
    ImportRun.objects.update(finished_at=None)  # as a run killed before its end leaves it

    again = drop.run(manifest)

    assert again.resumed is not None
    assert first.created == 2
    assert ImportRun.objects.filter(finished_at__isnull=True).count() == 0


def test_the_command_prints_a_summary_and_fails_when_rows_fail(drop):
    manifest = drop.csv([row("A"), row("B", issued="yesterday")])
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 of 2 rows failed") as failed:
        call_command(
            "import", str(drop.folder), manifest=str(manifest), create_missing=True,
            no_progress=True, stdout=out, stderr=err,
        )  # fmt: skip

    assert failed.value.returncode == 2
    assert "2 rows in" in out.getvalue()
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in out.getvalue()
    assert "Problem: line 3 (B): issued 'yesterday' is not an ISO 8601 date" in err.getvalue()
    assert Library.objects.count() == 1


def test_the_command_refuses_a_manifest_it_cannot_read(drop):
    manifest = drop.csv([row("A")], columns=["identifier", "title", "library", "type", "owner"])
    with pytest.raises(CommandError, match=r"unknown column.*'owner'"):
        call_command("import", str(drop.folder), manifest=str(manifest), no_progress=True)
    assert not Document.objects.exists()


def test_the_command_imports_records_of_a_split(drop):
    manifest = drop.csv(
        [
            row("RFC 2616", status="current", issued="1999-06-01"),
            row("RFC 7230", status="current", issued="2014-06-01", supersedes="RFC 2616"),
            row("RFC 7231", status="current", issued="2014-06-01", supersedes="RFC 2616"),
        ]
    )
    out = io.StringIO()

    call_command(
        "import", str(drop.folder), manifest=str(manifest), create_missing=True,
        no_progress=True, stdout=out, stderr=io.StringIO(),
    )  # fmt: skip

    assert "0 failed" in out.getvalue()
    assert Document.objects.get(identifier="RFC 2616").superseded_by.count() == 2
