"""HTTP behaviour of the organisation pages for each member of the cast."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.concurrency import stamp
from dangvu.orgs import actions, queries
from dangvu.orgs.models import Organisation, OrganisationVersion

pytestmark = pytest.mark.django_db


def seen(code: str) -> dict[str, str]:
    """The stamp a decision page of `code` carries (see `actions.check_seen`)."""
    org = Organisation.objects.get(code=code)
    return {"stamp": stamp(org, actions.ORG_STAMPED, actions.version_seen(org))}


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_anonymous_users_are_sent_to_login(client: Client, tree: dict[str, Any]) -> None:
    response = client.get(reverse("orgs:tree"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_login_page_speaks_vietnamese_and_refuses_a_wrong_password(
    client: Client, cast: dict[str, Any]
) -> None:
    response = client.post(reverse("accounts:login"), {"username": "bantochuc", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    response = client.post(
        reverse("accounts:login"), {"username": "bantochuc", "password": "Mat-khau-2024!"}
    )
    assert response.status_code == 302


def test_tree_shows_the_structure_of_the_chosen_date(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], decision: Any
) -> None:
    actions.do_rename_organisation(
        tree["GK1"],
        new_name="Đảng bộ Sở Y tế tỉnh",
        decision=decision(dt.date(2022, 1, 1)),
        acting_user=None,
    )
    login(client, cast["officer"])
    now = client.get(reverse("orgs:tree")).content.decode()
    assert "Đảng bộ Sở Y tế tỉnh" in now
    old = client.get(reverse("orgs:tree"), {"ngay": "2021-06-01"}).content.decode()
    assert "Đảng bộ Sở Y tế tỉnh" not in old
    assert "Đảng bộ Sở Y tế" in old
    assert "tại ngày 01/06/2021" in old


def test_tree_refuses_a_bad_date_with_a_message(client: Client, cast: dict[str, Any]) -> None:
    login(client, cast["officer"])
    response = client.get(reverse("orgs:tree"), {"ngay": "31/02/2023"}, follow=True)
    assert response.status_code == 200
    assert "Ngày xem không hợp lệ" in response.content.decode()


def test_tree_children_fragment(client: Client, cast: dict[str, Any], tree: dict[str, Any]) -> None:
    login(client, cast["officer"])
    response = client.get(
        reverse("orgs:children", args=["GK1"]), {"ngay": "2021-01-01"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Chi bộ Văn phòng Sở Y tế" in body
    assert "<html" not in body


def test_a_grassroots_secretary_sees_only_their_subtree(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    login(client, cast["grassroots"])
    assert client.get(reverse("orgs:detail", args=["C11"])).status_code == 200
    assert client.get(reverse("orgs:detail", args=["C21"])).status_code == 404
    assert client.get(reverse("orgs:detail", args=["NOPE"])).status_code == 404
    listing = client.get(reverse("orgs:list")).content.decode()
    assert "Chi bộ Văn phòng Sở Y tế" in listing
    assert "Sở Tài chính" not in listing


def test_a_user_with_no_role_sees_nothing(client: Client, cast: dict[str, Any]) -> None:
    login(client, cast["nobody"])
    assert client.get(reverse("orgs:detail", args=["BLOC"])).status_code == 404
    assert "chưa được giao vai trò" in client.get(reverse("core:home")).content.decode()


def test_detail_shows_counts_and_history(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    login(client, cast["viewer"])
    body = client.get(reverse("orgs:detail", args=["GK1"])).content.decode()
    assert "03" in body and "chi bộ trực thuộc" in body
    assert "Thành lập" in body


def test_viewers_cannot_restructure(client: Client, cast: dict[str, Any]) -> None:
    login(client, cast["viewer"])
    assert client.get(reverse("orgs:rename", args=["GK1"])).status_code == 404
    response = client.post(
        reverse("orgs:rename", args=["GK1"]),
        {**seen("GK1"), "new_name": "X", "effective_date": "2022-01-01"},
    )
    assert response.status_code == 404
    assert Organisation.objects.get(code="GK1").name == "Đảng bộ Sở Y tế"


def test_an_officer_of_one_grassroots_cannot_touch_another(
    client: Client, cast: dict[str, Any]
) -> None:
    login(client, cast["grassroots_editor"])
    assert client.get(reverse("orgs:rename", args=["C11"])).status_code == 200
    assert client.get(reverse("orgs:rename", args=["C21"])).status_code == 404
    response = client.post(
        reverse("orgs:move", args=["C11"]),
        {**seen("C11"), "new_parent": "GK2", "effective_date": "2022-01-01"},
    )
    assert response.status_code == 200
    assert "Không tìm thấy tổ chức" in response.content.decode()


def test_rename_through_the_form(client: Client, cast: dict[str, Any]) -> None:
    login(client, cast["officer"])
    response = client.post(
        reverse("orgs:rename", args=["GC1"]),
        {
            **seen("GC1"),
            "new_name": "Chi bộ Sở Tư pháp tỉnh",
            "effective_date": "2022-01-01",
            "decision_number": "12-QĐ/ĐUK",
            "decision_date": "2021-12-28",
            "reason": "Đổi tên",
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(code="GC1")
    assert org.name == "Chi bộ Sở Tư pháp tỉnh"
    assert queries.version_at(org, dt.date(2021, 12, 31)).name == "Chi bộ Sở Tư pháp"


def test_forms_show_a_domain_refusal_beside_the_field(client: Client, cast: dict[str, Any]) -> None:
    login(client, cast["officer"])
    before = OrganisationVersion.objects.count()
    response = client.post(
        reverse("orgs:move", args=["GK1"]),
        {**seen("GK1"), "new_parent": "C11", "effective_date": "2022-01-01"},
    )
    assert response.status_code == 200
    assert "vào chính nó hoặc một tổ chức trực thuộc" in response.content.decode()
    assert OrganisationVersion.objects.count() == before


def test_a_malformed_date_is_a_form_error_not_a_crash(client: Client, cast: dict[str, Any]) -> None:
    login(client, cast["officer"])
    response = client.post(
        reverse("orgs:rename", args=["GC1"]),
        {**seen("GC1"), "new_name": "X", "effective_date": "31/02/2023"},
    )
    assert response.status_code == 200
    # Said in words: which day does not exist, and why.
    assert (
        "Ngày 31/02/2023 không tồn tại: tháng 2 năm 2023 chỉ có 28 ngày."
        in response.content.decode()
    )


def test_create_convert_merge_split_and_dissolve_through_forms(
    client: Client, cast: dict[str, Any]
) -> None:
    login(client, cast["officer"])
    ok = client.post(
        reverse("orgs:create"),
        {
            "code": "c14",
            "name": "Chi bộ Khoa Ngoại",
            "kind": "CELL",
            "parent": "SUB1",
            "effective_date": "2021-02-01",
        },
    )
    assert ok.status_code == 302, ok.content.decode()
    assert Organisation.objects.get(code="C14").parent.code == "SUB1"

    ok = client.post(
        reverse("orgs:convert", args=["GC2"]),
        {**seen("GC2"), "new_kind": "GRASSROOTS_COMMITTEE", "effective_date": "2021-03-01"},
    )
    assert ok.status_code == 302
    assert Organisation.objects.get(code="GC2").kind == "GRASSROOTS_COMMITTEE"

    ok = client.post(
        reverse("orgs:merge", args=["C12"]),
        {**seen("C12"), "target": "C11", "effective_date": "2021-04-01"},
    )
    assert ok.status_code == 302
    assert not Organisation.objects.get(code="C12").is_active

    ok = client.post(
        reverse("orgs:split", args=["SUB1"]),
        {
            **seen("SUB1"),
            "parts-TOTAL_FORMS": "2",
            "parts-INITIAL_FORMS": "0",
            "parts-MIN_NUM_FORMS": "2",
            "parts-MAX_NUM_FORMS": "10",
            "parts-0-code": "SUB1A",
            "parts-0-name": "Đảng bộ bộ phận Khối Nội",
            "parts-0-kind": "SUB_COMMITTEE",
            "parts-1-code": "SUB1B",
            "parts-1-name": "Đảng bộ bộ phận Khối Ngoại",
            "parts-1-kind": "SUB_COMMITTEE",
            f"child_{Organisation.objects.get(code='C13').pk}": "0",
            f"child_{Organisation.objects.get(code='C14').pk}": "1",
            "effective_date": "2021-05-01",
        },
    )
    assert ok.status_code == 302, ok.content.decode()
    assert Organisation.objects.get(code="C14").parent.code == "SUB1B"

    ok = client.post(
        reverse("orgs:dissolve", args=["C21"]), {**seen("C21"), "effective_date": "2021-06-01"}
    )
    assert ok.status_code == 302
    assert not Organisation.objects.get(code="C21").is_active


def test_wrong_methods_are_refused(client: Client, cast: dict[str, Any]) -> None:
    login(client, cast["officer"])
    assert client.post(reverse("orgs:tree")).status_code == 405
    assert client.put(reverse("orgs:rename", args=["GC1"])).status_code == 405


def test_lookup_suggests_only_visible_organisations(client: Client, cast: dict[str, Any]) -> None:
    login(client, cast["grassroots"])
    body = client.get(reverse("orgs:lookup"), {"q": "chi bo"}).content.decode()
    assert "C11" in body
    assert "C21" not in body


def test_restructuring_register_filters_by_year(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], decision: Any
) -> None:
    actions.do_dissolve_organisation(
        tree["C12"], decision=decision(dt.date(2023, 5, 1)), acting_user=None
    )
    login(client, cast["officer"])
    body = client.get(reverse("orgs:restructurings"), {"nam": "2023"}).content.decode()
    assert "Kết thúc hoạt động Chi bộ Thanh tra Sở Y tế" in body
    assert "Thành lập Chi bộ Sở Tư pháp" not in body


def test_pages_carry_a_strict_content_security_policy(client: Client, cast: dict[str, Any]) -> None:
    login(client, cast["officer"])
    response = client.get(reverse("orgs:tree"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
