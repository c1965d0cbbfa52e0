"""The page of record values that match no vocabulary value, with bulk fixing (being built)."""

from django.http import Http404, HttpRequest, HttpResponse


def unresolved(request: HttpRequest) -> HttpResponse:
    raise Http404
