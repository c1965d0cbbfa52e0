"""The main menu, grouped by the party-building boards that own each page."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # Shown only to users who may record members (None: everyone signed in).
    editors_only: bool = False


@dataclass(frozen=True)
class NavSection:
    label: str
    items: tuple[NavItem, ...]


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
            NavItem("Ghi nhận đảng viên đầu kỳ", "members:existing", editors_only=True),
        ),
    ),
    NavSection(
        "Tuyên giáo",
        (
            NavItem("Lớp bồi dưỡng chính trị", "education:classes"),
            NavItem("Hội nghị, hoạt động", "education:conferences"),
            NavItem("Học tập nghị quyết", "education:resolutions"),
            NavItem("Hội thi, cuộc thi", "education:contests"),
        ),
    ),
    NavSection(
        "Văn phòng, Dân vận",
        (
            NavItem("Chương trình, kế hoạch", "office:plans"),
            NavItem("Thực hiện chỉ tiêu", "office:plan_actual"),
            NavItem("Sổ đăng ký văn bản", "office:documents"),
            NavItem("Khen thưởng", "office:commendations"),
            NavItem("Tổ chức đoàn thể", "office:massorgs"),
            NavItem("Đại hội đoàn thể", "office:congresses"),
            NavItem("Xếp loại đoàn thể", "office:ratings"),
        ),
    ),
    NavSection(
        "Kiểm tra",
        (
            NavItem("Kiểm tra, giám sát", "inspection:inspections"),
            NavItem("Chương trình kiểm tra, giám sát", "inspection:programmes"),
            NavItem("Kỷ luật", "inspection:disciplines"),
            NavItem("Khiếu nại, tố cáo", "inspection:complaints"),
            NavItem("Đơn quá hạn giải quyết", "inspection:complaints_due"),
        ),
    ),
    NavSection(
        "Cán bộ",
        (
            NavItem("Cấp ủy, Ủy ban Kiểm tra", "personnel:committees"),
            NavItem("Cấp ủy viên", "personnel:seats"),
            NavItem("Quyết định kiện toàn", "personnel:decisions"),
            NavItem("Giao quyền, phụ trách", "personnel:acting"),
            NavItem("Nhận xét, đánh giá cán bộ", "personnel:evaluations"),
            NavItem("Kết luận tiêu chuẩn chính trị", "personnel:conclusions"),
            NavItem("Dự sinh hoạt chi bộ", "personnel:attendances"),
        ),
    ),
    NavSection(
        "Báo cáo",
        (
            NavItem("Báo cáo năm", "reports:annual"),
            NavItem("Số liệu theo năm", "reports:figures"),
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
        for item in section.items:
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
