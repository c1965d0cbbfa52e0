"""Personnel work (công tác cán bộ): committees and their members per term, the decisions
that complete them, acting assignments, leader evaluations, political-standard conclusions
and the committee members assigned to attend cells' meetings.

Every record hangs on a party organisation: that is how it is scoped to users and placed
in a subtree for the statistics (by the organisation's position on the record's date).
Mistaken records are voided with a reason, never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangvu.core.dates import FOREVER
from dangvu.education.voiding import ALIVE, Voidable
from dangvu.members.models import AdmissionCandidate, Member
from dangvu.orgs.models import Organisation


class CommitteeKind(models.TextChoices):
    EXECUTIVE = "EXECUTIVE", "Ban Chấp hành (cấp ủy)"
    STANDING = "STANDING", "Ban Thường vụ"
    INSPECTION = "INSPECTION", "Ủy ban Kiểm tra"


class Position(models.TextChoices):
    SECRETARY = "SECRETARY", "Bí thư"
    DEPUTY_SECRETARY = "DEPUTY_SECRETARY", "Phó Bí thư"
    STANDING_MEMBER = "STANDING_MEMBER", "Ủy viên Ban Thường vụ"
    COMMITTEE_MEMBER = "COMMITTEE_MEMBER", "Cấp ủy viên"
    INSPECTION_CHAIR = "INSPECTION_CHAIR", "Chủ nhiệm Ủy ban Kiểm tra"
    INSPECTION_DEPUTY = "INSPECTION_DEPUTY", "Phó Chủ nhiệm Ủy ban Kiểm tra"
    INSPECTION_MEMBER = "INSPECTION_MEMBER", "Ủy viên Ủy ban Kiểm tra"


# The positions each body has. The secretary and deputies sit in both the executive and
# the standing committee; "who is the secretary" is read from the executive committee.
POSITIONS: dict[str, tuple[str, ...]] = {
    CommitteeKind.EXECUTIVE: (
        Position.SECRETARY,
        Position.DEPUTY_SECRETARY,
        Position.COMMITTEE_MEMBER,
    ),
    CommitteeKind.STANDING: (
        Position.SECRETARY,
        Position.DEPUTY_SECRETARY,
        Position.STANDING_MEMBER,
    ),
    CommitteeKind.INSPECTION: (
        Position.INSPECTION_CHAIR,
        Position.INSPECTION_DEPUTY,
        Position.INSPECTION_MEMBER,
    ),
}
# Positions held by one person at a time in a committee.
SINGLE_SEAT = {Position.SECRETARY, Position.INSPECTION_CHAIR}


class Recorded(Voidable):
    """Who recorded a row and when."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Committee(Recorded):
    """One body of an organisation for one term (the executive committee 2020–2025 …)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức đảng"
    )
    kind = models.CharField("cơ quan", max_length=12, choices=CommitteeKind.choices)
    term = models.CharField("nhiệm kỳ", max_length=9)  # "2020–2025", normalised
    first_year = models.PositiveSmallIntegerField("năm đầu nhiệm kỳ")
    last_year = models.PositiveSmallIntegerField("năm cuối nhiệm kỳ")
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "cấp ủy, ủy ban kiểm tra theo nhiệm kỳ"
        verbose_name_plural = "cấp ủy, ủy ban kiểm tra theo nhiệm kỳ"
        ordering = ["-first_year", "organisation__path", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "term"],
                condition=ALIVE,
                name="committee_org_kind_term_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organisation.name}, nhiệm kỳ {self.term}"

    def get_absolute_url(self) -> str:
        return reverse("personnel:committee", args=[self.pk])


class CommitteeDecision(Recorded):
    """A decision on a committee's personnel (kiện toàn): it opens and/or closes seats.

    The seats it opens start on the decision date and name it as their basis; the seats it
    closes end on that date and name it as their end.
    """

    class Kind(models.TextChoices):
        APPROVE = "APPROVE", "Chuẩn y kết quả bầu"
        APPOINT = "APPOINT", "Chỉ định"
        ADD = "ADD", "Chỉ định bổ sung"
        RELIEVE = "RELIEVE", "Cho thôi giữ chức, thôi tham gia"

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="decisions", verbose_name="cơ quan"
    )
    kind = models.CharField("loại quyết định", max_length=8, choices=Kind.choices)
    number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định")
    issued_by = models.CharField("cấp quyết định", max_length=255)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "quyết định kiện toàn"
        verbose_name_plural = "quyết định kiện toàn"
        ordering = ["-decision_date", "-id"]
        # "decisions of a period" for the indicators and the yearly list.
        indexes = [models.Index(fields=["decision_date"], name="committeedecision_date_idx")]

    def __str__(self) -> str:
        number = f" số {self.number}" if self.number else ""
        return f"{self.get_kind_display()}{number} — {self.committee}"

    def get_absolute_url(self) -> str:
        return reverse("personnel:decision", args=[self.pk])


class CommitteeMember(Recorded):
    """A member's seat in a committee: from `start_date` to `ended_on` (exclusive).

    An open seat has `ended_on = FOREVER`, so "in post on D" is the plain indexed
    comparison `start_date <= D < ended_on`.
    """

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="seats", verbose_name="cơ quan"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="committee_seats", verbose_name="đảng viên"
    )
    position = models.CharField("chức vụ", max_length=20, choices=Position.choices)
    start_date = models.DateField("từ ngày")
    ended_on = models.DateField("thôi từ ngày", default=FOREVER)
    start_decision = models.ForeignKey(
        CommitteeDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opened_seats",
        verbose_name="quyết định",
    )
    start_basis = models.CharField("căn cứ", max_length=255, blank=True)
    end_decision = models.ForeignKey(
        CommitteeDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closed_seats",
        verbose_name="quyết định thôi",
    )
    end_reason = models.CharField("lý do thôi", max_length=255, blank=True)

    class Meta:
        verbose_name = "cấp ủy viên, ủy viên ủy ban kiểm tra"
        verbose_name_plural = "cấp ủy viên, ủy viên ủy ban kiểm tra"
        ordering = ["committee", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lt=models.F("ended_on")),
                name="committeemember_start_before_end",
            )
        ]
        indexes = [
            # the seats of one committee at D (the committee page, "who is the secretary")
            models.Index(fields=["committee", "start_date"], name="committeemember_cmte_idx"),
            # one member's seats (the member page, the overlap check)
            models.Index(fields=["member", "start_date"], name="committeemember_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name} — {self.get_position_display()}"

    def get_absolute_url(self) -> str:
        return self.committee.get_absolute_url()

    @property
    def is_open(self) -> bool:
        return self.ended_on == FOREVER

    @property
    def end_text(self) -> str:
        return "" if self.is_open else self.ended_on.strftime("%d/%m/%Y")


class ActingAssignment(Recorded):
    """A member given acting responsibility for (giao quyền) or put in charge of (phân
    công phụ trách) an organisation's committee while its post is vacant."""

    class Kind(models.TextChoices):
        ACTING = "ACTING", "Giao quyền"
        IN_CHARGE = "IN_CHARGE", "Phân công phụ trách"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức đảng"
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="acting_assignments",
        verbose_name="đảng viên",
    )
    kind = models.CharField("hình thức", max_length=10, choices=Kind.choices)
    post = models.CharField("chức danh", max_length=120, default="Bí thư")
    start_date = models.DateField("từ ngày")
    end_date = models.DateField("đến hết ngày", null=True, blank=True)
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định")
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "giao quyền, phân công phụ trách"
        verbose_name_plural = "giao quyền, phân công phụ trách"
        ordering = ["-decision_date", "-id"]
        indexes = [models.Index(fields=["decision_date"], name="acting_decision_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.post} {self.organisation.name}: {self.member}"

    def get_absolute_url(self) -> str:
        return reverse("personnel:record", args=["acting", self.pk])


class LeaderEvaluation(Recorded):
    """The committee's comments on a leader (nhận xét, đánh giá cán bộ lãnh đạo, quản lý
    thuộc diện cấp ủy quản lý), given at another body's request."""

    class Reason(models.TextChoices):
        APPOINTMENT = "APPOINTMENT", "Bổ nhiệm"
        REAPPOINTMENT = "REAPPOINTMENT", "Bổ nhiệm lại"
        ELECTION = "ELECTION", "Giới thiệu ứng cử"
        PLANNING = "PLANNING", "Quy hoạch"
        COMMENDATION = "COMMENDATION", "Khen thưởng"
        RETIREMENT = "RETIREMENT", "Nghỉ hưu, kéo dài thời gian công tác"
        OTHER = "OTHER", "Khác"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tổ chức đảng nơi sinh hoạt",
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name="đảng viên",
    )
    person_name = models.CharField("họ và tên", max_length=120)
    position = models.CharField("chức vụ", max_length=255)
    unit = models.CharField("cơ quan, đơn vị", max_length=255, blank=True)
    reason = models.CharField("lý do", max_length=16, choices=Reason.choices)
    requested_by = models.CharField("cơ quan đề nghị", max_length=255, blank=True)
    date = models.DateField("ngày có ý kiến")
    document_number = models.CharField("số văn bản", max_length=60, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "nhận xét, đánh giá cán bộ"
        verbose_name_plural = "nhận xét, đánh giá cán bộ"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["date"], name="evaluation_date_idx")]

    def __str__(self) -> str:
        return f"Nhận xét đồng chí {self.person_name} ({self.position})"

    def get_absolute_url(self) -> str:
        return reverse("personnel:record", args=["evaluation", self.pk])


class PoliticalConclusion(Recorded):
    """A conclusion on a person's political standard (kết luận tiêu chuẩn chính trị).

    The person is a member of the tree, an admission candidate, or someone else (a cadre
    being appointed) named with birth date and unit. `organisation` is where the person
    stands: the member's organisation on the date, the candidate's cell, or the one given.
    """

    class Purpose(models.TextChoices):
        ADMISSION = "ADMISSION", "Kết nạp đảng"
        APPOINTMENT = "APPOINTMENT", "Bổ nhiệm, giới thiệu ứng cử"
        PLANNING = "PLANNING", "Quy hoạch cán bộ"
        OTHER = "OTHER", "Khác"

    class Outcome(models.TextChoices):
        MET = "MET", "Đủ tiêu chuẩn chính trị"
        NOT_MET = "NOT_MET", "Chưa đủ tiêu chuẩn chính trị"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức đảng"
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="political_conclusions",
        verbose_name="đảng viên",
    )
    candidate = models.ForeignKey(
        AdmissionCandidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="political_conclusions",
        verbose_name="quần chúng ưu tú",
    )
    person_name = models.CharField("họ và tên", max_length=120)
    birth_date = models.DateField("ngày sinh")
    unit = models.CharField("cơ quan, đơn vị công tác", max_length=255, blank=True)
    purpose = models.CharField("mục đích", max_length=12, choices=Purpose.choices)
    outcome = models.CharField("kết luận", max_length=8, choices=Outcome.choices)
    date = models.DateField("ngày kết luận")
    document_number = models.CharField("số văn bản", max_length=60, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "kết luận tiêu chuẩn chính trị"
        verbose_name_plural = "kết luận tiêu chuẩn chính trị"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["date", "purpose"], name="conclusion_date_purpose_idx")]

    def __str__(self) -> str:
        return f"Kết luận tiêu chuẩn chính trị: {self.person_name}"

    def get_absolute_url(self) -> str:
        return reverse("personnel:record", args=["conclusion", self.pk])


class CellAttendance(Recorded):
    """A committee member assigned to attend a cell's monthly meetings (phân công cấp ủy
    viên dự sinh hoạt chi bộ), from `start_date` to `end_date` (inclusive; open if None)."""

    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="cell_attendances",
        verbose_name="cấp ủy viên",
    )
    seat = models.ForeignKey(
        CommitteeMember,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name="chức vụ trong cấp ủy",
    )
    cell = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ"
    )
    start_date = models.DateField("từ ngày")
    end_date = models.DateField("đến hết ngày", null=True, blank=True)
    decision_number = models.CharField("số văn bản phân công", max_length=60, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "phân công dự sinh hoạt chi bộ"
        verbose_name_plural = "phân công dự sinh hoạt chi bộ"
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["start_date"], name="attendance_start_idx")]

    def __str__(self) -> str:
        return f"{self.member.full_name} dự sinh hoạt {self.cell.name}"

    def get_absolute_url(self) -> str:
        return reverse("personnel:record", args=["attendance", self.pk])
