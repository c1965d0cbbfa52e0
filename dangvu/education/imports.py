"""Import declarations of the board's records: classes and their learners, conferences,
the catalogue of resolutions, study returns, contests and their entries.

Rows are matched so that importing the same file twice changes nothing: a class by its
organiser, kind, name and start date; a learner by the class and the person; a conference
by its organiser, kind, title and date; a resolution by its number; a study return by its
resolution and organisation; a contest by its organiser, name and start date.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Q, QuerySet

from dangvu.accounts.scoping import visible_members, visible_organisations
from dangvu.core.errors import DomainError
from dangvu.core.importing import Column, Context, ImportKind, RowError, register
from dangvu.education import actions
from dangvu.education.models import (
    ClassLearner,
    Conference,
    Contest,
    ContestEntry,
    PoliticalClass,
    Resolution,
    StudyReturn,
)
from dangvu.lib.text import search_key
from dangvu.lib.vnformat import fmt_date
from dangvu.members import numbers
from dangvu.members.models import AdmissionCandidate, Member

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
        description=(
            "Mỗi dòng là một lớp bồi dưỡng; học viên ghi trên trang của lớp hoặc nhập bằng "
            "mẫu học viên lớp bồi dưỡng."
        ),
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


YES_NO = (("yes", "Có"), ("no", "Không"))
LEARNER_POOLS = {
    PoliticalClass.Kind.CANDIDATE: "quần chúng ưu tú",
    PoliticalClass.Kind.NEW_MEMBER: "đảng viên",
    PoliticalClass.Kind.OTHER: "đảng viên, quần chúng ưu tú",
}


@contextmanager
def _person_column() -> Iterator[None]:
    """A refusal about the learner (already in the class, not for this class) names the
    name column, which the declaration cannot map by itself."""
    try:
        yield
    except DomainError as error:
        if error.field == "person":
            raise RowError(error.message, "Họ và tên") from None
        raise


def _class_of(row: dict[str, Any], ctx: Context) -> PoliticalClass:
    """The class as the class import identifies it: organiser, name, start date (and kind
    when two classes share those)."""
    organiser = _organiser(row, ctx)
    classes = PoliticalClass.objects.filter(
        voided_at__isnull=True,
        organiser=organiser,
        name=row["class_name"],
        start_date=row["start_date"],
    )
    if row.get("kind"):
        classes = classes.filter(kind=row["kind"])
    found = list(classes[:2])
    if not found:
        raise RowError(
            f"«{organiser.name}» không có lớp «{row['class_name']}» khai giảng ngày "
            f"{fmt_date(row['start_date'])}; hãy nhập lớp trước (mẫu lớp bồi dưỡng).",
            "Tên lớp",
        )
    if len(found) > 1:
        raise RowError(
            "Có nhiều lớp cùng tên, đơn vị tổ chức và ngày khai giảng; hãy ghi loại lớp.",
            "Loại lớp",
        )
    return found[0]


def _people(ctx: Context, klass: PoliticalClass, key: Q) -> list[Member | AdmissionCandidate]:
    """The members and candidates matching `key` that the user reaches, in the pools the
    class takes (as on the class page)."""
    found: list[Member | AdmissionCandidate] = []
    if klass.kind != PoliticalClass.Kind.CANDIDATE:
        members: QuerySet[Member] = (
            Member.objects.all() if ctx.user is None else visible_members(ctx.user)
        )
        found.extend(members.filter(key)[:2])
    if klass.kind != PoliticalClass.Kind.NEW_MEMBER:
        candidates = AdmissionCandidate.objects.filter(key)
        if ctx.user is not None:
            candidates = candidates.filter(organisation__in=visible_organisations(ctx.user))
        if klass.kind == PoliticalClass.Kind.OTHER:
            candidates = candidates.filter(member__isnull=True)  # the admitted are members
        found.extend(candidates[:2])
    return found


def _learner(
    row: dict[str, Any], ctx: Context, klass: PoliticalClass
) -> Member | AdmissionCandidate:
    """The learner by identity number, or by full name and birth date."""
    name, ident, birth = row["person_name"], row.get("identity_number"), row.get("birth_date")
    who = LEARNER_POOLS[PoliticalClass.Kind(klass.kind)]
    if ident:
        found = _people(ctx, klass, Q(identity_number=ident))
        if not found:
            raise RowError(f"Không có {who} có số CCCD {ident} trong phạm vi của bạn.", "Số CCCD")
    elif birth is not None:
        found = _people(ctx, klass, Q(search_key=search_key(name), birth_date=birth))
        if not found:
            raise RowError(
                f"Không có {who} {name} sinh ngày {fmt_date(birth)} trong phạm vi của bạn.",
                "Họ và tên",
            )
    else:
        raise RowError("Hãy ghi số CCCD, hoặc ngày sinh để tìm đúng người.", "Ngày sinh")
    if len(found) > 1:
        raise RowError(
            "Có nhiều người cùng họ tên và ngày sinh (hoặc cùng số CCCD); hãy ghi số CCCD.",
            "Số CCCD",
        )
    person = found[0]
    if ident:
        # The number is one person's: the row must name that person (accents count).
        holder = (
            numbers.member_holder(person)
            if isinstance(person, Member)
            else numbers.candidate_holder(person)
        )
        if numbers.differs(holder, name, birth):
            raise RowError(numbers.mismatch_message(ident, holder, True, name, birth), "Họ và tên")
    return person


def _apply_learner(row: dict[str, Any], ctx: Context) -> str:
    klass = _class_of(row, ctx)
    person = _learner(row, ctx, klass)
    completed = row.get("completed") == "yes"
    certificate = row.get("certificate_number") or ""
    if certificate and not completed:
        raise RowError(
            "Chỉ ghi số giấy chứng nhận khi học viên đã hoàn thành lớp.", "Số giấy chứng nhận"
        )
    member = person if isinstance(person, Member) else None
    candidate = person if isinstance(person, AdmissionCandidate) else None
    learner = ClassLearner.objects.filter(
        political_class=klass, member=member, candidate=candidate
    ).first()
    if learner is None:
        actions.do_add_learner(
            klass,
            member=member,
            candidate=candidate,
            completed=completed,
            certificate_number=certificate,
            acting_user=ctx.user,
        )
        return "created"
    if learner.completed == completed:
        return "unchanged"
    if not completed:
        raise RowError(
            f"{person.full_name} đã được ghi hoàn thành lớp này; muốn sửa, hãy sửa trên trang "
            "của lớp.",
            "Hoàn thành",
        )
    actions.do_record_completion(
        learner, completed=True, certificate_number=certificate, acting_user=ctx.user
    )
    return "created"


def apply_learner(row: dict[str, Any], ctx: Context) -> str:
    with _person_column():
        return _apply_learner(row, ctx)


register(
    ImportKind(
        code="class-learners",
        label="Học viên lớp bồi dưỡng",
        description=(
            "Mỗi dòng là một học viên của một lớp đã có trong Đảng vụ (tìm theo tên lớp, đơn vị "
            "tổ chức và ngày khai giảng như mẫu lớp bồi dưỡng). Học viên là đảng viên (lớp đảng "
            "viên mới) hoặc quần chúng ưu tú (lớp bồi dưỡng cho đối tượng kết nạp Đảng, theo "
            "tên gọi cấp ủy đặt), tìm theo số CCCD, hoặc họ tên và ngày sinh. Quần chúng ưu tú "
            "hoàn thành lớp này được ghi bước này vào hồ sơ kết nạp."
        ),
        columns=(
            Column(
                "Tên lớp",
                "class_name",
                required=True,
                example="Lớp bồi dưỡng lý luận chính trị cho đối tượng kết nạp Đảng khóa 1/2024",
            ),
            Column("Đơn vị tổ chức", "organiser", "org", required=True, example="DBK"),
            Column("Ngày khai giảng", "start_date", "date", required=True, example="04/03/2024"),
            Column(
                "Loại lớp",
                "kind",
                "choice",
                choices=CLASS_KINDS,
                help="Chỉ cần khi có hai lớp cùng tên, đơn vị tổ chức và ngày khai giảng.",
            ),
            Column("Họ và tên", "person_name", required=True, example="Nguyễn Văn An"),
            Column(
                "Số CCCD",
                "identity_number",
                "identity",
                example="052090001234",
                help="Để tìm đúng hồ sơ; nếu trống thì tìm theo họ tên và ngày sinh.",
            ),
            Column(
                "Ngày sinh",
                "birth_date",
                "date",
                example="17/05/1998",
                help="Bắt buộc khi không ghi số CCCD.",
            ),
            Column(
                "Hoàn thành",
                "completed",
                "choice",
                choices=YES_NO,
                example="Có",
                help="«Có» khi học viên đã hoàn thành lớp (lớp đã bế giảng); để trống: chưa.",
            ),
            Column(
                "Số giấy chứng nhận",
                "certificate_number",
                "code",
                example="125/GCN",
                help="Chỉ khi đã hoàn thành.",
            ),
        ),
        apply=apply_learner,
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


def apply_resolution(row: dict[str, Any], ctx: Context) -> str:
    if Resolution.objects.filter(number__iexact=row["number"]).exists():
        return "unchanged"
    actions.do_create_resolution(
        name=row["name"],
        number=row["number"],
        issuing_body=row["issuing_body"],
        issued_on=row["issued_on"],
        term=row.get("term") or "",
        acting_user=ctx.user,
    )
    return "created"


register(
    ImportKind(
        code="resolutions",
        label="Danh mục văn bản học tập, quán triệt",
        description=(
            "Mỗi dòng là một nghị quyết, chỉ thị, kết luận cần học tập, quán triệt; kết quả học "
            "tập của các tổ chức ghi theo số hiệu văn bản. Văn bản đã có (cùng số hiệu) được "
            "giữ nguyên."
        ),
        columns=(
            Column("Số hiệu văn bản", "number", "code", required=True, example="27-NQ/TW"),
            Column(
                "Tên văn bản",
                "name",
                required=True,
                example="Nghị quyết Hội nghị Trung ương 6 khóa XIII về Nhà nước pháp quyền",
            ),
            Column(
                "Cơ quan ban hành",
                "issuing_body",
                required=True,
                example="Ban Chấp hành Trung ương Đảng",
            ),
            Column("Khóa", "term", example="XIII"),
            Column("Ngày ban hành", "issued_on", "date", required=True, example="09/11/2022"),
        ),
        apply=apply_resolution,
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


def apply_contest(row: dict[str, Any], ctx: Context) -> str:
    organiser = _organiser(row, ctx)
    if Contest.objects.filter(
        voided_at__isnull=True,
        organiser=organiser,
        name=row["name"],
        start_date=row["start_date"],
    ).exists():
        return "unchanged"
    actions.do_create_contest(
        name=row["name"],
        organiser=organiser,
        start_date=row["start_date"],
        end_date=row["end_date"],
        note=row.get("note") or "",
        entrants=row.get("entrants") or Contest.Entrants.INDIVIDUAL,
        acting_user=ctx.user,
    )
    return "created"


register(
    ImportKind(
        code="contests",
        label="Hội thi, cuộc thi",
        description=(
            "Mỗi dòng là một hội thi, cuộc thi do một tổ chức đảng phát động, dành cho cá nhân "
            "(bài dự thi) hoặc cho đội (đội thi); bài dự thi, đội thi nhập sau bằng mẫu bài dự "
            "thi, đội thi."
        ),
        columns=(
            Column(
                "Tên hội thi, cuộc thi",
                "name",
                required=True,
                example="Cuộc thi chính luận về bảo vệ nền tảng tư tưởng của Đảng",
            ),
            Column("Đơn vị tổ chức", "organiser", "org", required=True, example="DBK"),
            Column(
                "Hình thức dự thi",
                "entrants",
                "choice",
                choices=tuple(Contest.Entrants.choices),
                example=Contest.Entrants.INDIVIDUAL.label,
                help="Để trống: cá nhân dự thi (bài dự thi).",
            ),
            Column("Ngày bắt đầu", "start_date", "date", required=True, example="01/04/2024"),
            Column(
                "Ngày kết thúc (tổng kết)", "end_date", "date", required=True, example="31/08/2024"
            ),
            Column("Ghi chú", "note"),
        ),
        apply=apply_contest,
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
        label="Bài dự thi, đội thi",
        description=(
            "Mỗi dòng là một bài dự thi (hội thi dành cho cá nhân) hoặc một đội thi (hội thi "
            "dành cho đội) của một hội thi đã có trong Đảng vụ; ghi «Có» ở cột gửi dự thi cấp "
            "trên cho những bài, những đội được chọn dự thi cấp trên."
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
            Column(
                "Tác giả, thí sinh",
                "entrant_name",
                example="Nguyễn Văn An",
                help="Hội thi dành cho đội: ghi tên đội thi.",
            ),
            Column(
                "Tên bài, tác phẩm",
                "title",
                example="Giữ vững trận địa tư tưởng",
                help="Hội thi dành cho đội: phần thi, tiết mục của đội.",
            ),
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
