"""Relevance benchmark: judged questions run through the library's own search, scored.

    .venv/bin/python bench/relevance.py                       # both sets, each mode
    .venv/bin/python bench/relevance.py --set peps --http     # through the results page
    .venv/bin/python bench/relevance.py --mode hybrid         # one mode only
    .venv/bin/python bench/relevance.py --data-dir /tmp/rel   # keep the libraries for --reuse

For each set, builds a throwaway data folder holding that corpus alone (the PEPs imported
from corpus-manifests/peps.csv, their files from $POLICYLIB_CORPUS_DIR, default
/work/shared/corpus; or the demo library), extracts the text and indexes it. Then each
question of the judged sets in bench/judged/ goes through `policylib.search.search` (what
the results page calls; `--http` asks the results page itself) as the set's reader, and the
ranking is scored:

- recall@5: the share of a question's answers (grade 2) in the first five results;
- MRR@10: 1 / the rank of the first answer in the first ten (0 when none is there);
- nDCG@10: graded gain (2 answers, 1 helps) against the ideal order of the judged documents.

Each mode is scored in turn (keyword only, semantic only, and hybrid, the results page's
default); figures are averaged per set and per kind of question (question, keywords,
identifier), every question that misses (no answer in the first five) is listed with what came
first, and a summary table ends each set.

A judged document the set's reader may not see, or that is outside the set's scope, cannot
be found by any search: it is left out of the scoring and named, so that a change of access
or status shows up as such rather than as a ranking loss.
"""

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search as search_bench  # bench/search.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
JUDGED = ROOT / "bench" / "judged"
MANIFEST = ROOT / "corpus-manifests" / "peps.csv"
MODES = ("keyword", "semantic", "hybrid")
SETS = ("peps", "demo")
GOALS = {"peps": {"recall@5": 0.90, "MRR@10": 0.75}}  # for hybrid search
ANSWER, HELPS = 2, 1
DEPTH = 10


@dataclass
class Question:
    id: str
    text: str
    kind: str
    grades: dict[str, int]  # identifier → grade


@dataclass
class JudgedSet:
    name: str
    scope: str
    questions: list[Question]
    path: Path


@dataclass
class Outcome:
    question: Question
    ranked: list[str]  # identifiers, best first
    grades: dict[str, int]  # the judged documents this reader can find in this scope
    seconds: float
    scores: dict[str, float] = field(default_factory=dict)


def read_set(path: Path) -> JudgedSet:
    data = json.loads(path.read_text(encoding="utf-8"))
    questions = []
    for item in data["questions"]:
        grades = dict.fromkeys(item["answers"], ANSWER)
        grades |= dict.fromkeys(item.get("helps", []), HELPS)
        questions.append(Question(item["id"], item["q"], item["kind"], grades))
    return JudgedSet(data["name"], data.get("scope", "active"), questions, path)


# -- Scores -------------------------------------------------------------------------------


def recall_at(ranked: list[str], grades: dict[str, int], k: int = 5) -> float:
    answers = {i for i, g in grades.items() if g >= ANSWER}
    return len(answers & set(ranked[:k])) / len(answers) if answers else 0.0


def reciprocal_rank(ranked: list[str], grades: dict[str, int], k: int = DEPTH) -> float:
    for rank, identifier in enumerate(ranked[:k], 1):
        if grades.get(identifier, 0) >= ANSWER:
            return 1 / rank
    return 0.0


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = DEPTH) -> float:
    def dcg(gains: list[int]) -> float:
        return sum((2**g - 1) / math.log2(rank + 1) for rank, g in enumerate(gains, 1))

    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    return dcg([grades.get(i, 0) for i in ranked[:k]]) / ideal if ideal else 0.0


def score(outcome: Outcome) -> None:
    ranked, grades = outcome.ranked, outcome.grades
    outcome.scores = {
        "recall@5": recall_at(ranked, grades),
        "MRR@10": reciprocal_rank(ranked, grades),
        "nDCG@10": ndcg_at(ranked, grades),
    }


# -- The library --------------------------------------------------------------------------


def setup_django(data_dir: Path) -> None:
    search_bench.setup_django(
        data_dir,
        # The demo's review emails stay in memory rather than on the console.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        # Extraction and indexing are run below, in bulk, rather than queued for a worker.
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    )


def build_library(corpus_dir: Path, name: str) -> None:
    """The library a set's questions are asked of: the PEPs alone, or the demo alone."""
    from django.core.management import call_command

    from policylib import search
    from policylib.ingest.importer import import_manifest

    started = time.monotonic()
    if name == "demo":
        call_command("demo", verbosity=0)
        print(f"  demo loaded in {time.monotonic() - started:.0f} s", file=sys.stderr)
    if name == "peps":
        if not (corpus_dir / "peps").is_dir():
            raise SystemExit(f"No PEPs in {corpus_dir / 'peps'}: set POLICYLIB_CORPUS_DIR.")
        report = import_manifest(folder=corpus_dir, manifest=MANIFEST, create_missing=True)
        print(f"  {report.created} PEPs imported ({report.failed} failed)", file=sys.stderr)
    with open(os.devnull, "w") as quiet:
        call_command("extract", stdout=quiet)
    print(f"  text extracted at {time.monotonic() - started:.0f} s", file=sys.stderr)
    count = search.reindex()
    print(f"  {count} documents indexed at {time.monotonic() - started:.0f} s", file=sys.stderr)


def reachable(judged: JudgedSet, user) -> dict[str, str]:
    """Each judged identifier that cannot be found, with why (typos stop the run)."""
    from policylib.accounts.access import visible_documents
    from policylib.library.models import Document, Status

    identifiers = {i for q in judged.questions for i in q.grades}
    found = dict(
        Document.objects.filter(identifier__in=identifiers).values_list("identifier", "status")
    )
    unknown = sorted(identifiers - set(found))
    if unknown:
        raise SystemExit(f"{judged.path.name}: not in the library: {', '.join(unknown)}")
    visible = set(
        visible_documents(user, Document.objects.filter(identifier__in=identifiers)).values_list(
            "identifier", flat=True
        )
    )
    reasons = {}
    for identifier, status in found.items():
        if identifier not in visible:
            reasons[identifier] = "not visible to this reader"
        elif judged.scope == "active" and status != Status.CURRENT:
            reasons[identifier] = f"{status}, outside the active scope"
    return reasons


def search_function(mode: str, http: bool, scope: str, user):
    """A function from a question to the identifiers of the first ten results."""
    from django.test import Client
    from django.urls import reverse

    from policylib import search
    from policylib.library.models import Document
    from policylib.search import SearchQuery

    if http:
        client = Client()
        url = reverse("search:results")
        names = {d.get_absolute_url(): d.identifier for d in Document.objects.all()}
        row = re.compile(r'<li class="search-result[^"]*">\s*<h2[^>]*>.*?<a href="([^"]+)"', re.S)

        def ask(text: str) -> list[str]:
            params = {"q": text, "scope": scope, "kind": "documents", "mode": mode}
            response = client.get(url, params)
            if response.status_code != 200:
                raise SystemExit(f"The results page answered {response.status_code} to {text!r}")
            return [names.get(u, u) for u in row.findall(response.content.decode())][:DEPTH]

        return ask

    def ask(text: str) -> list[str]:
        # As the results page asks: its page size, the last word maybe unfinished.
        query = SearchQuery(text=text, scope=scope, kind="documents", per_page=20, mode=mode)
        return [hit.identifier for hit in search.search(query, user, unfinished=True).hits][:DEPTH]

    return ask


# -- Report -------------------------------------------------------------------------------


def mean(outcomes: list[Outcome], name: str) -> float:
    return statistics.fmean(o.scores[name] for o in outcomes) if outcomes else 0.0


def report(judged: JudgedSet, outcomes: list[Outcome], dropped: dict[str, str], mode: str) -> None:
    names = ("recall@5", "MRR@10", "nDCG@10")
    print(f"\n== {judged.name}: {len(outcomes)} questions, scope {judged.scope}")
    if not outcomes:
        return
    for identifier, why in sorted(dropped.items()):
        print(f"   left out of the scoring: {identifier} ({why})")
    print(f"{'':14}{'n':>4}" + "".join(f"{n:>10}" for n in names) + f"{'p50 ms':>9}{'max ms':>9}")
    groups = {"all": outcomes}
    for kind in sorted({o.question.kind for o in outcomes}):
        groups[kind] = [o for o in outcomes if o.question.kind == kind]
    for label, group in groups.items():
        times = [o.seconds * 1000 for o in group]
        print(f"{label:14}{len(group):4}" + "".join(f"{mean(group, n):10.3f}" for n in names)
              + f"{statistics.median(times):9.1f}{max(times):9.1f}")  # fmt: skip
    goals = GOALS.get(judged.name) if mode == "hybrid" else None
    if goals:
        met = ", ".join(
            f"{n} {mean(outcomes, n):.3f} {'≥' if mean(outcomes, n) >= g else '<'} {g:.2f}"
            for n, g in goals.items()
        )
        print(f"goals for hybrid search: {met}")
    misses = [o for o in outcomes if o.scores["recall@5"] == 0]
    print(f"\nMisses (no answer in the first five): {len(misses)}")
    for o in misses:
        answers = [i for i, g in o.grades.items() if g >= ANSWER]
        first = ", ".join(o.ranked[:3]) or "no results"
        print(f"  {o.question.id} [{o.question.kind}] {o.question.text!r}\n"
              f"      wanted {', '.join(answers)}; got {first}")  # fmt: skip
    print("\nEvery question (ms, recall@5, RR@10, nDCG@10, first three results):")
    for o in outcomes:
        s = o.scores
        print(f"  {o.seconds * 1000:7.1f} {s['recall@5']:.2f} {s['MRR@10']:.2f} "
              f"{s['nDCG@10']:.2f}  {o.question.id}  {', '.join(o.ranked[:3])}")  # fmt: skip


def summary(judged: JudgedSet, by_mode: dict[str, list[Outcome]]) -> None:
    """One line per mode and kind of question: the table the README quotes."""
    names = ("recall@5", "MRR@10", "nDCG@10")
    print(f"\n== {judged.name}: summary by mode")
    print(f"{'mode':10}{'kind':12}{'n':>4}" + "".join(f"{n:>10}" for n in names))
    for mode, outcomes in by_mode.items():
        groups = {"all": outcomes}
        for kind in sorted({o.question.kind for o in outcomes}):
            groups[kind] = [o for o in outcomes if o.question.kind == kind]
        for label, group in groups.items():
            print(f"{mode:10}{label:12}{len(group):4}"
                  + "".join(f"{mean(group, n):10.3f}" for n in names))  # fmt: skip


def run_set(judged: JudgedSet, ask, user, mode: str) -> list[Outcome]:
    dropped = reachable(judged, user)
    outcomes = []
    for question in judged.questions:
        grades = {i: g for i, g in question.grades.items() if i not in dropped}
        if not any(g >= ANSWER for g in grades.values()):
            print(f"  skipped {question.id}: none of its answers can be found", file=sys.stderr)
            continue
        started = time.perf_counter()
        ranked = ask(question.text)
        outcome = Outcome(question, ranked, grades, time.perf_counter() - started)
        score(outcome)
        outcomes.append(outcome)
    report(judged, outcomes, dropped, mode)
    return outcomes


def run_each_set(args: argparse.Namespace) -> int:
    """Each set in a process and data folder of its own: a set's library holds its corpus
    alone, as a real library would (the demo's questions must not meet the PEPs)."""
    status = 0
    for name in SETS:
        command = [sys.executable, __file__, "--set", name, "--mode", args.mode,
                   "--judged", str(args.judged), "--corpus-dir", str(args.corpus_dir)]  # fmt: skip
        command += ["--http"] if args.http else []
        command += ["--scope", args.scope] if args.scope else []
        if args.data_dir:
            command += ["--data-dir", str(args.data_dir)]
            command += ["--reuse"] if args.reuse else []
        sys.stdout.flush()
        status = max(status, subprocess.run(command, check=False).returncode)  # noqa: S603
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="all")
    parser.add_argument(
        "--mode", choices=(*MODES, "all"), default="all", help="Default: each mode in turn."
    )
    parser.add_argument("--http", action="store_true", help="Ask the results page instead.")
    parser.add_argument("--scope", choices=("active", "archived", "all"),
                        help="Override each set's own scope.")  # fmt: skip
    parser.add_argument("--judged", type=Path, default=JUDGED, help="Folder of judged sets.")
    parser.add_argument(
        "--corpus-dir",
        type=Path,
        default=Path(os.environ.get("POLICYLIB_CORPUS_DIR", "/work/shared/corpus")),
    )
    parser.add_argument("--data-dir", type=Path, help="Keep the library here (default: temp).")
    parser.add_argument(
        "--reuse", action="store_true", help="Use the library in --data-dir, built earlier."
    )
    args = parser.parse_args()
    if args.reuse and not args.data_dir:
        parser.error("--reuse needs --data-dir")

    if args.set == "all":
        return run_each_set(args)
    judged = read_set(args.judged / f"{args.set}.json")
    if args.scope:
        judged.scope = args.scope
    # Each set's library in a folder of its own, so that one --data-dir serves both sets.
    data_dir = args.data_dir / args.set if args.data_dir else None
    data_dir = data_dir or Path(tempfile.mkdtemp(prefix="policylib-relevance-"))
    if args.reuse and not (data_dir / "index").exists():
        raise SystemExit(f"No library in {data_dir}: run once without --reuse to build it.")
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        setup_django(data_dir)
        from django.contrib.auth.models import AnonymousUser

        if args.reuse:
            print(f"Reusing the library in {data_dir}", file=sys.stderr)
        else:
            print(f"Building the library in {data_dir} …", file=sys.stderr)
            build_library(args.corpus_dir, args.set)
        user = AnonymousUser()
        via = "the results page (HTTP)" if args.http else "policylib.search.search"
        by_mode = {}
        for mode in MODES if args.mode == "all" else (args.mode,):
            print(f"\nMode: {mode}; asked through {via}; reader: anonymous")
            ask = search_function(mode, args.http, judged.scope, user)
            for question in judged.questions[:5]:  # warm the readers and caches
                ask(question.text)
            by_mode[mode] = run_set(judged, ask, user, mode)
        if len(by_mode) > 1:
            summary(judged, by_mode)
    finally:
        if args.data_dir is None:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
