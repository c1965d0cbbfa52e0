"""The congress's two tables of rows, the delegates and the results: one row a person with
a field for each part, blank rows ignored, a wrong row refused on its row and field with
nothing written, the delegates recorded shown again so the table posts back unchanged, and
the «dong» parameter (more rows) bounded whatever it says."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangvu.congresses.forms import MAX_ROWS, MIN_ROWS
from dangvu.congresses.models import Delegate, Election, Term
from dangvu.congresses.tests import test_pages
from dangvu.congresses.tests.test_pages import RESULTS, elections, rows
from dangvu.core.tests.htmlforms import post_forms
from dangvu.lib.text import search_key
from dangvu.personnel.models import Committee, CommitteeMember

pytestmark = pytest.mark.django_db

world = test_pages.world  # the pages' fixture: three members of GK1's cells, a congress


def _url(world: dict[str, Any], name: str) -> str:
    return reverse(f"congresses:{name}", args=[world["congress"].pk])


def _officer(client: Client, world: dict[str, Any]) -> Client:
    client.force_login(world["officer"])
    return client


def _row_count(html: str) -> int:
    return len(re.findall(r'data-testid="row-\d+"', html))


def _table_form(html: str) -> dict[str, Any]:
    """What a browser sends from the page's table form, untouched."""
    form = next(f for f in post_forms(html) if f.hidden("dong-TOTAL_FORMS") is not None)
    return {k: v if len(v) > 1 else v[0] for k, v in form.submission().items()}


def _nothing_written() -> bool:
    return not (
        Election.objects.exists() or CommitteeMember.objects.exists() or Term.objects.exists()
    )


class TestResultsRows:
    def test_the_rows_record_the_committee_and_its_seats_blank_rows_ignored(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        _officer(client, world)
        typed = elections(world)
        # blank rows between and after the people typed
        data = RESULTS | rows(*typed[:2], {}, {}, *typed[2:], blank=9)
        response = client.post(_url(world, "results"), data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert Election.objects.count() == 6
        assert CommitteeMember.objects.filter(start_basis="Đại hội bầu").count() == 5
        assert Committee.objects.filter(organisation__code="GK1", term="2025–2030").count() == 3
        shares = dict(Election.objects.values_list("body", "vote_share").filter(votes=7))
        assert str(shares["EXECUTIVE"]) == "70.00"  # computed from the votes, left empty
        alternate = Election.objects.get(body="SUPERIOR_DELEGATE")
        assert alternate.is_alternate and alternate.position == ""

    def test_the_page_offers_the_members_of_the_subtree_by_name_with_birth_year_and_cell(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        html = _officer(client, world).get(_url(world, "results")).content.decode()
        assert _row_count(html) == MIN_ROWS
        first = html.split('name="dong-0-member"')[1].split("</select>")[0]
        names = [t.split(" — ")[0] for t in re.findall(r'<option value="\d+">([^<]+)<', first)]
        assert {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"} <= set(names)
        assert names == sorted(names, key=search_key)
        an = world["people"]["an"]
        assert f"Nguyễn Văn An — {an.birth_date.year} — {an.organisation.name}" in html
        assert 'class="table-responsive"' in html
        assert not re.search(r"<script(?![^>]*\bsrc=)| style=", html)  # the CSP's rule

    def test_a_wrong_row_is_refused_naming_the_row_and_field_with_nothing_written(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        _officer(client, world)
        typed = elections(world)
        typed[2] = typed[2] | {"votes": "bảy"}
        typed[4] = typed[4] | {"position": "SECRETARY"}
        response = client.post(_url(world, "results"), RESULTS | rows(*typed, blank=3))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Dòng 3, Số phiếu: Số phiếu phải là số nguyên." in html
        assert "Dòng 5, Chức vụ: Ủy ban Kiểm tra không có chức vụ «Bí thư»." in html
        row3 = html.split('data-testid="row-3"')[1].split('data-testid="row-4"')[0]
        assert 'data-testid="field-error"' in row3 and "table-danger" in html
        assert _nothing_written()

    def test_a_refusal_of_the_action_lands_on_its_row(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        _officer(client, world)
        typed = elections(world)
        typed[1] = typed[1] | {"votes": "4", "vote_share": ""}
        response = client.post(_url(world, "results"), RESULTS | rows({}, *typed))
        html = response.content.decode()
        assert response.status_code == 200
        # the row as the table numbers it, blank first row included
        assert "Dòng 3, Tỷ lệ %: Dòng 3 (Trần Thị Bình): 40.00% số phiếu chưa quá" in html
        assert _nothing_written()

    def test_a_row_without_a_member_or_a_body_is_refused(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        _officer(client, world)
        data = RESULTS | rows(*elections(world), {"votes": "3"}, {"member": "999999"})
        html = client.post(_url(world, "results"), data).content.decode()
        assert "Dòng 7, Cơ quan: Hãy chọn cơ quan được bầu." in html
        assert "Dòng 7, Đảng viên: Hãy chọn người trúng cử." in html
        assert "Dòng 8, Đảng viên: Hãy chọn một đảng viên trong danh sách." in html
        assert _nothing_written()

    def test_only_blank_rows_ask_for_the_executive_committee(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        _officer(client, world)
        html = client.post(_url(world, "results"), RESULTS | rows(blank=15)).content.decode()
        assert "Hãy ghi ít nhất một đồng chí trúng cử Ban Chấp hành" in html
        assert _nothing_written()


class TestDelegatesRows:
    def _record(self, client: Client, world: dict[str, Any]) -> None:
        an, binh = world["people"]["an"].pk, world["people"]["binh"].pk
        data = rows(
            {"member": an, "kind": "MEMBER", "attended": "on"},
            {},
            {"member": binh, "kind": "MEMBER", "absence_reason": "Ốm"},
            {"name": "Khách mời", "kind": "MEMBER", "attended": "on"},
            blank=12,
        )
        response = client.post(_url(world, "delegates"), data)
        assert response.status_code == 302, response.content.decode()[-3000:]

    def test_the_recorded_list_is_shown_and_posts_back_unchanged(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        _officer(client, world)
        self._record(client, world)
        fields = ("member", "name", "kind", "attended", "absence_reason")
        before = list(Delegate.objects.order_by("id").values_list(*fields))
        assert len(before) == 3 and before[1][3:] == (False, "Ốm")
        html = client.get(_url(world, "delegates")).content.decode()
        assert _row_count(html) == 3 + 12  # the people recorded, and room for ten more, 15 least
        sent = _table_form(html)
        assert sent["dong-INITIAL_FORMS"] == "3" and sent["dong-1-absence_reason"] == "Ốm"
        response = client.post(_url(world, "delegates"), sent)
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert list(Delegate.objects.order_by("id").values_list(*fields)) == before

    def test_clearing_a_row_takes_the_person_off_the_list(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        _officer(client, world)
        self._record(client, world)
        sent = _table_form(client.get(_url(world, "delegates")).content.decode())
        sent["dong-2-name"] = ""
        assert client.post(_url(world, "delegates"), sent).status_code == 302
        assert not Delegate.objects.filter(name="Khách mời").exists()
        assert Delegate.objects.count() == 2

    def test_a_wrong_row_is_refused_on_its_row_and_nothing_is_written(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        _officer(client, world)
        an = world["people"]["an"].pk
        data = rows(
            {"member": an, "kind": "MEMBER", "attended": "on"},
            {},
            {"member": an, "kind": "MEMBER", "attended": "on"},
            {"name": "Khách", "kind": "MEMBER", "attended": "on", "absence_reason": "x"},
        )
        html = client.post(_url(world, "delegates"), data).content.decode()
        assert "Dòng 4, Lý do vắng: Đại biểu có mặt không ghi lý do vắng" in html
        assert not Delegate.objects.exists()
        # the form's rows right, the action refuses the same member twice: the table's rows
        data["dong-3-absence_reason"] = ""
        html = client.post(_url(world, "delegates"), data).content.decode()
        assert "được ghi hai lần (dòng 1 và dòng 3)" in html
        row3 = html.split('data-testid="row-3"')[1].split('data-testid="row-4"')[0]
        assert "hai lần" in row3
        assert not Delegate.objects.exists()


class TestMoreRows:
    @pytest.mark.parametrize("name", ["results", "delegates"])
    def test_dong_asks_for_more_rows_bounded_and_junk_is_ignored(
        self, client: Client, world: dict[str, Any], name: str
    ) -> None:
        _officer(client, world)
        url = _url(world, name)
        page = client.get(url).content.decode()
        assert f'href="?dong={MIN_ROWS + 10}"' in page
        for asked, shown in [
            ("40", 40),
            ("3", MIN_ROWS),
            ("abc", MIN_ROWS),
            ("-5", MIN_ROWS),
            ("1e9", MIN_ROWS),
            ("99999999999", MIN_ROWS),
            ("\x00", MIN_ROWS),
            ("9999", MAX_ROWS),
        ]:
            response = client.get(url, {"dong": asked})
            assert response.status_code == 200, asked
            assert _row_count(response.content.decode()) == shown, asked

    @pytest.mark.parametrize("name", ["results", "delegates"])
    def test_more_rows_read_no_more(self, client: Client, world: dict[str, Any], name: str) -> None:
        """The members are read once for the page, not once a row."""
        _officer(client, world)
        url = _url(world, name)
        client.get(url)  # warm the caches of the rules and the session
        counts = []
        for asked in ("15", "60"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, {"dong": asked}).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]

    def test_a_tampered_table_is_refused_in_vietnamese(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        _officer(client, world)
        for data in (
            {"dong-TOTAL_FORMS": "x"},
            {},
            {"dong-TOTAL_FORMS": "100000", "dong-INITIAL_FORMS": "0"},
        ):
            response = client.post(_url(world, "delegates"), data)
            html = response.content.decode()
            assert response.status_code == 200
            assert "hãy mở lại trang" in html or f"tối đa {MAX_ROWS} dòng" in html
            assert "ManagementForm" not in html and "Please submit" not in html
        assert not Delegate.objects.exists()
