"""The user's own choice of how often to receive the digest of what falls due."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from dangvu.accounts.digest import do_set_digest_preference, preference_of
from dangvu.accounts.forms import DigestForm
from dangvu.accounts.models import DigestPreference

ANCHOR = "thu-nhac-viec"


def initial_for(user: Any) -> dict[str, Any]:
    """What the form shows: the user's choice, or the default (weekly when they have an
    address, not receiving otherwise, which the form accepts as shown)."""
    preference = preference_of(user)
    frequency = preference.frequency
    if preference.pk is None and not user.email:
        frequency = DigestPreference.Frequency.NEVER
    return {"frequency": frequency, "email": user.email}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def digest_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = DigestForm(request.POST)
        if form.is_valid():
            do_set_digest_preference(
                user, frequency=form.cleaned_data["frequency"], email=form.cleaned_data["email"]
            )
            messages.success(request, "Đã lưu cách nhận thư nhắc việc.")
            return redirect(f"{reverse('accounts:security')}#{ANCHOR}")
    else:
        form = DigestForm(initial=initial_for(user))
    return render(request, "accounts/digest.html", {"form": form})
