"""The congresses' read pages: a season's progress (with its Excel export) and the terms
falling due, past due or not recorded — each in the user's subtree, never a 500."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dangvu.congresses.tests.read_factories import congress, term

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def season(tree: dict[str, Any]) -> None:
    import dangvu.congresses.rules  # noqa: F401  (the delay rule)

    term(tree["GC1"], "2020–2025", dt.date(2020, 5, 1), dt.date(2025, 5, 1))
    term(tree["GC2"], "2019–2024", dt.date(2019, 7, 1), dt.date(2024, 7, 1))
    term(tree["GK1"], "2020–2025", dt.date(2020, 1, 1), dt.date(2025, 1, 1))
    congress(tree["GK1"], "2025–2030", dt.date(2025, 4, 10), held=False)
    term(tree["GK2"], "2020–2025", dt.date(2020, 2, 1), dt.date(2025, 2, 1))
    congress(tree["GK2"], "2025–2030", dt.date(2025, 1, 20))
    congress(tree["C21"], "2025–2027", dt.date(2025, 1, 5))


def _get(client: Client, user: Any, name: str, **params: str) -> Any:
    client.force_login(user)
    return client.get(reverse(name), params)


class TestProgressPage:
    def test_the_counts_and_each_organisations_state(
        self, client: Client, cast: Any, season: None
    ) -> None:
        r = _get(client, cast["officer"], "congresses:progress", nhiem_ky="2025-2030")
        assert r.status_code == 200
        body = r.content.decode()
        assert 'data-testid="held">01<' in body or 'data-testid="held">1<' in body
        assert 'data-state="HELD" data-org="GK2"' in body
        assert 'data-state="SCHEDULED" data-org="GK1"' in body
        assert 'data-state="NOT_SCHEDULED" data-org="GC2"' in body
        assert r.context["season"].total == 4

    def test_a_grassroots_committee_opens_on_its_cells(
        self, client: Client, cast: Any, season: None
    ) -> None:
        r = _get(client, cast["officer"], "congresses:progress", to_chuc="GK2")
        assert r.context["level"] == "truc-thuoc"
        assert [row.where.code for row in r.context["season"].rows] == ["C21"]
        assert r.context["season"].held == 1

    def test_the_excel_export(self, client: Client, cast: Any, season: None) -> None:
        from openpyxl import load_workbook

        r = _get(client, cast["officer"], "congresses:progress", xuat="xlsx", cap="co-so")
        assert r.status_code == 200
        sheet = load_workbook(io.BytesIO(r.content)).active
        cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
        assert "Đảng bộ Sở Tài chính" in cells
        assert "Đã tổ chức đại hội" in cells
        assert any("Đã đại hội 1; đã có kế hoạch 1; chưa có kế hoạch 2" in c for c in cells)

    def test_junk_is_named_and_the_default_shown(
        self, client: Client, cast: Any, season: None
    ) -> None:
        r = _get(client, cast["officer"], "congresses:progress", nhiem_ky="abc", cap="zzz")
        assert r.status_code == 200
        notices = r.context["notices"]
        assert len(notices) == 2 and "Nhiệm kỳ «abc» không đọc được" in notices[0]
        assert r.context["label"] == "2025–2030"

    def test_a_user_sees_only_their_subtree(self, client: Client, cast: Any, season: None) -> None:
        r = _get(client, cast["grassroots"], "congresses:progress", cap="truc-thuoc")
        codes = {row.where.code for row in r.context["season"].rows}
        assert codes == {"C11", "C12", "SUB1", "C13"}
        r = _get(client, cast["grassroots"], "congresses:progress", to_chuc="GK2")
        assert r.status_code == 404


class TestDuePage:
    def test_the_three_lists(self, client: Client, cast: Any, season: None) -> None:
        r = _get(client, cast["officer"], "congresses:due")
        assert r.status_code == 200
        assert [d.where.code for d, _ in r.context["ending"]] == ["GC1"]
        past = {d.where.code: d for d, _ in r.context["past"]}
        assert set(past) == {"GC2", "GK1"}
        assert past["GC2"].beyond_delay and not past["GK1"].beyond_delay
        without = {p.code for p in r.context["without"]}
        assert without == {"BLOC", "C11", "C12", "SUB1", "C13", "C21"}
        body = r.content.decode()
        assert "quá 6 tháng được lùi" in body
        assert "dự kiến 10/04/2025" in body

    def test_the_months_are_a_parameter(self, client: Client, cast: Any, season: None) -> None:
        r = _get(client, cast["officer"], "congresses:due", trong="1")
        assert list(r.context["ending"]) == []
        r = _get(client, cast["officer"], "congresses:due", trong="-5")
        assert r.context["months"] == 6 and r.context["notices"]

    def test_a_cell_secretary_sees_their_cell_only(
        self, client: Client, cast: Any, season: None
    ) -> None:
        r = _get(client, cast["cell"], "congresses:due")
        assert r.status_code == 200
        assert list(r.context["past"]) == []
        assert [p.code for p in r.context["without"]] == ["C21"]
        assert _get(client, cast["cell"], "congresses:due", to_chuc="GK1").status_code == 404

    def test_a_user_without_a_role_gets_a_notice(self, client: Client, cast: Any) -> None:
        r = _get(client, cast["nobody"], "congresses:due")
        assert r.status_code == 200
        assert "chưa được giao vai trò" in r.content.decode()


class TestEndedWithoutCongress:
    def test_the_years_terms_ended_without_a_congress(
        self, client: Client, cast: Any, season: None
    ) -> None:
        r = _get(client, cast["officer"], "congresses:due", nam="2025")
        # Up to today (01/03/2025): GK1 fell due on 01/01 with its congress only planned.
        assert [t.organisation.code for t, _ in r.context["ended"]] == ["GK1"]
        r = _get(client, cast["officer"], "congresses:due", nam="2024")
        assert [t.organisation.code for t, _ in r.context["ended"]] == ["GC2"]
        r = _get(client, cast["officer"], "congresses:due", nam="x9")
        assert r.context["year"] == 2025 and r.context["notices"]

    def test_the_indicator_links_to_it(self, tree: Any, season: None) -> None:
        from dangvu.reports.registry import Period, records_url

        url = records_url("congresses.ended_without", tree["BLOC"], Period.year(2024))
        assert url == "/congresses/den-han/?to_chuc=BLOC&nam=2024#het-nhiem-ky"
