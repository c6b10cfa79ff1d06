"""A real running site for upload tests: `policylib serve` (gunicorn and the task worker) over a
fresh data folder, with a member of library staff and empty documents to upload files to.

Built on the browser tests' server helpers (`policylib.browser_tests.site`), with settings of
its own (the extraction limits) in the environment. `python -m policylib.library.tests.live_site
N` prepares the data folder named by POLICYLIB_DATA_DIR: schema, static files, staff and N
documents.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx

from policylib.browser_tests import site as browser_site

STAFF = "uploader"
PASSWORD = "a long test password, only for this site"


def _prepare(documents: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policylib.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.core.management import call_command

    from policylib.library import services
    from policylib.library.models import DocumentType, Library, Office, Placement, Status

    call_command("migrate", interactive=False, verbosity=0)
    staff = get_user_model().objects.create_user(STAFF, f"{STAFF}@example.gov", PASSWORD)
    staff.is_staff = True
    staff.save()
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="library"))
    library = Library.objects.create(
        name="Directives", slug="directives", placement=Placement.DOCUMENTS
    )
    directive = DocumentType.objects.create(name="Directive", slug="directive")
    office = Office.objects.create(name="Records Office", abbreviation="RO")
    services.create_documents(
        by=None,
        documents=[
            {
                "library": library,
                "identifier": f"UP {number:04d}",
                "title": f"Upload target {number}",
                "document_type": directive,
                "opi": office,
                "status": Status.CURRENT,
                "issued_on": "2024-01-02",
            }
            for number in range(1, documents + 1)
        ],
    )


def start(data_dir: Path, *, documents: int, env: dict[str, str]) -> browser_site.Site:
    """Prepare `data_dir` and serve it with `env` added; the returned Site must be stopped."""
    database = None
    server_url = os.environ.get("POLICYLIB_TEST_DATABASE_URL")
    if server_url:
        database = browser_site._Database(server_url, f"policylib_uploads_{os.getpid()}")
        database.create()
    environment = {**browser_site._environment(data_dir, database), **env}
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / "server.log"
    try:
        # The schema and data, and the static files, at the same time: each takes ~10 s.
        steps = [
            subprocess.Popen(  # noqa: S603 - this Python, fixed arguments
                command,
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for command in (
                [sys.executable, "-m", "policylib.library.tests.live_site", str(documents)],
                [sys.executable, "-m", "policylib", "collectstatic", "--noinput", "-v0"],
            )
        ]
        for step in steps:
            _, errors = step.communicate(timeout=300)
            if step.returncode:
                raise browser_site.SiteError(errors.decode(errors="replace")[-3000:])
        port = browser_site._free_port()
        with log.open("ab") as out:
            process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "policylib", "serve", "--port", str(port)],
                env=environment,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
    except BaseException:
        if database:
            database.drop()
        raise
    site = browser_site.Site(f"http://127.0.0.1:{port}", data_dir, log, process, database)
    try:
        browser_site._wait_until_ready(site.url + "/", process, log, 180)
    except BaseException:
        site.stop()
        raise
    return site


def extra_worker(site: browser_site.Site, env: dict[str, str]) -> subprocess.Popen:
    """A second task worker beside the one `serve` runs, as a larger site would have."""
    environment = {**browser_site._environment(site.data_dir, site.database), **env}
    with (site.data_dir / "worker.log").open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "policylib", "db_worker", "--no-startup-delay"],
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def signed_in_staff(site: browser_site.Site) -> httpx.Client:
    """An HTTP client signed in as library staff through the log-in form (with its CSRF token)."""
    client = httpx.Client(base_url=site.url, timeout=120)
    client.get("/accounts/login/").raise_for_status()
    answer = client.post(
        "/accounts/login/",
        data={
            "username": STAFF,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
    )
    assert answer.status_code == 302, answer.text[-2000:]
    return client


def upload(client: httpx.Client, pk: int, name: str, data: bytes) -> httpx.Response:
    return client.post(
        f"/documents/{pk}/upload/",
        data={"role": "primary", "csrfmiddlewaretoken": client.cookies["csrftoken"]},
        files={"files": (name, data, "application/octet-stream")},
    )


def refusal(page: str) -> str:
    """The reason an upload page gives for refusing a file."""
    found = re.search(r'<ul class="usa-list upload-errors">\s*<li>(.*?)</li>', page, re.S)
    return " ".join(found.group(1).split()) if found else ""


def extraction_state(page: str) -> str:
    """What the document page tells staff about the text extraction of its files."""
    found = re.search(r"<dt>Text extraction</dt><dd>(.*?)</dd>", page, re.S)
    return " ".join(found.group(1).split()) if found else ""


def file_link(page: str) -> str:
    found = re.search(r'href="(/documents/\d+/files/\d+/[^"]*)"', page)
    return found.group(1) if found else ""


if __name__ == "__main__":
    _prepare(int(sys.argv[1]))
