"""Settings: defaults, ADVISOR_ environment variables, and the optional TOML file."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.config import Settings


def test_env_overrides_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("ADVISOR_TOP_K", "7")
    settings = Settings()
    assert settings.data_dir == tmp_path / "d"
    assert settings.index_dir == tmp_path / "d" / "index"
    assert settings.database_path == tmp_path / "d" / "advisor.sqlite3"
    assert settings.top_k == 7


def test_toml_file_is_read_and_env_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    toml = tmp_path / "advisor.toml"
    toml.write_text('top_k = 9\nllm_backend = "openai"\nembed_allowed_origins = ["https://www.pref.example.jp"]\n', encoding="utf-8")
    monkeypatch.setenv("ADVISOR_CONFIG", str(toml))
    settings = Settings()
    assert settings.top_k == 9
    assert settings.llm_backend == "openai"
    assert settings.embed_allowed_origins == ["https://www.pref.example.jp"]
    monkeypatch.setenv("ADVISOR_TOP_K", "3")
    assert Settings().top_k == 3


def test_invalid_value_is_rejected_with_the_field_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_LLM_BACKEND", "gpt-magic")
    with pytest.raises(ValueError, match="llm_backend"):
        Settings()


def test_two_data_dirs_are_independent(tmp_path: Path) -> None:
    a, b = Settings(data_dir=tmp_path / "a"), Settings(data_dir=tmp_path / "b")
    assert a.index_dir != b.index_dir and a.database_path != b.database_path


def test_turn_concurrency_follows_the_backend_unless_set(monkeypatch):
    monkeypatch.delenv("ADVISOR_UI_CONCURRENCY", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert Settings(llm_backend="none").turn_concurrency == 2  # CPU-bound turns: one per core
    monkeypatch.setattr("os.cpu_count", lambda: 16)
    assert Settings(llm_backend="none").turn_concurrency == 16
    monkeypatch.setattr("os.cpu_count", lambda: None)
    assert Settings(llm_backend="none").turn_concurrency == 2
    assert Settings(llm_backend="openai").turn_concurrency == 8  # turns wait on the LLM server
    assert Settings(llm_backend="none", ui_concurrency=5).turn_concurrency == 5
    monkeypatch.setenv("ADVISOR_UI_CONCURRENCY", "3")
    assert Settings(llm_backend="openai").turn_concurrency == 3
