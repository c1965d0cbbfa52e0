"""The office actions and their refusals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.audit.models import AuditEvent
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.members.tests.factories import existing
from dangvu.office import actions
from dangvu.office.models import Commendation, MassOrganisation, Rating
from dangvu.office.tests.helpers import commend
from dangvu.orgs.actions import do_dissolve_organisation

pytestmark = pytest.mark.django_db
D = dt.date(2023, 5, 19)


def test_collective_commendation_is_recorded_and_audited(tree: dict[str, Any]) -> None:
    c = commend(D, org=tree["GK1"])
    assert c.kind == Commendation.Kind.COLLECTIVE and c.recipient == tree["GK1"].name
    assert AuditEvent.objects.filter(object_type="commendation", object_id=str(c.pk)).exists()


def test_member_commendation_takes_the_members_organisation_on_the_date(
    tree: dict[str, Any],
) -> None:
    member = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), "Nguyễn Văn An")
    c = commend(D, member=member)
    assert c.kind == Commendation.Kind.INDIVIDUAL
    assert c.organisation == tree["C11"] and c.person_name == "Nguyễn Văn An"


def test_non_member_needs_an_organisation(tree: dict[str, Any]) -> None:
    c = commend(D, name="Trần Thị Bình", org=tree["GC1"])
    assert c.kind == Commendation.Kind.INDIVIDUAL and c.member is None
    with pytest.raises(DomainError) as e:
        commend(D, name="Trần Thị Bình")
    assert e.value.field == "organisation"


def test_refusals(tree: dict[str, Any], cast: dict[str, Any], decision: Any) -> None:
    with pytest.raises(DomainError) as e:
        commend(D)
    assert e.value.field == "organisation"
    with pytest.raises(DomainError) as e:
        commend(today() + dt.timedelta(days=1), org=tree["GK1"])
    assert e.value.field == "decision_date"
    do_dissolve_organisation(tree["GC2"], decision=decision(dt.date(2022, 1, 1)), acting_user=None)
    tree["GC2"].refresh_from_db()
    with pytest.raises(DomainError, match="kết thúc hoạt động"):
        commend(D, org=tree["GC2"])
    commend(dt.date(2021, 12, 31), org=tree["GC2"])  # before the dissolution: fine
    with pytest.raises(DomainError, match="chưa thành lập"):
        commend(dt.date(2019, 5, 1), org=tree["GK1"])
    outsider = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    with pytest.raises(DomainError) as e:
        commend(D, member=outsider, user=cast["cell"])  # cell secretary of C21
    assert e.value.field == "member"
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        commend(D, org=tree["GK1"], user=cast["cell"])
    with pytest.raises(DomainError, match="không phải là đảng viên"):
        commend(dt.date(2019, 12, 1), member=outsider)
    assert Commendation.objects.count() == 1


def test_mass_organisation_congress_and_rating(tree: dict[str, Any]) -> None:
    unit = actions.do_create_mass_organisation(
        kind=MassOrganisation.Kind.TRADE_UNION,
        name="Công đoàn Sở Y tế",
        organisation=tree["GK1"],
        acting_user=None,
    )
    with pytest.raises(DomainError, match="đã có"):
        actions.do_create_mass_organisation(
            kind=MassOrganisation.Kind.TRADE_UNION,
            name="Công đoàn Sở Y tế",
            organisation=tree["GK1"],
            acting_user=None,
        )
    congress = actions.do_record_congress(
        unit, term="2023–2028", date=dt.date(2023, 6, 1), acting_user=None
    )
    assert congress.term == "2023 - 2028"
    for term, match in (("2023 - 2026", "dài 3 năm"), ("2023-2029", "dài 6"), ("2023", "dạng")):
        with pytest.raises(DomainError, match=match):
            actions.do_record_congress(unit, term=term, date=dt.date(2023, 6, 1), acting_user=None)
    with pytest.raises(DomainError, match="đã được ghi"):
        actions.do_record_congress(
            unit, term="2023 - 2028", date=dt.date(2023, 7, 1), acting_user=None
        )
    with pytest.raises(DomainError) as e:
        actions.do_record_congress(
            unit, term="2020 - 2025", date=dt.date(2023, 6, 1), acting_user=None
        )
    assert e.value.field == "date"
    rating = actions.do_rate_mass_organisation(
        unit, year=2023, rating=Rating.EXCELLENT, acting_user=None
    )
    assert rating.as_of == dt.date(2023, 12, 31)
    with pytest.raises(DomainError, match="đã được xếp loại"):
        actions.do_rate_mass_organisation(unit, year=2023, rating=Rating.GOOD, acting_user=None)
    with pytest.raises(DomainError, match="Chưa thể"):
        actions.do_rate_mass_organisation(
            unit, year=today().year + 1, rating=Rating.GOOD, acting_user=None
        )
    with pytest.raises(DomainError, match="không hoạt động"):
        actions.do_rate_mass_organisation(unit, year=2019, rating=Rating.GOOD, acting_user=None)


def test_office_roles_may_record(tree: dict[str, Any], django_user_model: Any) -> None:
    from dangvu.accounts.models import Role

    clerk = django_user_model.objects.create_user("vanphong", password="x")
    Role.objects.create(user=clerk, organisation=tree["GK2"], kind=Role.Kind.BOARD_OFFICE)
    assert commend(D, org=tree["C21"], user=clerk).recorded_by == clerk
    with pytest.raises(DomainError):
        commend(D, org=tree["GK1"], user=clerk)
