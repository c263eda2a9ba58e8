"""Retrieval variants tried for issue 9's FAQ targets, each on dev and test (one command:
``python evals/retrieval_variants.py``; writes the table between the ``variants`` markers of
evals/README.md and evals/results/retrieval_variants.json).

Every variant is applied on top of the product's hybrid search (calibrated fusion, w 0.4, phrase overlap off, MMR
0.25) to an already built index, without changing the product code: alternative passage vectors
are embedded through the shared chunk-vector cache (content-hash keys, so a re-run embeds
nothing), scoring variants replace one step of the loaded retriever. Variants were compared on dev
rows only (retrieval.jsonl, retrieval_holdout.jsonl, faq_monozukuri.jsonl, guideline_clauses.jsonl;
the FAQ sets with and without program context); the test columns were produced once, at the end.

Indexes (as evals/ablation.py): the bundled corpus (retrieval sets) and the bundled corpus plus the
six guideline PDFs of ../shared/datasets (FAQ PDFs not indexed) for the FAQ-style sets.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from advisor.config import REPO_ROOT, Settings
from advisor.evaluation.retrieval import run_retrieval_eval
from advisor.index import analysis
from advisor.index.embeddings import E5Embeddings, embedding_fingerprint
from advisor.index.format import read_chunks, read_manifest, sources_of
from advisor.ingest.indexer import ingest
from advisor.index.vector_cache import CachedEmbeddings, VectorCache
from advisor.retrieval import hybrid, lexical
from advisor.retrieval.hybrid import Retriever
from advisor.retrieval.lexical import BM25Index
from advisor.text import compact, nfkc, split_sentences
from advisor.types import Chunk

README = REPO_ROOT / "evals" / "README.md"
RESULTS = REPO_ROOT / "evals" / "results" / "retrieval_variants.json"
START, END = "<!-- variants:start -->", "<!-- variants:end -->"
DATASETS = REPO_ROOT / "evals" / "datasets"
METRICS = ("recall@1", "recall@5", "recall@10", "mrr")


# --- variant building blocks ---------------------------------------------------------------------


def sentence_windows(chunk: Chunk, max_chars: int) -> list[str]:
    """Consecutive sentences of a chunk, up to ``max_chars`` each, under the chunk's heading path;
    [] for a chunk that is one window already."""
    windows: list[str] = []
    current = ""
    for sentence in split_sentences(chunk.text):
        if current and len(current) + len(sentence) > max_chars:
            windows.append(current)
            current = sentence
        else:
            current += sentence
    if current:
        windows.append(current)
    if len(windows) <= 1:
        return []
    return [f"{chunk.heading}\n{w}" if chunk.heading_path else w for w in windows]


def word_bigrams(text: str) -> list[str]:
    """Adjacent content words (Sudachi mode C, particles skipped, punctuation breaks a pair)."""
    mode_c, _mode_a = analysis._modes()  # noqa: SLF001 - evaluation tooling
    out: list[str] = []
    for piece in analysis._pieces(nfkc(text)):  # noqa: SLF001
        previous = None
        for m in analysis._tokenizer().tokenize(piece, mode_c):  # noqa: SLF001
            pos = m.part_of_speech()
            if pos[0] in ("補助記号", "空白"):
                previous = None
                continue
            if pos[0] in analysis._SKIP_POS or pos[1] in analysis._SKIP_SUBPOS or m.normalized_form() in analysis._STOP_WORDS:  # noqa: SLF001
                continue
            current = m.normalized_form().lower()
            if previous is not None:
                out.append(f"b:{previous}|{current}")
            previous = current
    return out


_BOILERPLATE = re.compile(r"(について)?(具体的に)?(教えてください|教えて下さい|ご教示ください)[。.]?|(でしょうか|ますか|ですか|のですか|ください)[。？?]*$")


class _Embedder:
    """Passages through the shared vector cache (computed once per machine), queries memoised."""

    def __init__(self, settings: Settings) -> None:
        self.cached = CachedEmbeddings(E5Embeddings(), VectorCache(settings.vector_cache_dir, embedding_fingerprint(settings)))

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.cached.embed_documents(texts), dtype=np.float32).reshape(len(texts), -1)


class _MemoQueries:
    def __init__(self, inner, rewrite: Callable[[str], str] = lambda q: q) -> None:
        self.inner, self.rewrite, self.memo = inner, rewrite, {}

    def embed_query(self, text: str) -> list[float]:
        key = self.rewrite(text)
        if key not in self.memo:
            self.memo[key] = self.inner.embed_query(key)
        return self.memo[key]


class Variant:
    """Applies itself to a loaded retriever and undoes it afterwards."""

    def __init__(self, name: str, apply: Callable[[Retriever, Settings], Callable[[], None]], overrides: dict | None = None) -> None:
        self.name, self.apply, self.overrides = name, apply, overrides or {}


def _nothing(_r: Retriever, _s: Settings) -> Callable[[], None]:
    return lambda: None


def _title_passages(embedder: _Embedder) -> Callable:
    def apply(r: Retriever, _s: Settings):
        state = r._state()  # noqa: SLF001
        titles = {k: v.title for k, v in state.sources.items()}
        texts = [f"{titles[c.source_id]} / {c.heading}\n{c.text}" if c.heading_path else f"{titles[c.source_id]}\n{c.text}" for c in state.chunks]
        old = state.vectors
        state.vectors = embedder.passages(texts)

        def undo() -> None:
            state.vectors = old
        return undo
    return apply


def _windows(embedder: _Embedder, max_chars: int, mix: float | None, paged_only: bool) -> Callable:
    """mix None: a chunk's dense score is max(own cosine, best window's); else (1-mix)·own + mix·best."""
    def apply(r: Retriever, _s: Settings):
        state = r._state()  # noqa: SLF001
        texts, owners = [], []
        for row, chunk in enumerate(state.chunks):
            if paged_only and chunk.page is None:
                continue
            for w in sentence_windows(chunk, max_chars):
                texts.append(w)
                owners.append(row)
        if not texts:  # e.g. PDF chunks only, on an index of converted slides
            return lambda: None
        vectors = embedder.passages(texts)
        rows, starts = np.unique(np.asarray(owners), return_index=True)

        def raise_windowed(cosines: np.ndarray, unit_query: np.ndarray) -> None:
            if len(rows):
                best = np.maximum.reduceat(vectors @ unit_query, starts)
                cosines[rows] = _combine(cosines[rows], best, mix)

        return _patch_dense_scores(state, raise_windowed)
    return apply


def _neighbour_context(alpha: float) -> Callable:
    """A PDF chunk's vector plus alpha × each neighbouring chunk's of the same document."""
    def apply(r: Retriever, _s: Settings):
        state = r._state()  # noqa: SLF001
        old = state.vectors
        mixed = old.copy()
        chunks = state.chunks
        for i, chunk in enumerate(chunks):
            if chunk.page is None:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(chunks) and chunks[j].source_id == chunk.source_id:
                    mixed[i] += alpha * old[j]
        state.vectors = mixed / np.linalg.norm(mixed, axis=1, keepdims=True)

        def undo() -> None:
            state.vectors = old
        return undo
    return apply


def _section_context(weight: float) -> Callable:
    """Before MMR, each candidate gains weight × the best fused score of its heading section."""
    def apply(_r: Retriever, _s: Settings):
        original = Retriever._diversify

        def diversify(state, ranked, k, penalty):
            keys = [(state.chunks[i].source_id, state.chunks[i].heading) for i, _ in ranked]
            best: dict = {}
            for key, (_i, score) in zip(keys, ranked):
                best[key] = max(best.get(key, -math.inf), score)
            rescored = sorted(((i, s + weight * best[key]) for key, (i, s) in zip(keys, ranked)), key=lambda p: (-p[1], p[0]))
            return original(state, rescored, k, penalty)

        Retriever._diversify = staticmethod(diversify)  # type: ignore[method-assign]

        def undo() -> None:
            Retriever._diversify = staticmethod(original)  # type: ignore[method-assign]
        return undo
    return apply


def _bigrams(weight: float) -> Callable:
    def apply(r: Retriever, _s: Settings):
        state = r._state()  # noqa: SLF001
        stored = read_chunks(state.generation)
        titles = {k: v.title for k, v in sources_of(read_manifest(state.generation)).items()}
        old_index, old_terms = state.lexical, lexical.index_terms
        state.lexical = BM25Index([sc.terms + word_bigrams(titles[sc.chunk.source_id] + "\n" + sc.chunk.text_with_heading()) for sc in stored])
        lexical.FIELD_WEIGHTS["b"] = weight
        lexical.index_terms = lambda text: old_terms(text) + word_bigrams(text)

        def undo() -> None:
            state.lexical = old_index
            lexical.index_terms = old_terms
            lexical.FIELD_WEIGHTS.pop("b", None)
        return undo
    return apply


def _stripped_dense_query(r: Retriever, _s: Settings):
    state = r._state()  # noqa: SLF001
    old = state.embeddings
    state.embeddings = _MemoQueries(old.inner if isinstance(old, _MemoQueries) else old, lambda q: _BOILERPLATE.sub("", q).strip() or q)

    def undo() -> None:
        state.embeddings = old
    return undo


def _stripped_lexical_query(_r: Retriever, _s: Settings):
    """The BM25 query without question boilerplate (「〜について教えてください」「〜ですか」)."""
    original = hybrid.expand_query
    hybrid.expand_query = lambda q, readings=None: original(_BOILERPLATE.sub("", q).strip() or q, readings)

    def undo() -> None:
        hybrid.expand_query = original
    return undo


def _depth(n: int) -> Callable:
    def apply(_r: Retriever, _s: Settings):
        old = hybrid._CANDIDATES  # noqa: SLF001
        hybrid._CANDIDATES = n  # noqa: SLF001

        def undo() -> None:
            hybrid._CANDIDATES = old  # noqa: SLF001
        return undo
    return apply


# --- session 17: question-shape prior, pseudo-relevance feedback, heading pseudo-questions -------

# What kind of section answers each question slot (advisor.understanding.rules.SLOT_PATTERNS):
# read off a chunk's heading path. The product would receive the slot from above (understanding
# runs after retrieval in the data flow), so the variant computes it in the evaluation tooling.
SECTION_KINDS: dict[str, re.Pattern[str]] = {
    "expenses": re.compile(r"経費|費用"),
    "eligibility": re.compile(r"対象者|対象事業|要件|対象外|対象と|補助対象|申請者|事業者"),
    "date": re.compile(r"スケジュール|期間|期限|日程|締切|公募期間|実施期間"),
    "procedure": re.compile(r"手続|申請|提出|流れ|交付|報告|採択"),
    "rate": re.compile(r"補助率|補助上限|補助額|上限額"),
    "amount": re.compile(r"補助率|補助上限|補助額|上限額"),
}
_current: dict[str, object] = {}


def _with_query(apply_inner: Callable[[Retriever, Settings], Callable[[], None]]) -> Callable:
    """Remembers the question of the running search (module state: the eval is single-threaded)
    for scoring steps that do not receive it."""
    def apply(r: Retriever, s: Settings):
        original = Retriever.search

        def search(self, query, *args, **kwargs):
            _current["query"] = query
            return original(self, query, *args, **kwargs)

        Retriever.search = search  # type: ignore[method-assign]
        undo_inner = apply_inner(r, s)

        def undo() -> None:
            undo_inner()
            Retriever.search = original  # type: ignore[method-assign]
        return undo
    return apply


def _slot_prior(bonus: float) -> Callable:
    """Before MMR, a candidate whose heading path is of a kind that answers the question's slot
    (expenses → 経費, eligibility → 対象/要件 …) gains ``bonus`` (fused scores lie in 0..1)."""
    from advisor.understanding.rules import slots_of

    def inner(_r: Retriever, _s: Settings):
        original = Retriever._diversify

        def diversify(state, ranked, k, penalty):
            kinds = [SECTION_KINDS[s] for s in slots_of(str(_current.get("query", ""))) if s in SECTION_KINDS]
            if kinds:
                ranked = sorted(((i, s + bonus * any(p.search(state.chunks[i].heading) for p in kinds)) for i, s in ranked),
                                key=lambda p: (-p[1], p[0]))
            return original(state, ranked, k, penalty)

        Retriever._diversify = staticmethod(diversify)  # type: ignore[method-assign]

        def undo() -> None:
            Retriever._diversify = staticmethod(original)  # type: ignore[method-assign]
        return undo
    return _with_query(inner)


class _Expanded:
    """A BM25 index whose scores add ``extra`` (pseudo-relevance feedback terms) to a query's."""

    def __init__(self, inner: BM25Index) -> None:
        self.inner, self.extra = inner, None

    def scores(self, text: str) -> np.ndarray:
        base = self.inner.scores(text)
        if self.extra is None:
            return base
        cols, vals = self.extra
        return base + np.asarray(self.inner.matrix[:, cols] @ vals).ravel()

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def _feedback(docs: int, n_terms: int, weight: float) -> Callable:
    """RM3-style: after a first hybrid pass, the ``n_terms`` word terms (w:) most characteristic of
    the top ``docs`` chunks (tf share × idf, summed over those chunks) join the BM25 query with
    ``weight`` × (their share of the expansion mass) each; then the search runs again."""
    def apply(r: Retriever, _s: Settings):
        state = r._state()  # noqa: SLF001
        stored = read_chunks(state.generation)
        index = state.lexical.inner if isinstance(state.lexical, _Expanded) else state.lexical
        n = index.n_docs
        df = np.asarray((index.matrix > 0).sum(axis=0)).ravel()
        idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        term_counts = []
        for sc in stored:
            counts: dict[int, float] = {}
            words = [t for t in sc.terms if t.startswith("w:")]
            for t in words:
                col = index.vocabulary.get(t)
                if col is not None:
                    counts[col] = counts.get(col, 0.0) + 1.0 / max(1, len(words))
            term_counts.append(counts)
        wrapped = _Expanded(index)
        state.lexical = wrapped
        original = Retriever._search_one

        def search_one(self, st, query, k, mode, allowed, prefer=None):
            first = original(self, st, query, max(k, docs), mode, allowed, prefer)
            if st is not state or mode != "hybrid" or not first:
                return first[:k]
            query_cols = set(index.query_vector(lexical.index_terms(query))[0].tolist())
            mass: dict[int, float] = {}
            for hit in first[:docs]:
                for col, share in term_counts[st.by_id[hit.chunk.id]].items():
                    if col not in query_cols:
                        mass[col] = mass.get(col, 0.0) + share * idf[col]
            best = sorted(mass.items(), key=lambda p: -p[1])[:n_terms]
            total = sum(v for _c, v in best) or 1.0
            wrapped.extra = (np.array([c for c, _v in best], dtype=np.int64), np.array([weight * v / total * len(best) for _c, v in best]))
            try:
                return original(self, st, query, k, mode, allowed, prefer)
            finally:
                wrapped.extra = None

        Retriever._search_one = search_one  # type: ignore[method-assign]

        def undo() -> None:
            Retriever._search_one = original  # type: ignore[method-assign]
            state.lexical = index
        return undo
    return apply


def _heading_questions(mix: float | None) -> Callable:
    """Each chunk's heading path read as a question an owner might ask (「<leaf heading>について
    教えてください」, with the parent heading for context), embedded in the query role (e5's
    symmetric use) and compared with the question: a chunk's dense score is max(own, pseudo) when
    ``mix`` is None, else (1-mix)·own + mix·pseudo. One vector per distinct heading path."""
    memo: dict[str, np.ndarray] = {}

    def apply(r: Retriever, _s: Settings):
        state = r._state()  # noqa: SLF001
        inner = state.embeddings.inner if isinstance(state.embeddings, _MemoQueries) else state.embeddings
        paths = [tuple(c.heading_path) for c in state.chunks]
        distinct = sorted({p for p in paths if p})
        texts = [f"{p[-2] + 'の' if len(p) > 1 else ''}{p[-1]}について教えてください。" for p in distinct]
        todo = [t for t in texts if t not in memo]
        for t in todo:
            memo[t] = np.asarray(inner.embed_query(nfkc(t)), dtype=np.float32)
        vectors = np.stack([memo[t] for t in texts]) if texts else np.zeros((0, state.vectors.shape[1]), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        row_of = {p: i for i, p in enumerate(distinct)}
        owners = np.array([row_of.get(p, -1) for p in paths])
        has = owners >= 0

        def raise_by_heading(cosines: np.ndarray, unit_query: np.ndarray) -> None:
            if len(distinct):
                cosines[has] = _combine(cosines[has], _cos(vectors, unit_query)[owners[has]], mix)

        return _patch_dense_scores(state, raise_by_heading)
    return apply


def _combine(own: np.ndarray, extra: np.ndarray, mix: float | None) -> np.ndarray:
    """max(own, extra) when ``mix`` is None, else (1-mix)·own + mix·extra."""
    return np.maximum(own, extra) if mix is None else (1 - mix) * own + mix * extra


def _patch_dense_scores(state: object, adjust: Callable[[np.ndarray, np.ndarray], None]) -> Callable[[], None]:
    """Route the retriever's dense scores through ``adjust(cosines, unit_query)`` (in place) for
    searches over ``state``, the loaded index a variant prepared; returns the undo."""
    original = Retriever._dense_scores

    def dense_scores(self, st, unit_query):
        cosines = _cos(st.vectors, unit_query)  # the product's own cosine (advisor.retrieval.hybrid)
        if st is state:
            adjust(cosines, unit_query)
        return cosines

    Retriever._dense_scores = dense_scores  # type: ignore[method-assign]

    def undo() -> None:
        Retriever._dense_scores = original  # type: ignore[method-assign]
    return undo


def _cos(vectors: np.ndarray, unit_query: np.ndarray) -> np.ndarray:
    return np.einsum("ij,j->i", vectors, unit_query)



# --- (h) a small logistic scorer over generic features, fitted on dev rows of several sets -------

FEATURES = ("bm25/max", "calibrated cosine", "cosine − best cosine", "1/(1+BM25 rank)", "1/(1+dense rank)",
            "query words in heading", "slot ↔ heading kind", "log chars", "PDF chunk", "query 4-grams in chunk",
            "quoted phrases in chunk")
# The dev sets the scorer learns from; the FAQ questions with and without program context are one
# group (the same questions), so leave-one-group-out never sees a held-out question in training.
SCORER_GROUPS = {"retrieval.jsonl": "retrieval", "retrieval_holdout.jsonl": "holdout",
                 "faq_monozukuri.jsonl": "faq", "faq_monozukuri.jsonl + program": "faq",
                 "guideline_clauses.jsonl": "clauses", "guideline_clauses.jsonl + program": "clauses"}


def _ranks_desc(values: np.ndarray) -> np.ndarray:
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[order] = np.arange(len(values))
    return ranks


class _Features:
    """Per-candidate features of one index (heading terms computed once per chunk)."""

    def __init__(self, state) -> None:
        from advisor.understanding.rules import slots_of

        self.slots_of = slots_of
        self.heading_words = [{t for t in lexical.index_terms(c.heading) if t.startswith("w:")} if c.heading_path else set() for c in state.chunks]
        self.log_chars = np.array([math.log(1 + len(c.text)) for c in state.chunks])
        self.paged = np.array([c.page is not None for c in state.chunks], dtype=np.float64)
        self.headings = [c.heading for c in state.chunks]
        self.texts = [compact(c.text_with_heading()) for c in state.chunks]
        self.grams: dict[int, set[str]] = {}

    def matrix(self, query: str, lex: np.ndarray, cos: np.ndarray, idx: np.ndarray) -> np.ndarray:
        lex_c, cos_c = lex[idx], cos[idx]
        lex_max = float(lex_c.max()) if len(lex_c) else 0.0
        low, high = float(cos_c.min()), float(cos_c.max())
        words = {t for t in lexical.index_terms(query) if t.startswith("w:")}
        kinds = [SECTION_KINDS[s] for s in self.slots_of(query) if s in SECTION_KINDS]
        heading_overlap = np.array([len(words & self.heading_words[i]) / max(1, len(words)) for i in idx])
        slot_match = np.array([float(bool(kinds) and any(p.search(self.headings[i]) for p in kinds)) for i in idx])
        return np.column_stack([
            lex_c / lex_max if lex_max > 0 else np.zeros(len(idx)),
            (cos_c - low) / (high - low) if high > low else np.zeros(len(idx)),
            cos_c - high,
            1.0 / (1.0 + _ranks_desc(lex_c)),
            1.0 / (1.0 + _ranks_desc(cos_c)),
            heading_overlap,
            slot_match,
            self.log_chars[idx] - 6.0,
            self.paged[idx],
            self.gram_overlap(query, idx),
            self.quoted(query, idx),
        ])

    def gram_overlap(self, query: str, idx: np.ndarray) -> np.ndarray:
        """The product's phrase feature (hybrid.phrase_overlap: share of the question's character
        4-grams found in the chunk)."""
        return hybrid.phrase_overlap(query, [self.texts[i] for i in idx.tolist()])

    def quoted(self, query: str, idx: np.ndarray) -> np.ndarray:
        """Share of the question's 「quoted」 phrases (owners quote the guideline) found verbatim."""
        phrases = [compact(q) for q in _QUOTED.findall(query) if len(compact(q)) >= 2]
        if not phrases:
            return np.zeros(len(idx))
        return np.array([sum(ph in self.texts[i] for ph in phrases) / len(phrases) for i in idx.tolist()])


_QUOTED = re.compile(r"「([^「」]{2,80})」")



def _scored_search_one(features_of: Callable, score: Callable[[np.ndarray], np.ndarray], sink: list | None = None):
    """Retriever._search_one for hybrid mode with ``score`` (features → scores) instead of fuse;
    ``sink`` collects (state, candidate rows, features) of every pool for training."""
    def search_one(self, st, query, k, mode, allowed, prefer=None):
        if mode != "hybrid" or prefer is not None:
            return _ORIGINAL_SEARCH_ONE(self, st, query, k, mode, allowed, prefer)
        lex = st.lexical.scores(analysis.expand_query(query, st.readings))
        vector = np.asarray(st.embeddings.embed_query(nfkc(query)), dtype=np.float32)
        cos = self._dense_scores(st, vector / max(float(np.linalg.norm(vector)), 1e-9))
        candidates = {i for i, _s in self._top_of(lex, allowed, positive_only=True)} | {i for i, _s in self._top_of(cos, allowed, positive_only=False)}
        if not candidates:
            return []
        idx = np.fromiter(sorted(candidates), dtype=np.int64)
        feats = features_of(st).matrix(query, lex, cos, idx)
        if sink is not None:
            sink.append((st, idx, feats))
        ranked = sorted(zip(idx.tolist(), score(feats).tolist()), key=lambda p: (-p[1], p[0]))
        ranked = self._diversify(st, ranked, k, self.settings.mmr_penalty)
        return self._top(st, ranked, k, {"lexical": lex, "dense_cos": cos})
    return search_one


_ORIGINAL_SEARCH_ONE = Retriever._search_one


def _fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000, lr: float = 0.5) -> np.ndarray:
    """Weights (last = bias) of an L2-regularised logistic regression, positives re-weighted to
    the negatives' total (a pool has one or two relevant chunks among ~80)."""
    xb = np.column_stack([x, np.ones(len(x))])
    sample = np.where(y > 0, (y == 0).sum() / max(1, (y > 0).sum()), 1.0)
    sample /= sample.mean()
    w = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (sample * (p - y)) / len(y) + l2 / len(y) * np.r_[w[:-1], 0.0]
        w -= lr * grad
    return w


class _LearnedScorer:
    """Collects candidate pools of the dev rows of every set once (product ranking), labels a
    candidate relevant when it contains one of the row's gold strings, and fits per held-out group."""

    def __init__(self) -> None:
        self.features: dict[int, _Features] = {}
        self.pools: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # dataset → (X, y)
        self.runs: list[tuple[str, Settings, bool]] = []
        self.retrievers: dict[int, Retriever] = {}

    def features_of(self, state) -> _Features:
        if id(state) not in self.features:
            self.features[id(state)] = _Features(state)
        return self.features[id(state)]

    def collect(self) -> None:
        from advisor.evaluation.datasets import load_rows
        from advisor.text import compact

        for dataset, settings, program in self.runs:
            name = dataset + (" + program" if program else "")
            retriever = self.retrievers[id(settings)]
            retriever.settings = settings.model_copy(update={} if program else {"program_from_question": False})
            xs, ys = [], []
            for row in load_rows(DATASETS / dataset, "dev", required=("id", "question", "gold")):
                sink: list = []
                Retriever._search_one = _scored_search_one(self.features_of, _product_score, sink)  # type: ignore[method-assign]
                try:
                    retriever.search(row["question"], k=10, program=(row.get("program") if program else None) or None)
                finally:
                    Retriever._search_one = _ORIGINAL_SEARCH_ONE  # type: ignore[method-assign]
                gold = [compact(g) for g in row["gold"] if compact(g)]
                for st, idx, feats in sink:
                    xs.append(feats)
                    ys.append(np.array([float(any(g in compact(st.chunks[i].text_with_heading()) for g in gold)) for i in idx]))
            retriever.settings = settings
            self.pools[name] = (np.vstack(xs), np.concatenate(ys))

    def weights(self, held_out: str | None) -> np.ndarray:
        if not self.pools:
            self.collect()
        group = SCORER_GROUPS.get(held_out or "")
        parts = [pool for name, pool in self.pools.items() if SCORER_GROUPS[name] != group]
        return _fit_logistic(np.vstack([x for x, _y in parts]), np.concatenate([y for _x, y in parts]))


def _bonus(scorer: "_LearnedScorer", column: int, weight: float) -> Callable:
    """The product's fusion plus ``weight`` × one feature (a hand-set prior, no fitting)."""
    def apply(_r: Retriever, _s: Settings):
        Retriever._search_one = _scored_search_one(scorer.features_of, lambda f: _product_score(f) + weight * f[:, column], None)  # type: ignore[method-assign]

        def undo() -> None:
            Retriever._search_one = _ORIGINAL_SEARCH_ONE  # type: ignore[method-assign]
        return undo
    return apply


_QUESTION_END = re.compile(r"(?:か|[？?])[。？?]?$")


def question_parts(query: str) -> list[str]:
    """The questions of a message that asks two or more (「…採択されますか。また、…割合で…か。」),
    [] otherwise: each part then gets its own ranking, interleaved as for comparisons."""
    parts = [p.strip() for p in re.split(r"(?<=[。？?])", nfkc(query)) if p.strip()]
    asked = [re.sub(r"^(?:また|それと|あと)[、,]?", "", p) for p in parts if _QUESTION_END.search(p)]
    return asked if len(asked) >= 2 else []


def _multi_question(_r: Retriever, _s: Settings):
    original = hybrid.split_comparison
    hybrid.split_comparison = lambda q: original(q) or question_parts(q)

    def undo() -> None:
        hybrid.split_comparison = original
    return undo


def _gram_length(n: int) -> Callable:
    def apply(_r: Retriever, _s: Settings):
        old = hybrid.PHRASE_GRAM
        hybrid.PHRASE_GRAM = n

        def undo() -> None:
            hybrid.PHRASE_GRAM = old
        return undo
    return apply


def _product_score(feats: np.ndarray) -> np.ndarray:
    """The product's hybrid score (calibrated fusion w 0.4 + phrase overlap) from the same
    features: collection ranks as the product does."""
    return 0.6 * feats[:, 0] + 0.4 * feats[:, 1] + Settings().phrase_weight * feats[:, 9]


def _learned(scorer: _LearnedScorer, cross_validated: bool) -> Callable:
    """cross_validated: the weights for a set are fitted without that set's group (honest dev
    figure); else on every group's dev rows (what the product would ship; its dev row is in-sample)."""
    def apply(_r: Retriever, _s: Settings):
        w = scorer.weights(str(_current.get("dataset")) if cross_validated else None)
        Retriever._search_one = _scored_search_one(scorer.features_of, lambda f: f @ w[:-1] + w[-1], None)  # type: ignore[method-assign]
        if not cross_validated:
            print("learned weights:", dict(zip((*FEATURES, "bias"), np.round(w, 3).tolist())), flush=True)

        def undo() -> None:
            Retriever._search_one = _ORIGINAL_SEARCH_ONE  # type: ignore[method-assign]
        return undo
    return apply


# --- session 18: dense pseudo-relevance feedback, heading vectors, same-section candidates ------


def _rocchio(docs: int, beta: float, heading_pass: bool = False) -> Callable:
    """Dense pseudo-relevance feedback: a first hybrid pass, then the dense side runs again with
    q' = q + beta × mean(unit vectors of the first pass's top ``docs`` chunks) (Rocchio in e5's
    space; nothing is embedded again). ``heading_pass``: instead, the question is embedded again
    with the heading path of the first pass's top chunk appended (one more e5 query)."""
    def apply(r: Retriever, _s: Settings):
        original_search_one, original_dense = Retriever._search_one, Retriever._dense_scores
        feedback: dict[str, np.ndarray] = {}

        def dense_scores(self, st, unit_query):
            if "vector" in feedback:
                moved = unit_query + feedback["vector"]
                unit_query = moved / max(float(np.linalg.norm(moved)), 1e-9)
            return _cos(st.vectors, unit_query)

        def search_one(self, st, query, k, mode, allowed, prefer=None):
            first = original_search_one(self, st, query, max(k, docs), mode, allowed, prefer)
            if mode != "hybrid" or not first:
                return first[:k]
            top = [st.by_id[hit.chunk.id] for hit in first[:docs]]
            if heading_pass:
                heading = st.chunks[top[0]].heading
                if not heading:
                    return first[:k]
                vector = np.asarray(st.embeddings.embed_query(nfkc(f"{query}\n{heading}")), dtype=np.float32)
                unit = vector / max(float(np.linalg.norm(vector)), 1e-9)
                base = np.asarray(st.embeddings.embed_query(nfkc(query)), dtype=np.float32)
                base /= max(float(np.linalg.norm(base)), 1e-9)
                feedback["vector"] = unit - base  # q' = the re-embedded question (dense_scores adds q back)
            else:
                feedback["vector"] = beta * st.vectors[top].mean(axis=0)
            try:
                return original_search_one(self, st, query, k, mode, allowed, prefer)
            finally:
                feedback.pop("vector", None)

        Retriever._search_one, Retriever._dense_scores = search_one, dense_scores  # type: ignore[method-assign]

        def undo() -> None:
            Retriever._search_one, Retriever._dense_scores = original_search_one, original_dense  # type: ignore[method-assign]
        return undo
    return apply


def _heading_vectors(embedder: _Embedder, max_chars: int | None) -> Callable:
    """Each distinct heading path embedded as a passage (「<h1> / <h2> / …」); a chunk's dense score is
    max(own cosine, its heading path's) for questions of at most ``max_chars`` characters
    (definitional questions name the section's topic, not the clause's wording); None: all."""
    def apply(r: Retriever, _s: Settings):
        state = r._state()  # noqa: SLF001
        paths = [tuple(c.heading_path) for c in state.chunks]
        distinct = sorted({p for p in paths if p})
        if not distinct:
            return lambda: None
        vectors = embedder.passages([" / ".join(p) for p in distinct])
        row_of = {p: i for i, p in enumerate(distinct)}
        owners = np.array([row_of.get(p, -1) for p in paths])
        has = owners >= 0

        def raise_by_heading(cosines: np.ndarray, unit_query: np.ndarray) -> None:
            query = str(_current.get("query", ""))
            if max_chars is None or len(compact(query)) <= max_chars:
                cosines[has] = np.maximum(cosines[has], _cos(vectors, unit_query)[owners[has]])

        return _patch_dense_scores(state, raise_by_heading)
    return _with_query(apply)


def _siblings(top: int) -> Callable:
    """Each side's candidate list also brings the chunks of the same heading section (same
    document and heading path) as its ``top`` best, before fusion: a section's answer clause may
    share no words with the question while its sibling does."""
    def apply(r: Retriever, _s: Settings):
        state = r._state()  # noqa: SLF001
        sections: dict[tuple, list[int]] = {}
        for i, c in enumerate(state.chunks):
            if c.heading_path:
                sections.setdefault((c.source_id, tuple(c.heading_path)), []).append(i)
        key = [(c.source_id, tuple(c.heading_path)) if c.heading_path else None for c in state.chunks]
        original = Retriever._top_of

        def top_of(scores, allowed, positive_only):
            found = original(scores, allowed, positive_only)
            if len(scores) != len(state.chunks):
                return found
            seen = {i for i, _s in found}
            extra = []
            for i, _s in found[:top]:
                for j in sections.get(key[i], []) if key[i] else []:
                    if j not in seen and (allowed is None or allowed[j]):
                        seen.add(j)
                        extra.append((j, float(scores[j])))
            return found + extra

        Retriever._top_of = staticmethod(top_of)  # type: ignore[method-assign]

        def undo() -> None:
            Retriever._top_of = staticmethod(original)  # type: ignore[method-assign]
        return undo
    return apply


_RULE_WORDS_MARK = "# The rules of a subsidy as owners put them"


def _without_rule_words(_r: Retriever, _s: Settings):
    """The product without session 18's owner words (glossary.yaml ``ja_terms``
    from the comment ``_RULE_WORDS_MARK`` on): what the figures were before them."""
    text = analysis.GLOSSARY_FILE.read_text(encoding="utf-8")
    later = {line.split(":", 1)[0].strip() for line in text[text.index(_RULE_WORDS_MARK):].splitlines()
             if ":" in line and not line.lstrip().startswith("#")}
    original = analysis.owner_terms
    analysis.owner_terms = lambda: {k: v for k, v in original().items() if k not in {nfkc(w) for w in later}}

    def undo() -> None:
        analysis.owner_terms = original
    return undo


# --- session 19 ------------------------------------------------------------------------------------

asking_sentences = analysis.asking_sentences  # the product's (adopted as (p''))


def _asking_dense_query(mix: float | None, min_chars: int = 0) -> Callable:
    """e5's query for a message of several sentences: mix None → the asking sentence(s) alone;
    else the dense score is (1-mix)·cos(whole message) + mix·cos(asking sentences)."""
    def apply(r: Retriever, _s: Settings):
        state = r._state()  # noqa: SLF001
        memo = state.embeddings

        def asking(q: str) -> str | None:
            parts = asking_sentences(q)
            return "".join(parts) if parts and len(nfkc(q)) >= min_chars else None

        if mix is None:
            state.embeddings = _MemoQueries(memo.inner if isinstance(memo, _MemoQueries) else memo, lambda q: asking(q) or q)

            def undo_rewrite() -> None:
                state.embeddings = memo
            return undo_rewrite

        def blend(cosines: np.ndarray, _unit_query: np.ndarray) -> None:
            part = asking(str(_current.get("query", "")))
            if part:
                v = np.asarray(memo.embed_query(part), dtype=np.float32)
                cosines[:] = (1 - mix) * cosines + mix * _cos(state.vectors, v / np.linalg.norm(v))

        return _with_query(lambda _r, _s: _patch_dense_scores(state, blend))(r, _s)
    return apply


def _asking_lexical_query(context_weight: float) -> Callable:
    """BM25 for a message of several sentences: the context sentences' terms count
    ``context_weight``, the asking sentences' terms 1 (the lexical twin of the dense variant)."""
    def apply(r: Retriever, _s: Settings):
        state = r._state()  # noqa: SLF001
        original = state.lexical

        class _Weighted:
            def scores(self, text: str) -> np.ndarray:
                query = str(_current.get("query", ""))
                asking = asking_sentences(query)
                if not asking:
                    return original.scores(text)
                full = original.scores(text)  # the expanded message, every term once
                ask = original.scores(hybrid.expand_query("".join(asking), state.readings))
                return context_weight * full + (1 - context_weight) * ask

        state.lexical = _Weighted()  # type: ignore[assignment]
        inner_undo = _with_query(lambda _r, _s: (lambda: None))(r, _s)

        def undo() -> None:
            inner_undo()
            state.lexical = original
        return undo
    return apply


class _FieldTerms:
    """Index terms of each chunk's title, heading path and text, separately (computed once)."""

    def __init__(self) -> None:
        self.by_generation: dict[Path, tuple[list[list[str]], list[list[str]], list[list[str]]]] = {}

    def of(self, state) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
        if state.generation not in self.by_generation:
            memo: dict[str, list[str]] = {}

            def terms(text: str) -> list[str]:
                if text not in memo:
                    memo[text] = analysis.index_terms(text) if text else []
                return memo[text]

            titles = [terms(state.sources[c.source_id].title) for c in state.chunks]
            headings = [terms(c.heading if c.heading_path else "") for c in state.chunks]
            texts = [analysis.index_terms(c.text) for c in state.chunks]
            self.by_generation[state.generation] = (titles, headings, texts)
        return self.by_generation[state.generation]


class _BM25F(BM25Index):
    """BM25F (one saturation over field-weighted term frequencies and lengths): the title, heading
    path and text of a chunk as separate fields instead of one bag."""

    def __init__(self, fields: list[tuple[list[list[str]], float]], k1: float = 1.2, b: float = 0.75) -> None:
        from collections import Counter

        from scipy import sparse

        n = len(fields[0][0])
        self.vocabulary = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[float] = []
        lengths = np.zeros(n, dtype=np.float64)
        for row in range(n):
            counts: Counter = Counter()
            for term_lists, weight in fields:
                if weight <= 0:
                    continue
                for term in term_lists[row]:
                    counts[term] += weight
                lengths[row] += weight * len(term_lists[row])
            for term, tf in counts.items():
                col = self.vocabulary.setdefault(term, len(self.vocabulary))
                rows.append(row)
                cols.append(col)
                tfs.append(tf)
        shape = (n, max(1, len(self.vocabulary)))
        tf_matrix = sparse.csr_matrix((np.asarray(tfs), (rows, cols)), shape=shape)
        df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=shape[1]).astype(np.float64)
        idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        norm = k1 * (1.0 - b + b * lengths / max(float(lengths.mean()), 1e-9))
        coo = tf_matrix.tocoo()
        weights = coo.data * (k1 + 1.0) / (coo.data + norm[coo.row]) * idf[coo.col]
        self.matrix = sparse.csc_matrix((weights, (coo.row, coo.col)), shape=shape)
        self.n_docs = n


def _bm25f(fields: _FieldTerms, title: float, heading: float, text: float = 1.0) -> Callable:
    def apply(r: Retriever, _s: Settings):
        state = r._state()  # noqa: SLF001
        titles, headings, texts = fields.of(state)
        original = state.lexical
        state.lexical = _BM25F([(titles, title), (headings, heading), (texts, text)])

        def undo() -> None:
            state.lexical = original
        return undo
    return apply


_DEFINITION = re.compile(r"([^、。「」()（）\s]{2,40})[(（]以下[、,]?「([^」]{2,20})」という")


def mined_definitions(text: str) -> list[tuple[str, str]]:
    """(full form, short name) pairs a document defines itself: 「独立行政法人中小企業基盤整備機構
    （以下「中小機構」という。）」 → (独立行政法人中小企業基盤整備機構, 中小機構)."""
    return [(m.group(1), m.group(2)) for m in _DEFINITION.finditer(nfkc(text))]


def _document_expansion(owner_words: bool, definitions: bool, weight: float = 0.5) -> Callable:
    """Document-side expansion of the BM25 index: a chunk that contains a glossary ``ja_terms``
    target is also indexed under the owner phrase that maps to it (owner_words), and a chunk that
    uses a short name its document defines is also indexed under the full form (definitions);
    added terms count ``weight``. The query-side expansion stays."""
    def apply(r: Retriever, _s: Settings):
        state = r._state()  # noqa: SLF001
        stored = read_chunks(state.generation)
        texts = [compact(state.sources[sc.chunk.source_id].title + sc.chunk.text_with_heading()) for sc in stored]
        extra: list[list[str]] = [[] for _ in stored]
        if owner_words:
            for phrase, targets in analysis.owner_terms().items():
                phrase_terms = analysis.index_terms(phrase)
                for i, t in enumerate(texts):
                    if any(compact(nfkc(x)) in t for x in targets):
                        extra[i] += phrase_terms
        if definitions:
            by_doc: dict[str, list[tuple[str, str]]] = {}
            for sc in stored:
                by_doc.setdefault(sc.chunk.source_id, []).extend(mined_definitions(sc.chunk.text))
            for i, sc in enumerate(stored):
                for full, short in by_doc.get(sc.chunk.source_id, []):
                    if short in texts[i] and compact(full) not in texts[i]:
                        extra[i] += analysis.index_terms(full)
        original = state.lexical
        state.lexical = _BM25F([([sc.terms for sc in stored], 1.0), (extra, weight)])

        def undo() -> None:
            state.lexical = original
        return undo
    return apply


def _agreement_weight(top: int, low: float, high: float, w_disagree: float) -> Callable:
    """Per-query dense weight from the two retrievers' agreement: the share of BM25's top ``top``
    that is also in e5's top ``top``; below ``low`` the blend uses ``w_disagree``, above ``high``
    the product's weight, linear in between."""
    def apply(r: Retriever, s: Settings):
        original = Retriever._search_one
        base_w = s.dense_weight

        def search_one(self, state, query, k, mode, allowed, prefer=None):
            if mode != "hybrid":
                return original(self, state, query, k, mode, allowed, prefer)
            lex = state.lexical.scores(hybrid.expand_query(query, state.readings))
            v = np.asarray(state.embeddings.embed_query(nfkc(query)), dtype=np.float32)
            cos = self._dense_scores(state, v / np.linalg.norm(v))
            if allowed is not None:
                lex, cos = np.where(allowed, lex, -np.inf), np.where(allowed, cos, -np.inf)
            a = set(np.argsort(-lex)[:top].tolist())
            b = set(np.argsort(-cos)[:top].tolist())
            share = len(a & b) / top
            t = 0.0 if share <= low else 1.0 if share >= high else (share - low) / (high - low)
            w = w_disagree + t * (base_w - w_disagree)
            saved = self.settings
            self.settings = saved.model_copy(update={"dense_weight": w})
            try:
                return original(self, state, query, k, mode, allowed, prefer)
            finally:
                self.settings = saved

        Retriever._search_one = search_one  # type: ignore[method-assign]

        def undo() -> None:
            Retriever._search_one = original  # type: ignore[method-assign]
        return undo
    return apply


_VOCAB_TERM = re.compile(r"[\u3400-\u9fff\u30a0-\u30ff]")


def _vocabulary_projection(embedder: _Embedder, n_terms: int, weight: float, floor: float = 0.0) -> Callable:
    """Dense → sparse expansion: the corpus's content words (w: terms in ≥ 2 chunks, ≥ 3
    characters, with kanji or katakana) are embedded once each as e5 passages (through the vector
    cache); a question's own e5 vector then picks the ``n_terms`` nearest words it does not already
    contain (cosine ≥ ``floor``), and they join the BM25 query at ``weight`` each. One product of the
    query vector with the vocabulary per search, no extra embedding at search time."""
    cache: dict[Path, tuple[np.ndarray, np.ndarray]] = {}

    def apply(r: Retriever, _s: Settings):
        from collections import Counter

        state = r._state()  # noqa: SLF001
        index = state.lexical
        if state.generation not in cache:
            df: Counter = Counter()
            for sc in read_chunks(state.generation):
                df.update({t for t in sc.terms if t.startswith("w:")})
            words = sorted(t for t, c in df.items() if c >= 2 and len(t) >= 5 and _VOCAB_TERM.search(t))
            cache[state.generation] = (np.array([index.vocabulary[w] for w in words], dtype=np.int64), embedder.passages([w[2:] for w in words]))
        cols, vectors = cache[state.generation]
        wrapped = _Expanded(index)
        state.lexical = wrapped
        original = Retriever._search_one

        def search_one(self, st, query, k, mode, allowed, prefer=None):
            if st is not state or mode != "hybrid":
                return original(self, st, query, k, mode, allowed, prefer)
            v = np.asarray(st.embeddings.embed_query(nfkc(query)), dtype=np.float32)
            cos = _cos(vectors, v / np.linalg.norm(v))
            own = set(index.query_vector(lexical.index_terms(hybrid.expand_query(query, st.readings)))[0].tolist())
            picked = [int(i) for i in np.argsort(-cos) if int(cols[i]) not in own and cos[i] >= floor][:n_terms]
            wrapped.extra = (cols[picked], np.full(len(picked), weight)) if picked else None
            try:
                return original(self, st, query, k, mode, allowed, prefer)
            finally:
                wrapped.extra = None

        Retriever._search_one = search_one  # type: ignore[method-assign]

        def undo() -> None:
            Retriever._search_one = original  # type: ignore[method-assign]
            state.lexical = index
        return undo
    return apply


def _length_weight(short: int, long: int, w_long: float) -> Callable:
    """Per-query dense weight from the message's length: the product's weight up to ``short``
    characters, ``w_long`` from ``long`` on, linear in between (long messages carry context
    words that BM25 matches literally)."""
    def apply(r: Retriever, s: Settings):
        original = Retriever._search_one
        base_w = s.dense_weight

        def search_one(self, state, query, k, mode, allowed, prefer=None):
            n = len(nfkc(str(_current.get("query", query))))
            t = 0.0 if n <= short else 1.0 if n >= long else (n - short) / (long - short)
            saved = self.settings
            self.settings = saved.model_copy(update={"dense_weight": base_w + t * (w_long - base_w)})
            try:
                return original(self, state, query, k, mode, allowed, prefer)
            finally:
                self.settings = saved

        Retriever._search_one = search_one  # type: ignore[method-assign]

        def undo() -> None:
            Retriever._search_one = original  # type: ignore[method-assign]
        return undo
    return _with_query(apply)


def _both(first: Callable, second: Callable) -> Callable:
    def apply(r: Retriever, s: Settings):
        undo_first = first(r, s)
        undo_second = second(r, s)

        def undo() -> None:
            undo_second()
            undo_first()
        return undo
    return apply


# Session 19 adopted (p''): its siblings are measured on the product without it.
_BEFORE_P2 = {"context_weight": 1.0, "asking_dense_share": 0.0}


_CONTEXT_CLAUSE = re.compile(r"(?:が|けど|けれど|ので|から)[、,]")


def _clause_context(_r: Retriever, _s: Settings):
    """(p‴) a one-sentence message whose first clauses give context (「…やっているんですが、」
    「…なので、」) is treated like a message of several sentences: the last clause asks."""
    original = hybrid.asking_sentences

    def asking(query: str) -> list[str]:
        found = original(query)
        if found:
            return found
        text = nfkc(query).strip()
        cuts = [m.end() for m in _CONTEXT_CLAUSE.finditer(text)]
        return [text[cuts[-1]:]] if cuts and text[cuts[-1]:].strip() else []

    hybrid.asking_sentences = asking

    def undo() -> None:
        hybrid.asking_sentences = original
    return undo


def variants(embedder: _Embedder, scorer: _LearnedScorer) -> list[Variant]:
    fields = _FieldTerms()
    return [
        Variant("product hybrid (calibrated w0.4, MMR 0.25)", _nothing),
        Variant("(a) e5 passage = title / heading + text", _title_passages(embedder)),
        Variant("(b) + sentence windows ≤120 chars, max", _windows(embedder, 120, None, False)),
        Variant("(b) + sentence windows ≤120 chars, 0.5·chunk + 0.5·best window", _windows(embedder, 120, 0.5, False)),
        Variant("(b) + sentence windows, PDF chunks only, 0.5/0.5", _windows(embedder, 120, 0.5, True)),
        Variant("(b') PDF chunk vector + 0.2 × neighbours'", _neighbour_context(0.2)),
        Variant("(b'') + 0.5 × best score of the heading section", _section_context(0.5)),
        Variant("(c) dense query without question boilerplate", _stripped_dense_query),
        Variant("(c') BM25 + word bigrams (weight 0.3)", _bigrams(0.3)),
        Variant("(d) 100 candidates per side", _depth(100)),
        Variant("(d') calibrated w0.5", _nothing, {"dense_weight": 0.5}),
        Variant("(e) slot → heading-kind prior +0.05", _slot_prior(0.05)),
        Variant("(e) slot → heading-kind prior +0.1", _slot_prior(0.1)),
        Variant("(e) slot → heading-kind prior +0.2", _slot_prior(0.2)),
        Variant("(f) RM3 feedback: top 3, 10 terms, weight 0.3", _feedback(3, 10, 0.3)),
        Variant("(f) RM3 feedback: top 5, 20 terms, weight 0.2", _feedback(5, 20, 0.2)),
        Variant("(g) heading pseudo-questions, max", _heading_questions(None)),
        Variant("(g) heading pseudo-questions, 0.7·chunk + 0.3·pseudo", _heading_questions(0.3)),
        Variant("(i) phrase overlap 0.2", _nothing, {"phrase_weight": 0.2}),
        Variant("(i) phrase overlap 0.3", _nothing, {"phrase_weight": 0.3}),
        Variant("(i) phrase overlap 0.4 (ADVISOR_PHRASE_WEIGHT=0.4)", _nothing, {"phrase_weight": 0.4}),
        Variant("(i) phrase overlap 0.6", _nothing, {"phrase_weight": 0.6}),
        Variant("(i) phrase overlap 1.0", _nothing, {"phrase_weight": 1.0}),
        Variant("(i) phrase overlap 0.4 over 3-grams", _gram_length(3), {"phrase_weight": 0.4}),
        Variant("(i) phrase overlap 0.4 over 5-grams", _gram_length(5), {"phrase_weight": 0.4}),
        Variant("(i') + 0.1 × share of quoted phrases in chunk", _bonus(scorer, 10, 0.1)),
        Variant("(k) BM25 query without question boilerplate", _stripped_lexical_query),
        Variant("(j) several questions in one message: each ranked, interleaved", _multi_question),
        Variant("(h) logistic scorer, leave-one-set-out (dev: cross-validated)", _learned(scorer, True)),
        Variant("(h) logistic scorer fitted on all dev sets (dev in-sample)", _learned(scorer, False)),
        Variant("(l) dense PRF (Rocchio): q + 0.3 × mean of top 3", _rocchio(3, 0.3)),
        Variant("(l) dense PRF (Rocchio): q + 0.6 × mean of top 3", _rocchio(3, 0.6)),
        Variant("(l) dense PRF (Rocchio): q + 0.3 × mean of top 5", _rocchio(5, 0.3)),
        Variant("(l) dense PRF (Rocchio): q + 0.6 × mean of top 5", _rocchio(5, 0.6)),
        Variant("(l') second e5 pass: question + top chunk's heading path", _rocchio(1, 0.0, heading_pass=True)),
        Variant("(m) max(chunk, heading-path passage) cosine, questions ≤ 30 chars", _heading_vectors(embedder, 30)),
        Variant("(m) max(chunk, heading-path passage) cosine, all questions", _heading_vectors(embedder, None)),
        Variant("(n) candidates + same-section siblings of each side's top 3", _siblings(3)),
        Variant("(n) candidates + same-section siblings of each side's top 10", _siblings(10)),
        Variant("(o) without session 18's owner words (glossary ja_terms; product before them)", _without_rule_words),
        # session 19
        Variant("(p'') without it: product before session 19 (context_weight 1, asking_dense_share 0)", _nothing, _BEFORE_P2),
        Variant("(p) e5 query = the asking sentence(s) of a message of several sentences", _asking_dense_query(None), _BEFORE_P2),
        Variant("(p) e5: 0.5·cos(message) + 0.5·cos(asking sentences)", _asking_dense_query(0.5), _BEFORE_P2),
        Variant("(p) e5 query = asking sentence(s), messages ≥ 60 chars", _asking_dense_query(None, 60), _BEFORE_P2),
        Variant("(p') BM25: context sentences' terms at 0.5", _asking_lexical_query(0.5), _BEFORE_P2),
        Variant("(p') BM25: context sentences' terms at 0.25", _asking_lexical_query(0.25), _BEFORE_P2),
        Variant("(p') BM25: asking sentences only", _asking_lexical_query(0.0), _BEFORE_P2),
        Variant("(p'') e5 0.7/0.3 + BM25 context at 0.5", _both(_asking_dense_query(0.3), _asking_lexical_query(0.5)), _BEFORE_P2),
        Variant("(p'') e5 0.7/0.3 + BM25 context at 0.25", _both(_asking_dense_query(0.3), _asking_lexical_query(0.25)), _BEFORE_P2),
        Variant("(p‴) + context clauses (「…ですが、」「…ので、」) of one-sentence messages", _clause_context),
        Variant("(q) BM25F title 1, heading 1, text 1 (fields, one saturation)", _bm25f(fields, 1.0, 1.0)),
        Variant("(q) BM25F title 0.5, heading 2", _bm25f(fields, 0.5, 2.0)),
        Variant("(q) BM25F title 0.5, heading 3", _bm25f(fields, 0.5, 3.0)),
        Variant("(q) BM25F title 0, heading 0.5", _bm25f(fields, 0.0, 0.5)),
        Variant("(q) BM25F title 1, heading 0 (text only)", _bm25f(fields, 1.0, 0.0)),
        Variant("(q) BM25F title 1, heading 0.5", _bm25f(fields, 1.0, 0.5)),
        Variant("(q) BM25F title 1, heading 1.5", _bm25f(fields, 1.0, 1.5)),
        Variant("(q) BM25F title 0, heading 1", _bm25f(fields, 0.0, 1.0)),
        Variant("(q) BM25F title 2, heading 1", _bm25f(fields, 2.0, 1.0)),
        Variant("(r) document expansion: owner words at 0.5", _document_expansion(True, False)),
        Variant("(r) document expansion: mined 「以下「…」という」 definitions at 0.5", _document_expansion(False, True)),
        Variant("(r) document expansion: both at 1.0", _document_expansion(True, True, 1.0)),
        Variant("(t) vocabulary projection: 5 nearest corpus words at 0.3", _vocabulary_projection(embedder, 5, 0.3)),
        Variant("(t) vocabulary projection: 3 nearest corpus words at 0.5", _vocabulary_projection(embedder, 3, 0.5)),
        Variant("(t) vocabulary projection: 10 nearest corpus words at 0.2", _vocabulary_projection(embedder, 10, 0.2)),
        Variant("(s') length weight: w0.4 ≤ 40 chars → w0.55 ≥ 80", _length_weight(40, 80, 0.55)),
        Variant("(s') length weight: w0.4 ≤ 40 chars → w0.3 ≥ 80", _length_weight(40, 80, 0.3)),
        Variant("(s0) agreement weight sanity: w_disagree = 0.4 (must equal the product)", _agreement_weight(10, 0.2, 0.5, 0.4)),
        Variant("(p) e5: 0.7·cos(message) + 0.3·cos(asking sentences)", _asking_dense_query(0.3), _BEFORE_P2),
        Variant("(p) e5: 0.8·cos(message) + 0.2·cos(asking sentences)", _asking_dense_query(0.2), _BEFORE_P2),
        Variant("(p) e5: 0.6·cos(message) + 0.4·cos(asking sentences)", _asking_dense_query(0.4), _BEFORE_P2),
        Variant("(s) agreement weight: top 10, ≤0.2 → w0.6", _agreement_weight(10, 0.2, 0.5, 0.6)),
        Variant("(s) agreement weight: top 10, ≤0.2 → w0.25", _agreement_weight(10, 0.2, 0.5, 0.25)),
        Variant("(s) agreement weight: top 5, ≤0.2 → w0.6", _agreement_weight(5, 0.2, 0.6, 0.6)),
        Variant("(s) agreement weight: top 5, ≤0.2 → w0.25", _agreement_weight(5, 0.2, 0.6, 0.25)),
    ]


# --- running ---------------------------------------------------------------------------------------


def _retriever(settings: Settings) -> Retriever:
    retriever = Retriever(settings)
    state = retriever._state()  # noqa: SLF001
    state.embeddings = _MemoQueries(state.embeddings)
    return retriever


def _real_pdfs(shared: Path, sources: Path) -> list[Path]:
    import yaml

    entries = yaml.safe_load(sources.read_text(encoding="utf-8"))["sources"]
    found = {p.name: p for p in shared.rglob("*.pdf")} if shared.is_dir() else {}
    return [found[e["file"]] for e in entries if e["kind"] != "faq" and e["file"] in found]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work-dir", type=Path, default=REPO_ROOT / ".advisor-data" / "variants")
    parser.add_argument("--split", choices=("dev", "all"), default="all", help="dev: tuning runs (no test figures computed)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave evals/README.md alone")
    parser.add_argument("--only", default="", help="run only the variants whose name contains this (and the product row)")
    parser.add_argument("--prebuilt", action="store_true",
                        help="use the indexes already in WORK_DIR/bundled and WORK_DIR/real (e.g. a `cp -a` of a ready-made pair) without ingesting")
    args = parser.parse_args()
    env_cache = os.environ.get("ADVISOR_EMBEDDING_CACHE_DIR")
    common = {"corpus_dir": REPO_ROOT / "corpus", "embedding_cache_dir": Path(env_cache) if env_cache else args.work_dir / "vector-cache"}
    shared = Path(os.environ.get("ADVISOR_SHARED_DATASETS", REPO_ROOT.parent / "shared" / "datasets"))
    sources = DATASETS / "real_pdfs.sources.yaml"

    bundled = Settings(data_dir=args.work_dir / "bundled", **common)
    real = Settings(data_dir=args.work_dir / "real", **common)
    if not args.prebuilt:
        print("ingest bundled:", ingest(bundled, progress=False).summary(), flush=True)
        pdfs = _real_pdfs(shared, sources)
        if len(pdfs) != 6:
            raise SystemExit(f"the six guideline PDFs were not found under {shared}")
        print("ingest bundled + 6 PDFs:", ingest(real, [bundled.documents_dir, *pdfs], progress=False, sources_files=[sources]).summary(), flush=True)

    runs = [
        ("retrieval.jsonl", bundled, False),
        ("retrieval_holdout.jsonl", bundled, False),
        ("faq_monozukuri.jsonl", real, False),
        ("faq_monozukuri.jsonl", real, True),
        ("guideline_clauses.jsonl", real, False),
        ("guideline_clauses.jsonl", real, True),
    ]
    retrievers = {id(bundled): _retriever(bundled), id(real): _retriever(real)}
    embedder = _Embedder(real)
    results: list[dict] = []
    scorer = _LearnedScorer()
    scorer.runs, scorer.retrievers = runs, retrievers
    chosen = [v for i, v in enumerate(variants(embedder, scorer)) if i == 0 or args.only in v.name]
    for variant in chosen:
        for dataset, settings, program in runs:
            retriever = retrievers[id(settings)]
            _current["dataset"] = dataset + (" + program" if program else "")
            undo = variant.apply(retriever, settings)
            try:
                overrides = variant.overrides | ({} if program else {"program_from_question": False})
                retriever.settings = settings.model_copy(update=overrides)
                result = run_retrieval_eval(settings, DATASETS / dataset, mode="hybrid", split=args.split,
                                            program_from_dataset=program, retriever=retriever)
            finally:
                undo()
                retriever.settings = settings
            by_split = result.get("by_split") or {"dev": result}
            row = {"dataset": dataset + (" + program" if program else ""), "variant": variant.name}
            for split in ("dev", "test"):
                if split in by_split:
                    row[split] = {m: by_split[split][m] for m in (*METRICS, "n")}
            results.append(row)
            shown = "  ".join(f"{s}: r@1 {row[s]['recall@1']:.3f} r@5 {row[s]['recall@5']:.3f} mrr {row[s]['mrr']:.3f}" for s in ("dev", "test") if s in row)
            print(f"{row['dataset']} | {variant.name}: {shown}", flush=True)

    if args.no_write or args.only or args.split != "all":
        return 0
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    lines = ["| dataset | variant | dev r@1 | dev r@5 | dev r@10 | dev MRR | test r@1 | test r@5 | test r@10 | test MRR | n dev/test |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in sorted(results, key=lambda r: r["dataset"]):
        cells = [f"{row[s][m]:.3f}" for s in ("dev", "test") for m in METRICS]
        lines.append(f"| {row['dataset']} | {row['variant']} | " + " | ".join(cells) + f" | {row['dev']['n']}/{row['test']['n']} |")
    text = README.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    README.write_text(text[:start] + "\n_Generated by `python evals/retrieval_variants.py`._\n\n" + "\n".join(lines) + "\n" + text[end:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
