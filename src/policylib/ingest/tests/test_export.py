import csv
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command

from policylib.ingest.exporter import export_library
from policylib.ingest.importer import import_manifest
from policylib.library import lifecycle, services
from policylib.library.models import FileRole, Library, Placement

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def read_csv(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def exported_library(make_document, les_group, librarian):
    old = make_document("Escort Policy", pdf=PDF, identifier="DRO 11064.1")
    new = make_document("Escort Policy, revised", pdf=PDF + b"%2\n", identifier="DRO 11064.2")
    lifecycle.supersede(successor=new, predecessor=old, by=librarian)
    services.attach_file(
        document=new, by=None, stream=io.BytesIO(b"form"), original_name="form; copy.txt",
        role=FileRole.ATTACHMENT,
    )  # fmt: skip
    secret = make_document("Sensitive", identifier="LES 1", marking="restricted")
    services.update_document(document=secret, by=None, restricted_to=[les_group])
    other = Library.objects.create(
        name="Delegations", slug="delegations", placement=Placement.HEADER
    )
    namesake = make_document("Same number elsewhere", identifier="DRO 11064.1", library=other)
    services.relate(document=namesake, other=old, by=None)
    make_document("Appendix", identifier="APP 1", parent=new)
    services.relate(document=new, other=secret, by=None)
    return new


@pytest.mark.django_db
def test_export_writes_a_manifest_and_the_files_it_names(exported_library, tmp_path):
    folder = tmp_path / "export"
    out = io.StringIO()

    call_command("export", str(folder), stdout=out, verbosity=0)

    assert "Exported 5 documents and 3 files" in out.getvalue()
    rows = {(r["library"], r["identifier"]): r for r in read_csv(folder / "manifest.csv")}
    revised = rows[("Directives and Guidance", "DRO 11064.2")]
    assert revised["status"] == "current"
    assert revised["supersedes"] == "DRO 11064.1"  # in its own library first
    assert revised["related"] == "LES 1"
    namesake = rows[("Delegations", "DRO 11064.1")]
    assert namesake["related"] == "directives:DRO 11064.1"  # not itself: the other library's
    assert (folder / revised["file"]).read_bytes() == PDF + b"%2\n"
    assert revised["attachments"].endswith("/form_ copy.txt")  # ";" separates attachments
    assert rows[("Directives and Guidance", "LES 1")]["marking"] == "restricted; LES"
    assert rows[("Directives and Guidance", "APP 1")]["parent"] == "DRO 11064.2"
    assert rows[("Directives and Guidance", "DRO 11064.1")]["status"] == "superseded"
    assert rows[("Directives and Guidance", "DRO 11064.1")]["categories"] == (
        "Detention and Removal Management"
    )


@pytest.mark.django_db
def test_export_reads_back_into_the_same_documents(exported_library, tmp_path):
    folder = tmp_path / "export"
    export_library(folder=folder, format="json")
    manifest = folder / "manifest.json"
    entries = json.loads(manifest.read_text())
    assert isinstance(entries[0]["subjects"], list)

    report = import_manifest(folder=folder, manifest=manifest)

    # Read back into the library it came from, every row is already there as it says.
    assert (report.created, report.updated, report.failed) == (0, 0, 0)
    assert report.unchanged == 5
    assert not report.links


@pytest.mark.django_db
def test_export_refuses_a_folder_that_is_not_empty(exported_library, tmp_path):
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "keep.txt").write_text("mine")

    with pytest.raises(CommandError, match="is not empty"):
        call_command("export", str(tmp_path / "export"), verbosity=0)
    call_command("export", str(tmp_path / "export"), force=True, verbosity=0, stdout=io.StringIO())
    assert (tmp_path / "export" / "keep.txt").read_text() == "mine"


@pytest.mark.django_db
def test_export_of_one_library(exported_library, tmp_path):
    export_library(folder=tmp_path / "one", libraries=["delegations"])

    rows = read_csv(tmp_path / "one" / "manifest.csv")
    assert [(r["library"], r["identifier"]) for r in rows] == [("Delegations", "DRO 11064.1")]
    with pytest.raises(CommandError, match="Unknown library slug"):
        call_command("export", str(tmp_path / "two"), library=["nope"], verbosity=0)


def files_by_hash(folder) -> dict[str, bytes]:
    return {
        hashlib.sha256(path.read_bytes()).hexdigest(): path.read_bytes()
        for path in (folder / "files").rglob("*")
        if path.is_file()
    }


def test_an_exported_library_imported_into_a_fresh_folder_is_the_same_library(
    child_library, tmp_path
):
    source = child_library("source")
    source.run("migrate", "--noinput")
    source.run("demo")
    exported = tmp_path / "exported"
    source.run("export", str(exported))

    fresh = child_library("fresh")
    imported = fresh.run(
        "import", str(exported), "--manifest", str(exported / "manifest.csv"), "--create-missing"
    )

    assert " 0 failed." in imported.stdout
    before, after = source.state(exact=False), fresh.state(exact=False)
    assert after["documents"] == before["documents"]
    assert after["files_intact"]
    again = tmp_path / "again"
    fresh.run("export", str(again))
    assert files_by_hash(again) == files_by_hash(exported)
