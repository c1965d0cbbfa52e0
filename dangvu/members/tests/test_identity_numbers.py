"""One person, one identity number: every path that writes an identity (CCCD) or card
number refuses another person's in Vietnamese, naming them as far as the user may see,
and a member's own record saves unchanged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import AuditEvent
from dangvu.core.tests.htmlforms import post_forms
from dangvu.members import actions, candidates, numbers
from dangvu.members.actions import Decision
from dangvu.members.kinds import EventKind
from dangvu.members.models import AdmissionCandidate, Member, MemberEvent
from dangvu.members.tests.factories import existing, full_member, person

pytestmark = pytest.mark.django_db

AN_IDENT = "052090001234"
AN_CARD = "05012345"


def shown_values(client: Client, url: str) -> dict[str, str]:
    """What a browser would submit, unchanged, from the page's record form."""
    forms = post_forms(client.get(url).content.decode())
    form = next(f for f in forms if f.hidden("p-full_name") is not None)
    return {name: values[-1] for name, values in form.submission().items()}


@pytest.fixture
def an(tree: dict[str, Any]) -> Member:
    """A full member of C11 (under GK1) with an identity number and a card."""
    member = existing(
        tree["C11"],
        dt.date(2020, 1, 1),
        dt.date(2001, 5, 1),
        "Nguyễn Văn An",
        identity_number=AN_IDENT,
    )
    actions.do_issue_card(
        member, card_number=AN_CARD, decision=Decision(dt.date(2021, 5, 19)), acting_user=None
    )
    member.refresh_from_db()
    return member


def errors_of(body: str) -> str:
    return " ".join(
        part.split("</div>")[0] for part in body.split('data-testid="field-error">')[1:]
    ) + " ".join(part.split("</div>")[0] for part in body.split('data-testid="form-error">')[1:])


# --- the member's own record ---------------------------------------------------------


def test_opening_a_record_for_editing_is_an_audited_reveal_of_its_numbers(
    client: Client, cast: dict[str, Any], an: Member
) -> None:
    """The edit form shows the numbers in full, so opening it is recorded like *Hiện*."""
    client.force_login(cast["grassroots"])
    reveals = AuditEvent.objects.filter(action=AuditEvent.Action.REVEAL, object_id=str(an.pk))
    client.get(reverse("members:edit", args=[an.pk]))
    assert [(r.user, r.note) for r in reveals] == [
        (cast["grassroots"], "Mở lý lịch để sửa: hiện số CCCD")
    ]
    client.post(reverse("members:edit", args=[an.pk]), {"p-full_name": ""})
    assert reveals.count() == 1  # a refused form shows back what was typed, not the record


def test_opening_a_candidate_record_for_editing_is_an_audited_reveal(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    candidate = candidates.do_register_candidate(
        person(
            "Lê Thị Hoa", dt.date(2000, 3, 1), identity_number="052300001111", phone="0905123456"
        ),
        organisation=tree["C11"],
        registered_on=dt.date(2024, 3, 1),
        acting_user=None,
    )
    client.force_login(cast["officer"])
    client.get(reverse("members:candidate_edit", args=[candidate.pk]))
    reveal = AuditEvent.objects.get(action=AuditEvent.Action.REVEAL, object_id=str(candidate.pk))
    assert reveal.note == "Mở lý lịch để sửa: hiện số CCCD và số điện thoại"


@pytest.mark.parametrize("who", ["officer", "grassroots"])
def test_a_member_record_saves_unchanged_with_its_own_identity_number(
    client: Client, cast: dict[str, Any], an: Member, who: str
) -> None:
    client.force_login(cast[who])
    url = reverse("members:edit", args=[an.pk])
    values = shown_values(client, url)
    assert values["p-identity_number"] == AN_IDENT
    response = client.post(url, values)
    assert response.status_code == 302, errors_of(response.content.decode())
    an.refresh_from_db()
    assert an.identity_number == AN_IDENT and an.full_name == "Nguyễn Văn An"


def test_a_member_record_saves_a_correction_keeping_its_identity_number(
    client: Client, cast: dict[str, Any], an: Member
) -> None:
    client.force_login(cast["grassroots"])
    url = reverse("members:edit", args=[an.pk])
    values = {**shown_values(client, url), "p-phone": "0905123456"}
    assert client.post(url, values).status_code == 302
    an.refresh_from_db()
    assert an.phone == "0905123456" and an.identity_number == AN_IDENT


def test_the_identity_field_takes_spaces_between_groups(
    client: Client, cast: dict[str, Any], an: Member
) -> None:
    client.force_login(cast["grassroots"])
    url = reverse("members:edit", args=[an.pk])
    values = {**shown_values(client, url), "p-identity_number": "0520 9000 1234"}
    assert client.post(url, values).status_code == 302
    an.refresh_from_db()
    assert an.identity_number == AN_IDENT


# --- another person's number, through every form that writes one ----------------------


def _person_fields(ident: str, name: str = "Trần Văn Khác") -> dict[str, str]:
    return {
        "p-full_name": name,
        "p-birth_date": "1995-02-03",
        "p-sex": "M",
        "p-education": "12/12",
        "p-identity_number": ident,
    }


def _new_person_posts(ident: str, org: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Every page that creates a record with an identity number, with a valid submission."""
    return {
        "admit": (
            reverse("members:admit"),
            {"organisation": org, "date": "2024-05-06", **_person_fields(ident)},
        ),
        "existing": (
            reverse("members:existing"),
            {
                "organisation": org,
                "on": "2024-01-01",
                "admission_decision_date": "2015-03-01",
                "full_member_date": "2016-03-10",
                **_person_fields(ident),
            },
        ),
        "transfer_in": (
            reverse("members:transfer_in"),
            {
                "organisation": org,
                "external_party": "Đảng bộ tỉnh Gia Lai",
                "date": "2024-05-06",
                "admission_decision_date": "2015-03-01",
                "full_member_date": "2016-03-10",
                **_person_fields(ident),
            },
        ),
        "candidate": (
            reverse("members:candidate_create"),
            {"organisation": org, "registered_on": "2024-02-01", **_person_fields(ident)},
        ),
    }


PATHS = ["admit", "existing", "transfer_in", "candidate"]


@pytest.mark.parametrize("path", PATHS)
def test_a_new_record_with_a_members_identity_number_names_the_member(
    client: Client, cast: dict[str, Any], an: Member, path: str
) -> None:
    client.force_login(cast["grassroots"])  # GK1: sees C11, where An is
    url, data = _new_person_posts(AN_IDENT, "C12")[path]
    before = (Member.objects.count(), AdmissionCandidate.objects.count())
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn An" in errors_of(body) and "Chi bộ Văn phòng Sở Y tế" in errors_of(body)
    assert "Constraint" not in body and "violated" not in body
    assert (Member.objects.count(), AdmissionCandidate.objects.count()) == before


@pytest.mark.parametrize("path", PATHS)
def test_a_number_outside_the_users_scope_is_refused_without_naming_anyone(
    client: Client, cast: dict[str, Any], an: Member, path: str
) -> None:
    client.force_login(cast["cell"])  # C21 under GK2: An of GK1 is not theirs to see
    url, data = _new_person_posts(AN_IDENT, "C21")[path]
    body = client.post(url, data).content.decode()
    assert "thuộc một đảng viên ngoài phạm vi quản lý" in errors_of(body)
    assert "Nguyễn Văn An" not in body


def test_editing_a_record_to_another_members_number_names_them(
    client: Client, cast: dict[str, Any], an: Member, tree: dict[str, Any]
) -> None:
    other = existing(tree["C12"], dt.date(2020, 1, 1), dt.date(2003, 1, 1), "Lê Thị Bình")
    client.force_login(cast["grassroots"])
    url = reverse("members:edit", args=[other.pk])
    values = {**shown_values(client, url), "p-identity_number": AN_IDENT}
    body = client.post(url, values).content.decode()
    assert "Nguyễn Văn An" in errors_of(body)
    other.refresh_from_db()
    assert other.identity_number == ""


def test_a_candidate_with_another_candidates_number_names_them(
    client: Client, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    candidates.do_register_candidate(
        person("Hồ Thị Ưu Tú", identity_number="052099001111"),
        organisation=tree["C11"],
        registered_on=dt.date(2024, 1, 5),
        acting_user=None,
    )
    client.force_login(cast["grassroots"])
    url, data = _new_person_posts("052099001111", "C12")["candidate"]
    body = client.post(url, data).content.decode()
    assert "quần chúng ưu tú Hồ Thị Ưu Tú" in errors_of(body)
    assert AdmissionCandidate.objects.count() == 1


def test_a_card_number_already_issued_is_refused_naming_its_holder(
    client: Client, cast: dict[str, Any], an: Member, tree: dict[str, Any]
) -> None:
    other = full_member(tree["C12"], dt.date(2020, 3, 1), "Lê Thị Bình")
    client.force_login(cast["grassroots"])
    response = client.post(
        reverse("members:event", args=[other.pk, EventKind.CARD_ISSUED]),
        {"date": "2024-05-19", "card_number": AN_CARD},
    )
    assert "Số thẻ đảng viên 05012345 đã cấp cho đồng chí Nguyễn Văn An" in errors_of(
        response.content.decode()
    )
    assert not MemberEvent.objects.filter(member=other, kind=EventKind.CARD_ISSUED).exists()
    url, data = _new_person_posts("", "C12")["existing"]
    body = client.post(url, {**data, "card_number": AN_CARD}).content.decode()
    assert "đã cấp cho đồng chí Nguyễn Văn An" in errors_of(body)


# --- the race: two saves at once end in the same sentence -------------------------------


def _blind_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if another save took the number between the check and the write."""
    monkeypatch.setattr(actions.DATABASE, "identity_holder", lambda *_: None)
    monkeypatch.setattr(actions.DATABASE, "card_holder", lambda *_a, **_k: None)


def test_a_race_on_the_identity_number_ends_in_the_named_refusal(
    monkeypatch: pytest.MonkeyPatch, cast: dict[str, Any], an: Member, tree: dict[str, Any]
) -> None:
    _blind_checks(monkeypatch)
    with pytest.raises(actions.DomainError) as refused:
        actions.do_admit_member(
            person("Trần Văn Khác", identity_number=AN_IDENT),
            organisation=tree["C12"],
            decision=Decision(dt.date(2024, 5, 6)),
            acting_user=cast["grassroots"],
        )
    assert "Nguyễn Văn An" in refused.value.message
    assert refused.value.field == "identity_number"
    other = existing(tree["C12"], dt.date(2020, 1, 1), dt.date(2003, 1, 1), "Lê Thị Bình")
    with pytest.raises(actions.DomainError) as refused:
        actions.do_update_member_record(
            other, person("Lê Thị Bình", identity_number=AN_IDENT), acting_user=cast["cell"]
        )
    assert "ngoài phạm vi quản lý" in refused.value.message
    with pytest.raises(actions.DomainError) as refused:
        actions.do_record_existing_member(
            person("Trần Văn Khác", identity_number=AN_IDENT),
            organisation=tree["C12"],
            on=dt.date(2024, 1, 1),
            admission_decision_date=dt.date(2015, 3, 1),
            full_member_date=dt.date(2016, 3, 10),
            acting_user=cast["officer"],
        )
    assert "Nguyễn Văn An" in refused.value.message


def test_a_race_on_the_card_number_ends_in_the_named_refusal(
    monkeypatch: pytest.MonkeyPatch, cast: dict[str, Any], an: Member, tree: dict[str, Any]
) -> None:
    other = full_member(tree["C12"], dt.date(2020, 3, 1), "Lê Thị Bình")
    real = numbers.holder_of_card
    calls: list[str] = []

    def first_blind(number: str, **kw: Any) -> Any:
        calls.append(number)
        return None if len(calls) == 1 else real(number, **kw)

    monkeypatch.setattr(numbers, "holder_of_card", first_blind)
    with pytest.raises(actions.DomainError) as refused:
        actions.do_issue_card(
            other,
            card_number=AN_CARD,
            decision=Decision(dt.date(2024, 5, 19)),
            acting_user=cast["officer"],
        )
    assert "đã cấp cho đồng chí Nguyễn Văn An" in refused.value.message
    other.refresh_from_db()
    assert other.card_number == ""


def test_a_race_on_a_candidates_identity_number_ends_in_the_named_refusal(
    monkeypatch: pytest.MonkeyPatch, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    candidates.do_register_candidate(
        person("Hồ Thị Ưu Tú", identity_number="052099001111"),
        organisation=tree["C11"],
        registered_on=dt.date(2024, 1, 5),
        acting_user=None,
    )
    real = candidates._check_candidate_identity
    calls: list[str] = []

    def first_blind(ident: str, exclude_pk: int | None, user: Any) -> None:
        calls.append(ident)
        if len(calls) > 1:
            real(ident, exclude_pk, user)

    monkeypatch.setattr(candidates, "_check_candidate_identity", first_blind)
    with pytest.raises(actions.DomainError) as refused:
        candidates.do_register_candidate(
            person("Người Khác", identity_number="052099001111"),
            organisation=tree["C12"],
            registered_on=dt.date(2024, 2, 5),
            acting_user=cast["officer"],
        )
    assert "Hồ Thị Ưu Tú" in refused.value.message
    assert AdmissionCandidate.objects.count() == 1


# --- names compared as written -----------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Nguyễn Văn An", "NGUYỄN VĂN AN", True),
        ("Nguyễn Văn An", "  Nguyễn   Văn An ", True),
        ("Nguyễn Văn An", "Nguye\u0302\u0303n Va\u0306n An", True),  # decomposed (NFD) input
        ("Nguyễn Văn An", "Nguyễn Văn Ân", False),
        ("Nguyễn Văn An", "Nguyen Van An", False),
    ],
)
def test_names_are_compared_without_case_form_or_spacing_but_with_accents(
    a: str, b: str, same: bool
) -> None:
    assert numbers.same_name(a, b) is same


# --- a candidate's own record ---------------------------------------------------------------


@pytest.fixture
def tu(tree: dict[str, Any]) -> AdmissionCandidate:
    return candidates.do_register_candidate(
        person("Hồ Thị Ưu Tú", identity_number="052099001111", sex="F"),
        organisation=tree["C11"],
        registered_on=dt.date(2024, 1, 5),
        acting_user=None,
    )


@pytest.mark.parametrize("who", ["officer", "grassroots"])
def test_a_candidate_record_saves_unchanged_with_its_own_identity_number(
    client: Client, cast: dict[str, Any], tu: AdmissionCandidate, who: str
) -> None:
    client.force_login(cast[who])
    url = reverse("members:candidate_edit", args=[tu.pk])
    values = shown_values(client, url)
    assert values["p-identity_number"] == "052099001111"
    response = client.post(url, values)
    assert response.status_code == 302, errors_of(response.content.decode())
    tu.refresh_from_db()
    assert tu.identity_number == "052099001111" and tu.full_name == "Hồ Thị Ưu Tú"
    response = client.post(url, {**values, "p-job": "Giáo viên"})
    tu.refresh_from_db()
    assert response.status_code == 302 and tu.job == "Giáo viên"


def test_a_candidate_record_refuses_a_members_or_another_candidates_number(
    client: Client, cast: dict[str, Any], tu: AdmissionCandidate, an: Member, tree: dict[str, Any]
) -> None:
    other = candidates.do_register_candidate(
        person("Phan Văn Khác", identity_number="052099002222"),
        organisation=tree["C12"],
        registered_on=dt.date(2024, 1, 5),
        acting_user=None,
    )
    client.force_login(cast["grassroots"])
    url = reverse("members:candidate_edit", args=[tu.pk])
    values = shown_values(client, url)
    body = client.post(url, {**values, "p-identity_number": AN_IDENT}).content.decode()
    assert "đồng chí Nguyễn Văn An" in errors_of(body)
    body = client.post(url, {**values, "p-identity_number": other.identity_number}).content
    assert "quần chúng ưu tú Phan Văn Khác" in errors_of(body.decode())
    tu.refresh_from_db()
    assert tu.identity_number == "052099001111"


def test_only_editors_of_an_open_file_edit_a_candidate_record(
    client: Client, cast: dict[str, Any], tu: AdmissionCandidate
) -> None:
    url = reverse("members:candidate_edit", args=[tu.pk])
    client.force_login(cast["viewer"])  # reads the bloc, edits nothing
    assert client.get(url).status_code == 404
    client.force_login(cast["grassroots"])
    assert client.get(url).status_code == 200
    candidates.do_withdraw_candidate(
        tu, on=dt.date(2024, 3, 1), reason="Chuyển công tác", acting_user=None
    )
    assert client.get(url).status_code == 404
