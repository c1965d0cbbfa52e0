"""Import declarations of personnel work: committee members, completion decisions,
political-standard conclusions, leader evaluations, acting assignments and cell
attendance.

Importing the same file twice changes nothing: a seat is matched by its committee,
member, position and start; a decision by its committee, kind, number and date; a
conclusion by the person, purpose and date; an evaluation by the person, reason and date;
an acting assignment by its organisation, member, kind, post and start; a cell attendance
by its cell, member and start.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dangvu.core.errors import DomainError
from dangvu.core.importing import Column, Context, ImportKind, RowError, register
from dangvu.lib.vnformat import fmt_date
from dangvu.members import numbers
from dangvu.members.models import AdmissionCandidate, Member
from dangvu.orgs.models import Organisation
from dangvu.personnel import actions
from dangvu.personnel.models import (
    ActingAssignment,
    CellAttendance,
    Committee,
    CommitteeDecision,
    CommitteeKind,
    CommitteeMember,
    LeaderEvaluation,
    PoliticalConclusion,
    Position,
)

ORG = Column(
    "Tổ chức đảng",
    "organisation",
    "org",
    required=True,
    example="DBK.01",
    help="Tổ chức có cấp ủy, ủy ban kiểm tra (mã hoặc tên đầy đủ).",
)
BODY = Column(
    "Cơ quan",
    "kind",
    "choice",
    required=True,
    choices=tuple(CommitteeKind.choices),
    example=CommitteeKind.EXECUTIVE.label,
)
TERM = Column(
    "Nhiệm kỳ",
    "term",
    required=True,
    example="2020–2025",
    help="Năm đầu, gạch nối, năm cuối. Chưa có trong Đảng vụ thì được ghi mới.",
)
NAME = Column("Họ và tên", "person_name", required=True, example="Nguyễn Văn An")
IDENTITY = Column(
    "Số CCCD",
    "identity_number",
    "identity",
    example="052090001234",
    help="Để tìm đúng hồ sơ; nếu trống thì tìm theo họ tên và ngày sinh.",
)
BIRTH = Column("Ngày sinh", "birth_date", "date", example="17/05/1990")
POSITION = Column(
    "Chức vụ",
    "position",
    "choice",
    required=True,
    choices=tuple(Position.choices),
    example=Position.COMMITTEE_MEMBER.label,
)

SEATS = (
    ORG,
    BODY,
    TERM,
    NAME,
    IDENTITY,
    BIRTH,
    POSITION,
    Column("Từ ngày", "start_date", "date", required=True, example="15/06/2020"),
    Column("Căn cứ", "basis", example="Đại hội bầu"),
    Column("Thôi từ ngày", "ended_on", "date", help="Để trống nếu đang giữ chức vụ."),
    Column("Lý do thôi", "end_reason", example="Chuyển công tác"),
)

DECISIONS = (
    ORG,
    BODY,
    TERM,
    Column(
        "Loại quyết định",
        "decision_kind",
        "choice",
        required=True,
        choices=tuple(CommitteeDecision.Kind.choices),
        example=CommitteeDecision.Kind.ADD.label,
    ),
    Column("Số quyết định", "number", example="125-QĐ/ĐUK"),
    Column("Ngày quyết định", "decision_date", "date", required=True, example="12/09/2023"),
    Column("Cấp quyết định", "issued_by", required=True, example="Ban Thường vụ Đảng ủy Khối"),
    NAME,
    IDENTITY,
    BIRTH,
    Column(
        "Chức vụ",
        "position",
        "choice",
        choices=tuple(Position.choices),
        example=Position.COMMITTEE_MEMBER.label,
        help="Chức vụ được chuẩn y, chỉ định; để trống với quyết định cho thôi.",
    ),
)

CONCLUSIONS = (
    Column(
        "Tổ chức đảng",
        "organisation",
        "org",
        required=True,
        example="DBK.01.02",
        help="Tổ chức đề nghị kết luận (với đảng viên: nơi sinh hoạt vào ngày kết luận).",
    ),
    NAME,
    Column(
        "Ngày sinh",
        "birth_date",
        "date",
        example="17/05/1998",
        help="Bắt buộc, trừ khi ghi số CCCD của đảng viên, quần chúng ưu tú đã có hồ sơ.",
    ),
    IDENTITY,
    Column("Cơ quan, đơn vị công tác", "unit", example="Sở Y tế"),
    Column(
        "Mục đích",
        "purpose",
        "choice",
        required=True,
        choices=tuple(PoliticalConclusion.Purpose.choices),
        example=PoliticalConclusion.Purpose.ADMISSION.label,
    ),
    Column(
        "Kết luận",
        "outcome",
        "choice",
        required=True,
        choices=tuple(PoliticalConclusion.Outcome.choices),
        example=PoliticalConclusion.Outcome.MET.label,
    ),
    Column("Ngày kết luận", "date", "date", required=True, example="20/03/2023"),
    Column("Số văn bản", "document_number", example="35-KL/ĐUK"),
    Column("Ghi chú", "note"),
)

EVALUATIONS = (
    Column(
        "Tổ chức đảng",
        "organisation",
        "org",
        required=True,
        example="DBK.01",
        help="Nơi cán bộ sinh hoạt đảng vào ngày có ý kiến.",
    ),
    NAME,
    IDENTITY,
    BIRTH,
    Column("Chức vụ", "position", required=True, example="Giám đốc Sở"),
    Column("Cơ quan, đơn vị", "unit", example="Sở Y tế"),
    Column(
        "Lý do",
        "reason",
        "choice",
        required=True,
        choices=tuple(LeaderEvaluation.Reason.choices),
        example=LeaderEvaluation.Reason.REAPPOINTMENT.label,
    ),
    Column("Cơ quan đề nghị", "requested_by", example="Ban Tổ chức Tỉnh ủy"),
    Column("Ngày có ý kiến", "date", "date", required=True, example="05/07/2023"),
    Column("Số văn bản", "document_number", example="210-CV/ĐUK"),
    Column("Ghi chú", "note"),
)


ACTING = (
    Column(
        "Tổ chức đảng",
        "organisation",
        "org",
        required=True,
        example="DBK.01",
        help="Tổ chức có chức danh được giao quyền, phân công phụ trách (mã hoặc tên).",
    ),
    Column(
        "Hình thức",
        "kind",
        "choice",
        required=True,
        choices=tuple(ActingAssignment.Kind.choices),
        example=ActingAssignment.Kind.ACTING.label,
    ),
    Column("Chức danh", "post", required=True, example="Bí thư"),
    NAME,
    IDENTITY,
    BIRTH,
    Column("Từ ngày", "start_date", "date", required=True, example="01/03/2023"),
    Column(
        "Đến hết ngày",
        "end_date",
        "date",
        example="30/09/2023",
        help="Để trống nếu đang được giao quyền, phân công phụ trách.",
    ),
    Column("Số quyết định", "decision_number", example="215-QĐ/ĐUK"),
    Column("Ngày quyết định", "decision_date", "date", required=True, example="27/02/2023"),
    Column("Ghi chú", "note"),
)

ATTENDANCES = (
    Column(
        "Chi bộ",
        "cell",
        "org",
        required=True,
        example="DBK.01.02",
        help="Chi bộ mà cấp ủy viên được phân công dự sinh hoạt (mã hoặc tên).",
    ),
    NAME,
    IDENTITY,
    BIRTH,
    Column("Từ ngày", "start_date", "date", required=True, example="01/07/2020"),
    Column(
        "Đến hết ngày",
        "end_date",
        "date",
        example="31/12/2023",
        help="Để trống nếu phân công còn hiệu lực.",
    ),
    Column("Số văn bản phân công", "decision_number", example="12-PC/ĐU"),
    Column("Ghi chú", "note"),
)


@contextmanager
def _person_column() -> Iterator[None]:
    """A refusal about the person (not a member there, already seated) names the name
    column, which the declaration cannot map by itself."""
    try:
        yield
    except DomainError as error:
        if error.field in ("member", "person_name", "candidate"):
            raise RowError(error.message, "Họ và tên") from None
        raise


def _find_member(row: dict[str, Any], ctx: Context, *, required: bool) -> Member | None:
    """The member named by identity number, or by full name and birth date."""
    ident = row.get("identity_number")
    if ident:
        member = Member.objects.select_related("organisation").filter(identity_number=ident).first()
        if member is None and required:
            raise RowError(f"Không có đảng viên có số CCCD {ident}.", "Số CCCD")
        wrong = member and numbers.row_mismatch(
            ident, member, row["person_name"], row.get("birth_date"), ctx.user
        )
        if wrong:
            raise RowError(wrong, "Số CCCD")
        return member
    if not row.get("birth_date"):
        if required:
            raise RowError("Hãy ghi số CCCD hoặc ngày sinh để tìm đúng đảng viên.", "Ngày sinh")
        return None
    found = list(
        Member.objects.filter(full_name=row["person_name"], birth_date=row["birth_date"])[:2]
    )
    if len(found) > 1:
        raise RowError("Có nhiều đảng viên cùng họ tên và ngày sinh; hãy ghi số CCCD.", "Số CCCD")
    if not found and required:
        raise RowError(
            f"Không có đảng viên {row['person_name']} sinh ngày {row['birth_date']:%d/%m/%Y}.",
            "Họ và tên",
        )
    return found[0] if found else None


def _committee(row: dict[str, Any], ctx: Context) -> Committee:
    org: Organisation = ctx.organisation(row["organisation"], "Tổ chức đảng")
    label = actions.parse_term(row["term"])[2]
    committee = Committee.objects.filter(
        organisation=org, kind=row["kind"], term=label, voided_at__isnull=True
    ).first()
    if committee is None:
        committee = actions.do_create_committee(
            organisation=org, kind=row["kind"], term=label, acting_user=ctx.user
        )
    return committee


def _apply_seat(row: dict[str, Any], ctx: Context) -> str:
    committee = _committee(row, ctx)
    member = _find_member(row, ctx, required=True)
    assert member is not None
    seat = CommitteeMember.objects.filter(
        committee=committee,
        member=member,
        position=row["position"],
        start_date=row["start_date"],
        voided_at__isnull=True,
    ).first()
    created = seat is None
    if seat is None:
        seat = actions.do_add_seat(
            committee,
            member=member,
            position=row["position"],
            start_date=row["start_date"],
            basis=row.get("basis") or "Đại hội bầu",
            acting_user=ctx.user,
        )
    ended = row.get("ended_on")
    if ended is not None and seat.is_open:
        actions.do_end_seat(
            seat,
            ended_on=ended,
            reason=row.get("end_reason") or "Thôi giữ chức vụ",
            acting_user=ctx.user,
        )
        return "created"
    return "created" if created else "unchanged"


def _apply_decision(row: dict[str, Any], ctx: Context) -> str:
    committee = _committee(row, ctx)
    member = _find_member(row, ctx, required=True)
    assert member is not None
    kind, position = row["decision_kind"], row.get("position") or ""
    if kind != CommitteeDecision.Kind.RELIEVE and not position:
        raise RowError("Hãy ghi chức vụ được chuẩn y, chỉ định.", "Chức vụ")
    decision = CommitteeDecision.objects.filter(
        committee=committee,
        kind=kind,
        number=row.get("number") or "",
        decision_date=row["decision_date"],
        voided_at__isnull=True,
    ).first()
    if decision is None:
        actions.do_complete_committee(
            committee,
            kind=kind,
            decision_date=row["decision_date"],
            issued_by=row["issued_by"],
            number=row.get("number") or "",
            appointments=[] if kind == CommitteeDecision.Kind.RELIEVE else [(member, position)],
            endings=list(
                committee.seats.filter(
                    member=member, voided_at__isnull=True, ended_on__gt=row["decision_date"]
                )
            )
            if kind == CommitteeDecision.Kind.RELIEVE
            else [],
            acting_user=ctx.user,
        )
        return "created"
    if kind == CommitteeDecision.Kind.RELIEVE:
        if decision.closed_seats.filter(member=member).exists():
            return "unchanged"
    elif decision.opened_seats.filter(member=member, voided_at__isnull=True).exists():
        return "unchanged"
    actions.do_extend_decision(decision, member=member, position=position, acting_user=ctx.user)
    return "created"


def _apply_conclusion(row: dict[str, Any], ctx: Context) -> str:
    org = ctx.organisation(row["organisation"], "Tổ chức đảng")
    member = _find_member(row, ctx, required=False)
    candidate = None
    if member is None:
        pool = AdmissionCandidate.objects.filter(member__isnull=True)
        ident = row.get("identity_number")
        candidate = (
            pool.filter(identity_number=ident).first()
            if ident
            else pool.filter(
                organisation=org, full_name=row["person_name"], birth_date=row["birth_date"]
            ).first()
        )
    same = PoliticalConclusion.objects.filter(
        voided_at__isnull=True,
        person_name=member.full_name if member else row["person_name"],
        birth_date=member.birth_date if member else row["birth_date"],
        purpose=row["purpose"],
        date=row["date"],
    )
    if same.exists():
        return "unchanged"
    actions.do_conclude_political_standard(
        purpose=row["purpose"],
        outcome=row["outcome"],
        date=row["date"],
        member=member,
        candidate=candidate,
        person_name=row["person_name"],
        birth_date=row["birth_date"],
        organisation=org,
        unit=row.get("unit") or "",
        document_number=row.get("document_number") or "",
        note=row.get("note") or "",
        acting_user=ctx.user,
    )
    return "created"


def _apply_evaluation(row: dict[str, Any], ctx: Context) -> str:
    org = ctx.organisation(row["organisation"], "Tổ chức đảng")
    member = _find_member(row, ctx, required=False)
    same = LeaderEvaluation.objects.filter(
        voided_at__isnull=True,
        person_name=member.full_name if member else row["person_name"],
        reason=row["reason"],
        date=row["date"],
    )
    if same.exists():
        return "unchanged"
    actions.do_record_evaluation(
        member=member,
        person_name=row["person_name"],
        organisation=org,
        position=row["position"],
        unit=row.get("unit") or "",
        reason=row["reason"],
        requested_by=row.get("requested_by") or "",
        date=row["date"],
        document_number=row.get("document_number") or "",
        note=row.get("note") or "",
        acting_user=ctx.user,
    )
    return "created"


def _end(record: ActingAssignment | CellAttendance, row: dict[str, Any], ctx: Context) -> str:
    """A matched assignment: unchanged, or ended on the row's last day if still open."""
    ended = row.get("end_date")
    if ended == record.end_date:
        return "unchanged"
    if ended is None or record.end_date is not None:
        shown = fmt_date(record.end_date) if record.end_date else "(đang hiệu lực)"
        raise RowError(
            f"Phân công này đã được ghi với ngày kết thúc {shown}; muốn sửa, hãy hủy bản ghi "
            "trên trang của nó rồi nhập lại.",
            "Đến hết ngày",
        )
    actions.do_end_assignment(record, end_date=ended, acting_user=ctx.user)
    return "created"


def _apply_acting(row: dict[str, Any], ctx: Context) -> str:
    org = ctx.organisation(row["organisation"], "Tổ chức đảng")
    member = _find_member(row, ctx, required=True)
    assert member is not None
    record = ActingAssignment.objects.filter(
        voided_at__isnull=True,
        organisation=org,
        member=member,
        kind=row["kind"],
        post__iexact=row["post"],
        start_date=row["start_date"],
    ).first()
    if record is not None:
        return _end(record, row, ctx)
    actions.do_assign_acting(
        organisation=org,
        member=member,
        kind=row["kind"],
        post=row["post"],
        start_date=row["start_date"],
        end_date=row.get("end_date"),
        decision_number=row.get("decision_number") or "",
        decision_date=row["decision_date"],
        note=row.get("note") or "",
        acting_user=ctx.user,
    )
    return "created"


def _apply_attendance(row: dict[str, Any], ctx: Context) -> str:
    cell = ctx.organisation(row["cell"], "Chi bộ")
    member = _find_member(row, ctx, required=True)
    assert member is not None
    record = CellAttendance.objects.filter(
        voided_at__isnull=True, cell=cell, member=member, start_date=row["start_date"]
    ).first()
    if record is not None:
        return _end(record, row, ctx)
    actions.do_assign_cell_attendance(
        member=member,
        cell=cell,
        start_date=row["start_date"],
        end_date=row.get("end_date"),
        decision_number=row.get("decision_number") or "",
        note=row.get("note") or "",
        acting_user=ctx.user,
    )
    return "created"


def apply_seat(row: dict[str, Any], ctx: Context) -> str:
    with _person_column():
        return _apply_seat(row, ctx)


def apply_decision(row: dict[str, Any], ctx: Context) -> str:
    with _person_column():
        return _apply_decision(row, ctx)


def apply_conclusion(row: dict[str, Any], ctx: Context) -> str:
    with _person_column():
        return _apply_conclusion(row, ctx)


def apply_evaluation(row: dict[str, Any], ctx: Context) -> str:
    with _person_column():
        return _apply_evaluation(row, ctx)


def apply_acting(row: dict[str, Any], ctx: Context) -> str:
    with _person_column():
        return _apply_acting(row, ctx)


def apply_attendance(row: dict[str, Any], ctx: Context) -> str:
    with _person_column():
        return _apply_attendance(row, ctx)


SEAT_KIND = ImportKind(
    code="committee-members",
    label="Cấp ủy viên, ủy viên ủy ban kiểm tra",
    description=(
        "Mỗi dòng là một đồng chí giữ một chức vụ trong Ban Chấp hành, Ban Thường vụ hoặc "
        "Ủy ban Kiểm tra của một tổ chức đảng trong một nhiệm kỳ (thường do đại hội bầu). "
        "Người được chuẩn y, chỉ định bổ sung thì nhập bằng mẫu quyết định kiện toàn."
    ),
    columns=SEATS,
    apply=apply_seat,
)
DECISION_KIND = ImportKind(
    code="committee-decisions",
    label="Quyết định kiện toàn cấp ủy, ủy ban kiểm tra",
    description=(
        "Mỗi dòng là một đồng chí trong một quyết định kiện toàn (chuẩn y, chỉ định, chỉ "
        "định bổ sung, cho thôi). Các dòng cùng cơ quan, loại, số và ngày quyết định thuộc "
        "một quyết định."
    ),
    columns=DECISIONS,
    apply=apply_decision,
)
CONCLUSION_KIND = ImportKind(
    code="political-conclusions",
    label="Kết luận tiêu chuẩn chính trị",
    description=(
        "Mỗi dòng là một kết luận tiêu chuẩn chính trị. Đảng viên, quần chúng ưu tú được "
        "tìm theo số CCCD, hoặc họ tên và ngày sinh; người khác được ghi theo họ tên, ngày "
        "sinh và tổ chức đảng đề nghị."
    ),
    columns=CONCLUSIONS,
    apply=apply_conclusion,
)
EVALUATION_KIND = ImportKind(
    code="leader-evaluations",
    label="Nhận xét, đánh giá cán bộ",
    description=(
        "Mỗi dòng là một lần cấp ủy có ý kiến nhận xét, đánh giá một cán bộ lãnh đạo, quản "
        "lý thuộc diện cấp ủy quản lý."
    ),
    columns=EVALUATIONS,
    apply=apply_evaluation,
)
ACTING_KIND = ImportKind(
    code="acting-assignments",
    label="Giao quyền, phân công phụ trách",
    description=(
        "Mỗi dòng là một đảng viên được giao quyền hoặc phân công phụ trách một chức danh "
        "(thường là bí thư) của một tổ chức đảng khi chức danh đó khuyết. Đảng viên được tìm "
        "theo số CCCD, hoặc họ tên và ngày sinh, và phải sinh hoạt trong tổ chức đó vào ngày "
        "bắt đầu."
    ),
    columns=ACTING,
    apply=apply_acting,
)
ATTENDANCE_KIND = ImportKind(
    code="cell-attendances",
    label="Phân công cấp ủy viên dự sinh hoạt chi bộ",
    description=(
        "Mỗi dòng là một cấp ủy viên cấp trên được phân công dự sinh hoạt một chi bộ; vào ngày "
        "bắt đầu, đồng chí phải đang là cấp ủy viên của một cấp ủy cấp trên của chi bộ (nhập "
        "cấp ủy viên trước)."
    ),
    columns=ATTENDANCES,
    apply=apply_attendance,
)
for _kind in (
    SEAT_KIND,
    DECISION_KIND,
    CONCLUSION_KIND,
    EVALUATION_KIND,
    ACTING_KIND,
    ATTENDANCE_KIND,
):
    register(_kind)
