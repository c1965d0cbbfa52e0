"""Terms and congresses written straight to the tables, for the read side's tests (the
write side's actions are tested on their own)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from dangvu.congresses.models import Congress, CongressForm, CongressKind, Term


def term(
    org: Any,
    label: str,
    began_on: dt.date,
    due_on: dt.date,
    *,
    ended_on: dt.date | None = None,
    voided: bool = False,
) -> Term:
    first, last = (int(y) for y in label.split("–"))
    return Term.objects.create(
        organisation=org,
        label=label,
        first_year=first,
        last_year=last,
        began_on=began_on,
        due_on=due_on,
        ended_on=ended_on,
        voided_at=timezone.now() if voided else None,
        void_reason="Ghi nhầm" if voided else "",
    )


def congress(
    org: Any,
    label: str,
    opens_on: dt.date,
    *,
    held: bool = True,
    level: str | None = None,
    form: str = CongressForm.ALL_MEMBERS,
    kind: str = CongressKind.REGULAR,
    voided: bool = False,
) -> Congress:
    return Congress.objects.create(
        organisation=org,
        level=level or org.kind,
        kind=kind,
        form=form,
        term_label=label,
        opens_on=opens_on,
        closes_on=opens_on if held else None,
        held=held,
        voided_at=timezone.now() if voided else None,
        void_reason="Ghi nhầm" if voided else "",
    )
