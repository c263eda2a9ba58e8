"""Search over the current index generation: lexical (BM25), dense (Chroma) or hybrid (RRF).

A Retriever follows the index's CURRENT pointer: when an ingest switches generations, the next
search loads the new one (a stat per search), so a running server never needs a restart.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from advisor.config import Settings
from advisor.ingest.indexer import CURRENT, current_generation, read_chunks, read_manifest, sources_of
from advisor.retrieval.analysis import expand_query, split_comparison
from advisor.retrieval.lexical import BM25Index
from advisor.types import Chunk, ScoredChunk, SourceInfo

Mode = Literal["lexical", "dense", "hybrid"]
_CANDIDATES = 50
# Hybrid = convex combination of max-normalised BM25 and cosine over the union of both candidate
# lists. Measured on our dataset, RRF let the weaker dense ranking push good lexical hits out of
# the top 5; a score-level blend keeps BM25's confidence and lets dense break ties and rescue
# paraphrases. DENSE_WEIGHT is the share of the cosine in the blend.
DENSE_WEIGHT = 0.3
# Maximal marginal relevance: a chunk very similar to one already chosen is pushed down, so that
# questions about two things ("AとBの補助率") get both passages instead of five about one.
MMR_PENALTY = 0.25
_MMR_POOL = 20


class IndexNotReady(RuntimeError):
    """No index has been built in this data directory yet."""


class EmptyQuery(ValueError):
    pass


@dataclass
class _Loaded:
    generation: Path
    chunks: list[Chunk]
    by_id: dict[str, int]
    sources: dict[str, SourceInfo]
    lexical: BM25Index
    readings: dict[str, str]
    store: object
    embeddings: object
    vectors: np.ndarray  # unit vectors of all chunks, row-aligned with chunks, for fusion


class Retriever:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._loaded: _Loaded | None = None
        self._pointer_stamp: tuple[float, int] | None = None
        self._lock = threading.Lock()

    # -- loading ------------------------------------------------------------------------------
    def _pointer_changed(self) -> bool:
        try:
            st = (self.settings.index_dir / CURRENT).stat()
        except FileNotFoundError:
            return self._loaded is not None
        stamp = (st.st_mtime, st.st_ino)
        if stamp != self._pointer_stamp:
            self._pointer_stamp = stamp
            return True
        return False

    def _state(self) -> _Loaded:
        with self._lock:
            if self._loaded is None or self._pointer_changed():
                gen = current_generation(self.settings.index_dir)
                if gen is None:
                    raise IndexNotReady(f"no index in {self.settings.index_dir}; run `advisor ingest` first")
                if self._loaded is None or self._loaded.generation != gen:
                    self._loaded = self._load(gen)
            return self._loaded

    def _load(self, gen: Path) -> _Loaded:
        from advisor.retrieval.embeddings import load_embeddings
        from advisor.retrieval.store import VectorStore, chroma_client

        manifest = read_manifest(gen)
        stored = read_chunks(gen)
        readings: dict[str, str] = {}
        for sc in stored:
            for reading, spelling in sc.readings:
                readings.setdefault(reading, spelling)
        client = chroma_client(manifest.get("chroma_url") or "", None if manifest.get("chroma_url") else gen / "chroma")
        store = VectorStore(client, manifest["collection"])
        by_vector_id = store.vectors_for([sc.chunk.id for sc in stored])
        dim = len(next(iter(by_vector_id.values()))) if by_vector_id else 1
        vectors = np.zeros((len(stored), dim), dtype=np.float32)
        for i, sc in enumerate(stored):
            if sc.chunk.id in by_vector_id:
                vectors[i] = by_vector_id[sc.chunk.id]
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        return _Loaded(
            generation=gen,
            chunks=[sc.chunk for sc in stored],
            by_id={sc.chunk.id: i for i, sc in enumerate(stored)},
            sources=sources_of(manifest),
            lexical=BM25Index([sc.terms for sc in stored]),
            readings=readings,
            store=store,
            embeddings=load_embeddings(self.settings, gen),
            vectors=vectors,
        )

    def warm_up(self) -> None:
        self.search("補助金", k=1)

    @property
    def sources(self) -> dict[str, SourceInfo]:
        return self._state().sources

    @property
    def chunks(self) -> list[Chunk]:
        return self._state().chunks

    def generation(self) -> str:
        return self._state().generation.name

    # -- search -------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int | None = None,
        mode: Mode | None = None,
        sources: list[str] | None = None,
        kinds: list[str] | None = None,
    ) -> list[ScoredChunk]:
        if not query or not query.strip():
            raise EmptyQuery("質問が空です。知りたいことを入力してください。")
        state = self._state()
        k = k or self.settings.top_k
        mode = mode or self.settings.retrieval_mode
        parts = split_comparison(query)
        if not parts:
            return self._search_one(state, query, k, mode, sources, kinds)
        # Interleave the whole question's ranking with each compared thing's own ranking.
        rankings = [self._search_one(state, q, k, mode, sources, kinds) for q in [query, *parts]]
        merged: list[ScoredChunk] = []
        seen: set[str] = set()
        for position in range(k):
            for ranking in rankings:
                if position < len(ranking) and ranking[position].chunk.id not in seen:
                    seen.add(ranking[position].chunk.id)
                    merged.append(ranking[position])
        return merged[:k]

    def _search_one(
        self, state: _Loaded, query: str, k: int, mode: Mode, sources: list[str] | None, kinds: list[str] | None
    ) -> list[ScoredChunk]:
        expanded = expand_query(query, state.readings)
        allowed = self._allowed(state, sources, kinds)
        if mode == "lexical":
            scores = state.lexical.scores(expanded)
            return self._top(state, self._lexical(scores, allowed), k, {"lexical": scores})
        query_vector = np.asarray(state.embeddings.embed_query(expanded), dtype=np.float32)
        dense_hits = self._dense(state, query_vector, sources, kinds)
        if mode == "dense":
            return self._top(state, dense_hits, k, {})
        lexical_scores = state.lexical.scores(expanded)
        candidates = {i for i, _s in self._lexical(lexical_scores, allowed)} | {i for i, _s in dense_hits}
        if not candidates:
            return []
        idx = np.fromiter(candidates, dtype=np.int64)
        lex = lexical_scores[idx]
        lex = lex / lex.max() if lex.max() > 0 else lex
        norm = float(np.linalg.norm(query_vector))
        cos = state.vectors[idx] @ (query_vector / norm) if norm > 0 else np.zeros(len(idx))
        blended = (1.0 - DENSE_WEIGHT) * lex + DENSE_WEIGHT * np.clip(cos, 0.0, None)
        ranked = self._diversify(state, sorted(zip(idx.tolist(), blended.tolist()), key=lambda p: (-p[1], p[0])), k)
        return self._top(state, ranked, k, {"lexical": lexical_scores, "dense_cos": dict(zip(idx.tolist(), cos.tolist()))})

    @staticmethod
    def _allowed(state: _Loaded, sources: list[str] | None, kinds: list[str] | None) -> np.ndarray | None:
        if not sources and not kinds:
            return None
        ok = np.ones(len(state.chunks), dtype=bool)
        for i, chunk in enumerate(state.chunks):
            source = state.sources.get(chunk.source_id)
            if sources and chunk.source_id not in sources:
                ok[i] = False
            if kinds and (source is None or source.kind not in kinds):
                ok[i] = False
        return ok

    @staticmethod
    def _lexical(scores: np.ndarray, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        n = min(_CANDIDATES, len(scores))
        if n == 0:
            return []
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    @staticmethod
    def _dense(state: _Loaded, vector: np.ndarray, sources: list[str] | None, kinds: list[str] | None) -> list[tuple[int, float]]:
        if not np.any(vector):
            return []  # nothing in the query is known to the embedding model
        conditions = []
        if sources:
            conditions.append({"source_id": {"$in": list(sources)}})
        if kinds:
            conditions.append({"kind": {"$in": list(kinds)}})
        where = None if not conditions else conditions[0] if len(conditions) == 1 else {"$and": conditions}
        hits = state.store.query(vector.tolist(), _CANDIDATES, where)
        return [(state.by_id[cid], sim) for cid, sim in hits if cid in state.by_id]

    @staticmethod
    def _diversify(state: _Loaded, ranked: list[tuple[int, float]], k: int) -> list[tuple[int, float]]:
        if MMR_PENALTY <= 0 or len(ranked) <= 1:
            return ranked
        pool = ranked[:_MMR_POOL]
        chosen: list[tuple[int, float]] = []
        vectors = state.vectors
        while pool and len(chosen) < k:
            def adjusted(item: tuple[int, float]) -> float:
                if not chosen:
                    return item[1]
                sims = vectors[[c for c, _ in chosen]] @ vectors[item[0]]
                return item[1] - MMR_PENALTY * float(np.max(sims))
            best = max(pool, key=adjusted)
            chosen.append(best)
            pool.remove(best)
        seen = {i for i, _ in chosen}
        return chosen + [item for item in ranked if item[0] not in seen]

    @staticmethod
    def _top(state: _Loaded, ranked: list[tuple[int, float]], k: int, signals: dict) -> list[ScoredChunk]:
        """The first k of a ranking as ScoredChunks, with each mode's own score kept in ``raw``
        (callers judge relevance from them, e.g. "nothing in the documents covers this")."""
        results = []
        lexical = signals.get("lexical")
        dense_cos = signals.get("dense_cos", {})
        for rank, (idx, score) in enumerate(ranked[:k], start=1):
            chunk = state.chunks[idx]
            raw: dict[str, float] = {}
            if lexical is not None:
                raw["lexical"] = float(lexical[idx])
            if idx in dense_cos:
                raw["dense"] = float(dense_cos[idx])
            elif not signals:
                raw["dense"] = score
            results.append(ScoredChunk(chunk=chunk, score=float(score), source=state.sources[chunk.source_id], ranks={"fused": rank}, raw=raw))
        return results
