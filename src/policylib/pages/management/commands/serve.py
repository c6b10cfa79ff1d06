"""`policylib serve`: the production web server (gunicorn) and the task worker, together."""

import contextlib
import os
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the library with gunicorn on 127.0.0.1:$PORT and run the background task worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1)),
        )
        parser.add_argument("--no-worker", action="store_true", help="Do not run the task worker.")

    def handle(self, *args, host, port, workers, no_worker, **options):
        python = sys.executable
        gunicorn = [
            python,
            "-m",
            "gunicorn",
            "policylib.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "20",
            "--timeout",
            "60",
        ]
        worker = [python, "-m", "policylib", "db_worker"]
        children = [subprocess.Popen(gunicorn)]  # noqa: S603
        if not no_worker:
            children.append(subprocess.Popen(worker))  # noqa: S603
        self.stdout.write(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)")

        def stop(signum, frame):
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        # When either process ends, stop the other: the pair runs together or not at all.
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
