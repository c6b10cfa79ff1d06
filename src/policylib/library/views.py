"""Pages a reader browses: the libraries, categories, documents, their files, and the Archives."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from policylib import extraction
from policylib.accounts.access import (
    Action,
    can,
    get_document_or_404,
    is_library_staff,
    marking_label,
)
from policylib.library import files, selectors, uploads
from policylib.library.archives import ArchiveRefused
from policylib.library.forms import ListForm, SendThisForm, UploadForm
from policylib.library.models import Category, DocumentFile, FileRole, Library, Placement
from policylib.library.notifications import send_document_link, send_this_per_hour, send_this_wait
from policylib.library.serving import serve_stored_file

PAGE_SIZE = 25
logger = logging.getLogger(__name__)


def _home_crumb() -> tuple[str, str]:
    return ("Home", reverse("pages:home"))


def _documents_crumb() -> tuple[str, str]:
    return ("Documents", reverse("library:documents"))


def _paginate(request: HttpRequest, documents, per_page: int = PAGE_SIZE):
    return Paginator(documents, per_page).get_page(request.GET.get("page"))


def _list_filters(request: HttpRequest, *, default_status: str = "current"):
    form = ListForm(request.GET or None, default_status=default_status)
    return form, form.filters()


def documents(request: HttpRequest) -> HttpResponse:
    """The main library: its program areas with how many documents each holds."""
    library = selectors.library_for(Placement.DOCUMENTS)
    if library is None:
        raise Http404("The library has not been set up yet.")
    return render(
        request,
        "library/documents.html",
        {
            "library": library,
            "categories": selectors.categories_with_counts(request.user),
            "recent": selectors.recently_issued(request.user, limit=5),
            "breadcrumbs": [_home_crumb(), ("Documents", "")],
            "nav_section": "documents",
        },
    )


def _document_list(request, *, template, documents, form, context) -> HttpResponse:
    page = _paginate(request, documents)
    return render(
        request,
        template,
        {**context, "page": page, "form": form, "querystring": _querystring_without_page(request)},
    )


def _querystring_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    form, filters = _list_filters(request)
    crumbs = [_home_crumb(), _documents_crumb()]
    crumbs += [(c.name, c.get_absolute_url()) for c in category.ancestors()]
    crumbs.append((category.name, ""))
    return _document_list(
        request,
        template="library/category.html",
        documents=selectors.category_documents(request.user, category, filters),
        form=form,
        context={
            "category": category,
            "subcategories": category.children.all(),
            "breadcrumbs": crumbs,
            "nav_section": "documents",
        },
    )


def library(request: HttpRequest, slug: str) -> HttpResponse:
    library = get_object_or_404(Library, slug=slug)
    if library.placement == Placement.DOCUMENTS:
        return redirect("library:documents")
    return _library_page(request, library)


def references(request: HttpRequest) -> HttpResponse:
    library = selectors.library_for(Placement.REFERENCES)
    if library is None:
        raise Http404("There is no References library.")
    return _library_page(request, library, nav_section="references")


def _library_page(request: HttpRequest, library: Library, nav_section: str = "") -> HttpResponse:
    form, filters = _list_filters(request)
    return _document_list(
        request,
        template="library/library.html",
        documents=selectors.library_documents(request.user, library, filters),
        form=form,
        context={
            "library": library,
            "breadcrumbs": [_home_crumb(), (library.name, "")],
            "nav_section": nav_section,
        },
    )


def recent(request: HttpRequest) -> HttpResponse:
    return _document_list(
        request,
        template="library/recent.html",
        documents=selectors.recently_issued(request.user, limit=None),
        form=None,
        context={
            "breadcrumbs": [_home_crumb(), _documents_crumb(), ("Recently issued", "")],
            "nav_section": "documents",
        },
    )


def archives(request: HttpRequest) -> HttpResponse:
    form, filters = _list_filters(request, default_status="archived")
    return _document_list(
        request,
        template="library/archives.html",
        documents=selectors.archived_documents(request.user, filters),
        form=form,
        context={"breadcrumbs": [_home_crumb(), ("Archives", "")]},
    )


def _document_crumbs(document) -> list[tuple[str, str]]:
    crumbs = [_home_crumb()]
    if document.is_archived:
        crumbs.append(("Archives", reverse("library:archives")))
    elif document.library.placement == Placement.DOCUMENTS:
        crumbs.append(_documents_crumb())
        first_category = document.categories.order_by("order", "name").first()
        if first_category:
            crumbs.append((first_category.name, first_category.get_absolute_url()))
    else:
        crumbs.append((document.library.name, document.library.get_absolute_url()))
    crumbs.append((document.title, ""))
    return crumbs


def document(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    document = get_document_or_404(request.user, pk)
    if slug != document.slug:
        return redirect(document, permanent=True)
    return render(request, "library/document.html", _document_context(request, document))


def document_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A clean page for printing: the record and summary, without the site around it."""
    document = get_document_or_404(request.user, pk)
    return render(request, "library/document_print.html", _document_context(request, document))


def _document_context(request: HttpRequest, document) -> dict:
    primary, attachments = selectors.current_files(document)
    relations = selectors.document_relations(request.user, document)
    return {
        "document": document,
        "primary_file": primary,
        "attachments": attachments,
        "relations": relations,
        "history": selectors.document_history(document, relations),
        "subjects": document.subjects.all(),
        "categories": document.categories.all(),
        "marking": marking_label(document),
        "extraction_state": (
            extraction.state_for(document) if is_library_staff(request.user) else None
        ),
        "upload_form": (
            UploadForm(has_primary=primary is not None)
            if can(request.user, Action.EDIT, document)
            else None
        ),
        "breadcrumbs": _document_crumbs(document),
        "nav_section": "documents",
    }


def document_file(request: HttpRequest, pk: int, file_id: int, name: str) -> HttpResponse:
    """Stream a document's file, with headers that make it a download, never a web page."""
    document = get_document_or_404(request.user, pk, Action.DOWNLOAD)
    stored = get_object_or_404(DocumentFile, pk=file_id, document=document)
    public = can(AnonymousUser(), Action.DOWNLOAD, document)
    return serve_stored_file(request, stored, public=public)


@login_required
@require_http_methods(["GET", "POST"])
def send_this(request: HttpRequest, pk: int) -> HttpResponse:
    """Email a link to a document, with the sender's note."""
    document = get_document_or_404(request.user, pk, Action.SEND)
    form = SendThisForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        wait = send_this_wait(request)
        if wait:
            response = render(
                request,
                "429.html",
                {"limit": f"{send_this_per_hour()} emails an hour", "back": document},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        send_document_link(document=document, **form.cleaned_data)
        messages.success(request, f"A link to this document was sent to {form.cleaned_data['to']}.")
        return redirect(document)
    return render(
        request,
        "library/send_this.html",
        {
            "document": document,
            "form": form,
            "per_hour": send_this_per_hour(),
            "breadcrumbs": [
                *_document_crumbs(document)[:-1],
                (document.title, document.get_absolute_url()),
                ("Send this", ""),
            ],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def upload_files(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff add attachments or replace the primary file: every file is stored, or none is."""
    document = get_document_or_404(request.user, pk)
    if not can(request.user, Action.EDIT, document):
        raise PermissionDenied("Only library staff may add files to a document.")
    primary, _ = selectors.current_files(document)
    form = UploadForm(request.POST, request.FILES, has_primary=primary is not None)
    if form.is_valid():
        try:
            outcome = uploads.attach_uploads(
                document=document,
                by=request.user,
                uploads=form.cleaned_data["files"],
                role=form.cleaned_data["role"],
            )
        except (uploads.UploadRefused, files.FileTooLarge, ArchiveRefused) as refused:
            form.add_error(None, f"Nothing was uploaded: {refused}")
        except OSError as error:
            logger.exception("Storing uploaded files for document %s failed.", document.pk)
            reason = (
                files.DISK_FULL
                if files.is_disk_full(error)
                else "the files could not be stored. Try again."
            )
            form.add_error(None, f"Nothing was uploaded: {reason}")
        else:
            messages.success(
                request,
                _uploaded_message(outcome, form.cleaned_data["role"], replaced=primary is not None),
            )
            if request.htmx:
                return HttpResponseClientRedirect(document.get_absolute_url())
            return redirect(document)
    if request.htmx:
        # htmx swaps only the errors in, and the files chosen stay in the form.
        return render(request, "library/includes/upload_errors.html", {"form": form})
    context = _document_context(request, document)
    context["upload_form"] = form
    return render(request, "library/document.html", context, status=400)


def _uploaded_message(outcome: uploads.UploadOutcome, role: str, *, replaced: bool) -> str:
    names = ", ".join(stored.original_name for stored in outcome.attached)
    count = len(outcome.attached)
    parts = []
    if count and role == FileRole.PRIMARY:
        parts.append(f"{names} is now the primary file.")
        if replaced:
            parts.append("The file it replaces is kept in the document's records.")
    elif count:
        parts.append(f"Added {count} attachment{'s' if count > 1 else ''}: {names}.")
    if count:
        parts.append(f"{'Their' if count > 1 else 'Its'} text is being extracted for search.")
    if outcome.already_there:
        same = ", ".join(stored.original_name for stored in outcome.already_there)
        parts.append(f"Already attached, so not added again: {same}.")
    return " ".join(parts)
