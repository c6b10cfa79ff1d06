"""Search benchmark: a synthetic library of N documents, indexed, then queried three ways.

    .venv/bin/python bench/search.py --docs 10000

Builds a throwaway data folder (database, index), fills it with realistic documents (titles,
identifiers, subjects, summaries, extracted text of a median ~5,000 words over several
pages), rebuilds the index, and runs a fixed mix of queries through the results page (Django
test client, whole page), live search, and the engine alone. Prints p50/p95 and ratios.
"""

import argparse
import datetime
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"results": 30.0, "live": 10.0, "index_docs_per_s": 200.0}

POLICY_WORDS = """
policy directive procedure guidance officer agency department office program security
personnel record records management review approval authority requirement standard
standards training detention detainee escort transport vehicle vehicles facility
facilities inspection compliance report reporting incident investigation access control
information system systems data privacy retention disposal contract contractor contracting
acquisition budget finance financial travel leave employee employees supervisor manager
responsibility responsibilities chapter section paragraph appendix annex form forms
signature effective date issued supersedes cancels purpose scope applicability definitions
use force firearms weapon weapons ammunition qualification safety health medical emergency
response plan planning operations operational field headquarters region regional district
local state federal law enforcement court custody transfer release removal hearing appeal
decision case cases file files evidence property storage inventory audit internal external
public restricted sensitive classified unclassified marking handling dissemination request
requests approval approvals waiver deviation exception advisory notice memorandum memo order
orders regulation regulations statute act congress executive secretary deputy director
assistant chief commander coordinator specialist analyst technician clerk staff team unit
division branch component mission objective goal performance measure metric quality
assurance risk assessment mitigation threat vulnerability incident breach notification
communication communications telephone radio network computer software hardware equipment
maintenance repair replacement purchase card payment invoice reimbursement allowance
per diem lodging transportation airline rental mileage overtime schedule shift duty
hours pay grade position vacancy recruitment hiring selection promotion discipline
misconduct grievance complaint harassment discrimination equal opportunity accommodation
disability veteran benefits insurance retirement separation resignation termination
""".split()  # noqa: SIM905 - easier to read as text

SYLLABLES = "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zo tion ment ness able ing er al ic ous".split()  # noqa: E501, SIM905


def vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    words = list(dict.fromkeys(POLICY_WORDS))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def setup_django(data_dir: Path, **overrides) -> None:
    """Django on a throwaway data folder, migrated; `overrides` are further settings."""
    os.environ["POLICYLIB_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "policylib.settings"
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("POLICYLIB_INDEX_DIR", None)  # the index belongs in the data folder
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    # Not setup_test_environment(): it instruments every template render for the test
    # client, which no real server pays for.
    override_settings(
        ALLOWED_HOSTS=["testserver"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        **overrides,
    ).enable()
    call_command("migrate", verbosity=0)


def build_library(count: int, rng: random.Random, words: list[str]) -> dict:
    """Documents, files and extracted text, written in bulk (no per-document services)."""
    from django.contrib.auth.models import Group
    from django.db import transaction

    from policylib.extraction.models import ExtractedText, ExtractionState
    from policylib.library.models import (
        Category,
        Document,
        DocumentFile,
        DocumentType,
        Library,
        Marking,
        Status,
        Subject,
    )

    weights = [1 / (rank + 1) ** 1.07 for rank in range(len(words))]
    cumulative = []
    total = 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)

    def text(n: int) -> list[str]:
        return rng.choices(words, cum_weights=cumulative, k=n)

    library = Library.objects.create(name="Directives and Guidance", slug="directives")
    types = [
        DocumentType.objects.create(name=name, slug=name.lower())
        for name in ("Directive", "Policy", "Procedure", "Guidance", "Memorandum", "Handbook")
    ]
    parents = [Category.objects.create(name=f"Program {i}", slug=f"program-{i}") for i in range(8)]
    categories = parents + [
        Category.objects.create(name=f"Area {i}", slug=f"area-{i}", parent=parents[i % 8])
        for i in range(24)
    ]
    subjects = [
        Subject.objects.create(name=w.title(), slug=w)
        for w in list(dict.fromkeys(POLICY_WORDS))[:150]
    ]
    les = Group.objects.create(name="LES")
    statuses = [Status.CURRENT] * 15 + [Status.SUPERSEDED] * 3 + [Status.ARCHIVED, Status.DRAFT]
    markings = [Marking.PUBLIC] * 18 + [Marking.INTERNAL, Marking.RESTRICTED]
    identifiers: list[str] = []
    samples: list[list[str]] = []
    batch = 500
    started = time.monotonic()
    for start in range(0, count, batch):
        with transaction.atomic():
            documents = []
            bodies = []
            for n in range(start, min(count, start + batch)):
                prefix = rng.choice(["DIR", "POL", "PROC", "DROPPM Chapter", "HB", "MEMO"])
                identifier = f"{prefix} {n + 1}" if n % 3 else f"{prefix} {n + 1}.{n % 7}"
                identifiers.append(identifier)
                length = max(300, int(rng.lognormvariate(math.log(5000), 0.6)))
                body = text(length)
                bodies.append(body)
                if n % 50 == 0:
                    samples.append(body)
                documents.append(
                    Document(
                        library=library,
                        identifier=identifier,
                        title=" ".join(text(rng.randint(4, 10))).capitalize(),
                        summary=" ".join(text(rng.randint(20, 60))).capitalize() + ".",
                        document_type=rng.choice(types),
                        status=rng.choice(statuses),
                        marking=rng.choice(markings),
                        issued_on=datetime.date(1990, 1, 1)
                        + datetime.timedelta(days=rng.randint(0, 35 * 365)),
                        signatory_name=" ".join(text(2)).title(),
                    )
                )
            Document.objects.bulk_create(documents)
            files = [
                DocumentFile(
                    document=d, role="primary", blob=f"blobs/none/{d.pk}",
                    original_name=f"{d.pk}.pdf", content_type="application/pdf", size=1,
                    sha256=f"{d.pk:064d}",
                )
                for d in documents
            ]  # fmt: skip
            DocumentFile.objects.bulk_create(files)
            extracted = []
            for document_file, body in zip(files, bodies, strict=True):
                pages = [
                    ". ".join(
                        " ".join(body[i:j][k : k + 15]) for k in range(0, j - i, 15)
                    ).capitalize()
                    for i in range(0, len(body), 450)
                    for j in [min(len(body), i + 450)]
                ]
                extracted.append(
                    ExtractedText(
                        file=document_file, state=ExtractionState.DONE, pages=pages,
                        page_count=len(pages), char_count=sum(map(len, pages)),
                        extracted_at=datetime.datetime.now(datetime.UTC),
                    )
                )  # fmt: skip
            ExtractedText.objects.bulk_create(extracted)
            links_c = Document.categories.through
            links_s = Document.subjects.through
            links_g = Document.restricted_to.through
            links_c.objects.bulk_create(
                [links_c(document=d, category=rng.choice(categories)) for d in documents]
            )
            links_s.objects.bulk_create(
                [
                    links_s(document=d, subject=s)
                    for d in documents
                    for s in rng.sample(subjects, rng.randint(1, 3))
                ]
            )
            links_g.objects.bulk_create(
                [links_g(document=d, group=les) for d in documents if d.marking == "restricted"]
            )
        done = min(count, start + batch)
        print(f"\r  generated {done}/{count} documents", end="", file=sys.stderr)
    print(file=sys.stderr)
    return {
        "identifiers": identifiers,
        "samples": samples,
        "words": words,
        "seconds": time.monotonic() - started,
    }


def read_library(words: list[str]) -> dict:
    """What `build_library` returns, read back from a library it built earlier."""
    from policylib.extraction.models import ExtractedText
    from policylib.library.models import Document

    identifiers = list(Document.objects.order_by("pk").values_list("identifier", flat=True))
    first = Document.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    sampled = ExtractedText.objects.filter(
        file__document_id__in=range(first, first + len(identifiers), 50)
    ).values_list("pages", flat=True)
    samples = [" ".join(pages).replace(".", " ").lower().split() for pages in sampled]
    return {"identifiers": identifiers, "samples": samples, "words": words, "seconds": 0.0}


def query_mix(rng: random.Random, corpus: dict, count: int) -> list[tuple[str, dict]]:
    """A fixed mix: common, rare, 2-3 words, phrase, prefix, identifier, with filters, and a
    question in plain words (keyword and semantic ranking fused)."""
    words = corpus["words"]
    common = words[:60]
    middle = words[300:3000]
    rare = words[8000:20000]
    kinds = ["common", "rare", "words", "phrase", "prefix", "identifier", "filtered", "question"]
    questions = (
        "what do I need to do before the {} of a {} and who has to {} it",
        "how should a {} be {} when the {} is not available",
        "who approves {} for {} {} and how long does it take",
        "can an {} ask for {} {} after the deadline",
    )
    mix = []
    for n in range(count):
        kind = kinds[n % len(kinds)]
        params: dict = {"scope": "active"}
        if kind == "common":
            q = rng.choice(common)
        elif kind == "rare":
            q = rng.choice(rare)
        elif kind == "words":
            q = " ".join(rng.sample(middle, rng.randint(2, 3)))
        elif kind == "phrase":
            body = rng.choice(corpus["samples"])
            at = rng.randrange(0, len(body) - 3)
            q = '"' + " ".join(body[at : at + rng.randint(2, 3)]) + '"'
        elif kind == "prefix":
            q = rng.choice(middle)[:4] + "*"
        elif kind == "identifier":
            q = rng.choice(corpus["identifiers"])
        elif kind == "question":
            template = rng.choice(questions)
            q = template.format(*rng.sample(common[:30] + middle[:200], template.count("{}")))
        else:
            q = " ".join(rng.sample(middle, 2))
            params = {"scope": "all", "type": rng.choice(["directive", "policy", "guidance"]),
                      "year": rng.randint(1995, 2024)}  # fmt: skip
        mix.append((kind, {"q": q, **params}))
    return mix


def timed_embedding() -> dict:
    """Time spent embedding passages while indexing (the semantic part's share of it)."""
    from policylib.search import semantic

    spent = {"seconds": 0.0, "rows": 0}
    embed = semantic.Embedder.passages

    def passages(self, texts):
        texts = list(texts)
        started = time.perf_counter()
        try:
            return embed(self, texts)
        finally:
            spent["seconds"] += time.perf_counter() - started
            spent["rows"] += len(texts)

    semantic.Embedder.passages = passages
    return spent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function, rounds: list[tuple[str, dict]]) -> tuple[list[float], dict[str, list[float]]]:
    times, by_kind = [], {}
    for kind, params in rounds:
        started = time.perf_counter()
        function(params)
        elapsed = (time.perf_counter() - started) * 1000
        times.append(elapsed)
        by_kind.setdefault(kind, []).append(elapsed)
    return times, by_kind


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=280)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--data-dir", type=Path, help="Keep the library here (default: temp).")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Use the library already in --data-dir (built by an earlier run) instead of building.",
    )
    args = parser.parse_args()

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="policylib-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)  # noqa: S311 - synthetic text
    try:
        setup_django(data_dir)
        from django.contrib.auth.models import AnonymousUser
        from django.test import Client
        from django.urls import reverse

        from policylib import search
        from policylib.search import SearchQuery, engine

        words = vocabulary(rng)
        if args.reuse:
            corpus = read_library(words)
            print(f"Reusing {len(corpus['identifiers'])} documents in {data_dir}", file=sys.stderr)
        else:
            print(f"Building {args.docs} documents in {data_dir} …", file=sys.stderr)
            corpus = build_library(args.docs, rng, words)
            print(f"  generated in {corpus['seconds']:.0f} s", file=sys.stderr)
        args.docs = len(corpus["identifiers"])

        embedding = timed_embedding()
        started = time.monotonic()
        search.reindex()
        index_seconds = time.monotonic() - started
        docs_per_s = args.docs / index_seconds
        size_mb = engine.size_bytes() / 1e6
        vectors_mb = (
            sum(f.stat().st_size for f in (engine.index_dir() / "vectors").glob("*") if f.is_file())
            / 1e6
        )

        mix = query_mix(rng, corpus, args.queries)
        client = Client()
        results_url, live_url = reverse("search:results"), reverse("search:live")
        anonymous = AnonymousUser()

        def page(params):
            response = client.get(results_url, params)
            assert response.status_code == 200, response.status_code

        def live(params):
            response = client.get(live_url, {"q": params["q"].strip('"*')[:-1] or "a"})
            assert response.status_code == 200

        def engine_only(params):
            search.search(
                SearchQuery(text=params["q"], scope=params.get("scope", "active"),
                            document_type=params.get("type", ""), year=params.get("year")),
                anonymous,
            )  # fmt: skip

        for function in (page, live, engine_only):  # warm caches and readers
            for _, params in mix[:40]:
                function(params)
        measured = {name: timed(fn, mix) for name, fn in
                    (("results", page), ("live", live), ("engine", engine_only))}  # fmt: skip

        total_hits = [search.search(SearchQuery(text=p["q"]), anonymous).total for _, p in mix[:8]]
        print()
        print(f"Documents: {args.docs}  (median words/doc ≈ 5,000)")
        print(f"Indexing: {index_seconds:.1f} s = {docs_per_s:.0f} docs/s "
              f"(goal ≥ {GOALS['index_docs_per_s']:.0f}); index size {size_mb:.0f} MB, "
              f"of which passage vectors {vectors_mb:.0f} MB; embedding took "
              f"{embedding['seconds']:.1f} s for {embedding['rows']:,} passages")  # fmt: skip
        print(f"Queries: {len(mix)} of each kind below, anonymous reader; "
              f"hits for the first few: {total_hits}")  # fmt: skip
        print(f"{'':12}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        for name, (times, _) in measured.items():
            goal = GOALS.get(name)
            note = f"  (goal p95 ≤ {goal:.0f})" if goal else ""
            print(f"{name:12}{statistics.median(times):9.2f}{percentile(times, 0.95):9.2f}"
                  f"{max(times):9.2f}{note}")  # fmt: skip
        p95 = {name: percentile(times, 0.95) for name, (times, _) in measured.items()}
        print(f"ratio results/engine p95: {p95['results'] / p95['engine']:.2f}; "
              f"live/engine p95: {p95['live'] / p95['engine']:.2f}")  # fmt: skip
        print("\nBy kind (p50 / p95 ms):")
        kinds = list(dict.fromkeys(kind for kind, _ in mix))
        print(f"{'':12}" + "".join(f"{k:>18}" for k in kinds))
        for name, (_, by_kind) in measured.items():
            cells = "".join(
                f"{statistics.median(by_kind[k]):8.2f} /{percentile(by_kind[k], 0.95):7.2f}"
                for k in kinds
            )
            print(f"{name:12}{cells}")
    finally:
        if args.data_dir is None:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
