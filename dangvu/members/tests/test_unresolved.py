"""The page of record values matching no vocabulary value: groups of the user's subtree,
and one choice fixing every record with the same text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import AuditEvent
from dangvu.members import candidates
from dangvu.members.models import AdmissionCandidate, Member, UnresolvedValue
from dangvu.members.tests.factories import existing, person
from dangvu.vocab.models import AdminUnit, VocabularyValue

pytestmark = pytest.mark.django_db
URL = reverse("members:unresolved")
DAY = dt.date(2020, 1, 1)
ADMITTED = dt.date(2001, 5, 1)


def value(vocabulary: str, code: str, name: str, **kw: Any) -> VocabularyValue:
    """The value of the shipped lists, whether or not they are loaded in this database."""
    found, _ = VocabularyValue.objects.get_or_create(
        vocabulary=vocabulary, code=code, defaults={"name": name, **kw}
    )
    return found


def province(code: str, name: str) -> AdminUnit:
    found, _ = AdminUnit.objects.get_or_create(
        level="PROVINCE",
        code=code,
        valid_from=dt.date(1930, 2, 3),
        defaults={"name": name, "valid_to": dt.date(2025, 7, 1)},
    )
    return found


def unresolved(record: Member | AdmissionCandidate, field: str, text: str) -> UnresolvedValue:
    owner = {"member": record} if isinstance(record, Member) else {"candidate": record}
    return UnresolvedValue.objects.create(field=field, text=text, **owner)


@pytest.fixture
def world(tree: dict[str, Any], cast: dict[str, Any]) -> dict[str, Any]:
    """«Kinh Thượng» on two members of GK1 (C11, C13) and one of GK2 (C21); «Đạo lạ» on
    a candidate of C11; a hometown «Xứ Quảng» on the C11 member."""
    in_c11 = existing(tree["C11"], DAY, ADMITTED, "Trần Văn Một")
    in_c13 = existing(tree["C13"], DAY, ADMITTED, "Lê Thị Hai")
    in_c21 = existing(tree["C21"], DAY, ADMITTED, "Phạm Văn Ngoài")
    cand = candidates.do_register_candidate(
        person("Quần Chúng Ba"),
        organisation=tree["C11"],
        registered_on=dt.date(2024, 1, 1),
        acting_user=None,
    )
    for record in (in_c11, in_c13, in_c21):
        unresolved(record, "ethnicity", "Kinh Thượng")
    unresolved(cand, "religion", "Đạo lạ")
    unresolved(in_c11, "hometown_province", "Xứ Quảng")
    return {
        "c11": in_c11,
        "c13": in_c13,
        "c21": in_c21,
        "candidate": cand,
        "kinh": value("ETHNICITY", "01", "Kinh"),
        "none": value("RELIGION", "00", "Không"),
        "quang_nam": province("49", "Quảng Nam"),
        "editor": cast["grassroots_editor"],
    }


def page(client: Client, user: Any, **params: str) -> Any:
    client.force_login(user)
    return client.get(URL, params)


def apply(client: Client, user: Any, field: str, text: str, chosen: Any, **more: str) -> Any:
    client.force_login(user)
    data = {"to_chuc": "GK1", "truong": field, "gia_tri_cu": text, "gia_tri": str(chosen)}
    return client.post(URL, data | more, follow=True)


class TestPage:
    def test_it_groups_the_texts_of_the_subtree_with_their_number_of_records(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        body = page(client, world["editor"]).content.decode()
        assert "Kinh Thượng" in body and "Đạo lạ" in body and "Xứ Quảng" in body
        assert "3 nhóm giá trị, 4 hồ sơ cần sửa" in body
        # Two of GK1's members; GK2's third is not counted.
        assert ">2</a>" in body

    def test_it_filters_by_field_and_lists_a_groups_records(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        body = page(client, world["editor"], truong="religion").content.decode()
        assert "Đạo lạ" in body and "Kinh Thượng" not in body
        body = page(
            client, world["editor"], truong="ethnicity", gia_tri_cu="Kinh Thượng"
        ).content.decode()
        assert "Trần Văn Một" in body and "Lê Thị Hai" in body
        assert "Phạm Văn Ngoài" not in body

    def test_the_choices_are_the_values_in_force_and_the_provinces(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        retired = value("ETHNICITY", "T9", "Đã thôi", valid_to=dt.date(2021, 1, 1))
        body = page(client, world["editor"], truong="ethnicity").content.decode()
        assert f'<option value="{world["kinh"].pk}">Kinh</option>' in body
        assert f'value="{retired.pk}"' not in body
        body = page(client, world["editor"], truong="hometown_province").content.decode()
        assert f'value="{world["quang_nam"].pk}"' in body

    def test_it_is_for_those_who_correct_member_records_only(
        self, client: Client, world: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        for who in ("viewer", "nobody"):
            assert page(client, cast[who]).status_code == 404
        assert page(client, world["editor"], to_chuc="C21").status_code == 404
        assert page(client, cast["officer"], to_chuc="C21").status_code == 200

    def test_junk_filters_are_said_not_crashed_on(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        response = page(client, world["editor"], truong="__class__", trang="x", gia_tri_cu="\x00")
        assert response.status_code == 200
        assert "Trường cần lọc không có trong danh sách" in response.content.decode()

    def test_the_member_page_says_which_values_wait_and_links_to_the_page(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        client.force_login(world["editor"])
        body = client.get(reverse("members:detail", args=[world["c11"].pk])).content.decode()
        assert "Giá trị chưa khớp danh mục: dân tộc «Kinh Thượng»" in body
        assert f"{URL}?to_chuc=C11" in body
        # Set through the record's own form: no longer waiting, on the member's page or here.
        Member.objects.filter(pk=world["c11"].pk).update(ethnicity=world["kinh"])
        body = client.get(reverse("members:detail", args=[world["c11"].pk])).content.decode()
        assert "dân tộc «Kinh Thượng»" not in body
        assert "3 nhóm giá trị, 3 hồ sơ cần sửa" in page(client, world["editor"]).content.decode()


class TestApply:
    def test_one_choice_fixes_every_record_of_the_subtree_and_audits_each(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        response = apply(client, world["editor"], "ethnicity", "Kinh Thượng", world["kinh"].pk)
        assert "Đã sửa 2 hồ sơ" in response.content.decode()
        for key in ("c11", "c13"):
            world[key].refresh_from_db()
            assert world[key].ethnicity == world["kinh"]
            event = AuditEvent.objects.get(
                object_type="member", object_id=str(world[key].pk), action="update"
            )
            assert event.action == "update" and event.user == world["editor"]
            assert event.before == {"ethnicity_id": None}
            assert event.after == {"ethnicity_id": world["kinh"].pk}
        # GK2's member is out of the scope: untouched, still waiting.
        world["c21"].refresh_from_db()
        assert world["c21"].ethnicity is None
        assert list(UnresolvedValue.objects.filter(field="ethnicity")) == [
            UnresolvedValue.objects.get(member=world["c21"])
        ]

    def test_candidates_and_places_are_fixed_too(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        apply(client, world["editor"], "religion", "Đạo lạ", world["none"].pk)
        apply(client, world["editor"], "hometown_province", "Xứ Quảng", world["quang_nam"].pk)
        world["candidate"].refresh_from_db()
        world["c11"].refresh_from_db()
        assert world["candidate"].religion == world["none"]
        assert world["c11"].hometown_province == world["quang_nam"]
        assert not UnresolvedValue.objects.filter(field__in=["religion", "hometown_province"])

    def test_a_record_corrected_meanwhile_keeps_its_value(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        hoa = value("ETHNICITY", "04", "Hoa")
        Member.objects.filter(pk=world["c13"].pk).update(ethnicity=hoa)
        response = apply(client, world["editor"], "ethnicity", "Kinh Thượng", world["kinh"].pk)
        assert "Đã sửa 1 hồ sơ" in response.content.decode()
        world["c13"].refresh_from_db()
        assert world["c13"].ethnicity == hoa
        assert not UnresolvedValue.objects.filter(member=world["c13"]).exists()

    @pytest.mark.parametrize(
        ("field", "text", "chosen", "said"),
        [
            ("ethnicity", "Kinh Thượng", "", "Hãy chọn giá trị danh mục"),
            ("ethnicity", "Kinh Thượng", "none", "không có trong danh mục đang áp dụng"),
            ("ethnicity", "Kinh Thượng", "retired", "không có trong danh mục đang áp dụng"),
            ("ethnicity", "Kinh Thượng", "9" * 40, "không có trong danh mục đang áp dụng"),
            ("ethnicity", "Kinh Thượng", "²", "không có trong danh mục đang áp dụng"),
            ("ethnicity", "", "kinh", "Giá trị đã ghi không hợp lệ"),
            ("ethnicity", "x\x00", "kinh", "Giá trị đã ghi không hợp lệ"),
            ("sex", "Kinh Thượng", "kinh", "Chưa rõ trường cần sửa"),
        ],
    )
    def test_a_wrong_choice_is_refused_in_vietnamese_and_writes_nothing(
        self, client: Client, world: dict[str, Any], field: str, text: str, chosen: str, said: str
    ) -> None:
        retired = value("ETHNICITY", "T9", "Đã thôi", valid_to=dt.date(2021, 1, 1))
        chosen = {"none": world["none"].pk, "kinh": world["kinh"].pk, "retired": retired.pk}.get(
            chosen, chosen
        )
        before = (
            UnresolvedValue.objects.count(),
            AuditEvent.objects.filter(action="update").count(),
        )
        response = apply(client, world["editor"], field, text, chosen)
        assert response.status_code == 200
        assert said in response.content.decode()
        assert (
            UnresolvedValue.objects.count(),
            AuditEvent.objects.filter(action="update").count(),
        ) == before
        assert not Member.objects.filter(ethnicity__isnull=False).exists()

    def test_another_subtrees_organisation_is_refused(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        response = apply(
            client, world["editor"], "ethnicity", "Kinh Thượng", world["kinh"].pk, to_chuc="C21"
        )
        assert response.status_code == 404
        assert UnresolvedValue.objects.filter(field="ethnicity").count() == 3

    def test_the_whole_bloc_is_fixed_from_its_top(
        self, client: Client, world: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        response = apply(
            client, cast["officer"], "ethnicity", "Kinh Thượng", world["kinh"].pk, to_chuc=""
        )
        assert "Đã sửa 3 hồ sơ" in response.content.decode()
        assert not UnresolvedValue.objects.filter(field="ethnicity").exists()
