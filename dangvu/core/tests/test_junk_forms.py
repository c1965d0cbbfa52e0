"""Junk posted to every form and every list of the project never answers 500, writes
nothing when it is refused, and is refused in Vietnamese.

Every URL of the project (as `test_scope_walk.py` declares them, with how to name an
object of the actor's own subtree) is fuzzed as an administrator and as the organisation
board of GK1 that owns the objects: its page is read, each POST form aimed at it is
parsed, and
- the form is posted with plausible values and, in turn, every date field at 1800-01-01
  and at 9999-12-31, every number field at ±40 digits, every text field at 100,000
  characters or with a null byte: each must be refused (nothing stored), in Vietnamese;
- hypothesis then posts generated junk field by field (huge and negative numbers,
  impossible dates, control characters, unicode oddities, SQL and HTML fragments, lists
  of values) mixed with plausible values, so that junk also reaches the actions;
- the page's query parameters (its GET forms' and the shared filter names) get the same
  junk.
A URL added to the project is fuzzed without a word here; one whose form is shown on
another page must say which (`SHOWN_ON`), or the test fails.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dangvu.accounts.models import Role
from dangvu.accounts.tests.test_scope_walk import (
    ADMIN_URLS,
    KIND_URLS,
    LIST_URLS,
    OBJECT_URLS,
    PUBLIC_URLS,
    SHARED_URLS,
    kwargs,
    url_names,
    world,  # noqa: F401 (a fixture used by name)
)
from dangvu.audit.models import AuditEvent
from dangvu.vocab.models import VocabularyValue

pytestmark = pytest.mark.django_db

# Bounded for CI: a few generated posts per form and per list on top of the fixed absurd
# values. JUNK_EXAMPLES raises it for a longer local run.
settings.register_profile(
    "junk",
    max_examples=int(os.environ.get("JUNK_EXAMPLES", "3")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # The database keeps what accepted posts wrote, so replaying to shrink is not exact;
    # the failure message carries the whole payload instead.
    phases=[Phase.explicit, Phase.generate],
    derandomize=True,
)
JUNK_SETTINGS = settings.get_profile("junk")

# POST-only URLs and the page that shows their form (kwargs as for the page, or those
# named in OPEN_PAGES when only a record in another state shows it).
SHOWN_ON: dict[str, str] = {
    "dues:void": "dues:payment",
    "dues:acknowledge": "dues:remittance",
    "rating:member_correct": "rating:member",
    "rating:org_correct": "rating:organisation",
    "meetings:correct": "meetings:meeting",
    "meetings:void": "meetings:meeting",
    "members:void": "members:detail",
    "education:void": "education:conference",
    "education:learner_complete": "education:class",
    "inspection:void": "inspection:complaint",
    "inspection:inspection_status": "inspection:inspection",
    "inspection:inspection_conclude": "inspection:inspection",
    "office:void": "office:commendation",
    "office:plan_close": "office:plan",
    "personnel:void": "personnel:record",
    "congresses:void": "congresses:congress",
    "accounts:user_active": "accounts:user",
    "accounts:role_revoke": "accounts:user",
    "vocab:retire": "vocab:values",
    "transit:void": "transit:attendee",
}
OPEN_PAGES: dict[str, dict[str, str]] = {"inspection:inspection_status": {"pk": "inspection_open"}}
# URLs not fuzzed, with the reason.
EXEMPT: dict[str, str] = {
    "accounts:login": "sign-in: its own tests (wrong codes, lockout); junk here would lock out",
    "accounts:login_code": "sign-in: its own tests",
    "accounts:admin_login": "sign-in: its own tests",
    "accounts:logout": "ends the session the fuzzing needs",
    "members:reveal": "a button without fields; scoped and audited in its own tests",
    "core:import_commit": "takes only row numbers, read as digits; the upload is fuzzed",
    "transit:link": "shown only beside a matching transfer-in; takes an event's number, read "
    "as digits (junk posted in dangvu/transit/tests/test_pages.py)",
}
# The administrators' pages name a user or a role of the world.
ADMIN_KWARGS: dict[str, dict[str, str]] = {
    "accounts:users": {},
    "accounts:user": {"pk": "user_pk"},
    "accounts:user_active": {"pk": "user_pk"},
    "accounts:role_revoke": {"pk": "role_pk"},
    "vocab:retire": {"pk": "vocab_value_pk"},
    "exchange:trusted": {},
}
# Query parameters every list may read, beside those of its own filter form.
SHARED_PARAMS = ("nam", "trang", "ngay", "to_chuc", "q", "tu", "den", "xuat", "loai", "trong")

# Phrases of Django's English messages: none may reach a user.
ENGLISH = (
    "This field",
    "Enter a valid",
    "Enter a whole number",
    "Enter a number",
    "Ensure this value",
    "Ensure that there",
    "Null characters",
    "is violated",
    "Select a valid choice",
    "already exists",
    "characters (it has",
    "Enter a list of values",
    "The submitted file",
    "No file was submitted",
)

ABSURD_DATES = ("1800-01-01", "9999-12-31")
ABSURD_NUMBERS = ("9" * 40, "-" + "9" * 40)
ABSURD_TEXTS = ("x" * 100_000, "Nguyễn\x00Văn")

junk_value = st.one_of(
    st.sampled_from(
        [
            *ABSURD_DATES,
            *ABSURD_NUMBERS,
            "-1",
            "0",
            "1e309",
            "NaN",
            "²³",
            "٣٤",
            "31/02/2023",
            "2023-02-31",
            "0000-00-00",
            "99/99/9999",
            "1/1/1",
            "x" * 5000,
            # Just past the usual column widths: a form that allows more than its column
            # stores would fail on PostgreSQL.
            *("ậ" * n for n in (21, 41, 61, 81, 121, 151, 256, 501)),
            "\x00",
            "\x1b[2J\x07\x08",
            "\u202e\u200b\ufeff",
            "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
            "🏳️‍🌈",
            "' OR 1=1 --",
            "'; DROP TABLE members_member; --",
            "<script>alert(1)</script>",
            "{{ 7*7 }}{% debug %}",
            "%s%n%x",
            "../../etc/passwd",
            "",
            " ",
            "null",
            "true",
        ]
    ),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.text(max_size=30),
    st.dates().map(dt.date.isoformat),
)


@dataclass
class Field:
    tag: str  # input | select | textarea
    type: str
    name: str
    value: str = ""
    options: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    checked: bool = False

    @property
    def kind(self) -> str:
        """date | number | text | choice | fixed: how junk and plausible values are chosen."""
        if self.tag == "select" or self.type in ("checkbox", "radio"):
            return "choice"
        if self.type == "hidden" or self.type in ("submit", "button", "file"):
            return "fixed"
        if self.type == "date" or "data-date-input" in self.attrs:
            return "date"
        if self.type == "number" or self.attrs.get("inputmode") == "numeric":
            return "number"
        return "text"


@dataclass
class Form:
    method: str
    action: str
    fields: list[Field] = field(default_factory=list)


class FormParser(HTMLParser):
    """The forms of a page with their fields, shown values and choices."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form((a.get("method") or "get").lower(), a.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")
        elif tag in ("input", "select", "textarea") and a.get("name"):
            f = Field(tag, a.get("type", "text").lower(), a["name"], a.get("value", ""), attrs=a)
            f.checked = "checked" in a
            self._form.fields.append(f)
            if tag == "select":
                self._select = f
            elif tag == "textarea":
                self._textarea = f

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse_forms(response: HttpResponse) -> list[Form]:
    parser = FormParser()
    parser.feed(response.content.decode())
    return parser.forms


def url_name(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def plausible(f: Field, facts: dict[str, Any]) -> str | None:
    """A value the form would accept on its own (None: leave the field out)."""
    if f.type == "checkbox":
        return f.value or "on"
    if f.tag == "select":
        return f.value or next((o for o in f.options if o), "")
    if f.kind == "fixed" or f.value:
        return f.value
    if f.kind == "date":
        return "2024-05-02"
    if f.kind == "number":
        return "2024" if "year" in f.name else "3"
    if f.attrs.get("list") == "org-options":
        return "C11"
    if f.name in ("member", "against_member") or f.name.startswith("member_"):
        return facts["member_name"]
    return "Nội dung thử"


# Audit rows that mark a reading, not a change: showing a full number, an export, a
# refused page. Reading leaves them by design, so they do not count as writes.
READ_MARKS = {"export", "reveal", "denied", "login", "logout", "login_failed", "login_locked"}


def _counting_statement() -> str:
    """One statement counting the rows of every table the application writes (sessions
    and sign-in logs aside; the audit trail without the marks a read leaves), as each post
    is checked before and after: a count per model would be some two hundred statements."""
    skip = {"sessions", "axes", "otp_totp", "otp_static", "otp_email", "otp_hotp"}
    quote = connection.ops.quote_name
    parts = []
    for m in apps.get_models():
        if m._meta.app_label in skip or m._meta.proxy or not m._meta.managed:
            continue
        where = ""
        if m is AuditEvent:
            marks = ", ".join(f"'{mark}'" for mark in sorted(READ_MARKS))
            where = f" WHERE {quote('action')} NOT IN ({marks})"
        parts.append(f"SELECT '{m._meta.label}', COUNT(*) FROM {quote(m._meta.db_table)}{where}")
    return " UNION ALL ".join(parts)


def row_counts() -> dict[str, int]:
    """Rows of every table the application writes, by model label."""
    with connection.cursor() as cursor:
        cursor.execute(_counting_statement())
        return dict(cursor.fetchall())


@dataclass
class Fuzzer:
    client: Client
    world: dict[str, Any]
    name: str
    failures: list[AssertionError] = field(default_factory=list)

    def check(self, response: HttpResponse, before: dict[str, int] | None, what: Any) -> None:
        """No 500, no English on a page; with `before`, nothing written since."""
        assert response.status_code != 500, (self.name, what)
        kind = response.get("Content-Type", "")
        if kind.startswith("text/html") and not response.streaming:
            body = response.content.decode()
            english = [p for p in ENGLISH if p in body]
            assert not english, (self.name, english, what)
        if before is not None:
            after = row_counts()
            grown = {k: after[k] - before[k] for k in after if after[k] != before.get(k, 0)}
            assert not grown, (self.name, "refused but wrote", grown, what)

    def post(self, url: str, data: dict[str, Any], *, must_refuse: bool = False) -> None:
        """Post and follow: a refusal is a re-rendered form, or a redirect to the record
        with the message shown there; either way only an accepted post may write."""
        before = row_counts()
        response = self.client.post(url, data, follow=True)
        refused = must_refuse or not response.redirect_chain
        shown = {k: (v[:40] if isinstance(v, str) else v) for k, v in data.items()}
        self.check(response, before if refused else None, shown)

    def keep(self, check: Callable[..., None], *args: Any) -> None:
        """Run a check inside hypothesis, keeping its failure for after the run: replaying
        an example against a database that has moved on would only say "flaky"."""
        try:
            check(*args)
        except AssertionError as error:
            self.failures.append(error)

    def raise_first(self) -> None:
        if self.failures:
            raise self.failures[0]

    def get(self, url: str, params: dict[str, Any]) -> None:
        before = row_counts()
        self.check(self.client.get(url, params), before, params)


def payload(
    form: Form, facts: dict[str, Any], junk: Callable[[Field], Any] | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in form.fields:
        if f.type == "file":
            data[f.name] = SimpleUploadedFile("rac.xlsx", b"PK\x03\x04 r\xe1c \x00\xff" * 50)
            continue
        if f.type in ("checkbox", "radio") and not f.checked and f.name in data:
            continue
        value = junk(f) if junk is not None else None
        data[f.name] = value if value is not None else plausible(f, facts)
    return {k: v for k, v in data.items() if v is not None and k != "csrfmiddlewaretoken"}


def fuzz_form(fuzzer: Fuzzer, url: str, form: Form) -> None:
    facts = fuzzer.world
    fuzzer.post(url, payload(form, facts))  # plausible values: accepted or refused cleanly
    absurd = (("date", ABSURD_DATES), ("number", ABSURD_NUMBERS), ("text", ABSURD_TEXTS))
    for kind, values in absurd:
        if not any(f.kind == kind for f in form.fields):
            continue
        for value in values:
            fuzzer.post(
                url,
                payload(form, facts, lambda f, k=kind, v=value: v if f.kind == k else None),  # type: ignore[misc]
                must_refuse=True,
            )

    @JUNK_SETTINGS
    @given(st.data())
    def generated(data: st.DataObject) -> None:
        def junk(f: Field) -> Any:
            if f.type == "file" or f.name == "csrfmiddlewaretoken":
                return None
            return data.draw(
                st.one_of(
                    st.just(plausible(f, facts)),
                    junk_value,
                    st.lists(junk_value, min_size=2, max_size=3),
                ),
                label=f.name,
            )

        fuzzer.keep(fuzzer.post, url, payload(form, facts, junk))

    generated()
    fuzzer.raise_first()


def fuzz_query(fuzzer: Fuzzer, url: str, forms: list[Form]) -> None:
    names = {f.name for form in forms if form.method == "get" for f in form.fields}
    names |= set(SHARED_PARAMS)
    for values in (ABSURD_NUMBERS, ABSURD_DATES, ("²", "x\x00")):
        for value in values:
            fuzzer.get(url, dict.fromkeys(names, value))
    fuzzer.get(url, {"xuat": "csv", **dict.fromkeys(names - {"xuat"}, "9" * 40)})

    @JUNK_SETTINGS
    @given(st.fixed_dictionaries({}, optional={n: junk_value for n in sorted(names)}))
    def generated(params: dict[str, str]) -> None:
        fuzzer.keep(fuzzer.get, url, params)

    generated()
    fuzzer.raise_first()


@pytest.fixture
def junk_world(world: dict[str, Any], admin_user: Any) -> dict[str, Any]:  # noqa: F811
    from dangvu.education.actions import do_create_resolution
    from dangvu.members.models import Member

    resolution = do_create_resolution(
        name="Nghị quyết thử",
        number="01-NQ/TW",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=dt.date(2021, 1, 1),
        acting_user=None,
    )
    from dangvu.inspection.actions import do_record_inspection
    from dangvu.orgs.models import Organisation

    gk1, c11 = Organisation.objects.get(code="GK1"), Organisation.objects.get(code="C11")
    open_inspection = do_record_inspection(
        organisation=gk1,
        level="GRASSROOTS",
        kind="COMPLIANCE",
        title="Kiểm tra đang tiến hành",
        start_date=dt.date(2024, 3, 1),
        end_date=None,
        status="IN_PROGRESS",
        organisations=[c11],
        acting_user=None,
    )
    # The owner records every board's work in GK1, so each board's forms are posted by
    # an editor as well as by an administrator.
    for kind in (
        Role.Kind.BOARD_PROPAGANDA,
        Role.Kind.BOARD_OFFICE,
        Role.Kind.BOARD_MASS_MOBILISATION,
    ):
        Role.objects.create(user=world["user"], organisation=gk1, kind=kind)
    role = Role.objects.filter(user=world["user"]).first()
    assert role is not None
    return {
        **world,
        "resolution": resolution.pk,
        "inspection_open": open_inspection.pk,
        "vocab_value_pk": VocabularyValue.objects.get(vocabulary="ETHNICITY", code="55").pk,
        "user_pk": world["user"].pk,
        "role_pk": role.pk,
        "member_name": Member.objects.get(pk=world["member_own"]).full_name,
        "admin": admin_user,
    }


def page_url(name: str, facts: dict[str, Any]) -> str:
    if name in OBJECT_URLS:
        return reverse(name, kwargs=kwargs(name, facts, 0))
    if name in KIND_URLS:
        return reverse(name, kwargs=KIND_URLS[name])
    if name in SHARED_URLS:
        return reverse(name, kwargs={k: facts[v] for k, v in SHARED_URLS[name].items()})
    if name in ADMIN_KWARGS:
        return reverse(name, kwargs={k: facts[v] for k, v in ADMIN_KWARGS[name].items()})
    assert name in LIST_URLS or name in PUBLIC_URLS, f"declare the arguments of {name}"
    return reverse(name)


FUZZED = sorted(set(url_names()) - set(EXEMPT))


def test_every_url_is_fuzzed_or_exempt_with_a_reason() -> None:
    names = set(url_names())
    declared = set(OBJECT_URLS) | set(KIND_URLS) | set(SHARED_URLS) | LIST_URLS | PUBLIC_URLS
    assert not (ADMIN_URLS - set(ADMIN_KWARGS)), "declare the arguments of admin pages here"
    assert not (names - declared - ADMIN_URLS), "declare new URLs in test_scope_walk.py"
    assert set(EXEMPT) <= names and set(SHOWN_ON) <= names, "stale names here"


def fuzz_url(client: Client, facts: dict[str, Any], name: str, actor: str) -> bool:
    """Everything above for one URL as one actor; AssertionError says what failed.

    False when the page is not this actor's to see."""
    client.force_login(facts["admin"] if actor == "admin" else facts["user"])
    fuzzer = Fuzzer(client, facts, name)
    own = page_url(name, facts)
    page = SHOWN_ON.get(name)
    shown_url = page_url(page, facts) if page else own
    if name in OPEN_PAGES:
        shown_url = reverse(page, kwargs={k: facts[v] for k, v in OPEN_PAGES[name].items()})
    response = client.get(shown_url)
    fuzzer.check(response, None, "GET")
    if response.status_code in (403, 404):
        # Not this actor's page (administrators' pages for the owner, the owner's import
        # job for the administrator): refused before reading anything.
        return False
    html = response.get("Content-Type", "").startswith("text/html")
    forms = parse_forms(response) if response.status_code == 200 and html else []
    mine = [f for f in forms if f.method == "post" and url_name(f.action or shown_url) == name]
    if actor == "admin" and (page is not None or response.status_code == 405):
        assert mine, f"{name}: no form found; say in SHOWN_ON which page shows it"
    for form in mine:
        fuzz_form(fuzzer, urlsplit(form.action).path or own, form)
    if response.status_code == 200 and page is None and html:
        fuzz_query(fuzzer, own, forms)
    return True


# The URLs are fuzzed in a few shards, so that the suite's workers share them; each shard
# builds its world once.
SHARDS = 4


@pytest.mark.parametrize("shard", range(SHARDS))
def test_junk_never_crashes_nor_writes_and_is_refused_in_vietnamese(
    client: Client, junk_world: dict[str, Any], shard: int
) -> None:
    """One test over a shard of the URLs: the world is built once (it is most of the
    cost), and each URL's posts are rolled back before the next, so none sees another's
    writes."""
    client.raise_request_exception = False
    only = os.environ.get("JUNK_ONLY", "")  # a part of URL names, to rerun a few
    failures: list[str] = []
    for name in FUZZED[shard::SHARDS]:
        if only and only not in name:
            continue
        reached = []
        for actor in ("admin", "owner"):
            try:
                with transaction.atomic():
                    reached.append(fuzz_url(client, junk_world, name, actor))
                    transaction.set_rollback(True)
            except Exception as error:
                reached.append(True)
                failures.append(f"{name} [{actor}]: {type(error).__name__}: {error}"[:2000])
        if not any(reached):
            failures.append(f"{name}: neither actor reaches it; declare an object they may")
    assert not failures, "\n".join(failures)
