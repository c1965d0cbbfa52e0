"""The vocabularies' pages for administrators (being built)."""

from django.http import Http404, HttpRequest, HttpResponse


def index(request: HttpRequest) -> HttpResponse:
    raise Http404


def units(request: HttpRequest) -> HttpResponse:
    raise Http404


def values(request: HttpRequest, vocabulary: str) -> HttpResponse:
    raise Http404


def add(request: HttpRequest, vocabulary: str) -> HttpResponse:
    raise Http404


def retire(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
