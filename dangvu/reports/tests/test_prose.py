"""The report's sentences: number formatting, comparisons, and sentences left out."""

from __future__ import annotations

import datetime as dt

import pytest

from dangvu.lib.vnformat import fmt_change, fmt_count, fmt_percent, fmt_quantity
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.reports import prose
from dangvu.reports.annual import AnnualReport, ReportFigure
from dangvu.reports.registry import Period, PlannedTask

# The sections follow a dated rule (the boards merged in 2025), read from the database.
pytestmark = pytest.mark.django_db


def fig(
    code: str, value: float | None, previous: float | None = None, **kw: object
) -> ReportFigure:
    return ReportFigure(
        code,
        kw.get("label", code),  # type: ignore[arg-type]
        kw.get("unit", "người"),  # type: ignore[arg-type]
        True,
        value,
        previous,
        kw.get("plan"),  # type: ignore[arg-type]
        kw.get("breakdown", {}),  # type: ignore[arg-type]
        kw.get("url"),  # type: ignore[arg-type]
    )


def report(*figures: ReportFigure, tasks: list[PlannedTask] | None = None) -> AnnualReport:
    org = Organisation(code="KHOI", name="Đảng bộ Khối các cơ quan tỉnh", kind=OrgKind.BLOC)
    return AnnualReport(
        organisation=org,
        year=2023,
        period=Period.year(2023),
        previous_period=Period.year(2022),
        name=org.name,
        kind=OrgKind.BLOC,
        superior_name="Đảng bộ tỉnh Bình Định",
        figures={f.code: f for f in figures},
        members_history=[],
        admissions_history=[],
        tasks=tasks or [],
        generated_on=dt.date(2024, 1, 30),
    )


def text(r: AnnualReport) -> str:
    return "\n".join(p.text for s in prose.compose_sections(r) for p in s.paragraphs)


def test_vietnamese_number_formatting() -> None:
    assert fmt_count(2) == "02"
    assert fmt_count(5136) == "5.136"
    assert fmt_percent(4.1234) == "4,12%"
    assert fmt_quantity(6, "lớp") == "06 lớp"
    assert fmt_change(713, 543, "năm 2022") == "tăng 31,3% so với năm 2022"
    assert fmt_change(90, 100, "năm 2022") == "giảm 10% so với năm 2022"
    assert fmt_change(100, 100, "năm 2022") == "bằng năm 2022"
    assert fmt_change(5, None, "năm 2022") == ""
    assert fmt_change(5, 0, "năm 2022") == ""


def test_counts_below_ten_are_zero_padded_and_percentages_use_a_comma() -> None:
    r = report(
        fig("members.admitted", 210, plan=210),
        fig("members.admitted.pct_start", 4.1234, unit="%"),
        fig("members.end", 5136, 5000, breakdown={"Chính thức": 4900, "Dự bị": 236}),
        fig("orgs.dissolved", 1),
        fig("education.candidate_classes", 6),
        fig("education.candidate_learners", 408),
    )
    body = text(r)
    assert "kết nạp 210 đảng viên mới (đạt 100% kế hoạch năm, bằng 4,12% tổng số" in body
    assert "5.136 đảng viên (4.900 chính thức, 236 dự bị; tăng 2,7% so với năm 2022)" in body
    assert "kết thúc hoạt động 01 tổ chức đảng" in body
    assert (
        "mở 06 lớp bồi dưỡng lý luận chính trị cho đối tượng kết nạp Đảng cho 408 quần chúng ưu tú"
        in body
    )


def test_sentences_whose_figure_is_zero_or_unknown_are_left_out() -> None:
    r = report(
        fig("members.confirmed", 0),
        fig("members.cards_issued", None),
        fig("members.transferred_in", 12),
        fig("discipline.members", 0),
    )
    body = text(r)
    assert "chuyển đảng chính thức" not in body
    assert "thẻ đảng viên" not in body
    assert "tiếp nhận 12 đảng viên" in body
    assert "kỷ luật" not in body
    titles = [s.title for s in prose.compose_sections(r)]
    # The inspection section has no sentence left, so it is left out and the rest renumbered.
    assert titles == ["I. Công tác tổ chức xây dựng Đảng", "II. Nhiệm vụ trọng tâm năm 2024"]


def test_comparisons_with_the_previous_year_are_stated() -> None:
    r = report(
        fig("personnel.political_conclusions", 713, 543),
        fig(
            "discipline.members", 12, 12, breakdown={"Khai trừ": 1, "Cảnh cáo": 2, "Khiển trách": 9}
        ),
    )
    body = text(r)
    assert "kết luận tiêu chuẩn chính trị 713 trường hợp (tăng 31,3% so với năm 2022)" in body
    # The comparison follows the total it compares, before the forms that make it up.
    assert (
        "12 đảng viên (bằng năm 2022), trong đó khai trừ 01 đảng viên, cảnh cáo 02 đảng viên"
        in body
    )


def test_a_figure_run_keeps_its_code_and_link() -> None:
    r = report(fig("members.transferred_in", 12, url="/members/?to_chuc=KHOI"))
    runs = [run for s in prose.compose_sections(r) for p in s.paragraphs for run in p.runs]
    linked = [run for run in runs if run.code == "members.transferred_in"]
    assert linked and linked[0].href == "/members/?to_chuc=KHOI"
    assert linked[0].text == "12 đảng viên"


def test_next_years_tasks_come_from_the_plans_in_their_order() -> None:
    r = report(
        fig("members.admitted", 5),
        tasks=[
            PlannedTask("Chuẩn bị đại hội chi, đảng bộ cơ sở nhiệm kỳ 2025 - 2030"),
            PlannedTask("Nâng cao chất lượng sinh hoạt chi bộ", "Sinh hoạt chuyên đề hằng quý."),
        ],
    )
    tasks = prose.compose_sections(r)[-1]
    assert tasks.title == "II. Nhiệm vụ trọng tâm năm 2024"
    assert [p.text for p in tasks.paragraphs] == [
        "Một là, chuẩn bị đại hội chi, đảng bộ cơ sở nhiệm kỳ 2025 - 2030.",
        "Hai là, nâng cao chất lượng sinh hoạt chi bộ. Sinh hoạt chuyên đề hằng quý.",
    ]


def test_a_report_without_data_says_so_and_states_no_figure() -> None:
    r = report(fig("members.end", 0), fig("members.admitted", None))
    sections = prose.compose_sections(r)
    assert len(sections) == 1
    assert sections[0].paragraphs[0].text.startswith("Không có số liệu")


def test_the_issuing_body_is_the_committee() -> None:
    assert prose.issuing_body("Đảng bộ Khối các cơ quan tỉnh", OrgKind.BLOC) == (
        "Đảng ủy Khối các cơ quan tỉnh"
    )
    assert prose.issuing_body("Chi bộ Sở Tư pháp", OrgKind.GRASSROOTS_CELL) == "Chi bộ Sở Tư pháp"


def test_transfers_are_one_figure_with_each_direction() -> None:
    r = report(
        fig("members.transfers", 201),
        fig("members.transferred_in", 102),
        fig("members.transferred_out", 99),
    )
    assert "tiếp nhận và chuyển sinh hoạt đảng cho 201 đảng viên (tiếp nhận 102 đảng viên, " in (
        text(r)
    )


def test_the_committees_own_inspections_are_told_apart_from_the_grassroots() -> None:
    levels = {"Ban Thường vụ": 0, "Ủy ban Kiểm tra": 10, "Các ban của cấp ủy": 5, "Chi bộ": 40}
    r = report(
        fig("inspection.programme_done", 17),
        fig("inspection.inspected_orgs", 55, breakdown=levels),
        fig("inspection.inspected_members", 3, breakdown={"Ủy ban Kiểm tra": 3}),
        fig("inspection.cells_inspected_by_grassroots", 70),
        fig("inspection.members_checked_by_cells", 2610),
    )
    body = text(r)
    assert "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh đã hoàn thành 17 cuộc kiểm tra" in body
    assert (
        "Ủy ban Kiểm tra và các ban của cấp ủy đã kiểm tra 15 tổ chức đảng và 03 đảng viên." in body
    )
    assert "Các đảng ủy cơ sở đã kiểm tra 70 chi bộ." in body
    assert "Các chi bộ đã kiểm tra việc chấp hành của 2.610 đảng viên." in body


def test_mass_organisations_congresses_and_ratings() -> None:
    r = report(
        fig("massorgs.congresses", 3, breakdown={"Công đoàn": 2, "Đoàn Thanh niên": 1}),
        fig("massorgs.ratings", 1),
    )
    body = text(r)
    assert "tổ chức thành công 03 đại hội đoàn thể (công đoàn: 02, đoàn Thanh niên: 01)" in body
    assert "Có 01 tổ chức đoàn thể được đánh giá hoàn thành xuất sắc nhiệm vụ năm 2023." in body


def test_charts_leave_out_the_years_before_records_began() -> None:
    from dangvu.reports import charts

    r = report(fig("members.end", 5136))
    r.members_history = [(2019, 0), (2020, 0), (2022, 5097), (2023, 5136)]
    r.admissions_history = [(2019, 0, None), (2022, 200, None), (2023, 210, 210)]
    assert charts._from_first_record(r.members_history) == [(2022, 5097), (2023, 5136)]
    assert charts.members_chart(r, "svg") is not None
    assert charts.admissions_chart(r, "svg") is not None
    r.members_history = [(2019, 0)]
    r.admissions_history = [(2019, 0, None)]
    assert charts.members_chart(r, "svg") is None
    assert charts.admissions_chart(r, "svg") is None


def _sentences(body: str) -> list[str]:
    return [s.strip() for line in body.splitlines() for s in line.split(". ") if s.strip()]


def test_every_figure_alone_still_gives_whole_sentences() -> None:
    """A report where only one figure has a value (a first year, a small cell): each
    sentence left must still read as one — capitalised, no clause of another figure's
    sentence stranded ("Trong năm 2023, toàn Đảng bộ đã đến 31/12/2023, …")."""
    from dangvu.reports.registry import indicators

    for indicator in indicators():
        unit = "%" if indicator.code.endswith("pct_start") or "pct" in indicator.code else "người"
        body = text(report(fig(indicator.code, 7, unit=unit)))
        for sentence in _sentences(body):
            assert sentence[0].isupper() or sentence[0].isdigit(), (indicator.code, sentence)
            assert "đã đến" not in sentence, (indicator.code, sentence)
            assert not sentence.startswith(("; ", ", ")), (indicator.code, sentence)
            assert "; ." not in sentence and ", ." not in sentence, (indicator.code, sentence)
