"""Demo cell meetings: every cell and grassroots cell meets every month, holds a thematic
meeting in most quarters and now and then an extraordinary one, each with its roll.

Why not every month since 2020 at the same depth: every member is on a roll every month,
so the whole demo period is more than half a million attendance lines, seconds more than
the first start can spare. Last year and this year (up to last month) are recorded for
every cell, enough for last year's annual report, this year's figures and the due lists;
the years before only for the cells of a share of the grassroots organisations
(`EARLIER_SHARE`), so that the earlier annual reports have meetings to count.

The roll is the cell's members on the meeting day, read once from the membership
intervals: members exempted from activities are shown as exempt, members attending
temporarily elsewhere as away, neither counted as required. About 95% of those required
are present; the absent mostly with a reason (sick, on mission, leave…); a few members
are absent without reason several times in a year, the Statute's case the due list
flags. A few cells miss a month or a thematic quarter in last year and this year, and a
few have not recorded last month's meeting, so that the quality table and the due lists
have entries. The secretary (the personnel records' seat on the day) chairs, another
member takes the minutes, and the committee member assigned to the cell attends some
meetings. A meeting's counts are those of its lines.

The rows are written in bulk statements, as the tree's bulk build, with no audit entries.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import DateField, Max, Model
from django.utils import timezone

from dangvu.core.dates import add_months, today
from dangvu.meetings.models import AbsenceReason, Attendance, Meeting, MeetingKind, Presence
from dangvu.members.demo import FAMILY, GIVEN, MIDDLE
from dangvu.members.models import FOREVER, MemberEvent, MembershipInterval
from dangvu.orgs.demo import START
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion
from dangvu.personnel.models import CellAttendance, CommitteeKind, CommitteeMember, Position

CELL_KINDS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)
# The share of grassroots organisations whose cells have their meetings recorded before
# last year.
EARLIER_SHARE = 0.1
# Chances that a member required to attend is absent, with and without a reason.
EXCUSED = (0.01, 0.08)  # each member's own chance, drawn in this range
UNEXCUSED = 0.003
# Members absent without reason again and again in a year (the due list's names).
CHRONIC = (4, 6)
CHRONIC_CHANCE = 0.25
REASONS = (
    (AbsenceReason.MISSION, 40),
    (AbsenceReason.SICK, 25),
    (AbsenceReason.LEAVE, 12),
    (AbsenceReason.FAMILY, 10),
    (AbsenceReason.STUDY, 5),
    (AbsenceReason.OTHER, 8),
)
OTHER_NOTES = (
    "Trực cơ quan theo phân công",
    "Tham gia đoàn kiểm tra của tỉnh",
    "Phục vụ kỳ họp Hội đồng nhân dân tỉnh",
    "Chăm sóc người thân ốm nặng",
    "Tham gia tập huấn chuyên môn",
)
# Thematic topics: (first year, last year, topic).
TOPICS = (
    (
        2020,
        2020,
        "Học tập, quán triệt Chỉ thị 35-CT/TW về đại hội đảng bộ các cấp tiến tới "
        "Đại hội XIII của Đảng",
    ),
    (
        2020,
        2026,
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh theo Chỉ thị "
        "05-CT/TW: trách nhiệm nêu gương của cán bộ, đảng viên",
    ),
    (
        2021,
        2025,
        "Học tập và làm theo Bác về ý chí tự lực, tự cường và khát vọng phát triển "
        "đất nước phồn vinh, hạnh phúc (Chỉ thị 05-CT/TW)",
    ),
    (2021, 2022, "Nghiên cứu, quán triệt Nghị quyết Đại hội XIII của Đảng"),
    (
        2021,
        2026,
        "Kết luận 21-KL/TW về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính "
        "trị; kiên quyết ngăn chặn, đẩy lùi sự suy thoái",
    ),
    (2022, 2026, "Quy định 37-QĐ/TW về những điều đảng viên không được làm"),
    (2020, 2026, "Phòng, chống tham nhũng, tiêu cực trong cơ quan, đơn vị"),
    (
        2020,
        2026,
        "Bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai "
        "trái, thù địch (Nghị quyết 35-NQ/TW)",
    ),
    (2021, 2026, "Chuyển đổi số trong hoạt động của cơ quan; cải cách hành chính"),
    (2020, 2026, "Nâng cao chất lượng sinh hoạt chi bộ"),
    (2020, 2026, "Công tác phát triển đảng viên, bồi dưỡng quần chúng ưu tú"),
    (
        2024,
        2026,
        "Quy định 144-QĐ/TW về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên "
        "trong giai đoạn mới",
    ),
    (2024, 2025, "Chỉ thị 35-CT/TW về đại hội đảng bộ các cấp tiến tới Đại hội XIV của Đảng"),
    (
        2025,
        2025,
        "Tổng kết Nghị quyết 18-NQ/TW, sắp xếp tổ chức bộ máy tinh gọn, hoạt động "
        "hiệu năng, hiệu lực, hiệu quả",
    ),
    (
        2025,
        2026,
        "Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới "
        "sáng tạo và chuyển đổi số quốc gia",
    ),
    (2025, 2026, "Thực hành tiết kiệm, chống lãng phí trong cơ quan, đơn vị"),
    (2026, 2026, "Nghiên cứu, quán triệt Nghị quyết Đại hội XIV của Đảng"),
)
EXTRAORDINARY = (
    "Xét đề nghị kết nạp quần chúng ưu tú vào Đảng",
    "Xét công nhận đảng viên chính thức",
    "Kiểm điểm, xem xét trách nhiệm đảng viên có vi phạm",
    "Cho ý kiến về nhân sự đề nghị bổ nhiệm",
    "Cho ý kiến về phương án sắp xếp tổ chức bộ máy của cơ quan",
)
GUEST_FROM = (
    "Đảng bộ Bộ Chỉ huy Quân sự tỉnh",
    "Đảng bộ Công an tỉnh",
    "Đảng bộ Trường Chính trị tỉnh",
    "Đảng bộ Tổng công ty Điện lực miền Trung",
    "Đảng bộ Kho bạc Nhà nước khu vực",
)
EXTRAORDINARY_CHANCE = 1 / 40
# The values written (plain strings: the choices' members are prepared once, here).
PRESENT, EXEMPT, AWAY = Presence.PRESENT.value, Presence.EXEMPT.value, Presence.AWAY.value
EXCUSED_, UNEXCUSED_ = Presence.EXCUSED.value, Presence.UNEXCUSED.value
SUPERIOR_CHANCE = {
    MeetingKind.REGULAR: 0.3,
    MeetingKind.THEMATIC: 0.6,
    MeetingKind.EXTRAORDINARY: 0.4,
}


def first_day(now: dt.date | None = None) -> dt.date:
    """January of last year: from then on every cell's meetings are recorded."""
    return dt.date((now or today()).year - 1, 1, 1)


def _weekday(day: dt.date) -> dt.date:
    """The day itself, or the Monday after a weekend."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def insert(model: type[Model], names: list[str], rows: list[tuple]) -> None:
    """Insert `rows` (values of the fields `names`) in chunks of one statement each, the
    other columns at their defaults (no void, recorded now by the system)."""
    if not rows:
        return
    meta = model._meta
    given = [meta.get_field(n) for n in names]
    rest = [f for f in meta.concrete_fields if f.name not in names and not f.primary_key]
    quote = connection.ops.quote_name
    fields = given + rest
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    dates = [i for i, f in enumerate(given) if isinstance(f, DateField)]
    values = rows if not dates and not rest else _columns(given, rest, rows, dates)
    with connection.cursor() as cursor:
        for i in range(0, len(values), 5000):
            cursor.executemany(sql, values[i : i + 5000])


def _columns(given: list[Any], rest: list[Any], rows: list[tuple], dates: list[int]) -> list:
    """`rows` with their dates prepared (each distinct one once) and `rest` appended."""
    stamp = timezone.now()
    columns: list[Any] = list(zip(*rows, strict=True))
    for i in dates:
        prep = given[i].get_db_prep_save
        prepared = {v: prep(v, connection) for v in set(columns[i])}
        columns[i] = [prepared[v] for v in columns[i]]
    for f in rest:
        if getattr(f, "auto_now_add", False):
            value = f.get_db_prep_save(stamp, connection)
        elif f.has_default():
            value = f.get_default()
        else:
            value = None if f.null else ""
        columns.append([value] * len(rows))
    return list(zip(*columns, strict=True))


class Spans:
    """Day spans of something per key, read once: which key holds what on a day."""

    def __init__(self) -> None:
        self.by: dict[int, list[tuple[dt.date, dt.date, Any]]] = defaultdict(list)

    def add(self, key: int, start: dt.date, end: dt.date | None, value: Any = True) -> None:
        self.by[key].append((start, end or FOREVER, value))

    def on(self, key: int, day: dt.date) -> list[Any]:
        return [v for s, e, v in self.by.get(key, ()) if s <= day < e]

    def first(self, key: int, day: dt.date) -> Any:
        for s, e, v in self.by.get(key, ()):
            if s <= day < e:
                return v
        return None


def _grassroots_of(path: str, kinds: dict[int, str]) -> int | None:
    for part in reversed([int(p) for p in path.strip("/").split("/")]):
        if kinds.get(part) in (OrgKind.GRASSROOTS_CELL, OrgKind.GRASSROOTS_COMMITTEE):
            return part
    return None


def seed_meetings(bloc: Organisation, rng: random.Random) -> dict[str, int]:
    now = today()
    full_from = first_day(now)
    this_month = dt.date(now.year, now.month, 1)
    last_month = add_months(this_month, -1)
    months: list[dt.date] = []
    month = dt.date(START.year, START.month, 1)
    while month <= last_month:
        months.append(month)
        month = add_months(month, 1)

    # The cells (by their versions) and the grassroots organisation above each.
    cells = Spans()
    kinds: dict[int, str] = {}
    for v in OrganisationVersion.objects.order_by("valid_from", "organisation_id"):
        kinds[v.organisation_id] = v.kind
        if v.kind in CELL_KINDS:
            cells.add(v.organisation_id, v.valid_from, v.valid_to, v.path)
    cell_ids = sorted(cells.by)
    grassroots = {c: _grassroots_of(cells.by[c][-1][2], kinds) for c in cell_ids}
    tops = sorted({g for g in grassroots.values() if g is not None})
    earlier = set(rng.sample(tops, max(1, round(len(tops) * EARLIER_SHARE)))) if tops else set()

    # The rolls: members of each cell, exempted or away on a day.
    rolls = Spans()
    for member_id, org_id, valid_from, valid_to in (
        MembershipInterval.objects.filter(valid_to__gt=START, organisation_id__in=cell_ids)
        .order_by("organisation_id", "member_id", "valid_from")
        .values_list("member_id", "organisation_id", "valid_from", "valid_to")
    ):
        rolls.add(org_id, valid_from, valid_to, member_id)
    exempt = Spans()
    opened: dict[int, dt.date] = {}
    away = Spans()
    for member_id, org_id, kind, day, details in (
        MemberEvent.objects.filter(kind__in=("EXEMPTED", "TEMP_OUT"), voided_at__isnull=True)
        .order_by("date", "id")
        .values_list("member_id", "organisation_id", "kind", "date", "details")
    ):
        details = details or {}
        if kind == "TEMP_OUT":
            # Away from the cell it was recorded at, through its last day.
            until = details.get("until")
            end = dt.date.fromisoformat(until) + dt.timedelta(days=1) if until else None
            away.add(member_id, day, end, org_id)
        elif details.get("ended"):
            if member_id in opened:
                exempt.add(member_id, opened.pop(member_id), day)
        else:
            opened.setdefault(member_id, day)
    for member_id, day in opened.items():
        exempt.add(member_id, day, None)

    # Who chairs (the secretary, else a deputy) and who attends from above.
    leaders = Spans()
    for org_id, member_id, start, end in (
        CommitteeMember.objects.filter(
            voided_at__isnull=True,
            committee__voided_at__isnull=True,
            committee__kind=CommitteeKind.EXECUTIVE,
            committee__organisation_id__in=cell_ids,
            position__in=(Position.SECRETARY, Position.DEPUTY_SECRETARY),
        )
        # The secretary before the deputies.
        .order_by("-position", "start_date", "id")
        .values_list("committee__organisation_id", "member_id", "start_date", "ended_on")
    ):
        leaders.add(org_id, start, end, member_id)
    superiors = Spans()
    for cell_id, member_id, start, end in (
        CellAttendance.objects.filter(voided_at__isnull=True, cell_id__in=cell_ids)
        .order_by("start_date", "id")
        .values_list("cell_id", "member_id", "start_date", "end_date")
    ):
        superiors.add(cell_id, start, end + dt.timedelta(days=1) if end else None, member_id)

    # The gaps of last year and this year: a month without a meeting, a quarter without a
    # thematic meeting, last month not yet recorded.
    recent = [m for m in months if m >= full_from]
    missing: set[tuple[int, dt.date]] = set()
    no_theme: set[tuple[int, int, int]] = set()
    alive_now = [c for c in cell_ids if cells.first(c, last_month)]
    for c in rng.sample(alive_now, max(2, len(alive_now) // 30)):
        missing.add((c, last_month))
    for c in rng.sample(alive_now, max(2, len(alive_now) // 40)):
        missing.add((c, rng.choice(recent)))
    for year in sorted({m.year for m in recent}):
        quarters = (last_month.month - 1) // 3 if year == now.year else 4
        for c in rng.sample(alive_now, max(2, len(alive_now) // 12)):
            if quarters:
                no_theme.add((c, year, rng.randint(1, quarters)))

    # Members absent without reason again and again, a few each year.
    chronic: dict[int, set[int]] = defaultdict(set)
    for year in range(START.year, now.year + 1):
        day = min(dt.date(year, 6, 1), last_month)
        on_roll = sorted({m for c in alive_now for m in rolls.on(c, day)})
        n = min(rng.randint(*CHRONIC), max(1, len(on_roll) // 500))
        for m in rng.sample(on_roll, min(len(on_roll), n)):
            chronic[year].add(m)

    excused_chance: dict[int, float] = {}
    random_ = rng.random
    reasons = [r for r, _ in REASONS]
    reason_weights = [w for _, w in REASONS]
    topics_by_year = {
        y: [t for first, last, t in TOPICS if first <= y <= last]
        for y in range(START.year, now.year + 1)
    }
    start_id = (Meeting.objects.aggregate(n=Max("id"))["n"] or 0) + 1
    meetings: list[tuple] = []
    lines: list[tuple] = []
    counts = {"meetings": 0, "thematic": 0, "lines": 0}

    def hold(cell: int, day: dt.date, kind: str, topic: str) -> None:
        if not cells.first(cell, day):
            return
        roll = sorted(set(rolls.on(cell, day)))
        if not roll:
            return
        year = day.year
        meeting_id = start_id + len(meetings)
        rows: list[tuple] = []
        present: list[int] = []
        required = n_excused = n_unexcused = 0
        heads = [
            m
            for m in leaders.on(cell, day)
            if m in roll and not exempt.first(m, day) and away.first(m, day) != cell
        ]
        chair = heads[0] if heads else None
        chronic_now = chronic[year]
        for m in roll:
            if m in exempt.by and exempt.first(m, day):
                rows.append((meeting_id, m, False, "", "", EXEMPT, "", ""))
                continue
            if m in away.by and away.first(m, day) == cell:
                rows.append((meeting_id, m, False, "", "", AWAY, "", ""))
                continue
            required += 1
            r = random_()
            p = excused_chance.get(m)
            if p is None:
                p = excused_chance[m] = rng.uniform(*EXCUSED)
            skip = CHRONIC_CHANCE if m in chronic_now else UNEXCUSED
            if r >= p + skip or m == chair:
                present.append(m)
                rows.append((meeting_id, m, False, "", "", PRESENT, "", ""))
            elif r < skip:
                n_unexcused += 1
                rows.append((meeting_id, m, False, "", "", UNEXCUSED_, "", ""))
            else:
                n_excused += 1
                reason = rng.choices(reasons, reason_weights)[0]
                note = rng.choice(OTHER_NOTES) if reason == AbsenceReason.OTHER else ""
                rows.append((meeting_id, m, False, "", "", EXCUSED_, reason, note))
        n_present = len(present)
        if chair is None and present:
            chair = present[0]
        takers = [m for m in present if m != chair]
        clerk = takers[(cell + year) % len(takers)] if takers else None
        guests = 0
        if cell % 23 == 0 and day >= full_from and (day.month + cell) % 5 < 2:
            g = random.Random(cell)
            sex = g.choice("MF")
            name = f"{g.choice(FAMILY)[0]} {g.choice(MIDDLE[sex])} {g.choice(GIVEN[sex])}"
            rows.append((meeting_id, None, True, name, g.choice(GUEST_FROM), PRESENT, "", ""))
            guests = 1
        superior = None
        if rng.random() < SUPERIOR_CHANCE[kind]:
            superior = superiors.first(cell, day)
        if kind == MeetingKind.REGULAR:
            decisions = (
                f"Đánh giá kết quả thực hiện nhiệm vụ tháng {day.month - 1 or 12:02d}; "
                f"thống nhất nhiệm vụ trọng tâm tháng {day.month:02d}/{year}."
            )
        elif kind == MeetingKind.THEMATIC:
            decisions = "Mỗi đảng viên đăng ký việc làm cụ thể để thực hiện chuyên đề."
        else:
            decisions = "Chi bộ thống nhất đề nghị cấp ủy cấp trên xem xét."
        meetings.append(
            (
                meeting_id,
                cell,
                day,
                kind,
                topic,
                chair,
                clerk,
                superior,
                decisions,
                required,
                n_present,
                n_excused,
                n_unexcused,
                guests,
            )
        )
        lines.extend(rows)
        counts["meetings"] += 1
        counts["thematic"] += kind == MeetingKind.THEMATIC

    for cell in cell_ids:
        if cell not in grassroots or (
            grassroots[cell] not in earlier and cells.by[cell][-1][1] <= full_from
        ):
            continue
        prefer = 2 + cell % 7  # the cell's usual day early in the month
        for month in months:
            if month < full_from and grassroots[cell] not in earlier:
                continue
            if (cell, month) in missing:
                continue
            day = _weekday(month.replace(day=prefer))
            hold(cell, day, MeetingKind.REGULAR, "")
            quarter = (month.month - 1) // 3 + 1
            if month.month % 3 == 1 and (cell, month.year, quarter) not in no_theme:
                # One of the quarter's months, after the regular meeting.
                at = add_months(month, rng.randint(0, 2))
                theme_day = _weekday(at.replace(day=rng.randint(12, 24)))
                topic = rng.choice(topics_by_year[month.year])
                if theme_day < this_month and (cell, at) not in missing:
                    hold(cell, theme_day, MeetingKind.THEMATIC, topic)
            if rng.random() < EXTRAORDINARY_CHANCE:
                extra_day = _weekday(month.replace(day=rng.randint(15, 25)))
                hold(cell, extra_day, MeetingKind.EXTRAORDINARY, rng.choice(EXTRAORDINARY))
    insert(
        Meeting,
        [
            "id",
            "organisation",
            "date",
            "kind",
            "topic",
            "chaired_by",
            "minutes_by",
            "superior_attendee",
            "decisions",
            "required",
            "present",
            "excused",
            "unexcused",
            "guests",
        ],
        meetings,
    )
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Meeting]):
            cursor.execute(sql)
    insert(
        Attendance,
        [
            "meeting",
            "member",
            "is_guest",
            "guest_name",
            "guest_from",
            "presence",
            "reason",
            "reason_note",
        ],
        lines,
    )
    counts["lines"] = len(lines)
    return {
        "buổi sinh hoạt": counts["meetings"],
        "sinh hoạt chuyên đề": counts["thematic"],
        "điểm danh": counts["lines"],
    }
