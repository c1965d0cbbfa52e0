"""Load the acceptance data: every file through its import, in order, as an administrator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dangvu.core.importing import Report, get_kind, run_import
from dangvu.orgs.models import Organisation
from dangvu.reports.tests.acceptance.build import Data, write


def load(data: Data, directory: Path, user: Any) -> list[Report]:
    """Import every file of `data` (written to `directory`); each must create all its rows."""
    reports = []
    for item, path in zip(data.files, write(data, directory), strict=True):
        report = run_import(
            get_kind(item.kind),
            path.read_bytes(),
            path.name,
            user=user,
            scope=Organisation.objects.all(),
            commit=True,
        )
        assert report.ok and report.committed, "\n".join([path.name, *report.lines()[:30]])
        assert report.created == len(item.rows), (path.name, report.lines()[:5])
        reports.append(report)
    return reports
