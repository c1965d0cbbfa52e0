"""Import declaration: organisations (to found them, parents before or after children)."""

from __future__ import annotations

from typing import Any

from dangvu.core.importing import Column, Context, ImportKind, RowError, register
from dangvu.orgs import actions
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import version_at

COLUMNS = (
    Column(
        "Mã tổ chức",
        "code",
        "code",
        required=True,
        example="DBK.05.03",
        help="Chữ cái không dấu, chữ số, dấu . _ -; không trùng với tổ chức khác.",
    ),
    Column("Tên tổ chức", "name", required=True, example="Chi bộ Phòng Tổ chức cán bộ"),
    Column(
        "Loại tổ chức",
        "kind",
        "choice",
        required=True,
        choices=tuple(OrgKind.choices),
        example=OrgKind.CELL.label,
    ),
    Column(
        "Trực thuộc",
        "parent",
        "org",
        example="DBK.05",
        help="Mã hoặc tên tổ chức cấp trên; để trống với tổ chức cao nhất.",
    ),
    Column("Ngày thành lập", "founded_on", "date", required=True, example="01/01/2020"),
    Column("Số quyết định", "decision_number", example="12-QĐ/ĐUK"),
    Column("Ngày quyết định", "decision_date", "date", example="28/12/2019"),
)


def apply(row: dict[str, Any], ctx: Context) -> str:
    code = actions.normalise_code(row["code"])
    existing = Organisation.objects.filter(code=code).first()
    parent = None
    if row["parent"]:
        parent = ctx.organisation(row["parent"], "Trực thuộc")
    if existing is not None:
        version = version_at(existing, row["founded_on"])
        same = (
            version is not None
            and existing.founded_on == row["founded_on"]
            and version.name == row["name"]
            and version.kind == row["kind"]
            and version.parent_id == (parent.pk if parent else None)
        )
        if same:
            return "unchanged"
        raise RowError(
            f"Đã có tổ chức mã {code} ({existing.name}) với thông tin khác; thay đổi tổ chức "
            "bằng các chức năng sắp xếp, kiện toàn.",
            "Mã tổ chức",
        )
    if parent is None and not ctx.user.is_superuser:
        raise RowError("Chỉ quản trị viên được nhập tổ chức cấp cao nhất.", "Trực thuộc")
    actions.do_create_organisation(
        code=code,
        name=row["name"],
        kind=row["kind"],
        parent=parent,
        decision=actions.Decision(
            row["founded_on"], row["decision_number"] or "", row["decision_date"]
        ),
        acting_user=ctx.user,
    )
    return "created"


register(
    ImportKind(
        code="organisations",
        label="Tổ chức đảng",
        description=(
            "Danh sách tổ chức đảng để thành lập trong Đảng vụ. Tổ chức cấp trên có thể ở "
            "dòng trước hoặc sau; tổ chức đã có với cùng thông tin được bỏ qua."
        ),
        columns=COLUMNS,
        apply=apply,
        retry_on=("parent",),
    )
)
