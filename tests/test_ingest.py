"""Ingestion against the real parts: chunking with tiktoken, Sudachi analysis, Chroma on temp dirs.

Covers stable ids, idempotency, incremental replace/delete, a failing file keeping its old chunks,
interrupted ingests (in process, and a SIGKILLed `advisor ingest` subprocess) and the ingest lock.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advisor.config import Settings
from advisor.documents import load_corpus, load_document, load_source_table
from advisor.index.format import CURRENT, current_generation, read_chunks, read_manifest
from advisor.index.store import VectorStore, chroma_client
from advisor.ingest.chunking import _cut_by_tokens, chunk_document
from advisor.ingest.indexer import ingest
from advisor.retrieval.hybrid import Retriever
from advisor.text import count_tokens
from advisor.types import Document, Page, SourceInfo

from tests.conftest import make_settings, tiny_settings, write_tiny_corpus

ADVISOR = Path(sys.executable).with_name("advisor")


# --- helpers ---------------------------------------------------------------------------------------


def ids_by_source(settings: Settings) -> dict[str, list[str]]:
    manifest = read_manifest(current_generation(settings.index_dir))
    return {entry["source"]["id"]: entry["chunk_ids"] for entry in manifest["files"].values()}


def chroma_ids(settings: Settings) -> set[str]:
    gen = current_generation(settings.index_dir)
    manifest = read_manifest(gen)
    store = VectorStore(chroma_client("", gen / "chroma"), manifest["collection"])
    return set(store.collection.get(include=[])["ids"])


def stored_ids(settings: Settings) -> set[str]:
    return {sc.chunk.id for sc in read_chunks(current_generation(settings.index_dir))}


def pointer(settings: Settings) -> str:
    return (settings.index_dir / CURRENT).read_text(encoding="utf-8").strip()


def top_sources(settings: Settings, query: str, k: int = 3) -> list[str]:
    return [h.chunk.source_id for h in Retriever(settings).search(query, k=k, mode="lexical")]


def top_texts(settings: Settings, query: str, k: int = 3) -> str:
    return "\n".join(h.chunk.text for h in Retriever(settings).search(query, k=k, mode="lexical"))


@pytest.fixture(scope="module")
def tiny_template(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = tiny_settings(tmp_path_factory.mktemp("tiny"))
    report = ingest(settings, progress=False)
    assert len(report.added) == 3 and not report.failed and report.changed == 3
    return settings


@pytest.fixture()
def tiny(tiny_template: Settings, tmp_path: Path) -> Settings:
    """A private copy of the tiny index over the pristine tiny corpus. The manifest keys files by
    absolute path, so the corpus stays where it is (restored for each test) and the data dir is
    copied; one real ingest per module instead of one per test."""
    write_tiny_corpus(tiny_template.corpus_dir.parent)
    data_dir = tmp_path / "data"
    shutil.copytree(tiny_template.data_dir, data_dir)
    return tiny_template.model_copy(update={"data_dir": data_dir})


# --- chunking ---------------------------------------------------------------------------------------


def test_bundled_corpus_chunks_carry_heading_paths_and_stay_within_the_token_bound(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    docs = load_corpus(settings)
    assert len(docs) >= 5
    for doc in docs:
        chunks = chunk_document(doc, settings.chunk_max_tokens, settings.chunk_min_tokens)
        assert chunks, doc.source.id
        assert len({c.id for c in chunks}) == len(chunks)
        for chunk in chunks:
            assert chunk.id.startswith(f"{doc.source.id}:")
            assert chunk.source_id == doc.source.id
            assert chunk.page is None  # .txt/.md files have no pages
            assert count_tokens(chunk.text) <= settings.chunk_max_tokens, (chunk.id, count_tokens(chunk.text))
        # Slides and policy papers are structured: nearly every chunk knows its section.
        assert sum(1 for c in chunks if c.heading_path) >= 0.9 * len(chunks), doc.source.id
    ax = next(d for d in docs if d.source.id == "meti-regional-ax-2026")
    chunks = chunk_document(ax, settings.chunk_max_tokens, settings.chunk_min_tokens)
    # A figure far from its program's name is tied to it by the heading path.
    assert any("省力化投資補助金" in c.heading_path[-1] and "補助上限額" in c.text for c in chunks if c.heading_path)


def test_chunk_ids_are_stable_and_depend_only_on_content(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    first = {d.source.id: [c.id for c in chunk_document(d, 450, 60)] for d in load_corpus(settings)}
    second = {d.source.id: [c.id for c in chunk_document(d, 450, 60)] for d in load_corpus(settings)}
    assert first == second


def _doc(pages: list[str]) -> Document:
    source = SourceInfo(id="t", title="t", issuer="i", date="", kind="guideline")
    return Document(source=source, path="t.pdf", pages=[Page(i + 1, text) for i, text in enumerate(pages)], content_hash="x")


def test_chunks_follow_heading_levels_and_never_cross_pages() -> None:
    body = "本事業は中小企業の生産性向上を支援するものです。" * 3
    doc = _doc(
        [
            f"第1章 総則\n1. 目的\n{body}\n(1) 補助率\n補助率は2分の1です。{body}",
            f"2. 対象者\n{body}\n第2章 申請\n{body}",
        ]
    )
    chunks = chunk_document(doc, max_tokens=200, min_tokens=5)
    by_text = {c.text.splitlines()[0][:12]: c for c in chunks}
    assert [c.page for c in chunks] == sorted(c.page for c in chunks)
    assert {c.page for c in chunks} == {1, 2}
    rate = next(c for c in chunks if "補助率は2分の1" in c.text)
    assert rate.heading_path == ["第1章 総則", "1. 目的", "(1) 補助率"]
    assert rate.page == 1
    target = next(c for c in chunks if c.page == 2 and c.heading_path[-1] == "2. 対象者")
    # The level-3 heading "2. 対象者" replaces "1. 目的" and its level-4 child; the chapter stays.
    assert target.heading_path == ["第1章 総則", "2. 対象者"]
    last = chunks[-1]
    assert last.heading_path == ["第2章 申請"] and last.page == 2
    assert by_text  # every chunk has text


def test_overlong_table_line_is_cut_within_the_token_bound() -> None:
    # A flattened table: one "sentence" of 3,000 kanji-heavy characters without any sentence end.
    row = "補助対象経費機械装置システム構築費技術導入費専門家経費運搬費"
    doc = _doc([row * 100])
    chunks = chunk_document(doc, max_tokens=120, min_tokens=5)
    assert len(chunks) > 5
    assert all(count_tokens(c.text) <= 120 for c in chunks)
    assert "".join(c.text for c in chunks) == row * 100  # nothing lost or duplicated
    pieces = _cut_by_tokens("あ漢" * 500, 37)
    assert all(count_tokens(p) <= 37 for p in pieces) and "".join(pieces) == "あ漢" * 500


# --- incremental, idempotent ingest -----------------------------------------------------------------


def test_second_ingest_reports_nothing_changed_and_keeps_the_generation(tiny: Settings) -> None:
    before_pointer, before_ids = pointer(tiny), ids_by_source(tiny)
    assert set(before_ids) == {"tiny-shoryokuka", "tiny-digital", "tiny-yorozu"}
    assert len(before_ids["tiny-shoryokuka"]) >= 2  # split at its headings
    report = ingest(tiny, progress=False)
    assert report.changed == 0 and len(report.unchanged) == 3 and not report.failed
    assert "0 changed documents" in report.summary()
    assert pointer(tiny) == before_pointer == report.generation
    assert ids_by_source(tiny) == before_ids
    assert chroma_ids(tiny) == stored_ids(tiny) == {cid for ids in before_ids.values() for cid in ids}


def test_ids_are_the_same_in_a_second_data_dir(tiny: Settings, tmp_path: Path) -> None:
    other = tiny.model_copy(update={"data_dir": tmp_path / "other-data"})
    ingest(other, progress=False)
    assert ids_by_source(other) == ids_by_source(tiny)


def test_source_metadata_comes_from_sources_yaml(tiny: Settings) -> None:
    hit = Retriever(tiny).search("よろず支援拠点", k=1, mode="lexical")[0]
    assert hit.source.id == "tiny-yorozu"
    assert hit.source.title == "よろず支援拠点（テスト用）" and hit.source.kind == "platform"


def test_changed_file_replaces_exactly_its_chunks(tiny: Settings) -> None:
    before = ids_by_source(tiny)
    digital = tiny.documents_dir / "digital.txt"
    digital.write_text(digital.read_text(encoding="utf-8") + "インボイス制度に対応した会計ソフトも対象になります。\n", encoding="utf-8")
    report = ingest(tiny, progress=False)
    assert report.updated == [str(digital)] and not report.added and not report.removed
    after = ids_by_source(tiny)
    assert after["tiny-shoryokuka"] == before["tiny-shoryokuka"]
    assert after["tiny-yorozu"] == before["tiny-yorozu"]
    assert set(after["tiny-digital"]).isdisjoint(before["tiny-digital"])
    everything = {cid for ids in after.values() for cid in ids}
    assert stored_ids(tiny) == everything and chroma_ids(tiny) == everything
    assert "インボイス" in top_texts(tiny, "インボイス 会計ソフト", k=1)


def test_the_same_corpus_ingested_from_another_path_replaces_the_old_one(tiny: Settings, tmp_path: Path) -> None:
    """A copied or moved corpus (another checkout) carries the same source ids: its files supersede
    the old paths instead of indexing each document twice under the same chunk ids."""
    before = ids_by_source(tiny)
    moved = tmp_path / "moved-documents"
    shutil.copytree(tiny.documents_dir, moved)
    report = ingest(tiny, paths=[moved], progress=False)
    assert not report.failed and len(report.added) == 3 and len(report.removed) == 3
    manifest = read_manifest(current_generation(tiny.index_dir))
    assert all(Path(key).is_relative_to(moved.resolve()) for key in manifest["files"])
    assert ids_by_source(tiny) == before
    everything = {cid for ids in before.values() for cid in ids}
    assert stored_ids(tiny) == everything and chroma_ids(tiny) == everything
    assert "tiny-yorozu" in top_sources(tiny, "よろず支援拠点 経営相談", k=3)


def test_removed_file_loses_its_chunks(tiny: Settings) -> None:
    gone = tiny.documents_dir / "yorozu.txt"
    gone.unlink()
    report = ingest(tiny, progress=False)
    assert report.removed == [str(gone.resolve())] and report.changed == 1
    after = ids_by_source(tiny)
    assert "tiny-yorozu" not in after
    assert not any(cid.startswith("tiny-yorozu:") for cid in stored_ids(tiny) | chroma_ids(tiny))
    assert "tiny-yorozu" not in top_sources(tiny, "よろず支援拠点 経営相談", k=5)


def test_a_file_that_fails_to_load_keeps_its_previous_chunks(tiny: Settings) -> None:
    before = ids_by_source(tiny)
    broken = tiny.documents_dir / "yorozu.txt"
    broken.write_text("   \n\n", encoding="utf-8")  # emptied by a bad edit
    report = ingest(tiny, progress=False)
    assert len(report.failed) == 1 and report.failed[0].startswith(str(broken)) and "empty" in report.failed[0]
    assert ids_by_source(tiny) == before  # nothing lost
    assert top_sources(tiny, "よろず支援拠点", k=1) == ["tiny-yorozu"]
    # Once fixed, it is picked up as an update.
    broken.write_text("よろず支援拠点は、経営の悩みに無料で応じる相談所です。\n", encoding="utf-8")
    report = ingest(tiny, progress=False)
    assert report.updated == [str(broken)] and not report.failed


def test_sources_yaml_edits_apply_on_the_next_ingest(tiny: Settings) -> None:
    before = ids_by_source(tiny)
    sources = tiny.sources_file
    yorozu = tiny.documents_dir / "yorozu.txt"
    # A title edit: a new generation with the very same chunks.
    sources.write_text(sources.read_text(encoding="utf-8").replace("よろず支援拠点（テスト用）", "よろず支援拠点のご案内"), encoding="utf-8")
    report = ingest(tiny, progress=False)
    assert report.updated == [str(yorozu)] and len(report.unchanged) == 2
    assert ids_by_source(tiny) == before
    retriever = Retriever(tiny)
    assert retriever.search("よろず支援拠点", k=1, mode="lexical")[0].source.title == "よろず支援拠点のご案内"
    # A kind edit reaches the vector store's metadata too: the dense kind filter sees it.
    sources.write_text(sources.read_text(encoding="utf-8").replace("kind: platform", "kind: faq"), encoding="utf-8")
    report = ingest(tiny, progress=False)
    assert report.updated == [str(yorozu)]
    assert ids_by_source(tiny) == before
    hits = retriever.search("よろず支援拠点", k=3, mode="dense", kinds=["faq"])
    assert hits and {h.chunk.source_id for h in hits} == {"tiny-yorozu"}
    assert ingest(tiny, progress=False).changed == 0


def test_sidecar_descriptions_apply_and_a_broken_one_skips_only_its_file(tiny: Settings, tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    memo = extra / "memo.md"
    memo.write_text("# 社内メモ\n\n生成AIの活用方針を定めた社内メモです。\n", encoding="utf-8")
    sidecar = extra / "memo.md.source.yaml"
    sidecar.write_text("title: 生成AI活用メモ\nissuer: 総務部\ndate: '2026-04-01'\nkind: memo\n", encoding="utf-8")
    report = ingest(tiny, [extra], progress=False)
    assert report.added == [str(memo)]
    assert Retriever(tiny).sources["memo"].issuer == "総務部"
    # An edit of the sidecar alone reaches the index.
    sidecar.write_text("title: 生成AI活用メモ\nissuer: 経営企画部\ndate: '2026-04-01'\nkind: memo\n", encoding="utf-8")
    report = ingest(tiny, [extra], progress=False)
    assert report.updated == [str(memo)]
    assert Retriever(tiny).sources["memo"].issuer == "経営企画部"
    # A broken sidecar: one line naming the file, its old chunks kept, the rest of the run goes on.
    sidecar.write_text("title: [unclosed\n", encoding="utf-8")
    (extra / "other.md").write_text("# 別メモ\n\nテレワーク規程の見直しについてのメモです。\n", encoding="utf-8")
    report = ingest(tiny, [extra], progress=False)
    assert len(report.failed) == 1 and report.failed[0].startswith(f"{memo}: unusable source description memo.md.source.yaml")
    assert report.added == [str(extra / "other.md")]
    assert "memo" in ids_by_source(tiny) and "other" in ids_by_source(tiny)


def test_changed_chunking_settings_rebuild_and_say_so(tiny: Settings) -> None:
    before = ids_by_source(tiny)
    smaller = tiny.model_copy(update={"chunk_max_tokens": 40})
    report = ingest(smaller, progress=False)
    assert report.rebuilt and report.changed == 0 and len(report.unchanged) == 3
    assert "index rebuilt for changed settings" in report.summary()
    assert sum(map(len, ids_by_source(smaller).values())) > sum(map(len, before.values()))
    again = ingest(smaller, progress=False)
    assert not again.rebuilt and "rebuilt" not in again.summary()


# --- interrupted ingests ----------------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["analyse", "embed", "switch"])
def test_ctrl_c_mid_ingest_leaves_the_previous_generation_current_and_searchable(tiny: Settings, stage: str) -> None:
    before_pointer, before_ids = pointer(tiny), ids_by_source(tiny)
    retriever = Retriever(tiny)
    assert retriever.search("補助上限額", k=1, mode="hybrid")
    digital = tiny.documents_dir / "digital.txt"
    digital.write_text("まったく別の内容に書き換えた文書です。\n", encoding="utf-8")
    seen: list[str] = []

    def interrupt(name: str) -> None:
        seen.append(name)
        if name == stage:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest(tiny, progress=False, on_stage=interrupt)
    assert seen[-1] == stage
    assert pointer(tiny) == before_pointer
    assert ids_by_source(tiny) == before_ids
    # The half-built generation was removed; only the current one remains.
    assert sorted(p.name for p in tiny.index_dir.glob("gen-*")) == [before_pointer]
    assert "ITツール" in "\n".join(h.chunk.text for h in retriever.search("ITツール 導入", k=3, mode="hybrid"))
    # The next ingest completes the interrupted change.
    report = ingest(tiny, progress=False)
    assert report.updated == [str(digital)]
    assert "書き換えた" in top_texts(tiny, "書き換え 文書", k=1)


def test_sigkilled_advisor_ingest_leaves_search_working_on_the_old_index(tiny: Settings) -> None:
    before_pointer, before_ids = pointer(tiny), ids_by_source(tiny)
    (tiny.documents_dir / "digital.txt").write_text("SIGKILLで中断される更新です。\n" * 3, encoding="utf-8")
    env = os.environ | {
        "ADVISOR_DATA_DIR": str(tiny.data_dir),
        "ADVISOR_CORPUS_DIR": str(tiny.corpus_dir),
        "ADVISOR_CHUNK_MIN_TOKENS": str(tiny.chunk_min_tokens),
    }
    # --refit makes the new generation a full rebuild (fit + embed): seconds of work to land in.
    proc = subprocess.Popen([str(ADVISOR), "ingest", "--quiet", "--refit"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        new_gen = None
        while new_gen is None and time.monotonic() < deadline and proc.poll() is None:
            new_gen = next((p for p in tiny.index_dir.glob("gen-*") if p.name != before_pointer), None)
            time.sleep(0.02)
        assert new_gen is not None, f"the ingest never started a new generation: {proc.communicate()}"
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert pointer(tiny) == before_pointer, "the ingest switched before it was killed: the test did not test anything"
    assert ids_by_source(tiny) == before_ids
    # A new process (and this one) still searches the old index.
    hits = Retriever(tiny).search("ITツール", k=3, mode="hybrid")
    assert any(h.chunk.source_id == "tiny-digital" and "ITツール" in h.chunk.text for h in hits)
    out = subprocess.run([str(ADVISOR), "search", "ITツール", "--mode", "lexical", "-k", "1"], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "ITツール" in out.stdout, out.stderr
    # The killed run's lock died with it and its leftover generation is collected by the next ingest.
    report = ingest(tiny, progress=False)
    assert report.updated == [str(tiny.documents_dir / "digital.txt")]
    assert not new_gen.exists()


def test_a_second_ingest_on_the_same_data_dir_is_refused_while_one_runs(tiny: Settings) -> None:
    (tiny.documents_dir / "digital.txt").write_text("ロックの試験のための更新です。\n", encoding="utf-8")
    refused: list[Exception] = []

    def concurrent(name: str) -> None:
        if name == "embed":
            with pytest.raises(RuntimeError, match="another ingest is running") as info:
                ingest(tiny, progress=False)
            refused.append(info.value)

    report = ingest(tiny, progress=False, on_stage=concurrent)
    assert len(refused) == 1 and report.changed == 1
    # The lock is released at the end: the next ingest runs (and finds nothing to do).
    assert ingest(tiny, progress=False).changed == 0


def test_paths_outside_the_corpus_are_ingested_beside_it(tiny: Settings, tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "memo.md").write_text("# 社内メモ\n\n生成AIの活用方針を定めた社内メモです。\n", encoding="utf-8")
    report = ingest(tiny, [extra], progress=False)
    assert report.added == [str(extra / "memo.md")]
    assert set(ids_by_source(tiny)) == {"tiny-shoryokuka", "tiny-digital", "tiny-yorozu", "memo"}
    hit = Retriever(tiny).search("生成AIの活用方針", k=1, mode="lexical")[0]
    assert hit.source.id == "memo" and "発行者不明" in hit.source.issuer


def test_loader_reads_shift_jis_text(tmp_path: Path) -> None:
    path = tmp_path / "sjis.txt"
    path.write_bytes("補助金の申請は電子申請で行います。".encode("cp932"))
    doc = load_document(path, load_source_table(tmp_path / "none.yaml"), make_settings(tmp_path))
    assert doc.text == "補助金の申請は電子申請で行います。"


def test_markdown_comments_are_not_indexed(tmp_path: Path) -> None:
    from advisor.documents import load_document

    doc_path = tmp_path / "note.md"
    doc_path.write_text("# 見出し\n\n<!--\n編集者のメモ：公開しない。\n-->\n本文の文です。\n", encoding="utf-8")
    doc = load_document(doc_path, {}, make_settings(tmp_path / "data"))
    assert "編集者のメモ" not in doc.text
    assert "本文の文です。" in doc.text
