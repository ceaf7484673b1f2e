"""The notebook's settings are parsed once per change of config.yaml (a JSON cache)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from custnote.core.notebook import config
from custnote.core.notebook.config import NotebookConfig
from custnote.core.notebook.stamps import RACY_NS

SETTINGS = "phone_region: US\nlog_kinds: [call, visit, 相談]\ndormant_days: 30\n"


def backdate(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10 * RACY_NS))


@pytest.fixture
def settings(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(SETTINGS, "utf-8")
    backdate(path)
    return path


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "_parse_settings", lambda p: pytest.fail(f"parsed {p}"))


def test_unchanged_settings_come_from_the_cache(settings, tmp_path, monkeypatch):
    cache = tmp_path / "cache" / "config.json"
    first = NotebookConfig.load(settings, cache)
    assert (first.phone_region, first.log_kinds, first.dormant_days) == (
        "US",
        ("call", "visit", "相談"),
        30,
    )
    no_parsing(monkeypatch)
    assert NotebookConfig.load(settings, cache) == first


def test_an_edit_is_read_even_at_the_same_size(settings, tmp_path):
    cache = tmp_path / "config.json"
    NotebookConfig.load(settings, cache)
    settings.write_text(SETTINGS.replace("US", "GB"), "utf-8")
    assert NotebookConfig.load(settings, cache).phone_region == "GB"


def test_a_file_edited_just_now_is_not_cached(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(SETTINGS, "utf-8")  # a second edit within the mtime tick could hide
    NotebookConfig.load(path, tmp_path / "config.json")
    assert not (tmp_path / "config.json").exists()


def test_settings_json_would_change_are_not_cached(tmp_path, monkeypatch):
    path = tmp_path / "config.yaml"
    path.write_text("since: 2025-01-01\ncustom_fields: {1: text}\n", "utf-8")
    backdate(path)
    cache = tmp_path / "config.json"
    loaded = NotebookConfig.load(path, cache)
    assert not cache.exists()
    assert NotebookConfig.load(path, cache) == loaded


def test_a_damaged_cache_is_ignored(settings, tmp_path):
    cache = tmp_path / "config.json"
    cache.write_text("{not json", "utf-8")
    assert NotebookConfig.load(settings, cache).phone_region == "US"
    assert NotebookConfig.load(settings, cache).phone_region == "US"


def test_the_notebook_keeps_its_cache_in_the_cache_folder(notebook, yamada, cli):
    path = notebook.root / ".custnote" / "config.yaml"
    backdate(path)
    assert cli("show yamada").exit_code == 0
    assert (notebook.cache_dir / "config.json").is_file()
