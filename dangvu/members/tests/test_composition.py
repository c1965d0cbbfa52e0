"""The composition indicators (members by sex, age, ethnicity, religion, education,
qualification, theory, state management, academic title, occupation and party age, the
admissions of a period by the same, and the members who left), on a hand-built committee
against hand-counted figures; their batch forms against the single forms; the number of
statements against the number of members."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.members import actions, composition
from dangvu.members.actions import Decision
from dangvu.members.models import Member
from dangvu.members.tests.factories import admit, existing
from dangvu.orgs.actions import Decision as OrgDecision
from dangvu.orgs.actions import do_move_organisation
from dangvu.reports import registry
from dangvu.reports.registry import Period
from dangvu.vocab.models import UNKNOWN_LABEL, VocabularyValue

pytestmark = pytest.mark.django_db

YEAR = Period.year(2023)
D = YEAR.end

DAY_CODES = [code for code, *_ in composition.DAY_INDICATORS]
ADMITTED_CODES = [code for code, *_ in composition.ADMITTED_INDICATORS]
ALL_CODES = [*DAY_CODES, *ADMITTED_CODES, "members.left"]
BY_CODES = [c for c in DAY_CODES if ".by_" in c and c != "members.by_academic_title"]

# (vocabulary, code) -> (name, group, order), as the design names them.
VALUES = {
    ("ETHNICITY", "01"): ("Kinh", "KINH", 1),
    ("ETHNICITY", "02"): ("Tày", "MINORITY", 2),
    ("ETHNICITY", "08"): ("Hmông", "MINORITY", 8),
    ("ETHNICITY", "55"): ("Người nước ngoài", "FOREIGN", 55),
    ("RELIGION", "00"): ("Không", "NONE", 0),
    ("RELIGION", "01"): ("Phật giáo", "RELIGIOUS", 1),
    ("RELIGION", "02"): ("Công giáo", "RELIGIOUS", 2),
    ("QUALIFICATION", "BACHELOR"): ("Đại học", "BACHELOR", 5),
    ("QUALIFICATION", "MASTER"): ("Thạc sĩ", "MASTER", 6),
    ("THEORY", "NONE"): ("Chưa qua đào tạo", "NONE", 1),
    ("THEORY", "ELEMENTARY"): ("Sơ cấp", "ELEMENTARY", 2),
    ("THEORY", "INTERMEDIATE"): ("Trung cấp", "INTERMEDIATE", 3),
    ("THEORY", "ADVANCED"): ("Cao cấp", "ADVANCED", 4),
    ("THEORY", "BACHELOR"): ("Cử nhân", "ADVANCED", 5),
    ("STATE_MANAGEMENT", "OFFICER"): ("Chuyên viên", "OFFICER", 2),
    ("STATE_MANAGEMENT", "PRINCIPAL"): ("Chuyên viên chính", "PRINCIPAL", 3),
    ("ACADEMIC_TITLE", "ASSOC"): ("Phó Giáo sư", "ASSOC", 1),
    ("ACADEMIC_TITLE", "PROF"): ("Giáo sư", "PROF", 2),
    ("OCCUPATION", "WORKER"): ("Công nhân", "WORKER", 1),
    ("OCCUPATION", "OFFICIAL"): ("Cán bộ, công chức", "OFFICIAL", 3),
    ("OCCUPATION", "PUBLIC"): ("Viên chức", "PUBLIC", 4),
}


def v(vocabulary: str, code: str) -> VocabularyValue:
    """The value (shipped, or made here as the design names it), by (vocabulary, code)."""
    name, group, order = VALUES[(vocabulary, code)]
    found, _ = VocabularyValue.objects.get_or_create(
        vocabulary=vocabulary,
        code=code,
        defaults={"name": name, "group": group, "order": order},
    )
    return found


def nonzero(figure: registry.Figure) -> dict[str, Any]:
    return {k: n for k, n in figure.breakdown.items() if n}


@pytest.fixture
def committee(tree: dict[str, Any]) -> dict[str, Any]:
    """The bloc of `tree` with ten members; C12 moves from GK1 to GK2 on 01/08/2023.

    On 31/12/2023: GC1 has C; GC2 has F6; GK1 has A (C11) and E (C13); GK2 has D4 and G
    (C21), B and J (C12, moved with their cell). H (GC2) was transferred out and I (GC1)
    died in 2023; G moved from C11 to C21 on 01/07/2023. Admitted in 2023: E, F6, J.
    """
    on, m = dt.date(2022, 1, 1), {}
    m["A"] = existing(
        tree["C11"], on, dt.date(2010, 3, 1), sex="F", birth=dt.date(1985, 6, 1),
        ethnicity=v("ETHNICITY", "01"), religion=v("RELIGION", "00"), education="12/12",
        qualification=v("QUALIFICATION", "BACHELOR"), theory_level=v("THEORY", "INTERMEDIATE"),
        state_management=v("STATE_MANAGEMENT", "OFFICER"), occupation=v("OCCUPATION", "OFFICIAL"),
    )  # fmt: skip
    m["B"] = existing(
        tree["C12"], on, dt.date(1985, 1, 1), birth=dt.date(1960, 12, 31),
        ethnicity=v("ETHNICITY", "02"), religion=v("RELIGION", "01"), education="9/12",
        qualification=v("QUALIFICATION", "MASTER"), theory_level=v("THEORY", "ADVANCED"),
        state_management=v("STATE_MANAGEMENT", "PRINCIPAL"),
        academic_title=v("ACADEMIC_TITLE", "PROF"), occupation=v("OCCUPATION", "PUBLIC"),
    )  # fmt: skip
    m["C"] = existing(
        tree["GC1"], on, dt.date(2019, 5, 1), sex="F", birth=dt.date(1999, 1, 1), education=""
    )
    m["D4"] = existing(
        tree["C21"], on, dt.date(1970, 1, 1), ethnicity=v("ETHNICITY", "01"),
        theory_level=v("THEORY", "BACHELOR"), education="",
    )  # fmt: skip
    m["G"] = existing(
        tree["C11"], on, dt.date(1995, 1, 1), birth=dt.date(1970, 7, 1),
        ethnicity=v("ETHNICITY", "01"), education="",
    )  # fmt: skip
    m["H"] = existing(tree["GC2"], on, dt.date(2000, 1, 1))
    m["I"] = existing(tree["GC1"], on, dt.date(2001, 1, 1))
    m["E"] = admit(
        tree["C13"], dt.date(2023, 3, 1), sex="F", birth=dt.date(1990, 5, 17),
        ethnicity=v("ETHNICITY", "01"), religion=v("RELIGION", "02"), education="12/12",
    )  # fmt: skip
    m["J"] = admit(
        tree["C12"], dt.date(2023, 4, 1), birth=dt.date(1995, 2, 1), education="",
        ethnicity=v("ETHNICITY", "01"), religion=v("RELIGION", "00"),
        qualification=v("QUALIFICATION", "BACHELOR"), occupation=v("OCCUPATION", "OFFICIAL"),
    )  # fmt: skip
    m["F6"] = admit(
        tree["GC2"], dt.date(2023, 6, 1), birth=dt.date(2000, 1, 1),
        ethnicity=v("ETHNICITY", "08"), religion=v("RELIGION", "00"), education="7/10",
        occupation=v("OCCUPATION", "WORKER"),
    )  # fmt: skip
    # A religion retired in 2022, still on D4's record: counted under its own name.
    retired, _ = VocabularyValue.objects.get_or_create(
        vocabulary="RELIGION",
        code="99",
        defaults={"name": "Đạo Ông Bà", "group": "RELIGIOUS", "valid_to": dt.date(2022, 6, 1)},
    )
    Member.objects.filter(pk=m["D4"].pk).update(religion=retired)
    actions.do_move_member(
        m["G"], to=tree["C21"], decision=Decision(dt.date(2023, 7, 1)), acting_user=None
    )
    do_move_organisation(
        tree["C12"],
        new_parent=tree["GK2"],
        decision=OrgDecision(effective_date=dt.date(2023, 8, 1)),
        acting_user=None,
    )
    actions.do_transfer_out(
        m["H"], external_party="Đảng bộ tỉnh Gia Lai", decision=Decision(dt.date(2023, 9, 1)),
        acting_user=None,
    )  # fmt: skip
    actions.do_end_membership(
        m["I"], kind="DIED", decision=Decision(dt.date(2023, 10, 1)), acting_user=None
    )
    for org in tree.values():
        org.refresh_from_db()
    return {**tree, **m}


def fig(code: str, org: Any) -> registry.Figure:
    return registry.value(code, org, YEAR)


def test_the_members_of_the_day_by_each_field(committee: dict[str, Any]) -> None:
    bloc = committee["BLOC"]
    assert fig("members.end", bloc).value == 8
    assert fig("members.women", bloc).value == 3
    assert fig("members.ethnic_minority", bloc).value == 2
    assert fig("members.religious", bloc).value == 3  # the retired religion counts
    assert fig("members.women.pct", bloc).value == pytest.approx(37.5)
    assert fig("members.ethnic_minority.pct", bloc).value == pytest.approx(25.0)
    assert fig("members.average_age", bloc).value == 42.5  # 340 years / 8
    assert nonzero(fig("members.by_sex", bloc)) == {"Nam": 5, "Nữ": 3}
    age = fig("members.by_age", bloc)
    assert age.breakdown == {
        "Từ 18 đến 30 tuổi": 3,
        "Từ 31 đến 40 tuổi": 2,
        "Từ 41 đến 50 tuổi": 0,
        "Từ 51 đến 60 tuổi": 1,
        "Từ 61 đến 70 tuổi": 1,  # B turns 63 on 31/12
        "Từ 71 tuổi trở lên": 1,
    }
    ethnicity = fig("members.by_ethnicity", bloc)
    assert nonzero(ethnicity) == {"Kinh": 5, "Tày": 1, "Hmông": 1, UNKNOWN_LABEL: 1}
    assert list(ethnicity.breakdown)[-1] == UNKNOWN_LABEL
    assert "Người nước ngoài" in ethnicity.breakdown  # every value of the day, zeros too
    religion = fig("members.by_religion", bloc)
    assert nonzero(religion) == {
        "Không": 3,
        "Phật giáo": 1,
        "Công giáo": 1,
        "Đạo Ông Bà": 1,
        UNKNOWN_LABEL: 2,
    }
    assert fig("members.by_education", bloc).breakdown == {
        "Tiểu học": 0,
        "Trung học cơ sở": 2,  # 9/12 and 7/10
        "Trung học phổ thông": 2,
        UNKNOWN_LABEL: 4,
    }
    assert nonzero(fig("members.by_qualification", bloc)) == {
        "Đại học": 2,
        "Thạc sĩ": 1,
        UNKNOWN_LABEL: 5,
    }
    theory = fig("members.by_theory", bloc)
    assert nonzero(theory) == {"Trung cấp": 1, "Cao cấp, cử nhân": 2, UNKNOWN_LABEL: 5}
    assert list(theory.breakdown) == [
        "Chưa qua đào tạo",
        "Sơ cấp",
        "Trung cấp",
        "Cao cấp, cử nhân",
        UNKNOWN_LABEL,
    ]
    assert nonzero(fig("members.by_state_management", bloc)) == {
        "Chuyên viên": 1,
        "Chuyên viên chính": 1,
        UNKNOWN_LABEL: 6,
    }
    title = fig("members.by_academic_title", bloc)
    assert (title.value, nonzero(title)) == (1, {"Giáo sư": 1})
    assert UNKNOWN_LABEL not in title.breakdown
    assert nonzero(fig("members.by_occupation", bloc)) == {
        "Công nhân": 1,
        "Cán bộ, công chức": 2,
        "Viên chức": 1,
        UNKNOWN_LABEL: 4,
    }
    assert fig("members.by_party_age", bloc).breakdown == {
        "Dưới 10 năm": 4,
        "Từ 10 đến dưới 20 năm": 1,
        "Từ 20 đến dưới 30 năm": 1,
        "Từ 30 đến dưới 40 năm": 1,
        "Từ 40 đến dưới 50 năm": 0,
        "Từ 50 năm trở lên": 1,
    }


def test_each_organisation_counts_on_the_structure_of_the_last_day(
    committee: dict[str, Any],
) -> None:
    c = committee
    # G moved C11 -> C21 and C12 moved GK1 -> GK2 with B and J: both count under GK2.
    assert [fig("members.end", c[k]).value for k in ("GC1", "GC2", "GK1", "GK2")] == [1, 1, 2, 4]
    assert [fig("members.women", c[k]).value for k in ("GC1", "GC2", "GK1", "GK2")] == [1, 0, 2, 0]
    assert nonzero(fig("members.by_ethnicity", c["GK2"])) == {"Kinh": 3, "Tày": 1}
    assert fig("members.average_age", c["GK2"]).value == round((63 + 78 + 53 + 28) / 4, 1)
    assert fig("members.average_age", c["SUB1"]).value == 33.0
    assert fig("members.women.pct", c["GK2"]).value == 0
    for org in ("GC1", "GC2", "GK1", "GK2", "C11", "C12", "C13", "C21", "SUB1", "BLOC"):
        end = fig("members.end", c[org]).value
        for code in BY_CODES:
            assert fig(code, c[org]).value == end, (code, org)


def test_the_admissions_of_the_year_by_each_field(committee: dict[str, Any]) -> None:
    c = committee
    bloc = c["BLOC"]
    assert fig("members.admitted", bloc).value == 3
    assert fig("members.admitted.by_sex", bloc).breakdown == {"Nam": 2, "Nữ": 1}
    assert fig("members.admitted.by_age", bloc).breakdown == {
        "Từ 18 đến 30 tuổi": 2,
        "Từ 31 đến 40 tuổi": 1,  # E: 32 on the decision day, 33 at the year's end
        "Từ 41 đến 50 tuổi": 0,
        "Trên 50 tuổi": 0,
    }
    assert fig("members.admitted.by_ethnicity", bloc).breakdown == {
        "Kinh": 2,
        "Dân tộc thiểu số": 1,
        "Người nước ngoài": 0,
        UNKNOWN_LABEL: 0,
    }
    assert fig("members.admitted.by_religion", bloc).breakdown == {
        "Không": 2,
        "Có tôn giáo": 1,
        UNKNOWN_LABEL: 0,
    }
    assert fig("members.admitted.by_education", bloc).breakdown == {
        "Tiểu học": 0,
        "Trung học cơ sở": 1,
        "Trung học phổ thông": 1,
        UNKNOWN_LABEL: 1,
    }
    assert nonzero(fig("members.admitted.by_qualification", bloc)) == {
        "Đại học": 1,
        UNKNOWN_LABEL: 2,
    }
    assert nonzero(fig("members.admitted.by_occupation", bloc)) == {
        "Công nhân": 1,
        "Cán bộ, công chức": 1,
        UNKNOWN_LABEL: 1,
    }
    # J was admitted in C12 while it stood under GK1: GK1's admission, as members.admitted.
    for org in ("GC1", "GC2", "GK1", "GK2", "C12", "C13", "BLOC"):
        admitted = fig("members.admitted", c[org]).value
        assert admitted == {"GC2": 1, "GK1": 2, "C12": 1, "C13": 1, "BLOC": 3}.get(org, 0)
        for code in ADMITTED_CODES:
            assert fig(code, c[org]).value == admitted, (code, org)


def test_the_members_who_left_by_reason(committee: dict[str, Any]) -> None:
    c = committee
    left = fig("members.left", c["BLOC"])
    assert (left.value, nonzero(left)) == (
        2,
        {"Đảng viên từ trần": 1, "Chuyển sinh hoạt đảng đi": 1},
    )
    # A move inside the committee (G) or of a cell (C12) is no departure.
    assert [fig("members.left", c[k]).value for k in ("GC1", "GC2", "GK1", "GK2")] == [1, 1, 0, 0]


SETS = {
    "under the bloc": ["GC1", "GC2", "GK1", "GK2"],
    "under GK1 on the last day": ["C11", "SUB1"],
    "under GK2, one cell moved in during the year": ["C21", "C12"],
    "not siblings, one inside another": ["GK1", "C11", "C13", "GC2"],
    "one organisation": ["C13"],
}


@pytest.mark.parametrize("codes", SETS.values(), ids=SETS.keys())
def test_the_batch_form_is_the_single_form_for_every_organisation(
    committee: dict[str, Any], codes: list[str]
) -> None:
    orgs = [committee[k] for k in codes]
    for period in (YEAR, Period(dt.date(2023, 7, 15), dt.date(2023, 8, 15))):
        with registry.computation():
            for code in ALL_CODES:
                many = registry.values_by_org(code, orgs, period)
                for org in orgs:
                    single = registry.value(code, org, period)
                    assert many[org.pk] == single, (code, org.code, period)


def _statements(orgs: list[Any]) -> int:
    with CaptureQueriesContext(connection) as ctx, registry.computation():
        for code in ALL_CODES:
            registry.values_by_org(code, orgs, YEAR)
    return len(ctx.captured_queries)


def test_the_statements_do_not_grow_with_the_members(
    committee: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    c = committee
    orgs = [c[k] for k in ("GC1", "GC2", "GK1", "GK2")]
    before = _statements(orgs)
    for i in range(12):
        existing(c["C13"] if i % 2 else c["GC1"], dt.date(2022, 1, 1), dt.date(2005, 1, 1))
        admit(c["C21"] if i % 2 else c["GC2"], dt.date(2023, 2, 1) + dt.timedelta(days=i))
    assert _statements(orgs) == before
    # One statement per field of the day, one for the admissions, a few to place them.
    with django_assert_max_num_queries(24), registry.computation():
        for code in ALL_CODES:
            registry.values_by_org(code, orgs, YEAR)


def test_a_member_with_no_age_start_counts_as_unknown_party_age(
    committee: dict[str, Any],
) -> None:
    from dangvu.members.models import MembershipInterval

    MembershipInterval.objects.filter(member=committee["A"]).update(age_start=None)
    breakdown = fig("members.by_party_age", committee["BLOC"]).breakdown
    assert breakdown[UNKNOWN_LABEL] == 1
    assert sum(breakdown.values()) == 8


def test_the_vocabulary_values_are_read_once_per_computation(
    committee: dict[str, Any],
) -> None:
    with CaptureQueriesContext(connection) as ctx, registry.computation():
        fig("members.by_ethnicity", committee["BLOC"])
        fig("members.by_religion", committee["BLOC"])
    assert sum("vocab_vocabularyvalue" in q["sql"] for q in ctx.captured_queries) == 1
