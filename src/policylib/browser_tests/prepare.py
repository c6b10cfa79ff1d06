"""Prepare a data folder for the browser tests: `python -m policylib.browser_tests.prepare`.

Runs outside pytest, with POLICYLIB_DATA_DIR (and DATABASE_URL, if any) naming the folder the
server will use, so it builds what `make run` builds: the schema, the collected static files,
the demo library with its files' text extracted, and the search index; with the people and
documents in `data` besides.
"""

import io
import os

import django


def _pdf(identifier: str, title: str, summary: str) -> bytes:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    canvas.setTitle(f"{identifier}: {title}")
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(72, 720, title)
    canvas.setFont("Helvetica", 11)
    canvas.drawString(72, 696, identifier)
    canvas.drawString(72, 672, summary)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _people() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from policylib.browser_tests import data

    users = get_user_model()
    for person in (data.READER, data.LIBRARIAN):
        user, _ = users.objects.get_or_create(
            username=person.username, defaults={"email": person.email}
        )
        user.set_password(data.PASSWORD)
        user.is_staff = person.staff
        user.save()
        if person.staff:
            # Library staff: everything about the library's own records, nothing else.
            user.user_permissions.set(Permission.objects.filter(content_type__app_label="library"))


def _documents() -> None:
    from policylib.browser_tests import data
    from policylib.library import services
    from policylib.library.models import (
        Category,
        Document,
        DocumentType,
        Library,
        Office,
        Placement,
        Status,
    )

    library = Library.objects.filter(placement=Placement.DOCUMENTS).order_by("order").first()
    category, _ = Category.objects.get_or_create(
        slug=data.CATEGORY_SLUG,
        defaults={
            "name": data.CATEGORY,
            "description": "Moving detainees safely between facilities.",
        },
    )
    office = Office.objects.order_by("pk").first()
    for doc in data.DOCUMENTS:
        if Document.objects.filter(library=library, identifier=doc.identifier).exists():
            continue
        document_type, _ = DocumentType.objects.get_or_create(
            name=doc.document_type, defaults={"slug": doc.document_type.lower()}
        )
        document = services.create_document(
            by=None,
            library=library,
            identifier=doc.identifier,
            title=doc.title,
            summary=doc.summary,
            document_type=document_type,
            opi=office,
            categories=[category],
            status=Status.CURRENT,
            issued_on="2008-06-02",
        )
        if doc.pdf:
            services.attach_file(
                document=document,
                by=None,
                stream=io.BytesIO(_pdf(doc.identifier, doc.title, doc.summary)),
                original_name=f"{doc.identifier.replace(' ', '-')}.pdf",
            )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policylib.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("demo", verbosity=0)
    _people()
    _documents()
    # Extract the files' text now, so the server starts with no work queued behind it.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    call_command("reindex", verbosity=0)


if __name__ == "__main__":
    main()
