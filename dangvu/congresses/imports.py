"""Importing terms, congresses and their election results, each row through the same
actions as the pages (so the term rule, the one regular congress per term, the vote
threshold and the write into the personnel records apply alike). The whole file is
written or nothing; the same file again changes nothing.

- «terms»: a term known without its congress (history); rows of one organisation are
  applied from the oldest, so a later term ends the one before it.
- «congresses»: a congress planned, or held without its election results, or held with
  its results to follow in «congress-elections».
- «congress-elections»: one person elected to one body per row; the rows of one congress
  are recorded together as its results (the congress is then held), opening the new
  term's committees and seats and closing the previous ones.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from dangvu.congresses import actions
from dangvu.congresses.forms import BODY_WORDS, POSITION_WORDS, _key
from dangvu.congresses.models import (
    Congress,
    CongressForm,
    CongressKind,
    ElectedBody,
    Term,
)
from dangvu.core.errors import DomainError
from dangvu.core.importing import Column, Context, ImportKind, RowError, register
from dangvu.dues.imports import MEMBER_COLUMNS, MemberIndex
from dangvu.lib.text import search_key
from dangvu.lib.vnformat import fmt_date
from dangvu.personnel.models import POSITIONS, Position

ORG = "Tổ chức đảng"
TERM = "Nhiệm kỳ"


def _label(row: dict[str, Any], column: str = TERM, field: str = "term_label") -> str:
    try:
        return actions._label(row[field])[2]
    except DomainError as error:
        raise RowError(error.message, column) from None


def _org(row: dict[str, Any], ctx: Context, on: dt.date | None) -> Any:
    org = ctx.organisation(row["organisation"], ORG, on)
    if not ctx.in_scope(org.pk):
        raise RowError(f"«{org.name}» nằm ngoài phạm vi của bạn.", ORG)
    return org


def _by_org_then_date(field: str) -> Any:
    def arrange(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        def key(row: dict[str, Any]) -> tuple[str, dt.date]:
            return search_key(str(row.get("organisation") or "")), row.get(field) or dt.date.min

        return sorted(rows, key=key)

    return arrange


# --- terms ----------------------------------------------------------------------------

TERM_ROWS = (
    Column(ORG, "organisation", "org", required=True, example="DBK.01"),
    Column(TERM, "label", required=True, example="2020–2025"),
    Column("Bắt đầu từ ngày", "began_on", "date", required=True, example="15/06/2020"),
    Column(
        "Kết thúc ngày",
        "ended_on",
        "date",
        help="Để trống: nhiệm kỳ kết thúc khi nhiệm kỳ sau của tổ chức bắt đầu.",
    ),
    Column("Ghi chú", "note"),
)


def apply_term(row: dict[str, Any], ctx: Context) -> str:
    org = _org(row, ctx, row["began_on"])
    label = _label(row, TERM, "label")
    same = Term.objects.filter(organisation=org, label=label, voided_at__isnull=True).first()
    if same is not None:
        if same.began_on == row["began_on"] and (
            row.get("ended_on") is None or same.ended_on == row["ended_on"]
        ):
            return "unchanged"
        raise RowError(
            f"«{org.name}» đã có nhiệm kỳ {label} bắt đầu từ ngày {fmt_date(same.began_on)}.",
            TERM,
        )
    actions.do_record_term(
        organisation=org,
        label=label,
        began_on=row["began_on"],
        ended_on=row.get("ended_on"),
        note=row.get("note") or "",
        acting_user=ctx.user,
    )
    return "created"


TERM_KIND = ImportKind(
    code="terms",
    label="Nhiệm kỳ của tổ chức đảng",
    description=(
        "Mỗi dòng là một nhiệm kỳ đã biết của một tổ chức đảng (lịch sử), không kèm chi tiết "
        "đại hội: nhiệm kỳ, ngày bắt đầu (ngày đại hội) và ngày kết thúc nếu có. Hạn đại hội "
        "nhiệm kỳ sau được tính theo loại tổ chức."
    ),
    columns=TERM_ROWS,
    apply=apply_term,
    arrange=_by_org_then_date("began_on"),
    notes=(
        "Rows of one organisation are applied from the oldest: a term begun after the "
        "organisation's open term ends that one on its first day. The due day of the next "
        "congress is computed by the rule `congresses.term_months` of the organisation's "
        "kind on the first day.",
    ),
)


# --- congresses -----------------------------------------------------------------------

PLANNED, HELD, RESULTS_FOLLOW = "PLANNED", "HELD", "RESULTS"
STATES = (
    (PLANNED, "Dự kiến"),
    (HELD, "Đã tổ chức, không nhập kết quả bầu cử"),
    (RESULTS_FOLLOW, "Đã tổ chức, nhập kết quả bầu cử sau"),
)

CONGRESS_ROWS = (
    Column(ORG, "organisation", "org", required=True, example="DBK.01"),
    Column(
        "Loại đại hội",
        "kind",
        "choice",
        required=True,
        choices=tuple(CongressKind.choices),
        example=CongressKind.REGULAR.label,
    ),
    Column(
        "Hình thức",
        "form",
        "choice",
        required=True,
        choices=tuple(CongressForm.choices),
        example=CongressForm.ALL_MEMBERS.label,
    ),
    Column(TERM, "term_label", required=True, example="2025–2030"),
    Column("Ngày khai mạc", "opens_on", "date", required=True, example="12/06/2025"),
    Column("Ngày bế mạc", "closes_on", "date", example="13/06/2025"),
    Column("Tình trạng", "state", "choice", required=True, choices=STATES, example="Dự kiến"),
    Column("Số được triệu tập", "members_total", "int", example="45"),
    Column("Số có mặt", "attended_total", "int", example="43"),
    Column("Địa điểm", "place", example="Hội trường Sở Y tế"),
    Column("Lần thứ", "ordinal", "int", example="5"),
    Column("Ghi chú", "note"),
)


def find_congress(org: Any, kind: str, label: str, day: dt.date | None) -> Congress | None:
    """The regular congress of a term, or the extraordinary one of that day."""
    qs = Congress.objects.filter(
        organisation=org, kind=kind, term_label=label, voided_at__isnull=True
    )
    if kind == CongressKind.EXTRAORDINARY and day is not None:
        qs = qs.filter(opens_on=day)
    return qs.first()


def apply_congress(row: dict[str, Any], ctx: Context) -> str:
    org = _org(row, ctx, row["opens_on"])
    label = _label(row)
    state = row["state"]
    existing = find_congress(org, row["kind"], label, row["opens_on"])
    if state != PLANNED and (row.get("members_total") is None or row.get("attended_total") is None):
        column = "Số được triệu tập" if row.get("members_total") is None else "Số có mặt"
        raise RowError("Đại hội đã tổ chức: hãy ghi số được triệu tập và số có mặt.", column)
    if existing is not None:
        same = (
            existing.opens_on == row["opens_on"]
            and existing.form == row["form"]
            # results imported since leave a congress «results to follow» the same
            and (existing.held == (state == HELD) or state == RESULTS_FOLLOW)
        )
        if same:
            return "unchanged"
        if existing.held:
            raise RowError(
                f"«{org.name}» đã có {actions._congress_name(existing)}.", "Ngày khai mạc"
            )
        if state == PLANNED and existing.form == row["form"]:
            actions.do_reschedule(
                existing,
                opens_on=row["opens_on"],
                place=row.get("place") or existing.place,
                acting_user=ctx.user,
            )
            return "created"
        raise RowError(f"«{org.name}» đã có {actions._congress_name(existing)}.", TERM)
    congress = actions.do_plan_congress(
        organisation=org,
        kind=row["kind"],
        form=row["form"],
        term_label=label,
        opens_on=row["opens_on"],
        place=row.get("place") or "",
        ordinal=row.get("ordinal"),
        closes_on=row.get("closes_on"),
        members_total=row.get("members_total"),
        attended_total=row.get("attended_total"),
        note=row.get("note") or "",
        acting_user=ctx.user,
    )
    if state == HELD:
        actions.do_record_results(
            congress,
            opens_on=row["opens_on"],
            closes_on=row.get("closes_on"),
            members_total=row["members_total"],
            attended_total=row["attended_total"],
            elections=[],
            elections_known=False,
            acting_user=ctx.user,
        )
    return "created"


CONGRESS_KIND = ImportKind(
    code="congresses",
    label="Đại hội đảng",
    description=(
        "Mỗi dòng là một đại hội của một tổ chức đảng: loại, hình thức, nhiệm kỳ, ngày khai "
        "mạc và bế mạc, tình trạng (dự kiến; đã tổ chức; đã tổ chức và nhập kết quả bầu cử "
        "sau bằng mẫu «Kết quả bầu cử tại đại hội»), số được triệu tập và số có mặt."
    ),
    columns=CONGRESS_ROWS,
    apply=apply_congress,
    arrange=_by_org_then_date("opens_on"),
    notes=(
        "«Dự kiến» plans the congress (a planned congress of the same term and form is moved "
        "to the new day). «Đã tổ chức, không nhập kết quả bầu cử» records a past congress "
        "whose election results are not known: it opens the term and changes no committee. "
        "«Đã tổ chức, nhập kết quả bầu cử sau» plans it with its dates and totals; the "
        "«congress-elections» import then records its results.",
        "A held congress needs the number convened and the number present. Each "
        "organisation's rows are applied from the oldest, so a term's congress ends the term "
        "before it.",
    ),
)


# --- election results -----------------------------------------------------------------

ELECTION_ROWS = (
    Column(ORG, "organisation", "org", required=True, example="DBK.01"),
    Column(TERM, "term_label", required=True, example="2025–2030"),
    Column(
        "Cơ quan",
        "body",
        required=True,
        example="BCH",
        help="BCH (Ban Chấp hành), BTV (Ban Thường vụ), UBKT (Ủy ban Kiểm tra), Đại biểu "
        "(dự đại hội cấp trên).",
    ),
    *MEMBER_COLUMNS,
    Column(
        "Chức vụ",
        "position",
        example="Bí thư",
        help="Để trống là ủy viên; đại biểu dự đại hội cấp trên không ghi.",
    ),
    Column("Số phiếu", "votes", "int", example="42"),
    Column(
        "Tỷ lệ phiếu (%)",
        "vote_share",
        example="93,33",
        help="Để trống thì tính từ số phiếu; phải quá 50%.",
    ),
    Column("Dự khuyết", "is_alternate", "choice", choices=(("YES", "Có"), ("NO", "Không"))),
)


def _arrange_elections(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of each congress together, the last of them carrying the group."""
    ordered = sorted(
        rows,
        key=lambda r: (
            search_key(str(r.get("organisation") or "")),
            search_key(str(r.get("term_label") or "")),
            r["_row"],
        ),
    )
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in ordered:
        key = (search_key(str(row.get("organisation"))), search_key(str(row.get("term_label"))))
        groups.setdefault(key, []).append(row)
    for group in groups.values():
        group[-1]["_group"] = group
    return ordered


def _line(row: dict[str, Any], ctx: Context, congress: Congress) -> actions.ElectionLine:
    body = BODY_WORDS.get(_key(row["body"]))
    if body is None:
        raise RowError(
            f"Cơ quan «{row['body']}» không có; ghi BCH, BTV, UBKT hoặc Đại biểu.", "Cơ quan"
        )
    position = ""
    if row.get("position"):
        position = POSITION_WORDS.get(_key(row["position"]), "")
        if not position:
            raise RowError(f"Chức vụ «{row['position']}» không có.", "Chức vụ")
    elif body != ElectedBody.SUPERIOR_DELEGATE:
        position = {
            ElectedBody.EXECUTIVE: Position.COMMITTEE_MEMBER,
            ElectedBody.STANDING: Position.STANDING_MEMBER,
            ElectedBody.INSPECTION: Position.INSPECTION_MEMBER,
        }[ElectedBody(body)]
    if position and position not in POSITIONS.get(body, ()):
        raise RowError(
            f"{ElectedBody(body).label} không có chức vụ «{Position(position).label}».", "Chức vụ"
        )
    share = None
    if row.get("vote_share"):
        try:
            share = Decimal(str(row["vote_share"]).rstrip("%").strip().replace(",", "."))
        except InvalidOperation:
            share = None
        if share is None or not share.is_finite() or not 0 <= share <= 100:
            raise RowError("Tỷ lệ phiếu là số từ 0 đến 100, ví dụ 93,33.", "Tỷ lệ phiếu (%)")
        share = share.quantize(Decimal("0.01"))
        if share <= 50:
            raise RowError(
                f"{share}% số phiếu chưa quá một nửa nên chưa trúng cử.", "Tỷ lệ phiếu (%)"
            )
    index = MemberIndex()
    index.load([row])
    member = index.find(row, ctx)
    try:
        actions.personnel._check_member_in(member, congress.organisation, congress.opens_on)
    except DomainError as error:
        raise RowError(error.message, "Họ và tên") from None
    return actions.ElectionLine(
        body=body,
        member=member,
        position=position,
        votes=row.get("votes"),
        vote_share=share,
        is_alternate=row.get("is_alternate") == "YES",
        label=f"Dòng {row['_row']}",
    )


def apply_election(row: dict[str, Any], ctx: Context) -> str:
    org = _org(row, ctx, None)
    label = _label(row)
    congress = find_congress(org, CongressKind.REGULAR, label, None)
    if congress is None:
        raise RowError(
            f"«{org.name}» chưa có đại hội nhiệm kỳ {label}; hãy nhập đại hội trước (mẫu «Đại "
            "hội đảng», tình trạng «Đã tổ chức, nhập kết quả bầu cử sau»).",
            TERM,
        )
    line = _line(row, ctx, congress)
    if congress.held:
        recorded = congress.elections.filter(
            body=line.body,
            member=line.member,
            position=line.position,
            is_alternate=line.is_alternate,
        )
        if recorded.exists():
            return "unchanged"
        raise RowError(
            f"Kết quả đại hội nhiệm kỳ {label} của «{org.name}» đã được ghi ngày "
            f"{fmt_date(congress.opens_on)} và không có dòng này; muốn sửa hãy hủy đại hội "
            "trên trang của nó rồi nhập lại.",
            TERM,
        )
    row["_line"] = line
    group = row.get("_group")
    if group is None:
        return "created"
    lines = [r["_line"] for r in group if "_line" in r]
    if len(lines) < len(group):
        return "created"  # a row above is refused: the file is not written
    if congress.members_total is None or congress.attended_total is None:
        raise RowError(
            f"Đại hội nhiệm kỳ {label} của «{org.name}» chưa có số được triệu tập và số có "
            "mặt; hãy nhập lại đại hội kèm các số đó.",
            TERM,
        )
    actions.do_record_results(
        congress,
        opens_on=congress.opens_on,
        closes_on=congress.closes_on,
        members_total=congress.members_total,
        attended_total=congress.attended_total,
        elections=lines,
        acting_user=ctx.user,
    )
    return "created"


ELECTION_KIND = ImportKind(
    code="congress-elections",
    label="Kết quả bầu cử tại đại hội",
    description=(
        "Mỗi dòng là một người trúng cử vào một cơ quan tại đại hội thường lệ của một nhiệm "
        "kỳ: Ban Chấp hành, Ban Thường vụ, Ủy ban Kiểm tra (với chức vụ) hoặc đại biểu dự "
        "đại hội cấp trên (có thể dự khuyết), với số phiếu và tỷ lệ phiếu. Các dòng của cùng "
        "một đại hội được ghi cùng lúc: cấp ủy nhiệm kỳ mới và các chức vụ được mở trong hồ "
        "sơ công tác cán bộ, chức vụ nhiệm kỳ trước của các cơ quan đó thôi từ ngày đại hội."
    ),
    columns=ELECTION_ROWS,
    apply=apply_election,
    arrange=_arrange_elections,
    notes=(
        "The congress must have been imported (or planned on its page) first, with its dates "
        "and the numbers convened and present; the rows of one organisation and term are its "
        "results, recorded together through the same action as the results form: the vote "
        "threshold (more than half: of those convened for the executive committee and the "
        "delegates, of the new executive committee for the standing committee and the "
        "inspection commission), one secretary, standing members from the executive "
        "committee, and every conflict with the personnel records refuse the row named.",
        "The same file again is «đã có (không đổi)» when the congress's results are those "
        "rows; other results are refused (a congress recorded by mistake is voided on its "
        "page).",
    ),
)

register(TERM_KIND)
register(CONGRESS_KIND)
register(ELECTION_KIND)
