"""Import declarations: organisations (to found them, parents before or after children) and
the restructuring decisions that change the tree afterwards."""

from __future__ import annotations

from typing import Any

from dangvu.accounts.scoping import can_edit_org
from dangvu.core.errors import DomainError
from dangvu.core.importing import Column, Context, ImportKind, RowError, register
from dangvu.orgs import actions
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, Restructuring, RestructuringOrganisation
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


# --- restructuring ---------------------------------------------------------------------
# One row per decision that changes the tree, applied through the same actions as the
# restructuring pages. A split creates several organisations with the children and members
# each takes: it does not fit one row and is recorded on the organisation's page.

Kind = Restructuring.Kind
ACTIONS = tuple(
    (k.value, k.label)
    for k in (Kind.CREATE, Kind.RENAME, Kind.MOVE, Kind.CONVERT, Kind.MERGE, Kind.DISSOLVE)
)
YES_NO = (("yes", "Có"), ("no", "Không"))
# The part the row's organisation plays in the restructuring it names.
ROLE_OF = {
    Kind.CREATE: RestructuringOrganisation.Role.CREATED,
    Kind.MERGE: RestructuringOrganisation.Role.SOURCE,
}

CODE = "Mã tổ chức"
NEW_NAME = "Tên mới"
NEW_KIND = "Loại tổ chức mới"
NEW_PARENT = "Tổ chức cấp trên mới"
TARGET = "Tổ chức tiếp nhận"
ABSORB = "Nhập các tổ chức trực thuộc"
EFFECTIVE = "Ngày hiệu lực"

RESTRUCTURING_COLUMNS = (
    Column(
        "Loại sắp xếp",
        "action",
        "choice",
        required=True,
        choices=ACTIONS,
        example=Kind.CONVERT.label,
        help="Thành lập, đổi tên, chuyển trực thuộc, chuyển loại hình, sáp nhập hoặc kết thúc "
        "hoạt động. Chia tách ghi trên trang của tổ chức.",
    ),
    Column(
        CODE,
        "code",
        "code",
        required=True,
        example="DBK.05",
        help="Tổ chức được sắp xếp (với thành lập: mã của tổ chức mới; với sáp nhập: tổ chức "
        "bị sáp nhập).",
    ),
    Column(EFFECTIVE, "effective_date", "date", required=True, example="01/06/2023"),
    Column("Số quyết định", "decision_number", example="168-QĐ/ĐUK"),
    Column("Ngày quyết định", "decision_date", "date", example="25/05/2023"),
    Column(
        NEW_NAME,
        "new_name",
        example="Đảng bộ Sở Tư pháp",
        help="Với thành lập và đổi tên.",
    ),
    Column(
        NEW_KIND,
        "new_kind",
        "choice",
        choices=tuple(OrgKind.choices),
        example=OrgKind.GRASSROOTS_COMMITTEE.label,
        help="Với thành lập và chuyển loại hình.",
    ),
    Column(
        NEW_PARENT,
        "new_parent",
        "org",
        example="DBK",
        help="Với thành lập, chuyển trực thuộc; với chuyển loại hình khi đổi cả cấp trên.",
    ),
    Column(
        TARGET,
        "target",
        "org",
        example="DBK.07",
        help="Với sáp nhập: tổ chức tiếp nhận; với kết thúc hoạt động: nơi tiếp nhận đảng "
        "viên còn sinh hoạt.",
    ),
    Column(
        ABSORB,
        "absorb_children",
        "choice",
        choices=YES_NO,
        example="Có",
        help="Với chuyển loại hình: các chi bộ trực thuộc mà loại mới không thể có được nhập "
        "vào tổ chức này (đảng viên của các chi bộ đó sinh hoạt tại tổ chức này).",
    ),
    Column("Lý do, căn cứ", "reason", example="Theo Nghị quyết 18-NQ/TW"),
)

# Fields the actions name in their refusals, as the columns of this kind.
FIELD_COLUMNS = {
    "code": CODE,
    "sources": CODE,
    "source": CODE,
    "name": NEW_NAME,
    "new_name": NEW_NAME,
    "kind": NEW_KIND,
    "new_kind": NEW_KIND,
    "parent": NEW_PARENT,
    "new_parent": NEW_PARENT,
    "target": TARGET,
    "members_to": TARGET,
    "effective_date": EFFECTIVE,
    "decision_date": "Ngày quyết định",
    "decision_number": "Số quyết định",
}


def _already_recorded(row: dict[str, Any], org: Organisation) -> bool:
    """Whether this decision is here already: same kind, day and organisation's part."""
    return RestructuringOrganisation.objects.filter(
        organisation=org,
        role=ROLE_OF.get(row["action"], RestructuringOrganisation.Role.SUBJECT),
        restructuring__kind=row["action"],
        restructuring__effective_date=row["effective_date"],
    ).exists()


def _editable(ctx: Context, text: str, column: str) -> Organisation:
    """The organisation named in `column`, if the user may change the tree there.

    The import's scope is where the user records members; restructuring needs the right to
    change the structure (the organisation board's role), as on the restructuring pages.
    """
    org = ctx.organisation(text, column)
    user = ctx.user
    if user is not None and not user.is_superuser and not can_edit_org(user, org):
        raise RowError(
            f"Bạn không có quyền sắp xếp, kiện toàn tổ chức «{org.name}»; việc này do ban tổ "
            "chức của cấp ủy ghi.",
            column,
        )
    return org


def _needed(row: dict[str, Any], field: str, header: str, what: str) -> Any:
    if not row.get(field):
        label = Kind(row["action"]).label.lower()
        raise RowError(f"Hãy ghi {what} (bắt buộc khi {label}).", header)
    return row[field]


def apply_restructuring(row: dict[str, Any], ctx: Context) -> str:
    action = row["action"]
    code = actions.normalise_code(row["code"])
    existing = Organisation.objects.filter(code=code).first()
    if existing is not None and _already_recorded(row, existing):
        if not ctx.in_scope(existing.pk):
            raise RowError(f"Tổ chức «{code}» ngoài phạm vi của bạn.", CODE)
        return "unchanged"
    decision = actions.Decision(
        row["effective_date"],
        row.get("decision_number") or "",
        row.get("decision_date"),
        row.get("reason") or "",
    )
    common = {"decision": decision, "acting_user": ctx.user}
    try:
        if action == Kind.CREATE:
            parent = _editable(ctx, row["new_parent"], NEW_PARENT) if row["new_parent"] else None
            if parent is None and not getattr(ctx.user, "is_superuser", True):
                raise RowError("Chỉ quản trị viên được thành lập tổ chức cấp cao nhất.", NEW_PARENT)
            actions.do_create_organisation(
                code=code,
                name=_needed(row, "new_name", NEW_NAME, "tên tổ chức"),
                kind=_needed(row, "new_kind", NEW_KIND, "loại tổ chức"),
                parent=parent,
                **common,
            )
            return "created"
        org = _editable(ctx, code, CODE)
        match action:
            case Kind.RENAME:
                actions.do_rename_organisation(
                    org, new_name=_needed(row, "new_name", NEW_NAME, "tên mới"), **common
                )
            case Kind.MOVE:
                parent_text = _needed(row, "new_parent", NEW_PARENT, "tổ chức cấp trên mới")
                actions.do_move_organisation(
                    org, new_parent=_editable(ctx, parent_text, NEW_PARENT), **common
                )
            case Kind.CONVERT:
                new_parent = row.get("new_parent")
                actions.do_convert_organisation(
                    org,
                    new_kind=_needed(row, "new_kind", NEW_KIND, "loại tổ chức mới"),
                    new_parent=_editable(ctx, new_parent, NEW_PARENT) if new_parent else None,
                    absorb_children=row.get("absorb_children") == "yes",
                    **common,
                )
            case Kind.MERGE:
                target_text = _needed(row, "target", TARGET, "tổ chức tiếp nhận")
                actions.do_merge_organisations(
                    [org], target=_editable(ctx, target_text, TARGET), **common
                )
            case Kind.DISSOLVE:
                members_to = row.get("target")
                actions.do_dissolve_organisation(
                    org,
                    members_to=_editable(ctx, members_to, TARGET) if members_to else None,
                    **common,
                )
    except DomainError as error:
        raise RowError(error.message, FIELD_COLUMNS.get(error.field or "")) from None
    return "created"


register(
    ImportKind(
        code="restructurings",
        label="Sắp xếp, kiện toàn tổ chức đảng",
        description=(
            "Mỗi dòng là một quyết định sắp xếp tổ chức (thành lập, đổi tên, chuyển trực "
            "thuộc, chuyển loại hình, sáp nhập, kết thúc hoạt động), ghi theo thứ tự ngày hiệu "
            "lực. Quyết định đã ghi (cùng loại, cùng tổ chức, cùng ngày hiệu lực) được bỏ qua."
        ),
        columns=RESTRUCTURING_COLUMNS,
        apply=apply_restructuring,
    )
)
