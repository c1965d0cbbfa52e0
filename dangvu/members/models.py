"""Members, their append-only ledger of events, and the membership intervals derived from it.

The ledger (`MemberEvent`) is the truth; `MembershipInterval` rows are rebuilt from a
member's events whenever one is written or voided. Each interval carries the path of its
organisation, so "members of subtree X at D" is one range scan, and the kinds of the
events that opened and closed it, with the neighbouring intervals' paths, so that the
flows of a period are aggregates that balance exactly (see `queries.flows`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangvu.core.dates import FOREVER
from dangvu.core.fields import BytewiseCharField
from dangvu.members.kinds import EventKind, Status
from dangvu.orgs.models import Organisation, PathField, Restructuring
from dangvu.vocab.models import AdminUnit, Vocabulary, VocabularyValue


def _value(label: str, vocabulary: str) -> models.ForeignKey[VocabularyValue | None]:
    return models.ForeignKey(
        VocabularyValue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=label,
        limit_choices_to={"vocabulary": vocabulary},
    )


def _unit(label: str) -> models.ForeignKey[AdminUnit | None]:
    return models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=label,
    )


class PersonRecord(models.Model):
    """The personal fields shared by a member's record and an admission candidate's."""

    class Sex(models.TextChoices):
        MALE = "M", "Nam"
        FEMALE = "F", "Nữ"

    full_name = models.CharField("họ và tên", max_length=120)
    # Unaccented lower-case name; bytewise so that a name prefix is a range of its index.
    search_key = BytewiseCharField(max_length=120, editable=False)
    birth_date = models.DateField("ngày sinh")
    sex = models.CharField("giới tính", max_length=1, choices=Sex.choices)
    # Values of the controlled vocabularies (dangvu.vocab); empty is «Chưa có thông tin».
    ethnicity = _value("dân tộc", Vocabulary.ETHNICITY)
    religion = _value("tôn giáo", Vocabulary.RELIGION)
    # Indexed for lookups (the uniqueness constraint below is partial, and SQLite does not
    # use a partial index for a plain equality test).
    identity_number = models.CharField("số CCCD", max_length=12, blank=True, db_index=True)
    # Places as the form writes them: the unit of the day it was written (province, and
    # district or commune) and the rest of the address as text (thôn, số nhà).
    birthplace_province = _unit("nơi sinh: tỉnh, thành phố")
    birthplace_local = _unit("nơi sinh: huyện hoặc xã, phường")
    birthplace = models.CharField("nơi sinh: chi tiết", max_length=255, blank=True)
    hometown_province = _unit("quê quán: tỉnh, thành phố")
    hometown_local = _unit("quê quán: huyện hoặc xã, phường")
    hometown = models.CharField("quê quán: chi tiết", max_length=255, blank=True)
    residence_province = _unit("nơi cư trú: tỉnh, thành phố")
    residence_local = _unit("nơi cư trú: huyện hoặc xã, phường")
    residence = models.CharField("nơi cư trú: chi tiết", max_length=255, blank=True)
    # As the form records it: "12/12", "9/12", "7/10"; empty when not known.
    education = models.CharField("giáo dục phổ thông", max_length=20, blank=True)
    qualification = _value("trình độ chuyên môn", Vocabulary.QUALIFICATION)
    expertise = models.CharField("chuyên ngành đào tạo", max_length=255, blank=True)
    theory_level = _value("lý luận chính trị", Vocabulary.THEORY)
    state_management = _value("quản lý nhà nước", Vocabulary.STATE_MANAGEMENT)
    academic_title = _value("học hàm", Vocabulary.ACADEMIC_TITLE)
    foreign_languages = models.CharField("ngoại ngữ", max_length=120, blank=True)
    it_skill = models.CharField("tin học", max_length=120, blank=True)
    occupation = _value("nghề nghiệp", Vocabulary.OCCUPATION)
    job = models.CharField("công việc chính", max_length=255, blank=True)
    post = models.CharField("chức vụ", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)

    class Meta:
        abstract = True


class Member(PersonRecord):
    """A member's record (lý lịch). The current status and organisation are derived."""

    admission_decision_date = models.DateField("ngày quyết định kết nạp", null=True, blank=True)
    ceremony_date = models.DateField("ngày lễ kết nạp", null=True, blank=True)
    full_member_date = models.DateField("ngày chính thức", null=True, blank=True)
    # Indexed: the member search matches a typed card number exactly.
    card_number = models.CharField("số thẻ đảng viên", max_length=20, blank=True, db_index=True)
    card_date = models.DateField("ngày cấp thẻ", null=True, blank=True)
    # The national identifier of the member's file (số lý lịch / mã đảng viên), as the
    # national database gives it; unique when present.
    national_id = models.CharField(
        "mã đảng viên (số lý lịch)", max_length=20, blank=True, db_index=True
    )
    # Stored through the storage API (see members/photos.py), never served unscoped.
    photo = models.FileField("ảnh", upload_to="members/photos/", max_length=255, blank=True)
    # An interruption the party file carries from before the member came onto our books
    # (roll or transfer-in): the file says "ngày vào Đảng lần đầu" (admission_decision_date
    # above, where party age starts) and "ngày vào Đảng lần thứ hai" (the readmission); the
    # time from leaving to the readmission is time without membership, subtracted from the
    # party age (see queries.party_age). Interruptions recorded here are on the ledger.
    earlier_left_date = models.DateField(
        "ngày ra khỏi Đảng (trước khi kết nạp lại)", null=True, blank=True
    )
    readmission_date = models.DateField(
        "ngày vào Đảng lần thứ hai (kết nạp lại)", null=True, blank=True
    )

    # Derived from the ledger by `ledger.rebuild_member`; never edited by hand.
    status = models.CharField("loại đảng viên", max_length=16, choices=Status.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tổ chức đang sinh hoạt",
    )
    org_path = PathField(max_length=255, blank=True, db_index=True)
    exempted = models.BooleanField("miễn sinh hoạt", default=False)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        ordering = ["search_key", "id"]
        indexes = [models.Index(fields=["search_key", "id"], name="member_name_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["identity_number"],
                condition=~models.Q(identity_number=""),
                name="member_identity_unique_when_present",
            ),
            # A card number is issued once; the actions say whose it is, this catches the
            # race of two saves at once (see members/numbers.py).
            models.UniqueConstraint(
                fields=["card_number"],
                condition=~models.Q(card_number=""),
                name="member_card_unique_when_present",
            ),
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~models.Q(national_id=""),
                name="member_national_id_unique_when_present",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("members:detail", args=[self.pk])

    @property
    def is_member(self) -> bool:
        return bool(self.status)


class MemberEvent(models.Model):
    """One change in a member's life as a member. Never deleted: a mistake is voided."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="events", verbose_name="đảng viên"
    )
    kind = models.CharField("loại", max_length=16, choices=EventKind.choices)
    date = models.DateField("ngày")
    # Where it happened: the member's organisation (for MOVED: the one they go to).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tổ chức",
    )
    # For MOVED: the organisation left.
    from_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="từ tổ chức",
    )
    # For transfers in or out: the party organisation outside the tree.
    external_party = models.CharField("đảng bộ nơi đi / nơi đến", max_length=255, blank=True)
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    # Kind-specific values: discipline form, badge milestone, ceremony date, effective date.
    details = models.JSONField("chi tiết", default=dict, blank=True)
    restructuring = models.ForeignKey(
        Restructuring,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="quyết định sắp xếp tổ chức",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi",
    )
    recorded_at = models.DateTimeField("ghi lúc", auto_now_add=True)
    voided_at = models.DateTimeField("hủy lúc", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người hủy",
    )
    void_reason = models.TextField("lý do hủy", blank=True)

    class Meta:
        verbose_name = "biến động đảng viên"
        verbose_name_plural = "biến động đảng viên"
        ordering = ["date", "id"]
        indexes = [
            # Serves a member's timeline and the rebuild of their intervals.
            models.Index(fields=["member", "date"], name="event_member_date_idx"),
            # Serves the count of a kind in a period (cards issued, badges proposed).
            models.Index(fields=["kind", "date"], name="event_kind_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None

    @property
    def summary(self) -> str:
        """The kind with its particulars, as a secretary would say it."""
        from dangvu.members.kinds import DisciplineForm

        text = self.get_kind_display()
        d = self.details or {}
        if d.get("form"):
            text += f": {DisciplineForm(d['form']).label.lower()}"
        if d.get("issuing_level"):
            from dangvu.inspection.models import Level

            body = dict(Level.choices).get(d["issuing_level"])
            if body:
                text += f" (do {body} quyết định)"
        if d.get("milestone"):
            text += f" {d['milestone']} năm"
            # The ground of a badge other than the milestone reached (see members.badges).
            text += {"EARLY": " (xét tặng sớm)", "POSTHUMOUS": " (truy tặng)"}.get(
                d.get("case", ""), ""
            )
        if d.get("card_number"):
            text += f", số thẻ {d['card_number']}"
        if d.get("ended"):
            text = "Kết thúc miễn sinh hoạt"
        if d.get("cause"):
            text += f" ({d['cause']})"
        if d.get("until"):
            until = dt.date.fromisoformat(d["until"])
            text += f" đến ngày {until:%d/%m/%Y}"
        return text


class MembershipInterval(models.Model):
    """Derived: the member was in `organisation` with `status` from valid_from to valid_to.

    prev_path / next_path are the paths of the adjoining intervals (empty when membership
    starts or ends), so that a period's flows across a subtree's border are one aggregate.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="intervals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    path = PathField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(default=FOREVER)
    start_kind = models.CharField(max_length=16)
    end_kind = models.CharField(max_length=16, blank=True)
    prev_path = PathField(max_length=255, blank=True)
    next_path = PathField(max_length=255, blank=True)
    # The day party age counts from during this interval: the first admission decision
    # moved on by the time without membership before the interval began (see
    # queries.party_age), so that party age on any day D of the interval is D - age_start
    # and a table of members by party age is one aggregate.
    age_start = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "quá trình sinh hoạt"
        verbose_name_plural = "quá trình sinh hoạt"
        indexes = [
            # Serves "members of subtree X at D": a range on path, then the date test.
            models.Index(fields=["path", "valid_from", "valid_to"], name="interval_path_idx"),
            # Serves inflows and outflows of a period.
            models.Index(fields=["valid_from", "start_kind"], name="interval_start_idx"),
            models.Index(fields=["valid_to", "end_kind"], name="interval_end_idx"),
            # Serves "members of one organisation at D" (restructuring moves them).
            models.Index(fields=["organisation", "valid_to"], name="interval_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.organisation_id} {self.valid_from}–{self.valid_to}"


class AdmissionCandidate(PersonRecord):
    """A person the cell is preparing for admission (quần chúng ưu tú), with their progress."""

    class Stage(models.TextChoices):
        REGISTERED = "REGISTERED", "Đang bồi dưỡng, theo dõi"
        CLASS_DONE = "CLASS_DONE", "Đã học lớp bồi dưỡng cho đối tượng kết nạp Đảng"
        CHECKED = "CHECKED", "Đã thẩm tra lý lịch"
        PROPOSED = "PROPOSED", "Chi bộ đã đề nghị kết nạp"
        ADMITTED = "ADMITTED", "Đã kết nạp"
        WITHDRAWN = "WITHDRAWN", "Dừng xem xét"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ"
    )
    registered_on = models.DateField("ngày đưa vào danh sách")
    sponsors = models.CharField("đảng viên giới thiệu", max_length=255, blank=True)
    class_completed_on = models.DateField("ngày hoàn thành lớp bồi dưỡng", null=True, blank=True)
    certificate_number = models.CharField("số giấy chứng nhận", max_length=40, blank=True)
    checked_on = models.DateField("ngày thẩm tra lý lịch xong", null=True, blank=True)
    proposed_on = models.DateField("ngày chi bộ đề nghị kết nạp", null=True, blank=True)
    # The ground on which the lower-secondary education rule is waived (a key of the rule
    # "members.admission_education"), as the file records it; empty when it applies.
    education_exception = models.CharField(
        "trường hợp ngoại lệ về học vấn", max_length=20, blank=True
    )
    withdrawn_on = models.DateField("ngày dừng xem xét", null=True, blank=True)
    withdrawn_reason = models.CharField("lý do dừng", max_length=255, blank=True)
    member = models.OneToOneField(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacy",
        verbose_name="đảng viên đã kết nạp",
    )
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "quần chúng ưu tú"
        verbose_name_plural = "quần chúng ưu tú"
        ordering = ["search_key", "id"]
        indexes = [models.Index(fields=["search_key", "id"], name="candidate_name_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["identity_number"],
                condition=~models.Q(identity_number=""),
                name="candidate_identity_unique_when_present",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("members:candidate", args=[self.pk])

    @property
    def stage(self) -> str:
        if self.member_id:
            return self.Stage.ADMITTED
        if self.withdrawn_on:
            return self.Stage.WITHDRAWN
        if self.proposed_on:
            return self.Stage.PROPOSED
        if self.checked_on:
            return self.Stage.CHECKED
        if self.class_completed_on:
            return self.Stage.CLASS_DONE
        return self.Stage.REGISTERED

    @property
    def stage_label(self) -> str:
        if self.stage == self.Stage.CLASS_DONE:
            # The class as the committee names it (rule "education.candidate_class_name").
            from dangvu.core.rules import rule

            return f"Đã học {rule('education.candidate_class_name', self.class_completed_on)}"
        return self.Stage(self.stage).label


class UnresolvedValue(models.Model):
    """A value an older record held as free text that no vocabulary value or unit matched.

    Written when the record fields became controlled vocabularies, and by nothing else: the
    record holds no value for the field («Chưa có thông tin») until a clerk resolves the
    text on the page of unresolved values, which fixes every record with the same text at
    once.
    """

    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="unresolved",
        verbose_name="đảng viên",
    )
    candidate = models.ForeignKey(
        AdmissionCandidate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="unresolved",
        verbose_name="quần chúng ưu tú",
    )
    field = models.CharField("trường", max_length=30)
    text = models.CharField("giá trị đã ghi", max_length=255)

    class Meta:
        verbose_name = "giá trị chưa khớp danh mục"
        verbose_name_plural = "giá trị chưa khớp danh mục"
        indexes = [models.Index(fields=["field", "text"], name="unresolved_field_text_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=False, candidate__isnull=True)
                | models.Q(member__isnull=True, candidate__isnull=False),
                name="unresolved_one_record",
            ),
            models.UniqueConstraint(
                fields=["member", "field"], name="unresolved_member_field_unique"
            ),
            models.UniqueConstraint(
                fields=["candidate", "field"], name="unresolved_candidate_field_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.text}"
