"""A Word template is untrusted code: known template-injection payloads run nothing.

Each payload of the corpus is refused when an office uploads it, with a Vietnamese message
naming it; forced into the database past the check, it fails to render before any of it
runs, and the download answers with a message and a mark in the trail. The run-time layer
of the sandbox is tested on its own too, as if a payload had passed the syntax check.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import jinja2
import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from docx import Document
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError

from dangvu.accounts.models import Role
from dangvu.audit.models import AuditEvent
from dangvu.members.tests.factories import existing
from dangvu.reports import template_rules
from dangvu.reports.models import ReportTemplate
from dangvu.reports.template_rules import Picture, RuntimeSandbox
from dangvu.reports.tests.records import YEAR, record_year
from dangvu.reports.tests.test_word import edited
from dangvu.reports.word import (
    TemplateError,
    check_template,
    context,
    default_template,
    render_docx,
    sample_report,
)

pytestmark = pytest.mark.django_db

NUMBER_LINE = "Số {{ number }}"
FOUR_LOOPS = (
    "{% for a in sections %}{% for b in sections %}{% for c in sections %}"
    "{% for d in sections %}x{% endfor %}{% endfor %}{% endfor %}{% endfor %}"
)
# (what it tries, the payload, a part of it the refusal must name)
PAYLOADS = [
    (
        "globals through self",
        "{{ self.__init__.__globals__.__builtins__.__import__('os').getuid() }}",
        "__globals__",
    ),
    ("the template's context", "{{ self._TemplateReference__context }}", "self"),
    ("a block of self", "{{ self.body() }}", "self.body()"),
    ("class walk from a string", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "__mro__"),
    ("class of a placeholder", "{{ number.__class__ }}", "__class__"),
    ("cycler", "{{ cycler.__init__.__globals__.os.popen('id').read() }}", "cycler"),
    ("joiner", "{{ joiner.__init__.__globals__.os.popen('id').read() }}", "joiner"),
    ("namespace", "{{ namespace.__init__.__globals__.os.popen('id').read() }}", "namespace"),
    ("lipsum", "{{ lipsum.__globals__['os'].popen('id').read() }}", "lipsum"),
    ("range to a list", "{{ range(10**9)|list }}", "list"),
    ("a loop over range", "{% for i in range(999999999) %}x{% endfor %}", "range(999999999)"),
    ("string repetition", "{{ 'a' * 10**9 }}", "*"),
    ("power tower", "{{ 9**9**9 }}", "**"),
    ("repeated list", "{{ [number] * 1000000 }}", "*"),
    ("concatenation repeated", "{{ (number ~ number) * 1000 }}", "*"),
    ("format filter", "{{ '%s'|format(self) }}", "format"),
    ("percent formatting", "{{ '%s' % number }}", "%"),
    ("str.format", "{{ '{0.__class__}'.format(number) }}", "format"),
    ("str.format_map", "{{ '{x}'.format_map(figures) }}", "format_map"),
    ("attr filter", "{{ number|attr('__class__') }}", "attr"),
    ("map attribute", "{{ sections|map(attribute='__class__')|join }}", "map"),
    ("join on an attribute", "{{ sections|join(attribute='__class__') }}", "join"),
    ("batch filter", "{% for b in sections|batch(1000000) %}x{% endfor %}", "batch"),
    ("arguments unpacked", "{{ number|default(*sections) }}", "default"),
    ("default to self", "{{ number|default(self) }}", "self"),
    ("set", "{% set x = number %}{{ x }}", "set"),
    ("set namespace", "{% set ns = namespace(a=1) %}", "set"),
    ("set block", "{% set x %}a{% endset %}", "set"),
    ("include", "{% include 'base.html' %}", "include"),
    ("import", "{% import 'base.html' as b %}", "import"),
    ("from import", "{% from 'base.html' import x %}", "import"),
    ("extends", "{% extends 'base.html' %}", "extends"),
    ("macro", "{% macro m() %}x{% endmacro %}", "macro"),
    ("call block", "{% call number %}x{% endcall %}", "call"),
    ("with", "{% with x = number %}{{ x }}{% endwith %}", "with"),
    ("filter block", "{% filter upper %}x{% endfilter %}", "filter"),
    ("autoescape off", "{% autoescape false %}{{ number }}{% endautoescape %}", "autoescape"),
    ("Django config", "{{ config }}", "config"),
    ("the request", "{{ request.user }}", "request"),
    ("settings", "{{ settings.SECRET_KEY }}", "settings"),
    ("dict global", "{{ dict(a=1) }}", "dict"),
    ("a dictionary method", "{{ figures.items() }}", "items"),
    ("a list method", "{{ sections.pop() }}", "pop"),
    ("the chart's document", "{{ chart_members.tpl.save('x.docx') }}", "tpl"),
    ("the chart's private slot", "{{ chart_members._image }}", "_image"),
    ("an unknown indicator key", "{{ figures['__class__'] }}", "__class__"),
    ("a slice", "{{ number[::-1] }}", "number"),
    ("a method in a condition", "{{ number if number.startswith('1') else '' }}", "startswith"),
    ("an unknown test", "{% if number is sameas number %}x{% endif %}", "sameas"),
    ("nested loops", FOUR_LOOPS, "for d in sections"),
    ("a recursive loop", "{% for s in sections recursive %}{{ loop(s) }}{% endfor %}", "recursive"),
    (
        "the loop's helpers",
        "{% for s in sections %}{{ loop.cycle('a', 'b') }}{% endfor %}",
        "cycle",
    ),
    ("the loop's class", "{% for s in sections %}{{ loop.__class__ }}{% endfor %}", "__class__"),
    ("loop outside a loop", "{{ loop.index }}", "loop"),
    ("a list printed whole", "{{ sections }}", "sections"),
]
IDS = [p[0] for p in PAYLOADS]
VIETNAMESE = re.compile(r"không|được|mẫu", re.IGNORECASE)


def with_line(text: str) -> bytes:
    """The default template with the number line replaced by `text`, as typed in Word."""
    return edited({NUMBER_LINE: f"Số {text}"})


@pytest.mark.parametrize(("label", "payload", "named"), PAYLOADS, ids=IDS)
def test_each_payload_is_refused_at_upload_naming_it(label: str, payload: str, named: str) -> None:
    with pytest.raises(TemplateError) as refused:
        check_template(with_line(payload))
    message = refused.value.message
    assert VIETNAMESE.search(message), message
    assert named in message, message


@pytest.mark.parametrize(("label", "payload", "named"), PAYLOADS, ids=IDS)
def test_each_payload_forced_past_the_check_fails_to_render(
    label: str, payload: str, named: str
) -> None:
    with pytest.raises(TemplateError) as refused:
        render_docx(sample_report(), with_line(payload))
    assert named in refused.value.message


def file_payloads(target: Path) -> list[str]:
    """Payloads that would create `target` if any of them ran."""
    return [
        f"{{{{ self.__init__.__globals__.__builtins__.open('{target}', 'w').write('x') }}}}",
        f"{{{{ cycler.__init__.__globals__.os.system('touch {target}') }}}}",
        f"{{{{ lipsum.__globals__['os'].popen('touch {target}').read() }}}}",
        f"{{{{ chart_members.tpl.save('{target}') }}}}",
    ]


def test_no_payload_creates_a_file_at_upload_or_at_render(tmp_path: Path) -> None:
    target = tmp_path / "ran.txt"
    for payload in file_payloads(target):
        for attempt in (check_template, lambda t: render_docx(sample_report(), t)):
            with pytest.raises(TemplateError):
                attempt(with_line(payload))
            assert not target.exists(), payload


@pytest.mark.parametrize("where", ["header", "footer", "title"])
def test_payloads_are_refused_in_headers_footers_and_document_properties(
    where: str, tmp_path: Path
) -> None:
    target = tmp_path / "ran.txt"
    payload = f"{{{{ cycler.__init__.__globals__.os.system('touch {target}') }}}}"
    doc = Document(io.BytesIO(default_template()))
    section = doc.sections[0]
    if where == "header":
        section.header.paragraphs[0].text = payload
    elif where == "footer":
        section.footer.paragraphs[0].text = payload
    else:
        doc.core_properties.title = payload
    buffer = io.BytesIO()
    doc.save(buffer)
    with pytest.raises(TemplateError, match="cycler"):
        check_template(buffer.getvalue())
    with pytest.raises(TemplateError, match="cycler"):
        render_docx(sample_report(), buffer.getvalue())
    assert not target.exists()


def test_what_the_documentation_offers_is_accepted() -> None:
    """The documented placeholders, filters, tests and loop counters all pass the check."""
    line = (
        "{{ organisation_name|upper }} {{ year - 1 }} {{ next_year + 1 }} "
        "{{ figures['members.end'] }} {{ signer_name|default('…………', true) }} "
        "{{ sections|length }} {{ (sections|first).title }} {{ sections[0].title|lower }} "
        "{% if has_data and year > 2000 %}có{% elif not has_data %}không{% else %}?{% endif %} "
        "{% for s in sections if s.title %}{{ loop.index }}. {{ s.title|trim|capitalize }} "
        "{{ s.paragraphs|join(' ') }}{% if loop.index is even %}*{% endif %}"
        "{% for c in s.charts %}{{ c }}{% endfor %}{% endfor %} "
        "{{ 'x' if has_data else 'y' }} {{ summary ~ ' ' ~ year }} "
        "{% if 'Đảng' in organisation_name and signer_name is defined %}đ{% endif %}"
    )
    check_template(with_line(line))


# --- The run-time layer alone ------------------------------------------------------------


class Sentinel:
    """Records whether a template managed to call it."""

    def __init__(self) -> None:
        self.called = False

    def __call__(self, *args: Any, **kwargs: Any) -> str:
        self.called = True
        return "called"


def runtime_render(source: str, **values: Any) -> str:
    """Render with the run-time sandbox only, as if `source` had passed the syntax check."""
    return RuntimeSandbox().from_string(source).render(**values)


@pytest.mark.parametrize(
    "source",
    [
        "{{ f() }}",
        "{{ data.f() }}",
        "{{ data['f']() }}",
        "{% for x in [1] %}{{ f(x) }}{% endfor %}",
    ],
)
def test_the_runtime_calls_nothing_even_a_callable_in_the_context(source: str) -> None:
    sentinel = Sentinel()
    with pytest.raises(SecurityError):
        runtime_render(source, f=sentinel, data={"f": sentinel})
    assert not sentinel.called


@pytest.mark.parametrize(
    "source",
    [
        "{{ text.__class__ }}",
        "{{ text.upper }}",
        "{{ text.format }}",
        "{{ text['format'] }}",
        "{{ text.format_map }}",
        "{{ data.items }}",
        "{{ data.__class__ }}",
        "{{ picture._image }}",
        "{{ picture.__html__ }}",
        "{{ 'a' * 10 }}",
        "{{ 2 ** 10 }}",
        "{{ '%s' % text }}",
        "{{ 7 // 2 }}",
        "{{ 7 / 2 }}",
        "{{ text + text }}",
        "{% for s in items %}{{ loop.cycle }}{% endfor %}",
    ],
)
def test_the_runtime_refuses_attributes_and_operators(source: str) -> None:
    values = {"text": "a", "data": {"k": "v"}, "picture": Picture(None), "items": [1]}
    # Refused (SecurityError) or, for a dictionary, simply not there (UndefinedError): never
    # the Python attribute.
    with pytest.raises(jinja2.TemplateRuntimeError):
        runtime_render(source, **values)


@pytest.mark.parametrize("name", ["range", "lipsum", "cycler", "joiner", "namespace", "dict"])
def test_the_runtime_has_no_globals(name: str) -> None:
    with pytest.raises(jinja2.UndefinedError):
        runtime_render(f"{{{{ {name} }}}}")


@pytest.mark.parametrize("name", ["attr", "map", "format", "list", "batch", "tojson", "pprint"])
def test_the_runtime_has_only_the_allowed_filters(name: str) -> None:
    with pytest.raises(jinja2.TemplateAssertionError):
        runtime_render(f"{{{{ text|{name} }}}}", text="a")


def test_the_runtime_bounds_what_a_template_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(template_rules, "MAX_OUTPUT_CHARS", 1000)
    source = "{% for a in items %}{% for b in items %}{{ text }}{% endfor %}{% endfor %}"
    with pytest.raises(SecurityError):
        runtime_render(source, items=list(range(100)), text="x" * 10)
    assert runtime_render(source, items=[1, 2], text="x") == "xxxx"


def test_the_runtime_reads_fields_counters_and_numbers() -> None:
    source = (
        "{% for s in sections %}{{ loop.index }}:{{ s.title|upper }}:{{ s['title'] }}"
        "{% endfor %}|{{ year - 1 }}|{{ sections[0].title }}|{{ figures['a.b'] }}"
    )
    values = {"sections": [{"title": "a"}, {"title": "b"}], "year": 2024, "figures": {"a.b": "5"}}
    assert runtime_render(source, **values) == "1:A:a2:B:b|2023|a|5"


# --- The context --------------------------------------------------------------------------


def plain(value: Any, path: str = "context") -> list[str]:
    """The paths in `value` that hold anything but plain data or a Picture."""
    if isinstance(value, str | int | float | bool) or value is None:
        return []
    if isinstance(value, Picture):
        public = [a for a in dir(value) if not a.startswith("_")]
        return [f"{path} exposes {public}"] if public else []
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in plain(v, f"{path}[{i}]")]
    if isinstance(value, dict):
        bad = [f"{path} key {k!r}" for k in value if not isinstance(k, str)]
        return bad + [p for k, v in value.items() for p in plain(v, f"{path}[{k!r}]")]
    return [f"{path} is a {type(value).__name__}"]


def test_the_context_holds_plain_values_only(tree: dict[str, Any]) -> None:
    record_year(tree)
    from dangvu.reports.annual import compose

    report = compose(tree["BLOC"], YEAR, today=dt.date(YEAR + 1, 1, 20))
    values = context(report, DocxTemplate(io.BytesIO(default_template())), number="01-BC/ĐUK")
    assert plain(values) == []
    assert isinstance(values["chart_members"], Picture)
    assert set(values) == template_rules.NAMES


# --- A forced template at download time ----------------------------------------------------


def test_a_forced_template_is_refused_at_download_with_a_message_and_a_mark(
    client: Client, cast: dict[str, Any], tree: dict[str, Any], tmp_path: Path
) -> None:
    with time_machine.travel(dt.datetime(2024, 3, 15, 9, 0), tick=False):
        record_year(tree)
        existing(tree["C21"], dt.date(2020, 1, 1), dt.date(1990, 5, 1), "Người Của Sở Tài Chính")
        target = tmp_path / "ran.txt"
        payload = (
            f"{{{{ cycler.__init__.__globals__.os.system('touch {target}') }}}}"
            "{{ self._TemplateReference__context }}"
        )
        content = with_line(payload)
        # Past the upload check, as a database edit or an older version would leave it.
        ReportTemplate.objects.create(
            organisation=tree["GK1"], content=content, filename="doc.docx", size=len(content)
        )
        client.force_login(cast["grassroots"])
        response = client.get(
            reverse("reports:annual_download", args=["docx"]), {"nam": YEAR, "to_chuc": "GK1"}
        )
    assert response.status_code == 409
    body = response.content.decode()
    assert "mẫu Word của Đảng bộ Sở Y tế không dùng được" in body
    assert "cycler" in body and "Trở lại mẫu mặc định" in body
    assert "Người Của Sở Tài Chính" not in body
    assert not target.exists()
    denied = AuditEvent.objects.get(action=AuditEvent.Action.DENIED)
    assert denied.user == cast["grassroots"] and "Mẫu Word" in denied.note
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_an_office_uploading_a_payload_gets_it_named_and_nothing_stored(
    client: Client, tree: dict[str, Any], django_user_model: Any
) -> None:
    office = django_user_model.objects.create_user("vanphong_gk1")
    Role.objects.create(user=office, organisation=tree["GK1"], kind=Role.Kind.BOARD_OFFICE)
    client.force_login(office)
    response = client.post(
        reverse("reports:template", args=["GK1"]),
        {"file": _upload(with_line("{{ self.__init__.__globals__ }}"))},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "«self» không có trong dữ liệu báo cáo" in body
    assert not ReportTemplate.objects.exists()


def _upload(content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("mau.docx", content)


def test_the_report_command_refuses_a_forced_template_with_a_message(
    tree: dict[str, Any], tmp_path: Path
) -> None:
    from django.core.management import CommandError, call_command

    content = with_line("{{ cycler.__init__.__globals__ }}")
    ReportTemplate.objects.create(
        organisation=tree["GK1"], content=content, filename="doc.docx", size=len(content)
    )
    out = tmp_path / "bao-cao.docx"
    args = ["--org", "GK1", "--year", str(YEAR), "--format", "docx", "-o", str(out)]
    with pytest.raises(CommandError, match="Mẫu Word của Đảng bộ Sở Y tế không dùng được"):
        call_command("report", "annual", *args)
    assert not out.exists()


def test_the_template_page_warns_about_a_forced_template(
    client: Client, admin_user: Any, tree: dict[str, Any]
) -> None:
    content = with_line("{% include 'base.html' %}")
    ReportTemplate.objects.create(
        organisation=tree["GK1"], content=content, filename="doc.docx", size=len(content)
    )
    client.force_login(admin_user)
    page = client.get(reverse("reports:template", args=["GK1"]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="live-problem"' in body and "include" in body
    other = client.get(reverse("reports:template", args=["GK2"])).content.decode()
    assert 'data-testid="live-problem"' not in other
