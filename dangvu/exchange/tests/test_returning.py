"""A member who left us by an official transfer out comes back by package onto the record
kept here; someone still on the rolls is refused; a name and birth date are no match."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import mask
from dangvu.core.dates import today
from dangvu.exchange.actions import NOT_IN_SCOPE, check_package
from dangvu.exchange.models import ReceivedPackage, StagedPackage
from dangvu.exchange.package import PackageError
from dangvu.exchange.tests.helpers import package_bytes, transferred_out, trust_own_key
from dangvu.exchange.tests.test_package import counts, receive
from dangvu.exchange.tests.test_views import upload
from dangvu.lib.vnformat import fmt_date
from dangvu.members.actions import Decision, do_end_membership
from dangvu.members.kinds import EventKind
from dangvu.members.models import Member
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db
IDENTITY = "052188004321"


def left_us(tree: dict[str, Any], name: str = "Trần Văn Đi", **fields: Any) -> Member:
    member = transferred_out(tree["C21"], name)
    Member.objects.filter(pk=member.pk).update(identity_number=IDENTITY, **fields)
    member.refresh_from_db()
    return member


def test_a_member_who_left_us_comes_back_onto_the_record_kept_here(
    client: Client, tree: dict[str, Any], cast: dict[str, Any], signing_key: Path
) -> None:
    trust_own_key()
    member = left_us(tree, phone="0905000111")
    left_on = member.events.get(kind=EventKind.TRANSFER_OUT).date
    # The sending committee wrote another phone number: ours is kept, the preview says so.
    content = package_bytes(member, member__phone="0987654321")
    client.force_login(cast["grassroots_editor"])
    response = upload(client, content)
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert (
        f"Đồng chí Trần Văn Đi từng sinh hoạt ở đây, chuyển đi ngày {fmt_date(left_on)}: "
        "gói sẽ ghi lại việc chuyển đến vào hồ sơ đã có" in preview
    )
    assert 'data-testid="differences"' in preview
    # Our record left from C21, outside GK1's subtree: the clerk is told which fields
    # differ, not what ours say.
    assert "0987654321" in preview and "0905000111" not in preview
    assert NOT_IN_SCOPE in preview
    assert "giữ nguyên thông tin đang có" in preview
    members_before = Member.objects.count()
    response = client.post(
        reverse("exchange:receive"),
        {
            "hanh_dong": "xac_nhan",
            "goi": StagedPackage.objects.get().sha256,
            "decision_number": "15-QĐ/ĐU",
            "decision_date": today().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    assert Member.objects.count() == members_before
    member.refresh_from_db()
    assert member.is_member and member.organisation_id == tree["C11"].pk
    assert member.phone == "0905000111"
    kinds = list(member.events.order_by("date", "id").values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.TRANSFER_OUT, EventKind.TRANSFER_IN]
    received = ReceivedPackage.objects.get()
    assert received.member_id == member.pk
    assert received.events.count() == len(kinds) - 1
    page = client.get(member.get_absolute_url()).content.decode()
    assert "Quá trình do đảng bộ nơi đi ghi" in page


def test_a_package_that_matches_ours_lists_no_difference(
    tree: dict[str, Any], signing_key: Path
) -> None:
    trust_own_key()
    member = left_us(tree)
    _, arrival = check_package(package_bytes(member), acting_user=None)
    assert arrival.returning == member
    assert arrival.differences == []


def test_someone_still_on_our_rolls_is_refused_naming_both_records(
    tree: dict[str, Any], signing_key: Path
) -> None:
    trust_own_key()
    here = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2005, 3, 2), "Lê Thị Ở")
    Member.objects.filter(pk=here.pk).update(identity_number=IDENTITY)
    sender = transferred_out(tree["C21"], "Phạm Văn Đến")
    content = package_bytes(sender, member__identity_number=IDENTITY)
    before = counts()
    with pytest.raises(PackageError, match="đã có trong danh sách") as refusal:
        receive(content, tree["C11"])
    assert "Phạm Văn Đến" in refusal.value.message and "Lê Thị Ở" in refusal.value.message
    assert counts() == before


def test_the_same_name_and_birth_date_is_not_a_returning_member(
    tree: dict[str, Any], signing_key: Path
) -> None:
    trust_own_key()
    member = left_us(tree)
    # Another person: same name and birth date, another identity number.
    content = package_bytes(member, member__identity_number="079190001234")
    _, arrival = check_package(content, acting_user=None)
    assert arrival.returning is None
    arrived = receive(content, tree["C11"])
    assert arrived.pk != member.pk
    assert arrived.full_name == member.full_name and arrived.birth_date == member.birth_date
    member.refresh_from_db()
    assert not member.is_member


def test_someone_off_the_rolls_for_another_reason_is_refused(
    tree: dict[str, Any], signing_key: Path
) -> None:
    trust_own_key()
    removed = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2005, 3, 2), "Lê Văn Xóa")
    Member.objects.filter(pk=removed.pk).update(identity_number=IDENTITY)
    day = today() - dt.timedelta(days=3)
    do_end_membership(
        removed,
        kind=EventKind.REMOVED,
        decision=Decision(day, "9-QĐ/ĐU", day),
        acting_user=None,
        cause="Bỏ sinh hoạt đảng.",
    )
    sender = transferred_out(tree["C21"], "Phạm Văn Đến")
    content = package_bytes(sender, member__identity_number=IDENTITY)
    with pytest.raises(PackageError, match="đã có trong danh sách") as refusal:
        check_package(content, acting_user=None)
    assert "Lê Văn Xóa" in refusal.value.message


def test_a_clerk_who_may_read_our_record_sees_our_values_with_numbers_masked(
    client: Client, tree: dict[str, Any], cast: dict[str, Any], signing_key: Path
) -> None:
    trust_own_key()
    member = left_us(tree, phone="0905000111")
    content = package_bytes(member, member__phone="0987654321")
    client.force_login(cast["officer"])
    response = upload(client, content)
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert mask("0905000111") in preview and "0905000111" not in preview
    assert "0987654321" in preview and NOT_IN_SCOPE not in preview
