"""The rules registry: its generated page, the text behind every version, and the
administrator's versions checked against the shape of the shipped ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from dangvu.core.management.commands.rules_docs import render
from dangvu.core.models import RuleVersion
from dangvu.core.rules import registered_rules, value_errors

RULES = registered_rules()


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    committed = (Path(settings.BASE_DIR) / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render(), "run: python manage.py rules_docs"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.key)
def test_every_rule_says_what_it_does_and_every_version_names_its_text(rule: Any) -> None:
    assert rule.use.strip(), f"{rule.key}: say in use= what Dangvu does with the value"
    for start, _, source in rule.versions:
        assert source.strip(), f"{rule.key} from {start}: name the text it follows"
    starts = [start for start, _, _ in rule.versions]
    assert len(set(starts)) == len(starts), f"{rule.key}: two versions from the same day"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.key)
def test_every_shipped_version_is_a_valid_value_of_its_rule(rule: Any) -> None:
    for _, value, _ in rule.versions:
        assert value_errors(rule.key, value) == []


def _slips(value: Any) -> list[Any]:
    """Values of another shape than `value`, as an administrator might type by mistake."""
    if isinstance(value, bool):
        return ["có", 1]
    if isinstance(value, int):
        return ["12 tháng", 1.5, True, [value]]
    if isinstance(value, str):
        return [12, [value], None]
    if isinstance(value, list):
        inner = [_slips(item)[0] for item in value[:1]]
        return ["danh sách", {"a": value}, *([inner] if inner else [])]
    if isinstance(value, dict):
        key = next(iter(value))
        return [list(value), {k: v for k, v in value.items() if k != key}] + [
            value | {key: slip} for slip in _slips(value[key])[:1]
        ]
    return []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.key)
def test_a_value_of_another_shape_is_refused_naming_the_rule(rule: Any) -> None:
    for _, value, _ in rule.versions:
        for slip in _slips(value):
            if any(v == slip for _, v, _ in rule.versions):
                continue
            errors = value_errors(rule.key, slip)
            assert errors and rule.label in errors[0], (rule.key, slip)


def test_an_unknown_rule_code_is_refused() -> None:
    assert "Không có quy định mã" in value_errors("members.khong_co", 12)[0]


@pytest.mark.django_db
def test_the_admin_refuses_a_version_of_the_wrong_shape_and_keeps_nothing(
    client: Client, admin_user: Any
) -> None:
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:core_ruleversion_add"),
        {
            "key": "members.badge_milestones",
            "effective_from": "2027-01-01",
            "value": '{"30": "ba mươi"}',
            "note": "Thử",
        },
    )
    assert response.status_code == 200
    assert "Giá trị không đúng dạng của quy định" in response.content.decode()
    assert not RuleVersion.objects.exists()
    response = client.post(
        reverse("admin:core_ruleversion_add"),
        {
            "key": "members.badge_milestones",
            "effective_from": "2027-01-01",
            "value": "[30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95]",
            "note": "Thử",
        },
    )
    assert response.status_code == 302
    assert RuleVersion.objects.get().value[-1] == 95


@pytest.mark.django_db
def test_a_version_in_force_cannot_be_edited_or_deleted(
    client: Client, admin_user: Any, time_machine: Any
) -> None:
    """Past years keep their rules: a version already in force, added before today, stays."""
    time_machine.move_to(dt.datetime(2026, 1, 10, 3, 0, tzinfo=dt.UTC))
    old = RuleVersion.objects.create(
        key="members.probation_months", effective_from=dt.date(2026, 1, 1), value=12
    )
    time_machine.move_to(dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC))
    future = RuleVersion.objects.create(
        key="members.probation_months", effective_from=dt.date(2027, 1, 1), value=12
    )
    client.force_login(admin_user)
    assert (
        client.post(
            reverse("admin:core_ruleversion_delete", args=[old.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    page = client.get(reverse("admin:core_ruleversion_change", args=[old.pk])).content.decode()
    assert 'name="_save"' not in page
    client.post(reverse("admin:core_ruleversion_delete", args=[future.pk]), {"post": "yes"})
    assert list(RuleVersion.objects.all()) == [old]


def test_declared_days_off_must_be_real_dates_in_one_list() -> None:
    """An administrator records the government's announced swaps (ngày nghỉ bù, làm bù):
    a day that does not parse would be silently skipped by every deadline, so it is refused."""
    key = "core.declared_days"
    assert value_errors(key, {"days_off": ["2026-04-27"], "working_days": ["2026-05-09"]}) == []
    errors = value_errors(key, {"days_off": ["27/04/2026", "2026-02-30"], "working_days": []})
    assert len(errors) == 2 and "«27/04/2026»" in errors[0] and "«2026-02-30»" in errors[1]
    both = value_errors(key, {"days_off": ["2026-05-09"], "working_days": ["2026-05-09"]})
    assert both == ["Ngày 2026-05-09 vừa là ngày nghỉ bù vừa là ngày làm bù."]
