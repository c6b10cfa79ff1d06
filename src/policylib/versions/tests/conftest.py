import io

import pytest

from policylib import extraction
from policylib.library import services


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block as if it committed: what waits for the commit runs at the end of it."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block


@pytest.fixture
def attach_text():
    """Attach a text file as the primary file and extract its text, as the worker would."""

    def attach(document, text: str, name: str = "directive.txt", by=None):
        stored = services.attach_file(
            document=document, by=by, stream=io.BytesIO(text.encode()), original_name=name
        )
        extraction.extract_now(stored.pk)
        return stored

    return attach
