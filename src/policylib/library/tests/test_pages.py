import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from policylib.conftest import client_for
from policylib.library import lifecycle, services
from policylib.library.models import (
    Category,
    DocumentType,
    Library,
    Placement,
    Status,
    Subject,
    Supersession,
)

pytestmark = pytest.mark.django_db

ESCORT_SUMMARY = (
    "Addresses requests to deviate from the Office of Detention and Removal's (HQDRO) "
    "Enforcement Standard pertaining to the escorting of aliens in custody."
)


@pytest.fixture
def escort(make_document):
    """The seed's document page, with both neighbours in its supersession chain."""
    older = make_document("Case Load Priority with Fugitive Operations", issued_on="2004-01-22")
    escort = make_document(
        "Field Advisory Deviation from the Escort Policy",
        identifier="HQDRO 06-03",
        summary=ESCORT_SUMMARY,
        source="Detention and Removal Operations",
        signatory_name="John P. Torres",
        issued_on="2006-02-03",
        subjects=[Subject.objects.create(name="Removal", slug="removal")],
        pdf=b"%PDF-1.4\n" + b"x" * (31 * 1024),
    )
    lifecycle.supersede(successor=escort, predecessor=older, by=None)
    related = make_document("Prioritized Monthly Fugitive Operations", issued_on="2006-06-09")
    services.relate(document=escort, other=related, by=None)
    escort.refresh_from_db()
    return escort


def test_the_document_page_shows_every_field_of_the_record(escort, client):
    html = client.get(escort.get_absolute_url()).content.decode()
    for expected in [
        "Field Advisory Deviation from the Escort Policy",
        ESCORT_SUMMARY.replace("'", "&#x27;"),
        "filed under",
        "Removal",
        "Field Advisory Deviation from the Escort Policy.pdf</a> — PDF document, 31.0 KB",
        "Directive",
        "Detention and Removal Management (ADDRM)",
        "Detention and Removal Operations",
        "Current",
        "Feb 03, 2006",
        "John P. Torres",
        "Supersedes",
        "Jan 22, 2004",
        "Case Load Priority with Fugitive Operations",
        "Related content",
        "Jun 09, 2006",
        "Prioritized Monthly Fugitive Operations",
        "Send this",
        "Print this",
    ]:
        assert expected in html, expected


def test_the_superseded_page_names_its_successor_with_the_date(escort, make_document, client):
    successor = make_document(
        "Fugitive Case Management System Reporting and the 1,000 Arrests Annual Goal",
        issued_on="2008-09-29",
    )
    lifecycle.supersede(successor=successor, predecessor=escort, by=None)
    html = client.get(escort.get_absolute_url()).content.decode()
    assert "Superseded By" in html
    assert "Sep 29, 2008" in html
    assert "no longer in force" in html
    assert successor.get_absolute_url() in html


def test_breadcrumbs_say_where_the_reader_is(escort, client, category):
    html = client.get(escort.get_absolute_url()).content.decode()
    assert "You are here:" in html
    crumbs = html.split('aria-label="You are here"')[1].split("</nav>")[0]
    assert crumbs.index("Home") < crumbs.index("Documents") < crumbs.index(category.name)
    assert 'aria-current="page"' in crumbs


def test_an_archived_document_sits_under_archives_in_the_breadcrumbs(escort, client):
    older = escort.supersedes.get()
    html = client.get(older.get_absolute_url()).content.decode()
    crumbs = html.split('aria-label="You are here"')[1].split("</nav>")[0]
    assert "Archives" in crumbs


def test_archives_list_superseded_documents_and_not_current_ones(escort, client):
    html = client.get(reverse("library:archives")).content.decode()
    assert "Case Load Priority with Fugitive Operations" in html
    assert "Field Advisory Deviation from the Escort Policy" not in html


def test_a_wrong_slug_redirects_to_the_document(escort, client):
    response = client.get(reverse("library:document", args=[escort.pk, "old-name"]))
    assert response.status_code == 301
    assert response["Location"] == escort.get_absolute_url()


def test_send_this_emails_the_link_with_the_senders_note(escort, reader):
    client = client_for(reader)
    url = reverse("library:send", args=[escort.pk])
    response = client.post(
        url,
        {
            "to": "colleague@example.org",
            "sender_name": "Alice",
            "sender_email": "alice@example.org",
            "note": "This is the escort advisory we discussed.",
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["colleague@example.org"]
    assert message.reply_to == ["alice@example.org"]
    assert settings.POLICYLIB_SITE_URL + escort.get_absolute_url() in message.body
    assert "This is the escort advisory we discussed." in message.body
    assert escort.title in message.subject


def test_send_this_rejects_a_bad_address_and_sends_nothing(escort, reader):
    response = client_for(reader).post(
        reverse("library:send", args=[escort.pk]),
        {"to": "not an address", "sender_name": "Alice", "sender_email": "alice@example.org"},
    )
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert mail.outbox == []


def test_send_this_asks_an_anonymous_reader_to_log_in(escort, client):
    response = client.get(reverse("library:send", args=[escort.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_an_internal_document_travels_by_email_without_its_title(make_document, reader):
    document = make_document("Internal staffing plan", marking="internal")
    client_for(reader).post(
        reverse("library:send", args=[document.pk]),
        {"to": "x@example.org", "sender_name": "Alice", "sender_email": "alice@example.org"},
    )
    assert "Internal staffing plan" not in mail.outbox[0].subject + mail.outbox[0].body


def test_print_this_is_a_clean_page_with_the_record(escort, client):
    html = client.get(reverse("library:print", args=[escort.pk])).content.decode()
    assert "John P. Torres" in html
    assert ESCORT_SUMMARY.replace("'", "&#x27;") in html
    assert "usa-nav" not in html
    assert "Send this" not in html


def test_the_file_is_served_with_download_headers(escort, client):
    stored = escort.files.get()
    response = client.get(stored.get_absolute_url())
    assert response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert (
        "Field%20Advisory" in response["Content-Disposition"]
        or "Field Advisory" in response["Content-Disposition"]
    )
    assert response["ETag"] == f'"{stored.sha256}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert int(response["Content-Length"]) == stored.size
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    again = client.get(stored.get_absolute_url(), headers={"If-None-Match": f'"{stored.sha256}"'})
    assert again.status_code == 304


def test_a_non_pdf_file_is_always_a_download(make_document, client):
    document = make_document("Page")
    import io

    services.attach_file(
        document=document, by=None, stream=io.BytesIO(b"<h1>hi</h1>"), original_name="page.html"
    )
    response = client.get(document.files.get().get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "text/html"


def test_the_documents_page_lists_categories_with_descriptions_and_counts(escort, client, library):
    Category.objects.create(
        name="Mission Support",
        slug="mission-support",
        description="Administrative and management functions.",
    )
    html = client.get(reverse("library:documents")).content.decode()
    assert "Detention and Removal Management" in html
    assert "(2 documents)" in html  # the escort advisory and the related one; not the superseded
    assert "Administrative and management functions." in html
    assert "(0 documents)" in html
    assert "Policies set direction, like a compass." in html


def test_a_category_sorts_filters_and_pages(make_document, client, category):
    for day in range(1, 31):
        make_document(f"Directive number {day:02d}", issued_on=datetime.date(2007, 1, day))
    notice = DocumentType.objects.create(name="Notice", slug="notice")
    make_document("A lone notice", document_type=notice, issued_on="2001-01-01")
    first = client.get(category.get_absolute_url()).content.decode()
    assert "Directive number 30" in first
    assert "Directive number 01" not in first
    assert "of 31 documents" in first
    assert "Next" in first
    second = client.get(category.get_absolute_url() + "?page=2").content.decode()
    assert "A lone notice" in second
    by_title = client.get(category.get_absolute_url() + "?sort=title").content.decode()
    assert by_title.index("A lone notice") < by_title.index("Directive number 01")
    notices = client.get(category.get_absolute_url() + "?type=notice").content.decode()
    assert "of 1 document" in notices
    assert "A lone notice" in notices
    nonsense = client.get(category.get_absolute_url() + "?sort=evil&type=zzz&page=abc")
    assert nonsense.status_code == 200


def test_a_category_shows_archived_documents_only_when_asked(escort, client, category):
    current = client.get(category.get_absolute_url()).content.decode()
    assert "Case Load Priority" not in current
    archived = client.get(category.get_absolute_url() + "?status=archived").content.decode()
    assert "Case Load Priority" in archived


def test_other_libraries_are_linked_from_every_page(client, library):
    Library.objects.create(name="Field Manuals", slug="manuals", placement=Placement.HEADER)
    html = client.get(reverse("pages:home")).content.decode()
    assert "Field Manuals" in html
    assert reverse("library:library", args=["manuals"]) in html


def test_an_unknown_page_is_a_friendly_404(client, library):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_draft_is_not_in_recently_issued(make_document, client):
    make_document("Unissued", status=Status.DRAFT, issued_on=None)
    assert "Unissued" not in client.get(reverse("library:recent")).content.decode()


def test_staff_see_the_text_extraction_state_and_readers_do_not(escort, client, librarian):
    staff_html = client_for(librarian).get(escort.get_absolute_url()).content.decode()
    assert "Text extraction" in staff_html
    assert "Text extraction" not in client.get(escort.get_absolute_url()).content.decode()


def _counts(client, category) -> tuple[int, int]:
    """The program area's count on the Documents page, and the total its own page lists."""
    import re

    documents = client.get(reverse("library:documents")).content.decode()
    shown = re.search(
        rf"{re.escape(category.name)}</a>\s*<span class=\"category-count\">\((\d+) document",
        documents,
    )
    listed = re.search(
        r"of (\d+) document", client.get(category.get_absolute_url()).content.decode()
    )
    return int(shown.group(1)), int(listed.group(1)) if listed else 0


def test_a_program_area_counts_the_same_on_the_documents_page_and_its_own(
    make_document, client, category, librarian, les_group
):
    removal = Category.objects.create(name="Removal", slug="removal", parent=category)
    references = Library.objects.create(
        name="References", slug="references", placement=Placement.REFERENCES
    )
    make_document("In the area", categories=[category])
    make_document("In a sub-area", categories=[removal])
    make_document("Filed in both", categories=[category, removal])
    make_document("A reference filed here", categories=[removal], library=references)
    make_document("Another reference", categories=[category], library=references)
    make_document("A draft", categories=[removal], status=Status.DRAFT)
    old = make_document("Replaced", categories=[removal])
    lifecycle.supersede(
        successor=make_document("Its successor", categories=[]), predecessor=old, by=None
    )
    make_document(
        "Law enforcement only",
        categories=[removal],
        marking="restricted",
        restricted_to=[les_group],
    )

    assert _counts(client, category) == (5, 5)
    assert _counts(client_for(librarian), category) == (6, 6)


def _history(client, document) -> list[str]:
    import re

    html = client.get(document.get_absolute_url()).content.decode()
    section = html[html.index('id="history-heading"') : html.index("All versions of this document")]
    return re.findall(r'<span class="doc-date">([^<]+)</span> ([A-Za-z ]+)', section)


def test_history_runs_in_date_order_whatever_order_it_was_recorded_in(make_document, client):
    document = make_document("Detainee Transfers", identifier="DRO 11064.1", issued_on="2004-01-22")
    later_notice = make_document("Change notice 2", issued_on="2009-05-01")
    earlier_notice = make_document("Change notice 1", issued_on="2005-03-01")
    services.amend(amending=later_notice, amended=document, by=None, on=datetime.date(2009, 5, 1))
    services.amend(amending=earlier_notice, amended=document, by=None, on=datetime.date(2005, 3, 1))
    # Two successors (records of a split, or links made before the one-successor rule), the
    # newer one recorded first.
    newer = make_document("Transfers (2026)", issued_on="2026-01-10")
    lifecycle.supersede(successor=newer, predecessor=document, by=None)
    older = make_document("Transfers (2008)", issued_on="2008-09-29")
    Supersession.objects.create(successor=older, predecessor=document, on=older.issued_on)
    lifecycle.archive(document=document, by=None, on=datetime.date(2026, 2, 1))

    assert _history(client, document) == [
        ("Jan 22, 2004", "Issued"),
        ("Mar 01, 2005", "Amended by "),
        ("Sep 29, 2008", "Superseded by "),
        ("May 01, 2009", "Amended by "),
        ("Jan 10, 2026", "Superseded by "),
        ("Feb 01, 2026", "Archived"),
    ]
