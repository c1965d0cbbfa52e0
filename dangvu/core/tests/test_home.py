"""The home page per role: each person sees the figures, due items and recent changes of
their own scope only; administrators also see sign-in problems and background work; the
page's queries do not grow with the number of members."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dangvu.accounts.models import Role
from dangvu.audit.models import AuditEvent
from dangvu.core.models import ImportJob
from dangvu.members.tests.factories import admit, existing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0), tick=False):
        yield


@pytest.fixture
def people(tree: dict[str, Any], cast: dict[str, Any], django_user_model: Any) -> dict[str, Any]:
    """Members in two grassroots organisations, and the users who look at them."""
    existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2010, 3, 1), "Ngô Văn Y Tế")
    admit(tree["C11"], dt.date(2025, 12, 8), "Trần Thị Dự Bị Y Tế")
    existing(tree["C21"], dt.date(2020, 1, 1), dt.date(2010, 3, 1), "Bùi Văn Tài Chính")
    office = django_user_model.objects.create_user("vanphong", password="Mat-khau-2024!")
    Role.objects.create(user=office, organisation=tree["BLOC"], kind=Role.Kind.BOARD_OFFICE)
    admin = django_user_model.objects.create_superuser("quantri", password="Mat-khau-2024!")
    return {"office": office, "cell": cast["cell"], "nobody": cast["nobody"], "admin": admin}


def page(user: Any) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


class TestScope:
    def test_the_committee_office_sees_the_whole_bloc(self, people: dict[str, Any]) -> None:
        html = page(people["office"])
        assert 'data-org="BLOC"' in html
        assert 'data-testid="members-total">03<' in html
        # Due items: the probation ending in Sở Y tế, the cards of both.
        assert 'data-key="probation"' in html and "Trần Thị Dự Bị Y Tế" in html
        assert "Bùi Văn Tài Chính" in html and "Ngô Văn Y Tế" in html
        assert 'data-testid="admin-panels"' not in html

    def test_a_cell_secretary_sees_only_their_cell(self, people: dict[str, Any]) -> None:
        html = page(people["cell"])
        assert 'data-org="C21"' in html and 'data-org="BLOC"' not in html
        assert 'data-testid="members-total">01<' in html
        assert "Bùi Văn Tài Chính" in html
        for outside in ("Ngô Văn Y Tế", "Trần Thị Dự Bị Y Tế"):
            assert outside not in html
        assert 'data-testid="admin-panels"' not in html

    def test_a_user_without_a_role_is_told_so(self, people: dict[str, Any]) -> None:
        html = page(people["nobody"])
        assert "chưa được giao vai trò" in html
        assert 'data-testid="org-panel"' not in html

    def test_figures_link_to_their_records(self, people: dict[str, Any]) -> None:
        html = page(people["office"])
        assert "/members/?to_chuc=BLOC&amp;ngay=30%2F11%2F2026" in html
        assert "/reports/figures/?to_chuc=BLOC&amp;nam=2026" in html
        assert "/orgs/?root=BLOC" in html
        # One admission this year (08/12/2025 is last year's): none; members since 1 January.
        assert 'data-testid="admitted">00<' in html


class TestFigures:
    def test_change_since_january_and_admissions_this_year(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        admit(tree["C12"], dt.date(2026, 3, 2), "Mai Văn Mới")
        html = page(people["office"])
        assert 'data-testid="members-total">04<' in html
        assert "+1 từ đầu năm" in html  # members, and probationary members
        assert "trong đó 02 dự bị (+1 từ đầu năm)" in html
        assert 'data-testid="admitted">01<' in html
        assert "chưa có kế hoạch năm" in html

    def test_admissions_against_the_years_plan(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        from dangvu.office import plans
        from dangvu.office.tests.helpers import issued_plan

        admit(tree["C12"], dt.date(2026, 3, 2), "Mai Văn Mới")
        year_plan = issued_plan(tree["BLOC"], 2026)
        plans.do_set_target(year_plan, indicator="members.admitted", target=4, acting_user=None)
        html = page(people["office"])
        assert "kế hoạch năm 4, đạt 25%" in html


class TestDues:
    def test_the_years_dues_and_rate_link_to_the_dues_report(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        from decimal import Decimal

        from dangvu.dues.actions import PaymentRow, do_record_payments, do_set_basis
        from dangvu.members.models import Member

        assert 'data-testid="dues"' not in page(people["office"])  # no dues recorded
        member = Member.objects.get(full_name="Ngô Văn Y Tế")
        do_set_basis(
            member,
            valid_from=dt.date(2026, 1, 1),
            category="STATE",
            income=5_000_000,
            acting_user=None,
        )
        row = PaymentRow(member, Decimal(150_000), dt.date(2026, 1, 10), months=3)
        do_record_payments(tree["C11"], dt.date(2026, 1, 1), [row], acting_user=None)
        html = page(people["office"])
        # January to November owed 11 × 50.000 đ; three months paid.
        assert 'data-testid="dues-collected">150.000 đ<' in html
        assert "đạt 27,3% số phải thu" in html
        assert "/dues/bao-cao/?to_chuc=BLOC&amp;nam=2026" in html
        assert 'data-testid="dues"' not in page(people["cell"])  # C21 has none


class TestLinks:
    def test_every_due_link_opens_for_the_user(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        from dangvu.core.due import due_for_user
        from dangvu.education import actions as education
        from dangvu.inspection import actions as inspection
        from dangvu.inspection.models import Level

        admit(tree["C11"], dt.date(2025, 6, 1), "Lê Văn Quá Hạn")
        inspection.do_receive_complaint(
            kind="COMPLAINT",
            received_date=dt.date(2026, 9, 1),
            sender="Người Gửi",
            subject="Khiếu nại",
            handling_organisation=tree["GK1"],
            handling_level=Level.GRASSROOTS,
            against_organisation=tree["C11"],
            deadline=dt.date(2026, 12, 10),
            acting_user=None,
        )
        education.do_create_resolution(
            name="Nghị quyết",
            number="21-NQ/TW",
            issuing_body="Ban Chấp hành Trung ương",
            issued_on=dt.date(2026, 10, 15),
            acting_user=None,
        )
        ((_, groups),) = due_for_user(people["office"], dt.date(2026, 11, 30))
        keys = {g.key for g in groups}
        assert {"confirmation_overdue", "probation", "cards", "complaints", "returns"} <= keys
        assert "reports" in keys
        client = Client()
        client.force_login(people["office"])
        for g in groups:
            for url in {g.url, *(line.url for line in g.lines)}:
                assert client.get(url).status_code == 200, url


class TestRecentChanges:
    def test_changes_are_those_of_the_scope(self, people: dict[str, Any]) -> None:
        office = page(people["office"])
        cell = page(people["cell"])
        changes = office.split('data-testid="changes"')[1]
        assert "Ngô Văn Y Tế" in changes and "Bùi Văn Tài Chính" in changes
        cell_changes = cell.split('data-testid="changes"')[1]
        assert "Bùi Văn Tài Chính" in cell_changes
        assert "Ngô Văn Y Tế" not in cell_changes


class TestImportsAndAdministration:
    def test_imports_in_progress_are_the_users_own(self, people: dict[str, Any]) -> None:
        ImportJob.objects.create(
            user=people["office"], kind="members", filename="danh-sach.xlsx", data=b""
        )
        assert "danh-sach.xlsx" in page(people["office"])
        assert "danh-sach.xlsx" not in page(people["cell"])

    def test_administrators_see_sign_in_problems_and_stuck_work(
        self, people: dict[str, Any]
    ) -> None:
        AuditEvent.objects.create(
            action=AuditEvent.Action.LOGIN_FAILED, username="ai-do", ip="10.0.0.9"
        )
        stuck = ImportJob.objects.create(
            user=people["office"],
            kind="members",
            filename="treo.xlsx",
            data=b"",
            status=ImportJob.Status.WRITING,
        )
        ImportJob.objects.filter(pk=stuck.pk).update(
            created_at=timezone.now() - dt.timedelta(hours=2)
        )
        ImportJob.objects.create(
            user=people["cell"],
            kind="members",
            filename="hong.xlsx",
            data=b"",
            status=ImportJob.Status.FAILED,
        )
        html = page(people["admin"])
        assert 'data-testid="admin-panels"' in html
        sign_in = html.split('data-testid="sign-in"')[1].split('data-testid="background"')[0]
        assert "1 lần đăng nhập sai" in sign_in and "ai-do" in sign_in
        background = html.split('data-testid="background"')[1]
        assert "treo.xlsx" in background and "hong.xlsx" in background
        for user in ("office", "cell"):
            assert (
                "treo.xlsx" not in page(people[user]).split("admin-panels")[0] or user == "office"
            )
            assert 'data-testid="sign-in"' not in page(people[user])


class TestSpeed:
    def test_queries_do_not_grow_with_members(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        client = Client()
        client.force_login(people["office"])
        client.get("/")  # warm caches (rules, content types)
        with CaptureQueriesContext(connection) as few:
            client.get("/")
        for n in range(6):
            existing(tree["C12"], dt.date(2020, 1, 1), dt.date(2011, 3, n + 1), f"Thêm Số {n}")
            admit(tree["C13"], dt.date(2025, 12, 8), f"Dự Bị Số {n}")
        with CaptureQueriesContext(connection) as many:
            client.get("/")
        assert len(many) <= len(few) + 2
        assert len(many) <= 90
