"""Sign-in events reach the audit trail once each, whichever path records them.

Signing in and a wrong password are recorded by the audit application's own signal
receivers (user_logged_in, user_login_failed); the accounts code records what those signals
cannot see: a wrong two-step code, a lock, and security changes.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import resolve
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.accounts import views
from dangvu.accounts.tests.helpers import code_for, login, submit_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def events() -> Any:
    if not apps.is_installed("dangvu.audit"):
        pytest.skip("the audit application is not installed")
    from dangvu.audit.models import AuditEvent

    # Only what happens from here: creating the fixtures' users is an audited act too.
    before = AuditEvent.objects.order_by("id").values_list("id", flat=True).last() or 0

    def actions() -> list[str]:
        after = AuditEvent.objects.filter(id__gt=before).order_by("id")
        return list(after.values_list("action", flat=True))

    return actions


def test_a_two_step_sign_in_is_one_login_event(
    client: Client, device: TOTPDevice, clock: Any, events: Any
) -> None:
    login(client, "nguyenvana")
    assert events() == []  # the password alone is not a sign-in
    submit_code(client, "000000" if code_for(device) != "000000" else "111111")
    assert events() == ["login_failed"]
    submit_code(client, code_for(device))
    assert events() == ["login_failed", "login"]


def test_a_wrong_password_is_one_failure_event_and_a_lock_one_lock_event(
    client: Client, user: Any, clock: Any, events: Any
) -> None:
    login(client, "nguyenvana", "sai-mat-khau")
    assert events() == ["login_failed"]
    for _ in range(4):
        login(client, "nguyenvana", "sai-mat-khau")
    assert events() == ["login_failed"] * 5 + ["login_locked"]
    login(client, "nguyenvana")  # refused without a check: nothing more recorded
    assert events() == ["login_failed"] * 5 + ["login_locked"]


def test_the_admin_sign_in_page_goes_through_ours() -> None:
    """Django's admin has its own sign-in page, which knows neither the locks nor the code.

    Needs in dangvu/urls.py, before the admin's URLs:
        path("admin/login/", accounts_views.admin_login),
    """
    assert resolve("/admin/login/").func is views.admin_login
