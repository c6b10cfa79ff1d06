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


@pytest.mark.django_db
def test_a_demo_that_marks_an_agreement_and_its_document_differently_is_refused(monkeypatch):
    import dataclasses

    from django.core.management.base import CommandError

    from policylib.agreements import demo as agreements_demo
    from policylib.library.models import Document, Marking

    # The agreements as someone might edit them: the JPATS agreement made Restricted, while
    # its document (the signed PDF in the MOA/MOU Library) stays Public.
    edited = tuple(
        dataclasses.replace(spec, marking=Marking.RESTRICTED, restricted_to=("LES",))
        if spec.identifier == "MOA 05-03"
        else spec
        for spec in agreements_demo.AGREEMENTS
    )
    monkeypatch.setattr(agreements_demo, "AGREEMENTS", edited)

    with pytest.raises(CommandError) as refused:
        call_command("demo", stdout=io.StringIO())

    assert str(refused.value) == (
        "The demo was not loaded: MOA 05-03 is restricted (LES) as an agreement but public as "
        "a document."
    )
    assert not Document.objects.exists()
