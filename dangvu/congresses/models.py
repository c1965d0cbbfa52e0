"""Party congresses (đại hội đảng) and the terms they open.

A `Term` is an organisation's term of office, from the congress that opened it to the
next (nhiệm kỳ 2020–2025); its `due_on` is when the next congress falls due by the rule
of the organisation's kind on the day it began (`congresses.term_months`). A term ends
(`ended_on`) on the day the next congress opens the next term.

A `Congress` is first planned (level, kind, form, dates), then its delegates are called
and their attendance recorded, then its results: the bodies elected with each one's vote
share (`Election`). Recording the results is the one write path that changes the
committee: it opens the personnel records' committees of the new term and their seats
(`personnel.Committee`, `personnel.CommitteeMember`, basis «Đại hội bầu»), closes the
previous term's seats on the congress's day, and opens the new `Term`. Each `Election`
keeps the seat it opened. The congress's papers (political report, resolution, the
superior's approval of the results) are `CongressDocument`s: an entry of the document
register, or the number and date of a superior's paper outside it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangvu.education.voiding import ALIVE, Voidable
from dangvu.members.models import Member
from dangvu.orgs.models import Organisation
from dangvu.personnel.models import Position


class Recorded(Voidable):
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Term(Recorded):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức đảng"
    )
    label = models.CharField("nhiệm kỳ", max_length=9)  # "2020–2025", normalised
    first_year = models.PositiveSmallIntegerField("năm đầu nhiệm kỳ")
    last_year = models.PositiveSmallIntegerField("năm cuối nhiệm kỳ")
    began_on = models.DateField("bắt đầu từ ngày")
    due_on = models.DateField("hạn tổ chức đại hội nhiệm kỳ sau")
    ended_on = models.DateField("kết thúc ngày", null=True, blank=True)
    congress = models.ForeignKey(
        "Congress",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đại hội mở nhiệm kỳ",
    )
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "nhiệm kỳ"
        verbose_name_plural = "nhiệm kỳ của tổ chức đảng"
        ordering = ["-began_on", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "label"], condition=ALIVE, name="term_org_label_unique"
            ),
            # One open term per organisation.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=ALIVE & models.Q(ended_on__isnull=True),
                name="term_one_open",
            ),
        ]
        indexes = [models.Index(fields=["due_on"], name="term_due_idx")]

    def __str__(self) -> str:
        return f"Nhiệm kỳ {self.label} — {self.organisation.name}"

    def get_absolute_url(self) -> str:
        return reverse("congresses:term", args=[self.pk])


class CongressKind(models.TextChoices):
    REGULAR = "REGULAR", "Đại hội thường lệ (hết nhiệm kỳ)"
    EXTRAORDINARY = "EXTRAORDINARY", "Đại hội bất thường"


class CongressForm(models.TextChoices):
    DELEGATES = "DELEGATES", "Đại hội đại biểu"
    ALL_MEMBERS = "ALL_MEMBERS", "Đại hội đảng viên"


class Congress(Recorded):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức đảng"
    )
    # The organisation's kind on the congress's day (OrgKind), kept for the counts by level.
    level = models.CharField("cấp", max_length=24)
    kind = models.CharField("loại đại hội", max_length=14, choices=CongressKind.choices)
    form = models.CharField("hình thức", max_length=12, choices=CongressForm.choices)
    term_label = models.CharField("nhiệm kỳ", max_length=9)
    ordinal = models.PositiveSmallIntegerField("lần thứ", null=True, blank=True)
    # Planned first, then held: `opens_on` is the (planned) first day.
    opens_on = models.DateField("ngày khai mạc")
    closes_on = models.DateField("ngày bế mạc", null=True, blank=True)
    place = models.CharField("địa điểm", max_length=255, blank=True)
    # Set when the results are recorded (the congress has been held).
    held = models.BooleanField("đã tổ chức", default=False)
    members_total = models.PositiveIntegerField(
        "số đảng viên (hoặc đại biểu) được triệu tập", null=True, blank=True
    )
    attended_total = models.PositiveIntegerField("số có mặt", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "đại hội"
        verbose_name_plural = "đại hội đảng"
        ordering = ["-opens_on", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "term_label"],
                condition=ALIVE & models.Q(kind="REGULAR"),
                name="congress_one_regular_per_term",
            ),
        ]
        indexes = [models.Index(fields=["opens_on"], name="congress_opens_idx")]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.organisation.name} nhiệm kỳ {self.term_label}"

    def get_absolute_url(self) -> str:
        return reverse("congresses:congress", args=[self.pk])


class DelegateKind(models.TextChoices):
    ELECTED = "ELECTED", "Đại biểu được bầu"
    EX_OFFICIO = "EX_OFFICIO", "Đại biểu đương nhiên (cấp ủy viên)"
    APPOINTED = "APPOINTED", "Đại biểu chỉ định"
    MEMBER = "MEMBER", "Đảng viên (đại hội đảng viên)"


class Delegate(models.Model):
    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, related_name="delegates", verbose_name="đại hội"
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đảng viên",
    )
    # A delegate of another installation's organisation, not on these rolls.
    name = models.CharField("họ và tên", max_length=120, blank=True)
    kind = models.CharField("loại đại biểu", max_length=10, choices=DelegateKind.choices)
    attended = models.BooleanField("có mặt", default=True)
    absence_reason = models.CharField("lý do vắng", max_length=255, blank=True)

    class Meta:
        verbose_name = "đại biểu"
        verbose_name_plural = "đại biểu dự đại hội"
        ordering = ["congress_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "member"],
                condition=models.Q(member__isnull=False),
                name="delegate_once",
            ),
            models.CheckConstraint(
                condition=models.Q(member__isnull=False) | ~models.Q(name=""),
                name="delegate_names_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.member.full_name if self.member_id else self.name


class ElectedBody(models.TextChoices):
    EXECUTIVE = "EXECUTIVE", "Ban Chấp hành (cấp ủy)"
    STANDING = "STANDING", "Ban Thường vụ"
    INSPECTION = "INSPECTION", "Ủy ban Kiểm tra"
    SUPERIOR_DELEGATE = "SUPERIOR_DELEGATE", "Đại biểu dự đại hội cấp trên"


class Election(models.Model):
    """One person elected by the congress (or at its first session of the new committee)
    to one body, with the position and the share of the votes."""

    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, related_name="elections", verbose_name="đại hội"
    )
    body = models.CharField("cơ quan", max_length=18, choices=ElectedBody.choices)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name="đảng viên"
    )
    # A personnel.Position for the bodies of the committee; empty for superior delegates.
    position = models.CharField("chức vụ", max_length=20, choices=Position.choices, blank=True)
    is_alternate = models.BooleanField("đại biểu dự khuyết", default=False)
    votes = models.PositiveIntegerField("số phiếu", null=True, blank=True)
    vote_share = models.DecimalField(
        "tỷ lệ phiếu (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    # The seat of the personnel records this election opened (committee bodies only).
    seat = models.ForeignKey(
        "personnel.CommitteeMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chức vụ trong cấp ủy",
    )

    class Meta:
        verbose_name = "kết quả bầu cử"
        verbose_name_plural = "kết quả bầu cử tại đại hội"
        ordering = ["congress_id", "body", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "body", "member"], name="election_once_per_body"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name} — {self.get_body_display()}"


class DocumentRole(models.TextChoices):
    POLITICAL_REPORT = "POLITICAL_REPORT", "Báo cáo chính trị"
    REVIEW_REPORT = "REVIEW_REPORT", "Báo cáo kiểm điểm của cấp ủy"
    RESOLUTION = "RESOLUTION", "Nghị quyết đại hội"
    MINUTES = "MINUTES", "Biên bản đại hội"
    APPROVAL = "APPROVAL", "Quyết định chuẩn y kết quả bầu cử"
    PERMISSION = "PERMISSION", "Văn bản đồng ý tổ chức đại hội của cấp trên"
    OTHER = "OTHER", "Văn bản khác"


class CongressDocument(Recorded):
    congress = models.ForeignKey(
        Congress, on_delete=models.PROTECT, related_name="documents", verbose_name="đại hội"
    )
    role = models.CharField("loại văn bản", max_length=16, choices=DocumentRole.choices)
    # An entry of the installation's document register (its own or the superior's) …
    document = models.ForeignKey(
        "office.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="văn bản trong sổ",
    )
    # … or a paper outside it.
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    date = models.DateField("ngày văn bản", null=True, blank=True)
    issued_by = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    summary = models.CharField("trích yếu", max_length=255, blank=True)

    class Meta:
        verbose_name = "văn bản đại hội"
        verbose_name_plural = "văn bản đại hội"
        ordering = ["congress_id", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(document__isnull=False) | ~models.Q(number=""),
                name="congress_document_names_paper",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.congress}"
