"""The import kind `admin-units`: districts and communes with their dates and parents."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from dangvu.audit.models import AuditEvent
from dangvu.core.dates import FOREVER
from dangvu.core.importing import Report, get_kind, run_import
from dangvu.orgs.models import Organisation
from dangvu.vocab.lookup import label, match_unit, units_on
from dangvu.vocab.models import AdminUnit

pytestmark = pytest.mark.django_db

Level = AdminUnit.Level
KIND = "admin-units"


def sheet(rows: list[dict[str, Any]]) -> bytes:
    heads = [c.header for c in get_kind(KIND).columns]
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(heads)
    for row in rows:
        ws.append([row.get(h) for h in heads])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def load(rows: list[dict[str, Any]], user: Any, *, commit: bool = True) -> Report:
    return run_import(
        get_kind(KIND),
        sheet(rows),
        "don-vi.xlsx",
        user=user,
        scope=Organisation.objects.all(),
        commit=commit,
    )


def problems(report: Report) -> str:
    return "\n".join(f"{p.row} {p.column}: {p.message}" for p in report.problems)


def row(code: str, name: str, level: str, parent: str = "", **more: Any) -> dict[str, Any]:
    return {"Mã": code, "Tên": name, "Cấp": level, "Mã đơn vị cấp trên": parent, **more}


# Quảng Ninh (22): a district of 2024 and its commune, then the ward of 2025 under the
# province. Codes as in the statistics office's list (the names are what matter here).
DISTRICT = row("193", "Thành phố Hạ Long", "Thành phố thuộc tỉnh", "22")
COMMUNE = row("06652", "Phường Hồng Gai", "Phường", "193")
WARD_2025 = row("06653", "Phường Hồng Gai", "Xã", "22", **{"Từ ngày": "01/07/2025"})


class TestLoading:
    def test_a_district_its_commune_and_a_ward_after_the_reform(self, admin_user: Any) -> None:
        report = load([DISTRICT, COMMUNE, WARD_2025], admin_user)
        assert report.committed and report.created == 3, problems(report)
        district = AdminUnit.objects.get(level=Level.DISTRICT, code="193")
        assert district.parent.name == "Quảng Ninh"
        assert district.valid_to == dt.date(2025, 7, 1)  # districts end with the reform
        commune = AdminUnit.objects.get(code="06652")
        assert commune.parent == district and commune.valid_to == dt.date(2025, 7, 1)
        ward = AdminUnit.objects.get(code="06653")
        assert ward.parent.code == "22" and ward.valid_to == FOREVER
        quang_ninh = district.parent
        assert [u.name for u in units_on(Level.DISTRICT, dt.date(2025, 6, 30), quang_ninh)] == [
            "Thành phố Hạ Long"
        ]
        assert units_on(Level.DISTRICT, dt.date(2025, 7, 1), quang_ninh) == []
        assert match_unit("phường Hồng Gai", Level.COMMUNE, dt.date(2025, 7, 1)) == ward
        event = AuditEvent.objects.get(object_type="adminunit", object_id=str(ward.pk))
        assert event.user == admin_user

    def test_the_same_file_again_changes_nothing(self, admin_user: Any) -> None:
        load([DISTRICT, COMMUNE], admin_user)
        report = load([DISTRICT, COMMUNE], admin_user)
        assert report.committed and report.unchanged == 2 and report.created == 0

    def test_rows_in_any_order(self, admin_user: Any) -> None:
        report = load([COMMUNE, DISTRICT], admin_user)
        assert report.committed, problems(report)

    def test_level_words_and_codes_excel_shortened(self, admin_user: Any) -> None:
        report = load(
            [
                row(193, "Hạ Long", "huyen", 22),
                row(6652, "Hồng Gai", "XÃ, PHƯỜNG, THỊ TRẤN", 193),
            ],
            admin_user,
        )
        assert report.committed, problems(report)
        assert AdminUnit.objects.get(code="06652").parent.code == "193"

    def test_a_unit_that_changed_names_what_it_became(self, admin_user: Any) -> None:
        first = row("06652", "Phường Hồng Gai", "Xã", "193", **{"Đến ngày": "01/01/2020"})
        later = row("06999", "Phường Hồng Hà", "Xã", "193", **{"Từ ngày": "01/01/2020"})
        first["Mã đơn vị nay là"] = "06999"
        report = load([DISTRICT, first, later], admin_user)
        assert report.committed, problems(report)
        old = AdminUnit.objects.get(code="06652")
        assert old.successor.code == "06999"
        assert label(old, dt.date(2021, 1, 1)) == "Phường Hồng Gai (nay là Phường Hồng Hà)"

    def test_re_importing_a_unit_in_force_with_an_end_ends_it(self, admin_user: Any) -> None:
        load([DISTRICT, row("06652", "Phường Hồng Gai", "Xã", "193")], admin_user)
        load([row("06999", "Phường Hồng Hà", "Xã", "193", **{"Từ ngày": "01/01/2020"})], admin_user)
        # Refused first: 06999 starts 2020 while 06652 lasts; so end 06652 before.
        ended = row(
            "06652",
            "Phường Hồng Gai",
            "Xã",
            "193",
            **{"Đến ngày": "01/01/2020", "Mã đơn vị nay là": "06999"},
        )
        report = load([ended], admin_user)
        assert report.committed, problems(report)
        assert AdminUnit.objects.get(code="06652").successor.code == "06999"


class TestRefusals:
    def test_an_unknown_parent(self, admin_user: Any) -> None:
        report = load([row("06652", "Phường Hồng Gai", "Xã", "999")], admin_user)
        assert not report.committed
        assert "Không có huyện hoặc tỉnh mã «999» có hiệu lực ngày 03/02/1930" in problems(report)
        assert "Mã đơn vị cấp trên" in problems(report)

    def test_a_parent_not_in_force_on_the_start(self, admin_user: Any) -> None:
        # Bình Định (52) ended on 01/07/2025; code 52 is then Gia Lai.
        report = load(
            [
                row("500", "Huyện thử", "Huyện", "64", **{"Từ ngày": "01/01/2024"}),
                row("23000", "Xã thử", "Xã", "64", **{"Từ ngày": "01/07/2025"}),
            ],
            admin_user,
        )
        assert "Không có huyện hoặc tỉnh mã «64» có hiệu lực ngày 01/07/2025" in problems(report)

    def test_a_district_after_the_reform(self, admin_user: Any) -> None:
        late = row("194", "Huyện mới", "Huyện", "22", **{"Từ ngày": "01/08/2025"})
        report = load([late], admin_user)
        assert "Từ ngày: Cấp huyện không còn từ ngày 01/07/2025" in problems(report)
        lasting = row("195", "Huyện cũ", "Huyện", "22", **{"Đến ngày": "01/01/2026"})
        report = load([lasting], admin_user)
        assert "Cấp huyện không còn" in problems(report)

    def test_duplicate_code_at_the_same_date(self, admin_user: Any) -> None:
        load([DISTRICT], admin_user)
        report = load([row("193", "Tên khác", "Huyện", "22")], admin_user)
        assert "Mã «193» từ ngày 03/02/1930 đã là đơn vị «Thành phố Hạ Long»" in problems(report)
        report = load([DISTRICT, row("193", "Tên khác", "Huyện", "22")], admin_user)
        assert "đã là đơn vị «Thành phố Hạ Long»" in problems(report)

    def test_overlapping_dates_under_one_code(self, admin_user: Any) -> None:
        load([DISTRICT], admin_user)
        report = load(
            [row("193", "Hạ Long mới", "Huyện", "22", **{"Từ ngày": "01/01/2020"})], admin_user
        )
        assert "có hiệu lực trong cùng khoảng ngày" in problems(report)

    @pytest.mark.parametrize(
        ("cells", "message"),
        [
            ({"Cấp": "Thành phố"}, "có thể là cấp tỉnh hoặc cấp huyện"),
            ({"Cấp": "Thôn"}, "Cấp «Thôn» không hợp lệ"),
            ({"Mã đơn vị cấp trên": ""}, "Hãy ghi mã đơn vị cấp trên"),
            ({"Từ ngày": "01/01/2020", "Đến ngày": "01/01/2019"}, "phải sau «Từ ngày»"),
            ({"Từ ngày": "31/02/2020"}, "Từ ngày"),
        ],
    )
    def test_bad_cells(self, admin_user: Any, cells: dict[str, str], message: str) -> None:
        report = load([DISTRICT, COMMUNE | cells], admin_user)
        assert not report.committed
        assert message in problems(report)

    def test_a_unit_in_force_has_no_successor(self, admin_user: Any) -> None:
        report = load([WARD_2025 | {"Mã đơn vị nay là": "06999"}], admin_user)
        assert "chưa có đơn vị «nay là»" in problems(report)

    def test_a_commune_of_a_province_with_districts_before_the_reform(
        self, admin_user: Any
    ) -> None:
        report = load([DISTRICT, row("06652", "Phường Hồng Gai", "Xã", "22")], admin_user)
        assert "ghi mã huyện làm đơn vị cấp trên" in problems(report)

    def test_administrators_only(self, admin_user: Any, cast: dict[str, Any]) -> None:
        report = load([DISTRICT], cast["officer"])
        assert "Chỉ quản trị viên nạp được đơn vị hành chính" in problems(report)
        assert not AdminUnit.objects.filter(code="193").exists()

    def test_a_preview_writes_nothing(self, admin_user: Any) -> None:
        report = load([DISTRICT], admin_user, commit=False)
        assert report.ok and not report.committed
        assert not AdminUnit.objects.filter(code="193").exists()
