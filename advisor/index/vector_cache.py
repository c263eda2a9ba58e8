"""Chunk vectors cached by content hash, shared by every index generation (and every data dir
that points at the same cache directory).

A dense model costs about 0.3 s per chunk on 2 cores, so a re-ingest must embed only what is new
or changed: a vector is stored under sha256(embedding fingerprint + passage text), one small file
each (raw float32), written atomically. An entry that cannot be read back as a finite unit vector
of the expected size (truncated, overwritten, from another model) is treated as missing: it is
recomputed and rewritten, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

_SUFFIX = ".f32"


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    corrupt: int = 0  # entries found unusable and recomputed (also counted in misses)
    corrupt_keys: list[str] = field(default_factory=list)


class VectorCache:
    def __init__(self, root: Path, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        # One folder per embedding space, named by hash (fingerprints hold ':' and '/'); the
        # fingerprint itself is written beside the vectors for operators.
        self.dir = Path(root) / hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()[:16]
        self.stats = CacheStats()

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.fingerprint}\0{text}".encode("utf-8")).hexdigest()

    def path_for(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}{_SUFFIX}"

    def get(self, text: str, dim: int | None = None) -> np.ndarray | None:
        key = self.key(text)
        try:
            raw = self.path_for(key).read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            self._corrupt(key)
            return None
        if not raw or len(raw) % 4 or (dim is not None and len(raw) != 4 * dim):
            self._corrupt(key)
            return None
        vector = np.frombuffer(raw, dtype=np.float32)
        # Every backend we cache returns unit vectors: anything else is damage, not a vector.
        if not np.all(np.isfinite(vector)) or abs(float(np.linalg.norm(vector)) - 1.0) > 1e-3:
            self._corrupt(key)
            return None
        return vector

    def _corrupt(self, key: str) -> None:
        self.stats.corrupt += 1
        self.stats.corrupt_keys.append(key)

    def put(self, text: str, vector: Sequence[float]) -> None:
        path = self.path_for(self.key(text))
        path.parent.mkdir(parents=True, exist_ok=True)
        if not (self.dir / "FINGERPRINT").is_file():
            (self.dir / "FINGERPRINT").write_text(self.fingerprint + "\n", encoding="utf-8")
        # Write then rename: a reader (or a killed ingest) never sees half a vector.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(np.asarray(vector, dtype=np.float32).tobytes())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


class CachedEmbeddings(Embeddings):
    """Documents through the cache, queries straight to the model (one per search, 15 ms)."""

    def __init__(self, inner: Embeddings, cache: VectorCache, batch_size: int = 8) -> None:
        self.inner = inner
        self.cache = cache
        self.batch_size = batch_size
        self._dim: int | None = None

    def embed_documents(
        self,
        texts: list[str],
        on_plan: Callable[[int], None] | None = None,
        on_embedded: Callable[[int], None] | None = None,
    ) -> list[list[float]]:
        """Vectors for ``texts``. ``on_plan(n)`` is told how many the model must compute (the cache
        misses) before it starts, ``on_embedded(n)`` after each batch: a progress bar then counts
        the real work and its ETA is honest (cache hits cost nothing)."""
        out: list[list[float] | None] = [None] * len(texts)
        missing: list[int] = []
        for i, text in enumerate(texts):
            cached = self.cache.get(text, self._dim)
            if cached is None:
                missing.append(i)
            else:
                self._dim = self._dim or len(cached)
                out[i] = cached.tolist()
        self.cache.stats.hits += len(texts) - len(missing)
        self.cache.stats.misses += len(missing)
        if on_plan:
            on_plan(len(missing))
        for start in range(0, len(missing), self.batch_size):
            batch = missing[start : start + self.batch_size]
            vectors = self.inner.embed_documents([texts[i] for i in batch])
            for i, vector in zip(batch, vectors):
                self.cache.put(texts[i], vector)
                out[i] = list(vector)
            if on_embedded:
                on_embedded(len(batch))
        return [v for v in out if v is not None]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)
