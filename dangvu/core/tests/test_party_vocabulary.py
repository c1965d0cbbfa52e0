"""Dangvu speaks the party's own words, not administrative paraphrases of them.

Issue 13, "Vocabulary": party documents write "chuyển 02 chi bộ thành đảng bộ cơ sở và 01
đảng bộ cơ sở thành chi bộ cơ sở" (the reference report of 2023), never "chuyển đổi loại
hình"; a member is "đảng viên chính thức" or "đảng viên dự bị" (loại đảng viên), not of a
"tư cách"; a contest's entries are "bài dự thi" or "đội thi" as the contest is, never "bài,
đội dự thi"; the candidate class carries the name the committee gives it (rule
"education.candidate_class_name"; the Statute guidance's "lớp bồi dưỡng nhận thức về Đảng"
is only the source of that rule); "sinh hoạt tạm thời đến" is said only of members of
other committees, whom Dangvu keeps apart (dangvu.transit) as "đảng viên nơi khác đến
sinh hoạt tạm thời", so the phrase itself appears nowhere.

Checked in every string a user can meet: the source's string literals (docstrings and
comments explain the words and are left out), templates, translations, documentation,
model labels and choices, the registries of indicators, imports and rules, and pages
rendered with records of each kind.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
PACKAGE = ROOT / "dangvu"

# phrase pattern -> what to say instead
FORBIDDEN: dict[str, str] = {
    # A conversion is not a "chuyển đổi loại hình"; the kind of unit a grassroots
    # organisation stands in ("loại hình đơn vị": xã, phường; cơ quan; doanh nghiệp…) is
    # the party's own word, used by its statistics.
    r"loại hình(?! (?:đơn vị|tổ chức cơ sở đảng))": (
        "chuyển chi bộ … thành đảng bộ cơ sở (theo loại trước và sau)"
    ),
    r"tư cách(?! (?:đại biểu|pháp nhân))": "loại đảng viên (chính thức, dự bị)",
    r"bài, đội": "bài dự thi hoặc đội thi, theo hình thức của hội thi",
    r"tạm thời đến": "sinh hoạt tạm thời tại tổ chức khác trong Đảng bộ (đảng viên của Đảng bộ)",
    r"nhận thức về Đảng": "tên lớp do cấp ủy đặt (quy định education.candidate_class_name)",
}
# The one place the Statute guidance's name of the candidate class may stand: the source
# text of the rule that replaces it with the committee's own name.
SOURCE_OF_THE_NAME = PACKAGE / "education" / "rules.py"
# The glossary sets the party's words against the ones they replace; rules.md is
# generated from the rules registry, which is checked below.
DOCS_LEFT_OUT = {"GLOSSARY.md", "rules.md"}


def _offences(text: str, where: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    found = []
    for pattern, instead in FORBIDDEN.items():
        if pattern in allowed:
            continue
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            start = max(0, match.start() - 40)
            found.append(f"{where}: «…{text[start : match.end() + 40]}…» → {instead}")
    return found


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _string_literals(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstring_nodes(tree)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value


def _source_files() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = set(path.relative_to(PACKAGE).parts)
        # Migrations keep the labels of their day; tests quote what they refuse.
        if "migrations" in parts or "tests" in parts:
            continue
        yield path


def test_no_string_of_the_code_uses_words_the_party_does_not_use() -> None:
    offences = []
    for path in _source_files():
        allowed = frozenset({r"nhận thức về Đảng"}) if path == SOURCE_OF_THE_NAME else frozenset()
        for line, text in _string_literals(path):
            offences += _offences(text, f"{path.relative_to(ROOT)}:{line}", allowed)
    assert not offences, "\n".join(offences)


def test_no_template_translation_or_document_uses_words_the_party_does_not_use() -> None:
    files = [
        *PACKAGE.rglob("*.html"),
        *PACKAGE.rglob("*.po"),
        *(p for p in (ROOT / "docs").glob("*.md") if p.name not in DOCS_LEFT_OUT),
        ROOT / "README.md",
    ]
    offences = []
    for path in sorted(files):
        if path.exists():
            offences += _offences(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not offences, "\n".join(offences)


def test_no_label_or_choice_of_a_model_uses_words_the_party_does_not_use() -> None:
    offences = []
    for model in apps.get_models():
        if not model.__module__.startswith("dangvu."):
            continue
        where = f"{model._meta.label}"
        offences += _offences(str(model._meta.verbose_name), where)
        offences += _offences(str(model._meta.verbose_name_plural), where)
        for field in model._meta.get_fields():
            name = f"{where}.{field.name}"
            offences += _offences(str(getattr(field, "verbose_name", "")), name)
            for _, label in getattr(field, "flatchoices", None) or []:
                offences += _offences(str(label), name)
    assert not offences, "\n".join(offences)


def test_no_indicator_import_or_rule_label_uses_words_the_party_does_not_use() -> None:
    from dangvu.core.importing import kinds
    from dangvu.core.rules import registered_rules
    from dangvu.reports.registry import indicators

    offences = []
    for ind in indicators():
        offences += _offences(f"{ind.label} {ind.unit} {ind.definition}", ind.code)
    for kind in kinds():
        texts = [kind.label, kind.description]
        for column in kind.columns:
            texts += [column.header, column.help, *(label for _, label in column.choices)]
        offences += _offences(" | ".join(str(t) for t in texts), f"import {kind.code}")
    for r in registered_rules():
        offences += _offences(f"{r.label} {r.use}", f"rule {r.key}")
        # Its sources quote the texts as they are (the guidance's class name included).
        offences += _offences(" ".join(str(v) for _, v, _ in r.versions), f"rule {r.key} (values)")
    assert not offences, "\n".join(offences)


# --- rendered pages ---------------------------------------------------------------------


@pytest.fixture
def records(tree: dict[str, Any], decision: Any) -> dict[str, Any]:
    """A conversion, a member attached within the committee, a candidate who finished
    the class, a team contest and an individual one with their entries."""
    from dangvu.education import actions as education
    from dangvu.education.models import Contest, PoliticalClass
    from dangvu.members import actions as members
    from dangvu.members.candidates import do_record_candidate_progress, do_register_candidate
    from dangvu.members.kinds import EventKind
    from dangvu.members.tests.factories import full_member, person
    from dangvu.orgs import actions as orgs
    from dangvu.orgs.kinds import OrgKind

    orgs.do_convert_organisation(
        tree["GC1"],
        new_kind=OrgKind.GRASSROOTS_COMMITTEE,
        decision=decision(dt.date(2023, 6, 1)),
        acting_user=None,
    )
    member = full_member(tree["C11"], dt.date(2020, 3, 2), "Phạm Văn Tạm")
    members.do_record_temporary(
        member,
        kind=EventKind.TEMP_IN,
        place="Chi bộ Thanh tra Sở Y tế",
        until=None,
        decision=members.Decision(dt.date(2024, 2, 1)),
        acting_user=None,
    )
    candidate = do_register_candidate(
        person("Đỗ Thị Ưu Tú", birth=dt.date(1999, 4, 2)),
        organisation=tree["C11"],
        registered_on=dt.date(2024, 1, 5),
        acting_user=None,
    )
    klass = education.do_create_class(
        kind=PoliticalClass.Kind.CANDIDATE,
        name="Lớp khóa 1/2024",
        organiser=tree["BLOC"],
        start_date=dt.date(2024, 3, 4),
        end_date=dt.date(2024, 3, 8),
        acting_user=None,
    )
    do_record_candidate_progress(
        candidate,
        class_completed_on=dt.date(2024, 3, 8),
        certificate_number="12",
        checked_on=None,
        proposed_on=None,
        acting_user=None,
    )
    contests = {}
    for entrants, name in (
        (Contest.Entrants.TEAM, "Hội thi Bí thư chi bộ giỏi"),
        (Contest.Entrants.INDIVIDUAL, "Cuộc thi chính luận"),
    ):
        contest = education.do_create_contest(
            name=name,
            organiser=tree["BLOC"],
            start_date=dt.date(2024, 4, 1),
            end_date=dt.date(2024, 5, 1),
            entrants=entrants,
            acting_user=None,
        )
        education.do_add_contest_entry(
            contest, organisation=tree["GK1"], entrant_name="Đội Sở Y tế", acting_user=None
        )
        contests[entrants] = contest
    return {"member": member, "candidate": candidate, "class": klass, "contests": contests}


def test_no_page_shows_words_the_party_does_not_use(
    client: Client, admin_user: Any, tree: dict[str, Any], records: dict[str, Any]
) -> None:
    from dangvu.education.models import Contest

    client.force_login(admin_user)
    team = records["contests"][Contest.Entrants.TEAM]
    single = records["contests"][Contest.Entrants.INDIVIDUAL]
    pages = [
        reverse("orgs:detail", args=["GK2"]),
        reverse("orgs:detail", args=["GC2"]),
        reverse("orgs:convert", args=["GC2"]),
        reverse("orgs:restructurings"),
        reverse("members:list"),
        reverse("members:detail", args=[records["member"].pk]),
        reverse("members:candidate", args=[records["candidate"].pk]),
        reverse("education:classes"),
        reverse("education:class", args=[records["class"].pk]),
        reverse("education:class_create"),
        reverse("education:contests"),
        reverse("education:contest_create"),
        team.get_absolute_url(),
        single.get_absolute_url(),
        reverse("reports:figures") + "?nam=2024",
        reverse("reports:annual") + "?nam=2023",
    ]
    offences = []
    seen = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        seen[url] = body
        offences += _offences(body, url)
    assert not offences, "\n".join(offences)
    # And the party's words are there instead.
    assert "Chuyển thành đảng bộ cơ sở" in seen[reverse("orgs:detail", args=["GC2"])]
    assert "Đội thi" in seen[team.get_absolute_url()]
    assert "Bài dự thi" in seen[single.get_absolute_url()]
    assert "Loại đảng viên" in seen[reverse("members:list")]
    assert (
        "Sinh hoạt tạm thời tại tổ chức khác trong Đảng bộ"
        in seen[reverse("members:detail", args=[records["member"].pk])]
    )
    assert (
        "Đã học lớp bồi dưỡng lý luận chính trị cho đối tượng kết nạp Đảng"
        in seen[reverse("members:candidate", args=[records["candidate"].pk])]
    )
    report = re.sub(r"<[^>]+>", "", seen[reverse("reports:annual") + "?nam=2023"])
    assert "Về tổ chức, chuyển 01 chi bộ cơ sở thành đảng bộ cơ sở." in report


def test_the_candidate_class_is_named_as_the_committee_names_it_from_the_date_it_chose(
    client: Client, admin_user: Any, tree: dict[str, Any], records: dict[str, Any]
) -> None:
    from dangvu.core.models import RuleVersion

    RuleVersion.objects.create(
        key="education.candidate_class_name",
        effective_from=dt.date(2024, 1, 1),
        value="lớp bồi dưỡng lý luận chính trị dành cho quần chúng ưu tú",
        note="Thông báo của Ban Thường vụ Đảng ủy Khối",
    )
    client.force_login(admin_user)
    page = client.get(reverse("education:class", args=[records["class"].pk])).content.decode()
    assert "Lớp bồi dưỡng lý luận chính trị dành cho quần chúng ưu tú" in page
    form = client.get(reverse("education:class_create")).content.decode()
    assert "Lớp bồi dưỡng lý luận chính trị dành cho quần chúng ưu tú" in form
    candidate = client.get(
        reverse("members:candidate", args=[records["candidate"].pk])
    ).content.decode()
    assert "Đã học lớp bồi dưỡng lý luận chính trị dành cho quần chúng ưu tú" in candidate
