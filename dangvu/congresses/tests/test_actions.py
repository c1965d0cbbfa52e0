"""The congress write side: terms, planning, delegates, results into the personnel
records, documents and voiding; every refusal leaves nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from dangvu.audit.models import AuditEvent
from dangvu.congresses import actions
from dangvu.congresses.actions import DelegateLine
from dangvu.congresses.models import (
    Congress,
    CongressDocument,
    CongressForm,
    CongressKind,
    Delegate,
    DelegateKind,
    DocumentRole,
    ElectedBody,
    Election,
    Term,
)
from dangvu.congresses.tests.helpers import hold, line, member, plan
from dangvu.core.dates import FOREVER
from dangvu.core.errors import DomainError
from dangvu.personnel.models import Committee, CommitteeKind, CommitteeMember, Position

pytestmark = pytest.mark.django_db

D2020 = dt.date(2020, 6, 10)
D2025 = dt.date(2025, 6, 12)


@pytest.fixture
def people(tree: dict[str, Any]) -> dict[str, Any]:
    return {
        "an": member(tree["C11"], "Nguyễn Văn An"),
        "binh": member(tree["C12"], "Trần Thị Bình"),
        "cuong": member(tree["C13"], "Lê Văn Cường"),
        "dung": member(tree["C11"], "Phạm Văn Dũng"),
        "other": member(tree["C21"], "Hoàng Văn Khác"),
    }


def _first_term(tree: dict[str, Any], p: dict[str, Any]) -> Congress:
    congress = plan(tree["GK1"])
    return hold(
        congress,
        [
            line(p["an"], position=Position.SECRETARY),
            line(p["binh"], position=Position.DEPUTY_SECRETARY),
            line(p["cuong"]),
            line(p["an"], ElectedBody.STANDING, Position.SECRETARY, votes=3),
            line(p["binh"], ElectedBody.STANDING, Position.DEPUTY_SECRETARY, votes=3),
            line(p["cuong"], ElectedBody.INSPECTION, Position.INSPECTION_CHAIR, votes=2),
            line(p["dung"], ElectedBody.SUPERIOR_DELEGATE, "", votes=8),
            line(p["binh"], ElectedBody.SUPERIOR_DELEGATE, "", votes=6, alternate=True),
        ],
    )


class TestTerms:
    def test_a_term_is_recorded_with_its_due_day_by_the_kind(self, tree: dict[str, Any]) -> None:
        term = actions.do_record_term(
            organisation=tree["GK1"],
            label="2020 - 2025",
            began_on=dt.date(2020, 5, 4),
            acting_user=None,
        )
        assert term.label == "2020–2025" and term.due_on == dt.date(2025, 5, 4)
        cell = actions.do_record_term(
            organisation=tree["C11"],
            label="2020–2022",
            began_on=dt.date(2020, 3, 1),
            acting_user=None,
        )
        assert cell.due_on == dt.date(2022, 9, 1)  # 30 months
        assert AuditEvent.objects.filter(action="create", object_type__icontains="term").exists()

    def test_a_later_term_ends_the_open_one(self, tree: dict[str, Any]) -> None:
        org = tree["GK1"]
        first = actions.do_record_term(
            organisation=org, label="2020–2022", began_on=dt.date(2020, 5, 4), acting_user=None
        )
        actions.do_record_term(
            organisation=org, label="2022–2027", began_on=dt.date(2022, 5, 20), acting_user=None
        )
        first.refresh_from_db()
        assert first.ended_on == dt.date(2022, 5, 20)

    @pytest.mark.parametrize(
        ("label", "began", "ended", "message"),
        [
            ("2020", dt.date(2020, 5, 1), None, "Nhiệm kỳ ghi dạng"),
            ("2020–2025", dt.date(2023, 5, 1), None, "năm 2019 hoặc 2020"),
            ("2025–2030", dt.date(2030, 5, 1), None, "tương lai"),
            ("2020–2025", dt.date(2020, 5, 1), dt.date(2020, 4, 1), "phải sau ngày bắt đầu"),
        ],
    )
    def test_bad_terms_are_refused(
        self, tree: dict[str, Any], label: str, began: dt.date, ended: Any, message: str
    ) -> None:
        with pytest.raises(DomainError, match=message):
            actions.do_record_term(
                organisation=tree["GK1"],
                label=label,
                began_on=began,
                ended_on=ended,
                acting_user=None,
            )
        assert not Term.objects.exists()

    def test_a_duplicate_or_overlapping_term_is_refused_naming_the_other(
        self, tree: dict[str, Any]
    ) -> None:
        org = tree["GK1"]
        actions.do_record_term(
            organisation=org, label="2022–2027", began_on=dt.date(2022, 5, 20), acting_user=None
        )
        with pytest.raises(DomainError, match="đã có nhiệm kỳ 2022–2027"):
            actions.do_record_term(
                organisation=org,
                label="2022–2027",
                began_on=dt.date(2022, 6, 1),
                acting_user=None,
            )
        with pytest.raises(DomainError, match="hãy ghi cả ngày kết thúc"):
            actions.do_record_term(
                organisation=org,
                label="2020–2022",
                began_on=dt.date(2020, 5, 1),
                acting_user=None,
            )
        with pytest.raises(DomainError, match="trùng thời gian với nhiệm kỳ 2022–2027"):
            actions.do_record_term(
                organisation=org,
                label="2020–2022",
                began_on=dt.date(2020, 5, 1),
                ended_on=dt.date(2022, 6, 1),
                acting_user=None,
            )
        assert Term.objects.count() == 1

    def test_scope_is_checked(self, tree: dict[str, Any], cast: dict[str, Any]) -> None:
        with pytest.raises(DomainError, match="ngoài phạm vi"):
            actions.do_record_term(
                organisation=tree["GK2"],
                label="2020–2025",
                began_on=dt.date(2020, 5, 1),
                acting_user=cast["grassroots"],
            )
        term = actions.do_record_term(
            organisation=tree["GK1"],
            label="2020–2025",
            began_on=dt.date(2020, 5, 1),
            acting_user=cast["grassroots"],
        )
        assert term.recorded_by == cast["grassroots"]


class TestPlanning:
    def test_a_congress_is_planned_at_the_level_of_the_day(self, tree: dict[str, Any]) -> None:
        congress = plan(tree["GK1"], term="2025 - 2030", day=D2025, place="Hội trường")
        assert congress.level == "GRASSROOTS_COMMITTEE" and congress.term_label == "2025–2030"
        assert not congress.held and congress.place == "Hội trường"

    def test_one_regular_congress_per_term_naming_the_existing_one(
        self, tree: dict[str, Any]
    ) -> None:
        plan(tree["GK1"], term="2025–2030", day=D2025)
        with pytest.raises(DomainError, match=r"đã có đại hội nhiệm kỳ 2025–2030.*12/06/2025"):
            plan(tree["GK1"], term="2025–2030", day=dt.date(2025, 7, 1))
        extra = plan(
            tree["GK1"],
            term="2025–2030",
            day=dt.date(2026, 3, 1),
            kind=CongressKind.EXTRAORDINARY,
        )
        assert extra.kind == CongressKind.EXTRAORDINARY
        assert Congress.objects.count() == 2

    @pytest.mark.parametrize(
        ("kw", "message"),
        [
            ({"kind": "X"}, "Loại đại hội"),
            ({"form": "X"}, "Hình thức đại hội"),
            ({"term": "2025"}, "Nhiệm kỳ ghi dạng"),
            ({"day": dt.date(2028, 1, 1)}, "năm 2024 hoặc 2025"),
            ({"day": dt.date(2040, 1, 1), "term": "2040–2045"}, "quá xa"),
            ({"day": dt.date(2019, 1, 1), "term": "2019–2024"}, "chưa thành lập"),
            ({"ordinal": 0}, "Lần thứ"),
        ],
    )
    def test_bad_plans_are_refused(
        self, tree: dict[str, Any], kw: dict[str, Any], message: str
    ) -> None:
        args = {"term": "2025–2030", "day": D2025} | kw
        with pytest.raises(DomainError, match=message):
            plan(tree["GK1"], **args)
        assert not Congress.objects.exists()

    def test_a_planned_congress_is_rescheduled_not_a_held_one(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        congress = plan(tree["GK1"], term="2025–2030", day=D2025)
        actions.do_reschedule(
            congress, opens_on=dt.date(2025, 7, 2), place="Sở Y tế", acting_user=None
        )
        congress.refresh_from_db()
        assert congress.opens_on == dt.date(2025, 7, 2) and congress.place == "Sở Y tế"
        with pytest.raises(DomainError, match="năm 2024 hoặc 2025"):
            actions.do_reschedule(congress, opens_on=dt.date(2026, 7, 2), acting_user=None)
        held = _first_term(tree, people)
        with pytest.raises(DomainError, match="đã tổ chức"):
            actions.do_reschedule(held, opens_on=dt.date(2020, 7, 2), acting_user=None)
        assert AuditEvent.objects.filter(note="Đổi ngày đại hội").count() == 1


class TestDelegates:
    def test_delegates_are_recorded_with_attendance(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        _first_term(tree, people)
        congress = plan(tree["GK1"], "2025–2030", D2025, form=CongressForm.DELEGATES)
        written = actions.do_record_delegates(
            congress,
            delegates=[
                DelegateLine(DelegateKind.EX_OFFICIO, people["an"]),
                DelegateLine(
                    DelegateKind.ELECTED, people["dung"], attended=False, absence_reason="Ốm"
                ),
                DelegateLine(DelegateKind.APPOINTED, name="Đại biểu nơi khác"),
            ],
            acting_user=None,
        )
        assert len(written) == 3
        assert Delegate.objects.get(member=people["dung"]).absence_reason == "Ốm"
        # recorded again: the list is replaced
        actions.do_record_delegates(
            congress,
            delegates=[DelegateLine(DelegateKind.ELECTED, people["cuong"])],
            acting_user=None,
        )
        assert list(congress.delegates.values_list("member", flat=True)) == [people["cuong"].pk]

    @pytest.mark.parametrize(
        ("key", "kind", "message"),
        [
            ("dung", DelegateKind.EX_OFFICIO, "không phải là cấp ủy viên"),
            ("other", DelegateKind.ELECTED, "không thuộc"),
            ("an", DelegateKind.MEMBER, "không có «Đảng viên"),
            ("an", "X", "loại đại biểu"),
        ],
    )
    def test_bad_delegates_are_refused(
        self, tree: dict[str, Any], people: dict[str, Any], key: str, kind: str, message: str
    ) -> None:
        _first_term(tree, people)
        congress = plan(tree["GK1"], "2025–2030", D2025, form=CongressForm.DELEGATES)
        with pytest.raises(DomainError, match=message):
            actions.do_record_delegates(
                congress, delegates=[DelegateLine(kind, people[key])], acting_user=None
            )
        assert not Delegate.objects.exists()

    def test_twice_the_same_member_or_a_reason_for_one_present_is_refused(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        congress = plan(tree["GK1"], "2025–2030", D2025)
        m = DelegateKind.MEMBER
        with pytest.raises(DomainError, match="dòng 1 và dòng 2"):
            actions.do_record_delegates(
                congress,
                delegates=[DelegateLine(m, people["an"]), DelegateLine(m, people["an"])],
                acting_user=None,
            )
        with pytest.raises(DomainError, match="có mặt không ghi lý do"):
            actions.do_record_delegates(
                congress,
                delegates=[DelegateLine(m, people["an"], absence_reason="Ốm")],
                acting_user=None,
            )
        with pytest.raises(DomainError, match="hãy chọn đảng viên hoặc ghi họ tên"):
            actions.do_record_delegates(congress, delegates=[DelegateLine(m)], acting_user=None)


class TestResults:
    def test_results_open_the_committees_seats_and_term(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        congress = _first_term(tree, people)
        assert congress.held and congress.members_total == 10
        kinds = set(Committee.objects.filter(term="2020–2025").values_list("kind", flat=True))
        assert kinds == {CommitteeKind.EXECUTIVE, CommitteeKind.STANDING, CommitteeKind.INSPECTION}
        seats = CommitteeMember.objects.filter(voided_at__isnull=True)
        assert seats.count() == 6
        assert set(seats.values_list("start_basis", "start_date")) == {("Đại hội bầu", D2020)}
        term = Term.objects.get()
        assert (term.label, term.began_on, term.congress) == ("2020–2025", D2020, congress)
        assert term.due_on == dt.date(2025, 6, 10) and term.ended_on is None
        delegates = Election.objects.filter(body=ElectedBody.SUPERIOR_DELEGATE)
        assert delegates.count() == 2 and delegates.filter(is_alternate=True).count() == 1
        assert delegates.filter(seat__isnull=True).count() == 2
        secretary = Election.objects.get(body=ElectedBody.EXECUTIVE, position=Position.SECRETARY)
        assert secretary.vote_share == Decimal("90.00") and secretary.seat is not None

    def test_once_recorded_the_congress_is_the_only_path_for_its_elected_seats(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        """A seat «Đại hội bầu» of a term whose congress is recorded is refused on the
        personnel side, naming the congress; a later election by the committee is not."""
        from dangvu.personnel.actions import do_add_seat

        _first_term(tree, people)
        executive = Committee.objects.get(term="2020–2025", kind=CommitteeKind.EXECUTIVE)
        later = dt.date(2021, 3, 1)
        with pytest.raises(DomainError, match=r"nhiệm kỳ 2020–2025 .*đã được ghi") as refused:
            do_add_seat(
                executive,
                member=people["dung"],
                position=Position.COMMITTEE_MEMBER,
                start_date=later,
                acting_user=None,
            )
        assert refused.value.field == "basis" and "10/06/2020" in str(refused.value)
        seat = do_add_seat(
            executive,
            member=people["dung"],
            position=Position.COMMITTEE_MEMBER,
            start_date=later,
            basis="Hội nghị Ban Chấp hành bầu bổ sung",
            acting_user=None,
        )
        assert seat.start_basis == "Hội nghị Ban Chấp hành bầu bổ sung"

    def test_the_next_congress_closes_the_previous_seats_and_term(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        first = _first_term(tree, people)
        congress = plan(tree["GK1"], "2025–2030", D2025)
        hold(congress, [line(people["binh"], position=Position.SECRETARY)], seats_from=D2025)
        old = CommitteeMember.objects.filter(committee__term="2020–2025")
        executive = old.filter(committee__kind=CommitteeKind.EXECUTIVE)
        assert set(executive.values_list("ended_on", "end_reason")) == {(D2025, "Hết nhiệm kỳ")}
        # bodies the new congress did not elect keep their seats
        assert old.filter(committee__kind=CommitteeKind.STANDING, ended_on=FOREVER).count() == 2
        previous = Term.objects.get(congress=first)
        assert previous.ended_on == D2025
        assert Term.objects.get(ended_on__isnull=True).label == "2025–2030"

    def test_results_of_a_cell_elect_only_its_executive(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        congress = plan(tree["C11"], "2020–2022", dt.date(2020, 3, 5))
        with pytest.raises(DomainError, match="không bầu Ban Thường vụ"):
            hold(
                congress,
                [
                    line(people["an"], position=Position.SECRETARY),
                    line(people["an"], ElectedBody.STANDING, Position.SECRETARY),
                ],
            )
        hold(
            congress,
            [line(people["an"], position=Position.SECRETARY, votes=None, share=Decimal("80"))],
        )
        assert Term.objects.get().due_on == dt.date(2022, 9, 5)

    @pytest.mark.parametrize(
        ("lines", "message"),
        [
            ([], "ít nhất một đồng chí trúng cử Ban Chấp hành"),
            ([("an", "EXECUTIVE", "SECRETARY", 5, None)], "chưa quá một nửa"),
            ([("an", "EXECUTIVE", "SECRETARY", None, "50")], "chưa quá một nửa"),
            ([("an", "EXECUTIVE", "SECRETARY", None, "120")], "từ 0 đến 100"),
            ([("an", "EXECUTIVE", "SECRETARY", 9, "60")], "không khớp"),
            ([("an", "EXECUTIVE", "SECRETARY", 11, None)], "nhiều hơn số người bầu"),
            ([("an", "EXECUTIVE", "INSPECTION_CHAIR", 9, None)], "không có chức vụ"),
            (
                [
                    ("an", "EXECUTIVE", "SECRETARY", 9, None),
                    ("binh", "EXECUTIVE", "SECRETARY", 9, None),
                ],
                "chỉ có một bí thư",
            ),
            (
                [("an", "EXECUTIVE", "SECRETARY", 9, None), ("an", "EXECUTIVE", "", 9, None)],
                "hai lần",
            ),
            (
                [
                    ("an", "EXECUTIVE", "SECRETARY", 9, None),
                    ("binh", "STANDING", "STANDING_MEMBER", 2, None),
                ],
                "không có tên trong Ban Chấp hành",
            ),
            (
                [
                    ("an", "EXECUTIVE", "SECRETARY", 9, None),
                    ("other", "SUPERIOR_DELEGATE", "", 9, None),
                ],
                "không thuộc",
            ),
            (
                [
                    ("an", "EXECUTIVE", "SECRETARY", 9, None),
                    ("binh", "SUPERIOR_DELEGATE", "SECRETARY", 9, None),
                ],
                "không ghi chức vụ",
            ),
        ],
    )
    def test_bad_results_are_refused_with_nothing_written(
        self, tree: dict[str, Any], people: dict[str, Any], lines: list[tuple], message: str
    ) -> None:
        congress = plan(tree["GK1"])
        typed = [
            line(
                people[k],
                body,
                pos or Position.COMMITTEE_MEMBER if body == "EXECUTIVE" else pos,
                votes,
                Decimal(share) if share else None,
            )
            for k, body, pos, votes, share in lines
        ]
        with pytest.raises(DomainError, match=message):
            hold(congress, typed)
        congress.refresh_from_db()
        assert not congress.held
        assert not Committee.objects.exists() and not Term.objects.exists()
        assert not Election.objects.exists()

    def test_bad_totals_and_dates_are_refused(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        congress = plan(tree["GK1"])
        lines = [line(people["an"], position=Position.SECRETARY)]
        with pytest.raises(DomainError, match="từ 1 đến số được triệu tập"):
            hold(congress, lines, attended=12)
        with pytest.raises(DomainError, match="được triệu tập"):
            hold(congress, lines, total=0)
        with pytest.raises(DomainError, match="Ngày bế mạc"):
            hold(congress, lines, closes_on=dt.date(2020, 6, 1))
        with pytest.raises(DomainError, match="tương lai"):
            hold(congress, lines, day=dt.date(2030, 1, 1))
        assert not Committee.objects.exists()

    def test_a_seat_already_open_in_the_new_term_is_a_conflict_naming_both(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        from dangvu.personnel import actions as personnel

        body = personnel.do_create_committee(
            organisation=tree["GK1"], kind="EXECUTIVE", term="2020–2025", acting_user=None
        )
        personnel.do_add_seat(
            body,
            member=people["dung"],
            position=Position.COMMITTEE_MEMBER,
            start_date=dt.date(2020, 6, 1),
            acting_user=None,
        )
        congress = plan(tree["GK1"])
        with pytest.raises(DomainError, match=r"Ban Chấp hành.*2020–2025 đã có.*Phạm Văn Dũng"):
            hold(congress, [line(people["an"], position=Position.SECRETARY)])
        assert not Term.objects.exists()

    def test_results_are_recorded_once(self, tree: dict[str, Any], people: dict[str, Any]) -> None:
        congress = _first_term(tree, people)
        with pytest.raises(DomainError, match="đã được ghi"):
            hold(congress, [line(people["an"], position=Position.SECRETARY)])

    def test_results_are_audited(self, tree: dict[str, Any], people: dict[str, Any]) -> None:
        _first_term(tree, people)
        assert AuditEvent.objects.filter(note__startswith="Ghi kết quả đại hội").count() == 1


class TestVoiding:
    def test_voiding_restores_the_previous_committee_and_term(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        first = _first_term(tree, people)
        congress = plan(tree["GK1"], "2025–2030", D2025)
        hold(congress, [line(people["binh"], position=Position.SECRETARY)])
        actions.do_void_congress(congress, reason="Ghi nhầm", acting_user=None)
        assert Term.objects.get(voided_at__isnull=True).congress == first
        assert Term.objects.get(congress=first).ended_on is None
        live = CommitteeMember.objects.filter(voided_at__isnull=True)
        assert live.count() == 6 and set(live.values_list("ended_on", flat=True)) == {FOREVER}
        assert not Committee.objects.filter(term="2025–2030", voided_at__isnull=True).exists()
        assert AuditEvent.objects.filter(note__startswith="Hủy theo đại hội bị hủy").exists()

    def test_an_earlier_congress_is_voided_only_after_the_later(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        first = _first_term(tree, people)
        hold(
            plan(tree["GK1"], "2025–2030", D2025),
            [line(people["binh"], position=Position.SECRETARY)],
        )
        with pytest.raises(DomainError, match="hãy hủy đại hội hoặc nhiệm kỳ sau trước"):
            actions.do_void_congress(first, reason="Ghi nhầm", acting_user=None)
        with pytest.raises(DomainError, match="lý do"):
            actions.do_void_congress(
                Congress.objects.get(term_label="2025–2030"), reason="", acting_user=None
            )

    def test_a_term_a_congress_opened_is_voided_with_it(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        _first_term(tree, people)
        with pytest.raises(DomainError, match="hãy hủy đại hội"):
            actions.do_void_term(Term.objects.get(), reason="x", acting_user=None)


class TestDocuments:
    def test_a_paper_outside_the_register_and_one_in_it(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        from dangvu.office.models import Document

        congress = _first_term(tree, people)
        paper = actions.do_add_document(
            congress,
            role=DocumentRole.APPROVAL,
            number="125-QĐ/ĐUK",
            date=dt.date(2020, 6, 20),
            issued_by="Ban Thường vụ Đảng ủy Khối",
            acting_user=None,
        )
        assert paper.number == "125-QĐ/ĐUK"
        entry = Document.objects.create(
            issuer=tree["GK1"],
            symbol="ĐU",
            kind="NQ",
            term="2020–2025",
            number=1,
            date=dt.date(2020, 6, 10),
            summary="Nghị quyết đại hội",
        )
        linked = actions.do_add_document(
            congress, role=DocumentRole.RESOLUTION, document=entry, acting_user=None
        )
        assert linked.date == entry.date
        with pytest.raises(DomainError, match="đã được ghi"):
            actions.do_add_document(
                congress, role=DocumentRole.RESOLUTION, document=entry, acting_user=None
            )
        with pytest.raises(DomainError, match="không cả hai"):
            actions.do_add_document(
                congress, role=DocumentRole.OTHER, document=entry, number="1", acting_user=None
            )
        with pytest.raises(DomainError, match="số, ký hiệu"):
            actions.do_add_document(congress, role=DocumentRole.OTHER, acting_user=None)
        with pytest.raises(DomainError, match="ngày văn bản"):
            actions.do_add_document(congress, role=DocumentRole.OTHER, number="2", acting_user=None)
        with pytest.raises(DomainError, match="Loại văn bản"):
            actions.do_add_document(congress, role="X", number="2", acting_user=None)
        assert CongressDocument.objects.count() == 2


class TestScope:
    def test_another_subtrees_congress_is_refused_at_every_step(
        self, tree: dict[str, Any], people: dict[str, Any], cast: dict[str, Any]
    ) -> None:
        user = cast["grassroots"]  # GK1's secretary
        with pytest.raises(DomainError, match="ngoài phạm vi"):
            plan(tree["GK2"], "2025–2030", D2025, acting_user=user)
        foreign = plan(tree["GK2"], "2025–2030", D2025)
        with pytest.raises(DomainError, match="ngoài phạm vi"):
            actions.do_reschedule(foreign, opens_on=dt.date(2025, 7, 1), acting_user=user)
        with pytest.raises(DomainError, match="ngoài phạm vi"):
            hold(foreign, [line(people["other"], position=Position.SECRETARY)], acting_user=user)
        with pytest.raises(DomainError, match="ngoài phạm vi"):
            actions.do_add_document(
                foreign, role=DocumentRole.OTHER, number="1", date=D2025, acting_user=user
            )
        with pytest.raises(DomainError, match="ngoài phạm vi"):
            actions.do_void_congress(foreign, reason="x", acting_user=user)
        own = plan(tree["GK1"], "2025–2030", D2025, acting_user=user)
        hold(own, [line(people["an"], position=Position.SECRETARY)], acting_user=user)
        assert CommitteeMember.objects.get().recorded_by == user


class TestExtraordinary:
    def test_an_extraordinary_congress_elects_into_its_terms_committee(
        self, tree: dict[str, Any], people: dict[str, Any]
    ) -> None:
        _first_term(tree, people)
        day = dt.date(2022, 3, 1)
        extra = plan(tree["GK1"], "2020–2025", day, kind=CongressKind.EXTRAORDINARY)
        with pytest.raises(DomainError, match="bí thư là đồng chí Nguyễn Văn An"):
            hold(extra, [line(people["dung"], position=Position.SECRETARY)], day=day)
        hold(extra, [line(people["dung"])], day=day)
        executive = Committee.objects.get(kind=CommitteeKind.EXECUTIVE)
        assert executive.seats.filter(member=people["dung"], start_date=day).exists()
        assert not CommitteeMember.objects.exclude(ended_on=FOREVER).exists()
        assert Term.objects.count() == 1
