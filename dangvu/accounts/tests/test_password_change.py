"""Changing one's own password: Vietnamese labels, the validators' messages, the lock."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.accounts.tests.helpers import PASSWORD, failures

pytestmark = pytest.mark.django_db

NEW = "Cay-tre-xanh-2025"


def change(client: Client, old: str, new1: str, new2: str | None = None) -> Any:
    return client.post(
        reverse("accounts:password_change"),
        {
            "old_password": old,
            "new_password1": new1,
            "new_password2": new1 if new2 is None else new2,
        },
    )


def test_the_page_speaks_vietnamese(client: Client, user: Any) -> None:
    client.force_login(user)
    body = client.get(reverse("accounts:password_change")).content.decode()
    for text in ("Đổi mật khẩu", "Mật khẩu hiện tại", "Mật khẩu mới", "Nhập lại mật khẩu mới"):
        assert text in body
    assert "ít nhất 10 ký tự" in body
    assert "Your password" not in body
    assert "style=" not in body


def test_the_page_needs_a_signed_in_user(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:password_change"))
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Ngan-1", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("2024202420", "Mật khẩu không được chỉ gồm chữ số."),
        ("password123", "Mật khẩu này quá phổ biến, dễ bị đoán ra."),
        ("nguyenvana2", "Mật khẩu quá giống tên đăng nhập."),
    ],
)
def test_the_validators_speak_vietnamese(client: Client, user: Any, new: str, message: str) -> None:
    client.force_login(user)
    body = change(client, PASSWORD, new).content.decode()
    assert message in body
    assert "This password" not in body
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_mismatch_and_wrong_current_password(client: Client, user: Any) -> None:
    client.force_login(user)
    body = change(client, PASSWORD, NEW, NEW + "x").content.decode()
    assert "Hai lần nhập mật khẩu mới không giống nhau." in body
    body = change(client, "sai-mat-khau", NEW).content.decode()
    assert "Mật khẩu hiện tại không đúng. Hãy nhập lại." in body
    body = change(client, "", "", "").content.decode()
    assert "Trường này là bắt buộc." in body


def test_a_wrong_current_password_counts_towards_the_lock(client: Client, user: Any) -> None:
    client.force_login(user)
    for _ in range(4):
        change(client, "sai-mat-khau", NEW)
    assert failures(username="nguyenvana") == 4
    body = change(client, "sai-mat-khau", NEW).content.decode()
    assert "Tài khoản tạm khóa do đăng nhập sai nhiều lần" in body
    # While locked, not even the right current password is checked.
    body = change(client, PASSWORD, NEW).content.decode()
    assert "Tài khoản tạm khóa" in body
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_good_change_keeps_this_session_and_ends_the_others(
    client: Client, user: Any, audit_calls: list[tuple[str, Any]]
) -> None:
    other = Client()
    other.force_login(user)
    client.force_login(user)
    response = change(client, PASSWORD, NEW)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:security")
    user.refresh_from_db()
    assert user.check_password(NEW)
    page = client.get(reverse("accounts:security"))
    assert page.status_code == 200
    assert "Đã đổi mật khẩu." in page.content.decode()
    assert other.get(reverse("core:home")).status_code == 302
    assert ("security", "Đổi mật khẩu") in [(a, kw.get("note")) for a, kw in audit_calls]
