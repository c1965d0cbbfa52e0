"""Restructuring by import as a clerk prepares it: the rows of one decision in any order,
a split over several rows, and members moved in batches.

A restructuring decision (e.g. the 2025 reorganisation under Nghị quyết 18-NQ/TW ngày
25/10/2017 and Kết luận 121-KL/TW ngày 24/01/2025: blocs dissolved, their grassroots
organisations and members transferred to new committees) founds, moves, merges, splits
and dissolves in one text; the clerk lists its articles in the order of the text, not in
the order the software needs. No rule value is involved, so nothing is registered.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.core.importing import Report, get_kind, run_import
from dangvu.lib import sheets
from dangvu.members import queries as member_queries
from dangvu.members.kinds import EventKind
from dangvu.members.models import Member, MemberEvent
from dangvu.members.tests.factories import existing
from dangvu.orgs import actions as org_actions
from dangvu.orgs import queries
from dangvu.orgs.models import Organisation, Restructuring
from dangvu.orgs.tests.test_imports import HEADERS, row

pytestmark = pytest.mark.django_db

ON = dt.date(2020, 1, 1)
DAY = dt.date(2023, 6, 1)
DAY_TEXT = "01/06/2023"
BORN = dt.date(1970, 4, 2)
SPLIT = "Chia tách"
CELL = "Chi bộ trực thuộc"


def run(rows: list[list[str]], user: Any) -> Report:
    return run_import(
        get_kind("restructurings"),
        sheets.write_csv(HEADERS, rows),
        "quyet-dinh.csv",
        user=user,
        scope=Organisation.objects.all(),
        commit=True,
    )


def populate(tree: dict[str, Any]) -> dict[str, list[Member]]:
    people: dict[str, list[Member]] = {}
    for code, n in (("C11", 2), ("C12", 3), ("C21", 4)):
        people[code] = [
            existing(
                tree[code],
                ON,
                dt.date(2005, 3, 1),
                birth=BORN,
                identity_number=f"0520700{code[1:]}{i:03d}",
            )
            for i in range(n)
        ]
    return people


def decision_groups(c21_members: list[Member]) -> dict[str, list[list[str]]]:
    """One decision of 01/06/2023 in four groups of rows, each depending on the one before:
    found GK3; split C21 into two cells under GK3 (the second takes two named members);
    move C11 under GK3 and merge C12 into the first new cell; dissolve GK2, left empty."""
    named = "; ".join(m.identity_number for m in c21_members[:2])
    return {
        "found": [
            row(
                "Thành lập",
                "GK3",
                DAY_TEXT,
                **{
                    "Tên_mới": "Đảng bộ Sở mới",
                    "Loại_tổ_chức_mới": "Đảng bộ cơ sở",
                    "Tổ_chức_cấp_trên_mới": "BLOC",
                },
            )
        ],
        "split": [
            row(
                SPLIT,
                "C21",
                DAY_TEXT,
                **{
                    "Mã_tổ_chức_mới": "GK3.A",
                    "Tên_mới": "Chi bộ Phòng A",
                    "Loại_tổ_chức_mới": CELL,
                    "Tổ_chức_cấp_trên_mới": "GK3",
                },
            ),
            row(
                SPLIT,
                "C21",
                DAY_TEXT,
                **{
                    "Mã_tổ_chức_mới": "GK3.B",
                    "Tên_mới": "Chi bộ Phòng B",
                    "Loại_tổ_chức_mới": CELL,
                    "Tổ_chức_cấp_trên_mới": "GK3",
                    "Đảng_viên_nhận": named,
                },
            ),
        ],
        "move": [
            row("Chuyển trực thuộc", "C11", DAY_TEXT, **{"Tổ_chức_cấp_trên_mới": "GK3"}),
            row("Sáp nhập", "C12", DAY_TEXT, **{"Tổ_chức_tiếp_nhận": "GK3.A"}),
        ],
        "dissolve": [row("Giải thể, kết thúc hoạt động", "GK2", DAY_TEXT)],
    }


@pytest.mark.parametrize(
    "order", list(itertools.permutations(["found", "split", "move", "dissolve"]))
)
def test_a_decisions_rows_apply_in_dependency_order_whatever_the_file_order(
    tree: dict[str, Any], admin_user: Any, order: tuple[str, ...]
) -> None:
    people = populate(tree)
    groups = decision_groups(people["C21"])
    rows = [r for name in order for r in groups[name]]

    report = run(rows, admin_user)

    assert report.ok and report.committed and report.created == 6, report.lines()
    gk3 = Organisation.objects.get(code="GK3")
    a, b = Organisation.objects.get(code="GK3.A"), Organisation.objects.get(code="GK3.B")
    assert {v.organisation.code for v in queries.children_at(gk3, DAY)} == {"GK3.A", "GK3.B", "C11"}
    for code, end_kind in (("C21", "SPLIT"), ("C12", "MERGED"), ("GK2", "DISSOLVED")):
        tree[code].refresh_from_db()
        assert (tree[code].ended_on, tree[code].end_kind) == (DAY, end_kind)
    # Members: C21's two named members in B, its other two and C12's three in A, C11's
    # two moved with their cell; nobody lost from the bloc.
    assert member_queries.members_at(b, DAY)["total"] == 2
    assert member_queries.members_at(a, DAY)["total"] == 5
    assert member_queries.members_at(gk3, DAY)["total"] == 9
    before = DAY - dt.timedelta(days=1)
    bloc = tree["BLOC"]
    assert member_queries.members_at(bloc, DAY) == member_queries.members_at(bloc, before)

    again = run(rows, admin_user)
    assert again.ok and again.created == 0 and again.unchanged == 6, again.lines()


def test_a_split_part_row_in_error_holds_the_split_back_and_names_the_rows(
    tree: dict[str, Any], admin_user: Any
) -> None:
    people = populate(tree)
    groups = decision_groups(people["C21"])
    stranger = people["C11"][0].identity_number  # a member of another cell
    bad = row(
        SPLIT,
        "C21",
        DAY_TEXT,
        **{
            "Mã_tổ_chức_mới": "GK3.B",
            "Tên_mới": "Chi bộ Phòng B",
            "Loại_tổ_chức_mới": CELL,
            "Tổ_chức_cấp_trên_mới": "GK3",
            "Đảng_viên_nhận": stranger,
        },
    )
    rows = [*groups["found"], bad, groups["split"][0]]  # the bad part first in the file
    report = run(rows, admin_user)
    assert not report.committed
    problems = {(p.row, p.column): p.message for p in report.problems}
    assert stranger in problems[(3, "Đảng viên nhận")]
    assert "dòng 3" in problems[(4, "Mã tổ chức mới")]
    assert not Organisation.objects.filter(code__startswith="GK3").exists()


def test_every_child_of_a_split_organisation_must_go_to_a_part(
    tree: dict[str, Any], admin_user: Any
) -> None:
    parts = [
        row(
            SPLIT,
            "GK1",
            DAY_TEXT,
            **{
                "Mã_tổ_chức_mới": code,
                "Tên_mới": name,
                "Loại_tổ_chức_mới": "Đảng bộ cơ sở",
                "Tổ_chức_trực_thuộc_nhận": children,
            },
        )
        for code, name, children in (
            ("GK1A", "Đảng bộ A", "C11; SUB1"),
            ("GK1B", "Đảng bộ B", ""),
        )
    ]
    report = run(parts, admin_user)
    assert [(p.row, p.column) for p in report.problems] == [(3, "Tổ chức trực thuộc nhận")]
    assert "«Chi bộ" in report.problems[0].message
    parts[1][HEADERS.index("Tổ chức trực thuộc nhận")] = "C12"
    report = run(parts, admin_user)
    assert report.ok and report.created == 2, report.lines()
    a = Organisation.objects.get(code="GK1A")
    assert {v.organisation.code for v in queries.children_at(a, DAY)} == {"C11", "SUB1"}
    assert Restructuring.objects.filter(kind=Restructuring.Kind.SPLIT).count() == 1


@pytest.mark.parametrize("kind", ["merge", "dissolve", "move"])
def test_a_decision_moves_its_members_in_batches_not_one_by_one(
    tree: dict[str, Any], decision: Any, kind: str
) -> None:
    """The number of statements does not grow with the number of members moved."""

    def statements(members: int, cell: str, day: dt.date) -> int:
        for _ in range(members):
            existing(tree[cell], ON, dt.date(2005, 3, 1), birth=BORN)
        with CaptureQueriesContext(connection) as captured:
            if kind == "merge":
                org_actions.do_merge_organisations(
                    [tree[cell]], target=tree["C13"], decision=decision(day), acting_user=None
                )
            elif kind == "dissolve":
                org_actions.do_dissolve_organisation(
                    tree[cell], members_to=tree["C13"], decision=decision(day), acting_user=None
                )
            else:
                org_actions.do_move_organisation(
                    tree[cell], new_parent=tree["GK2"], decision=decision(day), acting_user=None
                )
        moved = MemberEvent.objects.filter(
            kind=EventKind.MOVED, restructuring__isnull=False, from_organisation=tree[cell]
        )
        assert moved.count() == members
        return len(captured)

    few = statements(3, "C11", DAY)
    many = statements(40, "C12", DAY)
    assert many == few


@pytest.mark.parametrize("convert_first", [True, False], ids=["convert-first", "found-first"])
def test_cells_founded_under_a_cell_the_same_decision_converts_wait_for_the_conversion(
    tree: dict[str, Any], admin_user: Any, convert_first: bool
) -> None:
    """A grassroots cell made a grassroots committee and, by the same decision, given its
    first cells: the cells may only stand under a committee (the allowed-parents rule), so
    they are founded after the conversion, wherever the clerk wrote them."""
    convert = [
        row(
            "Chuyển chi bộ thành đảng bộ, đảng bộ thành chi bộ",
            "GC1",
            DAY_TEXT,
            **{"Loại_tổ_chức_mới": "Đảng bộ cơ sở"},
        )
    ]
    found = [
        row(
            "Thành lập",
            code,
            DAY_TEXT,
            **{"Tên_mới": name, "Loại_tổ_chức_mới": CELL, "Tổ_chức_cấp_trên_mới": "GC1"},
        )
        for code, name in (("GC1.1", "Chi bộ Văn phòng"), ("GC1.2", "Chi bộ Phòng Pháp chế"))
    ]
    rows = [*convert, *found] if convert_first else [*found, *convert]

    report = run(rows, admin_user)

    assert report.ok and report.committed and report.created == 3, report.lines()
    gc1 = tree["GC1"]
    assert queries.version_at(gc1, DAY).kind == "GRASSROOTS_COMMITTEE"
    assert {v.organisation.code for v in queries.children_at(gc1, DAY)} == {"GC1.1", "GC1.2"}
