from __future__ import annotations

from django.http import HttpRequest

from dangvu.core.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, object]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_menu": []}
    from dangvu.accounts.scoping import member_editable_organisations

    editor = member_editable_organisations(request.user).exists()
    return {"nav_menu": menu_for(request.path, member_editor=editor)}
