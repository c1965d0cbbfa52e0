"""Import declarations: annual programmes of inspection and supervision, inspections and
supervisions with their subjects, discipline decisions, complaints and denunciations.

Importing the same file twice changes nothing: a programme is matched by its body and
year, and its items by their number; an inspection by its body, kind, content and start
date; a decision by its subject, form and decision; a complaint by its
kind, sender, received date and handling organisation. Organisations are looked up among
those the user may see; the actions then check that the user may record for the body.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Max, QuerySet

from dangvu.accounts.scoping import visible_members, visible_organisations
from dangvu.core.errors import DomainError
from dangvu.core.importing import Column, Context, ImportKind, RowError, register
from dangvu.inspection import actions
from dangvu.inspection.limitation import CONCLUSION_DATE_HELP, ViolationCategory
from dangvu.inspection.models import (
    Complaint,
    DisciplineDecision,
    Form,
    Inspection,
    Kind,
    Level,
    Programme,
    ProgrammeItem,
    Status,
    Target,
)
from dangvu.lib.text import clean
from dangvu.members.models import Member
from dangvu.orgs.models import Organisation
from dangvu.orgs.resolve import resolve_organisation

YES_NO = (("yes", "Có"), ("no", "Không"))
ORG_HELP = "Mã tổ chức (ví dụ DBK.01.02) hoặc tên đầy đủ, đúng như trong Đảng vụ."

PROGRAMME_ITEMS = (
    Column("Tổ chức đảng", "organisation", "org", required=True, example="DBK", help=ORG_HELP),
    Column(
        "Cơ quan thực hiện",
        "level",
        "choice",
        required=True,
        choices=tuple(Level.choices),
        example=Level.COMMISSION.label,
    ),
    Column("Tên ban", "board_name", example="", help="Chỉ khi cơ quan thực hiện là một ban."),
    Column("Năm", "year", "int", required=True, example="2024"),
    Column(
        "Tên chương trình",
        "programme_title",
        required=True,
        example="Chương trình kiểm tra, giám sát năm 2024 của Ủy ban Kiểm tra Đảng ủy Khối",
        help="Như nhau ở mọi dòng của cùng một chương trình.",
    ),
    Column(
        "Số thứ tự",
        "number",
        "int",
        required=True,
        example="1",
        help=(
            "Số thứ tự của nội dung trong chương trình: 1, 2, 3… theo thứ tự; cuộc kiểm tra, "
            "giám sát theo chương trình ghi số này."
        ),
    ),
    Column(
        "Loại",
        "kind",
        "choice",
        required=True,
        choices=tuple(Kind.choices),
        example=Kind.COMPLIANCE.label,
    ),
    Column(
        "Nội dung",
        "title",
        required=True,
        example="Kiểm tra việc thực hiện Quy định về trách nhiệm nêu gương",
    ),
    Column("Đối tượng dự kiến", "planned_subjects", example="Đảng ủy Sở Y tế"),
    Column("Quý dự kiến", "planned_quarter", "int", example="2", help="1, 2, 3 hoặc 4."),
)


INSPECTIONS = (
    Column("Tổ chức tiến hành", "organisation", "org", required=True, example="DBK", help=ORG_HELP),
    Column(
        "Cơ quan tiến hành",
        "level",
        "choice",
        required=True,
        choices=tuple(Level.choices),
        example=Level.COMMISSION.label,
    ),
    Column("Tên ban", "board_name", example="", help="Chỉ khi cơ quan tiến hành là một ban."),
    Column(
        "Loại",
        "kind",
        "choice",
        required=True,
        choices=tuple(Kind.choices),
        example=Kind.COMPLIANCE.label,
    ),
    Column("Nội dung", "title", required=True, example="Kiểm tra việc thực hiện Chỉ thị 05-CT/TW"),
    Column("Ngày bắt đầu", "start_date", "date", required=True, example="15/03/2024"),
    Column("Ngày kết thúc", "end_date", "date", example="30/04/2024"),
    Column(
        "Tình trạng",
        "status",
        "choice",
        required=True,
        choices=tuple(Status.choices),
        example=Status.DONE.label,
    ),
    Column(
        "Tổ chức được kiểm tra, giám sát",
        "subject_orgs",
        example="DBK.01; DBK.02",
        help="Mã hoặc tên các tổ chức, cách nhau bằng dấu chấm phẩy.",
    ),
    Column(
        "Số CCCD đảng viên được kiểm tra, giám sát",
        "subject_members",
        "code",
        example="052090001234",
        help="Số CCCD các đảng viên, cách nhau bằng dấu chấm phẩy.",
    ),
    Column(
        "Số đảng viên được kiểm tra (không liệt kê)",
        "members_checked",
        "int",
        help="Chỉ khi chi bộ kiểm tra đảng viên chấp hành mà không liệt kê.",
    ),
    Column("Theo chương trình năm", "in_programme", "choice", choices=YES_NO, example="Có"),
    Column(
        "Số thứ tự trong chương trình",
        "programme_item",
        "int",
        help="Nội dung của chương trình năm đã ghi của chính cơ quan tiến hành.",
    ),
    Column("Số quyết định, kế hoạch", "decision_number", example="12-QĐ/UBKT"),
    Column("Kết luận", "conclusion"),
    Column("Ngày kết luận", "conclusion_date", "date"),
)

DECISIONS = (
    Column(
        "Đối tượng",
        "target",
        "choice",
        required=True,
        choices=tuple(Target.choices),
        example="Đảng viên",
    ),
    Column(
        "Số CCCD đảng viên",
        "identity_number",
        "identity",
        example="052090001234",
        help="Của đảng viên bị kỷ luật, để tìm đúng hồ sơ.",
    ),
    Column("Tổ chức bị kỷ luật", "organisation", "org", help="Khi kỷ luật tổ chức đảng."),
    Column(
        "Hình thức kỷ luật",
        "form",
        "choice",
        required=True,
        choices=tuple(Form.choices),
        example=Form.REPRIMAND.label,
    ),
    Column("Tổ chức quyết định", "issuing_organisation", "org", required=True, example="DBK"),
    Column(
        "Cơ quan quyết định",
        "issuing_level",
        "choice",
        required=True,
        choices=tuple(Level.choices),
        example=Level.COMMISSION.label,
    ),
    Column("Ngày vi phạm", "violation_date", "date", required=True, example="10/01/2024"),
    Column("Số quyết định", "decision_number", example="15-QĐ/UBKT"),
    Column("Ngày quyết định", "decision_date", "date", required=True, example="20/06/2024"),
    Column("Tóm tắt nội dung vi phạm", "violation", required=True, example="Vi phạm quy định …"),
    Column(
        "Loại vi phạm",
        "violation_category",
        "choice",
        choices=tuple(ViolationCategory.choices),
        example=ViolationCategory.OTHER.label,
        help="Để trống: vi phạm khác. Vi phạm về chính trị nội bộ; quốc phòng, an ninh, đối "
        "ngoại; văn bằng, chứng chỉ không hợp pháp: không áp dụng thời hiệu.",
    ),
    Column(
        "Vi phạm đến mức phải khai trừ, giải tán",
        "expulsion_level",
        "choice",
        choices=YES_NO,
        help="Có: theo đánh giá của cơ quan quyết định (không áp dụng thời hiệu). Để trống: không.",
    ),
    Column(
        "Ngày vi phạm mới trong thời hiệu",
        "later_violation_date",
        "date",
        help="Nếu có: thời hiệu của vi phạm cũ tính lại từ ngày này.",
    ),
    Column(
        "Ngày kết luận vi phạm",
        "conclusion_date",
        "date",
        example="15/05/2024",
        help=CONCLUSION_DATE_HELP,
    ),
    Column(
        "Quyết định ủy quyền kết nạp, khai trừ",
        "delegation",
        help="Số, ngày quyết định của cấp ủy cấp trên ủy quyền cho đảng ủy cơ sở quyết định "
        "kết nạp, khai trừ đảng viên; chỉ khi đảng ủy cơ sở quyết định khai trừ.",
    ),
)

COMPLAINTS = (
    Column(
        "Loại đơn",
        "kind",
        "choice",
        required=True,
        choices=tuple(Complaint.Kind.choices),
        example="Tố cáo",
    ),
    Column("Ngày nhận", "received_date", "date", required=True, example="05/03/2024"),
    Column("Người gửi", "sender", required=True, example="Nguyễn Văn Bình"),
    Column("Tổ chức bị khiếu nại, tố cáo", "against_organisation", "org"),
    Column(
        "Số CCCD đảng viên bị khiếu nại, tố cáo",
        "against_identity",
        "code",
        example="052090001234",
    ),
    Column("Nội dung đơn", "subject", required=True, example="Tố cáo vi phạm …"),
    Column("Tổ chức giải quyết", "handling_organisation", "org", required=True, example="DBK"),
    Column(
        "Cơ quan giải quyết",
        "handling_level",
        "choice",
        required=True,
        choices=tuple(Level.choices),
        example=Level.COMMISSION.label,
    ),
    Column(
        "Hạn giải quyết",
        "deadline",
        "date",
        help="Để trống: theo thời hạn quy định cho loại đơn và cấp giải quyết, "
        "tính từ ngày nhận (ngày làm việc).",
    ),
    Column(
        "Tình trạng",
        "status",
        "choice",
        choices=tuple(Complaint.State.choices),
        example=Complaint.State.RESOLVED.label,
        help="Để trống: đã tiếp nhận.",
    ),
    Column("Kết quả giải quyết", "outcome"),
    Column("Ngày kết thúc", "closed_date", "date"),
)


def _orgs(ctx: Context) -> QuerySet[Organisation]:
    return Organisation.objects.all() if ctx.user is None else visible_organisations(ctx.user)


def _org(ctx: Context, text: str, column: str) -> Organisation:
    try:
        return resolve_organisation(_orgs(ctx), text, on=ctx.row_date)
    except DomainError as error:
        raise RowError(error.message, column) from None


def _member(ctx: Context, ident: str, column: str) -> Member:
    scope = Member.objects.all() if ctx.user is None else visible_members(ctx.user)
    member = scope.filter(identity_number=clean(ident)).first()
    if member is None:
        raise RowError(f"Không có đảng viên có số CCCD {ident} trong phạm vi của bạn.", column)
    return member


def _split(text: str | None) -> list[str]:
    return [clean(t) for t in (text or "").split(";") if clean(t)]


def _programme(row: dict[str, Any], ctx: Context, org: Organisation) -> Programme:
    """The body's programme of the year, recorded on its first row."""
    board_name = row.get("board_name") or ""
    programme = Programme.objects.filter(
        organisation=org,
        level=row["level"],
        board_name=board_name,
        year=row["year"],
        voided_at__isnull=True,
    ).first()
    if programme is None:
        return actions.do_create_programme(
            organisation=org,
            level=row["level"],
            board_name=board_name,
            year=row["year"],
            title=row["programme_title"],
            acting_user=ctx.user,
        )
    if clean(programme.title) != row["programme_title"]:
        raise RowError(
            f"Chương trình năm {programme.year} của cơ quan này đã được ghi với tên "
            f"«{programme.title}»; hãy ghi đúng tên đó.",
            "Tên chương trình",
        )
    return programme


def apply_programme_item(row: dict[str, Any], ctx: Context) -> str:
    org = _org(ctx, row["organisation"], "Tổ chức đảng")
    programme = _programme(row, ctx, org)
    items = programme.items.filter(voided_at__isnull=True)
    item = items.filter(number=row["number"]).first()
    if item is not None:
        if clean(item.title) != row["title"] or item.kind != row["kind"]:
            raise RowError(
                f"Nội dung số {item.number} của chương trình đã được ghi là "
                f"«{item.get_kind_display()}: {item.title}»; một số thứ tự chỉ ghi một nội dung.",
                "Nội dung",
            )
        return "unchanged"
    following = (items.aggregate(n=Max("number"))["n"] or 0) + 1
    if row["number"] != following:
        raise RowError(
            f"Chương trình đang có {following - 1} nội dung; nội dung tiếp theo là số "
            f"{following}. Hãy ghi các nội dung theo thứ tự.",
            "Số thứ tự",
        )
    actions.do_add_programme_item(
        programme,
        kind=row["kind"],
        title=row["title"],
        planned_subjects=row.get("planned_subjects") or "",
        planned_quarter=row.get("planned_quarter"),
        acting_user=ctx.user,
    )
    return "created"


def apply_inspection(row: dict[str, Any], ctx: Context) -> str:
    org = _org(ctx, row["organisation"], "Tổ chức tiến hành")
    board_name = row.get("board_name") or ""
    same = Inspection.objects.filter(
        organisation=org,
        level=row["level"],
        board_name=board_name,
        kind=row["kind"],
        title=row["title"],
        start_date=row["start_date"],
        voided_at__isnull=True,
    )
    if same.exists():
        return "unchanged"
    subjects = [
        _org(ctx, t, "Tổ chức được kiểm tra, giám sát") for t in _split(row.get("subject_orgs"))
    ]
    members = [
        _member(ctx, t, "Số CCCD đảng viên được kiểm tra, giám sát")
        for t in _split(row.get("subject_members"))
    ]
    item = None
    if row.get("programme_item"):
        item = ProgrammeItem.objects.filter(
            programme__organisation=org,
            programme__level=row["level"],
            programme__board_name=board_name,
            programme__year=row["start_date"].year,
            programme__voided_at__isnull=True,
            number=row["programme_item"],
            voided_at__isnull=True,
        ).first()
        if item is None:
            raise RowError(
                f"Chương trình năm {row['start_date'].year} của cơ quan tiến hành không có nội "
                f"dung số {row['programme_item']}.",
                "Số thứ tự trong chương trình",
            )
    actions.do_record_inspection(
        organisation=org,
        level=row["level"],
        board_name=board_name,
        kind=row["kind"],
        title=row["title"],
        start_date=row["start_date"],
        end_date=row.get("end_date"),
        status=row["status"],
        organisations=subjects,
        members=members,
        members_checked=row.get("members_checked"),
        in_programme=row.get("in_programme") == "yes",
        programme_item=item,
        decision_number=row.get("decision_number") or "",
        conclusion=row.get("conclusion") or "",
        conclusion_date=row.get("conclusion_date"),
        acting_user=ctx.user,
    )
    return "created"


def apply_decision(row: dict[str, Any], ctx: Context) -> str:
    issuer = _org(ctx, row["issuing_organisation"], "Tổ chức quyết định")
    member = None
    org = None
    if row["target"] == Target.MEMBER:
        if not row.get("identity_number"):
            raise RowError("Hãy ghi số CCCD của đảng viên bị kỷ luật.", "Số CCCD đảng viên")
        member = _member(ctx, row["identity_number"], "Số CCCD đảng viên")
        same = DisciplineDecision.objects.filter(member=member)
    else:
        if not row.get("organisation"):
            raise RowError("Hãy ghi tổ chức đảng bị kỷ luật.", "Tổ chức bị kỷ luật")
        org = _org(ctx, row["organisation"], "Tổ chức bị kỷ luật")
        same = DisciplineDecision.objects.filter(target=Target.ORGANISATION, organisation=org)
    if same.filter(
        form=row["form"],
        decision_date=row["decision_date"],
        decision_number=row.get("decision_number") or "",
        voided_at__isnull=True,
    ).exists():
        return "unchanged"
    actions.do_discipline(
        target=row["target"],
        form=row["form"],
        issuing_organisation=issuer,
        issuing_level=row["issuing_level"],
        violation_date=row["violation_date"],
        decision_date=row["decision_date"],
        decision_number=row.get("decision_number") or "",
        violation=row["violation"],
        member=member,
        organisation=org,
        violation_category=row.get("violation_category") or ViolationCategory.OTHER,
        expulsion_level=row.get("expulsion_level") == "yes",
        later_violation_date=row.get("later_violation_date"),
        conclusion_date=row.get("conclusion_date"),
        delegation=row.get("delegation") or "",
        acting_user=ctx.user,
    )
    return "created"


def apply_complaint(row: dict[str, Any], ctx: Context) -> str:
    handler = _org(ctx, row["handling_organisation"], "Tổ chức giải quyết")
    same = Complaint.objects.filter(
        kind=row["kind"],
        received_date=row["received_date"],
        sender=row["sender"],
        handling_organisation=handler,
        voided_at__isnull=True,
    )
    if same.exists():
        return "unchanged"
    against = (
        _org(ctx, row["against_organisation"], "Tổ chức bị khiếu nại, tố cáo")
        if row.get("against_organisation")
        else None
    )
    member = (
        _member(ctx, row["against_identity"], "Số CCCD đảng viên bị khiếu nại, tố cáo")
        if row.get("against_identity")
        else None
    )
    complaint = actions.do_receive_complaint(
        kind=row["kind"],
        received_date=row["received_date"],
        sender=row["sender"],
        subject=row["subject"],
        handling_organisation=handler,
        handling_level=row["handling_level"],
        against_organisation=against,
        against_member=member,
        deadline=row.get("deadline"),
        acting_user=ctx.user,
    )
    status = row.get("status") or Complaint.State.RECEIVED
    if status != Complaint.State.RECEIVED:
        actions.do_update_complaint(
            complaint,
            status=status,
            outcome=row.get("outcome") or "",
            closed_date=row.get("closed_date"),
            acting_user=ctx.user,
        )
    return "created"


PROGRAMME_KIND = ImportKind(
    code="inspection-programmes",
    label="Chương trình kiểm tra, giám sát năm",
    description=(
        "Mỗi dòng là một nội dung (một cuộc kiểm tra hoặc giám sát dự kiến) trong chương trình "
        "kiểm tra, giám sát năm của một cơ quan; các dòng cùng tổ chức, cơ quan, tên ban và năm "
        "thuộc một chương trình, được ghi từ dòng đầu tiên. Nội dung đánh số 1, 2, 3… theo thứ "
        "tự; nhập chương trình trước các cuộc kiểm tra, giám sát theo chương trình."
    ),
    columns=PROGRAMME_ITEMS,
    apply=apply_programme_item,
)
INSPECTION_KIND = ImportKind(
    code="inspections",
    label="Kiểm tra, giám sát",
    description=(
        "Mỗi dòng là một cuộc kiểm tra hoặc giám sát của một cơ quan (Ban Thường vụ, Ủy ban "
        "Kiểm tra, một ban của cấp ủy, đảng ủy cơ sở hoặc chi bộ) với các đối tượng: tổ chức "
        "(mã hoặc tên) và đảng viên (số CCCD), cách nhau bằng dấu chấm phẩy. Chi bộ kiểm tra "
        "đảng viên chấp hành có thể chỉ ghi số đảng viên được kiểm tra."
    ),
    columns=INSPECTIONS,
    apply=apply_inspection,
)
DECISION_KIND = ImportKind(
    code="discipline",
    label="Quyết định kỷ luật",
    description=(
        "Mỗi dòng là một quyết định kỷ luật một đảng viên (tìm theo số CCCD; quyết định được "
        "ghi vào lý lịch đảng viên) hoặc một tổ chức đảng. Hình thức phải phù hợp loại đảng "
        "viên (chính thức, dự bị), thuộc thẩm quyền của cơ quan quyết định (chi bộ: cảnh "
        "cáo, khiển trách; đảng ủy cơ sở khai trừ chỉ khi ghi quyết định ủy quyền) và còn trong "
        "thời hiệu xử lý kỷ luật (không áp dụng thời hiệu với vi phạm đến mức khai trừ và các "
        "loại vi phạm quy định loại trừ)."
    ),
    columns=DECISIONS,
    apply=apply_decision,
)
COMPLAINT_KIND = ImportKind(
    code="complaints",
    label="Khiếu nại, tố cáo",
    description=(
        "Mỗi dòng là một đơn khiếu nại hoặc tố cáo đối với một tổ chức đảng hoặc một đảng "
        "viên (số CCCD), với cơ quan giải quyết, hạn và kết quả giải quyết nếu đã có."
    ),
    columns=COMPLAINTS,
    apply=apply_complaint,
)
register(PROGRAMME_KIND)
register(INSPECTION_KIND)
register(DECISION_KIND)
register(COMPLAINT_KIND)
