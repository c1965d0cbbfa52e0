"""Response headers that Django's SecurityMiddleware does not set, and requests refused
before any view reads them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, QueryDict

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


class NullCharacterMiddleware:
    """Ignore query parameters holding a null character; a path holding one is not found.

    No link of the application makes one, and PostgreSQL cannot compare text holding it
    (Django raises ValueError: a 500 on every list with a text filter). A junk filter is
    ignored like any other (see dangvu.core.listing); form fields refuse a null character
    beside the field (Django's validator, with the project's Vietnamese message), so only
    the query string and the path are handled here, before any view reads them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404("Không có trang này.")
        if any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            kept = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                clean = [v for v in values if "\x00" not in v]
                if clean and "\x00" not in key:  # a key with no value left is absent
                    kept.setlist(key, clean)
            kept._mutable = False
            request.GET = kept
        return self.get_response(request)
