"""Helpers for the sign-in security tests."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from zoneinfo import ZoneInfo

from django.test import Client
from django.urls import reverse

from dangvu.accounts import totp
from dangvu.accounts.models import TotpDevice

PASSWORD = "Mat-khau-2024!"
# Monday 3 March 2025, 09:00 in Hà Nội.
T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def code_for(device: TotpDevice, *, shift_steps: int = 0) -> str:
    """The code the device's authenticator shows now (or `shift_steps` steps away)."""
    at = time.time() + shift_steps * totp.STEP_SECONDS
    return totp.totp(totp.secret_bytes(device.secret), at)


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
