"""Authenticators enrolled before django-otp keep working after the migration that moves them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.accounts import security

BEFORE = [("accounts", "0002_login_security_totp"), ("otp_totp", "0003_add_timestamps")]
AFTER = [("accounts", "0003_totp_devices_to_django_otp")]
RFC_KEY = b"12345678901234567890"
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of RFC_KEY, as the old model kept it
AT = 1111111111  # step 37037037
CONFIRMED = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.UTC)


def migrate(targets: list[tuple[str, str]]) -> Any:
    """Bring the schema to `targets`; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_afterwards(transactional_db: None) -> Iterator[None]:
    """The tests after these find the schema as it is today, even if one fails midway."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_enrolled_devices_move_with_their_key_and_last_used_step(
    latest_afterwards: None,
) -> None:
    old_apps = migrate(BEFORE)
    User = old_apps.get_model("auth", "User")
    Old = old_apps.get_model("accounts", "TotpDevice")
    admin = User.objects.create(username="quantri", is_superuser=True)
    pending = User.objects.create(username="dangky")
    Old.objects.create(
        user=admin,
        secret=RFC_SECRET.lower()[:16] + " " + RFC_SECRET.lower()[16:],
        confirmed_at=CONFIRMED,
        last_used_step=37037036,
    )
    Old.objects.create(user=pending, secret=RFC_SECRET)

    new_apps = migrate(AFTER)
    New = new_apps.get_model("otp_totp", "TOTPDevice")
    enrolled = New.objects.get(user_id=admin.pk)
    assert enrolled.key == RFC_KEY.hex()
    assert enrolled.confirmed
    assert enrolled.last_t == 37037036
    assert enrolled.created_at == CONFIRMED
    assert (enrolled.step, enrolled.t0, enrolled.digits, enrolled.tolerance) == (30, 0, 6, 1)
    unfinished = New.objects.get(user_id=pending.pk)
    assert not unfinished.confirmed
    assert unfinished.last_t == -1

    # With today's schema and models: the administrator's phone still signs in, and the code
    # of the step used last before the upgrade is still refused.
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    device = TOTPDevice.objects.get(user_id=admin.pk)
    with time_machine.travel(AT, tick=False):
        generator = TOTP(RFC_KEY)
        generator.time = AT - 30
        assert not security.verify_code(device, f"{generator.token():06d}")
        generator.time = AT
        assert security.verify_code(device, f"{generator.token():06d}")


def test_the_move_can_be_undone(latest_afterwards: None) -> None:
    migrate(BEFORE)
    new_apps = migrate(AFTER)
    User = new_apps.get_model("auth", "User")
    New = new_apps.get_model("otp_totp", "TOTPDevice")
    user = User.objects.create(username="quantri")
    New.objects.create(user=user, name="x", key=RFC_KEY.hex(), confirmed=True, last_t=37037036)
    old_apps = migrate(BEFORE)
    old = old_apps.get_model("accounts", "TotpDevice").objects.get(user_id=user.pk)
    assert old.secret == RFC_SECRET
    assert old.last_used_step == 37037036
    assert old.confirmed_at is not None
