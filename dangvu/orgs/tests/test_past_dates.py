"""Every organisation page at a past date starts from the tree of that date.

Issue 13, point 17 (and DESIGN.md, "Time is first class": a report for 2023 run in 2026
shows 2023 as it was, on the 2023 tree). The bloc below was dissolved on 01/03/2025, its
grassroots organisations moved to a committee founded that day: at 31/12/2023 the pages
start from the bloc, with everything then under it; a date before an organisation's
founding or after its end is said in words, with the dates, not shown as zeros.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.accounts.models import Role
from dangvu.orgs.tests.dissolved_bloc import NEW_CODE, NEW_NAME, dissolve_bloc

pytestmark = pytest.mark.django_db

BLOC_NAME = "Đảng bộ Khối các cơ quan tỉnh"
PAST = "2023-12-31"


@pytest.fixture
def new_committee(tree: dict[str, Any], decision: Any) -> Any:
    return dissolve_bloc(tree, decision)


@pytest.fixture
def admin_client(client: Client, admin_user: Any) -> Client:
    client.force_login(admin_user)
    return client


@pytest.fixture
def new_committee_officer(new_committee: Any, django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user("tochuc_moi", password="Mat-khau-2024!")
    Role.objects.create(user=user, organisation=new_committee, kind=Role.Kind.BOARD_ORGANISATION)
    return user


def page(client: Client, name: str, *args: str, **query: str) -> str:
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_tree_at_a_past_date_starts_from_the_roots_of_that_date(
    admin_client: Client, new_committee: Any
) -> None:
    past = page(admin_client, "orgs:tree", ngay=PAST)
    assert BLOC_NAME in past
    for name in ("Chi bộ Sở Tư pháp", "Chi bộ Sở Ngoại vụ", "Đảng bộ Sở Y tế"):
        assert name in past
    # Two grassroots cells and two grassroots committees under the bloc in 2023.
    assert "02 chi bộ cơ sở" in past and "02 đảng bộ cơ sở" in past
    assert NEW_NAME not in past
    now = page(admin_client, "orgs:tree")
    assert NEW_NAME in now and BLOC_NAME not in now


def test_the_tree_at_a_past_date_for_a_committee_founded_later_shows_what_is_now_under_it(
    client: Client, new_committee_officer: Any
) -> None:
    client.force_login(new_committee_officer)
    past = page(client, "orgs:tree", ngay=PAST)
    # The organisations now under the new committee, as they stood in 2023.
    for name in ("Chi bộ Sở Tư pháp", "Đảng bộ Sở Y tế", "Đảng bộ Sở Tài chính"):
        assert name in past
    assert "Không có tổ chức nào trong phạm vi" not in past


def test_the_tree_rooted_at_an_organisation_not_yet_founded_says_when_it_was(
    admin_client: Client, new_committee: Any
) -> None:
    body = page(admin_client, "orgs:tree", ngay=PAST, root=NEW_CODE)
    assert f"Tổ chức {NEW_NAME} được thành lập ngày 01/03/2025" in body
    assert "ngày xem 31/12/2023 trước ngày thành lập" in body


def test_the_children_fragment_of_a_dissolved_bloc_at_a_past_date(
    admin_client: Client, new_committee: Any
) -> None:
    body = page(admin_client, "orgs:children", "BLOC", ngay=PAST)
    assert "Đảng bộ Sở Tài chính" in body and "Chi bộ Sở Ngoại vụ" in body


def test_the_detail_of_a_dissolved_bloc_at_a_past_date_shows_it_as_it_was(
    admin_client: Client, new_committee: Any
) -> None:
    body = page(admin_client, "orgs:detail", "BLOC", ngay=PAST)
    assert 'data-testid="member-counts"' in body
    assert "Đảng bộ Sở Y tế" in body and 'data-testid="absent"' not in body


def test_the_detail_before_founding_and_after_the_end_says_so_with_the_dates(
    admin_client: Client, new_committee: Any
) -> None:
    before = page(admin_client, "orgs:detail", NEW_CODE, ngay=PAST)
    assert f"Tổ chức {NEW_NAME} được thành lập ngày 01/03/2025" in before
    assert 'data-testid="member-counts"' not in before
    after = page(admin_client, "orgs:detail", "BLOC", ngay="2025-06-30")
    assert "kết thúc hoạt động từ ngày 01/03/2025" in after
    assert "ngày xem 30/06/2025 sau khi tổ chức kết thúc hoạt động" in after
    assert 'data-testid="member-counts"' not in after


def test_the_detail_of_a_year_partly_lived_says_which_days_its_figures_cover(
    admin_client: Client, new_committee: Any
) -> None:
    body = page(admin_client, "orgs:detail", NEW_CODE, ngay="2025-06-30")
    assert "chỉ gồm phần từ ngày 01/03/2025 đến ngày 30/06/2025" in body


def test_the_member_list_at_a_past_date_starts_from_the_root_of_that_date(
    admin_client: Client, new_committee: Any
) -> None:
    body = page(admin_client, "members:list", ngay=PAST)
    assert "Trần Thị Lưu Trữ" in body and "Lê Văn Khối Cũ" in body
    assert BLOC_NAME in body


def test_the_member_list_of_an_organisation_not_yet_founded_says_so(
    admin_client: Client, new_committee: Any
) -> None:
    body = page(admin_client, "members:list", ngay=PAST, to_chuc=NEW_CODE)
    assert f"Tổ chức {NEW_NAME} được thành lập ngày 01/03/2025" in body
    after = page(admin_client, "members:list", ngay="2025-06-30", to_chuc="BLOC")
    assert "kết thúc hoạt động từ ngày 01/03/2025" in after


def test_members_of_the_new_committee_at_a_past_date_are_found_under_their_old_bloc(
    client: Client, new_committee_officer: Any
) -> None:
    client.force_login(new_committee_officer)
    body = page(client, "members:list", ngay=PAST)
    assert "Trần Thị Lưu Trữ" in body or "Lê Văn Khối Cũ" in body


def test_the_member_list_at_a_past_date_names_each_members_cell_as_it_was(
    admin_client: Client, tree: dict[str, Any], new_committee: Any, decision: Any
) -> None:
    from dangvu.orgs import actions

    actions.do_rename_organisation(
        tree["C11"],
        new_name="Chi bộ Văn phòng Sở Y tế và Dân số",
        decision=decision(dt.date(2025, 6, 1)),
        acting_user=None,
    )
    past = page(admin_client, "members:list", ngay=PAST)
    assert "Chi bộ Văn phòng Sở Y tế<" in past or "Chi bộ Văn phòng Sở Y tế\n" in past
    assert "Chi bộ Văn phòng Sở Y tế và Dân số" not in past
    assert "Chi bộ Văn phòng Sở Y tế và Dân số" in page(admin_client, "members:list")
