"""The rating's output pages: the results tables with Excel, the members by grade with
Excel in party order, the due list; scope, notices for junk filters."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from dangvu.rating.tests.test_queries import E, rated  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _cells(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


class TestResultsPage:
    def test_the_tables_and_the_excel_file(
        self,
        client: Client,
        admin_user: Any,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        client.force_login(admin_user)
        page = client.get("/rating/ket-qua/", {"to_chuc": "BLOC", "nam": "2023"})
        assert page.status_code == 200
        text = page.content.decode()
        assert "Hoàn thành xuất sắc nhiệm vụ" in text and "Đảng bộ Sở Y tế" in text
        assert "25%" in text  # one of four graded members is excellent
        assert "Năm 2022" in text
        xlsx = client.get("/rating/ket-qua/", {"to_chuc": "BLOC", "nam": "2023", "xuat": "xlsx"})
        assert xlsx.status_code == 200
        rows = _cells(xlsx.content)
        flat = [str(v) for row in rows for v in row if v is not None]
        assert "Tổng cộng" in flat and "Năm 2022" in flat

    def test_a_user_sees_only_their_subtree(
        self,
        client: Client,
        cast: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        client.force_login(cast["grassroots"])
        page = client.get("/rating/ket-qua/")
        assert page.status_code == 200
        assert "Đảng bộ Sở Y tế" in page.content.decode()
        assert client.get("/rating/ket-qua/", {"to_chuc": "GK2"}).status_code == 404

    def test_junk_filters_get_a_notice(
        self,
        client: Client,
        admin_user: Any,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        client.force_login(admin_user)
        for url in ("/rating/ket-qua/", "/rating/theo-muc/", "/rating/chua-xep-loai/"):
            page = client.get(url, {"to_chuc": "BLOC", "nam": "x9", "xep_loai": "???"})
            assert page.status_code == 200, url
            assert "Năm «x9» không hợp lệ" in page.content.decode(), url
        page = client.get("/rating/theo-muc/", {"to_chuc": "BLOC", "xep_loai": "???"})
        assert "Mức xếp loại «???» không có" in page.content.decode()
        assert client.get("/rating/ket-qua/", {"to_chuc": "KHONGCO"}).status_code == 404


class TestByGrade:
    def test_the_list_and_its_excel_in_party_order(
        self,
        client: Client,
        admin_user: Any,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        client.force_login(admin_user)
        page = client.get("/rating/theo-muc/", {"to_chuc": "BLOC", "nam": "2023", "xep_loai": E})
        text = page.content.decode()
        assert "Nguyễn Văn An" in text and "Trần Thị Bình" not in text
        xlsx = client.get("/rating/theo-muc/", {"to_chuc": "GK1", "nam": "2023", "xuat": "xlsx"})
        names = [
            row[1]
            for row in _cells(xlsx.content)
            if row[1] in {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}
        ]
        # the Party's order: by given name (An, Bình, Cường)
        assert names == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]


class TestDuePage:
    def test_the_unrated_and_those_failing_two_years_with_the_statute(
        self,
        client: Client,
        admin_user: Any,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        client.force_login(admin_user)
        page = client.get("/rating/chua-xep-loai/", {"to_chuc": "BLOC", "nam": "2023"})
        text = page.content.decode()
        assert "Võ Thị Giang" in text and "Đỗ Thị Hoa" in text
        assert "Phạm Văn Dũng" in text
        assert "Điều lệ Đảng, Điều 8" in text


class TestDueGroups:
    def test_failing_two_years_running_is_flagged_on_the_home_page(
        self,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        import datetime as dt

        from dangvu.core.due import due_for

        groups = {g.key: g for g in due_for(tree["BLOC"], dt.date(2024, 3, 1))}
        failing = groups["rating_failing"]
        assert failing.count == 1 and failing.overdue == 1
        assert "Phạm Văn Dũng" in failing.lines[0].text
        assert "Điều lệ Đảng" in failing.lines[0].text
        assert "nam=2023" in failing.url
        gk1 = {g.key for g in due_for(tree["GK1"], dt.date(2024, 3, 1))}
        assert "rating_failing" not in gk1

    def test_the_case_stays_until_the_next_years_decision(
        self,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        import datetime as dt

        from dangvu.core.due import due_for
        from dangvu.rating.models import Grade, MemberRating
        from dangvu.rating.tests.test_queries import rate

        # 2024's round is open and dung is proposed but not decided: still flagged
        rate(rated["dung"], tree["C21"], tree["GK2"], 2024, Grade.GOOD, decided=False)
        day = dt.date(2024, 12, 15)
        assert "rating_failing" in {g.key for g in due_for(tree["BLOC"], day)}
        MemberRating.objects.filter(member=rated["dung"], year=2024).update(
            decided_on=dt.date(2024, 12, 20)
        )
        assert "rating_failing" not in {g.key for g in due_for(tree["BLOC"], day)}
        # two years on, 2022–2023 is no longer due
        MemberRating.objects.filter(member=rated["dung"], year=2024).delete()
        assert "rating_failing" not in {g.key for g in due_for(tree["BLOC"], dt.date(2025, 3, 1))}

    def test_the_open_rounds_members_not_yet_rated_near_its_deadline(
        self,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        import datetime as dt

        from dangvu.core.due import due_for
        from dangvu.rating.models import RatingRound

        RatingRound.objects.create(
            organisation=tree["BLOC"],
            year=2023,
            opened_on=dt.date(2023, 11, 20),
            deadline=dt.date(2024, 1, 15),
        )
        far = {g.key for g in due_for(tree["BLOC"], dt.date(2023, 11, 25), within_days=30)}
        assert "rating_unrated" not in far
        near = {g.key: g for g in due_for(tree["BLOC"], dt.date(2024, 1, 5), within_days=30)}
        unrated = near["rating_unrated"]
        assert unrated.count == 3 and unrated.overdue == 0
        late = {g.key: g for g in due_for(tree["GC1"], dt.date(2024, 1, 20))}
        assert late["rating_unrated"].overdue == 3
        assert "to_chuc=GC1" in late["rating_unrated"].url
        assert "rating_unrated" not in {g.key for g in due_for(tree["GK1"], dt.date(2024, 1, 20))}


class TestMemberPage:
    def test_grades_by_year_with_corrections_marked(
        self,
        client: Client,
        admin_user: Any,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        import datetime as dt

        from django.utils import timezone

        from dangvu.rating.models import Grade, MemberRating

        first = MemberRating.objects.get(member=rated["binh"], year=2023)
        first.voided_at = timezone.now()
        first.save()
        MemberRating.objects.create(
            member=rated["binh"],
            organisation=first.organisation,
            grassroots=first.grassroots,
            year=2023,
            grade=Grade.EXCELLENT,
            decided_on=dt.date(2024, 1, 10),
            as_of=dt.date(2023, 12, 31),
            correction_of=first,
            correction_reason="Sai sót khi tổng hợp",
        )
        client.force_login(admin_user)
        page = client.get(rated["binh"].get_absolute_url())
        assert page.status_code == 200
        text = page.content.decode()
        panel = text[text.index('data-testid="member-ratings"') :]
        panel = panel[: panel.index("</section>")]
        assert "Xếp loại chất lượng qua các năm" in text
        assert "Năm 2023" in panel and "Hoàn thành xuất sắc nhiệm vụ" in panel
        assert "đã sửa" in panel and "Quyết định đầu: Hoàn thành tốt nhiệm vụ" in panel
        assert "Năm 2022" in panel


class TestDefaultYears:
    def test_results_open_on_the_latest_decisions_and_the_due_list_on_the_round(
        self,
        tree: dict[str, Any],
        rated: Any,  # noqa: F811
    ) -> None:
        import datetime as dt

        from dangvu.rating import queries
        from dangvu.rating.models import RatingRound

        day = dt.date(2024, 12, 10)
        assert queries.results_year(day) == 2023
        assert queries.default_year(day) == 2023
        RatingRound.objects.create(
            organisation=tree["BLOC"], year=2024, opened_on=dt.date(2024, 12, 1)
        )
        assert queries.results_year(day) == 2023  # nothing decided for 2024 yet
        assert queries.default_year(day) == 2024
