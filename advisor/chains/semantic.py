"""Question–sentence similarity with the index's dense model, for choosing which sentences to quote.

Owners' paraphrases share few words with the sentence that answers them (財源 → 基金, 採用や育成の
仕組み → 「地域の人事部」モデル), so the lexical sentence score alone ranks other sentences of the
same chunk first. The dense model reads the paraphrase; it is asked only about the few best
candidates of a question (``select_evidence``'s pool), because a sentence costs 20–50 ms on
these 2 cores. Sentence vectors are the model's ``passage`` role, like chunk vectors, so they
share the content-hash vector cache on disk (advisor.index.vector_cache): a sentence embedded
once, by any process, costs a file read afterwards. An in-memory LRU spares the file reads of a
conversation's repeated passages.

Why not at ingest: sentence vectors for every unit would roughly double ingest's embedding work
(the sentence-window experiment of branch s16-retr-windows measured it), beyond issue 9's ingest
budget, for a score that only the top dozen sentences of a question ever need.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from advisor.text import nfkc

log = logging.getLogger(__name__)

# A sentence is embedded from its head, the part that says what it is about: cost grows with
# length, and 64 characters chose the same quotes on every dev set as 120 did (session 18).
EMBED_MAX_CHARS = 64
_MEMORY_SIZE = 4096
_memory: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_memory_lock = threading.Lock()


def _cache_for(retriever):
    """The disk vector cache of the retriever's embedding space, or None (corpus-static: its model
    is refitted per generation, so a vector does not depend on the text alone)."""
    from advisor.index.embeddings import cacheable, embedding_fingerprint
    from advisor.index.vector_cache import VectorCache

    settings = getattr(retriever, "settings", None)
    if settings is None or not cacheable(settings):
        return None, ""
    fingerprint = embedding_fingerprint(settings)
    return VectorCache(settings.vector_cache_dir, fingerprint), fingerprint


def sentence_vectors(texts: Sequence[str], retriever) -> np.ndarray | None:
    """Unit ``passage`` vectors of ``texts`` (rows aligned), or None when the retriever has no
    dense model."""
    try:
        embeddings = retriever._state().embeddings
    except Exception:  # noqa: BLE001 - no index or no dense side: lexical scores only
        return None
    cache, fingerprint = _cache_for(retriever)
    heads = [nfkc(t)[:EMBED_MAX_CHARS] for t in texts]
    out: list[np.ndarray | None] = []
    missing: list[int] = []
    for i, head in enumerate(heads):
        with _memory_lock:
            vector = _memory.get((fingerprint, head))
            if vector is not None:
                _memory.move_to_end((fingerprint, head))
        if vector is None and cache is not None:
            vector = cache.get(head)
        out.append(vector)
        if vector is None:
            missing.append(i)
    if missing:
        try:
            computed = embeddings.embed_documents([heads[i] for i in missing])
        except Exception as exc:  # noqa: BLE001 - an answer without the dense score is still an answer
            log.warning("sentence embedding failed, lexical scores only: %s", exc)
            return None
        for i, vector in zip(missing, computed):
            out[i] = np.asarray(vector, dtype=np.float32)
            if cache is not None:
                try:
                    cache.put(heads[i], out[i])
                except OSError as exc:  # a read-only or full cache disk: keep answering
                    log.warning("sentence vector not cached: %s", exc)
    with _memory_lock:
        for head, vector in zip(heads, out):
            _memory[(fingerprint, head)] = vector  # type: ignore[assignment]
            _memory.move_to_end((fingerprint, head))
        while len(_memory) > _MEMORY_SIZE:
            _memory.popitem(last=False)
    return np.vstack(out).astype(np.float32)  # type: ignore[arg-type]


def similarities(question: str, texts: Sequence[str], retriever) -> np.ndarray | None:
    """Cosine of the question (``query`` role) with each text (``passage`` role), or None."""
    if not texts:
        return None
    vectors = sentence_vectors(texts, retriever)
    if vectors is None:
        return None
    try:
        query = np.asarray(retriever._state().embeddings.embed_query(nfkc(question)), dtype=np.float32)
    except Exception as exc:  # noqa: BLE001
        log.warning("question embedding failed, lexical scores only: %s", exc)
        return None
    # einsum, not matmul: see advisor.retrieval.hybrid._cosines (OpenBLAS threads and e5's engine).
    return np.einsum("ij,j->i", vectors, query)
