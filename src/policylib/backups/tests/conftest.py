import pytest

from policylib.backups.tests.children import ChildLibrary, ScratchDatabases


@pytest.fixture
def child_library(tmp_path):
    """Make libraries of their own (data folder and database), driven as a person would."""
    databases = ScratchDatabases()

    def make(name: str) -> ChildLibrary:
        return ChildLibrary(tmp_path / name, databases.new())

    yield make
    databases.drop_all()
