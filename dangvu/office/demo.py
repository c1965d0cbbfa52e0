"""Demo data of office work, recorded through the actions: commendations of every year,
trade unions with their 2023 congresses, and the bloc's youth union with its ratings."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from dangvu.core.dates import today
from dangvu.members.models import Member, MembershipInterval
from dangvu.office import actions
from dangvu.office.models import MassOrganisation, Rating, Reason
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, subtree_range
from dangvu.orgs.queries import version_at, versions_in_path

FIRST_YEAR = 2020
LEVELS = ("Ban Thường vụ Đảng ủy Khối", "Ban Thường vụ Đảng ủy Khối", "Tỉnh ủy")
GRASSROOTS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)


def _org_ids_on(bloc: Organisation, day: dt.date) -> list[int]:
    return list(
        versions_in_path(bloc.path, day)
        .exclude(organisation=bloc)
        .order_by("organisation_id")
        .values_list("organisation_id", flat=True)
    )


def _member_ids_on(bloc: Organisation, day: dt.date, limit: int = 400) -> list[int]:
    low, high = subtree_range(bloc.path)
    return list(
        MembershipInterval.objects.filter(
            path__gte=low, path__lt=high, valid_from__lte=day, valid_to__gt=day
        )
        .order_by("member_id")
        .values_list("member_id", flat=True)[:limit]
    )


def seed_office(bloc: Organisation, rng: random.Random, user: Any = None) -> dict[str, int]:
    """Record the demo office data of `bloc` from 2020 to today; return counts."""
    counts = {"collective": 0, "individual": 0, "units": 0, "congresses": 0, "ratings": 0}
    now = today()
    for year in range(FIRST_YEAR, now.year + 1):
        for reason, day, n in (
            (Reason.HCM, dt.date(year, 5, 19), 10),
            (Reason.CONTEST, dt.date(year, 11, 20), 3),
        ):
            if day > now:
                continue
            number = f"{rng.randint(100, 999)}-QĐ/ĐUK"
            orgs = _org_ids_on(bloc, day)
            by_id = Organisation.objects.in_bulk(rng.sample(orgs, min(n, len(orgs))))
            for org in by_id.values():
                actions.do_commend(
                    reason=reason,
                    level=rng.choice(LEVELS),
                    decision_date=day,
                    decision_number=number,
                    organisation=org,
                    acting_user=user,
                )
                counts["collective"] += 1
            people = _member_ids_on(bloc, day)
            members = Member.objects.in_bulk(rng.sample(people, min(n, len(people))))
            for member in members.values():
                actions.do_commend(
                    reason=reason,
                    level=rng.choice(LEVELS),
                    decision_date=day,
                    decision_number=number,
                    member=member,
                    acting_user=user,
                )
                counts["individual"] += 1
    congress_day = dt.date(2023, 6, 15)
    for org in Organisation.objects.filter(kind__in=GRASSROOTS, ended_on__isnull=True).order_by(
        "path"
    )[:30]:
        name = org.name.removeprefix("Đảng bộ ").removeprefix("Chi bộ ")
        unit = actions.do_create_mass_organisation(
            kind=MassOrganisation.Kind.TRADE_UNION,
            name=f"Công đoàn {name}",
            organisation=org,
            acting_user=user,
        )
        counts["units"] += 1
        if congress_day <= now and version_at(org, congress_day) is not None:
            actions.do_record_congress(
                unit, term="2023 - 2028", date=congress_day, acting_user=user
            )
            counts["congresses"] += 1
    if bloc.ended_on is None:
        youth = actions.do_create_mass_organisation(
            kind=MassOrganisation.Kind.YOUTH_UNION,
            name="Đoàn Khối các cơ quan tỉnh",
            organisation=bloc,
            acting_user=user,
        )
        counts["units"] += 1
        for year in range(max(FIRST_YEAR, bloc.founded_on.year), now.year):
            rating = (
                Rating.EXCELLENT if year == 2023 else rng.choice([Rating.EXCELLENT, Rating.GOOD])
            )
            actions.do_rate_mass_organisation(
                youth,
                year=year,
                rating=rating,
                rated_by="Tỉnh đoàn",
                acting_user=user,
            )
            counts["ratings"] += 1
    return counts


# --- plans and the document register --------------------------------------------------

# The committee's tasks for a year: a title and what it means in practice (the report's
# "tasks for next year" is made of them).
BLOC_TASKS: tuple[tuple[str, str], ...] = (
    (
        "Lãnh đạo hoàn thành nhiệm vụ chính trị của các cơ quan, đơn vị",
        "Phối hợp với thủ trưởng cơ quan, đơn vị chỉ đạo cán bộ, đảng viên hoàn thành nhiệm "
        "vụ chuyên môn; đẩy mạnh cải cách hành chính, sắp xếp tổ chức bộ máy tinh gọn.",
    ),
    (
        "Học tập, quán triệt và cụ thể hóa nghị quyết, chỉ thị của cấp trên",
        "Các chi, đảng bộ ban hành kịp thời chương trình, kế hoạch thực hiện; tổ chức học "
        "tập chuyên đề làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh của năm.",
    ),
    (
        "Củng cố tổ chức cơ sở đảng và nâng cao chất lượng đảng viên",
        "Nâng chất lượng sinh hoạt chi bộ, sinh hoạt chuyên đề; chú trọng tạo nguồn và kết "
        "nạp đảng viên trong đoàn viên thanh niên ưu tú, hoàn thành chỉ tiêu kết nạp.",
    ),
    (
        "Thực hiện chương trình kiểm tra, giám sát",
        "Kiểm tra, giám sát theo chương trình đề ra; kịp thời xem xét dấu hiệu vi phạm, "
        "không để hình thành điểm nóng trong Đảng bộ.",
    ),
    (
        "Làm tốt công tác dân vận và lãnh đạo các tổ chức đoàn thể",
        "Đẩy mạnh dân vận chính quyền trong cơ quan, đơn vị; tạo điều kiện để công đoàn, "
        "đoàn thanh niên, hội phụ nữ, hội cựu chiến binh hoạt động hiệu quả.",
    ),
)
GRASSROOTS_TASKS: tuple[tuple[str, str], ...] = (
    (
        "Hoàn thành nhiệm vụ chuyên môn của cơ quan, đơn vị",
        "Cấp ủy phối hợp với thủ trưởng phân công đảng viên phụ trách từng phần việc.",
    ),
    (
        "Nâng cao chất lượng sinh hoạt chi bộ",
        "Sinh hoạt thường kỳ hằng tháng, chuyên đề ít nhất mỗi quý một lần.",
    ),
    (
        "Tạo nguồn và kết nạp đảng viên",
        "Mỗi chi bộ giới thiệu quần chúng ưu tú học lớp bồi dưỡng lý luận chính trị cho đối "
        "tượng kết nạp Đảng.",
    ),
)
# The committee's documents of a year, besides the plans: (month, day, kind, summary).
BLOC_DOCUMENTS: tuple[tuple[int, int, str, str], ...] = (
    (1, 6, "NQ", "Nghị quyết về nhiệm vụ công tác xây dựng Đảng năm {year}"),
    (1, 20, "KH", "Kế hoạch kiểm tra, giám sát năm {year}"),
    (2, 15, "KH", "Kế hoạch phát triển đảng viên năm {year}"),
    (3, 10, "HD", "Hướng dẫn sinh hoạt chi bộ theo chuyên đề năm {year}"),
    (4, 5, "TB", "Thông báo kết luận hội nghị Ban Thường vụ quý I năm {year}"),
    (5, 12, "KH", "Kế hoạch học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
    (7, 8, "BC", "Báo cáo sơ kết công tác xây dựng Đảng 6 tháng đầu năm {year}"),
    (9, 18, "CV", "Công văn về việc kiểm điểm, đánh giá, xếp loại chất lượng năm {year}"),
    (11, 25, "KH", "Kế hoạch kiểm điểm, đánh giá, xếp loại tập thể, cá nhân năm {year}"),
    (12, 12, "BC", "Báo cáo tổng kết công tác xây dựng Đảng năm {year}"),
)
SIGNERS = ("Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Minh Tuấn", "Phạm Quốc Bảo")


def _round_target(actual: float | int | None, rng: random.Random, step: int) -> int:
    """A target the actual roughly meets: the actual rounded to `step`, give or take."""
    base = float(actual or 0) * rng.uniform(0.96, 1.04)
    return max(step, round(base / step) * step)


def seed_plans(bloc: Organisation, rng: random.Random, user: Any = None) -> dict[str, int]:
    """Record the register and the annual plans of `bloc` and its grassroots organisations
    for every year from the bloc's founding to next year; return counts.

    Entries are made in date order, so the numbers run as in a real register. Targets of
    past years are set near the admissions the demo members show; the current and next
    year's near the last full year's.
    """
    from dangvu.office.documents import do_register_document
    from dangvu.office.models import Plan
    from dangvu.office.plans import do_add_task, do_create_plan, do_set_target
    from dangvu.reports.registry import Period, value

    counts = {"documents": 0, "plans": 0, "targets": 0, "tasks": 0}
    now = today()
    first = max(FIRST_YEAR, bloc.founded_on.year)
    entries: list[tuple[dt.date, int, Organisation, str, str, int | None]] = []

    def grassroots_on(day: dt.date) -> list[Organisation]:
        ids = (
            versions_in_path(bloc.path, day)
            .filter(kind__in=GRASSROOTS)
            .values_list("organisation_id", flat=True)
        )
        return list(Organisation.objects.filter(pk__in=list(ids)).order_by("path"))

    def programme_day(year: int) -> dt.date | None:
        """When next year's programme is issued: mid-December, or already this autumn."""
        day = dt.date(year - 1, 12, 20)
        if day <= now:
            return day if year > first else dt.date(year, 1, 8)
        return now if now.month >= 10 else None

    for year in range(first, now.year + 2):
        issued = programme_day(year)
        if issued is not None:
            if bloc.ended_on is None or issued < bloc.ended_on:
                entries.append((issued, 0, bloc, "CTr", f"Chương trình công tác năm {year}", year))
            for org in grassroots_on(issued):
                entries.append((issued, 1, org, "CTr", f"Chương trình công tác năm {year}", year))
        for month, day_, kind, summary in BLOC_DOCUMENTS:
            day = dt.date(year, month, day_)
            if day <= now and (bloc.ended_on is None or day < bloc.ended_on):
                entries.append((day, 2, bloc, kind, summary.format(year=year), None))
        report_day = dt.date(year, 12, 15)
        if report_day <= now:
            for org in grassroots_on(report_day):
                summary = f"Báo cáo kết quả lãnh đạo thực hiện nhiệm vụ năm {year}"
                entries.append((report_day, 3, org, "BC", summary, None))
    entries.sort(key=lambda e: (e[0], e[1], e[2].path, e[3]))
    programmes: dict[tuple[int, int], Any] = {}
    for day, _, org, kind, summary, year in entries:
        document = do_register_document(
            issuer=org,
            kind=kind,
            date=day,
            summary=summary,
            signer=rng.choice(SIGNERS),
            acting_user=user,
        )
        counts["documents"] += 1
        if year is not None:
            programmes[(org.pk, year)] = document

    orgs = Organisation.objects.in_bulk({org_id for org_id, _ in programmes} | {bloc.pk})
    for year in range(first, now.year + 2):
        # The last full year's admissions guide the targets of the years not yet over.
        guide = year if dt.date(year, 12, 31) < now else min(year, now.year) - 1
        period = Period.year(guide)
        owners = [bloc] + [
            orgs[org_id]
            for (org_id, y) in sorted(programmes, key=lambda k: orgs[k[0]].path)
            if y == year and org_id != bloc.pk
        ]
        for org in owners:
            document = programmes.get((org.pk, year))
            if document is None and org.pk != bloc.pk:
                continue
            plan = do_create_plan(
                organisation=org,
                year=year,
                kind=Plan.Kind.ANNUAL,
                title=f"Chương trình công tác năm {year} của {org.name}",
                document=document,
                acting_user=user,
            )
            counts["plans"] += 1
            actual = value("members.admitted", org, period).value
            is_bloc = org.pk == bloc.pk
            if is_bloc or actual:
                target = _round_target(actual, rng, 10 if is_bloc else 1)
                do_set_target(plan, indicator="members.admitted", target=target, acting_user=user)
                counts["targets"] += 1
            if is_bloc:
                classes = value("education.new_member_classes", org, period).value
                if classes:
                    do_set_target(
                        plan,
                        indicator="education.new_member_classes",
                        target=int(classes),
                        acting_user=user,
                    )
                    counts["targets"] += 1
            for title, detail in BLOC_TASKS if is_bloc else GRASSROOTS_TASKS:
                do_add_task(plan, title=title, detail=detail, acting_user=user)
                counts["tasks"] += 1
    return counts
