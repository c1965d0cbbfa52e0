"""Members between two committees, and members of other committees attending here a while.

Three records, none of which is ever counted as a member of the committee:

- `ArrivalConfirmation`: the sending organisation has learned that a member it
  transferred out (a live TRANSFER_OUT event of the ledger) arrived at the receiving
  committee. At most one live confirmation per event; a mistaken one is voided with a
  reason, never deleted, and the event is back in the list of members in transit.
- `Announcement`: a member announced as coming to an organisation of the tree. It stays
  open until the transfer-in is recorded (it then names the TRANSFER_IN event) or it is
  closed as "không đến" with a reason.
- `TemporaryAttendee`: a member of another committee attending a cell of ours for a while
  (đảng viên nơi khác đến sinh hoạt tạm thời). Known only by name, birth date and home
  organisation: they are on another committee's rolls, never on ours.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangvu.education.voiding import Voidable
from dangvu.members.models import MemberEvent
from dangvu.orgs.models import Organisation


class Sex(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"


class Recorded(Voidable):
    """Who recorded a row and when."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi",
    )
    recorded_at = models.DateTimeField("ghi lúc", auto_now_add=True)

    class Meta:
        abstract = True


class ArrivalConfirmation(Recorded):
    """The receiving committee's notice that a member transferred out has arrived."""

    event = models.ForeignKey(
        MemberEvent,
        on_delete=models.PROTECT,
        related_name="arrival_confirmations",
        verbose_name="quyết định chuyển sinh hoạt đi",
    )
    # The organisation the member left (the event's), kept here so that the record's
    # scope and filters read one column.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức chuyển đi"
    )
    learned_on = models.DateField("ngày nhận được thông báo")
    notice_number = models.CharField("số giấy báo, thông báo của nơi nhận", max_length=60)
    receiving_organisation = models.CharField("tổ chức đảng nơi nhận", max_length=255)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "xác nhận đảng viên đã đến nơi mới"
        verbose_name_plural = "xác nhận đảng viên đã đến nơi mới"
        ordering = ["-learned_on", "-id"]
        constraints = [
            # One live confirmation per transfer: a second one is refused by the action,
            # this guards against two clerks confirming at the same moment.
            models.UniqueConstraint(
                fields=["event"],
                condition=models.Q(voided_at__isnull=True),
                name="transit_one_live_confirmation",
            )
        ]

    def __str__(self) -> str:
        return f"Xác nhận đã đến nơi mới: {self.event.member.full_name}"

    def get_absolute_url(self) -> str:
        return reverse("transit:confirmation", args=[self.pk])


class Announcement(Recorded):
    """A member announced as coming from another committee, until they arrive or not."""

    class State(models.TextChoices):
        OPEN = "OPEN", "Chưa đến"
        ARRIVED = "ARRIVED", "Đã tiếp nhận"
        NOT_COMING = "NOT_COMING", "Không đến"

    full_name = models.CharField("họ và tên", max_length=120)
    birth_date = models.DateField("ngày sinh")
    sex = models.CharField("giới tính", max_length=1, choices=Sex.choices)
    from_party = models.CharField("đảng bộ nơi chuyển đi", max_length=255)
    paper_number = models.CharField("số giấy giới thiệu sinh hoạt đảng", max_length=60)
    paper_date = models.DateField("ngày giấy giới thiệu")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức tiếp nhận"
    )
    note = models.TextField("ghi chú", blank=True)
    state = models.CharField("tình trạng", max_length=12, choices=State.choices, default=State.OPEN)
    arrival = models.ForeignKey(
        MemberEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tiếp nhận chuyển sinh hoạt đến",
    )
    closed_on = models.DateField("ngày kết thúc theo dõi", null=True, blank=True)
    close_reason = models.TextField("lý do không đến", blank=True)

    class Meta:
        verbose_name = "đảng viên được thông báo chuyển đến"
        verbose_name_plural = "đảng viên được thông báo chuyển đến"
        ordering = ["paper_date", "id"]
        # Serves the open announcements of a subtree, oldest paper first (the due list).
        indexes = [models.Index(fields=["state", "paper_date"], name="transit_ann_state_idx")]

    def __str__(self) -> str:
        return f"{self.full_name} (chuyển đến {self.organisation.name})"

    def get_absolute_url(self) -> str:
        return reverse("transit:announcement", args=[self.pk])


class TemporaryAttendee(Recorded):
    """A member of another committee attending a cell of ours temporarily."""

    class Purpose(models.TextChoices):
        WORK = "WORK", "Công tác, làm việc, cư trú"
        STUDY = "STUDY", "Đi học"

    full_name = models.CharField("họ và tên", max_length=120)
    birth_date = models.DateField("ngày sinh")
    sex = models.CharField("giới tính", max_length=1, choices=Sex.choices)
    home_party = models.CharField("tổ chức đảng nơi sinh hoạt chính thức", max_length=255)
    paper_number = models.CharField("số giấy giới thiệu sinh hoạt tạm thời", max_length=60)
    paper_date = models.DateField("ngày giấy giới thiệu")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ nơi đến"
    )
    purpose = models.CharField("lý do", max_length=8, choices=Purpose.choices)
    start_date = models.DateField("từ ngày")
    planned_end = models.DateField("đến hết ngày (dự kiến)")
    actual_end = models.DateField("ngày thôi sinh hoạt tạm thời", null=True, blank=True)
    pays_dues_here = models.BooleanField("đóng đảng phí tại chi bộ nơi đến", default=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "đảng viên nơi khác đến sinh hoạt tạm thời"
        verbose_name_plural = "đảng viên nơi khác đến sinh hoạt tạm thời"
        ordering = ["planned_end", "id"]
        # Serves the attendees of a cell open on a day (the roll) and those ending soon.
        indexes = [models.Index(fields=["organisation", "start_date"], name="transit_att_org_idx")]

    def __str__(self) -> str:
        return f"{self.full_name} (sinh hoạt tạm thời tại {self.organisation.name})"

    def get_absolute_url(self) -> str:
        return reverse("transit:attendee", args=[self.pk])

    @property
    def last_day(self) -> dt.date:
        """The last day they attend: the actual end when recorded, else the planned one."""
        return self.actual_end or self.planned_end


# The highest amount of one month's dues of one attendee: far above any monthly due (a
# share of a salary), so only a typing mistake (an extra zero or three) reaches it.
DUES_MAX = 100_000_000


class TemporaryDuesPayment(Recorded):
    """What a temporary attendee paid at the host cell for one month (`month`: its first
    day), on `paid_on`. Never a member's payment: it is counted in none of the cell's dues
    figures. One live payment per attendee and month; a wrong one is voided, never deleted.
    """

    attendee = models.ForeignKey(
        TemporaryAttendee,
        on_delete=models.PROTECT,
        related_name="dues_payments",
        verbose_name="đảng viên sinh hoạt tạm thời",
    )
    # The host cell, copied from the attendee: the scope path of the record layer.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ thu"
    )
    month = models.DateField("tháng")
    amount = models.PositiveIntegerField("số tiền (đồng)")
    paid_on = models.DateField("ngày nộp")
    receipt = models.CharField("số phiếu thu", max_length=40, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "khoản đảng phí của đảng viên sinh hoạt tạm thời"
        verbose_name_plural = "đảng phí của đảng viên sinh hoạt tạm thời"
        ordering = ["-month", "attendee_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["attendee", "month"],
                condition=models.Q(voided_at__isnull=True),
                name="transit_dues_one_per_month",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0) & models.Q(amount__lte=DUES_MAX),
                name="transit_dues_amount_bounded",
            ),
        ]
        # The cell's month on its dues page, and a subtree's list by month.
        indexes = [models.Index(fields=["organisation", "month"], name="transit_dues_org_month")]

    def __str__(self) -> str:
        return f"{self.attendee.full_name} — tháng {self.month:%m/%Y}: {self.amount} đ"

    def get_absolute_url(self) -> str:
        return reverse("transit:dues_payment", args=[self.pk])
