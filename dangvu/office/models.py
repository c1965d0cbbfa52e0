"""Commendations (khen thưởng) and mass organisations (đoàn thể) with their congresses and
annual ratings.

Every record hangs on a party organisation: that is how it is scoped to users and placed
in a subtree for the statistics (by the organisation's position on the record's date).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangvu.education.voiding import ALIVE, Voidable
from dangvu.members.models import Member
from dangvu.orgs.models import Organisation


class Reason(models.TextChoices):
    """The movement or reason of a commendation."""

    HCM = "HCM", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    CONTEST = "CONTEST", "Thành tích trong hội thi, cuộc thi"
    ANNUAL = "ANNUAL", "Hoàn thành xuất sắc nhiệm vụ năm"
    OTHER = "OTHER", "Khác"


class Commendation(Voidable):
    """A commendation of a collective (an organisation) or of an individual.

    For an individual, `organisation` is the unit the person belongs to: for a member, their
    organisation on the decision date (from the ledger); for someone else, the one given.
    """

    class Kind(models.TextChoices):
        COLLECTIVE = "COLLECTIVE", "Tập thể"
        INDIVIDUAL = "INDIVIDUAL", "Cá nhân"

    kind = models.CharField("đối tượng", max_length=12, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tổ chức",
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name="đảng viên",
    )
    person_name = models.CharField("họ và tên cá nhân", max_length=120, blank=True)
    reason = models.CharField("phong trào, lý do", max_length=12, choices=Reason.choices)
    level = models.CharField("cấp khen thưởng", max_length=255)
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định")
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "khen thưởng"
        verbose_name_plural = "khen thưởng"
        ordering = ["-decision_date", "-id"]
        indexes = [
            models.Index(fields=["kind", "decision_date"], name="commendation_kind_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} — {self.get_reason_display()} ({self.decision_date:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("office:commendation", args=[self.pk])

    @property
    def recipient(self) -> str:
        if self.kind == self.Kind.COLLECTIVE:
            return self.organisation.name
        return self.member.full_name if self.member_id and self.member else self.person_name


class MassOrganisation(models.Model):
    """A mass organisation unit (công đoàn, đoàn thanh niên…) attached to a party organisation."""

    class Kind(models.TextChoices):
        TRADE_UNION = "TRADE_UNION", "Công đoàn"
        YOUTH_UNION = "YOUTH_UNION", "Đoàn Thanh niên"
        WOMEN = "WOMEN", "Hội Phụ nữ"
        VETERANS = "VETERANS", "Hội Cựu chiến binh"

    kind = models.CharField("loại đoàn thể", max_length=12, choices=Kind.choices)
    name = models.CharField("tên", max_length=255)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tổ chức đảng lãnh đạo",
    )
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tổ chức đoàn thể"
        verbose_name_plural = "tổ chức đoàn thể"
        ordering = ["organisation__path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "name"], name="massorg_org_kind_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("office:massorg", args=[self.pk])


class MassCongress(Voidable):
    """A congress (đại hội) of a mass organisation unit for a term."""

    unit = models.ForeignKey(
        MassOrganisation,
        on_delete=models.PROTECT,
        related_name="congresses",
        verbose_name="tổ chức đoàn thể",
    )
    term = models.CharField("nhiệm kỳ", max_length=20)
    date = models.DateField("ngày đại hội")
    note = models.TextField("ghi chú", blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đại hội đoàn thể"
        verbose_name_plural = "đại hội đoàn thể"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "term"], condition=ALIVE, name="masscongress_unit_term_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Đại hội {self.unit.name} nhiệm kỳ {self.term}"

    def get_absolute_url(self) -> str:
        return self.unit.get_absolute_url()


class Rating(models.TextChoices):
    EXCELLENT = "EXCELLENT", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "GOOD", "Hoàn thành tốt nhiệm vụ"
    COMPLETED = "COMPLETED", "Hoàn thành nhiệm vụ"
    NOT_COMPLETED = "NOT_COMPLETED", "Không hoàn thành nhiệm vụ"


class MassRating(Voidable):
    """The annual rating of a mass organisation unit; one per unit and year.

    `as_of` is the day on which the unit's party organisation places the rating in the
    tree: the last day of the year, or the organisation's last day if it ended that year.
    """

    unit = models.ForeignKey(
        MassOrganisation,
        on_delete=models.PROTECT,
        related_name="ratings",
        verbose_name="tổ chức đoàn thể",
    )
    year = models.PositiveSmallIntegerField("năm")
    rating = models.CharField("xếp loại", max_length=16, choices=Rating.choices)
    rated_by = models.CharField("cấp đánh giá", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)
    as_of = models.DateField("tính đến ngày", editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "xếp loại đoàn thể"
        verbose_name_plural = "xếp loại đoàn thể"
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], condition=ALIVE, name="massrating_unit_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} năm {self.year}: {self.get_rating_display()}"

    def get_absolute_url(self) -> str:
        return self.unit.get_absolute_url()


# --- document register ----------------------------------------------------------------

# The kinds of party document and their abbreviations in a document number (15-BC/ĐU),
# as listed by the party's document guidance. Kept as data: the form, the import and the
# register all read this list.
DOCUMENT_KINDS: tuple[tuple[str, str], ...] = (
    ("NQ", "Nghị quyết"),
    ("QĐ", "Quyết định"),
    ("QĐi", "Quy định"),
    ("CT", "Chỉ thị"),
    ("KL", "Kết luận"),
    ("HD", "Hướng dẫn"),
    ("KH", "Kế hoạch"),
    ("CTr", "Chương trình"),
    ("BC", "Báo cáo"),
    ("TB", "Thông báo"),
    ("TTr", "Tờ trình"),
    ("BB", "Biên bản"),
    ("CV", "Công văn"),
    ("GGT", "Giấy giới thiệu"),
)
DOCUMENT_KIND_CODES = tuple(code for code, _ in DOCUMENT_KINDS)


class Document(Voidable):
    """One entry of the document register (sổ đăng ký văn bản đi) of an issuing body.

    The issuing body is an organisation and the symbol it signs with ("ĐU" for its
    committee, "BTCĐU" for its organisation board…): each body numbers its documents of
    each kind from 01 in each committee term. `number` is that running number; the full
    number reads "15-BC/ĐU".
    """

    issuer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tổ chức ban hành",
    )
    symbol = models.CharField("ký hiệu cơ quan ban hành", max_length=20)
    kind = models.CharField("loại văn bản", max_length=4, choices=DOCUMENT_KINDS)
    term = models.CharField("nhiệm kỳ", max_length=20)
    number = models.PositiveIntegerField("số")
    date = models.DateField("ngày văn bản")
    summary = models.TextField("trích yếu")
    signer = models.CharField("người ký", max_length=120, blank=True)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "sổ đăng ký văn bản"
        ordering = ["-date", "-id"]
        constraints = [
            # One live document per number in a series (issuer, symbol, kind, term); its
            # index also serves next_number(), the highest live number of a series.
            models.UniqueConstraint(
                fields=["issuer", "symbol", "kind", "term", "number"],
                condition=ALIVE,
                name="document_series_number_unique",
            )
        ]
        indexes = [
            # Lists filtered by year.
            models.Index(fields=["date"], name="document_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.full_number} ngày {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("office:document", args=[self.pk])

    @property
    def full_number(self) -> str:
        return f"{self.number:02d}-{self.kind}/{self.symbol}"


# --- plans and targets ----------------------------------------------------------------


class Plan(Voidable):
    """A work programme or plan (chương trình công tác, kế hoạch) of an organisation.

    It covers the years `year`..`end_year` (one year for an annual programme, the whole
    term for a term programme). Its targets (`PlanTarget`) are bound to registry
    indicators, so that plan versus actual is computed; its tasks (`PlanTask`) feed the
    "tasks for next year" of a report. Only an issued plan (or a closed one) commits the
    organisation: a draft's targets and tasks are shown but not counted.
    """

    class Kind(models.TextChoices):
        ANNUAL = "ANNUAL", "Chương trình công tác năm"
        TERM = "TERM", "Chương trình công tác toàn khóa"
        PLAN = "PLAN", "Kế hoạch"
        INSPECTION = "INSPECTION", "Chương trình kiểm tra, giám sát"
        OTHER = "OTHER", "Khác"

    class Status(models.TextChoices):
        DRAFT = "DRAFT", "Dự thảo"
        ISSUED = "ISSUED", "Đã ban hành"
        CLOSED = "CLOSED", "Đã tổng kết"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tổ chức",
    )
    year = models.PositiveSmallIntegerField("năm")
    end_year = models.PositiveSmallIntegerField("đến năm")
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    title = models.CharField("tên chương trình, kế hoạch", max_length=255)
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name="văn bản ban hành",
    )
    status = models.CharField(
        "tình trạng", max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "chương trình, kế hoạch"
        verbose_name_plural = "chương trình, kế hoạch"
        ordering = ["-year", "organisation__path", "id"]
        indexes = [
            # The plan source: the live plans of one organisation for one span of years.
            models.Index(fields=["organisation", "year", "end_year"], name="plan_org_years_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("office:plan", args=[self.pk])

    @property
    def years(self) -> str:
        return str(self.year) if self.end_year == self.year else f"{self.year} - {self.end_year}"


class PlanTarget(Voidable):
    """A numeric target (chỉ tiêu) of a plan, bound to a registry indicator by its code."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="targets", verbose_name="kế hoạch"
    )
    indicator = models.CharField("mã chỉ tiêu", max_length=100)
    target = models.PositiveIntegerField("chỉ tiêu")
    note = models.TextField("ghi chú", blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["plan", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator"], condition=ALIVE, name="plantarget_plan_code_unique"
            )
        ]
        indexes = [
            # The plan source: targets of one indicator.
            models.Index(fields=["indicator", "plan"], name="plantarget_code_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.target}"

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url()


class PlanTask(Voidable):
    """A task or solution (nhiệm vụ, giải pháp) of a plan, in the plan's order."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="tasks", verbose_name="kế hoạch"
    )
    position = models.PositiveSmallIntegerField("thứ tự")
    title = models.CharField("nhiệm vụ", max_length=500)
    detail = models.TextField("nội dung, giải pháp", blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url()
