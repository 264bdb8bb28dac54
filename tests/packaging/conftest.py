"""Packaging test fixtures: the programs these tests start never read or write the user's settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.conftest import translations_tool
from ui.i18n import LANGUAGE_ENV
from ui.settings import CONFIG_DIR_ENV


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.mktemp("settings")
    monkeypatch.setenv(CONFIG_DIR_ENV, str(folder))
    monkeypatch.setenv(LANGUAGE_ENV, "en")  # whatever the locale of the machine running the tests
    return folder


@pytest.fixture(scope="session")
def built_translations() -> list[Path]:
    """The .qm files built from the current .ts, where the app looks for them (as bootstrap.sh does)."""
    return list(translations_tool().compile_translations())
