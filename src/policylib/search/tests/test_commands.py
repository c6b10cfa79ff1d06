import pytest
from django.core.management import CommandError, call_command

from policylib.library import services

pytestmark = pytest.mark.django_db


def test_apply_check_and_reindex(make_document, capsys):
    document = make_document("Escort policy")
    call_command("search", "apply")
    call_command("search", "check")
    assert "matches the database" in capsys.readouterr().out
    services.update_document(document=document, by=None, title="Convoy policy")
    with pytest.raises(CommandError):
        call_command("search", "check")
    assert f"Stale in the index (1): {document.pk}" in capsys.readouterr().out
    call_command("reindex")
    assert "Indexed 1 documents" in capsys.readouterr().out
    call_command("search", "check")
