import sys
import time

from django.core.management.base import BaseCommand

from policylib import search
from policylib.search import engine


class Command(BaseCommand):
    help = "Rebuild the search index from the database (readers keep the old one until done)."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        progress, close = _progress_bar(self.stdout)
        try:
            count = search.reindex(progress=progress)
        finally:
            close()
        elapsed = max(time.monotonic() - started, 1e-6)
        self.stdout.write(
            f"Indexed {count} documents in {elapsed:.1f} s ({count / elapsed:.0f}/s); "
            f"index size {engine.size_bytes() / 1e6:.1f} MB."
        )


def _progress_bar(stdout):
    """tqdm when installed, else a plain line that rewrites itself on a terminal."""
    try:
        from tqdm import tqdm
    except ImportError:
        tqdm = None
    state: dict = {}

    def progress(done: int, total: int) -> None:
        if tqdm is not None:
            bar = state.setdefault("bar", tqdm(total=total, unit="doc", file=sys.stderr))
            bar.update(done - bar.n)
        elif sys.stderr.isatty():
            sys.stderr.write(f"\rIndexing: {done}/{total}")

    def close() -> None:
        if "bar" in state:
            state["bar"].close()
        elif tqdm is None and sys.stderr.isatty():
            sys.stderr.write("\n")

    return progress, close
