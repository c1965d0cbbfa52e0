"""Import declarations of the board's records: classes, conferences, study returns.

Rows are matched so that importing the same file twice changes nothing: a class by its
organiser, kind, name and start date; a conference by its organiser, kind, title and date;
a study return by its resolution and organisation.
"""

from __future__ import annotations

from typing import Any

from dangvu.core.importing import Column, Context, ImportKind, RowError, register
from dangvu.education import actions
from dangvu.education.models import (
    Conference,
    Contest,
    ContestEntry,
    PoliticalClass,
    Resolution,
    StudyReturn,
)

CLASS_KINDS = tuple(PoliticalClass.Kind.choices)
CONFERENCE_KINDS = tuple(Conference.Kind.choices)


def _organiser(row: dict[str, Any], ctx: Context, header: str = "Đơn vị tổ chức") -> Any:
    return ctx.organisation(row["organiser"], header)


def apply_class(row: dict[str, Any], ctx: Context) -> str:
    organiser = _organiser(row, ctx)
    if PoliticalClass.objects.filter(
        voided_at__isnull=True,
        organiser=organiser,
        kind=row["kind"],
        name=row["name"],
        start_date=row["start_date"],
    ).exists():
        return "unchanged"
    actions.do_create_class(
        kind=row["kind"],
        name=row["name"],
        organiser=organiser,
        start_date=row["start_date"],
        end_date=row["end_date"],
        venue=row.get("venue") or "",
        acting_user=ctx.user,
    )
    return "created"


register(
    ImportKind(
        code="classes",
        label="Lớp bồi dưỡng chính trị",
        description="Mỗi dòng là một lớp bồi dưỡng; học viên ghi trên trang của lớp.",
        columns=(
            Column(
                "Loại lớp",
                "kind",
                "choice",
                required=True,
                choices=CLASS_KINDS,
                example=PoliticalClass.Kind.NEW_MEMBER.label,
            ),
            Column("Tên lớp", "name", required=True, example="Lớp đảng viên mới khóa 1/2024"),
            Column("Đơn vị tổ chức", "organiser", "org", required=True, example="DBK"),
            Column("Ngày khai giảng", "start_date", "date", required=True, example="04/03/2024"),
            Column("Ngày bế giảng", "end_date", "date", required=True, example="08/03/2024"),
            Column("Địa điểm", "venue", example="Hội trường Đảng ủy Khối"),
        ),
        apply=apply_class,
    )
)


def apply_conference(row: dict[str, Any], ctx: Context) -> str:
    organiser = _organiser(row, ctx)
    if Conference.objects.filter(
        voided_at__isnull=True,
        organiser=organiser,
        kind=row["kind"],
        title=row["title"],
        date=row["date"],
    ).exists():
        return "unchanged"
    actions.do_create_conference(
        kind=row["kind"],
        title=row["title"],
        date=row["date"],
        organiser=organiser,
        attendance=row["attendance"],
        venue=row.get("venue") or "",
        acting_user=ctx.user,
    )
    return "created"


register(
    ImportKind(
        code="conferences",
        label="Hội nghị, hoạt động tuyên giáo",
        description="Mỗi dòng là một hội nghị, hoạt động với số lượt người tham dự.",
        columns=(
            Column(
                "Loại",
                "kind",
                "choice",
                required=True,
                choices=CONFERENCE_KINDS,
                example=Conference.Kind.INFO.label,
            ),
            Column(
                "Tên hội nghị, hoạt động",
                "title",
                required=True,
                example="Hội nghị báo cáo viên tháng 3/2024",
            ),
            Column("Đơn vị tổ chức", "organiser", "org", required=True, example="DBK"),
            Column("Ngày tổ chức", "date", "date", required=True, example="15/03/2024"),
            Column("Số lượt tham dự", "attendance", "int", required=True, example="150"),
            Column("Địa điểm", "venue", example="Hội trường Đảng ủy Khối"),
        ),
        apply=apply_conference,
    )
)


def apply_study_return(row: dict[str, Any], ctx: Context) -> str:
    resolution = Resolution.objects.filter(number__iexact=row["resolution"]).first()
    if resolution is None:
        raise RowError(
            f"Chưa có văn bản số «{row['resolution']}» trong danh mục; hãy thêm văn bản trước.",
            "Số hiệu văn bản",
        )
    organisation = ctx.organisation(row["organisation"], "Tổ chức báo cáo")
    if StudyReturn.objects.filter(
        resolution=resolution, organisation=organisation, voided_at__isnull=True
    ).exists():
        return "unchanged"
    actions.do_record_study_return(
        resolution,
        organisation=organisation,
        date=row["date"],
        members_studied=row["members_studied"],
        members_total=row.get("members_total"),
        nonmembers_studied=row.get("nonmembers_studied") or 0,
        nonmembers_total=row.get("nonmembers_total") or 0,
        acting_user=ctx.user,
    )
    return "created"


register(
    ImportKind(
        code="study-returns",
        label="Kết quả học tập, quán triệt nghị quyết",
        description=(
            "Mỗi dòng là kết quả học tập một văn bản của một tổ chức; mỗi tổ chức báo cáo "
            "một lần cho mỗi văn bản."
        ),
        columns=(
            Column("Số hiệu văn bản", "resolution", "code", required=True, example="01-KL/TW"),
            Column("Tổ chức báo cáo", "organisation", "org", required=True, example="DBK.01"),
            Column("Ngày học tập", "date", "date", required=True, example="20/05/2024"),
            Column("Đảng viên tham gia", "members_studied", "int", required=True, example="28"),
            Column(
                "Tổng số đảng viên",
                "members_total",
                "int",
                example="29",
                help="Để trống: lấy số đảng viên của tổ chức vào ngày học tập.",
            ),
            Column("Quần chúng tham gia", "nonmembers_studied", "int", example="40"),
            Column("Tổng số quần chúng", "nonmembers_total", "int", example="41"),
        ),
        apply=apply_study_return,
    )
)


def apply_contest_entry(row: dict[str, Any], ctx: Context) -> str:
    contests = Contest.objects.filter(
        name=row["contest"], organiser__in=ctx.scope, voided_at__isnull=True
    ).order_by("-end_date")
    if row.get("year"):
        contests = contests.filter(end_date__year=row["year"])
    found = list(contests[:2])
    if not found:
        raise RowError(
            f"Không tìm thấy hội thi «{row['contest']}» trong phạm vi của bạn.", "Hội thi"
        )
    if len(found) > 1:
        raise RowError("Có nhiều hội thi cùng tên; hãy ghi năm.", "Năm")
    contest = found[0]
    organisation = (
        ctx.organisation(row["organisation"], "Tổ chức dự thi") if row.get("organisation") else None
    )
    entrant = row.get("entrant_name") or ""
    if ContestEntry.objects.filter(
        voided_at__isnull=True,
        contest=contest,
        organisation=organisation,
        entrant_name=entrant,
        title=row.get("title") or "",
    ).exists():
        return "unchanged"
    actions.do_add_contest_entry(
        contest,
        organisation=organisation,
        entrant_name=entrant,
        title=row.get("title") or "",
        result=row.get("result") or "",
        sent_up=row.get("sent_up") == "yes",
        acting_user=ctx.user,
    )
    return "created"


register(
    ImportKind(
        code="contest-entries",
        label="Bài dự thi, thí sinh",
        description=(
            "Mỗi dòng là một bài dự thi hoặc một thí sinh của một hội thi đã có trong Đảng vụ; "
            "ghi «Có» ở cột gửi dự thi cấp trên cho những bài được chọn gửi đi."
        ),
        columns=(
            Column(
                "Hội thi",
                "contest",
                required=True,
                example="Cuộc thi chính luận về bảo vệ nền tảng tư tưởng của Đảng",
            ),
            Column("Năm", "year", "int", example="2023"),
            Column("Tổ chức dự thi", "organisation", "org", example="DBK.05"),
            Column("Tác giả, thí sinh", "entrant_name", example="Nguyễn Văn An"),
            Column("Tên bài, tác phẩm", "title", example="Giữ vững trận địa tư tưởng"),
            Column("Kết quả, giải", "result", example="Giải Khuyến khích"),
            Column(
                "Gửi dự thi cấp trên",
                "sent_up",
                "choice",
                choices=(("yes", "Có"), ("no", "Không")),
                example="Có",
            ),
        ),
        apply=apply_contest_entry,
    )
)
