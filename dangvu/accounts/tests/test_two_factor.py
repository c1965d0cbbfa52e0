"""Two-step sign-in: enrolment, the code page, replays, expiry and the admin requirement."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.accounts import security
from dangvu.accounts.tests.helpers import (
    PASSWORD,
    T0,
    code_for,
    failures,
    login,
    signed_in,
    submit_code,
)

pytestmark = pytest.mark.django_db

CODE_WRONG = "Mã xác thực không đúng hoặc đã được dùng"
LOCKED = "Tài khoản tạm khóa do đăng nhập sai nhiều lần"
EXPIRED = "Bước nhập mã xác thực đã hết hạn"
MIDDLEWARE = "dangvu.accounts.security.TwoFactorRequiredMiddleware"


def wrong_code(device: TOTPDevice) -> str:
    right = {code_for(device, shift_steps=s) for s in (-1, 0, 1)}
    return next(c for c in (f"{n:06d}" for n in range(1000)) if c not in right)


# --- signing in -----------------------------------------------------------------------------


def test_without_a_device_signing_in_is_one_step(client: Client, user: Any) -> None:
    response = login(client, "nguyenvana")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert signed_in(client)


def test_an_unconfirmed_device_does_not_ask_for_a_code(client: Client, user: Any) -> None:
    TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=False)
    assert login(client, "nguyenvana")["Location"] == reverse("core:home")
    assert signed_in(client)


def test_with_a_device_the_password_leads_to_the_code_page(
    client: Client, device: TOTPDevice, clock: Any
) -> None:
    response = login(client, "nguyenvana", next="/orgs/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login_code")
    assert not signed_in(client)
    # Not signed in: other pages still send to the sign-in page.
    assert reverse("accounts:login") in client.get(reverse("core:home"))["Location"]

    page = client.get(reverse("accounts:login_code"))
    assert page.status_code == 200
    assert "Mã xác thực (6 chữ số)" in page.content.decode()

    response = submit_code(client, code_for(device))
    assert response.status_code == 302
    assert response["Location"] == "/orgs/"
    assert signed_in(client)
    assert int(client.session["_auth_user_id"]) == device.user.pk
    assert security.PENDING_SESSION_KEY not in client.session


def test_the_wrong_password_never_reaches_the_code_page(client: Client, device: TOTPDevice) -> None:
    assert login(client, "nguyenvana", "sai-mat-khau").status_code == 200
    assert security.PENDING_SESSION_KEY not in client.session


def test_the_code_page_without_the_password_step_sends_back(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:login_code"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert EXPIRED in response.content.decode()


def test_a_wrong_code_is_refused_and_counted(
    client: Client, device: TOTPDevice, clock: Any, audit_calls: list[tuple[str, Any]]
) -> None:
    login(client, "nguyenvana")
    response = submit_code(client, wrong_code(device))
    assert response.status_code == 200
    assert CODE_WRONG in response.content.decode()
    assert not signed_in(client)
    assert failures(username="nguyenvana") == 1
    failed = [kw for action, kw in audit_calls if action == "login_failed"]
    assert len(failed) == 1
    assert "nguyenvana" in failed[0]["note"]


def test_a_malformed_code_is_explained_and_not_counted(
    client: Client, device: TOTPDevice, clock: Any
) -> None:
    login(client, "nguyenvana")
    response = submit_code(client, "12ab")
    assert "Mã xác thực gồm 6 chữ số." in response.content.decode()
    assert failures(username="nguyenvana") == 0


def test_wrong_codes_count_towards_the_same_lock(
    client: Client, device: TOTPDevice, clock: Any
) -> None:
    login(client, "nguyenvana")
    for _ in range(4):
        assert CODE_WRONG in submit_code(client, wrong_code(device)).content.decode()
    assert f"{LOCKED}; hãy thử lại sau 09:15." in (
        submit_code(client, wrong_code(device)).content.decode()
    )
    # Locked: the right code is not even looked at, and the password step is refused too.
    assert LOCKED in submit_code(client, code_for(device)).content.decode()
    assert TOTPDevice.objects.get(pk=device.pk).last_t == -1
    assert LOCKED in login(client, "nguyenvana").content.decode()
    assert not signed_in(client)


def test_the_right_password_does_not_clear_failures_before_the_code(
    client: Client, device: TOTPDevice, clock: Any
) -> None:
    # Else the password could be replayed between guesses of the code to reset the count.
    for _ in range(4):
        login(client, "nguyenvana", "sai-mat-khau")
    assert login(client, "nguyenvana")["Location"] == reverse("accounts:login_code")
    assert LOCKED in submit_code(client, wrong_code(device)).content.decode()


def test_a_full_sign_in_clears_failures(client: Client, device: TOTPDevice, clock: Any) -> None:
    for _ in range(4):
        login(client, "nguyenvana", "sai-mat-khau")
    login(client, "nguyenvana")
    assert submit_code(client, code_for(device)).status_code == 302
    assert failures(username="nguyenvana") == 0


def test_a_code_is_never_accepted_twice(client: Client, device: TOTPDevice, clock: Any) -> None:
    code = code_for(device)
    login(client, "nguyenvana")
    assert submit_code(client, code).status_code == 302
    client.logout()

    login(client, "nguyenvana")
    response = submit_code(client, code)
    assert CODE_WRONG in response.content.decode()
    assert not signed_in(client)
    # The next step's code is accepted.
    clock.shift(device.step)
    assert submit_code(client, code_for(device)).status_code == 302


def test_codes_one_step_early_or_late_are_accepted(device: TOTPDevice, clock: Any) -> None:
    assert not security.verify_code(device, code_for(device, shift_steps=-2))
    assert security.verify_code(device, code_for(device, shift_steps=-1))
    assert security.verify_code(device, code_for(device, shift_steps=1))
    assert not security.verify_code(device, code_for(device, shift_steps=2))
    # Once the later step is used, the current one (older) is refused.
    assert not security.verify_code(device, code_for(device))
    # A phone running a step behind does not move the window: the server's clock decides.
    clock.shift(10 * device.step)
    assert security.verify_code(device, code_for(device, shift_steps=1))


def test_the_code_step_expires_after_five_minutes(
    client: Client, device: TOTPDevice, clock: Any
) -> None:
    login(client, "nguyenvana")
    clock.move_to(T0 + dt.timedelta(minutes=4, seconds=59))
    assert client.get(reverse("accounts:login_code")).status_code == 200

    clock.move_to(T0 + dt.timedelta(minutes=5, seconds=1))
    response = client.post(reverse("accounts:login_code"), {"code": code_for(device)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert EXPIRED in response.content.decode()
    assert not signed_in(client)
    assert security.PENDING_SESSION_KEY not in client.session


def test_a_deactivated_user_cannot_finish_the_code_step(
    client: Client, device: TOTPDevice, clock: Any
) -> None:
    login(client, "nguyenvana")
    device.user.is_active = False
    device.user.save()
    response = submit_code(client, code_for(device))
    assert response["Location"] == reverse("accounts:login")
    assert not signed_in(client)


# --- enrolment and disabling ------------------------------------------------------------------


def test_enrolment_shows_the_secret_and_confirms_with_a_code(
    client: Client, user: Any, clock: Any, audit_calls: list[tuple[str, Any]]
) -> None:
    client.force_login(user)
    page = client.get(reverse("accounts:security"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Bảo mật tài khoản" in body
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert security.secret_for_typing(device) in body
    assert escape(device.config_url) in body
    uri = urlsplit(device.config_url)
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert uri.path == "/%C4%90%E1%BA%A3ng%20v%E1%BB%A5%3Anguyenvana"
    secret = security.secret_for_typing(device).replace(" ", "")
    assert parse_qs(uri.query)["secret"] == [secret]
    assert "style=" not in body and "<script" not in body.split("</head>")[1]

    # Reloading keeps the secret already typed into the phone.
    client.get(reverse("accounts:security"))
    assert TOTPDevice.objects.get(user=user).key == device.key

    response = client.post(
        reverse("accounts:security"), {"action": "confirm", "code": wrong_code(device)}
    )
    assert CODE_WRONG in response.content.decode()
    assert not TOTPDevice.objects.get(user=user).confirmed

    clock.shift(90)
    response = client.post(
        reverse("accounts:security"), {"action": "confirm", "code": code_for(device)}
    )
    assert response.status_code == 302
    confirmed = TOTPDevice.objects.get(user=user)
    assert confirmed.confirmed
    assert confirmed.created_at == T0 + dt.timedelta(seconds=90)
    assert ("security", "Bật xác thực hai bước") in [(a, kw.get("note")) for a, kw in audit_calls]
    body = client.get(reverse("accounts:security")).content.decode()
    assert "Đang bật từ 03/03/2025 09:01" in body


def test_a_new_secret_can_be_asked_for_before_confirming(
    client: Client, user: Any, clock: Any
) -> None:
    client.force_login(user)
    client.get(reverse("accounts:security"))
    first = TOTPDevice.objects.get(user=user).key
    response = client.post(reverse("accounts:security"), {"action": "new_secret"}, follow=True)
    assert "Đã tạo khóa bí mật mới" in response.content.decode()
    assert TOTPDevice.objects.get(user=user).key != first


def test_the_enrolment_code_cannot_be_reused_to_sign_in(
    client: Client, user: Any, clock: Any
) -> None:
    client.force_login(user)
    client.get(reverse("accounts:security"))
    device = TOTPDevice.objects.get(user=user)
    code = code_for(device)
    client.post(reverse("accounts:security"), {"action": "confirm", "code": code})
    client.logout()
    login(client, "nguyenvana")
    assert CODE_WRONG in submit_code(client, code).content.decode()


def test_disabling_needs_a_current_code(
    client: Client, device: TOTPDevice, clock: Any, audit_calls: list[tuple[str, Any]]
) -> None:
    client.force_login(device.user)
    body = client.get(reverse("accounts:security")).content.decode()
    assert "Tắt xác thực hai bước" in body

    response = client.post(
        reverse("accounts:security"), {"action": "disable", "code": wrong_code(device)}
    )
    assert CODE_WRONG in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    response = client.post(
        reverse("accounts:security"), {"action": "disable", "code": code_for(device)}, follow=True
    )
    assert "Đã tắt xác thực hai bước." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=device.user, confirmed=True).exists()
    assert ("security", "Tắt xác thực hai bước") in [(a, kw.get("note")) for a, kw in audit_calls]
    client.logout()
    assert login(client, "nguyenvana")["Location"] == reverse("core:home")


def test_the_security_page_needs_a_signed_in_user(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- required for administrators ---------------------------------------------------------------


@pytest.fixture
def require_2fa(settings: Any) -> None:
    settings.REQUIRE_2FA_FOR_ADMINS = True
    middleware = list(settings.MIDDLEWARE)
    index = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    middleware.insert(index + 1, MIDDLEWARE)
    settings.MIDDLEWARE = middleware


def test_an_admin_without_a_device_is_sent_to_enrol(
    client: Client, admin_user: Any, require_2fa: None, clock: Any
) -> None:
    response = login(client, "quantri")
    assert response["Location"] == reverse("accounts:security")
    assert signed_in(client)

    for url in (reverse("core:home"), reverse("orgs:tree"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("accounts:security")
    response = client.get(reverse("orgs:tree"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("accounts:security")

    page = client.get(reverse("accounts:security")).content.decode()
    assert "Tài khoản quản trị phải bật xác thực hai bước" in page

    device = TOTPDevice.objects.get(user=admin_user)
    response = client.post(
        reverse("accounts:security"), {"action": "confirm", "code": code_for(device)}
    )
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200


def test_an_admin_may_sign_out_before_enrolling(
    client: Client, admin_user: Any, require_2fa: None
) -> None:
    client.force_login(admin_user)
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert not signed_in(client)


def test_an_admin_cannot_turn_the_required_second_step_off(
    client: Client, admin_user: Any, require_2fa: None, clock: Any
) -> None:
    device = TOTPDevice.objects.create(user=admin_user, name="Điện thoại", confirmed=True)
    client.force_login(admin_user)
    body = client.get(reverse("accounts:security")).content.decode()
    assert "không thể tắt" in body
    response = client.post(
        reverse("accounts:security"), {"action": "disable", "code": code_for(device)}, follow=True
    )
    assert "Quản trị viên bắt buộc dùng xác thực hai bước" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_others_and_enrolled_admins_pass_the_middleware(
    client: Client, admin_user: Any, user: Any, require_2fa: None
) -> None:
    client.force_login(user)
    assert client.get(reverse("core:home")).status_code == 200
    TOTPDevice.objects.create(user=admin_user, name="Điện thoại", confirmed=True)
    client.force_login(admin_user)
    assert client.get(reverse("core:home")).status_code == 200


def test_the_middleware_lets_static_files_through(
    admin_user: Any, settings: Any, rf: RequestFactory
) -> None:
    settings.REQUIRE_2FA_FOR_ADMINS = True
    middleware = security.TwoFactorRequiredMiddleware(lambda request: HttpResponse("ok"))

    def status(path: str, user: Any = admin_user) -> int:
        request = rf.get(path)
        request.user = user
        return middleware(request).status_code

    assert status("/static/dangvu/app.css") == 200
    assert status(reverse("accounts:security")) == 200
    assert status(reverse("accounts:logout")) == 200
    assert status("/") == 302
    assert status("/staticky/") == 302
    settings.REQUIRE_2FA_FOR_ADMINS = False
    assert status("/") == 200


def test_the_admin_sign_in_page_is_replaced_by_ours(
    client: Client, user: Any, admin_user: Any
) -> None:
    response = client.get(reverse("accounts:admin_login"), {"next": "/admin/members/"})
    assert response["Location"] == f"{reverse('accounts:login')}?next=/admin/members/"
    response = client.get(reverse("accounts:admin_login"), {"next": "https://evil.example/"})
    assert response["Location"] == f"{reverse('accounts:login')}?next=/admin/"
    client.force_login(user)
    assert client.get(reverse("accounts:admin_login")).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("accounts:admin_login"))["Location"] == reverse("admin:index")


def test_password_alone_never_signs_in_a_user_with_a_device(
    client: Client, device: TOTPDevice
) -> None:
    login(client, "nguyenvana")
    assert client.get(reverse("core:home")).status_code == 302
    assert not signed_in(client)
    assert PASSWORD  # the fixture user's password was right; only the code is missing
