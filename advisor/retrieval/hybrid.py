"""Search over the current index generation: lexical (BM25), dense (e5 by default) or hybrid.

A Retriever follows the index's CURRENT pointer: when an ingest switches generations, the next
search loads the new one (a stat per search), so a running server never needs a restart.

Dense search is an exact cosine over the generation's chunk vectors (vectors.npy, the same vectors
Chroma holds), in memory: a few thousand 384-d vectors take well under a millisecond, filters are
plain masks, and a search process never imports chromadb (1–5 s of cold start).

Hybrid fuses the two candidate lists (top 50 each); ``Settings.fusion`` picks how (all three are
in the ablation of evals/README.md, chosen on dev splits):
- ``blend``: (1-w)·BM25/max + w·cosine (the former default, tuned for a weak dense model);
- ``calibrated``: (1-w)·BM25/max + w·(cosine − min)/(max − min) over the query's candidates: e5's
  cosines all lie in a narrow band (≈0.75–0.9), so the raw cosine barely separates candidates
  while the per-query rescaled one does;
- ``rrf``: Σ 1/(k + rank) over both rankings.
Then (hybrid only, when ``Settings.phrase_weight`` > 0; off by default) each candidate gains
phrase_weight × the share of the question's character 4-grams found verbatim in it
(``phrase_overlap``): BM25 over Sudachi words loses word order and splits compounds differently in
question and guideline, while secretariat-style questions quote or closely paraphrase the
guideline's own wording (「〜とされていますが」). At 0.4 it raises recall@1 and MRR on every set
(JSQuAD recall@1 0.915 → 0.934) but not recall@5, the targets' metric (evals/README.md, variant (i)).

Program-aware search: given a program (a catalog id or a name as owners write it, resolved by
advisor.retrieval.programs), that program's documents are searched first. ``program_scope``
``filter`` ranks the program's documents first and general documents (no program) after, and
leaves other programs' documents out; ``boost`` adds a bonus to the program's chunks in one
ranking over everything.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from advisor.config import Settings
from advisor.index.analysis import asking_sentences, expand_query, split_comparison
from advisor.index.format import CURRENT, MANIFEST, current_generation, read_chunks, read_manifest, read_vectors, sources_of
from advisor.retrieval.lexical import BM25Index
from advisor.retrieval.programs import ProgramDirectory
from advisor.retrieval.timing import StageClock
from advisor.text import compact, nfkc
from advisor.types import Chunk, ScoredChunk, SourceInfo

Mode = Literal["lexical", "dense", "hybrid"]
_CANDIDATES = 50
# Maximal marginal relevance pool: a chunk very similar to one already chosen is pushed down, so
# that questions about two things ("AとBの補助率") get both passages instead of five about one.
_MMR_POOL = 20
# Length of the character n-grams of ``phrase_overlap`` (3 and 4 tied on dev, 5 was worse).
PHRASE_GRAM = 4
# ``boost``: added to a fused score normalised to at most 1, so a program's chunk outranks any
# other chunk unless that one is clearly better.
PROGRAM_BOOST = 0.5


class IndexNotReady(RuntimeError):
    """No index has been built in this data directory yet."""


class IndexMismatch(IndexNotReady):
    """The current index was embedded by another model than the settings select (a backend or a
    package upgrade): its vectors and the query's live in different spaces, so dense scores would
    be meaningless (or the shapes would not even match). A re-ingest fixes it."""


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
    embeddings: object
    vectors: np.ndarray  # unit vectors of all chunks, row-aligned with chunks: dense search and fusion
    programs: ProgramDirectory
    general: np.ndarray  # chunks of documents that belong to no program
    compact_texts: list[str]  # heading + text, NFKC without whitespace: what phrase_overlap reads


class Retriever:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._loaded: _Loaded | None = None
        self._pointer_stamp: tuple[float, int] | None = None
        # The last generation check_index passed, with its manifest's stat: a generation is written
        # once and then published, so a probe need not parse the same manifest again.
        self._checked: tuple[Path, int, int] | None = None
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

    def check_index(self) -> str:
        """The current generation's name, after the cheap checks a load balancer's probe can afford
        (the pointer and the manifest, no vectors): raises IndexNotReady / IndexMismatch."""
        gen = current_generation(self.settings.index_dir)
        if gen is None:
            raise IndexNotReady(f"no index in {self.settings.index_dir}; run `advisor ingest` first")
        st = (gen / MANIFEST).stat()
        stamp = (gen, st.st_mtime_ns, st.st_ino)
        if stamp != self._checked:
            self._check_embedding(gen, read_manifest(gen))
            self._checked = stamp
        return gen.name

    def _check_embedding(self, gen: Path, manifest: dict) -> None:
        from advisor.index.embeddings import embedding_fingerprint

        built_with, selected = manifest.get("embedding"), embedding_fingerprint(self.settings)
        if built_with and built_with != selected:
            raise IndexMismatch(
                f"index {gen.name} was embedded with {built_with!r} but the settings select {selected!r} "
                f"(ADVISOR_EMBEDDING_BACKEND={self.settings.embedding_backend}); run `advisor ingest` to "
                "re-embed it (or set the backend it was built with)"
            )

    def _load(self, gen: Path) -> _Loaded:
        from advisor.index.embeddings import load_embeddings

        manifest = read_manifest(gen)
        self._check_embedding(gen, manifest)
        stored = read_chunks(gen)
        readings: dict[str, str] = {}
        for sc in stored:
            for reading, spelling in sc.readings:
                readings.setdefault(reading, spelling)
        vectors = read_vectors(gen, len(stored))
        if vectors is None:
            vectors = self._vectors_from_chroma(manifest, gen, stored)
        sources = sources_of(manifest)
        return _Loaded(
            generation=gen,
            chunks=[sc.chunk for sc in stored],
            by_id={sc.chunk.id: i for i, sc in enumerate(stored)},
            sources=sources,
            lexical=BM25Index([sc.terms for sc in stored]),
            readings=readings,
            embeddings=load_embeddings(self.settings, gen),
            vectors=vectors,
            programs=ProgramDirectory.build(self.settings.programs_dir, sources),
            general=np.array([not sources[sc.chunk.source_id].program for sc in stored], dtype=bool),
            compact_texts=[compact(sc.chunk.text_with_heading()) for sc in stored],
        )

    @staticmethod
    def _vectors_from_chroma(manifest: dict, gen: Path, stored: list) -> np.ndarray:
        """Vectors of a generation written before vectors.npy existed: read back from Chroma."""
        from advisor.index.store import VectorStore, chroma_client

        client = chroma_client(manifest.get("chroma_url") or "", None if manifest.get("chroma_url") else gen / "chroma")
        by_vector_id = VectorStore(client, manifest["collection"]).vectors_for([sc.chunk.id for sc in stored])
        dim = len(next(iter(by_vector_id.values()))) if by_vector_id else 1
        vectors = np.zeros((len(stored), dim), dtype=np.float32)
        for i, sc in enumerate(stored):
            if sc.chunk.id in by_vector_id:
                vectors[i] = by_vector_id[sc.chunk.id]
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        return vectors

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

    def scoped(self, program: str | Sequence[str] | None) -> "Retriever":
        """This retriever with ``program`` applied to every search that names none: for callers
        that search on a conversation's behalf (chains, evaluation with program context)."""
        return self if not program else _ProgramScoped(self, program)  # type: ignore[return-value]

    def programs(self) -> ProgramDirectory:
        """Program names and the documents of each program in the current index."""
        return self._state().programs

    # -- search -------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int | None = None,
        mode: Mode | None = None,
        sources: list[str] | None = None,
        kinds: list[str] | None = None,
        program: str | Sequence[str] | None = None,
    ) -> list[ScoredChunk]:
        """The k best chunks for ``query``. ``program``: the program(s) the question or the
        conversation is about (catalog id or any name owners use); their documents are searched
        first. A name that matches no document's program changes nothing."""
        if not query or not query.strip():
            raise EmptyQuery("質問が空です。知りたいことを入力してください。")
        state = self._state()
        k = k or self.settings.top_k
        mode = mode or self.settings.retrieval_mode
        allowed = self._allowed(state, sources, kinds)
        scope = self._program_scope(state, query, program)
        parts = split_comparison(query)
        if not parts:
            return self._scoped(state, query, k, mode, allowed, scope)
        # Interleave the whole question's ranking with each compared thing's own ranking.
        rankings = [self._scoped(state, q, k, mode, allowed, scope) for q in [query, *parts]]
        merged: list[ScoredChunk] = []
        seen: set[str] = set()
        for position in range(k):
            for ranking in rankings:
                if position < len(ranking) and ranking[position].chunk.id not in seen:
                    seen.add(ranking[position].chunk.id)
                    merged.append(ranking[position])
        return merged[:k]

    def _program_scope(self, state: _Loaded, query: str, program: str | Sequence[str] | None) -> np.ndarray | None:
        """Mask of the chunks of the named program(s), None when no program applies."""
        names = [program] if isinstance(program, str) else list(program or [])
        if not names and self.settings.program_from_question:
            names = sorted(state.programs.mentioned_in(query))
        source_ids = state.programs.source_ids(names)
        if not source_ids:
            return None
        return np.array([chunk.source_id in source_ids for chunk in state.chunks], dtype=bool)

    def _scoped(
        self, state: _Loaded, query: str, k: int, mode: Mode, allowed: np.ndarray | None, scope: np.ndarray | None
    ) -> list[ScoredChunk]:
        if scope is None:
            return self._search_one(state, query, k, mode, allowed)
        if self.settings.program_scope == "boost":
            return self._search_one(state, query, k, mode, allowed, prefer=scope)
        base = allowed if allowed is not None else np.ones(len(state.chunks), dtype=bool)
        first = self._search_one(state, query, k, mode, base & scope)
        rest = self._search_one(state, query, k, mode, base & state.general & ~scope) if len(first) < k else []
        return (first + rest)[:k]

    def _search_one(
        self, state: _Loaded, query: str, k: int, mode: Mode, allowed: np.ndarray | None, prefer: np.ndarray | None = None
    ) -> list[ScoredChunk]:
        clock = StageClock()
        expanded = expand_query(query, state.readings)
        pools = [allowed] if prefer is None else [allowed, prefer if allowed is None else allowed & prefer]
        # A message with context sentences before its question: the asking part weighs more.
        asking = "".join(asking_sentences(query)) if mode == "hybrid" else ""
        lexical_scores = state.lexical.scores(expanded) if mode != "dense" else None
        lexical_ranking = lexical_scores
        context_weight = self.settings.context_weight
        if asking and lexical_scores is not None and context_weight < 1:
            asked = state.lexical.scores(expand_query(asking, state.readings))
            lexical_ranking = context_weight * lexical_scores + (1 - context_weight) * asked
        clock.lap("lexical")
        cos_all = None
        dense_ranking = None
        if mode != "lexical":
            # The dense side reads the question as written: the lexical expansions (kanji
            # spellings, glossary terms) are for BM25 and only blur a sentence embedding.
            dense_query = query if self.settings.dense_query == "raw" else expanded
            cos_all = self._query_cosines(state, dense_query, clock)
            dense_ranking = cos_all
            share = self.settings.asking_dense_share
            if asking and share > 0:
                dense_ranking = (1 - share) * cos_all + share * self._query_cosines(state, asking, clock)
        candidates: set[int] = set()
        for pool in pools:
            if lexical_ranking is not None:
                candidates |= {i for i, _s in self._top_of(lexical_ranking, pool, positive_only=True)}
            if dense_ranking is not None and np.any(dense_ranking):
                candidates |= {i for i, _s in self._top_of(dense_ranking, pool, positive_only=False)}
        if not candidates:
            return []
        idx = np.fromiter(sorted(candidates), dtype=np.int64)
        if mode == "lexical":
            fused = lexical_ranking[idx]
        elif mode == "dense":
            fused = dense_ranking[idx]
        else:
            fused = fuse(lexical_ranking[idx], dense_ranking[idx], self.settings.fusion, self.settings.dense_weight, self.settings.rrf_k)
            if self.settings.phrase_weight:
                fused = fused + self.settings.phrase_weight * phrase_overlap(query, [state.compact_texts[i] for i in idx])
        if prefer is not None:
            top = float(np.max(np.abs(fused))) or 1.0
            fused = fused / top + PROGRAM_BOOST * prefer[idx]
        ranked = sorted(zip(idx.tolist(), fused.tolist()), key=lambda p: (-p[1], p[0]))
        signals: dict = {}
        if lexical_scores is not None:
            signals["lexical"] = lexical_scores
        if cos_all is not None:
            signals["dense_cos"] = cos_all
        if mode == "hybrid":
            ranked = self._diversify(state, ranked, k, self.settings.mmr_penalty)
        results = self._top(state, ranked, k, signals)
        clock.lap("fusion")
        return results

    def _query_cosines(self, state: _Loaded, text: str, clock: StageClock) -> np.ndarray:
        """Cosine of every chunk to ``text`` embedded in e5's query role (zeros for a null vector)."""
        query_vector = np.asarray(state.embeddings.embed_query(nfkc(text)), dtype=np.float32)
        clock.lap("embedding")
        norm = float(np.linalg.norm(query_vector))
        cosines = self._dense_scores(state, query_vector / norm) if norm > 0 else np.zeros(len(state.chunks), dtype=np.float32)
        clock.lap("dense")
        return cosines

    def _dense_scores(self, state: _Loaded, unit_query: np.ndarray) -> np.ndarray:
        """Cosine of every chunk to the query (one place, so that variants of the dense side,
        e.g. evals/retrieval_variants.py's sentence windows, replace only this)."""
        return _cosines(state.vectors, unit_query)

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
    def _top_of(scores: np.ndarray, allowed: np.ndarray | None, positive_only: bool) -> list[tuple[int, float]]:
        """The best ``_CANDIDATES`` of ``scores`` among ``allowed`` chunks (exact, in memory: a
        few thousand 384-d vectors take well under a millisecond)."""
        if allowed is not None:
            scores = np.where(allowed, scores, -np.inf)
        n = min(_CANDIDATES, len(scores))
        if n == 0:
            return []
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        floor = 0.0 if positive_only else -np.inf
        return [(int(i), float(scores[i])) for i in top if scores[i] > floor]

    @staticmethod
    def _diversify(state: _Loaded, ranked: list[tuple[int, float]], k: int, penalty: float) -> list[tuple[int, float]]:
        if penalty <= 0 or len(ranked) <= 1:
            return ranked
        pool = ranked[:_MMR_POOL]
        pool_vectors = state.vectors[[i for i, _ in pool]]
        # The pool's cosines to each other, once (not one small product per candidate and step).
        sims = np.einsum("ij,kj->ik", pool_vectors, pool_vectors).astype(np.float64)
        scores = np.array([score for _, score in pool], dtype=np.float64)
        closest = np.zeros(len(pool), dtype=np.float64)  # max cosine to a chosen item
        free = np.ones(len(pool), dtype=bool)
        chosen: list[tuple[int, float]] = []
        while free.any() and len(chosen) < k:
            adjusted = scores - penalty * closest if chosen else scores
            best = int(np.argmax(np.where(free, adjusted, -np.inf)))  # first maximum, as max() over the pool
            chosen.append(pool[best])
            free[best] = False
            closest = np.maximum(closest, sims[best]) if len(chosen) > 1 else sims[best]
        seen = {i for i, _ in chosen}
        return chosen + [item for item in ranked if item[0] not in seen]

    @staticmethod
    def _top(state: _Loaded, ranked: list[tuple[int, float]], k: int, signals: dict) -> list[ScoredChunk]:
        """The first k of a ranking as ScoredChunks, with each mode's own score kept in ``raw``
        (callers judge relevance from them, e.g. "nothing in the documents covers this")."""
        results = []
        lexical = signals.get("lexical")
        dense_cos = signals.get("dense_cos")
        for rank, (idx, score) in enumerate(ranked[:k], start=1):
            chunk = state.chunks[idx]
            raw: dict[str, float] = {}
            if lexical is not None:
                raw["lexical"] = float(lexical[idx])
            if dense_cos is not None:
                raw["dense"] = float(dense_cos[idx])
            results.append(ScoredChunk(chunk=chunk, score=float(score), source=state.sources[chunk.source_id], ranks={"fused": rank}, raw=raw))
        return results


class _ProgramScoped:
    """A Retriever view whose searches default to one program; everything else is the retriever's."""

    def __init__(self, retriever: Retriever, program: str | Sequence[str]) -> None:
        self._retriever = retriever
        self._program = program

    def search(self, query: str, *args, program: str | Sequence[str] | None = None, **kwargs) -> list[ScoredChunk]:
        return self._retriever.search(query, *args, program=program or self._program, **kwargs)

    def scoped(self, program: str | Sequence[str] | None) -> "Retriever | _ProgramScoped":
        return self._retriever.scoped(program or self._program)

    def __getattr__(self, name: str):
        return getattr(self._retriever, name)


def _cosines(vectors: np.ndarray, unit_query: np.ndarray) -> np.ndarray:
    """Cosines of every chunk with the query. einsum, not ``vectors @ q``: numpy's matmul hands a
    matrix-vector product this size to OpenBLAS, whose worker threads then spin for a while and
    take a core from the e5 engine's next query (on a loaded machine a 0.05 ms product also waited
    up to 35 ms for a worker). einsum runs in this thread: about 0.05 ms for 1,255 × 384."""
    return np.einsum("ij,j->i", vectors, unit_query)


def phrase_overlap(query: str, texts: Sequence[str], n: int | None = None) -> np.ndarray:
    """For each text (already ``compact``), the share of the query's distinct character n-grams
    (NFKC, whitespace removed) it contains verbatim; zeros for a query shorter than n. Substring
    tests on the candidates only (≤ 100 chunks of a few hundred characters): about a millisecond,
    no per-chunk n-gram sets kept in memory."""
    n = n or PHRASE_GRAM
    text = compact(query)
    grams = {text[i : i + n] for i in range(len(text) - n + 1)}
    if not grams:
        return np.zeros(len(texts), dtype=np.float64)
    return np.array([sum(g in t for g in grams) for t in texts], dtype=np.float64) / len(grams)


def fuse(lexical: np.ndarray, cosine: np.ndarray, method: str, dense_weight: float, rrf_k: int) -> np.ndarray:
    """Fused scores of candidates from their BM25 scores and cosines (same order)."""
    lex_max = float(lexical.max()) if len(lexical) else 0.0
    lex = lexical / lex_max if lex_max > 0 else np.zeros_like(lexical)
    if method == "rrf":
        fused = np.zeros(len(lexical), dtype=np.float64)
        for scores, positive in ((lexical, True), (cosine, False)):
            order = np.argsort(-scores, kind="stable")
            ranks = np.empty(len(scores), dtype=np.float64)
            ranks[order] = np.arange(1, len(scores) + 1)
            contribution = 1.0 / (rrf_k + ranks)
            fused += np.where(scores > 0, contribution, 0.0) if positive else contribution
        return fused
    if method == "calibrated":
        low, high = float(cosine.min()), float(cosine.max())
        dense = (cosine - low) / (high - low) if high > low else np.zeros_like(cosine)
    else:
        dense = np.clip(cosine, 0.0, None)
    return (1.0 - dense_weight) * lex + dense_weight * dense
