"""Composing the annual report: the figures, the JSON document, refusals, query bounds."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.core.errors import DomainError
from dangvu.members.tests.factories import existing
from dangvu.reports import annual, registry
from dangvu.reports.outputs import render
from dangvu.reports.tests.records import YEAR, record_year

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2024, 3, 15, 9, 0)


@time_machine.travel(TODAY, tick=False)
def test_every_registered_indicator_is_in_the_report(tree: dict[str, Any]) -> None:
    record_year(tree)
    report = annual.compose(tree["BLOC"], YEAR)
    assert set(report.figures) == {i.code for i in registry.indicators()}
    assert report.has_data
    assert report.value("members.admitted") == 3
    assert report.figure("members.admitted").previous == 2
    assert report.value("members.end") == 14
    assert report.value("education.info_conferences") == 2
    assert report.value("education.info_conference_attendance") == 155
    assert report.period == registry.Period.year(YEAR)
    assert [y for y, _ in report.members_history] == [2019, 2020, 2021, 2022, 2023]
    assert report.members_history[-2:] == [(2022, 12), (2023, 14)]


@time_machine.travel(TODAY, tick=False)
def test_json_has_the_promised_shape_with_plain_numbers(tree: dict[str, Any]) -> None:
    record_year(tree)
    report = annual.compose(tree["BLOC"], YEAR)
    doc = json.loads(render(report, "json").content)
    assert doc["organisation"] == {"code": "BLOC", "name": "Đảng bộ Khối các cơ quan tỉnh"}
    assert doc["period"] == {"start": "2023-01-01", "end": "2023-12-31"}
    for code, item in doc["indicators"].items():
        assert set(item) == {"label", "unit", "value", "previous", "plan", "breakdown"}, code
        for key in ("value", "previous", "plan"):
            assert item[key] is None or type(item[key]) in (int, float), (code, key)
        assert all(type(n) in (int, float) for n in item["breakdown"].values()), code
    assert doc["indicators"]["members.end"]["value"] == 14
    assert doc["indicators"]["members.end"]["breakdown"] == {"Chính thức": 10, "Dự bị": 4}


@time_machine.travel(TODAY, tick=False)
def test_a_year_without_records_is_reported_as_such(tree: dict[str, Any]) -> None:
    record_year(tree)
    report = annual.compose(tree["BLOC"], 2015)
    assert not report.has_data
    doc = json.loads(render(report, "json").content)
    assert doc["has_data"] is False
    html = render(report, "html").content.decode()
    assert "Không có số liệu" in html
    assert "kết nạp" not in html
    from docx import Document

    word = "\n".join(
        p.text for p in Document(io.BytesIO(render(report, "docx").content)).paragraphs
    )
    assert "Không có số liệu" in word
    assert "đảng viên mới" not in word


@time_machine.travel(TODAY, tick=False)
def test_a_future_year_is_refused(tree: dict[str, Any]) -> None:
    with pytest.raises(DomainError, match="Năm 2025 chưa đến"):
        annual.compose(tree["BLOC"], 2025)
    with pytest.raises(DomainError, match="không hợp lệ"):
        annual.compose(tree["BLOC"], 1999)


@time_machine.travel(TODAY, tick=False)
def test_the_running_year_is_counted_up_to_today(tree: dict[str, Any]) -> None:
    report = annual.compose(tree["BLOC"], 2024)
    assert report.partial
    assert report.period.end == dt.date(2024, 3, 15)
    assert report.previous_period == registry.Period(dt.date(2023, 1, 1), dt.date(2023, 3, 15))


def test_unknown_and_out_of_scope_codes_get_the_same_answer(cast: dict[str, Any]) -> None:
    with pytest.raises(DomainError, match="«KHONGCO»"):
        annual.resolve_organisation("khongco")
    with pytest.raises(DomainError, match="«GK2»"):
        annual.resolve_organisation("GK2", cast["grassroots"])
    assert annual.resolve_organisation("C11", cast["grassroots"]).code == "C11"
    assert annual.resolve_organisation("", None).code == "BLOC"


@time_machine.travel(TODAY, tick=False)
def test_the_number_of_queries_does_not_grow_with_members(tree: dict[str, Any]) -> None:
    record_year(tree)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            annual.compose(tree["BLOC"], YEAR)
        return len(ctx.captured_queries)

    before = queries()
    for i in range(30):
        existing(tree["C11" if i % 2 else "GC2"], dt.date(YEAR, 2, 1), dt.date(2015, 1, 1))
    assert queries() == before
    # Bounded by the registry: a few aggregates per indicator and year.
    assert before < 12 * len(registry.indicators())


@time_machine.travel(TODAY, tick=False)
def test_grassroots_organisations_of_the_year_are_listed_by_code(
    tree: dict[str, Any],
) -> None:
    rows = annual.grassroots_in(tree["BLOC"], registry.Period.year(YEAR))
    assert [v.organisation.code for v in rows] == ["GC1", "GC2", "GK1", "GK2"]
    assert annual.grassroots_in(tree["GK1"], registry.Period.year(YEAR)) == []
