"""docs/report-template.md lists exactly what the template sandbox allows."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from dangvu.reports.template_rules import (
    FILTER_NAMES,
    LOOP_ATTRS,
    MAX_LOOP_DEPTH,
    NAMES,
    SECTION,
    TEST_NAMES,
)

DOC = Path(settings.BASE_DIR) / "docs" / "report-template.md"


def section(heading: str) -> str:
    """The text under `heading` up to the next heading."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(heading + "\n") + len(heading)
    following = re.search(r"^#{2,3} ", text[start:], flags=re.MULTILINE)
    return text[start : start + following.start()] if following else text[start:]


def first_column(text: str) -> list[str]:
    return [line.split("|")[1] for line in text.splitlines() if line.startswith("| `")]


def test_the_placeholder_table_names_every_placeholder_and_no_other() -> None:
    cells = first_column(section("## Placeholders"))
    documented = {name for cell in cells for name in re.findall(r"`(?:\{\{\s*)?([a-z_]+)", cell)}
    assert documented == NAMES


def test_the_filter_and_test_tables_are_the_allow_lists() -> None:
    filters = {
        n for cell in first_column(section("### Filters")) for n in re.findall(r"`(\w+)`", cell)
    }
    tests = {n for cell in first_column(section("### Tests")) for n in re.findall(r"`(\w+)`", cell)}
    assert filters == FILTER_NAMES
    assert tests == TEST_NAMES


def test_the_loop_counters_fields_and_depth_are_those_of_the_code() -> None:
    text = section("## What else a template may write")
    assert set(re.findall(r"`loop\.(\w+)`", text)) == set(LOOP_ATTRS)
    fields = {name for name, _ in SECTION.fields}
    assert fields <= set(re.findall(r"`(\w+)`", text))
    assert MAX_LOOP_DEPTH == 3 and "nested at most three deep" in " ".join(text.split())
