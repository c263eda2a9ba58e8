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
from advisor.retrieval.analysis import expand_query
from advisor.retrieval.lexical import BM25Index
from advisor.types import Chunk, ScoredChunk, SourceInfo

Mode = Literal["lexical", "dense", "hybrid"]
_CANDIDATES = 50
# Dense is the weaker ranker on exact figures and names; it mostly adds paraphrase recall.
FUSION_WEIGHTS = {"lexical": 1.0, "dense": 0.7}


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
        return _Loaded(
            generation=gen,
            chunks=[sc.chunk for sc in stored],
            by_id={sc.chunk.id: i for i, sc in enumerate(stored)},
            sources=sources_of(manifest),
            lexical=BM25Index([sc.terms for sc in stored]),
            readings=readings,
            store=VectorStore(client, manifest["collection"]),
            embeddings=load_embeddings(self.settings, gen),
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
        expanded = expand_query(query, state.readings)
        allowed = self._allowed(state, sources, kinds)
        rankings: dict[str, list[tuple[int, float]]] = {}
        if mode in ("lexical", "hybrid"):
            rankings["lexical"] = self._lexical(state, expanded, allowed)
        if mode in ("dense", "hybrid"):
            rankings["dense"] = self._dense(state, expanded, sources, kinds)
        return self._fuse(state, rankings, k)

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
    def _lexical(state: _Loaded, query: str, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        scores = state.lexical.scores(query)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        n = min(_CANDIDATES, len(scores))
        if n == 0:
            return []
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def _dense(self, state: _Loaded, query: str, sources: list[str] | None, kinds: list[str] | None) -> list[tuple[int, float]]:
        conditions = []
        if sources:
            conditions.append({"source_id": {"$in": list(sources)}})
        if kinds:
            conditions.append({"kind": {"$in": list(kinds)}})
        where = None if not conditions else conditions[0] if len(conditions) == 1 else {"$and": conditions}
        vector = state.embeddings.embed_query(query)
        if not any(vector):
            return []  # nothing in the query is known to the embedding model
        hits = state.store.query(vector, _CANDIDATES, where)
        return [(state.by_id[cid], sim) for cid, sim in hits if cid in state.by_id]

    def _fuse(self, state: _Loaded, rankings: dict[str, list[tuple[int, float]]], k: int) -> list[ScoredChunk]:
        fused: dict[int, float] = {}
        ranks: dict[int, dict[str, int]] = {}
        raw: dict[int, dict[str, float]] = {}
        single = len(rankings) == 1
        for mode, ranking in rankings.items():
            weight = FUSION_WEIGHTS.get(mode, 1.0)
            for rank, (idx, score) in enumerate(ranking, start=1):
                contribution = score if single else weight / (self.settings.rrf_k + rank)
                fused[idx] = fused.get(idx, 0.0) + contribution
                ranks.setdefault(idx, {})[mode] = rank
                raw.setdefault(idx, {})[mode] = score
        order = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        results = []
        for idx in order:
            chunk = state.chunks[idx]
            results.append(ScoredChunk(chunk=chunk, score=fused[idx], source=state.sources[chunk.source_id], ranks=ranks[idx], raw=raw[idx]))
        return results
