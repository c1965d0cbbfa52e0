"""Admission checks as the texts state them (issue point 5).

Quy định 24-QĐ/TW ngày 30/7/2021, điểm 1.1 (and 29-QĐ/TW 2016, 294-QĐ/TW 2025): the
person is a full 18 to a full 60 years old, counted in months, on the day the CELL
considers the admission; điểm 1.2: lower-secondary education at least, with the exceptions
the Secretariat's guidance allows. Điều lệ Đảng, Điều 4: two introducers, the awareness
class, the background check and the cell's resolution before the committee decides;
Hướng dẫn 01-HD/TW 2021: the political-standard conclusion before admission, the new-member
class during probation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.errors import DomainError
from dangvu.core.rules import rule
from dangvu.education.tests.helpers import klass
from dangvu.members import actions, candidates
from dangvu.members.actions import Decision, education_grade
from dangvu.members.kinds import EventKind, Status
from dangvu.members.models import AdmissionCandidate, Member, MemberEvent
from dangvu.members.tests.factories import admit, person
from dangvu.members.tests.sheets import load, problems
from dangvu.personnel.actions import do_conclude_political_standard

pytestmark = pytest.mark.django_db


def register(tree: dict[str, Any], birth: dt.date, **kw: Any) -> AdmissionCandidate:
    sponsors = kw.pop("sponsors", "Nguyễn Văn An, Lê Thị Bình")
    return candidates.do_register_candidate(
        person(kw.pop("name", "Hồ Thị Ưu Tú"), birth=birth, **kw),
        organisation=tree["C11"],
        registered_on=dt.date(2023, 1, 10),
        sponsors=sponsors,
        acting_user=None,
    )


def complete(c: AdmissionCandidate, proposed: dt.date = dt.date(2023, 7, 5)) -> None:
    """Every step of the file: class, background check, conclusion, cell resolution."""
    candidates.do_record_candidate_progress(
        c,
        class_completed_on=dt.date(2023, 4, 20),
        certificate_number="GCN-15",
        checked_on=dt.date(2023, 6, 1),
        proposed_on=proposed,
        acting_user=None,
    )
    do_conclude_political_standard(
        purpose="ADMISSION", outcome="MET", date=dt.date(2023, 6, 20), candidate=c, acting_user=None
    )


# --- age, on the day the cell considers ----------------------------------------------


@pytest.mark.parametrize("year", [2020, 2022, 2025])
def test_age_counts_on_the_day_the_cell_considers_not_the_decision(
    tree: dict[str, Any], year: int
) -> None:
    """One case per text in force on the tree (29-QĐ/TW 2016, 24-QĐ/TW 2021, 294-QĐ/TW
    2025): 17 years 11 months at the cell's resolution is refused even when the decision
    comes after the 18th birthday; a full 18 years on the cell's day passes."""
    cell_day, decision_day = dt.date(year, 8, 1), dt.date(year, 8, 25)
    young = person("Trẻ Tuổi", birth=dt.date(year - 18, 8, 10))
    with pytest.raises(DomainError, match="ngày chi bộ xét kết nạp") as error:
        actions.do_admit_member(
            young,
            organisation=tree["C11"],
            decision=Decision(decision_day),
            considered_on=cell_day,
            acting_user=None,
        )
    assert "17 tuổi 11 tháng" in error.value.message
    assert Member.objects.count() == 0
    ready = person("Đủ Tuổi", birth=dt.date(year - 18, 8, 1))
    member = actions.do_admit_member(
        ready,
        organisation=tree["C11"],
        decision=Decision(decision_day),
        considered_on=cell_day,
        acting_user=None,
    )
    assert member.events.get().details["considered_on"] == cell_day.isoformat()


def test_the_upper_age_is_a_full_sixty_years_in_months(tree: dict[str, Any]) -> None:
    """60 years and 0 months on the cell's day passes; 60 years and 1 month is refused."""
    day = dt.date(2024, 3, 15)
    actions.do_admit_member(
        person(birth=dt.date(1964, 3, 1)),
        organisation=tree["C11"],
        decision=Decision(day),
        considered_on=day,
        acting_user=None,
    )
    with pytest.raises(DomainError, match="không quá 60 tuổi"):
        actions.do_admit_member(
            person(birth=dt.date(1964, 2, 14)),
            organisation=tree["C11"],
            decision=Decision(day),
            considered_on=day,
            acting_user=None,
        )


def test_the_cell_considers_before_the_committee_decides(tree: dict[str, Any]) -> None:
    with pytest.raises(DomainError, match="chi bộ xét trước"):
        actions.do_admit_member(
            person(),
            organisation=tree["C11"],
            decision=Decision(dt.date(2024, 3, 1)),
            considered_on=dt.date(2024, 3, 5),
            acting_user=None,
        )


def test_a_candidate_is_judged_on_the_cells_resolution_date(tree: dict[str, Any]) -> None:
    """Through the candidate's file: the age is counted on `proposed_on` (the cell's
    resolution), so the admit button is not offered and the admission is refused."""
    c = register(tree, birth=dt.date(2005, 7, 20))
    complete(c, proposed=dt.date(2023, 7, 5))  # 17 years 11 months that day
    assert any("17 tuổi 11 tháng" in item for item in candidates.missing_steps(c))
    with pytest.raises(DomainError, match="17 tuổi 11 tháng"):
        candidates.do_admit_candidate(
            c, decision=Decision(dt.date(2023, 8, 1)), ceremony_date=None, acting_user=None
        )


# --- education ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "grade"),
    [("12/12", 12), ("9/12", 9), ("8/12", 8), ("7/10", 9), ("4/10", 5), ("10/10", 12)],
)
def test_education_is_read_in_the_twelve_year_system(text: str, grade: int) -> None:
    assert education_grade(text) == grade


@pytest.mark.parametrize("year", [2020, 2022, 2025])
def test_education_below_lower_secondary_needs_an_exception_the_guidance_allows(
    tree: dict[str, Any], year: int
) -> None:
    """Every version of the rule: 8/12 is refused; with a ground the guidance lists (rule
    data) it passes; below primary it is refused even then."""
    day = dt.date(year, 5, 4)
    with pytest.raises(DomainError, match="tốt nghiệp trung học cơ sở trở lên"):
        actions.do_admit_member(
            person(education="8/12"),
            organisation=tree["C11"],
            decision=Decision(day),
            acting_user=None,
        )
    grounds = rule("members.admission_education", day)["exceptions"]
    assert "MOUNTAIN" in grounds and "ETHNIC" in grounds
    member = actions.do_admit_member(
        person(education="8/12"),
        organisation=tree["C11"],
        decision=Decision(day),
        education_exception="ETHNIC",
        acting_user=None,
    )
    assert member.events.get().details["education_exception"] == "ETHNIC"
    with pytest.raises(DomainError, match="tốt nghiệp tiểu học"):
        actions.do_admit_member(
            person(education="4/12"),
            organisation=tree["C11"],
            decision=Decision(day),
            education_exception="ETHNIC",
            acting_user=None,
        )


def test_education_and_age_through_the_admission_form(client: Client, cast: dict[str, Any]) -> None:
    client.force_login(cast["grassroots"])
    base = {
        "organisation": "C12",
        "date": "2024-05-06",
        "p-full_name": "Lò Văn Bản",
        "p-birth_date": "1990-02-03",
        "p-sex": "M",
        "p-education": "7/12",
    }
    refused = client.post(reverse("members:admit"), base)
    assert "tốt nghiệp trung học cơ sở trở lên" in refused.content.decode()
    too_young = client.post(
        reverse("members:admit"),
        {
            **base,
            "p-education": "12/12",
            "p-birth_date": "2006-05-01",
            "considered_on": "2024-04-20",
        },
    )
    assert "17 tuổi 11 tháng" in too_young.content.decode()
    assert Member.objects.count() == 0
    ok = client.post(reverse("members:admit"), {**base, "education_exception": "MOUNTAIN"})
    assert ok.status_code == 302, ok.content.decode()


def test_age_and_education_through_the_admissions_import(cast: dict[str, Any]) -> None:
    row = {
        "Họ và tên": "Nông Thị Nhập",
        "Ngày sinh": "01/05/2006",
        "Giới tính": "Nữ",
        "Giáo dục phổ thông": "12/12",
        "Tổ chức": "C12",
        "Ngày chi bộ xét kết nạp": "20/04/2024",
        "Ngày": "06/05/2024",
    }
    report = load("events-admissions", [row], cast["officer"])
    assert "17 tuổi 11 tháng" in problems(report)
    report = load(
        "events-admissions",
        [{**row, "Ngày sinh": "01/05/1990", "Giáo dục phổ thông": "6/12"}],
        cast["officer"],
    )
    assert "tốt nghiệp trung học cơ sở trở lên" in problems(report)
    report = load(
        "events-admissions",
        [
            {
                **row,
                "Ngày sinh": "01/05/1990",
                "Giáo dục phổ thông": "6/12",
                "Ngoại lệ học vấn": "Vùng đồng bào dân tộc thiểu số",
            }
        ],
        cast["officer"],
    )
    assert report.ok, problems(report)
    assert Member.objects.get().events.get().details["education_exception"] == "ETHNIC"


# --- the candidate's file ------------------------------------------------------------


def test_the_candidate_page_says_what_is_missing_and_offers_no_admit_button(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    c = register(tree, birth=dt.date(1998, 7, 1), sponsors="Nguyễn Văn An")
    client.force_login(cast["grassroots"])
    body = client.get(reverse("members:candidate", args=[c.pk])).content.decode()
    assert "Hồ sơ chưa đủ để kết nạp" in body
    for words in (
        "Chưa đủ người giới thiệu: hồ sơ ghi 1, cần 2",
        "Chưa có giấy chứng nhận học lớp bồi dưỡng lý luận chính trị cho đối tượng kết nạp Đảng",
        "Chưa thẩm tra, xác minh lý lịch",
        "Chưa có kết luận tiêu chuẩn chính trị",
        "Chi bộ chưa họp xét, ra nghị quyết đề nghị kết nạp",
    ):
        assert words in body, words
    assert "Ghi quyết định kết nạp" not in body
    # A forged POST is refused with the same list, and nothing is written.
    forged = client.post(
        reverse("members:candidate", args=[c.pk]), {"step": "admit", "date": "2023-09-01"}
    )
    assert "Hồ sơ chưa đủ để kết nạp" in forged.content.decode()
    assert Member.objects.count() == 0
    # Completed: the button is offered and admits.
    c.sponsors = "Nguyễn Văn An, Ban Chấp hành Đoàn cơ sở"
    c.save(update_fields=["sponsors"])
    complete(c)
    body = client.get(reverse("members:candidate", args=[c.pk])).content.decode()
    assert "Hồ sơ chưa đủ" not in body and "Ghi quyết định kết nạp" in body
    done = client.post(
        reverse("members:candidate", args=[c.pk]),
        {"step": "admit", "date": "2023-08-01", "ceremony_date": "2023-08-15"},
    )
    assert done.status_code == 302, done.content.decode()
    c.refresh_from_db()
    assert c.member is not None and c.member.status == Status.PROBATIONARY


def test_the_conclusion_and_the_class_come_before_the_decision(tree: dict[str, Any]) -> None:
    c = register(tree, birth=dt.date(1998, 7, 1))
    complete(c)
    conclusion = c.political_conclusions.get()
    conclusion.date = dt.date(2023, 8, 10)
    conclusion.save(update_fields=["date"])
    with pytest.raises(DomainError, match="phải có kết luận trước khi kết nạp"):
        candidates.do_admit_candidate(
            c, decision=Decision(dt.date(2023, 8, 1)), ceremony_date=None, acting_user=None
        )
    conclusion.outcome = "NOT_MET"
    conclusion.date = dt.date(2023, 6, 20)
    conclusion.save(update_fields=["outcome", "date"])
    assert any("chưa đủ tiêu chuẩn" in item for item in candidates.missing_steps(c))
    assert Member.objects.count() == 0


def test_the_education_exception_is_recorded_on_the_file(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    c = register(tree, birth=dt.date(1998, 7, 1), education="8/12")
    complete(c)
    assert any("trung học cơ sở" in item for item in candidates.missing_steps(c))
    client.force_login(cast["grassroots"])
    response = client.post(
        reverse("members:candidate", args=[c.pk]),
        {
            "step": "progress",
            "class_completed_on": "2023-04-20",
            "certificate_number": "GCN-15",
            "checked_on": "2023-06-01",
            "proposed_on": "2023-07-05",
            "education_exception": "HARDSHIP",
        },
    )
    assert response.status_code == 302, response.content.decode()
    c.refresh_from_db()
    assert c.education_exception == "HARDSHIP" and candidates.missing_steps(c) == []
    member = candidates.do_admit_candidate(
        c, decision=Decision(dt.date(2023, 8, 1)), ceremony_date=None, acting_user=None
    )
    assert member.events.get().details["education_exception"] == "HARDSHIP"


# --- the new-member class before confirmation ------------------------------------------


def test_confirmation_without_the_new_member_class_warns_and_keeps_the_reason(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    """Rule "members.new_member_class_before_confirmation": warn, and keep the reason the
    cell gives; a class completed is named on the confirmation."""
    first, second, third = (admit(tree["C11"], dt.date(2023, 3, 1)) for _ in range(3))
    client.force_login(cast["grassroots"])
    url = reverse("members:event", args=[first.pk, EventKind.CONFIRMED])
    assert "Chưa có ghi nhận đồng chí hoàn thành lớp" in client.get(url).content.decode()
    response = client.post(url, {"date": "2024-03-20"}, follow=True)
    assert "chưa ghi lý do" in response.content.decode()
    assert MemberEvent.objects.get(member=first, kind=EventKind.CONFIRMED).details["without_class"]
    client.post(
        reverse("members:event", args=[second.pk, EventKind.CONFIRMED]),
        {"date": "2024-03-20", "class_reason": "Ốm dài ngày khi lớp mở; học bù quý II"},
    )
    details = MemberEvent.objects.get(member=second, kind=EventKind.CONFIRMED).details
    assert details["without_class_reason"] == "Ốm dài ngày khi lớp mở; học bù quý II"
    from dangvu.education import actions as education

    course = klass(tree["GK1"], dt.date(2023, 6, 1), dt.date(2023, 6, 10))
    education.do_add_learner(course, member=third, completed=True, acting_user=None)
    assert (
        "Chưa có ghi nhận"
        not in client.get(
            reverse("members:event", args=[third.pk, EventKind.CONFIRMED])
        ).content.decode()
    )
    actions.do_confirm_member(third, decision=Decision(dt.date(2024, 3, 20)), acting_user=None)
    details = MemberEvent.objects.get(member=third, kind=EventKind.CONFIRMED).details
    assert details["new_member_class"] == course.name
