"""The scope walk, extended to every export and every page of Django's admin.

Exports: every URL of the project that answers `?xuat=` with a file is declared below (an
export added without a declaration fails `test_every_export_is_declared`). Each is
downloaded by the organisation officers of two sibling subtrees (GK1 and GK2), who must
find only their own subtree in it; by read-only roles; and with and without the explicit
full-number choice (`day_du=1`). No full identity or phone number may appear in any export
except on that choice, by a role allowed to read numbers in full, for its own subtree.

Admin: every URL of Django's admin is asked by a user who is not staff (refused: sent to
the sign-in page), by staff without permissions (refused on every model's page), and by
staff with a few permissions (exactly what those permissions allow; users and audit rows
are never deleted, whatever permission is held).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from dangvu.accounts.models import Role
from dangvu.accounts.tests.test_scope_walk import (  # noqa: F401  (world is a fixture)
    LIST_URLS,
    OBJECT_URLS,
    SHARED_URLS,
    kwargs,
    world,
)
from dangvu.audit.models import AuditEvent, mask
from dangvu.core.tests.export_reading import export_text
from dangvu.members.models import AdmissionCandidate, Member

pytestmark = pytest.mark.django_db

# URL name -> the query variants that each download a different file.
EXPORTS: dict[str, list[dict[str, str]]] = {
    "members:list": [{"tu_cach": "ever"}, {"tu_cach": "ever", "bang": "bien-dong"}],
    "members:candidates": [{"hien": "all"}],
    "orgs:list": [{"trang_thai": "all"}],
    "education:classes": [{}],
    "education:class": [{}],
    "education:conferences": [{}],
    "education:resolutions": [{}],
    "education:resolution": [{}],
    "education:contests": [{}],
    "education:contest": [{}],
    "inspection:inspections": [{}],
    "inspection:disciplines": [{}],
    "inspection:complaints": [{}],
    "inspection:complaints_due": [{}],
    "inspection:programmes": [{}],
    "office:commendations": [{}],
    "office:massorgs": [{}],
    "office:congresses": [{}],
    "office:ratings": [{}],
    "office:plans": [{}],
    "office:plan_actual": [{"nam": "2024"}],
    "office:documents": [{}],
    "personnel:committees": [{}],
    "personnel:seats": [{}],
    "personnel:decisions": [{}],
    "personnel:acting": [{}],
    "personnel:evaluations": [{}],
    "personnel:conclusions": [{}],
    "personnel:attendances": [{}],
    "dues:bases": [{}],
    "dues:payments": [{}],
    "dues:remittances": [{}],
    "rating:member_ratings": [{}],
    "rating:org_ratings": [{}],
    "meetings:meetings": [{}],
    "transit:confirmations": [{}],
    "transit:announcements": [{}],
    "transit:attendees": [{}],
    "transit:dues_payments": [{}],
    "congresses:list": [{}],
    "congresses:terms": [{}],
}
# The exports that carry identity and phone numbers.
NUMBERED = {"members:list", "members:candidates"}
# Downloads that are not exports of records: the Word template of a report (scoped in the
# scope walk, its rights in the reports tests). The annual report's downloads (figures,
# no persons) take the organisation as a parameter and are scoped in the reports tests. An
# issued report's files are the figures as sent, scoped by the report (the scope walk).
# A meeting's scanned minutes are the scan as uploaded, scoped by the meeting (the scope walk).
# An output job's file is the report or tables made in the background, seen by its asker
# only (the scope walk; the organisation is checked when the job runs). A member paper's
# file is the Word document as produced, and a paper template is the organisation's own
# template: both scoped by the issuing organisation (the scope walk, the papers' tests).
NOT_RECORDS = {
    "reports:template_download",
    "reports:issued_file",
    "meetings:file",
    "core:output_job_file",
    "papers:issue_file",
    "papers:template_download",
}
# Lists with no name of a subtree in them: resolutions are shared by every organisation
# (they come from above); the plan-versus-actual table holds the figures of the user's own
# organisation, named only in the workbook's title.
SHARED_EXPORTS = {"education:resolutions", "office:plan_actual"}

GK1 = ["Sở Y tế", "Người Trong Phạm Vi", "Quần Chúng Trong", "Kỷ Luật Trong"]
GK2 = ["Sở Tài chính", "Người Ngoài Phạm Vi", "Quần Chúng Ngoài", "Kỷ Luật Ngoài"]
# Identity and phone numbers of GK1's and GK2's member and candidate.
GK1_NUMBERS = ["052085001111", "0905111111", "052195001111", "0935111111"]
GK2_NUMBERS = ["052085002222", "0905222222", "052195002222", "0935222222"]
EVERY_NUMBER = GK1_NUMBERS + GK2_NUMBERS


@pytest.fixture
def walk(
    world: dict[str, Any],  # noqa: F811  (the fixture imported above)
    tree: dict[str, Any],
    cast: dict[str, Any],
    django_user_model: Any,
) -> dict[str, Any]:
    """The scope walk's world, with phone numbers, numbered candidates, a resolution
    studied in both subtrees, and an officer of GK2 who is to GK2 what the walk's actor is
    to GK1."""
    from dangvu.education import actions as edu

    resolution = edu.do_create_resolution(
        name="Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII",
        number="01-NQ/TW",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=dt.date(2021, 2, 1),
        acting_user=None,
    )
    for cell in ("C11", "C21"):
        edu.do_record_study_return(
            resolution,
            organisation=tree[cell],
            date=dt.date(2021, 5, 1),
            members_studied=1,
            acting_user=None,
        )
    _fill_the_remaining_lists(world, tree)
    for side, (ident, phone, c_ident, c_phone) in (("own", GK1_NUMBERS), ("foreign", GK2_NUMBERS)):
        member = Member.objects.get(pk=world[f"member_{side}"])
        member.phone = phone
        member.save(update_fields=["phone"])
        assert member.identity_number == ident
        candidate = AdmissionCandidate.objects.get(pk=world[f"candidate_{side}"])
        candidate.identity_number, candidate.phone = c_ident, c_phone
        candidate.save(update_fields=["identity_number", "phone"])
    gk2 = django_user_model.objects.create_user("tochuc_gk2", password="Mat-khau-2024!")
    for kind in (Role.Kind.BOARD_ORGANISATION, Role.Kind.BOARD_INSPECTION):
        Role.objects.create(user=gk2, organisation=tree["GK2"], kind=kind)
    leader = django_user_model.objects.create_user("lanhdao_gk1", password="Mat-khau-2024!")
    Role.objects.create(user=leader, organisation=tree["GK1"], kind=Role.Kind.LEADERSHIP)
    return world | {
        "gk1": world["user"],
        "gk2": gk2,
        "leader": leader,
        "viewer": cast["viewer"],
        "resolution": resolution.pk,
    }


def _fill_the_remaining_lists(world: dict[str, Any], tree: dict[str, Any]) -> None:  # noqa: F811
    """A contest entry, a mass organisation's congress and rating, a political-standard
    conclusion and a cell attendance on each side, so that every export has a row."""
    from dangvu.education import actions as edu
    from dangvu.education.models import Contest
    from dangvu.office import actions as office
    from dangvu.office.models import MassOrganisation
    from dangvu.personnel import actions as pers

    for side, cell, attended in (("own", "C11", "C12"), ("foreign", "C21", "C21")):
        member = Member.objects.get(pk=world[f"member_{side}"])
        contest = Contest.objects.get(pk=world[f"contest_{side}"])
        edu.do_add_contest_entry(
            contest, organisation=tree[cell], title="Bài dự thi tìm hiểu", acting_user=None
        )
        unit = MassOrganisation.objects.get(pk=world[f"massorg_{side}"])
        office.do_record_congress(
            unit, term="2022 - 2027", date=dt.date(2022, 5, 1), acting_user=None
        )
        office.do_rate_mass_organisation(unit, year=2023, rating="GOOD", acting_user=None)
        pers.do_conclude_political_standard(
            purpose="PLANNING",
            outcome="MET",
            date=dt.date(2024, 2, 1),
            member=member,
            acting_user=None,
        )
        pers.do_assign_cell_attendance(
            member=member, cell=tree[attended], start_date=dt.date(2024, 1, 10), acting_user=None
        )


def address(name: str, walk: dict[str, Any], side: int) -> str:
    """The URL of `name`, on GK1's object (side 0) or GK2's (side 1) when it names one."""
    if name in OBJECT_URLS:
        return reverse(name, kwargs=kwargs(name, walk, side))
    if name in SHARED_URLS:
        return reverse(name, kwargs={k: walk[v] for k, v in SHARED_URLS[name].items()})
    return reverse(name)


def download(client: Client, url: str, query: dict[str, str], fmt: str, **more: str) -> Any:
    return client.get(url, {**query, "xuat": fmt, **more})


def is_file(response: Any) -> bool:
    return response.status_code == 200 and response.get("Content-Disposition", "").startswith(
        "attachment"
    )


CASES = [(name, i) for name, variants in EXPORTS.items() for i in range(len(variants))]


def test_every_export_is_declared(client: Client, walk: dict[str, Any], admin_user: Any) -> None:
    client.force_login(admin_user)
    found = set()
    for name in sorted((LIST_URLS | set(OBJECT_URLS) | set(SHARED_URLS)) - NOT_RECORDS):
        url = address(name, walk, 0)
        for query in EXPORTS.get(name, [{}]):
            if is_file(download(client, url, query, "csv")):
                found.add(name)
    assert found == set(EXPORTS), (
        f"declare these exports here: {sorted(found - set(EXPORTS))}; "
        f"declared but not exporting: {sorted(set(EXPORTS) - found)}"
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("name", "variant"), CASES)
def test_sibling_officers_export_only_their_own_subtree_with_numbers_masked(
    client: Client, walk: dict[str, Any], name: str, variant: int, fmt: str
) -> None:
    query = EXPORTS[name][variant]
    for side, officer, own, other in ((0, "gk1", GK1, GK2), (1, "gk2", GK2, GK1)):
        client.force_login(walk[officer])
        response = download(client, address(name, walk, side), query, fmt)
        assert is_file(response), (officer, name, response.status_code)
        text = export_text(response)
        assert not [m for m in other if m in text], (officer, name)
        if name not in SHARED_EXPORTS:
            assert [m for m in own if m in text], (officer, name, "the export shows nothing")
        assert not [n for n in EVERY_NUMBER if n in text], (officer, name)


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_read_only_roles_export_masked_and_may_not_unmask(
    client: Client, walk: dict[str, Any], name: str, variant: int
) -> None:
    query = EXPORTS[name][variant]
    for who in ("viewer", "leader"):
        client.force_login(walk[who])
        response = download(client, address(name, walk, 0), query, "xlsx")
        assert is_file(response), (who, name, response.status_code)
        text = export_text(response)
        assert not [n for n in EVERY_NUMBER if n in text], (who, name)
        if who == "leader":
            assert not [m for m in GK2 if m in text], (who, name)
        asked = download(client, address(name, walk, 0), query, "xlsx", day_du="1")
        if name in NUMBERED:
            assert asked.status_code == 403, (who, name)
            assert "không được xuất đầy đủ số CCCD" in asked.content.decode()
        else:  # nothing to unmask: the same masked file
            assert is_file(asked) and not [n for n in EVERY_NUMBER if n in export_text(asked)]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REVEAL).exists()


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_full_numbers_only_on_the_explicit_choice_and_only_of_ones_own_subtree(
    client: Client, walk: dict[str, Any], name: str, variant: int
) -> None:
    query = EXPORTS[name][variant]
    for side, officer, own, other in (
        (0, "gk1", GK1_NUMBERS, GK2_NUMBERS),
        (1, "gk2", GK2_NUMBERS, GK1_NUMBERS),
    ):
        client.force_login(walk[officer])
        response = download(client, address(name, walk, side), query, "csv", day_du="1")
        assert is_file(response), (officer, name)
        text = export_text(response)
        assert not [n for n in other if n in text], (officer, name)
        if name == "members:list":
            assert own[0] in text and own[1] in text
        elif name == "members:candidates":
            assert own[2] in text and own[3] in text
        else:
            assert not [n for n in own if n in text], (officer, name)
            assert mask(own[0]) not in text or name in NUMBERED


# --- Django's admin ------------------------------------------------------------------------


def admin_urls() -> Iterator[tuple[str, str]]:
    """(name, route) of every named URL of the admin site."""

    def walk(patterns: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                yield p.name, prefix + str(p.pattern)

    return walk(admin.site.get_urls())


# Names answered before sign-in by design: our sign-in page, and leaving.
ADMIN_OPEN = {"login", "logout"}


def admin_address(name: str, route: str, objects: dict[str, Any]) -> str:
    """The URL of an admin page, on an existing object of its model when it names one."""
    kw: dict[str, Any] = {}
    if "app_label" in route:
        kw["app_label"] = "audit"
    if "content_type_id" in route:
        org = objects["orgs_organisation"]
        kw["content_type_id"] = ContentType.objects.get_for_model(org).pk
        kw["object_id"] = org.pk
    elif "object_id" in route or "<id>" in route or "<int:pk>" in route:
        prefix = name.rsplit("_", 1)[0]
        for key in sorted(objects, key=len, reverse=True):
            if prefix.startswith(key):
                pk = objects[key].pk
                break
        else:
            raise AssertionError(f"no object for {name}: create one in admin_objects")
        param = "object_id" if "object_id" in route else ("id" if "<id>" in route else "pk")
        kw[param] = pk
    return reverse(f"admin:{name}", kwargs=kw)


@pytest.fixture
def admin_objects(walk: dict[str, Any], admin_user: Any) -> dict[str, Any]:
    """One object of each model registered in the admin, keyed like its URL names."""
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from dangvu.core.models import RuleVersion

    Group.objects.create(name="Văn phòng")
    TOTPDevice.objects.create(user=walk["gk2"], name="Điện thoại")
    RuleVersion.objects.create(
        key="members.probation_months", effective_from=dt.date(2030, 1, 1), value=12
    )
    # The sign-in lock's records (django-axes), one of each.
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    seen = {"user_agent": "x", "ip_address": "10.0.0.1", "username": "ai", "path_info": "/"}
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen)
    # The task queue's record of a task (django-tasks-db).
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        task_path="dangvu.core.tasks.run_import_job",
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
    )
    objects = {}
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            objects[f"{model._meta.app_label}_{model._meta.model_name}"] = obj
    objects["auth_user"] = walk["gk2"]
    return objects


def test_every_admin_page_refuses_users_who_are_not_staff(
    client: Client, walk: dict[str, Any], admin_objects: dict[str, Any]
) -> None:
    before = AuditEvent.objects.order_by("id").values_list("id", flat=True).last()
    client.force_login(walk["gk1"])  # an officer with roles, not staff
    for name, route in admin_urls():
        if name in ADMIN_OPEN:
            continue
        url = admin_address(name, route, admin_objects)
        for response in (client.get(url), client.post(url, {"post": "yes"})):
            assert response.status_code in (302, 403, 404), (url, response.status_code)
            if response.status_code == 302:
                assert "/login/" in response["Location"], (url, response["Location"])
    assert walk["gk2"].is_active and not walk["gk1"].is_staff
    changes = AuditEvent.objects.filter(action=AuditEvent.Action.SECURITY, id__gt=before)
    assert not changes.exists()


def test_staff_without_permissions_reach_no_model_page(
    client: Client, walk: dict[str, Any], admin_objects: dict[str, Any], django_user_model: Any
) -> None:
    staff = django_user_model.objects.create_user("nhanvien", password="x", is_staff=True)
    client.force_login(staff)
    model_pages = 0
    for name, route in admin_urls():
        if name in ADMIN_OPEN:
            continue
        url = admin_address(name, route, admin_objects)
        code = client.get(url).status_code
        if name in ("index", "password_change", "password_change_done", "jsi18n"):
            assert code == 200, (url, code)  # their own pages, nothing of anyone else
        elif name == "view_on_site":
            assert code in (302, 404), (url, code)  # a redirect to the site's own page
        else:
            assert code in (403, 404), (url, code)
            model_pages += 1
    assert model_pages > 60


def test_staff_see_and_change_exactly_what_their_permissions_allow(
    client: Client, walk: dict[str, Any], admin_objects: dict[str, Any], django_user_model: Any
) -> None:
    staff = django_user_model.objects.create_user("kiemtoan", password="x", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_auditevent", "delete_auditevent", "view_user", "delete_user"]
        )
    )
    client.force_login(staff)
    allowed = {
        "audit_auditevent_changelist",
        "audit_auditevent_change",
        "audit_auditevent_history",
        "auth_user_changelist",
        "auth_user_change",
        "auth_user_history",
        "index",
        "password_change",
        "password_change_done",
        "jsi18n",
    }
    for name, route in admin_urls():
        if name in ADMIN_OPEN:
            continue
        url = admin_address(name, route, admin_objects)
        code = client.get(url).status_code
        if name == "app_list":
            assert code == 200  # the audit application, whose rows they may read
        elif name == "view_on_site":
            assert code == 302  # to the organisation's own page, which applies the scope
        elif name in allowed:
            assert code == 200, (url, code)
        else:
            assert code in (403, 404), (url, code)
    # Reading a user is not changing one; deleting is refused to everyone.
    user_url = reverse("admin:auth_user_change", args=[walk["gk2"].pk])
    assert client.post(user_url, {"username": "doiten", "is_superuser": "on"}).status_code == 403
    assert client.post(reverse("admin:auth_user_delete", args=[walk["gk2"].pk])).status_code == 403
    event = AuditEvent.objects.order_by("pk").first()
    assert event is not None
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    walk["gk2"].refresh_from_db()
    assert walk["gk2"].username == "tochuc_gk2" and not walk["gk2"].is_superuser


def test_the_trail_in_the_admin_shows_personal_numbers_masked(
    client: Client, walk: dict[str, Any], admin_user: Any
) -> None:
    from dangvu.members import actions

    member = Member.objects.get(pk=walk["member_own"])
    person = actions.Person(
        full_name=member.full_name,
        birth_date=member.birth_date,
        sex=member.sex,
        identity_number="052085009999",
        phone=member.phone,
    )
    actions.do_update_member_record(member, person, acting_user=admin_user)
    # The latest: the walk's world already gave the member a photo (an update of its own).
    event = AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE, object_type="member", object_id=str(member.pk)
    ).latest("id")
    client.force_login(admin_user)
    page = client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).content.decode()
    assert mask("052085009999") in page and mask("052085001111") in page
    assert "052085009999" not in page and "052085001111" not in page
