"""Uploads when things fail: the server killed mid-upload, and a full disk.

Each test drives a real `policylib serve` (gunicorn) over a data folder and database of its
own (SQLite, or PostgreSQL when POLICYLIB_TEST_DATABASE_URL is set), signed in as library
staff, through the document page's upload form.
"""

import hashlib
import http.client
import os
import shutil
import subprocess
import threading
import time
import uuid

import pytest
import requests

from policylib.testing.processes import Node, page_text, upload_form

pytestmark = pytest.mark.faults

MB = 1024 * 1024


def text_file(size: int) -> bytes:
    """A plain-text file of `size` bytes, unlike any other."""
    line = f"Travel rule {uuid.uuid4()}: receipts are kept for six years.\n".encode()
    return (line * (size // len(line) + 1))[:size]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def upload(node: Node, session, document: int, *named: tuple[str, bytes]) -> requests.Response:
    return session.post(
        f"{node.url}/documents/{document}/upload/",
        data=upload_form(session),
        files=[("files", (name, data, "text/plain")) for name, data in named],
        allow_redirects=False,
        timeout=120,
    )


def assert_files_true(node: Node) -> list[dict]:
    """Every file row points at a whole blob whose bytes hash to the row's SHA-256."""
    rows = node.stored_files()
    for row in rows:
        assert row["stored_sha256"] == row["sha256"], row
    return rows


def blob(node: Node, digest: str):
    return node.files / "blobs" / digest[:2] / digest


def start_streaming_upload(
    node: Node, session, document: int, size: int
) -> http.client.HTTPConnection:
    """Send the headers and the first half of a `size`-byte upload, and leave it hanging."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f"{session.cookies['csrftoken']}\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="role"\r\n\r\nattachment\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="half.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    host, port = node.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    connection.putrequest("POST", f"/documents/{document}/upload/")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(len(head) + size + len(tail)))
    connection.putheader("Cookie", "; ".join(f"{c.name}={c.value}" for c in session.cookies))
    connection.endheaders()
    connection.send(head)
    chunk = text_file(MB)
    for _ in range(size // MB // 2):
        connection.send(chunk)
    return connection


def wait_until(condition, timeout: float = 60, every: float = 0.001) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("The condition was not met in time.")
        time.sleep(every)


def test_a_server_killed_during_uploads_leaves_no_orphan_or_half_written_file(make_node):
    node = make_node()
    [document] = node.setup(["Travel Policy"])
    node.start_server()
    session = node.login()
    kept = text_file(200_000)
    assert upload(node, session, document, ("itinerary.txt", kept)).status_code == 302
    before = assert_files_true(node)

    # 1. Killed while the request body is still arriving (spooled to the incoming folder).
    connection = start_streaming_upload(node, session, document, 16 * MB)
    wait_until(lambda: any(p.stat().st_size > MB for p in node.incoming.iterdir()))
    node.kill_server()
    connection.close()
    assert node.incoming_files(), "the half-received upload was on disk when the server died"

    node.start_server()
    assert node.incoming_files() == []  # swept when the server started
    assert assert_files_true(node) == before

    # 2. Killed after the first file of an upload is stored, while the second is copied in,
    # before the transaction that records them commits.
    session = node.login()
    small, large = text_file(300_000), text_file(40 * MB)

    def send() -> None:
        with pytest.raises(requests.ConnectionError):
            upload(node, session, document, ("receipts.txt", small), ("ledger.txt", large))

    sending = threading.Thread(target=send)
    sending.start()
    wait_until(lambda: blob(node, sha256(small)).exists())
    node.kill_server()
    sending.join(timeout=60)
    assert not blob(node, sha256(large)).exists()
    orphan = blob(node, sha256(small))
    assert orphan.read_bytes() == small  # whole, as blobs are renamed into place when complete
    inode = orphan.stat().st_ino

    node.start_server()
    assert node.incoming_files() == []
    assert assert_files_true(node) == before  # no row for either file: nothing was committed

    # The blob written without a row is the one the next upload of the same file uses.
    session = node.login()
    assert upload(node, session, document, ("receipts.txt", small)).status_code == 302
    after = assert_files_true(node)
    assert [row["name"] for row in after] == ["itinerary.txt", "receipts.txt"]
    assert after[-1]["blob"].endswith(sha256(small))
    assert orphan.stat().st_ino == inode
    assert node.incoming_files() == []


# A full disk ---------------------------------------------------------------------------------


def mount_tmpfs(path, size: str) -> None:
    """Mount a tmpfs of `size` at `path`: skipped when impossible here, a failure in CI."""
    reason = ""
    if os.geteuid() != 0:
        reason = "mounting a small tmpfs needs root"
    elif not shutil.which("mount"):
        reason = "the mount command is missing"
    else:
        done = subprocess.run(  # noqa: S603
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        reason = done.stderr.strip() if done.returncode else ""
    if reason:
        message = f"The full-disk test cannot mount a tmpfs at {path}: {reason}."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def remount(path, size: str) -> None:
    subprocess.run(  # noqa: S603
        ["mount", "-o", f"remount,size={size}", str(path)],  # noqa: S607
        check=True,
    )


@pytest.fixture
def full_disk_node(make_node):
    """A node whose file store is a 2 MB tmpfs, unmounted afterwards."""
    node = make_node("small-disk")
    node.files.mkdir(parents=True, exist_ok=True)
    mount_tmpfs(node.files, "2m")
    yield node
    node.close()
    subprocess.run(["umount", "-l", str(node.files)], check=False)  # noqa: S603, S607


def test_a_full_disk_refuses_the_upload_clearly_and_loses_nothing(full_disk_node):
    node = full_disk_node
    [document] = node.setup(["Travel Policy"])
    node.start_server()
    session = node.login()
    kept = text_file(400_000)
    assert upload(node, session, document, ("itinerary.txt", kept)).status_code == 302
    before = assert_files_true(node)
    blobs_before = sorted(p.name for p in (node.files / "blobs").rglob("*") if p.is_file())

    # Larger than the free space while the request is read: the 507 page, not a traceback.
    too_big = text_file(3 * MB)
    answer = upload(node, session, document, ("ledger.txt", too_big))
    assert answer.status_code == 507
    assert "The library's storage is full" in page_text(answer.text)
    assert "nothing of your request was saved" in page_text(answer.text)
    assert "Traceback" not in answer.text

    # Small enough to be read into memory, too large for the store: the form says why.
    in_memory = text_file(1_900_000)
    answer = upload(node, session, document, ("receipts.txt", in_memory))
    assert answer.status_code == 400
    assert "Nothing was uploaded: the library's file store is full." in page_text(answer.text)
    assert "The files already in the library are safe" in page_text(answer.text)

    # No partial file anywhere, no new blob, every stored file whole, the document unchanged.
    assert node.incoming_files() == []
    assert sorted(p.name for p in (node.files / "blobs").rglob("*") if p.is_file()) == blobs_before
    assert assert_files_true(node) == before
    assert node.shell(
        "from policylib.library.models import Document\n"
        "print(json.dumps(Document.objects.get(pk=DOCUMENT).files.count()))",
        DOCUMENT=document,
    ) == len(before)

    # Once space is freed, the same uploads go through.
    remount(node.files, "16m")
    assert upload(node, session, document, ("ledger.txt", too_big)).status_code == 302
    assert upload(node, session, document, ("receipts.txt", in_memory)).status_code == 302
    after = assert_files_true(node)
    assert [row["name"] for row in after] == ["itinerary.txt", "ledger.txt", "receipts.txt"]
    assert node.incoming_files() == []
