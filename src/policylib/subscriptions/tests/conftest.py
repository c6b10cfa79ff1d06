import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block as if it committed: what waits for the commit (email) runs at its end."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block
