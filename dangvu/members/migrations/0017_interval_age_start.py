"""Fill the party-age start of every membership interval from the member's history.

A copy of `ledger.age_starts` (a migration keeps the logic it ran with): the first admission
decision, else the first interval's start, moved on by the interruption the file brought
and by each gap before the interval that rule "members.party_age_counting" (as in force
today, an administrator's version included) does not count as membership.
"""

import datetime as dt

from django.db import migrations

CHUNK = 2000
KEY = "members.party_age_counting"
# The shipped value of the rule (the same in every version up to this migration).
SHIPPED_GAPS = [["TRANSFER_OUT", "TRANSFER_IN"], ["EXPELLED", "RESTORED"]]


def _counting(apps):  # type: ignore[no-untyped-def]
    rule_version = apps.get_model("core", "RuleVersion")
    row = (
        rule_version.objects.filter(key=KEY, effective_from__lte=dt.date.today())
        .order_by("-effective_from")
        .values_list("value", flat=True)
        .first()
    )
    gaps = row.get("membership_gaps") if isinstance(row, dict) else None
    return {(end, start) for end, start in (gaps or SHIPPED_GAPS)}


def _starts(member, rows, counting):  # type: ignore[no-untyped-def]
    start = member.admission_decision_date or min(r.valid_from for r in rows)
    gap = 0
    if member.earlier_left_date and member.readmission_date:
        gap += max(0, (member.readmission_date - member.earlier_left_date).days)
    ordered = sorted(rows, key=lambda r: (r.valid_from, r.valid_to))
    prev = ordered[0]
    ordered[0].age_start = start + dt.timedelta(days=gap)
    for cur in ordered[1:]:
        if cur.valid_from > prev.valid_to and (prev.end_kind, cur.start_kind) not in counting:
            gap += (cur.valid_from - prev.valid_to).days
        if cur.valid_to >= prev.valid_to:
            prev = cur
        cur.age_start = start + dt.timedelta(days=gap)


def fill_age_start(apps, schema_editor):  # type: ignore[no-untyped-def]
    member_model = apps.get_model("members", "Member")
    interval_model = apps.get_model("members", "MembershipInterval")
    counting = _counting(apps)
    last = 0
    while True:
        members = list(
            member_model.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "admission_decision_date", "earlier_left_date", "readmission_date")[:CHUNK]
        )
        if not members:
            break
        last = members[-1].pk
        rows_of: dict[int, list] = {m.pk: [] for m in members}
        for row in interval_model.objects.filter(member_id__in=list(rows_of)).only(
            "pk", "member_id", "valid_from", "valid_to", "start_kind", "end_kind", "age_start"
        ):
            rows_of[row.member_id].append(row)
        changed = []
        for member in members:
            rows = rows_of[member.pk]
            if rows:
                _starts(member, rows, counting)
                changed.extend(rows)
        interval_model.objects.bulk_update(changed, ["age_start"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0016_drop_free_text"),
        ("core", "0003_vietnamese_admin_labels"),
    ]

    operations = [migrations.RunPython(fill_age_start, migrations.RunPython.noop)]
