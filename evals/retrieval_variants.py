"""Retrieval variants tried for issue 9's FAQ targets, each on dev and test (one command:
``python evals/retrieval_variants.py``; writes the table between the ``variants`` markers of
evals/README.md and evals/results/retrieval_variants.json).

Every variant is applied on top of the product's hybrid search (calibrated fusion, w 0.4, MMR
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
from advisor.index_format import read_chunks, read_manifest, sources_of
from advisor.ingest.indexer import ingest
from advisor.ingest.vector_cache import CachedEmbeddings, VectorCache
from advisor.retrieval import analysis, hybrid, lexical
from advisor.retrieval.embeddings import E5Embeddings, embedding_fingerprint
from advisor.retrieval.hybrid import Retriever
from advisor.retrieval.lexical import BM25Index
from advisor.text import nfkc, split_sentences
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

        def dense_scores(self, st, unit_query):
            cosines = st.vectors @ unit_query
            if st is not state or not len(rows):
                return cosines
            best = np.maximum.reduceat(vectors @ unit_query, starts)
            own = cosines[rows]
            cosines[rows] = np.maximum(own, best) if mix is None else (1 - mix) * own + mix * best
            return cosines

        original = Retriever._dense_scores
        Retriever._dense_scores = dense_scores  # type: ignore[method-assign]

        def undo() -> None:
            Retriever._dense_scores = original  # type: ignore[method-assign]
        return undo
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


def _depth(n: int) -> Callable:
    def apply(_r: Retriever, _s: Settings):
        old = hybrid._CANDIDATES  # noqa: SLF001
        hybrid._CANDIDATES = n  # noqa: SLF001

        def undo() -> None:
            hybrid._CANDIDATES = old  # noqa: SLF001
        return undo
    return apply


def variants(embedder: _Embedder) -> list[Variant]:
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
    args = parser.parse_args()
    env_cache = os.environ.get("ADVISOR_EMBEDDING_CACHE_DIR")
    common = {"corpus_dir": REPO_ROOT / "corpus", "embedding_cache_dir": Path(env_cache) if env_cache else args.work_dir / "vector-cache"}
    shared = Path(os.environ.get("ADVISOR_SHARED_DATASETS", REPO_ROOT.parent / "shared" / "datasets"))
    sources = DATASETS / "real_pdfs.sources.yaml"

    bundled = Settings(data_dir=args.work_dir / "bundled", **common)
    print("ingest bundled:", ingest(bundled, progress=False).summary(), flush=True)
    real = Settings(data_dir=args.work_dir / "real", **common)
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
    for variant in variants(embedder):
        for dataset, settings, program in runs:
            retriever = retrievers[id(settings)]
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

    if args.no_write or args.split != "all":
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
