"""The document list's filters: the fields of Advanced Search, applied to the documents the
reader may see (the view starts from `visible_documents`, so no filter can reach beyond it)."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from policylib.library.models import Category, Document, Marking, Status, Subject
from policylib.library.selectors import category_and_descendant_ids

SORTS = {
    "issued": ("-issued_on", "identifier", "id"),
    "oldest": ("issued_on", "identifier", "id"),
    "title": ("title", "identifier", "id"),
    "identifier": ("identifier", "id"),
}
DEFAULT_SORT = "issued"
MAX_ID = 2**63 - 1


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def documented(filter_, field: serializers.Field):
    """`filter_`, with `field` telling the OpenAPI schema exactly what it accepts."""
    return extend_schema_field(field)(filter_)


def _text(max_length: int, help_text: str) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, help_text=help_text)


class DocumentFilter(django_filters.FilterSet):
    identifier = documented(
        django_filters.CharFilter(lookup_expr="icontains", max_length=200),
        _text(200, "Part of the identifier."),
    )
    title = documented(
        django_filters.CharFilter(method="filter_title", max_length=500),
        _text(500, "Words that must all be in the title."),
    )
    # An unknown slug or id matches nothing (as in search), rather than being an error.
    type = documented(
        django_filters.CharFilter(field_name="document_type__slug", max_length=100),
        _text(100, "A document type's slug (see /api/v1/types/)."),
    )
    opi = documented(
        IntegerFilter(field_name="opi_id", min_value=1, max_value=MAX_ID),
        serializers.IntegerField(
            min_value=1,
            max_value=MAX_ID,
            help_text="The id of the office of primary interest (see /api/v1/offices/).",
        ),
    )
    category = documented(
        django_filters.CharFilter(method="filter_category", max_length=100),
        _text(100, "A category's id or slug; its subcategories are included."),
    )
    library = documented(
        django_filters.CharFilter(field_name="library__slug", max_length=100),
        _text(100, "A library's slug (see /api/v1/libraries/)."),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, help_text="Repeat for several: ?status=current&status=superseded."
    )
    subject = documented(
        django_filters.CharFilter(method="filter_subject", max_length=200),
        _text(200, "A subject's slug, or part of its name."),
    )
    signatory = documented(
        django_filters.CharFilter(method="filter_signatory", max_length=200),
        _text(200, "Part of the signatory's name or title."),
    )
    issued_from = django_filters.DateFilter(
        field_name="issued_on", lookup_expr="gte", help_text="Issued on or after (YYYY-MM-DD)."
    )
    issued_to = django_filters.DateFilter(
        field_name="issued_on", lookup_expr="lte", help_text="Issued on or before (YYYY-MM-DD)."
    )
    year = documented(
        IntegerFilter(field_name="issued_on__year", min_value=1, max_value=9999),
        serializers.IntegerField(min_value=1, max_value=9999, help_text="The year issued."),
    )
    marking = django_filters.MultipleChoiceFilter(
        choices=Marking.choices,
        help_text="Handling marking; narrows only among the documents the caller may see.",
    )
    sort = django_filters.ChoiceFilter(
        method="sort_by",
        choices=[(name, name) for name in SORTS],
        empty_label=None,
        help_text="issued (newest first, the default), oldest, title or identifier.",
    )

    class Meta:
        model = Document
        fields: list[str] = []

    def filter_title(self, queryset: QuerySet[Document], name: str, value: str):
        for word in value.split():
            queryset = queryset.filter(title__icontains=word)
        return queryset

    def filter_category(self, queryset: QuerySet[Document], name: str, value: str):
        value = value.strip()
        lookup = Q(pk=int(value)) if value.isdigit() and len(value) < 18 else Q(slug=value)
        category = Category.objects.filter(lookup).first()
        if category is None:
            return queryset.none()
        in_category = Document.categories.through.objects.filter(
            category_id__in=category_and_descendant_ids(category)
        ).values("document_id")
        return queryset.filter(pk__in=in_category)

    def filter_subject(self, queryset: QuerySet[Document], name: str, value: str):
        value = value.strip()
        subjects = Subject.objects.filter(Q(slug=value) | Q(name__icontains=value))
        tagged = Document.subjects.through.objects.filter(subject__in=subjects).values(
            "document_id"
        )
        return queryset.filter(pk__in=tagged)

    def filter_signatory(self, queryset: QuerySet[Document], name: str, value: str):
        for word in value.split():
            queryset = queryset.filter(
                Q(signatory_name__icontains=word) | Q(signatory_title__icontains=word)
            )
        return queryset

    def sort_by(self, queryset: QuerySet[Document], name: str, value: str):
        return queryset.order_by(*SORTS.get(value, SORTS[DEFAULT_SORT]))
