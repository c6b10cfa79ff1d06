"""The audit trail: every write service records what it did here."""

import ipaddress
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from python_ipware import IpWare

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
    """The address of the person behind a request (None without a request or a valid address).

    The one answer to "who sent this", for the audit trail and for django-axes
    (AXES_CLIENT_IP_CALLABLE). By default it is the connection's own address (REMOTE_ADDR) and
    X-Forwarded-For is ignored, so no client can write its own address. Behind reverse proxies,
    POLICYLIB_TRUSTED_PROXY_COUNT says how many there are (each appends the address it saw to
    X-Forwarded-For) and POLICYLIB_TRUSTED_PROXIES which addresses may connect as one; only a
    request that arrives from a trusted proxy is read through the header, right to left,
    skipping exactly as many hops as there are proxies (python-ipware does the parsing).
    """
    if request is None:
        return None
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    if remote is None or not from_trusted_proxy(request):
        return remote
    proxies = trusted_proxy_count()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not forwarded.strip():
        return remote
    # The chain as the last proxy passed it on: what it was told, then its own peer.
    chain = {"HTTP_X_FORWARDED_FOR": f"{forwarded}, {remote}"}
    finder = IpWare(precedence=("HTTP_X_FORWARDED_FOR",), leftmost=True, proxy_count=proxies)
    client, _ = finder.get_client_ip(chain, strict=False)
    return _valid(str(client)) if client is not None else remote


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def trusted_proxy_count() -> int:
    """How many reverse proxies stand in front of the server (0: none is believed)."""
    trusted = settings.POLICYLIB_TRUSTED_PROXIES
    return settings.POLICYLIB_TRUSTED_PROXY_COUNT or (1 if trusted else 0)


def from_trusted_proxy(request) -> bool:
    """Did the connection come from a reverse proxy the configuration names?

    The one rule for believing what a proxy says (X-Forwarded-For here, X-Forwarded-Proto in
    pages.middleware): a peer in POLICYLIB_TRUSTED_PROXIES, or, with no list, any peer when
    POLICYLIB_TRUSTED_PROXY_COUNT says every request comes through a proxy. With neither, none.
    """
    if not trusted_proxy_count():
        return False
    trusted = settings.POLICYLIB_TRUSTED_PROXIES
    if not trusted:
        return True
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return False
    ip = ipaddress.ip_address(remote)
    return any(ip in ipaddress.ip_network(entry, strict=False) for entry in trusted)


def entries_for(target: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
