"""Every edit form accepts what it displays.

A form that shows a record must take back exactly what it shows: open it, send what a
browser would send without touching anything, and the record is saved unchanged with no
error. A member page that answered "Constraint … is violated." to an unchanged save was
this defect; so would be a date shown as 30/01/2024 that the field refuses, a choice shown
under another spelling than the one it accepts, a microsecond lost from a timestamp, a line
break turned into CRLF.

Complete by construction: every page of the project that names an existing object (the
scope walk declares them all) is opened as an administrator, and every form on it that
posts must be declared here, either as an edit form (then round-tripped, as an
administrator and as the board that owns it) or as an action form, which records
something new and shows nothing of the record to send back. Every model registered in the
Django admin has its change form round-tripped, or is read-only there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.db.models import QuerySet
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve, reverse

from dangvu.accounts.models import Role
from dangvu.accounts.tests.test_scope_walk import (  # noqa: F401 (the fixture is reused)
    ADMIN_URLS,
    KIND_URLS,
    LIST_URLS,
    OBJECT_URLS,
    PUBLIC_URLS,
    SHARED_URLS,
    url_names,
    world,
)
from dangvu.audit.models import AuditEvent
from dangvu.core.models import RuleVersion
from dangvu.core.tests.htmlforms import Form, parse, post_forms
from dangvu.education.actions import do_create_resolution
from dangvu.inspection.actions import do_conclude_inspection, do_update_complaint
from dangvu.inspection.models import Complaint, Inspection
from dangvu.members import candidates
from dangvu.members.actions import Person, allowed_event_kinds, do_update_member_record
from dangvu.members.models import AdmissionCandidate, Member
from dangvu.orgs.models import Organisation
from dangvu.reports.actions import do_set_heading
from dangvu.reports.models import ReportHeading

pytestmark = pytest.mark.django_db

Rows = Callable[[dict[str, Any]], QuerySet[Any]]


@dataclass(frozen=True)
class EditForm:
    """A form on `page` that shows the rows of `record` and saves them."""

    page: str
    record: Rows
    # Besides administrators, the roles that own the form, as "KIND@organisation code".
    editors: tuple[str, ...]


# Form keys are the URL name the form posts to, with the value of its `step`/`hanh_dong`
# field when one page carries several forms posting to the same address.
EDIT_FORMS: dict[str, EditForm] = {
    "members:edit": EditForm(
        "members:edit",
        lambda w: Member.objects.filter(pk=w["member_own"]),
        ("BOARD_ORGANISATION@GK1", "GRASSROOTS_SECRETARY@GK1", "CELL_SECRETARY@C11"),
    ),
    "members:candidate_edit": EditForm(
        "members:candidate_edit",
        lambda w: AdmissionCandidate.objects.filter(pk=w["candidate_own"]),
        ("BOARD_ORGANISATION@GK1", "GRASSROOTS_SECRETARY@GK1", "CELL_SECRETARY@C11"),
    ),
    "members:candidate#progress": EditForm(
        "members:candidate",
        lambda w: AdmissionCandidate.objects.filter(pk=w["candidate_own"]),
        ("BOARD_ORGANISATION@GK1", "GRASSROOTS_SECRETARY@GK1", "CELL_SECRETARY@C11"),
    ),
    "inspection:complaint": EditForm(
        "inspection:complaint",
        lambda w: Complaint.objects.filter(pk=w["complaint_own"]),
        ("BOARD_INSPECTION@GK1",),
    ),
    "inspection:inspection_conclude": EditForm(
        "inspection:inspection",
        lambda w: Inspection.objects.filter(pk=w["inspection_own"]),
        ("BOARD_INSPECTION@GK1",),
    ),
    "orgs:unit_type": EditForm(
        "orgs:unit_type",
        lambda w: Organisation.objects.filter(code=w["org_own"]),
        ("BOARD_ORGANISATION@GK1",),
    ),
    "reports:template#the_thuc": EditForm(
        "reports:template",
        lambda w: ReportHeading.objects.filter(organisation__code=w["org_own"]),
        ("BOARD_OFFICE@GK1", "BOARD_OFFICE@C11"),
    ),
}

# Forms that record something new about the object (an event, a child record, a status, a
# void, a file) and show none of its values: there is nothing of the record to send back.
ACTION_FORMS: dict[str, str] = {
    "accounts:logout": "signs out",
    "accounts:role_revoke": "withdraws a role",
    "accounts:user": "grants a new role",
    "accounts:user_active": "locks or unlocks the account",
    "core:import_commit": "writes a checked import",
    "education:class": "adds a learner",
    "education:learner_complete": "records a learner's result",
    "education:contest": "adds an entry",
    "education:resolution": "adds a study return",
    "dues:acknowledge": "the superior acknowledges the remittance",
    "dues:month": "records the payments of the members ticked",
    "dues:void": "voids the record with a reason",
    "rating:cell": "records the self-assessments, proposals and reasons of the cell's members",
    "rating:member_correct": "corrects a decided rating by a new decision with its reason",
    "rating:org_correct": "corrects a decided rating by a new decision with its reason",
    "rating:round": "closes the round",
    "meetings:cell": "records a new meeting with the marks of its roll",
    "meetings:correct": (
        "re-records the meeting and its roll with a reason; one that changes nothing is "
        "refused as such, never saved as unchanged"
    ),
    "meetings:void": "voids the record with a reason",
    "education:void": "voids the record with a reason",
    "inspection:inspection_status": "moves the inspection to a new status",
    "inspection:programme": "adds an item to the programme",
    "inspection:void": "voids the record with a reason",
    "members:candidate#admit": "admits the candidate",
    "members:candidate#withdraw": "stops the candidate's file",
    "members:event": "records a new event in the ledger",
    "members:void": "voids an event with a reason",
    "office:congress_create": "records a congress",
    "office:plan_close": "closes the plan",
    "office:plan_issue": "issues the plan",
    "office:rating_create": "records a rating",
    "office:target_create": "adds a target",
    "office:task_create": "adds a task",
    "office:void": "voids the record with a reason",
    "orgs:convert": "restructures: a new version of the organisation",
    "orgs:dissolve": "restructures: ends the organisation",
    "orgs:merge": "restructures: merges organisations",
    "orgs:move": "restructures: a new parent",
    "orgs:rename": "restructures: a new name from a date, the old one kept",
    "orgs:split": "restructures: splits the organisation",
    "congresses:delegates": "records the delegate list anew (its own test posts back the list "
    "it shows)",
    "congresses:document_create": "adds a paper to the congress",
    "congresses:reschedule": "moves the planned congress to a new day",
    "congresses:results": "records the congress's results once",
    "congresses:void": "voids the record with a reason",
    "personnel:decision_create": "records a decision on the committee",
    "personnel:record_end": "ends an assignment",
    "personnel:seat_create": "adds a seat",
    "personnel:seat_end": "ends a seat",
    "personnel:void": "voids the record with a reason",
    "reports:template": "uploads a new template or returns to the default one",
    "reports:issue": "issues (ban hành) a new report of the organisation",
    "transit:confirm": "records the receiving committee's notice of the member's arrival",
    "transit:receive": "records the transfer-in of the announced member",
    "transit:not_coming": "closes the announcement: the member is not coming",
    "transit:end": "records the day the temporary attendance ended",
    "transit:link": "closes the announcement with a transfer-in recorded elsewhere",
    "transit:void": "voids the record with a reason",
    "papers:member": "produces a new paper for the member",
    "papers:templates": "uploads a new template of a kind of paper",
}

# Declared forms that the walk's records do not show: the status form appears only while
# an inspection is planned or under way, and the scope walk's inspection is done.
SHOWN_IN_OTHER_STATES = {"inspection:inspection_status"}
# The transfer-ins an announcement may be matched with are offered only when one was
# recorded on the members' page with the same name and birth date.
SHOWN_IN_OTHER_STATES |= {"transit:link"}

# Administrators' pages that name an object: the user's page (roles granted there).
ADMIN_OBJECT_URLS = {"accounts:user": {"pk": "user_pk"}}
# Administrators' pages that only answer POST or list users.
ADMIN_OTHER_URLS = {
    "accounts:users",
    "accounts:user_active",
    "accounts:role_revoke",
    "vocab:retire",  # POST only: its form is a row of vocab:values
    "exchange:trusted",  # lists the trusted keys; its forms add one or revoke one
}

DISCRIMINATORS = ("step", "hanh_dong")
# Django's English messages and database errors that must never reach a user.
FOREIGN_TEXT = re.compile(
    r"Constraint “|is violated|UNIQUE constraint|violates unique|duplicate key|IntegrityError"
    r"|This field|Enter a valid|Select a valid|Ensure this value|already exists|Traceback"
    r"|is not a valid|Please correct|\bError:"
)


def form_key(form: Form, page_path: str) -> str:
    """The URL name the form posts to, and which of that address's acts it performs."""
    try:
        name = resolve(form.action or page_path).view_name
    except Resolver404:
        return form.action
    for field in DISCRIMINATORS:
        if (value := form.hidden(field)) is not None:
            return f"{name}#{value}"
    # A form whose buttons all name the same act (the place form's «Lưu địa danh»).
    acts = {(n, v) for n, v in form.buttons}
    if len(acts) == 1 and (act := acts.pop())[0] in DISCRIMINATORS:
        return f"{name}#{act[1]}"
    return name


def pressed(form: Form) -> str | None:
    """The button that performs the form's act, when the act is named by a button."""
    named = [n for n, _ in form.buttons if n in DISCRIMINATORS]
    return named[0] if len(named) == 1 and len(form.buttons) == 1 else None


def snapshot(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    """Every stored value of the rows, many-to-many sets included, timestamps kept by the
    database itself (auto_now) left out."""
    model = rows.model
    stamps = {
        f.attname
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    out = []
    for obj in rows.order_by("pk"):
        values = {
            f.attname: getattr(obj, f.attname)
            for f in model._meta.concrete_fields
            if f.attname not in stamps
        }
        for m2m in model._meta.many_to_many:
            values[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
        out.append(values)
    return out


def differences(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    """The fields whose stored value the round trip changed, with both values."""
    if len(before) != len(after):
        return [f"{len(before)} rows before, {len(after)} after"]
    return [
        f"{name}: {old!r} -> {new.get(name)!r}"
        for old_row, new in zip(before, after, strict=True)
        for name, old in old_row.items()
        if new.get(name) != old
    ]


def trail_rows() -> list[tuple[str, str, Any, Any]]:
    """The audit rows that say a record was changed or voided."""
    acts = (AuditEvent.Action.UPDATE, AuditEvent.Action.VOID)
    return [
        (e.action, e.object_repr, e.before, e.after)
        for e in AuditEvent.objects.filter(action__in=acts).order_by("pk")
    ]


def the_form(client: Client, url: str, key: str) -> Form:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    found = [f for f in post_forms(response.content.decode()) if form_key(f, url) == key]
    assert len(found) == 1, f"{url}: expected one form {key}, found {len(found)}"
    return found[0]


def send_back(client: Client, url: str, form: Form, button: str | None = None) -> Any:
    """Post what the form shows, where it posts, and follow to the page that answers."""
    target = form.action or url
    response = client.post(target, form.submission(button))
    page = parse(response.content.decode())
    assert response.status_code == 302, (
        f"{target} refused what it displayed ({response.status_code}): {page.errors}"
    )
    return client.get(response["Location"])


def assert_clean_answer(response: Any) -> None:
    body = response.content.decode()
    assert response.status_code == 200
    assert not FOREIGN_TEXT.search(body), FOREIGN_TEXT.search(body)


# --- the records: realistic, with every optional field filled ------------------------------


def full_person() -> dict[str, Any]:
    """Every field of the record filled, places across the 2025 merger, and a religion
    value retired since it was written (the form must still take it back)."""
    from dangvu.members.tests.factories import places, retired_value, value

    units = places()
    return {
        "ethnicity": value("ETHNICITY", "12"),
        "religion": retired_value("RELIGION", "R-OLD", "Đạo Thử Nghiệm", dt.date(2020, 1, 1)),
        "identity_number": "052085001111",
        "birthplace_province": units["binh_dinh"],
        "birthplace_local": units["phu_cat"],
        "birthplace": "Thôn Hòa Hội",
        "hometown_province": units["binh_dinh"],
        "hometown_local": units["cat_tan"],
        "hometown": "Thôn Kiều An",
        "residence_province": units["gia_lai"],
        "residence_local": units["quy_nhon"],
        "residence": "Số 12 đường Trần Hưng Đạo",
        "education": "12/12",
        "qualification": value("QUALIFICATION", "MASTER"),
        "expertise": "Quản lý công",
        "theory_level": value("THEORY", "ADVANCED"),
        "state_management": value("STATE_MANAGEMENT", "PRINCIPAL"),
        "academic_title": value("ACADEMIC_TITLE", "ASSOC"),
        "foreign_languages": "Tiếng Anh B2",
        "it_skill": "Ứng dụng CNTT cơ bản",
        "occupation": value("OCCUPATION", "OFFICIAL"),
        "job": "Công chức",
        "post": "Phó Chánh Văn phòng Sở",
        "phone": "0905123456",
    }


@pytest.fixture
def records(world: dict[str, Any], admin_user: Any) -> dict[str, Any]:  # noqa: F811
    """The scope walk's world, with each edited record filled as a real one is."""
    member = Member.objects.get(pk=world["member_own"])
    person = full_person()
    retired = person["religion"]
    person["religion"] = None
    do_update_member_record(
        member,
        Person(full_name=member.full_name, birth_date=member.birth_date, sex="F", **person),
        acting_user=None,
        national_id="52.000123",
    )
    # Written while in force; retired since.
    Member.objects.filter(pk=member.pk).update(religion=retired)
    person["religion"] = retired
    candidate = AdmissionCandidate.objects.get(pk=world["candidate_own"])
    candidates.do_record_candidate_progress(
        candidate,
        class_completed_on=dt.date(2024, 3, 15),
        certificate_number="125/GCN-TTCT",
        checked_on=dt.date(2024, 5, 20),
        proposed_on=dt.date(2024, 6, 3),
        acting_user=None,
    )
    AdmissionCandidate.objects.filter(pk=candidate.pk).update(
        **{k: v for k, v in person.items() if k != "identity_number"},
        identity_number="052090007777",
        sponsors="Nguyễn Văn An, Trần Thị Bình",
    )
    # A complete file (the political-standard conclusion too), so the admit form is offered.
    from dangvu.personnel.actions import do_conclude_political_standard

    do_conclude_political_standard(
        purpose="ADMISSION",
        outcome="MET",
        date=dt.date(2024, 5, 27),
        candidate=candidate,
        acting_user=None,
    )
    do_set_heading(
        member.organisation,
        place="Quy Nhơn",
        superior_line="Đảng bộ tỉnh Bình Định",
        recipients="- Ban Thường vụ Tỉnh ủy (để báo cáo),\n- Lưu Văn phòng.",
        acting_user=None,
    )
    # A complaint being handled, with its outcome so far.
    do_update_complaint(
        Complaint.objects.get(pk=world["complaint_own"]),
        status=Complaint.State.IN_PROGRESS,
        outcome="Đã làm việc với người gửi đơn; đang xác minh nội dung.",
        acting_user=None,
    )
    do_conclude_inspection(
        Inspection.objects.get(pk=world["inspection_own"]),
        conclusion="Chi bộ thực hiện đúng quy định; cần bổ sung biên bản sinh hoạt tháng 3.",
        conclusion_date=dt.date(2024, 3, 25),
        acting_user=None,
    )
    resolution = do_create_resolution(
        name="Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
        number="01-NQ/TW",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=dt.date(2021, 2, 1),
        term="2021–2026",
        acting_user=None,
    )
    return world | {
        "admin": admin_user,
        "user_pk": world["user"].pk,
        "resolution": resolution.pk,
    }


def editor(role: str, tree: dict[str, Any]) -> Any:
    """A user holding `role` ("KIND@organisation code")."""
    kind, code = role.split("@")
    user = get_user_model().objects.create_user(f"bien_tap_{kind.lower()}_{code.lower()}")
    Role.objects.create(user=user, organisation=tree[code], kind=kind)
    return user


def page_kwargs(name: str, records: dict[str, Any]) -> dict[str, Any]:
    if name in OBJECT_URLS:
        return {param: records[keys[0]] for param, keys in OBJECT_URLS[name].items()}
    if name in SHARED_URLS:
        return {param: records[key] for param, key in SHARED_URLS[name].items()}
    return {param: records[key] for param, key in ADMIN_OBJECT_URLS[name].items()}


# --- the walk: no form on an object's page goes undeclared ----------------------------------


def test_every_administrators_url_is_declared() -> None:
    missing = sorted(ADMIN_URLS - set(ADMIN_OBJECT_URLS) - ADMIN_OTHER_URLS)
    assert not missing, f"declare whether these administrators' pages show a form: {missing}"


def test_every_url_of_the_project_is_walked() -> None:
    """Object pages are walked for edit forms, pages without an object for the typing
    check; only the sign-in pages (no record, passwords never shown back) are not. The
    admin's pages are walked through its registry."""
    walked = {*OBJECT_URLS, *SHARED_URLS, *ADMIN_OBJECT_URLS, *LIST_URLS, *KIND_URLS}
    missing = sorted(set(url_names()) - walked - PUBLIC_URLS - ADMIN_OTHER_URLS)
    assert not missing, f"these URLs escape the form walks: {missing}"


def test_every_form_on_an_objects_page_is_declared(client: Client, records: dict[str, Any]) -> None:
    seen: dict[str, str] = {}
    # As an administrator, and as the scope walk's officer (import jobs are their owner's).
    users = (records["admin"], records["user"])
    for name in sorted({*OBJECT_URLS, *SHARED_URLS, *ADMIN_OBJECT_URLS}):
        url = reverse(name, kwargs=page_kwargs(name, records))
        codes = []
        for user in users:
            client.force_login(user)
            response = client.get(url)
            codes.append(response.status_code)
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                for form in post_forms(response.content.decode()):
                    seen.setdefault(form_key(form, url), url)
        # A URL answering POST only has its form on another page.
        assert 200 in codes or codes == [405, 405], (url, codes)
    undeclared = {k: url for k, url in seen.items() if k not in EDIT_FORMS | ACTION_FORMS}
    assert not undeclared, (
        "declare these forms in EDIT_FORMS (they show a record: round-tripped) or "
        f"ACTION_FORMS (they record something new): {undeclared}"
    )
    unseen = sorted(set(EDIT_FORMS | ACTION_FORMS) - set(seen) - SHOWN_IN_OTHER_STATES)
    assert not unseen, f"these declared forms were not found on any page: {unseen}"


# --- the round trip of the project's own edit forms -----------------------------------------


EDITORS = [(key, who) for key, form in EDIT_FORMS.items() for who in ("admin", *form.editors)]


@pytest.mark.parametrize(("key", "who"), EDITORS, ids=[f"{k}-{w}" for k, w in EDITORS])
def test_an_edit_form_saves_what_it_shows_unchanged(
    client: Client, records: dict[str, Any], tree: dict[str, Any], key: str, who: str
) -> None:
    spec = EDIT_FORMS[key]
    client.force_login(records["admin"] if who == "admin" else editor(who, tree))
    rows = spec.record(records)
    before = snapshot(rows)
    assert before, f"the fixture has no record for {key}"
    url = reverse(spec.page, kwargs=page_kwargs(spec.page, records))
    trail = trail_rows()
    form = the_form(client, url, key)
    answer = send_back(client, url, form, button=pressed(form))
    assert_clean_answer(answer)
    assert not differences(before, snapshot(rows)), differences(before, snapshot(rows))
    # An unchanged save writes nothing to the trail: a row would record a change nobody made.
    assert trail_rows() == trail, trail_rows()[len(trail) :]


# --- the Django admin's change forms ----------------------------------------------------------


def _third_party_record(label: str, admin_user: Any) -> None:
    """A filled record of a model that a library registers in the admin."""
    model = apps.get_model(label)
    visit = {
        "username": "nguoi_dang_nhap",
        "ip_address": "203.0.113.7",
        "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
        "http_accept": "text/html",
        "path_info": "/accounts/login/",
    }
    match label:
        case "otp_totp.TOTPDevice":
            model.objects.create(user=admin_user, name="Điện thoại", confirmed=True)
        case "otp_static.StaticDevice":
            model.objects.create(user=admin_user, name="Mã dự phòng", confirmed=True)
        case "axes.AccessAttempt":
            model.objects.create(
                **visit, get_data="", post_data="username=nguoi_dang_nhap", failures_since_start=3
            )
        case "axes.AccessLog":
            model.objects.create(**visit)
        case "axes.AccessFailureLog":
            model.objects.create(**visit, locked_out=True)
        case "django_tasks_database.DBTaskResult":  # the queue's record of a task
            model.objects.create(
                task_path="dangvu.core.tasks.run_import_job",
                args_kwargs={"args": [1], "kwargs": {}},
                backend_name="default",
            )


@pytest.fixture
def admin_world(cast: dict[str, Any], admin_user: Any) -> Any:
    """The committee, its users, and one filled record of each model the admin shows."""
    group = Group.objects.create(name="Văn phòng Đảng ủy")
    group.permissions.set(Permission.objects.filter(codename__startswith="view_")[:3])
    admin_user.first_name, admin_user.last_name = "Quản", "Trị Viên"
    admin_user.email = "quantri@example.vn"
    admin_user.save()
    admin_user.groups.add(group)
    RuleVersion.objects.create(
        key="members.probation_months",
        effective_from=dt.date(2025, 1, 1),
        value={"months": 12, "ratio": 0.5, "names": ["Quy định 24-QĐ/TW"]},
        note="Căn cứ Quy định số 24-QĐ/TW.\nÁp dụng từ năm 2025.",
        created_by=admin_user,
    )
    for model in admin.site._registry:
        if not model._default_manager.exists():
            _third_party_record(model._meta.label, admin_user)
    return admin_user


def _admin_models() -> list[type[models.Model]]:
    return sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.mark.parametrize("model", _admin_models(), ids=lambda m: m._meta.label)
def test_an_admin_change_form_saves_what_it_shows_unchanged(
    client: Client, admin_world: Any, model: type[models.Model]
) -> None:
    admin_user = admin_world
    obj = model._default_manager.order_by("pk").last()
    assert obj is not None, f"give the fixture a record of {model._meta.label}"
    client.force_login(admin_user)
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    request = RequestFactory().get(url)
    request.user = admin_user
    model_admin = admin.site._registry[model]
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = response.content.decode()
    forms = [f for f in post_forms(body) if f.attrs.get("id") == f"{opts.model_name}_form"]
    assert len(forms) == 1, url
    if not model_admin.has_change_permission(request, obj):
        assert "_save" not in dict(forms[0].buttons), f"{url} is read-only but offers to save"
        return
    rows = model._default_manager.filter(pk=obj.pk)
    before = snapshot(rows)
    trail = trail_rows()
    answer = send_back(client, url, forms[0], button="_save")
    assert_clean_answer(answer)
    assert not differences(before, snapshot(rows)), differences(before, snapshot(rows))
    # An unchanged save writes nothing to the trail: a row would record a change nobody made.
    assert trail_rows() == trail, trail_rows()[len(trail) :]


# --- a refused form keeps what was typed ------------------------------------------------------

# Inputs where a person types free text (dates, numbers and choices are picked, and a
# browser cannot show free text in them; passwords are never sent back by design).
TYPED = {"text", "email", "tel", "search", "url", "textarea"}


def test_a_refused_form_keeps_what_was_typed(client: Client, admin_world: Any) -> None:
    """Fill in every form on the project's pages without an object (lists, create forms):
    when the form refuses the whole, each field shows back exactly what was filled in, so
    nothing has to be typed twice."""
    client.force_login(admin_world)
    lost: list[str] = []
    checked = 0
    for name in sorted({*LIST_URLS, *KIND_URLS, "accounts:users"}):
        url = reverse(name, kwargs=KIND_URLS.get(name))
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in post_forms(response.content.decode()):
            if form.action and form.action != url:
                continue  # posts elsewhere: sign-out, a row's action
            typed = typed_into(form)
            if not typed:
                continue
            # What the form writes when it accepts is undone: the walk goes on unchanged.
            with transaction.atomic():
                answer = client.post(url, form.submission() | {k: [v] for k, v in typed.items()})
                transaction.set_rollback(True)
            if answer.status_code != 200:
                continue  # accepted: nothing was refused
            checked += 1
            lost += [f"{url} {problem}" for problem in shown_back(answer, typed)]
    assert checked, "no form was refused: the walk checked nothing"
    assert not lost, lost


# Acts refused for the record's sake, never for what a browser lets one type: a void's
# reason only has to be there and fit 10,000 characters (the browser holds it to both), and
# a record still in use cannot be voided whatever the reason. Their refusal comes back as a
# message on the record's page.
REFUSED_AS_A_WHOLE = {
    "congresses:void",
    "dues:void",
    "education:void",
    "inspection:void",
    "meetings:void",
    "members:void",
    "office:void",
    "personnel:void",
    "transit:void",
}


def typed_into(form: Form) -> dict[str, str]:
    """What a person fills in on `form`: a distinct text in each empty free-text field (no
    longer than the browser lets one type), a date, a number, the last option of each
    list, a tick in each box. Fields already filled are left as shown."""
    data = form.submission()
    filled: dict[str, str] = {}
    for i, (name, kind) in enumerate(form.kinds.items()):
        shown = [v for v in data.get(name, []) if v]
        if kind in TYPED and name in data and not shown:
            filled[name] = f"{i} <b>&amp;</b> “{name}” gõ vào"[: form.maxlength.get(name)]
        elif kind == "date" and not shown:
            filled[name] = "15/03/2024"
        elif kind == "number" and not shown:
            filled[name] = "7"
        elif kind == "select" and len(form.options.get(name, [])) > 1:
            filled[name] = form.options[name][-1]
        elif kind == "checkbox" and name in form.boxes and not shown:
            filled[name] = form.boxes[name]
    return filled


def shown_back(answer: Any, typed: dict[str, str]) -> list[str]:
    """The fields of the refused form that do not show what was filled in."""
    again = next(
        (f for f in post_forms(answer.content.decode()) if set(typed) <= set(f.kinds)), None
    )
    shown = again.submission() if again else {}
    return [
        f"{name}: filled {value!r}, shown {shown.get(name)!r}"
        for name, value in typed.items()
        if shown.get(name) != [value]
    ]


def test_a_refused_form_on_an_objects_page_keeps_what_was_typed(
    client: Client, records: dict[str, Any]
) -> None:
    """The same for the forms on an object's page (events, restructurings, conclusions,
    voids…): a refusal answered by a redirect loses what was typed, and is reported."""
    client.force_login(records["admin"])
    lost: list[str] = []
    checked = 0
    member = Member.objects.get(pk=records["member_own"])
    # Each kind of member event has a form of its own fields.
    urls = [
        reverse("members:event", args=[member.pk, kind]) for kind in allowed_event_kinds(member)
    ]
    urls += [
        reverse(name, kwargs=page_kwargs(name, records))
        for name in sorted({*OBJECT_URLS, *SHARED_URLS})
    ]
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in post_forms(response.content.decode()):
            typed = typed_into(form)
            if not typed or form_key(form, url) == "accounts:logout":
                continue
            target = form.action or url
            # Whatever the form does when it accepts is undone: the walk goes on unchanged.
            with transaction.atomic():
                answer = client.post(
                    target,
                    form.submission(pressed(form)) | {k: [v] for k, v in typed.items()},
                )
                if answer.status_code == 302:
                    after = client.get(answer["Location"])
                    refused = parse(after.content.decode()).errors
                    if refused and form_key(form, url) not in REFUSED_AS_A_WHOLE:
                        lost.append(f"{target}: refused by a redirect, typing lost: {refused}")
                    transaction.set_rollback(True)
                    continue
                transaction.set_rollback(True)
            checked += 1
            lost += [f"{target} {problem}" for problem in shown_back(answer, typed)]
    assert checked, "no form was refused: the walk checked nothing"
    assert not lost, lost


@pytest.mark.parametrize("model", _admin_models(), ids=lambda m: m._meta.label)
def test_a_refused_admin_change_form_answers_in_vietnamese(
    client: Client, admin_world: Any, model: type[models.Model]
) -> None:
    """Every text of the form emptied: the admin refuses, in Vietnamese only."""
    obj = model._default_manager.order_by("pk").last()
    assert obj is not None, f"give the fixture a record of {model._meta.label}"
    client.force_login(admin_world)
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    body = client.get(url).content.decode()
    forms = [f for f in post_forms(body) if f.attrs.get("id") == f"{opts.model_name}_form"]
    if not forms or "_save" not in dict(forms[0].buttons):
        return  # read-only in the admin
    data = forms[0].submission("_save")
    emptied = {k: [""] for k, kind in forms[0].kinds.items() if kind in TYPED | {"date", "time"}}
    response = client.post(url, data | emptied)
    if response.status_code == 302:
        return  # every text was optional
    page = response.content.decode()
    assert parse(page).errors, "refused without saying why"
    assert not FOREIGN_TEXT.search(page), FOREIGN_TEXT.search(page)
