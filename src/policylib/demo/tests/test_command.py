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


# -- Only into a library of its own -------------------------------------------------------


@pytest.mark.django_db
def test_a_library_marked_for_real_documents_refuses_the_demo(settings):
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    settings.POLICYLIB_DEMO = False
    with pytest.raises(CommandError) as refused:
        call_command("demo", stdout=io.StringIO())
    assert str(refused.value).startswith(
        "The demo was not loaded: POLICYLIB_DEMO=0 marks this library for real documents. "
        "The demo's accounts have a published password"
    )
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)  # as `make run` calls it: says why, succeeds
    assert "POLICYLIB_DEMO=0" in out.getvalue()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_a_library_with_accounts_of_its_own_refuses_the_demo(django_user_model):
    from django.core.management.base import CommandError

    django_user_model.objects.create_user("winifred", password="a long password 42")
    with pytest.raises(CommandError, match=r"accounts that are not the demo's \(winifred\)"):
        call_command("demo", stdout=io.StringIO())
    assert list(django_user_model.objects.values_list("username", flat=True)) == ["winifred"]


@pytest.mark.django_db
def test_a_library_whose_administrator_came_first_stays_without_the_demo(django_user_model):
    from django.core.management.base import CommandError

    django_user_model.objects.create_superuser("admin", password="a long password 42")
    with pytest.raises(CommandError, match=r"set up without the demo \(`admin` exists"):
        call_command("demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "set up without the demo" in out.getvalue()
    assert list(django_user_model.objects.values_list("username", flat=True)) == ["admin"]
