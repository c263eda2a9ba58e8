"""Shared fixtures: a real index of the bundled corpus, built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Nothing in the test suite may reach the network: make any hub lookup fail fast instead.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from advisor.config import REPO_ROOT, Settings  # noqa: E402

SHARED_DATASETS = Path(os.environ.get("ADVISOR_SHARED_DATASETS", REPO_ROOT.parent / "shared" / "datasets"))


def make_settings(data_dir: Path, **overrides) -> Settings:
    """Settings isolated from the developer's environment and advisor.toml."""
    return Settings(data_dir=data_dir, corpus_dir=REPO_ROOT / "corpus", **overrides)


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose data_dir holds a real index of the bundled corpus (read-only for tests)."""
    from advisor.ingest.indexer import ingest

    settings = make_settings(tmp_path_factory.mktemp("built-index"))
    report = ingest(settings, progress=False)
    assert not report.failed, report.failed
    return settings


@pytest.fixture(scope="session")
def retriever(built_settings: Settings):
    from advisor.retrieval.hybrid import Retriever

    return Retriever(built_settings)


@pytest.fixture()
def fresh_settings(tmp_path: Path) -> Settings:
    """Settings with an empty data directory of the test's own."""
    return make_settings(tmp_path / "data")


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    if not SHARED_DATASETS.is_dir():
        pytest.skip(f"real PDFs not available: {SHARED_DATASETS} is missing (set ADVISOR_SHARED_DATASETS)")
    return SHARED_DATASETS
