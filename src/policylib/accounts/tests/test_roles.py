"""Roles are groups with permissions; office roles of the Development Tools keep them in step."""

import pytest
from django.contrib.auth.models import Group

from policylib.accounts import roles
from policylib.accounts.access import is_library_staff
from policylib.audit.models import AuditEntry
from policylib.reviews.models import OfficeMembership, Role

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_after_migrating():
    names = set(Group.objects.values_list("name", flat=True))

    assert set(roles.ROLE_NAMES) <= names
    assert {"Reader", "Author", "Policy owner (OPI)", "Reviewer", "DPC", "Signatory"} <= names
    assert {"Library staff", "Administrator"} <= names


def test_the_groups_carry_what_each_role_may_do():
    def perms(name):
        group = Group.objects.get(name=name)
        return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}

    assert "library.change_document" in perms(roles.LIBRARY_STAFF)
    assert "agreements.change_agreement" in perms(roles.LIBRARY_STAFF)
    assert "audit.view_auditentry" not in perms(roles.LIBRARY_STAFF)
    assert "audit.view_auditentry" in perms(roles.ADMINISTRATOR)
    assert "auth.change_user" in perms(roles.ADMINISTRATOR)
    assert "reviews.add_commentperiod" in perms(roles.POLICY_OWNER)
    assert "reviews.add_commentperiod" not in perms(roles.AUTHOR)
    assert "library.change_document" not in perms(roles.AUTHOR)
    assert perms(roles.READER) <= {
        "subscriptions.view_subscription",
        "subscriptions.add_subscription",
    }


def test_joining_library_staff_makes_someone_staff_and_leaving_undoes_it(reader):
    staff = Group.objects.get(name=roles.LIBRARY_STAFF)

    reader.groups.add(staff)
    reader.refresh_from_db()
    assert reader.is_staff
    assert is_library_staff(reader)

    reader.groups.remove(staff)
    reader = type(reader).objects.get(pk=reader.pk)  # permissions are cached per instance
    assert not reader.is_staff
    assert not is_library_staff(reader)
    changes = AuditEntry.objects.filter(target_id=str(reader.pk), action__startswith="auth.groups")
    assert [entry.action for entry in changes.order_by("id")] == [
        "auth.groups_added",
        "auth.groups_removed",
    ]


def test_an_office_role_puts_the_person_in_its_group_while_they_hold_it(reader, office):
    from policylib.library.models import Office

    other = Office.objects.create(name="Field Operations", abbreviation="FO")
    first = OfficeMembership.objects.create(user=reader, office=office, role=Role.DPC)
    OfficeMembership.objects.create(user=reader, office=other, role=Role.DPC)
    assert reader.groups.filter(name=roles.DPC).exists()

    first.delete()
    assert reader.groups.filter(name=roles.DPC).exists(), "still a DPC of Field Operations"

    OfficeMembership.objects.filter(user=reader).delete()
    assert not reader.groups.filter(name=roles.DPC).exists()


def test_syncing_again_adds_what_is_missing_and_keeps_what_was_granted_by_hand():
    from django.contrib.auth.models import Permission

    author = Group.objects.get(name=roles.AUTHOR)
    extra = Permission.objects.get(codename="view_document")
    author.permissions.add(extra)
    author.permissions.remove(Permission.objects.get(codename="add_draft"))

    roles.sync_roles(Group, Permission)

    assert author.permissions.filter(codename="add_draft").exists()
    assert author.permissions.filter(pk=extra.pk).exists()


def test_a_group_made_in_the_administration_pages_is_in_the_audit_trail(django_user_model):
    from policylib.conftest import client_for

    admin = django_user_model.objects.create_user(username="ada", password="x" * 16)
    admin.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))

    response = client_for(admin).post("/admin/auth/group/add/", {"name": "Records committee"})

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="auth.group_added")
    assert entry.actor == admin
    assert entry.target_repr == "Records committee"
