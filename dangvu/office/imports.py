"""Import declarations: commendations, annual ratings of mass organisations, plans with
their targets and tasks, and the document register.

Importing the same file twice changes nothing: a commendation is matched by its
recipient, reason and decision; a rating by its unit and year; a plan by its
organisation, years and title (then a target by its indicator, a task by its title); a
document by its series and number.
"""

from __future__ import annotations

from typing import Any

from dangvu.core.importing import Column, Context, ImportKind, RowError, register
from dangvu.members import numbers
from dangvu.members.models import Member
from dangvu.office import actions, documents, plans
from dangvu.office.models import (
    DOCUMENT_KINDS,
    Commendation,
    Document,
    MassOrganisation,
    MassRating,
    Plan,
    Rating,
    Reason,
)
from dangvu.orgs.models import Organisation

COMMENDATIONS = (
    Column(
        "Tổ chức",
        "organisation",
        "org",
        required=True,
        example="DBK.01",
        help="Tập thể được khen; với cá nhân: tổ chức nơi người đó sinh hoạt, công tác.",
    ),
    Column(
        "Họ và tên",
        "person_name",
        example="Nguyễn Văn An",
        help="Để trống nếu khen tập thể.",
    ),
    Column(
        "Số CCCD",
        "identity_number",
        "identity",
        example="052090001234",
        help="Của đảng viên được khen, để tìm đúng hồ sơ.",
    ),
    Column("Ngày sinh", "birth_date", "date", example="17/05/1990"),
    Column(
        "Phong trào, lý do",
        "reason",
        "choice",
        required=True,
        choices=tuple(Reason.choices),
        example=Reason.HCM.label,
    ),
    Column("Cấp khen thưởng", "level", required=True, example="Ban Thường vụ Đảng ủy Khối"),
    Column("Số quyết định", "decision_number", example="125-QĐ/ĐUK"),
    Column("Ngày quyết định", "decision_date", "date", required=True, example="19/05/2024"),
    Column("Ghi chú", "note"),
)

RATINGS = (
    Column("Tổ chức đảng", "organisation", "org", required=True, example="DBK.01"),
    Column(
        "Loại đoàn thể",
        "kind",
        "choice",
        required=True,
        choices=tuple(MassOrganisation.Kind.choices),
        example="Công đoàn",
    ),
    Column(
        "Tên tổ chức đoàn thể",
        "name",
        required=True,
        example="Công đoàn Sở Y tế",
        help="Chưa có trong Đảng vụ thì được thêm mới.",
    ),
    Column("Năm", "year", "int", required=True, example="2023"),
    Column(
        "Xếp loại",
        "rating",
        "choice",
        required=True,
        choices=tuple(Rating.choices),
        example=Rating.EXCELLENT.label,
    ),
    Column("Cấp đánh giá", "rated_by", example="Công đoàn Viên chức tỉnh"),
    Column("Ghi chú", "note"),
)


def _find_member(row: dict[str, Any], ctx: Context) -> Member | None:
    ident = row.get("identity_number")
    if ident:
        member = Member.objects.select_related("organisation").filter(identity_number=ident).first()
        if member is None:
            raise RowError(f"Không có đảng viên có số CCCD {ident}.", "Số CCCD")
        wrong = numbers.row_mismatch(
            ident, member, row["person_name"], row.get("birth_date"), ctx.user
        )
        if wrong:
            raise RowError(wrong, "Số CCCD")
        return member
    if not row.get("birth_date"):
        return None
    found = list(
        Member.objects.filter(full_name=row["person_name"], birth_date=row["birth_date"])[:2]
    )
    if len(found) > 1:
        raise RowError("Có nhiều đảng viên cùng họ tên và ngày sinh; hãy ghi số CCCD.", "Số CCCD")
    return found[0] if found else None


def apply_commendation(row: dict[str, Any], ctx: Context) -> str:
    org = ctx.organisation(row["organisation"], "Tổ chức")
    name = row.get("person_name") or ""
    member = _find_member(row, ctx) if name or row.get("identity_number") else None
    same = Commendation.objects.filter(
        voided_at__isnull=True,
        reason=row["reason"],
        decision_date=row["decision_date"],
        decision_number=row.get("decision_number") or "",
    )
    if member is not None:
        same = same.filter(member=member)
    elif name:
        same = same.filter(member__isnull=True, person_name=name, organisation=org)
    else:
        same = same.filter(kind=Commendation.Kind.COLLECTIVE, organisation=org)
    if same.exists():
        return "unchanged"
    actions.do_commend(
        reason=row["reason"],
        level=row["level"],
        decision_date=row["decision_date"],
        decision_number=row.get("decision_number") or "",
        organisation=None if member is not None else org,
        member=member,
        person_name="" if member is not None else name,
        note=row.get("note") or "",
        acting_user=ctx.user,
    )
    return "created"


def apply_rating(row: dict[str, Any], ctx: Context) -> str:
    org = ctx.organisation(row["organisation"], "Tổ chức đảng")
    unit = MassOrganisation.objects.filter(
        organisation=org, kind=row["kind"], name=row["name"]
    ).first()
    if unit is None:
        unit = actions.do_create_mass_organisation(
            kind=row["kind"], name=row["name"], organisation=org, acting_user=ctx.user
        )
    existing = MassRating.objects.filter(
        unit=unit, year=row["year"], voided_at__isnull=True
    ).first()
    if existing is not None:
        if existing.rating != row["rating"]:
            raise RowError(
                f"«{unit.name}» đã được xếp loại năm {row['year']} là "
                f"«{existing.get_rating_display()}».",
                "Xếp loại",
            )
        return "unchanged"
    actions.do_rate_mass_organisation(
        unit,
        year=row["year"],
        rating=row["rating"],
        rated_by=row.get("rated_by") or "",
        note=row.get("note") or "",
        acting_user=ctx.user,
    )
    return "created"


COMMENDATION_KIND = ImportKind(
    code="commendations",
    label="Khen thưởng",
    description=(
        "Mỗi dòng là một quyết định khen thưởng một tập thể (để trống họ tên) hoặc một cá "
        "nhân. Đảng viên được tìm theo số CCCD, hoặc họ tên và ngày sinh; người ngoài Đảng "
        "ghi họ tên và tổ chức nơi công tác."
    ),
    columns=COMMENDATIONS,
    apply=apply_commendation,
)
RATING_KIND = ImportKind(
    code="mass-ratings",
    label="Xếp loại tổ chức đoàn thể",
    description=(
        "Mỗi dòng là kết quả xếp loại một năm của một tổ chức đoàn thể (công đoàn, đoàn "
        "thanh niên, hội phụ nữ, hội cựu chiến binh) thuộc một tổ chức đảng."
    ),
    columns=RATINGS,
    apply=apply_rating,
)
register(COMMENDATION_KIND)
register(RATING_KIND)


# --- plans, targets, tasks and documents ----------------------------------------------

PLAN_COLUMNS = (
    Column("Tổ chức", "organisation", "org", required=True, example="DBK.01"),
    Column("Năm", "year", "int", required=True, example="2025"),
    Column("Đến năm", "end_year", "int", help="Chương trình nhiều năm; để trống nếu một năm."),
    Column(
        "Loại",
        "kind",
        "choice",
        required=True,
        choices=tuple(Plan.Kind.choices),
        example=Plan.Kind.ANNUAL.label,
    ),
    Column(
        "Tên chương trình, kế hoạch",
        "title",
        required=True,
        example="Chương trình công tác năm 2025",
    ),
)
TARGETS = (
    *PLAN_COLUMNS,
    Column(
        "Văn bản ban hành",
        "document",
        example="01-CTr/ĐU",
        help="Số văn bản đã vào sổ văn bản; để trống nếu kế hoạch còn dự thảo.",
    ),
    Column(
        "Mã chỉ tiêu",
        "indicator",
        required=True,
        example="members.admitted",
        help="Mã trong danh mục chỉ tiêu (số lượng, không phải tỷ lệ %).",
    ),
    Column("Chỉ tiêu", "target", "int", required=True, example="210"),
    Column("Ghi chú", "note"),
)
TASKS = (
    *PLAN_COLUMNS,
    Column(
        "Nhiệm vụ",
        "task",
        required=True,
        example="Nâng cao chất lượng sinh hoạt chi bộ",
        help="Các dòng của một kế hoạch được ghi theo thứ tự trong tệp.",
    ),
    Column("Nội dung, giải pháp", "detail"),
)
DOCUMENTS = (
    Column("Tổ chức ban hành", "issuer", "org", required=True, example="DBK.01"),
    Column(
        "Loại văn bản",
        "kind",
        "choice",
        required=True,
        choices=DOCUMENT_KINDS,
        example="Báo cáo",
    ),
    Column("Số", "number", "int", required=True, example="15"),
    Column(
        "Ký hiệu",
        "symbol",
        example="ĐU",
        help="Ký hiệu cơ quan ban hành sau dấu «/»; để trống: ký hiệu thường dùng.",
    ),
    Column("Ngày văn bản", "date", "date", required=True, example="30/01/2024"),
    Column(
        "Nhiệm kỳ",
        "term",
        example="2020 - 2025",
        help="Để trống: nhiệm kỳ theo ngày văn bản.",
    ),
    Column("Trích yếu", "summary", required=True, example="Tổng kết công tác xây dựng Đảng"),
    Column("Người ký", "signer", example="Nguyễn Văn An"),
    Column("Ghi chú", "note"),
)


def _plan_of(row: dict[str, Any], org: Organisation, ctx: Context) -> tuple[Plan, bool]:
    """The live plan the row names (matched by organisation, years and title), or a new one."""
    end_year = row.get("end_year") or row["year"]
    plan = Plan.objects.filter(
        organisation=org,
        year=row["year"],
        end_year=end_year,
        title=row["title"],
        voided_at__isnull=True,
    ).first()
    if plan is not None:
        return plan, False
    plan = plans.do_create_plan(
        organisation=org,
        year=row["year"],
        end_year=end_year,
        kind=row["kind"],
        title=row["title"],
        document=row.get("document") or None,
        acting_user=ctx.user,
    )
    return plan, True


def apply_target(row: dict[str, Any], ctx: Context) -> str:
    org = ctx.organisation(row["organisation"], "Tổ chức")
    plan, created = _plan_of(row, org, ctx)
    if not created and row.get("document") and plan.status == Plan.Status.DRAFT:
        plans.do_issue_plan(plan, document=row["document"], acting_user=ctx.user)
    code = row["indicator"]
    same = plan.targets.filter(indicator=code, voided_at__isnull=True).first()
    if same is not None:
        if same.target != row["target"]:
            raise RowError(
                f"«{plan.title}» đã có chỉ tiêu {code} là {same.target}; hủy chỉ tiêu cũ trên "
                "trang kế hoạch nếu cần đặt lại.",
                "Chỉ tiêu",
            )
        return "created" if created else "unchanged"
    plans.do_set_target(
        plan,
        indicator=code,
        target=row["target"],
        note=row.get("note") or "",
        acting_user=ctx.user,
    )
    return "created"


def apply_task(row: dict[str, Any], ctx: Context) -> str:
    org = ctx.organisation(row["organisation"], "Tổ chức")
    if len(row["task"]) > 500:
        raise RowError(
            "Nhiệm vụ dài quá 500 ký tự; đưa phần chi tiết sang cột nội dung.", "Nhiệm vụ"
        )
    plan, _ = _plan_of(row, org, ctx)
    if plan.tasks.filter(title=row["task"], voided_at__isnull=True).exists():
        return "unchanged"
    plans.do_add_task(plan, title=row["task"], detail=row.get("detail") or "", acting_user=ctx.user)
    return "created"


def apply_document(row: dict[str, Any], ctx: Context) -> str:
    issuer = ctx.organisation(row["issuer"], "Tổ chức ban hành")
    symbol = (
        documents.clean_symbol(row["symbol"])
        if row.get("symbol")
        else documents.default_symbol(issuer)
    )
    term = documents.parse_term(row["term"]) if row.get("term") else documents.term_of(row["date"])
    same = Document.objects.filter(
        issuer=issuer,
        symbol=symbol,
        kind=row["kind"],
        term=term,
        number=row["number"],
        date=row["date"],
        summary=row["summary"],
        voided_at__isnull=True,
    )
    if same.exists():
        return "unchanged"
    documents.do_register_document(
        issuer=issuer,
        kind=row["kind"],
        date=row["date"],
        summary=row["summary"],
        number=row["number"],
        symbol=symbol,
        term=term,
        signer=row.get("signer") or "",
        note=row.get("note") or "",
        acting_user=ctx.user,
    )
    return "created"


TARGET_KIND = ImportKind(
    code="plan-targets",
    label="Chỉ tiêu kế hoạch",
    description=(
        "Mỗi dòng là một chỉ tiêu của một chương trình, kế hoạch (chưa có thì được thêm "
        "mới): tổ chức, năm, tên kế hoạch, mã chỉ tiêu trong danh mục và con số. Các dòng "
        "cùng tổ chức, năm và tên thuộc một kế hoạch. Ghi số văn bản ban hành (đã vào sổ "
        "văn bản) thì kế hoạch được tính ngay."
    ),
    columns=TARGETS,
    apply=apply_target,
)
TASK_KIND = ImportKind(
    code="plan-tasks",
    label="Nhiệm vụ kế hoạch",
    description=(
        "Mỗi dòng là một nhiệm vụ, giải pháp của một chương trình, kế hoạch, theo thứ tự "
        "trong tệp; kế hoạch chưa có thì được thêm mới (dự thảo)."
    ),
    columns=TASKS,
    apply=apply_task,
)
DOCUMENT_KIND = ImportKind(
    code="documents",
    label="Sổ đăng ký văn bản",
    description=(
        "Mỗi dòng là một văn bản đã ban hành: tổ chức, loại, số, ngày và trích yếu. Số "
        "không được trùng với văn bản cùng loại, cùng ký hiệu, cùng nhiệm kỳ."
    ),
    columns=DOCUMENTS,
    apply=apply_document,
)
register(TARGET_KIND)
register(TASK_KIND)
register(DOCUMENT_KIND)
