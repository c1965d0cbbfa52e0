from pathlib import Path

from django.conf import settings

from dangvu.reports.management.commands.indicators_docs import render


def test_docs_indicators_md_is_generated_from_the_registry() -> None:
    committed = (Path(settings.BASE_DIR) / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert committed == render(), "run: python manage.py indicators_docs"
