"""`policylib serve`: the production web server (gunicorn) and the task worker, together."""

import contextlib
import ipaddress
import os
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand

# The longest request line gunicorn takes (its own ceiling; the default is 4094): a search
# box filled to its maxlength must never be answered 414 (see search.query.MAX_QUERY_CHARS).
REQUEST_LINE_LIMIT = 8190


def _reachable(host: str) -> str:
    """The address to reach a server bound to `host` (all interfaces: this machine's loopback)."""
    bare = host.strip("[]")
    try:
        address = ipaddress.ip_address(bare)
    except ValueError:
        return host or "127.0.0.1"  # a host name
    if address.is_unspecified:
        return "127.0.0.1"
    return f"[{bare}]" if address.version == 6 else bare


def gunicorn_command(host: str, port: str, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "policylib.wsgi:application",
        "--bind", f"{host}:{port}",
        "--workers", str(workers),
        "--access-logfile", "-",
        "--graceful-timeout", "20",
        "--timeout", "60",
        "--limit-request-line", str(REQUEST_LINE_LIMIT),
    ]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Serve the library with gunicorn on 127.0.0.1:$PORT, with the background task worker "
        "and the search index follower."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1)),
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Run neither the task worker nor the index follower (another process does).",
        )

    def handle(self, *args, host, port, workers, no_worker, **options):
        python = sys.executable
        gunicorn = gunicorn_command(host, port, workers)
        helpers = [
            [python, "-m", "policylib", "db_worker"],
            [python, "-m", "policylib", "search", "follow"],
        ]
        self._sweep_file_store()
        if not (os.environ.get("POLICYLIB_SITE_URL") or os.environ.get("SITE_URL")):
            # Unconfigured, email links point where this server listens (its children inherit it).
            os.environ["POLICYLIB_SITE_URL"] = f"http://{_reachable(host)}:{port}"
        children = [subprocess.Popen(gunicorn)]  # noqa: S603
        if not no_worker:
            children += [subprocess.Popen(command) for command in helpers]  # noqa: S603
        self.stdout.write(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)")

        def stop(signum, frame):
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        # When one process ends, stop the others: they run together or not at all.
        try:
            while all(child.poll() is None for child in children):
                with contextlib.suppress(subprocess.TimeoutExpired):
                    children[0].wait(timeout=1)
        finally:
            stop(None, None)
            for child in children:
                try:
                    child.wait(timeout=25)
                except subprocess.TimeoutExpired:
                    child.kill()
        sys.exit(children[0].returncode or 0)

    def _sweep_file_store(self) -> None:
        """Before any request: what killed processes left in the file store."""
        from django.db import DatabaseError

        from policylib.library.files import sweep_incoming
        from policylib.library.store_check import sweep_unreferenced

        if removed := sweep_incoming():
            self.stdout.write(
                f"Removed {len(removed)} unfinished upload file(s) from the file store."
            )
        try:
            removed = sweep_unreferenced()
        except DatabaseError as exc:  # not migrated yet: nothing to compare the store with
            self.stderr.write(f"Left the file store unswept: {exc}")
            return
        if removed:
            self.stdout.write(
                f"Removed {len(removed)} stored file(s) no row names, a day old or more."
            )
