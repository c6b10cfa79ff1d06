"""Uploads to a real running site (gunicorn and the task worker, `policylib serve`), signed in as
library staff, with the real sandboxed text extraction.

Every PDF and Word file of the shared corpus goes through the upload page without taking the
server down, and hostile PDFs built here are stopped by the extraction limits, with the reason
on the document page, while the site and the worker carry on.
"""

import hashlib
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from policylib.extraction.tests import hostile_pdfs
from policylib.extraction.tests.test_runner import make_pdf
from policylib.library.tests import live_site

CORPUS_FOLDERS = ("pdfs", "gov", "docx")
TARGETS = 240  # empty documents to upload to: one per file
TIMEOUT_S = 10
MEMORY_MB = 512
ENDS = ("done", "failed")


LIMITS = {
    "POLICYLIB_EXTRACT_TIMEOUT": str(TIMEOUT_S),
    "POLICYLIB_EXTRACT_MEMORY_MB": str(MEMORY_MB),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    served = live_site.start(tmp_path_factory.mktemp("live-uploads"), documents=TARGETS, env=LIMITS)
    worker = live_site.extra_worker(served, LIMITS)
    yield served
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    served.stop()


@pytest.fixture(scope="module")
def staff(site):
    client = live_site.signed_in_staff(site)
    yield client
    client.close()


@pytest.fixture(scope="module")
def targets():
    """Document numbers, handed out one per uploaded file."""
    return iter(range(1, TARGETS + 1))


def document_page(client, pk: int) -> str:
    page = client.get(f"/documents/{pk}/", follow_redirects=True)
    assert page.status_code == 200, pk
    return page.text


def extraction_states(client, pks: list[int], *, within: float) -> dict[int, str]:
    """The extraction state of each document once it is no longer pending (or at the deadline)."""
    deadline = time.monotonic() + within
    states: dict[int, str] = {}
    waiting = list(pks)
    while waiting and time.monotonic() < deadline:
        # The worker takes files in order: the last one done means the others are nearly so.
        state = live_site.extraction_state(document_page(client, waiting[-1]))
        if not state.startswith(ENDS):
            time.sleep(1)
            continue
        for pk in list(waiting):
            state = live_site.extraction_state(document_page(client, pk))
            if state.startswith(ENDS):
                states[pk] = state
                waiting.remove(pk)
    for pk in waiting:
        states[pk] = live_site.extraction_state(document_page(client, pk))
    return states


def assert_up(client) -> None:
    home = client.get("/")
    assert home.status_code == 200


@pytest.mark.corpus
def test_every_corpus_file_goes_through_upload_without_taking_the_server_down(
    corpus, site, staff, targets
):
    paths = sorted(
        path
        for folder in CORPUS_FOLDERS
        for path in (corpus / folder).rglob("*")
        if path.suffix.lower() in {".pdf", ".docx"}
    )
    assert len(paths) >= 214
    started = time.monotonic()
    stored: dict[int, tuple[str, str]] = {}
    refused: dict[str, str] = {}

    def send(path, pk):
        # Each upload, then the home page: the server must still answer after every file.
        data = path.read_bytes()
        answer = live_site.upload(staff, pk, path.name, data)
        home = staff.get("/")
        return path, pk, hashlib.sha256(data).hexdigest(), answer, home.status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        sent = list(pool.map(send, paths, [next(targets) for _ in paths]))
    for path, pk, sha256, answer, home in sent:
        assert answer.status_code < 500, f"{path}: {answer.status_code}\n{site.server_log()}"
        assert home == 200, path
        if answer.status_code == 302:
            stored[pk] = (str(path), sha256)
        else:
            assert answer.status_code == 400, path
            refused[str(path)] = live_site.refusal(answer.text)
            assert refused[str(path)].startswith(f"{path.name}: "), path
    uploaded = time.monotonic()

    states = extraction_states(staff, list(stored), within=240)
    extracted = time.monotonic()

    def downloaded_sha256(pk):
        download = staff.get(live_site.file_link(document_page(staff, pk)))
        assert download.status_code == 200, stored[pk][0]
        return hashlib.sha256(download.content).hexdigest()

    with ThreadPoolExecutor(max_workers=2) as pool:
        hashes = dict(zip(stored, pool.map(downloaded_sha256, stored), strict=True))
    for pk, (path, sha256) in stored.items():
        state = states[pk]
        # Read ("done", or "done; text recognised from a scan" and the like), or why not.
        assert read(state) or state.startswith("failed: "), f"{path}: {state!r}"
        assert hashes[pk] == sha256, path
    assert_up(staff)
    failed = {stored[pk][0]: state for pk, state in states.items() if not read(state)}
    print(
        f"\n{len(stored)} stored ({len(stored) - len(failed)} with text, {len(failed)} failed "
        f"with a reason), {len(refused)} refused; uploads {uploaded - started:.1f} s, "
        f"extraction after them {extracted - uploaded:.1f} s, checks "
        f"{time.monotonic() - extracted:.1f} s"
    )
    # The corpus holds real policy documents: most of it must be readable.
    assert len(stored) - len(failed) > 150
    assert states[next(pk for pk, (p, _) in stored.items() if p.endswith("/tracemonkey.pdf"))] == (
        "done"
    )
    encrypted = next(pk for pk, (p, _) in stored.items() if p.endswith("/issue3371.pdf"))
    assert states[encrypted] == "failed: encrypted (password required)"


def read(state: str) -> bool:
    return state == "done" or state.startswith("done; ")


def test_hostile_pdfs_are_stopped_by_the_limits_and_the_site_carries_on(site, staff, targets):
    inflating, endless, ordinary = next(targets), next(targets), next(targets)

    for pk, name, data in [
        (inflating, "inflating.pdf", hostile_pdfs.inflating_pdf(gigabytes=2)),
        (endless, "endless.pdf", hostile_pdfs.endless_pdf()),
    ]:
        answer = live_site.upload(staff, pk, name, data)
        assert answer.status_code == 302, live_site.refusal(answer.text)
        assert_up(staff)
    states = extraction_states(staff, [inflating, endless], within=4 * TIMEOUT_S + 60)

    assert states[inflating] == f"failed: too much memory: stopped at the limit of {MEMORY_MB} MB"
    assert states[endless] == f"failed: timed out: stopped after the limit of {TIMEOUT_S} s"
    assert_up(staff)
    # The worker is still there: a file uploaded afterwards has its text extracted.
    pdf = make_pdf(site.data_dir / "ordinary.pdf", ["Escorts carry radios"]).read_bytes()
    assert live_site.upload(staff, ordinary, "ordinary.pdf", pdf).status_code == 302
    assert extraction_states(staff, [ordinary], within=60) == {ordinary: "done"}
