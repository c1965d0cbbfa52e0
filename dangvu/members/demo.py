"""The demo committee's members: opening balances on START and their history up to today.

Everything is written through `dangvu.members.actions`, so the demo obeys the same rules as
users do. The tree's own history (merges, dissolutions, new cells) runs in date order among
the member events: on the day a unit merges, the restructuring hooks move the members it
has that day, and each member event afterwards can only name an organisation active then.

The rates are those of a provincial agencies bloc of about 5,000 members: about 4% admitted
a year, retirement to the place of residence as the main outflow, a few deaths and
disciplinary decisions, and Party badges for members reaching 30 to 50 years.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, LPad, Mod

from dangvu.core.dates import add_months, add_years, today
from dangvu.core.errors import DomainError
from dangvu.core.rules import RuleBook, rule
from dangvu.members import actions, numbers
from dangvu.members.actions import Decision, Person
from dangvu.members.demo_record import RecordDraws
from dangvu.members.kinds import DisciplineForm, EventKind, Status
from dangvu.members.models import Member, MemberEvent, UnresolvedValue
from dangvu.members.queries import members_at, next_occasion
from dangvu.orgs.demo import START, Step
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion, RestructuringOrganisation
from dangvu.orgs.queries import forget_versions

if TYPE_CHECKING:
    from dangvu.core.management.progress import Progress

ONE_DAY = dt.timedelta(days=1)
# New members are placed in cells; committees only hold members briefly after a conversion.
PLACE_KINDS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)
HOLDING_KINDS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.SUB_COMMITTEE)

# Events a year for 5,000 members; scaled to the target.
RATES: dict[str, float] = {
    "admit": 207,
    "transfer_in": 100,
    "move": 60,
    "death": 5,
    "leave": 3,
    "discipline": 9,
    "expel": 1,
    "exempt": 4,
    "temporary": 5,
}
OPENING_SHARE = 0.94  # of the target, brought onto the books on START
PROBATIONARY_SHARE = 0.03  # of the opening: admitted in 2019, still on probation on START
CARD_SHARE = 0.95  # of the opening full members, with a card number
REMOVED_AT_PROBATION = 0.02  # of probationary members, not confirmed but removed
MAX_REFUSED_SHARE = 0.05
# Transfers out a year for 5,000 members: retirements, which follow from the members' ages,
# and moves to other party organisations making up the rest, at least OTHER_OUT. Without
# the retirements' share the bloc would grow by 4% a year instead of about 2%.
TOTAL_OUT = 190
OTHER_OUT = 70

# Grassroots cells of associations staffed by retirees: their members do not retire out.
RETIREE_UNITS = ("Hội Cựu chiến binh", "Hội Người cao tuổi", "Hội Chữ thập đỏ", "Hội Luật gia")
# Units that grow into grassroots committees in 2023 ("30 members or more") and the one
# that shrinks into a grassroots cell ("under 30"): their opening size is set to match.
GROWING_UNITS = ("Chi bộ Trung tâm Công nghệ thông tin", "Chi bộ Quỹ Đầu tư phát triển tỉnh")
SHRINKING_UNIT = "Đảng bộ Ban Quản lý dự án nông nghiệp"

FAMILY = [
    ("Nguyễn", 36),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 6),
    ("Huỳnh", 5),
    ("Hoàng", 2),
    ("Phan", 4),
    ("Võ", 6),
    ("Vũ", 1),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 3),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Trương", 2),
    ("Đoàn", 1),
    ("Lương", 1),
]
MIDDLE = {
    "M": ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Đình", "Xuân", "Ngọc", "Anh"],
    "F": ["Thị", "Ngọc", "Thanh", "Thu", "Minh", "Kim", "Mỹ", "Hồng", "Phương", "Bảo"],
}
GIVEN = {
    "M": [
        "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Quân", "Sơn",
        "Tuấn", "Phong", "Thắng", "Trung", "Hiếu", "Đạt", "Huy", "Tùng", "Vinh", "Thành",
        "Phúc", "Hoàng", "Lộc", "Tài", "Kiên", "Tú", "Quang", "Nhân", "Toàn",
    ],
    "F": [
        "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Tâm", "Thảo",
        "Trang", "Vy", "Hằng", "Nhung", "Yến", "Loan", "Thủy", "Dung", "Ngân", "Huyền",
        "Oanh", "Quyên", "Tuyết", "Diễm", "Nhi", "Vân", "Anh", "Khánh", "Bình",
    ],
}  # fmt: skip
# Identity numbers start with the province of birth registration: most here are 052.
PROVINCES = [("052", 85), ("051", 4), ("054", 4), ("048", 3), ("079", 2), ("001", 2)]

# (keywords of the unit's name, [(expertise, job)], posts)
PROFILES: list[tuple[tuple[str, ...], list[tuple[str, str]], list[str]]] = [
    (
        ("Bệnh viện", "Y tế", "Kiểm soát bệnh tật"),
        [
            ("Bác sĩ đa khoa", "Bác sĩ"),
            ("Bác sĩ chuyên khoa I", "Bác sĩ"),
            ("Thạc sĩ Y học", "Bác sĩ"),
            ("Cử nhân Điều dưỡng", "Điều dưỡng"),
            ("Dược sĩ đại học", "Dược sĩ"),
            ("Cử nhân Xét nghiệm y học", "Kỹ thuật viên"),
            ("Cử nhân Kế toán", "Kế toán"),
        ],
        ["Trưởng khoa", "Phó Trưởng khoa", "Điều dưỡng trưởng"],
    ),
    (
        ("Trường", "Giáo dục"),
        [
            ("Thạc sĩ Quản lý giáo dục", "Giảng viên"),
            ("Cử nhân Sư phạm Toán", "Giáo viên"),
            ("Cử nhân Sư phạm Ngữ văn", "Giáo viên"),
            ("Kỹ sư Cơ khí", "Giảng viên"),
            ("Thạc sĩ Kỹ thuật điện", "Giảng viên"),
            ("Cử nhân Kế toán", "Kế toán"),
        ],
        ["Trưởng khoa", "Phó Trưởng khoa", "Tổ trưởng bộ môn"],
    ),
    (
        ("Thuế", "Tài chính", "Kho bạc", "Ngân hàng", "Bảo hiểm", "Quỹ", "Thống kê", "Hải quan"),
        [
            ("Cử nhân Kinh tế", "Chuyên viên"),
            ("Cử nhân Tài chính - Ngân hàng", "Chuyên viên"),
            ("Cử nhân Kế toán", "Kế toán viên"),
            ("Thạc sĩ Quản trị kinh doanh", "Chuyên viên chính"),
            ("Cử nhân Luật", "Kiểm tra viên"),
        ],
        ["Trưởng phòng", "Phó Trưởng phòng", "Đội trưởng"],
    ),
    (
        ("Xây dựng", "Giao thông", "dự án", "Đăng kiểm", "Kinh tế"),
        [
            ("Kỹ sư Xây dựng dân dụng", "Kỹ sư"),
            ("Kỹ sư Cầu đường", "Kỹ sư"),
            ("Kiến trúc sư", "Chuyên viên"),
            ("Cử nhân Kinh tế xây dựng", "Chuyên viên"),
        ],
        ["Trưởng phòng", "Phó Trưởng phòng", "Phó Giám đốc"],
    ),
    (
        ("Nông nghiệp", "Kiểm lâm", "Vườn quốc gia", "Giống", "Tài nguyên", "Nước sạch", "đất"),
        [
            ("Kỹ sư Nông học", "Kỹ sư"),
            ("Kỹ sư Lâm nghiệp", "Kiểm lâm viên"),
            ("Kỹ sư Quản lý đất đai", "Chuyên viên"),
            ("Cử nhân Khoa học môi trường", "Chuyên viên"),
            ("Bác sĩ Thú y", "Chuyên viên"),
        ],
        ["Trưởng phòng", "Phó Trưởng phòng", "Hạt trưởng"],
    ),
    (
        ("Báo", "Đài", "Nhà báo", "xuất bản", "Thông tin", "Văn học"),
        [
            ("Cử nhân Báo chí", "Phóng viên"),
            ("Cử nhân Ngữ văn", "Biên tập viên"),
            ("Kỹ sư Điện tử - Viễn thông", "Kỹ thuật viên"),
            ("Cử nhân Công nghệ thông tin", "Chuyên viên"),
        ],
        ["Trưởng ban", "Phó Trưởng ban", "Thư ký tòa soạn"],
    ),
    (
        ("Văn hóa", "Du lịch", "Ca kịch", "Bảo tàng", "Thư viện", "Thể thao"),
        [
            ("Cử nhân Văn hóa học", "Chuyên viên"),
            ("Cử nhân Quản trị du lịch", "Chuyên viên"),
            ("Cử nhân Thư viện", "Thư viện viên"),
            ("Cử nhân Giáo dục thể chất", "Huấn luyện viên"),
            ("Diễn viên hạng III", "Diễn viên"),
        ],
        ["Trưởng phòng", "Phó Trưởng phòng", "Trưởng đoàn"],
    ),
    (
        ("Công nghệ", "Khoa học"),
        [
            ("Kỹ sư Công nghệ thông tin", "Kỹ sư"),
            ("Thạc sĩ Khoa học máy tính", "Chuyên viên"),
            ("Cử nhân Vật lý", "Chuyên viên"),
        ],
        ["Trưởng phòng", "Phó Trưởng phòng", "Phó Giám đốc"],
    ),
]
DEFAULT_PROFILE: tuple[list[tuple[str, str]], list[str]] = (
    [
        ("Cử nhân Luật", "Chuyên viên"),
        ("Cử nhân Hành chính học", "Chuyên viên"),
        ("Thạc sĩ Quản lý công", "Chuyên viên chính"),
        ("Cử nhân Kinh tế", "Chuyên viên"),
        ("Cử nhân Xây dựng Đảng và chính quyền nhà nước", "Chuyên viên"),
        ("Cử nhân Kế toán", "Kế toán"),
        ("Cao đẳng Văn thư - Lưu trữ", "Văn thư"),
    ],
    ["Chánh Văn phòng", "Trưởng phòng", "Phó Trưởng phòng", "Phó Chánh Văn phòng"],
)

PARTIES_IN = [
    "Đảng bộ Khối Doanh nghiệp tỉnh",
    "Đảng bộ Quân sự tỉnh",
    "Đảng bộ Công an tỉnh",
    "Đảng bộ thành phố Quy Nhơn",
    "Đảng bộ huyện Tuy Phước",
    "Đảng bộ thị xã An Nhơn",
    "Đảng bộ huyện Phù Cát",
    "Đảng bộ Trường Đại học Quy Nhơn",
    "Đảng bộ tỉnh Phú Yên",
    "Đảng bộ tỉnh Quảng Ngãi",
    "Đảng bộ Khối các cơ quan Trung ương",
]
PARTIES_OUT = [*PARTIES_IN, "Đảng bộ tỉnh Gia Lai", "Đảng bộ thành phố Đà Nẵng"]
RESIDENTIAL = [
    "Đảng bộ phường Trần Phú, thành phố Quy Nhơn",
    "Đảng bộ phường Lê Hồng Phong, thành phố Quy Nhơn",
    "Đảng bộ phường Nguyễn Văn Cừ, thành phố Quy Nhơn",
    "Đảng bộ phường Quang Trung, thành phố Quy Nhơn",
    "Đảng bộ phường Ngô Mây, thành phố Quy Nhơn",
    "Đảng bộ phường Đống Đa, thành phố Quy Nhơn",
    "Đảng bộ phường Bình Định, thị xã An Nhơn",
    "Đảng bộ thị trấn Tuy Phước",
]
STUDY_PLACES = [
    "Học viện Chính trị khu vực III (lớp cao cấp lý luận chính trị)",
    "Học viện Hành chính Quốc gia, phân viện Đà Nẵng (học cao học)",
    "Trường Đại học Kinh tế Huế (học cao học)",
    "Bệnh viện Trung ương Huế (đào tạo chuyên khoa II)",
    "Ban Quản lý dự án tại huyện Vân Canh (biệt phái)",
]
REMOVAL_CAUSES = [
    "Bỏ sinh hoạt đảng ba tháng trong năm không có lý do chính đáng",
    "Không đóng đảng phí ba tháng trong năm không có lý do chính đáng",
    "Giảm sút ý chí phấn đấu, không làm nhiệm vụ đảng viên, đã được chi bộ giáo dục "
    "nhưng không tiến bộ",
]
PROBATION_REMOVAL_CAUSE = (
    "Không đủ điều kiện công nhận đảng viên chính thức khi hết thời gian dự bị"
)
VIOLATIONS = [
    "Vi phạm quy định về thực hiện nhiệm vụ được giao",
    "Thiếu trách nhiệm trong công tác quản lý tài chính, tài sản",
    "Vi phạm quy định về những điều đảng viên không được làm",
    "Vi phạm quy định về kê khai tài sản, thu nhập",
    "Vi phạm trong công tác thẩm định, cấp phép",
]


@dataclass
class Info:
    """What the seed remembers of a member to choose their next events without a query."""

    birth: dt.date
    sex: str
    admitted: dt.date | None  # the first admission decision, when known
    retires: dt.date | None  # None: staff of an association of retirees, or not known
    retiring: bool = False
    milestones: set[int] = field(default_factory=set)
    punished: list[tuple[dt.date, str]] = field(default_factory=list)


@dataclass
class _Pending:
    """An opening that passed the checks, with what to plan once its member is written."""

    opening: actions.Opening
    info: Info
    then: list[Callable[[Member], None]] = field(default_factory=list)


class _OpeningLookups(actions.Lookups):
    """The openings' checks answered as the database would once the earlier openings are
    written: the organisations' versions and the rules are read once, and a number is
    held by a record (read once) or by an earlier opening of the seed."""

    def __init__(self) -> None:
        self.identities: dict[str, numbers.Holder | None] = dict.fromkeys(
            Member.objects.exclude(identity_number="").values_list("identity_number", flat=True)
        )
        self.cards: dict[str, numbers.Holder | None] = dict.fromkeys(
            Member.objects.exclude(card_number="").values_list("card_number", flat=True)
        )
        self._versions: dict[tuple[int, dt.date], OrganisationVersion | None] = {}
        self._rules = RuleBook()

    def accept(self, opening: actions.Opening) -> None:
        """`opening` will be written: later ones may not reuse its numbers."""
        person, org = opening.person, opening.organisation
        holder = numbers.Holder(person.full_name, person.birth_date, org.pk, org.name)
        self.identities[person.identity_number] = holder
        if opening.card_number:
            self.cards[opening.card_number] = holder

    def identity_holder(self, ident: str, exclude_pk: int | None) -> numbers.Holder | None:
        if ident not in self.identities:
            return None
        return self.identities[ident] or super().identity_holder(ident, exclude_pk)

    def card_holder(self, number: str, exclude_pk: int | None = None) -> numbers.Holder | None:
        if number not in self.cards:
            return None
        return self.cards[number] or super().card_holder(number, exclude_pk)

    def version(self, org: Organisation, day: dt.date) -> OrganisationVersion | None:
        key = (org.pk, day)
        if key not in self._versions:
            self._versions[key] = super().version(org, day)
        return self._versions[key]

    def rule(self, key: str, day: dt.date) -> Any:
        return self._rules(key, day)


# Openings written at once by `actions.write_openings`.
OPENING_CHUNK = 500

# Records a member's discipline: (member, form, violation date, decision) -> anything.
# seed_demo passes the inspection app's, so that each event has its decision record.
Discipliner = Callable[[Member, str, dt.date, Decision], object]


def ledger_discipline(user: Any) -> Discipliner:
    """The member ledger's own discipline action (when no decision record is kept).

    As the decision numbers say (…-QĐ/UBKTĐUK), the bloc's inspection commission decides,
    and its standing committee expels, as `inspection.demo.member_discipline` records them.
    """

    def discipline(member: Member, form: str, violated: dt.date, decision: Decision) -> object:
        return actions.do_discipline_member(
            member,
            form=form,
            issuing_level="STANDING" if form == DisciplineForm.EXPULSION else "COMMISSION",
            violation_date=violated,
            decision=decision,
            acting_user=user,
        )

    return discipline


def seed_members(
    bloc: Organisation,
    rng: random.Random,
    target: int = 5000,
    user: Any = None,
    *,
    history: Sequence[Step] = (),
    discipline: Discipliner | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Record about `target` members of `bloc` from START to today; return a summary.

    `history` is the tree's changes after START that are not yet applied (see
    `dangvu.orgs.demo.history_steps`); they are run on their dates among the member events.
    `discipline` records a discipline decision (default: the ledger event alone).
    `progress`, if given, gets two stages (the opening balances, then the years) and their
    counters.
    """
    applied = Organisation.objects.filter(founded_on__gt=START).exists() or (
        Organisation.objects.filter(ended_on__isnull=False).exists()
    )
    if applied:
        # Members recorded on START in a unit that ended earlier would be stranded, and a
        # unit that moved would leave their intervals on its old path.
        raise ValueError("seed_members needs the tree as founded; pass its history as steps.")
    seeder = _Seeder(bloc, rng, target, user)
    seeder.discipline = discipline or ledger_discipline(user)
    seeder.progress = progress
    summary = seeder.run(history)
    give_national_ids()
    leave_unresolved()
    return summary


# One member in NO_NATIONAL_ID has no national member id (mã đảng viên) on the record yet.
NO_NATIONAL_ID = 25


def give_national_ids() -> int:
    """Give most demo members a national member id («52» and six digits), in one
    statement; one in NO_NATIONAL_ID keeps none, as the national database has not yet
    numbered every file."""
    return (
        Member.objects.filter(national_id="")
        .annotate(_rest=Mod("pk", NO_NATIONAL_ID))
        .exclude(_rest=0)
        .update(
            national_id=Concat(
                Value("52"), LPad(Cast("pk", CharField()), 6, Value("0")), output_field=CharField()
            )
        )
    )


# Old free text the upgrade could not match to a vocabulary value (members/unresolved.py):
# some records «Chưa có thông tin» carry one, so the page of values to resolve has work.
OLD_TEXTS = {
    "ethnicity": ("dân tộc Kinh", "Việt", "Mường Bi"),
    "religion": ("Lương", "Thờ cúng ông bà", "Đạo Mẫu"),
}
UNRESOLVED_PER_FIELD = 40


def leave_unresolved() -> int:
    """Give some members with an empty ethnicity or religion an old text to resolve."""
    rows = []
    for name, texts in OLD_TEXTS.items():
        empty = Member.objects.filter(**{f"{name}__isnull": True}).order_by("pk")
        pks = empty.values_list("pk", flat=True)[:UNRESOLVED_PER_FIELD]
        rows += [
            UnresolvedValue(member_id=pk, field=name, text=texts[i % len(texts)])
            for i, pk in enumerate(pks)
        ]
    UnresolvedValue.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


class _Seeder:
    def __init__(self, bloc: Organisation, rng: random.Random, target: int, user: Any) -> None:
        self.discipline = ledger_discipline(user)
        self.bloc = bloc
        self.rng = rng
        self.target = target
        self.scale = target / 5000
        self.user = user
        self.now = today()
        self.current: dict[int, Member] = {}
        self.info: dict[int, Info] = {}
        self.counts: Counter[int] = Counter()  # current members by organisation id
        self.where: dict[int, int] = {}  # current member id -> organisation id
        self.places: list[Organisation] = []
        self.names: dict[int, Organisation] = {}
        self.profiles: dict[int, tuple[list[tuple[str, str]], list[str]]] = {}
        self.agenda: list[tuple[dt.date, int, int, Callable[[dt.date], None]]] = []
        self.seq = itertools.count()
        self.numbers: Counter[tuple[int, str]] = Counter()
        self.identities: set[str] = set()
        self.cards: set[str] = set()
        self.done: Counter[str] = Counter()
        self.tried: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.pending: list[_Pending] = []
        self.lookups = _OpeningLookups()
        self.progress: Progress | None = None
        self.records: RecordDraws | None = None

    # --- the walk -------------------------------------------------------------------

    def run(self, history: Sequence[Step]) -> dict[str, Any]:
        self._load_orgs()
        # The record's vocabularies and places, read (and the demo's units created) once.
        self.records = RecordDraws(self.rng)
        if self.progress is not None:
            self.progress.stage(f"Đảng viên: hồ sơ đầu kỳ ngày {START:%d/%m/%Y}")
        self._opening()
        if self.progress is not None:
            self.progress.stage(f"Biến động đảng viên và sắp xếp tổ chức {START.year} – nay")
        for day, step in history:
            if day <= self.now:
                self._push(day, self._restructure(step), order=0)
        for year in range(START.year, self.now.year + 1):
            self._plan_year(year)
        self._plan_badges()
        handled = 0
        while self.agenda:
            day, _, _, handler = heapq.heappop(self.agenda)
            handler(day)
            handled += 1
            # The agenda grows as events plan others: the total is what is known so far.
            self._tick(handled, handled + len(self.agenda))
        return self._finish()

    def _push(self, day: dt.date, handler: Callable[[dt.date], None], order: int = 1) -> None:
        # Restructurings (order 0) run before the member events of the same day, so that
        # events of that day already see the new tree.
        if day <= self.now:
            heapq.heappush(self.agenda, (day, order, next(self.seq), handler))

    def _plan_year(self, year: int) -> None:
        first = max(dt.date(year, 1, 1), START)
        last = min(dt.date(year, 12, 31), self.now)
        share = ((last - first).days + 1) / 365
        self._push(first, self._retirements)
        handlers: dict[str, Callable[[dt.date], None]] = {
            "admit": self._admit,
            "transfer_in": self._transfer_in,
            "move": self._move,
            "death": self._death,
            "leave": self._leave,
            "discipline": self._discipline,
            "expel": self._expel,
            "exempt": self._exempt,
            "temporary": self._temporary,
        }
        for kind, rate in RATES.items():
            expected = rate * self.scale * share * self.rng.uniform(0.95, 1.05)
            for _ in range(self._round(expected)):
                self._push(self._weekday_between(first, last), handlers[kind])

    def _round(self, expected: float) -> int:
        # Rounds at random so that small targets still get rare events now and then.
        whole = math.floor(expected)
        return whole + (1 if self.rng.random() < expected - whole else 0)

    # --- the tree --------------------------------------------------------------------

    def _load_orgs(self) -> None:
        """The organisations in force now; the walk keeps the database at the walk's date."""
        self.names = {o.pk: o for o in Organisation.objects.all()}
        self.places = [
            o for o in self.names.values() if o.ended_on is None and o.kind in PLACE_KINDS
        ]
        self.places.sort(key=lambda o: o.path)
        self.profiles.clear()

    def _restructure(self, step: Callable[[], None]) -> Callable[[dt.date], None]:
        def handler(day: dt.date) -> None:
            known = set(self.names)
            try:
                step()
            finally:
                # The step's writes may have been rolled back after being read again.
                forget_versions()
            self._load_orgs()
            self._reload_members()
            new = [o for pk, o in self.names.items() if pk not in known]
            self._settle(day, new)

        return handler

    def _reload_members(self) -> None:
        """Restructuring moved members through other instances: read where they are now."""
        self.counts.clear()
        rows = Member.objects.exclude(status="").values_list("pk", "organisation_id", "org_path")
        for pk, org_id, path in rows:
            member = self.current[pk]
            member.organisation_id = org_id
            member.org_path = path
            self.where[pk] = org_id
            self.counts[org_id] += 1

    def _settle(self, day: dt.date, new: list[Organisation]) -> None:
        """After a restructuring, give members to units that a decision left empty.

        A committee that gained cells hands its own members to them, and a new cell takes
        members from its neighbours, as a real decision founding a cell names its members.
        """
        by_parent: dict[int, list[Organisation]] = {}
        for org in self.places:
            if org.parent_id is not None:
                by_parent.setdefault(org.parent_id, []).append(org)
        for org_id in [pk for pk, n in self.counts.items() if n]:
            org = self.names[org_id]
            cells = by_parent.get(org_id, [])
            if org.kind in HOLDING_KINDS and cells:
                held = [m for m in self.current.values() if m.organisation_id == org_id]
                for member in held:
                    self._act("settle", member, day, EventKind.MOVED, to=self.rng.choice(cells))
        for org in new:
            if org.kind not in PLACE_KINDS or self.counts[org.pk] >= 3:
                continue
            pool = self._pool_for(org)
            take = min(len(pool) // 4, self.rng.randint(6, 12))
            for member in self.rng.sample(pool, take):
                self._act("settle", member, day, EventKind.MOVED, to=org)

    def _pool_for(self, org: Organisation) -> list[Member]:
        """Members who may be sent to a new unit: from its parent's subtree, or for a new
        grassroots cell, from the units founded by the same decision."""
        parent = self.names.get(org.parent_id or 0)
        if parent is not None and parent.kind != OrgKind.BLOC:
            prefixes = [parent.path]
        else:
            created = RestructuringOrganisation.objects.filter(
                organisation=org, role=RestructuringOrganisation.Role.CREATED
            ).values("restructuring")
            siblings = RestructuringOrganisation.objects.filter(
                restructuring__in=created, role=RestructuringOrganisation.Role.CREATED
            ).exclude(organisation=org)
            prefixes = [self.names[s.organisation_id].path for s in siblings]
        if not prefixes:
            return []
        return [
            m
            for m in self.current.values()
            if m.organisation_id != org.pk and m.org_path.startswith(tuple(prefixes))
        ]

    def _pick_place(self, exclude: int | None = None) -> Organisation:
        # Larger units admit and receive more: weight by size, so the shape holds.
        places = [o for o in self.places if o.pk != exclude]
        weights = [self.counts[o.pk] + 3 for o in places]
        return self.rng.choices(places, weights)[0]

    def _profile(self, org: Organisation) -> tuple[list[tuple[str, str]], list[str]]:
        if org.pk not in self.profiles:
            ids = [int(part) for part in org.path.strip("/").split("/")]
            names = " ".join(self.names[i].name for i in ids if i in self.names)
            chosen = DEFAULT_PROFILE
            for keywords, jobs, posts in PROFILES:
                if any(k in names for k in keywords):
                    chosen = (jobs, posts)
                    break
            self.profiles[org.pk] = chosen
        return self.profiles[org.pk]

    # --- people ------------------------------------------------------------------------

    def _person(
        self, org: Organisation, birth: dt.date, sex: str, *, senior: bool, day: dt.date = START
    ) -> Person:
        rng = self.rng
        family = rng.choices([f for f, _ in FAMILY], [w for _, w in FAMILY])[0]
        old = birth.year < 1980
        if sex == "F" and rng.random() < (0.7 if old else 0.3):
            middle = "Thị"
        elif sex == "M" and rng.random() < (0.5 if old else 0.15):
            middle = "Văn"
        else:
            middle = rng.choice(MIDDLE[sex])
        jobs, posts = self._profile(org)
        expertise, job = rng.choice(jobs)
        post = rng.choice(posts) if senior and rng.random() < 0.22 else ""
        person = Person(
            full_name=f"{family} {middle} {rng.choice(GIVEN[sex])}",
            birth_date=birth,
            sex=sex,
            identity_number=self._identity(birth, sex),
            expertise=expertise,
            job=job,
            post=post,
            phone=f"0{rng.choice('35789')}{rng.randrange(10**8):08d}",
        )
        if self.records is None:
            self.records = RecordDraws(rng)
        return self.records.fill(
            person,
            day=day,
            unit_names=self._unit_names(org),
            senior=senior,
            retiree=any(u in org.name for u in RETIREE_UNITS),
        )

    def _unit_names(self, org: Organisation) -> str:
        ids = [int(part) for part in org.path.strip("/").split("/")]
        return " ".join(self.names[i].name for i in ids if i in self.names) or org.name

    def _identity(self, birth: dt.date, sex: str) -> str:
        # 3 digits of province, 1 of century and sex, 2 of the year of birth, 6 at random.
        century = (0 if birth.year < 2000 else 2) + (1 if sex == "F" else 0)
        province = self.rng.choices([p for p, _ in PROVINCES], [w for _, w in PROVINCES])[0]
        while True:
            number = f"{province}{century}{birth.year % 100:02d}{self.rng.randrange(10**6):06d}"
            if number not in self.identities:
                self.identities.add(number)
                return number

    def _card_number(self) -> str:
        # Card numbers are digits kept as text: a leading zero is part of the number.
        while True:
            number = f"{self.rng.randrange(10**8):08d}"
            if number not in self.cards:
                self.cards.add(number)
                return number

    def _birth(self, day: dt.date, low: int, high: int, mode: int) -> dt.date:
        """A birth date for someone aged between low and high (most near mode) on `day`."""
        age_days = int(self.rng.triangular(low, high, mode) * 365.25)
        return day - dt.timedelta(days=max(age_days, low * 366 + 1))

    def _sex(self) -> str:
        return "F" if self.rng.random() < 0.47 else "M"

    # --- opening balances ---------------------------------------------------------------

    def _opening(self) -> None:
        """The opening balances, checked one by one by the rules of
        `actions.do_record_existing_member` and written a chunk at a time by its own bulk
        path (`actions.write_openings`): the same rows, in the same order."""
        rng = self.rng
        total = round(self.target * OPENING_SHARE)
        probationary = round(total * PROBATIONARY_SHARE)
        weights = [self._opening_weight(o) for o in self.places]
        self.lookups = _OpeningLookups()
        for i in range(total):
            org = rng.choices(self.places, weights)[0]
            if i < probationary:
                self._record_probationary(org)
            else:
                self._record_full(org)
            if len(self.pending) >= OPENING_CHUNK:
                self._write_openings()
            self._tick(i + 1, total)
        self._write_openings()
        self.done["opening"] = total

    def _write_openings(self) -> None:
        """Write the checked openings, then follow each member and plan what comes next
        (in the order the one-by-one path did, so the walk is the same)."""
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        members = actions.write_openings([p.opening for p in pending], self.user)
        for member, p in zip(members, pending, strict=True):
            self._track(member, p.info)
            for then in p.then:
                then(member)

    def _tick(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.tick(done, total)

    def _opening_weight(self, org: Organisation) -> float:
        names = " ".join(self.names[int(p)].name for p in org.path.strip("/").split("/"))
        weight = self.rng.uniform(0.7, 1.6)
        if org.kind == OrgKind.GRASSROOTS_CELL:
            weight *= 1.3
        if "Bệnh viện" in names or "Trường" in names:
            weight *= 1.4
        if org.name in GROWING_UNITS:
            weight = 3.2
        if SHRINKING_UNIT in names:
            weight *= 0.35
        return weight

    def _admission_year(self) -> int:
        # Few left of the oldest intakes (retired); most admitted in the last 15 years.
        years = list(range(1975, 2019))
        weights = [
            0.25 if y < 1983 else 0.9 if y < 1990 else 2.2 if y < 1997 else 4.5 if y < 2005
            else 11 if y < 2013 else 14
            for y in years
        ]  # fmt: skip
        return self.rng.choices(years, weights)[0]

    def _record_full(self, org: Organisation) -> None:
        rng = self.rng
        association = any(u in org.name for u in RETIREE_UNITS)
        for _ in range(50):
            sex = self._sex()
            year = self._admission_year()
            admitted = self._weekday_between(dt.date(year, 1, 2), dt.date(year, 12, 20))
            if association:
                birth = self._birth(admitted, 18, 40, 26)
            else:
                birth = self._birth(admitted, 18, 45, 27)
            retires = None if association else _retirement(birth, sex)
            if association or (retires is not None and retires > START + dt.timedelta(days=60)):
                break
        ceremony = admitted + dt.timedelta(days=rng.randint(6, 25))
        end = add_months(ceremony, 12)
        full = end if end <= START else None
        card, card_day, card_later = "", None, None
        if full is not None and rng.random() < CARD_SHARE:
            handed = next_occasion(full + dt.timedelta(days=30))
            if handed < START:
                card, card_day = self._card_number(), handed
            else:
                card_later = handed  # full members of late 2019 get theirs at a 2020 occasion
        senior = (START - birth).days > 30 * 365
        pending = self._check_opening(
            self._person(org, birth, sex, senior=senior),
            org,
            actions.PartyFile(admitted, ceremony, full, card, card_day),
            Info(birth, sex, admitted, retires),
        )
        if full is None:
            pending.then.append(self._plan_probation_later(ceremony))
        elif card_later is not None:
            later = card_later
            pending.then.append(lambda member: self._push(later, self._issue_card(member)))

    def _record_probationary(self, org: Organisation) -> None:
        sex = self._sex()
        admitted = self._weekday_between(dt.date(2019, 1, 10), dt.date(2019, 12, 10))
        birth = self._birth(admitted, 19, 35, 24)
        ceremony = admitted + dt.timedelta(days=self.rng.randint(6, 20))
        pending = self._check_opening(
            self._person(org, birth, sex, senior=False),
            org,
            actions.PartyFile(admitted, ceremony),
            Info(birth, sex, admitted, _retirement(birth, sex)),
        )
        pending.then.append(self._plan_probation_later(ceremony))

    def _check_opening(
        self, person: Person, org: Organisation, party_file: actions.PartyFile, info: Info
    ) -> _Pending:
        opening = actions.check_opening(
            person,
            organisation=org,
            on=START,
            party_file=party_file,
            lookups=self.lookups,
            acting_user=self.user,
        )
        self.lookups.accept(opening)
        pending = _Pending(opening, info)
        self.pending.append(pending)
        return pending

    # --- bookkeeping --------------------------------------------------------------------

    def _track(self, member: Member, info: Info | None = None) -> None:
        """Follow a member's status and unit after an action rebuilt them in place."""
        if info is not None:
            self.info[member.pk] = info
        # The instance already holds the new state: the old unit comes from `where`.
        old = self.where.pop(member.pk, None)
        if old is not None:
            self.counts[old] -= 1
            del self.current[member.pk]
        if member.status:
            self.current[member.pk] = member
            self.where[member.pk] = member.organisation_id
            self.counts[member.organisation_id] += 1

    def _number(self, day: dt.date, suffix: str = "QĐ/ĐUK") -> str:
        # The tree's decisions in the demo are numbered below 400; member decisions follow.
        key = (day.year, suffix)
        self.numbers[key] += 1
        start = 400 if suffix == "QĐ/ĐUK" else 0
        return f"{start + self.numbers[key]}-{suffix}"

    def _weekday_between(self, first: dt.date, last: dt.date) -> dt.date:
        span = (last - first).days
        for _ in range(20):
            day = first + dt.timedelta(days=self.rng.randint(0, max(span, 0)))
            if day.weekday() < 5:
                return day
        return first

    def _active(self, member: Member) -> bool:
        return member.pk in self.current

    def _age(self, member: Member, day: dt.date) -> float:
        return (day - self.info[member.id].birth).days / 365.25

    def _pick_member(
        self, test: Callable[[Member], bool] | None = None, *, leaving: bool = False
    ) -> Member | None:
        """A current member at random; when they are to leave their unit by choice, not from
        a unit of three or fewer (a cell needs three members)."""
        # Keyed by pk: reading `m.pk` for every current member on every pick is the seed's
        # largest pure-Python cost. The same members, in the same order, as before.
        counts, where = self.counts, self.where
        members = [
            m
            for pk, m in self.current.items()
            if not (leaving and counts[where[pk]] <= 3) and (test is None or test(m))
        ]
        return self.rng.choice(members) if members else None

    def _act(
        self,
        label: str,
        member: Member,
        day: dt.date,
        event: str,
        *,
        to: Organisation | None = None,
        party: str = "",
        cause: str = "",
        note: str = "",
    ) -> None:
        """Actions that the rules do not refuse for the members the seed chooses for them:
        a refusal here is a bug of the seed and stops it."""
        if event == EventKind.MOVED:
            assert to is not None
            actions.do_move_member(
                member,
                to=to,
                decision=Decision(day, self._number(day, "QĐ/ĐU"), day),
                acting_user=self.user,
            )
        elif event == EventKind.TRANSFER_OUT:
            actions.do_transfer_out(
                member,
                external_party=party,
                decision=Decision(day, self._number(day), day, note),
                acting_user=self.user,
            )
        else:
            actions.do_end_membership(
                member,
                kind=event,
                decision=Decision(day, self._number(day), day),
                acting_user=self.user,
                cause=cause,
            )
        self.done[label] += 1
        self._track(member)

    def _try(self, kind: str, write: Callable[[], object]) -> bool:
        """Run an action that a rule may refuse for a random choice; count refusals."""
        self.tried[kind] += 1
        try:
            write()
        except DomainError:
            self.refused[kind] += 1
            return False
        self.done[kind] += 1
        return True

    # --- probation, cards ---------------------------------------------------------------

    def _plan_probation(self, member: Member, begin: dt.date) -> None:
        self._plan_probation_later(begin)(member)

    def _plan_probation_later(self, begin: dt.date) -> Callable[[Member], None]:
        """Draw now when the probation of a member yet to be written ends; plan it once the
        member is there."""
        end = add_months(begin, rule("members.probation_months", begin))
        if self.rng.random() < REMOVED_AT_PROBATION:
            day = end + dt.timedelta(days=self.rng.randint(10, 40))
            return lambda member: self._push(day, self._remove_at_probation(member))
        day = end + dt.timedelta(days=self.rng.randint(5, 35))
        return lambda member: self._push(day, self._confirm(member))

    def _confirm(self, member: Member) -> Callable[[dt.date], None]:
        def handler(day: dt.date) -> None:
            if not self._active(member) or member.status != Status.PROBATIONARY:
                self.done["confirm_lapsed"] += 1
                return
            actions.do_confirm_member(
                member, decision=Decision(day, self._number(day), day), acting_user=self.user
            )
            self.done["confirm"] += 1
            # Cards are handed over at the next award occasion; a few wait for another.
            draw = self.rng.random()
            if draw < 0.85:
                self._push(next_occasion(day + dt.timedelta(days=30)), self._issue_card(member))
            elif draw < 0.95:
                later = next_occasion(next_occasion(day + dt.timedelta(days=30)) + ONE_DAY)
                self._push(later, self._issue_card(member))

        return handler

    def _remove_at_probation(self, member: Member) -> Callable[[dt.date], None]:
        def handler(day: dt.date) -> None:
            if self._active(member) and member.status == Status.PROBATIONARY:
                self._act(
                    "removed_at_probation",
                    member,
                    day,
                    EventKind.REMOVED,
                    cause=PROBATION_REMOVAL_CAUSE,
                )

        return handler

    def _issue_card(self, member: Member) -> Callable[[dt.date], None]:
        def handler(day: dt.date) -> None:
            if not self._active(member) or member.status != Status.FULL or member.card_number:
                return
            actions.do_issue_card(
                member,
                card_number=self._card_number(),
                decision=Decision(day, self._number(day), day),
                acting_user=self.user,
            )
            self.done["card"] += 1

        return handler

    # --- inflows ------------------------------------------------------------------------

    def _admit(self, day: dt.date) -> None:
        org = self._pick_place()
        sex = self._sex()
        birth = self._birth(day, 20, 35, 24)
        ceremony = day + dt.timedelta(days=self.rng.randint(7, 21))
        held = ceremony if ceremony <= self.now else None  # not yet held today
        member = actions.do_admit_member(
            self._person(org, birth, sex, senior=False, day=day),
            organisation=org,
            decision=Decision(day, self._number(day), day),
            ceremony_date=held,
            acting_user=self.user,
        )
        self.done["admit"] += 1
        self._track(member, Info(birth, sex, day, _retirement(birth, sex)))
        self._plan_probation(member, held or day)

    def _transfer_in(self, day: dt.date) -> None:
        org = self._pick_place()
        sex = self._sex()
        birth = self._birth(day, 25, 50, 32)
        # They arrive with their party file: admitted elsewhere at least two years ago.
        earliest = dt.date(birth.year + 19, birth.month, min(birth.day, 28))
        latest = day - dt.timedelta(days=2 * 366)
        span = max(0, (latest - earliest).days)
        admitted = earliest + dt.timedelta(days=self.rng.randint(0, span))
        card = self._card_number() if self.rng.random() < 0.9 else ""
        member = actions.do_transfer_in(
            self._person(org, birth, sex, senior=True, day=day),
            organisation=org,
            external_party=self.rng.choice(PARTIES_IN),
            decision=Decision(day, self._number(day), day),
            party_file=actions.PartyFile(
                admission_decision_date=admitted,
                ceremony_date=admitted + dt.timedelta(days=14),
                full_member_date=admitted + dt.timedelta(days=14 + 365),
                card_number=card,
                card_date=admitted + dt.timedelta(days=14 + 365 + 120) if card else None,
            ),
            acting_user=self.user,
        )
        self.done["transfer_in"] += 1
        self._track(member, Info(birth, sex, admitted, _retirement(birth, sex)))

    # --- outflows -----------------------------------------------------------------------

    def _retirements(self, day: dt.date) -> None:
        """On 1 January, plan this year's transfers out: first the retirees, who move to
        their place of residence, then moves to other party organisations."""
        end = dt.date(day.year, 12, 31)
        last = min(end, self.now)
        retiring = 0
        for member in list(self.current.values()):
            info = self.info[member.pk]
            if info.retires is None or info.retiring or info.retires > end:
                continue
            info.retiring = True
            leave = max(info.retires, day) + dt.timedelta(days=self.rng.randint(0, 45))
            while leave.weekday() >= 5:
                leave += ONE_DAY
            if leave <= last:
                retiring += 1
            self._push(leave, self._retire(member))
        share = ((last - day).days + 1) / 365
        other = max(OTHER_OUT * self.scale * share, TOTAL_OUT * self.scale * share - retiring)
        for _ in range(self._round(other * self.rng.uniform(0.95, 1.05))):
            self._push(self._weekday_between(day, last), self._transfer_out)

    def _retire(self, member: Member) -> Callable[[dt.date], None]:
        def handler(day: dt.date) -> None:
            if self._active(member):
                self._act(
                    "retire",
                    member,
                    day,
                    EventKind.TRANSFER_OUT,
                    party=self.rng.choice(RESIDENTIAL),
                    note="Nghỉ hưu, chuyển sinh hoạt về nơi cư trú",
                )

        return handler

    def _transfer_out(self, day: dt.date) -> None:
        info = self.info
        member = self._pick_member(lambda m: not info[m.id].retiring, leaving=True)
        if member is not None:
            party = self.rng.choice(PARTIES_OUT)
            self._act("transfer_out", member, day, EventKind.TRANSFER_OUT, party=party)

    def _move(self, day: dt.date) -> None:
        member = self._pick_member(leaving=True)
        if member is None:
            return
        # Most moves stay within the same grassroots organisation.
        home = "/".join(member.org_path.split("/")[:3]) + "/"
        near = [
            o for o in self.places if o.path.startswith(home) and o.pk != member.organisation_id
        ]
        if near and self.rng.random() < 0.6:
            # The smallest of a few neighbours: units short of members are topped up.
            to = min(self.rng.sample(near, min(3, len(near))), key=lambda o: self.counts[o.pk])
        else:
            to = self._pick_place(exclude=member.organisation_id)
        self._act("move", member, day, EventKind.MOVED, to=to)

    def _death(self, day: dt.date) -> None:
        members = list(self.current.values())
        if not members:
            return
        # Deaths fall mostly on the oldest members.
        weights = [math.exp((self._age(m, day) - 40) / 7) for m in members]
        member = self.rng.choices(members, weights)[0]
        self._act("death", member, day, EventKind.DIED)

    def _leave(self, day: dt.date) -> None:
        member = self._pick_member(leaving=True)
        if member is None:
            return
        if self.rng.random() < 0.3:
            self._act("resigned", member, day, EventKind.RESIGNED)
        else:
            cause = self.rng.choice(REMOVAL_CAUSES)
            self._act("removed", member, day, EventKind.REMOVED, cause=cause)

    # --- discipline, exemptions, temporary attachments ------------------------------------

    def _discipline(self, day: dt.date) -> None:
        member = self._pick_member()
        if member is None:
            return
        draw = self.rng.random()
        form = DisciplineForm.REPRIMAND if draw < 0.7 else DisciplineForm.WARNING
        if draw > 0.96 and member.post:
            form = DisciplineForm.DISMISSAL
        self._punish(member, day, form)

    def _expel(self, day: dt.date) -> None:
        member = self._pick_member(lambda m: m.status == Status.FULL)
        if member is not None:
            self._punish(member, day, DisciplineForm.EXPULSION)

    def _punish(self, member: Member, day: dt.date, form: str) -> None:
        violated = day - dt.timedelta(days=self.rng.randint(30, 200))
        decision = Decision(day, self._number(day, "QĐ/UBKTĐUK"), day, self.rng.choice(VIOLATIONS))
        written = self._try(
            f"discipline_{form.lower()}",
            lambda: self.discipline(member, form, violated, decision),
        )
        if written:
            self.info[member.pk].punished.append((day, form))
            self._track(member)

    def _exempt(self, day: dt.date) -> None:
        member = self._pick_member(lambda m: not m.exempted and self._age(m, day) > 45)
        if member is None:
            return
        written = self._try(
            "exempt",
            lambda: actions.do_exempt_member(
                member,
                decision=Decision(day, self._number(day, "QĐ/ĐU"), day, "Ốm đau dài ngày"),
                acting_user=self.user,
            ),
        )
        if written and self.rng.random() < 0.5:
            back = day + dt.timedelta(days=self.rng.randint(120, 400))
            self._push(back, self._end_exemption(member))

    def _end_exemption(self, member: Member) -> Callable[[dt.date], None]:
        def handler(day: dt.date) -> None:
            if not self._active(member) or not member.exempted:
                return
            self._try(
                "exempt_end",
                lambda: actions.do_exempt_member(
                    member,
                    decision=Decision(day, self._number(day, "QĐ/ĐU"), day),
                    acting_user=self.user,
                    ended=True,
                ),
            )

        return handler

    def _temporary(self, day: dt.date) -> None:
        member = self._pick_member(lambda m: m.status == Status.FULL)
        if member is None:
            return
        until = add_months(day, self.rng.choice([6, 9, 12, 18, 24]))
        self._try(
            "temporary",
            lambda: actions.do_record_temporary(
                member,
                kind=EventKind.TEMP_OUT,
                place=self.rng.choice(STUDY_PLACES),
                until=until,
                decision=Decision(day, self._number(day, "QĐ/ĐU"), day),
                acting_user=self.user,
            ),
        )

    # --- badges -------------------------------------------------------------------------

    def _plan_badges(self) -> None:
        day = START + dt.timedelta(days=20)
        while True:
            occasion = next_occasion(day)
            if occasion > self.now:
                break
            self._push(
                max(START + ONE_DAY, occasion - dt.timedelta(days=50)), self._round_of(occasion)
            )
            day = occasion + ONE_DAY

    def _round_of(self, occasion: dt.date) -> Callable[[dt.date], None]:
        """Some weeks before an occasion: propose those who reach a milestone by then."""

        def handler(day: dt.date) -> None:
            milestones = rule("members.badge_milestones", occasion)
            # The proposal (from `day`) and the award (on the occasion) are both refused
            # while a discipline defers the badge, under the text in force on each day.
            deferrals = [rule("members.badge_deferral_months", d) for d in (day, occasion)]
            year_before = add_years(occasion, -1)
            for member in list(self.current.values()):
                info = self.info[member.pk]
                if info.admitted is None:
                    continue
                if any(
                    add_months(when, int(deferral.get(form, 0) or 0)) > day
                    for when, form in info.punished
                    for deferral in deferrals
                ):
                    continue  # a recent discipline defers the badge
                for milestone in milestones:
                    due = add_years(info.admitted, milestone)
                    if year_before <= due <= occasion and milestone not in info.milestones:
                        info.milestones.add(milestone)
                        proposed = self._weekday_between(day, occasion - dt.timedelta(days=10))
                        self._push(proposed, self._propose(member, milestone))
                        self._push(occasion, self._award(member, milestone))

        return handler

    def _propose(self, member: Member, milestone: int) -> Callable[[dt.date], None]:
        def handler(day: dt.date) -> None:
            if not self._active(member):
                self.info[member.pk].milestones.discard(milestone)
                return
            written = self._try(
                "badge_proposed",
                lambda: actions.do_propose_badge(
                    member,
                    milestone=milestone,
                    decision=Decision(day, self._number(day, "TTr/ĐUK")),
                    acting_user=self.user,
                ),
            )
            if not written:
                self.info[member.pk].milestones.discard(milestone)

        return handler

    def _award(self, member: Member, milestone: int) -> Callable[[dt.date], None]:
        def handler(day: dt.date) -> None:
            if not self._active(member) or milestone not in self.info[member.pk].milestones:
                return
            self._try(
                "badge_awarded",
                lambda: actions.do_award_badge(
                    member,
                    milestone=milestone,
                    decision=Decision(day, self._number(day, "QĐ/TU")),
                    acting_user=self.user,
                ),
            )

        return handler

    # --- the end --------------------------------------------------------------------------

    def _finish(self) -> dict[str, Any]:
        stranded = Member.objects.exclude(status="").filter(organisation__ended_on__isnull=False)
        if stranded.exists():
            raise RuntimeError(f"{stranded.count()} members left in ended organisations")
        placed = dict(Member.objects.exclude(status="").values_list("pk", "organisation_id"))
        if placed != self.where:
            raise RuntimeError("the seed lost track of where its members are")
        tried = sum(self.tried.values())
        refused = sum(self.refused.values())
        if tried and refused > MAX_REFUSED_SHARE * tried:
            raise RuntimeError(f"the actions refused {refused} of {tried} demo events")
        years = {
            year: members_at(self.bloc, dt.date(year, 12, 31))["total"]
            for year in range(START.year, self.now.year)
        }
        now = members_at(self.bloc, self.now)
        return {
            "total": now["total"],
            "full": now[Status.FULL],
            "probationary": now[Status.PROBATIONARY],
            "former": Member.objects.filter(status="").count(),
            "events": MemberEvent.objects.count(),
            "year_end": years,
            "done": dict(self.done),
            "refused": dict(self.refused),
        }


def _retirement(birth: dt.date, sex: str) -> dt.date:
    """Retirement under the Labour Code 2019: from 2021 men 60 rising by 3 months a year to
    62, women 55 rising by 4 months a year to 60."""
    base, step, cap = (60, 3, 62) if sex == "M" else (55, 4, 60)
    reached = birth.year + base
    months = base * 12 + max(0, min(step * (reached - 2020), (cap - base) * 12))
    return add_months(birth, months)
