"""An issued report written directly, for tests that need one cheaply (scope walks)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from dangvu.office.documents import do_register_document
from dangvu.reports.models import IssuedFile, IssuedReport


def bare_issue(org: Any, year: int, day: dt.date, title: str) -> IssuedReport:
    """A figures table of `org` for `year`, numbered in its register, with one JSON file
    (no report composed or rendered)."""
    document = do_register_document(
        issuer=org, kind="BC", date=day, summary=title, acting_user=None
    )
    issued = IssuedReport.objects.create(
        organisation=org,
        kind=IssuedReport.Kind.FIGURES,
        year=year,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        name=org.name,
        title=title,
        document=document,
        recipients="Lưu Văn phòng",
        figures={},
    )
    content = b'{"indicators": {}}'
    IssuedFile.objects.create(
        report=issued,
        fmt="json",
        filename=f"bang-so-lieu-{year}.json",
        content_type="application/json",
        content=content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return issued
