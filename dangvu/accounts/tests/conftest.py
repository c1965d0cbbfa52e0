"""Fixtures for the sign-in security tests: users, authenticator devices, a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.accounts.tests.helpers import PASSWORD, T0


@pytest.fixture
def clock() -> Iterator[Any]:
    """Time stands still at T0 until moved with clock.move_to(...) or clock.shift(...)."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def user(db: None, django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(
        "nguyenvana", password=PASSWORD, first_name="Văn A", last_name="Nguyễn"
    )


@pytest.fixture
def device(user: Any) -> TOTPDevice:
    """A confirmed authenticator (django-otp's TOTP device, with a random key)."""
    return TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)


@pytest.fixture
def audit_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """What security.audit hands to dangvu.audit.log.record, instead of writing it."""
    if not apps.is_installed("dangvu.audit"):
        pytest.skip("the audit application is not installed")
    from dangvu.audit import log

    calls: list[tuple[str, dict[str, Any]]] = []

    def record(action: str, **kw: Any) -> None:
        calls.append((action, kw))

    monkeypatch.setattr(log, "record", record)
    return calls
