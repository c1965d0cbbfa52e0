"""The audit search, for administrators only."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dangvu.audit.models import AuditEvent
from dangvu.core import listing


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise Http404("Chỉ quản trị viên xem được nhật ký")
    qs = AuditEvent.objects.select_related("user")
    q = request.GET.get("q", "").strip()
    action = request.GET.get("hanh_dong", "")
    start, end = listing.day(request, "tu"), listing.day(request, "den")
    if q:
        match = Q(username__icontains=q) | Q(object_repr__icontains=q) | Q(note__icontains=q)
        if _is_ip(q):
            match |= Q(ip=q)
        qs = qs.filter(match)
    if action in AuditEvent.Action.values:
        qs = qs.filter(action=action)
    tz = timezone.get_current_timezone()
    if start:
        qs = qs.filter(at__gte=dt.datetime.combine(start, dt.time.min, tz))
    if end:
        qs = qs.filter(at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tz))
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "audit/search.html",
        {
            "page": page,
            "q": q,
            "action": action,
            "actions": AuditEvent.Action.choices,
            "start": start,
            "end": end,
        },
    )


def _is_ip(text: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
