"""Uploads never confirmed are removed after the retention, by `purge_exchange_uploads`."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dangvu.audit.models import AuditEvent
from dangvu.exchange.actions import do_stage_package
from dangvu.exchange.models import StagedPackage
from dangvu.exchange.tests.helpers import package_bytes, transferred_out, trust_own_key

pytestmark = pytest.mark.django_db


def held(tree: dict[str, Any], cast: dict[str, Any], age_days: int, name: str) -> StagedPackage:
    member = transferred_out(tree["C21"], name)
    staged = do_stage_package(
        package_bytes(member), organisation=tree["C11"], acting_user=cast["grassroots_editor"]
    )
    StagedPackage.objects.filter(pk=staged.pk).update(
        uploaded_at=timezone.now() - dt.timedelta(days=age_days)
    )
    return staged


def run(*args: str) -> str:
    out = StringIO()
    call_command("purge_exchange_uploads", *args, stdout=out)
    return out.getvalue()


def test_it_removes_only_uploads_older_than_the_retention_and_says_which(
    tree: dict[str, Any], cast: dict[str, Any], signing_key: Path, settings: Any
) -> None:
    settings.DANGVU_EXCHANGE_STAGED_DAYS = 7
    trust_own_key()
    old = held(tree, cast, 8, "Trần Văn Cũ")
    fresh = held(tree, cast, 2, "Trần Văn Mới")
    output = run("--for-real")
    assert list(StagedPackage.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert old.sha256[:12] in output and fresh.sha256[:12] not in output
    assert "Đã xóa 1 gói" in output
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VOID, object_id=str(old.pk), before__sha256=old.sha256
    ).exists()
    # Idempotent: a second run finds nothing more to remove.
    assert "Đã xóa 0 gói" in run("--for-real")
    assert StagedPackage.objects.count() == 1


def test_without_for_real_it_lists_and_removes_nothing(
    tree: dict[str, Any], cast: dict[str, Any], signing_key: Path
) -> None:
    trust_own_key()
    old = held(tree, cast, 30, "Trần Văn Cũ")
    output = run()
    assert old.sha256[:12] in output and "Sẽ xóa 1 gói" in output
    assert StagedPackage.objects.filter(pk=old.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VOID).exists()


def test_days_given_on_the_command_line_win_and_zero_is_refused(
    tree: dict[str, Any], cast: dict[str, Any], signing_key: Path
) -> None:
    trust_own_key()
    held(tree, cast, 3, "Trần Văn Cũ")
    assert "Đã xóa 0 gói" in run("--for-real")
    assert "Đã xóa 1 gói" in run("--for-real", "--days", "2")
    with pytest.raises(CommandError, match="từ 1 trở lên"):
        run("--days", "0")
