"""Every administrative act leaves one audit row with before and after, whichever path made
it: Django's admin, the application's own user pages, or a management command."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dangvu.accounts.models import Role
from dangvu.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-2024!"
SECURITY = AuditEvent.Action.SECURITY


@pytest.fixture
def admin(client: Client, admin_user: Any) -> Client:
    client.force_login(admin_user)
    return client


@pytest.fixture
def clerk(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(
        "vanthu", password=PASSWORD, first_name="Lê Thị Văn Thư"
    )


def trail(user: Any) -> list[AuditEvent]:
    """The security rows about `user`, oldest first."""
    return list(
        AuditEvent.objects.filter(action=SECURITY, object_type="user", object_id=str(user.pk))
        .order_by("id")
        .select_related("user")
    )


def only_new(user: Any, seen: int) -> AuditEvent:
    rows = trail(user)[seen:]
    assert len(rows) == 1, [(r.note, r.before, r.after) for r in rows]
    return rows[0]


def no_secret_in(event: AuditEvent, user: Any) -> None:
    text = f"{event.before} {event.after} {event.note}"
    assert user.password not in text and PASSWORD not in text


def change_form(user: Any, **changes: Any) -> dict[str, Any]:
    """What the admin's change form of `user` posts, with `changes` applied."""
    values = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": list(user.groups.values_list("pk", flat=True)),
        "user_permissions": list(user.user_permissions.values_list("pk", flat=True)),
    } | changes
    return {k: ("on" if v is True else v) for k, v in values.items() if v is not False}


# --- through Django's admin ----------------------------------------------------------------


def test_a_user_created_in_the_admin_is_recorded(admin: Client, admin_user: Any) -> None:
    response = admin.post(
        reverse("admin:auth_user_add"),
        {
            "username": "bithu.moi",
            "usable_password": "true",
            "password1": "Chi-bo-moi-2024",
            "password2": "Chi-bo-moi-2024",
        },
    )
    assert response.status_code == 302, response.content.decode()[:800]
    created = get_user_model().objects.get(username="bithu.moi")
    event = only_new(created, 0)
    assert event.note == "Tạo người dùng" and event.user == admin_user
    assert event.after["username"] == "bithu.moi" and event.after["is_superuser"] is False
    assert event.ip == "127.0.0.1"
    no_secret_in(event, created)


def test_deactivating_and_ticking_admin_rights_in_the_admin_are_recorded(
    admin: Client, admin_user: Any, clerk: Any
) -> None:
    seen = len(trail(clerk))
    url = reverse("admin:auth_user_change", args=[clerk.pk])
    response = admin.post(url, change_form(clerk, is_active=False))
    assert response.status_code == 302, response.content.decode()[:800]
    event = only_new(clerk, seen)
    assert (event.before, event.after) == ({"is_active": True}, {"is_active": False})
    assert event.note == "Khóa tài khoản" and event.user == admin_user
    clerk.refresh_from_db()
    admin.post(url, change_form(clerk, is_staff=True, is_superuser=True))
    event = only_new(clerk, seen + 1)
    assert event.before == {"is_staff": False, "is_superuser": False}
    assert event.after == {"is_staff": True, "is_superuser": True}
    assert "is_staff" in event.note and "is_superuser" in event.note


def test_the_admins_deactivate_action_records_each_user(
    admin: Client, admin_user: Any, clerk: Any
) -> None:
    seen = len(trail(clerk))
    response = admin.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate", "_selected_action": [clerk.pk, admin_user.pk]},
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    admin_user.refresh_from_db()
    assert not clerk.is_active and admin_user.is_active  # never oneself
    assert only_new(clerk, seen).after == {"is_active": False}


def test_a_password_reset_in_the_admin_is_recorded_without_the_password(
    admin: Client, admin_user: Any, clerk: Any
) -> None:
    seen = len(trail(clerk))
    response = admin.post(
        reverse("admin:auth_user_password_change", args=[clerk.pk]),
        {
            "usable_password": "true",
            "password1": "Mat-khau-moi-2025",
            "password2": "Mat-khau-moi-2025",
        },
    )
    assert response.status_code == 302, response.content.decode()[:800]
    event = only_new(clerk, seen)
    assert event.note == "Đặt lại mật khẩu" and event.user == admin_user
    assert set(event.after) == {"password"}
    clerk.refresh_from_db()
    no_secret_in(event, clerk)
    assert "Mat-khau-moi-2025" not in str(event.after)


def test_groups_and_permissions_given_in_the_admin_are_recorded(admin: Client, clerk: Any) -> None:
    group = Group.objects.create(name="Văn phòng")
    permission = Permission.objects.get(codename="view_auditevent")
    seen = len(trail(clerk))
    admin.post(
        reverse("admin:auth_user_change", args=[clerk.pk]),
        change_form(clerk, groups=[group.pk], user_permissions=[permission.pk]),
    )
    notes = {e.note: e.after for e in trail(clerk)[seen:]}
    assert notes == {
        "Thêm nhóm quyền": {"groups": ["Văn phòng"]},
        "Thêm quyền riêng": {"user_permissions": [str(permission)]},
    }


def test_an_unchanged_save_in_the_admin_records_nothing(admin: Client, clerk: Any) -> None:
    seen = len(trail(clerk))
    admin.post(reverse("admin:auth_user_change", args=[clerk.pk]), change_form(clerk))
    assert trail(clerk)[seen:] == []


def test_users_cannot_be_deleted_in_the_admin(admin: Client, clerk: Any) -> None:
    assert admin.get(reverse("admin:auth_user_delete", args=[clerk.pk])).status_code == 403
    assert admin.post(reverse("admin:auth_user_delete", args=[clerk.pk])).status_code == 403
    page = admin.get(reverse("admin:auth_user_changelist")).content.decode()
    assert 'value="delete_selected"' not in page and 'value="deactivate"' in page
    admin.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [clerk.pk], "post": "yes"},
    )
    assert get_user_model().objects.filter(pk=clerk.pk).exists()


def test_staff_who_may_change_users_cannot_grant_admin_rights(
    client: Client, clerk: Any, django_user_model: Any
) -> None:
    staff = django_user_model.objects.create_user("nhansu", password=PASSWORD, is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user", "delete_user"])
    )
    client.force_login(staff)
    url = reverse("admin:auth_user_change", args=[staff.pk])
    client.post(url, change_form(staff, is_superuser=True, first_name="Nhân Sự"))
    staff.refresh_from_db()
    assert not staff.is_superuser and staff.first_name == "Nhân Sự"
    assert client.get(reverse("admin:auth_user_delete", args=[clerk.pk])).status_code == 403


def test_rule_parameters_added_and_deleted_in_the_admin_are_recorded(
    admin: Client, admin_user: Any
) -> None:
    """A version is added, never edited (a past year keeps its rules); one not yet in force
    may be deleted. Both acts are in the trail; the refused edit leaves nothing."""
    data = {"key": "members.probation_months", "effective_from": "2027-01-01", "value": "12"}
    admin.post(reverse("admin:core_ruleversion_add"), data | {"note": "Thử"})
    from dangvu.core.models import RuleVersion

    rule = RuleVersion.objects.get(key="members.probation_months", effective_from="2027-01-01")
    change = admin.post(
        reverse("admin:core_ruleversion_change", args=[rule.pk]), data | {"value": "18"}
    )
    assert change.status_code == 403
    rule.refresh_from_db()
    assert rule.value == 12
    admin.post(reverse("admin:core_ruleversion_delete", args=[rule.pk]), {"post": "yes"})
    rows = AuditEvent.objects.filter(object_type="ruleversion", object_id=str(rule.pk))
    created, deleted = rows.order_by("id")
    assert created.action == AuditEvent.Action.CREATE and created.after["value"] == 12
    assert deleted.action == AuditEvent.Action.VOID and deleted.before["value"] == 12
    assert {r.user for r in (created, deleted)} == {admin_user}


def test_roles_cannot_be_changed_in_the_admin(admin: Client) -> None:
    assert admin.get(reverse("admin:accounts_role_add")).status_code == 403


# --- through the application's own pages ---------------------------------------------------


def test_the_users_pages_record_every_act(
    admin: Client, admin_user: Any, tree: dict[str, Any]
) -> None:
    admin.post(
        reverse("accounts:users"),
        {"username": "bithu.c11", "full_name": "Nguyễn Thị Bí Thư", "password": "Chi-bo-C11-2024"},
    )
    user = get_user_model().objects.get(username="bithu.c11")
    admin.post(reverse("accounts:user", args=[user.pk]), {"organisation": "C11", "kind": "VIEWER"})
    role = Role.objects.get(user=user)
    admin.post(reverse("accounts:role_revoke", args=[role.pk]))
    admin.post(reverse("accounts:user_active", args=[user.pk]), {"active": "0"})
    admin.post(reverse("accounts:user_active", args=[user.pk]), {"active": "1"})
    rows = trail(user)
    assert [r.note for r in rows] == [
        "Tạo người dùng",
        "Giao vai trò",
        "Thu hồi vai trò",
        "Khóa tài khoản",
        "Mở khóa tài khoản",
    ]
    assert all(r.user == admin_user and r.ip == "127.0.0.1" for r in rows)
    assert rows[1].after == {"vai trò": "Chỉ xem", "tổ chức": "C11"} and rows[1].before is None
    assert rows[2].before == {"vai trò": "Chỉ xem", "tổ chức": "C11"}
    assert (rows[3].before, rows[3].after) == ({"is_active": True}, {"is_active": False})
    no_secret_in(rows[0], user)


# --- elsewhere: commands and code ----------------------------------------------------------


def test_a_superuser_made_by_command_is_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(os.environ, "DJANGO_SUPERUSER_PASSWORD", "Quan-tri-2024!")
    call_command("createsuperuser", username="quantri2", email="", interactive=False, verbosity=0)
    user = get_user_model().objects.get(username="quantri2")
    (event,) = trail(user)
    assert event.note == "Tạo người dùng (ngoài trang web)"
    assert event.after["is_superuser"] is True and event.user is None


def test_an_upgraded_password_hash_at_sign_in_is_not_a_password_change(
    django_user_model: Any,
) -> None:
    old = django_user_model.objects.create_user("cu")
    old.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    old.save(update_fields=["password"])
    seen = len(trail(old))
    assert old.check_password(PASSWORD)  # re-hashed with the current hasher and saved
    old.refresh_from_db()
    assert not old.password.startswith("pbkdf2_sha256")
    assert trail(old)[seen:] == []


def test_signing_in_records_no_administrative_act(client: Client, clerk: Any) -> None:
    seen = len(trail(clerk))
    client.force_login(clerk)  # saves last_login
    assert trail(clerk)[seen:] == []


def test_the_users_page_shows_every_act_on_the_user(
    admin: Client, clerk: Any, tree: dict[str, Any]
) -> None:
    admin.post(reverse("accounts:user", args=[clerk.pk]), {"organisation": "C11", "kind": "VIEWER"})
    admin.post(reverse("accounts:user_active", args=[clerk.pk]), {"active": "0"})
    page = admin.get(reverse("accounts:user", args=[clerk.pk])).content.decode()
    history = page[page.index('data-testid="history"') :]
    for note in ("Tạo người dùng", "Giao vai trò", "Khóa tài khoản"):
        assert note in history, note


def test_a_password_changed_anywhere_is_recorded_once(
    client: Client, admin: Client, admin_user: Any
) -> None:
    """The application's password page records the change itself; Django's admin page for
    one's own password is recorded by the receivers."""
    seen = len(trail(admin_user))
    response = admin.post(
        reverse("admin:password_change"),
        {
            "old_password": "Mat-khau-2024!",
            "new_password1": "Mat-khau-moi-2025",
            "new_password2": "Mat-khau-moi-2025",
        },
    )
    assert response.status_code == 302, response.content.decode()[:800]
    event = only_new(admin_user, seen)
    assert event.note == "Đổi mật khẩu" and event.user == admin_user
    response = admin.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Mat-khau-moi-2025",
            "new_password1": "Mat-khau-moi-2026",
            "new_password2": "Mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:800]
    rows = AuditEvent.objects.filter(action=SECURITY, note="Đổi mật khẩu", user=admin_user)
    assert rows.count() == 2
