"""Run the extraction child process under a wall-clock timeout and a memory cap.

A PDF whose pages are scans is read twice, each time by a child under the memory cap: first
for its text layer (which also says which pages are scans), then by OCR of those pages only.
OCR takes about a second a page, so the second child's time limit grows with the number of
pages to recognise (`POLICYLIB_OCR_SECONDS_PER_PAGE`), up to `POLICYLIB_OCR_TIMEOUT_MAX`.
"""

import contextlib
import json
import os
import shutil
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

FORMAT_VERSION = 2
NO_TESSERACT = "Tesseract is not installed"


@dataclass(frozen=True)
class Outcome:
    """What extraction produced: pages, or the reason there are none.

    `ocr_pages` are the pages (from 0) whose text was recognised from a scan; `needs_ocr`
    says why scanned pages still wait for OCR (their text is then empty in `pages`).
    """

    pages: list[str] | None
    reason: str = ""
    scanned: tuple[int, ...] = ()
    ocr_pages: tuple[int, ...] = ()
    needs_ocr: str = ""

    @property
    def ok(self) -> bool:
        return self.pages is not None and not self.needs_ocr


def timeout_seconds() -> int:
    return getattr(settings, "POLICYLIB_EXTRACT_TIMEOUT", None) or env_int(
        "POLICYLIB_EXTRACT_TIMEOUT", 60
    )


def memory_megabytes() -> int:
    return getattr(settings, "POLICYLIB_EXTRACT_MEMORY_MB", None) or env_int(
        "POLICYLIB_EXTRACT_MEMORY_MB", 1024
    )


def ocr_seconds_per_page() -> int:
    return getattr(settings, "POLICYLIB_OCR_SECONDS_PER_PAGE", None) or env_int(
        "POLICYLIB_OCR_SECONDS_PER_PAGE", 10
    )


def ocr_timeout_max() -> int:
    return getattr(settings, "POLICYLIB_OCR_TIMEOUT_MAX", None) or env_int(
        "POLICYLIB_OCR_TIMEOUT_MAX", 900
    )


def ocr_timeout(pages: int) -> int:
    """The OCR child's time limit: the extraction timeout, and more for each page."""
    return min(timeout_seconds() + ocr_seconds_per_page() * pages, ocr_timeout_max())


def longest_seconds() -> int:
    """The longest one file's extraction can take: its text layer, then OCR."""
    return timeout_seconds() + max(ocr_timeout_max(), timeout_seconds())


def tesseract() -> str | None:
    """The Tesseract program OCR runs, or None when it is not installed."""
    name = getattr(settings, "POLICYLIB_OCR_TESSERACT", None) or os.environ.get(
        "POLICYLIB_OCR_TESSERACT", "tesseract"
    )
    return shutil.which(name)


def engine_version() -> str:
    """Recorded with each result, so text from an older parser can be found and redone."""
    parts = [f"policylib-extract {FORMAT_VERSION}"]
    for package in ("pypdfium2", "python-docx", "ocrmypdf"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            parts.append(f"{package} {metadata.version(package)}")
    return "; ".join(parts)


def run(
    path: Path | str,
    content_type: str,
    *,
    timeout: int | None = None,
    memory_mb: int | None = None,
    ocr: bool = True,
) -> Outcome:
    """Extract in a separate process. Never raises: every failure becomes a reason.

    Without `ocr`, scanned pages are left empty (a PDF of scans only fails as one).
    """
    memory_mb = memory_mb if memory_mb is not None else memory_megabytes()
    outcome = _run_child([str(path), content_type], timeout or timeout_seconds(), memory_mb)
    if not outcome.scanned:
        return outcome
    program = tesseract() if ocr else None
    if program is None:
        return _without_ocr(outcome, NO_TESSERACT if ocr else "")
    return _with_ocr(outcome, Path(path), program, memory_mb)


def _without_ocr(outcome: Outcome, why: str) -> Outcome:
    if why:
        return Outcome(outcome.pages, f"needs OCR: {why}", outcome.scanned, needs_ocr=why)
    if any(outcome.pages or []):
        return Outcome(outcome.pages, scanned=outcome.scanned)
    return Outcome(None, "no text layer — scanned image")


def _with_ocr(outcome: Outcome, path: Path, program: str, memory_mb: int) -> Outcome:
    pages = list(outcome.pages or [])
    numbers = ",".join(str(index + 1) for index in outcome.scanned)
    # The Tesseract found is the one OCRmyPDF runs (it looks on PATH).
    path_dirs = (str(Path(program).parent), os.environ.get("PATH", ""))
    recognised = _run_child(
        ["--ocr", numbers, str(path)],
        ocr_timeout(len(outcome.scanned)),
        memory_mb,
        extra_env={"PATH": os.pathsep.join(p for p in path_dirs if p)},
    )
    if not recognised.reason and len(recognised.pages or []) != len(outcome.scanned):
        recognised = Outcome(None, "failed: the recognised text is missing pages")
    if recognised.reason:
        # What the text layer holds is kept; OCR may be tried again (`extract --failed`).
        if any(pages):
            return Outcome(pages, f"OCR {recognised.reason}", outcome.scanned)
        return Outcome(None, f"no text layer — scanned image; OCR {recognised.reason}")
    ocr_pages: list[int] = []
    for index, text in zip(outcome.scanned, recognised.pages or [], strict=True):
        # A near-empty text layer (a stamped page number) gives way to the recognised text.
        if len(text) > len(pages[index]):
            pages[index] = text
            ocr_pages.append(index)
    if not any(pages):
        return Outcome(None, "no text found: the scanned pages hold no readable text")
    return Outcome(pages, scanned=outcome.scanned, ocr_pages=tuple(ocr_pages))


def _run_child(
    args: list[str], timeout: int, memory_mb: int, extra_env: dict[str, str] | None = None
) -> Outcome:
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["POLICYLIB_EXTRACT_MEMORY_MB"] = str(memory_mb)
    env.update(archives.limits_from_settings().to_env())
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    env.update(extra_env or {})
    command = [sys.executable, "-m", "policylib.extraction.worker", *args]
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
            pages = [str(page) for page in answer["pages"]]
            scanned = tuple(
                index
                for index in answer.get("scanned") or []
                if isinstance(index, int) and 0 <= index < len(pages)
            )
            return Outcome(pages, scanned=scanned)
        if isinstance(answer.get("ocr"), dict):
            # In the order of the pages asked for; the caller pairs them up.
            texts = {str(key): str(text) for key, text in answer["ocr"].items()}
            numbers = sorted(int(key) for key in texts if key.isdigit())
            return Outcome([texts[str(number)] for number in numbers])
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
