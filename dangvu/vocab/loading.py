"""Loading the shipped values (`dangvu.vocab.data`) into the database.

Used by the migration `0002_values` with its historical models, and by the tests after a
transactional test has emptied every table. Loading skips a value whose (vocabulary,
code), or a unit whose (level, code, valid_from), is already there, so running it on a
database that holds some of them (an administrator added one) adds only the rest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.core.dates import FOREVER
from dangvu.vocab import data

SINCE = dt.date(1930, 2, 3)
PROVINCE = "PROVINCE"


def load_values(apps: Any) -> None:
    Value = apps.get_model("vocab", "VocabularyValue")
    have = set(Value.objects.values_list("vocabulary", "code"))
    new = []
    for vocabulary, (rows, _) in data.VOCABULARIES.items():
        for order, (code, name, aliases, group) in enumerate(rows, start=1):
            if (vocabulary, code) in have:
                continue
            new.append(
                Value(
                    vocabulary=vocabulary,
                    code=code,
                    name=name,
                    aliases=list(aliases),
                    group=group,
                    order=order,
                    valid_from=SINCE,
                    valid_to=FOREVER,
                    source=data.value_source(vocabulary, code),
                )
            )
    Value.objects.bulk_create(new)


def load_provinces(apps: Any) -> None:
    Unit = apps.get_model("vocab", "AdminUnit")
    merged = data.merged_codes()
    # (code, name, valid_from, valid_to, source) of every shipped province
    wanted: list[tuple[str, str, dt.date, dt.date, str]] = []
    for code, name in data.PROVINCES:
        if code == data.HUE_OLD_CODE:
            end = data.HUE_DAY
        elif code in merged:
            end = data.MERGER_DAY
        else:
            end = FOREVER
        wanted.append((code, name, SINCE, end, data.PROVINCE_SOURCE))
    wanted.append((*data.HUE, data.HUE_DAY, FOREVER, data.HUE_SOURCE))
    for code, name, _ in data.MERGER:
        wanted.append((code, name, data.MERGER_DAY, FOREVER, data.MERGER_SOURCE))

    have = set(Unit.objects.filter(level=PROVINCE).values_list("code", "valid_from"))
    Unit.objects.bulk_create(
        Unit(level=PROVINCE, code=c, name=n, valid_from=f, valid_to=t, source=s)
        for c, n, f, t, s in wanted
        if (c, f) not in have
    )

    # Successors: Thừa Thiên Huế -> Huế; each merged province -> the new one.
    units = {(u.code, u.valid_from): u for u in Unit.objects.filter(level=PROVINCE)}
    links = [((data.HUE_OLD_CODE, SINCE), (data.HUE[0], data.HUE_DAY))]
    for code, _, olds in data.MERGER:
        links += [((old, SINCE), (code, data.MERGER_DAY)) for old in olds]
    ended = []
    for before, after in links:
        unit = units[before]
        if unit.successor_id is None and unit.valid_to <= after[1]:
            unit.successor = units[after]
            ended.append(unit)
    Unit.objects.bulk_update(ended, ["successor"])


def load_shipped(apps: Any) -> None:
    """Load every shipped value and province missing from the database."""
    load_values(apps)
    load_provinces(apps)
