"""The admin reads in Vietnamese: the index, every registered model's list and add page, with
the third-party apps (django-otp, django-axes) and Django's own auth models named in
Vietnamese, and "Quản trị" once in the header."""

from __future__ import annotations

import contextlib
import re
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.accounts.admin import permission_label

# English names of apps and models (and admin chrome) that must not be read anywhere.
ENGLISH = [
    "TOTP device",
    "Access attempt",
    "Access failure",
    "Access log",
    "Groups",
    "Users",
    "Authentication and Authorization",
    "Django OTP",
    "Otp_Totp",
    "Axes",
    "Model name",
    "Add link",
    "Change or view list link",
    "Show counts",
    "Skip to main content",
    "Toggle theme",
    "Site administration",
    "Can add",
    "Can change",
    "Can view",
    "Can delete",
    "Attempt Time",
    "Identity",
    "Timestamps",
    "Throttling",
    "membership interval",
    "import job",
    "restructuring organisation",
]


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", "\n", html)


def header_block(html: str) -> str:
    match = re.search(r'<header id="header">(.*?)</header>', html, flags=re.S)
    assert match, "no header block on the admin page"
    return visible_text(match.group(1))


@pytest.fixture
def filled(tree: dict[str, Any], admin_user: Any) -> None:
    """One row in each third-party list, so that column headings are rendered too."""
    TOTPDevice.objects.create(user=admin_user, name="Điện thoại", confirmed=True)
    common = {"user_agent": "ua", "ip_address": "10.0.0.1", "username": "x", "path_info": "/"}
    AccessAttempt.objects.create(
        **common, http_accept="*/*", get_data="", post_data="", failures_since_start=1
    )
    AccessFailureLog.objects.create(**common, http_accept="*/*", locked_out=False)
    AccessLog.objects.create(**common, http_accept="*/*")


def admin_pages() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse("admin:app_list", kwargs={"app_label": meta.app_label}))
        for page in ("changelist", "add"):
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_{page}"))
    return list(dict.fromkeys(urls))


@pytest.mark.django_db
class TestAdminInVietnamese:
    def test_no_english_names_on_any_admin_page(
        self, client: Client, admin_user: Any, filled: None
    ) -> None:
        client.force_login(admin_user)
        pages = admin_pages()
        assert len(pages) > 20
        opened = 0
        for url in pages:
            response = client.get(url)
            if response.status_code == 403:  # an add page the admin does not allow
                continue
            assert response.status_code == 200, url
            opened += 1
            html = response.content.decode()
            text = visible_text(html)
            found = [word for word in ENGLISH if word.lower() in text.lower()]
            assert not found, f"{url}: English words {found}"
            assert header_block(html).lower().count("quản trị") <= 1, url
        assert opened > 15

    def test_third_party_headings_and_names(self, client: Client, admin_user: Any) -> None:
        client.force_login(admin_user)
        text = visible_text(client.get(reverse("admin:index")).content.decode())
        for heading in (
            "Khóa đăng nhập",
            "Xác thực hai bước",
            "Thiết bị mã xác thực",
            "Tạm khóa đăng nhập",
            "Đăng nhập sai",
            "Lịch sử đăng nhập",
            "Danh mục dữ liệu",
        ):
            assert heading in text

    def test_device_form_labels(self, client: Client, admin_user: Any) -> None:
        client.force_login(admin_user)
        html = client.get(reverse("admin:otp_totp_totpdevice_add")).content.decode()
        for label in ("Tên thiết bị", "Khóa bí mật", "Số chữ số", "Hạn chế nhập sai"):
            assert label in html

    def test_default_permissions_are_named_in_vietnamese(self, db: None) -> None:
        view_device = Permission.objects.get(codename="view_totpdevice")
        assert permission_label(view_device) == "Xác thực hai bước | Xem thiết bị mã xác thực"
        reveal = Permission.objects.filter(content_type__app_label="members").exclude(
            codename__regex=r"^(add|change|delete|view)_"
        )
        for permission in reveal:  # the project's own permissions keep their names
            assert permission.name in permission_label(permission)

    def test_permission_picker_on_the_user_page(self, client: Client, admin_user: Any) -> None:
        client.force_login(admin_user)
        url = reverse("admin:auth_user_change", args=[admin_user.pk])
        html = client.get(url).content.decode()
        assert "Tổ chức đảng | Xem tổ chức đảng" in html
        assert "Can view" not in html
