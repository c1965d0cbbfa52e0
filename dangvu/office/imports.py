"""Import declarations: commendations and annual ratings of mass organisations.

Importing the same file twice changes nothing: a commendation is matched by its
recipient, reason and decision; a rating by its unit and year.
"""

from __future__ import annotations

from typing import Any

from dangvu.core.importing import Column, Context, ImportKind, RowError, register
from dangvu.members.models import Member
from dangvu.office import actions
from dangvu.office.models import Commendation, MassOrganisation, MassRating, Rating, Reason

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
        "code",
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
        member = Member.objects.filter(identity_number=ident).first()
        if member is None:
            raise RowError(f"Không có đảng viên có số CCCD {ident}.", "Số CCCD")
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
