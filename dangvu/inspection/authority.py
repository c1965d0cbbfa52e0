"""Who may decide which form of discipline, from the dated rule `discipline.forms_by_issuing_level`.

Shared by the discipline decisions (inspection page and its import) and the member ledger's
discipline event (member page and the events import), so that every way of recording a
member's discipline checks the authority of the issuing body with the same function.
"""

from __future__ import annotations

import datetime as dt

from dangvu.core.errors import DomainError
from dangvu.core.rules import rule
from dangvu.inspection.models import Form, Level, Target
from dangvu.lib.vnformat import fmt_date
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion
from dangvu.orgs.queries import ancestors_at, version_at

# Which kinds of organisation have a body of each level.
LEVEL_KINDS: dict[str, tuple[str, ...]] = {
    Level.STANDING: (OrgKind.BLOC,),
    Level.COMMISSION: (OrgKind.BLOC,),
    Level.BOARD: (OrgKind.BLOC,),
    Level.GRASSROOTS: (OrgKind.GRASSROOTS_COMMITTEE,),
    Level.CELL: (OrgKind.CELL, OrgKind.GRASSROOTS_CELL),
}
# The bodies that decide a member's discipline (the boards of a committee do not).
MEMBER_LEVELS = (Level.STANDING, Level.COMMISSION, Level.GRASSROOTS, Level.CELL)
MEMBER_LEVEL_CHOICES = [(level.value, level.label) for level in MEMBER_LEVELS]


def check_authority(
    target: str,
    form: str,
    issuer: OrganisationVersion,
    issuing_level: str,
    day: dt.date,
    delegation: str,
) -> None:
    """The issuing body may decide `form` (Điều lệ Đảng, Điều 36–37), as the rule in force.

    A grassroots cell is a cell: it reprimands and warns and never expels. A grassroots
    committee expels only where the committee above delegated it the power to admit and
    expel, and the decision names the delegating decision.
    """
    group = "members" if target == Target.MEMBER else "organisations"
    authority = rule("discipline.forms_by_issuing_level", day)
    allowed = list(authority[group].get(issuing_level, []))
    delegable = (
        list(authority.get("delegated", {}).get(issuing_level, []))
        if target == Target.MEMBER
        else []
    )
    body = f"{Level(issuing_level).label} «{issuer.name}»"
    if issuing_level == Level.CELL:
        body = f"{issuer.kind_label} «{issuer.name}»"
    if form in delegable and form not in allowed:
        if not delegation:
            raise DomainError(
                f"{body} chỉ quyết định {Form(form).label.lower()} đảng viên khi được cấp ủy "
                "cấp trên ủy quyền quyết định kết nạp, khai trừ đảng viên; hãy ghi số, ngày "
                "quyết định ủy quyền, hoặc để cấp ủy cấp trên quyết định.",
                field="delegation",
            )
        return
    if delegation:
        raise DomainError(
            "Chỉ ghi quyết định ủy quyền khi đảng ủy cơ sở được ủy quyền quyết định khai trừ "
            "đảng viên; hãy để trống ô này.",
            field="delegation",
        )
    if form not in allowed:
        names = ", ".join(Form(f).label.lower() for f in allowed) or "không hình thức nào"
        extra = ""
        if delegable:
            extra = f" ({', '.join(Form(f).label.lower() for f in delegable)} khi được ủy quyền)"
        raise DomainError(
            f"{body} quyết định kỷ luật {Target(target).label.lower()} với hình thức: "
            f"{names}{extra}; không quyết định {Form(form).label.lower()}. Hãy chọn cơ quan "
            "có thẩm quyền (cấp ủy, ủy ban kiểm tra cấp trên).",
            field="form",
        )


def member_issuer(org: Organisation, issuing_level: str, day: dt.date) -> OrganisationVersion:
    """The body of `issuing_level` over a member of `org` on `day`.

    A cell: the member's own cell (a grassroots cell too); a grassroots committee: the one
    their cell belongs to; the standing committee or the inspection commission: of the
    committee above the grassroots (the bloc) their cell belongs to.
    """
    if issuing_level not in MEMBER_LEVELS:
        names = ", ".join(label.lower() for _, label in MEMBER_LEVEL_CHOICES)
        raise DomainError(f"Hãy chọn cơ quan quyết định kỷ luật: {names}.", field="issuing_level")
    own = version_at(org, day)
    if own is None:
        raise DomainError(
            f"«{org.name}» không hoạt động vào ngày {fmt_date(day)}.", field="issuing_level"
        )
    chain = [own] if issuing_level == Level.CELL else [own, *reversed(ancestors_at(org, day))]
    for version in chain:
        if version.kind in LEVEL_KINDS[issuing_level]:
            return version
    raise DomainError(
        f"Ngày {fmt_date(day)} «{own.name}» ({own.kind_label.lower()}) không có "
        f"{Level(issuing_level).label.lower()} cấp trên nào để quyết định kỷ luật; hãy chọn "
        "đúng cơ quan đã quyết định.",
        field="issuing_level",
    )
