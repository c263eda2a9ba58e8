"""Program-aware retrieval on a tiny corpus whose sources name their program: names resolved
through the catalog's names/aliases and the sources' own program fields, the program's documents
first (filter and boost), general documents after, the CLI's --program, and the same path for a
program named in the question."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.config import REPO_ROOT, Settings
from advisor.index.format import current_generation, read_manifest
from advisor.index.store import VectorStore, chroma_client
from advisor.ingest.indexer import ingest
from advisor.retrieval.hybrid import Retriever

from tests.conftest import TINY_SOURCES, tiny_settings

ADVISOR = Path(sys.executable).with_name("advisor")

# Two programs' guidelines with the same kind of sentences (caps, rates), and general documents.
JIZOKUKA = (
    "# 小規模事業者持続化補助金 公募要領（テスト用）\n\n"
    "## 補助上限額\n補助上限額は50万円です。インボイス特例の要件を満たす場合は50万円を上乗せします。\n\n"
    "## 補助率\n補助率は3分の2です。販路開拓の取組に要する経費の一部を補助します。\n"
)
PROGRAM_SOURCES = TINY_SOURCES.replace(
    "    kind: guideline\n", "    kind: guideline\n    program: shoryokuka-ippan\n"
) + """  - id: tiny-jizokuka
    file: jizokuka.md
    title: 小規模事業者持続化補助金 公募要領（テスト用）
    issuer: テスト発行者
    date: "2026-03"
    kind: guideline
    program: 小規模事業者持続化補助金
"""


@pytest.fixture(scope="module")
def program_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("programs")
    settings = tiny_settings(root)
    (settings.documents_dir / "jizokuka.md").write_text(JIZOKUKA, encoding="utf-8")
    settings.sources_file.write_text(PROGRAM_SOURCES, encoding="utf-8")
    # The catalog's names and aliases (corpus/programs) resolve owners' names to catalog ids.
    (settings.corpus_dir / "programs").symlink_to(REPO_ROOT / "corpus" / "programs")
    report = ingest(settings, progress=False)
    assert not report.failed, report.failed
    return settings


@pytest.fixture(scope="module")
def retriever(program_settings: Settings) -> Retriever:
    return Retriever(program_settings)


def _sources(hits) -> list[str]:
    return [h.chunk.source_id for h in hits]


def test_program_is_stored_with_sources_and_in_chunk_metadata(program_settings: Settings) -> None:
    gen = current_generation(program_settings.index_dir)
    manifest = read_manifest(gen)
    programs = {e["source"]["id"]: e["source"]["program"] for e in manifest["files"].values()}
    assert programs == {"tiny-shoryokuka": "shoryokuka-ippan", "tiny-jizokuka": "小規模事業者持続化補助金", "tiny-digital": "", "tiny-yorozu": ""}
    store = VectorStore(chroma_client("", gen / "chroma"), manifest["collection"])
    got = store.collection.get(where={"program": "小規模事業者持続化補助金"}, include=["metadatas"])
    assert got["ids"] and {m["source_id"] for m in got["metadatas"]} == {"tiny-jizokuka"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("shoryokuka-ippan", {"tiny-shoryokuka"}),  # catalog id
        ("中小企業省力化投資補助金", {"tiny-shoryokuka"}),  # catalog alias
        ("省力化投資補助金（一般型）", {"tiny-shoryokuka"}),  # alias, full-width brackets
        ("小規模事業者持続化補助金", {"tiny-jizokuka"}),  # a source's program field
        ("持続化補助金", {"tiny-jizokuka"}),  # as owners write it
        ("ものづくり補助金", set()),  # known to the catalog, no document of its own here
        ("補助金", set()),  # too short to name anything
        ("東京都の創業助成金", set()),
    ],
)
def test_program_names_resolve_to_their_documents(retriever: Retriever, name: str, expected: set[str]) -> None:
    assert retriever.programs().source_ids([name]) == expected


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid"])
def test_filter_puts_the_programs_documents_first_and_general_after(retriever: Retriever, mode: str) -> None:
    hits = retriever.search("補助上限額と補助率を教えてください", k=5, mode=mode, program="持続化補助金")
    sources = _sources(hits)
    own = [s for s in sources if s == "tiny-jizokuka"]
    assert own and sources[: len(own)] == own  # the program's chunks, then the rest
    assert "tiny-shoryokuka" not in sources  # another program's guideline stays out
    assert set(sources[len(own) :]) <= {"tiny-digital", "tiny-yorozu"}
    # Without the program, the other program's cap competes for the top.
    assert "tiny-shoryokuka" in _sources(retriever.search("補助上限額と補助率を教えてください", k=5, mode=mode))


def test_unknown_or_documentless_program_changes_nothing(retriever: Retriever) -> None:
    plain = _sources(retriever.search("補助上限額はいくらですか", k=5))
    assert _sources(retriever.search("補助上限額はいくらですか", k=5, program="東京都の創業助成金")) == plain
    assert _sources(retriever.search("補助上限額はいくらですか", k=5, program="ものづくり補助金")) == plain


def test_boost_ranks_the_program_first_but_keeps_every_document(program_settings: Settings) -> None:
    boosted = Retriever(program_settings.model_copy(update={"program_scope": "boost"}))
    hits = boosted.search("補助上限額はいくらですか", k=6, program="中小企業省力化投資補助金")
    sources = _sources(hits)
    assert sources[0] == "tiny-shoryokuka"
    assert "tiny-jizokuka" in sources  # not filtered out, only ranked after


def test_a_program_named_in_the_question_scopes_the_search(program_settings: Settings, retriever: Retriever) -> None:
    question = "持続化補助金の補助上限額はいくらですか"
    assert _sources(retriever.search(question, k=1, mode="dense")) == ["tiny-jizokuka"]
    unscoped = Retriever(program_settings.model_copy(update={"program_from_question": False}))
    assert "tiny-shoryokuka" in _sources(unscoped.search(question, k=5, mode="dense"))
    assert "tiny-shoryokuka" not in _sources(retriever.search(question, k=5, mode="dense"))


def test_scoped_retriever_passes_the_program_to_every_search(retriever: Retriever) -> None:
    scoped = retriever.scoped("持続化補助金")
    assert _sources(scoped.search("補助率は？", k=1)) == ["tiny-jizokuka"]
    assert scoped.sources is retriever.sources  # everything else is the retriever's own
    assert retriever.scoped(None) is retriever


def test_cli_search_program_option(program_settings: Settings) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")} | {
        "ADVISOR_DATA_DIR": str(program_settings.data_dir),
        "ADVISOR_CORPUS_DIR": str(program_settings.corpus_dir),
        "ADVISOR_EMBEDDING_CACHE_DIR": str(program_settings.vector_cache_dir),
    }
    out = subprocess.run(
        [str(ADVISOR), "search", "補助上限額", "-k", "2", "--program", "持続化補助金", "--json"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert [h["source_id"] for h in json.loads(out.stdout)][:1] == ["tiny-jizokuka"]


def test_eval_retrieval_with_program_from_dataset(program_settings: Settings, tmp_path: Path) -> None:
    from advisor.evaluation.retrieval import run_retrieval_eval

    dataset = tmp_path / "rows.jsonl"
    rows = [
        # Asked as an owner would, without the program's name: only the conversation knows it.
        {"id": "p1", "question": "補助上限額はいくらですか", "gold": ["補助上限額は50万円"], "program": "持続化補助金", "split": "dev"},
        {"id": "p2", "question": "補助率はどのくらいですか", "gold": ["補助率は3分の2"], "program": "小規模事業者持続化補助金", "split": "test"},
        {"id": "p3", "question": "よろず支援拠点はどこにありますか", "gold": ["全国の都道府県に設置"], "split": "test"},  # no program
    ]
    dataset.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    plain = run_retrieval_eval(program_settings, dataset, k=1, mode="dense")
    scoped = run_retrieval_eval(program_settings, dataset, k=1, mode="dense", program_from_dataset=True)
    assert scoped["program_from_dataset"] is True and plain["program_from_dataset"] is False
    assert scoped["recall@1"] == 1.0, scoped["misses_at_5"]
    assert plain["recall@1"] < scoped["recall@1"]  # the other program's cap and rate compete without it
    assert set(scoped["by_split"]) == {"dev", "test"}
