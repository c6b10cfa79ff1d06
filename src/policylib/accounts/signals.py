"""Sign-in events, role changes and lockouts into the audit trail; role groups kept in step."""

from axes.signals import user_locked_out
from django.apps import apps as global_apps
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from policylib.accounts import roles
from policylib.audit import services as audit

User = get_user_model()


def sync_roles_after_migrate(sender, apps=global_apps, using="default", **kwargs) -> None:
    """Keep the role groups complete when apps (and their permissions) are added later."""
    # Permissions of the apps after this one in INSTALLED_APPS are not created yet.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    roles.sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


# -- Sign-in ---------------------------------------------------------------------------------


def _how(request) -> str:
    backend = request.session.get("_auth_user_backend", "") if request is not None else ""
    return "single sign-on" if "oidc" in backend.lower() else "password"


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    audit.record(
        actor=user,
        action="auth.signed_in",
        target=user,
        note=f"Signed in with {_how(request)}.",
        remote_addr=audit.client_address(request),
    )


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.record(
            actor=user,
            action="auth.signed_out",
            target=user,
            remote_addr=audit.client_address(request),
        )


def _account(username: str):
    return User.objects.filter(**{User.USERNAME_FIELD: username}).first() if username else None


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    already_locked = _refused_while_locked_out(request)
    audit.record(
        actor=None,
        action="auth.sign_in_refused" if already_locked else "auth.sign_in_failed",
        target=_account(username),
        note=(
            f"Account locked out; the attempt for “{username}” was refused."
            if already_locked
            else f"Wrong user name or password for “{username}”."
        ),
        remote_addr=audit.client_address(request),
    )


def _refused_while_locked_out(request) -> bool:
    # django-axes marks a request it refused for an account already locked out, and counts
    # failures only for the attempts it let through (whatever order the receivers run in).
    return bool(
        getattr(request, "axes_locked_out", False)
        and getattr(request, "axes_failures_since_start", None) is None
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address=None, **kwargs) -> None:
    if _refused_while_locked_out(request):
        return  # locked out earlier; this attempt is recorded as refused
    audit.record(
        actor=None,
        action="auth.locked_out",
        target=_account(username or ""),
        note=f"Too many wrong passwords: “{username}” is locked out.",
        remote_addr=ip_address or audit.client_address(request),
    )


# -- Roles -----------------------------------------------------------------------------------


def _office_role_group(role: str) -> Group | None:
    name = roles.OFFICE_ROLE_GROUPS.get(role)
    return Group.objects.get_or_create(name=name)[0] if name else None


def _office_membership_saved(sender, instance, **kwargs) -> None:
    group = _office_role_group(instance.role)
    if group is not None:
        instance.user.groups.add(group)


def _office_membership_deleted(sender, instance, **kwargs) -> None:
    group = _office_role_group(instance.role)
    still_holds_it = sender.objects.filter(user_id=instance.user_id, role=instance.role).exists()
    if group is not None and not still_holds_it:
        User.objects.get(pk=instance.user_id).groups.remove(group)


def _group_names(pks) -> list[str]:
    return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))


@receiver(m2m_changed, sender=User.groups.through)
def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    if reverse:  # group.user_set.add(users)
        pairs = [(user, [instance.pk]) for user in User.objects.filter(pk__in=pk_set)]
    else:  # user.groups.add(groups)
        pairs = [(instance, list(pk_set))]
    for user, group_pks in pairs:
        names = _group_names(group_pks)
        added = action == "post_add"
        audit.record(
            actor=None,
            action="auth.groups_added" if added else "auth.groups_removed",
            target=user,
            changes={"groups": [[], names] if added else [names, []]},
        )
        _keep_staff_status(user, names, added=added)


def _keep_staff_status(user, names: list[str], *, added: bool) -> None:
    """Members of a role that works in the administration pages need staff status."""
    if not roles.ADMIN_ROLE_NAMES.intersection(names):
        return
    if added and not user.is_staff:
        user.is_staff = True
        User.objects.filter(pk=user.pk).update(is_staff=True)
    elif not added and user.is_staff and not user.is_superuser:
        other_admin_roles = user.groups.filter(name__in=roles.ADMIN_ROLE_NAMES).exists()
        if not other_admin_roles and not user.user_permissions.exists():
            user.is_staff = False
            User.objects.filter(pk=user.pk).update(is_staff=False)


_ADMIN_VERBS = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}


@receiver(post_save, sender=LogEntry)
def _account_changed_in_admin(sender, instance: LogEntry, created, **kwargs) -> None:
    """Accounts and groups change only in the administration pages: put that in the trail."""
    content_type = instance.content_type
    if not created or content_type is None or content_type.app_label != "auth":
        return
    model = content_type.model_class()
    target = model.objects.filter(pk=instance.object_id).first() if model else None
    audit.record(
        actor=instance.user,
        action=f"auth.{content_type.model}_{_ADMIN_VERBS.get(instance.action_flag, 'changed')}",
        target=target,
        note=f"{instance.object_repr}: {instance.get_change_message() or 'saved'}"[:2000],
    )


def connect_office_roles() -> None:
    """Mirror the Development Tools' office roles in the role groups."""
    from policylib.reviews.models import OfficeMembership

    post_save.connect(_office_membership_saved, sender=OfficeMembership, weak=False)
    post_delete.connect(_office_membership_deleted, sender=OfficeMembership, weak=False)
