"""The project's HTML templates, read as source: what Django would print as text."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Django's "{# … #}" comment ends on its own line; one that runs on is printed on the page.
OPEN_COMMENT = re.compile(r"\{#(?!.*#\})")


def test_no_one_line_comment_runs_onto_the_next_line() -> None:
    """A "{#" without its "#}" on the same line shows the comment to the user: longer
    comments are written {% comment %} … {% endcomment %}."""
    templates = [p for p in ROOT.rglob("*.html") if "templates" in p.parts]
    assert len(templates) > 50
    bad = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in templates
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OPEN_COMMENT.search(line)
    ]
    assert not bad, bad
