"""Voiding: a mistaken record is voided with a reason, never deleted.

The correction is a new record. A void record stays readable on its page, marked "đã hủy"
with the reason, but no list, export, indicator or uniqueness check counts it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from dangvu.audit import log as audit
from dangvu.core.errors import DomainError
from dangvu.core.fields import checked_text
from dangvu.lib.text import clean_paragraphs

ALIVE = models.Q(voided_at__isnull=True)


class Voidable(models.Model):
    """Fields of a record that can be voided."""

    voided_at = models.DateTimeField("hủy lúc", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người hủy",
    )
    void_reason = models.TextField("lý do hủy", blank=True)

    class Meta:
        abstract = True

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


V = TypeVar("V", bound=Voidable)


@transaction.atomic
def do_void(record: V, *, reason: str, acting_user: Any) -> V:
    """Void `record` with a reason; refused if the reason is empty or it is already void.

    The row is locked and re-read first: of two clerks voiding the same record at the same
    moment, the second waits for the first and is then told who voided it, when and why.
    """
    manager = type(record)._base_manager
    list(manager.select_for_update().filter(pk=record.pk).values_list("pk", flat=True))
    record.refresh_from_db(fields=["voided_at", "voided_by", "void_reason"])
    if record.voided_at is not None:
        moment = timezone.localtime(record.voided_at).strftime("%H:%M %d/%m/%Y")
        by = record.voided_by
        who = f", bởi {by.get_full_name() or by.get_username()}" if by is not None else ""
        said = f"; lý do: «{record.void_reason}»" if record.void_reason else ""
        raise DomainError(f"Bản ghi này đã bị hủy lúc {moment}{who}{said}.", field="reason")
    reason = checked_text(clean_paragraphs(reason), field="reason", what="Lý do hủy")
    if not reason:
        raise DomainError("Hãy ghi lý do hủy.", field="reason")
    before = audit.snapshot(record)
    record.voided_at = timezone.now()
    record.voided_by = acting_user if getattr(acting_user, "pk", None) else None
    record.void_reason = reason
    record.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit.record(
        audit.VOID, user=acting_user, obj=record, before=before, note=f"Lý do hủy: {reason}"
    )
    return record
