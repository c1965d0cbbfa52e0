"""Discipline as the texts state it: the statute of limitations with its exceptions and its
restart (Quy định 102-QĐ/TW 2017, Điều 3; 07-QĐi/TW 2018, Điều 5; 69-QĐ/TW 2022, Điều 4),
who may decide which form (Điều lệ Đảng, Điều 36–37), and the forms heaviest first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.errors import DomainError
from dangvu.core.importing import get_kind, run_import
from dangvu.core.rules import rule
from dangvu.inspection import actions
from dangvu.inspection.limitation import ViolationCategory, check_limitation
from dangvu.inspection.models import (
    MEMBER_FORMS,
    ORGANISATION_FORMS,
    DisciplineDecision,
    Form,
    Level,
)
from dangvu.lib import sheets
from dangvu.members.kinds import DisciplineForm
from dangvu.members.models import MemberEvent
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 1)
EXEMPT_FOR_MEMBERS = [
    ViolationCategory.INTERNAL_POLITICS,
    ViolationCategory.SECURITY_DEFENCE,
    ViolationCategory.FOREIGN_AFFAIRS,
    ViolationCategory.ILLEGAL_DEGREE,
]


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0), tick=False):
        yield


def _member(tree: dict[str, Any], org: str = "C11", **kw: Any) -> Any:
    return existing(
        tree[org], dt.date(2020, 1, 1), dt.date(1995, 5, 1), birth=dt.date(1970, 3, 2), **kw
    )


def _decide(tree: dict[str, Any], member: Any, form: str, **kw: Any) -> DisciplineDecision:
    values: dict[str, Any] = {
        "target": "MEMBER",
        "form": form,
        "issuing_organisation": tree["BLOC"],
        "issuing_level": Level.COMMISSION,
        "violation_date": dt.date(2012, 8, 1),
        "decision_date": dt.date(2025, 2, 20),
        "violation": "Sử dụng bằng tốt nghiệp đại học giả để được bổ nhiệm",
        "member": member,
        "acting_user": None,
    }
    return actions.do_discipline(**(values | kw))


def _nothing_written(call: Any, match: str) -> None:
    before = (DisciplineDecision.objects.count(), MemberEvent.objects.count())
    with pytest.raises(DomainError, match=match):
        call()
    assert (DisciplineDecision.objects.count(), MemberEvent.objects.count()) == before


# --- point 10: limitation ----------------------------------------------------------


@pytest.mark.parametrize("category", EXEMPT_FOR_MEMBERS)
def test_no_limitation_for_the_categories_the_regulation_lists(
    tree: dict[str, Any], category: str
) -> None:
    """Quy định 69-QĐ/TW, Điều 4: no limitation for violations of internal political
    security, national security and defence, foreign affairs, and illegal degrees and
    certificates: a warning in 2025 for a 2012 forged diploma is lawful."""
    member = _member(tree)
    decision = _decide(tree, member, "WARNING", violation_category=category)
    assert decision.violation_category == category
    assert decision.member_event is not None


def test_an_ordinary_violation_of_2012_is_time_barred_for_every_form_with_a_limit(
    tree: dict[str, Any],
) -> None:
    """Quy định 69-QĐ/TW, Điều 4: 5 years for a reprimand, 10 for a warning or dismissal."""
    member = _member(tree, post="Phó Giám đốc")
    years = rule("discipline.limitation_years.members", TODAY)
    for form in MEMBER_FORMS:
        if years[form] is None:
            continue
        _nothing_written(lambda f=form: _decide(tree, member, f), "hết thời hiệu")


def test_a_violation_judged_at_expulsion_level_has_no_limitation_whatever_the_form(
    tree: dict[str, Any],
) -> None:
    """Quy định 69-QĐ/TW, Điều 4: no limitation for a violation at the level of expulsion,
    even when the body, weighing mitigating circumstances, decides a lighter form."""
    member = _member(tree)
    decision = _decide(tree, member, "WARNING", expulsion_level=True)
    assert decision.expulsion_level


def test_a_new_violation_within_the_period_restarts_it(tree: dict[str, Any]) -> None:
    """Quy định 69-QĐ/TW, Điều 4: a new violation within the period restarts the period of
    the old one from the new violation; one after the period ended does not revive it."""
    member = _member(tree)
    old = {"violation_date": dt.date(2015, 6, 10), "violation_category": "OTHER"}
    _nothing_written(lambda: _decide(tree, member, "REPRIMAND", **old), "hết thời hiệu")
    _nothing_written(
        lambda: _decide(tree, member, "REPRIMAND", later_violation_date=dt.date(2020, 8, 1), **old),
        "không tính lại thời hiệu",
    )
    decision = _decide(tree, member, "REPRIMAND", later_violation_date=dt.date(2020, 5, 1), **old)
    assert decision.later_violation_date == dt.date(2020, 5, 1)


@pytest.mark.parametrize(
    "category, time_barred",
    [
        (ViolationCategory.OTHER, True),
        (ViolationCategory.INTERNAL_POLITICS, False),
        (ViolationCategory.SECURITY_DEFENCE, False),
        (ViolationCategory.FOREIGN_AFFAIRS, False),
        # An organisation does not use degrees: not among its exceptions.
        (ViolationCategory.ILLEGAL_DEGREE, True),
    ],
)
def test_organisations_have_their_own_exceptions(
    tree: dict[str, Any], category: str, time_barred: bool
) -> None:
    """Quy định 69-QĐ/TW, Điều 4 (tổ chức đảng): no limitation for dissolution-level
    violations and for internal politics, defence and security, foreign affairs."""
    args = {
        "target": "ORGANISATION",
        "form": "REPRIMAND",
        "organisation": tree["GK1"],
        "issuing_organisation": tree["BLOC"],
        "issuing_level": Level.STANDING,
        "violation_date": dt.date(2020, 1, 5),
        "decision_date": dt.date(2025, 2, 20),
        "violation": "Buông lỏng lãnh đạo",
        "violation_category": category,
        "acting_user": None,
    }
    if time_barred:
        _nothing_written(lambda: actions.do_discipline(**args), "hết thời hiệu")
    else:
        assert actions.do_discipline(**args).violation_category == category


@pytest.mark.parametrize(
    "target, first_limit",
    [("members", dt.date(2017, 11, 15)), ("organisations", dt.date(2018, 8, 28))],
)
def test_the_limitation_applies_from_the_text_that_introduced_it(
    target: str, first_limit: dt.date
) -> None:
    """Before Quy định 102-QĐ/TW (15/11/2017) for members and 07-QĐi/TW (28/8/2018) for
    organisations, party discipline had no limitation; from then, 5 years for a reprimand.
    The rule in force on the decision date applies, for every form."""
    violation = dt.date(2005, 1, 1)
    for form in MEMBER_FORMS if target == "members" else ORGANISATION_FORMS:
        check_limitation(target, form, violation, first_limit - dt.timedelta(days=1))
    with pytest.raises(DomainError, match="hết thời hiệu"):
        check_limitation(target, "REPRIMAND", violation, first_limit)
    check_limitation(
        target, "REPRIMAND", violation, first_limit, category=ViolationCategory.INTERNAL_POLITICS
    )


def test_the_form_records_the_category_and_accepts_the_forged_diploma_warning(
    tree: dict[str, Any], client: Client, admin_user: Any
) -> None:
    """The discipline page takes the category: the 2012 forged-diploma warning is saved."""
    member = _member(tree, identity_number="052070001234")
    client.force_login(admin_user)
    data = {
        "target": "MEMBER",
        "member": "052070001234",
        "form": "WARNING",
        "issuing_organisation": "BLOC",
        "issuing_level": "COMMISSION",
        "violation_date": "01/08/2012",
        "decision_date": "20/02/2025",
        "decision_number": "21-QĐ/UBKT",
        "violation": "Sử dụng bằng đại học giả",
    }
    refused = client.post(reverse("inspection:discipline_create"), data)
    assert refused.status_code == 200 and "hết thời hiệu" in refused.content.decode()
    saved = client.post(
        reverse("inspection:discipline_create"),
        data | {"violation_category": "ILLEGAL_DEGREE"},
    )
    assert saved.status_code == 302
    decision = DisciplineDecision.objects.get(member=member)
    assert decision.violation_category == "ILLEGAL_DEGREE"
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Sử dụng văn bằng, chứng chỉ, chứng nhận không hợp pháp" in page


@pytest.mark.parametrize("category", EXEMPT_FOR_MEMBERS)
def test_the_member_page_records_the_exempt_category_too(
    tree: dict[str, Any], client: Client, cast: dict[str, Any], category: str
) -> None:
    """The discipline event on a member's page applies the same exceptions
    (Quy định 69-QĐ/TW, Điều 4)."""
    member = _member(tree)
    client.force_login(cast["grassroots"])
    url = reverse("members:event", args=[member.pk, "DISCIPLINED"])
    data = {
        "date": "20/02/2025",
        "form": "WARNING",
        "issuing_level": "CELL",
        "violation_date": "01/08/2012",
    }
    refused = client.post(url, data)
    assert "Đã hết thời hiệu xử lý kỷ luật" in refused.content.decode()
    assert client.post(url, data | {"violation_category": category}).status_code == 302
    assert member.events.filter(kind="DISCIPLINED", voided_at__isnull=True).count() == 1


def _import(rows: list[list[object]], user: Any) -> Any:
    kind = get_kind("discipline")
    data = sheets.write_csv([c.header for c in kind.columns], rows)
    return run_import(
        kind, data, "x.csv", user=user, scope=member_editable_organisations(user), commit=True
    )


def _row(import_kind: Any, **cells: str) -> list[object]:
    return [cells.get(c.field, "") for c in import_kind.columns]


def test_the_import_reads_category_expulsion_level_later_violation_and_delegation(
    tree: dict[str, Any], admin_user: Any
) -> None:
    """Import columns for what the limitation and the authority depend on."""
    _member(tree, identity_number="052070001234")
    _member(tree, "C21", identity_number="052070005678")
    kind = get_kind("discipline")
    base = {
        "target": "Đảng viên",
        "identity_number": "052070001234",
        "issuing_organisation": "BLOC",
        "issuing_level": "Ủy ban Kiểm tra",
        "violation_date": "01/08/2012",
        "decision_date": "20/02/2025",
        "violation": "Vi phạm",
    }
    rows = [
        _row(
            kind,
            **base,
            form="Cảnh cáo",
            violation_category="Sử dụng văn bằng, chứng chỉ, chứng nhận không hợp pháp",
            decision_number="1",
        ),
        _row(kind, **base, form="Khiển trách", expulsion_level="Có", decision_number="2"),
        _row(
            kind,
            **base | {"violation_date": "10/06/2015"},
            form="Khiển trách",
            later_violation_date="01/05/2020",
            decision_number="3",
        ),
        _row(
            kind,
            **base
            | {
                "identity_number": "052070005678",
                "issuing_organisation": "GK2",
                "issuing_level": "Đảng ủy cơ sở",
                "violation_date": "10/01/2025",
            },
            form="Khai trừ",
            delegation="125-QĐ/ĐUK ngày 10/3/2021",
            decision_number="4",
        ),
    ]
    report = _import(rows, admin_user)
    assert report.ok and report.created == 4, report.lines()
    got = {d.decision_number: d for d in DisciplineDecision.objects.all()}
    assert got["1"].violation_category == "ILLEGAL_DEGREE"
    assert got["2"].expulsion_level
    assert got["3"].later_violation_date == dt.date(2020, 5, 1)
    assert got["4"].delegation == "125-QĐ/ĐUK ngày 10/3/2021"


def test_the_member_events_import_reads_the_limitation_columns(
    tree: dict[str, Any], admin_user: Any
) -> None:
    """The events import of the member ledger takes the same columns (Quy định 69-QĐ/TW,
    Điều 4): a 2012 forged diploma warned in 2025."""
    member = _member(tree, name="Lê Văn Bằng", identity_number="052070001234")
    kind = get_kind("events")
    row = {
        "kind": "Kỷ luật",
        "date": "20/02/2025",
        "full_name": "Lê Văn Bằng",
        "birth_date": "02/03/1970",
        "sex": "Nam",
        "identity_number": "052070001234",
        "form": "Cảnh cáo",
        "issuing_level": "Chi bộ",
        "violation_date": "01/08/2012",
    }
    data = sheets.write_csv([c.header for c in kind.columns], [_row(kind, **row)])
    scope = member_editable_organisations(admin_user)
    refused = run_import(kind, data, "x.csv", user=admin_user, scope=scope, commit=True)
    assert not refused.ok and "hết thời hiệu" in " ".join(refused.lines())
    row["violation_category"] = "Sử dụng văn bằng, chứng chỉ, chứng nhận không hợp pháp"
    data = sheets.write_csv([c.header for c in kind.columns], [_row(kind, **row)])
    report = run_import(kind, data, "x.csv", user=admin_user, scope=scope, commit=True)
    assert report.ok and report.created == 1, report.lines()
    assert member.events.filter(kind="DISCIPLINED").count() == 1


# --- point 11: authority -------------------------------------------------------------


@pytest.mark.parametrize("cell", ["C11", "GC1"])
@pytest.mark.parametrize("form", [f for f in MEMBER_FORMS])
def test_a_cell_and_a_grassroots_cell_only_reprimand_and_warn(
    tree: dict[str, Any], cell: str, form: str
) -> None:
    """Điều lệ Đảng, Điều 36, khoản 1: a cell (a grassroots cell too) reprimands and warns
    its members; it never dismisses or expels, delegated or not."""
    member = _member(tree, cell, post="Trưởng phòng")
    args = {
        "issuing_organisation": tree[cell],
        "issuing_level": Level.CELL,
        "violation_date": dt.date(2024, 10, 1),
    }
    if form in (Form.WARNING, Form.REPRIMAND):
        assert _decide(tree, member, form, **args).issuing_level == Level.CELL
    else:
        _nothing_written(lambda: _decide(tree, member, form, **args), "không quyết định")
        _nothing_written(
            lambda: _decide(tree, member, form, delegation="12-QĐ/ĐUK ngày 01/3/2021", **args),
            "Chỉ ghi quyết định ủy quyền",
        )


@pytest.mark.parametrize("form", [f for f in MEMBER_FORMS])
def test_a_grassroots_committee_expels_only_with_a_recorded_delegation(
    tree: dict[str, Any], form: str
) -> None:
    """Điều lệ Đảng, Điều 36, khoản 2: a grassroots committee reprimands, warns, dismisses;
    it expels only when the committee above delegated it the power to admit and expel,
    which the decision names."""
    member = _member(tree, post="Trưởng khoa")
    args = {
        "issuing_organisation": tree["GK1"],
        "issuing_level": Level.GRASSROOTS,
        "violation_date": dt.date(2024, 10, 1),
    }
    if form == Form.EXPULSION:
        _nothing_written(lambda: _decide(tree, member, form, **args), "được cấp ủy cấp trên ủy")
        decision = _decide(tree, member, form, delegation="125-QĐ/ĐUK ngày 10/3/2021", **args)
        assert decision.delegation == "125-QĐ/ĐUK ngày 10/3/2021"
    else:
        assert _decide(tree, member, form, **args).form == form
        member.refresh_from_db()


def test_the_authority_is_dated_rule_data(tree: dict[str, Any]) -> None:
    """An administrator's version of `discipline.forms_by_issuing_level` applies from its
    date: here a text letting a grassroots committee expel without delegation."""
    from dangvu.core.models import RuleVersion

    value = rule("discipline.forms_by_issuing_level", TODAY)
    value = {**value, "members": {**value["members"], "GRASSROOTS": list(MEMBER_FORMS)}}
    RuleVersion.objects.create(
        key="discipline.forms_by_issuing_level", effective_from=dt.date(2025, 1, 1), value=value
    )
    member = _member(tree)
    decision = _decide(
        tree,
        member,
        "EXPULSION",
        issuing_organisation=tree["GK1"],
        issuing_level=Level.GRASSROOTS,
        violation_date=dt.date(2024, 10, 1),
    )
    assert decision.form == "EXPULSION"


def test_the_form_names_the_missing_delegation_on_its_field(
    tree: dict[str, Any], client: Client, admin_user: Any
) -> None:
    _member(tree, identity_number="052070001234")
    client.force_login(admin_user)
    response = client.post(
        reverse("inspection:discipline_create"),
        {
            "target": "MEMBER",
            "member": "052070001234",
            "form": "EXPULSION",
            "issuing_organisation": "GK1",
            "issuing_level": "GRASSROOTS",
            "violation_date": "01/10/2024",
            "decision_date": "20/02/2025",
            "violation": "Vi phạm",
            "violation_category": "OTHER",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "quyết định ủy quyền" in body
    assert not DisciplineDecision.objects.exists()


# --- point 12: heaviest first --------------------------------------------------------

HEAVIEST_FIRST_MEMBERS = ["EXPULSION", "DISMISSAL", "WARNING", "REPRIMAND"]
HEAVIEST_FIRST_ORGS = ["DISSOLUTION", "WARNING", "REPRIMAND"]


def test_forms_are_listed_heaviest_first_everywhere(
    tree: dict[str, Any], client: Client, admin_user: Any
) -> None:
    """Party reports list forms heaviest first: khai trừ, cách chức, cảnh cáo, khiển trách;
    for organisations giải tán, cảnh cáo, khiển trách (choices, filters, rules, imports)."""
    assert list(MEMBER_FORMS) == HEAVIEST_FIRST_MEMBERS
    assert list(ORGANISATION_FORMS) == HEAVIEST_FIRST_ORGS
    assert list(DisciplineForm.values) == HEAVIEST_FIRST_MEMBERS
    member_forms = [f for f in Form.values if f in HEAVIEST_FIRST_MEMBERS]
    assert member_forms == HEAVIEST_FIRST_MEMBERS
    for key in ("discipline.limitation_years.members", "members.discipline_forms_by_status"):
        value = rule(key, TODAY)
        lists = value.values() if key.startswith("members.") else [list(value)]
        for forms in lists:
            assert forms == [f for f in HEAVIEST_FIRST_MEMBERS if f in forms], (key, forms)
    authority = rule("discipline.forms_by_issuing_level", TODAY)
    for group, order in (
        ("members", HEAVIEST_FIRST_MEMBERS),
        ("organisations", HEAVIEST_FIRST_ORGS),
    ):
        for forms in authority[group].values():
            assert forms == [f for f in order if f in forms]
    column = get_kind("discipline").column("Hình thức kỷ luật")
    assert [v for v, _ in column.choices] == list(Form.values)
    client.force_login(admin_user)
    page = client.get(reverse("inspection:discipline_create")).content.decode()
    positions = [page.index(f'value="{f}"') for f in HEAVIEST_FIRST_MEMBERS]
    assert positions == sorted(positions)


def test_the_members_breakdown_lists_forms_heaviest_first(tree: dict[str, Any]) -> None:
    """The report's sentence reads «khai trừ 01 …, cảnh cáo 02 …, khiển trách 09 …»
    whatever order the decisions were recorded in."""
    from dangvu.reports.registry import Period, value

    people = [_member(tree) for _ in range(3)]
    for person, form in zip(people, ["REPRIMAND", "WARNING", "EXPULSION"], strict=True):
        _decide(tree, person, form, violation_date=dt.date(2024, 10, 1))
    figure = value("discipline.members", tree["BLOC"], Period(dt.date(2025, 1, 1), TODAY))
    assert list(figure.breakdown) == ["Khai trừ", "Cảnh cáo", "Khiển trách"]
