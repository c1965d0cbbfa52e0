"""Demo data of the reports: the heading the demo committee set once for its reports, and
last year's annual report of the bloc, issued in January, with an admission recorded
afterwards with a date in that year, so that the issued report's page shows a figure that
differs from the records today and the record that explains it."""

from __future__ import annotations

import datetime as dt
import random

from dangvu.core.dates import today
from dangvu.members.actions import Decision, Person, do_admit_member
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.personnel.queries import secretary_of
from dangvu.reports.actions import do_set_heading
from dangvu.reports.issuing import Kind, do_issue_report

# The demo bloc is that of a province's agencies (its members live in Bình Định).
DEMO_PLACE = "Quy Nhơn"
DEMO_SUPERIOR_LINE = "ĐẢNG BỘ TỈNH BÌNH ĐỊNH"
DEMO_RECIPIENTS = (
    "Ban Thường vụ Tỉnh ủy (để báo cáo)",
    "Ban Tổ chức Tỉnh ủy",
    "Các đồng chí Ủy viên Ban Chấp hành Đảng bộ Khối",
    "Các tổ chức cơ sở đảng trực thuộc",
    "Lưu Văn phòng Đảng ủy Khối",
)


def seed_report_heading(bloc: Organisation) -> None:
    """The place, the superior line and the recipients of the bloc's reports, so that no
    demo report shows «…………»; the organisations under it inherit the place."""
    do_set_heading(
        bloc,
        place=DEMO_PLACE,
        superior_line=DEMO_SUPERIOR_LINE,
        recipients="\n".join(DEMO_RECIPIENTS),
        acting_user=None,
    )


def seed_issued(bloc: Organisation, rng: random.Random) -> dict[str, int]:
    """Issue the bloc's annual report of last year (no PDF: the seed stays fast)."""
    now = today()
    year = now.year - 1
    day = min(dt.date(now.year, 1, 15), now)
    secretary = secretary_of(bloc, day)
    issued = do_issue_report(
        bloc,
        kind=Kind.ANNUAL,
        year=year,
        date=day,
        recipients="\n".join(DEMO_RECIPIENTS),
        signer=secretary.full_name if secretary is not None else "Nguyễn Văn An",
        acting_user=None,
        with_pdf=False,
    )
    # Recorded after the issue, dated in the issued year: the admissions differ by one.
    late = dt.date(year, 12, 20)
    cell = (
        Organisation.objects.filter(
            path__startswith=bloc.path,
            kind__in=[OrgKind.CELL, OrgKind.GRASSROOTS_CELL],
            founded_on__lte=dt.date(year, 1, 1),
            ended_on__isnull=True,
        )
        .order_by("code")
        .first()
    )
    late_admissions = 0
    if cell is not None:
        do_admit_member(
            Person(
                full_name="Trần Thị Minh Thư",
                birth_date=dt.date(1996, 4, 12),
                sex="F",
            ),
            organisation=cell,
            decision=Decision(late, "99-QĐ/ĐUK", late),
            ceremony_date=late + dt.timedelta(days=3),
            acting_user=None,
        )
        late_admissions = 1
    return {
        "báo cáo đã ban hành": 1,
        "tệp đã lưu": issued.files.count(),
        "kết nạp ghi sau khi ban hành": late_admissions,
    }
