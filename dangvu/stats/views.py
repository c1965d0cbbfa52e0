"""The statistical tables of the member forms: pages and Excel downloads (being built)."""

from django.http import Http404, HttpRequest, HttpResponse


def index(request: HttpRequest) -> HttpResponse:
    raise Http404


def workbook(request: HttpRequest) -> HttpResponse:
    raise Http404


def table(request: HttpRequest, code: str) -> HttpResponse:
    raise Http404


def download(request: HttpRequest, code: str) -> HttpResponse:
    raise Http404
