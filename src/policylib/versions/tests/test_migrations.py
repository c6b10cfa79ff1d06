"""Versions recorded before parents were kept by reference."""

import importlib

import pytest
from django.apps import apps

from policylib.versions import record_version
from policylib.versions.services import _fingerprint, take_snapshot

pytestmark = pytest.mark.django_db

migration = importlib.import_module("policylib.versions.migrations.0002_parent_as_reference")


def _as_recorded_before(version, parent_text, note: str = "") -> None:
    """Make `version` what the earlier code stored: the parent as text, fingerprinted so."""
    version.metadata["parent"] = parent_text
    version.fingerprint = _fingerprint({"metadata": version.metadata, "body": version.body})
    version.note = note
    version.save()


def test_old_parent_text_becomes_a_reference_and_no_title_is_left(make_document, les_group):
    chapter = make_document("Covert surveillance methods", identifier="LES Chapter 9",
                            marking="restricted", restricted_to=[les_group])  # fmt: skip
    appendix = make_document("Forms", identifier="Appendix 9-A", parent=chapter, body="A.")
    orphan = make_document("Old forms", identifier="Appendix 9-B", body="B.")
    record_version(document=appendix, by=None)
    record_version(document=orphan, by=None)
    kept, lost = appendix.versions.get(), orphan.versions.get()
    _as_recorded_before(kept, "LES Chapter 9: Covert surveillance methods", "Superseded by X")
    _as_recorded_before(lost, "Chapter 12: A chapter long gone")

    migration.forwards(apps, None)

    kept.refresh_from_db()
    lost.refresh_from_db()
    assert kept.metadata["parent"] == chapter.pk
    assert lost.metadata["parent"] is None
    assert kept.note == "Superseded."
    for version in (kept, lost):
        assert "chapter" not in str(version.metadata).lower()


def test_a_converted_version_still_matches_its_document(make_document):
    chapter = make_document("Detention standards", identifier="Chapter 3")
    appendix = make_document("Forms", identifier="Appendix 3-A", parent=chapter, body="A.")
    version = record_version(document=appendix, by=None)
    _as_recorded_before(version, "Chapter 3: Detention standards")

    migration.forwards(apps, None)

    version.refresh_from_db()
    assert version.fingerprint == _fingerprint(take_snapshot(appendix))
    assert record_version(document=appendix, by=None) == version, "no new version on next save"
    assert appendix.versions.count() == 1
