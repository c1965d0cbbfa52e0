"""Party dues (đảng phí): each member's dated basis, the cell's collection month by month,
and what each organisation sends up to its superior.

Money is whole Vietnamese đồng in `Decimal` (`MONEY`): never a float. Nothing is edited
away: a wrong entry is voided with its reason and entered again, so the first entry stays
on record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangvu.education.voiding import ALIVE, Voidable
from dangvu.members.models import Member
from dangvu.orgs.models import Organisation

# Whole đồng, up to a province's year (10^12 đ) with room to spare.
MONEY = {"max_digits": 15, "decimal_places": 0}


class Category(models.TextChoices):
    """The member's dues category (đối tượng đóng đảng phí), as the regulation groups them."""

    STATE = "STATE", "Hưởng tiền lương, phụ cấp từ ngân sách nhà nước"
    ARMED = "ARMED", "Lực lượng vũ trang (Quân đội, Công an)"
    PENSION = "PENSION", "Hưởng lương hưu, trợ cấp bảo hiểm xã hội"
    ENTERPRISE = "ENTERPRISE", "Làm việc trong doanh nghiệp, đơn vị sự nghiệp, tổ chức kinh tế"
    OTHER = "OTHER", "Nông dân, lao động tự do và đảng viên khác có thu nhập"
    OTHER_AGED = (
        "OTHER_AGED",
        "Đảng viên khác ngoài độ tuổi lao động (đã đến tuổi nghỉ hưu), không hưởng lương hưu",
    )
    STUDENT = "STUDENT", "Học sinh, sinh viên không có thu nhập"
    ABROAD = "ABROAD", "Đảng viên ở ngoài nước"
    # While on sick or maternity leave paid by social insurance (Quy định 01-QĐ/TW): the
    # income is the allowance.
    SICK_MATERNITY = (
        "SICK_MATERNITY",
        "Nghỉ ốm đau, thai sản hưởng trợ cấp do cơ quan bảo hiểm xã hội chi trả",
    )


class Area(models.TextChoices):
    """Where a member on a fixed amount lives (the fixed amounts differ by area, as the
    guidance of the Central Office groups them; see dangvu.dues.rules)."""

    METRO = "METRO", "Nội thành thành phố trực thuộc Trung ương"
    URBAN = "URBAN", "Thành thị (nội thành, nội thị đô thị loại I, II, III)"
    RURAL = "RURAL", "Nông thôn và các khu vực còn lại"
    REMOTE = "REMOTE", "Miền núi, vùng sâu, vùng xa, biên giới, hải đảo"


class Exemption(models.TextChoices):
    NONE = "", "Không miễn, giảm"
    EXEMPT = "EXEMPT", "Miễn đóng đảng phí"
    REDUCED = "REDUCED", "Giảm mức đóng"


class Channel(models.TextChoices):
    """How a payment reached the cell (Quy định 01-QĐ/TW lets members pay through the
    national public-service portal)."""

    CASH = "CASH", "Tiền mặt nộp chi bộ"
    PORTAL = "PORTAL", "Cổng Dịch vụ công Quốc gia"
    BANK = "BANK", "Chuyển khoản ngân hàng"


class DuesBasis(Voidable):
    """What a member owes each month from `valid_from` (the first day of a month) until
    their next basis: the category, the monthly income a percentage applies to, the area
    for fixed amounts, and any exemption or reduction with its decision."""

    # Date fields that hold a month (its first day): shown mm/yyyy (the audit history).
    MONTH_FIELDS = ("valid_from", "exemption_until")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="dues_bases", verbose_name="đảng viên"
    )
    valid_from = models.DateField("áp dụng từ tháng")
    category = models.CharField("đối tượng", max_length=16, choices=Category.choices)
    income = models.DecimalField(
        "thu nhập hằng tháng làm căn cứ (đồng)", null=True, blank=True, **MONEY
    )
    area = models.CharField("địa bàn", max_length=8, choices=Area.choices, blank=True)
    exemption = models.CharField(
        "miễn, giảm", max_length=8, choices=Exemption.choices, blank=True, default=""
    )
    reduced_amount = models.DecimalField(
        "mức đóng sau khi giảm (đồng/tháng)", null=True, blank=True, **MONEY
    )
    # Quy định 01-QĐ/TW: a reduction is 30, 50 or 70% of the rate (rule dues.reduction);
    # `reduced_amount` stays for the months before it and for old records.
    reduction_percent = models.PositiveSmallIntegerField("giảm (%)", null=True, blank=True)
    # The last month (its first day) of the exemption or reduction: after it the member
    # owes the full rate again (01-QĐ/TW: at most 12 months a decision).
    exemption_until = models.DateField("miễn, giảm đến hết tháng", null=True, blank=True)
    decision = models.CharField("quyết định miễn, giảm", max_length=120, blank=True)
    decision_date = models.DateField("ngày quyết định miễn, giảm", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "căn cứ đóng đảng phí"
        verbose_name_plural = "căn cứ đóng đảng phí"
        ordering = ["member_id", "-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "valid_from"], condition=ALIVE, name="dues_basis_one_per_month"
            ),
            models.CheckConstraint(
                condition=models.Q(income__isnull=True) | models.Q(income__gte=0),
                name="dues_basis_income_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_category_display()} từ {self.valid_from:%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("dues:basis", args=[self.pk])


class DuesPayment(Voidable):
    """What one member paid for one month (`month`: its first day), collected by the cell
    (`organisation`) on `paid_on`; `expected` is the amount the basis gave on recording.

    A payment in advance for several months is one row per month sharing `receipt`. One
    live payment per member and month: a wrong one is voided and entered again.
    """

    MONTH_FIELDS = ("month",)

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="dues_payments", verbose_name="đảng viên"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ thu"
    )
    month = models.DateField("tháng")
    amount = models.DecimalField("số tiền (đồng)", **MONEY)
    expected = models.DecimalField("số phải đóng (đồng)", **MONEY)
    paid_on = models.DateField("ngày nộp")
    receipt = models.CharField("số phiếu thu", max_length=40, blank=True)
    # A database default too: the demo and the bench insert payments as plain rows.
    channel = models.CharField(
        "hình thức nộp",
        max_length=8,
        choices=Channel.choices,
        default=Channel.CASH,
        db_default=Channel.CASH,
    )
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "khoản thu đảng phí"
        verbose_name_plural = "thu đảng phí"
        ordering = ["-month", "organisation_id", "member_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month"], condition=ALIVE, name="dues_payment_one_per_month"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0) & models.Q(expected__gte=0),
                name="dues_payment_not_negative",
            ),
        ]
        indexes = [
            # A cell's month, and a subtree's months (by the collecting organisation).
            models.Index(fields=["organisation", "month"], name="dues_payment_org_month"),
            models.Index(fields=["month"], name="dues_payment_month"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — tháng {self.month:%m/%Y}: {self.amount} đ"

    def get_absolute_url(self) -> str:
        return reverse("dues:payment", args=[self.pk])


class DuesRemittance(Voidable):
    """What an organisation sent up to its superior (`recipient`) for the months from
    `period_start` to `period_end` (first and last day), on `sent_on` with a receipt
    number; the superior's acknowledgement is recorded on the same row.

    More than the organisation collected for those months is refused unless
    `excess_reason` says why (arrears of earlier periods, for instance).
    """

    MONTH_FIELDS = ("period_start", "period_end")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức nộp"
    )
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="cấp trên nhận"
    )
    period_start = models.DateField("từ tháng")
    period_end = models.DateField("đến tháng")
    amount = models.DecimalField("số tiền nộp lên (đồng)", **MONEY)
    sent_on = models.DateField("ngày nộp")
    receipt_number = models.CharField("số chứng từ", max_length=40, blank=True)
    excess_reason = models.TextField("lý do nộp nhiều hơn số thu", blank=True)
    acknowledged_on = models.DateField("cấp trên xác nhận ngày", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người xác nhận",
    )
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lần nộp đảng phí lên cấp trên"
        verbose_name_plural = "nộp đảng phí lên cấp trên"
        ordering = ["-period_start", "organisation_id", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="dues_remittance_period_order",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="dues_remittance_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "period_start"], name="dues_remit_org_period"),
            models.Index(fields=["recipient", "period_start"], name="dues_remit_recipient"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.organisation} nộp {self.amount} đ "
            f"({self.period_start:%m/%Y}–{self.period_end:%m/%Y})"
        )

    def get_absolute_url(self) -> str:
        return reverse("dues:remittance", args=[self.pk])
