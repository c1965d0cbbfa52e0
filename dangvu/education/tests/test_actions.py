"""The actions of the board and their refusals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.audit.models import AuditEvent
from dangvu.core.errors import DomainError
from dangvu.education import actions
from dangvu.education.models import (
    ClassLearner,
    Conference,
    PoliticalClass,
    StudyReturn,
)
from dangvu.education.queries import classes_of_member
from dangvu.education.tests.helpers import candidate, conference, klass
from dangvu.members.models import AdmissionCandidate
from dangvu.members.tests.factories import admit, existing

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_class_is_created_and_audited(tree: dict[str, Any]) -> None:
    c = klass(tree["BLOC"], D(2024, 3, 4), D(2024, 3, 8))
    assert c.kind == PoliticalClass.Kind.NEW_MEMBER
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_id=str(c.pk)).exists()


def test_a_class_that_ends_before_it_starts_is_refused(tree: dict[str, Any]) -> None:
    with pytest.raises(DomainError) as error:
        klass(tree["BLOC"], D(2024, 3, 8), D(2024, 3, 4))
    assert error.value.field == "end_date"
    assert not PoliticalClass.objects.exists()


def test_a_class_of_an_organisation_not_yet_founded_is_refused(tree: dict[str, Any]) -> None:
    with pytest.raises(DomainError, match="không hoạt động"):
        klass(tree["BLOC"], D(2019, 3, 4), D(2019, 3, 8))


def test_a_learner_counted_twice_in_one_class_is_refused(tree: dict[str, Any]) -> None:
    member = admit(tree["C11"], D(2024, 1, 10))
    c = klass(tree["BLOC"], D(2024, 3, 4), D(2024, 3, 8))
    actions.do_add_learner(c, member=member, acting_user=None)
    with pytest.raises(DomainError, match="đã có trong danh sách") as error:
        actions.do_add_learner(c, member=member, acting_user=None)
    assert error.value.field == "person"
    assert ClassLearner.objects.count() == 1
    # The same person may attend another class.
    other = klass(tree["BLOC"], D(2024, 6, 4), D(2024, 6, 8), PoliticalClass.Kind.OTHER)
    actions.do_add_learner(other, member=member, acting_user=None)


def test_the_learner_must_suit_the_class(tree: dict[str, Any]) -> None:
    member = admit(tree["C11"], D(2024, 1, 10))
    cand = candidate(tree["C11"], D(2024, 1, 2))
    new_member = klass(tree["BLOC"], D(2024, 3, 4), D(2024, 3, 8))
    cand_class = klass(tree["BLOC"], D(2024, 3, 4), D(2024, 3, 8), PoliticalClass.Kind.CANDIDATE)
    with pytest.raises(DomainError, match="dành cho đảng viên"):
        actions.do_add_learner(new_member, candidate=cand, acting_user=None)
    with pytest.raises(DomainError, match="quần chúng ưu tú"):
        actions.do_add_learner(cand_class, member=member, acting_user=None)
    with pytest.raises(DomainError):
        actions.do_add_learner(cand_class, acting_user=None)


def test_completion_is_recorded_and_shown_on_the_members_record(tree: dict[str, Any]) -> None:
    member = admit(tree["C11"], D(2024, 1, 10))
    c = klass(tree["BLOC"], D(2024, 3, 4), D(2024, 3, 8))
    learner = actions.do_add_learner(c, member=member, acting_user=None)
    actions.do_record_completion(learner, certificate_number="0123/GCN", acting_user=None)
    learner.refresh_from_db()
    assert learner.completed and learner.certificate_number == "0123/GCN"
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE, object_id=str(learner.pk)
    ).exists()
    assert [ln.political_class for ln in classes_of_member(member)] == [c]


def test_completion_before_the_class_ends_is_refused(tree: dict[str, Any]) -> None:
    member = admit(tree["C11"], D(2024, 1, 10))
    later = dt.date.today() + dt.timedelta(days=30)
    c = klass(tree["BLOC"], dt.date.today(), later)
    learner = actions.do_add_learner(c, member=member, acting_user=None)
    with pytest.raises(DomainError, match="chưa ghi được"):
        actions.do_record_completion(learner, acting_user=None)


def test_a_candidate_who_completes_the_candidate_class_has_the_step_recorded(
    tree: dict[str, Any],
) -> None:
    cand = candidate(tree["C11"], D(2024, 1, 2))
    c = klass(tree["BLOC"], D(2024, 3, 4), D(2024, 3, 8), PoliticalClass.Kind.CANDIDATE)
    actions.do_add_learner(
        c, candidate=cand, completed=True, certificate_number="77", acting_user=None
    )
    cand.refresh_from_db()
    assert cand.class_completed_on == D(2024, 3, 8)
    assert cand.stage == AdmissionCandidate.Stage.CLASS_DONE


def test_conferences_and_negative_attendance(tree: dict[str, Any]) -> None:
    c = conference(tree["GK1"], D(2024, 3, 15), 120)
    assert c.attendance == 120
    with pytest.raises(DomainError, match="số âm") as error:
        conference(tree["GK1"], D(2024, 3, 16), -1)
    assert error.value.field == "attendance"
    with pytest.raises(DomainError, match="tương lai"):
        conference(tree["GK1"], dt.date.today() + dt.timedelta(days=2), 10)
    assert Conference.objects.count() == 1


def _resolution() -> Any:
    return actions.do_create_resolution(
        name="Kết luận về tiếp tục thực hiện Chỉ thị 05",
        number="01-KL/TW",
        issuing_body="Bộ Chính trị",
        term="khóa XIII",
        issued_on=D(2021, 5, 18),
        acting_user=None,
    )


def test_a_resolution_number_is_unique(db: None) -> None:
    _resolution()
    with pytest.raises(DomainError, match="đã có") as error:
        _resolution()
    assert error.value.field == "number"


def test_a_study_return_defaults_its_total_to_the_roll(tree: dict[str, Any]) -> None:
    for n in range(3):
        existing(tree["GC1"], D(2020, 1, 1), D(2000 + n, 1, 1))
    resolution = _resolution()
    r = actions.do_record_study_return(
        resolution,
        organisation=tree["GC1"],
        date=D(2021, 6, 1),
        members_studied=3,
        nonmembers_studied=5,
        nonmembers_total=6,
        acting_user=None,
    )
    assert (r.members_total, r.members_pct) == (3, 100.0)


def test_study_return_refusals(tree: dict[str, Any]) -> None:
    resolution = _resolution()
    base = {"organisation": tree["GC1"], "date": D(2021, 6, 1), "acting_user": None}
    with pytest.raises(DomainError, match="lớn hơn") as error:
        actions.do_record_study_return(resolution, members_studied=5, members_total=4, **base)
    assert error.value.field == "members_studied"
    with pytest.raises(DomainError, match="lớn hơn") as error:
        actions.do_record_study_return(
            resolution,
            members_studied=4,
            members_total=4,
            nonmembers_studied=3,
            nonmembers_total=2,
            **base,
        )
    assert error.value.field == "nonmembers_studied"
    with pytest.raises(DomainError, match="số âm"):
        actions.do_record_study_return(resolution, members_studied=-1, members_total=4, **base)
    with pytest.raises(DomainError, match="trước ngày ban hành"):
        actions.do_record_study_return(
            resolution,
            members_studied=1,
            members_total=4,
            organisation=tree["GC1"],
            date=D(2021, 1, 1),
            acting_user=None,
        )
    actions.do_record_study_return(resolution, members_studied=4, members_total=4, **base)
    with pytest.raises(DomainError, match="mỗi tổ chức báo cáo một lần"):
        actions.do_record_study_return(resolution, members_studied=3, members_total=4, **base)
    assert StudyReturn.objects.count() == 1


def test_contests_and_entries(tree: dict[str, Any]) -> None:
    with pytest.raises(DomainError) as error:
        actions.do_create_contest(
            name="Hội thi",
            organiser=tree["BLOC"],
            start_date=D(2024, 5, 2),
            end_date=D(2024, 5, 1),
            acting_user=None,
        )
    assert error.value.field == "end_date"
    contest = actions.do_create_contest(
        name="Hội thi Bí thư chi bộ giỏi",
        organiser=tree["BLOC"],
        start_date=D(2024, 5, 1),
        end_date=D(2024, 5, 20),
        acting_user=None,
    )
    with pytest.raises(DomainError, match="tác giả hoặc tổ chức dự thi"):
        actions.do_add_contest_entry(contest, acting_user=None)
    entry = actions.do_add_contest_entry(
        contest, organisation=tree["GK1"], entrant_name="Trần Thị Bình", acting_user=None
    )
    actions.do_update_contest_entry(entry, result="Giải Nhất", sent_up=True, acting_user=None)
    entry.refresh_from_db()
    assert entry.sent_up and entry.result == "Giải Nhất"
