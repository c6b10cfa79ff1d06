"""The administrator `admin` and the file that keeps its first password."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from policylib.accounts import administrator
from policylib.reviews.demo import DEMO_PASSWORD


@pytest.fixture
def data_dir(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("POLICYLIB_ADMIN_PASSWORD", raising=False)
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_a_generated_password_is_kept_for_its_owner_only_until_it_is_changed(
    data_dir, django_user_model
):
    out = io.StringIO()
    call_command("ensureadmin", stdout=out)
    kept = data_dir / "admin-password"
    assert kept.stat().st_mode & 0o777 == 0o600
    password = kept.read_text().strip()
    assert f"the password: {password}" in out.getvalue()
    admin = django_user_model.objects.get(username="admin")
    assert admin.check_password(password)
    assert administrator.where_is_the_password() == f"password in {kept} (readable by you only)"

    admin.set_password("a new password of my own")
    admin.save()
    assert "policylib changepassword admin" in administrator.where_is_the_password()
    assert not kept.exists()


@pytest.mark.django_db
def test_the_demo_password_is_refused_for_the_administrator(
    data_dir, monkeypatch, django_user_model
):
    monkeypatch.setenv("POLICYLIB_ADMIN_PASSWORD", DEMO_PASSWORD)
    with pytest.raises(CommandError, match="the demo accounts' published password"):
        call_command("ensureadmin", stdout=io.StringIO())
    assert not django_user_model.objects.filter(username="admin").exists()
    assert not (data_dir / "admin-password").exists()
