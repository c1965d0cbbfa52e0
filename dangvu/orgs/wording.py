"""How the party's documents name a conversion of an organisation's kind.

Party reports write "chuyển 02 chi bộ thành đảng bộ cơ sở và 01 đảng bộ cơ sở thành chi
bộ cơ sở": a conversion is named by the kinds before and after, never as a change of
"loại hình" (an administrative term the party's texts do not use).
"""

from __future__ import annotations

from dangvu.orgs.kinds import OrgKind

# The decision's name in lists, the register of decisions and the import's choices.
CONVERT = "Chuyển chi bộ thành đảng bộ, đảng bộ thành chi bộ"

# The conversion each kind usually undergoes (a grassroots cell grown to 30 members
# becomes a grassroots committee; a shrunken one the reverse).
USUAL_TARGET = {
    OrgKind.GRASSROOTS_CELL: OrgKind.GRASSROOTS_COMMITTEE,
    OrgKind.GRASSROOTS_COMMITTEE: OrgKind.GRASSROOTS_CELL,
    OrgKind.CELL: OrgKind.SUB_COMMITTEE,
    OrgKind.SUB_COMMITTEE: OrgKind.CELL,
}


def convert_button(kind: str) -> str:
    """The button on an organisation's page ("Chuyển thành đảng bộ cơ sở")."""
    target = USUAL_TARGET.get(OrgKind(kind)) if kind in OrgKind.values else None
    return f"Chuyển thành {target.label.lower()}" if target else CONVERT


def convert_title(name: str, kind: str) -> str:
    """The title of the conversion page ("Chuyển Chi bộ Sở Tư pháp thành đảng bộ cơ sở")."""
    target = USUAL_TARGET.get(OrgKind(kind)) if kind in OrgKind.values else None
    if target is None:
        return f"Chuyển {name} thành chi bộ hoặc đảng bộ"
    return f"Chuyển {name} thành {target.label.lower()}"
