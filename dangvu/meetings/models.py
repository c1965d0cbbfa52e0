"""Cell meetings (sinh hoạt chi bộ) and their attendance.

Every cell meets at least monthly and holds a thematic meeting at least once a quarter;
grassroots cells, sub-committees and grassroots committees record their meetings the same
way. A `Meeting` is one sitting of one organisation on one day; its `Attendance` rows are
the organisation's roll on that day, taken from the ledger (never typed), each marked
present, absent with a reason or absent without one, plus the members of other places who
attended temporarily (counted where they attend, not on the rolls).

The meeting keeps the counts of its roll (`required`, `present`, `excused`, `unexcused`,
`guests`), written with its attendance in one transaction, so that a province's
indicators for a year sum a few hundred thousand meetings instead of a million rows.
Mistaken meetings are voided with a reason, never deleted; a voided meeting's attendance
counts nowhere.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangvu.education.voiding import ALIVE, Voidable
from dangvu.members.models import Member
from dangvu.orgs.models import Organisation


class MeetingKind(models.TextChoices):
    REGULAR = "REGULAR", "Sinh hoạt thường kỳ (hằng tháng)"
    THEMATIC = "THEMATIC", "Sinh hoạt chuyên đề"
    EXTRAORDINARY = "EXTRAORDINARY", "Sinh hoạt bất thường"


class Presence(models.TextChoices):
    """How a member on the roll (or a guest) stood at a meeting."""

    PRESENT = "PRESENT", "Có mặt"
    EXCUSED = "EXCUSED", "Vắng có lý do"
    UNEXCUSED = "UNEXCUSED", "Vắng không có lý do"
    # Shown on the roll but not required to attend: not counted in the attendance rate.
    EXEMPT = "EXEMPT", "Được miễn sinh hoạt"
    AWAY = "AWAY", "Đang sinh hoạt tạm thời nơi khác"


# The statuses of members required to attend (the denominator of the attendance rate).
REQUIRED = (Presence.PRESENT, Presence.EXCUSED, Presence.UNEXCUSED)


class AbsenceReason(models.TextChoices):
    SICK = "SICK", "Ốm đau, điều trị bệnh"
    MISSION = "MISSION", "Đi công tác"
    LEAVE = "LEAVE", "Nghỉ phép, việc riêng được chi bộ đồng ý"
    FAMILY = "FAMILY", "Việc gia đình (hiếu, hỷ…)"
    STUDY = "STUDY", "Đi học"
    OTHER = "OTHER", "Lý do khác (ghi rõ)"


def minutes_path(instance: Meeting, filename: str) -> str:
    """Where a meeting's scanned minutes are stored: by year and month of the meeting."""
    day = instance.date
    return f"bien-ban-sinh-hoat/{day:%Y}/{day:%m}/{filename}"


class Meeting(Voidable):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức đảng"
    )
    date = models.DateField("ngày sinh hoạt")
    kind = models.CharField("hình thức", max_length=14, choices=MeetingKind.choices)
    topic = models.CharField("chuyên đề, nội dung chính", max_length=255, blank=True)
    # Who chaired and who took the minutes: members of the organisation on the day.
    chaired_by = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chủ trì",
    )
    minutes_by = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="thư ký",
    )
    # The superior committee's member who attended (the one assigned, or another).
    superior_attendee = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cấp ủy viên cấp trên dự",
    )
    superior_attendee_name = models.CharField(
        "cấp ủy cấp trên dự (nếu không có trong danh sách)", max_length=120, blank=True
    )
    decisions = models.TextField("những nội dung chi bộ thống nhất", blank=True)
    minutes_file = models.FileField(
        "biên bản (bản chụp)", upload_to=minutes_path, max_length=255, blank=True
    )
    # The counts of the roll, written with the attendance rows.
    required = models.PositiveIntegerField("số đảng viên phải dự", default=0)
    present = models.PositiveIntegerField("số có mặt", default=0)
    excused = models.PositiveIntegerField("số vắng có lý do", default=0)
    unexcused = models.PositiveIntegerField("số vắng không lý do", default=0)
    guests = models.PositiveIntegerField("số đảng viên sinh hoạt tạm thời dự", default=0)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "buổi sinh hoạt"
        verbose_name_plural = "sinh hoạt chi bộ"
        ordering = ["-date", "organisation_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(present__lte=models.F("required")),
                name="meeting_present_within_required",
            ),
        ]
        indexes = [
            models.Index(fields=["date", "organisation"], name="meeting_date_idx"),
            models.Index(fields=["organisation", "date"], name="meeting_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ngày {self.date:%d/%m/%Y} — {self.organisation.name}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def attendance_rate(self) -> float | None:
        """Present among those required, in percent (None when nobody was required)."""
        return 100.0 * self.present / self.required if self.required else None


class Attendance(models.Model):
    """One line of a meeting's roll: a member on the roll that day, or a guest.

    A guest (`is_guest`) is a member attending temporarily from elsewhere: a member of
    this installation attached here (`member` set), or of another committee (`guest_name`
    and `guest_from`, since they are not on these rolls)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name="buổi sinh hoạt"
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_attendance",
        verbose_name="đảng viên",
    )
    is_guest = models.BooleanField("sinh hoạt tạm thời", default=False)
    guest_name = models.CharField("họ và tên", max_length=120, blank=True)
    guest_from = models.CharField("nơi sinh hoạt chính thức", max_length=255, blank=True)
    presence = models.CharField("tình hình dự", max_length=10, choices=Presence.choices)
    reason = models.CharField("lý do vắng", max_length=8, choices=AbsenceReason.choices, blank=True)
    reason_note = models.CharField("ghi rõ lý do", max_length=255, blank=True)

    class Meta:
        verbose_name = "điểm danh"
        verbose_name_plural = "điểm danh"
        ordering = ["meeting_id", "is_guest", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=models.Q(member__isnull=False),
                name="attendance_one_line_per_member",
            ),
            models.CheckConstraint(
                condition=models.Q(member__isnull=False) | ~models.Q(guest_name=""),
                name="attendance_names_someone",
            ),
        ]
        indexes = [
            # Serves "members absent without reason in the last 12 months".
            models.Index(
                fields=["member", "presence"],
                name="attendance_unexcused_idx",
                condition=models.Q(presence="UNEXCUSED"),
            ),
        ]

    def __str__(self) -> str:
        who = self.member.full_name if self.member_id else self.guest_name
        return f"{who}: {self.get_presence_display()}"


__all__ = [
    "ALIVE",
    "REQUIRED",
    "AbsenceReason",
    "Attendance",
    "Meeting",
    "MeetingKind",
    "Presence",
]
