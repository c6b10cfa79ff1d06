"""A document's versions: the list, one version, and a redline of any two."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from policylib.accounts.access import is_library_staff
from policylib.versions import redline, selectors
from policylib.versions.forms import CompareForm


def _crumbs(document, *trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("pages:home")),
        (document.title, document.get_absolute_url()),
        *trail,
    ]


def _versions_crumb(document) -> tuple[str, str]:
    return ("Versions", reverse("versions:history", args=[document.pk]))


@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    document, versions = selectors.document_and_versions(request.user, pk)
    form = None
    if len(versions) > 1:
        initial = {"old": versions[-2].version.pk, "new": versions[-1].version.pk}
        form = CompareForm(initial, versions=versions)
    return render(
        request,
        "versions/history.html",
        {
            "document": document,
            "versions": list(reversed(versions)),
            "form": form,
            "show_people": is_library_staff(request.user),
            "breadcrumbs": _crumbs(document, ("Versions", "")),
        },
    )


@require_GET
def version(request: HttpRequest, pk: int, version_id: int) -> HttpResponse:
    document, numbered = selectors.version_of(request.user, pk, version_id)
    shown = numbered.version
    [record] = selectors.readable_record(request.user, shown.metadata)
    return render(
        request,
        "versions/version.html",
        {
            "document": document,
            "numbered": numbered,
            "version": shown,
            "record": redline.compare_records(record, record),
            "show_people": is_library_staff(request.user),
            "breadcrumbs": _crumbs(
                document, _versions_crumb(document), (f"Version {numbered.number}", "")
            ),
        },
    )


@require_GET
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    document, versions = selectors.document_and_versions(request.user, pk)
    form = CompareForm(request.GET, versions=versions)
    context = {
        "document": document,
        "form": form,
        "breadcrumbs": _crumbs(document, _versions_crumb(document), ("Compare", "")),
    }
    if not form.is_valid():
        return render(request, "versions/compare.html", context, status=400)
    by_id = {numbered.version.pk: numbered for numbered in versions}
    old, new = by_id[form.cleaned_data["old"]], by_id[form.cleaned_data["new"]]
    for numbered in (old, new):
        selectors.fresh_text(numbered.version)
    old_record, new_record = selectors.readable_record(
        request.user, old.version.metadata, new.version.metadata
    )
    fields = redline.compare_records(old_record, new_record)
    context |= {
        "old": old,
        "new": new,
        "text": redline.redline(old.version.full_text, new.version.full_text),
        "changed_fields": [f for f in fields if f.changed],
    }
    return render(request, "versions/compare.html", context)
