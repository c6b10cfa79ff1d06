"""Load benchmark: the production server (`policylib serve`) under concurrent readers.

    .venv/bin/python bench/search.py --docs 10000 --data-dir /tmp/library-10k   # once
    .venv/bin/python bench/load.py --data-dir /tmp/library-10k

Starts gunicorn and the worker exactly as `make run` does, on loopback, over a data folder
that already holds a library (bench/search.py --data-dir builds one). Then, for each number
of concurrent users, every user repeats a realistic mix — home, category pages, document
pages, file downloads, searches, live search — for a fixed time, pausing between pages as a
reader does (`--think`, 1 to 5 seconds by default; `--think 0` asks as fast as the server
answers, a stress test of capacity rather than of users). Prints throughput, p50, p95 and p99
latency per kind and overall, and the error count (any status other than 200, or a failed
connection).
"""

import argparse
import asyncio
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx

MIX = (  # kind, weight
    ("home", 10),
    ("category", 15),
    ("document", 30),
    ("file", 10),
    ("search", 25),
    ("live", 10),
)
GOAL_DOCUMENT_P95_MS = 100.0
SEARCH_WORDS = (
    "policy", "officer", "records management", "detention", "escort vehicle", "training",
    "inspection report", "security", "leave", "contract", '"use of force"', "overtime",
    "travel", "audit", "evidence storage", "appeal", "firearms", "privacy",
)  # fmt: skip


def set_up(env: dict[str, str]) -> None:
    """Migrate the data folder `env` names, collect static files, and set Django up on it."""
    policylib = [sys.executable, "-m", "policylib"]
    subprocess.run([*policylib, "migrate", "--noinput", "-v0"], env=env, check=True)  # noqa: S603
    subprocess.run([*policylib, "collectstatic", "--noinput", "-v0"], env=env, check=True)  # noqa: S603
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "policylib.settings"
    import django

    django.setup()


def prepare(data_dir: Path, env: dict[str, str]) -> dict[str, list[str]]:
    """Migrate, collect static files, give sample documents a real PDF, list URLs to visit."""
    set_up(env)
    from django.urls import reverse

    from policylib.library import files
    from policylib.library.models import Category, Document, DocumentFile, Marking, Status

    public = Document.objects.filter(marking=Marking.PUBLIC, status=Status.CURRENT)
    documents = list(public.order_by("?")[:2000])
    if not documents:
        raise SystemExit(f"No public current documents in {data_dir}: build a library first.")
    import io

    stored = files.store(io.BytesIO(_tiny_pdf()), original_name="load.pdf")
    sample = [d.pk for d in documents[:300]]
    DocumentFile.objects.filter(document_id__in=sample, role="primary").update(
        blob=stored.name, sha256=stored.sha256, size=stored.size
    )
    downloads = [
        reverse("library:file", args=[f.document_id, f.pk, f.original_name])
        for f in DocumentFile.objects.filter(document_id__in=sample, role="primary")
    ]
    categories = [
        reverse("library:category", args=[slug])
        for slug in Category.objects.values_list("slug", flat=True)
    ]
    return {
        "home": ["/"],
        "category": categories + [f"{url}?page=2" for url in categories],
        "document": [d.get_absolute_url() for d in documents],
        "file": downloads,
        "search": [f"/search/?q={httpx.QueryParams({'q': w})['q']}" for w in SEARCH_WORDS],
        "live": [f"/search/live/?q={w.strip(chr(34))[:4]}" for w in SEARCH_WORDS],
    }


def _tiny_pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "A directive used by the load benchmark.")
    page.save()
    return buffer.getvalue()


async def user(client, urls, deadline, rng, timings, errors, think) -> None:
    kinds = [kind for kind, _ in MIX]
    weights = [weight for _, weight in MIX]
    # Readers arrive over the first pause rather than all in the same instant (as locust's
    # spawn rate does): a burst of every user at once measures the burst, not the users.
    await asyncio.sleep(rng.uniform(0, think[1]))
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        url = rng.choice(urls[kind])
        started = time.perf_counter()
        try:
            response = await client.get(url)
            ok = response.status_code == 200
        except httpx.HTTPError:
            ok = False
        elapsed = (time.perf_counter() - started) * 1000
        if ok:
            timings[kind].append(elapsed)
        else:
            errors[kind] += 1
        if think[1]:
            await asyncio.sleep(rng.uniform(*think))


async def run_level(base: str, urls, users: int, seconds: float, seed: int, think):
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        deadline = time.monotonic() + seconds
        rngs = [random.Random(seed + n) for n in range(users)]  # noqa: S311 - a traffic mix
        await asyncio.gather(
            *(user(client, urls, deadline, rngs[n], timings, errors, think) for n in range(users))
        )
    return timings, errors


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(users: int, seconds: float, timings, errors) -> None:
    every = [t for values in timings.values() for t in values]
    failed = sum(errors.values())
    print(f"\n{users} concurrent users, {seconds:.0f} s: "
          f"{len(every) / seconds:.0f} requests/s, {failed} errors")  # fmt: skip
    print(f"{'':10}{'count':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for kind, _ in MIX:
        values = timings.get(kind, [])
        print(f"{kind:10}{len(values):8}{statistics.median(values) if values else 0:9.1f}"
              f"{percentile(values, 0.95):9.1f}{percentile(values, 0.99):9.1f}"
              f"{errors.get(kind, 0):8}")  # fmt: skip
    print(f"{'all':10}{len(every):8}{statistics.median(every) if every else 0:9.1f}"
          f"{percentile(every, 0.95):9.1f}{percentile(every, 0.99):9.1f}{failed:8}")  # fmt: skip
    documents = timings.get("document", [])
    document_p95 = percentile(documents, 0.95)
    verdict = "met" if documents and document_p95 <= GOAL_DOCUMENT_P95_MS else "missed"
    print(f"document page p95 {document_p95:.1f} ms (goal ≤ {GOAL_DOCUMENT_P95_MS:.0f} ms "
          f"at 50 users): {verdict}")  # fmt: skip


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("The server stopped while starting.")
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("The server did not answer in time.")


def parse_think(parser: argparse.ArgumentParser, text: str) -> tuple[float, float]:
    try:
        low, _, high = text.partition("-")
        think = (float(low), float(high or low))
    except ValueError:
        parser.error(f"--think takes seconds as MIN-MAX, e.g. 1-5, not {text!r}")
    if not 0 <= think[0] <= think[1]:
        parser.error(f"--think needs 0 <= MIN <= MAX, not {text!r}")
    return think


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="A folder with a library.")
    parser.add_argument("--users", default="10,50,100", help="Concurrency levels, comma-separated.")
    parser.add_argument("--seconds", type=float, default=30.0, help="Duration of each level.")
    parser.add_argument("--port", type=int, help="Default: a free port.")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default as make run).")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--think",
        default="1-5",
        help="Seconds each user pauses between pages, MIN-MAX (default 1-5); 0 for no pause.",
    )
    args = parser.parse_args()
    think = parse_think(parser, args.think)

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("POLICYLIB_", "DATABASE_URL", "DJANGO_"))
    }
    env |= {"POLICYLIB_DATA_DIR": str(args.data_dir.resolve()), "LOG_LEVEL": "WARNING"}
    urls = prepare(args.data_dir, env)
    args.port = args.port or _free_port()
    serve = [sys.executable, "-m", "policylib", "serve", "--port", str(args.port)]
    if args.workers:
        serve += ["--workers", str(args.workers)]
    server = subprocess.Popen(serve, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    base = f"http://127.0.0.1:{args.port}"
    try:
        wait_until_up(base, server)
        print(f"Server: {' '.join(serve[2:])} over {args.data_dir} "
              f"({len(urls['document'])} document pages, {len(urls['file'])} files); "
              f"users pause {think[0]:g}-{think[1]:g} s between pages")  # fmt: skip
        asyncio.run(run_level(base, urls, 5, 5, args.seed, (0, 0)))  # warm every worker
        for users in (int(n) for n in args.users.split(",")):
            timings, errors = asyncio.run(
                run_level(base, urls, users, args.seconds, args.seed + users, think)
            )
            report(users, args.seconds, timings, errors)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
