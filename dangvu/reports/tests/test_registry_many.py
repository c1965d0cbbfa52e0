"""The batch form of an indicator answers like one call per organisation."""

from __future__ import annotations

from typing import Any

import pytest

from dangvu.orgs.models import Organisation
from dangvu.reports import registry
from dangvu.reports.registry import Figure, Period

pytestmark = pytest.mark.django_db
PERIOD = Period.year(2023)


@pytest.fixture
def indicator() -> Any:
    code = "test.code_length"
    registry.register(code, "Độ dài mã", "ký tự", "Để thử.", owner="reports")(
        lambda org, period: len(org.code)
    )
    yield code
    registry._REGISTRY.pop(code)
    registry._MANY.pop(code, None)


def test_without_a_batch_form_each_organisation_is_asked(
    tree: dict[str, Any], indicator: str
) -> None:
    orgs = [tree["GC1"], tree["SUB1"]]
    result = registry.values_by_org(indicator, orgs, PERIOD)
    assert {pk: f.value for pk, f in result.items()} == {tree["GC1"].pk: 3, tree["SUB1"].pk: 4}


def test_a_batch_form_answers_for_all_at_once(tree: dict[str, Any], indicator: str) -> None:
    calls: list[int] = []

    @registry.register_many(indicator)
    def many(orgs: list[Organisation], period: Period) -> dict[int, Figure | int | None]:
        calls.append(len(orgs))
        return {o.pk: Figure(len(o.code), {"x": 1}) for o in orgs}

    orgs = [tree["GC1"], tree["SUB1"], tree["BLOC"]]
    result = registry.values_by_org(indicator, orgs, PERIOD)
    assert calls == [3]
    assert [result[o.pk].value for o in orgs] == [
        registry.value(indicator, o, PERIOD).value for o in orgs
    ]


def test_a_batch_form_needs_a_registered_indicator() -> None:
    with pytest.raises(KeyError):
        registry.register_many("khong.co")(lambda orgs, period: {})
