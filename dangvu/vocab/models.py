"""Controlled vocabularies of the member record, as dated data.

The member form (phiếu đảng viên) records ethnicity, religion, professional qualification,
political theory, state management, academic title and occupation from official lists,
and places (birth, hometown, residence) as administrative units. Both are rows here, each
valid from one day to another, so that a value can be added or retired by an administrator
and a table of a past date reads the lists of that date. A record whose value is not known
holds no value (NULL): it is shown and counted as «Chưa có thông tin», never guessed.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangvu.core.dates import FOREVER

# The first day of every shipped value: before any record Dangvu may hold.
SINCE = dt.date(1930, 2, 3)

UNKNOWN_LABEL = "Chưa có thông tin"


class Vocabulary(models.TextChoices):
    ETHNICITY = "ETHNICITY", "Dân tộc"
    RELIGION = "RELIGION", "Tôn giáo"
    QUALIFICATION = "QUALIFICATION", "Trình độ chuyên môn"
    THEORY = "THEORY", "Trình độ lý luận chính trị"
    STATE_MANAGEMENT = "STATE_MANAGEMENT", "Trình độ quản lý nhà nước"
    ACADEMIC_TITLE = "ACADEMIC_TITLE", "Học hàm"
    OCCUPATION = "OCCUPATION", "Nghề nghiệp"


class ValueQuerySet(models.QuerySet["VocabularyValue"]):
    def valid_on(self, day: dt.date) -> ValueQuerySet:
        return self.filter(valid_from__lte=day, valid_to__gt=day)

    def of(self, vocabulary: str) -> ValueQuerySet:
        return self.filter(vocabulary=vocabulary)


class VocabularyValue(models.Model):
    """One value of one vocabulary, valid in [valid_from, valid_to).

    `code` is stable (the official code where there is one: the statistics office's code of
    an ethnic group); `name` is what forms and tables show; `aliases` are other spellings a
    spreadsheet or an old record may carry ("Ê-đê", "Ede"), matched without accents and
    case. `group` places the value in a column of the statistical tables where the tables
    group values (an ethnic minority, a religion).
    """

    vocabulary = models.CharField("danh mục", max_length=20, choices=Vocabulary.choices)
    code = models.CharField("mã", max_length=20)
    name = models.CharField("tên", max_length=120)
    aliases = models.JSONField("tên gọi khác", default=list, blank=True)
    group = models.CharField("nhóm", max_length=20, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    valid_from = models.DateField("áp dụng từ ngày", default=SINCE)
    valid_to = models.DateField("hết áp dụng từ ngày", default=FOREVER)
    source = models.CharField("căn cứ", max_length=255, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thêm",
    )
    added_at = models.DateTimeField("thêm lúc", auto_now_add=True)

    objects = ValueQuerySet.as_manager()

    class Meta:
        verbose_name = "giá trị danh mục"
        verbose_name_plural = "giá trị danh mục"
        ordering = ["vocabulary", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="vocab_value_code_unique"),
            models.CheckConstraint(
                condition=Q(valid_from__lt=models.F("valid_to")), name="vocab_value_span"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AdminUnit(models.Model):
    """A province, a district or a commune/ward, valid in [valid_from, valid_to).

    Administrative units are merged, split and renamed (the 2025 reform merged 63
    provinces into 34 and abolished the district level from 01/7/2025): a unit that changes
    ends, and the unit that takes its place begins, with `successor` pointing from the old
    to the new. The same official code can thus name two units at two dates; a unit is the
    code at a date. A record keeps the unit it was written with; pages show the successor
    beside an ended unit («nay là …»).
    """

    class Level(models.TextChoices):
        PROVINCE = "PROVINCE", "Tỉnh, thành phố"
        DISTRICT = "DISTRICT", "Huyện, quận, thị xã, thành phố thuộc tỉnh"
        COMMUNE = "COMMUNE", "Xã, phường, thị trấn, đặc khu"

    code = models.CharField("mã", max_length=10)
    name = models.CharField("tên", max_length=120)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="thuộc",
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name="nay là",
    )
    valid_from = models.DateField("từ ngày", default=SINCE)
    valid_to = models.DateField("đến trước ngày", default=FOREVER)
    source = models.CharField("căn cứ", max_length=255, blank=True)

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["level", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"], name="admin_unit_code_day_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__lt=models.F("valid_to")), name="admin_unit_span"
            ),
        ]
        indexes = [models.Index(fields=["level", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return self.name

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day < self.valid_to
