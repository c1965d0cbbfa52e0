"""A small committee for the statistical tables: GK1 with its cells C11, C12 and its
sub-committee SUB1 (cell C13), members of varied records, admissions and departures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.members import actions
from dangvu.members.actions import Decision
from dangvu.members.tests.factories import admit, existing

DAY = dt.date(2025, 6, 30)
YEAR = 2024


def vocab(vocabulary: str, code: str, name: str, group: str = "") -> Any:
    """The value `code` of `vocabulary` (shipped, or created as the design names it)."""
    from dangvu.vocab.models import VocabularyValue

    found, _ = VocabularyValue.objects.get_or_create(
        vocabulary=vocabulary, code=code, defaults={"name": name, "group": group}
    )
    return found


def people(tree: dict[str, Any], scale: int = 1) -> None:
    """Members of GK1 of varied records; `scale` repeats them (for the statements test)."""
    kinh = vocab("ETHNICITY", "01", "Kinh", "KINH")
    tay = vocab("ETHNICITY", "02", "Tày", "MINORITY")
    none = vocab("RELIGION", "00", "Không", "NONE")
    buddhist = vocab("RELIGION", "01", "Phật giáo", "RELIGIOUS")
    bachelor = vocab("QUALIFICATION", "BACHELOR", "Đại học", "BACHELOR")
    master = vocab("QUALIFICATION", "MASTER", "Thạc sĩ", "MASTER")
    official = vocab("OCCUPATION", "OFFICIAL", "Cán bộ, công chức")
    theory = vocab("THEORY", "INTERMEDIATE", "Trung cấp", "INTERMEDIATE")
    for n in range(scale):
        existing(
            tree["C11"],
            dt.date(2020, 1, 1),
            dt.date(1995, 3, 1),
            f"Nguyễn Thị Lan {n}",
            sex="F",
            birth=dt.date(1970, 4, 2),
            ethnicity=kinh,
            religion=none,
            qualification=master,
            occupation=official,
            theory_level=theory,
            education="12/12",
        )
        existing(
            tree["C11"],
            dt.date(2020, 1, 1),
            dt.date(2010, 3, 1),
            f"Lò Văn Tuấn {n}",
            birth=dt.date(1985, 9, 9),
            ethnicity=tay,
            religion=buddhist,
            qualification=bachelor,
            education="9/12",
        )
        existing(tree["C12"], dt.date(2020, 1, 1), dt.date(2000, 6, 1), f"Trần Văn Bình {n}")
        existing(
            tree["C13"],
            dt.date(2020, 1, 1),
            dt.date(2015, 1, 1),
            f"Phạm Thị Hoa {n}",
            sex="F",
            ethnicity=kinh,
            religion=buddhist,
        )
        admit(
            tree["C12"], dt.date(YEAR, 3, 10), f"Lê Thị Mai {n}", sex="F", birth=dt.date(1998, 1, 1)
        )
        admit(tree["C13"], dt.date(YEAR, 5, 10), f"Đỗ Văn Nam {n}", birth=dt.date(1996, 1, 1))
        died = existing(tree["C12"], dt.date(2020, 1, 1), dt.date(1980, 1, 1), f"Võ Văn Cũ {n}")
        actions.do_end_membership(
            died,
            kind="DIED",
            decision=Decision(dt.date(YEAR, 8, 1), "", dt.date(YEAR, 8, 1)),
            acting_user=None,
        )
        gone = existing(tree["C13"], dt.date(2020, 1, 1), dt.date(2005, 1, 1), f"Hồ Văn Đi {n}")
        actions.do_transfer_out(
            gone,
            external_party="Đảng bộ tỉnh Quảng Ngãi",
            decision=Decision(dt.date(YEAR, 9, 1), "", dt.date(YEAR, 9, 1)),
            acting_user=None,
        )


@pytest.fixture
def committee(tree: dict[str, Any]) -> dict[str, Any]:
    people(tree)
    return tree
