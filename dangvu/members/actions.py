"""Every change to a member goes through one of these functions.

Each validates the rules of its kind (rule values by date from dangvu.core.rules),
appends one event to the ledger and rebuilds the member's intervals in one transaction.
The replay in `ledger.replay` checks the order of events for all kinds alike, so an event
dated before the admission, or after the member left, is refused with nothing written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangvu.audit import log as audit
from dangvu.core import concurrency
from dangvu.core.dates import add_months, add_working_days, today
from dangvu.core.errors import DomainError
from dangvu.core.rules import rule
from dangvu.lib.text import clean, clean_paragraphs, search_key
from dangvu.lib.vnformat import fmt_date
from dangvu.members import numbers
from dangvu.members.kinds import LEAVING, DisciplineForm, EventKind, Status
from dangvu.members.ledger import (
    Span,
    derive_fields,
    interval_rows,
    rebuild_member,
    refresh_age_starts,
    replay,
)
from dangvu.members.models import Member, MemberEvent, MembershipInterval, UnresolvedValue
from dangvu.members.queries import membership_gaps, probation_begins
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion, Restructuring
from dangvu.orgs.queries import version_at
from dangvu.vocab.models import AdminUnit, Vocabulary, VocabularyValue

IDENTITY_RE = re.compile(r"^\d{12}$")
# Members belong to cells; a grassroots or sub-committee may hold members for a while
# after a conversion, before its cells are formed. A bloc committee never does.
MEMBER_ORG_KINDS = {
    OrgKind.CELL,
    OrgKind.GRASSROOTS_CELL,
    OrgKind.GRASSROOTS_COMMITTEE,
    OrgKind.SUB_COMMITTEE,
}


@dataclass
class Person:
    """The fields of a member record (lý lịch) as a form or an import row gives them.

    Vocabulary fields hold a `VocabularyValue` and places an `AdminUnit`, or None when the
    record does not say («Chưa có thông tin»): nothing is assumed for a field left empty.
    """

    full_name: str
    birth_date: dt.date
    sex: str
    ethnicity: VocabularyValue | None = None
    religion: VocabularyValue | None = None
    identity_number: str = ""
    birthplace_province: AdminUnit | None = None
    birthplace_local: AdminUnit | None = None
    birthplace: str = ""
    hometown_province: AdminUnit | None = None
    hometown_local: AdminUnit | None = None
    hometown: str = ""
    residence_province: AdminUnit | None = None
    residence_local: AdminUnit | None = None
    residence: str = ""
    education: str = ""
    qualification: VocabularyValue | None = None
    expertise: str = ""
    theory_level: VocabularyValue | None = None
    state_management: VocabularyValue | None = None
    academic_title: VocabularyValue | None = None
    foreign_languages: str = ""
    it_skill: str = ""
    occupation: VocabularyValue | None = None
    job: str = ""
    post: str = ""
    phone: str = ""


# The vocabulary each vocabulary field of `Person` takes its value from.
PERSON_VOCABULARIES = {
    "ethnicity": Vocabulary.ETHNICITY,
    "religion": Vocabulary.RELIGION,
    "qualification": Vocabulary.QUALIFICATION,
    "theory_level": Vocabulary.THEORY,
    "state_management": Vocabulary.STATE_MANAGEMENT,
    "academic_title": Vocabulary.ACADEMIC_TITLE,
    "occupation": Vocabulary.OCCUPATION,
}


@dataclass(frozen=True)
class Decision:
    """When an event happened and the decision behind it."""

    date: dt.date
    number: str = ""
    decision_date: dt.date | None = None
    note: str = ""


# --- validation ---------------------------------------------------------------------


class Lookups:
    """The reads the checks make, one query each.

    A bulk import passes a subclass that answers from what it loaded for a whole chunk of
    rows (and from the rows it has accepted but not yet written), so the rules are the same
    functions whichever way a record arrives.
    """

    def identity_holder(self, ident: str, exclude_pk: int | None) -> numbers.Holder | None:
        """The member record other than `exclude_pk` that has identity number `ident`."""
        return numbers.holder_of_identity(ident, exclude_member=exclude_pk)

    def card_holder(self, number: str, exclude_pk: int | None = None) -> numbers.Holder | None:
        return numbers.holder_of_card(number, exclude_member=exclude_pk)

    def national_id_holder(
        self, number: str, exclude_pk: int | None = None
    ) -> numbers.Holder | None:
        return numbers.holder_of_national_id(number, exclude_member=exclude_pk)

    def can_see(self, user: Any, holder: numbers.Holder) -> bool:
        return numbers.can_see(user, holder)

    def version(self, org: Organisation, day: dt.date) -> OrganisationVersion | None:
        return version_at(org, day)

    def rule(self, key: str, day: dt.date) -> Any:
        return rule(key, day)


DATABASE = Lookups()


def _check_date(day: dt.date, field: str = "date") -> None:
    if day > today():
        raise DomainError(
            f"Ngày {fmt_date(day)} là ngày trong tương lai; chỉ ghi những việc đã xảy ra.",
            field=field,
        )


def _check_org(
    org: Organisation, day: dt.date, field: str = "organisation", lookups: Lookups = DATABASE
) -> OrganisationVersion:
    version = lookups.version(org, day)
    if version is None:
        raise DomainError(
            f"«{org.name}» không hoạt động vào ngày {fmt_date(day)} (đã giải thể, sáp nhập "
            "hoặc chưa thành lập).",
            field=field,
        )
    if version.kind not in MEMBER_ORG_KINDS:
        raise DomainError(
            f"Đảng viên sinh hoạt tại chi bộ; «{version.name}» là {version.kind_label.lower()}.",
            field=field,
        )
    return version


def clean_person(
    person: Person,
    *,
    exclude_pk: int | None = None,
    lookups: Lookups = DATABASE,
    acting_user: Any = None,
    keep: Any = None,
    day: dt.date | None = None,
) -> Person:
    """The person with text normalised, refused if a field is wrong or the identity number
    is another member's (named as far as `acting_user` may see them).

    A vocabulary value must be in force on `day` (today by default), except the value the
    record being corrected (`keep`) already holds: a value retired since it was written
    stays on the record until someone chooses another.
    """
    values = {f.name: getattr(person, f.name) for f in fields(person)}
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = clean(value)
    result = Person(**values)
    if not result.full_name:
        raise DomainError("Hãy nhập họ và tên.", field="full_name")
    if result.sex not in Member.Sex.values:
        raise DomainError("Giới tính phải là Nam hoặc Nữ.", field="sex")
    if result.birth_date > today():
        raise DomainError("Ngày sinh không thể sau ngày hôm nay.", field="birth_date")
    # A masked number (an ordinary export shows 052*******34) must never be stored.
    for key, label in (("identity_number", "Số CCCD"), ("phone", "Số điện thoại")):
        if "*" in getattr(result, key):
            raise DomainError(
                f"{label} «{getattr(result, key)}» là số đã che (dấu *) của tệp xuất thường; "
                "hãy nhập số đầy đủ, hoặc nhập từ tệp «Excel đầy đủ số CCCD, điện thoại».",
                field=key,
            )
    ident = result.identity_number.replace(" ", "")
    if ident and not IDENTITY_RE.match(ident):
        raise DomainError(
            f"Số CCCD phải gồm đúng 12 chữ số; «{ident}» có {len(ident)} ký tự.",
            field="identity_number",
        )
    result.identity_number = ident
    if ident:
        holder = lookups.identity_holder(ident, exclude_pk)
        if holder is not None:
            raise DomainError(
                numbers.identity_message(ident, holder, lookups.can_see(acting_user, holder)),
                field="identity_number",
            )
    on = day or today()
    for key, vocabulary in PERSON_VOCABULARIES.items():
        chosen = getattr(result, key)
        if chosen is None:
            continue
        what = Vocabulary(vocabulary).label
        if chosen.vocabulary != vocabulary:
            raise DomainError(
                f"{what}: «{chosen.name}» không thuộc danh mục {what.lower()}; hãy chọn một "
                "giá trị trong danh mục.",
                field=key,
            )
        held = getattr(keep, f"{key}_id", None) if keep is not None else None
        if held is None and keep is not None:
            held = getattr(getattr(keep, key, None), "pk", None)
        if chosen.pk != held and not (chosen.valid_from <= on < chosen.valid_to):
            when = (
                f"chỉ áp dụng từ ngày {fmt_date(chosen.valid_from)}"
                if chosen.valid_from > on
                else f"đã thôi áp dụng từ ngày {fmt_date(chosen.valid_to)}"
            )
            raise DomainError(
                f"{what}: «{chosen.name}» {when}; hãy chọn một giá trị đang áp dụng trong "
                "danh mục, hoặc để «Chưa có thông tin».",
                field=key,
            )
    for place in ("birthplace", "hometown", "residence"):
        province, local = getattr(result, f"{place}_province"), getattr(result, f"{place}_local")
        if province is not None and province.level != AdminUnit.Level.PROVINCE:
            raise DomainError(
                f"«{province.name}» không phải là tỉnh, thành phố; hãy chọn tỉnh, thành phố.",
                field=f"{place}_province",
            )
        if local is not None and local.level == AdminUnit.Level.PROVINCE:
            raise DomainError(
                f"«{local.name}» là tỉnh, thành phố; ô này ghi huyện hoặc xã, phường.",
                field=f"{place}_local",
            )
    kept_education = clean(getattr(keep, "education", "") or "") if keep is not None else ""
    if (
        result.education
        and result.education != kept_education
        and education_grade(result.education) is None
    ):
        raise DomainError(
            f"Giáo dục phổ thông «{result.education}» không đọc được; hãy ghi như trên lý "
            "lịch: lớp đã học trên số năm của hệ, ví dụ «12/12», «9/12», «7/10».",
            field="education",
        )
    return result


def full_months(birth_date: dt.date, day: dt.date) -> int:
    """Whole months of age on `day` (the admission rule is stated in full months)."""
    months = (day.year - birth_date.year) * 12 + day.month - birth_date.month
    if day.day < birth_date.day:
        months -= 1
    return months


def _check_age(
    birth_date: dt.date,
    day: dt.date,
    what: str = "ngày chi bộ xét kết nạp",
    field: str = "birth_date",
) -> None:
    """Refuse an age outside the rule on `day`, the day the cell considers the admission.

    Quy định 24-QĐ/TW 2021, điểm 1.1: "tại thời điểm chi bộ xét kết nạp", in full months.
    """
    if day < birth_date:
        raise DomainError(
            f"{what.capitalize()} ({fmt_date(day)}) trước ngày sinh ({fmt_date(birth_date)}); "
            "hãy kiểm tra lại ngày sinh hoặc ngày đã nhập.",
            field=field,
        )
    months = full_months(birth_date, day)
    low = rule("members.admission_min_age_months", day)
    high = rule("members.admission_max_age_months", day)
    if months < low:
        raise DomainError(
            f"Người được kết nạp phải đủ {low // 12} tuổi vào {what}; sinh ngày "
            f"{fmt_date(birth_date)} nên ngày {fmt_date(day)} mới {months // 12} tuổi "
            f"{months % 12} tháng.",
            field=field,
        )
    if months > high:
        raise DomainError(
            f"Người được kết nạp không quá {high // 12} tuổi vào {what}; sinh ngày "
            f"{fmt_date(birth_date)} nên ngày {fmt_date(day)} đã {months // 12} tuổi "
            f"{months % 12} tháng.",
            field=field,
        )


_GRADE_RE = re.compile(r"^\s*(\d{1,2})\s*/\s*(10|12)\s*$")
_GRADE_WORDS = (
    ("trung học phổ thông", 12),
    ("thpt", 12),
    ("bổ túc", 12),
    ("đại học", 12),
    ("cao đẳng", 12),
    ("trung cấp", 12),
    ("thạc sĩ", 12),
    ("tiến sĩ", 12),
    ("trung học cơ sở", 9),
    ("thcs", 9),
    ("tiểu học", 5),
)


def education_grade(text: str) -> int | None:
    """The general-education level of a record counted in the 12-year system, or None.

    "9/12" is 9; the 10-year system's "7/10" (lower secondary done) is 9 and its "4/10"
    (primary done) is 5; the words of a diploma ("tốt nghiệp THCS") say it too.
    """
    text = clean(text).lower()
    if not text:
        return None
    match = _GRADE_RE.match(text)
    if match:
        grade, years = int(match.group(1)), int(match.group(2))
        if grade > years:
            return None
        if years == 10:
            return grade + 2 if grade >= 5 else grade + 1
        return grade
    for word, grade in _GRADE_WORDS:
        if word in text:
            return grade
    return None


def _grade_label(grade: int) -> str:
    if grade >= 12:
        return "tốt nghiệp trung học phổ thông"
    if grade >= 9:
        return "tốt nghiệp trung học cơ sở"
    return "tốt nghiệp tiểu học" if grade >= 5 else f"lớp {grade}"


def education_problem(education: str, exception: str, day: dt.date) -> str | None:
    """Why the record's education does not meet the admission rule on `day`, or None.

    An unreadable or empty value is a problem only for the candidate's checklist; the
    admission itself refuses a level it can read and that is too low.
    """
    table = rule("members.admission_education", day)
    exceptions: dict[str, str] = table["exceptions"]
    if exception and exception not in exceptions:
        return f"Trường hợp ngoại lệ về học vấn «{exception}» không có trong danh mục."
    needed = table["exception_min_grade"] if exception else table["min_grade"]
    grade = education_grade(education)
    if grade is None:
        return None
    if grade < needed:
        ground = f" (ngoại lệ: {exceptions[exception].lower()})" if exception else ""
        hint = (
            ""
            if exception
            else "; nếu người vào Đảng thuộc trường hợp ngoại lệ hướng dẫn cho phép, hãy ghi "
            "trường hợp đó trên hồ sơ"
        )
        return (
            f"Người vào Đảng phải {_grade_label(needed)} trở lên{ground}; lý lịch ghi giáo dục "
            f"phổ thông «{education}»{hint}."
        )
    return None


def _check_education(education: str, exception: str, day: dt.date) -> None:
    problem = education_problem(education, exception, day)
    if problem:
        raise DomainError(problem, field="education")


def check_birth_before(
    birth_date: dt.date,
    day: dt.date | None,
    label: str,
    field: str,
    rule_of: Callable[[str, dt.date], Any] = rule,
) -> None:
    """Refuse a date of the member's file before they were old enough to be admitted."""
    if day is None:
        return
    low = rule_of("members.admission_min_age_months", day)
    if day < birth_date or full_months(birth_date, day) < low:
        raise DomainError(
            f"{label} ({fmt_date(day)}) không thể có: ngày sinh {fmt_date(birth_date)}, nên "
            f"khi đó chưa đủ {low // 12} tuổi; hãy kiểm tra lại ngày sinh hoặc {label.lower()}.",
            field=field,
        )


def check_card_date(party_file: PartyFile) -> None:
    """A card is issued to a full member: never before the full-membership date."""
    card_date, full = party_file.card_date, party_file.full_member_date
    if card_date is None:
        return
    if full is None:
        raise DomainError(
            f"Hồ sơ ghi ngày cấp thẻ ({fmt_date(card_date)}) nhưng chưa có ngày chính thức; "
            "thẻ đảng viên chỉ cấp cho đảng viên chính thức.",
            field="card_date",
        )
    if card_date < full:
        raise DomainError(
            f"Ngày cấp thẻ ({fmt_date(card_date)}) trước ngày chính thức ({fmt_date(full)}); "
            "thẻ đảng viên chỉ cấp cho đảng viên chính thức.",
            field="card_date",
        )


# --- writing ------------------------------------------------------------------------


def _append(
    member: Member,
    kind: str,
    decision: Decision,
    acting_user: Any,
    *,
    organisation: Organisation | None = None,
    from_organisation: Organisation | None = None,
    external_party: str = "",
    details: dict[str, Any] | None = None,
    restructuring: Restructuring | None = None,
) -> MemberEvent:
    _check_date(decision.date)
    if decision.decision_date is not None:
        _check_date(decision.decision_date, "decision_date")
    details = dict(details or {})
    ends = kind in LEAVING or (
        kind == EventKind.DISCIPLINED and details.get("form") == DisciplineForm.EXPULSION
    )
    if ends:
        # A departure recorded late: the moves decisions made of the member after it give way.
        from dangvu.members.mover import settle_late_departure

        expelled = kind == EventKind.DISCIPLINED
        label = DisciplineForm.EXPULSION.label if expelled else EventKind(kind).label
        displaced = settle_late_departure(member, label, decision.date, acting_user)
        if displaced:
            details["displaced_moves"] = displaced
    event = MemberEvent.objects.create(
        member=member,
        kind=kind,
        date=decision.date,
        organisation=organisation,
        from_organisation=from_organisation,
        external_party=clean(external_party),
        decision_number=clean(decision.number),
        decision_date=decision.decision_date,
        note=clean_paragraphs(decision.note),
        details=details or {},
        restructuring=restructuring,
        recorded_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    rebuild_member(member)
    audit.record(
        audit.CREATE,
        user=acting_user,
        obj=member,
        after={
            "biến động": event.summary,
            "ngày": event.date.isoformat(),
            "tổ chức": organisation.code if organisation else None,
            "số quyết định": event.decision_number,
            "event_id": event.pk,
        },
    )
    return event


def _state_at(member: Member, day: dt.date) -> tuple[str, int | None]:
    """(status, organisation id) of the member on `day` from their intervals."""
    row = (
        member.intervals.filter(valid_from__lte=day, valid_to__gt=day)
        .values_list("status", "organisation_id")
        .first()
    )
    return (row[0], row[1]) if row else ("", None)


def _require_member(member: Member, day: dt.date, what: str) -> tuple[str, int]:
    status, org_id = _state_at(member, day)
    if not status or org_id is None:
        raise DomainError(
            f"Ngày {fmt_date(day)} đồng chí {member.full_name} không phải là đảng viên "
            f"đang sinh hoạt, nên không thể {what}.",
            field="date",
        )
    return status, org_id


def _create_member(person: Person, acting_user: Any = None) -> Member:
    try:
        with transaction.atomic():
            member = Member.objects.create(
                search_key=search_key(person.full_name),
                **{f.name: getattr(person, f.name) for f in fields(person)},
            )
            audit.record(audit.CREATE, obj=member, after=audit.snapshot(member))
            return member
    except IntegrityError as error:
        raise collision_error(error, person.identity_number, "", None, acting_user) from None


def collision_error(
    error: IntegrityError,
    ident: str,
    card_number: str,
    exclude_pk: int | None,
    acting_user: Any,
) -> DomainError:
    """The Vietnamese refusal for a save the database refused on a unique number.

    The checks before the save passed, so another save took the number meanwhile (two
    clerks at once): ask again who holds it now, and say it in the same words.
    """
    order = ["identity", "card"]
    if numbers.collided_on(error) == "card":
        order.reverse()
    for which in order:
        if which == "card" and card_number:
            holder = numbers.holder_of_card(card_number, exclude_member=exclude_pk)
            if holder is not None:
                return numbers.card_error(card_number, holder, acting_user)
        if which == "identity" and ident:
            holder = numbers.holder_of_identity(ident, exclude_member=exclude_pk)
            if holder is not None:
                return numbers.identity_error(ident, holder, acting_user)
    return DomainError(
        "Số CCCD hoặc số thẻ đảng viên vừa được ghi cho người khác; hãy kiểm tra lại rồi ghi lại.",
        field="identity_number",
    )


# --- the actions --------------------------------------------------------------------


@transaction.atomic
def do_admit_member(
    person: Person,
    *,
    organisation: Organisation,
    decision: Decision,
    ceremony_date: dt.date | None = None,
    acting_user: Any,
    member: Member | None = None,
    considered_on: dt.date | None = None,
    education_exception: str = "",
    keep: Any = None,
) -> Member:
    """Admit a person: the record (new, or a candidate's) and the ADMITTED event.

    The event is dated by the admission decision; probation runs from the ceremony. Age
    counts on `considered_on`, the day the cell met and resolved to propose the admission
    (Quy định 24-QĐ/TW 2021, điểm 1.1); without it, on the decision date.
    """
    day = decision.date
    _check_date(day)
    person = clean_person(
        person,
        exclude_pk=member.pk if member else None,
        acting_user=acting_user,
        keep=keep or member,
    )
    _check_org(organisation, day)
    details: dict[str, Any] = {}
    if considered_on is not None:
        _check_date(considered_on, "considered_on")
        if considered_on > day:
            raise DomainError(
                f"Ngày chi bộ xét kết nạp ({fmt_date(considered_on)}) sau ngày quyết định kết "
                f"nạp ({fmt_date(day)}); chi bộ xét trước, cấp ủy quyết định sau.",
                field="considered_on",
            )
        details["considered_on"] = considered_on.isoformat()
    _check_age(
        person.birth_date,
        considered_on or day,
        "ngày chi bộ xét kết nạp" if considered_on else "ngày quyết định kết nạp",
    )
    _check_education(person.education, education_exception, considered_on or day)
    if education_exception:
        details["education_exception"] = education_exception
    if ceremony_date is not None:
        # The decision schedules the ceremony, so it may still lie ahead (within the limit).
        if ceremony_date < day:
            raise DomainError(
                "Lễ kết nạp không thể trước ngày quyết định kết nạp.", field="ceremony_date"
            )
        limit = add_working_days(day, rule("members.ceremony_within_working_days", day))
        if ceremony_date > limit:
            raise DomainError(
                f"Lễ kết nạp phải tổ chức trong vòng "
                f"{rule('members.ceremony_within_working_days', day)} ngày làm việc kể từ "
                f"quyết định, tức là chậm nhất ngày {fmt_date(limit)}.",
                field="ceremony_date",
            )
        details["ceremony_date"] = ceremony_date.isoformat()
    if member is None:
        member = _create_member(person, acting_user)
    else:
        for f in fields(person):
            setattr(member, f.name, getattr(person, f.name))
        member.search_key = search_key(person.full_name)
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError as error:
            raise collision_error(
                error, person.identity_number, "", member.pk, acting_user
            ) from None
    _append(
        member,
        EventKind.ADMITTED,
        decision,
        acting_user,
        organisation=organisation,
        details=details,
    )
    return member


def probation_start(member: Member) -> dt.date | None:
    """The day probation began: the ceremony, else the admission decision."""
    admission = (
        member.events.filter(
            kind__in=[EventKind.ADMITTED, EventKind.READMITTED], voided_at__isnull=True
        )
        .order_by("-date", "-id")
        .first()
    )
    # One reading for the confirmation and the due list (`queries.probation_begins`).
    return probation_begins(member, admission)[0]


def probation_end(member: Member) -> dt.date | None:
    """The exact end of the 12 months of probation."""
    begin = probation_start(member)
    if begin is None:
        return None
    return add_months(begin, rule("members.probation_months", begin))


@dataclass(frozen=True)
class PartyFile:
    """The dates and card a member's party file carries from before they came to us."""

    admission_decision_date: dt.date
    ceremony_date: dt.date | None = None
    full_member_date: dt.date | None = None
    card_number: str = ""
    card_date: dt.date | None = None
    # An earlier interruption on the file: admission_decision_date is then "ngày vào Đảng
    # lần đầu", these say when the member left and "ngày vào Đảng lần thứ hai"; the
    # ceremony and full-member dates are those of the readmission (a new probation).
    earlier_left_date: dt.date | None = None
    readmission_date: dt.date | None = None
    # The national identifier (mã đảng viên, số lý lịch) the file carries, if any.
    national_id: str = ""


def _check_party_file(
    party_file: PartyFile, on: dt.date, lookups: Lookups = DATABASE, acting_user: Any = None
) -> tuple[str, str]:
    """Validate a file's dates against `on`; return (status it implies, card number)."""
    admitted = party_file.admission_decision_date
    if admitted > on:
        raise DomainError(
            f"Ngày kết nạp phải trước ngày {fmt_date(on)}.", field="admission_decision_date"
        )
    ceremony = party_file.ceremony_date
    if ceremony is not None and ceremony < admitted:
        raise DomainError(
            "Lễ kết nạp không thể trước ngày quyết định kết nạp.", field="ceremony_date"
        )
    full = party_file.full_member_date
    if full is not None and full > on:
        raise DomainError(
            f"Ngày chính thức phải trước ngày {fmt_date(on)}.", field="full_member_date"
        )
    if full is not None and full < (ceremony or admitted):
        raise DomainError("Ngày chính thức không thể trước lễ kết nạp.", field="full_member_date")
    status = Status.FULL if full is not None else Status.PROBATIONARY
    if status == Status.PROBATIONARY and ceremony is None:
        # Probation runs 12 months from the ceremony, wherever it was held (Điều lệ Đảng,
        # Điều 5): without it the probation due list cannot date the member.
        raise DomainError(
            "Đảng viên dự bị phải có ngày lễ kết nạp: thời gian dự bị 12 tháng tính từ ngày "
            "lễ kết nạp, kể cả khi lễ tổ chức ở đảng bộ khác. Hãy ghi ngày lễ kết nạp theo hồ "
            "sơ đảng viên (hoặc ngày chính thức, nếu đồng chí đã là đảng viên chính thức).",
            field="ceremony_date",
        )
    begin = ceremony or party_file.readmission_date or admitted
    probation_over = add_months(begin, lookups.rule("members.probation_months", begin))
    if status == Status.PROBATIONARY and probation_over <= on - dt.timedelta(days=366):
        raise DomainError(
            "Đảng viên kết nạp đã lâu phải có ngày chính thức; hãy nhập ngày chính thức.",
            field="full_member_date",
        )
    number = clean(party_file.card_number).replace(" ", "")
    if number and not number.isdigit():
        raise DomainError("Số thẻ đảng viên chỉ gồm chữ số.", field="card_number")
    if number and status != Status.FULL:
        raise DomainError("Chỉ đảng viên chính thức mới có thẻ đảng viên.", field="card_number")
    if number:
        holder = lookups.card_holder(number)
        if holder is not None:
            raise DomainError(
                numbers.card_message(number, holder, lookups.can_see(acting_user, holder)),
                field="card_number",
            )
    return status, number


def check_earlier_interruption(party_file: PartyFile, birth_date: dt.date, on: dt.date) -> None:
    """Refuse a file whose first admission, leaving and readmission cannot have happened.

    They run first admission < left < readmission <= `on` (the day the member comes onto our
    books), none before birth; the readmission's ceremony and full-member dates follow it.
    Party age subtracts left -> readmission (Quy định 24-QĐ/TW 2021, điểm 4.5.2).
    """
    admitted = party_file.admission_decision_date
    left = party_file.earlier_left_date
    readmitted = party_file.readmission_date
    if left is None and readmitted is None:
        return
    for day, label, field in (
        (admitted, "Ngày vào Đảng lần đầu", "admission_decision_date"),
        (left, "Ngày ra khỏi Đảng", "earlier_left_date"),
        (readmitted, "Ngày vào Đảng lần thứ hai", "readmission_date"),
    ):
        if day is not None and day < birth_date:
            raise DomainError(
                f"{label} ({fmt_date(day)}) trước ngày sinh ({fmt_date(birth_date)}); hãy "
                "kiểm tra lại hồ sơ.",
                field=field,
            )
    if readmitted is None:
        raise DomainError(
            f"Hồ sơ ghi ngày ra khỏi Đảng ({fmt_date(left)}) nhưng chưa ghi ngày vào Đảng lần "
            "thứ hai; hãy ghi ngày kết nạp lại (tuổi Đảng trừ khoảng thời gian giữa hai ngày "
            "này), hoặc bỏ trống cả hai.",
            field="readmission_date",
        )
    if left is None:
        raise DomainError(
            f"Hồ sơ ghi ngày vào Đảng lần thứ hai ({fmt_date(readmitted)}) nhưng chưa ghi ngày "
            "ra khỏi Đảng trước đó; hãy ghi ngày ra khỏi Đảng (tuổi Đảng trừ khoảng thời gian "
            "từ ngày đó đến ngày kết nạp lại).",
            field="earlier_left_date",
        )
    if left <= admitted:
        raise DomainError(
            f"Ngày ra khỏi Đảng ({fmt_date(left)}) phải sau ngày vào Đảng lần đầu "
            f"({fmt_date(admitted)}).",
            field="earlier_left_date",
        )
    if readmitted <= left:
        raise DomainError(
            f"Ngày vào Đảng lần thứ hai ({fmt_date(readmitted)}) phải sau ngày ra khỏi Đảng "
            f"({fmt_date(left)}).",
            field="readmission_date",
        )
    if readmitted > on:
        raise DomainError(
            f"Ngày vào Đảng lần thứ hai ({fmt_date(readmitted)}) phải trước ngày đồng chí về "
            f"sinh hoạt tại đây ({fmt_date(on)}).",
            field="readmission_date",
        )
    for day, label, field in (
        (party_file.ceremony_date, "Ngày lễ kết nạp", "ceremony_date"),
        (party_file.full_member_date, "Ngày chính thức", "full_member_date"),
    ):
        if day is not None and day < readmitted:
            raise DomainError(
                f"{label} ({fmt_date(day)}) trước ngày vào Đảng lần thứ hai "
                f"({fmt_date(readmitted)}); đảng viên kết nạp lại phải dự bị lại, hãy ghi "
                "ngày lễ kết nạp và ngày chính thức của lần kết nạp lại.",
                field=field,
            )


def check_file_dates(
    party_file: PartyFile, birth_date: dt.date, lookups: Lookups = DATABASE
) -> None:
    """Refuse a file that cannot be: admitted before birth or under the minimum age, a
    card issued before the full-membership date."""
    check_birth_before(
        birth_date,
        party_file.admission_decision_date,
        "Ngày kết nạp",
        "admission_decision_date",
        lookups.rule,
    )
    check_card_date(party_file)


def _write_party_file(member: Member, party_file: PartyFile, card_number: str) -> None:
    member.admission_decision_date = party_file.admission_decision_date
    member.earlier_left_date = party_file.earlier_left_date
    member.readmission_date = party_file.readmission_date
    member.ceremony_date = party_file.ceremony_date
    member.full_member_date = party_file.full_member_date
    member.card_number = card_number
    member.card_date = party_file.card_date
    member.save(
        update_fields=[
            "admission_decision_date",
            "ceremony_date",
            "full_member_date",
            "card_number",
            "card_date",
            "earlier_left_date",
            "readmission_date",
        ]
    )


@transaction.atomic
def do_record_existing_member(
    person: Person,
    *,
    organisation: Organisation,
    on: dt.date,
    admission_decision_date: dt.date,
    ceremony_date: dt.date | None = None,
    full_member_date: dt.date | None = None,
    card_number: str = "",
    card_date: dt.date | None = None,
    earlier_left_date: dt.date | None = None,
    readmission_date: dt.date | None = None,
    national_id: str = "",
    acting_user: Any,
) -> Member:
    """Bring onto the books, on `on`, a member admitted before the records kept here began.

    The record keeps the historical dates (party age counts from them); the ledger starts
    with an OPENING event. Loading the roll moves nobody: the statistics count the member in
    the start stock of the period `on` falls in, never as an inflow (`queries.balance`).
    """
    party_file = PartyFile(
        admission_decision_date,
        ceremony_date,
        full_member_date,
        card_number,
        card_date,
        earlier_left_date,
        readmission_date,
        national_id,
    )
    opening = check_opening(
        person, organisation=organisation, on=on, party_file=party_file, acting_user=acting_user
    )
    return write_openings([opening], acting_user)[0]


@dataclass
class Opening:
    """A member's opening balance that passed every check, ready to be written."""

    person: Person
    organisation: Organisation
    path: str
    on: dt.date
    party_file: PartyFile
    status: str
    card_number: str


def check_opening(
    person: Person,
    *,
    organisation: Organisation,
    on: dt.date,
    party_file: PartyFile,
    lookups: Lookups = DATABASE,
    acting_user: Any = None,
) -> Opening:
    """Every rule of `do_record_existing_member`, without writing anything."""
    _check_date(on, "on")
    person = clean_person(person, lookups=lookups, acting_user=acting_user)
    version = _check_org(organisation, on, lookups=lookups)
    # The interruption first: its message names the facts behind a later date refused.
    check_earlier_interruption(party_file, person.birth_date, on)
    status, number = _check_party_file(party_file, on, lookups, acting_user)
    check_file_dates(party_file, person.birth_date, lookups)
    national_id = clean(party_file.national_id).replace(" ", "")
    if national_id:
        holder = lookups.national_id_holder(national_id)
        if holder is not None:
            raise DomainError(
                numbers.national_id_message(
                    national_id, holder, lookups.can_see(acting_user, holder), person.full_name
                ),
                "national_id",
            )
        party_file = replace(party_file, national_id=national_id)
    return Opening(person, organisation, version.path, on, party_file, status, number)


def write_openings(openings: list[Opening], acting_user: Any) -> list[Member]:
    """Write checked openings: the records, their OPENING events, intervals and audit.

    A handful of statements for the whole list, so a roll of thousands imports quickly;
    the intervals come from the same `ledger.replay` as every other change.
    """
    recorded_by = acting_user if getattr(acting_user, "pk", None) else None
    members: list[Member] = []
    events: list[MemberEvent] = []
    spans_of: list[list[Span]] = []
    counting = membership_gaps(today())  # party age's rule, read once for the whole roll
    for opening in openings:
        pf = opening.party_file
        member = Member(
            search_key=search_key(opening.person.full_name),
            **{f.name: getattr(opening.person, f.name) for f in fields(opening.person)},
            admission_decision_date=pf.admission_decision_date,
            ceremony_date=pf.ceremony_date,
            full_member_date=pf.full_member_date,
            card_number=opening.card_number,
            card_date=pf.card_date,
            earlier_left_date=pf.earlier_left_date,
            readmission_date=pf.readmission_date,
            national_id=pf.national_id,
        )
        event = MemberEvent(
            kind=EventKind.OPENING,
            date=opening.on,
            organisation=opening.organisation,
            details={"status": opening.status},
            recorded_by=recorded_by,
        )
        path = opening.path
        spans = replay([event], path_of=lambda _org, _day, _label, path=path: path)
        derive_fields(member, spans, [event])
        members.append(member)
        events.append(event)
        spans_of.append(spans)
    try:
        with transaction.atomic():
            Member.objects.bulk_create(members, batch_size=500)
    except IntegrityError as error:
        # A number taken meanwhile by another save: name the first record that collides.
        for member in members:
            clash = collision_error(
                error, member.identity_number, member.card_number, None, acting_user
            )
            if numbers.holder_of_identity(member.identity_number) or numbers.holder_of_card(
                member.card_number
            ):
                raise DomainError(f"{member.full_name}: {clash.message}", clash.field) from None
        raise collision_error(error, "", "", None, acting_user) from None
    intervals: list[MembershipInterval] = []
    for member, event, spans in zip(members, events, spans_of, strict=True):
        event.member = member
        intervals.extend(interval_rows(member, spans, counting))
    MemberEvent.objects.bulk_create(events, batch_size=500)
    MembershipInterval.objects.bulk_create(intervals, batch_size=500)
    # One entry per member: the record as created, with the opening event that brought it.
    audit.record_many(
        [
            audit.entry(
                audit.CREATE,
                user=acting_user,
                obj=member,
                after={
                    **audit.snapshot(member),
                    "biến động": event.summary,
                    "ngày": event.date.isoformat(),
                    "tổ chức": opening.organisation.code,
                    "event_id": event.pk,
                },
            )
            for member, event, opening in zip(members, events, openings, strict=True)
        ]
    )
    return members


def new_member_class(member: Member, by: dt.date) -> str | None:
    """The new-member class the member completed, ended by `by`, as recorded; else None."""
    from dangvu.education.models import ClassLearner, PoliticalClass

    learner = (
        ClassLearner.objects.filter(
            member=member,
            completed=True,
            political_class__kind=PoliticalClass.Kind.NEW_MEMBER,
            political_class__voided_at__isnull=True,
            political_class__end_date__lte=by,
        )
        .select_related("political_class")
        .order_by("-political_class__end_date")
        .first()
    )
    return learner.political_class.name if learner else None


@transaction.atomic
def do_confirm_member(
    member: Member, *, decision: Decision, acting_user: Any, class_reason: str = ""
) -> MemberEvent:
    """Confirm a probationary member; they are full members from the end of probation.

    The new-member class is expected first (rule "members.new_member_class_before_
    confirmation"): the event keeps the class, or the reason recorded for confirming
    without it, or marks that neither was recorded so that the page warns.
    """
    status, _ = _require_member(member, decision.date, "chuyển đảng chính thức")
    if status != Status.PROBATIONARY:
        raise DomainError("Đồng chí đã là đảng viên chính thức.", field="date")
    end = probation_end(member)
    if end is None:
        raise DomainError(
            "Hồ sơ chưa có ngày kết nạp hoặc ngày lễ kết nạp; hãy bổ sung lý lịch trước.",
            field="date",
        )
    if decision.date < end:
        raise DomainError(
            f"Chưa đủ 12 tháng dự bị: thời gian dự bị kết thúc ngày {fmt_date(end)}; "
            f"chỉ xét chuyển chính thức từ ngày đó.",
            field="date",
        )
    details: dict[str, Any] = {"effective_date": end.isoformat()}
    studied = new_member_class(member, decision.date)
    if studied:
        details["new_member_class"] = studied
    elif clean(class_reason):
        details["without_class_reason"] = clean(class_reason)
    else:
        details["without_class"] = True
    return _append(member, EventKind.CONFIRMED, decision, acting_user, details=details)


@transaction.atomic
def do_issue_card(
    member: Member, *, card_number: str, decision: Decision, acting_user: Any
) -> MemberEvent:
    number = clean(card_number).replace(" ", "")
    if not number or not number.isdigit() or len(number) > 20:
        raise DomainError(
            "Số thẻ đảng viên chỉ gồm chữ số (giữ nguyên các số 0 ở đầu).", field="card_number"
        )
    status, _ = _require_member(member, decision.date, "phát thẻ đảng viên")
    if status != Status.FULL:
        full = member.full_member_date
        if full is not None and decision.date < full:
            raise DomainError(
                f"Ngày phát thẻ ({fmt_date(decision.date)}) trước ngày đồng chí trở thành đảng "
                f"viên chính thức ({fmt_date(full)}); chỉ phát thẻ cho đảng viên chính thức.",
                field="date",
            )
        raise DomainError(
            f"Ngày {fmt_date(decision.date)} đồng chí còn là đảng viên dự bị (chưa có quyết "
            "định chuyển chính thức); chỉ phát thẻ cho đảng viên chính thức.",
            field="date",
        )
    holder = numbers.holder_of_card(number, exclude_member=member.pk)
    if holder is not None:
        raise numbers.card_error(number, holder, acting_user)
    try:
        with transaction.atomic():
            return _append(
                member,
                EventKind.CARD_ISSUED,
                decision,
                acting_user,
                details={"card_number": number},
            )
    except IntegrityError as error:
        raise collision_error(error, "", number, member.pk, acting_user) from None


@transaction.atomic
def do_transfer_in(
    person: Person | None,
    *,
    organisation: Organisation,
    external_party: str,
    decision: Decision,
    acting_user: Any,
    party_file: PartyFile | None = None,
    member: Member | None = None,
) -> Member:
    """Receive a member transferred officially from outside the tree, with their file.

    The file's dates decide whether they arrive probationary or full, and keep their party
    age and probation counting from their admission elsewhere. A member who once left us
    (`member`) comes back with the file already on their record.
    """
    _check_date(decision.date)
    _check_org(organisation, decision.date)
    if not clean(external_party):
        raise DomainError("Hãy ghi đảng bộ nơi chuyển đi.", field="external_party")
    if member is None:
        if person is None or party_file is None:
            raise DomainError("Hãy nhập lý lịch và hồ sơ đảng viên chuyển đến.", field="full_name")
        check_earlier_interruption(party_file, person.birth_date, decision.date)
        status, number = _check_party_file(party_file, decision.date, acting_user=acting_user)
        check_file_dates(party_file, person.birth_date)
        member = _create_member(clean_person(person, acting_user=acting_user), acting_user)
        try:
            with transaction.atomic():
                _write_party_file(member, party_file, number)
        except IntegrityError as error:
            raise collision_error(error, "", number, member.pk, acting_user) from None
    else:
        status = Status.FULL if member.full_member_date else Status.PROBATIONARY
    _append(
        member,
        EventKind.TRANSFER_IN,
        decision,
        acting_user,
        organisation=organisation,
        external_party=external_party,
        details={"status": status},
    )
    member.refresh_from_db()
    return member


@transaction.atomic
def do_transfer_out(
    member: Member, *, external_party: str, decision: Decision, acting_user: Any
) -> MemberEvent:
    _, org_id = _require_member(member, decision.date, "chuyển sinh hoạt đi")
    if not clean(external_party):
        raise DomainError("Hãy ghi đảng bộ nơi chuyển đến.", field="external_party")
    return _append(
        member,
        EventKind.TRANSFER_OUT,
        decision,
        acting_user,
        organisation=organisation_id_of(org_id),
        external_party=external_party,
    )


def organisation_id_of(org_id: int) -> Organisation:
    return Organisation.objects.get(pk=org_id)


@transaction.atomic
def do_move_member(
    member: Member,
    *,
    to: Organisation,
    decision: Decision,
    acting_user: Any,
    restructuring: Restructuring | None = None,
) -> MemberEvent:
    """Move a member between two organisations of the tree."""
    _, org_id = _require_member(member, decision.date, "chuyển sinh hoạt")
    if restructuring is None:
        _check_org(to, decision.date, "to")
        if to.pk == org_id:
            raise DomainError("Đồng chí đang sinh hoạt tại tổ chức này.", field="to")
    return _append(
        member,
        EventKind.MOVED,
        decision,
        acting_user,
        organisation=to,
        from_organisation=organisation_id_of(org_id),
        restructuring=restructuring,
    )


@transaction.atomic
def do_record_temporary(
    member: Member,
    *,
    kind: str,
    place: str,
    until: dt.date | None,
    decision: Decision,
    acting_user: Any,
) -> MemberEvent:
    """Temporary attachment outside the committee (out) or at another of its organisations
    (in); the member stays on the home rolls."""
    if kind not in (EventKind.TEMP_IN, EventKind.TEMP_OUT):
        raise DomainError("Loại sinh hoạt tạm thời không hợp lệ.", field="kind")
    _, org_id = _require_member(member, decision.date, "ghi sinh hoạt tạm thời")
    if not clean(place):
        raise DomainError("Hãy ghi nơi sinh hoạt tạm thời.", field="place")
    if until is not None and until <= decision.date:
        raise DomainError("Ngày kết thúc phải sau ngày bắt đầu.", field="until")
    return _append(
        member,
        kind,
        decision,
        acting_user,
        organisation=organisation_id_of(org_id),
        external_party=place,
        details={"until": until.isoformat() if until else None},
    )


@transaction.atomic
def do_exempt_member(
    member: Member, *, decision: Decision, acting_user: Any, ended: bool = False
) -> MemberEvent:
    """Exempt a member from activities (age, illness), or end the exemption."""
    _, org_id = _require_member(member, decision.date, "ghi miễn sinh hoạt")
    if ended and not member.exempted:
        raise DomainError("Đồng chí không đang được miễn sinh hoạt.", field="date")
    if not ended and member.exempted:
        raise DomainError("Đồng chí đang được miễn sinh hoạt.", field="date")
    return _append(
        member,
        EventKind.EXEMPTED,
        decision,
        acting_user,
        organisation=organisation_id_of(org_id),
        details={"ended": ended},
    )


@transaction.atomic
def do_discipline_member(
    member: Member,
    *,
    form: str,
    violation_date: dt.date | None,
    decision: Decision,
    acting_user: Any,
    issuing_level: str,
    delegation: str = "",
    issuer: Any = None,
    violation_category: str = "",
    expulsion_level: bool = False,
    later_violation_date: dt.date | None = None,
    conclusion_date: dt.date | None = None,
) -> MemberEvent:
    """Discipline a member; the forms allowed depend on their status that day.

    The issuing body (`issuing_level`: cell, grassroots committee, standing committee or
    inspection commission; for a grassroots committee that expels, the delegating decision
    in `delegation`) must have authority for the form, checked by the same function as the
    discipline decisions (inspection.authority). `issuer` is the body's organisation version
    when the caller chose it (a discipline decision); otherwise it is the body of that level
    over the member's cell. The limitation runs from the violation (or a new one within the
    period) to `conclusion_date` (the day the violation was concluded to warrant discipline;
    None: the decision date) unless the violation is of a category exempt from it or at the
    level of expulsion.
    """
    # Authority and limitation are rule data owned with the discipline decisions.
    from dangvu.inspection.authority import check_authority, member_issuer
    from dangvu.inspection.limitation import check_conclusion_date, check_limitation

    status, org_id = _require_member(member, decision.date, "thi hành kỷ luật")
    allowed = rule("members.discipline_forms_by_status", decision.date).get(status, [])
    if form not in DisciplineForm.values:
        raise DomainError("Hình thức kỷ luật không có trong danh mục.", field="form")
    if form not in allowed:
        names = ", ".join(DisciplineForm(f).label.lower() for f in allowed)
        raise DomainError(
            f"{Status(status).label} chỉ có thể bị kỷ luật {names}; không áp dụng hình thức "
            f"{DisciplineForm(form).label.lower()}.",
            field="form",
        )
    if form == DisciplineForm.DISMISSAL and not member.post:
        raise DomainError("Cách chức chỉ áp dụng với đảng viên đang giữ chức vụ.", field="form")
    delegation = clean(delegation)
    if issuer is None:
        issuer = member_issuer(Organisation.objects.get(pk=org_id), issuing_level, decision.date)
    check_authority("MEMBER", form, issuer, issuing_level, decision.date, delegation)
    if violation_date is not None:
        check_limitation(
            "members",
            form,
            violation_date,
            decision.date,
            category=violation_category,
            expulsion_level=expulsion_level,
            later_violation_date=later_violation_date,
            conclusion_date=conclusion_date,
        )
    elif conclusion_date is not None:
        # Without a violation date, only the decision bounds the conclusion.
        check_conclusion_date(conclusion_date, conclusion_date, decision.date)
    details: dict[str, Any] = {
        "form": form,
        "violation_date": violation_date.isoformat() if violation_date else None,
        "issuing_level": issuing_level,
    }
    if delegation:
        details["delegation"] = delegation
    if conclusion_date is not None:
        details["conclusion_date"] = conclusion_date.isoformat()
    return _append(
        member,
        EventKind.DISCIPLINED,
        decision,
        acting_user,
        organisation=organisation_id_of(org_id),
        details=details,
    )


@transaction.atomic
def do_end_membership(
    member: Member, *, kind: str, decision: Decision, acting_user: Any, cause: str = ""
) -> MemberEvent:
    """Death, removal from the rolls, or resignation."""
    if kind not in (EventKind.DIED, EventKind.REMOVED, EventKind.RESIGNED):
        raise DomainError("Loại biến động không hợp lệ.", field="kind")
    _, org_id = _require_member(member, decision.date, EventKind(kind).label.lower())
    if kind == EventKind.REMOVED and not clean(cause):
        raise DomainError("Hãy ghi lý do xóa tên.", field="cause")
    return _append(
        member,
        kind,
        decision,
        acting_user,
        organisation=organisation_id_of(org_id),
        details={"cause": clean(cause)} if cause else {},
    )


def readmission_grounds() -> dict[str, str]:
    """The grounds of leaving a readmission form offers: code -> label."""
    from dangvu.members.rules import READMISSION_GROUNDS

    return dict(READMISSION_GROUNDS)


def _implied_ground(last: MembershipInterval, member: Member) -> str | None:
    """The ground of leaving the ledger itself shows, if any."""
    if last.end_kind == EventKind.RESIGNED:
        return "RESIGNED"
    if last.end_kind == EventKind.REMOVED:
        cause = (
            member.events.filter(kind=EventKind.REMOVED, date=last.valid_to, voided_at__isnull=True)
            .values_list("details__cause", flat=True)
            .first()
        )
        # "Tự bỏ sinh hoạt", "bỏ sinh hoạt 3 tháng…": the cause the removal form suggests.
        if cause and "bo sinh hoat" in search_key(cause):
            return "ABANDONED"
    return None


@transaction.atomic
def do_readmit_member(
    member: Member,
    *,
    organisation: Organisation,
    decision: Decision,
    acting_user: Any,
    left_for: str = "",
    consent_number: str = "",
    consent_date: dt.date | None = None,
    ceremony_date: dt.date | None = None,
) -> MemberEvent:
    """Readmit a former member (kết nạp lại): a new probation of 12 months follows.

    Quy định 294-QĐ/TW 2025, điểm 3.5 (24-QĐ/TW 2021, điểm 4): out of the party for at
    least 36 months; once only; never for the grounds the regulation excludes (abandoning
    activity, resigning…); with the written consent of the provincial standing committee.
    """
    day = decision.date
    _check_date(day)
    _check_org(organisation, day)
    if member.status:
        raise DomainError(
            f"Ngày {fmt_date(day)} đồng chí {member.full_name} đang là đảng viên; chỉ kết nạp "
            "lại người đã ra khỏi Đảng.",
            field="date",
        )
    last = member.intervals.order_by("-valid_to").first()
    if last is None:
        raise DomainError(
            "Chưa có lần kết nạp nào được ghi cho người này, nên không thể ghi «Kết nạp lại».",
            field="date",
        )
    if last.end_kind in (EventKind.TRANSFER_OUT, EventKind.MOVED):
        raise DomainError(
            f"Đồng chí chuyển sinh hoạt đi ngày {fmt_date(last.valid_to)}, không ra khỏi Đảng; "
            "khi trở về, hãy ghi «Tiếp nhận chuyển sinh hoạt đến».",
            field="date",
        )
    if last.end_kind == EventKind.DIED:
        raise DomainError("Đồng chí đã từ trần; không thể kết nạp lại.", field="date")
    times = rule("members.readmission_times", day)
    earlier = member.events.filter(kind=EventKind.READMITTED, voided_at__isnull=True).count()
    if member.readmission_date is not None:
        earlier += 1  # readmitted before coming onto our books, as the file says
    if earlier >= times:
        raise DomainError(
            f"Đồng chí đã được kết nạp lại {earlier} lần; chỉ kết nạp lại {times} lần.",
            field="date",
        )
    left = last.valid_to
    need = rule("members.readmission_min_months_out", day)
    earliest = add_months(left, need)
    if day < earliest:
        raise DomainError(
            f"Đồng chí ra khỏi Đảng ngày {fmt_date(left)}; phải sau ít nhất {need} tháng (từ "
            f"ngày {fmt_date(earliest)}) mới xét kết nạp lại, ngày {fmt_date(day)} chưa đủ.",
            field="date",
        )
    grounds = readmission_grounds()
    implied = _implied_ground(last, member)
    if implied == "RESIGNED" and left_for == "RESIGNED_FAMILY":
        implied = None  # resigned for a family in exceptional hardship: not excluded
    ground = implied or left_for
    if not ground:
        raise DomainError(
            "Hãy chọn lý do đồng chí đã ra khỏi Đảng (theo hồ sơ); có lý do không được xét "
            "kết nạp lại.",
            field="left_for",
        )
    if ground not in grounds:
        raise DomainError("Lý do ra khỏi Đảng không có trong danh mục.", field="left_for")
    if ground in rule("members.readmission_excluded_grounds", day):
        how = "theo biến động đã ghi" if implied else "theo hồ sơ"
        raise DomainError(
            f"Đồng chí ra khỏi Đảng ngày {fmt_date(left)} vì «{grounds[ground].lower()}» "
            f"({how}); quy định không xem xét kết nạp lại trường hợp này.",
            field="left_for",
        )
    consent_number = clean(consent_number)
    if not consent_number or consent_date is None:
        raise DomainError(
            "Hãy ghi số và ngày văn bản đồng ý của Ban Thường vụ tỉnh ủy, thành ủy (hoặc tương "
            "đương) về việc kết nạp lại.",
            field="consent_number",
        )
    _check_date(consent_date, "consent_date")
    if consent_date > day:
        raise DomainError(
            f"Văn bản đồng ý của Ban Thường vụ tỉnh ủy ({fmt_date(consent_date)}) phải có "
            f"trước quyết định kết nạp lại ({fmt_date(day)}).",
            field="consent_date",
        )
    if consent_date < left:
        raise DomainError(
            f"Văn bản đồng ý ({fmt_date(consent_date)}) trước ngày đồng chí ra khỏi Đảng "
            f"({fmt_date(left)}); hãy kiểm tra lại.",
            field="consent_date",
        )
    details: dict[str, Any] = {
        "left_for": ground,
        "consent_number": consent_number,
        "consent_date": consent_date.isoformat(),
    }
    if ceremony_date is not None:
        # A new probation runs from the ceremony, as for a first admission.
        if ceremony_date < day:
            raise DomainError(
                f"Lễ kết nạp lại ({fmt_date(ceremony_date)}) không thể trước quyết định "
                f"({fmt_date(day)}).",
                field="ceremony_date",
            )
        limit = add_working_days(day, rule("members.ceremony_within_working_days", day))
        if ceremony_date > limit:
            raise DomainError(
                f"Lễ kết nạp lại phải tổ chức chậm nhất ngày {fmt_date(limit)}.",
                field="ceremony_date",
            )
        details["ceremony_date"] = ceremony_date.isoformat()
    return _append(
        member,
        EventKind.READMITTED,
        decision,
        acting_user,
        organisation=organisation,
        details=details,
    )


@transaction.atomic
def do_restore_member(
    member: Member, *, organisation: Organisation, decision: Decision, acting_user: Any
) -> MemberEvent:
    """Restore a wrongly expelled member; their party age runs on without a gap."""
    _check_org(organisation, decision.date)
    return _append(member, EventKind.RESTORED, decision, acting_user, organisation=organisation)


def _badge_organisation(member: Member, day: dt.date, what: str) -> Organisation:
    """Where a badge event is recorded: the member's organisation that day, or for a
    posthumous badge the one they belonged to when they died."""
    from dangvu.members import badges

    if badges.death_date(member) is not None:
        return badges.posthumous_organisation(member)  # the check asks for «truy tặng»
    _, org_id = _require_member(member, day, what)
    return organisation_id_of(org_id)


def _badge_details(milestone: int, case: str) -> dict[str, Any]:
    # A badge on the ordinary ground keeps the shape it always had.
    return {"milestone": milestone} if case == "DUE" else {"milestone": milestone, "case": case}


@transaction.atomic
def do_propose_badge(
    member: Member,
    *,
    milestone: int,
    decision: Decision,
    acting_user: Any,
    case: str = "DUE",
) -> MemberEvent:
    """Propose a badge: reached (or nearly, `case` EARLY or POSTHUMOUS, within the limits
    of the text in force), and not deferred by a discipline decision (members.badges)."""
    from dangvu.members import badges
    from dangvu.members.queries import badge_due_date

    case = case or badges.BadgeCase.DUE
    organisation = _badge_organisation(member, decision.date, "đề nghị tặng Huy hiệu")
    if MemberEvent.objects.filter(
        member=member,
        kind__in=[EventKind.BADGE_PROPOSED, EventKind.BADGE_AWARDED],
        details__milestone=milestone,
        voided_at__isnull=True,
    ).exists():
        raise DomainError(
            f"Đã đề nghị hoặc tặng Huy hiệu {milestone} năm cho đồng chí.", field="milestone"
        )
    badges.check(
        member,
        milestone=milestone,
        case=case,
        on=decision.date,
        award=False,
        note=decision.note,
        due=badge_due_date(member, milestone, decision.date),
    )
    return _append(
        member,
        EventKind.BADGE_PROPOSED,
        decision,
        acting_user,
        organisation=organisation,
        details=_badge_details(milestone, case),
    )


@transaction.atomic
def do_award_badge(
    member: Member,
    *,
    milestone: int,
    decision: Decision,
    acting_user: Any,
    case: str = "",
) -> MemberEvent:
    """Award a proposed badge; the texts in force on the award day are checked again
    (party age reached, or within the early or posthumous limit; no deferral). `case`
    defaults to the proposal's."""
    from dangvu.members import badges
    from dangvu.members.queries import badge_due_date

    proposal = (
        MemberEvent.objects.filter(
            member=member,
            kind=EventKind.BADGE_PROPOSED,
            details__milestone=milestone,
            voided_at__isnull=True,
        )
        .order_by("-date", "-id")
        .first()
    )
    if proposal is None:
        raise DomainError(f"Chưa có đề nghị tặng Huy hiệu {milestone} năm.", field="milestone")
    case = case or proposal.details.get("case") or badges.BadgeCase.DUE
    organisation = _badge_organisation(member, decision.date, "tặng Huy hiệu")
    if MemberEvent.objects.filter(
        member=member,
        kind=EventKind.BADGE_AWARDED,
        details__milestone=milestone,
        voided_at__isnull=True,
    ).exists():
        raise DomainError(f"Đã tặng Huy hiệu {milestone} năm cho đồng chí.", field="milestone")
    badges.check(
        member,
        milestone=milestone,
        case=case,
        on=decision.date,
        award=True,
        note=decision.note,
        due=badge_due_date(member, milestone, decision.date),
    )
    return _append(
        member,
        EventKind.BADGE_AWARDED,
        decision,
        acting_user,
        organisation=organisation,
        details=_badge_details(milestone, case),
    )


# An app whose record wrote a member's event (a discipline decision writes DISCIPLINED)
# registers a guard: guard(event) -> a message saying where the record is voided, while
# that record stands, else None. The member ledger then never disagrees with it.
VoidGuard = Callable[[MemberEvent], str | None]
_VOID_GUARDS: list[VoidGuard] = []


def register_void_guard(guard: VoidGuard) -> VoidGuard:
    if guard not in _VOID_GUARDS:
        _VOID_GUARDS.append(guard)
    return guard


@transaction.atomic
def do_void_event(event: MemberEvent, *, reason: str, acting_user: Any) -> MemberEvent:
    """Void a mistaken event (never deleted) and rebuild; refused if the rest would not hold."""
    if event.voided_at is not None:
        raise DomainError("Biến động này đã bị hủy.", field="reason")
    if not clean(reason):
        raise DomainError("Hãy ghi lý do hủy.", field="reason")
    if event.restructuring_id:
        raise DomainError(
            "Biến động do quyết định sắp xếp tổ chức tạo ra; không hủy riêng được.",
            field="reason",
        )
    for guard in _VOID_GUARDS:
        message = guard(event)
        if message:
            raise DomainError(message, field="reason")
    event.voided_at = timezone.now()
    event.voided_by = acting_user if getattr(acting_user, "pk", None) else None
    event.void_reason = clean_paragraphs(reason)
    event.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit.record(
        audit.VOID,
        user=acting_user,
        obj=event.member,
        before={"biến động": event.summary, "ngày": event.date.isoformat(), "event_id": event.pk},
        note=f"Lý do hủy: {event.void_reason}",
    )
    if event.details.get("displaced_moves"):
        # A departure that had displaced restructuring moves: the decisions move them again.
        from dangvu.members.mover import rederive_moves

        rederive_moves(event, acting_user)
    try:
        rebuild_member(event.member)
    except DomainError as error:
        raise DomainError(
            f"Không thể hủy: nếu bỏ biến động này thì lịch sử còn lại không hợp lệ — "
            f"{error.message}",
            field="reason",
        ) from None
    return event


def _check_interruption_on_record(
    member: Member, birth_date: dt.date, left: dt.date | None, readmitted: dt.date | None
) -> None:
    """Refuse an earlier interruption the member's file cannot carry (see
    `check_earlier_interruption`); the file's other dates are those on the record."""
    if (left or readmitted) and member.admission_decision_date is None:
        raise DomainError(
            "Lý lịch chưa có ngày vào Đảng lần đầu (ngày quyết định kết nạp), nên chưa ghi "
            "được lần ra khỏi Đảng trước đây; hãy bổ sung ngày kết nạp theo hồ sơ trước.",
            field="earlier_left_date",
        )
    if readmitted is not None:
        times = rule("members.readmission_times", readmitted)
        here = list(
            member.events.filter(kind=EventKind.READMITTED, voided_at__isnull=True)
            .order_by("date")
            .values_list("date", flat=True)
        )
        if len(here) + 1 > times:
            raise DomainError(
                f"Đồng chí đã được kết nạp lại ngày {fmt_date(here[0])} (ghi trong sổ); chỉ "
                f"kết nạp lại {times} lần, nên hồ sơ không thể có thêm lần kết nạp lại ngày "
                f"{fmt_date(readmitted)}. Hãy kiểm tra lại hồ sơ.",
                field="readmission_date",
            )
    if member.admission_decision_date is None:
        return
    first = member.intervals.order_by("valid_from").values_list("valid_from", flat=True).first()
    try:
        check_earlier_interruption(
            PartyFile(
                member.admission_decision_date,
                member.ceremony_date,
                member.full_member_date,
                member.card_number,
                member.card_date,
                left,
                readmitted,
            ),
            birth_date,
            first or today(),
        )
    except DomainError as error:
        if error.field not in ("ceremony_date", "full_member_date"):
            raise
        # Those two dates are not on this page: they came with the member onto our books.
        raise DomainError(
            f"{error.message} Ngày lễ kết nạp và ngày chính thức trên lý lịch được ghi khi "
            "đồng chí về sinh hoạt tại đây (danh sách đầu kỳ hoặc tiếp nhận chuyển đến); nếu "
            "đó là ngày của lần kết nạp đầu, hãy sửa ghi nhận ấy trước rồi mới ghi lần kết "
            "nạp lại.",
            field="readmission_date",
        ) from None


def forget_unresolved(record: Member | Any, changed: list[str]) -> int:
    """Delete the record's old unmatched texts (`UnresolvedValue`) of the fields it was just
    given a value in: the value chosen on its form or in an import answers them."""
    answered = [name for name in changed if getattr(record, name, None) is not None]
    if not answered:
        return 0
    owner = {"member": record} if isinstance(record, Member) else {"candidate": record}
    return UnresolvedValue.objects.filter(**owner, field__in=answered).delete()[0]


# The fields a member's edit page shows, stamped so that a concurrent edit is refused.
MEMBER_STAMPED = [
    *(f.name for f in fields(Person)),
    "earlier_left_date",
    "readmission_date",
    "national_id",
    "photo",
]


@transaction.atomic
def do_update_member_record(
    member: Member,
    person: Person,
    *,
    acting_user: Any,
    interruption: tuple[dt.date | None, dt.date | None] | None = None,
    national_id: str | None = None,
    stamp: str | concurrency.Stamp | None = None,
) -> Member:
    """Correct the record (lý lịch); the ledger and derived state are untouched.

    `stamp`, when given, is the edit page's stamp of `MEMBER_STAMPED`: the member's row is
    locked and re-read first, and a value changed by someone else since the page was
    opened refuses the edit with `EditConflict`, before the "nothing changed" case.

    `national_id`, when given, is the member's national identifier (mã đảng viên), unique
    when present: another record's is refused naming both records.

    `interruption` (left, readmitted), when given, is the earlier interruption the party
    file shows, for a member already on the books: checked as the roll and the transfer-in
    check it, against the (corrected) birth date, the first admission, the ceremony and
    full-membership dates and the day the member came onto our books. Party age, hence
    the badge due list, reads these fields at once.
    """
    if stamp is not None:
        concurrency.check(concurrency.locked(member), stamp, MEMBER_STAMPED)
    return _update_member_record(
        member, person, acting_user=acting_user, interruption=interruption, national_id=national_id
    )


def _update_member_record(
    member: Member,
    person: Person,
    *,
    acting_user: Any,
    interruption: tuple[dt.date | None, dt.date | None] | None,
    national_id: str | None,
) -> Member:
    person = clean_person(person, exclude_pk=member.pk, acting_user=acting_user, keep=member)
    changed = [f.name for f in fields(person) if getattr(member, f.name) != getattr(person, f.name)]
    if interruption is not None:
        left, readmitted = interruption
        file_changed = [
            name
            for name, value in (("earlier_left_date", left), ("readmission_date", readmitted))
            if getattr(member, name) != value
        ]
        if file_changed or ((left or readmitted) and "birth_date" in changed):
            _check_interruption_on_record(member, person.birth_date, left, readmitted)
    else:
        file_changed = []
    if national_id is not None:
        national_id = clean(national_id).replace(" ", "")
        if national_id != member.national_id:
            holder = numbers.holder_of_national_id(national_id, exclude_member=member.pk)
            if holder is not None:
                raise numbers.national_id_error(national_id, holder, acting_user, person.full_name)
            file_changed.append("national_id")
    if not changed and not file_changed:
        return member
    before = audit.snapshot(member, [*changed, *file_changed])
    for name in changed:
        setattr(member, name, getattr(person, name))
    if interruption is not None:
        member.earlier_left_date, member.readmission_date = interruption
    if national_id is not None:
        member.national_id = national_id
    changed += file_changed
    member.search_key = search_key(member.full_name)
    try:
        with transaction.atomic():
            member.save(update_fields=[*changed, "search_key"])
            forget_unresolved(member, changed)
            if file_changed:
                refresh_age_starts(member)  # party age by interval follows the file
            audit.record(
                audit.UPDATE,
                user=acting_user,
                obj=member,
                before=before,
                after=audit.snapshot(member, changed),
            )
    except IntegrityError as error:
        if numbers.collided_on(error) == "national_id" and national_id:
            holder = numbers.holder_of_national_id(national_id, exclude_member=member.pk)
            if holder is not None:
                raise numbers.national_id_error(
                    national_id, holder, acting_user, person.full_name
                ) from None
        raise collision_error(error, person.identity_number, "", member.pk, acting_user) from None
    return member


@transaction.atomic
def do_set_member_photo(member: Member, upload: Any, *, acting_user: Any) -> Member:
    """Store a new photo of the member (checked by its content) in place of the old one."""
    from dangvu.members.photos import checked_photo

    content = checked_photo(upload, member_pk=member.pk)
    before = {"photo": member.photo.name or ""}
    old = member.photo.name
    member.photo.save(content.name, content, save=False)
    member.save(update_fields=["photo"])
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=member,
        before=before,
        after={"photo": member.photo.name},
    )
    if old:
        # The old file goes once the new one is recorded; the audit keeps its name.
        transaction.on_commit(lambda: member.photo.storage.delete(old))
    return member


def allowed_event_kinds(member: Member) -> list[str]:
    """The kinds of event a form may offer for this member in their present state."""
    if not member.status:
        last_end = member.intervals.order_by("-valid_to").values_list("end_kind", flat=True).first()
        if last_end == EventKind.DIED:
            # Nothing follows a death on the books but a posthumous badge (truy tặng).
            return [EventKind.BADGE_PROPOSED, EventKind.BADGE_AWARDED]
        kinds = [EventKind.READMITTED]
        if last_end == "EXPELLED":
            kinds.append(EventKind.RESTORED)
        return kinds
    kinds = [
        EventKind.MOVED,
        EventKind.TRANSFER_OUT,
        EventKind.TEMP_OUT,
        EventKind.TEMP_IN,
        EventKind.EXEMPTED,
        EventKind.DISCIPLINED,
        EventKind.DIED,
        EventKind.REMOVED,
        EventKind.RESIGNED,
        EventKind.BADGE_PROPOSED,
        EventKind.BADGE_AWARDED,
    ]
    if member.status == Status.PROBATIONARY:
        kinds.insert(0, EventKind.CONFIRMED)
    else:
        kinds.insert(0, EventKind.CARD_ISSUED)
    return kinds
