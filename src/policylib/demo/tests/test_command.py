import io

import pytest
from django.core.management import call_command

from policylib.demo.loader import DemoReport
from policylib.demo.management.commands import demo as command


@pytest.mark.django_db
def test_if_empty_loads_an_empty_library(monkeypatch):
    calls = []

    def fake_load(*, stdout=None) -> DemoReport:
        calls.append(stdout)
        return DemoReport()

    monkeypatch.setattr(command, "load_demo", fake_load)
    call_command("demo", "--if-empty", stdout=io.StringIO())
    assert len(calls) == 1
