"""The audit trail: every write service records what it did here."""

import ipaddress
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from policylib.audit.models import AuditEntry

Snapshot = dict[str, Any]


def snapshot(instance: models.Model, fields: Iterable[str]) -> Snapshot:
    """The values of `fields` as plain, comparable data (related objects by their text)."""
    values: Snapshot = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            if instance.pk is None:
                values[name] = []
            else:
                values[name] = sorted(str(obj) for obj in getattr(instance, name).all())
        elif field.is_relation:
            related = getattr(instance, name)
            values[name] = str(related) if related is not None else None
        else:
            value = getattr(instance, name)
            values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def diff(before: Snapshot, after: Snapshot) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}."""
    return {
        name: [before.get(name), after.get(name)]
        for name in after
        if before.get(name) != after.get(name)
    }


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
    remote_addr: str | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_name=user.get_username() if user else "",
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:500] if target is not None else "",
        changes=changes or {},
        note=note,
        remote_addr=remote_addr,
    )


def client_address(request) -> str | None:
    """The address a request came from, as the web server saw it (None without a request)."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


def entries_for(target: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
