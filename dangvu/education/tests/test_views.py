"""Lists, records, exports, forms and scoping of the board's pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.accounts.models import Role
from dangvu.education import actions
from dangvu.education.models import Conference, PoliticalClass, StudyReturn
from dangvu.education.tests.helpers import conference, klass
from dangvu.members.tests.factories import admit

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def records(tree: dict[str, Any]) -> dict[str, Any]:
    resolution = actions.do_create_resolution(
        name="Nghị quyết A",
        number="01-NQ/TW",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=D(2024, 1, 10),
        acting_user=None,
    )
    actions.do_record_study_return(
        resolution,
        organisation=tree["GC1"],
        date=D(2024, 3, 1),
        members_studied=9,
        members_total=10,
        acting_user=None,
    )
    return {
        "gk1_conf": conference(tree["GK1"], D(2024, 3, 15), 120),
        "gk2_conf": conference(tree["GK2"], D(2024, 3, 16), 80),
        "gk1_class": klass(tree["GK1"], D(2024, 3, 4), D(2024, 3, 8)),
        "gk2_class": klass(tree["GK2"], D(2024, 3, 4), D(2024, 3, 8), name="Lớp Sở Tài chính"),
        "resolution": resolution,
        "contest": actions.do_create_contest(
            name="Hội thi Bí thư chi bộ giỏi",
            organiser=tree["GK2"],
            start_date=D(2024, 5, 1),
            end_date=D(2024, 5, 3),
            acting_user=None,
        ),
    }


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_lists_show_only_records_the_user_can_see(
    client: Client, cast: dict[str, Any], records: dict[str, Any]
) -> None:
    login(client, cast["grassroots"])
    page = client.get(reverse("education:conferences")).content.decode()
    assert records["gk1_conf"].title in page
    assert records["gk2_conf"].title not in page
    page = client.get(reverse("education:classes")).content.decode()
    assert "Lớp Sở Tài chính" not in page and "Lớp đảng viên mới" in page
    assert client.get(records["gk2_conf"].get_absolute_url()).status_code == 404
    assert client.get(records["gk2_class"].get_absolute_url()).status_code == 404
    assert client.get(records["contest"].get_absolute_url()).status_code == 404
    assert client.get(records["gk1_conf"].get_absolute_url()).status_code == 200
    assert client.get(records["gk1_class"].get_absolute_url()).status_code == 200


def test_list_filters_by_subtree_year_and_kind(
    client: Client, cast: dict[str, Any], records: dict[str, Any], tree: dict[str, Any]
) -> None:
    conference(tree["C11"], D(2023, 5, 1), 10, Conference.Kind.SEMINAR)
    login(client, cast["viewer"])
    url = reverse("education:conferences")
    page = client.get(url, {"to_chuc": "GK1"}).content.decode()
    assert records["gk1_conf"].title in page and records["gk2_conf"].title not in page
    page = client.get(url, {"nam": "2023"}).content.decode()
    assert "01/05/2023" in page and records["gk1_conf"].title not in page
    page = client.get(url, {"loai": Conference.Kind.SEMINAR}).content.decode()
    assert "01/05/2023" in page and records["gk2_conf"].title not in page
    # An organisation outside the user's scope is not found.
    login(client, cast["grassroots"])
    assert client.get(url, {"to_chuc": "GK2"}).status_code == 404


def test_exports(client: Client, cast: dict[str, Any], records: dict[str, Any]) -> None:
    login(client, cast["viewer"])
    for name in ("classes", "conferences", "resolutions", "contests"):
        response = client.get(reverse(f"education:{name}"), {"xuat": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        response = client.get(reverse(f"education:{name}"), {"xuat": "xlsx"})
        assert response.status_code == 200
    body = client.get(reverse("education:conferences"), {"xuat": "csv"}).content.decode("utf-8-sig")
    assert "Số lượt tham dự" in body and "120" in body
    for obj in ("gk1_class", "resolution", "contest"):
        response = client.get(records[obj].get_absolute_url(), {"xuat": "csv"})
        assert response.status_code == 200


def test_a_viewer_cannot_create(client: Client, cast: dict[str, Any]) -> None:
    login(client, cast["viewer"])
    assert client.get(reverse("education:conference_create")).status_code == 404
    login(client, cast["nobody"])
    assert client.get(reverse("education:conferences")).status_code == 200


def test_a_propaganda_officer_creates_a_conference_through_the_form(
    client: Client, tree: dict[str, Any], django_user_model: Any
) -> None:
    officer = django_user_model.objects.create_user("tuyengiao", password="x")
    Role.objects.create(user=officer, organisation=tree["GK1"], kind=Role.Kind.BOARD_PROPAGANDA)
    login(client, officer)
    url = reverse("education:conference_create")
    data = {
        "kind": Conference.Kind.INFO,
        "title": "Hội nghị báo cáo viên",
        "organiser": "GK1",
        "date": "2024-03-15",
        "attendance": "-3",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "không thể là số âm" in response.content.decode()
    # Outside the officer's subtree the organisation is not found.
    response = client.post(url, {**data, "attendance": "40", "organiser": "GK2"})
    assert "Không tìm thấy tổ chức" in response.content.decode()
    response = client.post(url, {**data, "attendance": "40"})
    assert response.status_code == 302
    assert Conference.objects.get().attendance == 40


def test_the_class_page_adds_learners_and_records_completion(
    client: Client, admin_user: Any, tree: dict[str, Any]
) -> None:
    member = admit(tree["C11"], D(2024, 1, 10), "Lê Minh Học")
    login(client, admin_user)
    response = client.post(
        reverse("education:class_create"),
        {
            "kind": PoliticalClass.Kind.NEW_MEMBER,
            "name": "Lớp 1/2024",
            "organiser": "BLOC",
            "start_date": "2024-03-08",
            "end_date": "2024-03-04",
        },
    )
    assert "không thể trước ngày bắt đầu" in response.content.decode()
    response = client.post(
        reverse("education:class_create"),
        {
            "kind": PoliticalClass.Kind.NEW_MEMBER,
            "name": "Lớp 1/2024",
            "organiser": "BLOC",
            "start_date": "2024-03-04",
            "end_date": "2024-03-08",
        },
    )
    c = PoliticalClass.objects.get()
    assert response.status_code == 302 and response["Location"] == c.get_absolute_url()
    response = client.post(c.get_absolute_url(), {"person": "le minh hoc"})
    assert response.status_code == 302
    response = client.post(c.get_absolute_url(), {"person": "Lê Minh Học"})
    assert "đã có trong danh sách" in response.content.decode()
    learner = c.learners.get()
    client.post(
        reverse("education:learner_complete", args=[learner.pk]),
        {"completed": "1", "certificate_number": "15/GCN"},
    )
    learner.refresh_from_db()
    assert learner.completed and learner.certificate_number == "15/GCN"
    from django.template import Context, Template

    html = Template("{% load education %}{% member_classes member %}").render(
        Context({"member": member})
    )
    assert "Lớp 1/2024" in html and "15/GCN" in html


def test_the_resolution_page_lists_who_has_not_sent_a_return(
    client: Client, cast: dict[str, Any], records: dict[str, Any], tree: dict[str, Any]
) -> None:
    login(client, cast["officer"])
    url = records["resolution"].get_absolute_url()
    response = client.get(url, {"to_chuc": "BLOC"})
    missing = [v.organisation.code for v in response.context["missing"]]
    assert missing == ["GC2", "GK1", "GK2"]
    assert response.context["members_pct"] == pytest.approx(90.0)
    response = client.post(
        url + "?to_chuc=BLOC",
        {
            "organisation": "GK1",
            "date": "2024-03-02",
            "members_studied": "0",
            "members_total": "0",
            "nonmembers_studied": "0",
            "nonmembers_total": "0",
        },
    )
    assert response.status_code == 302
    assert StudyReturn.objects.count() == 2
    response = client.get(url, {"to_chuc": "BLOC"})
    assert [v.organisation.code for v in response.context["missing"]] == ["GC2", "GK2"]


def test_the_contest_page_records_entries(
    client: Client, cast: dict[str, Any], records: dict[str, Any]
) -> None:
    login(client, cast["officer"])
    url = records["contest"].get_absolute_url()
    response = client.post(
        url, {"organisation": "GK2", "entrant_name": "Phạm Văn Cường", "sent_up": "on"}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Phạm Văn Cường" in page
    login(client, cast["viewer"])
    assert client.post(url, {"entrant_name": "X"}).status_code == 404
