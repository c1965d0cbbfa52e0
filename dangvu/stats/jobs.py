"""The statistical tables' Excel of a large scope as an output job.

Like the annual report (`dangvu.reports.jobs`), a subtree with more members than
OUTPUT_QUEUE_MIN_MEMBERS is tabulated by the background worker; the job's steps are the
tables built, then the workbook written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.core.outputjobs import OutputFailure, Produced, Progress, register
from dangvu.reports.jobs import scoped_org

TABLES_KIND = "stats-tables"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def params(org_id: int, day: dt.date, year: int, codes: list[str], name: str) -> dict[str, Any]:
    """What a job of tables asks for (JSON): the file's `name` is the one the request
    would have answered with, without its date of making."""
    return {"org": org_id, "day": day.isoformat(), "year": year, "tables": codes, "name": name}


def produce_tables(job: dict[str, Any], user: Any, progress: Progress) -> Produced:
    from dangvu.core.dates import today
    from dangvu.orgs import lifespan
    from dangvu.reports import registry
    from dangvu.stats import xlsx
    from dangvu.stats.tables import get_table
    from dangvu.stats.views import Choice

    org = scoped_org(user, job.get("org"))
    choice = Choice.of(org, dt.date.fromisoformat(job["day"]), int(job["year"]))
    specs = [get_table(code) for code in job["tables"]]
    progress(0, len(specs) + 1)
    built = []
    reason = ""
    # One computation for the workbook: the day tables share one reading of the members.
    with registry.computation():
        for done, spec in enumerate(specs, start=1):
            table, why = choice.build(spec)
            if table is not None:
                built.append(table)
            reason = reason or why
            progress(done)
    if not built:
        raise OutputFailure(
            reason
            or lifespan.on_day(org, choice.day)
            or "Tổ chức không có số liệu vào ngày và năm đã chọn; hãy chọn ngày hoặc năm khác."
        )
    content = xlsx.render(built)
    progress(len(specs) + 1)
    return Produced(content, XLSX, f"{job['name']}-{today():%Y%m%d}.xlsx")


def register_all() -> None:
    register(TABLES_KIND, produce_tables)
