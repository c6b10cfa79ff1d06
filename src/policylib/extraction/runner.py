"""Run the extraction child process under a wall-clock timeout and a memory cap."""

import contextlib
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.conf import settings

from policylib.env import env_int
from policylib.library import archives

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Outcome:
    """What extraction produced: pages, or the reason there are none."""

    pages: list[str] | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.pages is not None


def timeout_seconds() -> int:
    return getattr(settings, "POLICYLIB_EXTRACT_TIMEOUT", None) or env_int(
        "POLICYLIB_EXTRACT_TIMEOUT", 60
    )


def memory_megabytes() -> int:
    return getattr(settings, "POLICYLIB_EXTRACT_MEMORY_MB", None) or env_int(
        "POLICYLIB_EXTRACT_MEMORY_MB", 1024
    )


def engine_version() -> str:
    """Recorded with each result, so text from an older parser can be found and redone."""
    parts = [f"policylib-extract {FORMAT_VERSION}"]
    for package in ("pypdfium2", "python-docx"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            parts.append(f"{package} {metadata.version(package)}")
    return "; ".join(parts)


def run(
    path: Path | str,
    content_type: str,
    *,
    timeout: int | None = None,
    memory_mb: int | None = None,
) -> Outcome:
    """Extract in a separate process. Never raises: every failure becomes a reason."""
    timeout = timeout or timeout_seconds()
    memory_mb = memory_mb if memory_mb is not None else memory_megabytes()
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["POLICYLIB_EXTRACT_MEMORY_MB"] = str(memory_mb)
    env.update(archives.limits_from_settings().to_env())
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    command = [sys.executable, "-m", "policylib.extraction.worker", str(path), content_type]
    try:
        done = subprocess.run(  # noqa: S603 - fixed command, the path is an argument
            command,
            capture_output=True,
            timeout=timeout,
            env=env,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome(None, f"timed out after {timeout} s")
    except OSError as exc:
        return Outcome(None, f"could not start the extractor: {exc.strerror or exc}")
    return _read_answer(done)


def _read_answer(done: subprocess.CompletedProcess) -> Outcome:
    stderr = done.stderr.decode("utf-8", "replace").lower()
    try:
        answer = json.loads(done.stdout) if done.stdout else None
    except ValueError:
        answer = None
    if isinstance(answer, dict):
        if isinstance(answer.get("pages"), list):
            return Outcome([str(page) for page in answer["pages"]])
        if answer.get("error"):
            return Outcome(None, str(answer["error"])[:300])
    if "memory" in stderr or "bad_alloc" in stderr or done.returncode == -signal.SIGKILL:
        return Outcome(None, "too much memory")
    if done.returncode < 0:
        name = signal.Signals(-done.returncode).name
        return Outcome(None, f"malformed: the parser crashed ({name})")
    return Outcome(None, f"malformed: the extractor stopped (exit status {done.returncode})")
