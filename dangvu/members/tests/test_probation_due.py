"""The probation due list dates every probationary member from the admission ceremony.

Điều lệ Đảng (2011), Điều 5, khoản 1: "thời kỳ dự bị mười hai tháng, tính từ ngày chi bộ
tổ chức lễ kết nạp" — the ceremony, wherever it was held. Quy định 29-QĐ/TW (2016), mục 4,
kept by Quy định 24-QĐ/TW (2021) and 294-QĐ/TW (2025): within 30 working days from the end
of the 12 months the cell considers and proposes confirmation. So the list holds every
probationary member on the books, however they came onto them (admitted here, loaded by the
roll, transferred in, back from a transfer out), each due on the day 12 months after their
ceremony, with the last day of the 30 working days (public holidays skipped) as deadline.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from dangvu.core.dates import add_months, add_working_days
from dangvu.core.errors import DomainError
from dangvu.core.importing import get_kind
from dangvu.members import actions, queries
from dangvu.members.actions import Decision, PartyFile
from dangvu.members.models import Member
from dangvu.members.tests.factories import admit, person
from dangvu.orgs.models import Organisation

pytestmark = pytest.mark.django_db

CEREMONY = dt.date(2022, 5, 10)  # held on a Tuesday
ADMITTED = dt.date(2022, 4, 25)  # the decision before it
ARRIVAL = dt.date(2022, 11, 1)  # the day the member came onto our books, if later


def admitted_here(org: Organisation) -> Member:
    return admit(org, ADMITTED, ceremony=CEREMONY)


def loaded_by_the_roll(org: Organisation) -> Member:
    return actions.do_record_existing_member(
        person(),
        organisation=org,
        on=ARRIVAL,
        admission_decision_date=ADMITTED,
        ceremony_date=CEREMONY,
        acting_user=None,
    )


def transferred_in(org: Organisation) -> Member:
    return actions.do_transfer_in(
        person(),
        organisation=org,
        external_party="Đảng bộ tỉnh Gia Lai",
        party_file=PartyFile(ADMITTED, CEREMONY),
        decision=Decision(ARRIVAL),
        acting_user=None,
    )


def back_from_a_transfer_out(org: Organisation) -> Member:
    """Admitted here, transferred out, and received back while still probationary."""
    member = admitted_here(org)
    actions.do_transfer_out(
        member,
        external_party="Đảng bộ tỉnh Gia Lai",
        decision=Decision(dt.date(2022, 8, 1)),
        acting_user=None,
    )
    return actions.do_transfer_in(
        None,
        member=member,
        organisation=org,
        external_party="Đảng bộ tỉnh Gia Lai",
        decision=Decision(ARRIVAL),
        acting_user=None,
    )


WAYS: dict[str, Callable[[Organisation], Member]] = {
    "admitted here": admitted_here,
    "loaded by the roll": loaded_by_the_roll,
    "transferred in": transferred_in,
    "back from a transfer out": back_from_a_transfer_out,
}


@pytest.mark.parametrize("way", list(WAYS))
def test_every_probationary_member_is_due_twelve_months_after_the_ceremony(
    tree: dict[str, Any], way: str
) -> None:
    """Điều lệ Đảng, Điều 5, khoản 1: 12 months from the ceremony, wherever it was held;
    a transfer or the loading of the roll does not restart probation."""
    member = WAYS[way](tree["C11"])
    end = add_months(CEREMONY, 12)
    items = queries.probation_due(tree["BLOC"], end - dt.timedelta(days=20), within_days=30)
    assert [(i.member.pk, i.due) for i in items] == [(member.pk, end)]
    assert not items[0].overdue
    # The list and the confirmation agree on the day probation ends.
    assert actions.probation_end(member) == end
    # Not yet on the list two months before.
    assert queries.probation_due(tree["BLOC"], end - dt.timedelta(days=60), 30) == []


@pytest.mark.parametrize("way", list(WAYS))
def test_the_cell_has_thirty_working_days_after_probation_ends(
    tree: dict[str, Any], way: str
) -> None:
    """Quy định 29-QĐ/TW 2016, mục 4 (and the later regulations): within 30 working days
    from the end of the 12 months the cell considers confirmation; after that, overdue."""
    WAYS[way](tree["C11"])
    end = add_months(CEREMONY, 12)
    limit = add_working_days(end, 30)
    on_the_last_day = queries.probation_due(tree["BLOC"], limit, within_days=0)
    assert len(on_the_last_day) == 1 and not on_the_last_day[0].overdue
    assert f"{limit:%d/%m/%Y}" in on_the_last_day[0].note
    late = queries.probation_due(tree["BLOC"], limit + dt.timedelta(days=1), within_days=0)
    assert len(late) == 1 and late[0].overdue and "quá hạn xét" in late[0].note


def test_the_deadline_skips_tet(tree: dict[str, Any]) -> None:
    """Working days are Monday to Friday less public holidays (Bộ luật Lao động 2019,
    Điều 112): a probation ending in January 2024 has Tết (08–14/02/2024) inside its
    30 working days, so the deadline falls later than 30 weekdays would."""
    ceremony = dt.date(2023, 1, 9)
    admit(tree["C11"], dt.date(2023, 1, 3), ceremony=ceremony)
    end = add_months(ceremony, 12)
    weekdays, day = 0, end
    while weekdays < 30:
        day += dt.timedelta(days=1)
        weekdays += day.weekday() < 5
    items = queries.probation_due(tree["BLOC"], end, within_days=0)
    assert f"{add_working_days(end, 30):%d/%m/%Y}" in items[0].note
    assert add_working_days(end, 30) > day


def test_a_probationary_member_brought_in_without_a_ceremony_date_is_refused(
    tree: dict[str, Any],
) -> None:
    """Probation is dated from the ceremony (Điều lệ Đảng, Điều 5, khoản 1), so the roll and
    a transfer-in of a probationary member must carry it; a full member need not."""
    for bring in (
        lambda pf: actions.do_record_existing_member(
            person(),
            organisation=tree["C11"],
            on=ARRIVAL,
            admission_decision_date=pf.admission_decision_date,
            ceremony_date=pf.ceremony_date,
            full_member_date=pf.full_member_date,
            acting_user=None,
        ),
        lambda pf: actions.do_transfer_in(
            person(),
            organisation=tree["C11"],
            external_party="Đảng bộ tỉnh Gia Lai",
            party_file=pf,
            decision=Decision(ARRIVAL),
            acting_user=None,
        ),
    ):
        with pytest.raises(DomainError, match="phải có ngày lễ kết nạp") as refused:
            bring(PartyFile(ADMITTED))
        assert refused.value.field == "ceremony_date"
        bring(PartyFile(dt.date(2010, 3, 1), None, dt.date(2011, 3, 15)))  # full: accepted


def _roll(rows: list[dict[str, Any]], kind: str, tmp_path: Path) -> str:
    heads = [c.header for c in get_kind(kind).columns]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(heads)
    for row in rows:
        sheet.append([row.get(h) for h in heads])
    path = tmp_path / "tep.xlsx"
    book.save(path)
    out = io.StringIO()
    try:
        call_command("import_records", kind, str(path), stdout=out)
    except CommandError:
        return "refused: " + out.getvalue()
    return out.getvalue()


ROW = {
    "Họ và tên": "Trần Thị Dự Bị",
    "Ngày sinh": "17/05/1995",
    "Giới tính": "Nữ",
    "Chi bộ": "C11",
    "Tổ chức": "C11",
    "Đảng bộ nơi đi / nơi đến": "Đảng bộ tỉnh Gia Lai",
    "Ghi nhận từ ngày": ARRIVAL.strftime("%d/%m/%Y"),
    "Ngày": ARRIVAL.strftime("%d/%m/%Y"),
    "Ngày kết nạp": ADMITTED.strftime("%d/%m/%Y"),
}


@pytest.mark.parametrize("kind", ["members", "events-transfers-in"])
def test_the_roll_and_transfers_in_import_carry_the_ceremony(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path, kind: str
) -> None:
    """The import of the roll and of transfers in: a probationary row without «Ngày lễ kết
    nạp» is refused naming the column; with it, the member is due 12 months after it."""
    refused = _roll([ROW], kind, tmp_path)
    assert refused.startswith("refused") and "phải có ngày lễ kết nạp" in refused, refused
    assert not Member.objects.exists()
    done = _roll([{**ROW, "Ngày lễ kết nạp": CEREMONY.strftime("%d/%m/%Y")}], kind, tmp_path)
    assert not done.startswith("refused"), done
    member = Member.objects.get()
    end = add_months(CEREMONY, 12)
    items = queries.probation_due(tree["BLOC"], end, within_days=0)
    assert [(i.member.pk, i.due) for i in items] == [(member.pk, end)]
