"""Pictures of the site for README.md and docs/: `make screenshots`.

    python -m policylib.browser_tests.screenshots [--out docs/images] [NAME ...]

Prepares a fresh data folder as the browser tests do (the demo library and `data`'s people and
documents), serves it with `policylib serve`, opens each page in Debian's chromium and saves
`<name>.png` in the output folder. The data folder and the server are gone when it ends, even
when a picture fails. Each picture gets a fresh tab of a fixed size at scale 1, is taken once the
network is quiet and the fonts are loaded, with nothing focused or hovered, no text caret and no
animation, so that taking them again shows only what changed on the site.
"""

import argparse
import struct
import sys
import tempfile
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from policylib.browser_tests import chromium, data
from policylib.browser_tests import site as live_site
from policylib.browser_tests.browsing import expect, sign_in

REPOSITORY = Path(__file__).resolve().parents[3]
OUTPUT = REPOSITORY / "docs" / "images"
TIMEOUT_MS = 30_000
QUESTION = "what do I need to do before I transfer a detainee"
# The document shown: Current, with what it supersedes and related content.
DOCUMENT_TITLE = "Detainee Transfers"
DESKTOP = (1280, 900)
PHONE = (390, 844)


class ScreenshotError(RuntimeError):
    """A page could not be shown as it should be; the message says which and why."""


@dataclass(frozen=True)
class Shot:
    name: str
    description: str
    open: Callable  # (page) -> None: brings the tab to what the picture shows
    person: data.Person | None = None  # signed in first, when the page is someone's work
    size: tuple[int, int] = DESKTOP


def _home(page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Recently issued")).to_be_visible()


def _document(page) -> None:
    # Found through the API by title, so the picture does not depend on the document's id.
    answer = page.request.get(
        "/api/v1/documents/", params={"title": DOCUMENT_TITLE, "status": "current"}
    )
    results = answer.json()["results"] if answer.ok else []
    if not results:
        raise ScreenshotError(f"No Current document titled {DOCUMENT_TITLE!r} in the library.")
    page.goto(results[0]["url"])
    expect(page.get_by_role("heading", level=1)).to_have_text(DOCUMENT_TITLE)


def _search(page) -> None:
    page.goto("/search/?" + urllib.parse.urlencode({"q": QUESTION}))
    expect(page.locator("main")).to_contain_text(DOCUMENT_TITLE)


def _review_status(page) -> None:
    """The comment period of a draft half-way through its round (see `data.IN_REVIEW`)."""
    page.goto("/development/drafts/")
    page.get_by_role("link", name=f"{data.IN_REVIEW.identifier}: {data.IN_REVIEW.title}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(data.IN_REVIEW.title)
    page.get_by_role("link", name="Status", exact=True).click()
    expect(page.get_by_role("link", name="Comment resolution matrix")).to_be_visible()


def _review_matrix(page) -> None:
    _review_status(page)
    page.get_by_role("link", name="Comment resolution matrix").click()
    expect(page.locator("main")).to_contain_text(data.IN_REVIEW_ANSWER)


SHOTS = (
    Shot("home", "The home page: the four sections, quick links, recently issued", _home),
    Shot("document", "A document page: its file, status, what it supersedes", _document),
    Shot("search", f"Search results for “{QUESTION}”", _search),
    Shot("search-phone", "The same search on a phone (390 px wide)", _search, size=PHONE),
    Shot(
        "review-status",
        "A review round's status: each office's answer, as the OPI's author sees it",
        _review_status,
        person=data.AUTHOR,
    ),
    Shot(
        "review-matrix",
        "A review round's comment resolution matrix, as the OPI's author sees it",
        _review_matrix,
        person=data.AUTHOR,
    ),
)
BY_NAME = {shot.name: shot for shot in SHOTS}

# Run in the page once it has loaded: wait for the fonts, then leave nothing focused.
_SETTLE = """async () => {
  await document.fonts.ready;
  await Promise.all(Array.from(document.images, (image) =>
    image.complete ? null : new Promise((done) => { image.onload = image.onerror = done; })));
  if (document.activeElement && document.activeElement !== document.body) {
    document.activeElement.blur();
  }
}"""


def take(browser, base_url: str, shot: Shot, folder: Path) -> Path:
    """Open the shot's page in a fresh tab of `browser` on the site at `base_url` and save it
    as `<folder>/<name>.png`, the size of the shot's viewport; its path."""
    width, height = shot.size
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": width, "height": height},
        device_scale_factor=1,
        locale="en-US",
        timezone_id="UTC",
        color_scheme="light",
        reduced_motion="reduce",
    )
    context.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        if shot.person:
            sign_in(page, shot.person)
        shot.open(page)
        page.wait_for_load_state("networkidle")
        page.evaluate(_SETTLE)
        page.mouse.move(0, 0)
        if errors:
            raise ScreenshotError(f"JavaScript errors on {shot.name}:\n" + "\n".join(errors))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{shot.name}.png"
        page.screenshot(path=str(path), animations="disabled", caret="hide", scale="css")
    finally:
        context.close()
    _optimise(path)
    return path


def _optimise(path: Path) -> None:
    """Squeeze the PNG with Pillow when it is installed (it comes with reportlab); lossless."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        image.load()
    image.save(path, format="PNG", optimize=True)


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG file, read from its header; ValueError if it is not one."""
    head = path.read_bytes()[:24]
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError(f"{path} is not a PNG file.")
    return struct.unpack(">II", head[16:24])


def take_all(shots, folder: Path) -> list[Path]:
    """Prepare a fresh library, serve it, take each shot into `folder`, stop everything."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    executable = chromium.executable()
    if not executable:
        raise ScreenshotError(chromium.MISSING)
    expect.set_options(timeout=TIMEOUT_MS)
    taken = []
    with tempfile.TemporaryDirectory(prefix="policylib-screenshots-") as data_dir:
        print("Preparing a fresh demo library…", flush=True)
        live_site.prepare(Path(data_dir))
        running = live_site.start(Path(data_dir))
        try:
            with sync_playwright() as playwright:
                browser = chromium.launch(playwright, executable)
                try:
                    for shot in shots:
                        try:
                            path = take(browser, running.url, shot, folder)
                        except (AssertionError, PlaywrightError) as error:
                            raise ScreenshotError(f"Could not take {shot.name}: {error}") from error
                        width, height = png_size(path)
                        size = path.stat().st_size // 1024
                        print(f"{path} ({width}x{height}, {size} KB): {shot.description}")
                        taken.append(path)
                finally:
                    browser.close()
        finally:
            running.stop()
    return taken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m policylib.browser_tests.screenshots",
        description="Take the pictures of the site shown in README.md and docs/.",
    )
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"only these: {', '.join(BY_NAME)}"
    )
    parser.add_argument("--out", type=Path, default=OUTPUT, help=f"folder (default {OUTPUT})")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BY_NAME]
    if unknown:
        parser.error(f"no picture named {', '.join(unknown)}; there are {', '.join(BY_NAME)}")
    try:
        take_all([BY_NAME[name] for name in args.names] or SHOTS, args.out)
    except ImportError:
        print("Playwright is not installed (pip install -e '.[test]').", file=sys.stderr)
        return 1
    except (ScreenshotError, live_site.SiteError) as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
