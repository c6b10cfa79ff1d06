"""The API's Swagger page under the site's Content-Security-Policy: nothing inline is blocked."""

import os
import re
import shutil

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db
INLINE = re.compile(r"<(style|script)(?![^>]*\bsrc=)([^>]*)>", re.I)


def test_the_docs_page_has_no_inline_block_the_policy_would_refuse(anonymous):
    response = anonymous.get("/api/docs/")

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)
    html = response.content.decode()
    for _tag, attributes in INLINE.findall(html):
        # An inline block is allowed only with the nonce of this response's policy.
        assert nonce, attributes
        assert f'nonce="{nonce.group(1)}"' in attributes, attributes
    assert " style=" not in html
    assert "/static/api/swagger_ui.css" in html
    assert finders.find("api/swagger_ui.css")


def chromium() -> str:
    path = os.environ.get("POLICYLIB_CHROMIUM") or shutil.which("chromium")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is needed (apt-get install chromium).")
        pytest.skip("Debian's chromium is not installed.")
    return path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_swagger_ui_draws_the_api_in_a_browser_without_a_policy_violation(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium(), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            console = []
            page.on("console", lambda message: console.append(message.text))
            page.goto(f"{live_server.url}/api/docs/")
            page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
            title = page.inner_text(".swagger-ui .info .title")
            operations = page.locator(".opblock").count()
        finally:
            browser.close()

    assert title.startswith("policylib API")
    assert operations > 10
    violations = [text for text in console if "Content Security Policy" in text]
    assert violations == []
