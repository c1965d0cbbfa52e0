"""docs/papers.md documents every paper, placeholder and field of the code, and no other."""

from __future__ import annotations

import re
from pathlib import Path

from dangvu.papers.kinds import KINDS
from dangvu.papers.schema import EVENT_FIELDS, MEMBER_FIELDS, NAMES

DOC = (Path(__file__).resolve().parents[3] / "docs" / "papers.md").read_text()


def section(heading: str) -> str:
    start = DOC.index(heading + "\n")
    rest = DOC[start + len(heading) :]
    following = re.search(r"\n#{2,3} ", rest)
    return rest[: following.start()] if following else rest


def first_column(text: str) -> list[str]:
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    return [row.split("|")[1] for row in rows]


def test_every_paper_kind_is_documented() -> None:
    codes = {re.sub(r"[`\s]", "", c) for c in first_column(section("## The papers"))}
    assert codes == {k.code for k in KINDS}


def names(pattern: str, cells: list[str]) -> set[str]:
    found = (re.search(pattern, cell) for cell in cells)
    return {match.group(1) for match in found if match is not None}


def test_the_placeholder_table_names_every_placeholder_and_no_other() -> None:
    assert names(r"\{\{\s*(\w+)", first_column(section("## Placeholders"))) == NAMES


def test_the_fields_of_member_and_event_are_those_of_the_code() -> None:
    member = section("### Fields of `member` (and of each `m` in `members`)")
    event = section("### Fields of `event`")
    assert names(r"member\.(\w+)", first_column(member)) == {n for n, _ in MEMBER_FIELDS}
    assert names(r"event\.(\w+)", first_column(event)) == {n for n, _ in EVENT_FIELDS}
