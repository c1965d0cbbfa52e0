"""The annual quality rating declared once (see `dangvu.core.records`): the lists of
members' and organisations' ratings with their filters and exports, and their pages with
history and the correction form. Ratings are recorded by the process pages (the cell's
page, the grassroots decision, the superior's page: `views`), never through a generic
form, and a decided one is corrected, never voided."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import django_filters
import django_tables2 as tables
from django.http import HttpRequest

from dangvu.core import records
from dangvu.lib.vnformat import fmt_date
from dangvu.rating.actions import fmt_points
from dangvu.rating.models import Grade, MemberRating, NotRatedReason, OrgRating, Stage
from dangvu.rating.scoping import can_record_ratings, visible_member_ratings, visible_org_ratings


class ScoreColumn(records.NumberColumn):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", "")
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> str:
        return fmt_points(value)

    def value(self, value: Any) -> Any:
        return float(value) if value is not None else ""


class ResultColumn(tables.Column):
    """The grade, the reason for not rating, or the stage reached."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "pk")
        super().__init__(*args, **kwargs)

    def render(self, record: Any) -> str:
        return record.result_label

    def value(self, record: Any) -> str:
        return record.result_label


class MemberRatingTable(records.RecordTable):
    member = tables.Column("Đảng viên", linkify=lambda record: record.get_absolute_url())
    year = tables.Column("Năm")
    organisation = records.OrganisationColumn("Chi bộ")
    organisation_code = records.CodeColumn("organisation__code")
    grassroots = records.OrganisationColumn("Tổ chức cơ sở đảng")
    grassroots_code = records.CodeColumn("grassroots__code", "Mã tổ chức cơ sở đảng")
    self_grade = tables.Column("Tự xếp loại", default="")
    proposed_grade = tables.Column("Chi bộ đề xuất", default="")
    result = ResultColumn("Kết quả")
    score = ScoreColumn("Điểm")
    decision_number = tables.Column("Số quyết định", default="")
    decided_on = records.DateColumn("Ngày quyết định", default="")


class MemberRatingFilter(records.RecordFilter):
    date_field = "as_of"
    muc = django_filters.ChoiceFilter(field_name="grade", label="Xếp loại", choices=Grade.choices)
    ly_do = django_filters.ChoiceFilter(
        field_name="not_rated_reason", label="Lý do không xếp loại", choices=NotRatedReason.choices
    )
    giai_doan = django_filters.ChoiceFilter(
        method="filter_stage", label="Bước", choices=Stage.choices
    )

    def filter_stage(self, qs: Any, name: str, value: str) -> Any:
        if value == Stage.DECIDED:
            return qs.filter(decided_on__isnull=False)
        qs = qs.filter(decided_on__isnull=True)
        if value == Stage.PROPOSED:
            return qs.filter(proposed_on__isnull=False)
        if value == Stage.SELF:
            return qs.filter(proposed_on__isnull=True, self_assessed_on__isnull=False)
        return qs.filter(proposed_on__isnull=True, self_assessed_on__isnull=True)


def _who(user: Any) -> str:
    return user.get_username() if user is not None else "hệ thống"


def _steps(r: Any) -> list[tuple[str, object]]:
    def grade(code: str, score: Any) -> str:
        if not code:
            return ""
        points = f" ({fmt_points(score)} điểm)" if score is not None else ""
        return f"{Grade(code).label}{points}"

    return [
        ("Tự xếp loại", grade(r.self_grade, r.self_score)),
        ("Ngày tự đánh giá", fmt_date(r.self_assessed_on)),
        ("Mức đề xuất", grade(r.proposed_grade, r.proposed_score)),
        (
            "Ngày đề xuất",
            f"{fmt_date(r.proposed_on)}, {_who(r.proposed_by)} ghi" if r.proposed_on else "",
        ),
        ("Kết quả", r.result_label),
        ("Điểm", fmt_points(r.score)),
        ("Số quyết định", r.decision_number),
        (
            "Ngày quyết định",
            f"{fmt_date(r.decided_on)}, {_who(r.decided_by)} ghi" if r.decided_on else "",
        ),
        ("Sửa quyết định", r.correction_of),
        ("Lý do sửa", r.correction_reason),
        ("Tính đến ngày", fmt_date(r.as_of)),
        ("Ghi chú", r.note),
    ]


def _member_rows(r: MemberRating) -> Sequence[tuple[str, object]]:
    return [
        ("Đảng viên", r.member),
        ("Năm", str(r.year)),
        ("Chi bộ", r.organisation),
        ("Tổ chức cơ sở đảng quyết định", r.grassroots),
        *_steps(r),
    ]


def _detail(kind: str) -> Any:
    def context(request: HttpRequest, record: Any) -> dict[str, Any]:
        from dangvu.rating.views import correction_context

        return correction_context(request, record, kind)

    return context


MEMBER_RATINGS = records.RecordKind(
    model=MemberRating,
    name="xếp loại đảng viên",
    plural="Xếp loại chất lượng đảng viên",
    visible=visible_member_ratings,
    table=MemberRatingTable,
    filters=MemberRatingFilter,
    export_name="xep-loai-dang-vien",
    list_url="rating:member_ratings",
    menu="Xếp loại đảng viên",
    menu_order=20,
    related=("member", "organisation", "grassroots"),
    order=("-year", "organisation__path", "member__search_key"),
    person_field="member__full_name",
    person_group="organisation",
    can_record=can_record_ratings,
    detail_template="rating/rating_detail.html",
    detail_rows=_member_rows,
    detail_context=_detail("member"),
    import_kind="rating-members",
)


class OrgRatingTable(records.RecordTable):
    organisation = tables.Column("Tổ chức đảng", linkify=lambda record: record.get_absolute_url())
    organisation_code = records.CodeColumn("organisation__code")
    year = tables.Column("Năm")
    decided_by_organisation = records.OrganisationColumn("Cấp ủy quyết định")
    decided_by_code = records.CodeColumn("decided_by_organisation__code", "Mã cấp ủy quyết định")
    self_grade = tables.Column("Tự xếp loại", default="")
    proposed_grade = tables.Column("Mức đề xuất", default="")
    result = ResultColumn("Kết quả")
    score = ScoreColumn("Điểm")
    decision_number = tables.Column("Số quyết định", default="")
    decided_on = records.DateColumn("Ngày quyết định", default="")


class OrgRatingFilter(MemberRatingFilter):
    pass


def _org_rows(r: OrgRating) -> Sequence[tuple[str, object]]:
    return [
        ("Tổ chức đảng", r.organisation),
        ("Năm", str(r.year)),
        ("Cấp ủy quyết định", r.decided_by_organisation),
        *_steps(r),
    ]


ORG_RATINGS = records.RecordKind(
    model=OrgRating,
    name="xếp loại tổ chức đảng",
    plural="Xếp loại chất lượng tổ chức đảng",
    visible=visible_org_ratings,
    table=OrgRatingTable,
    filters=OrgRatingFilter,
    export_name="xep-loai-to-chuc-dang",
    list_url="rating:org_ratings",
    menu="Xếp loại tổ chức đảng",
    menu_order=30,
    related=("organisation", "decided_by_organisation"),
    order=("-year", "organisation__path"),
    can_record=can_record_ratings,
    detail_template="rating/rating_detail.html",
    detail_rows=_org_rows,
    detail_context=_detail("organisation"),
    import_kind="rating-orgs",
)
