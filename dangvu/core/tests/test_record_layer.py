"""The record layer, walked over every declared kind: each declaration is complete, its list
and both exports answer with the table's headings, and no value of any of its filters, valid
or junk, makes a page fail."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvu.core import records

pytestmark = pytest.mark.django_db

KINDS = records.kinds()
LISTED = [k for k in KINDS if k.table is not None]


def _id(kind: records.RecordKind) -> str:
    return f"{kind.model._meta.label}:{kind.list_url or kind.url_kind}"


def test_every_app_declares_its_kinds() -> None:
    apps = {k.model._meta.app_label for k in KINDS}
    assert {"personnel", "office"} <= apps


@pytest.mark.parametrize("kind", KINDS, ids=_id)
def test_a_declaration_is_complete(kind: records.RecordKind) -> None:
    assert kind.name and kind.plural and kind.name == kind.name.strip()
    for url in (kind.list_url, kind.create_url):
        if url:
            reverse(url)
    if kind.void_url:
        assert kind.can_void is not records._can_nobody, "a void URL needs who may void"
    if kind.create is not None:
        assert kind.create_url and kind.can_record is not records._can_nobody
    if kind.table is not None:
        assert kind.filters is not None and kind.list_url and kind.export_name
        table = kind.table([])
        # Pages are `?trang=` like every list of the site (the pagination links say so).
        assert table.page_field == "trang", "a table must keep the site's options"
        headers = table.export_headers()
        assert all(h and h == h.strip() for h in headers), headers
        assert len(set(headers)) == len(headers), f"the same heading twice: {headers}"
    if kind.table is not None:
        # A kind with a list is reached from the main menu, in its board's section.
        from dangvu.core.navigation import menu_for

        assert kind.menu, "a listed kind needs its menu label"
        url = reverse(kind.list_url)
        found = [
            section["label"]
            for section in menu_for("/", member_editor=True)
            for item in section["items"]
            if item["url"] == url and item["label"] == kind.menu
        ]
        assert len(found) == 1, found
    if kind.import_kind:
        from dangvu.core.importing import get_kind

        get_kind(kind.import_kind)


@pytest.mark.parametrize("kind", LISTED, ids=_id)
def test_each_date_filter_reads_a_date_the_record_has(kind: records.RecordKind) -> None:
    """The shared year and period filters read the kind's `date_field`: a kind whose
    records have no such field takes the filter away (`tu = None`) or reads its own way
    (`filter_year`…), else a valid date in the address would fail the page. Found by the
    junk walk below only when it happened to draw a well-formed date."""
    from django.core.exceptions import FieldDoesNotExist

    filters = kind.filters
    assert filters is not None
    if not filters.date_field:
        return
    try:
        kind.model._meta.get_field(filters.date_field.split("__")[0])
        return
    except FieldDoesNotExist:
        pass
    shared = {"nam": "filter_year", "tu": "filter_from", "den": "filter_to"}
    for param, method in shared.items():
        offered = param in filters.base_filters
        own = method in vars(filters)
        assert not offered or own, (
            f"{kind.model.__name__} has no field «{filters.date_field}» but offers ?{param}= "
            f"without its own {method}"
        )


@pytest.mark.parametrize("kind", LISTED, ids=_id)
def test_the_list_and_its_exports_use_the_tables_headings(
    client: Client, admin_user: Any, tree: dict[str, Any], kind: records.RecordKind
) -> None:
    client.force_login(admin_user)
    url = reverse(kind.list_url)
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert kind.plural in body and 'data-testid="total"' in body
    assert "sort=" not in body and 'class="orderable"' not in body
    headers = kind.table([]).export_headers()
    response = client.get(url, {"xuat": "csv"})
    assert response.status_code == 200
    first = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [h for h in first if h != "STT"] == headers
    response = client.get(url, {"xuat": "xlsx", "to_chuc": "GK1"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')


def _filter_values(kind: records.RecordKind) -> st.SearchStrategy[dict[str, str]]:
    """Query strings over the kind's filters: their valid choices mixed with junk."""
    assert kind.filters is not None
    strategies: dict[str, st.SearchStrategy[str]] = {}
    for name, declared in kind.filters.base_filters.items():
        choices = [str(v) for v, _ in (declared.extra.get("choices") or []) if v]
        if callable(declared.extra.get("choices")):
            choices = [str(v) for v, _ in declared.extra["choices"]() if v]
        valid = st.sampled_from(choices) if choices else st.just("GK1")
        junk = st.one_of(
            st.text(max_size=12),
            st.integers(min_value=-(10**20), max_value=10**20).map(str),
            st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y")),
            st.sampled_from(["31/02/2024", "2024-13-01", "0", "1", "9999", "GK1 — x"]),
        )
        strategies[name] = st.one_of(valid, junk)
    return st.fixed_dictionaries({}, optional=strategies)


@pytest.mark.parametrize("kind", LISTED, ids=_id)
def test_no_filter_value_makes_a_list_fail(
    client: Client, admin_user: Any, tree: dict[str, Any], kind: records.RecordKind
) -> None:
    client.force_login(admin_user)
    url = reverse(kind.list_url)

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(_filter_values(kind))
    def generated(query: dict[str, str]) -> None:
        query = {k: v.replace("\x00", "") for k, v in query.items()}
        response = client.get(url, query)
        assert response.status_code in (200, 404), (query, response.status_code)

    generated()


def test_an_export_of_people_follows_the_partys_order_and_says_what_it_selects(
    client: Client, admin_user: Any, tree: dict[str, Any]
) -> None:
    """Given name first, then middle and family name, in Vietnamese collation; the workbook's
    title block names the list, the organisation and the year."""
    from openpyxl import load_workbook

    from dangvu.personnel import actions

    for name in ("Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Văn An", "Phạm Đức Anh"):
        actions.do_record_evaluation(
            person_name=name,
            organisation=tree["GK1"],
            position="Trưởng phòng",
            reason="REAPPOINTMENT",
            date=dt.date(2023, 7, 5),
            acting_user=None,
        )
    client.force_login(admin_user)
    url = reverse("personnel:evaluations")
    response = client.get(url, {"xuat": "csv", "nam": "2023"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [row[rows[0].index("Họ và tên")] for row in rows[1:]]
    assert names == ["Lê Văn An", "Phạm Đức Anh", "Nguyễn Thị Ánh", "Trần Văn Bình"]
    response = client.get(url, {"xuat": "xlsx", "nam": "2023", "to_chuc": "GK1"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    top = [str(sheet.cell(row=r, column=1).value or "") for r in range(1, 6)]
    assert top[0] == "Nhận xét, đánh giá cán bộ lãnh đạo, quản lý"
    assert any(tree["GK1"].name in line for line in top), top
    assert any("2023" in line for line in top), top
