"""The roll loaded when the committee takes the system into use is stock, not an inflow.

Member statistics state a period as «số đầu kỳ + tăng trong kỳ − giảm trong kỳ = số cuối
kỳ»; loading the books moves nobody. A committee loads its roll «from 01/01/YEAR» (the roll
template's own example): the members on the books that day are the stock at the start of
the year, and a roll loaded on any later day counts in the start of every period the loading
falls in (docs/indicators.md). No figure, table or sentence of any report shows the loading
as an increase, and the identity holds in the first year and every year after.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
import time_machine

from dangvu.lib.vnformat import fmt_percent
from dangvu.members import actions
from dangvu.members.actions import Decision
from dangvu.members.kinds import EventKind
from dangvu.members.tests.factories import admit, person
from dangvu.orgs.models import Organisation
from dangvu.reports import annual, prose, registry
from dangvu.reports.outputs import render
from dangvu.reports.registry import Period

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2025, 3, 15, 9, 0)
CELLS = ("C11", "C12", "C13", "C21", "GC1", "GC2")
INFLOWS = (
    "members.admitted",
    "members.readmitted",
    "members.restored",
    "members.transferred_in",
    "members.moved_in",
)
OUTFLOWS = (
    "members.transferred_out",
    "members.moved_out",
    "members.died",
    "members.expelled",
    "members.removed",
    "members.resigned",
)


def load_roll(tree: dict[str, Any], on: dt.date, n: int = 20) -> None:
    """The committee's roll on `on`: `n` members spread over the cells, a few probationary."""
    for i in range(n):
        probationary = i % 5 == 0
        admitted = on - dt.timedelta(days=120) if probationary else dt.date(2000 + i, 3, 1)
        actions.do_record_existing_member(
            person(birth=dt.date(1975, 1, 1)),
            organisation=tree[CELLS[i % len(CELLS)]],
            on=on,
            admission_decision_date=admitted,
            ceremony_date=admitted + dt.timedelta(days=10),
            full_member_date=None if probationary else admitted + dt.timedelta(days=400),
            acting_user=None,
        )


def first_year(tree: dict[str, Any], loaded_on: dt.date) -> None:
    """The roll, then two admissions and a death later in the same year."""
    load_roll(tree, loaded_on)
    admit(tree["C11"], dt.date(loaded_on.year, 9, 5))
    admit(tree["C21"], dt.date(loaded_on.year, 10, 2))
    died = actions.do_record_existing_member(
        person(birth=dt.date(1950, 1, 1)),
        organisation=tree["C12"],
        on=loaded_on,
        admission_decision_date=dt.date(1975, 5, 1),
        ceremony_date=dt.date(1975, 5, 19),
        full_member_date=dt.date(1976, 5, 19),
        acting_user=None,
    )
    actions.do_end_membership(
        died,
        kind=EventKind.DIED,
        decision=Decision(dt.date(loaded_on.year, 11, 20)),
        acting_user=None,
    )


def balance_of(report: annual.AnnualReport) -> tuple[Any, Any, Any, Any]:
    start = report.value("members.start")
    inflow = sum(report.value(c) or 0 for c in INFLOWS)
    outflow = sum(report.value(c) or 0 for c in OUTFLOWS)
    return start, inflow, outflow, report.value("members.end")


@time_machine.travel(TODAY, tick=False)
def test_a_roll_loaded_on_the_first_day_is_the_start_of_the_year(tree: dict[str, Any]) -> None:
    """The first year's report: 21 members at the start (the roll of 01/01), not 0; the
    admissions are «x% of the total at the start of the year»; start + in − out = end."""
    first_year(tree, dt.date(2023, 1, 1))
    report = annual.compose(tree["BLOC"], 2023)
    assert not any("opened" in code for code in report.figures)
    assert balance_of(report) == (21, 2, 1, 22)
    assert report.value("members.admitted.pct_start") == pytest.approx(100 * 2 / 21)
    words = "\n".join(p.text for s in prose.compose_sections(report) for p in s.paragraphs)
    assert f"bằng {fmt_percent(100 * 2 / 21)} tổng số đảng viên đầu năm" in words
    # The figure links to the members on the books that first day.
    url = report.figure("members.start").url
    assert url is not None and parse_qs(urlparse(url).query)["ngay"] == ["01/01/2023"]
    # The next year starts where the first one ended.
    assert annual.compose(tree["BLOC"], 2024).value("members.start") == 22


@time_machine.travel(TODAY, tick=False)
def test_no_output_shows_the_loading_as_an_inflow(tree: dict[str, Any]) -> None:
    """JSON, the Excel workbook (the statistical table by grassroots organisation and the
    committee's sheet) and the web page: the roll is in the start figure, never a flow."""
    first_year(tree, dt.date(2023, 1, 1))
    report = annual.compose(tree["BLOC"], 2023)
    doc = json.loads(render(report, "json").content)
    assert doc["indicators"]["members.start"]["value"] == 21
    assert not [c for c in doc["indicators"] if "opened" in c]
    labels = {EventKind.OPENING.label.lower(), "ghi nhận đầu kỳ"}
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx").content))
    cells = [str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value]
    assert not [c for c in cells if any(label in c.lower() for label in labels)]
    # The statistical table: the grassroots organisations' start figures add up to 21.
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[4]]
    column = header.index("Tổng số đảng viên đầu kỳ (đảng viên)") + 1
    codes = {"GC1", "GC2", "GK1", "GK2"}
    starts = [r[column - 1] for r in sheet.iter_rows(min_row=5, values_only=True) if r[1] in codes]
    assert sum(starts) == 21
    page = render(report, "html").content.decode()
    assert not any(label in page.lower() for label in labels)


@pytest.mark.parametrize(
    "loaded_on", [dt.date(2023, 1, 1), dt.date(2023, 7, 1), dt.date(2023, 12, 31)]
)
def test_every_period_the_loading_falls_in_starts_with_the_roll(
    tree: dict[str, Any], loaded_on: dt.date
) -> None:
    """Loaded on any day: for the year, the quarter, the month and the day of the loading the
    start counts the roll, the flows do not, and the identity holds; for every organisation,
    one at a time and in the statistical table's batch form alike."""
    load_roll(tree, loaded_on)
    quarter = dt.date(loaded_on.year, 3 * ((loaded_on.month - 1) // 3) + 1, 1)
    periods = [
        Period.year(loaded_on.year),
        Period(quarter, min(quarter + dt.timedelta(days=91), dt.date(loaded_on.year, 12, 31))),
        Period(loaded_on.replace(day=1), loaded_on + dt.timedelta(days=3)),
        Period(loaded_on, loaded_on),
    ]
    orgs = list(Organisation.objects.order_by("code"))
    for period in periods:
        for org in orgs:
            figures = {
                c: registry.value(c, org, period).value
                for c in ("members.start", "members.end", *INFLOWS, *OUTFLOWS)
            }
            inflow = sum(figures[c] for c in INFLOWS)
            outflow = sum(figures[c] for c in OUTFLOWS)
            assert inflow == outflow == 0, (org.code, period, figures)
            assert figures["members.start"] == figures["members.end"], (org.code, period)
        many = registry.values_by_org("members.start", orgs, period)
        single = {o.pk: registry.value("members.start", o, period).value for o in orgs}
        assert {k: f.value for k, f in many.items()} == single, period
        assert single[tree["BLOC"].pk] == 20
    # Before the loading, nothing was on the books; after it, the start is the day before.
    before = Period(dt.date(loaded_on.year - 1, 1, 1), loaded_on - dt.timedelta(days=1))
    assert registry.value("members.start", tree["BLOC"], before).value == 0
    assert registry.value("members.end", tree["BLOC"], before).value == 0
    after = Period.year(loaded_on.year + 1)
    assert registry.value("members.start", tree["BLOC"], after).value == 20
