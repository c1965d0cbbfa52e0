"""Response headers that Django's SecurityMiddleware does not set, and requests refused
before any view reads them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# No inline script or style anywhere: every script and stylesheet is a static file.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


NULL_CHARACTER_MESSAGE = (
    "Địa chỉ trang có ký tự rỗng (mã 0), không thể là một bộ lọc hợp lệ. "
    "Hãy mở lại trang từ thanh điều hướng."
)


class NullCharacterMiddleware:
    """Refuse a path or query string holding a null character: 400, in Vietnamese.

    No link of the application makes one, and PostgreSQL cannot compare text holding it
    (Django raises ValueError, a 500 on every list with a text filter). Form fields refuse
    it beside the field (Django's validator, with the project's Vietnamese message), so
    only the query string and the path are checked here, before any view reads them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            return render(request, "400.html", {"message": NULL_CHARACTER_MESSAGE}, status=400)
        return self.get_response(request)
