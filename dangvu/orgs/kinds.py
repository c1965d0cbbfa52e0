"""Kinds of party organisation."""

from __future__ import annotations

from django.db import models


class OrgKind(models.TextChoices):
    BLOC = "BLOC", "Đảng bộ cấp trên cơ sở"
    GRASSROOTS_CELL = "GRASSROOTS_CELL", "Chi bộ cơ sở"
    GRASSROOTS_COMMITTEE = "GRASSROOTS_COMMITTEE", "Đảng bộ cơ sở"
    SUB_COMMITTEE = "SUB_COMMITTEE", "Đảng bộ bộ phận"
    CELL = "CELL", "Chi bộ trực thuộc"
    GROUP = "GROUP", "Tổ đảng"


class UnitType(models.TextChoices):
    """The kind of unit a grassroots organisation stands in (loại hình tổ chức cơ sở đảng).

    Some rules differ by it: what a grassroots organisation keeps of the party dues it
    collects (a commune's or ward's keeps more than an agency's or an enterprise's)."""

    COMMUNE = "COMMUNE", "Xã, phường, thị trấn, đặc khu"
    AGENCY = "AGENCY", "Cơ quan hành chính, đơn vị sự nghiệp"
    ENTERPRISE = "ENTERPRISE", "Doanh nghiệp, hợp tác xã"
    ARMED = "ARMED", "Quân đội, Công an"
    OTHER = "OTHER", "Loại hình đơn vị khác"


GRASSROOTS_KINDS = (OrgKind.GRASSROOTS_CELL, OrgKind.GRASSROOTS_COMMITTEE)

# Plural labels for counts ("26 chi bộ cơ sở").
KIND_PLURAL = {
    OrgKind.BLOC: "đảng bộ cấp trên cơ sở",
    OrgKind.GRASSROOTS_CELL: "chi bộ cơ sở",
    OrgKind.GRASSROOTS_COMMITTEE: "đảng bộ cơ sở",
    OrgKind.SUB_COMMITTEE: "đảng bộ bộ phận",
    OrgKind.CELL: "chi bộ trực thuộc",
    OrgKind.GROUP: "tổ đảng",
}
