"""Fixtures of the browser tests: a real server, Debian's chromium driven by Playwright.

No browser is ever downloaded: the tests launch the chromium the system has (POLICYLIB_CHROMIUM,
else `chromium` on the PATH). Without it, or without Playwright or axe-core, the tests skip with
the reason; in CI (CI set) they fail instead, since CI must run them.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from policylib.browser_tests import chromium
from policylib.browser_tests import site as live_site

TIMEOUT_MS = 15_000
REPOSITORY = Path(__file__).resolve().parents[3]


def artifacts_dir() -> Path:
    return Path(os.environ.get("POLICYLIB_TEST_ARTIFACTS") or REPOSITORY / "test-artifacts")


def unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} CI must run the browser tests.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium.executable()
    if not path:
        unavailable(chromium.MISSING)
    return path


@pytest.fixture(scope="session")
def axe_source() -> str:
    path = Path(settings.FRONTEND_DIR) / "axe-core" / "axe.min.js"
    if not path.exists():
        unavailable(f"axe-core is not installed at {path} (run `npm ci`).")
    return path.read_text()


@pytest.fixture(scope="session")
def browser(chromium_executable):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -e '.[test]').")
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    playwright = sync_playwright().start()
    try:
        launched = chromium.launch(playwright, chromium_executable)
        yield launched
        launched.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def site(browser, tmp_path_factory):
    """One prepared library and its server for every browser test of this process."""
    try:
        running = live_site.launch(tmp_path_factory.mktemp("site"))
    except live_site.SiteError as error:
        pytest.fail(str(error), pytrace=False)
    yield running
    running.stop()


@pytest.fixture
def page(browser, site):
    """A fresh browser tab (its own cookies) on the site; script errors fail the test."""
    context = browser.new_context(
        base_url=site.url, accept_downloads=True, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    script_errors: list[str] = []
    tab.on("pageerror", lambda error: script_errors.append(f"{tab.url}: {error}"))
    tab.on("console", lambda message: _csp_violation(tab, message, script_errors))
    yield tab
    context.close()
    assert not script_errors, "JavaScript errors on the pages:\n" + "\n".join(script_errors)


def _csp_violation(tab, message, errors: list[str]) -> None:
    """What the Content-Security-Policy blocks is a feature that does not work. Only the site's
    own pages and files count: scripts the tests evaluate (axe-core) have no address."""
    if (
        message.type == "error"
        and "Content Security Policy" in message.text
        and message.location.get("url")
    ):
        errors.append(f"{tab.url}: {message.text}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, keep what the browser showed: a screenshot and the HTML."""
    report = yield
    tab = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.failed and report.when == "call" and tab is not None and not tab.is_closed():
        folder = artifacts_dir() / re.sub(r"[^\w.-]+", "_", item.nodeid)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            tab.screenshot(path=str(folder / "screenshot.png"), full_page=True)
            (folder / "page.html").write_text(tab.content())
            (folder / "url.txt").write_text(tab.url + "\n")
        except Exception as error:  # the page may be what broke; say so, keep the report
            (folder / "error.txt").write_text(f"Could not capture the page: {error}\n")
        site = item.funcargs.get("site")
        if site is not None:
            shutil.copyfile(site.log, folder / "server.log")
        report.sections.append(("browser artefacts", f"Saved in {folder}"))
        print(f"\nBrowser artefacts of {item.nodeid}: {folder}")
    return report
