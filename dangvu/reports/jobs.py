"""The annual report of a large scope as an output job (`dangvu.core.outputjobs`).

A subtree with more members than OUTPUT_QUEUE_MIN_MEMBERS takes longer to compute than a
request should wait, so its download buttons queue a job; a smaller one (a bloc) is
answered in the request as before. The size is counted, not estimated: one aggregate on
the membership intervals' path index.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from dangvu.accounts.scoping import visible_organisations
from dangvu.core.dates import today
from dangvu.core.outputjobs import OutputFailure, Produced, Progress, register
from dangvu.members.models import MembershipInterval
from dangvu.orgs.models import Organisation, subtree_range

ANNUAL = "annual-report"
FORMAT_NAMES = {"docx": "Word", "pdf": "PDF", "xlsx": "Excel", "json": "JSON", "html": "HTML"}


def subtree_members(org: Organisation, day: dt.date) -> int:
    """How many people were on the rolls of `org`'s subtree on `day`."""
    low, high = subtree_range(org.path)
    return MembershipInterval.objects.filter(
        path__gte=low, path__lt=high, valid_from__lte=day, valid_to__gt=day
    ).count()


def is_large(org: Organisation, day: dt.date) -> bool:
    """True when the subtree's outputs go to the queue (OUTPUT_QUEUE_MIN_MEMBERS)."""
    return subtree_members(org, min(day, today())) > settings.OUTPUT_QUEUE_MIN_MEMBERS


def scoped_org(user: Any, org_id: Any) -> Organisation:
    """The job's organisation, if its asker still sees it when the worker runs: a role
    withdrawn meanwhile ends the job failed rather than handing out the subtree's data."""
    org = visible_organisations(user).filter(pk=org_id).first()
    if org is None:
        raise OutputFailure(
            "Bạn không còn quyền xem tổ chức của yêu cầu này (vai trò đã thay đổi); hãy hỏi "
            "quản trị viên nếu cần lập lại."
        )
    return org


def annual_title(org: Organisation, year: int, fmt: str) -> str:
    return f"Báo cáo năm {year} của {org.name} ({FORMAT_NAMES.get(fmt, fmt)})"


def produce_annual(params: dict[str, Any], user: Any, progress: Progress) -> Produced:
    """Compose the report (step 1), then write it in the asked format (step 2)."""
    from dangvu.core.errors import DomainError
    from dangvu.reports.actions import template_for
    from dangvu.reports.annual import compose
    from dangvu.reports.outputs import render
    from dangvu.reports.pdf import PdfUnavailable
    from dangvu.reports.word import TemplateError

    org = scoped_org(user, params.get("org"))
    year, fmt = int(params["year"]), str(params["format"])
    progress(0, 2)
    try:
        report = compose(org, year, previous=str(params.get("previous", "issued")))
    except DomainError as exc:
        raise OutputFailure(exc.message) from exc
    progress(1)
    try:
        output = render(report, fmt, template=template_for(org) if fmt in ("docx", "pdf") else None)
    except PdfUnavailable as exc:
        raise OutputFailure(exc.message) from exc
    except TemplateError as exc:
        raise OutputFailure(
            f"Không lập được báo cáo Word vì mẫu Word của {org.name} không dùng được: "
            f"{exc.message} Văn phòng cấp ủy hãy tải lên mẫu đã sửa hoặc chọn «Trở lại mẫu "
            "mặc định» ở trang «Mẫu Word của báo cáo năm»."
        ) from exc
    progress(2)
    return Produced(output.content, output.content_type, output.filename)


def register_all() -> None:
    register(ANNUAL, produce_annual)
