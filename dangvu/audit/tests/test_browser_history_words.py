"""A new clerk reads every history panel and the audit page: no stored code, tick, ISO date,
`None`, empty list or id may show, only what a clerk writes.

The records are made through the actions (the demo seeders call the `do_*` functions, then
one record of every voidable kind is voided and a few are corrected); the pages are every
audited kind that has a page of its own, found from the trail itself, so a new kind is read
as soon as it is audited.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, get_resolver, reverse

from dangvu.audit import display
from dangvu.audit.models import AuditEvent
from dangvu.core.errors import DomainError

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Mat-khau-2024!"


def choice_codes() -> set[str]:
    """The raw codes of every `TextChoices` the project's fields use, except those that are
    also words of their own label (a code the clerk reads anyway)."""
    codes: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("dangvu."):
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.Field):
                continue
            for code, name in display._choices(field).items():
                if code and code not in str(name).split() and re.fullmatch(r"[A-Za-z_0-9]+", code):
                    codes.add(code)
    return codes


def leaks(text: str, codes: set[str]) -> list[str]:
    """What in `text` is an internal value rather than a clerk's words."""
    # A code between - or / is part of a document number a clerk wrote (35-CT/TW).
    code = r"(?<![-/\w])(" + "|".join(sorted(map(re.escape, codes), key=len)[::-1]) + r")(?![-/\w])"
    patterns = [
        code,
        r"\b(True|False|None)\b",
        r"\[\]|\{\}",
        r"\d{4}-\d{2}-\d{2}",
        r"\d{2}:\d{2}:\d{2}",
        r"_id\b",
        r"\bid\W{0,3}\d",
    ]
    found: list[str] = []
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            found.append(text[max(0, match.start() - 40) : match.end() + 20])
    return found


def make_records(bloc: Any, admin: Any) -> None:
    """One of each kind through the actions, then corrections and voids."""
    from dangvu.education.demo import seed_education
    from dangvu.education.voiding import do_void
    from dangvu.inspection import actions as inspection_actions
    from dangvu.inspection.demo import member_discipline, seed_inspection
    from dangvu.members.demo import seed_members
    from dangvu.office.demo import seed_office, seed_plans
    from dangvu.orgs.actions import Decision, do_rename_organisation
    from dangvu.personnel import actions as personnel_actions
    from dangvu.personnel.demo import seed_personnel

    rng = random.Random(14)
    seed_members(bloc, rng, target=12, user=admin, discipline=member_discipline(bloc, admin))
    seed_education(bloc, rng, admin)
    seed_office(bloc, rng, admin)
    seed_plans(bloc, rng, admin)
    seed_inspection(bloc, rng, admin)
    seed_personnel(bloc, rng, admin, scale=0.2)

    day = dt.date(2024, 3, 1)
    do_rename_organisation(
        bloc,
        new_name="Đảng bộ Khối cơ quan và doanh nghiệp tỉnh",
        decision=Decision(effective_date=day, number="12-QĐ/TU", date=day, reason="Hợp nhất"),
        acting_user=admin,
    )
    # One record of every kind that can be voided, through its own action if it has one.
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if not {"voided_at", "void_reason"} <= names or not model.__module__.startswith("dangvu."):
            continue
        record = model._default_manager.filter(voided_at__isnull=True).order_by("-pk").first()
        if record is None:
            continue
        own = {
            "committee": personnel_actions.do_void_committee,
            "committeedecision": personnel_actions.do_void_decision,
            "committeemember": personnel_actions.do_void_seat,
            "disciplinedecision": inspection_actions.do_void_discipline,
        }.get(model._meta.model_name or "")
        if model._meta.model_name == "memberevent":
            from dangvu.members.actions import do_void_event

            own = do_void_event
        try:
            (own or do_void)(record, reason="Ghi nhầm, hủy để ghi lại", acting_user=admin)
        except DomainError:  # this record's rules refuse it: the kind stays unvoided
            continue


def url_of(record: models.Model) -> str | None:
    """The record's page: its `get_absolute_url`, else the URL named after its model with
    its pk (`accounts:user` for a user)."""
    if hasattr(record, "get_absolute_url"):
        return str(record.get_absolute_url())
    for namespace in get_resolver().namespace_dict:
        try:
            return reverse(f"{namespace}:{record._meta.model_name}", kwargs={"pk": record.pk})
        except NoReverseMatch:
            continue
    return None


def pages() -> list[str]:
    """The page of the most recently changed record of every audited kind that has one."""
    urls: list[str] = []
    kinds = AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct()
    for kind in sorted(k for k in kinds if k):
        model = display.model_for(kind)
        if model is None:
            continue
        events = AuditEvent.objects.filter(object_type=kind)
        changed = events.exclude(action=AuditEvent.Action.CREATE)
        for pk in (
            changed.values_list("object_id", flat=True)[:1]
            or events.values_list("object_id", flat=True)[:1]
        ):
            record = model._default_manager.filter(pk=pk).first()
            if record is not None and (url := url_of(record)):
                urls.append(url)
    return sorted(set(urls))


def test_history_panels_and_the_audit_page_show_only_words(
    live_server: Any, browser_page: Any, tree: dict[str, Any], django_user_model: Any
) -> None:
    admin = django_user_model.objects.create_superuser("quantri_ls", password=PASSWORD)
    make_records(tree["BLOC"], admin)
    codes = choice_codes()
    assert {"PROBATIONARY", "CELL"} <= codes
    # What the panels showed before they were written in words is caught.
    raw = "status: PROBATIONARY; is_void: True; ngày: 2024-03-01; event_id: 7; groups: []"
    assert len(leaks(raw, codes)) >= 5
    assert not leaks("Số hiệu: 35-CT/TW; ngày: 01/03/2024 09:30; loại: Chi bộ", codes)

    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("quantri_ls")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")

    found: dict[str, list[str]] = {}
    panels = 0
    urls = pages()
    for known in (tree["BLOC"].get_absolute_url(), f"/accounts/users/{admin.pk}/"):
        assert known in urls, urls
    assert any(url.startswith("/members/") for url in urls), urls
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        panel = page.get_by_test_id("history")
        if panel.count() == 0:
            continue
        panels += 1
        text = panel.first.inner_text()
        assert "Chưa có thay đổi nào" not in text, url
        found.update({url: bad} if (bad := leaks(text, codes)) else {})
        ledger = page.get_by_test_id("timeline")  # the member's own ledger history
        if ledger.count():
            bad = leaks(ledger.first.inner_text(), codes)
            found.update({f"{url} (biến động)": bad} if bad else {})
    assert panels >= 10, f"only {panels} history panels were read"

    for number in (1, 2, 3):
        page.goto(f"{live_server.url}/audit/?trang={number}")
        text = page.get_by_test_id("audit-table").inner_text()
        found.update({f"/audit/ trang {number}": bad} if (bad := leaks(text, codes)) else {})
    page.goto(f"{live_server.url}/audit/?hanh_dong=void")
    text = page.get_by_test_id("audit-table").inner_text()
    assert "Hủy" in text and "Lý do hủy" in text
    found.update({"/audit/ hủy": bad} if (bad := leaks(text, codes)) else {})
    assert not found, found
