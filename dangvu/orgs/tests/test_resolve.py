"""Organisations typed by code or name: a code always wins, a name borne by several is
refused with the candidates (parent and code), never the "first" of them; the date of the
record picks the one that existed then. Every form field and import column of the project
goes through the same resolver."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from dangvu.accounts.scoping import visible_organisations
from dangvu.orgs.actions import do_create_organisation, do_dissolve_organisation
from dangvu.orgs.forms import DomainForm, OrgCodeField
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.orgs.resolve import AmbiguousOrganisation, OrganisationNotFound, resolve_organisation

pytestmark = pytest.mark.django_db

NAMESAKE = "Chi bộ Văn phòng"
OLD_NEW = "Chi bộ Kho bạc"


@pytest.fixture
def namesakes(tree: dict[str, Any], decision: Any) -> dict[str, Organisation]:
    """Two current cells called «Chi bộ Văn phòng» (under GK1 and GK2), and a «Chi bộ Kho
    bạc» of GK1 dissolved on 01/06/2022 whose name a new cell of GK2 took on 01/01/2023."""

    def create(code: str, name: str, parent: str, day: dt.date) -> Organisation:
        return do_create_organisation(
            code=code,
            name=name,
            kind=OrgKind.CELL,
            parent=tree[parent],
            decision=decision(day),
            acting_user=None,
        )

    start = dt.date(2020, 1, 1)
    orgs = {
        "VP1": create("VP1", NAMESAKE, "GK1", start),
        "VP2": create("VP2", NAMESAKE, "GK2", start),
        "KB_OLD": create("KB1", OLD_NEW, "GK1", start),
    }
    do_dissolve_organisation(
        orgs["KB_OLD"], decision=decision(dt.date(2022, 6, 1)), acting_user=None
    )
    orgs["KB_NEW"] = create("KB2", OLD_NEW, "GK2", dt.date(2023, 1, 1))
    for org in orgs.values():
        org.refresh_from_db()
    return orgs


def everything() -> Any:
    return Organisation.objects.all()


def test_a_code_always_wins(namesakes: dict[str, Organisation]) -> None:
    assert resolve_organisation(everything(), "vp2") == namesakes["VP2"]
    # As the suggestions fill it in: the code decides, whatever the name says.
    assert resolve_organisation(everything(), f"VP1 — {NAMESAKE}") == namesakes["VP1"]


def test_a_name_borne_by_one_organisation_names_it(
    namesakes: dict[str, Organisation], tree: dict[str, Any]
) -> None:
    assert resolve_organisation(everything(), "Chi bộ Khoa Nội") == tree["C13"]


def test_a_name_borne_by_several_is_refused_with_parent_and_code(
    namesakes: dict[str, Organisation],
) -> None:
    with pytest.raises(AmbiguousOrganisation) as refused:
        resolve_organisation(everything(), NAMESAKE)
    message = refused.value.message
    assert f"Có 2 tổ chức tên «{NAMESAKE}»" in message
    assert "VP1 — Chi bộ Văn phòng (thuộc Đảng bộ Sở Y tế)" in message
    assert "VP2 — Chi bộ Văn phòng (thuộc Đảng bộ Sở Tài chính)" in message
    assert "hãy ghi mã" in message
    assert {o.code for o in refused.value.candidates} == {"VP1", "VP2"}


def test_a_namesake_outside_the_scope_does_not_count(
    namesakes: dict[str, Organisation], cast: dict[str, Any]
) -> None:
    scope = visible_organisations(cast["grassroots"])  # GK1's subtree
    assert resolve_organisation(scope, NAMESAKE) == namesakes["VP1"]
    with pytest.raises(OrganisationNotFound):
        resolve_organisation(scope, "VP2")


def test_the_records_date_picks_the_namesake_that_existed_then(
    namesakes: dict[str, Organisation],
) -> None:
    old, new = namesakes["KB_OLD"], namesakes["KB_NEW"]
    assert resolve_organisation(everything(), OLD_NEW, on=dt.date(2021, 3, 1)) == old
    assert resolve_organisation(everything(), OLD_NEW, on=dt.date(2024, 3, 1)) == new
    # Without a date, a current and a dissolved namesake are still two: refused.
    with pytest.raises(AmbiguousOrganisation) as refused:
        resolve_organisation(everything(), OLD_NEW)
    assert "đã kết thúc hoạt động ngày 01/06/2022" in refused.value.message
    # Two that both existed that day stay ambiguous whatever the date.
    with pytest.raises(AmbiguousOrganisation) as refused:
        resolve_organisation(everything(), NAMESAKE, on=dt.date(2024, 3, 1))
    assert "cùng hoạt động ngày 01/03/2024" in refused.value.message


def test_a_long_list_of_namesakes_is_cut_and_counted(tree: dict[str, Any], decision: Any) -> None:
    for i in range(13):
        do_create_organisation(
            code=f"VPX{i:02d}",
            name=NAMESAKE,
            kind=OrgKind.CELL,
            parent=tree["GK1"],
            decision=decision(dt.date(2020, 1, 1)),
            acting_user=None,
        )
    with pytest.raises(AmbiguousOrganisation) as refused:
        resolve_organisation(everything(), NAMESAKE)
    assert "Có 13 tổ chức" in refused.value.message
    assert "và 3 tổ chức khác" in refused.value.message
    assert len(refused.value.candidates) == 10


# --- every form field of the project -----------------------------------------------------


def _form_classes() -> list[type[DomainForm]]:
    for app in ("orgs", "members", "education", "inspection", "office", "personnel"):
        importlib.import_module(f"dangvu.{app}.forms")
    from dangvu.members.forms import event_form_class
    from dangvu.members.kinds import EventKind

    event_form_class(EventKind.MOVED)  # built on demand: make one to test
    seen: list[type[DomainForm]] = []
    todo = list(DomainForm.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.append(cls)
            todo.extend(cls.__subclasses__())
    return [c for c in seen if any(isinstance(f, OrgCodeField) for f in c.base_fields.values())]


def test_every_organisation_field_refuses_an_ambiguous_name(
    namesakes: dict[str, Organisation], admin_user: Any
) -> None:
    classes = _form_classes()
    assert len(classes) >= 15  # the forms of every board
    for cls in classes:
        for name, f in cls.base_fields.items():
            if not isinstance(f, OrgCodeField):
                continue
            form = cls(data={name: NAMESAKE}, user=admin_user)
            form.is_valid()
            errors = " ".join(form.errors.get(name, []))
            assert "VP1 — " in errors and "VP2 — " in errors, (cls.__name__, name, errors)
            form = cls(data={name: "VP2"}, user=admin_user)
            form.is_valid()
            assert name not in form.errors, (cls.__name__, name, form.errors[name])


def test_a_form_resolves_a_namesake_by_the_records_date(
    client: Client, namesakes: dict[str, Organisation], admin_user: Any
) -> None:
    client.force_login(admin_user)
    data = {
        "organisation": OLD_NEW,
        "date": "2021-04-05",
        "p-full_name": "Trần Văn Cũ",
        "p-birth_date": "1990-02-03",
        "p-sex": "M",
        "p-education": "12/12",
    }
    response = client.post(reverse("members:admit"), data)
    assert response.status_code == 302, response.content.decode()
    from dangvu.members.models import Member

    assert Member.objects.get(full_name="Trần Văn Cũ").organisation == namesakes["KB_OLD"]


# --- one resolver: nothing else finds an organisation by its name -------------------------


def test_no_code_outside_the_resolver_looks_an_organisation_up_by_name() -> None:
    """`.filter(name=...)` on organisations anywhere but orgs/resolve.py would bring back a
    "first of several" somewhere."""
    root = Path(settings.BASE_DIR) / "dangvu"
    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        if "/tests/" in f"/{rel}" or "/migrations/" in rel or rel == "orgs/resolve.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in ("filter", "get", "exclude"):
                continue
            keys = {k.arg for k in node.keywords}
            if not keys & {"name", "name__iexact", "name__icontains", "name__startswith"}:
                continue
            # Another model's manager (a class, a contest, a mass organisation) is not meant.
            head = ast.unparse(node.func.value).split(".")[0]
            if head[:1].isupper() and head not in ("Organisation", "OrganisationVersion"):
                continue
            offenders.append(f"{rel}:{node.lineno}: {ast.unparse(node)}")
    assert not offenders, "\n".join(offenders)


def test_suggestions_show_each_organisations_parent_and_code(
    client: Client, namesakes: dict[str, Organisation], cast: dict[str, Any]
) -> None:
    client.force_login(cast["officer"])
    body = client.get(reverse("orgs:lookup"), {"q": "van phong"}).content.decode()
    assert 'value="VP1 — Chi bộ Văn phòng"' in body
    assert "Chi bộ Văn phòng — thuộc Đảng bộ Sở Y tế (mã VP1)" in body
    assert "Chi bộ Văn phòng — thuộc Đảng bộ Sở Tài chính (mã VP2)" in body
