"""The annual quality rating (đánh giá, xếp loại chất lượng) of members and of party
organisations.

A committee opens the year's round (`RatingRound`); inside it every member on the books
during the year gets one `MemberRating` and every organisation below one `OrgRating`. A
rating moves through three dated steps, each with who did it:

1. the member's (or organisation's) self-assessment (`self_grade`, `self_score`);
2. the proposal of the body that reviews it: the cell for its members, the grassroots
   committee for its cells (`proposed_grade`, `proposed_score`);
3. the decision of the competent body: the grassroots committee for members, the superior
   for organisations (`grade`, `score`, `decided_on`, `decision_number`).

Or, instead of a grade, the reason the rules give for not rating (`not_rated_reason`).
Once decided a rating is locked: a correction voids it with its reason and records a new
one that points at it (`correction_of`), so the first decision stays on record.

Which grades, scores, quotas and exclusions apply is dated rule data
(`dangvu.rating.rules`): a year is rated by the rules in force for that year.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangvu.education.voiding import ALIVE, Voidable
from dangvu.members.models import Member
from dangvu.office.models import Rating as Grade
from dangvu.orgs.models import Organisation

__all__ = ["Grade", "MemberRating", "NotRatedReason", "OrgRating", "RatingRound", "Stage"]

# Points on the 100-point scale, to two decimals (89.75).
SCORE = {"max_digits": 5, "decimal_places": 2, "null": True, "blank": True}


class NotRatedReason(models.TextChoices):
    """Why a member or an organisation on the books that year has no grade."""

    EXEMPT = "EXEMPT", "Được miễn công tác và sinh hoạt đảng"
    NEW_MEMBER = "NEW_MEMBER", "Mới kết nạp, chưa đủ thời gian để xếp loại"
    LONG_LEAVE = "LONG_LEAVE", "Nghỉ ốm, thai sản hoặc nghỉ việc dài ngày theo quy định"
    LEFT = "LEFT", "Chuyển đi, ra khỏi Đảng hoặc từ trần trước khi đánh giá"
    NEW_ORGANISATION = "NEW_ORGANISATION", "Mới thành lập, chưa đủ thời gian để xếp loại"
    OTHER = "OTHER", "Lý do khác (ghi rõ)"


class Stage(models.TextChoices):
    OPEN = "OPEN", "Chưa đánh giá"
    SELF = "SELF", "Đã tự đánh giá"
    PROPOSED = "PROPOSED", "Đã đề xuất mức xếp loại"
    DECIDED = "DECIDED", "Đã quyết định"


class RatingRound(Voidable):
    """The rating of one year, opened by a committee for its whole subtree."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="cấp ủy tổ chức"
    )
    year = models.PositiveSmallIntegerField("năm đánh giá")
    opened_on = models.DateField("ngày mở đợt")
    deadline = models.DateField("hạn hoàn thành", null=True, blank=True)
    closed_on = models.DateField("ngày kết thúc đợt", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người mở đợt",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người kết thúc đợt",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đợt đánh giá, xếp loại"
        verbose_name_plural = "đợt đánh giá, xếp loại"
        ordering = ["-year", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], condition=ALIVE, name="rating_round_one_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"Đánh giá, xếp loại chất lượng năm {self.year} — {self.organisation.name}"

    def get_absolute_url(self) -> str:
        return reverse("rating:round", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.voided_at is None and self.closed_on is None


class RatingSteps(Voidable):
    """The three dated steps of a rating and its correction link (members, organisations)."""

    year = models.PositiveSmallIntegerField("năm")
    self_grade = models.CharField("tự xếp loại", max_length=16, choices=Grade.choices, blank=True)
    self_score = models.DecimalField("tự chấm điểm", **SCORE)
    self_assessed_on = models.DateField("ngày tự đánh giá", null=True, blank=True)
    proposed_grade = models.CharField(
        "mức đề xuất", max_length=16, choices=Grade.choices, blank=True
    )
    proposed_score = models.DecimalField("điểm đề xuất", **SCORE)
    proposed_on = models.DateField("ngày đề xuất", null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi đề xuất",
    )
    grade = models.CharField("xếp loại", max_length=16, choices=Grade.choices, blank=True)
    score = models.DecimalField("điểm", **SCORE)
    not_rated_reason = models.CharField(
        "lý do không xếp loại", max_length=16, choices=NotRatedReason.choices, blank=True
    )
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    decision_number = models.CharField("số quyết định, thông báo", max_length=60, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi quyết định",
    )
    correction_reason = models.TextField("lý do sửa quyết định", blank=True)
    # The day that places the rating in the tree (the year's last day, or the day the
    # organisation or the member's time on the books ended that year).
    as_of = models.DateField("tính đến ngày")
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def stage(self) -> str:
        if self.decided_on is not None:
            return Stage.DECIDED
        if self.proposed_on is not None:
            return Stage.PROPOSED
        if self.self_assessed_on is not None:
            return Stage.SELF
        return Stage.OPEN

    @property
    def is_locked(self) -> bool:
        return self.decided_on is not None

    @property
    def result_label(self) -> str:
        if self.grade:
            return Grade(self.grade).label
        if self.not_rated_reason:
            return f"Không xếp loại: {NotRatedReason(self.not_rated_reason).label}"
        return Stage(self.stage).label


class MemberRating(RatingSteps):
    """A member's rating for a year, reviewed by their cell (`organisation`) and decided by
    the grassroots organisation (`grassroots`), whose quota it counts against."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="ratings", verbose_name="đảng viên"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ"
    )
    grassroots = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức cơ sở đảng"
    )
    correction_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="sửa quyết định xếp loại",
    )

    class Meta:
        verbose_name = "xếp loại đảng viên"
        verbose_name_plural = "xếp loại đảng viên"
        ordering = ["-year", "organisation_id", "member__search_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"], condition=ALIVE, name="member_rating_one_a_year"
            ),
            models.CheckConstraint(
                condition=~(~models.Q(grade="") & ~models.Q(not_rated_reason="")),
                name="member_rating_grade_or_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "grassroots"], name="member_rating_grassroots"),
            models.Index(fields=["year", "organisation"], name="member_rating_cell"),
            models.Index(fields=["member", "year"], name="member_rating_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — năm {self.year}: {self.result_label}"

    def get_absolute_url(self) -> str:
        return reverse("rating:member", args=[self.pk])


class OrgRating(RatingSteps):
    """An organisation's rating for a year, proposed by the body above it and decided by
    the competent superior (`decided_by_organisation`)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức đảng"
    )
    decided_by_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="cấp ủy quyết định",
    )
    correction_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="sửa quyết định xếp loại",
    )

    class Meta:
        verbose_name = "xếp loại tổ chức đảng"
        verbose_name_plural = "xếp loại tổ chức đảng"
        ordering = ["-year", "organisation__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], condition=ALIVE, name="org_rating_one_a_year"
            ),
            models.CheckConstraint(
                condition=~(~models.Q(grade="") & ~models.Q(not_rated_reason="")),
                name="org_rating_grade_or_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "decided_by_organisation"], name="org_rating_superior"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — năm {self.year}: {self.result_label}"

    def get_absolute_url(self) -> str:
        return reverse("rating:organisation", args=[self.pk])
