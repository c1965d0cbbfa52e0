"""Import declarations of member work: the roll, the ledger's events, the candidates.

Rows are matched so that importing the same file twice changes nothing: a member by
identity number (or, without one, by exact name, birth date and admission date), an
event by its member, kind and date. A row naming someone with the same name and birth
date as a record already here, without an identity number to tell them apart, is held
back for a decision rather than merged or doubled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.importing import Column, Context, ImportKind, RowError, register
from dangvu.core.rules import RuleBook
from dangvu.inspection.authority import MEMBER_LEVEL_CHOICES
from dangvu.inspection.limitation import CONCLUSION_DATE_HELP, ViolationCategory
from dangvu.inspection.models import Level
from dangvu.lib import sheets
from dangvu.lib.text import clean, search_key
from dangvu.members import actions, candidates, numbers, places
from dangvu.members.actions import PERSON_VOCABULARIES, Decision, Opening, PartyFile, Person
from dangvu.members.badges import BadgeCase
from dangvu.members.kinds import DisciplineForm, EventKind
from dangvu.members.models import AdmissionCandidate, Member, MemberEvent
from dangvu.members.rules import EDUCATION_EXCEPTIONS, READMISSION_GROUNDS
from dangvu.orgs.models import Organisation, OrganisationVersion
from dangvu.orgs.queries import version_at
from dangvu.vocab import lookup
from dangvu.vocab.models import AdminUnit, Vocabulary, VocabularyValue

# The fields of `Person` that hold a vocabulary value or an administrative unit.
OBJECT_FIELDS = {
    *PERSON_VOCABULARIES,
    *(
        f"{p}_{part}"
        for p in ("birthplace", "hometown", "residence")
        for part in ("province", "local")
    ),
}

SEX = (("M", "Nam"), ("F", "Nữ"))


class VocabularyColumn(Column):
    """A column naming a value of a vocabulary: its template lists the values in force."""

    def template_column(self) -> sheets.TemplateColumn:
        column = super().template_column()
        column.choices = lookup.allowed_names(PERSON_VOCABULARIES[self.field]) or None
        return column


class ProvinceColumn(Column):
    """A column naming a province: its template lists the provinces in force."""

    def template_column(self) -> sheets.TemplateColumn:
        column = super().template_column()
        column.choices = [u.name for u in lookup.units_on(AdminUnit.Level.PROVINCE)] or None
        return column


VALUE_HELP = "Tên, tên gọi khác hoặc mã trong danh mục; để trống nếu chưa có thông tin."
PROVINCE_HELP = "Tên hoặc mã tỉnh, thành phố; tỉnh trước sáp nhập 01/7/2025 vẫn được nhận."
LOCAL_HELP = "Huyện (trước 01/7/2025) hoặc xã, phường thuộc tỉnh ở cột trước."


def _place(header: str, field: str, example: tuple[str, str]) -> tuple[Column, ...]:
    return (
        ProvinceColumn(
            f"{header}: tỉnh, thành phố",
            f"{field}_province",
            help=PROVINCE_HELP,
            example=example[0],
        ),
        # No example: a new installation has only the provinces until the office loads its
        # districts and communes (import «admin-units»), and the template's own example row
        # must import there.
        Column(f"{header}: huyện, xã", f"{field}_local", help=LOCAL_HELP),
        # The detail keeps the old single column's header: an older file's whole address
        # is read as the detail text.
        Column(
            header,
            field,
            help="Phần còn lại của địa chỉ (thôn, số nhà, đường); tệp cũ: cả địa chỉ.",
            example=example[1],
        ),
    )


def _value(header: str, field: str, example: str) -> Column:
    return VocabularyColumn(header, field, help=VALUE_HELP, example=example)


PERSON = (
    Column("Họ và tên", "full_name", required=True, example="Nguyễn Văn An"),
    Column("Ngày sinh", "birth_date", "date", required=True, example="17/05/1990"),
    Column("Giới tính", "sex", "choice", required=True, choices=SEX, example="Nam"),
    _value("Dân tộc", "ethnicity", "Kinh"),
    _value("Tôn giáo", "religion", "Không"),
    Column(
        "Số CCCD",
        "identity_number",
        "identity",
        example="052090001234",
        help="12 chữ số; nhập dạng văn bản để giữ số 0 ở đầu.",
    ),
    *_place("Nơi sinh", "birthplace", ("Bình Định", "Thôn Hòa Hội")),
    *_place("Quê quán", "hometown", ("Bình Định", "Thôn Kiều An")),
    *_place("Nơi cư trú", "residence", ("Gia Lai", "12 Trần Hưng Đạo")),
    Column(
        "Giáo dục phổ thông",
        "education",
        example="12/12",
        help="Như lý lịch ghi: «12/12», «9/12», «7/10»; để trống nếu chưa có thông tin.",
    ),
    _value("Trình độ chuyên môn", "qualification", "Đại học"),
    Column("Chuyên môn", "expertise", example="Luật", help="Chuyên ngành đào tạo."),
    _value("Lý luận chính trị", "theory_level", "Trung cấp"),
    _value("Quản lý nhà nước", "state_management", "Chuyên viên"),
    _value("Học hàm", "academic_title", ""),
    Column("Ngoại ngữ", "foreign_languages", example="Tiếng Anh B1"),
    Column("Tin học", "it_skill", example="Ứng dụng CNTT cơ bản"),
    _value("Nghề nghiệp", "occupation", "Cán bộ, công chức"),
    Column("Công việc chính", "job", example="Chuyên viên Sở Tư pháp"),
    Column("Chức vụ", "post", example="Phó Trưởng phòng"),
    Column("Điện thoại", "phone", "code", example="0905123456"),
)
PLACE_FIELDS = ("birthplace", "hometown", "residence")
NATIONAL_ID = "Mã đảng viên (số lý lịch)"
FILE = (
    Column(
        "Ngày kết nạp",
        "admission_decision_date",
        "date",
        example="03/02/2010",
        help=(
            "Ngày quyết định kết nạp (theo hồ sơ đảng viên); đảng viên đã được kết nạp lại: "
            "ngày vào Đảng lần đầu."
        ),
    ),
    Column(
        "Ngày ra khỏi Đảng",
        "earlier_left_date",
        "date",
        help=(
            "Chỉ với đảng viên đã được kết nạp lại: ngày ra khỏi Đảng trước đó (xóa tên, "
            "khai trừ, xin ra khỏi Đảng). Tuổi Đảng trừ thời gian đến ngày kết nạp lại."
        ),
    ),
    Column(
        "Ngày vào Đảng lần thứ hai",
        "readmission_date",
        "date",
        help=(
            "Ngày quyết định kết nạp lại, nếu có; ngày lễ kết nạp và ngày chính thức khi đó "
            "là của lần kết nạp lại."
        ),
    ),
    Column(
        "Ngày lễ kết nạp",
        "ceremony_date",
        "date",
        example="15/02/2010",
        help=(
            "Bắt buộc với đảng viên dự bị nhập theo danh sách hoặc chuyển đến: thời gian dự "
            "bị 12 tháng tính từ ngày lễ kết nạp, kể cả khi lễ tổ chức ở đảng bộ khác."
        ),
    ),
    Column(
        "Ngày chính thức",
        "full_member_date",
        "date",
        example="15/02/2011",
        help="Để trống nếu còn là đảng viên dự bị.",
    ),
    Column("Số thẻ đảng viên", "card_number", "card", example="05012345"),
    Column("Ngày cấp thẻ", "card_date", "date", example="19/05/2011"),
    Column(
        NATIONAL_ID,
        "national_id",
        "code",
        example="52001234",
        help=(
            "Số lý lịch đảng viên do cơ sở dữ liệu đảng viên cấp, nếu đã có; mỗi đảng viên "
            "một mã, không trùng với hồ sơ khác hay dòng khác của tệp."
        ),
    ),
)


class _RecordLookups:
    """The vocabularies and provinces, read once per import; units per province as asked."""

    def __init__(self) -> None:
        self.values: dict[str, list[VocabularyValue]] = {}
        # (vocabulary, folded name, code or other name) -> the values it names.
        self.keys: dict[tuple[str, str], list[VocabularyValue]] = {}
        for value in VocabularyValue.objects.order_by("order", "name"):
            self.values.setdefault(value.vocabulary, []).append(value)
            names = {value.name, value.code, *(value.aliases or [])}
            for key in {lookup.fold(n) for n in names} - {""}:
                self.keys.setdefault((value.vocabulary, key), []).append(value)
        self.provinces = list(AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE))
        self.locals: dict[int, list[AdminUnit]] = {}
        self.named: dict[str, AdminUnit | None] = {}

    def value(self, field: str, text: str, header: str) -> VocabularyValue:
        vocabulary = PERSON_VOCABULARIES[field]
        found = self.keys.get((vocabulary, lookup.fold(text)), [])
        current = [v for v in found if v.valid_from <= today() < v.valid_to]
        if len(found) > 1 and len(current) == 1:
            found = current
        if len(found) == 1:
            return found[0]
        allowed = ", ".join(
            v.name for v in self.values.get(vocabulary, []) if v in current or v.valid_to > today()
        )
        hint = (
            " Công việc cụ thể (kỹ sư, giáo viên…) ghi ở cột «Công việc chính»."
            if field == "occupation"
            else ""
        )
        raise RowError(
            f"«{text}» không có trong danh mục {Vocabulary(vocabulary).label.lower()}; hãy "
            f"ghi một trong: {allowed or 'danh mục đang trống'} (tên, tên gọi khác hoặc mã), "
            f"hoặc để trống nếu chưa có thông tin.{hint}",
            header,
        )

    def province(self, text: str, header: str) -> AdminUnit:
        if text not in self.named:
            self.named[text] = places.resolve_province(text, self.provinces)
        found = self.named[text]
        if found is None:
            raise RowError(
                f"«{text}» không phải tên hoặc mã một tỉnh, thành phố trong danh mục đơn vị "
                "hành chính; hãy ghi đúng tên tỉnh, thành phố (ví dụ Bình Định, Hà Nội).",
                header,
            )
        return found

    def local(self, text: str, province: AdminUnit, header: str) -> AdminUnit:
        if province.pk not in self.locals:
            self.locals[province.pk] = places.local_units(province)
        try:
            return places.resolve_local(text, province, units=self.locals[province.pk])
        except DomainError as error:
            raise RowError(error.message, header) from None


def _lookups(ctx: Context | None) -> _RecordLookups:
    if ctx is None:
        return _RecordLookups()
    found = ctx.__dict__.get("_record_lookups")
    if found is None:
        found = ctx.__dict__["_record_lookups"] = _RecordLookups()
    return found


def person_of(row: dict[str, Any], ctx: Context | None = None) -> Person:
    """The person of an import row: vocabulary names and places resolved to the values
    and units they name, a name that matches nothing refused at its column."""
    values = {c.field: row.get(c.field) for c in PERSON}
    headers = {c.field: c.header for c in PERSON}
    known = _lookups(ctx)
    for field in PERSON_VOCABULARIES:
        text = values[field]
        values[field] = known.value(field, text, headers[field]) if text else None
    for place in PLACE_FIELDS:
        province_text, local_text = values[f"{place}_province"], values[f"{place}_local"]
        province = (
            known.province(province_text, headers[f"{place}_province"]) if province_text else None
        )
        local = None
        if local_text:
            if province is None:
                raise RowError(
                    "Hãy ghi tỉnh, thành phố ở cột trước rồi ghi huyện, xã thuộc tỉnh đó.",
                    headers[f"{place}_local"],
                )
            local = known.local(local_text, province, headers[f"{place}_local"])
        values[f"{place}_province"], values[f"{place}_local"] = province, local
    return Person(
        full_name=values["full_name"],
        birth_date=values["birth_date"],
        sex=values["sex"],
        **{
            k: v if k in OBJECT_FIELDS else (v or "")
            for k, v in values.items()
            if k not in ("full_name", "birth_date", "sex")
        },
    )


def file_of(row: dict[str, Any]) -> PartyFile:
    if row.get("admission_decision_date") is None:
        raise RowError("Hãy ghi ngày kết nạp theo hồ sơ.", "Ngày kết nạp")
    return PartyFile(
        row["admission_decision_date"],
        row.get("ceremony_date"),
        row.get("full_member_date"),
        row.get("card_number") or "",
        row.get("card_date"),
        row.get("earlier_left_date"),
        row.get("readmission_date"),
        _national_id(row),
    )


def _national_id(row: dict[str, Any]) -> str:
    """The national identifier as the checks normalise it."""
    return clean(row.get("national_id") or "").replace(" ", "")


def give_national_id(member: Member, row: dict[str, Any], ctx: Context) -> None:
    """Keep the row's national identifier on a member it brought in, refused at its column
    when another record (or an earlier row of the file) holds it."""
    number = _national_id(row)
    if not number or number == member.national_id:
        return
    holder = numbers.holder_of_national_id(number, exclude_member=member.pk)
    if holder is not None:
        raise RowError(
            numbers.national_id_message(
                number, holder, numbers.can_see(ctx.user, holder), member.full_name
            ),
            NATIONAL_ID,
        )
    member.national_id = number
    Member.objects.filter(pk=member.pk).update(national_id=number)


def find_member(row: dict[str, Any], ctx: Context) -> Member | None:
    """The record a row speaks of, if it is already here (and within the user's scope).

    By identity number when the row has one; otherwise by exact name and birth date, and
    the admission date too when the row gives it (the natural key of a party file).
    """
    ident = row.get("identity_number")
    if ident:
        member = Member.objects.select_related("organisation").filter(identity_number=ident).first()
        if member is not None:
            same_person(
                ident, numbers.member_holder(member), row, ctx, member.admission_decision_date
            )
    else:
        same = Member.objects.filter(full_name=row["full_name"], birth_date=row["birth_date"])
        if row.get("admission_decision_date"):
            same = same.filter(admission_decision_date=row["admission_decision_date"])
        found = list(same[:2])
        if len(found) > 1:
            raise RowError(
                "Có nhiều đảng viên cùng họ tên và ngày sinh; hãy ghi số CCCD để phân biệt.",
                "Số CCCD",
            )
        member = found[0] if found else None
    if member is None:
        return None
    return _in_scope(member, ctx)


def same_person(
    ident: str,
    holder: numbers.Holder,
    row: dict[str, Any],
    ctx: Context,
    admitted: dt.date | None = None,
) -> None:
    """Refuse a row whose identity number is on a record of another person (or of the same
    person with another admission date): "already there" means the same person, same data.
    """
    if numbers.differs(holder, row["full_name"], row.get("birth_date")):
        visible = holder.pk is None or numbers.can_see(ctx.user, holder)
        raise RowError(
            numbers.mismatch_message(
                ident, holder, visible, row["full_name"], row.get("birth_date")
            ),
            "Số CCCD",
        )
    row_admitted = row.get("admission_decision_date")
    if row_admitted and admitted and row_admitted != admitted:
        raise RowError(
            f"Số CCCD {ident} là của {numbers.describe(holder, True)}, hồ sơ ghi ngày kết nạp "
            f"{admitted:%d/%m/%Y}, còn dòng này ghi {row_admitted:%d/%m/%Y}. Hãy kiểm tra lại "
            "ngày kết nạp; tệp không sửa được hồ sơ đã có.",
            "Ngày kết nạp",
        )


def _in_scope(member: Member, ctx: Context) -> Member:
    if member.organisation_id and not ctx.in_scope(member.organisation_id):
        raise RowError("Đảng viên này thuộc tổ chức ngoài phạm vi của bạn.", "Họ và tên")
    return member


def possible_duplicate(row: dict[str, Any], ctx: Context) -> str | None:
    """A record with the same name and birth date that no identity number tells apart."""
    try:
        if find_member(row, ctx) is not None:
            return None  # the same record: the row is matched, not a duplicate
    except RowError:
        return None  # reported when the row is applied
    same = Member.objects.filter(
        search_key=search_key(row["full_name"]), birth_date=row["birth_date"]
    )
    if row.get("identity_number"):
        # Two different identity numbers are two different people.
        same = same.filter(identity_number="")
    other = same.select_related("organisation").first()
    if other is None:
        return None
    return _duplicate_message(
        other.full_name, other.birth_date, other.organisation.name if other.organisation else ""
    )


def _duplicate_message(full_name: str, birth_date: dt.date, organisation: str) -> str:
    where = f", {organisation}" if organisation else ""
    return (
        f"Có thể trùng với đồng chí {full_name} (sinh {birth_date:%d/%m/%Y}{where}). "
        "Hãy kiểm tra; nếu là người khác, chọn «vẫn nhập» cho dòng này."
    )


# --- the roll ----------------------------------------------------------------------

ROLL = (
    *PERSON,
    Column(
        "Chi bộ",
        "organisation",
        "org",
        required=True,
        example="DBK.05.03",
        help="Mã hoặc tên chi bộ nơi đảng viên sinh hoạt.",
    ),
    Column(
        "Ghi nhận từ ngày",
        "on",
        "date",
        required=True,
        example="01/01/2024",
        help=(
            "Ngày bắt đầu quản lý đảng viên này trên Đảng vụ (thường là 01/01 của năm bắt "
            "đầu dùng). Đảng viên có tên trong danh sách ngày này được tính vào số đảng viên "
            "đầu kỳ của kỳ báo cáo chứa ngày đó, không tính là tăng trong kỳ."
        ),
    ),
    *(
        Column(
            c.header,
            c.field,
            c.type,
            c.field == "admission_decision_date",
            c.choices,
            c.help,
            c.example,
        )
        for c in FILE
    ),
)


def apply_roll(row: dict[str, Any], ctx: Context) -> str:
    batch: RollBatch | None = ctx.batch
    if batch is not None:
        return batch.apply(row)
    if find_member(row, ctx) is not None:
        return "unchanged"
    pf = file_of(row)
    actions.do_record_existing_member(
        person_of(row, ctx),
        organisation=ctx.organisation(row["organisation"], "Chi bộ"),
        on=row["on"],
        admission_decision_date=pf.admission_decision_date,
        ceremony_date=pf.ceremony_date,
        full_member_date=pf.full_member_date,
        card_number=pf.card_number,
        card_date=pf.card_date,
        earlier_left_date=pf.earlier_left_date,
        readmission_date=pf.readmission_date,
        national_id=pf.national_id,
        acting_user=ctx.user,
    )
    return "created"


def roll_duplicate(row: dict[str, Any], ctx: Context) -> str | None:
    batch: RollBatch | None = ctx.batch
    return batch.duplicate(row) if batch is not None else possible_duplicate(row, ctx)


@dataclass(frozen=True)
class _Known:
    """A record as the roll's checks need it: here already, or accepted earlier in the file."""

    full_name: str
    birth_date: dt.date
    identity_number: str
    admission_decision_date: dt.date | None
    organisation_name: str
    member: Member | None  # None: a row of this file, not written yet
    organisation_id: int | None = None
    card_number: str = ""
    national_id: str = ""

    def holder(self) -> numbers.Holder:
        return numbers.Holder(
            self.full_name,
            self.birth_date,
            self.organisation_id,
            self.organisation_name,
            pk=self.member.pk if self.member is not None else None,
        )


class RollBatch(actions.Lookups):
    """The roll's rows, a chunk at a time: one query per lookup kind, one bulk write.

    It answers `find_member`, `possible_duplicate` and the opening's checks exactly as
    the one-row path does (tests run both on the same files), from the records loaded for
    the chunk plus the rows accepted since the last write.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.openings: list[Opening] = []
        self.by_identity: dict[str, _Known] = {}
        self.by_name: dict[tuple[str, dt.date], list[_Known]] = {}
        self.cards: dict[str, _Known] = {}
        self.national_ids: dict[str, _Known] = {}
        self._versions: dict[tuple[int, dt.date], OrganisationVersion | None] = {}
        self._rules = RuleBook()

    # --- the chunk's reads ---------------------------------------------------------

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        raw = {row["identity_number"] for row in rows if row.get("identity_number")}
        idents = raw | {ident.replace(" ", "") for ident in raw}
        keys = {search_key(row["full_name"]) for row in rows}
        births = {row["birth_date"] for row in rows}
        cards = {_card(row) for row in rows if row.get("card_number")}
        found = Member.objects.select_related("organisation").filter(identity_number__in=idents)
        for member in found:
            self._know(member)
        same = Member.objects.select_related("organisation").filter(
            search_key__in=keys, birth_date__in=births
        )
        for member in same.order_by("pk"):
            if member.identity_number not in self.by_identity:
                self._know(member)
        for member in Member.objects.select_related("organisation").filter(card_number__in=cards):
            self.cards[member.card_number] = self._known(member)
        national = {_national_id(row) for row in rows if row.get("national_id")}
        for member in Member.objects.select_related("organisation").filter(
            national_id__in=national
        ):
            self.national_ids[member.national_id] = self._known(member)

    @staticmethod
    def _known(member: Member) -> _Known:
        return _Known(
            member.full_name,
            member.birth_date,
            member.identity_number,
            member.admission_decision_date,
            member.organisation.name if member.organisation else "",
            member,
            member.organisation_id,
            member.card_number,
            member.national_id,
        )

    def _know(self, member: Member) -> None:
        known = self._known(member)
        if known.identity_number:
            self.by_identity[known.identity_number] = known
        self.by_name.setdefault((search_key(known.full_name), known.birth_date), []).append(known)

    # --- the one-row functions, answered from the chunk -------------------------------

    def find(self, row: dict[str, Any]) -> _Known | None:
        """As `find_member`: the record (or earlier row) this row speaks of."""
        ident = row.get("identity_number")
        if ident:
            known = self.by_identity.get(ident)
            if known is not None:
                same_person(ident, known.holder(), row, self.ctx, known.admission_decision_date)
        else:
            same = [
                k
                for k in self.by_name.get((search_key(row["full_name"]), row["birth_date"]), [])
                if k.full_name == row["full_name"]
                and (
                    not row.get("admission_decision_date")
                    or k.admission_decision_date == row["admission_decision_date"]
                )
            ]
            if len(same) > 1:
                raise RowError(
                    "Có nhiều đảng viên cùng họ tên và ngày sinh; hãy ghi số CCCD để phân biệt.",
                    "Số CCCD",
                )
            known = same[0] if same else None
        if known is not None and known.member is not None:
            _in_scope(known.member, self.ctx)
        return known

    def duplicate(self, row: dict[str, Any]) -> str | None:
        """As `possible_duplicate`."""
        try:
            if self.find(row) is not None:
                return None
        except RowError:
            return None
        same = self.by_name.get((search_key(row["full_name"]), row["birth_date"]), [])
        if row.get("identity_number"):
            same = [k for k in same if not k.identity_number]
        if not same:
            return None
        other = same[0]
        return _duplicate_message(other.full_name, other.birth_date, other.organisation_name)

    def apply(self, row: dict[str, Any]) -> str:
        """As `apply_roll`, the write left for `flush`."""
        if self.find(row) is not None:
            return "unchanged"
        organisation = self.ctx.organisation(row["organisation"], "Chi bộ")
        opening = actions.check_opening(
            person_of(row, self.ctx),
            organisation=organisation,
            on=row["on"],
            party_file=file_of(row),
            lookups=self,
            acting_user=self.ctx.user,
        )
        self.openings.append(opening)
        person = opening.person
        self._remember(
            _Known(
                person.full_name,
                person.birth_date,
                person.identity_number,
                opening.party_file.admission_decision_date,
                organisation.name,
                None,
                organisation.pk,
                opening.card_number,
                opening.party_file.national_id,
            )
        )
        return "created"

    def _remember(self, known: _Known) -> None:
        if known.identity_number:
            self.by_identity[known.identity_number] = known
        if known.card_number:
            self.cards[known.card_number] = known
        if known.national_id:
            self.national_ids[known.national_id] = known
        self.by_name.setdefault((search_key(known.full_name), known.birth_date), []).append(known)

    def flush(self) -> None:
        if self.openings:
            actions.write_openings(self.openings, self.ctx.user)
        self.openings = []
        # The next chunk loads what it needs (these rows included, now written).
        self.by_identity.clear()
        self.by_name.clear()
        self.cards.clear()
        self.national_ids.clear()

    # --- Lookups: the opening's checks -------------------------------------------------

    def identity_holder(self, ident: str, exclude_pk: int | None) -> numbers.Holder | None:
        known = self.by_identity.get(ident)
        if known is None or (known.member is not None and known.member.pk == exclude_pk):
            return None
        return known.holder()

    def card_holder(self, number: str, exclude_pk: int | None = None) -> numbers.Holder | None:
        known = self.cards.get(number)
        if known is None or (known.member is not None and known.member.pk == exclude_pk):
            return None
        return known.holder()

    def national_id_holder(
        self, number: str, exclude_pk: int | None = None
    ) -> numbers.Holder | None:
        known = self.national_ids.get(number)
        if known is None or (known.member is not None and known.member.pk == exclude_pk):
            return None
        return known.holder()

    def can_see(self, user: Any, holder: numbers.Holder) -> bool:
        # A row of this file was resolved within the user's scope; a record is asked once
        # per organisation.
        if holder.pk is None:
            return True
        if user is None or getattr(user, "is_superuser", False):
            return True
        return holder.organisation_id is not None and self.ctx.in_scope(holder.organisation_id)

    def version(self, org: Organisation, day: dt.date) -> OrganisationVersion | None:
        key = (org.pk, day)
        if key not in self._versions:
            self._versions[key] = version_at(org, day)
        return self._versions[key]

    def rule(self, key: str, day: dt.date) -> Any:
        return self._rules(key, day)


def _card(row: dict[str, Any]) -> str:
    """The card number as the checks normalise it."""
    return clean(row.get("card_number") or "").replace(" ", "")


# --- the ledger ---------------------------------------------------------------------

EVENT_KINDS = tuple((k, label) for k, label in EventKind.choices)
EVENTS = (
    Column(
        "Loại biến động",
        "kind",
        "choice",
        required=True,
        choices=EVENT_KINDS,
        example=EventKind.CONFIRMED.label,
    ),
    Column(
        "Ngày",
        "date",
        "date",
        required=True,
        example="20/03/2024",
        help="Ngày của biến động (kết nạp: ngày quyết định kết nạp).",
    ),
    *PERSON,
    Column(
        "Tổ chức",
        "organisation",
        "org",
        example="DBK.05.03",
        help="Chi bộ nơi xảy ra biến động; với chuyển sinh hoạt: chi bộ chuyển đến.",
    ),
    Column("Đảng bộ nơi đi / nơi đến", "external_party", example="Đảng bộ tỉnh Gia Lai"),
    Column("Số quyết định", "decision_number", example="125-QĐ/ĐUK"),
    Column("Ngày quyết định", "decision_date", "date", example="18/03/2024"),
    Column("Ghi chú", "note"),
    *FILE,
    Column(
        "Hình thức kỷ luật",
        "form",
        "choice",
        choices=tuple(DisciplineForm.choices),
        example=DisciplineForm.REPRIMAND.label,
    ),
    Column(
        "Cơ quan quyết định",
        "issuing_level",
        "choice",
        choices=tuple(MEMBER_LEVEL_CHOICES),
        example=Level.CELL.label,
        help="Kỷ luật (bắt buộc): chi bộ của đảng viên, đảng ủy cơ sở cấp trên, hoặc Ban "
        "Thường vụ, Ủy ban Kiểm tra của Đảng ủy cấp trên cơ sở; chỉ nhận hình thức mà cơ quan "
        "đó có thẩm quyền quyết định (chi bộ: cảnh cáo, khiển trách).",
    ),
    Column(
        "Quyết định ủy quyền kết nạp, khai trừ",
        "delegation",
        help="Kỷ luật: chỉ khi đảng ủy cơ sở quyết định khai trừ, số, ngày quyết định của cấp "
        "ủy cấp trên ủy quyền (ví dụ: 125-QĐ/ĐUK ngày 10/3/2021).",
    ),
    Column("Ngày vi phạm", "violation_date", "date"),
    Column(
        "Ngày kết luận vi phạm",
        "conclusion_date",
        "date",
        help=f"Kỷ luật: {CONCLUSION_DATE_HELP[0].lower()}{CONCLUSION_DATE_HELP[1:]}",
    ),
    Column(
        "Loại vi phạm",
        "violation_category",
        "choice",
        choices=tuple(ViolationCategory.choices),
        help="Kỷ luật: để trống là vi phạm khác; vi phạm về chính trị nội bộ; quốc phòng, an "
        "ninh, đối ngoại; văn bằng, chứng chỉ không hợp pháp: không áp dụng thời hiệu.",
    ),
    Column(
        "Vi phạm đến mức phải khai trừ",
        "expulsion_level",
        "choice",
        choices=(("yes", "Có"), ("no", "Không")),
        help="Kỷ luật: Có, theo đánh giá của cơ quan quyết định (không áp dụng thời hiệu).",
    ),
    Column(
        "Ngày vi phạm mới trong thời hiệu",
        "later_violation_date",
        "date",
        help="Kỷ luật: thời hiệu của vi phạm cũ tính lại từ ngày này.",
    ),
    Column("Mốc Huy hiệu (năm)", "milestone", "int", example="30"),
    Column(
        "Trường hợp",
        "case",
        "choice",
        # The grounds the badge form offers (members.badges.BadgeCase), in the words the
        # texts use; the same action checks each, as on the form.
        choices=(
            (BadgeCase.DUE.value, "Thông thường"),
            (BadgeCase.POSTHUMOUS.value, "Truy tặng"),
            (BadgeCase.EARLY.value, "Xét tặng sớm"),
        ),
        example="Thông thường",
        help=(
            "Huy hiệu Đảng: thông thường (đủ tuổi Đảng), truy tặng (đảng viên đã từ trần) hoặc "
            "xét tặng sớm (đảng viên bị bệnh nặng: ghi tình trạng bệnh vào cột Ghi chú). Để "
            "trống: đề nghị là thông thường; tặng là như khi đề nghị."
        ),
    ),
    Column("Lý do", "cause", example="Bỏ sinh hoạt 3 tháng không có lý do"),
    Column("Đến ngày", "until", "date", help="Sinh hoạt tạm thời: ngày kết thúc."),
    Column(
        "Ngày chi bộ xét kết nạp",
        "considered_on",
        "date",
        example="05/03/2024",
        help=(
            "Kết nạp: ngày chi bộ họp xét, ra nghị quyết đề nghị; tuổi (đủ 18 đến đủ 60, tính "
            "theo tháng) tính vào ngày này. Để trống thì tính vào ngày quyết định."
        ),
    ),
    Column(
        "Ngoại lệ học vấn",
        "education_exception",
        "choice",
        choices=tuple(EDUCATION_EXCEPTIONS.items()),
        help="Kết nạp: trường hợp hướng dẫn cho phép học vấn dưới trung học cơ sở.",
    ),
    Column(
        "Lý do chưa học lớp đảng viên mới",
        "class_reason",
        help=(
            "Chuyển chính thức: chỉ ghi khi chưa có ghi nhận đồng chí hoàn thành lớp bồi dưỡng "
            "cho đảng viên mới mà chi bộ vẫn xét."
        ),
    ),
    Column(
        "Lý do đã ra khỏi Đảng",
        "left_for",
        "choice",
        choices=tuple(READMISSION_GROUNDS.items()),
        example=READMISSION_GROUNDS["OTHER"],
        help="Kết nạp lại: lý do ra khỏi Đảng trước đây, theo hồ sơ.",
    ),
    Column(
        "Số văn bản đồng ý của Ban Thường vụ tỉnh ủy",
        "consent_number",
        example="1250-CV/TU",
        help="Kết nạp lại: văn bản đồng ý của Ban Thường vụ tỉnh ủy, thành ủy (hoặc tương đương).",
    ),
    Column("Ngày văn bản đồng ý", "consent_date", "date", example="10/06/2024"),
)

JOINING = {EventKind.ADMITTED, EventKind.TRANSFER_IN, EventKind.OPENING}


def apply_event(row: dict[str, Any], ctx: Context) -> str:
    kind = row["kind"]
    member = find_member(row, ctx)
    decision = Decision(
        row["date"],
        row.get("decision_number") or "",
        row.get("decision_date"),
        row.get("note") or "",
    )
    if (
        member is not None
        and MemberEvent.objects.filter(
            member=member, kind=kind, date=row["date"], voided_at__isnull=True
        ).exists()
    ):
        return "unchanged"
    org = ctx.organisation(row["organisation"], "Tổ chức") if row.get("organisation") else None
    if kind in JOINING and member is None:
        if org is None:
            raise RowError("Hãy ghi chi bộ.", "Tổ chức")
        if kind == EventKind.ADMITTED and (candidate := find_candidate(row, ctx, org)):
            give_national_id(admit_candidate(row, ctx, candidate, decision), row, ctx)
        elif kind == EventKind.ADMITTED:
            admitted = actions.do_admit_member(
                person_of(row, ctx),
                organisation=org,
                decision=decision,
                ceremony_date=row.get("ceremony_date"),
                considered_on=row.get("considered_on"),
                education_exception=row.get("education_exception") or "",
                acting_user=ctx.user,
            )
            give_national_id(admitted, row, ctx)
        elif kind == EventKind.TRANSFER_IN:
            arrived = actions.do_transfer_in(
                person_of(row, ctx),
                organisation=org,
                external_party=row.get("external_party") or "",
                decision=decision,
                party_file=file_of(row),
                acting_user=ctx.user,
            )
            give_national_id(arrived, row, ctx)
        else:
            pf = file_of(row)
            actions.do_record_existing_member(
                person_of(row, ctx),
                organisation=org,
                on=row["date"],
                admission_decision_date=pf.admission_decision_date,
                ceremony_date=pf.ceremony_date,
                full_member_date=pf.full_member_date,
                card_number=pf.card_number,
                card_date=pf.card_date,
                earlier_left_date=pf.earlier_left_date,
                readmission_date=pf.readmission_date,
                national_id=pf.national_id,
                acting_user=ctx.user,
            )
        return "created"
    if member is None:
        raise RowError(
            "Không tìm thấy đảng viên (theo số CCCD, hoặc họ tên và ngày sinh).", "Họ và tên"
        )
    common = {"decision": decision, "acting_user": ctx.user}
    match kind:
        case EventKind.CONFIRMED:
            actions.do_confirm_member(member, class_reason=row.get("class_reason") or "", **common)
        case EventKind.CARD_ISSUED:
            actions.do_issue_card(member, card_number=row.get("card_number") or "", **common)
        case EventKind.TRANSFER_OUT:
            actions.do_transfer_out(
                member, external_party=row.get("external_party") or "", **common
            )
        case EventKind.TRANSFER_IN:
            actions.do_transfer_in(
                None,
                member=member,
                organisation=_need(org),
                external_party=row.get("external_party") or "",
                **common,
            )
        case EventKind.MOVED:
            actions.do_move_member(member, to=_need(org), **common)
        case EventKind.TEMP_IN | EventKind.TEMP_OUT:
            actions.do_record_temporary(
                member,
                kind=kind,
                place=row.get("external_party") or "",
                until=row.get("until"),
                **common,
            )
        case EventKind.EXEMPTED:
            actions.do_exempt_member(member, **common)
        case EventKind.DISCIPLINED:
            if not row.get("form"):
                raise RowError("Hãy ghi hình thức kỷ luật.", "Hình thức kỷ luật")
            if not row.get("issuing_level"):
                raise RowError(
                    "Hãy ghi cơ quan quyết định kỷ luật (chi bộ, đảng ủy cơ sở, Ban Thường vụ "
                    "hoặc Ủy ban Kiểm tra).",
                    "Cơ quan quyết định",
                )
            actions.do_discipline_member(
                member,
                form=row["form"],
                issuing_level=row["issuing_level"],
                delegation=row.get("delegation") or "",
                conclusion_date=row.get("conclusion_date"),
                violation_date=row.get("violation_date"),
                violation_category=row.get("violation_category") or "",
                expulsion_level=row.get("expulsion_level") == "yes",
                later_violation_date=row.get("later_violation_date"),
                **common,
            )
        case EventKind.DIED | EventKind.RESIGNED | EventKind.REMOVED:
            actions.do_end_membership(member, kind=kind, cause=row.get("cause") or "", **common)
        case EventKind.BADGE_PROPOSED | EventKind.BADGE_AWARDED:
            if not row.get("milestone"):
                raise RowError("Hãy ghi mốc Huy hiệu.", "Mốc Huy hiệu (năm)")
            fn = (
                actions.do_propose_badge
                if kind == EventKind.BADGE_PROPOSED
                else actions.do_award_badge
            )
            fn(member, milestone=row["milestone"], case=row.get("case") or "", **common)
        case EventKind.READMITTED:
            actions.do_readmit_member(
                member,
                organisation=_need(org),
                left_for=row.get("left_for") or "",
                consent_number=row.get("consent_number") or "",
                consent_date=row.get("consent_date"),
                ceremony_date=row.get("ceremony_date"),
                **common,
            )
        case EventKind.RESTORED:
            actions.do_restore_member(member, organisation=_need(org), **common)
        case _:
            raise RowError("Đảng viên đã có hồ sơ; không ghi lại biến động này.", "Loại biến động")
    return "created"


def find_candidate(
    row: dict[str, Any], ctx: Context, org: Organisation
) -> AdmissionCandidate | None:
    """The open admission file of the person a row admits, as the admit button would take it.

    By identity number when the row has one (a file at another cell, stopped or of another
    person is refused, saying which); otherwise, or when no file has that number, by exact
    name and birth date among the open files of the row's organisation, refused when
    several match (listing them). None: nobody was followed as a candidate here.
    """
    ident = row.get("identity_number")
    if ident:
        known = (
            AdmissionCandidate.objects.select_related("organisation")
            .filter(identity_number=ident)
            .first()
        )
        if known is not None:
            same_person(ident, numbers.candidate_holder(known), row, ctx)
            if known.withdrawn_on is not None:
                raise RowError(
                    f"Hồ sơ quần chúng ưu tú {known.full_name} ({known.organisation.name}) đã "
                    f"dừng xem xét ngày {known.withdrawn_on:%d/%m/%Y}"
                    f"{f' ({known.withdrawn_reason})' if known.withdrawn_reason else ''}; không "
                    "kết nạp theo hồ sơ đã dừng. Nếu chi bộ xem xét lại, hãy lập hồ sơ mới trên "
                    "trang quần chúng ưu tú.",
                    "Số CCCD",
                )
            if known.organisation_id != org.pk:
                raise RowError(
                    f"Quần chúng ưu tú {known.full_name} có hồ sơ tại «{known.organisation.name}», "
                    f"còn dòng này ghi «{org.name}». Hãy ghi đúng chi bộ đang xem xét hồ sơ.",
                    "Tổ chức",
                )
            return known
    same = [
        c
        for c in AdmissionCandidate.objects.filter(
            organisation=org,
            member__isnull=True,
            withdrawn_on__isnull=True,
            search_key=search_key(row["full_name"]),
            birth_date=row["birth_date"],
        ).order_by("registered_on", "pk")
        # Accents count (Nguyễn Văn An is not Nguyễn Văn Ân); a file with another identity
        # number is another person.
        if not numbers.differs(numbers.candidate_holder(c), row["full_name"], row["birth_date"])
        and not (ident and c.identity_number)
    ]
    if len(same) > 1:
        listed = "; ".join(
            f"đưa vào danh sách ngày {c.registered_on:%d/%m/%Y}"
            + (f", người giới thiệu {c.sponsors}" if c.sponsors else "")
            for c in same
        )
        raise RowError(
            f"Có {len(same)} hồ sơ quần chúng ưu tú tên {row['full_name']}, sinh "
            f"{row['birth_date']:%d/%m/%Y} tại «{org.name}» ({listed}). Hãy ghi số CCCD vào hồ "
            "sơ người được kết nạp và vào dòng này để chọn đúng người.",
            "Họ và tên",
        )
    return same[0] if same else None


def admit_candidate(
    row: dict[str, Any], ctx: Context, candidate: AdmissionCandidate, decision: Decision
) -> Member:
    """Admit through the candidate's file, as the admit button does: its checks, its link."""
    ident = row.get("identity_number")
    if ident and not candidate.identity_number:
        # The row knows the number the file lacked: the file (then the member) keeps it.
        person = Person(**{f.name: getattr(candidate, f.name) for f in fields(Person)})
        person.identity_number = ident
        candidates.do_update_candidate_record(candidate, person, acting_user=ctx.user)
    try:
        return candidates.do_admit_candidate(
            candidate,
            decision=decision,
            ceremony_date=row.get("ceremony_date"),
            acting_user=ctx.user,
        )
    except DomainError as error:
        raise DomainError(
            f"Quần chúng ưu tú {candidate.full_name} ({candidate.organisation.name}): "
            f"{error.message}",
            error.field,
        ) from None


def event_duplicate(row: dict[str, Any], ctx: Context) -> str | None:
    """Only a row that would create a record can double a person."""
    if row["kind"] not in JOINING:
        return None
    return possible_duplicate(row, ctx)


def _need(org: Any) -> Any:
    if org is None:
        raise RowError("Hãy ghi tổ chức (chi bộ).", "Tổ chức")
    return org


# --- candidates ---------------------------------------------------------------------

CANDIDATES = (
    *PERSON,
    Column("Chi bộ", "organisation", "org", required=True, example="DBK.05.03"),
    Column("Ngày đưa vào danh sách", "registered_on", "date", required=True, example="10/01/2024"),
    Column("Đảng viên giới thiệu", "sponsors", example="Nguyễn Văn An, Lê Thị Bình"),
    Column("Ngày hoàn thành lớp bồi dưỡng", "class_completed_on", "date"),
    Column("Số giấy chứng nhận", "certificate_number", "code"),
    Column("Ngày thẩm tra lý lịch xong", "checked_on", "date"),
    Column("Ngày chi bộ đề nghị kết nạp", "proposed_on", "date"),
)


def apply_candidate(row: dict[str, Any], ctx: Context) -> str:
    ident = row.get("identity_number")
    if ident:
        known = (
            AdmissionCandidate.objects.select_related("organisation")
            .filter(identity_number=ident)
            .first()
        )
        if known is not None:
            # The same person, listed already; another person's number is an error row.
            same_person(ident, numbers.candidate_holder(known), row, ctx)
            return "unchanged"
        member = Member.objects.select_related("organisation").filter(identity_number=ident)
        if (found := member.first()) is not None:
            holder = numbers.member_holder(found)
            same_person(ident, holder, row, ctx)
            who = numbers.describe(holder, numbers.can_see(ctx.user, holder))
            raise RowError(
                f"Số CCCD {ident} là của {who}, đã là đảng viên: không đưa vào danh sách quần "
                "chúng ưu tú.",
                "Số CCCD",
            )
    elif AdmissionCandidate.objects.filter(
        full_name=row["full_name"], birth_date=row["birth_date"]
    ).exists():
        return "unchanged"
    candidate = candidates.do_register_candidate(
        person_of(row, ctx),
        organisation=ctx.organisation(row["organisation"], "Chi bộ"),
        registered_on=row["registered_on"],
        sponsors=row.get("sponsors") or "",
        acting_user=ctx.user,
    )
    if any(row.get(f) for f in ("class_completed_on", "checked_on", "proposed_on")):
        candidates.do_record_candidate_progress(
            candidate,
            class_completed_on=row.get("class_completed_on"),
            certificate_number=row.get("certificate_number") or "",
            checked_on=row.get("checked_on"),
            proposed_on=row.get("proposed_on"),
            acting_user=ctx.user,
        )
    return "created"


# How an admission row finds the candidate's file (also true of «Kết nạp» rows of `events`).
ADMISSION_NOTES = (
    "A person followed as an admission candidate (quần chúng ưu tú) is admitted through "
    "their file, exactly as the admit button on the candidate's page: the same checks (the "
    "file's steps, dates, age, education, political-standard conclusion), and the file is "
    "linked to the member and closed. The file is found by identity number (a file at "
    "another cell, or one stopped, is refused saying which); without a number, or when no "
    "file has it, by exact name and birth date among the open files of the row's "
    "organisation. Several such files are refused, listed by their registration date and "
    "introducers: give the identity number. A number the file lacked is kept on it. A row "
    "for someone without a file here admits them directly.",
)

BADGE_NOTES = (
    "The «Trường hợp» column is the case the badge form asks: «Thông thường» (the party age "
    "reached), «Truy tặng» (a member who died: posthumous, within the months short the text "
    "in force allows) or «Xét tặng sớm» (a seriously ill member, early within the text's "
    "limit; a proposal states the illness in «Ghi chú»). A blank cell is «Thông thường» on a "
    "proposal and the proposal's case on an award, as on the form. Each row goes through the "
    "form's action and checks: a posthumous row for a member the books do not show as "
    "deceased, an ordinary row for one who died, an early proposal without the illness, or a "
    "limit exceeded is refused naming the row and column, and nothing of the file is written.",
)

register(
    ImportKind(
        code="members",
        label="Đảng viên (số liệu đầu kỳ)",
        description=(
            "Danh sách đảng viên đang sinh hoạt khi bắt đầu quản lý trên Đảng vụ, kèm "
            "các ngày trong hồ sơ đảng viên. Tuổi Đảng tính từ ngày kết nạp (lần đầu), trừ "
            "thời gian ra khỏi Đảng trước khi kết nạp lại nếu hồ sơ có."
        ),
        columns=ROLL,
        apply=apply_roll,
        duplicate_of=roll_duplicate,
        batch=RollBatch,
    )
)
register(
    ImportKind(
        code="events",
        label="Biến động đảng viên",
        description=(
            "Mỗi dòng là một biến động của một đảng viên (kết nạp, chuyển chính thức, "
            "phát thẻ, chuyển đến, chuyển đi, từ trần, kỷ luật…), ghi theo thứ tự "
            "thời gian. Đảng viên được tìm theo số CCCD, hoặc họ tên và ngày sinh."
        ),
        columns=EVENTS,
        apply=apply_event,
        duplicate_of=event_duplicate,
        notes=ADMISSION_NOTES,
    )
)
register(
    ImportKind(
        code="candidates",
        label="Quần chúng ưu tú",
        description="Quần chúng ưu tú đang được bồi dưỡng, xem xét kết nạp, và tiến độ hồ sơ.",
        columns=CANDIDATES,
        apply=apply_candidate,
    )
)


# --- one template per kind of event -------------------------------------------------
# The same rows as the ledger import, with the kind fixed and only the columns it uses:
# a secretary filling in this year's confirmations sees nothing about discipline.

IDENTIFY = ("Số CCCD", "Họ và tên", "Ngày sinh")
DECISION = ("Ngày", "Số quyết định", "Ngày quyết định", "Ghi chú")
PERSON_HEADERS = tuple(c.header for c in PERSON)
FILE_HEADERS = tuple(c.header for c in FILE)
PER_KIND: dict[str, tuple[str, tuple[str, ...]]] = {
    EventKind.ADMITTED: (
        "admissions",
        (
            *PERSON_HEADERS,
            "Tổ chức",
            "Ngày chi bộ xét kết nạp",
            *DECISION,
            "Ngày lễ kết nạp",
            "Ngoại lệ học vấn",
            NATIONAL_ID,
        ),
    ),
    EventKind.CONFIRMED: (
        "confirmations",
        (*IDENTIFY, *DECISION, "Lý do chưa học lớp đảng viên mới"),
    ),
    EventKind.CARD_ISSUED: ("cards", (*IDENTIFY, *DECISION, "Số thẻ đảng viên")),
    EventKind.TRANSFER_IN: (
        "transfers-in",
        (*PERSON_HEADERS, "Tổ chức", "Đảng bộ nơi đi / nơi đến", *DECISION, *FILE_HEADERS),
    ),
    EventKind.TRANSFER_OUT: ("transfers-out", (*IDENTIFY, "Đảng bộ nơi đi / nơi đến", *DECISION)),
    EventKind.MOVED: ("moves", (*IDENTIFY, "Tổ chức", *DECISION)),
    EventKind.TEMP_OUT: (
        "temporary-out",
        (*IDENTIFY, "Đảng bộ nơi đi / nơi đến", "Đến ngày", *DECISION),
    ),
    EventKind.TEMP_IN: (
        "temporary-in",
        (*IDENTIFY, "Đảng bộ nơi đi / nơi đến", "Đến ngày", *DECISION),
    ),
    EventKind.EXEMPTED: ("exemptions", (*IDENTIFY, *DECISION)),
    EventKind.BADGE_PROPOSED: (
        "badge-proposals",
        (*IDENTIFY, "Mốc Huy hiệu (năm)", "Trường hợp", *DECISION),
    ),
    EventKind.BADGE_AWARDED: (
        "badge-awards",
        (*IDENTIFY, "Mốc Huy hiệu (năm)", "Trường hợp", *DECISION),
    ),
    EventKind.DISCIPLINED: (
        "discipline",
        (
            *IDENTIFY,
            "Hình thức kỷ luật",
            "Cơ quan quyết định",
            "Quyết định ủy quyền kết nạp, khai trừ",
            "Ngày vi phạm",
            "Ngày kết luận vi phạm",
            *DECISION,
        ),
    ),
    EventKind.DIED: ("deaths", (*IDENTIFY, *DECISION)),
    EventKind.REMOVED: ("removals", (*IDENTIFY, "Lý do", *DECISION)),
    EventKind.RESIGNED: ("resignations", (*IDENTIFY, "Lý do", *DECISION)),
    EventKind.READMITTED: (
        "readmissions",
        (
            *IDENTIFY,
            "Tổ chức",
            "Lý do đã ra khỏi Đảng",
            "Số văn bản đồng ý của Ban Thường vụ tỉnh ủy",
            "Ngày văn bản đồng ý",
            *DECISION,
            "Ngày lễ kết nạp",
        ),
    ),
    EventKind.RESTORED: ("restorations", (*IDENTIFY, "Tổ chức", *DECISION)),
}
REQUIRED_FOR = {
    EventKind.CARD_ISSUED: {"Số thẻ đảng viên"},
    EventKind.TRANSFER_IN: {"Tổ chức", "Đảng bộ nơi đi / nơi đến", "Ngày kết nạp"},
    EventKind.TRANSFER_OUT: {"Đảng bộ nơi đi / nơi đến"},
    EventKind.MOVED: {"Tổ chức"},
    EventKind.ADMITTED: {"Tổ chức"},
    EventKind.DISCIPLINED: {"Hình thức kỷ luật", "Cơ quan quyết định"},
    EventKind.BADGE_PROPOSED: {"Mốc Huy hiệu (năm)"},
    EventKind.BADGE_AWARDED: {"Mốc Huy hiệu (năm)"},
    EventKind.REMOVED: {"Lý do"},
    EventKind.READMITTED: {
        "Tổ chức",
        "Lý do đã ra khỏi Đảng",
        "Số văn bản đồng ý của Ban Thường vụ tỉnh ủy",
        "Ngày văn bản đồng ý",
    },
    EventKind.RESTORED: {"Tổ chức"},
}


def _kind_columns(kind: str, headers: tuple[str, ...]) -> tuple[Column, ...]:
    by_header = {c.header: c for c in EVENTS}
    required = REQUIRED_FOR.get(kind, set())
    columns = []
    for header in headers:
        c = by_header[header]
        if header in required and not c.required:
            c = Column(c.header, c.field, c.type, True, c.choices, c.help, c.example)
        columns.append(c)
    return tuple(columns)


def _fixed(kind: str) -> Any:
    def apply(row: dict[str, Any], ctx: Context) -> str:
        return apply_event({**row, "kind": kind}, ctx)

    def duplicate(row: dict[str, Any], ctx: Context) -> str | None:
        return event_duplicate({**row, "kind": kind}, ctx)

    return apply, duplicate


for _kind, (_code, _headers) in PER_KIND.items():
    _apply, _duplicate = _fixed(_kind)
    register(
        ImportKind(
            code=f"events-{_code}",
            label=EventKind(_kind).label,
            description=(
                f"Mỗi dòng là một trường hợp «{EventKind(_kind).label.lower()}». "
                "Đảng viên được tìm theo số CCCD, hoặc họ tên và ngày sinh."
            ),
            columns=_kind_columns(_kind, _headers),
            apply=_apply,
            duplicate_of=_duplicate,
            notes=ADMISSION_NOTES
            if _kind == EventKind.ADMITTED
            else BADGE_NOTES
            if _kind in (EventKind.BADGE_PROPOSED, EventKind.BADGE_AWARDED)
            else (),
        )
    )
