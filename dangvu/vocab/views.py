"""The vocabularies' pages: every user signed in reads them; administrators change them.

A value is added from a date and ended from a date, never deleted nor renamed (records
keep the value they were written with). The administrative units are read here and loaded
by the import kind `admin-units`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvu.core import listing
from dangvu.core.dates import FOREVER, today
from dangvu.core.errors import DomainError
from dangvu.lib.vnformat import fmt_date
from dangvu.vocab import data
from dangvu.vocab.actions import do_add_value, do_retire_value, groups_of
from dangvu.vocab.forms import RetireForm, ValueForm
from dangvu.vocab.lookup import current
from dangvu.vocab.models import AdminUnit, Vocabulary, VocabularyValue

_BY_SLUG = {slug: vocabulary for vocabulary, slug in data.SLUGS.items()}


def _vocabulary(slug: str) -> str:
    """The vocabulary an address names (its slug, or its code in any case); 404 if none."""
    if slug in _BY_SLUG:
        return _BY_SLUG[slug]
    if slug.upper() in Vocabulary.values:
        return slug.upper()
    raise Http404("Không có danh mục này")


def _admin_only(request: HttpRequest) -> None:
    if not request.user.is_superuser:
        raise Http404("Chỉ quản trị viên")


def _values_url(vocabulary: str) -> str:
    return reverse("vocab:values", args=[data.SLUGS[vocabulary]])


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    on = today()
    in_force = Counter(VocabularyValue.objects.valid_on(on).values_list("vocabulary", flat=True))
    ended = Counter(
        VocabularyValue.objects.filter(valid_to__lte=on).values_list("vocabulary", flat=True)
    )
    vocabularies = [
        {
            "label": label,
            "url": _values_url(code),
            "in_force": in_force.get(code, 0),
            "ended": ended.get(code, 0),
        }
        for code, label in Vocabulary.choices
    ]
    units = Counter(
        AdminUnit.objects.filter(valid_from__lte=on, valid_to__gt=on).values_list(
            "level", flat=True
        )
    )
    levels = [(label, units.get(level, 0)) for level, label in AdminUnit.Level.choices]
    return render(
        request,
        "vocab/index.html",
        {"vocabularies": vocabularies, "levels": levels, "on": on},
    )


def _holders(vocabulary: str) -> dict[int, tuple[int, int]]:
    """Per value of `vocabulary`: how many member records and candidates hold it."""
    from dangvu.members.models import AdmissionCandidate, Member

    field = data.RECORD_FIELDS[vocabulary]
    counts: dict[int, list[int]] = {}
    for i, model in enumerate((Member, AdmissionCandidate)):
        rows = (
            model.objects.filter(**{f"{field}__isnull": False})
            .values_list(field)
            .annotate(n=Count("pk"))
            .order_by()
        )
        for pk, n in rows:
            counts.setdefault(pk, [0, 0])[i] = n
    return {pk: (m, c) for pk, (m, c) in counts.items()}


@login_required
@require_GET
def values(request: HttpRequest, vocabulary: str) -> HttpResponse:
    code = _vocabulary(vocabulary)
    on = today()
    rows = list(VocabularyValue.objects.of(code).order_by("order", "name"))
    admin = request.user.is_superuser
    holders = _holders(code) if admin else {}
    group_names = dict(groups_of(code))
    shown = [
        {
            "value": v,
            "in_force": v.valid_from <= on < v.valid_to,
            "future": v.valid_from > on,
            "ends": None if v.valid_to >= FOREVER else v.valid_to,
            "group": group_names.get(v.group, ""),
            "members": holders.get(v.pk, (0, 0))[0],
            "candidates": holders.get(v.pk, (0, 0))[1],
            "input_id": f"valid-to-{v.pk}",
        }
        for v in rows
    ]
    return render(
        request,
        "vocab/values.html",
        {
            "label": Vocabulary(code).label,
            "slug": data.SLUGS[code],
            "rows": [r for r in shown if r["ends"] is None or r["ends"] > on],
            "ended": [r for r in shown if r["ends"] is not None and r["ends"] <= on],
            "has_groups": bool(group_names),
            "admin": admin,
            "on": on,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, vocabulary: str) -> HttpResponse:
    _admin_only(request)
    code = _vocabulary(vocabulary)
    form = ValueForm(request.POST or None, user=request.user, vocabulary=code)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            value = do_add_value(
                vocabulary=code,
                code=cleaned["code"],
                name=cleaned["name"],
                aliases=cleaned["aliases"],
                group=cleaned.get("group", ""),
                order=cleaned["order"],
                valid_from=cleaned["valid_from"],
                source=cleaned["source"],
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"Đã thêm «{value.name}» (mã {value.code}), áp dụng từ ngày "
                f"{fmt_date(value.valid_from)}.",
            )
            return redirect(_values_url(code))
    label = Vocabulary(code).label
    return render(
        request,
        "vocab/add.html",
        {
            "form": form,
            "title": f"Thêm giá trị vào danh mục {label.lower()}",
            "label": label,
            "back": _values_url(code),
        },
    )


@login_required
@require_POST
def retire(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_only(request)
    value = VocabularyValue.objects.filter(pk=pk).first()
    if value is None:
        raise Http404("Không tìm thấy giá trị")
    back = _values_url(value.vocabulary)
    form = RetireForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"«{value.name}»: {error}")
        return redirect(back)
    try:
        do_retire_value(
            value=value, valid_to=form.cleaned_data["valid_to"], acting_user=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"«{value.name}» ngừng áp dụng từ ngày {fmt_date(form.cleaned_data['valid_to'])}; "
            "hồ sơ đã ghi giá trị này vẫn giữ nguyên.",
        )
    return redirect(back)


@login_required
@require_GET
def units(request: HttpRequest) -> HttpResponse:
    asked = request.GET.get("ngay")
    on = listing.day(request, "ngay")
    bad_day = bool(asked) and on is None
    on = on or today()
    provinces = list(
        AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).select_related("successor")
    )
    in_force = sorted(
        (u for u in provinces if u.valid_from <= on < u.valid_to), key=lambda u: u.code
    )
    children = _children_counts([u.pk for u in in_force], on)
    ended: list[dict[str, Any]] = []
    for unit in sorted(
        (u for u in provinces if u.valid_to <= on), key=lambda u: (u.valid_to, u.code)
    ):
        now = current(unit, on)
        ended.append({"unit": unit, "now": now if now.pk != unit.pk else None})
    return render(
        request,
        "vocab/units.html",
        {
            "on": on,
            "bad_day": bad_day,
            "asked": asked,
            "provinces": [
                {"unit": u, "districts": children[u.pk][0], "communes": children[u.pk][1]}
                for u in in_force
            ],
            "ended": ended,
            "admin": request.user.is_superuser,
        },
    )


def _children_counts(province_ids: list[int], on: dt.date) -> dict[int, tuple[int, int]]:
    """Per province: its districts and its communes in force on `on` (a commune under a
    district counts for the district's province)."""
    Level = AdminUnit.Level
    live = AdminUnit.objects.filter(valid_from__lte=on, valid_to__gt=on)
    districts = Counter(
        live.filter(level=Level.DISTRICT, parent_id__in=province_ids).values_list(
            "parent_id", flat=True
        )
    )
    direct = Counter(
        live.filter(level=Level.COMMUNE, parent_id__in=province_ids).values_list(
            "parent_id", flat=True
        )
    )
    through = Counter(
        live.filter(level=Level.COMMUNE, parent__parent_id__in=province_ids).values_list(
            "parent__parent_id", flat=True
        )
    )
    return {pk: (districts[pk], direct[pk] + through[pk]) for pk in province_ids}
