"""Helpers that record members through the real actions (no model factories)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from dangvu.members import actions
from dangvu.members.actions import Decision, Person
from dangvu.members.models import Member
from dangvu.orgs.models import Organisation

_counter = itertools.count(1)


def person(name: str = "", birth: dt.date = dt.date(1990, 5, 17), **kw: Any) -> Person:
    n = next(_counter)
    # A record as most files carry it: the admission rules read the education.
    kw.setdefault("education", "12/12")
    return Person(
        full_name=name or f"Nguyễn Văn Thử {n}", birth_date=birth, sex=kw.pop("sex", "M"), **kw
    )


def admit(org: Organisation, day: dt.date, name: str = "", **kw: Any) -> Member:
    ceremony = kw.pop("ceremony", day + dt.timedelta(days=7))
    return actions.do_admit_member(
        person(name, **kw),
        organisation=org,
        decision=Decision(day, "01-QĐ/ĐUK", day),
        ceremony_date=ceremony,
        acting_user=None,
    )


def full_member(org: Organisation, admitted: dt.date, name: str = "", **kw: Any) -> Member:
    """Admitted on `admitted`, ceremony a week later, confirmed when probation ends."""
    member = admit(org, admitted, name, **kw)
    end = actions.probation_end(member)
    assert end is not None
    actions.do_confirm_member(
        member, decision=Decision(end + dt.timedelta(days=5)), acting_user=None
    )
    member.refresh_from_db()
    return member


def existing(
    org: Organisation, on: dt.date, admitted: dt.date, name: str = "", **kw: Any
) -> Member:
    """A full member admitted on `admitted`, brought onto the books on `on`.

    Born early enough to have been admitted that day (an admission before the age of 18 is
    refused as an impossible record).
    """
    kw.setdefault("birth", min(dt.date(1990, 5, 17), dt.date(admitted.year - 25, 5, 17)))
    return actions.do_record_existing_member(
        person(name, **kw),
        organisation=org,
        on=on,
        admission_decision_date=admitted,
        ceremony_date=admitted + dt.timedelta(days=10),
        full_member_date=admitted + dt.timedelta(days=375),
        acting_user=None,
    )


# --- vocabulary values and administrative units ---------------------------------------
# The shipped data (vocab migration 0002) may or may not be in the test database; these
# get-or-create the values of the design by (vocabulary, code), so a test reads the same
# value either way.

SPEC_VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "ETHNICITY": {
        "01": ("Kinh", "KINH"),
        "02": ("Tày", "MINORITY"),
        "03": ("Thái", "MINORITY"),
        "04": ("Hoa", "MINORITY"),
        "08": ("Hmông", "MINORITY"),
        "12": ("Ê Đê", "MINORITY"),
        "13": ("Ba Na", "MINORITY"),
        "17": ("Chăm", "MINORITY"),
        "55": ("Người nước ngoài", "FOREIGN"),
    },
    "RELIGION": {
        "00": ("Không", "NONE"),
        "01": ("Phật giáo", "RELIGIOUS"),
        "02": ("Công giáo", "RELIGIOUS"),
        "03": ("Tin lành", "RELIGIOUS"),
    },
    "QUALIFICATION": {
        "NONE": ("Chưa qua đào tạo", "NONE"),
        "INTERMEDIATE": ("Trung cấp", "INTERMEDIATE"),
        "COLLEGE": ("Cao đẳng", "COLLEGE"),
        "BACHELOR": ("Đại học", "BACHELOR"),
        "MASTER": ("Thạc sĩ", "MASTER"),
        "DOCTOR": ("Tiến sĩ", "DOCTOR"),
    },
    "THEORY": {
        "NONE": ("Chưa qua đào tạo", "NONE"),
        "ELEMENTARY": ("Sơ cấp", "ELEMENTARY"),
        "INTERMEDIATE": ("Trung cấp", "INTERMEDIATE"),
        "ADVANCED": ("Cao cấp", "ADVANCED"),
        "BACHELOR": ("Cử nhân", "ADVANCED"),
    },
    "STATE_MANAGEMENT": {
        "NONE": ("Chưa qua bồi dưỡng", ""),
        "OFFICER": ("Chuyên viên", ""),
        "PRINCIPAL": ("Chuyên viên chính", ""),
    },
    "ACADEMIC_TITLE": {"ASSOC": ("Phó Giáo sư", ""), "PROF": ("Giáo sư", "")},
    "OCCUPATION": {
        "WORKER": ("Công nhân", ""),
        "FARMER": ("Nông dân", ""),
        "OFFICIAL": ("Cán bộ, công chức", ""),
        "PUBLIC": ("Viên chức", ""),
        "RETIRED": ("Nghỉ hưu, nghỉ mất sức", ""),
        "OTHER": ("Khác", ""),
    },
}


def value(vocabulary: str, code: str) -> Any:
    """The value `code` of `vocabulary` (shipped, or created here as the design names it)."""
    from dangvu.vocab.models import VocabularyValue

    name, group = SPEC_VALUES[vocabulary][code]
    found, _ = VocabularyValue.objects.get_or_create(
        vocabulary=vocabulary,
        code=code,
        defaults={"name": name, "group": group, "order": list(SPEC_VALUES[vocabulary]).index(code)},
    )
    return found


def vocabularies() -> None:
    """Every value of SPEC_VALUES in the database (for forms that list them)."""
    for vocabulary, codes in SPEC_VALUES.items():
        for code in codes:
            value(vocabulary, code)


def retired_value(vocabulary: str, code: str, name: str, until: dt.date) -> Any:
    """A value of `vocabulary` no longer in force from `until`."""
    from dangvu.vocab.models import VocabularyValue

    found, _ = VocabularyValue.objects.get_or_create(
        vocabulary=vocabulary, code=code, defaults={"name": name, "valid_to": until}
    )
    return found


MERGER = dt.date(2025, 7, 1)


def unit(
    level: str,
    code: str,
    name: str,
    *,
    parent: Any = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    successor: Any = None,
) -> Any:
    """An administrative unit, got or created by (level, code, first day)."""
    from dangvu.core.dates import FOREVER
    from dangvu.vocab.models import SINCE, AdminUnit

    found, _ = AdminUnit.objects.get_or_create(
        level=level,
        code=code,
        valid_from=valid_from or SINCE,
        defaults={
            "name": name,
            "parent": parent,
            "valid_to": valid_to or FOREVER,
            "successor": successor,
        },
    )
    return found


def places() -> dict[str, Any]:
    """Bình Định (ended by the 2025 merger, now Gia Lai) with a district and a commune,
    Gia Lai after the merger with one of its communes, and Hà Nội (unchanged)."""
    gia_lai = unit("PROVINCE", "52", "Gia Lai", valid_from=MERGER)
    binh_dinh = unit("PROVINCE", "52", "Bình Định", valid_to=MERGER, successor=gia_lai)
    ha_noi = unit("PROVINCE", "01", "Hà Nội")
    phu_cat = unit("DISTRICT", "545", "Phù Cát", parent=binh_dinh, valid_to=MERGER)
    cat_tan = unit("COMMUNE", "21700", "Cát Tân", parent=binh_dinh, valid_to=MERGER)
    quy_nhon = unit("COMMUNE", "21550", "Quy Nhơn", parent=gia_lai, valid_from=MERGER)
    ba_dinh = unit("DISTRICT", "001", "Ba Đình", parent=ha_noi, valid_to=MERGER)
    ba_dinh_ward = unit("COMMUNE", "00004", "Ba Đình", parent=ha_noi, valid_from=MERGER)
    return {
        "gia_lai": gia_lai,
        "binh_dinh": binh_dinh,
        "ha_noi": ha_noi,
        "phu_cat": phu_cat,
        "cat_tan": cat_tan,
        "quy_nhon": quy_nhon,
        "ba_dinh": ba_dinh,
        "ba_dinh_ward": ba_dinh_ward,
    }
