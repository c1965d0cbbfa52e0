"""Every change, login, export and reveal leaves a trail that no one can edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import AuditEvent
from dangvu.core.concurrency import stamp
from dangvu.members import actions
from dangvu.members.tests.factories import existing
from dangvu.orgs import actions as org_actions
from dangvu.orgs.models import Organisation

pytestmark = pytest.mark.django_db
A = AuditEvent.Action


def seen(code: str) -> dict[str, str]:
    """The stamp a decision page of `code` carries (see `actions.check_seen`)."""
    org = Organisation.objects.get(code=code)
    return {"stamp": stamp(org, org_actions.ORG_STAMPED, org_actions.version_seen(org))}


@pytest.fixture
def an(tree: dict[str, Any]) -> Any:
    return existing(
        tree["C11"],
        dt.date(2020, 1, 1),
        dt.date(2001, 5, 1),
        "Nguyễn Văn An",
        identity_number="052085001234",
        phone="0905123456",
    )


def test_recording_and_voiding_leave_a_trail(
    client: Client, cast: dict[str, Any], an: Any, tree: dict[str, Any]
) -> None:
    client.force_login(cast["officer"])
    client.post(
        reverse("members:event", args=[an.pk, "MOVED"]), {"date": "2024-01-10", "to": "C12"}
    )
    move = an.events.get(kind="MOVED")
    client.post(reverse("members:void", args=[move.pk]), {"reason": "Ghi nhầm"})
    trail = AuditEvent.objects.filter(object_type="member", object_id=str(an.pk))
    actions_seen = list(trail.order_by("id").values_list("action", flat=True))
    assert actions_seen[:2] == [A.CREATE, A.CREATE]  # the record, then its opening event
    assert A.VOID in actions_seen
    moved = trail.filter(action=A.CREATE, username="bantochuc").get()
    assert moved.ip == "127.0.0.1" and moved.after["tổ chức"] == "C12"
    voided = trail.get(action=A.VOID)
    assert voided.note == "Lý do hủy: Ghi nhầm"
    page = client.get(reverse("members:detail", args=[an.pk])).content.decode()
    assert "Lịch sử thay đổi" in page and "Ghi nhầm" in page


def test_record_corrections_keep_before_and_after(cast: dict[str, Any], an: Any) -> None:
    person = actions.Person(
        full_name="Nguyễn Văn Ân",
        birth_date=an.birth_date,
        sex="M",
        identity_number=an.identity_number,
        phone=an.phone,
    )
    actions.do_update_member_record(an, person, acting_user=cast["officer"])
    event = AuditEvent.objects.get(action=A.UPDATE, object_id=str(an.pk))
    assert event.before["full_name"] == "Nguyễn Văn An"
    assert event.after["full_name"] == "Nguyễn Văn Ân"
    assert ("full_name", "Nguyễn Văn An", "Nguyễn Văn Ân") in event.changes()


def test_the_trail_cannot_be_edited_or_deleted(an: Any) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    event.note = "sửa"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_logins_and_failed_logins_are_recorded(client: Client, cast: dict[str, Any]) -> None:
    client.post(reverse("accounts:login"), {"username": "bantochuc", "password": "sai"})
    client.post(reverse("accounts:login"), {"username": "bantochuc", "password": "Mat-khau-2024!"})
    assert AuditEvent.objects.filter(action=A.LOGIN_FAILED, note__contains="bantochuc").exists()
    assert AuditEvent.objects.filter(action=A.LOGIN, username="bantochuc").exists()


def test_exports_are_recorded(client: Client, cast: dict[str, Any], an: Any) -> None:
    client.force_login(cast["officer"])
    client.get(reverse("members:list"), {"xuat": "csv"})
    assert AuditEvent.objects.filter(action=A.EXPORT, username="bantochuc").exists()


def test_identity_numbers_are_masked_and_reveals_are_audited(
    client: Client, cast: dict[str, Any], an: Any
) -> None:
    client.force_login(cast["viewer"])
    page = client.get(reverse("members:detail", args=[an.pk])).content.decode()
    assert "052085001234" not in page and "052*******34" in page
    assert "0905123456" not in page
    shown = client.post(reverse("members:reveal", args=[an.pk, "identity_number"]))
    assert "052085001234" in shown.content.decode()
    assert AuditEvent.objects.filter(action=A.REVEAL, username="xem").count() == 1
    client.force_login(cast["cell"])  # another subtree
    assert (
        client.post(reverse("members:reveal", args=[an.pk, "identity_number"])).status_code == 404
    )


def test_only_administrators_search_the_trail(
    client: Client, cast: dict[str, Any], admin_user: Any, an: Any
) -> None:
    client.force_login(cast["officer"])
    assert client.get(reverse("audit:search")).status_code == 404
    client.force_login(admin_user)
    body = client.get(reverse("audit:search"), {"hanh_dong": "create"}).content.decode()
    assert "Nguyễn Văn An" in body


def test_restructuring_is_recorded_on_the_organisation(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    client.force_login(cast["officer"])
    client.post(
        reverse("orgs:rename", args=["GC1"]),
        {**seen("GC1"), "new_name": "Chi bộ Sở Tư pháp tỉnh", "effective_date": "2022-01-01"},
    )
    event = AuditEvent.objects.filter(object_type="organisation", action=A.UPDATE).get()
    assert event.before["tên"] == "Chi bộ Sở Tư pháp"
    assert event.after["tên"] == "Chi bộ Sở Tư pháp tỉnh"
    page = client.get(reverse("orgs:detail", args=["GC1"])).content.decode()
    assert "Lịch sử thay đổi" in page


def test_rule_changes_in_the_admin_are_recorded(client: Client, admin_user: Any) -> None:
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:core_ruleversion_add"),
        {
            "key": "members.probation_months",
            "effective_from": "2027-01-01",
            "value": "12",
            "note": "Thử",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    event = AuditEvent.objects.get(object_type="ruleversion")
    assert event.action == A.CREATE and event.after["key"] == "members.probation_months"


def test_history_shows_ticks_dates_and_lists_as_a_clerk_reads_them() -> None:
    from dangvu.audit.models import AuditEvent

    event = AuditEvent(
        action=AuditEvent.Action.UPDATE,
        object_type="user",
        before={"is_staff": False, "birth_date": "1990-05-17", "groups": []},
        after={"is_staff": True, "birth_date": "1990-05-18", "groups": ["Văn phòng"]},
    )
    shown = {new: old for _, old, new in event.display_changes()}
    assert shown == {"Có": "Không", "18/05/1990": "17/05/1990", "Văn phòng": "—"}
