"""`advisor sources sync` against a real local HTTP server (tests/sources_server.py).

Generated Japanese PDFs (real reportlab output, parsed by real pypdf) are served next to the
failure cases a publisher's site produces: 404, a response slower than the timeout, an HTML page
with status 200, a truncated PDF, a redirect, a wrong content type. Sync must download, verify
and ingest the good ones, report one line per source, do nothing on a second run, re-ingest
only a changed PDF (the answer then cites the new version) and never lose a previous version.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from advisor.chains.answer import answer_question
from advisor.index.format import current_generation, read_manifest
from advisor.sources import list_sources, read_state, state_path
from advisor.ingest.sync import sync
from advisor.retrieval.hybrid import Retriever

from tests.conftest import tiny_settings
from tests.pdf_factory import cid_font_pdf
from tests.sources_server import Route, SourcesServer

PROGRAM_V1 = [
    ["テスト設備補助金 公募要領", "（第5次公募）", "公募期間：2026年2月6日（金）～5月8日（金）17:00（厳守）", "テスト設備補助金事務局"],
    ["補助上限額", "テスト設備補助金の補助上限額は従業員20人以下で800万円です。", "補助率は2分の1です。"],
]
PROGRAM_V2 = [
    ["テスト設備補助金 公募要領", "（第6次公募）", "公募期間：2026年9月1日（火）～11月20日（金）17:00（厳守）", "テスト設備補助金事務局"],
    ["補助上限額", "テスト設備補助金の補助上限額は従業員20人以下で1,200万円です。", "補助率は3分の2です。"],
]
OTHER = [["テスト販路補助金 公募要領", "申請締切：2026年7月31日（金）17:00", "テスト販路補助金は展示会出展の経費を補助します。"]]


def _pdf(tmp: Path, name: str, pages: list[list[str]]) -> bytes:
    return cid_font_pdf(tmp / name, pages).read_bytes()


def _entry(source_id: str, url: str, program: str = "test-program", **extra) -> dict:
    return {"id": source_id, "program": program, "kind": "公募要領", "round": extra.pop("round", ""),
            "title": f"{source_id} 公募要領", "issuer": "テスト事務局", "url": url, "date": "2026-02-06",
            "file": f"{source_id}.pdf"} | extra


@pytest.fixture()
def world(tmp_path: Path):
    """A server with good and failing routes, a registry pointing at it, and tiny-corpus settings."""
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    v1, v2, other = _pdf(pdfs, "v1.pdf", PROGRAM_V1), _pdf(pdfs, "v2.pdf", PROGRAM_V2), _pdf(pdfs, "o.pdf", OTHER)
    with SourcesServer() as server:
        server.routes = {
            "/setsubi.pdf": Route("pdf", v1),
            "/old/hanro.pdf": Route("redirect", target="/new/hanro.pdf"),
            "/new/hanro.pdf": Route("pdf", other),
            "/gone.pdf": Route("404"),
            "/slow.pdf": Route("slow", v1, delay_s=1.5),
            "/maintenance.pdf": Route("html"),
            "/cut.pdf": Route("truncated", v1),
            "/image.pdf": Route("type", v1),
        }
        registry = tmp_path / "registry.yaml"
        entries = [
            _entry("setsubi-5", server.url("/setsubi.pdf"), round="第5次", site="https://example.invalid/setsubi/"),
            _entry("hanro-1", server.url("/old/hanro.pdf"), program="hanro"),
            _entry("gone", server.url("/gone.pdf")),
            _entry("slow", server.url("/slow.pdf")),
            _entry("maintenance", server.url("/maintenance.pdf")),
            _entry("cut", server.url("/cut.pdf")),
            _entry("image", server.url("/image.pdf")),
            _entry("no-url", "", url_note="公式URL不明"),
        ]
        registry.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True), encoding="utf-8")
        settings = tiny_settings(tmp_path, sync_timeout_s=0.5, sync_retries=2, sync_retry_backoff_s=0.01,
                                 registry_file=registry)
        yield settings, server, registry, {"v1": v1, "v2": v2}


def _outcomes(report) -> dict[str, str]:
    return {r.id: r.outcome for r in report.results}


def _reasons(report) -> dict[str, str]:
    return {r.id: r.reason for r in report.results}


def test_sync_downloads_verifies_ingests_and_second_run_changes_nothing(world):
    settings, server, registry, _ = world
    first = sync(settings)
    assert _outcomes(first) == {
        "setsubi-5": "downloaded", "hanro-1": "downloaded", "gone": "failed", "slow": "failed",
        "maintenance": "failed", "cut": "failed", "image": "failed", "no-url": "skipped",
    }
    reasons = _reasons(first)
    assert "HTTP 404" in reasons["gone"]
    assert "timed out" in reasons["slow"] and "2 attempts" in reasons["slow"]
    assert "HTML" in reasons["maintenance"]
    assert "cut short" in reasons["cut"] or "truncated" in reasons["cut"]
    assert "content type" in reasons["image"]
    assert not first.offline
    # One line per source, then the ingest and summary lines.
    lines = first.lines()
    assert sum(1 for line in lines if line.startswith(("setsubi-5", "hanro-1", "gone", "slow", "maintenance", "cut", "image", "no-url"))) == 8

    gen = current_generation(settings.index_dir)
    manifest = read_manifest(gen)
    indexed = {entry["source"]["id"] for entry in manifest["files"].values()}
    assert {"setsubi-5", "hanro-1", "tiny-shoryokuka"} <= indexed  # the bundled corpus came along
    hits = Retriever(settings).search("テスト設備補助金の補助上限額", k=3)
    assert hits and hits[0].source.id == "setsubi-5" and hits[0].chunk.page == 2
    state = read_state(settings)
    assert state["setsubi-5"]["period"]["end"] == "2026-05-08T17:00"
    assert "公募期間" in state["setsubi-5"]["evidence"]["period"]
    assert Path(state["hanro-1"]["path"]).read_bytes().startswith(b"%PDF-")
    assert "HTTP 404" in state["gone"]["last_error"] and "sha256" not in state["gone"]  # shown in the admin view

    second = sync(settings)
    assert _outcomes(second)["setsubi-5"] == "unchanged" and _outcomes(second)["hanro-1"] == "unchanged"
    assert second.ingest_summary == ""
    assert current_generation(settings.index_dir) == gen


def test_changed_pdf_reingests_only_that_source_and_answer_cites_the_new_version(world):
    settings, server, _registry, pdfs = world
    sync(settings)
    gen_before = current_generation(settings.index_dir)
    hanro_chunks = [e["chunk_ids"] for e in read_manifest(gen_before)["files"].values() if e["source"]["id"] == "hanro-1"]
    old_path = Path(read_state(settings)["setsubi-5"]["path"])

    server.routes["/setsubi.pdf"] = Route("pdf", pdfs["v2"])
    report = sync(settings)
    assert _outcomes(report)["setsubi-5"] == "new version"
    assert _outcomes(report)["hanro-1"] == "unchanged"
    assert "1 changed documents (added 0, updated 1" in report.ingest_summary
    manifest = read_manifest(current_generation(settings.index_dir))
    assert [e["chunk_ids"] for e in manifest["files"].values() if e["source"]["id"] == "hanro-1"] == hanro_chunks
    state = read_state(settings)["setsubi-5"]
    assert state["period"]["end"] == "2026-11-20T17:00"
    assert len(state["archive"]) == 1
    archived = Path(state["archive"][0]["path"])
    assert archived.read_bytes() == pdfs["v1"] and "archive" in archived.parts
    assert old_path.read_bytes() == pdfs["v2"]

    answer = answer_question("テスト設備補助金の補助上限額は？", settings=settings, retriever=Retriever(settings), catalog=None, llm=None)
    assert "1,200万円" in answer.text and "800万円" not in answer.text
    assert any(c.source_id == "setsubi-5" for c in answer.citations)


def test_failed_download_never_removes_the_previous_version(world):
    settings, server, _registry, pdfs = world
    sync(settings)
    before = read_state(settings)["setsubi-5"]
    gen = current_generation(settings.index_dir)
    for kind in ("html", "truncated", "404"):
        server.routes["/setsubi.pdf"] = Route(kind, pdfs["v2"])
        report = sync(settings, only="test-program")
        assert _outcomes(report)["setsubi-5"] == "failed", kind
        after = read_state(settings)["setsubi-5"]
        assert after["sha256"] == before["sha256"] and Path(after["path"]).read_bytes() == pdfs["v1"]
        assert after["last_error"]
        assert current_generation(settings.index_dir) == gen
    hits = Retriever(settings).search("テスト設備補助金の補助上限額", k=3)
    assert "800万円" in hits[0].chunk.text


def test_offline_leaves_index_and_state_untouched(world, tmp_path):
    settings, server, registry, _ = world
    sync(settings, only="hanro")
    state_before = state_path(settings).read_bytes()
    gen = current_generation(settings.index_dir)
    dead = tmp_path / "dead.yaml"
    entries = yaml.safe_load(registry.read_text(encoding="utf-8"))["sources"]
    for e in entries:
        if e["url"]:
            e["url"] = e["url"].replace(server.base, "http://127.0.0.1:9")  # discard port: refused
    dead.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True), encoding="utf-8")
    report = sync(settings, registry=dead)
    assert report.offline
    assert any("no source server could be reached" in line for line in report.lines())
    assert state_path(settings).read_bytes() == state_before
    assert current_generation(settings.index_dir) == gen


def test_dry_run_stores_nothing(world):
    settings, _server, _registry, _ = world
    report = sync(settings, dry_run=True, only="hanro")
    assert _outcomes(report) == {"hanro-1": "would be downloaded"}
    assert not state_path(settings).exists() and current_generation(settings.index_dir) is None


def test_only_unknown_program_is_a_clear_error(world):
    settings, *_ = world
    with pytest.raises(ValueError, match="matches no registered program"):
        sync(settings, only="nonexistent")


def test_cli_sync_and_list_json(world):
    settings, _server, registry, _ = world
    advisor = Path(sys.executable).with_name("advisor")
    env = os.environ | {"ADVISOR_DATA_DIR": str(settings.data_dir), "ADVISOR_CORPUS_DIR": str(settings.corpus_dir),
                        "ADVISOR_CHUNK_MIN_TOKENS": "5", "ADVISOR_SYNC_TIMEOUT_S": "0.5", "ADVISOR_SYNC_RETRIES": "1",
                        "ADVISOR_TODAY": "2026-04-01"}
    run = subprocess.run([str(advisor), "sources", "sync", "--registry", str(registry), "--only", "hanro"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].split() == ["hanro-1", "downloaded", *run.stdout.splitlines()[0].split()[2:]]
    listed = subprocess.run([str(advisor), "sources", "list", "--json", "--registry", str(registry)],
                            capture_output=True, text=True, env=env, timeout=120)
    rows = {r["id"]: r for r in json.loads(listed.stdout)}
    assert rows["hanro-1"]["last_sync"] and rows["hanro-1"]["sha256"]
    assert rows["setsubi-5"]["last_sync"] == "" and rows["no-url"]["url_known"] is False
    assert rows["hanro-1"]["status"] == "公募中" and rows["hanro-1"]["next_deadline"] == "2026年7月31日17:00"
    failing = subprocess.run([str(advisor), "sources", "sync", "--registry", str(registry), "--only", "gone"],
                             capture_output=True, text=True, env=env, timeout=120)
    assert failing.returncode == 1 and "failed (HTTP 404)" in failing.stdout


def test_list_sources_status_follows_today(world):
    settings, *_ = world
    sync(settings, only="test-program")
    by_day = {}
    for day in ("2026-01-10", "2026-04-01", "2026-12-01"):
        rows = {r["id"]: r for r in list_sources(settings.model_copy(update={"today": day}))}
        by_day[day] = rows["setsubi-5"]["status"]
    assert by_day == {"2026-01-10": "予定", "2026-04-01": "公募中", "2026-12-01": "締切済み"}


def test_sync_while_another_ingest_holds_the_index_changes_nothing(world):
    import fcntl

    from advisor.cli.sources import EXIT_BUSY, cmd_sync

    settings, *_ = world
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    with (settings.index_dir / ".lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        args = type("Args", (), {"registry": None, "only": "hanro", "dry_run": False, "json": False})()
        assert cmd_sync(args, settings) == EXIT_BUSY
    assert current_generation(settings.index_dir) is None and not state_path(settings).exists()
    assert not any((settings.sources_dir / "current").glob("*.pdf"))  # the downloaded file was taken back
