"""Signals that write the audit trail: sign-ins, and every administrative act on users,
groups, roles and rule parameters, whichever path makes it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from dangvu.accounts.models import Role
from dangvu.audit.log import current_actor, current_request, record, snapshot
from dangvu.audit.models import AuditEvent
from dangvu.core.models import RuleVersion


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(AuditEvent.Action.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(AuditEvent.Action.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    record(AuditEvent.Action.LOGIN_FAILED, request=request, note=f"Tên đăng nhập: {username}")


# --- administrative acts ------------------------------------------------------------------
#
# Users, their groups and permissions, roles and rule parameters are changed from the
# application's pages, from Django's admin, from management commands (createsuperuser,
# changepassword) and from code. Receivers on the models themselves see every one of those
# paths, so each act is recorded here once, with before and after, whichever path made it.
# (QuerySet.update() sends no signal: the project changes these models through save().)

User = get_user_model()
SECURITY = AuditEvent.Action.SECURITY
# The user fields whose change is an administrative act (last_login, date_joined are not).
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
)
# The application's own password page records a user's change of their own password.
OWN_PASSWORD_PAGE = "accounts:password_change"
PASSWORD_SHOWN = "(mật khẩu cũ)", "(mật khẩu mới)"
FLAGS = {
    "is_active": ("Mở khóa tài khoản", "Khóa tài khoản"),
    "is_staff": ("Cho vào trang quản trị Django (is_staff)", "Bỏ quyền vào trang quản trị"),
    "is_superuser": ("Cấp quyền quản trị viên (is_superuser)", "Bỏ quyền quản trị viên"),
}


def _outside_web(note: str) -> str:
    """Marks rows written with no request behind them (commands, code)."""
    return note if current_request() is not None else f"{note} (ngoài trang web)"


@receiver(pre_delete, sender=User)
def _users_are_never_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    raise PermissionError(
        f"Người dùng «{instance.get_username()}» không bị xóa: hãy khóa tài khoản "
        "(Quản trị → Người dùng → Khóa tài khoản), để nhật ký luôn giữ được người đã làm."
    )


@receiver(pre_save, sender=User)
def _user_before(sender: Any, instance: Any, raw: bool, update_fields: Any, **kwargs: Any) -> None:
    instance._audit_before = None
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & {*USER_FIELDS, "password"}:
        return  # last_login on every sign-in
    instance._audit_before = (
        sender.objects.filter(pk=instance.pk).values(*USER_FIELDS, "password").first()
    )


@receiver(post_save, sender=User)
def _user_after(sender: Any, instance: Any, created: bool, raw: bool, **kwargs: Any) -> None:
    if raw:
        return
    if created:
        after: dict[str, Any] = {f: getattr(instance, f) for f in USER_FIELDS}
        if instance.has_usable_password():
            after["password"] = PASSWORD_SHOWN[1]
        record(SECURITY, obj=instance, after=after, note=_outside_web("Tạo người dùng"))
        return
    old = getattr(instance, "_audit_before", None)
    instance._audit_before = None
    if old is None:
        return
    changed = [f for f in USER_FIELDS if old[f] != getattr(instance, f)]
    before = {f: old[f] for f in changed}
    after = {f: getattr(instance, f) for f in changed}
    notes = [FLAGS[f][0 if after[f] else 1] for f in changed if f in FLAGS]
    if any(f not in FLAGS for f in changed):
        notes.insert(0, "Sửa thông tin người dùng")
    if old["password"] != instance.password:
        # set_password() keeps the raw password until the save: a change, not the silent
        # re-hash Django does at sign-in when the hashing scheme is upgraded.
        if getattr(instance, "_password", None) is not None and not _on_own_password_page():
            own = getattr(current_actor(), "pk", None) == instance.pk
            notes.append("Đổi mật khẩu" if own else "Đặt lại mật khẩu")
            before["password"], after["password"] = PASSWORD_SHOWN
        elif not instance.has_usable_password():
            notes.append("Tắt đăng nhập bằng mật khẩu")
            before["password"], after["password"] = PASSWORD_SHOWN[0], "(không dùng được)"
    if notes:
        record(
            SECURITY, obj=instance, before=before, after=after, note=_outside_web("; ".join(notes))
        )


def _on_own_password_page() -> bool:
    request = current_request()
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name == OWN_PASSWORD_PAGE


def _names(model: Any, pks: Any) -> list[str]:
    return sorted(str(o) for o in model.objects.filter(pk__in=pks))


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def _user_m2m(
    sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: Any, **kwargs: Any
) -> None:
    """Groups and permissions given to or taken from users, from either side."""
    field = "groups" if sender is User.groups.through else "user_permissions"
    label = "nhóm quyền" if field == "groups" else "quyền riêng"
    if action == "pre_clear":
        if reverse:  # group.user_set.clear(): remember whom it concerned
            instance._audit_cleared = list(instance.user_set.all())
        else:
            instance._audit_cleared = _names(model, getattr(instance, field).all())
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    verb = "Thêm" if action == "post_add" else "Bỏ"
    if reverse:
        users = (
            instance._audit_cleared
            if action == "post_clear"
            else User.objects.filter(pk__in=pk_set)
        )
        for user in users:
            key = "after" if action == "post_add" else "before"
            record(
                SECURITY,
                obj=user,
                **{key: {field: [str(instance)]}},
                note=_outside_web(f"{verb} {label}"),
            )
        return
    names = instance._audit_cleared if action == "post_clear" else _names(model, pk_set)
    if not names:
        return
    key = "after" if action == "post_add" else "before"
    record(SECURITY, obj=instance, **{key: {field: names}}, note=_outside_web(f"{verb} {label}"))


@receiver(post_save, sender=Group)
def _group_saved(sender: Any, instance: Any, created: bool, raw: bool, **kwargs: Any) -> None:
    if not raw:
        note = "Tạo nhóm quyền" if created else "Sửa nhóm quyền"
        record(SECURITY, obj=instance, after={"name": instance.name}, note=_outside_web(note))


@receiver(post_delete, sender=Group)
def _group_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    record(
        SECURITY, obj=instance, before={"name": instance.name}, note=_outside_web("Xóa nhóm quyền")
    )


@receiver(m2m_changed, sender=Group.permissions.through)
def _group_permissions(
    sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: Any, **kwargs: Any
) -> None:
    if reverse or action not in ("post_add", "post_remove", "pre_clear"):
        return
    if action == "pre_clear":
        names, key, verb = _names(model, instance.permissions.all()), "before", "Bỏ"
    else:
        names = _names(model, pk_set)
        key, verb = ("after", "Thêm") if action == "post_add" else ("before", "Bỏ")
    if names:
        record(
            SECURITY,
            obj=instance,
            **{key: {"permissions": names}},
            note=_outside_web(f"{verb} quyền của nhóm"),
        )


def _role_state(role: Role) -> dict[str, Any]:
    return {"vai trò": role.get_kind_display(), "tổ chức": role.organisation.code}


@receiver(pre_save, sender=Role)
def _role_before(sender: Any, instance: Role, raw: bool, **kwargs: Any) -> None:
    instance._audit_before = None  # type: ignore[attr-defined]
    if not raw and not instance._state.adding:
        old = Role.objects.select_related("organisation").filter(pk=instance.pk).first()
        instance._audit_before = _role_state(old) if old else None  # type: ignore[attr-defined]


@receiver(post_save, sender=Role)
def _role_saved(sender: Any, instance: Role, created: bool, raw: bool, **kwargs: Any) -> None:
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    after = _role_state(instance)
    if not created and before == after:
        return
    record(
        SECURITY,
        obj=instance.user,
        before=before,
        after=after,
        note=_outside_web("Giao vai trò" if created else "Sửa vai trò"),
    )


@receiver(post_delete, sender=Role)
def _role_deleted(sender: Any, instance: Role, **kwargs: Any) -> None:
    record(
        SECURITY,
        obj=instance.user,
        before=_role_state(instance),
        note=_outside_web("Thu hồi vai trò"),
    )


@receiver(pre_save, sender=RuleVersion)
def _rule_before(sender: Any, instance: RuleVersion, raw: bool, **kwargs: Any) -> None:
    instance._audit_before = None  # type: ignore[attr-defined]
    if not raw and not instance._state.adding:
        old = RuleVersion.objects.filter(pk=instance.pk).first()
        instance._audit_before = snapshot(old) if old else None  # type: ignore[attr-defined]


@receiver(post_save, sender=RuleVersion)
def _rule_saved(
    sender: Any, instance: RuleVersion, created: bool, raw: bool, **kwargs: Any
) -> None:
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if not created and before == after:
        return
    record(
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=instance,
        before=before,
        after=after,
        note=_outside_web("Quy định theo thời gian"),
    )


@receiver(post_delete, sender=RuleVersion)
def _rule_deleted(sender: Any, instance: RuleVersion, **kwargs: Any) -> None:
    record(
        AuditEvent.Action.VOID,
        obj=instance,
        before=snapshot(instance),
        note=_outside_web("Xóa phiên bản quy định"),
    )
