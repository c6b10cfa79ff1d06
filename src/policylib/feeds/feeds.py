"""Atom and RSS feeds: Recently issued, one per category, and one for any search.

Feed readers fetch without the reader's session, and a feed's address is easily shared, so
every feed lists only what an anonymous reader may see: public documents that are not drafts.
A signed-in reader's feed is the same as everyone's.

Each request's feed is worked out whole in `get_object` (a `Channel`): the Feed instances are
shared by all requests and must hold no state of their own.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.cache import patch_cache_control
from django.utils.html import linebreaks

from policylib import search
from policylib.accounts.access import visible_documents
from policylib.feeds.queries import (
    FEED_SIZE,
    BadSearch,
    params_for,
    query_from,
    results_page_url,
)
from policylib.library import selectors
from policylib.library.models import Category, Document
from policylib.pages.models import SiteText

ANONYMOUS = AnonymousUser()


@dataclass
class Channel:
    """Everything one feed response says."""

    title: str
    description: str
    link: str
    self_url: str
    site_name: str
    documents: Sequence[Document]


class DocumentFeed(Feed):
    """An RSS 2.0 feed of documents; `AtomFeed` below makes the Atom variant of each."""

    feed_type: type[feedgenerator.SyndicationFeed] = feedgenerator.Rss201rev2Feed

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Channel:
        raise NotImplementedError

    def title(self, obj: Channel) -> str:
        return obj.title

    def description(self, obj: Channel) -> str:
        return obj.description

    def subtitle(self, obj: Channel) -> str:
        return obj.description

    def link(self, obj: Channel) -> str:
        return obj.link

    def feed_url(self, obj: Channel) -> str:
        return obj.self_url

    def author_name(self, obj: Channel) -> str:
        return obj.site_name

    def items(self, obj: Channel) -> Sequence[Document]:
        return obj.documents

    def item_title(self, item: Document) -> str:
        # Plain text, as Atom says (type "text") and as feed readers read RSS titles; escaping
        # it as Django does by default would show "&amp;" for every "&".
        return str(item)

    def item_description(self, item: Document) -> str:
        return linebreaks(item.summary, autoescape=True) if item.summary else ""

    def item_link(self, item: Document) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Document) -> datetime.datetime:
        if item.issued_on is None:
            return item.created_at
        midnight = datetime.datetime.combine(item.issued_on, datetime.time())
        return timezone.make_aware(midnight)

    def item_updateddate(self, item: Document) -> datetime.datetime:
        return item.updated_at

    def item_categories(self, item: Document) -> list[str]:
        return [category.name for category in item.categories.all()]

    def item_author_name(self, item: Document) -> str:
        return item.opi.name if item.opi else ""

    def item_enclosures(self, item: Document) -> list[feedgenerator.Enclosure]:
        return getattr(item, "feed_enclosures", [])


def _channel(request: HttpRequest, *, title: str, description: str, link: str, documents):
    site_name = SiteText.load().site_name
    documents = list(documents)
    for document in documents:
        document.feed_enclosures = [
            feedgenerator.Enclosure(
                url=request.build_absolute_uri(primary.get_absolute_url()),
                length=str(primary.size),
                mime_type=primary.content_type,
            )
            for primary in document.primary_files
        ]
    return Channel(
        title=f"{site_name}: {title}",
        description=description,
        link=link,
        self_url=request.get_full_path(),
        site_name=site_name,
        documents=documents,
    )


def _for_feed(documents: QuerySet[Document]) -> QuerySet[Document]:
    """A listing (`selectors.for_listing`) with what a feed entry adds: its categories."""
    return documents.prefetch_related("categories")


class RecentFeed(DocumentFeed):
    """Documents in force, newest issue first."""

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Channel:
        documents = _for_feed(selectors.recently_issued(ANONYMOUS, limit=None))[:FEED_SIZE]
        return _channel(
            request,
            title="Recently issued",
            description="Documents in force, newest first.",
            link=reverse("library:recent"),
            documents=documents,
        )


class CategoryFeed(DocumentFeed):
    """Documents in force in one program area (and the areas within it), newest first."""

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Channel:
        category = get_object_or_404(Category, slug=kwargs["slug"])
        documents = selectors.category_documents(ANONYMOUS, category, selectors.ListFilters())
        return _channel(
            request,
            title=category.name,
            description=category.description or f"Documents in force in {category.name}.",
            link=category.get_absolute_url(),
            documents=_for_feed(documents)[:FEED_SIZE],
        )


class SearchFeed(DocumentFeed):
    """The first results of a search, with every parameter of the search pages."""

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = super().__call__(request, *args, **kwargs)
        except BadSearch as exc:
            # What to fix, for whoever typed the address; a feed reader shows the status.
            message = f"This search cannot be run as asked:\n{exc}\n"
            response = HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
            response["Cache-Control"] = "no-store"
            return response
        except search.SearchError as exc:
            # Not an empty feed: a reader would take that as "nothing matches any more".
            response = HttpResponse(str(exc), status=503, content_type="text/plain")
            response["Retry-After"] = "120"
            response["Cache-Control"] = "no-store"
            return response
        patch_cache_control(response, public=True, max_age=300)
        return response

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Channel:
        query = query_from(request.GET)
        if query.is_empty:
            raise Http404("Say what to search for.")
        # Library documents only: other records' hits (agreements, help) have ids of their own.
        hits = search.search(query, ANONYMOUS).hits
        ids = [hit.document_id for hit in hits if hit.kind == "document"]
        found = _for_feed(
            selectors.for_listing(visible_documents(ANONYMOUS).filter(pk__in=ids))
        ).in_bulk()
        described = f"“{query.text}”" if query.text else "your search"
        return _channel(
            request,
            title=f"Search for {described}" if query.text else "Search",
            description=f"Public documents matching {described}, as the search page ranks them.",
            link=results_page_url(query),
            documents=[found[pk] for pk in ids if pk in found],
        )


def atom(feed: type[DocumentFeed]) -> type[DocumentFeed]:
    """The Atom variant of an RSS feed class."""
    return type(f"Atom{feed.__name__}", (feed,), {"feed_type": feedgenerator.Atom1Feed})


def feed_urls(query: search.SearchQuery) -> dict[str, str]:
    """Addresses of the Atom and RSS feeds of a search."""
    params = params_for(query).urlencode()
    return {
        "atom": f"{reverse('feeds:search_atom')}?{params}",
        "rss": f"{reverse('feeds:search_rss')}?{params}",
    }
