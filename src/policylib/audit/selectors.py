"""Reading the audit trail: the filters of the audit page and its CSV export."""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from policylib.audit.models import AuditEntry

CSV_COLUMNS = [
    "when",
    "who",
    "action",
    "object type",
    "object id",
    "object",
    "changes",
    "note",
    "address",
]


def _actions() -> list[tuple[str, str]]:
    names = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    return [(name, name) for name in names]


def _object_types(request=None) -> QuerySet[ContentType]:
    used = AuditEntry.objects.exclude(target_type=None).values("target_type")
    return ContentType.objects.filter(pk__in=used).order_by("app_label", "model")


class _DateInput(forms.DateInput):
    input_type = "date"


class AuditFilter(django_filters.FilterSet):
    """Filter by who, what was done, when (a range of days) and to what."""

    user = django_filters.CharFilter(
        label="User", method="filter_user", help_text="User name, or part of it."
    )
    action = django_filters.MultipleChoiceFilter(choices=_actions, label="Action")
    start = django_filters.DateFilter(
        label="From", method="filter_start", widget=_DateInput, help_text="The first day."
    )
    end = django_filters.DateFilter(
        label="To", method="filter_end", widget=_DateInput, help_text="The last day (included)."
    )
    object_type = django_filters.ModelChoiceFilter(
        queryset=_object_types, field_name="target_type", label="Object type"
    )
    object = django_filters.CharFilter(
        label="Object",
        method="filter_object",
        help_text="Its number, or words of its name (for example DRO 11064.1).",
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []

    def filter_user(self, queryset, name, value):
        return queryset.filter(actor_name__icontains=value.strip())

    def filter_start(self, queryset, name, value: datetime.date):
        return queryset.filter(at__gte=_start_of(value))

    def filter_end(self, queryset, name, value: datetime.date):
        return queryset.filter(at__lt=_start_of(value + datetime.timedelta(days=1)))

    def filter_object(self, queryset, name, value):
        value = value.strip()
        matches = Q(target_repr__icontains=value)
        if value.isdigit():
            matches |= Q(target_id=value)
        return queryset.filter(matches)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def entries(data) -> AuditFilter:
    """The audit trail filtered by `data` (the page's query string), newest first."""
    queryset = AuditEntry.objects.select_related("target_type").order_by("-at", "-id")
    found = AuditFilter(data or None, queryset=queryset)
    for field in found.form.fields.values():
        is_select = isinstance(field.widget, forms.Select | forms.SelectMultiple)
        field.widget.attrs["class"] = "usa-select" if is_select else "usa-input"
    return found


def _cell(value) -> str:
    """A value safe to open in a spreadsheet: text that starts like a formula is quoted."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _change(name: str, value) -> str:
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{name}: {value[0]} → {value[1]}"
    return f"{name}: {value}"


def csv_rows(queryset: Iterable[AuditEntry]) -> Iterator[str]:
    """The entries as CSV text, one line at a time (for a streaming download)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for entry in queryset:
        changes = "; ".join(_change(name, value) for name, value in entry.changes.items())
        writer.writerow(
            [
                _cell(entry.at.isoformat()),
                _cell(entry.actor_name),
                _cell(entry.action),
                _cell(entry.target_type.model if entry.target_type else ""),
                _cell(entry.target_id),
                _cell(entry.target_repr),
                _cell(changes),
                _cell(entry.note),
                _cell(entry.remote_addr),
            ]
        )
        yield flush()
