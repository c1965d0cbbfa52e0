"""Admitting through the admissions import closes the candidate's file, as the button does.

The admission decision admits the person whose file the cell prepared (Điều lệ Đảng,
Điều 4; Hướng dẫn 12-HD/BTCTW ngày 18/01/2022, mục 1 on kết nạp đảng viên: the cell's
resolution on the candidate's file, then the committee's decision). So an imported
admission is taken through that file — `candidates.do_admit_candidate`, the function the
admit button calls — with the same checks, and the file is linked and closed. The
person is matched safely: by identity number, or by exact name and birth date within the
organisation; several matches are refused, never guessed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.core.importing import Report, get_kind, run_import
from dangvu.lib import sheets
from dangvu.members import candidates
from dangvu.members.kinds import EventKind, Status
from dangvu.members.models import AdmissionCandidate, Member, MemberEvent
from dangvu.members.tests.factories import person
from dangvu.orgs.models import Organisation

pytestmark = pytest.mark.django_db

BORN = dt.date(1998, 7, 1)
DECIDED = "01/08/2023"
# Both admission imports: the one-kind template and the general ledger import.
KINDS = ["events-admissions", "events"]


def file_ready(
    tree: dict[str, Any], name: str = "Hồ Thị Ưu Tú", cell: str = "C11", **kw: Any
) -> AdmissionCandidate:
    """A candidate whose file has every step the admit button asks for."""
    from dangvu.personnel.actions import do_conclude_political_standard

    c = candidates.do_register_candidate(
        person(name, birth=BORN, sex="F", **kw),
        organisation=tree[cell],
        registered_on=dt.date(2023, 1, 10),
        sponsors="Nguyễn Văn An, Lê Thị Bình",
        acting_user=None,
    )
    candidates.do_record_candidate_progress(
        c,
        class_completed_on=dt.date(2023, 4, 20),
        certificate_number="GCN-15",
        checked_on=dt.date(2023, 6, 1),
        proposed_on=dt.date(2023, 7, 5),
        acting_user=None,
    )
    do_conclude_political_standard(
        purpose="ADMISSION", outcome="MET", date=dt.date(2023, 6, 20), candidate=c, acting_user=None
    )
    c.refresh_from_db()
    return c


def admit_rows(kind: str, user: Any, *rows: dict[str, str]) -> Report:
    headers = [c.header for c in get_kind(kind).columns]
    table = []
    for cells in rows:
        values = {
            "Loại biến động": "Kết nạp",
            "Ngày": DECIDED,
            "Ngày sinh": BORN.strftime("%d/%m/%Y"),
            "Giới tính": "Nữ",
            "Tổ chức": "C11",
            "Số quyết định": "125-QĐ/ĐUK",
            "Ngày lễ kết nạp": "15/08/2023",
            **cells,
        }
        table.append([values.get(h, "") for h in headers])
    return run_import(
        get_kind(kind),
        sheets.write_csv(headers, table),
        "ket-nap.csv",
        user=user,
        scope=Organisation.objects.all(),
        commit=True,
    )


def assert_admitted_through(candidate: AdmissionCandidate) -> Member:
    candidate.refresh_from_db()
    assert candidate.stage == AdmissionCandidate.Stage.ADMITTED
    member = candidate.member
    assert member is not None and member.status == Status.PROBATIONARY
    assert (
        member.full_name == candidate.full_name
        and member.organisation_id == candidate.organisation_id
    )
    assert MemberEvent.objects.filter(member=member, kind=EventKind.ADMITTED).count() == 1
    return member


@pytest.mark.parametrize("kind", KINDS)
def test_an_admission_found_by_identity_number_closes_the_file(
    tree: dict[str, Any], admin_user: Any, kind: str
) -> None:
    c = file_ready(tree, identity_number="052098000111")
    report = admit_rows(kind, admin_user, {"Họ và tên": "Hồ Thị Ưu Tú", "Số CCCD": "052098000111"})
    assert report.ok and report.created == 1, report.lines()
    assert assert_admitted_through(c).identity_number == "052098000111"
    assert Member.objects.count() == 1
    again = admit_rows(kind, admin_user, {"Họ và tên": "Hồ Thị Ưu Tú", "Số CCCD": "052098000111"})
    assert again.ok and again.unchanged == 1, again.lines()


@pytest.mark.parametrize("kind", KINDS)
def test_an_admission_found_by_name_and_birth_date_in_the_cell_closes_the_file(
    tree: dict[str, Any], admin_user: Any, kind: str
) -> None:
    c = file_ready(tree)
    file_ready(tree, cell="C12")  # a namesake followed by another cell stays open
    report = admit_rows(kind, admin_user, {"Họ và tên": "Hồ Thị Ưu Tú", "Số CCCD": "052098000222"})
    assert report.ok and report.created == 1, report.lines()
    # The number the file lacked is kept on the record.
    assert assert_admitted_through(c).identity_number == "052098000222"
    open_files = AdmissionCandidate.objects.filter(member__isnull=True, withdrawn_on__isnull=True)
    assert [o.organisation.code for o in open_files] == ["C12"]


@pytest.mark.parametrize("kind", KINDS)
def test_two_files_of_the_same_name_and_birth_date_are_refused_naming_them(
    tree: dict[str, Any], admin_user: Any, kind: str
) -> None:
    file_ready(tree)
    candidates.do_register_candidate(
        person("Hồ Thị Ưu Tú", birth=BORN, sex="F"),
        organisation=tree["C11"],
        registered_on=dt.date(2023, 3, 2),
        sponsors="Trần Văn Cường",
        acting_user=None,
    )
    report = admit_rows(kind, admin_user, {"Họ và tên": "Hồ Thị Ưu Tú"})
    assert not report.committed
    [problem] = report.problems
    assert problem.column == "Họ và tên"
    assert "Có 2 hồ sơ quần chúng ưu tú" in problem.message
    assert "10/01/2023" in problem.message and "02/03/2023" in problem.message
    assert "Hãy ghi số CCCD" in problem.message
    assert Member.objects.count() == 0


@pytest.mark.parametrize("kind", KINDS)
def test_the_admit_buttons_checks_apply_to_the_import(
    tree: dict[str, Any], admin_user: Any, kind: str
) -> None:
    c = candidates.do_register_candidate(
        person("Hồ Thị Ưu Tú", birth=BORN, sex="F", identity_number="052098000333"),
        organisation=tree["C11"],
        registered_on=dt.date(2023, 1, 10),
        sponsors="Nguyễn Văn An, Lê Thị Bình",
        acting_user=None,
    )
    report = admit_rows(kind, admin_user, {"Họ và tên": "Hồ Thị Ưu Tú", "Số CCCD": "052098000333"})
    assert not report.committed
    [problem] = report.problems
    assert problem.message.startswith("Quần chúng ưu tú Hồ Thị Ưu Tú (")
    assert "Hồ sơ chưa đủ để kết nạp" in problem.message
    c.refresh_from_db()
    assert c.member_id is None and Member.objects.count() == 0


@pytest.mark.parametrize("kind", KINDS)
def test_a_file_at_another_cell_or_stopped_is_refused_saying_which(
    tree: dict[str, Any], admin_user: Any, kind: str
) -> None:
    file_ready(tree, cell="C12", identity_number="052098000444")
    report = admit_rows(kind, admin_user, {"Họ và tên": "Hồ Thị Ưu Tú", "Số CCCD": "052098000444"})
    [problem] = report.problems
    assert problem.column == "Tổ chức" and "có hồ sơ tại «Chi bộ" in problem.message

    stopped = file_ready(tree, name="Đinh Văn Dừng", identity_number="052098000555")
    candidates.do_withdraw_candidate(
        stopped, on=dt.date(2023, 7, 20), reason="Chuyển công tác", acting_user=None
    )
    report = admit_rows(kind, admin_user, {"Họ và tên": "Đinh Văn Dừng", "Số CCCD": "052098000555"})
    [problem] = report.problems
    assert problem.column == "Số CCCD" and "đã dừng xem xét ngày 20/07/2023" in problem.message
    assert Member.objects.count() == 0


@pytest.mark.parametrize("kind", KINDS)
def test_an_admission_without_a_file_here_is_recorded_as_before(
    tree: dict[str, Any], admin_user: Any, kind: str
) -> None:
    report = admit_rows(kind, admin_user, {"Họ và tên": "Lý Văn Mới", "Giới tính": "Nam"})
    assert report.ok and report.created == 1, report.lines()
    assert Member.objects.get().full_name == "Lý Văn Mới"
