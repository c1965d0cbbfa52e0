"""The page of record values that match no vocabulary value, with bulk fixing.

For an organisation the user may correct member records in (their highest by default):
the texts the upgrade could not match, grouped by field and text with their number of
records; one choice per group fixes every record of the subtree with that text.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.core.dates import today
from dangvu.members import unresolved as un
from dangvu.orgs.models import Organisation

PER_PAGE = 50


def _organisation(request: HttpRequest, code: str) -> Organisation:
    """The organisation named by `code` (or the user's highest) among those the user may
    correct member records in; 404 otherwise, as for any organisation out of scope."""
    code = code.split(" — ")[0].strip().upper()
    if code:
        org = member_editable_organisations(request.user).filter(code=code).first()
    else:
        org = un.default_organisation(request.user)
    if org is None:
        raise Http404("Không tìm thấy tổ chức trong phạm vi được sửa lý lịch đảng viên")
    return org


def _text(raw: str) -> str | None:
    """A recorded text as a parameter may carry it; None when no record could hold it."""
    if not raw or len(raw) > 255 or "\x00" in raw:
        return None
    return raw


def _address(org: Organisation, field: str = "", text: str = "") -> str:
    query = {"to_chuc": org.code} | ({"truong": field} if field else {})
    query |= {"gia_tri_cu": text} if text else {}
    return f"{reverse('members:unresolved')}?{urlencode(query)}"


@login_required
@require_http_methods(["GET", "POST"])
def unresolved(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    org = _organisation(request, data.get("to_chuc", ""))
    # The filter by field: the page's own, or the one the page was showing when posted.
    field = _field(request, data.get("loc" if request.method == "POST" else "truong", ""))
    if request.method == "POST" and _resolve(request, org):
        return redirect(_address(org, field))
    shown_text = _text(request.GET.get("gia_tri_cu", "")) if field else None
    groups = un.groups(org, request.user, field)
    page = Paginator(groups, PER_PAGE).get_page(request.GET.get("trang"))
    options = {f: un.choices(f, today()) for f in {g.field for g in page} if f in un.FIELDS}
    rows = [(g, options.get(g.field, []), _address(org, g.field, g.text)) for g in page]
    return render(
        request,
        "members/unresolved.html",
        {
            "org": org,
            "field": field,
            "fields": list(un.FIELDS.items()),
            "page": page,
            "rows": rows,
            "shown_text": shown_text,
            "shown_records": (
                un.records(org, request.user, field, shown_text) if shown_text else []
            ),
            "total": sum(g.count for g in groups),
        },
    )


def _field(request: HttpRequest, field: str) -> str:
    if field and field not in un.FIELDS:
        messages.warning(request, "Trường cần lọc không có trong danh sách; đang hiển thị tất cả.")
        return ""
    return field


def _resolve(request: HttpRequest, org: Organisation) -> bool:
    """Apply the choice posted for one group; False (with the reason said) when refused."""
    field = request.POST.get("truong", "")
    text = _text(request.POST.get("gia_tri_cu", ""))
    raw_value = request.POST.get("gia_tri", "").strip()
    if field not in un.FIELDS:
        messages.error(request, "Chưa rõ trường cần sửa; hãy bấm «Áp dụng» trên dòng của nhóm.")
        return False
    if text is None:
        messages.error(request, "Giá trị đã ghi không hợp lệ; hãy tải lại trang và chọn lại.")
        return False
    if not raw_value:
        messages.error(request, f"Hãy chọn giá trị danh mục cho «{text}» trước khi áp dụng.")
        return False
    value = (
        un.target(field, int(raw_value)) if raw_value.isascii() and raw_value.isdigit() else None
    )
    if value is None:
        messages.error(
            request,
            f"Giá trị đã chọn cho «{text}» không có trong danh mục đang áp dụng; hãy chọn lại.",
        )
        return False
    fixed = un.do_resolve(org, request.user, field, text, value, acting_user=request.user)
    if fixed:
        messages.success(
            request, f"Đã sửa {fixed} hồ sơ: {un.FIELDS[field].label.lower()} «{text}» là {value}."
        )
    else:
        messages.info(request, f"Không còn hồ sơ nào ghi «{text}» cần sửa trong phạm vi này.")
    return True
