"""Finding (and, when allowed, adding) the libraries, types, categories, offices, subjects and
groups a manifest names.

A name matches case-insensitively by slug or name (offices also by abbreviation). Subjects are
free keywords and are always added. The others shape the site (a library is a section, a
category a program area, a group decides who may read), so a name nobody knows is a mistake
until the person importing says otherwise with `create_missing`.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import models
from django.utils.text import slugify

from policylib.library.models import Category, DocumentType, Library, Office, Subject


class Unknown(LookupError):
    """A name the library does not know (and may not add); str() is the reason for a person."""


@dataclass
class _Kind:
    label: str  # "library", "type", …
    model: type[models.Model]
    keys: tuple[str, ...]  # fields a name matches, case-insensitively
    always_create: bool = False
    index: dict[str, list[models.Model]] = field(default_factory=dict)

    def load(self) -> None:
        self.index.clear()
        for item in self.model.objects.all():
            self.add(item)

    def add(self, item: models.Model) -> None:
        for key in self.keys:
            value = (getattr(item, key) or "").strip().lower()
            if value:
                bucket = self.index.setdefault(value, [])
                if item not in bucket:
                    bucket.append(item)

    def forget(self, item: models.Model) -> None:
        for bucket in self.index.values():
            if item in bucket:
                bucket.remove(item)


class Vocabulary:
    """Lookups over every vocabulary, loaded once per import."""

    def __init__(self, *, create_missing: bool = False) -> None:
        self.create_missing = create_missing
        self.kinds = {
            "library": _Kind("library", Library, ("slug", "name")),
            "type": _Kind("type", DocumentType, ("slug", "name")),
            "category": _Kind("category", Category, ("slug", "name")),
            "OPI": _Kind("office", Office, ("name", "abbreviation")),
            "subject": _Kind("subject", Subject, ("slug", "name"), always_create=True),
            "group": _Kind("group", Group, ("name",)),
        }
        for kind in self.kinds.values():
            kind.load()
        # What this import added, by kind, for the summary.
        self.created: dict[str, list[str]] = {}
        self._pending: list[tuple[_Kind, models.Model]] = []

    def check(self, kind_name: str, name: str) -> None:
        """Raise Unknown when `name` cannot be resolved (without adding anything)."""
        kind = self.kinds[kind_name]
        found = kind.index.get(name.strip().lower(), [])
        if len(found) > 1:
            raise Unknown(
                f"{kind.label} {name!r} is ambiguous: it names "
                + ", ".join(str(item) for item in found)
                + "; use the slug"
                + ("" if kind_name != "OPI" else " or the full name")
                + "."
            )
        if found:
            return
        if not (kind.always_create or self.create_missing):
            raise Unknown(
                f"unknown {kind.label} {name!r} (add it in the administration pages first, or "
                "import with --create-missing)"
            )
        longest = kind.model._meta.get_field("name").max_length
        if len(name.strip()) > longest:
            raise Unknown(f"{kind.label} name {name!r} is longer than {longest} characters")

    def get(self, kind_name: str, name: str) -> models.Model:
        """The item `name` names, adding it if allowed (call inside the row's transaction)."""
        self.check(kind_name, name)
        kind = self.kinds[kind_name]
        found = kind.index.get(name.strip().lower())
        if found:
            return found[0]
        item = self._create(kind, name.strip())
        kind.add(item)
        self._pending.append((kind, item))
        return item

    def commit_row(self) -> None:
        for kind, item in self._pending:
            self.created.setdefault(kind.label, []).append(str(item))
        self._pending.clear()

    def rollback_row(self) -> None:
        """The row's transaction was rolled back: forget what it added."""
        for kind, item in self._pending:
            kind.forget(item)
        self._pending.clear()

    def _create(self, kind: _Kind, name: str) -> models.Model:
        if kind.model in (Office, Group):
            return kind.model.objects.create(name=name)
        return kind.model.objects.create(name=name, slug=_free_slug(kind.model, name))


def _free_slug(model: type[models.Model], name: str) -> str:
    base = (slugify(name) or "item")[:90]
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
