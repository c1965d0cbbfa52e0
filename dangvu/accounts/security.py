"""Sign-in security: the client's address, temporary locks, two-step codes, audit hooks.

Failed sign-ins are counted and locks imposed by django-axes (its database handler, with
`LockoutHandler` below giving each lockout parameter its own threshold); two-step codes
are django-otp's TOTP devices. This module holds what ties them to the application, with
thresholds read from settings:

- LOGIN_MAX_FAILURES = 5: failures for one username lock that username;
- LOGIN_MAX_FAILURES_PER_IP = 20: failures from one address lock it;
- LOGIN_LOCKOUT_SECONDS = 900: how long failures are remembered after the last one, and so
  how long a lock lasts (axes' cool-off time);
- LOGIN_CODE_TIMEOUT_SECONDS = 300: how long the two-step code page waits after the password;
- REQUIRE_2FA_FOR_ADMINS = False: superusers must enrol an authenticator before anything else;
- TRUSTED_PROXY_COUNT = 0: reverse proxies in front of the application that append the
  client's address to X-Forwarded-For.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import django_otp
from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import (
    get_client_parameters,
    get_client_username,
    get_cool_off,
    get_credentials,
    get_lockout_parameters,
)
from axes.models import AccessAttempt
from axes.utils import reset
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

# --- settings ------------------------------------------------------------------------------


def _int_setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_failures() -> int:
    return _int_setting("LOGIN_MAX_FAILURES", 5)


def max_failures_per_ip() -> int:
    return _int_setting("LOGIN_MAX_FAILURES_PER_IP", 20)


def lockout_duration(request: HttpRequest | None = None) -> dt.timedelta:
    """AXES_COOLOFF_TIME: read on each use, so LOGIN_LOCKOUT_SECONDS may change at run time."""
    return dt.timedelta(seconds=_int_setting("LOGIN_LOCKOUT_SECONDS", 15 * 60))


def code_step_timeout() -> int:
    return _int_setting("LOGIN_CODE_TIMEOUT_SECONDS", 5 * 60)


def two_factor_required_for_admins() -> bool:
    return bool(getattr(settings, "REQUIRE_2FA_FOR_ADMINS", False))


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
    """The address of the client, "" when unknown (also what the audit trail records).

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


def lockout_address(request: HttpRequest | None) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address failures are counted against, None when unknown.

    An IPv4 address as it is; for IPv6 the first address of its /64 network, since one
    IPv6 client usually holds a whole /64 and could otherwise change address at each try.
    """
    ip = client_ip(request)
    if not ip:
        return None
    address = ipaddress.ip_address(ip)
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
    return str(address)


def normalise_username(username: str) -> str:
    """One key for all the spellings of a username (case, compatibility forms, spaces)."""
    return unicodedata.normalize("NFKC", username).strip().casefold()[:150]


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """AXES_USERNAME_CALLABLE: the normalised username of the attempt, "" when none."""
    field = get_user_model().USERNAME_FIELD
    raw = (credentials or {}).get(field)
    if raw is None and request is not None:
        raw = request.POST.get(field)
    return normalise_username(str(raw)) if raw else ""


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


USERNAME = "username"
IP_ADDRESS = "ip_address"


@dataclass(frozen=True)
class Lock:
    scope: str  # USERNAME or IP_ADDRESS, axes' lockout parameter
    key: str
    until: dt.datetime

    @property
    def message(self) -> str:
        when = _local_hhmm(self.until)
        if self.scope == IP_ADDRESS:
            return (
                f"Địa chỉ mạng này tạm bị chặn do đăng nhập sai nhiều lần; hãy thử lại sau {when}."
            )
        return f"Tài khoản tạm khóa do đăng nhập sai nhiều lần; hãy thử lại sau {when}."


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a threshold of its own for each lockout parameter.

    Axes compares one number of failures with one limit (AXES_FAILURE_LIMIT), the same for
    the username and the address; here 5 failures lock a username and 20 an address, so
    that one office behind one address is not locked out by a single person's typing. This
    handler keeps all of axes' recording, expiry and signals and answers axes' question
    differently: `get_failures` is the number of lockout parameters that reached their own
    threshold, and AXES_FAILURE_LIMIT is 1.
    """

    LIMITS: dict[str, Callable[[], int]] = {USERNAME: max_failures, IP_ADDRESS: max_failures_per_ip}

    def locks(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> list[Lock]:
        """The locks in force for the request's username and address.

        A lock lasts while the failures within the cool-off time reach the threshold: from
        the newest failure back, until the moment the oldest of those that make up the
        threshold is a cool-off old.
        """
        AxesProxyHandler.update_request(request)
        cool_off = get_cool_off(request)
        # Strictly newer than the threshold: axes deletes attempts at the threshold
        # (clean_expired_user_attempts), so a lock ends exactly a cool-off after them.
        since = get_cool_off_threshold(request)
        username = get_client_username(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        filters = get_client_parameters(
            username, request.axes_ip_address, request.axes_user_agent, request, credentials
        )
        found = []
        for parameter, where in zip(parameters, filters, strict=True):
            names = [parameter] if isinstance(parameter, str) else list(parameter)
            if len(names) != 1 or names[0] not in self.LIMITS:
                raise ImproperlyConfigured(
                    f"AXES_LOCKOUT_PARAMETERS: each entry is one of {sorted(self.LIMITS)}"
                )
            key = where[names[0]]
            if not key:  # no username typed, or an unknown address: nothing to count
                continue
            rows = (
                AccessAttempt.objects.filter(**where, attempt_time__gt=since)
                .order_by("-attempt_time")
                .values_list("attempt_time", "failures_since_start")
            )
            total, limit = 0, self.LIMITS[names[0]]()
            for attempt_time, failures in rows:
                total += failures
                if total >= limit:
                    found.append(Lock(names[0], str(key), attempt_time + cool_off))
                    break
        return found

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        return len(self.locks(request, credentials))


def _handler() -> LockoutHandler:
    handler = AxesProxyHandler.get_implementation()
    if not isinstance(handler, LockoutHandler):
        raise ImproperlyConfigured("AXES_HANDLER must be dangvu.accounts.security.LockoutHandler")
    return handler


def active_locks(request: HttpRequest, username: str) -> list[Lock]:
    """The locks (on the username, on the client's address) in force now."""
    credentials = get_credentials(username)
    if AxesProxyHandler.is_allowed(request, credentials):
        return []
    return _handler().locks(request, credentials)


def active_lock(request: HttpRequest, username: str) -> Lock | None:
    """The lock in force now that lasts longest, if any."""
    return max(active_locks(request, username), key=lambda lock: lock.until, default=None)


def record_failure(request: HttpRequest, username: str) -> Lock | None:
    """Count a failed sign-in that Django's authenticate() does not see (a wrong two-step
    code, a wrong current password) for `username` from the client's address.

    Returns the lock this failure brings into force, if it reaches a threshold.
    """
    AxesProxyHandler.user_login_failed(
        sender=__name__, credentials=get_credentials(username), request=request
    )
    if getattr(request, "axes_locked_out", False):
        return active_lock(request, username)
    return None


def clear_failures(username: str) -> None:
    """A complete sign-in forgets the username's failures. Not AXES_RESET_ON_SUCCESS: that
    would also forget every failure from the address, and anyone with one account could
    then keep an address's count at zero between guesses at other accounts."""
    reset(username=normalise_username(username))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any]
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the page shown when a failure has just brought a lock into
    force; each such lock is written to the audit trail here.

    Here rather than in a receiver of axes' user_locked_out signal: that signal is sent
    while Django's user_login_failed is being handled, and the trail must show the failure
    before the lock whichever receiver Django calls first.
    """
    username = str((credentials or {}).get(get_user_model().USERNAME_FIELD) or "")
    locks = _handler().locks(request, get_credentials(username))
    for lock in locks:
        if lock.scope == USERNAME:
            what = f"tên đăng nhập {lock.key}"
        else:  # an IPv6 client is counted by its /64 network
            what = f"địa chỉ mạng {lock.key}{'/64' if ':' in lock.key else ''}"
        until = timezone.localtime(lock.until)
        audit("login_locked", request=request, note=f"Tạm khóa {what} đến {until:%d/%m/%Y %H:%M}")
    lock = max(locks, key=lambda item: item.until, default=None)
    message = (
        lock.message
        if lock is not None
        else "Đăng nhập tạm bị khóa do sai nhiều lần; hãy thử lại sau ít phút."
    )
    return render(request, "accounts/locked.html", {"message": message}, status=429)


# --- two-step codes ------------------------------------------------------------------------

DEVICE_NAME = "Ứng dụng xác thực"


def confirmed_device(user: Any) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def has_confirmed_device(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return False
    return django_otp.user_has_device(user, confirmed=True)


def verify_code(device: TOTPDevice, code: str) -> bool:
    """Whether `code` is the device's code for now or the step just before or after, and
    was not accepted before (django-otp keeps the last step accepted, `last_t`).

    Through django_otp.verify_token, which locks the device's row while it checks: of two
    simultaneous requests with one code, only one wins. `device` is reloaded afterwards,
    so the caller holds its new state.
    """
    verified = django_otp.verify_token(device.user, device.persistent_id, code) is not None
    device.refresh_from_db()
    return verified


def secret_for_typing(device: TOTPDevice) -> str:
    """The device's key as authenticator applications take it when typed: base32 without
    padding, in groups of four characters."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


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
        # Set by authenticate(): the backend that accepted the password.
        "backend": user.backend,
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
