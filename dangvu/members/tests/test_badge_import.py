"""Badge proposals and awards through the import files carry their case (Trường hợp), as the
form does: ordinary, posthumous (truy tặng) or early (xét tặng sớm), each checked by the same
action, a refused row named by its row and column, and nothing written unless every row is.

Texts: Quy định 29-QĐ/TW ngày 25/7/2016 and Quy định 24-QĐ/TW ngày 30/7/2021, điểm 27.3 a
("đảng viên đã từ trần, nếu có đủ tuổi đảng thì được truy tặng"; "đảng viên bị bệnh nặng"
may be awarded early); Hướng dẫn 01-HD/TW ngày 28/9/2021, điểm 18.1 và 18.2.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine

from dangvu.core.importing import get_kind
from dangvu.core.tests.test_import import refused_cli, run_cli, xlsx
from dangvu.lib.vnformat import fmt_date
from dangvu.members import actions
from dangvu.members.actions import Decision
from dangvu.members.badges import BadgeCase
from dangvu.members.kinds import EventKind
from dangvu.members.models import Member, MemberEvent
from dangvu.members.tests.test_badges import _die, _member

pytestmark = pytest.mark.django_db

ILL = "Bệnh nặng, điều trị dài ngày tại Bệnh viện tỉnh"
CODES = {
    EventKind.BADGE_PROPOSED: "events-badge-proposals",
    EventKind.BADGE_AWARDED: "events-badge-awards",
}


@pytest.fixture(autouse=True)
def _now() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        yield


# Per case: the member (reaching 30 years on `reached`, dead on `died` when posthumous), the
# proposal's day and note, the award's day: all lawful under the text then in force.
CASES: dict[str, dict[str, Any]] = {
    BadgeCase.DUE: {
        "label": "Thông thường",
        "reached": dt.date(2022, 6, 1),
        "proposed": dt.date(2022, 3, 1),
        "awarded": dt.date(2022, 9, 2),
        "note": "",
    },
    BadgeCase.POSTHUMOUS: {
        "label": "Truy tặng",
        "reached": dt.date(2020, 5, 1),
        "died": dt.date(2020, 6, 1),
        "proposed": dt.date(2020, 8, 1),
        "awarded": dt.date(2020, 9, 2),
        "note": "",
    },
    BadgeCase.EARLY: {
        "label": "Xét tặng sớm",
        "reached": dt.date(2022, 10, 1),
        "proposed": dt.date(2022, 8, 10),
        "awarded": dt.date(2022, 9, 2),
        "note": ILL,
    },
}


def _setup(tree: dict[str, Any], case: str, name: str) -> Member:
    spec = CASES[case]
    member = _member(tree, spec["reached"], name=name)
    if "died" in spec:
        _die(member, spec["died"])
    return member


def _case(event: MemberEvent) -> str:
    """The case an event was recorded under (an ordinary one stores none)."""
    return event.details.get("case") or BadgeCase.DUE


def _row(member: Member, day: dt.date, case_cell: str | None, note: str = "") -> dict[str, Any]:
    return {
        "Họ và tên": member.full_name,
        "Ngày sinh": fmt_date(member.birth_date),
        "Mốc Huy hiệu (năm)": 30,
        "Trường hợp": case_cell,
        "Ngày": fmt_date(day),
        "Số quyết định": "12-TTr/ĐU",
        "Ngày quyết định": fmt_date(day),
        "Ghi chú": note or None,
    }


def test_both_badge_templates_have_the_case_column_with_the_form_choices() -> None:
    for code in CODES.values():
        column = next(c for c in get_kind(code).columns if c.header == "Trường hợp")
        assert {value for value, _ in column.choices} == set(BadgeCase.values)
        assert [label for _, label in column.choices] == [
            "Thông thường",
            "Truy tặng",
            "Xét tặng sớm",
        ]


@pytest.mark.parametrize("kind", list(CODES))
@pytest.mark.parametrize("case", list(CASES))
def test_every_case_is_imported_for_proposal_and_award(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path, case: str, kind: str
) -> None:
    """Each case the texts allow (điểm 27.3 a: đủ tuổi đảng, truy tặng, bệnh nặng) goes in
    by the proposal file and by the award file, stored as the form stores it."""
    spec = CASES[case]
    member = _setup(tree, case, f"Nhập {case} {kind}")
    if kind == EventKind.BADGE_AWARDED:
        actions.do_propose_badge(
            member,
            milestone=30,
            case=case,
            decision=Decision(spec["proposed"], "12-TTr/ĐU", spec["proposed"], spec["note"]),
            acting_user=None,
        )
        row = _row(member, spec["awarded"], spec["label"])
    else:
        row = _row(member, spec["proposed"], spec["label"], spec["note"])
    out = run_cli(tmp_path, CODES[kind], xlsx(CODES[kind], [row]))
    assert "1 mới" in out, out
    event = member.events.get(kind=kind)
    assert (event.details["milestone"], _case(event)) == (30, case)


@pytest.mark.parametrize("case", list(CASES))
def test_a_blank_case_is_ordinary_for_a_proposal_and_as_proposed_for_an_award(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path, case: str
) -> None:
    """As the form: a proposal left blank is ordinary, an award left blank keeps the
    proposal's case (posthumous and early proposals too)."""
    spec = CASES[case]
    member = _setup(tree, case, f"Để trống {case}")
    code = CODES[EventKind.BADGE_PROPOSED]
    row = _row(member, spec["proposed"], spec["label"], spec["note"])
    if case == BadgeCase.DUE:
        row["Trường hợp"] = None
    run_cli(tmp_path, code, xlsx(code, [row]))
    code = CODES[EventKind.BADGE_AWARDED]
    run_cli(tmp_path, code, xlsx(code, [_row(member, spec["awarded"], None)]), name="tang.xlsx")
    assert [_case(e) for e in member.events.filter(kind__startswith="BADGE")] == [
        case,
        case,
    ]


@pytest.mark.parametrize(
    ("kind", "setup", "cell", "note", "column", "words"),
    [
        # A posthumous row for a living member (điểm 27.3 a: truy tặng is for the dead).
        (EventKind.BADGE_PROPOSED, BadgeCase.DUE, "Truy tặng", "", "Trường hợp", "Chỉ truy tặng"),
        (EventKind.BADGE_AWARDED, BadgeCase.DUE, "Truy tặng", "", "Trường hợp", "Chỉ truy tặng"),
        # An ordinary row for a member who died: only truy tặng is open to them.
        (
            EventKind.BADGE_PROPOSED,
            BadgeCase.POSTHUMOUS,
            "Thông thường",
            "",
            "Trường hợp",
            "«Truy tặng»",
        ),
        # An early row without the illness (điểm 27.3 a: đảng viên bị bệnh nặng).
        (EventKind.BADGE_PROPOSED, BadgeCase.EARLY, "Xét tặng sớm", "", "Ghi chú", "bệnh nặng"),
        # An ordinary award before the party age is reached: only the seriously ill.
        (EventKind.BADGE_AWARDED, BadgeCase.EARLY, "Thông thường", "", "Ngày", "xét tặng sớm"),
        # A case the form does not offer.
        (EventKind.BADGE_PROPOSED, BadgeCase.DUE, "Đặc cách", "", "Trường hợp", "không hợp lệ"),
    ],
)
def test_a_refused_case_names_row_and_column_and_the_file_writes_nothing(
    tree: dict[str, Any],
    admin_user: Any,
    tmp_path: Path,
    kind: str,
    setup: str,
    cell: str,
    note: str,
    column: str,
    words: str,
) -> None:
    """All or nothing: a lawful row beside the refused one is not written either."""
    spec = CASES[setup]
    good = _setup(tree, BadgeCase.DUE, "Hợp Lệ")
    member = _setup(tree, setup, "Bị Từ Chối")
    if kind == EventKind.BADGE_AWARDED:
        for who, s in ((good, CASES[BadgeCase.DUE]), (member, spec)):
            actions.do_propose_badge(
                who,
                milestone=30,
                case=BadgeCase.DUE if who is good else setup,
                decision=Decision(s["proposed"], "12-TTr/ĐU", s["proposed"], s["note"]),
                acting_user=None,
            )
        day = spec["awarded"] if setup != BadgeCase.EARLY else dt.date(2022, 9, 2)
        lawful = _row(good, CASES[BadgeCase.DUE]["awarded"], "Thông thường")
    else:
        day = spec["proposed"]
        lawful = _row(good, CASES[BadgeCase.DUE]["proposed"], "Thông thường")
    before = MemberEvent.objects.count()
    out = refused_cli(
        tmp_path, CODES[kind], xlsx(CODES[kind], [lawful, _row(member, day, cell, note)])
    )
    assert f"Dòng 3, cột «{column}»" in out, out
    assert words in out, out
    assert "Dòng 2" not in out, out
    assert MemberEvent.objects.count() == before
    assert not good.events.filter(kind=kind).exists()
