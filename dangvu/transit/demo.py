"""Demo data of members in transit and of temporary attendance.

Every transfer out of the demo's history is confirmed as arrived twenty days after it,
except the latest one, left in transit (overdue once its thirty working days have passed);
two members of the first cells (by code) are transferred out a few days ago and wait for
their confirmation. Two members are announced as coming (one paper recent, one past its
deadline), and three members of other committees attend cells temporarily: one whose
stay ends within the month, one for work (who pays dues at the host cell every month of
the stay so far), one for study. Deterministic: no draws, dates
counted from today as the rest of the demo.
"""

from __future__ import annotations

import datetime as dt
import random

from dangvu.core.dates import add_months, today
from dangvu.members.actions import Decision, do_transfer_out
from dangvu.members.kinds import EventKind
from dangvu.members.models import MemberEvent
from dangvu.members.queries import members_in
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.transit import actions
from dangvu.transit.models import TemporaryAttendee

PROVINCES = ("Đảng bộ tỉnh Quảng Nam", "Đảng bộ thành phố Đà Nẵng", "Đảng bộ tỉnh Nghệ An")


def _cells(bloc: Organisation) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            path__startswith=bloc.path, kind=OrgKind.CELL, ended_on__isnull=True
        ).order_by("code")[:5]
    )


def seed_transit(bloc: Organisation, rng: random.Random) -> dict[str, int]:
    """The records above (`rng` is not drawn from)."""
    now = today()
    counts = {"xác nhận đến nơi mới": 0, "đang chuyển đi": 0, "thông báo chuyển đến": 0}
    counts["đến sinh hoạt tạm thời"] = 0
    history = list(
        MemberEvent.objects.filter(
            kind=EventKind.TRANSFER_OUT,
            voided_at__isnull=True,
            organisation__path__startswith=bloc.path,
            date__lte=now,
        ).order_by("date", "pk")
    )
    for event in history[:-1]:
        actions.do_confirm_arrival(
            event,
            learned_on=min(event.date + dt.timedelta(days=20), now),
            notice_number=f"{event.pk % 90 + 10}-TB/TU",
            receiving_organisation=event.external_party or PROVINCES[0],
            acting_user=None,
        )
        counts["xác nhận đến nơi mới"] += 1
    counts["đang chuyển đi"] = 1 if history else 0
    cells = _cells(bloc)
    for n, cell in enumerate(cells[:2]):
        # Within this month: a member who left in an ended month has paid its dues there,
        # and the demo's dues were paid by the members on the books at its end.
        day = now - dt.timedelta(days=min(4 + 5 * n, now.day - 1))
        member = members_in(cell, day).order_by("pk").first()
        if member is None:
            continue
        do_transfer_out(
            member,
            external_party=PROVINCES[n + 1],
            decision=Decision(day, f"{20 + n}-QĐ/ĐU", day),
            acting_user=None,
        )
        counts["đang chuyển đi"] += 1
    for n, (name, birth, sex, days) in enumerate(
        (
            ("Trương Thị Thu Hà", dt.date(1988, 9, 14), "F", 6),
            ("Lê Quang Vinh", dt.date(1979, 3, 2), "M", 62),
        )
    ):
        if len(cells) <= n:
            break
        actions.do_announce(
            full_name=name,
            birth_date=birth,
            sex=sex,
            from_party=PROVINCES[n + 1],
            paper_number=f"{130 + n}-GGT/TU",
            paper_date=now - dt.timedelta(days=days),
            organisation=cells[n],
            acting_user=None,
        )
        counts["thông báo chuyển đến"] += 1
    # (name, birth, sex, home, purpose, months since the start, planned length).
    stays = (
        (
            "Đinh Văn Toàn",
            dt.date(1984, 6, 21),
            "M",
            "Chi bộ Phòng Kế hoạch, Đảng bộ Tổng công ty Điện lực miền Trung",
            "WORK",
            5,
            None,
        ),
        (
            "Phan Thị Mỹ Linh",
            dt.date(1991, 11, 3),
            "F",
            "Chi bộ Trường THPT Phan Châu Trinh, Đảng bộ thành phố Đà Nẵng",
            "WORK",
            2,
            10,
        ),
        (
            "Ngô Minh Khoa",
            dt.date(1995, 1, 27),
            "M",
            "Chi bộ Khoa Nội, Đảng bộ Bệnh viện Trung ương Huế",
            "STUDY",
            8,
            24,
        ),
    )
    for n, (name, birth, sex, home, purpose, since, length) in enumerate(stays):
        if not cells:
            break
        start = add_months(now, -since)
        # The first ends within the month: its planned end is ten days from today.
        end = now + dt.timedelta(days=10) if length is None else add_months(start, length)
        guest = actions.do_register_attendee(
            full_name=name,
            birth_date=birth,
            sex=sex,
            home_party=home,
            paper_number=f"{40 + n}-GGT/ĐU",
            paper_date=start,
            organisation=cells[n % len(cells)],
            purpose=purpose,
            start_date=start,
            planned_end=end,
            acting_user=None,
        )
        counts["đến sinh hoạt tạm thời"] += 1
        if n == 1:
            counts["đảng phí sinh hoạt tạm thời"] = _seed_dues(guest, now)
    return counts


def _seed_dues(guest: TemporaryAttendee, now: dt.date) -> int:
    """The second attendee's dues at the host cell: each month of the stay so far, paid on
    the tenth (or the day the stay began, or today, whichever the month allows)."""
    month = guest.start_date.replace(day=1)
    paid = 0
    while month <= now:
        day = min(max(month.replace(day=10), guest.start_date), now)
        actions.do_record_temporary_dues(
            guest,
            month=month,
            amount=45_000,
            paid_on=day,
            receipt=f"PT-{month:%m%y}",
            acting_user=None,
        )
        paid += 1
        month = add_months(month, 1)
    return paid
