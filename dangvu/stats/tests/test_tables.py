"""The tables as data, built from the registry: every line, total and column."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.reports import registry
from dangvu.reports.registry import Period
from dangvu.stats.tables import (
    DAY,
    TABLES,
    TOTAL_LABEL,
    VALUES,
    YEAR,
    Column,
    Group,
    Table,
    build,
    get_table,
)
from dangvu.stats.tests.conftest import DAY as ON
from dangvu.stats.tests.conftest import YEAR as IN
from dangvu.stats.tests.conftest import people
from dangvu.vocab.models import UNKNOWN_LABEL

pytestmark = pytest.mark.django_db


def kw(table: Table) -> dict[str, Any]:
    return {"day": ON} if table.period == DAY else {"year": IN}


def test_the_nine_tables_have_distinct_codes_and_numbers() -> None:
    assert [t.code for t in TABLES] == [
        "so-luong",
        "tuoi-doi",
        "trinh-do",
        "nghe-nghiep",
        "dan-toc",
        "ton-giao",
        "tuoi-dang",
        "ket-nap",
        "giam",
    ]
    assert len({t.number for t in TABLES}) == len(TABLES)
    assert get_table("giam").period == YEAR
    with pytest.raises(KeyError):
        get_table("khong-co")


def test_every_indicator_of_every_table_is_registered() -> None:
    codes = {i.code for i in registry.indicators()}
    for table in TABLES:
        missing = set(table.indicators()) - codes
        assert not missing, (table.code, missing)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.code)
def test_the_total_line_is_the_sum_of_the_lines_in_every_additive_column(
    committee: dict[str, Any], table: Table
) -> None:
    built = build(table, committee["GK1"], **kw(table))
    assert built.total.label == TOTAL_LABEL
    if table.rows == VALUES:
        # A line per value: the lines add up to the total, and the organisations' columns
        # to the «Tổng số» column.
        assert [r.value for r in built.rows][-1] == UNKNOWN_LABEL
        for i in range(len(built.columns)):
            assert sum(r.cells[i] for r in built.rows) == built.total.cells[i]
        for line in built.all_lines():
            assert line.cells[0] == sum(line.cells[1:])
        return
    assert [r.organisation.code for r in built.rows] == ["C11", "C12", "SUB1"]
    assert built.rest is None
    for i, column in enumerate(built.columns):
        if column.additive:
            assert sum(r.cells[i] or 0 for r in built.rows) == built.total.cells[i], column


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.code)
def test_every_cell_is_the_registrys_figure(committee: dict[str, Any], table: Table) -> None:
    built = build(table, committee["GK1"], **kw(table))
    period = built.period
    for line in built.rows:
        for value, column in zip(line.cells, built.columns, strict=True):
            org = line.organisation or column.organisation
            figure = registry.value(column.indicator, org, period)
            label = column.label if table.rows != VALUES else line.value
            expected = figure.value if label is None else figure.breakdown.get(label, 0)
            assert value == expected, (line.label, column.heading)


def test_the_member_count_table_reads_the_committee(committee: dict[str, Any]) -> None:
    built = build(get_table("so-luong"), committee["GK1"], day=ON)
    heads = [c.heading for c in built.columns]
    total = dict(zip(heads, built.total.cells, strict=False))
    members = registry.value("members.end", committee["GK1"], Period(ON, ON))
    assert total["Tổng số đảng viên"] == members.value == 6
    assert total["Chính thức"] + total["Dự bị"] == 6
    # Shares are the committee's own, not sums of the lines.
    assert not built.columns[heads.index("Tuổi đời bình quân")].additive


def test_vocabulary_columns_list_the_values_then_the_unknown(committee: dict[str, Any]) -> None:
    from dangvu.vocab.models import VocabularyValue

    built = build(get_table("nghe-nghiep"), committee["GK1"], day=ON)
    labels = [c.label for c in built.columns[1:]]
    names = list(
        VocabularyValue.objects.of("OCCUPATION").valid_on(ON).values_list("name", flat=True)
    )
    assert labels[: len(names)] == names
    assert labels[-1] == UNKNOWN_LABEL
    official = labels.index("Cán bộ, công chức") + 1
    assert built.total.cells[official] == 1


def test_a_retired_value_still_carried_by_a_record_keeps_its_column(
    committee: dict[str, Any],
) -> None:
    import datetime as dt

    from dangvu.members.tests.factories import existing
    from dangvu.vocab.models import VocabularyValue

    old = VocabularyValue.objects.create(vocabulary="OCCUPATION", code="XX", name="Nghề đã bỏ")
    existing(committee["C12"], dt.date(2020, 1, 1), dt.date(2000, 1, 1), occupation=old)
    # Retired after the record was written: the record keeps it.
    VocabularyValue.objects.filter(pk=old.pk).update(valid_to=dt.date(2021, 1, 1))
    built = build(get_table("nghe-nghiep"), committee["GK1"], day=ON)
    labels = [c.label for c in built.columns]
    assert "Nghề đã bỏ" in labels
    assert labels[-1] == UNKNOWN_LABEL


def test_a_year_table_counts_the_years_admissions_and_departures(
    committee: dict[str, Any],
) -> None:
    admitted = build(get_table("ket-nap"), committee["GK1"], year=IN)
    assert admitted.total.cells[0] == 2
    assert admitted.period_label == f"Năm {IN}"
    left = build(get_table("giam"), committee["GK1"], year=IN)
    heads = [c.heading for c in left.columns]
    assert left.total.cells[0] == 2
    assert left.total.cells[heads.index("Từ trần")] == 1
    assert left.total.cells[heads.index("Chuyển sinh hoạt đảng đi")] == 1


def test_members_directly_in_the_committee_show_as_a_line_of_their_own(
    committee: dict[str, Any],
) -> None:
    table = Table(
        "Biểu thử",
        "thu",
        "Thử",
        DAY,
        (Group("", (Column("Tổng số", "members.end"),)),),
    )
    built = build(table, committee["BLOC"], day=ON)
    assert [r.organisation.code for r in built.rows] == ["GC1", "GC2", "GK1", "GK2"]
    assert sum(r.cells[0] for r in built.rows) == built.total.cells[0] == 6
    assert built.rest is None


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.code)
def test_statements_do_not_grow_with_members(tree: dict[str, Any], table: Table) -> None:
    people(tree, 1)
    with CaptureQueriesContext(connection) as few:
        build(table, tree["GK1"], **kw(table))
    people(tree, 3)
    with CaptureQueriesContext(connection) as many:
        build(table, tree["GK1"], **kw(table))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_table_is_built_in_a_bounded_number_of_statements(
    committee: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    for table in TABLES:
        with django_assert_max_num_queries(80):
            build(table, committee["GK1"], **kw(table))
