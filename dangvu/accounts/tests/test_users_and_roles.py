"""Administrators create users and give them roles; nobody else can."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from dangvu.accounts.models import Role
from dangvu.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_administrator_creates_a_user_and_grants_a_role(
    client: Client, admin_user: Any, tree: dict[str, Any]
) -> None:
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:users"),
        {
            "username": "bithu.c11",
            "full_name": "Nguyễn Thị Bí Thư",
            "password": "Chi-bo-C11-2024",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="bithu.c11")
    response = client.post(
        reverse("accounts:user", args=[user.pk]),
        {"organisation": "C11", "kind": Role.Kind.CELL_SECRETARY},
    )
    assert response.status_code == 302
    role = Role.objects.get(user=user)
    assert role.organisation.code == "C11"
    assert AuditEvent.objects.filter(action="security", object_id=str(user.pk)).count() == 2
    client.post(reverse("accounts:role_revoke", args=[role.pk]))
    assert not Role.objects.filter(user=user).exists()


def test_a_weak_password_is_refused_in_vietnamese(client: Client, admin_user: Any) -> None:
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:users"), {"username": "yeu", "full_name": "Yếu", "password": "12345678"}
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="yeu").exists()
    assert "Mật khẩu" in response.content.decode()


def test_a_duplicate_role_is_refused(client: Client, admin_user: Any, cast: dict[str, Any]) -> None:
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:user", args=[cast["cell"].pk]),
        {"organisation": "C21", "kind": Role.Kind.CELL_SECRETARY},
    )
    assert "đã có vai trò này" in response.content.decode()


def test_officers_cannot_manage_users(client: Client, cast: dict[str, Any]) -> None:
    client.force_login(cast["officer"])
    assert client.get(reverse("accounts:users")).status_code == 404
    assert (
        client.post(
            reverse("accounts:user", args=[cast["cell"].pk]),
            {"organisation": "BLOC", "kind": "LEADERSHIP"},
        ).status_code
        == 404
    )
    assert not Role.objects.filter(user=cast["cell"], kind="LEADERSHIP").exists()


def test_an_administrator_cannot_lock_themselves_out(client: Client, admin_user: Any) -> None:
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:user_active", args=[admin_user.pk]), {"active": "0"}, follow=True
    )
    assert "Không thể tự khóa" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active
