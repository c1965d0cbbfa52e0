"""The package agrees with the rest of the installation: the transit deadline, the papers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from dangvu.core.dates import add_working_days, today
from dangvu.core.models import RuleVersion
from dangvu.exchange.package import build, expiry, papers_for, read_package
from dangvu.exchange.tests.helpers import package_bytes, transferred_out, trust_own_key
from dangvu.members.kinds import EventKind
from dangvu.members.models import MemberEvent
from dangvu.members.tests.factories import existing
from dangvu.papers import actions as paper_actions
from dangvu.papers.kinds import kind
from dangvu.papers.values import Line
from dangvu.transit.actions import arrival_deadline

pytestmark = pytest.mark.django_db


def transfer_of(member: Any) -> MemberEvent:
    return MemberEvent.objects.get(member=member, kind=EventKind.TRANSFER_OUT)


class TestOneDeadline:
    def test_the_package_expiry_equals_the_transit_deadline_for_the_same_paper(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        member = transferred_out(tree["C21"])
        event = transfer_of(member)
        assert expiry(event) == arrival_deadline(event.decision_date)
        assert build(member)["expires_at"] == arrival_deadline(event.decision_date).isoformat()

    def test_a_new_version_of_the_transit_rule_moves_the_package_expiry_too(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        RuleVersion.objects.create(
            key="transit.arrival_working_days",
            effective_from=today() - dt.timedelta(days=60),
            value={"working_days": 20},
            note="Thử một phiên bản mới của quy định",
        )
        member = transferred_out(tree["C21"])
        paper = transfer_of(member).decision_date
        assert build(member)["expires_at"] == add_working_days(paper, 20).isoformat()
        assert arrival_deadline(paper) == add_working_days(paper, 20)

    def test_the_exchange_no_longer_registers_a_rule_of_its_own(self) -> None:
        from dangvu.core.rules import registered_rules

        keys = {r.key for r in registered_rules()}
        assert "transit.arrival_working_days" in keys
        assert not any(k.startswith("exchange.") for k in keys)


class TestPapers:
    def test_a_paper_issued_for_the_member_is_listed_in_the_package(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        member = transferred_out(tree["C21"], name="Hoàng Thị Giấy")
        event = transfer_of(member)
        issue = paper_actions.do_issue_papers(
            kind("TRANSFER_OFFICIAL"),
            issuer=tree["GK2"],
            date=event.decision_date,
            lines=[Line(member, event)],
            label="Giới thiệu chuyển sinh hoạt",
            acting_user=None,
        )
        document = issue.papers.get().document
        assert document is not None
        data = build(member)
        assert data["papers"] == [
            {
                "kind": "TRANSFER_OFFICIAL",
                "number": document.full_number,
                "date": event.decision_date.isoformat(),
                "title": "Giấy giới thiệu sinh hoạt đảng chính thức",
            }
        ]
        # The signed package still reads back, its papers intact.
        trust_own_key()
        assert read_package(package_bytes(member)).data["papers"] == data["papers"]

    def test_a_list_paper_names_neither_other_members_nor_carries_the_file(
        self, tree: dict[str, Any], signing_key: Path
    ) -> None:
        member = transferred_out(tree["C21"], name="Phan Văn Một")
        other = existing(tree["C21"], dt.date(2020, 1, 1), dt.date(2004, 5, 6), "Lý Thị Khác")
        paper_actions.do_issue_papers(
            kind("FORM_2"),
            issuer=tree["GK2"],
            date=dt.date(2024, 6, 3),
            lines=[Line(other)],
            label="Phiếu đảng viên",
            acting_user=None,
        )
        assert papers_for(member) == []
        paper_actions.do_issue_papers(
            kind("FORM_2"),
            issuer=tree["GK2"],
            date=dt.date(2024, 6, 3),
            lines=[Line(member), Line(other)],
            label="Phiếu đảng viên",
            acting_user=None,
        )
        papers = papers_for(member)
        assert papers == [
            {
                "kind": "FORM_2",
                "number": "",
                "date": "2024-06-03",
                "title": "Phiếu đảng viên (mẫu 2-HSĐV)",
            }
        ]
        assert "Lý Thị Khác" not in str(papers)
