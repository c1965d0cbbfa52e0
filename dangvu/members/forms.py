"""Forms of member work: they type the input, the actions judge it."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.models import model_to_dict
from django.urls import reverse

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.dateinput import VNDateField, VNDateInput
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.fields import limit_fields
from dangvu.lib.text import clean as clean_text
from dangvu.members.actions import (
    PERSON_VOCABULARIES,
    Decision,
    PartyFile,
    Person,
    education_grade,
)
from dangvu.members.badges import BadgeCase
from dangvu.members.kinds import DisciplineForm, EventKind
from dangvu.members.models import AdmissionCandidate, Member
from dangvu.members.places import local_units, resolve_local
from dangvu.orgs.forms import DomainForm, OrgCodeField
from dangvu.vocab import lookup
from dangvu.vocab.models import UNKNOWN_LABEL, AdminUnit, Vocabulary, VocabularyValue

PERSON_FIELDS = [f.name for f in fields(Person)]
# The fields of `Person` that hold a vocabulary value or an administrative unit.
OBJECT_FIELDS = {f.name for f in fields(Person) if "None" in str(f.type)}


class MemberOrgField(OrgCodeField):
    """An organisation where the user may record members."""


class EditorForm(DomainForm):
    """Resolves organisation fields within the organisations the user may record in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = member_editable_organisations(self.user)
        for f in self.fields.values():
            if isinstance(f, OrgCodeField):
                f.queryset = scope


# The places of the record: each a province, a district or commune within it, and the rest.
PLACES = (
    ("birthplace", "Nơi sinh"),
    ("hometown", "Quê quán"),
    ("residence", "Nơi cư trú"),
)

# The record's fields in the groups of the party member form (phiếu đảng viên), in order.
PERSON_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Sơ yếu",
        ("full_name", "birth_date", "sex", "ethnicity", "religion", "identity_number", "phone"),
    ),
    (
        "Quê quán – cư trú",
        tuple(f"{place}{part}" for place, _ in PLACES for part in ("_province", "_local", "")),
    ),
    (
        "Trình độ",
        (
            "education",
            "qualification",
            "expertise",
            "theory_level",
            "state_management",
            "academic_title",
            "foreign_languages",
            "it_skill",
        ),
    ),
    ("Nghề nghiệp, công tác", ("occupation", "job", "post")),
)

RETIRED = "thôi áp dụng"
EDUCATION_HELP = "Lớp đã học trên số năm của hệ, như lý lịch ghi: «12/12», «9/12», «7/10»."
LOCAL_HELP = "Huyện (trước 01/7/2025) hoặc xã, phường: chọn trong danh sách của tỉnh đã chọn."


class VocabularyField(forms.ChoiceField):
    """A value of one vocabulary, chosen by its code; empty is «Chưa có thông tin»."""

    def __init__(self, vocabulary: str, own: VocabularyValue | None, **kwargs: Any) -> None:
        values = lookup.values_on(vocabulary)
        if own is not None and own not in values:
            values.append(own)
        self.values = {v.code: v for v in values}
        empty = "Không có học hàm" if vocabulary == Vocabulary.ACADEMIC_TITLE else UNKNOWN_LABEL
        now = today()
        choices = [("", empty)] + [
            (v.code, v.name if v.valid_from <= now < v.valid_to else f"{v.name} ({RETIRED})")
            for v in values
        ]
        super().__init__(choices=choices, required=False, **kwargs)

    def clean(self, value: Any) -> VocabularyValue | None:  # type: ignore[override]
        code = super().clean(value)
        return self.values.get(code) if code else None


class ProvinceField(forms.ChoiceField):
    """A province in force today, or the one the record already names."""

    def __init__(self, own: AdminUnit | None, **kwargs: Any) -> None:
        units = lookup.units_on(AdminUnit.Level.PROVINCE)
        if own is not None and own not in units:
            units.append(own)
        self.units = {str(u.pk): u for u in units}
        choices = [("", UNKNOWN_LABEL)] + [(str(u.pk), lookup.label(u)) for u in units]
        super().__init__(choices=choices, required=False, **kwargs)

    def clean(self, value: Any) -> AdminUnit | None:  # type: ignore[override]
        key = super().clean(value)
        return self.units.get(key) if key else None


class PersonForm(forms.Form):
    """The record (lý lịch) as typed: the model's fields, with no model validation.

    A plain form, not a ModelForm: a ModelForm validates the model's constraints against
    the instance it builds, and an edit page would then find the member's own identity
    number "already taken" by the member. Whether a number belongs to someone else is
    judged by the action, which names that person within the user's scope.

    Vocabulary fields offer the values in force today and the record's own value even if
    retired since (every form accepts what it displays); a place is a province (a select),
    a district or commune typed with the province's units suggested, and the rest as text.
    """

    def __init__(
        self, *args: Any, instance: Member | AdmissionCandidate | None = None, **kwargs: Any
    ) -> None:
        self.instance = instance
        texts = [n for n in PERSON_FIELDS if n not in OBJECT_FIELDS]
        if instance is not None:
            initial = model_to_dict(instance, fields=texts)
            for name in OBJECT_FIELDS:
                obj = getattr(instance, name)
                if name.endswith("_local"):
                    initial[name] = obj.name if obj is not None else ""
                elif name.endswith("_province"):
                    initial[name] = str(obj.pk) if obj is not None else ""
                else:
                    initial[name] = obj.code if obj is not None else ""
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Member,
                fields=texts,
                widgets={"birth_date": VNDateInput()},
                field_classes={"birth_date": VNDateField},
            )
        )
        for name, vocabulary in PERSON_VOCABULARIES.items():
            self.fields[name] = VocabularyField(
                vocabulary,
                getattr(instance, name) if instance is not None else None,
                label=Member._meta.get_field(name).verbose_name.capitalize(),
            )
        for place, label in PLACES:
            own = getattr(instance, f"{place}_province") if instance is not None else None
            self.fields[f"{place}_province"] = ProvinceField(own, label=f"{label}: tỉnh, thành phố")
            self.fields[f"{place}_local"] = forms.CharField(
                label=f"{label}: huyện hoặc xã, phường",
                required=False,
                max_length=120,
                help_text=LOCAL_HELP,
                widget=forms.TextInput(
                    attrs={
                        "list": f"{self.add_prefix(place)}-units",
                        "autocomplete": "off",
                        "data-units-of": self.add_prefix(f"{place}_province"),
                        # The project's script refreshes the suggestions from here when
                        # the province changes; without it the page's own list stays.
                        "data-units-url": reverse("members:place_units"),
                    }
                ),
            )
            self.fields[place].label = f"{label}: chi tiết (thôn, số nhà, đường)"
        self.fields["education"].help_text = EDUCATION_HELP
        self.fields["education"].widget.attrs["placeholder"] = "12/12"
        order = [name for _, names in PERSON_GROUPS for name in names]
        self.order_fields(order)
        limit_fields(self)  # birth dates from 1900, texts of bounded length
        for f in self.fields.values():
            css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs.setdefault("class", css)
        # Room for the spaces people type between groups of digits; the action checks the
        # twelve digits and says so in its own words.
        ident = self.fields["identity_number"]
        ident.max_length = 20
        ident.validators = [v for v in ident.validators if not isinstance(v, MaxLengthValidator)]
        ident.validators.append(MaxLengthValidator(20))
        ident.widget.attrs.update(
            {"inputmode": "numeric", "maxlength": "20", "autocomplete": "off"}
        )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields in the groups of the member form, for the page's fieldsets."""
        return [(legend, [self[name] for name in names]) for legend, names in PERSON_GROUPS]

    def place_options(self) -> list[tuple[str, list[AdminUnit]]]:
        """For each place, the id of its datalist and the units of the chosen province."""
        options = []
        for place, _ in PLACES:
            province = self._chosen_province(place)
            options.append((f"{self.add_prefix(place)}-units", local_units(province)))
        return options

    def _chosen_province(self, place: str) -> AdminUnit | None:
        field = self.fields[f"{place}_province"]
        assert isinstance(field, ProvinceField)
        if self.is_bound:
            key = self.data.get(self.add_prefix(f"{place}_province"))
            return field.units.get(key) if isinstance(key, str) else None
        return field.units.get(str(self.initial.get(f"{place}_province") or ""))

    def clean_education(self) -> str:
        text = clean_text(self.cleaned_data.get("education") or "")
        kept = clean_text(self.instance.education) if self.instance is not None else ""
        if text and text != kept and education_grade(text) is None:
            raise forms.ValidationError(
                f"«{text}» không đọc được; hãy ghi lớp đã học trên số năm của hệ như lý lịch "
                "ghi, ví dụ «12/12», «9/12», «7/10»."
            )
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for place, label in PLACES:
            text = clean_text(data.get(f"{place}_local") or "")
            if not text:
                data[f"{place}_local"] = None
                continue
            province = data.get(f"{place}_province")
            if province is None:
                if f"{place}_province" not in self.errors:
                    self.add_error(
                        f"{place}_local",
                        f"{label}: hãy chọn tỉnh, thành phố trước, rồi ghi huyện hoặc xã, "
                        "phường của tỉnh đó.",
                    )
                continue
            own = getattr(self.instance, f"{place}_local") if self.instance is not None else None
            try:
                data[f"{place}_local"] = resolve_local(text, province, own)
            except DomainError as error:
                self.add_error(f"{place}_local", error.message)
        return data

    def person(self) -> Person:
        return Person(
            **{
                name: self.cleaned_data.get(name) or (None if name in OBJECT_FIELDS else "")
                for name in PERSON_FIELDS
                if name != "birth_date"
            },
            birth_date=self.cleaned_data["birth_date"],
        )


NATIONAL_ID_HELP = "Số lý lịch đảng viên (mã đảng viên) do cơ sở dữ liệu đảng viên cấp."
PHOTO_HELP = "Ảnh chân dung JPEG hoặc PNG, tối đa 2 MB. Để trống thì giữ ảnh đang có."


class MemberFileForm(forms.Form):
    """What only a member's record carries: the national identifier and the photo."""

    national_id = forms.CharField(
        label="Mã đảng viên (số lý lịch)",
        required=False,
        max_length=20,
        help_text=NATIONAL_ID_HELP,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    photo = forms.FileField(
        label="Ảnh",
        required=False,
        help_text=PHOTO_HELP,
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": "image/jpeg,image/png"}
        ),
    )

    def __init__(self, *args: Any, instance: Member, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"national_id": instance.national_id})
        super().__init__(*args, **kwargs)
        # The stored file is never shown as a link here: the photo is served scoped.
        self.fields["photo"].widget = forms.FileInput(
            attrs={"class": "form-control", "accept": "image/jpeg,image/png"}
        )


class EventForm(EditorForm):
    date = VNDateField(label="Ngày")
    decision_number = forms.CharField(label="Số quyết định", required=False, max_length=60)
    decision_date = VNDateField(label="Ngày quyết định", required=False)
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def decision(self) -> Decision:
        d = self.cleaned_data
        return Decision(
            d["date"], d.get("decision_number") or "", d.get("decision_date"), d.get("note") or ""
        )


CONSIDERED_HELP = (
    "Ngày chi bộ họp xét, ra nghị quyết đề nghị kết nạp: tuổi người vào Đảng (đủ 18 đến đủ "
    "60, tính theo tháng) tính vào ngày này. Để trống thì tính vào ngày quyết định."
)


def education_exception_field() -> forms.ChoiceField:
    """The grounds the guidance allows for waiving the education rule (rule data)."""
    from dangvu.core.dates import today
    from dangvu.core.rules import rule

    exceptions = rule("members.admission_education", today())["exceptions"]
    return forms.ChoiceField(
        label="Trường hợp ngoại lệ về học vấn",
        required=False,
        choices=[("", "Không (phải tốt nghiệp trung học cơ sở trở lên)"), *exceptions.items()],
        help_text="Chỉ chọn khi hồ sơ thuộc trường hợp hướng dẫn cho phép học vấn thấp hơn.",
    )


class AdmitForm(EventForm):
    organisation = MemberOrgField(label="Chi bộ kết nạp (mã hoặc tên)")
    considered_on = VNDateField(
        label="Ngày chi bộ xét kết nạp",
        required=False,
        help_text=CONSIDERED_HELP,
    )
    ceremony_date = VNDateField(label="Ngày lễ kết nạp", required=False)
    field_order = ["organisation", "considered_on", "date", "ceremony_date"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].label = "Ngày quyết định kết nạp"
        self.fields["education_exception"] = education_exception_field()


FIRST_ADMISSION_HELP = "Đảng viên đã được kết nạp lại: ngày vào Đảng lần đầu."
READMISSION_HELP = (
    "Chỉ ghi khi hồ sơ có ngày vào Đảng lần thứ hai (kết nạp lại). Tuổi Đảng trừ khoảng "
    "thời gian từ ngày ra khỏi Đảng đến ngày kết nạp lại; ngày lễ kết nạp và ngày chính "
    "thức là của lần kết nạp lại."
)


def earlier_left_field() -> forms.DateField:
    return VNDateField(
        label="Ngày ra khỏi Đảng (trước khi kết nạp lại)",
        required=False,
        help_text=READMISSION_HELP,
    )


def readmission_field() -> forms.DateField:
    return VNDateField(label="Ngày vào Đảng lần thứ hai (kết nạp lại)", required=False)


class EarlierInterruptionForm(DomainForm):
    """The earlier interruption on a member's party file, on the record edit page: for a
    member already on the books whose file shows it (loaded before it could be entered, or
    the paper file found later). Checked as on the roll and the transfer-in."""

    earlier_left_date = earlier_left_field()
    readmission_date = readmission_field()

    def __init__(self, *args: Any, instance: Member, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "earlier_left_date": instance.earlier_left_date,
                "readmission_date": instance.readmission_date,
            },
        )
        super().__init__(*args, **kwargs)

    def interruption(self) -> tuple[dt.date | None, dt.date | None]:
        d = self.cleaned_data
        return d.get("earlier_left_date"), d.get("readmission_date")


# A probationary member brought in with their file: probation is dated from the ceremony.
CEREMONY_HELP = (
    "Bắt buộc với đảng viên dự bị: thời gian dự bị 12 tháng tính từ ngày lễ kết nạp, kể cả "
    "khi lễ tổ chức ở đảng bộ khác."
)


class ExistingForm(EditorForm):
    organisation = MemberOrgField(label="Chi bộ đang sinh hoạt (mã hoặc tên)")
    on = VNDateField(label="Ghi nhận từ ngày")
    admission_decision_date = VNDateField(
        label="Ngày quyết định kết nạp", help_text=FIRST_ADMISSION_HELP
    )
    earlier_left_date = earlier_left_field()
    readmission_date = readmission_field()
    ceremony_date = VNDateField(label="Ngày lễ kết nạp", required=False, help_text=CEREMONY_HELP)
    full_member_date = VNDateField(label="Ngày chính thức", required=False)
    card_number = forms.CharField(label="Số thẻ đảng viên", required=False, max_length=20)
    card_date = VNDateField(label="Ngày cấp thẻ", required=False)


class TransferInForm(EventForm):
    organisation = MemberOrgField(label="Chi bộ tiếp nhận (mã hoặc tên)")
    external_party = forms.CharField(label="Đảng bộ nơi chuyển đi", max_length=255)
    admission_decision_date = VNDateField(
        label="Ngày quyết định kết nạp (theo hồ sơ)",
        help_text=FIRST_ADMISSION_HELP,
    )
    earlier_left_date = earlier_left_field()
    readmission_date = readmission_field()
    ceremony_date = VNDateField(label="Ngày lễ kết nạp", required=False, help_text=CEREMONY_HELP)
    full_member_date = VNDateField(label="Ngày chính thức (để trống nếu còn dự bị)", required=False)
    card_number = forms.CharField(label="Số thẻ đảng viên", required=False, max_length=20)
    card_date = VNDateField(label="Ngày cấp thẻ", required=False)
    field_order = ["organisation", "external_party", "date"]

    def party_file(self) -> PartyFile:
        d = self.cleaned_data
        return PartyFile(
            d["admission_decision_date"],
            d["ceremony_date"],
            d["full_member_date"],
            d["card_number"] or "",
            d["card_date"],
            d.get("earlier_left_date"),
            d.get("readmission_date"),
        )


class VoidForm(DomainForm):
    reason = forms.CharField(label="Lý do hủy", widget=forms.Textarea(attrs={"rows": 2}))


BADGE_CHOICES = [(str(n), f"{n} năm") for n in (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)]
END_CAUSE_HELP = "Ví dụ: bỏ sinh hoạt 3 tháng trong năm không có lý do chính đáng"


CLASS_REASON_HELP = (
    "Chỉ ghi khi chưa có ghi nhận đồng chí hoàn thành lớp bồi dưỡng lý luận chính trị cho "
    "đảng viên mới (mục Giáo dục) mà chi bộ vẫn xét chuyển chính thức."
)


def event_form_class(kind: str) -> type[EventForm]:
    """The form for one kind of event, with the fields that kind needs."""
    extra: dict[str, forms.Field] = {}
    if kind == EventKind.CARD_ISSUED:
        extra["card_number"] = forms.CharField(label="Số thẻ đảng viên", max_length=20)
    elif kind in (EventKind.TRANSFER_OUT,):
        extra["external_party"] = forms.CharField(label="Đảng bộ nơi chuyển đến", max_length=255)
    elif kind == EventKind.MOVED:
        extra["to"] = MemberOrgField(label="Chuyển đến chi bộ (mã hoặc tên)")
    elif kind in (EventKind.TEMP_IN, EventKind.TEMP_OUT):
        place = (
            "Tổ chức nơi sinh hoạt tạm thời (trong Đảng bộ)"
            if kind == EventKind.TEMP_IN
            else "Đảng bộ nơi sinh hoạt tạm thời"
        )
        extra["place"] = forms.CharField(label=place, max_length=255)
        extra["until"] = VNDateField(label="Đến ngày", required=False)
    elif kind == EventKind.EXEMPTED:
        extra["ended"] = forms.BooleanField(label="Kết thúc miễn sinh hoạt", required=False)
    elif kind == EventKind.DISCIPLINED:
        extra["form"] = forms.ChoiceField(label="Hình thức kỷ luật", choices=DisciplineForm.choices)
        extra["violation_date"] = VNDateField(label="Ngày vi phạm", required=False)
        # Who decided, for the authority by issuing body (inspection.authority), and what
        # the limitation depends on besides the dates (inspection.limitation).
        from dangvu.inspection.authority import MEMBER_LEVEL_CHOICES
        from dangvu.inspection.limitation import CONCLUSION_DATE_HELP, ViolationCategory

        extra["issuing_level"] = forms.ChoiceField(
            label="Cơ quan quyết định",
            choices=[("", "— chọn —"), *MEMBER_LEVEL_CHOICES],
            help_text="Chi bộ của đồng chí, đảng ủy cơ sở cấp trên, hoặc Ban Thường vụ, Ủy ban "
            "Kiểm tra của Đảng ủy cấp trên cơ sở; chỉ nhận hình thức mà cơ quan đó có thẩm "
            "quyền quyết định.",
        )
        extra["delegation"] = forms.CharField(
            label="Quyết định ủy quyền kết nạp, khai trừ",
            max_length=120,
            required=False,
            help_text="Chỉ khi đảng ủy cơ sở quyết định khai trừ: số, ngày quyết định của cấp "
            "ủy cấp trên ủy quyền (ví dụ: 125-QĐ/ĐUK ngày 10/3/2021).",
        )
        extra["conclusion_date"] = VNDateField(
            label="Ngày kết luận vi phạm",
            required=False,
            help_text=CONCLUSION_DATE_HELP,
        )

        extra["violation_category"] = forms.ChoiceField(
            label="Loại vi phạm",
            choices=ViolationCategory.choices,
            initial=ViolationCategory.OTHER,
            required=False,
            help_text="Vi phạm về chính trị nội bộ; quốc phòng, an ninh, đối ngoại; văn bằng, "
            "chứng chỉ không hợp pháp: không áp dụng thời hiệu.",
        )
        extra["expulsion_level"] = forms.BooleanField(
            label="Vi phạm đến mức phải khai trừ", required=False
        )
        extra["later_violation_date"] = VNDateField(
            label="Ngày vi phạm mới trong thời hiệu",
            required=False,
            help_text="Nếu có: thời hiệu của vi phạm cũ tính lại từ ngày này.",
        )
    elif kind in (EventKind.DIED, EventKind.RESIGNED):
        pass
    elif kind == EventKind.REMOVED:
        extra["cause"] = forms.CharField(
            label="Lý do xóa tên", max_length=255, help_text=END_CAUSE_HELP
        )
    elif kind in (EventKind.BADGE_PROPOSED, EventKind.BADGE_AWARDED):
        extra["milestone"] = forms.TypedChoiceField(
            label="Huy hiệu", choices=BADGE_CHOICES, coerce=int
        )
        # The ground the texts allow besides the milestone reached (members.badges).
        cases = list(BadgeCase.choices)
        if kind == EventKind.BADGE_AWARDED:
            cases.insert(0, ("", "Như khi đề nghị"))
        extra["case"] = forms.ChoiceField(
            label="Trường hợp",
            choices=cases,
            required=False,
            help_text="Xét tặng sớm: ghi tình trạng bệnh nặng vào ô ghi chú.",
        )
    elif kind == EventKind.CONFIRMED:
        extra["class_reason"] = forms.CharField(
            label="Lý do chưa học lớp bồi dưỡng cho đảng viên mới",
            required=False,
            max_length=255,
            help_text=CLASS_REASON_HELP,
        )
    elif kind == EventKind.READMITTED:
        from dangvu.members.rules import READMISSION_GROUNDS

        extra["organisation"] = MemberOrgField(label="Chi bộ sinh hoạt (mã hoặc tên)")
        extra["left_for"] = forms.ChoiceField(
            label="Lý do đã ra khỏi Đảng (theo hồ sơ)",
            choices=[("", "— chọn —"), *READMISSION_GROUNDS.items()],
        )
        extra["consent_number"] = forms.CharField(
            label="Số văn bản đồng ý của Ban Thường vụ tỉnh ủy, thành ủy", max_length=60
        )
        extra["consent_date"] = VNDateField(label="Ngày văn bản đồng ý")
        extra["ceremony_date"] = VNDateField(
            label="Ngày lễ kết nạp lại",
            required=False,
            help_text="Dự bị 12 tháng tính từ ngày lễ, như người vào Đảng lần đầu.",
        )
    elif kind == EventKind.RESTORED:
        extra["organisation"] = MemberOrgField(label="Chi bộ sinh hoạt (mã hoặc tên)")
    return type(f"{kind.title()}Form", (EventForm,), {**extra, "field_order": list(extra)})


SPONSORS_HELP = (
    "Hai người giới thiệu, tên cách nhau bằng dấu phẩy (hai đảng viên chính thức, hoặc ban "
    "chấp hành đoàn cơ sở và một đảng viên chính thức)."
)


class CandidateForm(EditorForm):
    organisation = MemberOrgField(label="Chi bộ (mã hoặc tên)")
    registered_on = VNDateField(label="Ngày đưa vào danh sách")
    sponsors = forms.CharField(
        label="Người giới thiệu", required=False, max_length=255, help_text=SPONSORS_HELP
    )


class CandidateProgressForm(DomainForm):
    class_completed_on = VNDateField(label="Ngày hoàn thành lớp bồi dưỡng", required=False)
    certificate_number = forms.CharField(label="Số giấy chứng nhận", required=False, max_length=40)
    checked_on = VNDateField(label="Ngày thẩm tra lý lịch xong", required=False)
    proposed_on = VNDateField(
        label="Ngày chi bộ họp xét, ra nghị quyết đề nghị kết nạp",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["education_exception"] = education_exception_field()


class CandidateWithdrawForm(DomainForm):
    on = VNDateField(label="Ngày dừng xem xét")
    reason = forms.CharField(label="Lý do", max_length=255)


class CandidateAdmitForm(EventForm):
    ceremony_date = VNDateField(label="Ngày lễ kết nạp", required=False)
    field_order = ["date", "ceremony_date"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].label = "Ngày quyết định kết nạp"
