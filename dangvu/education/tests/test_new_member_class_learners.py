"""A new-member class counts only members admitted by the day it ended (issue point 7).

Hướng dẫn 01-HD/TW ngày 28/9/2021 (bồi dưỡng lý luận chính trị cho đảng viên mới): the class
is for those already admitted; a learner admitted after the class ended is an impossible
record, refused through the class page and the learners import alike, naming both dates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from dangvu.core.errors import DomainError
from dangvu.education import actions
from dangvu.education.models import ClassLearner
from dangvu.education.tests.helpers import klass
from dangvu.members.tests.factories import admit, existing
from dangvu.members.tests.sheets import load, problems
from dangvu.orgs.models import Organisation

pytestmark = pytest.mark.django_db

WORDS = "được kết nạp ngày 10/05/2024, sau ngày bế giảng lớp «Lớp đảng viên mới» (08/03/2024)"


@pytest.fixture
def course(tree: dict[str, Any]) -> Any:
    return klass(tree["BLOC"], dt.date(2024, 3, 4), dt.date(2024, 3, 8))


def test_the_action_refuses_a_learner_admitted_after_the_class(
    tree: dict[str, Any], course: Any
) -> None:
    late = admit(tree["C11"], dt.date(2024, 5, 10), "Lê Vào Muộn")
    with pytest.raises(DomainError) as error:
        actions.do_add_learner(course, member=late, acting_user=None)
    assert WORDS in error.value.message
    # Admitted on the last day, or long before (on the file brought by the roll): counted.
    on_time = admit(tree["C11"], dt.date(2024, 3, 8))
    actions.do_add_learner(course, member=on_time, acting_user=None)
    old = existing(tree["C12"], dt.date(2020, 1, 1), dt.date(2015, 4, 2))
    actions.do_add_learner(course, member=old, acting_user=None)
    assert ClassLearner.objects.count() == 2


def test_the_class_page_refuses_it(
    client: Client, admin_user: Any, tree: dict[str, Any], course: Any
) -> None:
    admit(tree["C11"], dt.date(2024, 5, 10), "Lê Vào Muộn")
    client.force_login(admin_user)
    response = client.post(course.get_absolute_url(), {"person": "Lê Vào Muộn"})
    assert response.status_code == 200
    assert WORDS in response.content.decode()
    assert not ClassLearner.objects.exists()


def test_the_learners_import_refuses_it(admin_user: Any, tree: dict[str, Any], course: Any) -> None:
    admit(tree["C11"], dt.date(2024, 5, 10), "Lê Vào Muộn")
    row = {
        "Tên lớp": course.name,
        "Đơn vị tổ chức": "BLOC",
        "Ngày khai giảng": "04/03/2024",
        "Họ và tên": "Lê Vào Muộn",
        "Ngày sinh": "17/05/1990",
        "Hoàn thành": "Có",
    }
    report = load("class-learners", [row], admin_user, scope=Organisation.objects.all())
    assert WORDS in problems(report)
    assert not ClassLearner.objects.exists()
