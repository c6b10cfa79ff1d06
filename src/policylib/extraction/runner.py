"""Run the extraction child process under a wall-clock timeout and a memory cap."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
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
        child = _Child(command, env)
    except OSError as exc:
        return Outcome(None, f"could not start the extractor: {exc.strerror or exc}")
    if not child.finish(timeout):
        return Outcome(None, f"timed out: stopped after the limit of {timeout} s")
    if child.returncode < 0 and memory_mb > 0 and child.peak_mb >= MEMORY_SHARE * memory_mb:
        # The parser's allocator aborts the process when the memory cap refuses it more.
        return Outcome(None, _too_much_memory(memory_mb))
    return _read_answer(child.stdout, child.stderr, child.returncode, memory_mb)


# A child that dies by a signal after using this share of its memory cap ran out of memory.
MEMORY_SHARE = 0.75


def _too_much_memory(memory_mb: int) -> str:
    return f"too much memory: stopped at the limit of {memory_mb} MB"


class _Child:
    """The extraction process, reaped with `wait4` so its peak memory use is known."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed command, the path is an argument
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        self.stdout = self.stderr = b""
        self.returncode = 0
        self.peak_mb = 0.0
        self._readers = [
            threading.Thread(target=self._read, args=(name,), daemon=True)
            for name in ("stdout", "stderr")
        ]
        for reader in self._readers:
            reader.start()

    def _read(self, name: str) -> None:
        setattr(self, name, getattr(self.process, name).read())

    def finish(self, timeout: float) -> bool:
        """Wait for the child; past `timeout`, kill it (and anything it started). Finished?"""
        deadline = time.monotonic() + timeout
        finished = True
        while True:
            pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                finished = False
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(self.process.pid, 0)
                break
            time.sleep(0.02)
        self.returncode = self.process.returncode = os.waitstatus_to_exitcode(status)
        self.peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
        for reader in self._readers:
            reader.join()
        self.process.stdout.close()
        self.process.stderr.close()
        return finished


def _read_answer(stdout: bytes, stderr_bytes: bytes, returncode: int, memory_mb: int) -> Outcome:
    stderr = stderr_bytes.decode("utf-8", "replace").lower()
    try:
        answer = json.loads(stdout) if stdout else None
    except ValueError:
        answer = None
    if isinstance(answer, dict):
        if isinstance(answer.get("pages"), list):
            return Outcome([str(page) for page in answer["pages"]])
        if answer.get("error") == "too much memory":
            return Outcome(None, _too_much_memory(memory_mb))
        if answer.get("error"):
            return Outcome(None, str(answer["error"])[:300])
    if "memory" in stderr or "bad_alloc" in stderr or returncode == -signal.SIGKILL:
        return Outcome(None, _too_much_memory(memory_mb))
    if returncode < 0:
        name = signal.Signals(-returncode).name
        return Outcome(None, f"malformed: the parser crashed ({name})")
    return Outcome(None, f"malformed: the extractor stopped (exit status {returncode})")
