"""Map the free-text values of the member record onto the controlled vocabularies.

For members and admission candidates alike: ethnicity and religion by a value's name, code
or other names (compared without accents, case, hyphens or spaces); political theory by the
old choice code ("" was the blank: nothing recorded); the occupation category from the
«công việc chính» text by unambiguous keywords; hometown and residence to the one province
the text names (the text stays as the address's detail). A text that maps to no value, or
to more than one, leaves the field empty and becomes an UnresolvedValue for the clerk; an
empty text leaves the field empty («Chưa có thông tin») with nothing to resolve.

The old silent defaults ("Kinh", "Không") cannot be told from a value typed on purpose:
they are mapped like any other text (see docs/operations.md, Upgrade).

Written with the historical models and its own copy of the matching rules, so that later
changes to the app's code cannot change what this migration does. Statements are grouped
by distinct text and by target value, so their number grows with the variety of the
texts, not with the number of records.
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterator

from django.db import migrations

from dangvu.lib.text import clean, search_key

CHUNK = 500
# The old records were written before the 2025 merger of provinces: a name shared by the
# old and the new province is read as the old one.
BEFORE_MERGER = dt.date(2025, 6, 30)
_JOINERS = re.compile(r"[\s\-‐‑–—'’.]+")
_PARTS = re.compile(r"[,;/()\n]+")
# Within a part, a spaced dash may join two places ("Quảng Nam - Đà Nẵng") or be part of
# one name ("Bà Rịa - Vũng Tàu"): the whole part is tried first.
_DASHES = re.compile(r"\s[-–—]\s")
_PROVINCE_WORDS = re.compile(r"^(tinh|thanh pho|tp)(\s+|\.\s*|$)")
OCCUPATION_WORDS = {
    "OFFICIAL": ("cong chuc",),
    "PUBLIC": ("vien chuc",),
    "WORKER": ("cong nhan",),
    "FARMER": ("nong dan",),
    "STUDENT": ("hoc sinh", "sinh vien"),
    "RETIRED": ("nghi huu", "huu tri"),
    "MILITARY": ("quan doi", "bo doi"),
    "POLICE": ("cong an",),
}
_OCCUPATION_RES = {
    code: re.compile(r"\b(" + "|".join(words) + r")\b") for code, words in OCCUPATION_WORDS.items()
}
MODELS = ("Member", "AdmissionCandidate")


def fold(text: str | None) -> str:
    return _JOINERS.sub("", search_key(text))


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:  # type: ignore[type-arg]
    for i in range(0, len(items), size):
        yield items[i : i + size]


def vocabulary_matcher(apps, vocabulary: str) -> Callable[[str], int | None]:  # type: ignore[no-untyped-def]
    """Text -> the id of the one value whose name, code or other name it is, else None."""
    value_model = apps.get_model("vocab", "VocabularyValue")
    by_key: dict[str, set[int]] = defaultdict(set)
    for pk, code, name, aliases in value_model.objects.filter(vocabulary=vocabulary).values_list(
        "pk", "code", "name", "aliases"
    ):
        for key in {fold(code), fold(name), *(fold(a) for a in aliases or [])} - {""}:
            by_key[key].add(pk)

    def match(text: str) -> int | None:
        found = by_key.get(fold(text), set())
        return next(iter(found)) if len(found) == 1 else None

    return match


def theory_matcher(apps) -> Callable[[str], int | None]:  # type: ignore[no-untyped-def]
    """The old choice code ("ELEMENTARY", …) -> the THEORY value with that code."""
    value_model = apps.get_model("vocab", "VocabularyValue")
    codes = dict(value_model.objects.filter(vocabulary="THEORY").values_list("code", "pk"))
    by_name = vocabulary_matcher(apps, "THEORY")
    return lambda text: codes.get(text.strip()) or by_name(text)


def occupation_of(apps) -> Callable[[str], int | None]:  # type: ignore[no-untyped-def]
    """The job text -> the OCCUPATION value when exactly one category's keywords occur."""
    value_model = apps.get_model("vocab", "VocabularyValue")
    codes = dict(value_model.objects.filter(vocabulary="OCCUPATION").values_list("code", "pk"))

    def match(text: str) -> int | None:
        key = search_key(text)
        found = [code for code, pattern in _OCCUPATION_RES.items() if pattern.search(key)]
        return codes.get(found[0]) if len(found) == 1 else None

    return match


def province_of(apps) -> Callable[[str], int | None]:  # type: ignore[no-untyped-def]
    """A place text -> the one province it names (as it stood before the 2025 merger)."""
    unit_model = apps.get_model("vocab", "AdminUnit")
    by_key: dict[str, list[tuple[int, dt.date, dt.date]]] = defaultdict(list)
    for pk, name, valid_from, valid_to in unit_model.objects.filter(level="PROVINCE").values_list(
        "pk", "name", "valid_from", "valid_to"
    ):
        by_key[_province_key(name)].append((pk, valid_from, valid_to))

    def unit(key: str) -> int | None:
        units = by_key.get(key, [])
        if len(units) > 1:
            units = [u for u in units if u[1] <= BEFORE_MERGER < u[2]]
        return units[0][0] if len(units) == 1 else None

    def named_in(part: str) -> set[int | None]:
        whole = unit(_province_key(part))
        if whole is not None or not _DASHES.search(part):
            return {whole}
        return {unit(_province_key(piece)) for piece in _DASHES.split(part)}

    def match(text: str) -> int | None:
        named: set[int | None] = set()
        for part in _PARTS.split(text):
            if part.strip():
                named |= named_in(part)
        if None in named and len(named) > 1:
            named.discard(None)
        return named.pop() if len(named) == 1 else None

    return match


def _province_key(name: str) -> str:
    return fold(_PROVINCE_WORDS.sub("", search_key(name)))


def fields(apps) -> list[tuple[str, str, str, Callable[[str], int | None]]]:  # type: ignore[no-untyped-def]
    """(text column, value column, unresolved field name, matcher) of each mapped field."""
    return [
        ("ethnicity_text", "ethnicity", "ethnicity", vocabulary_matcher(apps, "ETHNICITY")),
        ("religion_text", "religion", "religion", vocabulary_matcher(apps, "RELIGION")),
        ("theory_text", "theory_level", "theory_level", theory_matcher(apps)),
        ("job", "occupation", "occupation", occupation_of(apps)),
        ("hometown", "hometown_province", "hometown_province", province_of(apps)),
        ("residence", "residence_province", "residence_province", province_of(apps)),
    ]


def map_free_text(apps, schema_editor):  # type: ignore[no-untyped-def]
    unresolved_model = apps.get_model("members", "UnresolvedValue")
    mapped = fields(apps)
    for model_name in MODELS:
        model = apps.get_model("members", model_name)
        owner = "member_id" if model_name == "Member" else "candidate_id"
        for source, target, field, match in mapped:
            # Only records not mapped yet: running again after a partial undo is harmless.
            open_records = model.objects.filter(**{f"{target}__isnull": True})
            texts = list(open_records.order_by().values_list(source, flat=True).distinct())
            targets: dict[int, list[str]] = defaultdict(list)
            unmatched: list[str] = []
            for text in texts:
                if not clean(text):
                    continue
                value = match(text)
                if value is None:
                    unmatched.append(text)
                else:
                    targets[value].append(text)
            for value, group in targets.items():
                for part in chunks(group):
                    open_records.filter(**{f"{source}__in": part}).update(**{f"{target}_id": value})
            for part in chunks(unmatched):
                found = list(
                    open_records.filter(**{f"{source}__in": part}).values_list("pk", source)
                )
                for rows in chunks(found, 1000):  # type: ignore[arg-type]
                    unresolved_model.objects.bulk_create(
                        [
                            unresolved_model(
                                **{owner: pk, "field": field, "text": clean(text)[:255]}
                            )
                            for pk, text in rows
                        ],
                        ignore_conflicts=True,
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0014_record_vocabularies"),
        ("vocab", "0002_values"),
    ]

    operations = [migrations.RunPython(map_free_text, migrations.RunPython.noop)]
