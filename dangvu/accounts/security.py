"""Sign-in security: the client's address, temporary locks, two-step codes, audit hooks.

Thresholds come from settings, with these defaults:

- LOGIN_MAX_FAILURES = 5: failures for one username within the window lock that username;
- LOGIN_MAX_FAILURES_PER_IP = 20: failures from one address within the window lock it;
- LOGIN_FAILURE_WINDOW_SECONDS = 900: the counting window;
- LOGIN_LOCKOUT_SECONDS = 900: how long a lock lasts;
- LOGIN_CODE_TIMEOUT_SECONDS = 300: how long the two-step code page waits after the password;
- REQUIRE_2FA_FOR_ADMINS = False: superusers must enrol an authenticator before anything else;
- TRUSTED_PROXY_COUNT = 0: reverse proxies in front of the application that append the
  client's address to X-Forwarded-For.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from dangvu.accounts import totp
from dangvu.accounts.models import LoginFailure, LoginLock, TotpDevice

# --- settings ------------------------------------------------------------------------------


def _int_setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_failures() -> int:
    return _int_setting("LOGIN_MAX_FAILURES", 5)


def max_failures_per_ip() -> int:
    return _int_setting("LOGIN_MAX_FAILURES_PER_IP", 20)


def failure_window() -> dt.timedelta:
    return dt.timedelta(seconds=_int_setting("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60))


def lockout_duration() -> dt.timedelta:
    return dt.timedelta(seconds=_int_setting("LOGIN_LOCKOUT_SECONDS", 15 * 60))


def code_step_timeout() -> int:
    return _int_setting("LOGIN_CODE_TIMEOUT_SECONDS", 5 * 60)


def two_factor_required_for_admins() -> bool:
    return bool(getattr(settings, "REQUIRE_2FA_FOR_ADMINS", False))


def totp_issuer() -> str:
    return str(getattr(settings, "TOTP_ISSUER", "Đảng vụ"))


# --- audit ---------------------------------------------------------------------------------


def audit(action: str, **kw: Any) -> None:
    """Record `action` in the audit trail when the audit application is installed.

    Only the absence of the audit module is forgiven: an error inside it is not hidden.
    """
    if not apps.is_installed("dangvu.audit"):
        return
    try:
        from dangvu.audit.log import record
    except ModuleNotFoundError as exc:
        if exc.name in ("dangvu.audit", "dangvu.audit.log"):
            return
        raise
    record(action, **kw)


# --- the client's address ------------------------------------------------------------------


def _parse_ip(raw: str) -> str:
    """`raw` as a canonical address, or "" when it is not one (ports are dropped)."""
    raw = raw.strip()
    candidates = [raw]
    if raw.startswith("[") and "]" in raw:  # [v6]:port
        candidates.append(raw[1 : raw.index("]")])
    elif raw.count(":") == 1:  # v4:port
        candidates.append(raw.split(":", 1)[0])
    for candidate in candidates:
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(address)
    return ""


def client_ip(request: HttpRequest | None) -> str:
    """The address of the client, "" when unknown.

    REMOTE_ADDR, unless settings.TRUSTED_PROXY_COUNT says how many reverse proxies stand
    in front of the application: each appends the address it received the request from to
    X-Forwarded-For, so the client is the entry that many places from the right. Entries
    further left are written by the client and never trusted.
    """
    if request is None:
        return ""
    remote = _parse_ip(request.META.get("REMOTE_ADDR", ""))
    proxies = _int_setting("TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return _parse_ip(hops[-proxies]) or remote
    return remote


def ip_key(ip: str) -> str:
    """What failures are counted against: the address, or its /64 network for IPv6,
    since one IPv6 client usually holds a whole /64."""
    if not ip:
        return ""
    address = ipaddress.ip_address(ip)
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    return str(address)


def normalise_username(username: str) -> str:
    """One key for all the spellings of a username (case, compatibility forms, spaces)."""
    return unicodedata.normalize("NFKC", username).strip().casefold()[:150]


# --- temporary locks -----------------------------------------------------------------------


def _local_hhmm(moment: dt.datetime) -> str:
    """The moment in local time, rounded up to the minute: "14:05", or with the date when
    it is not today."""
    local = timezone.localtime(moment)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    if local.date() != timezone.localdate():
        return f"{local:%H:%M} ngày {local:%d/%m/%Y}"
    return f"{local:%H:%M}"


@dataclass(frozen=True)
class Lock:
    scope: str
    until: dt.datetime

    @property
    def message(self) -> str:
        when = _local_hhmm(self.until)
        if self.scope == LoginLock.Scope.IP:
            return (
                f"Địa chỉ mạng này tạm bị chặn do đăng nhập sai nhiều lần; hãy thử lại sau {when}."
            )
        return f"Tài khoản tạm khóa do đăng nhập sai nhiều lần; hãy thử lại sau {when}."


def active_lock(request: HttpRequest | None, username: str) -> Lock | None:
    """The lock (on the username or on the client's address) in force now, if any."""
    now = timezone.now()
    q = Q(scope=LoginLock.Scope.USERNAME, key=normalise_username(username))
    ip = ip_key(client_ip(request))
    if ip:
        q |= Q(scope=LoginLock.Scope.IP, key=ip)
    lock = LoginLock.objects.filter(q, until__gt=now).order_by("-until").first()
    return Lock(lock.scope, lock.until) if lock else None


def _recent_failures(scope: str, key: str, now: dt.datetime) -> int:
    """Failures within the window, not counting those before the end of an earlier lock."""
    since = now - failure_window()
    previous = (
        LoginLock.objects.filter(scope=scope, key=key).values_list("until", flat=True).first()
    )
    if previous is not None and previous > since:
        since = previous
    field = "username" if scope == LoginLock.Scope.USERNAME else "ip"
    return LoginFailure.objects.filter(**{field: key, "at__gte": since}).count()


def _impose(request: HttpRequest | None, scope: str, key: str, now: dt.datetime) -> Lock:
    until = now + lockout_duration()
    LoginLock.objects.update_or_create(scope=scope, key=key, defaults={"until": until})
    what = "tên đăng nhập" if scope == LoginLock.Scope.USERNAME else "địa chỉ mạng"
    audit(
        "login_locked",
        request=request,
        note=f"Tạm khóa {what} {key} đến {timezone.localtime(until):%d/%m/%Y %H:%M}",
    )
    return Lock(scope, until)


def _clean_old_rows(now: dt.datetime) -> None:
    horizon = now - max(failure_window(), lockout_duration())
    LoginFailure.objects.filter(at__lt=horizon).delete()
    LoginLock.objects.filter(until__lt=now - failure_window()).delete()


def record_failure(request: HttpRequest | None, username: str) -> Lock | None:
    """Count a failed sign-in for `username` from the client's address.

    Returns the lock this failure brings into force, if it reaches a threshold.
    """
    now = timezone.now()
    name = normalise_username(username)
    ip = ip_key(client_ip(request))
    _clean_old_rows(now)
    LoginFailure.objects.create(username=name, ip=ip, at=now)
    locks = []
    if name and _recent_failures(LoginLock.Scope.USERNAME, name, now) >= max_failures():
        locks.append(_impose(request, LoginLock.Scope.USERNAME, name, now))
    if ip and _recent_failures(LoginLock.Scope.IP, ip, now) >= max_failures_per_ip():
        locks.append(_impose(request, LoginLock.Scope.IP, ip, now))
    return max(locks, key=lambda lock: lock.until) if locks else None


def clear_failures(username: str) -> None:
    """A successful sign-in forgets the username's failures (not its address's)."""
    LoginFailure.objects.filter(username=normalise_username(username)).delete()


# --- two-step codes ------------------------------------------------------------------------


def confirmed_device(user: Any) -> TotpDevice | None:
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return None
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def has_confirmed_device(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return False
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def verify_code(device: TotpDevice, code: str, *, at: float | None = None) -> bool:
    """Whether `code` is the device's code for now or the step just before or after, and
    was not accepted before: the step is recorded so the same code is refused next time."""
    steps = totp.matching_steps(device.secret, code, time.time() if at is None else at)
    for step in steps:
        if step <= device.last_used_step:
            continue
        # Conditional update: of two simultaneous requests with one code, only one wins.
        won = TotpDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(
            last_used_step=step
        )
        if won:
            device.last_used_step = step
            return True
    return False


def requires_enrolment(user: Any) -> bool:
    """A superuser without an authenticator, while REQUIRE_2FA_FOR_ADMINS is on."""
    return (
        two_factor_required_for_admins()
        and getattr(user, "is_authenticated", False)
        and user.is_superuser
        and not has_confirmed_device(user)
    )


# --- the sign-in waiting for its code ------------------------------------------------------

PENDING_SESSION_KEY = "accounts_pending_login"


@dataclass(frozen=True)
class PendingLogin:
    user: Any
    backend: str
    next_url: str


def start_pending_login(request: HttpRequest, user: Any, next_url: str) -> None:
    """The password was right; remember who is signing in until the code is given."""
    request.session[PENDING_SESSION_KEY] = {
        "user_id": str(user.pk),
        "backend": getattr(user, "backend", "") or settings.AUTHENTICATION_BACKENDS[0],
        "started": timezone.now().timestamp(),
        "next": next_url,
    }


def clear_pending_login(request: HttpRequest) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


def pending_login(request: HttpRequest) -> PendingLogin | None:
    """The sign-in waiting for its code; None (and forgotten) once expired."""
    data = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(data, dict):
        return None
    age = timezone.now().timestamp() - float(data.get("started", 0))
    if not 0 <= age <= code_step_timeout():
        clear_pending_login(request)
        return None
    user = get_user_model()._default_manager.filter(pk=data.get("user_id"), is_active=True)
    found = user.first()
    if found is None:
        clear_pending_login(request)
        return None
    return PendingLogin(found, str(data.get("backend", "")), str(data.get("next", "")))


def after_login_url(user: Any, next_url: str) -> str:
    """Where to go once signed in: the enrolment page first, when it is required."""
    if requires_enrolment(user):
        return reverse("accounts:security")
    return next_url


# --- enrolment required for administrators -------------------------------------------------


def _url_path(url: str) -> str:
    path = urlsplit(url).path
    return path if path.startswith("/") else f"/{path}"


class TwoFactorRequiredMiddleware:
    """While REQUIRE_2FA_FOR_ADMINS is on, a signed-in superuser without a confirmed
    authenticator reaches only the enrolment page, sign-out and static files.

    Place it after AuthenticationMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            two_factor_required_for_admins()
            and user is not None
            and user.is_authenticated
            and user.is_superuser
            and not self._exempt(request.path)
            and not has_confirmed_device(user)
        ):
            target = reverse("accounts:security")
            if request.headers.get("HX-Request") == "true":
                return HttpResponse(status=200, headers={"HX-Redirect": target})
            return HttpResponseRedirect(target)
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        if path in (reverse("accounts:security"), reverse("accounts:logout")):
            return True
        prefixes = [settings.STATIC_URL, getattr(settings, "MEDIA_URL", "")]
        return any(
            prefix and _url_path(prefix) != "/" and path.startswith(_url_path(prefix))
            for prefix in prefixes
        )
