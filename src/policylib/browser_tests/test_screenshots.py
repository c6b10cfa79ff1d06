"""`make screenshots` takes the pictures of README.md and docs/: one, taken into a new folder,
is a PNG of the page's fixed size."""

import re

import pytest
from PIL import Image

from policylib.browser_tests import screenshots


@pytest.mark.browser
@pytest.mark.parametrize("name", ["search-phone"])
def test_a_picture_is_a_png_of_its_size(browser, site, tmp_path, name):
    shot = screenshots.BY_NAME[name]
    folder = tmp_path / "images"

    path = screenshots.take(browser, site.url, shot, folder)

    assert path == folder / f"{name}.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshots.png_size(path) == shot.size == (390, 844)
    with Image.open(path) as image:
        image.verify()  # the whole file decodes, not only its header
    assert list(tmp_path.iterdir()) == [folder]  # nothing left beside the picture


def test_every_picture_in_the_docs_is_one_the_command_takes():
    """README.md and docs/ show only pictures that `make screenshots` retakes."""
    shown = set()
    for page in [
        screenshots.REPOSITORY / "README.md",
        *(screenshots.REPOSITORY / "docs").glob("*.md"),
    ]:
        shown.update(re.findall(r"images/([\w-]+)\.png", page.read_text()))
    assert shown, "No picture is shown in README.md or docs/."
    assert shown <= set(screenshots.BY_NAME)


def test_an_unknown_picture_is_refused_with_the_names_there_are(capsys):
    with pytest.raises(SystemExit) as exit:
        screenshots.main(["home", "front-page"])
    assert exit.value.code == 2
    error = capsys.readouterr().err
    assert "no picture named front-page" in error
    assert "home, document, search" in error
