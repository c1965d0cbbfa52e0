"""Importing the annual quality rating: members' ratings (self-assessment, the cell's
proposal, the grassroots decision or the reason they are not rated) and organisations'
ratings, each row through the same actions as the pages, so the quota, the scale, the
limits after discipline and the lock of a decided rating apply alike.

A row is idempotent: the same decided rating again is «đã có (không đổi)»; another grade
for a decided rating is refused naming the recorded decision (a correction is made on the
rating's page, with its reason). The whole file is written or nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.importing import Column, Context, ImportKind, RowError, register
from dangvu.dues.imports import MEMBER_COLUMNS, MemberIndex
from dangvu.lib.vnformat import fmt_date
from dangvu.rating import actions
from dangvu.rating.models import Grade, MemberRating, NotRatedReason, OrgRating

GRADES = tuple(Grade.choices)
REASONS = tuple(NotRatedReason.choices)


def _year(row: dict[str, Any]) -> int:
    year = row["year"]
    if not 2018 <= year <= today().year:
        raise RowError(f"Năm đánh giá phải từ 2018 đến {today().year}.", "Năm")
    return year


def _step_day(row: dict[str, Any], year: int) -> dt.date:
    """The day of the self-assessment and proposal: the column, else the decision's day,
    else 31/12 of the year (today, for this year)."""
    return row.get("reviewed_on") or row.get("decided_on") or min(actions.year_end(year), today())


def _same(rating: Any, row: dict[str, Any]) -> bool:
    grade, reason = row.get("grade") or "", row.get("not_rated_reason") or ""
    try:
        score = actions.score_value(row.get("score"))
    except DomainError:  # a junk score is simply not the same
        return False
    return (
        rating.grade == grade
        and rating.not_rated_reason == reason
        and rating.score == score
        and rating.decision_number == (row.get("decision_number") or "")
        and rating.decided_on == row.get("decided_on")
    )


def _locked(rating: Any, whom: str, row: dict[str, Any]) -> str:
    if row.get("decision_number") and _same(rating, row):
        return "unchanged"
    raise RowError(
        f"Xếp loại năm {rating.year} của {whom} đã có quyết định số {rating.decision_number} "
        f"ngày {fmt_date(rating.decided_on)} ({rating.result_label}); muốn sửa hãy ghi quyết "
        "định sửa trên trang xếp loại, kèm lý do.",
        "Xếp loại",
    )


def _decision(row: dict[str, Any]) -> bool:
    has = bool(row.get("grade") or row.get("decision_number") or row.get("decided_on"))
    if has and not (row.get("decision_number") and row.get("decided_on")):
        raise RowError(
            "Quyết định xếp loại cần cả số quyết định và ngày quyết định.", "Số quyết định"
        )
    if has and not (row.get("grade") or row.get("not_rated_reason")):
        raise RowError(
            "Hãy ghi mức xếp loại đã quyết định (hoặc lý do không xếp loại).", "Xếp loại"
        )
    return has


# --- members ------------------------------------------------------------------------------

MEMBER_ROWS = (
    Column("Chi bộ", "cell", "org", required=True, example="DBK.01.02"),
    Column("Năm", "year", "int", required=True, example="2025"),
    *MEMBER_COLUMNS,
    Column("Tự xếp loại", "self_grade", "choice", choices=GRADES, example=Grade.GOOD.label),
    Column("Điểm tự chấm", "self_score", example="86", help="Từ năm 2025: thang điểm 100."),
    Column("Chi bộ đề xuất", "proposed_grade", "choice", choices=GRADES, example=Grade.GOOD.label),
    Column("Điểm đề xuất", "proposed_score", example="85,5"),
    Column("Ngày chi bộ xét", "reviewed_on", "date", example="10/12/2025"),
    Column(
        "Lý do không xếp loại",
        "not_rated_reason",
        "choice",
        choices=REASONS,
        help="Chỉ ghi khi đảng viên không xếp loại; quy định của năm cho phép lý do nào.",
    ),
    Column("Xếp loại", "grade", "choice", choices=GRADES, example=Grade.GOOD.label),
    Column("Điểm", "score", example="85,5"),
    Column("Số quyết định", "decision_number", example="25-QĐ/ĐU"),
    Column("Ngày quyết định", "decided_on", "date", example="28/12/2025"),
    Column("Ghi chú", "note"),
)


def apply_member(row: dict[str, Any], ctx: Context) -> str:
    year = _year(row)
    # The cell first: a name borne by two cells is refused at its own column, whoever
    # the member is.
    cell = ctx.organisation(row["cell"], "Chi bộ", actions.year_end(year))
    if not ctx.in_scope(cell.pk):
        raise RowError(f"«{cell.name}» nằm ngoài phạm vi của bạn.", "Chi bộ")
    index = MemberIndex()
    index.load([row])
    member = index.find(row, ctx, scoped=False)
    if row.get("grade") and row.get("not_rated_reason"):
        raise RowError("Ghi mức xếp loại hoặc lý do không xếp loại, không ghi cả hai.", "Xếp loại")
    decided = _decision(row)
    rating = MemberRating.objects.filter(member=member, year=year, voided_at__isnull=True).first()
    if rating is not None and rating.is_locked:
        return _locked(rating, f"đồng chí {member.full_name}", row)
    on, user, changed = _step_day(row, year), ctx.user, False
    if row.get("self_grade") and (
        rating is None or rating.self_grade != row["self_grade"] or rating.self_assessed_on is None
    ):
        actions.do_self_assess_member(
            member,
            year,
            grade=row["self_grade"],
            score=row.get("self_score"),
            on=on,
            cell=cell,
            acting_user=user,
        )
        changed = True
    if row.get("not_rated_reason"):
        actions.do_set_member_not_rated(
            member,
            year,
            reason=row["not_rated_reason"],
            note=row.get("note") or "",
            on=on,
            cell=cell,
            acting_user=user,
        )
        changed = True
    elif row.get("proposed_grade"):
        actions.do_propose_member(
            member,
            year,
            grade=row["proposed_grade"],
            score=row.get("proposed_score"),
            on=on,
            cell=cell,
            acting_user=user,
        )
        changed = True
    if decided:
        placement = actions.place_member(member, year, cell)
        actions.do_decide_members(
            placement.grassroots,
            year,
            [actions.MemberDecision(member, row.get("grade") or "", row.get("score"))],
            decision_number=row["decision_number"],
            decided_on=row["decided_on"],
            acting_user=user,
        )
        changed = True
    if not changed:
        raise RowError(
            "Dòng không ghi gì: hãy ghi tự xếp loại, mức đề xuất, xếp loại hoặc lý do.",
            "Xếp loại",
        )
    return "created"


MEMBER_KIND = ImportKind(
    code="rating-members",
    label="Xếp loại chất lượng đảng viên",
    description=(
        "Mỗi dòng là kết quả đánh giá, xếp loại của một đảng viên trong một năm, ở chi bộ nơi "
        "đồng chí sinh hoạt cuối năm: tự xếp loại, mức chi bộ đề xuất, mức tổ chức cơ sở "
        "đảng quyết định (với số và ngày quyết định) hoặc lý do không xếp loại. Từ năm 2025 "
        "ghi điểm theo thang điểm 100 cùng mức xếp loại."
    ),
    columns=MEMBER_ROWS,
    apply=apply_member,
    notes=(
        "Each row goes through the same actions as the cell's page and the grassroots "
        "decision: the year needs an open round covering the cell, the member must have been "
        "on the cell's books that year (their last cell of the year), grades and scores must "
        "agree in a year with the 100-point scale, a member disciplined that year is graded "
        "no higher than the rule allows, and the «xuất sắc» quota of the grassroots "
        "organisation is counted row after row.",
        "A decided rating is locked: the same decision again is «đã có (không đổi)»; "
        "another grade is refused naming the recorded decision (corrections are made on the "
        "rating's page with a reason).",
    ),
)


# --- organisations ------------------------------------------------------------------------

ORG_ROWS = (
    Column("Tổ chức đảng", "organisation", "org", required=True, example="DBK.01"),
    Column("Năm", "year", "int", required=True, example="2025"),
    Column("Tự xếp loại", "self_grade", "choice", choices=GRADES, example=Grade.GOOD.label),
    Column("Điểm tự chấm", "self_score", example="88"),
    Column("Mức đề xuất", "proposed_grade", "choice", choices=GRADES, example=Grade.GOOD.label),
    Column("Điểm đề xuất", "proposed_score", example="86"),
    Column("Ngày xét", "reviewed_on", "date", example="20/12/2025"),
    Column("Lý do không xếp loại", "not_rated_reason", "choice", choices=REASONS),
    Column("Xếp loại", "grade", "choice", choices=GRADES, example=Grade.GOOD.label),
    Column("Điểm", "score", example="86"),
    Column("Số quyết định", "decision_number", example="30-QĐ/ĐUK"),
    Column("Ngày quyết định", "decided_on", "date", example="30/12/2025"),
    Column("Ghi chú", "note"),
)


def apply_org(row: dict[str, Any], ctx: Context) -> str:
    year = _year(row)
    org = ctx.organisation(row["organisation"], "Tổ chức đảng", actions.year_end(year))
    if row.get("grade") and row.get("not_rated_reason"):
        raise RowError("Ghi mức xếp loại hoặc lý do không xếp loại, không ghi cả hai.", "Xếp loại")
    decided = _decision(row)
    rating = OrgRating.objects.filter(organisation=org, year=year, voided_at__isnull=True).first()
    if rating is not None and rating.is_locked:
        return _locked(rating, f"«{org.name}»", row)
    on, changed = _step_day(row, year), False
    reason = row.get("not_rated_reason") or ""
    if row.get("self_grade") or row.get("proposed_grade") or reason:
        self_grade = row.get("self_grade") or ""
        if rating is not None and rating.self_grade == self_grade:
            self_grade = ""
        if self_grade or row.get("proposed_grade") or reason:
            actions.do_propose_org(
                org,
                year,
                grade=row.get("proposed_grade") or "",
                score=row.get("proposed_score"),
                self_grade=self_grade,
                self_score=row.get("self_score"),
                not_rated_reason=reason,
                note=row.get("note") or "",
                on=on,
                acting_user=ctx.user,
            )
            changed = True
    if decided:
        placement = actions.place_org(org, year)
        actions.do_decide_orgs(
            placement.superior,
            year,
            [actions.OrgDecision(org, row.get("grade") or "", row.get("score"))],
            decision_number=row["decision_number"],
            decided_on=row["decided_on"],
            acting_user=ctx.user,
        )
        changed = True
    if not changed:
        raise RowError(
            "Dòng không ghi gì: hãy ghi tự xếp loại, mức đề xuất, xếp loại hoặc lý do.",
            "Xếp loại",
        )
    return "created"


ORG_KIND = ImportKind(
    code="rating-orgs",
    label="Xếp loại chất lượng tổ chức đảng",
    description=(
        "Mỗi dòng là kết quả đánh giá, xếp loại của một tổ chức đảng trong một năm: tự xếp "
        "loại, mức đề xuất, mức cấp trên trực tiếp quyết định (với số và ngày quyết định) "
        "hoặc lý do không xếp loại."
    ),
    columns=ORG_ROWS,
    apply=apply_org,
    notes=(
        "The decision is the superior's on the organisation's last day of the year (31/12, "
        "or the day it ended); its «xuất sắc» quota counts the organisations it rated. A "
        "decided rating is locked as for members.",
    ),
)

register(MEMBER_KIND)
register(ORG_KIND)
