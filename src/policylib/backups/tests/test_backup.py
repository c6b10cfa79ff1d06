import io
import json
import time
import zipfile

import pytest
from django.core.management import CommandError, call_command

from policylib import search
from policylib.backups.archive import DATABASE, METADATA
from policylib.backups.tests.state import library_state
from policylib.library import lifecycle, services
from policylib.library.models import Document

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# Written in a child process while a backup runs: each document and its file in one
# transaction, until the stop file appears.
WRITER = """
import io, itertools, pathlib, time
from django.db import transaction
from policylib.library import services
from policylib.library.models import DocumentType, Library
library = Library.objects.get_or_create(name="Live", slug="live")[0]
kind = DocumentType.objects.get_or_create(name="Live memo", slug="live-memo")[0]
stop, started = pathlib.Path({stop!r}), pathlib.Path({started!r})
for n in itertools.count():
    if stop.exists():
        break
    with transaction.atomic():
        document = services.create_document(
            by=None, library=library, identifier=f"LIVE {{n}}", title=f"Written live {{n}}",
            document_type=kind, status="current")
        services.attach_file(document=document, by=None, original_name=f"live-{{n}}.pdf",
            stream=io.BytesIO(f"%PDF-1.4 written live {{n}} ".encode() * 100))
    started.touch()
"""


@pytest.fixture
def small_library(make_document, librarian, les_group, agreement_file):
    """Documents with files, links, a restricted one, an agreement with a file of its own, and a
    history in the audit trail."""
    old = make_document("Escort Policy", pdf=PDF, identifier="DRO 11064.1")
    new = make_document("Escort Policy, revised", pdf=PDF + b"%2\n", identifier="DRO 11064.2")
    lifecycle.supersede(successor=new, predecessor=old, by=librarian)
    notice = make_document("Change notice", identifier="CN 1")
    services.amend(amending=notice, amended=new, by=librarian)
    services.relate(document=new, other=notice, by=librarian)
    secret = make_document("Sensitive", marking="restricted", identifier="LES 1")
    services.update_document(document=secret, by=librarian, restricted_to=[les_group])
    services.attach_file(
        document=new, by=librarian, stream=io.BytesIO(b"form"), original_name="form.txt",
        role="attachment",
    )  # fmt: skip
    return new


@pytest.mark.django_db(transaction=True)
def test_restore_gives_back_the_identical_library(small_library, tmp_path):
    before = library_state()
    backup = tmp_path / "library.zip"
    call_command("backup", str(backup), stdout=io.StringIO())
    with zipfile.ZipFile(backup) as archive:
        members = set(archive.namelist())
    for label, rows in before["stored_files"].items():  # documents', drafts', agreements'
        for _pk, name, sha256, _size in rows:
            assert f"blobs/{sha256[:2]}/{sha256}" in members, f"{label} {name} not backed up"
    make_later = Document.objects.get(identifier="CN 1")
    services.update_document(document=make_later, by=None, title="Changed after the backup")

    out = io.StringIO()
    call_command("restore", str(backup), force=True, stdout=out)

    assert library_state() == before
    assert before["files_intact"]
    agreement_files = before["stored_files"]["agreements.AgreementFile"]
    assert [name for _pk, name, _sha256, _size in agreement_files] == ["moa-26-01.pdf"]
    assert "Restored 4 documents" in out.getvalue()
    assert "indexed 4 documents" in out.getvalue()
    assert search.check().ok


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_library_that_is_not_empty(small_library, tmp_path):
    backup = tmp_path / "library.zip"
    call_command("backup", str(backup), stdout=io.StringIO())

    with pytest.raises(CommandError, match="The library is not empty"):
        call_command("restore", str(backup), stdout=io.StringIO())


@pytest.mark.django_db
def test_the_backup_file_is_for_staff_eyes_only(small_library, tmp_path):
    backup = tmp_path / "library.zip"
    call_command("backup", str(backup), stdout=io.StringIO())

    assert backup.stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(backup) as archive:
        metadata = json.loads(archive.read(METADATA))
        assert metadata["counts"]["library.document"] == 4
        assert len(metadata["files"]) == 4  # three of documents, one of an agreement
        rows = [json.loads(line) for line in archive.read(DATABASE).splitlines()]
    models = {row["model"] for row in rows}
    assert {"library.document", "audit.auditentry", "auth.user"} <= models
    assert not models & {"contenttypes.contenttype", "auth.permission", "sessions.session"}
    # Content types travel by name, so they match whatever ids the restoring database gives.
    targets = {
        tuple(row["fields"]["target_type"]) for row in rows if row["model"] == "audit.auditentry"
    }
    assert {("library", "document"), ("agreements", "agreement")} <= targets


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, db):
    other = tmp_path / "notes.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("notes.txt", "hello")
    (tmp_path / "plain.txt").write_text("hello")

    with pytest.raises(CommandError, match="is not a policylib backup"):
        call_command("restore", str(other), stdout=io.StringIO())
    with pytest.raises(CommandError, match="is not a policylib backup"):
        call_command("restore", str(tmp_path / "plain.txt"), stdout=io.StringIO())


def _rewrite(source, target, change):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, change(item.filename, old.read(item.filename)))


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_and_changes_nothing(small_library, tmp_path):
    backup, damaged = tmp_path / "library.zip", tmp_path / "damaged.zip"
    call_command("backup", str(backup), stdout=io.StringIO())
    before = library_state()

    def flip_a_file(name, data):
        return data[:-1] + b"!" if name.startswith("blobs/") else data

    _rewrite(backup, damaged, flip_a_file)
    with pytest.raises(CommandError, match="The backup is damaged"):
        call_command("restore", str(damaged), force=True, stdout=io.StringIO())
    assert library_state() == before


@pytest.mark.django_db
def test_a_backup_from_a_newer_policylib_is_refused(small_library, tmp_path):
    backup, newer = tmp_path / "library.zip", tmp_path / "newer.zip"
    call_command("backup", str(backup), stdout=io.StringIO())

    def add_a_migration(name, data):
        if name != METADATA:
            return data
        metadata = json.loads(data)
        metadata["migrations"]["library"].append("9999_from_the_future")
        return json.dumps(metadata).encode()

    _rewrite(backup, newer, add_a_migration)
    with pytest.raises(CommandError, match=r"database changes this one does not have \(library"):
        call_command("restore", str(newer), force=True, stdout=io.StringIO())


def test_backup_while_the_library_is_written_then_restore_on_a_fresh_folder(
    child_library, tmp_path
):
    source = child_library("source")
    source.run("migrate", "--noinput")
    source.run("demo")
    source.shell(
        "from django.contrib.auth import get_user_model; "
        "get_user_model().objects.create_user('winifred', 'w@example.org', 'a long password 42')"
    )
    quiet = tmp_path / "quiet.zip"
    source.run("backup", str(quiet))
    as_backed_up = source.state()
    assert as_backed_up["files_intact"]
    assert as_backed_up["stored_files"]["agreements.AgreementFile"]

    stop, started = tmp_path / "stop", tmp_path / "started"
    writer = source.start(
        "shell", "--no-imports", "-c", WRITER.format(stop=str(stop), started=str(started))
    )
    try:
        for _ in range(600):
            if started.exists() or writer.poll() is not None:
                break
            time.sleep(0.1)
        assert started.exists(), writer.stderr.read().decode()[-2000:]
        busy = tmp_path / "busy.zip"
        source.run("backup", str(busy))
    finally:
        stop.touch()
        writer.wait(timeout=120)
        writer.stderr.close()
    assert writer.returncode == 0

    fresh = child_library("fresh")
    restored = fresh.run("restore", str(quiet))
    assert "Rebuilding the search index" in restored.stdout
    assert fresh.state() == as_backed_up
    refused = fresh.run("restore", str(quiet), check=False)
    assert refused.returncode != 0
    assert "The library is not empty" in refused.stderr

    during = child_library("during")
    during.run("restore", str(busy))
    state = during.state()
    assert state["files_intact"]
    live = {key: doc for key, doc in state["documents"].items() if key.startswith("live:")}
    assert live  # the backup caught the writer at work …
    for document in live.values():  # … and every document it holds came with its file
        assert len(document["files"]) == 1
    created = [entry for entry in state["audit"] if entry[3] == "document.created"]
    assert len(created) == state["counts"]["documents"]
