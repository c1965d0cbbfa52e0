"""The main menu, grouped by the party-building boards that own each page."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str


@dataclass(frozen=True)
class NavSection:
    label: str
    items: tuple[NavItem, ...]


MENU: tuple[NavSection, ...] = (
    NavSection(
        "Tổ chức",
        (
            NavItem("Cây tổ chức đảng", "orgs:tree"),
            NavItem("Danh sách tổ chức", "orgs:list"),
            NavItem("Sắp xếp, kiện toàn", "orgs:restructurings"),
        ),
    ),
)


def menu_for(path: str) -> list[dict[str, object]]:
    sections = []
    for section in MENU:
        items = []
        for item in section.items:
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
