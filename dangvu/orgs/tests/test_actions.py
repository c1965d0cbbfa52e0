"""Restructuring actions: each keeps history and refuses bad input without writing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.core.errors import DomainError
from dangvu.orgs import actions, queries
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion, Restructuring

D2021 = dt.date(2021, 6, 1)
D2022 = dt.date(2022, 3, 1)
D2019 = dt.date(2019, 12, 31)


def snapshot() -> tuple[int, int, int]:
    return (
        Organisation.objects.count(),
        OrganisationVersion.objects.count(),
        Restructuring.objects.count(),
    )


def refused(fn: Any, *args: Any, match: str, **kwargs: Any) -> DomainError:
    before = snapshot()
    with pytest.raises(DomainError, match=match) as info:
        fn(*args, **kwargs)
    assert snapshot() == before, "a refused action wrote something"
    return info.value


def names_under(org: Organisation, day: dt.date) -> set[str]:
    return {
        v.organisation.code for v in queries.subtree_at(org, day).select_related("organisation")
    }


def test_create_builds_paths_and_counts(tree: dict[str, Any]) -> None:
    day = dt.date(2020, 6, 1)
    assert names_under(tree["GK1"], day) == {"GK1", "C11", "C12", "SUB1", "C13"}
    counts = queries.counts_by_kind(tree["BLOC"], day)
    assert counts[OrgKind.GRASSROOTS_CELL] == 2
    assert counts[OrgKind.GRASSROOTS_COMMITTEE] == 2
    assert counts[OrgKind.CELL] == 4
    assert counts[OrgKind.SUB_COMMITTEE] == 1
    by_parent = queries.counts_by_kind_and_parent_kind(tree["BLOC"], day)
    assert by_parent[(OrgKind.CELL, OrgKind.SUB_COMMITTEE)] == 1
    assert by_parent[(OrgKind.CELL, OrgKind.GRASSROOTS_COMMITTEE)] == 3


def test_tree_did_not_exist_before_its_founding(tree: dict[str, Any]) -> None:
    assert list(queries.subtree_at(tree["BLOC"], D2019)) == []
    assert queries.counts_by_kind(tree["BLOC"], D2019)[OrgKind.CELL] == 0


def test_it_rejects_a_duplicate_code(tree: dict[str, Any], decision: Any) -> None:
    refused(
        actions.do_create_organisation,
        code="gc1",
        name="Chi bộ khác",
        kind=OrgKind.GRASSROOTS_CELL,
        parent=tree["BLOC"],
        decision=decision(D2021),
        acting_user=None,
        match="Mã tổ chức «GC1» đã được dùng",
    )


def test_it_rejects_a_code_with_spaces_or_accents(tree: dict[str, Any], decision: Any) -> None:
    refused(
        actions.do_create_organisation,
        code="Chi bộ 1",
        name="Chi bộ",
        kind=OrgKind.CELL,
        parent=tree["GK1"],
        decision=decision(D2021),
        acting_user=None,
        match="Mã tổ chức chỉ gồm",
    )


def test_it_rejects_a_parent_of_the_wrong_kind(tree: dict[str, Any], decision: Any) -> None:
    refused(
        actions.do_create_organisation,
        code="X1",
        name="Chi bộ X",
        kind=OrgKind.CELL,
        parent=tree["BLOC"],
        decision=decision(D2021),
        acting_user=None,
        match="không thể trực thuộc",
    )


def test_it_rejects_a_future_date(tree: dict[str, Any], decision: Any) -> None:
    future = dt.date.today() + dt.timedelta(days=40)
    refused(
        actions.do_rename_organisation,
        tree["GC1"],
        new_name="Tên mới",
        decision=decision(future),
        acting_user=None,
        match="tương lai",
    )


def test_it_rejects_a_date_before_the_organisation_existed(
    tree: dict[str, Any], decision: Any
) -> None:
    refused(
        actions.do_rename_organisation,
        tree["GC1"],
        new_name="Tên mới",
        decision=decision(D2019),
        acting_user=None,
        match="chưa được thành lập",
    )


def test_rename_keeps_the_old_name_for_old_dates(tree: dict[str, Any], decision: Any) -> None:
    actions.do_rename_organisation(
        tree["GC1"], new_name="Chi bộ Sở Tư pháp tỉnh", decision=decision(D2021), acting_user=None
    )
    assert queries.version_at(tree["GC1"], dt.date(2021, 5, 31)).name == "Chi bộ Sở Tư pháp"
    assert queries.version_at(tree["GC1"], D2021).name == "Chi bộ Sở Tư pháp tỉnh"
    tree["GC1"].refresh_from_db()
    assert tree["GC1"].name == "Chi bộ Sở Tư pháp tỉnh"


def test_it_rejects_a_change_before_a_later_recorded_one(
    tree: dict[str, Any], decision: Any
) -> None:
    actions.do_rename_organisation(
        tree["GC1"], new_name="Tên năm 2022", decision=decision(D2022), acting_user=None
    )
    refused(
        actions.do_rename_organisation,
        tree["GC1"],
        new_name="Tên năm 2021",
        decision=decision(D2021),
        acting_user=None,
        match="đã có thay đổi ngày 01/03/2022",
    )


def test_move_carries_the_subtree_and_keeps_the_old_tree(
    tree: dict[str, Any], decision: Any
) -> None:
    actions.do_move_organisation(
        tree["SUB1"], new_parent=tree["GK2"], decision=decision(D2021), acting_user=None
    )
    before = dt.date(2021, 5, 31)
    assert names_under(tree["GK1"], before) == {"GK1", "C11", "C12", "SUB1", "C13"}
    assert names_under(tree["GK1"], D2021) == {"GK1", "C11", "C12"}
    assert names_under(tree["GK2"], D2021) == {"GK2", "C21", "SUB1", "C13"}
    c13 = queries.version_at(tree["C13"], D2021)
    assert c13.path.startswith(queries.version_at(tree["GK2"], D2021).path)
    tree["C13"].refresh_from_db()
    assert tree["C13"].path == c13.path


def test_it_refuses_to_move_an_organisation_under_itself_or_a_descendant(
    tree: dict[str, Any], decision: Any
) -> None:
    refused(
        actions.do_move_organisation,
        tree["GK1"],
        new_parent=tree["GK1"],
        decision=decision(D2021),
        acting_user=None,
        match="chính nó",
    )
    refused(
        actions.do_move_organisation,
        tree["SUB1"],
        new_parent=tree["C13"],
        decision=decision(D2021),
        acting_user=None,
        match="chính nó",
    )


def test_convert_cell_to_grassroots_committee_moves_it_under_the_bloc(
    tree: dict[str, Any], decision: Any
) -> None:
    actions.do_convert_organisation(
        tree["C11"],
        new_kind=OrgKind.GRASSROOTS_COMMITTEE,
        new_parent=tree["BLOC"],
        decision=decision(D2021),
        acting_user=None,
    )
    version = queries.version_at(tree["C11"], D2021)
    assert version.kind == OrgKind.GRASSROOTS_COMMITTEE
    assert version.parent_id == tree["BLOC"].pk
    assert queries.version_at(tree["C11"], D2019 + dt.timedelta(days=200)).kind == OrgKind.CELL


def test_convert_grassroots_committee_to_cell_needs_its_children_handled(
    tree: dict[str, Any], decision: Any
) -> None:
    refused(
        actions.do_convert_organisation,
        tree["GK2"],
        new_kind=OrgKind.GRASSROOTS_CELL,
        decision=decision(D2021),
        acting_user=None,
        match="không thể có chi bộ trực thuộc",
    )
    actions.do_convert_organisation(
        tree["GK2"],
        new_kind=OrgKind.GRASSROOTS_CELL,
        absorb_children=True,
        decision=decision(D2021),
        acting_user=None,
    )
    assert names_under(tree["GK2"], D2021) == {"GK2"}
    tree["C21"].refresh_from_db()
    assert tree["C21"].ended_on == D2021
    assert tree["C21"].end_kind == Organisation.EndKind.MERGED


def test_convert_updates_the_parent_kind_of_children(tree: dict[str, Any], decision: Any) -> None:
    actions.do_convert_organisation(
        tree["SUB1"],
        new_kind=OrgKind.GRASSROOTS_COMMITTEE,
        new_parent=tree["BLOC"],
        decision=decision(D2021),
        acting_user=None,
    )
    assert queries.version_at(tree["C13"], D2021).parent_kind == OrgKind.GRASSROOTS_COMMITTEE
    counts = queries.counts_by_kind_and_parent_kind(tree["BLOC"], D2021)
    assert counts[(OrgKind.CELL, OrgKind.SUB_COMMITTEE)] == 0


def test_merge_into_an_existing_organisation(tree: dict[str, Any], decision: Any) -> None:
    actions.do_merge_organisations(
        [tree["C12"]], target=tree["C11"], decision=decision(D2021), acting_user=None
    )
    tree["C12"].refresh_from_db()
    assert not tree["C12"].is_active
    assert queries.version_at(tree["C12"], D2021) is None
    assert queries.version_at(tree["C12"], dt.date(2021, 5, 31)) is not None


def test_merge_two_grassroots_committees_into_a_new_one(
    tree: dict[str, Any], decision: Any
) -> None:
    new = actions.do_merge_organisations(
        [tree["GK1"], tree["GK2"]],
        new=actions.NewOrganisation(
            "GK9", "Đảng bộ Sở Y tế và Tài chính", OrgKind.GRASSROOTS_COMMITTEE, tree["BLOC"]
        ),
        decision=decision(D2021),
        acting_user=None,
    )
    assert names_under(new, D2021) == {"GK9", "C11", "C12", "SUB1", "C13", "C21"}
    assert queries.counts_by_kind(tree["BLOC"], D2021)[OrgKind.GRASSROOTS_COMMITTEE] == 1


def test_it_refuses_to_merge_an_organisation_into_itself(
    tree: dict[str, Any], decision: Any
) -> None:
    refused(
        actions.do_merge_organisations,
        [tree["C11"]],
        target=tree["C11"],
        decision=decision(D2021),
        acting_user=None,
        match="vào chính nó",
    )
    refused(
        actions.do_merge_organisations,
        [tree["SUB1"]],
        target=tree["C13"],
        decision=decision(D2021),
        acting_user=None,
        match="trực thuộc",
    )


def test_split_distributes_children(tree: dict[str, Any], decision: Any) -> None:
    parts = actions.do_split_organisation(
        tree["GK1"],
        parts=[
            actions.NewOrganisation(
                "GK1A",
                "Đảng bộ Sở Y tế",
                OrgKind.GRASSROOTS_COMMITTEE,
                children=[tree["C11"], tree["C12"]],
            ),
            actions.NewOrganisation(
                "GK1B",
                "Đảng bộ Bệnh viện tỉnh",
                OrgKind.GRASSROOTS_COMMITTEE,
                children=[tree["SUB1"]],
            ),
        ],
        decision=decision(D2021),
        acting_user=None,
    )
    assert names_under(parts[0], D2021) == {"GK1A", "C11", "C12"}
    assert names_under(parts[1], D2021) == {"GK1B", "SUB1", "C13"}
    assert queries.version_at(parts[0], D2021).parent_id == tree["BLOC"].pk


def test_split_refuses_an_unassigned_child(tree: dict[str, Any], decision: Any) -> None:
    refused(
        actions.do_split_organisation,
        tree["GK1"],
        parts=[
            actions.NewOrganisation(
                "GK1A", "A", OrgKind.GRASSROOTS_COMMITTEE, children=[tree["C11"]]
            ),
            actions.NewOrganisation("GK1B", "B", OrgKind.GRASSROOTS_COMMITTEE),
        ],
        decision=decision(D2021),
        acting_user=None,
        match="Hãy chọn tổ chức mới tiếp nhận",
    )


def test_dissolve_keeps_the_organisation_readable(tree: dict[str, Any], decision: Any) -> None:
    actions.do_dissolve_organisation(tree["C21"], decision=decision(D2021), acting_user=None)
    tree["C21"].refresh_from_db()
    assert tree["C21"].ended_on == D2021
    assert queries.version_at(tree["C21"], dt.date(2021, 5, 31)).name.startswith("Chi bộ")
    refused(
        actions.do_rename_organisation,
        tree["C21"],
        new_name="Sau giải thể",
        decision=decision(D2022),
        acting_user=None,
        match="đã kết thúc hoạt động",
    )


def test_dissolve_refuses_an_organisation_with_active_children(
    tree: dict[str, Any], decision: Any
) -> None:
    refused(
        actions.do_dissolve_organisation,
        tree["GK2"],
        decision=decision(D2021),
        acting_user=None,
        match="còn 1 tổ chức trực thuộc",
    )


def test_acting_on_a_dissolved_organisation_is_refused(tree: dict[str, Any], decision: Any) -> None:
    actions.do_dissolve_organisation(tree["GC2"], decision=decision(D2021), acting_user=None)
    refused(
        actions.do_move_organisation,
        tree["C11"],
        new_parent=tree["GC2"],
        decision=decision(D2022),
        acting_user=None,
        match="đã kết thúc hoạt động",
    )
