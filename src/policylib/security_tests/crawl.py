"""The crawl: every URL of the URLconf and every GET of the OpenAPI schema, with ids filled
from the world, hidden records included; each answer searched for the canaries.

The URL list comes from the URLconf itself. Which records fill a pattern's parameters is
decided by `RULES` (by route name) and `SCHEMA_RULES` (by the API path's first segment); a
pattern with parameters and no rule is reported as a failure that names it, so a new page
cannot be left out of the crawl.
"""

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib.contenttypes.models import ContentType
from django.http import StreamingHttpResponse
from django.test import Client

from policylib.search import SCOPES
from policylib.security_tests.world import Canary, World
from policylib.testing.urlconf import Endpoint, build_path, endpoints

# -- Reading the URLconf ---------------------------------------------------------------------


# -- Which records fill which pattern --------------------------------------------------------

# Route name -> the family of records (World.values) whose ids fill its parameters.
RULES: dict[str, str] = {
    **dict.fromkeys(
        ("library:document_short", "library:print", "library:send", "library:upload"),
        "document",
    ),
    "library:document": "document",
    "library:file": "document_file",
    "library:category": "category",
    "library:library": "library",
    "agreements:party": "party",
    "agreements:agreement": "agreement",
    "agreements:file": "agreement_file",
    "delegations:authority": "authority",
    "delegations:position": "position",
    "delegations:delegation": "delegation",
    "reviews:check_out": "document",
    **{
        f"reviews:{name}": "draft"
        for name in (
            "draft",
            "edit",
            "cancel",
            "compare_saves",
            "open_period",
            "send",
            "concurrence",
            "approval",
            "issue",
        )
    },
    "reviews:file": "draft_file",
    **{
        f"reviews:{name}": "period"
        for name in ("period", "matrix", "matrix_print", "matrix_xlsx", "matrix_csv")
    },
    **{
        f"reviews:{name}": "office_review"
        for name in ("office_review", "assign", "comment", "complete", "position")
    },
    **{
        f"reviews:{name}": "comment"
        for name in ("edit_comment", "drop_comment", "merge_comment", "answer")
    },
    "versions:history": "document",
    "versions:compare": "document",
    "versions:version": "version",
    "subscriptions:stop": "subscription",
    "subscriptions:unsubscribe": "subscription",
    "feeds:category_atom": "category",
    "feeds:category_rss": "category",
    "feeds:sitemap_section": "sitemap_section",
    "api:document-check_out": "document",
    **{
        f"api:document-{name}": "document"
        for name in ("detail", "archive", "cancel", "files", "issue", "supersede")
    },
    "api:document-file": "document_file",
    "api:library-detail": "library",
    "api:category-detail": "category",
    "api:office-detail": "office",
    "api:subject-detail": "subject",
    "api:type-detail": "type",
    **{
        f"api:draft-{name}": "draft"
        for name in (
            "detail",
            "approval",
            "cancel",
            "compare",
            "concurrence",
            "issue",
            "periods",
            "saves",
            "send",
        )
    },
    "api:draft-file": "draft_file",
    **{
        f"api:period-{name}": "period" for name in ("detail", "matrix", "matrix-csv", "matrix-xlsx")
    },
    **{
        f"api:office-review-{name}": "office_review"
        for name in ("detail", "assign", "comment", "complete", "position")
    },
    **{
        f"api:comment-{name}": "comment"
        for name in ("answer", "drop_comment", "edit_comment", "merge_comment")
    },
}

# OpenAPI paths, by the segment after /api/v1/: the family whose ids fill `{pk}`/`{id}`/
# `{slug}`; a path with `{file_id}` takes the family's files ("<family>_file").
SCHEMA_RULES: dict[str, str] = {
    "documents": "document",
    "libraries": "library",
    "categories": "category",
    "offices": "office",
    "subjects": "subject",
    "types": "type",
    "drafts": "draft",
    "periods": "period",
    "office-reviews": "office_review",
    "comments": "comment",
}

HOW_TO_ADD = (
    "Add a rule for it in policylib/security_tests/crawl.py (RULES, by route name, or "
    "SCHEMA_RULES for an API path) naming the family of records that fills its parameters, "
    "so the canary crawl requests it with hidden ids too."
)


def sitemap_sections() -> list[dict[str, Any]]:
    from policylib.feeds.sitemaps import SITEMAPS

    return [{"section": name} for name in SITEMAPS]


def _admin_values(endpoint: Endpoint, world: World) -> list[dict[str, Any]] | None:
    """Administration pages: every row of the page's model that carries a canary, or the
    first row; the document content type where one is asked for."""
    params = set(endpoint.params)
    if params <= {"url"}:
        return [{"url": "nothing-here/"}]
    if params == {"app_label"}:
        labels = sorted({ct.app_label for ct in ContentType.objects.all()})
        return [{"app_label": label} for label in labels]
    if params == {"content_type_id", "object_id"}:
        document_type = ContentType.objects.get(app_label="library", model="document")
        return [
            {"content_type_id": document_type.pk, "object_id": values["pk"]}
            for values in world.values.get("document", [])
        ]
    content_type = _admin_model(endpoint)
    if content_type is not None and params in ({"object_id"}, {"id"}):
        model = content_type.model_class()
        if model is None:
            return None
        ids = [row.pk for row in model.objects.order_by("pk")[:40] if _carries_canary(row)]
        ids = ids or list(model.objects.order_by("pk").values_list("pk", flat=True)[:1]) or [0]
        name = "id" if "id" in params else "object_id"
        return [{name: pk} for pk in ids]
    return None


def _admin_model(endpoint: Endpoint) -> ContentType | None:
    """The model of an administration page: `admin:<app_label>_<model>_<view>`, or the unnamed
    redirect `admin/<app_label>/<model>/<object_id>/`."""
    for content_type in ContentType.objects.all():
        if endpoint.name.startswith(f"admin:{content_type.app_label}_{content_type.model}_"):
            return content_type
        if (
            endpoint.route
            == f"admin/{content_type.app_label}/{content_type.model}/<path:object_id>/"
        ):
            return content_type
    return None


def _carries_canary(row) -> bool:
    text = str(row).lower()
    return "zqxcanary" in text or "zqxtwin" in text


def fill(endpoint: Endpoint, world: World) -> list[dict[str, Any]] | str:
    """The parameter values to request the endpoint with, or why it cannot be filled."""
    if not endpoint.params:
        return [{}]
    if endpoint.namespace == "admin":
        found = _admin_values(endpoint, world)
        if found is None:
            return (
                f"{endpoint.route} ({endpoint.name}): no rule for {list(endpoint.params)}. "
                f"{HOW_TO_ADD}"
            )
        return found
    family = RULES.get(endpoint.name)
    if family is None:
        return (
            f"{endpoint.route} ({endpoint.name}): no rule for its parameters "
            f"{list(endpoint.params)}. {HOW_TO_ADD}"
        )
    rows = sitemap_sections() if family == "sitemap_section" else world.values.get(family, [])
    if not rows:
        return f"{endpoint.route} ({endpoint.name}): the world has no {family!r} records."
    missing = set(endpoint.params) - set(rows[0])
    if missing:
        return f"{endpoint.route} ({endpoint.name}): {family!r} has no {sorted(missing)}."
    return rows


def schema_requests(world: World, canary_word: str) -> Iterator[tuple[str, dict] | str]:
    """Every GET of the OpenAPI schema, generated in-process, with path and query filled."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in sorted(schema["paths"].items()):
        get = operations.get("get")
        if get is None:
            continue
        path_params = re.findall(r"{(\w+)}", path)
        rows: list[dict[str, Any]] = [{}]
        if path_params:
            segment = path.removeprefix("/api/v1/").split("/")[0]
            family = SCHEMA_RULES.get(segment)
            if family is None:
                yield f"API GET {path}: no rule for {path_params}. {HOW_TO_ADD}"
                continue
            if "file_id" in path_params:
                family = f"{family}_file"
            rows = [
                {"pk": row.get("pk"), "id": row.get("pk"), **row}
                for row in world.values.get(family, [])
            ]
        query = _query_for(get.get("parameters", []), canary_word)
        for row in rows:
            filled = re.sub(r"{(\w+)}", lambda match, row=row: str(row[match.group(1)]), path)
            yield filled, {}
            if query:
                yield filled, query


def _query_for(parameters: list[dict], word: str) -> dict[str, str]:
    query = {}
    for parameter in parameters:
        if parameter.get("in") != "query":
            continue
        kind = parameter.get("schema", {})
        if kind.get("enum"):
            query[parameter["name"]] = str(kind["enum"][0])
        elif kind.get("type") == "integer":
            query[parameter["name"]] = "2" if parameter["name"] == "page" else "1"
        elif kind.get("type") == "boolean":
            query[parameter["name"]] = "true"
        elif kind.get("type", "string") == "string" and "format" not in kind:
            query[parameter["name"]] = word
    return query


def search_requests(canary: Canary) -> Iterator[tuple[str, dict]]:
    """Every search surface, for the canary, a word-form, a prefix and the titles' words."""
    for word in canary.search_words:
        for scope in SCOPES:
            yield "/search/", {"q": word, "scope": scope}
            yield "/search/", {"q": word, "scope": scope, "kind": "all"}
            yield "/search/live/", {"q": word, "scope": scope}
        for field_name in ("q", "title", "identifier", "subject", "signatory"):
            yield "/search/advanced/", {field_name: word, "scope": "all"}
        yield "/opensearch/suggestions", {"q": word}
        yield "/feeds/search.atom", {"q": word}
        yield "/feeds/search.rss", {"q": word}
        yield "/api/v1/search/", {"q": word}
        yield "/api/v1/search/", {"q": word, "scope": "all"}
    # A question in plain words (without the canary, which the page would echo): ranked by
    # meaning too, and the hidden record's passages are the nearest to it.
    question = f"what do the rules say about {' and '.join(canary.title_words)} in the field"
    for scope in SCOPES:
        for mode in ("hybrid", "semantic"):
            yield "/search/", {"q": question, "scope": scope, "mode": mode}
            yield "/search/", {"q": question, "scope": scope, "kind": "all", "mode": mode}
        yield "/search/live/", {"q": question, "scope": scope}
    yield "/search/advanced/", {"q": question, "scope": "all"}
    yield "/feeds/search.atom", {"q": question}
    yield "/api/v1/search/", {"q": question, "scope": "all"}


# -- Requesting and looking ------------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    role: str
    request: str
    where: str

    def __str__(self) -> str:
        return f"{self.role}: {self.request}: {self.where}"


def response_text(response) -> str:
    """Everything a response carries, as lowercase text: body (workbooks unpacked)."""
    if isinstance(response, StreamingHttpResponse):
        # Read through the test client's wrapper: calling close() directly would send
        # request_finished, which closes the test's database connection on PostgreSQL.
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    texts = [content.decode("utf-8", "replace")]
    if content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                texts += [
                    archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                ]
        except zipfile.BadZipFile:
            pass
    return "\n".join(texts).lower()


def echoes(path: str, query: dict[str, str]) -> list[str]:
    """What a response may repeat of its own request without telling anything."""
    found = {path, quote(path), quote(path, safe=""), quote(quote(path, safe=""), safe="")}
    if query:
        encoded = urlencode(query)
        found |= {encoded, quote(encoded, safe=""), f"{path}?{encoded}"}
        found |= {quote(f"{path}?{encoded}", safe=""), *query.values()}
    return sorted((e.lower() for e in found if e), key=len, reverse=True)


def scrub(text: str, echoed: list[str]) -> str:
    for echo in echoed:
        text = text.replace(echo, " ")
    return text


class Crawler:
    """Requests as one role, collecting every leak rather than stopping at the first."""

    def __init__(self, role: str, user, forbidden: list[Canary]):
        self.role = role
        self.forbidden = forbidden
        self.client = Client(raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)
        self.leaks: list[Leak] = []
        self.requests = 0

    def get(self, path: str, query: dict[str, str] | None = None) -> Any:
        query = query or {}
        response = self.client.get(path, query)
        self.requests += 1
        label = f"GET {path}" + (f"?{urlencode(query)}" if query else "")
        if response.status_code >= 500:
            self.leaks.append(Leak(self.role, label, f"server error {response.status_code}"))
        echoed = echoes(path, query)
        body = scrub(response_text(response), echoed)
        headers = {name: scrub(value.lower(), echoed) for name, value in response.items()}
        tokens = [token for canary in self.forbidden for token in canary.tokens]
        # One report per place: the first token found there, with the words around it.
        shown = next((token for token in tokens if token in body), None)
        if shown:
            where = f"body ({response.status_code}) shows {shown!r}: {context(body, shown)}"
            self.leaks.append(Leak(self.role, label, where))
        for name, value in headers.items():
            shown = next((token for token in tokens if token in value), None)
            if shown:
                self.leaks.append(Leak(self.role, label, f"header {name} shows {shown!r}: {value}"))
        return response


def context(text: str, token: str, width: int = 70) -> str:
    """The words around the first `token` in `text`, on one line, to say where it leaked."""
    at = text.index(token)
    return " ".join(text[max(0, at - width) : at + len(token) + width].split())


def crawl(role: str, user, forbidden: list[Canary], world: World) -> tuple[list[Leak], int]:
    """Request everything as `role`; return the leaks found and how many requests were made."""
    crawler = Crawler(role, user, forbidden)
    unfilled = []
    for endpoint in endpoints():
        rows = fill(endpoint, world)
        if isinstance(rows, str):
            unfilled.append(rows)
            continue
        for values in rows:
            path = build_path(endpoint, values)
            crawler.get(path)
            if not endpoint.params and endpoint.namespace != "admin":
                for canary in forbidden:
                    crawler.get(path, {"q": canary.word})
                crawler.get(path, {"page": "2"})
    for canary in forbidden:
        for request in schema_requests(world, canary.word):
            if isinstance(request, str):
                unfilled.append(request)
                continue
            crawler.get(*request)
        for path, query in search_requests(canary):
            crawler.get(path, query)
    crawler.leaks += [Leak(role, "URL table", message) for message in sorted(set(unfilled))]
    return crawler.leaks, crawler.requests
