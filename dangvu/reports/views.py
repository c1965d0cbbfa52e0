"""The figures of any organisation and year, each from the indicator registry."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangvu.accounts.scoping import get_org_for_user, top_organisations
from dangvu.core.dates import today
from dangvu.reports.registry import Period, indicators, value


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("to_chuc", "").split(" — ")[0].strip().upper()
    tops = top_organisations(request.user)
    org = get_org_for_user(request, code) if code else (tops[0] if tops else None)
    this_year = today().year
    try:
        year = int(request.GET.get("nam", this_year - 1))
    except ValueError:
        year = this_year - 1
    error = None
    if not 2000 <= year <= this_year:
        error = f"Năm {year} không hợp lệ; chọn một năm từ 2000 đến {this_year}."
        year = this_year - 1
    rows: list[dict[str, Any]] = []
    if org is not None:
        period, previous = Period.year(year), Period.year(year - 1)
        for ind in indicators():
            now = value(ind.code, org, period)
            rows.append(
                {
                    "indicator": ind,
                    "value": now.value,
                    "breakdown": now.breakdown,
                    "previous": value(ind.code, org, previous).value,
                }
            )
    return render(
        request,
        "reports/figures.html",
        {
            "org": org,
            "year": year,
            "rows": rows,
            "error": error,
            "years": list(range(this_year, this_year - 8, -1)),
        },
    )
