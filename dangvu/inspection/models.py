"""Inspection and supervision (kiểm tra, giám sát), discipline (kỷ luật) and complaints and
denunciations (khiếu nại, tố cáo).

Every record names the party organisation whose body did the work (conducting, issuing or
handling organisation) and the level of that body: that is how it is scoped to users and
placed in a subtree for the statistics, by the organisation's position on the record's date.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangvu.education.voiding import ALIVE, Voidable
from dangvu.inspection.limitation import ViolationCategory
from dangvu.members.models import Member, MemberEvent
from dangvu.orgs.models import Organisation


class Level(models.TextChoices):
    """The body that does the work, from the top committee down to a cell."""

    STANDING = "STANDING", "Ban Thường vụ"
    COMMISSION = "COMMISSION", "Ủy ban Kiểm tra"
    BOARD = "BOARD", "Các ban của cấp ủy"
    GRASSROOTS = "GRASSROOTS", "Đảng ủy cơ sở"
    CELL = "CELL", "Chi bộ"


# The bodies of the committee above the grassroots (its own work, not its subtree's).
COMMITTEE_LEVELS = (Level.STANDING, Level.COMMISSION, Level.BOARD)


class Kind(models.TextChoices):
    VIOLATION = "VIOLATION", "Kiểm tra khi có dấu hiệu vi phạm"
    COMPLIANCE = "COMPLIANCE", "Kiểm tra việc thực hiện nhiệm vụ, chấp hành"
    THEMATIC = "THEMATIC", "Giám sát chuyên đề"
    REGULAR = "REGULAR", "Giám sát thường xuyên"


INSPECTION_KINDS = (Kind.VIOLATION, Kind.COMPLIANCE)
SUPERVISION_KINDS = (Kind.THEMATIC, Kind.REGULAR)


class Status(models.TextChoices):
    PLANNED = "PLANNED", "Theo kế hoạch, chưa tiến hành"
    IN_PROGRESS = "IN_PROGRESS", "Đang tiến hành"
    DONE = "DONE", "Đã hoàn thành"
    CANCELLED = "CANCELLED", "Đã hủy bỏ, không tiến hành"


class Programme(Voidable):
    """The annual programme of inspection and supervision of one body for one year."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức đảng"
    )
    level = models.CharField("cơ quan thực hiện", max_length=12, choices=Level.choices)
    board_name = models.CharField("tên ban", max_length=120, blank=True)
    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("tên chương trình", max_length=255)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "chương trình kiểm tra, giám sát"
        verbose_name_plural = "chương trình kiểm tra, giám sát"
        ordering = ["-year", "organisation__path", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "level", "board_name", "year"],
                condition=ALIVE,
                name="programme_body_year_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.body_label}, năm {self.year})"

    def get_absolute_url(self) -> str:
        return reverse("inspection:programme", args=[self.pk])

    @property
    def body_label(self) -> str:
        return body_label(self.level, self.board_name, self.organisation)


def body_label(level: str, board_name: str, org: Organisation) -> str:
    """«Ủy ban Kiểm tra — Đảng bộ Khối…», «Ban Tổ chức — …», «Chi bộ Khoa Nội»."""
    if level == Level.BOARD and board_name:
        return f"{board_name} — {org.name}"
    if level in COMMITTEE_LEVELS:
        return f"{Level(level).label} — {org.name}"
    return org.name


class ProgrammeItem(Voidable):
    """One planned inspection or supervision of a programme."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="items", verbose_name="chương trình"
    )
    number = models.PositiveSmallIntegerField("số thứ tự")
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    title = models.CharField("nội dung", max_length=500)
    planned_subjects = models.CharField("đối tượng dự kiến", max_length=500, blank=True)
    planned_quarter = models.PositiveSmallIntegerField("quý dự kiến", null=True, blank=True)

    class Meta:
        verbose_name = "nội dung chương trình kiểm tra, giám sát"
        verbose_name_plural = "nội dung chương trình kiểm tra, giám sát"
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], condition=ALIVE, name="programme_item_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return self.programme.get_absolute_url()


class Inspection(Voidable):
    """One inspection or supervision (cuộc kiểm tra, giám sát) and its subjects.

    Done records count in a period by `end_date`, placed where the conducting organisation
    stood on that day. A cell's compliance check of its members may list them as subjects
    or only record how many were checked (`members_checked`).
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tổ chức đảng tiến hành",
    )
    level = models.CharField("cơ quan tiến hành", max_length=12, choices=Level.choices)
    board_name = models.CharField("tên ban", max_length=120, blank=True)
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    title = models.CharField("nội dung", max_length=500)
    in_programme = models.BooleanField("theo chương trình năm", default=False)
    programme_item = models.ForeignKey(
        ProgrammeItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name="nội dung trong chương trình",
    )
    decision_number = models.CharField("số quyết định, kế hoạch", max_length=60, blank=True)
    start_date = models.DateField("ngày bắt đầu")
    end_date = models.DateField("ngày kết thúc", null=True, blank=True)
    status = models.CharField("tình trạng", max_length=12, choices=Status.choices)
    members_checked = models.PositiveIntegerField(
        "số đảng viên được kiểm tra (không liệt kê)", null=True, blank=True
    )
    conclusion = models.TextField("kết luận", blank=True)
    conclusion_date = models.DateField("ngày kết luận", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cuộc kiểm tra, giám sát"
        verbose_name_plural = "cuộc kiểm tra, giám sát"
        ordering = ["-start_date", "-id"]
        indexes = [
            # Figures of a period: done records by end date, then level and kind.
            models.Index(fields=["status", "end_date", "level"], name="inspection_done_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("inspection:inspection", args=[self.pk])

    @property
    def body_label(self) -> str:
        return body_label(self.level, self.board_name, self.organisation)

    @property
    def is_supervision(self) -> bool:
        return self.kind in SUPERVISION_KINDS


class Subject(models.Model):
    """An organisation or a member inspected or supervised.

    `org_kind` keeps the organisation's kind on the record's start date, and
    `member_organisation` the member's organisation that day, so that figures by kind
    (cells inspected) need no date join and later restructuring does not rewrite them.
    """

    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        related_name="subjects",
        verbose_name="cuộc kiểm tra, giám sát",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tổ chức",
    )
    org_kind = models.CharField("loại tổ chức", max_length=24, blank=True)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name="đảng viên",
    )
    member_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tổ chức của đảng viên",
    )

    class Meta:
        verbose_name = "đối tượng kiểm tra, giám sát"
        verbose_name_plural = "đối tượng kiểm tra, giám sát"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False, member__isnull=True)
                | models.Q(organisation__isnull=True, member__isnull=False),
                name="subject_org_xor_member",
            ),
            models.UniqueConstraint(
                fields=["inspection", "organisation"], name="subject_org_unique"
            ),
            models.UniqueConstraint(fields=["inspection", "member"], name="subject_member_unique"),
        ]

    def __str__(self) -> str:
        if self.member_id and self.member:
            return f"Đồng chí {self.member.full_name}"
        return self.organisation.name if self.organisation else ""


class Target(models.TextChoices):
    MEMBER = "MEMBER", "Đảng viên"
    ORGANISATION = "ORGANISATION", "Tổ chức đảng"


class Form(models.TextChoices):
    """Heaviest first, as party reports list them: a member's forms (khai trừ, cách chức,
    cảnh cáo, khiển trách), with an organisation's dissolution beside expulsion."""

    EXPULSION = "EXPULSION", "Khai trừ"
    DISSOLUTION = "DISSOLUTION", "Giải tán"
    DISMISSAL = "DISMISSAL", "Cách chức"
    WARNING = "WARNING", "Cảnh cáo"
    REPRIMAND = "REPRIMAND", "Khiển trách"


MEMBER_FORMS = (Form.EXPULSION, Form.DISMISSAL, Form.WARNING, Form.REPRIMAND)
ORGANISATION_FORMS = (Form.DISSOLUTION, Form.WARNING, Form.REPRIMAND)


class DisciplineDecision(Voidable):
    """A discipline decision on a member or on an organisation.

    For a member, `organisation` is their organisation on the decision date and
    `member_event` the DISCIPLINED event written in their ledger in the same transaction
    (voiding the decision voids the event). For an organisation, it is the one disciplined.
    """

    target = models.CharField("đối tượng", max_length=12, choices=Target.choices)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_decisions",
        verbose_name="đảng viên",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức"
    )
    form = models.CharField("hình thức kỷ luật", max_length=12, choices=Form.choices)
    issuing_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tổ chức đảng quyết định",
    )
    issuing_level = models.CharField("cơ quan quyết định", max_length=12, choices=Level.choices)
    violation_date = models.DateField("ngày vi phạm")
    # What the limitation depends on besides the dates (Quy định 69-QĐ/TW, Điều 4): the
    # category of the violation, whether the deciding body judged it to be at the level of
    # expulsion (dissolution) whatever form it decided, and a new violation within the
    # period, from which the period runs again.
    violation_category = models.CharField(
        "loại vi phạm",
        max_length=20,
        choices=ViolationCategory.choices,
        default=ViolationCategory.OTHER,
    )
    expulsion_level = models.BooleanField(
        "vi phạm đến mức phải khai trừ (tổ chức: giải tán)", default=False
    )
    later_violation_date = models.DateField(
        "ngày vi phạm mới trong thời hiệu", null=True, blank=True
    )
    # The limitation runs to the day the competent body concluded that the violation
    # warrants discipline (Quy định 69-QĐ/TW, Điều 4); blank: the decision date.
    conclusion_date = models.DateField("ngày kết luận vi phạm", null=True, blank=True)
    # A grassroots committee expels only where the committee above delegated it the power
    # to admit and expel members (Điều lệ Đảng, Điều 36): the delegating decision, as the
    # expulsion decision cites it ("Quyết định số 125-QĐ/ĐUK ngày 10/3/2021").
    delegation = models.CharField(
        "quyết định ủy quyền kết nạp, khai trừ", max_length=120, blank=True
    )
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định")
    violation = models.TextField("tóm tắt vi phạm")
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_decisions",
        verbose_name="qua cuộc kiểm tra",
    )
    member_event = models.OneToOneField(
        MemberEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="biến động trong hồ sơ đảng viên",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "quyết định kỷ luật"
        verbose_name_plural = "quyết định kỷ luật"
        ordering = ["-decision_date", "-id"]
        indexes = [
            # Figures of a period: decisions on organisations by date.
            models.Index(fields=["target", "decision_date"], name="discipline_target_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.subject_name} ({self.decision_date:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("inspection:discipline", args=[self.pk])

    @property
    def subject_name(self) -> str:
        if self.target == Target.MEMBER and self.member is not None:
            return f"đồng chí {self.member.full_name}"
        return self.organisation.name

    @property
    def issuer_label(self) -> str:
        return body_label(self.issuing_level, "", self.issuing_organisation)


class Complaint(Voidable):
    """A complaint (khiếu nại) or denunciation (tố cáo) and how it was handled.

    `deadline` defaults from the dated rule `inspection.complaint_deadline_days` on the
    received date. It is open until `closed_date`; overdue when open past its deadline.
    """

    class Kind(models.TextChoices):
        COMPLAINT = "COMPLAINT", "Khiếu nại"
        DENUNCIATION = "DENUNCIATION", "Tố cáo"

    class State(models.TextChoices):
        RECEIVED = "RECEIVED", "Đã tiếp nhận"
        IN_PROGRESS = "IN_PROGRESS", "Đang giải quyết"
        RESOLVED = "RESOLVED", "Đã giải quyết"
        DISMISSED = "DISMISSED", "Không thụ lý, lưu đơn"

    kind = models.CharField("loại đơn", max_length=12, choices=Kind.choices)
    received_date = models.DateField("ngày nhận")
    sender = models.CharField("người gửi", max_length=255)
    against_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tổ chức bị khiếu nại, tố cáo",
    )
    against_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name="đảng viên bị khiếu nại, tố cáo",
    )
    subject = models.TextField("nội dung")
    handling_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tổ chức đảng giải quyết",
    )
    handling_level = models.CharField("cơ quan giải quyết", max_length=12, choices=Level.choices)
    deadline = models.DateField("hạn giải quyết")
    status = models.CharField("tình trạng", max_length=12, choices=State.choices)
    outcome = models.TextField("kết quả giải quyết", blank=True)
    closed_date = models.DateField("ngày kết thúc", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đơn khiếu nại, tố cáo"
        verbose_name_plural = "đơn khiếu nại, tố cáo"
        ordering = ["-received_date", "-id"]
        indexes = [
            models.Index(fields=["received_date"], name="complaint_received_idx"),
            # The due list: open complaints by deadline.
            models.Index(fields=["closed_date", "deadline"], name="complaint_open_deadline_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} của {self.sender} ({self.received_date:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("inspection:complaint", args=[self.pk])

    @property
    def against_label(self) -> str:
        if self.against_member is not None:
            return f"Đồng chí {self.against_member.full_name}"
        return self.against_organisation.name if self.against_organisation else ""

    @property
    def is_open(self) -> bool:
        return self.closed_date is None

    def overdue_on(self, day: dt.date) -> bool:
        return self.closed_date is None and self.deadline < day

    @property
    def handler_label(self) -> str:
        return body_label(self.handling_level, "", self.handling_organisation)
