"""The member record to the party member form: vocabulary values, places, education, the
national identifier and the photo, through the edit pages, the imports and the exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import AuditEvent
from dangvu.core.tests.htmlforms import parse, post_forms
from dangvu.members.actions import do_update_member_record
from dangvu.members.models import AdmissionCandidate, Member
from dangvu.members.record import place_text
from dangvu.members.tests.factories import (
    existing,
    person,
    places,
    retired_value,
    value,
    vocabularies,
)
from dangvu.members.tests.sheets import load

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def files(settings: Any, tmp_path: Any) -> Any:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


@pytest.fixture
def filled(tree: dict[str, Any]) -> Member:
    """A member with every field of the record filled, and a religion retired since."""
    vocabularies()
    units = places()
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), "Nguyễn Văn An")
    full = person(
        "Nguyễn Văn An",
        birth=member.birth_date,
        ethnicity=value("ETHNICITY", "12"),
        identity_number="052085001111",
        birthplace_province=units["binh_dinh"],
        birthplace_local=units["phu_cat"],
        birthplace="Thôn Hòa Hội",
        hometown_province=units["binh_dinh"],
        hometown_local=units["cat_tan"],
        hometown="Thôn Kiều An",
        residence_province=units["gia_lai"],
        residence_local=units["quy_nhon"],
        residence="12 Trần Hưng Đạo",
        education="9/12",
        qualification=value("QUALIFICATION", "MASTER"),
        expertise="Quản lý công",
        theory_level=value("THEORY", "ADVANCED"),
        state_management=value("STATE_MANAGEMENT", "PRINCIPAL"),
        academic_title=value("ACADEMIC_TITLE", "ASSOC"),
        foreign_languages="Tiếng Anh B2",
        it_skill="Cơ bản",
        occupation=value("OCCUPATION", "OFFICIAL"),
        job="Công chức",
        post="Phó Chánh Văn phòng",
        phone="0905123456",
    )
    do_update_member_record(member, full, acting_user=None, national_id="52.000123")
    retired = retired_value("RELIGION", "R-OLD", "Đạo Thử Nghiệm", dt.date(2020, 1, 1))
    Member.objects.filter(pk=member.pk).update(religion=retired)
    member.refresh_from_db()
    return member


def edit_form(client: Client, member: Member) -> Any:
    url = reverse("members:edit", args=[member.pk])
    page = client.get(url).content.decode()
    (form,) = [f for f in post_forms(page) if (f.action or url) == url]
    return form


def record_of(member: Member) -> dict[str, Any]:
    return {
        f.attname: getattr(member, f.attname)
        for f in Member._meta.concrete_fields
        if f.name not in ("search_key",)
    }


class TestTheEditFormTakesBackWhatItShows:
    def test_every_field_filled_and_a_retired_value_round_trip_unchanged(
        self, client: Client, cast: dict[str, Any], filled: Member
    ) -> None:
        client.force_login(cast["officer"])
        before = record_of(filled)
        form = edit_form(client, filled)
        response = client.post(reverse("members:edit", args=[filled.pk]), form.submission())
        assert response.status_code == 302, parse(response.content.decode()).errors
        filled.refresh_from_db()
        assert record_of(filled) == before
        assert filled.religion is not None and filled.religion.code == "R-OLD"

    def test_the_form_offers_values_in_force_and_the_records_own(
        self, client: Client, cast: dict[str, Any], filled: Member
    ) -> None:
        retired_value("ETHNICITY", "X-OLD", "Dân tộc Đã Bỏ", dt.date(2001, 1, 1))
        client.force_login(cast["officer"])
        body = client.get(reverse("members:edit", args=[filled.pk])).content.decode()
        assert "Đạo Thử Nghiệm (thôi áp dụng)" in body
        assert "Dân tộc Đã Bỏ" not in body
        assert "Chưa có thông tin" in body
        # The province select lists Bình Định (the record's, ended) beside Gia Lai.
        assert "Bình Định (nay là Gia Lai)" in body
        # The chosen province's districts and communes are suggested in a datalist.
        assert '<datalist id="p-hometown-units">' in body and 'value="Cát Tân"' in body
        for legend in ("Sơ yếu", "Quê quán – cư trú", "Trình độ"):
            assert legend in body

    def test_a_retired_value_is_refused_to_a_record_that_did_not_hold_it(
        self, client: Client, cast: dict[str, Any], filled: Member, tree: dict[str, Any]
    ) -> None:
        other = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2002, 5, 1), "Lê Văn Bình")
        client.force_login(cast["officer"])
        form = edit_form(client, other)
        data = form.submission()
        data["p-religion"] = ["R-OLD"]
        response = client.post(reverse("members:edit", args=[other.pk]), data)
        assert response.status_code == 200
        other.refresh_from_db()
        assert other.religion is None

    def test_the_detail_page_shows_every_field_in_the_forms_order(
        self, client: Client, cast: dict[str, Any], filled: Member
    ) -> None:
        client.force_login(cast["officer"])
        body = client.get(reverse("members:detail", args=[filled.pk])).content.decode()
        for text in (
            "Ê Đê",
            "Đạo Thử Nghiệm",
            "Thôn Kiều An, Cát Tân, Bình Định (nay là Gia Lai)",
            "Thạc sĩ",
            "Chuyên viên chính",
            "Phó Giáo sư",
            "Tiếng Anh B2",
            "Cán bộ, công chức",
            "52.000123",
        ):
            assert text in body, text
        assert body.index("Sơ yếu") < body.index("Quê quán – cư trú") < body.index("Trình độ")

    def test_an_empty_record_says_chua_co_thong_tin(
        self, client: Client, cast: dict[str, Any], tree: dict[str, Any]
    ) -> None:
        bare = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2002, 5, 1), "Lê Văn Bình")
        client.force_login(cast["officer"])
        body = client.get(reverse("members:detail", args=[bare.pk])).content.decode()
        assert 'data-testid="record-ethnicity">Chưa có thông tin' in body
        assert 'data-testid="record-hometown">Chưa có thông tin' in body
        assert place_text(bare, "hometown") == ""


class TestJunkOnTheNewFields:
    @pytest.mark.parametrize(
        ("field", "junk", "message"),
        [
            ("p-ethnicity", "KHÔNG-CÓ", "Select a valid choice"),
            ("p-hometown_province", "999999", ""),
            ("p-hometown_local", "Xã Không Tồn Tại", "không có trong danh mục"),
            ("p-education", "mười hai", "12/12"),
            ("p-occupation", "'; DROP TABLE x; --", ""),
        ],
    )
    def test_junk_is_refused_beside_its_field(
        self,
        client: Client,
        cast: dict[str, Any],
        filled: Member,
        field: str,
        junk: str,
        message: str,
    ) -> None:
        client.force_login(cast["officer"])
        before = record_of(filled)
        data = edit_form(client, filled).submission()
        data[field] = [junk]
        response = client.post(reverse("members:edit", args=[filled.pk]), data)
        body = response.content.decode()
        assert response.status_code == 200
        assert 'data-testid="field-error"' in body
        assert "Select a valid choice" not in body  # said in Vietnamese
        if message and message != "Select a valid choice":
            assert message in body
        filled.refresh_from_db()
        assert record_of(filled) == before

    def test_a_district_without_a_province_says_to_choose_the_province(
        self, client: Client, cast: dict[str, Any], filled: Member
    ) -> None:
        client.force_login(cast["officer"])
        data = edit_form(client, filled).submission()
        data["p-residence_province"] = [""]
        data["p-residence_local"] = ["Quy Nhơn"]
        body = client.post(reverse("members:edit", args=[filled.pk]), data).content.decode()
        assert "hãy chọn tỉnh, thành phố trước" in body


class TestNationalId:
    def test_a_national_id_on_another_record_is_refused_naming_both(
        self, client: Client, cast: dict[str, Any], filled: Member, tree: dict[str, Any]
    ) -> None:
        other = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2002, 5, 1), "Lê Văn Bình")
        client.force_login(cast["officer"])
        data = edit_form(client, other).submission()
        data["m-national_id"] = ["52.000123"]
        body = client.post(reverse("members:edit", args=[other.pk]), data).content.decode()
        assert "52.000123" in body and "Nguyễn Văn An" in body and "Lê Văn Bình" in body
        other.refresh_from_db()
        assert other.national_id == ""

    def test_out_of_scope_holder_is_not_named(
        self, client: Client, cast: dict[str, Any], filled: Member, tree: dict[str, Any]
    ) -> None:
        mine = existing(tree["C21"], dt.date(2020, 1, 1), dt.date(2002, 5, 1), "Đặng Thị Đào")
        client.force_login(cast["cell"])
        data = edit_form(client, mine).submission()
        data["m-national_id"] = ["52.000123"]
        body = client.post(reverse("members:edit", args=[mine.pk]), data).content.decode()
        assert "ngoài phạm vi quản lý" in body and "Nguyễn Văn An" not in body


class TestPhoto:
    def upload(self, client: Client, member: Member, content: bytes, name: str) -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = edit_form(client, member).submission()
        data["m-photo"] = SimpleUploadedFile(name, content, "image/jpeg")  # type: ignore[assignment]
        return client.post(reverse("members:edit", args=[member.pk]), data)

    def test_a_png_is_stored_served_to_those_who_see_the_member_and_audited(
        self, client: Client, cast: dict[str, Any], filled: Member, files: Any
    ) -> None:
        client.force_login(cast["officer"])
        assert client.get(reverse("members:photo", args=[filled.pk])).status_code == 404
        response = self.upload(client, filled, PNG, "anh.jpg")
        assert response.status_code == 302
        filled.refresh_from_db()
        assert filled.photo.name.endswith(".png")
        served = client.get(reverse("members:photo", args=[filled.pk]))
        assert served.status_code == 200 and served["Content-Type"] == "image/png"
        assert b"".join(served.streaming_content) == PNG  # type: ignore[attr-defined]
        assert AuditEvent.objects.filter(object_id=str(filled.pk), after__has_key="photo").exists()
        detail = client.get(reverse("members:detail", args=[filled.pk])).content.decode()
        assert 'data-testid="member-photo"' in detail
        client.force_login(cast["cell"])  # C21's secretary does not see C11's members
        assert client.get(reverse("members:photo", args=[filled.pk])).status_code == 404

    def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(
        self, client: Client, cast: dict[str, Any], filled: Member, files: Any
    ) -> None:
        client.force_login(cast["officer"])
        response = self.upload(client, filled, b"<html><script>alert(1)</script>", "anh.jpg")
        assert response.status_code == 200
        assert "JPEG hoặc PNG" in response.content.decode()
        filled.refresh_from_db()
        assert not filled.photo

    def test_a_jpeg_replaces_the_old_photo(
        self, client: Client, cast: dict[str, Any], filled: Member, files: Any
    ) -> None:
        client.force_login(cast["officer"])
        self.upload(client, filled, PNG, "a.png")
        self.upload(client, filled, JPEG, "b.png")
        filled.refresh_from_db()
        assert filled.photo.name.endswith(".jpg")


class TestImports:
    def row(self, **cells: Any) -> dict[str, Any]:
        return {
            "Họ và tên": "Trần Văn Nhập",
            "Ngày sinh": dt.date(1980, 3, 4),
            "Giới tính": "Nam",
            "Chi bộ": "C11",
            "Ghi nhận từ ngày": dt.date(2024, 1, 1),
            "Ngày kết nạp": dt.date(2005, 3, 4),
            "Ngày lễ kết nạp": dt.date(2005, 3, 20),
            "Ngày chính thức": dt.date(2006, 3, 20),
            **cells,
        }

    def test_names_other_names_and_codes_resolve_and_places_take_three_columns(
        self, cast: dict[str, Any]
    ) -> None:
        vocabularies()
        places()
        report = load(
            "members",
            [
                self.row(
                    **{
                        "Dân tộc": "ede",
                        "Tôn giáo": "00",
                        "Lý luận chính trị": "Cử nhân",
                        "Nghề nghiệp": "cán bộ, công chức",
                        "Quê quán: tỉnh, thành phố": "Bình Định",
                        "Quê quán: huyện, xã": "huyện Phù Cát",
                        "Quê quán": "Thôn Kiều An",
                        "Nơi cư trú": "Số 5 Lê Lợi, Quy Nhơn",
                    }
                )
            ],
            cast["officer"],
        )
        assert report.ok, report.lines()
        m = Member.objects.get(full_name="Trần Văn Nhập")
        assert (m.ethnicity.code, m.religion.code, m.theory_level.code) == (
            "12",
            "00",
            "BACHELOR",
        )
        assert m.occupation.code == "OFFICIAL"
        assert (m.hometown_province.name, m.hometown_local.name) == ("Bình Định", "Phù Cát")
        assert m.hometown == "Thôn Kiều An"
        # An older file's single column is the detail text.
        assert m.residence == "Số 5 Lê Lợi, Quy Nhơn" and m.residence_province is None

    @pytest.mark.parametrize(
        ("header", "text", "expected"),
        [
            ("Dân tộc", "Người Sao Hỏa", "Kinh"),
            ("Nghề nghiệp", "Kỹ sư", "Công việc chính"),
            ("Quê quán: tỉnh, thành phố", "Tỉnh Không Có", "tỉnh, thành phố"),
        ],
    )
    def test_an_unknown_value_is_refused_with_the_allowed_ones(
        self, cast: dict[str, Any], header: str, text: str, expected: str
    ) -> None:
        vocabularies()
        places()
        report = load("members", [self.row(**{header: text})], cast["officer"])
        assert not report.ok
        message = " ".join(report.lines())
        assert header in message and text in message and expected in message
        assert not Member.objects.filter(full_name="Trần Văn Nhập").exists()

    def test_the_export_writes_names_and_goes_back_in(
        self, client: Client, cast: dict[str, Any], filled: Member
    ) -> None:
        from dangvu.core.tests.export_reading import export_text

        client.force_login(cast["officer"])
        response = client.get(reverse("members:list"), {"xuat": "csv"})
        text = export_text(response)
        for name in ("Ê Đê", "Đạo Thử Nghiệm", "Bình Định", "Cát Tân", "Cán bộ, công chức"):
            assert name in text, name

    def test_a_candidate_row_resolves_its_values(self, cast: dict[str, Any]) -> None:
        vocabularies()
        report = load(
            "candidates",
            [
                {
                    "Họ và tên": "Phan Thanh Tâm",
                    "Ngày sinh": dt.date(1999, 9, 9),
                    "Giới tính": "Nam",
                    "Dân tộc": "Kinh",
                    "Giáo dục phổ thông": "12/12",
                    "Chi bộ": "C11",
                    "Ngày đưa vào danh sách": dt.date(2024, 2, 1),
                }
            ],
            cast["officer"],
        )
        assert report.ok, report.lines()
        assert AdmissionCandidate.objects.get().ethnicity.code == "01"
