"""The document register: numbering per series and committee term, and refusals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.models import RuleVersion
from dangvu.education.voiding import do_void
from dangvu.office import documents
from dangvu.office.documents import next_number, term_of
from dangvu.office.models import Document
from dangvu.office.tests.helpers import document, issued_plan

pytestmark = pytest.mark.django_db


def test_terms_are_dated_rule_data_an_administrator_can_move() -> None:
    assert term_of(dt.date(2020, 6, 30)) == "2015 - 2020"
    assert term_of(dt.date(2020, 7, 1)) == "2020 - 2025"
    assert term_of(dt.date(2025, 9, 1)) == "2025 - 2030"
    # The committee actually held its 2020 congress earlier, on 15/06/2020.
    RuleVersion.objects.create(
        key=documents.TERM_RULE, effective_from=dt.date(2020, 6, 15), value="2020 - 2025"
    )
    assert term_of(dt.date(2020, 6, 20)) == "2020 - 2025"
    with pytest.raises(DomainError) as error:
        term_of(dt.date(2001, 1, 1))
    assert error.value.field == "term"


def test_numbers_restart_per_kind_and_term(tree: dict[str, Any]) -> None:
    gk1 = tree["GK1"]
    assert next_number(gk1, "BC", dt.date(2024, 1, 10)) == 1
    first = document(gk1, dt.date(2024, 1, 10), "BC")
    assert first.full_number == "01-BC/ĐU" and first.term == "2020 - 2025"
    document(gk1, dt.date(2024, 2, 1), "BC")
    assert next_number(gk1, "BC", dt.date(2024, 3, 1)) == 3
    assert next_number(gk1, "KH", dt.date(2024, 3, 1)) == 1  # another kind
    assert next_number(tree["GK2"], "BC", dt.date(2024, 3, 1)) == 1  # another issuer
    assert next_number(gk1, "BC", dt.date(2024, 3, 1), symbol="BTCĐU") == 1  # another body
    assert next_number(gk1, "BC", dt.date(2025, 12, 1)) == 1  # the next term
    assert next_number(gk1, "BC", dt.date(2025, 12, 1), term="2020 - 2025") == 3
    assert document(gk1, dt.date(2025, 12, 1), "BC").full_number == "01-BC/ĐU"
    # The bloc signs "ĐUK", a cell "CB"; the symbol used most becomes the default.
    assert document(tree["BLOC"], dt.date(2024, 1, 5), "KH").full_number == "01-KH/ĐUK"
    assert document(tree["C11"], dt.date(2024, 1, 5), "BB").full_number == "01-BB/CB"
    document(gk1, dt.date(2025, 12, 2), "TB", symbol="btcđu")
    assert documents.default_symbol(gk1) == "ĐU"
    document(tree["C12"], dt.date(2024, 1, 5), "BB", symbol="CBTT")
    assert documents.default_symbol(tree["C12"]) == "CBTT"
    # A voided entry frees its number.
    last = document(gk1, dt.date(2024, 3, 1), "BC")
    assert last.number == 3
    do_void(last, reason="Vào sổ nhầm", acting_user=None)
    assert next_number(gk1, "BC", dt.date(2024, 3, 2)) == 3


def test_a_number_already_used_in_the_series_is_refused(tree: dict[str, Any]) -> None:
    gk1 = tree["GK1"]
    document(gk1, dt.date(2024, 1, 10), "BC", number=15)
    with pytest.raises(DomainError, match="Số 15-BC/ĐU nhiệm kỳ 2020 - 2025 đã dùng") as e:
        document(gk1, dt.date(2024, 5, 10), "BC", number=15)
    assert e.value.field == "number" and "số tiếp theo của báo cáo là 16" in e.value.message
    # The same number in another series is fine.
    document(gk1, dt.date(2024, 5, 10), "KH", number=15)
    document(gk1, dt.date(2025, 9, 10), "BC", number=15)
    assert Document.objects.count() == 3


def test_refusals(tree: dict[str, Any], cast: dict[str, Any]) -> None:
    gk1 = tree["GK1"]
    cases: list[tuple[dict[str, Any], str]] = [
        ({"kind": "XX"}, "kind"),
        ({"summary": "  "}, "summary"),
        ({"date": today() + dt.timedelta(days=1)}, "date"),
        ({"date": dt.date(2019, 6, 1)}, "date"),  # before GK1 was founded
        ({"number": 0}, "number"),
        ({"number": 10000}, "number"),
        ({"symbol": "Đ/U"}, "symbol"),
        ({"term": "2020"}, "term"),
        ({"term": "2020 - 2035"}, "term"),
        ({"term": "2025 - 2030"}, "term"),  # the date lies in another term
        ({"acting_user": cast["cell"]}, "issuer"),
    ]
    for kw, field in cases:
        args: dict[str, Any] = {
            "issuer": gk1,
            "kind": "BC",
            "date": dt.date(2024, 1, 10),
            "summary": "Báo cáo",
            "acting_user": None,
        }
        with pytest.raises(DomainError) as error:
            documents.do_register_document(**{**args, **kw})
        assert error.value.field == field, (kw, error.value.message)
    assert Document.objects.count() == 0
    with pytest.raises(DomainError, match="dạng «15-BC/ĐU»"):
        documents.parse_full_number("BC 15")
    assert documents.parse_full_number(" 7 - qđi / ĐU ") == (7, "QĐi", "ĐU")


def test_a_document_that_issued_a_plan_is_not_voided_first(tree: dict[str, Any]) -> None:
    plan = issued_plan(tree["GK1"], 2024)
    assert plan.document is not None
    with pytest.raises(DomainError, match="hãy hủy kế hoạch đó trước"):
        documents.check_voidable(plan.document)
    do_void(plan, reason="Nhầm", acting_user=None)
    documents.check_voidable(plan.document)


def test_a_number_taken_meanwhile_is_refused_not_crashed(
    tree: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    document(tree["GK1"], dt.date(2024, 1, 10), "BC")
    # Another user's entry lands between the check and the write: the check sees nothing.
    monkeypatch.setattr(documents, "_series", lambda *args: Document.objects.none())
    with pytest.raises(DomainError, match="vừa được vào sổ") as error:
        document(tree["GK1"], dt.date(2024, 1, 11), "BC")
    assert error.value.field == "number" and Document.objects.count() == 1
