"""The congress pages: the lists and exports, planning, a congress's page and the forms
recorded on it (each takes back what it shows), voiding, an organisation's terms, and
scope (another subtree answers 404, a viewer reads and records nothing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.congresses.models import Congress, CongressDocument, Election, Term
from dangvu.congresses.tests.helpers import hold, line, member, plan
from dangvu.personnel.models import CommitteeMember, Position

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree: dict[str, Any], cast: dict[str, Any]) -> dict[str, Any]:
    people = {
        "an": member(tree["C11"], "Nguyễn Văn An"),
        "binh": member(tree["C12"], "Trần Thị Bình"),
        "cuong": member(tree["C13"], "Lê Văn Cường"),
    }
    people["an"].card_number = "79000001"
    people["an"].save(update_fields=["card_number"])
    congress = plan(tree["GK1"], term="2025–2030", day=dt.date(2025, 6, 12))
    return {"people": people, "congress": congress, **cast}


def _login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


RESULTS = {
    "opens_on": "12/06/2025",
    "closes_on": "13/06/2025",
    "members_total": "10",
    "attended_total": "10",
}


def rows(*filled: dict[str, Any], blank: int = 0) -> dict[str, Any]:
    """What the table of rows posts: `filled` rows, then `blank` rows left empty."""
    data: dict[str, Any] = {
        "dong-TOTAL_FORMS": str(len(filled) + blank),
        "dong-INITIAL_FORMS": "0",
    }
    for i, row in enumerate(filled):
        data |= {f"dong-{i}-{k}": str(v) for k, v in row.items()}
    return data


def elections(world: dict[str, Any]) -> list[dict[str, Any]]:
    an, binh, cuong = (world["people"][k].pk for k in ("an", "binh", "cuong"))
    return [
        {"body": "EXECUTIVE", "member": an, "position": "SECRETARY", "votes": 9},
        {
            "body": "EXECUTIVE",
            "member": binh,
            "position": "DEPUTY_SECRETARY",
            "votes": 8,
            "vote_share": "80",
        },
        {"body": "EXECUTIVE", "member": cuong, "votes": 7},
        {"body": "STANDING", "member": an, "position": "SECRETARY", "votes": 3},
        {"body": "INSPECTION", "member": cuong, "position": "INSPECTION_CHAIR", "votes": 3},
        {"body": "SUPERIOR_DELEGATE", "member": binh, "votes": 9, "is_alternate": "on"},
    ]


def results_data(world: dict[str, Any], blank: int = 0) -> dict[str, Any]:
    return RESULTS | rows(*elections(world), blank=blank)


class TestLists:
    def test_the_lists_show_and_export_the_users_congresses_and_terms(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        _login(client, world["officer"])
        page = client.get(reverse("congresses:list")).content.decode()
        assert "Đảng bộ Sở Y tế" in page and reverse("congresses:plan") in page
        export = client.get(reverse("congresses:list"), {"xuat": "xlsx", "tinh_trang": "planned"})
        assert export.status_code == 200 and export["Content-Type"].startswith("application/")
        hold(world["congress"], [line(world["people"]["an"], position=Position.SECRETARY)])
        terms = client.get(reverse("congresses:terms"), {"trang_thai": "current"})
        assert "2025–2030" in terms.content.decode()
        junk = {"nam": "xyz", "to_chuc": "", "trang_thai": "?"}
        assert client.get(reverse("congresses:terms"), junk).status_code == 200

    def test_another_subtree_sees_nothing(self, client: Client, world: dict[str, Any]) -> None:
        _login(client, world["cell"])
        assert "Đảng bộ Sở Y tế" not in client.get(reverse("congresses:list")).content.decode()
        pk = world["congress"].pk
        assert client.get(reverse("congresses:congress", args=[pk])).status_code == 404
        assert client.get(reverse("congresses:organisation", args=["GK1"])).status_code == 404


class TestPlanning:
    def test_an_officer_plans_and_reschedules(self, client: Client, world: dict[str, Any]) -> None:
        _login(client, world["officer"])
        response = client.post(
            reverse("congresses:plan"),
            {
                "organisation": "GK2",
                "kind": "REGULAR",
                "form": "DELEGATES",
                "term_label": "2025-2030",
                "opens_on": "20/06/2025",
                "place": "Hội trường Sở",
            },
        )
        congress = Congress.objects.get(organisation__code="GK2")
        assert response.status_code == 302 and congress.level == "GRASSROOTS_COMMITTEE"
        url = reverse("congresses:reschedule", args=[congress.pk])
        assert client.post(url, {"opens_on": "25/06/2025"}).status_code == 302
        congress.refresh_from_db()
        assert congress.opens_on == dt.date(2025, 6, 25)

    def test_a_second_regular_congress_is_refused_beside_its_field(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        _login(client, world["officer"])
        response = client.post(
            reverse("congresses:plan"),
            {
                "organisation": "GK1",
                "kind": "REGULAR",
                "form": "ALL_MEMBERS",
                "term_label": "2025–2030",
                "opens_on": "01/07/2025",
            },
        )
        assert response.status_code == 200
        assert "đã có đại hội nhiệm kỳ 2025–2030" in response.content.decode()
        assert Congress.objects.count() == 1

    def test_junk_is_refused_without_a_500(self, client: Client, world: dict[str, Any]) -> None:
        _login(client, world["officer"])
        junk = {"organisation": "\x00", "kind": "Z", "opens_on": "99/99/9999", "ordinal": "1e99"}
        assert client.post(reverse("congresses:plan"), junk).status_code == 200
        pk = world["congress"].pk
        for name in ("results", "delegates", "document_create", "reschedule"):
            url = reverse(f"congresses:{name}", args=[pk])
            bad = {
                "dong-TOTAL_FORMS": "x" * 50,
                "dong-0-member": ";;;;\n*",
                "members_total": "-1",
                "opens_on": "1800-01-01",
                "role": "APPROVAL",
                "register": "abc",
                "date": "31/02/2025",
            }
            assert client.post(url, bad).status_code == 200, name
        assert not Election.objects.exists() and not CongressDocument.objects.exists()


class TestCongressPage:
    def test_results_recorded_through_the_form_reach_the_committee(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        _login(client, world["officer"])
        pk = world["congress"].pk
        response = client.post(reverse("congresses:results", args=[pk]), results_data(world))
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert CommitteeMember.objects.filter(start_basis="Đại hội bầu").count() == 5
        page = client.get(reverse("congresses:congress", args=[pk])).content.decode()
        assert "Ủy ban Kiểm tra" in page and "dự khuyết" in page and "90%" in page
        assert Term.objects.get().label == "2025–2030"
        term_page = client.get(reverse("congresses:term", args=[Term.objects.get().pk]))
        assert "Ban Thường vụ" in term_page.content.decode()
        org_page = client.get(reverse("congresses:organisation", args=["GK1"])).content.decode()
        assert "2025–2030" in org_page
        # recorded once: the form is gone
        assert client.get(reverse("congresses:results", args=[pk])).status_code == 404

    def test_a_loser_is_refused_in_words(self, client: Client, world: dict[str, Any]) -> None:
        _login(client, world["officer"])
        an = world["people"]["an"].pk
        data = RESULTS | rows(
            {"body": "EXECUTIVE", "member": an, "position": "SECRETARY", "votes": 5}
        )
        response = client.post(reverse("congresses:results", args=[world["congress"].pk]), data)
        assert response.status_code == 200 and "chưa quá một nửa" in response.content.decode()
        assert not CommitteeMember.objects.exists()

    def test_documents_are_added_and_voided(self, client: Client, world: dict[str, Any]) -> None:
        _login(client, world["officer"])
        congress = world["congress"]
        url = reverse("congresses:document_create", args=[congress.pk])
        data = {"role": "PERMISSION", "number": "12-CV/ĐUK", "date": "01/04/2025"}
        assert client.post(url, data).status_code == 302
        paper = CongressDocument.objects.get()
        void = reverse("congresses:void", args=["document", paper.pk])
        assert client.post(void, {"reason": "Ghi nhầm"}).status_code == 302
        paper.refresh_from_db()
        assert paper.is_void

    def test_voiding_a_held_congress_through_the_page(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        _login(client, world["officer"])
        pk = world["congress"].pk
        client.post(reverse("congresses:results", args=[pk]), results_data(world))
        page = client.get(reverse("congresses:congress", args=[pk])).content.decode()
        assert reverse("congresses:void", args=["congress", pk]) in page
        client.post(reverse("congresses:void", args=["congress", pk]), {"reason": "Nhầm"})
        assert not CommitteeMember.objects.filter(voided_at__isnull=True).exists()
        assert not Term.objects.filter(voided_at__isnull=True).exists()

    def test_a_viewer_reads_but_records_nothing(
        self, client: Client, world: dict[str, Any]
    ) -> None:
        _login(client, world["viewer"])
        pk = world["congress"].pk
        page = client.get(reverse("congresses:congress", args=[pk])).content.decode()
        assert "Ghi kết quả" not in page
        for name in ("results", "delegates", "document_create", "reschedule"):
            assert client.get(reverse(f"congresses:{name}", args=[pk])).status_code == 404
        void = reverse("congresses:void", args=["congress", pk])
        assert client.post(void, {"reason": "x"}).status_code == 404
        assert client.get(reverse("congresses:plan")).status_code == 404


class TestDelay:
    def test_a_congress_far_from_the_due_day_asks_for_the_superiors_consent(
        self, client: Client, tree: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        from dangvu.congresses import actions

        actions.do_record_term(
            organisation=tree["GK2"],
            label="2020–2025",
            began_on=dt.date(2020, 6, 1),
            acting_user=None,
        )
        early = plan(tree["GK2"], "2025–2030", dt.date(2024, 11, 1))
        _login(client, cast["officer"])
        page = client.get(reverse("congresses:congress", args=[early.pk])).content.decode()
        assert "cần văn bản đồng ý của cấp ủy cấp trên" in page
        actions.do_reschedule(early, opens_on=dt.date(2025, 5, 20), acting_user=None)
        page = client.get(reverse("congresses:congress", args=[early.pk])).content.decode()
        assert "cần văn bản đồng ý" not in page
