"""The compiled catalogue says what its source says: a message added to django.po but not
compiled into django.mo would silently reach the user in English."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES"


def _entries(po: str) -> list[dict[str, str]]:
    """The entries of a .po file as {keyword: text}; continuation lines joined."""
    entries: list[dict[str, str]] = []
    current: dict[str, str] = {}
    key = ""
    for line in po.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            if current:
                entries.append(current)
                current, key = {}, ""
            continue
        if line.startswith('"'):
            current[key] += ast.literal_eval(line)
            continue
        key, _, text = line.partition(" ")
        if key == "msgid" and "msgid" in current:
            entries.append(current)
            current = {}
        current[key] = ast.literal_eval(text)
    if current:
        entries.append(current)
    return [e for e in entries if e.get("msgid")]


def test_every_message_of_the_source_is_compiled_as_written() -> None:
    entries = _entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))
    assert entries, "django.po has no messages"
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries:
        if "msgid_plural" in entry:
            got = compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            wanted = entry["msgstr[0]"]
        else:
            got = compiled.gettext(entry["msgid"])
            wanted = entry["msgstr"]
        if got != wanted:
            stale.append(entry["msgid"])
    assert not stale, f"django.mo is older than django.po; run msgfmt again for: {stale}"


def test_the_catalogue_is_the_one_django_reads() -> None:
    from django.utils import translation

    with translation.override("vi"):
        assert translation.gettext("Null characters are not allowed.") != (
            "Null characters are not allowed."
        )
