"""The upgrade maps the old free-text record values onto the vocabularies and lists the rest."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

BEFORE = [("members", "0014_record_vocabularies"), ("vocab", "0002_values")]
AFTER = [("members", "0016_drop_free_text")]
MERGER = dt.date(2025, 7, 1)
mapping = importlib.import_module("dangvu.members.migrations.0015_map_free_text")


def migrate(targets: list[tuple[str, str]]) -> Any:
    """Bring the schema to `targets`; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps(transactional_db: None) -> Iterator[Any]:
    """The schema before the mapping, with the values the tests name (whether or not the
    shipped lists are loaded); the latest schema again afterwards, even after a failure."""
    apps = migrate(BEFORE)
    value = apps.get_model("vocab", "VocabularyValue")
    for vocabulary, code, name, aliases in (
        ("ETHNICITY", "01", "Kinh", []),
        ("ETHNICITY", "08", "Hmông", ["Mông", "H'Mông"]),
        ("ETHNICITY", "12", "Ê Đê", []),
        ("RELIGION", "00", "Không", []),
        ("RELIGION", "02", "Công giáo", ["Thiên Chúa giáo"]),
        ("THEORY", "ELEMENTARY", "Sơ cấp", []),
        ("THEORY", "ADVANCED", "Cao cấp", []),
        ("OCCUPATION", "OFFICIAL", "Cán bộ, công chức", []),
        ("OCCUPATION", "PUBLIC", "Viên chức", []),
        ("OCCUPATION", "RETIRED", "Nghỉ hưu, nghỉ mất sức", []),
        ("OCCUPATION", "MILITARY", "Quân đội", []),
    ):
        value.objects.get_or_create(
            vocabulary=vocabulary, code=code, defaults={"name": name, "aliases": aliases}
        )
    # Two values one text names: neither may be chosen.
    value.objects.create(vocabulary="ETHNICITY", code="T1", name="Thử Một", aliases=["Trùng"])
    value.objects.create(vocabulary="ETHNICITY", code="T2", name="Thử Hai", aliases=["Trùng"])
    unit = apps.get_model("vocab", "AdminUnit")
    for code, name, start, end in (
        ("48", "Đà Nẵng", dt.date(1930, 2, 3), MERGER),
        ("49", "Quảng Nam", dt.date(1930, 2, 3), MERGER),
        ("48", "Đà Nẵng", MERGER, dt.date(9999, 12, 31)),
        ("79", "Hồ Chí Minh", dt.date(1930, 2, 3), MERGER),
        ("77", "Bà Rịa - Vũng Tàu", dt.date(1930, 2, 3), MERGER),
    ):
        unit.objects.get_or_create(
            level="PROVINCE",
            code=code,
            valid_from=start,
            defaults={"name": name, "valid_to": end},
        )
    try:
        yield apps
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def organisation(apps: Any) -> Any:
    org = apps.get_model("orgs", "Organisation")
    return org.objects.create(
        code="CB1",
        name="Chi bộ Văn phòng",
        search_key="chi bo van phong",
        kind="CELL",
        founded_on=dt.date(2020, 1, 1),
        path="/1/",
    )


def old_member(apps: Any, n: int, **texts: str) -> Any:
    member = apps.get_model("members", "Member")
    fields = {"ethnicity_text": "", "religion_text": "", "theory_text": ""} | texts
    return member.objects.create(
        full_name=f"Người Thử {n}",
        search_key=f"nguoi thu {n}",
        birth_date=dt.date(1980, 1, 1),
        sex="M",
        **fields,
    )


def value_id(apps: Any, vocabulary: str, code: str) -> int:
    model = apps.get_model("vocab", "VocabularyValue")
    return int(model.objects.get(vocabulary=vocabulary, code=code).pk)


def province_id(apps: Any, code: str, before_merger: bool = True) -> int:
    model = apps.get_model("vocab", "AdminUnit")
    units = model.objects.filter(level="PROVINCE", code=code)
    units = units.filter(valid_to__lte=MERGER) if before_merger else units.filter(valid_from=MERGER)
    return int(units.get().pk)


def unresolved(apps: Any) -> set[tuple[str, str, str]]:
    model = apps.get_model("members", "UnresolvedValue")
    return {
        (r.member.full_name if r.member_id else r.candidate.full_name, r.field, r.text)
        for r in model.objects.select_related("member", "candidate")
    }


ETHNICITY = {
    "Người Thử 1": "Kinh",
    "Người Thử 2": "KINH ",
    "Người Thử 3": "Ê-đê",
    "Người Thử 4": "h'mong",
    "Người Thử 5": "Kinh Thượng",
    "Người Thử 6": "trùng",
    "Người Thử 7": "",
}
RELIGION = {
    "Người Thử 1": "Không",
    "Người Thử 2": "thien chua giao",
    "Người Thử 3": "02",
    "Người Thử 4": "Công Giáo",
    "Người Thử 5": "Đạo ông bà",
    "Người Thử 6": "",
    "Người Thử 7": "  ",
}
THEORY = {"Người Thử 1": "ELEMENTARY", "Người Thử 2": "ADVANCED"}
JOBS = {
    "Người Thử 1": "Công chức Văn phòng UBND tỉnh",
    "Người Thử 2": "Cán bộ hưu trí",
    "Người Thử 3": "Bộ đội biên phòng",
    "Người Thử 4": "Công nhân viên chức",
    "Người Thử 5": "Chuyên viên Sở Y tế",
}
PLACES = {
    "Người Thử 1": "Xã Hòa Tiến, huyện Hòa Vang, thành phố Đà Nẵng",
    "Người Thử 2": "tỉnh Quảng Nam",
    "Người Thử 3": "TP. Hồ Chí Minh",
    "Người Thử 4": "Quảng Nam - Đà Nẵng",
    "Người Thử 5": "Thôn 3, xã Tam Kỳ",
    "Người Thử 6": "Phường 7, TP Vũng Tàu, tỉnh Bà Rịa – Vũng Tàu",
}


class TestMapping:
    """One upgrade per test: each takes seconds to migrate back and forth."""

    def test_each_field_maps_when_one_value_matches_and_lists_the_rest(self, old_apps: Any) -> None:
        self.statements_grow_with_the_variety_of_texts_not_with_the_records(old_apps)
        for n in range(1, 8):
            name = f"Người Thử {n}"
            old_member(
                old_apps,
                n,
                ethnicity_text=ETHNICITY[name],
                religion_text=RELIGION[name],
                theory_text=THEORY.get(name, ""),
                job=JOBS.get(name, ""),
                hometown=PLACES.get(name, ""),
                residence=PLACES.get(name, ""),
            )
        candidate = old_apps.get_model("members", "AdmissionCandidate")
        candidate.objects.create(
            full_name="Quần Chúng Thử",
            search_key="quan chung thu",
            birth_date=dt.date(2000, 1, 1),
            sex="F",
            organisation=organisation(old_apps),
            registered_on=dt.date(2024, 1, 1),
            ethnicity_text="kinh",
            religion_text="Cao Đài Tây Ninh",
            theory_text="",
            job="Viên chức Trung tâm Y tế",
        )

        apps = migrate(AFTER)
        members = {m.full_name: m for m in apps.get_model("members", "Member").objects.all()}

        def got(field: str) -> dict[str, int | None]:
            return {name: getattr(m, f"{field}_id") for name, m in members.items()}

        kinh, ede = value_id(apps, "ETHNICITY", "01"), value_id(apps, "ETHNICITY", "12")
        hmong = value_id(apps, "ETHNICITY", "08")
        assert got("ethnicity") == dict(
            zip(members, [kinh, kinh, ede, hmong, None, None, None], strict=True)
        )
        none, catholic = value_id(apps, "RELIGION", "00"), value_id(apps, "RELIGION", "02")
        assert got("religion") == dict(
            zip(members, [none, catholic, catholic, catholic, None, None, None], strict=True)
        )
        elementary, advanced = (
            value_id(apps, "THEORY", "ELEMENTARY"),
            value_id(apps, "THEORY", "ADVANCED"),
        )
        assert got("theory_level") == dict(
            zip(members, [elementary, advanced, None, None, None, None, None], strict=True)
        )
        official = value_id(apps, "OCCUPATION", "OFFICIAL")
        retired = value_id(apps, "OCCUPATION", "RETIRED")
        military = value_id(apps, "OCCUPATION", "MILITARY")
        assert got("occupation") == dict(
            zip(members, [official, retired, military, None, None, None, None], strict=True)
        )
        # A name the old and the new province share is read as the old one.
        da_nang, quang_nam = province_id(apps, "48"), province_id(apps, "49")
        hcm, brvt = province_id(apps, "79"), province_id(apps, "77")
        for field in ("hometown_province", "residence_province"):
            assert got(field) == dict(
                zip(members, [da_nang, quang_nam, hcm, None, None, brvt, None], strict=True)
            )
        assert {name: m.residence for name, m in members.items() if m.residence} == PLACES

        cand = apps.get_model("members", "AdmissionCandidate").objects.get()
        assert (cand.ethnicity_id, cand.religion_id) == (kinh, None)
        assert cand.occupation_id == value_id(apps, "OCCUPATION", "PUBLIC")

        places = {
            (name, field, PLACES[name])
            for name in ("Người Thử 4", "Người Thử 5")
            for field in ("hometown_province", "residence_province")
        }
        assert unresolved(apps) == {
            ("Người Thử 5", "ethnicity", "Kinh Thượng"),
            ("Người Thử 6", "ethnicity", "trùng"),
            ("Người Thử 5", "religion", "Đạo ông bà"),
            ("Người Thử 4", "occupation", JOBS["Người Thử 4"]),
            ("Người Thử 5", "occupation", JOBS["Người Thử 5"]),
            ("Quần Chúng Thử", "religion", "Cao Đài Tây Ninh"),
            *places,
        }

    def statements_grow_with_the_variety_of_texts_not_with_the_records(self, old_apps: Any) -> None:
        texts = [
            {"ethnicity_text": "Kinh", "religion_text": "Không", "job": "Công chức"},
            {"ethnicity_text": "Mông", "religion_text": "Lạ", "hometown": "Quảng Nam"},
            {"ethnicity_text": "Xyz", "theory_text": "ELEMENTARY", "residence": "Nơi lạ"},
        ]

        def run(count: int) -> int:
            for n in range(count):
                old_member(old_apps, n, **texts[n % 3])
            with CaptureQueriesContext(connection) as queries:
                mapping.map_free_text(old_apps, None)
            old_apps.get_model("members", "UnresolvedValue").objects.all().delete()
            old_apps.get_model("members", "Member").objects.all().delete()
            return len(queries)

        # Only the unresolved rows are written in batches.
        assert run(3000) - run(30) <= 3000 // 200
