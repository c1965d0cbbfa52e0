"""The kind of unit a grassroots organisation stands in: recorded on founding, corrected
with an audit row, imported, and read by the dues retention (a commune keeps 90%)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import AuditEvent
from dangvu.core.concurrency import stamp
from dangvu.core.errors import DomainError
from dangvu.core.importing import get_kind, run_import
from dangvu.dues import book as books
from dangvu.dues.tests.test_indicators import books as dues_books  # noqa: F401  (fixture)
from dangvu.dues.tests.test_indicators import pay
from dangvu.lib import sheets
from dangvu.orgs import actions
from dangvu.orgs.kinds import OrgKind, UnitType
from dangvu.orgs.models import Organisation

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in get_kind("organisations").columns]


def seen(code: str) -> dict[str, str]:
    """The stamp a decision page of `code` carries (see `actions.check_seen`)."""
    org = Organisation.objects.get(code=code)
    return {"stamp": stamp(org, actions.ORG_STAMPED, actions.version_seen(org))}


def org_row(code: str, name: str, unit: str = "", kind: str = OrgKind.GRASSROOTS_CELL) -> list[str]:
    values = {
        "Mã tổ chức": code,
        "Tên tổ chức": name,
        "Loại tổ chức": OrgKind(kind).label,
        "Trực thuộc": "BLOC",
        "Ngày thành lập": "01/01/2020",
        "Loại hình đơn vị": unit,
    }
    return [values.get(h, "") for h in HEADERS]


def run(rows: list[list[str]], user: Any) -> Any:
    return run_import(
        get_kind("organisations"),
        sheets.write_csv(HEADERS, rows),
        "to-chuc.csv",
        user=user,
        scope=Organisation.objects.all(),
        commit=True,
    )


class TestAction:
    def test_founding_records_it_and_a_correction_is_audited(
        self, tree: dict[str, Any], decision: Any
    ) -> None:
        org = actions.do_create_organisation(
            code="GC9",
            name="Chi bộ Xã An Hòa",
            kind=OrgKind.GRASSROOTS_CELL,
            parent=tree["BLOC"],
            decision=decision(dt.date(2021, 1, 1)),
            acting_user=None,
            unit_type=UnitType.COMMUNE,
        )
        assert org.unit_type == UnitType.COMMUNE
        actions.do_set_unit_type(org, unit_type=UnitType.AGENCY, acting_user=None)
        org.refresh_from_db()
        assert org.unit_type == UnitType.AGENCY
        event = AuditEvent.objects.filter(object_id=str(org.pk), note="Ghi loại hình đơn vị").get()
        assert event.before == {"loại hình đơn vị": UnitType.COMMUNE.label}
        assert event.after == {"loại hình đơn vị": UnitType.AGENCY.label}

    def test_refusals_say_what_to_fix(self, tree: dict[str, Any], decision: Any) -> None:
        org = tree["GC1"]
        with pytest.raises(DomainError, match="không có trong danh mục"):
            actions.do_set_unit_type(org, unit_type="PLANET", acting_user=None)
        before = AuditEvent.objects.count()
        actions.do_set_unit_type(org, unit_type="", acting_user=None)  # as shown: no change
        assert AuditEvent.objects.count() == before
        actions.do_dissolve_organisation(
            tree["GC2"], decision=decision(dt.date(2022, 1, 1)), acting_user=None
        )
        with pytest.raises(DomainError, match="đã kết thúc hoạt động"):
            actions.do_set_unit_type(
                Organisation.objects.get(code="GC2"), unit_type=UnitType.AGENCY, acting_user=None
            )
        with pytest.raises(DomainError, match="không có trong danh mục"):
            actions.do_create_organisation(
                code="GC9",
                name="Chi bộ mới",
                kind=OrgKind.GRASSROOTS_CELL,
                parent=tree["BLOC"],
                decision=decision(dt.date(2021, 1, 1)),
                acting_user=None,
                unit_type="junk",
            )
        assert not Organisation.objects.filter(code="GC9").exists()


class TestPages:
    def test_the_page_shows_saves_and_refuses_junk(
        self, client: Client, cast: dict[str, Any], tree: dict[str, Any]
    ) -> None:
        client.force_login(cast["officer"])
        url = reverse("orgs:unit_type", args=["GC1"])
        page = client.get(url)
        assert page.status_code == 200 and "Loại hình đơn vị" in page.content.decode()
        junk = client.post(url, {"unit_type": "<script>"})
        assert junk.status_code == 200
        assert "Hãy chọn" in junk.content.decode() or "không có" in junk.content.decode()
        saved = client.post(url, {**seen("GC1"), "unit_type": UnitType.COMMUNE}, follow=True)
        assert "Đã ghi loại hình đơn vị." in saved.content.decode()
        assert UnitType.COMMUNE.label in saved.content.decode()
        assert Organisation.objects.get(code="GC1").unit_type == UnitType.COMMUNE

    def test_someone_without_the_right_cannot_change_it(
        self, client: Client, cast: dict[str, Any], tree: dict[str, Any]
    ) -> None:
        client.force_login(cast["cell"])
        response = client.post(
            reverse("orgs:unit_type", args=["GC1"]), {**seen("GC1"), "unit_type": "AGENCY"}
        )
        assert response.status_code in (403, 404)
        assert Organisation.objects.get(code="GC1").unit_type == ""


class TestImport:
    def test_founds_with_it_fills_a_blank_and_refuses_a_different_one(
        self, tree: dict[str, Any], admin_user: Any
    ) -> None:
        report = run([org_row("GC9", "Chi bộ Xã An Hòa", UnitType.COMMUNE.label)], admin_user)
        assert report.ok and report.created == 1
        assert Organisation.objects.get(code="GC9").unit_type == UnitType.COMMUNE
        again = run([org_row("GC9", "Chi bộ Xã An Hòa", UnitType.COMMUNE.label)], admin_user)
        assert again.ok and again.unchanged == 1
        filled = run([org_row("GC1", "Chi bộ Sở Tư pháp", UnitType.AGENCY.label)], admin_user)
        assert filled.ok and filled.created == 1
        assert Organisation.objects.get(code="GC1").unit_type == UnitType.AGENCY
        clash = run([org_row("GC9", "Chi bộ Xã An Hòa", UnitType.ENTERPRISE.label)], admin_user)
        assert not clash.ok
        message = clash.problems[0].message
        assert UnitType.COMMUNE.label in message and UnitType.ENTERPRISE.label in message
        assert Organisation.objects.get(code="GC9").unit_type == UnitType.COMMUNE


class TestDuesRetention:
    def test_a_commune_keeps_ninety_percent_an_agency_seventy(
        self,
        tree: dict[str, Any],
        dues_books: dict[str, Any],  # noqa: F811
    ) -> None:
        march = dt.date(2023, 3, 1)
        pay(tree["GC1"], march, dues_books["em"], amount=10_000)
        agency = books.book(tree["GC1"], march, march)
        assert (agency.kept[0], agency.sent_up[0]) == (Decimal(7_000), Decimal(3_000))
        actions.do_set_unit_type(tree["GC1"], unit_type=UnitType.COMMUNE, acting_user=None)
        tree["GC1"].refresh_from_db()
        commune = books.book(tree["GC1"], march, march)
        assert (commune.kept[0], commune.sent_up[0]) == (Decimal(9_000), Decimal(1_000))

    def test_a_committee_has_no_book_and_is_sent_to_its_level_report(
        self, client: Client, admin_user: Any, tree: dict[str, Any]
    ) -> None:
        client.force_login(admin_user)
        response = client.get(reverse("dues:book", args=["GK1"]), {"tu": "01/2023"}, follow=True)
        assert response.redirect_chain[0][0].startswith(reverse("dues:report"))
        text = response.content.decode()
        assert "không trực tiếp thu đảng phí" in text
        assert "Đảng bộ Sở Y tế" in text
