"""The vocabularies' pages: everyone signed in reads; only administrators add and end."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import AuditEvent
from dangvu.core.dates import FOREVER
from dangvu.members.models import Member
from dangvu.members.tests.factories import existing
from dangvu.vocab.lookup import match, values_on
from dangvu.vocab.models import Vocabulary, VocabularyValue

pytestmark = pytest.mark.django_db

E = Vocabulary.ETHNICITY
VALUES = reverse("vocab:values", args=["dan-toc"])
ADD = reverse("vocab:add", args=["dan-toc"])


def value(code: str, vocabulary: str = E) -> VocabularyValue:
    return VocabularyValue.objects.get(vocabulary=vocabulary, code=code)


def new_value(**changes: str) -> dict[str, str]:
    return {
        "code": "56",
        "name": "Dân tộc thử",
        "aliases": "Thử một; Thu-hai\nThử ba",
        "group": "MINORITY",
        "order": "",
        "valid_from": "01/01/2026",
        "source": "Quyết định thử số 1",
    } | changes


class TestReading:
    def test_the_index_counts_values_in_force_and_links_each(
        self, client: Client, cast: dict[str, Any]
    ) -> None:
        client.force_login(cast["nobody"])
        body = client.get(reverse("vocab:index")).content.decode()
        assert "Dân tộc" in body and VALUES in body
        assert '<td class="text-end">55</td>' in body
        assert reverse("vocab:units") in body
        assert reverse("vocab:add", args=["dan-toc"]) not in body

    def test_a_vocabulary_page_shows_values_with_their_dates_and_source(
        self, client: Client, cast: dict[str, Any]
    ) -> None:
        client.force_login(cast["viewer"])
        response = client.get(VALUES)
        body = response.content.decode()
        assert response.status_code == 200
        assert "Hmông" in body and "H&#x27;Mông" in body and "Dân tộc thiểu số" in body
        assert "121-TCTK/PPCĐ" in body and "03/02/1930" in body
        assert ADD not in body and "retire-form" not in body  # read-only for them

    def test_the_vocabularys_code_names_it_too_and_an_unknown_one_is_404(
        self, client: Client, cast: dict[str, Any]
    ) -> None:
        client.force_login(cast["viewer"])
        assert client.get(reverse("vocab:values", args=["religion"])).status_code == 200
        assert client.get(reverse("vocab:values", args=["khong-co"])).status_code == 404

    def test_administrators_see_how_many_records_hold_each_value(
        self, client: Client, admin_user: Any, tree: dict[str, Any]
    ) -> None:
        member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
        Member.objects.filter(pk=member.pk).update(ethnicity=value("12"))
        client.force_login(admin_user)
        body = client.get(VALUES).content.decode()
        row = body[body.index("<td>12</td>") :]
        row = row[: row.index("</tr>")]
        assert '<td class="text-end">1</td><td class="text-end">0</td>' in row

    def test_signed_out_goes_to_the_sign_in(self, client: Client, db: None) -> None:
        assert client.get(VALUES).status_code == 302


class TestAdding:
    def test_an_administrator_adds_a_value_from_a_date(
        self, client: Client, admin_user: Any
    ) -> None:
        client.force_login(admin_user)
        response = client.post(ADD, new_value(), follow=True)
        assert "Đã thêm «Dân tộc thử» (mã 56)" in response.content.decode()
        added = value("56")
        assert added.aliases == ["Thử một", "Thu-hai", "Thử ba"]
        assert added.group == "MINORITY" and added.order == 56
        assert added.valid_from == dt.date(2026, 1, 1) and added.valid_to == FOREVER
        assert added.added_by == admin_user
        assert match(E, "thu hai", dt.date(2026, 1, 2)) == added
        assert added not in values_on(E, dt.date(2025, 12, 31))
        event = AuditEvent.objects.get(object_type="vocabularyvalue", object_id=str(added.pk))
        assert event.action == AuditEvent.Action.CREATE and event.user == admin_user

    def test_a_code_already_used_is_refused_naming_the_value(
        self, client: Client, admin_user: Any
    ) -> None:
        client.force_login(admin_user)
        body = client.post(ADD, new_value(code="12")).content.decode()
        assert "Mã «12» đã dùng cho «Ê Đê»" in body
        assert "Dân tộc thử" in body  # what was typed is shown back
        assert not VocabularyValue.objects.filter(name="Dân tộc thử").exists()

    def test_an_ended_values_code_is_not_reused(self, client: Client, admin_user: Any) -> None:
        VocabularyValue.objects.filter(pk=value("54").pk).update(valid_to=dt.date(2025, 1, 1))
        client.force_login(admin_user)
        body = client.post(ADD, new_value(code="54")).content.decode()
        assert "đã dùng cho «Rơ Măm»" in body and "đến trước ngày 01/01/2025" in body

    def test_a_name_or_alias_of_a_value_in_force_is_refused(
        self, client: Client, admin_user: Any
    ) -> None:
        client.force_login(admin_user)
        body = client.post(ADD, new_value(name="Ê-đê")).content.decode()
        assert "Tên trùng với «Ê Đê»" in body
        body = client.post(ADD, new_value(aliases="Mèo")).content.decode()
        assert "Tên gọi khác «Mèo» trùng với «Hmông»" in body
        assert not VocabularyValue.objects.filter(code="56").exists()

    def test_a_vocabulary_with_groups_asks_for_one(self, client: Client, admin_user: Any) -> None:
        client.force_login(admin_user)
        body = client.post(ADD, new_value(group="")).content.decode()
        assert "field-error" in body
        assert not VocabularyValue.objects.filter(code="56").exists()

    def test_a_vocabulary_without_groups_takes_the_code_as_group(
        self, client: Client, admin_user: Any
    ) -> None:
        client.force_login(admin_user)
        url = reverse("vocab:add", args=["nghe-nghiep"])
        assert 'name="group"' not in client.get(url).content.decode()
        client.post(url, new_value(code="SELF", name="Tự kinh doanh", aliases=""))
        assert value("SELF", Vocabulary.OCCUPATION).group == "SELF"

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"code": ""}, "field-error"),
            ({"code": "có dấu"}, "Mã chỉ gồm chữ không dấu"),
            ({"source": ""}, "field-error"),
            ({"valid_from": "31/02/2025"}, "field-error"),
            ({"order": "-3"}, "field-error"),
            ({"name": "x" * 200}, "chỉ nhận tối đa 120 ký tự"),
        ],
    )
    def test_bad_input_is_refused_in_vietnamese(
        self, client: Client, admin_user: Any, changes: dict[str, str], message: str
    ) -> None:
        client.force_login(admin_user)
        response = client.post(ADD, new_value(**changes))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not VocabularyValue.objects.filter(vocabulary=E, code="56").exists()

    def test_others_may_not_add(self, client: Client, cast: dict[str, Any]) -> None:
        client.force_login(cast["officer"])
        assert client.get(ADD).status_code == 404
        assert client.post(ADD, new_value()).status_code == 404
        assert not VocabularyValue.objects.filter(code="56").exists()


class TestRetiring:
    def url(self, code: str) -> str:
        return reverse("vocab:retire", args=[value(code).pk])

    def test_an_administrator_ends_a_value_and_records_keep_it(
        self, client: Client, admin_user: Any, tree: dict[str, Any]
    ) -> None:
        member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
        Member.objects.filter(pk=member.pk).update(ethnicity=value("54"))
        client.force_login(admin_user)
        response = client.post(self.url("54"), {"valid_to": "01/01/2025"}, follow=True)
        body = response.content.decode()
        assert "ngừng áp dụng từ ngày 01/01/2025" in body
        ended = body[body.index('data-testid="ended-values"') :]
        assert "Rơ Măm" in ended and "đã ngừng" in ended
        assert value("54").valid_to == dt.date(2025, 1, 1)
        assert Member.objects.get(pk=member.pk).ethnicity == value("54")
        assert "Rơ Măm" not in [v.name for v in values_on(E, dt.date(2025, 1, 1))]
        assert "Rơ Măm" in [v.name for v in values_on(E, dt.date(2024, 12, 31))]
        event = AuditEvent.objects.filter(object_id=str(value("54").pk)).get()
        assert event.action == AuditEvent.Action.UPDATE
        assert event.before == {"valid_to": "9999-12-31"}
        assert event.after == {"valid_to": "2025-01-01"}

    def test_the_end_must_follow_the_start(self, client: Client, admin_user: Any) -> None:
        client.force_login(admin_user)
        body = client.post(self.url("54"), {"valid_to": "03/02/1930"}, follow=True)
        assert "phải sau ngày bắt đầu áp dụng" in body.content.decode()
        assert value("54").valid_to == FOREVER

    def test_an_ended_value_is_not_ended_again(self, client: Client, admin_user: Any) -> None:
        client.force_login(admin_user)
        client.post(self.url("54"), {"valid_to": "01/01/2025"})
        body = client.post(self.url("54"), {"valid_to": "01/01/2026"}, follow=True)
        assert "đã ngừng áp dụng từ ngày 01/01/2025" in body.content.decode()
        assert value("54").valid_to == dt.date(2025, 1, 1)

    @pytest.mark.parametrize("day", ["", "abc", "31/02/2025", "01/01/1800"])
    def test_a_bad_date_is_refused_in_vietnamese(
        self, client: Client, admin_user: Any, day: str
    ) -> None:
        client.force_login(admin_user)
        response = client.post(self.url("54"), {"valid_to": day}, follow=True)
        assert response.status_code == 200
        assert "«Rơ Măm»:" in response.content.decode()
        assert value("54").valid_to == FOREVER

    def test_others_may_not_end_a_value(self, client: Client, cast: dict[str, Any]) -> None:
        client.force_login(cast["officer"])
        assert client.post(self.url("54"), {"valid_to": "01/01/2025"}).status_code == 404
        assert value("54").valid_to == FOREVER

    def test_a_missing_value_is_404(self, client: Client, admin_user: Any) -> None:
        client.force_login(admin_user)
        url = reverse("vocab:retire", args=[10**9])
        assert client.post(url, {"valid_to": "01/01/2025"}).status_code == 404


class TestUnits:
    URL = reverse("vocab:units")

    def test_the_provinces_of_a_day_and_the_ended_ones_with_what_they_are_now(
        self, client: Client, cast: dict[str, Any]
    ) -> None:
        client.force_login(cast["nobody"])
        body = client.get(self.URL, {"ngay": "01/07/2025"}).content.decode()
        in_force = body[: body.index('data-testid="ended-provinces"')]
        ended = body[body.index('data-testid="ended-provinces"') :]
        assert "34 tỉnh, thành phố có hiệu lực" in body
        assert "Gia Lai" in in_force and "Bình Định" not in in_force
        assert "«nay là Gia Lai»" in ended and "Thừa Thiên Huế" in ended
        assert "«nay là Huế»" in ended

    def test_administrators_get_the_import_of_districts_and_communes(
        self, client: Client, admin_user: Any
    ) -> None:
        client.force_login(admin_user)
        body = client.get(self.URL).content.decode()
        assert reverse("core:import_upload", args=["admin-units"]) in body

    def test_before_the_merger(self, client: Client, cast: dict[str, Any]) -> None:
        client.force_login(cast["nobody"])
        body = client.get(self.URL, {"ngay": "30/06/2025"}).content.decode()
        assert "63 tỉnh, thành phố có hiệu lực" in body
        assert "«nay là Huế»" in body and "«nay là Gia Lai»" not in body

    @pytest.mark.parametrize("day", ["31/02/2025", "abc", "9999-12-31"])
    def test_a_bad_day_says_so_and_shows_today(
        self, client: Client, cast: dict[str, Any], day: str
    ) -> None:
        client.force_login(cast["nobody"])
        response = client.get(self.URL, {"ngay": day})
        assert response.status_code == 200
        assert "Không đọc được ngày" in response.content.decode()


def test_the_administration_menu_links_the_vocabularies(client: Client, admin_user: Any) -> None:
    client.force_login(admin_user)
    body = client.get(reverse("vocab:index")).content.decode()
    menu = body[body.index('data-testid="admin-menu"') :]
    assert f'href="{reverse("vocab:index")}">Danh mục</a>' in menu
