from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dangvu.core.dates import today
from dangvu.core.home import home_context


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What the signed-in person needs first: see `dangvu.core.home`."""
    return render(request, "core/home.html", home_context(request.user, today()))
