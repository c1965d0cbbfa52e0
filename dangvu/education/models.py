"""Records of the propaganda and education board (Ban Tuyên giáo).

Classes and their learners, conferences and events, resolution studies with one return
per organisation, and contests with their entries. Every record names the organisation
that organised it (or sent the return); counts of a subtree take the organiser's place in
the tree on the record's date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangvu.education.voiding import ALIVE, Voidable
from dangvu.members.models import AdmissionCandidate, Member
from dangvu.orgs.models import Organisation


class Recorded(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class PoliticalClass(Voidable, Recorded):
    """A political training class (lớp bồi dưỡng) with its learners."""

    class Kind(models.TextChoices):
        # Shown with the committee's own name (rule "education.candidate_class_name");
        # this label is its default.
        CANDIDATE = "CANDIDATE", "Lớp bồi dưỡng lý luận chính trị cho đối tượng kết nạp Đảng"
        NEW_MEMBER = "NEW_MEMBER", "Lớp bồi dưỡng lý luận chính trị cho đảng viên mới"
        OTHER = "OTHER", "Lớp bồi dưỡng lý luận chính trị khác"

    kind = models.CharField("loại lớp", max_length=16, choices=Kind.choices)
    name = models.CharField("tên lớp", max_length=255)
    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị tổ chức"
    )
    start_date = models.DateField("ngày khai giảng")
    end_date = models.DateField("ngày bế giảng")
    venue = models.CharField("địa điểm", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "lớp bồi dưỡng"
        verbose_name_plural = "lớp bồi dưỡng"
        ordering = ["-end_date", "-id"]
        indexes = [models.Index(fields=["kind", "end_date"], name="class_kind_end_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="class_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("education:class", args=[self.pk])

    def get_kind_display(self) -> str:
        """The kind as the committee names it: the candidate class under its set name."""
        if self.kind == self.Kind.CANDIDATE:
            from dangvu.education.rules import candidate_class_title

            return candidate_class_title(self.start_date)
        return str(self.Kind(self.kind).label) if self.kind in self.Kind.values else self.kind


class ClassLearner(models.Model):
    """One learner of a class: an admission candidate or a member, never both."""

    political_class = models.ForeignKey(
        PoliticalClass, on_delete=models.PROTECT, related_name="learners", verbose_name="lớp"
    )
    candidate = models.ForeignKey(
        AdmissionCandidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="quần chúng ưu tú",
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đảng viên",
    )
    completed = models.BooleanField("hoàn thành", default=False)
    certificate_number = models.CharField("số giấy chứng nhận", max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "học viên"
        verbose_name_plural = "học viên"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(candidate__isnull=False, member__isnull=True)
                    | models.Q(candidate__isnull=True, member__isnull=False)
                ),
                name="learner_is_one_person",
            ),
            models.UniqueConstraint(
                fields=["political_class", "candidate"],
                condition=models.Q(candidate__isnull=False),
                name="learner_candidate_once_per_class",
            ),
            models.UniqueConstraint(
                fields=["political_class", "member"],
                condition=models.Q(member__isnull=False),
                name="learner_member_once_per_class",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def person(self) -> AdmissionCandidate | Member:
        person = self.member if self.member_id else self.candidate
        assert person is not None
        return person

    @property
    def full_name(self) -> str:
        return self.person.full_name

    @property
    def role_label(self) -> str:
        return "Đảng viên" if self.member_id else "Quần chúng ưu tú"


class Conference(Voidable, Recorded):
    """A conference or event, with its attendance counted in person-times (lượt)."""

    class Kind(models.TextChoices):
        INFO = "INFO", "Hội nghị thông tin (cấp ủy, báo cáo viên)"
        REVIEW = "REVIEW", "Hội nghị sơ kết, tổng kết"
        SEMINAR = "SEMINAR", "Tọa đàm, hội thảo"
        EXCHANGE = "EXCHANGE", "Giao lưu"
        MASS_CONGRESS = "MASS_CONGRESS", "Đại hội đoàn thể"
        OTHER = "OTHER", "Hoạt động khác"

    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    title = models.CharField("tên hội nghị, hoạt động", max_length=255)
    date = models.DateField("ngày tổ chức")
    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị tổ chức"
    )
    attendance = models.PositiveIntegerField("số lượt tham dự", default=0)
    venue = models.CharField("địa điểm", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "hội nghị, hoạt động"
        verbose_name_plural = "hội nghị, hoạt động"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["kind", "date"], name="conference_kind_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attendance__gte=0), name="conference_attendance_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("education:conference", args=[self.pk])


class Resolution(Recorded):
    """A resolution (or conclusion, directive) to be studied: the same for every unit."""

    name = models.CharField("tên văn bản", max_length=500)
    number = models.CharField("số hiệu", max_length=40, unique=True)
    issuing_body = models.CharField("cơ quan ban hành", max_length=255)
    term = models.CharField("khóa", max_length=40, blank=True)
    issued_on = models.DateField("ngày ban hành")

    class Meta:
        verbose_name = "nghị quyết, văn bản học tập"
        verbose_name_plural = "nghị quyết, văn bản học tập"
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("education:resolution", args=[self.pk])


class StudyReturn(Voidable, Recorded):
    """One organisation's return on the study of one resolution."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.PROTECT, related_name="returns", verbose_name="văn bản"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức"
    )
    date = models.DateField("ngày học tập, quán triệt")
    members_studied = models.PositiveIntegerField("đảng viên tham gia")
    members_total = models.PositiveIntegerField("tổng số đảng viên")
    nonmembers_studied = models.PositiveIntegerField("quần chúng tham gia", default=0)
    nonmembers_total = models.PositiveIntegerField("tổng số quần chúng", default=0)

    class Meta:
        verbose_name = "kết quả học tập nghị quyết"
        verbose_name_plural = "kết quả học tập nghị quyết"
        ordering = ["resolution", "organisation__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "organisation"],
                condition=ALIVE,
                name="study_return_once_per_org",
            ),
            models.CheckConstraint(
                condition=models.Q(members_studied__lte=models.F("members_total"))
                & models.Q(nonmembers_studied__lte=models.F("nonmembers_total")),
                name="study_return_studied_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resolution.number} — {self.organisation}"

    def get_absolute_url(self) -> str:
        """A return is shown on its resolution's page."""
        return self.resolution.get_absolute_url()

    @property
    def members_pct(self) -> float | None:
        return 100.0 * self.members_studied / self.members_total if self.members_total else None

    @property
    def nonmembers_pct(self) -> float | None:
        if not self.nonmembers_total:
            return None
        return 100.0 * self.nonmembers_studied / self.nonmembers_total


class Contest(Voidable, Recorded):
    """A contest (hội thi, cuộc thi) organised by an organisation.

    A contest is for individuals or for teams, and its entries are named as it is: "bài
    dự thi" for the first, "đội thi" for the second (never "bài, đội dự thi").
    """

    class Entrants(models.TextChoices):
        INDIVIDUAL = "INDIVIDUAL", "Cá nhân dự thi (bài dự thi)"
        TEAM = "TEAM", "Đội dự thi (đội thi)"

    name = models.CharField("tên hội thi, cuộc thi", max_length=255)
    entrants = models.CharField(
        "hình thức dự thi",
        max_length=12,
        choices=Entrants.choices,
        default=Entrants.INDIVIDUAL,
    )
    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị tổ chức"
    )
    start_date = models.DateField("ngày bắt đầu")
    end_date = models.DateField("ngày kết thúc (tổng kết)")
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "hội thi, cuộc thi"
        verbose_name_plural = "hội thi, cuộc thi"
        ordering = ["-end_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="contest_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("education:contest", args=[self.pk])

    @property
    def year(self) -> int:
        return self.end_date.year

    @property
    def is_team(self) -> bool:
        return self.entrants == self.Entrants.TEAM

    @property
    def entry_noun(self) -> str:
        """What one entry is called: "bài dự thi" or "đội thi"."""
        return "đội thi" if self.is_team else "bài dự thi"


class ContestEntry(Voidable):
    """An entry: an organisation and/or a named entrant, its work, result and whether it
    was sent on to the contest of the level above."""

    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="entries", verbose_name="hội thi"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tổ chức dự thi",
    )
    # An individual contest: the author and the title of the entry (bài dự thi); a team
    # contest: the team's name (đội thi) and what it presented.
    entrant_name = models.CharField("tác giả hoặc tên đội thi", max_length=255, blank=True)
    title = models.CharField("tên bài dự thi hoặc phần thi của đội", max_length=500, blank=True)
    result = models.CharField("kết quả, giải", max_length=255, blank=True)
    sent_up = models.BooleanField("gửi dự thi cấp trên", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bài dự thi hoặc đội thi"
        verbose_name_plural = "bài dự thi, đội thi"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.entrant_name or (self.organisation.name if self.organisation else "")

    def get_absolute_url(self) -> str:
        """An entry is shown on its contest's page."""
        return self.contest.get_absolute_url()
