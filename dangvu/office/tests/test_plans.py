"""Plans, targets and tasks: the actions, their refusals, and the registry's sources."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from dangvu.audit.models import AuditEvent
from dangvu.core.errors import DomainError
from dangvu.education.voiding import do_void
from dangvu.members.tests.factories import admit
from dangvu.office import plans
from dangvu.office.models import Plan, PlanTarget, PlanTask
from dangvu.office.tests.helpers import document, issued_plan
from dangvu.reports.registry import Period, plan, planned_tasks, value

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 11, 20, 9, 0)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_plan_is_a_draft_until_its_document_is_registered(tree: dict[str, Any]) -> None:
    draft = plans.do_create_plan(
        organisation=tree["GK1"],
        year=2024,
        kind=Plan.Kind.ANNUAL,
        title="Chương trình công tác năm 2024",
        acting_user=None,
    )
    plans.do_set_target(draft, indicator="members.admitted", target=5, acting_user=None)
    assert draft.status == Plan.Status.DRAFT
    assert plan("members.admitted", tree["GK1"], Period.year(2024)) is None
    with pytest.raises(DomainError, match="không có văn bản số 01-CTr/ĐU") as error:
        plans.do_issue_plan(draft, document="01-CTr/ĐU", acting_user=None)
    assert error.value.field == "document"
    document(tree["GK1"], dt.date(2023, 12, 28))
    plans.do_issue_plan(draft, document="01-ctr/đu", acting_user=None)
    assert draft.status == Plan.Status.ISSUED and draft.document is not None
    assert plan("members.admitted", tree["GK1"], Period.year(2024)) == 5
    assert AuditEvent.objects.filter(object_type="plan", action="update").exists()
    with pytest.raises(DomainError, match="đã được ban hành"):
        plans.do_issue_plan(draft, document="01-CTr/ĐU", acting_user=None)


def test_the_target_must_be_a_count_of_the_registry(tree: dict[str, Any]) -> None:
    p = issued_plan(tree["GK1"], 2024)
    with pytest.raises(DomainError, match=r"Không có chỉ tiêu mã «members\.admited»") as e:
        plans.do_set_target(p, indicator="members.admited", target=5, acting_user=None)
    assert e.value.field == "indicator"
    with pytest.raises(DomainError, match="tỷ lệ phần trăm") as e:
        plans.do_set_target(p, indicator="members.admitted.pct_start", target=4, acting_user=None)
    assert e.value.field == "indicator"
    with pytest.raises(DomainError, match="từ chính các kế hoạch"):
        plans.do_set_target(p, indicator="plans.targets_met", target=4, acting_user=None)
    with pytest.raises(DomainError, match="số nguyên") as e:
        plans.do_set_target(p, indicator="members.admitted", target=-1, acting_user=None)
    assert e.value.field == "target"
    with pytest.raises(DomainError, match="Hãy chọn chỉ tiêu"):
        plans.do_set_target(p, indicator=" ", target=1, acting_user=None)
    plans.do_set_target(p, indicator="members.admitted", target=5, acting_user=None)
    with pytest.raises(DomainError, match="đã có chỉ tiêu «Kết nạp đảng viên mới» \\(5\\)"):
        plans.do_set_target(p, indicator="members.admitted", target=6, acting_user=None)
    assert PlanTarget.objects.count() == 1
    codes = {i.code for i in plans.targetable_indicators()}
    assert "members.admitted" in codes and "members.admitted.pct_plan" not in codes


def test_one_target_per_indicator_across_the_committing_plans_of_a_year(
    tree: dict[str, Any],
) -> None:
    issued_plan(tree["GK1"], 2024, {"members.admitted": 5})
    other = issued_plan(
        tree["GK1"], 2024, kind=Plan.Kind.PLAN, title="Kế hoạch phát triển đảng viên 2024"
    )
    with pytest.raises(DomainError, match="mỗi chỉ tiêu chỉ đặt ở một kế hoạch"):
        plans.do_set_target(other, indicator="members.admitted", target=9, acting_user=None)
    draft = plans.do_create_plan(
        organisation=tree["GK1"],
        year=2024,
        kind=Plan.Kind.PLAN,
        title="Dự thảo kế hoạch",
        acting_user=None,
    )
    plans.do_set_target(draft, indicator="members.admitted", target=9, acting_user=None)
    document(tree["GK1"], dt.date(2024, 2, 1), "KH")
    with pytest.raises(DomainError, match="mỗi chỉ tiêu chỉ đặt ở một kế hoạch"):
        plans.do_issue_plan(draft, document="01-KH/ĐU", acting_user=None)
    draft.refresh_from_db()
    assert draft.status == Plan.Status.DRAFT and draft.document is None


def test_plan_refusals(tree: dict[str, Any], cast: dict[str, Any], decision: Any) -> None:
    def create(**kw: Any) -> Plan:
        args: dict[str, Any] = {
            "organisation": tree["GK1"],
            "year": 2024,
            "kind": Plan.Kind.ANNUAL,
            "title": "Chương trình công tác",
            "acting_user": None,
        }
        return plans.do_create_plan(**{**args, **kw})

    for kw, field in (
        ({"title": "  "}, "title"),
        ({"kind": "WEEKLY"}, "kind"),
        ({"year": 2026}, "year"),  # beyond next year
        ({"year": 1900}, "year"),
        ({"end_year": 2023}, "end_year"),
        ({"end_year": 2029, "kind": Plan.Kind.TERM}, "end_year"),
        ({"end_year": 2025}, "end_year"),  # an annual programme has one year
        ({"year": 2019}, "year"),  # before GK1 was founded
        ({"acting_user": cast["cell"]}, "organisation"),
        ({"document": "15-XX/ĐU"}, "document"),
        ({"document": "01-CTr/ĐU"}, "document"),  # not in the register
    ):
        with pytest.raises(DomainError) as error:
            create(**kw)
        assert error.value.field == field, (kw, error.value.message)
    foreign = document(tree["GK2"], dt.date(2023, 12, 1))
    with pytest.raises(DomainError, match="không phải của «Đảng bộ Sở Y tế»"):
        create(document=foreign)
    old = document(tree["GK1"], dt.date(2021, 12, 1))
    with pytest.raises(DomainError, match="không thể ban hành kế hoạch năm 2024"):
        create(document=old)
    assert Plan.objects.count() == 0
    term = create(kind=Plan.Kind.TERM, end_year=2025, title="Chương trình toàn khóa")
    assert term.years == "2024 - 2025"
    assert create(year=2025).year == 2025  # next year's programme, drafted in November


def test_tasks_keep_their_order_and_feed_the_report(tree: dict[str, Any]) -> None:
    annual = issued_plan(tree["BLOC"], 2025, tasks=("Nhiệm vụ một", "Nhiệm vụ hai"))
    extra = issued_plan(
        tree["BLOC"],
        2025,
        tasks=("Kiểm tra chi bộ",),
        kind=Plan.Kind.INSPECTION,
        title="Chương trình kiểm tra, giám sát năm 2025",
    )
    plans.do_add_task(annual, title="Nhiệm vụ ba", acting_user=None)
    plans.do_create_plan(
        organisation=tree["BLOC"],
        year=2025,
        kind=Plan.Kind.PLAN,
        title="Dự thảo",
        acting_user=None,
    )
    titles = [t.title for t in planned_tasks(tree["BLOC"], 2025)]
    assert titles == ["Nhiệm vụ một", "Nhiệm vụ hai", "Nhiệm vụ ba", "Kiểm tra chi bộ"]
    assert planned_tasks(tree["BLOC"], 2025)[0].detail == "Chi tiết: Nhiệm vụ một"
    assert planned_tasks(tree["GK1"], 2025) == [] and planned_tasks(tree["BLOC"], 2024) == []
    do_void(annual.tasks.get(title="Nhiệm vụ hai"), reason="Trùng", acting_user=None)
    do_void(extra, reason="Nhầm năm", acting_user=None)
    titles = [t.title for t in planned_tasks(tree["BLOC"], 2025)]
    assert titles == ["Nhiệm vụ một", "Nhiệm vụ ba"]
    with pytest.raises(DomainError, match="Hãy nhập nhiệm vụ"):
        plans.do_add_task(annual, title=" ", acting_user=None)
    with pytest.raises(DomainError, match="đã bị hủy"):
        plans.do_add_task(extra, title="Việc mới", acting_user=None)
    assert PlanTask.objects.filter(plan=annual).count() == 3


def test_the_plan_source_is_the_organisations_own_target(tree: dict[str, Any]) -> None:
    issued_plan(tree["GK1"], 2024, {"members.admitted": 4})
    issued_plan(tree["GK2"], 2024, {"members.admitted": 3})
    y2024 = Period.year(2024)
    # The bloc set no target: its grassroots' targets do not add up to one.
    assert plan("members.admitted", tree["BLOC"], y2024) is None
    assert plan("members.admitted", tree["GK1"], y2024) == 4
    # A half-year is judged against the year's plan; two years need a two-year plan.
    assert plan("members.admitted", tree["GK1"], Period(dt.date(2024, 1, 1), y2024.end)) == 4
    two = Period(dt.date(2023, 1, 1), dt.date(2024, 12, 31))
    assert plan("members.admitted", tree["GK1"], two) is None
    assert plan("members.end", tree["GK1"], y2024) is None
    term = plans.do_create_plan(
        organisation=tree["GK1"],
        year=2023,
        end_year=2024,
        kind=Plan.Kind.TERM,
        title="Chương trình hai năm",
        document=document(tree["GK1"], dt.date(2023, 1, 5)),
        acting_user=None,
    )
    plans.do_set_target(term, indicator="members.admitted", target=10, acting_user=None)
    assert plan("members.admitted", tree["GK1"], two) == 10
    across = Period(dt.date(2023, 7, 1), dt.date(2024, 6, 30))
    assert plan("members.admitted", tree["GK1"], across) is None


def test_admissions_percent_of_plan(tree: dict[str, Any]) -> None:
    y2024 = Period.year(2024)
    assert value("members.admitted.pct_plan", tree["GK1"], y2024).value is None  # no target
    p = issued_plan(tree["GK1"], 2024, {"members.admitted": 4, "members.end": 50})
    assert value("members.admitted.pct_plan", tree["GK1"], y2024).value == 0
    for day in (dt.date(2024, 3, 1), dt.date(2024, 9, 1), dt.date(2024, 10, 1)):
        admit(tree["C11"], day)
    admit(tree["C21"], dt.date(2024, 3, 1))  # another grassroots organisation
    assert value("members.admitted.pct_plan", tree["GK1"], y2024).value == 75.0
    assert value("members.admitted.pct_plan", tree["BLOC"], y2024).value is None
    met = value("plans.targets_met", tree["GK1"], y2024)
    assert (met.value, met.breakdown) == (0, {"Đạt và vượt": 0, "Chưa đạt": 2})
    admit(tree["C13"], dt.date(2024, 11, 1))
    assert value("members.admitted.pct_plan", tree["GK1"], y2024).value == 100.0
    assert value("plans.targets_met", tree["GK1"], y2024).value == 1
    target = p.targets.get(indicator="members.admitted")
    do_void(target, reason="Nhầm chỉ tiêu", acting_user=None)
    assert value("members.admitted.pct_plan", tree["GK1"], y2024).value is None


def test_closing_a_plan(tree: dict[str, Any]) -> None:
    p = issued_plan(tree["GK1"], 2024, {"members.admitted": 4})
    plans.do_close_plan(p, acting_user=None)
    assert p.status == Plan.Status.CLOSED
    assert plan("members.admitted", tree["GK1"], Period.year(2024)) == 4  # still counts
    with pytest.raises(DomainError, match="đã được tổng kết"):
        plans.do_add_task(p, title="Muộn", acting_user=None)
    with pytest.raises(DomainError, match="Chỉ tổng kết"):
        plans.do_close_plan(p, acting_user=None)
    ahead = issued_plan(tree["GK1"], 2025)
    with pytest.raises(DomainError, match="chỉ tổng kết từ năm 2025"):
        plans.do_close_plan(ahead, acting_user=None)


def test_scope_of_writers(
    tree: dict[str, Any], cast: dict[str, Any], django_user_model: Any
) -> None:
    from dangvu.accounts.models import Role

    clerk = django_user_model.objects.create_user("vanphong", password="x")
    Role.objects.create(user=clerk, organisation=tree["GK2"], kind=Role.Kind.BOARD_OFFICE)
    issued_plan(tree["GK2"], 2024, {"members.admitted": 2}, user=clerk)
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        issued_plan(tree["GK1"], 2024, user=clerk)
    mine = issued_plan(tree["GK1"], 2024, user=cast["grassroots"])
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        plans.do_set_target(mine, indicator="members.admitted", target=1, acting_user=clerk)
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        plans.do_add_task(mine, title="Việc", acting_user=cast["viewer"])
