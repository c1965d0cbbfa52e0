"""The member record (lý lịch) as pages show it: the form's groups and order, every field,
«Chưa có thông tin» where the record does not say, places with what an ended unit is now."""

from __future__ import annotations

from typing import Any

from dangvu.members.forms import PERSON_GROUPS, PLACES
from dangvu.members.models import Member
from dangvu.vocab import lookup
from dangvu.vocab.models import UNKNOWN_LABEL

# Shown apart (masked, revealed on request) on the member's page.
MASKED = ("identity_number", "phone")
NO_TITLE = "Không có học hàm"


def place_text(person: Any, place: str) -> str:
    """«thôn 2, xã Cát Tân, Bình Định (nay là Gia Lai)»: detail, then local, then province."""
    parts = [
        getattr(person, place) or "",
        lookup.label(getattr(person, f"{place}_local")),
        lookup.label(getattr(person, f"{place}_province")),
    ]
    return ", ".join(p for p in parts if p)


def lines(person: Any) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(group, [(field, label, text)]) in the form's order; places one line each."""
    places = dict(PLACES)
    groups = []
    for legend, names in PERSON_GROUPS:
        rows: list[tuple[str, str, str]] = []
        for name in names:
            if name in ("full_name",) or name.endswith(("_province", "_local")):
                continue
            if name in places:
                rows.append((name, places[name], place_text(person, name) or UNKNOWN_LABEL))
                continue
            label = str(Member._meta.get_field(name).verbose_name)
            label = label[:1].upper() + label[1:]
            if name == "birth_date":
                text = f"{person.birth_date:%d/%m/%Y}"
            elif name == "sex":
                text = person.get_sex_display()
            else:
                value = getattr(person, name)
                text = getattr(value, "name", value) or ""
                if not text:
                    text = NO_TITLE if name == "academic_title" else UNKNOWN_LABEL
            rows.append((name, label, str(text)))
        groups.append((legend, rows))
    return groups
