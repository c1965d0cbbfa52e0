"""Shared fixtures: a small committee and a named cast of users."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Django empties every table with `flush` after each transactional test (browser tests
    # use live_server, which is one); the append-only audit table refuses that except
    # through the archive hatch, which flush may use only when this is set. See
    # dangvu/audit/management/commands/flush.py.
    settings.AUDIT_FLUSH_THROUGH_ARCHIVE_HATCH = True
    # No worker runs beside the suite: a task runs as it is enqueued. The database backend
    # itself, with its worker, is tested in dangvu/core/tests/test_tasks_queue.py. Through
    # override_settings, as the queue has read TASKS already while the apps loaded.
    from django.test.utils import override_settings

    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    override_settings(TASKS=immediate).enable()
    # Argon2 is deliberately slow (a quarter of a second a hash or a check): with it every
    # user a fixture makes and every sign-in cost that, most of the suite's setup time.
    # The tests are about what happens around the check; the hasher the application runs
    # is checked on the settings module itself (dangvu/accounts/tests/test_password_hasher.py).
    # The project's own hashers stay behind it, so that a test can still make and check an
    # older hash (a sign-in upgrading it).
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    override_settings(PASSWORD_HASHERS=fast).enable()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """Reload the shipped vocabularies and provinces after a transactional test's flush.

    They are data of the migration vocab 0002, which `flush` empties with every table; the
    next transactional test (a browser test choosing an ethnicity) needs them back.
    """
    result = yield
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        "transactional_db" in names or "live_server" in names
    )
    if transactional and nextitem is not None:
        from django.apps import apps
        from pytest_django.plugin import blocking_manager_key

        from dangvu.vocab.loading import load_shipped

        with item.config.stash[blocking_manager_key].unblock():
            load_shipped(apps)
    return result


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.path.exists(CHROMIUM) or shutil.which("chromium"):
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: browser test skipped")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config: pytest.Config) -> str:
    if os.path.exists(CHROMIUM):
        return f"browser tests: Chromium at {CHROMIUM}"
    return "browser tests: SKIPPED (no Chromium found)"


@pytest.fixture
def admin_user(django_user_model: Any) -> Any:
    return django_user_model.objects.create_superuser("quantri", password="Mat-khau-2024!")


@pytest.fixture
def decision() -> Any:
    from dangvu.orgs.actions import Decision

    def make(day: dt.date, number: str = "", reason: str = "") -> Decision:
        return Decision(effective_date=day, number=number, date=day, reason=reason)

    return make


@pytest.fixture
def tree(db: None, decision: Any) -> dict[str, Any]:
    """A bloc founded 01/01/2020 with grassroots organisations and cells under it.

    BLOC
    ├── GC1  grassroots cell
    ├── GC2  grassroots cell
    ├── GK1  grassroots committee
    │   ├── C11  cell
    │   ├── C12  cell
    │   └── SUB1 sub-committee
    │       └── C13 cell
    └── GK2  grassroots committee
        └── C21  cell
    """
    from dangvu.orgs.actions import do_create_organisation
    from dangvu.orgs.kinds import OrgKind

    start = dt.date(2020, 1, 1)
    orgs: dict[str, Any] = {}

    def create(code: str, name: str, kind: OrgKind, parent: str | None) -> None:
        orgs[code] = do_create_organisation(
            code=code,
            name=name,
            kind=kind,
            parent=orgs[parent] if parent else None,
            decision=decision(start),
            acting_user=None,
        )

    create("BLOC", "Đảng bộ Khối các cơ quan tỉnh", OrgKind.BLOC, None)
    create("GC1", "Chi bộ Sở Tư pháp", OrgKind.GRASSROOTS_CELL, "BLOC")
    create("GC2", "Chi bộ Sở Ngoại vụ", OrgKind.GRASSROOTS_CELL, "BLOC")
    create("GK1", "Đảng bộ Sở Y tế", OrgKind.GRASSROOTS_COMMITTEE, "BLOC")
    create("C11", "Chi bộ Văn phòng Sở Y tế", OrgKind.CELL, "GK1")
    create("C12", "Chi bộ Thanh tra Sở Y tế", OrgKind.CELL, "GK1")
    create("SUB1", "Đảng bộ bộ phận Bệnh viện tỉnh", OrgKind.SUB_COMMITTEE, "GK1")
    create("C13", "Chi bộ Khoa Nội", OrgKind.CELL, "SUB1")
    create("GK2", "Đảng bộ Sở Tài chính", OrgKind.GRASSROOTS_COMMITTEE, "BLOC")
    create("C21", "Chi bộ Văn phòng Sở Tài chính", OrgKind.CELL, "GK2")
    for org in orgs.values():
        org.refresh_from_db()
    return orgs


@pytest.fixture
def cast(db: None, tree: dict[str, Any], django_user_model: Any) -> dict[str, Any]:
    """Named users: a bloc organisation-board officer, a grassroots secretary of GK1,
    a cell secretary of GK2's cell, a viewer of the bloc, and a user with no role."""
    from dangvu.accounts.models import Role

    def user(name: str, org: str | None = None, kind: str | None = None) -> Any:
        u = django_user_model.objects.create_user(name, password="Mat-khau-2024!")
        if org and kind:
            Role.objects.create(user=u, organisation=tree[org], kind=kind)
        return u

    return {
        "officer": user("bantochuc", "BLOC", Role.Kind.BOARD_ORGANISATION),
        "grassroots": user("bithu_gk1", "GK1", Role.Kind.GRASSROOTS_SECRETARY),
        "grassroots_editor": user("tochuc_gk1", "GK1", Role.Kind.BOARD_ORGANISATION),
        "cell": user("bithu_c21", "C21", Role.Kind.CELL_SECRETARY),
        "viewer": user("xem", "BLOC", Role.Kind.VIEWER),
        "nobody": user("khongvaitro"),
    }


@pytest.fixture
def browser_page() -> Iterator[Any]:
    """A Playwright page in the system's headless Chromium (never a downloaded browser)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--headless",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        context.close()
        browser.close()
