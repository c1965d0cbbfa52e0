"""The demo seed: a small committee's members over the years, consistent with its tree."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from dangvu.core.dates import today
from dangvu.members import queries
from dangvu.members.kinds import EventKind, Status
from dangvu.members.models import Member, MemberEvent, MembershipInterval
from dangvu.orgs.demo import BLOC_CODE, START
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import version_at


@pytest.mark.django_db
def test_demo_members_follow_the_tree_and_balance_every_year() -> None:
    out = io.StringIO()
    call_command("seed_demo", members=300, stdout=out)
    assert "Đảng viên:" in out.getvalue()
    bloc = Organisation.objects.get(code=BLOC_CODE)

    statuses = set(Member.objects.values_list("status", flat=True))
    assert {Status.FULL, Status.PROBATIONARY, ""} <= statuses
    stranded = Member.objects.exclude(status="").filter(organisation__ended_on__isnull=False)
    assert not stranded.exists()
    # Every stretch of membership starts in an organisation in force that day.
    for interval in MembershipInterval.objects.select_related("organisation"):
        assert version_at(interval.organisation, interval.valid_from) is not None
    assert not MemberEvent.objects.filter(date__gt=today()).exists()
    assert queries.members_at(bloc, START)["total"] > 250

    for year in range(2021, 2026):
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        b = queries.balance(bloc, first, last)
        inflow, outflow = b["in"], b["out"]
        assert isinstance(inflow, dict) and isinstance(outflow, dict)
        assert b["start"] + sum(inflow.values()) - sum(outflow.values()) == b["end"], year
        admitted = MemberEvent.objects.filter(kind=EventKind.ADMITTED, date__year=year)
        assert admitted.exists(), year
        assert MemberEvent.objects.filter(kind=EventKind.CONFIRMED, date__year=year).exists()

    _dues_follow_the_members(bloc)
    _records_are_realistic()


def _records_are_realistic() -> None:
    """The records' compositions are those of a central-coast province's agencies bloc:
    each share within its band, a few records «Chưa có thông tin», places in Bình Định's
    districts before 01/7/2025 and in the new Gia Lai's communes after."""
    from collections import Counter

    from dangvu.members.demo_record import REFORM
    from dangvu.vocab.models import AdminUnit

    now = today()
    records = list(
        Member.objects.select_related(
            "ethnicity", "religion", "qualification", "theory_level", "occupation",
            "academic_title", "birthplace_local", "residence_local", "residence_province",
        )
    )  # fmt: skip
    n = len(records)
    assert n > 300

    def share(test: object, among: list[Member] | None = None) -> float:
        group = records if among is None else among
        return sum(1 for m in group if test(m)) / len(group)  # type: ignore[operator]

    known = [m for m in records if m.ethnicity is not None]
    assert 0 < n - len(known) < n * 0.05  # a few «Chưa có thông tin»
    assert 0.38 <= share(lambda m: m.sex == "F") <= 0.56
    assert 0.93 <= share(lambda m: m.ethnicity.code == "01", known) <= 0.995
    minorities = {m.ethnicity.name for m in known if m.ethnicity.code != "01"}
    assert minorities and minorities <= {"Ba Na", "Hrê", "Chăm"}
    assert 0.01 <= share(lambda m: m.religion.group == "RELIGIOUS", known) <= 0.10
    assert share(lambda m: m.education == "12/12", known) >= 0.9
    assert {m.education for m in known} <= {"12/12", "10/10"}
    degrees = Counter(m.qualification.code for m in known)
    assert 0.50 <= degrees["BACHELOR"] / len(known) <= 0.72
    assert 0.15 <= degrees["MASTER"] / len(known) <= 0.35
    assert 0 < degrees["DOCTOR"] / len(known) <= 0.07
    assert (degrees["COLLEGE"] + degrees["INTERMEDIATE"]) / len(known) <= 0.15
    jobs = Counter(m.occupation.code for m in known)
    assert (jobs["OFFICIAL"] + jobs["PUBLIC"]) / len(known) >= 0.8
    assert jobs["EMPLOYEE"] > 0
    # Political theory rises with age: more «Cao cấp, cử nhân» among the older members.
    age = {m.pk: (now - m.birth_date).days / 365.25 for m in records}
    high = {"ADVANCED", "BACHELOR"}
    older = [m for m in known if age[m.pk] >= 45]
    younger = [m for m in known if age[m.pk] < 35]
    assert share(lambda m: m.theory_level.code in high, older) > share(
        lambda m: m.theory_level.code in high, younger
    )
    # Working ages, a few older (the retirees' associations).
    on_books = [m for m in records if m.status]
    assert share(lambda m: 22 <= age[m.pk] <= 62, on_books) >= 0.85
    assert share(lambda m: bool(m.national_id), records) >= 0.9
    # Places: Bình Định's districts before 01/7/2025, the new Gia Lai's communes after.
    districts = AdminUnit.objects.filter(level=AdminUnit.Level.DISTRICT, parent__code="52")
    assert districts.count() == 11
    assert all(d.valid_to == REFORM for d in districts)
    assert share(lambda m: m.birthplace_local is not None) >= 0.8
    communes = [m for m in records if m.residence_local and m.residence_local.valid_from >= REFORM]
    assert all(m.residence_province.valid_from == REFORM for m in communes)
    if now > REFORM + dt.timedelta(days=60):
        assert communes


def _dues_follow_the_members(bloc: Organisation) -> None:
    """Every member on the books has a basis and pays month by month from January of last
    year, at the expected amount, with a few in arrears; what each organisation sends up
    is never more than its subtree collected."""
    from django.db.models import Count

    from dangvu.dues import actions, calc
    from dangvu.dues.demo import first_month
    from dangvu.dues.models import DuesBasis, DuesPayment, DuesRemittance, Exemption
    from dangvu.dues.seniority import party_age_exempt

    now = today()
    on_books = set(
        MembershipInterval.objects.filter(valid_from__lte=now, valid_to__gt=now).values_list(
            "member_id", flat=True
        )
    )
    based = set(DuesBasis.objects.values_list("member_id", flat=True))
    # The one admission the issued-report stage records afterwards has no basis yet.
    assert on_books and len(on_books - based) <= 1
    exempt = set(
        DuesBasis.objects.filter(exemption=Exemption.EXEMPT).values_list("member_id", flat=True)
    )
    start = first_month(now)
    assert DuesPayment.objects.filter(month=start).exists()
    assert not DuesPayment.objects.filter(month__lt=start).exists()
    assert not DuesPayment.objects.filter(paid_on__gt=now).exists()
    # Last ended month: almost everyone paid; a few did not (arrears), never the exempted.
    last = calc.first_of_month(calc.first_of_month(now) - dt.timedelta(days=1))
    owing = {
        m
        for m in MembershipInterval.objects.filter(
            valid_from__lte=calc.last_of_month(last), valid_to__gt=calc.last_of_month(last)
        ).values_list("member_id", flat=True)
    } - exempt
    # From 02/2026 fifty years of party age owe nothing (Quy định 01-QĐ/TW).
    owing -= party_age_exempt(list(owing), [last]).get(last, set())
    paid = set(DuesPayment.objects.filter(month=last).values_list("member_id", flat=True))
    assert paid <= owing
    assert 0 < len(owing - paid) < len(owing) // 10
    # The expected amount is the basis's for that month.
    for payment in DuesPayment.objects.order_by("?")[:30]:
        basis = calc.bases_on([payment.member_id], payment.month)[payment.member_id]
        assert payment.expected == calc.expected_amount(basis, payment.month)
    # Remittances: receipt numbers, most acknowledged, never more than collected.
    sent = list(DuesRemittance.objects.select_related("organisation"))
    assert sent and all(r.receipt_number for r in sent)
    assert sum(1 for r in sent if r.acknowledged_on) > len(sent) // 2
    for remittance in sent[:: max(1, len(sent) // 40)]:
        got = actions.collected(
            remittance.organisation, remittance.period_start, remittance.period_end
        )
        assert remittance.amount <= got, remittance
    assert bloc.pk in {r.recipient_id for r in sent}
    # Most pay in cash to the cell, some through the national portal.
    channels = dict(
        DuesPayment.objects.values_list("channel")
        .annotate(n=Count("id"))
        .values_list("channel", "n")
    )
    assert channels["CASH"] > channels.get("PORTAL", 0) > 0
