"""Helpers for the sign-in security tests."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from zoneinfo import ZoneInfo

from axes.models import AccessAttempt
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "Mat-khau-2024!"
# Monday 3 March 2025, 09:00 in Hà Nội.
T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def code_for(device: TOTPDevice, *, shift_steps: int = 0) -> str:
    """The code the device's authenticator shows now (or `shift_steps` steps away), as the
    phone shows it: with its leading zeros."""
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits)
    generator.time = time.time() + shift_steps * device.step
    return f"{generator.token():0{device.digits}d}"


def failures(**where: str) -> int:
    """The failed sign-ins django-axes counts for a (normalised) username or an address."""
    total = AccessAttempt.objects.filter(**where).aggregate(n=Sum("failures_since_start"))["n"]
    return total or 0


def login(
    client: Client, username: str, password: str = PASSWORD, *, ip: str = "127.0.0.1", **data: str
) -> Any:
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password, **data},
        REMOTE_ADDR=ip,
    )


def submit_code(client: Client, code: str, *, ip: str = "127.0.0.1") -> Any:
    return client.post(reverse("accounts:login_code"), {"code": code}, REMOTE_ADDR=ip)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session
