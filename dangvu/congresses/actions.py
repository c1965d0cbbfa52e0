"""Every write of party congresses goes through one of these functions.

Each validates, writes in one transaction and records the change in the audit trail; a
refusal is a `DomainError` in Vietnamese naming the field at fault (and, for a conflict,
both sides), and nothing is written. `acting_user=None` is the system (imports run as
their user, the demo as nobody): scope is checked only for a real user.

Recording a congress's results (`do_record_results`) is the one write path that changes
the committee: through the personnel actions it opens the committees of the new term and
their seats (basis «Đại hội bầu»), closes the open seats of the previous terms of the same
bodies on the congress's day (reason «Hết nhiệm kỳ»), ends the open term and opens the
new one. Voiding the congress (`do_void_congress`) undoes exactly that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction

from dangvu.audit import log as audit
from dangvu.congresses.models import (
    Congress,
    CongressDocument,
    CongressForm,
    CongressKind,
    Delegate,
    DelegateKind,
    DocumentRole,
    ElectedBody,
    Election,
    Term,
)
from dangvu.congresses.scoping import congress_editable_organisations
from dangvu.core.dates import FOREVER, add_months, add_years, today
from dangvu.core.errors import DomainError
from dangvu.core.rules import rule
from dangvu.education.voiding import do_void
from dangvu.lib.text import clean, clean_paragraphs
from dangvu.lib.vnformat import fmt_date
from dangvu.members.models import Member
from dangvu.office.models import Document
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import version_at
from dangvu.personnel import actions as personnel
from dangvu.personnel.models import (
    POSITIONS,
    SINGLE_SEAT,
    CellAttendance,
    Committee,
    CommitteeKind,
    CommitteeMember,
    Position,
)

# The reason written on the previous term's seats a congress closes; voiding the congress
# reopens the seats closed with it on its day.
END_OF_TERM = "Hết nhiệm kỳ"
ELECTED_BASIS = "Đại hội bầu"
COMMITTEE_BODIES = (ElectedBody.EXECUTIVE, ElectedBody.STANDING, ElectedBody.INSPECTION)
# A congress is planned at most this far ahead.
PLAN_AHEAD_YEARS = 3
# A congress lasts a few days (a grassroots one at most two; a superior one a few more).
LONGEST_CONGRESS_DAYS = 10


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


def _check_scope(org: Organisation, acting_user: Any, field: str = "organisation") -> None:
    if getattr(acting_user, "pk", None) is None:
        return
    if not congress_editable_organisations(acting_user).filter(pk=org.pk).exists():
        raise DomainError(f"«{org.name}» nằm ngoài phạm vi bạn được ghi đại hội.", field=field)


def _check_past(day: dt.date, field: str) -> None:
    if day > today():
        raise DomainError(
            f"Ngày {fmt_date(day)} là ngày trong tương lai; chỉ ghi những việc đã xảy ra.",
            field=field,
        )


def _label(term: str, field: str = "term_label") -> tuple[int, int, str]:
    try:
        return personnel.parse_term(term)
    except DomainError as error:
        raise DomainError(error.message, field=field) from None


def level_on(org: Organisation, day: dt.date, field: str = "organisation") -> str:
    """The kind of `org` on `day` (an OrgKind), if it holds congresses; DomainError if not."""
    if org.ended_on is not None and day >= org.ended_on:
        raise DomainError(
            f"«{org.name}» đã kết thúc hoạt động từ ngày {fmt_date(org.ended_on)}; không có "
            f"đại hội vào ngày {fmt_date(day)}.",
            field=field,
        )
    version = version_at(org, day)
    if version is None:
        raise DomainError(f"«{org.name}» chưa thành lập vào ngày {fmt_date(day)}.", field=field)
    if version.kind == OrgKind.GROUP:
        raise DomainError(f"Tổ đảng «{org.name}» không tổ chức đại hội.", field=field)
    return str(version.kind)


def term_due_on(org: Organisation, began_on: dt.date, kind: str | None = None) -> dt.date:
    """When the next regular congress of a term begun on `began_on` falls due."""
    kind = kind or level_on(org, began_on)
    months = rule("congresses.term_months", began_on)
    return add_months(began_on, int(months.get(kind, 60)))


def _term_name(term: Term) -> str:
    end = f" đến ngày {fmt_date(term.ended_on)}" if term.ended_on else ""
    return f"nhiệm kỳ {term.label} (từ ngày {fmt_date(term.began_on)}{end})"


def _congress_name(congress: Congress) -> str:
    state = "đã tổ chức" if congress.held else "dự kiến"
    return (
        f"{congress.get_kind_display().lower()} nhiệm kỳ {congress.term_label} "
        f"({state} ngày {fmt_date(congress.opens_on)})"
    )


def _alive_terms(org: Organisation) -> Any:
    return Term.objects.filter(organisation=org, voided_at__isnull=True)


# --- terms ----------------------------------------------------------------------------


@transaction.atomic
def do_record_term(
    *,
    organisation: Organisation,
    label: str,
    began_on: dt.date,
    ended_on: dt.date | None = None,
    note: str = "",
    acting_user: Any,
) -> Term:
    """Record a term known without its congress's details (history, an import).

    A term begun after the organisation's open term ends that one on its first day.
    """
    first, last, label = _label(label, "label")
    _check_scope(organisation, acting_user)
    _check_past(began_on, "began_on")
    if not first - 1 <= began_on.year <= first:
        raise DomainError(
            f"Nhiệm kỳ {label} bắt đầu từ đại hội trong năm {first - 1} hoặc {first}, không "
            f"phải ngày {fmt_date(began_on)}.",
            field="began_on",
        )
    if ended_on is not None:
        _check_past(ended_on, "ended_on")
        if ended_on <= began_on:
            raise DomainError(
                f"Ngày kết thúc ({fmt_date(ended_on)}) phải sau ngày bắt đầu "
                f"({fmt_date(began_on)}).",
                field="ended_on",
            )
    kind = level_on(organisation, began_on, "began_on")
    terms = _alive_terms(organisation)
    same = terms.filter(label=label).first()
    if same is not None:
        raise DomainError(f"«{organisation.name}» đã có {_term_name(same)}.", field="label")
    open_term = terms.filter(ended_on__isnull=True).first()
    closes: Term | None = None
    if open_term is not None and open_term.began_on < began_on and ended_on is None:
        closes = open_term
    elif open_term is not None and ended_on is None:
        raise DomainError(
            f"«{organisation.name}» đang có {_term_name(open_term)}; nhiệm kỳ {label} bắt đầu "
            "trước đó nên hãy ghi cả ngày kết thúc.",
            field="ended_on",
        )
    last_day = ended_on or FOREVER
    others = terms.exclude(pk=closes.pk) if closes is not None else terms
    for other in others:
        other_end = other.ended_on or FOREVER
        if other.began_on < last_day and began_on < other_end:
            raise DomainError(
                f"Nhiệm kỳ {label} ({fmt_date(began_on)}"
                f"{' – ' + fmt_date(ended_on) if ended_on else ''}) trùng thời gian với "
                f"{_term_name(other)} của «{organisation.name}».",
                field="began_on",
            )
    if closes is not None:
        _end_term(closes, began_on, acting_user)
    term = Term.objects.create(
        organisation=organisation,
        label=label,
        first_year=first,
        last_year=last,
        began_on=began_on,
        due_on=term_due_on(organisation, began_on, kind),
        ended_on=ended_on,
        note=clean_paragraphs(note),
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=term, after=audit.snapshot(term))
    return term


def _end_term(term: Term, day: dt.date, acting_user: Any) -> None:
    before = audit.snapshot(term)
    term.ended_on = day
    term.save(update_fields=["ended_on"])
    audit.record(
        audit.UPDATE, user=acting_user, obj=term, before=before, after=audit.snapshot(term)
    )


# --- planning -------------------------------------------------------------------------


def _check_opening(
    organisation: Organisation, kind: str, first: int, last: int, label: str, day: dt.date
) -> None:
    if day > add_years(today(), PLAN_AHEAD_YEARS):
        raise DomainError(
            f"Ngày {fmt_date(day)} quá xa; chỉ lập kế hoạch đại hội trong {PLAN_AHEAD_YEARS} "
            "năm tới.",
            field="opens_on",
        )
    if kind == CongressKind.REGULAR and not first - 1 <= day.year <= first:
        raise DomainError(
            f"Đại hội nhiệm kỳ {label} họp trong năm {first - 1} hoặc {first}, không phải "
            f"ngày {fmt_date(day)}.",
            field="opens_on",
        )
    if kind == CongressKind.EXTRAORDINARY and not first <= day.year <= last:
        raise DomainError(
            f"Đại hội bất thường trong nhiệm kỳ {label} họp trong các năm {first}–{last}, "
            f"không phải ngày {fmt_date(day)}.",
            field="opens_on",
        )


@transaction.atomic
def do_plan_congress(
    *,
    organisation: Organisation,
    kind: str,
    form: str,
    term_label: str,
    opens_on: dt.date,
    place: str = "",
    ordinal: int | None = None,
    closes_on: dt.date | None = None,
    members_total: int | None = None,
    attended_total: int | None = None,
    note: str = "",
    acting_user: Any,
) -> Congress:
    """Plan a congress: its level is the organisation's kind on the planned day.

    The closing day and the totals may be known already (an import of past congresses
    whose results follow); recording the results confirms them.
    """
    if kind not in CongressKind.values:
        raise DomainError("Loại đại hội không có trong danh mục.", field="kind")
    if form not in CongressForm.values:
        raise DomainError(
            "Hình thức đại hội không có trong danh mục (đại hội đại biểu hoặc đại hội đảng viên).",
            field="form",
        )
    first, last, label = _label(term_label)
    _check_scope(organisation, acting_user)
    level = level_on(organisation, opens_on, "opens_on")
    _check_opening(organisation, kind, first, last, label, opens_on)
    if ordinal is not None and not 1 <= ordinal <= 50:
        raise DomainError("Lần thứ của đại hội là số từ 1 đến 50.", field="ordinal")
    if closes_on is not None and not opens_on <= closes_on <= opens_on + dt.timedelta(
        days=LONGEST_CONGRESS_DAYS
    ):
        raise DomainError(
            f"Ngày bế mạc ({fmt_date(closes_on)}) phải từ ngày khai mạc ({fmt_date(opens_on)}) "
            f"đến {LONGEST_CONGRESS_DAYS} ngày sau.",
            field="closes_on",
        )
    _check_totals(members_total, attended_total)
    if kind == CongressKind.REGULAR:
        existing = Congress.objects.filter(
            organisation=organisation, term_label=label, kind=kind, voided_at__isnull=True
        ).first()
        if existing is not None:
            raise DomainError(
                f"«{organisation.name}» đã có đại hội nhiệm kỳ {label}: "
                f"{_congress_name(existing)}. Mỗi nhiệm kỳ chỉ có một đại hội thường lệ; hãy "
                "sửa ngày của đại hội đó.",
                field="term_label",
            )
        opened = _alive_terms(organisation).filter(label=label).first()
        if opened is not None:
            raise DomainError(
                f"«{organisation.name}» đã có {_term_name(opened)}; đại hội mở nhiệm kỳ này "
                "đã qua.",
                field="term_label",
            )
    congress = Congress.objects.create(
        organisation=organisation,
        level=level,
        kind=kind,
        form=form,
        term_label=label,
        ordinal=ordinal,
        opens_on=opens_on,
        closes_on=closes_on,
        members_total=members_total,
        attended_total=attended_total,
        place=clean(place),
        note=clean_paragraphs(note),
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=congress, after=audit.snapshot(congress))
    return congress


def _check_totals(members_total: int | None, attended_total: int | None) -> None:
    if members_total is not None and not 1 <= members_total <= 100_000:
        raise DomainError(
            "Số đại biểu (đảng viên) được triệu tập là số từ 1 đến 100.000.", field="members_total"
        )
    if attended_total is not None and (
        members_total is None or not 0 < attended_total <= members_total
    ):
        raise DomainError(
            f"Số có mặt ({attended_total}) phải từ 1 đến số được triệu tập "
            f"({members_total if members_total is not None else 'chưa ghi'}).",
            field="attended_total",
        )


def _check_live(congress: Congress, field: str) -> None:
    if congress.voided_at is not None:
        raise DomainError("Đại hội này đã bị hủy.", field=field)


@transaction.atomic
def do_reschedule(
    congress: Congress,
    *,
    opens_on: dt.date,
    place: str | None = None,
    note: str = "",
    acting_user: Any,
) -> Congress:
    """Move a planned congress to another day (and place)."""
    _check_live(congress, "opens_on")
    if congress.held:
        raise DomainError(
            "Đại hội đã tổ chức; ngày khai mạc được ghi cùng kết quả đại hội.", field="opens_on"
        )
    _check_scope(congress.organisation, acting_user)
    first, last, label = _label(congress.term_label)
    level = level_on(congress.organisation, opens_on, "opens_on")
    _check_opening(congress.organisation, congress.kind, first, last, label, opens_on)
    before = audit.snapshot(congress)
    congress.opens_on = opens_on
    congress.level = level
    fields = ["opens_on", "level"]
    if place is not None:
        congress.place = clean(place)
        fields.append("place")
    if clean_paragraphs(note):
        congress.note = clean_paragraphs(note)
        fields.append("note")
    congress.save(update_fields=fields)
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=congress,
        before=before,
        after=audit.snapshot(congress),
        note="Đổi ngày đại hội",
    )
    return congress


# --- delegates ------------------------------------------------------------------------


@dataclass(frozen=True)
class DelegateLine:
    """One delegate as typed: a member of the rolls, or a name from elsewhere."""

    kind: str
    member: Member | None = None
    name: str = ""
    attended: bool = True
    absence_reason: str = ""


def _executive_on(org: Organisation, day: dt.date) -> set[int]:
    """The members holding a seat of the organisation's executive committee on `day`."""
    return set(
        CommitteeMember.objects.filter(
            committee__organisation=org,
            committee__kind=CommitteeKind.EXECUTIVE,
            committee__voided_at__isnull=True,
            voided_at__isnull=True,
            start_date__lte=day,
            ended_on__gt=day,
        ).values_list("member_id", flat=True)
    )


@transaction.atomic
def do_record_delegates(
    congress: Congress, *, delegates: Sequence[DelegateLine], acting_user: Any
) -> list[Delegate]:
    """Record (or record again) the congress's delegates and their attendance.

    Members are on the rolls of the organisation's subtree on the opening day; an ex officio
    delegate holds a seat of the outgoing executive committee then.
    """
    _check_live(congress, "member")
    org = congress.organisation
    _check_scope(org, acting_user, "member")
    day = congress.opens_on
    allowed = (
        {DelegateKind.MEMBER}
        if congress.form == CongressForm.ALL_MEMBERS
        else {DelegateKind.ELECTED, DelegateKind.EX_OFFICIO, DelegateKind.APPOINTED}
    )
    executive: set[int] | None = None
    seen: dict[int, int] = {}
    for i, line in enumerate(delegates, start=1):
        field = "member" if i == 1 else f"member_{i}"
        who = line.member.full_name if line.member is not None else clean(line.name)
        if line.kind not in DelegateKind.values:
            raise DomainError(f"Dòng {i}: loại đại biểu không có trong danh mục.", field="kind")
        if line.kind not in allowed:
            raise DomainError(
                f"Dòng {i} ({who}): {congress.get_form_display()} không có "
                f"«{DelegateKind(line.kind).label}».",
                field="kind",
            )
        if line.member is None and not clean(line.name):
            raise DomainError(f"Dòng {i}: hãy chọn đảng viên hoặc ghi họ tên.", field=field)
        if line.attended and clean(line.absence_reason):
            raise DomainError(
                f"Dòng {i} ({who}): đại biểu có mặt không ghi lý do vắng.", field=field
            )
        if line.member is None:
            continue
        if line.member.pk in seen:
            raise DomainError(
                f"Đồng chí {who} được ghi hai lần (dòng {seen[line.member.pk]} và dòng {i}).",
                field=field,
            )
        seen[line.member.pk] = i
        personnel._check_member_in(line.member, org, day, field)
        if line.kind == DelegateKind.EX_OFFICIO:
            if executive is None:
                executive = _executive_on(org, day)
            if line.member.pk not in executive:
                raise DomainError(
                    f"Đồng chí {who} không phải là cấp ủy viên «{org.name}» đương nhiệm vào "
                    f"ngày {fmt_date(day)}, nên không là đại biểu đương nhiên.",
                    field=field,
                )
    before = [
        {"member": d.member_id, "name": d.name, "kind": d.kind, "attended": d.attended}
        for d in congress.delegates.all()
    ]
    congress.delegates.all().delete()
    written = Delegate.objects.bulk_create(
        Delegate(
            congress=congress,
            member=line.member,
            name="" if line.member is not None else clean(line.name),
            kind=line.kind,
            attended=line.attended,
            absence_reason="" if line.attended else clean(line.absence_reason),
        )
        for line in delegates
    )
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=congress,
        before={"delegates": before},
        after={
            "delegates": [
                {"member": d.member_id, "name": d.name, "kind": d.kind, "attended": d.attended}
                for d in written
            ]
        },
        note=f"Ghi danh sách {len(written)} đại biểu",
    )
    return written


# --- results --------------------------------------------------------------------------


@dataclass(frozen=True)
class ElectionLine:
    """One person elected to one body, as typed."""

    body: str
    member: Member
    position: str = ""
    votes: int | None = None
    vote_share: Decimal | None = None
    is_alternate: bool = False
    # How a refusal names the line ("Dòng 3" of a form; an import names its sheet row).
    label: str = ""


def _share(votes: int, base: int) -> Decimal:
    return (Decimal(votes) * 100 / Decimal(base)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _checked_lines(
    congress: Congress,
    lines: Sequence[ElectionLine],
    bodies: tuple[str, ...],
    members_total: int,
    attended_total: int,
) -> list[tuple[ElectionLine, Decimal | None]]:
    """The lines with their vote shares, checked; DomainError naming the line otherwise.

    The Statute (Điều 12) and the Quy chế bầu cử trong Đảng count an election won by more
    than half of the delegates (or full members) convened, less those the Quy chế leaves
    out: `members_total` is that base for the congress's own votes; the standing committee
    and the inspection commission are elected by the new executive committee, whose size is
    their base.
    """
    org = congress.organisation
    executive = [line for line in lines if line.body == ElectedBody.EXECUTIVE]
    if not executive:
        raise DomainError(
            "Hãy ghi ít nhất một đồng chí trúng cử Ban Chấp hành (với chi bộ nhỏ: bí thư).",
            field="elections",
        )
    executive_ids = {line.member.pk for line in executive}
    seen: dict[tuple[str, int], int] = {}
    single: dict[tuple[str, str], tuple[int, Member]] = {}
    checked: list[tuple[ElectionLine, Decimal | None]] = []
    for i, line in enumerate(lines, start=1):
        who = line.member.full_name
        row = line.label or f"Dòng {i}"
        if line.body not in ElectedBody.values:
            raise DomainError(f"{row} ({who}): cơ quan không có trong danh mục.", "body")
        body = ElectedBody(line.body)
        if line.body in COMMITTEE_BODIES and line.body not in bodies:
            raise DomainError(f"{row} ({who}): «{org.name}» không bầu {body.label}.", field="body")
        if line.body in COMMITTEE_BODIES:
            if line.position not in POSITIONS[line.body]:
                raise DomainError(
                    f"{row} ({who}): {body.label} không có chức vụ "
                    f"«{Position(line.position).label if line.position in Position.values else line.position}».",  # noqa: E501
                    field="position",
                )
            if line.is_alternate:
                raise DomainError(
                    f"{row} ({who}): chỉ đại biểu dự đại hội cấp trên mới có dự khuyết.",
                    field="is_alternate",
                )
        elif line.position:
            raise DomainError(
                f"{row} ({who}): đại biểu dự đại hội cấp trên không ghi chức vụ.",
                field="position",
            )
        key = (line.body, line.member.pk)
        if key in seen:
            raise DomainError(
                f"Đồng chí {who} được ghi hai lần vào {body.label} "
                f"({lines[seen[key] - 1].label or f'dòng {seen[key]}'} và {row.lower()}).",
                field="elections",
            )
        seen[key] = i
        if line.position in SINGLE_SEAT:
            other = single.get((line.body, line.position))
            if other is not None:
                raise DomainError(
                    f"{body.label} chỉ có một {Position(line.position).label.lower()}: "
                    f"{lines[other[0] - 1].label or f'dòng {other[0]}'} ghi đồng chí "
                    f"{other[1].full_name}, {row.lower()} ghi đồng chí {who}.",
                    field="position",
                )
            single[(line.body, line.position)] = (i, line.member)
        if line.body == ElectedBody.STANDING and line.member.pk not in executive_ids:
            raise DomainError(
                f"{row}: đồng chí {who} được ghi vào Ban Thường vụ nhưng không có tên trong "
                "Ban Chấp hành vừa bầu.",
                field="elections",
            )
        base = (
            len(executive)
            if line.body in (ElectedBody.STANDING, ElectedBody.INSPECTION)
            else members_total
        )
        share = line.vote_share
        if line.votes is not None:
            if line.votes > base:
                raise DomainError(
                    f"{row} ({who}): {line.votes} phiếu nhiều hơn số người bầu ({base}).",
                    field="votes",
                )
            if line.body not in (ElectedBody.STANDING, ElectedBody.INSPECTION) and (
                line.votes > attended_total
            ):
                raise DomainError(
                    f"{row} ({who}): {line.votes} phiếu nhiều hơn số có mặt ({attended_total}).",
                    field="votes",
                )
            computed = _share(line.votes, base)
            if share is not None and abs(share - computed) > Decimal("0.5"):
                raise DomainError(
                    f"{row} ({who}): tỷ lệ {share}% không khớp {line.votes}/{base} phiếu "
                    f"({computed}%).",
                    field="vote_share",
                )
            share = share if share is not None else computed
        if share is not None:
            if not Decimal(0) <= share <= Decimal(100):
                raise DomainError(
                    f"{row} ({who}): tỷ lệ phiếu là số từ 0 đến 100.", field="vote_share"
                )
            if share <= Decimal(50):
                raise DomainError(
                    f"{row} ({who}): {share}% số phiếu chưa quá một nửa nên chưa trúng cử "
                    "(Điều lệ Đảng, Điều 12; Quy chế bầu cử trong Đảng).",
                    field="vote_share",
                )
        checked.append((line, share))
    for body in (ElectedBody.EXECUTIVE, ElectedBody.STANDING):
        secretaries = {
            line.member.pk
            for line in lines
            if line.body == body and line.position == Position.SECRETARY
        }
        if body == ElectedBody.STANDING and secretaries:
            exec_secretary = {
                line.member.pk for line in executive if line.position == Position.SECRETARY
            }
            if secretaries != exec_secretary:
                raise DomainError(
                    "Bí thư trong Ban Thường vụ phải là bí thư trong Ban Chấp hành.",
                    field="position",
                )
    return checked


def _new_committee(
    org: Organisation, kind: str, label: str, acting_user: Any
) -> tuple[Committee, bool]:
    """The committee of `kind` for the term `label`: an empty one already recorded, or a
    new one. One with seats open already is a conflict."""
    existing = Committee.objects.filter(
        organisation=org, kind=kind, term=label, voided_at__isnull=True
    ).first()
    if existing is not None:
        seat = (
            existing.seats.filter(voided_at__isnull=True)
            .select_related("member")
            .order_by("start_date", "id")
            .first()
        )
        if seat is not None:
            raise DomainError(
                f"{existing} đã có người giữ chức vụ: đồng chí {seat.member.full_name} "
                f"({seat.get_position_display()}, từ ngày {fmt_date(seat.start_date)}). Kết quả "
                "đại hội mở danh sách của nhiệm kỳ; hãy hủy các ghi nhận đó trước.",
                field="elections",
            )
        return existing, False
    committee = personnel.do_create_committee(
        organisation=org, kind=kind, term=label, acting_user=acting_user
    )
    return committee, True


@transaction.atomic
def do_record_results(
    congress: Congress,
    *,
    opens_on: dt.date,
    closes_on: dt.date | None,
    members_total: int,
    attended_total: int,
    elections: Sequence[ElectionLine],
    seats_from: dt.date | None = None,
    elections_known: bool = True,
    note: str = "",
    acting_user: Any,
) -> Congress:
    """Record that the congress was held, with whom, and whom it elected.

    `elections_known=False` records a past congress whose election results are not known
    (an import of history): it opens the term and changes no committee.

    A regular congress opens the new term: the committees of the term and their seats from
    `seats_from` (the first session; the opening day by default), the previous terms' open
    seats of the same bodies closed that day, the open `Term` ended and the new one opened.
    An extraordinary congress elects into the committees of its term and closes nothing.
    All or nothing.
    """
    _check_live(congress, "opens_on")
    if congress.held:
        raise DomainError(
            f"Kết quả đại hội đã được ghi ngày {fmt_date(congress.opens_on)}; để sửa, hãy hủy "
            "đại hội này và ghi lại.",
            field="opens_on",
        )
    org = congress.organisation
    _check_scope(org, acting_user)
    _check_past(opens_on, "opens_on")
    closes_on = closes_on or opens_on
    _check_past(closes_on, "closes_on")
    if not opens_on <= closes_on <= opens_on + dt.timedelta(days=LONGEST_CONGRESS_DAYS):
        raise DomainError(
            f"Ngày bế mạc ({fmt_date(closes_on)}) phải từ ngày khai mạc ({fmt_date(opens_on)}) "
            f"đến {LONGEST_CONGRESS_DAYS} ngày sau.",
            field="closes_on",
        )
    start = seats_from or opens_on
    _check_past(start, "seats_from")
    if not opens_on <= start <= closes_on + dt.timedelta(days=LONGEST_CONGRESS_DAYS):
        raise DomainError(
            f"Ngày phiên họp thứ nhất của cấp ủy ({fmt_date(start)}) phải trong hoặc ngay sau "
            "đại hội.",
            field="seats_from",
        )
    _check_totals(members_total, attended_total)
    first, last, label = _label(congress.term_label)
    level = level_on(org, opens_on, "opens_on")
    _check_opening(org, congress.kind, first, last, label, opens_on)
    bodies = personnel.BODIES.get(level, ())
    if not elections_known and elections:
        raise DomainError("Đã ghi kết quả bầu cử thì không ghi «chưa rõ kết quả».", "elections")
    checked = (
        _checked_lines(congress, elections, bodies, members_total, attended_total)
        if elections_known
        else []
    )
    regular = congress.kind == CongressKind.REGULAR
    if regular:
        opened = _alive_terms(org).filter(label=label).first()
        if opened is not None:
            raise DomainError(
                f"«{org.name}» đã có {_term_name(opened)}; đại hội này không mở lại nhiệm kỳ "
                "đó. Hãy hủy nhiệm kỳ đã ghi trước.",
                field="opens_on",
            )
        open_term = _alive_terms(org).filter(ended_on__isnull=True).first()
        if open_term is not None and open_term.began_on >= opens_on:
            raise DomainError(
                f"«{org.name}» có {_term_name(open_term)}, không trước ngày đại hội "
                f"{fmt_date(opens_on)}.",
                field="opens_on",
            )
        later = _alive_terms(org).filter(began_on__gt=opens_on).first()
        if later is not None:
            raise DomainError(
                f"«{org.name}» đã có {_term_name(later)}, sau ngày đại hội này.",
                field="opens_on",
            )
    used = [b for b in COMMITTEE_BODIES if any(line.body == b for line, _ in checked)]
    committees: dict[str, Committee] = {}
    for body in used:
        if regular:
            committees[body], _ = _new_committee(org, body, label, acting_user)
        else:
            existing = Committee.objects.filter(
                organisation=org, kind=body, term=label, voided_at__isnull=True
            ).first()
            committees[body] = existing or personnel.do_create_committee(
                organisation=org, kind=body, term=label, acting_user=acting_user
            )
    if regular:
        for body in used:
            old_seats = (
                CommitteeMember.objects.filter(
                    committee__organisation=org,
                    committee__kind=body,
                    committee__voided_at__isnull=True,
                    voided_at__isnull=True,
                    ended_on=FOREVER,
                )
                .exclude(committee=committees[body])
                .select_related("member", "committee")
            )
            for seat in old_seats:
                if seat.start_date >= start:
                    raise DomainError(
                        f"Đồng chí {seat.member.full_name} giữ chức vụ "
                        f"{seat.get_position_display()} trong {seat.committee} từ ngày "
                        f"{fmt_date(seat.start_date)}, không trước ngày {fmt_date(start)} của "
                        "cấp ủy mới; hãy sửa ghi nhận đó trước.",
                        field="opens_on",
                    )
                personnel._close_seat(
                    seat, start, reason=END_OF_TERM, decision=None, acting_user=acting_user
                )
    before = audit.snapshot(congress)
    for i, (line, share) in enumerate(checked, start=1):
        seat = None
        if line.body in COMMITTEE_BODIES:
            try:
                seat = personnel._open_seat(
                    committees[line.body],
                    line.member,
                    line.position,
                    start,
                    basis=ELECTED_BASIS,
                    decision=None,
                    acting_user=acting_user,
                )
            except DomainError as error:
                raise DomainError(
                    f"{line.label or f'Dòng {i}'}: {error.message}", field="elections"
                ) from None
        else:
            personnel._check_member_in(line.member, org, opens_on, "elections")
        Election.objects.create(
            congress=congress,
            body=line.body,
            member=line.member,
            position=line.position,
            is_alternate=line.is_alternate,
            votes=line.votes,
            vote_share=share,
            seat=seat,
        )
    if regular:
        open_term = _alive_terms(org).filter(ended_on__isnull=True).first()
        if open_term is not None:
            _end_term(open_term, opens_on, acting_user)
        term = Term.objects.create(
            organisation=org,
            label=label,
            first_year=first,
            last_year=last,
            began_on=opens_on,
            due_on=term_due_on(org, opens_on, level),
            congress=congress,
            recorded_by=_user(acting_user),
        )
        audit.record(audit.CREATE, user=acting_user, obj=term, after=audit.snapshot(term))
    congress.opens_on, congress.closes_on = opens_on, closes_on
    congress.level = level
    congress.held = True
    congress.members_total, congress.attended_total = members_total, attended_total
    fields = ["opens_on", "closes_on", "level", "held", "members_total", "attended_total"]
    if clean_paragraphs(note):
        congress.note = clean_paragraphs(note)
        fields.append("note")
    congress.save(update_fields=fields)
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=congress,
        before=before,
        after=audit.snapshot(congress),
        note=f"Ghi kết quả đại hội: {len(checked)} người trúng cử",
    )
    return congress


# --- documents ------------------------------------------------------------------------


@transaction.atomic
def do_add_document(
    congress: Congress,
    *,
    role: str,
    document: Document | None = None,
    number: str = "",
    date: dt.date | None = None,
    issued_by: str = "",
    summary: str = "",
    acting_user: Any,
) -> CongressDocument:
    """Attach a paper to the congress: an entry of the register, or one outside it."""
    _check_live(congress, "role")
    if role not in DocumentRole.values:
        raise DomainError("Loại văn bản không có trong danh mục.", field="role")
    _check_scope(congress.organisation, acting_user, "role")
    number, issued_by, summary = clean(number), clean(issued_by), clean(summary)
    if document is not None:
        if document.voided_at is not None:
            raise DomainError(f"Văn bản {document} đã bị hủy trong sổ.", field="document")
        if number:
            raise DomainError(
                "Chọn văn bản trong sổ hoặc ghi số văn bản bên ngoài sổ, không cả hai.",
                field="number",
            )
        date = document.date
    else:
        if not number:
            raise DomainError(
                "Hãy chọn văn bản trong sổ hoặc ghi số, ký hiệu văn bản (ví dụ: 125-QĐ/ĐUK).",
                field="number",
            )
        if date is None:
            raise DomainError("Hãy ghi ngày văn bản.", field="date")
        _check_past(date, "date")
    duplicate = CongressDocument.objects.filter(
        congress=congress, role=role, voided_at__isnull=True
    )
    duplicate = (
        duplicate.filter(document=document)
        if document is not None
        else duplicate.filter(number__iexact=number, date=date)
    )
    if duplicate.exists():
        raise DomainError("Văn bản này đã được ghi cho đại hội.", field="number")
    paper = CongressDocument.objects.create(
        congress=congress,
        role=role,
        document=document,
        number=number if document is None else "",
        date=date,
        issued_by=issued_by,
        summary=summary,
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=paper, after=audit.snapshot(paper))
    return paper


# --- voiding --------------------------------------------------------------------------


@transaction.atomic
def do_void_congress(congress: Congress, *, reason: str, acting_user: Any) -> None:
    """Void a congress recorded by mistake. A held one takes its results with it: the seats
    it opened are voided (with the committees it opened, left empty), the seats it closed
    are open again, its term is voided and the previous term is open again."""
    _check_live(congress, "reason")
    org = congress.organisation
    _check_scope(org, acting_user, "reason")
    note = f"Hủy theo đại hội bị hủy: {clean_paragraphs(reason)}"
    term = _alive_terms(org).filter(congress=congress).first()
    if term is not None and term.ended_on is not None:
        later = _alive_terms(org).filter(began_on__gte=term.ended_on).first()
        raise DomainError(
            f"Nhiệm kỳ {term.label} do đại hội này mở đã kết thúc ngày "
            f"{fmt_date(term.ended_on)}"
            f"{f' ({_term_name(later)} tiếp theo)' if later else ''}; hãy hủy đại hội hoặc "
            "nhiệm kỳ sau trước.",
            field="reason",
        )
    elections = list(congress.elections.select_related("seat__committee", "seat__member"))
    seats = [e.seat for e in elections if e.seat is not None and e.seat.voided_at is None]
    if CellAttendance.objects.filter(seat__in=seats, voided_at__isnull=True).exists():
        raise DomainError(
            "Có phân công dự sinh hoạt chi bộ dựa trên chức vụ do đại hội này bầu; hãy hủy "
            "phân công đó trước.",
            field="reason",
        )
    do_void(congress, reason=reason, acting_user=acting_user)
    if not congress.held:
        return
    start = min((s.start_date for s in seats), default=congress.opens_on)
    committees = {s.committee_id: s.committee for s in seats}
    for seat in seats:
        do_void(seat, reason=note, acting_user=acting_user)
    for committee in committees.values():
        if not committee.seats.filter(voided_at__isnull=True).exists():
            do_void(committee, reason=note, acting_user=acting_user)
    if congress.kind == CongressKind.REGULAR:
        kinds = {c.kind for c in committees.values()}
        closed = CommitteeMember.objects.filter(
            committee__organisation=org,
            committee__kind__in=kinds,
            committee__voided_at__isnull=True,
            voided_at__isnull=True,
            ended_on=start,
            end_reason=END_OF_TERM,
            end_decision__isnull=True,
        ).select_related("member")
        for seat in closed:
            clash = CommitteeMember.objects.filter(
                committee=seat.committee_id, voided_at__isnull=True, ended_on__gt=seat.start_date
            ).exclude(pk=seat.pk)
            if clash.filter(member=seat.member_id).exists() or (
                seat.position in SINGLE_SEAT and clash.filter(position=seat.position).exists()
            ):
                raise DomainError(
                    f"Không mở lại được chức vụ của đồng chí {seat.member.full_name}: đã có "
                    "người khác giữ chức vụ này sau đó. Hãy hủy các ghi nhận sau trước.",
                    field="reason",
                )
            before = audit.snapshot(seat)
            seat.ended_on, seat.end_reason = FOREVER, ""
            seat.save(update_fields=["ended_on", "end_reason"])
            audit.record(
                audit.UPDATE,
                user=acting_user,
                obj=seat,
                before=before,
                after=audit.snapshot(seat),
                note=note,
            )
        if term is not None:
            do_void(term, reason=note, acting_user=acting_user)
            previous = _alive_terms(org).filter(ended_on=term.began_on).first()
            if previous is not None:
                _reopen_term(previous, acting_user, note)


@transaction.atomic
def do_void_term(term: Term, *, reason: str, acting_user: Any) -> None:
    """Void a term recorded by mistake; one a congress opened is voided with the congress."""
    if term.congress_id is not None:
        raise DomainError("Nhiệm kỳ này do một đại hội mở; hãy hủy đại hội đó.", field="reason")
    _check_scope(term.organisation, acting_user, "reason")
    do_void(term, reason=reason, acting_user=acting_user)
    if term.ended_on is None:
        previous = _alive_terms(term.organisation).filter(ended_on=term.began_on).first()
        if previous is not None:
            _reopen_term(previous, acting_user, f"Hủy nhiệm kỳ sau: {clean_paragraphs(reason)}")


def _reopen_term(term: Term, acting_user: Any, note: str) -> None:
    before = audit.snapshot(term)
    term.ended_on = None
    term.save(update_fields=["ended_on"])
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=term,
        before=before,
        after=audit.snapshot(term),
        note=note,
    )


@transaction.atomic
def do_void_document(paper: CongressDocument, *, reason: str, acting_user: Any) -> None:
    _check_scope(paper.congress.organisation, acting_user, "reason")
    do_void(paper, reason=reason, acting_user=acting_user)
