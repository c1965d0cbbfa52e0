"""Indicators of member work, all read from the ledger's intervals and events."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from dangvu.members import batch, queries
from dangvu.members.kinds import DisciplineForm, EventKind
from dangvu.orgs.models import Organisation
from dangvu.reports.registry import (
    Figure,
    Period,
    percent,
    records_link,
    register,
    register_many,
    value,
)

OWNER = "members"
ONE_DAY = dt.timedelta(days=1)


@register(
    "members.end",
    "Tổng số đảng viên cuối kỳ",
    "đảng viên",
    "Đảng viên trong phạm vi ngày cuối kỳ (chính thức và dự bị).",
    owner=OWNER,
    records=records_link("members:list", year=False, day="end"),
)
def end(org: Organisation, period: Period) -> Figure:
    counts = queries.members_at(org, period.end)
    return Figure(counts["total"], {"Chính thức": counts["FULL"], "Dự bị": counts["PROBATIONARY"]})


_BEFORE_START = records_link("members:list", year=False, day="before_start")
_ON_DAY = records_link("members:list", year=False, day="end")


def _start_records(org: Organisation, period: Period) -> str | None:
    """The list behind the start stock: the members of the day before the period or, when
    the roll was loaded during the period, the members on the books on its last loading day.
    """
    day = queries.last_loading_day(org, period.start, period.end)
    if day is None:
        return _BEFORE_START(org, period)
    return _ON_DAY(org, Period(day, day))


@register(
    "members.start",
    "Tổng số đảng viên đầu kỳ",
    "đảng viên",
    "Đảng viên trong phạm vi ngày trước ngày đầu kỳ, cộng đảng viên có tên trong danh sách "
    "khi bắt đầu dùng hệ thống nếu danh sách được nhập vào một ngày trong kỳ (số có sẵn khi "
    "bắt đầu dùng hệ thống là số đầu kỳ, không phải số tăng trong kỳ).",
    owner=OWNER,
    records=_start_records,
)
def start(org: Organisation, period: Period) -> int:
    before = queries.members_at(org, period.start - ONE_DAY)["total"]
    return before + queries.loaded(org, period.start, period.end)


def _flow(direction: str, kind: str) -> object:
    def compute(org: Organisation, period: Period) -> int:
        return queries.flows(org, period.start, period.end)[direction][kind]

    return compute


# The roll loaded when the system was taken into use (OPENING) is no flow: it is in the
# start stock (members.start), so no figure shows it as an inflow.
FLOWS = [
    ("members.admitted", "in", "ADMITTED", "Kết nạp đảng viên mới"),
    ("members.readmitted", "in", "READMITTED", "Kết nạp lại"),
    ("members.restored", "in", "RESTORED", "Phục hồi đảng tịch"),
    ("members.transferred_in", "in", "TRANSFER_IN", "Tiếp nhận đảng viên chuyển đến"),
    ("members.moved_in", "in", "MOVED", "Chuyển đến từ tổ chức khác trong Đảng bộ"),
    ("members.transferred_out", "out", "TRANSFER_OUT", "Chuyển sinh hoạt đảng đi"),
    ("members.moved_out", "out", "MOVED", "Chuyển đi tổ chức khác trong Đảng bộ"),
    ("members.died", "out", "DIED", "Đảng viên từ trần"),
    ("members.expelled", "out", "EXPELLED", "Khai trừ"),
    ("members.removed", "out", "REMOVED", "Xóa tên"),
    ("members.resigned", "out", "RESIGNED", "Xin ra khỏi Đảng"),
]
for code, direction, kind, label in FLOWS:
    register(
        code,
        label,
        "đảng viên",
        f"Số đảng viên {label.lower()} trong kỳ, trong phạm vi (theo cơ cấu ngày xảy ra).",
        owner=OWNER,
        # A move between two organisations of a committee is a flow of each, not of it.
        additive=kind != "MOVED",
    )(_flow(direction, kind))


@register(
    "members.admitted.pct_start",
    "Tỷ lệ kết nạp so với tổng số đảng viên",
    "%",
    "Kết nạp mới trong kỳ chia tổng số đảng viên đầu kỳ.",
    owner=OWNER,
    additive=False,
)
def admitted_pct_start(org: Organisation, period: Period) -> float | None:
    return percent(
        value("members.admitted", org, period).value, value("members.start", org, period).value
    )


def _events(kind: str) -> object:
    def compute(org: Organisation, period: Period) -> int:
        return queries.events_in(org, period.start, period.end, [kind]).count()

    return compute


register(
    "members.confirmed",
    "Chuyển đảng chính thức",
    "đảng viên",
    "Quyết định chuyển đảng chính thức trong kỳ.",
    owner=OWNER,
)(_events(EventKind.CONFIRMED))
register(
    "members.cards_issued",
    "Phát thẻ đảng viên",
    "thẻ",
    "Thẻ đảng viên được phát trong kỳ.",
    owner=OWNER,
)(_events(EventKind.CARD_ISSUED))


@register(
    "members.transfers",
    "Tiếp nhận và chuyển sinh hoạt đảng",
    "đảng viên",
    "Chuyển đến cộng chuyển đi chính thức (ngoài Đảng bộ) trong kỳ.",
    owner=OWNER,
)
def transfers(org: Organisation, period: Period) -> int:
    f = queries.flows(org, period.start, period.end)
    return f["in"]["TRANSFER_IN"] + f["out"]["TRANSFER_OUT"]


@register(
    "members.badges_proposed",
    "Đề nghị tặng Huy hiệu Đảng",
    "đảng viên",
    "Đề nghị tặng Huy hiệu Đảng trong kỳ, theo mốc năm tuổi Đảng.",
    owner=OWNER,
)
def badges_proposed(org: Organisation, period: Period) -> Figure:
    events = queries.events_in(org, period.start, period.end, [EventKind.BADGE_PROPOSED])
    by_milestone = Counter(f"{m} năm" for m in events.values_list("details__milestone", flat=True))
    return Figure(sum(by_milestone.values()), dict(sorted(by_milestone.items())))


@register(
    "discipline.members",
    "Đảng viên bị kỷ luật",
    "đảng viên",
    "Quyết định kỷ luật đảng viên trong kỳ, theo hình thức.",
    owner=OWNER,
)
def disciplined(org: Organisation, period: Period) -> Figure:
    events = queries.events_in(org, period.start, period.end, [EventKind.DISCIPLINED])
    forms = Counter(events.values_list("details__form", flat=True))
    return Figure(sum(forms.values()), _by_form(forms))


def _by_form(forms: Counter[Any]) -> dict[str, int]:
    """Counts by form, heaviest first as party reports write them (khai trừ, cách chức,
    cảnh cáo, khiển trách), so that prose, tables and workbooks list them in that order."""
    return {DisciplineForm(f).label: forms[f] for f in DisciplineForm.values if forms.get(f)}


# --- batch forms (the statistical table: every grassroots organisation at once) ------
# Each gives, for every organisation, what the single form above gives; see batch.py.

Many = dict[int, Figure | int | float | None]


@register_many("members.end")
def end_many(orgs: list[Organisation], period: Period) -> Many:
    return {
        org_id: Figure(c["total"], {"Chính thức": c["FULL"], "Dự bị": c["PROBATIONARY"]})
        for org_id, c in batch.members_at_many(orgs, period.end).items()
    }


@register_many("members.start")
def start_many(orgs: list[Organisation], period: Period) -> Many:
    before = batch.members_at_many(orgs, period.start - ONE_DAY)
    loaded = batch.loaded_many(orgs, period.start, period.end)
    return {o.pk: before[o.pk]["total"] + loaded[o.pk] for o in orgs}


def _flow_many(direction: str, kind: str) -> object:
    def compute(orgs: list[Organisation], period: Period) -> Many:
        found = batch.flows_many(orgs, period.start, period.end, [direction])
        return {org_id: f[direction][kind] for org_id, f in found.items()}

    return compute


for code, direction, kind, _label in FLOWS:
    register_many(code)(_flow_many(direction, kind))


@register_many("members.transfers")
def transfers_many(orgs: list[Organisation], period: Period) -> Many:
    found = batch.flows_many(orgs, period.start, period.end)
    return {
        org_id: f["in"]["TRANSFER_IN"] + f["out"]["TRANSFER_OUT"] for org_id, f in found.items()
    }


@register_many("members.admitted.pct_start")
def admitted_pct_start_many(orgs: list[Organisation], period: Period) -> Many:
    admitted = batch.flows_many(orgs, period.start, period.end, ["in"])
    before = batch.members_at_many(orgs, period.start - ONE_DAY)
    # The start stock, as start_many: the day before, and the roll loaded in the period.
    return {
        o.pk: percent(
            admitted[o.pk]["in"]["ADMITTED"],
            before[o.pk]["total"] + admitted[o.pk]["in"]["OPENING"],
        )
        for o in orgs
    }


def _events_many(kind: str) -> object:
    def compute(orgs: list[Organisation], period: Period) -> Many:
        found = batch.events_many(orgs, period.start, period.end, [kind], "id")
        return {org_id: len(events) for org_id, events in found.items()}

    return compute


register_many("members.confirmed")(_events_many(EventKind.CONFIRMED))
register_many("members.cards_issued")(_events_many(EventKind.CARD_ISSUED))


@register_many("members.badges_proposed")
def badges_proposed_many(orgs: list[Organisation], period: Period) -> Many:
    found = batch.events_many(
        orgs, period.start, period.end, [EventKind.BADGE_PROPOSED], "details__milestone"
    )
    result: Many = {}
    for org_id, milestones in found.items():
        by_milestone = Counter(f"{m} năm" for m in milestones)
        result[org_id] = Figure(sum(by_milestone.values()), dict(sorted(by_milestone.items())))
    return result


@register_many("discipline.members")
def disciplined_many(orgs: list[Organisation], period: Period) -> Many:
    found = batch.events_many(
        orgs, period.start, period.end, [EventKind.DISCIPLINED], "details__form"
    )
    result: Many = {}
    for org_id, forms_found in found.items():
        forms = Counter(forms_found)
        result[org_id] = Figure(sum(forms.values()), _by_form(forms))
    return result
