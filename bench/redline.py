"""Redline benchmark: how long comparing two texts takes, in-process and over HTTP.

    .venv/bin/python bench/redline.py

Builds pairs of texts up to 1 MB, adversarial ones included (periodic lines, one long line,
random words, nothing in common, the same text, one character changed), and times
`policylib.versions.redline.redline` on each. Then stores each pair as two versions of a
document in a throwaway data folder, starts the production server (`policylib serve`, as
bench/load.py does) and times the versions compare page over real HTTP. Prints the seconds,
whether the comparison was coarse (shown as whole lines, with a notice), and the verdict
against the goal.
"""

import argparse
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import _free_port, set_up, wait_until_up

GOAL_SECONDS = 2.0
MB = 1_000_000


def _words(size: int, rng: random.Random, vocabulary: list[str]) -> str:
    out: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(vocabulary)
        out.append(word)
        length += len(word) + 1
    return " ".join(out)


def _lines(text: str, per_line: int = 12) -> str:
    words = text.split(" ")
    return "\n".join(" ".join(words[n : n + per_line]) for n in range(0, len(words), per_line))


def cases(size: int, seed: int) -> dict[str, tuple[str, str]]:
    rng = random.Random(seed)  # noqa: S311 - test data
    vocabulary = [f"{rng.choice('bcdfgklmnprst')}{n}" for n in range(20_000)]
    base = _lines(_words(size, rng, vocabulary))
    middle = len(base) // 2
    one_changed = base[:middle] + ("Z" if base[middle] != "Z" else "Y") + base[middle + 1 :]
    lines = base.split("\n")
    return {
        "1,500 alternating lines": (
            "\n".join("ab"[n % 2] for n in range(1500)),
            "\n".join("ba"[n % 2] for n in range(1500)),
        ),
        "alternating lines, 1 MB": (
            "\n".join("ab"[n % 2] for n in range(size // 2)),
            "\n".join("ba"[n % 2] for n in range(size // 2)),
        ),
        "ab-ab vs aa-bb lines, 1 MB": (
            "\n".join("ab"[n % 2] for n in range(size // 2)),
            "\n".join("ab"[(n // 2) % 2] for n in range(size // 2)),
        ),
        "one long line, no newline": (
            _words(size, random.Random(seed + 1), vocabulary),  # noqa: S311
            _words(size, random.Random(seed + 2), vocabulary),  # noqa: S311
        ),
        "random words, lines": (base, _lines(_words(size, rng, vocabulary))),
        "all different lines": (
            "\n".join(f"old {n}" for n in range(size // 12)),
            "\n".join(f"new {n}" for n in range(size // 12)),
        ),
        "all the same": (base, base),
        "one char changed in 1 MB": (base, one_changed),
        "one char changed, one line": (base.replace("\n", " "), one_changed.replace("\n", " ")),
        "lines shuffled": (base, "\n".join(rng.sample(lines, len(lines)))),
        "every 10th line edited": (
            base,
            "\n".join(f"{line} amended" if n % 10 == 0 else line for n, line in enumerate(lines)),
        ),
    }


def in_process(pairs: dict[str, tuple[str, str]]) -> list[float]:
    from policylib.versions.redline import redline

    print(f"\nIn process: redline(old, new)\n{'case':32}{'old KB':>8}{'new KB':>8}"
          f"{'seconds':>9}{'rows':>8}  coarse")  # fmt: skip
    times = []
    for name, (old, new) in pairs.items():
        started = time.perf_counter()
        result = redline(old, new)
        elapsed = time.perf_counter() - started
        times.append(elapsed)
        print(f"{name:32}{len(old) / 1000:8.0f}{len(new) / 1000:8.0f}{elapsed:9.2f}"
              f"{len(result.rows):8}  {'yes' if result.coarse else 'no'}")  # fmt: skip
    return times


def store(pairs: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Each pair as versions 1 and 2 of a Public document; the compare page of each."""
    from django.urls import reverse

    from policylib.library import services
    from policylib.library.models import DocumentType, Library, Placement
    from policylib.versions import record_version

    library = Library.objects.create(name="Bench", slug="bench", placement=Placement.DOCUMENTS)
    kind = DocumentType.objects.get_or_create(slug="directive", defaults={"name": "Directive"})[0]
    urls = {}
    for number, (name, (old, new)) in enumerate(pairs.items(), start=1):
        document = services.create_document(
            by=None, library=library, identifier=f"Bench {number}", title=name,
            document_type=kind, status="current", issued_on="2025-01-01", body=old,
        )  # fmt: skip
        first = record_version(document=document, by=None)
        # A changed summary too, so that equal texts still make a second version.
        services.update_document(document=document, by=None, body=new, summary="Version 2.")
        second = record_version(document=document, by=None)
        query = f"?old={first.pk}&new={second.pk}"
        urls[name] = reverse("versions:compare", args=[document.pk]) + query
    return urls


def over_http(urls: dict[str, str], env: dict[str, str], port: int) -> list[float]:
    serve = [sys.executable, "-m", "policylib", "serve", "--port", str(port)]
    server = subprocess.Popen(serve, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    times = []
    try:
        wait_until_up(base, server)
        print(f"\nOver HTTP: {' '.join(serve[2:])}, GET the versions compare page\n"
              f"{'case':32}{'status':>8}{'seconds':>9}{'page KB':>9}  notice")  # fmt: skip
        with httpx.Client(base_url=base, timeout=120) as client:
            client.get(next(iter(urls.values())))  # warm the worker
            for name, url in urls.items():
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
                times.append(elapsed if response.status_code == 200 else float("inf"))
                notice = "usa-alert--info usa-alert--slim" in response.text and (
                    "word by word" in response.text
                )
                size = len(response.content) / 1000
                print(f"{name:32}{response.status_code:8}{elapsed:9.2f}{size:9.0f}"
                      f"  {'yes' if notice else 'no'}")  # fmt: skip
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=MB, help="Bytes of each text (default 1 MB).")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--port", type=int, help="Default: a free port.")
    parser.add_argument("--no-http", action="store_true", help="Only the in-process timings.")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="policylib-redline-"))
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("POLICYLIB_", "DATABASE_URL", "DJANGO_"))
    }
    env |= {"POLICYLIB_DATA_DIR": str(data_dir), "LOG_LEVEL": "WARNING"}
    try:
        set_up(env)
        logging.disable(logging.INFO)  # the task worker's chatter while storing versions
        pairs = cases(args.size, args.seed)
        times = in_process(pairs)
        if not args.no_http:
            urls = store(pairs)
            times += over_http(urls, env, args.port or _free_port())
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    worst = max(times)
    verdict = "met" if worst <= GOAL_SECONDS else "missed"
    print(f"\nslowest {worst:.2f} s (goal ≤ {GOAL_SECONDS:.0f} s for any two texts up to "
          f"{args.size / MB:g} MB): {verdict}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
