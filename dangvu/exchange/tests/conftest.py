from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dangvu.exchange import keys


@pytest.fixture
def signing_key(tmp_path: Path, settings: Any) -> Path:
    """This installation's key, made in a folder of the test's own."""
    settings.DANGVU_EXCHANGE_KEY_FILE = tmp_path / "exchange" / "signing-key.pem"
    return keys.create_key()
