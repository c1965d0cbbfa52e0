"""Party age counts from the first admission decision minus only the time without membership.

Quy định 24-QĐ/TW ngày 30/7/2021, điểm 4.5.1: tuổi đảng tính từ ngày cấp có thẩm quyền ra
quyết định kết nạp, trừ thời gian không tham gia sinh hoạt đảng (bị khai trừ, bị xóa tên,
mất liên lạc, gián đoạn do chuyển sinh hoạt); điểm 4.5.2: đảng viên kết nạp lại tính từ
ngày kết nạp lần đầu, trừ thời gian không tham gia sinh hoạt đảng. Hướng dẫn 01-HD/TW ngày
28/9/2021 (and Hướng dẫn 06-HD/TW ngày 09/6/2025): a member wrongly put out of the party
and restored keeps a continuous party age. Time spent in another committee after an
official transfer out is membership; so is the time before the member came onto our
books. The member file can carry an earlier interruption ("ngày vào Đảng lần đầu",
"ngày vào Đảng lần thứ hai"), which is subtracted.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from dangvu.core.dates import add_years
from dangvu.core.errors import DomainError
from dangvu.core.importing import get_kind, run_import
from dangvu.core.models import RuleVersion
from dangvu.core.rules import registered_rules, rule
from dangvu.core.tests.test_import import MEMBER, xlsx
from dangvu.members import actions, queries
from dangvu.members.actions import Decision, PartyFile
from dangvu.members.kinds import DisciplineForm, EventKind
from dangvu.members.ledger import rebuild_member
from dangvu.members.models import Member, MemberEvent
from dangvu.members.tests.factories import person
from dangvu.orgs import actions as org_actions
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation

FOUNDED = dt.date(1960, 1, 1)
BIRTH = dt.date(1945, 6, 1)


def old_tree() -> tuple[Organisation, Organisation]:
    """A bloc and one grassroots cell, founded 1960 (so that histories can start early)."""
    d = org_actions.Decision(FOUNDED)
    bloc = org_actions.do_create_organisation(
        code="OB", name="Đảng bộ Khối", kind=OrgKind.BLOC, parent=None, decision=d, acting_user=None
    )
    cell = org_actions.do_create_organisation(
        code="OC",
        name="Chi bộ Văn phòng",
        kind=OrgKind.GRASSROOTS_CELL,
        parent=bloc,
        decision=d,
        acting_user=None,
    )
    return bloc, cell


def on_the_books(
    cell: Organisation,
    on: dt.date,
    admitted: dt.date,
    *,
    left: dt.date | None = None,
    readmitted: dt.date | None = None,
    name: str = "",
) -> Member:
    """A full member brought onto the books by the roll, with the file's dates."""
    begin = readmitted or admitted
    return actions.do_record_existing_member(
        person(name, birth=BIRTH),
        organisation=cell,
        on=on,
        admission_decision_date=admitted,
        ceremony_date=begin + dt.timedelta(days=10),
        full_member_date=begin + dt.timedelta(days=375),
        earlier_left_date=left,
        readmission_date=readmitted,
        acting_user=None,
    )


def transfer_out_and_back(member: Member, cell: Organisation, out: dt.date, back: dt.date) -> None:
    actions.do_transfer_out(
        member, external_party="Đảng bộ tỉnh Gia Lai", decision=Decision(out), acting_user=None
    )
    actions.do_transfer_in(
        None,
        member=member,
        organisation=cell,
        external_party="Đảng bộ tỉnh Gia Lai",
        decision=Decision(back),
        acting_user=None,
    )


def ledger_event(
    member: Member, kind: str, day: dt.date, cell: Organisation, **details: Any
) -> None:
    """Write one event straight to the ledger and replay it.

    The histories below are about counting; whether a readmission or an expulsion was
    lawful is judged by their own actions and tested with them.
    """
    MemberEvent.objects.create(
        member=member, kind=kind, date=day, organisation=cell, details=details
    )
    rebuild_member(member)


# --- the example of the issue, and the badge list ------------------------------------


@pytest.mark.django_db
def test_a_member_transferred_out_and_back_reaches_thirty_years_on_the_admission_anniversary() -> (
    None
):
    """Admitted 01/03/1994, transferred out in 2010 and back in 2015: 30 years on 01/03/2024.

    Quy định 24-QĐ/TW 2021, điểm 4.5.1: only time without membership is subtracted; the
    five years in another committee are membership.
    """
    bloc, cell = old_tree()
    member = on_the_books(cell, dt.date(2005, 1, 1), dt.date(1994, 3, 1))
    transfer_out_and_back(member, cell, dt.date(2010, 6, 1), dt.date(2015, 9, 1))
    member.refresh_from_db()

    assert queries.badge_due_date(member, 30) == dt.date(2024, 3, 1)
    assert queries.party_age(member).years_on(dt.date(2024, 3, 1)) == 30
    items = queries.badges_due(bloc, dt.date(2024, 3, 1))
    assert [(i.member.pk, i.milestone, i.due) for i in items] == [
        (member.pk, 30, dt.date(2024, 3, 1))
    ]
    # The proposal ahead of the 19/5/2024 occasion is accepted on the corrected age.
    actions.do_propose_badge(
        member, milestone=30, decision=Decision(dt.date(2024, 3, 5)), acting_user=None
    )


@pytest.mark.django_db
def test_a_removal_and_readmission_on_the_ledger_is_subtracted() -> None:
    """Xóa tên 01/01/2000, kết nạp lại 01/01/2004: four years without membership (điểm 4.5.2)."""
    _, cell = old_tree()
    member = on_the_books(cell, dt.date(1995, 1, 1), dt.date(1980, 5, 10))
    ledger_event(member, EventKind.REMOVED, dt.date(2000, 1, 1), cell, cause="Bỏ sinh hoạt")
    ledger_event(member, EventKind.READMITTED, dt.date(2004, 1, 1), cell)
    gap = dt.date(2004, 1, 1) - dt.date(2000, 1, 1)
    assert queries.badge_due_date(member, 30) == add_years(dt.date(1980, 5, 10) + gap, 30)


@pytest.mark.django_db
def test_the_earlier_interruption_on_the_file_is_subtracted_and_listed_for_the_badge() -> None:
    """The file: vào Đảng lần đầu 10/05/1980, ra khỏi Đảng 01/01/1990, lần thứ hai 01/01/1995.

    Quy định 24-QĐ/TW 2021, điểm 4.5.2: from the first admission minus the five years out.
    """
    bloc, cell = old_tree()
    member = on_the_books(
        cell,
        dt.date(2000, 1, 1),
        dt.date(1980, 5, 10),
        left=dt.date(1990, 1, 1),
        readmitted=dt.date(1995, 1, 1),
    )
    due = add_years(dt.date(1980, 5, 10) + (dt.date(1995, 1, 1) - dt.date(1990, 1, 1)), 30)
    assert due == dt.date(2015, 5, 10)
    assert queries.badge_due_date(member, 30) == due
    assert [(i.member.pk, i.due) for i in queries.badges_due(bloc, due)] == [(member.pk, due)]
    # The readmission's probation is the one the file's ceremony starts.
    assert actions.probation_start(member) == dt.date(1995, 1, 11)


# --- the property over transfer and interruption patterns ------------------------------

# One episode after coming onto the books: stay, then go away (transfer out, removal,
# wrongful expulsion), then come back (transfer in, readmission, restoration).
episode = st.tuples(
    st.sampled_from(["transfer", "transfer", "removed", "expelled_restored"]),
    st.integers(30, 1200),  # days on our books before leaving
    st.integers(1, 1800),  # days away
)


class PartyAgeProperty(TestCase):
    """For any pattern of transfers out and back, removals and readmissions, restorations and
    an earlier interruption on the file, the 30-year date is the first admission + 30 years +
    the days without membership, and the badge list names the member on that date.

    Quy định 24-QĐ/TW 2021, điểm 4.5.1–4.5.2; Hướng dẫn 01-HD/TW 2021 and 06-HD/TW 2025
    (restored after a wrongful expulsion: continuous).
    """

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(
        admitted=st.dates(dt.date(1968, 1, 1), dt.date(1980, 12, 31)),
        interruption=st.none() | st.tuples(st.integers(400, 2000), st.integers(1, 2000)),
        settle=st.integers(400, 2000),
        episodes=st.lists(episode, max_size=3),
    )
    def test_thirty_years_from_the_first_admission_minus_time_without_membership(
        self,
        admitted: dt.date,
        interruption: tuple[int, int] | None,
        settle: int,
        episodes: list[tuple[str, int, int]],
    ) -> None:
        bloc, cell = old_tree()
        without = 0
        left = readmitted = None
        if interruption is not None:
            left = admitted + dt.timedelta(days=interruption[0])
            readmitted = left + dt.timedelta(days=interruption[1])
            without += interruption[1]
        on = (readmitted or admitted) + dt.timedelta(days=settle)
        member = on_the_books(cell, on, admitted, left=left, readmitted=readmitted)
        day = on
        readmissions = 1 if readmitted else 0
        for kind, stay, away in episodes:
            out, back = day + dt.timedelta(days=stay), day + dt.timedelta(days=stay + away)
            if kind == "removed" and readmissions:
                kind = "transfer"  # a member is readmitted once only
            event(kind)
            if kind == "transfer":
                transfer_out_and_back(member, cell, out, back)
            elif kind == "removed":
                ledger_event(member, EventKind.REMOVED, out, cell, cause="Bỏ sinh hoạt")
                ledger_event(member, EventKind.READMITTED, back, cell)
                readmissions += 1
                without += away
            else:
                ledger_event(
                    member, EventKind.DISCIPLINED, out, cell, form=DisciplineForm.EXPULSION
                )
                ledger_event(member, EventKind.RESTORED, back, cell)
            day = back
        member.refresh_from_db()

        due = add_years(admitted + dt.timedelta(days=without), 30)
        assert queries.badge_due_date(member, 30) == due
        assert queries.party_age(member).years_on(due) == 30
        assert queries.party_age(member).years_on(due - dt.timedelta(days=1)) == 29
        if due >= day:  # on the books that day: the list names them, due that very day
            event("listed")
            items = queries.badges_due(bloc, due)
            assert (member.pk, 30, due) in {(i.member.pk, i.milestone, i.due) for i in items}


# --- the counting is a dated rule --------------------------------------------------------


@pytest.mark.django_db
def test_the_counting_rule_has_a_version_per_text_each_with_its_source() -> None:
    """Điều lệ Đảng 2011 Điều 5 khoản 4; Quy định 29-QĐ/TW 2016, 24-QĐ/TW 2021, 294-QĐ/TW 2025."""
    (counting,) = [r for r in registered_rules() if r.key == "members.party_age_counting"]
    sources = [source for _, _, source in counting.versions]
    assert [start for start, _, _ in counting.versions][1:] == [
        dt.date(2016, 7, 25),
        dt.date(2021, 7, 30),
        dt.date(2025, 7, 1),
    ]
    for text in ("Điều lệ Đảng", "29-QĐ/TW", "24-QĐ/TW", "294-QĐ/TW"):
        assert any(text in s for s in sources), text
    assert "06-HD/TW" in sources[-1] and "01-HD/TW" in sources[2]
    assert counting.use
    for start, value, _ in counting.versions:
        # Every version: a transfer out and back, and a restoration, are membership.
        assert rule("members.party_age_counting", start) == value
        assert ["TRANSFER_OUT", "TRANSFER_IN"] in value["membership_gaps"]
        assert ["EXPELLED", "RESTORED"] in value["membership_gaps"]


@pytest.mark.django_db
def test_a_version_added_by_the_administrator_applies_from_its_date() -> None:
    """A rule row from a date on changes the counting on that date, not before."""
    _, cell = old_tree()
    member = on_the_books(cell, dt.date(2005, 1, 1), dt.date(1994, 3, 1))
    transfer_out_and_back(member, cell, dt.date(2010, 6, 1), dt.date(2015, 9, 1))
    RuleVersion.objects.create(
        key="members.party_age_counting",
        effective_from=dt.date(2030, 1, 1),
        value={"membership_gaps": [["EXPELLED", "RESTORED"]]},
    )
    member.refresh_from_db()
    assert queries.badge_due_date(member, 30, dt.date(2024, 1, 1)) == dt.date(2024, 3, 1)
    later = queries.badge_due_date(member, 30, dt.date(2030, 1, 1))
    gap = dt.date(2015, 9, 1) - dt.date(2010, 6, 1)
    assert later == add_years(dt.date(1994, 3, 1) + gap, 30)


# --- the file's earlier interruption: validation, forms, imports, page ---------------------

BAD_FILES = [
    # (left, readmitted, ceremony, full, the facts the message names)
    (dt.date(1979, 1, 1), dt.date(1995, 1, 1), None, None, ["01/01/1979", "10/05/1980"]),
    (dt.date(1990, 1, 1), dt.date(1989, 1, 1), None, None, ["01/01/1989", "01/01/1990"]),
    (dt.date(1990, 1, 1), dt.date(1990, 1, 1), None, None, ["01/01/1990", "ra khỏi Đảng"]),
    (None, dt.date(1995, 1, 1), None, None, ["01/01/1995", "ra khỏi Đảng"]),
    (dt.date(1990, 1, 1), None, None, None, ["01/01/1990", "lần thứ hai"]),
    (dt.date(1990, 1, 1), dt.date(2001, 1, 1), None, None, ["01/01/2001", "01/01/2000"]),
    (
        dt.date(1990, 1, 1),
        dt.date(1995, 1, 1),
        dt.date(1994, 12, 1),
        None,
        ["01/12/1994", "01/01/1995"],
    ),
    (
        dt.date(1990, 1, 1),
        dt.date(1995, 1, 1),
        dt.date(1995, 1, 10),
        dt.date(1994, 6, 1),
        ["01/06/1994", "01/01/1995"],
    ),
]
BEFORE_BIRTH = (dt.date(1943, 1, 1), dt.date(1944, 1, 1), dt.date(1995, 1, 1))


def _bring(
    path: str,
    cell: Organisation,
    admitted: dt.date,
    left: dt.date | None,
    readmitted: dt.date | None,
    ceremony: dt.date | None,
    full: dt.date | None,
) -> Member:
    begin = readmitted or admitted
    pf = PartyFile(
        admitted,
        ceremony or begin + dt.timedelta(days=10),
        full or begin + dt.timedelta(days=375),
        "",
        None,
        left,
        readmitted,
    )
    if path == "roll":
        return actions.do_record_existing_member(
            person(birth=BIRTH),
            organisation=cell,
            on=dt.date(2000, 1, 1),
            admission_decision_date=pf.admission_decision_date,
            ceremony_date=pf.ceremony_date,
            full_member_date=pf.full_member_date,
            earlier_left_date=pf.earlier_left_date,
            readmission_date=pf.readmission_date,
            acting_user=None,
        )
    return actions.do_transfer_in(
        person(birth=BIRTH),
        organisation=cell,
        external_party="Đảng bộ tỉnh Gia Lai",
        decision=Decision(dt.date(2000, 1, 1)),
        party_file=pf,
        acting_user=None,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["roll", "transfer-in"])
@pytest.mark.parametrize(("left", "readmitted", "ceremony", "full", "facts"), BAD_FILES)
def test_an_impossible_interruption_is_refused_naming_both_facts(
    path: str,
    left: dt.date | None,
    readmitted: dt.date | None,
    ceremony: dt.date | None,
    full: dt.date | None,
    facts: list[str],
) -> None:
    """First admission < left < readmission <= arrival; the new probation after readmission."""
    _, cell = old_tree()
    with pytest.raises(DomainError) as refused:
        _bring(path, cell, dt.date(1980, 5, 10), left, readmitted, ceremony, full)
    for fact in facts:
        assert fact in refused.value.message
    assert Member.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["roll", "transfer-in"])
def test_an_interruption_before_birth_is_refused(path: str) -> None:
    _, cell = old_tree()
    with pytest.raises(DomainError, match="trước ngày sinh \\(01/06/1945\\)"):
        _bring(path, cell, *BEFORE_BIRTH, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["roll", "transfer-in"])
def test_a_lawful_interruption_is_kept_on_the_record(path: str) -> None:
    _, cell = old_tree()
    member = _bring(
        path, cell, dt.date(1980, 5, 10), dt.date(1990, 1, 1), dt.date(1995, 1, 1), None, None
    )
    member.refresh_from_db()
    assert (member.earlier_left_date, member.readmission_date) == (
        dt.date(1990, 1, 1),
        dt.date(1995, 1, 1),
    )
    assert member.admission_decision_date == dt.date(1980, 5, 10)


INTERRUPTED = {
    "Ngày sinh": "17/05/1960",
    "Ngày kết nạp": "10/05/1990",
    "Ngày ra khỏi Đảng": "01/01/1995",
    "Ngày vào Đảng lần thứ hai": "01/01/2005",
    "Ngày lễ kết nạp": "15/01/2005",
    "Ngày chính thức": "15/01/2006",
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["members", "events-transfers-in"])
def test_the_roll_and_transfer_in_imports_carry_the_interruption(
    kind: str, tree: dict[str, Any]
) -> None:
    extra = (
        {"Tổ chức": "C11", "Đảng bộ nơi đi / nơi đến": "Đảng bộ tỉnh Gia Lai", "Ngày": "01/03/2021"}
        if kind != "members"
        else {}
    )
    rows = [
        {**MEMBER, **INTERRUPTED, **extra, "Số thẻ đảng viên": ""},
        {
            **MEMBER,
            **INTERRUPTED,
            **extra,
            "Họ và tên": "Trần Thị Sai",
            "Số CCCD": "052085009999",
            "Số thẻ đảng viên": "",
            "Ngày vào Đảng lần thứ hai": "01/01/1994",
        },
    ]
    report = run_import(
        get_kind(kind),
        xlsx(kind, rows),
        "tep.xlsx",
        user=None,
        scope=Organisation.objects.all(),
        commit=True,
    )
    assert len(report.problems) == 1, report.lines()
    (problem,) = report.problems
    assert problem.row == 3 and problem.column == "Ngày vào Đảng lần thứ hai"
    assert "01/01/1994" in problem.message and "01/01/1995" in problem.message
    assert Member.objects.count() == 0  # all or nothing
    del rows[1]
    report = run_import(
        get_kind(kind),
        xlsx(kind, rows),
        "tep.xlsx",
        user=None,
        scope=Organisation.objects.all(),
        commit=True,
    )
    assert report.ok, report.lines()
    member = Member.objects.get(identity_number=MEMBER["Số CCCD"])
    assert (member.admission_decision_date, member.earlier_left_date, member.readmission_date) == (
        dt.date(1990, 5, 10),
        dt.date(1995, 1, 1),
        dt.date(2005, 1, 1),
    )
    gap = dt.date(2005, 1, 1) - dt.date(1995, 1, 1)
    assert queries.badge_due_date(member, 30) == add_years(dt.date(1990, 5, 10) + gap, 30)


FORM = {
    "p-full_name": "Phạm Văn Lại",
    "p-birth_date": "1960-02-03",
    "p-sex": "M",
    "p-education": "12/12",
    "organisation": "C11",
    "admission_decision_date": "1985-03-01",
    "earlier_left_date": "1990-01-01",
    "readmission_date": "1996-01-01",
    "ceremony_date": "1996-01-15",
    "full_member_date": "1997-01-15",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "extra"),
    [
        ("members:existing", {"on": "2021-01-01"}),
        (
            "members:transfer_in",
            {"date": "2021-01-01", "external_party": "Đảng bộ tỉnh Gia Lai"},
        ),
    ],
)
def test_the_forms_record_the_interruption_and_the_page_shows_it(
    client: Client, cast: dict[str, Any], url: str, extra: dict[str, str]
) -> None:
    client.force_login(cast["grassroots"])
    refused = client.post(reverse(url), {**FORM, **extra, "readmission_date": "1989-06-01"})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "01/06/1989" in body and "01/01/1990" in body
    assert not Member.objects.exists()

    response = client.post(reverse(url), {**FORM, **extra})
    assert response.status_code == 302, response.content.decode()
    member = Member.objects.get(full_name="Phạm Văn Lại")
    assert member.readmission_date == dt.date(1996, 1, 1)
    page = client.get(member.get_absolute_url()).content.decode()
    assert "Ngày vào Đảng lần đầu" in page and "01/03/1985" in page
    assert "Ngày vào Đảng lần thứ hai" in page and "01/01/1996" in page
    assert "01/01/1990" in page
    # 1985 + the years lived as a member, less six years out: 29 whole years on 2021-01-01
    # would be 35 without the interruption.
    age = queries.party_age(member, on=dt.date(2021, 1, 1))
    assert age.years_on(dt.date(2021, 1, 1)) == 29


@pytest.mark.django_db
def test_the_roll_export_carries_the_interruption_in_the_import_columns(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    """An exported roll goes back in: the interruption travels in the import's own columns."""
    on_the_books(
        tree["C11"],
        dt.date(2021, 1, 1),
        dt.date(1985, 3, 1),
        left=dt.date(1990, 1, 1),
        readmitted=dt.date(1996, 1, 1),
        name="Phạm Văn Lại",
    )
    client.force_login(cast["officer"])
    response = client.get(reverse("members:list"), {"xuat": "xlsx", "day_du": "1"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(rows) if r[:2] == ["STT", "Họ và tên"])  # below the title
    headers, (row,) = rows[at], rows[at + 1 :]
    roll = {c.header for c in get_kind("members").columns}
    assert "Ngày ra khỏi Đảng" in roll and "Ngày vào Đảng lần thứ hai" in roll
    shown = {h: row[headers.index(h)] for h in ("Ngày ra khỏi Đảng", "Ngày vào Đảng lần thứ hai")}
    for header, day in zip(shown, (dt.date(1990, 1, 1), dt.date(1996, 1, 1)), strict=True):
        value = shown[header]
        as_date = value.date() if isinstance(value, dt.datetime) else value
        assert as_date == day or value == f"{day:%d/%m/%Y}", (header, value)
