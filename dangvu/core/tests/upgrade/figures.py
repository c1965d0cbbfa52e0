"""Print, as JSON, every registered indicator of a past year for the top organisation.

Run from the root of a release's checkout, with that release's environment, against the
database named by DATABASE_URL: `python <this file> YEAR [YYYY-MM-DD]`. The optional day
is the date the computation takes as today (the day the fixture was made), so that the
old and the new release read the same year on the same day. Only the registry's oldest
interface is used (`indicators`, `value`, `computation`, `Period.year`), so that the same
script reads both the previous release and this one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from decimal import Decimal
from typing import Any

# The release whose figures are read is the checkout the script runs from, not wherever
# this file lies.
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")


def plain(number: Any) -> Any:
    """A figure's number as JSON keeps it exactly (a Decimal as its text)."""
    if isinstance(number, Decimal):
        return {"decimal": str(number)}
    return number


def figures(year: int) -> dict[str, Any]:
    from dangvu.reports import annual, registry

    org = annual.top_organisation(dt.date(year, 12, 31))
    period = registry.Period.year(year)
    out: dict[str, Any] = {}
    with registry.computation():
        for indicator in registry.indicators():
            figure = registry.value(indicator.code, org, period)
            out[indicator.code] = {
                "value": plain(figure.value),
                "breakdown": {str(k): plain(v) for k, v in figure.breakdown.items()},
            }
    return {"organisation": org.code, "year": year, "figures": out}


def main() -> None:
    import django

    django.setup()
    year = int(sys.argv[1])
    if len(sys.argv) > 2:
        import time_machine

        # Noon local time of that day, so that the installation's date is that day.
        on = dt.datetime.fromisoformat(sys.argv[2]).replace(hour=5)
        with time_machine.travel(on.replace(tzinfo=dt.UTC), tick=False):
            result = figures(year)
    else:
        result = figures(year)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
