"""Imports of class learners, the catalogue of resolutions and contests: a clean file, the
same file again (nothing changes), refusals named by column, and the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dangvu.core.importing import Report, get_kind, run_import
from dangvu.education.models import ClassLearner, Contest, PoliticalClass, Resolution
from dangvu.education.tests.helpers import candidate, klass
from dangvu.lib import sheets
from dangvu.members.models import AdmissionCandidate
from dangvu.members.tests.factories import existing
from dangvu.orgs.models import Organisation

pytestmark = pytest.mark.django_db

D = dt.date
CANDIDATE_CLASS = "Lớp nhận thức về Đảng khóa 1/2023"
MEMBER_CLASS = "Lớp đảng viên mới khóa 1/2023"


def _rows(code: str, rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    headers = [c.header for c in get_kind(code).columns]
    return headers, [[row.get(h, "") for h in headers] for row in rows]


def _run(code: str, rows: list[dict[str, Any]], user: Any) -> Report:
    headers, cells = _rows(code, rows)
    return run_import(
        get_kind(code),
        sheets.write_csv(headers, cells),
        "tep.csv",
        user=user,
        scope=Organisation.objects.all(),
        commit=True,
    )


def _cli(code: str, rows: list[dict[str, Any]], tmp_path: Path) -> str:
    headers, cells = _rows(code, rows)
    path = tmp_path / f"{code}.xlsx"
    path.write_bytes(sheets.write_table(headers, cells))
    out = __import__("io").StringIO()
    call_command("import_records", code, str(path), stdout=out)
    return out.getvalue()


def _columns(report: Report) -> dict[int, str | None]:
    return {p.row: p.column for p in report.problems}


@pytest.fixture
def classes(tree: dict[str, Any]) -> dict[str, Any]:
    """A candidate class and a new-member class of the bloc, both ended, with their people."""
    return {
        "candidate_class": klass(
            tree["BLOC"], D(2023, 3, 6), D(2023, 3, 10), PoliticalClass.Kind.CANDIDATE,
            CANDIDATE_CLASS,
        ),
        "member_class": klass(tree["BLOC"], D(2023, 4, 17), D(2023, 4, 22), name=MEMBER_CLASS),
        "lan": candidate(
            tree["C11"], D(2022, 10, 3), name="Phạm Thị Lan", identity_number="052098000111"
        ),
        "hoa": candidate(tree["C21"], D(2022, 11, 7), name="Võ Thị Hoa", birth=D(1999, 2, 14)),
        "minh": existing(
            tree["C12"], D(2020, 1, 1), D(2018, 5, 3), "Đỗ Văn Minh", identity_number="052095000222"
        ),
    }  # fmt: skip


def _learner(name: str, ident: str = "", birth: dt.date | None = None, **more: Any) -> dict:
    klass_name = more.pop("klass", CANDIDATE_CLASS)
    start = more.pop("start", D(2023, 3, 6))
    return {
        "Tên lớp": klass_name,
        "Đơn vị tổ chức": "BLOC",
        "Ngày khai giảng": start.strftime("%d/%m/%Y"),
        "Họ và tên": name,
        "Số CCCD": ident,
        "Ngày sinh": birth.strftime("%d/%m/%Y") if birth else "",
        **more,
    }


def test_learners_import_by_identity_or_by_name_and_birth_once(
    classes: dict[str, Any], admin_user: Any
) -> None:
    rows = [
        _learner(
            "Phạm Thị Lan", "052098000111", **{"Hoàn thành": "Có", "Số giấy chứng nhận": "01"}
        ),
        _learner("vo thi hoa", birth=D(1999, 2, 14), **{"Hoàn thành": "Có"}),
        _learner("Đỗ Văn Minh", "052095000222", klass=MEMBER_CLASS, start=D(2023, 4, 17)),
    ]  # fmt: skip
    report = _run("class-learners", rows, admin_user)
    assert report.ok and report.created == 3, report.lines()
    lan = ClassLearner.objects.get(candidate=classes["lan"])
    assert lan.completed and lan.certificate_number == "01"
    assert lan.political_class == classes["candidate_class"]
    # A candidate who completes the candidate class has that step of the file filled in.
    classes["lan"].refresh_from_db()
    assert classes["lan"].class_completed_on == D(2023, 3, 10)
    assert classes["lan"].stage == AdmissionCandidate.Stage.CLASS_DONE
    assert ClassLearner.objects.get(member=classes["minh"]).completed is False

    again = _run("class-learners", rows, admin_user)
    assert again.ok and again.unchanged == 3 and again.created == 0, again.lines()
    assert ClassLearner.objects.count() == 3

    # Completion recorded later for a learner already on the list.
    rows[2]["Hoàn thành"] = "Có"
    later = _run("class-learners", rows, admin_user)
    assert later.ok and later.created == 1 and later.unchanged == 2, later.lines()
    assert ClassLearner.objects.get(member=classes["minh"]).completed


def test_bad_learner_rows_are_refused_by_column(classes: dict[str, Any], admin_user: Any) -> None:
    rows = [
        _learner("Phạm Thị Lan", "052098000111", klass="Lớp không có"),  # 2: no such class
        _learner("Phạm Thị Lan", "052098000999"),  # 3: no such identity
        _learner("Trần Văn Lan", "052098000111"),  # 4: the number is someone else's
        _learner("Võ Thị Hoa"),  # 5: neither identity nor birth date
        _learner("Võ Thị Hoa", birth=D(1999, 2, 15)),  # 6: wrong birth date
        # 7: a member in the candidate class (the class takes candidates only)
        _learner("Đỗ Văn Minh", "052095000222"),
        _learner("Phạm Thị Lan", "052098000111", **{"Số giấy chứng nhận": "02"}),  # 8
        _learner("Phạm Thị Lan", "052098000111", **{"Hoàn thành": "Chưa rõ"}),  # 9
        _learner("Phạm Thị Lan", "052098000111", start=D(2023, 3, 7)),  # 10: wrong start
    ]
    report = _run("class-learners", rows, admin_user)
    assert _columns(report) == {
        2: "Tên lớp",
        3: "Số CCCD",
        4: "Họ và tên",
        5: "Ngày sinh",
        6: "Họ và tên",
        7: "Số CCCD",
        8: "Số giấy chứng nhận",
        9: "Hoàn thành",
        10: "Tên lớp",
    }, report.lines()
    assert not report.committed and not ClassLearner.objects.exists()
    assert "quần chúng ưu tú" in report.problems[5].message
    # The same person twice in one file is one learner.
    twice = [_learner("Phạm Thị Lan", "052098000111")] * 2
    report = _run("class-learners", twice, admin_user)
    assert report.ok and report.created == 1 and report.unchanged == 1, report.lines()
    assert ClassLearner.objects.count() == 1


def test_a_completion_cannot_be_taken_back_by_import(
    classes: dict[str, Any], admin_user: Any
) -> None:
    done = [_learner("Phạm Thị Lan", "052098000111", **{"Hoàn thành": "Có"})]
    assert _run("class-learners", done, admin_user).created == 1
    undone = [_learner("Phạm Thị Lan", "052098000111", **{"Hoàn thành": "Không"})]
    report = _run("class-learners", undone, admin_user)
    assert _columns(report) == {2: "Hoàn thành"}, report.lines()
    assert ClassLearner.objects.get().completed


def test_learners_from_the_command_line(
    classes: dict[str, Any], admin_user: Any, tmp_path: Path
) -> None:
    rows = [_learner("Phạm Thị Lan", "052098000111", **{"Hoàn thành": "Có"})]
    out = _cli("class-learners", rows, tmp_path)
    assert "1 mới" in out and "Đã ghi vào cơ sở dữ liệu." in out
    assert "0 mới, 1 đã có" in _cli("class-learners", rows, tmp_path)
    with pytest.raises(CommandError):
        _cli("class-learners", [_learner("Ai Đó", "052000000000")], tmp_path)
    assert ClassLearner.objects.count() == 1


RESOLUTIONS = [
    {
        "Số hiệu văn bản": "27-NQ/TW",
        "Tên văn bản": "Nghị quyết Hội nghị Trung ương 6 khóa XIII",
        "Cơ quan ban hành": "Ban Chấp hành Trung ương Đảng",
        "Khóa": "XIII",
        "Ngày ban hành": "09/11/2022",
    },
    {
        "Số hiệu văn bản": "01-KL/TW",
        "Tên văn bản": "Kết luận về tiếp tục thực hiện Chỉ thị 05-CT/TW",
        "Cơ quan ban hành": "Bộ Chính trị",
        "Khóa": "",
        "Ngày ban hành": "18/05/2021",
    },
]


def test_resolutions_import_once_and_study_returns_then_find_them(
    tree: dict[str, Any], admin_user: Any
) -> None:
    report = _run("resolutions", RESOLUTIONS, admin_user)
    assert report.ok and report.created == 2, report.lines()
    assert Resolution.objects.get(number="27-NQ/TW").issued_on == D(2022, 11, 9)
    again = _run("resolutions", RESOLUTIONS, admin_user)
    assert again.ok and again.unchanged == 2 and Resolution.objects.count() == 2
    study = [
        {
            "Số hiệu văn bản": "27-nq/tw",
            "Tổ chức báo cáo": "GC1",
            "Ngày học tập": "10/01/2023",
            "Đảng viên tham gia": "0",
            "Tổng số đảng viên": "0",
        }
    ]
    assert _run("study-returns", study, admin_user).created == 1


def test_bad_resolution_rows_are_refused_by_column(tree: dict[str, Any], admin_user: Any) -> None:
    future = (dt.date.today() + dt.timedelta(days=40)).strftime("%d/%m/%Y")
    rows = [
        {**RESOLUTIONS[0], "Tên văn bản": ""},
        {**RESOLUTIONS[0], "Ngày ban hành": "31/02/2022"},
        {**RESOLUTIONS[1], "Ngày ban hành": future},
    ]
    report = _run("resolutions", rows, admin_user)
    assert _columns(report) == {2: "Tên văn bản", 3: "Ngày ban hành", 4: "Ngày ban hành"}
    assert not Resolution.objects.exists()


def test_resolutions_from_the_command_line(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path
) -> None:
    assert "2 mới" in _cli("resolutions", RESOLUTIONS, tmp_path)
    assert "0 mới, 2 đã có" in _cli("resolutions", RESOLUTIONS, tmp_path)


CONTEST = {
    "Tên hội thi, cuộc thi": "Cuộc thi chính luận về bảo vệ nền tảng tư tưởng của Đảng",
    "Đơn vị tổ chức": "BLOC",
    "Ngày bắt đầu": "01/04/2023",
    "Ngày kết thúc (tổng kết)": "31/08/2023",
    "Ghi chú": "Lần thứ Ba",
}


def test_contests_import_once_and_take_their_entries(tree: dict[str, Any], admin_user: Any) -> None:
    other = {
        **CONTEST,
        "Tên hội thi, cuộc thi": "Hội thi Bí thư chi bộ giỏi",
        "Đơn vị tổ chức": "GK1",
    }
    report = _run("contests", [CONTEST, other], admin_user)
    assert report.ok and report.created == 2, report.lines()
    assert Contest.objects.get(organiser=tree["GK1"]).end_date == D(2023, 8, 31)
    again = _run("contests", [CONTEST, other], admin_user)
    assert again.ok and again.unchanged == 2 and Contest.objects.count() == 2
    entry = {
        "Hội thi": CONTEST["Tên hội thi, cuộc thi"],
        "Năm": "2023",
        "Tổ chức dự thi": "C11",
        "Tác giả, thí sinh": "Lê Văn Thi",
        "Tên bài, tác phẩm": "Giữ vững trận địa tư tưởng",
    }
    assert _run("contest-entries", [entry], admin_user).created == 1


def test_bad_contest_rows_are_refused_by_column(tree: dict[str, Any], admin_user: Any) -> None:
    rows = [
        {**CONTEST, "Ngày kết thúc (tổng kết)": "01/03/2023"},  # ends before it starts
        {**CONTEST, "Đơn vị tổ chức": "KHONGCO"},
        {**CONTEST, "Ngày bắt đầu": "01/04/2019"},  # before the organiser was founded
        {**CONTEST, "Tên hội thi, cuộc thi": ""},
    ]  # fmt: skip
    report = _run("contests", rows, admin_user)
    assert _columns(report) == {
        2: "Ngày kết thúc (tổng kết)",
        3: "Đơn vị tổ chức",
        4: "Đơn vị tổ chức",
        5: "Tên hội thi, cuộc thi",
    }, report.lines()
    assert not Contest.objects.exists()


def test_contests_from_the_command_line(
    tree: dict[str, Any], admin_user: Any, tmp_path: Path
) -> None:
    assert "1 mới" in _cli("contests", [CONTEST], tmp_path)
    assert "0 mới, 1 đã có" in _cli("contests", [CONTEST], tmp_path)
