from pathlib import Path

from django.conf import settings

from dangvu.core.management.commands.import_docs import render


def test_docs_import_md_is_generated_from_the_declarations() -> None:
    committed = (Path(settings.BASE_DIR) / "docs" / "import.md").read_text(encoding="utf-8")
    assert committed == render(), "run: python manage.py import_docs"
