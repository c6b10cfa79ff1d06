"""The file store against the database: `policylib files check` and the unreferenced sweep."""

import io
import os
import time

import pytest
from django.core.management import CommandError, call_command

from policylib.library import files, store_check

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TWO_DAYS = 2 * 24 * 3600


def age(name: str, seconds: float = TWO_DAYS) -> None:
    """Make a blob look as if it was last stored `seconds` ago."""
    then = time.time() - seconds
    os.utime(files.blob_path(name), (then, then))


def test_the_sweep_removes_old_blobs_no_row_names_and_keeps_every_named_or_recent_one(
    make_document, agreement_file
):
    document = make_document("Escort Policy", pdf=PDF)
    document_blob = document.files.get().blob
    abandoned = files.store(io.BytesIO(b"an upload whose row never committed"), original_name="a")
    recent = files.store(io.BytesIO(b"an upload still on its way to its row"), original_name="b")
    for name in (document_blob, agreement_file.blob, abandoned.name):
        age(name)

    assert store_check.sweep_unreferenced() == [abandoned.name]

    assert not files.blob_path(abandoned.name).exists()
    for kept in (document_blob, agreement_file.blob, recent.name):
        assert files.blob_path(kept).exists()
    assert store_check.check_store(verify=True).ok


def test_storing_the_same_bytes_again_makes_an_old_orphan_fresh_so_it_is_not_swept(
    make_document,
):
    orphan = files.store(io.BytesIO(PDF), original_name="left.pdf")
    age(orphan.name)

    document = make_document("Escort Policy", pdf=PDF)  # reuses the orphan's blob
    assert document.files.get().blob == orphan.name
    assert store_check.sweep_unreferenced() == []
    assert files.blob_path(orphan.name).read_bytes() == PDF


def test_check_names_missing_and_damaged_files_and_fails(make_document, agreement_file):
    missing = make_document("Escort Policy", pdf=PDF).files.get()
    damaged = make_document("Travel Policy", pdf=PDF + b"%travel\n").files.get()
    files.blob_path(missing.blob).unlink()
    path = files.blob_path(damaged.blob)
    path.write_bytes(path.read_bytes()[::-1])  # same size, other bytes: only a hash sees it

    assert store_check.check_store().damaged == []
    report = store_check.check_store(verify=True)
    assert [problem.split(":")[0] for problem in report.missing] == [
        f"document file {missing.pk} (Escort Policy.pdf)"
    ]
    assert [problem.split(":")[0] for problem in report.damaged] == [
        f"document file {damaged.pk} (Travel Policy.pdf)"
    ]

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="missing or damaged"):
        call_command("files", "check", "--verify", stdout=out, stderr=err)
    assert "Checked 3 stored file(s) and their SHA-256: 1 missing, 1 damaged" in out.getvalue()
    assert f"Missing: document file {missing.pk}" in err.getvalue()


def test_the_sweep_command_refuses_to_take_files_an_upload_may_still_be_committing(db):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("files", "sweep", "--older-than-hours", "0.01")
    out = io.StringIO()
    call_command("files", "sweep", stdout=out)
    assert out.getvalue().strip() == "Removed 0 stored file(s) that no row names."
