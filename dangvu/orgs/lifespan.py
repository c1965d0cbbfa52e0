"""An organisation's life (founding to end) against a date or a period, said in words.

A page or a report for a date or a period in which the organisation did not exist shows
no zeros: it says when the organisation was founded or ended and which part of the period,
if any, its figures cover.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangvu.lib.vnformat import fmt_date
from dangvu.orgs.models import Organisation

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Coverage:
    """The part of a period during which an organisation existed, and what to say of it.

    `start`/`end` are the covered days (both included), None when it did not exist at all
    in the period; `note` is empty when the whole period is covered.
    """

    start: dt.date | None
    end: dt.date | None
    note: str

    @property
    def exists(self) -> bool:
        return self.start is not None

    @property
    def partial(self) -> bool:
        return self.exists and bool(self.note)


def _ended_text(org: Organisation) -> str:
    assert org.ended_on is not None
    how = org.get_end_kind_display().lower() if org.end_kind else ""
    return f"kết thúc hoạt động từ ngày {fmt_date(org.ended_on)}" + (f" ({how})" if how else "")


def on_day(org: Organisation, day: dt.date, name: str | None = None) -> str:
    """Why `org` has nothing to show on `day` ("" when it existed that day)."""
    name = name or org.name
    if day < org.founded_on:
        return (
            f"Tổ chức {name} được thành lập ngày {fmt_date(org.founded_on)}; ngày xem "
            f"{fmt_date(day)} trước ngày thành lập, nên chưa có cơ cấu, đảng viên hay số liệu."
        )
    if org.ended_on is not None and day >= org.ended_on:
        return (
            f"Tổ chức {name} {_ended_text(org)}; ngày xem {fmt_date(day)} sau khi tổ chức "
            "kết thúc hoạt động, nên không còn cơ cấu, đảng viên hay số liệu."
        )
    return ""


def coverage(
    org: Organisation, start: dt.date, end: dt.date, label: str, name: str | None = None
) -> Coverage:
    """Which days of [start, end] `org` existed, with the sentence a report says about it.

    `label` names the period in the sentence ("năm 2023", "năm 2024 đến ngày 30/06/2024").
    """
    name = name or org.name
    span = f"kỳ báo cáo {label} ({fmt_date(start)} – {fmt_date(end)})"
    last = org.ended_on - ONE_DAY if org.ended_on is not None else None
    if end < org.founded_on:
        return Coverage(
            None,
            None,
            f"Tổ chức {name} được thành lập ngày {fmt_date(org.founded_on)}; {span} trước "
            "ngày thành lập, nên không có số liệu của tổ chức trong kỳ này.",
        )
    if last is not None and start > last:
        return Coverage(
            None,
            None,
            f"Tổ chức {name} {_ended_text(org)}; {span} sau khi tổ chức kết thúc hoạt động, "
            "nên không có số liệu của tổ chức trong kỳ này.",
        )
    covered_start = max(start, org.founded_on)
    covered_end = min(end, last) if last is not None else end
    if (covered_start, covered_end) == (start, end):
        return Coverage(start, end, "")
    reasons = []
    if covered_start > start:
        reasons.append(f"được thành lập ngày {fmt_date(org.founded_on)}")
    if covered_end < end:
        reasons.append(_ended_text(org))
    return Coverage(
        covered_start,
        covered_end,
        f"Tổ chức {name} {' và '.join(reasons)}: số liệu {span} chỉ gồm phần từ ngày "
        f"{fmt_date(covered_start)} đến ngày {fmt_date(covered_end)}.",
    )
