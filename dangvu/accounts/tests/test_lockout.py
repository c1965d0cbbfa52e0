"""Failed sign-ins lock the username (5 in 15 minutes) or the address (20) for 15 minutes.

The counting and locking is django-axes'; these tests hold the behaviour the application
promises through it.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.test.utils import override_settings
from django.urls import reverse

from dangvu.accounts import security
from dangvu.accounts.tests.helpers import PASSWORD, T0, failures, login, signed_in

pytestmark = pytest.mark.django_db

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng"
LOCKED = "Tài khoản tạm khóa do đăng nhập sai nhiều lần; hãy thử lại sau"
IP_LOCKED = "Địa chỉ mạng này tạm bị chặn do đăng nhập sai nhiều lần; hãy thử lại sau"


def fail(client: Client, username: str, times: int, **kw: Any) -> Any:
    response = None
    for _ in range(times):
        response = login(client, username, "sai-mat-khau", **kw)
    return response


def test_five_failures_lock_the_username_for_fifteen_minutes(
    client: Client, user: Any, clock: Any
) -> None:
    for _ in range(4):
        body = login(client, "nguyenvana", "sai-mat-khau").content.decode()
        assert WRONG in body
        assert LOCKED not in body
    body = login(client, "nguyenvana", "sai-mat-khau").content.decode()
    assert f"{LOCKED} 09:15." in body

    # The right password is refused while the lock holds.
    response = login(client, "nguyenvana")
    assert response.status_code == 200
    assert f"{LOCKED} 09:15." in response.content.decode()
    assert not signed_in(client)

    clock.move_to(T0 + dt.timedelta(minutes=14, seconds=59))
    assert LOCKED in login(client, "nguyenvana").content.decode()

    clock.move_to(T0 + dt.timedelta(minutes=15))
    response = login(client, "nguyenvana")
    assert response.status_code == 302
    assert signed_in(client)


def test_the_time_to_try_again_is_rounded_up_to_the_minute(
    client: Client, user: Any, clock: Any
) -> None:
    clock.move_to(T0 + dt.timedelta(seconds=20))
    body = fail(client, "nguyenvana", 5).content.decode()
    assert f"{LOCKED} 09:16." in body


def test_a_locked_attempt_does_not_check_the_password(
    client: Client, user: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail(client, "nguyenvana", 5)
    calls: list[Any] = []
    monkeypatch.setattr("django.contrib.auth.forms.authenticate", lambda *a, **kw: calls.append(kw))
    for password in (PASSWORD, "sai-mat-khau"):
        assert LOCKED in login(client, "nguyenvana", password).content.decode()
    assert calls == []
    # Refused attempts are not failures: the lock is not prolonged by them.
    assert failures(username="nguyenvana") == 5


def test_the_lock_is_on_the_username_whatever_its_case(
    client: Client, user: Any, clock: Any
) -> None:
    fail(client, "NguyenVanA", 3)
    fail(client, " nguyenvana", 2)
    assert LOCKED in login(client, "nguyenvana").content.decode()


def test_a_locked_username_leaves_other_users_alone(
    client: Client, user: Any, django_user_model: Any, clock: Any
) -> None:
    django_user_model.objects.create_user("tranthib", password=PASSWORD)
    fail(client, "nguyenvana", 5)
    assert login(client, "tranthib").status_code == 302


def test_unknown_usernames_lock_the_same_way(client: Client, db: None, clock: Any) -> None:
    # The same answer as for a real user: the lock tells nobody whether the account exists.
    assert LOCKED in fail(client, "khongco", 5).content.decode()


def test_a_successful_sign_in_clears_the_usernames_failures(
    client: Client, user: Any, clock: Any
) -> None:
    fail(client, "nguyenvana", 4)
    assert login(client, "nguyenvana").status_code == 302
    client.logout()
    assert WRONG in fail(client, "nguyenvana", 4).content.decode()
    assert LOCKED in fail(client, "nguyenvana", 1).content.decode()


def test_failures_older_than_the_window_do_not_count(client: Client, user: Any, clock: Any) -> None:
    fail(client, "nguyenvana", 4)
    clock.move_to(T0 + dt.timedelta(minutes=15, seconds=1))
    assert WRONG in fail(client, "nguyenvana", 4).content.decode()
    assert LOCKED in fail(client, "nguyenvana", 1).content.decode()


def test_after_a_lock_the_count_starts_again(client: Client, user: Any, clock: Any) -> None:
    fail(client, "nguyenvana", 5)
    clock.move_to(T0 + dt.timedelta(minutes=15))
    # The five failures that caused the lock are still within 15 minutes but spent.
    assert WRONG in fail(client, "nguyenvana", 4).content.decode()
    assert LOCKED in fail(client, "nguyenvana", 1).content.decode()


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_SECONDS=3600)
def test_thresholds_come_from_settings(client: Client, user: Any, clock: Any) -> None:
    assert f"{LOCKED} 10:00." in fail(client, "nguyenvana", 3).content.decode()


def test_twenty_failures_from_one_address_lock_the_address(
    client: Client, user: Any, clock: Any
) -> None:
    for i in range(19):
        assert WRONG in login(client, f"doan{i}", "sai", ip="203.0.113.7").content.decode()
    body = login(client, "doan19", "sai", ip="203.0.113.7").content.decode()
    assert f"{IP_LOCKED} 09:15." in body

    # Every username is refused from there, the right password too...
    assert IP_LOCKED in login(client, "nguyenvana", ip="203.0.113.7").content.decode()
    assert not signed_in(client)
    # ...but not from elsewhere.
    assert login(client, "nguyenvana", ip="203.0.113.8").status_code == 302


def test_an_ipv6_client_is_counted_by_its_64_network(client: Client, user: Any, clock: Any) -> None:
    for i in range(20):
        login(client, f"doan{i}", "sai", ip=f"2001:db8:1:2::{i + 1:x}")
    body = login(client, "nguyenvana", ip="2001:db8:1:2:ffff::1").content.decode()
    assert IP_LOCKED in body
    assert login(client, "nguyenvana", ip="2001:db8:1:3::1").status_code == 302


def test_old_rows_are_cleaned_as_failures_are_recorded(
    client: Client, user: Any, clock: Any
) -> None:
    fail(client, "nguyenvana", 5)
    assert failures(username="nguyenvana") == 5
    clock.move_to(T0 + dt.timedelta(hours=1))
    fail(client, "nguoikhac", 1)
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["nguoikhac"]


def test_failures_locks_and_audit(
    client: Client, user: Any, clock: Any, audit_calls: list[tuple[str, dict[str, Any]]]
) -> None:
    fail(client, "nguyenvana", 5)
    locked = [(a, kw) for a, kw in audit_calls if a == "login_locked"]
    assert len(locked) == 1
    assert "nguyenvana" in locked[0][1]["note"]
    assert "09:15" in locked[0][1]["note"]
    assert locked[0][1]["request"] is not None
    # Refused attempts do not add lock events.
    login(client, "nguyenvana")
    assert len([a for a, _ in audit_calls if a == "login_locked"]) == 1


def test_an_address_lock_is_audited_with_its_network(
    client: Client, db: None, clock: Any, audit_calls: list[tuple[str, dict[str, Any]]]
) -> None:
    for i in range(20):
        login(client, f"doan{i}", "sai", ip=f"2001:db8:1:2::{i + 1:x}")
    notes = [kw["note"] for a, kw in audit_calls if a == "login_locked"]
    assert notes == ["Tạm khóa địa chỉ mạng 2001:db8:1:2::/64 đến 03/03/2025 09:15"]


def test_the_lock_page_is_the_applications_in_vietnamese(
    client: Client, user: Any, clock: Any
) -> None:
    response = fail(client, "nguyenvana", 5)
    body = response.content.decode()
    assert response.status_code == 429
    assert "<title>Tạm khóa đăng nhập" in body
    assert f"{LOCKED} 09:15." in body
    assert "Account locked" not in body and "too many login attempts" not in body
    assert not signed_in(client)


def test_signing_in_does_not_clear_the_failures_of_the_address(
    client: Client, user: Any, clock: Any
) -> None:
    # Else one account's owner could reset the address's count between guesses at others.
    for i in range(19):
        login(client, f"doan{i}", "sai")
    assert login(client, "nguyenvana").status_code == 302
    client.logout()
    assert IP_LOCKED in login(client, "doan99", "sai").content.decode()


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_client_is_locked_not_the_proxy(
    client: Client, user: Any, clock: Any
) -> None:
    def via_proxy(username: str, password: str, client_address: str) -> Any:
        return client.post(
            reverse("accounts:login"),
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=client_address,
        )

    for i in range(20):
        via_proxy(f"doan{i}", "sai", "6.6.6.6, 203.0.113.7")
    assert IP_LOCKED in via_proxy("nguyenvana", PASSWORD, "203.0.113.7").content.decode()
    assert via_proxy("nguyenvana", PASSWORD, "203.0.113.8").status_code == 302


def test_passwords_and_codes_are_not_kept_in_axes_copy_of_the_request(
    client: Client, user: Any, clock: Any
) -> None:
    client.force_login(user)
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "mat-khau-cu-sai",
            "new_password1": "Mat-khau-moi-2025",
            "new_password2": "Mat-khau-moi-2025",
        },
    )
    client.logout()
    login(client, "nguyenvana", "mat-khau-dang-nhap-sai")
    kept = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    for secret in ("mat-khau-cu-sai", "Mat-khau-moi-2025", "mat-khau-dang-nhap-sai"):
        assert secret not in kept
    assert failures(username="nguyenvana") == 2


def test_axes_is_wired_as_its_documentation_asks(settings: Any) -> None:
    # The backend first, so a locked attempt never reaches the password check; the
    # middleware last, so it sees the view's answer and can replace it with the lock page.
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


# --- the client's address -------------------------------------------------------------------


def request_from(remote: str, forwarded: str | None = None) -> Any:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_client_ip_is_remote_addr_without_trusted_proxies() -> None:
    assert security.client_ip(request_from("198.51.100.4", "203.0.113.9")) == "198.51.100.4"
    assert security.client_ip(request_from("::ffff:198.51.100.4")) == "198.51.100.4"
    assert security.client_ip(request_from("")) == ""
    assert security.client_ip(None) == ""


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_client_ip_behind_one_proxy_is_the_last_forwarded_entry() -> None:
    proxy = "10.0.0.2"
    # The client may write anything on the left; only the proxy's own entry counts.
    assert security.client_ip(request_from(proxy, "6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    assert security.client_ip(request_from(proxy, "203.0.113.9:51234")) == "203.0.113.9"
    assert security.client_ip(request_from(proxy, "[2001:db8::7]:443")) == "2001:db8::7"
    # No header, or garbage: the proxy's address, never the garbage.
    assert security.client_ip(request_from(proxy)) == proxy
    assert security.client_ip(request_from(proxy, "not-an-ip")) == proxy


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_client_ip_behind_two_proxies() -> None:
    request = request_from("10.0.0.3", "6.6.6.6, 203.0.113.9, 10.0.0.2")
    assert security.client_ip(request) == "203.0.113.9"
    # Fewer entries than proxies: the request did not come through them all.
    assert security.client_ip(request_from("10.0.0.3", "203.0.113.9")) == "10.0.0.3"


def test_the_lockout_address_groups_ipv6_by_64_and_keeps_ipv4() -> None:
    assert security.lockout_address(request_from("203.0.113.9")) == "203.0.113.9"
    assert security.lockout_address(request_from("2001:db8:1:2:3:4:5:6")) == "2001:db8:1:2::"
    assert security.lockout_address(request_from("2001:db8:1:2::ffff")) == "2001:db8:1:2::"
    assert security.lockout_address(request_from("")) is None


# --- the audit indirection --------------------------------------------------------------------


def test_audit_is_silent_without_the_audit_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(security.apps, "is_installed", lambda name: True)
    monkeypatch.setitem(sys.modules, "dangvu.audit.log", None)
    security.audit("login_locked", note="không có nhật ký")


def test_audit_is_silent_when_the_app_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(security.apps, "is_installed", lambda name: False)
    security.audit("login_locked", note="không có nhật ký")
