"""The main menu, grouped by the party-building boards that own each page.

A board's record kinds enter the menu from their declarations (`RecordKind.menu`, placed
by `menu_order` in the section that gathers their app); a section lists by hand only the
pages that are not a kind's list (the tree, the due lists, plan against actual…)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # Shown only to users who may record members (None: everyone signed in).
    editors_only: bool = False
    # Its place among the section's record kinds (their `menu_order`).
    order: int = 0


@dataclass(frozen=True)
class NavSection:
    label: str
    items: tuple[NavItem, ...] = ()
    # The apps whose declared record kinds join this section.
    apps: tuple[str, ...] = ()

    def entries(self) -> list[NavItem]:
        from dangvu.core.records import kinds

        declared = [
            NavItem(kind.menu, kind.list_url, order=kind.menu_order)
            for kind in kinds()
            if kind.menu and (kind.menu_app or kind.model._meta.app_label) in self.apps
        ]
        return sorted([*self.items, *declared], key=lambda item: item.order)


MENU: tuple[NavSection, ...] = (
    # In the order of the clerk's work: the organisations and their members first, then each
    # board's records, then the reports drawn from them, the imports; the administration
    # links (users, trail, admin) follow in base.html.
    NavSection(
        "Tổ chức",
        (
            NavItem("Cây tổ chức đảng", "orgs:tree"),
            NavItem("Danh sách tổ chức", "orgs:list"),
            NavItem("Sắp xếp, kiện toàn", "orgs:restructurings"),
        ),
    ),
    NavSection(
        "Đảng viên",
        (
            NavItem("Danh sách đảng viên", "members:list"),
            NavItem("Việc đến hạn", "members:due"),
            NavItem("Quần chúng ưu tú", "members:candidates"),
            NavItem("Kết nạp đảng viên", "members:admit", editors_only=True),
            NavItem("Tiếp nhận chuyển đến", "members:transfer_in", editors_only=True),
            NavItem("Nhận gói hồ sơ chuyển đến", "exchange:receive", editors_only=True),
            NavItem("Ghi nhận đảng viên đầu kỳ", "members:existing", editors_only=True),
            NavItem("Giá trị chưa khớp danh mục", "members:unresolved", editors_only=True),
            NavItem("Lập giấy tờ đảng viên", "papers:bulk", editors_only=True),
            NavItem("Chuyển sinh hoạt chưa hoàn tất", "transit:due", order=35),
        ),
        apps=("members", "transit"),
    ),
    NavSection("Tuyên giáo", apps=("education",)),
    NavSection(
        "Văn phòng, Dân vận",
        (NavItem("Thực hiện chỉ tiêu", "office:plan_actual", order=20),),
        apps=("office",),
    ),
    NavSection(
        "Kiểm tra",
        (NavItem("Đơn quá hạn giải quyết", "inspection:complaints_due", order=50),),
        apps=("inspection",),
    ),
    NavSection("Cán bộ", apps=("personnel",)),
    NavSection(
        "Đảng phí",
        (
            NavItem("Thu đảng phí theo tháng", "dues:collect", order=10),
            NavItem("Chưa đóng, chưa nộp đảng phí", "dues:due", order=50),
            NavItem("Báo cáo thu, nộp đảng phí", "dues:report", order=60),
        ),
        apps=("dues",),
    ),
    NavSection(
        "Xếp loại",
        (
            NavItem("Đợt đánh giá, xếp loại", "rating:rounds", order=10),
            NavItem("Kết quả xếp loại", "rating:results", order=60),
            NavItem("Chưa xếp loại, không hoàn thành", "rating:due", order=70),
        ),
        apps=("rating",),
    ),
    NavSection(
        "Sinh hoạt chi bộ",
        (
            NavItem("Ghi buổi sinh hoạt", "meetings:record", editors_only=True, order=10),
            NavItem("Chất lượng sinh hoạt", "meetings:quality", order=60),
            NavItem("Chưa sinh hoạt, vắng không lý do", "meetings:due", order=70),
        ),
        apps=("meetings",),
    ),
    NavSection(
        "Đại hội",
        (
            NavItem("Tiến độ đại hội", "congresses:progress", order=60),
            NavItem("Nhiệm kỳ sắp hết, quá hạn", "congresses:due", order=70),
        ),
        apps=("congresses",),
    ),
    NavSection(
        "Báo cáo",
        (
            NavItem("Báo cáo năm", "reports:annual"),
            NavItem("Số liệu theo năm", "reports:figures"),
            NavItem("Biểu thống kê đảng viên", "stats:index"),
            NavItem("Báo cáo đã ban hành", "reports:issued"),
            NavItem("Việc đang chạy", "core:output_jobs"),
        ),
    ),
    NavSection(
        "Nhập dữ liệu",
        (NavItem("Nhập dữ liệu từ Excel", "core:import", editors_only=True),),
    ),
)


def menu_for(path: str, *, member_editor: bool) -> list[dict[str, object]]:
    sections = []
    for section in MENU:
        items = []
        for item in section.entries():
            if item.editors_only and not member_editor:
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            items.append({"label": item.label, "url": url, "active": path.startswith(url)})
        if items:
            sections.append(
                {"label": section.label, "items": items, "active": any(i["active"] for i in items)}
            )
    return sections
