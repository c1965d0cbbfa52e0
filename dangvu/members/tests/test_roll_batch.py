"""The roll's batched import says and writes exactly what the one-row path does.

Each file below is imported twice into the same starting database: once through the
kind as declared (checked a chunk at a time, written in bulk) and once with the batch
taken away (each row through `do_record_existing_member` in its own savepoint). Chunks
of two rows make every case cross a chunk boundary.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.audit.models import AuditEvent
from dangvu.core import importing
from dangvu.core.importing import Report, get_kind, run_import
from dangvu.core.tests.test_import import MEMBER, xlsx
from dangvu.members.models import Member, MembershipInterval
from dangvu.orgs.models import Organisation

pytestmark = pytest.mark.django_db

BASE = {**MEMBER, "Số thẻ đảng viên": ""}


def person(n: int, **changes: Any) -> dict[str, Any]:
    return {
        **BASE,
        "Họ và tên": f"Lê Thị Hoa {n}",
        "Giới tính": "Nữ",
        "Số CCCD": f"0520850{n:05d}",
        **changes,
    }


FILES: dict[str, list[dict[str, Any]]] = {
    "clean": [person(n) for n in range(5)],
    "the same identity twice": [person(1), person(2), person(1, **{"Chi bộ": "C21"})],
    "the same person without identity twice": [
        person(1, **{"Số CCCD": ""}),
        person(2),
        person(1, **{"Số CCCD": ""}),
    ],
    "the same person again without identity": [
        person(1),
        person(2),
        person(1, **{"Số CCCD": ""}),
    ],
    "a namesake admitted on another day": [
        person(1),
        person(2),
        person(1, **{"Số CCCD": "", "Ngày kết nạp": "01/01/2011", "Ngày lễ kết nạp": ""}),
        person(9, **{"Số CCCD": "", "Ngày kết nạp": "01/01/2011", "Ngày lễ kết nạp": ""}),
    ],
    "a card number used twice": [
        person(1, **{"Số thẻ đảng viên": "0011"}),
        person(2),
        person(3, **{"Số thẻ đảng viên": "0011"}),
    ],
    "bad rows among good ones": [
        person(1),
        person(2, **{"Chi bộ": "KHÔNG-CÓ"}),
        person(3, **{"Ngày chính thức": "01/01/2000"}),
        person(4, **{"Số CCCD": "123"}),
        person(5),
    ],
    "a row for someone already here": [person(9), person(1), person(2)],
    "an organisation outside the scope": [person(1), person(2, **{"Chi bộ": "C21"})],
}


def _outcome(report: Report) -> dict[str, Any]:
    state = sorted(
        (m.identity_number, m.full_name, m.status, m.organisation_id, m.card_number)
        for m in Member.objects.all()
    )
    intervals = sorted(
        (i.member.identity_number, i.member.full_name, i.path, i.status, i.valid_from, i.valid_to)
        for i in MembershipInterval.objects.select_related("member")
    )
    return {
        "created": report.created,
        "unchanged": report.unchanged,
        "problems": [(p.row, p.column, p.message) for p in report.problems],
        "duplicates": [(p.row, p.message) for p in report.duplicates],
        "members": state,
        "intervals": intervals,
        "audit": AuditEvent.objects.filter(object_type="member").count(),
    }


def _run(rows: list[dict[str, Any]], user: Any, scope: Any, *, batched: bool) -> dict[str, Any]:
    kind = get_kind("members")
    if not batched:
        kind = dataclasses.replace(kind, batch=None)
    with transaction.atomic():
        report = run_import(
            kind, xlsx("members", rows), "tep.xlsx", user=user, scope=scope, commit=True
        )
        outcome = _outcome(report)
        transaction.set_rollback(True)
    return outcome


@pytest.mark.parametrize("name", FILES)
def test_batched_and_one_row_imports_agree(
    name: str, tree: dict[str, Any], cast: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)
    # Someone already on the roll, for the rows that speak of them again.
    run_import(
        get_kind("members"),
        xlsx("members", [person(9)]),
        "tep.xlsx",
        user=None,
        scope=Organisation.objects.all(),
        commit=True,
    )
    user = cast["grassroots_editor"]
    scope = member_editable_organisations(user)
    batched = _run(FILES[name], user, scope, batched=True)
    one_row = _run(FILES[name], user, scope, batched=False)
    assert batched == one_row
    assert batched["created"] + batched["unchanged"] + len(batched["problems"]) + len(
        batched["duplicates"]
    ) == len(FILES[name])
    if name == "a namesake admitted on another day":
        assert [row for row, _ in batched["duplicates"]] == [4, 5]


def test_a_batched_roll_writes_what_the_form_writes(tree: dict[str, Any]) -> None:
    report = run_import(
        get_kind("members"),
        xlsx("members", [person(1, **{"Số thẻ đảng viên": "0077"})]),
        "tep.xlsx",
        user=None,
        scope=Organisation.objects.all(),
        commit=True,
    )
    assert report.ok and report.created == 1
    member = Member.objects.get(identity_number="052085000001")
    assert member.status == "FULL" and member.card_number == "0077"
    assert member.organisation.code == "C11"
    (interval,) = member.intervals.all()
    assert interval.valid_from == dt.date(2021, 1, 1) and interval.start_kind == "OPENING"
    assert member.events.get().details == {"status": "FULL"}
