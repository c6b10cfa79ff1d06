"""Wherever a page names another document it says which one: identifier, colon, title.

Revisions often keep their title (RFC 2875 and RFC 6955 are both "Diffie-Hellman
Proof-of-Possession Algorithms"), so the title alone cannot tell a reader which is which.
"""

import datetime
import html as html_lib
import re

import pytest
from django.utils.html import strip_tags

from policylib.library import lifecycle, services

pytestmark = pytest.mark.django_db

DH = "Diffie-Hellman Proof-of-Possession Algorithms"


def text(fragment: str) -> str:
    return " ".join(html_lib.unescape(strip_tags(fragment)).split())


def section(page: str, heading_id: str) -> str:
    """The words of the page's section headed `heading_id` ("" when there is none)."""
    found = re.search(rf'<section aria-labelledby="{heading_id}".*?</section>', page, re.S)
    return text(found.group(0)) if found else ""


def banner(page: str) -> str:
    found = re.search(r"This document is no longer in force.*?</p>", page, re.S)
    return text(found.group(0)) if found else ""


@pytest.fixture
def revisions(make_document):
    """RFC 2875, superseded by RFC 6955 of the same title, amended and related to others."""
    old = make_document(DH, identifier="RFC 2875", issued_on=datetime.date(2000, 7, 1))
    new = make_document(DH, identifier="RFC 6955", issued_on=datetime.date(2013, 5, 1))
    lifecycle.supersede(successor=new, predecessor=old, by=None, on=datetime.date(2013, 5, 1))
    update = make_document(
        "Updates to Proof-of-Possession", identifier="RFC 9999", issued_on=datetime.date(2020, 1, 2)
    )
    services.amend(amending=update, amended=new, by=None, on=datetime.date(2020, 1, 2))
    related = make_document(DH, identifier="RFC 4211", issued_on=datetime.date(2005, 9, 1))
    services.relate(document=new, other=related, by=None)
    for document in (old, new):
        document.refresh_from_db()
    return old, new


def test_a_superseded_page_names_its_successor_of_the_same_title_by_identifier(revisions, client):
    old, _new = revisions

    page = client.get(old.get_absolute_url()).content.decode()

    assert f"superseded by RFC 6955: {DH} on May 01, 2013" in banner(page)
    assert section(page, "superseded-by-heading") == (
        f"Superseded By Superseded By May 01, 2013 RFC 6955: {DH} (as of May 01, 2013)"
    )
    assert f"May 01, 2013 Superseded by RFC 6955: {DH}" in section(page, "history-heading")
    assert f"<title>RFC 2875: {DH}" in page


def test_the_successor_names_what_it_supersedes_amends_and_relates_to(revisions, client):
    _old, new = revisions

    page = client.get(new.get_absolute_url()).content.decode()

    assert f"RFC 2875: {DH}" in section(page, "supersedes-heading")
    assert "RFC 9999: Updates to Proof-of-Possession" in section(page, "amended-by-heading")
    assert "Amended by RFC 9999: Updates to Proof-of-Possession" in section(page, "history-heading")
    assert f"RFC 4211: {DH}" in section(page, "related-heading")


def test_the_amended_page_names_the_amending_document(revisions, client):
    _old, new = revisions
    update = new.amended_by.get()

    page = client.get(update.get_absolute_url()).content.decode()

    assert f"RFC 6955: {DH}" in section(page, "amends-heading")


def test_versions_pages_name_the_document_by_identifier(revisions, client):
    _old, new = revisions

    page = client.get(f"/versions/{new.pk}/").content.decode()

    assert f"Versions of RFC 6955: {DH}" in text(page)
