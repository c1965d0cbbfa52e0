"""Pages of the exchange: a member's package, receiving one, the trusted installations.

Issuing is a POST (it writes the package and its audit row), and answers with the file.
Receiving is upload, preview, confirm: the upload is checked and held server-side by its
checksum (`StagedPackage`), the preview reads it from there, and the confirmation reads the
same bytes again and checks them in full before anything is recorded, so nothing the
browser sends back (no member field, no history) is ever trusted.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dangvu.accounts.scoping import get_member_for_user, member_editable_organisations
from dangvu.core.errors import DomainError
from dangvu.exchange import actions, keys
from dangvu.exchange.forms import ConfirmForm, TrustForm, UploadForm
from dangvu.exchange.models import IssuedPackage, StagedPackage, TrustedInstallation
from dangvu.exchange.package import PackageError, expiry, paper_date, transfer_out_of
from dangvu.lib.text import search_key

SHA256 = re.compile(r"^[0-9a-f]{64}$")


@login_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """A member transferred out of the user's subtree: issue the package and download it."""
    member = get_member_for_user(request, pk, edit=True)
    error = ""
    if request.method == "POST":
        try:
            issued = actions.do_issue_package(member, acting_user=request.user)
        except DomainError as refusal:
            error = refusal.message
        else:
            # Only letters, digits and dashes reach the header, whatever the name holds.
            name = re.sub(r"[^a-z0-9]+", "-", search_key(member.full_name)).strip("-")
            name = name or "dang-vien"
            response = HttpResponse(bytes(issued.content), content_type="application/json")
            response["Content-Disposition"] = (
                f'attachment; filename="goi-ho-so-{name}-{issued.issued_at:%Y%m%d}.json"'
            )
            return response
    context: dict[str, Any] = {"member": member, "error": error, "has_key": keys.has_key()}
    try:
        event = transfer_out_of(member)
    except PackageError as refusal:
        context["not_eligible"] = refusal.message
    else:
        context |= {"event": event, "paper_date": paper_date(event), "expires": expiry(event)}
    context["issued"] = IssuedPackage.objects.filter(member=member).select_related("issued_by")
    return render(request, "exchange/export.html", context)


def _staged(request: HttpRequest, digest: str) -> StagedPackage | None:
    """The user's own held upload with this checksum, if its cell is still theirs."""
    if not SHA256.match(digest):
        return None
    staged = (
        StagedPackage.objects.select_related("organisation")
        .filter(uploaded_by=request.user, sha256=digest)
        .first()
    )
    if staged is None:
        return None
    if not member_editable_organisations(request.user).filter(pk=staged.organisation_id).exists():
        return None
    return staged


@login_required
@require_http_methods(["GET", "POST"])
def receive(request: HttpRequest) -> HttpResponse:
    if not member_editable_organisations(request.user).exists():
        raise Http404("Không có quyền ghi đảng viên")
    step = request.POST.get("hanh_dong") if request.method == "POST" else None
    upload = UploadForm(
        request.POST if step == "tai_len" else None,
        request.FILES if step == "tai_len" else None,
        user=request.user,
    )
    if step == "tai_len" and upload.is_valid():
        try:
            staged = actions.do_stage_package(
                upload.content(),
                organisation=upload.cleaned_data["organisation"],
                acting_user=request.user,
            )
        except DomainError as error:
            upload.add_domain_error(error)
        else:
            return redirect(f"{reverse('exchange:receive')}?goi={staged.sha256}")
    digest = str(request.POST.get("goi") if step == "xac_nhan" else request.GET.get("goi", ""))
    staged = _staged(request, digest) if digest else None
    if digest and staged is None and step != "tai_len":
        messages.warning(
            request, "Không tìm thấy gói hồ sơ đã tải lên (hoặc đã được dùng); hãy tải lên lại."
        )
    confirm = ConfirmForm(request.POST if step == "xac_nhan" else None, user=request.user)
    preview: dict[str, Any] | None = None
    if staged is not None:
        content = bytes(staged.content)
        if step == "xac_nhan" and confirm.is_valid():
            try:
                member = actions.do_receive_package(
                    content,
                    organisation=staged.organisation,
                    decision_number=confirm.cleaned_data["decision_number"],
                    decision_date=confirm.cleaned_data["decision_date"],
                    acting_user=request.user,
                )
            except DomainError as error:
                confirm.add_domain_error(error)
            else:
                messages.success(
                    request,
                    f"Đã tiếp nhận đồng chí {member.full_name} vào {staged.organisation.name}; "
                    "quá trình do đảng bộ nơi đi ghi được lưu kèm hồ sơ"
                    + (
                        " (hồ sơ đã có ở đây, giữ nguyên thông tin đang có)."
                        if _was_returning(member)
                        else "."
                    ),
                )
                return redirect(member)
        try:
            package, arrival = actions.check_package(content, acting_user=request.user)
        except DomainError as error:
            if not confirm.errors:
                confirm.add_domain_error(error)
            preview = {"refused": True}
        else:
            preview = {
                "package": package,
                "arrival": arrival,
                "member": package.member,
                "history": [
                    {**row, "date": dt.date.fromisoformat(row["date"])} for row in package.history
                ],
                "organisation": staged.organisation,
                "sha256": staged.sha256,
            }
    return render(
        request,
        "exchange/receive.html",
        {"upload": upload, "confirm": confirm, "preview": preview, "staged": staged},
    )


def _was_returning(member: Any) -> bool:
    """A record made from a package holds its arrival alone; one with more events is a
    record kept here that the member came back to."""
    return member.events.filter(voided_at__isnull=True).count() > 1


@login_required
@require_http_methods(["GET", "POST"])
def trusted(request: HttpRequest) -> HttpResponse:
    """The installations whose packages are accepted: administrators only."""
    if not request.user.is_superuser:
        raise Http404("Không tìm thấy trang")
    step = request.POST.get("hanh_dong") if request.method == "POST" else None
    form = TrustForm(request.POST if step == "them" else None, user=request.user)
    if step == "them" and form.is_valid():
        try:
            added = actions.do_trust_installation(
                form.cleaned_data["name"], form.cleaned_data["public_key"], acting_user=request.user
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"Đã tin cậy khóa của «{added.name}» (dấu vân tay "
                f"{keys.grouped(added.fingerprint)}).",
            )
            return redirect("exchange:trusted")
    if step == "thu_hoi":
        pk = str(request.POST.get("pk", ""))
        target = (
            TrustedInstallation.objects.filter(pk=int(pk)).first()
            if pk.isdigit() and len(pk) < 18
            else None
        )
        if target is None:
            messages.error(request, "Không tìm thấy khóa cần thu hồi; hãy tải lại trang.")
        else:
            try:
                actions.do_revoke_installation(target, acting_user=request.user)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, f"Đã thu hồi khóa của «{target.name}».")
                return redirect("exchange:trusted")
    own: dict[str, str] | None = None
    if keys.has_key():
        try:
            public = keys.private_key().public_key()
        except DomainError:
            own = None
        else:
            own = {
                "name": keys.installation_name(),
                "public_key": keys.public_key_b64(public),
                "fingerprint": keys.grouped(keys.fingerprint(public)),
            }
    rows = TrustedInstallation.objects.select_related("added_by", "revoked_by")
    return render(
        request,
        "exchange/trusted.html",
        {"form": form, "rows": rows, "own": own},
    )
