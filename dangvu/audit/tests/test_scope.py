"""The audit rows in an organisation's scope: resolved by the record each is about, in bulk."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dangvu.audit import log
from dangvu.audit.models import AuditEvent
from dangvu.audit.scope import LEFT_OUT, OWN, events_in_scope, resolvers
from dangvu.members.tests.factories import admit, person

DAY = dt.date(2023, 3, 6)


def conference(org: Any, title: str) -> Any:
    from dangvu.education.actions import do_create_conference
    from dangvu.education.models import Conference

    return do_create_conference(
        kind=Conference.Kind.values[0],
        title=title,
        date=DAY,
        organiser=org,
        attendance=20,
        acting_user=None,
    )


def issued_report(org: Any, number: int) -> Any:
    from dangvu.office.models import Document
    from dangvu.reports.models import IssuedReport

    document = Document.objects.create(
        issuer=org,
        symbol="ĐU",
        kind=Document._meta.get_field("kind").choices[0][0],
        term="2020-2025",
        number=number,
        date=DAY,
        summary="Báo cáo năm",
    )
    return IssuedReport.objects.create(
        organisation=org,
        kind=IssuedReport.Kind.ANNUAL,
        year=2022,
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 12, 31),
        name=org.name,
        title="Báo cáo năm 2022",
        document=document,
    )


def records(org: Any, n: int) -> dict[str, Any]:
    """One record of each group of models for `org`, each with a row of the trail."""
    from dangvu.members.candidates import do_register_candidate
    from dangvu.orgs.models import Restructuring
    from dangvu.reports.models import ReportTemplate

    member = admit(org, DAY, identity_number=f"0010900{n:05d}")
    found = {
        "conference": conference(org, f"Hội nghị {n}"),
        "member": member,
        "memberevent": member.events.first(),
        "admissioncandidate": do_register_candidate(
            person(), organisation=org, registered_on=DAY, acting_user=None
        ),
        "organisation": org,
        "restructuring": Restructuring.objects.filter(parts__organisation=org).first(),
        "reporttemplate": ReportTemplate.objects.create(
            organisation=org, content=b"x", filename="mau.docx", size=1, retired_at=timezone.now()
        ),
        "issuedreport": issued_report(org, n),
    }
    for obj in found.values():
        log.record(AuditEvent.Action.UPDATE, obj=obj, note="thử")
    return found


def ids(scoped: list[Any], object_type: str) -> set[str]:
    return {s.event.object_id for s in scoped if s.event.object_type == object_type}


@pytest.fixture
def both(tree: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    return records(tree["C11"], 1), records(tree["C21"], 2)


class TestWhatIsInScope:
    @pytest.mark.parametrize(
        "object_type",
        [
            "conference",
            "document",
            "member",
            "memberevent",
            "admissioncandidate",
            "organisation",
            "restructuring",
            "reporttemplate",
            "issuedreport",
        ],
    )
    def test_it_keeps_the_records_of_the_subtree_and_only_those(
        self, tree: dict[str, Any], both: Any, object_type: str
    ) -> None:
        inside, outside = both
        if object_type == "document":
            inside = {"document": inside["issuedreport"].document}
            outside = {"document": outside["issuedreport"].document}
            for obj in (inside["document"], outside["document"]):
                log.record(AuditEvent.Action.UPDATE, obj=obj)
        scoped = events_in_scope(AuditEvent.objects.all(), [tree["GK1"]])
        found = ids(scoped, object_type)
        assert str(inside[object_type].pk) in found
        assert str(outside[object_type].pk) not in found

    def test_each_row_carries_the_organisation_its_path_and_the_records_date(
        self, tree: dict[str, Any], both: Any
    ) -> None:
        scoped = events_in_scope(AuditEvent.objects.all(), [tree["GK1"]])
        by_type = {s.event.object_type: s for s in scoped}
        event = by_type["conference"]
        assert event.organisation_id == tree["C11"].pk
        assert event.path == tree["C11"].path
        assert event.record_date == DAY
        assert event.app_label == "education"
        assert event.model is not None and event.model._meta.model_name == "conference"
        assert by_type["memberevent"].record_date == DAY
        assert by_type["admissioncandidate"].record_date == DAY

    def test_several_organisations_widen_the_scope(self, tree: dict[str, Any], both: Any) -> None:
        inside, outside = both
        scoped = events_in_scope(AuditEvent.objects.all(), [tree["GK1"], tree["C21"]])
        assert {str(inside["conference"].pk), str(outside["conference"].pk)} <= ids(
            scoped, "conference"
        )

    def test_the_whole_bloc_sees_both_and_no_organisation_sees_nothing(
        self, tree: dict[str, Any], both: Any
    ) -> None:
        assert len(ids(events_in_scope(AuditEvent.objects.all(), [tree["BLOC"]]), "member")) == 2
        assert events_in_scope(AuditEvent.objects.all(), []) == []

    def test_a_voided_record_still_resolves(self, tree: dict[str, Any], both: Any) -> None:
        from dangvu.education.voiding import do_void

        record = both[0]["conference"]
        do_void(record, reason="Ghi nhầm, hủy để ghi lại", acting_user=None)
        scoped = events_in_scope(AuditEvent.objects.all(), [tree["GK1"]])
        voids = [s for s in scoped if s.event.action == AuditEvent.Action.VOID]
        assert [s.event.object_id for s in voids] == [str(record.pk)]

    def test_rows_of_no_record_or_a_missing_one_are_left_out(
        self, tree: dict[str, Any], cast: dict[str, Any], both: Any
    ) -> None:
        log.record(AuditEvent.Action.LOGIN, user=cast["grassroots"])
        log.record(AuditEvent.Action.SECURITY, obj=cast["grassroots"])
        log.record(AuditEvent.Action.UPDATE, object_type="conference", object_id="987654")
        log.record(AuditEvent.Action.UPDATE, object_type="conference", object_id="rác")
        log.record(AuditEvent.Action.UPDATE, object_type="khongco", object_id="1")
        scoped = events_in_scope(AuditEvent.objects.all(), [tree["BLOC"]])
        kept = {s.event.object_type for s in scoped}
        assert "user" not in kept and "" not in kept and "khongco" not in kept
        assert "987654" not in ids(scoped, "conference")
        assert all(s.organisation_id is not None for s in scoped)

    def test_an_organisation_moved_away_leaves_the_old_subtree(
        self, tree: dict[str, Any], both: Any, decision: Any
    ) -> None:
        from dangvu.orgs.actions import do_move_organisation

        do_move_organisation(
            tree["C11"], new_parent=tree["GK2"], decision=decision(DAY), acting_user=None
        )
        conf = str(both[0]["conference"].pk)
        assert conf not in ids(
            events_in_scope(AuditEvent.objects.all(), [tree["GK1"]]), "conference"
        )
        assert conf in ids(events_in_scope(AuditEvent.objects.all(), [tree["GK2"]]), "conference")


class TestBounds:
    def test_queries_grow_with_the_models_not_the_rows(self, tree: dict[str, Any]) -> None:
        for n in range(3):
            records(tree["C11"], 10 + n)
        models_present = AuditEvent.objects.values("object_type").distinct().count()
        rows = AuditEvent.objects.count()
        assert rows > 3 * models_present
        with CaptureQueriesContext(connection) as ctx:
            scoped = events_in_scope(AuditEvent.objects.all(), [tree["BLOC"]])
        assert scoped
        # One for what the rows name, at most one per model they name (the record layer's
        # kinds are declared in code, read without a query), one for the rows in scope.
        assert len(ctx.captured_queries) <= 2 + models_present

    def test_limit_and_scan_are_respected(self, tree: dict[str, Any], both: Any) -> None:
        everything = events_in_scope(AuditEvent.objects.all(), [tree["BLOC"]])
        assert len(everything) > 4
        assert events_in_scope(AuditEvent.objects.all(), [tree["BLOC"]], limit=3) == everything[:3]
        newest = list(AuditEvent.objects.order_by("-at", "-id")[:5])
        scanned = events_in_scope(AuditEvent.objects.all(), [tree["BLOC"]], scan=5)
        assert {s.event.pk for s in scanned} <= {e.pk for e in newest}
        assert [s.event.pk for s in everything] == sorted(
            (s.event.pk for s in everything), reverse=True
        )
        assert events_in_scope(AuditEvent.objects.all(), [tree["BLOC"]], scan=0) == []

    def test_the_rows_given_are_the_rows_read(self, tree: dict[str, Any], both: Any) -> None:
        only = AuditEvent.objects.filter(object_type="member")
        scoped = events_in_scope(only, [tree["BLOC"]])
        assert scoped and {s.event.object_type for s in scoped} == {"member"}


def test_every_model_of_the_project_is_placed_or_left_out_on_purpose(db: None) -> None:
    """A new model gets its resolver (or a place in LEFT_OUT), or its rows are never seen."""
    table = resolvers()
    unplaced = [
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("dangvu.")
        and m._meta.label not in table
        and m._meta.label not in LEFT_OUT
        and m._meta.label not in OWN
    ]
    assert unplaced == []


def test_a_ledger_row_recorded_on_the_member_carries_the_events_date(
    tree: dict[str, Any],
) -> None:
    from dangvu.members.actions import Decision, do_issue_card
    from dangvu.members.tests.factories import existing

    member = existing(tree["C11"], dt.date(2021, 1, 4), dt.date(2015, 3, 2))
    do_issue_card(
        member, decision=Decision(dt.date(2022, 5, 9)), card_number="12345678", acting_user=None
    )
    scoped = events_in_scope(AuditEvent.objects.filter(object_type="member"), [tree["GK1"]])
    assert scoped[0].record_date == dt.date(2022, 5, 9)
