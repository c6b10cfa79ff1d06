"""The sitemap: the main pages, the program areas, the libraries and every public document.

Crawlers are anonymous, so documents come from `visible_documents` for an anonymous reader:
no draft, nothing Internal or Restricted, not even its address.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from policylib.accounts.access import visible_documents
from policylib.library import selectors
from policylib.library.models import Category, Document, Library, Placement


class PageSitemap(Sitemap):
    """The site's own pages (those that exist: Documents needs a main library, and so on)."""

    def items(self) -> list[str]:
        names = ["pages:home", "library:recent", "library:archives"]
        if selectors.library_for(Placement.DOCUMENTS) is not None:
            names.append("library:documents")
        if selectors.library_for(Placement.REFERENCES) is not None:
            names.append("library:references")
        return [*names, "pages:development", "pages:about", "pages:help"]

    def location(self, item: str) -> str:
        return reverse(item)


class CategorySitemap(Sitemap):
    def items(self) -> QuerySet[Category]:
        return Category.objects.order_by("pk")


class LibrarySitemap(Sitemap):
    """Libraries with a page of their own (the main one is Documents, References has its own)."""

    def items(self) -> QuerySet[Library]:
        return Library.objects.filter(placement=Placement.HEADER).order_by("pk")


class DocumentSitemap(Sitemap):
    def items(self) -> QuerySet[Document]:
        return visible_documents(AnonymousUser()).only("pk", "title", "updated_at").order_by("pk")

    def lastmod(self, item: Document):
        return item.updated_at


SITEMAPS = {
    "pages": PageSitemap,
    "categories": CategorySitemap,
    "libraries": LibrarySitemap,
    "documents": DocumentSitemap,
}
